//! The plain-data side of the teach / replay / compare panels (compiled and tested natively):
//! the LR-control config of a form, what a replayed file puts into the form, the framework
//! names of the hooks, and the share link's query.
use crate::engine::equivalents::Framework;
use crate::engine::settings::Settings;
use crate::engine::sweep::CellResult;
use crate::engine::workbench::ReplayView;
use crate::py::value::float_repr;
use crate::py::typed_config::TypedConfig;
use crate::ui::form::Form;
use crate::ui::model::settings_from_form;

/// The engine settings of the form's LR-control fields only (the optimizer and simulator fields
/// do not matter for a replay, so their errors do not block it). `Err` = the messages of the bad
/// LR-control fields.
pub fn lr_settings(form: &Form) -> Result<Settings, String> {
    let mut f = form.clone();
    f.scores_only = true;
    f.scores = "1.0".into();
    settings_from_form(&f).map_err(|errs| {
        errs.iter().map(|e| format!("{}: {}", e.name, e.message)).collect::<Vec<_>>().join("; ")
    })
}

/// The RETURNN config map the LR control reads for these settings.
pub fn lr_config(s: &Settings) -> TypedConfig {
    let mut c = TypedConfig::new();
    for (k, v) in s.lr_control_config() {
        c.set(&k, v);
    }
    // The step schedule too: the replay of a modern run compares the effective LRs under it.
    for (k, v) in s.step_schedule.iter().flat_map(|st| st.to_config()) {
        c.set(&k, v);
    }
    c
}

/// The `learningRate` of the file's first epoch (what [`apply_replay`] puts into the form).
pub fn first_recorded_lr(file: &crate::returnn::lr_file::LrFile) -> Option<f64> {
    file.values().next().map(|d| d.lr())
}

/// What a replayed `learning_rate_file` put into the form: the recorded LRs for the LR chart's
/// overlay, and the lines of the import report (which score key, where the scores stop).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileApplied {
    pub overlay: Vec<(u64, f64)>,
    pub report: Vec<String>,
}

/// Puts a replayed file into the form — the one way a `learning_rate_file` reaches the app,
/// whichever control it came through: scores-only mode with the scores of the error key RETURNN's
/// search chooses (epoch 1, 2, ... up to the first epoch without one, or a gap), and
/// `learning_rate` = the recorded LR of the first epoch.
pub fn apply_replay(form: &mut Form, view: &ReplayView) -> FileApplied {
    let mut report = Vec::new();
    if let Some(key) = &view.error_key {
        report.push(format!("dev scores read from {key:?} ({})", view.key_reason));
    }
    let mut scores = Vec::new();
    for (expected, e) in (1..).zip(&view.epochs) {
        if *e != expected {
            report.push(format!("epoch {e}: not consecutive from epoch 1; scores stop before it"));
            break;
        }
        match view.key_scores.iter().find(|(k, _)| k == e) {
            Some((_, s)) => scores.push(float_repr(*s)),
            None => {
                report.push(format!("epoch {e}: no score under RETURNN's error key; scores stop before it"));
                break;
            }
        }
    }
    if !scores.is_empty() {
        form.scores_only = true;
        form.scores = scores.join("\n");
    }
    if let Some(lr) = view.recorded_lr.first() {
        form.set_field("learning_rate", &float_repr(*lr));
    }
    let overlay = view.epochs.iter().zip(&view.recorded_lr).filter(|(e, _)| **e >= 1).map(|(e, lr)| (*e as u64, *lr)).collect();
    FileApplied { overlay, report }
}

/// Puts a step schedule (e.g. the inferred one) into the form: every step key is cleared, then
/// `dynamic_learning_rate` gets the schedule's name (`None`: no schedule) and each of its keys the
/// value's Python repr.
pub fn apply_step_schedule(form: &mut Form, schedule: Option<&crate::engine::settings::StepScheduleSettings>) {
    for k in crate::engine::keys::step_keys() {
        form.set_field(k.name, "");
    }
    let Some(s) = schedule else { return };
    for (k, v) in s.to_config() {
        let text = match (k.as_str(), &v) {
            (crate::engine::step_lr::DYNAMIC_LEARNING_RATE, crate::py::value::PyValue::Str(name)) => name.clone(),
            _ => v.repr(),
        };
        form.set_field(&k, &text);
    }
}

