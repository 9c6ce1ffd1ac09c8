#![cfg(not(target_arch = "wasm32"))]
//! `config import` on realistic RETURNN configs (tests/fixtures/configs): which values are taken,
//! what is skipped with which line, which traps are warned about, and the command-line tool.
use schedule_explorer::py::error::{Error, PyExc};
use schedule_explorer::engine::keys::{config_key as known_key, CONFIG_KEYS as KNOWN_KEYS};
use schedule_explorer::returnn::config::import::{import, import_file, ImportReport};
use schedule_explorer::py::value::PyValue;
use serde_json::Value;
use std::path::PathBuf;

fn config_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/configs").join(name)
}

fn load(name: &str) -> (String, ImportReport) {
    let text = std::fs::read_to_string(config_path(name)).expect("read config");
    let report = import(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    (text, report)
}

/// The 1-based line of the first line starting with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).map(|i| i + 1).unwrap_or_else(|| panic!("no line {prefix:?}"))
}

fn skipped_at(r: &ImportReport, line: usize) -> &str {
    r.skipped.iter().find(|s| s.line == line).map(|s| s.reason.as_str()).unwrap_or_else(|| panic!("nothing skipped at line {line}: {:#?}", r.skipped))
}

fn warned(r: &ImportReport, parts: &[&str]) -> bool {
    r.warnings.iter().any(|w| parts.iter().all(|p| w.contains(p)))
}

fn s(v: &str) -> PyValue {
    PyValue::Str(v.into())
}

#[test]
fn known_keys_table_covers_the_contract() {
    let required = [
        "learning_rate", "learning_rates", "learning_rate_control", "learning_rate_control_error_measure",
        "learning_rate_control_min_num_epochs_per_new_lr", "learning_rate_control_relative_error_relative_lr",
        "learning_rate_file", "min_learning_rate", "learning_rate_decay", "learning_rate_growth",
        "newbob_learning_rate_decay", "newbob_learning_rate_growth", "newbob_relative_error_threshold",
        "newbob_error_threshold", "newbob_relative_error_grow_threshold", "newbob_multi_num_epochs",
        "newbob_multi_update_interval", "newbob_relative_error_div_by_old", "use_learning_rate_control_always",
        "pretrain_learning_rate", "optimizer", "accum_grad_multiple_step", "gradient_clip", "gradient_clip_global_norm",
        "gradient_noise", "num_epochs", "adam", "nadam", "adadelta", "adagrad", "rmsprop", "momentum",
        "optimizer_epsilon", "gradient_clip_norm",
    ];
    for k in required {
        assert!(known_key(k).is_some(), "{k}");
    }
    let mut names: Vec<&str> = KNOWN_KEYS.iter().map(|k| k.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), KNOWN_KEYS.len(), "no duplicates in the table");
}

