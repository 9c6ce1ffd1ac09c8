//! Unit tests of the settings: JSON and config round trips, validation, warnings.
use super::*;

#[test]
fn json_round_trip_keeps_int_and_float_apart() {
    let mut s = Settings::default();
    s.lr_control.learning_rate = Number::Int(1);
    s.lr_control.newbob_learning_rate_decay = Some(Factor::None);
    s.lr_control.min_learning_rate = Some(Number::Float(f64::NAN));
    s.optimizer = OptimizerSettings { class: "adam".into(), kwargs: vec![("betas".into(), PyValue::Tuple(vec![PyValue::Float(0.9), PyValue::Float(0.99)]))] };
    s.mode = Mode::ScoresOnly { dev_scores: vec![1.0, f64::NAN], train_scores: None };
    let text = serde_json::to_string(&s).unwrap();
    let back: Settings = serde_json::from_str(&text).unwrap();
    assert_eq!(back, s, "{text}");
    assert!(text.contains("\"learning_rate\":1,"), "{text}");
}

#[test]
fn config_round_trip() {
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::NewbobMultiEpoch;
    s.lr_control.learning_rates = Some(LearningRates::Dict(vec![(1, Number::Float(0.1)), (4, Number::Float(0.2))]));
    s.gradient.clip = Some(Number::Int(5));
    s.other.insert("optimizer_epsilon".into(), serde_json::json!(1e-8));
    // The config the user assigned comes back as it is; the full config (what the simulation
    // uses) marks the optimizer and num_epochs assigned.
    assert_eq!(Settings::from_config(&s.assigned_config()).unwrap(), s);
    let back = Settings::from_config(&s.to_config()).unwrap();
    assert!(back.assigned.optimizer && back.assigned.num_epochs);
    assert_eq!(Settings { assigned: Default::default(), ..back }, s);
}

#[test]
fn invalid_names_the_key() {
    let e = Settings::from_config(&[("newbob_multi_num_epochs".into(), PyValue::Float(3.0))]).unwrap_err();
    assert!(matches!(e, Error::Invalid { ref field, .. } if field == "newbob_multi_num_epochs"), "{e}");
    let e = Settings::from_config(&[("learning_rate_control".into(), PyValue::Str("Newbob".into()))]).unwrap_err();
    assert!(matches!(e, Error::Invalid { ref field, .. } if field == "learning_rate_control"), "{e}");
}

#[test]
fn warns_about_traps() {
    let mut s = Settings::default();
    s.lr_control.learning_rate = Number::Int(1);
    s.lr_control.scheme = Scheme::NewbobMultiEpoch;
    s.lr_control.newbob_relative_error_grow_threshold = Some(Number::Float(0.01));
    s.other.insert("optimizer_epsilon".into(), serde_json::json!(1e-16));
    let fields: Vec<String> = s.warnings().into_iter().map(|w| w.field).collect();
    assert!(fields.contains(&"learning_rate".to_string()));
    assert!(fields.contains(&"newbob_relative_error_grow_threshold".to_string()));
    assert!(fields.contains(&"optimizer_epsilon".to_string()));
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::Newbob;
    s.lr_control.newbob_error_threshold = Some(Number::Float(-0.1));
    s.lr_control.newbob_relative_error_threshold = Some(Number::Float(-0.1));
    let ignored: Vec<String> = s.warnings().into_iter().filter(|w| w.message.starts_with("ignored by")).map(|w| w.field).collect();
    assert_eq!(ignored, vec!["newbob_error_threshold".to_string()]);
}

#[test]
fn knob_table_covers_every_lr_control_key_in_export_order() {
    let mut s = Settings::default();
    let c = &mut s.lr_control;
    let n = Some(Number::Float(0.1));
    let f = Some(Factor::Value(Number::Float(0.1)));
    c.learning_rates = Some(LearningRates::List(vec![Number::Float(0.1)]));
    (c.min_learning_rate, c.newbob_relative_error_threshold, c.newbob_relative_error_grow_threshold, c.newbob_error_threshold) = (n, n, n, n);
    (c.learning_rate_decay, c.newbob_learning_rate_decay, c.learning_rate_growth, c.newbob_learning_rate_growth) = (f, f, f, f);
    (c.newbob_multi_num_epochs, c.newbob_multi_update_interval, c.min_num_epochs_per_new_lr) = (Some(2), Some(2), Some(2));
    (c.newbob_relative_error_div_by_old, c.relative_error_relative_lr) = (Some(true), Some(true));
    c.error_measure = Some(ErrorMeasure::Key("dev_score".into()));
    c.learning_rate_file = Some("lr.txt".into());
    let keys: Vec<String> = s.lr_control_config().into_iter().map(|(k, _)| k).collect();
    let knobs: Vec<String> = keys::lr_control_keys().map(|k| k.name.to_string()).collect();
    assert_eq!(keys, knobs);
}

#[test]
fn a_zero_or_negative_decay_says_what_returnn_does_with_it() {
    let warn = |decay: f64, min: Option<f64>| {
        let mut s = Settings::default();
        s.lr_control.scheme = Scheme::Newbob;
        s.lr_control.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(decay)));
        s.lr_control.min_learning_rate = min.map(Number::Float);
        s.warnings().into_iter().filter(|w| w.field == "newbob_learning_rate_decay").map(|w| w.message).collect::<Vec<_>>()
    };
    let zero = warn(0.0, None);
    assert_eq!(zero.len(), 1, "{zero:?}");
    assert!(zero[0].contains("multiplies the LR by 0") && zero[0].contains("becomes 0.0"), "{zero:?}");
    let neg = warn(-0.5, None);
    assert!(neg[0].contains("is negative") && neg[0].contains("turns negative"), "{neg:?}");
    let clamped = warn(-0.5, Some(1e-05));
    assert!(clamped[0].contains("min_learning_rate clamp sets it to 1e-05"), "{clamped:?}");
    assert!(warn(0.5, None).is_empty(), "a normal decay gets no warning");
}
