//! Rosenbrock's banana `(1 - x)**2 + 100 * (y - x**2)**2`; global minimum 0 at (1, 1).
//!
//! Gradient: `∂x = -2(1 - x) - 400·x·(y - x²)`, `∂y = 200·(y - x²)`.

/// The global minimum (value 0).
pub const MINIMA: &[[f64; 2]] = &[[1.0, 1.0]];

/// `(1 − x)² + 100·(y − x²)²`.
pub fn value(x: f64, y: f64) -> f64 {
    let a = 1.0 - x;
    let b = y - x * x;
    a * a + 100.0 * (b * b)
}

/// `[−2(1 − x) − 400·x·(y − x²), 200·(y − x²)]`.
pub fn gradient(x: f64, y: f64) -> [f64; 2] {
    let b = y - x * x;
    [-2.0 * (1.0 - x) - 400.0 * x * b, 200.0 * b]
}
