//! RETURNN's own `returnn.torch.optim.lion.Lion` (Chen et al. 2023), the non-triton CPU path.
//!
//! ```text
//! wd' ← wd/initial_lr if decoupled_weight_decay else wd
//! p ← p·(1 - lr·wd')
//! p ← p - lr·sign(β1·m + (1 - β1)·g)       (sign(0) = 0)
//! m ← β2·m + (1 - β2)·g
//! ```
//! Its constructor only asserts `lr > 0` and `0 <= beta <= 1` (AssertionError, no message).

use super::kwargs::{kwarg_fields, Show};
use crate::py::error::{Error, PyExc, Result};

/// The keyword arguments of RETURNN's `returnn.torch.optim.lion.Lion` (its names and defaults;
/// `lr` is an argument of [`LionConfig::step`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LionConfig {
    /// `betas`: `(β1, β2)`, the interpolation of the sign update and the momentum decay; default
    /// `(0.9, 0.99)`.
    pub betas: (f64, f64),
    /// `weight_decay`: `p ← p·(1 − lr·wd)` before each update; default `0`.
    pub weight_decay: f64,
    /// `decoupled_weight_decay`: divide `weight_decay` by the initial lr (so the decay does not
    /// scale with the lr's size); default `False`.
    pub decoupled_weight_decay: bool,
}

impl Default for LionConfig {
    /// RETURNN's Lion defaults (its `lr` default is `1e-4`).
    fn default() -> Self {
        LionConfig { betas: (0.9, 0.99), weight_decay: 0.0, decoupled_weight_decay: false }
    }
}

/// The per-parameter state of RETURNN's Lion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LionState {
    /// `exp_avg`: the momentum `m`.
    pub exp_avg: Vec<f64>,
}

kwarg_fields!(LionConfig { betas, weight_decay, decoupled_weight_decay });

impl LionConfig {
    pub(super) fn validate(&self, lr: f64, _s: &dyn Show) -> Result<()> {
        let beta_ok = |b: f64| (0.0..=1.0).contains(&b);
        if lr > 0.0 && beta_ok(self.betas.0) && beta_ok(self.betas.1) {
            Ok(())
        } else {
            Err(Error::py(PyExc::AssertionError, ""))
        }
    }

    /// One `Lion.step()` on `params` in place, with gradient `grad` at learning rate `lr`:
    ///
    /// ```text
    /// wd' ← wd/initial_lr if decoupled_weight_decay else wd
    /// p ← p·(1 − lr·wd')
    /// p ← p − lr·sign(β1·m + (1 − β1)·g)      (sign(0) = 0)
    /// m ← β2·m + (1 − β2)·g
    /// ```
    /// RETURNN's code uses `mul`/`add`, not `lerp`, for both averages; there is no `maximize`.
    /// `initial_lr`: the lr the optimizer was constructed with (for the decoupled decay).
    pub fn step(&self, state: &mut LionState, params: &mut [f64], grad: &[f64], lr: f64, initial_lr: f64) {
        let n = params.len();
        if state.exp_avg.len() != n {
            state.exp_avg = vec![0.0; n];
        }
        let wd = if self.decoupled_weight_decay { self.weight_decay / initial_lr } else { self.weight_decay };
        let (beta1, beta2) = self.betas;
        for ((p, g), m) in params.iter_mut().zip(grad).zip(state.exp_avg.iter_mut()) {
            *p *= 1.0 - lr * wd;
            let u = *m * beta1 + (1.0 - beta1) * *g;
            let s = if u > 0.0 {
                1.0
            } else if u < 0.0 {
                -1.0
            } else {
                0.0
            };
            *p += -lr * s;
            *m = *m * beta2 + (1.0 - beta2) * *g;
        }
    }
}
