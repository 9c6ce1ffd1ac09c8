//! The RETURNN config keys the explorer understands: one table ([`CONFIG_KEYS`]) that the
//! importer, the exporter, the settings form and the warnings all read. Each row names the key as
//! RETURNN spells it, the `Config` reader RETURNN reads it with (spec section 1: that decides what
//! an int, a float or a string becomes), the backend that reads it, the part of the settings it
//! belongs to, RETURNN's default as Python text, the LR-control schemes that read it, and one line
//! of explanation.
//!
//! The order of the rows is the order of exported snippets and of the form: the LR-control keys,
//! the step-level schedule's keys, then the optimizer and gradient keys and `num_epochs`; keys read only by the TF backend come
//! last (an export writes them after the others, in code-point order).
use crate::engine::settings::Scheme;

/// How RETURNN's `Config` reads a key (spec section 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// `config.float`: an int stays an int, a string goes through `float()`.
    Float,
    /// `config.int`: must be an int (bools count).
    Int,
    /// `config.bool`: int or bool (or None).
    Bool,
    /// `config.value`: a string.
    Value,
    /// `config.typed_value`: the raw object.
    Typed,
    /// `config.typed_value`, applied as a factor: it must be a Python float, `None` or a callable
    /// the first time it is applied (an int raises AssertionError then).
    Factor,
    /// `config.int_list`: `None` → `[]`, a scalar → `[x]`, every element an int (a float such as
    /// `10.0` raises AssertionError).
    IntList,
    /// `config.float_list`: like `IntList`, elements int or float, kept as they are.
    FloatList,
}

/// Which RETURNN backend reads a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Both the PyTorch and the TF backend.
    Both,
    /// Read only by the TF backend; the PyTorch backend ignores it (or rejects it).
    TfOnly,
}

/// The part of the settings a key belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// Read by the learning-rate control (`returnn/learning_rate_control.py`).
    LrControl,
    /// The optimizer and its options.
    Optimizer,
    /// Gradient processing before the optimizer step.
    Gradient,
    /// The training run (`num_epochs`).
    Run,
    /// The step-level schedule (`dynamic_learning_rate` and the keys its function reads).
    StepSchedule,
    /// Read by RETURNN's PyTorch engine and understood by the explorer (imported, exported,
    /// checked), but not part of what it simulates: mixed precision, the captured optimizer step,
    /// gradient-norm logging, the weight-decay parameter groups.
    NotSimulated,
}

/// One config key the explorer understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConfigKey {
    /// The key as RETURNN spells it.
    pub name: &'static str,
    /// RETURNN's reader for it.
    pub reader: Reader,
    /// The backend that reads it.
    pub backend: Backend,
    /// The part of the settings it belongs to.
    pub group: Group,
    /// RETURNN's default, as Python text (or the name of the key it falls back to).
    pub default: &'static str,
    /// The LR-control schemes that read it (empty: every scheme, or not an LR-control key).
    pub schemes: &'static [Scheme],
    /// One line of explanation.
    pub doc: &'static str,
}

impl ConfigKey {
    /// Whether `scheme` reads this key (keys of no particular scheme are read by all).
    pub fn used_by(&self, scheme: Scheme) -> bool {
        self.schemes.is_empty() || self.schemes.contains(&scheme)
    }
}

const REL: &[Scheme] = &[Scheme::Newbob, Scheme::NewbobRel, Scheme::NewbobRelative, Scheme::NewbobMultiEpoch];
const DECIDING: &[Scheme] = &[Scheme::Newbob, Scheme::NewbobRel, Scheme::NewbobRelative, Scheme::NewbobAbs, Scheme::NewbobMultiEpoch];
const MULTI: &[Scheme] = &[Scheme::NewbobMultiEpoch];
const ABS: &[Scheme] = &[Scheme::NewbobAbs];

const fn row(
    name: &'static str,
    reader: Reader,
    backend: Backend,
    group: Group,
    default: &'static str,
    schemes: &'static [Scheme],
    doc: &'static str,
) -> ConfigKey {
    ConfigKey { name, reader, backend, group, default, schemes, doc }
}

use Backend::{Both, TfOnly};
use Group::{Gradient, LrControl, NotSimulated, Optimizer, Run, StepSchedule};

