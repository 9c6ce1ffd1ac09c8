//! Settings ⇄ the RETURNN config map (key → Python value), in the documented export order.
#[allow(unused_imports)]
use super::*;

pub(crate) fn push_num(out: &mut Vec<(String, PyValue)>, key: &str, v: Option<Number>) {
    if let Some(n) = v {
        out.push((key.into(), n.to_py()));
    }
}

pub(crate) fn push_factor(out: &mut Vec<(String, PyValue)>, key: &str, v: Option<Factor>) {
    if let Some(f) = v {
        out.push((key.into(), f.to_py()));
    }
}

pub(crate) fn push_int(out: &mut Vec<(String, PyValue)>, key: &str, v: Option<i64>) {
    if let Some(i) = v {
        out.push((key.into(), PyValue::Int(i)));
    }
}

pub(crate) fn push_bool(out: &mut Vec<(String, PyValue)>, key: &str, v: Option<bool>) {
    if let Some(b) = v {
        out.push((key.into(), PyValue::Bool(b)));
    }
}

/// A value read with RETURNN's float reader: ints stay ints, floats and numpy float64 are floats,
/// strings are converted like Python `float()`.
pub(crate) fn read_number(key: &str, v: &PyValue) -> Result<Number> {
    match v {
        PyValue::Int(i) => Ok(Number::Int(*i)),
        PyValue::Float(f) => Ok(Number::Float(*f)),
        PyValue::Np { kind: NpKind::Float64 | NpKind::Float32, value, .. } => Ok(Number::Float(*value)),
        PyValue::Np { kind: NpKind::Int64, value, .. } => Ok(Number::Int(*value as i64)),
        PyValue::Str(s) => py_float_from_str(s)
            .map(Number::Float)
            .ok_or_else(|| Error::invalid(key, format!("could not convert string to float: {}", v.repr()))),
        other => Err(Error::invalid(key, format!("must be a number, found {} {}", other.type_name(), other.repr()))),
    }
}

pub(crate) fn read_factor(key: &str, v: &PyValue) -> Result<Factor> {
    match v {
        PyValue::None => Ok(Factor::None),
        PyValue::Str(_) => Err(Error::invalid(key, format!("must be a float or None, found the string {} (RETURNN raises AssertionError when it is applied)", v.repr()))),
        _ => read_number(key, v).map(Factor::Value),
    }
}

pub(crate) fn read_int(key: &str, v: &PyValue) -> Result<i64> {
    match v {
        PyValue::Int(i) => Ok(*i),
        PyValue::Bool(b) => Ok(i64::from(*b)),
        PyValue::Np { kind: NpKind::Int64, value, .. } => Ok(*value as i64),
        other => Err(Error::invalid(key, format!("must be an int, found {} {} (RETURNN's int reader raises AssertionError)", other.type_name(), other.repr()))),
    }
}

/// `None` (typed None acts as False) or a bool.
pub(crate) fn read_bool(key: &str, v: &PyValue) -> Result<Option<bool>> {
    match v {
        PyValue::None => Ok(None),
        PyValue::Bool(b) => Ok(Some(*b)),
        PyValue::Int(i) => Ok(Some(*i != 0)),
        other => Err(Error::invalid(key, format!("must be a bool, found {} {} (RETURNN raises AssertionError)", other.type_name(), other.repr()))),
    }
}

pub(crate) fn read_learning_rates(key: &str, v: &PyValue) -> Result<Option<LearningRates>> {
    match v {
        PyValue::None => Ok(None),
        PyValue::List(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| read_number(&format!("{key}[{i}]"), x))
            .collect::<Result<Vec<_>>>()
            .map(|v| Some(LearningRates::List(v))),
        PyValue::Dict(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (k, x) in items {
                let e = read_int(&format!("{key} key {}", k.repr()), k)?;
                out.retain(|(old, _): &(i64, Number)| *old != e);
                out.push((e, read_number(&format!("{key}[{e}]"), x)?));
            }
            Ok(Some(LearningRates::Dict(out)))
        }
        PyValue::Tuple(_) => Err(Error::invalid(key, "must be a list or a dict, not a tuple (RETURNN raises AssertionError)")),
        other => Err(Error::invalid(key, format!("must be a list or a dict, found {}", other.type_name()))),
    }
}

