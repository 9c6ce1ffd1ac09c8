//! The learning_rate_file reader: what RETURNN's loader accepts, without evaluating anything.
//!
//! RETURNN reads the file with Python `eval`, with `EpochData`, `nan`, `inf` and `np` (numpy) in
//! scope (spec section 8.3). This reader parses the text with [`python_literal`] and evaluates the
//! forms such files hold: dict displays, `EpochData(...)` with RETURNN's constructor checks, number,
//! string, `True`/`False`/`None` literals, lists and tuples, unary `-`/`+`, bare `nan`/`inf`,
//! `float(...)`, `int(...)`, `np.float64(...)`, `np.float32(...)`, `np.int64(...)`, `np.nan`,
//! `np.inf`. Errors carry the exception type RETURNN's loader raises (`SyntaxError`, `NameError`,
//! `TypeError`, `ValueError`, ...) and the line and column. Valid Python this reader does not
//! evaluate (arithmetic, comprehensions, ...) is a located `NotImplementedError`.
//!
//! [`parse_pasted`] additionally accepts excerpts: `N: EpochData(...)` items commented out with `#`
//! or without the surrounding braces, as people paste them into configs and notes.
use super::{EpochData, Key, LrFile};
use crate::py::error::{Error, PyExc};
use crate::returnn::python_literal::{
    self as pl, dict_from_items, negate, py_float_from_str, py_int_from_str, Arg, DictItem, Expr, ExprKind, Span,
};
use crate::py::json::py_to_json;
use crate::py::value::{float_repr, str_repr, NpKind, PyValue};
use serde_json::{Map, Value};

/// Parses a `learning_rate_file` exactly as RETURNN's loader reads it. Files in the layout
/// RETURNN writes take a fast single-pass reader ([`super::parse_fast`]); everything else, and
/// every error, comes from the general reader ([`parse_general`]), with identical results.
pub fn parse(text: &str) -> Result<LrFile, Error> {
    match super::fast::parse_fast(text) {
        Some(file) => Ok(file),
        None => parse_general(text),
    }
}

/// [`parse`] without the fast path: the general parser + evaluator (for tests and fuzzing).
pub fn parse_general(text: &str) -> Result<LrFile, Error> {
    let expr = pl::parse_expression(text)?;
    Eval.file(&expr)
}

/// The epochs as the reference vectors write them (`expected.epochs`): `{"<epoch>":
/// {"learning_rate", "error": {...}, "meta": {...}}}`, epochs in numeric order, score and meta keys
/// sorted; numpy scalars as their numbers, non-finite floats as `"NaN"`/`"Infinity"`.
pub fn epochs_json(file: &LrFile) -> Value {
    fn sorted(items: &[(Key, PyValue)]) -> Value {
        let mut refs: Vec<&(Key, PyValue)> = items.iter().collect();
        crate::engine::sort::sort_by(&mut refs, |a, b| a.0.cmp(&b.0));
        Value::Object(refs.into_iter().map(|(k, v)| (k.to_string(), py_to_json(v))).collect())
    }
    let mut out = Map::new();
    for (epoch, d) in file {
        let mut m = Map::new();
        m.insert("learning_rate".into(), py_to_json(&d.learning_rate));
        m.insert("error".into(), sorted(&d.error));
        m.insert("meta".into(), sorted(&d.meta));
        out.insert(epoch.to_string(), Value::Object(m));
    }
    Value::Object(out)
}

