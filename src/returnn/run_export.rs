//! Data export of a run: CSV (one row per epoch) and JSON (settings, epochs with their
//! decisions and explanations, how the run ended, the `learning_rate_file`). Floats are Python
//! `repr` in CSV and JSON numbers (non-finite: `"NaN"`, `"Infinity"`, `"-Infinity"`) in JSON.
use crate::engine::lr_control::{explain, Decision};
use crate::engine::replay::ReplayResult;
use crate::engine::sim::{EpochRecord, Simulation, Stop};
use crate::py::json::float_to_json;
use crate::py::value::float_repr;
use serde_json::{json, Map, Value};

/// The CSV header of [`export_csv`].
pub const SIM_CSV_HEADER: &str = "epoch,learning_rate,train_score,dev_score,dev_error,updates,complete,verdict,explanation";
/// The CSV header of [`export_replay_csv`].
pub const REPLAY_CSV_HEADER: &str = "epoch,recorded_learning_rate,replayed_learning_rate,same,error_key,verdict,explanation";

/// A CSV field: quoted when it holds a comma, quote or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt_repr(x: Option<f64>) -> String {
    x.map(float_repr).unwrap_or_default()
}

fn opt_json(x: Option<f64>) -> Value {
    x.map(float_to_json).unwrap_or(Value::Null)
}

/// The verdict's name (`decay`, `keep`, `stored`, ...; [`crate::engine::lr_control::Verdict::name`]).
pub fn verdict_name(d: &Decision) -> String {
    d.verdict.name().to_string()
}

fn epoch_verdict(e: &EpochRecord) -> String {
    e.decision.as_ref().map(verdict_name).unwrap_or_default()
}

/// One row per epoch: LR, scores, updates, whether it completed, the verdict and its sentence.
pub fn export_csv(sim: &Simulation) -> String {
    let mut out = String::from(SIM_CSV_HEADER);
    out.push('\n');
    for e in sim.epochs() {
        let row = [
            e.epoch.to_string(),
            float_repr(e.learning_rate),
            opt_repr(e.train_score),
            opt_repr(e.dev_score),
            opt_repr(e.dev_error),
            e.updates.to_string(),
            if e.complete { "true" } else { "false" }.to_string(),
            epoch_verdict(e),
            e.decision.as_ref().map(explain).unwrap_or_default(),
        ];
        out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

fn stop_json(sim: &Simulation) -> Value {
    match sim.stop() {
        Some(Stop::Diverged { update, epoch, reason }) => json!({"kind": "diverged", "update": update, "epoch": epoch, "reason": reason}),
        Some(Stop::Failed(err)) => json!({
            "kind": "error",
            "error": err.py_exc().map(|e| e.name()).unwrap_or("Invalid"),
            "message": err.to_string(),
        }),
        Some(Stop::Finished) => json!({"kind": "finished"}),
        None if sim.is_done() => json!({"kind": "finished"}),
        None => json!({"kind": "running"}),
    }
}

fn decision_json(d: &Decision) -> Value {
    let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
    // serde_json writes non-finite floats as null: put the exact values back where they matter.
    if let Value::Object(m) = &mut v {
        for (k, x) in [("old_lr", d.old_lr), ("new_lr", d.new_lr), ("after_factor", d.after_factor), ("mean", d.mean)] {
            m.insert(k.into(), opt_json(x));
        }
    }
    v
}

/// The whole run as one JSON document.
pub fn export_json(sim: &Simulation) -> Value {
    let epochs: Vec<Value> = sim
        .epochs()
        .iter()
        .map(|e| {
            json!({
                "epoch": e.epoch,
                "learning_rate": float_to_json(e.learning_rate),
                "train_score": opt_json(e.train_score),
                "dev_score": opt_json(e.dev_score),
                "dev_error": opt_json(e.dev_error),
                "updates": e.updates,
                "complete": e.complete,
                "verdict": epoch_verdict(e),
                "explanation": e.decision.as_ref().map(explain),
                "decision": e.decision.as_ref().map(decision_json),
            })
        })
        .collect();
    let mut m = Map::new();
    m.insert("settings".into(), serde_json::to_value(sim.settings()).unwrap_or(Value::Null));
    m.insert("epochs".into(), Value::Array(epochs));
    m.insert("stop".into(), stop_json(sim));
    m.insert("updates".into(), json!(sim.steps().len()));
    m.insert("learning_rate_file".into(), Value::String(crate::returnn::lr_file::write(&sim.control().epoch_data)));
    Value::Object(m)
}

/// A replay per epoch: recorded and replayed LR, whether they are bitwise equal, the error key,
/// the verdict and its sentence.
pub fn export_replay_csv(r: &ReplayResult) -> String {
    let mut out = String::from(REPLAY_CSV_HEADER);
    out.push('\n');
    for (i, epoch) in r.epochs.iter().enumerate() {
        let rec = r.recorded_lr.get(i).copied();
        let rep = r.replayed_lr.get(i).copied().flatten();
        let same = matches!((rec, rep), (Some(a), Some(b)) if a.to_bits() == b.to_bits());
        let d = r.decisions.get(i);
        let row = [
            epoch.to_string(),
            opt_repr(rec),
            opt_repr(rep),
            same.to_string(),
            r.error_keys.get(i).cloned().flatten().unwrap_or_default(),
            d.map(verdict_name).unwrap_or_default(),
            r.explanation(i).unwrap_or_default(),
        ];
        out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// A replay as JSON (floats exact, non-finite as the conventional strings).
pub fn export_replay_json(r: &ReplayResult) -> Value {
    json!({
        "epochs": r.epochs,
        "recorded_learning_rates": r.recorded_lr.iter().map(|x| float_to_json(*x)).collect::<Vec<_>>(),
        "replayed_learning_rates": r.replayed_lr.iter().map(|x| opt_json(*x)).collect::<Vec<_>>(),
        "error_keys": r.error_keys,
        "decisions": r.decisions.iter().map(decision_json).collect::<Vec<_>>(),
        "explanations": r.explanations(),
        "first_divergence": r.first_divergence,
        "matches": r.matches,
        "error": r.error_message,
    })
}
