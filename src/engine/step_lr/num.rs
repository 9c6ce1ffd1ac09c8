//! Python's numeric semantics, as far as the schedule functions use them: ints (unbounded in Python;
//! here i128, far beyond any step count), bools (ints that print as `True`/`False`), floats, and
//! the other values a config can hold (`None`, strings, lists, ...), which make every arithmetic
//! operation and comparison a `TypeError` with Python's message.
//!
//! * `int ∘ int` stays an int for `+ - *`; `int / int` is Python's true division: the exact
//!   quotient, rounded once ([`int_true_div`]).
//! * `int ∘ float` converts the int to float first (round to nearest, ties to even).
//! * Comparisons between ints and floats are exact (Python does not convert the int).
//! * Division by zero is `ZeroDivisionError` ("division by zero" for two ints, "float division by
//!   zero" otherwise: CPython 3.11's texts).
use crate::py::error::{Error, PyExc, Result};
use crate::py::value::{float_repr, NpKind, PyValue};

/// A Python value as the schedule arithmetic sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Val {
    /// A Python int.
    Int(i128),
    /// A Python bool (an int that prints as `True`/`False`).
    Bool(bool),
    /// A Python float.
    Float(f64),
    /// `None`.
    None,
    /// Any other Python value, by its type name (`'str'`, `'list'`, ...).
    Other(&'static str),
}

/// The arithmetic operators the schedules use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (true division)
    Div,
}

impl Op {
    fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "*",
            Op::Div => "/",
        }
    }
}

/// The comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Cmp {
    fn symbol(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
        }
    }
}

fn overflow() -> Error {
    Error::Limit { what: "integer arithmetic of the schedule (Python ints are unbounded; the explorer's reach 2^127)".into(), limit: 127 }
}

impl Val {
    /// A config value (ints kept apart from floats; `np.float64` is a float, as in Python).
    pub fn from_py(v: &PyValue) -> Result<Val> {
        Ok(match v {
            PyValue::Int(i) => Val::Int(i128::from(*i)),
            PyValue::BigInt(s) => Val::Int(s.parse::<i128>().map_err(|_| overflow())?),
            PyValue::Bool(b) => Val::Bool(*b),
            PyValue::Float(f) => Val::Float(*f),
            PyValue::Np { kind: NpKind::Float64, value, .. } => Val::Float(*value),
            PyValue::None => Val::None,
            other => Val::Other(other.type_name()),
        })
    }

