#![cfg(not(target_arch = "wasm32"))]
//! Exported snippets, loaded by the real RETURNN (`from returnn.config import Config;
//! c.load_file(path)`), must give back the settings' values: exactly (repr) for snippets written
//! from Settings, equal as Python values for `config export` of the fixtures' configs. And
//! simulated runs, replayed through RETURNN's own LR control, give the same LRs and file text.
//!
//! Needs `python3 -c "import returnn"` (`pip install returnn`; scripts/install-tools.sh does it).
//! Without it the tests fail, saying so — a skipped check would pass without checking anything.
//! `SE_SKIP_RETURNN=1` skips them explicitly (each prints SKIPPED), for a machine without Python.
#[path = "support/settings_gen.rs"]
mod settings_gen;

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config as PtConfig, TestRunner};
use schedule_explorer::engine::settings::Settings;
use schedule_explorer::returnn::config::export::{export, export_form, export_values, values_from_json};
use schedule_explorer::py::json::json_to_py;
use schedule_explorer::py::value::PyValue;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// True when RETURNN can be imported; panics when it cannot, unless `SE_SKIP_RETURNN=1` asks to
/// skip these checks explicitly.
fn returnn_available() -> bool {
    let ok = Command::new("python3").args(["-c", "import returnn"]).output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        let msg = "RETURNN is not importable (`python3 -c \"import returnn\"` failed): run `pip install returnn` \
                   (scripts/install-tools.sh does) to check exported snippets against the real RETURNN";
        if std::env::var("SE_SKIP_RETURNN").as_deref() != Ok("1") {
            panic!("{msg} (SE_SKIP_RETURNN=1 skips these checks explicitly)");
        }
        eprintln!("SKIPPED (SE_SKIP_RETURNN=1): {msg}");
    }
    ok
}

