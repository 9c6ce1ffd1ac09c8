//! `newbob_multi_epoch` (`NewbobMultiEpoch`, spec 5.7): at update epochs (`e mod k == 1`), the
//! numpy mean of the relative errors over the last `num_epochs + 1` epochs decides: decay iff
//! `mean > threshold`, grow iff `mean < grow_threshold` (both: AssertionError), else keep.
use super::decision::{Decision, Verdict};
use super::history::{no_value_verdict, num, numpy_mean, threshold_value};
use super::LrControl;
use crate::py::error::Result;
use crate::py::value::PyValue;

impl LrControl {
    pub(crate) fn calc_newbob_multi_epoch(
        &self,
        epoch: i64,
        num_epochs: i64,
        update_interval: i64,
        threshold: &PyValue,
        grow_threshold: &PyValue,
        dec: &mut Decision,
    ) -> Result<PyValue> {
        let (base, lr) = self.most_recent_lr(epoch, true);
        dec.base_epoch = base;
        dec.old_lr = num(&lr);
        dec.verdict = if base.is_some() { Verdict::NoPrevious } else { Verdict::Default };
        if update_interval > 1 && epoch.rem_euclid(update_interval) != 1 {
            dec.verdict = Verdict::IntervalSkip { interval: update_interval };
            return Ok(lr);
        }
        let window = self.last_epochs_for_epoch(epoch, num_epochs.saturating_add(1));
        if window.len() <= 1 {
            return Ok(lr);
        }
        dec.window = window.clone();
        let mut errors = Vec::with_capacity(window.len() - 1);
        let mut missing = false;
        for pair in window.windows(2) {
            match self.relative_error(pair[0], pair[1], dec)? {
                Some(e) => errors.push(e),
                None => missing = true,
            }
        }
        if missing {
            dec.verdict = no_value_verdict(dec);
            return Ok(lr);
        }
        let mean = numpy_mean(&errors);
        dec.mean = Some(mean);
        let t = threshold_value(threshold)?;
        dec.threshold = Some(t);
        let decay = mean > t;
        let g = threshold_value(grow_threshold)?;
        dec.grow_threshold = Some(g);
        let grow = mean < g;
        dec.verdict = match (decay, grow) {
            (true, _) => Verdict::Decay,
            (false, true) => Verdict::Grow,
            (false, false) => Verdict::Keep,
        };
        self.decay_or_grow(lr, decay, Some(grow), dec)
    }
}
