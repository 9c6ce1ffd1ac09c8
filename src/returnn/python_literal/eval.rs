//! Safe evaluation of config expressions: what can be computed without running any code, exactly
//! as Python and numpy compute it.
//!
//! Evaluated: int/float/str/bool/None literals; arithmetic (`+ - * / // % **`, unary `-`/`+`/`~`)
//! with Python's semantics (`crate::py::arith`); names bound earlier in the file (the caller's
//! [`Env`]); list, tuple and dict displays (with `*x` in lists and tuples); `+` of two lists, two
//! tuples or two strings, a list/tuple/string times an int; `list(...)`, `tuple(...)` of a list,
//! tuple, string, range or numpy array; `range(...)`; `float(...)`, `int(...)`, `abs(...)` of
//! numbers (and `float`/`int` of strings); `numpy.linspace(start, stop, num=50, endpoint=True)` (and its `.tolist()`)
//! when the module name was bound by `import numpy` / `import numpy as np` (numpy 2's float64
//! algorithm, `crate::py::arith::linspace`; `list(...)` of it gives `np.float64` elements, as in
//! Python).
//!
//! Not evaluated (the reason says which part): any other call, attribute, subscript, comparison,
//! `and`/`or`/`not`, conditional expression, comprehension, lambda, f-string, set. A name the file
//! did not bind by an earlier top-level assignment (or that a block, a star import, ... may have
//! changed) is unknown. Python's own errors (`1 / 0`, `2.0 ** 10000`, `int('x')`) are reported
//! as what RETURNN would raise when it loads the config, never guessed around.
//!
//! Bounded: lists of at most [`MAX_ELEMENTS`] elements, values nested at most [`MAX_DEPTH`] deep,
//! expressions nested at most [`MAX_EVAL_DEPTH`] deep, and at most [`MAX_STEPS`] steps (nodes
//! visited plus elements made) per expression, so that no input takes long; nothing panics.
use super::*;
use crate::py::arith::{self, BinOp, Num};
use crate::py::value::NpKind;
use std::collections::HashMap;

/// The most elements a list, tuple or string made by an evaluation may have.
pub const MAX_ELEMENTS: usize = 100_000;
/// The most steps (expression nodes visited plus elements made) one evaluation may take.
pub const MAX_STEPS: usize = 2_000_000;
/// The deepest expression tree the evaluator walks (a longer chain of operators is not evaluated).
pub const MAX_EVAL_DEPTH: usize = 200;

/// What a name in the file is bound to, as far as the evaluator knows.
#[derive(Clone, Debug, PartialEq)]
pub enum Binding {
    /// A value computed from literals.
    Value(PyValue),
    /// The `numpy` module (`import numpy`, `import numpy as np`).
    Numpy,
    /// Bound to something the explorer does not know (the reason).
    Unknown(String),
}

/// The names bound by the file's top-level statements so far.
#[derive(Clone, Debug, Default)]
pub struct Env {
    names: HashMap<String, Binding>,
    /// Set by a star import, `globals().update(...)` and the like: every name not bound again
    /// since may be anything (the reason).
    clobbered: Option<String>,
}

impl Env {
    /// An empty namespace (Python's builtins only).
    pub fn new() -> Env {
        Env::default()
    }

    /// Binds `name` to a value.
    pub fn bind(&mut self, name: &str, value: PyValue) {
        self.names.insert(name.to_string(), Binding::Value(value));
    }

    /// Binds `name` to the numpy module.
    pub fn bind_numpy(&mut self, name: &str) {
        self.names.insert(name.to_string(), Binding::Numpy);
    }

    /// Marks `name` as bound to something unknown.
    pub fn unknown(&mut self, name: &str, why: impl Into<String>) {
        self.names.insert(name.to_string(), Binding::Unknown(why.into()));
    }

    /// Removes `name` (`del name`).
    pub fn remove(&mut self, name: &str) {
        self.names.remove(name);
    }

    /// Every name may have been rebound (`from x import *`, `globals().update(...)`).
    pub fn clobber(&mut self, why: impl Into<String>) {
        let why = why.into();
        for b in self.names.values_mut() {
            *b = Binding::Unknown(why.clone());
        }
        self.clobbered = Some(why);
    }

    /// What `name` is bound to (`None`: not bound by the file).
    pub fn get(&self, name: &str) -> Option<&Binding> {
        self.names.get(name)
    }

    /// Whether `name` is Python's builtin of that name here (not rebound by the file).
    pub fn builtin(&self, name: &str) -> bool {
        self.clobbered.is_none() && !self.names.contains_key(name)
    }
}

