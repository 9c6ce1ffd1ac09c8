//! Python values as RETURNN configs and `learning_rate_file`s hold them, and their exact `repr`.
//!
//! Python tells `1` from `1.0`, and RETURNN acts on that difference, so ints and floats stay apart.
//! numpy scalars (`np.float64(0.5)`) keep their literal text so that they are written back exactly.

/// A numpy scalar type that can appear in a `learning_rate_file`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NpKind {
    /// `np.float64`, a float subclass: accepted as a learning rate.
    Float64,
    /// `np.float32`: not a Python float (RETURNN rejects it as a score).
    Float32,
    /// `np.int64`.
    Int64,
}

impl NpKind {
    /// The numpy type name as in `np.<name>(...)`: `float64`, `float32`, `int64`.
    pub fn name(self) -> &'static str {
        match self {
            NpKind::Float64 => "float64",
            NpKind::Float32 => "float32",
            NpKind::Int64 => "int64",
        }
    }
}

/// A Python value (the literal subset RETURNN's files and configs use).
#[derive(Clone, Debug)]
pub enum PyValue {
    /// `None`.
    None,
    /// `True` / `False` (Python's bool is an int subclass: RETURNN's int reader accepts it).
    Bool(bool),
    /// An `int` that fits in i64.
    Int(i64),
    /// An int that does not fit in i64, kept as its decimal text.
    BigInt(String),
    /// A `float` (float64; NaN and ±inf included).
    Float(f64),
    /// A `str`.
    Str(String),
    /// A `list`.
    List(Vec<PyValue>),
    /// A `tuple` (e.g. `betas=(0.9, 0.999)`; RETURNN rejects a tuple for `learning_rates`).
    Tuple(Vec<PyValue>),
    /// Items in source order (Python dicts keep insertion order).
    Dict(Vec<(PyValue, PyValue)>),
    /// `np.<kind>(<text>)`: `value` is the number as float64 (for float32: the float32 value
    /// widened), `text` the literal written inside the parentheses.
    Np {
        /// The numpy type.
        kind: NpKind,
        /// The number as float64.
        value: f64,
        /// The literal as written (`"0.5"` of `np.float64(0.5)`), written back unchanged.
        text: String,
    },
}

impl PartialEq for PyValue {
    /// Python equality, except that NaN equals NaN (so parse/write round trips compare equal) and
    /// ints never equal floats (RETURNN treats them differently).
    fn eq(&self, other: &PyValue) -> bool {
        use PyValue::*;
        match (self, other) {
            (None, None) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (BigInt(a), BigInt(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()) || (*a == 0.0 && *b == 0.0 && a.is_sign_negative() == b.is_sign_negative()),
            (Str(a), Str(b)) => a == b,
            (List(a), List(b)) | (Tuple(a), Tuple(b)) => a == b,
            (Dict(a), Dict(b)) => a == b,
            (Np { kind: k1, text: t1, .. }, Np { kind: k2, text: t2, .. }) => k1 == k2 && t1 == t2,
            _ => false,
        }
    }
}

impl PyValue {
    /// Python's `type(x).__name__`-like description for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            PyValue::None => "NoneType",
            PyValue::Bool(_) => "bool",
            PyValue::Int(_) | PyValue::BigInt(_) => "int",
            PyValue::Float(_) => "float",
            PyValue::Str(_) => "str",
            PyValue::List(_) => "list",
            PyValue::Tuple(_) => "tuple",
            PyValue::Dict(_) => "dict",
            PyValue::Np { kind: NpKind::Float64, .. } => "numpy.float64",
            PyValue::Np { kind: NpKind::Float32, .. } => "numpy.float32",
            PyValue::Np { kind: NpKind::Int64, .. } => "numpy.int64",
        }
    }

    /// `isinstance(x, float)`: a Python float or `np.float64` (a float subclass).
    pub fn as_py_float(&self) -> Option<f64> {
        match self {
            PyValue::Float(f) => Some(*f),
            PyValue::Np { kind: NpKind::Float64, value, .. } => Some(*value),
            _ => None,
        }
    }

    /// Python truthiness (`bool(x)`).
    pub fn truthy(&self) -> bool {
        match self {
            PyValue::None => false,
            PyValue::Bool(b) => *b,
            PyValue::Int(i) => *i != 0,
            PyValue::BigInt(_) => true,
            PyValue::Float(f) => *f != 0.0,
            PyValue::Str(s) => !s.is_empty(),
            PyValue::List(items) | PyValue::Tuple(items) => !items.is_empty(),
            PyValue::Dict(items) => !items.is_empty(),
            PyValue::Np { value, .. } => *value != 0.0,
        }
    }

    /// Python `repr(x)`.
    pub fn repr(&self) -> String {
        let mut s = String::new();
        self.write_repr(&mut s);
        s
    }

    fn write_repr(&self, out: &mut String) {
        match self {
            PyValue::None => out.push_str("None"),
            PyValue::Bool(true) => out.push_str("True"),
            PyValue::Bool(false) => out.push_str("False"),
            PyValue::Int(i) => out.push_str(&i.to_string()),
            PyValue::BigInt(s) => out.push_str(s),
            PyValue::Float(f) => out.push_str(&float_repr(*f)),
            PyValue::Str(s) => out.push_str(&str_repr(s)),
            PyValue::List(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.write_repr(out);
                }
                out.push(']');
            }
            PyValue::Tuple(items) => {
                out.push('(');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    v.write_repr(out);
                }
                if items.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            PyValue::Dict(items) => {
                out.push('{');
                for (i, (k, v)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    k.write_repr(out);
                    out.push_str(": ");
                    v.write_repr(out);
                }
                out.push('}');
            }
            PyValue::Np { kind, text, .. } => {
                out.push_str("np.");
                out.push_str(kind.name());
                out.push('(');
                out.push_str(text);
                out.push(')');
            }
        }
    }
}

