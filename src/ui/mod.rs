//! The web app. The form model, literal reader and run model are plain Rust (compiled and tested
//! natively too); the Leptos components, state signals and the frame loop exist only on `wasm32`.
pub mod form;
pub mod form_settings;
pub mod import;
pub mod model;
pub mod query;
pub mod sweep_job;
pub mod sweep_model;
pub mod teach_model;
pub mod theme;
pub mod work;

#[cfg(target_arch = "wasm32")]
pub mod bench;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
pub mod panel_state;
#[cfg(target_arch = "wasm32")]
pub mod replay_state;
#[cfg(target_arch = "wasm32")]
pub mod run_loop;
#[cfg(target_arch = "wasm32")]
pub mod state;
#[cfg(target_arch = "wasm32")]
pub mod sweep_state;
#[cfg(target_arch = "wasm32")]
pub mod sweep_workers;
#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
pub use components::app::App;

/// Mounts the app on `<body>` (called by `main` in the wasm binary). In a Web Worker (the
/// sweep's, which loads the same wasm: there is no `window`) it does nothing.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    if web_sys::window().is_none() {
        return;
    }
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
