//! The teach bar: guided tour, a link that reproduces the current view (settings, A/B compare,
//! framework, sweep axes, advanced flag), PNG export of any chart, the run as JSON, and the
//! progress of long work (`progress`, `data-done="true"` when finished).
use super::tour::Tour;
use crate::ui::state::AppState;
use crate::ui::teach_model::share_pairs;
use crate::ui::panel_state::{CompareState, FrameworkState, ViewFlags};
use crate::ui::sweep_state::SweepState;
use crate::ui::teach_model::TeachView;
use crate::ui::web::select_all;
use crate::ui::work::{Progress, Work};
use crate::ui::web;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Downloads the chart with this test id as a PNG (twice its shown size, with title and legend).
fn download_png(testid: &str) -> Result<(), String> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let url = super::chart_canvas::export_png(testid)?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(|e| format!("{e:?}"))?.dyn_into().map_err(|_| "not an anchor")?;
    a.set_href(&url);
    a.set_download(&format!("{testid}.png"));
    a.click();
    Ok(())
}

/// The chart canvases on the page (their test ids), for the PNG export menu.
fn chart_ids() -> Vec<String> {
    select_all("canvas[data-testid]")
        .into_iter()
        .filter(|e| e.client_width() > 0)
        .filter_map(|e| e.get_attribute("data-testid"))
        .collect()
}

#[component]
pub fn TeachBar() -> impl IntoView {
    let app = expect_context::<AppState>();
    let compare = expect_context::<CompareState>();
    let fw = expect_context::<FrameworkState>();
    let flags = expect_context::<ViewFlags>();
    let sweep = expect_context::<SweepState>();
    let progress_signal = expect_context::<RwSignal<Progress>>();
    let href = move || {
        let view = TeachView {
            compare: compare.b.get(),
            framework: Some(fw.framework.get()),
            advanced: flags.advanced.get(),
            sweep_x: sweep.x.get(),
            sweep_y: sweep.y.get(),
            recorded: app.overlay.get(),
        };
        let pairs = app.form.with(|f| share_pairs(f, &view));
        let w = web_sys::window();
        let base = w.as_ref().and_then(|w| Some(format!("{}{}", w.location().origin().ok()?, w.location().pathname().ok()?))).unwrap_or_default();
        format!("{base}{}", crate::ui::query::encode(&pairs))
    };
    let charts = RwSignal::new(Vec::<String>::new());
    let chosen = RwSignal::new("chart-lr".to_string());
    let status = RwSignal::new(String::new());
    let progress = move || progress_signal.get();
    view! {
        <section class="teachbar">
            <Tour />
            <a data-testid="share-link" href=href>"link to this view"</a>
            <label class="row-inline">
                <input type="checkbox" data-testid="advanced-toggle" prop:checked=move || flags.advanced.get()
                    on:change=move |ev| flags.advanced.set(event_target_checked(&ev)) />
                "advanced controls"
            </label>
            <span class="sep"></span>
            <select data-testid="png-chart" prop:value=move || chosen.get()
                on:focus=move |_| charts.set(chart_ids()) on:pointerdown=move |_| charts.set(chart_ids())
                on:change=move |ev| chosen.set(event_target_value(&ev))>
                {move || {
                    let mut ids = charts.get();
                    if ids.is_empty() { ids = vec!["chart-lr".into(), "chart-scores".into(), "chart-loss".into(), "chart-surface".into()]; }
                    ids.into_iter().map(|id| view! { <option value=id.clone()>{id.clone()}</option> }).collect_view()
                }}
            </select>
            <button data-testid="download-png" on:click=move |_| status.set(download_png(&chosen.get_untracked()).err().unwrap_or_default())>"PNG"</button>
            <button data-testid="download-json" on:click=move |_| {
                let text = app.run.with_value(|r| r.as_ref().map(|r| r.json()).unwrap_or_default());
                status.set(web::download("run.json", "application/json", &text).err().unwrap_or_default());
            }>"run JSON"</button>
            <span class="error">{move || status.get()}</span>
            <span class="progress-box" data-testid="progress" data-done=move || progress().finished.to_string()
                data-what=move || progress().what.name()>
                {move || {
                    let p = progress();
                    if p.what == Work::None {
                        String::new()
                    } else if p.finished {
                        format!("{}: done", p.what.name())
                    } else {
                        format!("{}: {} / {}", p.what.name(), p.done, p.total)
                    }
                }}
                <progress max=move || progress().total.max(1).to_string() value=move || progress().done.to_string()></progress>
            </span>
        </section>
    }
}
