//! Settings → a RETURNN config snippet (Python source that RETURNN's `Config.load_file` reads back
//! to the same values).
//!
//! Rules:
//! * One `key = value` line per key, values written as Python source: Python `repr` for finite
//!   numbers, strings, lists, tuples and dicts; `float('nan')`, `float('inf')`, `float('-inf')` for
//!   non-finite floats (a bare `nan` would be a NameError in a config).
//! * Keys in a stable order ([`key_rank`]): `learning_rate_control`, `learning_rate`,
//!   `learning_rates`, `min_learning_rate`, the decay/growth factors, the `newbob_*` knobs, the
//!   `learning_rate_control_*` knobs, `learning_rate_file`, then `optimizer`, `gradient_clip`,
//!   `gradient_clip_global_norm`, `gradient_noise`, `accum_grad_multiple_step`, `num_epochs`,
//!   then every other key in code-point order ([`export_values`] keeps the input order there).
//! * From [`Settings`] ([`export`]): only what the user set, imported or changed from RETURNN's
//!   default: the knobs that differ from RETURNN's defaults, the essentials
//!   `learning_rate_control` and `learning_rate`, the `optimizer` only when it was chosen or
//!   imported and `num_epochs` only when it was imported or set for the config
//!   ([`Settings::assigned`]) — never the simulator's SGD or run length, which a pasted snippet
//!   would silently impose on a real config.
//! * The second header line says what the snippet contains ([`contents`]): `LR control only`,
//!   or the parts joined by ` + ` (`LR control + optimizer + num_epochs`).
//! * Where RETURNN needs a float (learning rates, thresholds, factors, gradient options), an int is
//!   written as a float (`learning_rate = 1.0`, never `1`: RETURNN raises TypeError for an int LR),
//!   with a `# note:` line saying so. Where it needs an int, an integral float is written as an int.
//! * One `# not in the RETURNN config:` comment line names the simulator's own settings, which
//!   the snippet never assigns (the simulated surface, noise, seed, scores-only mode, and the
//!   optimizer and run length the simulation used when they are not assigned).
use crate::engine::keys::{is_factor_key, is_float_key, is_int_key, is_step_key, key_rank};
use crate::engine::step_lr::{Schedule, DYNAMIC_LEARNING_RATE, KWARGS};
use crate::engine::settings::{json_to_py_for_key, Factor, LearningRates, Mode, Number, Settings};
use crate::py::value::{float_repr, NpKind, PyValue};

/// The first lines of every snippet. `#!rnn.py` makes RETURNN's `Config.load_file` read a saved
/// snippet as Python whatever the file name (otherwise it guesses JSON or the old line format);
/// pasted into a config, it is just a comment.
pub const HEADER: &str = "#!rnn.py\n# RETURNN config snippet written by Schedule Explorer";

/// What a snippet with these keys contains, for its `# contains:` header line: `LR control only`
/// when every key is read by the LR control, else the parts in snippet order joined by ` + `
/// (`LR control`, `step-level schedule`, `optimizer`, `gradient options`, `num_epochs`,
/// `other keys`); `nothing (RETURNN's defaults)` for no key.
pub fn contents<'a>(keys: impl IntoIterator<Item = &'a str>) -> String {
    use crate::engine::keys::{config_key, Group};
    const PARTS: [&str; 6] = ["LR control", "step-level schedule", "optimizer", "gradient options", "num_epochs", "other keys"];
    let mut present = [false; 6];
    for k in keys {
        let i = match config_key(k).map(|c| c.group) {
            Some(Group::LrControl) => 0,
            Some(Group::StepSchedule) => 1,
            Some(Group::Optimizer) => 2,
            Some(Group::Gradient) => 3,
            Some(Group::Run) => 4,
            None if k == DYNAMIC_LEARNING_RATE || k == KWARGS => 1,
            // Keys RETURNN reads that the explorer does not simulate are other keys here.
            Some(Group::NotSimulated) | None => 5,
        };
        present[i] = true;
    }
    let parts: Vec<&str> = PARTS.iter().zip(present).filter(|(_, p)| *p).map(|(n, _)| *n).collect();
    match parts.as_slice() {
        [] => "nothing (RETURNN's defaults)".into(),
        ["LR control"] => "LR control only".into(),
        _ => parts.join(" + "),
    }
}