/// The replay-infer button: the schedule inferred from the loaded file's recorded effective LRs
/// put into the form (when one is found), and the sentence for `replay-inferred`.
pub fn infer_into_form(form: &mut Form, file: &crate::returnn::lr_file::LrFile) -> String {
    let Some(inf) = crate::engine::step_infer::infer_file(file) else {
        return "this file records no :meta:effective_learning_rate: there is no step schedule to infer (the LR control's replay above compares the epoch learning rates)".into();
    };
    let Some(best) = inf.best() else { return inf.summary() };
    let mut text = inf.summary();
    // The schedule multiplies the LR control's epoch LR: when the current LR-control settings do
    // not replay the recorded `learningRate` and it is one value throughout (today's setups: a
    // flat 1.0), that is `constant` with that learning_rate.
    let control_ok = lr_settings(form).is_ok_and(|s| crate::engine::replay::replay_with_config(file, &lr_config(&s), None).matches);
    let first = first_recorded_lr(file);
    let flat = first.filter(|lr| file.values().all(|d| d.lr().to_bits() == lr.to_bits()));
    if let (false, Some(lr)) = (control_ok, flat) {
        form.set_field("learning_rate_control", "constant");
        form.set_field("learning_rate", &float_repr(lr));
        form.set_field("learning_rates", "");
        text.push_str(&format!("; the recorded epoch LR is {} throughout: learning_rate_control set to 'constant'", float_repr(lr)));
    }
    apply_step_schedule(form, best.schedule.as_ref());
    text
}

/// A sweep's cells as heat-map values in [0, 1] (min → 0, max → 1; all equal → 0.5), with the
/// range of the finite values. A computed cell without a value (not reached, failed) is NaN,
/// a cell not computed yet `None`.
pub fn heat_values(cells: &[Option<CellResult>]) -> (Vec<Option<f64>>, Option<(f64, f64)>) {
    let finite = cells.iter().flatten().filter_map(|c| c.value).filter(|v| v.is_finite());
    let range = finite.fold(None, |r: Option<(f64, f64)>, v| Some(r.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v)))));
    let scaled = cells
        .iter()
        .map(|c| {
            let c = c.as_ref()?;
            Some(match (c.value.filter(|v| v.is_finite()), range) {
                (Some(v), Some((lo, hi))) if hi > lo => (v - lo) / (hi - lo),
                (Some(_), _) => 0.5,
                (None, _) => f64::NAN,
            })
        })
        .collect();
    (scaled, range)
}


/// The teach panels' part of a shared view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TeachView {
    pub compare: Option<Form>,
    /// The framework of the equivalents panel (`None`: the default, not in the link).
    pub framework: Option<Framework>,
    pub advanced: bool,
    pub sweep_x: String,
    pub sweep_y: String,
    /// The recorded learning rates of a replayed file shown on the LR chart, `(epoch, lr)`, as a
    /// link carries them (`recorded=1:0.001,2:0.001,...`); a bad entry is reported by
    /// [`recorded_from_text`] and the list is then not used.
    pub recorded: Vec<(u64, f64)>,
}

/// The `recorded` value of a link: `epoch:lr` pairs, comma-separated, LRs as Python `repr`.
pub fn recorded_to_text(recorded: &[(u64, f64)]) -> String {
    recorded.iter().map(|(e, lr)| format!("{e}:{}", float_repr(*lr))).collect::<Vec<_>>().join(",")
}

/// Reads a `recorded` value; the error names the entry (1-based) and what is wrong with it.
pub fn recorded_from_text(text: &str) -> Result<Vec<(u64, f64)>, String> {
    let mut out: Vec<(u64, f64)> = Vec::new();
    for (i, part) in text.split(',').filter(|p| !p.trim().is_empty()).enumerate() {
        let bad = |why: &str| format!("recorded: entry {} {part:?}: {why}", i + 1);
        let (e, lr) = part.split_once(':').ok_or_else(|| bad("expected epoch:learning_rate"))?;
        let e: u64 = e.trim().parse().map_err(|_| bad("the epoch is not a positive integer"))?;
        let lr = crate::returnn::python_literal::py_float_from_str(lr.trim()).ok_or_else(|| bad("the learning rate is not a number"))?;
        if e == 0 || out.last().is_some_and(|(prev, _)| *prev >= e) {
            return Err(bad("epochs must be >= 1 and increasing"));
        }
        out.push((e, lr));
    }
    Ok(out)
}

