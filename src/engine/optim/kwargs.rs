//! Reading torch keyword arguments from Python values, with the exceptions Python/torch raise for
//! values of the wrong type, and Python `str()` of the values for torch's messages.

use crate::py::error::{Error, PyExc, Result};
use crate::py::value::{float_repr, NpKind, PyValue};

/// Python `str(v)` for the values torch puts into its messages.
pub fn py_str(v: &PyValue) -> String {
    match v {
        PyValue::Str(s) => s.clone(),
        PyValue::Np { kind: NpKind::Int64, text, .. } => text.clone(),
        PyValue::Np { value, .. } => float_repr(*value),
        other => other.repr(),
    }
}

/// A number as torch reads it (`int`, `float`, `bool`, numpy scalar).
pub fn float(v: &PyValue) -> Result<f64> {
    match v {
        PyValue::Int(i) => Ok(*i as f64),
        PyValue::BigInt(s) => s.parse::<f64>().map_err(|_| Error::py(PyExc::OverflowError, "int too large to convert to float")),
        PyValue::Float(f) => Ok(*f),
        PyValue::Bool(b) => Ok(if *b { 1.0 } else { 0.0 }),
        PyValue::Np { value, .. } => Ok(*value),
        other => Err(Error::py(
            PyExc::TypeError,
            format!("'<=' not supported between instances of 'float' and '{}'", other.type_name()),
        )),
    }
}

/// Python truthiness (`if nesterov:`).
pub fn truthy(v: &PyValue) -> bool {
    v.truthy()
}

/// The two items of a 2-tuple/list (`betas`, `etas`, `step_sizes`, Adafactor `eps`), with the
/// errors Python's unpacking/indexing gives for other shapes.
pub fn pair(v: &PyValue) -> Result<(&PyValue, &PyValue)> {
    match v {
        PyValue::List(items) | PyValue::Tuple(items) => match items.as_slice() {
            [a, b] => Ok((a, b)),
            [_, _, ..] => Err(Error::py(PyExc::ValueError, "too many values to unpack (expected 2)")),
            _ => Err(Error::py(
                PyExc::ValueError,
                format!("not enough values to unpack (expected 2, got {})", items.len()),
            )),
        },
        other => Err(Error::py(PyExc::TypeError, format!("'{}' object is not subscriptable", other.type_name()))),
    }
}

/// Two numbers.
pub fn float_pair(v: &PyValue) -> Result<(f64, f64)> {
    let (a, b) = pair(v)?;
    Ok((float(a)?, float(b)?))
}

/// How a validation message shows a hyper-parameter: the user's own text (`-1`, `1.5`) when the
/// value came from a config, else Python's `repr` of the float.
pub trait Show {
    /// The text for `value` of keyword `key` (`"betas.0"` for the first item of a tuple).
    fn show(&self, key: &str, value: f64) -> String;
}

/// Shows every value as a Python float.
pub struct AsFloat;

impl Show for AsFloat {
    fn show(&self, _key: &str, value: f64) -> String {
        float_repr(value)
    }
}

/// Shows the values as the user wrote them (keys `"betas.0"` address tuple items).
pub struct AsGiven<'a> {
    /// The keyword arguments as written in the `optimizer` dict (after `epsilon` → `eps`); for a
    /// repeated key the last one counts.
    pub kwargs: &'a [(String, PyValue)],
}

impl Show for AsGiven<'_> {
    fn show(&self, key: &str, value: f64) -> String {
        let (name, index) = match key.split_once('.') {
            Some((n, i)) => (n, i.parse::<usize>().ok()),
            None => (key, None),
        };
        let given = self.kwargs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v);
        let item = match (given, index) {
            (Some(PyValue::List(items) | PyValue::Tuple(items)), Some(i)) => items.get(i),
            (Some(v), None) => Some(v),
            _ => None,
        };
        match item {
            Some(v) if float(v).map(|f| f.to_bits() == value.to_bits()).unwrap_or(false) => py_str(v),
            _ => float_repr(value),
        }
    }
}

/// `not (lo <= x)` → `ValueError(message)`, the form of nearly every torch check (NaN fails it).
pub fn require(ok: bool, message: impl FnOnce() -> String) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::py(PyExc::ValueError, message()))
    }
}

/// A hyper-parameter type read from / shown as a Python value.
pub trait KwValue: Sized {
    /// Reads the value as torch's constructor would (numbers via [`float`], flags by
    /// truthiness, pairs by unpacking), with Python's exception for a wrong type or shape.
    fn parse(v: &PyValue) -> Result<Self>;
    /// The value as a Python value (floats as floats, pairs as tuples).
    fn to_py(&self) -> PyValue;
}

impl KwValue for f64 {
    fn parse(v: &PyValue) -> Result<f64> {
        float(v)
    }
    fn to_py(&self) -> PyValue {
        PyValue::Float(*self)
    }
}

impl KwValue for bool {
    fn parse(v: &PyValue) -> Result<bool> {
        Ok(truthy(v))
    }
    fn to_py(&self) -> PyValue {
        PyValue::Bool(*self)
    }
}

impl KwValue for (f64, f64) {
    fn parse(v: &PyValue) -> Result<(f64, f64)> {
        float_pair(v)
    }
    fn to_py(&self) -> PyValue {
        PyValue::Tuple(vec![PyValue::Float(self.0), PyValue::Float(self.1)])
    }
}

/// Adafactor's `eps = (eps1 or None, eps2)`.
impl KwValue for (Option<f64>, f64) {
    fn parse(v: &PyValue) -> Result<(Option<f64>, f64)> {
        let (a, b) = pair(v)?;
        let first = match a {
            PyValue::None => None,
            other => Some(float(other)?),
        };
        Ok((first, float(b)?))
    }
    fn to_py(&self) -> PyValue {
        PyValue::Tuple(vec![self.0.map(PyValue::Float).unwrap_or(PyValue::None), PyValue::Float(self.1)])
    }
}

/// Implements `set(key, value)` (parse one keyword into its field; other keys are ignored) and
/// `hyper()` (every field as a Python value) for a config struct whose field names are torch's
/// keyword names.
macro_rules! kwarg_fields {
    ($ty:ty { $($field:ident),* $(,)? }) => {
        impl $ty {
            /// Sets the hyper-parameter named `key` from a Python value (unknown keys: no-op).
            pub fn set(&mut self, key: &str, v: &$crate::py::value::PyValue) -> $crate::py::error::Result<()> {
                match key {
                    $(stringify!($field) => self.$field = $crate::engine::optim::kwargs::KwValue::parse(v)?,)*
                    _ => {}
                }
                Ok(())
            }

            /// Every hyper-parameter as `(torch name, Python value)`.
            pub fn hyper(&self) -> Vec<(&'static str, $crate::py::value::PyValue)> {
                vec![$((stringify!($field), $crate::engine::optim::kwargs::KwValue::to_py(&self.$field)),)*]
            }
        }
    };
}
pub(crate) use kwarg_fields;

/// torch's `if not 0.0 <= lr: raise ValueError(f"Invalid learning rate: {lr}")`.
pub fn check_lr(lr: f64, s: &dyn Show) -> Result<()> {
    require(0.0 <= lr, || format!("Invalid learning rate: {}", s.show("lr", lr)))
}

/// torch's `if not 0.0 <= x: raise ValueError(f"Invalid {label} value: {x}")`.
pub fn check_nonneg(key: &str, label: &str, x: f64, s: &dyn Show) -> Result<()> {
    require(0.0 <= x, || format!("Invalid {label} value: {}", s.show(key, x)))
}
