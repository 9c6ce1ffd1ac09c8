#![cfg(not(target_arch = "wasm32"))]
//! Every optimizer reaches the known minimum of the quadratic bowl and of Rosenbrock's banana
//! with suitable settings (an LR schedule that the caller owns, as RETURNN's LR control does).

use schedule_explorer::engine::optim::Optimizer;
use schedule_explorer::engine::surface::Surface;
use schedule_explorer::py::json::json_to_py;
use serde_json::json;

/// Runs `steps` updates; the LR is `lr` for the first half, then lr/10, then lr/100 for the
/// last fifth. Returns the distance to the nearest minimum and the final loss gap.
fn run(surface: &Surface, optimizer: serde_json::Value, lr: f64, steps: usize, start: &[f64]) -> (f64, f64) {
    let mut opt = Optimizer::from_returnn(&json_to_py(&optimizer), lr).expect("valid optimizer");
    let mut p = start.to_vec();
    for t in 0..steps {
        let lr_t = if t < steps / 2 {
            lr
        } else if t < steps * 4 / 5 {
            lr / 10.0
        } else {
            lr / 100.0
        };
        let g = surface.gradient(&p);
        opt.step(&mut p, &g, lr_t);
    }
    let dist = surface
        .minima()
        .iter()
        .map(|m| m.iter().zip(&p).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt())
        .fold(f64::INFINITY, f64::min);
    let gap = surface.value(&p) - surface.min_value().unwrap_or(0.0);
    (dist, gap)
}

struct Setting {
    optimizer: serde_json::Value,
    lr: f64,
    steps: usize,
}

fn s(optimizer: serde_json::Value, lr: f64, steps: usize) -> Setting {
    Setting { optimizer, lr, steps }
}

/// (quadratic setting, rosenbrock setting) per class.
fn table() -> Vec<(&'static str, Setting, Setting)> {
    vec![
        ("SGD", s(json!({"class": "SGD"}), 0.15, 400), s(json!({"class": "SGD", "momentum": 0.9}), 1.5e-3, 30000)),
        (
            "SGD nesterov",
            s(json!({"class": "SGD", "momentum": 0.9, "nesterov": true}), 0.05, 600),
            s(json!({"class": "SGD", "momentum": 0.9, "nesterov": true}), 1.5e-3, 30000),
        ),
        ("Adam", s(json!({"class": "Adam"}), 0.05, 3000), s(json!({"class": "Adam"}), 0.02, 30000)),
        ("AdamW", s(json!({"class": "AdamW", "weight_decay": 0.0}), 0.05, 3000), s(json!({"class": "AdamW", "weight_decay": 0.0}), 0.02, 30000)),
        ("Adam amsgrad", s(json!({"class": "Adam", "amsgrad": true}), 0.05, 3000), s(json!({"class": "Adam", "amsgrad": true}), 0.02, 30000)),
        ("Adamax", s(json!({"class": "Adamax"}), 0.05, 3000), s(json!({"class": "Adamax"}), 0.02, 30000)),
        ("NAdam", s(json!({"class": "NAdam"}), 0.05, 3000), s(json!({"class": "NAdam"}), 0.02, 30000)),
        ("RAdam", s(json!({"class": "RAdam"}), 0.05, 3000), s(json!({"class": "RAdam"}), 2e-3, 60000)),
        ("RMSprop", s(json!({"class": "RMSprop"}), 0.01, 3000), s(json!({"class": "RMSprop", "centered": true}), 1e-3, 30000)),
        ("Adagrad", s(json!({"class": "Adagrad"}), 0.5, 3000), s(json!({"class": "Adagrad"}), 0.5, 30000)),
        ("Adadelta", s(json!({"class": "Adadelta"}), 10.0, 3000), s(json!({"class": "Adadelta", "eps": 1e-4}), 0.1, 60000)),
        ("ASGD", s(json!({"class": "ASGD"}), 0.15, 400), s(json!({"class": "ASGD"}), 1.5e-3, 60000)),
        ("Rprop", s(json!({"class": "Rprop"}), 0.01, 500), s(json!({"class": "Rprop"}), 0.01, 5000)),
        ("Adafactor", s(json!({"class": "Adafactor"}), 0.05, 3000), s(json!({"class": "Adafactor"}), 0.05, 30000)),
        (
            "Lion",
            s(json!({"class": "returnn.torch.optim.lion.Lion"}), 0.01, 3000),
            s(json!({"class": "returnn.torch.optim.lion.Lion"}), 0.003, 30000),
        ),
    ]
}

#[test]
fn every_optimizer_reaches_the_minimum_of_quadratic_and_rosenbrock() {
    let quadratic = Surface::Quadratic { a: 1.0, b: 10.0 };
    let rosenbrock = Surface::Rosenbrock;
    let mut failures = Vec::new();
    for (name, q, r) in table() {
        let (d, gap) = run(&quadratic, q.optimizer, q.lr, q.steps, &[2.5, 1.5]);
        eprintln!("{name:>14} quadratic:  dist {d:.3e} gap {gap:.3e}");
        if !(d < 1e-3 && gap < 1e-6) {
            failures.push(format!("{name} on quadratic: distance {d:e}, loss gap {gap:e}"));
        }
        let (d, gap) = run(&rosenbrock, r.optimizer, r.lr, r.steps, &[-1.2, 1.0]);
        eprintln!("{name:>14} rosenbrock: dist {d:.3e} gap {gap:.3e}");
        if !(d < 1e-2 && gap < 1e-4) {
            failures.push(format!("{name} on rosenbrock: distance {d:e}, loss gap {gap:e}"));
        }
    }
    assert!(failures.is_empty(), "did not converge:\n{}", failures.join("\n"));
}
