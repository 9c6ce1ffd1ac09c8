//! Sweep two settings over a grid with [`crate::engine::sweep`]: each cell is a whole run of the
//! current settings (the replayed file's scores in scores-only mode, else the simulation) with
//! two values changed, reduced to the chosen outcome (final dev score, epochs to reach a target,
//! number of decays, final LR, or the share of the recorded run reproduced) and shown as a
//! heat-map. Clicking a cell loads its two values into the form.
use super::chart_canvas::{ChartCanvas, DrawFn};
use crate::chart::canvas::pixel_ratio;
use crate::chart::heatmap::{self, CellMap, HeatmapChart};
use crate::engine::sweep::{CellStatus, OutcomeKind, APP_SWEEP_KEYS};
use crate::py::value::float_repr;
use crate::ui::state::AppState;
use crate::ui::teach_model::heat_values;
use crate::ui::panel_state::ViewFlags;
use crate::ui::replay_state::ReplayState;
use crate::ui::sweep_state::SweepState;
use crate::ui::work::{Progress, Work};
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn SweepPanel() -> impl IntoView {
    let app = expect_context::<AppState>();
    let sweep = expect_context::<SweepState>();
    let replay = expect_context::<ReplayState>();
    let flags = expect_context::<ViewFlags>();
    let progress_signal = expect_context::<RwSignal<Progress>>();
    let map = StoredValue::new(CellMap::default());
    on_cleanup(crate::ui::sweep_workers::cancel);
    let data = Memo::new(move |_| {
        let Some(s) = sweep.spec.get() else { return HeatmapChart::default() };
        let (values, range) = sweep.results.with(|r| heat_values(r));
        let label = s.outcome.kind_and_target().0.label();
        let title = match range {
            Some((lo, hi)) => format!("{label}: {} (dark) … {} (yellow); grey = none", float_repr(lo), float_repr(hi)),
            None => format!("{label}"),
        };
        HeatmapChart {
            title,
            x_label: s.x.key.clone(),
            y_label: s.y.key.clone(),
            x_values: s.x.values.clone(),
            y_values: s.y.values.clone(),
            values,
            selected: sweep.selected.get(),
            scale: range,
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
    // Loads a cell's two values into the form (a click, or Enter on the selected cell).
    let load = move |(xi, yi): (usize, usize)| {
        let Some(spec) = sweep.spec.get_untracked() else { return };
        let (Some(xv), Some(yv)) = (spec.x.values.get(xi), spec.y.values.get(yi)) else { return };
        sweep.selected.set(Some((xi, yi)));
        let text = |k: &str, v: f64| if k.contains("num_epochs") || k.ends_with("_interval") || k.ends_with("_per_new_lr") { format!("{}", v as i64) } else { float_repr(v) };
        app.form.update(|f| {
            f.set_field(&spec.x.key, &text(&spec.x.key, *xv));
            f.set_field(&spec.y.key, &text(&spec.y.key, *yv));
        });
        app.rebuild();
    };
    let on_click = Callback::new(move |(x, y): (f64, f64)| {
        let dpr = pixel_ratio();
        if let Some(cell) = map.with_value(|m| m.cell_at(x * dpr, y * dpr)) {
            load(cell);
        }
    });
    // Keyboard: the arrows select a cell (its value shows in sweep-cell), Enter or Space loads it.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if key == "Enter" || key == " " {
            if let Some(cell) = sweep.selected.get_untracked() {
                ev.prevent_default();
                load(cell);
            }
        } else if let Some(cell) = map.with_value(|m| m.key(sweep.selected.get_untracked(), &key)) {
            ev.prevent_default();
            sweep.selected.set(Some(cell));
        }
    };
    let options = move |current: RwSignal<String>| {
        APP_SWEEP_KEYS.iter().map(|k| view! { <option value=*k selected=move || current.get() == *k>{*k}</option> }).collect_view()
    };
    let cell_text = move || {
        let (xi, yi) = sweep.selected.get()?;
        let spec = sweep.spec.get()?;
        let c = sweep.results.with(|r| r.get(yi * spec.x.values.len() + xi).cloned().flatten())?;
        let value = match (c.value, c.status) {
            (Some(v), _) => float_repr(v),
            (None, CellStatus::Finished) => "not reached".into(),
            (None, _) => c.message.clone().unwrap_or_else(|| "none".into()),
        };
        Some(format!(
            "loaded {} = {}, {} = {}: {} = {value} ({} epochs)",
            spec.x.key,
            float_repr(c.x),
            spec.y.key,
            float_repr(c.y),
            spec.outcome.kind_and_target().0.label(),
            c.epochs
        ))
    };
    let progress = move || {
        let p = progress_signal.get();
        (p.what == Work::Sweep).then(|| format!("{} / {} cells{}", p.done, p.total, if p.finished { " — done" } else { "" }))
    };
    view! {
        <section class="sweep" data-testid="sweep-panel" id="sweep-panel">
            <h2>"Sweep two settings"</h2>
            <p class="note">"Each cell is a whole run of the current settings (the replayed file's scores, or the simulation) with two settings changed, computed in Web Workers. Click a cell to load its settings."</p>
            <div class="row">
                <label for="sweep-x">"x"</label>
                <select id="sweep-x" data-testid="sweep-x" prop:value=move || sweep.x.get() on:change=move |ev| sweep.x.set(event_target_value(&ev))>
                    {options(sweep.x)}
                </select>
                <label for="sweep-y">"y"</label>
                <select id="sweep-y" data-testid="sweep-y" prop:value=move || sweep.y.get() on:change=move |ev| sweep.y.set(event_target_value(&ev))>
                    {options(sweep.y)}
                </select>
                <label for="sweep-outcome">"outcome"</label>
                <select id="sweep-outcome" data-testid="sweep-outcome" prop:value=move || sweep.outcome.get().name()
                    on:change=move |ev| {
                        if let Some(k) = OutcomeKind::from_name(&event_target_value(&ev)) {
                            sweep.outcome.set(k);
                        }
                    }>
                    {OutcomeKind::ALL.iter().map(|k| view! { <option value=k.name() selected=move || sweep.outcome.get() == *k>{k.label()}</option> }).collect_view()}
                </select>
                <Show when=move || sweep.outcome.get() == OutcomeKind::EpochsToTarget>
                    <label for="sweep-target">"target dev score"</label>
                    <input id="sweep-target" data-testid="sweep-target" class="small" placeholder="last dev score"
                        prop:value=move || sweep.target.get() on:change=move |ev| sweep.target.set(event_target_value(&ev)) />
                </Show>
                <Show when=move || flags.advanced.get()>
                    <label for="sweep-size">"cells per axis"</label>
                    <input id="sweep-size" data-testid="sweep-size" type="number" min="2" max="25" class="small"
                        prop:value=move || sweep.n.get().to_string()
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).trim().parse::<usize>() {
                                sweep.n.set(n.clamp(2, 25));
                            }
                        } />
                </Show>
                <button data-testid="sweep-run" on:click=move |_| sweep.run(app, replay)>"run sweep"</button>
                <span class="note" data-testid="sweep-progress">{progress}</span>
            </div>
            {move || sweep.error.get().map(|e| view! { <div class="error" data-testid="sweep-error">{e}</div> })}
            <div class="heatmap-keys" data-testid="sweep-heatmap-keys" tabindex="0" on:keydown=on_key
                aria-label="sweep heat-map: arrow keys select a cell, Enter loads its settings">
                <ChartCanvas testid="sweep-heatmap" trigger=version.into() draw=draw on_click=on_click class="chart heatmap" />
            </div>
            <div class="note" data-testid="sweep-cell">{cell_text}</div>
        </section>
    }
}
