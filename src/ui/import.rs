//! Applying an imported RETURNN config snippet to the form (read by `returnn::config::import`,
//! which never executes code); everything not applied is listed in the report. A
//! `learning_rate_file` takes one way in, whichever control it came through: the replay
//! ([`crate::ui::teach_model::apply_replay`]).
use crate::returnn::config::export::py_source;
use crate::returnn::config::import::{import, import_anyway, ImportReport};
use crate::py::value::PyValue;
use crate::ui::form::{self, Form, Kind};

/// The text a form field shows for a value (select values without quotes).
fn field_text(kind: &Kind, v: &PyValue) -> String {
    match (kind, v) {
        (Kind::Choice(_), PyValue::Str(s)) => s.clone(),
        _ => py_source(v),
    }
}

/// What an imported config does with the settings it does not assign.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImportMode {
    /// Everything the config does not assign goes back to RETURNN's default (the simulator's
    /// own settings stay): the form holds that config and nothing of the one before.
    #[default]
    Replace,
    /// The settings the config does not assign stay; the report lists them.
    Merge,
}

impl ImportMode {
    /// Both modes, in the order of the `import-mode` select.
    pub const ALL: [ImportMode; 2] = [ImportMode::Replace, ImportMode::Merge];

    /// The option value of the `import-mode` select.
    pub fn name(self) -> &'static str {
        match self {
            ImportMode::Replace => "replace",
            ImportMode::Merge => "merge",
        }
    }

    /// The mode of an option value (`None` for anything else).
    pub fn from_name(name: &str) -> Option<ImportMode> {
        ImportMode::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// Whether a form field is a RETURNN config setting an import replaces (LR control, optimizer,
/// gradient handling), not one of the simulator's own (surface, start, run size, noise, seed;
/// `num_epochs` is both: a config that assigns it sets it, one that does not keeps the run length).
fn is_config_field(name: &str) -> bool {
    name.starts_with("optimizer-")
        || form::lr_control_fields("").iter().chain(form::gradient_fields().iter()).any(|f| f.name == name)
}

/// Applies a RETURNN config snippet to `form` in `mode`; returns the report lines (the evaluated
/// keys with their expressions, skipped lines with their reasons, keys the explorer does not use,
/// the importer's warnings, and what went back to the default (replace) or was kept (merge)). A
/// config that cannot be read leaves the form as it was; the page then offers
/// [`apply_config_anyway`].
pub fn apply_config(form: &mut Form, text: &str, mode: ImportMode) -> Vec<String> {
    match import(text) {
        Ok(r) => apply_report(form, r, mode),
        Err(e) => vec![format!("{NOT_READ}{e}"), "RETURNN itself would reject this file; \"import anyway\" reads its literal assignments regardless".to_string()],
    }
}

/// The first report line of a text [`apply_config`] could not read (the page then offers
/// [`apply_config_anyway`]).
pub const NOT_READ: &str = "not read: ";

/// Whether a report says the text was not read (a SyntaxError RETURNN would raise too).
pub fn was_rejected(report: &[String]) -> bool {
    report.first().is_some_and(|l| l.starts_with(NOT_READ))
}

/// Like [`apply_config`] for a file RETURNN would reject: applies the assignments that can be read
/// anyway, with the warning that RETURNN would not load the file first.
pub fn apply_config_anyway(form: &mut Form, text: &str, mode: ImportMode) -> Vec<String> {
    match import_anyway(text) {
        Ok(r) => apply_report(form, r, mode),
        Err(e) => vec![format!("{NOT_READ}{e}")],
    }
}

fn apply_report(form: &mut Form, report: ImportReport, mode: ImportMode) -> Vec<String> {
    let before = form.clone();
    if mode == ImportMode::Replace {
        form.values.retain(|k, _| !is_config_field(k));
        form.assigned = Default::default();
    }
    let mut out: Vec<String> = report.warnings.iter().take_while(|w| w.starts_with("RETURNN itself would reject")).map(|w| format!("warning: {w}")).collect();
    out.extend(report.evaluated.iter().map(|e| format!("evaluated: {}", e.describe(report.get(&e.key)))));
    out.extend(report.skipped.iter().map(|s| format!("line {}: skipped `{}`: {}", s.line, s.text, s.reason)));
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
            if mode == ImportMode::Merge {
                // The imported dict is the optimizer: no keyword of the old one stays.
                form.values.retain(|k, _| !k.starts_with("optimizer-"));
            }
            out.extend(apply_optimizer(form, v));
            continue;
        }
        match form::all_fields(form).into_iter().find(|f| &f.name == key && f.group != form::Group::Optimizer) {
            Some(spec) => {
                form.set_field(key, &field_text(&spec.kind, v));
                if key == "num_epochs" {
                    form.assigned.num_epochs = true;
                }
            }
            None => out.push(format!("{key}: not a setting the explorer uses (ignored)")),
        }
    }
    out.extend(report.warnings.iter().skip_while(|w| w.starts_with("RETURNN itself would reject")).map(|w| format!("warning: {w}")));
    // The earlier settings the config did not assign: gone (replace) or kept (merge).
    let assigned = |k: &str| report.get(k).is_some() || (k.starts_with("optimizer-") && report.get("optimizer").is_some());
    let earlier: Vec<String> = before
        .values
        .iter()
        .filter(|(k, _)| is_config_field(k) && !assigned(k))
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    if !earlier.is_empty() {
        out.push(match mode {
            ImportMode::Replace => format!("replaced: back at RETURNN's default (not in this config): {}", earlier.join("; ")),
            ImportMode::Merge => format!("merge: kept from before (not in this config): {}", earlier.join("; ")),
        });
    }
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
        let report = apply_config(&mut f, text, ImportMode::Replace);
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
        assert!(f.assigned.optimizer && !f.assigned.num_epochs, "the optimizer was imported, num_epochs not");
    }

    const FIRST: &str = "learning_rate_control = 'newbob_multi_epoch'\nlearning_rates = [0.0001, 0.001]\nmin_learning_rate = 1e-05\nnewbob_multi_num_epochs = 20\naccum_grad_multiple_step = 2\nnum_epochs = 250\noptimizer = {'class': 'adam', 'epsilon': 1e-08}\n";
    const SECOND: &str = "learning_rate_control = 'newbob'\nlearning_rate = 0.5\n";

    fn settings(f: &Form) -> crate::engine::settings::Settings {
        crate::ui::form_settings::settings_from_form(f).expect("good settings")
    }

    #[test]
    fn a_second_import_replaces_the_first_by_default() {
        let mut f = crate::ui::form::preset("classic_newbob").unwrap();
        apply_config(&mut f, FIRST, ImportMode::Replace);
        let s = settings(&f);
        assert!(s.assigned.optimizer && s.assigned.num_epochs);
        assert_eq!(s.run.num_epochs, 250);
        assert_eq!(f.get("newbob_multi_num_epochs"), "20");
        // In scores-only mode (a replay) the imported optimizer and num_epochs still belong to the snippet.
        let mut replay = f.clone();
        replay.scores_only = true;
        replay.scores = "1.0\n0.9".into();
        let snippet = crate::ui::form_settings::snippet(&settings(&replay));
        assert!(snippet.contains("\noptimizer = {'class': 'adam', 'eps': 1e-08}\n") && snippet.contains("\nnum_epochs = 250\n"), "{snippet}");
        assert!(snippet.contains("# contains: LR control + optimizer + gradient options + num_epochs\n"), "{snippet}");
        let report = apply_config(&mut f, SECOND, ImportMode::Replace);
        let s = settings(&f);
        for gone in ["learning_rates", "min_learning_rate", "newbob_multi_num_epochs", "accum_grad_multiple_step", "optimizer-class", "optimizer-eps"] {
            assert_eq!(f.get(gone), "", "{gone} goes back to RETURNN's default");
        }
        assert!(s.lr_control.learning_rates.is_none() && s.lr_control.min_learning_rate.is_none());
        assert_eq!(s.gradient.accum_grad_multiple_step, None);
        assert!(!s.assigned.optimizer && !s.assigned.num_epochs, "neither was in the second config");
        assert_eq!(f.get("surface"), "noisy_quadratic", "the simulator's own settings stay");
        let snippet = crate::ui::form_settings::snippet(&s);
        assert!(!snippet.contains("\noptimizer =") && !snippet.contains("\nnum_epochs =") && !snippet.contains("learning_rates ="), "{snippet}");
        assert!(snippet.contains("# contains: LR control only\n"), "{snippet}");
        let all = report.join("\n");
        assert!(all.contains("replaced: back at RETURNN's default") && all.contains("min_learning_rate = 1e-05"), "{all}");
    }

    #[test]
    fn merge_keeps_the_rest_and_says_what_it_kept() {
        let mut f = Form::default();
        apply_config(&mut f, FIRST, ImportMode::Replace);
        let report = apply_config(&mut f, SECOND, ImportMode::Merge);
        assert_eq!(f.scheme(), "newbob");
        assert_eq!(f.get("learning_rate"), "0.5");
        assert_eq!(f.get("min_learning_rate"), "1e-05");
        assert_eq!(f.get("accum_grad_multiple_step"), "2");
        assert_eq!(f.get("optimizer-class"), "adam");
        let s = settings(&f);
        assert!(s.assigned.optimizer && s.assigned.num_epochs, "what the first config assigned stays assigned");
        let all = report.join("\n");
        assert!(all.contains("merge: kept from before"), "{all}");
        for kept in ["min_learning_rate = 1e-05", "accum_grad_multiple_step = 2", "optimizer-class = adam", "learning_rates = "] {
            assert!(all.contains(kept), "{kept} in {all}");
        }
        let kept_line = report.iter().find(|l| l.starts_with("merge:")).unwrap();
        let entries: Vec<&str> = kept_line.split_once(": ").unwrap().1.split_once(": ").unwrap().1.split("; ").collect();
        assert!(!entries.iter().any(|e| e.starts_with("learning_rate =") || e.starts_with("learning_rate_control =")), "assigned again, so not kept: {entries:?}");
    }

    #[test]
    fn an_unreadable_config_leaves_the_form_alone() {
        let mut f = Form::default();
        apply_config(&mut f, FIRST, ImportMode::Replace);
        let before = f.clone();
        let report = apply_config(&mut f, "learning_rate = (0.1,\n", ImportMode::Replace);
        assert_eq!(f, before);
        assert!(report[0].starts_with("not read:"), "{report:?}");
        assert_eq!(ImportMode::from_name("merge"), Some(ImportMode::Merge));
        assert_eq!(ImportMode::from_name("x"), None);
    }

    #[test]
    fn evaluated_keys_are_reported_with_their_expression() {
        let mut f = Form::default();
        let text = "import numpy\nlearning_rate = 0.0008\nlearning_rates = list(numpy.linspace(0.0003, learning_rate, num=15))\nmin_learning_rate = learning_rate / 50.\n";
        let report = apply_config(&mut f, text, ImportMode::Replace);
        assert!(report.contains(&"evaluated: `learning_rates` = 15 values from `list(numpy.linspace(0.0003, learning_rate, num=15))`, line 3".to_string()), "{report:#?}");
        assert!(report.contains(&"evaluated: `min_learning_rate` = 1.6e-05 from `learning_rate / 50.`, line 4".to_string()), "{report:#?}");
        assert_eq!(f.get("min_learning_rate"), "1.6e-05");
    }

    #[test]
    fn a_file_returnn_rejects_is_offered_to_import_anyway() {
        let mut f = Form::default();
        let text = "#!rnn.py\nlearning_rate = 0.005\nprint \"starting\"\nnum_epochs = 7\n";
        let report = apply_config(&mut f, text, ImportMode::Replace);
        assert!(was_rejected(&report), "{report:#?}");
        assert!(report[0].contains("line 3") && report[0].contains("print"), "{report:#?}");
        assert_ne!(f.get("learning_rate"), "0.005", "nothing applied from a rejected file");
        let report = apply_config_anyway(&mut f, text, ImportMode::Replace);
        assert!(!was_rejected(&report), "{report:#?}");
        assert!(report[0].starts_with("warning: RETURNN itself would reject this file"), "{report:#?}");
        assert!(report.iter().any(|l| l.starts_with("line 3: skipped") && l.contains("left out")), "{report:#?}");
        assert_eq!(f.get("learning_rate"), "0.005");
        assert_eq!(f.get("num_epochs"), "7");
    }
}
