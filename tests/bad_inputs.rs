#![cfg(not(target_arch = "wasm32"))]
//! The malformed-input corpus (tests/fixtures/bad/<target>/, manifest `expected.tsv`, written by
//! scripts/gen-bad-corpus.py): every file must give the expected kind of typed error, with a
//! located, non-empty message, and nothing may panic. Inputs too large to commit (10 MB texts,
//! nesting far beyond the limits) are generated here.
use schedule_explorer::py::error::Error;
use schedule_explorer::engine::lr_control::error_parts;
use schedule_explorer::engine::lr_control::{run_scenario};
use schedule_explorer::returnn::scenario::parse_scenario;
use schedule_explorer::engine::optim::case::Case;
use schedule_explorer::engine::settings::Settings;
use schedule_explorer::engine::sim::{Simulation, Stop};
use schedule_explorer::returnn::config::import::import;
use schedule_explorer::returnn::lr_file;
use schedule_explorer::returnn::python_literal::{literal_eval, parse_module, MAX_DEPTH, MAX_INPUT_BYTES};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

fn bad_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad").join(target)
}

struct Row {
    file: String,
    kind: String,
    note: String,
    /// `line:column` where Python's own parser locates the SyntaxError ("" when it gives none).
    at: String,
}

fn manifest(target: &str) -> Vec<Row> {
    let text = std::fs::read_to_string(bad_dir(target).join("expected.tsv")).expect("expected.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.split('\t');
            let file = parts.next().unwrap_or_default().to_string();
            let kind = parts.next().unwrap_or_default().to_string();
            let note = parts.next().unwrap_or_default().to_string();
            let at = parts.next().unwrap_or_default().to_string();
            Row { file, kind, note, at }
        })
        .collect()
}

/// The kind of an error, as the manifests name it; checks that its message is located.
fn classify(e: &Error) -> Result<String, String> {
    let shown = e.to_string();
    if shown.trim().is_empty() {
        return Err("empty message".into());
    }
    Ok(match e {
        Error::Parse { exc, line, column, message } => {
            if *line == 0 || *column == 0 || message.trim().is_empty() {
                return Err(format!("parse error not located: {shown}"));
            }
            if message.contains("nested too deeply") {
                return Ok("depth".into());
            }
            format!("parse:{exc}@{line}:{column}")
        }
        Error::Python { exc, .. } => format!("python:{exc}"),
        Error::Invalid { field, .. } => {
            if field.trim().is_empty() {
                return Err(format!("invalid error names no field: {shown}"));
            }
            "invalid".into()
        }
        Error::Limit { .. } => "limit".into(),
        _ => format!("other:{shown}"),
    })
}

/// True when `at` (`line:col`) is where the manifest says Python locates the error: the same
/// line and column, or the same line where the manifest's note records a column deviation.
fn located_as_python(row: &Row, at: &str) -> bool {
    let line = |s: &str| s.split(':').next().unwrap_or_default().to_string();
    at == row.at || (row.note.starts_with("column:") && line(at) == line(&row.at))
}

/// Splits `parse:Exc@line:col` into the kind and its location ("" for kinds without one).
fn split_at(got: &str) -> (&str, &str) {
    match got.split_once('@') {
        Some((kind, at)) if kind.starts_with("parse") => (kind, at),
        _ => (got, ""),
    }
}

/// True when `got` is what `expected` asks for (`a|b` alternatives; `error` = any error;
/// `parse` = any parse error; `python:X` = X at any stage).
fn kind_matches(expected: &str, got: &str) -> bool {
    expected.split('|').any(|exp| {
        exp == got
            || (exp == "error" && got != "ok" && !got.starts_with('!'))
            || (exp == "depth" && got == "limit")
            || (exp == "parse" && got.starts_with("parse:"))
            || (exp.starts_with("python:") && !exp.contains('@') && got.split('@').next() == Some(exp))
    })
}

/// Reads a corpus file as the CLI does: bytes, then UTF-8 (else the kind `utf8`).
fn read(target: &str, file: &str) -> Result<String, String> {
    let bytes = std::fs::read(bad_dir(target).join(file)).expect("corpus file");
    String::from_utf8(bytes).map_err(|_| "utf8".to_string())
}