/// Python's `repr(float)`: shortest round-trip digits; scientific notation iff the decimal
/// exponent is < -4 or >= 16 (`1e-05`, `1e+16`), else positional with at least one fractional
/// digit (`0.0001`, `1.0`, `-0.0`); `nan`, `inf`, `-inf` for non-finite values.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".to_string() } else { "-inf".to_string() };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "-1.2345e-7", "1e16", "0e0".
    let mut sci = format!("{:e}", x);
    // Among the shortest round-trip strings Python picks the one nearest to x (ties to even,
    // e.g. 2**-25 → 2.9802322387695312e-08); Rust's shortest may pick the other neighbour. The
    // correctly rounded string with the same digit count is that one whenever it round-trips.
    let n_digits = sci.split('e').next().map(|m| m.chars().filter(char::is_ascii_digit).count()).unwrap_or(1);
    let nearest = format!("{:.*e}", n_digits.saturating_sub(1), x);
    if nearest.parse::<f64>().ok() == Some(x) {
        sci = nearest;
    }
    let (mantissa, exp) = match sci.split_once('e') {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (sci.as_str(), 0),
    };
    let (neg, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if !(-4..16).contains(&exp) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    } else {
        let point = exp + 1; // digits before the decimal point
        if point <= 0 {
            out.push_str("0.");
            for _ in 0..(-point) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let point = point as usize;
            if point >= digits.len() {
                out.push_str(&digits);
                for _ in digits.len()..point {
                    out.push('0');
                }
                out.push_str(".0");
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    }
    out
}

/// Python's `str.isprintable()` for one character, for the characters that matter in practice:
/// controls, a few format and separator characters are not printable.
fn is_printable(c: char) -> bool {
    let u = c as u32;
    if u < 0x20 || (0x7f..=0xa0).contains(&u) || u == 0xad {
        return false;
    }
    !matches!(u,
        0x0600..=0x0605 | 0x061c | 0x06dd | 0x070f | 0x1680 | 0x180e | 0x2000..=0x200f
        | 0x2028..=0x202f | 0x205f..=0x2064 | 0x2066..=0x206f | 0x3000 | 0xd800..=0xdfff
        | 0xe000..=0xf8ff | 0xfeff | 0xfff9..=0xfffb | 0xfffe | 0xffff
        | 0xf0000..=0x10ffff)
}

/// Python's `repr(str)`: single quotes unless the text contains `'` and no `"`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => {
                let u = c as u32;
                if u < 0x100 {
                    out.push_str(&format!("\\x{:02x}", u));
                } else if u < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", u));
                } else {
                    out.push_str(&format!("\\U{:08x}", u));
                }
            }
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_matches_python() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1.0"),
            (0.0001, "0.0001"),
            (1e-05, "1e-05"),
            (2.5e-07, "2.5e-07"),
            (1e16, "1e+16"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (123456789012345.67, "123456789012345.67"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (6.400000000000001e-05, "6.400000000000001e-05"),
            (2.9802322387695312e-08, "2.9802322387695312e-08"),
            (1234567890123456.0, "1234567890123456.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (100.0, "100.0"),
            (0.00025, "0.00025"),
            (f64::NAN, "nan"),
            (f64::NEG_INFINITY, "-inf"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(*x), *want, "repr of {x:e}");
        }
    }

    #[test]
    fn str_repr_matches_python() {
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("say \"hi\""), "'say \"hi\"'");
        assert_eq!(str_repr("both ' and \""), "'both \\' and \"'");
        assert_eq!(str_repr("a\nb\tc\\"), "'a\\nb\\tc\\\\'");
        assert_eq!(str_repr("é中"), "'é中'");
        assert_eq!(str_repr("\x01\u{7f}"), "'\\x01\\x7f'");
    }

    #[test]
    fn int_and_float_differ() {
        assert_ne!(PyValue::Int(1), PyValue::Float(1.0));
        assert_eq!(PyValue::Float(f64::NAN), PyValue::Float(f64::NAN));
        assert_eq!(PyValue::Tuple(vec![PyValue::Int(1)]).repr(), "(1,)");
    }
}
