//! A `<canvas>` that redraws when the run ticks or the window resizes. `data-draws` counts the
//! draws (tests wait on it); a draw error is shown as text instead of killing the page.
use crate::chart::canvas::draw_on;
use crate::chart::{ChartError, ChartStyle};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use crate::chart::canvas::Canvas as ChartBackend;

pub type DrawFn = std::rc::Rc<dyn Fn(&DrawingArea<ChartBackend, Shift>, &ChartStyle) -> Result<(), ChartError>>;

#[component]
pub fn ChartCanvas(
    testid: &'static str,
    /// Reactive trigger: read inside the effect, so a change redraws.
    trigger: Signal<u64>,
    draw: DrawFn,
    #[prop(optional)] on_click: Option<Callback<(f64, f64)>>,
    #[prop(default = "chart")] class: &'static str,
) -> impl IntoView {
    let node = NodeRef::<Canvas>::new();
    let draws = RwSignal::new(0u64);
    let failure = RwSignal::new(None::<String>);
    let resized = RwSignal::new(0u64);
    let handle = window_event_listener(leptos::ev::resize, move |_| resized.update(|r| *r += 1));
    on_cleanup(move || handle.remove());
    let draw2 = draw.clone();
    Effect::new(move |_| {
        trigger.track();
        resized.track();
        if let Some(canvas) = node.get() {
            match draw_on(&canvas, |root, style| draw2(root, style)) {
                Ok(()) => failure.set(None),
                Err(e) => failure.set(Some(e.to_string())),
            }
            draws.update(|d| *d += 1);
        }
    });
    view! {
        <div class="chart-box">
            <canvas node_ref=node class=class data-testid=testid data-draws=move || draws.get().to_string()
                on:click=move |ev: leptos::ev::MouseEvent| {
                    if let Some(cb) = on_click {
                        cb.run((ev.offset_x() as f64, ev.offset_y() as f64));
                    }
                }></canvas>
            {move || failure.get().map(|m| view! { <div class="error">{m}</div> })}
        </div>
    }
}
