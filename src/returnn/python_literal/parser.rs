//! The recursive-descent expression parser (Python's precedence, bounded depth).
use super::*;

pub(crate) struct Parser<'t> {
    pub(crate) toks: &'t [Token],
    pub(crate) pos: usize,
    pub(crate) depth: usize,
}

pub(crate) fn describe_tok(tok: &Tok) -> String {
    match tok {
        Tok::Name(n) => format!("'{n}'"),
        Tok::Int(v) => format!("'{}'", v.repr()),
        Tok::Float(_) => "a number".into(),
        Tok::Imaginary => "a complex number".into(),
        Tok::Str(..) => "a string".into(),
        Tok::Op(op) => format!("'{op}'"),
        Tok::Newline => "the end of the line".into(),
        Tok::Eof => "the end of the input".into(),
    }
}

pub(crate) const BINARY_OPS: &[(&str, u8)] = &[
    ("or", 1),
    ("and", 2),
    ("<", 4),
    (">", 4),
    ("==", 4),
    (">=", 4),
    ("<=", 4),
    ("!=", 4),
    ("in", 4),
    ("is", 4),
    ("|", 5),
    ("^", 6),
    ("&", 7),
    ("<<", 8),
    (">>", 8),
    ("+", 9),
    ("-", 9),
    ("*", 10),
    ("/", 10),
    ("//", 10),
    ("%", 10),
    ("@", 10),
];

