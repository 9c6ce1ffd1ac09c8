//! Replay a real run: open a learning_rate_file (file picker, drag and drop, paste), see the
//! recorded learning rates and scores, the error key RETURNN uses and why, and whether the
//! current LR-control settings reproduce the recorded learning rates (first divergence marked).
//! Hovering or tapping an epoch (chart or table) explains its decision.
use super::teach_chart::TeachChart;
use crate::chart::overlay::{OverlayChart, Series};
use crate::chart::palette;
use crate::engine::workbench::ReplayView;
use crate::py::value::{float_repr, str_repr};
use crate::ui::state::AppState;
use crate::returnn::run_export::export_replay_csv;
use crate::ui::replay_state::ReplayState;
use crate::ui::web::{dropped_file, picked_file};
use crate::ui::web;
use crate::ui::teach_model;
use leptos::prelude::*;

const ERROR_MEASURE: &str = "learning_rate_control_error_measure";
/// Rows rendered in the replay table (a 2 000-epoch file stays responsive).
const MAX_ROWS: usize = 100;

/// The replay chart: replayed LRs (solid) over the recorded ones (dashed), divergence marked.
fn lr_chart(v: &ReplayView, highlight: Option<i64>) -> OverlayChart {
    if let Some(st) = &v.step {
        // A modern run: the effective LRs (recorded dashed, ours solid); gap epochs are left out
        // of both lines and listed in the table.
        let rec = st.points.iter().filter(|p| p.gap.is_none()).filter_map(|p| Some((p.epoch as f64, p.effective?))).collect();
        let ours = st.points.iter().zip(&st.ours).filter_map(|(p, o)| Some((p.epoch as f64, (*o)?))).collect();
        return OverlayChart {
            title: "effective learning rate at each epoch's start: ours vs recorded".into(),
            log_y: true,
            series: vec![
                Series { label: "recorded :meta:effective_learning_rate".into(), color: palette::OVERLAY, points: rec, dashed: true, stairs: false },
                Series { label: "ours (schedule at the recorded step)".into(), color: palette::LR, points: ours, dashed: false, stairs: false },
            ],
            marker: st.first_difference.as_ref().map(|d| (d.epoch as f64, "first difference".into())),
            highlight: highlight.map(|e| e as f64),
        };
    }
    let pts = |vals: Vec<Option<f64>>| v.epochs.iter().zip(vals).filter_map(|(e, x)| Some((*e as f64, x?))).collect();
    OverlayChart {
        title: "learning rate: replayed vs recorded".into(),
        log_y: true,
        series: vec![
            Series { label: "recorded".into(), color: palette::OVERLAY, points: pts(v.recorded_lr.iter().map(|x| Some(*x)).collect()), dashed: true, stairs: true },
            Series { label: "replayed".into(), color: palette::LR, points: pts(v.replayed_lr.clone()), dashed: false, stairs: true },
        ],
        marker: v.first_divergence.map(|e| (e as f64, "first divergence".into())),
        highlight: highlight.map(|e| e as f64),
    }
}

fn score_chart(v: &ReplayView, highlight: Option<i64>) -> OverlayChart {
    OverlayChart {
        title: format!("recorded {}", v.error_key.as_deref().unwrap_or("score")),
        log_y: false,
        series: vec![Series {
            label: v.error_key.clone().unwrap_or_default(),
            color: palette::DEV,
            points: v.key_scores.iter().map(|(e, s)| (*e as f64, *s)).collect(),
            dashed: false,
            stairs: false,
        }],
        marker: None,
        highlight: highlight.map(|e| e as f64),
    }
}

