#![cfg(not(target_arch = "wasm32"))]
//! The learning_rate_file reader and writer against RETURNN's own results: the 32 `lrfile` cases
//! (parsed content, re-saved text byte for byte, error type), the real files collected from
//! training runs, a generated round trip, and the `lrfile` command.
use proptest::prelude::*;
use schedule_explorer::py::error::Error;
use schedule_explorer::returnn::lr_file::{epochs_json, parse, parse_pasted, write, EpochData, Key, LrFile};
use schedule_explorer::py::value::{float_repr, NpKind, PyValue};
use serde_json::Value;

#[path = "support/fixtures.rs"]
mod support;
use support::{files_in, fixtures, same};

#[test]
fn reference_lrfile_cases() {
    let cases = files_in("reference/lrfile");
    assert_eq!(cases.len(), 32, "expected the 32 public cases");
    let mut passed = 0;
    for path in &cases {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
        let name = case["name"].as_str().expect("name");
        let text = case["text"].as_str().expect("text");
        let expected = &case["expected"];
        match (parse(text), expected.get("error")) {
            (Ok(file), None) => {
                let got = epochs_json(&file);
                assert!(same(&got, &expected["epochs"]), "{name}: epochs differ\n got: {got}\nwant: {}", expected["epochs"]);
                assert_eq!(write(&file), expected["resaved_text"].as_str().expect("resaved_text"), "{name}: re-saved text");
                // The re-saved text reads back to the same content.
                assert_eq!(parse(&write(&file)), Ok(normalized(&file)), "{name}: round trip");
            }
            (Err(e), Some(want)) => {
                assert_eq!(e.py_exc().map(|x| x.name()), want.as_str(), "{name}: error type ({e})");
                assert!(matches!(e, Error::Parse { line, column, .. } if line >= 1 && column >= 1), "{name}: located");
            }
            (Ok(_), Some(want)) => panic!("{name}: parsed, but RETURNN raises {want}"),
            (Err(e), None) => panic!("{name}: {e}"),
        }
        passed += 1;
    }
    assert_eq!(passed, 32);
}

/// The file with scores and meta in key order (as the writer puts them).
fn normalized(file: &LrFile) -> LrFile {
    let mut out = file.clone();
    for d in out.values_mut() {
        d.error.sort_by(|a, b| a.0.cmp(&b.0));
        d.meta.sort_by(|a, b| a.0.cmp(&b.0));
    }
    out
}

/// The line and column (1-based, characters) of the first occurrence of `needle`.
fn locate(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle present");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[test]
fn real_files() {
    let files = files_in("realdata/lrfiles");
    assert_eq!(files.len(), 18);
    let mut parsed = 0;
    for path in &files {
        let name = path.file_name().and_then(|n| n.to_str()).expect("name").to_string();
        let text = std::fs::read_to_string(path).expect("read");
        if text.contains("learningRate=<misleading>") {
            // A pasted comment with an invalid token: a clear error pointing at it.
            let err = parse_pasted(&text).expect_err("invalid token");
            let (line, col) = locate(&text, "<misleading>");
            assert_eq!(
                (err.py_exc().map(|x| x.name()), &err),
                (Some("SyntaxError"), &Error::Parse { exc: err.py_exc().expect("exc"), line, column: col, message: "expected an expression but found '<'".into() }),
                "{name}"
            );
            continue;
        }
        let commented = text.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        let file = if commented {
            // RETURNN itself cannot load a commented-out excerpt; the pasting reader can.
            assert!(parse(&text).is_err(), "{name}: strict reader must reject a comment-only text");
            parse_pasted(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
        } else {
            parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
        };
        assert!(!file.is_empty(), "{name}: no epochs");
        for (epoch, d) in &file {
            assert!(d.learning_rate.as_py_float().is_some(), "{name}: epoch {epoch}");
        }
        let again = parse(&write(&file)).unwrap_or_else(|e| panic!("{name}: re-read: {e}"));
        assert_eq!(again, normalized(&file), "{name}: parse(write(parse(x))) == parse(x)");
        parsed += 1;
    }
    assert_eq!(parsed, 17);
}

#[test]
fn real_files_known_content() {
    // The 2016 seqtrain files: 10 files, 22-30 epochs, learning rates 1e-4 decayed by 0.8.
    let text = std::fs::read_to_string(
        fixtures("realdata/lrfiles").join("rwth-i6_returnn-experiments_2016-seqtrain-paper__sequence-training__training-scores__mmi.bs-setup.nopc.scores"),
    )
    .expect("read");
    let file = parse(&text).expect("parses");
    assert_eq!(file.keys().next(), Some(&1));
    assert_eq!(file[&1].lr(), 1e-4);
    // The 2000-epoch PyTorch files: 12 meta keys per epoch.
    let big = std::fs::read_to_string(fixtures("realdata/lrfiles").join("rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt")).expect("read");
    let started = std::time::Instant::now();
    let file = parse(&big).expect("parses");
    let took = started.elapsed();
    assert_eq!(file.len(), 2000);
    assert!(file.values().all(|d| d.meta.len() == 12), "12 meta keys per epoch");
    assert_eq!(write(&file), big, "a file RETURNN wrote is re-saved byte for byte");
    // Linear time: even an unoptimised build reads 2.3 MB in well under the limit.
    assert!(took.as_secs_f64() < 20.0, "parsing 2.3 MB took {took:?}");
}

fn arb_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-0.0),
        (1u32..100000, -12i32..3).prop_map(|(m, e)| m as f64 * 10f64.powi(e)),
    ]
}

fn arb_key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_/:]{1,12}",
        "(dev|train|devtrain)_(score|error|loss)_[a-z]{1,6}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
    .prop_filter("no :meta: prefix", |k| !k.starts_with(":meta:"))
}

