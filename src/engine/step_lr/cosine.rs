//! `linear_warmup_cosine_annealing`, used as `functools.partial(linear_warmup_cosine_annealing,
//! **dynamic_learning_rate_kwargs)`: linear warm-up over `num_warmup_epochs` epochs of
//! `epoch_continuous`, `num_constant_epochs` at `max_lr`, then half a cosine from `max_lr` to
//! `min_lr` over `num_epochs` epochs (not clamped: past its end the LR rises again).
use super::num::{Cmp, Val};
use super::{Query, KWARGS};
use crate::py::error::{Error, PyExc, Result};
use crate::py::typed_config::TypedConfig;
use crate::py::value::PyValue;

/// The function's own name (Python's messages start with it).
const FUNCTION: &str = "linear_warmup_cosine_annealing";
/// Its required keyword-only arguments that the partial must bind, in signature order.
pub const REQUIRED: [&str; 4] = ["num_warmup_epochs", "max_lr", "min_lr", "num_epochs"];
/// The optional one (default `0`).
pub const CONSTANT: &str = "num_constant_epochs";

/// Python's "missing N required keyword-only argument(s)" text.
fn missing_message(missing: &[&str]) -> String {
    let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    };
    let s = if missing.len() == 1 { "" } else { "s" };
    format!("{FUNCTION}() missing {} required keyword-only argument{s}: {list}", missing.len())
}

/// The partial's keyword arguments (`dynamic_learning_rate_kwargs`; missing or None: none). The
/// ones RETURNN passes itself (`learning_rate`, `epoch_continuous`, ...) are overridden by the
/// call, other unknown ones land in `**_kwargs`: only the function's own parameters matter.
fn kwargs(config: &TypedConfig) -> Result<Vec<(String, PyValue)>> {
    match config.get(KWARGS) {
        None | Some(PyValue::None) => Ok(Vec::new()),
        Some(PyValue::Dict(items)) => items
            .iter()
            .map(|(k, v)| match k {
                PyValue::Str(k) => Ok((k.clone(), v.clone())),
                _ => Err(Error::py(PyExc::TypeError, "keywords must be strings")),
            })
            .collect(),
        Some(other) => Err(Error::py(PyExc::TypeError, format!("functools.partial() argument after ** must be a mapping, not {}", other.type_name()))),
    }
}

pub(super) fn lr(config: &TypedConfig, q: &Query) -> Result<Val> {
    let kw = kwargs(config)?;
    let get = |name: &str| kw.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v);
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|n| get(n).is_none()).collect();
    if !missing.is_empty() {
        return Err(Error::py(PyExc::TypeError, missing_message(&missing)));
    }
    let arg = |name: &str| get(name).map_or(Ok(Val::Int(0)), Val::from_py);
    let (a, max_lr, min_lr, n, c) = (arg("num_warmup_epochs")?, arg("max_lr")?, arg("min_lr")?, arg("num_epochs")?, arg(CONSTANT)?);
    let lr = Val::Float(q.learning_rate);
    let t = q.epoch_continuous;
    if t.cmp(Cmp::Lt, a)? {
        return lr.mul(max_lr.mul(t)?.div(a)?);
    }
    if a.cmp(Cmp::Le, t)? && t.cmp(Cmp::Lt, a.add(c)?)? {
        return lr.mul(max_lr);
    }
    let t = t.sub(a.add(c)?)?;
    let half = Val::Float(0.5).mul(max_lr.sub(min_lr)?)?;
    let x = Val::Float(std::f64::consts::PI).mul(t)?.div(n)?;
    let wave = Val::Int(1).add(cos(x)?)?;
    lr.mul(min_lr.add(half.mul(wave)?)?)
}

/// Python's `math.cos`: C `cos` ([`super::exact::python_cos`]); an infinite argument is `ValueError: math domain error`.
fn cos(x: Val) -> Result<Val> {
    let x = x.to_f64().map_err(|_| Error::py(PyExc::TypeError, format!("must be real number, not {}", x.type_name())))?;
    if x.is_infinite() {
        return Err(Error::py(PyExc::ValueError, "math domain error"));
    }
    Ok(Val::Float(super::exact::python_cos(x)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_missing_argument_texts() {
        assert_eq!(missing_message(&["max_lr"]), "linear_warmup_cosine_annealing() missing 1 required keyword-only argument: 'max_lr'");
        assert_eq!(missing_message(&["a", "b"]), "linear_warmup_cosine_annealing() missing 2 required keyword-only arguments: 'a' and 'b'");
        assert_eq!(
            missing_message(&REQUIRED),
            "linear_warmup_cosine_annealing() missing 4 required keyword-only arguments: 'num_warmup_epochs', 'max_lr', 'min_lr', and 'num_epochs'"
        );
    }
}
