//! The sweep's Web Worker pool. Each worker is a module worker (`sweep-worker.js`) that runs this
//! same wasm module — the page sends it its compiled `WebAssembly.Module`, so nothing is fetched
//! or compiled a second time — and answers each job with `sweep_worker_run`
//! ([`crate::ui::sweep_job::run_job`]).
//!
//! Messages: page → worker `{module}` once, then `[generation, job text]`; worker → page
//! `[generation, result text]` ([`crate::ui::sweep_job`]). Results reach the callback at most once per animation frame (the
//! heat-map is redrawn once per frame however many workers answered). Cancelling terminates the
//! busy workers (idle ones are kept for the next sweep) and drops anything not yet delivered, so a
//! stale cell is never shown.
use crate::engine::sweep::CellResult;
use crate::ui::sweep_job::parse_output;
use leptos::prelude::request_animation_frame;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// The worker script (copied next to the app's js by Trunk, see index.html).
pub const WORKER_SCRIPT: &str = "sweep-worker.js";
/// At most this many workers (and at least 2).
pub const MAX_WORKERS: usize = 4;

/// Called with the sweep's generation and a batch of finished cells, or an error text (then the
/// sweep is over: its workers are stopped and nothing more comes).
pub type OnResult = Rc<dyn Fn(u64, Result<Vec<CellResult>, String>)>;

struct Slot {
    worker: Worker,
    /// Tells this worker's messages from those of a terminated predecessor in the same slot.
    serial: u64,
    busy: bool,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Slot {
    fn terminate(self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

#[derive(Default)]
struct Pool {
    slots: Vec<Option<Slot>>,
    /// Job texts not yet sent.
    queue: VecDeque<String>,
    /// The sweep in progress and its callback (`None`: nothing runs).
    gen: Option<u64>,
    on_result: Option<OnResult>,
    /// Answers received and not yet delivered (delivered on the next animation frame).
    pending: Vec<Result<Vec<CellResult>, String>>,
    flush_scheduled: bool,
    serial: u64,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
}

/// How many workers a sweep uses: `navigator.hardwareConcurrency`, within 2..=[`MAX_WORKERS`].
pub fn pool_size() -> usize {
    let n = web_sys::window().map(|w| w.navigator().hardware_concurrency()).unwrap_or(0.0);
    if n.is_finite() && n > 0.0 { (n as usize).clamp(2, MAX_WORKERS) } else { 2 }
}

fn js_text(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| v.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| format!("{v:?}"))
}

/// Starts a sweep of `jobs` ([`crate::ui::sweep_job::run_job`] inputs) on [`pool_size`]
/// workers, cancelling the one before. `Err`: no worker could be started (the callback is not
/// called then).
pub fn start(gen: u64, jobs: Vec<String>, on_result: OnResult) -> Result<(), String> {
    cancel();
    let n = pool_size();
    let started = POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.gen = Some(gen);
        p.on_result = Some(on_result);
        p.queue = jobs.into();
        if p.slots.len() < n {
            p.slots.resize_with(n, || None);
        }
        p.dispatch()
    });
    if started.is_err() {
        cancel();
    }
    started
}

/// Stops the sweep in progress: busy workers are terminated, queued jobs and undelivered
/// results dropped.
pub fn cancel() {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.queue.clear();
        p.pending.clear();
        p.gen = None;
        p.on_result = None;
        for slot in p.slots.iter_mut() {
            if slot.as_ref().is_some_and(|s| s.busy) {
                if let Some(s) = slot.take() {
                    s.terminate();
                }
            }
        }
    });
}

