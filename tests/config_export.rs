#![cfg(not(target_arch = "wasm32"))]
//! `returnn::config::export`: snapshot tests of the snippet layout, the `config export` CLI
//! contract, and the round trip Settings → config map → Settings.
#[path = "support/settings_gen.rs"]
mod settings_gen;

use proptest::prelude::*;
use schedule_explorer::engine::settings::{ErrorMeasure, Factor, LearningRates, Mode, Number, OptimizerSettings, Scheme, Settings};
use schedule_explorer::engine::surface::Surface;
use schedule_explorer::returnn::config::export::{export, export_form, export_values, values_from_json};
use schedule_explorer::py::value::PyValue;
use std::process::Command;

fn newbob_settings() -> Settings {
    let mut s = Settings::default();
    let c = &mut s.lr_control;
    c.scheme = Scheme::NewbobMultiEpoch;
    c.learning_rate = Number::Float(0.001);
    c.learning_rates = Some(LearningRates::List(vec![Number::Float(0.0001), Number::Int(1)]));
    c.min_learning_rate = Some(Number::Float(1e-05));
    c.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(0.7)));
    c.newbob_relative_error_threshold = Some(Number::Float(-0.02));
    c.newbob_multi_num_epochs = Some(3);
    c.newbob_multi_update_interval = Some(1);
    c.error_measure = Some(ErrorMeasure::Keys(vec!["dev_score_output".into(), "dev_error".into()]));
    c.relative_error_relative_lr = Some(false); // the default: not written
    s.optimizer = OptimizerSettings {
        class: "adam".into(),
        kwargs: vec![
            ("betas".into(), PyValue::Tuple(vec![PyValue::Float(0.9), PyValue::Float(0.98)])),
            ("epsilon".into(), PyValue::Float(1e-08)),
        ],
    };
    s.gradient.clip_global_norm = Some(Number::Int(5));
    s.gradient.accum_grad_multiple_step = Some(2);
    s.run.num_epochs = 80;
    s.assigned.optimizer = true;
    s.assigned.num_epochs = true;
    s.run.surface = Surface::Quadratic { a: 1.0, b: 10.0 };
    s.other.insert("optimizer_epsilon".into(), serde_json::json!(1e-16));
    s
}

#[test]
fn snapshot_default_settings() {
    let want = "\
#!rnn.py
# RETURNN config snippet written by Schedule Explorer
# contains: LR control only
learning_rate_control = 'constant'
learning_rate = 1.0
# not in the RETURNN config: simulated surface {\"name\":\"noisy_quadratic\",\"dim\":100}; simulated optimizer {'class': 'sgd'}; 30 simulated epochs; steps_per_epoch=100, batch_size=32, batch_noise=1.0, dev_noise=0.0, generalization_gap=0.0, seed=0
";
    assert_eq!(export(&Settings::default()), want);
}

#[test]
fn snapshot_newbob_multi_epoch() {
    let want = "\
#!rnn.py
# RETURNN config snippet written by Schedule Explorer
# contains: LR control + optimizer + gradient options + num_epochs
# note: learning_rates: int entries are written as floats (RETURNN raises TypeError for an int LR)
# note: gradient_clip_global_norm: the int 5 is written as the float 5.0 (RETURNN needs a float here)
learning_rate_control = 'newbob_multi_epoch'
learning_rate = 0.001
learning_rates = [0.0001, 1.0]
min_learning_rate = 1e-05
newbob_learning_rate_decay = 0.7
newbob_relative_error_threshold = -0.02
newbob_multi_num_epochs = 3
newbob_multi_update_interval = 1
learning_rate_control_error_measure = ['dev_score_output', 'dev_error']
optimizer = {'class': 'adam', 'betas': (0.9, 0.98), 'epsilon': 1e-08}
gradient_clip_global_norm = 5.0
accum_grad_multiple_step = 2
num_epochs = 80
optimizer_epsilon = 1e-16
# not in the RETURNN config: simulated surface {\"name\":\"quadratic\",\"a\":1.0,\"b\":10.0}; steps_per_epoch=100, batch_size=32, batch_noise=1.0, dev_noise=0.0, generalization_gap=0.0, seed=0
";
    assert_eq!(export(&newbob_settings()), want);
}

#[test]
fn snapshot_scores_only_and_non_finite() {
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::NewbobAbs;
    s.lr_control.learning_rate = Number::Float(0.5);
    s.lr_control.newbob_error_threshold = Some(Number::Float(f64::NEG_INFINITY));
    s.lr_control.learning_rate_decay = Some(Factor::None);
    s.lr_control.learning_rates = Some(LearningRates::Dict(vec![(2, Number::Float(0.002)), (5, Number::Float(f64::NAN))]));
    s.lr_control.learning_rate_file = Some("it's/newbob.data".into());
    s.mode = Mode::ScoresOnly { dev_scores: vec![1.0, 0.9, f64::NAN], train_scores: None };
    let want = "\
#!rnn.py
# RETURNN config snippet written by Schedule Explorer
# contains: LR control only
learning_rate_control = 'newbob_abs'
learning_rate = 0.5
learning_rates = {2: 0.002, 5: float('nan')}
learning_rate_decay = None
newbob_error_threshold = float('-inf')
learning_rate_file = \"it's/newbob.data\"
# not in the RETURNN config: scores-only mode (3 given dev scores)
";
    assert_eq!(export(&s), want);
}