/// Like [`parse`], but if the text is not a file RETURNN could load, reads the `N: EpochData(...)`
/// items in it (commented out with `#`, without braces, between other lines). Errors are located
/// in the original text. Text without such items gives [`parse`]'s error.
pub fn parse_pasted(text: &str) -> Result<LrFile, Error> {
    let strict = match parse(text) {
        Ok(f) => return Ok(f),
        Err(e) => e,
    };
    let uncommented = uncomment(text);
    let chunks = item_chunks(&uncommented);
    if chunks.is_empty() {
        return Err(strict);
    }
    // Each item on its own, with the line and column it has in `text`; the first error wins.
    let mut file = LrFile::new();
    let (mut line, mut line_start, mut scanned) = (1usize, 0usize, 0usize);
    for (start, end) in chunks {
        let before = uncommented.get(scanned..start).unwrap_or("");
        for (i, b) in before.bytes().enumerate() {
            if b == b'\n' {
                line += 1;
                line_start = scanned + i + 1;
            }
        }
        scanned = start;
        let column = uncommented.get(line_start..start).map_or(1, |s| s.chars().count() + 1);
        let chunk = uncommented.get(start..end).unwrap_or("");
        let expr = pl::parse_dict_items(chunk, line, column)?;
        file.extend(Eval.file(&expr)?);
    }
    Ok(file)
}

/// Replaces the `#` characters that start a line (after indentation) with spaces.
fn uncomment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let mut leading = true;
        for c in line.chars() {
            if leading && c == '#' {
                out.push(' ');
                continue;
            }
            if !c.is_whitespace() {
                leading = false;
            }
            out.push(c);
        }
    }
    out
}

/// Byte ranges of the `N: EpochData(...)` items that start a line, each up to its closing
/// parenthesis (or the end of the text when it is never closed).
fn item_chunks(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut chunks = Vec::new();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = text[line_start..].find('\n').map_or(bytes.len(), |i| line_start + i + 1);
        let mut i = line_start;
        while i < line_end && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        let item_start = i;
        if i < line_end && bytes[i] == b'-' {
            i += 1;
        }
        let digits_start = i;
        while i < line_end && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let mut ok = i > digits_start;
        while ok && i < line_end && bytes[i] == b' ' {
            i += 1;
        }
        ok = ok && i < line_end && bytes[i] == b':';
        if ok {
            i += 1;
            while i < line_end && bytes[i] == b' ' {
                i += 1;
            }
            ok = text[i..].starts_with("EpochData");
        }
        if !ok {
            line_start = line_end;
            continue;
        }
        let end = match text[i..].find('(') {
            Some(p) => matching_paren(bytes, i + p),
            None => bytes.len(),
        };
        chunks.push((item_start, end));
        // Continue with the line after the item's end.
        line_start = text[end..].find('\n').map_or(bytes.len(), |k| end + k + 1);
    }
    chunks
}

/// The byte index just after the parenthesis closing the one at `open` (strings respected), or
/// the end of the text.
fn matching_paren(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = open;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' {
                    i += 1;
                } else if b == q || b == b'\n' {
                    quote = None;
                }
            }
            None => match b {
                b'\'' | b'"' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return i + 1;
                    }
                }
                _ => {}
            },
        }
        i += 1;
    }
    bytes.len()
}

/// The result of evaluating an expression: a plain value or an `EpochData` instance.
enum Val {
    Py(PyValue),
    Epoch(Box<EpochData>),
}

/// Python builtins that can appear in a file but are not values this reader evaluates.
const BUILTINS: &[&str] = &[
    "abs", "all", "any", "bin", "bool", "bytes", "chr", "complex", "dict", "divmod", "enumerate", "filter", "float",
    "frozenset", "hex", "int", "isinstance", "len", "list", "map", "max", "min", "oct", "ord", "pow", "print",
    "range", "repr", "reversed", "round", "set", "sorted", "str", "sum", "tuple", "type", "zip", "Ellipsis",
    "NotImplemented", "object", "EpochData", "np",
];

fn err(exc: PyExc, span: Span, message: impl Into<String>) -> Error {
    Error::parse(exc, span.start.line, span.start.column, message)
}

fn class_name(v: &PyValue) -> String {
    format!("<class '{}'>", v.type_name())
}

fn unsupported(e: &Expr) -> Error {
    err(
        PyExc::NotImplementedError,
        e.span,
        format!("{} is valid Python that this reader does not evaluate", e.describe()),
    )
}

/// The evaluator of the parsed text (Python's `eval` for the forms above).
struct Eval;

