#![cfg(not(target_arch = "wasm32"))]
//! Equivalents of newbob in other frameworks: hand-computed LR tables for each simulator (from
//! the documented rules, derivations in the comments), closest configs, snippets and caveats.
//!
//! Alignment everywhere: `lrs[0]` is epoch 1's LR; `lrs[k]` is the LR after the scheduler has
//! seen the scores of epochs 1..k, i.e. the LR of epoch k+1. So `n` scores give `n + 1` LRs.

use schedule_explorer::engine::equivalents::{
    compare, keras, newbob_lrs, optax, pytorch, speechbrain, Framework, FrameworkConfig, Mode,
    NewbobParams, NewbobScheme,
};
use schedule_explorer::py::error::{Error, PyExc};
use schedule_explorer::py::value::float_repr;

const NAN: f64 = f64::NAN;

/// Exact comparison (bit-for-bit except that every NaN equals every NaN), with a readable diff.
fn assert_lrs(got: Result<Vec<f64>, Error>, want: &[f64], what: &str) {
    let got = got.unwrap_or_else(|e| panic!("{what}: unexpected error {e}"));
    let same = got.len() == want.len()
        && got
            .iter()
            .zip(want)
            .all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
    assert!(same, "{what}:\n  got  {got:?}\n  want {want:?}");
}

fn assert_py_err(got: Result<Vec<f64>, Error>, exc: PyExc, what: &str) {
    match got {
        Err(e) => assert_eq!(e.py_exc(), Some(exc), "{what}: {e}"),
        Ok(v) => panic!("{what}: expected {exc}, got {v:?}"),
    }
}

// ================================================================================================
// PyTorch ReduceLROnPlateau
// ================================================================================================

/// lr 1.0, factor 0.5, abs threshold 0 (plain `a < best`), no cooldown, min_lr 0, eps 0.
fn torch_cfg(patience: i64) -> pytorch::PlateauConfig {
    pytorch::PlateauConfig {
        lr: 1.0,
        mode: Mode::Min,
        factor: 0.5,
        patience,
        threshold: 0.0,
        threshold_mode: pytorch::ThresholdMode::Abs,
        cooldown: 0,
        min_lr: 0.0,
        eps: 0.0,
    }
}

#[test]
fn torch_patience_zero_vs_one() {
    let scores = [10.0, 9.0, 9.0, 9.0, 8.0];
    // patience=0 (reduce when num_bad_epochs > 0):
    //  step(10): 10 < inf -> best 10          -> epoch 2: 1.0
    //  step(9):  9 < 10   -> best 9           -> epoch 3: 1.0
    //  step(9):  9 < 9 no -> bad 1 > 0 reduce -> epoch 4: 0.5
    //  step(9):  bad 1 > 0 reduce             -> epoch 5: 0.25
    //  step(8):  8 < 9 -> best                -> epoch 6: 0.25
    assert_lrs(
        pytorch::simulate(&torch_cfg(0), &scores),
        &[1.0, 1.0, 1.0, 0.5, 0.25, 0.25],
        "p=0",
    );
    // patience=1: the first bad epoch (bad=1) is tolerated, the second (bad=2 > 1) reduces.
    assert_lrs(
        pytorch::simulate(&torch_cfg(1), &scores),
        &[1.0, 1.0, 1.0, 1.0, 0.5, 0.5],
        "p=1",
    );
}

#[test]
fn torch_documented_patience_examples() {
    // Docs (patience): "if patience = 2, then we will ignore the first 2 epochs with no
    // improvement, and will only decrease the LR after the 3rd epoch if the loss still hasn't
    // improved then". [1, 2, 2, 2, 2]: step(1) best; bad 1, bad 2 (ignored); bad 3 > 2 ->
    // reduce after the 4th epoch -> epoch 5 trains with 0.5; bad count restarts at 0.
    assert_lrs(
        pytorch::simulate(&torch_cfg(2), &[1.0, 2.0, 2.0, 2.0, 2.0]),
        &[1.0, 1.0, 1.0, 1.0, 0.5, 0.5],
        "patience 2",
    );
    // Docs (patience = 0): "In the first epoch, a baseline is established ... In the second
    // epoch, if the performance is worse than the baseline ... the learning rate is reduced at
    // the end of this epoch." -> epoch 3 trains with the reduced LR. "If the performance
    // improves or remains the same, the learning rate is not adjusted" holds only with a
    // negative threshold: `_is_better` is strict, so with threshold 0 or the default rel 1e-4
    // an unchanged score is a bad epoch and reduces.
    assert_lrs(
        pytorch::simulate(&torch_cfg(0), &[1.0, 2.0]),
        &[1.0, 1.0, 0.5],
        "patience 0",
    );
    let default_thr = pytorch::PlateauConfig {
        patience: 0,
        factor: 0.5,
        ..Default::default()
    };
    assert_lrs(
        pytorch::simulate(&default_thr, &[1.0, 1.0]),
        &[1.0, 1.0, 0.5],
        "same score",
    );
    assert_lrs(
        pytorch::simulate(&torch_cfg(0), &[1.0, 1.0]),
        &[1.0, 1.0, 0.5],
        "same, thr 0",
    );
}

#[test]
fn torch_cooldown_ignores_bad_epochs() {
    let mut c = torch_cfg(0);
    c.cooldown = 2;
    // Flat 5.0: step 1 sets best; step 2 bad -> reduce (epoch 3 = 0.5), cooldown 2.
    // steps 3, 4: bad, but in cooldown: counter 2->1->0 and num_bad reset -> 0.5 stays.
    // step 5: bad, cooldown over -> reduce (epoch 6 = 0.25), cooldown 2; steps 6, 7 ignored.
    assert_lrs(
        pytorch::simulate(&c, &[5.0; 7]),
        &[1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25],
        "cooldown 2",
    );
    // best is still updated inside the cooldown: [5, 6, 4, 4.5, 4.5], cooldown 1:
    //  step(5) best 5 -> 1.0; step(6) bad -> reduce 0.5, cd 1;
    //  step(4) better (best 4), cd 1->0 -> 0.5; step(4.5) bad (vs 4) -> reduce 0.25, cd 1;
    //  step(4.5) bad but cd 1->0 -> 0.25.
    c.cooldown = 1;
    assert_lrs(
        pytorch::simulate(&c, &[5.0, 6.0, 4.0, 4.5, 4.5]),
        &[1.0, 1.0, 0.5, 0.5, 0.25, 0.25],
        "cooldown 1, best updated in cooldown",
    );
}

