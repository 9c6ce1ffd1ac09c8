//! Top-level statements of a config module (blocks skipped whole, with their lines).
use super::*;

/// One top-level statement of a module.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The statement's source range (for blocks: header and body).
    pub span: Span,
    pub kind: StmtKind,
}

/// What a top-level statement is.
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind {
    /// `a = b = value` (targets in source order).
    Assign { targets: Vec<Expr>, value: Expr },
    /// `x += value` and friends.
    AugAssign { target: Expr, op: &'static str, value: Expr },
    /// `x: T = value` / `x: T`.
    AnnAssign { target: Expr, value: Option<Expr> },
    /// `del a, b`.
    Del(Vec<Expr>),
    /// A bare expression (e.g. a call).
    Expr(Expr),
    /// A simple statement that is not read (`import`, `from`, `pass`, `assert`, `global`, ...).
    Simple { keyword: String },
    /// A compound statement skipped as a whole (`def`, `class`, `if`, `for`, `while`, `with`,
    /// `try`, `async`, `match`, decorators). `defines`: the name a `def`/`class` binds (after its
    /// decorators). `assigned`: the names assigned at the start of a body line (`name = ...`,
    /// `global name`) with their lines.
    Block { keyword: String, defines: Option<String>, assigned: Vec<(String, usize)> },
}

/// What a skipped block defines (`def`/`class` name) and the names its body assigns, with lines.
pub(crate) type SkippedBlock = (Option<String>, Vec<(String, usize)>);

pub(crate) const BLOCK_KEYWORDS: &[&str] = &["def", "class", "if", "for", "while", "with", "try", "async"];

pub(crate) const CLAUSE_KEYWORDS: &[&str] = &["elif", "else", "except", "finally", "case"];

pub(crate) const SIMPLE_KEYWORDS: &[&str] = &[
    "import", "from", "pass", "assert", "global", "nonlocal", "return", "raise", "break", "continue", "yield",
];

/// A Python-2 `print x` / `exec "code"` statement at the current token: Python 3 raises
/// SyntaxError for it (`print` and `exec` are functions there).
pub(crate) fn python2_statement(p: &Parser<'_>) -> Option<Error> {
    let Tok::Name(kw) = &p.peek().tok else { return None };
    if kw != "print" && kw != "exec" {
        return None;
    }
    let follows_atom = match p.peek_n(1) {
        Tok::Str(..) | Tok::Int(_) | Tok::Float(_) => true,
        Tok::Name(n) => !is_keyword(n),
        _ => false,
    };
    follows_atom.then(|| {
        syntax_error(
            p.peek().span.start,
            format!("Missing parentheses in call to '{kw}'. Did you mean {kw}(...)? (a Python 2 statement; Python 3 cannot read it)"),
        )
    })
}

impl<'t> Parser<'t> {
    /// Skips to the token after the next `Newline` (end of this logical line).
    pub(crate) fn skip_line(&mut self) {
        while !matches!(self.peek().tok, Tok::Newline | Tok::Eof) {
            self.advance();
        }
        self.eat_newline();
    }

    pub(crate) fn eat_newline(&mut self) {
        if self.peek().tok == Tok::Newline {
            self.advance();
        }
    }

    /// The indentation of the logical line starting at the current token.
    pub(crate) fn line_indent(&self) -> usize {
        self.peek().indent.unwrap_or(0)
    }

    /// Just past the last token of the current logical line (where CPython locates an
    /// indentation mismatch).
    pub(crate) fn line_end(&self) -> Pos {
        let line = self.toks[self.pos..].iter().take_while(|t| !matches!(t.tok, Tok::Newline | Tok::Eof));
        line.last().map_or(self.peek().span.start, |t| t.span.end)
    }

    pub(crate) fn is_block_header(&self) -> Option<String> {
        match &self.peek().tok {
            Tok::Op("@") => Some("@".into()),
            Tok::Name(n) if BLOCK_KEYWORDS.contains(&n.as_str()) => Some(n.clone()),
            // `match x:` is a soft keyword: a block only if the line ends with ':'.
            Tok::Name(n) if n == "match" && self.line_ends_with_colon() && !matches!(self.peek_n(1), Tok::Op("=" | "." | "(" | "[")) => {
                Some(n.clone())
            }
            _ => None,
        }
    }

    pub(crate) fn line_ends_with_colon(&self) -> bool {
        let mut i = self.pos;
        while i < self.toks.len() && !matches!(self.toks[i].tok, Tok::Newline | Tok::Eof) {
            i += 1;
        }
        i > self.pos && matches!(self.toks[i - 1].tok, Tok::Op(":"))
    }

    /// Skips a compound statement: its header line(s), its indented body, and continuation clauses
    /// (`elif`, `else`, `except`, `finally`; decorators followed by their `def`/`class`).
    /// The name bound by a `def`/`class`/`async def` header at the current token.
    pub(crate) fn def_name(&self) -> Option<String> {
        let name_at = match &self.peek().tok {
            Tok::Name(k) if k == "def" || k == "class" => 1,
            Tok::Name(k) if k == "async" && matches!(self.peek_n(1), Tok::Name(d) if d == "def") => 2,
            _ => return None,
        };
        match self.peek_n(name_at) {
            Tok::Name(n) => Some(n.clone()),
            _ => None,
        }
    }

    /// True when the logical line starting at the current token has a `:` (a block header
    /// without one, such as `class = 1`, is not a block).
    pub(crate) fn line_has_colon(&self) -> bool {
        self.toks[self.pos..].iter().take_while(|t| !matches!(t.tok, Tok::Newline | Tok::Eof)).any(|t| t.tok == Tok::Op(":"))
    }

    pub(crate) fn skip_block(&mut self, keyword: &str) -> Result<SkippedBlock, Error> {
        let indent = self.line_indent();
        let mut assigned = Vec::new();
        let mut is_decorator = keyword == "@";
        let mut defines = self.def_name();
        if !is_decorator && !self.line_has_colon() {
            // Located at the token after the keyword, where CPython's parser gives up.
            let at = self.toks.get(self.pos + 1).map_or(self.peek().span.start, |t| t.span.start);
            return Err(syntax_error(at, format!("invalid syntax: '{keyword}' starts a block, but its line has no ':'")));
        }
        loop {
            // Indentation levels inside the body, as Python's tokenizer checks them.
            let mut levels: Vec<usize> = Vec::new();
            let mut opens_block = self.line_ends_with_colon();
            self.skip_line();
            // Body lines: more indented than the header.
            while self.peek().tok != Tok::Eof && self.line_indent() > indent {
                let ind = self.line_indent();
                let at = self.peek().span.start;
                match levels.last().copied() {
                    Some(top) if ind < top => {
                        while levels.last().is_some_and(|&l| l > ind) {
                            levels.pop();
                        }
                        if levels.last() != Some(&ind) {
                            // CPython puts it just past the line's end.
                            return Err(syntax_error(self.line_end(), "unindent does not match any outer indentation level"));
                        }
                    }
                    Some(top) if ind == top => {}
                    _ if !opens_block => return Err(unexpected_indent(at)),
                    _ => levels.push(ind),
                }
                opens_block = self.line_ends_with_colon();
                if let Some(err) = python2_statement(self) {
                    return Err(err);
                }
                let t = self.peek();
                match (&t.tok, self.peek_n(1)) {
                    (Tok::Name(n), Tok::Op("=" | ":")) if !is_keyword(n) => assigned.push((n.clone(), t.span.start.line)),
                    (Tok::Name(g), Tok::Name(n)) if g == "global" => assigned.push((n.clone(), t.span.start.line)),
                    _ => {}
                }
                self.skip_line();
            }
            if self.peek().tok == Tok::Eof || self.line_indent() != indent {
                break;
            }
            let cont = match &self.peek().tok {
                Tok::Name(n) if CLAUSE_KEYWORDS.contains(&n.as_str()) => true,
                Tok::Op("@") if is_decorator => true,
                Tok::Name(n) if is_decorator && matches!(n.as_str(), "def" | "class" | "async") => {
                    is_decorator = false;
                    defines = self.def_name();
                    true
                }
                _ => false,
            };
            if !cont {
                break;
            }
        }
        Ok((defines, assigned))
    }

    pub(crate) fn parse_small_statement(&mut self) -> Result<StmtKind, Error> {
        if let Tok::Name(n) = &self.peek().tok {
            if n == "del" {
                self.advance();
                let target = self.parse_test_list()?;
                let targets = match target.kind {
                    ExprKind::Tuple(items) => items,
                    _ => vec![target],
                };
                return Ok(StmtKind::Del(targets));
            }
            if let Some(err) = python2_statement(self) {
                return Err(err);
            }
            if SIMPLE_KEYWORDS.contains(&n.as_str()) {
                let keyword = n.clone();
                // Skip to the end of this small statement.
                while !matches!(self.peek().tok, Tok::Newline | Tok::Eof | Tok::Op(";")) {
                    self.advance();
                }
                return Ok(StmtKind::Simple { keyword });
            }
        }
        let first = self.parse_test_list()?;
        if self.is_op("=") {
            let mut exprs = vec![first];
            while self.eat_op("=") {
                if self.is_kw("yield") {
                    return Err(self.err_expected("an expression ('yield' is not supported)"));
                }
                exprs.push(self.parse_test_list()?);
            }
            let value = exprs.pop().ok_or_else(|| self.err_expected("an expression"))?;
            return Ok(StmtKind::Assign { targets: exprs, value });
        }
        if let Tok::Op(op) = &self.peek().tok {
            if op.len() >= 2 && op.ends_with('=') && !matches!(*op, "==" | "<=" | ">=" | "!=") {
                let op = *op;
                self.advance();
                let value = self.parse_test_list()?;
                return Ok(StmtKind::AugAssign { target: first, op, value });
            }
            if *op == ":" {
                self.advance();
                self.parse_test()?;
                let value = if self.eat_op("=") { Some(self.parse_test_list()?) } else { None };
                return Ok(StmtKind::AnnAssign { target: first, value });
            }
        }
        Ok(StmtKind::Expr(first))
    }
}

/// Reads a Python module (a config file) as a list of top-level statements, never executing
/// anything. Compound statements are skipped as whole blocks ([`StmtKind::Block`]). A syntax
/// error anywhere outside skipped blocks is a located `SyntaxError`.
pub fn parse_module(src: &str) -> Result<Vec<Statement>, Error> {
    let toks = tokenize(src)?;
    let mut p = Parser { toks: &toks, pos: 0, depth: 0 };
    let mut out = Vec::new();
    while p.peek().tok != Tok::Eof {
        if p.peek().tok == Tok::Newline {
            p.advance();
            continue;
        }
        let start = p.peek().span;
        if p.line_indent() > 0 {
            return Err(unexpected_indent(start.start));
        }
        if let Some(keyword) = p.is_block_header() {
            let (defines, assigned) = p.skip_block(&keyword)?;
            // The block ends with its last token before the final line break.
            let last = (0..p.pos).rev().find(|&i| p.toks[i].tok != Tok::Newline).unwrap_or(0);
            let end = p.toks.get(last).map_or(start, |t| t.span);
            out.push(Statement { span: start.to(end), kind: StmtKind::Block { keyword, defines, assigned } });
            continue;
        }
        if let Tok::Name(n) = &p.peek().tok {
            if CLAUSE_KEYWORDS[..4].contains(&n.as_str()) {
                return Err(syntax_error(start.start, format!("'{n}' without a matching block before it")));
            }
        }
        loop {
            let s = p.peek().span;
            let kind = p.parse_small_statement()?;
            out.push(Statement { span: s.to(p.prev_span()), kind });
            if p.eat_op(";") {
                if matches!(p.peek().tok, Tok::Newline | Tok::Eof) {
                    break;
                }
                continue;
            }
            if !matches!(p.peek().tok, Tok::Newline | Tok::Eof) {
                return Err(p.err_expected("the end of the statement"));
            }
            break;
        }
        p.eat_newline();
    }
    Ok(out)
}

/// One name an `import` / `from ... import` statement binds.
#[derive(Clone, Debug, PartialEq)]
pub enum Imported {
    /// `import a.b.c` binds `a` to the module `a` (path `a`); `import a.b.c as x` binds `x` to
    /// `a.b.c`.
    Module { path: String, bound: String },
    /// `from module import name [as bound]` (`sole`: the statement imports nothing else).
    Name { module: String, name: String, bound: String, sole: bool },
    /// `from module import *`.
    Star { module: String },
}

/// The names an import statement's text binds (nothing for text that is not one).
pub fn imports(text: &str) -> Vec<Imported> {
    let Ok(toks) = tokenize(text) else { return Vec::new() };
    let words: Vec<&Tok> = toks.iter().map(|t| &t.tok).filter(|t| !matches!(t, Tok::Newline | Tok::Eof | Tok::Op("(" | ")"))).collect();
    let dotted = |ws: &[&Tok]| -> String {
        ws.iter()
            .map(|t| match t {
                Tok::Name(n) => n.as_str(),
                Tok::Op(o) => o,
                _ => "?",
            })
            .collect::<Vec<_>>()
            .join("")
    };
    let mut out = Vec::new();
    match words.first() {
        Some(Tok::Name(k)) if k == "from" => {
            let Some(at) = words.iter().position(|t| **t == Tok::Name("import".into())) else { return out };
            let module = dotted(&words[1..at]);
            let items: Vec<&[&Tok]> = words[at + 1..].split(|t| **t == Tok::Op(",")).filter(|w| !w.is_empty()).collect();
            let sole = items.len() == 1;
            for item in items {
                match item {
                    [Tok::Op("*")] => out.push(Imported::Star { module: module.clone() }),
                    [Tok::Name(o)] => out.push(Imported::Name { module: module.clone(), name: o.clone(), bound: o.clone(), sole }),
                    [Tok::Name(o), Tok::Name(a), Tok::Name(b)] if a == "as" => {
                        out.push(Imported::Name { module: module.clone(), name: o.clone(), bound: b.clone(), sole })
                    }
                    _ => {}
                }
            }
        }
        Some(Tok::Name(k)) if k == "import" => {
            for item in words[1..].split(|t| **t == Tok::Op(",")).filter(|w| !w.is_empty()) {
                match item.iter().position(|t| **t == Tok::Name("as".into())) {
                    Some(a) => {
                        if let Some(Tok::Name(b)) = item.get(a + 1) {
                            out.push(Imported::Module { path: dotted(&item[..a]), bound: b.clone() });
                        }
                    }
                    None => {
                        if let Some(Tok::Name(first)) = item.first() {
                            out.push(Imported::Module { path: first.clone(), bound: first.clone() });
                        }
                    }
                }
            }
        }
        _ => {}
    }
    out
}
