//! `torch.optim.Rprop` (single-tensor path).
//!
//! ```text
//! g ← -g if maximize
//! s ← sign(g·prev) → η+ (> 0), η- (< 0), 1 (= 0)
//! step_size ← clamp(step_size·s, step_min, step_max)   (initialised to the first step's lr)
//! g ← 0 where s = η-
//! p ← p - sign(g)·step_size;  prev ← g
//! ```
//! Later LR changes have no effect: the lr only initialises `step_size`.

use super::kwargs::{kwarg_fields, require, Show, check_lr};
use super::clamp_nan;
use crate::py::error::Result;

#[derive(Clone, Debug, PartialEq)]
pub struct RpropConfig {
    /// (etaminus, etaplus)
    pub etas: (f64, f64),
    /// (minimal, maximal) step size
    pub step_sizes: (f64, f64),
    pub maximize: bool,
}

impl Default for RpropConfig {
    fn default() -> Self {
        RpropConfig { etas: (0.5, 1.2), step_sizes: (1e-6, 50.0), maximize: false }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RpropState {
    pub step: u64,
    pub prev: Vec<f64>,
    pub step_size: Vec<f64>,
}

/// torch's `sign` (0 for 0 and NaN).
fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }
}

kwarg_fields!(RpropConfig { etas, step_sizes, maximize });

impl RpropConfig {
    pub(super) fn validate(&self, lr: f64, s: &dyn Show) -> Result<()> {
        check_lr(lr, s)?;
        let (minus, plus) = self.etas;
        require(0.0 < minus && minus < 1.0 && 1.0 < plus, || {
            format!("Invalid eta values: {}, {}", s.show("etas.0", minus), s.show("etas.1", plus))
        })
    }

    pub fn step(&self, state: &mut RpropState, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len();
        if state.prev.len() != n || state.step_size.len() != n {
            *state = RpropState { step: 0, prev: vec![0.0; n], step_size: vec![lr; n] };
        }
        state.step += 1;
        let (etaminus, etaplus) = self.etas;
        for ((p, g), (prev, step_size)) in params.iter_mut().zip(grad).zip(state.prev.iter_mut().zip(state.step_size.iter_mut())) {
            let mut g = if self.maximize { -*g } else { *g };
            let s = sign(g * *prev);
            let factor = if s > 0.0 {
                etaplus
            } else if s < 0.0 {
                etaminus
            } else {
                1.0
            };
            *step_size = clamp_nan(*step_size * factor, self.step_sizes.0, self.step_sizes.1);
            if factor == etaminus {
                g = 0.0;
            }
            *p += -(sign(g) * *step_size);
            *prev = g;
        }
    }
}
