//! Construction errors (types and texts as RETURNN/torch give them), the name table, gradient
//! processing and LR-change semantics.

use super::grad_proc::{clip_grad_norm, clip_grad_value, tf_only_options, GradAccumulator, GradientProcessing, Updater};
use super::*;
use crate::engine::rng::Rng;

fn s(x: &str) -> PyValue {
    PyValue::Str(x.into())
}

fn dict(items: Vec<(&str, PyValue)>) -> PyValue {
    PyValue::Dict(items.into_iter().map(|(k, v)| (s(k), v)).collect())
}

fn pair(a: f64, b: f64) -> PyValue {
    PyValue::Tuple(vec![PyValue::Float(a), PyValue::Float(b)])
}

/// The (exception, message) building `items` at lr 0.01 gives.
fn err(items: Vec<(&str, PyValue)>) -> (PyExc, String) {
    err_lr(items, 0.01)
}

fn err_lr(items: Vec<(&str, PyValue)>, lr: f64) -> (PyExc, String) {
    match Optimizer::from_returnn(&dict(items), lr) {
        Ok(o) => panic!("expected an error, built {:?}", o.config()),
        Err(Error::Python { exc, message, .. }) => (exc, message),
        Err(other) => panic!("not a Python error: {other}"),
    }
}

fn build(items: Vec<(&str, PyValue)>) -> OptimizerConfig {
    OptimizerConfig::from_returnn(&dict(items), 0.01).expect("valid config")
}

#[test]
fn torch_value_checks_with_torch_messages() {
    assert_eq!(
        err_lr(vec![("class", s("Adam"))], -0.1),
        (PyExc::ValueError, "Invalid learning rate: -0.1".to_string())
    );
    assert_eq!(
        err(vec![("class", s("adam")), ("betas", pair(1.5, 0.999))]),
        (PyExc::ValueError, "Invalid beta parameter at index 0: 1.5".to_string())
    );
    assert_eq!(
        err(vec![("class", s("AdamW")), ("betas", pair(0.9, 1.0))]),
        (PyExc::ValueError, "Invalid beta parameter at index 1: 1.0".to_string())
    );
    assert_eq!(
        err(vec![("class", s("Adam")), ("epsilon", PyValue::Float(-1e-8))]),
        (PyExc::ValueError, "Invalid epsilon value: -1e-08".to_string())
    );
    // An int stays an int in the message, as Python's f-string shows it.
    assert_eq!(
        err(vec![("class", s("SGD")), ("momentum", PyValue::Int(-1))]),
        (PyExc::ValueError, "Invalid momentum value: -1".to_string())
    );
    assert_eq!(
        err(vec![("class", s("sgd")), ("nesterov", PyValue::Bool(true))]),
        (PyExc::ValueError, "Nesterov momentum requires a momentum and zero dampening".to_string())
    );
    assert_eq!(
        err(vec![("class", s("sgd")), ("nesterov", PyValue::Bool(true)), ("momentum", PyValue::Float(0.9)), ("dampening", PyValue::Float(0.1))]),
        (PyExc::ValueError, "Nesterov momentum requires a momentum and zero dampening".to_string())
    );
    assert_eq!(
        err(vec![("class", s("NAdam")), ("momentum_decay", PyValue::Float(-0.5))]),
        (PyExc::ValueError, "Invalid momentum_decay value: -0.5".to_string())
    );
    assert_eq!(
        err(vec![("class", s("RMSprop")), ("alpha", PyValue::Float(-0.1))]),
        (PyExc::ValueError, "Invalid alpha value: -0.1".to_string())
    );
    assert_eq!(
        err(vec![("class", s("Adadelta")), ("rho", PyValue::Float(1.1))]),
        (PyExc::ValueError, "Invalid rho value: 1.1".to_string())
    );
    assert_eq!(
        err(vec![("class", s("Adagrad")), ("lr_decay", PyValue::Float(-1.0))]),
        (PyExc::ValueError, "Invalid lr_decay value: -1.0".to_string())
    );
    assert_eq!(
        err(vec![("class", s("Rprop")), ("etas", pair(1.5, 1.2))]),
        (PyExc::ValueError, "Invalid eta values: 1.5, 1.2".to_string())
    );
    assert_eq!(
        err(vec![("class", s("Adafactor")), ("d", PyValue::Float(0.5))]),
        (PyExc::ValueError, "Clipping threshold d should be >= 1 but is: 0.5".to_string())
    );
    assert_eq!(
        err(vec![("class", s("Adafactor")), ("beta2_decay", PyValue::Float(0.5))]),
        (PyExc::ValueError, "beta2_decay should be <= 0 but is: 0.5".to_string())
    );
    assert_eq!(
        err(vec![("class", s("Adam")), ("weight_decay", PyValue::Float(-0.01))]),
        (PyExc::ValueError, "Invalid weight_decay value: -0.01".to_string())
    );
    // NaN fails `not 0.0 <= x`.
    assert_eq!(err_lr(vec![("class", s("Adam"))], f64::NAN).1, "Invalid learning rate: nan");
    // Lion only asserts.
    assert_eq!(err_lr(vec![("class", s("returnn.torch.optim.lion.Lion"))], 0.0).0, PyExc::AssertionError);
}

