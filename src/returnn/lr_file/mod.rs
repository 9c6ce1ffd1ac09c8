//! RETURNN's `learning_rate_file`: the data model, the exact writer ([`write`]) and the reader
//! ([`parse`], which never evaluates code).
mod fast;
mod key;
mod parse;
mod write;
pub mod chunked;
pub use fast::parse_fast;
pub use key::{Key, KeyTable};
pub use parse::{epochs_json, parse, parse_general, parse_pasted};
pub use write::{better_repr, epoch_data_repr, write};

use super::pyvalue::PyValue;
use std::collections::BTreeMap;

/// One epoch's entry, as RETURNN's `EpochData` holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochData {
    /// The learning rate: a `PyValue::Float` or an `np.float64` (RETURNN keeps numpy floats).
    pub learning_rate: PyValue,
    /// The scores (`error` without the `:meta:` keys), in insertion order.
    pub error: Vec<(Key, PyValue)>,
    /// The meta information (`:meta:<key>` in the file, without the prefix), in insertion order.
    pub meta: Vec<(Key, PyValue)>,
}

impl EpochData {
    pub fn new(learning_rate: f64) -> EpochData {
        EpochData { learning_rate: PyValue::Float(learning_rate), error: Vec::new(), meta: Vec::new() }
    }

    /// The learning rate as float64.
    pub fn lr(&self) -> f64 {
        self.learning_rate.as_py_float().unwrap_or(f64::NAN)
    }
}

/// A whole file: epoch → data. Epochs are Python ints (may be 0 or negative in hand-made files).
pub type LrFile = BTreeMap<i64, EpochData>;
