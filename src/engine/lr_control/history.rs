//! The per-epoch table's queries: previous epochs, most recent LR, error-key choice (spec
//! section 4), score flattening, relative/absolute errors (5.1) and numpy's mean (5.7).
use super::decision::{Comparison, Decision, Divisor, KeyChoice, KeySource, LrScale, Outcome};
use super::LrControl;
use crate::py::error::{Error, PyExc, Result};
use crate::py::value::{float_repr, NpKind, PyValue};
use super::Key;

/// A Python number as float64 (int, bool, float, numpy scalar); `None` for anything else.
pub(crate) fn num(v: &PyValue) -> Option<f64> {
    match v {
        PyValue::Float(f) => Some(*f),
        PyValue::Int(i) => Some(*i as f64),
        PyValue::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        PyValue::BigInt(s) => s.parse::<f64>().ok(),
        PyValue::Np { value, .. } => Some(*value),
        _ => None,
    }
}

/// Set-membership equality of two stored LRs (numbers by value, NaN equal to NaN).
pub(crate) fn same_value(a: &PyValue, b: &PyValue) -> bool {
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x == y || (x.is_nan() && y.is_nan()),
        (None, None) => a == b,
        _ => false,
    }
}

/// `d[k] = v` on an insertion-ordered dict.
pub(crate) fn dict_set(d: &mut Vec<(Key, PyValue)>, k: Key, v: PyValue) {
    match d.iter_mut().find(|(key, _)| *key == k) {
        Some(slot) => slot.1 = v,
        None => d.push((k, v)),
    }
}

/// `d.update(items)` on an insertion-ordered dict (a repeated key in `items` updates the first
/// one's value); an empty `d` takes `items` as they are when no key repeats.
pub(crate) fn dict_update(d: &mut Vec<(Key, PyValue)>, items: Vec<(Key, PyValue)>) {
    if d.is_empty() && !has_repeated_key(&items) {
        *d = items;
        return;
    }
    if disjoint_increasing(d, &items) == Some(true) {
        d.extend(items);
        return;
    }
    d.reserve(items.len());
    for (k, v) in items {
        dict_set(d, k, v);
    }
}

fn dict_del(d: &mut Vec<(Key, PyValue)>, k: &str) {
    d.retain(|(key, _)| key != k);
}

/// [`flatten_scores`] on scores given away: without nested dicts the items move (repeated keys
/// merged as `dict` does), otherwise the general flattening.
pub(crate) fn flatten_scores_owned(scores: Vec<(Key, PyValue)>) -> Vec<(Key, PyValue)> {
    if scores.iter().any(|(_, v)| matches!(v, PyValue::Dict(_))) {
        return flatten_scores(&scores);
    }
    let mut error = Vec::new();
    dict_update(&mut error, scores);
    error
}

/// Keys in strictly increasing order (then no key repeats; RETURNN writes its keys sorted).
fn keys_increasing(items: &[(Key, PyValue)]) -> bool {
    items.windows(2).all(|w| w[0].0 < w[1].0)
}

fn has_repeated_key(items: &[(Key, PyValue)]) -> bool {
    !keys_increasing(items) && items.iter().enumerate().any(|(i, (k, _))| items[..i].iter().any(|(k0, _)| k0 == k))
}

/// Whether two dicts with increasing keys share no key (a merge walk); `None` when a side's keys
/// are not increasing.
fn disjoint_increasing(a: &[(Key, PyValue)], b: &[(Key, PyValue)]) -> Option<bool> {
    if !keys_increasing(a) || !keys_increasing(b) {
        return None;
    }
    let (mut i, mut j) = (0, 0);
    while let (Some((x, _)), Some((y, _))) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return Some(false),
        }
    }
    Some(true)
}

