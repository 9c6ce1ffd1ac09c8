#![cfg(not(target_arch = "wasm32"))]
//! The built binary on bad arguments (tests/fixtures/bad/cli/args.jsonl) and on every file of the
//! bad-input corpus (tests/fixtures/bad/<target>/): a RETURNN-equivalent error is a result line
//! (exit 0, `"error"` in the JSON), anything unreadable or invalid is exit 2 with a message on
//! stderr, and nothing ever panics.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_schedule-explorer"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run the binary")
}

/// Checks the common rules; returns a failure description.
fn check(what: &str, out: &Output, expect_code: i32) -> Option<String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("panicked") || out.status.code().is_none() {
        return Some(format!("{what}: panicked or killed: {stderr}"));
    }
    let code = out.status.code().unwrap_or(-1);
    if code != expect_code {
        return Some(format!("{what}: exit {code}, expected {expect_code}; stderr {stderr}"));
    }
    if code == 2 && stderr.trim().is_empty() {
        return Some(format!("{what}: exit 2 without a message on stderr"));
    }
    None
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/bad/cli/args.jsonl")).expect("args.jsonl");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("case line");
        let args: Vec<&str> = case["args"].as_array().expect("args").iter().filter_map(|a| a.as_str()).collect();
        let out = run(&args);
        failures.extend(check(&format!("{args:?} ({})", case["why"]), &out, 2));
        n += 1;
    }
    assert!(n >= 35, "only {n} argument cases");
    println!("cli args: {}/{n} exit 2 with a message", n - failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[cfg(unix)]
#[test]
fn non_utf8_argument_is_exit_2() {
    use std::os::unix::ffi::OsStrExt;
    let out = Command::new(env!("CARGO_BIN_EXE_schedule-explorer"))
        .arg("lrfile")
        .arg(std::ffi::OsStr::from_bytes(b"lr-\xff.txt"))
        .output()
        .expect("run");
    assert!(check("non-UTF-8 argument", &out, 2).is_none(), "{:?}", out);
}

/// The manifest rows of a corpus target: (file, expected kind).
fn rows(target: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/bad").join(target).join("expected.tsv")).expect("manifest");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut p = l.split('\t');
            Some((p.next()?.to_string(), p.next()?.to_string()))
        })
        .collect()
}

/// Runs `command` on each corpus file of `target`. An expected kind that starts with one of
/// `result_kinds` must give exit 0 and a JSON line with `result_key`, `ok` gives exit 0, every
/// other kind exit 2 with a message (alternatives `a|b`: either).
fn corpus_through_cli(target: &str, command: &[&str], result_kinds: &[&str], result_key: &str) -> usize {
    let mut failures = Vec::new();
    let all = rows(target);
    for (file, kind) in &all {
        let path = Path::new("tests/fixtures/bad").join(target).join(file);
        let path = path.to_string_lossy().to_string();
        let mut args = command.to_vec();
        args.push(&path);
        let out = run(&args);
        let is_result = |k: &str| result_kinds.iter().any(|r| k.starts_with(r));
        let codes: Vec<i32> = kind.split('|').map(|k| if k == "ok" || is_result(k) { 0 } else { 2 }).collect();
        let code = out.status.code().unwrap_or(-1);
        let expect = if codes.contains(&code) { code } else { codes[0] };
        if let Some(f) = check(&format!("{target}/{file} ({kind})"), &out, expect) {
            failures.push(f);
            continue;
        }
        if code == 0 && kind.split('|').all(is_result) {
            let stdout = String::from_utf8_lossy(&out.stdout);
            let has = stdout
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .any(|v| v.get(result_key).is_some());
            if !has {
                failures.push(format!("{target}/{file}: no {result_key:?} in the output {stdout}"));
            }
        }
    }
    println!("cli bad/{target}: {}/{} as expected", all.len() - failures.len(), all.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    all.len()
}

#[test]
fn lrfile_corpus_through_the_cli() {
    corpus_through_cli("lrfile", &["lrfile"], &["parse:", "depth", "error"], "error");
}

#[test]
fn config_corpus_through_the_cli() {
    corpus_through_cli("config", &["config", "import"], &[], "error");
}

#[test]
fn scenario_corpus_through_the_cli() {
    corpus_through_cli("scenario", &["replay"], &["python:"], "error");
}

#[test]
fn settings_corpus_through_the_cli() {
    corpus_through_cli("settings", &["simulate"], &["python:", "diverged"], "stop");
}

#[test]
fn optimizer_corpus_through_the_cli() {
    // (an empty JSONL file is zero cases: exit 0 with no output, also accepted)
    corpus_through_cli("optimizer", &["optimize"], &["python:"], "error");
}

/// A closed stdout (`cmd | head -0`) ends the command quietly, never with a panic.
#[test]
fn closed_stdout_is_not_a_panic() {
    let mol = "tests/fixtures/realdata/lrfiles/rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt";
    let cases: [&[&str]; 9] = [
        &["--help"],
        &["lrfile", "--help"],
        &["replay", "--help"],
        &["optimize", "--help"],
        &["simulate", "--help"],
        &["config", "--help"],
        &["config", "import", "--help"],
        &["bench", "--help"],
        &["lrfile", mol],
    ];
    for args in cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_schedule-explorer"))
            .args(args)
            .current_dir(root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked") && out.status.code() != Some(101), "{args:?}: {stderr}");
    }
}
