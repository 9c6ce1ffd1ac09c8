#![cfg(not(target_arch = "wasm32"))]
//! A/B compare (settings diff in RETURNN terms, decisions aligned per epoch) and the export of a
//! run (CSV/JSON), on scores-only runs, a simulated run and a real learning_rate_file.
use schedule_explorer::engine::compare::{align_decisions, settings_diff, SettingDiff};
use schedule_explorer::engine::replay::replay;
use schedule_explorer::returnn::run_export::{export_csv, export_json, SIM_CSV_HEADER};
use schedule_explorer::engine::settings::{Factor, Mode, Number, Scheme, Settings};
use schedule_explorer::engine::sim;
use schedule_explorer::py::json::json_to_float;
use schedule_explorer::returnn::lr_file::parse;
use schedule_explorer::py::value::float_repr;

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::realdata;

fn diff(key: &str, a: Option<&str>, b: Option<&str>) -> SettingDiff {
    SettingDiff { key: key.into(), a: a.map(str::to_string), b: b.map(str::to_string) }
}

fn scores_settings(scores: Vec<f64>) -> Settings {
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::Newbob;
    s.lr_control.learning_rate = Number::Float(0.1);
    s.mode = Mode::ScoresOnly { dev_scores: scores, train_scores: None };
    s
}

fn plateau() -> Vec<f64> {
    vec![3.0, 2.5, 2.2, 2.19, 2.185, 2.0, 1.95, 1.9895, f64::NAN, 1.5]
}

#[test]
fn settings_diff_in_returnn_terms() {
    let a = scores_settings(plateau());
    assert!(settings_diff(&a, &a.clone()).is_empty());
    // Writing RETURNN's default explicitly is no difference.
    let mut b = a.clone();
    b.lr_control.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(0.5)));
    assert!(settings_diff(&a, &b).is_empty(), "{:?}", settings_diff(&a, &b));
    let mut b = a.clone();
    b.lr_control.scheme = Scheme::NewbobAbs;
    b.lr_control.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(0.8)));
    b.lr_control.min_learning_rate = Some(Number::Float(1e-6));
    b.lr_control.learning_rate = Number::Int(1);
    b.run.seed = 7;
    let d = settings_diff(&a, &b);
    assert_eq!(
        d,
        vec![
            diff("learning_rate_control", Some("'newbob'"), Some("'newbob_abs'")),
            diff("learning_rate", Some("0.1"), Some("1")),
            diff("min_learning_rate", None, Some("1e-06")),
            diff("newbob_learning_rate_decay", None, Some("0.8")),
            diff("run.seed", Some("0"), Some("7")),
        ]
    );
    // Symmetric.
    let back = settings_diff(&b, &a);
    assert_eq!(back.len(), d.len());
    for (x, y) in back.iter().zip(&d) {
        assert_eq!((&x.key, &x.a, &x.b), (&y.key, &y.b, &y.a));
    }
    // Different scores are a difference too.
    let c = scores_settings(vec![1.0]);
    assert_eq!(settings_diff(&a, &c), vec![diff("mode", Some("scores_only: 10 dev scores"), Some("scores_only: 1 dev scores"))]);
    let mut other = plateau();
    other[3] = 0.0;
    let c = scores_settings(other);
    assert_eq!(
        settings_diff(&a, &c),
        vec![diff("mode", Some("scores_only: 10 dev scores (differ from epoch 4)"), Some("scores_only: 10 dev scores (differ from epoch 4)"))]
    );
    assert_eq!(settings_diff(&a, &Settings { mode: Mode::Simulate, ..a.clone() })[0].b.as_deref(), Some("simulate"));
}

fn decisions(s: &schedule_explorer::engine::sim::Simulation) -> Vec<schedule_explorer::engine::lr_control::Decision> {
    s.epochs().iter().filter_map(|e| e.decision.clone()).collect()
}