/// Why an expression has no value the explorer can give.
#[derive(Clone, Debug, PartialEq)]
pub enum EvalError {
    /// It is not evaluated without running code (or is past a limit): where, and why.
    NotEvaluated { span: Span, reason: String },
    /// Python raises this exception when it evaluates the expression (RETURNN's `Config` would
    /// fail to load the file).
    Raises { span: Span, exc: PyExc, message: String },
}

impl EvalError {
    /// Where the problem is.
    pub fn span(&self) -> Span {
        match self {
            EvalError::NotEvaluated { span, .. } | EvalError::Raises { span, .. } => *span,
        }
    }

    /// A one-line description.
    pub fn reason(&self) -> String {
        match self {
            EvalError::NotEvaluated { reason, .. } => reason.clone(),
            EvalError::Raises { exc, message, .. } => format!("Python raises {exc}: {message}"),
        }
    }
}

/// An intermediate value: a Python value, or one of the objects that only exist inside an
/// expression here (a range, a numpy array).
#[derive(Clone, Debug)]
enum V {
    Py(PyValue),
    Range { start: i128, stop: i128, step: i128 },
    Array(Vec<f64>),
}

fn range_len(start: i128, stop: i128, step: i128) -> i128 {
    // step != 0; the difference fits: both ends are within ±2^127 / 2 in practice, and a
    // saturated difference only makes the length larger (then the element limit applies).
    let (lo, hi, s) = if step > 0 { (start, stop, step) } else { (stop, start, -step) };
    if hi <= lo {
        return 0;
    }
    let d = hi.saturating_sub(lo);
    d / s + i128::from(d % s != 0)
}

struct Ev<'e> {
    env: &'e Env,
    steps: usize,
}

type R<T> = Result<T, EvalError>;

fn not_evaluated(e: &Expr, reason: impl Into<String>) -> EvalError {
    EvalError::NotEvaluated { span: e.span, reason: reason.into() }
}

fn from_error(e: &Expr, err: Error) -> EvalError {
    match err {
        Error::Python { exc, message, .. } => EvalError::Raises { span: e.span, exc, message },
        Error::Limit { what, limit: 0 } => not_evaluated(e, format!("not evaluated: {what}")),
        other => not_evaluated(e, format!("not evaluated: {other}")),
    }
}

fn raises(e: &Expr, exc: PyExc, message: impl Into<String>) -> EvalError {
    EvalError::Raises { span: e.span, exc, message: message.into() }
}

/// The int value of an int or bool.
fn as_int(v: &PyValue) -> Option<i128> {
    match v {
        PyValue::Int(i) => Some(i128::from(*i)),
        PyValue::BigInt(s) => s.parse::<i128>().ok(),
        PyValue::Bool(b) => Some(i128::from(*b)),
        _ => None,
    }
}

fn as_num(v: &PyValue) -> Option<Num> {
    match v {
        PyValue::Float(f) => Some(Num::Float(*f)),
        PyValue::Np { kind: NpKind::Float64, value, .. } => Some(Num::Float(*value)),
        _ => as_int(v).map(Num::Int),
    }
}

/// An int as Python holds it (`Int` when it fits in i64, else `BigInt`).
fn int_value(i: i128) -> PyValue {
    match i64::try_from(i) {
        Ok(small) => PyValue::Int(small),
        Err(_) => PyValue::BigInt(i.to_string()),
    }
}

fn num_value(n: Num) -> PyValue {
    match n {
        Num::Int(i) => int_value(i),
        Num::Float(f) => PyValue::Float(f),
    }
}

/// How deeply a value nests (a scalar is 0).
fn value_depth(v: &PyValue) -> usize {
    match v {
        PyValue::List(items) | PyValue::Tuple(items) => 1 + items.iter().map(value_depth).max().unwrap_or(0),
        PyValue::Dict(items) => 1 + items.iter().map(|(k, v)| value_depth(k).max(value_depth(v))).max().unwrap_or(0),
        _ => 0,
    }
}

/// How many values a value holds, itself included.
fn value_size(v: &PyValue) -> usize {
    match v {
        PyValue::List(items) | PyValue::Tuple(items) => 1 + items.iter().map(value_size).sum::<usize>(),
        PyValue::Dict(items) => 1 + items.iter().map(|(k, v)| value_size(k) + value_size(v)).sum::<usize>(),
        _ => 1,
    }
}