/// Python source for a value: `repr`, except non-finite floats (`float('nan')`) and numpy scalars
/// (written as the plain Python number, since a config has no `np`).
pub fn py_source(v: &PyValue) -> String {
    let mut out = String::new();
    write_source(v, &mut out);
    out
}

fn write_seq(items: &[PyValue], open: char, close: char, out: &mut String) {
    out.push(open);
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_source(v, out);
    }
    if open == '(' && items.len() == 1 {
        out.push(',');
    }
    out.push(close);
}

fn write_source(v: &PyValue, out: &mut String) {
    match v {
        PyValue::Float(f) if !f.is_finite() => {
            out.push_str("float('");
            out.push_str(&float_repr(*f));
            out.push_str("')");
        }
        PyValue::Np { kind: NpKind::Int64, value, .. } => out.push_str(&(*value as i64).to_string()),
        PyValue::Np { value, .. } => write_source(&PyValue::Float(*value), out),
        PyValue::List(items) => write_seq(items, '[', ']', out),
        PyValue::Tuple(items) => write_seq(items, '(', ')', out),
        PyValue::Dict(items) => {
            out.push('{');
            for (i, (k, val)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_source(k, out);
                out.push_str(": ");
                write_source(val, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.repr()),
    }
}

/// The value RETURNN should see under `key`: ints become floats where RETURNN needs a float,
/// integral floats become ints where it needs an int. Returns the note to write when it changed.
fn coerce(key: &str, v: &PyValue) -> (PyValue, Option<String>) {
    let as_float = |v: &PyValue| match v {
        PyValue::Int(i) => Some(PyValue::Float(*i as f64)),
        _ => None,
    };
    if is_step_key(key) {
        return (v.clone(), None);
    }
    if is_float_key(key) || is_factor_key(key) {
        if let Some(f) = as_float(v) {
            let note = format!("{key}: the int {} is written as the float {} (RETURNN needs a float here)", v.repr(), f.repr());
            return (f, Some(note));
        }
    }
    if key == "learning_rates" {
        let mut changed = false;
        let fix = |x: &PyValue, changed: &mut bool| match as_float(x) {
            Some(f) => {
                *changed = true;
                f
            }
            None => x.clone(),
        };
        let out = match v {
            PyValue::List(items) => PyValue::List(items.iter().map(|x| fix(x, &mut changed)).collect()),
            PyValue::Dict(items) => PyValue::Dict(items.iter().map(|(k, x)| (k.clone(), fix(x, &mut changed))).collect()),
            other => other.clone(),
        };
        let note = changed.then(|| "learning_rates: int entries are written as floats (RETURNN raises TypeError for an int LR)".to_string());
        return (out, note);
    }
    if is_int_key(key) {
        if let PyValue::Float(f) = v {
            if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
                let i = PyValue::Int(*f as i64);
                let note = format!("{key}: the float {} is written as the int {} (RETURNN's int reader rejects floats)", v.repr(), i.repr());
                return (i, Some(note));
            }
        }
    }
    (v.clone(), None)
}

/// The snippet for a key→value map (the `config export VALUES.json` contract), and the notes
/// about values it had to change (also written into the snippet as `# note:` lines).
pub fn export_values_report(values: &[(String, PyValue)]) -> (String, Vec<String>) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    // Later duplicates override earlier ones, as in Python.
    order.retain(|&i| !values[i + 1..].iter().any(|(k, _)| *k == values[i].0));
    crate::engine::sort::sort_by_key(&mut order, |&i| key_rank(&values[i].0));
    let mut notes = Vec::new();
    let mut lines = Vec::new();
    let mut schedule = None;
    for i in order {
        let (key, v) = &values[i];
        if key == DYNAMIC_LEARNING_RATE {
            if let PyValue::Str(name) = v {
                if let Some(s) = Schedule::from_name(name) {
                    schedule = Some(s);
                    continue;
                }
                notes.push(format!("dynamic_learning_rate = {}: not a schedule the explorer knows; RETURNN needs a function here (NotImplementedError)", v.repr()));
            }
        }
        let (v, note) = coerce(key, v);
        notes.extend(note);
        lines.push(format!("{key} = {}", py_source(&v)));
    }
    let has_kwargs = values.iter().any(|(k, _)| k == KWARGS);
    if let Some(s) = schedule {
        lines.push(super::dynamic_lr::snippet_tail(s, has_kwargs).trim_end().to_string());
    }
    let mut out = String::from(HEADER);
    out.push_str("\n# contains: ");
    out.push_str(&contents(values.iter().map(|(k, _)| k.as_str())));
    out.push('\n');
    for n in &notes {
        out.push_str("# note: ");
        out.push_str(n);
        out.push('\n');
    }
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    (out, notes)
}

