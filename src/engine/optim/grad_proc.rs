//! RETURNN's gradient processing around `optimizer.step()` (torch backend, `Updater.step` and
//! the engine's train loop), and the root-level config options that steer it.
//!
//! Per update, in this order:
//! 1. accumulation: the gradients of `accum_grad_multiple_step` train steps are **summed**
//!    (no averaging); a partial accumulation at the end of an epoch is discarded;
//! 2. `gradient_noise`: truncated normal noise (std = value, cut at ±2·std) on each element;
//! 3. `gradient_clip`: each element clamped to `[-v, v]` (`clip_grad_value_`);
//! 4. `gradient_clip_global_norm`: `g *= min(v / (‖g‖₂ + 1e-6), 1)` — always multiplied
//!    (`clip_grad_norm_`);
//! 5. `optimizer.step()` at the current learning rate.

use super::kwargs::truthy;
use super::Optimizer;
use crate::py::error::{Error, PyExc, Result};
use crate::engine::rng::Rng;
use crate::py::value::{str_repr, PyValue};

/// `torch.nn.utils.clip_grad_value_`: clamps each element to `[-clip, clip]` (NaN stays NaN).
pub fn clip_grad_value(grad: &mut [f64], clip: f64) {
    for g in grad.iter_mut() {
        *g = super::clamp_nan(*g, -clip, clip);
    }
}

/// `torch.nn.utils.clip_grad_norm_` for one parameter: multiplies every element by
/// `clamp(max_norm / (‖g‖₂ + 1e-6), max=1)` and returns the norm before clipping. A non-finite
/// norm gives NaN or 0 gradients, as in torch (`error_if_nonfinite=False`).
pub fn clip_grad_norm(grad: &mut [f64], max_norm: f64) -> f64 {
    let total = grad.iter().map(|g| g * g).sum::<f64>().sqrt();
    let coef = max_norm / (total + 1e-6);
    let coef = if coef.is_nan() { coef } else { coef.min(1.0) };
    for g in grad.iter_mut() {
        *g *= coef;
    }
    total
}

/// RETURNN's `gradient_noise_`: adds truncated-normal noise (std, cut at ±2·std) to each element.
pub fn add_gradient_noise(grad: &mut [f64], std: f64, rng: &mut Rng) {
    for g in grad.iter_mut() {
        *g += rng.truncated_normal(std);
    }
}

/// The root-level options of the torch backend's gradient handling. A value of 0 means off,
/// as RETURNN's `config.float(key, 0.0)` truthiness test.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientProcessing {
    /// `gradient_noise`: the standard deviation of the truncated-normal noise (cut at ±2·std)
    /// added to each gradient element; default `0` (off).
    pub gradient_noise: f64,
    /// `gradient_clip`: clamp each gradient element to `[-v, v]` (`clip_grad_value_`); default
    /// `0` (off).
    pub gradient_clip: f64,
    /// `gradient_clip_global_norm`: `max_norm` of `clip_grad_norm_` over all gradients; default
    /// `0` (off).
    pub gradient_clip_global_norm: f64,
    /// Train steps per update (values below 1 behave as 1).
    pub accum_grad_multiple_step: u32,
}

impl Default for GradientProcessing {
    /// Everything off, one train step per update (RETURNN's defaults).
    fn default() -> Self {
        GradientProcessing { gradient_noise: 0.0, gradient_clip: 0.0, gradient_clip_global_norm: 0.0, accum_grad_multiple_step: 1 }
    }
}

impl GradientProcessing {
    /// Steps 2–4 on an (accumulated) gradient. The rng is only drawn from when
    /// `gradient_noise` is set. Returns the global norm measured by the norm clipping, if any.
    pub fn apply(&self, grad: &mut [f64], rng: &mut Rng) -> Option<f64> {
        if self.gradient_noise != 0.0 {
            add_gradient_noise(grad, self.gradient_noise, rng);
        }
        if self.gradient_clip != 0.0 {
            clip_grad_value(grad, self.gradient_clip);
        }
        if self.gradient_clip_global_norm != 0.0 {
            return Some(clip_grad_norm(grad, self.gradient_clip_global_norm));
        }
        None
    }

