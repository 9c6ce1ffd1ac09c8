//! The settings form as data: one [`FieldSpec`] per input (its test-hook name is the RETURNN key),
//! the raw text the user typed ([`Form`]), and the parse of each text into a Python value.
//!
//! Nothing typed is ever discarded: the form keeps the raw text; a bad value only produces a
//! message for its own field. Pure Rust (compiled natively too, so it is unit-tested natively).
use crate::returnn::pyvalue::PyValue;
use crate::ui::literal;
use std::collections::BTreeMap;

/// Which part of the settings panel a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    LrControl,
    Optimizer,
    Gradient,
    Simulator,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::LrControl => "Learning-rate control",
            Group::Optimizer => "Optimizer",
            Group::Gradient => "Gradient handling",
            Group::Simulator => "Simulated training",
        }
    }
    pub const ALL: [Group; 4] = [Group::LrControl, Group::Optimizer, Group::Gradient, Group::Simulator];
}

/// How a field's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A Python float (an int is accepted where RETURNN's float reader accepts it).
    Float,
    /// A Python int.
    Int,
    /// `True` / `False` (a select).
    Bool,
    /// One of a closed set; the option value is the config value itself.
    Choice(&'static [&'static str]),
    /// Any Python literal (list, tuple, dict, string, number).
    Literal,
}

/// One input of the settings form.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldSpec {
    /// The test-hook name (`field-<name>`, `error-<name>`): the RETURNN config key, or
    /// `optimizer-<kwarg>`, or a simulator setting.
    pub name: &'static str,
    pub group: Group,
    pub kind: Kind,
    /// RETURNN's (or torch's) default as shown in the placeholder; "" when there is none.
    pub default: &'static str,
    /// One line of explanation.
    pub help: &'static str,
    /// Shown only for these `learning_rate_control` schemes (empty = always).
    pub schemes: &'static [&'static str],
}

pub const SCHEMES: &[&str] = &["constant", "newbob", "newbob_rel", "newbob_relative", "newbob_abs", "newbob_multi_epoch"];
const REL: &[&str] = &["newbob", "newbob_rel", "newbob_relative", "newbob_multi_epoch"];
const ABS: &[&str] = &["newbob_abs"];
const MULTI: &[&str] = &["newbob_multi_epoch"];
const NEWBOB: &[&str] = &["newbob", "newbob_rel", "newbob_relative", "newbob_abs", "newbob_multi_epoch"];

const fn f(name: &'static str, group: Group, kind: Kind, default: &'static str, help: &'static str) -> FieldSpec {
    FieldSpec { name, group, kind, default, help, schemes: &[] }
}
const fn s(
    name: &'static str,
    kind: Kind,
    default: &'static str,
    help: &'static str,
    schemes: &'static [&'static str],
) -> FieldSpec {
    FieldSpec { name, group: Group::LrControl, kind, default, help, schemes }
}

