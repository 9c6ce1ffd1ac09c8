//! `config import` of `dynamic_learning_rate` (returnn::config::dynamic_lr): a function recognised
//! by its text goes into `values` as the schedule's name, and is checked by its values (the real
//! config's own pasted function, run by Python inside RETURNN's Config, against the engine under
//! the imported settings); anything else is skipped with "the LR per step is computed by code the
//! explorer does not run".
#[path = "support/fixtures.rs"]
mod fixtures;

use schedule_explorer::engine::settings::Settings;
use schedule_explorer::engine::step_lr::{Query, Schedule};
use schedule_explorer::py::value::PyValue;
use schedule_explorer::returnn::config::dynamic_lr::{fingerprint, function_source, NOT_RUN};
use schedule_explorer::returnn::config::export::export_values;
use schedule_explorer::returnn::config::import::{import, ImportReport};
use schedule_explorer::returnn::python_literal::{parse_module, StmtKind};

const REAL: &str = "rwth-i6_i6_experiments_users__gaudino__experiments__rf_robin_rnnt_2024__luca_example_transducer__ReturnnTrainingJob__output__train_config.config";

fn real() -> (String, ImportReport) {
    let text = fixtures::read(&fixtures::fixtures("configs").join(REAL));
    let report = import(&text).expect("imports");
    (text, report)
}

fn line_of(text: &str, prefix: &str) -> usize {
    text.lines().position(|l| l.starts_with(prefix)).map(|i| i + 1).unwrap_or_else(|| panic!("no line {prefix:?}"))
}

/// The source of the top-level `def name`.
fn def_text(text: &str, name: &str) -> String {
    parse_module(text)
        .expect("parses")
        .into_iter()
        .find(|s| matches!(&s.kind, StmtKind::Block { defines: Some(n), .. } if n == name))
        .map(|s| s.span.text(text).to_string())
        .unwrap_or_else(|| panic!("no def {name}"))
}

#[test]
fn real_sisyphus_config_pastes_the_factor_version() {
    let (text, r) = real();
    assert_eq!(r.get("dynamic_learning_rate"), Some(&PyValue::Str("dyn_lr_piecewise_linear@factor".into())));
    assert_eq!(r.get("learning_rate_piecewise_steps"), Some(&PyValue::List(vec![PyValue::Int(295000), PyValue::Int(590000), PyValue::Int(652000)])));
    // The definition and the binding are understood now: not listed as skipped.
    for line in [line_of(&text, "def dyn_lr_piecewise_linear("), line_of(&text, "dynamic_learning_rate = ")] {
        assert!(r.skipped.iter().all(|s| s.line != line), "line {line} still skipped: {:#?}", r.skipped.iter().filter(|s| s.line == line).collect::<Vec<_>>());
    }
    assert!(!r.warnings.iter().any(|w| w.contains(NOT_RUN)), "{:#?}", r.warnings);
    let settings = Settings::from_config(&r.values).expect("settings");
    assert_eq!(settings.step_schedule.as_ref().map(|s| s.schedule), Some(Schedule::PiecewiseLinearFactor));
    assert_eq!(settings.validate(), Ok(()));
}

#[test]
fn formatting_does_not_matter_but_arithmetic_does() {
    let (text, _) = real();
    let def = def_text(&text, "dyn_lr_piecewise_linear");
    let fp = fingerprint(&def).expect("a def");
    // Re-indented with two spaces, annotations, docstring and comments dropped or changed, renamed:
    // the same version.
    let variants = [
        def.replace("    ", "  "),
        def.replace(": int", "").replace(": float", "").replace(" -> float", ""),
        def.replace("Piecewise linear", "OCLR, pasted by hand").replace("    config = get_global_config()", "    config = get_global_config()  # the global one"),
        def.replace("def dyn_lr_piecewise_linear(", "def dynamic_learning_rate("),
        def.replace("**_kwargs\n", "**_kwargs,\n"),
    ];
    for v in &variants {
        assert_eq!(fingerprint(v), Some(fp), "{v}");
    }
    // Without the `+ 1` it is the first version (@factor_step); other changes are unknown.
    let step = def.replace("(global_train_step + 1 - last_step)", "(global_train_step - last_step)");
    let file = text.replace(&def, &step);
    assert_eq!(import(&file).expect("imports").get("dynamic_learning_rate"), Some(&PyValue::Str("dyn_lr_piecewise_linear@factor_step".into())));
    // Values RETURNN would reject are warned about at import.
    let bad = text.replace("learning_rate_piecewise_values = [1e-05, 0.001, 1e-05, 1e-06]", "learning_rate_piecewise_values = [1e-05, 0.001, 1e-05]");
    let r = import(&bad).expect("imports");
    assert!(r.warnings.iter().any(|w| w.contains("learning_rate_piecewise_values: AssertionError")), "{:#?}", r.warnings);
    let changed = text.replace(&def, &def.replace("lrs[i] * (1 - factor)", "lrs[i] * (1.0 - factor)"));
    let r = import(&changed).expect("imports");
    assert_eq!(r.get("dynamic_learning_rate"), None);
    let at = line_of(&changed, "dynamic_learning_rate = ");
    assert!(r.skipped.iter().any(|s| s.line == at && s.reason.contains(NOT_RUN)), "{:#?}", r.skipped);
    assert!(r.warnings.iter().any(|w| w.contains(NOT_RUN)));
}

