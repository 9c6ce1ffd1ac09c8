//! The chart parts one can trust: exact 1-2-5 tick labels, the read-out under the pointer or the
//! keyboard cursor, and a legend that covers no line.
#![cfg(not(target_arch = "wasm32"))]
use plotters::prelude::*;
use schedule_explorer::chart::lr::{self, LrChart, LrPoint, Marker};
use schedule_explorer::chart::overlay::{OverlayChart, Series};
use schedule_explorer::chart::readout::{loss_text, lr_text, overlay_text, scores_text, EpochMap};
use schedule_explorer::chart::scores::ScoresChart;
use schedule_explorer::chart::ticks::{linear_ticks, log_ticks, tick_text};
use schedule_explorer::chart::{legend_place, segment_meets, ChartStyle};

fn labels(t: &[f64]) -> Vec<String> {
    t.iter().map(|v| tick_text(*v)).collect()
}

#[test]
fn linear_ticks_are_1_2_5_steps_with_exact_labels() {
    // 0.3 / 6 = 0.05 per tick would be 7 ticks; the step is 0.1 (at most 6).
    assert_eq!(labels(&linear_ticks(0.0, 0.3, 6)), ["0", "0.1", "0.2", "0.3"]);
    assert_eq!(labels(&linear_ticks(0.01, 0.32, 8)), ["0.05", "0.1", "0.15", "0.2", "0.25", "0.3"]);
    assert_eq!(labels(&linear_ticks(-1.3, 2.1, 6)), ["-1.0", "0", "1.0", "2.0"]);
    // A range that only just straddles zero: 0 exactly, not 7e-18.
    let t = linear_ticks(-0.1 + 1e-17, 0.7, 8);
    assert!(t.contains(&0.0), "{t:?}");
    assert!(t.iter().all(|v| *v == 0.0 || v.abs() >= 0.1), "{t:?}");
    assert_eq!(labels(&linear_ticks(1e-5, 5e-5, 5)), ["1e-05", "2e-05", "3e-05", "4e-05", "5e-05"]);
    assert_eq!(labels(&linear_ticks(1e-5, 5e-5, 4)), ["2e-05", "4e-05"]);
    // Every label reads back as the tick (the double nearest to a short decimal).
    for (lo, hi) in [(0.0, 1.0), (0.123, 0.987), (-3e-7, 9e-7), (10.0, 1e4)] {
        for v in linear_ticks(lo, hi, 7) {
            assert_eq!(tick_text(v).parse::<f64>().unwrap(), v);
            assert!(tick_text(v).len() <= 8, "{v}: {}", tick_text(v));
        }
    }
    assert!(linear_ticks(1.0, 1.0, 5).is_empty());
    assert!(linear_ticks(f64::NAN, 1.0, 5).is_empty());
    assert!(linear_ticks(1e20, 1e20 + 1e5, 5).is_empty(), "steps far below the values are not drawn");
}

#[test]
fn log_ticks_show_2_and_5_of_each_decade_and_thin_out_on_long_ranges() {
    assert_eq!(labels(&log_ticks(0.008, 1.2, 8)), ["0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1.0"]);
    // Too many 1-2-5 marks: the decades.
    assert_eq!(labels(&log_ticks(1e-6, 1.5, 8)), ["1e-06", "1e-05", "0.0001", "0.001", "0.01", "0.1", "1.0"]);
    // 30 decades: every k-th decade, at most 8.
    let t = log_ticks(1e-31, 1.0, 8);
    assert!(t.len() <= 8 && t.len() >= 4, "{t:?}");
    // Narrower than a decade: still labelled, at 1-2-5 linear steps.
    assert_eq!(labels(&log_ticks(0.031, 0.069, 8)), ["0.04", "0.05", "0.06"]);
    assert!(log_ticks(0.0, 1.0, 8).is_empty());
    assert!(log_ticks(1.0, 0.5, 8).is_empty());
}

fn lr_chart(lrs: &[f64]) -> LrChart {
    LrChart {
        points: lrs.iter().enumerate().map(|(i, &lr)| LrPoint { epoch: i as u64 + 1, lr, marker: if i == 2 { Marker::Decay } else { Marker::None } }).collect(),
        overlay: vec![(1, 0.05)],
        num_epochs: lrs.len() as u64,
    }
}

fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, plotters::coord::Shift>) -> EpochMap) -> (String, EpochMap) {
    let mut s = String::new();
    let map;
    {
        let root = SVGBackend::with_string(&mut s, (502, 260)).into_drawing_area();
        map = draw(&root);
    }
    (s, map)
}

