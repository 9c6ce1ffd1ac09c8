#![cfg(not(target_arch = "wasm32"))]
//! Per-rule tests of RETURNN's LR control (spec sections 4-7, 11) and proptest invariants.
use proptest::prelude::*;
use schedule_explorer::py::error::{Error, PyExc, Stage};
use schedule_explorer::engine::lr_control::{
    explain, run_scenario, Divisor, KeySource, LrControl, Outcome, ReplayOutcome, Scenario, ScenarioEpoch, Verdict,
};
use schedule_explorer::py::value::PyValue;
use schedule_explorer::returnn::scenario::{file_text, outcome_json};
use schedule_explorer::py::typed_config::TypedConfig;

fn f(x: f64) -> PyValue {
    PyValue::Float(x)
}

fn cfg(scheme: &str, lr: f64, extra: &[(&str, PyValue)]) -> TypedConfig {
    let mut c = TypedConfig::new()
        .with("learning_rate_control", PyValue::Str(scheme.into()))
        .with("learning_rate", f(lr))
        .with("learning_rate_file", PyValue::Str("newbob.data".into()));
    for (k, v) in extra {
        c.set(k, v.clone());
    }
    c
}

/// One `dev_score_output` per epoch (None: an epoch without scores).
fn scenario(config: TypedConfig, dev: &[Option<f64>]) -> Scenario {
    Scenario {
        name: "t".into(),
        config,
        pretrain_num_epochs: None,
        initial_learning_rate_file: None,
        epochs: dev
            .iter()
            .enumerate()
            .map(|(i, s)| ScenarioEpoch {
                epoch: i as i64 + 1,
                scores: s.map(|v| vec![("dev_score_output".into(), f(v))]).unwrap_or_default(),
                meta: Vec::new(),
            })
            .collect(),
    }
}

fn lrs(o: &ReplayOutcome) -> Vec<f64> {
    o.learning_rates.iter().map(|v| v.as_py_float().unwrap_or(f64::NAN)).collect()
}

fn run(config: TypedConfig, dev: &[Option<f64>]) -> ReplayOutcome {
    run_scenario(&scenario(config, dev))
}

fn next_down(x: f64) -> f64 {
    if x > 0.0 {
        f64::from_bits(x.to_bits() - 1)
    } else {
        f64::from_bits(x.to_bits() + 1)
    }
}

#[test]
fn rel_threshold_equality_never_decays() {
    let (old, new) = (2.0, 1.9);
    let rel = (new - old) / f64::abs(new);
    let at = run(cfg("newbob", 0.001, &[("newbob_relative_error_threshold", f(rel))]), &[Some(old), Some(new), Some(1.8)]);
    assert_eq!(lrs(&at), vec![0.001, 0.001, 0.001]);
    assert_eq!(at.decisions[2].verdict, Verdict::Grow);
    let below = run(cfg("newbob", 0.001, &[("newbob_relative_error_threshold", f(next_down(rel)))]), &[Some(old), Some(new), Some(1.8)]);
    assert_eq!(lrs(&below), vec![0.001, 0.001, 0.0005]);
    assert_eq!(below.decisions[2].verdict, Verdict::Decay);
}

#[test]
fn abs_threshold_equality_never_decays() {
    let at = run(cfg("newbob_abs", 0.01, &[("newbob_error_threshold", f(-0.25))]), &[Some(1.0), Some(0.75), Some(0.7)]);
    assert_eq!(lrs(&at), vec![0.01, 0.01, 0.01]);
    assert_eq!(at.decisions[2].comparisons[0].outcome, Outcome::Absolute { value: -0.25 });
    let below = run(cfg("newbob_abs", 0.01, &[("newbob_error_threshold", f(next_down(-0.25)))]), &[Some(1.0), Some(0.75), Some(0.7)]);
    assert_eq!(lrs(&below), vec![0.01, 0.01, 0.005]);
}

