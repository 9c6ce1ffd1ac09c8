//! Several per-epoch curves on one chart (replayed vs recorded LRs, A vs B, newbob vs other
//! frameworks), with an optional vertical marker (the first divergence) and a highlighted epoch.
//! Returns the pixel ↔ epoch map, so hovering or tapping the canvas can pick an epoch.
use super::{blank, epoch_axis, epoch_label, err, finite_range, frame, legend, mesh, positive_range, thin, y_ticks, ChartError, ChartStyle};
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

pub use super::readout::EpochMap;

impl OverlayChart {
    /// This chart on a log y axis when `log` and every finite value is positive (else linear).
    pub fn with_log(mut self, log: bool) -> OverlayChart {
        self.log_y = log && self.series.iter().all(|s| s.points.iter().all(|p| !p.1.is_finite() || p.1 > 0.0));
        self
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
    root: &DrawingArea<DB, Shift>,
    chart: &mut ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y>>,
    data: &OverlayChart,
    (lo, hi): (f64, f64),
    style: &ChartStyle,
) -> Result<Vec<Vec<(i32, i32)>>, ChartError>
where
    DB: DrawingBackend + 'a,
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    mesh(root, chart, "epoch", &epoch_label, &y_ticks(lo, hi, data.log_y), style)?;
    let mut lines = Vec::new();
    if let Some(h) = data.highlight {
        chart
            .draw_series(std::iter::once(Rectangle::new([(h - 0.5, lo), (h + 0.5, hi)], RGBColor(0xff, 0xf3, 0xb0).mix(0.6).filled())))
            .map_err(err)?;
    }
    let w = style.px(2.0);
    for s in &data.series {
        let p = thin(&pts(s, data.log_y), |p| chart.backend_coord(&p));
        lines.push(p.iter().map(|q| chart.backend_coord(q)).collect());
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
    Ok(lines)
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
        let lines = plot(root, &mut chart, data, (lo, hi), style)?;
        (chart.plotting_area().get_pixel_range(), lines)
    } else {
        let mut chart = frame(root, &title, style).build_cartesian_2d(x.clone(), lo..hi).map_err(err)?;
        let lines = plot(root, &mut chart, data, (lo, hi), style)?;
        (chart.plotting_area().get_pixel_range(), lines)
    };
    let (map, lines) = map;
    let items: Vec<(&str, RGBColor)> = data.series.iter().map(|s| (s.label.as_str(), s.color)).collect();
    legend(root, map.clone(), &items, &lines, style)?;
    root.present().map_err(err)?;
    Ok(EpochMap::of(&map, (x.start, x.end)))
}
