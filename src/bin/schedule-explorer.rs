//! The native command-line tool: `schedule-explorer --help`.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(schedule_explorer::cli::main(&args));
}
