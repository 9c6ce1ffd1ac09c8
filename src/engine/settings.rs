//! The typed settings of one run: one struct tree that the UI edits, the URL stores, the simulator
//! runs and the config exporter writes.
//!
//! * Every RETURNN knob is an `Option`: `None` means "not set", i.e. RETURNN's (or torch's) own
//!   default applies, and the exporter writes no line for it.
//! * Numbers remember whether they were written as an int or a float ([`Number`]), because RETURNN
//!   acts on the difference (`learning_rate = 1` is a TypeError at the first epoch).
//! * [`Settings::to_config`] gives the RETURNN config map (key → Python value),
//!   [`Settings::from_config`] reads one back (e.g. from `returnn::config::import`), validating into
//!   [`Error::Invalid`] with the RETURNN key as the field.
//! * [`Settings::warnings`] lists the traps RETURNN users fall into (int learning rates, TF-only
//!   options, thresholds that make newbob_multi_epoch assert, ...).
//!
//! JSON form (serde): numbers are JSON numbers (`1` int, `1.0` float; non-finite floats as
//! `"NaN"`, `"Infinity"`, `"-Infinity"`), the optimizer is the RETURNN dict itself
//! (`{"class": "adam", "betas": [0.9, 0.999]}`; arrays under `betas`/`etas`/`step_sizes`/`eps`
//! are tuples), unset knobs are omitted.
use crate::py::error::{Error, Result};
use crate::engine::optim::grad_proc::tf_only_options;
use crate::engine::surface::Surface;
use crate::py::json::{float_to_json, json_to_float, json_to_py, py_to_json};
use crate::engine::keys::{self, Backend, Group};
use crate::py::convert::py_float_from_str;
use crate::py::value::{NpKind, PyValue};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

// ---------------------------------------------------------------------------------------------
// Numbers that remember int vs float

/// A config number as Python holds it: an `int` or a `float`.
#[derive(Clone, Copy, Debug)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    /// The value as float64 (an int converted).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    pub fn is_int(self) -> bool {
        matches!(self, Number::Int(_))
    }

    /// The same value as a Python float (what RETURNN needs where it expects a float).
    pub fn to_float(self) -> Number {
        Number::Float(self.as_f64())
    }

    pub fn to_py(self) -> PyValue {
        match self {
            Number::Int(i) => PyValue::Int(i),
            Number::Float(f) => PyValue::Float(f),
        }
    }

    /// Same type and same value (NaN equals NaN): the equality a round trip must keep.
    pub fn same(self, other: Number) -> bool {
        self.to_py() == other.to_py()
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.same(*other)
    }
}

impl From<f64> for Number {
    fn from(f: f64) -> Number {
        Number::Float(f)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_py().repr())
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Number::Int(i) => s.serialize_i64(*i),
            Number::Float(f) if f.is_finite() => s.serialize_f64(*f),
            Number::Float(f) => match float_to_json(*f) {
                serde_json::Value::String(t) => s.serialize_str(&t),
                _ => s.serialize_none(),
            },
        }
    }
}

struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Number;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number (int or float) or \"NaN\"/\"Infinity\"/\"-Infinity\"")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Number, E> {
        Ok(Number::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Number, E> {
        Ok(i64::try_from(v).map(Number::Int).unwrap_or(Number::Float(v as f64)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Number, E> {
        Ok(Number::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Number, E> {
        json_to_float(&serde_json::Value::String(v.to_string()))
            .map(Number::Float)
            .ok_or_else(|| E::custom(format!("expected a number, found the string {v:?}")))
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Number, D::Error> {
        d.deserialize_any(NumberVisitor)
    }
}

/// A decay/growth factor: a number, or Python `None` ("leave the LR unchanged").
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Factor {
    None,
    Value(Number),
}

impl Factor {
    pub fn to_py(self) -> PyValue {
        match self {
            Factor::None => PyValue::None,
            Factor::Value(n) => n.to_py(),
        }
    }
}

impl Serialize for Factor {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Factor::None => s.serialize_none(),
            Factor::Value(n) => n.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Factor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Factor, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        if v.is_null() {
            return Ok(Factor::None);
        }
        Number::deserialize(v).map(Factor::Value).map_err(de::Error::custom)
    }
}

/// serde helper: a present `null` is `Some(Factor::None)`, an absent field is `None`.
mod some_factor {
    use super::Factor;
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Factor>, D::Error> {
        Factor::deserialize(d).map(Some)
    }
}

/// serde helper for float lists that may hold NaN/inf (written as the conventional strings).
mod float_vec {
    use super::Number;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        let nums: Vec<Number> = v.iter().map(|f| Number::Float(*f)).collect();
        nums.serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Ok(Vec::<Number>::deserialize(d)?.into_iter().map(Number::as_f64).collect())
    }
}

mod opt_float_vec {
    use super::Number;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub fn serialize<S: Serializer>(v: &Option<Vec<f64>>, s: S) -> Result<S::Ok, S::Error> {
        let nums: Option<Vec<Number>> = v.as_ref().map(|v| v.iter().map(|f| Number::Float(*f)).collect());
        nums.serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<f64>>, D::Error> {
        Ok(Option::<Vec<Number>>::deserialize(d)?.map(|v| v.into_iter().map(Number::as_f64).collect()))
    }
}

// ---------------------------------------------------------------------------------------------
// LR control

/// `learning_rate_control`: the RETURNN class names, verbatim (aliases kept apart so that an
/// imported config is written back as it was).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scheme {
    #[default]
    #[serde(rename = "constant")]
    Constant,
    #[serde(rename = "newbob")]
    Newbob,
    #[serde(rename = "newbob_rel")]
    NewbobRel,
    #[serde(rename = "newbob_relative")]
    NewbobRelative,
    #[serde(rename = "newbob_abs")]
    NewbobAbs,
    #[serde(rename = "newbob_multi_epoch")]
    NewbobMultiEpoch,
}

impl Scheme {
    /// Every scheme, in the order a dropdown shows them.
    pub const ALL: [Scheme; 6] = [
        Scheme::Constant,
        Scheme::Newbob,
        Scheme::NewbobRel,
        Scheme::NewbobRelative,
        Scheme::NewbobAbs,
        Scheme::NewbobMultiEpoch,
    ];

    /// The RETURNN name (`learning_rate_control` value).
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Constant => "constant",
            Scheme::Newbob => "newbob",
            Scheme::NewbobRel => "newbob_rel",
            Scheme::NewbobRelative => "newbob_relative",
            Scheme::NewbobAbs => "newbob_abs",
            Scheme::NewbobMultiEpoch => "newbob_multi_epoch",
        }
    }

    /// Exact, case-sensitive, as RETURNN's name table.
    pub fn from_name(name: &str) -> Option<Scheme> {
        Scheme::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// One of the relative schemes (`newbob`, `newbob_rel`, `newbob_relative`).
    pub fn is_relative(self) -> bool {
        matches!(self, Scheme::Newbob | Scheme::NewbobRel | Scheme::NewbobRelative)
    }
}

/// `learning_rates`: presets per epoch (a list for epochs 1..n, or a dict with gaps).
#[derive(Clone, Debug, PartialEq)]
pub enum LearningRates {
    List(Vec<Number>),
    Dict(Vec<(i64, Number)>),
}

impl LearningRates {
    pub fn to_py(&self) -> PyValue {
        match self {
            LearningRates::List(v) => PyValue::List(v.iter().map(|n| n.to_py()).collect()),
            LearningRates::Dict(v) => PyValue::Dict(v.iter().map(|(e, n)| (PyValue::Int(*e), n.to_py())).collect()),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            LearningRates::List(v) => v.is_empty(),
            LearningRates::Dict(v) => v.is_empty(),
        }
    }

    /// The values with their epochs.
    pub fn entries(&self) -> Vec<(i64, Number)> {
        match self {
            LearningRates::List(v) => v.iter().enumerate().map(|(i, n)| (i as i64 + 1, *n)).collect(),
            LearningRates::Dict(v) => v.clone(),
        }
    }
}

impl Serialize for LearningRates {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            LearningRates::List(v) => v.serialize(s),
            LearningRates::Dict(v) => {
                let mut m = s.serialize_map(Some(v.len()))?;
                for (e, n) in v {
                    m.serialize_entry(&e.to_string(), n)?;
                }
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for LearningRates {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<LearningRates, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Array(items) => items
                .into_iter()
                .map(Number::deserialize)
                .collect::<std::result::Result<Vec<_>, _>>()
                .map(LearningRates::List)
                .map_err(de::Error::custom),
            serde_json::Value::Object(m) => {
                let mut out = Vec::with_capacity(m.len());
                for (k, v) in m {
                    let e = k.trim().parse::<i64>().map_err(|_| de::Error::custom(format!("epoch key {k:?} is not an int")))?;
                    out.push((e, Number::deserialize(v).map_err(de::Error::custom)?));
                }
                Ok(LearningRates::Dict(out))
            }
            other => Err(de::Error::custom(format!("learning_rates must be a list or a dict, found {other}"))),
        }
    }
}

/// `learning_rate_control_error_measure`: one key or a list of keys (preferred first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorMeasure {
    Key(String),
    Keys(Vec<String>),
}

impl ErrorMeasure {
    pub fn to_py(&self) -> PyValue {
        match self {
            ErrorMeasure::Key(k) => PyValue::Str(k.clone()),
            ErrorMeasure::Keys(ks) => PyValue::List(ks.iter().map(|k| PyValue::Str(k.clone())).collect()),
        }
    }
}

/// Everything RETURNN's learning-rate control reads (spec section 2). `None` = RETURNN's default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LrControlSettings {
    /// `learning_rate_control` (default `"constant"`).
    pub scheme: Scheme,
    /// `learning_rate`: the default/initial LR (RETURNN default `1.0`). Always exported.
    pub learning_rate: Number,
    /// `learning_rates`: presets (warmup list or epoch dict).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learning_rates: Option<LearningRates>,
    /// `min_learning_rate` (default `0.0`), clamp applied right after a decay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_learning_rate: Option<Number>,
    /// `learning_rate_decay` (takes precedence over `newbob_learning_rate_decay`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "some_factor::deserialize")]
    pub learning_rate_decay: Option<Factor>,
    /// `newbob_learning_rate_decay` (default `0.5`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "some_factor::deserialize")]
    pub newbob_learning_rate_decay: Option<Factor>,
    /// `learning_rate_growth` (takes precedence over `newbob_learning_rate_growth`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "some_factor::deserialize")]
    pub learning_rate_growth: Option<Factor>,
    /// `newbob_learning_rate_growth` (default `1.0`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "some_factor::deserialize")]
    pub newbob_learning_rate_growth: Option<Factor>,
    /// `newbob_relative_error_threshold` (relative and multi-epoch schemes; default `-0.01`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_relative_error_threshold: Option<Number>,
    /// `newbob_relative_error_grow_threshold` (multi-epoch; default = the threshold).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_relative_error_grow_threshold: Option<Number>,
    /// `newbob_error_threshold` (newbob_abs; default `-0.01`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_error_threshold: Option<Number>,
    /// `newbob_multi_num_epochs` (default `5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_multi_num_epochs: Option<i64>,
    /// `newbob_multi_update_interval` (default = `newbob_multi_num_epochs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_multi_update_interval: Option<i64>,
    /// `newbob_relative_error_div_by_old` (default `False`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_relative_error_div_by_old: Option<bool>,
    /// `learning_rate_control_error_measure` (default: RETURNN's key search, spec section 4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_measure: Option<ErrorMeasure>,
    /// `learning_rate_control_relative_error_relative_lr` (default `False`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_error_relative_lr: Option<bool>,
    /// `learning_rate_control_min_num_epochs_per_new_lr` (default `0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_num_epochs_per_new_lr: Option<i64>,
    /// `learning_rate_file` (default: none). Exported as written; the simulator never touches disk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learning_rate_file: Option<String>,
}

impl Default for LrControlSettings {
    fn default() -> Self {
        LrControlSettings {
            scheme: Scheme::Constant,
            learning_rate: Number::Float(1.0),
            learning_rates: None,
            min_learning_rate: None,
            learning_rate_decay: None,
            newbob_learning_rate_decay: None,
            learning_rate_growth: None,
            newbob_learning_rate_growth: None,
            newbob_relative_error_threshold: None,
            newbob_relative_error_grow_threshold: None,
            newbob_error_threshold: None,
            newbob_multi_num_epochs: None,
            newbob_multi_update_interval: None,
            newbob_relative_error_div_by_old: None,
            error_measure: None,
            relative_error_relative_lr: None,
            min_num_epochs_per_new_lr: None,
            learning_rate_file: None,
        }
    }
}

impl LrControlSettings {
    /// The decay factor RETURNN applies: `learning_rate_decay`, else `newbob_learning_rate_decay`,
    /// else `0.5`.
    pub fn effective_decay(&self) -> Factor {
        self.learning_rate_decay.or(self.newbob_learning_rate_decay).unwrap_or(Factor::Value(Number::Float(0.5)))
    }

    /// The growth factor RETURNN applies (default `1.0`).
    pub fn effective_growth(&self) -> Factor {
        self.learning_rate_growth.or(self.newbob_learning_rate_growth).unwrap_or(Factor::Value(Number::Float(1.0)))
    }

    /// The threshold of the current scheme (`-0.01` unless set); `None` for `constant`.
    pub fn effective_threshold(&self) -> Option<f64> {
        match self.scheme {
            Scheme::Constant => None,
            Scheme::NewbobAbs => Some(self.newbob_error_threshold.map_or(-0.01, Number::as_f64)),
            _ => Some(self.newbob_relative_error_threshold.map_or(-0.01, Number::as_f64)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Optimizer, gradient, run

/// Keys of an optimizer dict whose JSON arrays are Python tuples.
pub const TUPLE_KWARGS: [&str; 4] = ["betas", "etas", "step_sizes", "eps"];

/// A JSON value as the Python value RETURNN would hold under `key` (arrays → lists, except the
/// tuple-valued optimizer kwargs [`TUPLE_KWARGS`], which become tuples, also inside the
/// `optimizer` dict; the decimal string keys of a dict-form `learning_rates` become ints).
pub fn json_to_py_for_key(key: &str, v: &serde_json::Value) -> PyValue {
    match (key, v) {
        (k, serde_json::Value::Array(items)) if TUPLE_KWARGS.contains(&k) => {
            PyValue::Tuple(items.iter().map(json_to_py).collect())
        }
        // Dict-form presets: JSON keys are the decimal epochs (Python int keys).
        ("learning_rates", serde_json::Value::Object(m)) => PyValue::Dict(
            m.iter()
                .map(|(k, v)| {
                    let key = k.trim().parse::<i64>().map(PyValue::Int).unwrap_or_else(|_| PyValue::Str(k.clone()));
                    (key, json_to_py(v))
                })
                .collect(),
        ),
        ("optimizer", serde_json::Value::Object(m)) => {
            PyValue::Dict(m.iter().map(|(k, v)| (PyValue::Str(k.clone()), json_to_py_for_key(k, v))).collect())
        }
        _ => json_to_py(v),
    }
}

/// The RETURNN `optimizer` dict: `class` plus the constructor kwargs, in order (torch backend:
/// `epsilon` becomes `eps`, `lr` is rejected; see the optimizer spec). Default `{"class": "sgd"}`
/// (RETURNN's classic default optimizer; the torch backend itself has none and needs it set).
#[derive(Clone, Debug, PartialEq)]
pub struct OptimizerSettings {
    /// `"adam"`, `"AdamW"`, `"torch.optim.SGD"`, `"returnn.torch.optim.lion.Lion"`, ...
    pub class: String,
    /// The other keys, as Python values (tuples for `betas` etc.), in dict order.
    pub kwargs: Vec<(String, PyValue)>,
}

impl Default for OptimizerSettings {
    fn default() -> Self {
        OptimizerSettings { class: "sgd".into(), kwargs: Vec::new() }
    }
}

impl OptimizerSettings {
    /// `{"class": ..., **kwargs}` as a Python dict.
    pub fn to_py(&self) -> PyValue {
        let mut items = vec![(PyValue::Str("class".into()), PyValue::Str(self.class.clone()))];
        items.extend(self.kwargs.iter().map(|(k, v)| (PyValue::Str(k.clone()), v.clone())));
        PyValue::Dict(items)
    }

    /// Reads a RETURNN optimizer dict (`field` names it in errors).
    pub fn from_py(v: &PyValue, field: &str) -> Result<OptimizerSettings> {
        let PyValue::Dict(items) = v else {
            return Err(Error::invalid(
                field,
                format!("must be a dict with \"class\" for the torch backend, found {} (RETURNN raises ValueError)", v.type_name()),
            ));
        };
        let mut class = None;
        let mut kwargs = Vec::new();
        for (k, val) in items {
            let PyValue::Str(k) = k else {
                return Err(Error::invalid(field, format!("keys must be strings, found {}", k.repr())));
            };
            if k == "class" {
                match val {
                    PyValue::Str(c) => class = Some(c.clone()),
                    other => return Err(Error::invalid(format!("{field}.class"), format!("must be a class name string, found {}", other.type_name()))),
                }
            } else {
                kwargs.retain(|(old, _): &(String, PyValue)| old != k);
                kwargs.push((k.clone(), val.clone()));
            }
        }
        let class = class.ok_or_else(|| Error::invalid(field, "has no \"class\" (RETURNN raises ValueError)"))?;
        Ok(OptimizerSettings { class, kwargs })
    }

    /// The value of a kwarg, if given.
    pub fn kwarg(&self, name: &str) -> Option<&PyValue> {
        self.kwargs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

impl Serialize for OptimizerSettings {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        py_to_json(&self.to_py()).serialize(s)
    }
}

impl<'de> Deserialize<'de> for OptimizerSettings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<OptimizerSettings, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        OptimizerSettings::from_py(&json_to_py_for_key("optimizer", &v), "optimizer").map_err(de::Error::custom)
    }
}

/// The torch updater's gradient options (spec 10.1). `None` = off (RETURNN's `0` / `1`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct GradientSettings {
    /// `gradient_clip`: clamp each element to [-v, v].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clip: Option<Number>,
    /// `gradient_clip_global_norm`: scale by `min(1, v / (norm + 1e-6))`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clip_global_norm: Option<Number>,
    /// `gradient_noise`: truncated-normal noise with this std, before clipping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noise: Option<Number>,
    /// `accum_grad_multiple_step`: sum this many mini-batch gradients per update (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accum_grad_multiple_step: Option<i64>,
}

/// The simulated training run (not RETURNN config, except `num_epochs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunSettings {
    /// The surface (JSON `{"name": "noisy_quadratic", "dim": 100}`, `{"name": "quadratic",
    /// "a": 1.0, "b": 10.0}`, ...; see `engine::surface`).
    pub surface: Surface,
    /// Start point; empty = the surface's default start.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub start: Vec<f64>,
    /// `num_epochs` (RETURNN's own default is 5; the explorer's default run is longer).
    pub num_epochs: i64,
    /// Optimizer updates per epoch (each one sums `accum_grad_multiple_step` mini-batch
    /// gradients, as RETURNN's torch engine does).
    pub steps_per_epoch: i64,
    /// Standard deviation of the mini-batch gradient noise at batch size 1 (scaled by
    /// `1/sqrt(batch_size)`; the noisy quadratic also scales it by the curvature).
    pub batch_noise: f64,
    /// Mini-batch size (only scales the noise: std ∝ 1/sqrt(batch_size)).
    pub batch_size: u64,
    /// The seed of every random draw of the run.
    pub seed: u64,
    /// Standard deviation of the noise on the dev score (the held-out view).
    pub dev_noise: f64,
    /// Added to the dev loss: the generalization gap (≥ 0 makes dev worse than train).
    pub generalization_gap: f64,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            surface: Surface::NoisyQuadratic { dim: crate::engine::surface::DEFAULT_NQM_DIM },
            start: Vec::new(),
            num_epochs: 30,
            steps_per_epoch: 100,
            batch_noise: 1.0,
            batch_size: 32,
            seed: 0,
            dev_noise: 0.0,
            generalization_gap: 0.0,
        }
    }
}

/// What runs: the full simulation, or only the LR control on given scores.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Simulate,
    /// Only the LR control runs; epoch `i+1` gets `dev_scores[i]` (as `dev_score_output`) and, if
    /// given, `train_scores[i]` (as `train_score_output`). The run has one epoch per dev score
    /// (`run` is not used).
    ScoresOnly {
        #[serde(with = "float_vec")]
        dev_scores: Vec<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_float_vec")]
        train_scores: Option<Vec<f64>>,
    },
}

