//! torch optimizers as RETURNN's PyTorch backend builds and steps them.
//!
//! * [`OptimizerConfig`]: one variant per usable class, each with torch's parameter names and
//!   defaults. Built from a RETURNN `optimizer` dict by [`OptimizerConfig::from_returnn`] with
//!   RETURNN's and torch's own exceptions and messages, or directly (forms).
//! * [`Optimizer`]: a validated config plus its state; [`Optimizer::step`] takes the learning
//!   rate as an argument (the LR control owns it). State survives LR changes, as in RETURNN.
//! * [`OPTIMIZERS`]: the name table (every class name torch's `torch.optim` has, plus RETURNN's
//!   Lion) with each keyword's torch default and a one-line description, for dropdowns and forms.
//! * [`grad_proc`]: RETURNN's gradient noise, value/global-norm clipping, accumulation and the
//!   root-level options, and [`grad_proc::Updater`] which chains them like `Updater.step`.
//!
//! All maths follows torch 2.15's single-tensor CPU code paths in float64 (see each file).

pub mod adadelta;
pub mod adafactor;
pub mod adagrad;
pub mod adam;
pub mod adamax;
pub mod asgd;
pub mod case;
pub mod grad_proc;
pub mod kwargs;
pub mod lion;
pub mod nadam;
pub mod radam;
pub mod rmsprop;
pub mod rprop;
pub mod sgd;

pub use adadelta::{AdadeltaConfig, AdadeltaState};
pub use adafactor::{AdafactorConfig, AdafactorState};
pub use adagrad::{AdagradConfig, AdagradState};
pub use adam::{AdamConfig, AdamState};
pub use adamax::{AdamaxConfig, AdamaxState};
pub use asgd::{AsgdConfig, AsgdState};
pub use lion::{LionConfig, LionState};
pub use nadam::{NAdamConfig, NAdamState};
pub use radam::{RAdamConfig, RAdamState};
pub use rmsprop::{RmsPropConfig, RmsPropState};
pub use rprop::{RpropConfig, RpropState};
pub use sgd::{SgdConfig, SgdState};

use crate::py::error::{Error, PyExc, Result};
use crate::py::value::{str_repr, PyValue};
use kwargs::{AsFloat, AsGiven, Show};

// ---------------------------------------------------------------------------------------------
// Scalar helpers with torch's / Python's semantics.

/// `torch.lerp(start, end, weight)`: `start + w·(end - start)` for |w| < 0.5, else
/// `end - (end - start)·(1 - w)`.
pub(crate) fn lerp(start: f64, end: f64, weight: f64) -> f64 {
    let diff = end - start;
    if weight.abs() < 0.5 {
        start + weight * diff
    } else {
        end - diff * (1.0 - weight)
    }
}

/// The gradient as the non-Adam classes start their update: negated for `maximize`, then
/// coupled L2 weight decay `g + wd·p` (skipped when `wd == 0`, as torch does).
pub(crate) fn coupled_grad(g: f64, p: f64, weight_decay: f64, maximize: bool) -> f64 {
    let g = if maximize { -g } else { g };
    if weight_decay != 0.0 {
        g + weight_decay * p
    } else {
        g
    }
}

/// `torch.maximum`: NaN propagates.
pub(crate) fn max_nan(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// `torch.clamp(x, lo, hi)`: NaN propagates; `hi` wins when `lo > hi`.
pub(crate) fn clamp_nan(x: f64, lo: f64, hi: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let y = if x < lo { lo } else { x };
    if y > hi {
        hi
    } else {
        y
    }
}

/// Python's `max(a, b)`: `b` only if `b > a` (so a NaN `b` loses).
pub(crate) fn py_max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Python's `min(a, b)`: `b` only if `b < a`.
pub(crate) fn py_min(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

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

// ---------------------------------------------------------------------------------------------
// The name table.

/// Every class RETURNN's torch backend can resolve by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    Sgd,
    Adam,
    AdamW,
    Adamax,
    NAdam,
    RAdam,
    RmsProp,
    Adagrad,
    Adadelta,
    Asgd,
    Rprop,
    Adafactor,
    /// `returnn.torch.optim.lion.Lion`.
    Lion,
    /// Resolves, but `step()` without a closure fails.
    Lbfgs,
    /// Rejects dense gradients.
    SparseAdam,
    /// Accepts only 2-D parameters.
    Muon,
    /// `torch.optim.Optimizer`, the abstract base class (it passes RETURNN's subclass check).
    BaseOptimizer,
}

/// A keyword's torch default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum KwDefault {
    Float(f64),
    Int(i64),
    Bool(bool),
    None,
    Pair(f64, f64),
    /// Adafactor's `eps = (None, 1e-3)`.
    OptPair(Option<f64>, f64),
    /// No default (a required argument), or one that is shown as Python text.
    Text(&'static str),
}

impl KwDefault {
    /// The default as a Python value.
    pub fn to_py(self) -> PyValue {
        match self {
            KwDefault::Float(f) => PyValue::Float(f),
            KwDefault::Int(i) => PyValue::Int(i),
            KwDefault::Bool(b) => PyValue::Bool(b),
            KwDefault::None | KwDefault::Text(_) => PyValue::None,
            KwDefault::Pair(a, b) => PyValue::Tuple(vec![PyValue::Float(a), PyValue::Float(b)]),
            KwDefault::OptPair(a, b) => {
                PyValue::Tuple(vec![a.map(PyValue::Float).unwrap_or(PyValue::None), PyValue::Float(b)])
            }
        }
    }
}

/// One keyword argument of a constructor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KwargInfo {
    pub name: &'static str,
    pub default: KwDefault,
    pub description: &'static str,
    /// False for flags that do not change the maths here (`foreach`, `fused`, `capturable`,
    /// `differentiable`, `use_triton`): accepted, shown greyed out.
    pub affects_update: bool,
}

