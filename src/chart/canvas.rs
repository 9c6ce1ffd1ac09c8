//! The only place that knows plotters-canvas: sizes a `<canvas>` for the device pixel ratio and
//! hands a drawing area to one of the generic chart functions.
//!
//! Text is measured with the canvas's own `measureText` ([`Canvas`] wraps `CanvasBackend`):
//! plotters' default web measurement inserts a `<span style=…>` into the page, which a strict
//! CSP (no inline styles) blocks, and which is slow.
use super::{ChartError, ChartStyle};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;

type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// `CanvasBackend` with CSP-safe text measurement, and shapes drawn straight on the context with
/// the stroke and fill styles set only when they change (plotters-canvas formats and sets the
/// colour string for every shape: a dashed line or a heat-map paid that per dash or cell).
pub struct Canvas {
    inner: CanvasBackend,
    ctx: CanvasRenderingContext2d,
    /// The stroke colour and width, and the fill colour, last set on `ctx` by this backend.
    stroke: Option<(BackendColor, u32)>,
    fill: Option<BackendColor>,
}

fn css(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("rgba({r},{g},{b},{})", c.alpha)
}

fn same(a: BackendColor, b: BackendColor) -> bool {
    a.rgb == b.rgb && a.alpha.to_bits() == b.alpha.to_bits()
}

impl Canvas {
    fn new(inner: CanvasBackend, ctx: CanvasRenderingContext2d) -> Canvas {
        Canvas { inner, ctx, stroke: None, fill: None }
    }
    fn set_stroke<S: BackendStyle>(&mut self, s: &S) {
        let (c, w) = (s.color(), s.stroke_width());
        if !self.stroke.is_some_and(|(pc, pw)| same(pc, c) && pw == w) {
            self.ctx.set_stroke_style_str(&css(c));
            self.ctx.set_line_width(w as f64);
            self.stroke = Some((c, w));
        }
    }
    fn set_fill(&mut self, c: BackendColor) {
        if !self.fill.is_some_and(|pc| same(pc, c)) {
            self.ctx.set_fill_style_str(&css(c));
            self.fill = Some(c);
        }
    }
    /// plotters-canvas's text drawing sets styles behind our back.
    fn forget_styles(&mut self) {
        self.stroke = None;
        self.fill = None;
    }
}

