//! The small panels' signals, one state each (shared through context): A/B compare, the framework
//! of the equivalents panel, the tour, and the advanced-controls flag. The replay and the sweep
//! have their own modules ([`crate::ui::replay_state`], [`crate::ui::sweep_state`]).
use crate::engine::equivalents::Framework;
use crate::ui::form::Form;
use crate::ui::teach_model::TeachView;
use leptos::prelude::*;

/// A/B compare: the B settings (`None` = compare off).
#[derive(Clone, Copy)]
pub struct CompareState {
    pub b: RwSignal<Option<Form>>,
}

/// The framework the equivalents panel shows.
#[derive(Clone, Copy)]
pub struct FrameworkState {
    pub framework: RwSignal<Framework>,
}

/// The tour step shown (`None` = closed).
#[derive(Clone, Copy)]
pub struct TourState {
    pub step: RwSignal<Option<usize>>,
}

/// Advanced controls (URL flag `advanced=1`).
#[derive(Clone, Copy)]
pub struct ViewFlags {
    pub advanced: RwSignal<bool>,
    /// `scores-log` once the user set it: score axes (run, A/B compare, replay) on a log scale
    /// (when all scores are positive) or linear; `None` = each chart's own default.
    pub scores_log: RwSignal<Option<bool>>,
}

/// Creates the small panels' states from a shared view and provides them as context.
pub fn provide(view: &TeachView) {
    provide_context(CompareState { b: RwSignal::new(view.compare.clone()) });
    provide_context(FrameworkState { framework: RwSignal::new(view.framework.unwrap_or(Framework::PyTorch)) });
    provide_context(TourState { step: RwSignal::new(None) });
    provide_context(ViewFlags { advanced: RwSignal::new(view.advanced), scores_log: RwSignal::new(None) });
}
