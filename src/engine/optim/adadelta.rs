//! `torch.optim.Adadelta` (single-tensor path).
//!
//! ```text
//! g ← -g if maximize;  g ← g + wd·p
//! v ← ρ·v + (1 - ρ)·g²
//! δ ← sqrt(u + eps)/sqrt(v + eps)·g
//! u ← ρ·u + (1 - ρ)·δ²
//! p ← p - lr·δ
//! ```

use super::kwargs::{kwarg_fields, require, Show, check_lr, check_nonneg};
use crate::py::error::Result;

/// The keyword arguments of `torch.optim.Adadelta` (torch's names and defaults; `lr` is an
/// argument of [`AdadeltaConfig::step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct AdadeltaConfig {
    /// `rho`: the decay rate ρ of both running averages; default `0.9` (must be in [0, 1]).
    pub rho: f64,
    /// `eps`: added inside both square roots; default `1e-6`.
    pub eps: f64,
    /// `weight_decay`: coupled L2, `g + wd·p`; default `0`.
    pub weight_decay: f64,
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
}

impl Default for AdadeltaConfig {
    /// `torch.optim.Adadelta`'s defaults (its `lr` default is `1.0`).
    fn default() -> Self {
        AdadeltaConfig { rho: 0.9, eps: 1e-6, weight_decay: 0.0, maximize: false }
    }
}

/// The per-parameter state of `torch.optim.Adadelta`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdadeltaState {
    /// torch's `step`: the number of updates done (counted, not used by the update).
    pub step: u64,
    /// torch's `square_avg`: the running average `v` of `g²`.
    pub square_avg: Vec<f64>,
    /// torch's `acc_delta`: the running average `u` of `δ²`.
    pub acc_delta: Vec<f64>,
}

kwarg_fields!(AdadeltaConfig { rho, eps, weight_decay, maximize });

impl AdadeltaConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        check_lr(lr, s)?;
        require(0.0 <= self.rho && self.rho <= 1.0, || format!("Invalid rho value: {}", s.show("rho", self.rho)))?;
        check_nonneg("eps", "epsilon", self.eps, s)?;
        check_nonneg("weight_decay", "weight_decay", self.weight_decay, s)
    }

    /// One `Adadelta.step()` on `params` in place, with gradient `grad` at learning rate `lr`:
    ///
    /// ```text
    /// g ← −g if maximize;  g ← g + wd·p (if wd ≠ 0)
    /// v ← ρ·v + (1 − ρ)·g·g
    /// δ ← √(u + eps)/√(v + eps)·g
    /// u ← ρ·u + (1 − ρ)·δ·δ
    /// p ← p − lr·δ
    /// ```
    /// Zeiler's Adadelta has no learning rate (`lr = 1.0`, torch's default, is the paper's rule).
    pub fn step(&self, state: &mut AdadeltaState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        if state.square_avg.len() != n || state.acc_delta.len() != n {
            *state = AdadeltaState { step: 0, square_avg: vec![0.0; n], acc_delta: vec![0.0; n] };
        }
        state.step += 1;
        let rho = self.rho;
        for ((p, g), (v, u)) in params.iter_mut().zip(grad).zip(state.square_avg.iter_mut().zip(state.acc_delta.iter_mut())) {
            let g = super::coupled_grad(*g, *p, self.weight_decay, self.maximize);
            *v = *v * rho + (1.0 - rho) * g * g;
            let std = (*v + self.eps).sqrt();
            let delta = (*u + self.eps).sqrt() / std * g;
            *u = *u * rho + (1.0 - rho) * delta * delta;
            *p += -lr * delta;
        }
    }
}
