//! Step-level learning-rate schedules: RETURNN's `dynamic_learning_rate`, for the schedule
//! functions RETURNN users paste or import (i6_experiments `users/zeyer/lr_schedules/`), exactly.
//!
//! RETURNN's PyTorch engine keeps the epoch's LR from the LR control (which is unchanged and still
//! decides it) and, when `dynamic_learning_rate` is set, uses
//! `float(dynamic_learning_rate(global_train_step=g, epoch=e, epoch_continuous=t, learning_rate=lr))`
//! as the effective LR of each update: at the start of every epoch with the steps done so far and
//! `t = epoch - 1` (an int), and after every step with `g + 1` and `t = epoch - 1 + the fraction of
//! the epoch's data done` (`None` when the dataset cannot tell). `g` counts mini-batches, not
//! optimizer updates (also with `accum_grad_multiple_step`). The value at an epoch's start is what
//! it records as `:meta:effective_learning_rate`. See `docs/STEP-SCHEDULES.md` for the sources.
//!
//! * [`Schedule`]: the known functions, one name table ([`Schedule::name`]).
//! * [`StepLr`]: one schedule over one config, called query by query like one training run (the
//!   `@interp` version caches its breakpoints on the first call, as the Python function does in
//!   the config).
//! * Every failure is the Python exception the function raises ([`Error::Python`]), with Python's
//!   message (RETURNN's bare `assert`s have an empty one).
//!
//! Arithmetic is float64 with Python's rules ([`num`]); `x ** -0.5` and `cos` are what CPython
//! computes: the C library's natively, correctly rounded in wasm ([`exact`], which says why and
//! how often the two differ: in the last bit, for about 1 argument in 1 300); `numpy.interp` is
//! emulated ([`interp`]).
pub mod case;
pub mod interp;
pub mod num;

mod cosine;
pub mod exact;
mod invsqrt;
mod piecewise;

use crate::py::error::{Error, PyExc, Result};
use crate::py::typed_config::TypedConfig;
use crate::py::value::PyValue;
pub use num::Val;

/// The known `dynamic_learning_rate` functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Schedule {
    /// `dyn_lr_piecewise_linear`, the version sisyphus pasted into 2024 configs: weights
    /// `f = (g + 1 - p) / (s - p)` of a weighted sum.
    PiecewiseLinearFactor,
    /// `dyn_lr_piecewise_linear`, the first version: `f = (g - p) / (s - p)`.
    PiecewiseLinearFactorStep,
    /// `dyn_lr_piecewise_linear`, the newest version: RETURNN's `PiecewiseLinear` (numpy.interp)
    /// at `g + 1`, or at `epoch_continuous`.
    PiecewiseLinearInterp,
    /// `dyn_lr_lin_warmup_invsqrt_decay`: linear warm-up, then inverse-sqrt decay.
    LinWarmupInvsqrtDecay,
    /// `linear_warmup_cosine_annealing` as a `functools.partial` with
    /// `dynamic_learning_rate_kwargs`.
    LinearWarmupCosineAnnealing,
}

/// Where each known function comes from (for docs, warnings and the exported snippet's comment).
pub const SOURCES: &[(Schedule, &str)] = &[
    (Schedule::PiecewiseLinearFactor, "rwth-i6/i6_experiments users/zeyer/lr_schedules/piecewise_linear.py at 8f6b1197 (2023-11-07), unchanged up to 53cbaecb (2024-06-14)"),
    (Schedule::PiecewiseLinearFactorStep, "rwth-i6/i6_experiments users/zeyer/lr_schedules/piecewise_linear.py at 7ad238cf (2023-11-07, the first version)"),
    (Schedule::PiecewiseLinearInterp, "rwth-i6/i6_experiments users/zeyer/lr_schedules/piecewise_linear.py at 91ad8708 (2024-10-23) with returnn.util.math.PiecewiseLinear"),
    (Schedule::LinWarmupInvsqrtDecay, "rwth-i6/i6_experiments users/zeyer/lr_schedules/lin_warmup_invsqrt_decay.py at 648a4789 (2023-10-20)"),
    (Schedule::LinearWarmupCosineAnnealing, "rwth-i6/i6_experiments users/zeyer/lr_schedules/lin_warmup_cos_anneal.py at 541255e9 (2026-02-23)"),
];

