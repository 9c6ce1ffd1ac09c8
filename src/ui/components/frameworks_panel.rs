//! Framework equivalents of the current newbob settings (`engine::equivalents::compare`): the
//! chosen framework's code and the differences to newbob, and every framework's LR curve next to
//! newbob's on the current run's dev scores.
use super::teach_chart::TeachChart;
use crate::chart::overlay::{OverlayChart, Series};
use crate::chart::palette;
use crate::engine::equivalents::{compare_with_optimizer, Comparison, Framework};
use crate::engine::workbench::newbob_params;
use crate::ui::state::AppState;
use crate::ui::panel_state::FrameworkState;
use leptos::prelude::*;
use plotters::style::RGBColor;

fn colour(f: Framework) -> RGBColor {
    match f {
        Framework::PyTorch => RGBColor(0xee, 0x4c, 0x2c),
        Framework::Keras => RGBColor(0x2c, 0xa0, 0x2c),
        Framework::Optax => RGBColor(0x1f, 0x77, 0xb4),
        Framework::SpeechBrain => RGBColor(0x9b, 0x59, 0xb6),
    }
}

fn curve_points(lrs: &[f64]) -> Vec<(f64, f64)> {
    lrs.iter().enumerate().map(|(i, v)| (i as f64 + 1.0, *v)).collect()
}

fn chart(c: &Comparison) -> OverlayChart {
    let mut series = vec![Series { label: "RETURNN newbob".into(), color: palette::LR, points: curve_points(&c.newbob.lrs), dashed: false, stairs: true }];
    for fw in Framework::ALL {
        let name = fw.name();
        if let Some(eq) = c.equivalents.iter().find(|e| e.framework == fw) {
            series.push(Series { label: name.into(), color: colour(fw), points: curve_points(&eq.curve.lrs), dashed: true, stairs: true });
        }
    }
    OverlayChart { title: "learning rate: newbob vs other frameworks".into(), log_y: true, series, ..Default::default() }
}

#[component]
pub fn FrameworksPanel() -> impl IntoView {
    let app = expect_context::<AppState>();
    let fw_state = expect_context::<FrameworkState>();
    // Recomputed when the run finishes or the settings change (not on every frame of a run).
    let comparison = Memo::new(move |_| {
        app.tick.track();
        app.run.with_value(|r| {
            let r = r.as_ref()?;
            if !r.is_done() {
                return None;
            }
            let scores: Vec<f64> = r.view().rows.iter().filter_map(|x| x.dev_score).collect();
            let s = r.settings();
            let params = newbob_params(&s.lr_control)?;
            // The code builds the optimizer that was chosen or imported (and says so when none was).
            Some(compare_with_optimizer(&params, &scores, s.assigned.optimizer.then_some(&s.optimizer)))
        })
    });
    let selected = move || comparison.with(|c| {
        let fw = fw_state.framework.get();
        c.as_ref().and_then(|c| c.equivalents.iter().find(|e| e.framework == fw).cloned())
    });
    let data = Signal::derive(move || {
        comparison.with(|c| c.as_ref().map(chart)).unwrap_or_else(|| OverlayChart { title: "learning rate: newbob vs other frameworks".into(), ..Default::default() })
    });
    view! {
        <section class="frameworks" data-testid="frameworks-panel" id="frameworks-panel">
            <h2>"The same schedule in other frameworks"</h2>
            <div class="row">
                <label for="framework-select">"framework"</label>
                <select id="framework-select" data-testid="framework-select" prop:value=move || fw_state.framework.get().name()
                    on:change=move |ev| {
                        if let Some(f) = Framework::from_name(&event_target_value(&ev)) {
                            fw_state.framework.set(f);
                        }
                    }>
                    {Framework::ALL.iter().map(|f| view! { <option value=f.name()>{f.scheduler_name()}</option> }).collect_view()}
                </select>
            </div>
            {move || {
                let has = comparison.with(Option::is_some);
                (!has).then(|| view! { <p class="note" data-testid="framework-note">"Choose a newbob scheme and let the run finish: the equivalents are computed on its dev scores."</p> })
            }}
            {move || selected().map(|eq| {
                let curve_note = eq.curve.error.clone().map(|e| view! { <div class="error">{format!("this framework raises: {e}")}</div> });
                view! {
                    <pre class="snippet" data-testid="framework-snippet">{eq.code.clone()}</pre>
                    {curve_note}
                    <h3>"Differences to RETURNN's newbob"</h3>
                    <ul data-testid="framework-caveats" class="caveats">
                        {eq.caveats.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}
                    </ul>
                }
            })}
            <TeachChart testid="chart-frameworks" data=data />
        </section>
    }
}