#[test]
fn torch_threshold_equality_is_a_bad_epoch() {
    // abs 0.5: step(1.5): 1.5 < 2.0 - 0.5 is false -> bad -> reduce; step(1.0): 1.0 < 1.5 better.
    let mut c = torch_cfg(0);
    c.threshold = 0.5;
    assert_lrs(
        pytorch::simulate(&c, &[2.0, 1.5, 1.0]),
        &[1.0, 1.0, 0.5, 0.5],
        "abs equality",
    );
    // rel 0.5: step(2.0): 2.0 < 4.0 * (1 - 0.5) = 2.0 is false -> bad -> reduce;
    // step(1.0): best is still 4.0, 1.0 < 2.0 -> better.
    c.threshold_mode = pytorch::ThresholdMode::Rel;
    assert_lrs(
        pytorch::simulate(&c, &[4.0, 2.0, 1.0]),
        &[1.0, 1.0, 0.5, 0.5],
        "rel equality",
    );
}

#[test]
fn torch_rel_vs_abs_mode() {
    let mut c = torch_cfg(0);
    c.threshold = 0.1;
    let scores = [10.0, 9.5, 9.0];
    // rel: better iff a < best * 0.9. step(9.5): 9.5 < 9.0 no -> reduce 0.5;
    //      step(9.0): best still 10, 9.0 < 9.0 (10 * 0.9 == 9.0 exactly) no -> reduce 0.25.
    c.threshold_mode = pytorch::ThresholdMode::Rel;
    assert_lrs(
        pytorch::simulate(&c, &scores),
        &[1.0, 1.0, 0.5, 0.25],
        "rel",
    );
    // abs: better iff a < best - 0.1. 9.5 < 9.9 yes; 9.0 < 9.4 yes -> never reduces.
    c.threshold_mode = pytorch::ThresholdMode::Abs;
    assert_lrs(pytorch::simulate(&c, &scores), &[1.0, 1.0, 1.0, 1.0], "abs");
}

#[test]
fn torch_min_lr_clamp_and_eps() {
    let mut c = torch_cfg(0);
    c.min_lr = 0.3;
    // Flat: reductions at steps 2, 3, 4: max(0.5, 0.3) = 0.5; max(0.25, 0.3) = 0.3;
    // max(0.15, 0.3) = 0.3 but 0.3 - 0.3 > eps (0) is false -> unchanged.
    assert_lrs(
        pytorch::simulate(&c, &[1.0; 4]),
        &[1.0, 1.0, 0.5, 0.3, 0.3],
        "min_lr",
    );
    // torch never raises an LR that is below min_lr: new = max(0.1*0.5, 0.3) = 0.3 > old.
    c.lr = 0.1;
    assert_lrs(
        pytorch::simulate(&c, &[1.0; 3]),
        &[0.1, 0.1, 0.1, 0.1],
        "below min_lr",
    );
    // eps 1e-8 (the default): lr 4e-8 -> 2e-8 (drop 2e-8 > 1e-8), then 1e-8 would drop only
    // 1e-8, which is not > eps -> ignored.
    let mut c = torch_cfg(0);
    c.eps = 1e-8;
    c.lr = 4e-8;
    assert_lrs(
        pytorch::simulate(&c, &[1.0; 3]),
        &[4e-8, 4e-8, 2e-8, 2e-8],
        "eps",
    );
}

#[test]
fn torch_nan_is_a_bad_epoch() {
    // NaN < anything is false: NaN counts as a bad epoch.
    // [1, NaN, 0.5]: step(1) best; step(NaN) bad -> reduce; step(0.5) better.
    assert_lrs(
        pytorch::simulate(&torch_cfg(0), &[1.0, NAN, 0.5]),
        &[1.0, 1.0, 0.5, 0.5],
        "nan",
    );
    // A NaN first score is already bad (NaN < inf is false): reduce right after epoch 1.
    assert_lrs(
        pytorch::simulate(&torch_cfg(0), &[NAN, 1.0]),
        &[1.0, 0.5, 0.5],
        "nan first",
    );
}

#[test]
fn torch_mode_max_and_degenerate_threshold() {
    // max, rel 0.1: better iff a > best * 1.1. best starts at -inf (-inf * 1.1 = -inf).
    // 0.5 better; 0.6 > 0.55 better; 0.65 > 0.66 no -> reduce; 0.7 > 0.66 better.
    let mut c = torch_cfg(0);
    c.mode = Mode::Max;
    c.threshold = 0.1;
    c.threshold_mode = pytorch::ThresholdMode::Rel;
    assert_lrs(
        pytorch::simulate(&c, &[0.5, 0.6, 0.65, 0.7]),
        &[1.0, 1.0, 1.0, 0.5, 0.5],
        "max",
    );
    // min, rel, threshold 1.0: inf * 0.0 = NaN, so nothing is ever better -> every step reduces.
    c.mode = Mode::Min;
    c.threshold = 1.0;
    assert_lrs(
        pytorch::simulate(&c, &[3.0, 2.0, 1.0]),
        &[1.0, 0.5, 0.25, 0.125],
        "thr 1",
    );
}

#[test]
fn torch_factor_must_be_below_one() {
    let mut c = torch_cfg(0);
    c.factor = 1.0;
    assert_py_err(
        pytorch::simulate(&c, &[1.0]),
        PyExc::ValueError,
        "factor 1.0",
    );
}

// ================================================================================================
// Keras ReduceLROnPlateau
// ================================================================================================

/// learning_rate 1.0, factor 0.5, min_delta 0, mode min, float64 LR (exact halving anyway).
fn keras_cfg(patience: i64) -> keras::PlateauConfig {
    keras::PlateauConfig {
        learning_rate: 1.0,
        monitor: "val_loss".to_string(),
        factor: 0.5,
        patience,
        mode: keras::KerasMode::Min,
        min_delta: 0.0,
        cooldown: 0,
        min_lr: 0.0,
        float32_lr: false,
    }
}