/// The config keys of the piecewise-linear versions: the breakpoints.
pub const PIECEWISE_STEPS: &str = "learning_rate_piecewise_steps";
/// The piecewise-linear factors (one more than the steps).
pub const PIECEWISE_VALUES: &str = "learning_rate_piecewise_values";
/// `@interp`: interpolate over `epoch_continuous` instead of the step.
pub const PIECEWISE_BY_EPOCH_CONTINUOUS: &str = "learning_rate_piecewise_by_epoch_continuous";
/// The config keys of the inverse-sqrt schedule: the warm-up length in steps.
pub const WARMUP_STEPS: &str = "learning_rate_warmup_steps";
/// The inverse-sqrt decay's norm.
pub const INVSQRT_NORM: &str = "learning_rate_invsqrt_norm";
/// The config key holding the keyword arguments of the cosine partial.
pub const KWARGS: &str = "dynamic_learning_rate_kwargs";
/// The config key naming the schedule.
pub const DYNAMIC_LEARNING_RATE: &str = "dynamic_learning_rate";

impl Schedule {
    /// Every known schedule, in the order a dropdown shows them.
    pub const ALL: [Schedule; 5] = [
        Schedule::PiecewiseLinearFactor,
        Schedule::PiecewiseLinearFactorStep,
        Schedule::PiecewiseLinearInterp,
        Schedule::LinWarmupInvsqrtDecay,
        Schedule::LinearWarmupCosineAnnealing,
    ];

    /// The name in `values["dynamic_learning_rate"]` and in the reference vectors.
    pub fn name(self) -> &'static str {
        match self {
            Schedule::PiecewiseLinearFactor => "dyn_lr_piecewise_linear@factor",
            Schedule::PiecewiseLinearFactorStep => "dyn_lr_piecewise_linear@factor_step",
            Schedule::PiecewiseLinearInterp => "dyn_lr_piecewise_linear@interp",
            Schedule::LinWarmupInvsqrtDecay => "dyn_lr_lin_warmup_invsqrt_decay",
            Schedule::LinearWarmupCosineAnnealing => "linear_warmup_cosine_annealing",
        }
    }

    /// Exact, case-sensitive.
    pub fn from_name(name: &str) -> Option<Schedule> {
        Schedule::ALL.iter().copied().find(|s| s.name() == name)
    }

    /// The Python function's own name (the part before `@`).
    pub fn function_name(self) -> &'static str {
        self.name().split('@').next().unwrap_or("")
    }

    /// The name of the function an exported snippet defines: it says the variant.
    pub fn export_name(self) -> &'static str {
        match self {
            Schedule::PiecewiseLinearFactor => "dyn_lr_piecewise_linear_factor",
            Schedule::PiecewiseLinearFactorStep => "dyn_lr_piecewise_linear_factor_step",
            Schedule::PiecewiseLinearInterp => "dyn_lr_piecewise_linear_interp",
            Schedule::LinWarmupInvsqrtDecay => "dyn_lr_lin_warmup_invsqrt_decay",
            Schedule::LinearWarmupCosineAnnealing => "linear_warmup_cosine_annealing",
        }
    }

    /// The config keys the function reads (besides `dynamic_learning_rate` itself).
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Schedule::PiecewiseLinearFactor | Schedule::PiecewiseLinearFactorStep => &[PIECEWISE_STEPS, PIECEWISE_VALUES],
            Schedule::PiecewiseLinearInterp => &[PIECEWISE_STEPS, PIECEWISE_VALUES, PIECEWISE_BY_EPOCH_CONTINUOUS],
            Schedule::LinWarmupInvsqrtDecay => &[WARMUP_STEPS, INVSQRT_NORM],
            Schedule::LinearWarmupCosineAnnealing => &[KWARGS],
        }
    }

    /// Where the function comes from.
    pub fn source(self) -> &'static str {
        SOURCES.iter().find(|(s, _)| *s == self).map_or("", |(_, src)| src)
    }
}

/// One call of `dynamic_learning_rate`: the keyword arguments RETURNN's torch updater passes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Query {
    /// `global_train_step`: mini-batches done so far in the whole run (an int).
    pub global_train_step: Val,
    /// `epoch` (1-based).
    pub epoch: i64,
    /// `epoch_continuous`: `epoch - 1` (an int) at the epoch's start, then `epoch - 1 + fraction
    /// done` (a float), or `None` when the dataset cannot tell.
    pub epoch_continuous: Val,
    /// `learning_rate`: the epoch's LR from the LR control, as a float.
    pub learning_rate: f64,
}

impl Query {
    /// The call at the start of `epoch` (`init_train_epoch`): the value recorded as
    /// `:meta:effective_learning_rate`.
    pub fn epoch_start(epoch: i64, global_train_step: i64, learning_rate: f64) -> Query {
        Query {
            global_train_step: Val::Int(i128::from(global_train_step)),
            epoch,
            epoch_continuous: Val::Int(i128::from(epoch) - 1),
            learning_rate,
        }
    }
}

