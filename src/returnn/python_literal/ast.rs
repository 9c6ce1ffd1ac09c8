//! The expression tree the parser builds.
use super::*;

/// A parsed Python expression with its source span.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// The expression kinds the parser knows. Only a few of them can be literals.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// An int or float literal (`PyValue::Int`, `BigInt` or `Float`).
    Num(PyValue),
    Imaginary,
    /// A string literal (adjacent literals concatenated).
    Str(String),
    Bytes(String),
    FString(String),
    /// `True`, `False`, `None`.
    Const(PyValue),
    Ellipsis,
    Name(String),
    Attribute(Box<Expr>, String),
    Call { func: Box<Expr>, args: Vec<Arg> },
    Subscript(Box<Expr>, Box<Expr>),
    Slice(Option<Box<Expr>>, Option<Box<Expr>>, Option<Box<Expr>>),
    /// `-`, `+`, `~`, `not`.
    Unary(&'static str, Box<Expr>),
    /// Arithmetic, bitwise, boolean (`and`/`or`) and comparison operators (`not in`, `is not`).
    Binary(&'static str, Box<Expr>, Box<Expr>),
    /// `body if test else orelse`.
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `lambda ...: ...` (the body is not kept).
    Lambda,
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    Dict(Vec<DictItem>),
    /// `[... for ...]`, `{... for ...}`, `(... for ...)`.
    Comprehension(CompKind),
    /// `*x` inside a display or call.
    Starred(Box<Expr>),
    /// `name := value`.
    NamedExpr(Box<Expr>, Box<Expr>),
}

/// A call argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Positional(Expr),
    Keyword { name: String, name_span: Span, value: Expr },
    Star(Expr),
    DoubleStar(Expr),
}

/// An item of a dict display.
#[derive(Clone, Debug, PartialEq)]
pub enum DictItem {
    Pair(Expr, Expr),
    Splat(Expr),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompKind {
    List,
    Set,
    Dict,
    Generator,
}

impl Expr {
    pub(crate) fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// `a.b.c` for names and attribute chains.
    pub fn dotted_name(&self) -> Option<String> {
        match &self.kind {
            ExprKind::Name(n) => Some(n.clone()),
            ExprKind::Attribute(base, attr) => base.dotted_name().map(|b| format!("{b}.{attr}")),
            _ => None,
        }
    }

    /// A short human description ("a call of numpy.linspace", "the '/' operator").
    pub fn describe(&self) -> String {
        match &self.kind {
            ExprKind::Num(_) => "a number".into(),
            ExprKind::Imaginary => "a complex number".into(),
            ExprKind::Str(_) => "a string".into(),
            ExprKind::Bytes(_) => "a bytes literal".into(),
            ExprKind::FString(_) => "an f-string".into(),
            ExprKind::Const(v) => v.repr(),
            ExprKind::Ellipsis => "'...'".into(),
            ExprKind::Name(n) => format!("the name '{n}'"),
            ExprKind::Attribute(..) => match self.dotted_name() {
                Some(d) => format!("the attribute '{d}'"),
                None => "an attribute".into(),
            },
            ExprKind::Call { func, .. } => match func.dotted_name() {
                Some(d) => format!("a call of {d}(...)"),
                None => "a call".into(),
            },
            ExprKind::Subscript(..) => "a subscript".into(),
            ExprKind::Slice(..) => "a slice".into(),
            ExprKind::Unary(op, _) => format!("the unary '{op}' operator"),
            ExprKind::Binary(op, ..) => format!("the '{op}' operator"),
            ExprKind::IfExp(..) => "a conditional expression".into(),
            ExprKind::Lambda => "a lambda".into(),
            ExprKind::List(_) => "a list".into(),
            ExprKind::Tuple(_) => "a tuple".into(),
            ExprKind::Set(_) => "a set".into(),
            ExprKind::Dict(_) => "a dict".into(),
            ExprKind::Comprehension(_) => "a comprehension".into(),
            ExprKind::Starred(_) => "a starred expression".into(),
            ExprKind::NamedExpr(..) => "an assignment expression".into(),
        }
    }
}