impl DrawingBackend for Canvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Result<(), DrawingErrorKind<CanvasError>> {
        if c.alpha == 0.0 {
            return Ok(());
        }
        self.set_fill(c);
        self.ctx.fill_rect(p.0 as f64, p.1 as f64, 1.0, 1.0);
        Ok(())
    }
    fn draw_line<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        // As plotters-canvas: horizontal and vertical lines on the pixel centres.
        let (mut a, mut b) = ((a.0 as f64, a.1 as f64), (b.0 as f64, b.1 as f64));
        if a.0 == b.0 {
            a.0 -= 0.5;
            b.0 -= 0.5;
        }
        if a.1 == b.1 {
            a.1 -= 0.5;
            b.1 -= 0.5;
        }
        self.set_stroke(s);
        self.ctx.begin_path();
        self.ctx.move_to(a.0, a.1);
        self.ctx.line_to(b.0, b.1);
        self.ctx.stroke();
        Ok(())
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S, fill: bool) -> Result<(), DrawingErrorKind<CanvasError>> {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y, w, h) = (a.0 as f64, a.1 as f64, (b.0 - a.0) as f64, (b.1 - a.1) as f64);
        if fill {
            self.set_fill(s.color());
            self.ctx.fill_rect(x, y, w, h);
        } else {
            self.set_stroke(s);
            self.ctx.stroke_rect(x, y, w, h);
        }
        Ok(())
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, s: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        let mut path = path.into_iter();
        self.ctx.begin_path();
        if let Some(p) = path.next() {
            self.set_stroke(s);
            self.ctx.move_to(p.0 as f64, p.1 as f64);
            for q in path {
                self.ctx.line_to(q.0 as f64, q.1 as f64);
            }
        }
        self.ctx.stroke();
        Ok(())
    }
    fn draw_circle<S: BackendStyle>(&mut self, c: BackendCoord, r: u32, s: &S, fill: bool) -> Result<(), DrawingErrorKind<CanvasError>> {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.set_fill(s.color());
        } else {
            self.set_stroke(s);
        }
        self.ctx.begin_path();
        self.ctx
            .arc(c.0 as f64, c.1 as f64, r as f64, 0.0, std::f64::consts::TAU)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(JsError(format!("{e:?}")))))?;
        if fill {
            self.ctx.fill();
        } else {
            self.ctx.stroke();
        }
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, s: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        if s.color().alpha == 0.0 {
            return Ok(());
        }
        let mut path = vert.into_iter();
        self.ctx.begin_path();
        if let Some(p) = path.next() {
            self.set_fill(s.color());
            self.ctx.move_to(p.0 as f64, p.1 as f64);
            for q in path {
                self.ctx.line_to(q.0 as f64, q.1 as f64);
            }
            self.ctx.close_path();
        }
        self.ctx.fill();
        Ok(())
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, s: &S, pos: BackendCoord) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.forget_styles();
        self.inner.draw_text(text, s, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, s: &S) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.ctx.save();
        self.ctx.set_font(&format!("{} {}px {}", s.style().as_str(), s.size(), s.family().as_str()));
        let w = self.ctx.measure_text(text).map(|m| m.width()).unwrap_or(s.size() * 0.6 * text.chars().count() as f64);
        self.ctx.restore();
        Ok((w.ceil().max(0.0) as u32, s.size().ceil().max(0.0) as u32))
    }
}

/// A JavaScript exception while drawing.
#[derive(Debug)]
struct JsError(String);

impl std::fmt::Display for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsError {}

/// Resizes the canvas's backing store to its CSS box × `devicePixelRatio` (crisp on high-DPI
/// screens); returns the backing size and the ratio. `css` is the CSS box when the caller knows
/// it (from a ResizeObserver): reading `clientWidth` after the page changed forces a layout.
fn fit(canvas: &HtmlCanvasElement, css: Option<(i32, i32)>) -> (u32, u32, f64) {
    let dpr = pixel_ratio();
    let (css_w, css_h) = css.filter(|(w, h)| *w > 0 && *h > 0).unwrap_or_else(|| (canvas.client_width(), canvas.client_height()));
    let (css_w, css_h) = (css_w.max(1) as f64, css_h.max(1) as f64);
    let w = (css_w * dpr).round().clamp(1.0, 8192.0) as u32;
    let h = (css_h * dpr).round().clamp(1.0, 8192.0) as u32;
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    (w, h, dpr)
}

fn context(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, ChartError> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| ChartError("no 2d context on the canvas".into()))
}

/// A drawing area over the whole canvas (nothing is cleared).
fn area(canvas: &HtmlCanvasElement) -> Result<DrawingArea<Canvas, Shift>, ChartError> {
    let ctx = context(canvas)?;
    let inner = CanvasBackend::with_canvas_object(canvas.clone()).ok_or_else(|| ChartError("no 2d context on the canvas".into()))?;
    Ok(Canvas::new(inner, ctx).into_drawing_area())
}

/// Sizes the canvas for the device pixel ratio ([`fit`]) and draws with `f`. The style's scale
/// is the pixel ratio, so sizes match CSS pixels.
pub fn draw_on<R>(
    canvas: &HtmlCanvasElement,
    css: Option<(i32, i32)>,
    f: impl FnOnce(&DrawingArea<Canvas, Shift>, &ChartStyle) -> Result<R, ChartError>,
) -> Result<R, ChartError> {
    let (_, _, dpr) = fit(canvas, css);
    f(&area(canvas)?, &ChartStyle { scale: dpr, ..Default::default() })
}

