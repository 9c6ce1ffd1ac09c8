//! The training simulator: what makes newbob *react*.
//!
//! A run has `num_epochs` epochs of `steps_per_epoch` optimizer updates. Per update:
//! 1. `accum_grad_multiple_step` (k) mini-batch gradients at the current point are **summed**
//!    (RETURNN's torch engine sums, it does not average): each is the surface gradient plus
//!    Gaussian mini-batch noise (`Surface::noisy_gradient_into`: std `batch_noise/sqrt(batch_size)`,
//!    times `sqrt(curvature)` on the noisy quadratic model). The mini-batch loss is the linear
//!    perturbation of the surface whose gradient is that mini-batch gradient:
//!    `f(p) + <n, p>` with `n` the noise drawn.
//! 2. RETURNN's torch updater order (spec 10.1): `gradient_noise` (truncated normal, std = value,
//!    cut at ±2·std, per element), `gradient_clip` (clamp to [-v, v]), `gradient_clip_global_norm`
//!    (`g *= min(1, v / (‖g‖ + 1e-6))`), then the optimizer step at the epoch's LR.
//! 3. Divergence: a non-finite parameter or loss, or `|loss| > 1e30`, stops the run cleanly with
//!    [`Stop::Diverged`] naming the update and the reason; no NaN is carried on silently.
//!
//! Per epoch `e`: the LR comes from RETURNN's LR control (`learning_rate_for_epoch(e)`), which
//! may raise exactly as RETURNN would ([`Stop::Failed`], e.g. TypeError for an int
//! `learning_rate`). After the epoch, `train_score_output` = the mean of the epoch's mini-batch
//! losses and `dev_score_output` = the loss at the end of the epoch on a held-out view (plus
//! `generalization_gap` and Gaussian `dev_noise` from its own random stream), with
//! `dev_error_output` = its error-rate view ([`DEV_ERROR_KEY`]), are passed to
//! `set_epoch_error(e, ...)` in RETURNN's order (train scores first, then dev), so the LR control
//! decides the next epoch's LR from them.
//!
//! "Scores only" mode skips the optimizer: epoch `i` gets the given dev (and train) scores.
//!
//! Determinism: three seeded streams (mini-batches, gradient noise, dev noise) derived from the
//! seed; only IEEE arithmetic, `sqrt` and `libm` functions, so native and wasm give the same bits.
//!
//! The stepper: [`Simulation::advance`] runs up to N updates (in scores-only mode: N epochs) and
//! returns; the caller can render and call it again (pause = not calling it).
use crate::py::error::{Error, Result};
use crate::engine::lr_control::{Decision, LrControl};
use crate::engine::optim::grad_proc::GradientProcessing;
use crate::engine::optim::Optimizer;
use crate::engine::rng::Rng;
use crate::engine::settings::{Mode, Settings, Warning};
use crate::engine::surface::Surface;
use crate::py::value::PyValue;
use crate::py::typed_config::TypedConfig;
use serde::Serialize;

/// A loss above this (in absolute value) counts as divergence.
pub const DIVERGENCE_LOSS: f64 = 1e30;

/// The `learning_rate_file` a continued run is resumed from when the config names none.
pub const RESUME_FILE: &str = "learning_rates";

/// The score keys the simulator reports (RETURNN's TF-style names).
pub const TRAIN_KEY: &str = "train_score_output";
/// The dev score key the simulator reports, the first one RETURNN's default key search
/// finds (spec section 4).
pub const DEV_KEY: &str = "dev_score_output";
/// A frame-error-rate-like view of the dev loss: `1 - exp(-(dev_score - f_min))`, in [0, 1]
/// (`f_min` = the surface's minimum value, 0 when unbounded). Reported so that
/// `learning_rate_control_error_measure = "dev_error_output"` can be tried; RETURNN's default key
/// search prefers `dev_score_output`.
pub const DEV_ERROR_KEY: &str = "dev_error_output";

/// One epoch of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EpochRecord {
    /// The epoch number (1-based).
    pub epoch: i64,
    /// The LR the control gave for this epoch.
    pub learning_rate: f64,
    /// Mean mini-batch loss of the epoch (`train_score_output`); in scores-only mode the given
    /// train score, if any.
    pub train_score: Option<f64>,
    /// `dev_score_output` (`None` when the epoch did not finish).
    pub dev_score: Option<f64>,
    /// `dev_error_output` (simulated runs only).
    pub dev_error: Option<f64>,
    /// Why the control chose this epoch's LR (the record the control decided with).
    pub decision: Option<Decision>,
    /// Optimizer updates done in this epoch.
    pub updates: u64,
    /// False when the run stopped inside this epoch (its scores never reached the control).
    pub complete: bool,
}

