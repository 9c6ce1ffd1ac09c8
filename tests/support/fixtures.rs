//! Fixture paths for the replay/compare/sweep tests (through `#[path]`).
#![allow(dead_code)]
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
