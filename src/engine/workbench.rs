//! UI glue of the replay and frameworks panels, as plain data: a thin view over
//! [`crate::engine::replay`] (recorded vs replayed LRs, first divergence, the error key and why,
//! the decision sentences) and the newbob parameters the framework equivalents start from.
//! Sweeps are [`crate::engine::sweep`]. Every number comes from the real LR control.
//!
//! Nothing here panics on user input.
use crate::engine::equivalents::{NewbobParams, NewbobScheme};
use crate::engine::lr_control::explain;
use crate::engine::replay::{default_error_key, error_keys, recorded, replay_with_config, ReplayResult};
use crate::engine::settings::{Factor, LrControlSettings, Number, Scheme};
use crate::engine::lr_control::LrFile;
use crate::py::value::PyValue;
use crate::py::typed_config::TypedConfig;

// ------------------------------------------------------------------------------------------------
// Replay
// ------------------------------------------------------------------------------------------------

/// A replay of a recorded run under some settings: the engine's [`ReplayResult`] (recorded vs
/// replayed LRs, first divergence, decisions, error) plus the error-key facts the replay panel
/// shows. It reads as the result (`Deref`), so there is one set of replay fields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplayView {
    /// The replay itself.
    pub result: ReplayResult,
    /// The error key used for the decisions, and why.
    pub error_key: Option<String>,
    /// Why RETURNN picks `error_key` ([`crate::engine::replay::key_reason`] of its first epoch).
    pub key_reason: String,
    /// The score keys found in the file (sorted) and the chosen key's score per epoch.
    pub score_keys: Vec<String>,
    /// `(epoch, score)` of `error_key` for the epochs that have a numeric value for it.
    pub key_scores: Vec<(i64, f64)>,
    /// For a modern run (`:meta:effective_learning_rate` recorded): the recorded effective LRs
    /// against the config's step schedule at each recorded step.
    pub step: Option<crate::engine::step_replay::StepReplay>,
}

impl std::ops::Deref for ReplayView {
    type Target = ReplayResult;
    fn deref(&self) -> &ReplayResult {
        &self.result
    }
}

impl ReplayView {
    /// The sentence explaining an epoch's LR.
    pub fn sentence(&self, epoch: i64) -> Option<String> {
        self.decisions.iter().find(|d| d.epoch == epoch).map(explain)
    }
}

/// Replays the file's scores under `config` (a fresh history, as RETURNN from scratch).
pub fn replay(config: &TypedConfig, file: &LrFile) -> ReplayView {
    let result = replay_with_config(file, config, None);
    let rec = recorded(file);
    let measure = config.get("learning_rate_control_error_measure").cloned().unwrap_or(PyValue::None);
    let pick = default_error_key(&error_keys(file, &measure));
    let error_key = pick.as_ref().and_then(|p| p.choice.as_ref().map(|c| c.key.clone()));
    let key_reason = pick.map(|p| p.reason).unwrap_or_else(|| "no epoch has scores".to_string());
    let key_scores = error_key
        .as_deref()
        .and_then(|k| rec.series(k))
        .map(|s| rec.epochs.iter().zip(&s.values).filter_map(|(e, v)| Some((*e, (*v)?))).collect())
        .unwrap_or_default();
    let mut score_keys: Vec<String> = rec.scores.iter().map(|s| s.key.clone()).collect();
    crate::engine::sort::sort(&mut score_keys);
    let step = crate::engine::step_replay::effective_points(file)
        .map(|points| crate::engine::step_replay::replay_with_config(&points, &result.replayed_lr, config));
    ReplayView { result, error_key, key_reason, score_keys, key_scores, step }
}

// ------------------------------------------------------------------------------------------------
// Framework equivalents
// ------------------------------------------------------------------------------------------------

/// The newbob settings the framework equivalents start from, or `None` for `constant` (there is
/// nothing to translate). A factor of `None` maps to "no change" (1.0).
pub fn newbob_params(c: &LrControlSettings) -> Option<NewbobParams> {
    let scheme = match c.scheme {
        Scheme::Constant => return None,
        Scheme::NewbobAbs => NewbobScheme::NewbobAbs,
        Scheme::NewbobMultiEpoch => NewbobScheme::NewbobMultiEpoch,
        _ => NewbobScheme::NewbobRel,
    };
    let factor = |f: Factor| match f {
        Factor::None => 1.0,
        Factor::Value(n) => n.as_f64(),
    };
    let d = NewbobParams::default();
    Some(NewbobParams {
        scheme,
        learning_rate: c.learning_rate.as_f64(),
        decay: factor(c.effective_decay()),
        growth: factor(c.effective_growth()),
        relative_error_threshold: c.newbob_relative_error_threshold.map_or(d.relative_error_threshold, Number::as_f64),
        error_threshold: c.newbob_error_threshold.map_or(d.error_threshold, Number::as_f64),
        grow_threshold: c.newbob_relative_error_grow_threshold.map(Number::as_f64),
        min_learning_rate: c.min_learning_rate.map_or(d.min_learning_rate, Number::as_f64),
        min_num_epochs_per_new_lr: c.min_num_epochs_per_new_lr.unwrap_or(d.min_num_epochs_per_new_lr),
        multi_num_epochs: c.newbob_multi_num_epochs.unwrap_or(d.multi_num_epochs),
        multi_update_interval: c.newbob_multi_update_interval,
        div_by_old: c.newbob_relative_error_div_by_old.unwrap_or(false),
        relative_lr: c.relative_error_relative_lr.unwrap_or(false),
        score_scale: None,
    })
}