/// `(x, text)` of each `<text>` element.
fn texts(svg: &str) -> Vec<(i32, String)> {
    svg.split("<text").skip(1).filter_map(|t| {
        let x = t.split("x=\"").nth(1)?.split('"').next()?.parse::<f64>().ok()? as i32;
        let body = t.split('>').nth(1)?.split('<').next()?.trim().to_string();
        Some((x, body))
    }).collect()
}

#[test]
fn lr_axis_reads_0_05_exactly() {
    let (s, _) = svg(|root| lr::draw(root, &lr_chart(&[0.1, 0.1, 0.05, 0.05, 0.02]), &ChartStyle::default()).unwrap());
    let t: Vec<String> = texts(&s).into_iter().map(|t| t.1).collect();
    assert!(t.contains(&"0.05".to_string()), "{t:?}");
    assert!(t.contains(&"0.02".to_string()) && t.contains(&"0.1".to_string()), "{t:?}");
    assert!(!t.iter().any(|l| l.contains("0000000")), "{t:?}");
}

#[test]
fn read_out_maps_pixels_to_epochs_and_writes_python_floats() {
    let data = lr_chart(&[0.1, 0.1, 0.05, 0.05, 0.02]);
    let (_, map) = svg(|root| lr::draw(root, &data, &ChartStyle::default()).unwrap());
    assert!(map.px_x.1 > map.px_x.0 + 100, "{map:?}");
    let y = (map.px_y.0 + map.px_y.1) as f64 / 2.0;
    // The plot's left edge is epoch 0.5 (rounds to nothing below 1), its right edge 5.5.
    let col = |e: i64| map.px_of(e).unwrap();
    for e in 1..=5 {
        assert_eq!(map.epoch_at(col(e), y), Some(e));
        assert_eq!(map.epoch_at(col(e) + 0.4 * (col(2) - col(1)), y), Some(e));
    }
    assert_eq!(map.epoch_at(map.px_x.0 as f64 - 1.0, y), None);
    assert_eq!(map.epoch_at(col(3), map.px_y.1 as f64 + 1.0), None);
    assert_eq!(lr_text(&data, 1), "epoch 1: learning rate 0.1, recorded 0.05");
    assert_eq!(lr_text(&data, 3), "epoch 3: learning rate 0.05 (decayed)");
    assert_eq!(lr_text(&data, 9), "epoch 9: no value");
    let sc = ScoresChart { train: vec![(1, 2.5), (2, 1.0 / 3.0)], dev: vec![(2, 1e-5)], num_epochs: 2, log_y: false, force_log: None };
    assert_eq!(scores_text(&sc, 1), "epoch 1: train 2.5");
    assert_eq!(scores_text(&sc, 2), "epoch 2: train 0.3333333333333333, dev 1e-05");
    assert_eq!(loss_text(&[0.5, 0.25, 0.125], 2, 3), "update 3 (epoch 2): loss 0.125");
    assert_eq!(loss_text(&[0.5], 0, 1), "update 1: loss 0.5");
    assert_eq!(loss_text(&[0.5], 0, 2), "update 2: no value");
    let ov = OverlayChart {
        series: vec![
            Series { label: "A".into(), color: RED, points: vec![(1.0, 0.1), (2.0, 0.05)], dashed: false, stairs: true },
            Series { label: "B".into(), color: BLUE, points: vec![(2.0, 0.08)], dashed: false, stairs: true },
        ],
        ..Default::default()
    };
    assert_eq!(overlay_text(&ov, 2), "epoch 2: A 0.05, B 0.08");
}

#[test]
fn arrow_keys_move_the_cursor_within_the_epochs() {
    let map = EpochMap { px_x: (50, 450), px_y: (10, 200), epochs: (0.5, 10.5) };
    assert_eq!(map.key(None, "ArrowRight", false), Some(1));
    assert_eq!(map.key(None, "ArrowLeft", false), Some(10));
    assert_eq!(map.key(Some(3), "ArrowRight", false), Some(4));
    assert_eq!(map.key(Some(3), "ArrowLeft", true), Some(1));
    assert_eq!(map.key(Some(9), "ArrowRight", true), Some(10));
    assert_eq!(map.key(Some(5), "End", false), Some(10));
    assert_eq!(map.key(Some(5), "Home", false), Some(1));
    assert_eq!(map.key(Some(5), "a", false), None);
    assert_eq!(EpochMap::default().key(None, "ArrowRight", false), None);
    // 100 000 updates on 400 pixels: a step is one pixel column's updates.
    let long = EpochMap { px_x: (50, 450), px_y: (10, 200), epochs: (1.0, 100_000.0) };
    assert_eq!(long.step(), 250);
    assert_eq!(long.key(Some(1), "ArrowRight", false), Some(251));
}

