#![cfg(not(target_arch = "wasm32"))]
//! The page's other input paths: a shared link's query and the form saved in localStorage
//! (corpus tests/fixtures/bad/url/, manifest written by scripts/gen-bad-corpus.py). Each text is
//! read as the page reads it (`ui::query::start_form`), as a link and as a saved form; then:
//! * the fields named by the manifest, and only those, show an error (each with a message);
//! * the keys the page cannot use are listed, exactly as the manifest says;
//! * every decoded value of a form field is kept in that field as typed (nothing is lost);
//! * a form without errors runs to its end (or to a reported stop) — nothing panics.
use schedule_explorer::ui::form::{visible_fields, Form};
use schedule_explorer::ui::model::{settings_from_form, Run};
use schedule_explorer::ui::query::{decode, encode, start_form, Source};
use std::panic::{catch_unwind, AssertUnwindSafe};

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::{files_in, fixtures};

struct Case {
    file: String,
    text: String,
    fields: Vec<String>,
    ignored: Vec<String>,
}

fn corpus() -> Vec<Case> {
    let dir = fixtures("bad/url");
    let manifest = std::fs::read_to_string(dir.join("expected.tsv")).expect("url/expected.tsv");
    let rows: Vec<Case> = manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let file = cols.next().unwrap_or_default().to_string();
            let kind = cols.next().unwrap_or_default();
            let (fields, ignored) = kind.split_once(";ignored=").expect("kind has ;ignored=");
            let fields = fields.strip_prefix("fields=").expect("kind starts with fields=");
            Case {
                text: std::fs::read_to_string(dir.join(&file)).expect("corpus file"),
                fields: serde_json::from_str(fields).expect("fields JSON"),
                ignored: serde_json::from_str(ignored).expect("ignored JSON"),
                file,
            }
        })
        .collect();
    // Every file of the folder is in the manifest.
    let on_disk: Vec<String> = files_in("bad/url")
        .into_iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n != "expected.tsv")
        .collect();
    assert_eq!(on_disk.len(), rows.len(), "files vs manifest rows");
    rows
}

/// What the page shows for a start form: the fields with errors (sorted), or the run's outcome.
fn outcome(form: &Form) -> Result<String, Vec<String>> {
    let settings = settings_from_form(form).map_err(|errs| {
        for e in &errs {
            assert!(!e.message.trim().is_empty(), "{}: empty message", e.name);
        }
        let mut names: Vec<String> = errs.into_iter().map(|e| e.name).collect();
        names.sort();
        names.dedup();
        names
    })?;
    let mut run = Run::new(settings, form).map_err(|errs| errs.into_iter().map(|e| e.name).collect::<Vec<_>>())?;
    // Far more frames than any corpus run needs; the run must end (done, or stopped with a reason).
    for _ in 0..10_000 {
        if run.is_done() {
            break;
        }
        run.advance(500);
    }
    assert!(run.is_done(), "the run did not end");
    Ok(run.view().error.clone().unwrap_or_else(|| "ran".into()))
}

fn check(case: &Case) -> Result<(), String> {
    let as_link = start_form(&case.text, None);
    let as_saved = start_form("", Some(&case.text));
    if as_link.ignored != case.ignored {
        return Err(format!("ignored {:?}, expected {:?}", as_link.ignored, case.ignored));
    }
    if as_link.source == Source::Link {
        if (as_saved.source, &as_saved.form) != (Source::Saved, &as_link.form) {
            return Err("the saved form reads differently from the link".into());
        }
        // Nothing typed is lost: each field holds the last value the text gave it, as decoded.
        let all: Vec<String> = schedule_explorer::ui::form::all_fields(&as_link.form).into_iter().map(|f| f.name).collect();
        for (k, v) in decode(&case.text) {
            let last = decode(&case.text).into_iter().rev().find(|(n, _)| *n == k).map(|(_, v)| v);
            if all.contains(&k) && Some(v.clone()) == last && as_link.form.get(&k) != v {
                return Err(format!("field {k} holds {:?}, the text gave {v:?}", as_link.form.get(&k)));
            }
        }
        // The form survives the page writing it back into the URL and localStorage.
        let again = start_form(&encode(&as_link.form.to_pairs()), None);
        if again.form != as_link.form || !again.ignored.is_empty() {
            return Err("the form does not survive being written back to the link".into());
        }
    }
    let visible: Vec<String> = visible_fields(&as_link.form).into_iter().map(|f| f.name).collect();
    match outcome(&as_link.form) {
        Ok(_) if case.fields.is_empty() => Ok(()),
        Ok(end) => Err(format!("ran ({end}), expected errors in {:?}", case.fields)),
        Err(fields) => {
            if let Some(f) = fields.iter().find(|f| !visible.contains(f) && *f != "scores-input") {
                return Err(format!("error for {f}, which the page does not show"));
            }
            if fields != case.fields {
                return Err(format!("errors in {fields:?}, expected {:?}", case.fields));
            }
            Ok(())
        }
    }
}

#[test]
fn url_and_saved_form_corpus() {
    let cases = corpus();
    assert!(cases.len() >= 50, "corpus too small: {}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        match catch_unwind(AssertUnwindSafe(|| check(case))) {
            Ok(Ok(())) => {}
            Ok(Err(why)) => failures.push(format!("{}: {why}", case.file)),
            Err(_) => failures.push(format!("{}: PANIC", case.file)),
        }
    }
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn a_link_value_beyond_the_input_limit_is_a_field_error() {
    let n = schedule_explorer::returnn::python_literal::MAX_INPUT_BYTES / 4 + 1;
    let big = format!("learning_rates=%5B{}0.1%5D", "0.1%2C".repeat(n));
    let start = start_form(&big, None);
    assert_eq!(start.source, Source::Link);
    match settings_from_form(&start.form) {
        Err(errs) => assert!(errs.iter().any(|e| e.name == "learning_rates" && e.message.contains("limit")), "{errs:?}"),
        Ok(_) => panic!("a learning_rates text over the input limit was accepted"),
    }
}