/// The real config's own function, run by Python inside RETURNN's `Config` holding the imported
/// values, against the engine under the imported settings.
#[test]
fn the_recognised_schedule_gives_the_values_of_the_pasted_function() {
    let ok = std::process::Command::new("python3").args(["-c", "import returnn"]).output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "RETURNN is required under CI");
        eprintln!("SKIPPED: RETURNN is not importable");
        return;
    }
    let (text, r) = real();
    let def = def_text(&text, "dyn_lr_piecewise_linear");
    let mut steps: Vec<i64> = (0..700_000).step_by(1_013).collect();
    for b in [295_000, 590_000, 652_000] {
        steps.extend(b - 2..b + 2);
    }
    let values: serde_json::Map<String, serde_json::Value> =
        r.values.iter().filter(|(k, _)| k.starts_with("learning_rate_piecewise")).map(|(k, v)| (k.clone(), schedule_explorer::py::json::py_to_json(v))).collect();
    let script = format!(
        "import json, sys\nfrom returnn.config import Config, global_config_ctx\nns = {{}}\nexec({def:?}, ns)\nf = ns['dyn_lr_piecewise_linear']\nwith global_config_ctx(Config(json.loads({values:?}))):\n    print(json.dumps([float(f(global_train_step=g, epoch=1, epoch_continuous=0.0, learning_rate=1.0, __fwd_compat_random_arg_000=None)) for g in {steps:?}]))\n",
        values = serde_json::Value::Object(values).to_string(),
    );
    let out = std::process::Command::new("python3").args(["-c", &script]).output().expect("python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let python: Vec<f64> = serde_json::from_slice(&out.stdout).expect("json");
    let mut f = Settings::from_config(&r.values).expect("settings").step_schedule.expect("schedule").step_lr();
    for (g, want) in steps.iter().zip(&python) {
        let got = f.lr(&Query::epoch_start(1, *g, 1.0)).expect("lr");
        assert_eq!(got.to_bits(), want.to_bits(), "step {g}: engine {got:e}, the pasted function {want:e}");
    }
}

#[test]
fn imports_by_module_path() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        (
            "from i6_experiments.users.zeyer.lr_schedules.piecewise_linear import dyn_lr_piecewise_linear\ndynamic_learning_rate = dyn_lr_piecewise_linear\n",
            "dyn_lr_piecewise_linear@interp",
            Some("@factor"),
        ),
        (
            "import i6_experiments.users.zeyer.lr_schedules.lin_warmup_invsqrt_decay as lr\ndynamic_learning_rate = lr.dyn_lr_lin_warmup_invsqrt_decay\n",
            "dyn_lr_lin_warmup_invsqrt_decay",
            None,
        ),
        (
            "from i6_experiments.users.zeyer.lr_schedules.lin_warmup_invsqrt_decay import dyn_lr_lin_warmup_invsqrt_decay as dynamic_learning_rate\n",
            "dyn_lr_lin_warmup_invsqrt_decay",
            None,
        ),
    ];
    for (text, name, warning) in cases {
        let r = import(text).expect("imports");
        assert_eq!(r.get("dynamic_learning_rate"), Some(&PyValue::Str((*name).into())), "{text}");
        assert!(r.skipped.iter().all(|s| !s.reason.contains(NOT_RUN)), "{text}: {:#?}", r.skipped);
        if let Some(w) = warning {
            assert!(r.warnings.iter().any(|x| x.contains(w) && x.contains("checkout")), "{text}: {:#?}", r.warnings);
        }
    }
}

