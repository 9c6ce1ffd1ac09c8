//! A/B compare: a second set of LR-control settings (`fieldB-<name>`), the list of settings that
//! differ, and both runs' learning rates and dev scores overlaid.
use super::teach_chart::TeachChart;
use crate::chart::overlay::{OverlayChart, Series};
use crate::chart::palette;
use crate::engine::compare::{align_decisions, settings_diff};
use crate::engine::lr_control::Decision;
use crate::ui::form::{self, Kind};
use crate::ui::model::{settings_from_form, Run, RunView};
use crate::ui::state::AppState;
use crate::ui::panel_state::CompareState;
use leptos::prelude::*;
use plotters::style::RGBColor;

const B_LR: RGBColor = RGBColor(0x8e, 0x44, 0xad);
const B_DEV: RGBColor = RGBColor(0x17, 0xa2, 0xb8);

/// The decisions of a run, epoch by epoch.
fn decisions(run: &Run) -> Vec<Decision> {
    run.sim().epochs().iter().filter_map(|e| e.decision.clone()).collect()
}

/// Runs the B settings to the end (the same engine as the main run), with its decisions. `Err` =
/// its field errors.
fn run_b(f: &form::Form) -> Result<(RunView, Vec<Decision>), String> {
    let mut run = Run::from_form(f).map_err(|errs| errs.iter().map(|e| format!("{}: {}", e.name, e.message)).collect::<Vec<_>>().join("; "))?;
    let mut guard = 0;
    while !run.is_done() && guard < 10_000 {
        run.advance(10_000);
        guard += 1;
    }
    Ok((run.view().clone(), decisions(&run)))
}

fn series(label: &str, color: RGBColor, pts: Vec<(f64, f64)>, dashed: bool, stairs: bool) -> Series {
    Series { label: label.into(), color, points: pts, dashed, stairs }
}

