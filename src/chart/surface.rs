//! The loss surface as a heat-map in log colours, with the optimizer's trajectory, the start point
//! and the known minima. [`draw`] returns a [`SurfaceMap`] that turns a click back into a point.
use super::{blank, err, palette, tick_label, ChartError, ChartStyle};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

/// Surface values sampled on a regular grid (cell centres), row-major, `y` rows bottom-up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeatGrid {
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub nx: usize,
    pub ny: usize,
    pub values: Vec<f64>,
}

impl HeatGrid {
    /// Samples `f` at the centres of an `nx × ny` grid over `x × y`.
    pub fn sample(x: (f64, f64), y: (f64, f64), nx: usize, ny: usize, mut f: impl FnMut(f64, f64) -> f64) -> HeatGrid {
        let nx = nx.clamp(1, 1000);
        let ny = ny.clamp(1, 1000);
        let mut values = Vec::with_capacity(nx * ny);
        for j in 0..ny {
            let yy = y.0 + (j as f64 + 0.5) * (y.1 - y.0) / ny as f64;
            for i in 0..nx {
                let xx = x.0 + (i as f64 + 0.5) * (x.1 - x.0) / nx as f64;
                values.push(f(xx, yy));
            }
        }
        HeatGrid { x, y, nx, ny, values }
    }

    /// The finite `(min, max)` of the grid.
    pub fn value_range(&self) -> Option<(f64, f64)> {
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for &v in &self.values {
            if v.is_finite() {
                lo = lo.min(v);
                hi = hi.max(v);
            }
        }
        (lo <= hi).then_some((lo, hi))
    }
}

/// Maps a value to `[0, 1]` on a log scale above the grid's minimum, so that the valley floor
/// (where optimizers spend their time) keeps its contrast.
pub fn log_level(v: f64, lo: f64, hi: f64) -> f64 {
    if !v.is_finite() {
        return 1.0;
    }
    let span = hi - lo;
    if span.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return 0.0;
    }
    let s = span * 1e-4;
    let t = (1.0 + (v - lo).max(0.0) / s).ln() / (1.0 + span / s).ln();
    t.clamp(0.0, 1.0)
}

/// A perceptual dark-blue → green → yellow ramp (viridis-like stops).
pub fn colour(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 6] =
        [(68, 1, 84), (65, 68, 135), (42, 120, 142), (34, 168, 132), (122, 209, 81), (253, 231, 37)];
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 1.0 };
    let pos = t * (STOPS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(STOPS.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurfaceChart {
    pub title: String,
    pub grid: HeatGrid,
    /// Parameter points visited (the first is the start point).
    pub trajectory: Vec<(f64, f64)>,
    pub start: (f64, f64),
    pub minima: Vec<(f64, f64)>,
}

/// Where the plotting area is in pixels and what it shows, to map clicks back to points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurfaceMap {
    pub px_x: (i32, i32),
    pub px_y: (i32, i32),
    pub x: (f64, f64),
    pub y: (f64, f64),
}

impl SurfaceMap {
    /// The domain point under the pixel `(px, py)` of the drawing, or `None` outside the plot.
    pub fn to_domain(&self, px: f64, py: f64) -> Option<(f64, f64)> {
        let (x0, x1) = (self.px_x.0 as f64, self.px_x.1 as f64);
        let (y0, y1) = (self.px_y.0 as f64, self.px_y.1 as f64);
        if !(px >= x0 && px <= x1 && py >= y0 && py <= y1) || x1 <= x0 || y1 <= y0 {
            return None;
        }
        let fx = (px - x0) / (x1 - x0);
        let fy = (py - y0) / (y1 - y0);
        Some((self.x.0 + fx * (self.x.1 - self.x.0), self.y.1 - fy * (self.y.1 - self.y.0)))
    }

    /// The pixel of a domain point (inverse of [`SurfaceMap::to_domain`]).
    pub fn to_pixel(&self, p: (f64, f64)) -> (f64, f64) {
        let fx = (p.0 - self.x.0) / (self.x.1 - self.x.0);
        let fy = (self.y.1 - p.1) / (self.y.1 - self.y.0);
        (
            self.px_x.0 as f64 + fx * (self.px_x.1 - self.px_x.0) as f64,
            self.px_y.0 as f64 + fy * (self.px_y.1 - self.px_y.0) as f64,
        )
    }
}

fn clamp_to(p: (f64, f64), x: (f64, f64), y: (f64, f64)) -> Option<(f64, f64)> {
    if !(p.0.is_finite() && p.1.is_finite()) {
        return None;
    }
    Some((p.0.clamp(x.0, x.1), p.1.clamp(y.0, y.1)))
}

/// The parts of a surface chart that change with every run: the path and the points on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfacePath<'a> {
    pub trajectory: &'a [(f64, f64)],
    pub start: (f64, f64),
    pub minima: &'a [(f64, f64)],
}

/// Draws the whole chart: [`draw_background`], then [`draw_path`] over it.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &SurfaceChart,
    style: &ChartStyle,
) -> Result<SurfaceMap, ChartError> {
    let map = draw_background(root, &data.grid, &data.title, style)?;
    let path = SurfacePath { trajectory: &data.trajectory, start: data.start, minima: &data.minima };
    draw_path(root, &map, &path, style)?;
    root.present().map_err(err)?;
    Ok(map)
}

