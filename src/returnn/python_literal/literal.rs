//! Literal values of parsed expressions (`ast.literal_eval`'s subset, plus `float('nan')`).
use super::*;

/// Why an expression is not a literal: where, and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct NotLiteral {
    pub span: Span,
    pub reason: String,
}

pub(crate) fn not_literal(e: &Expr) -> NotLiteral {
    NotLiteral { span: e.span, reason: format!("{} is not a literal", e.describe()) }
}

/// The value of a literal expression, as `ast.literal_eval` gives it: numbers (with unary `-`/`+`),
/// strings, `True`/`False`/`None`, and lists, tuples and dicts of literals. Calls such as
/// `float('nan')`, names, arithmetic and sets are not literals here.
pub fn literal_value(e: &Expr) -> Result<PyValue, NotLiteral> {
    literal_value_opts(e, false)
}

/// Like [`literal_value`], but also evaluates `float(<str or number literal>)`, the only way a
/// Python config can spell a non-finite float (`float('nan')`, `float('inf')`). That call is pure
/// (Python's `float()` on a constant), so reading it executes nothing.
pub fn config_literal_value(e: &Expr) -> Result<PyValue, NotLiteral> {
    literal_value_opts(e, true)
}

pub(crate) fn float_call_value(e: &Expr, func: &Expr, args: &[Arg]) -> Result<PyValue, NotLiteral> {
    if func.dotted_name().as_deref() != Some("float") || args.len() != 1 {
        return Err(not_literal(e));
    }
    let Some(Arg::Positional(arg)) = args.first() else {
        return Err(not_literal(e));
    };
    match literal_value_opts(arg, false)? {
        PyValue::Str(s) => py_float_from_str(&s)
            .map(PyValue::Float)
            .ok_or_else(|| NotLiteral { span: arg.span, reason: format!("float() cannot convert {}", str_repr(&s)) }),
        PyValue::Float(f) => Ok(PyValue::Float(f)),
        PyValue::Int(i) => Ok(PyValue::Float(i as f64)),
        PyValue::Bool(b) => Ok(PyValue::Float(if b { 1.0 } else { 0.0 })),
        _ => Err(not_literal(e)),
    }
}

pub(crate) fn literal_value_opts(e: &Expr, float_calls: bool) -> Result<PyValue, NotLiteral> {
    let literal_value = |x: &Expr| literal_value_opts(x, float_calls);
    match &e.kind {
        ExprKind::Call { func, args } if float_calls => float_call_value(e, func, args),
        ExprKind::Num(v) | ExprKind::Const(v) => Ok(v.clone()),
        ExprKind::Str(s) => Ok(PyValue::Str(s.clone())),
        ExprKind::Unary(op @ ("-" | "+"), inner) => {
            let v = literal_value(inner)?;
            if !matches!(v, PyValue::Int(_) | PyValue::BigInt(_) | PyValue::Float(_)) {
                return Err(not_literal(e));
            }
            if *op == "+" {
                return Ok(v);
            }
            negate(&v).ok_or_else(|| not_literal(e))
        }
        ExprKind::List(items) => items.iter().map(literal_value).collect::<Result<Vec<_>, _>>().map(PyValue::List),
        ExprKind::Tuple(items) => items.iter().map(literal_value).collect::<Result<Vec<_>, _>>().map(PyValue::Tuple),
        ExprKind::Dict(items) => {
            let mut pairs = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    DictItem::Pair(k, v) => {
                        let key = literal_value(k)?;
                        if matches!(key, PyValue::List(_) | PyValue::Dict(_)) {
                            return Err(NotLiteral { span: k.span, reason: format!("a {} cannot be a dict key", key.type_name()) });
                        }
                        pairs.push((key, literal_value(v)?));
                    }
                    DictItem::Splat(x) => return Err(NotLiteral { span: x.span, reason: "'**' in a dict is not a literal".into() }),
                }
            }
            Ok(dict_from_items(pairs))
        }
        _ => Err(not_literal(e)),
    }
}

/// Parses `src` as one expression and returns its literal value. Not a literal: a located
/// `ValueError`.
pub fn literal_eval(src: &str) -> Result<PyValue, Error> {
    let e = parse_expression(src)?;
    literal_value(&e).map_err(|n| Error::parse(PyExc::ValueError, n.span.start.line, n.span.start.column, n.reason))
}

/// RETURNN's `eval` of a string config value (a string `learning_rates`), within the literal
/// subset (literals and `float('...')`): the evaluator a [`crate::py::typed_config::TypedConfig`]
/// is given ([`crate::py::typed_config::Eval`]). Nothing is executed. A bare name is RETURNN's
/// NameError; any other expression is valid Python the explorer does not evaluate.
pub fn eval_config_string(text: &str) -> Result<PyValue, Error> {
    let expr = parse_expression(text)?;
    config_literal_value(&expr).map_err(|n| match n.reason.strip_prefix("the name '").and_then(|r| r.split('\'').next()) {
        Some(name) if n.reason.ends_with("' is not a literal") => {
            Error::py(PyExc::NameError, format!("name '{name}' is not defined"))
        }
        _ => Error::py(
            PyExc::NotImplementedError,
            format!("learning_rates string, line {}, column {}: {} (the explorer reads literals only)", n.span.start.line, n.span.start.column, n.reason),
        ),
    })
}
