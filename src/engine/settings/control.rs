//! The learning-rate control's settings: the scheme name table ([`Scheme`]), presets, the error
//! measure and every key RETURNN's LR control reads ([`LrControlSettings`]).
#[allow(unused_imports)]
use super::*;

/// `learning_rate_control`: the RETURNN class names, verbatim (aliases kept apart so that an
/// imported config is written back as it was).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scheme {
    #[default]
    #[serde(rename = "constant")]
    /// `constant` (`ConstantLearningRate`, spec section 5.4): the LR carries forward, scores are unused.
    Constant,
    #[serde(rename = "newbob")]
    /// `newbob`: an alias of `newbob_rel` (`NewbobRelative`, spec section 5.5).
    Newbob,
    #[serde(rename = "newbob_rel")]
    /// `newbob_rel` (`NewbobRelative`, spec section 5.5): decay iff the relative error of the two
    /// previous epochs is `>` `newbob_relative_error_threshold`.
    NewbobRel,
    #[serde(rename = "newbob_relative")]
    /// `newbob_relative`: an alias of `newbob_rel` (`NewbobRelative`, spec section 5.5).
    NewbobRelative,
    #[serde(rename = "newbob_abs")]
    /// `newbob_abs` (`NewbobAbs`, spec section 5.6): decay iff the score difference of the two
    /// previous epochs is `>` `newbob_error_threshold`.
    NewbobAbs,
    #[serde(rename = "newbob_multi_epoch")]
    /// `newbob_multi_epoch` (`NewbobMultiEpoch`, spec section 5.7): the mean relative error over a
    /// window of epochs decides, at every `newbob_multi_update_interval`-th epoch.
    NewbobMultiEpoch,
}

impl Scheme {
    /// Every scheme, in the order a dropdown shows them.
    pub const ALL: [Scheme; 6] = [
        Scheme::Constant,
        Scheme::Newbob,
        Scheme::NewbobRel,
        Scheme::NewbobRelative,
        Scheme::NewbobAbs,
        Scheme::NewbobMultiEpoch,
    ];

    /// The RETURNN name (`learning_rate_control` value).
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Constant => "constant",
            Scheme::Newbob => "newbob",
            Scheme::NewbobRel => "newbob_rel",
            Scheme::NewbobRelative => "newbob_relative",
            Scheme::NewbobAbs => "newbob_abs",
            Scheme::NewbobMultiEpoch => "newbob_multi_epoch",
        }
    }

    /// Exact, case-sensitive, as RETURNN's name table.
    pub fn from_name(name: &str) -> Option<Scheme> {
        Scheme::ALL.iter().copied().find(|s| s.name() == name)
    }
}

/// `learning_rates`: presets per epoch (a list for epochs 1..n, or a dict with gaps).
#[derive(Clone, Debug, PartialEq)]
pub enum LearningRates {
    /// `[v1, ..., vn]`: the presets of epochs 1..n (spec section 6).
    List(Vec<Number>),
    /// `{epoch: lr, ...}`: presets for exactly these epochs, gaps allowed (in the order written).
    Dict(Vec<(i64, Number)>),
}

impl LearningRates {
    /// The Python value the config holds: a `list` of numbers, or a `dict` int → number.
    pub fn to_py(&self) -> PyValue {
        match self {
            LearningRates::List(v) => PyValue::List(v.iter().map(|n| n.to_py()).collect()),
            LearningRates::Dict(v) => PyValue::Dict(v.iter().map(|(e, n)| (PyValue::Int(*e), n.to_py())).collect()),
        }
    }

    /// True for `[]` / `{}`, which RETURNN treats as "no presets".
    pub fn is_empty(&self) -> bool {
        match self {
            LearningRates::List(v) => v.is_empty(),
            LearningRates::Dict(v) => v.is_empty(),
        }
    }

    /// The values with their epochs.
    pub fn entries(&self) -> Vec<(i64, Number)> {
        match self {
            LearningRates::List(v) => v.iter().enumerate().map(|(i, n)| (i as i64 + 1, *n)).collect(),
            LearningRates::Dict(v) => v.clone(),
        }
    }
}

impl Serialize for LearningRates {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            LearningRates::List(v) => v.serialize(s),
            LearningRates::Dict(v) => {
                let mut m = s.serialize_map(Some(v.len()))?;
                for (e, n) in v {
                    m.serialize_entry(&e.to_string(), n)?;
                }
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for LearningRates {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<LearningRates, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Array(items) => items
                .into_iter()
                .map(Number::deserialize)
                .collect::<std::result::Result<Vec<_>, _>>()
                .map(LearningRates::List)
                .map_err(de::Error::custom),
            serde_json::Value::Object(m) => {
                let mut out = Vec::with_capacity(m.len());
                for (k, v) in m {
                    let e = k.trim().parse::<i64>().map_err(|_| de::Error::custom(format!("epoch key {k:?} is not an int")))?;
                    out.push((e, Number::deserialize(v).map_err(de::Error::custom)?));
                }
                Ok(LearningRates::Dict(out))
            }
            other => Err(de::Error::custom(format!("learning_rates must be a list or a dict, found {other}"))),
        }
    }
}

