//! RETURNN's learning-rate control (constant, newbob_rel, newbob_abs, newbob_multi_epoch), exact.
//!
//! Mirrors `returnn/learning_rate_control.py` (spec `returnn-lr-control.md`, sections 2-7):
//! [`LrControl::from_config`] builds the control from a config map (loading an existing
//! `learning_rate_file` first, then the `learning_rates` presets), then per epoch the training loop
//! calls [`LrControl::learning_rate_for_epoch`] and [`LrControl::set_epoch_error`]. The per-epoch
//! table is RETURNN's `epoch_data` ([`EpochData`]), so [`LrControl::saved_table`] written by
//! `returnn::lr_file::write` is exactly what RETURNN's `save()` writes. Every LR decision is recorded as a [`Decision`] by the rule code
//! itself. Whatever RETURNN raises comes back as [`Error::Python`] with the stage and epoch.
mod constant;
pub mod decision;
mod epoch_data;
mod history;
mod key;
mod newbob_abs;
mod newbob_multi_epoch;
mod newbob_rel;
mod presets;
pub mod driver;

pub use decision::{explain, Comparison, Decision, Divisor, KeyChoice, KeySource, LrScale, Origin, Outcome, Verdict};
pub use history::numpy_mean;
pub use epoch_data::{EpochData, LrFile};
pub use key::{Key, KeyTable};
pub use driver::{error_parts, replay_lr_file, run_scenario, run_scenario_owned, ReplayOutcome, Scenario, ScenarioEpoch};

use crate::py::error::{Error, PyExc, Result, Stage};
use crate::py::value::PyValue;
use crate::py::typed_config::{py_truthy, TypedConfig};
use std::collections::BTreeMap;

/// The scheme (RETURNN class) and its own settings.
#[derive(Clone, Debug, PartialEq)]
pub enum Scheme {
    /// `constant` (`ConstantLearningRate`, spec section 5.4): no keys of its own.
    Constant,
    /// `newbob`, `newbob_rel`, `newbob_relative` (`NewbobRelative`, spec section 5.5).
    NewbobRel {
        /// `newbob_relative_error_threshold` (float reader, default `-0.01`): decay iff the
        /// relative error is `>` it.
        threshold: PyValue,
    },
    /// `newbob_abs` (`NewbobAbs`, spec section 5.6).
    NewbobAbs {
        /// `newbob_error_threshold` (float reader, default `-0.01`): decay iff the score
        /// difference is `>` it.
        threshold: PyValue,
    },
    /// `newbob_multi_epoch` (`NewbobMultiEpoch`, spec section 5.7).
    NewbobMultiEpoch {
        /// `newbob_multi_num_epochs` (int reader, default `5`, ≥ 1): the window holds the last
        /// `num_epochs + 1` epochs, i.e. up to `num_epochs` relative errors.
        num_epochs: i64,
        /// `newbob_multi_update_interval` (int reader, default `num_epochs`, ≥ 1): updates only at
        /// epochs `e` with `e mod interval == 1` (epochs, not steps).
        update_interval: i64,
        /// `newbob_relative_error_threshold` (float reader, default `-0.01`): decay iff the mean
        /// relative error is `>` it.
        threshold: PyValue,
        /// `newbob_relative_error_grow_threshold` (float reader, default `threshold`): grow iff
        /// the mean is `<` it.
        grow_threshold: PyValue,
    },
}

impl Scheme {
    /// RETURNN's class name.
    pub fn class_name(&self) -> &'static str {
        match self {
            Scheme::Constant => "ConstantLearningRate",
            Scheme::NewbobRel { .. } => "NewbobRelative",
            Scheme::NewbobAbs { .. } => "NewbobAbs",
            Scheme::NewbobMultiEpoch { .. } => "NewbobMultiEpoch",
        }
    }
}

