//! Booth `(x + 2*y - 7)**2 + (2*x + y - 5)**2`; global minimum 0 at (1, 3).
//!
//! With `u = x + 2y - 7`, `v = 2x + y - 5`: `∂x = 2u + 4v`, `∂y = 4u + 2v`.

/// The global minimum (value 0).
pub const MINIMA: &[[f64; 2]] = &[[1.0, 3.0]];

/// `u² + v²` with `u = x + 2y − 7`, `v = 2x + y − 5`.
pub fn value(x: f64, y: f64) -> f64 {
    let u = x + 2.0 * y - 7.0;
    let v = 2.0 * x + y - 5.0;
    u * u + v * v
}

/// `[2u + 4v, 4u + 2v]`.
pub fn gradient(x: f64, y: f64) -> [f64; 2] {
    let u = x + 2.0 * y - 7.0;
    let v = 2.0 * x + y - 5.0;
    [2.0 * u + 4.0 * v, 4.0 * u + 2.0 * v]
}
