#![cfg(not(target_arch = "wasm32"))]
//! The training simulator: determinism, divergence, scores-only mode against RETURNN's vectors
//! and against the LR control driven directly, newbob reacting on a noisy quadratic run, the
//! per-update order (accumulation, clipping), the stepper, no panics on arbitrary settings, and
//! the `simulate` CLI.
#[path = "support/settings_gen.rs"]
mod settings_gen;

use proptest::prelude::*;
use schedule_explorer::engine::lr_control::LrControl;
use schedule_explorer::engine::settings::{Factor, LearningRates, Mode, Number, OptimizerSettings, Scheme, Settings};
use schedule_explorer::engine::sim::{Simulation, Stop, DEV_KEY, TRAIN_KEY};
use schedule_explorer::engine::surface::Surface;
use schedule_explorer::py::json::json_to_float;
use schedule_explorer::py::value::PyValue;
use schedule_explorer::py::typed_config::TypedConfig;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

#[path = "support/sim.rs"]
mod sim_support;
use sim_support::{bits, run};

fn sgd(lr: f64) -> Settings {
    let mut s = Settings::default();
    s.lr_control.learning_rate = Number::Float(lr);
    s.optimizer = OptimizerSettings { class: "sgd".into(), kwargs: vec![] };
    s
}

/// A newbob run on the 100-d noisy quadratic model.
fn newbob_nqm(seed: u64) -> Settings {
    let mut s = sgd(1.0);
    s.lr_control.scheme = Scheme::Newbob;
    s.run.surface = Surface::NoisyQuadratic { dim: 100 };
    s.run.num_epochs = 30;
    s.run.steps_per_epoch = 50;
    s.run.batch_noise = 1.0;
    s.run.batch_size = 8;
    s.run.seed = seed;
    s
}

#[test]
fn same_seed_same_run_different_seed_different_run() {
    let a = run(&newbob_nqm(7));
    let b = run(&newbob_nqm(7));
    let c = run(&newbob_nqm(8));
    assert_eq!(a.stop(), Some(&Stop::Finished));
    assert_eq!(a.steps().len(), 30 * 50);
    assert_eq!(bits(&a), bits(&b));
    assert_eq!(schedule_explorer::returnn::lr_file::write(&a.control().epoch_data), schedule_explorer::returnn::lr_file::write(&b.control().epoch_data));
    assert_ne!(bits(&a), bits(&c));
}

#[test]
fn advancing_in_chunks_equals_running_to_end() {
    let s = newbob_nqm(3);
    let whole = run(&s);
    let mut sim = Simulation::new(&s).unwrap();
    let mut calls = 0;
    while !sim.is_done() {
        let p = sim.advance(7);
        assert!(p.advanced <= 7);
        calls += 1;
    }
    assert!(calls >= 30 * 50 / 7);
    assert_eq!(bits(&sim), bits(&whole));
    assert_eq!(sim.trajectory(), whole.trajectory());
    // Finished runs stay finished.
    assert_eq!(sim.advance(10).advanced, 0);
}

