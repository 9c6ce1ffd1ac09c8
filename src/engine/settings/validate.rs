//! What the simulator rejects ([`Settings::validate`]) and the traps RETURNN users fall into
//! ([`Settings::warnings`]).
#[allow(unused_imports)]
use super::*;

impl Settings {
    /// Checks what the simulator needs (RETURNN-level errors such as an int learning rate are
    /// not rejected here: the LR control raises them as RETURNN would, and [`warnings`](Self::warnings)
    /// flags them up front).
    pub fn validate(&self) -> Result<()> {
        let r = &self.run;
        if !(1..=MAX_EPOCHS).contains(&r.num_epochs) {
            return Err(Error::invalid("num_epochs", format!("must be between 1 and {MAX_EPOCHS}, found {}", r.num_epochs)));
        }
        if let Mode::ScoresOnly { dev_scores, train_scores } = &self.mode {
            if dev_scores.is_empty() {
                return Err(Error::invalid("dev_scores", "needs at least one score"));
            }
            // One epoch per score: the same bound as num_epochs.
            if dev_scores.len() > MAX_EPOCHS as usize {
                return Err(Error::Limit { what: "dev_scores (one epoch each)".into(), limit: MAX_EPOCHS as usize });
            }
            if let Some(t) = train_scores {
                if t.len() != dev_scores.len() {
                    return Err(Error::invalid("train_scores", format!("has {} entries but dev_scores has {}", t.len(), dev_scores.len())));
                }
            }
            return self.validate_step_schedule();
        }
        if r.steps_per_epoch < 1 {
            return Err(Error::invalid("steps_per_epoch", format!("must be at least 1, found {}", r.steps_per_epoch)));
        }
        let updates = r.num_epochs.saturating_mul(r.steps_per_epoch);
        if updates > MAX_UPDATES {
            return Err(Error::Limit { what: "num_epochs × steps_per_epoch".into(), limit: MAX_UPDATES as usize });
        }
        let accum = self.gradient.accum_grad_multiple_step.unwrap_or(1).max(1);
        let dim = i64::try_from(r.surface.dim()).unwrap_or(i64::MAX);
        if updates.saturating_mul(accum).saturating_mul(dim) > MAX_WORK {
            return Err(Error::Limit { what: "num_epochs × steps_per_epoch × accum_grad_multiple_step × surface dimension".into(), limit: MAX_WORK as usize });
        }
        for (field, v) in [("batch_noise", r.batch_noise), ("dev_noise", r.dev_noise)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::invalid(field, format!("must be a finite number >= 0, found {}", crate::py::value::float_repr(v))));
            }
        }
        if r.batch_size < 1 {
            return Err(Error::invalid("batch_size", "must be at least 1"));
        }
        r.surface.validate()?;
        if !r.start.is_empty() && r.start.len() != r.surface.dim() {
            return Err(Error::invalid("start", format!("has {} coordinates but the surface has {}", r.start.len(), r.surface.dim())));
        }
        if !r.generalization_gap.is_finite() {
            return Err(Error::invalid("generalization_gap", "must be finite"));
        }
        if r.start.iter().any(|x| !x.is_finite()) {
            return Err(Error::invalid("start", "every coordinate must be finite"));
        }
        if let Some(a) = self.gradient.accum_grad_multiple_step {
            if a < 1 {
                return Err(Error::invalid("accum_grad_multiple_step", format!("must be at least 1, found {a}")));
            }
        }
        for (field, v) in [("gradient_clip", self.gradient.clip), ("gradient_clip_global_norm", self.gradient.clip_global_norm), ("gradient_noise", self.gradient.noise)] {
            if let Some(n) = v {
                let f = n.as_f64();
                if !(f.is_finite() && f >= 0.0) {
                    return Err(Error::invalid(field, format!("must be a finite number >= 0, found {n}")));
                }
            }
        }
        self.validate_step_schedule()
    }

    /// A step-level schedule RETURNN would reject in the run: `Error::Invalid` on the key, with
    /// the Python exception type and its message (scores-only runs check it too).
    pub fn validate_step_schedule(&self) -> Result<()> {
        match self.step_schedule.as_ref().and_then(StepScheduleSettings::problem) {
            Some(p) => Err(p.to_error()),
            None => Ok(()),
        }
    }

    /// The traps in these settings (nothing here stops a run; RETURNN would run or raise exactly
    /// as described).
    pub fn warnings(&self) -> Vec<Warning> {
        let mut w = Vec::new();
        let mut add = |field: &str, message: String| w.push(Warning { field: field.into(), message });
        let c = &self.lr_control;
        if let Number::Int(i) = c.learning_rate {
            add("learning_rate", format!("learning_rate = {i} is an int: RETURNN raises TypeError when an epoch first uses it; write {}", Number::Int(i).to_float()));
        }
        if let Some(lrs) = &c.learning_rates {
            for (e, n) in lrs.entries() {
                if n.is_int() {
                    add("learning_rates", format!("the preset for epoch {e} ({n}) is an int: RETURNN raises TypeError when the control is built; write {}", n.to_float()));
                }
            }
        }
        if let Some(Number::Int(i)) = c.min_learning_rate {
            add("min_learning_rate", format!("min_learning_rate = {i} is an int: if a decay reaches it, RETURNN stores the int and raises TypeError; write {}", Number::Int(i).to_float()));
        }
        for (key, f) in [
            ("learning_rate_decay", c.learning_rate_decay),
            ("newbob_learning_rate_decay", c.newbob_learning_rate_decay),
            ("learning_rate_growth", c.learning_rate_growth),
            ("newbob_learning_rate_growth", c.newbob_learning_rate_growth),
        ] {
            if let Some(Factor::Value(Number::Int(i))) = f {
                add(key, format!("{key} = {i} is an int: RETURNN raises AssertionError the first time it is applied; write {}", Number::Int(i).to_float()));
            }
        }
        // A decay factor <= 0: RETURNN multiplies the LR by it all the same (spec 5.2).
        for (key, f) in [("learning_rate_decay", c.learning_rate_decay), ("newbob_learning_rate_decay", c.newbob_learning_rate_decay)] {
            if key == "newbob_learning_rate_decay" && c.learning_rate_decay.is_some() {
                continue;
            }
            if let Some(Factor::Value(n)) = f {
                let v = n.as_f64();
                let min = c.min_learning_rate.map_or(0.0, Number::as_f64);
                let clamp = if min > 0.0 {
                    format!(", and then the min_learning_rate clamp sets it to {} (every decay lands on the minimum)", Number::Float(min))
                } else {
                    String::new()
                };
                if v == 0.0 {
                    add(key, format!("{key} = {n}: RETURNN multiplies the LR by 0 at the first decay, so the LR becomes 0.0 and stays there (training stops moving){clamp}"));
                } else if v < 0.0 {
                    add(key, format!("{key} = {n} is negative: RETURNN multiplies the LR by it at each decay, so the LR turns negative (the optimizer then steps up the gradient) and flips sign at every further decay{clamp}"));
                }
            }
        }
        if c.learning_rate_decay.is_some() && c.newbob_learning_rate_decay.is_some() {
            add("newbob_learning_rate_decay", "ignored: learning_rate_decay takes precedence".into());
        }
        if c.learning_rate_growth.is_some() && c.newbob_learning_rate_growth.is_some() {
            add("newbob_learning_rate_growth", "ignored: learning_rate_growth takes precedence".into());
        }
        if let Some(min) = c.min_learning_rate {
            let start = c.learning_rates.as_ref().and_then(|l| l.entries().first().map(|(_, n)| n.as_f64())).unwrap_or(c.learning_rate.as_f64());
            if min.as_f64() > start {
                add("min_learning_rate", format!("min_learning_rate {min} is above the start LR {}: the first decay raises the LR to the minimum", Number::Float(start)));
            }
        }
        if c.scheme == Scheme::NewbobMultiEpoch {
            let thr = c.newbob_relative_error_threshold.map_or(-0.01, Number::as_f64);
            let grow = c.newbob_relative_error_grow_threshold.map_or(thr, Number::as_f64);
            if grow > thr {
                add("newbob_relative_error_grow_threshold", format!("grow threshold {} is above the decay threshold {}: a mean relative error between them makes RETURNN raise AssertionError (decay and grow at once)", Number::Float(grow), Number::Float(thr)));
            }
            if let Some(n) = c.newbob_multi_num_epochs {
                if n < 1 {
                    add("newbob_multi_num_epochs", format!("must be >= 1 (RETURNN raises AssertionError), found {n}"));
                }
            }
            if let Some(n) = c.newbob_multi_update_interval {
                if n < 1 {
                    add("newbob_multi_update_interval", format!("must be >= 1 (RETURNN raises AssertionError), found {n}"));
                }
            }
        }
        let set_keys: Vec<String> = self.to_config().into_iter().map(|(k, _)| k).collect();
        for knob in keys::lr_control_keys() {
            if set_keys.iter().any(|k| k == knob.name) && !knob.used_by(c.scheme) {
                add(knob.name, format!("ignored by learning_rate_control = {:?}", c.scheme.name()));
            }
        }
        let other: Vec<(String, PyValue)> = self.other.iter().map(|(k, v)| (k.clone(), json_to_py_for_key(k, v))).collect();
        for note in tf_only_options(&other) {
            let raises = note.error.map(|e| format!(" (RETURNN's torch backend raises {e})")).unwrap_or_default();
            add(&note.key, format!("{}{raises}", note.message));
        }
        for (key, _) in &other {
            match key.as_str() {
                "use_learning_rate_control_always" | "pretrain_learning_rate" => {
                    add(key, "TF backend only (pretraining): the torch engine asks the LR control for every epoch".into())
                }
                "relative_error_div_by_old" => add(key, "ignored: the key RETURNN reads is newbob_relative_error_div_by_old".into()),
                _ => {}
            }
        }
        if let Some(step) = &self.step_schedule {
            for k in keys::step_keys() {
                if set_keys.iter().any(|s| s == k.name) && !step.reads(k.name) {
                    add(k.name, format!("not read by dynamic_learning_rate = {}", step.schedule.name()));
                }
            }
            if c.scheme != Scheme::Constant || c.learning_rates.is_some() {
                add(
                    "dynamic_learning_rate",
                    format!("the epoch's LR from the LR control ({}) is the learning_rate the schedule multiplies: every step's LR is the schedule's factor times it", c.scheme.name()),
                );
            }
        } else {
            for k in keys::step_keys().filter(|k| self.other.contains_key(k.name)) {
                add(k.name, "ignored: dynamic_learning_rate is not set".into());
            }
        }
        for bad in ["lr", "learning_rate"] {
            if self.optimizer.kwarg(bad).is_some() {
                add("optimizer", format!("{bad:?} inside the optimizer dict raises ValueError in RETURNN: the LR comes from learning_rate / the LR control"));
            }
        }
        if let Mode::ScoresOnly { dev_scores, train_scores } = &self.mode {
            let nan_epochs: Vec<String> = dev_scores
                .iter()
                .chain(train_scores.iter().flatten())
                .enumerate()
                .filter(|(_, s)| s.is_nan())
                .map(|(i, _)| ((i % dev_scores.len().max(1)) + 1).to_string())
                .collect();
            if !nan_epochs.is_empty() {
                add("dev_scores", format!("NaN score(s) at epoch(s) {}: a relative error with NaN never decays (and grows when the growth factor is not 1.0)", nan_epochs.join(", ")));
            }
        }
        w
    }
}
