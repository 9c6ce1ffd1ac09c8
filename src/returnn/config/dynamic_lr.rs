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
//!
//! Import ([`apply`], called by `import::import` after its own pass): the last top-level binding of
//! `dynamic_learning_rate` — `dynamic_learning_rate = NAME`, a `def dynamic_learning_rate(...)`, an
//! `import ... as dynamic_learning_rate`, or `functools.partial(NAME, kw=literal, ...)` — is
//! resolved to what `NAME` was bound to at that point:
//! * a `def` in the same file whose normalised token stream ([`normalized_def`]) is that of a known
//!   version: the i6_experiments versions (by fingerprint: the FNV-1a hash of the stream; the text
//!   itself is not kept here) or a function this exporter writes;
//! * `from i6_experiments.users.zeyer.lr_schedules.<module> import <function>` (or the module
//!   imported and the function taken as its attribute): the function that module holds today, with
//!   a warning where older checkouts computed something else.
//!
//! A recognised schedule goes into `values` as its name (the cosine partial's keywords as
//! `dynamic_learning_rate_kwargs`), and the statements that define it are no longer listed as
//! skipped. Anything else is listed as skipped with "the LR per step is computed by code the
//! explorer does not run", and a warning says so. Nothing is executed.
use super::import::{ImportReport, Skipped};
use crate::engine::step_lr::{Schedule, DYNAMIC_LEARNING_RATE, KWARGS, PIECEWISE_BY_EPOCH_CONTINUOUS, PIECEWISE_STEPS};
use crate::py::value::{float_repr, str_repr, PyValue};
use crate::returnn::python_literal::{self as pl, Arg, Expr, ExprKind, StmtKind, StrKind, Tok};

/// The two weighted-sum versions differ in the weight's `+ 1` only (`{NAME}`, `{DOC}`, `{PLUS}`).
const WEIGHTED_SUM: &str = r#"def {NAME}(*, global_train_step, learning_rate, **_kwargs):
    """Piecewise linear factor of learning_rate per step: {DOC}."""
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
            w = (global_train_step{PLUS} - start) / (end - start)
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
pub fn function_source(schedule: Schedule) -> String {
    let weighted = |doc: &str, plus: &str| {
        WEIGHTED_SUM.replace("{NAME}", schedule.export_name()).replace("{DOC}", doc).replace("{PLUS}", plus)
    };
    match schedule {
        Schedule::PiecewiseLinearFactor => weighted(
            "i6_experiments' dyn_lr_piecewise_linear\n    as of 2023-11-07 .. 2024-06-14 (a weighted sum; V[k+1] is reached at step S[k] - 1)",
            " + 1",
        ),
        Schedule::PiecewiseLinearFactorStep => {
            weighted("i6_experiments' first\n    dyn_lr_piecewise_linear (2023-11-07; a weighted sum; V[k+1] is reached at step S[k])", "")
        }
        Schedule::PiecewiseLinearInterp => INTERP.to_string(),
        Schedule::LinWarmupInvsqrtDecay => INVSQRT.to_string(),
        Schedule::LinearWarmupCosineAnnealing => COSINE.to_string(),
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
    out.push_str(&function_source(schedule));
    out.push_str("\n\n");
    let binding = match schedule {
        Schedule::LinearWarmupCosineAnnealing if with_kwargs => format!("functools.partial({}, **{KWARGS})", schedule.export_name()),
        Schedule::LinearWarmupCosineAnnealing => format!("functools.partial({})", schedule.export_name()),
        _ => schedule.export_name().to_string(),
    };
    out.push_str(&format!("dynamic_learning_rate = {binding}\n"));
    out
}

// ------------------------------------------------------------------------------------------------
// Recognition
// ------------------------------------------------------------------------------------------------

/// The phrase every unrecognised `dynamic_learning_rate` is reported with.
pub const NOT_RUN: &str = "the LR per step is computed by code the explorer does not run";

/// A known version of a schedule function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Version {
    /// Computes exactly what the schedule computes.
    Exact(Schedule),
    /// i6_experiments piecewise_linear.py at 04894c96 (2024-06-14): `PiecewiseLinear` at `g + 1`
    /// with `int_list` steps and no `epoch_continuous` switch — `@interp` as long as the steps are
    /// ints and `learning_rate_piecewise_by_epoch_continuous` is not set.
    InterpIntSteps,
}