/// The snippet for a key→value map (see [`export_values_report`]).
pub fn export_values(values: &[(String, PyValue)]) -> String {
    export_values_report(values).0
}

/// Reads the `{"values": {...}}` JSON of `config export` (the same form `config import`
/// prints): ints and floats apart, `"NaN"`/`"Infinity"`/`"-Infinity"` floats, arrays → lists
/// except the tuple-valued optimizer kwargs (`betas`, `etas`, `step_sizes`, `eps`) → tuples.
pub fn values_from_json(doc: &serde_json::Value) -> Result<Vec<(String, PyValue)>, String> {
    let values = match doc.get("values") {
        Some(serde_json::Value::Object(m)) => m,
        Some(_) => return Err("\"values\" must be a JSON object".into()),
        None => return Err("expected a JSON object with a \"values\" object".into()),
    };
    Ok(values.iter().map(|(k, v)| (k.clone(), json_to_py_for_key(k, v))).collect())
}

/// The settings in the form the snippet stores them: [`Settings::normalized`] with every int
/// that RETURNN needs as a float turned into that float, and the optimizer and `num_epochs` back
/// at their defaults when they are not [`Settings::assigned`] (the snippet does not write them).
/// `import(export(s))` gives this back.
pub fn export_form(s: &Settings) -> Settings {
    fn f(n: &mut Number) {
        *n = n.to_float();
    }
    fn fo(n: &mut Option<Number>) {
        if let Some(n) = n {
            f(n);
        }
    }
    fn ff(x: &mut Option<Factor>) {
        if let Some(Factor::Value(n)) = x {
            f(n);
        }
    }
    let mut s = s.normalized();
    if !s.assigned.optimizer {
        s.optimizer = Default::default();
    }
    if !s.assigned.num_epochs {
        s.run.num_epochs = crate::engine::settings::RunSettings::default().num_epochs;
    }
    let c = &mut s.lr_control;
    f(&mut c.learning_rate);
    match &mut c.learning_rates {
        Some(LearningRates::List(v)) => v.iter_mut().for_each(f),
        Some(LearningRates::Dict(v)) => v.iter_mut().for_each(|(_, n)| f(n)),
        None => {}
    }
    fo(&mut c.min_learning_rate);
    for x in [&mut c.learning_rate_decay, &mut c.newbob_learning_rate_decay, &mut c.learning_rate_growth, &mut c.newbob_learning_rate_growth] {
        ff(x);
    }
    for x in [&mut c.newbob_relative_error_threshold, &mut c.newbob_relative_error_grow_threshold, &mut c.newbob_error_threshold] {
        fo(x);
    }
    for x in [&mut s.gradient.clip, &mut s.gradient.clip_global_norm, &mut s.gradient.noise] {
        fo(x);
    }
    let other = std::mem::take(&mut s.other);
    for (k, v) in other {
        let (py, _) = coerce(&k, &json_to_py_for_key(&k, &v));
        s.other.insert(k, crate::py::json::py_to_json(&py));
    }
    s
}