impl<'e> Ev<'e> {
    fn step(&mut self, e: &Expr, n: usize) -> R<()> {
        self.steps = self.steps.saturating_add(n);
        if self.steps > MAX_STEPS {
            return Err(not_evaluated(e, format!("not evaluated: it takes more than {MAX_STEPS} steps")));
        }
        Ok(())
    }

    fn check_len(&mut self, e: &Expr, len: usize) -> R<()> {
        if len > MAX_ELEMENTS {
            return Err(not_evaluated(e, format!("not evaluated: the result would have {len} elements (the explorer evaluates at most {MAX_ELEMENTS})")));
        }
        self.step(e, len)
    }

    fn eval(&mut self, e: &Expr, depth: usize) -> R<V> {
        if depth > MAX_EVAL_DEPTH {
            return Err(not_evaluated(e, format!("not evaluated: nested deeper than {MAX_EVAL_DEPTH} levels")));
        }
        self.step(e, 1)?;
        let d = depth + 1;
        Ok(V::Py(match &e.kind {
            ExprKind::Num(v) | ExprKind::Const(v) => v.clone(),
            ExprKind::Str(s) => PyValue::Str(s.clone()),
            ExprKind::Name(n) => return self.name(e, n),
            ExprKind::Unary(op, inner) => return self.unary(e, op, inner, d),
            ExprKind::Binary(op, a, b) => return self.binary(e, op, a, b, d),
            ExprKind::List(items) => PyValue::List(self.elements(e, items, d)?),
            ExprKind::Tuple(items) => PyValue::Tuple(self.elements(e, items, d)?),
            ExprKind::Dict(items) => {
                let mut pairs = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        DictItem::Pair(k, v) => {
                            let key = self.value(k, d)?;
                            if matches!(key, PyValue::List(_) | PyValue::Dict(_)) {
                                return Err(raises(k, PyExc::TypeError, format!("unhashable type: '{}'", key.type_name())));
                            }
                            pairs.push((key, self.value(v, d)?));
                        }
                        DictItem::Splat(x) => return Err(not_evaluated(x, "'**' in a dict is not evaluated")),
                    }
                }
                dict_from_items(pairs)
            }
            ExprKind::Call { func, args } => return self.call(e, func, args, d),
            ExprKind::Attribute(..) => match self.numpy_attr(e) {
                Some(attr) => return Err(not_evaluated(e, format!("numpy.{attr} is not evaluated (only a call of numpy.linspace is)"))),
                None => return Err(not_evaluated(e, format!("{} is not evaluated (only numpy.linspace after import numpy)", e.describe()))),
            },
            ExprKind::FString(_) => return Err(not_evaluated(e, "an f-string is not evaluated")),
            _ => return Err(not_evaluated(e, format!("{} is not evaluated", e.describe()))),
        }))
    }

    /// A value that must be a Python value (not a range or array).
    fn value(&mut self, e: &Expr, depth: usize) -> R<PyValue> {
        match self.eval(e, depth)? {
            V::Py(v) => {
                if value_depth(&v) > MAX_DEPTH {
                    return Err(not_evaluated(e, format!("not evaluated: the value nests deeper than {MAX_DEPTH} levels")));
                }
                Ok(v)
            }
            V::Range { .. } => Err(not_evaluated(
                e,
                "a range object: RETURNN would hold the range itself, not a list (the explorer evaluates list(range(...)))",
            )),
            V::Array(_) => Err(not_evaluated(e, "a numpy array: the explorer evaluates list(numpy.linspace(...)), not the array itself")),
        }
    }

    fn name(&mut self, e: &Expr, n: &str) -> R<V> {
        match self.env.get(n) {
            Some(Binding::Value(v)) => Ok(V::Py(v.clone())),
            Some(Binding::Numpy) => Err(not_evaluated(e, format!("the module '{n}' is not a value"))),
            Some(Binding::Unknown(why)) => Err(not_evaluated(e, format!("the name '{n}' is not known ({why})"))),
            None => Err(not_evaluated(
                e,
                match &self.env.clobbered {
                    Some(why) => format!("the name '{n}' is not known ({why})"),
                    None => format!("the name '{n}' is not bound by an earlier top-level assignment"),
                },
            )),
        }
    }

    fn unary(&mut self, e: &Expr, op: &str, inner: &Expr, d: usize) -> R<V> {
        let v = self.value(inner, d)?;
        if matches!(v, PyValue::BigInt(_)) && as_int(&v).is_none() {
            return match op {
                "-" => negate(&v).map(V::Py).ok_or_else(|| from_error(e, arith::int_beyond_range())),
                "+" => Ok(V::Py(v)),
                _ => Err(from_error(e, arith::int_beyond_range())),
            };
        }
        if matches!(v, PyValue::Np { .. }) {
            return Err(not_evaluated(e, "arithmetic on numpy scalars is not evaluated"));
        }
        let Some(n) = as_num(&v) else {
            return match op {
                "not" => Err(not_evaluated(e, "'not' is not evaluated")),
                _ => Err(raises(e, PyExc::TypeError, format!("bad operand type for unary {op}: '{}'", v.type_name()))),
            };
        };
        let r = match (op, n) {
            ("+", n) => n,
            ("-", Num::Int(i)) => Num::Int(i.checked_neg().ok_or_else(|| from_error(e, arith::int_beyond_range()))?),
            ("-", Num::Float(f)) => Num::Float(-f),
            ("~", Num::Int(i)) => Num::Int(!i),
            ("~", Num::Float(_)) => return Err(raises(e, PyExc::TypeError, "bad operand type for unary ~: 'float'")),
            _ => return Err(not_evaluated(e, format!("{} is not evaluated", e.describe()))),
        };
        // `+x` of a float or an int keeps the type; of a bool it is an int.
        Ok(V::Py(num_value(r)))
    }

    fn binary(&mut self, e: &Expr, op: &str, a: &Expr, b: &Expr, d: usize) -> R<V> {
        let Some(bop) = BinOp::from_symbol(op) else {
            return Err(not_evaluated(e, format!("{} is not evaluated", e.describe())));
        };
        let x = self.value(a, d)?;
        let y = self.value(b, d)?;
        if [&x, &y].iter().any(|v| matches!(v, PyValue::BigInt(_)) && as_int(v).is_none()) {
            return Err(from_error(e, arith::int_beyond_range()));
        }
        if let (Some(p), Some(q)) = (as_num(&x), as_num(&y)) {
            if matches!(x, PyValue::Np { .. }) || matches!(y, PyValue::Np { .. }) {
                return Err(not_evaluated(e, "arithmetic on numpy scalars is not evaluated"));
            }
            return arith::binary(bop, p, q).map(|n| V::Py(num_value(n))).map_err(|err| from_error(e, err));
        }
        let type_error = || {
            raises(e, PyExc::TypeError, format!("unsupported operand type(s) for {op}: '{}' and '{}'", x.type_name(), y.type_name()))
        };
        match (bop, &x, &y) {
            (BinOp::Add, PyValue::List(p), PyValue::List(q)) | (BinOp::Add, PyValue::Tuple(p), PyValue::Tuple(q)) => {
                self.check_len(e, p.len() + q.len())?;
                self.step(e, value_size(&x) + value_size(&y))?;
                let items: Vec<PyValue> = p.iter().chain(q.iter()).cloned().collect();
                Ok(V::Py(if matches!(x, PyValue::List(_)) { PyValue::List(items) } else { PyValue::Tuple(items) }))
            }
            (BinOp::Add, PyValue::Str(p), PyValue::Str(q)) => {
                self.check_len(e, p.chars().count() + q.chars().count())?;
                Ok(V::Py(PyValue::Str(format!("{p}{q}"))))
            }
            (BinOp::Mod, PyValue::Str(_), _) => Err(not_evaluated(e, "string formatting with '%' is not evaluated")),
            (BinOp::Add, PyValue::List(_), PyValue::Tuple(_)) | (BinOp::Add, PyValue::Tuple(_), PyValue::List(_)) => {
                let (l, r) = (x.type_name(), y.type_name());
                Err(raises(e, PyExc::TypeError, format!("can only concatenate {l} (not \"{r}\") to {l}")))
            }
            (BinOp::Mul, seq @ (PyValue::List(_) | PyValue::Tuple(_) | PyValue::Str(_)), n)
            | (BinOp::Mul, n, seq @ (PyValue::List(_) | PyValue::Tuple(_) | PyValue::Str(_))) => {
                let Some(times) = as_int(n) else {
                    if matches!(n, PyValue::BigInt(_)) {
                        return Err(from_error(e, arith::int_beyond_range()));
                    }
                    if matches!(n, PyValue::List(_) | PyValue::Tuple(_) | PyValue::Str(_)) {
                        return Err(raises(e, PyExc::TypeError, format!("can't multiply sequence by non-int of type '{}'", n.type_name())));
                    }
                    return Err(raises(e, PyExc::TypeError, format!("can't multiply sequence by non-int of type '{}'", n.type_name())));
                };
                self.repeat(e, seq, times).map(V::Py)
            }
            _ => Err(type_error()),
        }
    }

    /// `seq * times` (a negative count gives an empty sequence).
    fn repeat(&mut self, e: &Expr, seq: &PyValue, times: i128) -> R<PyValue> {
        if i64::try_from(times).is_err() {
            return Err(raises(e, PyExc::OverflowError, "cannot fit 'int' into an index-sized integer"));
        }
        let times = times.max(0);
        match seq {
            // Nothing to repeat, however often (and no loop over a huge count).
            PyValue::List(items) | PyValue::Tuple(items) if items.is_empty() || times == 0 => {
                Ok(if matches!(seq, PyValue::List(_)) { PyValue::List(Vec::new()) } else { PyValue::Tuple(Vec::new()) })
            }
            PyValue::Str(s) if s.is_empty() || times == 0 => Ok(PyValue::Str(String::new())),
            PyValue::List(items) | PyValue::Tuple(items) => {
                let len = (items.len() as i128).saturating_mul(times);
                self.check_len(e, usize::try_from(len).unwrap_or(usize::MAX))?;
                let size: usize = items.iter().map(value_size).sum();
                self.step(e, size.saturating_mul(times as usize))?;
                let mut out = Vec::with_capacity(len as usize);
                for _ in 0..times {
                    out.extend(items.iter().cloned());
                }
                Ok(if matches!(seq, PyValue::List(_)) { PyValue::List(out) } else { PyValue::Tuple(out) })
            }
            PyValue::Str(s) => {
                let len = (s.chars().count() as i128).saturating_mul(times);
                self.check_len(e, usize::try_from(len).unwrap_or(usize::MAX))?;
                Ok(PyValue::Str(s.repeat(times as usize)))
            }
            _ => Err(not_evaluated(e, "not a sequence")),
        }
    }

    /// The elements of a list or tuple display (`*x` unpacks an iterable).
    fn elements(&mut self, e: &Expr, items: &[Expr], d: usize) -> R<Vec<PyValue>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => {
                    let v = self.eval(inner, d)?;
                    let more = self.iterate(inner, v)?;
                    self.check_len(e, out.len() + more.len())?;
                    out.extend(more);
                }
                _ => out.push(self.value(item, d)?),
            }
        }
        self.check_len(e, out.len())?;
        Ok(out)
    }

    /// The elements of an iterable value, as `list(x)` gives them.
    fn iterate(&mut self, e: &Expr, v: V) -> R<Vec<PyValue>> {
        match v {
            V::Py(PyValue::List(items) | PyValue::Tuple(items)) => Ok(items),
            V::Py(PyValue::Str(s)) => {
                self.check_len(e, s.chars().count())?;
                Ok(s.chars().map(|c| PyValue::Str(c.to_string())).collect())
            }
            V::Py(PyValue::Dict(items)) => Ok(items.into_iter().map(|(k, _)| k).collect()),
            V::Range { start, stop, step } => {
                let n = range_len(start, stop, step);
                self.check_len(e, usize::try_from(n).unwrap_or(usize::MAX))?;
                Ok((0..n).map(|i| int_value(start + i * step)).collect())
            }
            V::Array(xs) => Ok(xs
                .into_iter()
                .map(|x| PyValue::Np { kind: NpKind::Float64, value: x, text: crate::py::value::float_repr(x) })
                .collect()),
            V::Py(other) => Err(raises(e, PyExc::TypeError, format!("'{}' object is not iterable", other.type_name()))),
        }
    }

    /// `numpy.<attr>` where the base name is bound to numpy: the attribute.
    fn numpy_attr<'x>(&self, e: &'x Expr) -> Option<&'x str> {
        match &e.kind {
            ExprKind::Attribute(base, attr) => match &base.kind {
                ExprKind::Name(m) if self.env.get(m) == Some(&Binding::Numpy) => Some(attr),
                _ => None,
            },
            _ => None,
        }
    }

    fn call(&mut self, e: &Expr, func: &Expr, args: &[Arg], d: usize) -> R<V> {
        if self.numpy_attr(func) == Some("linspace") {
            return self.linspace(e, args, d);
        }
        // `numpy.linspace(...).tolist()`: the array's elements as Python floats.
        if let ExprKind::Attribute(base, attr) = &func.kind {
            if attr == "tolist" && args.is_empty() && matches!(&base.kind, ExprKind::Call { func: f, .. } if self.numpy_attr(f) == Some("linspace")) {
                if let V::Array(xs) = self.eval(base, d)? {
                    return Ok(V::Py(PyValue::List(xs.into_iter().map(PyValue::Float).collect())));
                }
            }
        }
        let name = match &func.kind {
            ExprKind::Name(n) if self.env.builtin(n) => n.as_str(),
            _ => return Err(not_evaluated(e, format!("{} is not evaluated (nothing is run)", e.describe()))),
        };
        if !matches!(name, "list" | "tuple" | "range" | "float" | "int" | "abs") {
            return Err(not_evaluated(e, format!("{} is not evaluated (nothing is run)", e.describe())));
        }
        let mut pos = Vec::new();
        for a in args {
            match a {
                Arg::Positional(x) => pos.push(x),
                _ => return Err(not_evaluated(e, format!("{}: only positional arguments are evaluated", e.describe()))),
            }
        }
        match name {
            "list" | "tuple" => {
                if pos.len() > 1 {
                    return Err(raises(e, PyExc::TypeError, format!("{name} expected at most 1 argument, got {}", pos.len())));
                }
                let items = match pos.first() {
                    Some(x) => {
                        let v = self.eval(x, d)?;
                        self.iterate(x, v)?
                    }
                    None => Vec::new(),
                };
                Ok(V::Py(if name == "list" { PyValue::List(items) } else { PyValue::Tuple(items) }))
            }
            "range" => {
                if pos.is_empty() || pos.len() > 3 {
                    return Err(raises(e, PyExc::TypeError, format!("range expected at least 1 argument, got {}", pos.len())));
                }
                let mut ints = Vec::new();
                for x in &pos {
                    let v = self.value(x, d)?;
                    match as_int(&v) {
                        Some(i) => ints.push(i),
                        None if matches!(v, PyValue::BigInt(_)) => return Err(from_error(x, arith::int_beyond_range())),
                        None => return Err(raises(x, PyExc::TypeError, format!("'{}' object cannot be interpreted as an integer", v.type_name()))),
                    }
                }
                let (start, stop, step) = match ints[..] {
                    [stop] => (0, stop, 1),
                    [start, stop] => (start, stop, 1),
                    [start, stop, step] => (start, stop, step),
                    _ => return Err(not_evaluated(e, "range()")),
                };
                if step == 0 {
                    return Err(raises(e, PyExc::ValueError, "range() arg 3 must not be zero"));
                }
                Ok(V::Range { start, stop, step })
            }
            _ => {
                // float / int / abs: one number (or, for float and int, a string).
                if pos.len() > 1 || (name == "abs" && pos.is_empty()) {
                    return Err(not_evaluated(e, format!("{}: with these arguments it is not evaluated", e.describe())));
                }
                let Some(x) = pos.first() else {
                    return Ok(V::Py(if name == "float" { PyValue::Float(0.0) } else { PyValue::Int(0) }));
                };
                let v = self.value(x, d)?;
                self.convert(e, name, v).map(V::Py)
            }
        }
    }

    fn convert(&mut self, e: &Expr, name: &str, v: PyValue) -> R<PyValue> {
        if matches!(v, PyValue::Np { .. }) {
            return Err(not_evaluated(e, format!("{name}() of a numpy scalar is not evaluated")));
        }
        if matches!(&v, PyValue::Str(s) if !s.is_ascii()) {
            // Python's int()/float() accept every Unicode digit and space; only ASCII is read here.
            return Err(not_evaluated(e, format!("{name}() of a non-ASCII string is not evaluated")));
        }
        match (name, &v) {
            ("float", PyValue::Str(s)) => py_float_from_str(s)
                .map(PyValue::Float)
                .ok_or_else(|| raises(e, PyExc::ValueError, format!("could not convert string to float: {}", str_repr(s)))),
            ("int", PyValue::Str(s)) => match py_int_from_str(s) {
                Some(v @ (PyValue::Int(_) | PyValue::BigInt(_))) => Ok(v),
                _ => Err(raises(e, PyExc::ValueError, format!("invalid literal for int() with base 10: {}", str_repr(s)))),
            },
            ("float", _) => match as_num(&v) {
                Some(n) => Ok(PyValue::Float(n.to_f64())),
                None if matches!(v, PyValue::BigInt(_)) => Err(from_error(e, arith::int_beyond_range())),
                None => Err(raises(e, PyExc::TypeError, format!("float() argument must be a string or a real number, not '{}'", v.type_name()))),
            },
            ("int", _) => match as_num(&v) {
                Some(Num::Int(i)) => Ok(int_value(i)),
                Some(Num::Float(f)) => arith::float_to_int(f).map(int_value).map_err(|err| from_error(e, err)),
                None if matches!(v, PyValue::BigInt(_)) => Ok(v),
                None => Err(raises(
                    e,
                    PyExc::TypeError,
                    format!("int() argument must be a string, a bytes-like object or a real number, not '{}'", v.type_name()),
                )),
            },
            _ => match as_num(&v) {
                Some(Num::Int(i)) => i.checked_abs().map(int_value).ok_or_else(|| from_error(e, arith::int_beyond_range())),
                Some(Num::Float(f)) => Ok(PyValue::Float(f.abs())),
                None => Err(raises(e, PyExc::TypeError, format!("bad operand type for abs(): '{}'", v.type_name()))),
            },
        }
    }

    /// `numpy.linspace(start, stop, num=50, endpoint=True)` of numbers.
    fn linspace(&mut self, e: &Expr, args: &[Arg], d: usize) -> R<V> {
        const PARAMS: [&str; 4] = ["start", "stop", "num", "endpoint"];
        let mut given: [Option<&Expr>; 4] = [None; 4];
        let mut n_pos = 0;
        for a in args {
            match a {
                Arg::Positional(x) if n_pos < 4 => {
                    given[n_pos] = Some(x);
                    n_pos += 1;
                }
                Arg::Keyword { name, value, .. } => match PARAMS.iter().position(|p| p == name) {
                    Some(i) if given[i].is_none() => given[i] = Some(value),
                    Some(_) => return Err(raises(e, PyExc::TypeError, format!("linspace() got multiple values for argument '{name}'"))),
                    None => return Err(not_evaluated(e, format!("numpy.linspace with '{name}=' is not evaluated"))),
                },
                _ => return Err(not_evaluated(e, "numpy.linspace with these arguments is not evaluated (start, stop, num, endpoint are)")),
            }
        }
        let (Some(start), Some(stop)) = (given[0], given[1]) else {
            return Err(raises(e, PyExc::TypeError, "linspace() missing required argument 'start' or 'stop'"));
        };
        let bound = |x: &Expr, this: &mut Self| -> R<f64> {
            let v = this.value(x, d)?;
            match v {
                PyValue::Float(f) => Ok(f),
                // numpy converts a Python int to int64 (beyond that it is an object array).
                _ => match as_int(&v) {
                    Some(i) if i.unsigned_abs() < (1u128 << 63) => Ok(arith::int_to_float(i)),
                    _ => Err(not_evaluated(x, format!("numpy.linspace of {} is not evaluated (numbers only)", v.type_name()))),
                },
            }
        };
        let (a, b) = (bound(start, self)?, bound(stop, self)?);
        let num = match given[2] {
            None => 50,
            Some(x) => {
                let v = self.value(x, d)?;
                match as_int(&v) {
                    Some(i) => i,
                    None if matches!(v, PyValue::BigInt(_)) => return Err(from_error(x, arith::int_beyond_range())),
                    None => return Err(raises(x, PyExc::TypeError, format!("'{}' object cannot be interpreted as an integer", v.type_name()))),
                }
            }
        };
        let endpoint = match given[3] {
            None => true,
            Some(x) => match self.value(x, d)? {
                PyValue::Bool(b) => b,
                PyValue::Int(i) => i != 0,
                other => return Err(not_evaluated(x, format!("numpy.linspace with endpoint={} is not evaluated", other.repr()))),
            },
        };
        if num > 0 {
            self.check_len(e, usize::try_from(num).unwrap_or(usize::MAX))?;
        }
        arith::linspace(a, b, num, endpoint).map(V::Array).map_err(|err| from_error(e, err))
    }
}