#[test]
fn export_values_orders_keys_and_fixes_types() {
    let doc = serde_json::json!({"values": {
        "zzz_unknown": [1, 2],
        "num_epochs": 20.0,
        "optimizer": {"class": "AdamW", "betas": [0.9, 0.999], "weight_decay": 0.01},
        "learning_rate": 1,
        "learning_rates": {"3": 0.1, "1": 0.01},
        "min_learning_rate": "NaN",
        "learning_rate_control": "newbob",
    }});
    let values = values_from_json(&doc).unwrap();
    let want = "\
#!rnn.py
# RETURNN config snippet written by Schedule Explorer
# contains: LR control + optimizer + num_epochs + other keys
# note: learning_rate: the int 1 is written as the float 1.0 (RETURNN needs a float here)
# note: num_epochs: the float 20.0 is written as the int 20 (RETURNN's int reader rejects floats)
learning_rate_control = 'newbob'
learning_rate = 1.0
learning_rates = {3: 0.1, 1: 0.01}
min_learning_rate = float('nan')
optimizer = {'class': 'AdamW', 'betas': (0.9, 0.999), 'weight_decay': 0.01}
num_epochs = 20
zzz_unknown = [1, 2]
";
    assert_eq!(export_values(&values), want);
    assert!(values_from_json(&serde_json::json!({"x": 1})).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Settings → RETURNN config map → Settings gives the exported form back.
    #[test]
    fn settings_config_map_round_trip(s in settings_gen::settings()) {
        let form = export_form(&s);
        let back = Settings::from_config(&form.assigned_config()).unwrap();
        prop_assert_eq!(&back, &form);
        // The JSON form round-trips too (the URL/storage form).
        let json = serde_json::to_string(&s).unwrap();
        let from_json: Settings = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(from_json, s);
    }
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_schedule-explorer")).args(args).output().expect("run the CLI")
}

#[test]
fn cli_config_export() {
    let dir = std::env::temp_dir().join(format!("se-config-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("values.json");
    std::fs::write(&path, r#"{"values": {"learning_rate": 0.001, "learning_rate_control": "newbob_rel", "optimizer": {"class": "adam", "betas": [0.9, 0.99]}}}"#).unwrap();
    let out = cli(&["config", "export", path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("#!rnn.py\n"), "{text}");
    assert!(text.contains("\nlearning_rate_control = 'newbob_rel'\nlearning_rate = 0.001\noptimizer = {'class': 'adam', 'betas': (0.9, 0.99)}\n"), "{text}");

    std::fs::write(&path, "{not json").unwrap();
    let out = cli(&["config", "export", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = cli(&["config", "export", dir.join("missing.json").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let out = cli(&["config", "export", "--help"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("VALUES.json"));
    let _ = std::fs::remove_dir_all(&dir);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The snippet read back by `config import` (no execution) gives the settings back:
    /// import(export(s)) == s in its exported form (defaults unset, floats where RETURNN needs
    /// them). Non-finite floats are written as `float('nan')` / `float('inf')`, which the importer
    /// reads as the pure call it is, so every key comes back and none is skipped.
    #[test]
    fn import_of_export_gives_the_settings_back(s in settings_gen::settings()) {
        let snippet = export(&s);
        let report = schedule_explorer::returnn::config::import::import(&snippet).unwrap();
        let want = export_form(&s);
        let want_values = want.assigned_config();
        prop_assert!(report.skipped.is_empty(), "skipped {:?} in\n{}", report.skipped, snippet);
        for (k, v) in &want_values {
            prop_assert_eq!(report.get(k), Some(v), "{} in\n{}", k, snippet);
        }
        prop_assert_eq!(report.values.len(), want_values.len(), "{}", snippet);
        prop_assert_eq!(Settings::from_config(&report.values).unwrap(), want, "{}", snippet);
    }
}

#[test]
fn import_of_export_values_gives_the_values_back() {
    let doc = serde_json::json!({"values": {
        "learning_rate_control": "newbob_multi_epoch",
        "learning_rate": 0.0008,
        "learning_rates": {"1": 0.0001, "4": 0.0002},
        "newbob_learning_rate_decay": null,
        "optimizer": {"class": "returnn.torch.optim.lion.Lion", "betas": [0.9, 0.99], "weight_decay": 0.1},
        "gradient_clip_global_norm": 5.0,
        "learning_rate_control_error_measure": ["dev_score_output/output", "dev_error"],
        "use_learning_rate_control_always": true,
        "num_epochs": 500,
    }});
    let values = values_from_json(&doc).unwrap();
    let report = schedule_explorer::returnn::config::import::import(&export_values(&values)).unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.values.len(), values.len());
    for (k, v) in &values {
        assert_eq!(report.get(k), Some(v), "{k}");
    }
}
