//! Form ⇄ settings: [`settings_from_form`] turns what was typed into `engine::settings::Settings`,
//! every error named by the form field it belongs to (test-hook name), and the snippet and the
//! warnings of settings. Pure Rust, tested natively.
use crate::engine::optim::Optimizer;
use crate::engine::settings::{Mode, Settings};
use crate::engine::surface::Surface;
use crate::py::error::Error;
use crate::py::value::PyValue;
use crate::ui::form::{self, FieldError, Form};

/// The form field (test-hook name) of an engine field name (`optimizer.eps`, `surface.dim`,
/// `learning_rates key 'a'`, ...), if the page shows one.
fn form_field(engine_field: &str, form: &Form) -> Option<String> {
    let mapped = match engine_field {
        "dev_scores" | "train_scores" => "scores-input".to_string(),
        "start" => "start_x".to_string(),
        "optimizer" => "optimizer-class".to_string(),
        f if f.starts_with("optimizer.") => format!("optimizer-{}", &f["optimizer.".len()..]),
        f if f.starts_with("surface.") => format!("surface-{}", &f["surface.".len()..]),
        f => f.to_string(),
    };
    let fields = form::visible_fields(form);
    if mapped == "scores-input" || fields.iter().any(|f| f.name == mapped) {
        return Some(mapped);
    }
    // A part of a field's value (`learning_rates key 'a'`, `newbob_multi_num_epochs[0]`): the field.
    fields
        .iter()
        .filter(|f| {
            mapped.strip_prefix(f.name.as_str()).is_some_and(|rest| rest.starts_with([' ', '[', '.', ':']))
        })
        .max_by_key(|f| f.name.len())
        .map(|f| f.name.clone())
}

/// The field (test-hook name) an engine error belongs to, if any. `key` is the config key whose
/// value was being checked when the error was raised, when known.
fn error_field(e: &Error, form: &Form, key: Option<&str>) -> Option<String> {
    match e {
        Error::Invalid { field, .. } => form_field(field, form).or_else(|| key.and_then(|k| form_field(k, form))),
        Error::Python { message, .. } | Error::Parse { message, .. } => {
            // torch / RETURNN messages name the keyword (`Invalid beta parameter`, `eps`, ...).
            let fields = form::visible_fields(form);
            let by_message = || {
                fields
                    .iter()
                    .filter_map(|f| f.name.strip_prefix("optimizer-").filter(|k| *k != "class").map(|k| (f, k)))
                    .find(|(_, k)| message.contains(k) || message.contains(k.trim_end_matches('s')))
                    .map(|(f, _)| f.name.clone())
            };
            match key {
                // The optimizer dict is checked as a whole: its keyword, else its class.
                Some("optimizer") => by_message().or_else(|| Some("optimizer-class".to_string())),
                Some(k) => form_field(k, form),
                None => by_message().or_else(|| {
                    // RETURNN's assertions name the attribute (`num_epochs = 0 must be >= 1` for
                    // newbob_multi_num_epochs): a field named like it, or ending in `_<it>`.
                    let ident: String = message.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    let lr_fields = || fields.iter().filter(|f| f.group == form::Group::LrControl);
                    lr_fields()
                        .find(|f| message.contains(f.name.as_str()) || message.contains(&f.name.replace('_', " ")))
                        .or_else(|| lr_fields().find(|f| !ident.is_empty() && f.name.ends_with(&format!("_{ident}"))))
                        .map(|f| f.name.clone())
                }),
            }
        }
        Error::Limit { what, .. } => {
            let head: String = what.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.').collect();
            form_field(&head, form).filter(|f| f.starts_with("surface-") || f == "scores-input").or_else(|| {
                Some(if what.contains("steps_per_epoch") { "steps_per_epoch" } else { "num_epochs" }.to_string())
            })
        }
    }
}

pub(crate) fn field_error(e: &Error, form: &Form) -> FieldError {
    keyed_field_error(e, form, None)
}

fn keyed_field_error(e: &Error, form: &Form, key: Option<&str>) -> FieldError {
    FieldError { name: error_field(e, form, key).unwrap_or_else(|| "run".into()), message: e.to_string() }
}

fn num(values: &[(String, PyValue)], key: &str) -> Option<f64> {
    values.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.as_py_float())
}

fn int(values: &[(String, PyValue)], key: &str) -> Option<i64> {
    values.iter().find(|(k, _)| k == key).and_then(|(_, v)| match v {
        PyValue::Int(i) => Some(*i),
        _ => None,
    })
}

/// Builds the optimizer of the class alone, then of the class with each keyword; pushes one error
/// per failing part (`optimizer-class`, `optimizer-<kwarg>`). True when nothing failed.
fn optimizer_errors(optimizer: &[(PyValue, PyValue)], errors: &mut Vec<FieldError>) -> bool {
    let Some((class, kwargs)) = optimizer.split_first() else { return true };
    let build = |parts: Vec<(PyValue, PyValue)>| Optimizer::from_returnn(&PyValue::Dict(parts), 1.0);
    if let Err(e) = build(vec![class.clone()]) {
        errors.push(FieldError { name: "optimizer-class".into(), message: e.to_string() });
        return false;
    }
    let before = errors.len();
    for kw in kwargs {
        if let Err(e) = build(vec![class.clone(), kw.clone()]) {
            let name = match &kw.0 {
                PyValue::Str(k) => format!("optimizer-{k}"),
                _ => "optimizer-class".into(),
            };
            errors.push(FieldError { name, message: e.to_string() });
        }
    }
    errors.len() == before
}

