//! Axis ticks at 1-2-5 steps whose labels read exactly: each tick is the double nearest to a
//! short decimal (`m·10^e` parsed from its text, never `i * step` accumulated in binary), and its
//! label is Python's `repr` of that double — `0.05`, not `0.05000000000000001`; 0 is `0`.
use crate::py::value::float_repr;

/// The double nearest to `m · 10^e` (exact decimal → one rounding).
fn dec(m: i64, e: i32) -> f64 {
    format!("{m}e{e}").parse::<f64>().unwrap_or(0.0)
}

/// At most `max_n` (≥ 2) ticks inside `[lo, hi]` on a linear axis, evenly spaced by the smallest
/// step `1`, `2` or `5` × 10^e that gives no more than `max_n`. Empty for a non-finite or empty
/// range.
pub fn linear_ticks(lo: f64, hi: f64, max_n: usize) -> Vec<f64> {
    let max_n = max_n.max(2);
    let span = hi - lo;
    if !(lo.is_finite() && hi.is_finite() && span.is_finite() && span > 0.0) {
        return vec![];
    }
    let raw = span / max_n as f64;
    let mut e = raw.log10().floor() as i32;
    // Search up from a step at or below `raw`: the first 1-2-5 step that fits.
    for _ in 0..4 {
        for m in [1i64, 2, 5] {
            let step = dec(m, e);
            if step <= 0.0 || !step.is_finite() {
                continue;
            }
            // Tolerant bounds (0.3 / 0.05 is 5.999…); the exact range is checked below.
            let (a, b) = ((lo / step - 1e-9).ceil(), (hi / step + 1e-9).floor());
            // A step far below the values' magnitude (floats that close are not apart on the axis).
            if !(a.abs() < 1e15 && b.abs() < 1e15) {
                return vec![];
            }
            if b - a + 1.0 > max_n as f64 {
                continue;
            }
            return (a as i64..=b as i64).map(|i| dec(i * m, e)).filter(|v| *v >= lo && *v <= hi).collect();
        }
        e += 1;
    }
    vec![]
}

/// Ticks for a log axis over `[lo, hi]` (both > 0): `1`, `2`, `5` × 10^e while at most `max_n`
/// fit, else the decades (every k-th decade when even those are too many). A range narrower than
/// its 1-2-5 marks (two or fewer inside) gets linear 1-2-5 ticks instead, so it is still labelled.
pub fn log_ticks(lo: f64, hi: f64, max_n: usize) -> Vec<f64> {
    let max_n = max_n.max(2);
    if !(lo.is_finite() && hi.is_finite() && lo > 0.0 && hi > lo) {
        return vec![];
    }
    let (e0, e1) = (lo.log10().floor() as i32 - 1, hi.log10().ceil() as i32 + 1);
    let marks = |ms: &[i64], every: i32| -> Vec<f64> {
        (e0..=e1)
            .filter(|e| e.rem_euclid(every) == 0)
            .flat_map(|e| ms.iter().map(move |&m| dec(m, e)))
            .filter(|v| *v >= lo && *v <= hi)
            .collect()
    };
    let dense = marks(&[1, 2, 5], 1);
    if dense.len() <= 2 {
        let lin = linear_ticks(lo, hi, max_n.min(5));
        if lin.len() > dense.len() {
            return lin;
        }
    }
    if dense.len() <= max_n {
        return dense;
    }
    let mut every = 1;
    loop {
        let t = marks(&[1], every);
        if t.len() <= max_n || every > 400 {
            return t;
        }
        every += 1;
    }
}

/// The label of a tick: Python's `repr` (`0.05`, `1e-05`, `0`).
pub fn tick_text(v: f64) -> String {
    if v == 0.0 { "0".into() } else { float_repr(v) }
}
