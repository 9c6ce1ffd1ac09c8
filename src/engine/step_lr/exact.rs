//! `x ** -0.5` and `cos(x)` as CPython computes them ([`python_pow_minus_half`], [`python_cos`]),
//! and correctly rounded ones in plain IEEE float64 and integer arithmetic (no FMA, no platform
//! libm) for builds without a C library (wasm).
//!
//! Why not `libm`: the `libm` crate's `pow` and `cos` (FreeBSD msun) differ from glibc's — what
//! CPython calls — in the last bit for 8 of the decay-phase values of the public vectors (e.g.
//! `2.0 ** -0.5`: glibc 0.7071067811865476, libm 0.7071067811865475). glibc's `pow` and `cos`
//! are not correctly rounded either, but they are within a hair of it: they agree with the
//! correctly rounded value for all vector values and for all but about 0.1 % of random arguments
//! (measured in `tests/step_lr_libm.rs`, which also checks these functions against mpmath). The
//! correctly rounded value is the one definition both approximate, so it is what a wasm build
//! computes; `docs/STEP-SCHEDULES.md` records the measured disagreement with glibc.
//!
//! * [`pow_minus_half`]: `1 / sqrt(x)` as a first guess, then the neighbour that is nearest to
//!   `x^(-1/2)`, decided exactly by comparing `m² · x` with 1 at the midpoints `m` in integers.
//! * [`cos`]: argument reduction `x = k·π/2 + r` with a 384-bit `2/π` in integer arithmetic
//!   (exact enough for every double below 2^60), then `cos r` / `sin r` as Taylor series in
//!   double-double arithmetic (relative error around 2^-104), rounded once. Arguments of 2^60 and
//!   more (an epoch count beyond 10^17) fall back to `libm::cos`.
//!
//! What the schedules use is [`python_pow_minus_half`] and [`python_cos`]: what CPython computes.
//! CPython calls the C library; a native build calls the same one (`f64::powf`, `f64::cos` are the
//! platform's `pow`/`cos`, glibc's on the machines RETURNN runs on), so the CLI gives RETURNN's
//! value bit for bit, glibc's rare misroundings included. A wasm build has no C library: it uses
//! the correctly rounded functions here, which differ from glibc's result for about 1 argument in
//! 1 300 (last bit only).
use std::cmp::Ordering;

/// Python's `x ** -0.5` for a float `x > 0` (the caller raises Python's errors for the others):
/// the C library's `pow` natively, [`pow_minus_half`] in wasm.
pub fn python_pow_minus_half(x: f64) -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    if x > 0.0 && x.is_finite() {
        return x.powf(-0.5);
    }
    pow_minus_half(x)
}

/// Python's `math.cos(x)` for a finite `x` (NaN otherwise; the caller raises Python's ValueError
/// for an infinite one): the C library's `cos` natively, [`cos`] in wasm.
pub fn python_cos(x: f64) -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    if x.is_finite() {
        return x.cos();
    }
    cos(x)
}

// ------------------------------------------------------------------------------------------------
// x ** -0.5
// ------------------------------------------------------------------------------------------------

/// A finite positive float as `m · 2^e` with an integer mantissa.
fn decompose(x: f64) -> (u128, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = u128::from(bits & ((1 << 52) - 1));
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    }
}

/// The ordering of `m² · x` relative to 1, exactly (`m = mm · 2^me`, `x = xm · 2^xe`).
fn square_times_cmp_one(mm: u128, me: i32, xm: u128, xe: i32) -> Ordering {
    // mm < 2^56 (a midpoint of two doubles), so mm² < 2^112; times xm < 2^53: up to 165 bits.
    let sq = mm * mm;
    let (sq_hi, sq_lo) = (sq >> 64, sq & u128::from(u64::MAX));
    let lo = sq_lo * xm;
    let hi = sq_hi * xm + (lo >> 64);
    let lo = lo & u128::from(u64::MAX);
    // product = hi · 2^64 + lo; value = product · 2^(2·me + xe); compare with 2^0.
    let bitlen = if hi != 0 { 64 + 128 - hi.leading_zeros() as i64 } else { 128 - lo.leading_zeros() as i64 };
    if bitlen == 0 {
        return Ordering::Less;
    }
    // product ∈ [2^(bitlen-1), 2^bitlen): value ≥ 1 iff bitlen - 1 + scale ≥ 0.
    let scale = 2 * i64::from(me) + i64::from(xe);
    let top = bitlen - 1 + scale;
    if top > 0 {
        return Ordering::Greater;
    }
    if top < 0 {
        return Ordering::Less;
    }
    let power_of_two = hi.count_ones() + lo.count_ones() == 1;
    if power_of_two {
        Ordering::Equal
    } else {
        Ordering::Greater
    }
}

