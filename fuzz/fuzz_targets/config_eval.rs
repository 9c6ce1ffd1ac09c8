//! The config evaluator and the three syntaxes of `config import` on arbitrary text: never a
//! panic, never a hang (the evaluator is bounded by a step counter, not a clock), every error
//! located. The first byte picks how the rest is read: as one expression evaluated with `numpy`
//! and `np` bound, or as a file named `.py` (Python), `.config` (RETURNN's detection: JSON or the
//! line-based form), or read with "import anyway".
#![no_main]
#[path = "common.rs"]
mod common;
use common::check;
use libfuzzer_sys::fuzz_target;
use schedule_explorer::returnn::config::import::{import_anyway, import_file};
use schedule_explorer::returnn::python_literal::evaluate_text;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let result = match mode % 4 {
        0 => {
            if let Ok(v) = evaluate_text(text) {
                let _ = v.repr();
            }
            return;
        }
        1 => import_file("fuzz.py", text),
        2 => import_file("fuzz.config", text),
        _ => import_anyway(text),
    };
    match result {
        Ok(report) => {
            let _ = report.to_json().to_string();
        }
        Err(e) => check(&e),
    }
});