#[test]
fn keras_patience_is_torch_patience_plus_one() {
    let scores = [10.0, 9.0, 9.0, 9.0, 8.0];
    // patience=1: 10, 9 improve; 9: wait 1 >= 1 -> reduce (epoch 4 = 0.5), wait 0;
    // 9: wait 1 -> reduce (0.25); 8 improves. Same table as torch patience=0.
    let p1 = [1.0, 1.0, 1.0, 0.5, 0.25, 0.25];
    assert_lrs(keras::simulate(&keras_cfg(1), &scores), &p1, "p=1");
    // patience=0: wait is incremented before `wait >= patience`, so 0 behaves like 1.
    assert_lrs(keras::simulate(&keras_cfg(0), &scores), &p1, "p=0");
    // patience=2: wait 1 (no), wait 2 -> reduce at the 4th score (epoch 5). = torch patience=1.
    assert_lrs(
        keras::simulate(&keras_cfg(2), &scores),
        &[1.0, 1.0, 1.0, 1.0, 0.5, 0.5],
        "p=2",
    );
}

#[test]
fn keras_cooldown_ignores_one_epoch_less() {
    let mut c = keras_cfg(1);
    c.cooldown = 2;
    // Flat 5.0, cooldown 2 (the decrement happens before the epoch is judged):
    //  s1: best 5                         -> 1.0
    //  s2: wait 1 -> reduce 0.5, cd 2     -> 0.5
    //  s3: cd 2->1 (still in cooldown)     -> 0.5
    //  s4: cd 1->0, not in cooldown: wait 1 -> reduce 0.25, cd 2
    //  s5: cd 2->1 -> 0.25;  s6: cd 1->0, reduce 0.125;  s7: cd 2->1 -> 0.125
    assert_lrs(
        keras::simulate(&c, &[5.0; 7]),
        &[1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125],
        "cooldown 2",
    );
    // cooldown=1 is the same as cooldown=0: s2 reduce; s3: cd 1->0 -> judged -> reduce; ...
    let halving = [1.0, 1.0, 0.5, 0.25, 0.125];
    c.cooldown = 1;
    assert_lrs(keras::simulate(&c, &[5.0; 4]), &halving, "cooldown 1");
    c.cooldown = 0;
    assert_lrs(keras::simulate(&c, &[5.0; 4]), &halving, "cooldown 0");
}

#[test]
fn keras_equality_nan_and_min_lr() {
    let mut c = keras_cfg(1);
    c.min_delta = 0.5;
    // 1.5 < 2.0 - 0.5 is false -> bad -> reduce; 1.0 < 1.5 -> better.
    assert_lrs(
        keras::simulate(&c, &[2.0, 1.5, 1.0]),
        &[1.0, 1.0, 0.5, 0.5],
        "equality",
    );
    // NaN: np.less(NaN, x) is False -> wait 1 -> reduce; 0.5 then improves.
    assert_lrs(
        keras::simulate(&keras_cfg(1), &[1.0, NAN, 0.5]),
        &[1.0, 1.0, 0.5, 0.5],
        "nan",
    );
    // min_lr 0.3, flat: 1 > f32(0.3) -> max(0.5, 0.3) = 0.5; 0.5 > f32(0.3) -> max(0.25, 0.3)
    // = 0.3; 0.3 > f32(0.3) = 0.30000001192092896 is false -> no further reduction.
    let mut c = keras_cfg(1);
    c.min_lr = 0.3;
    assert_lrs(
        keras::simulate(&c, &[1.0; 4]),
        &[1.0, 1.0, 0.5, 0.3, 0.3],
        "min_lr f64",
    );
    // float32 LR: 0.3 is stored as 0.30000001192092896, which is not > f32(0.3) either.
    c.float32_lr = true;
    let f = 0.30000001192092896;
    assert_lrs(
        keras::simulate(&c, &[1.0; 4]),
        &[1.0, 1.0, 0.5, f, f],
        "min_lr f32",
    );
}

#[test]
fn keras_float32_learning_rate() {
    let mut c = keras_cfg(1);
    c.float32_lr = true;
    c.learning_rate = 0.001;
    c.factor = 0.1;
    // epoch 1: float32(0.001) = 0.0010000000474974513;
    // reduce: float32(0.0010000000474974513 * 0.1) = 0.00010000000474974513;
    // reduce: float32(0.00010000000474974513 * 0.1) = 1.0000000656873453e-05.
    assert_lrs(
        keras::simulate(&c, &[1.0; 3]),
        &[
            0.0010000000474974513,
            0.0010000000474974513,
            0.00010000000474974513,
            1.0000000656873453e-05,
        ],
        "float32",
    );
}

#[test]
fn keras_mode_max_and_auto() {
    let scores = [0.5, 0.6, 0.6];
    // auto + "acc" in the monitor name -> max: 0.6 > 0.5 better; 0.6 > 0.6 no -> reduce.
    let mut c = keras_cfg(1);
    c.mode = keras::KerasMode::Auto;
    c.monitor = "val_accuracy".to_string();
    assert_lrs(
        keras::simulate(&c, &scores),
        &[1.0, 1.0, 1.0, 0.5],
        "auto acc",
    );
    c.mode = keras::KerasMode::Max;
    c.monitor = "val_loss".to_string();
    assert_lrs(keras::simulate(&c, &scores), &[1.0, 1.0, 1.0, 0.5], "max");
    // auto + "val_loss" -> min: 0.6 < 0.5 no -> reduce; 0.6 no -> reduce.
    c.mode = keras::KerasMode::Auto;
    assert_lrs(
        keras::simulate(&c, &scores),
        &[1.0, 1.0, 0.5, 0.25],
        "auto loss",
    );
    c.factor = 1.5;
    assert_py_err(
        keras::simulate(&c, &scores),
        PyExc::ValueError,
        "factor 1.5",
    );
}

// ================================================================================================
// optax contrib.reduce_on_plateau
// ================================================================================================

/// base LR 1.0, factor 0.5, rtol 0, atol 0.5, float64 arithmetic.
fn optax_cfg(patience: i64) -> optax::PlateauConfig {
    optax::PlateauConfig {
        learning_rate: 1.0,
        factor: 0.5,
        patience,
        rtol: 0.0,
        atol: 0.5,
        cooldown: 0,
        accumulation_size: 1,
        min_scale: 0.0,
        float32: false,
    }
}