#[test]
fn keyword_errors() {
    assert_eq!(
        err(vec![("class", s("SGD")), ("epsilon", PyValue::Float(1e-8))]),
        (PyExc::TypeError, "SGD.__init__() got an unexpected keyword argument 'epsilon'".to_string())
    );
    assert_eq!(
        err(vec![("class", s("AdamW")), ("decoupled_weight_decay", PyValue::Bool(true))]),
        (PyExc::TypeError, "AdamW.__init__() got an unexpected keyword argument 'decoupled_weight_decay'".to_string())
    );
    assert_eq!(
        err(vec![("class", s("ASGD")), ("epsilon", PyValue::Float(1e-8))]).0,
        PyExc::TypeError
    );
    assert_eq!(
        err(vec![("class", s("Adam")), ("lr", PyValue::Float(0.1))]),
        (PyExc::ValueError, "'learning_rate' should be set outside of the 'optimizer' dict.".to_string())
    );
    assert_eq!(err(vec![("class", s("Adam")), ("learning_rate", PyValue::Float(0.1))]).0, PyExc::ValueError);
    assert_eq!(
        err(vec![("class", s("Rprop")), ("weight_decay", PyValue::Float(0.1))]),
        (
            PyExc::AssertionError,
            "weight_decay not accepted by the chosen optimizer. Accepted values: lr, etas, step_sizes, capturable, \
             foreach, maximize, differentiable, defaults"
                .to_string()
        )
    );
    assert_eq!(
        err(vec![("betas", pair(0.9, 0.99))]),
        (PyExc::ValueError, "'class' field of 'optimizer' dict was not set (use e.g. 'SGD', 'Adam', ...)".to_string())
    );
    assert_eq!(
        Optimizer::from_returnn(&s("adam"), 0.1).map(|_| ()).unwrap_err().py_exc(),
        Some(PyExc::ValueError)
    );
    assert_eq!(
        Optimizer::from_returnn(&PyValue::None, 0.1).map(|_| ()).unwrap_err().py_exc(),
        Some(PyExc::ValueError)
    );
    assert_eq!(
        err(vec![("class", s("Adam")), ("fused", PyValue::Bool(true)), ("foreach", PyValue::Bool(true))]),
        (PyExc::RuntimeError, "`fused` and `foreach` cannot be `True` together.".to_string())
    );
    assert_eq!(
        err(vec![("class", s("Adam")), ("betas", PyValue::Float(0.9))]),
        (PyExc::TypeError, "'float' object is not subscriptable".to_string())
    );
}

