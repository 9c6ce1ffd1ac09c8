#![cfg(not(target_arch = "wasm32"))]
//! `Simulation::continue_with`: RETURNN's restart-with-an-edited-config semantics. Continuing
//! with the same settings is the run that never stopped (bit for bit); an edited newbob
//! threshold keeps the completed epochs and drives the LR control from the next epoch on (checked
//! against RETURNN's LR control loaded with the same learning_rate_file and fed the same
//! scores); `num_epochs` extends a run; the surface, start point and mode cannot change.
use schedule_explorer::py::error::Error;
use schedule_explorer::engine::lr_control::LrControl;
use schedule_explorer::engine::settings::{Mode, Number, OptimizerSettings, Scheme, Settings};
use schedule_explorer::engine::sim::{Simulation, Stop, DEV_ERROR_KEY, DEV_KEY, RESUME_FILE, TRAIN_KEY};
use schedule_explorer::engine::surface::Surface;
use schedule_explorer::returnn::lr_file::LrFile;
use schedule_explorer::py::value::PyValue;
use schedule_explorer::py::typed_config::TypedConfig;

#[path = "support/sim.rs"]
mod sim_support;
use sim_support::{bits, run};

fn optimizer(class: &str, kwargs: Vec<(&str, PyValue)>) -> OptimizerSettings {
    OptimizerSettings { class: class.into(), kwargs: kwargs.into_iter().map(|(k, v)| (k.to_string(), v)).collect() }
}

/// Newbob on the noisy quadratic model, with every random stream and stateful optimizer in use.
fn newbob(seed: u64, opt: OptimizerSettings, lr: f64) -> Settings {
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::Newbob;
    s.lr_control.learning_rate = Number::Float(lr);
    s.optimizer = opt;
    s.run.surface = Surface::NoisyQuadratic { dim: 20 };
    s.run.num_epochs = 16;
    s.run.steps_per_epoch = 20;
    s.run.batch_noise = 1.0;
    s.run.batch_size = 4;
    s.run.dev_noise = 0.05;
    s.run.seed = seed;
    s
}

fn variants() -> Vec<Settings> {
    let sgd = newbob(1, optimizer("sgd", vec![("momentum", PyValue::Float(0.9))]), 0.3);
    let adam = newbob(2, optimizer("adam", vec![]), 0.05);
    let mut noisy = newbob(3, optimizer("sgd", vec![]), 0.5);
    noisy.gradient.noise = Some(Number::Float(0.1));
    noisy.gradient.clip_global_norm = Some(Number::Float(5.0));
    noisy.gradient.accum_grad_multiple_step = Some(2);
    vec![sgd, adam, noisy]
}

/// The config RETURNN resumes with: the settings plus a `learning_rate_file` to load.
fn typed_config(s: &Settings) -> TypedConfig {
    let mut cfg = TypedConfig::new();
    for (k, v) in s.to_config() {
        cfg.set(&k, v);
    }
    cfg.set("learning_rate_file", PyValue::Str(RESUME_FILE.into()));
    cfg
}

/// The learning_rate_file table of epochs `1..=k`.
fn file_up_to(sim: &Simulation, k: i64) -> LrFile {
    sim.control().epoch_data.range(..=k).map(|(e, d)| (*e, d.clone())).collect()
}

#[test]
fn continuing_with_the_same_settings_is_the_run_that_never_stopped() {
    for s in variants() {
        let whole = run(&s);
        assert_eq!(whole.stop(), Some(&Stop::Finished));
        // Cut points: before the first epoch ended, exactly at an epoch end, inside an epoch,
        // inside the last epoch, and after the end.
        for cut in [7u64, 20, 20 * 5 + 13, 20 * 15 + 1, 20 * 16] {
            let mut sim = Simulation::new(&s).unwrap();
            sim.advance(cut);
            let done = (cut / 20) as usize;
            let mut cont = sim.continue_with(&s).unwrap();
            assert_eq!(cont.epochs().len(), done, "the partial epoch is discarded");
            assert_eq!(cont.steps().len(), done * 20, "its updates too");
            assert_eq!(cont.current_epoch(), done as i64 + 1);
            assert_eq!(cont.epochs(), &whole.epochs()[..done]);
            cont.run_to_end();
            assert!(bits(&cont) == bits(&whole), "{} cut {cut}", s.optimizer.class);
            assert_eq!(cont.epochs(), whole.epochs(), "records and decisions");
            assert_eq!(schedule_explorer::returnn::lr_file::write(&cont.control().epoch_data), schedule_explorer::returnn::lr_file::write(&whole.control().epoch_data));
            assert_eq!(cont.stop(), Some(&Stop::Finished));
        }
    }
}

