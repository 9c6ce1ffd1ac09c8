//! Signals of the teach / replay / compare panels (shared through context, next to `AppState`).
//! Long work is reported through [`Progress`]: reading a big learning_rate_file runs in slices per
//! animation frame, a sweep in Web Workers ([`crate::ui::sweep_workers`]).
use crate::engine::sweep::{Axis, CellResult, Outcome, SweepSpec};
use crate::engine::workbench::{replay, ReplayView};
use crate::returnn::lr_file::chunked::ChunkedParser;
use crate::returnn::lr_file::LrFile;
use crate::py::value::PyValue;
use crate::py::typed_config::TypedConfig;
use crate::ui::form::Form;
use crate::ui::state::AppState;
use crate::ui::sweep_workers;
use crate::ui::teach_model::{self, TeachView};
use crate::ui::web;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// Long work in progress (the `progress` hook).
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// `file` or `sweep` (empty before any work).
    pub what: String,
    pub done: usize,
    pub total: usize,
    pub finished: bool,
}

#[derive(Clone, Copy)]
pub struct TeachState {
    /// The replayed learning_rate_file (not reactive; `file_tick` is bumped when it changes).
    pub file: StoredValue<Option<LrFile>>,
    pub file_tick: RwSignal<u64>,
    pub file_name: RwSignal<String>,
    pub load_error: RwSignal<Option<String>>,
    pub progress: RwSignal<Progress>,
    /// The replay of the file under the current settings (`Err` = bad LR-control fields).
    pub replay: Memo<Option<Result<ReplayView, String>>>,
    replay_cache: StoredValue<Option<ReplayCache>>,
    /// How many replays were run (the `data-replays` hook: one per loaded file).
    pub replays: StoredValue<u64>,
    /// The epoch explained in the replay panel.
    pub explain_epoch: RwSignal<Option<i64>>,
    /// A/B compare: the B settings (`None` = compare off).
    pub compare_b: RwSignal<Option<Form>>,
    pub framework: RwSignal<String>,
    /// Advanced controls (URL flag `advanced=1`).
    pub advanced: RwSignal<bool>,
    pub sweep_x: RwSignal<String>,
    pub sweep_y: RwSignal<String>,
    pub sweep_n: RwSignal<usize>,
    /// The outcome's name (see [`Outcome::NAMES`]) and the target of `epochs_to_target`.
    pub sweep_outcome: RwSignal<String>,
    pub sweep_target: RwSignal<String>,
    pub sweep_spec: RwSignal<Option<SweepSpec>>,
    /// Row-major (y outer) like the heat-map; `None` = not computed yet.
    pub sweep_results: RwSignal<Vec<Option<CellResult>>>,
    pub sweep_error: RwSignal<Option<String>>,
    pub sweep_selected: RwSignal<Option<(usize, usize)>>,
    /// Bumped to cancel the sweep in progress (a new run, or new data).
    sweep_gen: StoredValue<u64>,
    /// The tour step shown (`None` = closed).
    pub tour: RwSignal<Option<usize>>,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Milliseconds of work per animation frame (leaves the rest of the frame for drawing).
const FRAME_BUDGET_MS: f64 = 10.0;

impl TeachState {
    pub fn new(app: AppState) -> TeachState {
        let view = teach_model::teach_view_from_pairs(&web::query_pairs());
        let file = StoredValue::new(None::<LrFile>);
        let file_tick = RwSignal::new(0u64);
        let cache = StoredValue::new(None::<ReplayCache>);
        let replays = StoredValue::new(0u64);
        // A replay of a 2 000-epoch file takes a noticeable time: it is redone only when the
        // LR-control config or the file changed (not for other fields, nor after `loaded`).
        let replay = Memo::new(move |_| {
            let tick = file_tick.get();
            let form = app.form.get();
            let cfg = match teach_model::lr_settings(&form) {
                Ok(s) => teach_model::lr_config(&s),
                Err(e) => return file.with_value(|f| f.as_ref().map(|_| Err(e))),
            };
            if let Some(v) = cache.with_value(|c| c.as_ref().filter(|c| c.tick == tick && c.config == cfg).map(|c| c.view.clone())) {
                return Some(Ok(v));
            }
            let view = file.with_value(|f| {
                f.as_ref().map(|f| {
                    replays.update_value(|n| *n += 1);
                    replay(&cfg, f)
                })
            })?;
            cache.set_value(Some(ReplayCache { tick, config: cfg, view: view.clone() }));
            Some(Ok(view))
        });
        let x = if view.sweep_x.is_empty() { "learning_rate".to_string() } else { view.sweep_x };
        let y = if view.sweep_y.is_empty() { "newbob_learning_rate_decay".to_string() } else { view.sweep_y };
        TeachState {
            file,
            file_tick,
            file_name: RwSignal::new(String::new()),
            load_error: RwSignal::new(None),
            progress: RwSignal::new(Progress { what: String::new(), done: 0, total: 0, finished: true }),
            replay,
            replay_cache: cache,
            replays,
            explain_epoch: RwSignal::new(None),
            compare_b: RwSignal::new(view.compare),
            framework: RwSignal::new(if view.framework.is_empty() { "pytorch".into() } else { view.framework }),
            advanced: RwSignal::new(view.advanced),
            sweep_x: RwSignal::new(x),
            sweep_y: RwSignal::new(y),
            sweep_n: RwSignal::new(9),
            sweep_outcome: RwSignal::new("num_decays".into()),
            sweep_target: RwSignal::new(String::new()),
            sweep_spec: RwSignal::new(None),
            sweep_results: RwSignal::new(Vec::new()),
            sweep_error: RwSignal::new(None),
            sweep_selected: RwSignal::new(None),
            sweep_gen: StoredValue::new(0),
            tour: RwSignal::new(None),
        }
    }