#[test]
fn min_num_epochs_holds_a_new_lr() {
    let worse: Vec<Option<f64>> = (0..10).map(|i| Some(1.0 + 0.1 * i as f64)).collect();
    let o = run(cfg("newbob", 1.0, &[("learning_rate_control_min_num_epochs_per_new_lr", PyValue::Int(3))]), &worse);
    // Epochs 2-3 keep lr(1); decisions at 4, 7, 10 (each new LR is held for 3 epochs).
    assert_eq!(lrs(&o), vec![1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]);
    assert!(matches!(o.decisions[1].verdict, Verdict::HoldMinEpochs { n: 3, short: true, .. }));
    assert!(matches!(o.decisions[4].verdict, Verdict::HoldMinEpochs { distinct: true, .. }));
    // N = 1 disables the guard.
    let o1 = run(cfg("newbob", 1.0, &[("learning_rate_control_min_num_epochs_per_new_lr", PyValue::Int(1))]), &worse[..4]);
    assert_eq!(lrs(&o1), vec![1.0, 1.0, 0.5, 0.25]);
}

#[test]
fn multi_epoch_updates_only_at_interval_epochs() {
    let worse: Vec<Option<f64>> = (0..10).map(|i| Some(1.0 + 0.1 * i as f64)).collect();
    let c = cfg(
        "newbob_multi_epoch",
        1.0,
        &[("newbob_multi_num_epochs", PyValue::Int(2)), ("newbob_multi_update_interval", PyValue::Int(3))],
    );
    let o = run(c, &worse);
    // Update epochs: 1, 4, 7, 10 (e mod 3 == 1); epoch 1 has no window.
    assert_eq!(lrs(&o), vec![1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]);
    assert_eq!(o.decisions[1].verdict, Verdict::IntervalSkip { interval: 3 });
    assert_eq!(o.decisions[3].window, vec![1, 2, 3]);
    let mean = o.decisions[3].mean.unwrap_or(f64::NAN);
    let rels: Vec<f64> = o.decisions[3].comparisons.iter().filter_map(|c| c.outcome.value()).collect();
    assert_eq!(mean, (0.0 + rels[0] + rels[1]) / 2.0);
}

#[test]
fn multi_epoch_nan_keeps_and_grow_needs_grow_threshold() {
    let c = cfg(
        "newbob_multi_epoch",
        1.0,
        &[
            ("newbob_multi_num_epochs", PyValue::Int(1)),
            ("newbob_multi_update_interval", PyValue::Int(1)),
            ("newbob_learning_rate_growth", f(2.0)),
        ],
    );
    let o = run(c, &[Some(1.0), Some(f64::NAN), Some(1.0), Some(0.5), Some(0.5)]);
    // NaN mean: neither decay nor grow (unlike rel/abs); a clear improvement (mean -1 below the
    // grow threshold, which defaults to the threshold -0.01) grows.
    assert_eq!(o.decisions[2].verdict, Verdict::Keep);
    assert_eq!(o.decisions[3].verdict, Verdict::Keep);
    assert_eq!(o.decisions[4].verdict, Verdict::Grow);
    assert_eq!(o.decisions[4].grow_threshold, Some(-0.01));
    assert_eq!(lrs(&o), vec![1.0, 1.0, 1.0, 1.0, 2.0]);
}

#[test]
fn div_by_old_divides_by_the_old_score() {
    let o = run(cfg("newbob", 0.001, &[("newbob_relative_error_div_by_old", PyValue::Bool(true))]), &[Some(2.0), Some(1.0), Some(1.0)]);
    match &o.decisions[2].comparisons[0].outcome {
        Outcome::Relative { divisor, divisor_value, value, .. } => {
            assert_eq!(*divisor, Divisor::Old);
            assert_eq!(*divisor_value, 2.0);
            assert_eq!(*value, -0.5);
        }
        other => panic!("unexpected outcome {other:?}"),
    }
}

#[test]
fn relative_lr_scales_by_lr_over_default() {
    let c = cfg(
        "newbob",
        0.002,
        &[
            ("learning_rate_control_relative_error_relative_lr", PyValue::Bool(true)),
            ("learning_rates", PyValue::List(vec![f(0.001), f(0.001)])),
        ],
    );
    let o = run(c, &[Some(2.0), Some(1.99), Some(1.9)]);
    match &o.decisions[2].comparisons[0].outcome {
        Outcome::Relative { unscaled, lr_scale: Some(s), value, .. } => {
            assert_eq!(s.q, Some(0.001 / 0.002));
            assert_eq!(*value, *unscaled / (0.001 / 0.002));
        }
        other => panic!("unexpected outcome {other:?}"),
    }
    // -0.005 alone would decay; scaled by 1/0.5 it is -0.01005 <= -0.01: no decay.
    assert_eq!(lrs(&o)[2], 0.001);
}

