//! What a chart reads out under the pointer (or the keyboard cursor): the pixel → epoch/update
//! map of a drawn chart and the read-out text, floats as RETURNN writes them (Python `repr`).
use super::lr::{LrChart, Marker};
use super::overlay::OverlayChart;
use super::scores::ScoresChart;
use crate::py::value::float_repr;

/// Where the plot is in backend pixels and which x values (epochs or updates) it spans.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EpochMap {
    pub px_x: (i32, i32),
    pub px_y: (i32, i32),
    pub epochs: (f64, f64),
}

impl EpochMap {
    pub(crate) fn of(plot: &(std::ops::Range<i32>, std::ops::Range<i32>), x: (f64, f64)) -> EpochMap {
        EpochMap { px_x: (plot.0.start, plot.0.end), px_y: (plot.1.start, plot.1.end), epochs: x }
    }

    /// The epoch (or update) under the pixel `(px, py)` (rounded), or `None` outside the plot.
    pub fn epoch_at(&self, px: f64, py: f64) -> Option<i64> {
        let (x0, x1) = (self.px_x.0 as f64, self.px_x.1 as f64);
        if !(px >= x0 && px <= x1 && py >= self.px_y.0 as f64 && py <= self.px_y.1 as f64) || x1 <= x0 {
            return None;
        }
        let e = self.epochs.0 + (px - x0) / (x1 - x0) * (self.epochs.1 - self.epochs.0);
        let r = e.round();
        (r >= 1.0 && r.is_finite() && r <= self.last() as f64).then_some(r as i64)
    }

    /// The x range after zooming by `factor` (< 1 in, > 1 out) around the x value `center`.
    pub fn zoomed(&self, center: f64, factor: f64) -> (f64, f64) {
        let (a, b) = self.epochs;
        let c = if center.is_finite() { center.clamp(a, b) } else { (a + b) / 2.0 };
        (c - (c - a) * factor, c + (b - c) * factor)
    }

    /// The x range after dragging the plot by `dpx` backend pixels (right = earlier epochs).
    pub fn panned(&self, dpx: f64) -> (f64, f64) {
        let (a, b) = self.epochs;
        let w = (self.px_x.1 - self.px_x.0).max(1) as f64;
        let d = -dpx / w * (b - a);
        (a + d, b + d)
    }

    /// The x value (not rounded) under the pixel column `px`.
    pub fn x_at(&self, px: f64) -> f64 {
        let (x0, x1) = (self.px_x.0 as f64, self.px_x.1 as f64);
        if x1 <= x0 { return f64::NAN }
        self.epochs.0 + (px - x0) / (x1 - x0) * (self.epochs.1 - self.epochs.0)
    }

    /// The backend pixel column of an epoch (for a cursor line).
    pub fn px_of(&self, epoch: i64) -> Option<f64> {
        let span = self.epochs.1 - self.epochs.0;
        (span > 0.0).then(|| self.px_x.0 as f64 + (epoch as f64 - self.epochs.0) / span * (self.px_x.1 - self.px_x.0) as f64)
    }

    /// The last whole epoch on the axis (0 when nothing is drawn).
    pub fn last(&self) -> i64 {
        let l = self.epochs.1.floor();
        if l.is_finite() && l >= 1.0 { l.min(9e15) as i64 } else { 0 }
    }

    /// One arrow-key step: one epoch, or the epochs of one pixel column when they are more.
    pub fn step(&self) -> i64 {
        let cols = (self.px_x.1 - self.px_x.0).max(1) as f64;
        ((self.epochs.1 - self.epochs.0) / cols).round().max(1.0).min(9e15) as i64
    }

    /// The cursor after a key (`ArrowLeft`/`ArrowRight` one [`step`](Self::step), with `big`
    /// ten; `Home`/`End`); `None` for another key or an empty chart. From no cursor, the
    /// arrows start at the first or last epoch.
    pub fn key(&self, at: Option<i64>, key: &str, big: bool) -> Option<i64> {
        let last = self.last();
        if last < 1 {
            return None;
        }
        let d = self.step() * if big { 10 } else { 1 };
        let next = match (key, at) {
            ("Home", _) => 1,
            ("End", _) => last,
            ("ArrowRight" | "ArrowUp", None) => 1,
            ("ArrowLeft" | "ArrowDown", None) => last,
            ("ArrowRight" | "ArrowUp", Some(a)) => a.saturating_add(d),
            ("ArrowLeft" | "ArrowDown", Some(a)) => a.saturating_sub(d),
            _ => return None,
        };
        Some(next.clamp(1, last))
    }
}

/// `name value` pairs joined: `epoch 3: train 0.5, dev 0.25`.
fn line(head: String, values: &[(&str, Option<f64>)]) -> String {
    let parts: Vec<String> = values.iter().filter_map(|(k, v)| v.map(|v| format!("{k} {}", float_repr(v)))).collect();
    if parts.is_empty() { format!("{head}: no value") } else { format!("{head}: {}", parts.join(", ")) }
}

fn at(series: &[(u64, f64)], epoch: u64) -> Option<f64> {
    series.iter().rev().find(|p| p.0 == epoch).map(|p| p.1)
}

/// The LR chart at an epoch: the learning rate, what decided it, and the recorded one.
pub fn lr_text(data: &LrChart, epoch: i64) -> String {
    let e = epoch.max(0) as u64;
    let p = data.points.iter().find(|p| p.epoch == e);
    let mut s = line(format!("epoch {e}"), &[("learning rate", p.map(|p| p.lr)), ("recorded", at(&data.overlay, e))]);
    match p.map(|p| p.marker) {
        Some(Marker::Decay) => s.push_str(" (decayed)"),
        Some(Marker::Grow) => s.push_str(" (grown)"),
        Some(Marker::Hold) => s.push_str(" (held)"),
        _ => {}
    }
    s
}

/// The score chart at an epoch.
pub fn scores_text(data: &ScoresChart, epoch: i64) -> String {
    let e = epoch.max(0) as u64;
    line(format!("epoch {e}"), &[("train", at(&data.train, e)), ("dev", at(&data.dev, e))])
}

/// The loss chart at an update (1-based), with its epoch when the updates per epoch are known.
pub fn loss_text(losses: &[f64], steps_per_epoch: u64, update: i64) -> String {
    let u = update.max(0) as u64;
    let head = match steps_per_epoch {
        0 => format!("update {u}"),
        n => format!("update {u} (epoch {})", (u.saturating_sub(1)) / n + 1),
    };
    let v = u.checked_sub(1).and_then(|i| losses.get(i as usize)).copied();
    line(head, &[("loss", v)])
}

/// An overlay chart at an epoch: each curve's value there.
pub fn overlay_text(data: &OverlayChart, epoch: i64) -> String {
    let x = epoch as f64;
    let vals: Vec<(&str, Option<f64>)> =
        data.series.iter().map(|s| (s.label.as_str(), s.points.iter().rev().find(|p| p.0 == x).map(|p| p.1))).collect();
    line(format!("epoch {epoch}"), &vals)
}
