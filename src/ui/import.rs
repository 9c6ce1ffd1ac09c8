//! Applying an imported RETURNN config snippet to the form (read by `returnn::config::import`,
//! which never executes code); everything not applied is listed in the report. A
//! `learning_rate_file` takes one way in, whichever control it came through: the replay
//! ([`crate::ui::teach_model::apply_replay`]).
use crate::returnn::config::export::py_source;
use crate::returnn::config::import::import;
use crate::py::value::PyValue;
use crate::ui::form::{self, Form, Kind};

/// The text a form field shows for a value (select values without quotes).
fn field_text(kind: &Kind, v: &PyValue) -> String {
    match (kind, v) {
        (Kind::Choice(_), PyValue::Str(s)) => s.clone(),
        _ => py_source(v),
    }
}

/// Applies a RETURNN config snippet to `form`; returns the report lines (skipped lines with
/// their reasons, keys the explorer does not use, the importer's warnings).
pub fn apply_config(form: &mut Form, text: &str) -> Vec<String> {
    let report = match import(text) {
        Ok(r) => r,
        Err(e) => return vec![format!("not read: {e}")],
    };
    let mut out: Vec<String> = report.skipped.iter().map(|s| format!("line {}: skipped `{}`: {}", s.line, s.text, s.reason)).collect();
    // Scheme first: it decides which knobs are shown.
    if let Some(v) = report.get("learning_rate_control") {
        match v {
            PyValue::Str(s) => form.set_field("learning_rate_control", s),
            PyValue::None => form.set_field("learning_rate_control", "constant"),
            other => form.set_field("learning_rate_control", &py_source(other)),
        }
    }
    for (key, v) in &report.values {
        if key == "learning_rate_control" {
            continue;
        }
        if key == "optimizer" {
            out.extend(apply_optimizer(form, v));
            continue;
        }
        match form::all_fields(form).into_iter().find(|f| &f.name == key && f.group != form::Group::Optimizer) {
            Some(spec) => form.set_field(key, &field_text(&spec.kind, v)),
            None => out.push(format!("{key}: not a setting the explorer uses (ignored)")),
        }
    }
    out.extend(report.warnings.iter().map(|w| format!("warning: {w}")));
    out
}

fn apply_optimizer(form: &mut Form, v: &PyValue) -> Vec<String> {
    let PyValue::Dict(items) = v else {
        return vec![format!("optimizer: expected a dict with \"class\", found {}", v.type_name())];
    };
    let mut out = Vec::new();
    let class = items.iter().find_map(|(k, v)| match (k, v) {
        (PyValue::Str(k), PyValue::Str(c)) if k == "class" => Some(c.clone()),
        _ => None,
    });
    let Some(class) = class else {
        return vec!["optimizer: no \"class\" string".into()];
    };
    let value = match form::optimizer_info(&class) {
        Some(info) if form::optimizer_classes().iter().any(|(v, _)| *v == info.name.to_ascii_lowercase()) => info.name.to_ascii_lowercase(),
        _ => {
            out.push(format!("optimizer: class {class:?} is not one the explorer can run; kept as typed"));
            class.clone()
        }
    };
    form.set_field("optimizer-class", &value);
    let fields = form::optimizer_fields(&value);
    let mut items: Vec<&(PyValue, PyValue)> = items.iter().collect();
    crate::engine::sort::sort_by_key(&mut items, |(k, _)| matches!(k, PyValue::Str(s) if s == "epsilon"));
    for (k, v) in items {
        let PyValue::Str(k) = k else { continue };
        if k == "class" {
            continue;
        }
        let mut name = format!("optimizer-{k}");
        if k == "epsilon" && fields.iter().any(|f| f.name == "optimizer-eps") {
            // RETURNN renames epsilon to eps for classes that take eps (epsilon wins over eps).
            out.push(format!("optimizer: epsilon is passed to {value} as eps (RETURNN renames it)"));
            name = "optimizer-eps".into();
        }
        match fields.iter().find(|f| f.name == name) {
            Some(spec) => form.set(&name, &field_text(&spec.kind, v)),
            None => out.push(format!("optimizer: keyword {k:?} is not shown for {value} (ignored)")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_import_sets_fields_and_lists_the_rest() {
        let mut f = Form::default();
        let text = "#!rnn.py\nimport os\nlearning_rate_control = 'newbob_multi_epoch'\nnewbob_multi_num_epochs = 3\nlearning_rate = 0.001\noptimizer = {'class': 'Adam', 'epsilon': 1e-08, 'betas': (0.9, 0.98)}\nmodel = build()\nbatch_size = 5000\n";
        let report = apply_config(&mut f, text);
        assert_eq!(f.scheme(), "newbob_multi_epoch");
        assert_eq!(f.get("newbob_multi_num_epochs"), "3");
        assert_eq!(f.get("learning_rate"), "0.001");
        assert_eq!(f.get("optimizer-class"), "adam");
        assert_eq!(f.get("optimizer-betas"), "(0.9, 0.98)");
        assert_eq!(f.get("optimizer-eps"), "1e-08", "epsilon becomes eps as RETURNN renames it");
        let all = report.join("\n");
        assert!(all.contains("line 2"), "{all}");
        assert!(all.contains("line 7"), "{all}");
        assert!(all.contains("epsilon is passed to adam as eps"), "{all}");
    }
}
