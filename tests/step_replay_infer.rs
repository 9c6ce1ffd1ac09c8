//! The replay of a modern run (`engine::step_replay`) and the inference of its step-level
//! schedule (`engine::step_infer`): the two real 2 000-epoch PyTorch runs, synthetic runs of every
//! known schedule (made by the engine's own functions, then inferred back from the recorded pairs
//! alone), and bad `:meta:` values (missing, out of order, non-finite).
#[path = "support/fixtures.rs"]
mod fixtures;

use schedule_explorer::engine::settings::{CosineKwargs, Number, Settings, StepScheduleSettings};
use schedule_explorer::engine::step_infer::{infer, infer_file, Sample};
use schedule_explorer::engine::step_lr::{Query, Schedule};
use schedule_explorer::engine::step_replay::{effective_points, replay_modern, Gap};
use schedule_explorer::returnn::lr_file::parse;
use std::time::Instant;

fn real_runs() -> Vec<(String, String)> {
    let files: Vec<(String, String)> = ["lr_file_mol.txt", "lr_file_att_only.txt"].iter().flat_map(|n| fixtures::realdata(n)).collect();
    assert_eq!(files.len(), 2, "both 2 000-epoch files");
    files
}

fn oclr(schedule: Schedule) -> Settings {
    let mut step = StepScheduleSettings::new(schedule);
    step.piecewise_steps = Some(vec![Number::Int(600000), Number::Int(900000), Number::Int(982000)]);
    step.piecewise_values = Some([1e-05, 0.001, 1e-05, 1e-06].iter().map(|v| Number::Float(*v)).collect());
    let mut s = Settings::default();
    s.lr_control.learning_rate = Number::Float(1.0);
    s.step_schedule = Some(step);
    s
}

#[test]
fn real_runs_replay_bit_for_bit_under_factor_and_not_under_the_neighbouring_variants() {
    for (name, text) in real_runs() {
        let file = parse(&text).expect("parses");
        let r = replay_modern(&file, &oclr(Schedule::PiecewiseLinearFactor)).expect("a modern run");
        assert_eq!(r.compared, 2000, "{name}");
        assert!(r.matches, "{name}: {}", r.summary());
        assert!(r.summary().contains("bit for bit: 2000 / 2000"), "{}", r.summary());
        let interp = replay_modern(&file, &oclr(Schedule::PiecewiseLinearInterp)).expect("a modern run");
        assert!(!interp.matches);
        let d = interp.first_difference.clone().expect("a first difference");
        assert_ne!(d.recorded.map(f64::to_bits), d.ours.map(f64::to_bits));
        assert!(interp.summary().contains(&format!("first at epoch {}", d.epoch)), "{}", interp.summary());
        let step = replay_modern(&file, &oclr(Schedule::PiecewiseLinearFactorStep)).expect("a modern run");
        assert_eq!(step.reproduced, 0, "{name}: @factor_step is one step late everywhere");
        assert_eq!(step.first_difference.map(|d| d.epoch), Some(1));
        // Without a schedule the effective LR is the epoch LR (1.0): differs at once.
        let none = replay_modern(&file, &Settings::default()).expect("a modern run");
        assert_eq!(none.first_difference.map(|d| (d.epoch, d.ours)), Some((1, Some(1.0))));
    }
}

#[test]
fn real_runs_are_inferred_as_factor_600k_900k_982k_quickly() {
    for (name, text) in real_runs() {
        let file = parse(&text).expect("parses");
        let t = Instant::now();
        let inf = infer_file(&file).expect("a modern run");
        let took = t.elapsed();
        let best = inf.best().unwrap_or_else(|| panic!("{name}: {}", inf.summary()));
        let s = best.schedule.clone().expect("a schedule");
        assert_eq!(s.schedule, Schedule::PiecewiseLinearFactor, "{name}: {}", inf.summary());
        assert_eq!(s.piecewise_steps, Some(vec![Number::Int(600000), Number::Int(900000), Number::Int(982000)]), "{}", best.description);
        assert_eq!(s.piecewise_values, Some([1e-05, 0.001, 1e-05, 1e-06].iter().map(|v| Number::Float(*v)).collect()), "{}", best.description);
        assert_eq!(best.reproduced, 2000);
        // The other variants do not reproduce the run, and say so.
        assert_eq!(inf.found.len(), 1, "{name}: {:?}", inf.found.iter().map(|f| &f.description).collect::<Vec<_>>());
        for v in [Schedule::PiecewiseLinearFactorStep, Schedule::PiecewiseLinearInterp] {
            assert!(inf.not_fit.iter().any(|n| n.schedule == v.name()), "{name}: {v:?} not reported: {}", inf.summary());
        }
        // The last breakpoint is after the run's last recorded step, and the note says so.
        assert!(best.notes.iter().any(|n| n.contains("982000")), "{:?}", best.notes);
        // And the offered settings really reproduce the file through the replay.
        let mut settings = Settings::default();
        settings.lr_control.learning_rate = Number::Float(1.0);
        settings.step_schedule = Some(s);
        assert!(replay_modern(&file, &settings).expect("modern").matches);
        println!("{name}: inferred in {took:?}: {}", inf.summary());
        assert!(took.as_millis() < 3000, "{name}: inference took {took:?}");
    }
}

