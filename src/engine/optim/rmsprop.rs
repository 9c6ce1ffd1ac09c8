//! `torch.optim.RMSprop` (single-tensor path).
//!
//! ```text
//! g ← -g if maximize;  g ← g + wd·p
//! v ← α·v + (1 - α)·g²
//! centered: ḡ ← lerp(ḡ, g, 1 - α);  avg ← sqrt(v - ḡ²) + eps   else avg ← sqrt(v) + eps
//! momentum > 0: buf ← momentum·buf + g/avg;  p ← p - lr·buf     else p ← p - lr·g/avg
//! ```

use super::kwargs::{kwarg_fields, Show, check_lr, check_nonneg};
use super::lerp;
use crate::py::error::Result;

/// The keyword arguments of `torch.optim.RMSprop` (torch's names and defaults; `lr` is an
/// argument of [`RmsPropConfig::step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct RmsPropConfig {
    /// `alpha`: the smoothing constant α of the squared-gradient average; default `0.99`.
    pub alpha: f64,
    /// `eps`: added after the square root; default `1e-8`.
    pub eps: f64,
    /// `weight_decay`: coupled L2, `g + wd·p`; default `0`.
    pub weight_decay: f64,
    /// `momentum`: the momentum factor of `buf = momentum·buf + g/avg`; default `0` (off).
    pub momentum: f64,
    /// `centered`: normalise by the estimated variance `v − ḡ²` instead of `v`; default `False`.
    pub centered: bool,
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
}

impl Default for RmsPropConfig {
    /// `torch.optim.RMSprop`'s defaults.
    fn default() -> Self {
        RmsPropConfig { alpha: 0.99, eps: 1e-8, weight_decay: 0.0, momentum: 0.0, centered: false, maximize: false }
    }
}

/// The per-parameter state of `torch.optim.RMSprop` (all three buffers always allocated here).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RmsPropState {
    /// torch's `step`: the number of updates done (counted, not used by the update).
    pub step: u64,
    /// torch's `square_avg`: the running average `v` of `g²`.
    pub square_avg: Vec<f64>,
    /// torch's `grad_avg`: the running average `ḡ` of `g` (moves only with `centered`).
    pub grad_avg: Vec<f64>,
    /// torch's `momentum_buffer` (moves only with `momentum > 0`).
    pub momentum_buffer: Vec<f64>,
}

kwarg_fields!(RmsPropConfig { momentum, alpha, eps, centered, weight_decay, maximize });

impl RmsPropConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        check_lr(lr, s)?;
        check_nonneg("eps", "epsilon", self.eps, s)?;
        check_nonneg("momentum", "momentum", self.momentum, s)?;
        check_nonneg("weight_decay", "weight_decay", self.weight_decay, s)?;
        check_nonneg("alpha", "alpha", self.alpha, s)
    }

    /// One `RMSprop.step()` on `params` in place, with gradient `grad` at learning rate `lr`:
    ///
    /// ```text
    /// g ← −g if maximize;  g ← g + wd·p (if wd ≠ 0)
    /// v ← α·v + (1 − α)·g·g
    /// centered: ḡ ← lerp(ḡ, g, 1 − α);  avg ← √(v − ḡ·ḡ) + eps      else avg ← √v + eps
    /// momentum > 0:  buf ← momentum·buf + g/avg;  p ← p − lr·buf      else p ← p − lr·g/avg
    /// ```
    /// torch adds eps after the square root; TF 1's `RMSPropOptimizer` (RETURNN's TF backend)
    /// adds it inside, so the two differ for small `v`.
    pub fn step(&self, state: &mut RmsPropState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        if state.square_avg.len() != n {
            *state = RmsPropState {
                step: 0,
                square_avg: vec![0.0; n],
                grad_avg: vec![0.0; n],
                momentum_buffer: vec![0.0; n],
            };
        }
        state.step += 1;
        let st = state.square_avg.iter_mut().zip(state.grad_avg.iter_mut()).zip(state.momentum_buffer.iter_mut());
        for ((p, g), ((sq, ga), buf)) in params.iter_mut().zip(grad).zip(st) {
            let g = super::coupled_grad(*g, *p, self.weight_decay, self.maximize);
            *sq = *sq * self.alpha + (1.0 - self.alpha) * g * g;
            let avg = if self.centered {
                *ga = lerp(*ga, g, 1.0 - self.alpha);
                (*sq + -*ga * *ga).sqrt() + self.eps
            } else {
                sq.sqrt() + self.eps
            };
            if self.momentum > 0.0 {
                *buf = *buf * self.momentum + g / avg;
                *p += -lr * *buf;
            } else {
                *p += -lr * g / avg;
            }
        }
    }
}