/// Every config key the explorer understands, in export and form order.
pub const CONFIG_KEYS: &[ConfigKey] = &[
    row("learning_rate_control", Reader::Value, Both, LrControl, "'constant'", &[], "the scheme (class name, case-sensitive)"),
    row("learning_rate", Reader::Float, Both, LrControl, "1.0", &[], "LR of epoch 1 and of epochs with no earlier LR (must be a float)"),
    row("learning_rates", Reader::Typed, Both, LrControl, "None", &[], "presets: a list for epochs 1..n or a dict {epoch: lr}; stored LRs always win"),
    row("min_learning_rate", Reader::Float, Both, LrControl, "0.0", DECIDING, "clamp applied only right after a decay (can raise the LR)"),
    row("learning_rate_decay", Reader::Factor, Both, LrControl, "newbob_learning_rate_decay", DECIDING, "decay factor; takes precedence over newbob_learning_rate_decay"),
    row("newbob_learning_rate_decay", Reader::Factor, Both, LrControl, "0.5", DECIDING, "decay factor (None: keep the LR)"),
    row("learning_rate_growth", Reader::Factor, Both, LrControl, "newbob_learning_rate_growth", DECIDING, "growth factor; takes precedence over newbob_learning_rate_growth"),
    row("newbob_learning_rate_growth", Reader::Factor, Both, LrControl, "1.0", DECIDING, "growth factor applied when not decaying (rel/abs) or below the grow threshold (multi)"),
    row("newbob_relative_error_threshold", Reader::Float, Both, LrControl, "-0.01", REL, "decay iff the relative error is > this"),
    row("newbob_relative_error_grow_threshold", Reader::Float, Both, LrControl, "newbob_relative_error_threshold", MULTI, "grow iff the mean relative error is < this"),
    row("newbob_error_threshold", Reader::Float, Both, LrControl, "-0.01", ABS, "decay iff the score difference is > this"),
    row("newbob_multi_num_epochs", Reader::Int, Both, LrControl, "5", MULTI, "number of relative errors averaged"),
    row("newbob_multi_update_interval", Reader::Int, Both, LrControl, "newbob_multi_num_epochs", MULTI, "decide at epochs 1, 1+k, 1+2k, ..."),
    row("newbob_relative_error_div_by_old", Reader::Bool, Both, LrControl, "False", REL, "divide by the old score instead of the new one"),
    row("learning_rate_control_error_measure", Reader::Typed, Both, LrControl, "None", DECIDING, "preferred score key(s); None: dev_score, dev_score_output, ... search"),
    row("learning_rate_control_relative_error_relative_lr", Reader::Bool, Both, LrControl, "False", REL, "scale relative errors by learning_rate / current LR"),
    row("learning_rate_control_min_num_epochs_per_new_lr", Reader::Int, Both, LrControl, "0", &[], "keep a new LR for at least N epochs (N > 1)"),
    row("learning_rate_file", Reader::Value, Both, LrControl, "None", &[], "where RETURNN keeps the per-epoch history"),
    row("dynamic_learning_rate", Reader::Typed, Both, StepSchedule, "None", &[], "the function giving the LR of every step from the epoch's LR (the known ones by name, see engine::step_lr)"),
    row("learning_rate_piecewise_steps", Reader::IntList, Both, StepSchedule, "[]", &[], "piecewise linear: the breakpoints in global train steps (mini-batches), increasing from above 0 (@interp reads them as float_list)"),
    row("learning_rate_piecewise_values", Reader::FloatList, Both, StepSchedule, "[]", &[], "piecewise linear: the factor of learning_rate at step 0 and at each breakpoint (one more than the steps)"),
    row("learning_rate_piecewise_by_epoch_continuous", Reader::Bool, Both, StepSchedule, "False", &[], "piecewise linear @interp: the breakpoints are in epochs (epoch_continuous), not steps"),
    row("learning_rate_warmup_steps", Reader::Int, Both, StepSchedule, "None", &[], "linear warm-up over this many steps, then inverse-sqrt decay (must be set, > 0)"),
    row("learning_rate_invsqrt_norm", Reader::Float, Both, StepSchedule, "None", &[], "inverse-sqrt decay: lr * (1 + (step + 1 - warmup) / norm) ** -0.5 (must be set, > 0)"),
    row("dynamic_learning_rate_kwargs", Reader::Typed, Both, StepSchedule, "None", &[], "the keywords of functools.partial(linear_warmup_cosine_annealing, ...): num_warmup_epochs, max_lr, min_lr, num_epochs, num_constant_epochs (the explorer's name for them, not a RETURNN key)"),
    row("optimizer", Reader::Typed, Both, Optimizer, "None", &[], "the optimizer dict {'class': ..., **kwargs} (RETURNN's torch backend needs it set)"),
    row("gradient_clip", Reader::Float, Both, Gradient, "0", &[], "clamp each gradient element to [-c, c] (0 = off)"),
    row("gradient_clip_global_norm", Reader::Float, Both, Gradient, "0", &[], "rescale the whole gradient to at most this L2 norm (0 = off)"),
    row("gradient_noise", Reader::Float, Both, Gradient, "0", &[], "std of truncated-normal noise added to the gradient, before clipping (0 = off)"),
    row("accum_grad_multiple_step", Reader::Int, Both, Gradient, "1", &[], "sum the gradients of N mini-batches per update (a partial group at epoch end is dropped)"),
    row("num_epochs", Reader::Int, Both, Run, "5", &[], "epochs to train"),
    row("decouple_constraints", Reader::Bool, Both, NotSimulated, "True", &[], "torch updater: weight decay as parameter groups of the optimizer (False raises AssertionError for L2 constraints); not simulated"),
    row("grad_scaler", Reader::Typed, Both, NotSimulated, "None", &[], "torch engine: the torch.amp.GradScaler options (default with torch_amp autocast); not simulated"),
    row("torch_amp", Reader::Typed, Both, NotSimulated, "None", &[], "torch engine: automatic mixed precision (a dtype name or a dict); not simulated"),
    row("torch_optimizer_step", Reader::Typed, Both, NotSimulated, "None", &[], "torch updater: options of the captured optimizer step; not simulated"),
    row("log_grad_norm", Reader::Typed, Both, NotSimulated, "None", &[], "torch updater: log the gradient norm of this p; not simulated"),
    row("use_learning_rate_control_always", Reader::Bool, TfOnly, LrControl, "False", &[], "TF: run the LR control during pretraining too"),
    row("pretrain_learning_rate", Reader::Float, TfOnly, LrControl, "learning_rate", &[], "TF: the LR of the pretrain epochs"),
    row("adam", Reader::Bool, TfOnly, Optimizer, "False", &[], "TF: use Adam"),
    row("nadam", Reader::Bool, TfOnly, Optimizer, "False", &[], "TF: use Nadam"),
    row("adadelta", Reader::Bool, TfOnly, Optimizer, "False", &[], "TF: use Adadelta"),
    row("adagrad", Reader::Bool, TfOnly, Optimizer, "False", &[], "TF: use Adagrad"),
    row("rmsprop", Reader::Bool, TfOnly, Optimizer, "False", &[], "TF: use RMSProp"),
    row("momentum", Reader::Float, TfOnly, Optimizer, "0.0", &[], "TF: momentum of the SGD optimizer"),
    row("optimizer_epsilon", Reader::Float, TfOnly, Optimizer, "1e-16", &[], "TF: the epsilon of the optimizer (the torch backend ignores it)"),
    row("gradient_clip_norm", Reader::Float, TfOnly, Gradient, "0", &[], "TF: clip the gradient's norm per variable"),
];

