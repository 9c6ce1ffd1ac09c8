//! Himmelblau `(x**2 + y - 11)**2 + (x + y**2 - 7)**2`; four global minima with value 0.
//!
//! With `u = x² + y - 11`, `v = x + y² - 7`: `∂x = 4x·u + 2v`, `∂y = 2u + 4y·v`.

/// The four minima (Newton-polished in float64).
pub const MINIMA: &[[f64; 2]] = &[
    [3.0, 2.0],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.2831859912861696],
    [3.5844283403304917, -1.8481265269644034],
];

/// `u² + v²` with `u = x² + y − 11`, `v = x + y² − 7`.
pub fn value(x: f64, y: f64) -> f64 {
    let u = x * x + y - 11.0;
    let v = x + y * y - 7.0;
    u * u + v * v
}

/// `[4x·u + 2v, 2u + 4y·v]`.
pub fn gradient(x: f64, y: f64) -> [f64; 2] {
    let u = x * x + y - 11.0;
    let v = x + y * y - 7.0;
    [4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v]
}
