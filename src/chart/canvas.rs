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

/// `CanvasBackend` with CSP-safe text measurement.
pub struct Canvas {
    inner: CanvasBackend,
    ctx: CanvasRenderingContext2d,
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
        self.inner.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_line(a, b, s)
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S, fill: bool) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_rect(a, b, s, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, s: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_path(path, s)
    }
    fn draw_circle<S: BackendStyle>(&mut self, c: BackendCoord, r: u32, s: &S, fill: bool) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.draw_circle(c, r, s, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, s: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.fill_polygon(vert, s)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, s: &S, pos: BackendCoord) -> Result<(), DrawingErrorKind<CanvasError>> {
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

/// Resizes the canvas's backing store to its CSS box × `devicePixelRatio` (crisp on high-DPI
/// screens) and draws with `f`. The style's scale is the pixel ratio, so sizes match CSS pixels.
pub fn draw_on<R>(
    canvas: &HtmlCanvasElement,
    f: impl FnOnce(&DrawingArea<Canvas, Shift>, &ChartStyle) -> Result<R, ChartError>,
) -> Result<R, ChartError> {
    let dpr = pixel_ratio();
    let css_w = canvas.client_width().max(1) as f64;
    let css_h = canvas.client_height().max(1) as f64;
    let w = (css_w * dpr).round().clamp(1.0, 8192.0) as u32;
    let h = (css_h * dpr).round().clamp(1.0, 8192.0) as u32;
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    let ctx = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| ChartError("no 2d context on the canvas".into()))?;
    let inner = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or_else(|| ChartError("no 2d context on the canvas".into()))?;
    let root = Canvas { inner, ctx }.into_drawing_area();
    f(&root, &ChartStyle { scale: dpr })
}

/// The device pixel ratio (to map mouse events in CSS pixels to canvas pixels).
pub fn pixel_ratio() -> f64 {
    web_sys::window().map(|w| w.device_pixel_ratio()).filter(|d| d.is_finite() && *d > 0.0).unwrap_or(1.0)
}