#[test]
fn legend_goes_to_the_corner_no_line_crosses() {
    let plot = (0..400, 0..200);
    let size = (80, 30);
    // A decaying LR (top left to bottom right): the top right is free.
    let decay = vec![vec![(0, 10), (200, 100), (400, 190)]];
    assert_eq!(legend_place(&plot, size, 6, &decay), (314, 6, 394, 36));
    // A warm-up (bottom left to top right): the top left.
    let warm = vec![vec![(0, 190), (400, 5)]];
    assert_eq!(legend_place(&plot, size, 6, &warm), (6, 6, 86, 36));
    // Lines along the whole top: a bottom corner.
    let top = vec![vec![(0, 20), (400, 20)], vec![(0, 10), (400, 12)]];
    let r = legend_place(&plot, size, 6, &top);
    assert!(r.1 > 100, "{r:?}");
    for l in &top {
        assert!(!l.windows(2).any(|s| segment_meets(s[0], s[1], r)));
    }
    assert!(segment_meets((0, 0), (10, 10), (5, 5, 6, 6)));
    assert!(!segment_meets((0, 0), (10, 0), (0, 1, 10, 5)));
    assert!(segment_meets((3, 3), (3, 3), (0, 0, 5, 5)));
}

#[test]
fn lr_chart_legend_avoids_a_warm_up_line() {
    let warm: Vec<f64> = (1..=20).map(|e| 1e-4 * e as f64).collect();
    let (s, map) = svg(|root| lr::draw(root, &LrChart { overlay: vec![], ..lr_chart(&warm) }, &ChartStyle::default()).unwrap());
    let (x, _) = texts(&s).into_iter().find(|t| t.1 == "learning rate").expect("legend");
    assert!(x < (map.px_x.0 + map.px_x.1) / 2, "legend at x={x}, plot {map:?}");
    let decay: Vec<f64> = (1..=20).map(|e| 1e-2 / e as f64).collect();
    let (s, map) = svg(|root| lr::draw(root, &LrChart { overlay: vec![], ..lr_chart(&decay) }, &ChartStyle::default()).unwrap());
    let (x, _) = texts(&s).into_iter().find(|t| t.1 == "learning rate").expect("legend");
    assert!(x > (map.px_x.0 + map.px_x.1) / 2, "legend at x={x}, plot {map:?}");
}

#[test]
fn heat_map_colour_bar_shows_the_outcome_scale_from_0() {
    use schedule_explorer::chart::heatmap::{self, colour_bar_range, HeatmapChart};
    assert_eq!(colour_bar_range(7e-18, 0.3), Some((0.0, 0.3)));
    assert_eq!(colour_bar_range(-0.5, -7e-18), Some((-0.5, 0.0)));
    assert_eq!(colour_bar_range(0.2, 0.3), Some((0.2, 0.3)));
    assert_eq!(colour_bar_range(2.0, 2.0), Some((1.8, 2.2)));
    assert_eq!(colour_bar_range(f64::NAN, 1.0), None);
    let data = HeatmapChart {
        title: "final LR".into(),
        x_values: vec![1e-3, 1e-2],
        y_values: vec![0.5, 0.8],
        values: vec![Some(0.0), Some(1.0), Some(0.5), Some(0.25)],
        scale: Some((7e-18, 0.31)),
        ..Default::default()
    };
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, (502, 380)).into_drawing_area();
        heatmap::draw(&root, &data, &ChartStyle::default()).unwrap();
    }
    let t: Vec<String> = texts(&s).into_iter().map(|t| t.1).collect();
    for label in ["0", "0.1", "0.2", "0.3"] {
        assert!(t.contains(&label.to_string()), "{label} in {t:?}");
    }
    assert!(!t.iter().any(|l| l.contains("e-18")), "{t:?}");
    // The bar's ends are viridis' ends.
    assert!(s.contains("#440154") || s.contains("rgb(68,1,84)") || s.to_lowercase().contains("440154"), "dark end drawn");
    let none = HeatmapChart { scale: None, ..data };
    let mut s2 = String::new();
    {
        let root = SVGBackend::with_string(&mut s2, (502, 380)).into_drawing_area();
        heatmap::draw(&root, &none, &ChartStyle::default()).unwrap();
    }
    assert!(!texts(&s2).iter().any(|t| t.1 == "0.3"), "no bar without a scale");
}

