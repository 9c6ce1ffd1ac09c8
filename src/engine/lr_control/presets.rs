//! `learning_rates` presets: a list (epochs 1..n), a dict `{epoch: lr}`, or a string holding a
//! dict literal (RETURNN `eval`s it; here the config's evaluator reads it, see
//! [`TypedConfig::eval`]).
use crate::py::error::{Error, PyExc, Result};
use crate::py::typed_config::TypedConfig;
use crate::py::value::PyValue;

/// The `(epoch, lr)` pairs in the order RETURNN applies them.
pub(crate) fn preset_items(presets: &PyValue, cfg: &TypedConfig) -> Result<Vec<(i64, PyValue)>> {
    match presets {
        PyValue::List(items) => Ok(items.iter().enumerate().map(|(i, v)| (i as i64 + 1, v.clone())).collect()),
        PyValue::Str(text) => {
            let value = cfg.eval(text)?;
            match value {
                PyValue::Dict(_) => preset_items(&value, cfg),
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