/// Every field except the optimizer kwargs (those depend on the class: [`optimizer_fields`]).
pub const FIELDS: &[FieldSpec] = &[
    s("learning_rate_control", Kind::Choice(SCHEMES), "constant", "The scheme that sets each epoch's learning rate from the scores of earlier epochs.", &[]),
    s("learning_rate", Kind::Float, "1.0", "The default LR: epoch 1's LR, and the reference for relative_lr.", &[]),
    s("learning_rates", Kind::Literal, "", "Preset LR per epoch (a list = epochs 1..n, e.g. a warm-up); control takes over after it.", &[]),
    s("min_learning_rate", Kind::Float, "0.0", "Lower clamp, applied only right after a decay.", NEWBOB),
    s("newbob_learning_rate_decay", Kind::Float, "0.5", "Factor applied to the LR when the score stops improving.", NEWBOB),
    s("learning_rate_decay", Kind::Float, "", "Alias of newbob_learning_rate_decay that takes precedence over it.", NEWBOB),
    s("newbob_learning_rate_growth", Kind::Float, "1.0", "Factor applied when the score improves by more than the grow threshold.", NEWBOB),
    s("learning_rate_growth", Kind::Float, "", "Alias of newbob_learning_rate_growth that takes precedence over it.", NEWBOB),
    s("newbob_relative_error_threshold", Kind::Float, "-0.01", "Decay when the relative change of the score is above this (negative = must improve).", REL),
    s("newbob_relative_error_grow_threshold", Kind::Float, "", "Grow when the relative change is below this (defaults to the threshold).", MULTI),
    s("newbob_error_threshold", Kind::Float, "-0.01", "Decay when the absolute change of the score is above this.", ABS),
    s("newbob_multi_num_epochs", Kind::Int, "5", "Epochs averaged on each side of the comparison (>= 1).", MULTI),
    s("newbob_multi_update_interval", Kind::Int, "", "Epochs between two decisions (defaults to newbob_multi_num_epochs).", MULTI),
    s("newbob_relative_error_div_by_old", Kind::Bool, "False", "Divide the score change by the old score instead of the new one.", REL),
    s("learning_rate_control_relative_error_relative_lr", Kind::Bool, "False", "Scale relative errors by learning_rate / current LR.", REL),
    s("learning_rate_control_min_num_epochs_per_new_lr", Kind::Int, "0", "Keep a new LR for at least this many epochs (active when > 1).", NEWBOB),
    s("learning_rate_control_error_measure", Kind::Literal, "", "Score key(s) to compare, e.g. 'dev_score_output' (default: RETURNN's search order).", NEWBOB),
    f("gradient_clip", Group::Gradient, Kind::Float, "0", "Clamp each gradient element to [-c, c] (0 = off)."),
    f("gradient_clip_global_norm", Group::Gradient, Kind::Float, "0", "Rescale the whole gradient to this L2 norm at most (0 = off)."),
    f("gradient_noise", Group::Gradient, Kind::Float, "0", "Std of truncated Gaussian noise added to the gradient (0 = off)."),
    f("accum_grad_multiple_step", Group::Gradient, Kind::Int, "1", "Sum the gradients of N mini-batches per update (a partial group at epoch end is dropped)."),
    f("surface", Group::Simulator, Kind::Choice(SURFACES), "quadratic", "The loss surface the simulated model trains on."),
    f("start_x", Group::Simulator, Kind::Float, "", "Start point x (or click the surface)."),
    f("start_y", Group::Simulator, Kind::Float, "", "Start point y (or click the surface)."),
    f("num_epochs", Group::Simulator, Kind::Int, "20", "Epochs to simulate."),
    f("steps_per_epoch", Group::Simulator, Kind::Int, "50", "Updates per epoch."),
    f("batch_noise", Group::Simulator, Kind::Float, "0.1", "Std of the mini-batch gradient noise (relative)."),
    f("seed", Group::Simulator, Kind::Int, "1", "Seed of the noise (same seed = same run, natively and in the browser)."),
];

pub const SURFACES: &[&str] =
    &["quadratic", "rosenbrock", "beale", "himmelblau", "rastrigin", "saddle", "booth", "styblinski_tang"];

/// One torch optimizer as the form shows it: the class name RETURNN accepts and its kwargs
/// with torch's defaults (as Python literals).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptimizerSpec {
    pub class: &'static str,
    /// `(field name = "optimizer-<kwarg>", kind, torch default)`.
    pub kwargs: &'static [(&'static str, Kind, &'static str)],
}

const FL: Kind = Kind::Float;
const BO: Kind = Kind::Bool;
const LI: Kind = Kind::Literal;