#[test]
fn ab_on_the_same_scores() {
    let a = scores_settings(plateau());
    let mut b = a.clone();
    b.lr_control.newbob_relative_error_threshold = Some(Number::Float(-0.05));
    let ra = sim::run(&a).expect("a");
    let rb = sim::run(&b).expect("b");
    let rows = align_decisions(&decisions(&ra), &decisions(&rb));
    assert_eq!(rows.len(), plateau().len());
    assert_eq!(settings_diff(&a, &b), vec![diff("newbob_relative_error_threshold", None, Some("-0.05"))]);
    // The first difference is the first epoch where the runs' LRs differ.
    let want = ra
        .epochs()
        .iter()
        .zip(rb.epochs())
        .find(|(x, y)| x.learning_rate.to_bits() != y.learning_rate.to_bits())
        .map(|(x, _)| x.epoch);
    assert!(want.is_some());
    assert_eq!(rows.iter().find(|r| !r.same_lr).map(|r| r.epoch), want);
    for (row, (x, y)) in rows.iter().zip(ra.epochs().iter().zip(rb.epochs())) {
        assert_eq!(row.epoch, x.epoch);
        assert_eq!(row.same_lr, x.learning_rate.to_bits() == y.learning_rate.to_bits());
        assert!(row.a_text.as_deref().is_some_and(|t| t.starts_with(&format!("epoch {}: ", row.epoch))));
        assert!(row.b_text.is_some());
    }
    // The NaN epoch: the explanation says why newbob cannot decay on it.
    let nan_row = rows.iter().find(|r| r.epoch == 10).expect("epoch 10");
    assert!(nan_row.a_text.as_deref().is_some_and(|t| t.contains("NaN")), "{:?}", nan_row.a_text);
    // Aligning lists of different lengths keeps every epoch.
    let short: Vec<_> = ra.epochs().iter().take(3).filter_map(|e| e.decision.clone()).collect();
    let long: Vec<_> = rb.epochs().iter().filter_map(|e| e.decision.clone()).collect();
    let rows = align_decisions(&short, &long);
    assert_eq!(rows.len(), 10);
    assert!(rows[5].a.is_none() && rows[5].b.is_some() && !rows[5].same_lr);
}

#[test]
fn ab_on_a_real_file() {
    let (name, text) = realdata("mpe.bs-setup.nopc.scores").pop().expect("file");
    let file = parse(&text).expect("parse");
    let mut a = Settings::default();
    a.lr_control.scheme = Scheme::Newbob;
    a.lr_control.learning_rate = Number::Float(1e-4);
    a.lr_control.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(0.8)));
    a.lr_control.min_learning_rate = Some(Number::Float(1e-6));
    let mut b = a.clone();
    b.lr_control.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(0.5)));
    let (ra, rb) = (replay(&file, &a, None), replay(&file, &b, None));
    assert!(ra.matches, "{name}");
    let rows = align_decisions(&ra.decisions, &rb.decisions);
    assert_eq!(rows.iter().find(|r| !r.same_lr).map(|r| r.epoch), rb.first_divergence, "{name}");
    // 0.5 is RETURNN's default: that side leaves the key unset.
    assert_eq!(settings_diff(&a, &b), vec![diff("newbob_learning_rate_decay", Some("0.8"), None)]);
    // Before the first difference both decided alike.
    let first = rb.first_divergence.expect("differs");
    assert!(rows.iter().filter(|r| r.epoch < first).all(|r| r.same_lr && r.same_verdict));
}

/// Splits one CSV line (RFC 4180 quoting).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().expect("field").push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            _ => out.last_mut().expect("field").push(c),
        }
    }
    out
}

#[test]
fn export_of_a_scores_only_run() {
    let run = sim::run(&scores_settings(plateau())).expect("run");
    let csv = export_csv(&run);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], SIM_CSV_HEADER);
    assert_eq!(lines.len(), run.epochs().len() + 1);
    for (line, e) in lines[1..].iter().zip(run.epochs()) {
        let f = csv_fields(line);
        assert_eq!(f.len(), 9, "{line}");
        assert_eq!(f[0], e.epoch.to_string());
        assert_eq!(f[1].parse::<f64>().map(f64::to_bits), Ok(e.learning_rate.to_bits()));
        assert_eq!(f[3], e.dev_score.map(float_repr).unwrap_or_default());
        assert_eq!(f[8], e.decision.as_ref().map(schedule_explorer::engine::lr_control::explain).unwrap_or_default());
    }
    let json = export_json(&run);
    assert_eq!(json["stop"]["kind"], "finished");
    let epochs = json["epochs"].as_array().expect("epochs");
    assert_eq!(epochs.len(), 10);
    for (j, e) in epochs.iter().zip(run.epochs()) {
        assert_eq!(json_to_float(&j["learning_rate"]).map(f64::to_bits), Some(e.learning_rate.to_bits()));
        assert_eq!(j["verdict"].as_str().is_some(), e.decision.is_some());
    }
    assert_eq!(epochs[8]["dev_score"], "NaN");
    // The settings come back, and the learning_rate_file is the run's table.
    let back: Settings = serde_json::from_value(json["settings"].clone()).expect("settings");
    assert_eq!(&back, run.settings());
    let file = parse(json["learning_rate_file"].as_str().expect("text")).expect("lr file");
    assert_eq!(file.len(), 10);
    for (d, e) in file.values().zip(run.epochs()) {
        assert_eq!(d.lr().to_bits(), e.learning_rate.to_bits());
    }
}

