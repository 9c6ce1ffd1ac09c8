//! Train and dev score per epoch.
use super::readout::EpochMap;
use super::{wants_log, blank, y_ticks, clip_x, x_window, epoch_axis, epoch_label, err, finite_range, frame, legend, mesh, palette, positive_range, thin, ChartError, ChartStyle};

const TITLE: &str = "train / dev score per epoch";
use plotters::coord::Shift;
use plotters::prelude::*;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScoresChart {
    pub train: Vec<(u64, f64)>,
    pub dev: Vec<(u64, f64)>,
    pub num_epochs: u64,
    /// Log y axis when all scores are positive and span a factor 10 or more.
    pub log_y: bool,
    /// The page's `scores-log` once set: `Some(true)` a log axis whenever all scores are
    /// positive, `Some(false)` linear; `None` leaves it to `log_y`.
    pub force_log: Option<bool>,
}

impl ScoresChart {
    /// Whether the y axis is logarithmic: never with a score ≤ 0 or no score; else as
    /// `force_log` says, else when `log_y` and the scores span a factor 10 ([`wants_log`]).
    pub fn uses_log(&self) -> bool {
        let all = || self.train.iter().chain(self.dev.iter()).map(|p| p.1).filter(|v| v.is_finite());
        if all().next().is_none() || !all().all(|v| v > 0.0) {
            return false;
        }
        self.force_log.unwrap_or(self.log_y && wants_log(all()))
    }
}

/// Returns the pixel → epoch map (for the read-out).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ScoresChart,
    style: &ChartStyle,
) -> Result<EpochMap, ChartError> {
    let last = data.train.iter().chain(data.dev.iter()).map(|p| p.0).max().unwrap_or(1).max(data.num_epochs);
    let x = x_window(epoch_axis(last), style.x_view);
    // The scores of the epochs shown (a zoom scales the y axis to them).
    let all = || data.train.iter().chain(data.dev.iter()).filter(|p| p.0 as f64 >= x.start && p.0 as f64 <= x.end).map(|p| p.1);
    let plot = if data.uses_log() {
        let Some((lo, hi)) = positive_range(all()) else {
            blank(root, Some("scores per epoch: no data yet"), style)?;
            return Ok(EpochMap::default());
        };
        blank(root, None, style)?;
        let chart = frame(root, TITLE, style)
            .build_cartesian_2d(x.clone(), (lo..hi).log_scale())
            .map_err(err)?;
        finish(root, chart, data, y_ticks(lo, hi, true), style)?
    } else {
        let Some((lo, hi)) = finite_range(all()) else {
            blank(root, Some("scores per epoch: no data yet"), style)?;
            return Ok(EpochMap::default());
        };
        blank(root, None, style)?;
        let chart = frame(root, TITLE, style)
            .build_cartesian_2d(x.clone(), lo..hi)
            .map_err(err)?;
        finish(root, chart, data, y_ticks(lo, hi, false), style)?
    };
    root.present().map_err(err)?;
    Ok(EpochMap::of(&plot, (x.start, x.end)))
}

fn finish<'a, DB, Y>(
    root: &DrawingArea<DB, Shift>,
    mut chart: ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y>>,
    data: &ScoresChart,
    ticks: Vec<f64>,
    style: &ChartStyle,
) -> Result<(std::ops::Range<i32>, std::ops::Range<i32>), ChartError>
where
    DB: DrawingBackend + 'a,
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    mesh(root, &mut chart, "epoch", &epoch_label, &ticks, style)?;
    let mut lines = Vec::new();
    let w = style.px(2.0);
    let r = style.px(3.0) as i32;
    for (series, color) in [(&data.train, palette::TRAIN), (&data.dev, palette::DEV)] {
        let pts: Vec<(f64, f64)> = series.iter().filter(|p| p.1.is_finite()).map(|p| (p.0 as f64, p.1)).collect();
        if pts.is_empty() {
            continue;
        }
        let xr = chart.x_range();
        let line = thin(&clip_x(&pts, xr.start, xr.end), |p| chart.backend_coord(&p));
        lines.push(line.iter().map(|p| chart.backend_coord(p)).collect());
        chart.draw_series(LineSeries::new(line, color.stroke_width(w))).map_err(err)?;
        // A dot drawn again on the same pixel changes nothing.
        let mut dots = pts;
        dots.retain(|p| p.0 >= xr.start && p.0 <= xr.end);
        dots.dedup_by_key(|p| chart.backend_coord(p));
        chart.draw_series(dots.into_iter().map(|p| Circle::new(p, r, color.filled()))).map_err(err)?;
    }
    let mut items = vec![];
    if !data.train.is_empty() {
        items.push(("train", palette::TRAIN));
    }
    if !data.dev.is_empty() {
        items.push(("dev", palette::DEV));
    }
    let plot = chart.plotting_area().get_pixel_range();
    legend(root, plot.clone(), &items, &lines, style)?;
    Ok(plot)
}