pub const OPTIMIZERS: &[OptimizerSpec] = &[
    OptimizerSpec { class: "sgd", kwargs: &[("optimizer-momentum", FL, "0"), ("optimizer-dampening", FL, "0"), ("optimizer-weight_decay", FL, "0"), ("optimizer-nesterov", BO, "False")] },
    OptimizerSpec { class: "adam", kwargs: &[("optimizer-betas", LI, "(0.9, 0.999)"), ("optimizer-eps", FL, "1e-08"), ("optimizer-weight_decay", FL, "0"), ("optimizer-amsgrad", BO, "False")] },
    OptimizerSpec { class: "adamw", kwargs: &[("optimizer-betas", LI, "(0.9, 0.999)"), ("optimizer-eps", FL, "1e-08"), ("optimizer-weight_decay", FL, "0.01"), ("optimizer-amsgrad", BO, "False")] },
    OptimizerSpec { class: "nadam", kwargs: &[("optimizer-betas", LI, "(0.9, 0.999)"), ("optimizer-eps", FL, "1e-08"), ("optimizer-weight_decay", FL, "0"), ("optimizer-momentum_decay", FL, "0.004"), ("optimizer-decoupled_weight_decay", BO, "False")] },
    OptimizerSpec { class: "radam", kwargs: &[("optimizer-betas", LI, "(0.9, 0.999)"), ("optimizer-eps", FL, "1e-08"), ("optimizer-weight_decay", FL, "0"), ("optimizer-decoupled_weight_decay", BO, "False")] },
    OptimizerSpec { class: "adamax", kwargs: &[("optimizer-betas", LI, "(0.9, 0.999)"), ("optimizer-eps", FL, "1e-08"), ("optimizer-weight_decay", FL, "0")] },
    OptimizerSpec { class: "rmsprop", kwargs: &[("optimizer-alpha", FL, "0.99"), ("optimizer-eps", FL, "1e-08"), ("optimizer-weight_decay", FL, "0"), ("optimizer-momentum", FL, "0"), ("optimizer-centered", BO, "False")] },
    OptimizerSpec { class: "adagrad", kwargs: &[("optimizer-lr_decay", FL, "0"), ("optimizer-weight_decay", FL, "0"), ("optimizer-initial_accumulator_value", FL, "0"), ("optimizer-eps", FL, "1e-10")] },
    OptimizerSpec { class: "adadelta", kwargs: &[("optimizer-rho", FL, "0.9"), ("optimizer-eps", FL, "1e-06"), ("optimizer-weight_decay", FL, "0")] },
    OptimizerSpec { class: "asgd", kwargs: &[("optimizer-lambd", FL, "0.0001"), ("optimizer-alpha", FL, "0.75"), ("optimizer-t0", FL, "1000000.0"), ("optimizer-weight_decay", FL, "0")] },
    OptimizerSpec { class: "rprop", kwargs: &[("optimizer-etas", LI, "(0.5, 1.2)"), ("optimizer-step_sizes", LI, "(1e-06, 50)")] },
    OptimizerSpec { class: "adafactor", kwargs: &[("optimizer-beta2_decay", FL, "-0.8"), ("optimizer-eps", LI, "(None, 0.001)"), ("optimizer-d", FL, "1.0"), ("optimizer-weight_decay", FL, "0.0")] },
];

/// The optimizer classes for the `field-optimizer-class` select.
pub fn optimizer_classes() -> impl Iterator<Item = &'static str> {
    OPTIMIZERS.iter().map(|o| o.class)
}

/// The spec of an optimizer class (case-insensitive, `torch.optim.` prefix allowed).
pub fn optimizer_spec(class: &str) -> Option<&'static OptimizerSpec> {
    let c = class.trim().trim_start_matches("torch.optim.").to_ascii_lowercase();
    OPTIMIZERS.iter().find(|o| o.class == c)
}

/// Help text for an optimizer kwarg.
pub fn kwarg_help(name: &str) -> &'static str {
    match name.strip_prefix("optimizer-").unwrap_or(name) {
        "momentum" => "Momentum factor.",
        "dampening" => "Dampening of the momentum (not applied on the first step).",
        "weight_decay" => "Weight decay (coupled L2, or decoupled for AdamW).",
        "nesterov" => "Nesterov momentum.",
        "betas" => "Decay rates of the first and second moment estimates.",
        "eps" => "Added to the denominator (torch's default: RETURNN injects none in torch).",
        "amsgrad" => "Use the max of past second moments.",
        "momentum_decay" => "NAdam's momentum decay.",
        "decoupled_weight_decay" => "Apply weight decay as in AdamW.",
        "alpha" => "Smoothing constant / power.",
        "centered" => "Normalise by the estimated variance of the gradient.",
        "lr_decay" => "Per-step decay of the effective LR.",
        "initial_accumulator_value" => "Start value of the squared-gradient sum.",
        "rho" => "Decay of the running averages.",
        "lambd" => "Decay term.",
        "t0" => "Step at which averaging starts.",
        "etas" => "(etaminus, etaplus) step-size factors.",
        "step_sizes" => "(min, max) step size.",
        "beta2_decay" => "Exponent of the second-moment decay schedule.",
        "d" => "Clipping threshold of the update RMS.",
        _ => "",
    }
}

