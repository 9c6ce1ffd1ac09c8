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

/// The keyword arguments of `torch.optim.SGD` (torch's names and defaults; `lr` is an argument
/// of [`SgdConfig::step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct SgdConfig {
    /// `momentum`: the momentum factor μ; default `0` (no momentum buffer).
    pub momentum: f64,
    /// `dampening`: the buffer update adds `(1 − dampening)·g`, from the second step on;
    /// default `0`.
    pub dampening: f64,
    /// `weight_decay`: coupled L2, `g + wd·p`; default `0`.
    pub weight_decay: f64,
    /// `nesterov`: Nesterov momentum `g + μ·buf`; default `False` (needs `momentum > 0` and
    /// `dampening == 0`, else torch's ValueError).
    pub nesterov: bool,
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
}

impl Default for SgdConfig {
    /// `torch.optim.SGD`'s defaults: plain gradient descent.
    fn default() -> Self {
        SgdConfig { momentum: 0.0, dampening: 0.0, weight_decay: 0.0, nesterov: false, maximize: false }
    }
}

/// The per-parameter state of `torch.optim.SGD`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SgdState {
    /// torch's `momentum_buffer` (`buf`); `None` until the first step with `momentum ≠ 0`.
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

    /// One `SGD.step()` on `params` in place, with gradient `grad` at learning rate `lr`:
    ///
    /// ```text
    /// g ← −g if maximize;  g ← g + wd·p (if wd ≠ 0)
    /// if μ ≠ 0:  buf ← g (first step) | μ·buf + (1 − dampening)·g
    ///            g ← g + μ·buf (nesterov) | buf
    /// p ← p − lr·g
    /// ```
    /// torch's momentum is `buf ← μ·buf + g`, `p ← p − lr·buf` (the lr multiplies the buffer,
    /// unlike Sutskever et al.'s `v ← μ·v − lr·g`), and the first step copies `g` with no
    /// `(1 − dampening)` factor. A buffer of the wrong length counts as a first step.
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
