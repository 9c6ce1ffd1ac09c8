//! `dynamic_learning_rate` in config text: the functions an exported snippet defines (the
//! explorer's own code, one per known schedule, named after its variant), and the recognition of
//! a config's function by its text on import (never executed).
//!
//! Export ([`function_source`], [`snippet_tail`]): the snippet defines the chosen function itself —
//! importing at most RETURNN (`returnn.config.get_global_config`, `returnn.util.math.PiecewiseLinear`),
//! never i6_experiments — and binds `dynamic_learning_rate` to it (the cosine: a
//! `functools.partial` with `dynamic_learning_rate_kwargs`). RETURNN's `Config` loads it, and
//! calling `config.typed_value("dynamic_learning_rate")` inside `global_config_ctx` as the torch
//! updater does gives the engine's values bit for bit (`tests/returnn_python.rs`).
use crate::engine::step_lr::{Schedule, KWARGS};

const FACTOR: &str = r#"def dyn_lr_piecewise_linear_factor(*, global_train_step, learning_rate, **_kwargs):
    """Piecewise linear factor of learning_rate per step: i6_experiments' dyn_lr_piecewise_linear
    as of 2023-11-07 .. 2024-06-14 (a weighted sum; V[k+1] is reached at step S[k] - 1)."""
    from returnn.config import get_global_config

    config = get_global_config()
    bounds = config.int_list("learning_rate_piecewise_steps")
    factors = config.float_list("learning_rate_piecewise_values")
    assert len(bounds) + 1 == len(factors)
    start = 0
    for k, end in enumerate(bounds):
        assert end > start
        assert global_train_step >= start
        if global_train_step < end:
            w = (global_train_step + 1 - start) / (end - start)
            return learning_rate * (factors[k + 1] * w + factors[k] * (1 - w))
        start = end
    return learning_rate * factors[-1]
"#;

const FACTOR_STEP: &str = r#"def dyn_lr_piecewise_linear_factor_step(*, global_train_step, learning_rate, **_kwargs):
    """Piecewise linear factor of learning_rate per step: i6_experiments' first
    dyn_lr_piecewise_linear (2023-11-07; a weighted sum; V[k+1] is reached at step S[k])."""
    from returnn.config import get_global_config

    config = get_global_config()
    bounds = config.int_list("learning_rate_piecewise_steps")
    factors = config.float_list("learning_rate_piecewise_values")
    assert len(bounds) + 1 == len(factors)
    start = 0
    for k, end in enumerate(bounds):
        assert end > start
        assert global_train_step >= start
        if global_train_step < end:
            w = (global_train_step - start) / (end - start)
            return learning_rate * (factors[k + 1] * w + factors[k] * (1 - w))
        start = end
    return learning_rate * factors[-1]
"#;

const INTERP: &str = r#"def dyn_lr_piecewise_linear_interp(*, global_train_step, learning_rate, epoch_continuous=None, **_kwargs):
    """Piecewise linear factor of learning_rate: numpy.interp through RETURNN's PiecewiseLinear at
    step + 1 (or at epoch_continuous), as i6_experiments' dyn_lr_piecewise_linear of 2024-10-23."""
    from returnn.config import get_global_config
    from returnn.util.math import PiecewiseLinear

    config = get_global_config()
    curve = config.typed_dict.get("_schedule_explorer_piecewise_linear")
    if curve is None:
        bounds = config.float_list("learning_rate_piecewise_steps")
        factors = config.float_list("learning_rate_piecewise_values")
        assert len(bounds) + 1 == len(factors)
        start = 0
        for end in bounds:
            assert end > start
            start = end
        curve = PiecewiseLinear(dict(zip([0] + bounds, factors)))
        config.typed_dict["_schedule_explorer_piecewise_linear"] = curve
    if config.bool("learning_rate_piecewise_by_epoch_continuous", False):
        assert epoch_continuous is not None
        return curve(epoch_continuous) * learning_rate
    return curve(global_train_step + 1) * learning_rate
"#;

