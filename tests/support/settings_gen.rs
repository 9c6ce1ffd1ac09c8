//! proptest strategies for `Settings` (shared by tests/config_export.rs and tests/returnn_python.rs
//! through `#[path]`): every knob set or unset, ints and floats mixed, non-finite floats, strings
//! that need escaping, optimizer dicts with tuples.
#![allow(dead_code)]
use proptest::prelude::*;
use schedule_explorer::engine::settings::{
    ErrorMeasure, Factor, LearningRates, Mode, Number, OptimizerSettings, Scheme, Settings,
};
use schedule_explorer::py::value::PyValue;

pub fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -10.0f64..10.0,
        2 => 1e-9f64..1.0,
        1 => Just(0.0),
        1 => Just(-0.0),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => any::<f64>().prop_filter("finite", |f| f.is_finite()),
    ]
}

pub fn number() -> impl Strategy<Value = Number> {
    prop_oneof![4 => float().prop_map(Number::Float), 1 => (-1000i64..1000).prop_map(Number::Int)]
}

pub fn factor() -> impl Strategy<Value = Factor> {
    prop_oneof![4 => number().prop_map(Factor::Value), 1 => Just(Factor::None)]
}

pub fn key_string() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z_]{1,10}(:[a-z]{1,5})?(/[a-z0-9_]{1,6})?",
        1 => Just("it's \"quoted\"\\ é\t中".to_string()),
        1 => Just(String::new()),
    ]
}

fn opt<T: std::fmt::Debug + Clone + 'static>(s: impl Strategy<Value = T> + 'static) -> BoxedStrategy<Option<T>> {
    prop_oneof![1 => Just(None), 1 => s.prop_map(Some)].boxed()
}

pub fn learning_rates() -> impl Strategy<Value = LearningRates> {
    prop_oneof![
        prop::collection::vec(number(), 0..6).prop_map(LearningRates::List),
        prop::collection::btree_map(1i64..50, number(), 0..5).prop_map(|m| LearningRates::Dict(m.into_iter().collect())),
    ]
}

pub fn optimizer() -> impl Strategy<Value = OptimizerSettings> {
    let class = prop_oneof![
        Just("adam"),
        Just("AdamW"),
        Just("SGD"),
        Just("torch.optim.RAdam"),
        Just("returnn.torch.optim.lion.Lion"),
        Just("rprop"),
    ];
    let kwargs = (
        opt((0.0f64..1.0, 0.0f64..1.0)),
        opt(float()),
        opt(number()),
        opt(any::<bool>()),
        opt((0.1f64..1.0, 1.0f64..2.0)),
    );
    (class, kwargs).prop_map(|(class, (betas, eps, wd, nesterov, etas))| {
        let mut kwargs = Vec::new();
        if let Some((a, b)) = betas {
            kwargs.push(("betas".to_string(), PyValue::Tuple(vec![PyValue::Float(a), PyValue::Float(b)])));
        }
        if let Some(e) = eps {
            kwargs.push(("epsilon".to_string(), PyValue::Float(e)));
        }
        if let Some(w) = wd {
            kwargs.push(("weight_decay".to_string(), w.to_py()));
        }
        if let Some(n) = nesterov {
            kwargs.push(("nesterov".to_string(), PyValue::Bool(n)));
        }
        if let Some((a, b)) = etas {
            kwargs.push(("etas".to_string(), PyValue::Tuple(vec![PyValue::Float(a), PyValue::Float(b)])));
        }
        OptimizerSettings { class: class.to_string(), kwargs }
    })
}

/// Settings as a config can express them (run settings other than num_epochs at their
/// defaults; the mode is Simulate).
pub fn settings() -> impl Strategy<Value = Settings> {
    let scheme = prop::sample::select(Scheme::ALL.to_vec());
    let lr_a = (scheme, number(), opt(learning_rates()), opt(number()), opt(factor()), opt(factor()), opt(factor()), opt(factor()));
    let lr_b = (
        opt(number()),
        opt(number()),
        opt(number()),
        opt(-3i64..12),
        opt(-3i64..12),
        opt(any::<bool>()),
        opt(prop_oneof![key_string().prop_map(ErrorMeasure::Key), prop::collection::vec(key_string(), 0..3).prop_map(ErrorMeasure::Keys)]),
        opt(any::<bool>()),
        opt(-2i64..6),
        opt(key_string()),
    );
    let grad = (opt(number()), opt(number()), opt(number()), opt(1i64..5));
    let other = (opt(number()), opt(any::<bool>()), opt(number()));
    let assigned = (any::<bool>(), any::<bool>());
    (lr_a, lr_b, optimizer(), grad, 1i64..200, other, assigned).prop_map(|(a, b, optimizer, g, num_epochs, other, assigned)| {
        let mut s = Settings::default();
        let c = &mut s.lr_control;
        (c.scheme, c.learning_rate, c.learning_rates, c.min_learning_rate) = (a.0, a.1, a.2, a.3);
        (c.learning_rate_decay, c.newbob_learning_rate_decay, c.learning_rate_growth, c.newbob_learning_rate_growth) = (a.4, a.5, a.6, a.7);
        (c.newbob_relative_error_threshold, c.newbob_relative_error_grow_threshold, c.newbob_error_threshold) = (b.0, b.1, b.2);
        (c.newbob_multi_num_epochs, c.newbob_multi_update_interval, c.newbob_relative_error_div_by_old) = (b.3, b.4, b.5);
        (c.error_measure, c.relative_error_relative_lr, c.min_num_epochs_per_new_lr, c.learning_rate_file) = (b.6, b.7, b.8, b.9);
        s.optimizer = optimizer;
        (s.gradient.clip, s.gradient.clip_global_norm, s.gradient.noise, s.gradient.accum_grad_multiple_step) = g;
        s.run.num_epochs = num_epochs;
        (s.assigned.optimizer, s.assigned.num_epochs) = assigned;
        s.mode = Mode::Simulate;
        let (eps, always, momentum) = other;
        let json = |n: Number| schedule_explorer::py::json::py_to_json(&n.to_py());
        if let Some(e) = eps {
            s.other.insert("optimizer_epsilon".into(), json(e));
        }
        if let Some(a) = always {
            s.other.insert("use_learning_rate_control_always".into(), serde_json::Value::Bool(a));
        }
        if let Some(m) = momentum {
            s.other.insert("momentum".into(), json(m));
        }
        s
    })
}