#[test]
fn min_lr_clamp_only_after_decay() {
    let c = cfg(
        "newbob",
        0.001,
        &[
            ("min_learning_rate", f(0.01)),
            ("newbob_learning_rate_growth", f(1.5)),
            ("learning_rates", PyValue::List(vec![f(0.0001)])),
        ],
    );
    let o = run(c, &[Some(1.0), Some(0.5), Some(0.6), Some(0.3)]);
    let l = lrs(&o);
    // Preset below the minimum is kept; growth is not clamped; a decay is clamped up to the min.
    assert_eq!(l[0], 0.0001);
    assert_eq!(l[1], 0.0001);
    assert_eq!(l[2], 0.0001 * 1.5);
    assert_eq!(l[3], 0.01);
    assert_eq!(o.decisions[3].clamped_to_min, Some(0.01));
    assert!(explain(&o.decisions[3]).contains("clamped to 0.01"), "{}", explain(&o.decisions[3]));
}

#[test]
fn nan_score_takes_the_grow_branch_in_rel() {
    let o = run(cfg("newbob", 0.001, &[("newbob_learning_rate_growth", f(1.1))]), &[Some(2.0), Some(f64::NAN), Some(1.0)]);
    assert_eq!(o.decisions[2].verdict, Verdict::Grow);
    assert_eq!(lrs(&o)[2], 0.001 * 1.1);
}

#[test]
fn key_mismatch_and_missing_scores_keep_the_lr() {
    let mut s = scenario(cfg("newbob", 0.001, &[]), &[Some(2.0), Some(3.0), Some(4.0), None, Some(5.0), Some(6.0)]);
    s.epochs[1].scores = vec![("train_score_output".into(), f(3.0))];
    let o = run_scenario(&s);
    assert_eq!(o.decisions[2].verdict, Verdict::KeyMismatch);
    assert_eq!(o.decisions[4].verdict, Verdict::NoData);
    assert_eq!(o.decisions[5].verdict, Verdict::NoData);
    assert_eq!(lrs(&o), vec![0.001; 6]);
    let key = o.decisions[2].comparisons[0].new_key.clone().map(|k| (k.key, k.source));
    assert_eq!(key, Some(("train_score_output".to_string(), KeySource::Default { rule: 8 })));
}

