//! The noisy quadratic model (Zhang et al. 2019, "Which algorithmic choices matter at which batch
//! sizes?"): `f(p) = 0.5 · Σᵢ hᵢ·pᵢ²` in `d` dimensions with diagonal Hessian `hᵢ = 1/i`
//! (i = 1..d), minimum 0 at the origin. A mini-batch gradient of size `B` is
//! `hᵢ·pᵢ + noise_scale · sqrt(hᵢ / B) · zᵢ` with `zᵢ` standard normal: the noise covariance is
//! proportional to the curvature and shrinks with the batch size.

use crate::engine::rng::Rng;

/// The curvature of coordinate `i` (0-based): `1 / (i + 1)`.
pub fn curvature(i: usize) -> f64 {
    1.0 / (i as f64 + 1.0)
}

/// `0.5 · Σᵢ hᵢ·pᵢ²` over all of `p` (d = `p.len()`).
pub fn value(p: &[f64]) -> f64 {
    0.5 * p.iter().enumerate().map(|(i, x)| curvature(i) * (x * x)).sum::<f64>()
}

/// The exact gradient `hᵢ·pᵢ` into `out` (the first `min(out.len(), p.len())` entries).
pub fn gradient(p: &[f64], out: &mut [f64]) {
    for (i, (o, x)) in out.iter_mut().zip(p).enumerate() {
        *o = curvature(i) * x;
    }
}

/// Exact gradient plus mini-batch noise of standard deviation `noise_scale·sqrt(hᵢ/batch_size)`
/// per coordinate (a `batch_size` of 0 counts as 1).
pub fn noisy_gradient(p: &[f64], rng: &mut Rng, batch_size: usize, noise_scale: f64, out: &mut [f64]) {
    let b = batch_size.max(1) as f64;
    for (i, (o, x)) in out.iter_mut().zip(p).enumerate() {
        let h = curvature(i);
        *o = h * x + noise_scale * (h / b).sqrt() * rng.normal();
    }
}
