//! Keras `keras.callbacks.ReduceLROnPlateau`.
//!
//! Implemented from the documentation and source of
//! `keras/src/callbacks/reduce_lr_on_plateau.py` (keras-team/keras, read at commit 040582fc).
//! `on_epoch_end` does, in this order:
//! 1. `if in_cooldown(): cooldown_counter -= 1; wait = 0` (the decrement comes *first*);
//! 2. `if monitor_op(current, best): best = current; wait = 0` where `monitor_op` is
//!    `np.less(a, best - min_delta)` (min) or `np.greater(a, best + min_delta)` (max), strict, so
//!    NaN is never better; `best` starts at `inf` / `-inf`;
//! 3. `elif not in_cooldown(): wait += 1; if wait >= patience:` reduce, but only
//!    `if old_lr > np.float32(min_lr)`: `new_lr = max(old_lr * factor, min_lr)`,
//!    `cooldown_counter = cooldown`, `wait = 0` (when the LR is already at `min_lr`, nothing is
//!    reset and `wait` keeps growing).
//!
//! Consequences: `patience=0` and `patience=1` both reduce after the first bad epoch, and a
//! `cooldown` of `c` ignores only `c - 1` epochs after a reduction (`cooldown=1` ignores none).
//! `mode="auto"` means `max` iff `"acc"` is in the monitor name, else `min`. The optimizer keeps
//! a float learning rate in a `backend.Variable(..., dtype=backend.floatx())`
//! (`keras/src/optimizers/base_optimizer.py`, read at commit 001750db), float32 by default, so
//! every LR it holds is rounded to float32 ([`PlateauConfig::float32_lr`]). The constructor
//! raises `ValueError` for `factor >= 1.0`.
use serde::{Deserialize, Serialize};

use super::{
    factor_caveat, guard_caveat, min_lr_raise_caveat, no_averaging_caveat, plateau_family_caveats,
    py_float, py_max, value_error, NewbobParams, NewbobScheme,
};
use crate::py::error::Error;
use super::optimizer_code::{optimizer_lines, Library};
use crate::engine::settings::OptimizerSettings;
use crate::py::value::{float_repr, str_repr};

const NAME: &str = "Keras ReduceLROnPlateau";

/// `mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KerasMode {
    #[default]
    /// `"auto"`: `max` iff `"acc"` is in `monitor`, else `min`.
    Auto,
    /// `"min"`: lower is better.
    Min,
    /// `"max"`: higher is better.
    Max,
}

impl KerasMode {
    /// The Python spelling: `"auto"`, `"min"`, `"max"`.
    pub fn name(self) -> &'static str {
        match self {
            KerasMode::Auto => "auto",
            KerasMode::Min => "min",
            KerasMode::Max => "max",
        }
    }
}

/// The callback's arguments (defaults are Keras') plus the optimizer's `learning_rate`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlateauConfig {
    /// The optimizer's `learning_rate` (the LR of epoch 1).
    pub learning_rate: f64,
    /// `monitor`: the quantity's name; default `"val_loss"` (only `mode="auto"` reads it here).
    pub monitor: String,
    /// `factor`: `new_lr = max(lr·factor, min_lr)`; default `0.1` (`>= 1.0` is a ValueError).
    pub factor: f64,
    /// `patience`: bad epochs until a reduction (`wait >= patience`); default `10`.
    pub patience: i64,
    /// `mode`: default `"auto"`.
    pub mode: KerasMode,
    /// `min_delta`: better means beyond `best ∓ min_delta`; default `1e-4`.
    pub min_delta: f64,
    /// `cooldown`: epochs after a reduction (only `cooldown − 1` are ignored); default `0`.
    pub cooldown: i64,
    /// `min_lr`: the lower bound of the LR; default `0`.
    pub min_lr: f64,
    /// The optimizer's LR variable is float32 (Keras' default `floatx`): every LR it holds is
    /// rounded to float32. `false` models `keras.config.set_floatx("float64")`.
    pub float32_lr: bool,
}

