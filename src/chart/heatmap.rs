//! A sweep's heat-map: one cell per (x value, y value), coloured by the cell's value in [0, 1]
//! (viridis); cells not computed yet are light grey, failed ones dark grey. Returns the pixel ↔
//! cell map, so a click can load the cell's settings.
use super::surface::colour;
use super::ticks::{linear_ticks, tick_text};
use super::{blank, err, tick_label, ChartError, ChartStyle};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeatmapChart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub x_values: Vec<f64>,
    pub y_values: Vec<f64>,
    /// Row-major, y outer: `values[yi * x_values.len() + xi]`. `None` = not computed yet; NaN =
    /// the cell failed.
    pub values: Vec<Option<f64>>,
    pub selected: Option<(usize, usize)>,
    /// The outcome's `(min, max)` that the values 0 and 1 stand for: drawn as a colour bar with
    /// its scale at the right.
    pub scale: Option<(f64, f64)>,
}

/// The range a colour bar shows for the outcome's `(min, max)`: an end within a millionth of
/// the span from 0 is 0 (a final LR of `7e-18` reads as 0), a single value gets room around it.
pub fn colour_bar_range(lo: f64, hi: f64) -> Option<(f64, f64)> {
    if !(lo.is_finite() && hi.is_finite()) || hi < lo {
        return None;
    }
    if hi == lo {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return Some((lo - pad, hi + pad));
    }
    let near0 = |v: f64| v.abs() <= (hi - lo) * 1e-6;
    Some((if near0(lo) { 0.0 } else { lo }, if near0(hi) { 0.0 } else { hi }))
}

/// The colour bar right of the cells (`px`: the bar's pixel box), with 1-2-5 ticks labelled as
/// Python writes them.
fn colour_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (x0, x1, y0, y1): (i32, i32, i32, i32),
    (lo, hi): (f64, f64),
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let Some((blo, bhi)) = colour_bar_range(lo, hi) else { return Ok(()) };
    let h = (y1 - y0).max(1);
    let at = |v: f64| y1 - (((v - blo) / (bhi - blo)) * h as f64).round() as i32;
    for y in y0..y1 {
        let v = blo + (y1 - y) as f64 / h as f64 * (bhi - blo);
        let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        root.draw(&Rectangle::new([(x0, y), (x1, y + 1)], colour(t).filled())).map_err(err)?;
    }
    root.draw(&Rectangle::new([(x0, y0), (x1, y1)], BLACK.stroke_width(1))).map_err(err)?;
    let font = ("sans-serif", style.font(10.0)).into_font().color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center));
    for t in linear_ticks(blo, bhi, 5) {
        let y = at(t);
        root.draw(&PathElement::new(vec![(x1, y), (x1 + style.px(4.0) as i32, y)], BLACK.stroke_width(1))).map_err(err)?;
        root.draw(&Text::new(tick_text(t), (x1 + style.px(6.0) as i32, y), font.clone())).map_err(err)?;
    }
    Ok(())
}

pub const PENDING: RGBColor = RGBColor(0xee, 0xee, 0xee);
pub const FAILED: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// The pixel area of the cells.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CellMap {
    pub px_x: (i32, i32),
    pub px_y: (i32, i32),
    pub nx: usize,
    pub ny: usize,
}

impl CellMap {
    /// The `(xi, yi)` cell under a pixel (y index 0 at the bottom), or `None` outside.
    pub fn cell_at(&self, px: f64, py: f64) -> Option<(usize, usize)> {
        let (x0, x1, y0, y1) = (self.px_x.0 as f64, self.px_x.1 as f64, self.px_y.0 as f64, self.px_y.1 as f64);
        if self.nx == 0 || self.ny == 0 || x1 <= x0 || y1 <= y0 || !(px >= x0 && px < x1 && py >= y0 && py < y1) {
            return None;
        }
        let xi = (((px - x0) / (x1 - x0)) * self.nx as f64) as usize;
        let yi = (((y1 - py) / (y1 - y0)) * self.ny as f64) as usize;
        Some((xi.min(self.nx - 1), yi.min(self.ny - 1)))
    }

