//! Loss per update, decimated (min/max per bucket) to about twice the pixel width.
use super::readout::EpochMap;
use super::{wants_log, blank, y_ticks, x_window, err, finite_range, frame, mesh, palette, positive_range, ChartError, ChartStyle};
use plotters::coord::Shift;
use plotters::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct LossChart {
    /// Loss of each update, in order (update 1 first).
    pub losses: Vec<f64>,
    /// Updates per epoch (epoch boundaries are drawn as light vertical lines); 0 = none.
    pub steps_per_epoch: u64,
}

/// Reduces `values` to at most about `2 * buckets` points, keeping each bucket's min and max, so
/// spikes stay visible. Returns `(update number (1-based), value)` pairs; non-finite values are
/// dropped.
pub fn decimate(values: &[f64], buckets: usize) -> Vec<(f64, f64)> {
    let buckets = buckets.max(1);
    if values.len() <= 2 * buckets {
        return values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            .map(|(i, v)| ((i + 1) as f64, *v))
            .collect();
    }
    let per = values.len().div_ceil(buckets);
    let mut out = Vec::with_capacity(2 * buckets);
    for (b, chunk) in values.chunks(per).enumerate() {
        let base = b * per;
        let mut lo: Option<(usize, f64)> = None;
        let mut hi: Option<(usize, f64)> = None;
        for (i, &v) in chunk.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            if lo.is_none_or(|l| v < l.1) {
                lo = Some((i, v));
            }
            if hi.is_none_or(|h| v > h.1) {
                hi = Some((i, v));
            }
        }
        let (Some(l), Some(h)) = (lo, hi) else { continue };
        let (a, b2) = if l.0 <= h.0 { (l, h) } else { (h, l) };
        out.push(((base + a.0 + 1) as f64, a.1));
        if b2.0 != a.0 {
            out.push(((base + b2.0 + 1) as f64, b2.1));
        }
    }
    out
}

/// Returns the pixel → update map (for the read-out).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &LossChart,
    style: &ChartStyle,
) -> Result<EpochMap, ChartError> {
    let (w, _) = root.dim_in_pixel();
    let n = data.losses.len().max(2) as f64;
    let x = x_window(1.0..n, style.x_view);
    // The updates shown (update u is losses[u - 1]), decimated to the width.
    let first = ((x.start.floor() as usize).max(1) - 1).min(data.losses.len());
    let end = (x.end.ceil() as usize).clamp(first, data.losses.len());
    let pts: Vec<(f64, f64)> = decimate(&data.losses[first..end], w as usize).into_iter().map(|(u, v)| (u + first as f64, v)).collect();
    let ys = || pts.iter().map(|p| p.1);
    let range = if wants_log(ys()) { positive_range(ys()).map(|r| (r, true)) } else { finite_range(ys()).map(|r| (r, false)) };
    let Some(((lo, hi), log)) = range else {
        blank(root, Some("loss per update: no data yet"), style)?;
        return Ok(EpochMap::default());
    };
    blank(root, None, style)?;
    let ticks = y_ticks(lo, hi, log);
    let plot = if log {
        let chart = frame(root, TITLE, style).build_cartesian_2d(x.clone(), (lo..hi).log_scale()).map_err(err)?;
        finish(root, chart, pts, &ticks, style)?
    } else {
        let chart = frame(root, TITLE, style).build_cartesian_2d(x.clone(), lo..hi).map_err(err)?;
        finish(root, chart, pts, &ticks, style)?
    };
    root.present().map_err(err)?;
    Ok(EpochMap::of(&plot, (x.start, x.end)))
}

const TITLE: &str = "loss per update";

fn finish<'a, DB, Y>(
    root: &DrawingArea<DB, Shift>,
    mut chart: ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y>>,
    pts: Vec<(f64, f64)>,
    ticks: &[f64],
    style: &ChartStyle,
) -> Result<(std::ops::Range<i32>, std::ops::Range<i32>), ChartError>
where
    DB: DrawingBackend + 'a,
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    mesh(root, &mut chart, "update", &|v| format!("{}", v.round() as i64), ticks, style)?;
    chart.draw_series(LineSeries::new(pts, palette::LOSS.stroke_width(style.px(1.0)))).map_err(err)?;
    Ok(chart.plotting_area().get_pixel_range())
}
