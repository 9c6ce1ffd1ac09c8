//! The charts of the app, drawn with plotters on ANY backend: a `<canvas>` in the browser
//! (`canvas.rs`, the only file that knows plotters-canvas), SVG text or an RGB buffer in the
//! native tests. Each chart takes a plain data struct (no signals, no engine types), so what the
//! UI shows is exactly what the tests draw.
//!
//! * [`lr::draw`] — learning rate per epoch on a log axis, with decay / grow / hold markers and an
//!   optional overlay of the learning rates recorded in an imported `learning_rate_file`.
//! * [`scores::draw`] — train and dev score per epoch.
//! * [`loss::draw`] — loss per update (decimated to the pixel width).
//! * [`surface::draw`] — the loss surface as a heat-map in log colours, the trajectory and the
//!   start point; it returns the pixel ↔ domain map used to turn a click into a start point.
//! * [`ticks`] — y ticks at 1-2-5 steps labelled with Python's `repr`; [`readout`] — the pixel →
//!   epoch/update map each line chart returns and the read-out text; [`legend_place`] — the
//!   legend's corner, where the fewest lines cross (docs/CHARTS.md).
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt;

#[cfg(target_arch = "wasm32")]
pub mod canvas;
pub mod heatmap;
pub mod loss;
pub mod lr;
pub mod overlay;
pub mod readout;
pub mod scores;
pub mod surface;
pub mod ticks;

/// A drawing failure (a backend error); never a panic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartError(pub String);

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chart: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

pub(crate) fn err<E: fmt::Debug>(e: E) -> ChartError {
    ChartError(format!("{e:?}"))
}

/// Sizes scale with the device pixel ratio so that a high-DPI canvas (drawn at `css × dpr`
/// pixels) shows the same layout as a normal one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartStyle {
    pub scale: f64,
    /// The x range shown (zoom and pan of the epoch/update charts); `None` = all of it.
    pub x_view: Option<(f64, f64)>,
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle { scale: 1.0, x_view: None }
    }
}

impl ChartStyle {
    pub fn px(&self, css_px: f64) -> u32 {
        let v = (css_px * self.scale).round();
        if v.is_finite() && v >= 1.0 { v as u32 } else { 1 }
    }
    pub fn font(&self, css_px: f64) -> f64 {
        css_px * self.scale.max(0.25)
    }
}

/// Colours shared by all charts (also used by the CSS legend).
pub mod palette {
    use plotters::style::RGBColor;
    pub const TRAIN: RGBColor = RGBColor(0x1f, 0x77, 0xb4);
    pub const DEV: RGBColor = RGBColor(0xd6, 0x27, 0x28);
    pub const LR: RGBColor = RGBColor(0x2c, 0x3e, 0x50);
    pub const OVERLAY: RGBColor = RGBColor(0xff, 0x7f, 0x0e);
    pub const DECAY: RGBColor = RGBColor(0xd6, 0x27, 0x28);
    pub const GROW: RGBColor = RGBColor(0x2c, 0xa0, 0x2c);
    pub const HOLD: RGBColor = RGBColor(0x88, 0x88, 0x88);
    pub const LOSS: RGBColor = RGBColor(0x6a, 0x3d, 0x9a);
    pub const TRAJECTORY: RGBColor = RGBColor(0xff, 0xff, 0xff);
    pub const START: RGBColor = RGBColor(0xff, 0x00, 0xff);
    pub const MINIMUM: RGBColor = RGBColor(0x00, 0xff, 0x00);
    pub const GRID: RGBColor = RGBColor(0xe6, 0xe6, 0xe6);
}

/// Fills the area white and, when there is nothing to draw, writes `message` in the middle.
pub(crate) fn blank<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    message: Option<&str>,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    root.fill(&WHITE).map_err(err)?;
    if let Some(m) = message {
        let (w, h) = root.dim_in_pixel();
        let font = ("sans-serif", style.font(13.0)).into_font().color(&RGBColor(0x66, 0x66, 0x66));
        let tw = (m.chars().count() as f64 * style.font(13.0) * 0.5) as i32;
        root.draw(&Text::new(m.to_string(), ((w as i32 - tw) / 2, h as i32 / 2), font))
            .map_err(err)?;
    }
    Ok(())
}