#[test]
fn class_resolution() {
    for name in ["adam", "Adam", "ADAM", "torch.optim.Adam"] {
        assert_eq!(build(vec![("class", s(name))]).kind(), OptimizerKind::Adam, "{name}");
    }
    assert_eq!(build(vec![("class", s("rmsprop"))]).class_name(), "RMSprop");
    assert_eq!(build(vec![("class", s("returnn.torch.optim.lion.Lion"))]).kind(), OptimizerKind::Lion);
    let (exc, msg) = err(vec![("class", s("nag"))]);
    assert_eq!(exc, PyExc::ValueError);
    assert_eq!(
        msg,
        "Optimizer 'nag' not found in the available torch optimizers list: 'adafactor', 'muon', 'adadelta', \
         'adagrad', 'adam', 'adamax', 'adamw', 'asgd', 'lbfgs', 'nadam', 'optimizer', 'radam', 'rmsprop', 'rprop', \
         'sgd', 'sparseadam'."
    );
    // Dotted paths are case-sensitive imports.
    assert_eq!(err(vec![("class", s("torch.optim.adam"))]).0, PyExc::TypeError);
    assert_eq!(
        err(vec![("class", s("torch.optim.ADAM"))]),
        (PyExc::AttributeError, "module 'torch.optim' has no attribute 'ADAM'".to_string())
    );
    assert_eq!(
        err(vec![("class", s("my_optims.Fancy"))]),
        (PyExc::ModuleNotFoundError, "No module named 'my_optims'".to_string())
    );
    assert_eq!(
        err(vec![("class", s("lbfgs"))]),
        (PyExc::TypeError, "LBFGS.step() missing 1 required positional argument: 'closure'".to_string())
    );
    assert_eq!(err(vec![("class", s("SparseAdam"))]).0, PyExc::RuntimeError);
    assert_eq!(
        err(vec![("class", s("muon"))]),
        (
            PyExc::ValueError,
            "Muon only supports 2D parameters whereas we found a parameter with size: torch.Size([2])".to_string()
        )
    );
    assert_eq!(
        err(vec![("class", s("Muon")), ("momentum", PyValue::Int(-1))]),
        (PyExc::ValueError, "momentum should be >= 0 but is: -1".to_string())
    );
    assert_eq!(
        err(vec![("class", s("optimizer"))]),
        (PyExc::TypeError, "Optimizer.__init__() got an unexpected keyword argument 'lr'".to_string())
    );
    assert_eq!(err(vec![("class", PyValue::Int(3))]).0, PyExc::TypeError);
}

#[test]
fn epsilon_renaming() {
    // epsilon wins over eps.
    let c = build(vec![("class", s("Adam")), ("epsilon", PyValue::Float(1e-16)), ("eps", PyValue::Float(1e-3))]);
    assert_eq!(c, OptimizerConfig::Adam(AdamConfig { eps: 1e-16, ..AdamConfig::default() }));
    let c = build(vec![("class", s("Adam")), ("eps", PyValue::Float(1e-3)), ("epsilon", PyValue::Float(1e-16))]);
    assert_eq!(c, OptimizerConfig::Adam(AdamConfig { eps: 1e-16, ..AdamConfig::default() }));
    // Adafactor's eps is a pair, None allowed.
    let c = build(vec![("class", s("adafactor")), ("epsilon", PyValue::Tuple(vec![PyValue::None, PyValue::Float(1e-2)]))]);
    assert_eq!(c, OptimizerConfig::Adafactor(AdafactorConfig { eps: (None, 1e-2), ..AdafactorConfig::default() }));
    // No eps injected: torch's own defaults.
    let (_, kwargs) = returnn_constructor_call(&dict(vec![("class", s("adam"))]), 0.5).expect("call");
    assert_eq!(kwargs, vec![("lr".to_string(), PyValue::Float(0.5))]);
}

