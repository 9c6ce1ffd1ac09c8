//! Equivalents of RETURNN's newbob LR control in other frameworks: PyTorch
//! `ReduceLROnPlateau`, Keras `ReduceLROnPlateau`, optax `contrib.reduce_on_plateau` and
//! SpeechBrain `NewBobScheduler`.
//!
//! For each framework the submodule offers
//! * `simulate(&Config, &[f64])` — the LR curve the framework produces on a list of per-epoch
//!   scores, implemented from the framework's documented rules and source (cited per module);
//! * `closest_config(&NewbobParams)` — the closest mapping of the current newbob settings;
//! * `code_snippet(&Config)` — Python for that framework (imports included, floats in Python repr);
//! * `caveats(&NewbobParams, &Config)` — the semantic differences that apply to these settings.
//!
//! # Epoch alignment (all simulators, and [`newbob_lrs`])
//!
//! RETURNN asks for the LR of epoch N before training it, from the scores of epochs `< N`. The
//! frameworks are driven the same way: epoch 1 trains with the initial LR; after epoch k has been
//! validated, the scheduler is stepped once with the score of epoch k (`scheduler.step(score)`,
//! `on_epoch_end`, `update(value=score)`, `scheduler(score)`), and the LR it then holds is the LR
//! of epoch k+1. With `n` scores, every simulator returns `n + 1` LRs: index `i` is the LR of
//! epoch `i + 1`; the last one is the LR the next (not yet trained) epoch would use.
//!
//! Nothing here panics on user input: invalid framework arguments become the `ValueError` the
//! framework raises, RETURNN's own failures (division by a zero score, grow and decay at once)
//! become the Python exception RETURNN raises.
use crate::engine::lr_control::LrControl;
use crate::engine::settings::OptimizerSettings;
use crate::py::value::PyValue;
use crate::py::typed_config::TypedConfig;
use serde::{Deserialize, Serialize};

use crate::py::error::{Error, PyExc, Stage};
use crate::py::value::float_repr;

pub mod keras;
pub mod optax;
pub mod optimizer_code;
pub mod pytorch;
pub mod speechbrain;
pub mod step;

// ------------------------------------------------------------------------------------------------
// Input: the newbob settings
// ------------------------------------------------------------------------------------------------

/// The newbob variant (`learning_rate_control`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NewbobScheme {
    /// `newbob`, `newbob_rel`, `newbob_relative`.
    NewbobRel,
    /// `newbob_abs`.
    NewbobAbs,
    /// `newbob_multi_epoch`.
    NewbobMultiEpoch,
}

impl NewbobScheme {
    /// The `learning_rate_control` scheme this family is written as (its name is
    /// [`crate::engine::settings::Scheme::name`]).
    pub fn scheme(self) -> crate::engine::settings::Scheme {
        use crate::engine::settings::Scheme;
        match self {
            NewbobScheme::NewbobRel => Scheme::NewbobRel,
            NewbobScheme::NewbobAbs => Scheme::NewbobAbs,
            NewbobScheme::NewbobMultiEpoch => Scheme::NewbobMultiEpoch,
        }
    }
}

/// The newbob settings the equivalents are derived from (plain data; defaults are RETURNN's,
/// see `returnn-lr-control.md` section 2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewbobParams {
    /// `learning_rate_control`: which newbob variant.
    pub scheme: NewbobScheme,
    /// `learning_rate`: the LR of epoch 1 (and the reference of `relative_lr`).
    pub learning_rate: f64,
    /// `learning_rate_decay` / `newbob_learning_rate_decay`.
    pub decay: f64,
    /// `learning_rate_growth` / `newbob_learning_rate_growth`.
    pub growth: f64,
    /// `newbob_relative_error_threshold` (newbob_rel and newbob_multi_epoch).
    pub relative_error_threshold: f64,
    /// `newbob_error_threshold` (newbob_abs).
    pub error_threshold: f64,
    /// `newbob_relative_error_grow_threshold` (newbob_multi_epoch); `None` = the relative threshold.
    pub grow_threshold: Option<f64>,
    /// `min_learning_rate`: clamp applied right after a decay.
    pub min_learning_rate: f64,
    /// `learning_rate_control_min_num_epochs_per_new_lr` (active when > 1).
    pub min_num_epochs_per_new_lr: i64,
    /// `newbob_multi_num_epochs`.
    pub multi_num_epochs: i64,
    /// `newbob_multi_update_interval`; `None` = `multi_num_epochs`.
    pub multi_update_interval: Option<i64>,
    /// `newbob_relative_error_div_by_old`.
    pub div_by_old: bool,
    /// `learning_rate_control_relative_error_relative_lr`.
    pub relative_lr: bool,
    /// Not a RETURNN key: the typical magnitude of the score. Frameworks that only have an
    /// absolute threshold (Keras) or only a relative one (SpeechBrain) need it to translate the
    /// other kind; [`compare`] fills it from the scores when it is `None`.
    pub score_scale: Option<f64>,
}

