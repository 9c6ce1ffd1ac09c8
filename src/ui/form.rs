//! The settings form as data: one [`FieldSpec`] per input (its test-hook name is the RETURNN key,
//! `optimizer-<kwarg>`, `surface-<param>` or a simulator setting), the raw text the user typed
//! ([`Form`]), and the parse of each text into a Python value.
//!
//! The field lists come from the engine's tables (`engine::keys::CONFIG_KEYS`, the optimizer name table,
//! the surface table), so the form always offers exactly what the engine supports. Nothing typed is
//! ever discarded: the form keeps the raw text; a bad value only produces a message for its field.
//! Pure Rust (compiled natively too, so it is unit-tested natively).
use crate::engine::optim::{KwDefault, OptimizerKind};
use crate::engine::keys;
use crate::engine::settings::{Assigned, Scheme};
use crate::engine::surface::SURFACES;
use crate::returnn::python_literal::{config_literal_value, parse_expression};
use crate::py::value::{float_repr, PyValue};
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
            Group::Optimizer => "Optimizer (torch backend)",
            Group::Gradient => "Gradient handling",
            Group::Simulator => "Simulated training",
        }
    }
    pub const ALL: [Group; 4] = [Group::LrControl, Group::Optimizer, Group::Gradient, Group::Simulator];
}

/// How a field's text is entered and read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Any Python literal (number, list, tuple, dict, string, None); the engine checks the type.
    Literal,
    /// A select of `(value, label)` options: the option value is the config value itself.
    Choice(Vec<(String, String)>),
    /// A select of `False` / `True`.
    Bool,
    /// A plain number for the simulator (not a RETURNN key).
    Number,
    /// A plain integer for the simulator.
    Integer,
}

/// One input of the settings form.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldSpec {
    /// The test-hook name (`field-<name>`, `error-<name>`).
    pub name: String,
    pub group: Group,
    pub kind: Kind,
    /// RETURNN's (or torch's) default as Python text, shown as the placeholder; "" = none.
    pub default: String,
    /// One line of explanation.
    pub help: String,
}

impl FieldSpec {
    fn new(name: impl Into<String>, group: Group, kind: Kind, default: impl Into<String>, help: impl Into<String>) -> Self {
        FieldSpec { name: name.into(), group, kind, default: default.into(), help: help.into() }
    }
}

/// Knobs the app does not offer (the file path is RETURNN's business, not the explorer's).
const HIDDEN_KNOBS: &[&str] = &["learning_rate_file"];

fn choices(values: impl IntoIterator<Item = (String, String)>) -> Kind {
    Kind::Choice(values.into_iter().collect())
}

/// The LR-control fields for the selected scheme, in RETURNN's order.
pub fn lr_control_fields(scheme: &str) -> Vec<FieldSpec> {
    let scheme = Scheme::from_name(scheme);
    keys::lr_control_keys()
        .filter(|k| !HIDDEN_KNOBS.contains(&k.name))
        .filter(|k| scheme.is_none_or(|s| k.used_by(s)))
        .map(|k| {
            let kind = if k.name == "learning_rate_control" {
                choices(Scheme::ALL.iter().map(|s| (s.name().to_string(), s.name().to_string())))
            } else if k.reader == keys::Reader::Bool {
                Kind::Bool
            } else {
                Kind::Literal
            };
            let default = if k.name == "learning_rate_control" { Scheme::default().name().to_string() } else { k.default.to_string() };
            FieldSpec::new(k.name, Group::LrControl, kind, default, k.doc)
        })
        .collect()
}

/// The optimizer classes of the `field-optimizer-class` select: value = the lower-case name
/// RETURNN resolves case-insensitively (`"adam"`), label = torch's spelling (`"Adam"`).
pub fn optimizer_classes() -> Vec<(String, String)> {
    OptimizerKind::usable().into_iter().map(|i| (class_value(i.name), i.name.to_string())).collect()
}

