//! Python's arithmetic on ints and floats, and numpy's `linspace`, exactly as CPython 3 and numpy 2
//! compute them (float64, one rounding per operation, no fused multiply-add).
//!
//! * Ints are Python ints; here they are `i128`. Python's ints are unbounded, so a result beyond
//!   ±2^127 is not an error Python would raise: it is [`Error::Limit`] (the caller reports that it
//!   did not evaluate the expression), never a wrapped or rounded value.
//! * `int / int` is true division: the exact quotient rounded once ([`int_true_div`]).
//! * `int ∘ float` converts the int to float first (round to nearest, ties to even).
//! * `//` and `%` floor (the result of `%` has the sign of the divisor), for ints and floats;
//!   floats follow CPython's `float_floor_div` / `float_rem` (C `fmod`, then the sign fix and the
//!   snap of the quotient to an integral value).
//! * `**`: int ** non-negative int is an int; int ** negative int is the float power; the float
//!   power follows CPython's `float_pow` (its special cases, C `pow`, `OverflowError` when a finite
//!   base and exponent overflow, `ZeroDivisionError` for `0.0 ** -x`). A negative base with a
//!   fractional exponent gives a complex number in Python: [`Error::Limit`]-like "not evaluated"
//!   ([`ArithOutcome`] keeps it apart from Python errors).
//! * Division by zero is `ZeroDivisionError` with CPython 3.11's texts.
use crate::py::error::{Error, PyExc, Result};

/// A Python number: an int (bools count as ints) or a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    /// A Python int within ±2^127.
    Int(i128),
    /// A Python float.
    Float(f64),
}

/// The binary arithmetic operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
}

impl BinOp {
    /// The operator for its Python symbol.
    pub fn from_symbol(s: &str) -> Option<BinOp> {
        Some(match s {
            "+" => BinOp::Add,
            "-" => BinOp::Sub,
            "*" => BinOp::Mul,
            "/" => BinOp::TrueDiv,
            "//" => BinOp::FloorDiv,
            "%" => BinOp::Mod,
            "**" => BinOp::Pow,
            _ => return None,
        })
    }
}

/// The largest magnitude of an int the explorer computes with (Python's ints are unbounded).
pub const INT_BITS: usize = 127;

/// An int result beyond ±2^127: Python would give it exactly; the explorer does not compute it.
pub fn int_beyond_range() -> Error {
    Error::Limit { what: "an int result's size in bits (Python's ints are unbounded; the explorer computes up to 2^127)".into(), limit: INT_BITS }
}

/// A complex result (a negative float to a fractional power): Python gives a `complex`.
pub fn complex_result() -> Error {
    Error::Limit { what: "a complex result (a negative number to a fractional power; the explorer computes real numbers only)".into(), limit: 0 }
}

fn zero_div(msg: &str) -> Error {
    Error::py(PyExc::ZeroDivisionError, msg)
}

/// Python's `float(i)` of an int: round to nearest, ties to even (every i128 is below the float
/// range, so this never overflows).
pub fn int_to_float(i: i128) -> f64 {
    i as f64
}

impl Num {
    /// The value as a float (`float(x)`).
    pub fn to_f64(self) -> f64 {
        match self {
            Num::Int(i) => int_to_float(i),
            Num::Float(f) => f,
        }
    }
}

/// `a <op> b`, as Python computes it.
pub fn binary(op: BinOp, a: Num, b: Num) -> Result<Num> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => int_binary(op, x, y),
        _ => float_binary(op, a.to_f64(), b.to_f64()).map(Num::Float),
    }
}

fn int_binary(op: BinOp, x: i128, y: i128) -> Result<Num> {
    let ok = |v: Option<i128>| v.map(Num::Int).ok_or_else(int_beyond_range);
    match op {
        BinOp::Add => ok(x.checked_add(y)),
        BinOp::Sub => ok(x.checked_sub(y)),
        BinOp::Mul => ok(x.checked_mul(y)),
        BinOp::TrueDiv => {
            if y == 0 {
                return Err(zero_div("division by zero"));
            }
            Ok(Num::Float(int_true_div(x, y)))
        }
        BinOp::FloorDiv | BinOp::Mod => {
            if y == 0 {
                return Err(zero_div(if op == BinOp::Mod { "integer modulo by zero" } else { "integer division or modulo by zero" }));
            }
            let (q, r) = (x.checked_div(y).ok_or_else(int_beyond_range)?, x.checked_rem(y).unwrap_or(0));
            let (q, r) = if r != 0 && ((r < 0) != (y < 0)) { (q - 1, r + y) } else { (q, r) };
            Ok(Num::Int(if op == BinOp::Mod { r } else { q }))
        }
        BinOp::Pow => {
            if y < 0 {
                // CPython: an int to a negative int power is the float power.
                return float_pow(int_to_float(x), int_to_float(y)).map(Num::Float);
            }
            int_pow(x, y).map(Num::Int)
        }
    }
}