    /// Python's `type(x).__name__`.
    pub fn type_name(self) -> &'static str {
        match self {
            Val::Int(_) => "int",
            Val::Bool(_) => "bool",
            Val::Float(_) => "float",
            Val::None => "NoneType",
            Val::Other(t) => t,
        }
    }

    /// Python's `str(x)` (for assertion messages such as `got {warmup_steps}`).
    pub fn py_str(self) -> String {
        match self {
            Val::Int(i) => i.to_string(),
            Val::Bool(true) => "True".into(),
            Val::Bool(false) => "False".into(),
            Val::Float(f) => float_repr(f),
            Val::None => "None".into(),
            Val::Other(t) => format!("<{t}>"),
        }
    }

    /// Python truthiness, for numbers and None (`assert x and ...`).
    pub fn truthy(self) -> bool {
        match self {
            Val::Int(i) => i != 0,
            Val::Bool(b) => b,
            Val::Float(f) => f != 0.0,
            Val::None => false,
            Val::Other(_) => true,
        }
    }

    /// The int value of an int or bool.
    fn as_int(self) -> Option<i128> {
        match self {
            Val::Int(i) => Some(i),
            Val::Bool(b) => Some(i128::from(b)),
            _ => None,
        }
    }

    /// Python's `float(x)` of a number (`TypeError` for anything else).
    pub fn to_f64(self) -> Result<f64> {
        match self {
            Val::Float(f) => Ok(f),
            Val::Int(_) | Val::Bool(_) => Ok(self.as_int().map_or(0.0, |i| i as f64)),
            other => Err(Error::py(
                PyExc::TypeError,
                format!("float() argument must be a string or a real number, not '{}'", other.type_name()),
            )),
        }
    }

    fn is_number(self) -> bool {
        matches!(self, Val::Int(_) | Val::Bool(_) | Val::Float(_))
    }

    /// `self <op> other`, as Python computes it.
    pub fn op(self, op: Op, other: Val) -> Result<Val> {
        if !(self.is_number() && other.is_number()) {
            // A sequence times an int repeats it (and fails one operation later).
            match (op, self, other) {
                (Op::Mul, Val::Other(t @ ("str" | "list" | "tuple")), Val::Int(_) | Val::Bool(_))
                | (Op::Mul, Val::Int(_) | Val::Bool(_), Val::Other(t @ ("str" | "list" | "tuple"))) => return Ok(Val::Other(t)),
                _ => {}
            }
            let message = match (op, self, other) {
                (Op::Mul, Val::Other("str" | "list" | "tuple"), Val::Float(_)) | (Op::Mul, Val::Float(_), Val::Other("str" | "list" | "tuple")) => {
                    "can't multiply sequence by non-int of type 'float'".to_string()
                }
                _ => format!("unsupported operand type(s) for {}: '{}' and '{}'", op.symbol(), self.type_name(), other.type_name()),
            };
            return Err(Error::py(PyExc::TypeError, message));
        }
        if let (Some(a), Some(b)) = (self.as_int(), other.as_int()) {
            return match op {
                Op::Add => a.checked_add(b).map(Val::Int).ok_or_else(overflow),
                Op::Sub => a.checked_sub(b).map(Val::Int).ok_or_else(overflow),
                Op::Mul => a.checked_mul(b).map(Val::Int).ok_or_else(overflow),
                Op::Div => {
                    if b == 0 {
                        Err(Error::py(PyExc::ZeroDivisionError, "division by zero"))
                    } else {
                        Ok(Val::Float(int_true_div(a, b)))
                    }
                }
            };
        }
        let (x, y) = (self.to_f64()?, other.to_f64()?);
        Ok(Val::Float(match op {
            Op::Add => x + y,
            Op::Sub => x - y,
            Op::Mul => x * y,
            Op::Div => {
                if y == 0.0 {
                    return Err(Error::py(PyExc::ZeroDivisionError, "float division by zero"));
                }
                x / y
            }
        }))
    }

    /// `self + o`.
    pub fn add(self, o: Val) -> Result<Val> {
        self.op(Op::Add, o)
    }
    /// `self - o`.
    pub fn sub(self, o: Val) -> Result<Val> {
        self.op(Op::Sub, o)
    }
    /// `self * o`.
    pub fn mul(self, o: Val) -> Result<Val> {
        self.op(Op::Mul, o)
    }
    /// `self / o`.
    pub fn div(self, o: Val) -> Result<Val> {
        self.op(Op::Div, o)
    }

    /// `self <cmp> other`, exact between ints and floats (NaN compares false).
    pub fn cmp(self, cmp: Cmp, other: Val) -> Result<bool> {
        if !(self.is_number() && other.is_number()) {
            return Err(Error::py(
                PyExc::TypeError,
                format!("'{}' not supported between instances of '{}' and '{}'", cmp.symbol(), self.type_name(), other.type_name()),
            ));
        }
        let ord = match (self.as_int(), other.as_int(), self, other) {
            (Some(a), Some(b), _, _) => Some(a.cmp(&b)),
            (Some(a), None, _, Val::Float(y)) => cmp_int_float(a, y).map(std::cmp::Ordering::reverse),
            (None, Some(b), Val::Float(x), _) => cmp_int_float(b, x),
            (_, _, Val::Float(x), Val::Float(y)) => x.partial_cmp(&y),
            _ => None,
        };
        // `ord`: self relative to other.
        let Some(ord) = ord else { return Ok(false) };
        use std::cmp::Ordering::*;
        Ok(match cmp {
            Cmp::Lt => ord == Less,
            Cmp::Le => ord != Greater,
            Cmp::Gt => ord == Greater,
            Cmp::Ge => ord != Less,
        })
    }
}

/// The ordering of the float `x` relative to the int `i`, exactly (`None` for NaN).
fn cmp_int_float(i: i128, x: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::*;
    if x.is_nan() {
        return None;
    }
    // Every i128 is below 2^127 in magnitude; floats beyond that are beyond every i128.
    const TWO_127: f64 = 1.7014118346046923e38;
    if x >= TWO_127 {
        return Some(Greater);
    }
    if x < -TWO_127 {
        return Some(Less);
    }
    let whole = x.trunc();
    // |whole| < 2^127 and integral: exactly representable as i128.
    let w = whole as i128;
    Some(match w.cmp(&i) {
        Equal => {
            let frac = x - whole;
            if frac > 0.0 {
                Greater
            } else if frac < 0.0 {
                Less
            } else {
                Equal
            }
        }
        other => other,
    })
}

/// Python's true division of two ints (the py layer's, shared with the config evaluator).
pub use crate::py::arith::int_true_div;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_between_ints_and_floats_are_exact() {
        let big = Val::Int((1 << 53) + 1);
        assert!(big.cmp(Cmp::Gt, Val::Float(9007199254740992.0)).unwrap());
        assert!(Val::Float(9007199254740992.0).cmp(Cmp::Lt, big).unwrap());
        assert!(!Val::Float(f64::NAN).cmp(Cmp::Le, Val::Int(0)).unwrap());
        assert!(Val::Float(0.5).cmp(Cmp::Lt, Val::Int(1)).unwrap());
        assert!(Val::Int(1).cmp(Cmp::Le, Val::Float(1.0)).unwrap());
        assert!(Val::Bool(true).cmp(Cmp::Ge, Val::Int(1)).unwrap());
        let e = Val::None.cmp(Cmp::Lt, Val::Int(5)).unwrap_err();
        assert_eq!(e.to_string(), "TypeError: '<' not supported between instances of 'NoneType' and 'int'");
    }

    #[test]
    fn division_by_zero_texts() {
        assert_eq!(Val::Int(1).div(Val::Int(0)).unwrap_err().to_string(), "ZeroDivisionError: division by zero");
        assert_eq!(Val::Float(1.0).div(Val::Int(0)).unwrap_err().to_string(), "ZeroDivisionError: float division by zero");
    }
}
