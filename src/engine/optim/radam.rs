//! `torch.optim.RAdam` (single-tensor path).
//!
//! ```text
//! g ← -g if maximize;  t ← t + 1
//! weight decay: p ← p·(1 - lr·wd) (decoupled) | g ← g + wd·p
//! m ← lerp(m, g, 1 - β1);  v ← β2·v + (1 - β2)·g²
//! ρ∞ ← 2/(1 - β2) - 1;  ρ_t ← ρ∞ - 2t·β2^t/(1 - β2^t)
//! if ρ_t > 5:  p ← p - m/(1 - β1^t)·lr·sqrt(1 - β2^t)/(sqrt(v) + eps)·r_t,
//!              r_t = ((ρ_t - 4)(ρ_t - 2)ρ∞ / ((ρ∞ - 4)(ρ∞ - 2)ρ_t)) ** 0.5
//! else:        p ← p - m/(1 - β1^t)·lr
//! ```

use super::adam::{apply_weight_decay, update_moments, validate_adam_like, Moments};
use super::kwargs::{kwarg_fields, Show};
use crate::py::error::Result;

/// The keyword arguments of `torch.optim.RAdam` (torch's names and defaults; `lr` is an
/// argument of [`RAdamConfig::step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct RAdamConfig {
    /// `betas`: `(β1, β2)`, the decay rates of the first and second moment; default `(0.9, 0.999)`.
    pub betas: (f64, f64),
    /// `eps`: added to `√v` in the adaptive term; default `1e-8`.
    pub eps: f64,
    /// `weight_decay`: coupled L2 `g + wd·p`, or `p·(1 − lr·wd)` with `decoupled_weight_decay`;
    /// default `0`.
    pub weight_decay: f64,
    /// `decoupled_weight_decay`: decay the parameter instead of the gradient (RAdamW); default `False`.
    pub decoupled_weight_decay: bool,
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
}

impl Default for RAdamConfig {
    /// `torch.optim.RAdam`'s defaults.
    fn default() -> Self {
        RAdamConfig { betas: (0.9, 0.999), eps: 1e-8, weight_decay: 0.0, decoupled_weight_decay: false, maximize: false }
    }
}

/// The per-parameter state of `torch.optim.RAdam`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RAdamState {
    /// `step`, `exp_avg` and `exp_avg_sq`.
    pub moments: Moments,
}

kwarg_fields!(RAdamConfig { betas, eps, weight_decay, decoupled_weight_decay, maximize });

impl RAdamConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        validate_adam_like(lr, self.betas, self.eps, self.weight_decay, s)
    }

    /// One `RAdam.step()` on `params` in place, with gradient `grad` at learning rate `lr`:
    ///
    /// ```text
    /// t ← t + 1;  bc1 ← 1 − β1^t;  bc2 ← 1 − β2^t
    /// ρ∞ ← 2/(1 − β2) − 1;  ρ_t ← ρ∞ − 2t·β2^t/bc2
    /// r_t ← ((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)) ** 0.5     (only if ρ_t > 5)
    /// g ← −g if maximize
    /// p ← p·(1 − lr·wd) (decoupled) | g ← g + wd·p (coupled)        (only if wd ≠ 0)
    /// m ← lerp(m, g, 1 − β1);  v ← β2·v + (1 − β2)·g·g
    /// ρ_t > 5:  p ← p − (m/bc1)·lr·(bc2 ** 0.5/(√v + eps))·r_t
    /// else:     p ← p − (m/bc1)·lr                              (un-adapted momentum SGD)
    /// ```
    /// As in Liu et al., except that torch puts eps next to `√v` and takes `** 0.5` as a `pow`.
    pub fn step(&self, state: &mut RAdamState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        state.moments.ensure(n);
        state.moments.step += 1;
        let t = state.moments.step as f64;
        let (beta1, beta2) = self.betas;
        let bias_correction1 = 1.0 - libm::pow(beta1, t);
        let bias_correction2 = 1.0 - libm::pow(beta2, t);
        let rho_inf = 2.0 / (1.0 - beta2) - 1.0;
        let rho_t = rho_inf - 2.0 * t * libm::pow(beta2, t) / bias_correction2;
        let rect = if rho_t > 5.0 {
            Some(libm::pow(
                (rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t),
                0.5,
            ))
        } else {
            None
        };
        let bc2_sqrt = libm::pow(bias_correction2, 0.5);
        let Moments { exp_avg, exp_avg_sq, .. } = &mut state.moments;
        for ((p, g), (m, v)) in params.iter_mut().zip(grad).zip(exp_avg.iter_mut().zip(exp_avg_sq.iter_mut())) {
            let g = if self.maximize { -*g } else { *g };
            let g = apply_weight_decay(p, g, self.weight_decay, self.decoupled_weight_decay, lr);
            update_moments(m, v, g, self.betas);
            let corrected = *m / bias_correction1;
            match rect {
                Some(r) => {
                    let adaptive = bc2_sqrt / (v.sqrt() + self.eps);
                    *p += -(corrected * lr * adaptive * r);
                }
                None => *p += -(corrected * lr),
            }
        }
    }
}