impl Default for PlateauConfig {
    fn default() -> Self {
        PlateauConfig {
            learning_rate: 1.0,
            monitor: "val_loss".to_string(),
            factor: 0.1,
            patience: 10,
            mode: KerasMode::Auto,
            min_delta: 1e-4,
            cooldown: 0,
            min_lr: 0.0,
            float32_lr: true,
        }
    }
}

impl PlateauConfig {
    /// Whether the callback minimizes (after resolving `auto` from the monitor name).
    pub fn minimizes(&self) -> bool {
        match self.mode {
            KerasMode::Min => true,
            KerasMode::Max => false,
            KerasMode::Auto => !self.monitor.contains("acc"),
        }
    }

    fn store(&self, x: f64) -> f64 {
        if self.float32_lr {
            x as f32 as f64
        } else {
            x
        }
    }
}

/// The LR of epochs 1..=n+1 when `on_epoch_end` runs after each epoch's validation (`super`
/// module docs). Errors: the constructor's `ValueError`.
pub fn simulate(c: &PlateauConfig, scores: &[f64]) -> Result<Vec<f64>, Error> {
    if c.factor >= 1.0 {
        return Err(value_error(format!(
            "ReduceLROnPlateau does not support a factor >= 1.0. Received factor={}",
            float_repr(c.factor)
        )));
    }
    let minimize = c.minimizes();
    let mut best = if minimize {
        f64::INFINITY
    } else {
        f64::NEG_INFINITY
    };
    let mut wait: i64 = 0;
    let mut cooldown_counter: i64 = 0;
    let min_lr_f32 = c.min_lr as f32 as f64;
    let mut lr = c.store(c.learning_rate);
    let mut out = Vec::with_capacity(scores.len() + 1);
    out.push(lr);
    for &current in scores {
        if cooldown_counter > 0 {
            cooldown_counter -= 1;
            wait = 0;
        }
        let better = if minimize {
            current < best - c.min_delta
        } else {
            current > best + c.min_delta
        };
        if better {
            best = current;
            wait = 0;
        } else if cooldown_counter <= 0 {
            wait = wait.saturating_add(1);
            if wait >= c.patience && lr > min_lr_f32 {
                lr = c.store(py_max(lr * c.factor, c.min_lr));
                cooldown_counter = c.cooldown;
                wait = 0;
            }
        }
        out.push(lr);
    }
    Ok(out)
}

/// The closest callback: `factor = decay`, `patience = 1` (the first bad epoch reduces; 0 acts
/// the same), `mode = "min"`, `min_delta = -t` for newbob_abs or `-t * score_scale` for the
/// relative schemes (0.0 without a scale), `cooldown = N` for the min-num-epochs guard `N`
/// (Keras' cooldown ignores one epoch less than torch's), `min_lr = min_learning_rate`.
pub fn closest_config(p: &NewbobParams) -> PlateauConfig {
    PlateauConfig {
        learning_rate: p.learning_rate,
        monitor: "val_loss".to_string(),
        factor: p.decay,
        patience: 1,
        mode: KerasMode::Min,
        min_delta: p.absolute_improvement().unwrap_or(0.0),
        cooldown: p.active_min_epochs(),
        min_lr: p.min_learning_rate,
        float32_lr: true,
    }
}

