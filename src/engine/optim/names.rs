//! The optimizer name table: every class RETURNN's torch backend can build, its spellings, its
//! keyword arguments with torch's defaults, and how a `class` string resolves to a row.
#[allow(unused_imports)]
use super::*;

/// Every class RETURNN's torch backend can resolve by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OptimizerKind {
    /// `torch.optim.SGD`.
    Sgd,
    /// `torch.optim.Adam`.
    Adam,
    /// `torch.optim.AdamW` (Adam with decoupled weight decay, default `0.01`).
    AdamW,
    /// `torch.optim.Adamax`.
    Adamax,
    /// `torch.optim.NAdam`.
    NAdam,
    /// `torch.optim.RAdam`.
    RAdam,
    /// `torch.optim.RMSprop`.
    RmsProp,
    /// `torch.optim.Adagrad`.
    Adagrad,
    /// `torch.optim.Adadelta`.
    Adadelta,
    /// `torch.optim.ASGD`.
    Asgd,
    /// `torch.optim.Rprop`.
    Rprop,
    /// `torch.optim.Adafactor` (torch ≥ 2.5).
    Adafactor,
    /// `returnn.torch.optim.lion.Lion`.
    Lion,
    /// `torch.optim.LBFGS`: resolves, but `step()` without a closure fails (TypeError).
    Lbfgs,
    /// `torch.optim.SparseAdam`: rejects dense gradients (RuntimeError).
    SparseAdam,
    /// `torch.optim.Muon`: accepts only 2-D parameters (ValueError).
    Muon,
    /// `torch.optim.Optimizer`, the abstract base class (it passes RETURNN's subclass check).
    BaseOptimizer,
}

/// A keyword's torch default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum KwDefault {
    /// A Python float, e.g. `eps=1e-8`.
    Float(f64),
    /// A Python int, e.g. `weight_decay=0` (torch writes several float options as int literals).
    Int(i64),
    /// `True` / `False`, e.g. `amsgrad=False`.
    Bool(bool),
    /// `None`, e.g. `foreach=None`.
    None,
    /// A 2-tuple of floats, e.g. `betas=(0.9, 0.999)`.
    Pair(f64, f64),
    /// Adafactor's `eps = (None, 1e-3)`.
    OptPair(Option<f64>, f64),
    /// No default (a required argument), or one that is shown as Python text.
    Text(&'static str),
}

impl KwDefault {
    /// The default as a Python value ([`KwDefault::Text`] becomes `None`).
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
    /// The keyword as the constructor's signature spells it (`"weight_decay"`).
    pub name: &'static str,
    /// torch's default for it.
    pub default: KwDefault,
    /// One line on what it does, for forms and tooltips.
    pub description: &'static str,
    /// False for flags that do not change the maths here (`foreach`, `fused`, `capturable`,
    /// `differentiable`, `use_triton`): accepted, shown greyed out.
    pub affects_update: bool,
}

/// One row of the name table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptimizerInfo {
    /// Which class this row describes.
    pub kind: OptimizerKind,
    /// The class name as torch spells it (`"RMSprop"`).
    pub name: &'static str,
    /// Module of the class (`"torch.optim"`).
    pub module: &'static str,
    /// True when a RETURNN training run can use it (false: LBFGS, SparseAdam, Muon, Optimizer).
    pub usable: bool,
    /// One line on the method, for dropdowns (`"Adam: bias-corrected first and second moments"`).
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

pub(crate) const fn kw(name: &'static str, default: KwDefault, description: &'static str) -> KwargInfo {
    KwargInfo { name, default, description, affects_update: true }
}

pub(crate) const fn flag(name: &'static str, default: KwDefault, description: &'static str) -> KwargInfo {
    KwargInfo { name, default, description, affects_update: false }
}

pub(crate) const LR_D: &str = "learning rate (RETURNN sets it from learning_rate / the LR control)";
pub(crate) const WD_L2: &str = "L2 penalty added to the gradient (g + wd*p)";
pub(crate) const MAXIMIZE: &str = "maximize the objective (negates the gradient)";
pub(crate) const FOREACH: &str = "use the multi-tensor implementation (same maths)";
pub(crate) const CAPTURABLE: &str = "allow CUDA-graph capture (same maths)";
pub(crate) const DIFFERENTIABLE: &str = "autograd through the step (same maths)";
pub(crate) const FUSED: &str = "use the fused kernel (same maths)";
pub(crate) const BETAS: &str = "coefficients of the running averages of gradient and its square";
pub(crate) const EPS: &str = "term added to the denominator for numerical stability";

