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

#[derive(Clone, Debug, PartialEq)]
pub struct RmsPropConfig {
    pub alpha: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub momentum: f64,
    pub centered: bool,
    pub maximize: bool,
}

impl Default for RmsPropConfig {
    fn default() -> Self {
        RmsPropConfig { alpha: 0.99, eps: 1e-8, weight_decay: 0.0, momentum: 0.0, centered: false, maximize: false }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RmsPropState {
    pub step: u64,
    pub square_avg: Vec<f64>,
    pub grad_avg: Vec<f64>,
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
