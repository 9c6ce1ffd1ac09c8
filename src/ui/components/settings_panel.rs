//! The settings panel: presets, mode switch, the fields of each group, and RETURNN-trap warnings.
use super::field::Field;
use crate::ui::form::{self, Group, PRESETS};
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn SettingsPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let groups = Group::ALL.iter().map(|&g| {
        let fields = move || state.form.with(form::visible_fields).into_iter().filter(|f| f.group == g).collect::<Vec<_>>();
        view! {
            <Show when=move || !fields().is_empty()>
                <fieldset class="group">
                    <legend>{g.title()}</legend>
                    <For each=fields key=|f| (f.name.clone(), f.default.clone(), f.help.clone()) let:spec>
                        <Field spec=spec />
                    </For>
                </fieldset>
            </Show>
        }
    }).collect_view();
    let on_preset = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if let Some(f) = form::preset(&name) {
            state.preset.set(name);
            state.set_form(f);
        }
    };
    let scores_only = move || state.form.with(|f| f.scores_only);
    view! {
        <section class="settings">
            <div class="row">
                <label for="preset">"Preset "</label>
                <select id="preset" data-testid="preset" on:change=on_preset prop:value=move || state.preset.get()>
                    <option value="">"choose…"</option>
                    <option value=form::CUSTOM_PRESET disabled>"custom"</option>
                    {PRESETS.iter().map(|(k, label)| view! { <option value=*k>{*label}</option> }).collect_view()}
                </select>
            </div>
            <div class="row">
                <label>
                    <input type="checkbox" data-testid="mode-scores" prop:checked=scores_only
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            state.form.update(|f| f.scores_only = on);
                            state.rebuild();
                        } />
                    " scores only (type dev scores; only the LR control runs)"
                </label>
            </div>
            <Show when=scores_only>
                <div class="field">
                    <label for="scores-input">"dev scores, one per epoch"</label>
                    <textarea id="scores-input" data-testid="scores-input" rows="6"
                        prop:value=move || state.form.with(|f| f.scores.clone())
                        on:change=move |ev| {
                            let t = event_target_value(&ev);
                            state.form.update(|f| f.scores = t);
                            state.rebuild();
                        }></textarea>
                    {move || state.error_of("scores-input").map(|m| view! {
                        <div class="error" data-testid="error-scores-input">{m}</div>
                    })}
                </div>
            </Show>
            {groups}
            <ul class="warnings" data-testid="warnings">
                {move || state.warnings.get().into_iter().map(|(k, m)| view! {
                    <li><code>{k}</code>": "{m}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}
