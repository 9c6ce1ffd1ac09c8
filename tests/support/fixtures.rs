//! Fixture paths and JSON comparison shared by the integration tests (through `#[path]`).
#![allow(dead_code)]
use serde_json::Value;
use std::path::PathBuf;

pub fn fixtures(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(sub)
}

/// The files of a fixture folder (README.md left out), sorted.
pub fn files_in(sub: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures(sub))
        .unwrap_or_else(|e| panic!("{sub}: {e}"))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file() && p.file_name().is_none_or(|n| n != "README.md"))
        .collect();
    v.sort();
    v
}

pub fn read(p: &PathBuf) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// (file name, text) of the realdata learning_rate_files whose name contains `name_part`.
pub fn realdata(name_part: &str) -> Vec<(String, String)> {
    files_in("realdata/lrfiles")
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(name_part))
        .map(|p| (p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(), read(&p)))
        .collect()
}

/// JSON equality where floats must have the same bits (so `-0.0` differs from `0.0`) and ints
/// differ from floats; object key order does not matter; NaN is the string "NaN" on both sides.
pub fn same(a: &Value, b: &Value) -> bool {
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
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
