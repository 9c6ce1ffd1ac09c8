//! `torch.optim.Adadelta` (single-tensor path).
//!
//! ```text
//! g ← -g if maximize;  g ← g + wd·p
//! v ← ρ·v + (1 - ρ)·g²
//! δ ← sqrt(u + eps)/sqrt(v + eps)·g
//! u ← ρ·u + (1 - ρ)·δ²
//! p ← p - lr·δ
//! ```

use super::kwargs::{float, require, truthy, Show};
use crate::engine::error::Result;
use crate::returnn::pyvalue::PyValue;

#[derive(Clone, Debug, PartialEq)]
pub struct AdadeltaConfig {
    pub rho: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub maximize: bool,
}

impl Default for AdadeltaConfig {
    fn default() -> Self {
        AdadeltaConfig { rho: 0.9, eps: 1e-6, weight_decay: 0.0, maximize: false }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdadeltaState {
    pub step: u64,
    pub square_avg: Vec<f64>,
    pub acc_delta: Vec<f64>,
}

impl AdadeltaConfig {
    pub(super) fn set(&mut self, key: &str, v: &PyValue) -> Result<()> {
        match key {
            "rho" => self.rho = float(v)?,
            "eps" => self.eps = float(v)?,
            "weight_decay" => self.weight_decay = float(v)?,
            "maximize" => self.maximize = truthy(v),
            _ => {}
        }
        Ok(())
    }

    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        require(0.0 <= lr, || format!("Invalid learning rate: {}", s.show("lr", lr)))?;
        require(0.0 <= self.rho && self.rho <= 1.0, || format!("Invalid rho value: {}", s.show("rho", self.rho)))?;
        require(0.0 <= self.eps, || format!("Invalid epsilon value: {}", s.show("eps", self.eps)))?;
        require(0.0 <= self.weight_decay, || {
            format!("Invalid weight_decay value: {}", s.show("weight_decay", self.weight_decay))
        })
    }

    pub(super) fn hyper(&self) -> Vec<(&'static str, PyValue)> {
        vec![
            ("rho", PyValue::Float(self.rho)),
            ("eps", PyValue::Float(self.eps)),
            ("weight_decay", PyValue::Float(self.weight_decay)),
            ("maximize", PyValue::Bool(self.maximize)),
        ]
    }

    pub fn step(&self, state: &mut AdadeltaState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        if state.square_avg.len() != n || state.acc_delta.len() != n {
            *state = AdadeltaState { step: 0, square_avg: vec![0.0; n], acc_delta: vec![0.0; n] };
        }
        state.step += 1;
        let rho = self.rho;
        for ((p, g), (v, u)) in params.iter_mut().zip(grad).zip(state.square_avg.iter_mut().zip(state.acc_delta.iter_mut())) {
            let mut g = if self.maximize { -*g } else { *g };
            if self.weight_decay != 0.0 {
                g += self.weight_decay * *p;
            }
            *v = *v * rho + (1.0 - rho) * g * g;
            let std = (*v + self.eps).sqrt();
            let delta = (*u + self.eps).sqrt() / std * g;
            *u = *u * rho + (1.0 - rho) * delta * delta;
            *p += -lr * delta;
        }
    }
}
