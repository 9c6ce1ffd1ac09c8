//! `dyn_lr_lin_warmup_invsqrt_decay`: linear warm-up over `learning_rate_warmup_steps`, then
//! `lr · (1.0 + (i − W) / N) ** −0.5` with `i = g + 1` and N = `learning_rate_invsqrt_norm`.
use super::num::{Cmp, Val};
use super::{reader_error, Query, INVSQRT_NORM, WARMUP_STEPS};
use crate::py::error::{Error, PyExc, Result};
use crate::py::typed_config::TypedConfig;
use crate::py::value::PyValue;

fn positive(v: Val, key: &str) -> Result<()> {
    if v.truthy() && v.cmp(Cmp::Gt, Val::Int(0))? {
        Ok(())
    } else {
        Err(Error::py(PyExc::AssertionError, format!("set {key} in config >0, got {}", v.py_str())))
    }
}

pub(super) fn lr(config: &TypedConfig, q: &Query) -> Result<Val> {
    let w = config.int(WARMUP_STEPS, PyValue::None).map_err(|e| reader_error(config, WARMUP_STEPS, e))?;
    let w = Val::from_py(&w)?;
    positive(w, WARMUP_STEPS)?;
    let n = config.float(INVSQRT_NORM, PyValue::None).map_err(|e| reader_error(config, INVSQRT_NORM, e))?;
    let n = Val::from_py(&n)?;
    positive(n, INVSQRT_NORM)?;
    let lr = Val::Float(q.learning_rate);
    let i = q.global_train_step.add(Val::Int(1))?;
    if i.cmp(Cmp::Le, w)? {
        return lr.mul(i.div(w)?);
    }
    let base = Val::Float(1.0).add(i.sub(w)?.div(n)?)?;
    lr.mul(pow_minus_half(base)?)
}

/// Python's `base ** -0.5` for a float base: C `pow`, correctly rounded (not `1 / sqrt`, which
/// rounds twice and differs in the last bit), with float_pow's own cases for 0 and negative bases.
fn pow_minus_half(base: Val) -> Result<Val> {
    let b = base.to_f64()?;
    if b == 0.0 {
        return Err(Error::py(PyExc::ZeroDivisionError, "0.0 cannot be raised to a negative power"));
    }
    if b < 0.0 {
        // Python returns a complex number; RETURNN's float() of the product then fails.
        return Err(Error::py(PyExc::TypeError, "float() argument must be a string or a real number, not 'complex'"));
    }
    Ok(Val::Float(super::exact::python_pow_minus_half(b)))
}