fn same_floats(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| Number::Float(*x).same(Number::Float(*y)))
}

impl PartialEq for Mode {
    /// NaN scores compare equal (a round trip keeps them).
    fn eq(&self, other: &Mode) -> bool {
        match (self, other) {
            (Mode::Simulate, Mode::Simulate) => true,
            (Mode::ScoresOnly { dev_scores: d1, train_scores: t1 }, Mode::ScoresOnly { dev_scores: d2, train_scores: t2 }) => {
                same_floats(d1, d2)
                    && match (t1, t2) {
                        (None, None) => true,
                        (Some(a), Some(b)) => same_floats(a, b),
                        _ => false,
                    }
            }
            _ => false,
        }
    }
}

/// One run's complete settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lr_control: LrControlSettings,
    pub optimizer: OptimizerSettings,
    pub gradient: GradientSettings,
    pub run: RunSettings,
    pub mode: Mode,
    /// Other config keys, passed through verbatim as JSON values (TF-only options such as
    /// `optimizer_epsilon`, `use_learning_rate_control_always`; sorted by key).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// A trap in the settings: the RETURNN key and what will happen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub field: String,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Limits that keep a run (and a browser tab) bounded.
pub const MAX_EPOCHS: i64 = 100_000;
/// Updates per run (every update is kept in the step table).
pub const MAX_UPDATES: i64 = 2_000_000;
/// Coordinate-gradient evaluations per run: updates × accum_grad_multiple_step × dimension.
pub const MAX_WORK: i64 = 4_000_000_000;

