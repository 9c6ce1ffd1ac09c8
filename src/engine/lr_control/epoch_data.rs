//! RETURNN's per-epoch table (`LearningRateControl.epoch_data`): what the LR control decides with
//! and what a `learning_rate_file` holds. The text format (reader and writer) lives above the
//! engine, in `returnn::lr_file`.
use super::key::Key;
use crate::py::value::PyValue;
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
    /// `EpochData(learningRate=learning_rate, error={})`: a float LR, no scores, no meta.
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
