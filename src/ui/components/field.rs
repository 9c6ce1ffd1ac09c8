//! One settings input: label, one-line help, RETURNN's default as placeholder, and its error.
use crate::ui::form::{FieldSpec, Kind};
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn Field(spec: FieldSpec) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = StoredValue::new(spec.name.clone());
    let value = move || state.form.with(|f| f.get(&name.get_value()).to_string());
    let on_change = move |ev: leptos::ev::Event| state.set_field(&name.get_value(), &event_target_value(&ev));
    let testid = format!("field-{}", spec.name);
    let default = spec.default.clone();
    let input = match &spec.kind {
        Kind::Choice(_) | Kind::Bool => {
            let options: Vec<(String, String)> = match &spec.kind {
                Kind::Choice(options) => options.clone(),
                _ => vec![("False".into(), "False".into()), ("True".into(), "True".into())],
            };
            let known: Vec<String> = options.iter().map(|o| o.0.clone()).collect();
            view! {
                <select id=testid.clone() data-testid=testid prop:value=move || {
                    let v = value();
                    if v.is_empty() { default.clone() } else { v }
                } on:change=on_change>
                    {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                    // A value typed elsewhere (URL, import) that is not an option stays visible.
                    {move || {
                        let v = value();
                        (!v.is_empty() && !known.contains(&v)).then(|| view! { <option value=v.clone()>{v.clone()}</option> })
                    }}
                </select>
            }
            .into_any()
        }
        _ => view! {
            <input type="text" id=testid.clone() data-testid=testid placeholder=default
                spellcheck="false" autocomplete="off"
                prop:value=value on:change=on_change />
        }
        .into_any(),
    };
    let label = spec.name.strip_prefix("optimizer-").or_else(|| spec.name.strip_prefix("surface-")).unwrap_or(&spec.name).to_string();
    let error = move || state.error_of(&name.get_value());
    view! {
        <div class="field" class:bad=move || error().is_some()>
            <label for=format!("field-{}", spec.name)><code>{label}</code></label>
            {input}
            <div class="help">{spec.help.clone()}</div>
            {move || error().map(|m| view! {
                <div class="error" data-testid=format!("error-{}", name.get_value())>{m}</div>
            })}
            {move || {
                let n = name.get_value();
                state.warnings.with(|w| w.iter().filter(|(f, _)| *f == n).cloned().collect::<Vec<_>>()).into_iter().map(|(_, m)| view! {
                    <div class="warn" data-testid=format!("warning-{n}")>{m}</div>
                }).collect_view()
            }}
        </div>
    }
}
