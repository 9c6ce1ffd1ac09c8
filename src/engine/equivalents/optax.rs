//! optax `optax.contrib.reduce_on_plateau`.
//!
//! Implemented from the documentation and source of `optax/contrib/_reduce_on_plateau.py`
//! (google-deepmind/optax, read at commit 05a74255). It is a gradient transformation: it
//! multiplies the *updates* by a `scale` (starting at 1.0), it does not set an LR. Each
//! `update(..., value=v)` call:
//! 1. accumulates a running mean: `avg = (count * avg + v) / (count + 1)`, `count += 1`;
//! 2. when `count == accumulation_size`, runs the plateau logic and resets `count` and `avg`:
//!    `has_improved = avg < (1 - rtol) * best - atol` (strict, so NaN never improves; `best`
//!    starts at `inf`), `best` takes `avg` on improvement, the plateau count becomes 0 on
//!    improvement or `+1` otherwise; then
//!    * in cooldown (`cooldown_count > 0`): plateau count 0, scale unchanged, `cooldown_count -= 1`;
//!    * otherwise: if the plateau count `== patience` the scale is multiplied by `factor`, the
//!      count resets and the cooldown starts; in any case `scale = max(scale, min_scale)`.
//!
//! Consequences: `patience=0` reduces on every *improvement* (the count is 0 exactly then) and
//! never on a plateau; `patience=p >= 1` reduces after `p` non-improving values in a row. The
//! constructor raises `ValueError` unless `0 < factor < 1`, `rtol >= 0`, `atol >= 0`, not both
//! zero, and `rtol <= 1`. JAX computes in float32 unless `jax_enable_x64` is set: the value is
//! cast to the dtype of `avg` (float32), and the scale has the parameters' dtype
//! ([`PlateauConfig::float32`]).
use serde::{Deserialize, Serialize};

use super::{
    factor_caveat, guard_caveat, plateau_family_caveats, py_float, value_error, NewbobParams,
    NewbobScheme,
};
use crate::py::error::Error;
use super::optimizer_code::{optimizer_lines, Library};
use crate::engine::settings::OptimizerSettings;
use crate::py::value::float_repr;

const NAME: &str = "optax reduce_on_plateau";

/// The smallest tolerance used when newbob's threshold asks for no improvement at all
/// (optax rejects `rtol == atol == 0`). In float32, `1 - 1e-12` rounds to 1.0.
pub const MIN_RTOL: f64 = 1e-12;

/// The transformation's arguments (defaults are optax's) plus the base LR it scales.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlateauConfig {
    /// The base LR; the effective LR of an epoch is `learning_rate * scale`.
    pub learning_rate: f64,
    /// `factor`: the scale is multiplied by it on a plateau; default `0.1` (must be in (0, 1)).
    pub factor: f64,
    /// `patience`: non-improving values before a reduction; default `10` (`0` reduces on improvements).
    pub patience: i64,
    /// `rtol`: improved iff `avg < (1 − rtol)·best − atol`; default `1e-4` (in [0, 1]).
    pub rtol: f64,
    /// `atol`: the absolute tolerance of the same test; default `0.0` (not both zero).
    pub atol: f64,
    /// `cooldown`: plateau checks after a reduction that keep the scale; default `0`.
    pub cooldown: i64,
    /// `accumulation_size`: values averaged per plateau check; default `1`.
    pub accumulation_size: i64,
    /// `min_scale`: the lower bound of the scale; default `0.0`.
    pub min_scale: f64,
    /// JAX's default: `jax_enable_x64` off, float32 parameters (values, best, scale and the
    /// injected LR are float32). `false` computes everything in float64.
    pub float32: bool,
}

impl Default for PlateauConfig {
    fn default() -> Self {
        PlateauConfig {
            learning_rate: 1.0,
            factor: 0.1,
            patience: 10,
            rtol: 1e-4,
            atol: 0.0,
            cooldown: 0,
            accumulation_size: 1,
            min_scale: 0.0,
            float32: true,
        }
    }
}

/// The constructor's checks, in optax's order.
fn validate(c: &PlateauConfig) -> Result<(), Error> {
    if c.factor <= 0.0 || c.factor >= 1.0 {
        return Err(value_error(format!(
            "Factor must be in the range (0, 1), got factor = {}.",
            float_repr(c.factor)
        )));
    }
    if c.rtol < 0.0 || c.atol < 0.0 {
        return Err(value_error(format!(
            "Both rtol and atol must be non-negative, got rtol = {} and atol = {}.",
            float_repr(c.rtol),
            float_repr(c.atol)
        )));
    }
    if c.rtol == 0.0 && c.atol == 0.0 {
        return Err(value_error(format!(
            "At least one of rtol or atol must be positive, got rtol = {} and atol = {}.",
            float_repr(c.rtol),
            float_repr(c.atol)
        )));
    }
    if c.rtol > 1.0 {
        return Err(value_error(format!(
            "rtol must be less than or equal to 1.0, got rtol = {}.",
            float_repr(c.rtol)
        )));
    }
    Ok(())
}

