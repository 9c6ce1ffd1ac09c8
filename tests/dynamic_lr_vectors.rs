//! The public step-schedule vectors (`tests/fixtures/reference/dynamic-lr/public.jsonl`, made by
//! the schedule functions themselves inside RETURNN's `Config`): every learning rate bit for bit,
//! and for the cases that raise, the Python exception type, the index of the query that raised and
//! Python's message.
#[path = "support/fixtures.rs"]
mod fixtures;

use schedule_explorer::engine::step_lr::{Query, StepLr, Val};
use schedule_explorer::py::json::{json_to_float, json_to_py};
use schedule_explorer::py::typed_config::TypedConfig;
use serde_json::Value;

fn query(q: &Value) -> Query {
    let val = |v: &Value| match v {
        Value::Null => Val::None,
        other => Val::from_py(&json_to_py(other)).expect("number"),
    };
    Query {
        global_train_step: val(&q["global_train_step"]),
        epoch: q["epoch"].as_i64().expect("epoch"),
        epoch_continuous: val(&q["epoch_continuous"]),
        learning_rate: json_to_float(&q["learning_rate"]).expect("learning_rate"),
    }
}

fn cases() -> Vec<Value> {
    let text = fixtures::read(&fixtures::fixtures("reference/dynamic-lr/public.jsonl"));
    text.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).expect("case json")).collect()
}

#[test]
fn public_vectors_bit_for_bit() {
    let cases = cases();
    assert_eq!(cases.len(), 66);
    let (mut queries, mut failures) = (0, Vec::new());
    for case in &cases {
        let name = case["name"].as_str().unwrap_or("?");
        let config = TypedConfig::from_json(case["config"].as_object().expect("config"));
        let mut f = StepLr::from_config(&config).expect("known name").expect("dynamic_learning_rate set");
        let qs: Vec<Query> = case["queries"].as_array().expect("queries").iter().map(query).collect();
        queries += qs.len();
        let expected = &case["expected"];
        match (f.run(&qs), expected.get("error")) {
            (Ok(lrs), None) => {
                let want: Vec<f64> = expected["learning_rates"].as_array().expect("lrs").iter().map(|v| json_to_float(v).expect("float")).collect();
                assert_eq!(lrs.len(), want.len(), "{name}");
                for (i, (got, want)) in lrs.iter().zip(&want).enumerate() {
                    if got.to_bits() != want.to_bits() && !(got.is_nan() && want.is_nan()) {
                        failures.push(format!("{name} query {i} ({}): got {got:e}, want {want:e}", qs[i].global_train_step.py_str()));
                    }
                }
            }
            (Err((at, e)), Some(want_exc)) => {
                let got = (e.py_exc().map(|x| x.name()), at, e.to_string());
                let want_msg = expected["message"].as_str().unwrap_or("");
                let want_at = expected["error_query"].as_u64().unwrap_or(u64::MAX) as usize;
                let want_text = if want_msg.is_empty() { want_exc.as_str().unwrap_or("").to_string() } else { format!("{}: {want_msg}", want_exc.as_str().unwrap_or("")) };
                let want_text = if want_msg.is_empty() { format!("{want_text}: ") } else { want_text };
                if got.0 != want_exc.as_str() || at != want_at || got.2 != want_text {
                    failures.push(format!("{name}: got {got:?}, want {want_exc} at query {want_at}: {want_msg:?}"));
                }
            }
            (Ok(_), Some(want_exc)) => failures.push(format!("{name}: no error, want {want_exc}")),
            (Err((at, e)), None) => failures.push(format!("{name}: query {at} raised {e}")),
        }
    }
    assert_eq!(queries, 1013);
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// The typed settings keep what the function computes (a config → `Settings::from_config` → the
/// settings' function gives the same results), and `StepScheduleSettings::problem` agrees with the
/// function: a case that raises at its first query is a problem of the same exception type, and a
/// reported problem is an exception the run raises.
#[test]
fn typed_settings_compute_the_same_and_report_the_same_errors() {
    use schedule_explorer::engine::settings::Settings;
    use schedule_explorer::py::value::PyValue;
    let mut failures = Vec::new();
    for case in cases() {
        let name = case["name"].as_str().unwrap_or("?").to_string();
        let items: Vec<(String, PyValue)> = case["config"].as_object().expect("config").iter().map(|(k, v)| (k.clone(), json_to_py(v))).collect();
        let settings = match Settings::from_config(&items) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{name}: from_config: {e}"));
                continue;
            }
        };
        let step = settings.step_schedule.clone().expect("a step schedule");
        let qs: Vec<Query> = case["queries"].as_array().expect("queries").iter().map(query).collect();
        let direct = StepLr::from_config(&TypedConfig::from_json(case["config"].as_object().expect("config"))).expect("ok").expect("set").run(&qs);
        let typed = step.step_lr().run(&qs);
        let same = match (&direct, &typed) {
            (Ok(a), Ok(b)) => a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits()),
            (Err((i, a)), Err((j, b))) => i == j && a.py_exc() == b.py_exc(),
            _ => false,
        };
        if !same {
            failures.push(format!("{name}: the typed settings compute {typed:?}, the config {direct:?}"));
        }
        let expected = &case["expected"];
        let want_exc = expected.get("error").and_then(|e| e.as_str());
        let at = expected.get("error_query").and_then(|q| q.as_u64());
        match (step.problem(), want_exc) {
            (Some(p), Some(exc)) if p.exc.name() == exc => {}
            (Some(p), _) => failures.push(format!("{name}: problem {p:?}, but the run gives {want_exc:?}")),
            (None, Some(exc)) if at == Some(0) => failures.push(format!("{name}: no problem reported, the first query raises {exc}")),
            (None, _) => {}
        }
        if let Some(p) = step.problem() {
            let e = settings.validate().expect_err("validate reports it");
            assert!(e.to_string().starts_with(&p.field), "{name}: {e}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