/// `x ** y` for ints, `y >= 0`.
fn int_pow(x: i128, y: i128) -> Result<i128> {
    match x {
        0 => return Ok(if y == 0 { 1 } else { 0 }),
        1 => return Ok(1),
        -1 => return Ok(if y % 2 == 0 { 1 } else { -1 }),
        _ => {}
    }
    // |x| >= 2: y beyond 127 overflows for sure.
    if y > INT_BITS as i128 {
        return Err(int_beyond_range());
    }
    let mut result: i128 = 1;
    for _ in 0..y {
        result = result.checked_mul(x).ok_or_else(int_beyond_range)?;
    }
    Ok(result)
}

fn float_binary(op: BinOp, x: f64, y: f64) -> Result<f64> {
    Ok(match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Err(zero_div("float division by zero"));
            }
            x / y
        }
        BinOp::FloorDiv => {
            if y == 0.0 {
                return Err(zero_div("float floor division by zero"));
            }
            float_div_mod(x, y).0
        }
        BinOp::Mod => {
            if y == 0.0 {
                return Err(zero_div("float modulo"));
            }
            float_rem(x, y)
        }
        BinOp::Pow => return float_pow(x, y),
    })
}

/// CPython's `float_rem`: `fmod`, then the sign of the divisor.
fn float_rem(vx: f64, wx: f64) -> f64 {
    let m = vx % wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m + wx
        } else {
            m
        }
    } else {
        0.0f64.copysign(wx)
    }
}

/// CPython's `_float_div_mod` (`wx != 0`): the floor quotient and the remainder.
fn float_div_mod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn is_odd_integer(x: f64) -> bool {
    // CPython's DOUBLE_IS_ODD_INTEGER: fmod(fabs(x), 2.0) == 1.0.
    (x.abs() % 2.0) == 1.0
}