#[test]
fn optax_patience_one_and_the_patience_zero_trap() {
    let scores = [10.0, 9.0, 9.0, 9.0, 8.0];
    // improved iff v < best - 0.5. patience=1 (reduce when the count == 1):
    //  10 improves; 9 < 9.5 improves; 9 < 8.5 no -> count 1 == 1 -> scale 0.5, count 0;
    //  9 -> count 1 -> 0.25; 8 < 8.5 improves.
    assert_lrs(
        optax::simulate(&optax_cfg(1), &scores),
        &[1.0, 1.0, 1.0, 0.5, 0.25, 0.25],
        "p=1",
    );
    // patience=0: the count is 0 exactly after an improvement, so improvements reduce:
    //  10 improves -> 0 == 0 -> 0.5; 9 improves -> 0.25; 9: count 1 != 0; 9: 2; 8 improves -> 0.125.
    assert_lrs(
        optax::simulate(&optax_cfg(0), &scores),
        &[1.0, 0.5, 0.25, 0.25, 0.25, 0.125],
        "p=0",
    );
}

#[test]
fn optax_cooldown_and_accumulation() {
    let mut c = optax_cfg(1);
    c.cooldown = 2;
    // Flat 5: 5 improves; 5 -> count 1 -> 0.5, cooldown 2; two values in cooldown (count 0,
    // cooldown 2->1->0); then 5 -> count 1 -> 0.25, cooldown 2; two in cooldown. Like torch.
    assert_lrs(
        optax::simulate(&c, &[5.0; 7]),
        &[1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25],
        "cooldown 2",
    );
    // accumulation_size 2: the logic runs on the mean of each block of two values.
    //  (4 + 6) / 2 = 5 improves (best 5); (5 + 5) / 2 = 5 < 4.5 no -> 0.5 after the 4th value;
    //  (3 + 3) / 2 = 3 < 4.5 improves. Between block ends the scale does not change.
    let mut c = optax_cfg(1);
    c.accumulation_size = 2;
    assert_lrs(
        optax::simulate(&c, &[4.0, 6.0, 5.0, 5.0, 3.0, 3.0]),
        &[1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5],
        "accumulation 2",
    );
}

#[test]
fn optax_min_scale_nan_and_equality() {
    // min_scale 0.3: 1 improves (max(1, 0.3) = 1); 0.5; max(0.25, 0.3) = 0.3; max(0.15, 0.3).
    let mut c = optax_cfg(1);
    c.min_scale = 0.3;
    assert_lrs(
        optax::simulate(&c, &[1.0; 4]),
        &[1.0, 1.0, 0.5, 0.3, 0.3],
        "min_scale",
    );
    // min_scale 2.0 is applied at every update outside cooldown: the scale jumps to 2 at once.
    c.min_scale = 2.0;
    assert_lrs(
        optax::simulate(&c, &[1.0; 2]),
        &[1.0, 2.0, 2.0],
        "min_scale above 1",
    );
    // NaN never improves: [1, NaN, 0.5] with atol 0.25: NaN -> count 1 -> 0.5; 0.5 < 0.75.
    let mut c = optax_cfg(1);
    c.atol = 0.25;
    assert_lrs(
        optax::simulate(&c, &[1.0, NAN, 0.5]),
        &[1.0, 1.0, 0.5, 0.5],
        "nan",
    );
    // Equality (rtol 0.5, atol 0): 2 < (1 - 0.5) * 4 = 2 is false -> reduce; 1 < 2 improves.
    c.atol = 0.0;
    c.rtol = 0.5;
    assert_lrs(
        optax::simulate(&c, &[4.0, 2.0, 1.0]),
        &[1.0, 1.0, 0.5, 0.5],
        "equality",
    );
    // rtol 1.0: (1 - 1) * inf = NaN, nothing ever improves -> every value reduces.
    c.rtol = 1.0;
    assert_lrs(
        optax::simulate(&c, &[3.0, 2.0, 1.0]),
        &[1.0, 0.5, 0.25, 0.125],
        "rtol 1",
    );
}

#[test]
fn optax_float32_arithmetic() {
    // rtol 1e-12: in float64, 0.99999999 < (1 - 1e-12) * 1.0 improves; in float32 the score
    // rounds to 1.0 and 1 - 1e-12 rounds to 1.0, so 1.0 < 1.0 is false -> reduce.
    let mut c = optax_cfg(1);
    c.rtol = 1e-12;
    c.atol = 0.0;
    assert_lrs(
        optax::simulate(&c, &[1.0, 0.99999999]),
        &[1.0, 1.0, 1.0],
        "f64",
    );
    c.float32 = true;
    assert_lrs(
        optax::simulate(&c, &[1.0, 0.99999999]),
        &[1.0, 1.0, 0.5],
        "f32",
    );
    // float32 scale and injected LR: base float32(0.001) = 0.0010000000474974513;
    // scale float32(1 * float32(0.1)) = 0.10000000149011612, LR float32(base * scale)
    // = 0.00010000000474974513; scale float32(0.10000000149011612 * float32(0.1))
    // = 0.010000000707805157, LR = 1.0000001566368155e-05.
    c.learning_rate = 0.001;
    c.factor = 0.1;
    assert_lrs(
        optax::simulate(&c, &[1.0; 3]),
        &[
            0.0010000000474974513,
            0.0010000000474974513,
            0.00010000000474974513,
            1.0000001566368155e-05,
        ],
        "f32 scale",
    );
}

#[test]
fn optax_constructor_checks() {
    let bad = |f: &dyn Fn(&mut optax::PlateauConfig)| {
        let mut c = optax_cfg(1);
        f(&mut c);
        assert_py_err(
            optax::simulate(&c, &[1.0]),
            PyExc::ValueError,
            &format!("{c:?}"),
        );
    };
    bad(&|c| c.factor = 1.0);
    bad(&|c| c.factor = 0.0);
    bad(&|c| c.rtol = -0.1);
    bad(&|c| c.atol = 0.0);
    bad(&|c| c.rtol = 1.5);
}

// ================================================================================================
// SpeechBrain NewBobScheduler
// ================================================================================================

fn sb_cfg(threshold: f64, patient: i64) -> speechbrain::NewBobConfig {
    speechbrain::NewBobConfig {
        initial_value: 1.0,
        annealing_factor: 0.5,
        improvement_threshold: threshold,
        patient,
    }
}