/// `set_epoch_error`'s flattening: a dict value with one entry gives the outer key that value;
/// otherwise each inner `k1` (the part after its first `:`) becomes `outer + "_" + k1`.
pub(crate) fn flatten_scores(scores: &[(Key, PyValue)]) -> Vec<(Key, PyValue)> {
    let mut error: Vec<(Key, PyValue)> = Vec::with_capacity(scores.len());
    for (k, v) in scores {
        dict_set(&mut error, k.clone(), v.clone());
    }
    for (k, v) in scores {
        let PyValue::Dict(inner) = v else { continue };
        dict_del(&mut error, k);
        if inner.len() == 1 {
            if let Some((_, v1)) = inner.first() {
                dict_set(&mut error, k.clone(), v1.clone());
            }
            continue;
        }
        for (k1, v1) in inner {
            let k1 = crate::py::typed_config::py_str(k1);
            let rest = match k1.find(':') {
                Some(i) => k1[i + 1..].to_string(),
                None => k1,
            };
            dict_set(&mut error, Key::from(format!("{k}_{rest}")), v1.clone());
        }
    }
    error
}

/// `lr * factor` for a float factor; `None` leaves the LR; anything else is AssertionError
/// (RETURNN allows a float, None or a callable).
pub(crate) fn apply_factor(lr: &PyValue, factor: &PyValue, what: &str) -> Result<PyValue> {
    let f = match factor {
        PyValue::None => return Ok(lr.clone()),
        PyValue::Float(f) => *f,
        PyValue::Np { kind: NpKind::Float64, value, .. } => *value,
        other => {
            return Err(Error::py(
                PyExc::AssertionError,
                format!("{what} must be a float, None or a callable, not {} {}", other.type_name(), other.repr()),
            ))
        }
    };
    let np_result = matches!(factor, PyValue::Np { .. }) || matches!(lr, PyValue::Np { kind: NpKind::Float64, .. });
    let x = match lr {
        PyValue::Float(x) => *x,
        PyValue::Int(_) | PyValue::Bool(_) | PyValue::BigInt(_) => num(lr).unwrap_or(f64::NAN),
        PyValue::Np { kind: NpKind::Float64, value, .. } => *value,
        other => {
            return Err(Error::py(
                PyExc::TypeError,
                format!("unsupported operand type(s) for *: '{}' and 'float'", other.type_name()),
            ))
        }
    };
    let y = x * f;
    Ok(if np_result { PyValue::Np { kind: NpKind::Float64, value: y, text: float_repr(y) } } else { PyValue::Float(y) })
}

/// numpy's float64 pairwise summation (`numpy.add.reduce`), as used by `numpy.mean`.
fn pairwise_sum(a: &[f64]) -> f64 {
    let n = a.len();
    if n < 8 {
        let mut s = 0.0;
        for x in a {
            s += x;
        }
        s
    } else if n <= 128 {
        let mut r = [0.0f64; 8];
        r.copy_from_slice(&a[..8]);
        let mut i = 8;
        while i + 8 <= n {
            for (j, rj) in r.iter_mut().enumerate() {
                *rj += a[i + j];
            }
            i += 8;
        }
        let mut s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for x in &a[i..] {
            s += x;
        }
        s
    } else {
        let n2 = (n / 2) - (n / 2) % 8;
        pairwise_sum(&a[..n2]) + pairwise_sum(&a[n2..])
    }
}

/// `float(numpy.mean(values))` for float64 values (NaN for an empty list, as numpy).
pub fn numpy_mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    pairwise_sum(values) / values.len() as f64
}

fn zero_division() -> Error {
    Error::py(PyExc::ZeroDivisionError, "float division by zero")
}

fn operand(v: &PyValue) -> Result<f64> {
    num(v).ok_or_else(|| Error::py(PyExc::TypeError, format!("unsupported operand type(s) for -: '{}'", v.type_name())))
}