impl Default for NewbobParams {
    fn default() -> Self {
        NewbobParams {
            scheme: NewbobScheme::NewbobRel,
            learning_rate: 1.0,
            decay: 0.5,
            growth: 1.0,
            relative_error_threshold: -0.01,
            error_threshold: -0.01,
            grow_threshold: None,
            min_learning_rate: 0.0,
            min_num_epochs_per_new_lr: 0,
            multi_num_epochs: 5,
            multi_update_interval: None,
            div_by_old: false,
            relative_lr: false,
            score_scale: None,
        }
    }
}

impl NewbobParams {
    /// These settings as the RETURNN config keys the LR control reads.
    pub fn to_config(&self) -> TypedConfig {
        let f = PyValue::Float;
        let mut c = TypedConfig::new()
            .with("learning_rate_control", PyValue::Str(self.scheme.scheme().name().to_string()))
            .with("learning_rate", f(self.learning_rate))
            .with("newbob_learning_rate_decay", f(self.decay))
            .with("newbob_learning_rate_growth", f(self.growth))
            .with("newbob_relative_error_threshold", f(self.relative_error_threshold))
            .with("newbob_error_threshold", f(self.error_threshold))
            .with("min_learning_rate", f(self.min_learning_rate))
            .with("learning_rate_control_min_num_epochs_per_new_lr", PyValue::Int(self.min_num_epochs_per_new_lr))
            .with("newbob_multi_num_epochs", PyValue::Int(self.multi_num_epochs))
            .with("newbob_relative_error_div_by_old", PyValue::Bool(self.div_by_old))
            .with("learning_rate_control_relative_error_relative_lr", PyValue::Bool(self.relative_lr));
        if let Some(g) = self.grow_threshold {
            c.set("newbob_relative_error_grow_threshold", f(g));
        }
        if let Some(k) = self.multi_update_interval {
            c.set("newbob_multi_update_interval", PyValue::Int(k));
        }
        c
    }

    /// The decision threshold of the selected scheme.
    pub fn threshold(&self) -> f64 {
        match self.scheme {
            NewbobScheme::NewbobAbs => self.error_threshold,
            _ => self.relative_error_threshold,
        }
    }

    /// The effective min-epochs guard: `learning_rate_control_min_num_epochs_per_new_lr` when it
    /// is active (> 1), else 0 (RETURNN ignores 0 and 1; spec 5.3).
    pub fn active_min_epochs(&self) -> i64 {
        if self.min_num_epochs_per_new_lr > 1 {
            self.min_num_epochs_per_new_lr
        } else {
            0
        }
    }

    /// The effective `newbob_multi_update_interval`.
    pub fn update_interval(&self) -> i64 {
        self.multi_update_interval.unwrap_or(self.multi_num_epochs)
    }

    /// The effective grow threshold of newbob_multi_epoch.
    pub fn effective_grow_threshold(&self) -> f64 {
        self.grow_threshold.unwrap_or(self.relative_error_threshold)
    }

    /// The relative threshold measured against the *older* score that is equivalent to this
    /// scheme's relative threshold, for positive scores: newbob keeps the LR iff
    /// `(new - old) / |d| <= t`. With `d = old` that is `(old - new) / old >= -t`; with `d = new`
    /// (the default) it is `new <= old / (1 - t)`, i.e. `(old - new) / old >= -t / (1 - t)`.
    /// For `t >= 1` (without div-by-old) newbob never decays on positive scores: `-inf`.
    pub fn improvement_vs_old(&self) -> f64 {
        let t = self.relative_error_threshold;
        if self.div_by_old {
            -t
        } else if t >= 1.0 {
            f64::NEG_INFINITY
        } else {
            -t / (1.0 - t)
        }
    }

