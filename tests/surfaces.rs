#![cfg(not(target_arch = "wasm32"))]
//! Every surface against torch autograd (tests/fixtures/reference/optimizers/surfaces.jsonl),
//! analytic gradients against central differences, and the documented minima.

use proptest::prelude::*;
use schedule_explorer::engine::optim::within_reference_tolerance;
use schedule_explorer::engine::rng::Rng;
use schedule_explorer::engine::surface::{Surface, SURFACES};
use schedule_explorer::py::json::json_to_float;
use serde_json::Value;

fn fixture_lines() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reference/optimizers/surfaces.jsonl");
    let text = std::fs::read_to_string(path).expect("surfaces fixture readable");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("fixture line is JSON"))
        .collect()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(|x| json_to_float(x).expect("float")).collect()
}

#[test]
fn all_reference_points_match_torch_autograd() {
    let lines = fixture_lines();
    assert_eq!(lines.len(), 108, "fixture has 108 points");
    let mut failures = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let surface = Surface::from_json(&line["surface"]).expect("known surface");
        let p = floats(&line["point"]);
        let f_exp = json_to_float(&line["f"]).expect("f");
        let g_exp = floats(&line["grad"]);
        let f = surface.value(&p);
        let g = surface.gradient(&p);
        if !within_reference_tolerance(f_exp, f) {
            failures.push(format!("#{i} {} at {p:?}: f expected {f_exp:?}, got {f:?}", surface.name()));
        }
        for (k, (e, a)) in g_exp.iter().zip(&g).enumerate() {
            if !within_reference_tolerance(*e, *a) {
                failures.push(format!("#{i} {} at {p:?}: grad[{k}] expected {e:?}, got {a:?}", surface.name()));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn fixture_covers_every_2d_surface() {
    let lines = fixture_lines();
    for info in SURFACES.iter().filter(|s| s.name != "noisy_quadratic") {
        assert!(lines.iter().any(|l| l["surface"]["name"] == info.name), "{} missing from fixture", info.name);
    }
}

fn all_surfaces() -> Vec<Surface> {
    let mut v: Vec<Surface> = SURFACES
        .iter()
        .filter(|s| s.name != "noisy_quadratic")
        .map(|s| Surface::from_name(s.name).expect("table name"))
        .collect();
    v.push(Surface::Quadratic { a: 1.0, b: 100.0 });
    v.push(Surface::NoisyQuadratic { dim: 5 });
    v
}

/// Central difference with a step scaled to the coordinate.
fn central_difference(s: &Surface, p: &[f64], k: usize) -> f64 {
    let h = 1e-6 * (1.0 + p[k].abs());
    let mut a = p.to_vec();
    let mut b = p.to_vec();
    a[k] += h;
    b[k] -= h;
    (s.value(&a) - s.value(&b)) / (a[k] - b[k])
}

proptest! {
    #[test]
    fn analytic_gradients_match_central_differences(x in -4.0f64..4.0, y in -4.0f64..4.0, extra in proptest::collection::vec(-3.0f64..3.0, 3)) {
        for s in all_surfaces() {
            let mut p = vec![x, y];
            p.extend(extra.iter().take(s.dim().saturating_sub(2)));
            let g = s.gradient(&p);
            prop_assert_eq!(g.len(), s.dim());
            for (k, gk) in g.iter().enumerate() {
                let fd = central_difference(&s, &p, k);
                // Scale: the size of the function's terms around p (central differences lose
                // about sqrt(eps) relative to that).
                let scale = 1.0 + s.value(&p).abs() + gk.abs();
                prop_assert!((fd - gk).abs() <= 1e-5 * scale,
                    "{} at {:?}: d/dp{} analytic {} vs numeric {}", s.name(), p, k, gk, fd);
            }
        }
    }
}

#[test]
fn minima_have_zero_gradient_and_known_values() {
    for s in all_surfaces() {
        let minima = s.minima();
        if s.name() == "saddle" {
            assert!(minima.is_empty());
            for p in s.saddle_points() {
                assert!(s.gradient(&p).iter().all(|g| *g == 0.0));
            }
            continue;
        }
        assert!(!minima.is_empty(), "{} has a minimum", s.name());
        let f0 = s.min_value().expect("bounded below");
        for p in &minima {
            assert_eq!(p.len(), s.dim());
            for g in s.gradient(p) {
                assert!(g.abs() < 1e-12, "{} at {p:?}: gradient {g}", s.name());
            }
            assert!((s.value(p) - f0).abs() < 1e-12, "{}: minima have the same value", s.name());
            // Every neighbour is higher: a minimum, not a saddle.
            for k in 0..s.dim().min(2) {
                for d in [-1e-3, 1e-3] {
                    let mut q = p.clone();
                    q[k] += d;
                    assert!(s.value(&q) > s.value(p), "{} at {p:?} is not a local minimum", s.name());
                }
            }
        }
    }
    let st = Surface::StyblinskiTang.min_value().expect("st");
    assert!((st - -78.33233140754282).abs() < 1e-9);
    // The minima lie inside the plotting box.
    for s in all_surfaces() {
        let d = s.domain();
        for p in s.minima() {
            assert!(d.x.0 <= p[0] && p[0] <= d.x.1 && d.y.0 <= p[1] && p[1] <= d.y.1, "{}", s.name());
        }
    }
}

#[test]
fn json_round_trip_and_validation() {
    for s in all_surfaces() {
        let j = s.to_json();
        assert_eq!(Surface::from_json(&j).expect("round trip"), s);
    }
    assert!(Surface::from_json(&serde_json::json!({"name": "nope"})).is_err());
    assert!(Surface::from_json(&serde_json::json!({"name": "booth", "a": 1.0})).is_err());
    assert!(Surface::from_json(&serde_json::json!({"name": "noisy_quadratic", "dim": 0})).is_err());
    assert!(Surface::from_json(&serde_json::json!({"name": "quadratic", "a": "NaN"})).is_err());
    assert_eq!(
        Surface::from_json(&serde_json::json!({"name": "quadratic"})).expect("defaults"),
        Surface::Quadratic { a: 1.0, b: 10.0 }
    );
    // Short points never panic.
    assert_eq!(Surface::Booth.value(&[]), Surface::Booth.value(&[0.0, 0.0]));
}

#[test]
fn noisy_quadratic_noise_scales_with_curvature_and_batch() {
    let s = Surface::NoisyQuadratic { dim: 4 };
    let p = vec![0.0; 4];
    let n = 20_000;
    let mut rng = Rng::new(5);
    let mut sq = [0.0; 4];
    let mut g = vec![0.0; 4];
    for _ in 0..n {
        s.noisy_gradient_into(&p, &mut rng, 4, 2.0, &mut g);
        for k in 0..4 {
            sq[k] += g[k] * g[k];
        }
    }
    for (k, v) in sq.iter().enumerate() {
        let var = v / n as f64;
        let expected = 4.0 * (1.0 / (k as f64 + 1.0)) / 4.0;
        assert!((var / expected - 1.0).abs() < 0.05, "coordinate {k}: variance {var}, expected {expected}");
    }
    // Determinism: same seed, same noisy gradients; zero noise gives the exact gradient.
    let (mut a, mut b) = (Rng::new(1), Rng::new(1));
    let (mut ga, mut gb) = (vec![0.0; 4], vec![0.0; 4]);
    s.noisy_gradient_into(&[1.0, 2.0, 3.0, 4.0], &mut a, 8, 1.0, &mut ga);
    s.noisy_gradient_into(&[1.0, 2.0, 3.0, 4.0], &mut b, 8, 1.0, &mut gb);
    assert_eq!(ga, gb);
    s.noisy_gradient_into(&[1.0, 2.0, 3.0, 4.0], &mut a, 8, 0.0, &mut ga);
    assert_eq!(ga, s.gradient(&[1.0, 2.0, 3.0, 4.0]));
}