#[test]
fn zero_score_is_a_zero_division_error_at_get_learning_rate() {
    let o = run(cfg("newbob", 0.001, &[]), &[Some(1.0), Some(0.0), Some(1.0)]);
    match &o.error {
        Some(Error::Python { exc, stage, epoch, .. }) => {
            assert_eq!((*exc, *stage, *epoch), (PyExc::ZeroDivisionError, Some(Stage::GetLearningRate), Some(3)));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(lrs(&o), vec![0.001, 0.001]);
    assert!(file_text(&o).is_some());
    // newbob_abs does not divide.
    let a = run(cfg("newbob_abs", 0.001, &[]), &[Some(1.0), Some(0.0), Some(1.0)]);
    assert!(a.error.is_none());
}

#[test]
fn type_rules_of_config_values() {
    // An int decay factor fails lazily, at the first decay.
    let o = run(cfg("newbob", 0.001, &[("newbob_learning_rate_decay", PyValue::Int(1))]), &[Some(1.0), Some(2.0), Some(3.0)]);
    assert_eq!(o.error.as_ref().and_then(Error::py_exc), Some(PyExc::AssertionError));
    assert_eq!(o.learning_rates.len(), 2);
    // An int learning_rate is a TypeError when it is first stored.
    let i = run(cfg("constant", 0.0, &[("learning_rate", PyValue::Int(1))]), &[Some(1.0)]);
    assert_eq!(i.error.as_ref().and_then(Error::py_exc), Some(PyExc::TypeError));
    // A float newbob_multi_num_epochs is an AssertionError at construction.
    let m = LrControl::from_config(&cfg("newbob_multi_epoch", 0.1, &[("newbob_multi_num_epochs", f(3.0))]), None);
    assert!(matches!(m, Err(Error::Python { exc: PyExc::AssertionError, stage: Some(Stage::Init), .. })));
    // An int score is an AssertionError in set_epoch_error.
    let mut c = LrControl::from_config(&cfg("newbob", 0.1, &[]), None).expect("control");
    let r = c.set_epoch_error(1, &[("dev_score".into(), PyValue::Int(2))]);
    assert!(matches!(r, Err(Error::Python { exc: PyExc::AssertionError, stage: Some(Stage::SetEpochError), .. })));
}

#[test]
fn error_key_search_order() {
    let mut c = LrControl::from_config(&cfg("newbob", 0.1, &[("learning_rate_control_error_measure", PyValue::Str("dev_loss".into()))]), None)
        .expect("control");
    let s = |k: &str| (k.to_string(), f(1.0));
    c.set_epoch_error(1, &[s("dev_loss_output"), s("dev_score")]).expect("scores");
    assert_eq!(c.error_key(1).ok().flatten().as_deref(), Some("dev_loss_output"));
    c.set_epoch_error(2, &[s("train_score"), s("dev_error_output2"), s("dev_score_output2")]).expect("scores");
    assert_eq!(c.error_key(2).ok().flatten().as_deref(), Some("dev_error_output2"));
    c.set_epoch_error(3, &[s("zeta"), s("alpha")]).expect("scores");
    assert_eq!(c.error_key(3).ok().flatten().as_deref(), Some("alpha"));
}

fn arb_setup() -> impl Strategy<Value = (String, Vec<Option<f64>>, f64, f64, f64, i64)> {
    (
        prop_oneof![Just("newbob"), Just("newbob_abs"), Just("newbob_multi_epoch"), Just("constant")].prop_map(String::from),
        prop::collection::vec(prop::option::weighted(0.9, 0.1f64..5.0), 1..30),
        prop_oneof![Just(0.5), Just(0.8), Just(0.3)],
        prop_oneof![Just(0.0), Just(1e-5), Just(1e-3)],
        -0.05f64..0.05,
        0i64..4,
    )
}

proptest! {
    #[test]
    fn lr_never_below_min_right_after_a_decay((scheme, dev, decay, min_lr, thr, min_epochs) in arb_setup()) {
        let c = cfg(&scheme, 0.01, &[
            ("newbob_learning_rate_decay", f(decay)),
            ("min_learning_rate", f(min_lr)),
            ("newbob_relative_error_threshold", f(thr)),
            ("newbob_error_threshold", f(thr)),
            ("newbob_multi_num_epochs", PyValue::Int(2)),
            ("learning_rate_control_min_num_epochs_per_new_lr", PyValue::Int(min_epochs)),
        ]);
        let o = run(c, &dev);
        prop_assert!(o.error.is_none());
        for d in &o.decisions {
            if d.verdict == Verdict::Decay {
                prop_assert!(d.new_lr.unwrap_or(f64::NAN) >= min_lr, "{}", explain(d));
            }
        }
    }

    #[test]
    fn replay_is_deterministic((scheme, dev, decay, min_lr, thr, min_epochs) in arb_setup()) {
        let c = cfg(&scheme, 0.01, &[
            ("newbob_learning_rate_decay", f(decay)),
            ("min_learning_rate", f(min_lr)),
            ("newbob_relative_error_threshold", f(thr)),
            ("learning_rate_control_min_num_epochs_per_new_lr", PyValue::Int(min_epochs)),
        ]);
        let a = run(c.clone(), &dev);
        let b = run(c, &dev);
        prop_assert_eq!(outcome_json(&a), outcome_json(&b));
        prop_assert_eq!(a.decisions, b.decisions);
    }
}

fn arb_value() -> impl Strategy<Value = PyValue> {
    let leaf = prop_oneof![
        Just(PyValue::None),
        any::<bool>().prop_map(PyValue::Bool),
        (-3i64..10).prop_map(PyValue::Int),
        prop_oneof![Just(0.0), Just(-0.0), Just(f64::NAN), Just(f64::INFINITY), -2.0f64..2.0].prop_map(PyValue::Float),
        prop_oneof![Just("newbob"), Just("dev_score"), Just(""), Just("{1: 0.1}"), Just("[0.1]"), Just("1e-3"), Just("x")]
            .prop_map(|s| PyValue::Str(s.to_string())),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(PyValue::List),
            prop::collection::vec(((1i64..5).prop_map(|i| PyValue::Str(i.to_string())), inner), 0..3).prop_map(PyValue::Dict),
        ]
    })
}