/// Writes each snippet to a file and loads them all with RETURNN in one python3 run.
fn load_with_returnn(tag: &str, snippets: &[String]) -> Vec<Value> {
    let dir: PathBuf = std::env::temp_dir().join(format!("schedule-explorer-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let paths: Vec<PathBuf> = (0..snippets.len()).map(|i| dir.join(format!("snippet{i}.config"))).collect();
    for (p, s) in paths.iter().zip(snippets) {
        std::fs::write(p, s).expect("write snippet");
    }
    let out = Command::new("python3")
        .arg(manifest().join("scripts/returnn-check.py"))
        .args(&paths)
        .output()
        .expect("run python3");
    assert!(out.status.success(), "returnn-check.py failed: {}", String::from_utf8_lossy(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), snippets.len());
    lines
}

#[test]
fn exported_settings_load_back_exactly_in_returnn() {
    if !returnn_available() {
        return;
    }
    let mut runner = TestRunner::new(PtConfig { cases: 1, ..PtConfig::default() });
    let strategy = settings_gen::settings();
    let mut all: Vec<Settings> = vec![Settings::default()];
    for _ in 0..150 {
        all.push(strategy.new_tree(&mut runner).expect("generate").current());
    }
    let snippets: Vec<String> = all.iter().map(export).collect();
    let loaded = load_with_returnn("settings", &snippets);
    for ((s, snippet), got) in all.iter().zip(&snippets).zip(&loaded) {
        assert!(got.get("error").is_none(), "RETURNN could not load:\n{snippet}\n{got}");
        let want = export_form(s).assigned_config();
        let got_repr = got["repr"].as_object().expect("repr object");
        for (k, v) in &want {
            assert_eq!(got_repr.get(k).and_then(Value::as_str), Some(v.repr().as_str()), "key {k} in\n{snippet}");
        }
        assert_eq!(got_repr.len(), want.len(), "RETURNN holds extra keys: {got_repr:?}\n{snippet}");
        // And the values RETURNN holds read back into the same settings.
        let values: Vec<(String, PyValue)> = got["json"]
            .as_object()
            .expect("json object")
            .iter()
            .map(|(k, v)| (k.clone(), schedule_explorer::engine::settings::json_to_py_for_key(k, v)))
            .collect();
        let back = Settings::from_config(&values).expect("settings from RETURNN's values");
        // (JSON cannot tell a tuple from a list outside the known tuple kwargs; none are generated.)
        assert_eq!(back, export_form(s), "round trip through RETURNN of\n{snippet}");
    }
}

/// Python `==` on the JSON forms: ints equal floats of the same value, NaN equals NaN (the
/// snippet writes `float('nan')`, which RETURNN holds as a NaN float).
fn py_equal(a: &PyValue, b: &PyValue) -> bool {
    use PyValue::*;
    match (a, b) {
        (Int(i), Float(f)) | (Float(f), Int(i)) => (*i as f64) == *f,
        (List(x), List(y)) | (Tuple(x), Tuple(y)) | (List(x), Tuple(y)) | (Tuple(x), List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_equal(p, q))
        }
        (Dict(x), Dict(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && py_equal(v, v2))),
        _ => a == b,
    }
}

#[test]
fn config_export_of_fixture_configs_loads_back_in_returnn() {
    if !returnn_available() {
        return;
    }
    let dir = manifest().join("tests/fixtures/reference/lr-control");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    files.sort();
    let mut inputs = Vec::new();
    for f in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(f).expect("read")).expect("json");
        let values_doc = serde_json::json!({"values": doc["config"].clone()});
        inputs.push((f.clone(), values_from_json(&values_doc).expect("values")));
    }
    assert!(inputs.len() > 100, "expected the lr-control fixtures");
    let snippets: Vec<String> = inputs.iter().map(|(_, v)| export_values(v)).collect();
    let loaded = load_with_returnn("values", &snippets);
    for (((f, values), snippet), got) in inputs.iter().zip(&snippets).zip(&loaded) {
        assert!(got.get("error").is_none(), "{}: RETURNN could not load:\n{snippet}\n{got}", f.display());
        let got_json = got["json"].as_object().expect("json");
        assert_eq!(got_json.len(), values.len(), "{}: key sets differ\n{snippet}", f.display());
        for (k, v) in values {
            let held = got_json.get(k).map(json_to_py).unwrap_or(PyValue::Str("<missing>".into()));
            let want = json_to_py(&schedule_explorer::py::json::py_to_json(v));
            assert!(py_equal(&held, &want), "{}: key {k}: RETURNN holds {} but the values say {}\n{snippet}", f.display(), held.repr(), want.repr());
        }
    }
}