    /// Reads the options from a RETURNN config (`get(key)` returns the config's value), with
    /// the checks RETURNN's torch `Updater.__init__` makes, in its order: NotImplementedError
    /// for a nonzero TF-only option, ValueError for `grad_clip`.
    pub fn from_config<'a>(get: impl Fn(&str) -> Option<&'a PyValue>) -> Result<GradientProcessing> {
        let gradient_clip = config_float(get("gradient_clip"))?;
        let gradient_clip_global_norm = config_float(get("gradient_clip_global_norm"))?;
        let gradient_noise = config_float(get("gradient_noise"))?;
        for key in TF_ONLY_NOT_IMPLEMENTED {
            if config_float(get(key))? != 0.0 {
                return Err(Error::py(
                    PyExc::NotImplementedError,
                    format!("PyTorch updater: option {key} not supported currently"),
                ));
            }
        }
        if config_float(get("grad_clip"))? != 0.0 {
            return Err(Error::py(PyExc::ValueError, GRAD_CLIP_MESSAGE));
        }
        let accum = match get("accum_grad_multiple_step") {
            None | Some(PyValue::None) => 1,
            Some(PyValue::Int(i)) => (*i).clamp(1, u32::MAX as i64) as u32,
            Some(PyValue::Bool(b)) => u32::from(*b).max(1),
            Some(_) => {
                return Err(Error::py(PyExc::AssertionError, "accum_grad_multiple_step should be an int or callable"))
            }
        };
        Ok(GradientProcessing {
            gradient_noise,
            gradient_clip,
            gradient_clip_global_norm,
            accum_grad_multiple_step: accum,
        })
    }
}

const GRAD_CLIP_MESSAGE: &str =
    "You set grad_clip in the config, but the option is called gradient_clip_global_norm (or other options).";

/// TF-backend options the torch updater rejects with NotImplementedError when nonzero.
pub const TF_ONLY_NOT_IMPLEMENTED: &[&str] = &[
    "gradient_clip_norm",
    "gradient_clip_avg_norm",
    "global_norm_tag",
    "gradient_clip_global_norm_tag",
    "grad_norm_to_clip_to_zero",
    "maximize_grad_norm",
    "debug_grad_summaries",
    "gradient_nan_inf_filter",
];

/// Legacy TF-backend options the torch backend silently ignores.
pub const TF_ONLY_IGNORED: &[&str] =
    &["adam", "nadam", "adadelta", "adagrad", "rmsprop", "momentum", "optimizer_epsilon", "optimizer_use_locking"];

/// RETURNN's `Config.float`: None stays None (0 here), a string is parsed by `float()`, other
/// non-numbers fail the assertion.
fn config_float(v: Option<&PyValue>) -> Result<f64> {
    match v {
        None | Some(PyValue::None) => Ok(0.0),
        Some(PyValue::Str(s)) => parse_py_float(s)
            .ok_or_else(|| Error::py(PyExc::ValueError, format!("could not convert string to float: {}", str_repr(s)))),
        Some(v @ (PyValue::Int(_) | PyValue::BigInt(_) | PyValue::Float(_) | PyValue::Bool(_) | PyValue::Np { .. })) => {
            super::kwargs::float(v)
        }
        Some(_) => Err(Error::py(PyExc::AssertionError, "")),
    }
}

