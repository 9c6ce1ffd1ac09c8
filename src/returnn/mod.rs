//! RETURNN's text formats. Nothing here evaluates code: every reader is a parser of a literal subset.
pub mod config;
pub mod lr_file;
pub mod python_literal;
pub mod run_export;
pub mod scenario;