/// The `@interp` version's cached `PiecewiseLinear` (breakpoints and values as float64).
#[derive(Clone, Debug, PartialEq)]
struct InterpCache {
    xp: Vec<f64>,
    fp: Vec<f64>,
}

/// One schedule function over one config, called like one training run.
#[derive(Clone, Debug)]
pub struct StepLr {
    schedule: Schedule,
    config: TypedConfig,
    cache: Option<InterpCache>,
}

impl StepLr {
    /// `schedule` over `config` (RETURNN's config values: what the function reads).
    pub fn new(schedule: Schedule, config: TypedConfig) -> StepLr {
        StepLr { schedule, config, cache: None }
    }

    /// The schedule named by the config's `dynamic_learning_rate` (`None` when it is not set).
    /// An unknown name is `Error::Invalid` naming the key.
    pub fn from_config(config: &TypedConfig) -> Result<Option<StepLr>> {
        match config.get(DYNAMIC_LEARNING_RATE) {
            None | Some(PyValue::None) => Ok(None),
            Some(PyValue::Str(name)) => match Schedule::from_name(name) {
                Some(s) => Ok(Some(StepLr::new(s, config.clone()))),
                None => Err(Error::invalid(DYNAMIC_LEARNING_RATE, format!("unknown schedule {name:?}; known: {}", names()))),
            },
            Some(other) => Err(Error::invalid(DYNAMIC_LEARNING_RATE, format!("must be a schedule name, found {}", other.type_name()))),
        }
    }

    /// The function.
    pub fn schedule(&self) -> Schedule {
        self.schedule
    }

    /// The config it reads.
    pub fn config(&self) -> &TypedConfig {
        &self.config
    }

    /// `float(dynamic_learning_rate(**query))`, or the Python exception it raises.
    pub fn lr(&mut self, q: &Query) -> Result<f64> {
        let v = match self.schedule {
            Schedule::PiecewiseLinearFactor => piecewise::factor(&self.config, q, true)?,
            Schedule::PiecewiseLinearFactorStep => piecewise::factor(&self.config, q, false)?,
            Schedule::PiecewiseLinearInterp => {
                let cache = match self.cache.take() {
                    Some(c) => c,
                    None => piecewise::build_interp(&self.config)?,
                };
                let r = piecewise::interp_lr(&cache, &self.config, q);
                self.cache = Some(cache);
                r?
            }
            Schedule::LinWarmupInvsqrtDecay => invsqrt::lr(&self.config, q)?,
            Schedule::LinearWarmupCosineAnnealing => cosine::lr(&self.config, q)?,
        };
        v.to_f64()
    }

    /// The queries in order, like the steps of one run: the learning rates, or the index of the
    /// first query that raised and its error (the run stops there).
    pub fn run(&mut self, queries: &[Query]) -> std::result::Result<Vec<f64>, (usize, Error)> {
        queries.iter().enumerate().map(|(i, q)| self.lr(q).map_err(|e| (i, e))).collect()
    }
}

/// The known names, comma-separated (for messages).
pub fn names() -> String {
    Schedule::ALL.map(Schedule::name).join(", ")
}

/// RETURNN's bare `assert cond` (AssertionError with an empty message).
pub(crate) fn check(cond: bool) -> Result<()> {
    if cond {
        Ok(())
    } else {
        Err(Error::py(PyExc::AssertionError, ""))
    }
}

/// A config reader's error as the Python function sees it: the readers' assertions are bare
/// (empty message), `float()` of a string says what Python says.
pub(crate) fn reader_error(config: &TypedConfig, key: &str, e: Error) -> Error {
    match e.py_exc() {
        Some(PyExc::AssertionError) => Error::py(PyExc::AssertionError, ""),
        Some(PyExc::ValueError) => {
            let shown = config.get(key).map(|v| v.repr()).unwrap_or_default();
            Error::py(PyExc::ValueError, format!("could not convert string to float: {shown}"))
        }
        _ => e,
    }
}

/// `config.int_list(key)` / `config.float_list(key)` as values.
pub(crate) fn list(config: &TypedConfig, key: &str, ints: bool) -> Result<Vec<Val>> {
    let items = if ints { config.int_list(key) } else { config.float_list(key) };
    items.map_err(|e| reader_error(config, key, e))?.iter().map(Val::from_py).collect()
}
