//! JSON in the reference vectors' conventions: non-finite floats are the strings `"NaN"`,
//! `"Infinity"`, `"-Infinity"`; ints and floats stay apart; floats are written with Python `repr`.
use super::value::{float_repr, NpKind, PyValue};
use serde_json::{Map, Number, Value};
use std::io;

/// A float as a JSON value (non-finite → the conventional strings).
pub fn float_to_json(x: f64) -> Value {
    if x.is_nan() {
        Value::String("NaN".into())
    } else if x == f64::INFINITY {
        Value::String("Infinity".into())
    } else if x == f64::NEG_INFINITY {
        Value::String("-Infinity".into())
    } else {
        Number::from_f64(x).map(Value::Number).unwrap_or(Value::Null)
    }
}

/// A JSON float (number or one of the non-finite strings), if it is one.
pub fn json_to_float(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

/// A Python value as JSON: tuples become arrays, dict keys their `str()` (strings as they are).
pub fn py_to_json(v: &PyValue) -> Value {
    match v {
        PyValue::None => Value::Null,
        PyValue::Bool(b) => Value::Bool(*b),
        PyValue::Int(i) => Value::Number((*i).into()),
        PyValue::BigInt(s) => s.parse::<f64>().map(float_to_json).unwrap_or(Value::Null),
        PyValue::Float(f) => float_to_json(*f),
        PyValue::Str(s) => Value::String(s.clone()),
        PyValue::List(items) | PyValue::Tuple(items) => Value::Array(items.iter().map(py_to_json).collect()),
        PyValue::Dict(items) => {
            let mut m = Map::new();
            for (k, val) in items {
                let key = match k {
                    PyValue::Str(s) => s.clone(),
                    other => other.repr(),
                };
                m.insert(key, py_to_json(val));
            }
            Value::Object(m)
        }
        PyValue::Np { kind: NpKind::Int64, value, .. } => Value::Number((*value as i64).into()),
        PyValue::Np { value, .. } => float_to_json(*value),
    }
}

/// JSON as a Python value: integers → int, other numbers → float, the non-finite strings → float,
/// arrays → list, objects → dict with str keys.
pub fn json_to_py(v: &Value) -> PyValue {
    match v {
        Value::Null => PyValue::None,
        Value::Bool(b) => PyValue::Bool(*b),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                PyValue::Int(i)
            } else if n.is_u64() {
                PyValue::BigInt(n.to_string())
            } else {
                PyValue::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Value::String(s) => match json_to_float(v) {
            Some(f) => PyValue::Float(f),
            None => PyValue::Str(s.clone()),
        },
        Value::Array(items) => PyValue::List(items.iter().map(json_to_py).collect()),
        Value::Object(m) => PyValue::Dict(m.iter().map(|(k, v)| (PyValue::Str(k.clone()), json_to_py(v))).collect()),
    }
}

/// serde_json formatter that writes floats with Python's `repr` (`1e-05`, `1.0`).
struct PyFloatFormatter;

impl serde_json::ser::Formatter for PyFloatFormatter {
    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(float_repr(value).as_bytes())
    }
    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        writer.write_all(float_repr(value as f64).as_bytes())
    }
}

/// One compact JSON line (no trailing newline) with Python-repr floats.
pub fn to_line(v: &Value) -> String {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, PyFloatFormatter);
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return "null".to_string();
    }
    String::from_utf8(buf).unwrap_or_else(|_| "null".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_python_repr_and_nonfinite_are_strings() {
        let v = serde_json::json!({"a": 1e-05, "b": 1.0, "c": 3});
        assert_eq!(to_line(&v), r#"{"a":1e-05,"b":1.0,"c":3}"#);
        assert_eq!(float_to_json(f64::NAN), Value::String("NaN".into()));
        assert_eq!(json_to_py(&serde_json::json!(2)), PyValue::Int(2));
        assert_eq!(json_to_py(&serde_json::json!(2.0)), PyValue::Float(2.0));
    }
}
