//! The run on screen: [`Run`] drives an `engine::sim::Simulation` N updates at a time (its
//! settings come from the form through [`crate::ui::form_settings`]), and [`RunView`] is the plain
//! data the charts, the decision table and the exports read. No RETURNN logic lives here: decisions, their
//! explanations, the snippet and the learning_rate_file all come from the engine.
use crate::chart::lr::{LrChart, LrPoint, Marker};
use crate::chart::scores::ScoresChart;
use crate::chart::surface::{HeatGrid, SurfaceChart};
use crate::py::error::Error;
use crate::engine::lr_control::decision::{explain, Decision, Verdict};
use crate::engine::settings::{Mode, Settings};
use crate::engine::sim::{Simulation, Stop};
use crate::engine::surface::Surface;
use crate::py::value::float_repr;
use crate::ui::form::{FieldError, Form};
use crate::ui::form_settings::field_error;
pub use crate::ui::form_settings::{settings_from_form, snippet, warnings};

/// One epoch of the run as the decision table shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochRow {
    pub epoch: u64,
    pub lr: f64,
    pub train_score: Option<f64>,
    pub dev_score: Option<f64>,
    /// The relative (or, for newbob_abs, absolute) error the decision compared.
    pub error: Option<f64>,
    pub threshold: Option<f64>,
    /// The engine's verdict name ([`Verdict::name`]: `decay`, `grow`, `keep`, `stored`, ...).
    pub verdict: &'static str,
    /// Whether the decision changed the LR ([`Decision::lr_changed`]).
    pub changed: bool,
    /// The engine's explanation of this epoch's LR (what `explain` shows).
    pub why: String,
    pub marker: Marker,
}

/// Everything the charts and tables need, as plain data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunView {
    pub rows: Vec<EpochRow>,
    pub losses: Vec<f64>,
    /// Start point first, then the point after each update (first two coordinates).
    pub trajectory: Vec<(f64, f64)>,
    pub start: (f64, f64),
    pub num_epochs: u64,
    pub steps_per_epoch: u64,
    pub updates_done: u64,
    pub total_updates: u64,
    pub done: bool,
    /// Why the run stopped early (divergence, or what RETURNN / torch would raise).
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
            force_log: None,
        }
    }
}

/// The marker drawn on the LR chart for a decision: a decay or growth that changed the LR, or a
/// hold of the min-num-epochs guard (a growth by 1.0, the default, draws nothing).
fn marker(d: &Decision) -> Marker {
    match &d.verdict {
        Verdict::Decay if d.lr_changed() => Marker::Decay,
        Verdict::Grow if d.lr_changed() => Marker::Grow,
        Verdict::HoldMinEpochs { .. } => Marker::Hold,
        _ => Marker::None,
    }
}

/// The surface sampled on its plotting domain (other coordinates at 0).
pub fn heat_grid(surface: &Surface) -> HeatGrid {
    let d = surface.domain();
    let dim = surface.dim();
    let mut p = vec![0.0; dim.max(2)];
    HeatGrid::sample(d.x, d.y, 90, 70, |x, y| {
        p[0] = x;
        p[1] = y;
        surface.value(&p[..dim.max(1)])
    })
}

/// The surface chart's title.
pub fn surface_title(surface: &Surface) -> String {
    format!("surface: {}", surface.info().title)
}

/// The known minima of a surface (first two coordinates).
pub fn surface_minima(surface: &Surface) -> Vec<(f64, f64)> {
    let xy = |v: &Vec<f64>| (v.first().copied().unwrap_or(0.0), v.get(1).copied().unwrap_or(0.0));
    surface.minima().iter().map(xy).collect()
}

/// The heat-map and markers of a surface with the run's trajectory.
pub fn surface_chart(surface: &Surface, grid: HeatGrid, view: &RunView) -> SurfaceChart {
    SurfaceChart {
        title: surface_title(surface),
        grid,
        trajectory: view.trajectory.clone(),
        start: view.start,
        minima: surface_minima(surface),
    }
}

/// A run in progress: the engine's simulation plus the view kept up to date incrementally.
pub struct Run {
    sim: Simulation,
    settings: Settings,
    view: RunView,
    /// The surface sampled once per run (the heat-map is redrawn every frame).
    grid: std::sync::OnceLock<HeatGrid>,
}

