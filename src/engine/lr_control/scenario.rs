//! The scenario driver: runs RETURNN's LR control the way a training loop does (reference
//! README, "Scenario file"): per epoch the LR (or the TF pretrain branch, spec section 7), merge
//! `meta`, record the `train_*` scores and save, record the other scores and save, save.
//! Used by `schedule-explorer replay`, the UI's "replay a real run" and the benchmarks.
use super::decision::{Decision, Verdict};
use super::history::num;
use super::LrControl;
use crate::engine::error::{Error, Result, Stage};
use crate::returnn::json::{json_to_py, py_to_json};
use crate::returnn::lr_file::{write, EpochData, Key, LrFile};
use crate::returnn::pyvalue::PyValue;
use crate::returnn::typed_config::TypedConfig;
use serde_json::{json, Map, Value};

/// One epoch of a scenario: its number, its scores (nested dicts allowed) and meta information.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioEpoch {
    pub epoch: i64,
    pub scores: Vec<(Key, PyValue)>,
    pub meta: Vec<(Key, PyValue)>,
}

/// A scenario: a RETURNN config, optional TF pretraining and resume file, and the epochs.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub config: TypedConfig,
    /// `driver.pretrain_num_epochs`: the TF pretrain branch (spec section 7).
    pub pretrain_num_epochs: Option<i64>,
    /// The content of an existing `learning_rate_file` to resume from.
    pub initial_learning_rate_file: Option<String>,
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

fn object_items(v: &Value, field: &str) -> Result<Vec<(Key, PyValue)>> {
    match v {
        Value::Object(m) => Ok(m.iter().map(|(k, v)| (Key::new(k), json_to_py(v))).collect()),
        Value::Null => Ok(Vec::new()),
        _ => Err(Error::invalid(field, "must be a JSON object")),
    }
}

/// Reads a scenario JSON (the `expected` key, if present, is ignored). Config ints and floats
/// stay apart; non-finite floats are the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub fn parse_scenario(v: &Value) -> Result<Scenario> {
    let obj = v.as_object().ok_or_else(|| Error::invalid("scenario", "must be a JSON object"))?;
    let name = match obj.get("name") {
        Some(Value::String(s)) => s.clone(),
        None => String::new(),
        Some(_) => return Err(Error::invalid("name", "must be a string")),
    };
    let config = match obj.get("config") {
        Some(Value::Object(m)) => {
            // Dict-form learning_rates: JSON object keys are decimal int epochs.
            if let Some(Value::Object(lrs)) = m.get("learning_rates") {
                if let Some(bad) = lrs.keys().find(|k| k.trim().parse::<i64>().is_err()) {
                    return Err(Error::invalid("config.learning_rates", format!("key {bad:?} is not an epoch number")));
                }
            }
            TypedConfig::from_json(m)
        }
        None => TypedConfig::new(),
        Some(_) => return Err(Error::invalid("config", "must be a JSON object")),
    };
    let pretrain_num_epochs = match obj.get("driver") {
        None | Some(Value::Null) => None,
        Some(Value::Object(d)) => match d.get("pretrain_num_epochs") {
            None | Some(Value::Null) => None,
            Some(k) => Some(k.as_i64().ok_or_else(|| Error::invalid("driver.pretrain_num_epochs", "must be an integer"))?),
        },
        Some(_) => return Err(Error::invalid("driver", "must be a JSON object")),
    };
    let initial_learning_rate_file = match obj.get("initial_learning_rate_file") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(Error::invalid("initial_learning_rate_file", "must be a string")),
    };
    let raw_epochs = obj.get("epochs").and_then(Value::as_array).ok_or_else(|| Error::invalid("epochs", "must be an array"))?;
    let mut epochs = Vec::with_capacity(raw_epochs.len());
    for (i, ep) in raw_epochs.iter().enumerate() {
        let field = |f: &str| format!("epochs[{i}].{f}");
        let epoch = ep.get("epoch").and_then(Value::as_i64).ok_or_else(|| Error::invalid(field("epoch"), "must be an integer"))?;
        let scores = object_items(ep.get("scores").unwrap_or(&Value::Null), &field("scores"))?;
        let meta = object_items(ep.get("meta").unwrap_or(&Value::Null), &field("meta"))?;
        epochs.push(ScenarioEpoch { epoch, scores, meta });
    }
    Ok(Scenario { name, config, pretrain_num_epochs, initial_learning_rate_file, epochs })
}

/// What a scenario run produced (also when RETURNN would have raised).
#[derive(Clone, Debug, PartialEq)]
pub struct ReplayOutcome {
    pub name: String,
    /// The epochs run (the scenario's `epoch` numbers), up to and including a failing one.
    pub epochs: Vec<i64>,
    /// The LR used per epoch (pretraining uses LRs that may differ from the stored ones).
    pub learning_rates: Vec<PyValue>,
    /// The LR stored in the table per epoch, after the epoch.
    pub stored_learning_rates: Vec<PyValue>,
    /// `get_error_key(epoch)` after each epoch.
    pub error_keys: Vec<Option<String>>,
    /// The text of the last save (`None` without `learning_rate_file`, or before the first save).
    pub learning_rate_file: Option<String>,
    /// RETURNN's exception, with `stage` and `epoch`.
    pub error: Option<Error>,
    /// The decision per epoch run (same order as `learning_rates`).
    pub decisions: Vec<Decision>,
    /// The control after the run (`None` if it could not be built).
    pub control: Option<LrControl>,
}

impl ReplayOutcome {
    /// The README's `replay` output line.
    pub fn to_json(&self) -> Value {
        let lrs: Vec<Value> = self.learning_rates.iter().map(py_to_json).collect();
        let file = self.learning_rate_file.clone().map(Value::String).unwrap_or(Value::Null);
        match &self.error {
            None => json!({
                "name": self.name,
                "learning_rates": lrs,
                "stored_learning_rates": self.stored_learning_rates.iter().map(py_to_json).collect::<Vec<_>>(),
                "error_keys": self.error_keys,
                "learning_rate_file": file,
            }),
            Some(e) => {
                let (exc, stage, epoch) = error_parts(e);
                let mut m = Map::new();
                m.insert("name".into(), Value::String(self.name.clone()));
                m.insert("error".into(), Value::String(exc));
                m.insert("error_stage".into(), stage.map(|s| Value::String(s.name().into())).unwrap_or(Value::Null));
                m.insert("error_epoch".into(), epoch.map(Value::from).unwrap_or(Value::Null));
                m.insert("learning_rates".into(), Value::Array(lrs));
                m.insert("learning_rate_file".into(), file);
                Value::Object(m)
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
    fn saved_text(&self, control: &LrControl, epoch: i64) -> Option<String> {
        if !self.saved || control.filename.is_none() {
            return None;
        }
        let mut table = control.epoch_data.clone();
        match &self.saved_entry {
            Some(d) => table.insert(epoch, d.clone()),
            None => table.remove(&epoch),
        };
        Some(write(&table))
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
            learning_rate_file: None,
            error: None,
            decisions: Vec::with_capacity(n),
            control: None,
        },
        saved: false,
        saved_entry: None,
    };
    let mut control = match LrControl::from_config_and_file_text(&s.config, s.initial_learning_rate_file.as_deref()) {
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
            run.out.learning_rate_file = run.saved_text(&control, e);
            run.out.error = Some(err);
            run.out.control = Some(control);
            return run.out;
        }
    }
    run.out.learning_rate_file = control.file_text();
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