/// Simulated runs replayed through the real RETURNN: the snippet exported from the settings,
/// RETURNN's own LR control fed the simulator's per-epoch scores (train first, then dev, as its
/// engine does) must give the simulator's learning rates bit for bit and its learning_rate_file
/// byte for byte (or raise the same exception).
#[test]
fn simulated_runs_replay_identically_in_returnn() {
    use schedule_explorer::engine::settings::{ErrorMeasure, Factor, LearningRates, Number, Scheme};
    use schedule_explorer::engine::sim::{Simulation, Stop, DEV_ERROR_KEY, DEV_KEY, TRAIN_KEY};
    use schedule_explorer::engine::surface::Surface;
    use schedule_explorer::py::json::float_to_json;
    if !returnn_available() {
        return;
    }
    let base = |scheme: Scheme, seed: u64| {
        let mut s = Settings::default();
        s.lr_control.scheme = scheme;
        s.lr_control.learning_rate = Number::Float(0.8);
        s.run.surface = Surface::NoisyQuadratic { dim: 20 };
        s.run.num_epochs = 25;
        s.run.steps_per_epoch = 20;
        s.run.batch_size = 4;
        s.run.seed = seed;
        s
    };
    let mut runs: Vec<Settings> = Vec::new();
    for (i, scheme) in Scheme::ALL.into_iter().enumerate() {
        runs.push(base(scheme, i as u64));
    }
    let mut s = base(Scheme::NewbobMultiEpoch, 11);
    s.lr_control.newbob_multi_num_epochs = Some(3);
    s.lr_control.newbob_multi_update_interval = Some(1);
    s.lr_control.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(0.7)));
    s.lr_control.min_learning_rate = Some(Number::Float(0.05));
    s.lr_control.relative_error_relative_lr = Some(true);
    runs.push(s);
    let mut s = base(Scheme::NewbobAbs, 12);
    s.lr_control.error_measure = Some(ErrorMeasure::Key(DEV_ERROR_KEY.into()));
    s.lr_control.newbob_error_threshold = Some(Number::Float(-0.001));
    s.lr_control.learning_rates = Some(LearningRates::List(vec![Number::Float(0.1), Number::Float(0.4)]));
    s.lr_control.learning_rate_growth = Some(Factor::Value(Number::Float(1.05)));
    runs.push(s);
    let mut s = base(Scheme::Newbob, 13);
    s.lr_control.min_num_epochs_per_new_lr = Some(3);
    s.lr_control.newbob_relative_error_div_by_old = Some(true);
    s.optimizer = schedule_explorer::engine::settings::OptimizerSettings { class: "adam".into(), kwargs: vec![] };
    s.lr_control.learning_rate = Number::Float(0.05);
    s.gradient.accum_grad_multiple_step = Some(2);
    runs.push(s);
    let mut s = base(Scheme::Newbob, 14);
    s.lr_control.learning_rates = Some(LearningRates::Dict(vec![(3, Number::Int(1))])); // TypeError at init
    runs.push(s);

    let dir = std::env::temp_dir().join(format!("schedule-explorer-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut sims = Vec::new();
    let mut jobs = Vec::new();
    for (i, s) in runs.iter().enumerate() {
        let config = dir.join(format!("run{i}.config"));
        // The exported snippet, except that a deliberately int preset must stay an int.
        let snippet = if i == runs.len() - 1 {
            schedule_explorer::returnn::config::export::py_source(&s.lr_control.learning_rates.as_ref().unwrap().to_py())
        } else {
            String::new()
        };
        let mut text = export(s);
        if !snippet.is_empty() {
            text.push_str(&format!("learning_rates = {snippet}\n"));
        }
        std::fs::write(&config, text).unwrap();
        let sim = Simulation::new(s).map(|mut sim| {
            sim.run_to_end();
            sim
        });
        let epochs: Vec<Value> = match &sim {
            Ok(sim) => sim
                .epochs()
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "train": {TRAIN_KEY: float_to_json(e.train_score.unwrap())},
                        "dev": {DEV_KEY: float_to_json(e.dev_score.unwrap()), DEV_ERROR_KEY: float_to_json(e.dev_error.unwrap())},
                    })
                })
                .collect(),
            Err(_) => vec![serde_json::json!({"train": {TRAIN_KEY: 1.0}, "dev": {DEV_KEY: 1.0}})],
        };
        jobs.push(serde_json::json!({"config": config, "lr_file": dir.join(format!("run{i}.lr")), "epochs": epochs}));
        sims.push(sim);
    }
    let mut child = Command::new("python3")
        .arg(manifest().join("scripts/returnn-check.py"))
        .arg("--replay")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(serde_json::to_string(&jobs).unwrap().as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), runs.len(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut decays = 0;
    for (i, (sim, got)) in sims.iter().zip(&lines).enumerate() {
        match sim {
            Ok(sim) => {
                assert_eq!(sim.stop(), Some(&Stop::Finished), "run {i}");
                assert!(got.get("error").is_none(), "run {i}: RETURNN raised {got}");
                let want: Vec<f64> = sim.epochs().iter().map(|e| e.learning_rate).collect();
                let held: Vec<f64> = got["learning_rates"].as_array().unwrap().iter().map(|v| schedule_explorer::py::json::json_to_float(v).unwrap()).collect();
                assert_eq!(held.len(), want.len(), "run {i}");
                assert!(held.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()), "run {i}: RETURNN {held:?} vs sim {want:?}");
                assert_eq!(got["learning_rate_file"].as_str(), Some(schedule_explorer::returnn::lr_file::write(&sim.control().epoch_data).as_str()), "run {i}");
                decays += want.windows(2).filter(|w| w[1] < w[0]).count();
            }
            Err(e) => assert_eq!(got["error"].as_str(), e.py_exc().map(|x| x.name()), "run {i}: {e}"),
        }
    }
    assert!(decays >= 5, "the runs should exercise decays ({decays})");
}

