//! The wasm entry point that Trunk builds. Natively it only explains where the CLI is.
#[cfg(target_arch = "wasm32")]
fn main() {
    schedule_explorer::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("this binary is the web app (build it with `trunk build`); the CLI is `schedule-explorer`");
}