/// A synthetic run: `schedule` at epoch starts every `per_epoch` steps, epoch LR 1.0.
fn run(s: &StepScheduleSettings, epochs: i64, per_epoch: i64) -> Vec<Sample> {
    let mut f = s.step_lr();
    (1..=epochs)
        .map(|e| {
            let step = (e - 1) * per_epoch + (e * 7) % 5;
            let effective = f.lr(&Query::epoch_start(e, step, 1.0)).expect("no error");
            Sample { epoch: e, step, learning_rate: 1.0, effective }
        })
        .collect()
}

fn piecewise(schedule: Schedule, steps: &[i64], values: &[f64]) -> StepScheduleSettings {
    let mut s = StepScheduleSettings::new(schedule);
    s.piecewise_steps = Some(steps.iter().map(|v| Number::Int(*v)).collect());
    s.piecewise_values = Some(values.iter().map(|v| Number::Float(*v)).collect());
    s
}

#[test]
fn synthetic_piecewise_runs_are_inferred_with_their_variant() {
    for schedule in [Schedule::PiecewiseLinearFactor, Schedule::PiecewiseLinearFactorStep, Schedule::PiecewiseLinearInterp] {
        // Ends on a flat value inside the run.
        let truth = piecewise(schedule, &[20000, 50000, 70000], &[0.0001, 0.003, 0.0002, 1e-05]);
        let samples = run(&truth, 100, 1000);
        let inf = infer(&samples);
        let best = inf.best().unwrap_or_else(|| panic!("{schedule:?}: {}", inf.summary()));
        let got = best.schedule.clone().expect("schedule");
        assert_eq!(got.schedule, schedule, "{}", inf.summary());
        assert_eq!(got.piecewise_steps, truth.piecewise_steps, "{}", best.description);
        assert_eq!(got.piecewise_values, truth.piecewise_values, "{}", best.description);
        assert!(best.description.contains("reproduces 100 / 100 epochs bit for bit"), "{}", best.description);
    }
}

#[test]
fn synthetic_invsqrt_and_cosine_runs_are_inferred() {
    let mut inv = StepScheduleSettings::new(Schedule::LinWarmupInvsqrtDecay);
    inv.warmup_steps = Some(Number::Int(20000));
    inv.invsqrt_norm = Some(Number::Int(20000));
    let inf = infer(&run(&inv, 200, 977));
    let best = inf.best().unwrap_or_else(|| panic!("{}", inf.summary()));
    let got = best.schedule.clone().expect("schedule");
    assert_eq!(got.schedule, Schedule::LinWarmupInvsqrtDecay, "{}", inf.summary());
    assert_eq!(got.warmup_steps, Some(Number::Int(20000)));
    assert_eq!(got.invsqrt_norm.map(Number::as_f64), Some(20000.0));

    let mut cos = StepScheduleSettings::new(Schedule::LinearWarmupCosineAnnealing);
    cos.cosine = Some(CosineKwargs {
        num_warmup_epochs: Some(Number::Int(10)),
        max_lr: Some(Number::Float(0.001)),
        min_lr: Some(Number::Float(1e-05)),
        num_epochs: Some(Number::Int(90)),
        num_constant_epochs: Some(Number::Int(5)),
    });
    let inf = infer(&run(&cos, 100, 500));
    let best = inf.best().unwrap_or_else(|| panic!("{}", inf.summary()));
    let got = best.schedule.clone().expect("schedule");
    assert_eq!(got.schedule, Schedule::LinearWarmupCosineAnnealing, "{}", inf.summary());
    let k = got.cosine.expect("kwargs");
    assert_eq!(k.max_lr.map(Number::as_f64), Some(0.001), "{}", best.description);
    assert_eq!(k.num_warmup_epochs.map(Number::as_f64), Some(10.0), "{}", best.description);
    assert_eq!(k.num_epochs.map(Number::as_f64), Some(90.0), "{}", best.description);
}

