#![cfg(not(target_arch = "wasm32"))]
//! Sweeps: axes, validation naming the field, cells computed independently (a worker's subset
//! from the JSON spec equals the whole run), outcomes checked against runs built by hand.
use schedule_explorer::py::error::Error;
use schedule_explorer::engine::lr_control::Verdict;
use schedule_explorer::engine::settings::{Factor, Mode, Number, Scheme, Settings};
use schedule_explorer::engine::sim;
use schedule_explorer::engine::surface::Surface;
use schedule_explorer::engine::sweep::{
    best_cell, grid, is_sweep_key, outcome_of, run_all, run_cell, run_cells, Axis, CellResult, CellStatus, Outcome, SweepSpec,
};
use schedule_explorer::ui::form::{self, Form};
use schedule_explorer::ui::model::settings_from_form;
use schedule_explorer::ui::sweep_job::{jobs, parse_output, run_job, FormJob};

/// Dev scores improving by 0.5 % per epoch: a relative error of about −0.005.
fn slow_scores(n: usize) -> Vec<f64> {
    (0..n).map(|i| 2.0 * libm::pow(0.995, i as f64)).collect()
}

fn scores_base() -> Settings {
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::Newbob;
    s.lr_control.learning_rate = Number::Float(0.1);
    s.mode = Mode::ScoresOnly { dev_scores: slow_scores(12), train_scores: None };
    s
}

fn threshold_decay_spec(outcome: Outcome) -> SweepSpec {
    SweepSpec {
        x: Axis::new("newbob_relative_error_threshold", vec![-0.01, -0.001, 0.0]),
        y: Axis::new("newbob_learning_rate_decay", vec![0.5, 0.8]),
        outcome,
        base: scores_base(),
        recorded_lr: vec![],
    }
}