#[test]
fn cosine_partial_keywords_become_dynamic_learning_rate_kwargs() {
    let text = "import functools\nfrom i6_experiments.users.zeyer.lr_schedules.lin_warmup_cos_anneal import linear_warmup_cosine_annealing\nn_ep = 100\ndynamic_learning_rate = functools.partial(linear_warmup_cosine_annealing, num_epochs=n_ep, num_warmup_epochs=5, max_lr=1e-3, min_lr=1e-06)\n";
    let r = import(text).expect("imports");
    assert_eq!(r.get("dynamic_learning_rate"), Some(&PyValue::Str("linear_warmup_cosine_annealing".into())));
    let kwargs = PyValue::Dict(vec![
        (PyValue::Str("num_epochs".into()), PyValue::Int(100)),
        (PyValue::Str("num_warmup_epochs".into()), PyValue::Int(5)),
        (PyValue::Str("max_lr".into()), PyValue::Float(1e-3)),
        (PyValue::Str("min_lr".into()), PyValue::Float(1e-6)),
    ]);
    assert_eq!(r.get("dynamic_learning_rate_kwargs"), Some(&kwargs));
    // A partial whose keywords are not literals is not known.
    let r = import(&text.replace("num_epochs=n_ep", "num_epochs=get_num_epochs()")).expect("imports");
    assert_eq!(r.get("dynamic_learning_rate"), None);
    assert!(r.skipped.iter().any(|s| s.reason.contains(NOT_RUN) && s.reason.contains("num_epochs")), "{:#?}", r.skipped);
}

/// Every exported snippet reads back as the same schedule and keys.
#[test]
fn exported_snippets_import_as_the_same_schedule() {
    let configs = [
        serde_json::json!({"dynamic_learning_rate": "dyn_lr_piecewise_linear@factor", "learning_rate_piecewise_steps": [600000, 900000, 982000], "learning_rate_piecewise_values": [1e-05, 0.001, 1e-05, 1e-06]}),
        serde_json::json!({"dynamic_learning_rate": "dyn_lr_piecewise_linear@factor_step", "learning_rate_piecewise_steps": [10, 20], "learning_rate_piecewise_values": [0, 1, 0.5]}),
        serde_json::json!({"dynamic_learning_rate": "dyn_lr_piecewise_linear@interp", "learning_rate_piecewise_steps": [2.5, 7.5], "learning_rate_piecewise_values": [0.0, 1.0, 0.25], "learning_rate_piecewise_by_epoch_continuous": true}),
        serde_json::json!({"dynamic_learning_rate": "dyn_lr_lin_warmup_invsqrt_decay", "learning_rate_warmup_steps": 20000, "learning_rate_invsqrt_norm": 20000}),
        serde_json::json!({"dynamic_learning_rate": "linear_warmup_cosine_annealing", "dynamic_learning_rate_kwargs": {"num_warmup_epochs": 5, "max_lr": 0.001, "min_lr": 1e-06, "num_epochs": 100}}),
    ];
    assert_eq!(configs.len(), Schedule::ALL.len());
    for c in configs {
        let values = schedule_explorer::returnn::config::export::values_from_json(&serde_json::json!({"values": c})).expect("values");
        let snippet = export_values(&values);
        let r = import(&snippet).unwrap_or_else(|e| panic!("{e}\n{snippet}"));
        for (k, v) in &values {
            assert_eq!(r.get(k), Some(v), "{k} after export and import:\n{snippet}\n{:#?}", r.skipped);
        }
        assert!(r.warnings.iter().all(|w| !w.contains(NOT_RUN)), "{:#?}", r.warnings);
    }
    for s in Schedule::ALL {
        assert!(fingerprint(&function_source(s)).is_some());
    }
}

