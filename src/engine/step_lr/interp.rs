//! `numpy.interp(x, xp, fp)` as numpy 2.4 computes it for a scalar `x` (all float64; the C loop of
//! `arr_interp` in `numpy/_core/src/multiarray/compiled_base.c`), which RETURNN's
//! `returnn.util.math.PiecewiseLinear` calls with its sorted keys and values:
//!
//! * one point: `fp[0]` whatever `x` is (also NaN: both comparisons are false);
//! * NaN `x`: NaN; `x < xp[0]`: `fp[0]`; `x > xp[-1]`: `fp[-1]`;
//! * otherwise `j` = the last index with `xp[j] <= x`: if `j` is the last index or `xp[j] == x`,
//!   `fp[j]`; else `slope = (fp[j+1] - fp[j]) / (xp[j+1] - xp[j])` and
//!   `slope*(x - xp[j]) + fp[j]` (a multiply and an add, no FMA); if that is NaN,
//!   `slope*(x - xp[j+1]) + fp[j+1]`; if that is NaN too and `fp[j] == fp[j+1]`, `fp[j]`.

/// numpy.interp for strictly increasing `xp` (RETURNN's schedule asserts it); `xp` and `fp` have
/// the same, non-zero length.
pub fn interp(x: f64, xp: &[f64], fp: &[f64]) -> f64 {
    let n = xp.len().min(fp.len());
    if n == 0 {
        return f64::NAN;
    }
    if n == 1 {
        return fp[0];
    }
    if x.is_nan() {
        return x;
    }
    if x < xp[0] {
        return fp[0];
    }
    if x > xp[n - 1] {
        return fp[n - 1];
    }
    // The last j with xp[j] <= x (numpy's binary search gives the same index for increasing xp).
    let j = xp[..n].partition_point(|&p| p <= x) - 1;
    if j == n - 1 || xp[j] == x {
        return fp[j];
    }
    let slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    let r = no_fma_mul_add(slope, x - xp[j], fp[j]);
    if !r.is_nan() {
        return r;
    }
    let r = no_fma_mul_add(slope, x - xp[j + 1], fp[j + 1]);
    if r.is_nan() && fp[j] == fp[j + 1] {
        return fp[j];
    }
    r
}

/// `a*b + c` rounded twice (Rust never contracts `a * b + c` into an FMA; the separate statement
/// documents that numpy's loop does not either).
#[inline]
fn no_fma_mul_add(a: f64, b: f64, c: f64) -> f64 {
    let p = a * b;
    p + c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_edge_cases() {
        assert_eq!(interp(f64::NAN, &[0.0], &[0.5]), 0.5);
        assert!(interp(f64::NAN, &[0.0, 1.0], &[0.5, 1.0]).is_nan());
        assert_eq!(interp(-1.0, &[0.0, 10.0], &[0.5, 1.0]), 0.5);
        assert_eq!(interp(11.0, &[0.0, 10.0], &[0.5, 1.0]), 1.0);
        assert_eq!(interp(10.0, &[0.0, 10.0], &[0.5, 1.0]), 1.0);
        assert_eq!(interp(5.0, &[0.0, 10.0], &[0.0, 1.0]), 0.5);
        // inf - inf in the slope: the other direction, then the equal-values rule.
        assert_eq!(interp(5.0, &[0.0, 10.0], &[f64::INFINITY, f64::INFINITY]), f64::INFINITY);
    }
}