    /// `f` of the current replay, read in place (a 2 000-epoch replay is never cloned for it);
    /// `None` without a file or while the LR-control settings have errors. Tracks the replay.
    pub fn with_replay<T>(&self, f: impl FnOnce(&ReplayView) -> T) -> Option<T> {
        self.replay.with(|r| match r {
            Some(Ok(v)) => Some(f(v)),
            _ => None,
        })
    }

    /// The teach part of the current view (for the share link).
    pub fn view(&self) -> TeachView {
        TeachView {
            compare: self.compare_b.get(),
            framework: self.framework.get(),
            advanced: self.advanced.get(),
            sweep_x: self.sweep_x.get(),
            sweep_y: self.sweep_y.get(),
            recorded: vec![],
        }
    }

    /// Reads a learning_rate_file in slices per animation frame, then replays it and puts its
    /// scores into the app (scores-only mode, recorded LRs as the LR chart's overlay).
    pub fn load_text(self, app: AppState, text: String, name: String) {
        self.load_error.set(None);
        self.file_name.set(name);
        let reader = ChunkedParser::new(text);
        self.progress.set(Progress { what: "file".into(), done: 0, total: reader.progress().bytes_total, finished: false });
        let reader = Rc::new(RefCell::new(Some(reader)));
        self.load_frame(app, reader);
    }

    fn load_frame(self, app: AppState, reader: Rc<RefCell<Option<ChunkedParser>>>) {
        request_animation_frame(move || {
            let start = now_ms();
            let mut finished = false;
            if let Some(r) = reader.borrow_mut().as_mut() {
                while !finished && now_ms() - start < FRAME_BUDGET_MS {
                    finished = r.step(32 * 1024).done;
                }
                let p = r.progress();
                let (done, total) = (p.bytes_done, p.bytes_total);
                self.progress.update(|p| {
                    p.done = done;
                    p.total = total;
                });
            }
            if !finished {
                return self.load_frame(app, reader);
            }
            let result = reader.borrow_mut().take().map(ChunkedParser::finish_pasted);
            match result {
                // The replay and the new run start in the next frames (each its own slice).
                Some(Ok(file)) if !file.is_empty() => request_animation_frame(move || self.loaded(app, file)),
                Some(Ok(_)) => self.load_error.set(Some("the learning_rate_file has no epochs".into())),
                Some(Err(e)) => self.load_error.set(Some(e.to_string())),
                None => {}
            }
            self.progress.update(|p| {
                p.done = p.total;
                p.finished = true;
            });
        });
    }

