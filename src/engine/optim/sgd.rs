//! `torch.optim.SGD` (single-tensor path).
//!
//! ```text
//! g ← -g if maximize;  g ← g + weight_decay·p
//! if momentum ≠ 0:  buf ← g (first step) | momentum·buf + (1 - dampening)·g
//!                   g ← g + momentum·buf (nesterov) | buf
//! p ← p - lr·g
//! ```
//! The first momentum step copies g, with no `(1 - dampening)` factor. SGD's checks are `x < 0`
//! (so NaN passes), unlike the `not 0.0 <= x` of the other classes.

use super::kwargs::{kwarg_fields, require, Show};
use crate::py::error::Result;

#[derive(Clone, Debug, PartialEq)]
pub struct SgdConfig {
    pub momentum: f64,
    pub dampening: f64,
    pub weight_decay: f64,
    pub nesterov: bool,
    pub maximize: bool,
}

impl Default for SgdConfig {
    fn default() -> Self {
        SgdConfig { momentum: 0.0, dampening: 0.0, weight_decay: 0.0, nesterov: false, maximize: false }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SgdState {
    pub momentum_buffer: Option<Vec<f64>>,
}

kwarg_fields!(SgdConfig { momentum, dampening, weight_decay, nesterov, maximize });

impl SgdConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        require(lr >= 0.0 || lr.is_nan(), || format!("Invalid learning rate: {}", s.show("lr", lr)))?;
        require(self.momentum >= 0.0 || self.momentum.is_nan(), || {
            format!("Invalid momentum value: {}", s.show("momentum", self.momentum))
        })?;
        require(self.weight_decay >= 0.0 || self.weight_decay.is_nan(), || {
            format!("Invalid weight_decay value: {}", s.show("weight_decay", self.weight_decay))
        })?;
        require(!(self.nesterov && (self.momentum <= 0.0 || self.dampening != 0.0)), || {
            "Nesterov momentum requires a momentum and zero dampening".to_string()
        })
    }

    pub fn step(&self, state: &mut SgdState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        let fresh = !matches!(&state.momentum_buffer, Some(b) if b.len() == n);
        if self.momentum != 0.0 && fresh {
            state.momentum_buffer = Some(vec![0.0; n]);
        }
        for (i, (p, g)) in params.iter_mut().zip(grad).enumerate() {
            let mut g = super::coupled_grad(*g, *p, self.weight_decay, self.maximize);
            if let (true, Some(b)) = (self.momentum != 0.0, state.momentum_buffer.as_mut().and_then(|b| b.get_mut(i))) {
                *b = if fresh { g } else { *b * self.momentum + (1.0 - self.dampening) * g };
                g = if self.nesterov { g + self.momentum * *b } else { *b };
            }
            *p += -lr * g;
        }
    }
}
