//! `schedule-explorer config import FILE`: reads a RETURNN config without executing it.
use crate::py::error::Error;
use crate::engine::keys::CONFIG_KEYS;
use crate::returnn::config::import::import_file;

const HELP: &str = "\
schedule-explorer config import — read a RETURNN config without executing anything

USAGE:
    schedule-explorer config import FILE

FILE is a RETURNN config: a Python file, or the JSON form (starting with '{', '//' comments
allowed) that RETURNN also accepts. Prints one JSON object:
    {\"values\": {KEY: VALUE, ...}, \"skipped\": [{\"line\", \"text\", \"reason\"}, ...], \"warnings\": [...]}
`values` holds the keys the explorer understands that the file assigns a literal to, as RETURNN's
Config holds them (ints and floats apart, tuples as arrays, None as null, non-finite floats as
\"NaN\"/\"Infinity\"/\"-Infinity\"). Everything else (other keys, non-literal values such as
`learning_rate / 50.`, def/class/if blocks, imports) is listed under `skipped` with its line.

EXIT STATUS: 0 on success; 2 when FILE cannot be read or is not a readable config (a located
message on stderr).
";

pub(crate) fn run(args: &[String]) -> i32 {
    if super::wants_help(args) {
        let mut text = format!("{HELP}\nKEYS READ:\n");
        for k in CONFIG_KEYS {
            text.push_str(&format!("    {}\n", k.name));
        }
        super::out(&text);
        return 0;
    }
    let [path] = args else {
        eprintln!("usage: schedule-explorer config import FILE (see --help)");
        return 2;
    };
    let text = match super::read_text(path) {
        Ok(t) => t,
        Err(msg) => {
            eprintln!("schedule-explorer config import: {msg}");
            return 2;
        }
    };
    match import_file(path, &text) {
        Ok(report) => {
            if super::emit(&report.to_json()) {
                0
            } else {
                2
            }
        }
        Err(Error::Parse { exc, line, column, message }) => {
            eprintln!("{path}:{line}:{column}: {message} ({exc}: not a config RETURNN could read)");
            2
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            2
        }
    }
}
