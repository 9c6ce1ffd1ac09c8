//! wasm32 exports of the standard workloads (see ../run.sh); the timer is imported from JS
//! (`performance.now()`), as in the browser.
#[path = "../../../src/py/mod.rs"]
pub mod py;
#[path = "../../../src/engine/mod.rs"]
pub mod engine;
#[path = "../../../src/returnn/mod.rs"]
pub mod returnn;
#[path = "../../../src/bench.rs"]
pub mod bench;

extern "C" {
    fn now() -> f64;
}

#[no_mangle]
pub extern "C" fn alloc(n: usize) -> *mut u8 {
    let mut v = vec![0u8; n];
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

#[no_mangle]
pub extern "C" fn bench_simulate(runs: u32) -> f64 {
    let mut t = || unsafe { now() };
    bench::bench_simulate(runs as usize, &mut t).map(|r| r.median_ms).unwrap_or(-1.0)
}

#[no_mangle]
pub extern "C" fn bench_parse_replay(ptr: *const u8, len: usize, runs: u32) -> f64 {
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    let Ok(text) = std::str::from_utf8(bytes) else { return -2.0 };
    let mut t = || unsafe { now() };
    bench::bench_parse_replay(text, runs as usize, &mut t).map(|r| r.median_ms).unwrap_or(-1.0)
}
