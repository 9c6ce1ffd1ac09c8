//! `newbob_abs` (`NewbobAbs`, spec 5.6): like newbob_rel with the plain difference
//! `score(new) - score(old)` against `newbob_error_threshold`.
use super::decision::Decision;
use super::history::no_value_verdict;
use super::LrControl;
use crate::py::error::Result;
use crate::py::value::PyValue;

impl LrControl {
    pub(crate) fn calc_newbob_abs(&self, epoch: i64, threshold: &PyValue, dec: &mut Decision) -> Result<PyValue> {
        let (last2, last, lr) = match self.previous_two(epoch, dec) {
            Ok(t) => t,
            Err(lr) => return Ok(lr),
        };
        let Some(diff) = self.absolute_error(last2, last, dec)? else {
            dec.verdict = no_value_verdict(dec);
            return Ok(lr);
        };
        self.decide_by_threshold(diff, threshold, lr, dec)
    }
}
