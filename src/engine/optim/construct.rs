//! The config enum and RETURNN's construction rules (`returnn/torch/updater.py`): keyword
//! checks, parameter groups, `epsilon` → `eps`, the constructor call RETURNN makes.
#[allow(unused_imports)]
use super::*;

/// A usable optimizer with its hyper-parameters (torch names and defaults).
#[derive(Clone, Debug, PartialEq)]
pub enum OptimizerConfig {
    /// `torch.optim.SGD`.
    Sgd(SgdConfig),
    /// `torch.optim.Adam`.
    Adam(AdamConfig),
    /// `torch.optim.AdamW`: always `decoupled_weight_decay = true`.
    AdamW(AdamConfig),
    /// `torch.optim.Adamax`.
    Adamax(AdamaxConfig),
    /// `torch.optim.NAdam`.
    NAdam(NAdamConfig),
    /// `torch.optim.RAdam`.
    RAdam(RAdamConfig),
    /// `torch.optim.RMSprop`.
    RmsProp(RmsPropConfig),
    /// `torch.optim.Adagrad`.
    Adagrad(AdagradConfig),
    /// `torch.optim.Adadelta`.
    Adadelta(AdadeltaConfig),
    /// `torch.optim.ASGD`.
    Asgd(AsgdConfig),
    /// `torch.optim.Rprop`.
    Rprop(RpropConfig),
    /// `torch.optim.Adafactor`.
    Adafactor(AdafactorConfig),
    /// RETURNN's `returnn.torch.optim.lion.Lion`.
    Lion(LionConfig),
}

