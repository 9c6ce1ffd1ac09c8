#![cfg(not(target_arch = "wasm32"))]
//! `schedule-explorer dynamic-lr` against the contract (tests/fixtures/reference/README.md,
//! "Step-level schedules"): the public vectors through the built binary — one line per case, in
//! order, with exactly the contract's keys, learning rates bit for bit (floats as Python repr),
//! errors as the Python exception type and message — and unreadable input as exit 2.
#[path = "support/fixtures.rs"]
mod fixtures;

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schedule-explorer")).args(args).output().expect("run the binary")
}

fn run_stdin_file(text: &str, tag: &str) -> Output {
    let path = std::env::temp_dir().join(format!("schedule-explorer-dynlr-{tag}-{}.jsonl", std::process::id()));
    std::fs::File::create(&path).and_then(|mut f| f.write_all(text.as_bytes())).expect("write cases");
    let out = Command::new(env!("CARGO_BIN_EXE_schedule-explorer")).arg("dynamic-lr").arg(&path).stdin(Stdio::null()).output().expect("run");
    let _ = std::fs::remove_file(&path);
    out
}

#[test]
fn public_vectors_through_the_cli() {
    let path = fixtures::fixtures("reference/dynamic-lr/public.jsonl");
    let out = run(&["dynamic-lr", &path.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let got: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    let cases: Vec<Value> = fixtures::read(&path).lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("case")).collect();
    assert_eq!(got.len(), cases.len());
    let mut failures = Vec::new();
    for (line, case) in got.iter().zip(&cases) {
        let name = &case["name"];
        let expected = &case["expected"];
        let keys: Vec<&str> = line.as_object().expect("object").keys().map(String::as_str).collect();
        let want = match expected.get("error") {
            Some(err) => {
                if keys != ["name", "error", "message"] {
                    failures.push(format!("{name}: keys {keys:?}"));
                }
                serde_json::json!({"name": name, "error": err, "message": expected["message"]})
            }
            None => {
                if keys != ["name", "learning_rates"] {
                    failures.push(format!("{name}: keys {keys:?}"));
                }
                serde_json::json!({"name": name, "learning_rates": expected["learning_rates"]})
            }
        };
        if !fixtures::same(line, &want) {
            failures.push(format!("{name}: got {line}\n  want {want}"));
        }
    }
    // The floats are written as Python's repr (e.g. 1e-05, not 1e-5 or 0.00001).
    assert!(stdout.contains("1.0003355932203391e-05"), "Python repr floats");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn non_finite_results_are_the_conventional_strings() {
    let case = r#"{"name": "overflow", "config": {"dynamic_learning_rate": "dyn_lr_piecewise_linear@interp", "learning_rate_piecewise_steps": [10], "learning_rate_piecewise_values": [1.5e+308, -1.5e+308]}, "queries": [{"global_train_step": 4, "epoch": 1, "epoch_continuous": 0.5, "learning_rate": 1.0}, {"global_train_step": 4, "epoch": 1, "epoch_continuous": 0.5, "learning_rate": "Infinity"}, {"global_train_step": 20, "epoch": 2, "epoch_continuous": null, "learning_rate": "NaN"}]}"#;
    let out = run_stdin_file(case, "nonfinite");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let line: Value = serde_json::from_slice(&out.stdout).expect("json");
    let lrs = line["learning_rates"].as_array().expect("lrs");
    // numpy: slope = (-1.5e308 - 1.5e308) / 10 = -inf; -inf * 5 + 1.5e308 = -inf.
    assert_eq!(lrs[0], Value::String("-Infinity".into()));
    assert_eq!(lrs[2], Value::String("NaN".into()));
}

#[test]
fn unreadable_input_is_exit_2_with_a_message() {
    let bad = [
        ("not-json", "{\"name\": "),
        ("no-queries", r#"{"name": "a", "config": {"dynamic_learning_rate": "dyn_lr_lin_warmup_invsqrt_decay"}}"#),
        ("unknown-name", r#"{"name": "a", "config": {"dynamic_learning_rate": "dyn_lr_piecewise_linear"}, "queries": []}"#),
        ("no-name-in-config", r#"{"name": "a", "config": {}, "queries": []}"#),
        ("query-step-string", r#"{"name": "a", "config": {"dynamic_learning_rate": "dyn_lr_piecewise_linear@factor"}, "queries": [{"global_train_step": "1", "epoch": 1, "epoch_continuous": 0.0, "learning_rate": 1.0}]}"#),
        ("query-epoch-missing", r#"{"name": "a", "config": {"dynamic_learning_rate": "dyn_lr_piecewise_linear@factor"}, "queries": [{"global_train_step": 1, "epoch_continuous": 0.0, "learning_rate": 1.0}]}"#),
    ];
    for (tag, text) in bad {
        let out = run_stdin_file(text, tag);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{tag}: {stderr}");
        assert!(!stderr.trim().is_empty() && !stderr.contains("panicked"), "{tag}: {stderr}");
    }
    let out = run(&["dynamic-lr", "/nonexistent/cases.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(&["dynamic-lr"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_names_every_schedule_and_its_keys() {
    let out = run(&["dynamic-lr", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    for name in [
        "dyn_lr_piecewise_linear@factor ",
        "dyn_lr_piecewise_linear@factor_step",
        "dyn_lr_piecewise_linear@interp",
        "dyn_lr_lin_warmup_invsqrt_decay",
        "linear_warmup_cosine_annealing",
        "learning_rate_piecewise_by_epoch_continuous",
        "dynamic_learning_rate_kwargs",
    ] {
        assert!(text.contains(name), "--help lacks {name}:\n{text}");
    }
    let top = run(&["--help"]);
    assert!(String::from_utf8_lossy(&top.stdout).contains("dynamic-lr CASES.jsonl"));
}
