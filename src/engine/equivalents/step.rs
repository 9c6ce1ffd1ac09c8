//! The step-level schedules in PyTorch: `torch.optim.lr_scheduler.LambdaLR` with the same formula,
//! stepped once per optimizer update, and the differences that remain.
//!
//! `LambdaLR` (torch/optim/lr_scheduler.py) sets each group's LR to `base_lr * lr_lambda(last_epoch)`
//! — one multiplication, as RETURNN's `learning_rate * <factor>` — and its constructor already
//! takes step 0 (`last_epoch = 0`), so with `scheduler.step()` after every `optimizer.step()`
//! update `k` (0-based over the run) trains with `lr_lambda(k)`. The snippet's `lr_factor(k)` maps
//! `k` to RETURNN's `global_train_step` of that update and evaluates the schedule's formula in the
//! same operation order; `tests/equivalents_step.rs` runs it in Python against the engine.
use crate::engine::settings::{Number, Scheme, Settings, StepScheduleSettings};
use crate::engine::step_lr::Schedule;
use crate::py::value::float_repr;

/// PyTorch code and its caveats for a step schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct StepEquivalent {
    /// Python: the factor function (before any `import torch`), then the scheduler set-up and loop.
    pub code: String,
    /// The differences that remain, one sentence each.
    pub caveats: Vec<String>,
}

fn num(n: Number) -> String {
    n.to_py().repr()
}

fn list(v: &Option<Vec<Number>>) -> String {
    let items: Vec<String> = v.iter().flatten().map(|n| num(*n)).collect();
    format!("[{}]", items.join(", "))
}

/// The factor function for `s` (Python), taking the update index `k`.
fn factor_function(s: &StepScheduleSettings) -> String {
    let header = "# RETURNN's global_train_step counts mini-batches; update k (0-based) of a run with\n\
                  # accum_grad_multiple_step = ACCUM trains at mini-batch ACCUM * k + ACCUM - 1 and uses the LR set after\n\
                  # the mini-batch before it, i.e. dynamic_learning_rate(global_train_step=ACCUM * k + ACCUM - 1).\n";
    let body = match s.schedule {
        Schedule::PiecewiseLinearFactor | Schedule::PiecewiseLinearFactorStep => {
            let plus = if s.schedule == Schedule::PiecewiseLinearFactor { " + 1" } else { "" };
            format!(
                "STEPS = {}  # learning_rate_piecewise_steps\nVALUES = {}  # learning_rate_piecewise_values\n\n\n\
                 def lr_factor(k):\n    g = ACCUM * k + ACCUM - 1\n    start = 0\n    for i, end in enumerate(STEPS):\n        if g < end:\n            \
                 w = (g{plus} - start) / (end - start)\n            return VALUES[i + 1] * w + VALUES[i] * (1 - w)\n        start = end\n    return VALUES[-1]\n",
                list(&s.piecewise_steps),
                list(&s.piecewise_values)
            )
        }
        Schedule::PiecewiseLinearInterp => {
            let x = if s.by_epoch_continuous == Some(true) { "epoch_continuous(k)" } else { "ACCUM * k + ACCUM" };
            format!(
                "import numpy\n\nSTEPS = {}  # learning_rate_piecewise_steps\nVALUES = {}  # learning_rate_piecewise_values\n\n\n\
                 def lr_factor(k):\n    return float(numpy.interp({x}, [0] + STEPS, VALUES))\n",
                list(&s.piecewise_steps),
                list(&s.piecewise_values)
            )
        }
        Schedule::LinWarmupInvsqrtDecay => format!(
            "WARMUP = {}  # learning_rate_warmup_steps\nNORM = {}  # learning_rate_invsqrt_norm\n\n\n\
             def lr_factor(k):\n    i = ACCUM * k + ACCUM  # global_train_step + 1\n    if i <= WARMUP:\n        return i / WARMUP\n    \
             return (1.0 + (i - WARMUP) / NORM) ** -0.5\n",
            s.warmup_steps.map_or("None".into(), num),
            s.invsqrt_norm.map_or("None".into(), num)
        ),
        Schedule::LinearWarmupCosineAnnealing => {
            let k = s.cosine.clone().unwrap_or_default();
            let get = |v: Option<Number>| v.map_or("None".into(), num);
            format!(
                "import math\n\nWARMUP, CONSTANT = {}, {}  # num_warmup_epochs, num_constant_epochs\nMAX_LR, MIN_LR, NUM_EPOCHS = {}, {}, {}\n\n\n\
                 def lr_factor(k):\n    t = epoch_continuous(k)\n    if t < WARMUP:\n        return MAX_LR * t / WARMUP\n    \
                 if WARMUP <= t < WARMUP + CONSTANT:\n        return MAX_LR\n    t = t - (WARMUP + CONSTANT)\n    \
                 return MIN_LR + 0.5 * (MAX_LR - MIN_LR) * (1 + math.cos(math.pi * t / NUM_EPOCHS))\n",
                get(k.num_warmup_epochs),
                k.num_constant_epochs.map_or("0".into(), num),
                get(k.max_lr),
                get(k.min_lr),
                get(k.num_epochs)
            )
        }
    };
    let by_epoch = s.schedule == Schedule::LinearWarmupCosineAnnealing || (s.schedule == Schedule::PiecewiseLinearInterp && s.by_epoch_continuous == Some(true));
    let epoch_fn = if by_epoch {
        "\n\ndef epoch_continuous(k):\n    # RETURNN: epoch - 1 + the fraction of the epoch's data done (from the dataset); here the fraction\n    \
         # of its mini-batches, exact at every epoch's start.\n    epoch, j = divmod(k, UPDATES_PER_EPOCH)\n    \
         return epoch if j == 0 else epoch + (ACCUM * j + ACCUM - 1) / (ACCUM * UPDATES_PER_EPOCH)\n"
    } else {
        ""
    };
    format!("{header}{body}{epoch_fn}")
}