#[test]
fn continuing_twice_and_in_chunks_changes_nothing() {
    let s = &variants()[1];
    let whole = run(s);
    let mut sim = Simulation::new(s).unwrap();
    while !sim.is_done() {
        sim.advance(33);
        sim = sim.continue_with(s).unwrap();
    }
    assert!(bits(&sim) == bits(&whole));
}

#[test]
fn an_edited_newbob_threshold_keeps_the_past_and_decides_the_future() {
    for (i, s) in variants().into_iter().enumerate() {
        let k = 6i64;
        let old_run = run(&s);
        let mut sim = Simulation::new(&s).unwrap();
        sim.advance(k as u64 * 20 + 5);
        let mut edited = s.clone();
        // Decays on every epoch that does not improve the dev score by 30%.
        edited.lr_control.newbob_relative_error_threshold = Some(Number::Float(-0.3));
        let mut cont = sim.continue_with(&edited).unwrap();
        cont.run_to_end();
        assert_eq!(cont.stop(), Some(&Stop::Finished));
        assert_eq!(cont.epochs().len(), 16);
        let ku = k as usize;
        assert_eq!(&cont.epochs()[..ku], &old_run.epochs()[..ku], "variant {i}: epochs 1..k are kept");
        assert_eq!(&cont.steps()[..ku * 20], &old_run.steps()[..ku * 20]);
        assert_eq!(&cont.trajectory()[..ku * 20], &old_run.trajectory()[..ku * 20]);

        // RETURNN's LR control with the new config, loaded with the file of epochs 1..k and fed
        // the continued run's scores, gives every LR from epoch k+1 on.
        let mut control = LrControl::from_config(&typed_config(&edited), Some(&file_up_to(&old_run, k))).unwrap();
        let mut old_control = LrControl::from_config(&typed_config(&s), Some(&file_up_to(&old_run, k))).unwrap();
        let mut differs = false;
        for e in &cont.epochs()[ku..] {
            let lr = control.learning_rate_for_epoch_f64(e.epoch).unwrap();
            assert_eq!(lr.to_bits(), e.learning_rate.to_bits(), "variant {i} epoch {}", e.epoch);
            let d = e.decision.as_ref().expect("a decision");
            assert_eq!(d.threshold, Some(-0.3), "the new threshold decides epoch {}", e.epoch);
            let old_lr = old_control.learning_rate_for_epoch_f64(e.epoch).unwrap();
            differs |= old_lr != lr;
            let train = vec![(TRAIN_KEY.to_string(), PyValue::Float(e.train_score.unwrap()))];
            let dev = vec![(DEV_KEY.to_string(), PyValue::Float(e.dev_score.unwrap())), (DEV_ERROR_KEY.to_string(), PyValue::Float(e.dev_error.unwrap()))];
            for c in [&mut control, &mut old_control] {
                c.set_epoch_error(e.epoch, &train).unwrap();
                c.set_epoch_error(e.epoch, &dev).unwrap();
            }
        }
        assert!(differs, "variant {i}: the old threshold would have chosen other LRs on the same scores");
        assert_eq!(schedule_explorer::returnn::lr_file::write(&cont.control().epoch_data), schedule_explorer::returnn::lr_file::write(&control.epoch_data));
        // The epochs before k were decided with the old threshold, as recorded.
        assert!(cont.epochs()[2..ku].iter().all(|e| e.decision.as_ref().unwrap().threshold == Some(-0.01)));
    }
}

#[test]
fn scores_only_runs_continue_on_the_new_rules() {
    let dev = vec![3.0, 2.5, 2.4, 2.39, 2.385, 2.38, 2.379, 2.2, 2.19, 2.189];
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::Newbob;
    s.lr_control.learning_rate = Number::Float(1.0);
    s.mode = Mode::ScoresOnly { dev_scores: dev.clone(), train_scores: None };
    let mut sim = Simulation::new(&s).unwrap();
    sim.advance(4);
    let mut edited = s.clone();
    edited.lr_control.newbob_relative_error_threshold = Some(Number::Float(-0.3));
    let mut cont = sim.continue_with(&edited).unwrap();
    cont.run_to_end();
    // The same as RETURNN's control loaded with the file of epochs 1..4 and fed the scores.
    let mut control = LrControl::from_config(&typed_config(&edited), Some(&file_up_to(&sim, 4))).unwrap();
    for (i, d) in dev.iter().enumerate().skip(4) {
        let e = i as i64 + 1;
        assert_eq!(control.learning_rate_for_epoch_f64(e).unwrap(), cont.epochs()[i].learning_rate, "epoch {e}");
        control.set_epoch_error(e, &[(DEV_KEY.to_string(), PyValue::Float(*d))]).unwrap();
    }
    assert_eq!(&cont.epochs()[..4], &sim.epochs()[..4]);
    assert_eq!(schedule_explorer::returnn::lr_file::write(&cont.control().epoch_data), schedule_explorer::returnn::lr_file::write(&control.epoch_data));
}

