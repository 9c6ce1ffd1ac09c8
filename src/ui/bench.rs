//! `?bench` (or `?bench=N` for N measured runs): runs the standard workloads in the page and
//! writes one JSON line per workload into `data-testid="bench-result"`, then `data-done="true"`.
//!
//! * (a) [`bench::SIMULATE`] and (b) [`bench::PARSE_REPLAY`]: the same workload functions as the
//!   native `schedule-explorer bench` (`bench::simulate_once`, `bench::parse_replay_once`, the
//!   same settings and config, the same warm-up + median), timed with `performance.now()`. The
//!   2.3 MB `lr_file_mol.txt` is not in the wasm: Trunk copies it to `dist/bench/` and it is
//!   fetched (same origin) only here.
//! * (c) [`RERUN_REDRAW`]: what a settings change costs in the app: the `seed` field is changed
//!   through `AppState::set_field` (the form → `Run` rebuild the settings panel uses), the run is
//!   advanced to its end with `AppState::advance`, and the time stops once all four chart canvases
//!   have been redrawn by their own effects (their `data-draws` counters moved).
//!
//! Between measured runs the page yields to the browser (a `setTimeout(0)`), so it stays
//! responsive; a run itself is never split, so the timings are those of the synchronous work.
use crate::bench::{self, BenchResult};
use crate::py::error::{Error, Result};
use crate::ui::state::AppState;
use crate::ui::web;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Workload (c), browser only.
pub const RERUN_REDRAW: &str = "rerun_redraw";
/// The charts whose redraw (c) waits for.
const CHARTS: [&str; 4] = ["chart-lr", "chart-scores", "chart-loss", "chart-surface"];

/// `Some(runs)` when the page was opened with `?bench` (`?bench=N`: N runs, else the default).
pub fn requested_runs() -> Option<usize> {
    let pairs = web::query_pairs();
    let (_, v) = pairs.iter().find(|(k, _)| k == "bench")?;
    Some(v.trim().parse::<usize>().ok().filter(|n| (1..=bench::MAX_RUNS).contains(n)).unwrap_or(bench::DEFAULT_RUNS))
}

/// Where Trunk puts the mol file (index.html: `copy-file` with `data-target-path="bench/"`).
pub fn lr_file_url() -> String {
    format!("bench/{}", bench::LR_FILE_MOL.rsplit('/').next().unwrap_or_default())
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

fn js_err(what: &str, e: JsValue) -> Error {
    Error::invalid("bench", format!("{what}: {}", e.as_string().unwrap_or_else(|| format!("{e:?}"))))
}

/// Resolves after a `setTimeout(0)`: the browser may paint and handle input meanwhile.
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let scheduled = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).is_ok())
            .unwrap_or(false);
        if !scheduled {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves after the microtasks queued so far (Leptos effects run as microtasks).
async fn microtask() {
    let _ = JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await;
}

/// `fetch(url)` → text (the Response is read through Reflect: no extra web-sys features).
async fn fetch_text(url: &str) -> Result<String> {
    use js_sys::{Function, Promise, Reflect};
    let window = web_sys::window().ok_or_else(|| Error::invalid("bench", "no window"))?;
    let resp = JsFuture::from(window.fetch_with_str(url)).await.map_err(|e| js_err(url, e))?;
    let get = |k: &str| Reflect::get(&resp, &JsValue::from_str(k)).map_err(|e| js_err(url, e));
    if get("ok")?.as_bool() != Some(true) {
        return Err(Error::invalid("bench", format!("{url}: HTTP {}", get("status")?.as_f64().unwrap_or(0.0))));
    }
    let text_fn: Function = get("text")?.dyn_into().map_err(|e| js_err(url, e))?;
    let promise: Promise = text_fn.call0(&resp).map_err(|e| js_err(url, e))?.dyn_into().map_err(|e| js_err(url, e))?;
    let text = JsFuture::from(promise).await.map_err(|e| js_err(url, e))?;
    text.as_string().ok_or_else(|| Error::invalid("bench", format!("{url}: not text")))
}

fn check_runs(runs: usize) -> Result<()> {
    if runs == 0 || runs > bench::MAX_RUNS {
        return Err(Error::invalid("runs", format!("must be between 1 and {}, got {runs}", bench::MAX_RUNS)));
    }
    Ok(())
}

/// `bench::measure`, yielding to the browser between the runs.
async fn measure(name: &str, runs: usize, work: &mut dyn FnMut() -> Result<f64>) -> Result<BenchResult> {
    check_runs(runs)?;
    std::hint::black_box(work()?);
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        yield_to_browser().await;
        let t0 = now();
        std::hint::black_box(work()?);
        samples.push(now() - t0);
    }
    Ok(BenchResult { workload: name.to_string(), median_ms: bench::median(&samples), runs })
}