#[test]
fn name_table_covers_every_class_with_defaults() {
    for info in OPTIMIZERS {
        if info.kind != OptimizerKind::BaseOptimizer {
            assert_eq!(info.kwargs.first().map(|k| k.name), Some("lr"), "{}", info.name);
        }
        assert_eq!(resolve_class_name(&info.path()).map(|i| i.kind), Ok(info.kind));
        if let Some(config) = OptimizerConfig::default_for(info.kind) {
            assert!(info.usable);
            // Every resolved hyper-parameter is a table keyword with the same default.
            for (k, v) in config.hyper_parameters() {
                if info.kind == OptimizerKind::AdamW && k == "decoupled_weight_decay" {
                    // Fixed to True by AdamW (a param-group entry, not a keyword).
                    assert_eq!(v, PyValue::Bool(true));
                    continue;
                }
                let kw = info.kwarg(k).unwrap_or_else(|| panic!("{}: {k} not in table", info.name));
                let d = kw.default.to_py();
                let same = match (&d, &v) {
                    (PyValue::Int(a), PyValue::Float(b)) => *a as f64 == *b,
                    _ => d == v,
                };
                assert!(same, "{}.{k}: table {d:?}, config {v:?}", info.name);
            }
            assert!(config.validate(1e-3).is_ok());
        } else {
            assert!(!info.usable);
        }
    }
    assert_eq!(OptimizerKind::usable().len(), 13);
}

#[test]
fn to_returnn_round_trips() {
    let configs = vec![
        OptimizerConfig::Sgd(SgdConfig { momentum: 0.9, nesterov: true, ..SgdConfig::default() }),
        OptimizerConfig::AdamW(AdamConfig { weight_decay: 0.05, ..AdamConfig::adamw() }),
        OptimizerConfig::Adam(AdamConfig { betas: (0.9, 0.99), eps: 1e-16, ..AdamConfig::default() }),
        OptimizerConfig::Adafactor(AdafactorConfig { eps: (Some(1e-30), 1e-3), d: 2.0, ..AdafactorConfig::default() }),
        OptimizerConfig::Lion(LionConfig { weight_decay: 0.1, ..LionConfig::default() }),
        OptimizerConfig::Rprop(RpropConfig::default()),
    ];
    for c in configs {
        let d = c.to_returnn();
        assert_eq!(OptimizerConfig::from_returnn(&d, 0.01).as_ref(), Ok(&c), "{}", d.repr());
    }
    assert_eq!(OptimizerConfig::default_for(OptimizerKind::Sgd).map(|c| c.to_returnn().repr()), Some("{'class': 'SGD'}".into()));
}

#[test]
fn clipping_follows_torch() {
    let mut g = vec![3.0, -0.5, f64::NAN];
    clip_grad_value(&mut g, 1.0);
    assert_eq!(&g[..2], &[1.0, -0.5]);
    assert!(g[2].is_nan());
    let mut g = vec![3.0, 4.0];
    let norm = clip_grad_norm(&mut g, 1.0);
    assert_eq!(norm, 5.0);
    let coef = 1.0 / (5.0 + 1e-6);
    assert_eq!(g, vec![3.0 * coef, 4.0 * coef]);
    // Always multiplied, by exactly 1.0 when nothing is clipped.
    let mut g = vec![0.3, 0.4];
    clip_grad_norm(&mut g, 10.0);
    assert_eq!(g, vec![0.3, 0.4]);
    let mut g = vec![f64::INFINITY, 1.0];
    clip_grad_norm(&mut g, 1.0);
    assert!(g[0].is_nan() && g[1] == 0.0);
}

#[test]
fn root_options() {
    let cfg = |items: Vec<(&str, PyValue)>| {
        let entries: Vec<(String, PyValue)> = items.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        GradientProcessing::from_config(|k| entries.iter().find(|(key, _)| key == k).map(|(_, v)| v)).map_err(|e| e.py_exc())
    };
    assert_eq!(cfg(vec![("gradient_clip_norm", PyValue::Float(1.0))]), Err(Some(PyExc::NotImplementedError)));
    assert_eq!(cfg(vec![("gradient_clip_norm", PyValue::Float(0.0))]).map(|g| g.gradient_clip), Ok(0.0));
    assert_eq!(cfg(vec![("grad_clip", PyValue::Float(5.0))]), Err(Some(PyExc::ValueError)));
    assert_eq!(cfg(vec![("gradient_clip", s("inf"))]).map(|g| g.gradient_clip), Ok(f64::INFINITY));
    assert_eq!(cfg(vec![("accum_grad_multiple_step", PyValue::Int(3))]).map(|g| g.accum_grad_multiple_step), Ok(3));
    assert_eq!(cfg(vec![("accum_grad_multiple_step", PyValue::Float(3.0))]), Err(Some(PyExc::AssertionError)));

    let entries: Vec<(String, PyValue)> = vec![
        ("adam".into(), PyValue::Bool(true)),
        ("optimizer_epsilon".into(), PyValue::Float(1e-16)),
        ("gradient_clip_norm".into(), PyValue::Float(5.0)),
        ("grad_clip".into(), PyValue::Float(1.0)),
        ("learning_rate".into(), PyValue::Float(1e-3)),
    ];
    let notes = tf_only_options(&entries);
    assert_eq!(notes.len(), 4);
    assert_eq!(notes[0].error, None);
    assert!(notes[1].message.contains("ignored by torch") && notes[1].message.contains("1e-16"));
    assert_eq!(notes[2].error, Some(PyExc::NotImplementedError));
    assert_eq!(notes[2].message, "PyTorch updater: option gradient_clip_norm not supported currently");
    assert_eq!(notes[3].error, Some(PyExc::ValueError));
}