// ---------------------------------------------------------------------------------------------
// Settings <-> RETURNN config map

fn push_num(out: &mut Vec<(String, PyValue)>, key: &str, v: Option<Number>) {
    if let Some(n) = v {
        out.push((key.into(), n.to_py()));
    }
}

fn push_factor(out: &mut Vec<(String, PyValue)>, key: &str, v: Option<Factor>) {
    if let Some(f) = v {
        out.push((key.into(), f.to_py()));
    }
}

fn push_int(out: &mut Vec<(String, PyValue)>, key: &str, v: Option<i64>) {
    if let Some(i) = v {
        out.push((key.into(), PyValue::Int(i)));
    }
}

fn push_bool(out: &mut Vec<(String, PyValue)>, key: &str, v: Option<bool>) {
    if let Some(b) = v {
        out.push((key.into(), PyValue::Bool(b)));
    }
}

/// A value read with RETURNN's float reader: ints stay ints, floats and numpy float64 are floats,
/// strings are converted like Python `float()`.
fn read_number(key: &str, v: &PyValue) -> Result<Number> {
    match v {
        PyValue::Int(i) => Ok(Number::Int(*i)),
        PyValue::Float(f) => Ok(Number::Float(*f)),
        PyValue::Np { kind: NpKind::Float64 | NpKind::Float32, value, .. } => Ok(Number::Float(*value)),
        PyValue::Np { kind: NpKind::Int64, value, .. } => Ok(Number::Int(*value as i64)),
        PyValue::Str(s) => py_float_from_str(s)
            .map(Number::Float)
            .ok_or_else(|| Error::invalid(key, format!("could not convert string to float: {}", v.repr()))),
        other => Err(Error::invalid(key, format!("must be a number, found {} {}", other.type_name(), other.repr()))),
    }
}

fn read_factor(key: &str, v: &PyValue) -> Result<Factor> {
    match v {
        PyValue::None => Ok(Factor::None),
        PyValue::Str(_) => Err(Error::invalid(key, format!("must be a float or None, found the string {} (RETURNN raises AssertionError when it is applied)", v.repr()))),
        _ => read_number(key, v).map(Factor::Value),
    }
}

fn read_int(key: &str, v: &PyValue) -> Result<i64> {
    match v {
        PyValue::Int(i) => Ok(*i),
        PyValue::Bool(b) => Ok(i64::from(*b)),
        PyValue::Np { kind: NpKind::Int64, value, .. } => Ok(*value as i64),
        other => Err(Error::invalid(key, format!("must be an int, found {} {} (RETURNN's int reader raises AssertionError)", other.type_name(), other.repr()))),
    }
}

