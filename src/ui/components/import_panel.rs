//! Import a RETURNN config snippet or a learning_rate_file (paste or file picker).
use crate::ui::import;
use crate::ui::state::AppState;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let config_text = RwSignal::new(String::new());
    let lrfile_text = RwSignal::new(String::new());
    let apply_config = move |_| {
        let text = config_text.get_untracked();
        let mut form = state.form.get_untracked();
        let report = import::apply_config(&mut form, &text);
        state.import_report.set(report);
        state.set_form(form);
    };
    let apply_lrfile = move |text: String| {
        let mut form = state.form.get_untracked();
        match import::apply_lr_file(&mut form, &text) {
            Ok(imported) => {
                state.overlay.set(imported.overlay);
                state.import_report.set(imported.report);
                state.set_form(form);
            }
            Err(e) => state.import_report.set(vec![e]),
        }
    };
    let load = move |file: web_sys::File| {
        read_text(&file, move |text| {
            lrfile_text.set(text.clone());
            apply_lrfile(text);
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
                </div>
                <div>
                    <label for="import-lrfile">"learning_rate_file"</label>
                    <textarea id="import-lrfile" data-testid="import-lrfile" rows="6" spellcheck="false"
                        on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop
                        placeholder="{1: EpochData(learningRate=0.001, error={'dev_score': 2.5}), ...}  (paste, pick or drop a file)"
                        prop:value=move || lrfile_text.get()
                        on:input=move |ev| lrfile_text.set(event_target_value(&ev))></textarea>
                    <button data-testid="import-lrfile-apply" on:click=move |_| apply_lrfile(lrfile_text.get_untracked())>"apply file"</button>
                    <input type="file" data-testid="import-lrfile-file" on:change=on_file />
                </div>
            </div>
            <ul class="report" data-testid="import-report">
                {move || state.import_report.get().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
        </section>
    }
}

/// Reads a picked or dropped file as text and hands it to `done`.
fn read_text(file: &web_sys::File, done: impl FnOnce(String) + 'static) {
    let Ok(reader) = web_sys::FileReader::new() else { return };
    let r2 = reader.clone();
    let onload = Closure::once(move |_: web_sys::Event| {
        if let Some(text) = r2.result().ok().and_then(|v| v.as_string()) {
            done(text);
        }
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_text(file);
}
