//! Beale `(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2`; global minimum 0
//! at (3, 0.5).
//!
//! With `t1, t2, t3` the three brackets: `∂x = 2t1(y - 1) + 2t2(y² - 1) + 2t3(y³ - 1)`,
//! `∂y = 2t1·x + 4t2·x·y + 6t3·x·y²`.

pub const MINIMA: &[[f64; 2]] = &[[3.0, 0.5]];

fn terms(x: f64, y: f64) -> [f64; 3] {
    let y2 = y * y;
    let y3 = y * y * y;
    [1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y3]
}

pub fn value(x: f64, y: f64) -> f64 {
    let [t1, t2, t3] = terms(x, y);
    t1 * t1 + t2 * t2 + t3 * t3
}

pub fn gradient(x: f64, y: f64) -> [f64; 2] {
    let [t1, t2, t3] = terms(x, y);
    let y2 = y * y;
    let y3 = y2 * y;
    [
        2.0 * t1 * (y - 1.0) + 2.0 * t2 * (y2 - 1.0) + 2.0 * t3 * (y3 - 1.0),
        2.0 * t1 * x + 4.0 * t2 * x * y + 6.0 * t3 * x * y2,
    ]
}