/// The midpoint between two adjacent positive doubles, as `m · 2^e`.
fn midpoint(a: f64, b: f64) -> (u128, i32) {
    let (am, ae) = decompose(a);
    let (bm, be) = decompose(b);
    let e = ae.min(be);
    let sum = (am << (ae - e)) + (bm << (be - e));
    (sum, e - 1)
}

/// 2^e for a normal result (-1022 ≤ e ≤ 1023), built from its bits (exact on every platform).
pub(crate) fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

fn next_up(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1)
}

fn next_down(x: f64) -> f64 {
    f64::from_bits(x.to_bits() - 1)
}

/// The float nearest to `x^(-1/2)` for a finite `x > 0` (`+inf` → 0).
pub fn pow_minus_half(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return f64::NAN;
    }
    if x.is_infinite() {
        return 0.0;
    }
    let (xm, xe) = decompose(x);
    let mut y = 1.0 / x.sqrt();
    // z = x^(-1/2) lies between the midpoints around y iff y is the nearest float. z < m ⟺ m²x > 1.
    for _ in 0..8 {
        let (um, ue) = midpoint(y, next_up(y));
        if square_times_cmp_one(um, ue, xm, xe) != Ordering::Greater {
            // m_up² x ≤ 1: z ≥ m_up (no ties: z is irrational or a float), move up.
            y = next_up(y);
            continue;
        }
        let (dm, de) = midpoint(next_down(y), y);
        if square_times_cmp_one(dm, de, xm, xe) == Ordering::Greater {
            // m_down² x > 1: z < m_down, move down.
            y = next_down(y);
            continue;
        }
        break;
    }
    y
}

// ------------------------------------------------------------------------------------------------
// double-double arithmetic (Dekker, Knuth): exact sums and products of two floats
// ------------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
struct Dd {
    hi: f64,
    lo: f64,
}

fn two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    Dd { hi: s, lo: e }
}

fn quick_two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    Dd { hi: s, lo: b - (s - a) }
}

fn split(a: f64) -> (f64, f64) {
    let c = 134_217_729.0 * a; // 2^27 + 1
    let hi = c - (c - a);
    (hi, a - hi)
}

fn two_prod(a: f64, b: f64) -> Dd {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    let e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    Dd { hi: p, lo: e }
}

fn dd_add(a: Dd, b: Dd) -> Dd {
    let s = two_sum(a.hi, b.hi);
    let t = two_sum(a.lo, b.lo);
    let s = quick_two_sum(s.hi, s.lo + t.hi);
    quick_two_sum(s.hi, s.lo + t.lo)
}

fn dd_mul(a: Dd, b: Dd) -> Dd {
    let p = two_prod(a.hi, b.hi);
    quick_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi))
}

fn dd_neg(a: Dd) -> Dd {
    Dd { hi: -a.hi, lo: -a.lo }
}

// ------------------------------------------------------------------------------------------------
// cos
// ------------------------------------------------------------------------------------------------

/// ⌊2/π · 2^384⌋, little-endian 64-bit limbs.
const TWO_OVER_PI: [u64; 6] =
    [0x06492eea09d1921c, 0xb7246e3a424dd2e0, 0xfe5163abdebbc561, 0xdb6295993c439041, 0xfc2757d1f534ddc0, 0xa2f9836e4e441529];

/// π/2 as a double-double.
const PI_2: Dd = Dd { hi: 1.5707963267948966, lo: 6.123233995736766e-17 };