    /// The absolute improvement equivalent to the threshold: `-t` for newbob_abs, `-t * scale`
    /// for the relative schemes (`None` when no scale is known).
    pub fn absolute_improvement(&self) -> Option<f64> {
        match self.scheme {
            NewbobScheme::NewbobAbs => Some(-self.error_threshold),
            _ => self
                .score_scale
                .map(|s| -self.relative_error_threshold * s.abs()),
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Shared framework vocabulary
// ------------------------------------------------------------------------------------------------

/// Whether lower (`min`) or higher (`max`) scores are better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    /// `"min"`: lower is better (a loss).
    Min,
    /// `"max"`: higher is better (an accuracy).
    Max,
}

impl Mode {
    /// The Python spelling, `"min"` / `"max"`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Min => "min",
            Mode::Max => "max",
        }
    }
}

/// The frameworks that have an equivalent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Framework {
    /// `torch.optim.lr_scheduler.ReduceLROnPlateau`.
    PyTorch,
    /// `keras.callbacks.ReduceLROnPlateau`.
    Keras,
    /// `optax.contrib.reduce_on_plateau`.
    Optax,
    /// `speechbrain.nnet.schedulers.NewBobScheduler`.
    SpeechBrain,
}

impl Framework {
    /// Every framework, in display order.
    pub const ALL: [Framework; 4] = [
        Framework::PyTorch,
        Framework::Keras,
        Framework::Optax,
        Framework::SpeechBrain,
    ];

    /// The short name (the option value of the page's framework select and of links).
    pub fn name(self) -> &'static str {
        match self {
            Framework::PyTorch => "pytorch",
            Framework::Keras => "keras",
            Framework::Optax => "optax",
            Framework::SpeechBrain => "speechbrain",
        }
    }

    /// The framework of a short name ([`Framework::name`]).
    pub fn from_name(name: &str) -> Option<Framework> {
        Framework::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The scheduler's display name.
    pub fn scheduler_name(self) -> &'static str {
        match self {
            Framework::PyTorch => "torch.optim.lr_scheduler.ReduceLROnPlateau",
            Framework::Keras => "keras.callbacks.ReduceLROnPlateau",
            Framework::Optax => "optax.contrib.reduce_on_plateau",
            Framework::SpeechBrain => "speechbrain.nnet.schedulers.NewBobScheduler",
        }
    }
}

/// One framework's configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "framework", rename_all = "snake_case")]
pub enum FrameworkConfig {
    /// `ReduceLROnPlateau`'s constructor arguments.
    PyTorch(pytorch::PlateauConfig),
    /// The Keras callback's arguments.
    Keras(keras::PlateauConfig),
    /// The optax transformation's arguments.
    Optax(optax::PlateauConfig),
    /// `NewBobScheduler`'s arguments.
    SpeechBrain(speechbrain::NewBobConfig),
}

impl FrameworkConfig {
    /// Which framework this configures.
    pub fn framework(&self) -> Framework {
        match self {
            FrameworkConfig::PyTorch(_) => Framework::PyTorch,
            FrameworkConfig::Keras(_) => Framework::Keras,
            FrameworkConfig::Optax(_) => Framework::Optax,
            FrameworkConfig::SpeechBrain(_) => Framework::SpeechBrain,
        }
    }

    /// The closest configuration of `framework` to the newbob settings.
    pub fn closest(framework: Framework, params: &NewbobParams) -> FrameworkConfig {
        match framework {
            Framework::PyTorch => FrameworkConfig::PyTorch(pytorch::closest_config(params)),
            Framework::Keras => FrameworkConfig::Keras(keras::closest_config(params)),
            Framework::Optax => FrameworkConfig::Optax(optax::closest_config(params)),
            Framework::SpeechBrain => {
                FrameworkConfig::SpeechBrain(speechbrain::closest_config(params))
            }
        }
    }

