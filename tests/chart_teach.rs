#![cfg(not(target_arch = "wasm32"))]
//! The teach charts (overlay of curves, sweep heat-map) drawn natively to SVG.
use plotters::prelude::*;
use schedule_explorer::chart::heatmap::{self, cell_colour, CellMap, HeatmapChart, FAILED, PENDING};
use schedule_explorer::chart::overlay::{self, EpochMap, OverlayChart, Series};
use schedule_explorer::chart::ChartStyle;

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn svg_overlay(data: &OverlayChart) -> (String, EpochMap) {
    let mut s = String::new();
    let map = {
        let root = SVGBackend::with_string(&mut s, (600, 300)).into_drawing_area();
        overlay::draw(&root, data, &ChartStyle::default()).expect("draw")
    };
    (s, map)
}

fn lr_series(label: &str, color: RGBColor, lrs: &[f64], dashed: bool) -> Series {
    Series {
        label: label.into(),
        color,
        points: lrs.iter().enumerate().map(|(i, v)| (i as f64 + 1.0, *v)).collect(),
        dashed,
        stairs: true,
    }
}

#[test]
fn overlay_draws_every_series_and_the_divergence_marker() {
    let a = RGBColor(0x11, 0x22, 0x33);
    let b = RGBColor(0xaa, 0x55, 0x00);
    let data = OverlayChart {
        title: "learning rate".into(),
        log_y: true,
        series: vec![lr_series("replayed", a, &[1e-4, 1e-4, 5e-5, 5e-5], false), lr_series("recorded", b, &[1e-4, 1e-4, 8e-5, 8e-5], true)],
        marker: Some((3.0, "first divergence".into())),
        highlight: Some(2.0),
    };
    let (svg, map) = svg_overlay(&data);
    assert!(svg.contains(&hex(a)) && svg.contains(&hex(b)), "both colours drawn");
    assert!(svg.contains("first divergence at epoch 3"));
    assert!(svg.contains("stroke-dasharray") || svg.matches(&hex(b)).count() > 2, "recorded is dashed");
    // The pixel map turns a column back into the epoch under it.
    let mid_y = (map.px_y.0 + map.px_y.1) as f64 / 2.0;
    let x_of = |e: f64| map.px_x.0 as f64 + (e - map.epochs.0) / (map.epochs.1 - map.epochs.0) * (map.px_x.1 - map.px_x.0) as f64;
    for e in 1..=4 {
        assert_eq!(map.epoch_at(x_of(e as f64), mid_y), Some(e));
    }
    assert_eq!(map.epoch_at(map.px_x.0 as f64 - 5.0, mid_y), None);
}

#[test]
fn overlay_without_data_says_so_and_skips_bad_values() {
    let (svg, map) = svg_overlay(&OverlayChart { title: "scores".into(), ..Default::default() });
    assert!(svg.contains("scores: no data yet"));
    assert_eq!(map, EpochMap::default());
    let c = RGBColor(0x12, 0x34, 0x56);
    let (svg, _) = svg_overlay(&OverlayChart {
        title: "lr".into(),
        log_y: true,
        series: vec![lr_series("x", c, &[f64::NAN, -1.0, 0.0, 1e-3, f64::INFINITY, 2e-3], false)],
        ..Default::default()
    });
    assert!(svg.contains(&hex(c)));
}

#[test]
fn heatmap_colours_cells_and_maps_clicks_back() {
    let data = HeatmapChart {
        title: "sweep".into(),
        x_label: "learning_rate".into(),
        y_label: "newbob_learning_rate_decay".into(),
        x_values: vec![1e-5, 1e-4, 1e-3],
        y_values: vec![0.5, 0.8],
        values: vec![Some(0.0), Some(1.0), Some(f64::NAN), None, Some(0.5), Some(0.25)],
        selected: Some((1, 0)),
        scale: None,
    };
    let mut s = String::new();
    let map: CellMap = {
        let root = SVGBackend::with_string(&mut s, (500, 400)).into_drawing_area();
        heatmap::draw(&root, &data, &ChartStyle::default()).expect("draw")
    };
    for v in [Some(0.0), Some(1.0), Some(0.5), Some(0.25), Some(f64::NAN), None] {
        assert!(s.contains(&hex(cell_colour(v))), "cell colour {v:?}");
    }
    assert_eq!(cell_colour(None), PENDING);
    assert_eq!(cell_colour(Some(f64::NAN)), FAILED);
    assert_ne!(cell_colour(Some(0.0)), cell_colour(Some(1.0)));
    assert_eq!((map.nx, map.ny), (3, 2));
    let w = (map.px_x.1 - map.px_x.0) as f64 / 3.0;
    let h = (map.px_y.1 - map.px_y.0) as f64 / 2.0;
    for xi in 0..3 {
        for yi in 0..2 {
            let px = map.px_x.0 as f64 + (xi as f64 + 0.5) * w;
            let py = map.px_y.1 as f64 - (yi as f64 + 0.5) * h;
            assert_eq!(map.cell_at(px, py), Some((xi, yi)));
        }
    }
    assert_eq!(map.cell_at(0.0, 0.0), None);
    // Labels at the cell centres.
    assert!(s.contains("\n1e-4\n") && s.contains("\n0.8\n"), "labels at the cells");
}

#[test]
fn empty_heatmap_asks_for_a_sweep() {
    let mut s = String::new();
    let map = {
        let root = SVGBackend::with_string(&mut s, (300, 200)).into_drawing_area();
        heatmap::draw(&root, &HeatmapChart::default(), &ChartStyle::default()).expect("draw")
    };
    assert!(s.contains("choose two settings"));
    assert_eq!(map.cell_at(10.0, 10.0), None);
}