/// The row of a key, if the explorer understands it.
pub fn config_key(name: &str) -> Option<&'static ConfigKey> {
    CONFIG_KEYS.iter().find(|k| k.name == name)
}

/// The keys of the LR control that both backends read, in form order.
pub fn lr_control_keys() -> impl Iterator<Item = &'static ConfigKey> {
    CONFIG_KEYS.iter().filter(|k| k.group == Group::LrControl && k.backend == Backend::Both)
}

/// The documented key order of exported snippets: the rows read by both backends in table order,
/// then every other key (TF-only ones, unknown ones), which the exporter sorts by code point.
pub fn key_rank(key: &str) -> usize {
    let ordered = CONFIG_KEYS.iter().filter(|k| k.backend == Backend::Both);
    ordered.clone().position(|k| k.name == key).unwrap_or(ordered.count())
}

/// Keys RETURNN's PyTorch engine reads that the explorer understands but does not simulate.
pub fn is_not_simulated(key: &str) -> bool {
    config_key(key).is_some_and(|k| k.group == Group::NotSimulated)
}

/// Keys RETURNN reads with its float reader (an int stays an int there).
pub fn is_float_key(key: &str) -> bool {
    config_key(key).is_some_and(|k| k.reader == Reader::Float)
}

/// Keys RETURNN applies as factors that must be Python floats (or None) when applied.
pub fn is_factor_key(key: &str) -> bool {
    config_key(key).is_some_and(|k| k.reader == Reader::Factor)
}

/// Keys RETURNN reads with its int reader (a float such as `3.0` raises AssertionError).
pub fn is_int_key(key: &str) -> bool {
    config_key(key).is_some_and(|k| k.reader == Reader::Int)
}

/// Keys of the step-level schedule (read by the `dynamic_learning_rate` function, which takes ints
/// and floats as they are).
pub fn is_step_key(key: &str) -> bool {
    config_key(key).is_some_and(|k| k.group == Group::StepSchedule)
}

/// The step-schedule keys, in table order.
pub fn step_keys() -> impl Iterator<Item = &'static ConfigKey> {
    CONFIG_KEYS.iter().filter(|k| k.group == Group::StepSchedule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_key() {
        for (i, k) in CONFIG_KEYS.iter().enumerate() {
            assert!(CONFIG_KEYS[i + 1..].iter().all(|o| o.name != k.name), "{} twice", k.name);
        }
    }

    #[test]
    fn export_order_is_the_table_order() {
        assert_eq!(key_rank("learning_rate_control"), 0);
        assert_eq!(key_rank("learning_rate"), 1);
        assert!(key_rank("learning_rate_file") < key_rank("optimizer"));
        assert!(key_rank("optimizer") < key_rank("num_epochs"));
        assert_eq!(key_rank("adam"), key_rank("not_a_key"));
        assert!(is_factor_key("newbob_learning_rate_decay") && !is_factor_key("learning_rate"));
        assert!(is_float_key("learning_rate") && is_int_key("newbob_multi_num_epochs"));
        assert!(key_rank("learning_rate_file") < key_rank("dynamic_learning_rate") && key_rank("dynamic_learning_rate_kwargs") < key_rank("optimizer"));
        assert!(is_step_key("learning_rate_piecewise_steps") && !is_step_key("learning_rate"));
    }
}
