//! Sweeps: a grid over two numeric settings, each cell one whole run ([`crate::engine::sim`]),
//! reduced to one outcome for a heat-map. Cells are independent: [`run_cell`] is a pure function
//! of the (JSON-serializable) [`SweepSpec`] and the cell's indices, so Web Workers can each
//! compute any subset and send [`CellResult`]s back as JSON.
//!
//! JSON: non-finite floats are `"NaN"`, `"Infinity"`, `"-Infinity"` (as everywhere in the
//! explorer); an outcome is `"final_dev_score"`, `"num_decays"`, `"final_lr"` or
//! `{"epochs_to_target": 1.5}`.
use crate::py::error::{Error, Result};
use crate::engine::lr_control::Verdict;
use crate::engine::settings::{Factor, Mode, Number, Settings};
use crate::engine::sim::{Simulation, Stop};
use crate::py::value::{float_repr, PyValue};
use serde::{Deserialize, Serialize};

/// At most this many values per axis.
pub const MAX_AXIS_VALUES: usize = 100;
/// At most this many cells per sweep.
pub const MAX_CELLS: usize = 2500;
/// At most this many optimizer updates over all cells (a sweep stays minutes, not hours).
pub const MAX_SWEEP_UPDATES: u64 = 50_000_000;

/// How a sweep key is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A Python float config value.
    Float,
    /// A decay/growth factor (a float).
    Factor,
    /// A Python int config value (the axis values must be whole numbers), with its minimum.
    Int(i64),
    /// An explorer run setting (float, finite, >= 0 where noted).
    RunFloat,
}

/// The keys a sweep can vary: RETURNN config keys, `run.<field>` for the simulated run, and
/// `optimizer.<kwarg>` for a float optimizer argument.
pub const SWEEP_KEYS: &[&str] = &[
    "learning_rate",
    "min_learning_rate",
    "learning_rate_decay",
    "newbob_learning_rate_decay",
    "learning_rate_growth",
    "newbob_learning_rate_growth",
    "newbob_relative_error_threshold",
    "newbob_relative_error_grow_threshold",
    "newbob_error_threshold",
    "newbob_multi_num_epochs",
    "newbob_multi_update_interval",
    "learning_rate_control_min_num_epochs_per_new_lr",
    "gradient_clip",
    "gradient_clip_global_norm",
    "gradient_noise",
    "accum_grad_multiple_step",
    "num_epochs",
    "run.seed",
    "run.steps_per_epoch",
    "run.batch_size",
    "run.batch_noise",
    "run.dev_noise",
    "run.generalization_gap",
];

/// The settings the app offers for a sweep (LR control first).
pub const APP_SWEEP_KEYS: &[&str] = &[
    "learning_rate",
    "newbob_learning_rate_decay",
    "newbob_relative_error_threshold",
    "newbob_error_threshold",
    "min_learning_rate",
    "newbob_learning_rate_growth",
    "learning_rate_control_min_num_epochs_per_new_lr",
    "newbob_multi_num_epochs",
];

fn kind_of(key: &str) -> Option<Kind> {
    Some(match key {
        "learning_rate" | "min_learning_rate" | "newbob_relative_error_threshold" | "newbob_relative_error_grow_threshold"
        | "newbob_error_threshold" | "gradient_clip" | "gradient_clip_global_norm" | "gradient_noise" => Kind::Float,
        "learning_rate_decay" | "newbob_learning_rate_decay" | "learning_rate_growth" | "newbob_learning_rate_growth" => Kind::Factor,
        "newbob_multi_num_epochs" | "newbob_multi_update_interval" => Kind::Int(i64::MIN),
        "learning_rate_control_min_num_epochs_per_new_lr" => Kind::Int(i64::MIN),
        "accum_grad_multiple_step" | "num_epochs" | "run.steps_per_epoch" | "run.batch_size" => Kind::Int(1),
        "run.seed" => Kind::Int(0),
        "run.batch_noise" | "run.dev_noise" | "run.generalization_gap" => Kind::RunFloat,
        k if k.strip_prefix("optimizer.").is_some_and(|a| !a.is_empty() && a != "class") => Kind::Float,
        _ => return None,
    })
}