/// `jnp.maximum`: NaN propagates.
fn jnp_maximum(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if b > a {
        b
    } else {
        a
    }
}

/// The effective LR of epochs 1..=n+1 (`learning_rate * scale`, as the code snippet injects it)
/// when `update(value=score)` is called once after each epoch's validation (`super` module
/// docs). Errors: the constructor's `ValueError`.
pub fn simulate(c: &PlateauConfig, scores: &[f64]) -> Result<Vec<f64>, Error> {
    validate(c)?;
    // Rounding to the working precision after each operation on working-precision operands is
    // exactly float32 arithmetic (float64 has more than 2 * 24 + 2 bits).
    let r = |x: f64| if c.float32 { x as f32 as f64 } else { x };
    let mut best = f64::INFINITY;
    let mut plateau: i64 = 0;
    let mut cooldown_count: i64 = 0;
    let mut count: i64 = 0;
    let mut avg = 0.0f64;
    let mut scale = r(1.0);
    let base = r(c.learning_rate);
    let one_minus_rtol = r(1.0 - c.rtol);
    let atol = r(c.atol);
    let factor = r(c.factor);
    let min_scale = r(c.min_scale);
    let mut out = Vec::with_capacity(scores.len() + 1);
    out.push(r(base * scale));
    for &v in scores {
        let new_count = count.saturating_add(1);
        avg = r(r(r(count as f64 * avg) + r(v)) / new_count as f64);
        count = new_count;
        if count == c.accumulation_size {
            let improved = avg < r(r(one_minus_rtol * best) - atol);
            if improved {
                best = avg;
            }
            let curr_plateau = if improved {
                0
            } else {
                plateau.saturating_add(1)
            };
            if cooldown_count > 0 {
                plateau = 0;
                cooldown_count -= 1;
            } else {
                let hit = curr_plateau == c.patience;
                plateau = if hit { 0 } else { curr_plateau };
                let reduced = if hit { r(scale * factor) } else { scale };
                scale = jnp_maximum(reduced, min_scale);
                cooldown_count = if hit { c.cooldown } else { 0 };
            }
            count = 0;
            avg = 0.0;
        }
        out.push(r(base * scale));
    }
    Ok(out)
}

/// The closest transformation: `factor = decay`, `patience = 1` (the first non-improving value
/// reduces), `atol = -t` for newbob_abs, else `rtol` = the threshold re-expressed against the
/// older score ([`NewbobParams::improvement_vs_old`]), clamped to `[MIN_RTOL, 1]` (optax accepts
/// neither negative tolerances nor both zero), `cooldown = N - 1` for the min-num-epochs guard
/// `N`, `accumulation_size = newbob_multi_update_interval` for newbob_multi_epoch (else 1),
/// `min_scale = min_learning_rate / learning_rate`.
pub fn closest_config(p: &NewbobParams) -> PlateauConfig {
    let (rtol, atol) = match p.scheme {
        NewbobScheme::NewbobAbs => {
            let a = -p.error_threshold;
            if a > 0.0 {
                (0.0, a)
            } else {
                (MIN_RTOL, 0.0)
            }
        }
        _ => {
            let t = p.improvement_vs_old();
            if t > 1.0 {
                (1.0, 0.0)
            } else if t > 0.0 {
                (t, 0.0)
            } else {
                (MIN_RTOL, 0.0)
            }
        }
    };
    PlateauConfig {
        learning_rate: p.learning_rate,
        factor: p.decay,
        patience: 1,
        rtol,
        atol,
        cooldown: (p.active_min_epochs() - 1).max(0),
        accumulation_size: if p.scheme == NewbobScheme::NewbobMultiEpoch {
            p.update_interval()
        } else {
            1
        },
        min_scale: if p.learning_rate > 0.0 {
            p.min_learning_rate / p.learning_rate
        } else {
            0.0
        },
        float32: true,
    }
}

/// Python code: the plateau transformation fed once per epoch, its scale injected as the LR.
pub fn code_snippet(c: &PlateauConfig, optimizer: Option<&OptimizerSettings>) -> String {
    let mut s = String::from("import jax\nimport jax.numpy as jnp\nimport optax\n");
    if !c.float32 {
        s.push_str("\njax.config.update(\"jax_enable_x64\", True)\n");
    }
    s.push_str(&format!(
        r#"
learning_rate = {lr}
params = {{"w": jnp.zeros((10, 10))}}  # your parameters
{optimizer}
opt_state = optimizer.init(params)
plateau = optax.contrib.reduce_on_plateau(
    factor={factor},
    patience={patience},
    rtol={rtol},
    atol={atol},
    cooldown={cooldown},
    accumulation_size={accumulation_size},
    min_scale={min_scale},
)
plateau_state = plateau.init(params)

for epoch in range(1, num_epochs + 1):
    params, opt_state = train_one_epoch(params, opt_state, optimizer)
    dev_score = validate(params)  # the score newbob uses, e.g. dev_loss_ce
    # One value per epoch; the scaled updates it returns are not used, only its scale.
    _, plateau_state = plateau.update(updates=params, state=plateau_state, value=dev_score)
    opt_state.hyperparams["learning_rate"] = learning_rate * plateau_state.scale
"#,
        lr = py_float(c.learning_rate),
        optimizer = optimizer_lines(Library::Optax, optimizer, "learning_rate"),
        factor = py_float(c.factor),
        patience = c.patience,
        rtol = py_float(c.rtol),
        atol = py_float(c.atol),
        cooldown = c.cooldown,
        accumulation_size = c.accumulation_size,
        min_scale = py_float(c.min_scale),
    ));
    s
}