const KEYS: &[&str] = &[
    "learning_rate_control",
    "learning_rate",
    "min_learning_rate",
    "learning_rates",
    "learning_rate_control_error_measure",
    "learning_rate_control_relative_error_relative_lr",
    "learning_rate_control_min_num_epochs_per_new_lr",
    "newbob_relative_error_div_by_old",
    "learning_rate_decay",
    "newbob_learning_rate_growth",
    "newbob_relative_error_threshold",
    "newbob_error_threshold",
    "newbob_multi_num_epochs",
    "newbob_multi_update_interval",
    "newbob_relative_error_grow_threshold",
    "use_learning_rate_control_always",
    "pretrain_learning_rate",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn arbitrary_configs_never_panic(
        values in prop::collection::vec((0..KEYS.len(), arb_value()), 0..8),
        scheme in prop_oneof![Just("newbob"), Just("newbob_abs"), Just("newbob_multi_epoch"), Just("constant")],
        scores in prop::collection::vec(prop::collection::vec((0usize..4, arb_value()), 0..3), 1..8),
        pretrain in prop::option::of(0i64..3),
    ) {
        let mut c = cfg(scheme, 0.01, &[]);
        for (k, v) in values {
            c.set(KEYS[k], v);
        }
        let names = ["dev_score", "train_score_output", "dev_error", "dev_score_output/output_x"];
        let s = Scenario {
            name: "fuzz".into(),
            config: c,
            pretrain_num_epochs: pretrain,
            initial_learning_rate_file: None,
            epochs: scores
                .into_iter()
                .enumerate()
                .map(|(i, sc)| ScenarioEpoch {
                    epoch: i as i64 + 1,
                    scores: sc.into_iter().map(|(k, v)| (names[k].into(), v)).collect(),
                    meta: Vec::new(),
                })
                .collect(),
        };
        let o = run_scenario(&s);
        // Either a result or a RETURNN error with a stage; the JSON line is always well-formed.
        let line = outcome_json(&o);
        prop_assert!(line.get("learning_rates").is_some());
        if let Some(e) = &o.error {
            prop_assert!(e.py_exc().is_some() || matches!(e, Error::Invalid { .. }), "{e:?}");
        }
        for d in &o.decisions {
            let _ = explain(d);
        }
    }
}

#[test]
fn numpy_float64_learning_rates_stay_numpy() {
    // A resumed file whose LRs are np.float64: decisions multiply them (np.float64 * float is
    // np.float64), so the stored LRs and the file keep numpy's repr.
    let mut s = scenario(cfg("newbob", 0.001, &[]), &[]);
    s.initial_learning_rate_file = Some(schedule_explorer::returnn::lr_file::load(
        "{1: EpochData(learningRate=np.float64(0.001), error={'dev_score': 1.0}),\n\
         2: EpochData(learningRate=np.float64(0.001), error={'dev_score': 1.5})}\n",
    ));
    s.epochs = vec![ScenarioEpoch { epoch: 3, scores: vec![("dev_score".into(), f(1.6))], meta: Vec::new() }];
    let o = run_scenario(&s);
    assert!(o.error.is_none(), "{:?}", o.error);
    assert_eq!(o.learning_rates[0].repr(), "np.float64(0.0005)");
    let text = file_text(&o).unwrap_or_default();
    assert!(text.contains("3: EpochData(learningRate=np.float64(0.0005), error={'dev_score': 1.6}),"), "{text}");
    assert_eq!(outcome_json(&o)["learning_rates"][0], serde_json::json!(0.0005));
}
