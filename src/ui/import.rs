//! Applying imported text to the form: a RETURNN config snippet, or a `learning_rate_file`.
//! Lines that are not settings the app knows are listed, never silently dropped.
use crate::returnn::pyvalue::PyValue;
use crate::ui::form::{self, Form};
use crate::ui::literal;

/// The Python text a form field takes for a value (strings without quotes for selects).
fn field_text(spec: &form::FieldSpec, v: &PyValue) -> String {
    match (spec.kind, v) {
        (form::Kind::Choice(_), PyValue::Str(s)) => s.clone(),
        _ => v.repr(),
    }
}

/// Applies `key = value` lines of a RETURNN config to `form`. Returns the report of skipped
/// lines (`line N: why`). Comments, blank lines and `#!`-lines are ignored silently.
pub fn apply_config(form: &mut Form, text: &str) -> Vec<String> {
    let mut report = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let n = i + 1;
        let mut line = lines[i].to_string();
        i += 1;
        if line.trim().is_empty() || line.trim().starts_with('#') {
            continue;
        }
        // Join continuation lines of an open bracket.
        while depth(&line) > 0 && i < lines.len() {
            line.push('\n');
            line.push_str(lines[i]);
            i += 1;
        }
        let t = line.trim();
        let Some((key, value)) = line.split_once('=') else {
            report.push(format!("line {n}: not an assignment: {}", t));
            continue;
        };
        let key = key.trim();
        let value = strip_comment(value.trim());
        if !key.chars().all(|c| c.is_alphanumeric() || c == '_') || key.is_empty() {
            report.push(format!("line {n}: not a simple assignment: {}", t));
            continue;
        }
        let parsed = match literal::parse(value) {
            Ok(v) => v,
            Err(e) => {
                report.push(format!("line {n}: {key}: not a literal ({e})"));
                continue;
            }
        };
        if key == "optimizer" {
            match parsed {
                PyValue::Dict(items) => {
                    let mut class = None;
                    let mut kwargs = Vec::new();
                    for (k, v) in items {
                        match (k, v) {
                            (PyValue::Str(k), PyValue::Str(c)) if k == "class" => class = Some(c),
                            (PyValue::Str(k), v) => kwargs.push((k, v)),
                            (k, _) => report.push(format!("line {n}: optimizer key {} is not a string", k.repr())),
                        }
                    }
                    let Some(class) = class else {
                        report.push(format!("line {n}: optimizer dict without \"class\""));
                        continue;
                    };
                    let Some(spec) = form::optimizer_spec(&class) else {
                        report.push(format!("line {n}: optimizer class {class:?} is not supported here"));
                        continue;
                    };
                    form.set_optimizer_class(spec.class);
                    for (k, v) in kwargs {
                        let k = if k == "epsilon" { "eps".to_string() } else { k };
                        let name = format!("optimizer-{k}");
                        match spec.kwargs.iter().find(|kw| kw.0 == name) {
                            Some(kw) => {
                                let fs = form::kwarg_spec(kw);
                                form.set(fs.name, &field_text(&fs, &v));
                            }
                            None => report.push(format!("line {n}: optimizer kwarg {k:?} is not known for {}", spec.class)),
                        }
                    }
                }
                _ => report.push(format!("line {n}: optimizer must be a dict with \"class\"")),
            }
            continue;
        }
        match form::spec(key) {
            Some(spec) if spec.group != form::Group::Simulator => form.set(key, &field_text(&spec, &parsed)),
            _ => report.push(format!("line {n}: {key} is not a setting the explorer uses")),
        }
    }
    report
}

fn depth(s: &str) -> i32 {
    let mut d = 0;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => d += 1,
                ')' | ']' | '}' => d -= 1,
                '#' => break,
                _ => {}
            },
        }
    }
    d
}

/// Drops a trailing `# comment` outside quotes.
fn strip_comment(s: &str) -> &str {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '#' => return s[..i].trim_end(),
                _ => {}
            },
        }
    }
    s
}

/// Reads a `learning_rate_file`: each epoch's recorded LR (the overlay) and its dev score,
/// which switch the form to scores-only mode. Returns `(overlay, report)`.
pub fn apply_lr_file(form: &mut Form, text: &str) -> Result<(Vec<(u64, f64)>, Vec<String>), String> {
    let epochs = scan_lr_file(text)?;
    if epochs.is_empty() {
        return Err("no epochs found in the learning_rate_file".into());
    }
    let mut report = Vec::new();
    let mut scores = Vec::new();
    let mut overlay = Vec::new();
    for (i, (epoch, lr, dev)) in epochs.iter().enumerate() {
        overlay.push((*epoch, *lr));
        if *epoch != i as u64 + 1 {
            report.push(format!("epoch {epoch}: epochs are not 1, 2, 3, ...; scores are used in file order"));
        }
        match dev {
            Some(d) => scores.push(crate::returnn::pyvalue::float_repr(*d)),
            None => report.push(format!("epoch {epoch}: no dev score; the scores stop before it")),
        }
        if dev.is_none() {
            break;
        }
    }
    if let Some((_, lr, _)) = epochs.first() {
        form.set("learning_rate", &crate::returnn::pyvalue::float_repr(*lr));
    }
    form.scores_only = true;
    form.scores = scores.join("\n");
    Ok((overlay, report))
}

/// `(epoch, learningRate, first dev score)` per `N: EpochData(...)` entry, in file order.
fn scan_lr_file(text: &str) -> Result<Vec<(u64, f64, Option<f64>)>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(pos) = rest.find("EpochData(") {
        let before = rest[..pos].trim_end().trim_end_matches(':').trim_end();
        let digits: String = before.chars().rev().take_while(|c| c.is_ascii_digit()).collect::<Vec<_>>().into_iter().rev().collect();
        let epoch: u64 = digits.parse().map_err(|_| format!("an EpochData without an epoch number near {:?}", &rest[pos..(pos + 20).min(rest.len())]))?;
        rest = &rest[pos + "EpochData(".len()..];
        let end = rest.find("EpochData(").unwrap_or(rest.len());
        let body = &rest[..end];
        let lr = number_after(body, "learningRate=").ok_or_else(|| format!("epoch {epoch}: no learningRate"))?;
        let dev = ["'dev_score", "\"dev_score", "'dev_error", "\"dev_error"]
            .iter()
            .find_map(|k| body.find(k).and_then(|i| body[i..].find(':').and_then(|j| number_at(&body[i + j + 1..]))));
        out.push((epoch, lr, dev));
    }
    Ok(out)
}

fn number_after(s: &str, key: &str) -> Option<f64> {
    number_at(&s[s.find(key)? + key.len()..])
}

/// The number at the start of `s` (after spaces), also inside `np.float64(...)`.
fn number_at(s: &str) -> Option<f64> {
    let s = s.trim_start();
    let s = s.strip_prefix("np.float64(").or_else(|| s.strip_prefix("np.float32(")).or_else(|| s.strip_prefix("numpy.float64(")).unwrap_or(s);
    let t: String = s.chars().take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')).collect();
    t.parse().ok()
}