/// The fingerprints of the i6_experiments versions ([`fingerprint`] of the `def`'s text), with the
/// commit each was taken from. The exporter's own functions are recognised by their text.
const KNOWN: &[(u64, &str, Version)] = &[
    (FP_FACTOR_STEP, "dyn_lr_piecewise_linear at 7ad238cf", Version::Exact(Schedule::PiecewiseLinearFactorStep)),
    (FP_FACTOR, "dyn_lr_piecewise_linear at 8f6b1197 (unchanged up to 53cbaecb)", Version::Exact(Schedule::PiecewiseLinearFactor)),
    (FP_INTERP_04894C96, "dyn_lr_piecewise_linear at 04894c96", Version::InterpIntSteps),
    (FP_INTERP_B4FFABDA, "dyn_lr_piecewise_linear at b4ffabda", Version::Exact(Schedule::PiecewiseLinearInterp)),
    (FP_INTERP, "dyn_lr_piecewise_linear at 91ad8708", Version::Exact(Schedule::PiecewiseLinearInterp)),
    (FP_INVSQRT, "dyn_lr_lin_warmup_invsqrt_decay at 648a4789", Version::Exact(Schedule::LinWarmupInvsqrtDecay)),
    (FP_COSINE, "linear_warmup_cosine_annealing at 541255e9", Version::Exact(Schedule::LinearWarmupCosineAnnealing)),
];
const FP_FACTOR_STEP: u64 = 0x0a016844bc9ea512;
const FP_FACTOR: u64 = 0x37628249d6e0faa8;
const FP_INTERP_04894C96: u64 = 0x06c7288bb2843eb8;
const FP_INTERP_B4FFABDA: u64 = 0xa938e564614455d2;
const FP_INTERP: u64 = 0xf2d9a50f43a76fd4;
const FP_INVSQRT: u64 = 0xc4fb52149e8a2ddc;
const FP_COSINE: u64 = 0x8fa861b8b80030ea;

/// The functions importable from i6_experiments by module path, and what they compute today.
const MODULES: &[(&str, &str, Schedule, Option<&str>)] = &[
    (
        "i6_experiments.users.zeyer.lr_schedules.piecewise_linear",
        "dyn_lr_piecewise_linear",
        Schedule::PiecewiseLinearInterp,
        Some(
            "imported from i6_experiments, it is whatever your checkout holds: taken as the newest version (@interp, 2024-10-23); \
             checkouts from 2023-11-07 up to 2024-06-14 compute dyn_lr_piecewise_linear@factor (the last bit differs at about half of the steps), \
             the first version @factor_step; compare with the run's :meta:effective_learning_rate",
        ),
    ),
    ("i6_experiments.users.zeyer.lr_schedules.lin_warmup_invsqrt_decay", "dyn_lr_lin_warmup_invsqrt_decay", Schedule::LinWarmupInvsqrtDecay, None),
    ("i6_experiments.users.zeyer.lr_schedules.lin_warmup_cos_anneal", "linear_warmup_cosine_annealing", Schedule::LinearWarmupCosineAnnealing, None),
];

/// A token as normalised text.
fn token_text(t: &Tok) -> String {
    match t {
        Tok::Name(n) => n.clone(),
        Tok::Int(v) => v.repr(),
        Tok::Float(f) => float_repr(*f),
        Tok::Imaginary => "<imaginary>".into(),
        Tok::Str(s, StrKind::Str) => str_repr(s),
        Tok::Str(s, StrKind::Bytes) => format!("b{}", str_repr(s)),
        Tok::Str(s, StrKind::FString) => format!("f{}", str_repr(s)),
        Tok::Op(o) => (*o).to_string(),
        Tok::Newline | Tok::Eof => String::new(),
    }
}

