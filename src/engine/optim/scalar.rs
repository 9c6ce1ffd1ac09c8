//! Scalar helpers with torch's / Python's semantics, and the reference tolerance.
#[allow(unused_imports)]
use super::*;

/// `torch.lerp(start, end, weight)`: `start + w·(end - start)` for |w| < 0.5, else
/// `end - (end - start)·(1 - w)`.
pub(crate) fn lerp(start: f64, end: f64, weight: f64) -> f64 {
    let diff = end - start;
    if weight.abs() < 0.5 {
        start + weight * diff
    } else {
        end - diff * (1.0 - weight)
    }
}

/// The gradient as the non-Adam classes start their update: negated for `maximize`, then
/// coupled L2 weight decay `g + wd·p` (skipped when `wd == 0`, as torch does).
pub(crate) fn coupled_grad(g: f64, p: f64, weight_decay: f64, maximize: bool) -> f64 {
    let g = if maximize { -g } else { g };
    if weight_decay != 0.0 {
        g + weight_decay * p
    } else {
        g
    }
}

/// `torch.maximum`: NaN propagates.
pub(crate) fn max_nan(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// `torch.clamp(x, lo, hi)`: NaN propagates; `hi` wins when `lo > hi`.
pub(crate) fn clamp_nan(x: f64, lo: f64, hi: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let y = if x < lo { lo } else { x };
    if y > hi {
        hi
    } else {
        y
    }
}

/// Python's `max(a, b)`: `b` only if `b > a` (so a NaN `b` loses).
pub(crate) fn py_max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Python's `min(a, b)`: `b` only if `b < a`.
pub(crate) fn py_min(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// The reference vectors' comparison: `|a − b| ≤ 1e-9·max(|a|, |b|) + 1e-12` for a finite
/// expected value `expected`; a non-finite expected value needs a non-finite `actual`.
pub fn within_reference_tolerance(expected: f64, actual: f64) -> bool {
    if !expected.is_finite() {
        return !actual.is_finite();
    }
    if !actual.is_finite() {
        return false;
    }
    (expected - actual).abs() <= 1e-9 * expected.abs().max(actual.abs()) + 1e-12
}
