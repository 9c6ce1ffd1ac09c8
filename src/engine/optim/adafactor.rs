//! `torch.optim.Adafactor` for a vector parameter (unfactored second moment; single-tensor path).
//!
//! ```text
//! g ← -g if maximize;  t ← t + 1
//! β2̂ ← t^beta2_decay;  ρ ← min(lr, 1/sqrt(t))
//! α ← max(eps2, ‖p‖/sqrt(n))·ρ                      (before weight decay)
//! p ← p·(1 - lr·wd)                                  (decoupled, if wd ≠ 0)
//! v ← lerp(v, g², β2̂)
//! u ← g/sqrt(max(v, eps1²))                          (eps1 = None → float64 machine eps)
//! p ← p - α/max(1, ‖u‖/(sqrt(n)·d))·u
//! ```
//! `min`/`max` are Python's (a NaN second argument loses).

use super::kwargs::{kwarg_fields, require, Show};
use super::{lerp, py_max, py_min};
use crate::py::error::Result;

/// The keyword arguments of `torch.optim.Adafactor` (torch ≥ 2.5; torch's names and defaults;
/// `lr` is an argument of [`AdafactorConfig::step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct AdafactorConfig {
    /// `beta2_decay`: the second-moment weight is `1 − β2_t = t^beta2_decay`; default `-0.8`
    /// (must be ≤ 0).
    pub beta2_decay: f64,
    /// `eps`: `(eps1, eps2)`, the variance floor `eps1²` and the parameter-scale floor `eps2`;
    /// default `(None, 1e-3)`. `None` for eps1 means the dtype's machine epsilon.
    pub eps: (Option<f64>, f64),
    /// `d`: the clipping threshold of the update's RMS; default `1.0` (must be ≥ 1).
    pub d: f64,
    /// `weight_decay`: always decoupled, `p ← p·(1 − lr·wd)`; default `0.0`.
    pub weight_decay: f64,
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
}

impl Default for AdafactorConfig {
    /// `torch.optim.Adafactor`'s defaults.
    fn default() -> Self {
        AdafactorConfig { beta2_decay: -0.8, eps: (None, 1e-3), d: 1.0, weight_decay: 0.0, maximize: false }
    }
}

/// The per-parameter state of `torch.optim.Adafactor` for a vector parameter.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdafactorState {
    /// torch's `step`: the number of updates done, `t`.
    pub step: u64,
    /// torch's `variance`: the unfactored second-moment estimate `v` (a vector has no
    /// row/column factors).
    pub variance: Vec<f64>,
}

fn norm2(v: impl Iterator<Item = f64>) -> f64 {
    v.map(|x| x * x).sum::<f64>().sqrt()
}

kwarg_fields!(AdafactorConfig { beta2_decay, eps, d, weight_decay, maximize });

impl AdafactorConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        require(0.0 <= lr, || format!("Learning rate should be >= 0 but is: {}", s.show("lr", lr)))?;
        require(0.0 >= self.beta2_decay, || {
            format!("beta2_decay should be <= 0 but is: {}", s.show("beta2_decay", self.beta2_decay))
        })?;
        if let Some(eps1) = self.eps.0 {
            require(0.0 <= eps1, || format!("epsilon1 should be >= 0 but is: {}", s.show("eps.0", eps1)))?;
        }
        require(0.0 <= self.eps.1, || format!("epsilon2 should be >= 0 but is: {}", s.show("eps.1", self.eps.1)))?;
        require(1.0 <= self.d, || format!("Clipping threshold d should be >= 1 but is: {}", s.show("d", self.d)))?;
        require(0.0 <= self.weight_decay, || {
            format!("weight_decay should be >= 0 but is: {}", s.show("weight_decay", self.weight_decay))
        })
    }

    /// One `Adafactor.step()` on `params` (one vector parameter of `n` elements) in place, with
    /// gradient `grad` at learning rate `lr`:
    ///
    /// ```text
    /// t ← t + 1;  β2̂ ← t^beta2_decay;  ρ ← min(lr, 1/t^0.5)
    /// α ← max(eps2, ‖p‖₂/n^0.5)·ρ                     (‖p‖ before weight decay)
    /// p ← p·(1 − lr·wd)                                (if wd ≠ 0)
    /// g ← −g if maximize
    /// v ← lerp(v, g·g, β2̂)
    /// u ← (1/√max(v, eps1²))·g                         (v itself is not clamped)
    /// p ← p − α/max(1, ‖u‖₂/(n^0.5·d))·u
    /// ```
    /// `min`/`max` are Python's: a NaN second argument loses. Shazeer & Stern's Adafactor
    /// factors `v` for matrices, has an optional first moment and uses `1 − β2̂ = t^−0.8` the
    /// same way; torch's version keeps no first moment.
    pub fn step(&self, state: &mut AdafactorState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        if state.variance.len() != n {
            *state = AdafactorState { step: 0, variance: vec![0.0; n] };
        }
        state.step += 1;
        let t = state.step as f64;
        let one_minus_beta2_t = libm::pow(t, self.beta2_decay);
        let rho_t = py_min(lr, 1.0 / libm::pow(t, 0.5));
        let sqrt_n = libm::pow(n as f64, 0.5);
        let alpha = py_max(self.eps.1, norm2(params.iter().copied()) / sqrt_n) * rho_t;
        if self.weight_decay != 0.0 {
            params.iter_mut().for_each(|p| *p *= 1.0 - lr * self.weight_decay);
        }
        let eps1 = self.eps.0.unwrap_or(f64::EPSILON);
        let floor = eps1 * eps1;
        let mut update = vec![0.0; n];
        for ((u, g), v) in update.iter_mut().zip(grad).zip(state.variance.iter_mut()) {
            let g = if self.maximize { -*g } else { *g };
            *v = lerp(*v, g * g, one_minus_beta2_t);
            let clamped = if v.is_nan() || *v >= floor { *v } else { floor };
            *u = 1.0 / clamped.sqrt() * g;
        }
        let denom = py_max(1.0, norm2(update.iter().copied()) / (sqrt_n * self.d));
        for (p, u) in params.iter_mut().zip(&update) {
            *p += -alpha / denom * u;
        }
    }
}
