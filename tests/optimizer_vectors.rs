#![cfg(not(target_arch = "wasm32"))]
//! All optimizer reference trajectories (tests/fixtures/reference/optimizers/public.jsonl):
//! torch 2.15 driven through RETURNN's own updater, compared at the spec's tolerance; plus the
//! constructor keywords and the resolved param-group hyper-parameters.

use schedule_explorer::engine::optim::case::Case;
use schedule_explorer::engine::optim::{returnn_constructor_call, within_reference_tolerance, OptimizerConfig};
use schedule_explorer::py::json::{json_to_float, json_to_py, py_to_json};
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference/optimizers/public.jsonl");
    let text = std::fs::read_to_string(path).expect("fixture readable");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("fixture line is JSON"))
        .collect()
}

fn num(v: &Value) -> f64 {
    json_to_float(v).expect("number")
}

/// The first update at which x, y or the loss is off, with the values.
fn first_mismatch(expected: &Value, points: &[Vec<f64>], loss: &[f64]) -> Option<String> {
    let traj = expected["trajectory"].as_array().expect("trajectory");
    let eloss = expected["loss"].as_array().expect("loss");
    if traj.len() != points.len() || eloss.len() != loss.len() {
        return Some(format!("length: expected {} updates, got {}", traj.len(), points.len()));
    }
    for (i, ((ep, el), (ap, al))) in traj.iter().zip(eloss).zip(points.iter().zip(loss)).enumerate() {
        let ep: Vec<f64> = ep.as_array().expect("point").iter().map(num).collect();
        let el = num(el);
        let ok = ep.len() == ap.len()
            && ep.iter().zip(ap).all(|(e, a)| within_reference_tolerance(*e, *a))
            && within_reference_tolerance(el, *al);
        if !ok {
            return Some(format!("update {i}: expected {ep:?} loss {el:?}, got {ap:?} loss {al:?}"));
        }
    }
    None
}

