//! The native command-line tool: `schedule-explorer --help`.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(schedule_explorer::cli::main(&args));
}

/// Built (empty) for wasm32 only because `cargo test --target wasm32-unknown-unknown` builds every bin.
#[cfg(target_arch = "wasm32")]
fn main() {}