/// The value of `e` in `env`, exactly as Python (and numpy) compute it, or why there is none.
pub fn evaluate(e: &Expr, env: &Env) -> Result<PyValue, EvalError> {
    let mut ev = Ev { env, steps: 0 };
    ev.value(e, 0)
}

/// The names `e` reads (for tracking which values share objects with which).
pub fn names_read(e: &Expr, out: &mut Vec<String>) {
    fn walk(e: &Expr, out: &mut Vec<String>, depth: usize) {
        if depth > MAX_EVAL_DEPTH {
            return;
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Name(n) => out.push(n.clone()),
            ExprKind::Attribute(b, _) | ExprKind::Unary(_, b) | ExprKind::Starred(b) => walk(b, out, d),
            ExprKind::Binary(_, a, b) | ExprKind::Subscript(a, b) | ExprKind::NamedExpr(a, b) => {
                walk(a, out, d);
                walk(b, out, d);
            }
            ExprKind::IfExp(a, b, c) => {
                walk(a, out, d);
                walk(b, out, d);
                walk(c, out, d);
            }
            ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => items.iter().for_each(|x| walk(x, out, d)),
            ExprKind::Dict(items) => items.iter().for_each(|i| match i {
                DictItem::Pair(k, v) => {
                    walk(k, out, d);
                    walk(v, out, d);
                }
                DictItem::Splat(x) => walk(x, out, d),
            }),
            ExprKind::Call { func, args } => {
                walk(func, out, d);
                for a in args {
                    match a {
                        Arg::Positional(x) | Arg::Star(x) | Arg::DoubleStar(x) | Arg::Keyword { value: x, .. } => walk(x, out, d),
                    }
                }
            }
            ExprKind::Slice(a, b, c) => {
                for x in [a, b, c].into_iter().flatten() {
                    walk(x, out, d);
                }
            }
            _ => {}
        }
    }
    walk(e, out, 0)
}

