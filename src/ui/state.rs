//! The app's signals (the only reactive state), created once and shared through context.
//!
//! The run itself lives in a non-reactive [`StoredValue`]; `tick` is bumped whenever it changes,
//! so the charts redraw once per frame, never per update.
use crate::ui::form::{FieldError, Form};
use crate::ui::model::{settings_from_form, Run};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct AppState {
    /// What the user typed (never discarded).
    pub form: RwSignal<Form>,
    /// Field errors of the current form (empty = the run on screen matches the form).
    pub errors: RwSignal<Vec<FieldError>>,
    /// The last good run.
    pub run: StoredValue<Option<Run>>,
    /// Bumped whenever `run` changed.
    pub tick: RwSignal<u64>,
    pub running: RwSignal<bool>,
    /// Updates per animation frame.
    pub speed: RwSignal<u64>,
    /// The epoch whose decision is explained.
    pub explain: RwSignal<Option<u64>>,
    /// Learning rates recorded in an imported learning_rate_file.
    pub overlay: RwSignal<Vec<(u64, f64)>>,
    /// Lines skipped by the last import.
    pub import_report: RwSignal<Vec<String>>,
    /// The preset box's value: a preset's key, `""` (none chosen) or
    /// [`crate::ui::form::CUSTOM_PRESET`] after an import.
    pub preset: RwSignal<String>,
    /// "continue": a field edit resumes after the last completed epoch (RETURNN restarted with
    /// the edited config) instead of re-running from the start.
    pub continue_run: RwSignal<bool>,
    /// What the last edit did when continuing (continued after epoch k, or why it restarted).
    pub continue_note: RwSignal<Option<String>>,
    /// The RETURNN traps in the settings of the run on screen (field, message): computed once
    /// per change of the run, read by every field.
    pub warnings: Memo<Vec<(String, String)>>,
}

impl AppState {
    pub fn new(initial: Form) -> AppState {
        let form = RwSignal::new(initial);
        // The run on screen has the form's settings whenever they are good; while the form has
        // bad values the last good run stays, and so do its warnings.
        let warnings = Memo::new(move |prev: Option<&Vec<(String, String)>>| match form.with(settings_from_form) {
            Ok(s) => crate::ui::model::warnings(&s),
            Err(_) => prev.cloned().unwrap_or_default(),
        });
        let s = AppState {
            form,
            errors: RwSignal::new(vec![]),
            run: StoredValue::new(None),
            tick: RwSignal::new(0),
            running: RwSignal::new(false),
            speed: RwSignal::new(50),
            explain: RwSignal::new(None),
            overlay: RwSignal::new(vec![]),
            import_report: RwSignal::new(vec![]),
            preset: RwSignal::new(String::new()),
            continue_run: RwSignal::new(false),
            continue_note: RwSignal::new(None),
            warnings,
        };
        s.rebuild();
        s
    }

    /// Re-creates the run from the start with the current form. On errors the previous run
    /// stays on screen and only the messages change.
    pub fn rebuild(&self) {
        let form = self.form.get_untracked();
        match Run::from_form(&form) {
            Ok(run) => {
                self.run.set_value(Some(run));
                self.errors.set(vec![]);
                self.continue_note.set(None);
                self.explain.set(None);
                self.running.set(true);
                self.tick.update(|t| *t += 1);
            }
            Err(errors) => {
                self.errors.set(errors);
            }
        }
    }

    /// Sets one field's text and re-runs (or, with "continue" checked, continues the run).
    pub fn set_field(&self, name: &str, text: &str) {
        self.form.update(|f| f.set_field(name, text));
        if self.continue_run.get_untracked() && self.run.with_value(Option::is_some) {
            self.continue_from_form();
        } else {
            self.rebuild();
        }
    }

    /// Continues the run on screen with the current form ([`Run::continue_with`]): the completed
    /// epochs stay, the run loop keeps its state (a finished run that now has epochs left runs
    /// on). When the run cannot continue (another surface, start point or mode) it restarts
    /// from the start and the note says why; bad values are reported at their fields as usual.
    fn continue_from_form(&self) {
        let form = self.form.get_untracked();
        let settings = match settings_from_form(&form) {
            Ok(s) => s,
            Err(errors) => {
                self.errors.set(errors);
                return;
            }
        };
        let was_done = self.run.with_value(|r| r.as_ref().is_none_or(Run::is_done));
        match self.run.with_value(|r| r.as_ref().map(|r| r.continue_with(settings))) {
            Some(Ok(run)) => {
                let kept = run.view().rows.len();
                let done = run.is_done();
                self.run.set_value(Some(run));
                self.errors.set(vec![]);
                self.continue_note.set(Some(format!("continued after epoch {kept}")));
                if was_done && !done {
                    self.running.set(true);
                }
                self.tick.update(|t| *t += 1);
            }
            Some(Err(e)) => {
                self.rebuild();
                if self.errors.with_untracked(Vec::is_empty) {
                    self.continue_note.set(Some(format!("cannot continue ({e}): restarted from the start")));
                }
            }
            None => self.rebuild(),
        }
    }

    pub fn set_form(&self, form: Form) {
        self.form.set(form);
        self.rebuild();
    }

    /// Advances the run by `n` updates; returns whether it is done.
    pub fn advance(&self, n: u64) -> bool {
        let mut done = true;
        self.run.update_value(|r| {
            if let Some(r) = r {
                r.advance(n);
                done = r.is_done();
            }
        });
        self.tick.update(|t| *t += 1);
        done
    }

    /// Back to epoch 0 of the same settings (paused).
    pub fn reset(&self) {
        self.running.set(false);
        let form = self.form.get_untracked();
        if let Ok(run) = Run::from_form(&form) {
            self.run.set_value(Some(run));
        }
        self.explain.set(None);
        self.tick.update(|t| *t += 1);
    }

    /// The error message of a field, if its value is bad.
    pub fn error_of(&self, name: &str) -> Option<String> {
        self.errors.with(|e| e.iter().find(|e| e.name == name).map(|e| e.message.clone()))
    }
}