#[test]
fn more_epochs_extend_the_run_and_fewer_end_it() {
    let s = &variants()[0];
    let mut longer = s.clone();
    longer.run.num_epochs = 24;
    let finished = run(s);
    let mut cont = finished.continue_with(&longer).unwrap();
    assert!(!cont.is_done());
    assert_eq!(cont.epochs(), finished.epochs());
    cont.run_to_end();
    assert_eq!(cont.epochs().len(), 24);
    assert!(bits(&cont) == bits(&run(&longer)), "as if it had been planned with 24 epochs");

    let mut shorter = s.clone();
    shorter.run.num_epochs = 4;
    let mut sim = Simulation::new(s).unwrap();
    sim.advance(20 * 9);
    let mut cont = sim.continue_with(&shorter).unwrap();
    assert!(cont.is_done(), "the final epoch is already trained");
    assert_eq!(cont.advance(100).advanced, 0);
    assert_eq!(cont.epochs(), &sim.epochs()[..9]);
}

#[test]
fn run_settings_and_the_optimizer_come_from_the_new_settings() {
    let s = &variants()[1];
    let mut sim = Simulation::new(s).unwrap();
    sim.advance(20 * 3);
    // More updates per epoch from epoch 4 on.
    let mut more = s.clone();
    more.run.steps_per_epoch = 30;
    let mut cont = sim.continue_with(&more).unwrap();
    cont.run_to_end();
    assert_eq!(cont.steps().len(), 3 * 20 + 13 * 30);
    assert!(cont.epochs()[3..].iter().all(|e| e.updates == 30));
    // Same optimizer dict: the Adam moments are kept; a changed dict starts a fresh Adam.
    let mut changed = s.clone();
    changed.optimizer.kwargs.push(("eps".into(), PyValue::Float(1e-8)));
    let mut fresh_sim = sim.continue_with(&changed).unwrap();
    fresh_sim.advance(1);
    let mut kept_sim = sim.continue_with(s).unwrap();
    kept_sim.advance(1);
    // eps=1e-8 is Adam's default: the only difference is the reset state, so the first update
    // after the checkpoint differs.
    assert_ne!(fresh_sim.steps()[60].loss.to_bits(), kept_sim.steps()[60].loss.to_bits());
    // A fresh Adam's first step is sign-like: |Δp| = lr·|g|/(|g|+eps) ≈ lr per coordinate.
    let before = sim.trajectory()[59];
    let after = fresh_sim.trajectory()[60];
    let lr = fresh_sim.steps()[60].learning_rate;
    for (a, b) in after.iter().zip(before) {
        assert!(((a - b).abs() - lr).abs() < 1e-5 * lr, "fresh Adam first step: {a} vs {b}, lr {lr}");
    }
    let moved: Vec<f64> = kept_sim.trajectory()[60].iter().zip(before).map(|(a, b)| (a - b).abs()).collect();
    assert!(moved.iter().any(|m| (m - lr).abs() > 1e-3 * lr), "the kept Adam is not at step 1: {moved:?}");
}

#[test]
fn surface_start_and_mode_cannot_continue() {
    let s = &variants()[0];
    let mut sim = Simulation::new(s).unwrap();
    sim.advance(50);
    let field = |r: Result<Simulation, Error>| match r {
        Err(Error::Invalid { field, .. }) => field,
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("continued"),
    };
    let mut other = s.clone();
    other.run.surface = Surface::NoisyQuadratic { dim: 21 };
    assert_eq!(field(sim.continue_with(&other)), "surface");
    let mut other = s.clone();
    other.run.start = vec![1.0; 20];
    assert_eq!(field(sim.continue_with(&other)), "start");
    let mut other = s.clone();
    other.mode = Mode::ScoresOnly { dev_scores: vec![1.0, 0.9], train_scores: None };
    assert_eq!(field(sim.continue_with(&other)), "scores_only");
    // Invalid new settings are reported as by Simulation::new.
    let mut bad = s.clone();
    bad.run.num_epochs = 0;
    assert_eq!(field(sim.continue_with(&bad)), "num_epochs");
}
