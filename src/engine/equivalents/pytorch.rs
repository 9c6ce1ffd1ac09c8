//! PyTorch `torch.optim.lr_scheduler.ReduceLROnPlateau`.
//!
//! Implemented from the documentation and source of `torch/optim/lr_scheduler.py`
//! (pytorch/pytorch, class `ReduceLROnPlateau`, read at commit 008f727e): `step(metrics)` does,
//! in this order,
//! 1. `if _is_better(current, best): best = current; num_bad_epochs = 0` else `num_bad_epochs += 1`,
//!    where `best` starts at `inf` (`min`) / `-inf` (`max`) and `_is_better` is
//!    `a < best * (1 - threshold)` (min, rel), `a < best - threshold` (min, abs),
//!    `a > best * (threshold + 1)` (max, rel), `a > best + threshold` (max, abs) — all strict, so
//!    NaN is never better;
//! 2. `if cooldown_counter > 0: cooldown_counter -= 1; num_bad_epochs = 0` (bad epochs in
//!    cooldown are ignored, but `best` is still updated);
//! 3. `if num_bad_epochs > patience:` reduce, `cooldown_counter = cooldown`, `num_bad_epochs = 0`.
//!
//! Reducing: `new_lr = max(old_lr * factor, min_lr)`, applied only `if old_lr - new_lr > eps`
//! (so the LR never rises to `min_lr`, and reductions smaller than `eps` are dropped — the
//! cooldown still starts). The constructor raises `ValueError("Factor should be < 1.0.")` for
//! `factor >= 1.0`.
use serde::{Deserialize, Serialize};

use super::{
    factor_caveat, guard_caveat, min_lr_raise_caveat, no_averaging_caveat, plateau_family_caveats,
    py_float, py_max, value_error, Mode, NewbobParams, NewbobScheme,
};
use crate::py::error::Error;
use super::optimizer_code::{optimizer_lines, Library};
use crate::engine::settings::OptimizerSettings;

const NAME: &str = "ReduceLROnPlateau";

/// `threshold_mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdMode {
    #[default]
    /// `"rel"`: better means beyond `best·(1 ∓ threshold)`.
    Rel,
    /// `"abs"`: better means beyond `best ∓ threshold`.
    Abs,
}

impl ThresholdMode {
    /// The Python spelling, `"rel"` / `"abs"`.
    pub fn name(self) -> &'static str {
        match self {
            ThresholdMode::Rel => "rel",
            ThresholdMode::Abs => "abs",
        }
    }
}

/// The constructor arguments (defaults are torch's) plus the optimizer's initial `lr`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlateauConfig {
    /// The optimizer's `lr` (the LR of epoch 1).
    pub lr: f64,
    /// `mode`: default `"min"`.
    pub mode: Mode,
    /// `factor`: `new_lr = max(lr·factor, min_lr)`; default `0.1` (`>= 1.0` is a ValueError).
    pub factor: f64,
    /// `patience`: reduce once the bad-epoch count exceeds it; default `10`.
    pub patience: i64,
    /// `threshold`: the margin a new best must beat; default `1e-4`.
    pub threshold: f64,
    /// `threshold_mode`: relative or absolute margin; default `"rel"`.
    pub threshold_mode: ThresholdMode,
    /// `cooldown`: epochs after a reduction whose bad epochs are not counted; default `0`.
    pub cooldown: i64,
    /// `min_lr`: the lower bound of the LR; default `0`.
    pub min_lr: f64,
    /// `eps`: a reduction by less than this is skipped; default `1e-8`.
    pub eps: f64,
}

impl Default for PlateauConfig {
    fn default() -> Self {
        PlateauConfig {
            lr: 1.0,
            mode: Mode::Min,
            factor: 0.1,
            patience: 10,
            threshold: 1e-4,
            threshold_mode: ThresholdMode::Rel,
            cooldown: 0,
            min_lr: 0.0,
            eps: 1e-8,
        }
    }
}