    /// The cell selected after an arrow key (up = the next y value), `Home`/`End` (first/last
    /// cell); from no selection any of them starts at the bottom-left cell. `None` for another
    /// key or an empty grid.
    pub fn key(&self, at: Option<(usize, usize)>, key: &str) -> Option<(usize, usize)> {
        if self.nx == 0 || self.ny == 0 {
            return None;
        }
        let (x, y) = match at {
            None => return matches!(key, "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Home" | "End").then_some((0, 0)),
            Some((x, y)) => (x.min(self.nx - 1), y.min(self.ny - 1)),
        };
        Some(match key {
            "ArrowLeft" => (x.saturating_sub(1), y),
            "ArrowRight" => ((x + 1).min(self.nx - 1), y),
            "ArrowDown" => (x, y.saturating_sub(1)),
            "ArrowUp" => (x, (y + 1).min(self.ny - 1)),
            "Home" => (0, 0),
            "End" => (self.nx - 1, self.ny - 1),
            _ => return None,
        })
    }
}

/// The colour of a cell value.
pub fn cell_colour(v: Option<f64>) -> RGBColor {
    match v {
        None => PENDING,
        Some(x) if !x.is_finite() => FAILED,
        Some(x) => colour(x),
    }
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, data: &HeatmapChart, style: &ChartStyle) -> Result<CellMap, ChartError> {
    let (nx, ny) = (data.x_values.len(), data.y_values.len());
    if nx == 0 || ny == 0 {
        blank(root, Some("sweep: choose two settings and run"), style)?;
        return Ok(CellMap::default());
    }
    blank(root, None, style)?;
    let mut chart = ChartBuilder::on(root)
        .margin(style.px(8.0))
        .caption(&data.title, ("sans-serif", style.font(14.0)))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(64.0))
        .right_y_label_area_size(if data.scale.is_some() { style.px(84.0) } else { 0 })
        .build_cartesian_2d(0.0..nx as f64, 0.0..ny as f64)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_desc(data.x_label.as_str())
        .y_desc(data.y_label.as_str())
        .label_style(("sans-serif", style.font(10.0)))
        .axis_desc_style(("sans-serif", style.font(12.0)))
        .draw()
        .map_err(err)?;
    let cells = (0..ny).flat_map(|yi| (0..nx).map(move |xi| (xi, yi))).map(|(xi, yi)| {
        let v = data.values.get(yi * nx + xi).copied().flatten();
        Rectangle::new([(xi as f64, yi as f64), (xi as f64 + 1.0, yi as f64 + 1.0)], cell_colour(v).filled())
    });
    chart.draw_series(cells).map_err(err)?;
    if let Some((xi, yi)) = data.selected.filter(|(x, y)| *x < nx && *y < ny) {
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(xi as f64, yi as f64), (xi as f64 + 1.0, yi as f64 + 1.0)],
                RED.stroke_width(style.px(3.0)),
            )))
            .map_err(err)?;
    }
    let (px, py) = chart.plotting_area().get_pixel_range();
    // Tick labels at the cell centres (every k-th when crowded).
    let font = ("sans-serif", style.font(10.0)).into_font().color(&BLACK);
    let cw = (px.end - px.start) as f64 / nx as f64;
    let ch = (py.end - py.start) as f64 / ny as f64;
    let kx = nx.div_ceil(8);
    let ky = ny.div_ceil(12);
    for (i, v) in data.x_values.iter().enumerate().filter(|(i, _)| i % kx == 0) {
        let x = px.start + (cw * (i as f64 + 0.5)) as i32;
        let pos = Pos::new(HPos::Center, VPos::Top);
        root.draw(&Text::new(tick_label(*v), (x, py.end + style.px(4.0) as i32), font.clone().pos(pos))).map_err(err)?;
    }
    for (i, v) in data.y_values.iter().enumerate().filter(|(i, _)| i % ky == 0) {
        let y = py.end - (ch * (i as f64 + 0.5)) as i32;
        let pos = Pos::new(HPos::Right, VPos::Center);
        root.draw(&Text::new(tick_label(*v), (px.start - style.px(4.0) as i32, y), font.clone().pos(pos))).map_err(err)?;
    }
    if let Some(scale) = data.scale {
        let x0 = px.end + style.px(10.0) as i32;
        colour_bar(root, (x0, x0 + style.px(14.0) as i32, py.start, py.end), scale, style)?;
    }
    root.present().map_err(err)?;
    Ok(CellMap { px_x: (px.start, px.end), px_y: (py.start, py.end), nx, ny })
}