/// Python's `float(str)` for the common spellings (numbers, inf, nan, with surrounding spaces).
fn parse_py_float(s: &str) -> Option<f64> {
    let t = s.trim().replace('_', "");
    let lower = t.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let neg = lower.starts_with('-');
    let special = match unsigned {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    match special {
        Some(x) => Some(if neg { -x } else { x }),
        None => t.parse::<f64>().ok(),
    }
}

/// How the torch backend treats one root-level config option (for the UI's import report).
#[derive(Clone, Debug, PartialEq)]
pub struct RootOptionNote {
    /// The root-level config key (`"gradient_clip_norm"`, `"adam"`, ...).
    pub key: String,
    /// The exception RETURNN's torch backend raises for it, or `None` when it is just ignored.
    pub error: Option<PyExc>,
    /// RETURNN's exception message when `error` is set, else an explanation of why it is ignored.
    pub message: String,
}

/// Reports every TF-only / legacy option in a config and what the torch backend does with it
/// (`entries` as `(key, value)` of the config). Options set to a falsy value are reported as
/// ignored.
pub fn tf_only_options(entries: &[(String, PyValue)]) -> Vec<RootOptionNote> {
    let mut notes = Vec::new();
    for (key, value) in entries {
        let k = key.as_str();
        if TF_ONLY_NOT_IMPLEMENTED.contains(&k) {
            let note = match config_float(Some(value)) {
                Ok(x) if x != 0.0 => RootOptionNote {
                    key: key.clone(),
                    error: Some(PyExc::NotImplementedError),
                    message: format!("PyTorch updater: option {k} not supported currently"),
                },
                Ok(_) => RootOptionNote {
                    key: key.clone(),
                    error: None,
                    message: format!("{k} is TF-only; it is zero, so the torch backend accepts and ignores it"),
                },
                Err(e) => RootOptionNote { key: key.clone(), error: e.py_exc(), message: e.to_string() },
            };
            notes.push(note);
        } else if k == "grad_clip" {
            let set = config_float(Some(value)).map(|x| x != 0.0).unwrap_or(true);
            notes.push(RootOptionNote {
                key: key.clone(),
                error: if set { Some(PyExc::ValueError) } else { None },
                message: if set {
                    GRAD_CLIP_MESSAGE.to_string()
                } else {
                    "grad_clip is not an option (did you mean gradient_clip_global_norm?); zero, so ignored".to_string()
                },
            });
        } else if k == "optimizer_epsilon" {
            notes.push(RootOptionNote {
                key: key.clone(),
                error: None,
                message: format!(
                    "optimizer_epsilon = {} is ignored by torch; the TF backend would use it as eps (default 1e-16). \
                     The torch classes keep their own eps (Adam: 1e-8) unless the optimizer dict sets \"epsilon\"",
                    value.repr()
                ),
            });
        } else if TF_ONLY_IGNORED.contains(&k) {
            let what = if truthy(value) { "set" } else { "unset" };
            notes.push(RootOptionNote {
                key: key.clone(),
                error: None,
                message: format!(
                    "{k} ({what}) is a legacy TF-backend option; the torch backend ignores it and needs an explicit optimizer dict"
                ),
            });
        } else if k == "decouple_constraints" && !truthy(value) {
            notes.push(RootOptionNote {
                key: key.clone(),
                error: Some(PyExc::AssertionError),
                message: "L2/weight_decay constraints are decoupled in PyTorch, but decouple_constraints=False was \
                          explicitly specified in the config."
                    .to_string(),
            });
        }
    }
    notes
}

/// Sums the gradients of consecutive train steps (RETURNN's `accum_grad_multiple_step`).
#[derive(Clone, Debug, PartialEq)]
pub struct GradAccumulator {
    k: u32,
    count: u32,
    sum: Vec<f64>,
}

impl GradAccumulator {
    /// An empty accumulator that yields a sum every `accum_grad_multiple_step` train steps
    /// (0 behaves as 1).
    pub fn new(accum_grad_multiple_step: u32) -> GradAccumulator {
        GradAccumulator { k: accum_grad_multiple_step.max(1), count: 0, sum: Vec::new() }
    }

    /// Adds one train step's gradient; returns the summed gradient when an update is due.
    pub fn add(&mut self, grad: &[f64]) -> Option<&mut [f64]> {
        if self.count == 0 || self.sum.len() != grad.len() {
            self.sum.clear();
            self.sum.extend_from_slice(grad);
            self.count = 0;
        } else {
            for (s, g) in self.sum.iter_mut().zip(grad) {
                *s += g;
            }
        }
        self.count += 1;
        if self.count >= self.k {
            self.count = 0;
            Some(&mut self.sum)
        } else {
            None
        }
    }

    /// A new epoch: a partial accumulation is discarded (RETURNN zeroes the grads).
    pub fn start_epoch(&mut self) {
        self.count = 0;
    }

    /// Train steps collected towards the next update.
    pub fn pending(&self) -> u32 {
        self.count
    }
}

/// RETURNN's torch `Updater` + the train loop's accumulation: one call per train step
/// (mini-batch gradient).
#[derive(Clone, Debug)]
pub struct Updater {
    /// The torch optimizer and its state.
    pub optimizer: Optimizer,
    /// The root-level options (noise, clipping, accumulation).
    pub processing: GradientProcessing,
    accumulator: GradAccumulator,
    rng: Rng,
}

impl Updater {
    /// `seed` seeds the gradient noise.
    pub fn new(optimizer: Optimizer, processing: GradientProcessing, seed: u64) -> Updater {
        let accumulator = GradAccumulator::new(processing.accum_grad_multiple_step);
        Updater { optimizer, processing, accumulator, rng: Rng::new(seed) }
    }

    /// One train step with this mini-batch gradient at learning rate `lr`. Returns true when an
    /// optimizer update happened (every `accum_grad_multiple_step`-th call of an epoch).
    pub fn train_step(&mut self, params: &mut [f64], grad: &[f64], lr: f64) -> bool {
        let Some(sum) = self.accumulator.add(grad) else {
            return false;
        };
        self.processing.apply(sum, &mut self.rng);
        self.optimizer.step(params, sum, lr);
        true
    }

    /// Call at each epoch start: discards a partial accumulation (the optimizer state stays).
    pub fn start_epoch(&mut self) {
        self.accumulator.start_epoch();
    }
}