/// `_is_better(a, best)`.
fn is_better(c: &PlateauConfig, a: f64, best: f64) -> bool {
    match (c.mode, c.threshold_mode) {
        (Mode::Min, ThresholdMode::Rel) => a < best * (1.0 - c.threshold),
        (Mode::Min, ThresholdMode::Abs) => a < best - c.threshold,
        (Mode::Max, ThresholdMode::Rel) => a > best * (c.threshold + 1.0),
        (Mode::Max, ThresholdMode::Abs) => a > best + c.threshold,
    }
}

/// The LR of epochs 1..=n+1 when `step(score)` is called after each epoch's validation
/// (`super` module docs). Errors: the constructor's `ValueError`.
pub fn simulate(c: &PlateauConfig, scores: &[f64]) -> Result<Vec<f64>, Error> {
    if c.factor >= 1.0 {
        return Err(value_error("Factor should be < 1.0."));
    }
    let mut best = match c.mode {
        Mode::Min => f64::INFINITY,
        Mode::Max => f64::NEG_INFINITY,
    };
    let mut num_bad: i64 = 0;
    let mut cooldown_counter: i64 = 0;
    let mut lr = c.lr;
    let mut out = Vec::with_capacity(scores.len() + 1);
    out.push(lr);
    for &current in scores {
        if is_better(c, current, best) {
            best = current;
            num_bad = 0;
        } else {
            num_bad = num_bad.saturating_add(1);
        }
        if cooldown_counter > 0 {
            cooldown_counter -= 1;
            num_bad = 0;
        }
        if num_bad > c.patience {
            let new_lr = py_max(lr * c.factor, c.min_lr);
            if lr - new_lr > c.eps {
                lr = new_lr;
            }
            cooldown_counter = c.cooldown;
            num_bad = 0;
        }
        out.push(lr);
    }
    Ok(out)
}

/// The closest `ReduceLROnPlateau` to the newbob settings: `factor = decay`, `patience = 0`
/// (newbob reacts to one bad epoch), `threshold_mode = "abs"` with `threshold = -t` for
/// newbob_abs, else `"rel"` with the threshold re-expressed against the older score
/// ([`NewbobParams::improvement_vs_old`]), `cooldown = N - 1` for the min-num-epochs guard `N`,
/// `min_lr = min_learning_rate` and `eps = 0.0` (newbob has no minimal decay).
pub fn closest_config(p: &NewbobParams) -> PlateauConfig {
    let (threshold_mode, threshold) = match p.scheme {
        NewbobScheme::NewbobAbs => (ThresholdMode::Abs, -p.error_threshold),
        _ => (ThresholdMode::Rel, p.improvement_vs_old()),
    };
    PlateauConfig {
        lr: p.learning_rate,
        mode: Mode::Min,
        factor: p.decay,
        patience: 0,
        threshold,
        threshold_mode,
        cooldown: (p.active_min_epochs() - 1).max(0),
        min_lr: p.min_learning_rate,
        eps: 0.0,
    }
}

/// Python code: optimizer, scheduler, and the per-epoch `scheduler.step(dev_score)` loop.
pub fn code_snippet(c: &PlateauConfig, optimizer: Option<&OptimizerSettings>) -> String {
    format!(
        r#"import torch

model = torch.nn.Linear(10, 10)  # your model
{optimizer}
scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(
    optimizer,
    mode="{mode}",
    factor={factor},
    patience={patience},
    threshold={threshold},
    threshold_mode="{threshold_mode}",
    cooldown={cooldown},
    min_lr={min_lr},
    eps={eps},
)

for epoch in range(1, num_epochs + 1):
    train_one_epoch(model, optimizer)  # trains with optimizer.param_groups[0]["lr"]
    dev_score = validate(model)  # the score newbob uses, e.g. dev_loss_ce
    scheduler.step(dev_score)  # after validation: sets the LR of epoch + 1
"#,
        optimizer = optimizer_lines(Library::Torch, optimizer, &py_float(c.lr)),
        mode = c.mode.name(),
        factor = py_float(c.factor),
        patience = c.patience,
        threshold = py_float(c.threshold),
        threshold_mode = c.threshold_mode.name(),
        cooldown = c.cooldown,
        min_lr = py_float(c.min_lr),
        eps = py_float(c.eps),
    )
}

