//! The config importer (Python or JSON form) on arbitrary text: never a panic, never executes
//! anything, every error located; what it imports serialises.
#![no_main]
#[path = "common.rs"]
mod common;
use common::check;
use libfuzzer_sys::fuzz_target;
use schedule_explorer::returnn::config::import::import;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match import(text) {
        Ok(report) => {
            let _ = report.to_json().to_string();
        }
        Err(e) => check(&e),
    }
});