/// The normalised token stream of a `def` block's text: one line per logical line, led by its
/// nesting depth; comments, blank lines and string statements (docstrings) dropped; the function's
/// name replaced by `<def>`; parameter and return annotations dropped; a comma right before a
/// closing bracket dropped; literals written as Python's repr. `None` if the text is not a `def`.
pub fn normalized_def(text: &str) -> Option<String> {
    let toks = pl::tokenize(text).ok()?;
    let mut lines: Vec<(usize, Vec<&Tok>)> = Vec::new();
    let mut cur: Vec<&Tok> = Vec::new();
    let mut indent = 0;
    for t in &toks {
        if let Some(i) = t.indent {
            if cur.is_empty() {
                indent = i;
            }
        }
        match t.tok {
            Tok::Newline | Tok::Eof => {
                if !cur.is_empty() {
                    lines.push((indent, std::mem::take(&mut cur)));
                }
            }
            _ => cur.push(&t.tok),
        }
    }
    let (first_indent, header) = lines.first()?;
    if header.first() != Some(&&Tok::Name("def".into())) {
        return None;
    }
    let mut widths: Vec<usize> = vec![*first_indent];
    let mut out = String::new();
    for (n, (width, line)) in lines.iter().enumerate() {
        if line.iter().all(|t| matches!(t, Tok::Str(..))) {
            continue;
        }
        while widths.last().is_some_and(|w| w > width) {
            widths.pop();
        }
        if widths.last().is_some_and(|w| w < width) {
            widths.push(*width);
        }
        let depth = widths.len() - 1;
        let mut words: Vec<String> = Vec::new();
        let mut i = 0;
        // In the header: the name, annotations.
        let mut bracket = 0usize;
        while i < line.len() {
            let t = line[i];
            let next = line.get(i + 1).copied();
            if n == 0 && i == 1 {
                words.push("<def>".into());
                i += 1;
                continue;
            }
            match t {
                Tok::Op("(" | "[" | "{") => bracket += 1,
                Tok::Op(")" | "]" | "}") => bracket = bracket.saturating_sub(1),
                _ => {}
            }
            if n == 0 && bracket == 1 && matches!(t, Tok::Name(_)) && next == Some(&Tok::Op(":")) {
                // `name: annotation` → `name`: skip to the parameter's `,` / `=` / `)`.
                words.push(token_text(t));
                i += 2;
                let mut depth_in = 0usize;
                while let Some(u) = line.get(i) {
                    match u {
                        Tok::Op("(" | "[" | "{") => depth_in += 1,
                        Tok::Op(")" | "]" | "}") if depth_in > 0 => depth_in -= 1,
                        Tok::Op(",") | Tok::Op("=") | Tok::Op(")") if depth_in == 0 => break,
                        _ => {}
                    }
                    i += 1;
                }
                continue;
            }
            if n == 0 && bracket == 0 && t == &Tok::Op("->") {
                // The return annotation, up to the header's final `:`.
                i = line.len() - 1;
                continue;
            }
            if t == &Tok::Op(",") && matches!(next, Some(Tok::Op(")" | "]" | "}"))) {
                i += 1;
                continue;
            }
            words.push(token_text(t));
            i += 1;
        }
        out.push_str(&format!("{depth} {}\n", words.join(" ")));
    }
    Some(out)
}

/// FNV-1a (64 bit) of the normalised token stream of a `def`.
pub fn fingerprint(text: &str) -> Option<u64> {
    normalized_def(text).map(|s| {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in s.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
        h
    })
}

/// What a name was bound to at a point of the file.
#[derive(Clone, Debug)]
enum Binding {
    /// `def name(...)`: its text and first line.
    Def { text: String, line: usize },
    /// `from module import original [as name]` (`sole`: the statement imports nothing else).
    Import { module: String, original: String, line: usize, sole: bool },
    /// `import a.b.c [as name]`: the module path the name stands for.
    Module(String),
    /// `name = <expr>`.
    Value { expr: Expr },
}

/// What `dynamic_learning_rate` resolved to.
#[derive(Clone, Debug)]
struct Resolved {
    schedule: Schedule,
    version: Version,
    /// The partial's keywords (cosine).
    kwargs: Option<PyValue>,
    /// Statements that are understood now (their skipped entries go): first lines.
    lines: Vec<usize>,
    warnings: Vec<String>,
}

