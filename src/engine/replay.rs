//! "Replay a real run": a parsed `learning_rate_file` ([`LrFile`]) shown as recorded (LRs, every
//! score key, the error key RETURNN picks per epoch and why), replayed under other LR-control
//! settings through the real control ([`run_scenario`](crate::engine::lr_control::run_scenario)),
//! compared bit for bit with the recorded LRs, and — [`guess_settings`] — settings that recreate
//! the file, each verified by a replay.
use crate::py::error::Error;
use crate::engine::lr_control::{explain, replay_lr_file, Decision, KeyChoice, KeySource, LrControl, Scheme as CtlScheme};
use crate::engine::settings::{Factor, LearningRates, Number, Scheme, Settings};
use crate::engine::lr_control::LrFile;
use crate::py::value::PyValue;
use crate::py::typed_config::TypedConfig;
use serde::Serialize;

/// The config key that picks the error key.
pub const ERROR_MEASURE_KEY: &str = "learning_rate_control_error_measure";

// ---------------------------------------------------------------------------------------------
// What the file recorded

/// One score key's values over the epochs (`None` where an epoch lacks the key or its value is
/// not a number).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreSeries {
    /// The score key (`"dev_score_output"`).
    pub key: String,
    /// One value per epoch of the file, in epoch order.
    pub values: Vec<Option<f64>>,
}

/// The recorded run: epochs in order, their LRs and every score key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recorded {
    /// The file's epochs, ascending.
    pub epochs: Vec<i64>,
    /// The stored LR per epoch as float64 (numpy scalars by value).
    pub learning_rates: Vec<f64>,
    /// Python repr of each stored LR (`np.float64(0.001)` stays as written back).
    pub learning_rate_reprs: Vec<String>,
    /// One series per score key, keys in order of first appearance.
    pub scores: Vec<ScoreSeries>,
    /// The `:meta:` keys seen, in order of first appearance.
    pub meta_keys: Vec<String>,
}

impl Recorded {
    /// The series of one key.
    pub fn series(&self, key: &str) -> Option<&ScoreSeries> {
        self.scores.iter().find(|s| s.key == key)
    }
}

/// The recorded LRs and scores of a file.
pub fn recorded(file: &LrFile) -> Recorded {
    let mut scores: Vec<ScoreSeries> = Vec::new();
    let mut meta_keys: Vec<String> = Vec::new();
    let n = file.len();
    for (i, d) in file.values().enumerate() {
        for (k, v) in &d.error {
            let idx = match scores.iter().position(|s| s.key == *k) {
                Some(p) => p,
                None => {
                    scores.push(ScoreSeries { key: k.to_string(), values: vec![None; n] });
                    scores.len() - 1
                }
            };
            if let Some(slot) = scores.get_mut(idx).and_then(|s| s.values.get_mut(i)) {
                *slot = v.as_py_float();
            }
        }
        for (k, _) in &d.meta {
            if !meta_keys.iter().any(|m| m == k) {
                meta_keys.push(k.to_string());
            }
        }
    }
    Recorded {
        epochs: file.keys().copied().collect(),
        learning_rates: file.values().map(|d| d.lr()).collect(),
        learning_rate_reprs: file.values().map(|d| d.learning_rate.repr()).collect(),
        scores,
        meta_keys,
    }
}

// ---------------------------------------------------------------------------------------------
// The error key RETURNN picks

/// The error key of one epoch, how RETURNN found it, and that as a sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyPick {
    /// The file's epoch number.
    pub epoch: i64,
    /// The key `get_error_key(epoch)` gives and the rule that found it (`None`: no scores, or
    /// the look-up raised).
    pub choice: Option<KeyChoice>,
    /// [`key_reason`] as a sentence (or why there is no key).
    pub reason: String,
    /// What RETURNN would raise looking the key up (e.g. a non-str entry in the measure list).
    pub error: Option<String>,
}

fn measure_keys(measure: &PyValue) -> Vec<String> {
    match measure {
        PyValue::Str(s) => vec![s.clone()],
        PyValue::List(items) | PyValue::Tuple(items) => items.iter().map(|v| v.repr()).collect(),
        _ => Vec::new(),
    }
}