/// Python code: the callback and `model.fit` with validation data.
pub fn code_snippet(c: &PlateauConfig, optimizer: Option<&OptimizerSettings>) -> String {
    let mut s = String::from("import keras\n");
    if !c.float32_lr {
        s.push_str("\nkeras.config.set_floatx(\"float64\")\n");
    }
    s.push_str(&format!(
        r#"
model = keras.Sequential([keras.layers.Dense(10)])  # your model
{optimizer}
model.compile(optimizer=optimizer, loss="mse")
reduce_lr = keras.callbacks.ReduceLROnPlateau(
    monitor={monitor},
    factor={factor},
    patience={patience},
    verbose=1,
    mode="{mode}",
    min_delta={min_delta},
    cooldown={cooldown},
    min_lr={min_lr},
)
# on_epoch_end runs after each epoch's validation and sets the LR of the next epoch.
model.fit(
    x_train,
    y_train,
    validation_data=(x_dev, y_dev),
    epochs=num_epochs,
    callbacks=[reduce_lr],
)
"#,
        optimizer = optimizer_lines(Library::Keras, optimizer, &py_float(c.learning_rate)),
        monitor = str_repr(&c.monitor),
        factor = py_float(c.factor),
        patience = c.patience,
        mode = c.mode.name(),
        min_delta = py_float(c.min_delta),
        cooldown = c.cooldown,
        min_lr = py_float(c.min_lr),
    ));
    s
}

/// The differences between newbob with `p` and the Keras callback with `c`.
pub fn caveats(p: &NewbobParams, c: &PlateauConfig) -> Vec<String> {
    let mut out = Vec::new();
    plateau_family_caveats(p, NAME, &mut out);
    match p.scheme {
        NewbobScheme::NewbobAbs => out.push(format!(
            "Threshold: min_delta is absolute (score < best - min_delta), like newbob_abs; \
             min_delta = {} is the negated newbob_error_threshold.",
            py_float(c.min_delta)
        )),
        _ => {
            out.push(match p.score_scale {
                Some(scale) => format!(
                "Denominator: Keras only has an absolute min_delta (score < best - min_delta); \
                 newbob's threshold {} is relative to |{}|. It is converted with the score scale \
                 {}: min_delta = {}, exact only while the scores stay near that scale.",
                py_float(p.relative_error_threshold),
                if p.div_by_old { "old score" } else { "new score" },
                py_float(scale),
                py_float(c.min_delta)
            ),
                None => format!(
                "Denominator: Keras only has an absolute min_delta (score < best - min_delta); \
                 newbob's threshold {} is relative and no score scale is known, so min_delta = \
                 {} is used.",
                py_float(p.relative_error_threshold),
                py_float(c.min_delta)
            ),
            })
        }
    }
    out.push(format!(
        "Patience: Keras increments wait and reduces when wait >= patience, so patience=1 \
         reduces after the first bad epoch (patience=0 does the same); Keras' patience is \
         torch's patience + 1. Here patience={}.",
        c.patience
    ));
    if let Some(g) = guard_caveat(p, NAME, c.cooldown, c.cooldown.saturating_sub(1).max(0)) {
        out.push(g);
    }
    if c.cooldown > 0 {
        out.push(format!(
            "Cooldown off-by-one: Keras decrements the cooldown counter before it looks at the \
             epoch, so cooldown={} ignores only {} epoch(s) after a reduction (torch's cooldown \
             ignores as many epochs as it says).",
            c.cooldown,
            c.cooldown.saturating_sub(1).max(0)
        ));
    }
    if c.float32_lr {
        let lr32 = c.learning_rate as f32 as f64;
        let first = if lr32.to_bits() == c.learning_rate.to_bits() {
            String::new()
        } else {
            format!(
                "epoch 1 trains with {} (not {}) and ",
                float_repr(lr32),
                float_repr(c.learning_rate)
            )
        };
        out.push(format!(
            "float32 LR: the optimizer keeps the LR in a float32 variable, so {first}every \
             reduced LR is rounded to float32; newbob's LRs are float64."
        ));
    }
    if p.decay >= 1.0 || c.factor >= 1.0 {
        out.push(factor_caveat(p, "Keras", "factor < 1.0"));
    }
    out.extend(min_lr_raise_caveat(
        p,
        "Keras only reduces while lr > float32(min_lr) and never raises it",
    ));
    no_averaging_caveat(p, NAME, &mut out);
    out
}
