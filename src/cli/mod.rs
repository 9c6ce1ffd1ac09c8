//! The native command-line tool. Output: one JSON object per line on stdout (floats as Python
//! `repr`, non-finite as `"NaN"`/`"Infinity"`/`"-Infinity"`). Unreadable input: a message on
//! stderr and exit code 2. Never a panic.
mod bench;
mod config;
mod config_export;
mod config_import;
mod dynamic_lr;
mod lrfile;
mod optimize;
mod replay;
mod simulate;

use std::io::Write;

const USAGE: &str = "\
schedule-explorer — RETURNN's learning-rate control and torch optimizers, exactly

USAGE:
    schedule-explorer <COMMAND> [ARGS...]

COMMANDS:
    replay SCENARIO.json...       run RETURNN's LR control on scenario files (--explain: decision table)
    lrfile PATH...                parse learning_rate_files and write them back as RETURNN would
    optimize CASES.jsonl          run optimizer trajectories as RETURNN's torch updater would
    dynamic-lr CASES.jsonl        step-level LR schedules (dynamic_learning_rate) as RETURNN runs them
    simulate SETTINGS.json        run the training simulator (per-epoch JSON lines, --csv)
    config import FILE            read a RETURNN config without executing it
    config export VALUES.json     write a RETURNN config snippet
    bench                         run the standard benchmark workloads

Run `schedule-explorer <COMMAND> --help` for a command's options.
";

/// Runs the CLI with the arguments after the program name; returns the process exit code.
pub fn main(args: &[String]) -> i32 {
    let Some(cmd) = args.first() else {
        eprint!("{USAGE}");
        return 2;
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "-h" | "--help" | "help" => {
            out(USAGE);
            0
        }
        "replay" => replay::run(rest),
        "lrfile" => lrfile::run(rest),
        "optimize" => optimize::run(rest),
        "dynamic-lr" => dynamic_lr::run(rest),
        "simulate" => simulate::run(rest),
        "config" => config::run(rest),
        "bench" => bench::run(rest),
        other => {
            eprintln!("error: unknown command {other:?}\n\n{USAGE}");
            2
        }
    }
}

/// True when `--help`/`-h` is among the arguments.
pub(crate) fn wants_help(args: &[String]) -> bool {
    args.iter().any(|a| a == "--help" || a == "-h")
}

/// Writes text to stdout; returns false when stdout is closed (never panics, unlike `print!`).
pub(crate) fn out(text: &str) -> bool {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_ok()
}

/// Writes one JSON line to stdout; returns false when stdout is closed (e.g. a broken pipe).
pub(crate) fn emit(v: &serde_json::Value) -> bool {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", crate::py::json::to_line(v)).is_ok()
}

/// Runs a command over JSON-lines case files (`optimize`, `dynamic-lr`): `--help` prints `help`;
/// each non-empty line is parsed and turned into its output line by `answer` (an `Err` is
/// unreadable input). Unreadable input is exit 2 with a message on stderr; a closed stdout ends
/// the command quietly.
pub(crate) fn run_cases(args: &[String], help: &str, answer: impl Fn(&serde_json::Value) -> Result<serde_json::Value, String>) -> i32 {
    if wants_help(args) {
        out(help);
        return 0;
    }
    if args.is_empty() {
        eprint!("error: no case file given\n\n{help}");
        return 2;
    }
    for path in args {
        let text = match read_text(path) {
            Ok(t) => t,
            Err(msg) => {
                eprintln!("error: {msg}");
                return 2;
            }
        };
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let result = serde_json::from_str::<serde_json::Value>(line)
                .map_err(|e| format!("{path}:{}:{}: {e}", i + 1, e.column()))
                .and_then(|value| answer(&value).map_err(|e| format!("{path}:{}: {e}", i + 1)));
            match result {
                Ok(v) => {
                    if !emit(&v) {
                        return 0;
                    }
                }
                Err(msg) => {
                    eprintln!("error: {msg}");
                    return 2;
                }
            }
        }
    }
    0
}

/// The largest input file the commands read (the text parsers' own limit is 16 MiB).
pub(crate) const MAX_FILE_BYTES: u64 = 64 << 20;

/// Reads a file as UTF-8 text, or reports why not (for exit code 2).
pub(crate) fn read_text(path: &str) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    // Read at most one byte past the limit (a device such as /dev/zero never ends).
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read {path}: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("{path}: larger than the limit of {} MiB for an input file", MAX_FILE_BYTES >> 20));
    }
    String::from_utf8(bytes).map_err(|e| format!("{path}: not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()))
}