fn class_value(torch_name: &str) -> String {
    torch_name.to_ascii_lowercase()
}

/// The engine's table row for a class name as typed (case-insensitive; `torch.optim.` allowed;
/// RETURNN's own `returnn.torch.optim.lion.Lion` too).
pub fn optimizer_info(class: &str) -> Option<&'static crate::engine::optim::OptimizerInfo> {
    crate::engine::optim::resolve_class_name(class.trim()).ok()
}

fn kw_default_text(d: KwDefault) -> String {
    match d {
        KwDefault::Text(t) => t.to_string(),
        other => other.to_py().repr(),
    }
}

/// The optimizer fields for a class: the class select, then every keyword that changes the
/// update (torch's defaults as placeholders; `lr` is set by the LR control, never here).
pub fn optimizer_fields(class: &str) -> Vec<FieldSpec> {
    let mut out = vec![FieldSpec::new(
        "optimizer-class",
        Group::Optimizer,
        choices(optimizer_classes()),
        "",
        "torch.optim class (RETURNN's torch backend needs it set; the LR comes from the LR control)",
    )];
    if let Some(info) = optimizer_info(class) {
        for k in info.kwargs.iter().filter(|k| k.affects_update && k.name != "lr") {
            let kind = if matches!(k.default, KwDefault::Bool(_)) { Kind::Bool } else { Kind::Literal };
            out.push(FieldSpec::new(format!("optimizer-{}", k.name), Group::Optimizer, kind, kw_default_text(k.default), k.description));
        }
    }
    out
}

/// The step-schedule fields: the `dynamic_learning_rate` select (`""` = none, then the known
/// schedules by name) and the keys the selected schedule's function reads; `None`: every step key
/// (what the URL and localStorage may hold).
pub fn step_schedule_fields(schedule: Option<&str>) -> Vec<FieldSpec> {
    use crate::engine::step_lr::{Schedule, DYNAMIC_LEARNING_RATE};
    let selected = schedule.map(|n| Schedule::from_name(n.trim()));
    keys::step_keys()
        .filter(|k| match selected {
            None => true,
            Some(sel) => k.name == DYNAMIC_LEARNING_RATE || sel.is_some_and(|s| s.keys().contains(&k.name)),
        })
        .map(|k| {
            let kind = if k.name == DYNAMIC_LEARNING_RATE {
                choices(std::iter::once((String::new(), "none".to_string())).chain(Schedule::ALL.iter().map(|s| (s.name().to_string(), s.name().to_string()))))
            } else if k.reader == keys::Reader::Bool {
                Kind::Bool
            } else {
                Kind::Literal
            };
            let default = if k.name == DYNAMIC_LEARNING_RATE { String::new() } else { k.default.to_string() };
            FieldSpec::new(k.name, Group::LrControl, kind, default, k.doc)
        })
        .collect()
}

/// The torch updater's gradient options.
pub fn gradient_fields() -> Vec<FieldSpec> {
    keys::CONFIG_KEYS
        .iter()
        .filter(|k| k.group == keys::Group::Gradient && k.backend == keys::Backend::Both)
        .map(|k| FieldSpec::new(k.name, Group::Gradient, Kind::Literal, k.default, k.doc))
        .collect()
}

/// The surface name table row of a name.
pub fn surface_info(name: &str) -> Option<&'static crate::engine::surface::SurfaceInfo> {
    SURFACES.iter().find(|s| s.name == name)
}

pub const DEFAULT_SURFACE: &str = "quadratic";

