//! `learning_rates` presets: a list (epochs 1..n), a dict `{epoch: lr}`, or a string holding a
//! dict literal (RETURNN `eval`s it; here a small literal parser, nothing is evaluated).
use crate::engine::error::{Error, PyExc, Result};
use crate::returnn::pyvalue::PyValue;

/// The `(epoch, lr)` pairs in the order RETURNN applies them.
pub(crate) fn preset_items(presets: &PyValue) -> Result<Vec<(i64, PyValue)>> {
    match presets {
        PyValue::List(items) => Ok(items.iter().enumerate().map(|(i, v)| (i as i64 + 1, v.clone())).collect()),
        PyValue::Str(text) => {
            let value = Literal::new(text).parse_all()?;
            match value {
                PyValue::Dict(_) => preset_items(&value),
                other => Err(not_a_dict(&other)),
            }
        }
        PyValue::Dict(items) => items.iter().map(|(k, v)| Ok((epoch_key(k)?, v.clone()))).collect(),
        other => Err(not_a_dict(other)),
    }
}

fn not_a_dict(v: &PyValue) -> Error {
    Error::py(PyExc::AssertionError, format!("learning_rates must be a list or a dict, not {} {}", v.type_name(), v.repr()))
}

/// A dict key as an epoch: an int, an integral float, or (JSON form) a decimal string.
fn epoch_key(k: &PyValue) -> Result<i64> {
    let bad = || Error::invalid("learning_rates", format!("dict key {} is not an epoch number", k.repr()));
    match k {
        PyValue::Int(i) => Ok(*i),
        PyValue::Bool(b) => Ok(*b as i64),
        PyValue::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(*f as i64),
        PyValue::Str(s) => s.trim().parse::<i64>().map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// A recursive-descent parser for the Python literal subset a `learning_rates` string uses:
/// numbers, strings, `None`/`True`/`False`, lists, tuples, dicts, unary signs.
struct Literal<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Literal<'a> {
    fn new(src: &'a str) -> Literal<'a> {
        Literal { src, pos: 0 }
    }

    fn parse_all(mut self) -> Result<PyValue> {
        self.skip_ws();
        let v = self.value(0)?;
        self.skip_ws();
        if self.pos < self.src.len() {
            return Err(self.syntax("unexpected text after the value"));
        }
        Ok(v)
    }

    fn syntax(&self, what: &str) -> Error {
        let col = self.src[..self.pos.min(self.src.len())].chars().count() + 1;
        Error::py(PyExc::SyntaxError, format!("learning_rates string, column {col}: {what}"))
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_whitespace() {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<PyValue> {
        if depth > 64 {
            return Err(Error::Limit { what: "learning_rates nesting".into(), limit: 64 });
        }
        self.skip_ws();
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    if self.eat('}') {
                        return Ok(PyValue::Dict(items));
                    }
                    let k = self.value(depth + 1)?;
                    if !self.eat(':') {
                        return Err(self.syntax("expected ':'"));
                    }
                    let v = self.value(depth + 1)?;
                    match items.iter_mut().find(|(key, _): &&mut (PyValue, PyValue)| *key == k) {
                        Some(slot) => slot.1 = v,
                        None => items.push((k, v)),
                    }
                    if !self.eat(',') {
                        if self.eat('}') {
                            return Ok(PyValue::Dict(items));
                        }
                        return Err(self.syntax("expected ',' or '}'"));
                    }
                }
            }
            Some(open @ ('[' | '(')) => {
                self.pos += 1;
                let close = if open == '[' { ']' } else { ')' };
                let mut items = Vec::new();
                let mut trailing_comma = false;
                loop {
                    if self.eat(close) {
                        break;
                    }
                    items.push(self.value(depth + 1)?);
                    trailing_comma = self.eat(',');
                    if !trailing_comma {
                        if self.eat(close) {
                            break;
                        }
                        return Err(self.syntax(&format!("expected ',' or '{close}'")));
                    }
                }
                Ok(match (open, items.len(), trailing_comma) {
                    ('[', ..) => PyValue::List(items),
                    (_, 1, false) => items.pop().unwrap_or(PyValue::None),
                    _ => PyValue::Tuple(items),
                })
            }
            Some(q @ ('\'' | '"')) => self.string(q),
            Some(c) if c == '-' || c == '+' => {
                self.pos += 1;
                let v = self.value(depth + 1)?;
                match (c, v) {
                    ('+', v @ (PyValue::Int(_) | PyValue::Float(_))) => Ok(v),
                    ('-', PyValue::Int(i)) => Ok(PyValue::Int(-i)),
                    ('-', PyValue::Float(f)) => Ok(PyValue::Float(-f)),
                    (_, v) => Err(Error::py(PyExc::TypeError, format!("bad operand type for unary {c}: '{}'", v.type_name()))),
                }
            }
            Some(c) if c.is_ascii_digit() || c == '.' => self.number(),
            Some(c) if c.is_alphabetic() || c == '_' => {
                let start = self.pos;
                while let Some(c) = self.peek() {
                    if c.is_alphanumeric() || c == '_' {
                        self.pos += c.len_utf8();
                    } else {
                        break;
                    }
                }
                match &self.src[start..self.pos] {
                    "None" => Ok(PyValue::None),
                    "True" => Ok(PyValue::Bool(true)),
                    "False" => Ok(PyValue::Bool(false)),
                    name => Err(Error::py(PyExc::NameError, format!("name '{name}' is not defined"))),
                }
            }
            Some(_) => Err(self.syntax("invalid syntax")),
            None => Err(self.syntax("unexpected end of text")),
        }
    }

    fn number(&mut self) -> Result<PyValue> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut is_float = false;
        while let Some(&b) = bytes.get(self.pos) {
            let sign_after_exp = (b == b'-' || b == b'+') && matches!(bytes.get(self.pos.wrapping_sub(1)), Some(b'e' | b'E'));
            if b.is_ascii_digit() || b == b'_' || sign_after_exp {
                self.pos += 1;
            } else if b == b'.' || b == b'e' || b == b'E' {
                is_float = true;
                self.pos += 1;
            } else {
                break;
            }
        }
        let text: String = self.src[start..self.pos].chars().filter(|c| *c != '_').collect();
        if is_float {
            text.parse::<f64>().map(PyValue::Float).map_err(|_| self.syntax("invalid number"))
        } else if text.len() > 1 && text.starts_with('0') && text.chars().any(|c| c != '0') {
            Err(self.syntax("leading zeros in decimal integer literals are not permitted"))
        } else {
            Ok(text.parse::<i64>().map(PyValue::Int).unwrap_or(PyValue::BigInt(text)))
        }
    }

    fn string(&mut self, quote: char) -> Result<PyValue> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else { return Err(self.syntax("unterminated string")) };
            self.pos += c.len_utf8();
            match c {
                c if c == quote => return Ok(PyValue::Str(out)),
                '\n' => return Err(self.syntax("unterminated string")),
                '\\' => {
                    let Some(e) = self.peek() else { return Err(self.syntax("unterminated string")) };
                    self.pos += e.len_utf8();
                    match e {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '0' => out.push('\0'),
                        '\\' | '\'' | '"' => out.push(e),
                        other => {
                            out.push('\\');
                            out.push(other);
                        }
                    }
                }
                c => out.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_dict_and_list_forms() {
        let items = preset_items(&PyValue::Str("{1: 0.001, 2: 0.002, }".into())).ok();
        assert_eq!(items, Some(vec![(1, PyValue::Float(0.001)), (2, PyValue::Float(0.002))]));
        let err = preset_items(&PyValue::Str("[0.1, 0.2]".into())).err().and_then(|e| e.py_exc());
        assert_eq!(err, Some(PyExc::AssertionError));
        let err = preset_items(&PyValue::Tuple(vec![PyValue::Float(0.1)])).err().and_then(|e| e.py_exc());
        assert_eq!(err, Some(PyExc::AssertionError));
        let err = preset_items(&PyValue::Str("{1: lr}".into())).err().and_then(|e| e.py_exc());
        assert_eq!(err, Some(PyExc::NameError));
        let items = preset_items(&PyValue::Str("{3: -1e-3, 1: 2}".into())).ok();
        assert_eq!(items, Some(vec![(3, PyValue::Float(-1e-3)), (1, PyValue::Int(2))]));
    }
}
