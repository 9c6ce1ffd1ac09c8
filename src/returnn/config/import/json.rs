//! The JSON form (RETURNN's `load_json`: comments removed, then Python's `json.loads`).
use super::*;

/// Replaces `//...` and `/* ... */` comments outside strings with spaces (line breaks kept).
fn remove_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let (mut in_str, mut escaped) = (false, false);
    while let Some(c) = chars.next() {
        if in_str {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_str = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                while let Some(&d) = chars.peek() {
                    if d == '\n' || d == '\r' {
                        break;
                    }
                    out.push(' ');
                    chars.next();
                }
                out.push(' ');
            }
            ('/', Some('*')) => {
                out.push(' ');
                let mut prev = ' ';
                for d in chars.by_ref() {
                    out.push(if d == '\n' || d == '\r' { d } else { ' ' });
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

struct P<'s> {
    chars: std::iter::Peekable<std::str::Chars<'s>>,
    line: usize,
    col: usize,
}

impl<'s> P<'s> {
    fn err(&self, msg: impl Into<String>) -> Error {
        Error::parse(PyExc::ValueError, self.line, self.col, format!("invalid JSON config: {}", msg.into()))
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn ws(&mut self) {
        while matches!(self.chars.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn found(&mut self) -> String {
        match self.chars.peek() {
            Some(c) => format!("'{}'", c.escape_debug()),
            None => "the end of the input".into(),
        }
    }

    fn expect(&mut self, c: char, what: &str) -> Result<(), Error> {
        self.ws();
        if self.chars.peek() == Some(&c) {
            self.bump();
            Ok(())
        } else {
            let f = self.found();
            Err(self.err(format!("expected {what} but found {f}")))
        }
    }

    fn word(&mut self, w: &str) -> Result<(), Error> {
        for expected in w.chars() {
            if self.chars.peek() != Some(&expected) {
                let f = self.found();
                return Err(self.err(format!("expected '{w}' but found {f}")));
            }
            self.bump();
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<PyValue, Error> {
        if depth > MAX_DEPTH {
            return Err(self.err(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        self.ws();
        match self.chars.peek().copied() {
            Some('{') => {
                let items = self.object(depth)?;
                Ok(pl::dict_from_items(items.into_iter().map(|(k, v, _)| (PyValue::Str(k), v)).collect()))
            }
            Some('[') => {
                self.bump();
                let mut items = Vec::new();
                self.ws();
                if self.chars.peek() == Some(&']') {
                    self.bump();
                    return Ok(PyValue::List(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.bump() {
                        Some(',') => continue,
                        Some(']') => return Ok(PyValue::List(items)),
                        _ => return Err(self.err("expected ',' or ']'")),
                    }
                }
            }
            Some('"') => self.string().map(PyValue::Str),
            Some('t') => self.word("true").map(|_| PyValue::Bool(true)),
            Some('f') => self.word("false").map(|_| PyValue::Bool(false)),
            Some('n') => self.word("null").map(|_| PyValue::None),
            Some('N') => self.word("NaN").map(|_| PyValue::Float(f64::NAN)),
            Some('I') => self.word("Infinity").map(|_| PyValue::Float(f64::INFINITY)),
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            _ => {
                let f = self.found();
                Err(self.err(format!("expected a value but found {f}")))
            }
        }
    }

    fn number(&mut self) -> Result<PyValue, Error> {
        let mut s = String::new();
        if self.chars.peek() == Some(&'-') {
            s.push('-');
            self.bump();
            if self.chars.peek() == Some(&'I') {
                self.word("Infinity")?;
                return Ok(PyValue::Float(f64::NEG_INFINITY));
            }
        }
        let digits = |p: &mut Self, s: &mut String| {
            let mut n = 0;
            while let Some(&c) = p.chars.peek() {
                if !c.is_ascii_digit() {
                    break;
                }
                s.push(c);
                p.bump();
                n += 1;
            }
            n
        };
        let int_start = s.len();
        if digits(self, &mut s) == 0 {
            return Err(self.err("expected digits"));
        }
        if s[int_start..].len() > 1 && s[int_start..].starts_with('0') {
            return Err(self.err("leading zeros are not allowed"));
        }
        let mut float = false;
        if self.chars.peek() == Some(&'.') {
            float = true;
            s.push('.');
            self.bump();
            if digits(self, &mut s) == 0 {
                return Err(self.err("expected digits after '.'"));
            }
        }
        if matches!(self.chars.peek(), Some('e' | 'E')) {
            float = true;
            s.push('e');
            self.bump();
            if let Some(&c @ ('+' | '-')) = self.chars.peek() {
                s.push(c);
                self.bump();
            }
            if digits(self, &mut s) == 0 {
                return Err(self.err("expected exponent digits"));
            }
        }
        if float {
            s.parse::<f64>().map(PyValue::Float).map_err(|_| self.err("bad number"))
        } else {
            pl::py_int_from_str(&s).ok_or_else(|| self.err("bad number"))
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut v = 0;
        for _ in 0..4 {
            match self.bump().and_then(|c| c.to_digit(16)) {
                Some(d) => v = v * 16 + d,
                None => return Err(self.err("invalid \\uXXXX escape")),
            }
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, Error> {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.err("unterminated string")),
                Some('"') => return Ok(out),
                Some('\\') => match self.bump() {
                    Some('"') => out.push('"'),
                    Some('\\') => out.push('\\'),
                    Some('/') => out.push('/'),
                    Some('b') => out.push('\x08'),
                    Some('f') => out.push('\x0c'),
                    Some('n') => out.push('\n'),
                    Some('r') => out.push('\r'),
                    Some('t') => out.push('\t'),
                    Some('u') => {
                        let hi = self.hex4()?;
                        let mut cp = hi;
                        if (0xd800..0xdc00).contains(&hi) {
                            let mut look = self.chars.clone();
                            if look.next() == Some('\\') && look.next() == Some('u') {
                                self.bump();
                                self.bump();
                                let lo = self.hex4()?;
                                if (0xdc00..0xe000).contains(&lo) {
                                    cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                                } else {
                                    out.push('\u{fffd}');
                                    cp = lo;
                                }
                            }
                        }
                        out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                    }
                    _ => return Err(self.err("invalid escape")),
                },
                Some(c) if (c as u32) < 0x20 => return Err(self.err("control character in a string")),
                Some(c) => out.push(c),
            }
        }
    }

    /// An object's items with the line of each key (duplicates kept; the caller dedups).
    fn object(&mut self, depth: usize) -> Result<Vec<(String, PyValue, usize)>, Error> {
        self.expect('{', "'{'")?;
        let mut items = Vec::new();
        self.ws();
        if self.chars.peek() == Some(&'}') {
            self.bump();
            return Ok(items);
        }
        loop {
            self.ws();
            if self.chars.peek() != Some(&'"') {
                let f = self.found();
                return Err(self.err(format!("expected a string key but found {f}")));
            }
            let line = self.line;
            let k = self.string()?;
            self.expect(':', "':'")?;
            let v = self.value(depth + 1)?;
            items.push((k, v, line));
            self.ws();
            match self.chars.peek() {
                Some(',') => {
                    self.bump();
                }
                Some('}') => {
                    self.bump();
                    return Ok(items);
                }
                _ => {
                    let f = self.found();
                    return Err(self.err(format!("expected ',' or '}}' but found {f}")));
                }
            }
        }
    }
}

/// The top-level object's items (key, value, line of the key), in file order.
pub(super) fn read_object(text: &str) -> Result<Vec<(String, PyValue, usize)>, Error> {
    if text.len() > pl::MAX_INPUT_BYTES {
        return Err(Error::Limit { what: "input size in bytes".into(), limit: pl::MAX_INPUT_BYTES });
    }
    let clean = remove_comments(text);
    let mut p = P { chars: clean.chars().peekable(), line: 1, col: 1 };
    let items = p.object(0)?;
    p.ws();
    if p.chars.peek().is_some() {
        let f = p.found();
        return Err(p.err(format!("expected the end of the input but found {f}")));
    }
    Ok(items)
}
