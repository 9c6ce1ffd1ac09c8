//! Inferring the step-level schedule of a modern run from its recorded `(global_train_step,
//! effective_learning_rate)` pairs alone (`docs/STEP-SCHEDULES.md`, "Inferring the schedule").
//!
//! For each known function ([`Schedule`]) the parameters are derived from the shape of the
//! recorded series, then every candidate is **verified** by computing every epoch with the
//! engine's own function ([`StepScheduleSettings::step_lr`]) and comparing bit for bit; only
//! verified candidates are offered. Config values are short decimals, so candidates are tried
//! shortest repr first (`1e-05` before `1.0000000000000001e-05`).
//!
//! * Piecewise linear (`@factor`, `@factor_step`, `@interp`, and `@interp` by `epoch_continuous`):
//!   the series is cut into exact straight segments (consecutive slopes equal up to rounding); a
//!   breakpoint is where two neighbouring segments' lines meet (in the variant's coordinate: `g +
//!   1`, `g` or `epoch - 1`), a value the line's value there. A last segment that still slopes
//!   when the run ends has its last breakpoint after the recorded steps: the roundest (step, value)
//!   pair on its line is taken, and a note says that the run never reached it.
//! * `dyn_lr_lin_warmup_invsqrt_decay`: the warm-up steps from `1 / factor` at the first step, the
//!   norm from the last recorded factor.
//! * `linear_warmup_cosine_annealing`: `max_lr` the largest factor, the warm-up from a warm-up
//!   epoch, the constant epochs from the run of `max_lr`, then `num_epochs` solved for candidate
//!   `min_lr` values.
//!
//! What could not be fit is said per schedule ([`Inference::not_fit`]); nothing is offered
//! unverified.
use crate::engine::lr_control::LrFile;
use crate::engine::replay::round_sig;
use crate::engine::settings::{CosineKwargs, Number, StepScheduleSettings};
use crate::engine::step_lr::Schedule;
use crate::engine::step_replay::{effective_points, EffectivePoint};
use crate::py::value::PyValue;
use serde::Serialize;

/// One recorded epoch without gaps.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Sample {
    /// The file's epoch.
    pub epoch: i64,
    /// `:meta:global_train_step`.
    pub step: i64,
    /// The epoch's LR (`learningRate`, what the LR control gave).
    pub learning_rate: f64,
    /// `:meta:effective_learning_rate`.
    pub effective: f64,
}

/// A schedule that reproduces the recorded run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Inferred {
    /// The schedule and its keys; `None`: no `dynamic_learning_rate` at all (the effective LR is
    /// the epoch LR in every epoch).
    pub schedule: Option<StepScheduleSettings>,
    /// Which schedule with which numbers, and how many epochs it reproduces.
    pub description: String,
    /// Epochs reproduced bit for bit (all of them: only verified schedules are offered).
    pub reproduced: usize,
    /// What is not determined by the recorded run (e.g. a breakpoint after its last step).
    pub notes: Vec<String>,
}

/// A known schedule that did not fit, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NotFit {
    /// The schedule's name.
    pub schedule: String,
    /// What could not be fit.
    pub reason: String,
}

/// The result of [`infer`].
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Inference {
    /// Verified schedules, simplest first.
    pub found: Vec<Inferred>,
    /// The known schedules that did not fit.
    pub not_fit: Vec<NotFit>,
    /// The samples used (epochs without gaps).
    pub samples: usize,
    /// Epochs left out for gaps in their `:meta:` values.
    pub gaps: usize,
}

impl Inference {
    /// The simplest verified schedule.
    pub fn best(&self) -> Option<&Inferred> {
        self.found.first()
    }