#[test]
fn an_unknown_shape_is_not_fit_and_says_why() {
    // A quadratic decay: no straight segments, no invsqrt, no cosine.
    let samples: Vec<Sample> = (1..=50).map(|e| Sample { epoch: e, step: (e - 1) * 100, learning_rate: 1.0, effective: 1e-3 / (e as f64 * e as f64) + 1e-7 }).collect();
    let inf = infer(&samples);
    assert!(inf.found.is_empty(), "{:?}", inf.found);
    assert_eq!(inf.not_fit.len(), 6, "{:?}", inf.not_fit);
    let text = inf.summary();
    assert!(text.starts_with("no known schedule reproduces the 50 recorded epochs"), "{text}");
    assert!(text.contains("not piecewise linear"), "{text}");
    // A flat effective LR equal to the epoch LR: no schedule needed.
    let flat: Vec<Sample> = (1..=5).map(|e| Sample { epoch: e, step: e * 10, learning_rate: 0.5, effective: 0.5 }).collect();
    let inf = infer(&flat);
    assert_eq!(inf.best().map(|b| b.schedule.is_none()), Some(true), "{}", inf.summary());
}

/// The mol file with some epochs' `:meta:` values damaged.
fn damaged() -> String {
    let (_, text) = fixtures::realdata("lr_file_mol.txt").into_iter().next().expect("mol");
    let mut out = String::new();
    let mut epoch = 0;
    for line in text.lines() {
        if let Some(rest) = line.strip_suffix(": EpochData(learningRate=1.0, error={") {
            epoch = rest.trim().parse().unwrap_or(0);
        }
        let l = match epoch {
            3 if line.contains("':meta:effective_learning_rate'") => continue,
            5 if line.contains("':meta:effective_learning_rate'") => "':meta:effective_learning_rate': float('nan'),".to_string(),
            7 if line.contains("':meta:global_train_step'") => "':meta:global_train_step': 5,".to_string(),
            9 if line.contains("':meta:global_train_step'") => continue,
            _ => line.to_string(),
        };
        out.push_str(&l);
        out.push('\n');
    }
    out
}

#[test]
fn gaps_are_marked_not_guessed_and_do_not_break_the_match_or_the_inference() {
    let text = damaged();
    let file = parse(&text).expect("the damaged file still parses");
    let points = effective_points(&file).expect("modern");
    let gaps: Vec<(i64, Gap)> = points.iter().filter_map(|p| p.gap.map(|g| (p.epoch, g))).collect();
    assert_eq!(gaps, vec![(3, Gap::NoEffectiveLr), (5, Gap::NonFinite), (7, Gap::OutOfOrder), (9, Gap::NoStep)]);
    // Shown as recorded: the NaN stays NaN, the missing value stays missing.
    assert!(points[4].effective.is_some_and(f64::is_nan));
    assert_eq!(points[2].effective, None);
    let r = replay_modern(&file, &oclr(Schedule::PiecewiseLinearFactor)).expect("modern");
    assert_eq!((r.compared, r.reproduced), (1996, 1996));
    assert!(r.matches);
    assert!(r.summary().contains("4 epochs with gaps"), "{}", r.summary());
    assert_eq!(r.ours[2], None);
    let inf = infer_file(&file).expect("modern");
    assert_eq!(inf.gaps, 4);
    assert_eq!(inf.best().and_then(|b| b.schedule.as_ref()).map(|s| s.schedule), Some(Schedule::PiecewiseLinearFactor), "{}", inf.summary());
    assert!(inf.summary().contains("4 epochs with gaps"), "{}", inf.summary());
}

#[test]
fn a_file_without_effective_lrs_is_no_modern_run() {
    let file = parse("{1: EpochData(learningRate=0.1, error={'dev_score': 1.0}),}").expect("parses");
    assert!(effective_points(&file).is_none());
    assert!(infer_file(&file).is_none());
    assert!(replay_modern(&file, &Settings::default()).is_none());
}