#[test]
fn newbob_multi_epoch_asr_config() {
    let (text, r) = load("newbob_multi_epoch_asr.config");
    let want: Vec<(&str, PyValue)> = vec![
        ("num_epochs", PyValue::Int(160)),
        ("adam", PyValue::Bool(true)),
        ("optimizer_epsilon", PyValue::Float(1e-8)),
        ("gradient_noise", PyValue::Float(0.3)),
        ("gradient_clip", PyValue::Int(0)),
        ("learning_rate", PyValue::Float(0.0008)),
        ("learning_rate_control", s("newbob_multi_epoch")),
        ("learning_rate_control_relative_error_relative_lr", PyValue::Bool(true)),
        ("learning_rate_control_min_num_epochs_per_new_lr", PyValue::Int(3)),
        ("newbob_multi_num_epochs", PyValue::Int(20)),
        ("newbob_multi_update_interval", PyValue::Int(1)),
        ("newbob_learning_rate_decay", PyValue::Float(0.7)),
        ("learning_rate_control_error_measure", s("dev_score_output")),
        ("learning_rate_file", s("newbob.data")),
    ];
    // Expressions that need no code to run are evaluated as Python and numpy would.
    let Some(PyValue::List(lrs)) = r.get("learning_rates") else { panic!("learning_rates: {:?}", r.get("learning_rates")) };
    assert_eq!(lrs.len(), 10);
    assert!(lrs.iter().all(|v| matches!(v, PyValue::Np { kind: schedule_explorer::py::value::NpKind::Float64, .. })), "list(ndarray) holds np.float64");
    assert_eq!(lrs[0].as_py_float(), Some(0.0003));
    assert_eq!(lrs[9].as_py_float(), Some(0.0008), "the endpoint is stop itself");
    assert_eq!(r.get("min_learning_rate"), Some(&PyValue::Float(0.0008 / 50.0)));
    let got: Vec<(&str, PyValue)> =
        r.values.iter().filter(|(k, _)| k != "learning_rates" && k != "min_learning_rate").map(|(k, v)| (k.as_str(), v.clone())).collect();
    assert_eq!(got, want);
    let evaluated: Vec<(&str, usize, &str)> = r.evaluated.iter().map(|e| (e.key.as_str(), e.line, e.expression.as_str())).collect();
    assert_eq!(
        evaluated,
        vec![
            ("learning_rates", line_of(&text, "learning_rates = "), "list(numpy.linspace(0.0003, learning_rate, num=10))"),
            ("min_learning_rate", line_of(&text, "min_learning_rate = "), "learning_rate / 50."),
        ]
    );
    // Imports, a def block (with its lines), other keys.
    for imp in ["import os", "import numpy", "from returnn.import_", "from subprocess"] {
        assert!(skipped_at(&r, line_of(&text, imp)).contains("import"), "{imp}");
    }
    let def_line = line_of(&text, "def get_sprint_dataset");
    let def_reason = skipped_at(&r, def_line);
    assert!(def_reason.contains(&format!("lines {def_line}-{}", def_line + 4)), "{def_reason}");
    assert!(skipped_at(&r, line_of(&text, "batch_size = ")).contains("not a setting the explorer reads"));
    assert!(skipped_at(&r, line_of(&text, "network = {")).contains("not a setting"));
    assert!(skipped_at(&r, line_of(&text, "train = ")).contains("not a setting"));
    // The `num_epochs = 3` inside the def is local: no effect, no warning.
    assert!(!r.warnings.iter().any(|w| w.contains("num_epochs")), "{:#?}", r.warnings);
    // Traps: TF-only flags.
    assert!(warned(&r, &["optimizer_epsilon", "PyTorch backend ignores it", "eps=1e-16"]), "{:#?}", r.warnings);
    assert!(warned(&r, &["adam = True", "TF"]), "{:#?}", r.warnings);
    // Every skipped entry names its source line.
    let lines: Vec<&str> = text.lines().collect();
    for sk in &r.skipped {
        assert_eq!(sk.text, lines[sk.line - 1].trim(), "line {}", sk.line);
    }
}