/// `None` (typed None acts as False) or a bool.
fn read_bool(key: &str, v: &PyValue) -> Result<Option<bool>> {
    match v {
        PyValue::None => Ok(None),
        PyValue::Bool(b) => Ok(Some(*b)),
        PyValue::Int(i) => Ok(Some(*i != 0)),
        other => Err(Error::invalid(key, format!("must be a bool, found {} {} (RETURNN raises AssertionError)", other.type_name(), other.repr()))),
    }
}

fn read_learning_rates(key: &str, v: &PyValue) -> Result<Option<LearningRates>> {
    match v {
        PyValue::None => Ok(None),
        PyValue::List(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| read_number(&format!("{key}[{i}]"), x))
            .collect::<Result<Vec<_>>>()
            .map(|v| Some(LearningRates::List(v))),
        PyValue::Dict(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (k, x) in items {
                let e = read_int(&format!("{key} key {}", k.repr()), k)?;
                out.retain(|(old, _): &(i64, Number)| *old != e);
                out.push((e, read_number(&format!("{key}[{e}]"), x)?));
            }
            Ok(Some(LearningRates::Dict(out)))
        }
        PyValue::Tuple(_) => Err(Error::invalid(key, "must be a list or a dict, not a tuple (RETURNN raises AssertionError)")),
        other => Err(Error::invalid(key, format!("must be a list or a dict, found {}", other.type_name()))),
    }
}

fn read_error_measure(key: &str, v: &PyValue) -> Result<Option<ErrorMeasure>> {
    match v {
        PyValue::None => Ok(None),
        PyValue::Str(s) => Ok(Some(ErrorMeasure::Key(s.clone()))),
        PyValue::List(items) | PyValue::Tuple(items) => items
            .iter()
            .map(|x| match x {
                PyValue::Str(s) => Ok(s.clone()),
                other => Err(Error::invalid(key, format!("list entries must be strings, found {}", other.type_name()))),
            })
            .collect::<Result<Vec<_>>>()
            .map(|v| Some(ErrorMeasure::Keys(v))),
        other => Err(Error::invalid(key, format!("must be a string or a list of strings, found {} (RETURNN raises AssertionError)", other.type_name()))),
    }
}

impl Settings {
    /// The RETURNN config map these settings stand for: every set knob plus the essentials
    /// (`learning_rate_control`, `learning_rate`, `optimizer`, `num_epochs`), in the documented
    /// export order ([`keys::key_rank`]); `other` keys last, sorted.
    pub fn to_config(&self) -> Vec<(String, PyValue)> {
        let c = &self.lr_control;
        let mut out: Vec<(String, PyValue)> = Vec::new();
        out.push(("learning_rate_control".into(), PyValue::Str(c.scheme.name().into())));
        out.push(("learning_rate".into(), c.learning_rate.to_py()));
        if let Some(lrs) = &c.learning_rates {
            out.push(("learning_rates".into(), lrs.to_py()));
        }
        push_num(&mut out, "min_learning_rate", c.min_learning_rate);
        push_factor(&mut out, "learning_rate_decay", c.learning_rate_decay);
        push_factor(&mut out, "newbob_learning_rate_decay", c.newbob_learning_rate_decay);
        push_factor(&mut out, "learning_rate_growth", c.learning_rate_growth);
        push_factor(&mut out, "newbob_learning_rate_growth", c.newbob_learning_rate_growth);
        push_num(&mut out, "newbob_relative_error_threshold", c.newbob_relative_error_threshold);
        push_num(&mut out, "newbob_relative_error_grow_threshold", c.newbob_relative_error_grow_threshold);
        push_num(&mut out, "newbob_error_threshold", c.newbob_error_threshold);
        push_int(&mut out, "newbob_multi_num_epochs", c.newbob_multi_num_epochs);
        push_int(&mut out, "newbob_multi_update_interval", c.newbob_multi_update_interval);
        push_bool(&mut out, "newbob_relative_error_div_by_old", c.newbob_relative_error_div_by_old);
        if let Some(m) = &c.error_measure {
            out.push(("learning_rate_control_error_measure".into(), m.to_py()));
        }
        push_bool(&mut out, "learning_rate_control_relative_error_relative_lr", c.relative_error_relative_lr);
        push_int(&mut out, "learning_rate_control_min_num_epochs_per_new_lr", c.min_num_epochs_per_new_lr);
        if let Some(f) = &c.learning_rate_file {
            out.push(("learning_rate_file".into(), PyValue::Str(f.clone())));
        }
        out.push(("optimizer".into(), self.optimizer.to_py()));
        let g = &self.gradient;
        push_num(&mut out, "gradient_clip", g.clip);
        push_num(&mut out, "gradient_clip_global_norm", g.clip_global_norm);
        push_num(&mut out, "gradient_noise", g.noise);
        push_int(&mut out, "accum_grad_multiple_step", g.accum_grad_multiple_step);
        out.push(("num_epochs".into(), PyValue::Int(self.run.num_epochs)));
        for (k, v) in &self.other {
            out.push((k.clone(), json_to_py_for_key(k, v)));
        }
        out
    }

    /// The LR-control part of [`to_config`](Self::to_config) only (what `lr_control` reads).
    pub fn lr_control_config(&self) -> Vec<(String, PyValue)> {
        let not_lr_control = |k: &str| keys::config_key(k).is_some_and(|k| k.backend == Backend::Both && k.group != Group::LrControl);
        self.to_config().into_iter().filter(|(k, _)| !not_lr_control(k)).collect()
    }