impl Run {
    pub fn new(settings: Settings, form: &Form) -> Result<Run, Vec<FieldError>> {
        let sim = Simulation::new(&settings).map_err(|e| vec![field_error(&e, form)])?;
        Ok(Run::of(sim, settings))
    }

    /// The view of a simulation (which may already have epochs, when continued).
    fn of(sim: Simulation, settings: Settings) -> Run {
        let start = sim.start();
        let start = (start.first().copied().unwrap_or(0.0), start.get(1).copied().unwrap_or(0.0));
        let num_epochs = sim.num_epochs().max(0) as u64;
        let steps = if matches!(settings.mode, Mode::ScoresOnly { .. }) { 0 } else { sim.steps_per_epoch() };
        // Updates of the completed epochs kept from before a continue, then the planned rest.
        let kept = sim.epochs().iter().filter(|e| e.complete).count() as u64;
        let kept_updates: u64 = sim.epochs().iter().filter(|e| e.complete).map(|e| e.updates).sum();
        let view = RunView {
            start,
            trajectory: if steps > 0 { vec![start] } else { vec![] },
            num_epochs,
            steps_per_epoch: steps,
            total_updates: if steps > 0 { kept_updates + num_epochs.saturating_sub(kept) * steps } else { 0 },
            ..RunView::default()
        };
        let mut run = Run { sim, settings, view, grid: std::sync::OnceLock::new() };
        run.refresh(0, 0);
        run
    }

    /// RETURNN's restart with edited settings ([`Simulation::continue_with`]): the completed
    /// epochs stay, the rest runs with `settings`. The error says why the run cannot continue
    /// (e.g. another surface), or names the rejected setting.
    pub fn continue_with(&self, settings: Settings) -> Result<Run, Error> {
        let sim = self.sim.continue_with(&settings)?;
        Ok(Run::of(sim, settings))
    }

    /// Builds the run of a form (settings, then simulation).
    pub fn from_form(form: &Form) -> Result<Run, Vec<FieldError>> {
        Run::new(settings_from_form(form)?, form)
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn view(&self) -> &RunView {
        &self.view
    }

    pub fn is_done(&self) -> bool {
        self.sim.is_done()
    }

    /// The simulation behind the run.
    pub fn sim(&self) -> &Simulation {
        &self.sim
    }

    /// The engine's learning_rate_file of the run so far (the one writer, `returnn::lr_file`).
    pub fn learning_rate_file(&self) -> String {
        crate::returnn::lr_file::write(&self.sim.control().epoch_data)
    }

    /// The run as CSV, one row per epoch (the one CSV writer, `returnn::run_export`, as the CLI's
    /// `simulate --csv`).
    pub fn csv(&self) -> String {
        crate::returnn::run_export::export_csv(&self.sim)
    }

    /// The run as JSON (the one JSON writer, `returnn::run_export`; non-finite floats as the
    /// strings "NaN", "Infinity", "-Infinity").
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(&crate::returnn::run_export::export_json(&self.sim)).unwrap_or_default()
    }

    /// The surface sampled for the heat-map (once per run, when first asked for).
    pub fn heat_grid(&self) -> &HeatGrid {
        self.grid.get_or_init(|| heat_grid(&self.settings.run.surface))
    }

    /// The surface chart of the run (heat-map sampled once).
    pub fn surface_chart(&self) -> SurfaceChart {
        surface_chart(&self.settings.run.surface, self.heat_grid().clone(), &self.view)
    }

    /// Runs up to `n` more updates (scores-only mode: epochs).
    pub fn advance(&mut self, n: u64) {
        let (steps_before, traj_before) = (self.sim.steps().len(), self.sim.trajectory().len());
        self.sim.advance(n.max(1));
        self.refresh(steps_before, traj_before);
    }

