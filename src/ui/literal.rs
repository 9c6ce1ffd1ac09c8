//! Reads the text of one form field as a Python literal (numbers, True/False/None, strings,
//! lists, tuples, dicts). A small reader for single values typed into the form; whole config
//! snippets go through `returnn::config::import`.
use crate::returnn::pyvalue::PyValue;

/// Parses one Python literal; the error names the position (1-based column) and what was found.
pub fn parse(text: &str) -> Result<PyValue, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = P { s: &chars, i: 0, depth: 0 };
    let v = p.value()?;
    p.ws();
    if p.i < chars.len() {
        return Err(p.fail("end of value"));
    }
    Ok(v)
}

struct P<'a> {
    s: &'a [char],
    i: usize,
    depth: usize,
}

impl P<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_whitespace() {
            self.i += 1;
        }
    }
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }
    fn fail(&self, expected: &str) -> String {
        match self.peek() {
            Some(c) => format!("column {}: expected {expected} but found {c:?}", self.i + 1),
            None => format!("column {}: expected {expected} but the text ended", self.i + 1),
        }
    }
    fn value(&mut self) -> Result<PyValue, String> {
        self.ws();
        self.depth += 1;
        if self.depth > 32 {
            return Err("nested too deeply".into());
        }
        let r = match self.peek() {
            Some('[') => self.seq(']').map(|(items, _)| PyValue::List(items)),
            Some('(') => self.seq(')').map(|(mut items, comma)| {
                if items.len() == 1 && !comma { items.remove(0) } else { PyValue::Tuple(items) }
            }),
            Some('{') => self.dict(),
            Some('\'') | Some('"') => self.string().map(PyValue::Str),
            Some(c) if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => self.number(),
            Some(c) if c.is_alphabetic() => self.word(),
            _ => Err(self.fail("a value")),
        };
        self.depth -= 1;
        r
    }
    /// Items up to `close`, and whether a comma followed the last item (`(x,)` is a tuple).
    fn seq(&mut self, close: char) -> Result<(Vec<PyValue>, bool), String> {
        self.i += 1;
        let mut items = Vec::new();
        let mut comma = false;
        loop {
            self.ws();
            if self.peek() == Some(close) {
                self.i += 1;
                return Ok((items, comma));
            }
            items.push(self.value()?);
            self.ws();
            match self.peek() {
                Some(',') => {
                    self.i += 1;
                    comma = true;
                }
                Some(c) if c == close => {
                    self.i += 1;
                    return Ok((items, false));
                }
                _ => return Err(self.fail(&format!("',' or '{close}'"))),
            }
        }
    }
    fn dict(&mut self) -> Result<PyValue, String> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            self.ws();
            if self.peek() == Some('}') {
                self.i += 1;
                return Ok(PyValue::Dict(items));
            }
            let k = self.value()?;
            self.ws();
            if self.peek() != Some(':') {
                return Err(self.fail("':'"));
            }
            self.i += 1;
            let v = self.value()?;
            items.push((k, v));
            self.ws();
            match self.peek() {
                Some(',') => self.i += 1,
                Some('}') => {
                    self.i += 1;
                    return Ok(PyValue::Dict(items));
                }
                _ => return Err(self.fail("',' or '}'")),
            }
        }
    }
    fn string(&mut self) -> Result<String, String> {
        let q = self.s[self.i];
        self.i += 1;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.i += 1;
            if c == q {
                return Ok(out);
            }
            if c == '\\' {
                match self.peek() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(c2) => out.push(c2),
                    None => break,
                }
                self.i += 1;
            } else {
                out.push(c);
            }
        }
        Err(format!("column {}: unterminated string", self.i + 1))
    }
    fn number(&mut self) -> Result<PyValue, String> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '_') {
                // A sign only after an exponent marker (or at the start).
                if (c == '-' || c == '+') && self.i > start && !matches!(self.s[self.i - 1], 'e' | 'E') {
                    break;
                }
                self.i += 1;
            } else {
                break;
            }
        }
        let t: String = self.s[start..self.i].iter().filter(|c| **c != '_').collect();
        let body = t.trim_start_matches(['-', '+']);
        if body == "inf" || body == "nan" {
            return Err(format!("column {}: {t} is not a Python literal (use float('{t}'))", start + 1));
        }
        let is_int = !body.is_empty() && body.chars().all(|c| c.is_ascii_digit());
        if is_int {
            return match t.parse::<i64>() {
                Ok(v) => Ok(PyValue::Int(v)),
                Err(_) => Ok(PyValue::BigInt(t)),
            };
        }
        match t.parse::<f64>() {
            Ok(v) if body.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.') => Ok(PyValue::Float(v)),
            _ => Err(format!("column {}: {t:?} is not a number", start + 1)),
        }
    }
    fn word(&mut self) -> Result<PyValue, String> {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            self.i += 1;
        }
        let w: String = self.s[start..self.i].iter().collect();
        match w.as_str() {
            "True" => Ok(PyValue::Bool(true)),
            "False" => Ok(PyValue::Bool(false)),
            "None" => Ok(PyValue::None),
            _ => Err(format!("column {}: {w:?} is not a literal (write strings in quotes)", start + 1)),
        }
    }
}