/// What the snippet cannot express, for the trailing comment: the simulator's own settings.
fn not_expressible(s: &Settings) -> Vec<String> {
    let r = &s.run;
    let mut out = Vec::new();
    match &s.mode {
        Mode::Simulate => {
            out.push(format!("simulated surface {}", crate::py::json::to_line(&r.surface.to_json())));
            if !s.assigned.optimizer {
                out.push(format!("simulated optimizer {}", py_source(&s.optimizer.to_py())));
            }
            if !s.assigned.num_epochs {
                out.push(format!("{} simulated epochs", r.num_epochs));
            }
            if !r.start.is_empty() {
                let ps: Vec<String> = r.start.iter().map(|v| float_repr(*v)).collect();
                out.push(format!("start [{}]", ps.join(", ")));
            }
            out.push(format!(
                "steps_per_epoch={}, batch_size={}, batch_noise={}, dev_noise={}, generalization_gap={}, seed={}",
                r.steps_per_epoch,
                r.batch_size,
                float_repr(r.batch_noise),
                float_repr(r.dev_noise),
                float_repr(r.generalization_gap),
                r.seed
            ));
        }
        Mode::ScoresOnly { dev_scores, .. } => out.push(format!("scores-only mode ({} given dev scores)", dev_scores.len())),
    }
    out
}

/// The RETURNN config snippet for these settings (see the module docs for the rules).
pub fn export(s: &Settings) -> String {
    let (mut out, _) = export_values_report(&s.normalized().assigned_config());
    out.push_str("# not in the RETURNN config: ");
    out.push_str(&not_expressible(s).join("; "));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::{OptimizerSettings, Scheme};

    #[test]
    fn non_finite_and_tuples_are_python_source() {
        assert_eq!(py_source(&PyValue::Float(f64::NAN)), "float('nan')");
        assert_eq!(py_source(&PyValue::Float(f64::NEG_INFINITY)), "float('-inf')");
        assert_eq!(py_source(&PyValue::Tuple(vec![PyValue::Float(0.9)])), "(0.9,)");
    }

    #[test]
    fn contents_names_the_parts_in_snippet_order() {
        assert_eq!(contents(["learning_rate_control", "newbob_learning_rate_decay"]), "LR control only");
        assert_eq!(contents(["num_epochs", "learning_rate", "optimizer"]), "LR control + optimizer + num_epochs");
        assert_eq!(contents(["dynamic_learning_rate", "learning_rate", "gradient_clip", "my_key"]), "LR control + step-level schedule + gradient options + other keys");
        assert_eq!(contents(std::iter::empty()), "nothing (RETURNN's defaults)");
    }

    #[test]
    fn unassigned_optimizer_and_num_epochs_are_only_named_in_the_comment() {
        let mut s = Settings::default();
        s.optimizer = OptimizerSettings { class: "adam".into(), kwargs: vec![] };
        s.run.num_epochs = 250;
        let text = export(&s);
        assert!(!text.contains("\noptimizer =") && !text.contains("\nnum_epochs ="), "{text}");
        assert!(text.contains("simulated optimizer {'class': 'adam'}; 250 simulated epochs"), "{text}");
        assert_eq!(text.lines().filter(|l| l.starts_with("# not in the RETURNN config")).count(), 1);
        s.assigned.num_epochs = true;
        assert!(export(&s).contains("\nnum_epochs = 250\n"));
    }

    #[test]
    fn int_learning_rate_is_written_as_float() {
        let mut s = Settings::default();
        s.lr_control.scheme = Scheme::Newbob;
        s.lr_control.learning_rate = Number::Int(1);
        s.optimizer = OptimizerSettings { class: "adam".into(), kwargs: vec![] };
        s.assigned.optimizer = true;
        let text = export(&s);
        assert!(text.contains("\nlearning_rate = 1.0\n"), "{text}");
        assert!(text.contains("# note: learning_rate: the int 1"), "{text}");
        assert!(text.contains("\nlearning_rate_control = 'newbob'\n"), "{text}");
    }
}