/// The differences between newbob with `p` and optax's transformation with `c`.
pub fn caveats(p: &NewbobParams, c: &PlateauConfig) -> Vec<String> {
    let mut out = Vec::new();
    plateau_family_caveats(p, NAME, &mut out);
    out.push(
        "optax scales the updates, not the LR: reduce_on_plateau multiplies the updates by a \
         scale that starts at 1.0. The code injects learning_rate * scale as the optimizer's LR \
         after each epoch, and the curve shows that product. Chained per step with \
         accumulation_size = steps per epoch instead, the new scale already applies to the \
         last step of the epoch."
            .to_string(),
    );
    if c.float32 {
        out.push(
            "float32: without jax_enable_x64, JAX rounds each score to float32 and keeps the \
             best value, the scale and the injected LR in float32; newbob works in float64."
                .to_string(),
        );
    }
    let asked = match p.scheme {
        NewbobScheme::NewbobAbs => -p.error_threshold,
        _ => p.improvement_vs_old(),
    };
    if asked <= 0.0 {
        out.push(format!(
            "Threshold not expressible: newbob's threshold {} tolerates no or some worsening, \
             but optax needs rtol, atol >= 0 and not both 0; rtol = {} (effectively: strictly \
             better than the best) is used.",
            py_float(p.threshold()),
            py_float(MIN_RTOL)
        ));
    } else if p.scheme != NewbobScheme::NewbobAbs {
        out.push(format!(
            "Denominator: newbob's relative error is (new - old) / |{}|; optax improves iff \
             value < (1 - rtol) * best - atol, relative to the best value itself and signed \
             (with negative scores a slightly worse value still counts as an improvement).{}",
            if p.div_by_old { "old" } else { "new" },
            if asked > 1.0 {
                format!(
                    " The needed rtol {} is above optax's limit 1.0.",
                    py_float(asked)
                )
            } else if !p.div_by_old {
                format!(
                    " The newbob threshold {} (relative to the new score) becomes rtol = {} \
                     (relative to the older score): -t / (1 - t).",
                    py_float(p.relative_error_threshold),
                    py_float(c.rtol)
                )
            } else {
                String::new()
            }
        ));
    }
    if c.patience == 1 {
        out.push(
            "Patience: optax reduces when its plateau count == patience, so patience=1 reduces \
             after the first non-improving epoch, like newbob. patience=0 would be a trap: the \
             count is 0 only right after an improvement, so it reduces on every improvement."
                .to_string(),
        );
    } else {
        out.push(format!(
            "Patience: patience={} reduces {}; newbob reacts to a single bad epoch (patience=1).",
            c.patience,
            if c.patience == 0 {
                "on every improvement and never on a plateau (the count is 0 only then)".to_string()
            } else {
                format!("only after {} non-improving epochs in a row", c.patience)
            }
        ));
    }
    if let Some(g) = guard_caveat(p, NAME, c.cooldown, c.cooldown) {
        out.push(g);
    }
    if p.scheme == NewbobScheme::NewbobMultiEpoch {
        out.push(format!(
            "Multi-epoch: accumulation_size={} averages the raw scores of {} consecutive epochs \
             (non-overlapping blocks) and compares that average with the best block average, \
             deciding after epochs {}, {}, ... (so the LR changes at epochs {}, {}, ... as in \
             newbob). newbob_multi_epoch instead averages the {} relative errors of a sliding \
             window of {} epochs.",
            c.accumulation_size,
            c.accumulation_size,
            c.accumulation_size,
            c.accumulation_size.saturating_mul(2),
            c.accumulation_size.saturating_add(1),
            c.accumulation_size.saturating_mul(2).saturating_add(1),
            p.multi_num_epochs,
            p.multi_num_epochs.saturating_add(1)
        ));
    }
    if p.min_learning_rate != 0.0 {
        out.push(format!(
            "Minimum LR: min_scale = min_learning_rate / learning_rate = {} is applied as \
             max(scale, min_scale) at every update outside cooldown, not only after a decay{}.",
            py_float(c.min_scale),
            if c.min_scale > 1.0 {
                "; since it is above 1.0, the scale jumps up to it at the first update, while \
                 newbob raises the LR to the minimum only at its first decay"
            } else {
                ""
            }
        ));
    }
    if !(p.decay > 0.0 && p.decay < 1.0) {
        out.push(factor_caveat(p, "optax", "0 < factor < 1"));
    }
    out
}
