//! `torch.optim.Adagrad` (single-tensor path).
//!
//! ```text
//! t ← t + 1;  g ← -g if maximize;  g ← g + wd·p
//! clr ← lr/(1 + (t - 1)·lr_decay)          (the current lr)
//! s ← s + g²  (s starts at initial_accumulator_value)
//! p ← p - clr·g/(sqrt(s) + eps)
//! ```

use super::kwargs::{kwarg_fields, Show, check_lr, check_nonneg};
use crate::py::error::Result;

/// The keyword arguments of `torch.optim.Adagrad` (torch's names and defaults; `lr` is an
/// argument of [`AdagradConfig::step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct AdagradConfig {
    /// `lr_decay`: the step size is `lr/(1 + (t − 1)·lr_decay)`; default `0`.
    pub lr_decay: f64,
    /// `weight_decay`: coupled L2, `g + wd·p`; default `0`.
    pub weight_decay: f64,
    /// `initial_accumulator_value`: the start value of the sum of squared gradients; default `0`.
    pub initial_accumulator_value: f64,
    /// `eps`: added after the square root; default `1e-10`.
    pub eps: f64,
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
}

impl Default for AdagradConfig {
    /// `torch.optim.Adagrad`'s defaults.
    fn default() -> Self {
        AdagradConfig { lr_decay: 0.0, weight_decay: 0.0, initial_accumulator_value: 0.0, eps: 1e-10, maximize: false }
    }
}

/// The per-parameter state of `torch.optim.Adagrad`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdagradState {
    /// torch's `step`: the number of updates done, `t`.
    pub step: u64,
    /// torch's `sum`: `initial_accumulator_value` plus the sum of all squared gradients.
    pub sum: Vec<f64>,
}

kwarg_fields!(AdagradConfig { lr_decay, eps, weight_decay, initial_accumulator_value, maximize });

impl AdagradConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        check_lr(lr, s)?;
        check_nonneg("lr_decay", "lr_decay", self.lr_decay, s)?;
        check_nonneg("weight_decay", "weight_decay", self.weight_decay, s)?;
        check_nonneg("initial_accumulator_value", "initial_accumulator_value", self.initial_accumulator_value, s)?;
        check_nonneg("eps", "epsilon", self.eps, s)
    }

    /// One `Adagrad.step()` on `params` in place, with gradient `grad` at learning rate `lr`:
    ///
    /// ```text
    /// t ← t + 1;  clr ← lr/(1 + (t − 1)·lr_decay)      (with the current lr)
    /// g ← −g if maximize;  g ← g + wd·p (if wd ≠ 0)
    /// s ← s + g·g
    /// p ← p − clr·g/(√s + eps)
    /// ```
    pub fn step(&self, state: &mut AdagradState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        if state.sum.len() != n {
            *state = AdagradState { step: 0, sum: vec![self.initial_accumulator_value; n] };
        }
        state.step += 1;
        let clr = lr / (1.0 + (state.step as f64 - 1.0) * self.lr_decay);
        for ((p, g), s) in params.iter_mut().zip(grad).zip(state.sum.iter_mut()) {
            let g = super::coupled_grad(*g, *p, self.weight_decay, self.maximize);
            *s += g * g;
            let std = s.sqrt() + self.eps;
            *p += -clr * g / std;
        }
    }
}