pub(crate) fn read_error_measure(key: &str, v: &PyValue) -> Result<Option<ErrorMeasure>> {
    match v {
        PyValue::None => Ok(None),
        PyValue::Str(s) => Ok(Some(ErrorMeasure::Key(s.clone()))),
        PyValue::List(items) | PyValue::Tuple(items) => items
            .iter()
            .map(|x| match x {
                PyValue::Str(s) => Ok(s.clone()),
                other => Err(Error::invalid(key, format!("list entries must be strings, found {}", other.type_name()))),
            })
            .collect::<Result<Vec<_>>>()
            .map(|v| Some(ErrorMeasure::Keys(v))),
        other => Err(Error::invalid(key, format!("must be a string or a list of strings, found {} (RETURNN raises AssertionError)", other.type_name()))),
    }
}

impl Settings {
    /// The RETURNN config map these settings stand for: every set knob plus the essentials
    /// (`learning_rate_control`, `learning_rate`, `optimizer`, `num_epochs`), in the documented
    /// export order ([`keys::key_rank`]); `other` keys last, sorted.
    pub fn to_config(&self) -> Vec<(String, PyValue)> {
        let c = &self.lr_control;
        let mut out: Vec<(String, PyValue)> = Vec::new();
        out.push(("learning_rate_control".into(), PyValue::Str(c.scheme.name().into())));
        out.push(("learning_rate".into(), c.learning_rate.to_py()));
        if let Some(lrs) = &c.learning_rates {
            out.push(("learning_rates".into(), lrs.to_py()));
        }
        push_num(&mut out, "min_learning_rate", c.min_learning_rate);
        push_factor(&mut out, "learning_rate_decay", c.learning_rate_decay);
        push_factor(&mut out, "newbob_learning_rate_decay", c.newbob_learning_rate_decay);
        push_factor(&mut out, "learning_rate_growth", c.learning_rate_growth);
        push_factor(&mut out, "newbob_learning_rate_growth", c.newbob_learning_rate_growth);
        push_num(&mut out, "newbob_relative_error_threshold", c.newbob_relative_error_threshold);
        push_num(&mut out, "newbob_relative_error_grow_threshold", c.newbob_relative_error_grow_threshold);
        push_num(&mut out, "newbob_error_threshold", c.newbob_error_threshold);
        push_int(&mut out, "newbob_multi_num_epochs", c.newbob_multi_num_epochs);
        push_int(&mut out, "newbob_multi_update_interval", c.newbob_multi_update_interval);
        push_bool(&mut out, "newbob_relative_error_div_by_old", c.newbob_relative_error_div_by_old);
        if let Some(m) = &c.error_measure {
            out.push(("learning_rate_control_error_measure".into(), m.to_py()));
        }
        push_bool(&mut out, "learning_rate_control_relative_error_relative_lr", c.relative_error_relative_lr);
        push_int(&mut out, "learning_rate_control_min_num_epochs_per_new_lr", c.min_num_epochs_per_new_lr);
        if let Some(f) = &c.learning_rate_file {
            out.push(("learning_rate_file".into(), PyValue::Str(f.clone())));
        }
        if let Some(step) = &self.step_schedule {
            out.extend(step.to_config());
        }
        out.push(("optimizer".into(), self.optimizer.to_py()));
        let g = &self.gradient;
        push_num(&mut out, "gradient_clip", g.clip);
        push_num(&mut out, "gradient_clip_global_norm", g.clip_global_norm);
        push_num(&mut out, "gradient_noise", g.noise);
        push_int(&mut out, "accum_grad_multiple_step", g.accum_grad_multiple_step);
        out.push(("num_epochs".into(), PyValue::Int(self.run.num_epochs)));
        for (k, v) in &self.other {
            out.push((k.clone(), json_to_py_for_key(k, v)));
        }
        out
    }