/// A `from`/`import` statement's bindings: (bound name, binding).
fn import_bindings(text: &str, line: usize) -> Vec<(String, Binding)> {
    pl::imports(text)
        .into_iter()
        .filter_map(|i| match i {
            pl::Imported::Module { path, bound } => Some((bound, Binding::Module(path))),
            pl::Imported::Name { module, name, bound, sole } => Some((bound, Binding::Import { module, original: name, line, sole })),
            pl::Imported::Star { .. } => None,
        })
        .collect()
}

/// The scope of names while reading the file top to bottom.
#[derive(Default)]
struct Scope {
    names: Vec<(String, Binding)>,
}

impl Scope {
    fn bind(&mut self, name: &str, b: Binding) {
        self.names.retain(|(n, _)| n != name);
        self.names.push((name.to_string(), b));
    }
    fn get(&self, name: &str) -> Option<&Binding> {
        self.names.iter().rev().find(|(n, _)| n == name).map(|(_, b)| b)
    }

    /// A dotted name as (module, attribute) if its head is an imported module (`np.x`,
    /// `i6_experiments.users....dyn_lr_piecewise_linear`).
    fn module_attribute(&self, dotted: &str) -> Option<(String, String)> {
        let (head, rest) = dotted.split_once('.')?;
        let Some(Binding::Module(m)) = self.get(head) else { return None };
        let full = format!("{m}.{rest}");
        let (module, attr) = full.rsplit_once('.')?;
        Some((module.to_string(), attr.to_string()))
    }

    /// A literal value: the expression itself, or a name bound to one.
    fn literal(&self, e: &Expr, hops: usize) -> Option<PyValue> {
        if let Ok(v) = pl::config_literal_value(e) {
            return Some(v);
        }
        match (&e.kind, hops) {
            (ExprKind::Name(n), 0..=8) => match self.get(n) {
                Some(Binding::Value { expr, .. }) => self.literal(&expr.clone(), hops + 1),
                _ => None,
            },
            _ => None,
        }
    }

    /// What the function `e` is: a recognised schedule, or why not.
    fn function(&self, e: &Expr, hops: usize) -> Result<Resolved, String> {
        if hops > 8 {
            return Err("a chain of names too long to follow".into());
        }
        let from_module = |module: &str, original: &str, lines: Vec<usize>| -> Result<Resolved, String> {
            match MODULES.iter().find(|(m, f, ..)| *m == module && *f == original) {
                Some((_, _, schedule, warning)) => Ok(Resolved {
                    schedule: *schedule,
                    version: Version::Exact(*schedule),
                    kwargs: None,
                    lines,
                    warnings: warning.iter().map(|w| format!("dynamic_learning_rate: {w}")).collect(),
                }),
                None => Err(format!("{module}.{original} is not a function the explorer knows by its module path")),
            }
        };
        match &e.kind {
            ExprKind::Name(n) => match self.get(n) {
                Some(Binding::Def { text, line, .. }) => recognise_def(text).map(|(schedule, version)| Resolved { schedule, version, kwargs: None, lines: vec![*line], warnings: Vec::new() }).ok_or_else(|| {
                    match tf_template_constants(text) {
                        Some(constants) => format!(
                            "the function '{n}' (line {line}) is a TF-backend template ({constants}): it takes `network`, which RETURNN's torch updater rejects (ValueError, \"TF specific\"), and its float32 TensorFlow arithmetic is not reproduced here"
                        ),
                        None => format!("the function '{n}' (line {line}) is not one of the known schedules (compared by its text: {})", crate::engine::step_lr::names()),
                    }
                }),
                Some(Binding::Import { module, original, line, sole }) => from_module(module, original, if *sole { vec![*line] } else { Vec::new() }),
                Some(Binding::Value { expr, .. }) => self.function(&expr.clone(), hops + 1),
                Some(Binding::Module(m)) => Err(format!("'{n}' is the module {m}")),
                None => Err(format!("'{n}' is not defined in this file")),
            },
            ExprKind::Attribute(..) => {
                let dotted = e.dotted_name().unwrap_or_default();
                match self.module_attribute(&dotted) {
                    Some((module, attr)) => from_module(&module, &attr, Vec::new()),
                    None => Err(format!("{dotted} is not a function the explorer knows")),
                }
            }
            ExprKind::Call { func, args } => {
                let callee = func.dotted_name().unwrap_or_default();
                let is_partial = match self.get(&callee) {
                    Some(Binding::Import { module, original, .. }) => module == "functools" && original == "partial",
                    _ => self.module_attribute(&callee).is_some_and(|(m, a)| m == "functools" && a == "partial"),
                };
                if !is_partial {
                    return Err(format!("{} is computed by a call", e.describe()));
                }
                let Some(Arg::Positional(target)) = args.first() else { return Err("functools.partial without a function".into()) };
                let mut r = self.function(target, hops + 1)?;
                if r.schedule != Schedule::LinearWarmupCosineAnnealing {
                    return Err(format!("a functools.partial of {}: only linear_warmup_cosine_annealing is known as a partial", r.schedule.name()));
                }
                let mut kwargs: Vec<(PyValue, PyValue)> = Vec::new();
                let mut put = |k: String, v: PyValue| {
                    kwargs.retain(|(old, _)| *old != PyValue::Str(k.clone()));
                    kwargs.push((PyValue::Str(k), v));
                };
                for a in &args[1..] {
                    match a {
                        Arg::Keyword { name, value, .. } => match self.literal(value, 0) {
                            Some(v) => put(name.clone(), v),
                            None => return Err(format!("the keyword {name} of the partial is {}, not a literal", value.describe())),
                        },
                        Arg::DoubleStar(value) => match self.literal(value, 0) {
                            Some(PyValue::Dict(items)) => {
                                for (k, v) in items {
                                    match k {
                                        PyValue::Str(k) => put(k, v),
                                        _ => return Err("the partial's ** dict has a key that is not a string".into()),
                                    }
                                }
                            }
                            _ => return Err(format!("the partial's **{} is not a literal dict", value.describe())),
                        },
                        _ => return Err("the partial binds positional arguments, which the keyword-only function rejects".into()),
                    }
                }
                r.kwargs = Some(PyValue::Dict(kwargs));
                Ok(r)
            }
            _ => Err(format!("{} is not a function the explorer knows", e.describe())),
        }
    }
}

