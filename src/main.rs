//! The wasm entry point that Trunk builds: the app, and `sweep_worker_run` for the sweep's Web
//! Workers (which load this same module). Natively it only explains where the CLI is.
#[cfg(target_arch = "wasm32")]
fn main() {
    schedule_explorer::ui::start();
}

/// The sweep worker's one call (`sweep-worker.js`, which loads this same wasm module): a job of
/// [`schedule_explorer::ui::sweep_job::run_job`], JSON in, JSON out; bad input is an
/// `{"error": ...}` object, never a panic.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn sweep_worker_run(job_json: &str) -> String {
    schedule_explorer::ui::sweep_job::run_job(job_json)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("this binary is the web app (build it with `trunk build`); the CLI is `schedule-explorer`");
}
