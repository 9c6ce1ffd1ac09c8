//! Import a RETURNN config snippet or a learning_rate_file (paste or file picker).
use crate::ui::import;
use crate::ui::replay_state::ReplayState;
use crate::ui::state::AppState;
use crate::ui::web::{dropped_file, picked_file};
use leptos::prelude::*;

#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let replay = expect_context::<ReplayState>();
    let config_text = RwSignal::new(String::new());
    let lrfile_text = RwSignal::new(String::new());
    let mode = RwSignal::new(import::ImportMode::default());
    // Set when the last config was rejected (a SyntaxError RETURNN raises too): offer to import
    // its literal assignments anyway.
    let offer_anyway = RwSignal::new(false);
    let apply_with = move |anyway: bool| {
        let text = config_text.get_untracked();
        let mut form = state.form.get_untracked();
        let mode = mode.get_untracked();
        let report = if anyway { import::apply_config_anyway(&mut form, &text, mode) } else { import::apply_config(&mut form, &text, mode) };
        let rejected = import::was_rejected(&report);
        offer_anyway.set(!anyway && rejected);
        state.import_report.set(report);
        if !rejected {
            // The settings are the imported config's now, not a preset's.
            state.preset.set(crate::ui::form::CUSTOM_PRESET.into());
            state.set_form(form);
        }
    };
    let apply_config = move |_| apply_with(false);
    // One way in for a learning_rate_file, whichever control it came through: the replay
    // (its run in the replay panel, its scores driving the LR control).
    let apply_lrfile = move |text: String, name: String| replay.load_text(state, text, name);
    let load = move |file: web_sys::File| replay.load_file(state, file, move |text| lrfile_text.set(text.to_string()));
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(file) = picked_file(&ev) {
            load(file);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(file) = dropped_file(&ev) {
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
                    <div class="row">
                        <label for="import-mode">"settings it does not assign: "</label>
                        <select id="import-mode" data-testid="import-mode"
                            on:change=move |ev| mode.set(import::ImportMode::from_name(&event_target_value(&ev)).unwrap_or_default())>
                            <option value="replace" selected>"replace (back to RETURNN's default)"</option>
                            <option value="merge">"merge (keep the current ones)"</option>
                        </select>
                        <button data-testid="import-config-apply" on:click=apply_config>"apply config"</button>
                    </div>
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
