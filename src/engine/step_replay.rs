//! The replay of a modern run: a `learning_rate_file` whose epochs record
//! `:meta:effective_learning_rate` and `:meta:global_train_step` (RETURNN's PyTorch engine, see
//! `docs/STEP-SCHEDULES.md`). The LR the run trained with is the effective one; the file's
//! `learningRate` is only the LR control's epoch LR (a flat 1.0 in today's setups).
//!
//! * [`effective_points`]: what the file recorded per epoch, each epoch that cannot be compared
//!   marked with its [`Gap`] (a missing, non-integer, out-of-order or non-finite value). Nothing is
//!   guessed for a gap: it is shown as recorded.
//! * [`replay_effective`]: the current settings' effective LR at each epoch's start —
//!   `dynamic_learning_rate(global_train_step=<recorded step>, epoch=e, epoch_continuous=e - 1,
//!   learning_rate=<the LR control's replayed epoch LR>)`, or the epoch LR itself without a schedule
//!   (RETURNN's updater then uses the epoch LR) — compared bit for bit with the recorded values.
use crate::engine::lr_control::LrFile;
use crate::engine::settings::StepScheduleSettings;
use crate::engine::step_lr::{Query, StepLr};
use crate::py::value::PyValue;
use serde::Serialize;

/// The `:meta:` key (without the prefix) holding the effective LR at an epoch's start.
pub const EFFECTIVE_LR: &str = "effective_learning_rate";
/// The `:meta:` key holding the mini-batches done before the epoch.
pub const GLOBAL_STEP: &str = "global_train_step";

/// Why an epoch's recorded effective LR cannot be compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Gap {
    /// No `:meta:global_train_step`.
    NoStep,
    /// `:meta:global_train_step` is not an int.
    StepNotInt,
    /// The step is smaller than an earlier epoch's.
    OutOfOrder,
    /// No `:meta:effective_learning_rate`, or not a number.
    NoEffectiveLr,
    /// The effective LR is NaN or infinite.
    NonFinite,
}

impl Gap {
    /// The gap in words (for the marks in the panel and messages).
    pub fn describe(self) -> &'static str {
        match self {
            Gap::NoStep => "no :meta:global_train_step",
            Gap::StepNotInt => ":meta:global_train_step is not an int",
            Gap::OutOfOrder => ":meta:global_train_step is smaller than an earlier epoch's (out of order)",
            Gap::NoEffectiveLr => "no numeric :meta:effective_learning_rate",
            Gap::NonFinite => ":meta:effective_learning_rate is not finite",
        }
    }
}

/// One epoch as recorded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EffectivePoint {
    /// The file's epoch.
    pub epoch: i64,
    /// `:meta:global_train_step` when it is an int.
    pub step: Option<i64>,
    /// The recorded `learningRate` (the LR control's epoch LR), as float64.
    pub learning_rate: f64,
    /// `:meta:effective_learning_rate` as float64 when it is a number (also when non-finite).
    pub effective: Option<f64>,
    /// Why this epoch is not compared (`None`: it is).
    pub gap: Option<Gap>,
}

fn meta<'a>(d: &'a crate::engine::lr_control::EpochData, key: &str) -> Option<&'a PyValue> {
    d.meta.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
}

/// The recorded effective LRs of a file, epoch by epoch (ascending), or `None` when no epoch
/// records `:meta:effective_learning_rate` (an LR-control-only file).
pub fn effective_points(file: &LrFile) -> Option<Vec<EffectivePoint>> {
    if !file.values().any(|d| meta(d, EFFECTIVE_LR).is_some()) {
        return None;
    }
    let mut last_step: Option<i64> = None;
    let points = file
        .iter()
        .map(|(&epoch, d)| {
            let step = match meta(d, GLOBAL_STEP) {
                Some(PyValue::Int(g)) => Ok(*g),
                None | Some(PyValue::None) => Err(Gap::NoStep),
                Some(_) => Err(Gap::StepNotInt),
            };
            let effective = meta(d, EFFECTIVE_LR).and_then(|v| if matches!(v, PyValue::Bool(_)) { None } else { v.as_py_float() });
            let mut gap = match (step, effective) {
                (Err(g), _) => Some(g),
                (_, None) => Some(Gap::NoEffectiveLr),
                (_, Some(e)) if !e.is_finite() => Some(Gap::NonFinite),
                _ => None,
            };
            if let Ok(g) = step {
                if last_step.is_some_and(|l| g < l) {
                    gap = Some(Gap::OutOfOrder);
                } else {
                    last_step = Some(g);
                }
            }
            EffectivePoint { epoch, step: step.ok(), learning_rate: d.lr(), effective, gap }
        })
        .collect();
    Some(points)
}

/// The first epoch whose effective LR is not reproduced.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// The file's epoch.
    pub epoch: i64,
    /// Its recorded step.
    pub step: Option<i64>,
    /// The recorded effective LR.
    pub recorded: Option<f64>,
    /// Ours (`None`: the LR control or the schedule raised before it).
    pub ours: Option<f64>,
}

