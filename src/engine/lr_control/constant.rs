//! `constant` (`ConstantLearningRate`): the LR of the most recent earlier epoch (skipping `None`
//! LRs), else the default LR. Scores are never used (spec 5.4).
use super::decision::{Decision, Verdict};
use super::history::num;
use super::LrControl;
use crate::py::error::Result;
use crate::py::value::PyValue;

impl LrControl {
    pub(crate) fn calc_constant(&self, epoch: i64, dec: &mut Decision) -> Result<PyValue> {
        let mut e = epoch;
        loop {
            let Some(last) = self.last_epoch(e) else {
                dec.verdict = Verdict::Default;
                return Ok(self.default_lr.clone());
            };
            let lr = self.epoch_data.get(&last).map(|d| d.learning_rate.clone()).unwrap_or(PyValue::None);
            if matches!(lr, PyValue::None) {
                e = last;
                continue;
            }
            dec.verdict = Verdict::CarryForward;
            dec.base_epoch = Some(last);
            dec.old_lr = num(&lr);
            return Ok(lr);
        }
    }
}
