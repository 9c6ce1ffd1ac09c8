//! `schedule-explorer config export VALUES.json`: `{"values": {KEY: VALUE, ...}}` (the form
//! `config import` prints) → the RETURNN config snippet on stdout.

use crate::returnn::config::export::{export_values_report, values_from_json};

const HELP: &str = "\
schedule-explorer config export VALUES.json

Reads {\"values\": {KEY: VALUE, ...}} (the JSON `config import` prints: ints and floats kept apart,
\"NaN\"/\"Infinity\"/\"-Infinity\" for non-finite floats, arrays as lists except the optimizer's
betas/etas/step_sizes/eps, which are tuples) and prints a RETURNN config snippet that RETURNN's
Config reads back to the same values. Keys are written in a fixed order (learning-rate control,
optimizer, gradient options, num_epochs, then the rest). Where RETURNN needs a float, an int is
written as a float (and where it needs an int, an integral float as an int); each such change is
a `# note:` line in the snippet and a warning on stderr.

Exit codes: 0 on success, 2 when the file cannot be read or is not such a JSON object.
";

/// Reads and parses a JSON file; the message names the path (and line and column).
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, String> {
    let text = super::read_text(path)?;
    serde_json::from_str(&text).map_err(|e| format!("{path}: line {}, column {}: {e}", e.line(), e.column()))
}

pub(crate) fn run(args: &[String]) -> i32 {
    if super::wants_help(args) {
        super::out(HELP);
        return 0;
    }
    let [path] = args else {
        eprintln!("usage: schedule-explorer config export VALUES.json");
        return 2;
    };
    let doc: serde_json::Value = match read_json(path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let values = match values_from_json(&doc) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return 2;
        }
    };
    let (snippet, notes) = export_values_report(&values);
    for n in notes {
        eprintln!("warning: {n}");
    }
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if out.write_all(snippet.as_bytes()).is_err() {
        return 1;
    }
    0
}