/// Why RETURNN chose `choice` (spec section 4), given the configured measure.
pub fn key_reason(choice: &KeyChoice, measure: &PyValue) -> String {
    let configured = measure_keys(measure);
    let not_found = if configured.is_empty() {
        "no learning_rate_control_error_measure is set".to_string()
    } else {
        format!("learning_rate_control_error_measure {} is not among the scores", measure.repr())
    };
    match &choice.source {
        KeySource::OldFormatScore => "the only score is old_format_score (a file in the old format)".into(),
        KeySource::Configured { index: 0 } => format!("learning_rate_control_error_measure names {}", choice.key),
        KeySource::Configured { index } => {
            format!("entry {index} of learning_rate_control_error_measure (the earlier ones are not among the scores)")
        }
        KeySource::OutputFallback { .. } => format!(
            "learning_rate_control_error_measure {} is not among the scores, but {} (with _output appended) is",
            measure.repr(),
            choice.key
        ),
        KeySource::Default { rule } => {
            let how = match rule {
                4 => "RETURNN's default: dev_score if present, else dev_score_output",
                5 => "RETURNN's default search: no dev_score(_output); dev_score_output/output(_*) comes next",
                6 => "RETURNN's default search: the first key (sorted) starting with dev_score_output/",
                7 => "RETURNN's default search: the first key (sorted) starting with dev_",
                8 => "RETURNN's default search: no dev_ key, so train_score or train_score_output",
                _ => "RETURNN's default search: no dev_ or train_score key, so the smallest key (sorted)",
            };
            format!("{not_found}; {how}")
        }
        KeySource::NoEntry => "the epoch has no entry: the configured measure is returned as is".into(),
    }
}

/// The control RETURNN would key-search with: the file's table and the configured measure.
fn key_control(file: &LrFile, measure: &PyValue) -> LrControl {
    let mut c = LrControl::with_scheme(CtlScheme::Constant, 1.0);
    c.error_measure = measure.clone();
    c.epoch_data = file.clone();
    c
}

/// The error key RETURNN picks for every epoch of the file under `measure` (`PyValue::None` for
/// no `learning_rate_control_error_measure`), with the reason. Uses the control's own key code.
pub fn error_keys(file: &LrFile, measure: &PyValue) -> Vec<KeyPick> {
    let c = key_control(file, measure);
    file.keys()
        .map(|&epoch| match c.error_key_choice(epoch) {
            Ok(Some(choice)) => {
                let reason = key_reason(&choice, measure);
                KeyPick { epoch, choice: Some(choice), reason, error: None }
            }
            Ok(None) => KeyPick { epoch, choice: None, reason: "the epoch has no scores".into(), error: None },
            Err(e) => KeyPick { epoch, choice: None, reason: "RETURNN raises looking the key up".into(), error: Some(e.to_string()) },
        })
        .collect()
}

/// The key RETURNN uses for most epochs (ties: the earliest), as the default of a key picker,
/// with the reason of its first epoch.
pub fn default_error_key(picks: &[KeyPick]) -> Option<KeyPick> {
    let mut counts: Vec<(&str, usize, &KeyPick)> = Vec::new();
    for p in picks {
        let Some(c) = &p.choice else { continue };
        match counts.iter_mut().find(|(k, _, _)| *k == c.key) {
            Some(slot) => slot.1 += 1,
            None => counts.push((&c.key, 1, p)),
        }
    }
    let best = counts.iter().map(|x| x.1).max()?;
    counts.into_iter().find(|x| x.1 == best).map(|x| x.2.clone())
}