/// The simulator fields (surface, its parameters, start point, run size, noise, seed).
pub fn simulator_fields(surface: &str) -> Vec<FieldSpec> {
    let g = Group::Simulator;
    let mut out = vec![FieldSpec::new(
        "surface",
        g,
        choices(SURFACES.iter().map(|s| (s.name.to_string(), s.title.to_string()))),
        DEFAULT_SURFACE,
        "the loss surface the simulated model trains on",
    )];
    if let Some(info) = surface_info(surface) {
        for p in info.params {
            let kind = if p.name == "dim" { Kind::Integer } else { Kind::Number };
            let default = if p.name == "dim" { format!("{}", p.default as i64) } else { float_repr(p.default) };
            out.push(FieldSpec::new(format!("surface-{}", p.name), g, kind, default, p.description));
        }
    }
    out.push(FieldSpec::new("start_x", g, Kind::Number, "", "start point x (or click the surface)"));
    out.push(FieldSpec::new("start_y", g, Kind::Number, "", "start point y (or click the surface)"));
    out.push(FieldSpec::new("num_epochs", g, Kind::Literal, "30", "epochs to run (RETURNN's num_epochs)"));
    out.push(FieldSpec::new("steps_per_epoch", g, Kind::Integer, "100", "optimizer updates per epoch"));
    out.push(FieldSpec::new("batch_noise", g, Kind::Number, "1.0", "std of the mini-batch gradient noise at batch size 1"));
    out.push(FieldSpec::new("batch_size", g, Kind::Integer, "32", "mini-batch size (noise std ∝ 1/sqrt(batch_size))"));
    out.push(FieldSpec::new("dev_noise", g, Kind::Number, "0.0", "std of the noise on the dev score"));
    out.push(FieldSpec::new("generalization_gap", g, Kind::Number, "0.0", "added to the dev loss"));
    out.push(FieldSpec::new("seed", g, Kind::Integer, "0", "seed of every random draw (same seed = same run, natively and in the browser)"));
    out
}

/// A field error: which field (test-hook name) and what is wrong with its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub name: String,
    pub message: String,
}

/// The raw text of every field, keyed by the field name. An absent entry means "not set" (the
/// default applies). Ordered, so URLs are deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    pub values: BTreeMap<String, String>,
    /// "Scores only" mode: no optimizer, the LR control runs on typed dev scores.
    pub scores_only: bool,
    /// The dev scores of scores-only mode, as typed (one per line, or comma-separated).
    pub scores: String,
    /// Whether the optimizer and `num_epochs` belong to the RETURNN config: the optimizer once
    /// an optimizer field was changed or a config assigned it, `num_epochs` once a config
    /// assigned it or the user asked for it in the snippet. Presets and the simulator's defaults
    /// do not count (the snippet would otherwise impose them on a real config).
    pub assigned: Assigned,
}