/// Whether `key` can be swept (see [`SWEEP_KEYS`]; also `optimizer.<kwarg>`).
pub fn is_sweep_key(key: &str) -> bool {
    kind_of(key).is_some()
}

/// One axis: a key and its values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Axis {
    /// The swept key: one of [`SWEEP_KEYS`] or `optimizer.<kwarg>`.
    pub key: String,
    /// The values, in axis order (int keys need whole numbers; at most [`MAX_AXIS_VALUES`]).
    #[serde(with = "json_floats")]
    pub values: Vec<f64>,
}

impl Axis {
    /// An axis over `key` with exactly these values (checked by [`SweepSpec::validate`]).
    pub fn new(key: impl Into<String>, values: Vec<f64>) -> Axis {
        Axis { key: key.into(), values }
    }

    /// `n` evenly spaced values from `start` to `end` (both included; `n = 1`: `start`).
    pub fn linear(key: impl Into<String>, start: f64, end: f64, n: usize) -> Axis {
        let values = (0..n)
            .map(|i| if n == 1 { start } else if i + 1 == n { end } else { start + (end - start) * i as f64 / (n - 1) as f64 })
            .collect();
        Axis::new(key, values)
    }

    /// `n` log-spaced values from `start` to `end` (both > 0, both included; values are rounded
    /// to 12 significant digits so that `1e-3` is `0.001`).
    pub fn log(key: impl Into<String>, start: f64, end: f64, n: usize) -> Result<Axis> {
        let key = key.into();
        if !(start > 0.0 && end > 0.0 && start.is_finite() && end.is_finite()) {
            return Err(Error::invalid(format!("{key} axis"), "a log axis needs finite bounds > 0"));
        }
        let (a, b) = (libm::log10(start), libm::log10(end));
        let values = (0..n)
            .map(|i| {
                if n == 1 || i == 0 {
                    start
                } else if i + 1 == n {
                    end
                } else {
                    let x = libm::pow(10.0, a + (b - a) * i as f64 / (n - 1) as f64);
                    format!("{x:.11e}").parse::<f64>().unwrap_or(x)
                }
            })
            .collect();
        Ok(Axis::new(key, values))
    }

    /// `n` values (2..=25) for `key` around `center` (its current value), for a first look:
    /// ×/÷ 10 on a log scale for learning rates, 0.3..0.95 for decay factors, 1..1.5 for growth,
    /// -0.05..0 for newbob thresholds, whole numbers for int settings, ± |center| otherwise.
    /// Values are rounded to 4 significant digits (readable in a form); `center` itself is put
    /// on the grid when it is in range.
    pub fn around(key: impl Into<String>, center: f64, n: usize) -> Axis {
        let key = key.into();
        let n = n.clamp(2, 25);
        let lin = |lo: f64, hi: f64| -> Vec<f64> { (0..n).map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64).collect() };
        let c = if center.is_finite() { center } else { 0.0 };
        let log_key = matches!(key.as_str(), "learning_rate" | "min_learning_rate");
        let mut v: Vec<f64> = match (kind_of(&key), key.as_str()) {
            (_, _) if log_key => {
                let c = if c > 0.0 { c } else { 1e-3 };
                lin(libm::log10(c) - 1.0, libm::log10(c) + 1.0).into_iter().map(|x| libm::pow(10.0, x)).collect()
            }
            (Some(Kind::Factor), k) if k.contains("growth") => lin(1.0, 1.5),
            (Some(Kind::Factor), _) => lin(0.3, 0.95),
            (_, "newbob_relative_error_threshold" | "newbob_error_threshold") => lin(-0.05, 0.0),
            (Some(Kind::Int(min)), _) => {
                let lo = (c as i64 - (n as i64) / 2).max(min.max(-1_000_000));
                (0..n as i64).map(|i| (lo + i) as f64).collect()
            }
            _ => lin(c - c.abs().max(1.0), c + c.abs().max(1.0)),
        };
        for x in &mut v {
            *x = format!("{x:.3e}").parse::<f64>().ok().filter(|y| y.is_finite()).unwrap_or(*x);
        }
        if center.is_finite() && !matches!(kind_of(&key), Some(Kind::Int(_))) {
            if log_key {
                if center > 0.0 {
                    v[n / 2] = center;
                }
            } else if let (Some(&lo), Some(&hi)) = (v.first(), v.last()) {
                if center >= lo && center <= hi {
                    if let Some(i) = (0..n).min_by(|&i, &j| (v[i] - center).abs().total_cmp(&(v[j] - center).abs())) {
                        v[i] = center;
                    }
                }
            }
        }
        Axis::new(key, v)
    }

    /// Whole numbers `start, start + step, ...` up to `end` (included).
    pub fn int_range(key: impl Into<String>, start: i64, end: i64, step: i64) -> Axis {
        let step = step.max(1);
        let mut values = Vec::new();
        let mut v = start;
        while v <= end && values.len() < MAX_AXIS_VALUES + 1 {
            values.push(v as f64);
            v = v.saturating_add(step);
            if v == i64::MAX {
                break;
            }
        }
        Axis::new(key, values)
    }
}

