//! An overlay chart (several per-epoch curves) whose epochs can be hovered or tapped: the
//! epoch under the pointer is reported through `on_epoch`.
use super::chart_canvas::{ChartCanvas, DrawFn, Readout};
use crate::chart::canvas::pixel_ratio;
use crate::chart::overlay::{self, EpochMap, OverlayChart};
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn TeachChart(
    testid: &'static str,
    /// The chart data (redrawn when it changes).
    data: Signal<OverlayChart>,
    /// The epoch under the pointer (hover).
    #[prop(optional)] on_epoch: Option<Callback<i64>>,
    /// The epoch clicked or tapped (defaults to `on_epoch`).
    #[prop(optional)] on_pick: Option<Callback<i64>>,
) -> impl IntoView {
    let map = StoredValue::new(EpochMap::default());
    let version = RwSignal::new(0u64);
    Effect::new(move |_| {
        data.track();
        version.update(|v| *v += 1);
    });
    let draw: DrawFn = Rc::new(move |root, style| {
        let m = data.with_untracked(|d| overlay::draw(root, d, style))?;
        map.set_value(m);
        Ok(())
    });
    let at = move |cb: Option<Callback<i64>>, x: f64, y: f64| {
        let dpr = pixel_ratio();
        if let (Some(cb), Some(e)) = (cb, map.with_value(|m| m.epoch_at(x * dpr, y * dpr))) {
            cb.run(e);
        }
    };
    view! {
        <div class="teach-chart" on:mousemove=move |ev: leptos::ev::MouseEvent| at(on_epoch, ev.offset_x() as f64, ev.offset_y() as f64)>
            <ChartCanvas testid=testid trigger=version.into() draw=draw
                readout=Readout { map, text: Rc::new(move |e| data.with_untracked(|d| crate::chart::readout::overlay_text(d, e))) }
                on_click=Callback::new(move |(x, y): (f64, f64)| at(on_pick.or(on_epoch), x, y)) />
        </div>
    }
}