/// The link / storage key of [`Form::assigned`] (`assigned=optimizer,num_epochs`).
pub const ASSIGNED_KEY: &str = "assigned";

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

    fn get_or<'a>(&'a self, name: &str, default: &'a str) -> &'a str {
        let s = self.get(name).trim();
        if s.is_empty() { default } else { s }
    }

    /// The selected LR-control scheme (RETURNN's default when unset).
    pub fn scheme(&self) -> &str {
        self.get_or("learning_rate_control", "constant")
    }

    /// The selected optimizer class, as typed (default `sgd`).
    pub fn optimizer_class(&self) -> &str {
        self.get_or("optimizer-class", "sgd")
    }

    pub fn surface(&self) -> &str {
        self.get_or("surface", DEFAULT_SURFACE)
    }

    /// Sets one field, as the user or an import does. Changing the optimizer class drops the
    /// kwargs the new class does not take (and marks the optimizer [`Form::assigned`]); changing
    /// the surface drops the old surface's parameters.
    pub fn set_field(&mut self, name: &str, text: &str) {
        self.set(name, text);
        if name.starts_with("optimizer-") {
            self.assigned.optimizer = true;
        }
        if name == "optimizer-class" {
            let keep: Vec<String> = optimizer_fields(text).into_iter().map(|f| f.name).collect();
            self.values.retain(|k, _| !k.starts_with("optimizer-") || keep.contains(k));
        } else if name == "surface" {
            let keep: Vec<String> = simulator_fields(text).into_iter().map(|f| f.name).collect();
            self.values.retain(|k, _| !k.starts_with("surface-") || keep.contains(k));
        }
    }

    /// The form as ordered `(key, text)` pairs for the URL query and localStorage.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self.values.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        if self.scores_only {
            out.push(("mode".into(), "scores".into()));
            out.push(("scores".into(), self.scores.clone()));
        }
        let assigned: Vec<&str> = [("optimizer", self.assigned.optimizer), ("num_epochs", self.assigned.num_epochs)]
            .into_iter()
            .filter_map(|(k, on)| on.then_some(k))
            .collect();
        if !assigned.is_empty() {
            out.push((ASSIGNED_KEY.into(), assigned.join(",")));
        }
        out
    }

    /// Reads pairs written by [`Form::to_pairs`]; returns the keys it does not know.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Form, Vec<String>) {
        let mut f = Form::default();
        let mut unknown = Vec::new();
        let pairs: Vec<(&str, &str)> = pairs.into_iter().collect();
        // Classes and surfaces first: they decide which other fields exist.
        for &(k, v) in pairs.iter().filter(|(k, _)| matches!(*k, "optimizer-class" | "surface" | "learning_rate_control")) {
            f.set(k, v);
        }
        for (k, v) in pairs {
            match k {
                "mode" => f.scores_only = v == "scores",
                "scores" => f.scores = v.to_string(),
                ASSIGNED_KEY => {
                    for part in v.split(',').map(str::trim) {
                        match part {
                            "optimizer" => f.assigned.optimizer = true,
                            "num_epochs" => f.assigned.num_epochs = true,
                            _ => unknown.push(format!("{ASSIGNED_KEY}={part}")),
                        }
                    }
                }
                _ if all_fields(&f).iter().any(|s| s.name == k) => f.set(k, v),
                _ => unknown.push(k.to_string()),
            }
        }
        (f, unknown)
    }
}

/// Every field that exists for this form's scheme / class / surface, scores-only or not.
pub fn all_fields(form: &Form) -> Vec<FieldSpec> {
    let mut out = lr_control_fields("");
    out.extend(step_schedule_fields(None));
    out.extend(optimizer_fields(form.optimizer_class()));
    out.extend(gradient_fields());
    out.extend(simulator_fields(form.surface()));
    out
}

/// The fields visible for this form state, in panel order.
pub fn visible_fields(form: &Form) -> Vec<FieldSpec> {
    let mut out = lr_control_fields(form.scheme());
    out.extend(step_schedule_fields(Some(form.get(crate::engine::step_lr::DYNAMIC_LEARNING_RATE))));
    if !form.scores_only {
        out.extend(optimizer_fields(form.optimizer_class()));
        out.extend(gradient_fields());
        out.extend(simulator_fields(form.surface()));
    }
    out
}

/// Parses one field's text: `Ok(None)` when blank (unset).
pub fn parse_field(spec: &FieldSpec, text: &str) -> Result<Option<PyValue>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match &spec.kind {
        Kind::Choice(options) => {
            if options.iter().any(|(v, _)| v == t) || spec.name == "optimizer-class" {
                Ok(Some(PyValue::Str(t.to_string())))
            } else {
                let names: Vec<&str> = options.iter().map(|(v, _)| v.as_str()).collect();
                Err(format!("expected one of {}, got {t:?}", names.join(", ")))
            }
        }
        Kind::Bool => match t {
            "True" => Ok(Some(PyValue::Bool(true))),
            "False" => Ok(Some(PyValue::Bool(false))),
            _ => Err(format!("expected True or False, got {t:?}")),
        },
        Kind::Literal => field_literal(t).map(Some),
        Kind::Number => match t.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(PyValue::Float(v))),
            _ => Err(format!("expected a finite number, got {t:?}")),
        },
        Kind::Integer => match t.parse::<i64>() {
            Ok(v) => Ok(Some(PyValue::Int(v))),
            Err(_) => Err(format!("expected an integer, got {t:?}")),
        },
    }
}