/// `learning_rate_control_error_measure`: one key or a list of keys (preferred first).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ErrorMeasure {
    /// One key, e.g. `learning_rate_control_error_measure = "dev_loss_ce"`.
    Key(String),
    /// A list of keys, preferred first (spec section 4, rule 4: each key, then key + `_output`).
    Keys(Vec<String>),
}

impl ErrorMeasure {
    /// The Python value the config holds: a `str`, or a `list` of `str`.
    pub fn to_py(&self) -> PyValue {
        match self {
            ErrorMeasure::Key(k) => PyValue::Str(k.clone()),
            ErrorMeasure::Keys(ks) => PyValue::List(ks.iter().map(|k| PyValue::Str(k.clone())).collect()),
        }
    }
}

/// Everything RETURNN's learning-rate control reads (spec section 2). `None` = RETURNN's default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LrControlSettings {
    /// `learning_rate_control` (default `"constant"`).
    pub scheme: Scheme,
    /// `learning_rate`: the default/initial LR (RETURNN default `1.0`). Always exported.
    pub learning_rate: Number,
    /// `learning_rates`: presets (warmup list or epoch dict).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learning_rates: Option<LearningRates>,
    /// `min_learning_rate` (default `0.0`), clamp applied right after a decay.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_learning_rate: Option<Number>,
    /// `learning_rate_decay` (takes precedence over `newbob_learning_rate_decay`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "some_factor::deserialize")]
    pub learning_rate_decay: Option<Factor>,
    /// `newbob_learning_rate_decay` (default `0.5`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "some_factor::deserialize")]
    pub newbob_learning_rate_decay: Option<Factor>,
    /// `learning_rate_growth` (takes precedence over `newbob_learning_rate_growth`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "some_factor::deserialize")]
    pub learning_rate_growth: Option<Factor>,
    /// `newbob_learning_rate_growth` (default `1.0`).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "some_factor::deserialize")]
    pub newbob_learning_rate_growth: Option<Factor>,
    /// `newbob_relative_error_threshold` (relative and multi-epoch schemes; default `-0.01`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_relative_error_threshold: Option<Number>,
    /// `newbob_relative_error_grow_threshold` (multi-epoch; default = the threshold).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_relative_error_grow_threshold: Option<Number>,
    /// `newbob_error_threshold` (newbob_abs; default `-0.01`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_error_threshold: Option<Number>,
    /// `newbob_multi_num_epochs` (default `5`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_multi_num_epochs: Option<i64>,
    /// `newbob_multi_update_interval` (default = `newbob_multi_num_epochs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_multi_update_interval: Option<i64>,
    /// `newbob_relative_error_div_by_old` (default `False`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub newbob_relative_error_div_by_old: Option<bool>,
    /// `learning_rate_control_error_measure` (default: RETURNN's key search, spec section 4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_measure: Option<ErrorMeasure>,
    /// `learning_rate_control_relative_error_relative_lr` (default `False`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative_error_relative_lr: Option<bool>,
    /// `learning_rate_control_min_num_epochs_per_new_lr` (default `0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_num_epochs_per_new_lr: Option<i64>,
    /// `learning_rate_file` (default: none). Exported as written; the simulator never touches disk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learning_rate_file: Option<String>,
}

impl Default for LrControlSettings {
    fn default() -> Self {
        LrControlSettings {
            scheme: Scheme::Constant,
            learning_rate: Number::Float(1.0),
            learning_rates: None,
            min_learning_rate: None,
            learning_rate_decay: None,
            newbob_learning_rate_decay: None,
            learning_rate_growth: None,
            newbob_learning_rate_growth: None,
            newbob_relative_error_threshold: None,
            newbob_relative_error_grow_threshold: None,
            newbob_error_threshold: None,
            newbob_multi_num_epochs: None,
            newbob_multi_update_interval: None,
            newbob_relative_error_div_by_old: None,
            error_measure: None,
            relative_error_relative_lr: None,
            min_num_epochs_per_new_lr: None,
            learning_rate_file: None,
        }
    }
}

impl LrControlSettings {
    /// The decay factor RETURNN applies: `learning_rate_decay`, else `newbob_learning_rate_decay`,
    /// else `0.5`.
    pub fn effective_decay(&self) -> Factor {
        self.learning_rate_decay.or(self.newbob_learning_rate_decay).unwrap_or(Factor::Value(Number::Float(0.5)))
    }

    /// The growth factor RETURNN applies (default `1.0`).
    pub fn effective_growth(&self) -> Factor {
        self.learning_rate_growth.or(self.newbob_learning_rate_growth).unwrap_or(Factor::Value(Number::Float(1.0)))
    }
}
