//! Schedule Explorer: an exact re-implementation of RETURNN's learning-rate control and of the
//! torch optimizers RETURNN's PyTorch backend builds, plus the text formats RETURNN reads and writes.
//!
//! * [`engine`] — pure, `std`-only, float64: LR control, optimizers, surfaces, simulator, settings.
//! * [`returnn`] — RETURNN's text formats (Python literals, `learning_rate_file`, config snippets);
//!   nothing is ever evaluated.
//! * `cli` — the native command-line tool (not built for wasm).
//! * `ui` — the Leptos app (only built for `wasm32`).

pub mod bench;
pub mod chart;
pub mod engine;
pub mod py;
pub mod returnn;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

/// The web app; its Leptos parts are compiled only for `wasm32` (see `ui/mod.rs`).
pub mod ui;