/// One optimizer update.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct StepRecord {
    /// 0-based index over the whole run.
    pub update: u64,
    /// The epoch the update belongs to.
    pub epoch: i64,
    /// The learning rate the optimizer step used.
    pub learning_rate: f64,
    /// The exact surface loss after the update.
    pub loss: f64,
    /// The mean of the k mini-batch losses this update used (before the update).
    pub batch_loss: f64,
    /// ‖g‖ of the gradient the optimizer received (after noise and clipping).
    pub grad_norm: f64,
}

/// Why a run ended (or has not yet).
#[derive(Clone, Debug, PartialEq)]
pub enum Stop {
    /// All epochs ran.
    Finished,
    /// The optimization blew up at this update.
    Diverged {
        /// The 0-based index of the update after which a parameter or the loss was non-finite,
        /// or `|loss|` exceeded [`DIVERGENCE_LOSS`].
        update: u64,
        /// The epoch that update belongs to.
        epoch: i64,
        /// What blew up, in words.
        reason: String,
    },
    /// RETURNN (or torch) would raise here.
    Failed(Error),
}

/// What one [`Simulation::advance`] call did.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    /// Updates (scores-only mode: epochs) done in this call.
    pub advanced: u64,
    /// Updates done so far in the whole run.
    pub total_updates: u64,
    /// Epochs completed so far.
    pub epochs_done: usize,
    /// The run has ended ([`Simulation::stop`] is set: finished, diverged or failed).
    pub done: bool,
}

/// The optimizer side of a simulated run.
#[derive(Clone)]
struct Trainer {
    surface: Surface,
    optimizer: Optimizer,
    grad_proc: GradientProcessing,
    params: Vec<f64>,
    batch_rng: Rng,
    noise_rng: Rng,
    dev_rng: Rng,
    accum: u64,
    batch_size: usize,
    batch_noise: f64,
    dev_noise: f64,
    gap: f64,
    /// The surface's minimum value (0 when unbounded below), for `dev_error_output`.
    f_min: f64,
    grad: Vec<f64>,
    exact: Vec<f64>,
    noisy: Vec<f64>,
    /// Sum and count of the mini-batch losses of the current epoch.
    train_sum: f64,
    train_count: u64,
}

/// What a checkpoint at the end of an epoch holds (as RETURNN's model + optimizer files, plus the
/// simulator's random streams).
#[derive(Clone)]
struct Checkpoint {
    params: Vec<f64>,
    optimizer: Optimizer,
    batch_rng: Rng,
    noise_rng: Rng,
    dev_rng: Rng,
    /// Updates done up to this point (= `steps.len()` then).
    updates: u64,
}

impl Checkpoint {
    fn of(t: &Trainer, updates: u64) -> Checkpoint {
        Checkpoint {
            params: t.params.clone(),
            optimizer: t.optimizer.clone(),
            batch_rng: t.batch_rng.clone(),
            noise_rng: t.noise_rng.clone(),
            dev_rng: t.dev_rng.clone(),
            updates,
        }
    }
}

enum Kind {
    Train(Box<Trainer>),
    ScoresOnly { dev: Vec<f64>, train: Option<Vec<f64>> },
}

/// A run in progress. Build with [`Simulation::new`], drive with [`Simulation::advance`] or
/// [`Simulation::run_to_end`].
pub struct Simulation {
    settings: Settings,
    control: LrControl,
    kind: Kind,
    num_epochs: i64,
    steps_per_epoch: u64,
    /// The epoch being run (1-based); `num_epochs + 1` when finished.
    epoch: i64,
    /// The current epoch's LR, once asked for.
    lr: Option<f64>,
    updates_in_epoch: u64,
    total_updates: u64,
    start: Vec<f64>,
    epochs: Vec<EpochRecord>,
    steps: Vec<StepRecord>,
    trajectory: Vec<[f64; 2]>,
    stop: Option<Stop>,
    /// The trainer state at the end of the last completed epoch (at the start before that);
    /// `None` in scores-only mode.
    checkpoint: Option<Checkpoint>,
}

