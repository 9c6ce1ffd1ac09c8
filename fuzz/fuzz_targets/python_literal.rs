//! The Python-literal reader on arbitrary text: tokenizer, expression parser, literal values and
//! the module (config file) statement reader. Never a panic; every error located.
#![no_main]
#[path = "common.rs"]
mod common;
use common::check;
use libfuzzer_sys::fuzz_target;
use schedule_explorer::returnn::python_literal::{literal_eval, parse_module, tokenize};


fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(e) = tokenize(text) {
        check(&e);
    }
    match literal_eval(text) {
        Ok(v) => {
            // What was read can be written back as Python and read again to the same repr.
            let again = literal_eval(&v.repr());
            if let Ok(w) = again {
                assert_eq!(v.repr(), w.repr(), "repr round trip of {text:?}");
            }
        }
        Err(e) => check(&e),
    }
    if let Err(e) = parse_module(text) {
        check(&e);
    }
});
