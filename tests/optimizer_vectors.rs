#![cfg(not(target_arch = "wasm32"))]
//! All optimizer reference trajectories (tests/fixtures/reference/optimizers/public.jsonl):
//! torch 2.15 driven through RETURNN's own updater, compared at the spec's tolerance; plus the
//! constructor keywords and the resolved param-group hyper-parameters.

use schedule_explorer::engine::optim::case::Case;
use schedule_explorer::engine::optim::{returnn_constructor_call, within_reference_tolerance, OptimizerConfig};
use schedule_explorer::returnn::json::{json_to_float, json_to_py, py_to_json};
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