pub(crate) const SGD_KW: &[KwargInfo] = &[
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
pub(crate) const ADAM_KW: &[KwargInfo] = &[
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
pub(crate) const ADAMW_KW: &[KwargInfo] = &[
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
pub(crate) const ADAMAX_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(2e-3), LR_D),
    kw("betas", KwDefault::Pair(0.9, 0.999), "coefficients of the running average and of the infinity norm"),
    kw("eps", KwDefault::Float(1e-8), "added to |g| inside the infinity norm"),
    kw("weight_decay", KwDefault::Int(0), WD_L2),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
];
pub(crate) const NADAM_KW: &[KwargInfo] = &[
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
pub(crate) const RADAM_KW: &[KwargInfo] = &[
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
pub(crate) const RMSPROP_KW: &[KwargInfo] = &[
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
pub(crate) const ADAGRAD_KW: &[KwargInfo] = &[
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
pub(crate) const ADADELTA_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1.0), "coefficient that scales delta before it is applied"),
    kw("rho", KwDefault::Float(0.9), "coefficient of the running averages"),
    kw("eps", KwDefault::Float(1e-6), "added inside both square roots"),
    kw("weight_decay", KwDefault::Int(0), WD_L2),
    flag("foreach", KwDefault::None, FOREACH),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
];
pub(crate) const ASGD_KW: &[KwargInfo] = &[
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
pub(crate) const RPROP_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-2), "initial step size (later LR changes have no effect)"),
    kw("etas", KwDefault::Pair(0.5, 1.2), "(etaminus, etaplus): step size factors on sign change / no change"),
    kw("step_sizes", KwDefault::Pair(1e-6, 50.0), "(min, max) allowed step size"),
    flag("capturable", KwDefault::Bool(false), CAPTURABLE),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
    flag("differentiable", KwDefault::Bool(false), DIFFERENTIABLE),
];
pub(crate) const ADAFACTOR_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-2), "relative step size cap: rho_t = min(lr, 1/sqrt(t))"),
    kw("beta2_decay", KwDefault::Float(-0.8), "second-moment coefficient 1 - beta2_t = t^beta2_decay"),
    kw("eps", KwDefault::OptPair(None, 1e-3), "(eps1, eps2): variance floor (None = machine eps) and parameter-scale floor"),
    kw("d", KwDefault::Float(1.0), "clipping threshold of the update RMS"),
    kw("weight_decay", KwDefault::Float(0.0), "decoupled weight decay (p *= 1 - lr*wd)"),
    flag("foreach", KwDefault::None, FOREACH),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
];
pub(crate) const LION_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-4), LR_D),
    kw("betas", KwDefault::Pair(0.9, 0.99), "interpolation for the sign update, and momentum decay"),
    kw("weight_decay", KwDefault::Float(0.0), "p *= 1 - lr*wd before the update"),
    flag("use_triton", KwDefault::None, "CUDA kernel (same maths)"),
    kw("decoupled_weight_decay", KwDefault::Bool(false), "divide weight_decay by the initial lr"),
];
pub(crate) const LBFGS_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Int(1), LR_D),
    kw("max_iter", KwDefault::Int(20), "maximal iterations per step"),
    kw("max_eval", KwDefault::None, "maximal function evaluations per step"),
    kw("tolerance_grad", KwDefault::Float(1e-7), "first-order optimality tolerance"),
    kw("tolerance_change", KwDefault::Float(1e-9), "function/parameter change tolerance"),
    kw("history_size", KwDefault::Int(100), "update history size"),
    kw("line_search_fn", KwDefault::None, "None or 'strong_wolfe'"),
];
pub(crate) const SPARSEADAM_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-3), LR_D),
    kw("betas", KwDefault::Pair(0.9, 0.999), BETAS),
    kw("eps", KwDefault::Float(1e-8), EPS),
    kw("maximize", KwDefault::Bool(false), MAXIMIZE),
];
pub(crate) const MUON_KW: &[KwargInfo] = &[
    kw("lr", KwDefault::Float(1e-3), LR_D),
    kw("weight_decay", KwDefault::Float(0.1), "decoupled weight decay"),
    kw("momentum", KwDefault::Float(0.95), "momentum factor"),
    kw("nesterov", KwDefault::Bool(true), "Nesterov momentum"),
    kw("ns_coefficients", KwDefault::Text("(3.4445, -4.775, 2.0315)"), "Newton-Schulz coefficients"),
    kw("eps", KwDefault::Float(1e-7), EPS),
    kw("ns_steps", KwDefault::Int(5), "Newton-Schulz iterations"),
    kw("adjust_lr_fn", KwDefault::None, "lr adjustment"),
];
pub(crate) const BASE_KW: &[KwargInfo] = &[kw("defaults", KwDefault::Text("(required)"), "dict of default hyper-parameters")];

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
