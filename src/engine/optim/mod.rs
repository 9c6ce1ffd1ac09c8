//! torch optimizers as RETURNN's PyTorch backend builds and steps them.
//!
//! * [`OptimizerConfig`]: one variant per usable class, each with torch's parameter names and
//!   defaults. Built from a RETURNN `optimizer` dict by [`OptimizerConfig::from_returnn`] with
//!   RETURNN's and torch's own exceptions and messages, or directly (forms).
//! * [`Optimizer`]: a validated config plus its state; [`Optimizer::step`] takes the learning
//!   rate as an argument (the LR control owns it). State survives LR changes, as in RETURNN.
//! * [`OPTIMIZERS`]: the name table (every class name torch's `torch.optim` has, plus RETURNN's
//!   Lion) with each keyword's torch default and a one-line description, for dropdowns and forms.
//! * [`grad_proc`]: RETURNN's gradient noise, value/global-norm clipping, accumulation and the
//!   root-level options, and [`grad_proc::Updater`] which chains them like `Updater.step`.
//!
//! All maths follows torch 2.15's single-tensor CPU code paths in float64 (see each file).

pub mod adadelta;
pub mod adafactor;
pub mod adagrad;
pub mod adam;
pub mod adamax;
pub mod asgd;
pub mod case;
pub mod grad_proc;
pub mod kwargs;
pub mod lion;
pub mod nadam;
pub mod radam;
pub mod rmsprop;
pub mod rprop;
pub mod sgd;

pub use adadelta::{AdadeltaConfig, AdadeltaState};
pub use adafactor::{AdafactorConfig, AdafactorState};
pub use adagrad::{AdagradConfig, AdagradState};
pub use adam::{AdamConfig, AdamState};
pub use adamax::{AdamaxConfig, AdamaxState};
pub use asgd::{AsgdConfig, AsgdState};
pub use lion::{LionConfig, LionState};
pub use nadam::{NAdamConfig, NAdamState};
pub use radam::{RAdamConfig, RAdamState};
pub use rmsprop::{RmsPropConfig, RmsPropState};
pub use rprop::{RpropConfig, RpropState};
pub use sgd::{SgdConfig, SgdState};

pub(crate) use crate::py::error::{Error, PyExc, Result};
pub(crate) use crate::py::value::{str_repr, PyValue};
pub(crate) use kwargs::{AsFloat, AsGiven, Show};

mod construct;
mod names;
mod scalar;
mod stepper;

pub use construct::*;
pub use names::*;
pub use scalar::*;
pub use stepper::*;

#[cfg(test)]
mod tests;
