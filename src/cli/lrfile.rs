//! `schedule-explorer lrfile PATH...`: reads raw learning_rate_files as RETURNN's loader does and
//! writes each back as RETURNN's `save()` would.
use crate::py::error::Error;
use crate::returnn::lr_file::{epochs_json, parse, parse_pasted, write};
use serde_json::{json, Value};

const HELP: &str = "\
schedule-explorer lrfile — read learning_rate_files as RETURNN does, write them back as RETURNN would

USAGE:
    schedule-explorer lrfile [--pasted] PATH...

For each PATH (a raw learning_rate_file), one JSON line on stdout:
    {\"path\", \"epochs\": {\"<epoch>\": {\"learning_rate\", \"error\": {...}, \"meta\": {...}}}, \"resaved_text\"}
or, where RETURNN's loader raises:
    {\"path\", \"error\": \"<Python exception type>\", \"message\": \"line L, column C: ...\"}
Floats are Python reprs; non-finite floats are \"NaN\", \"Infinity\", \"-Infinity\"; numpy scalars
appear as their numbers (np.float32 widened to float64).

OPTIONS:
    --pasted    also accept excerpts: `N: EpochData(...)` items commented out with `#` or without
                the surrounding braces (RETURNN itself cannot load those)
    -h, --help  this text

EXIT STATUS: 0 when every file was read (a RETURNN error is a result); 2 when a file cannot be
read (message on stderr).
";

/// The JSON line for one file's text.
fn result_line(path: &str, text: &str, pasted: bool) -> Result<Value, String> {
    let parsed = if pasted { parse_pasted(text) } else { parse(text) };
    match parsed {
        Ok(file) => Ok(json!({"path": path, "epochs": epochs_json(&file), "resaved_text": write(&file)})),
        Err(e) => match (&e, e.py_exc()) {
            (Error::Parse { line, column, message, .. }, Some(exc)) => {
                Ok(json!({"path": path, "error": exc.name(), "message": format!("line {line}, column {column}: {message}")}))
            }
            (_, Some(exc)) => Ok(json!({"path": path, "error": exc.name(), "message": e.to_string()})),
            (_, None) => Err(format!("{path}: {e}")),
        },
    }
}

pub(crate) fn run(args: &[String]) -> i32 {
    if super::wants_help(args) {
        super::out(HELP);
        return 0;
    }
    let pasted = args.iter().any(|a| a == "--pasted");
    let paths: Vec<&String> = args.iter().filter(|a| a.as_str() != "--pasted").collect();
    if let Some(bad) = paths.iter().find(|a| a.starts_with("--")) {
        eprintln!("schedule-explorer lrfile: unknown option {bad}\n\n{HELP}");
        return 2;
    }
    if paths.is_empty() {
        eprintln!("schedule-explorer lrfile: no PATH given\n\n{HELP}");
        return 2;
    }
    let mut status = 0;
    for path in paths {
        let line = super::read_text(path).and_then(|text| result_line(path, &text, pasted));
        match line {
            Ok(v) => {
                if !super::emit(&v) {
                    return 2;
                }
            }
            Err(msg) => {
                eprintln!("schedule-explorer lrfile: {msg}");
                status = 2;
            }
        }
    }
    status
}
