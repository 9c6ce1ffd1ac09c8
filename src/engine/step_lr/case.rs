//! One step-schedule reference case (the `dynamic-lr/*.jsonl` format): a RETURNN config naming a
//! known `dynamic_learning_rate`, and the calls a training run makes, in order. Shared by
//! `schedule-explorer dynamic-lr` and the tests.
//!
//! `{"name": str, "config": {...}, "queries": [{"global_train_step": int, "epoch": int,
//! "epoch_continuous": float | null, "learning_rate": float}, ...]}` (other keys are ignored;
//! numbers follow the vectors' conventions: ints and floats apart, non-finite floats as the strings
//! "NaN", "Infinity", "-Infinity").
use super::{names, Query, Schedule, StepLr, Val, DYNAMIC_LEARNING_RATE};
use crate::py::error::{Error, Result};
use crate::py::json::{float_to_json, json_to_float, json_to_py};
use crate::py::typed_config::TypedConfig;
use serde_json::{json, Value};

/// Most queries one case may hold.
pub const MAX_QUERIES: usize = 10_000_000;

/// A parsed case.
#[derive(Clone, Debug)]
pub struct Case {
    /// The case's name.
    pub name: String,
    /// `config["dynamic_learning_rate"]`.
    pub schedule: Schedule,
    /// The config the function reads.
    pub config: TypedConfig,
    /// The calls, in order.
    pub queries: Vec<Query>,
}

/// What a case gives: one LR per query, or the first query's Python exception.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// One effective learning rate per query.
    LearningRates(Vec<f64>),
    /// The first query that raised (0-based) and the exception.
    Error {
        /// Its index.
        query: usize,
        /// The Python exception.
        error: Error,
    },
}

fn number(q: &Value, key: &str, i: usize) -> Result<Val> {
    let field = format!("queries[{i}].{key}");
    match q.get(key) {
        None => Err(Error::invalid(field, "missing")),
        Some(Value::Number(_)) => Val::from_py(&json_to_py(&q[key])),
        Some(v @ Value::String(_)) => json_to_float(v).map(Val::Float).ok_or_else(|| Error::invalid(field, "must be a number")),
        Some(_) => Err(Error::invalid(field, "must be a number")),
    }
}

fn query(q: &Value, i: usize) -> Result<Query> {
    if !q.is_object() {
        return Err(Error::invalid(format!("queries[{i}]"), "must be an object"));
    }
    let global_train_step = number(q, "global_train_step", i)?;
    let epoch = q.get("epoch").and_then(Value::as_i64).ok_or_else(|| Error::invalid(format!("queries[{i}].epoch"), "must be an int"))?;
    let epoch_continuous = match q.get("epoch_continuous") {
        Some(Value::Null) => Val::None,
        _ => number(q, "epoch_continuous", i)?,
    };
    // RETURNN passes float(learning_rate).
    let learning_rate = number(q, "learning_rate", i)?.to_f64().map_err(|_| Error::invalid(format!("queries[{i}].learning_rate"), "must be a number"))?;
    Ok(Query { global_train_step, epoch, epoch_continuous, learning_rate })
}

impl Case {
    /// Reads one case line. An unknown schedule name or a malformed field is `Error::Invalid`
    /// (unreadable input, not a Python error).
    pub fn from_json(v: &Value) -> Result<Case> {
        let name = v.get("name").and_then(Value::as_str).ok_or_else(|| Error::invalid("name", "missing or not a string"))?.to_string();
        let config = TypedConfig::from_json(v.get("config").and_then(Value::as_object).ok_or_else(|| Error::invalid("config", "missing or not an object"))?);
        let schedule = match config.get(DYNAMIC_LEARNING_RATE) {
            Some(crate::py::value::PyValue::Str(s)) => Schedule::from_name(s)
                .ok_or_else(|| Error::invalid("config.dynamic_learning_rate", format!("unknown schedule {s:?}; known: {}", names())))?,
            _ => return Err(Error::invalid("config.dynamic_learning_rate", format!("missing or not a string; known: {}", names()))),
        };
        let items = v.get("queries").and_then(Value::as_array).ok_or_else(|| Error::invalid("queries", "missing or not an array"))?;
        if items.len() > MAX_QUERIES {
            return Err(Error::Limit { what: "queries per case".into(), limit: MAX_QUERIES });
        }
        let queries = items.iter().enumerate().map(|(i, q)| query(q, i)).collect::<Result<Vec<_>>>()?;
        Ok(Case { name, schedule, config, queries })
    }

    /// Runs the queries in order against one config (a fresh function state).
    pub fn run(&self) -> Outcome {
        match StepLr::new(self.schedule, self.config.clone()).run(&self.queries) {
            Ok(lrs) => Outcome::LearningRates(lrs),
            Err((query, error)) => Outcome::Error { query, error },
        }
    }

    /// The contract's output line: `{"name", "learning_rates"}` or `{"name", "error", "message"}`.
    pub fn result_json(&self) -> Value {
        match self.run() {
            Outcome::LearningRates(lrs) => json!({"name": self.name, "learning_rates": lrs.iter().map(|x| float_to_json(*x)).collect::<Vec<_>>()}),
            Outcome::Error { error, .. } => match &error {
                Error::Python { exc, message, .. } => json!({"name": self.name, "error": exc.name(), "message": message}),
                other => json!({"name": self.name, "error": "ValueError", "message": other.to_string()}),
            },
        }
    }
}
