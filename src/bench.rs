//! The standard benchmark workloads, as pure functions shared by the native CLI
//! (`schedule-explorer bench`), `benches/bench.rs` and the browser app (`?bench`).
//!
//! Nothing here reads a clock itself: every function takes a timer `now` returning milliseconds
//! (natively a monotonic `Instant`, in the browser `performance.now()`), so the same code measures
//! the same work on both targets. A result is one JSON line
//! `{"workload": "<name>", "median_ms": <float>, "runs": <int>}` ([`BenchResult::to_json_line`]).
//!
//! | name | workload |
//! |---|---|
//! | [`SIMULATE`] = `simulate_adam_rosenbrock_newbob_rel` | the simulator, [`simulate_settings`]: 100 epochs × 1 000 updates, Adam (lr 1e-3) on Rosenbrock from (-1.5, 2), mini-batch noise 0.5, `newbob_rel` on the simulated dev scores, seed 42 |
//! | [`PARSE_REPLAY`] = `parse_replay_lr_file_mol` | parse the 2.3 MB `lr_file_mol.txt` (2 000 epochs, RETURNN's loader semantics) and replay its scores under `newbob` ([`replay_config`]) from an empty history |
//!
//! Each workload runs once unmeasured (warm-up), then `runs` times; the median of the measured
//! runs is reported. The workloads return a checksum of what they computed so the work cannot be
//! optimised away and so that a broken workload is an error, not a fast number.
use crate::py::error::{Error, Result};
use crate::engine::lr_control::{run_scenario_owned, Scenario, ScenarioEpoch};
use crate::engine::settings::Settings;
use crate::engine::sim::{Simulation, Stop};
use crate::engine::surface::Surface;
use crate::returnn::lr_file;
use crate::py::value::PyValue;
use crate::py::typed_config::TypedConfig;

/// Workload (a): the simulator.
pub const SIMULATE: &str = "simulate_adam_rosenbrock_newbob_rel";
/// Workload (b): parse + replay of a real 2.3 MB `learning_rate_file`.
pub const PARSE_REPLAY: &str = "parse_replay_lr_file_mol";
/// The workloads [`run_named`] knows, in the order `schedule-explorer bench` runs them.
pub const WORKLOADS: [&str; 2] = [SIMULATE, PARSE_REPLAY];
/// The file workload (b) reads, relative to the repository root.
pub const LR_FILE_MOL: &str =
    "tests/fixtures/realdata/lrfiles/rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt";
/// Default measured runs per workload.
pub const DEFAULT_RUNS: usize = 15;
/// Largest number of measured runs accepted.
pub const MAX_RUNS: usize = 10_000;

/// One workload's measurement.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchResult {
    pub workload: String,
    /// Median wall time of one run, in milliseconds.
    pub median_ms: f64,
    /// Measured runs (the warm-up run is not counted).
    pub runs: usize,
}

impl BenchResult {
    /// `{"workload": "...", "median_ms": 12.34, "runs": 15}` (the float as Python `repr`).
    pub fn to_json_line(&self) -> String {
        let v = serde_json::json!({
            "workload": self.workload,
            "median_ms": crate::py::json::float_to_json(self.median_ms),
            "runs": self.runs,
        });
        crate::py::json::to_line(&v)
    }
}

/// The median of the samples (mean of the two middle ones for an even count; NaN when empty).
pub fn median(samples: &[f64]) -> f64 {
    let mut s: Vec<f64> = samples.to_vec();
    crate::engine::sort::sort_by(&mut s, f64::total_cmp);
    let n = s.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => s[n / 2],
        _ => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

/// Runs `work` once to warm up, then `runs` times timed with `now`; the first error stops it.
pub fn measure(
    name: &str,
    runs: usize,
    now: &mut dyn FnMut() -> f64,
    work: &mut dyn FnMut() -> Result<f64>,
) -> Result<BenchResult> {
    if runs == 0 || runs > MAX_RUNS {
        return Err(Error::invalid("runs", format!("must be between 1 and {MAX_RUNS}, got {runs}")));
    }
    std::hint::black_box(work()?);
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t0 = now();
        std::hint::black_box(work()?);
        samples.push(now() - t0);
    }
    Ok(BenchResult { workload: name.to_string(), median_ms: median(&samples), runs })
}