#[component]
pub fn ComparePanel() -> impl IntoView {
    let app = expect_context::<AppState>();
    let compare = expect_context::<CompareState>();
    let on = move || compare.b.with(Option::is_some);
    let toggle = move |ev: leptos::ev::Event| {
        if event_target_checked(&ev) {
            compare.b.set(Some(app.form.get_untracked()));
        } else {
            compare.b.set(None);
        }
    };
    let b_view = Memo::new(move |_| compare.b.with(|b| b.as_ref().map(run_b)));
    let a_view = move || {
        app.tick.track();
        app.run.with_value(|r| r.as_ref().map(|r| r.view().clone()))
    };
    // The engine's diff of the two settings (RETURNN config terms; defaults dropped).
    let diff = move || {
        let a = app.form.with(settings_from_form).ok()?;
        let b = compare.b.with(|b| b.as_ref().map(settings_from_form))?.ok()?;
        Some(settings_diff(&a, &b))
    };
    let lr_chart = Signal::derive(move || {
        let mut s = Vec::new();
        if let Some(a) = a_view() {
            s.push(series("A", palette::LR, a.rows.iter().map(|r| (r.epoch as f64, r.lr)).collect(), false, true));
        }
        if let Some(Ok((b, _))) = b_view.get() {
            s.push(series("B", B_LR, b.rows.iter().map(|r| (r.epoch as f64, r.lr)).collect(), true, true));
        }
        OverlayChart { title: "learning rate: A vs B".into(), log_y: true, series: s, ..Default::default() }
    });
    let scores_log = expect_context::<crate::ui::panel_state::ViewFlags>().scores_log;
    let score_chart = Signal::derive(move || {
        let dev = |v: &RunView| v.rows.iter().filter_map(|r| Some((r.epoch as f64, r.dev_score?))).collect::<Vec<_>>();
        let mut s = Vec::new();
        if let Some(a) = a_view() {
            s.push(series("A dev", palette::DEV, dev(&a), false, false));
        }
        if let Some(Ok((b, _))) = b_view.get() {
            s.push(series("B dev", B_DEV, dev(&b), true, false));
        }
        OverlayChart { title: "dev score: A vs B".into(), series: s, ..Default::default() }.with_log(scores_log.get().unwrap_or(false))
    });
    // Where A and B first decide differently, in the engine's words for both.
    let first_difference = move || {
        app.tick.track();
        let a = app.run.with_value(|r| r.as_ref().map(decisions))?;
        b_view.with(|b| {
            let (_, b) = b.as_ref()?.as_ref().ok()?;
            align_decisions(&a, b).into_iter().find(|r| !r.same_lr)
        })
    };
    let b_fields = move || compare.b.with(|b| b.as_ref().map(|b| form::lr_control_fields(b.scheme())).unwrap_or_default());
    let set_b = move |name: String, value: String| {
        compare.b.update(|b| {
            if let Some(b) = b {
                b.set_field(&name, &value);
            }
        })
    };
    view! {
        <section class="compare" data-testid="compare-panel" id="compare-panel">
            <h2>"A/B compare"</h2>
            <label class="row">
                <input type="checkbox" data-testid="compare-toggle" prop:checked=on on:change=toggle />
                "compare the settings on the left (A) with a second set (B)"
            </label>
            <Show when=on>
                <div class="compare-grid">
                    <div class="b-fields">
                        <h3>"B settings"</h3>
                        {move || b_fields().into_iter().map(|spec| {
                            let name = spec.name.clone();
                            let testid = format!("fieldB-{name}");
                            let n2 = name.clone();
                            let value = move || compare.b.with(|b| b.as_ref().map(|b| b.get(&n2).to_string()).unwrap_or_default());
                            let n3 = name.clone();
                            let input = match spec.kind.clone() {
                                Kind::Choice(options) => view! {
                                    <select data-testid=testid prop:value=value on:change=move |ev| set_b(n3.clone(), event_target_value(&ev))>
                                        {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                                    </select>
                                }.into_any(),
                                Kind::Bool => view! {
                                    <select data-testid=testid prop:value=value on:change=move |ev| set_b(n3.clone(), event_target_value(&ev))>
                                        <option value="">"(default)"</option><option value="False">"False"</option><option value="True">"True"</option>
                                    </select>
                                }.into_any(),
                                _ => view! {
                                    <input type="text" data-testid=testid placeholder=spec.default.clone() spellcheck="false"
                                        prop:value=value on:change=move |ev| set_b(n3.clone(), event_target_value(&ev)) />
                                }.into_any(),
                            };
                            view! { <div class="field"><label><code>{name}</code></label>{input}</div> }
                        }).collect_view()}
                    </div>
                    <div>
                        <h3>"Settings that differ"</h3>
                        <ul data-testid="compare-diff" class="diff">
                            {move || {
                                let d = diff().unwrap_or_default();
                                if d.is_empty() {
                                    view! { <li class="same">"none: A and B are the same"</li> }.into_any()
                                } else {
                                    d.into_iter().map(|x| {
                                        let show = |v: Option<String>| v.unwrap_or_else(|| "(default)".into());
                                        view! { <li data-key=x.key.clone()><code>{x.key.clone()}</code>": A "<code>{show(x.a)}</code>" → B "<code>{show(x.b)}</code></li> }
                                    }).collect_view().into_any()
                                }
                            }}
                        </ul>
                        {move || match b_view.get() {
                            Some(Err(e)) => Some(view! { <div class="error" data-testid="compare-error">{format!("B: {e}")}</div> }),
                            _ => None,
                        }}
                    </div>
                </div>
                <p class="note" data-testid="compare-first-difference">{move || match first_difference() {
                    Some(r) => format!(
                        "A and B first differ at epoch {}. A: {} B: {}",
                        r.epoch,
                        r.a_text.unwrap_or_else(|| "(no decision)".into()),
                        r.b_text.unwrap_or_else(|| "(no decision)".into())
                    ),
                    None => "A and B give the same learning rate in every epoch.".into(),
                }}</p>
                <div class="teach-charts">
                    <TeachChart testid="chart-compare-lr" data=lr_chart />
                    <TeachChart testid="chart-compare-scores" data=score_chart />
                </div>
            </Show>
        </section>
    }
}
