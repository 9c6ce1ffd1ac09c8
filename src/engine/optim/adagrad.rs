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

#[derive(Clone, Debug, PartialEq)]
pub struct AdagradConfig {
    pub lr_decay: f64,
    pub weight_decay: f64,
    pub initial_accumulator_value: f64,
    pub eps: f64,
    pub maximize: bool,
}

impl Default for AdagradConfig {
    fn default() -> Self {
        AdagradConfig { lr_decay: 0.0, weight_decay: 0.0, initial_accumulator_value: 0.0, eps: 1e-10, maximize: false }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdagradState {
    pub step: u64,
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
