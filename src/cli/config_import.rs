//! `schedule-explorer config import FILE`: reads a RETURNN config without executing it.
use crate::py::error::Error;
use crate::engine::keys::CONFIG_KEYS;
use crate::returnn::config::import::import_file;

const HELP: &str = "\
schedule-explorer config import — read a RETURNN config without executing anything

USAGE:
    schedule-explorer config import FILE

FILE is read in the syntax RETURNN's Config.load_file reads it in: Python if it starts with '#!'
or its name ends in .py, JSON (with '//' comments) if it starts with '{', and otherwise the old
line-based 'key value' form (every value a string; the warnings say what RETURNN's typed readers
make of each). Prints one JSON object:
    {\"values\": {KEY: VALUE, ...}, \"skipped\": [{\"line\", \"text\", \"reason\"}, ...], \"warnings\": [...],
     \"evaluated\": [{\"key\", \"line\", \"expression\"}, ...], \"syntax\": \"python\" | \"json\" | \"line-based\"}
`values` holds the keys the explorer understands, as RETURNN's Config holds them (ints and floats
apart, tuples as arrays, None as null, non-finite floats as \"NaN\"/\"Infinity\"/\"-Infinity\").
A value given by an expression that needs no code to run is evaluated exactly as Python and numpy
would: arithmetic on numbers and on names bound earlier in the file, [x] * n, list and tuple +,
list(...), tuple(...), range(...), float(...), int(...), abs(...), numpy.linspace(...) after
`import numpy` (or `import numpy as np`); `evaluated` names those keys with their expression.
Everything else (other calls, attributes, comprehensions, def/class/if blocks, other imports,
names a block or a star import may change) is listed under `skipped` with its line and reason;
an expression Python would raise on (1 / 0) is skipped with that exception and a warning.

EXIT STATUS: 0 on success; 2 when FILE cannot be read or is not a config RETURNN could load (a
SyntaxError, e.g. a Python-2 print statement; a line-based line without a value), with
FILE:LINE:COLUMN and the message on stderr.
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