/// A field's Python literal, read as the config importer reads a value: literals plus
/// `float('inf')` / `float('nan')` (the only way Python spells a non-finite float; the snippet
/// writes them so), so what the import accepts the field accepts too.
fn field_literal(text: &str) -> Result<PyValue, String> {
    let e = parse_expression(text).map_err(|e| e.to_string())?;
    config_literal_value(&e).map_err(|n| {
        crate::py::error::Error::parse(crate::py::error::PyExc::ValueError, n.span.start.line, n.span.start.column, n.reason).to_string()
    })
}

/// Parses every visible field; returns the values that parsed (in panel order) and one error per
/// bad field.
pub fn parse_form(form: &Form) -> (Vec<(String, PyValue)>, Vec<FieldError>) {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for spec in visible_fields(form) {
        match parse_field(&spec, form.get(&spec.name)) {
            Ok(Some(v)) => values.push((spec.name.clone(), v)),
            Ok(None) => {}
            Err(message) => errors.push(FieldError { name: spec.name.clone(), message }),
        }
    }
    if form.scores_only {
        if let Err(message) = parse_scores(&form.scores) {
            errors.push(FieldError { name: "scores-input".into(), message });
        }
    }
    (values, errors)
}

/// Reads the scores-only textarea: numbers separated by newlines, commas or spaces (`nan`/`inf`
/// as Python writes them are allowed: RETURNN's control sees such scores too).
pub fn parse_scores(text: &str) -> Result<Vec<f64>, String> {
    let mut out = Vec::new();
    for (i, tok) in text.split(|c: char| c == ',' || c.is_whitespace()).filter(|t| !t.is_empty()).enumerate() {
        let tok = tok.trim_matches(|c| c == '[' || c == ']');
        if tok.is_empty() {
            continue;
        }
        match crate::returnn::python_literal::py_float_from_str(tok).or_else(|| tok.parse::<f64>().ok()) {
            Some(v) => out.push(v),
            None => return Err(format!("score {} is not a number: {tok:?}", i + 1)),
        }
    }
    if out.is_empty() {
        return Err("type at least one dev score (one per epoch)".into());
    }
    Ok(out)
}

/// Named starting points of the preset menu.
pub fn preset(name: &str) -> Option<Form> {
    let pairs: &[(&str, &str)] = match name {
        "classic_newbob" => &[
            ("learning_rate_control", "newbob"), ("learning_rate", "0.1"), ("newbob_learning_rate_decay", "0.5"),
            ("newbob_relative_error_threshold", "-0.01"), ("optimizer-class", "sgd"), ("surface", "noisy_quadratic"),
            ("num_epochs", "30"), ("steps_per_epoch", "100"), ("batch_noise", "1.0"), ("seed", "1"),
        ],
        "asr_multi_epoch" => &[
            ("learning_rate_control", "newbob_multi_epoch"), ("learning_rate", "0.001"),
            ("learning_rates", "[0.0001, 0.0002, 0.0004, 0.0006, 0.0008, 0.001]"),
            ("newbob_multi_num_epochs", "3"), ("newbob_multi_update_interval", "1"),
            ("newbob_learning_rate_decay", "0.7"), ("min_learning_rate", "1e-05"),
            ("learning_rate_control_min_num_epochs_per_new_lr", "3"),
            ("optimizer-class", "adam"), ("optimizer-eps", "1e-08"), ("surface", "noisy_quadratic"),
            ("num_epochs", "40"), ("steps_per_epoch", "100"), ("batch_noise", "1.0"), ("seed", "7"),
        ],
        "adam_rosenbrock" => &[
            ("learning_rate_control", "constant"), ("learning_rate", "0.01"), ("optimizer-class", "adam"),
            ("surface", "rosenbrock"), ("num_epochs", "30"), ("steps_per_epoch", "100"), ("batch_noise", "0.1"), ("seed", "1"),
        ],
        "diverging" => &[
            ("learning_rate_control", "newbob"), ("learning_rate", "0.25"), ("optimizer-class", "sgd"),
            ("surface", "quadratic"), ("num_epochs", "15"), ("steps_per_epoch", "20"), ("batch_noise", "0.1"), ("seed", "1"),
        ],
        // The real 2 000-epoch PyTorch runs' one-cycle shape (docs/STEP-SCHEDULES.md, section 3),
        // scaled from 982 312 steps to the 4 000 of 40 epochs × 100: 1e-5 → 1e-3 over 61 % of
        // the steps, back to 1e-5 at 92 %, to 1e-6 at the end; the epoch LR a constant 1.0.
        "oclr_3_phases" => &[
            ("learning_rate_control", "constant"), ("learning_rate", "1.0"),
            ("dynamic_learning_rate", "dyn_lr_piecewise_linear@factor"),
            ("learning_rate_piecewise_steps", "[2443, 3665, 3998]"),
            ("learning_rate_piecewise_values", "[1e-05, 0.001, 1e-05, 1e-06]"),
            ("optimizer-class", "adamw"), ("surface", "noisy_quadratic"),
            ("num_epochs", "40"), ("steps_per_epoch", "100"), ("batch_noise", "1.0"), ("seed", "1"),
        ],
        _ => return None,
    };
    Some(Form::from_pairs(pairs.iter().copied()).0)
}