/// For a TF-backend schedule template (`def dynamic_learning_rate(*, network, ...)` such as the
/// one-cycle template with `initialLR`, `peakLR`, `finalLR`, `cycleEpoch`, `totalEpoch`, `nStep`):
/// its constants as written, `name = value` with literals evaluated and anything else shown as its
/// expression (`cycleEpoch = int(totalEpoch * 0.45)`), from the body's plain assignments before the
/// first other statement or the end of their paragraph (comments, blank lines and a docstring line
/// before them are passed over). `None` when
/// the function has no `network` parameter or no such constants.
pub fn tf_template_constants(text: &str) -> Option<String> {
    let header_end = text.find("):").or_else(|| text.find(")->"))?;
    let params = text.get(..header_end)?;
    if !params.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|w| w == "network") {
        return None;
    }
    let mut out = Vec::new();
    for raw in text.get(header_end..)?.lines().skip(1) {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('"') || line.starts_with('\'') {
            // The constants are one paragraph: a blank or comment line after them ends it (the
            // template's "-- derived --" values follow).
            if !out.is_empty() {
                break;
            }
            continue;
        }
        let Some((name, expr)) = line.split_once('=') else { break };
        let (name, expr) = (name.trim(), expr.trim());
        let is_name = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') && !expr.starts_with('=');
        if !is_name || expr.is_empty() {
            break;
        }
        match pl::literal_eval(expr) {
            Ok(v) => out.push(format!("{name} = {}", v.repr())),
            Err(_) => out.push(format!("{name} = {expr}")),
        }
    }
    if out.is_empty() {
        None
    } else {
        Some(out.join(", "))
    }
}

/// The known version whose `def` text this is (the i6_experiments fingerprints, then the
/// exporter's own functions).
fn recognise_def(text: &str) -> Option<(Schedule, Version)> {
    let fp = fingerprint(text)?;
    if let Some((_, _, version)) = KNOWN.iter().find(|(h, ..)| *h == fp) {
        let schedule = match version {
            Version::Exact(s) => *s,
            Version::InterpIntSteps => Schedule::PiecewiseLinearInterp,
        };
        return Some((schedule, *version));
    }
    Schedule::ALL.into_iter().find(|s| fingerprint(&function_source(*s)) == Some(fp)).map(|s| (s, Version::Exact(s)))
}

