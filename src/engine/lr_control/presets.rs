//! `learning_rates` presets: a list (epochs 1..n), a dict `{epoch: lr}`, or a string holding a
//! dict literal (RETURNN `eval`s it; here the shared literal reader, nothing is evaluated).
use crate::engine::error::{Error, PyExc, Result};
use crate::returnn::python_literal as pl;
use crate::returnn::pyvalue::PyValue;

/// The `(epoch, lr)` pairs in the order RETURNN applies them.
pub(crate) fn preset_items(presets: &PyValue) -> Result<Vec<(i64, PyValue)>> {
    match presets {
        PyValue::List(items) => Ok(items.iter().enumerate().map(|(i, v)| (i as i64 + 1, v.clone())).collect()),
        PyValue::Str(text) => {
            let value = string_literal(text)?;
            match value {
                PyValue::Dict(_) => preset_items(&value),
                other => Err(not_a_dict(&other)),
            }
        }
        PyValue::Dict(items) => items.iter().map(|(k, v)| Ok((epoch_key(k)?, v.clone()))).collect(),
        other => Err(not_a_dict(other)),
    }
}

fn not_a_dict(v: &PyValue) -> Error {
    Error::py(PyExc::AssertionError, format!("learning_rates must be a list or a dict, not {} {}", v.type_name(), v.repr()))
}

/// A dict key as an epoch: an int, an integral float, or (JSON form) a decimal string.
fn epoch_key(k: &PyValue) -> Result<i64> {
    let bad = || Error::invalid("learning_rates", format!("dict key {} is not an epoch number", k.repr()));
    match k {
        PyValue::Int(i) => Ok(*i),
        PyValue::Bool(b) => Ok(*b as i64),
        PyValue::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(*f as i64),
        PyValue::Str(s) => s.trim().parse::<i64>().map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// RETURNN `eval`s a string `learning_rates`; here the shared Python-literal reader reads it
/// (literals and `float('...')`), nothing is evaluated. A bare name is RETURNN's NameError; any
/// other expression is valid Python the explorer does not evaluate.
fn string_literal(text: &str) -> Result<PyValue> {
    let expr = pl::parse_expression(text)?;
    pl::config_literal_value(&expr).map_err(|n| match n.reason.strip_prefix("the name '").and_then(|r| r.split('\'').next()) {
        Some(name) if n.reason.ends_with("' is not a literal") => {
            Error::py(PyExc::NameError, format!("name '{name}' is not defined"))
        }
        _ => Error::py(
            PyExc::NotImplementedError,
            format!("learning_rates string, line {}, column {}: {} (the explorer reads literals only)", n.span.start.line, n.span.start.column, n.reason),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_dict_and_list_forms() {
        let items = preset_items(&PyValue::Str("{1: 0.001, 2: 0.002, }".into())).ok();
        assert_eq!(items, Some(vec![(1, PyValue::Float(0.001)), (2, PyValue::Float(0.002))]));
        let err = preset_items(&PyValue::Str("[0.1, 0.2]".into())).err().and_then(|e| e.py_exc());
        assert_eq!(err, Some(PyExc::AssertionError));
        let err = preset_items(&PyValue::Tuple(vec![PyValue::Float(0.1)])).err().and_then(|e| e.py_exc());
        assert_eq!(err, Some(PyExc::AssertionError));
        let err = preset_items(&PyValue::Str("{1: lr}".into())).err().and_then(|e| e.py_exc());
        assert_eq!(err, Some(PyExc::NameError));
        let items = preset_items(&PyValue::Str("{3: -1e-3, 1: 2}".into())).ok();
        assert_eq!(items, Some(vec![(3, PyValue::Float(-1e-3)), (1, PyValue::Int(2))]));
        let items = preset_items(&PyValue::Str("{1: float('nan')}".into())).ok();
        assert!(matches!(items.as_deref(), Some([(1, PyValue::Float(f))]) if f.is_nan()));
        let err = preset_items(&PyValue::Str("{1: 0.1 * 2}".into())).err().and_then(|e| e.py_exc());
        assert_eq!(err, Some(PyExc::NotImplementedError));
        let err = preset_items(&PyValue::Str("{1: 0.1".into())).err().and_then(|e| e.py_exc());
        assert_eq!(err, Some(PyExc::SyntaxError));
    }
}