impl Eval {
    /// The whole file: a dict {epoch: EpochData}.
    fn file(&self, e: &Expr) -> Result<LrFile, Error> {
        let ExprKind::Dict(items) = &e.kind else {
            // Python would evaluate it fine; RETURNN then has no epoch table.
            let v = self.eval(e)?;
            let what = match &v {
                Val::Py(p) => p.type_name(),
                Val::Epoch(_) => "EpochData",
            };
            return Err(err(PyExc::TypeError, e.span, format!("expected a dict {{epoch: EpochData(...)}} but the file holds a {what}")));
        };
        // Python evaluates every key and value first (errors in source order), then RETURNN uses it.
        let mut evaluated = Vec::with_capacity(items.len());
        for item in items {
            match item {
                DictItem::Pair(k, v) => evaluated.push((self.py(k)?, k.span, self.eval(v)?, v.span)),
                DictItem::Splat(x) => return Err(unsupported(x)),
            }
        }
        let mut file = LrFile::new();
        for (key, key_span, val, val_span) in evaluated {
            let PyValue::Int(epoch) = key else {
                let msg = match key {
                    PyValue::BigInt(s) => format!("epoch {s} is out of range"),
                    other => format!("epoch keys must be ints, not {} ({})", other.type_name(), other.repr()),
                };
                return Err(err(PyExc::TypeError, key_span, msg));
            };
            let Val::Epoch(data) = val else {
                return Err(err(PyExc::TypeError, val_span, format!("epoch {epoch}: expected EpochData(...)")));
            };
            // A repeated epoch: the later entry wins, as in a Python dict.
            file.insert(epoch, *data);
        }
        Ok(file)
    }

    fn py(&self, e: &Expr) -> Result<PyValue, Error> {
        match self.eval(e)? {
            Val::Py(v) => Ok(v),
            Val::Epoch(_) => Err(err(
                PyExc::NotImplementedError,
                e.span,
                "an EpochData(...) inside a value is valid Python that this reader does not keep",
            )),
        }
    }

    fn eval(&self, e: &Expr) -> Result<Val, Error> {
        Ok(Val::Py(match &e.kind {
            ExprKind::Num(v) | ExprKind::Const(v) => v.clone(),
            ExprKind::Str(s) => PyValue::Str(s.clone()),
            ExprKind::Name(n) => match n.as_str() {
                "nan" => PyValue::Float(f64::NAN),
                "inf" => PyValue::Float(f64::INFINITY),
                b if BUILTINS.contains(&b) => return Err(unsupported(e)),
                other => return Err(err(PyExc::NameError, e.span, format!("name '{other}' is not defined"))),
            },
            ExprKind::Attribute(base, attr) => {
                self.check_np(base)?;
                match attr.as_str() {
                    "nan" | "NaN" | "NAN" => PyValue::Float(f64::NAN),
                    "inf" | "Inf" | "Infinity" | "PINF" | "infty" => PyValue::Float(f64::INFINITY),
                    _ => return Err(unsupported(e)),
                }
            }
            ExprKind::Unary(op @ ("-" | "+"), inner) => {
                let v = self.py(inner)?;
                unary(op, &v).ok_or_else(|| {
                    err(PyExc::TypeError, e.span, format!("bad operand type for unary {op}: '{}'", v.type_name()))
                })?
            }
            ExprKind::List(items) => PyValue::List(self.all(items)?),
            ExprKind::Tuple(items) => PyValue::Tuple(self.all(items)?),
            ExprKind::Dict(items) => {
                let mut pairs = Vec::with_capacity(items.len());
                for item in items {
                    let DictItem::Pair(k, v) = item else { return Err(unsupported(e)) };
                    let key = self.py(k)?;
                    let value = self.py(v)?;
                    if matches!(key, PyValue::List(_) | PyValue::Dict(_)) {
                        return Err(err(PyExc::TypeError, k.span, format!("unhashable type: '{}'", key.type_name())));
                    }
                    pairs.push((key, value));
                }
                dict_from_items(pairs)
            }
            ExprKind::Call { func, args } => return self.call(e, func, args),
            _ => return Err(unsupported(e)),
        }))
    }