/// RETURNN's `LearningRateControl` object: settings, the per-epoch table and the decisions.
#[derive(Clone, Debug, PartialEq)]
pub struct LrControl {
    /// `learning_rate_control` (value reader, default `"constant"`) with its scheme's own keys.
    pub scheme: Scheme,
    /// `learning_rate` (float reader: a float, or an int/bool/None kept as RETURNN keeps it;
    /// default `1.0`): the LR of epoch 1 and of any epoch without an earlier LR (spec section 2).
    pub default_lr: PyValue,
    /// `min_learning_rate` (default `0.0`): the clamp applied only right after a decay (spec
    /// section 5.2).
    pub min_lr: PyValue,
    /// `learning_rate_control_error_measure` (None, a str, a list, or anything else; default
    /// `None`, the default key search of spec section 4).
    pub error_measure: PyValue,
    /// `learning_rate_control_relative_error_relative_lr` (default `False`): scale relative
    /// errors by `default_lr / lr` (spec section 5.1).
    pub relative_lr: bool,
    /// `learning_rate_control_min_num_epochs_per_new_lr` (an int, or None; default `0`): keep a
    /// new LR for at least this many epochs when > 1 (spec section 5.3).
    pub min_num_epochs: PyValue,
    /// `newbob_relative_error_div_by_old` (default `False`): divide by `|old score|` instead of
    /// `|new score|` (spec section 5.1).
    pub div_by_old: bool,
    /// The decay factor (`learning_rate_decay`, else `newbob_learning_rate_decay`, default
    /// `0.5`; `None` = no change; an int fails an assertion when applied, spec section 5.2).
    pub decay: PyValue,
    /// The growth factor (`learning_rate_growth`, else `newbob_learning_rate_growth`, default
    /// `1.0`; same types as the decay factor).
    pub growth: PyValue,
    /// `learning_rate_file` (None when unset or empty: nothing is saved).
    pub filename: Option<String>,
    /// RETURNN's `epoch_data`.
    pub epoch_data: LrFile,
    origins: BTreeMap<i64, Origin>,
    decisions: BTreeMap<i64, Decision>,
}

fn num_or_type_error(v: &PyValue, what: &str) -> Result<f64> {
    history::num(v).ok_or_else(|| Error::py(PyExc::TypeError, format!("{what}: unsupported operand type {}", v.type_name())))
}

impl LrControl {
    /// `load_learning_rate_control_from_config(config)`, with `existing_file` as the content of
    /// `learning_rate_file` if that file exists (it is loaded only when the config names a file).
    /// Errors carry `Stage::Init`.
    pub fn from_config(cfg: &TypedConfig, existing_file: Option<&LrFile>) -> Result<LrControl> {
        Self::build(cfg, existing_file.map(Existing::Table)).map_err(|e| e.at(Stage::Init, None))
    }

    /// Like [`LrControl::from_config`], with the existing file as the caller read it: the table, or
    /// the exception RETURNN's loader raised for its text (`returnn::lr_file::load`). As in RETURNN,
    /// that exception surfaces only when the config names a file, after the config keys are read.
    pub fn from_existing(cfg: &TypedConfig, existing_file: Option<Existing<'_>>) -> Result<LrControl> {
        Self::build(cfg, existing_file).map_err(|e| e.at(Stage::Init, None))
    }

