//! The live RETURNN snippet (copy, download) and the run's learning_rate_file and CSV.
use crate::ui::state::AppState;
use crate::ui::web;
use leptos::prelude::*;

#[component]
pub fn ExportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The snippet of the run on screen (the last good settings).
    let snippet = Memo::new(move |_| {
        state.tick.track();
        state.run.with_value(|r| r.as_ref().map(|r| crate::ui::model::snippet(r.settings())).unwrap_or_default())
    });
    let copied = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let report = move |r: Result<(), String>| status.set(r.err().unwrap_or_default());
    view! {
        <section class="export">
            <h2>"RETURNN config"</h2>
            <pre class="snippet" data-testid="config-snippet">{move || snippet.get()}</pre>
            <label class="note">
                <input type="checkbox" data-testid="snippet-num_epochs"
                    prop:checked=move || state.form.with(|f| f.assigned.num_epochs)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        state.form.update(|f| f.assigned.num_epochs = on);
                        state.rebuild();
                    } />
                " write num_epochs (the run length) into the snippet — off: the simulator's length stays out of your config"
            </label>
            <div class="row">
                <button data-testid="copy-config" on:click=move |_| {
                    web::copy(&snippet.get_untracked(), move |ok| copied.set(if ok { "copied".into() } else { "copy refused by the browser".into() }));
                }>"copy"</button>
                <button data-testid="download-config" on:click=move |_| report(web::download("returnn-lr.config", "text/x-python", &snippet.get_untracked()))>"download config"</button>
                <button data-testid="download-lrfile" on:click=move |_| {
                    let text = state.run.with_value(|r| r.as_ref().map(|r| r.learning_rate_file()).unwrap_or_default());
                    report(web::download("learning_rates", "text/plain", &text))
                }>"download learning_rate_file"</button>
                <button data-testid="download-csv" on:click=move |_| {
                    let text = state.run.with_value(|r| r.as_ref().map(|r| r.csv()).unwrap_or_default());
                    report(web::download("epochs.csv", "text/csv", &text))
                }>"download CSV"</button>
                <span class="note" data-testid="copy-status">{move || copied.get()}</span>
                <span class="error">{move || status.get()}</span>
            </div>
        </section>
    }
}