/// What a cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The dev score of the last epoch (none if the run diverged or RETURNN raised).
    FinalDevScore,
    /// The first epoch whose dev score is <= the target (none if never reached).
    EpochsToTarget(#[serde(with = "json_float")] f64),
    /// How many epochs the control decayed the LR.
    NumDecays,
    /// The LR of the last epoch run.
    FinalLr,
    /// The share (0..=1) of the recorded learning rates ([`SweepSpec::recorded_lr`], e.g. of a
    /// replayed learning_rate_file) the cell reproduces bit for bit before its first divergence
    /// (none without recorded LRs).
    ReproducesRecorded,
}

/// The kinds of [`Outcome`], without the target: the one name table of the outcomes (the sweep
/// panel's select, links and the Web Workers' job protocol use these names).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OutcomeKind {
    /// [`Outcome::FinalDevScore`].
    FinalDevScore,
    /// [`Outcome::EpochsToTarget`].
    EpochsToTarget,
    /// [`Outcome::NumDecays`].
    #[default]
    NumDecays,
    /// [`Outcome::FinalLr`].
    FinalLr,
    /// [`Outcome::ReproducesRecorded`].
    ReproducesRecorded,
}

impl OutcomeKind {
    /// Every kind, in the order the app offers them.
    pub const ALL: [OutcomeKind; 5] =
        [OutcomeKind::FinalDevScore, OutcomeKind::EpochsToTarget, OutcomeKind::NumDecays, OutcomeKind::FinalLr, OutcomeKind::ReproducesRecorded];

    /// The name (`final_dev_score`, ...).
    pub fn name(self) -> &'static str {
        match self {
            OutcomeKind::FinalDevScore => "final_dev_score",
            OutcomeKind::EpochsToTarget => "epochs_to_target",
            OutcomeKind::NumDecays => "num_decays",
            OutcomeKind::FinalLr => "final_lr",
            OutcomeKind::ReproducesRecorded => "reproduces_recorded",
        }
    }

    /// What the app calls it.
    pub fn label(self) -> &'static str {
        match self {
            OutcomeKind::FinalDevScore => "final dev score",
            OutcomeKind::EpochsToTarget => "epochs to reach a dev score",
            OutcomeKind::NumDecays => "number of decays",
            OutcomeKind::FinalLr => "final learning rate",
            OutcomeKind::ReproducesRecorded => "share of the recorded run reproduced",
        }
    }

    /// The kind of a name ([`OutcomeKind::name`]).
    pub fn from_name(name: &str) -> Option<OutcomeKind> {
        OutcomeKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The outcome of this kind (`target` is the dev score of `epochs_to_target`).
    pub fn with_target(self, target: f64) -> Outcome {
        match self {
            OutcomeKind::FinalDevScore => Outcome::FinalDevScore,
            OutcomeKind::EpochsToTarget => Outcome::EpochsToTarget(target),
            OutcomeKind::NumDecays => Outcome::NumDecays,
            OutcomeKind::FinalLr => Outcome::FinalLr,
            OutcomeKind::ReproducesRecorded => Outcome::ReproducesRecorded,
        }
    }
}