    /// One paragraph: the schedule found (or that none fits, and why not each known one).
    pub fn summary(&self) -> String {
        let gaps = if self.gaps > 0 { format!(" ({} epochs with gaps in their :meta: values left out)", self.gaps) } else { String::new() };
        match self.best() {
            Some(b) => {
                let mut s = format!("{}{gaps}", b.description);
                for n in &b.notes {
                    s.push_str("; ");
                    s.push_str(n);
                }
                let others: Vec<&str> = self.not_fit.iter().map(|n| n.schedule.as_str()).collect();
                if !others.is_empty() {
                    s.push_str(&format!("; not reproduced by {}", others.join(", ")));
                }
                s
            }
            None if self.samples == 0 => format!("no epoch records a usable :meta:effective_learning_rate and :meta:global_train_step{gaps}"),
            None => {
                let why: Vec<String> = self.not_fit.iter().map(|n| format!("{}: {}", n.schedule, n.reason)).collect();
                format!("no known schedule reproduces the {} recorded epochs{gaps}; {}", self.samples, why.join("; "))
            }
        }
    }
}

/// The gap-free epochs of a modern replay's points.
pub fn samples(points: &[EffectivePoint]) -> Vec<Sample> {
    points
        .iter()
        .filter(|p| p.gap.is_none())
        .filter_map(|p| Some(Sample { epoch: p.epoch, step: p.step?, learning_rate: p.learning_rate, effective: p.effective? }))
        .collect()
}

/// [`infer`] on a file's recorded effective LRs; `None` for a file without them.
pub fn infer_file(file: &LrFile) -> Option<Inference> {
    let points = effective_points(file)?;
    let s = samples(&points);
    let mut out = infer(&s);
    out.gaps = points.len() - s.len();
    Some(out)
}

/// Evaluation budget per schedule family (function calls), so that inference stays fast.
const BUDGET: usize = 400_000;

/// Counts function calls against [`BUDGET`] and verifies candidates.
struct Checker<'a> {
    samples: &'a [Sample],
    calls: usize,
}

impl Checker<'_> {
    /// Whether `s` reproduces the samples at `idx` bit for bit (stops at the first difference).
    fn fits(&mut self, s: &StepScheduleSettings, idx: &[usize]) -> bool {
        let mut f = s.step_lr();
        for &i in idx {
            let Some(x) = self.samples.get(i) else { continue };
            self.calls += 1;
            let q = crate::engine::step_lr::Query::epoch_start(x.epoch, x.step, x.learning_rate);
            match f.lr(&q) {
                Ok(v) if v.to_bits() == x.effective.to_bits() => {}
                _ => return false,
            }
        }
        true
    }

    /// Every sample, the most telling first (last, first, middle), then all.
    fn fits_all(&mut self, s: &StepScheduleSettings) -> bool {
        let n = self.samples.len();
        if n == 0 {
            return false;
        }
        let probe = [n - 1, 0, n / 2];
        if !self.fits(s, &probe) {
            return false;
        }
        let all: Vec<usize> = (0..n).collect();
        self.fits(s, &all)
    }

    fn spent(&self) -> bool {
        self.calls > BUDGET
    }
}

/// Significant digits of the shortest repr (`1e-05`: 1, `0.001`: 1, `600000`: 1, `982000`: 3).
fn digits(v: f64) -> usize {
    if v == 0.0 || !v.is_finite() {
        return 1;
    }
    let s = format!("{:e}", v.abs());
    let mantissa = s.split('e').next().unwrap_or("");
    mantissa.chars().filter(char::is_ascii_digit).count()
}

/// `v` and its roundings to 1..=`max` significant digits, shortest first, distinct.
fn candidates(v: f64, max: usize) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::new();
    for d in 1..=max {
        let c = round_sig(v, d);
        if c.is_finite() && !out.iter().any(|x| x.to_bits() == c.to_bits()) {
            out.push(c);
        }
    }
    if v.is_finite() && !out.iter().any(|x| x.to_bits() == v.to_bits()) {
        out.push(v);
    }
    out
}

fn repr(v: f64) -> String {
    PyValue::Float(v).repr()
}

fn list_repr(v: &[Number]) -> String {
    format!("[{}]", v.iter().map(|n| n.to_py().repr()).collect::<Vec<_>>().join(", "))
}