    fn all(&self, items: &[Expr]) -> Result<Vec<PyValue>, Error> {
        items.iter().map(|x| self.py(x)).collect()
    }

    /// `np` is the only module in scope.
    fn check_np(&self, base: &Expr) -> Result<(), Error> {
        match &base.kind {
            ExprKind::Name(n) if n == "np" => Ok(()),
            ExprKind::Name(n) if !BUILTINS.contains(&n.as_str()) && n != "nan" && n != "inf" => {
                Err(err(PyExc::NameError, base.span, format!("name '{n}' is not defined")))
            }
            _ => Err(unsupported(base)),
        }
    }

    fn call(&self, e: &Expr, func: &Expr, args: &[Arg]) -> Result<Val, Error> {
        enum Callee {
            EpochData,
            Float,
            Int,
            Np(NpKind),
        }
        let callee = match &func.kind {
            ExprKind::Name(n) if n == "EpochData" => Callee::EpochData,
            ExprKind::Name(n) if n == "float" => Callee::Float,
            ExprKind::Name(n) if n == "int" => Callee::Int,
            ExprKind::Attribute(base, attr) => {
                self.check_np(base)?;
                match attr.as_str() {
                    "float64" | "double" | "float_" => Callee::Np(NpKind::Float64),
                    "float32" | "single" => Callee::Np(NpKind::Float32),
                    "int64" | "int_" => Callee::Np(NpKind::Int64),
                    _ => return Err(unsupported(e)),
                }
            }
            _ => {
                self.eval(func)?;
                return Err(unsupported(e));
            }
        };
        // Arguments are evaluated first, in source order.
        let mut positional = Vec::new();
        let mut keywords: Vec<(String, PyValue, Span)> = Vec::new();
        for a in args {
            match a {
                Arg::Positional(x) => positional.push((self.py(x)?, x)),
                Arg::Keyword { name, value, name_span } => keywords.push((name.clone(), self.py(value)?, *name_span)),
                Arg::Star(x) | Arg::DoubleStar(x) => return Err(unsupported(x)),
            }
        }
        match callee {
            Callee::EpochData => epoch_data(e.span, positional.len(), keywords).map(|d| Val::Epoch(Box::new(d))),
            Callee::Float | Callee::Int => {
                let name = if matches!(callee, Callee::Float) { "float" } else { "int" };
                if let Some((k, _, _)) = keywords.first() {
                    return Err(err(PyExc::TypeError, e.span, format!("{name}() got an unexpected keyword argument '{k}'")));
                }
                if positional.len() > 1 {
                    return Err(err(PyExc::TypeError, e.span, format!("{name} expected at most 1 argument, got {}", positional.len())));
                }
                let arg = positional.first().map(|(v, _)| v);
                let r = if matches!(callee, Callee::Float) { to_float(arg) } else { to_int(arg) };
                r.map(Val::Py).map_err(|(exc, msg)| err(exc, e.span, msg))
            }
            Callee::Np(kind) => {
                if let Some((k, _, _)) = keywords.first() {
                    return Err(err(PyExc::TypeError, e.span, format!("'{k}' is an invalid keyword argument for numpy.{}()", kind.name())));
                }
                if positional.len() > 1 {
                    return Err(err(PyExc::TypeError, e.span, format!("numpy.{}() takes at most 1 argument ({} given)", kind.name(), positional.len())));
                }
                let arg = positional.first().map(|(v, _)| v);
                self.np_scalar(kind, arg).map(Val::Py).map_err(|(exc, msg)| err(exc, e.span, msg))
            }
        }
    }

