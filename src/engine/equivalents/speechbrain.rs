//! SpeechBrain `speechbrain.nnet.schedulers.NewBobScheduler`.
//!
//! Implemented from the documentation and source of `speechbrain/nnet/schedulers.py`
//! (speechbrain/speechbrain, class `NewBobScheduler`, read at commit 01c8a112; the same logic is
//! in the 1.0 releases). `scheduler(metric_value)` returns `(old_value, new_value)`:
//! * the first call only stores the metric;
//! * later calls compute `improvement = (prev - current) / prev` against the *previous* metric
//!   (signed `prev`, no absolute value), or `0` when `prev == 0`;
//! * `if improvement < improvement_threshold` (strict; NaN never is): if `current_patient == 0`
//!   the value is multiplied by `annealing_factor` and `current_patient = patient`, else
//!   `current_patient -= 1`. `current_patient` is **not** reset by a good epoch, so with
//!   `patient > 0` the bad epochs need not be consecutive.
//!
//! There is no minimum value, no cooldown, and no argument check.
use serde::{Deserialize, Serialize};

use super::{common_caveats, no_averaging_caveat, py_float, NewbobParams, NewbobScheme};
use crate::py::error::Error;
use super::optimizer_code::{optimizer_lines, Library};
use crate::engine::settings::OptimizerSettings;

const NAME: &str = "SpeechBrain NewBobScheduler";

/// The constructor's arguments (defaults are SpeechBrain's; `initial_value` has none there).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewBobConfig {
    /// `initial_value`: the LR of epoch 1 (SpeechBrain has no default).
    pub initial_value: f64,
    /// `annealing_factor`: the LR is multiplied by it; default `0.5`.
    pub annealing_factor: f64,
    /// `improvement_threshold`: anneal when `(prev − current)/prev` is below it; default `0.0025`.
    pub improvement_threshold: f64,
    /// `patient`: bad epochs tolerated before annealing (not reset by a good one); default `0`.
    pub patient: i64,
}

impl Default for NewBobConfig {
    fn default() -> Self {
        NewBobConfig {
            initial_value: 1.0,
            annealing_factor: 0.5,
            improvement_threshold: 0.0025,
            patient: 0,
        }
    }
}

/// The LR of epochs 1..=n+1 when `scheduler(score)` is called after each epoch's validation and
/// its `new_value` is set as the LR of the next epoch (`super` module docs). Never fails.
pub fn simulate(c: &NewBobConfig, scores: &[f64]) -> Result<Vec<f64>, Error> {
    let mut value = c.initial_value;
    let mut prev: Option<f64> = None;
    let mut current_patient = c.patient;
    let mut out = Vec::with_capacity(scores.len() + 1);
    out.push(value);
    for &metric in scores {
        if let Some(p) = prev {
            let improvement = if p == 0.0 { 0.0 } else { (p - metric) / p };
            if improvement < c.improvement_threshold {
                if current_patient == 0 {
                    value *= c.annealing_factor;
                    current_patient = c.patient;
                } else {
                    current_patient = current_patient.saturating_sub(1);
                }
            }
        }
        prev = Some(metric);
        out.push(value);
    }
    Ok(out)
}

/// The closest scheduler: `annealing_factor = decay`, `patient = 0`, and
/// `improvement_threshold` = newbob's threshold re-expressed against the older score
/// ([`NewbobParams::improvement_vs_old`]; exactly `-t` with div-by-old). For newbob_abs the
/// absolute threshold is divided by `score_scale` (taken as 1.0 when unknown).
pub fn closest_config(p: &NewbobParams) -> NewBobConfig {
    let improvement_threshold = match p.scheme {
        NewbobScheme::NewbobAbs => -p.error_threshold / p.score_scale.map_or(1.0, f64::abs),
        _ => p.improvement_vs_old(),
    };
    NewBobConfig {
        initial_value: p.learning_rate,
        annealing_factor: p.decay,
        improvement_threshold,
        patient: 0,
    }
}

