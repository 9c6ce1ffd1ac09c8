//! The three versions of `dyn_lr_piecewise_linear` (see the README of the reference vectors for the
//! arithmetic, and `docs/STEP-SCHEDULES.md`).
use super::num::{Cmp, Val};
use super::{check, list, reader_error, InterpCache, Query, PIECEWISE_BY_EPOCH_CONTINUOUS, PIECEWISE_STEPS, PIECEWISE_VALUES};
use crate::py::error::{Error, PyExc, Result};
use crate::py::typed_config::TypedConfig;

/// `@factor` (`plus_one`: weight `(g + 1 - p) / (s - p)`) and `@factor_step` (`(g - p) / (s - p)`).
/// Every call reads both lists and checks the breakpoints up to `g`'s segment.
pub(super) fn factor(config: &TypedConfig, q: &Query, plus_one: bool) -> Result<Val> {
    let steps = list(config, PIECEWISE_STEPS, true)?;
    let lrs = list(config, PIECEWISE_VALUES, false)?;
    check(steps.len() + 1 == lrs.len())?;
    let g = q.global_train_step;
    let lr = Val::Float(q.learning_rate);
    let mut last = Val::Int(0);
    for (i, &step) in steps.iter().enumerate() {
        check(step.cmp(Cmp::Gt, last)?)?;
        check(g.cmp(Cmp::Ge, last)?)?;
        if g.cmp(Cmp::Lt, step)? {
            let done = if plus_one { g.add(Val::Int(1))?.sub(last)? } else { g.sub(last)? };
            let f = done.div(step.sub(last)?)?;
            let mix = lrs[i + 1].mul(f)?.add(lrs[i].mul(Val::Int(1).sub(f)?)?)?;
            return lr.mul(mix);
        }
        last = step;
    }
    lr.mul(lrs[lrs.len() - 1])
}

/// The `@interp` version's first call: both lists as `float_list`, the length and the strictly
/// increasing steps (from above 0) checked whatever `g` is, then `PiecewiseLinear({0: V[0],
/// s_1: V[1], ...})` as float64 arrays.
pub(super) fn build_interp(config: &TypedConfig) -> Result<InterpCache> {
    let steps = list(config, PIECEWISE_STEPS, false)?;
    let lrs = list(config, PIECEWISE_VALUES, false)?;
    check(steps.len() + 1 == lrs.len())?;
    let mut last = Val::Int(0);
    for &step in &steps {
        check(step.cmp(Cmp::Gt, last)?)?;
        last = step;
    }
    // numpy.array(...) then numpy.interp's conversion to float64: Python's float() of each.
    let to_f64 = |v: &Val| v.to_f64();
    let mut xp = vec![0.0];
    xp.extend(steps.iter().map(to_f64).collect::<Result<Vec<_>>>()?);
    let fp = lrs.iter().map(to_f64).collect::<Result<Vec<_>>>()?;
    Ok(InterpCache { xp, fp })
}

/// The `@interp` version after the cache: `F(t) * lr` when
/// `learning_rate_piecewise_by_epoch_continuous` is true (t must not be None), else
/// `F(g + 1) * lr`.
pub(super) fn interp_lr(f: &InterpCache, config: &TypedConfig, q: &Query) -> Result<Val> {
    let by_epoch = config.bool(PIECEWISE_BY_EPOCH_CONTINUOUS, false).map_err(|e| reader_error(config, PIECEWISE_BY_EPOCH_CONTINUOUS, e))?;
    let x = if by_epoch == Some(true) {
        check(q.epoch_continuous != Val::None)?;
        q.epoch_continuous
    } else {
        q.global_train_step.add(Val::Int(1))?
    };
    let x = match x {
        Val::Int(_) | Val::Bool(_) | Val::Float(_) => x.to_f64()?,
        other => return Err(Error::py(PyExc::TypeError, format!("Cannot cast array data from dtype('O') to dtype('float64') ({})", other.type_name()))),
    };
    Ok(Val::Float(super::interp::interp(x, &f.xp, &f.fp)).mul(Val::Float(q.learning_rate))?)
}
