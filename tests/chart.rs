//! The charts drawn natively: SVG (text content) and an RGB buffer (pixels), through the same
//! generic functions the app draws on its canvas.
#![cfg(not(target_arch = "wasm32"))]
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use schedule_explorer::chart::loss::{self, decimate, LossChart};
use schedule_explorer::chart::lr::{self, LrChart, LrPoint, Marker};
use schedule_explorer::chart::scores::{self, ScoresChart};
use schedule_explorer::chart::surface::{self, colour, dedupe_pixels, log_level, HeatGrid, SurfaceChart, SurfaceMap, SurfacePath};
use schedule_explorer::chart::{palette, ChartStyle};

/// A bitmap backend that skips text: plotters has no font natively without `ttf`, and the
/// pixels under test are lines, markers and cells.
struct NoText<'a>(BitMapBackend<'a>);

type BmErr = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

impl<'a> DrawingBackend for NoText<'a> {
    type ErrorType = BmErr;
    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<BmErr>> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<BmErr>> {
        self.0.present()
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Result<(), DrawingErrorKind<BmErr>> {
        self.0.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S) -> Result<(), DrawingErrorKind<BmErr>> {
        self.0.draw_line(a, b, s)
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S, f: bool) -> Result<(), DrawingErrorKind<BmErr>> {
        self.0.draw_rect(a, b, s, f)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, v: I, s: &S) -> Result<(), DrawingErrorKind<BmErr>> {
        self.0.fill_polygon(v, s)
    }
    fn draw_circle<S: BackendStyle>(&mut self, c: BackendCoord, r: u32, s: &S, f: bool) -> Result<(), DrawingErrorKind<BmErr>> {
        self.0.draw_circle(c, r, s, f)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, _: &str, _: &S, _: BackendCoord) -> Result<(), DrawingErrorKind<BmErr>> {
        Ok(())
    }
}

const W: u32 = 480;
const H: u32 = 300;

fn bitmap(draw: impl FnOnce(&DrawingArea<NoText, Shift>)) -> Vec<u8> {
    let mut buf = vec![0u8; (W * H * 3) as usize];
    {
        let root = NoText(BitMapBackend::with_buffer(&mut buf, (W, H))).into_drawing_area();
        draw(&root);
    }
    buf
}

fn svg(draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>)) -> String {
    let mut s = String::new();
    {
        let root = SVGBackend::with_string(&mut s, (W, H)).into_drawing_area();
        draw(&root);
    }
    s
}

/// The text contents of an SVG's `<text>` elements.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text").skip(1).filter_map(|t| Some(t.split_once('>')?.1.split_once("</text>")?.0.trim().to_string())).collect()
}

fn count(buf: &[u8], c: RGBColor) -> usize {
    buf.chunks(3).filter(|p| (p[0] as i32 - c.0 as i32).abs() + (p[1] as i32 - c.1 as i32).abs() + (p[2] as i32 - c.2 as i32).abs() < 24).count()
}

fn staircase() -> LrChart {
    LrChart {
        points: vec![
            LrPoint { epoch: 1, lr: 1e-3, marker: Marker::None },
            LrPoint { epoch: 2, lr: 1e-3, marker: Marker::Decay },
            LrPoint { epoch: 3, lr: 5e-4, marker: Marker::Hold },
            LrPoint { epoch: 4, lr: 5e-4, marker: Marker::Grow },
            LrPoint { epoch: 5, lr: 1e-3, marker: Marker::None },
        ],
        overlay: vec![],
        num_epochs: 8,
    }
}

#[test]
fn lr_chart_svg_has_title_axis_and_legend() {
    let t = texts(&svg(|root| { lr::draw(root, &staircase(), &ChartStyle::default()).unwrap(); }));
    assert!(t.contains(&"learning rate per epoch".to_string()), "{t:?}");
    assert!(t.contains(&"epoch".to_string()), "{t:?}");
    assert!(t.contains(&"learning rate".to_string()), "legend: {t:?}");
    assert!(!t.contains(&"recorded".to_string()), "no overlay legend without an overlay");
    // integer epoch ticks only, and short LR ticks on the log axis
    assert!(t.iter().any(|l| l == "4") && !t.iter().any(|l| l.contains(".5")), "{t:?}");
    assert!(t.iter().any(|l| l == "0.001"), "{t:?}");
}

