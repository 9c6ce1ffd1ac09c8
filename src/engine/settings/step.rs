//! The step-level schedule: `dynamic_learning_rate` (one of the known functions, by name) and the
//! config keys those functions read. JSON form: the RETURNN keys themselves,
//! `{"dynamic_learning_rate": "dyn_lr_piecewise_linear@factor", "learning_rate_piecewise_steps":
//! [...], ...}`; `dynamic_learning_rate_kwargs` is the cosine partial's keyword dict.
//!
//! The keys of every schedule are kept (a config may set `learning_rate_invsqrt_norm` next to a
//! piecewise schedule; RETURNN ignores it, so does the function, and a warning says so).
//! [`StepScheduleSettings::problem`] finds what RETURNN would raise for these values in a run (the
//! function's assertions, a missing keyword, a zero `num_epochs`), naming the key and the Python
//! exception; [`Settings::validate`] reports it as `Error::Invalid` on that key.
#[allow(unused_imports)]
use super::*;
use crate::engine::step_lr::{self, Schedule, StepLr};
use crate::py::error::PyExc;
use crate::py::typed_config::TypedConfig;
use super::config::{push_bool, push_num, read_bool, read_number};

/// The keyword arguments of `functools.partial(linear_warmup_cosine_annealing, ...)`
/// (`dynamic_learning_rate_kwargs`); `None` = not given (a missing required one is RETURNN's
/// TypeError at the first step).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CosineKwargs {
    /// `num_warmup_epochs`: the linear warm-up's length in epochs of `epoch_continuous`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_warmup_epochs: Option<Number>,
    /// `max_lr`: the factor reached after the warm-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_lr: Option<Number>,
    /// `min_lr`: the factor at the end of the cosine.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_lr: Option<Number>,
    /// `num_epochs`: the cosine's length in epochs (0: ZeroDivisionError in its phase).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_epochs: Option<Number>,
    /// Optional in the function (default `0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num_constant_epochs: Option<Number>,
}