    /// Settings from a RETURNN config map (e.g. the `values` of `returnn::config::import`).
    /// Keys not given keep RETURNN's default (run settings keep the explorer's defaults); keys
    /// Settings has no field for go to `other`. A value of the wrong type is `Error::Invalid`
    /// naming the key. A later duplicate key overrides an earlier one (as in Python).
    pub fn from_config(values: &[(String, PyValue)]) -> Result<Settings> {
        let mut s = Settings::default();
        for (key, v) in values {
            let k = key.as_str();
            let c = &mut s.lr_control;
            match k {
                "learning_rate_control" => {
                    c.scheme = match v {
                        PyValue::None => Scheme::Constant,
                        PyValue::Str(name) => Scheme::from_name(name).ok_or_else(|| {
                            Error::invalid(k, format!("unknown scheme {} (RETURNN raises AssertionError); known: constant, newbob, newbob_rel, newbob_relative, newbob_abs, newbob_multi_epoch", v.repr()))
                        })?,
                        other => return Err(Error::invalid(k, format!("must be a string, found {}", other.type_name()))),
                    }
                }
                "learning_rate" => c.learning_rate = read_number(k, v)?,
                "learning_rates" => c.learning_rates = read_learning_rates(k, v)?,
                "min_learning_rate" => c.min_learning_rate = Some(read_number(k, v)?),
                "learning_rate_decay" => c.learning_rate_decay = Some(read_factor(k, v)?),
                "newbob_learning_rate_decay" => c.newbob_learning_rate_decay = Some(read_factor(k, v)?),
                "learning_rate_growth" => c.learning_rate_growth = Some(read_factor(k, v)?),
                "newbob_learning_rate_growth" => c.newbob_learning_rate_growth = Some(read_factor(k, v)?),
                "newbob_relative_error_threshold" => c.newbob_relative_error_threshold = Some(read_number(k, v)?),
                "newbob_relative_error_grow_threshold" => c.newbob_relative_error_grow_threshold = Some(read_number(k, v)?),
                "newbob_error_threshold" => c.newbob_error_threshold = Some(read_number(k, v)?),
                "newbob_multi_num_epochs" => c.newbob_multi_num_epochs = Some(read_int(k, v)?),
                "newbob_multi_update_interval" => c.newbob_multi_update_interval = Some(read_int(k, v)?),
                "newbob_relative_error_div_by_old" => c.newbob_relative_error_div_by_old = read_bool(k, v)?,
                "learning_rate_control_error_measure" => c.error_measure = read_error_measure(k, v)?,
                "learning_rate_control_relative_error_relative_lr" => c.relative_error_relative_lr = read_bool(k, v)?,
                "learning_rate_control_min_num_epochs_per_new_lr" => c.min_num_epochs_per_new_lr = Some(read_int(k, v)?),
                "learning_rate_file" => {
                    c.learning_rate_file = match v {
                        PyValue::None => None,
                        PyValue::Str(p) => Some(p.clone()),
                        other => return Err(Error::invalid(k, format!("must be a path string, found {}", other.type_name()))),
                    }
                }
                "optimizer" => s.optimizer = OptimizerSettings::from_py(v, k)?,
                "gradient_clip" => s.gradient.clip = Some(read_number(k, v)?),
                "gradient_clip_global_norm" => s.gradient.clip_global_norm = Some(read_number(k, v)?),
                "gradient_noise" => s.gradient.noise = Some(read_number(k, v)?),
                "accum_grad_multiple_step" => s.gradient.accum_grad_multiple_step = Some(read_int(k, v)?),
                "num_epochs" => s.run.num_epochs = read_int(k, v)?,
                _ => {
                    s.other.insert(key.clone(), py_to_json(v));
                }
            }
        }
        Ok(s)
    }

    /// The same settings with every knob that equals RETURNN's default unset (same type and
    /// value, e.g. `newbob_learning_rate_decay = 0.5`), and empty presets dropped: what the
    /// exporter writes and what an import of the export gives back.
    pub fn normalized(&self) -> Settings {
        fn drop_eq(v: &mut Option<Number>, default: f64) {
            if matches!(v, Some(Number::Float(f)) if f.to_bits() == default.to_bits()) {
                *v = None;
            }
        }
        fn drop_factor(v: &mut Option<Factor>, default: f64) {
            if matches!(v, Some(Factor::Value(Number::Float(f))) if f.to_bits() == default.to_bits()) {
                *v = None;
            }
        }
        let mut s = self.clone();
        let c = &mut s.lr_control;
        if c.learning_rates.as_ref().is_some_and(LearningRates::is_empty) {
            c.learning_rates = None;
        }
        drop_eq(&mut c.min_learning_rate, 0.0);
        // `learning_rate_decay` overrides the newbob_ name; only the newbob_ default is implicit.
        drop_factor(&mut c.newbob_learning_rate_decay, 0.5);
        drop_factor(&mut c.newbob_learning_rate_growth, 1.0);
        // (the grow threshold defaults to the threshold's value, so -0.01 stays implied)
        drop_eq(&mut c.newbob_relative_error_threshold, -0.01);
        drop_eq(&mut c.newbob_error_threshold, -0.01);
        if c.newbob_multi_num_epochs == Some(5) {
            c.newbob_multi_num_epochs = None;
        }
        for b in [&mut c.newbob_relative_error_div_by_old, &mut c.relative_error_relative_lr] {
            if *b == Some(false) {
                *b = None;
            }
        }
        if c.min_num_epochs_per_new_lr == Some(0) {
            c.min_num_epochs_per_new_lr = None;
        }
        if c.learning_rate_file.as_deref() == Some("") {
            c.learning_rate_file = None;
        }
        if s.gradient.accum_grad_multiple_step == Some(1) {
            s.gradient.accum_grad_multiple_step = None;
        }
        for g in [&mut s.gradient.clip, &mut s.gradient.clip_global_norm, &mut s.gradient.noise] {
            drop_eq(g, 0.0);
        }
        s
    }