/// Which schedules are tried, in order of preference.
pub fn infer(samples: &[Sample]) -> Inference {
    let mut out = Inference { samples: samples.len(), ..Inference::default() };
    if samples.is_empty() {
        return out;
    }
    let mut checker = Checker { samples, calls: 0 };
    if samples.iter().all(|s| s.effective.to_bits() == s.learning_rate.to_bits()) {
        out.found.push(Inferred {
            schedule: None,
            description: format!("no dynamic_learning_rate: the effective LR is the epoch's LR in all {} epochs", samples.len()),
            reproduced: samples.len(),
            notes: Vec::new(),
        });
        return out;
    }
    if let Some(s) = samples.iter().find(|s| !(s.learning_rate.is_finite() && s.learning_rate != 0.0)) {
        out.not_fit.push(NotFit { schedule: "every known schedule".into(), reason: format!("epoch {} has an epoch LR of {}: the schedule's factor cannot be read off", s.epoch, repr(s.learning_rate)) });
        return out;
    }
    let mut tries: Vec<(Schedule, Option<bool>)> = vec![
        (Schedule::PiecewiseLinearFactor, None),
        (Schedule::PiecewiseLinearFactorStep, None),
        (Schedule::PiecewiseLinearInterp, None),
        (Schedule::PiecewiseLinearInterp, Some(true)),
    ];
    tries.push((Schedule::LinWarmupInvsqrtDecay, None));
    tries.push((Schedule::LinearWarmupCosineAnnealing, None));
    for (schedule, by_epoch) in tries {
        checker.calls = 0;
        let r = match schedule {
            Schedule::LinWarmupInvsqrtDecay => invsqrt(&mut checker),
            Schedule::LinearWarmupCosineAnnealing => cosine(&mut checker),
            _ => piecewise(&mut checker, schedule, by_epoch == Some(true)),
        };
        let name = match by_epoch {
            Some(true) => format!("{} by epoch_continuous", schedule.name()),
            _ => schedule.name().to_string(),
        };
        match r {
            Ok((s, notes)) => out.found.push(Inferred { description: describe(&s, samples.len()), schedule: Some(s), reproduced: samples.len(), notes }),
            Err(reason) => out.not_fit.push(NotFit { schedule: name, reason }),
        }
    }
    out
}

/// `<name>: <keys>; reproduces N / N epochs bit for bit`.
pub fn describe(s: &StepScheduleSettings, n: usize) -> String {
    let mut parts = Vec::new();
    if let Some(v) = &s.piecewise_steps {
        parts.push(format!("learning_rate_piecewise_steps {}", list_repr(v)));
    }
    if let Some(v) = &s.piecewise_values {
        parts.push(format!("learning_rate_piecewise_values {}", list_repr(v)));
    }
    if let Some(b) = s.by_epoch_continuous {
        parts.push(format!("learning_rate_piecewise_by_epoch_continuous {}", if b { "True" } else { "False" }));
    }
    if let Some(w) = s.warmup_steps {
        parts.push(format!("learning_rate_warmup_steps {}", w.to_py().repr()));
    }
    if let Some(w) = s.invsqrt_norm {
        parts.push(format!("learning_rate_invsqrt_norm {}", w.to_py().repr()));
    }
    if let Some(k) = &s.cosine {
        parts.push(format!("dynamic_learning_rate_kwargs {}", k.to_py().repr()));
    }
    format!("{}: {}; reproduces {n} / {n} epochs bit for bit", s.schedule.name(), parts.join(", "))
}

// ---------------------------------------------------------------------------------------------
// Piecewise linear

/// A straight segment of the series: points `a..=b`, the line through its end points.
#[derive(Clone, Copy, Debug)]
struct Line {
    a: usize,
    b: usize,
    x0: f64,
    y0: f64,
    slope: f64,
    flat: bool,
}

impl Line {
    fn at(&self, x: f64) -> f64 {
        self.y0 + self.slope * (x - self.x0)
    }
}

/// Rounding noise of the slope between two points.
fn slope_noise(y0: f64, y1: f64, dx: f64) -> f64 {
    8.0 * f64::EPSILON * (y0.abs() + y1.abs()) / dx
}