/// Runs every file of `target` through `check` (text, note → the kind it got, or a failure
/// description with `!` in front); asserts each kind and that nothing panicked.
fn run_target(target: &str, min_files: usize, check: impl Fn(&str, &str) -> String) {
    let rows = manifest(target);
    assert!(rows.len() >= min_files, "{target}: only {} corpus files", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let got = match read(target, &row.file) {
            Err(k) => k,
            Ok(text) => match catch_unwind(AssertUnwindSafe(|| check(&text, &row.note))) {
                Ok(k) => k,
                Err(_) => "!panicked".into(),
            },
        };
        let (kind, at) = split_at(&got);
        if !kind_matches(&row.kind, kind) {
            failures.push(format!("{}: expected {}, got {}", row.file, row.kind, got));
        } else if !row.at.is_empty() && kind.starts_with("parse:SyntaxError") && !located_as_python(&row, at) {
            failures.push(format!("{}: the SyntaxError is at {}, where Python's parser puts it, not at {}", row.file, row.at, at));
        }
    }
    println!("bad/{target}: {}/{} files give the expected error", rows.len() - failures.len(), rows.len());
    assert!(failures.is_empty(), "bad/{target}: {} failures:\n{}", failures.len(), failures.join("\n"));
}

fn kind_of<T>(r: Result<T, Error>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => classify(&e).unwrap_or_else(|m| format!("!{m}")),
    }
}

#[test]
fn literal_corpus() {
    run_target("literal", 90, |text, _| kind_of(literal_eval(text)));
}

#[test]
fn lrfile_corpus() {
    run_target("lrfile", 80, |text, _| kind_of(lr_file::parse(text)));
}

#[test]
fn every_corpus_file_through_the_lenient_readers_never_panics() {
    // The lenient reader for pasted excerpts, and the statement reader, on every text of the
    // corpus: they may accept or refuse, with a located error, but never panic.
    let mut checked = 0;
    for target in ["literal", "lrfile", "config"] {
        for row in manifest(target) {
            let Ok(text) = read(target, &row.file) else { continue };
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let a = lr_file::parse_pasted(&text).err().map(|e| classify(&e));
                let b = parse_module(&text).err().map(|e| classify(&e));
                [a, b]
            }));
            match outcome {
                Err(_) => panic!("{target}/{}: panicked", row.file),
                Ok(results) => {
                    for r in results.into_iter().flatten() {
                        if let Err(m) = r {
                            panic!("{target}/{}: {m}", row.file);
                        }
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 200, "only {checked} texts");
}

/// Whether ints and floats sit at the same places (`1` vs `1.0`: serde_json's equality is numeric).
fn same_number_kinds(got: Option<&serde_json::Value>, want: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (got, want) {
        (Some(V::Number(a)), V::Number(b)) => a.is_f64() == b.is_f64(),
        (Some(V::Array(a)), V::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_number_kinds(Some(x), y)),
        (Some(_), _) => true,
        (None, _) => false,
    }
}

const PWNED: &str = "/tmp/schedule-explorer-pwned";

#[test]
fn config_corpus() {
    run_target("config", 50, |text, note| match import(text) {
        Err(e) => classify(&e).unwrap_or_else(|m| format!("!{m}")),
        Ok(report) => {
            let (absent, named) = match (note.strip_prefix("absent="), note.strip_prefix("skipped=")) {
                (Some(keys), _) => (keys, false),
                (_, Some(keys)) => (keys, true),
                _ => ("", false),
            };
            for key in absent.split(',').filter(|k| !k.is_empty()) {
                if report.get(key).is_some() {
                    return format!("!{key} was taken into values (it must be skipped)");
                }
                if named && !report.skipped.iter().any(|s| s.reason.contains(key)) {
                    return format!("!{key} is absent but no skipped entry names it");
                }
            }
            // `value=KEY=JSON`: Python's own value of the key (ints and floats apart).
            if let Some((key, want)) = note.strip_prefix("value=").and_then(|r| r.split_once('=')) {
                let want: serde_json::Value = serde_json::from_str(want).expect("JSON value in the note");
                let got = report.get(key).map(schedule_explorer::py::json::py_to_json);
                if got.as_ref() != Some(&want) || !same_number_kinds(got.as_ref(), &want) {
                    return format!("!{key}: Python gives {want}, the importer {got:?}");
                }
            }
            "ok".into()
        }
    });
    assert!(!std::path::Path::new(PWNED).exists(), "a config statement was executed");
}

#[test]
fn scenario_corpus() {
    run_target("scenario", 50, |text, _| {
        let v: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                return if e.line() > 0 { "json".into() } else { "!json error not located".into() };
            }
        };
        let scenario = match parse_scenario(&v) {
            Ok(s) => s,
            Err(e) => return classify(&e).unwrap_or_else(|m| format!("!{m}")),
        };
        match run_scenario(&scenario).error {
            None => "ok".into(),
            Some(e) => {
                let (exc, stage, _) = error_parts(&e);
                match (classify(&e), stage) {
                    (Err(m), _) => format!("!{m}"),
                    (Ok(k), Some(s)) if k.starts_with("python:") => format!("python:{exc}@{}", s.name()),
                    (Ok(k), _) => k,
                }
            }
        }
    });
}