    /// The RETURNN config the user assigned: [`to_config`](Self::to_config) without `optimizer`
    /// and `num_epochs` unless [`Settings::assigned`] says they were imported or chosen (what the
    /// snippet writes; [`Settings::from_config`] of it gives the same flags back).
    pub fn assigned_config(&self) -> Vec<(String, PyValue)> {
        self.to_config().into_iter().filter(|(k, _)| self.assigned.writes(k)).collect()
    }

    /// The LR-control part of [`to_config`](Self::to_config) only (what `lr_control` reads).
    pub fn lr_control_config(&self) -> Vec<(String, PyValue)> {
        let not_lr_control = |k: &str| keys::config_key(k).is_some_and(|k| k.backend == Backend::Both && k.group != Group::LrControl);
        self.to_config().into_iter().filter(|(k, _)| !not_lr_control(k)).collect()
    }

    /// Settings from a RETURNN config map (e.g. the `values` of `returnn::config::import`).
    /// `optimizer` and `num_epochs` given are marked [`Settings::assigned`].
    /// Keys not given keep RETURNN's default (run settings keep the explorer's defaults); keys
    /// Settings has no field for go to `other`. A value of the wrong type is `Error::Invalid`
    /// naming the key. A later duplicate key overrides an earlier one (as in Python).
    pub fn from_config(values: &[(String, PyValue)]) -> Result<Settings> {
        let mut s = Settings::default();
        // The step-schedule keys, read once `dynamic_learning_rate` is known (any order).
        let mut step_keys: Vec<(&String, &PyValue)> = Vec::new();
        let mut schedule = None;
        for (key, v) in values {
            let k = key.as_str();
            if k == crate::engine::step_lr::DYNAMIC_LEARNING_RATE {
                schedule = match v {
                    PyValue::None => None,
                    PyValue::Str(name) => Some(crate::engine::step_lr::Schedule::from_name(name).ok_or_else(|| {
                        Error::invalid(k, format!("{} is not a schedule the explorer knows (known: {})", v.repr(), crate::engine::step_lr::names()))
                    })?),
                    other => return Err(Error::invalid(k, format!("must be the name of a known schedule, found {}", other.type_name()))),
                };
                continue;
            }
            if keys::is_step_key(k) {
                step_keys.push((key, v));
                continue;
            }
            let c = &mut s.lr_control;
            match k {
                "learning_rate_control" => {
                    c.scheme = match v {
                        PyValue::None => Scheme::Constant,
                        PyValue::Str(name) => Scheme::from_name(name).ok_or_else(|| {
                            Error::invalid(k, format!("unknown scheme {} (RETURNN raises AssertionError); known: constant, newbob, newbob_rel, newbob_relative, newbob_abs, newbob_multi_epoch", v.repr()))
                        })?,
                        other => return Err(Error::invalid(k, format!("must be a string, found {}", other.type_name()))),
                    }
                }
                "learning_rate" => c.learning_rate = read_number(k, v)?,
                "learning_rates" => c.learning_rates = read_learning_rates(k, v)?,
                "min_learning_rate" => c.min_learning_rate = Some(read_number(k, v)?),
                "learning_rate_decay" => c.learning_rate_decay = Some(read_factor(k, v)?),
                "newbob_learning_rate_decay" => c.newbob_learning_rate_decay = Some(read_factor(k, v)?),
                "learning_rate_growth" => c.learning_rate_growth = Some(read_factor(k, v)?),
                "newbob_learning_rate_growth" => c.newbob_learning_rate_growth = Some(read_factor(k, v)?),
                "newbob_relative_error_threshold" => c.newbob_relative_error_threshold = Some(read_number(k, v)?),
                "newbob_relative_error_grow_threshold" => c.newbob_relative_error_grow_threshold = Some(read_number(k, v)?),
                "newbob_error_threshold" => c.newbob_error_threshold = Some(read_number(k, v)?),
                "newbob_multi_num_epochs" => c.newbob_multi_num_epochs = Some(read_int(k, v)?),
                "newbob_multi_update_interval" => c.newbob_multi_update_interval = Some(read_int(k, v)?),
                "newbob_relative_error_div_by_old" => c.newbob_relative_error_div_by_old = read_bool(k, v)?,
                "learning_rate_control_error_measure" => c.error_measure = read_error_measure(k, v)?,
                "learning_rate_control_relative_error_relative_lr" => c.relative_error_relative_lr = read_bool(k, v)?,
                "learning_rate_control_min_num_epochs_per_new_lr" => c.min_num_epochs_per_new_lr = Some(read_int(k, v)?),
                "learning_rate_file" => {
                    c.learning_rate_file = match v {
                        PyValue::None => None,
                        PyValue::Str(p) => Some(p.clone()),
                        other => return Err(Error::invalid(k, format!("must be a path string, found {}", other.type_name()))),
                    }
                }
                "optimizer" => {
                    s.optimizer = OptimizerSettings::from_py(v, k)?;
                    s.assigned.optimizer = true;
                }
                "gradient_clip" => s.gradient.clip = Some(read_number(k, v)?),
                "gradient_clip_global_norm" => s.gradient.clip_global_norm = Some(read_number(k, v)?),
                "gradient_noise" => s.gradient.noise = Some(read_number(k, v)?),
                "accum_grad_multiple_step" => s.gradient.accum_grad_multiple_step = Some(read_int(k, v)?),
                "num_epochs" => {
                    s.run.num_epochs = read_int(k, v)?;
                    s.assigned.num_epochs = true;
                }
                _ => {
                    s.other.insert(key.clone(), py_to_json(v));
                }
            }
        }
        match schedule {
            Some(schedule) => {
                let mut step = StepScheduleSettings::new(schedule);
                for (k, v) in step_keys {
                    step.set(k, v)?;
                }
                s.step_schedule = Some(step);
            }
            // Without dynamic_learning_rate RETURNN reads none of them: kept as other keys.
            None => {
                for (k, v) in step_keys {
                    s.other.insert(k.clone(), py_to_json(v));
                }
            }
        }
        Ok(s)
    }