    /// The LR per epoch (see the module docs for the alignment; `scores.len() + 1` values).
    pub fn simulate(&self, scores: &[f64]) -> Result<Vec<f64>, Error> {
        match self {
            FrameworkConfig::PyTorch(c) => pytorch::simulate(c, scores),
            FrameworkConfig::Keras(c) => keras::simulate(c, scores),
            FrameworkConfig::Optax(c) => optax::simulate(c, scores),
            FrameworkConfig::SpeechBrain(c) => speechbrain::simulate(c, scores),
        }
    }

    /// Python code that builds `optimizer` (the settings' optimizer, or a stand-in that says
    /// none was chosen: [`optimizer_code::optimizer_lines`]), sets the scheduler up and drives it
    /// once per epoch.
    pub fn code_snippet(&self, optimizer: Option<&OptimizerSettings>) -> String {
        match self {
            FrameworkConfig::PyTorch(c) => pytorch::code_snippet(c, optimizer),
            FrameworkConfig::Keras(c) => keras::code_snippet(c, optimizer),
            FrameworkConfig::Optax(c) => optax::code_snippet(c, optimizer),
            FrameworkConfig::SpeechBrain(c) => speechbrain::code_snippet(c, optimizer),
        }
    }

    /// The semantic differences to newbob that apply to these settings.
    pub fn caveats(&self, params: &NewbobParams) -> Vec<String> {
        match self {
            FrameworkConfig::PyTorch(c) => pytorch::caveats(params, c),
            FrameworkConfig::Keras(c) => keras::caveats(params, c),
            FrameworkConfig::Optax(c) => optax::caveats(params, c),
            FrameworkConfig::SpeechBrain(c) => speechbrain::caveats(params, c),
        }
    }
}

// ------------------------------------------------------------------------------------------------
// The comparison the UI shows
// ------------------------------------------------------------------------------------------------

/// One LR curve (or the error that stopped it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    /// `lrs[i]` is the LR of epoch `i + 1`; `scores.len() + 1` values when `error` is `None`.
    pub lrs: Vec<f64>,
    /// The error message (Python exception text) when the run failed.
    pub error: Option<String>,
}

impl Curve {
    fn from_result(r: Result<Vec<f64>, Error>) -> Curve {
        match r {
            Ok(lrs) => Curve { lrs, error: None },
            Err(e) => Curve {
                lrs: Vec::new(),
                error: Some(e.to_string()),
            },
        }
    }
}

/// One framework's equivalent: its closest config, code, caveats and LR curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Equivalent {
    /// Which framework this is.
    pub framework: Framework,
    /// Its closest configuration to the newbob settings ([`FrameworkConfig::closest`]).
    pub config: FrameworkConfig,
    /// Python that sets it up and drives it ([`FrameworkConfig::code_snippet`]).
    pub code: String,
    /// The semantic differences to newbob that apply ([`FrameworkConfig::caveats`]).
    pub caveats: Vec<String>,
    /// Its LR per epoch on the same scores ([`FrameworkConfig::simulate`]).
    pub curve: Curve,
}

/// Newbob's curve next to the four equivalents, on the same scores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The settings used (with `score_scale` filled in from the scores if it was unset).
    pub params: NewbobParams,
    /// Newbob's LR per epoch on the scores ([`newbob_lrs`]).
    pub newbob: Curve,
    /// One entry per framework, in [`Framework::ALL`] order.
    pub equivalents: Vec<Equivalent>,
}

/// The score magnitude used to translate thresholds: `|last finite non-zero score|`.
pub fn score_scale_of(scores: &[f64]) -> Option<f64> {
    scores
        .iter()
        .rev()
        .find(|s| s.is_finite() && **s != 0.0)
        .map(|s| s.abs())
}

/// Builds everything the "equivalents" view shows for these settings and scores, the code with
/// no optimizer chosen ([`compare_with_optimizer`] builds the chosen one).
pub fn compare(params: &NewbobParams, scores: &[f64]) -> Comparison {
    compare_with_optimizer(params, scores, None)
}

/// [`compare`], with the code building `optimizer` (the one chosen or imported; `None`: a
/// stand-in that says none was chosen).
pub fn compare_with_optimizer(params: &NewbobParams, scores: &[f64], optimizer: Option<&OptimizerSettings>) -> Comparison {
    let mut params = params.clone();
    if params.score_scale.is_none() {
        params.score_scale = score_scale_of(scores);
    }
    let newbob = Curve::from_result(newbob_lrs(&params, scores));
    let equivalents = Framework::ALL
        .iter()
        .map(|&fw| {
            let config = FrameworkConfig::closest(fw, &params);
            Equivalent {
                framework: fw,
                code: config.code_snippet(optimizer),
                caveats: config.caveats(&params),
                curve: Curve::from_result(config.simulate(scores)),
                config,
            }
        })
        .collect();
    Comparison {
        params,
        newbob,
        equivalents,
    }
}