#[test]
fn torch_config_with_traps() {
    let (text, r) = load("torch_conformer.py");
    assert_eq!(r.get("learning_rate"), Some(&PyValue::Int(1)));
    assert_eq!(r.get("num_epochs"), Some(&PyValue::Int(500)), "annotated assignment");
    assert_eq!(r.get("accum_grad_multiple_step"), Some(&PyValue::Int(2)));
    assert_eq!(r.get("learning_rate_file"), Some(&s("lr.txt")));
    assert_eq!(
        r.get("learning_rate_control_error_measure"),
        Some(&PyValue::List(vec![s("dev_loss_ce"), s("dev_loss_fer")]))
    );
    let Some(PyValue::Dict(opt)) = r.get("optimizer") else { panic!("optimizer: {:?}", r.get("optimizer")) };
    assert_eq!(opt[3], (s("betas"), PyValue::Tuple(vec![PyValue::Float(0.9), PyValue::Float(0.98)])));
    // `[1e-5] * 5 + [1e-4]` is evaluated.
    let mut lrs = vec![PyValue::Float(1e-5); 5];
    lrs.push(PyValue::Float(1e-4));
    assert_eq!(r.get("learning_rates"), Some(&PyValue::List(lrs)));
    assert!(r.evaluated.iter().any(|e| e.key == "learning_rates" && e.line == line_of(&text, "learning_rates = ")));
    assert!(skipped_at(&r, line_of(&text, "backend = ")).contains("not a setting"));
    assert!(skipped_at(&r, 1 + text.lines().position(|l| l.starts_with("\"\"\"")).expect("docstring")).contains("docstring"));
    assert!(skipped_at(&r, line_of(&text, "@rf.register")).contains("decorated definition"));
    assert!(skipped_at(&r, line_of(&text, "if False:")).contains("'if' block"));

    let traps: &[&[&str]] = &[
        &["learning_rate = 1 is an int", "TypeError", "1.0"],
        &["newbob_learning_rate_decay = 1 is an int", "AssertionError"],
        &["relative_error_div_by_old", "newbob_relative_error_div_by_old"],
        &["grad_clip", "ValueError"],
        &["newbob_error_threshold is only read by newbob_abs"],
        &["optimizer_epsilon", "ignores it", "eps=1e-16"],
        &["dynamic_learning_rate"],
        &["gradient_noise", "'if' block"],
    ];
    for t in traps {
        assert!(warned(&r, t), "missing warning {t:?} in {:#?}", r.warnings);
    }
}

#[test]
fn json_config_with_comments() {
    let (text, r) = load("json_config.json");
    let got: Vec<(&str, PyValue)> = r.values.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    assert_eq!(
        got,
        vec![
            ("learning_rate", PyValue::Float(0.002)),
            ("learning_rate_control", s("newbob")),
            ("newbob_learning_rate_decay", PyValue::Float(0.5)),
            ("newbob_relative_error_threshold", PyValue::Float(-0.01)),
            ("num_epochs", PyValue::Int(20)),
            ("learning_rates", PyValue::List(vec![PyValue::Float(0.0001), PyValue::Float(0.0005), PyValue::Float(0.001)])),
            ("min_learning_rate", PyValue::Float(1e-6)),
            ("gradient_clip", PyValue::Float(f64::INFINITY)),
        ]
    );
    assert!(skipped_at(&r, line_of(&text, "  \"task\"")).contains("not a setting"));
    assert!(skipped_at(&r, line_of(&text, "  \"url\"")).contains("not a setting"), "'//' inside a string is not a comment");
    let json = r.to_json();
    assert_eq!(json["values"]["gradient_clip"], Value::String("Infinity".into()));
    assert_eq!(json["values"]["num_epochs"], Value::from(20));
}

#[test]
fn seqtrain_config_tuples_comprehensions_and_int_checks() {
    let (text, r) = load("seqtrain_newbob.config");
    assert_eq!(r.get("learning_rate_file"), Some(&s("newbob.data")), "two statements on one line");
    assert_eq!(r.get("learning_rate_decay"), Some(&PyValue::Float(0.5)), "tuple unpacking");
    assert_eq!(r.get("learning_rate_growth"), Some(&PyValue::Float(1.0)));
    assert_eq!(r.get("newbob_multi_num_epochs"), Some(&PyValue::Float(3.0)));
    assert_eq!(r.get("learning_rates"), None);
    let reason = skipped_at(&r, line_of(&text, "learning_rates = "));
    assert!(reason.contains("'lr_warmup'") || reason.contains("the name 'lr_warmup'"), "{reason}");
    assert!(skipped_at(&r, line_of(&text, "lr_warmup = ")).contains("comprehension"));
    assert!(skipped_at(&r, line_of(&text, "pretrain = ")).contains("not a setting"));
    assert!(warned(&r, &["newbob_multi_num_epochs = 3.0", "AssertionError"]), "{:#?}", r.warnings);
    assert!(warned(&r, &["newbob_multi_num_epochs is only read by newbob_multi_epoch"]), "{:#?}", r.warnings);
    assert!(warned(&r, &["both learning_rate_decay and newbob_learning_rate_decay"]), "{:#?}", r.warnings);
}