impl Pool {
    /// Sends queued jobs to idle workers (starting workers where a slot is empty).
    fn dispatch(&mut self) -> Result<(), String> {
        let Some(gen) = self.gen else { return Ok(()) };
        for i in 0..self.slots.len() {
            if self.queue.is_empty() {
                break;
            }
            if self.slots[i].is_none() {
                self.serial += 1;
                self.slots[i] = Some(spawn(i, self.serial)?);
            }
            let Some(slot) = self.slots[i].as_mut().filter(|s| !s.busy) else { continue };
            let Some(job) = self.queue.pop_front() else { break };
            let msg = js_sys::Array::of2(&JsValue::from_f64(gen as f64), &JsValue::from_str(&job));
            slot.worker.post_message(&msg).map_err(|e| format!("cannot send a job to a sweep worker: {}", js_text(&e)))?;
            slot.busy = true;
        }
        Ok(())
    }

    /// Queues an answer for the next animation frame.
    fn deliver(&mut self, r: Result<Vec<CellResult>, String>) {
        self.pending.push(r);
        if !self.flush_scheduled {
            self.flush_scheduled = true;
            request_animation_frame(flush);
        }
    }
}

fn flush() {
    let (gen, cb, pending) = POOL.with(|p| {
        let mut p = p.borrow_mut();
        p.flush_scheduled = false;
        (p.gen, p.on_result.clone(), std::mem::take(&mut p.pending))
    });
    let (Some(gen), Some(cb)) = (gen, cb) else { return };
    let mut cells = Vec::new();
    for r in pending {
        match r {
            Ok(c) => cells.extend(c),
            Err(e) => {
                // An error ends the sweep: nothing more is delivered for it.
                cancel();
                return cb(gen, Err(e));
            }
        }
    }
    if !cells.is_empty() {
        cb(gen, Ok(cells));
    }
}

/// Starts worker `i` and sends it the app's wasm module.
fn spawn(i: usize, serial: u64) -> Result<Slot, String> {
    let opts = WorkerOptions::new();
    opts.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(WORKER_SCRIPT, &opts)
        .map_err(|e| format!("this browser cannot start the sweep's Web Workers: {}", js_text(&e)))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| on_message(i, serial, e.data()));
    let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        e.prevent_default();
        let detail = e.dyn_ref::<ErrorEvent>().map(|e| e.message()).filter(|m| !m.is_empty());
        on_error(i, serial, detail.unwrap_or_else(|| format!("{WORKER_SCRIPT} could not be loaded")));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let slot = Slot { worker, serial, busy: false, _on_message: on_message, _on_error: on_error };
    let init = js_sys::Object::new();
    let sent = js_sys::Reflect::set(&init, &"module".into(), &wasm_bindgen::module()).and_then(|_| slot.worker.post_message(&init));
    if let Err(e) = sent {
        slot.terminate();
        return Err(format!("cannot send the wasm module to a sweep worker: {}", js_text(&e)));
    }
    Ok(slot)
}

fn on_message(i: usize, serial: u64, data: JsValue) {
    let msg = js_sys::Array::from(&data);
    let (gen, out) = (msg.get(0).as_f64(), msg.get(1).as_string());
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        let Some(slot) = p.slots.get_mut(i).and_then(Option::as_mut).filter(|s| s.serial == serial) else { return };
        slot.busy = false;
        if p.gen.is_none() {
            return;
        }
        if p.gen.is_some_and(|g| gen == Some(g as f64)) {
            p.deliver(match out {
                Some(text) => parse_output(&text),
                None => Err("a sweep worker sent a message that is not an answer".into()),
            });
        }
        if let Err(e) = p.dispatch() {
            p.deliver(Err(e));
        }
    });
}

fn on_error(i: usize, serial: u64, message: String) {
    POOL.with(|p| {
        let mut p = p.borrow_mut();
        if !p.slots.get(i).and_then(Option::as_ref).is_some_and(|s| s.serial == serial) {
            return;
        }
        if let Some(s) = p.slots.get_mut(i).and_then(Option::take) {
            s.terminate();
        }
        if p.gen.is_some() {
            p.deliver(Err(format!("a sweep worker failed: {message}")));
        }
    });
}