/// 1/n! as double-doubles, n = 0..=27.
const INV_FACT: [Dd; 28] = [
    Dd { hi: 1.0, lo: 0.0 },
    Dd { hi: 1.0, lo: 0.0 },
    Dd { hi: 0.5, lo: 0.0 },
    Dd { hi: 0.16666666666666666, lo: 9.25185853854297e-18 },
    Dd { hi: 0.041666666666666664, lo: 2.3129646346357427e-18 },
    Dd { hi: 0.008333333333333333, lo: 1.1564823173178714e-19 },
    Dd { hi: 0.001388888888888889, lo: -5.300543954373577e-20 },
    Dd { hi: 0.0001984126984126984, lo: 1.7209558293420705e-22 },
    Dd { hi: 2.48015873015873e-05, lo: 2.1511947866775882e-23 },
    Dd { hi: 2.7557319223985893e-06, lo: -1.858393274046472e-22 },
    Dd { hi: 2.755731922398589e-07, lo: 2.3767714622250297e-23 },
    Dd { hi: 2.505210838544172e-08, lo: -1.448814070935912e-24 },
    Dd { hi: 2.08767569878681e-09, lo: -1.20734505911326e-25 },
    Dd { hi: 1.6059043836821613e-10, lo: 1.2585294588752098e-26 },
    Dd { hi: 1.1470745597729725e-11, lo: 2.0655512752830745e-28 },
    Dd { hi: 7.647163731819816e-13, lo: 7.03872877733453e-30 },
    Dd { hi: 4.779477332387385e-14, lo: 4.399205485834081e-31 },
    Dd { hi: 2.8114572543455206e-15, lo: 1.6508842730861433e-31 },
    Dd { hi: 1.5619206968586225e-16, lo: 1.1910679660273754e-32 },
    Dd { hi: 8.22063524662433e-18, lo: 2.2141894119604265e-34 },
    Dd { hi: 4.110317623312165e-19, lo: 1.4412973378659527e-36 },
    Dd { hi: 1.9572941063391263e-20, lo: -1.3643503830087908e-36 },
    Dd { hi: 8.896791392450574e-22, lo: -7.911402614872376e-38 },
    Dd { hi: 3.868170170630684e-23, lo: -8.843177655482344e-40 },
    Dd { hi: 1.6117375710961184e-24, lo: -3.6846573564509766e-41 },
    Dd { hi: 6.446950284384474e-26, lo: -1.9330404233703465e-42 },
    Dd { hi: 2.4795962632247976e-27, lo: -1.2953730964765229e-43 },
    Dd { hi: 9.183689863795546e-29, lo: 1.4303150396787322e-45 },
];

/// Σ (-1)^i r^(2i + offset) / (2i + offset)! for |r| ≤ ~0.8 (offset 0: cos, 1: sin), by Horner
/// in r² (terms up to r^27: the first left out is below 2^-110 of the sum).
fn taylor(r: Dd, offset: usize) -> Dd {
    let r2 = dd_mul(r, r);
    let terms: Vec<usize> = (0..=13).map(|i| 2 * i + offset).filter(|&n| n < INV_FACT.len()).collect();
    let coef = |i: usize| {
        let c = INV_FACT[terms[i]];
        if i % 2 == 1 {
            dd_neg(c)
        } else {
            c
        }
    };
    let mut acc = coef(terms.len() - 1);
    for i in (0..terms.len() - 1).rev() {
        acc = dd_add(dd_mul(acc, r2), coef(i));
    }
    if offset == 1 {
        dd_mul(acc, r)
    } else {
        acc
    }
}

/// Bits `[from, from + 128)` of a little-endian number (zeros beyond its end).
fn window(p: &[u64; 7], from: usize) -> u128 {
    let limb = |i: usize| -> u128 { u128::from(p.get(i).copied().unwrap_or(0)) };
    let (q, r) = (from / 64, from % 64);
    let (a, b, c) = (limb(q), limb(q + 1), limb(q + 2));
    if r == 0 {
        a | (b << 64)
    } else {
        (a >> r) | (b << (64 - r)) | (c << (128 - r))
    }
}