/// A field error: which field (test-hook name) and what is wrong with its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub name: String,
    pub message: String,
}

/// The raw text of every field, keyed by the field name. An absent or blank entry means "not set"
/// (RETURNN's default applies). Ordered, so URLs and snippets are deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    pub values: BTreeMap<String, String>,
    /// "Scores only" mode: no optimizer, the LR control runs on typed dev scores.
    pub scores_only: bool,
    /// The dev scores of scores-only mode, as typed (one per line, or comma-separated).
    pub scores: String,
}

impl Form {
    pub fn get(&self, name: &str) -> &str {
        self.values.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn set(&mut self, name: &str, text: &str) {
        if text.trim().is_empty() {
            self.values.remove(name);
        } else {
            self.values.insert(name.to_string(), text.to_string());
        }
    }

    /// The selected LR-control scheme (RETURNN's default when unset).
    pub fn scheme(&self) -> &str {
        let s = self.get("learning_rate_control").trim();
        if s.is_empty() { "constant" } else { s }
    }

    /// The selected optimizer class, as typed (default `sgd`).
    pub fn optimizer_class(&self) -> &str {
        let s = self.get("optimizer-class").trim();
        if s.is_empty() { "sgd" } else { s }
    }

    /// Sets the optimizer class; kwargs the new class does not take are dropped from the form.
    pub fn set_optimizer_class(&mut self, class: &str) {
        self.set("optimizer-class", class);
        let keep: Vec<&str> = optimizer_spec(class).map(|o| o.kwargs.iter().map(|k| k.0).collect()).unwrap_or_default();
        self.values.retain(|k, _| match k.strip_prefix("optimizer-") {
            Some("class") | None => true,
            Some(kw) => keep.contains(&kw),
        });
    }
}

/// The field of one optimizer kwarg `(name, kind, torch default)`.
pub fn kwarg_spec(&(name, kind, default): &(&'static str, Kind, &'static str)) -> FieldSpec {
    FieldSpec { name, group: Group::Optimizer, kind, default, help: kwarg_help(name), schemes: &[] }
}

/// The fields shown for the current optimizer class (`optimizer-class` first, then its kwargs).
pub fn optimizer_fields(form: &Form) -> Vec<FieldSpec> {
    let mut out = vec![FieldSpec {
        name: "optimizer-class",
        group: Group::Optimizer,
        kind: Kind::Choice(&[]),
        default: "",
        help: "torch.optim class; RETURNN's torch backend needs it set explicitly.",
        schemes: &[],
    }];
    if let Some(spec) = optimizer_spec(form.optimizer_class()) {
        out.extend(spec.kwargs.iter().map(kwarg_spec));
    }
    out
}

/// The fields visible for this form state, in panel order.
pub fn visible_fields(form: &Form) -> Vec<FieldSpec> {
    let scheme = form.scheme();
    let mut out: Vec<FieldSpec> = FIELDS
        .iter()
        .filter(|f| f.schemes.is_empty() || f.schemes.contains(&scheme) || !SCHEMES.contains(&scheme))
        .copied()
        .collect();
    if !form.scores_only {
        out.extend(optimizer_fields(form));
    } else {
        out.retain(|f| f.group == Group::LrControl || f.name == "num_epochs");
    }
    out.sort_by_key(|f| f.group);
    out
}

/// Finds the spec of any field name (including optimizer kwargs of any class).
pub fn spec(name: &str) -> Option<FieldSpec> {
    if let Some(f) = FIELDS.iter().find(|f| f.name == name) {
        return Some(*f);
    }
    if name == "optimizer-class" {
        return optimizer_fields(&Form::default()).into_iter().next();
    }
    OPTIMIZERS.iter().flat_map(|o| o.kwargs.iter()).find(|k| k.0 == name).map(kwarg_spec)
}

/// Parses one field's text into a Python value: `Ok(None)` when blank (unset).
pub fn parse_field(spec: &FieldSpec, text: &str) -> Result<Option<PyValue>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match spec.kind {
        Kind::Choice(options) => {
            if options.is_empty() || options.contains(&t) {
                Ok(Some(PyValue::Str(t.to_string())))
            } else {
                Err(format!("expected one of {}, got {t:?}", options.join(", ")))
            }
        }
        Kind::Bool => match t {
            "True" | "true" | "1" => Ok(Some(PyValue::Bool(true))),
            "False" | "false" | "0" => Ok(Some(PyValue::Bool(false))),
            _ => Err(format!("expected True or False, got {t:?}")),
        },
        Kind::Float => match literal::parse(t)? {
            v @ (PyValue::Float(_) | PyValue::Int(_)) => Ok(Some(v)),
            v => Err(format!("expected a number, got {} {}", v.type_name(), t)),
        },
        Kind::Int => match literal::parse(t)? {
            v @ PyValue::Int(_) => Ok(Some(v)),
            PyValue::Float(x) => Err(format!("expected an int, got the float {x} (RETURNN reads ints strictly)")),
            v => Err(format!("expected an int, got {} {}", v.type_name(), t)),
        },
        Kind::Literal => literal::parse(t).map(Some),
    }
}

