//! RETURNN's Config readers (float, int, bool, value, typed) over a map of Python values.
//!
//! Every value is "typed" (as from a Python config file), so the readers follow RETURNN's
//! `Config.float` / `int` / `bool` / `value` / `typed_value` / `opt_typed_value` / `float_list`
//! for typed values (spec section 1):
//!
//! * `float`: missing → default; `None` → `None`; a str is converted with Python `float()`
//!   (`ValueError` when that fails); an int stays an int; a bool passes; anything else →
//!   `AssertionError`.
//! * `int`: must be an int (bools count); `None` → `None`; anything else → `AssertionError`.
//! * `bool`: an int or bool becomes `bool(v)`; `None` stays `None`; else `AssertionError`.
//! * `value`: missing or `None` → default; a list/tuple is joined with `,`; else `str(v)`.
//! * `typed`: the raw value, the default only when the key is absent.
use super::convert::py_float_from_str;
use super::value::PyValue;
use crate::py::error::{Error, PyExc, Result};

/// Evaluates a string config value as RETURNN's `eval` would (RETURNN `eval`s a string
/// `learning_rates`). The evaluator is the caller's Python reader (`returnn::python_literal`): this
/// layer and the engine evaluate nothing themselves.
pub type Eval = fn(&str) -> Result<PyValue>;

/// A RETURNN config: key → typed Python value (insertion order kept), and the evaluator for the
/// string values RETURNN `eval`s (none: such a value is a NotImplementedError).
#[derive(Clone, Debug, Default)]
pub struct TypedConfig {
    items: Vec<(String, PyValue)>,
    eval: Option<Eval>,
}

impl PartialEq for TypedConfig {
    /// The same items (the evaluator is not part of the config's value).
    fn eq(&self, other: &TypedConfig) -> bool {
        self.items == other.items
    }
}

impl TypedConfig {
    /// An empty config (every key absent: the readers return their defaults).
    pub fn new() -> TypedConfig {
        TypedConfig::default()
    }

    /// A config from a JSON object in the vectors' conventions (ints and floats kept apart).
    pub fn from_json(obj: &serde_json::Map<String, serde_json::Value>) -> TypedConfig {
        TypedConfig { items: obj.iter().map(|(k, v)| (k.clone(), super::json::json_to_py(v))).collect(), eval: None }
    }

    /// The config with `eval` as its evaluator of string values RETURNN `eval`s.
    pub fn with_eval(mut self, eval: Eval) -> TypedConfig {
        self.eval = Some(eval);
        self
    }

    /// RETURNN's `eval(text)` of a string config value, through the evaluator the config was given.
    pub fn eval(&self, text: &str) -> Result<PyValue> {
        match self.eval {
            Some(eval) => eval(text),
            None => Err(Error::py(PyExc::NotImplementedError, "a string value RETURNN evaluates, in a config given without a Python reader")),
        }
    }

    /// Sets (or replaces) a key.
    pub fn set(&mut self, key: &str, value: PyValue) {
        match self.items.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = value,
            None => self.items.push((key.to_string(), value)),
        }
    }

    /// Builder form of [`TypedConfig::set`].
    pub fn with(mut self, key: &str, value: PyValue) -> TypedConfig {
        self.set(key, value);
        self
    }

    /// `key in config.typed_dict`.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The raw typed value, if the key is present.
    pub fn get(&self, key: &str) -> Option<&PyValue> {
        self.items.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// All items, in insertion order.
    pub fn items(&self) -> &[(String, PyValue)] {
        &self.items
    }

    /// `Config.typed_value(key, default)`: the raw value (also a present `None`), else the default.
    pub fn typed(&self, key: &str, default: PyValue) -> PyValue {
        self.get(key).cloned().unwrap_or(default)
    }

    /// `Config.opt_typed_value(key, default)`: for typed values the same as [`TypedConfig::typed`].
    pub fn opt_typed(&self, key: &str, default: PyValue) -> PyValue {
        self.typed(key, default)
    }

    /// `Config.float(key, default)`.
    pub fn float(&self, key: &str, default: PyValue) -> Result<PyValue> {
        let Some(v) = self.get(key) else { return Ok(default) };
        match v {
            PyValue::None => Ok(PyValue::None),
            PyValue::Str(s) => py_float_from_str(s).map(PyValue::Float).ok_or_else(|| {
                Error::py(PyExc::ValueError, format!("could not convert string to float: {} (config key {key})", v.repr()))
            }),
            PyValue::Int(_) | PyValue::BigInt(_) | PyValue::Bool(_) | PyValue::Float(_) => Ok(v.clone()),
            PyValue::Np { .. } if v.as_py_float().is_some() => Ok(v.clone()),
            other => Err(assertion(format!("config key {key}: expected a float, got {}", other.type_name()))),
        }
    }

    /// `Config.int(key, default)`.
    pub fn int(&self, key: &str, default: PyValue) -> Result<PyValue> {
        let Some(v) = self.get(key) else { return Ok(default) };
        match v {
            PyValue::None | PyValue::Int(_) | PyValue::BigInt(_) | PyValue::Bool(_) => Ok(v.clone()),
            other => Err(assertion(format!("config key {key}: expected an int, got {}", other.type_name()))),
        }
    }

    /// `Config.bool(key, default)`: `Some(b)`, or `None` for a typed `None` (which acts as false).
    pub fn bool(&self, key: &str, default: bool) -> Result<Option<bool>> {
        let Some(v) = self.get(key) else { return Ok(Some(default)) };
        match v {
            PyValue::None => Ok(None),
            PyValue::Bool(b) => Ok(Some(*b)),
            PyValue::Int(i) => Ok(Some(*i != 0)),
            PyValue::BigInt(_) => Ok(Some(true)),
            other => Err(assertion(format!("config key {key}: expected a bool, got {}", other.type_name()))),
        }
    }

    /// `Config.value(key, default)`: the `str()` form (a list joined with `,`), or the default.
    pub fn value(&self, key: &str, default: Option<&str>) -> Option<String> {
        match self.get(key) {
            None | Some(PyValue::None) => default.map(str::to_string),
            Some(PyValue::List(items)) | Some(PyValue::Tuple(items)) => {
                Some(items.iter().map(py_str).collect::<Vec<_>>().join(","))
            }
            Some(v) => Some(py_str(v)),
        }
    }

    /// `Config.int_list(key)` for a typed value: `None`/missing → `[]`; a scalar is wrapped in a
    /// list; every element must be an int (bools count; a float such as `10.0` → `AssertionError`).
    pub fn int_list(&self, key: &str) -> Result<Vec<PyValue>> {
        let items = match self.get(key) {
            None | Some(PyValue::None) => return Ok(Vec::new()),
            Some(PyValue::List(items)) | Some(PyValue::Tuple(items)) => items.clone(),
            Some(v) => vec![v.clone()],
        };
        match items.iter().find(|x| !matches!(x, PyValue::Int(_) | PyValue::BigInt(_) | PyValue::Bool(_))) {
            Some(x) => Err(assertion(format!("config key {key}: list element {} is not an int", x.repr()))),
            None => Ok(items),
        }
    }

    /// `Config.float_list(key)` for a typed value: `None`/missing → `[]`; a scalar is wrapped in a
    /// list; every element must be an int or float (`AssertionError` otherwise).
    pub fn float_list(&self, key: &str) -> Result<Vec<PyValue>> {
        let items = match self.get(key) {
            None | Some(PyValue::None) => return Ok(Vec::new()),
            Some(PyValue::List(items)) | Some(PyValue::Tuple(items)) => items.clone(),
            Some(v) => vec![v.clone()],
        };
        for x in &items {
            let ok = matches!(x, PyValue::Int(_) | PyValue::BigInt(_) | PyValue::Bool(_) | PyValue::Float(_))
                || x.as_py_float().is_some();
            if !ok {
                return Err(assertion(format!("config key {key}: list element {} is not a float", x.repr())));
            }
        }
        Ok(items)
    }
}