#[test]
fn speechbrain_docstring_example() {
    // NewBobScheduler(initial_value=1.0) with the defaults (0.5, 0.0025, 0):
    // scheduler(10.0) -> (1.0, 1.0); scheduler(2.0) -> (1.0, 1.0); scheduler(2.5) -> (1.0, 0.5).
    let c = speechbrain::NewBobConfig::default();
    assert_lrs(
        speechbrain::simulate(&c, &[10.0, 2.0, 2.5]),
        &[1.0, 1.0, 1.0, 0.5],
        "docstring",
    );
}

#[test]
fn speechbrain_patient_counter_is_not_reset() {
    // patient 1: [10, 11, 9, 10, 9]
    //  11: (10 - 11) / 10 = -0.1 < 0.0025 -> patient 1 -> 0     -> 1.0
    //   9: (11 - 9) / 11 > thr                                   -> 1.0 (patient stays 0)
    //  10: (9 - 10) / 9 < thr, patient 0 -> anneal 0.5, patient 1
    //   9: (10 - 9) / 10 = 0.1                                    -> 0.5
    assert_lrs(
        speechbrain::simulate(&sb_cfg(0.0025, 1), &[10.0, 11.0, 9.0, 10.0, 9.0]),
        &[1.0, 1.0, 1.0, 1.0, 0.5, 0.5],
        "patient 1",
    );
    // patient 0: each of the two bad epochs anneals.
    assert_lrs(
        speechbrain::simulate(&sb_cfg(0.0025, 0), &[10.0, 11.0, 9.0, 10.0, 9.0]),
        &[1.0, 1.0, 0.5, 0.5, 0.25, 0.25],
        "patient 0",
    );
}

#[test]
fn speechbrain_zero_equality_nan_negative() {
    // prev == 0 -> improvement 0: 0 < 0.0025 anneals; 0 < 0.0 does not.
    assert_lrs(
        speechbrain::simulate(&sb_cfg(0.0025, 0), &[0.0, 5.0]),
        &[1.0, 1.0, 0.5],
        "zero",
    );
    assert_lrs(
        speechbrain::simulate(&sb_cfg(0.0, 0), &[0.0, 5.0]),
        &[1.0, 1.0, 1.0],
        "zero thr0",
    );
    // Equality: (4 - 2) / 4 = 0.5 < 0.5 is false -> keep; (4 - 2.5) / 4 = 0.375 -> anneal.
    assert_lrs(
        speechbrain::simulate(&sb_cfg(0.5, 0), &[4.0, 2.0]),
        &[1.0, 1.0, 1.0],
        "equal",
    );
    assert_lrs(
        speechbrain::simulate(&sb_cfg(0.5, 0), &[4.0, 2.5]),
        &[1.0, 1.0, 0.5],
        "below",
    );
    // NaN: improvement NaN (as new and as prev) is never < thr -> keep.
    assert_lrs(
        speechbrain::simulate(&sb_cfg(0.0025, 0), &[1.0, NAN, 0.5]),
        &[1.0, 1.0, 1.0, 1.0],
        "nan",
    );
    // Signed prev: -2 -> -1 got worse, but (-2 - -1) / -2 = 0.5 counts as improvement.
    assert_lrs(
        speechbrain::simulate(&sb_cfg(0.0025, 0), &[-2.0, -1.0]),
        &[1.0, 1.0, 1.0],
        "neg",
    );
}

// ================================================================================================
// newbob reference curve
// ================================================================================================

#[test]
fn newbob_reference_tables() {
    let p = NewbobParams::default();
    // rel, -0.01: epoch 3 from (10, 9): -1/9 -> keep; epoch 4 from (9, 8.95): -0.05/8.95 =
    // -0.0056 > -0.01 -> decay 0.5; epoch 5 from (8.95, 8): -0.95/8 -> keep.
    assert_lrs(
        newbob_lrs(&p, &[10.0, 9.0, 8.95, 8.0]),
        &[1.0, 1.0, 1.0, 0.5, 0.5],
        "rel",
    );
    // abs: 0.75 - 1.0 == -0.25 exactly, -0.25 > -0.25 is false -> keep.
    let abs = NewbobParams {
        scheme: NewbobScheme::NewbobAbs,
        error_threshold: -0.25,
        ..p.clone()
    };
    assert_lrs(
        newbob_lrs(&abs, &[1.0, 0.75]),
        &[1.0, 1.0, 1.0],
        "abs equality",
    );
    // NaN takes the grow branch: growth 2.0 doubles the LR at epoch 3.
    let grow = NewbobParams {
        growth: 2.0,
        ..p.clone()
    };
    assert_lrs(
        newbob_lrs(&grow, &[1.0, NAN]),
        &[1.0, 1.0, 2.0],
        "nan grows",
    );
    // A zero new score divides by zero.
    assert_py_err(
        newbob_lrs(&p, &[1.0, 0.0]),
        PyExc::ZeroDivisionError,
        "zero",
    );
    // multi, 2 epochs, interval 2: updates at epochs 3, 5. Epoch 3: W = {1, 2}, rel
    // (2 - 4) / 2 = -1 -> keep. Epoch 5: W = {2, 3, 4}, rels 0, 0 -> mean 0 > -0.01 -> decay.
    let multi = NewbobParams {
        scheme: NewbobScheme::NewbobMultiEpoch,
        multi_num_epochs: 2,
        ..p.clone()
    };
    assert_lrs(
        newbob_lrs(&multi, &[4.0, 2.0, 2.0, 2.0, 2.0]),
        &[1.0, 1.0, 1.0, 1.0, 0.5, 0.5],
        "multi",
    );
    // min-num-epochs guard 3, flat: epochs 2, 3 hold (fewer than 3 earlier epochs); epoch 4
    // decides (rel 0) -> 0.5; epochs 5, 6 see two distinct LRs -> hold; epoch 7 -> 0.25.
    let guard = NewbobParams {
        min_num_epochs_per_new_lr: 3,
        ..p
    };
    assert_lrs(
        newbob_lrs(&guard, &[1.0; 6]),
        &[1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25],
        "guard",
    );
}

// ================================================================================================
// Closest configs on the shared scenarios
// ================================================================================================