/// `(min, max)` of the finite values, widened when empty or degenerate so an axis can be drawn.
pub fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if lo > hi {
        return None;
    }
    if hi - lo <= f64::EPSILON * lo.abs().max(1.0) {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return Some((lo - pad, hi + pad));
    }
    let pad = (hi - lo) * 0.05;
    Some((lo - pad, hi + pad))
}

/// `(min, max)` of the finite positive values for a log axis, widened by a small factor and to at
/// least a factor 10.
pub fn positive_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values {
        if v.is_finite() && v > 0.0 {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if lo > hi {
        return None;
    }
    // At most 30 decades: a replayed LR decayed 2 000 times reaches subnormal values, and
    // plotters' log axis over ~320 decades took seconds to lay out (the page froze).
    let lo = lo.max(hi * 1e-30);
    let (lo, hi) = (lo / 1.25, hi * 1.25);
    // At least one decade, so the log axis has a labelled tick.
    let ratio = hi / lo;
    if ratio < 10.0 {
        let widen = (10.0 / ratio).sqrt();
        return Some((lo / widen, hi * widen));
    }
    Some((lo, hi))
}

/// Whether a log axis helps: all finite values positive and spanning at least a factor 10 (a
/// narrower log axis gets no decade ticks, so it would show no labels).
pub fn wants_log(values: impl IntoIterator<Item = f64>) -> bool {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values.into_iter().filter(|v| v.is_finite()) {
        if v <= 0.0 {
            return false;
        }
        lo = lo.min(v);
        hi = hi.max(v);
    }
    lo <= hi && hi / lo >= 10.0
}

/// Thins a polyline to what can be seen (the M4 reduction): of each run of consecutive points
/// in the same pixel column it keeps the first, the lowest, the highest and the last, in their
/// order. The line through them covers the same pixels, so a 2 000-epoch curve costs about four
/// points per pixel column instead of one per epoch. `to_px` maps a point to its pixel.
pub fn thin(points: &[(f64, f64)], to_px: impl Fn((f64, f64)) -> (i32, i32)) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len().min(4096));
    let mut i = 0;
    while i < points.len() {
        let (col, y0) = to_px(points[i]);
        let mut j = i + 1;
        let (mut lo, mut hi) = ((i, y0), (i, y0));
        while j < points.len() {
            let (x, y) = to_px(points[j]);
            if x != col {
                break;
            }
            // Pixel rows grow downwards: the lowest value has the largest row.
            if y > lo.1 {
                lo = (j, y);
            }
            if y < hi.1 {
                hi = (j, y);
            }
            j += 1;
        }
        let (lo, hi) = (lo.0, hi.0);
        let last = j - 1;
        let mut keep = [i, lo, hi, last];
        keep.sort_unstable();
        let mut prev = None;
        for k in keep {
            if prev != Some(k) {
                out.push(points[k]);
                prev = Some(k);
            }
        }
        i = j;
    }
    out
}

/// Short tick labels: `1e-4`, `0.003`, `12.5`.
pub fn tick_label(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.0e}");
        return s;
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s.is_empty() || s == "-" { format!("{v:.1e}") } else { s }
}

/// The part of the x range `full` that `view` asks for: as wide as asked (at least 2, at most
/// all of `full`), moved inside `full` rather than cut (a pan stops at the ends).
pub fn x_window(full: std::ops::Range<f64>, view: Option<(f64, f64)>) -> std::ops::Range<f64> {
    let Some((a, b)) = view.filter(|(a, b)| a.is_finite() && b.is_finite() && b > a) else { return full };
    let width = (b - a).max(2.0);
    if width >= full.end - full.start {
        return full;
    }
    let c = (a + b) / 2.0;
    let lo = (c - width / 2.0).max(full.start).min(full.end - width);
    lo..lo + width
}

