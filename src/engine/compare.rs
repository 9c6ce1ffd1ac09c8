//! A/B comparison: what differs between two settings (in RETURNN config terms), and two runs'
//! decisions aligned per epoch (the compare panel's first difference).
use crate::engine::lr_control::{explain, Decision, Verdict};
use crate::engine::keys::key_rank;
use crate::engine::settings::{Mode, Settings};
use crate::py::value::PyValue;
use serde::Serialize;
use std::collections::BTreeMap;

/// One setting that differs: the RETURNN config key (or `run.<field>` / `mode` for the explorer's
/// own run settings) and each side's value as Python repr (JSON text for run settings); `None`
/// where the side leaves the key unset (RETURNN's default applies).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SettingDiff {
    /// The RETURNN config key (`"newbob_learning_rate_decay"`), `run.<field>` or `mode`.
    pub key: String,
    /// Side A's value (`None`: unset, RETURNN's default applies).
    pub a: Option<String>,
    /// Side B's value (`None`: unset, RETURNN's default applies).
    pub b: Option<String>,
}

/// The RETURNN config of the settings with defaults dropped, plus the run settings, as
/// key → text in a stable order (config keys in export order, then `run.*`).
fn flat(s: &Settings) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        s.normalized().to_config().into_iter().map(|(k, v): (String, PyValue)| (k, v.repr())).collect();
    crate::engine::sort::sort_by(&mut out, |x, y| key_rank(&x.0).cmp(&key_rank(&y.0)).then_with(|| x.0.cmp(&y.0)));
    if let Ok(serde_json::Value::Object(run)) = serde_json::to_value(&s.run) {
        for (k, v) in run {
            if k != "num_epochs" {
                out.push((format!("run.{k}"), v.to_string()));
            }
        }
    }
    out
}

/// A short text for a run mode (`simulate`, `scores_only: 30 dev scores`).
fn mode_text(m: &Mode) -> String {
    match m {
        Mode::Simulate => "simulate".into(),
        Mode::ScoresOnly { dev_scores, train_scores } => format!(
            "scores_only: {} dev scores{}",
            dev_scores.len(),
            if train_scores.is_some() { " + train scores" } else { "" }
        ),
    }
}

/// The first epoch where two scores-only runs get different scores.
fn first_score_difference(a: &Mode, b: &Mode) -> Option<usize> {
    let (Mode::ScoresOnly { dev_scores: da, train_scores: ta }, Mode::ScoresOnly { dev_scores: db, train_scores: tb }) = (a, b) else {
        return None;
    };
    let same = |x: f64, y: f64| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan());
    let dev = da.iter().zip(db).position(|(x, y)| !same(*x, *y));
    let train = match (ta, tb) {
        (Some(p), Some(q)) => p.iter().zip(q).position(|(x, y)| !same(*x, *y)),
        _ => None,
    };
    [dev, train].into_iter().flatten().min().map(|i| i + 1)
}

/// The settings that differ between `a` and `b` (empty when they run identically), in a stable
/// order: LR-control keys in export order, optimizer and gradient keys, `num_epochs`, other
/// config keys, then the explorer's run settings.
pub fn settings_diff(a: &Settings, b: &Settings) -> Vec<SettingDiff> {
    let fa = flat(a);
    let fb = flat(b);
    let mb: BTreeMap<&str, &str> = crate::engine::sort::btree_map(fb.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let ma: BTreeMap<&str, &str> = crate::engine::sort::btree_map(fa.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut keys: Vec<&str> = fa.iter().map(|(k, _)| k.as_str()).collect();
    for (k, _) in &fb {
        if !ma.contains_key(k.as_str()) {
            keys.push(k);
        }
    }
    let order = |k: &str| -> (usize, usize, String) {
        let run = usize::from(k.starts_with("run."));
        (run, key_rank(k), k.to_string())
    };
    crate::engine::sort::sort_by_key(&mut keys, |k| order(k));
    let mut out: Vec<SettingDiff> = keys
        .into_iter()
        .filter_map(|k| {
            let (x, y) = (ma.get(k).copied(), mb.get(k).copied());
            (x != y).then(|| SettingDiff { key: k.to_string(), a: x.map(str::to_string), b: y.map(str::to_string) })
        })
        .collect();
    if a.mode != b.mode {
        let (mut ta, mut tb) = (mode_text(&a.mode), mode_text(&b.mode));
        if ta == tb {
            if let Some(e) = first_score_difference(&a.mode, &b.mode) {
                ta.push_str(&format!(" (differ from epoch {e})"));
                tb.push_str(&format!(" (differ from epoch {e})"));
            }
        }
        out.push(SettingDiff { key: "mode".into(), a: Some(ta), b: Some(tb) });
    }
    out
}

/// One epoch of a side-by-side decision table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlignedDecision {
    /// The epoch (present on at least one side).
    pub epoch: i64,
    /// Side A's decision for it (`None`: side A has no such epoch).
    pub a: Option<Decision>,
    /// Side B's decision for it (`None`: side B has no such epoch).
    pub b: Option<Decision>,
    /// [`explain`] of side A.
    pub a_text: Option<String>,
    /// [`explain`] of side B.
    pub b_text: Option<String>,
    /// Both sides returned an LR and the two are bitwise equal.
    pub same_lr: bool,
    /// Both sides have a decision and their verdicts are the same variant (data inside ignored).
    pub same_verdict: bool,
}

fn verdict_kind(v: &Verdict) -> std::mem::Discriminant<Verdict> {
    std::mem::discriminant(v)
}

/// Aligns two decision lists by epoch (every epoch either side has, in order).
pub fn align_decisions(a: &[Decision], b: &[Decision]) -> Vec<AlignedDecision> {
    let ma: BTreeMap<i64, &Decision> = crate::engine::sort::btree_map(a.iter().map(|d| (d.epoch, d)));
    let mb: BTreeMap<i64, &Decision> = crate::engine::sort::btree_map(b.iter().map(|d| (d.epoch, d)));
    let mut epochs: Vec<i64> = ma.keys().chain(mb.keys()).copied().collect();
    crate::engine::sort::sort(&mut epochs);
    epochs.dedup();
    epochs
        .into_iter()
        .map(|epoch| {
            let (x, y) = (ma.get(&epoch).copied(), mb.get(&epoch).copied());
            let same_lr = match (x.and_then(|d| d.new_lr), y.and_then(|d| d.new_lr)) {
                (Some(p), Some(q)) => p.to_bits() == q.to_bits(),
                _ => false,
            };
            let same_verdict = matches!((x, y), (Some(p), Some(q)) if verdict_kind(&p.verdict) == verdict_kind(&q.verdict));
            AlignedDecision {
                epoch,
                a: x.cloned(),
                b: y.cloned(),
                a_text: x.map(explain),
                b_text: y.map(explain),
                same_lr,
                same_verdict,
            }
        })
        .collect()
}