impl Outcome {
    /// The kind, and the target (NaN when the outcome has none): `kind.with_target(target)`
    /// gives the outcome back.
    pub fn kind_and_target(self) -> (OutcomeKind, f64) {
        match self {
            Outcome::FinalDevScore => (OutcomeKind::FinalDevScore, f64::NAN),
            Outcome::EpochsToTarget(t) => (OutcomeKind::EpochsToTarget, t),
            Outcome::NumDecays => (OutcomeKind::NumDecays, f64::NAN),
            Outcome::FinalLr => (OutcomeKind::FinalLr, f64::NAN),
            Outcome::ReproducesRecorded => (OutcomeKind::ReproducesRecorded, f64::NAN),
        }
    }
}

/// A sweep: the base settings, two axes, the outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepSpec {
    /// The horizontal axis (cell index `ix`).
    pub x: Axis,
    /// The vertical axis (cell index `iy`).
    pub y: Axis,
    /// What each cell's run is reduced to.
    pub outcome: Outcome,
    /// The settings every cell starts from before its two axis values are applied.
    pub base: Settings,
    /// The recorded learning rates per epoch (epoch 1 first) that
    /// [`Outcome::ReproducesRecorded`] compares with; empty otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "json_floats")]
    pub recorded_lr: Vec<f64>,
}

/// How a cell's run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// All epochs ran.
    Finished,
    /// The optimization blew up ([`Stop::Diverged`]).
    Diverged,
    /// RETURNN (or torch) would raise.
    Failed,
    /// The cell's settings are not valid (or the indices are out of range).
    Invalid,
}

/// One cell: its indices and values, the outcome (`None`: not reached / no value), and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CellResult {
    /// Index into `x.values`.
    pub ix: usize,
    /// Index into `y.values`.
    pub iy: usize,
    /// `x.values[ix]` (NaN if out of range).
    #[serde(with = "json_float")]
    pub x: f64,
    /// `y.values[iy]` (NaN if out of range).
    #[serde(with = "json_float")]
    pub y: f64,
    /// The outcome's value for this cell.
    #[serde(with = "json_opt_float")]
    pub value: Option<f64>,
    /// How the run ended.
    pub status: CellStatus,
    /// Epochs completed.
    pub epochs: usize,
    /// The divergence reason or the error text.
    pub message: Option<String>,
}

impl SweepSpec {
    /// `x.values.len() × y.values.len()` (saturating).
    pub fn num_cells(&self) -> usize {
        self.x.values.len().saturating_mul(self.y.values.len())
    }

