//! The sweep panel's state: its choices ([`SweepChoices`] as signals), the spec and results of the
//! sweep on screen, and the run in Web Workers ([`crate::ui::sweep_workers`]). The spec itself is
//! built natively ([`crate::ui::sweep_model::sweep_spec`]).
use crate::engine::sweep::{CellResult, OutcomeKind, SweepSpec};
use crate::ui::replay_state::ReplayState;
use crate::ui::state::AppState;
use crate::ui::sweep_model::{sweep_spec, SweepChoices};
use crate::ui::sweep_workers;
use crate::ui::work::{Progress, Work};
use leptos::prelude::*;
use std::rc::Rc;

#[derive(Clone, Copy)]
pub struct SweepState {
    /// The RETURNN keys on the axes.
    pub x: RwSignal<String>,
    pub y: RwSignal<String>,
    /// Values per axis.
    pub n: RwSignal<usize>,
    pub outcome: RwSignal<OutcomeKind>,
    /// The target dev score of `epochs_to_target`, as typed.
    pub target: RwSignal<String>,
    pub spec: RwSignal<Option<SweepSpec>>,
    /// Row-major (y outer) like the heat-map; `None` = not computed yet.
    pub results: RwSignal<Vec<Option<CellResult>>>,
    pub error: RwSignal<Option<String>>,
    pub selected: RwSignal<Option<(usize, usize)>>,
    progress: RwSignal<Progress>,
    /// Bumped to cancel the sweep in progress (a new run, or new data).
    generation: StoredValue<u64>,
}

impl SweepState {
    /// The state with the axes of a shared link (empty = the defaults); a newly loaded file
    /// cancels the sweep in progress (its cells were computed on the old data).
    pub fn new(x: &str, y: &str, progress: RwSignal<Progress>, replay: ReplayState) -> SweepState {
        let d = SweepChoices::default();
        let s = SweepState {
            x: RwSignal::new(if x.is_empty() { d.x } else { x.to_string() }),
            y: RwSignal::new(if y.is_empty() { d.y } else { y.to_string() }),
            n: RwSignal::new(d.n),
            outcome: RwSignal::new(d.outcome),
            target: RwSignal::new(d.target),
            spec: RwSignal::new(None),
            results: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            selected: RwSignal::new(None),
            progress,
            generation: StoredValue::new(0),
        };
        Effect::new(move |first: Option<()>| {
            replay.file_tick.track();
            if first.is_some() {
                s.cancel();
            }
        });
        s
    }

    /// The panel's choices now.
    fn choices(&self) -> SweepChoices {
        SweepChoices {
            x: self.x.get_untracked(),
            y: self.y.get_untracked(),
            n: self.n.get_untracked(),
            outcome: self.outcome.get_untracked(),
            target: self.target.get_untracked(),
        }
    }

    /// Stops the sweep in progress (its workers are terminated, its late results dropped).
    pub fn cancel(&self) {
        self.generation.update_value(|g| *g += 1);
        sweep_workers::cancel();
        if self.progress.with_untracked(|p| p.what == Work::Sweep && !p.finished) {
            self.progress.update(|p| p.finished = true);
        }
    }

    /// Runs the sweep over the two chosen settings ([`crate::engine::sweep`]) in Web Workers:
    /// cells go out in small row-major batches and fill the heat-map as their results arrive.
    pub fn run(self, app: AppState, replay: ReplayState) {
        self.cancel();
        self.error.set(None);
        let form = app.form.get_untracked();
        let last_dev = app.run.with_value(|r| r.as_ref().and_then(|r| r.view().rows.iter().rev().find_map(|x| x.dev_score)));
        // A `reproduces_recorded` sweep compares with the loaded file's LRs, else the run's.
        let recorded = || {
            replay.recorded_lrs().unwrap_or_else(|| app.run.with_value(|r| r.as_ref().map(|r| r.view().rows.iter().map(|x| x.lr).collect()).unwrap_or_default()))
        };
        let spec = match sweep_spec(&form, &self.choices(), last_dev, recorded) {
            Ok(s) => s,
            Err(e) => return self.error.set(Some(e)),
        };
        let generation = self.generation.get_value();
        let total = spec.num_cells();
        // Several batches per worker (the fast ones take more), each small enough to show progress.
        let batch = (total / (sweep_workers::pool_size() * 8)).clamp(1, 8);
        let jobs = crate::ui::sweep_job::jobs(&form, &spec, batch);
        self.results.set(vec![None; total]);
        self.selected.set(None);
        self.spec.set(Some(spec));
        self.progress.set(Progress::start(Work::Sweep, total));
        let on_result: sweep_workers::OnResult = Rc::new(move |generation, result| match result {
            Ok(cells) => self.store(generation, cells),
            Err(e) => self.failed(generation, e),
        });
        if let Err(e) = sweep_workers::start(generation, jobs, on_result) {
            self.failed(generation, e);
        }
    }

    /// Stores finished cells and updates the progress.
    fn store(&self, generation: u64, results: Vec<CellResult>) {
        if self.generation.get_value() != generation {
            return;
        }
        let w = self.spec.with_untracked(|s| s.as_ref().map(|s| s.x.values.len())).unwrap_or(0);
        let n = results.len();
        self.results.update(|all| {
            for r in results {
                let i = r.iy * w + r.ix;
                if let Some(slot) = all.get_mut(i) {
                    *slot = Some(r);
                }
            }
        });
        self.progress.update(|p| {
            p.done = (p.done + n).min(p.total);
            p.finished = p.done >= p.total;
        });
    }

    /// A worker could not run (or answered with an error): the sweep stops with the message.
    fn failed(&self, generation: u64, message: String) {
        if self.generation.get_value() != generation {
            return;
        }
        self.cancel();
        self.error.set(Some(format!("the sweep stopped: {message}")));
    }
}