#[test]
fn newbob_decays_on_a_noisy_quadratic_run() {
    let sim = run(&newbob_nqm(1));
    let decays: Vec<i64> = sim
        .epochs()
        .iter()
        .filter(|e| e.decision.as_ref().is_some_and(|d| serde_json::to_value(&d.verdict).unwrap()["kind"] == "decay"))
        .map(|e| e.epoch)
        .collect();
    assert!(decays.len() >= 2, "expected newbob to decay at least twice, got {decays:?}");
    let lrs: Vec<f64> = sim.epochs().iter().map(|e| e.learning_rate).collect();
    assert_eq!(lrs[0], 1.0);
    assert!(lrs.windows(2).all(|w| w[1] <= w[0]), "LR never grows with growth 1.0: {lrs:?}");
    assert!(*lrs.last().unwrap() <= 0.25, "{lrs:?}");
    // Every decay is the default factor 0.5.
    for e in &decays {
        let i = (*e - 1) as usize;
        assert_eq!(lrs[i], lrs[i - 1] * 0.5);
    }
    // Lower LR → lower noise floor: the last epochs' dev score beats the first epoch's.
    let dev: Vec<f64> = sim.epochs().iter().map(|e| e.dev_score.unwrap()).collect();
    assert!(dev[dev.len() - 1] < dev[0], "{dev:?}");
    // The file lists every epoch with both scores.
    let file = schedule_explorer::returnn::lr_file::write(&sim.control().epoch_data);
    assert_eq!(file.matches("EpochData(learningRate=").count(), 30);
    assert!(file.contains("'dev_score_output': ") && file.contains("'train_score_output': ") && file.contains("'dev_error_output': "), "{file}");
    for e in sim.epochs() {
        let err = e.dev_error.unwrap();
        assert!((0.0..=1.0).contains(&err), "{err}");
    }
}

#[test]
fn error_measure_selects_the_simulated_error_rate() {
    let mut s = newbob_nqm(2);
    s.run.num_epochs = 8;
    s.lr_control.error_measure = Some(schedule_explorer::engine::settings::ErrorMeasure::Key("dev_error_output".into()));
    let sim = run(&s);
    let mut compared = 0;
    for e in sim.epochs() {
        for c in e.decision.iter().flat_map(|d| &d.comparisons) {
            assert_eq!(c.new_key.as_ref().map(|k| k.key.as_str()), Some("dev_error_output"));
            let i = (c.new_epoch - 1) as usize;
            assert_eq!(c.new_score, sim.epochs()[i].dev_error);
            compared += 1;
        }
    }
    assert!(compared >= 5);
}

#[test]
fn huge_learning_rate_diverges_cleanly() {
    let mut s = sgd(1e3);
    s.run.surface = Surface::Rosenbrock;
    s.run.num_epochs = 5;
    s.run.steps_per_epoch = 100;
    s.run.batch_noise = 0.0;
    let sim = run(&s);
    let Some(Stop::Diverged { update, epoch, reason }) = sim.stop() else { panic!("expected divergence, got {:?}", sim.stop()) };
    assert_eq!(*epoch, 1);
    assert_eq!(*update as usize, sim.steps().len() - 1, "stops at the diverging update");
    assert!(!reason.is_empty());
    // No silent NaN: every update before the last is finite and within bounds.
    for st in &sim.steps()[..sim.steps().len() - 1] {
        assert!(st.loss.is_finite() && st.loss.abs() <= 1e30, "{st:?}");
    }
    let last = sim.epochs().last().unwrap();
    assert!(!last.complete && last.dev_score.is_none());
    assert!(sim.is_done());
}

#[test]
fn int_learning_rate_fails_like_returnn() {
    let mut s = sgd(1.0);
    s.lr_control.learning_rate = Number::Int(1);
    s.run.num_epochs = 2;
    s.run.steps_per_epoch = 3;
    assert!(s.warnings().iter().any(|w| w.field == "learning_rate"));
    let sim = run(&s);
    let Some(Stop::Failed(err)) = sim.stop() else { panic!("expected a failure, got {:?}", sim.stop()) };
    assert_eq!(err.py_exc().map(|e| e.name()), Some("TypeError"), "{err}");
    assert!(sim.steps().is_empty());
}

