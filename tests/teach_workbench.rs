#![cfg(not(target_arch = "wasm32"))]
//! The replay view, the app's sweeps (engine::sweep on the replayed scores) and the newbob params of the app's teach panels,
//! on the real learning_rate_files.
use schedule_explorer::engine::sweep::{run_all, Axis, Outcome, OutcomeKind, SweepSpec};
use schedule_explorer::engine::workbench::replay;
use schedule_explorer::returnn::lr_file::parse;
use schedule_explorer::py::value::PyValue;
use schedule_explorer::py::typed_config::TypedConfig;
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
    assert!(v.matches, "{:?} {:?}", v.first_divergence, v.error_message);
    assert_eq!(v.first_divergence, None);
    assert_eq!(v.epochs.len(), file.len());
    assert_eq!(v.error_key.as_deref(), Some("dev_score"));
    assert!(v.key_reason.contains("no learning_rate_control_error_measure is set"), "{}", v.key_reason);
    assert_eq!(v.decisions.len(), file.len());
    assert!(v.sentence(3).is_some_and(|s| s.starts_with("epoch 3:")));
    let w = replay(&seqtrain(0.5), &file);
    assert!(!w.matches);
    let d = w.first_divergence.expect("diverges");
    // The recorded run first decays at epoch 3 (1e-4 -> 8e-05): there 0.5 gives 5e-05.
    assert_eq!(d, 3);
    let i = w.epochs.iter().position(|e| *e == d).unwrap();
    assert_eq!(w.recorded_lr[i], 8e-05);
    assert_eq!(w.replayed_lr[i], Some(5e-05));
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

/// The app's sweep: scores-only settings of the replayed file (as the replay panel puts them
/// into the form) swept over learning_rate × decay with `engine::sweep`.
fn seqtrain_sweep(outcome: Outcome) -> (SweepSpec, Vec<f64>) {
    use schedule_explorer::ui::form::Form;
    use schedule_explorer::ui::teach_model::{apply_replay, lr_config, lr_settings};
    let file = parse(&lrfile(MMI)).expect("parse");
    let mut form = Form::default();
    for (k, v) in [("learning_rate_control", "newbob"), ("learning_rate", "0.0001"), ("newbob_learning_rate_decay", "0.8"), ("min_learning_rate", "1e-06")] {
        form.set_field(k, v);
    }
    let view = replay(&lr_config(&lr_settings(&form).expect("lr settings")), &file);
    apply_replay(&mut form, &view);
    let base = schedule_explorer::ui::model::settings_from_form(&form).expect("settings");
    let spec = SweepSpec {
        x: Axis::around("learning_rate", 1e-4, 5),
        y: Axis::around("newbob_learning_rate_decay", 0.8, 5),
        outcome,
        base,
        recorded_lr: view.recorded_lr.clone(),
    };
    (spec, view.result.recorded_lr)
}

#[test]
fn sweep_finds_the_recorded_settings() {
    let (spec, recorded) = seqtrain_sweep(Outcome::ReproducesRecorded);
    assert!(spec.x.values.contains(&1e-4), "{:?}", spec.x.values);
    assert!(spec.y.values.contains(&0.8), "{:?}", spec.y.values);
    let cells = run_all(&spec).expect("sweep");
    let best: Vec<(f64, f64)> = cells.iter().filter(|c| c.value == Some(1.0)).map(|c| (c.x, c.y)).collect();
    assert_eq!(best, vec![(1e-4, 0.8)]);
    // Another LR differs from epoch 1 on; another decay only from the first decay on.
    let other_lr = cells.iter().find(|c| c.x != 1e-4 && c.y == 0.8).expect("cell");
    assert_eq!(other_lr.value, Some(0.0));
    let other_decay = cells.iter().find(|c| c.x == 1e-4 && c.y != 0.8).expect("cell");
    let share = other_decay.value.expect("share");
    assert!(share > 0.0 && share < 1.0, "{share}");
    assert_eq!(recorded.len(), 30);
    // Without recorded LRs the outcome has no value.
    let mut bare = spec.clone();
    bare.recorded_lr.clear();
    assert_eq!(run_all(&bare).expect("sweep")[0].value, None);
}

#[test]
fn sweep_counts_decays_of_the_replayed_scores() {
    let (spec, _) = seqtrain_sweep(Outcome::NumDecays);
    let cells = run_all(&spec).expect("sweep");
    let at = |x: f64, y: f64| cells.iter().find(|c| c.x == x && c.y == y).and_then(|c| c.value);
    // The recorded run (LR 1e-4, decay 0.8) decays at every epoch whose relative improvement is
    // above the threshold; the count does not depend on the LR or the factor.
    let n = at(1e-4, 0.8).expect("value");
    assert!(n >= 1.0);
    assert!(cells.iter().all(|c| c.value == Some(n)), "{cells:?}");
}

#[test]
fn axis_around_puts_the_current_value_on_the_grid() {
    let a = Axis::around("newbob_relative_error_threshold", -0.01, 6);
    assert_eq!(a.values.len(), 6);
    assert!(a.values.contains(&-0.01));
    let b = Axis::around("learning_rate_control_min_num_epochs_per_new_lr", 3.0, 5);
    assert_eq!(b.values, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
    let c = Axis::around("learning_rate", 0.001, 3);
    assert_eq!(c.values, vec![0.0001, 0.001, 0.01]);
    assert_eq!(OutcomeKind::from_name("epochs_to_target").map(|k| k.with_target(0.5)), Some(Outcome::EpochsToTarget(0.5)));
    for k in OutcomeKind::ALL {
        assert_eq!(OutcomeKind::from_name(k.name()), Some(k));
        assert_eq!(k.with_target(0.25).kind_and_target().0, k);
    }
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