fn seeded(seed: u64, stream: u64) -> Rng {
    Rng::new(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn xy(p: &[f64]) -> [f64; 2] {
    [p.first().copied().unwrap_or(0.0), p.get(1).copied().unwrap_or(0.0)]
}

fn norm(a: &[f64]) -> f64 {
    a.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// The LR-control config for these settings, as RETURNN's `Config` would hold it.
fn typed_config(settings: &Settings) -> TypedConfig {
    let mut cfg = TypedConfig::new();
    for (k, v) in settings.to_config() {
        cfg.set(&k, v);
    }
    cfg
}

fn surface_min(surface: &Surface) -> f64 {
    surface.min_value().filter(|v| v.is_finite()).unwrap_or(0.0)
}

impl Trainer {
    fn new(s: &Settings, config: &TypedConfig) -> Result<Trainer> {
        let surface = s.run.surface.clone();
        let params = if s.run.start.is_empty() { surface.default_start() } else { s.run.start.clone() };
        // As RETURNN's torch Updater: built with the config's learning_rate, then the LR control
        // sets the LR per epoch.
        let optimizer = Optimizer::from_returnn(&s.optimizer.to_py(), s.lr_control.learning_rate.as_f64())?;
        let grad_proc = GradientProcessing::from_config(|k| config.get(k))?;
        let dim = params.len();
        Ok(Trainer {
            surface,
            optimizer,
            accum: u64::from(grad_proc.accum_grad_multiple_step.max(1)),
            grad_proc,
            params,
            batch_rng: seeded(s.run.seed, 1),
            noise_rng: seeded(s.run.seed, 2),
            dev_rng: seeded(s.run.seed, 3),
            batch_size: usize::try_from(s.run.batch_size).unwrap_or(usize::MAX),
            batch_noise: s.run.batch_noise,
            dev_noise: s.run.dev_noise,
            gap: s.run.generalization_gap,
            f_min: surface_min(&s.run.surface),
            grad: vec![0.0; dim],
            exact: vec![0.0; dim],
            noisy: vec![0.0; dim],
            train_sum: 0.0,
            train_count: 0,
        })
    }

    /// One update at `lr`: returns (batch loss, grad norm, loss after).
    fn update(&mut self, lr: f64) -> (f64, f64, f64) {
        self.grad.iter_mut().for_each(|g| *g = 0.0);
        let value = self.surface.value(&self.params);
        self.surface.gradient_into(&self.params, &mut self.exact);
        let mut batch_sum = 0.0;
        for _ in 0..self.accum {
            self.surface.noisy_gradient_into(&self.params, &mut self.batch_rng, self.batch_size, self.batch_noise, &mut self.noisy);
            // noise n = noisy - exact; mini-batch loss f(p) + <n, p>.
            let mut perturb = 0.0;
            for ((g, n), (e, p)) in self.grad.iter_mut().zip(&self.noisy).zip(self.exact.iter().zip(&self.params)) {
                *g += n;
                perturb += (n - e) * p;
            }
            let batch_loss = value + perturb;
            batch_sum += batch_loss;
            self.train_sum += batch_loss;
            self.train_count += 1;
        }
        // RETURNN's Updater.step order: noise, clip by value, clip by global norm.
        self.grad_proc.apply(&mut self.grad, &mut self.noise_rng);
        let grad_norm = norm(&self.grad);
        self.optimizer.step(&mut self.params, &self.grad, lr);
        let loss = self.surface.value(&self.params);
        (batch_sum / self.accum as f64, grad_norm, loss)
    }

    /// The held-out loss at the end of an epoch, and its error-rate view.
    fn dev_score(&mut self) -> (f64, f64) {
        let noise = if self.dev_noise > 0.0 { self.dev_noise * self.dev_rng.normal() } else { 0.0 };
        let score = self.surface.value(&self.params) + self.gap + noise;
        let excess = score - self.f_min;
        let error = if excess.is_nan() { f64::NAN } else { 1.0 - libm::exp(-excess.max(0.0)) };
        (score, error)
    }

    fn take_train_score(&mut self) -> f64 {
        let mean = if self.train_count == 0 { f64::NAN } else { self.train_sum / self.train_count as f64 };
        self.train_sum = 0.0;
        self.train_count = 0;
        mean
    }

    fn divergence(&self, loss: f64) -> Option<String> {
        if self.params.iter().any(|p| !p.is_finite()) {
            Some("non-finite parameter".into())
        } else if !loss.is_finite() {
            Some(format!("non-finite loss ({})", crate::py::value::float_repr(loss)))
        } else if loss.abs() > DIVERGENCE_LOSS {
            Some(format!("loss {} exceeds {}", crate::py::value::float_repr(loss), crate::py::value::float_repr(DIVERGENCE_LOSS)))
        } else {
            None
        }
    }
}

impl Simulation {
    /// Validates the settings and builds the LR control (and, when simulating, the optimizer).
    /// Errors: invalid settings ([`Error::Invalid`]), an optimizer dict RETURNN/torch reject, or
    /// an LR-control config RETURNN rejects at construction.
    pub fn new(settings: &Settings) -> Result<Simulation> {
        settings.validate()?;
        let config = typed_config(settings);
        let control = LrControl::from_config(&config, None)?;
        Simulation::fresh(settings, &config, control)
    }

    /// A run at epoch 1 of validated `settings` with this LR control.
    fn fresh(settings: &Settings, config: &TypedConfig, control: LrControl) -> Result<Simulation> {
        let (kind, num_epochs, steps_per_epoch, start) = match &settings.mode {
            Mode::Simulate => {
                let t = Trainer::new(settings, config)?;
                let start = t.params.clone();
                (Kind::Train(Box::new(t)), settings.run.num_epochs, settings.run.steps_per_epoch.max(1) as u64, start)
            }
            Mode::ScoresOnly { dev_scores, train_scores } => {
                (Kind::ScoresOnly { dev: dev_scores.clone(), train: train_scores.clone() }, dev_scores.len() as i64, 1, Vec::new())
            }
        };
        let checkpoint = match &kind {
            Kind::Train(t) => Some(Checkpoint::of(t, 0)),
            Kind::ScoresOnly { .. } => None,
        };
        Ok(Simulation {
            settings: settings.clone(),
            control,
            kind,
            num_epochs,
            steps_per_epoch,
            epoch: 1,
            lr: None,
            updates_in_epoch: 0,
            total_updates: 0,
            start,
            epochs: Vec::new(),
            steps: Vec::new(),
            trajectory: Vec::new(),
            stop: None,
            checkpoint,
        })
    }

    /// What RETURNN does when training is restarted with an edited config: the run continues
    /// after the last **completed** epoch `k` with `settings`.
    ///
    /// - Epochs `1..=k` are kept as they ran (their records, updates and trajectory); a partially
    ///   run epoch (or one that diverged or failed) is discarded and runs again.
    /// - The `learning_rate_file` table of epochs `1..=k` is loaded into a new LR control built
    ///   from the new settings (`LrControl::from_config(config, Some(file))`), so the stored LRs
    ///   of past epochs win and epoch `k+1` onward is decided by the new rules, exactly as
    ///   RETURNN resuming from its file.
    /// - Parameters and random streams come from the end of epoch `k` (the checkpoint).
    /// - The optimizer: if the optimizer dict is unchanged its state (moments, step counters)
    ///   is kept; otherwise a fresh optimizer is built from the new dict. (RETURNN would try to
    ///   load the old optimizer state file into the new optimizer, which torch only accepts for
    ///   a matching class/parameter layout; a fresh state is the honest simplification.)
    /// - Gradient processing, `num_epochs`, `steps_per_epoch`, `batch_size`, noise levels and
    ///   the generalization gap come from the new settings. With `num_epochs <= k` the run is
    ///   finished with its `k` epochs (RETURNN: the final epoch is already trained). In
    ///   scores-only mode the new scores are used from epoch `k+1` on.
    ///
    /// The random streams continue from the checkpoint, so a changed `seed` only matters when no
    /// epoch has completed yet (then nothing is kept and the run starts over with the new
    /// settings, as RETURNN without a checkpoint).
    ///
    /// Errors: the new settings are invalid or rejected (as [`Simulation::new`]), or they change
    /// what cannot continue: the surface ([`Error::Invalid`] on `surface`), the start point
    /// (`start`) or the mode (`scores_only`).
    pub fn continue_with(&self, settings: &Settings) -> Result<Simulation> {
        settings.validate()?;
        let old = &self.settings;
        match (&old.mode, &settings.mode) {
            (Mode::Simulate, Mode::Simulate) => {
                if settings.run.surface != old.run.surface {
                    return Err(Error::invalid("surface", "the surface changed: a run cannot continue on another surface"));
                }
                if settings.run.start != old.run.start {
                    return Err(Error::invalid("start", "the start point changed: only a new run can start elsewhere"));
                }
            }
            (Mode::ScoresOnly { .. }, Mode::ScoresOnly { .. }) => {}
            _ => return Err(Error::invalid("scores_only", "switching between simulation and scores-only mode starts a new run")),
        }
        let config = typed_config(settings);
        // RETURNN only loads the table from `learning_rate_file`: the resumed control reads it
        // from there (the simulator's own file when the config names none).
        let mut resume_config = config.clone();
        if settings.lr_control.learning_rate_file.as_deref().is_none_or(str::is_empty) {
            resume_config.set("learning_rate_file", PyValue::Str(RESUME_FILE.into()));
        }
        // Epochs completed (their scores reached the control).
        let k = (self.epoch - 1).clamp(0, self.epochs.len() as i64);
        let file: crate::engine::lr_control::LrFile = self.control.epoch_data.range(..=k).map(|(e, d)| (*e, d.clone())).collect();
        let control = LrControl::from_config(&resume_config, Some(&file))?;
        let mut sim = Simulation::fresh(settings, &config, control)?;
        if k == 0 {
            // Nothing completed: nothing to keep (a new run with the new settings).
            return Ok(sim);
        }
        if let (Kind::Train(t), Some(c)) = (&mut sim.kind, &self.checkpoint) {
            t.params.clone_from(&c.params);
            t.batch_rng = c.batch_rng.clone();
            t.noise_rng = c.noise_rng.clone();
            t.dev_rng = c.dev_rng.clone();
            if settings.optimizer == old.optimizer {
                t.optimizer = c.optimizer.clone();
            }
            let kept = usize::try_from(c.updates).unwrap_or(usize::MAX).min(self.steps.len());
            sim.steps = self.steps[..kept].to_vec();
            sim.trajectory = self.trajectory[..kept.min(self.trajectory.len())].to_vec();
            sim.total_updates = kept as u64;
            sim.checkpoint = Some(Checkpoint::of(t, kept as u64));
        }
        sim.epoch = k + 1;
        sim.start.clone_from(&self.start);
        sim.epochs = self.epochs[..k as usize].to_vec();
        Ok(sim)
    }

    /// Runs up to `n` updates (scores-only mode: `n` epochs); stops early when the run ends.
    pub fn advance(&mut self, n: u64) -> Progress {
        let mut advanced = 0;
        while advanced < n && self.stop.is_none() {
            if self.epoch > self.num_epochs {
                self.stop = Some(Stop::Finished);
                break;
            }
            let lr = match self.lr {
                Some(lr) => lr,
                None => match self.control.learning_rate_for_epoch_f64(self.epoch) {
                    Ok(lr) => {
                        self.lr = Some(lr);
                        lr
                    }
                    Err(e) => {
                        self.stop = Some(Stop::Failed(e));
                        break;
                    }
                },
            };
            advanced += 1;
            match &mut self.kind {
                Kind::ScoresOnly { dev, train } => {
                    let i = (self.epoch - 1) as usize;
                    let d = dev.get(i).copied().unwrap_or(f64::NAN);
                    let t = train.as_ref().and_then(|t| t.get(i).copied());
                    self.finish_epoch(lr, t, d, None);
                }
                Kind::Train(trainer) => {
                    let (batch_loss, grad_norm, loss) = trainer.update(lr);
                    let diverged = trainer.divergence(loss);
                    self.trajectory.push(xy(&trainer.params));
                    self.steps.push(StepRecord { update: self.total_updates, epoch: self.epoch, learning_rate: lr, loss, batch_loss, grad_norm });
                    self.total_updates += 1;
                    self.updates_in_epoch += 1;
                    if let Some(reason) = diverged {
                        let train = trainer.take_train_score();
                        self.epochs.push(EpochRecord {
                            epoch: self.epoch,
                            learning_rate: lr,
                            train_score: Some(train),
                            dev_score: None,
                            dev_error: None,
                            decision: self.control.decision(self.epoch).cloned(),
                            updates: self.updates_in_epoch,
                            complete: false,
                        });
                        self.stop = Some(Stop::Diverged { update: self.total_updates - 1, epoch: self.epoch, reason });
                        break;
                    }
                    if self.updates_in_epoch >= self.steps_per_epoch {
                        let train = trainer.take_train_score();
                        let (dev, dev_error) = trainer.dev_score();
                        self.finish_epoch(lr, Some(train), dev, Some(dev_error));
                    }
                }
            }
        }
        if self.stop.is_none() && self.epoch > self.num_epochs {
            self.stop = Some(Stop::Finished);
        }
        // Only the last epoch can be incomplete.
        let epochs_done = self.epochs.len() - usize::from(self.epochs.last().is_some_and(|e| !e.complete));
        Progress { advanced, total_updates: self.total_updates, epochs_done, done: self.stop.is_some() }
    }

    /// Reports the epoch's scores to the control (train first, then dev, as RETURNN's engine).
    fn finish_epoch(&mut self, lr: f64, train: Option<f64>, dev: f64, dev_error: Option<f64>) {
        let e = self.epoch;
        let mut result = Ok(());
        if let Some(t) = train {
            result = self.control.set_epoch_error(e, &[(TRAIN_KEY.to_string(), PyValue::Float(t))]);
        }
        if result.is_ok() {
            let mut dev_scores = vec![(DEV_KEY.to_string(), PyValue::Float(dev))];
            if let Some(err) = dev_error {
                dev_scores.push((DEV_ERROR_KEY.to_string(), PyValue::Float(err)));
            }
            result = self.control.set_epoch_error(e, &dev_scores);
        }
        self.epochs.push(EpochRecord {
            epoch: e,
            learning_rate: lr,
            train_score: train,
            dev_score: Some(dev),
            dev_error,
            decision: self.control.decision(e).cloned(),
            updates: self.updates_in_epoch,
            complete: result.is_ok(),
        });
        if let Err(err) = result {
            self.stop = Some(Stop::Failed(err));
            return;
        }
        self.epoch += 1;
        self.lr = None;
        self.updates_in_epoch = 0;
        if let Kind::Train(t) = &self.kind {
            self.checkpoint = Some(Checkpoint::of(t, self.total_updates));
        }
    }

    /// Runs everything that is left.
    pub fn run_to_end(&mut self) -> Progress {
        let mut last = self.advance(0);
        let mut advanced = 0;
        while !self.is_done() {
            last = self.advance(u64::MAX);
            advanced += last.advanced;
        }
        Progress { advanced, ..last }
    }

    /// Whether the run has ended: stopped, or past its last epoch.
    pub fn is_done(&self) -> bool {
        self.stop.is_some() || self.epoch > self.num_epochs
    }

    /// Why the run ended (`None` while it is still running).
    pub fn stop(&self) -> Option<&Stop> {
        self.stop.as_ref()
    }

    /// The settings the run was built from.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The traps in the settings ([`Settings::warnings`]).
    pub fn warnings(&self) -> Vec<Warning> {
        self.settings.warnings()
    }

    /// The epoch table so far.
    pub fn epochs(&self) -> &[EpochRecord] {
        &self.epochs
    }

    /// Every update so far.
    pub fn steps(&self) -> &[StepRecord] {
        &self.steps
    }

    /// The start point (all coordinates; empty in scores-only mode).
    pub fn start(&self) -> &[f64] {
        &self.start
    }

    /// The first two coordinates after each update (the start point excluded).
    pub fn trajectory(&self) -> &[[f64; 2]] {
        &self.trajectory
    }

    /// The current parameters (empty in scores-only mode).
    pub fn params(&self) -> &[f64] {
        match &self.kind {
            Kind::Train(t) => &t.params,
            Kind::ScoresOnly { .. } => &[],
        }
    }

    /// The epoch being run (1-based; `num_epochs + 1` once all ran).
    pub fn current_epoch(&self) -> i64 {
        self.epoch
    }

    /// The number of epochs of the run (`num_epochs`; scores-only mode: the number of dev scores).
    pub fn num_epochs(&self) -> i64 {
        self.num_epochs
    }

    /// Updates per epoch (1 in scores-only mode).
    pub fn steps_per_epoch(&self) -> u64 {
        self.steps_per_epoch
    }

    /// The LR control (its per-epoch table, decisions).
    pub fn control(&self) -> &LrControl {
        &self.control
    }

}

/// Builds and runs a whole simulation.
pub fn run(settings: &Settings) -> Result<Simulation> {
    let mut sim = Simulation::new(settings)?;
    sim.run_to_end();
    Ok(sim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_is_euclidean() {
        assert_eq!(norm(&[3.0, 4.0]), 5.0);
    }
}