fn variants() -> Vec<NewbobParams> {
    let base = NewbobParams::default();
    vec![
        base.clone(),
        NewbobParams {
            div_by_old: true,
            ..base.clone()
        },
        NewbobParams {
            scheme: NewbobScheme::NewbobAbs,
            error_threshold: -0.05,
            ..base.clone()
        },
        NewbobParams {
            scheme: NewbobScheme::NewbobMultiEpoch,
            multi_num_epochs: 3,
            multi_update_interval: Some(1),
            ..base.clone()
        },
        NewbobParams {
            learning_rate: 0.5,
            decay: 0.25,
            min_learning_rate: 0.001,
            ..base
        },
    ]
}

#[test]
fn monotone_improvement_never_decays_anywhere() {
    // Each epoch improves by 10%: 100 * 0.9^k.
    let scores: Vec<f64> = (0..20).map(|k| 100.0 * libm::pow(0.9, k as f64)).collect();
    for p in variants() {
        let cmp = compare(&p, &scores);
        let flat = vec![p.learning_rate; scores.len() + 1];
        assert_lrs(Ok(cmp.newbob.lrs.clone()), &flat, &format!("newbob {p:?}"));
        for eq in &cmp.equivalents {
            assert_eq!(eq.curve.error, None, "{:?}", eq.framework);
            // Keras and optax hold the LR in float32.
            let lr = match eq.framework {
                Framework::Keras | Framework::Optax => p.learning_rate as f32 as f64,
                _ => p.learning_rate,
            };
            assert_lrs(
                Ok(eq.curve.lrs.clone()),
                &vec![lr; scores.len() + 1],
                &format!("{:?} {p:?}", eq.framework),
            );
        }
    }
}

#[test]
fn flat_plateau_decays_at_epoch_three_everywhere() {
    // A flat score from the start: newbob decides epoch 3 from epochs 1, 2 (rel 0 > -0.01) and
    // then decays every epoch; each closest config reduces after its first bad step (step 2),
    // which is the LR of epoch 3, and after every further bad step.
    let p = NewbobParams::default();
    let want = [1.0, 1.0, 0.5, 0.25, 0.125, 0.0625];
    let cmp = compare(&p, &[7.0; 5]);
    assert_lrs(Ok(cmp.newbob.lrs.clone()), &want, "newbob");
    for eq in &cmp.equivalents {
        assert_lrs(
            Ok(eq.curve.lrs.clone()),
            &want,
            &format!("{:?}", eq.framework),
        );
    }
}

#[test]
fn plateau_after_improvement_with_guard_decays_at_the_same_epochs() {
    // Scores [10, 9, 8, 8, ...] with min_num_epochs_per_new_lr = 3.
    // newbob: epochs 2, 3 held by the guard; epoch 4 from (9, 8): keep; epoch 5 from (8, 8):
    // decay 0.5; epochs 6, 7 held (two distinct LRs in the window); epoch 8: decay 0.25; 9, 10 held.
    // torch/optax (cooldown 2) reduce after step 4 (epoch 5) and step 7 (epoch 8); Keras
    // (cooldown 3, one epoch less ignored) the same; SpeechBrain has no cooldown: every epoch
    // from 5 on.
    let p = NewbobParams {
        min_num_epochs_per_new_lr: 3,
        ..NewbobParams::default()
    };
    let scores = [10.0, 9.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0];
    let want = [1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25];
    let cmp = compare(&p, &scores);
    assert_lrs(Ok(cmp.newbob.lrs.clone()), &want, "newbob");
    for eq in &cmp.equivalents {
        let want_fw: &[f64] = match eq.framework {
            Framework::SpeechBrain => &[
                1.0, 1.0, 1.0, 1.0, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625,
            ],
            _ => &want,
        };
        assert_lrs(
            Ok(eq.curve.lrs.clone()),
            want_fw,
            &format!("{:?}", eq.framework),
        );
    }
}

#[test]
fn closest_configs_map_the_settings() {
    let p = NewbobParams {
        min_num_epochs_per_new_lr: 3,
        min_learning_rate: 0.25,
        ..NewbobParams::default()
    };
    // -t / (1 - t) for t = -0.01 is 0.01 / 1.01.
    let thr = 0.009900990099009901;
    let t = pytorch::closest_config(&p);
    assert_eq!(
        (t.factor, t.patience, t.cooldown, t.threshold, t.eps),
        (0.5, 0, 2, thr, 0.0)
    );
    assert_eq!(
        (t.threshold_mode, t.mode, t.min_lr),
        (pytorch::ThresholdMode::Rel, Mode::Min, 0.25)
    );
    let k = keras::closest_config(&p);
    assert_eq!(
        (k.factor, k.patience, k.cooldown, k.min_lr),
        (0.5, 1, 3, 0.25)
    );
    assert_eq!(k.min_delta, 0.0, "no score scale -> 0.0");
    let k = keras::closest_config(&NewbobParams {
        score_scale: Some(2.0),
        ..p.clone()
    });
    assert_eq!(k.min_delta, 0.02);
    let o = optax::closest_config(&p);
    assert_eq!(
        (
            o.factor,
            o.patience,
            o.cooldown,
            o.rtol,
            o.atol,
            o.min_scale
        ),
        (0.5, 1, 2, thr, 0.0, 0.25)
    );
    let s = speechbrain::closest_config(&p);
    assert_eq!(
        (s.annealing_factor, s.patient, s.improvement_threshold),
        (0.5, 0, thr)
    );
    // div_by_old: the threshold is exactly -t.
    let d = NewbobParams {
        div_by_old: true,
        ..p.clone()
    };
    assert_eq!(pytorch::closest_config(&d).threshold, 0.01);
    assert_eq!(speechbrain::closest_config(&d).improvement_threshold, 0.01);
    // abs: torch abs mode, optax atol, Keras min_delta = -t.
    let a = NewbobParams {
        scheme: NewbobScheme::NewbobAbs,
        error_threshold: -0.25,
        ..p.clone()
    };
    let ta = pytorch::closest_config(&a);
    assert_eq!(
        (ta.threshold_mode, ta.threshold),
        (pytorch::ThresholdMode::Abs, 0.25)
    );
    assert_eq!(keras::closest_config(&a).min_delta, 0.25);
    let oa = optax::closest_config(&a);
    assert_eq!((oa.rtol, oa.atol), (0.0, 0.25));
    // A threshold >= 0 cannot be expressed in optax: the smallest rtol is used.
    let z = NewbobParams {
        relative_error_threshold: 0.0,
        ..p.clone()
    };
    assert_eq!(optax::closest_config(&z).rtol, optax::MIN_RTOL);
    // multi: optax accumulates over the update interval.
    let m = NewbobParams {
        scheme: NewbobScheme::NewbobMultiEpoch,
        multi_num_epochs: 4,
        ..p
    };
    assert_eq!(optax::closest_config(&m).accumulation_size, 4);
}

