//! The per-epoch decision record: the data the rule code decided with, written down while it
//! decides (never recomputed), and [`explain`], its one-line human sentence.
use crate::py::value::float_repr;
use serde::Serialize;

/// How the error key of an epoch was found (spec section 4; `rule` numbers are the spec's).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeySource {
    /// Rule 3: the only key is `old_format_score`.
    OldFormatScore,
    /// Rule 4: the configured measure (`index` in the list; 0 for a single string) as written.
    Configured {
        /// The position of the measure in `learning_rate_control_error_measure` (0 for a string).
        index: usize,
    },
    /// Rule 4: the configured measure plus `_output`.
    OutputFallback {
        /// The position of the measure in `learning_rate_control_error_measure` (0 for a string).
        index: usize,
    },
    /// Rules 4 (`dev_score`, `dev_score_output`) to 9 (smallest key): the default search.
    Default {
        /// The spec's rule number (4 to 9) that found the key.
        rule: u8,
    },
    /// Rule 1: the epoch has no entry; the configured measure is returned as is.
    NoEntry,
}

/// A chosen error key and how it was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyChoice {
    /// The key `get_error_key(epoch)` returns (`"dev_score_output"`, `"dev_loss_ce"`, ...).
    pub key: String,
    /// Which rule of spec section 4 chose it.
    pub source: KeySource,
}

/// Which score the relative error is divided by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Divisor {
    /// `|new|` (RETURNN's default).
    New,
    /// `|old|` (`newbob_relative_error_div_by_old`).
    Old,
}

/// `learning_rate_control_relative_error_relative_lr`: `rel / (lr / default_lr)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LrScale {
    /// The most recent stored LR at or before the newer epoch.
    pub lr: f64,
    /// `learning_rate`, the default LR (NaN if it is not a number).
    pub default_lr: f64,
    /// `lr / default_lr`; `None` when `lr <= 0` (then nothing is scaled).
    pub q: Option<f64>,
}

/// What comparing two epochs gave.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// One of the epochs has no scores (or its score is `None`): no value.
    NoScores,
    /// The two epochs chose different error keys: no value.
    KeyMismatch,
    /// `(new - old) / |divisor|`, optionally scaled by the LR ratio (spec section 5.1).
    Relative {
        /// `score(new) − score(old)`.
        diff: f64,
        /// Which score's absolute value divides `diff`.
        divisor: Divisor,
        /// `|score(new)|` or `|score(old)|` (never 0: that is a ZeroDivisionError).
        divisor_value: f64,
        /// `diff / divisor_value`, before the relative-LR scaling.
        unscaled: f64,
        /// The relative-LR scaling, when `learning_rate_control_relative_error_relative_lr` is on.
        lr_scale: Option<LrScale>,
        /// The relative error the rule compares with its threshold (`unscaled / q`, or `unscaled`).
        value: f64,
    },
    /// `new - old` (newbob_abs, spec section 5.6).
    Absolute {
        /// `score(new) − score(old)`, compared with `newbob_error_threshold`.
        value: f64,
    },
}

impl Outcome {
    /// The compared value, if there is one.
    pub fn value(&self) -> Option<f64> {
        match self {
            Outcome::Relative { value, .. } | Outcome::Absolute { value } => Some(*value),
            _ => None,
        }
    }
}

/// One comparison of an older and a newer epoch's scores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// The older epoch `a` of spec section 5.1.
    pub old_epoch: i64,
    /// The newer epoch `b`.
    pub new_epoch: i64,
    /// The error key chosen for `a` (`None`: no scores).
    pub old_key: Option<KeyChoice>,
    /// The error key chosen for `b` (`None`: no scores).
    pub new_key: Option<KeyChoice>,
    /// `score(a)` under `old_key`, if it is a number.
    pub old_score: Option<f64>,
    /// `score(b)` under `new_key`, if it is a number.
    pub new_score: Option<f64>,
    /// The value, or why there is none.
    pub outcome: Outcome,
}