/// Resolved hyper-parameters as `(torch keyword, Python value)` pairs, for display and comparison.
pub type HyperParams = Vec<(&'static str, PyValue)>;

impl OptimizerConfig {
    /// The class with torch's defaults; `None` for the unusable classes.
    pub fn default_for(kind: OptimizerKind) -> Option<OptimizerConfig> {
        Some(match kind {
            OptimizerKind::Sgd => OptimizerConfig::Sgd(SgdConfig::default()),
            OptimizerKind::Adam => OptimizerConfig::Adam(AdamConfig::default()),
            OptimizerKind::AdamW => OptimizerConfig::AdamW(AdamConfig::adamw()),
            OptimizerKind::Adamax => OptimizerConfig::Adamax(AdamaxConfig::default()),
            OptimizerKind::NAdam => OptimizerConfig::NAdam(NAdamConfig::default()),
            OptimizerKind::RAdam => OptimizerConfig::RAdam(RAdamConfig::default()),
            OptimizerKind::RmsProp => OptimizerConfig::RmsProp(RmsPropConfig::default()),
            OptimizerKind::Adagrad => OptimizerConfig::Adagrad(AdagradConfig::default()),
            OptimizerKind::Adadelta => OptimizerConfig::Adadelta(AdadeltaConfig::default()),
            OptimizerKind::Asgd => OptimizerConfig::Asgd(AsgdConfig::default()),
            OptimizerKind::Rprop => OptimizerConfig::Rprop(RpropConfig::default()),
            OptimizerKind::Adafactor => OptimizerConfig::Adafactor(AdafactorConfig::default()),
            OptimizerKind::Lion => OptimizerConfig::Lion(LionConfig::default()),
            OptimizerKind::Lbfgs | OptimizerKind::SparseAdam | OptimizerKind::Muon | OptimizerKind::BaseOptimizer => {
                return None
            }
        })
    }

    /// The class this config is for (its row in [`OPTIMIZERS`] via [`OptimizerKind::info`]).
    pub fn kind(&self) -> OptimizerKind {
        match self {
            OptimizerConfig::Sgd(_) => OptimizerKind::Sgd,
            OptimizerConfig::Adam(_) => OptimizerKind::Adam,
            OptimizerConfig::AdamW(_) => OptimizerKind::AdamW,
            OptimizerConfig::Adamax(_) => OptimizerKind::Adamax,
            OptimizerConfig::NAdam(_) => OptimizerKind::NAdam,
            OptimizerConfig::RAdam(_) => OptimizerKind::RAdam,
            OptimizerConfig::RmsProp(_) => OptimizerKind::RmsProp,
            OptimizerConfig::Adagrad(_) => OptimizerKind::Adagrad,
            OptimizerConfig::Adadelta(_) => OptimizerKind::Adadelta,
            OptimizerConfig::Asgd(_) => OptimizerKind::Asgd,
            OptimizerConfig::Rprop(_) => OptimizerKind::Rprop,
            OptimizerConfig::Adafactor(_) => OptimizerKind::Adafactor,
            OptimizerConfig::Lion(_) => OptimizerKind::Lion,
        }
    }

    /// torch's class name (`"RMSprop"`).
    pub fn class_name(&self) -> &'static str {
        self.kind().info().name
    }

    /// RETURNN's `Updater._create_optimizer` for an `optimizer` config value, with the
    /// constructor's checks: class lookup, `epsilon`→`eps`, `lr`/`learning_rate` in the dict,
    /// the `weight_decay` assertion, unexpected keywords (TypeError), torch's value checks
    /// (ValueError) — each with the exception type and message Python would give.
    /// `learning_rate` is the initial LR RETURNN passes as `lr`.
    pub fn from_returnn(optimizer: &PyValue, learning_rate: f64) -> Result<OptimizerConfig> {
        let (info, kwargs) = returnn_constructor_call(optimizer, learning_rate)?;
        // Python binds the keywords first: the first unknown one is a TypeError.
        if let Some((k, _)) = kwargs.iter().find(|(k, _)| info.kwarg(k).is_none()) {
            return Err(unexpected_keyword(info, k));
        }
        let Some(mut config) = OptimizerConfig::default_for(info.kind) else {
            return Err(unusable_error(info, learning_rate, &kwargs));
        };
        for (k, v) in &kwargs {
            config.set_kwarg(k, v)?;
        }
        check_flags(info, &kwargs)?;
        config.validate_with(learning_rate, &AsGiven { kwargs: &kwargs })?;
        Ok(config)
    }

    /// Sets one keyword argument from a Python value, as the constructor would take it (for
    /// forms). A keyword the class does not have is torch's TypeError. Values are not
    /// validated here: [`Optimizer::new`] does that.
    pub fn set_kwarg(&mut self, key: &str, v: &PyValue) -> Result<()> {
        let info = self.kind().info();
        if info.kwarg(key).is_none() {
            return Err(unexpected_keyword(info, key));
        }
        match self {
            OptimizerConfig::Sgd(c) => c.set(key, v),
            OptimizerConfig::Adam(c) => c.set(key, v),
            OptimizerConfig::AdamW(c) => c.set(key, v),
            OptimizerConfig::Adamax(c) => c.set(key, v),
            OptimizerConfig::NAdam(c) => c.set(key, v),
            OptimizerConfig::RAdam(c) => c.set(key, v),
            OptimizerConfig::RmsProp(c) => c.set(key, v),
            OptimizerConfig::Adagrad(c) => c.set(key, v),
            OptimizerConfig::Adadelta(c) => c.set(key, v),
            OptimizerConfig::Asgd(c) => c.set(key, v),
            OptimizerConfig::Rprop(c) => c.set(key, v),
            OptimizerConfig::Adafactor(c) => c.set(key, v),
            OptimizerConfig::Lion(c) => c.set(key, v),
        }
    }

    /// torch's constructor checks for this config and initial `lr` (ValueError with torch's
    /// message; Lion: AssertionError).
    pub fn validate(&self, lr: f64) -> Result<()> {
        self.validate_with(lr, &AsFloat)
    }

    fn validate_with(&self, lr: f64, s: &dyn Show) -> Result<()> {
        match self {
            OptimizerConfig::Sgd(c) => c.validate(lr, s),
            OptimizerConfig::Adam(c) | OptimizerConfig::AdamW(c) => c.validate(lr, s),
            OptimizerConfig::Adamax(c) => c.validate(lr, s),
            OptimizerConfig::NAdam(c) => c.validate(lr, s),
            OptimizerConfig::RAdam(c) => c.validate(lr, s),
            OptimizerConfig::RmsProp(c) => c.validate(lr, s),
            OptimizerConfig::Adagrad(c) => c.validate(lr, s),
            OptimizerConfig::Adadelta(c) => c.validate(lr, s),
            OptimizerConfig::Asgd(c) => c.validate(lr, s),
            OptimizerConfig::Rprop(c) => c.validate(lr, s),
            OptimizerConfig::Adafactor(c) => c.validate(lr, s),
            OptimizerConfig::Lion(c) => c.validate(lr, s),
        }
    }

    /// The resolved hyper-parameters (torch's param-group keys, without `lr` and the flags).
    pub fn hyper_parameters(&self) -> HyperParams {
        match self {
            OptimizerConfig::Sgd(c) => c.hyper(),
            OptimizerConfig::Adam(c) | OptimizerConfig::AdamW(c) => c.hyper(),
            OptimizerConfig::Adamax(c) => c.hyper(),
            OptimizerConfig::NAdam(c) => c.hyper(),
            OptimizerConfig::RAdam(c) => c.hyper(),
            OptimizerConfig::RmsProp(c) => c.hyper(),
            OptimizerConfig::Adagrad(c) => c.hyper(),
            OptimizerConfig::Adadelta(c) => c.hyper(),
            OptimizerConfig::Asgd(c) => c.hyper(),
            OptimizerConfig::Rprop(c) => c.hyper(),
            OptimizerConfig::Adafactor(c) => c.hyper(),
            OptimizerConfig::Lion(c) => c.hyper(),
        }
    }

    /// The RETURNN `optimizer` dict for this config: `{"class": <torch name>, ...}` with only
    /// the keywords that differ from torch's defaults (tuples as tuples). Feeding it back to
    /// [`OptimizerConfig::from_returnn`] gives this config again.
    pub fn to_returnn(&self) -> PyValue {
        let class = match self.kind() {
            OptimizerKind::Lion => "returnn.torch.optim.lion.Lion".to_string(),
            k => k.info().name.to_string(),
        };
        let mut items = vec![(PyValue::Str("class".into()), PyValue::Str(class))];
        let defaults = OptimizerConfig::default_for(self.kind()).map(|d| d.hyper_parameters()).unwrap_or_default();
        let is_adamw = self.kind() == OptimizerKind::AdamW;
        for (k, v) in self.hyper_parameters() {
            if is_adamw && k == "decoupled_weight_decay" {
                continue;
            }
            let same = defaults.iter().any(|(dk, dv)| *dk == k && dv == &v);
            if !same {
                items.push((PyValue::Str(k.into()), v));
            }
        }
        PyValue::Dict(items)
    }
}

