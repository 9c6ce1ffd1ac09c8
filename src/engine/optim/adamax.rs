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

/// The keyword arguments of `torch.optim.Adamax` (torch's names and defaults; `lr` is an
/// argument of [`AdamaxConfig::step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct AdamaxConfig {
    /// `betas`: `(β1, β2)`, the decay rates of the first moment and of the infinity norm;
    /// default `(0.9, 0.999)`.
    pub betas: (f64, f64),
    /// `eps`: added to `|g|` inside the infinity norm (not to a denominator); default `1e-8`.
    pub eps: f64,
    /// `weight_decay`: coupled L2, `g + wd·p`; default `0`.
    pub weight_decay: f64,
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
}

impl Default for AdamaxConfig {
    /// `torch.optim.Adamax`'s defaults.
    fn default() -> Self {
        AdamaxConfig { betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.0, maximize: false }
    }
}

/// The per-parameter state of `torch.optim.Adamax`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdamaxState {
    /// torch's `step`: the number of updates done, `t`.
    pub step: u64,
    /// torch's `exp_avg`: the first moment `m`.
    pub exp_avg: Vec<f64>,
    /// The exponentially weighted infinity norm `u`.
    pub exp_inf: Vec<f64>,
}

kwarg_fields!(AdamaxConfig { betas, eps, weight_decay, maximize });

impl AdamaxConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        validate_adam_like(lr, self.betas, self.eps, self.weight_decay, s)
    }

    /// One `Adamax.step()` on `params` in place, with gradient `grad` at learning rate `lr`:
    ///
    /// ```text
    /// t ← t + 1;  clr ← lr/(1 − β1^t)
    /// g ← −g if maximize;  g ← g + wd·p (if wd ≠ 0)
    /// m ← lerp(m, g, 1 − β1);  u ← max(β2·u, |g| + eps)   (torch.maximum: NaN propagates)
    /// p ← p − clr·m/u
    /// ```
    /// Kingma & Ba's AdaMax has `u ← max(β2·u, |g|)` and no eps; torch adds eps inside the max.
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