impl CosineKwargs {
    fn fields(&self) -> [(&'static str, Option<Number>); 5] {
        [
            ("num_warmup_epochs", self.num_warmup_epochs),
            ("max_lr", self.max_lr),
            ("min_lr", self.min_lr),
            ("num_epochs", self.num_epochs),
            ("num_constant_epochs", self.num_constant_epochs),
        ]
    }

    /// The keyword dict, in signature order.
    pub fn to_py(&self) -> PyValue {
        PyValue::Dict(self.fields().iter().filter_map(|(k, v)| v.map(|n| (PyValue::Str((*k).into()), n.to_py()))).collect())
    }

    /// Reads the keyword dict. Keys the function does not have land in its `**_kwargs` and are
    /// left out; a value that is not a number is `Error::Invalid` (Python's arithmetic would raise
    /// TypeError on it).
    pub fn from_py(v: &PyValue) -> Result<CosineKwargs> {
        let key = step_lr::KWARGS;
        let PyValue::Dict(items) = v else {
            return Err(Error::invalid(key, format!("must be a dict of keyword arguments, found {} (functools.partial raises TypeError)", v.type_name())));
        };
        let mut out = CosineKwargs::default();
        for (k, x) in items {
            let PyValue::Str(name) = k else {
                return Err(Error::invalid(key, "keywords must be strings (TypeError)"));
            };
            let field = format!("{key}.{name}");
            let slot = match name.as_str() {
                "num_warmup_epochs" => &mut out.num_warmup_epochs,
                "max_lr" => &mut out.max_lr,
                "min_lr" => &mut out.min_lr,
                "num_epochs" => &mut out.num_epochs,
                "num_constant_epochs" => &mut out.num_constant_epochs,
                _ => continue,
            };
            *slot = Some(match x {
                PyValue::Int(i) => Number::Int(*i),
                PyValue::Bool(b) => Number::Int(i64::from(*b)),
                PyValue::Float(f) => Number::Float(*f),
                other => return Err(Error::invalid(field, format!("must be a number, found {} {} (Python's arithmetic raises TypeError)", other.type_name(), other.repr()))),
            });
        }
        Ok(out)
    }
}

/// `dynamic_learning_rate` and the keys the known functions read (`None` = not set).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepScheduleSettings {
    /// `dynamic_learning_rate`: the known function, by name.
    #[serde(rename = "dynamic_learning_rate", with = "schedule_name")]
    pub schedule: Schedule,
    /// `learning_rate_piecewise_steps` (a scalar in a config is the one-element list).
    #[serde(rename = "learning_rate_piecewise_steps", default, skip_serializing_if = "Option::is_none")]
    pub piecewise_steps: Option<Vec<Number>>,
    /// `learning_rate_piecewise_values`.
    #[serde(rename = "learning_rate_piecewise_values", default, skip_serializing_if = "Option::is_none")]
    pub piecewise_values: Option<Vec<Number>>,
    /// `learning_rate_piecewise_by_epoch_continuous` (default False).
    #[serde(rename = "learning_rate_piecewise_by_epoch_continuous", default, skip_serializing_if = "Option::is_none")]
    pub by_epoch_continuous: Option<bool>,
    /// `learning_rate_warmup_steps` (must be an int; kept as written so that a float can be shown
    /// as the AssertionError it is).
    #[serde(rename = "learning_rate_warmup_steps", default, skip_serializing_if = "Option::is_none")]
    pub warmup_steps: Option<Number>,
    /// `learning_rate_invsqrt_norm`.
    #[serde(rename = "learning_rate_invsqrt_norm", default, skip_serializing_if = "Option::is_none")]
    pub invsqrt_norm: Option<Number>,
    /// `dynamic_learning_rate_kwargs` (the cosine partial's keywords).
    #[serde(rename = "dynamic_learning_rate_kwargs", default, skip_serializing_if = "Option::is_none")]
    pub cosine: Option<CosineKwargs>,
}

/// serde: a schedule as its name.
mod schedule_name {
    use crate::engine::step_lr::{names, Schedule};
    use serde::{de, Deserialize, Deserializer, Serializer};
    pub fn serialize<S: Serializer>(s: &Schedule, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s.name())
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Schedule, D::Error> {
        let name = String::deserialize(d)?;
        Schedule::from_name(&name).ok_or_else(|| de::Error::custom(format!("unknown dynamic_learning_rate {name:?}; known: {}", names())))
    }
}

/// What RETURNN raises for a schedule's values, on which key.
#[derive(Clone, Debug, PartialEq)]
pub struct StepProblem {
    /// The RETURNN key (`learning_rate_piecewise_steps`, `dynamic_learning_rate_kwargs.num_epochs`, ...).
    pub field: String,
    /// The Python exception RETURNN raises.
    pub exc: PyExc,
    /// What is wrong (Python's text where the function has one).
    pub message: String,
}

impl StepProblem {
    fn new(field: impl Into<String>, exc: PyExc, message: impl Into<String>) -> Option<StepProblem> {
        Some(StepProblem { field: field.into(), exc, message: message.into() })
    }

    /// As the settings' error: `Error::Invalid` on the key, the message led by the exception type.
    pub fn to_error(&self) -> Error {
        Error::invalid(self.field.clone(), format!("{}: {}", self.exc, self.message))
    }
}

/// A number list for `int_list`/`float_list` (a scalar becomes a one-element list, `None` empty).
fn read_number_list(key: &str, v: &PyValue) -> Result<Vec<Number>> {
    let items = match v {
        PyValue::List(items) | PyValue::Tuple(items) => items.clone(),
        PyValue::None => Vec::new(),
        other => vec![other.clone()],
    };
    items
        .iter()
        .enumerate()
        .map(|(i, x)| match x {
            PyValue::Int(n) => Ok(Number::Int(*n)),
            PyValue::Bool(b) => Ok(Number::Int(i64::from(*b))),
            PyValue::Float(f) => Ok(Number::Float(*f)),
            other => Err(Error::invalid(
                format!("{key}[{i}]"),
                format!("must be a number, found {} {} (RETURNN's list reader raises AssertionError)", other.type_name(), other.repr()),
            )),
        })
        .collect()
}

