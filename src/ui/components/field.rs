//! One settings input: label, one-line help, RETURNN's default as placeholder, and its error.
use crate::ui::form::{optimizer_classes, FieldSpec, Kind};
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn Field(spec: FieldSpec) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = spec.name;
    let value = move || state.form.with(|f| f.get(name).to_string());
    let on_change = move |ev: leptos::ev::Event| state.set_field(name, &event_target_value(&ev));
    let testid = format!("field-{name}");
    let input = match spec.kind {
        Kind::Choice(_) | Kind::Bool => {
            let options: Vec<&'static str> = match spec.kind {
                _ if name == "optimizer-class" => optimizer_classes().collect(),
                Kind::Choice(options) => options.to_vec(),
                _ => vec!["False", "True"],
            };
            let default = spec.default;
            view! {
                <select id=testid.clone() data-testid=testid prop:value=move || {
                    let v = value();
                    if v.is_empty() { default.to_string() } else { v }
                } on:change=on_change>
                    {options.into_iter().map(|o| view! { <option value=o>{o}</option> }).collect_view()}
                </select>
            }
            .into_any()
        }
        _ => view! {
            <input type="text" id=testid.clone() data-testid=testid placeholder=spec.default
                spellcheck="false" autocomplete="off"
                prop:value=value on:change=on_change />
        }
        .into_any(),
    };
    let label = name.strip_prefix("optimizer-").unwrap_or(name);
    view! {
        <div class="field" class:bad=move || state.error_of(name).is_some()>
            <label for=format!("field-{name}")><code>{label}</code></label>
            {input}
            <div class="help">{spec.help}</div>
            {move || state.error_of(name).map(|m| view! {
                <div class="error" data-testid=format!("error-{name}")>{m}</div>
            })}
        </div>
    }
}