/// One row of the name table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptimizerInfo {
    pub kind: OptimizerKind,
    /// The class name as torch spells it (`"RMSprop"`).
    pub name: &'static str,
    /// Module of the class (`"torch.optim"`).
    pub module: &'static str,
    /// True when a RETURNN training run can use it (false: LBFGS, SparseAdam, Muon, Optimizer).
    pub usable: bool,
    pub summary: &'static str,
    /// The constructor's keywords after `params`, in signature order (with `lr`).
    pub kwargs: &'static [KwargInfo],
    /// RETURNN's `_get_class_init_kwargs` (the keywords of every class in the MRO, base
    /// `Optimizer`'s `defaults` included): decides the `epsilon` rename, the `weight_decay`
    /// assertion and its message.
    pub init_kwargs: &'static [&'static str],
}

impl OptimizerInfo {
    /// `module.Name`.
    pub fn path(&self) -> String {
        format!("{}.{}", self.module, self.name)
    }

    /// The keyword with this name.
    pub fn kwarg(&self, name: &str) -> Option<&'static KwargInfo> {
        self.kwargs.iter().find(|k| k.name == name)
    }
}

const fn kw(name: &'static str, default: KwDefault, description: &'static str) -> KwargInfo {
    KwargInfo { name, default, description, affects_update: true }
}

const fn flag(name: &'static str, default: KwDefault, description: &'static str) -> KwargInfo {
    KwargInfo { name, default, description, affects_update: false }
}

const LR_D: &str = "learning rate (RETURNN sets it from learning_rate / the LR control)";
const WD_L2: &str = "L2 penalty added to the gradient (g + wd*p)";
const MAXIMIZE: &str = "maximize the objective (negates the gradient)";
const FOREACH: &str = "use the multi-tensor implementation (same maths)";
const CAPTURABLE: &str = "allow CUDA-graph capture (same maths)";
const DIFFERENTIABLE: &str = "autograd through the step (same maths)";
const FUSED: &str = "use the fused kernel (same maths)";
const BETAS: &str = "coefficients of the running averages of gradient and its square";
const EPS: &str = "term added to the denominator for numerical stability";