#[test]
fn accumulation_sums_and_clipping_runs_value_then_global_norm() {
    let mut s = sgd(0.01);
    s.run.surface = Surface::Quadratic { a: 1.0, b: 10.0 };
    s.run.start = vec![2.5, 1.5];
    s.run.batch_noise = 0.0;
    s.run.num_epochs = 1;
    s.run.steps_per_epoch = 1;
    s.gradient.accum_grad_multiple_step = Some(2);
    s.gradient.clip = Some(Number::Float(20.0));
    s.gradient.clip_global_norm = Some(Number::Float(10.0));
    let sim = run(&s);
    // grad = 2 * (a x, b y) = (5, 30) → clip 20 → (5, 20) → global norm 10.
    let g = [5.0f64, 20.0];
    let total = (g[0] * g[0] + g[1] * g[1]).sqrt();
    let coef = (10.0 / (total + 1e-6)).min(1.0);
    let want = [2.5 - 0.01 * (g[0] * coef), 1.5 - 0.01 * (g[1] * coef)];
    assert_eq!(sim.params(), &want[..]);
    assert_eq!(sim.trajectory(), &[want]);
}

/// The LR control driven directly, as RETURNN's engine would, on the same scores.
fn direct_control(s: &Settings, dev: &[f64], train: &[f64]) -> (Vec<f64>, String) {
    let mut cfg = TypedConfig::new();
    for (k, v) in s.to_config() {
        cfg.set(&k, v);
    }
    let mut control = LrControl::from_config(&cfg, None).unwrap();
    let mut lrs = Vec::new();
    for (i, (d, t)) in dev.iter().zip(train).enumerate() {
        let e = i as i64 + 1;
        lrs.push(control.learning_rate_for_epoch_f64(e).unwrap());
        control.set_epoch_error(e, &[(TRAIN_KEY.into(), PyValue::Float(*t))]).unwrap();
        control.set_epoch_error(e, &[(DEV_KEY.into(), PyValue::Float(*d))]).unwrap();
    }
    (lrs, schedule_explorer::returnn::lr_file::write(&control.epoch_data))
}

#[test]
fn scores_only_matches_the_lr_control_driven_directly() {
    let dev = [3.0, 2.5, 2.49, 2.3, 2.29, 2.28, f64::NAN, 2.0, 2.1, 1.9];
    let train = [3.5, 2.9, 2.8, 2.6, 2.5, 2.45, 2.4, 2.3, 2.2, 2.1];
    for scheme in Scheme::ALL {
        let mut s = sgd(0.01);
        s.lr_control.scheme = scheme;
        s.lr_control.learning_rates = Some(LearningRates::List(vec![Number::Float(0.001), Number::Float(0.005)]));
        s.lr_control.newbob_learning_rate_growth = Some(Factor::Value(Number::Float(1.1)));
        s.lr_control.newbob_multi_num_epochs = Some(2);
        s.lr_control.min_learning_rate = Some(Number::Float(0.003));
        s.mode = Mode::ScoresOnly { dev_scores: dev.to_vec(), train_scores: Some(train.to_vec()) };
        assert!(s.warnings().iter().any(|w| w.field == "dev_scores"), "NaN score warned");
        let sim = run(&s);
        assert_eq!(sim.stop(), Some(&Stop::Finished), "{scheme:?}");
        let (lrs, file) = direct_control(&s, &dev, &train);
        let got: Vec<f64> = sim.epochs().iter().map(|e| e.learning_rate).collect();
        assert_eq!(got, lrs, "{scheme:?}");
        assert_eq!(schedule_explorer::returnn::lr_file::write(&sim.control().epoch_data), file, "{scheme:?}");
        assert!(sim.steps().is_empty());
    }
}