/// Parses every visible field; returns the values that parsed and one error per bad field.
pub fn parse_form(form: &Form) -> (BTreeMap<String, PyValue>, Vec<FieldError>) {
    let mut values = BTreeMap::new();
    let mut errors = Vec::new();
    for spec in visible_fields(form) {
        match parse_field(&spec, form.get(spec.name)) {
            Ok(Some(v)) => {
                values.insert(spec.name.to_string(), v);
            }
            Ok(None) => {}
            Err(message) => errors.push(FieldError { name: spec.name.to_string(), message }),
        }
    }
    if form.scores_only {
        if let Err(message) = parse_scores(&form.scores) {
            errors.push(FieldError { name: "scores-input".into(), message });
        }
    }
    (values, errors)
}

/// Reads the scores-only textarea: numbers separated by newlines, commas or spaces.
pub fn parse_scores(text: &str) -> Result<Vec<f64>, String> {
    let mut out = Vec::new();
    for (i, tok) in text.split(|c: char| c == ',' || c.is_whitespace()).filter(|t| !t.is_empty()).enumerate() {
        let tok = tok.trim_matches(|c| c == '[' || c == ']');
        if tok.is_empty() {
            continue;
        }
        match tok.parse::<f64>() {
            Ok(v) if v.is_finite() => out.push(v),
            _ => return Err(format!("score {} is not a number: {tok:?}", i + 1)),
        }
    }
    if out.is_empty() {
        return Err("type at least one dev score (one per epoch)".into());
    }
    Ok(out)
}

/// Warnings about RETURNN traps in the current form (not errors: RETURNN accepts them).
pub fn warnings(form: &Form) -> Vec<(String, String)> {
    let mut w = Vec::new();
    let scheme = form.scheme();
    if form.get("learning_rate_decay").trim() != "" && form.get("newbob_learning_rate_decay").trim() != "" {
        w.push(("learning_rate_decay".into(), "learning_rate_decay overrides newbob_learning_rate_decay".into()));
    }
    if scheme == "constant" && NEWBOB_KEYS.iter().any(|k| !form.get(k).trim().is_empty()) {
        w.push(("learning_rate_control".into(), "newbob settings have no effect with learning_rate_control = 'constant'".into()));
    }
    if let Ok(Some(PyValue::Int(_))) = parse_field(&FIELDS[4], form.get("newbob_learning_rate_decay")) {
        w.push(("newbob_learning_rate_decay".into(), "an int decay raises AssertionError in RETURNN when applied; write e.g. 0.5".into()));
    }
    if let Some(PyValue::Float(d)) = literal::parse(form.get("newbob_learning_rate_decay")).ok() {
        if d > 1.0 {
            w.push(("newbob_learning_rate_decay".into(), "a decay factor > 1 makes the LR grow on every decay".into()));
        }
    }
    if scheme != "newbob_abs" && !form.get("newbob_error_threshold").trim().is_empty() {
        w.push(("newbob_error_threshold".into(), "newbob_error_threshold is read only by newbob_abs".into()));
    }
    if form.get("optimizer-epsilon").trim() != "" {
        w.push(("optimizer-eps".into(), "'epsilon' is renamed to 'eps' only for classes that take eps".into()));
    }
    w
}

