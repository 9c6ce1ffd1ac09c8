//! Applying imported text to the form: a RETURNN config snippet (read by the engine's
//! `returnn::config::import`, which never executes code) or a `learning_rate_file` (read by
//! `returnn::lr_file::parse_pasted`). Everything not applied is listed in the report.
use crate::engine::replay::{default_error_key, error_keys};
use crate::returnn::config::export::py_source;
use crate::returnn::config::import::import;
use crate::returnn::lr_file::parse_pasted;
use crate::py::value::{float_repr, PyValue};
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

/// What an imported `learning_rate_file` gave: the recorded LR per epoch (the overlay) and
/// the report lines.
pub struct LrFileImport {
    pub overlay: Vec<(u64, f64)>,
    pub report: Vec<String>,
}

/// The dev score of an epoch's scores, in RETURNN's default search order (a key starting with
/// `dev_score`, then `dev_error`, then any key with `dev`).
/// Applies a `learning_rate_file`: its dev scores go into scores-only mode (one per epoch, in
/// epoch order) and its learning rates become the overlay; `learning_rate` is set to epoch 1's.
pub fn apply_lr_file(form: &mut Form, text: &str) -> Result<LrFileImport, String> {
    let file = parse_pasted(text).map_err(|e| format!("not a learning_rate_file: {e}"))?;
    if file.is_empty() {
        return Err("the learning_rate_file has no epochs".into());
    }
    let mut report = Vec::new();
    let mut scores = Vec::new();
    let mut overlay = Vec::new();
    // The score of each epoch is the one RETURNN's LR control would decide on (its error-key
    // search, engine::replay), not a guess of the UI's.
    let picks = error_keys(&file, &PyValue::None);
    let score_of = |epoch: i64, d: &crate::returnn::lr_file::EpochData| {
        let pick = picks.iter().find(|p| p.epoch == epoch)?.choice.as_ref()?;
        d.error.iter().find(|(k, _)| *k == pick.key)?.1.as_py_float()
    };
    for (expected, (&epoch, d)) in (1..).zip(&file) {
        if epoch >= 1 {
            overlay.push((epoch as u64, d.lr()));
        }
        if epoch != expected || scores.len() as i64 != epoch - 1 {
            report.push(format!("epoch {epoch}: not consecutive from epoch 1; scores stop before it"));
            break;
        }
        match score_of(epoch, d) {
            Some(s) => scores.push(float_repr(s)),
            None => {
                report.push(format!("epoch {epoch}: no score under RETURNN's error key; scores stop before it"));
                break;
            }
        }
    }
    if let Some(d) = file.get(&1) {
        form.set_field("learning_rate", &py_source(&PyValue::Float(d.lr())));
    }
    if let Some(pick) = default_error_key(&picks) {
        if let Some(c) = &pick.choice {
            report.push(format!("dev scores read from {:?} ({})", c.key, pick.reason));
        }
    }
    form.scores_only = true;
    form.scores = scores.join("\n");
    Ok(LrFileImport { overlay, report })
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

    #[test]
    fn lr_file_import_feeds_scores_only_mode_and_the_overlay() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/realdata/lrfiles/rwth-i6_returnn-experiments_2016-seqtrain-paper__sequence-training__training-scores__mmi.bs-setup.nopc.scores"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let mut f = Form::default();
        let imp = apply_lr_file(&mut f, &text).unwrap();
        assert!(f.scores_only);
        assert_eq!(f.scores.lines().count(), 30);
        assert_eq!(f.scores.lines().next(), Some("0.7485170880882975"));
        assert_eq!(imp.overlay.len(), 30);
        assert_eq!(imp.overlay[2], (3, 8e-05));
        assert_eq!(f.get("learning_rate"), "0.0001");
        assert!(apply_lr_file(&mut Form::default(), "hello").is_err());
        assert!(imp.report.iter().any(|r| r.starts_with("dev scores read from \"dev_score\"")), "{:?}", imp.report);
    }

    /// The scores come from the key RETURNN's search picks: with `dev_error_output2` and
    /// `dev_score_output2` only (no `dev_score`/`dev_score_output`), rule 7 takes the first sorted
    /// `dev_*` key, the error rate.
    #[test]
    fn lr_file_import_uses_returnns_error_key() {
        let text = "{1: EpochData(learningRate=0.1, error={'dev_error_output2': 0.3, 'dev_score_output2': 2.0}),\n2: EpochData(learningRate=0.1, error={'dev_error_output2': 0.25, 'dev_score_output2': 1.5})}\n";
        let mut f = Form::default();
        let imp = apply_lr_file(&mut f, text).unwrap();
        assert_eq!(f.scores, "0.3\n0.25");
        assert!(imp.report.iter().any(|r| r.starts_with("dev scores read from \"dev_error_output2\"")), "{:?}", imp.report);
    }
}
