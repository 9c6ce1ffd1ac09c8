//! The pure engine: no web, no I/O, float64 everywhere. Transcendental functions come from the
//! `libm` crate so that native and wasm builds compute the same bits.
pub mod equivalents;
pub mod keys;
pub mod lr_control;
pub mod optim;
pub mod rng;
pub mod compare;
pub mod replay;
pub mod settings;
pub mod sim;
pub mod sort;
pub mod step_infer;
pub mod step_lr;
pub mod step_replay;
pub mod surface;
pub mod sweep;
pub mod workbench;