const SGD_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-3), LR_D),
    kw("momentum", KwDefault::Int(0), "momentum factor"),
    kw("dampening", KwDefault::Int(0), "dampening for momentum (not applied on the first step)"),
    kw("weight_decay", KwDefault::Int(0), WD_L2),
    kw("nesterov", KwDefault::Bool(false), "Nesterov momentum (needs momentum > 0, dampening 0)"),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("foreach", KwDefault::None, FOREACH),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
    flag("fused", KwDefault::None, FUSED),
];
const ADAM_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-3), LR_D),
    kw("betas", KwDefault::Pair(0.9, 0.999), BETAS),
    kw("eps", KwDefault::Float(1e-8), EPS),
    kw("weight_decay", KwDefault::Int(0), "weight decay (L2, or decoupled with decoupled_weight_decay)"),
    kw("amsgrad", KwDefault::Bool(false), "use the running maximum of the second moment (AMSGrad)"),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
    flag("fused", KwDefault::None, FUSED),
    kw("decoupled_weight_decay", KwDefault::Bool(false), "decay p by lr*wd instead of adding wd*p to g (= AdamW)"),
];
const ADAMW_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-3), LR_D),
    kw("betas", KwDefault::Pair(0.9, 0.999), BETAS),
    kw("eps", KwDefault::Float(1e-8), EPS),
    kw("weight_decay", KwDefault::Float(1e-2), "decoupled weight decay (p *= 1 - lr*wd); applies to all params unless set explicitly"),
    kw("amsgrad", KwDefault::Bool(false), "use the running maximum of the second moment (AMSGrad)"),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("foreach", KwDefault::None, FOREACH),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
    flag("fused", KwDefault::None, FUSED),
];
const ADAMAX_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(2e-3), LR_D),
    kw("betas", KwDefault::Pair(0.9, 0.999), "coefficients of the running average and of the infinity norm"),
    kw("eps", KwDefault::Float(1e-8), "added to |g| inside the infinity norm"),
    kw("weight_decay", KwDefault::Int(0), WD_L2),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
];
const NADAM_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(2e-3), LR_D),
    kw("betas", KwDefault::Pair(0.9, 0.999), BETAS),
    kw("eps", KwDefault::Float(1e-8), EPS),
    kw("weight_decay", KwDefault::Int(0), "weight decay (L2, or decoupled with decoupled_weight_decay)"),
    kw("momentum_decay", KwDefault::Float(4e-3), "momentum schedule decay psi (mu_t = beta1*(1 - 0.5*0.96^(t*psi)))"),
    kw("decoupled_weight_decay", KwDefault::Bool(false), "decay p by lr*wd instead of adding wd*p to g"),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
];
const RADAM_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-3), LR_D),
    kw("betas", KwDefault::Pair(0.9, 0.999), BETAS),
    kw("eps", KwDefault::Float(1e-8), EPS),
    kw("weight_decay", KwDefault::Int(0), "weight decay (L2, or decoupled with decoupled_weight_decay)"),
    kw("decoupled_weight_decay", KwDefault::Bool(false), "decay p by lr*wd instead of adding wd*p to g"),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
];
const RMSPROP_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-2), LR_D),
    kw("alpha", KwDefault::Float(0.99), "smoothing constant of the squared-gradient average"),
    kw("eps", KwDefault::Float(1e-8), "added after the square root"),
    kw("weight_decay", KwDefault::Int(0), WD_L2),
    kw("momentum", KwDefault::Int(0), "momentum factor (buf = m*buf + g/avg)"),
    kw("centered", KwDefault::Bool(false), "normalise by the estimated variance (subtract the mean gradient squared)"),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
];
const ADAGRAD_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-2), LR_D),
    kw("lr_decay", KwDefault::Int(0), "lr / (1 + (t-1)*lr_decay)"),
    kw("weight_decay", KwDefault::Int(0), WD_L2),
    kw("initial_accumulator_value", KwDefault::Int(0), "start value of the sum of squared gradients"),
    kw("eps", KwDefault::Float(1e-10), "added after the square root"),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
    flag("fused", KwDefault::None, FUSED),
];
const ADADELTA_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1.0), "coefficient that scales delta before it is applied"),
    kw("rho", KwDefault::Float(0.9), "coefficient of the running averages"),
    kw("eps", KwDefault::Float(1e-6), "added inside both square roots"),
    kw("weight_decay", KwDefault::Int(0), WD_L2),
    flag("foreach", KwDefault::None, FOREACH),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
];
const ASGD_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-2), LR_D),
    kw("lambd", KwDefault::Float(1e-4), "decay term (p *= 1 - lambd*eta)"),
    kw("alpha", KwDefault::Float(0.75), "power of the eta schedule eta = lr/(1 + lambd*lr*t)^alpha"),
    kw("t0", KwDefault::Float(1e6), "step at which averaging starts (affects only the average)"),
    kw("weight_decay", KwDefault::Int(0), WD_L2),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
];
const RPROP_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-2), "initial step size (later LR changes have no effect)"),
    kw("etas", KwDefault::Pair(0.5, 1.2), "(etaminus, etaplus): step size factors on sign change / no change"),
    kw("step_sizes", KwDefault::Pair(1e-6, 50.0), "(min, max) allowed step size"),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
];
const ADAFACTOR_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-2), "relative step size cap: rho_t = min(lr, 1/sqrt(t))"),
    kw("beta2_decay", KwDefault::Float(-0.8), "second-moment coefficient 1 - beta2_t = t^beta2_decay"),
    kw("eps", KwDefault::OptPair(None, 1e-3), "(eps1, eps2): variance floor (None = machine eps) and parameter-scale floor"),
    kw("d", KwDefault::Float(1.0), "clipping threshold of the update RMS"),
    kw("weight_decay", KwDefault::Float(0.0), "decoupled weight decay (p *= 1 - lr*wd)"),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
];
const LION_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-4), LR_D),
    kw("betas", KwDefault::Pair(0.9, 0.99), "interpolation for the sign update, and momentum decay"),
    kw("weight_decay", KwDefault::Float(0.0), "p *= 1 - lr*wd before the update"),
    flag("use_triton", KwDefault::None, "CUDA kernel (same maths)"),
    kw("decoupled_weight_decay", KwDefault::Bool(false), "divide weight_decay by the initial lr"),
];
const LBFGS_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Int(1), LR_D),
    kw("max_iter", KwDefault::Int(20), "maximal iterations per step"),
    kw("max_eval", KwDefault::None, "maximal function evaluations per step"),
    kw("tolerance_grad", KwDefault::Float(1e-7), "first-order optimality tolerance"),
    kw("tolerance_change", KwDefault::Float(1e-9), "function/parameter change tolerance"),
    kw("history_size", KwDefault::Int(100), "update history size"),
    kw("line_search_fn", KwDefault::None, "None or 'strong_wolfe'"),
];
const SPARSEADAM_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-3), LR_D),
    kw("betas", KwDefault::Pair(0.9, 0.999), BETAS),
    kw("eps", KwDefault::Float(1e-8), EPS),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
];
const MUON_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-3), LR_D),
    kw("weight_decay", KwDefault::Float(0.1), "decoupled weight decay"),
    kw("momentum", KwDefault::Float(0.95), "momentum factor"),
    kw("nesterov", KwDefault::Bool(true), "Nesterov momentum"),
    kw("ns_coefficients", KwDefault::Text("(3.4445, -4.775, 2.0315)"), "Newton-Schulz coefficients"),
    kw("eps", KwDefault::Float(1e-7), EPS),
    kw("ns_steps", KwDefault::Int(5), "Newton-Schulz iterations"),
    kw("adjust_lr_fn", KwDefault::None, "lr adjustment"),
];
const BASE_KW: &[KwargInfo] = &[kw("defaults", KwDefault::Text("(required)"), "dict of default hyper-parameters")];

