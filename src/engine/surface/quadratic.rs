//! Quadratic bowl `0.5 * (a * x**2 + b * y**2)`: condition number `b/a` (defaults a = 1, b = 10).
//!
//! Gradient `(a·x, b·y)`; the minimum is 0 at the origin (for a, b > 0).

/// Default `a`.
pub const DEFAULT_A: f64 = 1.0;
/// Default `b`.
pub const DEFAULT_B: f64 = 10.0;

/// `0.5·(a·x² + b·y²)`.
pub fn value(a: f64, b: f64, x: f64, y: f64) -> f64 {
    0.5 * (a * (x * x) + b * (y * y))
}

/// `[a·x, b·y]`.
pub fn gradient(a: f64, b: f64, x: f64, y: f64) -> [f64; 2] {
    [a * x, b * y]
}