// ------------------------------------------------------------------------------------------------
// Step-level schedules: the exported functions, called by RETURNN as its torch updater calls them
// ------------------------------------------------------------------------------------------------

/// Loads each snippet with `Config().load_file`, takes `config.typed_value("dynamic_learning_rate")`
/// (it must be callable with `**kwargs` and no `network`, as `returnn.torch.updater.Updater`
/// asserts) and calls it inside `global_config_ctx(config)` with the updater's keywords (plus a
/// forward-compatibility keyword, as `get_fwd_compat_kwargs` adds) for every query, in order,
/// until the first exception. One JSON line per snippet:
/// `{"learning_rates": [float(lr), ...]}` or with `"error"`, `"message"`, `"at"`.
const CALL_DYNAMIC_LR: &str = r#"
import inspect, json, math, sys
from returnn.config import Config, global_config_ctx
def to_json(v):
    if isinstance(v, float) and not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    return v
def from_json(v):
    if isinstance(v, str):
        return float(v.replace("Infinity", "inf").replace("NaN", "nan"))
    return v
out, sys.stdout = sys.stdout, sys.stderr
for job in json.load(sys.stdin):
    config = Config()
    config.load_file(job["path"])
    f = config.typed_value("dynamic_learning_rate")
    params = inspect.signature(f).parameters.values()
    ok = callable(f) and any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params) and "network" not in inspect.signature(f).parameters
    lrs, res = [], {}
    with global_config_ctx(config):
        for i, q in enumerate(job["queries"]):
            try:
                kw = {k: from_json(v) for k, v in q.items()}
                lrs.append(to_json(float(f(**kw, __fwd_compat_random_arg_042=None))))
            except Exception as exc:
                res = {"error": type(exc).__name__, "message": str(exc), "at": i}
                break
    res.update({"learning_rates": lrs, "updater_accepts": ok})
    print(json.dumps(res), file=out)
"#;

