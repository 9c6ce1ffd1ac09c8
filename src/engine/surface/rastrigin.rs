//! Rastrigin `20 + x**2 - 10*cos(two_pi*x) + y**2 - 10*cos(two_pi*y)` with `two_pi = 2*math.pi`;
//! global minimum 0 at the origin, a local minimum near every integer point.
//!
//! Gradient: `∂x = 2x + 10·two_pi·sin(two_pi·x)` (same for y). `cos`/`sin` come from `libm`.

/// `2*math.pi`, the float64 constant of the reference generator.
pub const TWO_PI: f64 = 2.0 * std::f64::consts::PI;
/// The global minimum (value 0).
pub const MINIMA: &[[f64; 2]] = &[[0.0, 0.0]];

/// `20 + x² − 10·cos(2π·x) + y² − 10·cos(2π·y)`, summed left to right as torch's expression.
pub fn value(x: f64, y: f64) -> f64 {
    20.0 + x * x - 10.0 * libm::cos(TWO_PI * x) + y * y - 10.0 * libm::cos(TWO_PI * y)
}

fn d(t: f64) -> f64 {
    2.0 * t + 10.0 * TWO_PI * libm::sin(TWO_PI * t)
}

/// `[2x + 10·2π·sin(2π·x), 2y + 10·2π·sin(2π·y)]`.
pub fn gradient(x: f64, y: f64) -> [f64; 2] {
    [d(x), d(y)]
}
