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

#[derive(Clone, Debug, PartialEq)]
pub struct AsgdConfig {
    pub lambd: f64,
    pub alpha: f64,
    pub t0: f64,
    pub weight_decay: f64,
    pub maximize: bool,
}

impl Default for AsgdConfig {
    fn default() -> Self {
        AsgdConfig { lambd: 1e-4, alpha: 0.75, t0: 1e6, weight_decay: 0.0, maximize: false }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AsgdState {
    pub step: u64,
    /// The step size of the next update (`None` before the first step: then it is that step's lr).
    pub eta: Option<f64>,
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
