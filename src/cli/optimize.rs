//! `schedule-explorer optimize CASES.jsonl...`: runs optimizer reference cases as RETURNN's
//! torch updater would and prints, per line, `{"name", "trajectory", "loss"}` or, where
//! RETURNN/torch reject the configuration, `{"name", "error", "message"}`.

use crate::py::error::Error;
use crate::engine::optim::case::Case;
use crate::py::json::float_to_json;
use serde_json::{json, Value};

const HELP: &str = "\
schedule-explorer optimize CASES.jsonl...

Runs each case (one JSON object per line: surface, start, optimizer dict, learning_rate,
lr_changes, gradient_clip, gradient_clip_global_norm, accum_grad_multiple_step, steps) the way
RETURNN's PyTorch updater would, and prints one JSON line per case:
    {\"name\": ..., \"trajectory\": [[x, y], ...], \"loss\": [...]}   (after each update)
    {\"name\": ..., \"error\": \"<Python exception type>\", \"message\": ...}
Floats are Python repr; non-finite values are \"NaN\", \"Infinity\", \"-Infinity\".
Exit 0 on success (RETURNN-equivalent errors included), 2 on unreadable input.
";

/// The output line for one parsed case.
fn result_line(case: &Case) -> Value {
    match case.run() {
        Ok(t) => {
            let trajectory: Vec<Value> =
                t.points.iter().map(|p| Value::Array(p.iter().map(|x| float_to_json(*x)).collect())).collect();
            let loss: Vec<Value> = t.loss.iter().map(|x| float_to_json(*x)).collect();
            json!({"name": case.name, "trajectory": trajectory, "loss": loss})
        }
        Err(e) => match &e {
            Error::Python { exc, message, .. } => json!({"name": case.name, "error": exc.name(), "message": message}),
            other => json!({"name": case.name, "error": "ValueError", "message": other.to_string()}),
        },
    }
}

pub(crate) fn run(args: &[String]) -> i32 {
    if super::wants_help(args) {
        super::out(HELP);
        return 0;
    }
    if args.is_empty() {
        eprint!("error: no case file given\n\n{HELP}");
        return 2;
    }
    for path in args {
        let text = match super::read_text(path) {
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
            let value: Value = match serde_json::from_str(line) {
                Ok(v) => v,
                Err(e) => {
                    eprintln!("error: {path}:{}:{}: {e}", i + 1, e.column());
                    return 2;
                }
            };
            let case = match Case::from_json(&value) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("error: {path}:{}: {e}", i + 1);
                    return 2;
                }
            };
            if !super::emit(&result_line(&case)) {
                return 0;
            }
        }
    }
    0
}
