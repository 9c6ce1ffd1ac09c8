#![cfg(not(target_arch = "wasm32"))]
//! The PyTorch equivalent of a step schedule (engine::equivalents::step): the snippet's
//! `lr_factor(k)`, run by python3, times the optimizer's `lr` (what LambdaLR computes) must be
//! RETURNN's effective LR of update k as the engine computes it — for accumulation 1 and 2, and
//! epoch_continuous schedules at epoch starts and inside epochs.
use schedule_explorer::engine::equivalents::step::torch_equivalent;
use schedule_explorer::engine::settings::Settings;
use schedule_explorer::engine::step_lr::num::int_true_div;
use schedule_explorer::engine::step_lr::{Query, Val};
use schedule_explorer::returnn::config::export::values_from_json;
use std::process::Command;

fn settings(v: serde_json::Value) -> Settings {
    Settings::from_config(&values_from_json(&serde_json::json!({ "values": v })).expect("values")).expect("settings")
}

#[test]
fn lambda_lr_factor_gives_returnns_values() {
    let numpy = Command::new("python3").args(["-c", "import numpy"]).output().map(|o| o.status.success()).unwrap_or(false);
    assert!(numpy, "python3 with numpy is required (scripts/install-tools.sh installs it)");
    let configs = [
        serde_json::json!({"learning_rate": 1.0, "dynamic_learning_rate": "dyn_lr_piecewise_linear@factor", "learning_rate_piecewise_steps": [600, 900, 982], "learning_rate_piecewise_values": [1e-05, 0.001, 1e-05, 1e-06]}),
        serde_json::json!({"learning_rate": 0.5, "dynamic_learning_rate": "dyn_lr_piecewise_linear@factor_step", "learning_rate_piecewise_steps": [100, 200], "learning_rate_piecewise_values": [0, 1, 0.5]}),
        serde_json::json!({"learning_rate": 1.0, "dynamic_learning_rate": "dyn_lr_piecewise_linear@interp", "learning_rate_piecewise_steps": [600, 900, 982], "learning_rate_piecewise_values": [1e-05, 0.001, 1e-05, 1e-06]}),
        serde_json::json!({"learning_rate": 1.0, "dynamic_learning_rate": "dyn_lr_piecewise_linear@interp", "learning_rate_piecewise_steps": [1.5, 6.0, 9.25], "learning_rate_piecewise_values": [1e-05, 0.001, 1e-05, 1e-06], "learning_rate_piecewise_by_epoch_continuous": true}),
        serde_json::json!({"learning_rate": 0.0025, "dynamic_learning_rate": "dyn_lr_lin_warmup_invsqrt_decay", "learning_rate_warmup_steps": 200, "learning_rate_invsqrt_norm": 200}),
        serde_json::json!({"learning_rate": 1.0, "dynamic_learning_rate": "linear_warmup_cosine_annealing", "dynamic_learning_rate_kwargs": {"num_warmup_epochs": 1.5, "max_lr": 0.001, "min_lr": 1e-06, "num_epochs": 8, "num_constant_epochs": 1}}),
    ];
    let (mut compared, mut failures) = (0usize, Vec::new());
    for config in configs {
        for accum in [1i64, 2] {
            let mut s = settings(config.clone());
            s.gradient.accum_grad_multiple_step = Some(accum);
            s.run.steps_per_epoch = 97;
            let eq = torch_equivalent(&s).expect("a step schedule");
            assert!(eq.caveats.iter().any(|c| c.contains("once per optimizer update")), "{:#?}", eq.caveats);
            let functions = eq.code.split("\nimport torch\n").next().expect("code");
            let n = 1100i64;
            let script = format!("{functions}\nimport json\nprint(json.dumps({{\"lrs\": [{lr} * lr_factor(k) for k in range({n})]}}))\n", lr = s.lr_control.learning_rate.as_f64());
            let out = Command::new("python3").args(["-c", &script]).output().expect("python3");
            assert!(out.status.success(), "{}\n{script}", String::from_utf8_lossy(&out.stderr));
            let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
            let python: Vec<f64> = doc["lrs"].as_array().expect("lrs").iter().map(|v| v.as_f64().expect("float")).collect();
            let step = s.step_schedule.clone().expect("schedule");
            let mut f = step.step_lr();
            let upe = s.run.steps_per_epoch;
            for (k, want) in (0..n).zip(&python) {
                let (e, j) = (k / upe + 1, k % upe);
                let t = if j == 0 { Val::Int(i128::from(e - 1)) } else { Val::Float((e - 1) as f64 + int_true_div(i128::from(accum * j + accum - 1), i128::from(accum * upe))) };
                let q = Query { global_train_step: Val::Int(i128::from(accum * k + accum - 1)), epoch: e, epoch_continuous: t, learning_rate: s.lr_control.learning_rate.as_f64() };
                let got = f.lr(&q).expect("lr");
                compared += 1;
                if got.to_bits() != want.to_bits() {
                    // Natively the engine's pow and cos are the C library's, as Python's.
                    failures.push(format!("{} accum {accum} update {k}: engine {got:e}, snippet {want:e}", step.schedule.name()));
                }
            }
        }
    }
    println!("LambdaLR snippets: {compared} updates compared, all bit for bit");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
