//! A `<canvas>` that redraws when the run ticks or the window resizes. `data-draws` counts the
//! draws (tests wait on it); a draw error is shown as text instead of killing the page. An
//! optional [`Background`] is drawn once per key and size and kept (offscreen) under the draws.
//!
//! With a [`Readout`] the canvas is focusable and reads out the epoch (or update) under the
//! pointer, a tap, or the keyboard cursor (arrows, Shift+arrows, Home, End) in `chart-readout`;
//! one read-out shows at a time (the chart last pointed at or keyed). Every chart can be
//! exported as a PNG at twice its CSS size ([`export_png`]), whatever the screen's pixel ratio.
use crate::chart::canvas::{draw_layered_on, draw_offscreen, draw_on, pixel_ratio, Layer};
use crate::chart::readout::EpochMap;
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

/// What a chart reads out: its pixel → epoch map (set by the draw) and the text at an epoch.
#[derive(Clone)]
pub struct Readout {
    pub map: StoredValue<EpochMap>,
    pub text: std::rc::Rc<dyn Fn(i64) -> String>,
}

/// How a chart is drawn again for the PNG export.
#[derive(Clone)]
struct Export {
    draw: DrawFn,
    background: Option<DrawFn>,
    canvas: web_sys::HtmlCanvasElement,
    /// Draws the canvas again (the export's draw overwrote the maps the pointer uses).
    redraw: RwSignal<u64>,
}

