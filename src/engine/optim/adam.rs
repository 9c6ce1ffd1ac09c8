//! `torch.optim.Adam` and `torch.optim.AdamW` (AdamW is Adam with `decoupled_weight_decay=True`
//! and `weight_decay=0.01` by default; torch 2.15 implements it exactly so).
//!
//! ```text
//! g ← -g if maximize
//! weight decay: p ← p·(1 - lr·wd) (decoupled) | g ← g + wd·p (coupled L2)
//! t ← t + 1;  m ← lerp(m, g, 1 - β1);  v ← β2·v + (1 - β2)·g²
//! v̂ ← max(v̂, v) if amsgrad;  denom ← sqrt(v or v̂)/sqrt(1 - β2^t) + eps
//! p ← p - lr/(1 - β1^t) · m/denom
//! ```
//! `β^t` is a float `pow` (as Python's `beta ** step`).

use super::kwargs::{kwarg_fields, require, Show, check_lr, check_nonneg};
use super::{lerp, max_nan};
use crate::py::error::Result;

#[derive(Clone, Debug, PartialEq)]
pub struct AdamConfig {
    pub betas: (f64, f64),
    pub eps: f64,
    pub weight_decay: f64,
    pub amsgrad: bool,
    pub maximize: bool,
    pub decoupled_weight_decay: bool,
}

impl Default for AdamConfig {
    /// `torch.optim.Adam`'s defaults.
    fn default() -> Self {
        AdamConfig {
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
            maximize: false,
            decoupled_weight_decay: false,
        }
    }
}

impl AdamConfig {
    /// `torch.optim.AdamW`'s defaults (`weight_decay=0.01`, decoupled).
    pub fn adamw() -> Self {
        AdamConfig { weight_decay: 1e-2, decoupled_weight_decay: true, ..AdamConfig::default() }
    }
}

/// Moments shared by the Adam family: step count, first and second moment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Moments {
    pub step: u64,
    pub exp_avg: Vec<f64>,
    pub exp_avg_sq: Vec<f64>,
}

impl Moments {
    /// Zero state for `n` parameters unless it already has that size.
    pub(super) fn ensure(&mut self, n: usize) {
        if self.exp_avg.len() != n || self.exp_avg_sq.len() != n {
            *self = Moments { step: 0, exp_avg: vec![0.0; n], exp_avg_sq: vec![0.0; n] };
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdamState {
    pub moments: Moments,
    /// amsgrad's running maximum of `exp_avg_sq`.
    pub max_exp_avg_sq: Vec<f64>,
}

/// The checks Adam, AdamW, NAdam and RAdam share: lr, eps, both betas in [0, 1), weight decay.
pub(super) fn validate_adam_like(lr: f64, betas: (f64, f64), eps: f64, weight_decay: f64, s: &dyn Show) -> Result<()> {
    check_lr(lr, s)?;
    check_nonneg("eps", "epsilon", eps, s)?;
    require(0.0 <= betas.0 && betas.0 < 1.0, || {
        format!("Invalid beta parameter at index 0: {}", s.show("betas.0", betas.0))
    })?;
    require(0.0 <= betas.1 && betas.1 < 1.0, || {
        format!("Invalid beta parameter at index 1: {}", s.show("betas.1", betas.1))
    })?;
    check_nonneg("weight_decay", "weight_decay", weight_decay, s)
}

/// The moment updates of the Adam family: `m ← lerp(m, g, 1 - β1)`, `v ← β2·v + (1 - β2)·g·g`.
pub(super) fn update_moments(m: &mut f64, v: &mut f64, g: f64, betas: (f64, f64)) {
    *m = lerp(*m, g, 1.0 - betas.0);
    *v = *v * betas.1 + (1.0 - betas.1) * g * g;
}

/// Weight decay of the Adam family before the update: decoupled shrinks `p`, coupled returns
/// `g + wd·p`.
pub(super) fn apply_weight_decay(p: &mut f64, g: f64, wd: f64, decoupled: bool, lr: f64) -> f64 {
    if wd == 0.0 {
        g
    } else if decoupled {
        *p *= 1.0 - lr * wd;
        g
    } else {
        g + wd * *p
    }
}

kwarg_fields!(AdamConfig { betas, eps, weight_decay, amsgrad, maximize, decoupled_weight_decay });

impl AdamConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        validate_adam_like(lr, self.betas, self.eps, self.weight_decay, s)
    }

    pub fn step(&self, state: &mut AdamState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        state.moments.ensure(n);
        if state.max_exp_avg_sq.len() != n {
            state.max_exp_avg_sq = vec![0.0; n];
        }
        state.moments.step += 1;
        let t = state.moments.step as f64;
        let bias_correction1 = 1.0 - libm::pow(self.betas.0, t);
        let bias_correction2 = 1.0 - libm::pow(self.betas.1, t);
        let step_size = lr / bias_correction1;
        let bias_correction2_sqrt = bias_correction2.sqrt();
        let Moments { exp_avg, exp_avg_sq, .. } = &mut state.moments;
        let iter = params.iter_mut().zip(grad).zip(exp_avg.iter_mut().zip(exp_avg_sq.iter_mut())).zip(state.max_exp_avg_sq.iter_mut());
        for (((p, g), (m, v)), vmax) in iter {
            let g = if self.maximize { -*g } else { *g };
            let g = apply_weight_decay(p, g, self.weight_decay, self.decoupled_weight_decay, lr);
            update_moments(m, v, g, self.betas);
            let second = if self.amsgrad {
                *vmax = max_nan(*vmax, *v);
                *vmax
            } else {
                *v
            };
            let denom = second.sqrt() / bias_correction2_sqrt + self.eps;
            *p += -step_size * *m / denom;
        }
    }
}