/// The exact straight segments of `(x, y)` (x strictly increasing): runs of consecutive
/// intervals whose slopes agree up to rounding; runs of a single interval (one that contains a
/// breakpoint) are not lines.
fn lines(pts: &[(f64, f64)]) -> Vec<Line> {
    let n = pts.len();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    if n < 2 {
        return Vec::new();
    }
    let slope = |i: usize| (pts[i + 1].1 - pts[i].1) / (pts[i + 1].0 - pts[i].0);
    let noise = |i: usize| slope_noise(pts[i].1, pts[i + 1].1, pts[i + 1].0 - pts[i].0);
    let mut start = 0;
    for i in 1..n - 1 {
        let (m0, m1) = (slope(start), slope(i));
        let tol = noise(start) + noise(i) + 1e-9 * m0.abs().max(m1.abs());
        if (m0 - m1).abs() > tol {
            runs.push((start, i));
            start = i;
        }
    }
    runs.push((start, n - 1));
    runs.into_iter()
        .filter(|(a, b)| b - a >= 2)
        .map(|(a, b)| {
            let (x0, y0) = pts[a];
            let (x1, y1) = pts[b];
            let slope = (y1 - y0) / (x1 - x0);
            let flat = (y1 - y0).abs() <= 8.0 * f64::EPSILON * (y0.abs() + y1.abs());
            Line { a, b, x0, y0, slope: if flat { 0.0 } else { slope }, flat }
        })
        .collect()
}

/// Breakpoint candidates near `x` inside `[lo, hi]`: roundest first, integers.
fn step_candidates(x: f64, lo: f64, hi: f64) -> Vec<f64> {
    let mut c: Vec<f64> = Vec::new();
    for d in 1..=8 {
        c.push(round_sig(x, d).round());
    }
    let r = x.round();
    for k in [0.0, -1.0, 1.0, -2.0, 2.0] {
        c.push(r + k);
    }
    let mut out: Vec<f64> = Vec::new();
    for v in c {
        if v >= lo - 0.5 && v <= hi + 0.5 && v > 0.0 && !out.contains(&v) {
            out.push(v);
        }
    }
    crate::engine::sort::sort_by_key(&mut out, |v| (digits(*v), (v - x).abs().to_bits()));
    out
}

fn step_number(s: f64) -> Number {
    if s.fract() == 0.0 && s.abs() < 9.0e15 {
        Number::Int(s as i64)
    } else {
        Number::Float(s)
    }
}

fn piecewise_settings(schedule: Schedule, by_epoch: bool, steps: &[f64], values: &[f64]) -> StepScheduleSettings {
    let mut s = StepScheduleSettings::new(schedule);
    s.piecewise_steps = Some(steps.iter().map(|&x| step_number(x)).collect());
    s.piecewise_values = Some(values.iter().map(|&v| Number::Float(v)).collect());
    if by_epoch {
        s.by_epoch_continuous = Some(true);
    }
    s
}

/// "Round" values for the value after the last breakpoint: 0, 1/2/5 × 10^e around the series'
/// magnitudes, and the values already chosen.
fn round_values(lo: f64, hi: f64, chosen: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0];
    let e_lo = lo.abs().max(f64::MIN_POSITIVE).log10().floor() as i32 - 3;
    let e_hi = hi.abs().max(f64::MIN_POSITIVE).log10().ceil() as i32 + 1;
    for e in e_lo.max(-300)..=e_hi.min(300) {
        for m in [1, 2, 5] {
            if let Ok(v) = format!("{m}e{e}").parse::<f64>() {
                out.push(v);
            }
        }
    }
    out.extend_from_slice(chosen);
    out
}

struct Piecewise<'c, 'a> {
    checker: &'c mut Checker<'a>,
    schedule: Schedule,
    by_epoch: bool,
    lines: Vec<Line>,
    /// Per deduplicated point, its x and the sample indices at it.
    xs: Vec<f64>,
    groups: Vec<Vec<usize>>,
    notes: Vec<String>,
}

impl Piecewise<'_, '_> {
    /// Sample indices of the points `from..=to`.
    fn idx(&self, from: usize, to: usize) -> Vec<usize> {
        let mut v: Vec<usize> = self.groups[from..=to].iter().flatten().copied().collect();
        // The last points first: a wrong breakpoint or value shows there soonest.
        v.reverse();
        v
    }