impl LrControl {
    /// `get_last_epoch(epoch)`: the most recent epoch `< epoch` with an entry.
    pub(crate) fn last_epoch(&self, epoch: i64) -> Option<i64> {
        self.epoch_data.range(..epoch).next_back().map(|(e, _)| *e)
    }

    /// `_last_epochs_for_epoch(epoch, n)`: the last `n` epochs `< epoch` with an entry, sorted.
    pub(crate) fn last_epochs_for_epoch(&self, epoch: i64, n: i64) -> Vec<i64> {
        let n = usize::try_from(n.max(0)).unwrap_or(usize::MAX);
        let mut v: Vec<i64> = self.epoch_data.range(..epoch).rev().take(n).map(|(e, _)| *e).collect();
        v.reverse();
        v
    }

    /// `get_most_recent_learning_rate(epoch, exclude_current)`: skips `None` LRs; the default LR
    /// if there is none.
    pub(crate) fn most_recent_lr(&self, epoch: i64, exclude_current: bool) -> (Option<i64>, PyValue) {
        let upper = if exclude_current { self.epoch_data.range(..epoch) } else { self.epoch_data.range(..=epoch) };
        for (e, d) in upper.rev() {
            if !matches!(d.learning_rate, PyValue::None) {
                return (Some(*e), d.learning_rate.clone());
            }
        }
        (None, self.default_lr.clone())
    }

    /// `get_error_key(epoch)` with how the key was found.
    pub(crate) fn error_key_choice(&self, epoch: i64) -> Result<Option<KeyChoice>> {
        let Some(data) = self.epoch_data.get(&epoch) else {
            return match &self.error_measure {
                PyValue::List(items) => match items.first() {
                    Some(PyValue::Str(s)) => Ok(Some(KeyChoice { key: s.clone(), source: KeySource::NoEntry })),
                    // A non-str item, or an empty list (which a config cannot produce: `[]` reads
                    // as `""`): no key. Only asked for epochs without an entry.
                    _ => Ok(None),
                },
                PyValue::Str(s) => Ok(Some(KeyChoice { key: s.clone(), source: KeySource::NoEntry })),
                PyValue::None => Ok(None),
                other => Err(measure_type_error(other)),
            };
        };
        let error = &data.error;
        if error.is_empty() {
            return Ok(None);
        }
        if error.len() == 1 && error[0].0 == "old_format_score" {
            return Ok(Some(KeyChoice { key: "old_format_score".into(), source: KeySource::OldFormatScore }));
        }
        // The configured measures (all must be str before any is looked up), each as written,
        // then with `_output`; then `dev_score`, `dev_score_output`. Compared without building
        // the candidate strings; only the chosen key is allocated.
        let measures: &[PyValue] = match &self.error_measure {
            PyValue::List(items) => {
                if let Some(item) = items.iter().find(|i| !matches!(i, PyValue::Str(_))) {
                    return Err(Error::py(
                        PyExc::TypeError,
                        format!("unsupported operand type(s) for +: '{}' and 'str'", item.type_name()),
                    ));
                }
                items
            }
            PyValue::Str(_) => std::slice::from_ref(&self.error_measure),
            PyValue::None => &[],
            other => return Err(measure_type_error(other)),
        };
        let has = |key: &str| error.iter().any(|(k, _)| k == key);
        let has_output = |m: &str| {
            error.iter().any(|(k, _)| k.len() == m.len() + 7 && k.starts_with(m) && k.ends_with("_output"))
        };
        for (index, item) in measures.iter().enumerate() {
            let PyValue::Str(m) = item else { continue };
            if has(m) {
                return Ok(Some(KeyChoice { key: m.clone(), source: KeySource::Configured { index } }));
            }
            if has_output(m) {
                return Ok(Some(KeyChoice { key: format!("{m}_output"), source: KeySource::OutputFallback { index } }));
            }
        }
        for key in ["dev_score", "dev_score_output"] {
            if has(key) {
                return Ok(Some(KeyChoice { key: key.to_string(), source: KeySource::Default { rule: 4 } }));
            }
        }
        let mut keys: Vec<&str> = error.iter().map(|(k, _)| k.as_str()).collect();
        crate::engine::sort::sort(&mut keys);
        let rules: [(u8, KeyRule); 3] = [
            (5, |k| k == "dev_score_output/output" || k.starts_with("dev_score_output/output_")),
            (6, |k| k.starts_with("dev_score_output/")),
            (7, |k| k.starts_with("dev_")),
        ];
        for (rule, pred) in rules {
            if let Some(k) = keys.iter().find(|k| pred(k)) {
                return Ok(Some(KeyChoice { key: k.to_string(), source: KeySource::Default { rule } }));
            }
        }
        for key in ["train_score", "train_score_output"] {
            if error.iter().any(|(k, _)| k == key) {
                return Ok(Some(KeyChoice { key: key.to_string(), source: KeySource::Default { rule: 8 } }));
            }
        }
        Ok(keys.first().map(|k| KeyChoice { key: k.to_string(), source: KeySource::Default { rule: 9 } }))
    }

