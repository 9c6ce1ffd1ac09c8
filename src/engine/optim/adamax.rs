//! `torch.optim.Adamax` (single-tensor path).
//!
//! ```text
//! g ← -g if maximize;  t ← t + 1;  g ← g + wd·p
//! m ← lerp(m, g, 1 - β1);  u ← max(β2·u, |g| + eps)
//! p ← p - lr/(1 - β1^t) · m/u
//! ```

use super::adam::validate_adam_like;
use super::kwargs::{kwarg_fields, Show};
use super::{lerp, max_nan};
use crate::py::error::Result;

#[derive(Clone, Debug, PartialEq)]
pub struct AdamaxConfig {
    pub betas: (f64, f64),
    pub eps: f64,
    pub weight_decay: f64,
    pub maximize: bool,
}

impl Default for AdamaxConfig {
    fn default() -> Self {
        AdamaxConfig { betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.0, maximize: false }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdamaxState {
    pub step: u64,
    pub exp_avg: Vec<f64>,
    /// The exponentially weighted infinity norm `u`.
    pub exp_inf: Vec<f64>,
}

kwarg_fields!(AdamaxConfig { betas, eps, weight_decay, maximize });

impl AdamaxConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        validate_adam_like(lr, self.betas, self.eps, self.weight_decay, s)
    }

    pub fn step(&self, state: &mut AdamaxState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        if state.exp_avg.len() != n || state.exp_inf.len() != n {
            *state = AdamaxState { step: 0, exp_avg: vec![0.0; n], exp_inf: vec![0.0; n] };
        }
        state.step += 1;
        let clr = lr / (1.0 - libm::pow(self.betas.0, state.step as f64));
        let iter = params.iter_mut().zip(grad).zip(state.exp_avg.iter_mut().zip(state.exp_inf.iter_mut()));
        for ((p, g), (m, u)) in iter {
            let g = super::coupled_grad(*g, *p, self.weight_decay, self.maximize);
            *m = lerp(*m, g, 1.0 - self.betas.0);
            *u = max_nan(*u * self.betas.1, g.abs() + self.eps);
            *p += -clr * *m / *u;
        }
    }
}