/// The part that depends on the surface only (the app keeps it between runs): white, the title,
/// the axes and the heat-map. An empty or malformed grid gives a message and an empty map.
pub fn draw_background<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    g: &HeatGrid,
    title: &str,
    style: &ChartStyle,
) -> Result<SurfaceMap, ChartError> {
    let ok = |r: (f64, f64)| r.0.is_finite() && r.1.is_finite() && r.1 > r.0;
    if g.nx == 0 || g.ny == 0 || g.values.len() != g.nx * g.ny || !ok(g.x) || !ok(g.y) {
        blank(root, Some("surface: nothing to show"), style)?;
        return Ok(SurfaceMap::default());
    }
    blank(root, None, style)?;
    let mut chart = ChartBuilder::on(root)
        .margin(style.px(8.0))
        .caption(title, ("sans-serif", style.font(14.0)))
        .x_label_area_size(style.px(38.0))
        .y_label_area_size(style.px(48.0))
        .build_cartesian_2d(g.x.0..g.x.1, g.y.0..g.y.1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("x")
        .y_desc("y")
        .x_label_formatter(&|v| tick_label(*v))
        .y_label_formatter(&|v| tick_label(*v))
        .label_style(("sans-serif", style.font(11.0)))
        .axis_desc_style(("sans-serif", style.font(12.0)))
        .draw()
        .map_err(err)?;
    let (lo, hi) = g.value_range().unwrap_or((0.0, 1.0));
    let dx = (g.x.1 - g.x.0) / g.nx as f64;
    let dy = (g.y.1 - g.y.0) / g.ny as f64;
    chart
        .draw_series(g.values.iter().enumerate().map(|(k, &v)| {
            let (i, j) = (k % g.nx, k / g.nx);
            let x0 = g.x.0 + i as f64 * dx;
            let y0 = g.y.0 + j as f64 * dy;
            Rectangle::new([(x0, y0), (x0 + dx, y0 + dy)], colour(log_level(v, lo, hi)).filled())
        }))
        .map_err(err)?;
    let (px_x, px_y) = chart.plotting_area().get_pixel_range();
    Ok(SurfaceMap { px_x: (px_x.start, px_x.end), px_y: (px_y.start, px_y.end), x: g.x, y: g.y })
}

/// Drops the points that land on the same pixel as the point before them (the drawn line is the
/// same: plotters draws between integer pixels), so a long trajectory that creeps along the
/// valley floor costs as many line segments as it covers pixels.
pub fn dedupe_pixels(points: impl IntoIterator<Item = (f64, f64)>, to_pixel: impl Fn((f64, f64)) -> (i32, i32)) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    let mut last: Option<(i32, i32)> = None;
    let mut pending: Option<(f64, f64)> = None;
    for p in points {
        let px = to_pixel(p);
        if last == Some(px) {
            // Keep the newest point of a run of same-pixel points (the path's end stays exact).
            pending = Some(p);
            continue;
        }
        if let Some(q) = pending.take() {
            out.push(q);
        }
        out.push(p);
        last = Some(px);
    }
    if let Some(q) = pending {
        out.push(q);
    }
    out
}

/// The run's part over a background drawn by [`draw_background`] with the same `map`: the
/// trajectory (white), its end, the known minima (green crosses) and the start point (magenta).
/// Nothing is drawn when `map` is empty (the background said there is nothing to show).
pub fn draw_path<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    map: &SurfaceMap,
    data: &SurfacePath<'_>,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    if map.px_x.1 <= map.px_x.0 || map.px_y.1 <= map.px_y.0 {
        return Ok(());
    }
    let (x, y) = (map.x, map.y);
    // The plotting area of the background, with the same coordinates and clipping as plotters'
    // ChartBuilder gives it (the last pixel column and row inclusive, y upwards).
    let base = root.get_base_pixel();
    let area = root
        .clone()
        .shrink((map.px_x.0 - base.0, map.px_y.0 - base.1), ((map.px_x.1 - map.px_x.0) as u32, (map.px_y.1 - map.px_y.0) as u32))
        .apply_coord_spec(Cartesian2d::<RangedCoordf64, RangedCoordf64>::new(x.0..x.1, y.0..y.1, (map.px_x.0..map.px_x.1 - 1, map.px_y.1 - 1..map.px_y.0)));
    let to_pixel = |p: (f64, f64)| area.map_coordinate(&p);
    let path = dedupe_pixels(data.trajectory.iter().filter_map(|&p| clamp_to(p, x, y)), to_pixel);
    if path.len() > 1 {
        area.draw(&PathElement::new(path.clone(), palette::TRAJECTORY.stroke_width(style.px(1.5)))).map_err(err)?;
    }
    if let Some(&end) = path.last() {
        area.draw(&Circle::new(end, style.px(3.0) as i32, palette::TRAJECTORY.filled())).map_err(err)?;
    }
    let r = style.px(5.0) as i32;
    for &m in data.minima {
        if let Some(m) = clamp_to(m, x, y) {
            area.draw(&Cross::new(m, r, palette::MINIMUM.stroke_width(style.px(2.0)))).map_err(err)?;
        }
    }
    if let Some(s) = clamp_to(data.start, x, y) {
        area.draw(&Circle::new(s, r, palette::START.filled())).map_err(err)?;
    }
    Ok(())
}