/// Python code: a torch optimizer annealed by `NewBobScheduler` after each validation.
pub fn code_snippet(c: &NewBobConfig, optimizer: Option<&OptimizerSettings>) -> String {
    format!(
        r#"import torch
from speechbrain.nnet.schedulers import NewBobScheduler, update_learning_rate

model = torch.nn.Linear(10, 10)  # your model
{optimizer}
lr_annealing = NewBobScheduler(
    initial_value={lr},
    annealing_factor={factor},
    improvement_threshold={threshold},
    patient={patient},
)

for epoch in range(1, num_epochs + 1):
    train_one_epoch(model, optimizer)
    dev_score = validate(model)  # the score newbob uses, e.g. dev_loss_ce
    old_lr, new_lr = lr_annealing(dev_score)  # after validation: the LR of epoch + 1
    update_learning_rate(optimizer, new_lr)
"#,
        lr = py_float(c.initial_value),
        optimizer = optimizer_lines(Library::Torch, optimizer, &py_float(c.initial_value)),
        factor = py_float(c.annealing_factor),
        threshold = py_float(c.improvement_threshold),
        patient = c.patient,
    )
}

/// The differences between newbob with `p` and `NewBobScheduler` with `c`.
pub fn caveats(p: &NewbobParams, c: &NewBobConfig) -> Vec<String> {
    let mut out = Vec::new();
    match p.scheme {
        NewbobScheme::NewbobAbs => out.push(match p.score_scale {
            Some(scale) => format!(
                "Threshold: SpeechBrain only has a relative threshold, (prev - current) / prev < \
                 improvement_threshold; newbob_abs's absolute threshold {} is divided by the \
                 score scale {}: improvement_threshold = {}, exact only near that scale.",
                py_float(p.error_threshold),
                py_float(scale),
                py_float(c.improvement_threshold)
            ),
            None => format!(
                "Threshold: SpeechBrain only has a relative threshold and no score scale is \
                 known, so newbob_abs's absolute threshold {} is used as the relative \
                 improvement_threshold {}.",
                py_float(p.error_threshold),
                py_float(c.improvement_threshold)
            ),
        }),
        _ => {
            if p.div_by_old {
                out.push(format!(
                    "Denominator: both divide by the previous score (newbob_relative_error_div_by_old), \
                     and improvement_threshold = {} is the negated threshold, so on positive scores \
                     the decisions are identical. SpeechBrain divides by the signed previous score, \
                     newbob by its absolute value: with negative scores the sign flips.",
                    py_float(c.improvement_threshold)
                ));
            } else {
                out.push(format!(
                    "Denominator: SpeechBrain's improvement is (prev - current) / prev, relative \
                     to the previous (older) score and signed; newbob divides by |new score|. The \
                     newbob threshold {} is converted to improvement_threshold = {} = -t / (1 - t); \
                     at exact equality both keep the LR (strict comparisons on both sides).",
                    py_float(p.relative_error_threshold),
                    py_float(c.improvement_threshold)
                ));
            }
        }
    }
    out.push(match p.scheme {
        NewbobScheme::NewbobAbs => "A previous score of exactly 0: SpeechBrain sets the \
             improvement to 0 (so it anneals iff improvement_threshold > 0), while newbob_abs \
             uses the plain difference."
            .to_string(),
        _ => "A previous score of exactly 0: SpeechBrain sets the improvement to 0 (so it \
             anneals iff improvement_threshold > 0); newbob raises ZeroDivisionError on a zero \
             divisor."
            .to_string(),
    });
    if c.patient != 0 {
        out.push(format!(
            "Patience: patient={} anneals at the {} epoch without enough improvement, and the \
             counter is not reset by good epochs (the bad epochs need not be consecutive); \
             newbob reacts to every single bad epoch (patient=0).",
            c.patient,
            ordinal(c.patient.saturating_add(1))
        ));
    }
    let n = p.min_num_epochs_per_new_lr;
    if n > 1 {
        out.push(format!(
            "learning_rate_control_min_num_epochs_per_new_lr = {n} cannot be expressed: \
             SpeechBrain has no cooldown, so it can anneal again right after an annealing."
        ));
    }
    if p.min_learning_rate > 0.0 {
        out.push(format!(
            "Minimum LR cannot be expressed: newbob clamps the LR to min_learning_rate = {} after \
             a decay; SpeechBrain keeps annealing without a lower bound.",
            py_float(p.min_learning_rate)
        ));
    }
    common_caveats(p, NAME, &mut out);
    no_averaging_caveat(p, NAME, &mut out);
    out
}

fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}
