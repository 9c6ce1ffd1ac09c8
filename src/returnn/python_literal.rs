//! A reader for the Python that RETURNN configs and `learning_rate_file`s are written in. It never
//! evaluates code: a hand-written lexer and recursive-descent parser build an [`Expr`] tree (with
//! 1-based line/column spans), [`literal_value`] turns the literal subset of it into a [`PyValue`],
//! and [`parse_module`] splits a config file into statements (blocks such as `def` are skipped as a
//! whole, with their lines).
//!
//! The parser understands enough of Python's expression grammar to *recognise* what is not a literal
//! (`learning_rate / 50.`, `numpy.linspace(...)`, comprehensions, lambdas) and to say so, rather than
//! fail. Errors are Python's `SyntaxError`, located: `line 3, column 17: expected ',' or '}' but
//! found ')'`. Inputs are bounded ([`MAX_INPUT_BYTES`], [`MAX_DEPTH`]) so that nothing can overflow
//! the stack, and no input makes it panic.
use crate::engine::error::{Error, PyExc};
use crate::returnn::pyvalue::{str_repr, PyValue};
use std::collections::HashMap;

/// The largest text accepted (bytes).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;
/// The deepest nesting of brackets / unary operators / sub-expressions accepted.
pub const MAX_DEPTH: usize = 100;

/// A position in the source: byte offset, 1-based line and 1-based column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    pub offset: usize,
    pub line: usize,
    pub column: usize,
}

/// A source range (`end` is exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    /// From the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start, end: other.end }
    }

    /// The source text of this span ("" if the span does not belong to `src`).
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start.offset..self.end.offset).unwrap_or("")
    }
}

/// What kind of string literal a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrKind {
    Str,
    Bytes,
    FString,
}

/// A lexical token.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// An identifier or keyword.
    Name(String),
    /// An integer literal (`PyValue::Int` or `PyValue::BigInt`).
    Int(PyValue),
    Float(f64),
    /// A complex literal such as `1j` (recognised, never evaluated).
    Imaginary,
    /// A string literal with escapes resolved (f-strings: their raw text).
    Str(String, StrKind),
    /// An operator or delimiter.
    Op(&'static str),
    /// The end of a logical line.
    Newline,
    Eof,
}

/// A token with its span; `indent` is set on the first token of each logical line (its
/// indentation width, tabs to multiples of 8).
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
    pub indent: Option<usize>,
}

fn syntax_error(pos: Pos, message: impl Into<String>) -> Error {
    Error::parse(PyExc::SyntaxError, pos.line, pos.column, message)
}