const NEWBOB_KEYS: &[&str] = &[
    "newbob_learning_rate_decay", "newbob_relative_error_threshold", "newbob_error_threshold",
    "newbob_multi_num_epochs", "newbob_multi_update_interval", "min_learning_rate",
];

impl Form {
    /// The form as ordered `(key, text)` pairs for the URL query and localStorage.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.values.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        if self.scores_only {
            out.push(("mode".into(), "scores".into()));
            out.push(("scores".into(), self.scores.clone()));
        }
        out
    }

    /// Reads pairs written by [`Form::to_pairs`]; unknown keys are ignored (and returned).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Form, Vec<String>) {
        let mut f = Form::default();
        let mut unknown = Vec::new();
        for (k, v) in pairs {
            match k {
                "mode" => f.scores_only = v == "scores",
                "scores" => f.scores = v.to_string(),
                _ if spec(k).is_some() => f.set(k, v),
                _ => unknown.push(k.to_string()),
            }
        }
        (f, unknown)
    }
}

/// Named starting points of the preset menu.
pub fn preset(name: &str) -> Option<Form> {
    let pairs: &[(&str, &str)] = match name {
        "classic_newbob" => &[
            ("learning_rate_control", "newbob"), ("learning_rate", "0.5"), ("newbob_learning_rate_decay", "0.5"),
            ("newbob_relative_error_threshold", "-0.01"), ("optimizer-class", "sgd"), ("surface", "quadratic"),
            ("num_epochs", "20"), ("steps_per_epoch", "50"), ("batch_noise", "0.3"), ("seed", "1"),
        ],
        "asr_multi_epoch" => &[
            ("learning_rate_control", "newbob_multi_epoch"), ("learning_rate", "0.001"),
            ("learning_rates", "[0.0001, 0.0002, 0.0004, 0.0006, 0.0008, 0.001]"),
            ("newbob_multi_num_epochs", "3"), ("newbob_multi_update_interval", "1"),
            ("newbob_learning_rate_decay", "0.7"), ("min_learning_rate", "1e-05"),
            ("learning_rate_control_min_num_epochs_per_new_lr", "3"),
            ("optimizer-class", "adam"), ("optimizer-eps", "1e-08"), ("surface", "rosenbrock"),
            ("num_epochs", "40"), ("steps_per_epoch", "100"), ("batch_noise", "0.5"), ("seed", "7"),
        ],
        "adam_rosenbrock" => &[
            ("learning_rate_control", "constant"), ("learning_rate", "0.01"), ("optimizer-class", "adam"),
            ("surface", "rosenbrock"), ("num_epochs", "30"), ("steps_per_epoch", "100"), ("batch_noise", "0.1"), ("seed", "1"),
        ],
        "diverging" => &[
            ("learning_rate_control", "newbob"), ("learning_rate", "0.25"), ("optimizer-class", "sgd"),
            ("surface", "quadratic"), ("num_epochs", "15"), ("steps_per_epoch", "20"), ("batch_noise", "0.1"), ("seed", "1"),
        ],
        _ => return None,
    };
    Some(Form::from_pairs(pairs.iter().copied()).0)
}

pub const PRESETS: &[(&str, &str)] = &[
    ("classic_newbob", "classic newbob"),
    ("asr_multi_epoch", "newbob_multi_epoch ASR with warm-up"),
    ("adam_rosenbrock", "Adam on Rosenbrock"),
    ("diverging", "diverging LR"),
];