    fn refresh(&mut self, steps_before: usize, traj_before: usize) {
        let v = &mut self.view;
        v.losses.extend(self.sim.steps().iter().skip(steps_before).map(|s| s.loss));
        v.trajectory.extend(self.sim.trajectory().iter().skip(traj_before).map(|p| (p[0], p[1])));
        v.updates_done = self.sim.steps().len() as u64;
        // Epoch records only grow (the last one may still change): rebuild from the last row on.
        let from = v.rows.len().saturating_sub(1).min(self.sim.epochs().len());
        v.rows.truncate(from);
        let new_rows: Vec<EpochRow> = self
            .sim
            .epochs()[from..]
            .iter()
            .map(|e| {
                let (name, changed, marker, why, error, threshold) = match &e.decision {
                    Some(d) => {
                        let error = d.mean.or_else(|| d.comparisons.last().and_then(|c| c.outcome.value()));
                        (d.verdict.name(), d.lr_changed(), marker(d), explain(d), error, d.threshold)
                    }
                    None => ("", false, Marker::None, format!("epoch {}: learning rate {}", e.epoch, float_repr(e.learning_rate)), None, None),
                };
                EpochRow {
                    epoch: e.epoch.max(0) as u64,
                    lr: e.learning_rate,
                    train_score: e.train_score,
                    dev_score: e.dev_score,
                    error,
                    threshold,
                    verdict: name,
                    changed,
                    why,
                    marker,
                }
            })
            .collect();
        v.rows.extend(new_rows);
        v.done = self.sim.is_done();
        v.error = match self.sim.stop() {
            Some(Stop::Diverged { update, epoch, reason }) => Some(format!("diverged at update {update} (epoch {epoch}): {reason}")),
            Some(Stop::Failed(e)) => Some(format!("RETURNN would stop here: {e}")),
            _ => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::form::{self, preset};

    fn finished(f: &Form) -> Run {
        let mut run = Run::from_form(f).expect("valid form");
        while !run.is_done() {
            run.advance(1000);
        }
        run
    }

    fn errors(f: &Form) -> Vec<FieldError> {
        match Run::from_form(f) {
            Ok(_) => vec![],
            Err(e) => e,
        }
    }

    #[test]
    fn every_preset_runs_to_the_end() {
        for (name, _) in form::PRESETS {
            let run = finished(&preset(name).unwrap());
            let v = run.view();
            assert!(v.done, "{name}");
            assert!(!v.rows.is_empty(), "{name}");
            assert!(run.learning_rate_file().starts_with("{\n1: EpochData("), "{name}: the engine's file");
        }
    }

    #[test]
    fn classic_newbob_decays_with_markers_and_explanations_from_the_engine() {
        let run = finished(&preset("classic_newbob").unwrap());
        let v = run.view();
        assert_eq!(v.rows.len(), 30);
        assert_eq!(v.losses.len(), 3000);
        assert_eq!(v.trajectory.len(), 3001, "start + one point per update");
        let decays: Vec<&EpochRow> = v.rows.iter().filter(|r| r.verdict == "decay").collect();
        assert!(!decays.is_empty());
        for r in decays {
            assert_eq!(r.marker, Marker::Decay);
            assert!(r.why.starts_with(&format!("epoch {}", r.epoch)), "{}", r.why);
            assert!(r.error.is_some() && r.threshold == Some(-0.01));
        }
        assert!(v.rows.iter().all(|r| r.marker != Marker::Grow), "a growth by 1.0 draws no marker");
        assert!(v.rows.iter().any(|r| r.verdict == "grow" && !r.changed), "it is the engine's verdict: grow × 1.0");
        let csv = run.csv();
        assert_eq!(csv.lines().count(), 31);
        assert_eq!(csv.lines().next(), Some(crate::returnn::run_export::SIM_CSV_HEADER));
        assert!(csv.lines().nth(1).unwrap().starts_with("1,0.1,"));
        let json: serde_json::Value = serde_json::from_str(&run.json()).expect("json");
        assert_eq!(json["epochs"].as_array().map(Vec::len), Some(30));
    }

    #[test]
    fn the_view_is_the_same_however_the_run_is_chunked() {
        let f = preset("asr_multi_epoch").unwrap();
        let whole = finished(&f);
        let mut chunked = Run::from_form(&f).unwrap();
        while !chunked.is_done() {
            chunked.advance(7);
        }
        assert_eq!(chunked.view(), whole.view());
        assert_eq!(chunked.learning_rate_file(), whole.learning_rate_file());
    }

    /// Whatever is typed into any field (of several schemes and classes), building and running
    /// never panics: it is a run or a list of field errors.
    #[test]
    fn no_typed_value_panics() {
        const VALUES: &[&str] = &[
            "", "0", "-1", "1", "0.5", "1e309", "-1e-320", "float('nan')", "None", "[]", "[0.1, 'x']", "(1,)",
            "(0.9, 0.999, 1)", "'x'", "{1: 0.1, 'a': 2}", "999999999999999999999", "True", "[[[[]]]]", "1 +", "x",
        ];
        for (scheme, class) in [("newbob", "sgd"), ("newbob_multi_epoch", "adam"), ("newbob_abs", "rprop"), ("constant", "adafactor")] {
            let mut base = preset("classic_newbob").unwrap();
            base.set_field("learning_rate_control", scheme);
            base.set_field("optimizer-class", class);
            base.set_field("num_epochs", "4");
            base.set_field("steps_per_epoch", "5");
            base.set_field("surface-dim", "3");
            for spec in form::visible_fields(&base) {
                for v in VALUES {
                    let mut f = base.clone();
                    f.set_field(&spec.name, v);
                    if let Ok(mut run) = Run::from_form(&f) {
                        run.advance(100);
                        let _ = run.csv();
                        let _ = run.surface_chart();
                    }
                }
            }
        }
    }

    #[test]
    fn bad_values_are_reported_at_their_fields() {
        let mut f = preset("classic_newbob").unwrap();
        f.set_field("learning_rate", "'x'");
        f.set_field("min_learning_rate", "[1]");
        let names: Vec<String> = errors(&f).into_iter().map(|e| e.name).collect();
        assert!(names.contains(&"learning_rate".to_string()), "{names:?}");
        assert!(names.contains(&"min_learning_rate".to_string()), "{names:?}");

        let mut f = preset("classic_newbob").unwrap();
        f.set_field("steps_per_epoch", "0");
        assert_eq!(errors(&f)[0].name, "steps_per_epoch");

        let mut f = preset("adam_rosenbrock").unwrap();
        f.set_field("optimizer-betas", "(1.5, 0.999)");
        let e = errors(&f);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].name, "optimizer-betas", "{e:?}");

        let mut f = preset("classic_newbob").unwrap();
        f.set_field("start_x", "1.0");
        assert_eq!(errors(&f)[0].name, "start_y");
    }

