//! The scenario file of the reference vectors (reference README, "Scenario file") and the
//! `replay` output line: JSON ⇄ the engine's [`Scenario`] / [`ReplayOutcome`]
//! (`engine::lr_control::driver` runs them).
use crate::engine::lr_control::{error_parts, Key, ReplayOutcome, Scenario, ScenarioEpoch};
use crate::py::error::{Error, Result};
use crate::py::json::{json_to_py, py_to_json};
use crate::py::value::PyValue;
use crate::py::typed_config::TypedConfig;
use crate::returnn::lr_file::{load, write};
use serde_json::{json, Map, Value};

fn object_items(v: &Value, field: &str) -> Result<Vec<(Key, PyValue)>> {
    match v {
        Value::Object(m) => Ok(m.iter().map(|(k, v)| (Key::new(k), json_to_py(v))).collect()),
        Value::Null => Ok(Vec::new()),
        _ => Err(Error::invalid(field, "must be a JSON object")),
    }
}

/// Reads a scenario JSON (the `expected` key, if present, is ignored). Config ints and floats
/// stay apart; non-finite floats are the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub fn parse_scenario(v: &Value) -> Result<Scenario> {
    let obj = v.as_object().ok_or_else(|| Error::invalid("scenario", "must be a JSON object"))?;
    let name = match obj.get("name") {
        Some(Value::String(s)) => s.clone(),
        None => String::new(),
        Some(_) => return Err(Error::invalid("name", "must be a string")),
    };
    let config = match obj.get("config") {
        Some(Value::Object(m)) => {
            // Dict-form learning_rates: JSON object keys are decimal int epochs.
            if let Some(Value::Object(lrs)) = m.get("learning_rates") {
                if let Some(bad) = lrs.keys().find(|k| k.trim().parse::<i64>().is_err()) {
                    return Err(Error::invalid("config.learning_rates", format!("key {bad:?} is not an epoch number")));
                }
            }
            // RETURNN `eval`s a string `learning_rates`: the Python reader does (literals only).
            TypedConfig::from_json(m).with_eval(crate::returnn::python_literal::eval_config_string)
        }
        None => TypedConfig::new().with_eval(crate::returnn::python_literal::eval_config_string),
        Some(_) => return Err(Error::invalid("config", "must be a JSON object")),
    };
    let pretrain_num_epochs = match obj.get("driver") {
        None | Some(Value::Null) => None,
        Some(Value::Object(d)) => match d.get("pretrain_num_epochs") {
            None | Some(Value::Null) => None,
            Some(k) => Some(k.as_i64().ok_or_else(|| Error::invalid("driver.pretrain_num_epochs", "must be an integer"))?),
        },
        Some(_) => return Err(Error::invalid("driver", "must be a JSON object")),
    };
    let initial_learning_rate_file = match obj.get("initial_learning_rate_file") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(load(s)),
        Some(_) => return Err(Error::invalid("initial_learning_rate_file", "must be a string")),
    };
    let raw_epochs = obj.get("epochs").and_then(Value::as_array).ok_or_else(|| Error::invalid("epochs", "must be an array"))?;
    let mut epochs = Vec::with_capacity(raw_epochs.len());
    for (i, ep) in raw_epochs.iter().enumerate() {
        let field = |f: &str| format!("epochs[{i}].{f}");
        let epoch = ep.get("epoch").and_then(Value::as_i64).ok_or_else(|| Error::invalid(field("epoch"), "must be an integer"))?;
        let scores = object_items(ep.get("scores").unwrap_or(&Value::Null), &field("scores"))?;
        let meta = object_items(ep.get("meta").unwrap_or(&Value::Null), &field("meta"))?;
        epochs.push(ScenarioEpoch { epoch, scores, meta });
    }
    Ok(Scenario { name, config, pretrain_num_epochs, initial_learning_rate_file, epochs })
}

/// The README's `replay` output line of an outcome.
pub fn outcome_json(o: &ReplayOutcome) -> Value {
    let lrs: Vec<Value> = o.learning_rates.iter().map(py_to_json).collect();
    let file = file_text(o).map(Value::String).unwrap_or(Value::Null);
    match &o.error {
        None => json!({
            "name": o.name,
            "learning_rates": lrs,
            "stored_learning_rates": o.stored_learning_rates.iter().map(py_to_json).collect::<Vec<_>>(),
            "error_keys": o.error_keys,
            "learning_rate_file": file,
        }),
        Some(e) => {
            let (exc, stage, epoch) = error_parts(e);
            let mut m = Map::new();
            m.insert("name".into(), Value::String(o.name.clone()));
            m.insert("error".into(), Value::String(exc));
            m.insert("error_stage".into(), stage.map(|s| Value::String(s.name().into())).unwrap_or(Value::Null));
            m.insert("error_epoch".into(), epoch.map(Value::from).unwrap_or(Value::Null));
            m.insert("learning_rates".into(), Value::Array(lrs));
            m.insert("learning_rate_file".into(), file);
            Value::Object(m)
        }
    }
}

/// The text of the last save of a run (`None` without `learning_rate_file`, or before the first
/// save): what RETURNN's file holds after the run.
pub fn file_text(o: &ReplayOutcome) -> Option<String> {
    o.saved_table().map(|t| write(&t))
}

#[cfg(test)]
mod tests {
    use crate::engine::lr_control::LrControl;
    use crate::py::error::PyExc;
    use crate::py::typed_config::TypedConfig;
    use crate::py::value::PyValue;
    use crate::returnn::python_literal::eval_config_string;

    fn exc(text: &str) -> Option<PyExc> {
        eval_config_string(text).err().and_then(|e| e.py_exc())
    }

    #[test]
    fn string_learning_rates_are_evaluated_by_the_python_reader() {
        assert_eq!(
            eval_config_string("{1: 0.001, 2: 0.002, }").ok(),
            Some(PyValue::Dict(vec![(PyValue::Int(1), PyValue::Float(0.001)), (PyValue::Int(2), PyValue::Float(0.002))]))
        );
        assert!(matches!(eval_config_string("{1: float('nan')}"), Ok(PyValue::Dict(d)) if matches!(d[0].1, PyValue::Float(f) if f.is_nan())));
        assert_eq!(exc("{1: lr}"), Some(PyExc::NameError));
        assert_eq!(exc("{1: 0.1 * 2}"), Some(PyExc::NotImplementedError));
        assert_eq!(exc("{1: 0.1"), Some(PyExc::SyntaxError));

        let presets = PyValue::Str("{3: 0.003, 1: 0.001}".into());
        let cfg = TypedConfig::new().with("learning_rates", presets.clone());
        let with_reader = LrControl::from_config(&cfg.clone().with_eval(eval_config_string), None).expect("control");
        let stored: Vec<(i64, PyValue)> = with_reader.epoch_data.iter().map(|(e, d)| (*e, d.learning_rate.clone())).collect();
        assert_eq!(stored, vec![(1, PyValue::Float(0.001)), (3, PyValue::Float(0.003))]);
        let list = TypedConfig::new().with("learning_rates", PyValue::Str("[0.1, 0.2]".into())).with_eval(eval_config_string);
        assert_eq!(LrControl::from_config(&list, None).err().and_then(|e| e.py_exc()), Some(PyExc::AssertionError));
        let no_reader = LrControl::from_config(&cfg, None).err().and_then(|e| e.py_exc());
        assert_eq!(no_reader, Some(PyExc::NotImplementedError), "a config without a reader evaluates nothing");
    }
}
