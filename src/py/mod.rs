//! Python value semantics RETURNN acts on: the value type ([`value::PyValue`], with Python's
//! `repr`), the typed config accessors ([`typed_config::TypedConfig`]: RETURNN's int/float/bool
//! rules), the JSON conventions of the reference vectors ([`json`]) and the Python exception types
//! ([`error`]). This is the bottom layer: it depends on nothing else in the crate.
pub mod arith;
pub mod convert;
pub mod error;
pub mod json;
pub mod typed_config;
pub mod value;