fn arb_value() -> impl Strategy<Value = PyValue> {
    let leaf = prop_oneof![
        arb_float().prop_map(PyValue::Float),
        any::<i64>().prop_map(PyValue::Int),
        any::<bool>().prop_map(PyValue::Bool),
        Just(PyValue::None),
        any::<String>().prop_map(PyValue::Str),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|v| PyValue::Np { kind: NpKind::Float64, value: v, text: float_repr(v) }),
        any::<i32>().prop_map(|v| PyValue::Np { kind: NpKind::Int64, value: v as f64, text: v.to_string() }),
        (1u32..1000).prop_map(|m| {
            let v = (m as f32 / 1000.0) as f64;
            PyValue::Np { kind: NpKind::Float32, value: v, text: format!("{}", m as f32 / 1000.0) }
        }),
    ];
    prop_oneof![
        4 => leaf.clone(),
        1 => prop::collection::vec(leaf.clone(), 0..4).prop_map(PyValue::List),
        1 => prop::collection::vec(leaf, 2..4).prop_map(PyValue::Tuple),
        // A 1-tuple is written with str() of its item (RETURNN's quirk): readable back for numbers.
        1 => any::<i64>().prop_map(|i| PyValue::Tuple(vec![PyValue::Int(i)])),
    ]
}

fn sorted_unique(items: Vec<(String, PyValue)>) -> Vec<(Key, PyValue)> {
    let mut m = std::collections::BTreeMap::new();
    for (k, v) in items {
        m.insert(k, v);
    }
    m.into_iter().map(|(k, v)| (Key::from(k), v)).collect()
}

fn arb_epoch() -> impl Strategy<Value = EpochData> {
    let lr = prop_oneof![
        3 => arb_float().prop_map(PyValue::Float),
        1 => (1u32..1000).prop_map(|m| {
            let v = m as f64 * 1e-5;
            PyValue::Np { kind: NpKind::Float64, value: v, text: float_repr(v) }
        }),
    ];
    (lr, prop::collection::vec((arb_key(), arb_value()), 0..6), prop::collection::vec((arb_key(), arb_value()), 0..4)).prop_map(
        |(learning_rate, error, meta)| EpochData { learning_rate, error: sorted_unique(error), meta: sorted_unique(meta) },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn parse_inverts_write(epochs in prop::collection::btree_map(-5i64..3000, arb_epoch(), 0..8)) {
        let file: LrFile = epochs;
        let text = write(&file);
        let back = parse(&text);
        prop_assert_eq!(back.as_ref(), Ok(&file), "text:\n{}", text);
    }

    #[test]
    fn reader_never_panics(s in any::<String>()) {
        let _ = parse(&s);
        let _ = parse_pasted(&s);
    }

    #[test]
    fn reader_never_panics_on_mutated_files(cut in 0usize..400, insert in "[{}()\\[\\]'\",:#=\\\\\n a-z0-9.-]{0,4}") {
        let base = "{\n1: EpochData(learningRate=0.001, error={\n':meta:x': np.float32(0.5),\n'dev_score': float('nan'),\n}),\n2: EpochData(learning_rate=1e-3, error=2.5),\n}\n";
        let mut chars: Vec<char> = base.chars().collect();
        let at = cut.min(chars.len());
        for (i, c) in insert.chars().enumerate() {
            chars.insert(at + i, c);
        }
        let s: String = chars.into_iter().collect();
        let _ = parse(&s);
        let _ = parse_pasted(&s);
    }
}

#[test]
fn lrfile_command() {
    let exe = env!("CARGO_BIN_EXE_schedule-explorer");
    let ok = fixtures("realdata/lrfiles").join("rwth-i6_returnn_tests__test_LearningRateControl.py__excerpt_L52-L77_test_load_string");
    // A vector's text written out as a raw file, and one RETURNN rejects.
    let dir = std::env::temp_dir().join(format!("se-lrfile-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let case: Value = serde_json::from_str(&std::fs::read_to_string(fixtures("reference/lrfile/hand_np_forms.json")).expect("read")).expect("json");
    let good = dir.join("np_forms.txt");
    std::fs::write(&good, case["text"].as_str().expect("text")).expect("write");
    let bad_case: Value = serde_json::from_str(&std::fs::read_to_string(fixtures("reference/lrfile/written_np_float64.json")).expect("read")).expect("json");
    let bad = dir.join("np_nan.txt");
    std::fs::write(&bad, bad_case["text"].as_str().expect("text")).expect("write");

    let out = std::process::Command::new(exe).arg("lrfile").arg(&ok).arg(&good).arg(&bad).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    let lines: Vec<Value> = stdout.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["path"], Value::String(ok.display().to_string()));
    assert_eq!(lines[0]["epochs"].as_object().map(|m| m.len()), Some(2));
    assert!(same(&lines[1]["epochs"], &case["expected"]["epochs"]), "{}", lines[1]);
    assert_eq!(lines[1]["resaved_text"], case["expected"]["resaved_text"]);
    assert_eq!(lines[2]["error"], Value::String("ValueError".into()));
    assert!(lines[2]["message"].as_str().is_some_and(|m| m.contains("could not convert string to float") && m.contains("line 6, column 67")), "{}", lines[2]);

    let missing = std::process::Command::new(exe).arg("lrfile").arg(dir.join("missing.txt")).output().expect("runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(!missing.stderr.is_empty());
    let help = std::process::Command::new(exe).args(["lrfile", "--help"]).output().expect("runs");
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("resaved_text"));
    let _ = std::fs::remove_dir_all(&dir);
}
