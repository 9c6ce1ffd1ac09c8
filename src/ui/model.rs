//! The run as the UI sees it: a stepper that advances N updates at a time and a [`RunView`] of
//! plain data for the charts, the decision table and the exports.
//!
//! This is the seam to the engine (`engine::settings` + `engine::sim`): the UI builds a [`Run`]
//! from the parsed form, calls [`Run::advance`] from the frame loop, and reads [`Run::view`].
use crate::chart::lr::{LrChart, LrPoint, Marker};
use crate::chart::scores::ScoresChart;
use crate::chart::surface::{HeatGrid, SurfaceChart};
use crate::returnn::pyvalue::PyValue;
use crate::ui::form::{self, FieldError, Form};
use std::collections::BTreeMap;

/// One epoch of the run as the decision table shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochRow {
    pub epoch: u64,
    pub lr: f64,
    pub train_score: Option<f64>,
    pub dev_score: Option<f64>,
    /// The relative (or absolute, for newbob_abs) error the decision used.
    pub error: Option<f64>,
    pub threshold: Option<f64>,
    /// `decay`, `grow`, `keep`, `hold`, `preset` or `` (not decided yet).
    pub verdict: String,
    /// The explanation in words and numbers (what `explain` shows).
    pub why: String,
    pub marker: Marker,
}

/// Everything the charts and tables need, as plain data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunView {
    pub rows: Vec<EpochRow>,
    pub losses: Vec<f64>,
    pub trajectory: Vec<(f64, f64)>,
    pub start: (f64, f64),
    pub num_epochs: u64,
    pub steps_per_epoch: u64,
    pub updates_done: u64,
    pub total_updates: u64,
    pub done: bool,
    /// An error that stopped the run (e.g. what RETURNN would raise), shown above the charts.
    pub error: Option<String>,
}

impl RunView {
    pub fn lr_chart(&self, overlay: &[(u64, f64)]) -> LrChart {
        LrChart {
            points: self.rows.iter().map(|r| LrPoint { epoch: r.epoch, lr: r.lr, marker: r.marker }).collect(),
            overlay: overlay.to_vec(),
            num_epochs: self.num_epochs,
        }
    }
    pub fn scores_chart(&self) -> ScoresChart {
        ScoresChart {
            train: self.rows.iter().filter_map(|r| r.train_score.map(|s| (r.epoch, s))).collect(),
            dev: self.rows.iter().filter_map(|r| r.dev_score.map(|s| (r.epoch, s))).collect(),
            num_epochs: self.num_epochs,
            log_y: true,
        }
    }

    /// The `learning_rate_file` RETURNN would have written for this run.
    pub fn learning_rate_file(&self) -> String {
        use crate::returnn::lr_file::{write, EpochData, LrFile};
        let mut file = LrFile::new();
        for r in &self.rows {
            let mut d = EpochData::new(r.lr);
            if let Some(t) = r.train_score {
                d.error.push(("train_score_output".into(), PyValue::Float(t)));
            }
            if let Some(s) = r.dev_score {
                d.error.push(("dev_score_output".into(), PyValue::Float(s)));
            }
            file.insert(r.epoch as i64, d);
        }
        write(&file)
    }

    /// CSV of the per-epoch table (header + one line per epoch; floats as Python repr).
    pub fn csv(&self) -> String {
        let mut s = String::from("epoch,learning_rate,train_score,dev_score,error,threshold,verdict\n");
        let o = |v: Option<f64>| v.map(crate::returnn::pyvalue::float_repr).unwrap_or_default();
        for r in &self.rows {
            s.push_str(&format!(
                "{},{},{},{},{},{},{}\n",
                r.epoch,
                crate::returnn::pyvalue::float_repr(r.lr),
                o(r.train_score),
                o(r.dev_score),
                o(r.error),
                o(r.threshold),
                r.verdict
            ));
        }
        s
    }
}