#[test]
fn lr_chart_draws_staircase_and_every_marker_kind() {
    let buf = bitmap(|root| { lr::draw(root, &staircase(), &ChartStyle::default()).unwrap(); });
    assert!(count(&buf, palette::LR) > 150, "LR line pixels");
    assert!(count(&buf, palette::DECAY) > 20, "decay marker");
    assert!(count(&buf, palette::GROW) > 20, "grow marker");
    assert!(count(&buf, palette::HOLD) > 20, "hold marker");
}

#[test]
fn lr_overlay_is_drawn_and_named() {
    let mut c = staircase();
    c.overlay = vec![(1, 2e-3), (2, 2e-3), (3, 1e-3)];
    let buf = bitmap(|root| { lr::draw(root, &c, &ChartStyle::default()).unwrap(); });
    assert!(count(&buf, palette::OVERLAY) > 30);
    let s = svg(|root| { lr::draw(root, &c, &ChartStyle::default()).unwrap(); });
    assert!(s.contains("recorded"));
}

#[test]
fn charts_without_data_say_so_instead_of_failing() {
    let s = svg(|root| { lr::draw(root, &LrChart::default(), &ChartStyle::default()).unwrap(); });
    assert!(s.contains("no data yet"));
    // LR 0 / negative / NaN cannot go on a log axis: left out, not a panic
    let bad = LrChart { points: vec![LrPoint { epoch: 1, lr: 0.0, marker: Marker::None }, LrPoint { epoch: 2, lr: f64::NAN, marker: Marker::Decay }], overlay: vec![], num_epochs: 2 };
    let s = svg(|root| { lr::draw(root, &bad, &ChartStyle::default()).unwrap(); });
    assert!(s.contains("no data yet"));
    let s = svg(|root| { scores::draw(root, &ScoresChart::default(), &ChartStyle::default()).unwrap(); });
    assert!(s.contains("no data yet"));
    let s = svg(|root| { loss::draw(root, &LossChart::default(), &ChartStyle::default()).unwrap(); });
    assert!(s.contains("no data yet"));
}

#[test]
fn scores_chart_draws_train_and_dev_with_linear_axis_for_negative_scores() {
    let c = ScoresChart { train: vec![(1, 3.0), (2, 2.0), (3, 1.5)], dev: vec![(1, 3.2), (2, 2.5), (3, -0.5)], num_epochs: 5, log_y: true, force_log: None };
    let buf = bitmap(|root| { scores::draw(root, &c, &ChartStyle::default()).unwrap(); });
    assert!(count(&buf, palette::TRAIN) > 50);
    assert!(count(&buf, palette::DEV) > 50);
    let s = svg(|root| { scores::draw(root, &c, &ChartStyle::default()).unwrap(); });
    assert!(s.contains("train") && s.contains("dev"));
}

#[test]
fn loss_chart_and_decimation_keep_spikes() {
    let mut v: Vec<f64> = (0..10_000).map(|i| 1.0 / (1.0 + i as f64)).collect();
    v[5_000] = 50.0;
    v[7_000] = f64::NAN;
    let d = decimate(&v, 200);
    assert!(d.len() <= 400, "{}", d.len());
    assert!(d.iter().any(|p| p.1 == 50.0 && p.0 == 5_001.0), "the spike survives at its update number");
    assert!(d.iter().all(|p| p.1.is_finite()));
    assert!(d.windows(2).all(|w| w[0].0 < w[1].0), "x increasing");
    let buf = bitmap(|root| { loss::draw(root, &LossChart { losses: v, steps_per_epoch: 100 }, &ChartStyle::default()).unwrap(); });
    assert!(count(&buf, palette::LOSS) > 100);
}