/// The public vectors' configs and queries, plus denser runs over edge-case parameterisations.
fn step_schedule_jobs() -> Vec<(String, Vec<(String, PyValue)>, Vec<Value>)> {
    let mut jobs = Vec::new();
    let text = std::fs::read_to_string(manifest().join("tests/fixtures/reference/dynamic-lr/public.jsonl")).expect("public.jsonl");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("case");
        let values = values_from_json(&serde_json::json!({"values": case["config"]})).expect("values");
        jobs.push((case["name"].as_str().unwrap_or("?").to_string(), values, case["queries"].as_array().expect("queries").clone()));
    }
    let q = |g: i64, e: i64, t: Value, lr: f64| serde_json::json!({"global_train_step": g, "epoch": e, "epoch_continuous": t, "learning_rate": lr});
    let steps_run = |points: &[i64], per_epoch: i64, lr: f64| -> Vec<Value> {
        points
            .iter()
            .map(|&g| {
                let e = g / per_epoch + 1;
                // The epoch start passes the int epoch - 1; later steps a float fraction.
                let t = if g % per_epoch == 0 { serde_json::json!(e - 1) } else { serde_json::json!((e - 1) as f64 + (g % per_epoch) as f64 / per_epoch as f64) };
                q(g, e, t, lr)
            })
            .collect()
    };
    let dense = |to: i64, by: i64, around: &[i64]| -> Vec<i64> {
        let mut v: Vec<i64> = (0..=to).step_by(by as usize).collect();
        for &a in around {
            v.extend([a - 2, a - 1, a, a + 1]);
        }
        v.sort();
        v.dedup();
        v
    };
    let vals = |v: Value| values_from_json(&serde_json::json!({ "values": v })).expect("values");
    for (name, lr) in [("dyn_lr_piecewise_linear@factor", 1.0), ("dyn_lr_piecewise_linear@factor_step", 0.5), ("dyn_lr_piecewise_linear@interp", 1.0)] {
        jobs.push((
            format!("{name} real-run shape, dense"),
            vals(serde_json::json!({"learning_rate": 1.0, "dynamic_learning_rate": name, "learning_rate_piecewise_steps": [600000, 900000, 982000], "learning_rate_piecewise_values": [1e-05, 0.001, 1e-05, 1e-06]})),
            steps_run(&dense(990_000, 1_997, &[600_000, 900_000, 982_000]), 491, lr),
        ));
        jobs.push((
            format!("{name} int values, every step"),
            vals(serde_json::json!({"dynamic_learning_rate": name, "learning_rate_piecewise_steps": [10, 20, 35], "learning_rate_piecewise_values": [0, 1, 0.5, 0]})),
            steps_run(&(0..45).collect::<Vec<_>>(), 7, 3e-4),
        ));
    }
    jobs.push((
        "interp fractional steps by epoch_continuous".into(),
        vals(serde_json::json!({"dynamic_learning_rate": "dyn_lr_piecewise_linear@interp", "learning_rate_piecewise_steps": [0.45, 9.5, 19.25], "learning_rate_piecewise_values": [1e-05, 0.001, 1e-05, 1e-06], "learning_rate_piecewise_by_epoch_continuous": true})),
        steps_run(&(0..2200).step_by(7).collect::<Vec<_>>(), 97, 1.0),
    ));
    jobs.push((
        "invsqrt 20k dense".into(),
        vals(serde_json::json!({"learning_rate": 0.0025, "dynamic_learning_rate": "dyn_lr_lin_warmup_invsqrt_decay", "learning_rate_warmup_steps": 20000, "learning_rate_invsqrt_norm": 20000})),
        steps_run(&dense(1_000_000, 997, &[20_000]), 1305, 0.0025),
    ));
    jobs.push((
        "invsqrt fractional norm, every step".into(),
        vals(serde_json::json!({"dynamic_learning_rate": "dyn_lr_lin_warmup_invsqrt_decay", "learning_rate_warmup_steps": 7, "learning_rate_invsqrt_norm": 2.75})),
        steps_run(&(0..400).collect::<Vec<_>>(), 50, 1.0),
    ));
    jobs.push((
        "invsqrt norm as a string".into(),
        vals(serde_json::json!({"dynamic_learning_rate": "dyn_lr_lin_warmup_invsqrt_decay", "learning_rate_warmup_steps": 5, "learning_rate_invsqrt_norm": "12.5"})),
        steps_run(&(0..40).collect::<Vec<_>>(), 9, 1.0),
    ));
    for kwargs in [
        serde_json::json!({"num_warmup_epochs": 5, "max_lr": 0.001, "min_lr": 1e-06, "num_epochs": 100}),
        serde_json::json!({"num_warmup_epochs": 0.5, "max_lr": 0.0008, "min_lr": 0.0, "num_epochs": 20, "num_constant_epochs": 3}),
        serde_json::json!({"num_warmup_epochs": 2, "max_lr": 1, "min_lr": 0, "num_epochs": 7, "num_constant_epochs": 1}),
        serde_json::json!({"num_warmup_epochs": 1, "max_lr": 0.001, "min_lr": 1e-06, "num_epochs": 0}),
        serde_json::json!({"max_lr": 0.001, "min_lr": 1e-06}),
    ] {
        jobs.push((
            format!("cosine {kwargs}"),
            vals(serde_json::json!({"dynamic_learning_rate": "linear_warmup_cosine_annealing", "dynamic_learning_rate_kwargs": kwargs})),
            steps_run(&(0..30_000).step_by(37).collect::<Vec<_>>(), 211, 1.0),
        ));
    }
    jobs
}