/// Where a stored LR came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A `learning_rates` preset.
    Preset,
    /// Loaded from an existing `learning_rate_file`.
    File,
    /// Computed by the control when the epoch's LR was first asked for.
    Computed,
    /// Set by the engine (`set_default_learning_rate_for_epoch`, e.g. the pretrain branch).
    Engine,
}

/// The verdict for an epoch.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// The epoch already had an entry: its stored LR is returned unchanged (spec section 3).
    Stored {
        /// Where the stored LR came from.
        origin: Origin,
    },
    /// No earlier epoch (or its LR is `None`): the default LR (`learning_rate`).
    Default,
    /// constant: the LR of the most recent earlier epoch.
    CarryForward,
    /// min-num-epochs guard: the last `N` LRs differ or are fewer than `N` (spec section 5.3).
    HoldMinEpochs {
        /// `learning_rate_control_min_num_epochs_per_new_lr`, `N` (> 1).
        n: i64,
        /// The last (up to) `N` earlier epochs with an entry, oldest first.
        epochs: Vec<i64>,
        /// Their LRs hold two or more distinct values.
        distinct: bool,
        /// There are fewer than `N` of them.
        short: bool,
    },
    /// newbob_multi_epoch: not an update epoch (`e mod interval != 1`, spec section 5.7 step 2).
    IntervalSkip {
        /// `newbob_multi_update_interval`.
        interval: i64,
    },
    /// Only one earlier epoch (rel/abs), or a window of fewer than two epochs (multi).
    NoPrevious,
    /// A compared epoch has no scores.
    NoData,
    /// The compared epochs chose different error keys.
    KeyMismatch,
    /// multi: neither decay nor grow.
    Keep,
    /// The threshold test said decay: LR × decay factor, then the min-LR clamp (spec section 5.2).
    Decay,
    /// rel/abs: no decay (NaN included); multi: mean below the grow threshold. LR × growth factor.
    Grow,
    /// TF pretraining: `pretrain_learning_rate` is used (the stored LR may differ).
    Pretrain,
    /// TF: the first epoch after pretraining uses `learning_rate`.
    FirstAfterPretrain,
}

impl Verdict {
    /// The verdict's name: the one vocabulary of the decision table, the CSV and JSON exports and
    /// the CLI (it is also the `kind` of the verdict's JSON). `stored` (the epoch already had an
    /// LR: a preset, a loaded file, or an earlier decision), `default`, `carry_forward`
    /// (constant), `hold_min_epochs`, `interval_skip`, `no_previous`, `no_data`, `key_mismatch`,
    /// `keep`, `decay`, `grow`, `pretrain`, `first_after_pretrain`. A `decay` or `grow` whose
    /// factor leaves the LR unchanged (growth 1.0) keeps its name; [`Decision::lr_changed`] tells.
    pub fn name(&self) -> &'static str {
        match self {
            Verdict::Stored { .. } => "stored",
            Verdict::Default => "default",
            Verdict::CarryForward => "carry_forward",
            Verdict::HoldMinEpochs { .. } => "hold_min_epochs",
            Verdict::IntervalSkip { .. } => "interval_skip",
            Verdict::NoPrevious => "no_previous",
            Verdict::NoData => "no_data",
            Verdict::KeyMismatch => "key_mismatch",
            Verdict::Keep => "keep",
            Verdict::Decay => "decay",
            Verdict::Grow => "grow",
            Verdict::Pretrain => "pretrain",
            Verdict::FirstAfterPretrain => "first_after_pretrain",
        }
    }
}

