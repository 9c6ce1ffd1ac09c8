//! Learning rate per epoch (log axis) with the LR control's decisions as markers.
use super::readout::EpochMap;
use super::{blank, clip_x, x_window, epoch_axis, epoch_label, err, frame, legend, mesh, palette, positive_range, thin, y_ticks, ChartError, ChartStyle};
use plotters::coord::Shift;
use plotters::prelude::*;

/// What the LR control did at the end of an epoch (how the marker looks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Marker {
    /// No decision drawn (constant LR, warm-up, or the last epoch).
    None,
    /// The next LR is smaller (▼).
    Decay,
    /// The next LR is larger (▲).
    Grow,
    /// A change was wanted but held back (min epochs per new LR, min LR clamp) (●).
    Hold,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LrPoint {
    pub epoch: u64,
    pub lr: f64,
    pub marker: Marker,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LrChart {
    pub points: Vec<LrPoint>,
    /// Learning rates recorded in an imported `learning_rate_file`, drawn dashed underneath.
    pub overlay: Vec<(u64, f64)>,
    /// Total epochs of the run (the axis extends that far even before they are run).
    pub num_epochs: u64,
}

/// Draws the chart; non-positive or non-finite LRs are left out (log axis). Returns the pixel →
/// epoch map (for the read-out).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &LrChart,
    style: &ChartStyle,
) -> Result<EpochMap, ChartError> {
    let last = data
        .points
        .iter()
        .map(|p| p.epoch)
        .chain(data.overlay.iter().map(|p| p.0))
        .max()
        .unwrap_or(1)
        .max(data.num_epochs);
    let x = x_window(epoch_axis(last), style.x_view);
    // The epochs shown (a zoom scales the y axis to them).
    let shown = |e: u64| e as f64 + 0.5 > x.start && e as f64 - 0.5 < x.end;
    let yr = positive_range(
        data.points.iter().filter(|p| shown(p.epoch)).map(|p| p.lr).chain(data.overlay.iter().filter(|p| shown(p.0)).map(|p| p.1)),
    );
    let Some((lo, hi)) = yr else {
        blank(root, Some("learning rate per epoch: no data yet"), style)?;
        return Ok(EpochMap::default());
    };
    blank(root, None, style)?;
    let mut chart = frame(root, "learning rate per epoch", style)
        .build_cartesian_2d(x.clone(), (lo..hi).log_scale())
        .map_err(err)?;
    mesh(root, &mut chart, "epoch", &epoch_label, &y_ticks(lo, hi, true), style)?;
    let mut lines = Vec::new();

    let w = style.px(2.0);
    if !data.overlay.is_empty() {
        let pts: Vec<(f64, f64)> = data
            .overlay
            .iter()
            .filter(|p| p.1.is_finite() && p.1 > 0.0)
            .map(|p| (p.0 as f64, p.1))
            .collect();
        let pts = thin(&clip_x(&pts, x.start, x.end), |p| chart.backend_coord(&p));
        lines.push(pts.iter().map(|p| chart.backend_coord(p)).collect());
        chart
            .draw_series(DashedLineSeries::new(pts, style.px(6.0), style.px(4.0), palette::OVERLAY.stroke_width(w)))
            .map_err(err)?;
    }
    let pts: Vec<(f64, f64)> =
        data.points.iter().filter(|p| p.lr.is_finite() && p.lr > 0.0).map(|p| (p.epoch as f64, p.lr)).collect();
    // A staircase: the LR holds for the whole epoch.
    let mut stairs = Vec::with_capacity(pts.len() * 2);
    for &(e, lr) in &pts {
        stairs.push((e - 0.5, lr));
        stairs.push((e + 0.5, lr));
    }
    let stairs = thin(&clip_x(&stairs, x.start, x.end), |p| chart.backend_coord(&p));
    lines.push(stairs.iter().map(|p| chart.backend_coord(p)).collect());
    chart
        .draw_series(LineSeries::new(stairs, palette::LR.stroke_width(w)))
        .map_err(err)?;
    let r = style.px(5.0) as i32;
    // A marker drawn again on the same pixel changes nothing (2 000 epochs on a few hundred).
    let mut drawn = std::collections::HashSet::new();
    for p in data.points.iter().filter(|p| p.lr.is_finite() && p.lr > 0.0) {
        // The decision that set this epoch's LR: at the epoch's start.
        let at = (p.epoch as f64 - 0.5, p.lr);
        if p.marker == Marker::None || at.0 < x.start || at.0 > x.end || !drawn.insert((p.marker, chart.backend_coord(&at))) {
            continue;
        }
        match p.marker {
            Marker::None => {}
            Marker::Decay => {
                // plotters' triangle marker points up; decay points down.
                chart
                    .draw_series(std::iter::once(EmptyElement::at(at)
                        + Polygon::new(vec![(-r, -r), (r, -r), (0, r)], palette::DECAY.filled())))
                    .map_err(err)?;
            }
            Marker::Grow => {
                chart
                    .draw_series(std::iter::once(TriangleMarker::new(at, r, palette::GROW.filled())))
                    .map_err(err)?;
            }
            Marker::Hold => {
                chart.draw_series(std::iter::once(Circle::new(at, r, palette::HOLD.filled()))).map_err(err)?;
            }
        }
    }
    let mut items = vec![("learning rate", palette::LR)];
    if !data.overlay.is_empty() {
        items.push(("recorded", palette::OVERLAY));
    }
    let plot = chart.plotting_area().get_pixel_range();
    legend(root, plot.clone(), &items, &lines, style)?;
    root.present().map_err(err)?;
    Ok(EpochMap::of(&plot, (x.start, x.end)))
}
