//! `newbob` / `newbob_rel` / `newbob_relative` (`NewbobRelative`, spec 5.5): starting from the
//! previous epoch's LR, decay iff the relative error between the two previous epochs is
//! `> newbob_relative_error_threshold`, else grow.
use super::decision::{Decision, Verdict};
use super::history::{no_value_verdict, num, threshold_value};
use super::LrControl;
use crate::py::error::Result;
use crate::py::value::PyValue;

impl LrControl {
    /// The common start of the rel/abs rules: `Ok(Err(lr))` when the rule ends before comparing,
    /// `Ok(Ok((older, previous, lr)))` otherwise.
    pub(crate) fn previous_two(&self, epoch: i64, dec: &mut Decision) -> std::result::Result<(i64, i64, PyValue), PyValue> {
        let Some(last) = self.last_epoch(epoch) else {
            dec.verdict = Verdict::Default;
            return Err(self.default_lr.clone());
        };
        let lr = self.epoch_data.get(&last).map(|d| d.learning_rate.clone()).unwrap_or(PyValue::None);
        if matches!(lr, PyValue::None) {
            dec.verdict = Verdict::Default;
            return Err(self.default_lr.clone());
        }
        dec.base_epoch = Some(last);
        dec.old_lr = num(&lr);
        let Some(last2) = self.last_epoch(last) else {
            dec.verdict = Verdict::NoPrevious;
            return Err(lr);
        };
        Ok((last2, last, lr))
    }

    /// Decay iff `value > threshold` (strict), else grow.
    pub(crate) fn decide_by_threshold(&self, value: f64, threshold: &PyValue, lr: PyValue, dec: &mut Decision) -> Result<PyValue> {
        let t = threshold_value(threshold)?;
        dec.threshold = Some(t);
        let decay = value > t;
        dec.verdict = if decay { Verdict::Decay } else { Verdict::Grow };
        self.decay_or_grow(lr, decay, None, dec)
    }

    pub(crate) fn calc_newbob_rel(&self, epoch: i64, threshold: &PyValue, dec: &mut Decision) -> Result<PyValue> {
        let (last2, last, lr) = match self.previous_two(epoch, dec) {
            Ok(t) => t,
            Err(lr) => return Ok(lr),
        };
        let Some(rel) = self.relative_error(last2, last, dec)? else {
            dec.verdict = no_value_verdict(dec);
            return Ok(lr);
        };
        self.decide_by_threshold(rel, threshold, lr, dec)
    }
}
