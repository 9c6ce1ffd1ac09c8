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

/// The keyword arguments of `torch.optim.Rprop` (torch's names and defaults). Its `lr` only
/// initialises the step sizes at the first [`RpropConfig::step`].
#[derive(Clone, Debug, PartialEq)]
pub struct RpropConfig {
    /// `etas`: `(etaminus, etaplus)`, the step-size factors after a sign change / no change;
    /// default `(0.5, 1.2)` (torch needs `0 < etaminus < 1 < etaplus`).
    pub etas: (f64, f64),
    /// `step_sizes`: `(minimal, maximal)` step size, the clamp range; default `(1e-6, 50)`.
    pub step_sizes: (f64, f64),
    /// `maximize`: ascend the objective (the gradient is negated first); default `False`.
    pub maximize: bool,
}

impl Default for RpropConfig {
    /// `torch.optim.Rprop`'s defaults.
    fn default() -> Self {
        RpropConfig { etas: (0.5, 1.2), step_sizes: (1e-6, 50.0), maximize: false }
    }
}

/// The per-parameter state of `torch.optim.Rprop`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RpropState {
    /// torch's `step`: the number of updates done (counted, not used by the update).
    pub step: u64,
    /// torch's `prev`: the previous step's gradient, 0 where its sign had flipped.
    pub prev: Vec<f64>,
    /// torch's `step_size`: the per-element step size, the first step's `lr` at creation.
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

    /// One `Rprop.step()` on `params` in place, with gradient `grad`; `lr` is read only when the
    /// state is created (first step, or a new `params.len()`):
    ///
    /// ```text
    /// g ← −g if maximize
    /// f ← η+ if g·prev > 0 | η− if g·prev < 0 | 1 otherwise (also for NaN)
    /// step_size ← clamp(step_size·f, step_min, step_max)   (NaN propagates)
    /// g ← 0 where f = η−
    /// p ← p − sign(g)·step_size;  prev ← g
    /// ```
    /// This is iRprop− (Igel & Hüsken): after a sign change the step is skipped and the gradient
    /// forgotten, not undone (no weight backtracking).
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