    fn build(cfg: &TypedConfig, existing_file: Option<Existing<'_>>) -> Result<LrControl> {
        let name = cfg.value("learning_rate_control", Some("constant")).unwrap_or_default();
        // The names `learning_rate_control` accepts: exact and case-sensitive (the one name table).
        if crate::engine::settings::Scheme::from_name(&name).is_none() {
            return Err(Error::py(PyExc::AssertionError, format!("unknown learning-rate-control type {name}")));
        }
        // load_initial_kwargs_from_config, in RETURNN's order.
        let default_lr = cfg.float("learning_rate", PyValue::Float(1.0))?;
        let min_lr = cfg.float("min_learning_rate", PyValue::Float(0.0))?;
        let typed_presets = cfg.typed("learning_rates", PyValue::None);
        let presets = if py_truthy(&typed_presets) { typed_presets } else { PyValue::List(cfg.float_list("learning_rates")?) };
        let typed_measure = cfg.typed("learning_rate_control_error_measure", PyValue::None);
        let error_measure = if py_truthy(&typed_measure) {
            typed_measure
        } else {
            cfg.value("learning_rate_control_error_measure", None).map(PyValue::Str).unwrap_or(PyValue::None)
        };
        let relative_lr = cfg.bool("learning_rate_control_relative_error_relative_lr", false)?.unwrap_or(false);
        let min_num_epochs = cfg.int("learning_rate_control_min_num_epochs_per_new_lr", PyValue::Int(0))?;
        let div_by_old = cfg.bool("newbob_relative_error_div_by_old", false)?.unwrap_or(false);
        let decay = cfg.typed("learning_rate_decay", cfg.opt_typed("newbob_learning_rate_decay", PyValue::Float(0.5)));
        let growth = cfg.typed("learning_rate_growth", cfg.opt_typed("newbob_learning_rate_growth", PyValue::Float(1.0)));
        let filename = cfg.value("learning_rate_file", None).filter(|f| !f.is_empty());
        let scheme_kwargs = match name.as_str() {
            "constant" => Scheme::Constant,
            "newbob_abs" => Scheme::NewbobAbs { threshold: cfg.float("newbob_error_threshold", PyValue::Float(-0.01))? },
            "newbob_multi_epoch" => {
                let num = cfg.int("newbob_multi_num_epochs", PyValue::Int(5))?;
                let interval = cfg.int("newbob_multi_update_interval", num.clone())?;
                let threshold = cfg.float("newbob_relative_error_threshold", PyValue::Float(-0.01))?;
                let grow_threshold = cfg.float("newbob_relative_error_grow_threshold", threshold.clone())?;
                // Checked after the base constructor (below).
                return Self::finish(
                    LrControl::base(default_lr, min_lr, error_measure, relative_lr, min_num_epochs, div_by_old, decay, growth, filename),
                    cfg,
                    existing_file,
                    &presets,
                )
                .and_then(|mut c| {
                    let num_epochs = positive_int(&num, "num_epochs")?;
                    let update_interval = positive_int(&interval, "update_interval")?;
                    c.scheme = Scheme::NewbobMultiEpoch { num_epochs, update_interval, threshold, grow_threshold };
                    Ok(c)
                });
            }
            _ => Scheme::NewbobRel { threshold: cfg.float("newbob_relative_error_threshold", PyValue::Float(-0.01))? },
        };
        let mut c = Self::finish(
            LrControl::base(default_lr, min_lr, error_measure, relative_lr, min_num_epochs, div_by_old, decay, growth, filename),
            cfg,
            existing_file,
            &presets,
        )?;
        c.scheme = scheme_kwargs;
        Ok(c)
    }

    #[allow(clippy::too_many_arguments)]
    fn base(
        default_lr: PyValue,
        min_lr: PyValue,
        error_measure: PyValue,
        relative_lr: bool,
        min_num_epochs: PyValue,
        div_by_old: bool,
        decay: PyValue,
        growth: PyValue,
        filename: Option<String>,
    ) -> LrControl {
        LrControl {
            scheme: Scheme::Constant,
            default_lr,
            min_lr,
            error_measure,
            relative_lr,
            min_num_epochs,
            div_by_old,
            decay,
            growth,
            filename,
            epoch_data: LrFile::new(),
            origins: BTreeMap::new(),
            decisions: BTreeMap::new(),
        }
    }

    /// The base constructor: load the file (if a file is configured), then apply the presets.
    fn finish(mut c: LrControl, cfg: &TypedConfig, existing_file: Option<Existing<'_>>, presets: &PyValue) -> Result<LrControl> {
        if c.filename.is_some() {
            let file = match existing_file {
                Some(Existing::Table(t)) => Some(t),
                Some(Existing::LoadError(e)) => return Err(e.clone()),
                None => None,
            };
            if let Some(file) = file {
                for (e, d) in file {
                    check_lr_type(&d.learning_rate)?;
                    c.epoch_data.insert(*e, d.clone());
                    c.origins.insert(*e, Origin::File);
                }
            }
        }
        if py_truthy(presets) {
            for (epoch, v) in presets::preset_items(presets, cfg)? {
                c.set_default_with_origin(epoch, v, Origin::Preset)?;
            }
        }
        Ok(c)
    }