/// The last top-level binding of `dynamic_learning_rate`: its first line and what it resolved to.
fn resolve(text: &str) -> Option<(usize, Result<Resolved, String>)> {
    let stmts = pl::parse_module(text).ok()?;
    let mut scope = Scope::default();
    let mut last: Option<(usize, Result<Resolved, String>)> = None;
    for stmt in &stmts {
        let line = stmt.span.start.line;
        match &stmt.kind {
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    if let ExprKind::Name(n) = &t.kind {
                        if n == DYNAMIC_LEARNING_RATE {
                            // `= None`: no schedule (a literal the importer keeps).
                            let none = matches!(&value.kind, ExprKind::Const(PyValue::None));
                            last = (!none).then(|| {
                                (line, scope.function(value, 0).map(|mut r| {
                                    r.lines.push(line);
                                    r
                                }))
                            });
                        }
                        scope.bind(n, Binding::Value { expr: value.clone() });
                    }
                }
            }
            StmtKind::AnnAssign { target, value: Some(value) } => {
                if let ExprKind::Name(n) = &target.kind {
                    if n == DYNAMIC_LEARNING_RATE {
                        last = Some((line, scope.function(value, 0)));
                    }
                    scope.bind(n, Binding::Value { expr: value.clone() });
                }
            }
            StmtKind::Simple { keyword } if keyword == "from" || keyword == "import" => {
                for (name, b) in import_bindings(stmt.span.text(text), line) {
                    if name == DYNAMIC_LEARNING_RATE {
                        let e = Expr { kind: ExprKind::Name(DYNAMIC_LEARNING_RATE.into()), span: stmt.span };
                        let mut tmp = Scope::default();
                        tmp.bind(DYNAMIC_LEARNING_RATE, b.clone());
                        last = Some((line, tmp.function(&e, 0)));
                    }
                    scope.bind(&name, b);
                }
            }
            StmtKind::Block { keyword, defines: Some(name), .. } if keyword == "def" => {
                let b = Binding::Def { text: stmt.span.text(text).to_string(), line };
                if name == DYNAMIC_LEARNING_RATE {
                    let e = Expr { kind: ExprKind::Name(name.clone()), span: stmt.span };
                    let mut tmp = Scope::default();
                    tmp.bind(name, b.clone());
                    last = Some((line, tmp.function(&e, 0)));
                }
                scope.bind(name, b);
            }
            StmtKind::Block { assigned, .. } => {
                if assigned.iter().any(|(n, _)| n == DYNAMIC_LEARNING_RATE) {
                    last = Some((line, Err(format!("assigned inside the block starting at line {line}"))));
                }
            }
            StmtKind::Del(targets) => {
                if targets.iter().any(|t| matches!(&t.kind, ExprKind::Name(n) if n == DYNAMIC_LEARNING_RATE)) {
                    last = None;
                }
            }
            _ => {}
        }
    }
    last
}

/// Where the value `dynamic_learning_rate` holds came from, for a literal (a string, a dict).
fn literal_line(text: &str) -> usize {
    text.lines().position(|l| l.trim_start().trim_start_matches('"').starts_with(DYNAMIC_LEARNING_RATE)).map_or(0, |i| i + 1)
}