/// Every class name RETURNN can resolve, in the order of `vars(torch.optim)` (torch 2.15) —
/// the order of RETURNN's "not found" message — followed by RETURNN's Lion.
pub const OPTIMIZERS: &[OptimizerInfo] = &[
    OptimizerInfo {
        kind: OptimizerKind::Adafactor,
        name: "Adafactor",
        module: "torch.optim",
        usable: true,
        summary: "Adafactor: relative step sizes, RMS-clipped update",
        kwargs: ADAFACTOR_KW,
        init_kwargs: &["lr", "beta2_decay", "eps", "d", "weight_decay", "foreach", "maximize", "defaults"],
    },
    OptimizerInfo {
        kind: OptimizerKind::Muon,
        name: "Muon",
        module: "torch.optim",
        usable: false,
        summary: "Muon: only 2-D parameters (not usable here)",
        kwargs: MUON_KW,
        init_kwargs: &[
            "lr", "weight_decay", "momentum", "nesterov", "ns_coefficients", "eps", "ns_steps", "adjust_lr_fn", "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::Adadelta,
        name: "Adadelta",
        module: "torch.optim",
        usable: true,
        summary: "Adadelta: unit-corrected adaptive steps",
        kwargs: ADADELTA_KW,
        init_kwargs: &["lr", "rho", "eps", "weight_decay", "foreach", "capturable", "maximize", "differentiable", "defaults"],
    },
    OptimizerInfo {
        kind: OptimizerKind::Adagrad,
        name: "Adagrad",
        module: "torch.optim",
        usable: true,
        summary: "Adagrad: steps scaled by the accumulated squared gradients",
        kwargs: ADAGRAD_KW,
        init_kwargs: &[
            "lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "foreach", "maximize", "differentiable",
            "fused", "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::Adam,
        name: "Adam",
        module: "torch.optim",
        usable: true,
        summary: "Adam: bias-corrected first and second moments",
        kwargs: ADAM_KW,
        init_kwargs: &[
            "lr", "betas", "eps", "weight_decay", "amsgrad", "foreach", "maximize", "capturable", "differentiable", "fused",
            "decoupled_weight_decay", "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::Adamax,
        name: "Adamax",
        module: "torch.optim",
        usable: true,
        summary: "Adamax: Adam with the infinity norm",
        kwargs: ADAMAX_KW,
        init_kwargs: &[
            "lr", "betas", "eps", "weight_decay", "foreach", "maximize", "differentiable", "capturable", "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::AdamW,
        name: "AdamW",
        module: "torch.optim",
        usable: true,
        summary: "AdamW: Adam with decoupled weight decay (default 0.01)",
        kwargs: ADAMW_KW,
        init_kwargs: &[
            "lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "foreach", "capturable", "differentiable", "fused",
            "decoupled_weight_decay", "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::Asgd,
        name: "ASGD",
        module: "torch.optim",
        usable: true,
        summary: "ASGD: averaged SGD with a decaying step size",
        kwargs: ASGD_KW,
        init_kwargs: &[
            "lr", "lambd", "alpha", "t0", "weight_decay", "foreach", "maximize", "differentiable", "capturable", "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::Lbfgs,
        name: "LBFGS",
        module: "torch.optim",
        usable: false,
        summary: "L-BFGS: needs a closure, which RETURNN does not pass (not usable)",
        kwargs: LBFGS_KW,
        init_kwargs: &[
            "lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size", "line_search_fn", "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::NAdam,
        name: "NAdam",
        module: "torch.optim",
        usable: true,
        summary: "NAdam: Adam with Nesterov momentum and a momentum schedule",
        kwargs: NADAM_KW,
        init_kwargs: &[
            "lr", "betas", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay", "foreach", "maximize",
            "capturable", "differentiable", "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::BaseOptimizer,
        name: "Optimizer",
        module: "torch.optim",
        usable: false,
        summary: "the abstract base class (not usable)",
        kwargs: BASE_KW,
        init_kwargs: &["defaults"],
    },
    OptimizerInfo {
        kind: OptimizerKind::RAdam,
        name: "RAdam",
        module: "torch.optim",
        usable: true,
        summary: "RAdam: Adam with a variance rectification warm-up",
        kwargs: RADAM_KW,
        init_kwargs: &[
            "lr", "betas", "eps", "weight_decay", "decoupled_weight_decay", "foreach", "maximize", "capturable",
            "differentiable", "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::RmsProp,
        name: "RMSprop",
        module: "torch.optim",
        usable: true,
        summary: "RMSprop: steps scaled by a running RMS of the gradient",
        kwargs: RMSPROP_KW,
        init_kwargs: &[
            "lr", "alpha", "eps", "weight_decay", "momentum", "centered", "capturable", "foreach", "maximize",
            "differentiable", "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::Rprop,
        name: "Rprop",
        module: "torch.optim",
        usable: true,
        summary: "Rprop: per-element step sizes adapted by gradient sign changes",
        kwargs: RPROP_KW,
        init_kwargs: &["lr", "etas", "step_sizes", "capturable", "foreach", "maximize", "differentiable", "defaults"],
    },
    OptimizerInfo {
        kind: OptimizerKind::Sgd,
        name: "SGD",
        module: "torch.optim",
        usable: true,
        summary: "SGD with optional (Nesterov) momentum",
        kwargs: SGD_KW,
        init_kwargs: &[
            "lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "foreach", "differentiable", "fused",
            "defaults",
        ],
    },
    OptimizerInfo {
        kind: OptimizerKind::SparseAdam,
        name: "SparseAdam",
        module: "torch.optim",
        usable: false,
        summary: "SparseAdam: sparse gradients only (not usable)",
        kwargs: SPARSEADAM_KW,
        init_kwargs: &["lr", "betas", "eps", "maximize", "defaults"],
    },
    OptimizerInfo {
        kind: OptimizerKind::Lion,
        name: "Lion",
        module: "returnn.torch.optim.lion",
        usable: true,
        summary: "Lion (RETURNN's): sign of interpolated momentum",
        kwargs: LION_KW,
        init_kwargs: &["lr", "betas", "weight_decay", "use_triton", "decoupled_weight_decay", "defaults"],
    },
];

impl OptimizerKind {
    /// This class's row of [`OPTIMIZERS`].
    pub fn info(self) -> &'static OptimizerInfo {
        OPTIMIZERS.iter().find(|i| i.kind == self).unwrap_or(&OPTIMIZERS[0])
    }

    /// The rows of the usable classes, in dropdown order (SGD first, then the Adam family, ...).
    pub fn usable() -> Vec<&'static OptimizerInfo> {
        use OptimizerKind::*;
        [Sgd, Adam, AdamW, Adamax, NAdam, RAdam, RmsProp, Adagrad, Adadelta, Asgd, Rprop, Adafactor, Lion]
            .iter()
            .map(|k| k.info())
            .collect()
    }
}

/// RETURNN's `get_optimizer_class` for a string: a dotted path is imported (case-sensitive),
/// any other name is looked up case-insensitively in `torch.optim`'s table.
pub fn resolve_class_name(class_name: &str) -> Result<&'static OptimizerInfo> {
    if let Some((module, name)) = class_name.rsplit_once('.') {
        if let Some(info) = OPTIMIZERS.iter().find(|i| i.module == module && i.name == name) {
            return Ok(info);
        }
        let known_module = matches!(module, "torch.optim" | "returnn.torch.optim.lion");
        if !known_module {
            let root = module.split('.').next().unwrap_or(module);
            let missing = if matches!(root, "torch" | "returnn") { module } else { root };
            return Err(Error::py(PyExc::ModuleNotFoundError, format!("No module named {}", str_repr(missing))));
        }
        let submodule = module == "torch.optim"
            && OPTIMIZERS.iter().any(|i| i.module == "torch.optim" && i.name.to_lowercase() == name);
        if submodule {
            // `torch.optim.adam` is the module that defines Adam; calling it fails.
            return Err(Error::py(PyExc::TypeError, "'module' object is not callable"));
        }
        return Err(Error::py(
            PyExc::AttributeError,
            format!("module {} has no attribute {}", str_repr(module), str_repr(name)),
        ));
    }
    let lower = class_name.to_lowercase();
    OPTIMIZERS
        .iter()
        .filter(|i| i.module == "torch.optim")
        .find(|i| i.name.to_lowercase() == lower)
        .ok_or_else(|| {
            let names: Vec<String> = OPTIMIZERS
                .iter()
                .filter(|i| i.module == "torch.optim")
                .map(|i| format!("'{}'", i.name.to_lowercase()))
                .collect();
            Error::py(
                PyExc::ValueError,
                format!(
                    "Optimizer {} not found in the available torch optimizers list: {}.",
                    str_repr(&lower),
                    names.join(", ")
                ),
            )
        })
}

// ---------------------------------------------------------------------------------------------
// The config enum.

/// A usable optimizer with its hyper-parameters (torch names and defaults).
#[derive(Clone, Debug, PartialEq)]
pub enum OptimizerConfig {
    Sgd(SgdConfig),
    Adam(AdamConfig),
    /// Always `decoupled_weight_decay = true`.
    AdamW(AdamConfig),
    Adamax(AdamaxConfig),
    NAdam(NAdamConfig),
    RAdam(RAdamConfig),
    RmsProp(RmsPropConfig),
    Adagrad(AdagradConfig),
    Adadelta(AdadeltaConfig),
    Asgd(AsgdConfig),
    Rprop(RpropConfig),
    Adafactor(AdafactorConfig),
    Lion(LionConfig),
}

/// A hyper-parameter value, for display and comparison.
pub type HyperParams = Vec<(&'static str, PyValue)>;

impl OptimizerConfig {
    /// The class with torch's defaults; `None` for the unusable classes.
    pub fn default_for(kind: OptimizerKind) -> Option<OptimizerConfig> {
        Some(match kind {
            OptimizerKind::Sgd => OptimizerConfig::Sgd(SgdConfig::default()),
            OptimizerKind::Adam => OptimizerConfig::Adam(AdamConfig::default()),
            OptimizerKind::AdamW => OptimizerConfig::AdamW(AdamConfig::adamw()),
            OptimizerKind::Adamax => OptimizerConfig::Adamax(AdamaxConfig::default()),
            OptimizerKind::NAdam => OptimizerConfig::NAdam(NAdamConfig::default()),
            OptimizerKind::RAdam => OptimizerConfig::RAdam(RAdamConfig::default()),
            OptimizerKind::RmsProp => OptimizerConfig::RmsProp(RmsPropConfig::default()),
            OptimizerKind::Adagrad => OptimizerConfig::Adagrad(AdagradConfig::default()),
            OptimizerKind::Adadelta => OptimizerConfig::Adadelta(AdadeltaConfig::default()),
            OptimizerKind::Asgd => OptimizerConfig::Asgd(AsgdConfig::default()),
            OptimizerKind::Rprop => OptimizerConfig::Rprop(RpropConfig::default()),
            OptimizerKind::Adafactor => OptimizerConfig::Adafactor(AdafactorConfig::default()),
            OptimizerKind::Lion => OptimizerConfig::Lion(LionConfig::default()),
            OptimizerKind::Lbfgs | OptimizerKind::SparseAdam | OptimizerKind::Muon | OptimizerKind::BaseOptimizer => {
                return None
            }
        })
    }

    pub fn kind(&self) -> OptimizerKind {
        match self {
            OptimizerConfig::Sgd(_) => OptimizerKind::Sgd,
            OptimizerConfig::Adam(_) => OptimizerKind::Adam,
            OptimizerConfig::AdamW(_) => OptimizerKind::AdamW,
            OptimizerConfig::Adamax(_) => OptimizerKind::Adamax,
            OptimizerConfig::NAdam(_) => OptimizerKind::NAdam,
            OptimizerConfig::RAdam(_) => OptimizerKind::RAdam,
            OptimizerConfig::RmsProp(_) => OptimizerKind::RmsProp,
            OptimizerConfig::Adagrad(_) => OptimizerKind::Adagrad,
            OptimizerConfig::Adadelta(_) => OptimizerKind::Adadelta,
            OptimizerConfig::Asgd(_) => OptimizerKind::Asgd,
            OptimizerConfig::Rprop(_) => OptimizerKind::Rprop,
            OptimizerConfig::Adafactor(_) => OptimizerKind::Adafactor,
            OptimizerConfig::Lion(_) => OptimizerKind::Lion,
        }
    }

    /// torch's class name (`"RMSprop"`).
    pub fn class_name(&self) -> &'static str {
        self.kind().info().name
    }

    /// RETURNN's `Updater._create_optimizer` for an `optimizer` config value, with the
    /// constructor's checks: class lookup, `epsilon`→`eps`, `lr`/`learning_rate` in the dict,
    /// the `weight_decay` assertion, unexpected keywords (TypeError), torch's value checks
    /// (ValueError) — each with the exception type and message Python would give.
    /// `learning_rate` is the initial LR RETURNN passes as `lr`.
    pub fn from_returnn(optimizer: &PyValue, learning_rate: f64) -> Result<OptimizerConfig> {
        let (info, kwargs) = returnn_constructor_call(optimizer, learning_rate)?;
        // Python binds the keywords first: the first unknown one is a TypeError.
        if let Some((k, _)) = kwargs.iter().find(|(k, _)| info.kwarg(k).is_none()) {
            return Err(unexpected_keyword(info, k));
        }
        let Some(mut config) = OptimizerConfig::default_for(info.kind) else {
            return Err(unusable_error(info, learning_rate, &kwargs));
        };
        for (k, v) in &kwargs {
            config.set_kwarg(k, v)?;
        }
        check_flags(info, &kwargs)?;
        config.validate_with(learning_rate, &AsGiven { kwargs: &kwargs })?;
        Ok(config)
    }

    /// Sets one keyword argument from a Python value, as the constructor would take it (for
    /// forms). A keyword the class does not have is torch's TypeError. Values are not
    /// validated here: [`Optimizer::new`] does that.
    pub fn set_kwarg(&mut self, key: &str, v: &PyValue) -> Result<()> {
        let info = self.kind().info();
        if info.kwarg(key).is_none() {
            return Err(unexpected_keyword(info, key));
        }
        match self {
            OptimizerConfig::Sgd(c) => c.set(key, v),
            OptimizerConfig::Adam(c) => c.set(key, v),
            OptimizerConfig::AdamW(c) => c.set(key, v),
            OptimizerConfig::Adamax(c) => c.set(key, v),
            OptimizerConfig::NAdam(c) => c.set(key, v),
            OptimizerConfig::RAdam(c) => c.set(key, v),
            OptimizerConfig::RmsProp(c) => c.set(key, v),
            OptimizerConfig::Adagrad(c) => c.set(key, v),
            OptimizerConfig::Adadelta(c) => c.set(key, v),
            OptimizerConfig::Asgd(c) => c.set(key, v),
            OptimizerConfig::Rprop(c) => c.set(key, v),
            OptimizerConfig::Adafactor(c) => c.set(key, v),
            OptimizerConfig::Lion(c) => c.set(key, v),
        }
    }

    /// torch's constructor checks for this config and initial `lr` (ValueError with torch's
    /// message; Lion: AssertionError).
    pub fn validate(&self, lr: f64) -> Result<()> {
        self.validate_with(lr, &AsFloat)
    }

    fn validate_with(&self, lr: f64, s: &dyn Show) -> Result<()> {
        match self {
            OptimizerConfig::Sgd(c) => c.validate(lr, s),
            OptimizerConfig::Adam(c) | OptimizerConfig::AdamW(c) => c.validate(lr, s),
            OptimizerConfig::Adamax(c) => c.validate(lr, s),
            OptimizerConfig::NAdam(c) => c.validate(lr, s),
            OptimizerConfig::RAdam(c) => c.validate(lr, s),
            OptimizerConfig::RmsProp(c) => c.validate(lr, s),
            OptimizerConfig::Adagrad(c) => c.validate(lr, s),
            OptimizerConfig::Adadelta(c) => c.validate(lr, s),
            OptimizerConfig::Asgd(c) => c.validate(lr, s),
            OptimizerConfig::Rprop(c) => c.validate(lr, s),
            OptimizerConfig::Adafactor(c) => c.validate(lr, s),
            OptimizerConfig::Lion(c) => c.validate(lr, s),
        }
    }

    /// The resolved hyper-parameters (torch's param-group keys, without `lr` and the flags).
    pub fn hyper_parameters(&self) -> HyperParams {
        match self {
            OptimizerConfig::Sgd(c) => c.hyper(),
            OptimizerConfig::Adam(c) | OptimizerConfig::AdamW(c) => c.hyper(),
            OptimizerConfig::Adamax(c) => c.hyper(),
            OptimizerConfig::NAdam(c) => c.hyper(),
            OptimizerConfig::RAdam(c) => c.hyper(),
            OptimizerConfig::RmsProp(c) => c.hyper(),
            OptimizerConfig::Adagrad(c) => c.hyper(),
            OptimizerConfig::Adadelta(c) => c.hyper(),
            OptimizerConfig::Asgd(c) => c.hyper(),
            OptimizerConfig::Rprop(c) => c.hyper(),
            OptimizerConfig::Adafactor(c) => c.hyper(),
            OptimizerConfig::Lion(c) => c.hyper(),
        }
    }

    /// The RETURNN `optimizer` dict for this config: `{"class": <torch name>, ...}` with only
    /// the keywords that differ from torch's defaults (tuples as tuples). Feeding it back to
    /// [`OptimizerConfig::from_returnn`] gives this config again.
    pub fn to_returnn(&self) -> PyValue {
        let class = match self.kind() {
            OptimizerKind::Lion => "returnn.torch.optim.lion.Lion".to_string(),
            k => k.info().name.to_string(),
        };
        let mut items = vec![(PyValue::Str("class".into()), PyValue::Str(class))];
        let defaults = OptimizerConfig::default_for(self.kind()).map(|d| d.hyper_parameters()).unwrap_or_default();
        let is_adamw = self.kind() == OptimizerKind::AdamW;
        for (k, v) in self.hyper_parameters() {
            if is_adamw && k == "decoupled_weight_decay" {
                continue;
            }
            let same = defaults.iter().any(|(dk, dv)| *dk == k && dv == &v);
            if !same {
                items.push((PyValue::Str(k.into()), v));
            }
        }
        PyValue::Dict(items)
    }
}

/// What RETURNN's `Updater._create_optimizer` hands to the constructor: the resolved class and
/// the exact keyword arguments (after `epsilon`→`eps`, with `lr` = `learning_rate` appended and
/// the param-group options consumed), or the error RETURNN raises before calling it.
pub fn returnn_constructor_call(
    optimizer: &PyValue,
    learning_rate: f64,
) -> Result<(&'static OptimizerInfo, Vec<(String, PyValue)>)> {
    let items = match optimizer {
        PyValue::Dict(items) => items,
        PyValue::None => {
            return Err(Error::py(
                PyExc::ValueError,
                "config field 'optimizer' needs to be set explicitely for the Torch backend",
            ))
        }
        _ => {
            return Err(Error::py(
                PyExc::ValueError,
                "'optimizer' must of type dict, callable or torch.optim.Optimizer instance.",
            ))
        }
    };
    let mut kwargs: Vec<(String, PyValue)> = Vec::with_capacity(items.len() + 1);
    let mut class = None;
    for (k, v) in items {
        match k {
            PyValue::Str(s) if s == "class" => class = Some(v),
            PyValue::Str(s) => kwargs.push((s.clone(), v.clone())),
            _ => return Err(Error::py(PyExc::TypeError, "keywords must be strings")),
        }
    }
    let class = class.ok_or_else(|| {
        Error::py(PyExc::ValueError, "'class' field of 'optimizer' dict was not set (use e.g. 'SGD', 'Adam', ...)")
    })?;
    let info = match class {
        PyValue::Str(s) => resolve_class_name(s)?,
        other => {
            return Err(Error::py(
                PyExc::TypeError,
                format!("Invalid optimizer class_name {} type {}", other.repr(), other.type_name()),
            ))
        }
    };
    // epsilon → eps, only where the class (MRO) has eps; epsilon overwrites eps.
    if info.init_kwargs.contains(&"eps") {
        if let Some(pos) = kwargs.iter().position(|(k, _)| k == "epsilon") {
            let (_, v) = kwargs.remove(pos);
            match kwargs.iter_mut().find(|(k, _)| k == "eps") {
                Some(slot) => slot.1 = v,
                None => kwargs.push(("eps".into(), v)),
            }
        }
    }
    if kwargs.iter().any(|(k, _)| k == "learning_rate" || k == "lr") {
        return Err(Error::py(PyExc::ValueError, "'learning_rate' should be set outside of the 'optimizer' dict."));
    }
    kwargs.push(("lr".into(), PyValue::Float(learning_rate)));
    param_groups(info, &mut kwargs)?;
    Ok((info, kwargs))
}

/// RETURNN's `_get_optimizer_param_groups` as far as it can fail or change the keywords.
fn param_groups(info: &OptimizerInfo, kwargs: &mut Vec<(String, PyValue)>) -> Result<()> {
    if let Some(pos) = kwargs.iter().position(|(k, _)| k == "param_groups_custom") {
        let (_, v) = kwargs.remove(pos);
        if !matches!(v, PyValue::None) {
            // A config value here is never callable.
            return Err(Error::py(PyExc::AssertionError, format!("invalid param_groups_custom {}", v.repr())));
        }
    }
    if !info.init_kwargs.contains(&"weight_decay") {
        if kwargs.iter().any(|(k, _)| k == "weight_decay") {
            let accepted: Vec<&str> = info.init_kwargs.to_vec();
            return Err(Error::py(
                PyExc::AssertionError,
                format!("weight_decay not accepted by the chosen optimizer. Accepted values: {}", accepted.join(", ")),
            ));
        }
        return Ok(());
    }
    let wd = kwargs.iter().find(|(k, _)| k == "weight_decay").map(|(_, v)| kwargs::truthy(v)).unwrap_or(false);
    if !wd {
        return Ok(());
    }
    // Two groups (decayed / not decayed); the reference parameter is always decayed. The two
    // options that steer the split are consumed here.
    kwargs.retain(|(k, _)| k != "weight_decay_modules_blacklist");
    if let Some(pos) = kwargs.iter().position(|(k, _)| k == "weight_decay_custom_include_check") {
        let (_, v) = kwargs.remove(pos);
        if kwargs::truthy(&v) {
            return Err(Error::py(
                PyExc::AssertionError,
                format!("invalid weight_decay_custom_include_check {}", v.repr()),
            ));
        }
    }
    Ok(())
}

/// Python's TypeError for a keyword the constructor does not take.
fn unexpected_keyword(info: &OptimizerInfo, key: &str) -> Error {
    Error::py(PyExc::TypeError, format!("{}.__init__() got an unexpected keyword argument {}", info.name, str_repr(key)))
}

/// The `fused`/`foreach`/`differentiable` combinations torch rejects at construction.
fn check_flags(info: &OptimizerInfo, kwargs: &[(String, PyValue)]) -> Result<()> {
    let on = |name: &str| kwargs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| kwargs::truthy(v)).unwrap_or(false);
    if info.kwarg("fused").is_some() && on("fused") {
        if on("differentiable") {
            return Err(Error::py(PyExc::RuntimeError, "`fused` does not support `differentiable`"));
        }
        if on("foreach") {
            return Err(Error::py(PyExc::RuntimeError, "`fused` and `foreach` cannot be `True` together."));
        }
    }
    Ok(())
}

/// What happens with the classes RETURNN resolves but cannot train with.
fn unusable_error(info: &OptimizerInfo, lr: f64, kwargs: &[(String, PyValue)]) -> Error {
    let show = AsGiven { kwargs };
    let bad_lr = || Error::py(PyExc::ValueError, format!("Invalid learning rate: {}", show.show("lr", lr)));
    match info.kind {
        OptimizerKind::Lbfgs => {
            if lr < 0.0 || lr.is_nan() {
                return bad_lr();
            }
            Error::py(PyExc::TypeError, "LBFGS.step() missing 1 required positional argument: 'closure'")
        }
        OptimizerKind::SparseAdam => {
            if lr < 0.0 || lr.is_nan() {
                return bad_lr();
            }
            Error::py(PyExc::RuntimeError, "SparseAdam does not support dense gradients, please consider Adam instead")
        }
        OptimizerKind::Muon => {
            // torch's Muon checks lr, momentum and weight decay, then the parameter shapes.
            let given = |key: &str, default: f64| {
                kwargs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| kwargs::float(v)).unwrap_or(Ok(default))
            };
            let checks = [("lr", "Learning rate", lr), ("momentum", "momentum", 0.95), ("weight_decay", "weight decay", 0.1)];
            for (key, label, default) in checks {
                match given(key, default) {
                    Err(e) => return e,
                    Ok(x) if x < 0.0 || x.is_nan() => {
                        return Error::py(PyExc::ValueError, format!("{label} should be >= 0 but is: {}", show.show(key, x)))
                    }
                    Ok(_) => {}
                }
            }
            Error::py(
                PyExc::ValueError,
                "Muon only supports 2D parameters whereas we found a parameter with size: torch.Size([2])",
            )
        }
        _ => Error::py(PyExc::TypeError, "Optimizer.__init__() missing 1 required positional argument: 'defaults'"),
    }
}

// ---------------------------------------------------------------------------------------------
// The optimizer with its state.

/// The per-class state (moments, step counters, ...), created at the first step.
#[derive(Clone, Debug, PartialEq)]
pub enum OptimizerState {
    Sgd(SgdState),
    Adam(AdamState),
    Adamax(AdamaxState),
    NAdam(NAdamState),
    RAdam(RAdamState),
    RmsProp(RmsPropState),
    Adagrad(AdagradState),
    Adadelta(AdadeltaState),
    Asgd(AsgdState),
    Rprop(RpropState),
    Adafactor(AdafactorState),
    Lion(LionState),
}

impl OptimizerState {
    fn fresh(config: &OptimizerConfig) -> OptimizerState {
        match config {
            OptimizerConfig::Sgd(_) => OptimizerState::Sgd(SgdState::default()),
            OptimizerConfig::Adam(_) | OptimizerConfig::AdamW(_) => OptimizerState::Adam(AdamState::default()),
            OptimizerConfig::Adamax(_) => OptimizerState::Adamax(AdamaxState::default()),
            OptimizerConfig::NAdam(_) => OptimizerState::NAdam(NAdamState::default()),
            OptimizerConfig::RAdam(_) => OptimizerState::RAdam(RAdamState::default()),
            OptimizerConfig::RmsProp(_) => OptimizerState::RmsProp(RmsPropState::default()),
            OptimizerConfig::Adagrad(_) => OptimizerState::Adagrad(AdagradState::default()),
            OptimizerConfig::Adadelta(_) => OptimizerState::Adadelta(AdadeltaState::default()),
            OptimizerConfig::Asgd(_) => OptimizerState::Asgd(AsgdState::default()),
            OptimizerConfig::Rprop(_) => OptimizerState::Rprop(RpropState::default()),
            OptimizerConfig::Adafactor(_) => OptimizerState::Adafactor(AdafactorState::default()),
            OptimizerConfig::Lion(_) => OptimizerState::Lion(LionState::default()),
        }
    }
}

/// A validated optimizer and its state.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimizer {
    config: OptimizerConfig,
    state: OptimizerState,
    initial_lr: f64,
    steps: u64,
}

impl Optimizer {
    /// Validates `config` with the initial LR (torch's constructor checks) and creates an empty
    /// state.
    pub fn new(config: OptimizerConfig, initial_lr: f64) -> Result<Optimizer> {
        config.validate(initial_lr)?;
        let state = OptimizerState::fresh(&config);
        Ok(Optimizer { config, state, initial_lr, steps: 0 })
    }

    /// [`OptimizerConfig::from_returnn`] then [`Optimizer::new`].
    pub fn from_returnn(optimizer: &PyValue, learning_rate: f64) -> Result<Optimizer> {
        Optimizer::new(OptimizerConfig::from_returnn(optimizer, learning_rate)?, learning_rate)
    }

    pub fn config(&self) -> &OptimizerConfig {
        &self.config
    }

    pub fn state(&self) -> &OptimizerState {
        &self.state
    }

    /// The LR it was constructed with.
    pub fn initial_lr(&self) -> f64 {
        self.initial_lr
    }

    /// Number of updates done.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Forgets the state (as a new optimizer).
    pub fn reset(&mut self) {
        self.state = OptimizerState::fresh(&self.config);
        self.steps = 0;
    }

    /// One `optimizer.step()` with gradient `grad` at learning rate `lr` (written into the param
    /// group just before, as RETURNN does). The state is created at the first step for
    /// `params.len()` elements (and re-created if that length changes); gradient entries beyond
    /// `params.len()` are ignored, parameters without a gradient entry are left alone.
    pub fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64) {
        let n = params.len().min(grad.len());
        let (p, g) = (&mut params[..n], &grad[..n]);
        match (&self.config, &mut self.state) {
            (OptimizerConfig::Sgd(c), OptimizerState::Sgd(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Adam(c) | OptimizerConfig::AdamW(c), OptimizerState::Adam(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Adamax(c), OptimizerState::Adamax(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::NAdam(c), OptimizerState::NAdam(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::RAdam(c), OptimizerState::RAdam(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::RmsProp(c), OptimizerState::RmsProp(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Adagrad(c), OptimizerState::Adagrad(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Adadelta(c), OptimizerState::Adadelta(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Asgd(c), OptimizerState::Asgd(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Rprop(c), OptimizerState::Rprop(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Adafactor(c), OptimizerState::Adafactor(s)) => c.step(s, p, g, lr),
            (OptimizerConfig::Lion(c), OptimizerState::Lion(s)) => c.step(s, p, g, lr, self.initial_lr),
            // Config and state are created together and never diverge; recover anyway.
            (config, state) => {
                *state = OptimizerState::fresh(config);
                return self.step(params, grad, lr);
            }
        }
        self.steps += 1;
    }
}

#[cfg(test)]
mod tests;
