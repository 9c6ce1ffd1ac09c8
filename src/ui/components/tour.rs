//! A short guided tour (5 steps): each step scrolls its part of the page into view and
//! highlights it.
use crate::ui::panel_state::TourState;
use crate::ui::web::select_all;
use leptos::prelude::*;

/// `(CSS selector of the highlighted part, title, text)`.
pub const STEPS: &[(&str, &str, &str)] = &[
    ("aside", "1. Settings", "The settings column (left; at the top on a narrow screen) holds RETURNN's own config keys (learning_rate_control, learning_rate, newbob_learning_rate_decay, ...). Each change re-runs the exact LR control; defaults are RETURNN's."),
    ("[data-testid=decision-table]", "2. Why this learning rate?", "Every epoch's decision is listed with the scores it compared. Click a row (or hover an epoch in the replay chart) to read the sentence: which key, which scores, which threshold, which factor."),
    ("#replay-panel", "3. Replay a real run", "Drop a learning_rate_file written by RETURNN. Its scores are replayed under your settings; the first epoch where the learning rates differ is marked."),
    ("#compare-panel", "4. Compare", "Switch on A/B compare to run a second set of settings next to the first, or look up the same schedule in PyTorch, Keras, optax and SpeechBrain below."),
    ("#sweep-panel", "5. Sweep", "Sweep two settings over a grid and see which combinations reproduce the recorded run; click a cell to load it."),
];

fn focus(step: Option<usize>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    for el in select_all(".tour-target") {
        let _ = el.class_list().remove_1("tour-target");
    }
    let Some((sel, _, _)) = step.and_then(|s| STEPS.get(s)) else { return };
    if let Ok(Some(el)) = doc.query_selector(sel) {
        let _ = el.class_list().add_1("tour-target");
        el.scroll_into_view();
    }
}

#[component]
pub fn Tour() -> impl IntoView {
    let tour = expect_context::<TourState>();
    Effect::new(move |_| focus(tour.step.get()));
    // Esc closes the tour, wherever the focus is.
    let esc = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && tour.step.get_untracked().is_some() {
            tour.step.set(None);
        }
    });
    on_cleanup(move || esc.remove());
    let step = move || tour.step.get().and_then(|s| STEPS.get(s).map(|x| (s, x)));
    view! {
        <button data-testid="tour-start" on:click=move |_| tour.step.set(Some(0))>"guided tour"</button>
        {move || step().map(|(i, (_, title, text))| view! {
            <div class="tour" data-testid="tour" data-step=(i + 1).to_string() role="dialog">
                <strong>{*title}</strong>
                <p>{*text}</p>
                <div class="row">
                    <button data-testid="tour-prev" disabled=i == 0 on:click=move |_| tour.step.set(Some(i.saturating_sub(1)))>"back"</button>
                    {if i + 1 < STEPS.len() {
                        view! { <button data-testid="tour-next" on:click=move |_| tour.step.set(Some(i + 1))>"next"</button> }.into_any()
                    } else {
                        view! { <button data-testid="tour-next" on:click=move |_| tour.step.set(None)>"done"</button> }.into_any()
                    }}
                    <button data-testid="tour-close" on:click=move |_| tour.step.set(None)>"close"</button>
                    <span class="note">{format!("{} / {}", i + 1, STEPS.len())}</span>
                </div>
            </div>
        })}
    }
}