#[component]
pub fn ReplayPanel() -> impl IntoView {
    let app = expect_context::<AppState>();
    let teach = expect_context::<ReplayState>();
    let text = RwSignal::new(String::new());
    // The replay of a 2 000-epoch file is big: read in place (`with_replay`), never cloned.
    let has_view = move || teach.with_replay(|_| ()).is_some();
    let settings_error = move || teach.replay.with(|r| r.as_ref().and_then(|r| r.as_ref().err()).cloned());
    // Hover explains in this panel only (its box has a fixed height, so nothing moves under the
    // pointer); a click or tap also selects the epoch in the decision table above.
    let on_epoch = Callback::new(move |e: i64| teach.explain_epoch.set(Some(e)));
    let on_pick = Callback::new(move |e: i64| {
        teach.explain_epoch.set(Some(e));
        if e >= 1 {
            app.explain.set(Some(e as u64));
        }
    });
    let load = move |t: String, name: String| teach.load_text(app, t, name);
    let on_file = move |ev: leptos::ev::Event| {
        if let Some(file) = picked_file(&ev) {
            teach.load_file(app, file, |_| ());
        }
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = dropped_file(&ev) {
            teach.load_file(app, file, |_| ());
        }
    };
    let chart = Signal::derive(move || {
        let h = teach.explain_epoch.get();
        teach.with_replay(|v| lr_chart(v, h)).unwrap_or_else(|| OverlayChart { title: "learning rate: replayed vs recorded".into(), ..Default::default() })
    });
    let scores_log = expect_context::<crate::ui::panel_state::ViewFlags>().scores_log;
    let scores = Signal::derive(move || {
        let h = teach.explain_epoch.get();
        teach.with_replay(|v| score_chart(v, h)).unwrap_or_else(|| OverlayChart { title: "recorded scores".into(), ..Default::default() }).with_log(scores_log.get().unwrap_or(false))
    });
    let sentence = move || {
        let e = teach.explain_epoch.get()?;
        teach.with_replay(|v| v.sentence(e)).flatten()
    };
    let configured_key = move || {
        app.form.with(|f| {
            let t = f.get(ERROR_MEASURE).trim().to_string();
            t.trim_matches(|c| c == '\'' || c == '"').to_string()
        })
    };
    let status = RwSignal::new(String::new());
    let inferred = RwSignal::new(String::new());
    let is_modern = move || teach.with_replay(|v| v.step.is_some()).unwrap_or(false);
    view! {
        <section class="replay" data-testid="replay-panel" id="replay-panel">
            <h2>"Replay a real run"</h2>
            <p class="note">"Open a learning_rate_file that RETURNN wrote: its scores are replayed under the LR-control settings on the left, and the replayed learning rates are compared with the recorded ones."</p>
            <div class="dropzone" class:dragging=move || dragging.get() data-testid="replay-drop"
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop>
                <div class="row">
                    <input type="file" data-testid="replay-file" on:change=on_file />
                    <span class="note">"or drop the file here, or paste it:"</span>
                </div>
                <textarea data-testid="replay-text" rows="4" spellcheck="false"
                    placeholder="{1: EpochData(learningRate=0.0001, error={'dev_score': 0.75}), ...}"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <button data-testid="replay-load" on:click=move |_| load(text.get_untracked(), "pasted text".into())>"replay pasted text"</button>
            </div>
            {move || teach.load_error.get().map(|e| view! { <div class="error" data-testid="replay-error">{e}</div> })}
            {move || settings_error().map(|e| view! { <div class="error">{format!("The LR-control settings have errors: {e}")}</div> })}
            {move || teach.with_replay(|v| {
                let n = v.epochs.len();
                if let Some(st) = &v.step {
                    let mark = if st.matches { "✓ " } else { "✗ " };
                    let first = st.first_difference.as_ref().map(|d| d.epoch.to_string()).unwrap_or_default();
                    let gaps: Vec<String> = st.gaps().map(|(e, g)| format!("epoch {e}: {}", g.describe())).collect();
                    return view! {
                        <div class="replay-match" class:ok=st.matches data-testid="replay-match" data-compares="effective_learning_rate"
                            data-match=st.matches.to_string() data-first-divergence=first data-epochs=n.to_string()
                            data-reproduced=st.reproduced.to_string() data-compared=st.compared.to_string()
                            data-schedule=st.schedule.clone().unwrap_or_default()
                            data-replays=teach.replays.get_value().to_string()>
                            <strong>{format!("{mark}{}", st.summary())}</strong>
                            <span class="note">{format!(" — {}, {n} epochs; the schedule: {}", teach.file_name.get(), st.schedule.clone().unwrap_or_else(|| "none (dynamic_learning_rate not set)".into()))}</span>
                        </div>
                        {(!gaps.is_empty()).then(|| view! {
                            <div class="warn" data-testid="replay-gaps">{format!("shown as recorded, not compared: {}", gaps.join("; "))}</div>
                        })}
                        <div class="error-key" data-testid="error-key">
                            "error key: " <code>{v.error_key.clone().unwrap_or_else(|| "(none)".into())}</code>
                            " — " {v.key_reason.clone()}
                        </div>
                    }.into_any();
                }
                let first = v.first_divergence.map(|e| e.to_string()).unwrap_or_default();
                let message = match (v.first_divergence, &v.error_message) {
                    (_, Some(err)) => format!("✗ RETURNN would raise: {err}"),
                    (None, None) => format!("✓ these settings reproduce all {n} recorded learning rates"),
                    (Some(e), None) => {
                        let i = v.epochs.iter().position(|x| *x == e).unwrap_or(0);
                        let rec = v.recorded_lr.get(i).map(|x| float_repr(*x)).unwrap_or_default();
                        let rep = v.replayed_lr.get(i).copied().flatten().map(float_repr).unwrap_or_else(|| "—".into());
                        format!("✗ first divergence at epoch {e}: recorded {rec}, replayed {rep}")
                    }
                };
                view! {
                    <div class="replay-match" class:ok=v.matches data-testid="replay-match" data-compares="learning_rate"
                        data-match=v.matches.to_string() data-first-divergence=first data-epochs=n.to_string()
                        data-replays=teach.replays.get_value().to_string()>
                        <strong>{message}</strong>
                        <span class="note">{format!(" — {}, {n} epochs", teach.file_name.get())}</span>
                    </div>
                    <div class="error-key" data-testid="error-key">
                        "error key: " <code>{v.error_key.clone().unwrap_or_else(|| "(none)".into())}</code>
                        " — " {v.key_reason.clone()}
                    </div>
                }.into_any()
            })}
            <Show when=is_modern>
                <div class="row">
                    <button data-testid="replay-infer" on:click=move |_| {
                        let mut f = app.form.get_untracked();
                        let text = teach.file.with_value(|file| file.as_ref().map(|file| teach_model::infer_into_form(&mut f, file)));
                        if let Some(t) = text {
                            inferred.set(t);
                            app.set_form(f);
                        }
                    }>"infer the schedule"</button>
                    <span class="note">"(from the recorded effective learning rates and steps alone; fills in dynamic_learning_rate and its keys)"</span>
                </div>
                <p class="inferred" data-testid="replay-inferred">{move || inferred.get()}</p>
            </Show>
            <Show when=has_view>
                <div class="row">
                    <label for="error-key-select">"use score key"</label>
                    <select id="error-key-select" data-testid="error-key-select"
                        prop:value=configured_key
                        on:change=move |ev| {
                            let k = event_target_value(&ev);
                            let text = if k.is_empty() { String::new() } else { str_repr(&k) };
                            app.set_field(ERROR_MEASURE, &text);
                        }>
                        <option value="">"RETURNN's search order"</option>
                        {move || teach.with_replay(|v| v.score_keys.clone()).unwrap_or_default().into_iter().map(|k| view! { <option value=k.clone()>{k.clone()}</option> }).collect_view()}
                    </select>
                    <span class="note">"(sets learning_rate_control_error_measure; edit the other LR-control settings on the left)"</span>
                </div>
            </Show>
            <div class="teach-charts">
                <TeachChart testid="chart-replay" data=chart on_epoch=on_epoch on_pick=on_pick />
                <TeachChart testid="chart-replay-scores" data=scores on_epoch=on_epoch on_pick=on_pick />
            </div>
            <pre class="explain replay-explain" data-testid="replay-explain">{move || sentence().unwrap_or_else(|| "hover or tap an epoch (chart or table) to see why it got its learning rate".into())}</pre>
            <Show when=has_view>
                <div class="row">
                    <button data-testid="download-replay-csv" on:click=move |_| {
                        if let Some(csv) = teach.with_replay(|v| export_replay_csv(v)) {
                            status.set(web::download("replay.csv", "text/csv", &csv).err().unwrap_or_default());
                        }
                    }>"download replay CSV"</button>
                    <span class="error">{move || status.get()}</span>
                </div>
                <div class="table-wrap">
                    <table data-testid="replay-table">
                        <thead><tr><th>"epoch"</th><th>"recorded LR"</th><th>"replayed LR"</th><th>"same"</th><th>"score"</th></tr></thead>
                        <tbody>
                            {move || teach.with_replay(|v| {
                                v.epochs.iter().enumerate().take(MAX_ROWS).map(|(i, &e)| {
                                    let rec = v.recorded_lr.get(i).copied().unwrap_or(f64::NAN);
                                    let rep = v.replayed_lr.get(i).copied().flatten();
                                    let same = rep.is_some_and(|r| r.to_bits() == rec.to_bits());
                                    let score = v.key_scores.iter().find(|(k, _)| *k == e).map(|(_, s)| float_repr(*s)).unwrap_or_default();
                                    view! {
                                        <tr data-testid=format!("replay-row-{e}") class:diverged=!same
                                            class:selected=move || teach.explain_epoch.get() == Some(e)
                                            on:mouseenter=move |_| on_epoch.run(e) on:click=move |_| on_pick.run(e)>
                                            <td>{e}</td><td>{float_repr(rec)}</td><td>{rep.map(float_repr).unwrap_or_default()}</td>
                                            <td>{if same { "✓" } else { "✗" }}</td><td>{score}</td>
                                        </tr>
                                    }
                                }).collect_view()
                            })}
                        </tbody>
                    </table>
                </div>
                {move || teach.with_replay(|v| v.epochs.len()).filter(|n| *n > MAX_ROWS).map(|n| view! {
                    <p class="note">{format!("The table shows the first {MAX_ROWS} of {n} epochs (the chart and the CSV have all).")}</p>
                })}
            </Show>
        </section>
    }
}