impl<'t> Parser<'t> {
    pub(crate) fn peek(&self) -> &'t Token {
        let i = self.pos.min(self.toks.len().saturating_sub(1));
        &self.toks[i]
    }

    pub(crate) fn peek_n(&self, n: usize) -> &'t Tok {
        let i = (self.pos + n).min(self.toks.len().saturating_sub(1));
        &self.toks[i].tok
    }

    pub(crate) fn advance(&mut self) -> &'t Token {
        let t = self.peek();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    pub(crate) fn prev_span(&self) -> Span {
        if self.pos == 0 {
            return self.peek().span;
        }
        self.toks[(self.pos - 1).min(self.toks.len() - 1)].span
    }

    pub(crate) fn is_op(&self, op: &str) -> bool {
        matches!(&self.peek().tok, Tok::Op(o) if *o == op)
    }

    pub(crate) fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.peek().tok, Tok::Name(n) if n == kw)
    }

    pub(crate) fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.is_op(op);
        if yes {
            self.advance();
        }
        yes
    }

    pub(crate) fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.is_kw(kw);
        if yes {
            self.advance();
        }
        yes
    }

    pub(crate) fn err_expected(&self, what: &str) -> Error {
        let t = self.peek();
        syntax_error(t.span.start, format!("expected {what} but found {}", describe_tok(&t.tok)))
    }

    /// The error when `what` (a ',' or the closing bracket) was expected after the element
    /// `prev` inside brackets. When an expression starts right there, CPython says
    /// "Perhaps you forgot a comma?" at the start of `prev`: the same here.
    pub(crate) fn err_after_element(&self, prev: Option<&Expr>, what: &str) -> Error {
        let starts_expression = match &self.peek().tok {
            Tok::Int(_) | Tok::Float(_) | Tok::Imaginary | Tok::Str(..) => true,
            Tok::Name(n) => !is_keyword(n) || matches!(n.as_str(), "None" | "True" | "False"),
            Tok::Op(op) => matches!(*op, "(" | "[" | "{" | "-" | "+" | "~"),
            Tok::Newline | Tok::Eof => false,
        };
        match prev {
            Some(prev) if starts_expression => syntax_error(prev.span.start, "invalid syntax. Perhaps you forgot a comma?"),
            _ => self.err_expected(what),
        }
    }

    pub(crate) fn expect_op(&mut self, op: &str, what: &str) -> Result<Span, Error> {
        if self.is_op(op) {
            Ok(self.advance().span)
        } else {
            Err(self.err_expected(what))
        }
    }

    pub(crate) fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(syntax_error(self.peek().span.start, format!("expression nested too deeply (more than {MAX_DEPTH} levels)")));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Runs `f` one nesting level deeper (bounded by [`MAX_DEPTH`]).
    pub(crate) fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, Error>) -> Result<T, Error> {
        self.enter()?;
        let r = f(self);
        self.leave();
        r
    }

    /// `test` in Python's grammar: lambda, conditional expression, or an or-test; plus `:=`.
    pub(crate) fn parse_test(&mut self) -> Result<Expr, Error> {
        self.nested(|p| p.parse_test_inner())
    }

    pub(crate) fn parse_test_inner(&mut self) -> Result<Expr, Error> {
        let start = self.peek().span;
        if self.eat_kw("lambda") {
            // Parameters (with defaults) up to the ':' that ends them, then the body.
            let mut nest = 0usize;
            loop {
                match &self.peek().tok {
                    Tok::Op("(" | "[" | "{") => nest += 1,
                    Tok::Op(")" | "]" | "}") => nest = nest.saturating_sub(1),
                    Tok::Op(":") if nest == 0 => break,
                    Tok::Newline | Tok::Eof => return Err(self.err_expected("':' after the lambda parameters")),
                    _ => {}
                }
                self.advance();
            }
            self.advance();
            let body = self.parse_test()?;
            return Ok(Expr::new(ExprKind::Lambda, start.to(body.span)));
        }
        let body = self.parse_binary(1)?;
        if self.is_op(":=") {
            self.advance();
            let value = self.parse_test()?;
            let span = body.span.to(value.span);
            return Ok(Expr::new(ExprKind::NamedExpr(Box::new(body), Box::new(value)), span));
        }
        if self.is_kw("if") {
            self.advance();
            let test = self.parse_binary(1)?;
            if !self.eat_kw("else") {
                return Err(self.err_expected("'else' in the conditional expression"));
            }
            let orelse = self.parse_test()?;
            let span = body.span.to(orelse.span);
            return Ok(Expr::new(ExprKind::IfExp(Box::new(body), Box::new(test), Box::new(orelse)), span));
        }
        Ok(body)
    }

    pub(crate) fn binary_op(&self) -> Option<(&'static str, u8, usize)> {
        match &self.peek().tok {
            Tok::Op(op) => BINARY_OPS.iter().find(|(o, _)| o == op).map(|(o, p)| (*o, *p, 1)),
            Tok::Name(n) => match n.as_str() {
                "or" => Some(("or", 1, 1)),
                "and" => Some(("and", 2, 1)),
                "in" => Some(("in", 4, 1)),
                "is" => {
                    if matches!(self.peek_n(1), Tok::Name(m) if m == "not") {
                        Some(("is not", 4, 2))
                    } else {
                        Some(("is", 4, 1))
                    }
                }
                "not" if matches!(self.peek_n(1), Tok::Name(m) if m == "in") => Some(("not in", 4, 2)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Precedence climbing over Python's binary operators (`or` = 1 ... `*` = 10), with prefix
    /// `not` at level 3.
    pub(crate) fn parse_binary(&mut self, min_prec: u8) -> Result<Expr, Error> {
        let mut lhs = if min_prec <= 3 && self.is_kw("not") {
            let start = self.advance().span;
            let operand = self.nested(|p| p.parse_binary(3))?;
            let span = start.to(operand.span);
            Expr::new(ExprKind::Unary("not", Box::new(operand)), span)
        } else {
            self.parse_unary()?
        };
        let mut chain = 0usize;
        while let Some((op, prec, ntok)) = self.binary_op() {
            if prec < min_prec {
                break;
            }
            chain += 1;
            if chain > MAX_CHAIN {
                return Err(syntax_error(
                    self.peek().span.start,
                    format!("more than {MAX_CHAIN} operators in a row (Python's compiler raises RecursionError for such a chain)"),
                ));
            }
            for _ in 0..ntok {
                self.advance();
            }
            let rhs = self.parse_binary(prec + 1)?;
            let span = lhs.span.to(rhs.span);
            lhs = Expr::new(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span);
        }
        Ok(lhs)
    }

    pub(crate) fn parse_unary(&mut self) -> Result<Expr, Error> {
        let op = match &self.peek().tok {
            Tok::Op("-") => Some("-"),
            Tok::Op("+") => Some("+"),
            Tok::Op("~") => Some("~"),
            _ => None,
        };
        if let Some(op) = op {
            let start = self.advance().span;
            let operand = self.nested(|p| p.parse_unary())?;
            let span = start.to(operand.span);
            return Ok(Expr::new(ExprKind::Unary(op, Box::new(operand)), span));
        }
        if self.is_kw("await") {
            self.advance();
        }
        let base = self.parse_primary()?;
        if self.eat_op("**") {
            let exp = self.nested(|p| p.parse_unary())?;
            let span = base.span.to(exp.span);
            return Ok(Expr::new(ExprKind::Binary("**", Box::new(base), Box::new(exp)), span));
        }
        Ok(base)
    }

    pub(crate) fn parse_primary(&mut self) -> Result<Expr, Error> {
        let mut e = self.parse_atom()?;
        loop {
            if self.eat_op(".") {
                let t = self.advance();
                let Tok::Name(attr) = &t.tok else {
                    self.pos -= 1;
                    return Err(self.err_expected("an attribute name after '.'"));
                };
                let span = e.span.to(t.span);
                e = Expr::new(ExprKind::Attribute(Box::new(e), attr.clone()), span);
            } else if self.is_op("(") {
                self.advance();
                let args = self.nested(|p| p.parse_call_args())?;
                let span = e.span.to(self.prev_span());
                e = Expr::new(ExprKind::Call { func: Box::new(e), args }, span);
            } else if self.is_op("[") {
                self.advance();
                let index = self.nested(|p| p.parse_subscript_list())?;
                let close = self.expect_op("]", "']' to close the subscript")?;
                let span = e.span.to(close);
                e = Expr::new(ExprKind::Subscript(Box::new(e), Box::new(index)), span);
            } else {
                return Ok(e);
            }
        }
    }

    pub(crate) fn parse_call_args(&mut self) -> Result<Vec<Arg>, Error> {
        let mut args = Vec::new();
        let mut seen_kw: Vec<String> = Vec::new();
        let mut any_keyword = false;
        loop {
            if self.eat_op(")") {
                return Ok(args);
            }
            let start = self.peek().span;
            if self.eat_op("*") {
                args.push(Arg::Star(self.parse_test()?));
            } else if self.eat_op("**") {
                any_keyword = true;
                args.push(Arg::DoubleStar(self.parse_test()?));
            } else if matches!(self.peek().tok, Tok::Name(_)) && matches!(self.peek_n(1), Tok::Op("=")) {
                let name_tok = self.advance();
                let Tok::Name(name) = &name_tok.tok else { return Err(self.err_expected("an argument")) };
                self.advance();
                if seen_kw.iter().any(|k| k == name) {
                    return Err(syntax_error(start.start, format!("keyword argument repeated: {name}")));
                }
                seen_kw.push(name.clone());
                any_keyword = true;
                let value = self.parse_test()?;
                args.push(Arg::Keyword { name: name.clone(), name_span: name_tok.span, value });
            } else {
                let value = self.parse_test()?;
                if any_keyword {
                    return Err(syntax_error(start.start, "positional argument follows keyword argument"));
                }
                if self.is_kw("for") || self.is_kw("async") {
                    self.parse_comp_clauses()?;
                    let span = value.span.to(self.prev_span());
                    args.push(Arg::Positional(Expr::new(ExprKind::Comprehension(CompKind::Generator), span)));
                } else {
                    args.push(Arg::Positional(value));
                }
            }
            if !self.eat_op(",") && !self.is_op(")") {
                let prev = match args.last() {
                    Some(Arg::Positional(e)) => Some(e),
                    Some(Arg::Keyword { value, .. } | Arg::Star(value) | Arg::DoubleStar(value)) => Some(value),
                    None => None,
                };
                return Err(self.err_after_element(prev, "',' or ')'"));
            }
        }
    }

    pub(crate) fn parse_subscript_item(&mut self) -> Result<Expr, Error> {
        let start = self.peek().span;
        let lower = if self.is_op(":") { None } else { Some(self.parse_test()?) };
        if !self.is_op(":") {
            return lower.ok_or_else(|| self.err_expected("an index"));
        }
        self.advance();
        let ends_part = |p: &Self| p.is_op(",") || p.is_op("]") || p.is_op(":");
        let upper = if ends_part(self) { None } else { Some(Box::new(self.parse_test()?)) };
        let mut step = None;
        if self.eat_op(":") && !(self.is_op(",") || self.is_op("]")) {
            step = Some(Box::new(self.parse_test()?));
        }
        let span = start.to(self.prev_span());
        Ok(Expr::new(ExprKind::Slice(lower.map(Box::new), upper, step), span))
    }

    pub(crate) fn parse_subscript_list(&mut self) -> Result<Expr, Error> {
        let first = self.parse_subscript_item()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.parse_subscript_item()?);
        }
        let span = items[0].span.to(self.prev_span());
        Ok(Expr::new(ExprKind::Tuple(items), span))
    }

    /// `for targets in iter (if cond)*` clauses (possibly several); nothing is kept.
    pub(crate) fn parse_comp_clauses(&mut self) -> Result<(), Error> {
        while self.is_kw("for") || self.is_kw("async") {
            self.eat_kw("async");
            if !self.eat_kw("for") {
                return Err(self.err_expected("'for'"));
            }
            loop {
                self.parse_star_or(5)?;
                if !self.eat_op(",") || self.is_kw("in") {
                    break;
                }
            }
            if !self.eat_kw("in") {
                return Err(self.err_expected("'in' in the comprehension"));
            }
            self.parse_binary(1)?;
            while self.eat_kw("if") {
                self.parse_binary(1)?;
            }
        }
        Ok(())
    }

    /// An element of a display: `*x` or a test (`min_prec` > 1 for comprehension targets).
    pub(crate) fn parse_star_or(&mut self, min_prec: u8) -> Result<Expr, Error> {
        if self.is_op("*") {
            let start = self.advance().span;
            let inner = self.parse_binary(5)?;
            let span = start.to(inner.span);
            return Ok(Expr::new(ExprKind::Starred(Box::new(inner)), span));
        }
        if min_prec > 1 {
            self.parse_binary(min_prec)
        } else {
            self.parse_test()
        }
    }

    /// Comma-separated elements up to `close`; returns the items and whether a comma was seen.
    pub(crate) fn parse_elements(&mut self, close: &str, first: Option<Expr>) -> Result<(Vec<Expr>, bool), Error> {
        let mut items = Vec::new();
        let mut comma = false;
        if let Some(f) = first {
            items.push(f);
            if self.eat_op(",") {
                comma = true;
            } else if !self.is_op(close) {
                return Err(self.err_after_element(items.last(), &format!("',' or '{close}'")));
            }
        }
        loop {
            if self.eat_op(close) {
                return Ok((items, comma));
            }
            items.push(self.parse_star_or(1)?);
            if self.eat_op(",") {
                comma = true;
            } else if !self.is_op(close) {
                return Err(self.err_after_element(items.last(), &format!("',' or '{close}'")));
            }
        }
    }

    pub(crate) fn parse_atom(&mut self) -> Result<Expr, Error> {
        let t = self.peek();
        let start = t.span;
        match &t.tok {
            Tok::Int(v) => {
                self.advance();
                Ok(Expr::new(ExprKind::Num(v.clone()), start))
            }
            Tok::Float(f) => {
                self.advance();
                Ok(Expr::new(ExprKind::Num(PyValue::Float(*f)), start))
            }
            Tok::Imaginary => {
                self.advance();
                Ok(Expr::new(ExprKind::Imaginary, start))
            }
            Tok::Str(..) => {
                let mut text = String::new();
                let mut kind = StrKind::Str;
                let mut first = true;
                let mut end = start;
                while let Tok::Str(s, k) = &self.peek().tok {
                    if !first && (*k == StrKind::Bytes) != (kind == StrKind::Bytes) {
                        return Err(syntax_error(self.peek().span.start, "cannot mix bytes and nonbytes literals"));
                    }
                    if first || *k == StrKind::FString {
                        kind = *k;
                    }
                    first = false;
                    text.push_str(s);
                    end = self.advance().span;
                }
                let span = start.to(end);
                Ok(Expr::new(
                    match kind {
                        StrKind::Str => ExprKind::Str(text),
                        StrKind::Bytes => ExprKind::Bytes(text),
                        StrKind::FString => ExprKind::FString(text),
                    },
                    span,
                ))
            }
            Tok::Name(n) => {
                let kind = match n.as_str() {
                    "True" => ExprKind::Const(PyValue::Bool(true)),
                    "False" => ExprKind::Const(PyValue::Bool(false)),
                    "None" => ExprKind::Const(PyValue::None),
                    kw if is_keyword(kw) => return Err(self.err_expected("an expression")),
                    _ => ExprKind::Name(n.clone()),
                };
                self.advance();
                Ok(Expr::new(kind, start))
            }
            Tok::Op("...") => {
                self.advance();
                Ok(Expr::new(ExprKind::Ellipsis, start))
            }
            Tok::Op("(") => {
                self.advance();
                self.nested(|p| p.parse_paren(start))
            }
            Tok::Op("[") => {
                self.advance();
                self.nested(|p| p.parse_list(start))
            }
            Tok::Op("{") => {
                self.advance();
                self.nested(|p| p.parse_brace(start))
            }
            _ => Err(self.err_expected("an expression")),
        }
    }

    pub(crate) fn parse_paren(&mut self, start: Span) -> Result<Expr, Error> {
        if self.eat_op(")") {
            return Ok(Expr::new(ExprKind::Tuple(Vec::new()), start.to(self.prev_span())));
        }
        if self.is_kw("yield") {
            return Err(self.err_expected("an expression ('yield' is not supported)"));
        }
        let first = self.parse_star_or(1)?;
        if self.is_kw("for") || self.is_kw("async") {
            self.parse_comp_clauses()?;
            let close = self.expect_op(")", "')'")?;
            return Ok(Expr::new(ExprKind::Comprehension(CompKind::Generator), start.to(close)));
        }
        if self.is_op(")") && !matches!(first.kind, ExprKind::Starred(_)) {
            self.advance();
            // Parentheses only group; keep the inner expression but widen nothing (the span of
            // a parenthesised expression is its content, as in Python's AST).
            return Ok(first);
        }
        let (items, _) = self.parse_elements(")", Some(first))?;
        Ok(Expr::new(ExprKind::Tuple(items), start.to(self.prev_span())))
    }

    pub(crate) fn parse_list(&mut self, start: Span) -> Result<Expr, Error> {
        if self.eat_op("]") {
            return Ok(Expr::new(ExprKind::List(Vec::new()), start.to(self.prev_span())));
        }
        let first = self.parse_star_or(1)?;
        if self.is_kw("for") || self.is_kw("async") {
            self.parse_comp_clauses()?;
            let close = self.expect_op("]", "']'")?;
            return Ok(Expr::new(ExprKind::Comprehension(CompKind::List), start.to(close)));
        }
        let (items, _) = self.parse_elements("]", Some(first))?;
        Ok(Expr::new(ExprKind::List(items), start.to(self.prev_span())))
    }

    pub(crate) fn parse_brace(&mut self, start: Span) -> Result<Expr, Error> {
        if self.eat_op("}") {
            return Ok(Expr::new(ExprKind::Dict(Vec::new()), start.to(self.prev_span())));
        }
        // The first item decides between a dict and a set.
        let first_item = if self.eat_op("**") {
            DictItem::Splat(self.parse_binary(5)?)
        } else {
            let key = self.parse_star_or(1)?;
            if self.is_op(":") && !matches!(key.kind, ExprKind::Starred(_)) {
                self.advance();
                let value = self.parse_test()?;
                DictItem::Pair(key, value)
            } else {
                // A set display or set comprehension.
                if self.is_kw("for") || self.is_kw("async") {
                    self.parse_comp_clauses()?;
                    let close = self.expect_op("}", "'}'")?;
                    return Ok(Expr::new(ExprKind::Comprehension(CompKind::Set), start.to(close)));
                }
                let (items, _) = self.parse_elements("}", Some(key))?;
                return Ok(Expr::new(ExprKind::Set(items), start.to(self.prev_span())));
            }
        };
        if matches!(first_item, DictItem::Pair(..)) && (self.is_kw("for") || self.is_kw("async")) {
            self.parse_comp_clauses()?;
            let close = self.expect_op("}", "'}'")?;
            return Ok(Expr::new(ExprKind::Comprehension(CompKind::Dict), start.to(close)));
        }
        let mut items = vec![first_item];
        loop {
            if self.eat_op("}") {
                break;
            }
            if !self.eat_op(",") {
                let prev = match items.last() {
                    Some(DictItem::Pair(_, v)) => Some(v),
                    Some(DictItem::Splat(e)) => Some(e),
                    None => None,
                };
                return Err(self.err_after_element(prev, "',' or '}'"));
            }
            if self.eat_op("}") {
                break;
            }
            if self.eat_op("**") {
                items.push(DictItem::Splat(self.parse_binary(5)?));
                continue;
            }
            let key = self.parse_test()?;
            if !self.eat_op(":") {
                return Err(self.err_expected("':'"));
            }
            let value = self.parse_test()?;
            items.push(DictItem::Pair(key, value));
        }
        Ok(Expr::new(ExprKind::Dict(items), start.to(self.prev_span())))
    }

    /// `a, b, *c` (a bare tuple when there is a comma) — the right-hand side of assignments.
    pub(crate) fn parse_test_list(&mut self) -> Result<Expr, Error> {
        let first = self.parse_star_or(1)?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let start = first.span;
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.at_expr_end() {
                break;
            }
            items.push(self.parse_star_or(1)?);
        }
        Ok(Expr::new(ExprKind::Tuple(items), start.to(self.prev_span())))
    }

    pub(crate) fn at_expr_end(&self) -> bool {
        matches!(self.peek().tok, Tok::Newline | Tok::Eof | Tok::Op("=" | ";" | ")" | "]" | "}" | ":"))
            || matches!(&self.peek().tok, Tok::Op(op) if op.len() >= 2 && op.ends_with('=') && !matches!(*op, "==" | "<=" | ">=" | "!="))
    }
}

