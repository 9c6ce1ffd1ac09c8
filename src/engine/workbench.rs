//! The "teach, replay, compare" workbench as plain data: what the replay, compare and sweep
//! panels of the app show, computed by the real engine (`lr_control::replay_lr_file`), never by
//! a second implementation of the rules.
//!
//! * [`ChunkedLrFile`] — reads a `learning_rate_file` a few epochs at a time (the app calls
//!   [`ChunkedLrFile::step`] once per animation frame and shows the progress).
//! * [`replay`] — recorded vs replayed LRs, the first epoch where they differ, the error key
//!   used and why, and the decision sentence of every epoch.
//! * [`settings_diff`] — which settings differ between two forms (A/B compare).
//! * [`SweepSpec`] / [`run_cell`] — a grid over two settings; each cell replays the scores.
//!
//! Nothing here panics on user input.
use crate::engine::equivalents::{NewbobParams, NewbobScheme};
use crate::engine::lr_control::{explain, replay_lr_file, KeyChoice, KeySource};
use crate::engine::settings::{Factor, LrControlSettings, Number, Scheme};
use crate::returnn::lr_file::{parse, parse_pasted, LrFile};
use crate::returnn::pyvalue::{float_repr, PyValue};
use crate::returnn::typed_config::TypedConfig;

// ------------------------------------------------------------------------------------------------
// Chunked reading
// ------------------------------------------------------------------------------------------------

/// A `learning_rate_file` read in steps. The text is cut at the lines that start an item
/// (`N: EpochData(`); each step parses a group of whole items with the exact reader. If the text
/// is not a plain dict of items (comments around it, an excerpt, a syntax error), [`finish`]
/// falls back to the whole-text reader, whose error is located in the original text.
///
/// [`finish`]: ChunkedLrFile::finish
pub struct ChunkedLrFile {
    text: String,
    /// Byte ranges of the items, in file order.
    items: Vec<(usize, usize)>,
    next: usize,
    file: LrFile,
    /// A group failed (or the layout is not a plain dict): read the whole text at the end.
    fallback: bool,
}

fn item_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 0usize;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let digits = t.strip_prefix('-').unwrap_or(t);
        let n = digits.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 {
            let rest = digits[n..].trim_start();
            if let Some(rest) = rest.strip_prefix(':') {
                if rest.trim_start().starts_with("EpochData(") {
                    out.push(at + (line.len() - t.len()));
                }
            }
        }
        at += line.len();
    }
    out
}

impl ChunkedLrFile {
    pub fn new(text: String) -> ChunkedLrFile {
        let starts = item_starts(&text);
        let head_ok = starts.first().map(|&s| text[..s].trim() == "{").unwrap_or(false);
        let end = text.rfind('}').unwrap_or(0);
        let tail_ok = starts.last().map(|&s| end > s && text[end + 1..].trim().is_empty()).unwrap_or(false);
        let mut items = Vec::with_capacity(starts.len());
        for (i, &s) in starts.iter().enumerate() {
            let e = starts.get(i + 1).copied().unwrap_or(end);
            items.push((s, e));
        }
        let fallback = !(head_ok && tail_ok);
        ChunkedLrFile { text, items, next: 0, file: LrFile::new(), fallback }
    }

    /// Items found in the text (the unit of progress; 1 when the layout needs the fallback).
    pub fn total(&self) -> usize {
        if self.fallback { 1 } else { self.items.len().max(1) }
    }

    /// Items read so far.
    pub fn done(&self) -> usize {
        if self.fallback { 0 } else { self.next }
    }

    pub fn is_done(&self) -> bool {
        self.fallback || self.next >= self.items.len()
    }

    /// Parses whole items totalling at least `budget_bytes` (at least one item). Returns whether
    /// all items have been read.
    pub fn step(&mut self, budget_bytes: usize) -> bool {
        if self.is_done() {
            return true;
        }
        let first = self.next;
        let mut last = first;
        let mut bytes = 0usize;
        while last < self.items.len() && (last == first || bytes < budget_bytes) {
            bytes += self.items[last].1 - self.items[last].0;
            last += 1;
        }
        let (s, e) = (self.items[first].0, self.items[last - 1].1);
        let group = format!("{{{}}}", &self.text[s..e]);
        match parse(&group) {
            Ok(part) => {
                self.file.extend(part);
                self.next = last;
            }
            Err(_) => self.fallback = true,
        }
        self.is_done()
    }

    /// The file (after all steps): the chunked result, or the whole-text reader's result.
    pub fn finish(self) -> Result<LrFile, String> {
        if self.fallback || self.next < self.items.len() {
            return parse_pasted(&self.text).map_err(|e| e.to_string());
        }
        if self.file.is_empty() {
            return Err("no epochs found in the learning_rate_file".into());
        }
        Ok(self.file)
    }
}

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

