//! The typed settings of one run: one struct tree that the UI edits, the URL stores, the simulator
//! runs and the config exporter writes.
//!
//! * Every RETURNN knob is an `Option`: `None` means "not set", i.e. RETURNN's (or torch's) own
//!   default applies, and the exporter writes no line for it.
//! * Numbers remember whether they were written as an int or a float ([`Number`]), because RETURNN
//!   acts on the difference (`learning_rate = 1` is a TypeError at the first epoch).
//! * [`Settings::to_config`] gives the RETURNN config map (key → Python value),
//!   [`Settings::from_config`] reads one back (e.g. from `returnn::config::import`), validating into
//!   [`Error::Invalid`] with the RETURNN key as the field.
//! * [`Settings::warnings`] lists the traps RETURNN users fall into (int learning rates, TF-only
//!   options, thresholds that make newbob_multi_epoch assert, ...).
//!
//! JSON form (serde): numbers are JSON numbers (`1` int, `1.0` float; non-finite floats as
//! `"NaN"`, `"Infinity"`, `"-Infinity"`), the optimizer is the RETURNN dict itself
//! (`{"class": "adam", "betas": [0.9, 0.999]}`; arrays under `betas`/`etas`/`step_sizes`/`eps`
//! are tuples), unset knobs are omitted.
pub(crate) use crate::py::error::{Error, Result};
pub(crate) use crate::engine::optim::grad_proc::tf_only_options;
pub(crate) use crate::engine::surface::Surface;
pub(crate) use crate::py::json::{float_to_json, json_to_float, json_to_py, py_to_json};
pub(crate) use crate::engine::keys::{self, Backend, Group};
pub(crate) use crate::py::convert::py_float_from_str;
pub(crate) use crate::py::value::{NpKind, PyValue};
pub(crate) use serde::de::{self, Deserializer, Visitor};
pub(crate) use serde::ser::{SerializeMap, Serializer};
pub(crate) use serde::{Deserialize, Serialize};
pub(crate) use std::collections::BTreeMap;
pub(crate) use std::fmt;

mod config;
mod control;
mod number;
mod run;
mod step;
mod validate;
#[cfg(test)]
mod tests;

pub use control::*;
pub use number::*;
pub use run::*;
pub use step::*;
