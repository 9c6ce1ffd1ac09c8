#![cfg(not(target_arch = "wasm32"))]
//! The lr-file fast path (`lr_file::parse_fast`) against the general reader (`parse_general`) on
//! every lr-file text in the fixtures (reference vectors, real files, the bad-input corpus) and on
//! variations of them: where the fast path accepts, the table is the same (compared through the
//! vectors' JSON and the re-saved text, so NaN compares equal); where the general reader refuses,
//! the fast path must refuse too.
use schedule_explorer::returnn::lr_file::{epochs_json, parse_fast, parse_general, write, LrFile};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root().join("tests/fixtures/reference/lrfile")).expect("dir").flatten() {
        let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(entry.path()).expect("read")).expect("json");
        if let Some(t) = v["text"].as_str() {
            out.push((entry.path().display().to_string(), t.to_string()));
        }
        if let Some(t) = v["expected"]["resaved_text"].as_str() {
            out.push((format!("{} (resaved)", entry.path().display()), t.to_string()));
        }
    }
    for dir in ["tests/fixtures/realdata/lrfiles", "tests/fixtures/bad/lrfile"] {
        for entry in std::fs::read_dir(root().join(dir)).expect("dir").flatten() {
            if let Ok(t) = std::fs::read_to_string(entry.path()) {
                out.push((entry.path().display().to_string(), t));
            }
        }
    }
    out
}

fn same(a: &LrFile, b: &LrFile) -> bool {
    epochs_json(a) == epochs_json(b) && write(a) == write(b)
}

/// Variations the fast path must get right or leave alone.
fn variations(t: &str) -> Vec<String> {
    let mut v = vec![
        t.replace('\n', "\r\n"),
        t.replace(", error=", ",error="),
        t.replace("),\n", ")\n"),
        t.replace("1.0", "1"),
        t.replace("'", "\""),
        t.replace(": ", ":\t"),
        format!("{t}\n# trailing comment\n"),
        format!("  {t}"),
        t.replace("float('nan')", "float('NaN')"),
        t.replace("e-05", "e-5"),
        t.replace("None", "none"),
    ];
    if let Some(cut) = t.len().checked_sub(3) {
        v.push(t.get(..cut).unwrap_or("").to_string());
    }
    v
}

#[test]
fn fast_path_agrees_with_the_general_reader() {
    let (mut fast, mut total) = (0, 0);
    let mut failures = Vec::new();
    for (name, text) in texts() {
        let mut cases = vec![text.clone()];
        if text.len() < 100_000 {
            cases.extend(variations(&text));
        }
        for t in cases {
            total += 1;
            let general = parse_general(&t);
            match (parse_fast(&t), general) {
                (None, _) => {}
                (Some(f), Ok(g)) => {
                    fast += 1;
                    if !same(&f, &g) {
                        failures.push(format!("{name}: different tables"));
                    }
                }
                (Some(_), Err(e)) => failures.push(format!("{name}: fast path accepts what the general reader refuses ({e})")),
            }
        }
    }
    println!("lr-file fast path: {fast} of {total} texts read fast, all equal to the general reader");
    assert!(fast >= 40, "the fast path read only {fast} texts");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_big_real_files_take_the_fast_path() {
    for f in ["rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt", "rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_att_only.txt"] {
        let text = std::fs::read_to_string(Path::new(&root()).join("tests/fixtures/realdata/lrfiles").join(f)).expect("read");
        let fast = parse_fast(&text).expect("fast path");
        assert_eq!(fast.len(), 2000);
        assert!(same(&fast, &parse_general(&text).expect("general")));
    }
}
