//! The scenario driver: runs RETURNN's LR control the way a training loop does (reference
//! README, "Scenario file"): per epoch the LR (or the TF pretrain branch, spec section 7), merge
//! `meta`, record the `train_*` scores and save, record the other scores and save, save.
//! Used by `schedule-explorer replay`, the UI's "replay a real run" and the benchmarks. The
//! scenario JSON and the file text are read and written above the engine (`returnn::scenario`,
//! `returnn::lr_file`); here a save is a snapshot of the table ([`ReplayOutcome::saved_table`]).
use super::decision::{Decision, Verdict};
use super::history::num;
use super::{EpochData, Existing, Key, LrControl, LrFile};
use crate::py::error::{Error, Result, Stage};
use crate::py::typed_config::TypedConfig;
use crate::py::value::PyValue;
use std::borrow::Cow;

/// One epoch of a scenario: its number, its scores (nested dicts allowed) and meta information.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioEpoch {
    /// The epoch number (RETURNN's 1-based epoch).
    pub epoch: i64,
    /// The scores given to `set_epoch_error`, before flattening (`train_*` first, then the rest).
    pub scores: Vec<(Key, PyValue)>,
    /// Meta information merged into the epoch's entry (`:meta:<key>` in the file).
    pub meta: Vec<(Key, PyValue)>,
}

/// A scenario: a RETURNN config, optional TF pretraining and resume file, and the epochs.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The scenario's name (the vector's `name`).
    pub name: String,
    /// The RETURNN config the control is built from.
    pub config: TypedConfig,
    /// `driver.pretrain_num_epochs`: the TF pretrain branch (spec section 7).
    pub pretrain_num_epochs: Option<i64>,
    /// An existing `learning_rate_file` to resume from: its table, or the exception RETURNN's
    /// loader raised for its text.
    pub initial_learning_rate_file: Option<std::result::Result<LrFile, Error>>,
    /// The epochs to run, in order.
    pub epochs: Vec<ScenarioEpoch>,
}

impl Scenario {
    /// Replays the scores (and meta) of an existing `learning_rate_file` under `config`, starting
    /// from an empty history: every epoch of the file, in order.
    pub fn from_lr_file(name: &str, config: TypedConfig, file: &LrFile) -> Scenario {
        Scenario {
            name: name.to_string(),
            config,
            pretrain_num_epochs: None,
            initial_learning_rate_file: None,
            epochs: file
                .iter()
                .map(|(e, d)| ScenarioEpoch { epoch: *e, scores: d.error.clone(), meta: d.meta.clone() })
                .collect(),
        }
    }
}

/// What a scenario run produced (also when RETURNN would have raised).
#[derive(Clone, Debug, PartialEq)]
pub struct ReplayOutcome {
    /// The scenario's name.
    pub name: String,
    /// The epochs run (the scenario's `epoch` numbers), up to and including a failing one.
    pub epochs: Vec<i64>,
    /// The LR used per epoch (pretraining uses LRs that may differ from the stored ones).
    pub learning_rates: Vec<PyValue>,
    /// The LR stored in the table per epoch, after the epoch.
    pub stored_learning_rates: Vec<PyValue>,
    /// `get_error_key(epoch)` after each epoch.
    pub error_keys: Vec<Option<String>>,
    /// What the last save wrote (see [`ReplayOutcome::saved_table`]).
    saved: Saved,
    /// RETURNN's exception, with `stage` and `epoch`.
    pub error: Option<Error>,
    /// The decision per epoch run (same order as `learning_rates`).
    pub decisions: Vec<Decision>,
    /// The control after the run (`None` if it could not be built).
    pub control: Option<LrControl>,
}

/// What the last `save()` wrote, relative to the control's table after the run.
#[derive(Clone, Debug, PartialEq)]
enum Saved {
    /// No `learning_rate_file`, or nothing saved yet.
    Nothing,
    /// The control's table as it is.
    Table,
    /// The control's table with the entry of this epoch as of the last save (`None`: absent).
    TableWithEntry(i64, Option<EpochData>),
}

