//! The sweep panel's choices as plain data, and the sweep they ask for ([`sweep_spec`]): the
//! current form's settings, two axes around their current values, the outcome. Compiled and tested
//! natively; the panel's signals (`ui::sweep_state`, wasm only) only hold these choices.
use crate::engine::sweep::{Axis, OutcomeKind, SweepSpec};
use crate::py::value::PyValue;
use crate::ui::form::Form;
use crate::ui::model::settings_from_form;

/// What the sweep panel asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepChoices {
    /// The RETURNN keys on the x and y axes.
    pub x: String,
    pub y: String,
    /// Values per axis (clamped to 2..=25).
    pub n: usize,
    pub outcome: OutcomeKind,
    /// The target dev score of `epochs_to_target` as typed ("" = the run's last dev score).
    pub target: String,
}

impl Default for SweepChoices {
    fn default() -> Self {
        SweepChoices { x: "learning_rate".into(), y: "newbob_learning_rate_decay".into(), n: 9, outcome: OutcomeKind::NumDecays, target: String::new() }
    }
}

/// The sweep of `choices` on the settings of `form`. `last_dev` is the run's last dev score (the
/// default target); `recorded` gives the recorded LRs `reproduces_recorded` compares with (the
/// loaded file's, else the run's). The error says what to fix.
pub fn sweep_spec(form: &Form, choices: &SweepChoices, last_dev: Option<f64>, recorded: impl FnOnce() -> Vec<f64>) -> Result<SweepSpec, String> {
    let base = settings_from_form(form)
        .map_err(|e| format!("fix the settings before a sweep: {}", e.iter().map(|e| format!("{}: {}", e.name, e.message)).collect::<Vec<_>>().join("; ")))?;
    let config = base.lr_control_config();
    let current = |k: &str| {
        config.iter().find(|(n, _)| n == k).and_then(|(_, v)| match v {
            PyValue::Int(i) => Some(*i as f64),
            v => v.as_py_float(),
        })
    };
    let n = choices.n.clamp(2, 25);
    let target = match choices.target.trim() {
        "" => last_dev.unwrap_or(f64::NAN),
        t => t.parse::<f64>().map_err(|_| format!("the target dev score {t:?} is not a number"))?,
    };
    let reproduces = choices.outcome == OutcomeKind::ReproducesRecorded;
    let recorded_lr = if reproduces { recorded() } else { Vec::new() };
    if reproduces && recorded_lr.is_empty() {
        return Err("no recorded run yet: load a learning_rate_file or let the run finish".into());
    }
    let spec = SweepSpec {
        x: Axis::around(choices.x.clone(), current(&choices.x).unwrap_or(f64::NAN), n),
        y: Axis::around(choices.y.clone(), current(&choices.y).unwrap_or(f64::NAN), n),
        outcome: choices.outcome.with_target(target),
        base,
        recorded_lr,
    };
    spec.validate().map_err(|e| e.to_string())?;
    Ok(spec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::sweep::Outcome;

    fn newbob_form() -> Form {
        let mut f = Form::default();
        f.set_field("learning_rate_control", "newbob");
        f.set_field("learning_rate", "0.1");
        f
    }

    #[test]
    fn axes_are_centred_on_the_current_values_and_the_outcome_takes_its_target() {
        let c = SweepChoices { outcome: OutcomeKind::EpochsToTarget, target: "0.5".into(), n: 3, ..SweepChoices::default() };
        let spec = sweep_spec(&newbob_form(), &c, Some(9.0), Vec::new).expect("spec");
        assert_eq!(spec.x.key, "learning_rate");
        assert_eq!(spec.x.values.len(), 3);
        assert!(spec.x.values.contains(&0.1), "{:?}", spec.x.values);
        assert_eq!(spec.outcome, Outcome::EpochsToTarget(0.5));
        let default_target = SweepChoices { target: String::new(), ..c.clone() };
        assert_eq!(sweep_spec(&newbob_form(), &default_target, Some(9.0), Vec::new).expect("spec").outcome, Outcome::EpochsToTarget(9.0));
    }

    #[test]
    fn bad_choices_say_what_to_fix() {
        let bad_target = SweepChoices { outcome: OutcomeKind::EpochsToTarget, target: "abc".into(), ..SweepChoices::default() };
        assert!(sweep_spec(&newbob_form(), &bad_target, None, Vec::new).unwrap_err().contains("\"abc\""));
        let recorded = SweepChoices { outcome: OutcomeKind::ReproducesRecorded, ..SweepChoices::default() };
        assert!(sweep_spec(&newbob_form(), &recorded, None, Vec::new).unwrap_err().contains("no recorded run"));
        assert!(sweep_spec(&newbob_form(), &recorded, None, || vec![0.1, 0.1]).is_ok());
        let mut bad_form = newbob_form();
        bad_form.set_field("learning_rate", "abc");
        assert!(sweep_spec(&bad_form, &SweepChoices::default(), None, Vec::new).unwrap_err().starts_with("fix the settings before a sweep: learning_rate"));
    }
}