#[test]
fn optimizer_corpus() {
    run_target("optimizer", 35, |text, _| {
        let v: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(_) => return "json".into(),
        };
        kind_of(Case::from_json(&v).and_then(|c| c.run()))
    });
}

#[test]
fn settings_corpus() {
    run_target("settings", 40, |text, _| {
        let settings: Settings = match serde_json::from_str(text) {
            Ok(s) => s,
            Err(e) => return if e.line() > 0 { "json".into() } else { "!json error not located".into() },
        };
        let mut sim = match Simulation::new(&settings) {
            Ok(sim) => sim,
            Err(e) => return classify(&e).unwrap_or_else(|m| format!("!{m}")),
        };
        sim.run_to_end();
        match sim.stop() {
            Some(Stop::Failed(e)) => classify(e).unwrap_or_else(|m| format!("!{m}")),
            Some(Stop::Diverged { update, reason, .. }) => {
                // Reported with the update, and nothing non-finite carried on before it.
                let steps = sim.steps();
                if reason.trim().is_empty() || *update as usize + 1 != steps.len() {
                    return format!("!divergence at update {update} badly reported ({reason:?}, {} steps)", steps.len());
                }
                if steps.iter().take(steps.len() - 1).any(|s| !s.loss.is_finite()) {
                    return "!a non-finite loss was carried on".into();
                }
                "diverged".into()
            }
            _ => "ok".into(),
        }
    });
}

// ------------------------------------------------------------------------------------------------
// Generated inputs: 10 MB texts, sizes and nesting beyond the limits.

const TEN_MB: usize = 10 * 1024 * 1024;

/// `[0.125, 0.125, ...]` of at least `bytes` bytes.
fn big_list(bytes: usize) -> String {
    let item = "0.125, ";
    let mut s = String::with_capacity(bytes + 16);
    s.push('[');
    while s.len() < bytes {
        s.push_str(item);
    }
    s.push(']');
    s
}

/// A size limit: `Error::Limit` with a message naming the limit.
fn assert_limit<T>(what: &str, r: Result<T, Error>) {
    match r {
        Err(e @ Error::Limit { .. }) => assert!(e.to_string().contains("limit"), "{what}: message {e}"),
        Err(e) => panic!("{what}: expected a limit error, got {e}"),
        Ok(_) => panic!("{what}: expected a limit error, got a value"),
    }
}

/// A depth limit: a located error saying the input is nested too deeply (or `Error::Limit`).
fn assert_depth<T>(what: &str, r: Result<T, Error>) {
    match r {
        Err(Error::Limit { .. }) => {}
        Err(e @ Error::Parse { .. }) => {
            assert!(e.to_string().contains("nested too deeply"), "{what}: message {e}");
        }
        Err(e) => panic!("{what}: expected a depth limit, got {e}"),
        Ok(_) => panic!("{what}: expected a depth limit, got a value"),
    }
}

#[test]
fn ten_megabyte_literal_parses() {
    let text = big_list(TEN_MB);
    assert!(text.len() >= TEN_MB);
    match literal_eval(&text) {
        Ok(schedule_explorer::py::value::PyValue::List(items)) => assert!(items.len() > 1_000_000),
        other => panic!("10 MB list: {:?}", other.map(|_| "not a list")),
    }
}

#[test]
fn oversized_inputs_hit_the_size_limit() {
    let text = big_list(MAX_INPUT_BYTES + 10);
    assert_limit("literal", literal_eval(&text));
    assert_depth("lrfile", lr_file::parse(&text));
    assert_limit("module", parse_module(&text));
    assert_limit("config import", import(&format!("learning_rates = {text}\n")));
}

