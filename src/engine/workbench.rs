//! What the replay and sweep panels of the app show, as plain data: a thin view over
//! [`crate::engine::replay`] (recorded vs replayed LRs, first divergence, the error key and why,
//! the decision sentences) plus one sweep outcome of its own: how much of a recorded run a pair
//! of settings reproduces. Every number comes from the real LR control.
//!
//! Nothing here panics on user input.
use crate::engine::equivalents::{NewbobParams, NewbobScheme};
use crate::engine::replay::{default_error_key, error_keys, recorded, replay_with_config};
use crate::engine::settings::{Factor, LrControlSettings, Number, Scheme};
use crate::returnn::lr_file::LrFile;
use crate::returnn::pyvalue::{float_repr, PyValue};
use crate::returnn::typed_config::TypedConfig;

// ------------------------------------------------------------------------------------------------
// Replay
// ------------------------------------------------------------------------------------------------

/// A replay of a recorded run under some settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplayView {
    pub epochs: Vec<i64>,
    /// The `learningRate` recorded in the file per epoch.
    pub recorded: Vec<f64>,
    /// The LR the settings give per epoch (`None` after RETURNN would have raised).
    pub replayed: Vec<Option<f64>>,
    /// The first epoch whose replayed LR differs (bitwise) from the recorded one.
    pub first_divergence: Option<i64>,
    pub matches: bool,
    /// The error key used for the decisions, and why.
    pub error_key: Option<String>,
    pub key_reason: String,
    /// The decision sentence per epoch.
    pub sentences: Vec<(i64, String)>,
    /// The score keys found in the file (sorted) and the chosen key's score per epoch.
    pub score_keys: Vec<String>,
    pub key_scores: Vec<(i64, f64)>,
    /// What RETURNN would have raised.
    pub error: Option<String>,
}

impl ReplayView {
    /// The sentence explaining an epoch's LR.
    pub fn sentence(&self, epoch: i64) -> Option<&str> {
        self.sentences.iter().find(|(e, _)| *e == epoch).map(|(_, s)| s.as_str())
    }
}

/// Replays the file's scores under `config` (a fresh history, as RETURNN from scratch).
pub fn replay(config: &TypedConfig, file: &LrFile) -> ReplayView {
    let r = replay_with_config(file, config, None);
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
    score_keys.sort();
    ReplayView {
        sentences: r.decisions.iter().map(|d| d.epoch).zip(r.explanations).collect(),
        epochs: r.epochs,
        recorded: r.recorded_lr,
        replayed: r.replayed_lr,
        first_divergence: r.first_divergence,
        matches: r.matches,
        error_key,
        key_reason,
        score_keys,
        key_scores,
        error: r.error_message,
    }
}

// ------------------------------------------------------------------------------------------------
// Sweep
// ------------------------------------------------------------------------------------------------

/// The float settings a sweep can vary, with the range it spans.
pub const SWEEP_KEYS: &[(&str, &str)] = &[
    ("learning_rate", "log"),
    ("newbob_learning_rate_decay", "decay"),
    ("newbob_relative_error_threshold", "threshold"),
    ("newbob_error_threshold", "threshold"),
    ("min_learning_rate", "log"),
    ("newbob_learning_rate_growth", "growth"),
];

/// `n` values for `key` around `center` (the current value): a log range ×/÷ 10 for LRs, fixed
/// ranges for factors and thresholds. Values are rounded to 4 significant digits (readable in a
/// form) and always include `center` when it is in range.
pub fn axis_values(key: &str, center: f64, n: usize) -> Vec<f64> {
    let n = n.clamp(2, 64);
    let kind = SWEEP_KEYS.iter().find(|(k, _)| *k == key).map(|(_, r)| *r).unwrap_or("linear");
    let lin = |lo: f64, hi: f64| (0..n).map(move |i| lo + (hi - lo) * i as f64 / (n - 1) as f64);
    let mut v: Vec<f64> = match kind {
        "log" => {
            let c = if center.is_finite() && center > 0.0 { center } else { 1e-3 };
            let (lo, hi) = (libm::log10(c) - 1.0, libm::log10(c) + 1.0);
            lin(lo, hi).map(|x| libm::pow(10.0, x)).collect()
        }
        "decay" => lin(0.3, 0.95).collect(),
        "threshold" => lin(-0.05, 0.0).collect(),
        "growth" => lin(1.0, 1.5).collect(),
        _ => {
            let c = if center.is_finite() { center } else { 0.0 };
            lin(c - c.abs().max(1.0), c + c.abs().max(1.0)).collect()
        }
    };
    for x in &mut v {
        *x = round_sig(*x);
    }
    // Put the current value on the grid (replacing its nearest neighbour).
    if center.is_finite() && kind != "log" {
        if let (Some(&lo), Some(&hi)) = (v.first(), v.last()) {
            if center >= lo && center <= hi {
                if let Some(i) = (0..v.len()).min_by(|&i, &j| (v[i] - center).abs().total_cmp(&(v[j] - center).abs())) {
                    v[i] = center;
                }
            }
        }
    } else if center.is_finite() && center > 0.0 {
        let mid = n / 2;
        v[mid] = center;
    }
    v
}

/// Four significant digits (a readable value for the form).
pub fn round_sig(v: f64) -> f64 {
    format!("{v:.3e}").parse::<f64>().ok().filter(|x| x.is_finite()).unwrap_or(v)
}

/// A sweep over two settings on one recorded run.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplaySweep {
    pub x_key: String,
    pub x_values: Vec<f64>,
    pub y_key: String,
    pub y_values: Vec<f64>,
}

impl ReplaySweep {
    pub fn cells(&self) -> usize {
        self.x_values.len() * self.y_values.len()
    }
    /// Cell `i` (row-major: y outer, x inner) → `(xi, yi)`.
    pub fn cell(&self, i: usize) -> Option<(usize, usize)> {
        let w = self.x_values.len();
        (w > 0 && i < self.cells()).then(|| (i % w, i / w))
    }
}

/// The value of one sweep cell: the fraction of the file's epochs whose recorded LR the settings
/// reproduce before the first divergence (1.0 = the whole run). `None` when RETURNN would raise
/// on the first epoch.
pub fn run_cell(base: &TypedConfig, spec: &ReplaySweep, xi: usize, yi: usize, file: &LrFile) -> Option<f64> {
    let (x, y) = (*spec.x_values.get(xi)?, *spec.y_values.get(yi)?);
    let cfg = base.clone().with(&spec.x_key, PyValue::Float(x)).with(&spec.y_key, PyValue::Float(y));
    let v = replay(&cfg, file);
    if v.epochs.is_empty() {
        return None;
    }
    let good = match v.first_divergence {
        None => v.epochs.len(),
        Some(d) => v.epochs.iter().position(|e| *e == d).unwrap_or(0),
    };
    Some(good as f64 / v.epochs.len() as f64)
}

/// A value as the form shows it (Python repr).
pub fn form_text(v: f64) -> String {
    float_repr(v)
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
