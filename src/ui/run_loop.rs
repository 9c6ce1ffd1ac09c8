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
        let done = state.advance(state.speed.get_untracked().max(1));
        if done {
            state.running.set(false);
            active.set(false);
        } else {
            frame(state, active);
        }
    });
}
