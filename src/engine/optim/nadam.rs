//! `torch.optim.NAdam` (single-tensor path, float64 scalar state as in the references).
//!
//! ```text
//! g ← -g if maximize;  t ← t + 1;  bc2 ← 1 - β2^t
//! weight decay: p ← p·(1 - lr·wd) (decoupled) | g ← g + wd·p
//! μ_t ← β1·(1 - 0.5·0.96^(t·ψ));  μ_{t+1} ← β1·(1 - 0.5·0.96^((t+1)·ψ));  Πμ ← Πμ·μ_t
//! m ← lerp(m, g, 1 - β1);  v ← β2·v + (1 - β2)·g²;  denom ← sqrt(v/bc2) + eps
//! p ← p - lr·(1 - μ_t)/(1 - Πμ) · g/denom
//! p ← p - lr·μ_{t+1}/(1 - Πμ·μ_{t+1}) · m/denom
//! ```
//! (ψ = `momentum_decay`.) In a real RETURNN run the scalar state is float32 (spec section 7);
//! this port, like the references, keeps it float64.

use super::adam::{apply_weight_decay, update_moments, validate_adam_like, Moments};
use super::kwargs::{kwarg_fields, Show, check_nonneg};
use crate::py::error::Result;

/// The keyword arguments of `torch.optim.NAdam` (torch's names and defaults; `lr` is an
/// argument of [`NAdamConfig::step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct NAdamConfig {
    /// `betas`: `(β1, β2)`, the decay rates of the first and second moment; default `(0.9, 0.999)`.
    pub betas: (f64, f64),
    /// `eps`: added to the denominator after the square root; default `1e-8`.
    pub eps: f64,
    /// `weight_decay`: coupled L2 `g + wd·p`, or `p·(1 − lr·wd)` with `decoupled_weight_decay`;
    /// default `0`.
    pub weight_decay: f64,
    /// `momentum_decay`: ψ of the momentum schedule `μ_t = β1·(1 − 0.5·0.96^(t·ψ))`; default `4e-3`.
    pub momentum_decay: f64,
    /// `decoupled_weight_decay`: decay the parameter instead of the gradient (NAdamW); default `False`.
    pub decoupled_weight_decay: bool,
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
}

impl Default for NAdamConfig {
    /// `torch.optim.NAdam`'s defaults.
    fn default() -> Self {
        NAdamConfig {
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            momentum_decay: 4e-3,
            decoupled_weight_decay: false,
            maximize: false,
        }
    }
}

/// The per-parameter state of `torch.optim.NAdam`.
#[derive(Clone, Debug, PartialEq)]
pub struct NAdamState {
    /// `step`, `exp_avg` and `exp_avg_sq`.
    pub moments: Moments,
    /// torch's `mu_product`: `Πμ = μ_1·μ_2·…·μ_t`, 1 before the first step.
    pub mu_product: f64,
}

impl Default for NAdamState {
    /// Zero moments and `mu_product = 1`.
    fn default() -> Self {
        NAdamState { moments: Moments::default(), mu_product: 1.0 }
    }
}

kwarg_fields!(NAdamConfig { betas, eps, weight_decay, momentum_decay, decoupled_weight_decay, maximize });

impl NAdamConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        validate_adam_like(lr, self.betas, self.eps, self.weight_decay, s)?;
        check_nonneg("momentum_decay", "momentum_decay", self.momentum_decay, s)
    }

    /// One `NAdam.step()` on `params` in place, with gradient `grad` at learning rate `lr`:
    ///
    /// ```text
    /// t ← t + 1;  bc2 ← 1 − β2^t
    /// μ_t ← β1·(1 − 0.5·0.96^(t·ψ));  μ_{t+1} ← β1·(1 − 0.5·0.96^((t+1)·ψ));  Πμ ← Πμ·μ_t
    /// g ← −g if maximize
    /// p ← p·(1 − lr·wd) (decoupled) | g ← g + wd·p (coupled)        (only if wd ≠ 0)
    /// m ← lerp(m, g, 1 − β1);  v ← β2·v + (1 − β2)·g·g;  denom ← √(v/bc2) + eps
    /// p ← p − lr·(1 − μ_t)/(1 − Πμ) · g/denom
    /// p ← p − lr·μ_{t+1}/(1 − Πμ·μ_{t+1}) · m/denom
    /// ```
    /// The momentum schedule `μ_t` is Dozat's (ψ = 0.004 = 1/250). Unlike Adam, `m` is corrected
    /// by the products of the μ's rather than by `1 − β1^t`, and the bias correction of `v` is
    /// inside the square root. The scalars are float64 (a real RETURNN run has float32 ones).
    pub fn step(&self, state: &mut NAdamState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        if state.moments.exp_avg.len() != n {
            *state = NAdamState::default();
        }
        state.moments.ensure(n);
        state.moments.step += 1;
        let t = state.moments.step as f64;
        let (beta1, beta2) = self.betas;
        let bias_correction2 = 1.0 - libm::pow(beta2, t);
        let mu = beta1 * (1.0 - 0.5 * libm::pow(0.96, t * self.momentum_decay));
        let mu_next = beta1 * (1.0 - 0.5 * libm::pow(0.96, (t + 1.0) * self.momentum_decay));
        state.mu_product *= mu;
        let mu_product = state.mu_product;
        let mu_product_next = mu_product * mu_next;
        let c_grad = -lr * (1.0 - mu) / (1.0 - mu_product);
        let c_avg = (-lr * mu_next) / (1.0 - mu_product_next);
        let Moments { exp_avg, exp_avg_sq, .. } = &mut state.moments;
        for ((p, g), (m, v)) in params.iter_mut().zip(grad).zip(exp_avg.iter_mut().zip(exp_avg_sq.iter_mut())) {
            let g = if self.maximize { -*g } else { *g };
            let g = apply_weight_decay(p, g, self.weight_decay, self.decoupled_weight_decay, lr);
            update_moments(m, v, g, self.betas);
            let denom = (*v / bias_correction2).sqrt() + self.eps;
            *p += c_grad * g / denom;
            *p += c_avg * *m / denom;
        }
    }
}