/// A drawing kept in an offscreen canvas between draws: the part of a chart that does not
/// change with every run (the surface's axes and heat-map), drawn again only when its key or the
/// canvas size changes.
#[derive(Default)]
pub struct Layer {
    /// (key, width, height, pixel ratio bits) of the drawing in `canvas`.
    made: Option<(String, u32, u32, u64)>,
    canvas: Option<HtmlCanvasElement>,
}

impl Layer {
    /// An offscreen canvas of `w × h` with `background` drawn on it, unless it already holds
    /// the drawing of `key` at that size.
    fn ensure(
        &mut self,
        key: &str,
        (w, h, dpr): (u32, u32, f64),
        background: impl FnOnce(&DrawingArea<Canvas, Shift>, &ChartStyle) -> Result<(), ChartError>,
    ) -> Result<&HtmlCanvasElement, ChartError> {
        let wanted = (key.to_string(), w, h, dpr.to_bits());
        let canvas = match self.canvas.take() {
            Some(c) => c,
            None => web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.create_element("canvas").ok())
                .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
                .ok_or_else(|| ChartError("cannot create an offscreen canvas".into()))?,
        };
        let canvas = self.canvas.insert(canvas);
        if self.made.as_ref() != Some(&wanted) {
            self.made = None;
            // Setting the size clears the canvas (also when it is unchanged).
            canvas.set_width(w);
            canvas.set_height(h);
            let root = area(canvas)?;
            background(&root, &ChartStyle { scale: dpr, ..Default::default() })?;
            root.present().map_err(super::err)?;
            self.made = Some(wanted);
        }
        Ok(canvas)
    }
}

/// [`draw_on`] over a kept background: `background` is drawn into `layer` only when `key` or
/// the size changed, then copied to the canvas, then `f` draws over it.
pub fn draw_layered_on<R>(
    canvas: &HtmlCanvasElement,
    css: Option<(i32, i32)>,
    layer: &mut Layer,
    key: &str,
    background: impl FnOnce(&DrawingArea<Canvas, Shift>, &ChartStyle) -> Result<(), ChartError>,
    f: impl FnOnce(&DrawingArea<Canvas, Shift>, &ChartStyle) -> Result<R, ChartError>,
) -> Result<R, ChartError> {
    let size = fit(canvas, css);
    let below = layer.ensure(key, size, background)?;
    let ctx = context(canvas)?;
    ctx.clear_rect(0.0, 0.0, size.0 as f64, size.1 as f64);
    ctx.draw_image_with_html_canvas_element(below, 0.0, 0.0)
        .map_err(|e| ChartError(format!("drawImage: {}", e.as_string().unwrap_or_default())))?;
    f(&area(canvas)?, &ChartStyle { scale: size.2, ..Default::default() })
}

/// The device pixel ratio (to map mouse events in CSS pixels to canvas pixels).
pub fn pixel_ratio() -> f64 {
    web_sys::window().map(|w| w.device_pixel_ratio()).filter(|d| d.is_finite() && *d > 0.0).unwrap_or(1.0)
}

/// Draws with `f` on a new offscreen canvas of `w × h` pixels at the style scale `scale` (the
/// PNG export: twice the CSS size, whatever the screen's pixel ratio).
pub fn draw_offscreen(
    w: u32,
    h: u32,
    scale: f64,
    f: impl FnOnce(&DrawingArea<Canvas, Shift>, &ChartStyle) -> Result<(), ChartError>,
) -> Result<HtmlCanvasElement, ChartError> {
    let canvas = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
        .ok_or_else(|| ChartError("cannot create an offscreen canvas".into()))?;
    canvas.set_width(w.clamp(1, 8192));
    canvas.set_height(h.clamp(1, 8192));
    let root = area(&canvas)?;
    f(&root, &ChartStyle { scale, x_view: None })?;
    root.present().map_err(super::err)?;
    Ok(canvas)
}
