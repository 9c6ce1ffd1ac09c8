//! Import a RETURNN config snippet or a learning_rate_file (paste or file picker).
use crate::ui::import;
use crate::ui::replay_state::ReplayState;
use crate::ui::state::AppState;
use crate::ui::web::read_file;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let replay = expect_context::<ReplayState>();
    let config_text = RwSignal::new(String::new());
    let lrfile_text = RwSignal::new(String::new());
    // Set when the last config was rejected (a SyntaxError RETURNN raises too): offer to import
    // its literal assignments anyway.
    let offer_anyway = RwSignal::new(false);
    let apply_with = move |anyway: bool| {
        let text = config_text.get_untracked();
        let mut form = state.form.get_untracked();
        let report = if anyway { import::apply_config_anyway(&mut form, &text) } else { import::apply_config(&mut form, &text) };
        offer_anyway.set(!anyway && import::was_rejected(&report));
        state.import_report.set(report);
        state.set_form(form);
    };
    let apply_config = move |_| apply_with(false);
    // One way in for a learning_rate_file, whichever control it came through: the replay
    // (its run in the replay panel, its scores driving the LR control).
    let apply_lrfile = move |text: String, name: String| replay.load_text(state, text, name);
    let load = move |file: web_sys::File| {
        let name = file.name();
        read_file(file, move |r| match r {
            Ok(text) => {
                lrfile_text.set(text.clone());
                apply_lrfile(text, name);
            }
            Err(e) => replay.load_failed(state, e),
        })
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            load(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            load(file);
        }
    };
    view! {
        <section class="import">
            <h2>"Import"</h2>
            <div class="import-grid">
                <div>
                    <label for="import-config">"RETURNN config snippet"</label>
                    <textarea id="import-config" data-testid="import-config" rows="6" spellcheck="false"
                        placeholder="learning_rate_control = \"newbob_multi_epoch\"\nlearning_rate = 0.001"
                        prop:value=move || config_text.get()
                        on:input=move |ev| config_text.set(event_target_value(&ev))></textarea>
                    <button data-testid="import-config-apply" on:click=apply_config>"apply config"</button>
                    <Show when=move || offer_anyway.get()>
                        <button data-testid="import-config-anyway" title="RETURNN itself would reject this file"
                            on:click=move |_| apply_with(true)>"import the literal assignments anyway"</button>
                    </Show>
                </div>
                <div>
                    <label for="import-lrfile">"learning_rate_file"</label>
                    <textarea id="import-lrfile" data-testid="import-lrfile" rows="6" spellcheck="false"
                        on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop
                        placeholder="{1: EpochData(learningRate=0.001, error={'dev_score': 2.5}), ...}  (paste, pick or drop a file)"
                        prop:value=move || lrfile_text.get()
                        on:input=move |ev| lrfile_text.set(event_target_value(&ev))></textarea>
                    <button data-testid="import-lrfile-apply" on:click=move |_| apply_lrfile(lrfile_text.get_untracked(), "pasted text".into())>"apply file"</button>
                    <input type="file" data-testid="import-lrfile-file" on:change=on_file />
                </div>
            </div>
            <ul class="report" data-testid="import-report">
                {move || state.import_report.get().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
        </section>
    }
}