    /// Replays the parsed file once (one animation frame), then, in the next frame, shows it
    /// and puts its scores into the app ([`TeachState::show_loaded`]).
    fn loaded(self, app: AppState, file: LrFile) {
        let mut form = app.form.get_untracked();
        // The form takes the file's first recorded LR as `learning_rate` (`apply_replay`): set it
        // before the replay, so the one replay done here is the one the new form asks for (a
        // second replay of a 2 000-epoch file cost a long frame).
        if let Some(lr) = teach_model::first_recorded_lr(&file) {
            form.set_field("learning_rate", &crate::py::value::float_repr(lr));
        }
        let cfg = teach_model::lr_settings(&form).map(|s| teach_model::lr_config(&s)).unwrap_or_else(|_| TypedConfig::new());
        self.replays.update_value(|n| *n += 1);
        let view = replay(&cfg, &file);
        request_animation_frame(move || self.show_loaded(app, file, form, cfg, view));
    }

    fn show_loaded(self, app: AppState, file: LrFile, mut form: Form, cfg: TypedConfig, view: ReplayView) {
        let overlay = teach_model::apply_replay(&mut form, &view);
        self.file.set_value(Some(file));
        self.explain_epoch.set(None);
        self.cancel_sweep();
        let tick = self.file_tick.get_untracked() + 1;
        // The replay of the new form's LR config is this one unless `apply_replay` changed it.
        let new_cfg = teach_model::lr_settings(&form).map(|s| teach_model::lr_config(&s)).unwrap_or_else(|_| TypedConfig::new());
        if new_cfg == cfg {
            self.replay_cache.set_value(Some(ReplayCache { tick, config: cfg, view }));
        }
        self.file_tick.set(tick);
        app.overlay.set(overlay);
        app.set_form(form);
    }

    /// The learning rates a `reproduces_recorded` sweep compares with: the loaded file's
    /// (epochs >= 1), else the run on screen's.
    fn sweep_recorded(&self, app: AppState) -> Vec<f64> {
        let from_file = self.file.with_value(|f| {
            f.as_ref().map(|f| f.iter().filter(|(e, _)| **e >= 1).map(|(_, d)| d.lr()).collect::<Vec<f64>>())
        });
        from_file.unwrap_or_else(|| app.run.with_value(|r| r.as_ref().map(|r| r.view().rows.iter().map(|x| x.lr).collect()).unwrap_or_default()))
    }

    /// Stops the sweep in progress (its workers are terminated, its late results dropped).
    pub fn cancel_sweep(&self) {
        self.sweep_gen.update_value(|g| *g += 1);
        sweep_workers::cancel();
        if self.progress.with_untracked(|p| p.what == "sweep" && !p.finished) {
            self.progress.update(|p| p.finished = true);
        }
    }

    /// The sweep spec of the current form and the panel's choices.
    fn sweep_spec_of(&self, app: AppState) -> Result<SweepSpec, String> {
        let form = app.form.get_untracked();
        let base = crate::ui::model::settings_from_form(&form)
            .map_err(|e| format!("fix the settings before a sweep: {}", e.iter().map(|e| format!("{}: {}", e.name, e.message)).collect::<Vec<_>>().join("; ")))?;
        let config = base.lr_control_config();
        let current = |k: &str| {
            config.iter().find(|(n, _)| n == k).and_then(|(_, v)| match v {
                PyValue::Int(i) => Some(*i as f64),
                v => v.as_py_float(),
            })
        };
        let (xk, yk) = (self.sweep_x.get_untracked(), self.sweep_y.get_untracked());
        let n = self.sweep_n.get_untracked().clamp(2, 25);
        let last_dev = app.run.with_value(|r| r.as_ref().and_then(|r| r.view().rows.iter().rev().find_map(|x| x.dev_score)));
        let target_text = self.sweep_target.get_untracked();
        let target = match target_text.trim() {
            "" => last_dev.unwrap_or(f64::NAN),
            t => t.parse::<f64>().map_err(|_| format!("the target dev score {t:?} is not a number"))?,
        };
        let name = self.sweep_outcome.get_untracked();
        let outcome = Outcome::from_name(&name, target).ok_or_else(|| format!("unknown outcome {name:?}"))?;
        let recorded_lr = if outcome == Outcome::ReproducesRecorded { self.sweep_recorded(app) } else { Vec::new() };
        if outcome == Outcome::ReproducesRecorded && recorded_lr.is_empty() {
            return Err("no recorded run yet: load a learning_rate_file or let the run finish".into());
        }
        let spec = SweepSpec {
            x: Axis::around(xk.clone(), current(&xk).unwrap_or(f64::NAN), n),
            y: Axis::around(yk.clone(), current(&yk).unwrap_or(f64::NAN), n),
            outcome,
            base,
            recorded_lr,
        };
        spec.validate().map_err(|e| e.to_string())?;
        Ok(spec)
    }