/// The modern replay: recorded effective LRs against the settings' schedule.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StepReplay {
    /// The epochs, as recorded.
    pub points: Vec<EffectivePoint>,
    /// Our effective LR per epoch (`None` for a gap, or from where something raised).
    pub ours: Vec<Option<f64>>,
    /// Epochs compared (those without a gap).
    pub compared: usize,
    /// Of those, the ones reproduced bit for bit.
    pub reproduced: usize,
    /// The first compared epoch that differs.
    pub first_difference: Option<Difference>,
    /// Every compared epoch reproduced bit for bit, at least one compared, nothing raised.
    pub matches: bool,
    /// What raised (the schedule's Python exception, or the LR control's error), with the epoch.
    pub error: Option<String>,
    /// The schedule's name, or `None` for "no dynamic_learning_rate".
    pub schedule: Option<String>,
}

impl StepReplay {
    /// The epochs marked as gaps, with the reason.
    pub fn gaps(&self) -> impl Iterator<Item = (i64, Gap)> + '_ {
        self.points.iter().filter_map(|p| p.gap.map(|g| (p.epoch, g)))
    }

    /// The badge text: bit for bit, or the first differing epoch (recorded vs ours).
    pub fn summary(&self) -> String {
        let gaps = self.points.len() - self.compared;
        let gap_note = if gaps > 0 { format!(" ({gaps} epochs with gaps in the recorded :meta: values not compared)") } else { String::new() };
        let f = |v: Option<f64>| v.map_or("none".to_string(), |x| PyValue::Float(x).repr());
        if self.matches {
            return format!("effective learning rates match bit for bit: {} / {} epochs{gap_note}", self.reproduced, self.compared);
        }
        if let Some(d) = &self.first_difference {
            let step = d.step.map_or(String::new(), |s| format!(" (step {s})"));
            let err = self.error.as_ref().map_or(String::new(), |e| format!("; {e}"));
            return format!(
                "effective learning rates differ: first at epoch {}{step}: recorded {} vs ours {}; {} / {} epochs reproduced{gap_note}{err}",
                d.epoch,
                f(d.recorded),
                f(d.ours),
                self.reproduced,
                self.compared
            );
        }
        match &self.error {
            Some(e) => format!("effective learning rates not replayed: {e}"),
            None => format!("no epoch has a comparable effective learning rate{gap_note}"),
        }
    }
}

/// Compares the recorded effective LRs with `schedule` (or the epoch LR without one) at each
/// epoch's recorded step, the epoch's LR being `epoch_lrs[i]` (the LR control's replay of the
/// file, one per point; `None`: it raised there). Gap epochs are not evaluated.
pub fn replay_effective(points: &[EffectivePoint], epoch_lrs: &[Option<f64>], schedule: Option<StepLr>) -> StepReplay {
    let mut f = schedule;
    let mut out = StepReplay { points: points.to_vec(), schedule: f.as_ref().map(|s| s.schedule().name().to_string()), ..StepReplay::default() };
    let mut stopped = false;
    for (i, p) in points.iter().enumerate() {
        let mut ours = None;
        if p.gap.is_none() {
            out.compared += 1;
            if !stopped {
                match (epoch_lrs.get(i).copied().flatten(), p.step) {
                    (Some(lr), Some(g)) => match f.as_mut() {
                        None => ours = Some(lr),
                        Some(f) => match f.lr(&Query::epoch_start(p.epoch, g, lr)) {
                            Ok(v) => ours = Some(v),
                            Err(e) => {
                                out.error = Some(format!("epoch {} (step {g}): {}: {e}", p.epoch, crate::engine::step_lr::DYNAMIC_LEARNING_RATE));
                                stopped = true;
                            }
                        },
                    },
                    _ => {
                        if out.error.is_none() {
                            out.error = Some(format!("epoch {}: the LR control gives no learning rate", p.epoch));
                        }
                        stopped = true;
                    }
                }
            }
            let same = ours.zip(p.effective).is_some_and(|(a, b)| a.to_bits() == b.to_bits());
            if same {
                out.reproduced += 1;
            } else if out.first_difference.is_none() {
                out.first_difference = Some(Difference { epoch: p.epoch, step: p.step, recorded: p.effective, ours });
            }
        }
        out.ours.push(ours);
    }
    out.matches = out.error.is_none() && out.compared > 0 && out.reproduced == out.compared;
    out
}

/// [`replay_effective`] under `settings`: the LR control's replay of the file gives the epoch LRs,
/// `settings.step_schedule` the schedule. `None` for a file without effective LRs.
pub fn replay_modern(file: &LrFile, settings: &crate::engine::settings::Settings) -> Option<StepReplay> {
    let points = effective_points(file)?;
    let control = crate::engine::replay::replay(file, settings, None);
    let mut out = replay_effective(&points, &control.replayed_lr, settings.step_schedule.as_ref().map(StepScheduleSettings::step_lr));
    if let (Some(e), None) = (&control.error_message, &out.error) {
        if control.replayed_lr.iter().any(Option::is_none) {
            out.error = Some(format!("the LR control raised: {e}"));
            out.matches = false;
        }
    }
    Some(out)
}

/// [`replay_effective`] under a RETURNN config (`dynamic_learning_rate` and its keys, by name),
/// the epoch LRs from the LR control's replay. An unknown schedule name is the replay's error.
pub fn replay_with_config(points: &[EffectivePoint], epoch_lrs: &[Option<f64>], config: &crate::py::typed_config::TypedConfig) -> StepReplay {
    match StepLr::from_config(config) {
        Ok(f) => replay_effective(points, epoch_lrs, f),
        Err(e) => {
            let mut out = replay_effective(points, &[], None);
            out.error = Some(e.to_string());
            out.matches = false;
            out
        }
    }
}
