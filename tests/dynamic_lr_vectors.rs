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
        // The JSON form of the settings keeps the schedule.
        let json = serde_json::to_string(&settings).expect("serialize");
        let back: Settings = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}\n{json}"));
        if back != settings {
            failures.push(format!("{name}: the JSON round trip changes the settings: {json}"));
        }
        if let Some(p) = step.problem() {
            let e = settings.validate().expect_err("validate reports it");
            assert!(e.to_string().starts_with(&p.field), "{name}: {e}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Any config values and queries: a result or a typed error, never a panic (the engine's own
/// arithmetic: huge ints, NaN and infinite floats, wrong types, unsorted and negative steps).
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn any_config_and_query_gives_a_result_or_an_error() {
    use proptest::prelude::*;
    use schedule_explorer::engine::step_lr::Schedule;
    use schedule_explorer::py::value::PyValue;
    let scalar = prop_oneof![
        any::<i64>().prop_map(PyValue::Int),
        (-3i64..3000).prop_map(PyValue::Int),
        any::<f64>().prop_map(PyValue::Float),
        prop::sample::select(vec![0.0, -0.0, 1e-308, 5e-324, 1e308, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 0.5, 2.5]).prop_map(PyValue::Float),
        any::<bool>().prop_map(PyValue::Bool),
        Just(PyValue::None),
        Just(PyValue::Str("12.5".into())),
        Just(PyValue::Str("x".into())),
        Just(PyValue::BigInt("123456789012345678901234567890".into())),
    ];
    let value = prop_oneof![scalar.clone(), prop::collection::vec(scalar.clone(), 0..5).prop_map(PyValue::List)];
    let kwargs = prop::collection::vec((prop::sample::select(vec!["num_warmup_epochs", "max_lr", "min_lr", "num_epochs", "num_constant_epochs", "other"]), scalar.clone()), 0..6)
        .prop_map(|items| PyValue::Dict(items.into_iter().map(|(k, v)| (PyValue::Str(k.into()), v)).collect()));
    let query = (prop_oneof![any::<i64>(), 0i64..5000], 1i64..100, prop_oneof![any::<f64>().prop_map(Val::Float), Just(Val::None), (0i64..100).prop_map(|i| Val::Int(i128::from(i)))], any::<f64>())
        .prop_map(|(g, e, t, lr)| Query { global_train_step: Val::Int(i128::from(g)), epoch: e, epoch_continuous: t, learning_rate: lr });
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config { cases: 3000, ..Default::default() });
    runner
        .run(
            &(0usize..Schedule::ALL.len(), prop::collection::vec((0usize..7, value), 0..6), kwargs, prop::collection::vec(query, 1..8)),
            |(s, items, kw, queries)| {
                let keys = ["learning_rate_piecewise_steps", "learning_rate_piecewise_values", "learning_rate_piecewise_by_epoch_continuous", "learning_rate_warmup_steps", "learning_rate_invsqrt_norm", "learning_rate", "dynamic_learning_rate_kwargs"];
                let mut config = TypedConfig::new();
                for (k, v) in items {
                    config.set(keys[k], v);
                }
                if s == 4 {
                    config.set("dynamic_learning_rate_kwargs", kw);
                }
                let _ = StepLr::new(Schedule::ALL[s], config).run(&queries);
                Ok(())
            },
        )
        .expect("never panics");
}
