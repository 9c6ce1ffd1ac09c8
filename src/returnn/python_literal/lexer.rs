//! The tokenizer: Python source → [`Token`]s with 1-based line/column spans (`SyntaxError`s located).
use super::*;

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

pub(crate) fn syntax_error(pos: Pos, message: impl Into<String>) -> Error {
    Error::parse(PyExc::SyntaxError, pos.line, pos.column, message)
}

/// "unexpected indent" at `first` (a line's first token), located as CPython locates it: at the
/// indentation's last character.
pub(crate) fn unexpected_indent(first: Pos) -> Error {
    syntax_error(Pos { offset: first.offset.saturating_sub(1), line: first.line, column: first.column.saturating_sub(1).max(1) }, "unexpected indent")
}

pub(crate) fn check_size(src: &str) -> Result<(), Error> {
    if src.len() > MAX_INPUT_BYTES {
        return Err(Error::Limit { what: "input size in bytes".into(), limit: MAX_INPUT_BYTES });
    }
    Ok(())
}

pub(crate) const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// True for Python's hard keywords.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

pub(crate) const OPS3: &[&str] = &["**=", "//=", ">>=", "<<=", "..."];

pub(crate) const OPS2: &[&str] = &[
    "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=",
];

pub(crate) const OPS1: &[&str] = &["+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "="];

pub(crate) struct Lexer<'s> {
    pub(crate) src: &'s str,
    pub(crate) i: usize,
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) brackets: Vec<(char, Pos)>,
    pub(crate) toks: Vec<Token>,
    pub(crate) at_line_start: bool,
    pub(crate) indent: usize,
}

impl<'s> Lexer<'s> {
    pub(crate) fn pos(&self) -> Pos {
        Pos { offset: self.i, line: self.line, column: self.col }
    }

    pub(crate) fn peek(&self) -> Option<char> {
        self.src.get(self.i..).and_then(|s| s.chars().next())
    }

    pub(crate) fn peek_at(&self, n: usize) -> Option<char> {
        self.src.get(self.i..).and_then(|s| s.chars().nth(n))
    }