/// Epochs whose key differs from the previous epoch's (newbob does not compare across keys).
pub fn key_changes(picks: &[KeyPick]) -> Vec<i64> {
    picks
        .windows(2)
        .filter(|w| w[0].choice.as_ref().map(|c| &c.key) != w[1].choice.as_ref().map(|c| &c.key))
        .map(|w| w[1].epoch)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Replay

/// A replay of a file's scores under some settings, against the recorded LRs.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReplayResult {
    /// The file's epochs, ascending.
    pub epochs: Vec<i64>,
    /// The LR the file stores per epoch (`learningRate`, as float64).
    pub recorded_lr: Vec<f64>,
    /// The LR RETURNN would have used; `None` from an epoch where it raised on.
    pub replayed_lr: Vec<Option<f64>>,
    /// The decision per replayed epoch ([`ReplayResult::explanation`] says it in words, built on
    /// demand: the sentences of a 2 000-epoch file cost as much as the replay itself).
    pub decisions: Vec<Decision>,
    /// `get_error_key(epoch)` after each replayed epoch.
    pub error_keys: Vec<Option<String>>,
    /// The first epoch whose replayed LR is not bitwise the recorded one (or was not replayed).
    pub first_divergence: Option<i64>,
    /// Every recorded LR reproduced exactly and nothing raised: "matches the recorded run".
    pub matches: bool,
    /// What RETURNN would raise (with stage and epoch).
    #[serde(skip)]
    pub error: Option<Error>,
    /// `error` as text.
    pub error_message: Option<String>,
}

impl ReplayResult {
    /// [`explain`] of the `i`-th decision.
    pub fn explanation(&self, i: usize) -> Option<String> {
        self.decisions.get(i).map(explain)
    }

    /// [`explain`] of every decision.
    pub fn explanations(&self) -> Vec<String> {
        self.decisions.iter().map(explain).collect()
    }

    /// Epochs where the replayed LR differs from the recorded one.
    pub fn divergent_epochs(&self) -> Vec<i64> {
        self.epochs
            .iter()
            .zip(self.recorded_lr.iter().zip(&self.replayed_lr))
            .filter(|(_, (r, p))| !same_bits(**r, **p))
            .map(|(e, _)| *e)
            .collect()
    }
}

fn same_bits(recorded: f64, replayed: Option<f64>) -> bool {
    replayed.is_some_and(|p| p.to_bits() == recorded.to_bits())
}

/// The LR-control config of `settings` (no `learning_rate_file`: a replay never resumes).
pub fn replay_config(settings: &Settings) -> TypedConfig {
    let mut cfg = TypedConfig::new();
    for (k, v) in settings.lr_control_config() {
        if k != "learning_rate_file" {
            cfg.set(&k, v);
        }
    }
    cfg
}

/// Replays the file's scores under `settings` (LR-control part), optionally forcing the error
/// key (`learning_rate_control_error_measure = key`).
pub fn replay(file: &LrFile, settings: &Settings, key_override: Option<&str>) -> ReplayResult {
    replay_with_config(file, &replay_config(settings), key_override)
}

/// [`replay`] with a RETURNN config.
pub fn replay_with_config(file: &LrFile, config: &TypedConfig, key_override: Option<&str>) -> ReplayResult {
    let mut cfg = config.clone();
    if let Some(k) = key_override {
        cfg.set(ERROR_MEASURE_KEY, PyValue::Str(k.to_string()));
    }
    let out = replay_lr_file("replay", &cfg, file);
    let epochs: Vec<i64> = file.keys().copied().collect();
    let recorded_lr: Vec<f64> = file.values().map(|d| d.lr()).collect();
    let mut replayed_lr: Vec<Option<f64>> = out.learning_rates.iter().map(PyValue::as_py_float).collect();
    // An epoch that raised before its LR was known has none.
    replayed_lr.truncate(epochs.len());
    replayed_lr.resize(epochs.len(), None);
    let first_divergence = epochs
        .iter()
        .zip(recorded_lr.iter().zip(&replayed_lr))
        .find(|(_, (r, p))| !same_bits(**r, **p))
        .map(|(e, _)| *e);
    let matches = out.error.is_none() && first_divergence.is_none();
    ReplayResult {
        decisions: out.decisions,
        error_keys: out.error_keys,
        epochs,
        recorded_lr,
        replayed_lr,
        first_divergence,
        matches,
        error_message: out.error.as_ref().map(|e| e.to_string()),
        error: out.error,
    }
}

// ---------------------------------------------------------------------------------------------
// Guessing settings that recreate a file

/// Settings that reproduce every recorded LR of a file (verified by a replay).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Guess {
    /// The settings (LR-control part), whose replay reproduces every recorded LR bitwise.
    pub settings: Settings,
    /// e.g. `newbob: learning_rate 0.0001, decay 0.8, min_learning_rate 1e-06`.
    pub description: String,
}

/// At most this many matching guesses are returned.
pub const MAX_GUESSES: usize = 8;