/// Why RETURNN used this key (spec section 4).
pub fn key_reason(choice: &KeyChoice, config: &TypedConfig) -> String {
    let measure = config.get("learning_rate_control_error_measure").map(PyValue::repr).unwrap_or_default();
    match &choice.source {
        KeySource::OldFormatScore => "the only score is old_format_score (RETURNN rule 3)".into(),
        KeySource::Configured { .. } => format!("configured: learning_rate_control_error_measure = {measure}"),
        KeySource::OutputFallback { .. } => {
            format!("configured {measure} is not in the scores; RETURNN tries it with \"_output\" appended")
        }
        KeySource::Default { rule } => {
            let how = match rule {
                4 => "dev_score, then dev_score_output",
                5 => "the first key dev_score_output/output[_*]",
                6 => "the first key starting with dev_score_output/",
                7 => "the first key starting with dev_ (code-point order)",
                8 => "train_score, then train_score_output",
                _ => "the smallest key (code-point order)",
            };
            let pre = if measure.is_empty() || measure == "None" {
                "not configured".to_string()
            } else {
                format!("configured {measure} not found")
            };
            format!("{pre}; RETURNN's search order (rule {rule}): {how}")
        }
        KeySource::NoEntry => "the epoch has no scores; the configured measure as is".into(),
    }
}

fn same_lr(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Replays the file's scores under `config` (a fresh history, as RETURNN from scratch).
pub fn replay(config: &TypedConfig, file: &LrFile) -> ReplayView {
    let out = replay_lr_file("replay", config, file);
    let epochs: Vec<i64> = file.keys().copied().collect();
    let recorded: Vec<f64> = file.values().map(|d| d.lr()).collect();
    let replayed: Vec<Option<f64>> = (0..epochs.len())
        .map(|i| out.learning_rates.get(i).and_then(PyValue::as_py_float))
        .collect();
    let first_divergence = epochs
        .iter()
        .zip(recorded.iter().zip(&replayed))
        .find(|(_, (r, p))| !p.is_some_and(|p| same_lr(**r, p)))
        .map(|(e, _)| *e);
    let mut score_keys: Vec<String> = file.values().flat_map(|d| d.error.iter().map(|(k, _)| k.clone())).collect();
    score_keys.sort();
    score_keys.dedup();
    // The key of the last epoch with scores, as RETURNN chose it.
    let choice = out.control.as_ref().and_then(|c| {
        epochs.iter().rev().find_map(|e| c.error_key_choice(*e).ok().flatten().filter(|k| k.source != KeySource::NoEntry))
    });
    let (error_key, reason) = match &choice {
        Some(k) => (Some(k.key.clone()), key_reason(k, config)),
        None => (None, "no epoch has scores".to_string()),
    };
    let key_scores = match &error_key {
        Some(k) => file
            .iter()
            .filter_map(|(e, d)| d.error.iter().find(|(n, _)| n == k).and_then(|(_, v)| v.as_py_float()).map(|v| (*e, v)))
            .collect(),
        None => Vec::new(),
    };
    let sentences = out.decisions.iter().map(|d| (d.epoch, explain(d))).collect();
    let error = out.error.as_ref().map(|e| e.to_string());
    ReplayView {
        matches: first_divergence.is_none() && error.is_none(),
        epochs,
        recorded,
        replayed,
        first_divergence,
        error_key,
        key_reason: reason,
        sentences,
        score_keys,
        key_scores,
        error,
    }
}

// ------------------------------------------------------------------------------------------------
// A/B compare
// ------------------------------------------------------------------------------------------------

/// One setting that differs between A and B (`None` = not set, RETURNN's default applies).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingDiff {
    pub key: String,
    pub a: Option<String>,
    pub b: Option<String>,
}

/// The settings whose text differs between two `(key, text)` lists (blank = unset), sorted by key.
pub fn settings_diff(a: &[(String, String)], b: &[(String, String)]) -> Vec<SettingDiff> {
    let get = |l: &[(String, String)], k: &str| {
        l.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty())
    };
    let mut keys: Vec<&str> = a.iter().chain(b).map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let (va, vb) = (get(a, k), get(b, k));
            (va != vb).then(|| SettingDiff { key: k.to_string(), a: va, b: vb })
        })
        .collect()
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
pub struct SweepSpec {
    pub x_key: String,
    pub x_values: Vec<f64>,
    pub y_key: String,
    pub y_values: Vec<f64>,
}

impl SweepSpec {
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
pub fn run_cell(base: &TypedConfig, spec: &SweepSpec, xi: usize, yi: usize, file: &LrFile) -> Option<f64> {
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
