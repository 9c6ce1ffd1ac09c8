//! One optimizer reference case (the `optimizers/*.jsonl` format): a surface, a start point, a
//! RETURNN `optimizer` dict and root options, run update by update as RETURNN's torch updater
//! would. Shared by `schedule-explorer optimize` and the tests.

use super::grad_proc::{GradientProcessing, Updater, TF_ONLY_NOT_IMPLEMENTED};
use super::Optimizer;
use crate::py::error::{Error, Result};
use crate::engine::surface::Surface;
use crate::py::json::{json_to_float, json_to_py};
use crate::py::value::PyValue;
use serde_json::Value;

/// Most updates one case may ask for.
pub const MAX_STEPS: u64 = 1_000_000;
/// Most trajectory numbers (updates × coordinates) one case may produce.
pub const MAX_NUMBERS: u64 = 20_000_000;

/// The root-level config keys a case may carry (besides `optimizer` and `learning_rate`), on
/// top of the TF-only ones the torch updater checks.
const ROOT_KEYS: &[&str] =
    &["gradient_clip", "gradient_clip_global_norm", "gradient_noise", "accum_grad_multiple_step", "grad_clip"];

/// A parsed case.
#[derive(Clone, Debug)]
pub struct Case {
    /// The case's `name` (e.g. `"adam-betas-rosenbrock-clipn-091"`).
    pub name: String,
    /// The `surface` object (name and parameters) the case descends on.
    pub surface: Surface,
    /// `start`: the start point, one coordinate per surface dimension (not in the trajectory).
    pub start: Vec<f64>,
    /// The RETURNN `optimizer` config value.
    pub optimizer: PyValue,
    /// The config's `learning_rate`: the initial LR, passed to the constructor as `lr`.
    pub learning_rate: f64,
    /// `(update index, lr)`: from that update on (0-based), the LR is `lr`.
    pub lr_changes: Vec<(u64, f64)>,
    /// Root-level config options (`gradient_clip`, ...), as a config would hold them.
    pub root: Vec<(String, PyValue)>,
    /// `steps`: the number of optimizer updates (each of `accum_grad_multiple_step` train
    /// steps), at most [`MAX_STEPS`].
    pub steps: u64,
    /// Seed of `gradient_noise` (field `seed`, default 0).
    pub seed: u64,
}

/// The result of a case: the point and loss after each update.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    /// The parameters after each update (`expected.trajectory`; the start point is not included).
    pub points: Vec<Vec<f64>>,
    /// The surface value at each of `points` (`expected.loss`).
    pub loss: Vec<f64>,
}

fn field<'a>(v: &'a Value, key: &str) -> Result<&'a Value> {
    v.get(key).ok_or_else(|| Error::invalid(key, "missing"))
}

fn number(v: &Value, key: &str) -> Result<f64> {
    json_to_float(v).ok_or_else(|| Error::invalid(key, "must be a number"))
}

fn count(v: &Value, key: &str) -> Result<u64> {
    v.as_u64().ok_or_else(|| Error::invalid(key, "must be a non-negative integer"))
}

impl Case {
    /// Reads a case object (unknown keys such as `expected` are ignored). Errors name the field.
    pub fn from_json(v: &Value) -> Result<Case> {
        let name = field(v, "name")?.as_str().ok_or_else(|| Error::invalid("name", "must be a string"))?.to_string();
        let surface = Surface::from_json(field(v, "surface")?)?;
        let start = field(v, "start")?
            .as_array()
            .ok_or_else(|| Error::invalid("start", "must be an array of numbers"))?
            .iter()
            .map(|x| number(x, "start"))
            .collect::<Result<Vec<f64>>>()?;
        if start.len() != surface.dim() {
            return Err(Error::invalid("start", format!("needs {} coordinates, got {}", surface.dim(), start.len())));
        }
        let optimizer = v.get("optimizer").map(json_to_py).unwrap_or(PyValue::None);
        let learning_rate = number(field(v, "learning_rate")?, "learning_rate")?;
        let mut lr_changes = Vec::new();
        match v.get("lr_changes") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for item in items {
                    let pair = item.as_array().filter(|a| a.len() == 2).ok_or_else(|| {
                        Error::invalid("lr_changes", "each entry must be [update_index, learning_rate]")
                    })?;
                    lr_changes.push((count(&pair[0], "lr_changes")?, number(&pair[1], "lr_changes")?));
                }
            }
            Some(_) => return Err(Error::invalid("lr_changes", "must be an array")),
        }
        let root = ROOT_KEYS
            .iter()
            .chain(TF_ONLY_NOT_IMPLEMENTED)
            .filter_map(|k| v.get(*k).map(|x| (k.to_string(), json_to_py(x))))
            .collect();
        let steps = count(field(v, "steps")?, "steps")?;
        if steps > MAX_STEPS {
            return Err(Error::Limit { what: "steps".into(), limit: MAX_STEPS as usize });
        }
        if steps.saturating_mul(start.len() as u64) > MAX_NUMBERS {
            return Err(Error::Limit { what: "steps × dimensions".into(), limit: MAX_NUMBERS as usize });
        }
        let seed = match v.get("seed") {
            None | Some(Value::Null) => 0,
            Some(s) => count(s, "seed")?,
        };
        Ok(Case { name, surface, start, optimizer, learning_rate, lr_changes, root, steps, seed })
    }

    /// Builds RETURNN's updater for this case (root options first, as `Updater.__init__`, then
    /// the optimizer): a Python-level error is what RETURNN/torch would raise.
    pub fn updater(&self) -> Result<Updater> {
        let processing = GradientProcessing::from_config(|k| self.root.iter().find(|(key, _)| key == k).map(|(_, v)| v))?;
        let optimizer = Optimizer::from_returnn(&self.optimizer, self.learning_rate)?;
        Ok(Updater::new(optimizer, processing, self.seed))
    }

    /// Runs all updates: each update sums `accum_grad_multiple_step` full-batch gradients at
    /// the current point, processes them (noise, clipping) and steps the optimizer.
    pub fn run(&self) -> Result<Trajectory> {
        let mut updater = self.updater()?;
        let k = updater.processing.accum_grad_multiple_step.max(1);
        let mut p = self.start.clone();
        let mut grad = vec![0.0; p.len()];
        let mut lr = self.learning_rate;
        let n = self.steps as usize;
        let mut out = Trajectory { points: Vec::with_capacity(n), loss: Vec::with_capacity(n) };
        for update in 0..self.steps {
            for (at, new_lr) in &self.lr_changes {
                if *at == update {
                    lr = *new_lr;
                }
            }
            for _ in 0..k {
                self.surface.gradient_into(&p, &mut grad);
                updater.train_step(&mut p, &grad, lr);
            }
            out.loss.push(self.surface.value(&p));
            out.points.push(p.clone());
        }
        Ok(out)
    }
}
