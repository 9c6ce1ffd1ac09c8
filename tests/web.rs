//! Browser tests (headless Chromium via wasm-bindgen-test-runner): the canvas adapter draws the
//! generic charts with real pixels, and the app mounts with its test hooks.
#![cfg(target_arch = "wasm32")]
use schedule_explorer::chart::canvas::{draw_layered_on, draw_on, Layer};
use schedule_explorer::chart::lr::{self, LrChart, LrPoint, Marker};
use schedule_explorer::chart::palette;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let c: HtmlCanvasElement = document().create_element("canvas").unwrap().dyn_into().unwrap();
    c.style().set_property("width", &format!("{w}px")).unwrap();
    c.style().set_property("height", &format!("{h}px")).unwrap();
    c.style().set_property("display", "block").unwrap();
    document().body().unwrap().append_child(&c).unwrap();
    c
}

fn count_colour(c: &HtmlCanvasElement, rgb: (u8, u8, u8)) -> usize {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64).unwrap().data();
    data.chunks(4)
        .filter(|p| {
            (p[0] as i32 - rgb.0 as i32).abs() + (p[1] as i32 - rgb.1 as i32).abs() + (p[2] as i32 - rgb.2 as i32).abs() < 30
        })
        .count()
}

#[wasm_bindgen_test]
fn lr_chart_draws_on_a_canvas_at_the_pixel_ratio() {
    let c = canvas(400, 240);
    let data = LrChart {
        points: (1..=10)
            .map(|e| LrPoint { epoch: e, lr: 0.1 * 0.5f64.powi((e / 3) as i32), marker: if e % 3 == 2 { Marker::Decay } else { Marker::None } })
            .collect(),
        overlay: vec![],
        num_epochs: 10,
    };
    draw_on(&c, None, |root, style| lr::draw(root, &data, style)).unwrap();
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    assert_eq!(c.width(), (400.0 * dpr).round() as u32);
    let lr_px = count_colour(&c, (palette::LR.0, palette::LR.1, palette::LR.2));
    let decay_px = count_colour(&c, (palette::DECAY.0, palette::DECAY.1, palette::DECAY.2));
    assert!(lr_px > 200, "LR staircase pixels: {lr_px}");
    assert!(decay_px > 20, "decay marker pixels: {decay_px}");
}

/// A kept background is drawn once per key and size and copied under every draw.
#[wasm_bindgen_test]
fn a_layer_is_drawn_once_and_kept_under_the_draws() {
    use plotters::prelude::*;
    let c = canvas(200, 120);
    let mut layer = Layer::default();
    let mut backgrounds = 0;
    for key in ["a", "a", "a", "b"] {
        draw_layered_on(&c, Some((200, 120)), &mut layer, key, |root, _| {
            backgrounds += 1;
            root.fill(&RGBColor(0, 0, 255)).map_err(|e| schedule_explorer::chart::ChartError(format!("{e:?}")))
        }, |root, _| {
            root.draw(&Rectangle::new([(0, 0), (10, 10)], RGBColor(255, 0, 0).filled()))
                .map_err(|e| schedule_explorer::chart::ChartError(format!("{e:?}")))
        })
        .unwrap();
        assert!(count_colour(&c, (0, 0, 255)) > 1000, "the background is under the draw");
        assert!(count_colour(&c, (255, 0, 0)) >= 100, "the draw is over the background");
    }
    assert_eq!(backgrounds, 2, "drawn for key a once, then for key b");
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn app_mounts_with_its_test_hooks_and_finishes_the_run() {
    leptos::mount::mount_to_body(schedule_explorer::ui::App);
    let q = |sel: &str| document().query_selector(sel).unwrap();
    for id in ["field-learning_rate", "field-learning_rate_control", "field-optimizer-class", "field-num_epochs",
               "run", "pause", "step", "reset", "mode-scores", "chart-lr", "chart-scores", "chart-loss",
               "chart-surface", "decision-table", "config-snippet", "import-config", "import-lrfile"] {
        assert!(q(&format!("[data-testid=\"{id}\"]")).is_some(), "missing {id}");
    }
    let mut done = false;
    for _ in 0..100 {
        sleep(50).await;
        if q("[data-testid=\"run-progress\"][data-done=\"true\"]").is_some() {
            done = true;
            break;
        }
    }
    assert!(done, "the run never finished");
    assert!(q("[data-testid=\"decision-row-1\"]").is_some());
    let snippet = q("[data-testid=\"config-snippet\"]").unwrap().text_content().unwrap_or_default();
    assert!(snippet.contains("learning_rate_control"), "{snippet}");

    // A bad value: its error appears next to the field on `change`, the text stays, the run stays.
    let input: web_sys::HtmlInputElement = q("[data-testid=\"field-learning_rate\"]").unwrap().dyn_into().unwrap();
    let commit = |text: &str| {
        input.set_value(text);
        input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    };
    commit("0.1.2");
    sleep(50).await;
    let error = q("[data-testid=\"error-learning_rate\"]").expect("error shown");
    assert!(!error.text_content().unwrap_or_default().is_empty());
    assert_eq!(input.value(), "0.1.2");
    assert_eq!(q("[data-testid=\"config-snippet\"]").unwrap().text_content().unwrap_or_default(), snippet);
    commit("0.05");
    sleep(50).await;
    assert!(q("[data-testid=\"error-learning_rate\"]").is_none());
    let snippet = q("[data-testid=\"config-snippet\"]").unwrap().text_content().unwrap_or_default();
    assert!(snippet.contains("learning_rate = 0.05"), "{snippet}");
    // the URL keeps the settings
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert!(search.contains("learning_rate=0.05"), "{search}");
}

/// The sweep's worker pool: 2..=4 workers, and a worker script that cannot be loaded (the test
/// page serves no `sweep-worker.js`) reaches the callback as an error, never as cells.
#[wasm_bindgen_test]
async fn sweep_workers_report_a_worker_that_cannot_load() {
    use schedule_explorer::ui::sweep_workers;
    use std::cell::RefCell;
    use std::rc::Rc;
    let n = sweep_workers::pool_size();
    assert!((2..=sweep_workers::MAX_WORKERS).contains(&n), "{n}");
    let got: Rc<RefCell<Vec<(u64, Result<usize, String>)>>> = Rc::default();
    let sink = got.clone();
    let jobs = vec!["{}".to_string(); 3];
    sweep_workers::start(7, jobs, Rc::new(move |g, r| sink.borrow_mut().push((g, r.map(|c| c.len()))))).expect("workers start");
    for _ in 0..100 {
        if !got.borrow().is_empty() {
            break;
        }
        sleep(50).await;
    }
    let all = got.clone();
    let got = got.borrow();
    assert_eq!(got.len(), 1, "{got:?}");
    let (gen, result) = &got[0];
    assert_eq!(*gen, 7);
    let err = result.clone().expect_err("an error");
    assert!(err.starts_with("a sweep worker failed: ") && err.contains("sweep-worker.js"), "{err}");
    drop(got);
    // Nothing more arrives for the failed sweep.
    sleep(300).await;
    assert_eq!(all.borrow().len(), 1, "{:?}", all.borrow());
}
