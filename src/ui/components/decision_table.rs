//! The per-epoch decision table; clicking a row explains that epoch's decision. Long runs (a
//! replayed 2 000-epoch file) are shown a page of [`PAGE`] rows at a time, so the page never
//! builds thousands of rows at once.
use crate::py::value::float_repr;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// Rows per page of the table.
pub const PAGE: usize = 100;

fn opt(v: Option<f64>) -> String {
    v.map(float_repr).unwrap_or_default()
}

#[component]
pub fn DecisionTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let page = RwSignal::new(0usize);
    let total = move || {
        state.tick.track();
        state.run.with_value(|r| r.as_ref().map(|r| r.view().rows.len()).unwrap_or(0))
    };
    let pages = move || total().div_ceil(PAGE).max(1);
    // A new run starts on the first page; an explained epoch is shown on its page.
    Effect::new(move |_| {
        match state.explain.get() {
            Some(e) => page.set((e.saturating_sub(1) as usize) / PAGE),
            None => page.set(0),
        }
    });
    // A memo: a frame that did not change the page's rows does not touch the table. The rows are
    // rendered unkeyed, so a rerun updates the text of the rows in place instead of replacing
    // every row whose values changed.
    let rows = Memo::new(move |_| {
        state.tick.track();
        let p = page.get();
        state.run.with_value(|r| {
            r.as_ref().map(|r| r.view().rows.iter().skip(p * PAGE).take(PAGE).cloned().collect::<Vec<_>>()).unwrap_or_default()
        })
    });
    let page_text = move || {
        let (p, t) = (page.get().min(pages() - 1), total());
        format!("epochs {}–{} of {t}", (p * PAGE + 1).min(t), ((p + 1) * PAGE).min(t))
    };
    // (Kept out of the `view!` attributes: a `>` there would end the tag.)
    let at_first = move || page.get() == 0;
    let at_last = move || page.get() + 1 >= pages();
    let explanation = move || {
        let e = state.explain.get()?;
        state.tick.track();
        state.run.with_value(|r| r.as_ref().and_then(|r| r.view().rows.iter().find(|x| x.epoch == e).map(|x| x.why.clone())))
    };
    view! {
        <section class="decisions">
            <h2>"Decisions per epoch"</h2>
            <pre class="explain" data-testid="explain">{move || explanation().unwrap_or_else(|| "click a row to see why".into())}</pre>
            <Show when=move || { pages() > 1 }>
                <div class="row">
                    <button data-testid="decision-prev" disabled=at_first
                        on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>"earlier"</button>
                    <span class="note" data-testid="decision-page">{page_text}</span>
                    <button data-testid="decision-next" disabled=at_last
                        on:click=move |_| page.update(|p| *p = (*p + 1).min(pages() - 1))>"later"</button>
                </div>
            </Show>
            <div class="table-wrap">
                <table data-testid="decision-table">
                    <thead><tr>
                        <th>"epoch"</th><th>"learning rate"</th><th>"train score"</th><th>"dev score"</th>
                        <th>"error"</th><th>"threshold"</th><th>"verdict"</th>
                    </tr></thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|r| {
                            let e = r.epoch;
                            // One class attribute (verdict and selection): a row updated in place
                            // with another verdict keeps its selection.
                            // The verdict's colour only where it changed the LR (a growth by 1.0 keeps it).
                            let verdict = format!("v-{}{}", r.verdict, if r.changed { "" } else { " unchanged" });
                            let class = move || if state.explain.get() == Some(e) { format!("{verdict} selected") } else { verdict.clone() };
                            view! {
                                <tr data-testid=format!("decision-row-{e}") class=class tabindex="0"
                                    on:click=move |_| state.explain.set(Some(e))
                                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                        if ev.key() == "Enter" || ev.key() == " " {
                                            ev.prevent_default();
                                            state.explain.set(Some(e));
                                        }
                                    }>
                                    <td>{e}</td><td>{float_repr(r.lr)}</td><td>{opt(r.train_score)}</td>
                                    <td>{opt(r.dev_score)}</td><td>{opt(r.error)}</td><td>{opt(r.threshold)}</td>
                                    <td>{r.verdict}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