/// The preset box's value once the settings are no preset's (after an import).
pub const CUSTOM_PRESET: &str = "custom";

pub const PRESETS: &[(&str, &str)] = &[
    ("classic_newbob", "classic newbob"),
    ("asr_multi_epoch", "newbob_multi_epoch ASR with warm-up"),
    ("adam_rosenbrock", "Adam on Rosenbrock"),
    ("diverging", "diverging LR"),
    ("oclr_3_phases", "OCLR, 3 phases"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn names(fields: &[FieldSpec]) -> Vec<&str> {
        fields.iter().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn fields_follow_the_scheme() {
        let multi = names(&lr_control_fields("newbob_multi_epoch")).join(" ");
        assert!(multi.contains("newbob_multi_num_epochs") && multi.contains("newbob_relative_error_grow_threshold"));
        assert!(!multi.contains("newbob_error_threshold"));
        let constant = lr_control_fields("constant");
        assert!(!names(&constant).contains(&"newbob_learning_rate_decay"));
        assert!(names(&constant).contains(&"learning_rates"));
        assert!(!names(&lr_control_fields("")).contains(&"learning_rate_file"));
    }

    #[test]
    fn optimizer_fields_come_from_the_engine_table_with_torch_defaults() {
        let adam = optimizer_fields("adam");
        let betas = adam.iter().find(|f| f.name == "optimizer-betas").expect("betas");
        assert_eq!(betas.default, "(0.9, 0.999)");
        assert!(!names(&adam).contains(&"optimizer-lr"), "the LR comes from the LR control");
        assert!(optimizer_fields("SGD").iter().any(|f| f.name == "optimizer-momentum"));
        let classes = optimizer_classes();
        assert!(classes.contains(&("adamw".to_string(), "AdamW".to_string())));
        assert!(classes.contains(&("rmsprop".to_string(), "RMSprop".to_string())));
    }

    #[test]
    fn presets_assign_nothing_and_an_optimizer_edit_assigns_the_optimizer() {
        for (name, _) in PRESETS {
            assert_eq!(preset(name).unwrap().assigned, Assigned::default(), "{name}");
        }
        let mut f = preset("classic_newbob").unwrap();
        f.set_field("num_epochs", "50");
        f.set_field("learning_rate", "0.2");
        assert_eq!(f.assigned, Assigned::default(), "simulator and LR fields do not assign the optimizer");
        f.set_field("optimizer-momentum", "0.9");
        assert!(f.assigned.optimizer && !f.assigned.num_epochs);
        let (back, unknown) = Form::from_pairs([("assigned", "num_epochs,bogus")]);
        assert!(back.assigned.num_epochs && !back.assigned.optimizer);
        assert_eq!(unknown, vec!["assigned=bogus".to_string()]);
    }

    #[test]
    fn changing_class_or_surface_drops_what_no_longer_applies() {
        let mut f = Form::default();
        f.set_field("optimizer-class", "adam");
        f.set_field("optimizer-betas", "(0.8, 0.9)");
        f.set_field("optimizer-weight_decay", "0.1");
        f.set_field("optimizer-class", "sgd");
        assert_eq!(f.get("optimizer-betas"), "");
        assert_eq!(f.get("optimizer-weight_decay"), "0.1", "SGD takes weight_decay too");
        f.set_field("surface", "quadratic");
        f.set_field("surface-b", "100");
        f.set_field("surface", "rosenbrock");
        assert_eq!(f.get("surface-b"), "");
    }

    #[test]
    fn parse_field_keeps_python_types_and_names_bad_text() {
        let lr = lr_control_fields("").into_iter().find(|f| f.name == "learning_rate").unwrap();
        assert_eq!(parse_field(&lr, "1"), Ok(Some(PyValue::Int(1))), "an int stays an int (RETURNN acts on it)");
        assert_eq!(parse_field(&lr, " 0.5 "), Ok(Some(PyValue::Float(0.5))));
        assert_eq!(parse_field(&lr, ""), Ok(None));
        assert!(parse_field(&lr, "0.1.2").is_err());
        // Non-finite floats as the snippet writes them and the import reads them.
        let thr = lr_control_fields("").into_iter().find(|f| f.name == "newbob_error_threshold").unwrap();
        assert_eq!(parse_field(&thr, "float('inf')"), Ok(Some(PyValue::Float(f64::INFINITY))));
        assert_eq!(parse_field(&thr, "-float(\"inf\")"), Ok(Some(PyValue::Float(f64::NEG_INFINITY))));
        assert!(matches!(parse_field(&thr, "float('nan')"), Ok(Some(PyValue::Float(x))) if x.is_nan()));
        assert!(parse_field(&thr, "float('x')").unwrap_err().contains("float() cannot convert"));
        assert!(parse_field(&thr, "max(1, 2)").is_err(), "other calls stay rejected");
        let scheme = lr_control_fields("").into_iter().find(|f| f.name == "learning_rate_control").unwrap();
        assert!(parse_field(&scheme, "newbob_foo").unwrap_err().contains("newbob_multi_epoch"));
        let seed = simulator_fields("quadratic").into_iter().find(|f| f.name == "seed").unwrap();
        assert!(parse_field(&seed, "1.5").is_err());
    }

    #[test]
    fn pairs_round_trip_and_unknown_keys_are_reported() {
        let mut f = preset("asr_multi_epoch").unwrap();
        f.scores_only = true;
        f.scores = "1\n2".into();
        f.assigned = Assigned { optimizer: true, num_epochs: true };
        let pairs = f.to_pairs();
        let (back, unknown) = Form::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, f);
        assert!(unknown.is_empty());
        let (_, unknown) = Form::from_pairs([("nonsense", "1"), ("learning_rate", "0.1")]);
        assert_eq!(unknown, vec!["nonsense".to_string()]);
    }

    #[test]
    fn scores_text_reads_numbers_and_python_specials() {
        assert_eq!(parse_scores("1.5, 2\n[3e-1]").unwrap(), vec![1.5, 2.0, 0.3]);
        assert!(parse_scores("1.0 nan").unwrap()[1].is_nan());
        assert!(parse_scores("1.0, x").unwrap_err().contains("score 2"));
        assert!(parse_scores("  ").is_err());
    }
}