/// Everything one LR decision used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Decision {
    /// The epoch whose LR was decided.
    pub epoch: i64,
    /// The scheme's RETURNN class name (`ConstantLearningRate`, `NewbobRelative`, ...).
    pub scheme: &'static str,
    /// What the rule concluded.
    pub verdict: Verdict,
    /// The epoch whose LR is the starting point.
    pub base_epoch: Option<i64>,
    /// The starting LR (before decay/growth).
    pub old_lr: Option<f64>,
    /// The score comparisons the rule made, in order (one for rel/abs, one per window pair for multi).
    pub comparisons: Vec<Comparison>,
    /// newbob_multi_epoch: the window of epochs and the numpy mean of their relative errors.
    pub window: Vec<i64>,
    /// newbob_multi_epoch: `numpy.mean` of the window's relative errors.
    pub mean: Option<f64>,
    /// The decay threshold the value was compared with (`newbob_relative_error_threshold` or
    /// `newbob_error_threshold`).
    pub threshold: Option<f64>,
    /// newbob_multi_epoch: `newbob_relative_error_grow_threshold`.
    pub grow_threshold: Option<f64>,
    /// The decay or growth factor applied (`None` inside: the factor was `None`, no change).
    pub factor: Option<Option<f64>>,
    /// The LR right after the factor, before the clamp.
    pub after_factor: Option<f64>,
    /// `Some(min)` when the min-LR clamp set the LR to `min_learning_rate`.
    pub clamped_to_min: Option<f64>,
    /// The LR returned for the epoch.
    pub new_lr: Option<f64>,
}

impl Decision {
    /// Whether the decision changed the LR (bitwise: a growth by 1.0 does not).
    pub fn lr_changed(&self) -> bool {
        match (self.old_lr, self.new_lr) {
            (Some(a), Some(b)) => a.to_bits() != b.to_bits(),
            _ => false,
        }
    }

    /// An empty record for `epoch` under the scheme class `scheme` (verdict `Default` until the
    /// rule code fills it in).
    pub fn new(epoch: i64, scheme: &'static str) -> Decision {
        Decision {
            epoch,
            scheme,
            verdict: Verdict::Default,
            base_epoch: None,
            old_lr: None,
            comparisons: Vec::new(),
            window: Vec::new(),
            mean: None,
            threshold: None,
            grow_threshold: None,
            factor: None,
            after_factor: None,
            clamped_to_min: None,
            new_lr: None,
        }
    }
}

/// Three significant digits, for the errors in a sentence.
fn short(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return float_repr(x);
    }
    let exp = libm::floor(libm::log10(x.abs())) as i32;
    if (-5..6).contains(&exp) {
        let decimals = (2 - exp).max(0) as usize;
        format!("{:.*}", decimals, x).replace('-', "−")
    } else {
        format!("{:.2e}", x).replace('-', "−")
    }
}

/// Python repr with a typographic minus (thresholds).
fn signed(x: f64) -> String {
    float_repr(x).replace('-', "−")
}

fn lr(x: Option<f64>) -> String {
    x.map(float_repr).unwrap_or_else(|| "None".to_string())
}

fn score(x: Option<f64>) -> String {
    x.map(float_repr).unwrap_or_else(|| "—".to_string())
}

fn describe_comparison(c: &Comparison) -> String {
    let key = |k: &Option<KeyChoice>| k.as_ref().map(|k| k.key.clone()).unwrap_or_else(|| "(no scores)".to_string());
    match &c.outcome {
        Outcome::NoScores => format!("epochs {} → {}: no scores to compare", c.old_epoch, c.new_epoch),
        Outcome::KeyMismatch => format!(
            "epochs {} → {}: error keys differ ({} vs {}), no comparison",
            c.old_epoch,
            c.new_epoch,
            key(&c.old_key),
            key(&c.new_key)
        ),
        Outcome::Absolute { value } => format!(
            "{} {} → {}; difference new − old = {}",
            key(&c.new_key),
            score(c.old_score),
            score(c.new_score),
            short(*value)
        ),
        Outcome::Relative { divisor, unscaled, lr_scale, value, .. } => {
            let div = match divisor {
                Divisor::New => "|new|",
                Divisor::Old => "|old|",
            };
            let mut s = format!(
                "{} {} → {}; relative error (new − old)/{} = {}",
                key(&c.new_key),
                score(c.old_score),
                score(c.new_score),
                div,
                short(*unscaled)
            );
            if let Some(LrScale { lr, default_lr, q: Some(q) }) = lr_scale {
                s.push_str(&format!(
                    ", ÷ (lr {} / default {} = {}) = {}",
                    float_repr(*lr),
                    float_repr(*default_lr),
                    short(*q),
                    short(*value)
                ));
            }
            s
        }
    }
}

