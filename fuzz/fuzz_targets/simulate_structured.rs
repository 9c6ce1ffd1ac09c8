//! Settings → simulate, structured: arbitrary (but small) settings built the way the UI and the
//! CLI build them (the settings JSON), run to the end. Never a panic; a NaN/inf never travels
//! on silently: every recorded update before the last has a finite loss, and a non-finite last
//! one ends the run as a divergence.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use schedule_explorer::engine::settings::Settings;
use schedule_explorer::engine::sim::{Simulation, Stop};
use serde_json::{json, Value};

const SCHEMES: [&str; 7] = ["constant", "newbob", "newbob_rel", "newbob_relative", "newbob_abs", "newbob_multi_epoch", "bogus"];
const OPTIMIZERS: [&str; 14] = [
    "sgd", "adam", "adamw", "adamax", "nadam", "radam", "rmsprop", "adagrad", "adadelta", "asgd", "rprop", "lion",
    "adafactor", "no_such",
];
const KWARGS: [&str; 10] = ["momentum", "weight_decay", "eps", "betas", "alpha", "rho", "lr_decay", "nesterov", "amsgrad", "foo"];
const SURFACES: [&str; 9] =
    ["quadratic", "rosenbrock", "beale", "himmelblau", "rastrigin", "saddle", "booth", "styblinski_tang", "noisy_quadratic"];

/// A float that is often special (NaN, ±inf, 0, huge, tiny, negative).
#[derive(Arbitrary, Debug, Clone, Copy)]
enum F {
    Plain(f64),
    Small(u8),
    Nan,
    Inf,
    NegInf,
    Zero,
    Huge,
}

impl F {
    fn value(self) -> f64 {
        match self {
            F::Plain(x) => x,
            F::Small(n) => f64::from(n) / 64.0,
            F::Nan => f64::NAN,
            F::Inf => f64::INFINITY,
            F::NegInf => f64::NEG_INFINITY,
            F::Zero => 0.0,
            F::Huge => 1e300,
        }
    }
    fn json(self) -> Value {
        schedule_explorer::py::json::float_to_json(self.value())
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    scheme: u8,
    learning_rate: F,
    lr_is_int: bool,
    decay: Option<F>,
    growth: Option<F>,
    threshold: Option<F>,
    multi_num_epochs: Option<i8>,
    min_epochs: Option<i8>,
    min_lr: Option<F>,
    relative_lr: Option<bool>,
    optimizer: u8,
    kwargs: Vec<(u8, F)>,
    clip: Option<F>,
    clip_global_norm: Option<F>,
    noise: Option<F>,
    accum: Option<i8>,
    surface: u8,
    dim: u8,
    start: Option<(F, F)>,
    num_epochs: u8,
    steps_per_epoch: u8,
    batch_noise: F,
    batch_size: u8,
    seed: u64,
    dev_noise: F,
    gap: F,
    scores_only: Option<Vec<F>>,
}

fn opt(m: &mut serde_json::Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(key.into(), v);
    }
}

fn settings_json(i: &Input) -> Value {
    let mut lrc = serde_json::Map::new();
    lrc.insert("scheme".into(), json!(SCHEMES[usize::from(i.scheme) % SCHEMES.len()]));
    let lr = if i.lr_is_int { json!(i.learning_rate.value().clamp(-5.0, 5.0) as i64) } else { i.learning_rate.json() };
    lrc.insert("learning_rate".into(), lr);
    opt(&mut lrc, "learning_rate_decay", i.decay.map(F::json));
    opt(&mut lrc, "learning_rate_growth", i.growth.map(F::json));
    opt(&mut lrc, "newbob_relative_error_threshold", i.threshold.map(F::json));
    opt(&mut lrc, "newbob_multi_num_epochs", i.multi_num_epochs.map(|n| json!(n)));
    opt(&mut lrc, "min_num_epochs_per_new_lr", i.min_epochs.map(|n| json!(n)));
    opt(&mut lrc, "min_learning_rate", i.min_lr.map(F::json));
    opt(&mut lrc, "relative_error_relative_lr", i.relative_lr.map(|b| json!(b)));
    let mut o = serde_json::Map::new();
    o.insert("class".into(), json!(OPTIMIZERS[usize::from(i.optimizer) % OPTIMIZERS.len()]));
    for (k, v) in i.kwargs.iter().take(4) {
        let name = KWARGS[usize::from(*k) % KWARGS.len()];
        let value = match name {
            "betas" => json!([v.value().fract().abs(), 0.999]),
            "nesterov" | "amsgrad" => json!(v.value() > 0.5),
            _ => v.json(),
        };
        o.insert(name.into(), value);
    }
    let mut g = serde_json::Map::new();
    opt(&mut g, "clip", i.clip.map(F::json));
    opt(&mut g, "clip_global_norm", i.clip_global_norm.map(F::json));
    opt(&mut g, "noise", i.noise.map(F::json));
    opt(&mut g, "accum_grad_multiple_step", i.accum.map(|n| json!(n.clamp(-2, 4))));
    let surface_name = SURFACES[usize::from(i.surface) % SURFACES.len()];
    let surface = if surface_name == "noisy_quadratic" {
        json!({"name": surface_name, "dim": 1 + usize::from(i.dim % 8)})
    } else {
        json!({"name": surface_name})
    };
    let mut run = serde_json::Map::new();
    run.insert("surface".into(), surface);
    if let Some((x, y)) = i.start {
        run.insert("start".into(), json!([x.json(), y.json()]));
    }
    run.insert("num_epochs".into(), json!(i64::from(i.num_epochs % 12)));
    run.insert("steps_per_epoch".into(), json!(i64::from(i.steps_per_epoch % 40)));
    run.insert("batch_noise".into(), i.batch_noise.json());
    run.insert("batch_size".into(), json!(i.batch_size));
    run.insert("seed".into(), json!(i.seed));
    run.insert("dev_noise".into(), i.dev_noise.json());
    run.insert("generalization_gap".into(), i.gap.json());
    let mut s = json!({"lr_control": lrc, "optimizer": o, "gradient": g, "run": run});
    if let Some(scores) = &i.scores_only {
        let dev: Vec<Value> = scores.iter().take(50).map(|f| f.json()).collect();
        s["mode"] = json!({"kind": "scores_only", "dev_scores": dev});
    }
    s
}

fuzz_target!(|input: Input| {
    let v = settings_json(&input);
    let Ok(settings) = serde_json::from_value::<Settings>(v) else { return };
    let _ = settings.warnings();
    let Ok(mut sim) = Simulation::new(&settings) else { return };
    // Pausable stepping, as the UI drives it.
    for _ in 0..10_000 {
        if sim.advance(7).done {
            break;
        }
    }
    assert!(sim.is_done(), "the run did not end");
    let steps = sim.steps();
    if let Some((last, before)) = steps.split_last() {
        for s in before {
            assert!(s.loss.is_finite(), "non-finite loss at update {} carried on", s.update);
        }
        if !last.loss.is_finite() {
            assert!(matches!(sim.stop(), Some(Stop::Diverged { .. })), "non-finite final loss without a divergence stop");
        }
    }
    let _ = schedule_explorer::returnn::lr_file::write(&sim.control().epoch_data);
});