/// The polyline (x ascending) inside `lo..=hi`: its points there, and where it crosses the
/// ends, the point on the end (so a zoomed line runs to the plot's edge and not over the axes).
pub fn clip_x(points: &[(f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let inside = |p: (f64, f64)| p.0 >= lo && p.0 <= hi;
    let mut out = Vec::new();
    for (i, &p) in points.iter().enumerate() {
        if inside(p) {
            out.push(p);
        }
        let Some(&q) = points.get(i + 1) else { break };
        for b in [lo, hi] {
            if (p.0 - b) * (q.0 - b) < 0.0 {
                let t = (b - p.0) / (q.0 - p.0);
                out.push((b, p.1 + t * (q.1 - p.1)));
            }
        }
    }
    out
}

/// The x range of an epoch axis showing `1..=last` with half an epoch of room on both sides.
pub(crate) fn epoch_axis(last: u64) -> std::ops::Range<f64> {
    0.5..(last.max(1) as f64 + 0.5)
}

/// Epoch tick labels: integers only.
pub(crate) fn epoch_label(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-6 { format!("{}", v.round() as i64) } else { String::new() }
}

/// Pixel rectangle `(x0, y0, x1, y1)`.
pub type PxRect = (i32, i32, i32, i32);

/// Whether the segment `a`–`b` meets the rectangle (Liang–Barsky clipping).
pub fn segment_meets(a: (i32, i32), b: (i32, i32), r: PxRect) -> bool {
    let (x0, y0) = (a.0 as f64, a.1 as f64);
    let (dx, dy) = ((b.0 - a.0) as f64, (b.1 - a.1) as f64);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, x0 - r.0 as f64), (dx, r.2 as f64 - x0), (-dy, y0 - r.1 as f64), (dy, r.3 as f64 - y0)] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// Where a legend box of `size` goes in the plot (pixel ranges): the corner (top right, top
/// left, bottom right, bottom left, in that preference) that the fewest segments of `lines`
/// (polylines in pixels; a single point counts as a segment) cross, `pad` in from the edges.
/// Returns the box.
pub fn legend_place(
    plot: &(std::ops::Range<i32>, std::ops::Range<i32>),
    size: (i32, i32),
    pad: i32,
    lines: &[Vec<(i32, i32)>],
) -> PxRect {
    let (w, h) = size;
    let (l, r) = (plot.0.start + pad, plot.0.end - pad - w);
    let (t, b) = (plot.1.start + pad, plot.1.end - pad - h);
    let corners = [(r, t), (l, t), (r, b), (l, b)];
    let hits = |(x, y): (i32, i32)| -> usize {
        let rect = (x, y, x + w, y + h);
        lines
            .iter()
            .map(|pl| match pl.len() {
                0 => 0,
                1 => segment_meets(pl[0], pl[0], rect) as usize,
                _ => pl.windows(2).filter(|s| segment_meets(s[0], s[1], rect)).count(),
            })
            .sum()
    };
    let mut best = (usize::MAX, corners[0]);
    for c in corners {
        let n = hits(c);
        if n < best.0 {
            best = (n, c);
        }
    }
    let (x, y) = best.1;
    (x, y, x + w, y + h)
}

/// A small legend in the corner of the plotting area `(x range, y range)` (pixels) that covers
/// the fewest of the drawn `lines` (pixel polylines, see [`legend_place`]), drawn without
/// plotters' series labels (those measure text through the DOM, which a strict CSP forbids).
pub(crate) fn legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    plot: (std::ops::Range<i32>, std::ops::Range<i32>),
    items: &[(&str, RGBColor)],
    lines: &[Vec<(i32, i32)>],
    style: &ChartStyle,
) -> Result<(), ChartError> {
    if items.is_empty() {
        return Ok(());
    }
    let fs = style.font(11.0);
    let line = (fs * 1.4).round() as i32;
    let swatch = style.px(16.0) as i32;
    let widest = items.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0) as f64;
    let w = swatch + style.px(10.0) as i32 + (widest * fs * 0.62).ceil() as i32;
    let h = line * items.len() as i32 + style.px(6.0) as i32;
    let (x0, y0, _, _) = legend_place(&plot, (w, h), style.px(6.0) as i32, lines);
    root.draw(&Rectangle::new([(x0, y0), (x0 + w, y0 + h)], WHITE.mix(0.85).filled())).map_err(err)?;
    root.draw(&Rectangle::new([(x0, y0), (x0 + w, y0 + h)], palette::GRID.stroke_width(1))).map_err(err)?;
    for (i, (label, color)) in items.iter().enumerate() {
        let y = y0 + style.px(3.0) as i32 + line * i as i32 + line / 2;
        let x = x0 + style.px(4.0) as i32;
        root.draw(&PathElement::new(vec![(x, y), (x + swatch, y)], color.stroke_width(style.px(2.0)))).map_err(err)?;
        let font = ("sans-serif", fs).into_font().color(&BLACK).pos(text_anchor_left_center());
        root.draw(&Text::new(label.to_string(), (x + swatch + style.px(4.0) as i32, y), font)).map_err(err)?;
    }
    Ok(())
}

