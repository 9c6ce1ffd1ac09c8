//! The four linked charts of the run.
use super::chart_canvas::{Background, ChartCanvas, DrawFn, Readout};
use crate::chart::readout::{self, EpochMap};
use crate::ui::panel_state::ViewFlags;
use crate::chart::canvas::pixel_ratio;
use crate::chart::loss::LossChart;
use crate::chart::surface::{SurfaceMap, SurfacePath};
use crate::chart::{loss, lr, scores, surface};
use crate::py::value::float_repr;
use crate::ui::model;
use crate::ui::state::AppState;
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn Charts() -> impl IntoView {
    let state = expect_context::<AppState>();
    let trigger = Signal::derive(move || {
        state.tick.track();
        state.overlay.track();
        state.tick.get_untracked()
    });
    let flags = expect_context::<ViewFlags>();
    let scores_log = flags.scores_log;
    let trigger = Signal::derive(move || {
        scores_log.track();
        trigger.get()
    });
    let lr_data = move || {
        let overlay = state.overlay.get_untracked();
        state.run.with_value(|r| r.as_ref().map(|r| r.view().lr_chart(&overlay))).unwrap_or_default()
    };
    let scores_data = move || {
        let mut d = state.run.with_value(|r| r.as_ref().map(|r| r.view().scores_chart())).unwrap_or_default();
        d.force_log = scores_log.get_untracked();
        d
    };
    let (lr_map, scores_map, loss_map) = (StoredValue::new(EpochMap::default()), StoredValue::new(EpochMap::default()), StoredValue::new(EpochMap::default()));
    let lr_draw: DrawFn = Rc::new(move |root, style| lr::draw(root, &lr_data(), style).map(|m| lr_map.set_value(m)));
    let scores_draw: DrawFn = Rc::new(move |root, style| scores::draw(root, &scores_data(), style).map(|m| scores_map.set_value(m)));
    let loss_draw: DrawFn = Rc::new(move |root, style| {
        state.run.with_value(|r| {
            let (losses, spe) = r.as_ref().map(|r| (r.view().losses.as_slice(), r.view().steps_per_epoch)).unwrap_or((&[], 0));
            loss::draw(root, &LossChart { losses: losses.to_vec(), steps_per_epoch: spe }, style)
        }).map(|m| loss_map.set_value(m))
    });
    let lr_readout = Readout { map: lr_map, text: Rc::new(move |e| readout::lr_text(&lr_data(), e)) };
    let scores_readout = Readout { map: scores_map, text: Rc::new(move |e| readout::scores_text(&scores_data(), e)) };
    let loss_readout = Readout {
        map: loss_map,
        text: Rc::new(move |u| {
            state.run.with_value(|r| match r {
                Some(r) => readout::loss_text(&r.view().losses, r.view().steps_per_epoch, u),
                None => readout::loss_text(&[], 0, u),
            })
        }),
    };
    // The surface's axes and heat-map depend on the surface only: kept between runs.
    let map = StoredValue::new(SurfaceMap::default());
    let surface_key = Rc::new(move || state.run.with_value(|r| r.as_ref().map(|r| format!("{:?}", r.settings().run.surface)).unwrap_or_default()));
    let surface_background: DrawFn = Rc::new(move |root, style| {
        let m = state.run.with_value(|r| match r {
            Some(r) => surface::draw_background(root, r.heat_grid(), &model::surface_title(&r.settings().run.surface), style),
            None => surface::draw_background(root, &Default::default(), "", style),
        })?;
        map.set_value(m);
        Ok(())
    });
    let surface_draw: DrawFn = Rc::new(move |root, style| {
        state.run.with_value(|r| {
            let Some(r) = r else { return Ok(()) };
            let v = r.view();
            let minima = model::surface_minima(&r.settings().run.surface);
            let path = SurfacePath { trajectory: &v.trajectory, start: v.start, minima: &minima };
            map.with_value(|m| surface::draw_path(root, m, &path, style))
        })?;
        root.present().map_err(|e| crate::chart::ChartError(format!("{e:?}")))
    });
    let on_surface_click = Callback::new(move |(x, y): (f64, f64)| {
        let dpr = pixel_ratio();
        if let Some((px, py)) = map.with_value(|m| m.to_domain(x * dpr, y * dpr)) {
            state.form.update(|f| {
                f.set("start_x", &float_repr(round_sig(px)));
                f.set("start_y", &float_repr(round_sig(py)));
            });
            state.rebuild();
        }
    });
    let scores_only = move || state.form.with(|f| f.scores_only);
    // The loss and surface charts are hidden in scores-only mode (a replayed file): not drawn.
    let hidden: Signal<bool> = Memo::new(move |_| scores_only()).into();
    view! {
        <section class="charts">
            <label class="row-inline chart-options">
                <input type="checkbox" data-testid="scores-log" prop:checked=move || { state.tick.track(); scores_log.track(); scores_data().uses_log() }
                    on:change=move |ev| scores_log.set(Some(event_target_checked(&ev))) />
                "log score axes"
            </label>
            <ChartCanvas testid="chart-lr" trigger=trigger draw=lr_draw readout=lr_readout zoom=true />
            <ChartCanvas testid="chart-scores" trigger=trigger draw=scores_draw readout=scores_readout zoom=true />
            <div class:hidden=scores_only>
                <ChartCanvas testid="chart-loss" trigger=trigger draw=loss_draw hidden=hidden readout=loss_readout zoom=true />
            </div>
            <div class:hidden=scores_only>
                <ChartCanvas testid="chart-surface" trigger=trigger draw=surface_draw
                    background=Background { key: surface_key, draw: surface_background } hidden=hidden
                    on_click=on_surface_click class="chart surface" />
            </div>
        </section>
    }
}

/// Four significant digits, so a click gives a readable start point.
fn round_sig(v: f64) -> f64 {
    format!("{v:.3e}").parse::<f64>().ok().filter(|x| x.is_finite()).unwrap_or(0.0)
}
