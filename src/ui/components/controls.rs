//! Run / pause / step / reset, the speed, and the progress line.
use crate::ui::state::AppState;
use leptos::prelude::*;

#[component]
pub fn Controls() -> impl IntoView {
    let state = expect_context::<AppState>();
    let progress = move || {
        state.tick.track();
        state.run.with_value(|r| match r {
            Some(r) => {
                let v = r.view();
                format!(
                    "epoch {} / {} · update {} / {}{}",
                    v.rows.len(),
                    v.num_epochs,
                    v.updates_done,
                    v.total_updates,
                    if v.done { " · done" } else { "" }
                )
            }
            None => "no run".to_string(),
        })
    };
    let done = move || {
        state.tick.track();
        state.run.with_value(|r| r.as_ref().is_none_or(|r| r.is_done()))
    };
    // A finished run starts over when run or stepped again.
    let restart_if_done = move || {
        if state.run.with_value(|r| r.as_ref().is_none_or(|r| r.is_done())) {
            state.reset();
        }
    };
    let step = move |_| {
        state.running.set(false);
        restart_if_done();
        let per_epoch = state.run.with_value(|r| r.as_ref().map(|r| r.view().steps_per_epoch).unwrap_or(1)).max(1);
        state.advance(per_epoch);
    };
    view! {
        <div class="controls">
            <button data-testid="run" on:click=move |_| {
                restart_if_done();
                state.running.set(true);
            }>"Run"</button>
            <button data-testid="pause" class:active=move || state.running.get() on:click=move |_| state.running.set(false)>"Pause"</button>
            <button data-testid="step" on:click=step>"Step epoch"</button>
            <button data-testid="reset" on:click=move |_| state.reset()>"Reset"</button>
            <label class="speed">"speed "
                <input type="range" data-testid="speed" min="1" max="500"
                    prop:value=move || state.speed.get().to_string()
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u64>() {
                            state.speed.set(v.clamp(1, 100_000));
                        }
                    } />
                {move || format!(" {} updates/frame", state.speed.get())}
            </label>
            <label class="continue" title="RETURNN restart semantics: a field edit keeps the completed epochs (and their learning_rate_file entries) and continues from the next epoch with the edited settings">
                <input type="checkbox" data-testid="continue"
                    prop:checked=move || state.continue_run.get()
                    on:change=move |ev| state.continue_run.set(event_target_checked(&ev)) />
                " continue"
            </label>
            {move || state.continue_note.get().map(|n| view! { <span class="continue-note" data-testid="continue-note">{n}</span> })}
            <span class="progress" data-testid="run-progress" data-running=move || state.running.get().to_string()
                data-done=move || done().to_string()>{progress}</span>
        </div>
    }
}