    /// A control with the given scheme and RETURNN's defaults for everything else.
    pub fn with_scheme(scheme: Scheme, default_lr: f64) -> LrControl {
        let mut c = LrControl::base(
            PyValue::Float(default_lr),
            PyValue::Float(0.0),
            PyValue::None,
            false,
            PyValue::Int(0),
            false,
            PyValue::Float(0.5),
            PyValue::Float(1.0),
            None,
        );
        c.scheme = scheme;
        c
    }

    /// `get_learning_rate_for_epoch(epoch)` (spec section 3, step 2): the stored LR if the epoch
    /// has an entry, else the scheme's decision, stored. Errors carry `Stage::GetLearningRate`
    /// and the epoch; an epoch < 1 is an AssertionError.
    pub fn learning_rate_for_epoch(&mut self, epoch: i64) -> Result<PyValue> {
        self.get_lr(epoch).map_err(|e| e.at(Stage::GetLearningRate, Some(epoch.max(0) as u64)))
    }

    /// [`LrControl::learning_rate_for_epoch`] as float64.
    pub fn learning_rate_for_epoch_f64(&mut self, epoch: i64) -> Result<f64> {
        let v = self.learning_rate_for_epoch(epoch)?;
        Ok(history::num(&v).unwrap_or(f64::NAN))
    }

    fn get_lr(&mut self, epoch: i64) -> Result<PyValue> {
        if epoch < 1 {
            return Err(Error::py(PyExc::AssertionError, format!("epoch {epoch} < 1")));
        }
        if let Some(d) = self.epoch_data.get(&epoch) {
            let lr = d.learning_rate.clone();
            if !self.decisions.contains_key(&epoch) {
                let mut dec = Decision::new(epoch, self.scheme.class_name());
                dec.verdict = Verdict::Stored { origin: self.origins.get(&epoch).copied().unwrap_or(Origin::Engine) };
                dec.new_lr = history::num(&lr);
                self.decisions.insert(epoch, dec);
            }
            return Ok(lr);
        }
        let mut dec = Decision::new(epoch, self.scheme.class_name());
        let lr = self.calc_new_learning_rate_for_epoch(epoch, &mut dec)?;
        self.set_default_with_origin(epoch, lr.clone(), Origin::Computed)?;
        dec.new_lr = history::num(&lr);
        self.decisions.insert(epoch, dec);
        Ok(lr)
    }

    /// `calc_new_learning_rate_for_epoch`: the min-num-epochs guard (spec section 5.3), then the
    /// scheme rule (sections 5.4-5.7). Does not store anything; `dec` records what it used.
    pub fn calc_new_learning_rate_for_epoch(&self, epoch: i64, dec: &mut Decision) -> Result<PyValue> {
        let n = match &self.min_num_epochs {
            PyValue::Int(i) => *i,
            PyValue::Bool(b) => *b as i64,
            PyValue::BigInt(_) => i64::MAX,
            other => return Err(Error::py(PyExc::TypeError, format!("'>' not supported between {} and int", other.type_name()))),
        };
        if n > 1 {
            let last = self.last_epochs_for_epoch(epoch, n);
            let lrs: Vec<&PyValue> = last.iter().filter_map(|e| self.epoch_data.get(e).map(|d| &d.learning_rate)).collect();
            let distinct = lrs.iter().skip(1).any(|v| !history::same_value(v, lrs[0]));
            let short = (lrs.len() as i64) < n;
            if let Some(last_lr) = lrs.last() {
                if distinct || short {
                    dec.verdict = Verdict::HoldMinEpochs { n, epochs: last.clone(), distinct, short };
                    dec.base_epoch = last.last().copied();
                    dec.old_lr = history::num(last_lr);
                    return Ok((*last_lr).clone());
                }
            }
        }
        match &self.scheme {
            Scheme::Constant => self.calc_constant(epoch, dec),
            Scheme::NewbobRel { threshold } => self.calc_newbob_rel(epoch, threshold, dec),
            Scheme::NewbobAbs { threshold } => self.calc_newbob_abs(epoch, threshold, dec),
            Scheme::NewbobMultiEpoch { num_epochs, update_interval, threshold, grow_threshold } => {
                self.calc_newbob_multi_epoch(epoch, *num_epochs, *update_interval, threshold, grow_threshold, dec)
            }
        }
    }