#[test]
fn speechbrain_with_div_by_old_matches_newbob_on_positive_scores() {
    // (new - old) / old > t  <=>  (old - new) / old < -t, computed exactly the same way.
    let p = NewbobParams {
        div_by_old: true,
        ..NewbobParams::default()
    };
    let scores = [10.0, 9.9, 9.801, 9.8, 9.0, 9.0, 8.5, 8.6, 8.0, 7.92];
    let want = newbob_lrs(&p, &scores);
    let got = speechbrain::simulate(&speechbrain::closest_config(&p), &scores);
    assert_eq!(got, want);
}

// ================================================================================================
// Snippets and caveats
// ================================================================================================

#[test]
fn snippets_are_python_with_repr_floats() {
    let p = NewbobParams {
        learning_rate: 1e-5,
        min_num_epochs_per_new_lr: 2,
        ..NewbobParams::default()
    };
    let t = FrameworkConfig::closest(Framework::PyTorch, &p).code_snippet(None);
    assert!(t.starts_with("import torch\n"), "{t}");
    for needle in [
        "lr=1e-05",
        "torch.optim.lr_scheduler.ReduceLROnPlateau(",
        "mode=\"min\"",
        "factor=0.5",
        "patience=0",
        "threshold=0.009900990099009901",
        "threshold_mode=\"rel\"",
        "cooldown=1",
        "min_lr=0.0",
        "eps=0.0",
        "scheduler.step(dev_score)",
    ] {
        assert!(t.contains(needle), "torch snippet lacks {needle}:\n{t}");
    }
    let k = FrameworkConfig::closest(Framework::Keras, &p).code_snippet(None);
    for needle in [
        "import keras",
        "keras.callbacks.ReduceLROnPlateau(",
        "monitor='val_loss'",
        "patience=1",
        "cooldown=2",
        "learning_rate=1e-05",
        "callbacks=[reduce_lr]",
    ] {
        assert!(k.contains(needle), "keras snippet lacks {needle}:\n{k}");
    }
    let o = FrameworkConfig::closest(Framework::Optax, &p).code_snippet(None);
    for needle in [
        "import optax",
        "optax.contrib.reduce_on_plateau(",
        "rtol=0.009900990099009901",
        "atol=0.0",
        "accumulation_size=1",
        "min_scale=0.0",
        "value=dev_score",
        "plateau_state.scale",
    ] {
        assert!(o.contains(needle), "optax snippet lacks {needle}:\n{o}");
    }
    let s = FrameworkConfig::closest(Framework::SpeechBrain, &p).code_snippet(None);
    for needle in [
        "from speechbrain.nnet.schedulers import NewBobScheduler, update_learning_rate",
        "initial_value=1e-05",
        "annealing_factor=0.5",
        "improvement_threshold=0.009900990099009901",
        "patient=0",
        "update_learning_rate(optimizer, new_lr)",
    ] {
        assert!(
            s.contains(needle),
            "speechbrain snippet lacks {needle}:\n{s}"
        );
    }
    // Non-finite floats become float("...") expressions, never bare inf.
    let never = NewbobParams {
        relative_error_threshold: 2.0,
        ..NewbobParams::default()
    };
    let t = FrameworkConfig::closest(Framework::PyTorch, &never).code_snippet(None);
    assert!(t.contains("threshold=float(\"-inf\")"), "{t}");
    // The code builds the chosen optimizer, and says so when none was chosen (never AdamW regardless).
    let adam = schedule_explorer::engine::settings::OptimizerSettings { class: "adam".into(), kwargs: vec![] };
    for fw in Framework::ALL {
        let cfg = FrameworkConfig::closest(fw, &p);
        let none = cfg.code_snippet(None);
        assert!(none.contains("# no optimizer was chosen or imported") && !none.to_lowercase().contains("adamw"), "{none}");
        let chosen = cfg.code_snippet(Some(&adam));
        assert!(chosen.contains("# the optimizer of the RETURNN settings: {'class': 'adam'}"), "{chosen}");
        let built = ["torch.optim.Adam(model.parameters(), lr=1e-05)", "keras.optimizers.Adam(learning_rate=1e-05)", "optax.inject_hyperparams(optax.adam)(learning_rate=learning_rate)"];
        assert!(built.iter().any(|b| chosen.contains(b)), "{fw:?} does not build Adam:\n{chosen}");
    }
    assert_eq!(float_repr(1e-5), "1e-05");
}

fn has(caveats: &[String], needle: &str) -> bool {
    caveats.iter().any(|c| c.contains(needle))
}