/// `|x| = k·π/2 + r` for π/4 < |x| < 2^60: k mod 4 and r (|r| ≤ π/4) as a double-double.
fn reduce(x: f64) -> (u32, Dd) {
    let (xm, xe) = decompose(x.abs());
    let xm = xm as u64;
    // P = xm · ⌊2/π · 2^384⌋ (7 limbs): |x| · 2/π = P · 2^-s, with s = 384 - xe fraction bits
    // (between 377 and 437 here); the truncation of 2/π costs less than 2^53 units of 2^-s.
    let mut p = [0u64; 7];
    let mut carry: u128 = 0;
    for (i, t) in TWO_OVER_PI.iter().enumerate() {
        let v = u128::from(*t) * u128::from(xm) + carry;
        p[i] = v as u64;
        carry = v >> 64;
    }
    p[6] = carry as u64;
    let s = (384 - xe) as usize;
    let bit = |i: usize| -> u64 { (p[i / 64] >> (i % 64)) & 1 };
    // The integer part mod 4 (bits s and s + 1), rounded to the nearest k below.
    let mut k = (bit(s) | (bit(s + 1) << 1)) as u32;
    // The fraction f = P mod 2^s; from one half on, the residual is f - 2^s (negative).
    let mut f = p;
    for (i, limb) in f.iter_mut().enumerate() {
        let lo = i * 64;
        if lo >= s {
            *limb = 0;
        } else if s - lo < 64 {
            *limb &= (1u64 << (s - lo)) - 1;
        }
    }
    let negative = bit(s - 1) == 1;
    if negative {
        k = (k + 1) % 4;
        // 2^s - f: the two's complement within s bits.
        let mut borrow = true;
        for (i, limb) in f.iter_mut().enumerate() {
            let (v, o) = (!*limb).overflowing_add(u64::from(borrow));
            *limb = v;
            borrow = o;
            let lo = i * 64;
            if lo >= s {
                *limb = 0;
            } else if s - lo < 64 {
                *limb &= (1u64 << (s - lo)) - 1;
            }
        }
    }
    // The top 128 bits of |f| from its highest set bit: |f| = top · 2^(from - s).
    let Some(high) = (0..7).rev().find(|&i| f[i] != 0).map(|i| i * 64 + 63 - f[i].leading_zeros() as usize) else {
        return (k, Dd { hi: 0.0, lo: 0.0 });
    };
    let from = (high + 1).saturating_sub(128);
    let top = window(&f, from);
    let hi = (top >> 75) as f64 * pow2(75);
    let lo = (top & ((1u128 << 75) - 1)) as f64;
    let scale = pow2(from as i32 - s as i32);
    let fr = quick_two_sum(hi * scale, lo * scale);
    let r = dd_mul(fr, PI_2);
    (k, if negative { dd_neg(r) } else { r })
}

/// The float nearest to `cos(x)` (NaN for NaN and infinite `x`; the caller raises Python's
/// ValueError for the latter).
pub fn cos(x: f64) -> f64 {
    if !x.is_finite() {
        return f64::NAN;
    }
    if x.abs() >= 1.152921504606847e18 {
        return libm::cos(x);
    }
    let (k, r) = if x.abs() <= std::f64::consts::FRAC_PI_4 { (0, Dd { hi: x, lo: 0.0 }) } else { reduce(x) };
    let v = match k {
        0 => taylor(r, 0),
        1 => dd_neg(taylor(r, 1)),
        2 => dd_neg(taylor(r, 0)),
        _ => taylor(r, 1),
    };
    v.hi + v.lo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(pow_minus_half(2.0), 0.7071067811865476);
        assert_eq!(pow_minus_half(4.0), 0.5);
        assert_eq!(pow_minus_half(1.0), 1.0);
        assert_eq!(pow_minus_half(f64::INFINITY), 0.0);
        assert_eq!(cos(0.0), 1.0);
        assert_eq!(cos(std::f64::consts::PI), -1.0);
        // cos(π/2 as a double) = 6.123233995736766e-17 (the rest of π/2).
        assert_eq!(cos(std::f64::consts::FRAC_PI_2), 6.123233995736766e-17);
        assert_eq!(cos(-1.0), cos(1.0));
        assert_eq!(cos(1.0), 0.5403023058681398);
    }
}