    /// `set_default_learning_rate_for_epoch(epoch, lr)`: stores `lr` if the epoch has no entry
    /// (type-checked like `EpochData`), or overwrites a falsy stored LR (not type-checked). The
    /// presets (spec section 6) and the TF pretrain branch (section 7) store LRs this way.
    pub fn set_default_learning_rate_for_epoch(&mut self, epoch: i64, lr: PyValue) -> Result<()> {
        self.set_default_with_origin(epoch, lr, Origin::Engine)
    }

    fn set_default_with_origin(&mut self, epoch: i64, lr: PyValue, origin: Origin) -> Result<()> {
        match self.epoch_data.get_mut(&epoch) {
            Some(d) => {
                if !py_truthy(&d.learning_rate) {
                    d.learning_rate = lr;
                    self.origins.insert(epoch, origin);
                }
            }
            None => {
                check_lr_type(&lr)?;
                self.epoch_data.insert(epoch, EpochData { learning_rate: lr, error: Vec::new(), meta: Vec::new() });
                self.origins.insert(epoch, origin);
            }
        }
        Ok(())
    }

    /// Records a decision made outside the control (the engine's pretrain branch).
    pub fn record_decision(&mut self, d: Decision) {
        self.decisions.insert(d.epoch, d);
    }

    /// `set_epoch_error(epoch, scores)` (spec section 3): nested dicts flattened, every value must
    /// be a Python float (else AssertionError), merged into the epoch's scores; at epoch 1 the
    /// error key is looked up (and can raise). Errors carry `Stage::SetEpochError`.
    pub fn set_epoch_error(&mut self, epoch: i64, scores: &[(String, PyValue)]) -> Result<()> {
        self.set_epoch_error_owned(epoch, scores.iter().map(|(k, v)| (Key::new(k), v.clone())).collect())
    }

    /// [`LrControl::set_epoch_error`] with the scores given away (moved into the table).
    pub fn set_epoch_error_owned(&mut self, epoch: i64, scores: Vec<(Key, PyValue)>) -> Result<()> {
        self.set_epoch_error_inner(epoch, scores).map_err(|e| e.at(Stage::SetEpochError, Some(epoch.max(0) as u64)))
    }

    fn set_epoch_error_inner(&mut self, epoch: i64, scores: Vec<(Key, PyValue)>) -> Result<()> {
        if !self.epoch_data.contains_key(&epoch) {
            self.get_lr(epoch)?;
        }
        let flat = history::flatten_scores_owned(scores);
        for (k, v) in &flat {
            if v.as_py_float().is_none() {
                return Err(Error::py(
                    PyExc::AssertionError,
                    format!("score {k:?} = {} is a {}, not a float", v.repr(), v.type_name()),
                ));
            }
        }
        if let Some(d) = self.epoch_data.get_mut(&epoch) {
            history::dict_update(&mut d.error, flat);
        }
        if epoch == 1 {
            self.error_key_choice(epoch)?;
        }
        Ok(())
    }

    /// [`LrControl::set_epoch_error`] for plain float scores (`[("dev_score_output", 1.83)]`).
    pub fn set_epoch_scores(&mut self, epoch: i64, scores: &[(&str, f64)]) -> Result<()> {
        let items: Vec<(String, PyValue)> = scores.iter().map(|(k, v)| (k.to_string(), PyValue::Float(*v))).collect();
        self.set_epoch_error(epoch, &items)
    }

    /// Merges meta information into an epoch's entry (`epoch_data[e].meta.update(meta)`).
    pub fn merge_meta(&mut self, epoch: i64, meta: &[(Key, PyValue)]) {
        if self.epoch_data.contains_key(&epoch) {
            self.merge_meta_owned(epoch, meta.to_vec());
        }
    }

    /// [`LrControl::merge_meta`] with the meta given away (moved into the table).
    pub fn merge_meta_owned(&mut self, epoch: i64, meta: Vec<(Key, PyValue)>) {
        if let Some(d) = self.epoch_data.get_mut(&epoch) {
            history::dict_update(&mut d.meta, meta);
        }
    }