/// The differences between newbob with `p` and `ReduceLROnPlateau` with `c`.
pub fn caveats(p: &NewbobParams, c: &PlateauConfig) -> Vec<String> {
    let mut out = Vec::new();
    plateau_family_caveats(p, NAME, &mut out);
    match c.threshold_mode {
        ThresholdMode::Rel => out.push(format!(
            "Denominator: newbob's relative error is (new - old) / |{}|; threshold_mode=\"rel\" \
             compares score < best * (1 - {}), i.e. relative to the best score itself, signed: \
             with negative scores best * (1 - threshold) lies above best, so a slightly worse \
             score still counts as an improvement.{}",
            if p.div_by_old { "old" } else { "new" },
            py_float(c.threshold),
            if p.scheme != NewbobScheme::NewbobAbs && !p.div_by_old {
                format!(
                    " The newbob threshold {} (relative to the new score) is converted to {} \
                     (relative to the older score): -t / (1 - t).",
                    py_float(p.relative_error_threshold),
                    py_float(c.threshold)
                )
            } else {
                String::new()
            }
        )),
        ThresholdMode::Abs => {
            if p.scheme != NewbobScheme::NewbobAbs {
                out.push(format!(
                    "threshold_mode=\"abs\" with threshold {} compares absolute differences; \
                     newbob's {} threshold is relative.",
                    py_float(c.threshold),
                    p.scheme.scheme().name()
                ));
            }
        }
    }
    if c.patience == 0 {
        out.push(
            "Patience: torch reduces when num_bad_epochs > patience, so patience=0 reduces after \
             the first bad epoch — like newbob, which reacts to a single epoch without enough \
             improvement. patience=1 would wait for two bad epochs in a row."
                .to_string(),
        );
    } else {
        out.push(format!(
            "Patience: patience={} reduces only after {} bad epochs in a row (num_bad_epochs > \
             patience); newbob reacts to a single bad epoch (that is patience=0).",
            c.patience,
            c.patience.saturating_add(1)
        ));
    }
    if let Some(g) = guard_caveat(p, NAME, c.cooldown, c.cooldown) {
        out.push(g);
    } else if c.cooldown > 0 {
        out.push(format!(
            "cooldown={} ignores the {} epochs after each reduction; newbob has no cooldown \
             (learning_rate_control_min_num_epochs_per_new_lr is not set).",
            c.cooldown, c.cooldown
        ));
    }
    if p.decay >= 1.0 || c.factor >= 1.0 {
        out.push(factor_caveat(p, "torch", "factor < 1.0"));
    }
    out.extend(min_lr_raise_caveat(
        p,
        "torch's max(lr * factor, min_lr) is applied only if it lowers the LR by more than eps, \
         so torch never raises it",
    ));
    if c.eps > 0.0 {
        let floor = if c.factor < 1.0 {
            c.eps / (1.0 - c.factor)
        } else {
            f64::INFINITY
        };
        out.push(format!(
            "eps={}: torch drops reductions of at most eps, so with factor {} the LR stops \
             decaying once it is <= {} (unless min_lr stops it first); newbob has no such limit \
             (use eps=0.0).",
            py_float(c.eps),
            py_float(c.factor),
            py_float(floor)
        ));
    } else {
        out.push(
            "eps=0.0 is set on purpose: torch's default eps=1e-8 drops reductions of at most \
             1e-8, which would freeze very small LRs that newbob still decays."
                .to_string(),
        );
    }
    no_averaging_caveat(p, NAME, &mut out);
    out
}
