//! `schedule-explorer replay SCENARIO.json...`: runs RETURNN's LR control on scenario files and
//! prints one JSON line per scenario (reference README contract). `--explain` prints a
//! human-readable decision table per scenario instead.
use crate::engine::lr_control::{explain, run_scenario, ReplayOutcome};
use crate::returnn::scenario::{file_text, outcome_json, parse_scenario};
use crate::py::value::PyValue;

const HELP: &str = "\
schedule-explorer replay — run RETURNN's learning-rate control on scenario files

USAGE:
    schedule-explorer replay [--explain] SCENARIO.json...

Each SCENARIO.json holds {\"name\", \"config\", \"epochs\": [{\"epoch\", \"scores\", \"meta\"}, ...],
optional \"driver\": {\"pretrain_num_epochs\": K} and \"initial_learning_rate_file\"}; an
\"expected\" key is ignored. For each scenario one JSON line is printed:
    {\"name\", \"learning_rates\", \"stored_learning_rates\", \"error_keys\", \"learning_rate_file\"}
or, where RETURNN would raise,
    {\"name\", \"error\", \"error_stage\", \"error_epoch\", \"learning_rates\", \"learning_rate_file\"}.
A RETURNN-equivalent error is a result (exit code 0). Unreadable or invalid input: a message on
stderr and exit code 2 (the other files are still run).

OPTIONS:
    --explain    print a decision table per scenario (epoch, LR, error key, why) instead of JSON
    -h, --help   print this help
";

pub(crate) fn run(args: &[String]) -> i32 {
    if super::wants_help(args) {
        super::out(HELP);
        return 0;
    }
    let explain_mode = args.iter().any(|a| a == "--explain");
    let mut paths = Vec::new();
    for a in args {
        if a == "--explain" {
            continue;
        }
        if a.starts_with("--") {
            eprintln!("schedule-explorer replay: unknown option {a}\n\n{HELP}");
            return 2;
        }
        paths.push(a.as_str());
    }
    if paths.is_empty() {
        eprintln!("schedule-explorer replay: no scenario file given\n\n{HELP}");
        return 2;
    }
    let mut code = 0;
    for path in paths {
        let outcome = match load(path) {
            Ok(o) => o,
            Err(msg) => {
                eprintln!("schedule-explorer replay: {msg}");
                code = 2;
                continue;
            }
        };
        let ok = if explain_mode { print_table(&outcome) } else { super::emit(&outcome_json(&outcome)) };
        if !ok {
            return code;
        }
    }
    code
}

fn load(path: &str) -> Result<ReplayOutcome, String> {
    let text = super::read_text(path)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{path}: invalid JSON at line {}, column {}: {e}", e.line(), e.column()))?;
    let scenario = parse_scenario(&value).map_err(|e| format!("{path}: {e}"))?;
    Ok(run_scenario(&scenario))
}

fn lr_text(v: Option<&PyValue>) -> String {
    v.map(PyValue::repr).unwrap_or_else(|| "-".to_string())
}

fn print_table(o: &ReplayOutcome) -> bool {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let mut text = format!("== {} ==\n", o.name);
    text.push_str(&format!("{:>6}  {:<24} {:<24} decision\n", "epoch", "learning rate", "error key"));
    for (i, e) in o.epochs.iter().enumerate() {
        let key = o.error_keys.get(i).cloned().flatten().unwrap_or_else(|| "-".to_string());
        let why = o.decisions.get(i).map(explain).unwrap_or_default();
        text.push_str(&format!("{:>6}  {:<24} {:<24} {}\n", e, lr_text(o.learning_rates.get(i)), key, why));
    }
    if let Some(err) = &o.error {
        text.push_str(&format!("RETURNN raises: {err}\n"));
    }
    match &file_text(o) {
        Some(f) => text.push_str(&format!("learning_rate_file: {} epochs, {} bytes\n", f.matches("EpochData(").count(), f.len())),
        None => text.push_str("learning_rate_file: not written\n"),
    }
    text.push('\n');
    out.write_all(text.as_bytes()).is_ok()
}
