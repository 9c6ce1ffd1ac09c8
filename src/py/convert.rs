//! Python's conversion rules for numbers: `float(str)`, `int(str)`, big ints, unary minus, and
//! dict-key identity (`1`, `1.0` and `True` are one key).
use crate::py::value::PyValue;
use std::collections::HashMap;

/// An integer from its digits in `radix` (no sign, no underscores), as `Int` or `BigInt`.
pub fn int_from_digits(digits: &str, radix: u32) -> PyValue {
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
pub fn int_from_decimal(text: &str) -> PyValue {
    match text.parse::<i64>() {
        Ok(i) => PyValue::Int(i),
        Err(_) => PyValue::BigInt(text.to_string()),
    }
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
pub fn strip_digit_underscores(s: &str) -> Option<String> {
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
pub fn dict_key_id(v: &PyValue) -> String {
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
