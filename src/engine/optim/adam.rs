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

/// The keyword arguments of `torch.optim.Adam` / `torch.optim.AdamW` (torch's names and
/// defaults). `lr` is not a field: RETURNN writes the LR control's value into the param group
/// before every step, so it is an argument of [`AdamConfig::step`].
#[derive(Clone, Debug, PartialEq)]
pub struct AdamConfig {
    /// `betas`: `(β1, β2)`, the decay rates of the first and second moment; default `(0.9, 0.999)`.
    pub betas: (f64, f64),
    /// `eps`: added to the denominator after the square root; default `1e-8` (RETURNN's torch
    /// backend injects no default; an `epsilon` key in the `optimizer` dict is renamed to `eps`).
    pub eps: f64,
    /// `weight_decay`: coupled L2 `g + wd·p`, or `p·(1 − lr·wd)` with `decoupled_weight_decay`;
    /// default `0` (AdamW: `0.01`).
    pub weight_decay: f64,
    /// `amsgrad`: divide by the running maximum of the second moment (AMSGrad); default `False`.
    pub amsgrad: bool,
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
    /// `decoupled_weight_decay`: decay the parameter instead of adding `wd·p` to the gradient;
    /// default `False` (torch's AdamW passes `True`).
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
    /// torch's `state["step"]`: the number of updates done, `t` (float64 here; a float32 tensor
    /// in a real RETURNN run, see the torch spec section 7).
    pub step: u64,
    /// torch's `exp_avg`: the first moment `m`, one entry per parameter element.
    pub exp_avg: Vec<f64>,
    /// torch's `exp_avg_sq`: the second moment `v`, one entry per parameter element.
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

/// The per-parameter state of `torch.optim.Adam` / `AdamW`, created at the first step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdamState {
    /// `step`, `exp_avg` and `exp_avg_sq`.
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

    /// One `Adam.step()` (AdamW runs the same code) on `params` in place, with gradient `grad`
    /// at learning rate `lr`, in torch's order of operations:
    ///
    /// ```text
    /// t ← t + 1;  bc1 ← 1 − β1^t;  bc2 ← 1 − β2^t;  step_size ← lr/bc1
    /// g ← −g if maximize
    /// p ← p·(1 − lr·wd) (decoupled) | g ← g + wd·p (coupled)        (only if wd ≠ 0)
    /// m ← lerp(m, g, 1 − β1);  v ← β2·v + (1 − β2)·g·g
    /// v_max ← max(v_max, v) if amsgrad (NaN propagates)
    /// denom ← √(v or v_max)/√bc2 + eps
    /// p ← p − step_size·m/denom
    /// ```
    /// The textbook rule `m ← β1·m + (1 − β1)·g`, `p ← p − lr·m̂/(√v̂ + eps)` with `m̂ = m/bc1`,
    /// `v̂ = v/bc2` is the same in exact arithmetic; torch rounds differently (`lerp`, and
    /// `√v/√bc2` rather than `√(v/bc2)`), and this port follows torch. `β^t` is a float `pow`.
    /// The state is reset to zeros when `params.len()` changes.
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