impl StepScheduleSettings {
    /// A schedule with none of its keys set.
    pub fn new(schedule: Schedule) -> StepScheduleSettings {
        StepScheduleSettings { schedule, piecewise_steps: None, piecewise_values: None, by_epoch_continuous: None, warmup_steps: None, invsqrt_norm: None, cosine: None }
    }

    /// The config entries, in the key table's order (`dynamic_learning_rate` as the name).
    pub fn to_config(&self) -> Vec<(String, PyValue)> {
        let list = |v: &Vec<Number>| PyValue::List(v.iter().map(|n| n.to_py()).collect());
        let mut out = vec![(step_lr::DYNAMIC_LEARNING_RATE.to_string(), PyValue::Str(self.schedule.name().into()))];
        if let Some(v) = &self.piecewise_steps {
            out.push((step_lr::PIECEWISE_STEPS.into(), list(v)));
        }
        if let Some(v) = &self.piecewise_values {
            out.push((step_lr::PIECEWISE_VALUES.into(), list(v)));
        }
        push_bool(&mut out, step_lr::PIECEWISE_BY_EPOCH_CONTINUOUS, self.by_epoch_continuous);
        push_num(&mut out, step_lr::WARMUP_STEPS, self.warmup_steps);
        push_num(&mut out, step_lr::INVSQRT_NORM, self.invsqrt_norm);
        if let Some(k) = &self.cosine {
            out.push((step_lr::KWARGS.into(), k.to_py()));
        }
        out
    }

    /// Sets one of the step keys from a config value (`Error::Invalid` naming the key).
    pub(crate) fn set(&mut self, key: &str, v: &PyValue) -> Result<()> {
        match key {
            step_lr::PIECEWISE_STEPS => self.piecewise_steps = Some(read_number_list(key, v)?),
            step_lr::PIECEWISE_VALUES => self.piecewise_values = Some(read_number_list(key, v)?),
            step_lr::PIECEWISE_BY_EPOCH_CONTINUOUS => self.by_epoch_continuous = read_bool(key, v)?,
            step_lr::WARMUP_STEPS => self.warmup_steps = if matches!(v, PyValue::None) { None } else { Some(read_number(key, v)?) },
            step_lr::INVSQRT_NORM => self.invsqrt_norm = if matches!(v, PyValue::None) { None } else { Some(read_number(key, v)?) },
            step_lr::KWARGS => self.cosine = if matches!(v, PyValue::None) { None } else { Some(CosineKwargs::from_py(v)?) },
            other => return Err(Error::invalid(other, "is not a key of the step-level schedules")),
        }
        Ok(())
    }

    /// The engine's function over these values (as RETURNN's `Config` would hold them).
    pub fn step_lr(&self) -> StepLr {
        let mut config = TypedConfig::new();
        for (k, v) in self.to_config() {
            config.set(&k, v);
        }
        StepLr::new(self.schedule, config)
    }

    /// The keys the chosen function reads.
    pub fn reads(&self, key: &str) -> bool {
        key == step_lr::DYNAMIC_LEARNING_RATE || self.schedule.keys().contains(&key)
    }

