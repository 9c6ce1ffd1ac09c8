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
    super::run_cases(args, HELP, |value| Case::from_json(value).map(|case| result_line(&case)).map_err(|e| e.to_string()))
}