thread_local! {
    static EXPORTS: std::cell::RefCell<Vec<(&'static str, u64, Export)>> = const { std::cell::RefCell::new(Vec::new()) };
    static NEXT_ID: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
    /// The chart whose read-out shows (one at a time).
    /// (An `Arc` signal: owned by no component, so no unmount disposes it.)
    static ACTIVE: ArcRwSignal<u64> = ArcRwSignal::new(0);
}

/// The PNG (a data URL) of the chart with this test id, drawn again offscreen at twice its CSS
/// size with its title and legend.
pub fn export_png(testid: &str) -> Result<String, String> {
    let found = EXPORTS.with(|e| e.borrow().iter().rev().find(|(id, _, x)| *id == testid && x.canvas.client_width() > 0).map(|x| x.2.clone()));
    let Some(x) = found else { return Err(format!("no chart {testid} on the page")) };
    let (w, h) = (x.canvas.client_width().max(1) as u32 * 2, x.canvas.client_height().max(1) as u32 * 2);
    let out = draw_offscreen(w, h, 2.0, |root, style| {
        if let Some(b) = &x.background {
            b(root, style)?;
        }
        (x.draw)(root, style)
    });
    x.redraw.update(|r| *r += 1);
    let canvas = out.map_err(|e| e.to_string())?;
    canvas.to_data_url_with_type("image/png").map_err(|e| format!("{e:?}"))
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
    #[prop(optional)] readout: Option<Readout>,
    /// Zoom and pan on the x axis (Ctrl/⌘+wheel or pinch, or the wheel once focused; drag; `+`,
    /// `-`, `0` or a double-click resets). Needs a `readout` (its map).
    #[prop(optional)] zoom: bool,
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
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    {
        let (draw, background) = (draw.clone(), background.as_ref().map(|b| b.draw.clone()));
        node.on_load(move |canvas: web_sys::HtmlCanvasElement| {
            EXPORTS.with(|e| e.borrow_mut().push((testid, id, Export { draw, background, canvas, redraw: resized })));
        });
    }
    on_cleanup(move || EXPORTS.with(|e| e.borrow_mut().retain(|x| x.1 != id)));
    let active: RwSignal<u64> = ACTIVE.with(|a| RwSignal::from(a.clone()));
    let cursor = RwSignal::new(None::<i64>);
    let focusable = readout.is_some();
    let map = readout.as_ref().map(|r| r.map);
    let show = move |at: Option<i64>| {
        cursor.set(at);
        if at.is_some() {
            active.set(id);
        }
    };
    let point = move |x: f64, y: f64| {
        if let Some(m) = map {
            let dpr = pixel_ratio();
            show(m.with_value(|m| m.epoch_at(x * dpr, y * dpr)));
        }
    };
    let focused = move || {
        let doc = web_sys::window().and_then(|w| w.document());
        match (doc.and_then(|d| d.active_element()), node.get_untracked()) {
            (Some(a), Some(c)) => { let c: &web_sys::Element = &c; a == *c }
            _ => false,
        }
    };
    let view = RwSignal::new(None::<(f64, f64)>);
    let zoom_map = map.filter(|_| zoom);
    let drag = StoredValue::new(None::<(f64, EpochMap)>);
    let zoom_by = move |center: Option<f64>, factor: f64| {
        if let Some(m) = zoom_map {
            let m = m.get_value();
            let c = center.unwrap_or_else(|| cursor.get_untracked().map(|e| e as f64).unwrap_or((m.epochs.0 + m.epochs.1) / 2.0));
            view.set(Some(m.zoomed(c, factor)));
        }
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        if zoom_map.is_none() || !(ev.ctrl_key() || ev.meta_key() || focused()) || ev.delta_y() == 0.0 {
            return;
        }
        ev.prevent_default();
        let dpr = pixel_ratio();
        let c = zoom_map.map(|m| m.with_value(|m| m.x_at(ev.offset_x() as f64 * dpr)));
        zoom_by(c, if ev.delta_y() > 0.0 { 1.25 } else { 0.8 });
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(m) = map else { return };
        if zoom {
            let k = ev.key();
            match k.as_str() {
                "+" | "=" => zoom_by(None, 0.5),
                "-" | "_" => zoom_by(None, 2.0),
                "0" => view.set(None),
                _ => {}
            }
            if matches!(k.as_str(), "+" | "=" | "-" | "_" | "0") {
                ev.prevent_default();
                return;
            }
        }
        if let Some(at) = m.with_value(|m| m.key(cursor.get_untracked(), &ev.key(), ev.shift_key())) {
            ev.prevent_default();
            show(Some(at));
        }
    };
    let text = StoredValue::new_local(readout.map(|r| r.text));
    let readout_view = move || {
        trigger.track();
        resized.track();
        let at = cursor.get()?;
        if active.get() != id {
            return None;
        }
        let t = text.with_value(|t| t.as_ref().map(|f| f(at)))?;
        let dpr = pixel_ratio();
        let (left, top, height) = map?.with_value(|m| (m.px_of(at).filter(|x| *x >= m.px_x.0 as f64 && *x <= m.px_x.1 as f64).map(|x| x / dpr), m.px_y.0 as f64 / dpr, (m.px_y.1 - m.px_y.0) as f64 / dpr));
        Some(view! {
            {left.map(|l| view! { <div class="chart-cursor" aria-hidden="true" style:left=format!("{l:.1}px")
                style:top=format!("{top:.1}px") style:height=format!("{height:.1}px")></div> })}
            <div class="chart-readout" data-testid="chart-readout" role="status">{t}</div>
        })
    };
    let draw2 = draw.clone();
    let mut layer = Layer::default();
    Effect::new(move |_| {
        trigger.track();
        resized.track();
        view.track();
        if hidden.is_some_and(|h| h.get()) {
            return;
        }
        if let Some(canvas) = node.get() {
            let drawn = match &background {
                Some(b) => draw_layered_on(&canvas, css.get_value(), &mut layer, &(b.key)(), |root, style| (b.draw)(root, style), |root, style| draw2(root, style)),
                None => draw_on(&canvas, css.get_value(), |root, style| draw2(root, &ChartStyle { x_view: view.get_untracked(), ..*style })),
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
                tabindex=focusable.then_some("0") aria-label=focusable.then_some("chart: hover, tap, or use the arrow keys to read out values")
                on:pointermove=move |ev: leptos::ev::PointerEvent| {
                    if let (Some((x0, m)), true) = (drag.get_value(), ev.buttons() & 1 == 1) {
                        view.set(Some(m.panned((ev.offset_x() as f64 - x0) * pixel_ratio())));
                    }
                    point(ev.offset_x() as f64, ev.offset_y() as f64)
                }
                on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                    if let (Some(m), "mouse") = (zoom_map, ev.pointer_type().as_str()) {
                        drag.set_value(Some((ev.offset_x() as f64, m.get_value())));
                    }
                    point(ev.offset_x() as f64, ev.offset_y() as f64)
                }
                on:pointerup=move |_| drag.set_value(None)
                on:wheel=on_wheel
                on:dblclick=move |_| if zoom { view.set(None) }
                on:pointerleave=move |ev: leptos::ev::PointerEvent| {
                    drag.set_value(None);
                    if ev.pointer_type() != "touch" && !focused() { cursor.set(None) }
                }
                on:blur=move |_| cursor.set(None)
                on:keydown=on_key
                on:click=move |ev: leptos::ev::MouseEvent| {
                    if let Some(cb) = on_click {
                        cb.run((ev.offset_x() as f64, ev.offset_y() as f64));
                    }
                }></canvas>
            {readout_view}
            {move || view.get().map(|_| view! { <button class="chart-zoom-reset" data-testid="chart-zoom-reset" on:click=move |_| view.set(None)>"reset zoom"</button> })}
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