fn describe_update(d: &Decision, word: &str) -> String {
    let mut s = match d.factor {
        Some(Some(f)) if f == 1.0 && word == "grow" => format!("keep {} (growth factor 1.0)", lr(d.new_lr)),
        Some(Some(f)) => format!("{word}: {} × {} = {}", lr(d.old_lr), float_repr(f), lr(d.after_factor)),
        Some(None) => format!("{word}: factor None, {} unchanged", lr(d.old_lr)),
        None => format!("{word}: {}", lr(d.new_lr)),
    };
    if let Some(m) = d.clamped_to_min {
        s.push_str(&format!(" < min_learning_rate → clamped to {}", float_repr(m)));
    }
    s
}

/// A one-line human sentence for a decision, e.g. `epoch 7: dev_score_output 1.84 → 1.83;
/// relative error (new − old)/|new| = −0.00546 > threshold −0.01 → decay: 0.0005 × 0.5 = 0.00025`.
pub fn explain(d: &Decision) -> String {
    let head = format!("epoch {}: ", d.epoch);
    let body = match &d.verdict {
        Verdict::Stored { origin } => {
            let from = match origin {
                Origin::Preset => "learning_rates preset (warm-up list) for this epoch; presets always win over the scheme",
                Origin::File => "stored in the learning_rate_file",
                Origin::Computed => "computed earlier",
                Origin::Engine => "set by the engine",
            };
            format!("{from} → {}", lr(d.new_lr))
        }
        Verdict::Default => format!("no earlier learning rate → default learning_rate {}", lr(d.new_lr)),
        Verdict::CarryForward => {
            format!("constant: learning rate of epoch {} carried forward → {}", opt_epoch(d.base_epoch), lr(d.new_lr))
        }
        Verdict::HoldMinEpochs { n, epochs, distinct, short: too_short } => {
            let why = if *distinct {
                format!("epochs {epochs:?} have different learning rates")
            } else if *too_short {
                format!("only {} earlier epoch(s) {epochs:?}", epochs.len())
            } else {
                format!("epochs {epochs:?}")
            };
            format!("min_num_epochs_per_new_lr = {n}: {why}, a new LR is kept for at least {n} epochs → hold {}", lr(d.new_lr))
        }
        Verdict::IntervalSkip { interval } => format!(
            "not an update epoch ({} mod {interval} ≠ 1; newbob_multi_epoch decides at epochs 1, {}, {}, ...) → keep {}",
            d.epoch,
            interval.saturating_add(1),
            interval.saturating_mul(2).saturating_add(1),
            lr(d.new_lr)
        ),
        Verdict::NoPrevious => format!("not enough earlier epochs to compare → keep {}", lr(d.new_lr)),
        Verdict::NoData | Verdict::KeyMismatch => {
            let what: Vec<String> =
                d.comparisons.iter().filter(|c| c.outcome.value().is_none()).map(describe_comparison).collect();
            let why = if matches!(d.verdict, Verdict::KeyMismatch) {
                " (scores of different keys are never compared)"
            } else {
                ""
            };
            format!("{}{why} → keep {}", what.join("; "), lr(d.new_lr))
        }
        Verdict::Keep | Verdict::Decay | Verdict::Grow => {
            let (measure, cmp_text) = if let Some(mean) = d.mean {
                (
                    format!(
                        "mean of {} relative error{} over epochs {:?} = {}",
                        d.comparisons.len(),
                        if d.comparisons.len() == 1 { "" } else { "s" },
                        d.window,
                        short(mean)
                    ),
                    mean,
                )
            } else {
                let c = d.comparisons.last();
                (
                    c.map(describe_comparison).unwrap_or_default(),
                    c.and_then(|c| c.outcome.value()).unwrap_or(f64::NAN),
                )
            };
            let thr = d.threshold.map(signed).unwrap_or_else(|| "None".into());
            let rel = match d.verdict {
                Verdict::Decay => format!(" > threshold {thr}"),
                Verdict::Grow if d.grow_threshold.is_some() => {
                    format!(" < grow threshold {}", d.grow_threshold.map(signed).unwrap_or_default())
                }
                Verdict::Grow if cmp_text.is_nan() => format!(
                    " (NaN: a NaN score makes every comparison false, so it is never > threshold {thr} and newbob never decays on it)"
                ),
                Verdict::Grow => format!(" ≤ threshold {thr}"),
                _ if cmp_text.is_nan() => format!(
                    " (NaN: neither > threshold {thr} nor < the grow threshold, so a NaN score never decays the LR)"
                ),
                _ => match d.grow_threshold {
                    Some(g) => format!(" within [grow threshold {}, threshold {thr}]", signed(g)),
                    None => String::new(),
                },
            };
            let action = match d.verdict {
                Verdict::Decay => describe_update(d, "decay"),
                Verdict::Grow => describe_update(d, "grow"),
                _ => format!("keep {}", lr(d.new_lr)),
            };
            format!("{measure}{rel} → {action}")
        }
        Verdict::Pretrain => format!("pretraining → pretrain_learning_rate {}", lr(d.new_lr)),
        Verdict::FirstAfterPretrain => {
            format!("first epoch after pretraining → learning_rate {}", lr(d.new_lr))
        }
    };
    head + &body
}