#[test]
fn later_non_literal_assignment_drops_the_value() {
    let r = import("learning_rate = 0.001\nlearning_rate = learning_rate * 0.5\nnum_epochs = 10\nnum_epochs += 1\nmin_learning_rate = 1e-5\ndel min_learning_rate\n").expect("ok");
    assert_eq!(r.values, vec![("learning_rate".to_string(), PyValue::Float(0.0005)), ("num_epochs".to_string(), PyValue::Int(11))]);
    let r = import("learning_rate = 0.001\nlearning_rate = f(learning_rate)\nnum_epochs = 10\nnum_epochs += g()\nmin_learning_rate = 1e-5\ndel min_learning_rate\n").expect("ok");
    assert!(r.values.is_empty(), "{:?}", r.values);
    assert!(warned(&r, &["line 2", "learning_rate"]));
    assert!(warned(&r, &["line 4", "num_epochs"]));
    let r = import("newbob_learning_rate_decay = 0.5\ndef newbob_learning_rate_decay(lr):\n    return lr * 0.7\n").expect("ok");
    assert_eq!(r.get("newbob_learning_rate_decay"), None);
    let r = import("lr = 1e-3\nlearning_rate = lr\nmin_learning_rate = -lr\n").expect("ok");
    assert_eq!(r.get("learning_rate"), Some(&PyValue::Float(0.001)));
    assert_eq!(r.get("min_learning_rate"), Some(&PyValue::Float(-0.001)));
    let r = import("learning_rate = -1e-3\nlearning_rates = {1: 0.1, 2: 0.2}\nx = y = 0.5\nmomentum = 0.9\nadam = False\ngradient_clip_norm = 0.0\n").expect("ok");
    assert!(warned(&r, &["line 4: momentum = 0.9", "TF backend only"]), "{:#?}", r.warnings);
    assert_eq!(r.warnings.len(), 1, "options that are off need no warning: {:#?}", r.warnings);
    assert_eq!(r.get("learning_rate"), Some(&PyValue::Float(-0.001)));
    assert_eq!(
        r.get("learning_rates"),
        Some(&PyValue::Dict(vec![(PyValue::Int(1), PyValue::Float(0.1)), (PyValue::Int(2), PyValue::Float(0.2))]))
    );
    assert_eq!(r.to_json()["values"]["learning_rates"]["2"], Value::from(0.2));
}

#[test]
fn python_only_with_shebang_or_py_name() {
    let text = "learning_rate = 0.1\n";
    // RETURNN reads it in the line-based form: the key's value is the string "= 0.1".
    let r = import_file("returnn.config", text).expect("ok");
    assert!(warned(&r, &["only if it starts with '#!'", "looks like Python"]), "{:#?}", r.warnings);
    assert!(warned(&r, &["line-based"]), "{:#?}", r.warnings);
    assert_eq!(r.get("learning_rate"), Some(&s("= 0.1")));
    assert!(warned(&r, &["line 1: learning_rate", "ValueError"]), "{:#?}", r.warnings);
    for (name, text) in [("returnn.py", text), ("returnn.config", "#!rnn.py\nlearning_rate = 0.1\n"), ("c.json", "{\"learning_rate\": 0.1}")] {
        let r = import_file(name, text).expect("ok");
        assert!(r.warnings.is_empty(), "{name}: {:#?}", r.warnings);
        assert_eq!(r.get("learning_rate"), Some(&PyValue::Float(0.1)));
    }
}