    /// `get_epoch_error_key_value(epoch)`: `(None, None)` without scores; `assert key`.
    pub(crate) fn error_key_value(&self, epoch: i64) -> Result<(Option<KeyChoice>, Option<PyValue>)> {
        let Some(data) = self.epoch_data.get(&epoch).filter(|d| !d.error.is_empty()) else {
            return Ok((None, None));
        };
        let choice = self.error_key_choice(epoch)?;
        let Some(choice) = choice.filter(|c| !c.key.is_empty()) else {
            return Err(Error::py(PyExc::AssertionError, format!("empty error key for epoch {epoch}")));
        };
        let value = data.error.iter().find(|(k, _)| *k == choice.key).map(|(_, v)| v.clone());
        let Some(value) = value else {
            return Err(Error::py(PyExc::AssertionError, format!("{:?} not in the scores of epoch {epoch}", choice.key)));
        };
        Ok((Some(choice), Some(value)))
    }

    /// Looks up both epochs' keys and scores: `Err(outcome)` when they are not comparable.
    fn compared_scores(&self, old: i64, new: i64, c: &mut Comparison) -> Result<Option<(f64, f64)>> {
        let (old_key, old_value) = self.error_key_value(old)?;
        let (new_key, new_value) = self.error_key_value(new)?;
        c.old_key = old_key;
        c.new_key = new_key;
        c.old_score = old_value.as_ref().and_then(num);
        c.new_score = new_value.as_ref().and_then(num);
        let (Some(ov), Some(nv)) = (old_value, new_value) else { return Ok(None) };
        if matches!(ov, PyValue::None) || matches!(nv, PyValue::None) {
            return Ok(None);
        }
        if c.old_key.as_ref().map(|k| &k.key) != c.new_key.as_ref().map(|k| &k.key) {
            c.outcome = Outcome::KeyMismatch;
            return Ok(None);
        }
        Ok(Some((operand(&ov)?, operand(&nv)?)))
    }

    fn new_comparison(old: i64, new: i64) -> Comparison {
        Comparison {
            old_epoch: old,
            new_epoch: new,
            old_key: None,
            new_key: None,
            old_score: None,
            new_score: None,
            outcome: Outcome::NoScores,
        }
    }

    /// `calc_relative_error(old, new)` (5.1), recorded into the decision.
    pub(crate) fn relative_error(&self, old: i64, new: i64, dec: &mut Decision) -> Result<Option<f64>> {
        let mut c = Self::new_comparison(old, new);
        let scores = self.compared_scores(old, new, &mut c);
        let result = match scores {
            Ok(Some((ov, nv))) => self.relative_value(ov, nv, new, &mut c),
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        };
        dec.comparisons.push(c);
        result
    }