    /// `get_error_key(epoch)`: the key the decisions compare (spec section 4). Errors carry
    /// `Stage::GetErrorKey`.
    pub fn error_key(&self, epoch: i64) -> Result<Option<String>> {
        self.error_key_choice(epoch).map(|c| c.map(|c| c.key)).map_err(|e| e.at(Stage::GetErrorKey, Some(epoch.max(0) as u64)))
    }

    /// The stored LR of an epoch, if it has an entry.
    pub fn stored_learning_rate(&self, epoch: i64) -> Option<&PyValue> {
        self.epoch_data.get(&epoch).map(|d| &d.learning_rate)
    }

    /// The decision recorded for an epoch (the first time its LR was asked for).
    pub fn decision(&self, epoch: i64) -> Option<&Decision> {
        self.decisions.get(&epoch)
    }

    /// All recorded decisions, by epoch.
    pub fn decisions(&self) -> &BTreeMap<i64, Decision> {
        &self.decisions
    }

    /// What `save()` would write now (the caller writes it with `returnn::lr_file::write`), or
    /// `None` when no `learning_rate_file` is configured.
    pub fn saved_table(&self) -> Option<&LrFile> {
        self.filename.as_ref().map(|_| &self.epoch_data)
    }

    /// `calc_learning_rate_decay_or_grow(lr, decay, grow)`: `grow` defaults to `!decay`; both
    /// true → AssertionError; decay then the min-LR clamp; growth without clamp.
    fn decay_or_grow(&self, lr: PyValue, decay: bool, grow: Option<bool>, dec: &mut Decision) -> Result<PyValue> {
        let grow = grow.unwrap_or(!decay);
        if decay && grow {
            return Err(Error::py(PyExc::AssertionError, "decay and grow at the same time"));
        }
        let mut lr = lr;
        if decay {
            lr = history::apply_factor(&lr, &self.decay, "learning_rate_decay")?;
            dec.factor = Some(history::num(&self.decay));
            dec.after_factor = history::num(&lr);
            let x = num_or_type_error(&lr, "learning rate")?;
            let m = num_or_type_error(&self.min_lr, "min_learning_rate")?;
            if x < m {
                lr = self.min_lr.clone();
                dec.clamped_to_min = Some(m);
            }
        }
        if grow {
            lr = history::apply_factor(&lr, &self.growth, "learning_rate_growth")?;
            dec.factor = Some(history::num(&self.growth));
            dec.after_factor = history::num(&lr);
        }
        Ok(lr)
    }
}

/// The content of an existing `learning_rate_file`, as the caller read it.
#[derive(Clone, Copy, Debug)]
pub enum Existing<'a> {
    /// The parsed table.
    Table(&'a LrFile),
    /// The exception RETURNN's loader raised for the file's text.
    LoadError(&'a Error),
}

/// `assert x >= 1` for the multi-epoch ints (None → TypeError).
fn positive_int(v: &PyValue, what: &str) -> Result<i64> {
    let n = match v {
        PyValue::Int(i) => *i,
        PyValue::Bool(b) => *b as i64,
        PyValue::BigInt(s) => {
            if s.starts_with('-') {
                i64::MIN
            } else {
                i64::MAX
            }
        }
        other => {
            return Err(Error::py(PyExc::TypeError, format!("'>=' not supported between instances of '{}' and 'int'", other.type_name())))
        }
    };
    if n >= 1 {
        Ok(n)
    } else {
        Err(Error::py(PyExc::AssertionError, format!("{what} = {n} must be >= 1")))
    }
}

/// `EpochData(learning_rate=...)`: a Python float or a float subclass, else TypeError.
fn check_lr_type(lr: &PyValue) -> Result<()> {
    if lr.as_py_float().is_some() {
        Ok(())
    } else {
        let name = match lr {
            PyValue::Np { .. } => lr.type_name().to_string(),
            PyValue::BigInt(_) => "int".to_string(),
            other => other.type_name().to_string(),
        };
        Err(Error::py(PyExc::TypeError, format!("EpochData: unexpected learning_rate type: <class '{name}'>")))
    }
}