// ------------------------------------------------------------------------------------------------
// Newbob on a plain score list (the reference curve)
// ------------------------------------------------------------------------------------------------


/// Newbob's LR per epoch on a plain run: every epoch has exactly one score under the same key,
/// no `learning_rates` presets, no file (`returnn-lr-control.md` sections 5.1-5.7). Returns
/// `scores.len() + 1` LRs (epoch 1 .. epoch n+1), or the exception RETURNN raises. The full
/// engine (presets, key selection, missing scores) lives in `engine::lr_control`.
pub fn newbob_lrs(p: &NewbobParams, scores: &[f64]) -> Result<Vec<f64>, Error> {
    // The real engine decides (one implementation of newbob in the whole product): the params
    // become RETURNN config keys, each score is epoch e's `dev_score`.
    let mut control = LrControl::from_config(&p.to_config(), None)?;
    let mut lrs = Vec::with_capacity(scores.len() + 1);
    for (i, score) in scores.iter().enumerate() {
        let epoch = i as i64 + 1;
        lrs.push(control.learning_rate_for_epoch_f64(epoch).map_err(|e| e.at(Stage::GetLearningRate, Some(epoch as u64)))?);
        control.set_epoch_scores(epoch, &[("dev_score", *score)]).map_err(|e| e.at(Stage::SetEpochError, Some(epoch as u64)))?;
    }
    let next = scores.len() as i64 + 1;
    lrs.push(control.learning_rate_for_epoch_f64(next).map_err(|e| e.at(Stage::GetLearningRate, Some(next as u64)))?);
    Ok(lrs)
}

// ------------------------------------------------------------------------------------------------
// Helpers shared by the framework modules
// ------------------------------------------------------------------------------------------------

/// A Python float expression: `repr` for finite values, `float("inf")` / `float("nan")` otherwise.
pub fn py_float(x: f64) -> String {
    if x.is_finite() {
        float_repr(x)
    } else {
        format!("float(\"{}\")", float_repr(x))
    }
}

/// Python's `max(a, b)`: `a` unless `b > a` (so NaN in `b` never wins).
pub(crate) fn py_max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// A Python `ValueError` raised by a scheduler's constructor.
pub(crate) fn value_error(message: impl Into<String>) -> Error {
    Error::py(PyExc::ValueError, message).at(Stage::Init, None)
}

/// Caveats shared by the three "best so far" schedulers (torch, Keras, optax): reference point,
/// strictness, NaN, growth, multi-epoch, relative-LR and zero-score differences.
pub(crate) fn plateau_family_caveats(p: &NewbobParams, name: &str, out: &mut Vec<String>) {
    out.push(format!(
        "Reference point: newbob compares each epoch's score with the previous epoch's score \
         (epoch N is decided from epochs N-2 and N-1); {name} compares with the best score seen \
         so far. After a bad epoch, newbob is satisfied by any sufficient improvement over that \
         bad epoch, while {name} keeps counting bad epochs until the old best is beaten."
    ));
    let t = p.threshold();
    out.push(format!(
        "Comparison at equality: newbob decays only if the (relative) error change is strictly \
         greater than the threshold ({}), so a change exactly at the threshold keeps the LR; \
         {name} counts an epoch as an improvement only if it is strictly better than the \
         best by the threshold, so a score exactly at the threshold is a bad epoch and reduces \
         the LR.{}",
        py_float(t),
        if t == 0.0 {
            " With threshold 0.0 a perfectly flat score keeps newbob's LR but reduces here."
        } else {
            ""
        }
    ));
    out.push(format!(
        "NaN scores: newbob's relative error is NaN, NaN > threshold is false, so newbob takes \
         the grow branch (the LR {}); {name} never counts NaN as better, so a NaN epoch is a bad \
         epoch and can reduce the LR.",
        if p.growth == 1.0 { "stays" } else { "grows" }
    ));
    common_caveats(p, name, out);
    if p.scheme != NewbobScheme::NewbobAbs {
        out.push(format!(
            "A score of exactly 0 makes newbob raise ZeroDivisionError (it divides by |{}|); \
             {name} does not fail.",
            if p.div_by_old {
                "old score"
            } else {
                "new score"
            }
        ));
    }
}