/// Reads `dynamic_learning_rate` into the report (see the module docs): recognised schedules go
/// into `values`, everything else into `skipped` with [`NOT_RUN`] and a warning.
pub fn apply(text: &str, report: &mut ImportReport) {
    if !text.contains(DYNAMIC_LEARNING_RATE) {
        return;
    }
    let take = |report: &mut ImportReport, key: &str| report.values.iter().position(|(k, _)| k == key).map(|i| report.values.remove(i).1);
    // A literal value other than None is not a function: RETURNN's torch updater rejects it.
    let literal = report.values.iter().find(|(k, _)| k == DYNAMIC_LEARNING_RATE).map(|(_, v)| v.clone());
    match literal {
        Some(PyValue::None) | None => {}
        Some(v) => {
            let _ = take(report, DYNAMIC_LEARNING_RATE);
            let line = literal_line(text);
            let reason = format!(
                "dynamic_learning_rate = {}: RETURNN needs a function here (its torch updater raises NotImplementedError for a {}; the TF backend reads a dict as its old cyclic schedule); {NOT_RUN}",
                v.repr(),
                v.type_name()
            );
            report.warnings.push(format!("line {line}: {reason}"));
            let text_line = text.lines().nth(line.wrapping_sub(1)).unwrap_or("").trim().to_string();
            report.skipped.push(Skipped { line, text: text_line, reason });
            return;
        }
    }
    if text.trim_start().starts_with('{') {
        return;
    }
    let Some((line, resolved)) = resolve(text) else { return };
    match resolved {
        Ok(r) => {
            if let Err(why) = conditions(&r, report) {
                not_recognised(report, line, &why);
                return;
            }
            report.skipped.retain(|s| !r.lines.contains(&s.line));
            report.values.push((DYNAMIC_LEARNING_RATE.into(), PyValue::Str(r.schedule.name().into())));
            if let Some(k) = r.kwargs {
                let _ = take(report, KWARGS);
                report.values.push((KWARGS.into(), k));
            }
            report.warnings.extend(r.warnings.into_iter().map(|w| format!("line {line}: {w}")));
            schedule_warnings(report, line);
        }
        Err(why) => not_recognised(report, line, &why),
    }
}

/// What RETURNN will raise for the recognised schedule's values, and the step keys it does not
/// read (from the typed settings of `engine::settings::step`).
fn schedule_warnings(report: &mut ImportReport, line: usize) {
    let Ok(settings) = crate::engine::settings::Settings::from_config(&report.values) else { return };
    let Some(step) = settings.step_schedule else { return };
    if let Some(p) = step.problem() {
        report.warnings.push(format!("line {line}: dynamic_learning_rate = {}: {}: {}: {} (RETURNN raises it in the run)", step.schedule.name(), p.field, p.exc, p.message));
    }
    for k in crate::engine::keys::step_keys() {
        if report.values.iter().any(|(n, _)| n == k.name) && !step.reads(k.name) {
            report.warnings.push(format!("{}: not read by dynamic_learning_rate = {}", k.name, step.schedule.name()));
        }
    }
}

/// The conditions under which an intermediate version computes what its schedule computes.
fn conditions(r: &Resolved, report: &ImportReport) -> Result<(), String> {
    if r.version != Version::InterpIntSteps {
        return Ok(());
    }
    let get = |k: &str| report.values.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    let int_steps = match get(PIECEWISE_STEPS) {
        Some(PyValue::List(items)) | Some(PyValue::Tuple(items)) => items.iter().all(|x| matches!(x, PyValue::Int(_) | PyValue::BigInt(_) | PyValue::Bool(_))),
        Some(PyValue::Float(_)) => false,
        _ => true,
    };
    let by_epoch = get(PIECEWISE_BY_EPOCH_CONTINUOUS).is_some_and(PyValue::truthy);
    if int_steps && !by_epoch {
        Ok(())
    } else {
        Err("it is dyn_lr_piecewise_linear as of 04894c96 (2024-06-14), which reads the steps as ints and has no epoch_continuous switch: with these values it does not compute what @interp computes".into())
    }
}

fn not_recognised(report: &mut ImportReport, line: usize, why: &str) {
    let reason = format!("dynamic_learning_rate: {why}; {NOT_RUN}");
    // One entry for the binding's line: the first one there says why; the importer's own note that
    // the name's value is unknown goes.
    let mut seen = false;
    report.skipped.retain_mut(|s| {
        if s.line != line {
            return true;
        }
        if seen {
            return !s.reason.starts_with(DYNAMIC_LEARNING_RATE);
        }
        seen = true;
        s.reason = reason.clone();
        true
    });
    if !seen {
        report.skipped.push(Skipped { line, text: String::new(), reason: reason.clone() });
    }
    report.warnings.push(format!("line {line}: {reason}: the explorer shows the LR control's per-epoch LR only"));
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