    /// Checks what the simulator needs (RETURNN-level errors such as an int learning rate are
    /// not rejected here: the LR control raises them as RETURNN would, and [`warnings`](Self::warnings)
    /// flags them up front).
    pub fn validate(&self) -> Result<()> {
        let r = &self.run;
        if !(1..=MAX_EPOCHS).contains(&r.num_epochs) {
            return Err(Error::invalid("num_epochs", format!("must be between 1 and {MAX_EPOCHS}, found {}", r.num_epochs)));
        }
        if let Mode::ScoresOnly { dev_scores, train_scores } = &self.mode {
            if dev_scores.is_empty() {
                return Err(Error::invalid("dev_scores", "needs at least one score"));
            }
            // One epoch per score: the same bound as num_epochs.
            if dev_scores.len() > MAX_EPOCHS as usize {
                return Err(Error::Limit { what: "dev_scores (one epoch each)".into(), limit: MAX_EPOCHS as usize });
            }
            if let Some(t) = train_scores {
                if t.len() != dev_scores.len() {
                    return Err(Error::invalid("train_scores", format!("has {} entries but dev_scores has {}", t.len(), dev_scores.len())));
                }
            }
            return Ok(());
        }
        if r.steps_per_epoch < 1 {
            return Err(Error::invalid("steps_per_epoch", format!("must be at least 1, found {}", r.steps_per_epoch)));
        }
        let updates = r.num_epochs.saturating_mul(r.steps_per_epoch);
        if updates > MAX_UPDATES {
            return Err(Error::Limit { what: "num_epochs × steps_per_epoch".into(), limit: MAX_UPDATES as usize });
        }
        let accum = self.gradient.accum_grad_multiple_step.unwrap_or(1).max(1);
        let dim = i64::try_from(r.surface.dim()).unwrap_or(i64::MAX);
        if updates.saturating_mul(accum).saturating_mul(dim) > MAX_WORK {
            return Err(Error::Limit { what: "num_epochs × steps_per_epoch × accum_grad_multiple_step × surface dimension".into(), limit: MAX_WORK as usize });
        }
        for (field, v) in [("batch_noise", r.batch_noise), ("dev_noise", r.dev_noise)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::invalid(field, format!("must be a finite number >= 0, found {}", crate::py::value::float_repr(v))));
            }
        }
        if r.batch_size < 1 {
            return Err(Error::invalid("batch_size", "must be at least 1"));
        }
        r.surface.validate()?;
        if !r.start.is_empty() && r.start.len() != r.surface.dim() {
            return Err(Error::invalid("start", format!("has {} coordinates but the surface has {}", r.start.len(), r.surface.dim())));
        }
        if !r.generalization_gap.is_finite() {
            return Err(Error::invalid("generalization_gap", "must be finite"));
        }
        if r.start.iter().any(|x| !x.is_finite()) {
            return Err(Error::invalid("start", "every coordinate must be finite"));
        }
        if let Some(a) = self.gradient.accum_grad_multiple_step {
            if a < 1 {
                return Err(Error::invalid("accum_grad_multiple_step", format!("must be at least 1, found {a}")));
            }
        }
        for (field, v) in [("gradient_clip", self.gradient.clip), ("gradient_clip_global_norm", self.gradient.clip_global_norm), ("gradient_noise", self.gradient.noise)] {
            if let Some(n) = v {
                let f = n.as_f64();
                if !(f.is_finite() && f >= 0.0) {
                    return Err(Error::invalid(field, format!("must be a finite number >= 0, found {n}")));
                }
            }
        }
        Ok(())
    }

    /// The traps in these settings (nothing here stops a run; RETURNN would run or raise exactly
    /// as described).
    pub fn warnings(&self) -> Vec<Warning> {
        let mut w = Vec::new();
        let mut add = |field: &str, message: String| w.push(Warning { field: field.into(), message });
        let c = &self.lr_control;
        if let Number::Int(i) = c.learning_rate {
            add("learning_rate", format!("learning_rate = {i} is an int: RETURNN raises TypeError when an epoch first uses it; write {}", Number::Int(i).to_float()));
        }
        if let Some(lrs) = &c.learning_rates {
            for (e, n) in lrs.entries() {
                if n.is_int() {
                    add("learning_rates", format!("the preset for epoch {e} ({n}) is an int: RETURNN raises TypeError when the control is built; write {}", n.to_float()));
                }
            }
        }
        if let Some(Number::Int(i)) = c.min_learning_rate {
            add("min_learning_rate", format!("min_learning_rate = {i} is an int: if a decay reaches it, RETURNN stores the int and raises TypeError; write {}", Number::Int(i).to_float()));
        }
        for (key, f) in [
            ("learning_rate_decay", c.learning_rate_decay),
            ("newbob_learning_rate_decay", c.newbob_learning_rate_decay),
            ("learning_rate_growth", c.learning_rate_growth),
            ("newbob_learning_rate_growth", c.newbob_learning_rate_growth),
        ] {
            if let Some(Factor::Value(Number::Int(i))) = f {
                add(key, format!("{key} = {i} is an int: RETURNN raises AssertionError the first time it is applied; write {}", Number::Int(i).to_float()));
            }
        }
        if c.learning_rate_decay.is_some() && c.newbob_learning_rate_decay.is_some() {
            add("newbob_learning_rate_decay", "ignored: learning_rate_decay takes precedence".into());
        }
        if c.learning_rate_growth.is_some() && c.newbob_learning_rate_growth.is_some() {
            add("newbob_learning_rate_growth", "ignored: learning_rate_growth takes precedence".into());
        }
        if let Some(min) = c.min_learning_rate {
            let start = c.learning_rates.as_ref().and_then(|l| l.entries().first().map(|(_, n)| n.as_f64())).unwrap_or(c.learning_rate.as_f64());
            if min.as_f64() > start {
                add("min_learning_rate", format!("min_learning_rate {min} is above the start LR {}: the first decay raises the LR to the minimum", Number::Float(start)));
            }
        }
        if c.scheme == Scheme::NewbobMultiEpoch {
            let thr = c.newbob_relative_error_threshold.map_or(-0.01, Number::as_f64);
            let grow = c.newbob_relative_error_grow_threshold.map_or(thr, Number::as_f64);
            if grow > thr {
                add("newbob_relative_error_grow_threshold", format!("grow threshold {} is above the decay threshold {}: a mean relative error between them makes RETURNN raise AssertionError (decay and grow at once)", Number::Float(grow), Number::Float(thr)));
            }
            if let Some(n) = c.newbob_multi_num_epochs {
                if n < 1 {
                    add("newbob_multi_num_epochs", format!("must be >= 1 (RETURNN raises AssertionError), found {n}"));
                }
            }
            if let Some(n) = c.newbob_multi_update_interval {
                if n < 1 {
                    add("newbob_multi_update_interval", format!("must be >= 1 (RETURNN raises AssertionError), found {n}"));
                }
            }
        }
        let set_keys: Vec<String> = self.to_config().into_iter().map(|(k, _)| k).collect();
        for knob in keys::lr_control_keys() {
            if set_keys.iter().any(|k| k == knob.name) && !knob.used_by(c.scheme) {
                add(knob.name, format!("ignored by learning_rate_control = {:?}", c.scheme.name()));
            }
        }
        let other: Vec<(String, PyValue)> = self.other.iter().map(|(k, v)| (k.clone(), json_to_py_for_key(k, v))).collect();
        for note in tf_only_options(&other) {
            let raises = note.error.map(|e| format!(" (RETURNN's torch backend raises {e})")).unwrap_or_default();
            add(&note.key, format!("{}{raises}", note.message));
        }
        for (key, _) in &other {
            match key.as_str() {
                "use_learning_rate_control_always" | "pretrain_learning_rate" => {
                    add(key, "TF backend only (pretraining): the torch engine asks the LR control for every epoch".into())
                }
                "relative_error_div_by_old" => add(key, "ignored: the key RETURNN reads is newbob_relative_error_div_by_old".into()),
                _ => {}
            }
        }
        for bad in ["lr", "learning_rate"] {
            if self.optimizer.kwarg(bad).is_some() {
                add("optimizer", format!("{bad:?} inside the optimizer dict raises ValueError in RETURNN: the LR comes from learning_rate / the LR control"));
            }
        }
        if let Mode::ScoresOnly { dev_scores, train_scores } = &self.mode {
            let nan_epochs: Vec<String> = dev_scores
                .iter()
                .chain(train_scores.iter().flatten())
                .enumerate()
                .filter(|(_, s)| s.is_nan())
                .map(|(i, _)| ((i % dev_scores.len().max(1)) + 1).to_string())
                .collect();
            if !nan_epochs.is_empty() {
                add("dev_scores", format!("NaN score(s) at epoch(s) {}: a relative error with NaN never decays (and grows when the growth factor is not 1.0)", nan_epochs.join(", ")));
            }
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_int_and_float_apart() {
        let mut s = Settings::default();
        s.lr_control.learning_rate = Number::Int(1);
        s.lr_control.newbob_learning_rate_decay = Some(Factor::None);
        s.lr_control.min_learning_rate = Some(Number::Float(f64::NAN));
        s.optimizer = OptimizerSettings { class: "adam".into(), kwargs: vec![("betas".into(), PyValue::Tuple(vec![PyValue::Float(0.9), PyValue::Float(0.99)]))] };
        s.mode = Mode::ScoresOnly { dev_scores: vec![1.0, f64::NAN], train_scores: None };
        let text = serde_json::to_string(&s).unwrap();
        let back: Settings = serde_json::from_str(&text).unwrap();
        assert_eq!(back, s, "{text}");
        assert!(text.contains("\"learning_rate\":1,"), "{text}");
    }

    #[test]
    fn config_round_trip() {
        let mut s = Settings::default();
        s.lr_control.scheme = Scheme::NewbobMultiEpoch;
        s.lr_control.learning_rates = Some(LearningRates::Dict(vec![(1, Number::Float(0.1)), (4, Number::Float(0.2))]));
        s.gradient.clip = Some(Number::Int(5));
        s.other.insert("optimizer_epsilon".into(), serde_json::json!(1e-8));
        let back = Settings::from_config(&s.to_config()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn invalid_names_the_key() {
        let e = Settings::from_config(&[("newbob_multi_num_epochs".into(), PyValue::Float(3.0))]).unwrap_err();
        assert!(matches!(e, Error::Invalid { ref field, .. } if field == "newbob_multi_num_epochs"), "{e}");
        let e = Settings::from_config(&[("learning_rate_control".into(), PyValue::Str("Newbob".into()))]).unwrap_err();
        assert!(matches!(e, Error::Invalid { ref field, .. } if field == "learning_rate_control"), "{e}");
    }

    #[test]
    fn warns_about_traps() {
        let mut s = Settings::default();
        s.lr_control.learning_rate = Number::Int(1);
        s.lr_control.scheme = Scheme::NewbobMultiEpoch;
        s.lr_control.newbob_relative_error_grow_threshold = Some(Number::Float(0.01));
        s.other.insert("optimizer_epsilon".into(), serde_json::json!(1e-16));
        let fields: Vec<String> = s.warnings().into_iter().map(|w| w.field).collect();
        assert!(fields.contains(&"learning_rate".to_string()));
        assert!(fields.contains(&"newbob_relative_error_grow_threshold".to_string()));
        assert!(fields.contains(&"optimizer_epsilon".to_string()));
        let mut s = Settings::default();
        s.lr_control.scheme = Scheme::Newbob;
        s.lr_control.newbob_error_threshold = Some(Number::Float(-0.1));
        s.lr_control.newbob_relative_error_threshold = Some(Number::Float(-0.1));
        let ignored: Vec<String> = s.warnings().into_iter().filter(|w| w.message.starts_with("ignored by")).map(|w| w.field).collect();
        assert_eq!(ignored, vec!["newbob_error_threshold".to_string()]);
    }

    #[test]
    fn knob_table_covers_every_lr_control_key_in_export_order() {
        let mut s = Settings::default();
        let c = &mut s.lr_control;
        let n = Some(Number::Float(0.1));
        let f = Some(Factor::Value(Number::Float(0.1)));
        c.learning_rates = Some(LearningRates::List(vec![Number::Float(0.1)]));
        (c.min_learning_rate, c.newbob_relative_error_threshold, c.newbob_relative_error_grow_threshold, c.newbob_error_threshold) = (n, n, n, n);
        (c.learning_rate_decay, c.newbob_learning_rate_decay, c.learning_rate_growth, c.newbob_learning_rate_growth) = (f, f, f, f);
        (c.newbob_multi_num_epochs, c.newbob_multi_update_interval, c.min_num_epochs_per_new_lr) = (Some(2), Some(2), Some(2));
        (c.newbob_relative_error_div_by_old, c.relative_error_relative_lr) = (Some(true), Some(true));
        c.error_measure = Some(ErrorMeasure::Key("dev_score".into()));
        c.learning_rate_file = Some("lr.txt".into());
        let keys: Vec<String> = s.lr_control_config().into_iter().map(|(k, _)| k).collect();
        let knobs: Vec<String> = keys::lr_control_keys().map(|k| k.name.to_string()).collect();
        assert_eq!(keys, knobs);
    }
}
