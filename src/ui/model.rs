//! The seam between the form and the engine: [`settings_from_form`] turns what was typed into
//! `engine::settings::Settings` (every error named by its field), [`Run`] drives an
//! `engine::sim::Simulation` N updates at a time, and [`RunView`] is the plain data the charts,
//! the decision table and the exports read. No RETURNN logic lives here: decisions, their
//! explanations, the snippet and the learning_rate_file all come from the engine.
use crate::chart::lr::{LrChart, LrPoint, Marker};
use crate::chart::scores::ScoresChart;
use crate::chart::surface::{HeatGrid, SurfaceChart};
use crate::py::error::Error;
use crate::engine::lr_control::decision::{explain, Decision, Verdict};
use crate::engine::optim::Optimizer;
use crate::engine::settings::{Mode, Settings};
use crate::engine::sim::{Simulation, Stop};
use crate::engine::surface::Surface;
use crate::py::value::{float_repr, PyValue};
use crate::ui::form::{self, FieldError, Form};

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
    /// `decay`, `grow`, `keep`, `hold`, `preset`, `default`, ... (the engine's verdict).
    pub verdict: String,
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
        }
    }

    /// The per-epoch table as CSV (floats as Python repr; empty cells where there is no value).
    pub fn csv(&self) -> String {
        let mut s = String::from("epoch,learning_rate,train_score_output,dev_score_output,error,threshold,verdict\n");
        let o = |v: Option<f64>| v.map(float_repr).unwrap_or_default();
        for r in &self.rows {
            s.push_str(&format!(
                "{},{},{},{},{},{},{}\n",
                r.epoch,
                float_repr(r.lr),
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

/// The verdict's short name and the marker drawn on the LR chart. A decay or growth by a factor
/// that leaves the LR unchanged (growth 1.0, the default) reads as "keep".
fn verdict(d: &Decision) -> (&'static str, Marker) {
    let unchanged = matches!((d.old_lr, d.new_lr), (Some(a), Some(b)) if a == b);
    match &d.verdict {
        Verdict::Decay | Verdict::Grow if unchanged => ("keep", Marker::None),
        Verdict::Decay => ("decay", Marker::Decay),
        Verdict::Grow => ("grow", Marker::Grow),
        Verdict::HoldMinEpochs { .. } => ("hold", Marker::Hold),
        Verdict::Keep => ("keep", Marker::None),
        Verdict::Stored { .. } => ("preset", Marker::None),
        Verdict::Default => ("default", Marker::None),
        Verdict::CarryForward => ("constant", Marker::None),
        Verdict::IntervalSkip { .. } => ("skip", Marker::None),
        Verdict::NoPrevious => ("no previous", Marker::None),
        Verdict::NoData => ("no data", Marker::None),
        Verdict::KeyMismatch => ("key mismatch", Marker::None),
        Verdict::Pretrain => ("pretrain", Marker::None),
        Verdict::FirstAfterPretrain => ("after pretrain", Marker::None),
    }
}

/// The form field (test-hook name) of an engine field name (`optimizer.eps`, `surface.dim`,
/// `learning_rates key 'a'`, ...), if the page shows one.
fn form_field(engine_field: &str, form: &Form) -> Option<String> {
    let mapped = match engine_field {
        "dev_scores" | "train_scores" => "scores-input".to_string(),
        "start" => "start_x".to_string(),
        "optimizer" => "optimizer-class".to_string(),
        f if f.starts_with("optimizer.") => format!("optimizer-{}", &f["optimizer.".len()..]),
        f if f.starts_with("surface.") => format!("surface-{}", &f["surface.".len()..]),
        f => f.to_string(),
    };
    let fields = form::visible_fields(form);
    if mapped == "scores-input" || fields.iter().any(|f| f.name == mapped) {
        return Some(mapped);
    }
    // A part of a field's value (`learning_rates key 'a'`, `newbob_multi_num_epochs[0]`): the field.
    fields
        .iter()
        .filter(|f| {
            mapped.strip_prefix(f.name.as_str()).is_some_and(|rest| rest.starts_with([' ', '[', '.', ':']))
        })
        .max_by_key(|f| f.name.len())
        .map(|f| f.name.clone())
}

/// The field (test-hook name) an engine error belongs to, if any. `key` is the config key whose
/// value was being checked when the error was raised, when known.
fn error_field(e: &Error, form: &Form, key: Option<&str>) -> Option<String> {
    match e {
        Error::Invalid { field, .. } => form_field(field, form).or_else(|| key.and_then(|k| form_field(k, form))),
        Error::Python { message, .. } | Error::Parse { message, .. } => {
            // torch / RETURNN messages name the keyword (`Invalid beta parameter`, `eps`, ...).
            let fields = form::visible_fields(form);
            let by_message = || {
                fields
                    .iter()
                    .filter_map(|f| f.name.strip_prefix("optimizer-").filter(|k| *k != "class").map(|k| (f, k)))
                    .find(|(_, k)| message.contains(k) || message.contains(k.trim_end_matches('s')))
                    .map(|(f, _)| f.name.clone())
            };
            match key {
                // The optimizer dict is checked as a whole: its keyword, else its class.
                Some("optimizer") => by_message().or_else(|| Some("optimizer-class".to_string())),
                Some(k) => form_field(k, form),
                None => by_message().or_else(|| {
                    // RETURNN's assertions name the attribute (`num_epochs = 0 must be >= 1` for
                    // newbob_multi_num_epochs): a field named like it, or ending in `_<it>`.
                    let ident: String = message.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    let lr_fields = || fields.iter().filter(|f| f.group == form::Group::LrControl);
                    lr_fields()
                        .find(|f| message.contains(f.name.as_str()) || message.contains(&f.name.replace('_', " ")))
                        .or_else(|| lr_fields().find(|f| !ident.is_empty() && f.name.ends_with(&format!("_{ident}"))))
                        .map(|f| f.name.clone())
                }),
            }
        }
        Error::Limit { what, .. } => {
            let head: String = what.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.').collect();
            form_field(&head, form).filter(|f| f.starts_with("surface-") || f == "scores-input").or_else(|| {
                Some(if what.contains("steps_per_epoch") { "steps_per_epoch" } else { "num_epochs" }.to_string())
            })
        }
    }
}

fn field_error(e: &Error, form: &Form) -> FieldError {
    keyed_field_error(e, form, None)
}

fn keyed_field_error(e: &Error, form: &Form, key: Option<&str>) -> FieldError {
    FieldError { name: error_field(e, form, key).unwrap_or_else(|| "run".into()), message: e.to_string() }
}

fn num(values: &[(String, PyValue)], key: &str) -> Option<f64> {
    values.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.as_py_float())
}

fn int(values: &[(String, PyValue)], key: &str) -> Option<i64> {
    values.iter().find(|(k, _)| k == key).and_then(|(_, v)| match v {
        PyValue::Int(i) => Some(*i),
        _ => None,
    })
}

/// Builds the optimizer of the class alone, then of the class with each keyword; pushes one error
/// per failing part (`optimizer-class`, `optimizer-<kwarg>`). True when nothing failed.
fn optimizer_errors(optimizer: &[(PyValue, PyValue)], errors: &mut Vec<FieldError>) -> bool {
    let Some((class, kwargs)) = optimizer.split_first() else { return true };
    let build = |parts: Vec<(PyValue, PyValue)>| Optimizer::from_returnn(&PyValue::Dict(parts), 1.0);
    if let Err(e) = build(vec![class.clone()]) {
        errors.push(FieldError { name: "optimizer-class".into(), message: e.to_string() });
        return false;
    }
    let before = errors.len();
    for kw in kwargs {
        if let Err(e) = build(vec![class.clone(), kw.clone()]) {
            let name = match &kw.0 {
                PyValue::Str(k) => format!("optimizer-{k}"),
                _ => "optimizer-class".into(),
            };
            errors.push(FieldError { name, message: e.to_string() });
        }
    }
    errors.len() == before
}

/// The engine's settings for the form, or the errors of the fields that stop the run.
pub fn settings_from_form(f: &Form) -> Result<Settings, Vec<FieldError>> {
    let (values, mut errors) = form::parse_form(f);
    // The RETURNN config keys, with the optimizer dict assembled from its fields.
    let mut config: Vec<(String, PyValue)> = Vec::new();
    let mut optimizer = vec![(PyValue::Str("class".into()), PyValue::Str(f.optimizer_class().to_string()))];
    for (k, v) in &values {
        if let Some(kw) = k.strip_prefix("optimizer-") {
            if kw != "class" {
                optimizer.push((PyValue::Str(kw.to_string()), v.clone()));
            }
        } else if form::lr_control_fields("").iter().chain(form::gradient_fields().iter()).any(|s| &s.name == k) || k == "num_epochs" {
            config.push((k.clone(), v.clone()));
        }
    }
    // The optimizer one keyword at a time (its class alone first), so that a bad keyword is
    // reported next to its own field even when torch's message does not name it.
    let optimizer_ok = f.scores_only || optimizer_errors(&optimizer, &mut errors);
    if !f.scores_only {
        config.push(("optimizer".into(), PyValue::Dict(optimizer)));
    }
    // One key at a time, so that every bad value is reported next to its own field.
    for pair in config.iter().filter(|(k, _)| optimizer_ok || k != "optimizer") {
        if let Err(e) = Settings::from_config(std::slice::from_ref(pair)) {
            errors.push(keyed_field_error(&e, f, Some(&pair.0)));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut s = Settings::from_config(&config).map_err(|e| vec![field_error(&e, f)])?;
    let surface_json = {
        let mut m = serde_json::Map::new();
        m.insert("name".into(), f.surface().into());
        for (k, v) in &values {
            if let Some(p) = k.strip_prefix("surface-") {
                m.insert(p.into(), crate::py::json::py_to_json(v));
            }
        }
        serde_json::Value::Object(m)
    };
    s.run.surface = Surface::from_json(&surface_json).map_err(|e| vec![field_error(&e, f)])?;
    match (num(&values, "start_x"), num(&values, "start_y")) {
        (Some(x), Some(y)) if s.run.surface.dim() == 2 => s.run.start = vec![x, y],
        (Some(x), Some(y)) => {
            let mut p = s.run.surface.default_start();
            for (slot, v) in p.iter_mut().zip([x, y]) {
                *slot = v;
            }
            s.run.start = p;
        }
        (None, None) => {}
        (Some(_), None) => return Err(vec![FieldError { name: "start_y".into(), message: "set both coordinates of the start point".into() }]),
        (None, Some(_)) => return Err(vec![FieldError { name: "start_x".into(), message: "set both coordinates of the start point".into() }]),
    }
    if let Some(n) = int(&values, "steps_per_epoch") {
        s.run.steps_per_epoch = n;
    }
    if let Some(v) = num(&values, "batch_noise") {
        s.run.batch_noise = v;
    }
    if let Some(n) = int(&values, "batch_size") {
        if n < 1 {
            return Err(vec![FieldError { name: "batch_size".into(), message: format!("must be at least 1, found {n}") }]);
        }
        s.run.batch_size = n as u64;
    }
    if let Some(v) = num(&values, "dev_noise") {
        s.run.dev_noise = v;
    }
    if let Some(v) = num(&values, "generalization_gap") {
        s.run.generalization_gap = v;
    }
    if let Some(n) = int(&values, "seed") {
        if n < 0 {
            return Err(vec![FieldError { name: "seed".into(), message: format!("must be >= 0, found {n}") }]);
        }
        s.run.seed = n as u64;
    }
    if f.scores_only {
        let dev = form::parse_scores(&f.scores).map_err(|m| vec![FieldError { name: "scores-input".into(), message: m }])?;
        s.mode = Mode::ScoresOnly { dev_scores: dev, train_scores: None };
    }
    s.validate().map_err(|e| vec![field_error(&e, f)])?;
    Ok(s)
}

/// The engine's RETURNN config snippet of the form (the settings of the run on screen).
pub fn snippet(s: &Settings) -> String {
    crate::returnn::config::export::export(s)
}

/// Warnings about RETURNN traps in these settings: `(field, message)`.
pub fn warnings(s: &Settings) -> Vec<(String, String)> {
    s.warnings().into_iter().map(|w| (w.field, w.message)).collect()
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

    /// The engine's learning_rate_file of the run so far.
    pub fn learning_rate_file(&self) -> String {
        crate::returnn::lr_file::write(&self.sim.control().epoch_data)
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
                let (name, marker, why, error, threshold) = match &e.decision {
                    Some(d) => {
                        let (name, marker) = verdict(d);
                        let error = d.mean.or_else(|| d.comparisons.last().and_then(|c| c.outcome.value()));
                        (name.to_string(), marker, explain(d), error, d.threshold)
                    }
                    None => (String::new(), Marker::None, format!("epoch {}: learning rate {}", e.epoch, float_repr(e.learning_rate)), None, None),
                };
                EpochRow {
                    epoch: e.epoch.max(0) as u64,
                    lr: e.learning_rate,
                    train_score: e.train_score,
                    dev_score: e.dev_score,
                    error,
                    threshold,
                    verdict: name,
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
    use crate::ui::form::preset;

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
        assert!(v.rows.iter().all(|r| r.marker != Marker::Grow), "growth 1.0 is keep, not grow");
        let csv = v.csv();
        assert_eq!(csv.lines().count(), 31);
        assert!(csv.lines().nth(1).unwrap().starts_with("1,0.1,"));
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
                        let _ = run.view().csv();
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