    /// Chooses the breakpoint ending line `k` and the value there (and `V[0]` for `k = 0`),
    /// then goes on; the complete schedule is verified on every sample.
    fn search(&mut self, k: usize, steps: &mut Vec<f64>, values: &mut Vec<f64>) -> Option<StepScheduleSettings> {
        if self.checker.spent() {
            return None;
        }
        let line = self.lines[k];
        let from = if k == 0 { 0 } else { self.lines[k - 1].b + 1 };
        if k == 0 {
            for v0 in candidates(line.at(0.0), 8).into_iter().take(10) {
                values.push(v0);
                let r = self.after_line(k, from, steps, values);
                values.pop();
                if r.is_some() {
                    return r;
                }
            }
            return None;
        }
        self.after_line(k, from, steps, values)
    }

    fn after_line(&mut self, k: usize, from: usize, steps: &mut Vec<f64>, values: &mut Vec<f64>) -> Option<StepScheduleSettings> {
        let line = self.lines[k];
        let last = k + 1 == self.lines.len();
        let mut pairs: Vec<(f64, f64)> = Vec::new();
        if !last {
            let next = self.lines[k + 1];
            if (line.slope - next.slope).abs() == 0.0 {
                return None;
            }
            let xb = self.xs[line.b];
            let x = xb + (next.at(xb) - line.at(xb)) / (line.slope - next.slope);
            for s in step_candidates(x, xb, self.xs[next.a]) {
                for v in candidates(line.at(s), 8).into_iter().chain(candidates(next.at(s), 8)).take(12) {
                    if !pairs.iter().any(|p| p.0 == s && p.1.to_bits() == v.to_bits()) {
                        pairs.push((s, v));
                    }
                }
            }
        } else if !line.flat {
            // The run ends on a slope: its last breakpoint comes after the last recorded step.
            let xb = self.xs[line.b];
            let (ya, yb) = (line.at(self.xs[line.a]), line.at(xb));
            for v in round_values(ya.min(yb), ya.max(yb), values) {
                let s = xb + (v - yb) / line.slope;
                if !s.is_finite() || s <= xb || (s - s.round()).abs() > 0.01 + 1e-9 * s.abs() {
                    continue;
                }
                pairs.push((s.round(), v));
            }
            crate::engine::sort::sort_by_key(&mut pairs, |p| digits(p.0) + digits(p.1));
        }
        let check = self.idx(from, line.b);
        if pairs.is_empty() {
            // A flat last line: the value after the last breakpoint is the one already chosen.
            let s = piecewise_settings(self.schedule, self.by_epoch, steps, values);
            return (self.checker.fits(&s, &check) && self.checker.fits_all(&s)).then_some(s);
        }
        let mut tried = 0;
        for (s, v) in pairs {
            if self.checker.spent() || tried >= 60 {
                break;
            }
            if steps.last().is_some_and(|&p| s <= p) {
                continue;
            }
            tried += 1;
            steps.push(s);
            values.push(v);
            let cand = piecewise_settings(self.schedule, self.by_epoch, steps, values);
            let r = if !self.checker.fits(&cand, &check) {
                None
            } else if last {
                if self.checker.fits_all(&cand) {
                    self.notes.push(format!(
                        "the run ends before its last breakpoint ({}, the roundest on the last segment's line): the value after it ({}) is not observed",
                        step_number(s).to_py().repr(),
                        repr(v)
                    ));
                    Some(cand)
                } else {
                    None
                }
            } else {
                self.search(k + 1, steps, values)
            };
            steps.pop();
            values.pop();
            if r.is_some() {
                return r;
            }
        }
        None
    }
}

