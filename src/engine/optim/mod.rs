//! torch optimizers as RETURNN's PyTorch backend builds and steps them.

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
