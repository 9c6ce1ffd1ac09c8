//! The per-epoch decision table; clicking a row explains that epoch's decision.
use crate::returnn::pyvalue::float_repr;
use crate::ui::state::AppState;
use leptos::prelude::*;

fn opt(v: Option<f64>) -> String {
    v.map(float_repr).unwrap_or_default()
}

#[component]
pub fn DecisionTable() -> impl IntoView {
    let state = expect_context::<AppState>();
    let rows = move || {
        state.tick.track();
        state.run.with_value(|r| r.as_ref().map(|r| r.view().rows.clone()).unwrap_or_default())
    };
    let explanation = move || {
        let e = state.explain.get()?;
        state.tick.track();
        state.run.with_value(|r| r.as_ref().and_then(|r| r.view().rows.iter().find(|x| x.epoch == e).map(|x| x.why.clone())))
    };
    view! {
        <section class="decisions">
            <h2>"Decisions per epoch"</h2>
            <pre class="explain" data-testid="explain">{move || explanation().unwrap_or_else(|| "click a row to see why".into())}</pre>
            <div class="table-wrap">
                <table data-testid="decision-table">
                    <thead><tr>
                        <th>"epoch"</th><th>"learning rate"</th><th>"train score"</th><th>"dev score"</th>
                        <th>"error"</th><th>"threshold"</th><th>"verdict"</th>
                    </tr></thead>
                    <tbody>
                        <For each=rows key=|r| (r.epoch, r.lr.to_bits(), r.dev_score.map(f64::to_bits), r.verdict.clone()) let:r>
                            {
                                let e = r.epoch;
                                view! {
                                    <tr data-testid=format!("decision-row-{e}") class=format!("v-{}", r.verdict.replace(' ', "-"))
                                        class:selected=move || state.explain.get() == Some(e)
                                        on:click=move |_| state.explain.set(Some(e))>
                                        <td>{e}</td><td>{float_repr(r.lr)}</td><td>{opt(r.train_score)}</td>
                                        <td>{opt(r.dev_score)}</td><td>{opt(r.error)}</td><td>{opt(r.threshold)}</td>
                                        <td>{r.verdict.clone()}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
    }
}