    /// The same settings with every knob that equals RETURNN's default unset (same type and
    /// value, e.g. `newbob_learning_rate_decay = 0.5`), and empty presets dropped: what the
    /// exporter writes and what an import of the export gives back.
    pub fn normalized(&self) -> Settings {
        fn drop_eq(v: &mut Option<Number>, default: f64) {
            if matches!(v, Some(Number::Float(f)) if f.to_bits() == default.to_bits()) {
                *v = None;
            }
        }
        fn drop_factor(v: &mut Option<Factor>, default: f64) {
            if matches!(v, Some(Factor::Value(Number::Float(f))) if f.to_bits() == default.to_bits()) {
                *v = None;
            }
        }
        let mut s = self.clone();
        let c = &mut s.lr_control;
        if c.learning_rates.as_ref().is_some_and(LearningRates::is_empty) {
            c.learning_rates = None;
        }
        drop_eq(&mut c.min_learning_rate, 0.0);
        // `learning_rate_decay` overrides the newbob_ name; only the newbob_ default is implicit.
        drop_factor(&mut c.newbob_learning_rate_decay, 0.5);
        drop_factor(&mut c.newbob_learning_rate_growth, 1.0);
        // (the grow threshold defaults to the threshold's value, so -0.01 stays implied)
        drop_eq(&mut c.newbob_relative_error_threshold, -0.01);
        drop_eq(&mut c.newbob_error_threshold, -0.01);
        if c.newbob_multi_num_epochs == Some(5) {
            c.newbob_multi_num_epochs = None;
        }
        for b in [&mut c.newbob_relative_error_div_by_old, &mut c.relative_error_relative_lr] {
            if *b == Some(false) {
                *b = None;
            }
        }
        if c.min_num_epochs_per_new_lr == Some(0) {
            c.min_num_epochs_per_new_lr = None;
        }
        if c.learning_rate_file.as_deref() == Some("") {
            c.learning_rate_file = None;
        }
        if let Some(step) = &mut s.step_schedule {
            if step.by_epoch_continuous == Some(false) {
                step.by_epoch_continuous = None;
            }
        }
        if s.gradient.accum_grad_multiple_step == Some(1) {
            s.gradient.accum_grad_multiple_step = None;
        }
        for g in [&mut s.gradient.clip, &mut s.gradient.clip_global_norm, &mut s.gradient.noise] {
            drop_eq(g, 0.0);
        }
        s
    }
}
