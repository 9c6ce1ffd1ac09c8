//! Several per-epoch curves on one chart (replayed vs recorded LRs, A vs B, newbob vs other
//! frameworks), with an optional vertical marker (the first divergence) and a highlighted epoch.
//! Returns the pixel ↔ epoch map, so hovering or tapping the canvas can pick an epoch.
use super::{blank, epoch_axis, epoch_label, err, finite_range, frame, legend, mesh, positive_range, thin, ChartError, ChartStyle};
use plotters::coord::Shift;
use plotters::prelude::*;

/// One curve: `(epoch, value)` points.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub color: RGBColor,
    pub points: Vec<(f64, f64)>,
    pub dashed: bool,
    /// Draw as a staircase (an LR holds for the whole epoch).
    pub stairs: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct OverlayChart {
    pub title: String,
    pub log_y: bool,
    pub series: Vec<Series>,
    /// A vertical line at this epoch with its label (e.g. "first divergence").
    pub marker: Option<(f64, String)>,
    /// The epoch being explained (a light band).
    pub highlight: Option<f64>,
}

/// Where the plot is in pixels and which epochs it spans.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EpochMap {
    pub px_x: (i32, i32),
    pub px_y: (i32, i32),
    pub epochs: (f64, f64),
}

impl EpochMap {
    /// The epoch under the pixel column `px` (rounded), or `None` outside the plot.
    pub fn epoch_at(&self, px: f64, py: f64) -> Option<i64> {
        let (x0, x1) = (self.px_x.0 as f64, self.px_x.1 as f64);
        if !(px >= x0 && px <= x1 && py >= self.px_y.0 as f64 && py <= self.px_y.1 as f64) || x1 <= x0 {
            return None;
        }
        let e = self.epochs.0 + (px - x0) / (x1 - x0) * (self.epochs.1 - self.epochs.0);
        let r = e.round();
        (r >= 1.0 && r.is_finite()).then_some(r as i64)
    }
}

fn pts(s: &Series, log_y: bool) -> Vec<(f64, f64)> {
    let ok = |y: f64| y.is_finite() && (!log_y || y > 0.0);
    let p: Vec<(f64, f64)> = s.points.iter().copied().filter(|p| p.0.is_finite() && ok(p.1)).collect();
    if !s.stairs {
        return p;
    }
    p.iter().flat_map(|&(e, y)| [(e - 0.5, y), (e + 0.5, y)]).collect()
}

fn plot<'a, DB, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y>>,
    data: &OverlayChart,
    (lo, hi): (f64, f64),
    style: &ChartStyle,
) -> Result<(), ChartError>
where
    DB: DrawingBackend + 'a,
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    mesh(chart, "epoch", &epoch_label, style)?;
    if let Some(h) = data.highlight {
        chart
            .draw_series(std::iter::once(Rectangle::new([(h - 0.5, lo), (h + 0.5, hi)], RGBColor(0xff, 0xf3, 0xb0).mix(0.6).filled())))
            .map_err(err)?;
    }
    let w = style.px(2.0);
    for s in &data.series {
        let p = thin(&pts(s, data.log_y), |p| chart.backend_coord(&p));
        if s.dashed {
            chart.draw_series(DashedLineSeries::new(p, style.px(6.0), style.px(4.0), s.color.stroke_width(w))).map_err(err)?;
        } else {
            chart.draw_series(LineSeries::new(p, s.color.stroke_width(w))).map_err(err)?;
        }
    }
    if let Some((e, _)) = &data.marker {
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(*e - 0.5, lo), (*e - 0.5, hi)], RED.stroke_width(w))))
            .map_err(err)?;
    }
    Ok(())
}

/// Draws the curves; non-finite values (and non-positive ones on a log axis) are left out.
pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, data: &OverlayChart, style: &ChartStyle) -> Result<EpochMap, ChartError> {
    let ys = data.series.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let range = if data.log_y { positive_range(ys) } else { finite_range(ys) };
    let Some((lo, hi)) = range else {
        blank(root, Some(&format!("{}: no data yet", data.title)), style)?;
        return Ok(EpochMap::default());
    };
    blank(root, None, style)?;
    let last = data.series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).fold(1.0f64, |a, b| if b.is_finite() { a.max(b) } else { a });
    let last = last.min(1e9) as u64;
    let title = match &data.marker {
        Some((e, label)) => format!("{} — {label} at epoch {e}", data.title),
        None => data.title.clone(),
    };
    let x = epoch_axis(last);
    let map = if data.log_y {
        let mut chart = frame(root, &title, style).build_cartesian_2d(x.clone(), (lo..hi).log_scale()).map_err(err)?;
        plot(&mut chart, data, (lo, hi), style)?;
        chart.plotting_area().get_pixel_range()
    } else {
        let mut chart = frame(root, &title, style).build_cartesian_2d(x.clone(), lo..hi).map_err(err)?;
        plot(&mut chart, data, (lo, hi), style)?;
        chart.plotting_area().get_pixel_range()
    };
    let items: Vec<(&str, RGBColor)> = data.series.iter().map(|s| (s.label.as_str(), s.color)).collect();
    legend(root, map.clone(), &items, style)?;
    root.present().map_err(err)?;
    Ok(EpochMap { px_x: (map.0.start, map.0.end), px_y: (map.1.start, map.1.end), epochs: (x.start, x.end) })
}
