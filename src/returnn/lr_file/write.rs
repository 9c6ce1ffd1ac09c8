//! The writer: RETURNN's `better_repr` of the `{epoch: EpochData}` dict plus `"\n"`, byte for byte.
use super::{EpochData, LrFile};
use crate::py::value::{float_repr, str_repr, NpKind, PyValue};

/// The full file text RETURNN's `save()` writes for these epochs.
pub fn write(file: &LrFile) -> String {
    let items: Vec<String> = file.iter().map(|(e, d)| format!("{}: {}", e, epoch_data_repr(d))).collect();
    let mut out = join_dict_items(&items);
    out.push('\n');
    out
}

/// `repr(EpochData)`: `EpochData(learningRate=LR, error={...})`, scores and `:meta:` keys merged.
pub fn epoch_data_repr(d: &EpochData) -> String {
    let mut items: Vec<(PyValue, &PyValue)> = Vec::with_capacity(d.error.len() + d.meta.len());
    for (k, v) in &d.error {
        items.push((PyValue::Str(k.to_string()), v));
    }
    for (k, v) in &d.meta {
        items.push((PyValue::Str(format!(":meta:{k}")), v));
    }
    format!("EpochData(learningRate={}, error={})", better_repr(&d.learning_rate), dict_repr(items))
}

/// RETURNN's `better_repr`: sorted dicts with the 40-code-point one-line rule, multi-line lists,
/// `float('nan')` for non-finite floats, Python `repr` otherwise.
pub fn better_repr(v: &PyValue) -> String {
    match v {
        PyValue::Float(f) if !f.is_finite() => format!("float('{}')", float_repr(*f)),
        // np.float64 is a float subclass: RETURNN's special case wraps numpy's repr (its bug).
        PyValue::Np { kind: NpKind::Float64, value, .. } if !value.is_finite() => format!("float('{}')", v.repr()),
        PyValue::Dict(items) => dict_repr(items.iter().map(|(k, v)| (k.clone(), v)).collect()),
        PyValue::List(items) => {
            let mut out = String::from("[\n");
            for item in items {
                out.push_str(&better_repr(item));
                out.push_str(",\n");
            }
            out.push(']');
            out
        }
        // RETURNN's quirk: a 1-tuple is written with `str()` of its item, longer ones with
        // `better_repr` of each item.
        PyValue::Tuple(items) if items.len() == 1 => format!("({},)", py_str(&items[0])),
        PyValue::Tuple(items) => format!("({})", items.iter().map(better_repr).collect::<Vec<_>>().join(", ")),
        PyValue::Str(s) => str_repr(s),
        other => other.repr(),
    }
}

/// Python's `str(x)`: a string itself, a numpy scalar its bare number, anything else its repr.
fn py_str(v: &PyValue) -> String {
    match v {
        PyValue::Str(s) => s.clone(),
        PyValue::Np { text, .. } => text.clone(),
        other => other.repr(),
    }
}

fn dict_repr(mut items: Vec<(PyValue, &PyValue)>) -> String {
    crate::engine::sort::sort_by(&mut items, |a, b| key_order(&a.0, &b.0));
    let strs: Vec<String> = items.iter().map(|(k, v)| format!("{}: {}", better_repr(k), better_repr(v))).collect();
    join_dict_items(&strs)
}

fn join_dict_items(items: &[String]) -> String {
    let len: usize = items.iter().map(|s| s.chars().count()).sum();
    if len >= 40 {
        let mut out = String::from("{\n");
        for s in items {
            out.push_str(s);
            out.push_str(",\n");
        }
        out.push('}');
        out
    } else {
        format!("{{{}}}", items.join(", "))
    }
}

/// Python's `sorted()` order for dict keys of one type: ints numerically, strings by code point.
fn key_order(a: &PyValue, b: &PyValue) -> std::cmp::Ordering {
    match (a, b) {
        (PyValue::Str(x), PyValue::Str(y)) => x.cmp(y),
        (PyValue::Int(x), PyValue::Int(y)) => x.cmp(y),
        (x, y) => {
            let fx = x.as_py_float().or(match x { PyValue::Int(i) => Some(*i as f64), _ => None });
            let fy = y.as_py_float().or(match y { PyValue::Int(i) => Some(*i as f64), _ => None });
            match (fx, fy) {
                (Some(p), Some(q)) => p.partial_cmp(&q).unwrap_or(std::cmp::Ordering::Equal),
                _ => x.repr().cmp(&y.repr()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smallest_epoch_item_is_multiline_and_short_dicts_inline() {
        let mut f = LrFile::new();
        f.insert(1, EpochData::new(1.0));
        assert_eq!(write(&f), "{\n1: EpochData(learningRate=1.0, error={}),\n}\n");
        assert_eq!(write(&LrFile::new()), "{}\n");
        let mut d = EpochData::new(0.001);
        d.error.push(("dev_score_output".into(), PyValue::Float(f64::NAN)));
        assert_eq!(epoch_data_repr(&d), "EpochData(learningRate=0.001, error={'dev_score_output': float('nan')})");
    }

    #[test]
    fn tuples_as_returnn_writes_them() {
        let t = |items: Vec<PyValue>| better_repr(&PyValue::Tuple(items));
        assert_eq!(t(vec![PyValue::Str("a".into())]), "(a,)");
        assert_eq!(t(vec![PyValue::Float(f64::NAN), PyValue::List(vec![PyValue::Int(1)])]), "(float('nan'), [\n1,\n])");
        assert_eq!(t(vec![]), "()");
    }
}