#[test]
fn unreadable_configs_are_located_errors() {
    for (src, line, col) in [
        ("learning_rate = 0.001\nnum_epochs = (10\n", 2, 14),
        ("learning_rate = = 1\n", 1, 17),
        ("a = 1\n  b = 2\n", 2, 2), // CPython: at the indentation's last character
        ("x = 'unterminated\n", 1, 5),
        ("{\"learning_rate\": 0.1,\n \"x\": }\n", 2, 7),
        ("\u{0}\u{1}binary", 1, 1),
    ] {
        match import(src) {
            Err(Error::Parse { line: l, column: c, exc, .. }) => {
                assert_eq!((l, c), (line, col), "{src:?}");
                assert!(matches!(exc, PyExc::SyntaxError | PyExc::ValueError));
            }
            other => panic!("{src:?}: {other:?}"),
        }
    }
    let deep = format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
    assert!(matches!(import(&deep), Err(Error::Parse { .. })));
    let deep_json = format!("{{\"x\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(matches!(import(&deep_json), Err(Error::Parse { .. })));
}

#[test]
fn config_import_command() {
    let exe = env!("CARGO_BIN_EXE_schedule-explorer");
    let out = std::process::Command::new(exe).args(["config", "import"]).arg(config_path("torch_conformer.py")).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["values"]["learning_rate"], Value::from(1));
    assert_eq!(v["values"]["optimizer"]["betas"], serde_json::json!([0.9, 0.98]));
    assert!(v["skipped"].as_array().is_some_and(|a| a.iter().all(|s| s["line"].is_u64() && s["text"].is_string() && s["reason"].is_string())));
    assert!(v["warnings"].as_array().is_some_and(|a| !a.is_empty()));

    let dir = std::env::temp_dir().join(format!("se-config-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let bad = dir.join("bad.py");
    std::fs::write(&bad, "learning_rate = 0.1\nnum_epochs = [1,\n").expect("write");
    let out = std::process::Command::new(exe).args(["config", "import"]).arg(&bad).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":2:14:") && err.contains("never closed"), "{err}");
    let out = std::process::Command::new(exe).args(["config", "import"]).arg(dir.join("missing")).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = std::process::Command::new(exe).args(["config", "import", "--help"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("newbob_multi_num_epochs"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `float('<literal>')` is the only way to write NaN or inf in a Python config; the importer reads
/// that pure call (nothing is executed) and still skips every other call.
#[test]
fn float_calls_on_constants_are_read_other_calls_skipped() {
    let text = "min_learning_rate = float('nan')\nnewbob_error_threshold = float('-inf')\nlearning_rate = float(1)\nlearning_rates = [0.1, float('inf')]\ngradient_clip = float('abc')\nnewbob_learning_rate_decay = max(0.5, 0.1)\n";
    let report = schedule_explorer::returnn::config::import::import(text).unwrap();
    assert!(matches!(report.get("min_learning_rate"), Some(PyValue::Float(f)) if f.is_nan()));
    assert_eq!(report.get("newbob_error_threshold"), Some(&PyValue::Float(f64::NEG_INFINITY)));
    assert_eq!(report.get("learning_rate"), Some(&PyValue::Float(1.0)));
    assert_eq!(report.get("learning_rates"), Some(&PyValue::List(vec![PyValue::Float(0.1), PyValue::Float(f64::INFINITY)])));
    let skipped: Vec<usize> = report.skipped.iter().map(|s| s.line).collect();
    assert_eq!(skipped, vec![5, 6], "{:?}", report.skipped);
    assert!(report.skipped[0].reason.contains("ValueError: could not convert string to float: 'abc'"), "{}", report.skipped[0].reason);
    assert!(report.warnings.iter().any(|w| w.contains("line 5") && w.contains("fail to load")), "{:#?}", report.warnings);
}

/// The CLI reads each file in the syntax RETURNN reads it in, and refuses what RETURNN refuses.
#[test]
fn config_import_command_syntaxes() {
    let exe = env!("CARGO_BIN_EXE_schedule-explorer");
    let dir = std::env::temp_dir().join(format!("se-config-syntax-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let run = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        let out = std::process::Command::new(exe).args(["config", "import"]).arg(&path).output().expect("runs");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).to_string(), String::from_utf8_lossy(&out.stderr).to_string())
    };
    // RETURNN's demos/demo-pretrain.config style: the line-based form, values are strings.
    let (code, out, err) = run("demo-pretrain.config", "task train\ntrain GeneratingDataset\nlearning_rate 0.01\nnum_epochs 5\nlearning_rates 0.1,0.05\n");
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["syntax"], "line-based");
    assert_eq!(v["values"]["learning_rate"], "0.01");
    assert_eq!(v["values"]["learning_rates"], "0.1,0.05");
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("config.float gives 0.01") && warnings.contains("config.int gives 5"), "{warnings}");
    assert!(warnings.contains("config.float_list gives [0.1, 0.05]"), "{warnings}");
    // A Python-2 file RETURNN cannot compile: exit 2, located.
    let (code, out, err) = run("py2.config", "#!rnn.py\nlearning_rate = 0.01\nprint \"training\"\n");
    assert_eq!(code, Some(2), "{out}");
    assert!(err.contains("py2.config:3:1:") && err.contains("SyntaxError") && err.contains("print"), "{err}");
    // A line-based line without a value: RETURNN's AssertionError.
    let (code, _, err) = run("bad.config", "learning_rate 0.1\nnum_epochs\n");
    assert_eq!(code, Some(2));
    assert!(err.contains("bad.config:2:1:") && err.contains("AssertionError"), "{err}");
    // Expressions are evaluated and reported with their source.
    let (code, out, err) = run("eval.py", "import numpy as np\nlearning_rate = 0.001\nlearning_rates = [0.0003] * 2 + list(np.linspace(0.0003, learning_rate, num=3))\nnum_epochs = 150 + 300 + 6\n");
    assert_eq!(code, Some(0), "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["values"]["num_epochs"], Value::from(456));
    assert_eq!(v["values"]["learning_rates"], serde_json::json!([0.0003, 0.0003, 0.0003, 0.00065, 0.001]));
    assert_eq!(v["evaluated"][0]["key"], "learning_rates");
    assert_eq!(v["evaluated"][0]["line"], 3);
    assert_eq!(v["evaluated"][1]["expression"], "150 + 300 + 6");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn names_changed_behind_the_evaluators_back_are_unknown() {
    let r = import("lr = 0.1\nfrom mod import *\nlearning_rate = lr\nmin_learning_rate = 0.5 / 10\n").expect("ok");
    assert_eq!(r.get("learning_rate"), None, "a star import may rebind lr");
    assert!(skipped_at(&r, 3).contains("import *"), "{:#?}", r.skipped);
    assert_eq!(r.get("min_learning_rate"), Some(&PyValue::Float(0.05)), "names bound after it are known again");
    let r = import("base = [0.1, 0.2]\nlearning_rates = base\nbase.append(0.3)\n").expect("ok");
    assert_eq!(r.get("learning_rates"), None, "learning_rates is the same list as base");
    assert!(warned(&r, &["line 3", "learning_rates"]), "{:#?}", r.warnings);
    let r = import("base = [0.1, 0.2]\ndef grow():\n    base.append(0.3)\ngrow()\nlearning_rates = base\nlr = 0.1\nx = f(1)\nlearning_rate = lr\n").expect("ok");
    assert_eq!(r.get("learning_rates"), None, "a call of the file's own function may change base");
    assert_eq!(r.get("learning_rate"), Some(&PyValue::Float(0.1)), "a float cannot change in place");
    let r = import("lr = 0.1\nfor i in range(3):\n    lr *= 0.5\nlearning_rate = lr\n").expect("ok");
    assert_eq!(r.get("learning_rate"), None);
    let r = import("lr = 0.1\ndef f():\n    lr = 5\nlearning_rate = lr\n").expect("ok");
    assert_eq!(r.get("learning_rate"), Some(&PyValue::Float(0.1)), "a def's own assignments are local");
    let r = import("lr = 0.1\ndef f():\n    global lr\n    lr = 5\nf()\nlearning_rate = lr\n").expect("ok");
    assert_eq!(r.get("learning_rate"), None, "a def that declares lr global may change it");
    let r = import("float = int\nlearning_rate = float(2)\n").expect("ok");
    assert_eq!(r.get("learning_rate"), None, "a rebound builtin is not Python's float");
    let r = import("learning_rate = 0.1\nconfig.set('learning_rate', 0.5)\nx = 5\nnum_epochs = '%i' % x\n").expect("ok");
    assert_eq!(r.get("learning_rate"), None, "config.set changes it");
    assert!(skipped_at(&r, 4).contains("string formatting"), "{:#?}", r.skipped);
    // Generated configs that set their keys from a dict: known when the dict is.
    let r = import("#!rnn.py\nconfig = {'learning_rate': 0.001, 'num_epochs': 10 * 2, 'batch_size': 5000}\nlocals().update(**config)\nmin_learning_rate = learning_rate / 10\n").expect("ok");
    assert_eq!(r.get("learning_rate"), Some(&PyValue::Float(0.001)));
    assert_eq!(r.get("num_epochs"), Some(&PyValue::Int(20)));
    assert_eq!(r.get("min_learning_rate"), Some(&PyValue::Float(0.0001)));
    assert!(r.evaluated.iter().any(|e| e.key == "learning_rate" && e.line == 3), "{:#?}", r.evaluated);
    let r = import("lr = 0.1\nglobals().update(make())\nlearning_rate = lr\n").expect("ok");
    assert_eq!(r.get("learning_rate"), None, "an update from an unknown dict may rebind lr");
    let r = import("learning_rate = 1 / 0\n").expect("ok");
    assert!(skipped_at(&r, 1).contains("ZeroDivisionError"), "{:#?}", r.skipped);
    assert!(warned(&r, &["line 1", "ZeroDivisionError", "fail to load"]), "{:#?}", r.warnings);
    let r = import("decouple_constraints = False\ngrad_scaler = None\n").expect("ok");
    assert_eq!(r.get("decouple_constraints"), Some(&PyValue::Bool(false)));
    assert!(warned(&r, &["decouple_constraints", "does not simulate"]), "{:#?}", r.warnings);
    assert!(warned(&r, &["grad_scaler", "does not simulate"]), "{:#?}", r.warnings);
    assert!(!r.skipped.iter().any(|s| s.reason.contains("not a setting")), "{:#?}", r.skipped);
}

/// A file RETURNN rejects can still be read "anyway": the unreadable lines are left out, with the
/// warning first; a file it reads is read exactly as `import` reads it.
#[test]
fn import_anyway_leaves_out_what_python_cannot_read() {
    use schedule_explorer::returnn::config::import::import_anyway;
    for text in [
        "learning_rate = 0.1\nnum_epochs = (3\n",
        "learning_rate = 0.1\ndef f():\n    print 'x'\n    return 1\nnum_epochs = 3\n",
        "print 'a'\nlearning_rate = 0.1\nprint 'b'\nexec 'x = 1'\n",
    ] {
        assert!(import(text).is_err(), "{text:?}");
        let r = import_anyway(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(r.get("learning_rate"), Some(&PyValue::Float(0.1)), "{text:?}: {:#?}", r);
        assert!(r.warnings[0].starts_with("RETURNN itself would reject this file"), "{:#?}", r.warnings);
        assert!(r.skipped.iter().any(|s| s.reason.starts_with("left out: ")), "{:#?}", r.skipped);
    }
    let ok = "learning_rate = 0.1\n";
    assert_eq!(import_anyway(ok).expect("ok"), import(ok).expect("ok"));
}