#[test]
fn caveats_follow_the_settings() {
    let base = NewbobParams::default();
    for fw in Framework::ALL {
        let c = FrameworkConfig::closest(fw, &base);
        let cav = c.caveats(&base);
        assert!(!cav.is_empty(), "{fw:?}");
        assert!(!has(&cav, "Growth cannot be expressed"), "{fw:?} {cav:#?}");
        assert!(!has(&cav, "min_num_epochs_per_new_lr"), "{fw:?} {cav:#?}");
        assert!(!has(&cav, "Multi-epoch"), "{fw:?} {cav:#?}");
        assert!(!has(&cav, "relative_lr"), "{fw:?} {cav:#?}");
        // Reference point "best so far" for the plateau family only.
        assert_eq!(
            has(&cav, "best score seen so far"),
            fw != Framework::SpeechBrain,
            "{fw:?}"
        );
    }
    let rich = NewbobParams {
        scheme: NewbobScheme::NewbobMultiEpoch,
        growth: 1.5,
        relative_lr: true,
        min_num_epochs_per_new_lr: 3,
        min_learning_rate: 2.0,
        ..base.clone()
    };
    for fw in Framework::ALL {
        let cav = FrameworkConfig::closest(fw, &rich).caveats(&rich);
        assert!(has(&cav, "Growth cannot be expressed"), "{fw:?} {cav:#?}");
        assert!(has(&cav, "relative_lr"), "{fw:?} {cav:#?}");
        assert!(
            has(&cav, "min_num_epochs_per_new_lr = 3"),
            "{fw:?} {cav:#?}"
        );
        assert!(has(&cav, "Multi-epoch"), "{fw:?} {cav:#?}");
        assert!(has(&cav, "Minimum LR"), "{fw:?} {cav:#?}");
    }
    let torch = FrameworkConfig::closest(Framework::PyTorch, &base).caveats(&base);
    assert!(
        has(&torch, "patience=0 reduces after the first bad epoch"),
        "{torch:#?}"
    );
    assert!(has(&torch, "-t / (1 - t)"), "{torch:#?}");
    assert!(has(&torch, "NaN"), "{torch:#?}");
    let keras_cfg = keras::PlateauConfig {
        cooldown: 2,
        ..keras::closest_config(&base)
    };
    let kc = keras::caveats(&base, &keras_cfg);
    assert!(has(&kc, "cooldown=2 ignores only 1 epoch(s)"), "{kc:#?}");
    assert!(has(&kc, "float32"), "{kc:#?}");
    assert!(
        !has(&kc, "epoch 1 trains with"),
        "1.0 is exact in float32: {kc:#?}"
    );
    let small = NewbobParams {
        learning_rate: 0.001,
        ..base.clone()
    };
    let kc = FrameworkConfig::closest(Framework::Keras, &small).caveats(&small);
    assert!(
        has(&kc, "epoch 1 trains with 0.0010000000474974513 (not 0.001)"),
        "{kc:#?}"
    );
    let oc = FrameworkConfig::closest(Framework::Optax, &base).caveats(&base);
    assert!(has(&oc, "scales the updates, not the LR"), "{oc:#?}");
    assert!(has(&oc, "patience=0 would be a trap"), "{oc:#?}");
    let sc = FrameworkConfig::closest(Framework::SpeechBrain, &base).caveats(&base);
    assert!(has(&sc, "(prev - current) / prev"), "{sc:#?}");
    let sd = NewbobParams {
        div_by_old: true,
        ..base
    };
    let sdc = FrameworkConfig::closest(Framework::SpeechBrain, &sd).caveats(&sd);
    assert!(has(&sdc, "decisions are identical"), "{sdc:#?}");
}

#[test]
fn serde_round_trip() {
    let p = NewbobParams {
        scheme: NewbobScheme::NewbobAbs,
        score_scale: Some(3.0),
        ..NewbobParams::default()
    };
    let json = serde_json::to_string(&p).expect("serialize");
    assert!(json.contains("\"scheme\":\"newbob_abs\""), "{json}");
    let back: NewbobParams = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, p);
    // Missing fields take RETURNN's defaults.
    let partial: NewbobParams = serde_json::from_str(r#"{"decay": 0.7}"#).expect("partial");
    assert_eq!(
        partial,
        NewbobParams {
            decay: 0.7,
            ..NewbobParams::default()
        }
    );
    let cfg = FrameworkConfig::closest(Framework::Keras, &p);
    let json = serde_json::to_string(&cfg).expect("serialize cfg");
    assert!(json.contains("\"framework\":\"keras\""), "{json}");
    let back: FrameworkConfig = serde_json::from_str(&json).expect("deserialize cfg");
    assert_eq!(back, cfg);
    let cmp = compare(&p, &[1.0, 2.0]);
    assert!(serde_json::to_string(&cmp).is_ok());
}

// ================================================================================================
// Robustness: arbitrary settings and scores never panic
// ================================================================================================

mod robustness {
    use super::*;
    use proptest::prelude::*;

    fn any_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            Just(0.0),
            Just(-0.0),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(1.0),
            -2.0..2.0f64,
            any::<f64>(),
        ]
    }

    fn any_i64() -> impl Strategy<Value = i64> {
        prop_oneof![
            Just(i64::MIN),
            Just(i64::MAX),
            Just(0i64),
            Just(1i64),
            -3..12i64
        ]
    }

    fn any_scheme() -> impl Strategy<Value = NewbobScheme> {
        prop_oneof![
            Just(NewbobScheme::NewbobRel),
            Just(NewbobScheme::NewbobAbs),
            Just(NewbobScheme::NewbobMultiEpoch)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn compare_never_panics(
            scheme in any_scheme(),
            floats in proptest::collection::vec(any_f64(), 8),
            ints in proptest::collection::vec(any_i64(), 3),
            flags in proptest::collection::vec(any::<bool>(), 3),
            scores in proptest::collection::vec(any_f64(), 0..24),
        ) {
            let p = NewbobParams {
                scheme,
                learning_rate: floats[0],
                decay: floats[1],
                growth: floats[2],
                relative_error_threshold: floats[3],
                error_threshold: floats[4],
                grow_threshold: flags[2].then_some(floats[5]),
                min_learning_rate: floats[6],
                min_num_epochs_per_new_lr: ints[0],
                multi_num_epochs: ints[1],
                multi_update_interval: flags[2].then_some(ints[2]),
                div_by_old: flags[0],
                relative_lr: flags[1],
                score_scale: flags[1].then_some(floats[7]),
            };
            let cmp = compare(&p, &scores);
            for eq in &cmp.equivalents {
                prop_assert!(!eq.code.is_empty());
                if eq.curve.error.is_none() {
                    prop_assert_eq!(eq.curve.lrs.len(), scores.len() + 1);
                }
                // Arbitrary framework arguments as well.
                let mut cfg = eq.config.clone();
                match &mut cfg {
                    FrameworkConfig::PyTorch(c) => { c.patience = ints[0]; c.cooldown = ints[1]; c.eps = floats[5]; }
                    FrameworkConfig::Keras(c) => { c.patience = ints[0]; c.cooldown = ints[1]; c.min_delta = floats[5]; }
                    FrameworkConfig::Optax(c) => { c.patience = ints[0]; c.cooldown = ints[1]; c.accumulation_size = ints[2]; }
                    FrameworkConfig::SpeechBrain(c) => { c.patient = ints[0]; }
                }
                let _ = cfg.simulate(&scores);
                let _ = cfg.caveats(&p);
                let _ = cfg.code_snippet(None);
            }
            if cmp.newbob.error.is_none() {
                prop_assert_eq!(cmp.newbob.lrs.len(), scores.len() + 1);
            }
        }
    }
}