fn opt_epoch(e: Option<i64>) -> String {
    e.map(|e| e.to_string()).unwrap_or_else(|| "?".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_a_decay() {
        let mut d = Decision::new(7, "NewbobRelative");
        d.verdict = Verdict::Decay;
        d.old_lr = Some(0.0005);
        d.threshold = Some(-0.01);
        d.factor = Some(Some(0.5));
        d.after_factor = Some(0.00025);
        d.new_lr = Some(0.00025);
        let unscaled = (1.83 - 1.84) / 1.83;
        d.comparisons.push(Comparison {
            old_epoch: 5,
            new_epoch: 6,
            old_key: Some(KeyChoice { key: "dev_score_output".into(), source: KeySource::Default { rule: 4 } }),
            new_key: Some(KeyChoice { key: "dev_score_output".into(), source: KeySource::Default { rule: 4 } }),
            old_score: Some(1.84),
            new_score: Some(1.83),
            outcome: Outcome::Relative {
                diff: 1.83 - 1.84,
                divisor: Divisor::New,
                divisor_value: 1.83,
                unscaled,
                lr_scale: None,
                value: unscaled,
            },
        });
        let s = explain(&d);
        assert!(s.starts_with("epoch 7: dev_score_output 1.84 → 1.83; relative error (new − old)/|new| = −0.00546"), "{s}");
        assert!(s.ends_with("> threshold −0.01 → decay: 0.0005 × 0.5 = 0.00025"), "{s}");
    }

    #[test]
    fn a_verdict_is_named_as_its_json_kind() {
        let all = [
            Verdict::Stored { origin: Origin::Preset },
            Verdict::Default,
            Verdict::CarryForward,
            Verdict::HoldMinEpochs { n: 2, epochs: vec![1], distinct: false, short: true },
            Verdict::IntervalSkip { interval: 3 },
            Verdict::NoPrevious,
            Verdict::NoData,
            Verdict::KeyMismatch,
            Verdict::Keep,
            Verdict::Decay,
            Verdict::Grow,
            Verdict::Pretrain,
            Verdict::FirstAfterPretrain,
        ];
        for v in all {
            let kind = serde_json::to_value(&v).ok().and_then(|j| j.get("kind").and_then(|k| k.as_str().map(str::to_string)));
            assert_eq!(kind.as_deref(), Some(v.name()), "{v:?}");
        }
    }
}