/// CPython's `float_pow` (`x ** y` of two floats, or of an int to a negative int power).
pub fn float_pow(iv: f64, iw: f64) -> Result<f64> {
    if iw == 0.0 {
        return Ok(1.0);
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return Ok(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        let odd = is_odd_integer(iw);
        if iw < 0.0 {
            return Err(zero_div("0.0 cannot be raised to a negative power"));
        }
        return Ok(if odd { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return Err(complex_result());
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let r = c_pow(base, iw)?;
    if r.is_infinite() {
        // errno ERANGE on overflow of finite operands.
        return Err(Error::py(PyExc::OverflowError, "(34, 'Numerical result out of range')"));
    }
    Ok(if negate { -r } else { r })
}

/// The C library's `pow` of a positive finite base and a finite exponent, as CPython calls it.
/// Natively this is the platform's `pow` (glibc's on Linux, which CPython uses too); the Rust
/// `libm` crate's `pow` differs from it in the last bit for many inputs (`1.5 ** 0.25`,
/// `7 ** -2`), so in WebAssembly, where no glibc is at hand, only the results that are exact
/// whatever the library (an integral exponent whose power is exactly representable) are given;
/// the others are not computed ([`Error::Limit`]).
fn c_pow(base: f64, exp: f64) -> Result<f64> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        Ok(base.powf(exp))
    }
    #[cfg(target_arch = "wasm32")]
    {
        exact_pow(base, exp).ok_or_else(|| Error::Limit {
            what: "a float power whose result is not exact (the page has no C library pow to match CPython's)".into(),
            limit: 0,
        })
    }
}

/// `base ** exp` for an integral `exp` when every partial product is exact (then every correct
/// `pow` gives it): repeated squaring with an exactness check of each multiplication.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn exact_pow(base: f64, exp: f64) -> Option<f64> {
    if exp != exp.trunc() || exp.abs() > 2048.0 {
        return None;
    }
    // a * b is exact iff the fused product equals the rounded one.
    let mul = |a: f64, b: f64| -> Option<f64> {
        let p = a * b;
        (p.is_finite() && p != 0.0 && libm::fma(a, b, -p) == 0.0).then_some(p)
    };
    let (mut result, mut sq, mut n) = (1.0f64, base, exp.abs() as u32);
    while n > 0 {
        if n & 1 == 1 {
            result = mul(result, sq)?;
        }
        n >>= 1;
        if n > 0 {
            sq = mul(sq, sq)?;
        }
    }
    if exp < 0.0 {
        // 1 / result is exact only for a power of two.
        let inv = 1.0 / result;
        return (inv.is_finite() && inv != 0.0 && libm::fma(inv, result, -1.0) == 0.0 && result.to_bits() & ((1u64 << 52) - 1) == 0).then_some(inv);
    }
    Some(result)
}

/// Python's `int(x)` of a float: truncation toward zero.
pub fn float_to_int(x: f64) -> Result<i128> {
    if x.is_nan() {
        return Err(Error::py(PyExc::ValueError, "cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(Error::py(PyExc::OverflowError, "cannot convert float infinity to integer"));
    }
    let t = x.trunc();
    // 2^127 exactly: beyond it (or at it) the int does not fit.
    if t.abs() >= 1.7014118346046923e38 {
        return Err(int_beyond_range());
    }
    Ok(t as i128)
}

/// Python's `a / b` for two ints: the exact quotient rounded once to the nearest float (ties to
/// even). `b` must not be 0.
pub fn int_true_div(a: i128, b: i128) -> f64 {
    const EXACT: u128 = 1 << 53;
    let negative = (a < 0) != (b < 0);
    let (n, d) = (a.unsigned_abs(), b.unsigned_abs());
    let q = if n <= EXACT && d <= EXACT {
        // Both convert exactly; IEEE division rounds the exact quotient once.
        n as f64 / d as f64
    } else {
        div_rounded(n, d)
    };
    if negative {
        -q
    } else {
        q
    }
}

/// 2^e for a normal float exponent.
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// `n / d` (d > 0) correctly rounded: long division until the quotient has 55 to 56 significant
/// bits, the remainder (and any bits shifted out) folded into a sticky bit, then a single
/// int→float conversion rounds; the scaling by a power of two is exact.
fn div_rounded(n: u128, d: u128) -> f64 {
    let (mut q, mut r) = (n / d, n % d);
    let mut e: i32 = 0;
    if q == 0 && r == 0 {
        return 0.0;
    }
    while q < (1 << 55) {
        // r < d <= 2^127, so 2r fits.
        r <<= 1;
        q <<= 1;
        if r >= d {
            r -= d;
            q |= 1;
        }
        e -= 1;
    }
    let mut sticky = r != 0;
    while q >= (1 << 57) {
        sticky |= q & 1 == 1;
        q >>= 1;
        e += 1;
    }
    (q | u128::from(sticky)) as f64 * pow2(e)
}

/// The most elements [`linspace`] makes (a config's lists are far shorter).
pub const MAX_LINSPACE: usize = 100_000;

/// `numpy.linspace(start, stop, num, endpoint)` for float64, as numpy 2 computes it:
/// `div = num - 1` (or `num` without the endpoint), `step = (stop - start) / div`, and element i is
/// `i * step + start` (when `step == 0`: `i / div * delta + start`); with the endpoint and
/// `num > 1` the last element is `stop` itself. `div == 0` (one element with the endpoint):
/// `0 * delta + start`. A negative `num` is numpy's `ValueError`.
pub fn linspace(start: f64, stop: f64, num: i128, endpoint: bool) -> Result<Vec<f64>> {
    if num < 0 {
        return Err(Error::py(PyExc::ValueError, format!("Number of samples, {num}, must be non-negative.")));
    }
    if num > MAX_LINSPACE as i128 {
        return Err(Error::Limit { what: "numpy.linspace's num".into(), limit: MAX_LINSPACE });
    }
    let n = num as usize;
    let div = if endpoint { n.saturating_sub(1) } else { n };
    let delta = stop - start;
    let mut y: Vec<f64> = (0..n).map(|i| i as f64).collect();
    if div > 0 {
        let d = div as f64;
        let step = delta / d;
        if step == 0.0 {
            for v in &mut y {
                *v = *v / d * delta;
            }
        } else {
            for v in &mut y {
                *v *= step;
            }
        }
    } else {
        for v in &mut y {
            *v *= delta;
        }
    }
    for v in &mut y {
        *v += start;
    }
    if endpoint && n > 1 {
        y[n - 1] = stop;
    }
    Ok(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_division_is_correctly_rounded() {
        assert_eq!(int_true_div(1, 3), 1.0 / 3.0);
        assert_eq!(int_true_div(-7, 2), -3.5);
        // 2^53 + 1 is not a float: Python gives (2^53 + 1) / 1 = 9007199254740992.0 (ties to even).
        assert_eq!(int_true_div((1 << 53) + 1, 1), 9007199254740992.0);
        assert_eq!(int_true_div((1 << 53) + 3, 1), 9007199254740996.0);
        assert_eq!(int_true_div((1 << 60) + 1, 1 << 7), 9007199254740992.0);
        // 10^20 / 3 (Python: 3.3333333333333332e+19)
        assert_eq!(int_true_div(100_000_000_000_000_000_000, 3), 3.3333333333333332e19);
        // Near the top of the range (Python: (2**126 + 1) / 3 == 2.8356863910078205e+37).
        assert_eq!(int_true_div((1 << 126) + 1, 3), 2.8356863910078205e37);
        assert_eq!(int_true_div(i128::MAX, i128::MAX - 1), 1.0);
    }

    #[test]
    fn floor_semantics_follow_the_divisor() {
        let i = |v| Num::Int(v);
        let f = |v| Num::Float(v);
        assert_eq!(binary(BinOp::FloorDiv, i(-7), i(2)).unwrap(), i(-4));
        assert_eq!(binary(BinOp::Mod, i(-7), i(2)).unwrap(), i(1));
        assert_eq!(binary(BinOp::Mod, i(7), i(-2)).unwrap(), i(-1));
        assert_eq!(binary(BinOp::FloorDiv, f(-7.5), i(2)).unwrap(), f(-4.0));
        assert_eq!(binary(BinOp::Mod, f(-7.5), i(2)).unwrap(), f(0.5));
        let Num::Float(z) = binary(BinOp::Mod, f(-4.0), i(2)).unwrap() else { panic!() };
        assert!(z == 0.0 && z.is_sign_positive());
        let Num::Float(z) = binary(BinOp::Mod, f(4.0), i(-2)).unwrap() else { panic!() };
        assert!(z == 0.0 && z.is_sign_negative());
        assert_eq!(binary(BinOp::Mod, i(-1), f(f64::INFINITY)).unwrap(), f(f64::INFINITY));
    }

    #[test]
    fn errors_are_pythons() {
        let e = |op, a, b| binary(op, a, b).unwrap_err().to_string();
        assert_eq!(e(BinOp::TrueDiv, Num::Int(1), Num::Int(0)), "ZeroDivisionError: division by zero");
        assert_eq!(e(BinOp::FloorDiv, Num::Int(1), Num::Int(0)), "ZeroDivisionError: integer division or modulo by zero");
        assert_eq!(e(BinOp::Pow, Num::Float(2.0), Num::Int(10000)), "OverflowError: (34, 'Numerical result out of range')");
        assert_eq!(e(BinOp::Pow, Num::Int(0), Num::Int(-1)), "ZeroDivisionError: 0.0 cannot be raised to a negative power");
        assert!(matches!(binary(BinOp::Pow, Num::Int(10), Num::Int(39)), Err(Error::Limit { .. })));
        assert_eq!(binary(BinOp::Pow, Num::Int(10), Num::Int(38)).unwrap(), Num::Int(10i128.pow(38)));
        assert!(matches!(binary(BinOp::Pow, Num::Float(-8.0), Num::Float(1.0 / 3.0)), Err(Error::Limit { .. })));
        assert_eq!(binary(BinOp::Mul, Num::Float(1e308), Num::Int(10)).unwrap(), Num::Float(f64::INFINITY));
    }

    #[test]
    fn exact_powers_are_what_every_pow_gives() {
        // The page's float power (no C library there): only exact results, which must equal the
        // C library's.
        let mut some = 0;
        for base in [0.5, 2.0, 3.0, 10.0, 1.5, 0.1, 7.0, 0.25, -2.0, 1e-3] {
            for e in -40..=40 {
                if let Some(r) = exact_pow(base, f64::from(e)) {
                    assert_eq!(r.to_bits(), base.powf(f64::from(e)).to_bits(), "{base} ** {e}");
                    some += 1;
                }
            }
        }
        assert!(some > 100, "{some}");
        assert_eq!(exact_pow(0.1, 2.0), None, "0.1 * 0.1 is rounded");
        assert_eq!(exact_pow(10.0, -3.0), None, "0.001 is not exact");
        assert_eq!(exact_pow(2.0, -3.0), Some(0.125));
        assert_eq!(exact_pow(1.5, 0.5), None);
    }

    #[test]
    fn linspace_endpoint_and_single() {
        assert_eq!(linspace(0.0, 1.0, 5, true).unwrap(), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(linspace(0.0, 1.0, 4, false).unwrap(), vec![0.0, 0.25, 0.5, 0.75]);
        assert_eq!(linspace(2.0, 3.0, 1, true).unwrap(), vec![2.0]);
        assert_eq!(linspace(2.0, 3.0, 0, true).unwrap(), Vec::<f64>::new());
        assert!(linspace(0.0, 1.0, -1, true).is_err());
    }
}
