//! The pausable frame loop: while `running`, advance `speed` updates per `requestAnimationFrame`.
//! State is read untracked inside the callback, so the loop never subscribes to anything.
use crate::ui::state::AppState;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// Starts the loop (once per app): an Effect restarts it whenever `running` turns true.
pub fn install(state: AppState) {
    let active = Rc::new(Cell::new(false));
    Effect::new(move |_| {
        if state.running.get() && !active.get() {
            active.set(true);
            frame(state, active.clone());
        }
    });
}

fn frame(state: AppState, active: Rc<Cell<bool>>) {
    request_animation_frame(move || {
        if !state.running.get_untracked() {
            active.set(false);
            return;
        }
        // A scores-only run (e.g. a replayed 2 000-epoch file) has nothing to animate per
        // update: advance it in chunks for up to a frame budget, so the charts and the table are
        // redrawn a few times instead of once per `speed` epochs.
        let scores_only = state.run.with_value(|r| r.as_ref().is_some_and(|r| r.view().steps_per_epoch == 0));
        let speed = state.speed.get_untracked().max(1);
        let done = if scores_only {
            let start = now_ms();
            let mut done = false;
            state.run.update_value(|r| {
                if let Some(r) = r {
                    while !r.is_done() && now_ms() - start < 12.0 {
                        r.advance(speed);
                    }
                    done = r.is_done();
                }
            });
            state.tick.update(|t| *t += 1);
            done
        } else {
            state.advance(speed)
        };
        if done {
            state.running.set(false);
            active.set(false);
        } else {
            frame(state, active);
        }
    });
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}
