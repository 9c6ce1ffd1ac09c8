//! Sweep two LR-control settings over a grid: each cell replays the recorded run (the loaded
//! learning_rate_file, else the run on screen) and shows how much of it those settings
//! reproduce. Cells are computed a few per animation frame; clicking a cell loads its settings.
//! (A Web Worker would need a second wasm entry point and its own message protocol; the
//! per-frame slices keep the page responsive without one.)
use super::chart_canvas::{ChartCanvas, DrawFn};
use crate::chart::canvas::pixel_ratio;
use crate::chart::heatmap::{self, CellMap, HeatmapChart};
use crate::engine::workbench::{form_text, SWEEP_KEYS};
use crate::ui::state::AppState;
use crate::ui::teach_state::TeachState;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn SweepPanel() -> impl IntoView {
    let app = expect_context::<AppState>();
    let teach = expect_context::<TeachState>();
    let map = StoredValue::new(CellMap::default());
    let data = Memo::new(move |_| {
        let spec = teach.sweep_spec.get();
        let values = teach.sweep_values.get();
        let selected = teach.sweep_selected.get();
        match spec {
            Some(s) => HeatmapChart {
                title: "share of the recorded run reproduced (yellow = all epochs)".into(),
                x_label: s.x_key.clone(),
                y_label: s.y_key.clone(),
                x_values: s.x_values.clone(),
                y_values: s.y_values.clone(),
                values,
                selected,
            },
            None => HeatmapChart::default(),
        }
    });
    let version = RwSignal::new(0u64);
    Effect::new(move |_| {
        data.track();
        version.update(|v| *v += 1);
    });
    let draw: DrawFn = Rc::new(move |root, style| {
        let m = data.with_untracked(|d| heatmap::draw(root, d, style))?;
        map.set_value(m);
        Ok(())
    });
    let on_click = Callback::new(move |(x, y): (f64, f64)| {
        let dpr = pixel_ratio();
        let Some((xi, yi)) = map.with_value(|m| m.cell_at(x * dpr, y * dpr)) else { return };
        let Some(spec) = teach.sweep_spec.get_untracked() else { return };
        let (Some(xv), Some(yv)) = (spec.x_values.get(xi), spec.y_values.get(yi)) else { return };
        teach.sweep_selected.set(Some((xi, yi)));
        app.form.update(|f| {
            f.set_field(&spec.x_key, &form_text(*xv));
            f.set_field(&spec.y_key, &form_text(*yv));
        });
        app.rebuild();
    });
    let options = move |current: RwSignal<String>| {
        SWEEP_KEYS
            .iter()
            .map(|(k, _)| view! { <option value=*k selected=move || current.get() == *k>{*k}</option> })
            .collect_view()
    };
    let cell_text = move || {
        let (xi, yi) = teach.sweep_selected.get()?;
        let spec = teach.sweep_spec.get()?;
        let v = teach.sweep_values.with(|v| v.get(yi * spec.x_values.len() + xi).copied().flatten())?;
        Some(format!(
            "loaded {} = {}, {} = {}: {:.0} % of the recorded epochs reproduced",
            spec.x_key,
            form_text(*spec.x_values.get(xi)?),
            spec.y_key,
            form_text(*spec.y_values.get(yi)?),
            v * 100.0
        ))
    };
    let progress = move || {
        let p = teach.progress.get();
        (p.what == "sweep").then(|| format!("{} / {} cells{}", p.done, p.total, if p.finished { " — done" } else { "" }))
    };
    view! {
        <section class="sweep" data-testid="sweep-panel" id="sweep-panel">
            <h2>"Sweep two settings"</h2>
            <p class="note">"Each cell replays the recorded run (the loaded learning_rate_file, or the run on screen) with two settings changed. Click a cell to load its settings."</p>
            <div class="row">
                <label for="sweep-x">"x"</label>
                <select id="sweep-x" data-testid="sweep-x" prop:value=move || teach.sweep_x.get() on:change=move |ev| teach.sweep_x.set(event_target_value(&ev))>
                    {options(teach.sweep_x)}
                </select>
                <label for="sweep-y">"y"</label>
                <select id="sweep-y" data-testid="sweep-y" prop:value=move || teach.sweep_y.get() on:change=move |ev| teach.sweep_y.set(event_target_value(&ev))>
                    {options(teach.sweep_y)}
                </select>
                <Show when=move || teach.advanced.get()>
                    <label for="sweep-size">"cells per axis"</label>
                    <input id="sweep-size" data-testid="sweep-size" type="number" min="2" max="25" class="small"
                        prop:value=move || teach.sweep_n.get().to_string()
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).trim().parse::<usize>() {
                                teach.sweep_n.set(n.clamp(2, 25));
                            }
                        } />
                </Show>
                <button data-testid="sweep-run" on:click=move |_| teach.run_sweep(app)>"run sweep"</button>
                <span class="note" data-testid="sweep-progress">{progress}</span>
            </div>
            <ChartCanvas testid="sweep-heatmap" trigger=version.into() draw=draw on_click=on_click class="chart heatmap" />
            <div class="note" data-testid="sweep-cell">{cell_text}</div>
        </section>
    }
}