impl ReplayOutcome {
    /// The table RETURNN's last `save()` wrote (`None` without `learning_rate_file`, or before the
    /// first save); `returnn::lr_file::write` gives its text.
    pub fn saved_table(&self) -> Option<Cow<'_, LrFile>> {
        let control = self.control.as_ref()?;
        match &self.saved {
            Saved::Nothing => None,
            Saved::Table => Some(Cow::Borrowed(&control.epoch_data)),
            Saved::TableWithEntry(epoch, entry) => {
                let mut table = control.epoch_data.clone();
                match entry {
                    Some(d) => table.insert(*epoch, d.clone()),
                    None => table.remove(epoch),
                };
                Some(Cow::Owned(table))
            }
        }
    }
}

/// The Python exception name, stage and epoch of an error.
pub fn error_parts(e: &Error) -> (String, Option<Stage>, Option<u64>) {
    match e {
        Error::Python { exc, stage, epoch, .. } => (exc.name().to_string(), *stage, *epoch),
        other => (other.py_exc().map(|x| x.name().to_string()).unwrap_or_else(|| "ValueError".to_string()), None, None),
    }
}

struct Run {
    out: ReplayOutcome,
    /// Whether anything was saved yet, and the current epoch's entry as of the last save.
    saved: bool,
    saved_entry: Option<EpochData>,
}

impl Run {
    fn save(&mut self, control: &LrControl, epoch: i64) {
        self.saved = true;
        // Only a file that is written needs the entry as saved (see `saved_text`).
        if control.filename.is_some() {
            self.saved_entry = control.epoch_data.get(&epoch).cloned();
        }
    }

    /// The file as of the last save: only the current epoch's entry can differ from the table.
    fn saved_at_error(&self, control: &LrControl, epoch: i64) -> Saved {
        if !self.saved || control.filename.is_none() {
            return Saved::Nothing;
        }
        Saved::TableWithEntry(epoch, self.saved_entry.clone())
    }
}

/// Runs a scenario (the README's driver loop).
pub fn run_scenario(s: &Scenario) -> ReplayOutcome {
    run_epochs(s, s.epochs.len(), s.epochs.iter().cloned())
}

/// [`run_scenario`] on a scenario given away: each epoch's scores and meta move into the
/// control's table instead of being copied (as RETURNN's training loop hands its dicts over).
/// Same outcome as [`run_scenario`].
pub fn run_scenario_owned(mut s: Scenario) -> ReplayOutcome {
    let epochs = std::mem::take(&mut s.epochs);
    let n = epochs.len();
    run_epochs(&s, n, epochs.into_iter())
}

/// The driver loop over `epochs` (`n` of them) with the settings of `s` (its `epochs` unused).
fn run_epochs(s: &Scenario, n: usize, epochs: impl Iterator<Item = ScenarioEpoch>) -> ReplayOutcome {
    let mut run = Run {
        out: ReplayOutcome {
            name: s.name.clone(),
            epochs: Vec::with_capacity(n),
            learning_rates: Vec::with_capacity(n),
            stored_learning_rates: Vec::with_capacity(n),
            error_keys: Vec::with_capacity(n),
            saved: Saved::Nothing,
            error: None,
            decisions: Vec::with_capacity(n),
            control: None,
        },
        saved: false,
        saved_entry: None,
    };
    let existing = s.initial_learning_rate_file.as_ref().map(|f| match f {
        Ok(table) => Existing::Table(table),
        Err(e) => Existing::LoadError(e),
    });
    let mut control = match LrControl::from_existing(&s.config, existing) {
        Ok(c) => c,
        Err(e) => {
            run.out.error = Some(e);
            return run.out;
        }
    };
    let pretrain = match pretrain_settings(s, &control) {
        Ok(p) => p,
        Err(e) => {
            run.out.error = Some(e.at(Stage::Init, None));
            run.out.control = Some(control);
            return run.out;
        }
    };
    for ep in epochs {
        let e = ep.epoch;
        if control.filename.is_some() {
            run.saved_entry = control.epoch_data.get(&e).cloned();
        }
        if let Err(err) = run_epoch(&mut control, &mut run, ep, pretrain.as_ref()) {
            run.out.saved = run.saved_at_error(&control, e);
            run.out.error = Some(err);
            run.out.control = Some(control);
            return run.out;
        }
    }
    run.out.saved = if control.filename.is_some() { Saved::Table } else { Saved::Nothing };
    run.out.control = Some(control);
    run.out
}

