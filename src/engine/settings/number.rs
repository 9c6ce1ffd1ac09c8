//! Config numbers that remember int vs float ([`Number`]), decay/growth factors ([`Factor`]) and
//! their JSON forms.
#[allow(unused_imports)]
use super::*;

/// A config number as Python holds it: an `int` or a `float`.
#[derive(Clone, Copy, Debug)]
pub enum Number {
    /// A Python `int` (`learning_rate = 1` stays an int; storing it as an LR is a TypeError, spec
    /// section 1).
    Int(i64),
    /// A Python `float`.
    Float(f64),
}

impl Number {
    /// The value as float64 (an int converted).
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    /// Whether it was written as an `int`.
    pub fn is_int(self) -> bool {
        matches!(self, Number::Int(_))
    }

    /// The same value as a Python float (what RETURNN needs where it expects a float).
    pub fn to_float(self) -> Number {
        Number::Float(self.as_f64())
    }

    /// The Python value: an `int` or a `float`, as written.
    pub fn to_py(self) -> PyValue {
        match self {
            Number::Int(i) => PyValue::Int(i),
            Number::Float(f) => PyValue::Float(f),
        }
    }

    /// Same type and same value (NaN equals NaN): the equality a round trip must keep.
    pub fn same(self, other: Number) -> bool {
        self.to_py() == other.to_py()
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.same(*other)
    }
}

impl From<f64> for Number {
    fn from(f: f64) -> Number {
        Number::Float(f)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_py().repr())
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Number::Int(i) => s.serialize_i64(*i),
            Number::Float(f) if f.is_finite() => s.serialize_f64(*f),
            Number::Float(f) => match float_to_json(*f) {
                serde_json::Value::String(t) => s.serialize_str(&t),
                _ => s.serialize_none(),
            },
        }
    }
}

pub(crate) struct NumberVisitor;

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Number;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number (int or float) or \"NaN\"/\"Infinity\"/\"-Infinity\"")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Number, E> {
        Ok(Number::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Number, E> {
        Ok(i64::try_from(v).map(Number::Int).unwrap_or(Number::Float(v as f64)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Number, E> {
        Ok(Number::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Number, E> {
        json_to_float(&serde_json::Value::String(v.to_string()))
            .map(Number::Float)
            .ok_or_else(|| E::custom(format!("expected a number, found the string {v:?}")))
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Number, D::Error> {
        d.deserialize_any(NumberVisitor)
    }
}

/// A decay/growth factor: a number, or Python `None` ("leave the LR unchanged").
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Factor {
    /// `None`: the LR stays unchanged when the factor is applied (spec section 5.2).
    None,
    /// A number the LR is multiplied by (an `int`, e.g. `1`, fails RETURNN's assertion when applied,
    /// spec section 1).
    Value(Number),
}

impl Factor {
    /// The Python value: `None` or the number.
    pub fn to_py(self) -> PyValue {
        match self {
            Factor::None => PyValue::None,
            Factor::Value(n) => n.to_py(),
        }
    }
}

impl Serialize for Factor {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Factor::None => s.serialize_none(),
            Factor::Value(n) => n.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Factor {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Factor, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        if v.is_null() {
            return Ok(Factor::None);
        }
        Number::deserialize(v).map(Factor::Value).map_err(de::Error::custom)
    }
}

/// serde helper: a present `null` is `Some(Factor::None)`, an absent field is `None`.
pub(crate) mod some_factor {
    use super::Factor;
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Factor>, D::Error> {
        Factor::deserialize(d).map(Some)
    }
}

/// serde helper for float lists that may hold NaN/inf (written as the conventional strings).
pub(crate) mod float_vec {
    use super::Number;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        let nums: Vec<Number> = v.iter().map(|f| Number::Float(*f)).collect();
        nums.serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Ok(Vec::<Number>::deserialize(d)?.into_iter().map(Number::as_f64).collect())
    }
}

pub(crate) mod opt_float_vec {
    use super::Number;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    pub fn serialize<S: Serializer>(v: &Option<Vec<f64>>, s: S) -> Result<S::Ok, S::Error> {
        let nums: Option<Vec<Number>> = v.as_ref().map(|v| v.iter().map(|f| Number::Float(*f)).collect());
        nums.serialize(s)
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<f64>>, D::Error> {
        Ok(Option::<Vec<Number>>::deserialize(d)?.map(|v| v.into_iter().map(Number::as_f64).collect()))
    }
}