#[test]
fn axes() {
    let a = Axis::linear("learning_rate", 0.0, 1.0, 5);
    assert_eq!(a.values, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    assert_eq!(Axis::linear("learning_rate", 0.3, 0.3, 1).values, vec![0.3]);
    let l = Axis::log("learning_rate", 1e-4, 0.1, 4).expect("log");
    assert_eq!(l.values, vec![1e-4, 1e-3, 0.01, 0.1]);
    let l = Axis::log("learning_rate", 1e-3, 1.0, 7).expect("log");
    assert_eq!(l.values.first(), Some(&1e-3));
    assert_eq!(l.values.last(), Some(&1.0));
    assert!(l.values.windows(2).all(|w| w[0] < w[1]));
    let e = Axis::log("learning_rate", 0.0, 1.0, 3).expect_err("0 bound");
    assert!(matches!(e, Error::Invalid { ref field, .. } if field == "learning_rate axis"), "{e}");
    assert_eq!(Axis::int_range("newbob_multi_num_epochs", 1, 9, 4).values, vec![1.0, 5.0, 9.0]);
    assert!(is_sweep_key("optimizer.momentum"));
    assert!(!is_sweep_key("optimizer.class"));
    assert!(!is_sweep_key("learning_rate_control"));
}

fn field_of(e: &Error) -> String {
    match e {
        Error::Invalid { field, .. } => field.clone(),
        Error::Limit { what, .. } => what.clone(),
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn validation_names_the_field() {
    let mut spec = threshold_decay_spec(Outcome::NumDecays);
    assert!(spec.validate().is_ok());
    spec.x.key = "learning_rate_control".into();
    assert_eq!(field_of(&spec.validate().expect_err("non-numeric")), "x.key");
    let mut spec = threshold_decay_spec(Outcome::NumDecays);
    spec.y = Axis::new("newbob_multi_num_epochs", vec![2.0, 2.5]);
    let e = spec.validate().expect_err("not whole");
    assert_eq!(field_of(&e), "y.values[1]");
    assert!(e.to_string().contains("newbob_multi_num_epochs"), "{e}");
    spec.y = Axis::new("run.seed", vec![-1.0]);
    assert_eq!(field_of(&spec.validate().expect_err("negative seed")), "y.values[0]");
    spec.y = Axis::new("newbob_relative_error_threshold", vec![0.0]);
    assert_eq!(field_of(&spec.validate().expect_err("same key")), "y.key");
    spec.y = Axis::new("learning_rate", vec![]);
    assert_eq!(field_of(&spec.validate().expect_err("empty")), "y.values");
    spec.x = Axis::linear("learning_rate", 0.0, 1.0, 60);
    spec.y = Axis::linear("min_learning_rate", 0.0, 1.0, 60);
    assert!(matches!(spec.validate(), Err(Error::Limit { .. })));
    // The whole sweep's work is bounded.
    let mut heavy = threshold_decay_spec(Outcome::FinalDevScore);
    heavy.base.mode = Mode::Simulate;
    heavy.base.run.steps_per_epoch = 10_000;
    heavy.x = Axis::int_range("num_epochs", 100, 1000, 100);
    assert_eq!(heavy.max_total_updates(), 10 * 2 * 1000 * 10_000);
    assert!(matches!(heavy.validate(), Err(Error::Limit { .. })));
    heavy.x = Axis::int_range("num_epochs", 1, 5, 1);
    assert!(heavy.validate().is_ok());
    // Out-of-range indices are an invalid cell, not a panic.
    let r = run_cell(&threshold_decay_spec(Outcome::NumDecays), 7, 0);
    assert_eq!(r.status, CellStatus::Invalid);
    assert!(r.message.as_deref().is_some_and(|m| m.contains("ix")), "{r:?}");
}

#[test]
fn cells_are_the_runs_they_stand_for() {
    let spec = threshold_decay_spec(Outcome::NumDecays);
    let cells = run_all(&spec).expect("valid");
    assert_eq!(cells.len(), 6);
    for c in &cells {
        // The same run built by hand.
        let mut s = scores_base();
        s.lr_control.newbob_relative_error_threshold = Some(Number::Float(c.x));
        s.lr_control.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(c.y)));
        assert_eq!(spec.cell_settings(c.ix, c.iy).expect("settings"), s);
        let run = sim::run(&s).expect("run");
        let decays = run.epochs().iter().filter(|e| e.decision.as_ref().is_some_and(|d| d.verdict == Verdict::Decay)).count();
        assert_eq!(c.value, Some(decays as f64));
        assert_eq!(c.status, CellStatus::Finished);
        assert_eq!(c.epochs, 12);
        // Relative errors of about −0.005: above −0.01 (decay every epoch from epoch 3), below
        // −0.001 and 0.
        if c.x == -0.01 {
            assert_eq!(decays, 10, "{c:?}");
        } else {
            assert_eq!(decays, 0, "{c:?}");
        }
    }
    let final_lr = run_all(&threshold_decay_spec(Outcome::FinalLr)).expect("valid");
    for c in &final_lr {
        let s = threshold_decay_spec(Outcome::FinalLr).cell_settings(c.ix, c.iy).expect("settings");
        let run = sim::run(&s).expect("run");
        assert_eq!(c.value.map(f64::to_bits), run.epochs().last().map(|e| e.learning_rate.to_bits()));
        if c.x != -0.01 {
            assert_eq!(c.value, Some(0.1));
        }
    }
    let g = grid(&spec, &cells);
    assert_eq!(g.len(), 2);
    assert_eq!(g[1][1], Some(0.0));
    assert_eq!(g[0][0], Some(10.0));
    let best = best_cell(&cells).expect("best");
    assert_eq!(best.value, Some(0.0));
}

#[test]
fn a_worker_subset_from_json_equals_the_whole_run() {
    let spec = threshold_decay_spec(Outcome::EpochsToTarget(1.95));
    let json = serde_json::to_string(&spec).expect("spec json");
    assert!(json.contains("\"epochs_to_target\":1.95"), "{json}");
    let back: SweepSpec = serde_json::from_str(&json).expect("spec back");
    assert_eq!(back, spec);
    let all = run_all(&spec).expect("valid");
    let subset = [(2usize, 1usize), (0, 0)];
    let part = run_cells(&back, &subset);
    for r in &part {
        let same = all.iter().find(|c| c.ix == r.ix && c.iy == r.iy).expect("cell");
        assert_eq!(same, r);
        let text = serde_json::to_string(r).expect("cell json");
        let r2: CellResult = serde_json::from_str(&text).expect("cell back");
        assert_eq!(&r2, r);
    }
    // 2·0.995^i ≤ 1.95 first for i = 6: epoch 7, whatever the LR control does.
    assert!(all.iter().all(|c| c.value == Some(7.0)), "{all:?}");
    // Non-finite values survive the JSON trip.
    let mut nan_spec = threshold_decay_spec(Outcome::FinalDevScore);
    nan_spec.x.values = vec![f64::NAN];
    let r = run_cell(&nan_spec, 0, 0);
    let text = serde_json::to_string(&r).expect("json");
    assert!(text.contains("\"x\":\"NaN\""), "{text}");
    let back: CellResult = serde_json::from_str(&text).expect("back");
    assert!(back.x.is_nan());
    assert_eq!(back.value, r.value);
}

#[test]
fn simulated_cells_diverge_and_fail_as_runs_do() {
    let mut base = Settings::default();
    base.lr_control.scheme = Scheme::Newbob;
    base.run.surface = Surface::Quadratic { a: 1.0, b: 10.0 };
    base.run.num_epochs = 4;
    base.run.steps_per_epoch = 20;
    base.run.seed = 3;
    let spec = SweepSpec {
        x: Axis::new("learning_rate", vec![0.01, 5.0]),
        y: Axis::new("run.seed", vec![1.0, 2.0]),
        outcome: Outcome::FinalDevScore,
        base: base.clone(),
        recorded_lr: vec![],
    };
    let cells = run_all(&spec).expect("valid");
    for c in &cells {
        let s = spec.cell_settings(c.ix, c.iy).expect("settings");
        let run = sim::run(&s).expect("run");
        assert_eq!(c.value, outcome_of(&run, Outcome::FinalDevScore));
        if c.x == 5.0 {
            assert_eq!(c.status, CellStatus::Diverged, "{c:?}");
            assert!(c.value.is_none());
            assert!(c.message.as_deref().is_some_and(|m| m.contains("diverged")));
        } else {
            assert_eq!(c.status, CellStatus::Finished, "{c:?}");
            assert!(c.value.is_some_and(f64::is_finite));
        }
    }
    // RETURNN asserts newbob_multi_num_epochs >= 1: that cell is a failed run, the others run.
    base.lr_control.scheme = Scheme::NewbobMultiEpoch;
    let spec = SweepSpec {
        x: Axis::new("newbob_multi_num_epochs", vec![0.0, 2.0]),
        y: Axis::new("learning_rate", vec![0.01]),
        outcome: Outcome::NumDecays,
        base,
        recorded_lr: vec![],
    };
    let cells = run_all(&spec).expect("valid");
    assert_eq!(cells[0].status, CellStatus::Failed);
    assert!(cells[0].message.as_deref().is_some_and(|m| m.contains("AssertionError")), "{:?}", cells[0]);
    assert_eq!(cells[1].status, CellStatus::Finished);
}

/// A sweep on the scores of a real run: the cell with the paper's settings decays exactly where
/// the recorded run did.
#[test]
fn sweep_on_the_scores_of_a_real_file() {
    use schedule_explorer::engine::replay::{replay, scores_only_settings};
    use schedule_explorer::returnn::lr_file::parse;
    #[path = "support/fixtures.rs"]
    mod fixtures;
    let (name, text) = fixtures::realdata("smbr.4grbig.nopc.scores").pop().expect("file");
    let file = parse(&text).expect("parse");
    let mut base = Settings::default();
    base.lr_control.scheme = Scheme::Newbob;
    base.lr_control.learning_rate = Number::Float(1e-4);
    base.lr_control.min_learning_rate = Some(Number::Float(1e-6));
    let base = scores_only_settings(&base, &file, "dev_score").expect("dev_score");
    assert!(scores_only_settings(&base, &file, "no_such_key").is_none());
    let spec = SweepSpec {
        x: Axis::new("newbob_learning_rate_decay", vec![0.5, 0.8]),
        y: Axis::new("newbob_relative_error_threshold", vec![-0.01, -0.1]),
        outcome: Outcome::FinalLr,
        base,
        recorded_lr: vec![],
    };
    let cells = run_all(&spec).expect("valid");
    let paper = cells.iter().find(|c| c.x == 0.8 && c.y == -0.01).expect("cell");
    let recorded_final = file.values().last().map(|d| d.lr()).expect("epochs");
    assert_eq!(paper.value.map(f64::to_bits), Some(recorded_final.to_bits()), "{name}");
    let r = replay(&file, &spec.cell_settings(paper.ix, paper.iy).expect("settings"), Some("dev_score"));
    assert_eq!(r.replayed_lr.last().copied().flatten(), paper.value);
}

/// A form's sweep as the page builds it: base settings from the form (a short classic newbob run).
fn form_spec(outcome: Outcome) -> (Form, SweepSpec) {
    let mut form = form::preset("classic_newbob").expect("preset");
    form.set_field("num_epochs", "6");
    form.set_field("steps_per_epoch", "20");
    let base = settings_from_form(&form).expect("settings");
    let spec = SweepSpec {
        x: Axis::new("newbob_relative_error_threshold", vec![-0.01, -0.001, 0.0, f64::NAN]),
        y: Axis::new("newbob_learning_rate_decay", vec![0.5, 0.8]),
        outcome,
        base,
        recorded_lr: vec![],
    };
    (form, spec)
}

fn same_cells(got: &[CellResult], want: &[CellResult]) {
    assert_eq!(got.len(), want.len());
    for (g, a) in got.iter().zip(want) {
        assert_eq!((g.ix, g.iy, g.x.to_bits(), g.y.to_bits(), g.status, g.epochs), (a.ix, a.iy, a.x.to_bits(), a.y.to_bits(), a.status, a.epochs));
        assert_eq!(g.value.map(f64::to_bits), a.value.map(f64::to_bits));
        assert_eq!(g.message, a.message);
    }
}

/// The worker protocol (ui::sweep_job): the page's batches carry the form, the axes and the cells;
/// each job parses back, together they cover the grid once in row-major order, and the worker's
/// outputs (rebuilding the settings from the form) give the page's sweep bit for bit, also for
/// non-finite values and recorded LRs.
#[test]
fn worker_jobs_carry_the_form_and_give_the_pages_sweep() {
    for outcome in [Outcome::FinalDevScore, Outcome::NumDecays, Outcome::ReproducesRecorded] {
        let (form, mut spec) = form_spec(outcome);
        if outcome == Outcome::ReproducesRecorded {
            let sim = schedule_explorer::engine::sim::Simulation::new(&spec.base).map(|mut s| {
                s.run_to_end();
                s
            });
            spec.recorded_lr = sim.expect("run").epochs().iter().map(|e| e.learning_rate).collect();
            spec.recorded_lr.push(f64::NAN);
        }
        let all = run_cells(&spec, &spec.cells());
        for batch in [0usize, 1, 3, 100] {
            let texts = jobs(&form, &spec, batch);
            assert_eq!(texts.len(), spec.num_cells().div_ceil(batch.max(1)), "batch {batch}");
            let (mut cells, mut got) = (Vec::new(), Vec::new());
            for text in &texts {
                let job = FormJob::from_text(text).expect("job text");
                assert_eq!((job.x.key.as_str(), job.y.key.as_str(), job.outcome), (spec.x.key.as_str(), spec.y.key.as_str(), spec.outcome));
                assert_eq!(job.x.values.iter().chain(&job.y.values).map(|v| v.to_bits()).collect::<Vec<_>>(), spec.x.values.iter().chain(&spec.y.values).map(|v| v.to_bits()).collect::<Vec<_>>());
                assert_eq!(job.form, form.to_pairs());
                assert_eq!(job.recorded_lr.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), spec.recorded_lr.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
                assert!(job.cells.len() <= batch.max(1));
                cells.extend(job.cells);
                got.extend(parse_output(&run_job(text)).expect("results"));
            }
            assert_eq!(cells, spec.cells());
            same_cells(&got, &all);
        }
    }
}

/// Bad jobs are error messages naming what is wrong, never a panic; output that is not the
/// contract is an error too.
#[test]
fn bad_worker_jobs_are_errors() {
    let (form, spec) = form_spec(Outcome::EpochsToTarget(1.5));
    let first = || FormJob::from_text(&jobs(&form, &spec, 2)[0]).expect("job");
    assert_eq!(first().outcome, Outcome::EpochsToTarget(1.5));
    for (text, part) in [("not a job", "no \"outcome\""), ("form=&x=a&xv=zz&y=b&yv=&outcome=num_decays&target=0&recorded=&cells=", "xv"),
        ("form=&x=a&xv=&y=b&yv=&outcome=best&target=0&recorded=&cells=", "unknown outcome"),
        ("form=&x=a&xv=&y=b&yv=&outcome=num_decays&target=0&recorded=&cells=1:x", "cells")] {
        let err = parse_output(&run_job(text)).expect_err(text);
        assert!(err.starts_with("job") && err.contains(part), "{text}: {err}");
    }
    let mut job = first();
    job.form.push(("learning_rate".into(), "abc".into()));
    let err = parse_output(&run_job(&job.to_text())).expect_err("error");
    assert!(err.contains("learning_rate"), "{err}");
    let mut bad = spec.clone();
    bad.y.key = bad.x.key.clone();
    let err = parse_output(&run_job(&jobs(&form, &bad, 2)[0])).expect_err("error");
    assert!(err.contains("y.key"), "{err}");
    let mut job = first();
    job.cells = vec![(99, 0)];
    let out = parse_output(&run_job(&job.to_text())).expect("results");
    assert_eq!(out[0].status, CellStatus::Invalid);
    assert!(out[0].message.as_deref().is_some_and(|m| !m.is_empty()));
    for text in ["", "x=1", "cell=1:2", "cell=0:0:0:0:-:exploded:1:", "cell=0:0:zz:0:-:finished:1:"] {
        assert!(parse_output(text).is_err(), "{text}");
    }
}