/// RETURNN's own vectors whose epochs carry only `train_score_output`/`dev_score_output`: the
/// scores-only mode must give RETURNN's learning rates, file text and errors.
#[test]
fn scores_only_reproduces_returnn_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference/lr-control");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut checked = 0;
    for f in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        if doc.get("driver").is_some() || doc.get("initial_learning_rate_file").is_some() {
            continue;
        }
        let epochs = doc["epochs"].as_array().unwrap();
        let mut dev = Vec::new();
        let mut train = Vec::new();
        let mut usable = true;
        for (i, ep) in epochs.iter().enumerate() {
            let scores = ep["scores"].as_object().cloned().unwrap_or_default();
            usable &= ep["epoch"] == i as i64 + 1 && ep.get("meta").is_none();
            usable &= scores.keys().all(|k| k == TRAIN_KEY || k == DEV_KEY);
            match (scores.get(DEV_KEY).and_then(json_to_float), scores.get(TRAIN_KEY).map(json_to_float)) {
                (Some(d), None) => dev.push(d),
                (Some(d), Some(Some(t))) => {
                    dev.push(d);
                    train.push(t);
                }
                _ => usable = false,
            }
        }
        if !usable || !(train.is_empty() || train.len() == dev.len()) {
            continue;
        }
        let values: Vec<(String, PyValue)> = doc["config"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), schedule_explorer::engine::settings::json_to_py_for_key(k, v)))
            .collect();
        let name = doc["name"].as_str().unwrap();
        let mut s = Settings::from_config(&values).unwrap_or_else(|e| panic!("{name}: {e}"));
        s.mode = Mode::ScoresOnly { dev_scores: dev, train_scores: (!train.is_empty()).then_some(train) };
        let expected = &doc["expected"];
        let want_lrs: Vec<f64> = expected["learning_rates"].as_array().unwrap().iter().map(|v| json_to_float(v).unwrap()).collect();
        let sim = match Simulation::new(&s) {
            Ok(mut sim) => {
                sim.run_to_end();
                sim
            }
            Err(e) => {
                assert_eq!(expected["error_stage"], "init", "{name}: {e}");
                assert_eq!(Some(e.py_exc().unwrap().name()), expected["error"].as_str(), "{name}");
                checked += 1;
                continue;
            }
        };
        let got_lrs: Vec<f64> = sim.epochs().iter().map(|e| e.learning_rate).collect();
        match sim.stop() {
            Some(Stop::Failed(err)) => {
                assert_eq!(Some(err.py_exc().unwrap().name()), expected["error"].as_str(), "{name}: {err}");
                // The LR of a failing set_epoch_error epoch was given; a failing LR was not.
                assert!(got_lrs.len() >= want_lrs.len(), "{name}");
                assert!(got_lrs.iter().zip(&want_lrs).all(|(a, b)| a.to_bits() == b.to_bits()), "{name}: {got_lrs:?} vs {want_lrs:?}");
            }
            other => {
                assert_eq!(other, Some(&Stop::Finished), "{name}");
                assert!(expected.get("error").is_none_or(Value::is_null), "{name}: RETURNN raised {}", expected["error"]);
                assert_eq!(got_lrs.len(), want_lrs.len(), "{name}");
                assert!(got_lrs.iter().zip(&want_lrs).all(|(a, b)| a.to_bits() == b.to_bits()), "{name}: {got_lrs:?} vs {want_lrs:?}");
                if let Some(text) = expected["learning_rate_file"].as_str() {
                    assert_eq!(schedule_explorer::returnn::lr_file::write(&sim.control().epoch_data), text, "{name}");
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} vectors were usable");
}

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_schedule-explorer")).args(args).output().expect("run the CLI")
}