/// The PyTorch equivalent of the settings' step schedule (`None` without one).
pub fn torch_equivalent(s: &Settings) -> Option<StepEquivalent> {
    let step = s.step_schedule.as_ref()?;
    let accum = s.gradient.accum_grad_multiple_step.unwrap_or(1).max(1);
    let lr = s.lr_control.learning_rate.as_f64();
    let code = format!(
        "ACCUM = {accum}  # accum_grad_multiple_step\nUPDATES_PER_EPOCH = {upe}  # optimizer updates per epoch\n\n{factor}\n\n\
         import torch\n\nmodel = torch.nn.Linear(10, 10)  # your model\n\
         optimizer = torch.optim.AdamW(model.parameters(), lr={lr})  # lr: RETURNN's learning_rate (the epoch's LR)\n\
         scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lr_factor)\n\n\
         for epoch in range(1, num_epochs + 1):\n    for batch in train_batches(epoch):  # ACCUM mini-batches per update\n        \
         loss = train_step(model, batch)\n        loss.backward()\n        optimizer.step()\n        optimizer.zero_grad()\n        \
         scheduler.step()  # once per optimizer update, not per epoch\n",
        upe = s.run.steps_per_epoch.max(1),
        factor = factor_function(step),
        lr = float_repr(lr),
    );
    Some(StepEquivalent { code, caveats: caveats(s, step, accum) })
}

fn caveats(s: &Settings, step: &StepScheduleSettings, accum: i64) -> Vec<String> {
    let mut out = vec![
        "Call scheduler.step() once per optimizer update (after optimizer.step()), not once per epoch: the schedule is per step. \
         LambdaLR evaluates lr_lambda(0) in its constructor, so the first update already uses the first step's LR."
            .to_string(),
        format!(
            "RETURNN's global_train_step counts mini-batches, also with accum_grad_multiple_step = {accum}: update k trains at mini-batch {accum}·k + {}, \
             exactly only while every epoch has a multiple of {accum} mini-batches (RETURNN drops a partial group at an epoch's end but counts its mini-batches, \
             and the steps go on from there).",
            accum - 1
        ),
        "LambdaLR's LR is base_lr · lr_lambda(k), the one multiplication RETURNN does (learning_rate · factor): with the same formula the values are \
         the same floats. torch's LinearLR/SequentialLR compute the same line recursively (lr · (1 + Δ/(…))) and differ in the last bits; \
         OneCycleLR(anneal_strategy=\"linear\", three_phase=True) needs symmetric warm-up and cool-down phases and also cycles the momentum \
         (Adam's beta1) unless cycle_momentum=False."
            .to_string(),
    ];
    match step.schedule {
        Schedule::PiecewiseLinearFactor => out.push(
            "The +1: this version weighs with (step + 1 − start) / (end − start), so it reaches each value one step before its breakpoint \
             (at breakpoint − 1) and starts each segment one step in; @factor_step reaches it at the breakpoint, @interp interpolates at step + 1 with \
             numpy.interp (same points, other last bits)."
                .into(),
        ),
        Schedule::PiecewiseLinearFactorStep => out.push(
            "This first version weighs with (step − start) / (end − start): the value is reached at the breakpoint, one step later than the 2024 version (@factor)."
                .into(),
        ),
        Schedule::PiecewiseLinearInterp if step.by_epoch_continuous != Some(true) => {
            out.push("numpy.interp at step + 1 (the +1): its slope form rounds differently from the weighted sum of @factor, though both describe the same line.".into())
        }
        _ => out.push(
            "The LR is a function of epoch_continuous: RETURNN computes it from the fraction of the epoch's data done (the dataset's complete_frac, a float32), \
             the snippet from the fraction of its updates; both agree at every epoch's start (epoch − 1, the value RETURNN records)."
                .into(),
        ),
    }
    if s.lr_control.scheme != Scheme::Constant || s.lr_control.learning_rates.is_some() {
        out.push(format!(
            "The epoch's LR comes from learning_rate_control = {:?} (and any learning_rates presets) and is what the schedule multiplies; LambdaLR's base_lr is fixed: \
             at each epoch's start set scheduler.base_lrs = [epoch_lr] and optimizer.param_groups[0][\"lr\"] = epoch_lr * lr_factor(scheduler.last_epoch) \
             to get the same product.",
            s.lr_control.scheme.name()
        ));
    }
    out
}
