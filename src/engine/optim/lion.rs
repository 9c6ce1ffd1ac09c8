//! RETURNN's own `returnn.torch.optim.lion.Lion` (Chen et al. 2023), the non-triton CPU path.
//!
//! ```text
//! wd' ← wd/initial_lr if decoupled_weight_decay else wd
//! p ← p·(1 - lr·wd')
//! p ← p - lr·sign(lerp(m, g, 1 - β1))      (sign(0) = 0)
//! m ← β2·m + (1 - β2)·g
//! ```
//! Its constructor only asserts `lr > 0` and `0 <= beta <= 1` (AssertionError, no message).

use super::kwargs::{kwarg_fields, Show};
use crate::py::error::{Error, PyExc, Result};

#[derive(Clone, Debug, PartialEq)]
pub struct LionConfig {
    pub betas: (f64, f64),
    pub weight_decay: f64,
    pub decoupled_weight_decay: bool,
}

impl Default for LionConfig {
    fn default() -> Self {
        LionConfig { betas: (0.9, 0.99), weight_decay: 0.0, decoupled_weight_decay: false }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LionState {
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
