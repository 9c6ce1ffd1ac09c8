//! Saddle `0.5 * (x**2 - y**2)`: unbounded below, a saddle point (not a minimum) at the origin.
//!
//! Gradient `(x, -y)`.

/// Stationary points (the saddle itself); there is no minimum.
pub const STATIONARY: &[[f64; 2]] = &[[0.0, 0.0]];

/// `0.5·(x² − y²)`.
pub fn value(x: f64, y: f64) -> f64 {
    0.5 * (x * x - y * y)
}

/// `[x, −y]`.
pub fn gradient(x: f64, y: f64) -> [f64; 2] {
    [x, -y]
}