/// Whether `e` calls anything the evaluator does not (a function of the file, a method, ...):
/// such a call may change any list or dict it can reach.
pub fn calls_unknown(e: &Expr, env: &Env) -> bool {
    fn walk(e: &Expr, env: &Env, depth: usize) -> bool {
        if depth > MAX_EVAL_DEPTH {
            return true;
        }
        let d = depth + 1;
        match &e.kind {
            ExprKind::Call { func, args } => {
                let known = match &func.kind {
                    ExprKind::Name(n) => env.builtin(n) && matches!(n.as_str(), "list" | "tuple" | "range" | "float" | "int" | "abs"),
                    ExprKind::Attribute(base, attr) if attr == "tolist" => matches!(&base.kind, ExprKind::Call { func: f, .. }
                        if matches!(&f.kind, ExprKind::Attribute(m, a) if a == "linspace" && matches!(&m.kind, ExprKind::Name(m) if env.get(m) == Some(&Binding::Numpy)))),
                    ExprKind::Attribute(base, attr) => attr == "linspace" && matches!(&base.kind, ExprKind::Name(m) if env.get(m) == Some(&Binding::Numpy)),
                    _ => false,
                };
                !known
                    || args.iter().any(|a| match a {
                        Arg::Positional(x) | Arg::Star(x) | Arg::DoubleStar(x) | Arg::Keyword { value: x, .. } => walk(x, env, d),
                    })
            }
            ExprKind::Attribute(b, _) | ExprKind::Unary(_, b) | ExprKind::Starred(b) => walk(b, env, d),
            ExprKind::Binary(_, a, b) | ExprKind::Subscript(a, b) | ExprKind::NamedExpr(a, b) => walk(a, env, d) || walk(b, env, d),
            ExprKind::IfExp(a, b, c) => walk(a, env, d) || walk(b, env, d) || walk(c, env, d),
            ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => items.iter().any(|x| walk(x, env, d)),
            ExprKind::Dict(items) => items.iter().any(|i| match i {
                DictItem::Pair(k, v) => walk(k, env, d) || walk(v, env, d),
                DictItem::Splat(x) => walk(x, env, d),
            }),
            // A comprehension's or lambda's body is not kept: it may call anything.
            ExprKind::Comprehension(_) | ExprKind::Lambda => true,
            _ => false,
        }
    }
    walk(e, env, 0)
}

impl Env {
    /// Every name holding a list or dict becomes unknown (something may have changed it in place).
    pub fn forget_mutable(&mut self, why: &str) {
        for b in self.names.values_mut() {
            if matches!(b, Binding::Value(PyValue::List(_) | PyValue::Dict(_))) {
                *b = Binding::Unknown(why.to_string());
            }
        }
    }
}

/// Evaluates one expression text in an empty namespace (`import numpy` and `import numpy as np`
/// bound, as tests and tools need): the value, or the reason there is none.
pub fn evaluate_text(src: &str) -> Result<PyValue, String> {
    let e = parse_expression(src).map_err(|err| format!("SyntaxError: {err}"))?;
    let mut env = Env::new();
    env.bind_numpy("numpy");
    env.bind_numpy("np");
    evaluate(&e, &env).map_err(|err| match err {
        EvalError::Raises { exc, message, .. } => format!("{exc}: {message}"),
        EvalError::NotEvaluated { reason, .. } if reason.starts_with("not evaluated") => reason,
        EvalError::NotEvaluated { reason, .. } => format!("not evaluated: {reason}"),
    })
}
