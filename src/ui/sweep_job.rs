//! The sweep's worker protocol (`sweep-worker.js` → `sweep_worker_run` in src/main.rs).
//!
//! A job carries the *form* (its `(key, text)` pairs, as a link does), the two axes, the outcome,
//! the recorded LRs and the cells to compute. The worker rebuilds the base settings from the form
//! with the page's own [`settings_from_form`], so both sides hold the same `Settings`.
//!
//! Jobs and results are query strings ([`crate::ui::query`]) and floats travel as the hex of
//! their bits (exact, NaN and infinities included): the page has no other use for a JSON text
//! parser, and serde_json's would add ~30 KB (gzip) to the wasm. Pure Rust: the whole protocol is
//! tested natively (tests/sweep.rs).
//!
//! Job keys: `form` (the form's own query), `x`/`y` (keys), `xv`/`yv` (values), `outcome`,
//! `target`, `recorded`, `cells` (`ix:iy,...`). Result: `error=<text>`, or one
//! `cell=ix:iy:x:y:value:status:epochs:message` per cell (`value` `-` when there is none).
use crate::engine::sweep::{run_cells, Axis, CellResult, CellStatus, Outcome, OutcomeKind, SweepSpec};
use crate::ui::form::Form;
use crate::ui::model::settings_from_form;
use crate::ui::query::{decode, encode};

/// One worker job.
#[derive(Clone, Debug, PartialEq)]
pub struct FormJob {
    /// The form's pairs ([`Form::to_pairs`]).
    pub form: Vec<(String, String)>,
    pub x: Axis,
    pub y: Axis,
    pub outcome: Outcome,
    pub recorded_lr: Vec<f64>,
    /// `(ix, iy)` of the cells to compute.
    pub cells: Vec<(usize, usize)>,
}

fn hex(v: f64) -> String {
    format!("{:x}", v.to_bits())
}

fn unhex(s: &str) -> Result<f64, String> {
    u64::from_str_radix(s, 16).map(f64::from_bits).map_err(|_| format!("{s:?} is not a float's bits"))
}

fn hex_list(v: &[f64]) -> String {
    v.iter().map(|x| hex(*x)).collect::<Vec<_>>().join(",")
}

fn unhex_list(s: &str) -> Result<Vec<f64>, String> {
    s.split(',').filter(|p| !p.is_empty()).map(unhex).collect()
}

fn index(s: &str) -> Result<usize, String> {
    s.parse().map_err(|_| format!("{s:?} is not a cell index"))
}

const STATUSES: [(CellStatus, &str); 4] = [
    (CellStatus::Finished, "finished"),
    (CellStatus::Diverged, "diverged"),
    (CellStatus::Failed, "failed"),
    (CellStatus::Invalid, "invalid"),
];

/// The part of a job's text shared by every batch of a sweep (all but the cells).
fn job_head(form: &[(String, String)], x: &Axis, y: &Axis, outcome: Outcome, recorded_lr: &[f64]) -> String {
    let (kind, target) = outcome.kind_and_target();
    encode(&[
        ("form".to_string(), encode(form)),
        ("x".into(), x.key.clone()),
        ("xv".into(), hex_list(&x.values)),
        ("y".into(), y.key.clone()),
        ("yv".into(), hex_list(&y.values)),
        ("outcome".into(), kind.name().to_string()),
        ("target".into(), hex(target)),
        ("recorded".into(), hex_list(recorded_lr)),
    ])
}

/// A job's text: the shared head, then this batch's cells.
fn with_cells(head: &str, cells: &[(usize, usize)]) -> String {
    let cells: Vec<String> = cells.iter().map(|(ix, iy)| format!("{ix}:{iy}")).collect();
    let part = encode(&[("cells".to_string(), cells.join(","))]);
    format!("{head}&{}", part.trim_start_matches('?'))
}

impl FormJob {
    /// The job as the query string a worker receives.
    pub fn to_text(&self) -> String {
        with_cells(&job_head(&self.form, &self.x, &self.y, self.outcome, &self.recorded_lr), &self.cells)
    }

