//! The optimizer dict, gradient handling, the simulated run and the whole [`Settings`] tree.
#[allow(unused_imports)]
use super::*;

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
    /// Train the optimizer on the surface; the LR control gets the simulated train and dev scores.
    Simulate,
    /// Only the LR control runs; epoch `i+1` gets `dev_scores[i]` (as `dev_score_output`) and, if
    /// given, `train_scores[i]` (as `train_score_output`). The run has one epoch per dev score
    /// (`run` is not used).
    ScoresOnly {
        #[serde(with = "float_vec")]
        /// Epoch `i+1`'s `dev_score_output`, one epoch per entry (NaN allowed).
        dev_scores: Vec<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_float_vec")]
        /// Epoch `i+1`'s `train_score_output`, if given (one per dev score).
        train_scores: Option<Vec<f64>>,
    },
}

pub(crate) fn same_floats(a: &[f64], b: &[f64]) -> bool {
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
    /// Every key RETURNN's LR control reads (spec section 2).
    pub lr_control: LrControlSettings,
    /// `dynamic_learning_rate` and its keys (`None`: no step-level schedule, the epoch's LR is
    /// the LR of every step).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step_schedule: Option<StepScheduleSettings>,
    /// The `optimizer` dict (torch backend).
    pub optimizer: OptimizerSettings,
    /// `gradient_clip`, `gradient_clip_global_norm`, `gradient_noise`, `accum_grad_multiple_step`.
    pub gradient: GradientSettings,
    /// The simulated run (surface, start, `num_epochs`, steps, noise, seed).
    pub run: RunSettings,
    /// Full simulation, or the LR control on given scores only.
    pub mode: Mode,
    /// Which of the keys the simulator always needs (`optimizer`, `num_epochs`) belong to the
    /// RETURNN config: chosen or imported, not the simulator's own defaults.
    #[serde(skip_serializing_if = "Assigned::is_none")]
    pub assigned: Assigned,
    /// Other config keys, passed through verbatim as JSON values (TF-only options such as
    /// `optimizer_epsilon`, `use_learning_rate_control_always`; sorted by key).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// Which of `optimizer` and `num_epochs` the user assigned for the config (imported, or chosen in
/// the form), as opposed to values the simulator needs anyway (its default SGD, its run length).
/// The snippet writes only assigned ones ([`Settings::assigned_config`]); the simulation uses
/// every value ([`Settings::to_config`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Assigned {
    /// The optimizer dict was imported or chosen.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub optimizer: bool,
    /// `num_epochs` was imported or set for the config (not only the simulator's length).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub num_epochs: bool,
}

impl Assigned {
    /// Neither is assigned.
    pub fn is_none(&self) -> bool {
        !self.optimizer && !self.num_epochs
    }

    /// Whether the config key is written: `optimizer` and `num_epochs` only when assigned,
    /// every other key always.
    pub fn writes(&self, key: &str) -> bool {
        match key {
            "optimizer" => self.optimizer,
            "num_epochs" => self.num_epochs,
            _ => true,
        }
    }
}

/// A trap in the settings: the RETURNN key and what will happen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The RETURNN config key (or settings field) the trap is about.
    pub field: String,
    /// What RETURNN (or torch) will do with it.
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
