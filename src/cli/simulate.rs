//! `schedule-explorer simulate SETTINGS.json [--csv]`: runs the training simulator (or, for
//! `"mode": {"kind": "scores_only", ...}`, only the LR control) and prints the epoch table.

use crate::engine::lr_control::explain;
use crate::returnn::run_export::{export_csv, verdict_name, SIM_CSV_HEADER};
use crate::engine::settings::Settings;
use crate::engine::sim::{EpochRecord, Simulation, Stop};
use crate::py::json::float_to_json;
use serde_json::{json, Value};

const HELP: &str = "\
schedule-explorer simulate SETTINGS.json [--csv]

Runs the training simulator on the settings (JSON form of engine::settings::Settings: lr_control,
optimizer, gradient, run, mode; missing parts take their defaults; e.g.
{\"lr_control\": {\"scheme\": \"newbob\", \"learning_rate\": 0.1}, \"optimizer\": {\"class\": \"sgd\"},
 \"run\": {\"surface\": {\"name\": \"noisy_quadratic\", \"dim\": 100}, \"num_epochs\": 40, \"seed\": 1}}).
Each epoch: steps_per_epoch optimizer updates on noisy mini-batch gradients, then train_score_output
and dev_score_output go to RETURNN's LR control, which sets the next epoch's LR.
With \"mode\": {\"kind\": \"scores_only\", \"dev_scores\": [...], \"train_scores\": [...]} only the LR
control runs on the given scores.

Output: one JSON line per epoch {\"epoch\", \"learning_rate\", \"train_score\", \"dev_score\", \"dev_error\",
\"updates\", \"complete\", \"verdict\", \"explanation\"}, then one line {\"stop\": \"finished\" |
\"diverged\" | \"error\", ...} (with \"update\", \"epoch\", \"reason\" for a divergence, \"error\" (the
Python exception type) and \"message\" where RETURNN would raise), \"epochs\", \"updates\" and
\"learning_rate_file\". Warnings about the settings go to stderr.
  --csv   a CSV table instead, the app's CSV download (epoch,learning_rate,train_score,dev_score,
          dev_error,updates,complete,verdict,explanation); the stop reason goes to stderr.

Exit codes: 0 when the run was carried out (also when it diverged or RETURNN would raise),
2 when the file cannot be read or the settings are invalid.
";

fn opt_float(x: Option<f64>) -> Value {
    x.map(float_to_json).unwrap_or(Value::Null)
}

fn epoch_line(e: &EpochRecord) -> Value {
    json!({
        "epoch": e.epoch,
        "learning_rate": float_to_json(e.learning_rate),
        "train_score": opt_float(e.train_score),
        "dev_score": opt_float(e.dev_score),
        "dev_error": opt_float(e.dev_error),
        "updates": e.updates,
        "complete": e.complete,
        "verdict": e.decision.as_ref().map(verdict_name).unwrap_or_default(),
        "explanation": e.decision.as_ref().map(explain).map(Value::String).unwrap_or(Value::Null),
    })
}

fn stop_line(sim: &Simulation) -> Value {
    let mut v = match sim.stop() {
        Some(Stop::Diverged { update, epoch, reason }) => json!({"stop": "diverged", "update": update, "epoch": epoch, "reason": reason}),
        Some(Stop::Failed(err)) => json!({
            "stop": "error",
            "error": err.py_exc().map(|e| e.name()).unwrap_or("Invalid"),
            "message": err.to_string(),
        }),
        _ => json!({"stop": "finished"}),
    };
    if let Value::Object(m) = &mut v {
        m.insert("epochs".into(), json!(sim.epochs().iter().filter(|e| e.complete).count()));
        m.insert("updates".into(), json!(sim.steps().len()));
        m.insert("learning_rate_file".into(), Value::String(crate::returnn::lr_file::write(&sim.control().epoch_data)));
    }
    v
}

pub(crate) fn run(args: &[String]) -> i32 {
    if super::wants_help(args) {
        super::out(HELP);
        return 0;
    }
    let csv = args.iter().any(|a| a == "--csv");
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if let Some(bad) = args.iter().find(|a| a.starts_with("--") && *a != "--csv") {
        eprintln!("error: unknown option {bad}\nusage: schedule-explorer simulate SETTINGS.json [--csv]");
        return 2;
    }
    let [path] = paths.as_slice() else {
        eprintln!("usage: schedule-explorer simulate SETTINGS.json [--csv]");
        return 2;
    };
    let settings: Settings = match super::config_export::read_json(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    for w in settings.warnings() {
        eprintln!("warning: {w}");
    }
    let mut sim = match Simulation::new(&settings) {
        Ok(s) => s,
        Err(e) => {
            // An LR-control or optimizer config RETURNN rejects at construction is a result.
            if let Some(exc) = e.py_exc() {
                let line = json!({"stop": "error", "error": exc.name(), "message": e.to_string(), "epochs": 0, "updates": 0});
                if csv {
                    eprintln!("stopped: {e}");
                    super::out(&format!("{SIM_CSV_HEADER}\n"));
                } else {
                    super::emit(&line);
                }
                return 0;
            }
            eprintln!("error: {path}: {e}");
            return 2;
        }
    };
    sim.run_to_end();
    if csv {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let text = export_csv(&sim);
        if out.write_all(text.as_bytes()).is_err() {
            return 1;
        }
        match sim.stop() {
            Some(Stop::Diverged { update, epoch, reason }) => eprintln!("stopped: diverged at update {update} (epoch {epoch}): {reason}"),
            Some(Stop::Failed(err)) => eprintln!("stopped: {err}"),
            _ => {}
        }
        return 0;
    }
    for e in sim.epochs() {
        if !super::emit(&epoch_line(e)) {
            return 1;
        }
    }
    super::emit(&stop_line(&sim));
    0
}