/// The settings of workload (a), built from their RETURNN keys and run fields (not from JSON:
/// the page has no other use for deserializing `Settings`, which would add serde code to its wasm).
pub fn simulate_settings() -> Result<Settings> {
    let mut settings = Settings::from_config(&[
        ("learning_rate_control".to_string(), PyValue::Str("newbob_rel".into())),
        ("learning_rate".to_string(), PyValue::Float(0.001)),
        ("optimizer".to_string(), PyValue::Dict(vec![(PyValue::Str("class".into()), PyValue::Str("adam".into()))])),
    ])?;
    let run = &mut settings.run;
    run.surface = Surface::from_json(&serde_json::json!({"name": "rosenbrock"}))?;
    run.start = vec![-1.5, 2.0];
    run.num_epochs = 100;
    run.steps_per_epoch = 1000;
    run.batch_noise = 0.5;
    run.batch_size = 32;
    run.seed = 42;
    run.dev_noise = 0.01;
    settings.validate()?;
    Ok(settings)
}

/// Workload (a) once: builds and runs the simulation to the end. Returns the final loss plus the
/// sum of the epochs' learning rates; an error if the run did not finish all 100 × 1 000 updates.
pub fn simulate_once(settings: &Settings) -> Result<f64> {
    let mut sim = Simulation::new(settings)?;
    sim.run_to_end();
    match sim.stop() {
        Some(Stop::Finished) => {}
        Some(Stop::Failed(e)) => return Err(e.clone()),
        Some(Stop::Diverged { update, reason, .. }) => {
            return Err(Error::invalid("bench", format!("the benchmark run diverged at update {update}: {reason}")))
        }
        None => return Err(Error::invalid("bench", "the benchmark run did not finish")),
    }
    let expected = (settings.run.num_epochs * settings.run.steps_per_epoch) as usize;
    if sim.steps().len() != expected {
        return Err(Error::invalid("bench", format!("ran {} updates, expected {expected}", sim.steps().len())));
    }
    let lr_sum: f64 = sim.epochs().iter().map(|e| e.learning_rate).sum();
    let loss = sim.steps().last().map_or(f64::NAN, |s| s.loss);
    Ok(loss + lr_sum)
}

/// The LR-control config workload (b) replays under (RETURNN's `newbob`, i.e. `NewbobRelative`,
/// the error measure the mol run reported first among its dev scores).
pub fn replay_config() -> TypedConfig {
    TypedConfig::new()
        .with("learning_rate_control", PyValue::Str("newbob".into()))
        .with("learning_rate", PyValue::Float(1.0))
        .with("learning_rate_control_error_measure", PyValue::Str("dev_loss_ce".into()))
}

/// Workload (b) once: parses the text as RETURNN's loader would and replays every epoch's scores
/// under [`replay_config`]. Returns the sum of the replayed learning rates; an error if the text
/// does not parse or RETURNN would raise during the replay.
pub fn parse_replay_once(text: &str, config: &TypedConfig) -> Result<f64> {
    let file = lr_file::parse(text)?;
    let n = file.len();
    // What `replay_lr_file` does, with the parsed table moved into the scenario and on into the
    // control instead of copied (RETURNN's Python hands its dicts over the same way).
    let scenario = Scenario {
        name: "bench".into(),
        config: config.clone(),
        pretrain_num_epochs: None,
        initial_learning_rate_file: None,
        epochs: file.into_iter().map(|(epoch, d)| ScenarioEpoch { epoch, scores: d.error, meta: d.meta }).collect(),
    };
    let out = run_scenario_owned(scenario);
    if let Some(e) = out.error {
        return Err(e);
    }
    if out.learning_rates.len() != n {
        return Err(Error::invalid("bench", "the replay did not cover every epoch"));
    }
    Ok(out.learning_rates.iter().filter_map(PyValue::as_py_float).sum())
}

/// Measures workload (a).
pub fn bench_simulate(runs: usize, now: &mut dyn FnMut() -> f64) -> Result<BenchResult> {
    let settings = simulate_settings()?;
    measure(SIMULATE, runs, now, &mut || simulate_once(&settings))
}

/// Measures workload (b) on `lr_file_text` (the content of [`LR_FILE_MOL`]).
pub fn bench_parse_replay(lr_file_text: &str, runs: usize, now: &mut dyn FnMut() -> f64) -> Result<BenchResult> {
    let config = replay_config();
    measure(PARSE_REPLAY, runs, now, &mut || parse_replay_once(lr_file_text, &config))
}

/// Measures the workload called `name` (one of [`WORKLOADS`]); `lr_file_text` is needed for
/// [`PARSE_REPLAY`] only.
pub fn run_named(name: &str, lr_file_text: Option<&str>, runs: usize, now: &mut dyn FnMut() -> f64) -> Result<BenchResult> {
    match name {
        SIMULATE => bench_simulate(runs, now),
        PARSE_REPLAY => match lr_file_text {
            Some(t) => bench_parse_replay(t, runs, now),
            None => Err(Error::invalid("bench", format!("{PARSE_REPLAY} needs the text of {LR_FILE_MOL}"))),
        },
        other => Err(Error::invalid("workload", format!("unknown workload {other:?}; known: {}", WORKLOADS.join(", ")))),
    }
}