#[test]
fn heat_map_cells_are_reachable_with_the_arrow_keys() {
    use schedule_explorer::chart::heatmap::CellMap;
    let m = CellMap { px_x: (0, 300), px_y: (0, 200), nx: 3, ny: 2 };
    assert_eq!(m.key(None, "ArrowRight"), Some((0, 0)));
    assert_eq!(m.key(None, "x"), None);
    assert_eq!(m.key(Some((0, 0)), "ArrowRight"), Some((1, 0)));
    assert_eq!(m.key(Some((2, 0)), "ArrowRight"), Some((2, 0)));
    assert_eq!(m.key(Some((1, 0)), "ArrowUp"), Some((1, 1)));
    assert_eq!(m.key(Some((1, 1)), "ArrowUp"), Some((1, 1)));
    assert_eq!(m.key(Some((1, 1)), "ArrowDown"), Some((1, 0)));
    assert_eq!(m.key(Some((0, 1)), "ArrowLeft"), Some((0, 1)));
    assert_eq!(m.key(Some((1, 1)), "End"), Some((2, 1)));
    assert_eq!(m.key(Some((1, 1)), "Home"), Some((0, 0)));
    assert_eq!(m.key(Some((9, 9)), "ArrowLeft"), Some((1, 1)), "a stale selection is clamped");
    assert_eq!(CellMap::default().key(None, "ArrowRight"), None);
}

#[test]
fn scores_log_option_overrides_the_automatic_choice_but_never_logs_a_nonpositive_score() {
    let narrow = ScoresChart { train: vec![(1, 2.0), (2, 1.5)], dev: vec![(1, 2.2)], num_epochs: 2, log_y: true, force_log: None };
    assert!(!narrow.uses_log(), "a factor 1.5: linear by default");
    assert!(ScoresChart { force_log: Some(true), ..narrow.clone() }.uses_log());
    let wide = ScoresChart { train: vec![(1, 10.0), (2, 0.5)], ..narrow.clone() };
    assert!(wide.uses_log(), "a factor 20: log by default");
    assert!(!ScoresChart { force_log: Some(false), ..wide.clone() }.uses_log());
    let negative = ScoresChart { dev: vec![(1, -0.5)], force_log: Some(true), ..wide };
    assert!(!negative.uses_log());
    assert!(!ScoresChart { force_log: Some(true), ..Default::default() }.uses_log());
}

#[test]
fn zoom_and_pan_show_a_window_of_a_long_run() {
    use schedule_explorer::chart::{clip_x, x_window};
    assert_eq!(x_window(0.5..2000.5, None), 0.5..2000.5);
    assert_eq!(x_window(0.5..2000.5, Some((100.0, 200.0))), 100.0..200.0);
    // A pan past an end stops there, keeping the width; a window wider than all is all.
    assert_eq!(x_window(0.5..2000.5, Some((-50.0, 50.0))), 0.5..100.5);
    assert_eq!(x_window(0.5..2000.5, Some((1950.0, 2100.0))), 1850.5..2000.5);
    assert_eq!(x_window(0.5..10.5, Some((-100.0, 100.0))), 0.5..10.5);
    assert_eq!(x_window(0.5..10.5, Some((5.0, 5.1))).end - x_window(0.5..10.5, Some((5.0, 5.1))).start, 2.0, "at least 2 wide");
    assert_eq!(x_window(0.5..10.5, Some((f64::NAN, 1.0))), 0.5..10.5);
    assert_eq!(clip_x(&[(0.0, 0.0), (10.0, 10.0), (20.0, 0.0)], 5.0, 15.0), [(5.0, 5.0), (10.0, 10.0), (15.0, 5.0)]);
    assert_eq!(clip_x(&[(0.0, 0.0), (20.0, 20.0)], 5.0, 15.0), [(5.0, 5.0), (15.0, 15.0)]);
    assert!(clip_x(&[(0.0, 0.0), (1.0, 1.0)], 5.0, 15.0).is_empty());

    let lrs: Vec<f64> = (0..2000).map(|e| 0.1 * 0.999f64.powi(e)).collect();
    let data = LrChart { overlay: vec![], ..lr_chart(&lrs) };
    let style = ChartStyle { x_view: Some((100.0, 120.0)), ..Default::default() };
    let (_, map) = svg(|root| lr::draw(root, &data, &style).unwrap());
    assert_eq!(map.epochs, (100.0, 120.0));
    let y = (map.px_y.0 + map.px_y.1) as f64 / 2.0;
    assert_eq!(map.epoch_at(map.px_of(110).unwrap(), y), Some(110));
    assert_eq!(map.epoch_at(map.px_x.0 as f64 + 1.0, y), Some(100));
    // Zoom in around epoch 110 and pan by a quarter of the plot.
    assert_eq!(map.zoomed(110.0, 0.5), (105.0, 115.0));
    let w = (map.px_x.1 - map.px_x.0) as f64;
    assert_eq!(map.panned(w / 4.0), (95.0, 115.0));
    assert!((map.x_at(map.px_x.1 as f64) - 120.0).abs() < 1e-9);
}
