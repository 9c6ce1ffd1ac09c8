//! `torch.optim.Adagrad` (single-tensor path).
//!
//! ```text
//! t ← t + 1;  g ← -g if maximize;  g ← g + wd·p
//! clr ← lr/(1 + (t - 1)·lr_decay)          (the current lr)
//! s ← s + g²  (s starts at initial_accumulator_value)
//! p ← p - clr·g/(sqrt(s) + eps)
//! ```

use super::kwargs::{float, require, truthy, Show};
use crate::engine::error::Result;
use crate::returnn::pyvalue::PyValue;

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

impl AdagradConfig {
    pub(super) fn set(&mut self, key: &str, v: &PyValue) -> Result<()> {
        match key {
            "lr_decay" => self.lr_decay = float(v)?,
            "weight_decay" => self.weight_decay = float(v)?,
            "initial_accumulator_value" => self.initial_accumulator_value = float(v)?,
            "eps" => self.eps = float(v)?,
            "maximize" => self.maximize = truthy(v),
            _ => {}
        }
        Ok(())
    }

    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        require(0.0 <= lr, || format!("Invalid learning rate: {}", s.show("lr", lr)))?;
        require(0.0 <= self.lr_decay, || format!("Invalid lr_decay value: {}", s.show("lr_decay", self.lr_decay)))?;
        require(0.0 <= self.weight_decay, || {
            format!("Invalid weight_decay value: {}", s.show("weight_decay", self.weight_decay))
        })?;
        require(0.0 <= self.initial_accumulator_value, || {
            format!(
                "Invalid initial_accumulator_value value: {}",
                s.show("initial_accumulator_value", self.initial_accumulator_value)
            )
        })?;
        require(0.0 <= self.eps, || format!("Invalid epsilon value: {}", s.show("eps", self.eps)))
    }

    pub(super) fn hyper(&self) -> Vec<(&'static str, PyValue)> {
        vec![
            ("lr_decay", PyValue::Float(self.lr_decay)),
            ("eps", PyValue::Float(self.eps)),
            ("weight_decay", PyValue::Float(self.weight_decay)),
            ("initial_accumulator_value", PyValue::Float(self.initial_accumulator_value)),
            ("maximize", PyValue::Bool(self.maximize)),
        ]
    }

    pub fn step(&self, state: &mut AdagradState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        if state.sum.len() != n {
            *state = AdagradState { step: 0, sum: vec![self.initial_accumulator_value; n] };
        }
        state.step += 1;
        let clr = lr / (1.0 + (state.step as f64 - 1.0) * self.lr_decay);
        for ((p, g), s) in params.iter_mut().zip(grad).zip(state.sum.iter_mut()) {
            let mut g = if self.maximize { -*g } else { *g };
            if self.weight_decay != 0.0 {
                g += self.weight_decay * *p;
            }
            *s += g * g;
            let std = s.sqrt() + self.eps;
            *p += -clr * g / std;
        }
    }
}
