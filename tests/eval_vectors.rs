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