    /// Checks the axes (known numeric keys, whole numbers for int keys, sizes); errors name the
    /// field (`x.key`, `y.values[3]`, ...).
    pub fn validate(&self) -> Result<()> {
        for (name, axis) in [("x", &self.x), ("y", &self.y)] {
            let Some(kind) = kind_of(&axis.key) else {
                return Err(Error::invalid(
                    format!("{name}.key"),
                    format!("{:?} is not a numeric setting a sweep can vary (one of {}, or optimizer.<kwarg>)", axis.key, SWEEP_KEYS.join(", ")),
                ));
            };
            if axis.values.is_empty() {
                return Err(Error::invalid(format!("{name}.values"), "needs at least one value"));
            }
            if axis.values.len() > MAX_AXIS_VALUES {
                return Err(Error::Limit { what: format!("{name}.values"), limit: MAX_AXIS_VALUES });
            }
            for (i, v) in axis.values.iter().enumerate() {
                check_value(kind, *v).map_err(|m| Error::invalid(format!("{name}.values[{i}]"), format!("{}: {m}", axis.key)))?;
            }
        }
        if self.x.key == self.y.key {
            return Err(Error::invalid("y.key", format!("is the same setting as x.key ({})", self.x.key)));
        }
        if self.num_cells() > MAX_CELLS {
            return Err(Error::Limit { what: "sweep cells".into(), limit: MAX_CELLS });
        }
        if self.max_total_updates() > MAX_SWEEP_UPDATES {
            return Err(Error::Limit { what: "sweep cells × num_epochs × steps_per_epoch".into(), limit: MAX_SWEEP_UPDATES as usize });
        }
        if let Outcome::EpochsToTarget(t) = self.outcome {
            if t.is_nan() {
                return Err(Error::invalid("outcome.epochs_to_target", "the target must be a number"));
            }
        }
        Ok(())
    }

    /// An upper bound of the optimizer updates of the whole sweep (scores-only runs: one per
    /// epoch).
    pub fn max_total_updates(&self) -> u64 {
        let axis_max = |key: &str, base: i64| -> u64 {
            let mut m = base;
            for a in [&self.x, &self.y] {
                if a.key == key {
                    m = a.values.iter().map(|v| *v as i64).max().unwrap_or(base);
                }
            }
            u64::try_from(m.max(1)).unwrap_or(1)
        };
        let per_cell = match &self.base.mode {
            Mode::ScoresOnly { dev_scores, .. } => dev_scores.len() as u64,
            Mode::Simulate => axis_max("num_epochs", self.base.run.num_epochs)
                .saturating_mul(axis_max("run.steps_per_epoch", self.base.run.steps_per_epoch)),
        };
        per_cell.saturating_mul(self.num_cells() as u64)
    }

    /// The settings of one cell (what "click a cell to load it" loads).
    pub fn cell_settings(&self, ix: usize, iy: usize) -> Result<Settings> {
        self.validate()?;
        let x = *self.x.values.get(ix).ok_or_else(|| Error::invalid("ix", format!("{ix} is out of range")))?;
        let y = *self.y.values.get(iy).ok_or_else(|| Error::invalid("iy", format!("{iy} is out of range")))?;
        let mut s = self.base.clone();
        apply(&mut s, &self.x.key, x)?;
        apply(&mut s, &self.y.key, y)?;
        Ok(s)
    }

    /// Every cell index pair, row by row (`iy` outer).
    pub fn cells(&self) -> Vec<(usize, usize)> {
        (0..self.y.values.len()).flat_map(|iy| (0..self.x.values.len()).map(move |ix| (ix, iy))).collect()
    }
}

fn check_value(kind: Kind, v: f64) -> std::result::Result<(), String> {
    match kind {
        Kind::Float | Kind::Factor => Ok(()),
        Kind::RunFloat => {
            if v.is_finite() {
                Ok(())
            } else {
                Err(format!("must be finite, found {}", float_repr(v)))
            }
        }
        Kind::Int(min) => {
            if !(v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15) {
                Err(format!("must be a whole number (RETURNN reads it as an int), found {}", float_repr(v)))
            } else if (v as i64) < min {
                Err(format!("must be at least {min}, found {}", v as i64))
            } else {
                Ok(())
            }
        }
    }
}

