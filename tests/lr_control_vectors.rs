#![cfg(not(target_arch = "wasm32"))]
//! Every golden LR-control scenario (tests/fixtures/reference/lr-control/*.json), produced by
//! RETURNN itself: learning rates, stored learning rates, error keys, the error outcome and the
//! learning_rate_file text (byte-exact) must all match.
use schedule_explorer::engine::lr_control::{run_scenario};
use schedule_explorer::returnn::scenario::{outcome_json, parse_scenario};
use serde_json::Value;
use std::path::PathBuf;

#[path = "support/fixtures.rs"]
mod support;
use support::same;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference/lr-control")
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
        let got = outcome_json(&run_scenario(&scenario));
        failures.extend(compare(&name, expected, &got));
    }
    let passed = paths.len() - {
        let mut names: Vec<&str> = failures.iter().map(|f| f.split(':').next().unwrap_or("")).collect();
        names.dedup();
        names.len()
    };
    println!("lr-control vectors: {passed}/{} scenarios match", paths.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// The README's comparison of one `replay` result with a scenario's `expected`.
fn compare(name: &str, expected: &Value, got: &Value) -> Vec<String> {
    let mut failures = Vec::new();
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
        failures.push(format!("{name}: unexpected error {got}"));
    }
    if got.get("name").and_then(Value::as_str) != Some(name) {
        failures.push(format!("{name}: name is {:?}", got.get("name")));
    }
    failures
}

fn first_difference(want: &str, have: &str) -> String {
    let at = want.chars().zip(have.chars()).take_while(|(a, b)| a == b).count();
    let ctx = |s: &str| s.chars().skip(at.saturating_sub(60)).take(140).collect::<String>();
    format!("texts differ at char {at}:\n  expected …{:?}\n  got      …{:?}", ctx(want), ctx(have))
}

#[test]
fn replay_cli_prints_the_expected_lines() {
    let names = [
        "rel_nan_scores",
        "multi_zero_error",
        "rel_pretrain_with_learning_rates",
        "rel_error_measure_dict_error",
        "constant_learning_rates_str_dict",
        "multi_n20_ui3",
        "invalid_control_Newbob",
    ];
    let paths: Vec<PathBuf> = names.iter().map(|n| fixture_dir().join(format!("{n}.json"))).collect();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_schedule-explorer"))
        .arg("replay")
        .args(&paths)
        .output()
        .expect("run schedule-explorer");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), names.len(), "one line per scenario:\n{stdout}");
    let mut failures = Vec::new();
    for (line, path) in lines.iter().zip(&paths) {
        let got: Value = serde_json::from_str(line).expect("a JSON line");
        let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
        let name = v["name"].as_str().unwrap_or("?");
        failures.extend(compare(name, &v["expected"], &got));
        let keys: Vec<&str> = got.as_object().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default();
        let want_keys: &[&str] = if v["expected"].get("error").is_some() {
            &["name", "error", "error_stage", "error_epoch", "learning_rates", "learning_rate_file"]
        } else {
            &["name", "learning_rates", "stored_learning_rates", "error_keys", "learning_rate_file"]
        };
        assert_eq!(keys, want_keys, "{name}: output keys");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn replay_cli_rejects_unreadable_input_with_exit_2() {
    let bin = env!("CARGO_BIN_EXE_schedule-explorer");
    let missing = std::process::Command::new(bin).args(["replay", "/nonexistent/scenario.json"]).output().expect("run");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/scenario.json"));
    let dir = std::env::temp_dir().join(format!("se-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"name\": \"x\", \"epochs\": [").expect("write");
    let good = fixture_dir().join("rel_nan_scores.json");
    let out = std::process::Command::new(bin).arg("replay").arg(&bad).arg(&good).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1, "the readable file is still run");
    let help = std::process::Command::new(bin).args(["replay", "--help"]).output().expect("run");
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("--explain"));
    let explain = std::process::Command::new(bin).args(["replay", "--explain"]).arg(&good).output().expect("run");
    let text = String::from_utf8_lossy(&explain.stdout);
    assert!(text.contains("epoch 6: dev_score_output 1.95 → 2.1; relative error"), "{text}");
    assert!(text.contains("→ decay: 0.001 × 0.5 = 0.0005"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}