/// The piecewise-linear variant `schedule` (by `epoch_continuous` for `@interp` when `by_epoch`).
fn piecewise(checker: &mut Checker, schedule: Schedule, by_epoch: bool) -> Result<(StepScheduleSettings, Vec<String>), String> {
    let shift = if schedule == Schedule::PiecewiseLinearFactorStep { 0 } else { 1 };
    let samples = checker.samples;
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, s) in samples.iter().enumerate() {
        let x = if by_epoch { (s.epoch - 1) as f64 } else { (s.step + shift) as f64 };
        let y = s.effective / s.learning_rate;
        match xs.last() {
            Some(&l) if x == l => groups.last_mut().into_iter().for_each(|g| g.push(i)),
            Some(&l) if x < l => return Err(format!("epoch {} comes before the previous one in {}", s.epoch, if by_epoch { "epochs" } else { "steps" })),
            _ => {
                xs.push(x);
                ys.push(y);
                groups.push(vec![i]);
            }
        }
    }
    let pts: Vec<(f64, f64)> = xs.iter().copied().zip(ys.iter().copied()).collect();
    if pts.len() < 3 {
        return Err(format!("{} distinct steps are too few to find straight segments", pts.len()));
    }
    let ls = lines(&pts);
    let Some(first) = ls.first() else {
        return Err("the recorded series has no straight segment of 3 or more epochs: not piecewise linear".into());
    };
    let epoch_at = |p: usize| samples[groups[p][0]].epoch;
    if first.a != 0 {
        return Err(format!("the first epochs (1 … {}) follow no straight segment", epoch_at(first.a)));
    }
    for w in ls.windows(2) {
        if w[1].a > w[0].b + 1 {
            return Err(format!("epochs {} … {} follow no straight segment (a curve, or a segment shorter than 3 epochs)", epoch_at(w[0].b), epoch_at(w[1].a)));
        }
    }
    if let Some(l) = ls.last().filter(|l| l.b + 1 != pts.len()) {
        return Err(format!("the last epochs (from {}) follow no straight segment", epoch_at(l.b)));
    }
    let mut p = Piecewise { checker, schedule, by_epoch, lines: ls, xs, groups, notes: Vec::new() };
    let found = p.search(0, &mut Vec::new(), &mut Vec::new());
    match found {
        Some(s) => Ok((s, p.notes)),
        None => {
            let segs = p.lines.len();
            Err(format!(
                "{segs} straight segments found, but no breakpoints and values near their meeting points reproduce every epoch bit for bit{}",
                if p.checker.spent() { " (search budget spent)" } else { "" }
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Inverse-sqrt decay

fn invsqrt(checker: &mut Checker) -> Result<(StepScheduleSettings, Vec<String>), String> {
    let samples = checker.samples;
    let first = samples[0];
    let y0 = first.effective / first.learning_rate;
    if !(y0 > 0.0) {
        return Err(format!("the factor at epoch {} is {}, not the warm-up's (step + 1) / warmup_steps", first.epoch, repr(y0)));
    }
    let w_est = (first.step + 1) as f64 / y0;
    let mut ws: Vec<f64> = Vec::new();
    for c in candidates(w_est, 8).into_iter().map(f64::round).chain([w_est.round() - 1.0, w_est.round() + 1.0]) {
        if c >= 1.0 && !ws.contains(&c) {
            ws.push(c);
        }
    }
    for w in ws {
        let wi = w as i64;
        let Some(last) = samples.iter().rev().find(|s| s.step + 1 > wi) else {
            let s = invsqrt_settings(wi, 1.0);
            if checker.fits_all(&s) {
                return Err(format!("the run never leaves the warm-up of {wi} steps: learning_rate_invsqrt_norm is not determined"));
            }
            continue;
        };
        let y = last.effective / last.learning_rate;
        let n_est = ((last.step + 1 - wi) as f64) / (1.0 / (y * y) - 1.0);
        if !(n_est.is_finite() && n_est > 0.0) {
            continue;
        }
        for n in candidates(n_est, 10) {
            if checker.spent() {
                break;
            }
            let s = invsqrt_settings(wi, n);
            if checker.fits_all(&s) {
                return Ok((s, Vec::new()));
            }
        }
    }
    Err(format!("no warm-up steps near {} (from the first epoch) with a norm reproduces every epoch", repr(w_est.round())))
}

fn invsqrt_settings(w: i64, n: f64) -> StepScheduleSettings {
    let mut s = StepScheduleSettings::new(Schedule::LinWarmupInvsqrtDecay);
    s.warmup_steps = Some(Number::Int(w));
    s.invsqrt_norm = Some(if n.fract() == 0.0 && n.abs() < 9.0e15 { Number::Int(n as i64) } else { Number::Float(n) });
    s
}

// ---------------------------------------------------------------------------------------------
// Linear warm-up, cosine annealing (over epoch_continuous = epoch - 1 at the epoch starts)

fn num(v: f64) -> Number {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        Number::Int(v as i64)
    } else {
        Number::Float(v)
    }
}

fn cosine(checker: &mut Checker) -> Result<(StepScheduleSettings, Vec<String>), String> {
    let samples = checker.samples;
    let pts: Vec<(f64, f64)> = samples.iter().map(|s| ((s.epoch - 1) as f64, s.effective / s.learning_rate)).collect();
    let peak = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    if !(peak.is_finite() && peak > 0.0) {
        return Err("no positive factor to be max_lr".into());
    }
    let peak_at = pts.iter().position(|p| p.1 == peak).unwrap_or(0);
    // The warm-up: max_lr * t / a before the peak.
    let mut warm: Vec<f64> = Vec::new();
    if let Some(&(t, y)) = pts[..peak_at].iter().rev().find(|p| p.0 > 0.0 && p.1 > 0.0) {
        for a in candidates(peak * t / y, 8) {
            warm.push(a);
        }
    }
    warm.push(pts[peak_at].0);
    if pts[0].1 != 0.0 {
        warm.push(0.0);
    }
    let plateau = pts[peak_at..].iter().take_while(|p| p.1 == peak).count() as f64;
    let mut tried = 0usize;
    for max_lr in candidates(peak, 8).into_iter().take(6) {
        for &a in &warm {
            for c in [plateau - 1.0, plateau, plateau - 2.0, plateau + 1.0] {
                if c < 0.0 {
                    continue;
                }
                // A cosine point far from both ends solves num_epochs best.
                let start = a + c;
                let cos_pts: Vec<(f64, f64)> = pts.iter().copied().filter(|p| p.0 > start).collect();
                if cos_pts.is_empty() {
                    continue;
                }
                let lowest = cos_pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
                let mut mins = vec![0.0];
                mins.extend(candidates(lowest, 6));
                mins.extend(round_values(lowest, lowest, &[]).into_iter().filter(|v| *v <= lowest && *v > lowest / 1000.0));
                for min_lr in mins {
                    if checker.spent() || tried > 3000 {
                        break;
                    }
                    let h = 0.5 * (max_lr - min_lr);
                    if !(h > 0.0) {
                        continue;
                    }
                    let best = cos_pts.iter().min_by_key(|p| ((p.1 - min_lr) / h - 1.0).abs().to_bits());
                    let Some(&(t, y)) = best else { continue };
                    let cv = ((y - min_lr) / h - 1.0).clamp(-1.0, 1.0);
                    let ang = libm::acos(cv);
                    if !(ang > 0.0) {
                        continue;
                    }
                    let n_est = std::f64::consts::PI * (t - start) / ang;
                    for n in candidates(n_est, 6) {
                        if (n - n_est).abs() > 0.02 * n_est.abs() + 0.5 {
                            continue;
                        }
                        tried += 1;
                        let mut s = StepScheduleSettings::new(Schedule::LinearWarmupCosineAnnealing);
                        s.cosine = Some(CosineKwargs {
                            num_warmup_epochs: Some(num(a)),
                            max_lr: Some(Number::Float(max_lr)),
                            min_lr: Some(Number::Float(min_lr)),
                            num_epochs: Some(num(n)),
                            num_constant_epochs: (c > 0.0).then(|| num(c)),
                        });
                        if checker.fits_all(&s) {
                            return Ok((s, Vec::new()));
                        }
                    }
                }
            }
        }
    }
    Err(format!("no warm-up, plateau, min_lr and num_epochs near the series' shape (peak {}) reproduce every epoch", repr(peak)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_shortest_repr() {
        assert_eq!(digits(1e-05), 1);
        assert_eq!(digits(0.001), 1);
        assert_eq!(digits(982000.0), 3);
        assert_eq!(digits(1.0001650000000001e-05), 17);
    }

    #[test]
    fn lines_split_at_kinks() {
        let pts: Vec<(f64, f64)> = (0..10).map(|i| (i as f64, if i < 5 { i as f64 } else { 4.0 - (i as f64 - 4.0) * 0.5 })).collect();
        let ls = lines(&pts);
        assert_eq!(ls.len(), 2, "{ls:?}");
        assert_eq!((ls[0].a, ls[0].b, ls[1].a, ls[1].b), (0, 4, 4, 9));
    }
}