#[test]
fn anything_else_is_code_the_explorer_does_not_run() {
    let cases: &[(&str, &str)] = &[
        // A function of the user's own.
        ("def dynamic_learning_rate(*, global_train_step, learning_rate, **kwargs):\n    return learning_rate * min(1.0, global_train_step / 1000)\n", "not one of the known schedules"),
        ("dynamic_learning_rate = lambda **kwargs: 0.1\n", "lambda"),
        ("from my_setup.lr import oclr\ndynamic_learning_rate = oclr\n", "my_setup.lr.oclr"),
        ("dynamic_learning_rate = undefined_name\n", "not defined"),
        ("if True:\n    dynamic_learning_rate = None\n", "block"),
        ("dynamic_learning_rate = 'dyn_lr_piecewise_linear@factor'\n", "NotImplementedError"),
    ];
    for (text, why) in cases {
        let r = import(text).expect("imports");
        assert_eq!(r.get("dynamic_learning_rate"), None, "{text}");
        assert!(r.skipped.iter().any(|s| s.reason.contains(NOT_RUN) && s.reason.contains(why)), "{text}: {:#?}", r.skipped);
        assert!(r.warnings.iter().any(|w| w.contains(NOT_RUN)), "{text}: {:#?}", r.warnings);
    }
    // None is no schedule, and a value like any other.
    let r = import("dynamic_learning_rate = None\n").expect("imports");
    assert_eq!(r.get("dynamic_learning_rate"), Some(&PyValue::None));
    assert!(r.skipped.is_empty() && r.warnings.is_empty(), "{r:#?}");
    let r = import("from i6_experiments.users.zeyer.lr_schedules.lin_warmup_invsqrt_decay import dyn_lr_lin_warmup_invsqrt_decay\ndynamic_learning_rate = dyn_lr_lin_warmup_invsqrt_decay\ndynamic_learning_rate = None\n").expect("imports");
    assert_eq!(r.get("dynamic_learning_rate"), Some(&PyValue::None));
    assert!(r.warnings.iter().all(|w| !w.contains(NOT_RUN)), "{:#?}", r.warnings);
    // The last binding counts; a deleted one is gone.
    let r = import("from i6_experiments.users.zeyer.lr_schedules.lin_warmup_invsqrt_decay import dyn_lr_lin_warmup_invsqrt_decay\ndynamic_learning_rate = lambda **kw: 1.0\ndynamic_learning_rate = dyn_lr_lin_warmup_invsqrt_decay\n").expect("imports");
    assert_eq!(r.get("dynamic_learning_rate"), Some(&PyValue::Str("dyn_lr_lin_warmup_invsqrt_decay".into())));
    let r = import("from i6_experiments.users.zeyer.lr_schedules.lin_warmup_invsqrt_decay import dyn_lr_lin_warmup_invsqrt_decay\ndynamic_learning_rate = dyn_lr_lin_warmup_invsqrt_decay\ndel dynamic_learning_rate\n").expect("imports");
    assert_eq!(r.get("dynamic_learning_rate"), None);
    // The project's own config with a custom warm-up function.
    let text = fixtures::read(&fixtures::fixtures("configs/torch_conformer.py"));
    let r = import(&text).expect("imports");
    let at = line_of(&text, "def dynamic_learning_rate");
    assert_eq!(r.skipped.iter().filter(|s| s.line == at).count(), 1, "{:#?}", r.skipped);
    assert!(r.skipped.iter().any(|s| s.line == at && s.reason.contains(NOT_RUN)));
}

#[test]
fn tf_backend_templates_are_skipped_with_their_constants() {
    // The TF one-cycle template's shape (written here; the constants are this test's own).
    let text = "\
learning_rate = 0.001
# one cycle, per step
def dynamic_learning_rate(*, network, global_train_step, learning_rate, **kwargs):
    # -- to adjust -- #
    initialLR = 4e-05
    peakLR = 0.0004
    finalLR = 1e-06
    totalEpoch = 300
    cycleEpoch = int(totalEpoch * 0.45)
    nStep = 1234  # steps per epoch

    steps = cycleEpoch * nStep
    import tensorflow as tf
    n = tf.cast(global_train_step, tf.float32)
    return tf.where(global_train_step <= steps, initialLR + n, peakLR)
";
    let r = import(text).expect("imports");
    assert_eq!(r.get("dynamic_learning_rate"), None);
    assert_eq!(r.get("learning_rate"), Some(&PyValue::Float(0.001)));
    let at = line_of(text, "def dynamic_learning_rate");
    let s = r.skipped.iter().find(|s| s.line == at).unwrap_or_else(|| panic!("{:#?}", r.skipped));
    for part in [
        "TF-backend template",
        "initialLR = 4e-05, peakLR = 0.0004, finalLR = 1e-06, totalEpoch = 300, cycleEpoch = int(totalEpoch * 0.45), nStep = 1234",
        "torch updater rejects",
        NOT_RUN,
    ] {
        assert!(s.reason.contains(part), "{part:?} in {}", s.reason);
    }
    // The derived values after the blank line are not constants.
    assert!(!s.reason.contains("steps ="), "{}", s.reason);
    // Without `network` it is just a function the explorer does not know.
    let plain = text.replace("network, ", "");
    let r = import(&plain).expect("imports");
    let s = r.skipped.iter().find(|s| s.line == at).expect("skipped");
    assert!(s.reason.contains("not one of the known schedules") && !s.reason.contains("TF-backend"), "{}", s.reason);
}
