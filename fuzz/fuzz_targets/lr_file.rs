//! The learning_rate_file reader (strict, as RETURNN's loader, and lenient for pasted excerpts)
//! and the writer on what was read; the fast path agrees with the general reader. Never a panic; every error located.
#![no_main]
#[path = "common.rs"]
mod common;
use common::check;
use libfuzzer_sys::fuzz_target;
use schedule_explorer::returnn::lr_file::{epochs_json, parse, parse_fast, parse_general, parse_pasted, write};


fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The fast path reads the same table as the general reader, or leaves the text to it.
    if let Some(fast) = parse_fast(text) {
        match parse_general(text) {
            Ok(general) => {
                assert_eq!(epochs_json(&fast), epochs_json(&general), "fast path differs on {text:?}");
                assert_eq!(write(&fast), write(&general), "fast path differs on {text:?}");
            }
            Err(e) => panic!("fast path accepts what the general reader refuses ({e}): {text:?}"),
        }
    }
    match parse(text) {
        Ok(file) => {
            let _ = epochs_json(&file);
            let written = write(&file);
            // RETURNN's writer output is read back (an np.float64 NaN/inf is RETURNN's own
            // unreadable `float('np.float64(nan)')`; that may fail, but must not panic).
            if let Err(e) = parse(&written) {
                check(&e);
            }
        }
        Err(e) => check(&e),
    }
    if let Err(e) = parse_pasted(text) {
        check(&e);
    }
});