/// Sets one sweep key in the settings.
fn apply(s: &mut Settings, key: &str, v: f64) -> Result<()> {
    let kind = kind_of(key).ok_or_else(|| Error::invalid(key, "not a sweep key"))?;
    check_value(kind, v).map_err(|m| Error::invalid(key, m))?;
    let f = Number::Float(v);
    let i = v as i64;
    let c = &mut s.lr_control;
    match key {
        "learning_rate" => c.learning_rate = f,
        "min_learning_rate" => c.min_learning_rate = Some(f),
        "learning_rate_decay" => c.learning_rate_decay = Some(Factor::Value(f)),
        "newbob_learning_rate_decay" => c.newbob_learning_rate_decay = Some(Factor::Value(f)),
        "learning_rate_growth" => c.learning_rate_growth = Some(Factor::Value(f)),
        "newbob_learning_rate_growth" => c.newbob_learning_rate_growth = Some(Factor::Value(f)),
        "newbob_relative_error_threshold" => c.newbob_relative_error_threshold = Some(f),
        "newbob_relative_error_grow_threshold" => c.newbob_relative_error_grow_threshold = Some(f),
        "newbob_error_threshold" => c.newbob_error_threshold = Some(f),
        "newbob_multi_num_epochs" => c.newbob_multi_num_epochs = Some(i),
        "newbob_multi_update_interval" => c.newbob_multi_update_interval = Some(i),
        "learning_rate_control_min_num_epochs_per_new_lr" => c.min_num_epochs_per_new_lr = Some(i),
        "gradient_clip" => s.gradient.clip = Some(f),
        "gradient_clip_global_norm" => s.gradient.clip_global_norm = Some(f),
        "gradient_noise" => s.gradient.noise = Some(f),
        "accum_grad_multiple_step" => s.gradient.accum_grad_multiple_step = Some(i),
        "num_epochs" => s.run.num_epochs = i,
        "run.seed" => s.run.seed = u64::try_from(i).unwrap_or(0),
        "run.steps_per_epoch" => s.run.steps_per_epoch = i,
        "run.batch_size" => s.run.batch_size = u64::try_from(i).unwrap_or(1),
        "run.batch_noise" => s.run.batch_noise = v,
        "run.dev_noise" => s.run.dev_noise = v,
        "run.generalization_gap" => s.run.generalization_gap = v,
        other => {
            let arg = other.strip_prefix("optimizer.").unwrap_or(other).to_string();
            let kwargs = &mut s.optimizer.kwargs;
            match kwargs.iter_mut().find(|(k, _)| *k == arg) {
                Some(slot) => slot.1 = PyValue::Float(v),
                None => kwargs.push((arg, PyValue::Float(v))),
            }
        }
    }
    Ok(())
}

/// The outcome of a finished simulation (for [`Outcome::ReproducesRecorded`] see
/// [`reproduced_share`]; here it has no recorded LRs and gives none).
pub fn outcome_of(sim: &Simulation, outcome: Outcome) -> Option<f64> {
    outcome_with_recorded(sim, outcome, &[])
}

/// The share of `recorded` (LRs of epochs 1, 2, ...) the simulation's epochs reproduce bit for
/// bit before the first difference (an epoch the run did not reach differs). `None` when
/// `recorded` is empty.
pub fn reproduced_share(sim: &Simulation, recorded: &[f64]) -> Option<f64> {
    if recorded.is_empty() {
        return None;
    }
    let lrs: Vec<f64> = sim.epochs().iter().filter(|e| e.epoch >= 1).map(|e| e.learning_rate).collect();
    let same = recorded.iter().zip(&lrs).take_while(|(r, l)| r.to_bits() == l.to_bits()).count();
    Some(same as f64 / recorded.len() as f64)
}

fn outcome_with_recorded(sim: &Simulation, outcome: Outcome, recorded: &[f64]) -> Option<f64> {
    let epochs = sim.epochs();
    let ok = !matches!(sim.stop(), Some(Stop::Diverged { .. } | Stop::Failed(_)));
    match outcome {
        Outcome::FinalDevScore => {
            if ok {
                epochs.last().and_then(|e| e.dev_score)
            } else {
                None
            }
        }
        Outcome::EpochsToTarget(t) => epochs.iter().find(|e| e.dev_score.is_some_and(|d| d <= t)).map(|e| e.epoch as f64),
        Outcome::NumDecays => {
            Some(epochs.iter().filter(|e| e.decision.as_ref().is_some_and(|d| d.verdict == Verdict::Decay)).count() as f64)
        }
        Outcome::FinalLr => epochs.last().map(|e| e.learning_rate),
        Outcome::ReproducesRecorded => reproduced_share(sim, recorded),
    }
}

