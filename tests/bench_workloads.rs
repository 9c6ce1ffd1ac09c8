#![cfg(not(target_arch = "wasm32"))]
//! The benchmark workloads do the work they claim (not timed here): workload a runs 100 × 1 000
//! updates to the end, workload b replays all 2 000 epochs of the mol file, and the result line
//! has the contract's shape. A fake clock makes the medians exact.
use schedule_explorer::bench::{self, median, BenchResult, LR_FILE_MOL, PARSE_REPLAY, SIMULATE};
use std::path::PathBuf;

/// A clock that advances by 2 ms per reading.
fn fake_clock() -> impl FnMut() -> f64 {
    let mut t = 0.0;
    move || {
        t += 2.0;
        t
    }
}

#[test]
fn result_lines_follow_the_contract() {
    let r = BenchResult { workload: SIMULATE.into(), median_ms: 12.5, runs: 3 };
    let v: serde_json::Value = serde_json::from_str(&r.to_json_line()).expect("JSON");
    let keys: Vec<&str> = v.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, ["workload", "median_ms", "runs"]);
    assert_eq!(v["median_ms"].as_f64(), Some(12.5));
    assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
    assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
}

#[test]
fn workload_a_runs_every_update() {
    let settings = bench::simulate_settings().expect("settings");
    assert_eq!((settings.run.num_epochs, settings.run.steps_per_epoch), (100, 1000));
    // Exactly the settings the documented workload names (docs/BENCHMARKS.md), as JSON.
    let documented: schedule_explorer::engine::settings::Settings = serde_json::from_value(serde_json::json!({
        "lr_control": {"scheme": "newbob_rel", "learning_rate": 0.001},
        "optimizer": {"class": "adam"},
        "run": {"surface": {"name": "rosenbrock"}, "start": [-1.5, 2.0], "num_epochs": 100, "steps_per_epoch": 1000,
                "batch_noise": 0.5, "batch_size": 32, "seed": 42, "dev_noise": 0.01}
    }))
    .expect("settings JSON");
    // (Which keys the RETURNN snippet would write does not change the workload.)
    assert!(settings.assigned.optimizer, "the bench chooses Adam in the form");
    assert_eq!(schedule_explorer::engine::settings::Settings { assigned: Default::default(), ..settings.clone() }, documented);
    let checksum = bench::simulate_once(&settings).expect("a full run");
    assert!(checksum.is_finite());
    // Seeded: the same numbers every time.
    assert_eq!(checksum.to_bits(), bench::simulate_once(&settings).expect("again").to_bits());
    let mut clock = fake_clock();
    let r = bench::run_named(SIMULATE, None, 1, &mut clock).expect("measure");
    assert_eq!((r.workload.as_str(), r.runs, r.median_ms), (SIMULATE, 1, 2.0));
}

#[test]
fn workload_b_replays_the_whole_mol_file() {
    let text = std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(LR_FILE_MOL)).expect("mol file");
    assert!(text.len() > 2_000_000);
    let sum = bench::parse_replay_once(&text, &bench::replay_config()).expect("replay");
    assert!(sum > 0.0 && sum.is_finite());
    let mut clock = fake_clock();
    let r = bench::run_named(PARSE_REPLAY, Some(&text), 2, &mut clock).expect("measure");
    assert_eq!((r.runs, r.median_ms), (2, 2.0));
    assert!(bench::run_named(PARSE_REPLAY, None, 1, &mut clock).is_err(), "needs the text");
    assert!(bench::run_named("nope", None, 1, &mut clock).is_err());
    assert!(bench::run_named(SIMULATE, None, 0, &mut clock).is_err(), "zero runs");
    assert!(bench::parse_replay_once("{1: EpochData(learningRate=1)}", &bench::replay_config()).is_err());
}