    /// `np.float64(x)`, `np.float32(x)`, `np.int64(x)`, with numpy's repr of the value as the text
    /// (what RETURNN writes back: `np.float64(1E-3)` is saved as `np.float64(0.001)`).
    fn np_scalar(&self, kind: NpKind, arg: Option<&PyValue>) -> Result<PyValue, (PyExc, String)> {
        let value = match kind {
            NpKind::Float64 | NpKind::Float32 => {
                let f = match arg {
                    None => 0.0,
                    Some(PyValue::None) => f64::NAN,
                    Some(v) => match to_float(Some(v))? {
                        PyValue::Float(f) => f,
                        _ => f64::NAN,
                    },
                };
                if kind == NpKind::Float32 {
                    f as f32 as f64
                } else {
                    f
                }
            }
            NpKind::Int64 => {
                let v = match arg {
                    None => PyValue::Int(0),
                    Some(v) => to_int(Some(v))?,
                };
                match v {
                    PyValue::Int(i) => i as f64,
                    _ => return Err((PyExc::OverflowError, "Python int too large to convert to C long".into())),
                }
            }
        };
        Ok(PyValue::Np { kind, value, text: np_repr_text(kind, value) })
    }
}

/// numpy's repr text of a scalar value (inside `np.<kind>(...)`).
fn np_repr_text(kind: NpKind, value: f64) -> String {
    match kind {
        NpKind::Int64 => format!("{}", value as i64),
        NpKind::Float64 => float_repr(value),
        NpKind::Float32 => {
            if !value.is_finite() {
                return float_repr(value);
            }
            // The shortest float32 digits, laid out like Python's float repr.
            let shortest = format!("{:e}", value as f32);
            float_repr(shortest.parse::<f64>().unwrap_or(value))
        }
    }
}

fn unary(op: &str, v: &PyValue) -> Option<PyValue> {
    if let PyValue::Np { kind, value, .. } = v {
        if op == "+" {
            return Some(v.clone());
        }
        return Some(PyValue::Np { kind: *kind, value: -value, text: np_repr_text(*kind, -value) });
    }
    match (op, v) {
        ("+", PyValue::Int(_) | PyValue::BigInt(_) | PyValue::Float(_)) => Some(v.clone()),
        ("+", PyValue::Bool(b)) => Some(PyValue::Int(*b as i64)),
        ("-", _) => negate(v),
        _ => None,
    }
}

/// Python's `float(x)` (no argument: `0.0`).
fn to_float(arg: Option<&PyValue>) -> Result<PyValue, (PyExc, String)> {
    let f = match arg {
        None => 0.0,
        Some(PyValue::Float(f)) => *f,
        Some(PyValue::Int(i)) => *i as f64,
        Some(PyValue::BigInt(s)) => {
            let f = s.parse::<f64>().unwrap_or(f64::INFINITY);
            if !f.is_finite() {
                return Err((PyExc::OverflowError, "int too large to convert to float".into()));
            }
            f
        }
        Some(PyValue::Bool(b)) => f64::from(u8::from(*b)),
        Some(PyValue::Np { value, .. }) => *value,
        Some(PyValue::Str(s)) => match py_float_from_str(s) {
            Some(f) => f,
            None => return Err((PyExc::ValueError, format!("could not convert string to float: {}", str_repr(s)))),
        },
        Some(other) => {
            return Err((PyExc::TypeError, format!("float() argument must be a string or a real number, not '{}'", other.type_name())))
        }
    };
    Ok(PyValue::Float(f))
}

/// Python's `int(x)` (no argument: `0`).
fn to_int(arg: Option<&PyValue>) -> Result<PyValue, (PyExc, String)> {
    Ok(match arg {
        None => PyValue::Int(0),
        Some(v @ (PyValue::Int(_) | PyValue::BigInt(_))) => v.clone(),
        Some(PyValue::Bool(b)) => PyValue::Int(i64::from(*b)),
        Some(PyValue::Float(f)) | Some(PyValue::Np { value: f, .. }) => {
            if f.is_nan() {
                return Err((PyExc::ValueError, "cannot convert float NaN to integer".into()));
            }
            if f.is_infinite() {
                return Err((PyExc::OverflowError, "cannot convert float infinity to integer".into()));
            }
            let t = f.trunc();
            if t.abs() < 9.2e18 {
                PyValue::Int(t as i64)
            } else {
                PyValue::BigInt(format!("{t:.0}"))
            }
        }
        Some(PyValue::Str(s)) => match py_int_from_str(s) {
            Some(v) => v,
            None => return Err((PyExc::ValueError, format!("invalid literal for int() with base 10: {}", str_repr(s)))),
        },
        Some(other) => {
            return Err((
                PyExc::TypeError,
                format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", other.type_name()),
            ))
        }
    })
}

