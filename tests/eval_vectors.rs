#![cfg(not(target_arch = "wasm32"))]
//! The config evaluator against Python and numpy themselves: `tests/fixtures/eval/*.jsonl`, made by
//! `scripts/gen-eval-vectors.py` with CPython and numpy (see its docstring for the format). A value
//! must have Python's `repr` exactly (ints and floats apart, tuples, `np.float64` elements, every
//! float bit for bit); where Python raises, the evaluator must report the same exception type;
//! past the limits it must give no value at all.
use schedule_explorer::returnn::python_literal::evaluate_text;
use serde_json::Value;
use std::path::PathBuf;

fn lines(name: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

/// Checks every vector of `name`; returns how many there were of each kind.
fn check(name: &str) -> (usize, usize, usize) {
    let mut failures = Vec::new();
    let mut counts = (0, 0, 0);
    for v in lines(name) {
        let expr = v["expr"].as_str().expect("expr");
        let got = evaluate_text(expr);
        match v["expect"].as_str() {
            Some("value") => {
                counts.0 += 1;
                let want = v["repr"].as_str().expect("repr");
                match &got {
                    Ok(value) if value.repr() == want => {}
                    other => failures.push(format!("{expr}: Python gives {want}, the evaluator {other:?}")),
                }
            }
            Some("raises") => {
                counts.1 += 1;
                let exc = v["error"].as_str().expect("error");
                match &got {
                    Err(e) if e.starts_with(&format!("{exc}: ")) => {}
                    other => failures.push(format!("{expr}: Python raises {exc}, the evaluator gives {other:?}")),
                }
            }
            Some("refused") => {
                counts.2 += 1;
                match &got {
                    Err(e) if e.starts_with("not evaluated") => {}
                    other => failures.push(format!("{expr}: must not be evaluated ({}), the evaluator gives {other:?}", v["why"])),
                }
            }
            other => panic!("unknown expect {other:?}"),
        }
    }
    assert!(failures.is_empty(), "{name}: {} failures:\n{}", failures.len(), failures.join("\n"));
    counts
}

#[test]
fn expressions_match_python_and_numpy() {
    let (values, raises, refused) = check("expressions.jsonl");
    assert!(values >= 100 && raises >= 20 && refused >= 20, "{values} {raises} {refused}");
}

#[test]
fn random_arithmetic_matches_cpython() {
    let (values, raises, _) = check("random.jsonl");
    assert!(values >= 300 && raises >= 30, "{values} {raises}");
}

/// `config import` of small config files against what RETURNN's own `Config.load_file` holds
/// (`configs.jsonl`): every value the importer gives equals RETURNN's (its `repr`; for the
/// line-based form `config.value`'s string), nothing is given that RETURNN does not hold, a key left out is listed as
/// skipped, and a file RETURNN cannot load is an error of the same exception type.
#[test]
fn configs_match_returnn_config() {
    use schedule_explorer::engine::keys::config_key;
    use schedule_explorer::py::error::Error;
    use schedule_explorer::py::value::PyValue;
    use schedule_explorer::returnn::config::import::import_file;
    let mut failures = Vec::new();
    let mut compared = 0;
    for v in lines("configs.jsonl") {
        let (name, text) = (v["file_name"].as_str().expect("file_name"), v["text"].as_str().expect("text"));
        let got = import_file(name, text);
        if let Some(exc) = v["error"].as_str() {
            match &got {
                Err(Error::Parse { exc: e, line, column, .. }) if e.name() == exc && *line > 0 && *column > 0 => {}
                other => failures.push(format!("{name}: RETURNN raises {exc}, the importer gives {other:?}")),
            }
            continue;
        }
        let report = match got {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: RETURNN loads it, the importer fails: {e}"));
                continue;
            }
        };
        let mut held: Vec<(String, String)> = Vec::new();
        for (k, r) in v["typed"].as_object().expect("typed") {
            held.push((k.clone(), r.as_str().expect("repr").to_string()));
        }
        for (k, parts) in v["dict"].as_object().expect("dict") {
            // `config.value(key)`: the parts joined with ','.
            let parts: Vec<&str> = parts.as_array().expect("list").iter().map(|p| p.as_str().expect("str")).collect();
            held.push((k.clone(), PyValue::Str(parts.join(",")).repr()));
        }
        for (k, want) in &held {
            if config_key(k).is_none() {
                continue;
            }
            match report.get(k) {
                Some(value) if value.repr() == *want => compared += 1,
                Some(value) => failures.push(format!("{name}: {k}: RETURNN holds {want}, the importer {}", value.repr())),
                None if report.skipped.iter().any(|s| s.reason.contains(k.as_str())) => {}
                None => failures.push(format!("{name}: {k} = {want} is neither imported nor listed as skipped")),
            }
        }
        for (k, value) in &report.values {
            if !held.iter().any(|(h, _)| h == k) {
                failures.push(format!("{name}: the importer gives {k} = {}, which RETURNN does not hold", value.repr()));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(compared >= 20, "only {compared} values compared");
}