#[test]
fn accumulation_sums_and_discards_partial_epochs() {
    let mut acc = GradAccumulator::new(3);
    assert!(acc.add(&[1.0]).is_none());
    assert!(acc.add(&[2.0]).is_none());
    assert_eq!(acc.add(&[4.0]).map(|g| g.to_vec()), Some(vec![7.0]));
    assert!(acc.add(&[1.0]).is_none());
    acc.start_epoch();
    assert!(acc.add(&[10.0]).is_none());
    assert!(acc.add(&[10.0]).is_none());
    assert_eq!(acc.add(&[10.0]).map(|g| g.to_vec()), Some(vec![30.0]));

    // SGD with accumulation k: one update of lr * k * g.
    let opt = Optimizer::new(OptimizerConfig::Sgd(SgdConfig::default()), 0.1).expect("sgd");
    let mut up = Updater::new(opt, GradientProcessing { accum_grad_multiple_step: 2, ..Default::default() }, 0);
    let mut p = vec![1.0];
    assert!(!up.train_step(&mut p, &[1.0], 0.1));
    assert_eq!(p, vec![1.0]);
    assert!(up.train_step(&mut p, &[1.0], 0.1));
    assert_eq!(p, vec![1.0 - 0.1 * 2.0]);
}

#[test]
fn gradient_noise_is_seeded_and_bounded() {
    let proc_ = GradientProcessing { gradient_noise: 0.5, ..Default::default() };
    let (mut a, mut b) = (Rng::new(3), Rng::new(3));
    let mut ga = vec![0.0; 1000];
    let mut gb = vec![0.0; 1000];
    proc_.apply(&mut ga, &mut a);
    proc_.apply(&mut gb, &mut b);
    assert_eq!(ga, gb);
    assert!(ga.iter().all(|x| x.abs() <= 1.0));
    assert!(ga.iter().any(|x| *x != 0.0));
}

#[test]
fn lr_changes_keep_state() {
    // Rprop: the lr only initialises the step size.
    let mut a = Optimizer::from_returnn(&dict(vec![("class", s("Rprop"))]), 0.1).expect("rprop");
    let mut b = a.clone();
    let (mut pa, mut pb) = (vec![1.0, -2.0], vec![1.0, -2.0]);
    for t in 0..10 {
        let g: Vec<f64> = pa.iter().map(|x| 2.0 * x).collect();
        a.step(&mut pa, &g, 0.1);
        let g: Vec<f64> = pb.iter().map(|x| 2.0 * x).collect();
        b.step(&mut pb, &g, if t == 0 { 0.1 } else { 5.0 });
    }
    assert_eq!(pa, pb);
    // ASGD: an LR change acts one update late (eta was computed from the previous lr).
    let mk = || Optimizer::from_returnn(&dict(vec![("class", s("ASGD")), ("lambd", PyValue::Float(0.0))]), 0.1).expect("asgd");
    let (mut a, mut b) = (mk(), mk());
    let (mut pa, mut pb) = (vec![1.0], vec![1.0]);
    a.step(&mut pa, &[1.0], 0.1);
    b.step(&mut pb, &[1.0], 0.1);
    a.step(&mut pa, &[1.0], 0.1);
    b.step(&mut pb, &[1.0], 0.01);
    assert_eq!(pa, pb, "the changed lr is not used by this update");
    a.step(&mut pa, &[1.0], 0.1);
    b.step(&mut pb, &[1.0], 0.01);
    assert!((pa[0] - (1.0 - 0.3)).abs() < 1e-12 && (pb[0] - (1.0 - 0.21)).abs() < 1e-12);
    // Adam: state survives an LR change (the second step is not a fresh first step).
    let mut adam = Optimizer::new(OptimizerConfig::Adam(AdamConfig::default()), 0.1).expect("adam");
    let mut p = vec![1.0];
    adam.step(&mut p, &[1.0], 0.1);
    adam.step(&mut p, &[-1.0], 0.2);
    assert_eq!(adam.steps(), 2);
    assert!(matches!(adam.state(), OptimizerState::Adam(s) if s.moments.step == 2));
}