/// Prefix of the B settings' keys in a shared link.
pub const B_PREFIX: &str = "B.";

/// The query of a link reproducing the view: the form's pairs, then the teach panels' keys, then
/// the recorded LRs on the LR chart, if any.
pub fn share_pairs(form: &Form, t: &TeachView) -> Vec<(String, String)> {
    let mut out = form.to_pairs();
    if let Some(b) = &t.compare {
        out.push(("compare".into(), "1".into()));
        out.extend(b.to_pairs().into_iter().map(|(k, v)| (format!("{B_PREFIX}{k}"), v)));
    }
    if let Some(f) = t.framework {
        out.push(("fw".into(), f.name().to_string()));
    }
    if t.advanced {
        out.push(("advanced".into(), "1".into()));
    }
    if !t.sweep_x.is_empty() {
        out.push(("sweep_x".into(), t.sweep_x.clone()));
    }
    if !t.sweep_y.is_empty() {
        out.push(("sweep_y".into(), t.sweep_y.clone()));
    }
    if !t.recorded.is_empty() {
        out.push(("recorded".into(), recorded_to_text(&t.recorded)));
    }
    out
}

/// Reads the teach panels' keys of a query (the form's keys are read by the app).
pub fn teach_view_from_pairs(pairs: &[(String, String)]) -> TeachView {
    let get = |k: &str| pairs.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let compare = (get("compare").as_deref() == Some("1")).then(|| {
        let b: Vec<(&str, &str)> =
            pairs.iter().filter_map(|(k, v)| k.strip_prefix(B_PREFIX).map(|k| (k, v.as_str()))).collect();
        Form::from_pairs(b).0
    });
    TeachView {
        compare,
        framework: get("fw").and_then(|f| Framework::from_name(&f)),
        advanced: matches!(get("advanced").as_deref(), Some("1" | "true")),
        sweep_x: get("sweep_x").unwrap_or_default(),
        sweep_y: get("sweep_y").unwrap_or_default(),
        recorded: get("recorded").and_then(|t| recorded_from_text(&t).ok()).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::workbench::replay;
    use crate::returnn::lr_file::parse;

    fn seqtrain_form(decay: &str) -> Form {
        let mut f = Form::default();
        for (k, v) in [("learning_rate_control", "newbob"), ("learning_rate", "0.0001"), ("newbob_learning_rate_decay", decay), ("min_learning_rate", "1e-06")] {
            f.set_field(k, v);
        }
        f
    }

    #[test]
    fn inferring_the_real_modern_run_fills_the_form_and_its_replay_matches_bit_for_bit() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/realdata/lrfiles/rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt");
        let file = parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut f = Form::default();
        // The page opens with a newbob preset: its decay at epoch 5 is not the recorded flat 1.0.
        f.set_field("learning_rate_control", "newbob");
        f.set_field("learning_rate", "1.0");
        // Before: no schedule, the effective LRs differ from epoch 1 on.
        let v = replay(&lr_config(&lr_settings(&f).unwrap()), &file);
        let step = v.step.clone().expect("a modern run");
        assert!(!step.matches);
        assert_eq!(step.first_difference.map(|d| d.epoch), Some(1));
        f.set_field("learning_rate_piecewise_by_epoch_continuous", "True");
        let text = infer_into_form(&mut f, &file);
        assert!(text.starts_with("dyn_lr_piecewise_linear@factor: learning_rate_piecewise_steps [600000, 900000, 982000]"), "{text}");
        assert!(text.contains("learning_rate_control set to 'constant'"), "{text}");
        assert_eq!(f.get("learning_rate_control"), "constant");
        assert_eq!(f.get("dynamic_learning_rate"), "dyn_lr_piecewise_linear@factor");
        assert_eq!(f.get("learning_rate_piecewise_values"), "[1e-05, 0.001, 1e-05, 1e-06]");
        assert_eq!(f.get("learning_rate_piecewise_by_epoch_continuous"), "", "stale step keys are cleared");
        let v = replay(&lr_config(&lr_settings(&f).unwrap()), &file);
        let step = v.step.expect("a modern run");
        assert!(step.matches, "{}", step.summary());
        // The neighbouring variant, same numbers: differs.
        f.set_field("dynamic_learning_rate", "dyn_lr_piecewise_linear@interp");
        let step = replay(&lr_config(&lr_settings(&f).unwrap()), &file).step.expect("modern");
        assert!(!step.matches && step.first_difference.is_some());
        // The form (and so the URL) holds the schedule.
        let (back, unknown) = Form::from_pairs(f.to_pairs().iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert!(unknown.is_empty(), "{unknown:?}");
        assert_eq!(back.get("learning_rate_piecewise_steps"), "[600000, 900000, 982000]");
        // An LR-control-only file: nothing to infer, and nothing changed.
        let old = parse("{1: EpochData(learningRate=0.1, error={'dev_score': 1.0}),}").unwrap();
        let before = f.clone();
        assert!(infer_into_form(&mut f, &old).contains("no :meta:effective_learning_rate"));
        assert_eq!(f, before);
    }

    #[test]
    fn form_replays_the_seqtrain_file_and_feeds_scores_only_mode() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/realdata/lrfiles/rwth-i6_returnn-experiments_2016-seqtrain-paper__sequence-training__training-scores__mpe.bs-setup.nopc.scores"
        );
        let file = parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let s = lr_settings(&seqtrain_form("0.8")).unwrap();
        let v = replay(&lr_config(&s), &file);
        assert!(v.matches);
        let mut f = seqtrain_form("0.8");
        let overlay = apply_replay(&mut f, &v).overlay;
        assert!(f.scores_only);
        assert_eq!(f.scores.lines().count(), file.len());
        assert_eq!(overlay.len(), file.len());
        // The scores-only run of that form reproduces the recorded LRs too.
        let mut run = crate::ui::model::Run::from_form(&f).unwrap();
        run.advance(10_000);
        let lrs: Vec<f64> = run.view().rows.iter().map(|r| r.lr).collect();
        assert_eq!(lrs, v.recorded_lr);
        let w = replay(&lr_config(&lr_settings(&seqtrain_form("0.7")).unwrap()), &file);
        assert!(!w.matches);
        assert!(lr_settings(&seqtrain_form("abc")).unwrap_err().contains("newbob_learning_rate_decay"));
    }

    fn applied(text: &str) -> (Form, FileApplied) {
        let file = crate::returnn::lr_file::parse_pasted(text).expect("file");
        let mut f = Form::default();
        let view = replay(&lr_config(&lr_settings(&f).expect("settings")), &file);
        let applied = apply_replay(&mut f, &view);
        (f, applied)
    }

    #[test]
    fn a_file_feeds_scores_only_mode_and_the_overlay() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/realdata/lrfiles/rwth-i6_returnn-experiments_2016-seqtrain-paper__sequence-training__training-scores__mmi.bs-setup.nopc.scores"
        );
        let (f, imp) = applied(&std::fs::read_to_string(path).unwrap());
        assert!(f.scores_only);
        assert_eq!(f.scores.lines().count(), 30);
        assert_eq!(f.scores.lines().next(), Some("0.7485170880882975"));
        assert_eq!(imp.overlay.len(), 30);
        assert_eq!(imp.overlay[2], (3, 8e-05));
        assert_eq!(f.get("learning_rate"), "0.0001");
        assert!(imp.report.iter().any(|r| r.starts_with("dev scores read from \"dev_score\"")), "{:?}", imp.report);
    }

    /// The scores come from the key RETURNN's search picks: with `dev_error_output2` and
    /// `dev_score_output2` only (no `dev_score`/`dev_score_output`), rule 7 takes the first sorted
    /// `dev_*` key, the error rate.
    #[test]
    fn a_file_uses_returnns_error_key_and_stops_at_a_gap() {
        let (f, imp) = applied("{1: EpochData(learningRate=0.1, error={'dev_error_output2': 0.3, 'dev_score_output2': 2.0}),\n2: EpochData(learningRate=0.1, error={'dev_error_output2': 0.25, 'dev_score_output2': 1.5})}\n");
        assert_eq!(f.scores, "0.3\n0.25");
        assert!(imp.report.iter().any(|r| r.starts_with("dev scores read from \"dev_error_output2\"")), "{:?}", imp.report);
        let (f, imp) = applied("{1: EpochData(learningRate=0.1, error={'dev_score': 2.0}), 2: EpochData(learningRate=0.1, error={}), 3: EpochData(learningRate=0.1, error={'dev_score': 1.0})}");
        assert_eq!(f.scores, "2.0");
        assert_eq!(imp.overlay.len(), 3);
        assert!(imp.report.iter().any(|r| r.starts_with("epoch 2: no score")), "{:?}", imp.report);
        let (f, imp) = applied("{1: EpochData(learningRate=0.1, error={'dev_score': 2.0}), 3: EpochData(learningRate=0.1, error={'dev_score': 1.0})}");
        assert_eq!(f.scores, "2.0");
        assert!(imp.report.iter().any(|r| r.starts_with("epoch 3: not consecutive")), "{:?}", imp.report);
    }

    #[test]
    fn heat_values_scale_to_the_range() {
        use crate::engine::sweep::CellStatus;
        let cell = |value| Some(CellResult { ix: 0, iy: 0, x: 0.0, y: 0.0, value, status: CellStatus::Finished, epochs: 1, message: None });
        let (v, r) = heat_values(&[cell(Some(2.0)), cell(Some(4.0)), cell(None), None, cell(Some(3.0))]);
        assert_eq!(r, Some((2.0, 4.0)));
        assert_eq!(v[0], Some(0.0));
        assert_eq!(v[1], Some(1.0));
        assert!(v[2].is_some_and(f64::is_nan));
        assert_eq!(v[3], None);
        assert_eq!(v[4], Some(0.5));
        assert_eq!(heat_values(&[cell(Some(7.0))]).0, vec![Some(0.5)]);
    }

    #[test]
    fn share_pairs_round_trip() {
        let a = seqtrain_form("0.8");
        let t = TeachView {
            compare: Some(seqtrain_form("0.5")),
            framework: Some(Framework::Keras),
            advanced: true,
            sweep_x: "learning_rate".into(),
            sweep_y: "newbob_learning_rate_decay".into(),
            recorded: vec![(1, 0.1), (2, 0.05), (4, f64::INFINITY), (5, 1e-300)],
        };
        let pairs = share_pairs(&a, &t);
        assert_eq!(teach_view_from_pairs(&pairs), t);
        let (back, _) = Form::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, a);
        assert_eq!(teach_view_from_pairs(&[("fw".into(), "nope".into())]), TeachView::default());
        assert_eq!(Framework::from_name("optax").map(Framework::name), Some("optax"));
    }

    #[test]
    fn recorded_lrs_in_a_link_are_read_exactly_or_refused_with_the_entry() {
        let lrs = vec![(1, 0.1), (2, 1.0 / 3.0), (3, f64::NAN), (7, 5e-324)];
        let back = recorded_from_text(&recorded_to_text(&lrs)).expect("round trip");
        assert_eq!(back.iter().map(|(e, lr)| (*e, lr.to_bits())).collect::<Vec<_>>(), lrs.iter().map(|(e, lr)| (*e, lr.to_bits())).collect::<Vec<_>>());
        for (text, entry) in [("1:0.1,x", "entry 2"), ("1:0.1,2:abc", "entry 2"), ("0:0.1", "entry 1"), ("2:0.1,1:0.1", "entry 2"), ("-1:0.1", "entry 1")] {
            let err = recorded_from_text(text).expect_err(text);
            assert!(err.contains(entry), "{text}: {err}");
        }
        assert_eq!(recorded_from_text("").expect("empty"), vec![]);
    }
}