/// Parses a whole text as one expression, as Python's `eval` does (leading spaces on the first
/// line and trailing newlines/comments are fine; anything after the expression is an error).
pub fn parse_expression(src: &str) -> Result<Expr, Error> {
    parse_expression_unclamped(src).map_err(|e| clamp_to_line(e, src))
}

/// `eval` compiles its text without the newline a file ends with, so CPython puts an error
/// "just past the end" of the last line on its last character: the same here.
fn clamp_to_line(e: Error, src: &str) -> Error {
    match e {
        Error::Parse { exc, line, column, message } => {
            let len = src.split('\n').nth(line.saturating_sub(1)).map_or(0, |l| l.trim_end_matches('\r').chars().count());
            let column = if column > len && len > 0 { len } else { column };
            Error::Parse { exc, line, column, message }
        }
        other => other,
    }
}

fn parse_expression_unclamped(src: &str) -> Result<Expr, Error> {
    let toks = tokenize(src)?;
    let mut p = Parser { toks: &toks, pos: 0, depth: 0 };
    let first = p.peek();
    if first.tok == Tok::Eof {
        return Err(syntax_error(first.span.start, "expected an expression but found the end of the input (the text holds only comments or whitespace)"));
    }
    if first.span.start.line > 1 && first.indent.unwrap_or(0) > 0 {
        return Err(unexpected_indent(first.span.start));
    }
    let e = p.parse_test_list()?;
    while p.peek().tok == Tok::Newline {
        p.advance();
    }
    if p.peek().tok != Tok::Eof {
        return Err(p.err_expected("the end of the input"));
    }
    Ok(e)
}

/// Parses `key: value` pairs, separated by commas or only by line breaks, up to the end of the
/// input: the inside of a dict display without its braces (for pasted fragments of a dict). `src`
/// is a piece of a larger text starting there at `line`/`column` (errors and spans use those). The
/// result is an `ExprKind::Dict`.
pub fn parse_dict_items(src: &str, line: usize, column: usize) -> Result<Expr, Error> {
    let toks: Vec<Token> = tokenize_at(src, line, column)?.into_iter().filter(|t| t.tok != Tok::Newline).collect();
    let mut p = Parser { toks: &toks, pos: 0, depth: 0 };
    let start = p.peek().span;
    let mut items = Vec::new();
    while p.peek().tok != Tok::Eof {
        let key = p.parse_test()?;
        p.expect_op(":", "':'")?;
        let value = p.parse_test()?;
        items.push(DictItem::Pair(key, value));
        p.eat_op(",");
    }
    Ok(Expr::new(ExprKind::Dict(items), start.to(p.prev_span())))
}