#[test]
fn deep_nesting_hits_the_depth_limit_without_overflowing_the_stack() {
    for depth in [MAX_DEPTH + 1, 10_000, 1_000_000] {
        let brackets = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_depth("literal brackets", literal_eval(&brackets));
        let parens = format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
        assert_depth("literal parens", literal_eval(&parens));
        let dicts = format!("{}{}", "{1: ".repeat(depth), "}".repeat(depth));
        assert_depth("literal dicts", literal_eval(&dicts));
        let unary = format!("{}1", "-".repeat(depth));
        assert_depth("literal unary", literal_eval(&unary));
        let power = format!("1{}", "**1".repeat(depth));
        assert!(literal_eval(&power).is_err(), "power chain");
        let lrfile = format!("{{1: EpochData(learningRate=0.1, error={{'a': {brackets}}})}}");
        assert_depth("lrfile", lr_file::parse(&lrfile));
        assert!(lr_file::parse_pasted(&lrfile).is_err(), "pasted lrfile");
        assert_depth("config", import(&format!("learning_rates = {brackets}\n")));
        let calls = format!("x = {}1{}\n", "f(".repeat(depth), ")".repeat(depth));
        assert_depth("config calls", import(&calls));
        let unclosed = "[".repeat(depth);
        assert!(literal_eval(&unclosed).is_err(), "unclosed brackets");
    }
}

#[test]
fn deep_indented_blocks_in_a_config_do_not_overflow() {
    let mut text = String::new();
    for i in 0..2_000 {
        text.push_str(&" ".repeat(i));
        text.push_str("if x:\n");
    }
    text.push_str(&" ".repeat(2_000));
    text.push_str("pass\nlearning_rate = 0.1\n");
    match import(&text) {
        Ok(r) => assert!(r.get("learning_rate").is_some()),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

#[test]
fn ten_megabyte_lr_file_parses_and_replays() {
    let mut text = String::from("{\n");
    let mut epoch = 1;
    while text.len() < TEN_MB {
        text.push_str(&format!(
            "{epoch}: EpochData(learningRate=0.001, error={{'dev_score': {}, 'train_score': 1.5, ':meta:host': 'node-{epoch}'}}),\n",
            1.0 / epoch as f64
        ));
        epoch += 1;
    }
    text.push_str("}\n");
    let file = lr_file::parse(&text).expect("10 MB lr file");
    assert_eq!(file.len() as i64, epoch - 1);
}

#[test]
fn ten_megabyte_config_imports() {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < TEN_MB {
        text.push_str(&format!("unknown_key_{i} = [{i}, {i}.5, 'x{i}']\n"));
        i += 1;
    }
    text.push_str("learning_rate = 0.25\n");
    let report = import(&text).expect("10 MB config");
    assert!(report.get("learning_rate").is_some());
    assert_eq!(report.skipped.len(), i);
}

#[test]
fn huge_and_non_finite_numbers_are_values_or_errors_never_panics() {
    for text in ["1e999999", "-1e999999", "9".repeat(5000).as_str(), "0.0000000000000000000000001e-400", "1_000_000_000_000_000_000_000", "0x" ]
        .iter()
    {
        let _ = literal_eval(text);
        let _ = lr_file::parse(&format!("{{1: EpochData(learningRate={text})}}"));
        let _ = lr_file::parse(&format!("{{{text}: EpochData(learningRate=0.1)}}"));
        let _ = import(&format!("learning_rate = {text}\nnum_epochs = {text}\n"));
    }
    // an epoch number beyond i64 is RETURNN-valid Python but not an epoch this engine can hold
    assert!(lr_file::parse(&format!("{{{}: EpochData(learningRate=0.1)}}", "9".repeat(40))).is_err());
}

/// The readers of user text (src/returnn/) and the engine have no way to run anything: no
/// process, network, file-system or environment access anywhere in their source.
#[test]
fn readers_and_engine_cannot_execute_or_reach_out() {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).expect("src dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    for d in ["src/returnn", "src/engine"] {
        walk(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(d), &mut files);
    }
    assert!(files.len() > 20);
    let forbidden = ["std::process", "std::net", "Command::new", "std::fs", "std::env", "libc::", "unsafe "];
    let mut hits = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read source");
        for word in forbidden {
            if text.contains(word) {
                hits.push(format!("{}: {word}", f.display()));
            }
        }
    }
    assert!(hits.is_empty(), "{}", hits.join("\n"));
}

/// Scores-only mode runs one epoch per score: more scores than the epoch limit is a limit error.
#[test]
fn too_many_scores_hit_the_epoch_limit() {
    let n = schedule_explorer::engine::settings::MAX_EPOCHS as usize + 1;
    let scores = vec![serde_json::json!(1.0); n];
    let v = serde_json::json!({"mode": {"kind": "scores_only", "dev_scores": scores}});
    let settings: Settings = serde_json::from_value(v).expect("settings");
    assert_limit("dev_scores", Simulation::new(&settings).map(|_| ()));
}