#[test]
fn step_never_panics_on_odd_lengths() {
    for info in OptimizerKind::usable() {
        let Some(c) = OptimizerConfig::default_for(info.kind) else { continue };
        let mut o = Optimizer::new(c, 0.01).expect("default");
        let mut p = vec![1.0, 2.0, 3.0];
        o.step(&mut p, &[0.1], 0.01);
        o.step(&mut p, &[0.1, 0.2, 0.3, 0.4], 0.01);
        o.step(&mut [], &[], 0.01);
        assert!(p.iter().all(|x| x.is_finite()), "{}", info.name);
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn value() -> impl Strategy<Value = PyValue> {
        let float = prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-0.0),
            -2.0f64..2.0,
            (-300i32..300).prop_map(|e| libm::pow(10.0, e as f64)),
        ];
        prop_oneof![
            float.clone().prop_map(PyValue::Float),
            (-3i64..3).prop_map(PyValue::Int),
            any::<bool>().prop_map(PyValue::Bool),
            Just(PyValue::None),
            Just(PyValue::Str("x".into())),
            proptest::collection::vec(float.prop_map(PyValue::Float), 0..4).prop_map(PyValue::Tuple),
        ]
    }

    const CLASSES: &[&str] = &[
        "sgd", "Adam", "ADAMW", "adamax", "nadam", "torch.optim.RAdam", "rmsprop", "adagrad", "adadelta", "asgd",
        "rprop", "adafactor", "returnn.torch.optim.lion.Lion", "lbfgs", "muon", "nag", "torch.optim.adam",
    ];
    const KEYS: &[&str] = &[
        "momentum", "dampening", "nesterov", "weight_decay", "betas", "eps", "epsilon", "amsgrad", "alpha", "centered",
        "rho", "lambd", "t0", "etas", "step_sizes", "beta2_decay", "d", "lr_decay", "initial_accumulator_value",
        "momentum_decay", "decoupled_weight_decay", "maximize", "foreach", "fused", "lr", "bogus",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn building_and_stepping_never_panics(
            class in 0..CLASSES.len(),
            kwargs in proptest::collection::vec((0..KEYS.len(), value()), 0..5),
            lr in prop_oneof![Just(f64::NAN), -1.0f64..1.0, Just(1e300)],
            grads in proptest::collection::vec(prop_oneof![Just(f64::NAN), Just(f64::INFINITY), -1e3f64..1e3], 0..12),
        ) {
            let mut items = vec![(s("class"), s(CLASSES[class]))];
            items.extend(kwargs.into_iter().map(|(k, v)| (s(KEYS[k]), v)));
            match Optimizer::from_returnn(&PyValue::Dict(items), lr) {
                Ok(mut opt) => {
                    let mut p = vec![0.5, -1.5];
                    for g in grads.chunks(2) {
                        opt.step(&mut p, g, lr);
                    }
                }
                Err(e) => prop_assert!(matches!(e, Error::Python { .. }), "{e}"),
            }
        }
    }
}