#[test]
fn cli_simulate() {
    let dir = std::env::temp_dir().join(format!("se-simulate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("settings.json");
    let mut s = newbob_nqm(5);
    s.run.num_epochs = 6;
    std::fs::write(&path, serde_json::to_string(&s).unwrap()).unwrap();
    let p = path.to_str().unwrap();
    let out = cli(&["simulate", p]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> = String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 7);
    let sim = run(&s);
    for (line, e) in lines.iter().zip(sim.epochs()) {
        assert_eq!(line["epoch"], e.epoch);
        assert_eq!(json_to_float(&line["learning_rate"]).unwrap().to_bits(), e.learning_rate.to_bits());
        assert_eq!(json_to_float(&line["dev_score"]).unwrap().to_bits(), e.dev_score.unwrap().to_bits());
        assert!(line["verdict"].is_string() && line["explanation"].is_string());
    }
    assert_eq!(lines[6]["stop"], "finished");
    assert_eq!(lines[6]["learning_rate_file"].as_str(), Some(schedule_explorer::returnn::lr_file::write(&sim.control().epoch_data).as_str()));

    let out = cli(&["simulate", p, "--csv"]);
    let text = String::from_utf8(out.stdout).unwrap();
    // The CLI's CSV is the app's CSV download of the same run.
    assert_eq!(text, schedule_explorer::returnn::run_export::export_csv(&sim));
    assert!(text.starts_with(&format!("{}\n1,1.0,", schedule_explorer::returnn::run_export::SIM_CSV_HEADER)), "{text}");
    assert_eq!(text.lines().count(), 7);

    assert_eq!(cli(&["simulate", dir.join("missing.json").to_str().unwrap()]).status.code(), Some(2));
    std::fs::write(&path, "{\"run\": {\"num_epochs\": 0}}").unwrap();
    let out = cli(&["simulate", p]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("num_epochs"));
    let out = cli(&["simulate", "--help"]);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("SETTINGS.json"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn surface() -> impl Strategy<Value = Surface> {
    prop_oneof![
        (settings_gen::float(), settings_gen::float()).prop_map(|(a, b)| Surface::Quadratic { a, b }),
        Just(Surface::Rosenbrock),
        Just(Surface::Beale),
        Just(Surface::Himmelblau),
        Just(Surface::Rastrigin),
        Just(Surface::Saddle),
        Just(Surface::Booth),
        Just(Surface::StyblinskiTang),
        (0usize..6).prop_map(|dim| Surface::NoisyQuadratic { dim }),
    ]
}

/// Mostly a valid noise level, sometimes anything (negative, NaN, inf).
fn mostly_small() -> impl Strategy<Value = f64> {
    prop_oneof![6 => 0.0f64..2.0, 1 => settings_gen::float()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Whatever the settings, building and running a simulation never panics: it is either an
    /// error naming the problem, or a run that finishes, diverges or stops where RETURNN raises.
    #[test]
    fn arbitrary_settings_never_panic(
        mut s in settings_gen::settings(),
        surface in surface(),
        start in prop_oneof![3 => Just(Vec::new()), 1 => prop::collection::vec(settings_gen::float(), 0..3)],
        epochs in prop_oneof![8 => 1i64..4, 1 => -1i64..1],
        steps in prop_oneof![8 => 1i64..15, 1 => -1i64..1],
        noise in (mostly_small(), mostly_small(), mostly_small()),
        batch_size in prop_oneof![8 => 1u64..5, 1 => Just(0u64)],
        seed in any::<u64>(),
        scores in prop::option::weighted(0.3, prop::collection::vec(settings_gen::float(), 0..6)),
    ) {
        s.run.surface = surface;
        s.run.start = start;
        s.run.num_epochs = epochs;
        s.run.steps_per_epoch = steps;
        (s.run.batch_noise, s.run.dev_noise, s.run.generalization_gap) = noise;
        s.run.batch_size = batch_size;
        s.run.seed = seed;
        if let Some(dev) = scores {
            s.mode = Mode::ScoresOnly { train_scores: Some(dev.iter().map(|x| x * 2.0).collect()), dev_scores: dev };
        }
        let _ = s.warnings();
        if let Ok(mut sim) = Simulation::new(&s) {
            let p = sim.advance(5);
            prop_assert!(p.advanced <= 5);
            sim.run_to_end();
            prop_assert!(sim.is_done() && sim.stop().is_some());
            let _ = schedule_explorer::returnn::lr_file::write(&sim.control().epoch_data);
            if let Some(Stop::Diverged { update, .. }) = sim.stop() {
                prop_assert_eq!(*update as usize + 1, sim.steps().len());
            }
        }
    }
}