/// What RETURNN's `Updater._create_optimizer` hands to the constructor: the resolved class and
/// the exact keyword arguments (after `epsilon`→`eps`, with `lr` = `learning_rate` appended and
/// the param-group options consumed), or the error RETURNN raises before calling it.
pub fn returnn_constructor_call(
    optimizer: &PyValue,
    learning_rate: f64,
) -> Result<(&'static OptimizerInfo, Vec<(String, PyValue)>)> {
    let items = match optimizer {
        PyValue::Dict(items) => items,
        PyValue::None => {
            return Err(Error::py(
                PyExc::ValueError,
                "config field 'optimizer' needs to be set explicitely for the Torch backend",
            ))
        }
        _ => {
            return Err(Error::py(
                PyExc::ValueError,
                "'optimizer' must of type dict, callable or torch.optim.Optimizer instance.",
            ))
        }
    };
    let mut kwargs: Vec<(String, PyValue)> = Vec::with_capacity(items.len() + 1);
    let mut class = None;
    for (k, v) in items {
        match k {
            PyValue::Str(s) if s == "class" => class = Some(v),
            PyValue::Str(s) => kwargs.push((s.clone(), v.clone())),
            _ => return Err(Error::py(PyExc::TypeError, "keywords must be strings")),
        }
    }
    let class = class.ok_or_else(|| {
        Error::py(PyExc::ValueError, "'class' field of 'optimizer' dict was not set (use e.g. 'SGD', 'Adam', ...)")
    })?;
    let info = match class {
        PyValue::Str(s) => resolve_class_name(s)?,
        other => {
            return Err(Error::py(
                PyExc::TypeError,
                format!("Invalid optimizer class_name {} type {}", other.repr(), other.type_name()),
            ))
        }
    };
    // epsilon → eps, only where the class (MRO) has eps; epsilon overwrites eps.
    if info.init_kwargs.contains(&"eps") {
        if let Some(pos) = kwargs.iter().position(|(k, _)| k == "epsilon") {
            let (_, v) = kwargs.remove(pos);
            match kwargs.iter_mut().find(|(k, _)| k == "eps") {
                Some(slot) => slot.1 = v,
                None => kwargs.push(("eps".into(), v)),
            }
        }
    }
    if kwargs.iter().any(|(k, _)| k == "learning_rate" || k == "lr") {
        return Err(Error::py(PyExc::ValueError, "'learning_rate' should be set outside of the 'optimizer' dict."));
    }
    kwargs.push(("lr".into(), PyValue::Float(learning_rate)));
    param_groups(info, &mut kwargs)?;
    Ok((info, kwargs))
}