    fn relative_value(&self, ov: f64, nv: f64, new: i64, c: &mut Comparison) -> Result<Option<f64>> {
        let diff = nv - ov;
        let (divisor, divisor_value) = if self.div_by_old { (Divisor::Old, ov.abs()) } else { (Divisor::New, nv.abs()) };
        if divisor_value == 0.0 {
            return Err(zero_division());
        }
        let unscaled = diff / divisor_value;
        let mut value = unscaled;
        let mut lr_scale = None;
        if self.relative_lr {
            let (_, lr) = self.most_recent_lr(new, false);
            let l = operand(&lr)?;
            let q = if l > 0.0 {
                let default = operand(&self.default_lr)?;
                if default == 0.0 {
                    return Err(zero_division());
                }
                let q = l / default;
                if q == 0.0 {
                    return Err(zero_division());
                }
                value /= q;
                Some(q)
            } else {
                None
            };
            lr_scale = Some(LrScale { lr: l, default_lr: num(&self.default_lr).unwrap_or(f64::NAN), q });
        }
        c.outcome = Outcome::Relative { diff, divisor, divisor_value, unscaled, lr_scale, value };
        Ok(Some(value))
    }

    /// NewbobAbs: `score(new) - score(old)`, recorded into the decision.
    pub(crate) fn absolute_error(&self, old: i64, new: i64, dec: &mut Decision) -> Result<Option<f64>> {
        let mut c = Self::new_comparison(old, new);
        let scores = self.compared_scores(old, new, &mut c);
        let result = match scores {
            Ok(Some((ov, nv))) => {
                let value = nv - ov;
                c.outcome = Outcome::Absolute { value };
                Ok(Some(value))
            }
            Ok(None) => Ok(None),
            Err(e) => Err(e),
        };
        dec.comparisons.push(c);
        result
    }
}

/// A predicate of the default key search (rules 5-7).
type KeyRule = fn(&str) -> bool;

fn measure_type_error(v: &PyValue) -> Error {
    Error::py(
        PyExc::AssertionError,
        format!("learning_rate_control_error_measure must be a str or a list, not {} {}", v.type_name(), v.repr()),
    )
}

/// The verdict when a comparison gave no value.
pub(crate) fn no_value_verdict(dec: &Decision) -> super::Verdict {
    if dec.comparisons.iter().any(|c| c.outcome == Outcome::KeyMismatch) {
        super::Verdict::KeyMismatch
    } else {
        super::Verdict::NoData
    }
}

/// A threshold compared with `>` / `<` (None → TypeError).
pub(crate) fn threshold_value(t: &PyValue) -> Result<f64> {
    num(t).ok_or_else(|| {
        Error::py(PyExc::TypeError, format!("'>' not supported between instances of 'float' and '{}'", t.type_name()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_mean_small_and_pairwise() {
        assert_eq!(numpy_mean(&[1.0, 2.0, 3.0]), 2.0);
        let v: Vec<f64> = (0..20).map(|i| 0.1 * i as f64).collect();
        // Eight accumulators, then the rest left to right.
        let mut r = [0.0; 8];
        r.copy_from_slice(&v[..8]);
        for j in 0..8 {
            r[j] += v[8 + j];
        }
        let mut s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for x in &v[16..] {
            s += x;
        }
        assert_eq!(numpy_mean(&v), s / 20.0);
    }

    #[test]
    fn flattening() {
        let inner = PyValue::Dict(vec![
            (PyValue::Str("cost:output".into()), PyValue::Float(1.0)),
            (PyValue::Str("cost:ctc".into()), PyValue::Float(2.0)),
        ]);
        let single = PyValue::Dict(vec![(PyValue::Str("cost:output".into()), PyValue::Float(3.0))]);
        let flat = flatten_scores(&[("dev_score".into(), inner), ("train_score".into(), single)]);
        let keys: Vec<&str> = flat.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, vec!["dev_score_output", "dev_score_ctc", "train_score"]);
    }
}
