#![cfg(not(target_arch = "wasm32"))]
//! Real learning_rate_files written by RETURNN (tests/fixtures/realdata/lrfiles): replaying their
//! scores under the settings of their configs must reproduce every stored learning rate.
use schedule_explorer::engine::lr_control::{replay_lr_file, Verdict};
use schedule_explorer::returnn::lr_file::{parse, LrFile};
use schedule_explorer::py::value::PyValue;
use schedule_explorer::py::typed_config::TypedConfig;
use std::path::PathBuf;

fn lrfiles() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realdata/lrfiles")
}

fn load(name: &str) -> LrFile {
    let text = std::fs::read_to_string(lrfiles().join(name)).expect("read lr file");
    parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The 2016 sequence-training configs: newbob, 1e-4, decay 0.8, min 1e-6, key dev_score.
fn seqtrain_config() -> TypedConfig {
    TypedConfig::new()
        .with("learning_rate_control", PyValue::Str("newbob".into()))
        .with("learning_rate", PyValue::Float(1e-4))
        .with("newbob_learning_rate_decay", PyValue::Float(0.8))
        .with("min_learning_rate", PyValue::Float(1e-6))
        .with("learning_rate_control_error_measure", PyValue::Str("dev_score".into()))
}

#[test]
fn seqtrain_scores_files_replay_exactly() {
    let mut names: Vec<String> = std::fs::read_dir(lrfiles())
        .expect("lrfiles dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains("seqtrain-paper") && n.ends_with(".scores"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 10, "the ten seqtrain .scores files");
    let mut epochs = 0;
    let mut clamps = 0;
    let mut mismatches = Vec::new();
    for name in &names {
        let file = load(name);
        let out = replay_lr_file(name, &seqtrain_config(), &file);
        assert!(out.error.is_none(), "{name}: {:?}", out.error);
        assert_eq!(out.learning_rates.len(), file.len(), "{name}: every epoch replayed");
        for ((epoch, data), (lr, decision)) in file.iter().zip(out.learning_rates.iter().zip(&out.decisions)) {
            epochs += 1;
            let want = data.learning_rate.as_py_float().map(f64::to_bits);
            let have = lr.as_py_float().map(f64::to_bits);
            if want != have {
                mismatches.push(format!("{name} epoch {epoch}: file {} replay {}", data.learning_rate.repr(), lr.repr()));
            }
            if decision.clamped_to_min.is_some() {
                clamps += 1;
            }
            if data.error.iter().any(|(k, _)| k == "dev_score") {
                assert_eq!(out.error_keys[(*epoch - 1) as usize].as_deref(), Some("dev_score"), "{name} epoch {epoch}");
            }
        }
        assert!(out.decisions.iter().any(|d| d.verdict == Verdict::Decay), "{name}: some decay");
    }
    assert_eq!(epochs, 292, "all 292 epochs");
    assert!(mismatches.is_empty(), "{} of {epochs} epochs differ:\n{}", mismatches.len(), mismatches.join("\n"));
    assert!(clamps > 0, "the min-LR clamp is exercised");
}

#[test]
fn seqtrain_replay_rewrites_the_file_text() {
    // With a learning_rate_file configured, the replayed table is written as RETURNN writes it:
    // the same epochs, LRs and scores as the original (whose Python-2 float reprs are re-rendered).
    let name = "rwth-i6_returnn-experiments_2016-seqtrain-paper__sequence-training__training-scores__mmi.bs-setup.nopc.scores";
    let file = load(name);
    let cfg = seqtrain_config().with("learning_rate_file", PyValue::Str("newbob.data".into()));
    let out = replay_lr_file(name, &cfg, &file);
    let text = schedule_explorer::returnn::scenario::file_text(&out).expect("file text");
    let reparsed = parse(&text).expect("re-parse");
    assert_eq!(reparsed, file);
    assert_eq!(text, schedule_explorer::returnn::lr_file::write(&file));
}

#[test]
fn pytorch_era_files_replay_with_meta_and_fixed_lrs() {
    // The TF/PyTorch-era files took their LRs from a fixed `learning_rates` list: giving the file's
    // LRs as that list must reproduce them with constant control, and keep every score and meta key.
    for name in [
        "rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_att_only_ted2.txt",
        "rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt",
    ] {
        let file = load(name);
        let presets: Vec<(PyValue, PyValue)> =
            file.iter().map(|(e, d)| (PyValue::Int(*e), d.learning_rate.clone())).collect();
        let cfg = TypedConfig::new()
            .with("learning_rate_control", PyValue::Str("constant".into()))
            .with("learning_rates", PyValue::Dict(presets))
            .with("learning_rate_file", PyValue::Str("lr.txt".into()));
        let out = replay_lr_file(name, &cfg, &file);
        assert!(out.error.is_none(), "{name}: {:?}", out.error);
        let lrs: Vec<&PyValue> = file.values().map(|d| &d.learning_rate).collect();
        assert_eq!(out.learning_rates.iter().collect::<Vec<_>>(), lrs, "{name}");
        let text = schedule_explorer::returnn::scenario::file_text(&out).expect("file text");
        assert_eq!(text, schedule_explorer::returnn::lr_file::write(&file), "{name}: same text as the original table");
    }
}

#[test]
fn owned_replay_equals_borrowed_replay() {
    // `run_scenario_owned` moves the scores into the table instead of copying them: every real
    // file, and a hand-made scenario with repeated keys, nested scores, interleaved train keys and a
    // repeated epoch, must give exactly what `run_scenario` gives (decisions and file text included).
    use schedule_explorer::engine::lr_control::{run_scenario, run_scenario_owned, Scenario, ScenarioEpoch};
    let cfg = TypedConfig::new()
        .with("learning_rate_control", PyValue::Str("newbob".into()))
        .with("learning_rate", PyValue::Float(1.0))
        .with("learning_rate_file", PyValue::Str("lr.txt".into()));
    let mut names: Vec<String> = std::fs::read_dir(lrfiles())
        .expect("lrfiles dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    let mut replayed = 0;
    for name in &names {
        let Ok(text) = std::fs::read_to_string(lrfiles().join(name)) else { continue };
        let Ok(file) = parse(&text) else { continue };
        let s = Scenario::from_lr_file(name, cfg.clone(), &file);
        let borrowed = run_scenario(&s);
        assert!(borrowed.saved_table().is_some() || borrowed.error.is_some(), "{name}");
        assert_eq!(run_scenario_owned(s), borrowed, "{name}");
        replayed += 1;
    }
    assert!(replayed >= 10, "the real files were replayed ({replayed})");
    let f = PyValue::Float;
    let item = |k: &str, v: PyValue| (k.into(), v);
    let nested = PyValue::Dict(vec![
        (PyValue::Str("cost:output".into()), f(2.0)),
        (PyValue::Str("cost:ctc".into()), f(3.0)),
    ]);
    let epochs = vec![
        ScenarioEpoch {
            epoch: 1,
            scores: vec![item("dev_b", f(1.0)), item("train_x", f(2.0)), item("dev_a", f(1.5)), item("train_y", f(4.0))],
            meta: vec![item("host", PyValue::Str("a".into())), item("host", PyValue::Str("b".into()))],
        },
        ScenarioEpoch {
            epoch: 2,
            scores: vec![item("train_x", f(1.0)), item("dev_b", f(0.5)), item("dev_b", f(0.9)), item("dev_a", nested)],
            meta: vec![],
        },
        ScenarioEpoch { epoch: 2, scores: vec![item("dev_b", f(0.4)), item("train_z", f(0.1))], meta: vec![] },
        ScenarioEpoch { epoch: 3, scores: vec![item("dev_b", f(0.3))], meta: vec![item("x", PyValue::Int(1))] },
    ];
    let s = Scenario { name: "mixed".into(), config: cfg, pretrain_num_epochs: None, initial_learning_rate_file: None, epochs };
    let borrowed = run_scenario(&s);
    assert!(borrowed.error.is_none(), "{:?}", borrowed.error);
    assert_eq!(run_scenario_owned(s), borrowed);
}