/// RETURNN's `EpochData.__init__(*, learning_rate=None, error=None, meta=None, **kwargs)` with
/// `learningRate` popped from the kwargs, and its checks in its order.
fn epoch_data(span: Span, n_positional: usize, keywords: Vec<(String, PyValue, Span)>) -> Result<EpochData, Error> {
    if n_positional > 0 {
        return Err(err(
            PyExc::TypeError,
            span,
            format!("LearningRateControl.EpochData.__init__() takes 1 positional argument but {} were given", n_positional + 1),
        ));
    }
    let mut learning_rate = PyValue::None;
    let mut error = PyValue::None;
    let mut meta = PyValue::None;
    let mut kwargs: Vec<(String, PyValue)> = Vec::new();
    for (name, value, _) in keywords {
        match name.as_str() {
            "learning_rate" => learning_rate = value,
            "error" => error = value,
            "meta" => meta = value,
            _ => kwargs.push((name, value)),
        }
    }
    if matches!(learning_rate, PyValue::None) {
        if let Some(i) = kwargs.iter().position(|(k, _)| k == "learningRate") {
            learning_rate = kwargs.remove(i).1;
        }
    }
    if learning_rate.as_py_float().is_none() {
        return Err(err(PyExc::TypeError, span, format!("EpochData: unexpected learning_rate type: {}", class_name(&learning_rate))));
    }
    if !kwargs.is_empty() {
        let shown = PyValue::Dict(kwargs.into_iter().map(|(k, v)| (PyValue::Str(k), v)).collect());
        return Err(err(PyExc::TypeError, span, format!("EpochData: unexpected kwargs: {}", shown.repr())));
    }
    let error_items: Vec<(PyValue, PyValue)> = match error {
        PyValue::None => Vec::new(),
        PyValue::Dict(items) => items,
        ref v if v.as_py_float().is_some() => vec![(PyValue::Str("old_format_score".into()), v.clone())],
        other => return Err(err(PyExc::TypeError, span, format!("EpochData: unexpected error type: {}", class_name(&other)))),
    };
    // `k.startswith(":meta:")` runs on every error key: a non-str key is an AttributeError.
    let mut error_str: Vec<(Key, PyValue)> = Vec::with_capacity(error_items.len());
    for (k, v) in &error_items {
        match k {
            PyValue::Str(s) => error_str.push((Key::new(s), v.clone())),
            other => {
                return Err(err(PyExc::AttributeError, span, format!("'{}' object has no attribute 'startswith'", other.type_name())))
            }
        }
    }
    let (error, meta) = match meta {
        PyValue::None => {
            let mut plain = Vec::new();
            let mut meta = Vec::new();
            for (k, v) in error_str {
                match k.strip_prefix(":meta:") {
                    Some(m) => meta.push((Key::new(m), v)),
                    None => plain.push((k, v)),
                }
            }
            (plain, meta)
        }
        PyValue::Dict(items) => {
            if error_str.iter().any(|(k, _)| k.starts_with(":meta:")) {
                return Err(err(
                    PyExc::ValueError,
                    span,
                    format!("EpochData: unexpected error keys: {}", PyValue::Dict(error_items).repr()),
                ));
            }
            let meta = items
                .into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        PyValue::Str(s) => Key::from(s),
                        other => Key::from(other.repr()),
                    };
                    (key, v)
                })
                .collect();
            (error_str, meta)
        }
        other => return Err(err(PyExc::TypeError, span, format!("EpochData: unexpected meta type: {}", class_name(&other)))),
    };
    Ok(EpochData { learning_rate, error, meta })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exc_of(text: &str) -> PyExc {
        match parse(text) {
            Ok(_) => panic!("{text} parsed"),
            Err(e) => e.py_exc().unwrap_or(PyExc::RuntimeError),
        }
    }

    #[test]
    fn forms_and_errors() {
        let f = parse("{1: EpochData(learningRate=0.5, error=None), 1: EpochData(learning_rate=0.25)}").expect("ok");
        assert_eq!(f.len(), 1);
        assert_eq!(f[&1].learning_rate, PyValue::Float(0.25));
        let f = parse("{-1: EpochData(learningRate=-inf, error={'a': -np.float64(0.5), 'b': np.int64('7'), 'c': float(3)})}").expect("ok");
        assert_eq!(f[&-1].lr(), f64::NEG_INFINITY);
        assert_eq!(f[&-1].error[0].1.repr(), "np.float64(-0.5)");
        assert_eq!(f[&-1].error[1].1.repr(), "np.int64(7)");
        assert_eq!(f[&-1].error[2].1, PyValue::Float(3.0));
        let f = parse("{1: EpochData(learningRate=np.float64(1E-3), error={'a': np.float32(1e-5), 'b': np.float64(1), 'c': np.int64(7.9), 'd': np.float32('123456789'), 'e': -np.int64(-2)})}").expect("ok");
        let reprs: Vec<String> = f[&1].error.iter().map(|(_, v)| v.repr()).collect();
        assert_eq!(f[&1].learning_rate.repr(), "np.float64(0.001)");
        assert_eq!(reprs, ["np.float32(1e-05)", "np.float64(1.0)", "np.int64(7)", "np.float32(123456790.0)", "np.int64(2)"]);
        assert_eq!(exc_of("{1: EpochData(learningRate=1)}"), PyExc::TypeError);
        assert_eq!(exc_of("{1: EpochData(learningRate=np.float32(0.5))}"), PyExc::TypeError);
        assert_eq!(exc_of("{1: EpochData(learningRate=0.1, error=2)}"), PyExc::TypeError);
        assert_eq!(exc_of("{1: EpochData(learningRate=0.1, meta=2)}"), PyExc::TypeError);
        assert_eq!(exc_of("{1: EpochData(0.1)}"), PyExc::TypeError);
        assert_eq!(exc_of("{1: EpochData(learningRate=0.1, learningRate=0.2)}"), PyExc::SyntaxError);
        assert_eq!(exc_of("{1: EpochData(learningRate=foo)}"), PyExc::NameError);
        assert_eq!(exc_of("{1: EpochData(learningRate=float('x'))}"), PyExc::ValueError);
        assert_eq!(exc_of("{1: EpochData(learningRate=0.1, error={1: 2.0})}"), PyExc::AttributeError);
        assert_eq!(exc_of("{1.0: EpochData(learningRate=0.1)}"), PyExc::TypeError);
        assert_eq!(exc_of("{1: 0.1}"), PyExc::TypeError);
        assert_eq!(exc_of("{1: EpochData(learningRate=0.1 + 0.2)}"), PyExc::NotImplementedError);
        assert_eq!(exc_of("# nothing\n"), PyExc::SyntaxError);
        // Python evaluates the whole dict before RETURNN looks at it: the first error wins.
        assert_eq!(exc_of("{1.5: EpochData(learningRate=float('x')), 2: EpochData(learningRate=1)}"), PyExc::ValueError);
    }

    #[test]
    fn pasted_fragments() {
        let text = "# 19: EpochData(learningRate=1.0, error={\n# 'a': 1.5,\n# ':meta:x': 'y # z',\n# }),\nsome prose (?)\n  20: EpochData(learningRate=0.5, error={})\n";
        let f = parse_pasted(text).expect("ok");
        assert_eq!(f.keys().copied().collect::<Vec<_>>(), vec![19, 20]);
        assert_eq!(f[&19].meta, vec![("x".into(), PyValue::Str("y # z".into()))]);
        let e = parse_pasted("# text\n# 5: EpochData(learningRate=<bad>, error={})\n").expect_err("bad");
        assert!(matches!(e, Error::Parse { exc: PyExc::SyntaxError, line: 2, column: 29, .. }), "{e}");
    }
}