/// The engine's settings for the form, or the errors of the fields that stop the run.
pub fn settings_from_form(f: &Form) -> Result<Settings, Vec<FieldError>> {
    let (mut values, mut errors) = form::parse_form(f);
    // Scores-only mode hides the optimizer, gradient and run fields (nothing is trained), but
    // what was imported or chosen there still belongs to the snippet: kept when it is good.
    if f.scores_only {
        let hidden = form::optimizer_fields(f.optimizer_class())
            .into_iter()
            .filter(|s| s.name != "optimizer-class")
            .chain(form::gradient_fields())
            .chain(form::simulator_fields(f.surface()).into_iter().filter(|s| s.name == "num_epochs" && f.assigned.num_epochs));
        for spec in hidden {
            if let Ok(Some(v)) = form::parse_field(&spec, f.get(&spec.name)) {
                let good = spec.name.starts_with("optimizer-") || Settings::from_config(&[(spec.name.clone(), v.clone())]).is_ok();
                if good {
                    values.push((spec.name.clone(), v));
                }
            }
        }
    }
    // The RETURNN config keys, with the optimizer dict assembled from its fields.
    let mut config: Vec<(String, PyValue)> = Vec::new();
    let mut optimizer = vec![(PyValue::Str("class".into()), PyValue::Str(f.optimizer_class().to_string()))];
    for (k, v) in &values {
        if let Some(kw) = k.strip_prefix("optimizer-") {
            if kw != "class" {
                optimizer.push((PyValue::Str(kw.to_string()), v.clone()));
            }
        } else if form::lr_control_fields("").iter().chain(form::gradient_fields().iter()).any(|s| &s.name == k) || k == "num_epochs" || crate::engine::keys::is_step_key(k) {
            config.push((k.clone(), v.clone()));
        }
    }
    // The optimizer one keyword at a time (its class alone first), so that a bad keyword is
    // reported next to its own field even when torch's message does not name it. Scores-only
    // mode runs no optimizer: it is kept only when assigned (for the snippet) and good.
    let optimizer_ok = if f.scores_only {
        f.assigned.optimizer && optimizer_errors(&optimizer, &mut Vec::new())
    } else {
        optimizer_errors(&optimizer, &mut errors)
    };
    let with_optimizer = !f.scores_only || optimizer_ok;
    if with_optimizer {
        config.push(("optimizer".into(), PyValue::Dict(optimizer)));
    }
    // One key at a time, so that every bad value is reported next to its own field.
    for pair in config.iter().filter(|(k, _)| optimizer_ok || k != "optimizer") {
        if let Err(e) = Settings::from_config(std::slice::from_ref(pair)) {
            errors.push(keyed_field_error(&e, f, Some(&pair.0)));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut s = Settings::from_config(&config).map_err(|e| vec![field_error(&e, f)])?;
    // What the snippet writes is what was chosen or imported, not what the simulator needs.
    s.assigned.optimizer = with_optimizer && f.assigned.optimizer;
    s.assigned.num_epochs = f.assigned.num_epochs;
    let surface_json = {
        let mut m = serde_json::Map::new();
        m.insert("name".into(), f.surface().into());
        for (k, v) in &values {
            if let Some(p) = k.strip_prefix("surface-") {
                m.insert(p.into(), crate::py::json::py_to_json(v));
            }
        }
        serde_json::Value::Object(m)
    };
    s.run.surface = Surface::from_json(&surface_json).map_err(|e| vec![field_error(&e, f)])?;
    match (num(&values, "start_x"), num(&values, "start_y")) {
        (Some(x), Some(y)) if s.run.surface.dim() == 2 => s.run.start = vec![x, y],
        (Some(x), Some(y)) => {
            let mut p = s.run.surface.default_start();
            for (slot, v) in p.iter_mut().zip([x, y]) {
                *slot = v;
            }
            s.run.start = p;
        }
        (None, None) => {}
        (Some(_), None) => return Err(vec![FieldError { name: "start_y".into(), message: "set both coordinates of the start point".into() }]),
        (None, Some(_)) => return Err(vec![FieldError { name: "start_x".into(), message: "set both coordinates of the start point".into() }]),
    }
    if let Some(n) = int(&values, "steps_per_epoch") {
        s.run.steps_per_epoch = n;
    }
    if let Some(v) = num(&values, "batch_noise") {
        s.run.batch_noise = v;
    }
    if let Some(n) = int(&values, "batch_size") {
        if n < 1 {
            return Err(vec![FieldError { name: "batch_size".into(), message: format!("must be at least 1, found {n}") }]);
        }
        s.run.batch_size = n as u64;
    }
    if let Some(v) = num(&values, "dev_noise") {
        s.run.dev_noise = v;
    }
    if let Some(v) = num(&values, "generalization_gap") {
        s.run.generalization_gap = v;
    }
    if let Some(n) = int(&values, "seed") {
        if n < 0 {
            return Err(vec![FieldError { name: "seed".into(), message: format!("must be >= 0, found {n}") }]);
        }
        s.run.seed = n as u64;
    }
    if f.scores_only {
        let dev = form::parse_scores(&f.scores).map_err(|m| vec![FieldError { name: "scores-input".into(), message: m }])?;
        s.mode = Mode::ScoresOnly { dev_scores: dev, train_scores: None };
    }
    s.validate().map_err(|e| vec![field_error(&e, f)])?;
    Ok(s)
}

/// The engine's RETURNN config snippet of the form (the settings of the run on screen).
pub fn snippet(s: &Settings) -> String {
    crate::returnn::config::export::export(s)
}

/// Warnings about RETURNN traps in these settings: `(field, message)`.
pub fn warnings(s: &Settings) -> Vec<(String, String)> {
    s.warnings().into_iter().map(|w| (w.field, w.message)).collect()
}
