//! The page: settings on the left; controls, charts, decisions, export and import on the right.
//! The form is kept in the URL query and in localStorage (the URL wins on load).
use super::{charts::Charts, controls::Controls, decision_table::DecisionTable, export_panel::ExportPanel,
            import_panel::ImportPanel, settings_panel::SettingsPanel};
use crate::ui::query;
use crate::ui::state::AppState;
use crate::ui::bench::{self, BenchPanel};
use crate::ui::{run_loop, web};
use leptos::prelude::*;

const STORAGE_KEY: &str = "schedule-explorer.form";

#[component]
pub fn App() -> impl IntoView {
    let start = query::start_form(&web::query(), web::load(STORAGE_KEY).as_deref());
    let ignored = start.ignored.clone();
    let state = AppState::new(start.form);
    // The recorded LRs a shared link carries go on the LR chart, as after loading the file.
    state.overlay.set(start.teach.recorded.clone());
    provide_context(state);
    // One state per panel (shared through context); long work reports through one progress.
    let progress = RwSignal::new(crate::ui::work::Progress::default());
    let replay = crate::ui::replay_state::ReplayState::new(state, progress);
    provide_context(replay);
    provide_context(crate::ui::sweep_state::SweepState::new(&start.teach.sweep_x, &start.teach.sweep_y, progress, replay));
    crate::ui::panel_state::provide(&start.teach);
    provide_context(progress);
    run_loop::install(state);
    // `?bench`: the benchmark changes the form; it leaves the URL and the saved form alone.
    let bench_runs = bench::requested_runs();
    Effect::new(move |_| {
        if bench_runs.is_some() {
            return;
        }
        let q = state.form.with(|f| query::encode(&f.to_pairs()));
        web::replace_query(&q);
        web::store(STORAGE_KEY, &q);
    });
    // The colour theme: `auto` leaves it to `prefers-color-scheme`.
    let theme = RwSignal::new(crate::ui::theme::Theme::from_name(&web::load(crate::ui::theme::STORAGE_KEY).unwrap_or_default()));
    Effect::new(move |_| {
        let t = theme.get();
        web::set_root_attribute("data-theme", Some(t.name()));
        web::store(crate::ui::theme::STORAGE_KEY, t.name());
    });
    // A learning_rate_file dropped anywhere on the page takes the one way in (the replay panel's
    // dropzone and the import panel's field take their own drops first).
    // Only drags that carry files are taken: text dragged into a field keeps its default.
    let _ = window_event_listener(leptos::ev::dragover, |ev| {
        if web::carries_files(&ev) {
            ev.prevent_default();
        }
    });
    let _ = window_event_listener(leptos::ev::drop, move |ev| {
        if ev.default_prevented() {
            return;
        }
        if let Some(file) = web::dropped_file(&ev) {
            ev.prevent_default();
            replay.load_file(state, file, |_| ());
            web::scroll_to("replay-panel");
        }
    });
    let run_error = move || {
        state.tick.track();
        state.run.with_value(|r| r.as_ref().and_then(|r| r.view().error.clone()))
    };
    view! {
        <header>
            <h1>"Schedule Explorer"</h1>
            <p class="tagline">"RETURNN's learning-rate control (newbob & friends) and torch optimizers, exactly — in your browser."</p>
            <label class="theme-switch">"theme "
                <select data-testid="theme" prop:value=move || theme.get().name()
                    on:change=move |ev| theme.set(crate::ui::theme::Theme::from_name(&event_target_value(&ev)))>
                    {crate::ui::theme::Theme::ALL.iter().map(|t| view! { <option value=t.name()>{t.name()}</option> }).collect_view()}
                </select>
            </label>
        </header>
        {bench_runs.map(|runs| view! { <BenchPanel runs=runs /> })}
        <main>
            // On a narrow screen the settings come first: one tap jumps past them to the run.
            <a class="jump" data-testid="jump-to-run" href="#run-view">"↓ charts and decisions"</a>
            <aside><SettingsPanel /></aside>
            <div class="main-col" id="run-view">
                <Controls />
                <super::share::TeachBar />
                {(!ignored.is_empty()).then(|| view! {
                    <div class="notice" data-testid="link-ignored">
                        "Ignored — settings this page does not know (from the link or the saved form): "
                        {ignored.iter().map(|k| view! { <code>{k.clone()}</code>" " }).collect_view()}
                    </div>
                })}
                {move || run_error().map(|e| view! { <div class="run-error" data-testid="run-error">{e}</div> })}
                <Show when=move || !state.errors.with(|e| e.is_empty())>
                    <div class="stale" data-testid="stale">
                        "Some settings have bad values: showing the last good run."
                        <ul>
                            {move || state.errors.get().into_iter().map(|e| view! {
                                <li data-testid=(e.name == "run").then_some("error-run")><code>{e.name.clone()}</code>": "{e.message.clone()}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                </Show>
                <Charts />
                <DecisionTable />
                <super::replay_panel::ReplayPanel />
                <super::compare_panel::ComparePanel />
                <super::frameworks_panel::FrameworksPanel />
                <super::sweep_panel::SweepPanel />
                <ExportPanel />
                <ImportPanel />
            </div>
        </main>
    }
}