#[test]
fn all_public_trajectories_match_torch() {
    let cases = cases();
    assert_eq!(cases.len(), 278);
    let mut failures = Vec::new();
    for c in &cases {
        let case = Case::from_json(c).expect("readable case");
        match case.run() {
            Ok(t) => {
                if let Some(m) = first_mismatch(&c["expected"], &t.points, &t.loss) {
                    failures.push(format!("{}: {m}", case.name));
                }
            }
            Err(e) => failures.push(format!("{}: unexpected error {e}", case.name)),
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn diverged_cases_blow_up_where_torch_does() {
    let cases = cases();
    let diverged: Vec<&Value> = cases.iter().filter(|c| c["diverged"] == Value::Bool(true)).collect();
    assert!(!diverged.is_empty(), "the fixture has blow-up cases");
    for c in diverged {
        let case = Case::from_json(c).expect("readable case");
        let t = case.run().expect("runs");
        let ours = t
            .points
            .iter()
            .zip(&t.loss)
            .position(|(p, l)| !l.is_finite() || p.iter().any(|x| !x.is_finite()));
        let theirs = c["first_nonfinite_step"].as_u64().map(|i| i as usize);
        assert_eq!(ours, theirs, "{}: first non-finite update", case.name);
    }
}

/// Python-equal values: numbers compare as floats (torch's `0` vs our `0.0`), tuples as lists.
fn same(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (Value::Number(_), _) | (_, Value::Number(_)) => match (json_to_float(expected), json_to_float(actual)) {
            (Some(a), Some(b)) => a == b || (a.is_nan() && b.is_nan()),
            _ => false,
        },
        (a, b) => a == b,
    }
}

#[test]
fn constructor_keywords_and_param_groups_match_returnn() {
    let mut failures = Vec::new();
    for c in &cases() {
        let name = c["name"].as_str().unwrap_or("?");
        let optimizer = json_to_py(&c["optimizer"]);
        let lr = num(&c["learning_rate"]);
        let (info, kwargs) = returnn_constructor_call(&optimizer, lr).expect("constructor call");
        if info.path() != c["torch_class"].as_str().unwrap_or("") {
            failures.push(format!("{name}: class {} vs {}", info.path(), c["torch_class"]));
        }
        let expected_kwargs = c["torch_kwargs"].as_object().expect("torch_kwargs");
        let ours: serde_json::Map<String, Value> = kwargs.iter().map(|(k, v)| (k.clone(), py_to_json(v))).collect();
        if expected_kwargs.len() != ours.len()
            || expected_kwargs.iter().any(|(k, v)| !ours.get(k).is_some_and(|o| same(v, o)))
        {
            failures.push(format!("{name}: kwargs {ours:?} vs {expected_kwargs:?}"));
        }
        let config = OptimizerConfig::from_returnn(&optimizer, lr).expect("valid");
        let groups = c["torch_param_groups"].as_array().expect("groups");
        let group = &groups[0];
        if !same(&group["lr"], &serde_json::json!(lr)) {
            failures.push(format!("{name}: lr"));
        }
        for (k, v) in config.hyper_parameters() {
            match group.get(k) {
                Some(e) if same(e, &py_to_json(&v)) => {}
                other => failures.push(format!("{name}: {k} = {:?}, torch has {other:?}", py_to_json(&v))),
            }
        }
        // RETURNN splits into a decayed and an empty non-decayed group only for an explicit,
        // nonzero weight_decay.
        let explicit_wd = c["optimizer"].get("weight_decay").and_then(json_to_float).is_some_and(|w| w != 0.0);
        let expect_groups = if explicit_wd { 2 } else { 1 };
        if groups.len() != expect_groups {
            failures.push(format!("{name}: {} param groups, expected {expect_groups}", groups.len()));
        } else if explicit_wd && (groups[1]["weight_decay"] != serde_json::json!(0.0) || groups[1]["num_params"] != 0) {
            failures.push(format!("{name}: second group {:?}", groups[1]));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// Runs the CLI on `input` (written to a temp file); returns (exit code, stdout lines).
fn cli(args: &[&str], input: Option<&str>) -> (i32, Vec<String>) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_schedule-explorer"));
    cmd.arg("optimize").args(args);
    let path = std::env::temp_dir().join(format!("optim-cli-{}-{}.jsonl", std::process::id(), args.len()));
    if let Some(text) = input {
        std::fs::write(&path, text).expect("temp file");
        cmd.arg(&path);
    }
    let out = cmd.output().expect("runs");
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    (out.status.code().unwrap_or(-1), stdout.lines().map(str::to_string).collect())
}

#[test]
fn cli_runs_the_fixture_and_reports_errors() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference/optimizers/public.jsonl");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_schedule-explorer"))
        .args(["optimize", path])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let cases = cases();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), cases.len());
    for (line, c) in lines.iter().zip(&cases) {
        let v: Value = serde_json::from_str(line).expect("JSON line");
        assert_eq!(v["name"], c["name"]);
        let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["name", "trajectory", "loss"]);
        let points: Vec<Vec<f64>> = v["trajectory"]
            .as_array()
            .expect("trajectory")
            .iter()
            .map(|p| p.as_array().expect("point").iter().map(num).collect())
            .collect();
        let loss: Vec<f64> = v["loss"].as_array().expect("loss").iter().map(num).collect();
        let name = c["name"].as_str().unwrap_or("?");
        assert_eq!(first_mismatch(&c["expected"], &points, &loss), None, "{name}");
    }
    // Non-finite values are the conventional strings (the fixture has blow-ups).
    assert!(text.contains("\"NaN\"") || text.contains("Infinity\""));
    assert!(!text.contains("NaN,") && !text.contains("inf,"));

    let bad_class = r#"{"name": "x", "surface": {"name": "booth"}, "start": [0.0, 0.0], "optimizer": {"class": "SGD", "epsilon": 1e-08}, "learning_rate": 0.1, "lr_changes": [], "gradient_clip": null, "gradient_clip_global_norm": null, "accum_grad_multiple_step": 1, "steps": 3}"#;
    let (code, lines) = cli(&[], Some(bad_class));
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&lines[0]).expect("JSON");
    assert_eq!(v["error"], "TypeError");
    assert_eq!(v["message"], "SGD.__init__() got an unexpected keyword argument 'epsilon'");

    let one = r#"{"name": "y", "surface": {"name": "quadratic", "a": 1.0, "b": 10.0}, "start": [1.0, 1.0], "optimizer": {"class": "sgd"}, "learning_rate": 0.5, "lr_changes": [[1, 0.25]], "gradient_clip": null, "gradient_clip_global_norm": null, "accum_grad_multiple_step": 1, "steps": 2}"#;
    let (code, lines) = cli(&[], Some(one));
    assert_eq!(code, 0);
    assert_eq!(lines, vec![r#"{"name":"y","trajectory":[[0.5,-4.0],[0.375,6.0]],"loss":[80.125,180.0703125]}"#]);

    assert_eq!(cli(&[], Some("{not json")).0, 2);
    assert_eq!(cli(&[], Some(r#"{"name": "z"}"#)).0, 2);
    assert_eq!(cli(&["/nonexistent/cases.jsonl"], None).0, 2);
    assert_eq!(cli(&["--help"], None).0, 0);
}
