//! The replay panel's state: the loaded `learning_rate_file`, its replay under the current
//! LR-control settings (a memo), and the one way a file gets in ([`ReplayState::load_text`]),
//! whichever control it came through (the replay panel's text or file, the import panel's text or
//! file, a drop on the page). A big file is read in slices per animation frame, with progress.
use crate::engine::workbench::{replay, ReplayView};
use crate::py::typed_config::TypedConfig;
use crate::py::value::float_repr;
use crate::returnn::lr_file::chunked::ChunkedParser;
use crate::returnn::lr_file::LrFile;
use crate::ui::form::Form;
use crate::ui::state::AppState;
use crate::ui::teach_model;
use crate::ui::work::{Progress, Work};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Clone, Copy)]
pub struct ReplayState {
    /// The replayed learning_rate_file (not reactive; `file_tick` is bumped when it changes).
    pub file: StoredValue<Option<LrFile>>,
    pub file_tick: RwSignal<u64>,
    pub file_name: RwSignal<String>,
    /// Why the last file could not be loaded (the previous one is gone from the view then).
    pub load_error: RwSignal<Option<String>>,
    pub progress: RwSignal<Progress>,
    /// The replay of the file under the current settings (`Err` = bad LR-control fields).
    pub replay: Memo<Option<Result<ReplayView, String>>>,
    replay_cache: StoredValue<Option<ReplayCache>>,
    /// How many replays were run (the `data-replays` hook: one per loaded file).
    pub replays: StoredValue<u64>,
    /// The epoch explained in the replay panel.
    pub explain_epoch: RwSignal<Option<i64>>,
}

/// The last replay and what it was made of.
struct ReplayCache {
    tick: u64,
    config: TypedConfig,
    view: ReplayView,
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Milliseconds of work per animation frame (leaves the rest of the frame for drawing).
const FRAME_BUDGET_MS: f64 = 10.0;

/// The LR-control config the replay of `form` runs under (a form with bad LR-control fields
/// replays under RETURNN's defaults until they are fixed).
fn replay_config(form: &Form) -> TypedConfig {
    teach_model::lr_settings(form).map(|s| teach_model::lr_config(&s)).unwrap_or_else(|_| TypedConfig::new())
}

impl ReplayState {
    pub fn new(app: AppState, progress: RwSignal<Progress>) -> ReplayState {
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
        ReplayState {
            file,
            file_tick,
            file_name: RwSignal::new(String::new()),
            load_error: RwSignal::new(None),
            progress,
            replay,
            replay_cache: cache,
            replays,
            explain_epoch: RwSignal::new(None),
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

    /// The recorded learning rates of the loaded file (epochs >= 1), if one is loaded.
    pub fn recorded_lrs(&self) -> Option<Vec<f64>> {
        self.file.with_value(|f| f.as_ref().map(|f| f.iter().filter(|(e, _)| **e >= 1).map(|(_, d)| d.lr()).collect()))
    }

    /// Reads a learning_rate_file in slices per animation frame, then replays it and puts its
    /// scores into the app ([`teach_model::apply_replay`]). The one way in for a file.
    pub fn load_text(self, app: AppState, text: String, name: String) {
        self.load_error.set(None);
        let reader = ChunkedParser::new(text);
        self.progress.set(Progress::start(Work::File, reader.progress().bytes_total));
        let reader = Rc::new(RefCell::new(Some(reader)));
        self.load_frame(app, reader, name);
    }

    /// Reads a picked or dropped file and loads it ([`Self::load_text`]); `then` gets its text
    /// first (a panel that shows what was loaded). A file that cannot be read is a
    /// [`Self::load_failed`].
    pub fn load_file(self, app: AppState, file: web_sys::File, then: impl FnOnce(&str) + 'static) {
        let name = file.name();
        crate::ui::web::read_file(file, move |r| match r {
            Ok(text) => {
                then(&text);
                self.load_text(app, text, name);
            }
            Err(e) => self.load_failed(app, e),
        });
    }

    /// A file that could not be read: the previous one leaves the view (no stale replay is shown
    /// under the new file's name), and the error says why.
    pub fn load_failed(self, app: AppState, message: String) {
        self.file.set_value(None);
        self.replay_cache.set_value(None);
        self.file_name.set(String::new());
        self.explain_epoch.set(None);
        self.file_tick.update(|t| *t += 1);
        app.overlay.set(Vec::new());
        app.import_report.set(vec![format!("not loaded: {message}")]);
        self.load_error.set(Some(message));
    }

    fn load_frame(self, app: AppState, reader: Rc<RefCell<Option<ChunkedParser>>>, name: String) {
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
                return self.load_frame(app, reader, name);
            }
            let result = reader.borrow_mut().take().map(ChunkedParser::finish_pasted);
            match result {
                // The replay and the new run start in the next frames (each its own slice).
                Some(Ok(file)) if !file.is_empty() => request_animation_frame(move || self.loaded(app, file, name)),
                Some(Ok(_)) => self.load_failed(app, "the learning_rate_file has no epochs".into()),
                Some(Err(e)) => self.load_failed(app, e.to_string()),
                None => {}
            }
            self.progress.update(|p| {
                p.done = p.total;
                p.finished = true;
            });
        });
    }

    /// Replays the parsed file once (one animation frame), then, in the next frame, shows it
    /// and puts its scores into the app ([`ReplayState::show_loaded`]).
    fn loaded(self, app: AppState, file: LrFile, name: String) {
        let mut form = app.form.get_untracked();
        // The form takes the file's first recorded LR as `learning_rate` (`apply_replay`): set it
        // before the replay, so the one replay done here is the one the new form asks for (a
        // second replay of a 2 000-epoch file cost a long frame).
        if let Some(lr) = teach_model::first_recorded_lr(&file) {
            form.set_field("learning_rate", &float_repr(lr));
        }
        let cfg = replay_config(&form);
        self.replays.update_value(|n| *n += 1);
        let view = replay(&cfg, &file);
        request_animation_frame(move || self.show_loaded(app, file, name, form, cfg, view));
    }

    fn show_loaded(self, app: AppState, file: LrFile, name: String, mut form: Form, cfg: TypedConfig, view: ReplayView) {
        let applied = teach_model::apply_replay(&mut form, &view);
        self.file.set_value(Some(file));
        self.file_name.set(name);
        self.explain_epoch.set(None);
        let tick = self.file_tick.get_untracked() + 1;
        // The replay of the new form's LR config is this one unless `apply_replay` changed it.
        if replay_config(&form) == cfg {
            self.replay_cache.set_value(Some(ReplayCache { tick, config: cfg, view }));
        }
        self.file_tick.set(tick);
        app.overlay.set(applied.overlay);
        app.import_report.set(applied.report);
        app.set_form(form);
    }
}