    #[test]
    fn an_int_learning_rate_stops_the_run_as_returnn_would() {
        let mut f = preset("classic_newbob").unwrap();
        f.set_field("learning_rate", "1");
        let run = finished(&f);
        let msg = run.view().error.clone().unwrap_or_default();
        assert!(msg.contains("TypeError"), "{msg}");
        assert!(run.view().rows.is_empty());
    }

    #[test]
    fn scores_only_runs_the_control_on_the_given_scores() {
        let mut f = preset("classic_newbob").unwrap();
        f.scores_only = true;
        f.scores = "3.0\n2.5\n2.4\n2.39\n2.385\n2.6".into();
        let run = finished(&f);
        let v = run.view();
        assert_eq!(v.rows.len(), 6);
        assert_eq!(v.rows.iter().map(|r| r.dev_score.unwrap()).collect::<Vec<_>>(), vec![3.0, 2.5, 2.4, 2.39, 2.385, 2.6]);
        assert!(v.losses.is_empty() && v.trajectory.is_empty());
        assert!(v.rows.iter().any(|r| r.verdict == "decay"));
        assert!(snippet(run.settings()).contains("scores-only mode (6 given dev scores)"));
    }

    #[test]
    fn start_point_and_surface_parameters_reach_the_simulation() {
        let mut f = preset("classic_newbob").unwrap();
        f.set_field("surface", "quadratic");
        f.set_field("surface-b", "100.0");
        f.set_field("start_x", "-1.0");
        f.set_field("start_y", "0.5");
        let run = Run::from_form(&f).unwrap();
        assert_eq!(run.view().start, (-1.0, 0.5));
        assert_eq!(run.settings().run.surface, Surface::Quadratic { a: 1.0, b: 100.0 });
        let chart = run.surface_chart();
        assert_eq!(chart.minima, vec![(0.0, 0.0)]);
        assert_eq!(chart.grid.values.len(), 90 * 70);
    }
}