#[test]
fn export_of_a_simulated_run() {
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::Newbob;
    s.lr_control.learning_rate = Number::Float(0.05);
    s.run.num_epochs = 5;
    s.run.steps_per_epoch = 10;
    s.run.seed = 2;
    let run = sim::run(&s).expect("run");
    let csv = export_csv(&run);
    assert_eq!(csv.lines().count(), 6);
    let json = export_json(&run);
    assert_eq!(json["updates"], 50);
    assert!(json["epochs"][4]["train_score"].is_number());
    assert!(json["epochs"][0]["decision"]["verdict"]["kind"].is_string());
}

/// Every kind of decision has a sentence that says why: warm-up presets, holds, clamps, NaN
/// scores, multi-epoch windows and update intervals, key mismatches.
#[test]
fn explanations_cover_every_case() {
    use schedule_explorer::engine::lr_control::explain;
    use schedule_explorer::engine::settings::LearningRates;
    let texts = |s: &Settings| -> Vec<String> {
        sim::run(s).expect("run").epochs().iter().map(|e| e.decision.as_ref().map(explain).unwrap_or_default()).collect()
    };
    let mut s = scores_settings(vec![3.0, 2.5, 2.2, 2.19, 2.185, 2.0, 1.95, 1.9895, f64::NAN, 1.5, 1.4, 1.39]);
    s.lr_control.learning_rate = Number::Float(5e-4);
    s.lr_control.learning_rates = Some(LearningRates::List(vec![Number::Float(1e-4), Number::Float(3e-4)]));
    s.lr_control.min_learning_rate = Some(Number::Float(2e-4));
    s.lr_control.min_num_epochs_per_new_lr = Some(2);
    let t = texts(&s);
    assert!(t[0].starts_with("epoch 1: learning_rates preset (warm-up list)") && t[0].ends_with("→ 0.0001"), "{}", t[0]);
    assert!(t[2].contains("min_num_epochs_per_new_lr = 2: epochs [1, 2] have different learning rates") && t[2].ends_with("hold 0.0003"), "{}", t[2]);
    assert!(t[4].ends_with("decay: 0.0003 × 0.5 = 0.00015 < min_learning_rate → clamped to 0.0002"), "{}", t[4]);
    assert!(t[9].contains("1.9895 → nan") && t[9].contains("newbob never decays on it"), "{}", t[9]);
    s.lr_control.scheme = Scheme::NewbobMultiEpoch;
    s.lr_control.newbob_multi_num_epochs = Some(3);
    s.lr_control.newbob_multi_update_interval = Some(2);
    s.lr_control.learning_rates = None;
    s.lr_control.min_num_epochs_per_new_lr = None;
    let t = texts(&s);
    assert!(t[1].contains("not an update epoch (2 mod 2 ≠ 1; newbob_multi_epoch decides at epochs 1, 3, 5, ...)"), "{}", t[1]);
    assert!(t[2].contains("mean of 1 relative error over epochs [1, 2] = −0.200"), "{}", t[2]);
    assert!(t[4].contains("mean of 3 relative errors over epochs [1, 2, 3, 4]"), "{}", t[4]);
    assert!(t[10].contains("= nan (NaN: neither > threshold −0.01 nor < the grow threshold"), "{}", t[10]);
    // Key mismatch on a real-looking file.
    let f = parse(
        "{1: EpochData(learningRate=0.1, error={'dev_score': 1.0}), 2: EpochData(learningRate=0.1, error={'dev_score_output': 0.9}), \
         3: EpochData(learningRate=0.1, error={'dev_score_output': 0.9})}",
    )
    .expect("parse");
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::Newbob;
    s.lr_control.learning_rate = Number::Float(0.1);
    let r = replay(&f, &s, None);
    assert!(r.matches);
    let why = r.explanation(2).unwrap_or_default();
    assert!(why.contains("error keys differ (dev_score vs dev_score_output)") && why.contains("never compared"), "{why}");
}
