#![cfg(not(target_arch = "wasm32"))]
//! NaN, +inf, -inf and zero scores in RETURNN's LR control, for every scheme (newbob/rel with and
//! without div_by_old, growth, relative LR, min epochs per new LR; abs; multi-epoch): the
//! scenarios in tests/fixtures/nonfinite/ were run through RETURNN itself
//! (scripts/gen-nonfinite-vectors.py). Learning rates, stored learning rates, error keys, the
//! exception RETURNN raises (e.g. ZeroDivisionError on a zero score) and the learning_rate_file
//! text (`float('nan')`, `float('inf')`) must all be identical.
use schedule_explorer::engine::lr_control::{run_scenario};
use schedule_explorer::returnn::scenario::{outcome_json, parse_scenario};
use serde_json::Value;
use std::path::PathBuf;

#[test]
fn nonfinite_scores_behave_exactly_as_in_returnn() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nonfinite");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/nonfinite")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 70, "only {} scenarios", paths.len());
    let mut failures = Vec::new();
    let (mut with_nan, mut with_error) = (0, 0);
    for path in &paths {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
        let name = v["name"].as_str().unwrap_or("?").to_string();
        let expected = &v["expected"];
        let got = outcome_json(&run_scenario(&parse_scenario(&v).expect("scenario")));
        let fields: &[&str] = if expected.get("error").is_some() {
            with_error += 1;
            &["error", "error_stage", "error_epoch", "learning_rates", "learning_rate_file"]
        } else {
            &["learning_rates", "stored_learning_rates", "error_keys", "learning_rate_file"]
        };
        if expected["learning_rate_file"].as_str().is_some_and(|t| t.contains("float('nan')")) {
            with_nan += 1;
        }
        for f in fields {
            if expected.get(*f) != got.get(*f) {
                failures.push(format!("{name}: {f}: expected {}, got {}", expected[*f], got[*f]));
            }
        }
    }
    println!("non-finite scenarios: {}/{} match RETURNN", paths.len() - failures.len(), paths.len());
    assert!(with_nan >= 30 && with_error >= 5, "coverage: {with_nan} with NaN in the file, {with_error} errors");
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// The explanation of every decision taken on a non-finite score shows that value, and for the
/// relative schemes says why a NaN relative error does not decay (NaN is never `> threshold`).
#[test]
fn decisions_on_nonfinite_scores_are_explained() {
    use schedule_explorer::engine::lr_control::explain;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nonfinite");
    let mut explained = 0;
    for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(entry.path()).expect("read")).expect("JSON");
        let out = run_scenario(&parse_scenario(&v).expect("scenario"));
        for d in &out.decisions {
            let text = explain(d);
            assert!(!text.trim().is_empty(), "{}: empty explanation", entry.path().display());
            if text.contains("relative error (new − old)") && text.contains("= nan") {
                assert!(text.contains("NaN") && (text.contains("not >") || text.contains("never >")), "{}: {text}", entry.path().display());
                explained += 1;
            }
        }
    }
    assert!(explained >= 20, "only {explained} NaN decisions explained");
}
