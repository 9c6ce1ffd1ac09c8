//! Simulator helpers shared by the integration tests (through `#[path]`).
#![allow(dead_code)]
use schedule_explorer::engine::settings::Settings;
use schedule_explorer::engine::sim::Simulation;

/// The simulation of `s`, run to its end.
pub fn run(s: &Settings) -> Simulation {
    let mut sim = Simulation::new(s).expect("simulation");
    sim.run_to_end();
    sim
}

/// Every number a run produced, as bits: per epoch the LR and scores, per update the LR, loss,
/// batch loss and gradient norm, then the trajectory (a missing score counts as NaN).
pub fn bits(sim: &Simulation) -> Vec<u64> {
    let mut out = Vec::new();
    for e in sim.epochs() {
        for v in [Some(e.learning_rate), e.train_score, e.dev_score, e.dev_error] {
            out.push(v.unwrap_or(f64::NAN).to_bits());
        }
    }
    for st in sim.steps() {
        out.extend([st.learning_rate.to_bits(), st.loss.to_bits(), st.batch_loss.to_bits(), st.grad_norm.to_bits()]);
    }
    for p in sim.trajectory() {
        out.extend([p[0].to_bits(), p[1].to_bits()]);
    }
    out
}