/// The `data-draws` counters of the chart canvases (None while one is not mounted).
fn draw_counts() -> Option<Vec<u64>> {
    let doc = web_sys::window()?.document()?;
    CHARTS
        .iter()
        .map(|id| {
            let el = doc.query_selector(&format!("[data-testid=\"{id}\"]")).ok()??;
            el.get_attribute("data-draws")?.parse::<u64>().ok()
        })
        .collect()
}

/// One (c): change the seed, rerun to the end, wait until every chart has redrawn. Returns ms.
async fn rerun_redraw(state: AppState, seed: u64) -> Result<f64> {
    let before = draw_counts().ok_or_else(|| Error::invalid("bench", "the charts are not mounted"))?;
    let t0 = now();
    state.set_field("seed", &seed.to_string());
    if !state.errors.with_untracked(|e| e.is_empty()) {
        return Err(Error::invalid("bench", "the settings change was rejected"));
    }
    if !state.advance(u64::MAX) {
        return Err(Error::invalid("bench", "the run did not finish"));
    }
    // The whole run is on screen: the frame loop has nothing left to do.
    state.running.set(false);
    let redrawn = || draw_counts().is_some_and(|c| c.iter().zip(&before).all(|(a, b)| a > b));
    for _ in 0..10_000 {
        if redrawn() {
            return Ok(now() - t0);
        }
        microtask().await;
    }
    Err(Error::invalid("bench", "the charts did not redraw"))
}

async fn measure_rerun_redraw(state: AppState, runs: usize) -> Result<BenchResult> {
    check_runs(runs)?;
    let mut samples = Vec::with_capacity(runs);
    for i in 0..runs {
        yield_to_browser().await;
        samples.push(rerun_redraw(state, 1001 + i as u64).await?);
    }
    Ok(BenchResult { workload: RERUN_REDRAW.to_string(), median_ms: bench::median(&samples), runs })
}

fn error_line(workload: &str, e: &Error) -> String {
    crate::py::json::to_line(&serde_json::json!({"workload": workload, "error": e.to_string()}))
}

async fn run_all(state: AppState, runs: usize, lines: RwSignal<Vec<String>>) {
    let push = |r: Result<BenchResult>, name: &str| {
        let line = match r {
            Ok(r) => r.to_json_line(),
            Err(e) => error_line(name, &e),
        };
        lines.update(|l| l.push(line));
    };
    // Wait for the app's first draw, then warm (c) up: it also stops the app's own animation.
    for _ in 0..600 {
        if draw_counts().is_some_and(|c| c.iter().all(|d| *d > 0)) {
            break;
        }
        yield_to_browser().await;
    }
    let warm = rerun_redraw(state, 1000).await;
    let text = fetch_text(&lr_file_url()).await;
    yield_to_browser().await;
    let settings = bench::simulate_settings();
    push(
        match &settings {
            Ok(s) => measure(bench::SIMULATE, runs, &mut || bench::simulate_once(s)).await,
            Err(e) => Err(e.clone()),
        },
        bench::SIMULATE,
    );
    let config = bench::replay_config();
    push(
        match &text {
            Ok(t) => measure(bench::PARSE_REPLAY, runs, &mut || bench::parse_replay_once(t, &config)).await,
            Err(e) => Err(e.clone()),
        },
        bench::PARSE_REPLAY,
    );
    push(
        match warm {
            Ok(_) => measure_rerun_redraw(state, runs).await,
            Err(e) => Err(e),
        },
        RERUN_REDRAW,
    );
}

/// The result box of `?bench`; starts the benchmark when mounted.
#[component]
pub fn BenchPanel(runs: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lines = RwSignal::new(Vec::<String>::new());
    let done = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        run_all(state, runs, lines).await;
        done.set(true);
    });
    view! {
        <section class="bench">
            <h2>"Benchmark (" {runs} " runs per workload)"</h2>
            <pre data-testid="bench-result" data-done=move || done.get().to_string()>
                {move || lines.get().join("\n")}
            </pre>
        </section>
    }
}