/// Caveats that apply to every framework: growth and relative LR.
pub(crate) fn common_caveats(p: &NewbobParams, name: &str, out: &mut Vec<String>) {
    if p.growth != 1.0 {
        out.push(format!(
            "Growth cannot be expressed: newbob multiplies the LR by the growth factor {} \
             whenever it does not decay{}; {name} can only reduce the LR.",
            py_float(p.growth),
            if p.scheme == NewbobScheme::NewbobMultiEpoch {
                format!(
                    " (multi-epoch: when the mean relative error is below {})",
                    py_float(p.effective_grow_threshold())
                )
            } else {
                String::new()
            }
        ));
    }
    if p.relative_lr {
        out.push(format!(
            "learning_rate_control_relative_error_relative_lr cannot be expressed: newbob divides \
             the relative error by (current LR / {}), which makes decays easier as the LR shrinks; \
             {name} uses a fixed threshold.",
            py_float(p.learning_rate)
        ));
    }
}

/// The multi-epoch caveat for frameworks without any averaging.
pub(crate) fn no_averaging_caveat(p: &NewbobParams, name: &str, out: &mut Vec<String>) {
    if p.scheme == NewbobScheme::NewbobMultiEpoch {
        out.push(format!(
            "Multi-epoch averaging cannot be expressed: newbob_multi_epoch averages the {} \
             relative errors of the last {} epochs and decides only every {} epochs \
             (the LR can change at epochs {}, {}, ...); {name} looks at one score per epoch and \
             may reduce at any epoch.",
            p.multi_num_epochs,
            p.multi_num_epochs.saturating_add(1),
            p.update_interval(),
            p.update_interval().saturating_add(1),
            p.update_interval().saturating_mul(2).saturating_add(1)
        ));
    }
}

/// The min-num-epochs guard caveat: `cooldown` is the value the framework got, `ignored` is how
/// many epochs of it are ignored (torch/optax: `cooldown`, Keras: `cooldown - 1`).
pub(crate) fn guard_caveat(
    p: &NewbobParams,
    name: &str,
    cooldown: i64,
    ignored: i64,
) -> Option<String> {
    let n = p.min_num_epochs_per_new_lr;
    if n <= 1 {
        return None;
    }
    let first = if n > 2 {
        format!(" (first decision at epoch {}, not 3)", n.saturating_add(1))
    } else {
        String::new()
    };
    let s = format!(
        "learning_rate_control_min_num_epochs_per_new_lr = {n}: newbob keeps a new LR for at \
         least {n} epochs, so after a change the next decision is {n} epochs later. Mapped to \
         cooldown = {cooldown} ({name} ignores the {ignored} epoch(s) after a reduction). \
         Differences: newbob's guard also holds epochs 2..{n} at the initial LR{first}, and it \
         is keyed on the LR value changing, while the cooldown starts after every reduction \
         step, even one that the minimum LR made a no-op."
    );
    Some(s)
}

/// "The decay factor cannot be expressed" (torch/Keras need `factor < 1`, optax `0 < factor < 1`).
pub(crate) fn factor_caveat(p: &NewbobParams, name: &str, requirement: &str) -> String {
    format!(
        "{name} requires {requirement} (it raises ValueError); the newbob decay factor {} cannot \
         be expressed.",
        py_float(p.decay)
    )
}

/// The initial LR lies below the minimum: newbob's clamp after a decay raises it, `how` says
/// what the framework does instead. `None` when the initial LR is not below the minimum.
pub(crate) fn min_lr_raise_caveat(p: &NewbobParams, how: &str) -> Option<String> {
    (p.learning_rate < p.min_learning_rate).then(|| {
        format!(
            "Minimum LR: the initial LR {} is below min_learning_rate {}; newbob's clamp after a \
             decay raises the LR to the minimum, {how}.",
            py_float(p.learning_rate),
            py_float(p.min_learning_rate)
        )
    })
}