/// Candidate factors for the observed ratios: each ratio as is and rounded to 1–6 significant
/// digits (config values are short decimals; `1e-4 * 0.8` is `8.000000000000001e-05`).
fn factor_candidates(ratios: &[f64]) -> Vec<f64> {
    let mut counted: Vec<(f64, usize)> = Vec::new();
    for &r in ratios {
        for digits in 1..=6 {
            let c = round_sig(r, digits);
            match counted.iter_mut().find(|(x, _)| x.to_bits() == c.to_bits()) {
                Some(slot) => slot.1 += 1,
                None => counted.push((c, 1)),
            }
        }
        if !counted.iter().any(|(x, _)| x.to_bits() == r.to_bits()) {
            counted.push((r, 1));
        }
    }
    crate::engine::sort::sort_by_key(&mut counted, |c| std::cmp::Reverse(c.1));
    counted.into_iter().map(|(x, _)| x).filter(|x| x.is_finite() && *x > 0.0).take(6).collect()
}

/// How many different ratios (to 6 significant digits) there are.
fn distinct_ratios(ratios: &[f64]) -> usize {
    let mut seen: Vec<u64> = ratios.iter().map(|r| round_sig(*r, 6).to_bits()).collect();
    crate::engine::sort::sort(&mut seen);
    seen.dedup();
    seen.len()
}

/// `x` rounded to `digits` significant decimal digits (via its decimal text, so 0.8 is 0.8).
pub(crate) fn round_sig(x: f64, digits: usize) -> f64 {
    format!("{:.*e}", digits.saturating_sub(1), x).parse::<f64>().unwrap_or(x)
}

