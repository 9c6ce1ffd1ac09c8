//! The four linked charts of the run.
use super::chart_canvas::{ChartCanvas, DrawFn};
use crate::chart::canvas::pixel_ratio;
use crate::chart::loss::LossChart;
use crate::chart::surface::SurfaceMap;
use crate::chart::{loss, lr, scores, surface};
use crate::returnn::pyvalue::float_repr;
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
    let lr_draw: DrawFn = Rc::new(move |root, style| {
        let overlay = state.overlay.get_untracked();
        let data = state.run.with_value(|r| r.as_ref().map(|r| r.view().lr_chart(&overlay))).unwrap_or_default();
        lr::draw(root, &data, style)
    });
    let scores_draw: DrawFn = Rc::new(move |root, style| {
        let data = state.run.with_value(|r| r.as_ref().map(|r| r.view().scores_chart())).unwrap_or_default();
        scores::draw(root, &data, style)
    });
    let loss_draw: DrawFn = Rc::new(move |root, style| {
        state.run.with_value(|r| {
            let (losses, spe) = r.as_ref().map(|r| (r.view().losses.as_slice(), r.view().steps_per_epoch)).unwrap_or((&[], 0));
            loss::draw(root, &LossChart { losses: losses.to_vec(), steps_per_epoch: spe }, style)
        })
    });
    let map = StoredValue::new(SurfaceMap::default());
    let surface_draw: DrawFn = Rc::new(move |root, style| {
        let data = state.run.with_value(|r| r.as_ref().map(|r| r.surface_chart()));
        let m = surface::draw(root, &data.unwrap_or_default(), style)?;
        map.set_value(m);
        Ok(())
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
    view! {
        <section class="charts">
            <ChartCanvas testid="chart-lr" trigger=trigger draw=lr_draw />
            <ChartCanvas testid="chart-scores" trigger=trigger draw=scores_draw />
            <div class:hidden=scores_only>
                <ChartCanvas testid="chart-loss" trigger=trigger draw=loss_draw />
            </div>
            <div class:hidden=scores_only>
                <ChartCanvas testid="chart-surface" trigger=trigger draw=surface_draw
                    on_click=on_surface_click class="chart surface" />
            </div>
        </section>
    }
}

/// Four significant digits, so a click gives a readable start point.
fn round_sig(v: f64) -> f64 {
    format!("{v:.3e}").parse::<f64>().ok().filter(|x| x.is_finite()).unwrap_or(0.0)
}
