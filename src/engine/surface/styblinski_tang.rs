//! Styblinski–Tang `0.5 * ((x**4 - 16*x**2 + 5*x) + (y**4 - 16*y**2 + 5*y))`; global minimum
//! ≈ -78.33233 at x = y ≈ -2.903534 (local minima where a coordinate is ≈ 2.746803).
//!
//! Gradient: `∂x = 0.5·(4x³ - 32x + 5)` (same for y). `x**4` is `pow(x, 4)` as in torch.

/// The root of `4x³ - 32x + 5` near -2.9035 (Newton-polished in float64).
pub const X_MIN: f64 = -2.903534027771177;
/// The global minimum, ≈ −78.33233 (the local minima at ≈ 2.746803 are not listed).
pub const MINIMA: &[[f64; 2]] = &[[X_MIN, X_MIN]];

fn part(t: f64) -> f64 {
    libm::pow(t, 4.0) - 16.0 * (t * t) + 5.0 * t
}

/// `0.5·((x⁴ − 16x² + 5x) + (y⁴ − 16y² + 5y))`, with `x⁴` as `pow(x, 4)` (torch's `x**4`).
pub fn value(x: f64, y: f64) -> f64 {
    0.5 * (part(x) + part(y))
}

fn d(t: f64) -> f64 {
    0.5 * (4.0 * (t * t * t) - 32.0 * t + 5.0)
}

/// `[0.5·(4x³ − 32x + 5), 0.5·(4y³ − 32y + 5)]`.
pub fn gradient(x: f64, y: f64) -> [f64; 2] {
    [d(x), d(y)]
}