    pub(crate) fn bump(&mut self) -> Option<char> {
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

    pub(crate) fn push(&mut self, tok: Tok, start: Pos) {
        let indent = if self.at_line_start { Some(self.indent) } else { None };
        self.at_line_start = false;
        let span = Span { start, end: self.pos() };
        self.toks.push(Token { tok, span, indent });
    }

    pub(crate) fn run(mut self) -> Result<Vec<Token>, Error> {
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
                        // Located just after the backslash, as CPython locates it.
                        None => return Err(syntax_error(self.pos(), "unexpected end of input after line continuation character")),
                        Some(_) => return Err(syntax_error(self.pos(), "unexpected character after line continuation character")),
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

    pub(crate) fn ident(&mut self) -> String {
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

    pub(crate) fn op(&mut self, start: Pos) -> Result<&'static str, Error> {
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

    /// The position of the character just consumed (inside one token, never across a line end):
    /// where CPython's tokenizer reports most malformed number literals.
    fn prev_pos(&self) -> Pos {
        let len = self.src.get(..self.i).and_then(|s| s.chars().next_back()).map_or(0, char::len_utf8);
        Pos { offset: self.i - len, line: self.line, column: self.col.saturating_sub(1).max(1) }
    }

    /// Digits of `radix` with single underscores between them, into `out`. Errors are located
    /// as CPython locates them: at the last character consumed, or at a decimal digit that the
    /// radix does not allow ("invalid digit '9' in octal literal").
    pub(crate) fn digits(&mut self, radix: u32, out: &mut String) -> Result<(), Error> {
        let invalid = || format!("invalid {} literal", radix_name(radix));
        let mut last_underscore = false;
        let mut any = false;
        while let Some(c) = self.peek() {
            if c == '_' {
                if last_underscore || !any {
                    return Err(syntax_error(self.prev_pos(), invalid()));
                }
                last_underscore = true;
                self.bump();
            } else if c.is_digit(radix) {
                out.push(c);
                last_underscore = false;
                any = true;
                self.bump();
            } else if (radix == 8 || radix == 2) && c.is_ascii_digit() {
                return Err(syntax_error(self.pos(), format!("invalid digit '{c}' in {} literal", radix_name(radix))));
            } else {
                break;
            }
        }
        if last_underscore {
            return Err(syntax_error(self.prev_pos(), invalid()));
        }
        Ok(())
    }

    pub(crate) fn number(&mut self, start: Pos) -> Result<Tok, Error> {
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
            if !self.peek().is_some_and(|c| c.is_digit(radix)) && !(radix != 16 && self.peek().is_some_and(|c| c.is_ascii_digit())) {
                return Err(syntax_error(self.prev_pos(), format!("invalid {} literal", radix_name(radix))));
            }
            self.digits(radix, &mut ds)?;
            Tok::Int(int_from_digits(&ds, radix))
        } else {
            let mut int_part = String::new();
            self.digits(10, &mut int_part)?;
            let mut text = int_part.clone();
            let mut is_float = false;
            if self.peek() == Some('.') {
                self.bump();
                is_float = true;
                text.push('.');
                if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.digits(10, &mut text)?;
                }
            }
            if matches!(self.peek(), Some('e' | 'E')) {
                let sign = self.peek_at(1);
                let has_exp = match sign {
                    Some('+' | '-') => {
                        if !self.peek_at(2).is_some_and(|c| c.is_ascii_digit()) {
                            // `1e+`: CPython consumed the sign and reports it.
                            self.bump();
                            self.bump();
                            return Err(syntax_error(self.prev_pos(), "invalid decimal literal"));
                        }
                        true
                    }
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
                    self.digits(10, &mut text)?;
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
        // `1if x else y` is (grudgingly) valid Python; `1abc` is not (reported at the number's
        // last character, as CPython does).
        if let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                let rest = self.src.get(self.i..).unwrap_or("");
                let word: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !is_keyword(&word) {
                    return Err(syntax_error(self.prev_pos(), format!("invalid {} literal", radix_name(radix))));
                }
            }
        }
        Ok(tok)
    }

    /// `n` hex digits of an escape; `None` when fewer follow (the escape is truncated).
    pub(crate) fn hex_escape(&mut self, n: usize) -> Option<u32> {
        let mut v: u32 = 0;
        for _ in 0..n {
            let d = self.peek().and_then(|c| c.to_digit(16))?;
            v = v.saturating_mul(16).saturating_add(d);
            self.bump();
        }
        Some(v)
    }

    pub(crate) fn string(&mut self, prefix: &str, start: Pos) -> Result<Tok, Error> {
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
        // A malformed escape is reported once the literal is complete (an unterminated literal
        // wins), just past its closing quote, as CPython reports a decoding error.
        let mut bad_escape: Option<String> = None;
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
                    // At the literal's start (its prefix), as CPython reports it.
                    return Err(syntax_error(start, "bytes can only contain ASCII literal characters"));
                }
                self.bump();
                out.push(c);
                continue;
            }
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
                'x' => match self.hex_escape(2) {
                    Some(v) => out.push(char::from_u32(v).unwrap_or('\u{fffd}')),
                    None => {
                        bad_escape.get_or_insert_with(|| "truncated \\xXX escape".into());
                    }
                },
                'u' | 'U' if kind != StrKind::Bytes => {
                    let (n, what) = if d == 'u' { (4, "\\uXXXX") } else { (8, "\\UXXXXXXXX") };
                    match self.hex_escape(n) {
                        Some(v) if v > 0x10ffff => {
                            bad_escape.get_or_insert_with(|| "illegal Unicode character in \\U escape".into());
                        }
                        // Lone surrogates cannot live in a Rust string.
                        Some(v) => out.push(char::from_u32(v).unwrap_or('\u{fffd}')),
                        None => {
                            bad_escape.get_or_insert_with(|| format!("truncated {what} escape"));
                        }
                    }
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
        if let Some(message) = bad_escape {
            return Err(syntax_error(self.pos(), message));
        }
        Ok(Tok::Str(out, kind))
    }
}

/// Splits Python source into tokens (with `Newline` at the end of each logical line and a final
/// `Eof`). Errors are located `SyntaxError`s; inputs over [`MAX_INPUT_BYTES`] are `Error::Limit`.
pub fn tokenize(src: &str) -> Result<Vec<Token>, Error> {
    tokenize_at(src, 1, 1)
}

/// [`tokenize`] for a piece of a larger text that starts at `line`/`column` there (spans keep byte
/// offsets into `src`, and lines/columns of the larger text).
pub(crate) fn tokenize_at(src: &str, line: usize, column: usize) -> Result<Vec<Token>, Error> {
    check_size(src)?;
    let lexer = Lexer { src, i: 0, line, col: column, brackets: Vec::new(), toks: Vec::new(), at_line_start: true, indent: 0 };
    lexer.run()
}

/// How CPython names a number literal of `radix` in its error messages.
fn radix_name(radix: u32) -> &'static str {
    match radix {
        16 => "hexadecimal",
        8 => "octal",
        2 => "binary",
        _ => "decimal",
    }
}