fn describe(s: &Settings) -> String {
    let c = &s.lr_control;
    let mut parts = vec![format!("learning_rate {}", c.learning_rate)];
    if let Some(LearningRates::List(v)) = &c.learning_rates {
        parts.push(format!("learning_rates list of {}", v.len()));
    }
    if let Some(LearningRates::Dict(v)) = &c.learning_rates {
        parts.push(format!("learning_rates dict of {}", v.len()));
    }
    if let Some(Factor::Value(d)) = c.newbob_learning_rate_decay {
        parts.push(format!("decay {d}"));
    }
    if let Some(Factor::Value(g)) = c.newbob_learning_rate_growth {
        parts.push(format!("growth {g}"));
    }
    if let Some(m) = c.min_learning_rate {
        parts.push(format!("min_learning_rate {m}"));
    }
    if let Some(n) = c.newbob_multi_num_epochs {
        parts.push(format!("num_epochs {n}"));
    }
    if let Some(n) = c.newbob_multi_update_interval {
        parts.push(format!("update_interval {n}"));
    }
    if let Some(n) = c.min_num_epochs_per_new_lr {
        parts.push(format!("min_num_epochs_per_new_lr {n}"));
    }
    if let Some(t) = c.newbob_relative_error_threshold.or(c.newbob_error_threshold) {
        parts.push(format!("threshold {t}"));
    }
    format!("{}: {}", c.scheme.name(), parts.join(", "))
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

/// The fixed-list candidate: `constant` with `learning_rates` = the recorded LRs up to the last
/// change (later epochs carry the last LR forward), a list for epochs 1..n, else a dict.
fn fixed_list(file: &LrFile) -> Option<Settings> {
    let items: Vec<(i64, f64)> = file.iter().map(|(e, d)| (*e, d.lr())).collect();
    let first = items.first()?;
    let last_change = items.windows(2).rposition(|w| w[0].1.to_bits() != w[1].1.to_bits()).map_or(0, |i| i + 1);
    let kept = &items[..=last_change];
    let contiguous = kept.iter().enumerate().all(|(i, (e, _))| *e == i as i64 + 1);
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::Constant;
    s.lr_control.learning_rate = Number::Float(first.1);
    s.lr_control.learning_rates = Some(if contiguous {
        LearningRates::List(kept.iter().map(|(_, lr)| Number::Float(*lr)).collect())
    } else {
        LearningRates::Dict(kept.iter().map(|(e, lr)| (*e, Number::Float(*lr))).collect())
    });
    Some(s)
}

/// Replays only the first epochs (an LR depends only on earlier epochs, so a mismatch there is
/// a mismatch of the whole file), then the whole file.
fn reproduces(file: &LrFile, s: &Settings) -> bool {
    const PREFIX: usize = 40;
    if file.len() > PREFIX {
        let prefix: LrFile = file.iter().take(PREFIX).map(|(e, d)| (*e, d.clone())).collect();
        if !replay(&prefix, s, None).matches {
            return false;
        }
    }
    replay(file, s, None).matches
}

/// One newbob-family candidate.
struct Candidate {
    scheme: Scheme,
    initial: f64,
    warmup: Option<Vec<f64>>,
    decay: Option<f64>,
    grow: Option<f64>,
    min: Option<f64>,
    hold: Option<i64>,
    multi: Option<i64>,
    /// `None`: RETURNN's default (−0.01).
    threshold: Option<f64>,
}

/// Thresholds tried by [`guess_settings`], RETURNN's default (`None`) first.
const GUESS_THRESHOLDS: [Option<f64>; 8] =
    [None, Some(0.0), Some(-0.001), Some(-0.005), Some(-0.02), Some(-0.05), Some(-0.1), Some(0.01)];

impl Candidate {
    fn settings(&self) -> Settings {
        let mut s = Settings::default();
        let c = &mut s.lr_control;
        c.scheme = self.scheme;
        c.learning_rate = Number::Float(self.initial);
        c.learning_rates = self.warmup.as_ref().map(|w| LearningRates::List(w.iter().map(|x| Number::Float(*x)).collect()));
        c.newbob_learning_rate_decay = self.decay.map(|d| Factor::Value(Number::Float(d)));
        c.newbob_learning_rate_growth = self.grow.map(|g| Factor::Value(Number::Float(g)));
        c.min_learning_rate = self.min.map(Number::Float);
        c.min_num_epochs_per_new_lr = self.hold;
        if let Some(k) = self.multi {
            c.newbob_multi_num_epochs = Some(k);
            c.newbob_multi_update_interval = Some(k);
        }
        let t = self.threshold.map(Number::Float);
        if self.scheme == Scheme::NewbobAbs {
            c.newbob_error_threshold = t;
        } else {
            c.newbob_relative_error_threshold = t;
        }
        s
    }
}

/// Settings that recreate the file's LRs: `constant` when the LR never changes; newbob /
/// newbob_abs / newbob_multi_epoch with the recorded initial LR, decay and growth factors
/// inferred from the LR ratios (rounded to short decimals), the smallest LR (rounded) as
/// `min_learning_rate` for clamps, a hold from the shortest LR run, a warm-up `learning_rates`
/// list for an increasing start; and, when none of those reproduce the file, a fixed
/// `learning_rates` list. Only candidates whose replay matches every recorded LR are returned
/// (simplest first, at most [`MAX_GUESSES`]).
pub fn guess_settings(file: &LrFile) -> Vec<Guess> {
    let items: Vec<(i64, f64)> = file.iter().map(|(e, d)| (*e, d.lr())).collect();
    let mut out: Vec<Guess> = Vec::new();
    let push = |s: Settings, out: &mut Vec<Guess>| {
        if out.len() < MAX_GUESSES && !out.iter().any(|g| g.settings == s) && reproduces(file, &s) {
            out.push(Guess { description: describe(&s), settings: s });
        }
    };
    let Some(&(_, initial)) = items.first() else { return out };
    let usable = initial.is_finite() && initial > 0.0 && items.iter().all(|(_, lr)| lr.is_finite() && *lr > 0.0);
    if usable && items.iter().all(|(_, lr)| lr.to_bits() == initial.to_bits()) {
        let mut s = Settings::default();
        s.lr_control.learning_rate = Number::Float(initial);
        push(s, &mut out);
    }
    if usable {
        // A warm-up: the LR rises over the first epochs (then the scheme takes over).
        let rise = items.windows(2).take_while(|w| w[1].1 > w[0].1).count();
        let mut starts: Vec<(f64, Option<Vec<f64>>, usize)> = vec![(initial, None, 0)];
        if rise >= 1 {
            let warm: Vec<f64> = items.iter().take(rise + 1).map(|x| x.1).collect();
            let peak = warm.last().copied().unwrap_or(initial);
            starts.push((peak, Some(warm), rise + 1));
        }
        for (start_lr, warmup, skip) in starts {
            let rest = &items[skip.min(items.len())..];
            let changes: Vec<(i64, f64)> = items[skip.saturating_sub(1).min(items.len())..]
                .windows(2)
                .filter(|w| w[0].1.to_bits() != w[1].1.to_bits())
                .map(|w| (w[1].0, w[1].1 / w[0].1))
                .collect();
            if warmup.is_some() && rest.is_empty() {
                continue;
            }
            let decays: Vec<f64> = changes.iter().map(|c| c.1).filter(|r| *r < 1.0).collect();
            let grows: Vec<f64> = changes.iter().map(|c| c.1).filter(|r| *r > 1.0).collect();
            // The newbob family changes the LR by one decay factor (plus at most one clamp) and
            // one growth factor: many different ratios are a schedule it cannot make.
            if distinct_ratios(&decays) > 2 || distinct_ratios(&grows) > 1 {
                continue;
            }
            let mut decay_opts: Vec<Option<f64>> = factor_candidates(&decays).into_iter().map(Some).collect();
            if decay_opts.is_empty() {
                decay_opts.push(None);
            }
            let mut grow_opts: Vec<Option<f64>> = vec![None];
            grow_opts.extend(factor_candidates(&grows).into_iter().take(3).map(Some));
            let mut min_opts: Vec<Option<f64>> = vec![None];
            if !decays.is_empty() {
                let smallest = rest.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
                for digits in 1..=3 {
                    let m = round_sig(smallest, digits);
                    if !min_opts.contains(&Some(m)) {
                        min_opts.push(Some(m));
                    }
                }
                if !min_opts.contains(&Some(smallest)) {
                    min_opts.push(Some(smallest));
                }
            }
            let change_epochs: Vec<i64> = changes.iter().map(|c| c.0).collect();
            let mut hold_opts = vec![None];
            if let Some(r) = change_epochs.windows(2).map(|w| w[1] - w[0]).min().filter(|r| *r > 1) {
                hold_opts.push(Some(r));
            }
            // newbob_multi_epoch decides at epochs 1 + k·interval.
            let interval = change_epochs.iter().fold(0, |g, e| gcd(g, e - 1));
            let mut schemes: Vec<(Scheme, Option<i64>)> = vec![(Scheme::Newbob, None), (Scheme::NewbobAbs, None)];
            if interval > 1 {
                schemes.push((Scheme::NewbobMultiEpoch, Some(interval)));
            }
            // The default threshold first; other common ones only when it reproduces nothing.
            for threshold in GUESS_THRESHOLDS {
                let mut candidates = Vec::new();
                for (scheme, multi) in &schemes {
                    for decay in &decay_opts {
                        for grow in &grow_opts {
                            for min in &min_opts {
                                for hold in &hold_opts {
                                    candidates.push(Candidate {
                                        scheme: *scheme,
                                        initial: start_lr,
                                        warmup: warmup.clone(),
                                        decay: *decay,
                                        grow: *grow,
                                        min: *min,
                                        hold: *hold,
                                        multi: *multi,
                                        threshold,
                                    });
                                }
                            }
                        }
                    }
                }
                for c in candidates {
                    if out.len() >= MAX_GUESSES {
                        return out;
                    }
                    push(c.settings(), &mut out);
                }
                if !out.is_empty() {
                    break;
                }
            }
            if !out.is_empty() {
                break;
            }
        }
    }
    if out.is_empty() {
        if let Some(s) = fixed_list(file) {
            push(s, &mut out);
        }
    }
    out
}

/// The file's scores of `key` as a scores-only run on `base` (epoch `i + 1` gets the `i`-th
/// recorded value; an epoch without the key gets NaN), e.g. as the base of a sweep "on the same
/// scores". `None` when no epoch has the key.
pub fn scores_only_settings(base: &Settings, file: &LrFile, key: &str) -> Option<Settings> {
    let rec = recorded(file);
    let series = rec.series(key)?;
    let mut s = base.clone();
    s.mode = crate::engine::settings::Mode::ScoresOnly {
        dev_scores: series.values.iter().map(|v| v.unwrap_or(f64::NAN)).collect(),
        train_scores: None,
    };
    Some(s)
}
