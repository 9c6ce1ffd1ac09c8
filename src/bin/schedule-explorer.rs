//! The native command-line tool: `schedule-explorer --help`.
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
