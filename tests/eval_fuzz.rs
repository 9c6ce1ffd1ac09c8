#![cfg(not(target_arch = "wasm32"))]
//! Fuzzing the config evaluator natively (the cargo-fuzz target `config_eval` does the same with
//! coverage guidance): random expressions from a grammar of what configs write, random token soup
//! and random config files never make it panic or hang — every evaluation ends within the step
//! bound (deterministic: a step counter, not a clock) and gives a value or a reason.
use proptest::prelude::*;
use schedule_explorer::returnn::config::import::{import_anyway, import_file};
use schedule_explorer::returnn::python_literal::evaluate_text;
use std::time::{Duration, Instant};

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1000i64..1000).prop_map(|i| i.to_string()),
        prop_oneof![Just(0.0f64), Just(1e308), Just(-1e-320), Just(0.1), Just(3.5), Just(1e-5)].prop_map(|f| format!("{f:e}")),
        Just("10 ** 30".to_string()),
        Just("True".to_string()),
        Just("None".to_string()),
        Just("'ab'".to_string()),
        Just("lr".to_string()),
        Just("float('nan')".to_string()),
        Just("[0.1, 2]".to_string()),
        Just("(1,)".to_string()),
        Just("range(4)".to_string()),
        Just("np.linspace(0, 1, 5)".to_string()),
    ]
}

fn expr() -> impl Strategy<Value = String> {
    atom().prop_recursive(6, 64, 4, |inner| {
        prop_oneof![
            (inner.clone(), prop::sample::select(vec!["+", "-", "*", "/", "//", "%", "**"]), inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("-{a}")),
            inner.clone().prop_map(|a| format!("[{a}] * 3")),
            inner.clone().prop_map(|a| format!("list({a})")),
            inner.clone().prop_map(|a| format!("tuple({a})")),
            inner.clone().prop_map(|a| format!("int({a})")),
            inner.clone().prop_map(|a| format!("float({a})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("[{a}, *{b}]")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("list(numpy.linspace({a}, {b}, num=4))")),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{{'a': {a}, 'b': {b}}}")),
        ]
    })
}

/// Generous for a debug build on a busy machine; the step bound keeps every case far below it.
const SLOW: Duration = Duration::from_secs(5);

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, .. ProptestConfig::default() })]

    #[test]
    fn grammar_expressions_end_with_a_value_or_a_reason(e in expr()) {
        let t = Instant::now();
        match evaluate_text(&e) {
            Ok(v) => { let _ = v.repr(); }
            Err(reason) => prop_assert!(!reason.is_empty()),
        }
        prop_assert!(t.elapsed() < SLOW, "{e} took {:?}", t.elapsed());
    }

    #[test]
    fn token_soup_never_panics(parts in prop::collection::vec(prop::sample::select(vec![
        "1", "0.5", "[", "]", "(", ")", "*", "**", "+", "-", "//", "%", "/", ",", "10", "9", "numpy", ".", "linspace", "np",
        "list", "range", "=", "\n", "    ", "lr", "learning_rate", "print", "'x'", "import", "from", "*", "#", "{", "}", ":", "if", "def",
    ]), 0..80)) {
        let text = parts.join(" ");
        let t = Instant::now();
        let _ = evaluate_text(&text);
        for name in ["f.py", "f.config"] {
            if let Ok(r) = import_file(name, &text) { let _ = r.to_json().to_string(); }
        }
        if let Ok(r) = import_anyway(&text) { let _ = r.to_json().to_string(); }
        prop_assert!(t.elapsed() < SLOW, "{text:?} took {:?}", t.elapsed());
    }
}

/// The traps of the issue, each bounded: a billion-element list, a long chain, deep nesting.
#[test]
fn traps_end_quickly() {
    let deep_list = format!("{}0{}", "[".repeat(40), "]".repeat(40));
    let long_sum = vec!["1"; 2_000].join(" + ");
    let huge = "[[0] * 100000] * 100000".to_string();
    let many = "[0] * 100000 + [0] * 100000".to_string();
    for e in ["[0] * 10 ** 9", "[0] * 10 ** 100", "'x' * 10 ** 9", "list(range(10 ** 18))", "2 ** 2 ** 2 ** 2 ** 2", &deep_list, &long_sum, &huge, &many] {
        let t = Instant::now();
        let r = evaluate_text(e);
        assert!(t.elapsed() < SLOW, "{} took {:?}", &e[..e.len().min(40)], t.elapsed());
        if e == deep_list {
            assert!(r.is_ok(), "40 levels are within the limits: {r:?}");
        } else {
            assert!(r.as_ref().is_err_and(|m| m.starts_with("not evaluated")), "{}: {r:?}", &e[..e.len().min(40)]);
        }
    }
    // A file of 100 000 statements each nesting the last value one level deeper.
    let text = format!("x = [0]\n{}learning_rates = x\n", "x = [x]\n".repeat(100_000));
    let t = Instant::now();
    let r = import_file("deep.py", &text).expect("reads");
    assert!(r.get("learning_rates").is_none());
    assert!(t.elapsed() < Duration::from_secs(60), "{:?}", t.elapsed());
}
