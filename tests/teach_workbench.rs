#![cfg(not(target_arch = "wasm32"))]
//! The replay view, the reproduction sweep and the newbob params of the app's teach panels,
//! on the real learning_rate_files.
use schedule_explorer::engine::workbench::{axis_values, replay, run_cell, ReplaySweep};
use schedule_explorer::returnn::lr_file::parse;
use schedule_explorer::returnn::pyvalue::PyValue;
use schedule_explorer::returnn::typed_config::TypedConfig;
use std::path::PathBuf;

fn lrfile(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realdata/lrfiles").join(name);
    std::fs::read_to_string(p).expect("fixture")
}

const MMI: &str = "rwth-i6_returnn-experiments_2016-seqtrain-paper__sequence-training__training-scores__mmi.bs-setup.nopc.scores";

fn seqtrain(decay: f64) -> TypedConfig {
    TypedConfig::new()
        .with("learning_rate_control", PyValue::Str("newbob".into()))
        .with("learning_rate", PyValue::Float(1e-4))
        .with("newbob_learning_rate_decay", PyValue::Float(decay))
        .with("min_learning_rate", PyValue::Float(1e-6))
}

#[test]
fn seqtrain_replays_exactly_and_a_changed_decay_diverges() {
    let file = parse(&lrfile(MMI)).expect("parse");
    let v = replay(&seqtrain(0.8), &file);
    assert!(v.matches, "{:?} {:?}", v.first_divergence, v.error);
    assert_eq!(v.first_divergence, None);
    assert_eq!(v.epochs.len(), file.len());
    assert_eq!(v.error_key.as_deref(), Some("dev_score"));
    assert!(v.key_reason.contains("no learning_rate_control_error_measure is set"), "{}", v.key_reason);
    assert_eq!(v.sentences.len(), file.len());
    assert!(v.sentence(3).is_some_and(|s| s.starts_with("epoch 3:")));
    let w = replay(&seqtrain(0.5), &file);
    assert!(!w.matches);
    let d = w.first_divergence.expect("diverges");
    // The recorded run first decays at epoch 3 (1e-4 -> 8e-05): there 0.5 gives 5e-05.
    assert_eq!(d, 3);
    let i = w.epochs.iter().position(|e| *e == d).unwrap();
    assert_eq!(w.recorded[i], 8e-05);
    assert_eq!(w.replayed[i], Some(5e-05));
}

#[test]
fn configured_error_key_is_reported_as_configured() {
    let file = parse(&lrfile(MMI)).expect("parse");
    let cfg = seqtrain(0.8).with("learning_rate_control_error_measure", PyValue::Str("dev_error".into()));
    let v = replay(&cfg, &file);
    assert_eq!(v.error_key.as_deref(), Some("dev_error"));
    assert!(v.key_reason.contains("names dev_error"), "{}", v.key_reason);
    assert_eq!(v.key_scores.len(), file.len());
}

#[test]
fn sweep_finds_the_recorded_settings() {
    let file = parse(&lrfile(MMI)).expect("parse");
    let spec = ReplaySweep {
        x_key: "learning_rate".into(),
        x_values: axis_values("learning_rate", 1e-4, 5),
        y_key: "newbob_learning_rate_decay".into(),
        y_values: axis_values("newbob_learning_rate_decay", 0.8, 5),
    };
    assert!(spec.x_values.contains(&1e-4));
    assert!(spec.y_values.contains(&0.8));
    let base = seqtrain(0.8);
    let mut best = Vec::new();
    for i in 0..spec.cells() {
        let (xi, yi) = spec.cell(i).unwrap();
        if run_cell(&base, &spec, xi, yi, &file) == Some(1.0) {
            best.push((spec.x_values[xi], spec.y_values[yi]));
        }
    }
    assert_eq!(best, vec![(1e-4, 0.8)]);
    assert_eq!(spec.cell(spec.cells()), None);
}

#[test]
fn newbob_params_follow_the_settings() {
    use schedule_explorer::engine::equivalents::{compare, NewbobScheme};
    use schedule_explorer::engine::settings::Settings;
    use schedule_explorer::engine::workbench::newbob_params;
    let pairs: Vec<(String, PyValue)> = seqtrain(0.8).items().to_vec();
    let s = Settings::from_config(&pairs).expect("settings");
    let p = newbob_params(&s.lr_control).expect("newbob");
    assert_eq!(p.scheme, NewbobScheme::NewbobRel);
    assert_eq!((p.learning_rate, p.decay, p.min_learning_rate, p.relative_error_threshold), (1e-4, 0.8, 1e-6, -0.01));
    // The equivalents' newbob curve on the recorded scores is the recorded LR curve.
    let file = parse(&lrfile(MMI)).expect("parse");
    let scores: Vec<f64> = file.values().map(|d| d.error.iter().find(|(k, _)| k == "dev_score").unwrap().1.as_py_float().unwrap()).collect();
    let c = compare(&p, &scores);
    let recorded: Vec<f64> = file.values().map(|d| d.lr()).collect();
    assert_eq!(&c.newbob.lrs[..recorded.len()], &recorded[..]);
    assert_eq!(c.equivalents.len(), 4);
    let constant = Settings::from_config(&[("learning_rate_control".to_string(), PyValue::Str("constant".into()))]).unwrap();
    assert!(newbob_params(&constant.lr_control).is_none());
}