#[test]
fn exported_step_schedules_give_the_engine_values_in_returnn() {
    use schedule_explorer::engine::step_lr::case::{Case, Outcome};
    if !returnn_available() {
        return;
    }
    let jobs = step_schedule_jobs();
    let dir: PathBuf = std::env::temp_dir().join(format!("schedule-explorer-dynlr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut input = Vec::new();
    let mut snippets = Vec::new();
    for (i, (name, values, queries)) in jobs.iter().enumerate() {
        // The public vectors' configs go through `config export` (values as given); the denser
        // runs through the typed settings (`Settings::from_config` → `export`).
        let snippet = if i < 66 {
            export_values(values)
        } else {
            export(&Settings::from_config(values).unwrap_or_else(|e| panic!("{name}: {e}")))
        };
        assert!(!snippet.contains("from i6_experiments") && !snippet.contains("import i6_experiments"), "the snippet must not import i6_experiments:\n{snippet}");
        let path = dir.join(format!("dynlr{i}.config"));
        std::fs::write(&path, &snippet).expect("write snippet");
        input.push(serde_json::json!({"path": path, "queries": queries}));
        snippets.push(snippet);
    }
    let mut child = Command::new("python3")
        .args(["-c", CALL_DYNAMIC_LR])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(serde_json::to_string(&input).expect("json").as_bytes()).expect("write");
    }
    let out = child.wait_with_output().expect("python3");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), jobs.len());
    let (mut failures, mut compared) = (Vec::new(), 0);
    for (((name, values, queries), snippet), got) in jobs.iter().zip(&snippets).zip(&lines) {
        assert_eq!(got["updater_accepts"], Value::Bool(true), "{name}: RETURNN's updater would reject the function\n{snippet}");
        let config: serde_json::Map<String, Value> = values.iter().map(|(k, v)| (k.clone(), schedule_explorer::py::json::py_to_json(v))).collect();
        let case = Case::from_json(&serde_json::json!({"name": name, "config": config, "queries": queries})).expect("case");
        let python: Vec<f64> = got["learning_rates"].as_array().expect("lrs").iter().map(|v| schedule_explorer::py::json::json_to_float(v).expect("float")).collect();
        compared += python.len();
        match case.run() {
            Outcome::LearningRates(lrs) => {
                if got.get("error").is_some() {
                    failures.push(format!("{name}: RETURNN raised {} {} at query {}, the engine did not", got["error"], got["message"], got["at"]));
                } else if lrs.len() != python.len() {
                    failures.push(format!("{name}: {} learning rates from the engine, {} from RETURNN", lrs.len(), python.len()));
                } else {
                    for (i, (a, b)) in lrs.iter().zip(&python).enumerate() {
                        if a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()) {
                            continue;
                        }
                        // Natively the engine's x ** -0.5 and cos are the C library's, as Python's:
                        // every difference is a failure.
                        failures.push(format!("{name} query {i}: engine {a:e}, RETURNN {b:e}"));
                    }
                }
            }
            Outcome::Error { query, error } => {
                let same = got["error"].as_str() == error.py_exc().map(|e| e.name()) && got["at"].as_u64() == Some(query as u64);
                if !same || python.len() != query {
                    failures.push(format!("{name}: the engine raises {error} at query {query}, RETURNN gives {got}"));
                }
            }
        }
    }
    println!("exported step schedules: {} snippets, {compared} learning rates compared with RETURNN: {} bit for bit", jobs.len(), compared - failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