fn check_size(src: &str) -> Result<(), Error> {
    if src.len() > MAX_INPUT_BYTES {
        return Err(Error::Limit { what: "input size in bytes".into(), limit: MAX_INPUT_BYTES });
    }
    Ok(())
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// True for Python's hard keywords.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

const OPS3: &[&str] = &["**=", "//=", ">>=", "<<=", "..."];
const OPS2: &[&str] = &[
    "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=",
];
const OPS1: &[&str] = &["+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "="];

struct Lexer<'s> {
    src: &'s str,
    i: usize,
    line: usize,
    col: usize,
    brackets: Vec<(char, Pos)>,
    toks: Vec<Token>,
    at_line_start: bool,
    indent: usize,
}

impl<'s> Lexer<'s> {
    fn pos(&self) -> Pos {
        Pos { offset: self.i, line: self.line, column: self.col }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.i..).and_then(|s| s.chars().next())
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src.get(self.i..).and_then(|s| s.chars().nth(n))
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        if c == '\n' || (c == '\r' && self.peek() != Some('\n')) {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn push(&mut self, tok: Tok, start: Pos) {
        let indent = if self.at_line_start { Some(self.indent) } else { None };
        self.at_line_start = false;
        let span = Span { start, end: self.pos() };
        self.toks.push(Token { tok, span, indent });
    }

    fn run(mut self) -> Result<Vec<Token>, Error> {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\x0c' => {
                    self.bump();
                    if self.at_line_start {
                        self.indent = match c {
                            '\t' => (self.indent / 8 + 1) * 8,
                            '\x0c' => 0,
                            _ => self.indent + 1,
                        };
                    }
                }
                '\n' | '\r' => {
                    let start = self.pos();
                    self.bump();
                    if c == '\r' && self.peek() == Some('\n') {
                        self.bump();
                    }
                    if self.brackets.is_empty() {
                        if !self.at_line_start {
                            self.toks.push(Token { tok: Tok::Newline, span: Span { start, end: self.pos() }, indent: None });
                            self.at_line_start = true;
                        }
                        self.indent = 0;
                    }
                }
                '#' => {
                    while let Some(d) = self.peek() {
                        if d == '\n' || d == '\r' {
                            break;
                        }
                        self.bump();
                    }
                }
                '\\' => {
                    let start = self.pos();
                    self.bump();
                    match self.peek() {
                        Some('\n') => {
                            self.bump();
                        }
                        Some('\r') => {
                            self.bump();
                            if self.peek() == Some('\n') {
                                self.bump();
                            }
                        }
                        None => return Err(syntax_error(start, "unexpected end of input after line continuation character")),
                        Some(_) => return Err(syntax_error(start, "unexpected character after line continuation character")),
                    }
                }
                c if c.is_ascii_digit() || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) => {
                    let start = self.pos();
                    let tok = self.number(start)?;
                    self.push(tok, start);
                }
                '\'' | '"' => {
                    let start = self.pos();
                    let tok = self.string("", start)?;
                    self.push(tok, start);
                }
                c if c.is_alphabetic() || c == '_' => {
                    let start = self.pos();
                    let name = self.ident();
                    let is_prefix = name.len() <= 2
                        && name.chars().all(|p| matches!(p, 'r' | 'R' | 'b' | 'B' | 'u' | 'U' | 'f' | 'F'))
                        && matches!(name.to_ascii_lowercase().as_str(), "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf");
                    if is_prefix && matches!(self.peek(), Some('\'') | Some('"')) {
                        let tok = self.string(&name, start)?;
                        self.push(tok, start);
                    } else {
                        self.push(Tok::Name(name), start);
                    }
                }
                _ => {
                    let start = self.pos();
                    let op = self.op(start)?;
                    self.push(Tok::Op(op), start);
                }
            }
        }
        if let Some((b, pos)) = self.brackets.last() {
            return Err(syntax_error(*pos, format!("'{b}' was never closed")));
        }
        let end = self.pos();
        if !self.at_line_start {
            self.toks.push(Token { tok: Tok::Newline, span: Span { start: end, end }, indent: None });
        }
        self.toks.push(Token { tok: Tok::Eof, span: Span { start: end, end }, indent: None });
        Ok(self.toks)
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                self.bump();
            } else {
                break;
            }
        }
        self.src.get(start..self.i).unwrap_or("").to_string()
    }

    fn op(&mut self, start: Pos) -> Result<&'static str, Error> {
        let rest = self.src.get(self.i..).unwrap_or("");
        let found = OPS3.iter().chain(OPS2.iter()).chain(OPS1.iter()).find(|op| rest.starts_with(**op)).copied();
        let Some(op) = found else {
            let c = self.peek().unwrap_or('\0');
            return Err(syntax_error(start, format!("invalid character '{}' (U+{:04X})", c.escape_debug(), c as u32)));
        };
        for _ in 0..op.len() {
            self.bump();
        }
        match op {
            "(" | "[" | "{" => self.brackets.push((op.chars().next().unwrap_or('('), start)),
            ")" | "]" | "}" => {
                let close = op.chars().next().unwrap_or(')');
                match self.brackets.pop() {
                    None => return Err(syntax_error(start, format!("unmatched '{close}'"))),
                    Some((open, open_pos)) => {
                        let want = match open {
                            '(' => ')',
                            '[' => ']',
                            _ => '}',
                        };
                        if want != close {
                            return Err(syntax_error(
                                start,
                                format!(
                                    "closing parenthesis '{close}' does not match opening parenthesis '{open}' on line {}",
                                    open_pos.line
                                ),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(op)
    }

    fn digits(&mut self, radix: u32, out: &mut String, start: Pos) -> Result<(), Error> {
        let mut last_underscore = false;
        let mut any = false;
        while let Some(c) = self.peek() {
            if c == '_' {
                if last_underscore || !any {
                    return Err(syntax_error(start, "invalid decimal literal"));
                }
                last_underscore = true;
                self.bump();
            } else if c.is_digit(radix) {
                out.push(c);
                last_underscore = false;
                any = true;
                self.bump();
            } else {
                break;
            }
        }
        if last_underscore {
            return Err(syntax_error(start, "invalid decimal literal"));
        }
        Ok(())
    }

    fn number(&mut self, start: Pos) -> Result<Tok, Error> {
        let radix = match (self.peek(), self.peek_at(1)) {
            (Some('0'), Some('x' | 'X')) => 16,
            (Some('0'), Some('o' | 'O')) => 8,
            (Some('0'), Some('b' | 'B')) => 2,
            _ => 10,
        };
        let tok = if radix != 10 {
            self.bump();
            self.bump();
            if self.peek() == Some('_') {
                self.bump();
            }
            let mut ds = String::new();
            self.digits(radix, &mut ds, start)?;
            if ds.is_empty() {
                return Err(syntax_error(start, "invalid number literal"));
            }
            Tok::Int(int_from_digits(&ds, radix))
        } else {
            let mut int_part = String::new();
            self.digits(10, &mut int_part, start)?;
            let mut text = int_part.clone();
            let mut is_float = false;
            if self.peek() == Some('.') {
                self.bump();
                is_float = true;
                text.push('.');
                if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.digits(10, &mut text, start)?;
                }
            }
            if matches!(self.peek(), Some('e' | 'E')) {
                let sign = self.peek_at(1);
                let has_exp = match sign {
                    Some('+' | '-') => self.peek_at(2).is_some_and(|c| c.is_ascii_digit()),
                    Some(c) => c.is_ascii_digit(),
                    None => false,
                };
                if has_exp {
                    is_float = true;
                    self.bump();
                    text.push('e');
                    if let Some(s @ ('+' | '-')) = self.peek() {
                        self.bump();
                        text.push(s);
                    }
                    self.digits(10, &mut text, start)?;
                }
            }
            if matches!(self.peek(), Some('j' | 'J')) {
                self.bump();
                Tok::Imaginary
            } else if is_float {
                Tok::Float(text.parse::<f64>().map_err(|_| syntax_error(start, "invalid decimal literal"))?)
            } else {
                if int_part.len() > 1 && int_part.starts_with('0') && int_part.chars().any(|c| c != '0') {
                    return Err(syntax_error(
                        start,
                        "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    ));
                }
                Tok::Int(int_from_digits(&int_part, 10))
            }
        };
        // `1if x else y` is (grudgingly) valid Python; `1abc` is not.
        if let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                let rest = self.src.get(self.i..).unwrap_or("");
                let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !is_keyword(&word) {
                    return Err(syntax_error(start, "invalid decimal literal"));
                }
            }
        }
        Ok(tok)
    }

    fn hex_escape(&mut self, n: usize, start: Pos, what: &str) -> Result<u32, Error> {
        let mut v: u32 = 0;
        for _ in 0..n {
            match self.peek().and_then(|c| c.to_digit(16)) {
                Some(d) => {
                    v = v.saturating_mul(16).saturating_add(d);
                    self.bump();
                }
                None => return Err(syntax_error(start, format!("truncated {what} escape"))),
            }
        }
        Ok(v)
    }

    fn string(&mut self, prefix: &str, start: Pos) -> Result<Tok, Error> {
        let lower = prefix.to_ascii_lowercase();
        let raw = lower.contains('r');
        let kind = if lower.contains('b') {
            StrKind::Bytes
        } else if lower.contains('f') {
            StrKind::FString
        } else {
            StrKind::Str
        };
        let q = self.bump().unwrap_or('\'');
        let triple = self.peek() == Some(q) && self.peek_at(1) == Some(q);
        if triple {
            self.bump();
            self.bump();
        }
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                let what = if triple { "unterminated triple-quoted string literal" } else { "unterminated string literal" };
                return Err(syntax_error(start, what));
            };
            if c == q {
                if !triple {
                    self.bump();
                    break;
                }
                if self.peek_at(1) == Some(q) && self.peek_at(2) == Some(q) {
                    self.bump();
                    self.bump();
                    self.bump();
                    break;
                }
                self.bump();
                out.push(c);
                continue;
            }
            if (c == '\n' || c == '\r') && !triple {
                return Err(syntax_error(start, "unterminated string literal"));
            }
            if c == '\r' {
                // Universal newlines, as Python reads source text: "\r\n" and "\r" are "\n".
                self.bump();
                if self.peek() == Some('\n') {
                    self.bump();
                }
                out.push('\n');
                continue;
            }
            if c != '\\' {
                if kind == StrKind::Bytes && !c.is_ascii() {
                    return Err(syntax_error(self.pos(), "bytes can only contain ASCII literal characters"));
                }
                self.bump();
                out.push(c);
                continue;
            }
            let esc = self.pos();
            self.bump();
            let Some(d) = self.peek() else { continue };
            if raw || kind == StrKind::FString && d == '{' {
                out.push('\\');
                out.push(d);
                self.bump();
                continue;
            }
            self.bump();
            match d {
                '\n' => {}
                '\r' => {
                    if self.peek() == Some('\n') {
                        self.bump();
                    }
                }
                '\\' | '\'' | '"' => out.push(d),
                'a' => out.push('\x07'),
                'b' => out.push('\x08'),
                'f' => out.push('\x0c'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'v' => out.push('\x0b'),
                '0'..='7' => {
                    let mut v = d.to_digit(8).unwrap_or(0);
                    for _ in 0..2 {
                        match self.peek().and_then(|c| c.to_digit(8)) {
                            Some(x) => {
                                v = v * 8 + x;
                                self.bump();
                            }
                            None => break,
                        }
                    }
                    out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                }
                'x' => {
                    let v = self.hex_escape(2, esc, "\\xXX")?;
                    out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                }
                'u' | 'U' if kind != StrKind::Bytes => {
                    let (n, what) = if d == 'u' { (4, "\\uXXXX") } else { (8, "\\UXXXXXXXX") };
                    let v = self.hex_escape(n, esc, what)?;
                    if v > 0x10ffff {
                        return Err(syntax_error(esc, "illegal Unicode character in \\U escape"));
                    }
                    // Lone surrogates cannot live in a Rust string.
                    out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                }
                'N' if kind != StrKind::Bytes && self.peek() == Some('{') => {
                    // Unicode names are not resolved; keep the escape as written.
                    out.push_str("\\N");
                }
                other => {
                    out.push('\\');
                    out.push(other);
                }
            }
        }
        Ok(Tok::Str(out, kind))
    }
}

/// An integer from its digits in `radix` (no sign, no underscores), as `Int` or `BigInt`.
fn int_from_digits(digits: &str, radix: u32) -> PyValue {
    // Little-endian base-1e9 limbs.
    let mut limbs: Vec<u64> = vec![0];
    for c in digits.chars() {
        let mut carry = u64::from(c.to_digit(radix).unwrap_or(0));
        for limb in limbs.iter_mut() {
            let v = *limb * u64::from(radix) + carry;
            *limb = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push(carry % 1_000_000_000);
            carry /= 1_000_000_000;
        }
    }
    let mut text = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            text.push_str(&limb.to_string());
        } else {
            text.push_str(&format!("{limb:09}"));
        }
    }
    int_from_decimal(&text)
}

/// `Int` if the (optionally signed) decimal text fits in i64, else `BigInt`.
fn int_from_decimal(text: &str) -> PyValue {
    match text.parse::<i64>() {
        Ok(i) => PyValue::Int(i),
        Err(_) => PyValue::BigInt(text.to_string()),
    }
}

/// Splits Python source into tokens (with `Newline` at the end of each logical line and a final
/// `Eof`). Errors are located `SyntaxError`s; inputs over [`MAX_INPUT_BYTES`] are `Error::Limit`.
pub fn tokenize(src: &str) -> Result<Vec<Token>, Error> {
    tokenize_at(src, 1, 1)
}

/// [`tokenize`] for a piece of a larger text that starts at `line`/`column` there (spans keep byte
/// offsets into `src`, and lines/columns of the larger text).
fn tokenize_at(src: &str, line: usize, column: usize) -> Result<Vec<Token>, Error> {
    check_size(src)?;
    let lexer = Lexer { src, i: 0, line, col: column, brackets: Vec::new(), toks: Vec::new(), at_line_start: true, indent: 0 };
    lexer.run()
}

// ------------------------------------------------------------------------------------------------
// The expression tree

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
    fn new(kind: ExprKind, span: Span) -> Expr {
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

// ------------------------------------------------------------------------------------------------
// The parser

struct Parser<'t> {
    toks: &'t [Token],
    pos: usize,
    depth: usize,
}

fn describe_tok(tok: &Tok) -> String {
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

const BINARY_OPS: &[(&str, u8)] = &[
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
    fn peek(&self) -> &'t Token {
        let i = self.pos.min(self.toks.len().saturating_sub(1));
        &self.toks[i]
    }

    fn peek_n(&self, n: usize) -> &'t Tok {
        let i = (self.pos + n).min(self.toks.len().saturating_sub(1));
        &self.toks[i].tok
    }

    fn advance(&mut self) -> &'t Token {
        let t = self.peek();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn prev_span(&self) -> Span {
        if self.pos == 0 {
            return self.peek().span;
        }
        self.toks[(self.pos - 1).min(self.toks.len() - 1)].span
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(&self.peek().tok, Tok::Op(o) if *o == op)
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.peek().tok, Tok::Name(n) if n == kw)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.is_op(op);
        if yes {
            self.advance();
        }
        yes
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        let yes = self.is_kw(kw);
        if yes {
            self.advance();
        }
        yes
    }

    fn err_expected(&self, what: &str) -> Error {
        let t = self.peek();
        syntax_error(t.span.start, format!("expected {what} but found {}", describe_tok(&t.tok)))
    }

    fn expect_op(&mut self, op: &str, what: &str) -> Result<Span, Error> {
        if self.is_op(op) {
            Ok(self.advance().span)
        } else {
            Err(self.err_expected(what))
        }
    }

    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(syntax_error(self.peek().span.start, format!("expression nested too deeply (more than {MAX_DEPTH} levels)")));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Runs `f` one nesting level deeper (bounded by [`MAX_DEPTH`]).
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, Error>) -> Result<T, Error> {
        self.enter()?;
        let r = f(self);
        self.leave();
        r
    }

    /// `test` in Python's grammar: lambda, conditional expression, or an or-test; plus `:=`.
    fn parse_test(&mut self) -> Result<Expr, Error> {
        self.nested(|p| p.parse_test_inner())
    }

    fn parse_test_inner(&mut self) -> Result<Expr, Error> {
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

    fn binary_op(&self) -> Option<(&'static str, u8, usize)> {
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
    fn parse_binary(&mut self, min_prec: u8) -> Result<Expr, Error> {
        let mut lhs = if min_prec <= 3 && self.is_kw("not") {
            let start = self.advance().span;
            let operand = self.nested(|p| p.parse_binary(3))?;
            let span = start.to(operand.span);
            Expr::new(ExprKind::Unary("not", Box::new(operand)), span)
        } else {
            self.parse_unary()?
        };
        while let Some((op, prec, ntok)) = self.binary_op() {
            if prec < min_prec {
                break;
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

    fn parse_unary(&mut self) -> Result<Expr, Error> {
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

    fn parse_primary(&mut self) -> Result<Expr, Error> {
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

    fn parse_call_args(&mut self) -> Result<Vec<Arg>, Error> {
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
                return Err(self.err_expected("',' or ')'"));
            }
        }
    }

    fn parse_subscript_item(&mut self) -> Result<Expr, Error> {
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

    fn parse_subscript_list(&mut self) -> Result<Expr, Error> {
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
    fn parse_comp_clauses(&mut self) -> Result<(), Error> {
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
    fn parse_star_or(&mut self, min_prec: u8) -> Result<Expr, Error> {
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
    fn parse_elements(&mut self, close: &str, first: Option<Expr>) -> Result<(Vec<Expr>, bool), Error> {
        let mut items = Vec::new();
        let mut comma = false;
        if let Some(f) = first {
            items.push(f);
            if self.eat_op(",") {
                comma = true;
            } else if !self.is_op(close) {
                return Err(self.err_expected(&format!("',' or '{close}'")));
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
                return Err(self.err_expected(&format!("',' or '{close}'")));
            }
        }
    }

    fn parse_atom(&mut self) -> Result<Expr, Error> {
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

    fn parse_paren(&mut self, start: Span) -> Result<Expr, Error> {
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

    fn parse_list(&mut self, start: Span) -> Result<Expr, Error> {
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

    fn parse_brace(&mut self, start: Span) -> Result<Expr, Error> {
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
                return Err(self.err_expected("',' or '}'"));
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
    fn parse_test_list(&mut self) -> Result<Expr, Error> {
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

    fn at_expr_end(&self) -> bool {
        matches!(self.peek().tok, Tok::Newline | Tok::Eof | Tok::Op("=" | ";" | ")" | "]" | "}" | ":"))
            || matches!(&self.peek().tok, Tok::Op(op) if op.len() >= 2 && op.ends_with('=') && !matches!(*op, "==" | "<=" | ">=" | "!="))
    }
}

/// Parses a whole text as one expression, as Python's `eval` does (leading spaces on the first
/// line and trailing newlines/comments are fine; anything after the expression is an error).
pub fn parse_expression(src: &str) -> Result<Expr, Error> {
    let toks = tokenize(src)?;
    let mut p = Parser { toks: &toks, pos: 0, depth: 0 };
    let first = p.peek();
    if first.tok == Tok::Eof {
        return Err(syntax_error(first.span.start, "expected an expression but found the end of the input (the text holds only comments or whitespace)"));
    }
    if first.span.start.line > 1 && first.indent.unwrap_or(0) > 0 {
        return Err(syntax_error(first.span.start, "unexpected indent"));
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

// ------------------------------------------------------------------------------------------------
// Literals

/// Why an expression is not a literal: where, and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct NotLiteral {
    pub span: Span,
    pub reason: String,
}

fn not_literal(e: &Expr) -> NotLiteral {
    NotLiteral { span: e.span, reason: format!("{} is not a literal", e.describe()) }
}

/// Python's `-x` for a number value.
pub fn negate(v: &PyValue) -> Option<PyValue> {
    Some(match v {
        PyValue::Int(i) => match i.checked_neg() {
            Some(n) => PyValue::Int(n),
            None => PyValue::BigInt(format!("{}", -(*i as i128))),
        },
        PyValue::BigInt(s) => match s.strip_prefix('-') {
            Some(pos) => int_from_decimal(pos),
            None => int_from_decimal(&format!("-{s}")),
        },
        PyValue::Float(f) => PyValue::Float(-f),
        PyValue::Bool(b) => PyValue::Int(-(*b as i64)),
        _ => return None,
    })
}

/// Checks digits with single underscores between them (PEP 515), returning them without the
/// underscores.
fn strip_digit_underscores(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut prev_digit = false;
    let mut pending_underscore = false;
    for c in s.chars() {
        if c == '_' {
            if !prev_digit || pending_underscore {
                return None;
            }
            pending_underscore = true;
        } else if c.is_ascii_digit() {
            out.push(c);
            prev_digit = true;
            pending_underscore = false;
        } else {
            return None;
        }
    }
    if pending_underscore {
        return None;
    }
    Some(out)
}

/// Python's `float(s)` for a string: surrounding whitespace, a sign, `nan`/`inf`/`infinity` in any
/// case, decimal literals with `_` between digits. `None` where Python raises ValueError.
pub fn py_float_from_str(s: &str) -> Option<f64> {
    let t = s.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = body.to_ascii_lowercase();
    let v = match lower.as_str() {
        "nan" => f64::NAN,
        "inf" | "infinity" => f64::INFINITY,
        _ => {
            let (mantissa, exp) = match lower.find('e') {
                Some(i) => (&lower[..i], Some(&lower[i + 1..])),
                None => (lower.as_str(), None),
            };
            let (int_part, frac_part) = match mantissa.split_once('.') {
                Some((a, b)) => (a, Some(b)),
                None => (mantissa, None),
            };
            let int_digits = if int_part.is_empty() { String::new() } else { strip_digit_underscores(int_part)? };
            let frac_digits = match frac_part {
                Some("") | None => String::new(),
                Some(f) => strip_digit_underscores(f)?,
            };
            if int_digits.is_empty() && frac_digits.is_empty() {
                return None;
            }
            let mut text = format!("{int_digits}.{frac_digits}");
            if let Some(e) = exp {
                let (sign, digits) = match e.strip_prefix('-') {
                    Some(d) => ("-", d),
                    None => ("", e.strip_prefix('+').unwrap_or(e)),
                };
                if digits.is_empty() {
                    return None;
                }
                text.push('e');
                text.push_str(sign);
                text.push_str(&strip_digit_underscores(digits)?);
            }
            text.parse::<f64>().ok()?
        }
    };
    Some(if neg { -v } else { v })
}

/// Python's `int(s)` for a string (base 10): whitespace, a sign, digits with `_` between them.
pub fn py_int_from_str(s: &str) -> Option<PyValue> {
    let t = s.trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let digits = strip_digit_underscores(body)?;
    if digits.is_empty() {
        return None;
    }
    let v = int_from_digits(&digits, 10);
    if neg {
        negate(&v)
    } else {
        Some(v)
    }
}

/// A key for Python dict identity: `1`, `1.0` and `True` are the same key.
fn dict_key_id(v: &PyValue) -> String {
    match v {
        PyValue::Bool(b) => format!("n:{}", *b as i64),
        PyValue::Int(i) => format!("n:{i}"),
        PyValue::BigInt(s) => format!("n:{s}"),
        PyValue::Float(f) if f.fract() == 0.0 && f.abs() < 9.2e18 => format!("n:{}", *f as i64),
        PyValue::Float(f) => format!("f:{}", f.to_bits()),
        PyValue::Str(s) => format!("s:{s}"),
        other => format!("r:{}", other.repr()),
    }
}

/// Builds a Python dict from items in evaluation order: a repeated key keeps its first position and
/// takes the last value.
pub fn dict_from_items(items: Vec<(PyValue, PyValue)>) -> PyValue {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut out: Vec<(PyValue, PyValue)> = Vec::with_capacity(items.len());
    for (k, v) in items {
        let id = dict_key_id(&k);
        match index.get(&id) {
            Some(&i) => out[i].1 = v,
            None => {
                index.insert(id, out.len());
                out.push((k, v));
            }
        }
    }
    PyValue::Dict(out)
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

fn float_call_value(e: &Expr, func: &Expr, args: &[Arg]) -> Result<PyValue, NotLiteral> {
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

fn literal_value_opts(e: &Expr, float_calls: bool) -> Result<PyValue, NotLiteral> {
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

// ------------------------------------------------------------------------------------------------
// Statements (config files)

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
type SkippedBlock = (Option<String>, Vec<(String, usize)>);

const BLOCK_KEYWORDS: &[&str] = &["def", "class", "if", "for", "while", "with", "try", "async"];
const CLAUSE_KEYWORDS: &[&str] = &["elif", "else", "except", "finally", "case"];
const SIMPLE_KEYWORDS: &[&str] = &[
    "import", "from", "pass", "assert", "global", "nonlocal", "return", "raise", "break", "continue", "yield", "print", "exec",
];

impl<'t> Parser<'t> {
    /// Skips to the token after the next `Newline` (end of this logical line).
    fn skip_line(&mut self) {
        while !matches!(self.peek().tok, Tok::Newline | Tok::Eof) {
            self.advance();
        }
        self.eat_newline();
    }

    fn eat_newline(&mut self) {
        if self.peek().tok == Tok::Newline {
            self.advance();
        }
    }

    /// The indentation of the logical line starting at the current token.
    fn line_indent(&self) -> usize {
        self.peek().indent.unwrap_or(0)
    }

    fn is_block_header(&self) -> Option<String> {
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

    fn line_ends_with_colon(&self) -> bool {
        let mut i = self.pos;
        while i < self.toks.len() && !matches!(self.toks[i].tok, Tok::Newline | Tok::Eof) {
            i += 1;
        }
        i > self.pos && matches!(self.toks[i - 1].tok, Tok::Op(":"))
    }

    /// Skips a compound statement: its header line(s), its indented body, and continuation clauses
    /// (`elif`, `else`, `except`, `finally`; decorators followed by their `def`/`class`).
    /// The name bound by a `def`/`class`/`async def` header at the current token.
    fn def_name(&self) -> Option<String> {
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
    fn line_has_colon(&self) -> bool {
        self.toks[self.pos..].iter().take_while(|t| !matches!(t.tok, Tok::Newline | Tok::Eof)).any(|t| t.tok == Tok::Op(":"))
    }

    fn skip_block(&mut self, keyword: &str) -> Result<SkippedBlock, Error> {
        let indent = self.line_indent();
        let mut assigned = Vec::new();
        let mut is_decorator = keyword == "@";
        let mut defines = self.def_name();
        if !is_decorator && !self.line_has_colon() {
            return Err(syntax_error(self.peek().span.start, format!("invalid syntax: '{keyword}' starts a block, but its line has no ':'")));
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
                            return Err(syntax_error(at, "unindent does not match any outer indentation level"));
                        }
                    }
                    Some(top) if ind == top => {}
                    _ if !opens_block => return Err(syntax_error(at, "unexpected indent")),
                    _ => levels.push(ind),
                }
                opens_block = self.line_ends_with_colon();
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

    fn parse_small_statement(&mut self) -> Result<StmtKind, Error> {
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
            if SIMPLE_KEYWORDS.contains(&n.as_str()) && !(matches!(n.as_str(), "print" | "exec") && matches!(self.peek_n(1), Tok::Op(_))) {
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
            return Err(syntax_error(start.start, "unexpected indent"));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> PyValue {
        match literal_eval(s) {
            Ok(v) => v,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(lit("1"), PyValue::Int(1));
        assert_eq!(lit("-1"), PyValue::Int(-1));
        assert_eq!(lit(".5"), PyValue::Float(0.5));
        assert_eq!(lit("5."), PyValue::Float(5.0));
        assert_eq!(lit("1E-3"), PyValue::Float(0.001));
        assert_eq!(lit("1_000"), PyValue::Int(1000));
        assert_eq!(lit("0x1F"), PyValue::Int(31));
        assert_eq!(lit("0b101"), PyValue::Int(5));
        assert_eq!(lit("0o17"), PyValue::Int(15));
        assert_eq!(lit("123456789012345678901234567890"), PyValue::BigInt("123456789012345678901234567890".into()));
        assert_eq!(lit("0xffffffffffffffffff"), PyValue::BigInt("4722366482869645213695".into()));
        assert_eq!(lit("-9223372036854775808"), PyValue::Int(i64::MIN));
        assert_eq!(lit("1e400"), PyValue::Float(f64::INFINITY));
        assert_eq!(lit("-0.0"), PyValue::Float(-0.0));
        assert!(literal_eval("0123").is_err());
        assert!(literal_eval("1__0").is_err());
        assert!(literal_eval("1abc").is_err());
    }

    #[test]
    fn python_float_and_int_strings() {
        for (s, want) in [("1_000.5", 1000.5), (" 1.5 ", 1.5), (".5", 0.5), ("5.", 5.0), ("1e1_0", 1e10), ("-iNf", f64::NEG_INFINITY), ("+Infinity", f64::INFINITY), ("1E-3", 0.001)] {
            assert_eq!(py_float_from_str(s), Some(want), "{s}");
        }
        assert!(py_float_from_str("-nan").is_some_and(f64::is_nan));
        for s in ["1_", "1__0", "0x10", "", ".", "e5", "1e", "np.float64(nan)", "nan1", "1.5.2", "_1"] {
            assert_eq!(py_float_from_str(s), None, "{s}");
        }
        assert_eq!(py_int_from_str(" -1_000 "), Some(PyValue::Int(-1000)));
        assert_eq!(py_int_from_str("1.5"), None);
        assert_eq!(py_int_from_str("99999999999999999999"), Some(PyValue::BigInt("99999999999999999999".into())));
    }

    #[test]
    fn strings() {
        assert_eq!(lit("'a' \"b\" '''c'''"), PyValue::Str("abc".into()));
        assert_eq!(lit(r"'a\nb\t\x41\u00e9\\'"), PyValue::Str("a\nb\tAé\\".into()));
        assert_eq!(lit(r"r'a\nb'"), PyValue::Str("a\\nb".into()));
        assert_eq!(lit("'it\\'s'"), PyValue::Str("it's".into()));
        assert_eq!(lit("\"\"\"x\ny\"\"\""), PyValue::Str("x\ny".into()));
        assert_eq!(lit(r"'\d'"), PyValue::Str("\\d".into()));
        assert_eq!(lit("'''a\r\nb\rc'''"), PyValue::Str("a\nb\nc".into()));
    }

    #[test]
    fn containers() {
        assert_eq!(lit("(1,)"), PyValue::Tuple(vec![PyValue::Int(1)]));
        assert_eq!(lit("(1)"), PyValue::Int(1));
        assert_eq!(lit("1, 2"), PyValue::Tuple(vec![PyValue::Int(1), PyValue::Int(2)]));
        assert_eq!(lit("[1, 2.0,]"), PyValue::List(vec![PyValue::Int(1), PyValue::Float(2.0)]));
        assert_eq!(
            lit("{'a': 1, 'b': 2, 'a': 3}"),
            PyValue::Dict(vec![(PyValue::Str("a".into()), PyValue::Int(3)), (PyValue::Str("b".into()), PyValue::Int(2))])
        );
        assert_eq!(lit("{1: None, True: False}"), PyValue::Dict(vec![(PyValue::Int(1), PyValue::Bool(false))]));
    }

    #[test]
    fn non_literals_are_recognised() {
        for (src, what) in [
            ("learning_rate / 50.", "'/' operator"),
            ("numpy.linspace(1e-3, 1e-5, num=10)", "numpy.linspace"),
            ("float('nan')", "float"),
            ("[x * 2 for x in range(3)]", "comprehension"),
            ("lambda x, y=2: x + y", "lambda"),
            ("{1, 2}", "set"),
            ("a[1:2, ::3]", "subscript"),
            ("1 if a else 2", "conditional"),
            ("f'{x}'", "f-string"),
            ("-x ** 2", "'**'"),
            ("not a in b", "unary 'not'"),
            ("(y := 3)", "assignment expression"),
            ("f(*a, **k)", "call"),
        ] {
            let e = parse_expression(src).unwrap_or_else(|err| panic!("{src}: {err}"));
            let n = literal_value(&e).expect_err(src);
            assert!(n.reason.contains(what), "{src}: {}", n.reason);
        }
    }

    #[test]
    fn errors_are_located() {
        let e = parse_expression("{1: 2\n 3: 4}").expect_err("bad");
        assert_eq!(e, Error::parse(PyExc::SyntaxError, 2, 2, "expected ',' or '}' but found '3'"));
        let e = parse_expression("{1: (2]}").expect_err("bad");
        assert!(matches!(e, Error::Parse { line: 1, column: 7, .. }), "{e}");
        let e = parse_expression("{'a': 1").expect_err("bad");
        assert!(matches!(e, Error::Parse { line: 1, column: 1, .. }), "{e}");
        let e = parse_expression("'abc").expect_err("bad");
        assert!(matches!(e, Error::Parse { line: 1, column: 1, .. }), "{e}");
        let e = parse_expression("f(a=1, a=2)").expect_err("bad");
        assert!(e.to_string().contains("keyword argument repeated"), "{e}");
        let e = parse_expression("x = 1").expect_err("bad");
        assert!(matches!(e, Error::Parse { line: 1, column: 3, .. }), "{e}");
        let e = parse_expression("é $").expect_err("bad");
        assert!(matches!(e, Error::Parse { line: 1, column: 3, .. }), "{e}");
    }

    #[test]
    fn depth_limit() {
        let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
        assert!(matches!(parse_expression(&deep), Err(Error::Parse { .. })));
        let minus = format!("{}1", "-".repeat(100_000));
        assert!(matches!(parse_expression(&minus), Err(Error::Parse { .. })));
        let pow = format!("2{}", "**2".repeat(100_000));
        assert!(matches!(parse_expression(&pow), Err(Error::Parse { .. })));
        let ok = format!("{}1{}", "[".repeat(40), "]".repeat(40));
        assert!(literal_eval(&ok).is_ok());
    }

    #[test]
    fn module_statements() {
        let src = "#!rnn.py\nimport os\nlr = 1e-3; x = [1,\n 2]\ndef f(a):\n    y = 2\n    return a\n\n@dec\ndef g():\n  pass\nif x:\n    learning_rate = 1.0\nelse:\n    learning_rate = 2.0\nz: int = 3\nlr *= 2\ndel z\n";
        let stmts = parse_module(src).expect("parses");
        let kinds: Vec<String> = stmts
            .iter()
            .map(|s| match &s.kind {
                StmtKind::Assign { targets, .. } => format!("assign {}@{}", targets[0].dotted_name().unwrap_or_default(), s.span.start.line),
                StmtKind::Simple { keyword } => keyword.clone(),
                StmtKind::Block { keyword, defines, assigned } => {
                    format!("{keyword}@{}-{}{:?}{:?}", s.span.start.line, s.span.end.line, defines, assigned)
                }
                StmtKind::AnnAssign { .. } => "ann".into(),
                StmtKind::AugAssign { .. } => "aug".into(),
                StmtKind::Del(_) => "del".into(),
                StmtKind::Expr(_) => "expr".into(),
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                "import",
                "assign lr@3",
                "assign x@3",
                "def@5-7Some(\"f\")[(\"y\", 6)]",
                "@@9-11Some(\"g\")[]",
                "if@12-15None[(\"learning_rate\", 13), (\"learning_rate\", 15)]",
                "ann",
                "aug",
                "del"
            ]
        );
        assert!(parse_module("x = 1\n  y = 2\n").is_err());
        assert!(parse_module("x = (1,\n").is_err());
    }

    #[test]
    fn large_input_is_linear() {
        let item = "1: {'a': 1.5, 'b': 'x'},\n";
        let src = format!("{{{}}}", item.repeat(50_000));
        let e = parse_expression(&src).expect("parses");
        assert!(matches!(literal_value(&e), Ok(PyValue::Dict(_))));
    }
}
