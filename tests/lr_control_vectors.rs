#![cfg(not(target_arch = "wasm32"))]
//! Every golden LR-control scenario (tests/fixtures/reference/lr-control/*.json), produced by
//! RETURNN itself: learning rates, stored learning rates, error keys, the error outcome and the
//! learning_rate_file text (byte-exact) must all match.
use schedule_explorer::engine::lr_control::{parse_scenario, run_scenario};
use serde_json::Value;
use std::path::PathBuf;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference/lr-control")
}

/// Compares two JSON values; floats by bits (NaN is the string "NaN" on both sides).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if x.is_f64() != y.is_f64() {
                return false;
            }
            match (x.as_f64(), y.as_f64()) {
                (Some(p), Some(q)) if x.is_f64() => p.to_bits() == q.to_bits(),
                _ => x == y,
            }
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        _ => a == b,
    }
}

#[test]
fn all_lr_control_scenarios_match_returnn() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .expect("fixture dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 248, "expected the 248 scenarios, found {}", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("read scenario");
        let v: Value = serde_json::from_str(&text).expect("scenario JSON");
        let name = v["name"].as_str().unwrap_or("?").to_string();
        let expected = &v["expected"];
        let scenario = match parse_scenario(&v) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{name}: cannot parse scenario: {e}"));
                continue;
            }
        };
        let got = run_scenario(&scenario).to_json();
        let mut fields = vec!["learning_rates", "learning_rate_file"];
        if expected.get("error").is_some() {
            fields.extend(["error", "error_stage", "error_epoch"]);
        } else {
            fields.extend(["stored_learning_rates", "error_keys"]);
        }
        for f in fields {
            let want = expected.get(f).unwrap_or(&Value::Null);
            let have = got.get(f).unwrap_or(&Value::Null);
            if !same(want, have) {
                let detail = if f == "learning_rate_file" {
                    first_difference(want.as_str().unwrap_or("null"), have.as_str().unwrap_or("null"))
                } else {
                    format!("expected {want}, got {have}")
                };
                failures.push(format!("{name}: {f}: {detail}"));
            }
        }
        if expected.get("error").is_none() && got.get("error").is_some() {
            failures.push(format!("{name}: unexpected error {}", got));
        }
    }
    let passed = paths.len() - {
        let mut names: Vec<&str> = failures.iter().map(|f| f.split(':').next().unwrap_or("")).collect();
        names.dedup();
        names.len()
    };
    println!("lr-control vectors: {passed}/{} scenarios match", paths.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

fn first_difference(want: &str, have: &str) -> String {
    let at = want.chars().zip(have.chars()).take_while(|(a, b)| a == b).count();
    let ctx = |s: &str| s.chars().skip(at.saturating_sub(60)).take(140).collect::<String>();
    format!("texts differ at char {at}:\n  expected …{:?}\n  got      …{:?}", ctx(want), ctx(have))
}