#[test]
fn heat_map_colours_are_monotone_on_a_log_scale() {
    assert_eq!(log_level(0.0, 0.0, 100.0), 0.0);
    assert_eq!(log_level(100.0, 0.0, 100.0), 1.0);
    let a = log_level(0.01, 0.0, 100.0);
    let b = log_level(1.0, 0.0, 100.0);
    assert!(0.0 < a && a < b && b < 1.0);
    assert!(b > 0.5, "log scale: 1% of the range is past the middle");
    assert_eq!(log_level(f64::NAN, 0.0, 1.0), 1.0);
    assert_eq!(colour(0.0), RGBColor(68, 1, 84));
    assert_eq!(colour(1.0), RGBColor(253, 231, 37));
}

fn quadratic_chart() -> SurfaceChart {
    SurfaceChart {
        title: "surface: quadratic".into(),
        grid: HeatGrid::sample((-3.0, 3.0), (-2.0, 2.0), 60, 40, |x, y| 0.5 * (x * x + 10.0 * y * y)),
        trajectory: vec![(2.5, 1.5), (1.0, -0.5), (0.2, 0.1), (0.0, 0.0)],
        start: (2.5, 1.5),
        minima: vec![(0.0, 0.0)],
    }
}

#[test]
fn surface_draws_cells_path_start_and_minimum() {
    let buf = bitmap(|root| {
        surface::draw(root, &quadratic_chart(), &ChartStyle::default()).unwrap();
    });
    assert!(count(&buf, colour(0.0)) > 10, "the valley floor is dark");
    assert!(count(&buf, colour(1.0)) > 10, "the corners are bright");
    assert!(count(&buf, palette::START) > 20, "start point");
    assert!(count(&buf, palette::TRAJECTORY) > 30, "trajectory");
}

#[test]
fn surface_map_turns_clicks_into_points_and_back() {
    let mut map = SurfaceMap::default();
    bitmap(|root| map = surface::draw(root, &quadratic_chart(), &ChartStyle::default()).unwrap());
    assert!(map.px_x.1 > map.px_x.0 + 100 && map.px_y.1 > map.px_y.0 + 100, "{map:?}");
    for p in [(2.5, 1.5), (-1.0, 0.5), (0.0, 0.0)] {
        let (px, py) = map.to_pixel(p);
        let q = map.to_domain(px, py).unwrap();
        assert!((q.0 - p.0).abs() < 1e-9 && (q.1 - p.1).abs() < 1e-9, "{p:?} -> {q:?}");
    }
    assert_eq!(map.to_domain(0.0, 0.0), None, "outside the plot");
    // the start point really is drawn where to_pixel says
    let buf = bitmap(|root| {
        surface::draw(root, &quadratic_chart(), &ChartStyle::default()).unwrap();
    });
    let (px, py) = map.to_pixel((2.5, 1.5));
    let i = ((py.round() as u32 * W + px.round() as u32) * 3) as usize;
    assert_eq!(RGBColor(buf[i], buf[i + 1], buf[i + 2]), palette::START);
}

#[test]
fn high_dpi_scale_keeps_the_layout() {
    let style = ChartStyle { scale: 2.0, ..Default::default() };
    let mut big = vec![0u8; (W * 2 * H * 2 * 3) as usize];
    let map = {
        let root = NoText(BitMapBackend::with_buffer(&mut big, (W * 2, H * 2))).into_drawing_area();
        surface::draw(&root, &quadratic_chart(), &style).unwrap()
    };
    let mut small = SurfaceMap::default();
    bitmap(|root| small = surface::draw(root, &quadratic_chart(), &ChartStyle::default()).unwrap());
    let ratio = (map.px_x.1 - map.px_x.0) as f64 / (small.px_x.1 - small.px_x.0) as f64;
    assert!((ratio - 2.0).abs() < 0.05, "{ratio}");
}