/// The surfaces' formulas for the heat-map and the interim stepper.
pub fn surface_value(name: &str, x: f64, y: f64) -> f64 {
    let two_pi = 2.0 * std::f64::consts::PI;
    match name {
        "rosenbrock" => (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
        "beale" => (1.5 - x + x * y).powi(2) + (2.25 - x + x * y * y).powi(2) + (2.625 - x + x * y * y * y).powi(2),
        "himmelblau" => (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2),
        "rastrigin" => 20.0 + x * x - 10.0 * libm::cos(two_pi * x) + y * y - 10.0 * libm::cos(two_pi * y),
        "saddle" => 0.5 * (x * x - y * y),
        "booth" => (x + 2.0 * y - 7.0).powi(2) + (2.0 * x + y - 5.0).powi(2),
        "styblinski_tang" => 0.5 * ((x.powi(4) - 16.0 * x * x + 5.0 * x) + (y.powi(4) - 16.0 * y * y + 5.0 * y)),
        _ => 0.5 * (x * x + 10.0 * y * y),
    }
}

fn surface_gradient(name: &str, x: f64, y: f64) -> (f64, f64) {
    let h = 1e-6 * (1.0 + x.abs().max(y.abs()));
    (
        (surface_value(name, x + h, y) - surface_value(name, x - h, y)) / (2.0 * h),
        (surface_value(name, x, y + h) - surface_value(name, x, y - h)) / (2.0 * h),
    )
}

/// Plot window, default start point and known minima of each surface.
pub fn surface_layout(name: &str) -> ((f64, f64), (f64, f64), (f64, f64), Vec<(f64, f64)>) {
    match name {
        "rosenbrock" => ((-2.0, 2.0), (-1.0, 3.0), (-1.5, 2.0), vec![(1.0, 1.0)]),
        "beale" => ((-4.5, 4.5), (-4.5, 4.5), (1.0, 1.5), vec![(3.0, 0.5)]),
        "himmelblau" => ((-5.0, 5.0), (-5.0, 5.0), (0.0, 0.0), vec![(3.0, 2.0), (-2.805118, 3.131312), (-3.77931, -3.283186), (3.584428, -1.848126)]),
        "rastrigin" => ((-5.12, 5.12), (-5.12, 5.12), (2.3, -3.1), vec![(0.0, 0.0)]),
        "saddle" => ((-2.0, 2.0), (-2.0, 2.0), (1.5, 0.01), vec![]),
        "booth" => ((-10.0, 10.0), (-10.0, 10.0), (-5.0, 8.0), vec![(1.0, 3.0)]),
        "styblinski_tang" => ((-5.0, 5.0), (-5.0, 5.0), (0.5, 0.5), vec![(-2.903534, -2.903534)]),
        _ => ((-3.0, 3.0), (-3.0, 3.0), (2.5, 1.5), vec![(0.0, 0.0)]),
    }
}

/// The heat-map and markers of the current surface.
pub fn surface_chart(name: &str, view: &RunView) -> SurfaceChart {
    let (xr, yr, _, minima) = surface_layout(name);
    SurfaceChart {
        title: format!("surface: {name}"),
        grid: HeatGrid::sample(xr, yr, 90, 70, |x, y| surface_value(name, x, y)),
        trajectory: view.trajectory.clone(),
        start: view.start,
        minima,
    }
}

/// A run in progress.
#[derive(Clone, Debug)]
pub struct Run {
    cfg: RunConfig,
    view: RunView,
    p: (f64, f64),
    epoch_losses: Vec<f64>,
    lr: f64,
    rng: u64,
}

#[derive(Clone, Debug)]
struct RunConfig {
    surface: String,
    scheme: String,
    base_lr: f64,
    presets: Vec<f64>,
    decay: f64,
    threshold: f64,
    min_lr: f64,
    batch_noise: f64,
    scores: Option<Vec<f64>>,
}

fn num(values: &BTreeMap<String, PyValue>, key: &str, default: f64) -> f64 {
    values.get(key).and_then(PyValue::as_py_float).unwrap_or(default)
}

fn int(values: &BTreeMap<String, PyValue>, key: &str, default: i64) -> i64 {
    match values.get(key) {
        Some(PyValue::Int(i)) => *i,
        _ => default,
    }
}

impl Run {
    /// Builds a run from the form, or the errors of the fields that stop it.
    pub fn new(f: &Form) -> Result<Run, Vec<FieldError>> {
        let (values, mut errors) = form::parse_form(f);
        let bad = |name: &str, message: &str| FieldError { name: name.into(), message: message.into() };
        let num_epochs = int(&values, "num_epochs", 20);
        if !(1..=10_000).contains(&num_epochs) {
            errors.push(bad("num_epochs", "must be between 1 and 10000"));
        }
        let steps = int(&values, "steps_per_epoch", 50);
        if !(1..=100_000).contains(&steps) {
            errors.push(bad("steps_per_epoch", "must be between 1 and 100000"));
        }
        let base_lr = num(&values, "learning_rate", 1.0);
        if !base_lr.is_finite() || base_lr < 0.0 {
            errors.push(bad("learning_rate", "must be a finite number >= 0"));
        }
        let presets: Vec<f64> = match values.get("learning_rates") {
            Some(PyValue::List(items)) => items.iter().filter_map(PyValue::as_py_float).collect(),
            Some(PyValue::None) | None => vec![],
            Some(_) => {
                errors.push(bad("learning_rates", "expected a list of floats"));
                vec![]
            }
        };
        let scores = if f.scores_only { form::parse_scores(&f.scores).ok() } else { None };
        let num_epochs = match &scores {
            Some(s) => s.len() as u64,
            None => num_epochs.max(1) as u64,
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let surface = match values.get("surface") {
            Some(PyValue::Str(s)) => s.clone(),
            _ => "quadratic".into(),
        };
        let (_, _, start0, _) = surface_layout(&surface);
        let start = (num(&values, "start_x", start0.0), num(&values, "start_y", start0.1));
        let steps = if f.scores_only { 0 } else { steps as u64 };
        let cfg = RunConfig {
            surface,
            scheme: f.scheme().to_string(),
            base_lr,
            presets,
            decay: num(&values, "newbob_learning_rate_decay", 0.5),
            threshold: num(&values, "newbob_relative_error_threshold", -0.01),
            min_lr: num(&values, "min_learning_rate", 0.0),
            batch_noise: num(&values, "batch_noise", 0.1),
            scores,
        };
        let seed = int(&values, "seed", 1) as u64;
        let view = RunView {
            start,
            trajectory: vec![start],
            num_epochs,
            steps_per_epoch: steps,
            total_updates: num_epochs * steps,
            ..RunView::default()
        };
        Ok(Run { lr: cfg.base_lr, cfg, view, p: start, epoch_losses: vec![], rng: seed.wrapping_mul(6364136223846793005).wrapping_add(1) })
    }

    pub fn view(&self) -> &RunView {
        &self.view
    }

    pub fn is_done(&self) -> bool {
        self.view.done
    }

    fn noise(&mut self) -> f64 {
        self.rng = self.rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.rng >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }

    /// Runs up to `n` more updates (epochs end and are decided as they complete).
    pub fn advance(&mut self, n: u64) {
        let mut left = n.max(1);
        while left > 0 && !self.view.done {
            let epoch = self.view.rows.len() as u64 + 1;
            if self.epoch_losses.is_empty() {
                self.lr = self.lr_for(epoch);
            }
            if self.view.steps_per_epoch > 0 && (self.epoch_losses.len() as u64) < self.view.steps_per_epoch {
                let (gx, gy) = surface_gradient(&self.cfg.surface, self.p.0, self.p.1);
                let k = self.cfg.batch_noise;
                let (nx, ny) = (self.noise(), self.noise());
                let g = (gx * (1.0 + k * nx), gy * (1.0 + k * ny));
                self.p = (self.p.0 - self.lr * g.0, self.p.1 - self.lr * g.1);
                let loss = surface_value(&self.cfg.surface, self.p.0, self.p.1);
                self.epoch_losses.push(loss);
                self.view.losses.push(loss);
                self.view.trajectory.push(self.p);
                self.view.updates_done += 1;
                left -= 1;
                if (self.epoch_losses.len() as u64) < self.view.steps_per_epoch {
                    continue;
                }
            }
            self.finish_epoch(epoch);
            if self.view.steps_per_epoch == 0 {
                left -= 1;
            }
        }
    }

    fn lr_for(&self, epoch: u64) -> f64 {
        if let Some(&lr) = self.cfg.presets.get(epoch as usize - 1) {
            return lr;
        }
        match self.view.rows.last() {
            Some(prev) => match prev.verdict.as_str() {
                "decay" => (prev.lr * self.cfg.decay).max(self.cfg.min_lr),
                _ => prev.lr,
            },
            None => self.cfg.base_lr,
        }
    }

    fn finish_epoch(&mut self, epoch: u64) {
        let train = (!self.epoch_losses.is_empty())
            .then(|| self.epoch_losses.iter().sum::<f64>() / self.epoch_losses.len() as f64);
        let dev = match &self.cfg.scores {
            Some(s) => s.get(epoch as usize - 1).copied(),
            None => Some(surface_value(&self.cfg.surface, self.p.0, self.p.1)),
        };
        let prev_dev = self.view.rows.last().and_then(|r| r.dev_score);
        let mut row = EpochRow {
            epoch,
            lr: self.lr,
            train_score: train,
            dev_score: dev,
            error: None,
            threshold: None,
            verdict: "keep".into(),
            why: format!("epoch {epoch}: learning rate {}", self.lr),
            marker: Marker::None,
        };
        if self.cfg.scheme != "constant" {
            if let (Some(old), Some(new)) = (prev_dev, dev) {
                let rel = if new != 0.0 { (new - old) / new } else { 0.0 };
                row.error = Some(rel);
                row.threshold = Some(self.cfg.threshold);
                if rel > self.cfg.threshold {
                    row.verdict = "decay".into();
                    row.marker = Marker::Decay;
                }
                row.why = format!(
                    "epoch {epoch}: dev_score {old} -> {new}, relative {rel:.4} {} threshold {} -> {}",
                    if rel > self.cfg.threshold { ">" } else { "<=" },
                    self.cfg.threshold,
                    row.verdict
                );
            }
        }
        self.view.rows.push(row);
        self.epoch_losses.clear();
        if epoch >= self.view.num_epochs {
            self.view.done = true;
        }
    }

    /// A RETURNN config snippet of the form's settings (sorted keys, Python reprs).
    pub fn snippet(f: &Form) -> String {
        let (values, _) = form::parse_form(f);
        let mut out = String::new();
        let mut opt = Vec::new();
        for (k, v) in &values {
            if let Some(kw) = k.strip_prefix("optimizer-") {
                opt.push((kw, v));
            } else if form::FIELDS.iter().any(|s| s.name == k && s.group != form::Group::Simulator) {
                out.push_str(&format!("{k} = {}\n", v.repr()));
            }
        }
        if !f.scores_only {
            let class = f.optimizer_class();
            let mut d = format!("optimizer = {{\"class\": {}", PyValue::Str(class.into()).repr());
            for (kw, v) in opt.iter().filter(|(kw, _)| *kw != "class") {
                d.push_str(&format!(", \"{kw}\": {}", v.repr()));
            }
            d.push_str("}\n");
            out.push_str(&d);
        }
        out
    }
}
