//! A `<canvas>` that redraws when the run ticks or the window resizes. `data-draws` counts the
//! draws (tests wait on it); a draw error is shown as text instead of killing the page. An
//! optional [`Background`] is drawn once per key and size and kept (offscreen) under the draws.
use crate::chart::canvas::{draw_layered_on, draw_on, Layer};
use crate::chart::{ChartError, ChartStyle};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::DrawingArea;
use crate::chart::canvas::Canvas as ChartBackend;

pub type DrawFn = std::rc::Rc<dyn Fn(&DrawingArea<ChartBackend, Shift>, &ChartStyle) -> Result<(), ChartError>>;

/// The part of a chart that changes less often than its data: drawn again only when `key`
/// (read untracked at each draw) or the canvas size changes.
#[derive(Clone)]
pub struct Background {
    pub key: std::rc::Rc<dyn Fn() -> String>,
    pub draw: DrawFn,
}

#[component]
pub fn ChartCanvas(
    testid: &'static str,
    /// Reactive trigger: read inside the effect, so a change redraws.
    trigger: Signal<u64>,
    draw: DrawFn,
    #[prop(optional)] on_click: Option<Callback<(f64, f64)>>,
    #[prop(optional)] background: Option<Background>,
    /// While true the chart is not shown (`display: none` around it) and not drawn; it is drawn
    /// when it is shown again.
    #[prop(optional)] hidden: Option<Signal<bool>>,
    #[prop(default = "chart")] class: &'static str,
) -> impl IntoView {
    let node = NodeRef::<Canvas>::new();
    let draws = RwSignal::new(0u64);
    let failure = RwSignal::new(None::<String>);
    let resized = RwSignal::new(0u64);
    let handle = window_event_listener(leptos::ev::resize, move |_| resized.update(|r| *r += 1));
    on_cleanup(move || handle.remove());
    // The canvas's CSS size, kept by a ResizeObserver (its callback runs with the layout done),
    // so a draw after a page update does not force a layout by reading `clientWidth`.
    let css = StoredValue::new(None::<(i32, i32)>);
    let observer = StoredValue::new_local(None::<SizeObserver>);
    node.on_load(move |canvas: web_sys::HtmlCanvasElement| {
        observer.set_value(SizeObserver::new(&canvas, move |size| {
            if css.get_value() != Some(size) {
                css.set_value(Some(size));
                resized.update(|r| *r += 1);
            }
        }));
    });
    let draw2 = draw.clone();
    let mut layer = Layer::default();
    Effect::new(move |_| {
        trigger.track();
        resized.track();
        if hidden.is_some_and(|h| h.get()) {
            return;
        }
        if let Some(canvas) = node.get() {
            let drawn = match &background {
                Some(b) => draw_layered_on(&canvas, css.get_value(), &mut layer, &(b.key)(), |root, style| (b.draw)(root, style), |root, style| draw2(root, style)),
                None => draw_on(&canvas, css.get_value(), |root, style| draw2(root, style)),
            };
            match drawn {
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

/// A ResizeObserver reporting an element's `(clientWidth, clientHeight)`; disconnected when
/// dropped (before its callback is freed).
struct SizeObserver {
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl SizeObserver {
    fn new(el: &web_sys::HtmlCanvasElement, mut on_size: impl FnMut((i32, i32)) + 'static) -> Option<SizeObserver> {
        use wasm_bindgen::JsCast;
        let target = el.clone();
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || on_size((target.client_width(), target.client_height())));
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(el);
        Some(SizeObserver { observer, _callback: callback })
    }
}

impl Drop for SizeObserver {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