/// RETURNN's `_get_optimizer_param_groups` as far as it can fail or change the keywords.
pub(crate) fn param_groups(info: &OptimizerInfo, kwargs: &mut Vec<(String, PyValue)>) -> Result<()> {
    if let Some(pos) = kwargs.iter().position(|(k, _)| k == "param_groups_custom") {
        let (_, v) = kwargs.remove(pos);
        if !matches!(v, PyValue::None) {
            // A config value here is never callable.
            return Err(Error::py(PyExc::AssertionError, format!("invalid param_groups_custom {}", v.repr())));
        }
    }
    if !info.init_kwargs.contains(&"weight_decay") {
        if kwargs.iter().any(|(k, _)| k == "weight_decay") {
            let accepted: Vec<&str> = info.init_kwargs.to_vec();
            return Err(Error::py(
                PyExc::AssertionError,
                format!("weight_decay not accepted by the chosen optimizer. Accepted values: {}", accepted.join(", ")),
            ));
        }
        return Ok(());
    }
    let wd = kwargs.iter().find(|(k, _)| k == "weight_decay").map(|(_, v)| kwargs::truthy(v)).unwrap_or(false);
    if !wd {
        return Ok(());
    }
    // Two groups (decayed / not decayed); the reference parameter is always decayed. The two
    // options that steer the split are consumed here.
    kwargs.retain(|(k, _)| k != "weight_decay_modules_blacklist");
    if let Some(pos) = kwargs.iter().position(|(k, _)| k == "weight_decay_custom_include_check") {
        let (_, v) = kwargs.remove(pos);
        if kwargs::truthy(&v) {
            return Err(Error::py(
                PyExc::AssertionError,
                format!("invalid weight_decay_custom_include_check {}", v.repr()),
            ));
        }
    }
    Ok(())
}

/// Python's TypeError for a keyword the constructor does not take.
pub(crate) fn unexpected_keyword(info: &OptimizerInfo, key: &str) -> Error {
    Error::py(PyExc::TypeError, format!("{}.__init__() got an unexpected keyword argument {}", info.name, str_repr(key)))
}

/// The `fused`/`foreach`/`differentiable` combinations torch rejects at construction.
pub(crate) fn check_flags(info: &OptimizerInfo, kwargs: &[(String, PyValue)]) -> Result<()> {
    let on = |name: &str| kwargs.iter().rev().find(|(k, _)| k == name).map(|(_, v)| kwargs::truthy(v)).unwrap_or(false);
    if info.kwarg("fused").is_some() && on("fused") {
        if on("differentiable") {
            return Err(Error::py(PyExc::RuntimeError, "`fused` does not support `differentiable`"));
        }
        if on("foreach") {
            return Err(Error::py(PyExc::RuntimeError, "`fused` and `foreach` cannot be `True` together."));
        }
    }
    Ok(())
}

/// What happens with the classes RETURNN resolves but cannot train with.
pub(crate) fn unusable_error(info: &OptimizerInfo, lr: f64, kwargs: &[(String, PyValue)]) -> Error {
    let show = AsGiven { kwargs };
    let bad_lr = || Error::py(PyExc::ValueError, format!("Invalid learning rate: {}", show.show("lr", lr)));
    match info.kind {
        OptimizerKind::Lbfgs => {
            if lr < 0.0 || lr.is_nan() {
                return bad_lr();
            }
            Error::py(PyExc::TypeError, "LBFGS.step() missing 1 required positional argument: 'closure'")
        }
        OptimizerKind::SparseAdam => {
            if lr < 0.0 || lr.is_nan() {
                return bad_lr();
            }
            Error::py(PyExc::RuntimeError, "SparseAdam does not support dense gradients, please consider Adam instead")
        }
        OptimizerKind::Muon => {
            // torch's Muon checks lr, momentum and weight decay, then the parameter shapes.
            let given = |key: &str, default: f64| {
                kwargs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| kwargs::float(v)).unwrap_or(Ok(default))
            };
            let checks = [("lr", "Learning rate", lr), ("momentum", "momentum", 0.95), ("weight_decay", "weight decay", 0.1)];
            for (key, label, default) in checks {
                match given(key, default) {
                    Err(e) => return e,
                    Ok(x) if x < 0.0 || x.is_nan() => {
                        return Error::py(PyExc::ValueError, format!("{label} should be >= 0 but is: {}", show.show(key, x)))
                    }
                    Ok(_) => {}
                }
            }
            Error::py(
                PyExc::ValueError,
                "Muon only supports 2D parameters whereas we found a parameter with size: torch.Size([2])",
            )
        }
        _ => Error::py(PyExc::TypeError, "Optimizer.__init__() missing 1 required positional argument: 'defaults'"),
    }
}