    /// What RETURNN raises for these values during a run, if anything: the function's assertions
    /// on its keys (also those it checks only when training reaches a breakpoint), a missing
    /// keyword, a zero `num_epochs` (ZeroDivisionError in the cosine phase). Errors that depend on
    /// the data (an `epoch_continuous` of `None`) are not known in advance and not reported.
    pub fn problem(&self) -> Option<StepProblem> {
        use PyExc::{AssertionError, TypeError, ZeroDivisionError};
        match self.schedule {
            Schedule::PiecewiseLinearFactor | Schedule::PiecewiseLinearFactorStep | Schedule::PiecewiseLinearInterp => {
                let interp = self.schedule == Schedule::PiecewiseLinearInterp;
                let steps = self.piecewise_steps.clone().unwrap_or_default();
                let values = self.piecewise_values.clone().unwrap_or_default();
                let (sk, vk) = (step_lr::PIECEWISE_STEPS, step_lr::PIECEWISE_VALUES);
                if !interp {
                    if let Some((i, n)) = steps.iter().enumerate().find(|(_, n)| !n.is_int()) {
                        return StepProblem::new(format!("{sk}[{i}]"), AssertionError, format!("{n} is a float: this version reads the steps with config.int_list, which asserts ints"));
                    }
                }
                if steps.len() + 1 != values.len() {
                    return StepProblem::new(vk, AssertionError, format!("needs one entry more than {sk} ({} steps, {} values): assert len(steps) + 1 == len(lrs)", steps.len(), values.len()));
                }
                let mut last = Number::Int(0);
                for (i, &s) in steps.iter().enumerate() {
                    let above = step_lr::Val::from_py(&s.to_py()).ok().zip(step_lr::Val::from_py(&last.to_py()).ok()).and_then(|(a, b)| a.cmp(step_lr::num::Cmp::Gt, b).ok());
                    if above != Some(true) {
                        let when = if interp { "at the first step".to_string() } else { format!("when training reaches step {last}") };
                        return StepProblem::new(format!("{sk}[{i}]"), AssertionError, format!("{s} is not above {last}: the steps must increase from above 0 (RETURNN raises {when})"));
                    }
                    last = s;
                }
                None
            }
            Schedule::LinWarmupInvsqrtDecay => {
                let positive = |n: Option<Number>| n.is_some_and(|n| n.as_f64() > 0.0);
                let shown = |n: Option<Number>| n.map_or("None".to_string(), |n| n.to_string());
                match self.warmup_steps {
                    Some(Number::Float(f)) => {
                        return StepProblem::new(step_lr::WARMUP_STEPS, AssertionError, format!("{} is a float: config.int asserts an int", PyValue::Float(f).repr()))
                    }
                    w if !positive(w) => return StepProblem::new(step_lr::WARMUP_STEPS, AssertionError, format!("set learning_rate_warmup_steps in config >0, got {}", shown(w))),
                    _ => {}
                }
                if !positive(self.invsqrt_norm) {
                    return StepProblem::new(step_lr::INVSQRT_NORM, AssertionError, format!("set learning_rate_invsqrt_norm in config >0, got {}", shown(self.invsqrt_norm)));
                }
                None
            }
            Schedule::LinearWarmupCosineAnnealing => {
                let k = self.cosine.clone().unwrap_or_default();
                let missing: Vec<&str> = k.fields()[..4].iter().filter(|(_, v)| v.is_none()).map(|(n, _)| *n).collect();
                if !missing.is_empty() {
                    // The engine words it as Python does.
                    let message = self.step_lr().lr(&step_lr::Query::epoch_start(1, 0, 1.0)).err().map(|e| match e {
                        Error::Python { message, .. } => message,
                        other => other.to_string(),
                    });
                    return StepProblem::new(step_lr::KWARGS, TypeError, message.unwrap_or_default());
                }
                if k.num_epochs.is_some_and(|n| n.as_f64() == 0.0) {
                    return StepProblem::new(format!("{}.num_epochs", step_lr::KWARGS), ZeroDivisionError, "float division by zero once the cosine phase starts (epoch_continuous >= num_warmup_epochs + num_constant_epochs)");
                }
                None
            }
        }
    }
}