fn assertion(message: String) -> Error {
    Error::py(PyExc::AssertionError, message)
}

/// Python `str(v)`: a str is itself, everything else its `repr`.
pub fn py_str(v: &PyValue) -> String {
    match v {
        PyValue::Str(s) => s.clone(),
        other => other.repr(),
    }
}

/// Python truthiness (`bool(v)`).
pub fn py_truthy(v: &PyValue) -> bool {
    v.truthy()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, PyValue)]) -> TypedConfig {
        let mut c = TypedConfig::new();
        for (k, v) in pairs {
            c.set(k, v.clone());
        }
        c
    }

    #[test]
    fn float_reader_keeps_ints_and_converts_strings() {
        let c = cfg(&[
            ("a", PyValue::Int(1)),
            ("b", PyValue::Str("1e-3".into())),
            ("c", PyValue::None),
            ("d", PyValue::List(vec![])),
            ("e", PyValue::Str("x".into())),
            ("f", PyValue::Str(" -inf ".into())),
        ]);
        assert_eq!(c.float("a", PyValue::Float(1.0)).ok(), Some(PyValue::Int(1)));
        assert_eq!(c.float("b", PyValue::None).ok(), Some(PyValue::Float(1e-3)));
        assert_eq!(c.float("c", PyValue::Float(1.0)).ok(), Some(PyValue::None));
        assert_eq!(c.float("zz", PyValue::Float(0.5)).ok(), Some(PyValue::Float(0.5)));
        assert_eq!(c.float("d", PyValue::None).err().and_then(|e| e.py_exc()), Some(PyExc::AssertionError));
        assert_eq!(c.float("e", PyValue::None).err().and_then(|e| e.py_exc()), Some(PyExc::ValueError));
        assert_eq!(c.float("f", PyValue::None).ok(), Some(PyValue::Float(f64::NEG_INFINITY)));
    }

    #[test]
    fn int_bool_value_readers() {
        let c = cfg(&[
            ("i", PyValue::Float(3.0)),
            ("j", PyValue::Bool(true)),
            ("s", PyValue::Str("true".into())),
            ("l", PyValue::List(vec![])),
            ("n", PyValue::Int(0)),
        ]);
        assert_eq!(c.int("i", PyValue::Int(0)).err().and_then(|e| e.py_exc()), Some(PyExc::AssertionError));
        assert_eq!(c.int("j", PyValue::Int(0)).ok(), Some(PyValue::Bool(true)));
        assert_eq!(c.bool("s", false).err().and_then(|e| e.py_exc()), Some(PyExc::AssertionError));
        assert_eq!(c.bool("n", true).ok(), Some(Some(false)));
        assert_eq!(c.value("l", None), Some(String::new()));
        assert_eq!(c.value("n", None), Some("0".to_string()));
        assert_eq!(c.value("missing", Some("constant")), Some("constant".to_string()));
    }

    #[test]
    fn python_float_strings() {
        assert_eq!(py_float_from_str("1_000.5"), Some(1000.5));
        assert_eq!(py_float_from_str("1__0"), None);
        assert_eq!(py_float_from_str(".5"), Some(0.5));
        assert_eq!(py_float_from_str("Infinity"), Some(f64::INFINITY));
        assert!(py_float_from_str("nan").is_some_and(f64::is_nan));
        assert_eq!(py_float_from_str(""), None);
        assert_eq!(py_float_from_str("--1"), None);
    }
}