    /// Reads [`FormJob::to_text`]; the error names the part that is wrong.
    pub fn from_text(text: &str) -> Result<FormJob, String> {
        let pairs = decode(text);
        let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).ok_or_else(|| format!("job: no {k:?}"));
        let part = |k: &'static str| move |e: String| format!("job: {k}: {e}");
        let (name, target) = (get("outcome")?, unhex(get("target")?).map_err(part("target"))?);
        let cells = get("cells")?
            .split(',')
            .filter(|c| !c.is_empty())
            .map(|c| {
                let (ix, iy) = c.split_once(':').ok_or_else(|| format!("{c:?} is not ix:iy"))?;
                Ok((index(ix)?, index(iy)?))
            })
            .collect::<Result<Vec<_>, String>>()
            .map_err(part("cells"))?;
        Ok(FormJob {
            form: decode(get("form")?),
            x: Axis::new(get("x")?, unhex_list(get("xv")?).map_err(part("xv"))?),
            y: Axis::new(get("y")?, unhex_list(get("yv")?).map_err(part("yv"))?),
            outcome: OutcomeKind::from_name(name).map(|k| k.with_target(target)).ok_or_else(|| format!("job: unknown outcome {name:?}"))?,
            recorded_lr: unhex_list(get("recorded")?).map_err(part("recorded"))?,
            cells,
        })
    }
}

/// The sweep spec a job describes: the base settings from its form, as the page builds them.
pub fn job_spec(job: &FormJob) -> Result<SweepSpec, String> {
    let (form, _) = Form::from_pairs(job.form.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let base = settings_from_form(&form).map_err(|errs| {
        let list: Vec<String> = errs.iter().map(|e| format!("{}: {}", e.name, e.message)).collect();
        format!("the settings of the job do not build: {}", list.join("; "))
    })?;
    let spec = SweepSpec { x: job.x.clone(), y: job.y.clone(), outcome: job.outcome, base, recorded_lr: job.recorded_lr.clone() };
    spec.validate().map_err(|e| e.to_string())?;
    Ok(spec)
}

/// Every cell of `spec` as jobs of at most `batch` cells (row by row, so the heat-map fills in
/// reading order). `spec.base` must be `settings_from_form(form)`, as the page's spec is.
pub fn jobs(form: &Form, spec: &SweepSpec, batch: usize) -> Vec<String> {
    // The form, axes and recorded LRs are encoded once, not once per batch.
    let head = job_head(&form.to_pairs(), &spec.x, &spec.y, spec.outcome, &spec.recorded_lr);
    spec.cells().chunks(batch.max(1)).map(|cells| with_cells(&head, cells)).collect()
}

/// The cells' results as the worker sends them.
pub fn results_text(cells: &[CellResult]) -> String {
    let pairs: Vec<(String, String)> = cells
        .iter()
        .map(|c| {
            let status = STATUSES.iter().find(|(s, _)| *s == c.status).map_or("invalid", |(_, n)| n);
            let value = c.value.map_or("-".to_string(), hex);
            let message = c.message.clone().unwrap_or_default();
            let cell = format!("{}:{}:{}:{}:{value}:{status}:{}:{message}", c.ix, c.iy, hex(c.x), hex(c.y), c.epochs);
            ("cell".to_string(), cell)
        })
        .collect();
    encode(&pairs)
}

/// The worker side: a job's text in, its cells' results (or `error=...`) out; never panics.
pub fn run_job(text: &str) -> String {
    match FormJob::from_text(text).and_then(|job| job_spec(&job).map(|spec| run_cells(&spec, &job.cells))) {
        Ok(results) => results_text(&results),
        Err(e) => encode(&[("error".to_string(), e)]),
    }
}

fn parse_cell(text: &str) -> Result<CellResult, String> {
    let parts: Vec<&str> = text.splitn(8, ':').collect();
    let [ix, iy, x, y, value, status, epochs, message] = parts.as_slice() else {
        return Err(format!("worker output: {text:?} is not a cell"));
    };
    Ok(CellResult {
        ix: index(ix)?,
        iy: index(iy)?,
        x: unhex(x)?,
        y: unhex(y)?,
        value: if *value == "-" { None } else { Some(unhex(value)?) },
        status: STATUSES.iter().find(|(_, n)| n == status).map(|(s, _)| *s).ok_or_else(|| format!("worker output: unknown status {status:?}"))?,
        epochs: epochs.parse().map_err(|_| format!("worker output: {epochs:?} is not an epoch count"))?,
        message: (!message.is_empty()).then(|| message.to_string()),
    })
}

/// Reads [`run_job`]'s output: the cells, or the error message.
pub fn parse_output(text: &str) -> Result<Vec<CellResult>, String> {
    let pairs = decode(text);
    if let Some((_, e)) = pairs.iter().find(|(k, _)| k == "error") {
        return Err(e.clone());
    }
    if pairs.is_empty() || pairs.iter().any(|(k, _)| k != "cell") {
        return Err(format!("worker output: expected cells or an error, got {:?}", text.chars().take(80).collect::<String>()));
    }
    pairs.iter().map(|(_, c)| parse_cell(c)).collect()
}
