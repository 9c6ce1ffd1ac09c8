//! The native command-line tool: `schedule-explorer --help`.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut args = Vec::new();
    for (i, arg) in std::env::args_os().skip(1).enumerate() {
        match arg.into_string() {
            Ok(s) => args.push(s),
            Err(raw) => {
                eprintln!("error: argument {} is not valid UTF-8: {:?}", i + 1, raw.to_string_lossy());
                std::process::exit(2);
            }
        }
    }
    std::process::exit(schedule_explorer::cli::main(&args));
}

/// Built (empty) for wasm32 only because `cargo test --target wasm32-unknown-unknown` builds every bin.
#[cfg(target_arch = "wasm32")]
fn main() {}
