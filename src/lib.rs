//! Schedule Explorer: an exact re-implementation of RETURNN's learning-rate control and of the
//! torch optimizers RETURNN's PyTorch backend builds, plus the text formats RETURNN reads and writes.
//!
//! The layers import one way (`tests/layers.rs` checks it): [`py`] ← [`engine`] ← {[`returnn`],
//! [`chart`]} ← {`ui`, `cli`, [`bench`](mod@bench)}.
//!
//! * [`py`] — Python value semantics RETURNN acts on: values with Python's `repr`, RETURNN's
//!   `Config` readers, number conversions, the JSON conventions, Python exception types.
//! * [`engine`] — pure, float64: LR control, optimizers, surfaces, simulator, settings, the
//!   config-key table. It reads and writes no text format.
//! * [`returnn`] — the text formats: Python literals, `learning_rate_file`, config import and
//!   export, scenario files, run exports. Code in a config is never executed.
//! * [`chart`] — plotters drawing, generic over the backend.
//! * `cli` — the native command-line tool (not built for wasm).
//! * `ui` — the Leptos app (only built for `wasm32`).

pub mod bench;
pub mod chart;
#[warn(missing_docs)]
pub mod engine;
#[warn(missing_docs)]
pub mod py;
pub mod returnn;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

/// The web app; its Leptos parts are compiled only for `wasm32` (see `ui/mod.rs`).
pub mod ui;
