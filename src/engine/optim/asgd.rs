//! `torch.optim.ASGD` (single-tensor path, float64 scalar state as in the references).
//!
//! ```text
//! g ← -g if maximize;  t ← t + 1;  g ← g + wd·p
//! p ← p·(1 - λ·η);  p ← p - η·g
//! ax ← p (μ = 1) | ax + (p - ax)·μ
//! η ← lr/(1 + λ·lr·t)^α;  μ ← 1/max(1, t - t0)
//! ```
//! η starts as the lr of the first step and is recomputed after each update from that update's
//! lr, so an LR change acts one update late. `t0`/`μ` only move the average `ax`, which is not
//! the trajectory.

use super::kwargs::{kwarg_fields, Show, check_lr, check_nonneg};
use crate::py::error::Result;

/// The keyword arguments of `torch.optim.ASGD` (torch's names and defaults; `lr` is an
/// argument of [`AsgdConfig::step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct AsgdConfig {
    /// `lambd`: the decay term λ (`p ← p·(1 − λ·η)`, and in the η schedule); default `1e-4`.
    pub lambd: f64,
    /// `alpha`: the power α of the schedule `η = lr/(1 + λ·lr·t)^α`; default `0.75`.
    pub alpha: f64,
    /// `t0`: the update count from which averaging starts (moves only `ax`); default `1e6`.
    pub t0: f64,
    /// `weight_decay`: coupled L2, `g + wd·p`; default `0`.
    pub weight_decay: f64,
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
}

impl Default for AsgdConfig {
    /// `torch.optim.ASGD`'s defaults.
    fn default() -> Self {
        AsgdConfig { lambd: 1e-4, alpha: 0.75, t0: 1e6, weight_decay: 0.0, maximize: false }
    }
}

/// The per-parameter state of `torch.optim.ASGD`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AsgdState {
    /// torch's `step`: the number of updates done, `t`.
    pub step: u64,
    /// The step size of the next update (`None` before the first step: then it is that step's lr).
    pub eta: Option<f64>,
    /// torch's `mu`: the averaging coefficient `1/max(1, t − t0)` for the next update (1 at first).
    pub mu: f64,
    /// The averaged parameters.
    pub ax: Vec<f64>,
}

kwarg_fields!(AsgdConfig { lambd, alpha, t0, weight_decay, maximize });

impl AsgdConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        check_lr(lr, s)?;
        check_nonneg("weight_decay", "weight_decay", self.weight_decay, s)
    }

    /// One `ASGD.step()` on `params` in place, with gradient `grad` at learning rate `lr`:
    ///
    /// ```text
    /// t ← t + 1;  η ← lr at the very first step, else the η the previous update computed
    /// g ← −g if maximize;  g ← g + wd·p (if wd ≠ 0)
    /// p ← p·(1 − λ·η);  p ← p − η·g
    /// ax ← p (μ = 1) | ax + (p − ax)·μ
    /// η ← lr/(1 + λ·lr·t)^α;  μ ← 1/max(1, t − t0)      (for the next update)
    /// ```
    /// So `lr` enters through the η computed at the end of the step: an LR change acts one
    /// update late (torch spec section 6). The scalars are float64, as in the references.
    pub fn step(&self, state: &mut AsgdState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        if state.ax.len() != n {
            *state = AsgdState { step: 0, eta: None, mu: 1.0, ax: vec![0.0; n] };
        }
        state.step += 1;
        let eta = *state.eta.get_or_insert(lr);
        for ((p, g), ax) in params.iter_mut().zip(grad).zip(state.ax.iter_mut()) {
            let g = super::coupled_grad(*g, *p, self.weight_decay, self.maximize);
            *p *= 1.0 - self.lambd * eta;
            *p += -eta * g;
            if state.mu != 1.0 {
                *ax += (*p - *ax) * state.mu;
            } else {
                *ax = *p;
            }
        }
        let t = state.step as f64;
        state.eta = Some(lr / libm::pow(1.0 + self.lambd * lr * t, self.alpha));
        state.mu = 1.0 / super::py_max(1.0, t - self.t0);
    }
}