fn text_anchor_left_center() -> plotters::style::text_anchor::Pos {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    Pos::new(HPos::Left, VPos::Center)
}

/// The common frame of the line charts: margin, caption and label areas scaled by the style.
pub(crate) fn frame<'a, 'b, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    caption: &str,
    style: &ChartStyle,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(root);
    b.margin(style.px(8.0))
        .caption(caption, ("sans-serif", style.font(14.0)))
        .x_label_area_size(style.px(38.0))
        .y_label_area_size(style.px(56.0));
    b
}

/// The y ticks of an axis over `lo..hi`: 1-2-5 steps ([`ticks`]), decades and their 2 and 5 on
/// a log axis.
pub fn y_ticks(lo: f64, hi: f64, log: bool) -> Vec<f64> {
    if log { ticks::log_ticks(lo, hi, 8) } else { ticks::linear_ticks(lo, hi, 6) }
}

/// Grid, axes and tick labels of a chart with an f64 x axis and any f64 y axis (linear or log).
/// The y ticks are `y_ticks` (see [`y_ticks`]), labelled with Python's `repr`, drawn here rather
/// than by plotters (whose labels are `0.05000000000000001` or skip the 2s and 5s of a decade).
pub(crate) fn mesh<'a, DB, Y>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y>>,
    x_desc: &str,
    x_label: &dyn Fn(&f64) -> String,
    y_ticks: &[f64],
    style: &ChartStyle,
) -> Result<(), ChartError>
where
    DB: DrawingBackend + 'a,
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .light_line_style(palette::GRID)
        .x_desc(x_desc)
        .x_labels(8)
        .y_labels(0)
        .x_label_formatter(x_label)
        .y_label_formatter(&|_| String::new())
        .label_style(("sans-serif", style.font(11.0)))
        .axis_desc_style(("sans-serif", style.font(12.0)))
        .draw()
        .map_err(err)?;
    let (px, _) = chart.plotting_area().get_pixel_range();
    let x0 = chart.x_range().start;
    let tick = style.px(5.0) as i32;
    let pos = plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Right,
        plotters::style::text_anchor::VPos::Center,
    );
    let font = ("sans-serif", style.font(11.0)).into_font().color(&BLACK).pos(pos);
    for &t in y_ticks {
        let y = chart.backend_coord(&(x0, t)).1;
        root.draw(&PathElement::new(vec![(px.start, y), (px.end, y)], palette::GRID.stroke_width(1))).map_err(err)?;
        root.draw(&PathElement::new(vec![(px.start - tick, y), (px.start, y)], BLACK.stroke_width(1))).map_err(err)?;
        root.draw(&Text::new(ticks::tick_text(t), (px.start - tick - style.px(2.0) as i32, y), font.clone())).map_err(err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::positive_range;

    #[test]
    fn positive_range_spans_at_most_30_decades() {
        let (lo, hi) = positive_range([1.0, 5e-324, 1e-300]).unwrap();
        assert!(lo.is_normal() && hi / lo < 1e31, "{lo} {hi}");
        let (lo, hi) = positive_range([1e-4, 1e-5]).unwrap();
        assert!(lo < 1e-5 && hi > 1e-4);
        assert_eq!(positive_range([0.0, -1.0, f64::NAN]), None);
    }
}
