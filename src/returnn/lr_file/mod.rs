//! RETURNN's `learning_rate_file`: the data model, the exact writer ([`write()`]) and the reader
//! ([`parse`], which never evaluates code).
mod fast;
mod parse;
mod write;
pub mod chunked;
pub use fast::parse_fast;
// The data model (RETURNN's `epoch_data`) belongs to the LR control; this module reads and writes it.
pub use crate::engine::lr_control::{EpochData, Key, KeyTable, LrFile};
pub use parse::{epochs_json, parse, parse_general, parse_pasted};
pub use write::{better_repr, epoch_data_repr, write};

use crate::py::error::Error;

/// Reads a `learning_rate_file` as RETURNN's `load()` does when it resumes: a rejected text is the
/// loader's Python exception, with the position in its message (what the LR control raises at
/// `init`; see `engine::lr_control::Existing::LoadError`).
pub fn load(text: &str) -> Result<LrFile, Error> {
    parse(text).map_err(|e| match e {
        Error::Parse { exc, line, column, message } => {
            Error::py(exc, format!("learning_rate_file line {line}, column {column}: {message}"))
        }
        other => other,
    })
}
