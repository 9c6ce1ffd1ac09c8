//! The two real 2 000-epoch PyTorch runs (`tests/fixtures/realdata/lrfiles/*lr_file_mol.txt` and
//! `*lr_file_att_only.txt`): `learningRate` is a flat 1.0 and the LR the run trained with is only
//! in `:meta:effective_learning_rate`, next to `:meta:global_train_step`. RETURNN's torch engine
//! records there `dynamic_learning_rate(global_train_step=g, epoch=e, epoch_continuous=e - 1,
//! learning_rate=<the epoch's LR>)` at each epoch's start.
//!
//! The settings that reproduce every epoch of both runs bit for bit (docs/STEP-SCHEDULES.md):
//! `dyn_lr_piecewise_linear@factor` (the version sisyphus pasted in 2024) with
//! `learning_rate_piecewise_steps = [600000, 900000, 982000]` and
//! `learning_rate_piecewise_values = [1e-05, 0.001, 1e-05, 1e-06]` (zeyer's "lrlin1e_5_600k" OCLR
//! for 2 000 subepochs, "total steps after 2000 epochs: 982.312"). The neighbouring variants of the
//! same breakpoints do not: `@interp` differs in the last bit at about half of the epochs, and
//! `@factor_step` (one step later) at every epoch.
#[path = "support/fixtures.rs"]
mod fixtures;

use schedule_explorer::engine::step_lr::{Query, Schedule, StepLr};
use schedule_explorer::py::typed_config::TypedConfig;
use schedule_explorer::py::value::PyValue;
use schedule_explorer::returnn::lr_file::parse;

/// (epoch, :meta:global_train_step, learningRate, :meta:effective_learning_rate) of every epoch.
fn recorded(text: &str) -> Vec<(i64, i64, f64, f64)> {
    let file = parse(text).expect("the real file parses");
    file.iter()
        .map(|(&epoch, data)| {
            let meta = |k: &str| data.meta.iter().find(|(key, _)| key.as_str() == k).map(|(_, v)| v.clone());
            let g = match meta("global_train_step") {
                Some(PyValue::Int(g)) => g,
                other => panic!("epoch {epoch}: global_train_step {other:?}"),
            };
            let eff = meta("effective_learning_rate").and_then(|v| v.as_py_float()).unwrap_or_else(|| panic!("epoch {epoch}: no effective LR"));
            (epoch, g, data.lr(), eff)
        })
        .collect()
}

fn config(schedule: Schedule) -> TypedConfig {
    TypedConfig::from_json(
        serde_json::json!({
            "learning_rate": 1.0,
            "dynamic_learning_rate": schedule.name(),
            "learning_rate_piecewise_steps": [600000, 900000, 982000],
            "learning_rate_piecewise_values": [1e-05, 0.001, 1e-05, 1e-06],
        })
        .as_object()
        .expect("object"),
    )
}

/// The epochs whose recorded effective LR `schedule` does not give (bit for bit).
fn mismatches(schedule: Schedule, epochs: &[(i64, i64, f64, f64)]) -> Vec<String> {
    let mut f = StepLr::new(schedule, config(schedule));
    epochs
        .iter()
        .filter_map(|&(epoch, g, lr, want)| {
            let got = f.lr(&Query::epoch_start(epoch, g, lr)).expect("no error");
            (got.to_bits() != want.to_bits()).then(|| format!("epoch {epoch} (step {g}): {} vs recorded {}", PyValue::Float(got).repr(), PyValue::Float(want).repr()))
        })
        .collect()
}

#[test]
fn both_real_runs_are_dyn_lr_piecewise_linear_factor_600k_900k_982k() {
    let files: Vec<(String, String)> = ["lr_file_mol.txt", "lr_file_att_only.txt"].iter().flat_map(|n| fixtures::realdata(n)).collect();
    assert_eq!(files.len(), 2, "both 2 000-epoch files");
    for (name, text) in &files {
        let epochs = recorded(text);
        assert_eq!(epochs.len(), 2000, "{name}");
        // The LR control's epoch LR is a flat 1.0: the schedule alone shapes the run.
        assert!(epochs.iter().all(|e| e.2 == 1.0), "{name}: learningRate is 1.0 throughout");
        let exact = mismatches(Schedule::PiecewiseLinearFactor, &epochs);
        assert!(exact.is_empty(), "{name}: {} epochs differ under @factor:\n{}", exact.len(), exact.join("\n"));
        // The neighbouring variants, same breakpoints: not the run's schedule.
        let interp = mismatches(Schedule::PiecewiseLinearInterp, &epochs);
        let step = mismatches(Schedule::PiecewiseLinearFactorStep, &epochs);
        println!("{name}: @factor 2000/2000 epochs exact; @interp differs at {}, @factor_step at {}", interp.len(), step.len());
        assert!(interp.len() > 500, "{name}: @interp should differ in the last bit at about half of the epochs, differs at {}", interp.len());
        assert_eq!(step.len(), 2000, "{name}: @factor_step reaches each value one step later");
    }
}

#[test]
fn neighbouring_breakpoints_do_not_reproduce_the_runs() {
    let (_, text) = fixtures::realdata("lr_file_mol.txt").into_iter().next().expect("mol file");
    let epochs = recorded(&text);
    for steps in [[600001, 900000, 982000], [600000, 900000, 982312], [450000, 900000, 982000]] {
        let cfg = TypedConfig::from_json(
            serde_json::json!({"learning_rate_piecewise_steps": steps, "learning_rate_piecewise_values": [1e-05, 0.001, 1e-05, 1e-06]}).as_object().expect("object"),
        );
        let mut f = StepLr::new(Schedule::PiecewiseLinearFactor, cfg);
        let exact = epochs.iter().filter(|&&(e, g, lr, want)| f.lr(&Query::epoch_start(e, g, lr)).ok().map(f64::to_bits) == Some(want.to_bits())).count();
        assert!(exact < 2000, "steps {steps:?} also reproduce all epochs");
    }
}