/// Runs one cell (pure: the same spec and indices always give the same result).
pub fn run_cell(spec: &SweepSpec, ix: usize, iy: usize) -> CellResult {
    let x = spec.x.values.get(ix).copied().unwrap_or(f64::NAN);
    let y = spec.y.values.get(iy).copied().unwrap_or(f64::NAN);
    let mut r = CellResult { ix, iy, x, y, value: None, status: CellStatus::Invalid, epochs: 0, message: None };
    let settings = match spec.cell_settings(ix, iy) {
        Ok(s) => s,
        Err(e) => {
            r.message = Some(e.to_string());
            return r;
        }
    };
    let mut sim = match Simulation::new(&settings) {
        Ok(s) => s,
        Err(e) => {
            r.status = if e.py_exc().is_some() { CellStatus::Failed } else { CellStatus::Invalid };
            r.message = Some(e.to_string());
            return r;
        }
    };
    sim.run_to_end();
    r.epochs = sim.epochs().iter().filter(|e| e.complete).count();
    r.status = match sim.stop() {
        Some(Stop::Diverged { reason, update, .. }) => {
            r.message = Some(format!("diverged at update {update}: {reason}"));
            CellStatus::Diverged
        }
        Some(Stop::Failed(e)) => {
            r.message = Some(e.to_string());
            CellStatus::Failed
        }
        _ => CellStatus::Finished,
    };
    r.value = outcome_with_recorded(&sim, spec.outcome, &spec.recorded_lr);
    r
}

/// Runs the given cells (a worker's share).
pub fn run_cells(spec: &SweepSpec, cells: &[(usize, usize)]) -> Vec<CellResult> {
    cells.iter().map(|&(ix, iy)| run_cell(spec, ix, iy)).collect()
}

/// Runs every cell (validating first).
pub fn run_all(spec: &SweepSpec) -> Result<Vec<CellResult>> {
    spec.validate()?;
    Ok(run_cells(spec, &spec.cells()))
}

/// The heat-map grid `[iy][ix]` of cell values (cells not given are `None`).
pub fn grid(spec: &SweepSpec, cells: &[CellResult]) -> Vec<Vec<Option<f64>>> {
    let mut g = vec![vec![None; spec.x.values.len()]; spec.y.values.len()];
    for c in cells {
        if let Some(slot) = g.get_mut(c.iy).and_then(|row| row.get_mut(c.ix)) {
            *slot = c.value;
        }
    }
    g
}

/// The cell with the best (smallest; for [`Outcome::NumDecays`] and [`Outcome::FinalLr`] also
/// the smallest) finite value.
pub fn best_cell(cells: &[CellResult]) -> Option<&CellResult> {
    cells
        .iter()
        .filter(|c| c.value.is_some_and(f64::is_finite))
        .min_by(|a, b| a.value.unwrap_or(f64::INFINITY).total_cmp(&b.value.unwrap_or(f64::INFINITY)))
}

/// serde: a float as a JSON number or `"NaN"`/`"Infinity"`/`"-Infinity"`.
mod json_float {
    use crate::engine::settings::Number;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        Number::Float(*v).serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Number::deserialize(d).map(Number::as_f64)
    }
}

mod json_opt_float {
    use crate::engine::settings::Number;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        v.map(Number::Float).serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Ok(Option::<Number>::deserialize(d)?.map(Number::as_f64))
    }
}

mod json_floats {
    use crate::engine::settings::Number;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        v.iter().map(|x| Number::Float(*x)).collect::<Vec<_>>().serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Ok(Vec::<Number>::deserialize(d)?.into_iter().map(Number::as_f64).collect())
    }
}