/// The TF pretrain branch: `(K, pretrain_learning_rate)` unless `use_learning_rate_control_always`.
fn pretrain_settings(s: &Scenario, control: &LrControl) -> Result<Option<(i64, PyValue)>> {
    let Some(k) = s.pretrain_num_epochs else { return Ok(None) };
    if s.config.bool("use_learning_rate_control_always", false)?.unwrap_or(false) {
        return Ok(None);
    }
    let lr = s.config.float("pretrain_learning_rate", control.default_lr.clone())?;
    Ok(Some((k, lr)))
}

fn run_epoch(control: &mut LrControl, run: &mut Run, ep: ScenarioEpoch, pretrain: Option<&(i64, PyValue)>) -> Result<()> {
    let e = ep.epoch;
    let lr = match pretrain {
        Some((k, plr)) if e <= *k || e == k + 1 => {
            let (lr, verdict) =
                if e <= *k { (plr.clone(), Verdict::Pretrain) } else { (control.default_lr.clone(), Verdict::FirstAfterPretrain) };
            control
                .set_default_learning_rate_for_epoch(e, lr.clone())
                .map_err(|err| err.at(Stage::GetLearningRate, Some(e.max(0) as u64)))?;
            let mut d = Decision::new(e, control.scheme.class_name());
            d.verdict = verdict;
            d.new_lr = num(&lr);
            control.record_decision(d);
            lr
        }
        _ => control.learning_rate_for_epoch(e)?,
    };
    run.out.epochs.push(e);
    run.out.learning_rates.push(lr);
    if let Some(d) = control.decision(e) {
        run.out.decisions.push(d.clone());
    }
    control.merge_meta_owned(e, ep.meta);
    // The `train_*` scores first, then the others, each in their order (a stable partition in
    // place: the train part keeps the vector, the rest moves to a new one).
    let mut train = ep.scores;
    let is_train = |(k, _): &(Key, PyValue)| k.starts_with("train_");
    let first = train.iter().position(is_train).unwrap_or(train.len());
    let end = first + train[first..].iter().take_while(|kv| is_train(kv)).count();
    if train[end..].iter().any(is_train) {
        train.sort_by_key(|kv| !is_train(kv));
    } else {
        // One block of train keys (RETURNN's sorted keys: `dev_*`, `devtrain_*`, `train_*`).
        train[..end].rotate_left(first);
    }
    let n_train = train.iter().take_while(|kv| is_train(kv)).count();
    let other = train.split_off(n_train);
    for part in [train, other] {
        if !part.is_empty() {
            control.set_epoch_error_owned(e, part)?;
            run.save(control, e);
        }
    }
    run.save(control, e);
    let key = control.error_key(e)?;
    run.out.error_keys.push(key);
    run.out.stored_learning_rates.push(control.stored_learning_rate(e).cloned().unwrap_or(PyValue::None));
    Ok(())
}

/// Replays the scores of a parsed `learning_rate_file` under the given settings (fresh history).
pub fn replay_lr_file(name: &str, config: &TypedConfig, file: &LrFile) -> ReplayOutcome {
    run_scenario(&Scenario::from_lr_file(name, config.clone(), file))
}
