//! Beale `(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2`; global minimum 0
//! at (3, 0.5).
//!
//! With `t1, t2, t3` the three brackets: `∂x = 2t1(y - 1) + 2t2(y² - 1) + 2t3(y³ - 1)`,
//! `∂y = 2t1·x + 4t2·x·y + 6t3·x·y²`.

/// The global minimum (value 0).
pub const MINIMA: &[[f64; 2]] = &[[3.0, 0.5]];

fn terms(x: f64, y: f64) -> [f64; 3] {
    let y2 = y * y;
    let y3 = y * y * y;
    [1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y3]
}

/// `t1² + t2² + t3²` with `t1 = 1.5 − x + x·y`, `t2 = 2.25 − x + x·y²`, `t3 = 2.625 − x + x·y³`
/// (powers of y as products).
pub fn value(x: f64, y: f64) -> f64 {
    let [t1, t2, t3] = terms(x, y);
    t1 * t1 + t2 * t2 + t3 * t3
}

/// `[2t1(y − 1) + 2t2(y² − 1) + 2t3(y³ − 1), 2t1·x + 4t2·x·y + 6t3·x·y²]`.
pub fn gradient(x: f64, y: f64) -> [f64; 2] {
    let [t1, t2, t3] = terms(x, y);
    let y2 = y * y;
    let y3 = y2 * y;
    [
        2.0 * t1 * (y - 1.0) + 2.0 * t2 * (y2 - 1.0) + 2.0 * t3 * (y3 - 1.0),
        2.0 * t1 * x + 4.0 * t2 * x * y + 6.0 * t3 * x * y2,
    ]
}