const INVSQRT: &str = r#"def dyn_lr_lin_warmup_invsqrt_decay(*, global_train_step, learning_rate, **_kwargs):
    """Linear warm-up over learning_rate_warmup_steps, then inverse square-root decay with
    learning_rate_invsqrt_norm, as i6_experiments' dyn_lr_lin_warmup_invsqrt_decay (2023-10-20)."""
    from returnn.config import get_global_config

    config = get_global_config()
    warmup = config.int("learning_rate_warmup_steps", None)
    assert warmup and warmup > 0, f"set learning_rate_warmup_steps in config >0, got {warmup}"
    norm = config.float("learning_rate_invsqrt_norm", None)
    assert norm and norm > 0, f"set learning_rate_invsqrt_norm in config >0, got {norm}"
    n = global_train_step + 1
    if n <= warmup:
        return learning_rate * (n / warmup)
    return learning_rate * (1.0 + (n - warmup) / norm) ** -0.5
"#;

const COSINE: &str = r#"def linear_warmup_cosine_annealing(
    *, learning_rate, epoch_continuous, num_warmup_epochs, max_lr, min_lr, num_epochs, num_constant_epochs=0, **_kwargs
):
    """Linear warm-up over num_warmup_epochs (of epoch_continuous), num_constant_epochs at max_lr,
    then half a cosine to min_lr over num_epochs, as i6_experiments' linear_warmup_cosine_annealing
    (2026-02-23). Not clamped: past its end the LR rises again."""
    import math

    if epoch_continuous < num_warmup_epochs:
        return learning_rate * (max_lr * epoch_continuous / num_warmup_epochs)
    if num_warmup_epochs <= epoch_continuous < num_warmup_epochs + num_constant_epochs:
        return learning_rate * max_lr
    t = epoch_continuous - (num_warmup_epochs + num_constant_epochs)
    return learning_rate * (min_lr + 0.5 * (max_lr - min_lr) * (1 + math.cos(math.pi * t / num_epochs)))
"#;

/// The Python `def` an exported snippet holds for `schedule` (named [`Schedule::export_name`]).
pub fn function_source(schedule: Schedule) -> &'static str {
    match schedule {
        Schedule::PiecewiseLinearFactor => FACTOR,
        Schedule::PiecewiseLinearFactorStep => FACTOR_STEP,
        Schedule::PiecewiseLinearInterp => INTERP,
        Schedule::LinWarmupInvsqrtDecay => INVSQRT,
        Schedule::LinearWarmupCosineAnnealing => COSINE,
    }
}

/// The end of an exported snippet for `schedule`: a comment, the function, and the binding of
/// `dynamic_learning_rate` (`with_kwargs`: whether the snippet assigns `dynamic_learning_rate_kwargs`,
/// which the cosine partial then takes).
pub fn snippet_tail(schedule: Schedule, with_kwargs: bool) -> String {
    let mut out = format!(
        "\n# dynamic_learning_rate = {}: {}.\n# Defined here, so that the snippet needs no i6_experiments.\n",
        schedule.name(),
        schedule.source()
    );
    if schedule == Schedule::LinearWarmupCosineAnnealing {
        out.push_str("import functools\n\n\n");
    }
    out.push_str(function_source(schedule));
    out.push_str("\n\n");
    let binding = match schedule {
        Schedule::LinearWarmupCosineAnnealing if with_kwargs => format!("functools.partial({}, **{KWARGS})", schedule.export_name()),
        Schedule::LinearWarmupCosineAnnealing => format!("functools.partial({})", schedule.export_name()),
        _ => schedule.export_name().to_string(),
    };
    out.push_str(&format!("dynamic_learning_rate = {binding}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_is_named_after_its_variant_and_takes_kwargs() {
        for s in Schedule::ALL {
            let src = function_source(s);
            assert!(src.starts_with(&format!("def {}(", s.export_name())), "{s:?}");
            assert!(src.contains("**_kwargs"), "{s:?}");
            assert!(!src.contains("from i6_experiments") && !src.contains("import i6"), "{s:?}");
        }
    }
}
