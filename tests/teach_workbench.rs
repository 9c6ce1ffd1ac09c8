#![cfg(not(target_arch = "wasm32"))]
//! The replay / compare / sweep workbench on the real learning_rate_files.
use schedule_explorer::engine::workbench::{axis_values, replay, run_cell, settings_diff, ChunkedLrFile, SweepSpec};
use schedule_explorer::returnn::lr_file::parse;
use schedule_explorer::returnn::pyvalue::PyValue;
use schedule_explorer::returnn::typed_config::TypedConfig;
use std::path::PathBuf;

fn lrfile(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realdata/lrfiles").join(name);
    std::fs::read_to_string(p).expect("fixture")
}

const MMI: &str = "rwth-i6_returnn-experiments_2016-seqtrain-paper__sequence-training__training-scores__mmi.bs-setup.nopc.scores";
const ATT: &str = "rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_att_only_ted2.txt";

fn seqtrain(decay: f64) -> TypedConfig {
    TypedConfig::new()
        .with("learning_rate_control", PyValue::Str("newbob".into()))
        .with("learning_rate", PyValue::Float(1e-4))
        .with("newbob_learning_rate_decay", PyValue::Float(decay))
        .with("min_learning_rate", PyValue::Float(1e-6))
}

fn chunked(text: &str, budget: usize) -> (usize, Result<schedule_explorer::returnn::lr_file::LrFile, String>) {
    let mut c = ChunkedLrFile::new(text.to_string());
    let mut steps = 0;
    while !c.step(budget) {
        steps += 1;
        assert!(c.done() <= c.total());
    }
    (steps, c.finish())
}

#[test]
fn chunked_reading_equals_the_whole_file_reader() {
    for name in [MMI, ATT] {
        let text = lrfile(name);
        let (steps, file) = chunked(&text, 1024);
        assert!(steps > 1, "{name}: read in several steps");
        assert_eq!(file.expect("chunked"), parse(&text).expect("whole"), "{name}");
    }
}

#[test]
fn chunked_reading_falls_back_to_the_located_error() {
    let text = "{\n1: EpochData(learningRate=0.1, error={'dev_score': 1.0}),\n2: EpochData(learningRate=0.1, error={'dev_score': @}),\n}\n";
    let (_, r) = chunked(text, 10);
    let e = r.expect_err("bad token");
    assert!(e.contains("line 3"), "{e}");
    // An excerpt (commented, no braces) is read by the pasted-text reader.
    let (_, r) = chunked("# 1: EpochData(learningRate=0.5, error={'dev_score': 2.0}),\n", 10);
    assert_eq!(r.expect("excerpt").len(), 1);
}

#[test]
fn seqtrain_replays_exactly_and_a_changed_decay_diverges() {
    let file = parse(&lrfile(MMI)).expect("parse");
    let v = replay(&seqtrain(0.8), &file);
    assert!(v.matches, "{:?} {:?}", v.first_divergence, v.error);
    assert_eq!(v.first_divergence, None);
    assert_eq!(v.epochs.len(), file.len());
    assert_eq!(v.error_key.as_deref(), Some("dev_score"));
    assert!(v.key_reason.contains("rule 4"), "{}", v.key_reason);
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
    assert!(v.key_reason.starts_with("configured"), "{}", v.key_reason);
    assert_eq!(v.key_scores.len(), file.len());
}

#[test]
fn settings_diff_lists_changed_added_and_removed_keys() {
    let p = |l: &[(&str, &str)]| l.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    let a = p(&[("learning_rate", "0.1"), ("newbob_learning_rate_decay", "0.5"), ("seed", "1")]);
    let b = p(&[("learning_rate", "0.1"), ("newbob_learning_rate_decay", "0.7"), ("min_learning_rate", "1e-06"), ("seed", " ")]);
    let d = settings_diff(&a, &b);
    let keys: Vec<&str> = d.iter().map(|x| x.key.as_str()).collect();
    assert_eq!(keys, ["min_learning_rate", "newbob_learning_rate_decay", "seed"]);
    assert_eq!(d[1].a.as_deref(), Some("0.5"));
    assert_eq!(d[1].b.as_deref(), Some("0.7"));
    assert_eq!(d[2].b, None);
}

#[test]
fn sweep_finds_the_recorded_settings() {
    let file = parse(&lrfile(MMI)).expect("parse");
    let spec = SweepSpec {
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