    /// Runs the sweep over the two chosen settings ([`crate::engine::sweep`]) in Web Workers
    /// ([`sweep_workers`]): cells go out in small row-major batches and fill the heat-map as
    /// their results arrive.
    pub fn run_sweep(self, app: AppState) {
        self.cancel_sweep();
        self.sweep_error.set(None);
        let spec = match self.sweep_spec_of(app) {
            Ok(s) => s,
            Err(e) => return self.sweep_error.set(Some(e)),
        };
        let gen = self.sweep_gen.get_value();
        let total = spec.num_cells();
        // Several batches per worker (the fast ones take more), each small enough to show progress.
        let batch = (total / (sweep_workers::pool_size() * 8)).clamp(1, 8);
        let jobs = app.form.with_untracked(|f| crate::ui::sweep_job::jobs(f, &spec, batch));
        self.sweep_results.set(vec![None; total]);
        self.sweep_selected.set(None);
        self.sweep_spec.set(Some(spec));
        self.progress.set(Progress { what: "sweep".into(), done: 0, total, finished: false });
        let on_result: sweep_workers::OnResult = Rc::new(move |gen, result| match result {
            Ok(cells) => self.sweep_store(gen, cells),
            Err(e) => self.sweep_failed(gen, e),
        });
        if let Err(e) = sweep_workers::start(gen, jobs, on_result) {
            self.sweep_failed(gen, e);
        }
    }

    /// Stores finished cells and updates the progress.
    fn sweep_store(&self, gen: u64, results: Vec<CellResult>) {
        if self.sweep_gen.get_value() != gen {
            return;
        }
        let w = self.sweep_spec.with_untracked(|s| s.as_ref().map(|s| s.x.values.len())).unwrap_or(0);
        let n = results.len();
        self.sweep_results.update(|all| {
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
    fn sweep_failed(&self, gen: u64, message: String) {
        if self.sweep_gen.get_value() != gen {
            return;
        }
        self.cancel_sweep();
        self.sweep_error.set(Some(format!("the sweep stopped: {message}")));
    }
}

/// The last replay and what it was made of.
pub struct ReplayCache {
    tick: u64,
    config: TypedConfig,
    view: ReplayView,
}

/// Reads a picked or dropped file as text (errors are reported as text).
pub fn read_file(file: web_sys::File, on_text: impl FnOnce(Result<String, String>) + 'static) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let Ok(reader) = web_sys::FileReader::new() else { return on_text(Err("this browser cannot read files".into())) };
    let r2 = reader.clone();
    let onload = Closure::once(move |_: web_sys::Event| {
        on_text(r2.result().ok().and_then(|v| v.as_string()).ok_or_else(|| "the file is not text".to_string()))
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_text(&file);
}

/// `document.querySelectorAll(selector)` as elements (without web-sys' NodeList feature).
pub fn select_all(selector: &str) -> Vec<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return vec![] };
    let Ok(f) = js_sys::Reflect::get(&doc, &"querySelectorAll".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else {
        return vec![];
    };
    let Ok(list) = f.call1(&doc, &selector.into()) else { return vec![] };
    js_sys::Array::from(&list).iter().filter_map(|n| n.dyn_into::<web_sys::Element>().ok()).collect()
}