/// A trajectory that spirals into the minimum: thousands of points, most on a few pixels.
fn spiral_chart() -> SurfaceChart {
    let trajectory: Vec<(f64, f64)> = (0..5000)
        .map(|i| {
            let t = i as f64 * 0.01;
            let r = 2.5 * (-0.8 * t).exp();
            (r * t.cos(), 0.6 * r * t.sin())
        })
        .collect();
    SurfaceChart { trajectory, start: (2.5, 0.0), ..quadratic_chart() }
}

/// The app keeps the background (title, axes, heat-map) between runs and draws only the path
/// over a copy of it: the pixels are exactly those of a full draw.
#[test]
fn path_over_a_kept_background_is_the_full_drawing() {
    for style in [ChartStyle::default(), ChartStyle { scale: 1.5, ..Default::default() }] {
        let chart = spiral_chart();
        let full = bitmap(|root| {
            surface::draw(root, &chart, &style).unwrap();
        });
        let mut map = SurfaceMap::default();
        let background = bitmap(|root| map = surface::draw_background(root, &chart.grid, &chart.title, &style).unwrap());
        assert_ne!(background, full);
        let mut layered = background.clone();
        {
            let root = NoText(BitMapBackend::with_buffer(&mut layered, (W, H))).into_drawing_area();
            let path = SurfacePath { trajectory: &chart.trajectory, start: chart.start, minima: &chart.minima };
            surface::draw_path(&root, &map, &path, &style).unwrap();
        }
        assert!(layered == full, "scale {}", style.scale);
    }
}

/// Dropping the points that land on the pixel of the point before draws the same line.
#[test]
fn same_pixel_points_are_dropped_without_changing_a_pixel() {
    let chart = spiral_chart();
    let mut kept = vec![];
    let line = |dedupe: bool, kept: &mut Vec<(f64, f64)>| {
        bitmap(|root| {
            root.fill(&BLACK).unwrap();
            let mut c = ChartBuilder::on(root).build_cartesian_2d(-3.0..3.0, -2.0..2.0).unwrap();
            let mut pts = chart.trajectory.clone();
            if dedupe {
                let area = c.plotting_area();
                pts = dedupe_pixels(pts, |p| area.map_coordinate(&p));
                kept.clone_from(&pts);
            }
            c.draw_series(LineSeries::new(pts, Color::stroke_width(&WHITE, 2))).unwrap();
        })
    };
    let all = line(false, &mut kept);
    let fewer = line(true, &mut kept);
    assert!(kept.len() * 4 < chart.trajectory.len(), "{} of {}", kept.len(), chart.trajectory.len());
    assert_eq!(kept.first(), chart.trajectory.first());
    assert_eq!(kept.last(), chart.trajectory.last(), "the end point stays");
    assert!(all == fewer);
}

/// A 2 000-epoch noisy curve thinned to at most four points per pixel column draws exactly the
/// same pixels as the whole curve (M4: a line through each column's first, lowest, highest and
/// last point covers the same pixels). The joins of the app's 2-pixel strokes differ slightly.
#[test]
fn thinned_long_curves_draw_the_same_pixels() {
    let mut seed = 7u64;
    let pts: Vec<(f64, f64)> = (1..=2000)
        .map(|e| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (e as f64, 1.0 + (e as f64 / 300.0).sin() + (seed >> 40) as f64 / (1u64 << 24) as f64 * 0.3)
        })
        .collect();
    let draw = |do_thin: bool| {
        let mut kept = 0;
        let buf = bitmap(|root| {
            root.fill(&WHITE).unwrap();
            let mut c = ChartBuilder::on(root).margin(5).build_cartesian_2d(0.5..2000.5, 0.0..2.5).unwrap();
            let line = if do_thin { schedule_explorer::chart::thin(&pts, |p| c.backend_coord(&p)) } else { pts.clone() };
            kept = line.len();
            c.draw_series(LineSeries::new(line, Color::stroke_width(&BLUE, 1))).unwrap();
        });
        (buf, kept)
    };
    let (all, _) = draw(false);
    let (thinned, kept) = draw(true);
    assert!(kept < pts.len() && kept <= 4 * W as usize, "{kept}");
    assert!(all == thinned);
}
