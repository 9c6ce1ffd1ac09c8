#![cfg(not(target_arch = "wasm32"))]
//! Replay a real run: the chunked reader (same result or the same located error as `parse`, on
//! every fixture and on generated and mutated files), the recorded LRs/scores/error keys, replays
//! with exact LR matching and divergence, guessing settings that recreate a file, and the export
//! of a replay.
use proptest::prelude::*;
use schedule_explorer::py::error::Error;
use schedule_explorer::engine::lr_control::{KeySource, Verdict};
use schedule_explorer::engine::replay::{
    default_error_key, error_keys, guess_settings, key_changes, recorded, replay, replay_with_config, ERROR_MEASURE_KEY,
};
use schedule_explorer::returnn::run_export::{export_replay_csv, export_replay_json, REPLAY_CSV_HEADER};
use schedule_explorer::engine::settings::{Factor, LearningRates, Number, Scheme, Settings};
use schedule_explorer::returnn::lr_file::chunked::{parse_chunked, ChunkedParser};
use schedule_explorer::returnn::lr_file::{parse, parse_pasted, write, EpochData, LrFile};
use schedule_explorer::py::value::PyValue;
use schedule_explorer::py::typed_config::TypedConfig;
use serde_json::Value;

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::{files_in, read, realdata};

/// Same table (compared through the exact writer, so NaN equals NaN) or the same error.
fn same_result(a: &Result<LrFile, Error>, b: &Result<LrFile, Error>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => x.keys().eq(y.keys()) && write(x) == write(y),
        (Err(x), Err(y)) => x == y,
        _ => false,
    }
}

fn check_chunked(name: &str, text: &str) {
    let whole = parse(text);
    // Big files: frame-sized steps only (every size is exercised on the smaller texts).
    let sizes: &[usize] = if text.len() > 100_000 { &[65_536] } else { &[1, 7, 100, 4096, usize::MAX] };
    for &chunk in sizes {
        let got = parse_chunked(text, chunk);
        assert!(same_result(&whole, &got), "{name} (chunk {chunk}): parse {:?}\nchunked {:?}", whole.as_ref().err(), got.as_ref().err());
    }
    let mut p = ChunkedParser::new(text);
    let mut steps = 0;
    loop {
        let pr = p.step_epochs(if text.len() > 100_000 { 200 } else { 3 });
        steps += 1;
        assert!(pr.bytes_done <= pr.bytes_total);
        if pr.done {
            assert_eq!(pr.bytes_done, pr.bytes_total);
            break;
        }
        assert!(steps < 100_000, "{name}: no progress");
    }
    assert!(same_result(&whole, &p.finish()), "{name}: step_epochs");
    let mut p = ChunkedParser::new(text);
    p.step(100);
    assert!(same_result(&parse_pasted(text), &p.finish_pasted()), "{name}: pasted");
}

/// Every text that should be read as a learning_rate_file: the realdata files, the lrfile
/// vectors (input and re-saved text) and every learning_rate_file written in the lr-control
/// vectors.
#[test]
fn chunked_equals_parse_on_every_fixture() {
    let mut n = 0;
    for p in files_in("realdata/lrfiles") {
        check_chunked(&p.to_string_lossy(), &read(&p));
        n += 1;
    }
    for p in files_in("reference/lrfile") {
        let case: Value = serde_json::from_str(&read(&p)).expect("json");
        check_chunked(&p.to_string_lossy(), case["text"].as_str().expect("text"));
        if let Some(t) = case["expected"]["resaved_text"].as_str() {
            check_chunked(&format!("{} resaved", p.display()), t);
        }
        n += 1;
    }
    fn texts(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if s.trim_start().starts_with('{') => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|x| texts(x, out)),
            Value::Object(m) => m.values().for_each(|x| texts(x, out)),
            _ => {}
        }
    }
    for p in files_in("reference/lr-control") {
        let case: Value = serde_json::from_str(&read(&p)).expect("json");
        let mut found = Vec::new();
        texts(&case, &mut found);
        for t in found {
            check_chunked(&p.to_string_lossy(), &t);
            n += 1;
        }
    }
    assert!(n > 250, "only {n} texts");
}

#[test]
fn chunked_reports_progress_on_the_big_files() {
    for (name, text) in realdata("visualization__lr_file_mol.txt") {
        let mut p = ChunkedParser::new(text.clone());
        let mut last = 0;
        let mut steps = 0;
        loop {
            let pr = p.step(64 * 1024);
            assert!(pr.bytes_done >= last, "{name}: progress goes forward");
            last = pr.bytes_done;
            steps += 1;
            if pr.done {
                break;
            }
            assert!(pr.epochs_done > 0 && pr.fraction() < 1.0);
        }
        assert!(steps > 10, "{name}: a 2.3 MB file takes many steps ({steps})");
        let file = p.finish().expect("parses");
        assert_eq!(file.len(), 2000, "{name}");
    }
}

#[test]
fn chunked_errors_are_the_located_parse_errors() {
    for text in [
        "{1: EpochData(learningRate=0.1), 2: EpochData(learningRate=<bad>)}",
        "{1: EpochData(learningRate=0.1),, 2: EpochData(learningRate=0.2)}",
        "{1: EpochData(learningRate=0.1), 2: EpochData(learningRate=0.2)",
        "{1: EpochData(learningRate=0.1)} junk",
        "  \n  {1: EpochData(learningRate=0.1)}",
        "[1, 2]",
        "{1: EpochData(learningRate=1)}",
        "{1: EpochData(learningRate=0.1), 'x': EpochData(learningRate=0.2)}",
        "{1: EpochData(learningRate=0.1, error={'a': 'unterminated}), 2: EpochData(learningRate=0.2)}",
        "{1, 2}",
        "{}",
        "",
        "# only a comment",
    ] {
        let whole = parse(text);
        let got = parse_chunked(text, 1);
        assert!(same_result(&whole, &got), "{text:?}: {whole:?} vs {got:?}");
    }
}

fn meta_string() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z ,:#{}()\\[\\]'\"\\\\\n]{0,12}").expect("regex")
}

fn gen_file() -> impl Strategy<Value = LrFile> {
    let epoch = (
        -2i64..40,
        prop_oneof![Just(0.1), 1e-6f64..1.0, Just(f64::NAN)],
        proptest::collection::vec(("[a-z_/]{1,10}", -5.0f64..5.0), 0..4),
        proptest::collection::vec(("[a-z]{1,6}", meta_string()), 0..3),
    );
    proptest::collection::vec(epoch, 0..12).prop_map(|eps| {
        let mut f = LrFile::new();
        for (e, lr, err, meta) in eps {
            let mut d = EpochData::new(lr);
            d.error = err.into_iter().map(|(k, v)| (k.into(), PyValue::Float(v))).collect();
            d.meta = meta.into_iter().map(|(k, v)| (k.into(), PyValue::Str(v))).collect();
            f.insert(e, d);
        }
        f
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Written files, cut or edited at random points, read in random step sizes.
    #[test]
    fn chunked_equals_parse_on_generated_files(
        file in gen_file(),
        edit in 0u8..4,
        at in any::<prop::sample::Index>(),
        ch in prop::sample::select(vec![
            ",", "}", "{", "#", "'", "\"", "(", ")", "\n", "x", " ", ":", "\\", "1", "\\\n", "'''", "\"\"\"", "#}", "\r",
            ",}", "r'", "b'", "\t", "\u{feff}", "[", "]", "**", "{}", "\u{e9}", "\x0c", "\r\n",
        ]),
        chunk in 1usize..300,
        around in prop::sample::select(vec![("", ""), ("# c\n", "\n# end"), ("  ", ""), ("\n", "\n\n"), ("\n  ", ""), ("x", ""), ("", " junk"), ("\\\n", "")]),
    ) {
        let text = format!("{}{}{}", around.0, write(&file), around.1);
        let mut cut = at.index(text.len() + 1);
        while !text.is_char_boundary(cut) { cut -= 1; }
        let edited = match edit {
            0 => text.clone(),
            1 => text[..cut].to_string(),
            2 => format!("{}{}{}", &text[..cut], ch, &text[cut..]),
            _ => {
                let mut end = (cut + 1).min(text.len());
                while !text.is_char_boundary(end) { end += 1; }
                format!("{}{}", &text[..cut], &text[end..])
            }
        };
        let whole = parse(&edited);
        let got = parse_chunked(&edited, chunk);
        prop_assert!(same_result(&whole, &got), "{:?}\nparse {:?}\nchunked {:?}", edited, whole.as_ref().err(), got.as_ref().err());
    }
}

// ---------------------------------------------------------------------------------------------

fn seqtrain() -> Vec<(String, LrFile)> {
    let v: Vec<(String, LrFile)> = realdata("seqtrain-paper")
        .into_iter()
        .filter(|(n, _)| n.ends_with(".scores"))
        .map(|(n, t)| {
            let f = parse(&t).unwrap_or_else(|e| panic!("{n}: {e}"));
            (n, f)
        })
        .collect();
    assert_eq!(v.len(), 10);
    v
}

fn seqtrain_settings() -> Settings {
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::Newbob;
    s.lr_control.learning_rate = Number::Float(1e-4);
    s.lr_control.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(0.8)));
    s.lr_control.min_learning_rate = Some(Number::Float(1e-6));
    s
}

#[test]
fn recorded_run_and_error_keys() {
    for (name, file) in seqtrain() {
        let r = recorded(&file);
        assert_eq!(r.epochs.len(), file.len());
        assert_eq!(r.epochs, file.keys().copied().collect::<Vec<_>>());
        for (i, d) in file.values().enumerate() {
            assert_eq!(r.learning_rates[i].to_bits(), d.lr().to_bits());
            for (k, v) in &d.error {
                assert_eq!(r.series(k).expect("series").values[i].map(f64::to_bits), v.as_py_float().map(f64::to_bits), "{name} {k}");
            }
        }
        let picks = error_keys(&file, &PyValue::None);
        let def = default_error_key(&picks).expect("a key");
        let choice = def.choice.expect("choice");
        assert_eq!(choice.key, "dev_score", "{name}");
        assert_eq!(choice.source, KeySource::Default { rule: 4 });
        assert!(def.reason.contains("no learning_rate_control_error_measure") && def.reason.contains("dev_score"), "{}", def.reason);
        // A configured measure that is present wins; one that is absent falls back with a reason.
        let picks = error_keys(&file, &PyValue::Str("train_score".into()));
        assert!(picks.iter().filter(|p| p.choice.is_some()).all(|p| p.choice.as_ref().is_some_and(|c| c.key == "train_score")));
        let picks = error_keys(&file, &PyValue::Str("nope".into()));
        let p = picks.iter().find(|p| p.choice.is_some()).expect("pick");
        assert!(p.reason.contains("'nope' is not among the scores"), "{}", p.reason);
    }
    // TF-era files: 9–15 keys, one epoch (in one file) without train keys.
    let mut gaps = 0;
    for (name, text) in realdata("_ted2.txt") {
        let file = parse(&text).expect("parse");
        let r = recorded(&file);
        assert!(r.scores.len() >= 9, "{name}: {} keys", r.scores.len());
        gaps += r.scores.iter().filter(|s| s.values.iter().any(Option::is_none)).count();
        let picks = error_keys(&file, &PyValue::None);
        assert_eq!(picks.len(), file.len());
        let def = default_error_key(&picks).expect("key");
        assert!(def.choice.as_ref().is_some_and(|c| c.key.starts_with("dev_")), "{name}: {def:?}");
        let _ = key_changes(&picks);
    }
    assert!(gaps > 0, "some key is missing in some epoch");
    // A measure list with a non-str entry: RETURNN raises; the pick says so.
    let (_, file) = &seqtrain()[0];
    let picks = error_keys(file, &PyValue::List(vec![PyValue::Str("nope".into()), PyValue::Int(3)]));
    assert!(picks.iter().all(|p| p.error.as_deref().is_some_and(|e| e.contains("TypeError"))), "{:?}", picks[0]);
}

#[test]
fn seqtrain_replay_matches_and_divergence_is_located() {
    for (name, file) in seqtrain() {
        let r = replay(&file, &seqtrain_settings(), None);
        assert!(r.matches, "{name}: diverges at {:?}: {:?}", r.first_divergence, r.error_message);
        assert_eq!(r.first_divergence, None);
        assert_eq!(r.decisions.len(), file.len());
        assert_eq!(r.explanations().len(), file.len());
        assert!(r.explanations().iter().any(|e| e.contains("decay: ")), "{name}");
        // The same through a RETURNN config and the key override.
        let cfg = TypedConfig::new()
            .with("learning_rate_control", PyValue::Str("newbob".into()))
            .with("learning_rate", PyValue::Float(1e-4))
            .with("newbob_learning_rate_decay", PyValue::Float(0.8))
            .with("min_learning_rate", PyValue::Float(1e-6));
        assert!(replay_with_config(&file, &cfg, Some("dev_score")).matches, "{name}");
        // A different decay: the first divergence is the first epoch whose recorded decision is a
        // decay, and every epoch before it is equal.
        let mut other = seqtrain_settings();
        other.lr_control.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(0.5)));
        let d = replay(&file, &other, None);
        assert!(!d.matches);
        let first = d.first_divergence.expect("diverges");
        let first_decay = r.decisions.iter().find(|x| x.verdict == Verdict::Decay).map(|x| x.epoch);
        assert_eq!(Some(first), first_decay, "{name}");
        assert_eq!(d.divergent_epochs().first(), Some(&first));
        for (i, e) in d.epochs.iter().enumerate().filter(|(_, e)| **e < first) {
            assert_eq!(d.replayed_lr[i].map(f64::to_bits), Some(d.recorded_lr[i].to_bits()), "{name} epoch {e}");
        }
        // Forcing the train key changes the decisions.
        let t = replay(&file, &seqtrain_settings(), Some("train_score"));
        assert!(t.error_keys.iter().all(|k| k.as_deref() == Some("train_score")), "{name}");
    }
}

#[test]
fn replay_reports_what_returnn_raises() {
    let (_, file) = &seqtrain()[0];
    let mut s = seqtrain_settings();
    s.lr_control.learning_rate = Number::Int(1);
    let r = replay(file, &s, None);
    assert!(!r.matches);
    assert_eq!(r.first_divergence, Some(1));
    let msg = r.error_message.expect("error");
    assert!(msg.contains("TypeError"), "{msg}");
    assert!(r.error.is_some());
    assert_eq!(r.replayed_lr.len(), file.len());
}

#[test]
fn guess_recovers_the_seqtrain_settings() {
    for (name, file) in seqtrain() {
        let guesses = guess_settings(&file);
        assert!(!guesses.is_empty(), "{name}: no guess");
        for g in &guesses {
            assert!(replay(&file, &g.settings, None).matches, "{name}: {}", g.description);
        }
        let first = &guesses[0];
        let c = &first.settings.lr_control;
        assert!(c.scheme.name().starts_with("newbob"), "{name}: {}", first.description);
        assert_eq!(c.learning_rate, Number::Float(1e-4), "{name}");
        // The paper's settings are among the guesses: newbob, decay 0.8 and min 1e-6 — or no min
        // where the run never reached the clamp.
        let clamps = replay(&file, &seqtrain_settings(), None).decisions.iter().any(|d| d.clamped_to_min.is_some());
        let has_paper = guesses.iter().any(|g| {
            let c = &g.settings.lr_control;
            c.scheme == Scheme::Newbob
                && c.newbob_learning_rate_decay == Some(Factor::Value(Number::Float(0.8)))
                && (c.min_learning_rate == Some(Number::Float(1e-6)) || (!clamps && c.min_learning_rate.is_none()))
        });
        assert!(has_paper, "{name}: {:?}", guesses.iter().map(|g| &g.description).collect::<Vec<_>>());
    }
}

#[test]
fn guess_uses_a_fixed_list_for_the_ted2_files() {
    for (name, text) in realdata("_ted2.txt") {
        let file = parse(&text).expect("parse");
        let guesses = guess_settings(&file);
        assert!(!guesses.is_empty(), "{name}");
        let g = &guesses[0];
        assert!(replay(&file, &g.settings, None).matches, "{name}");
        // Their LRs come from a fixed list: the guess is that list (up to the last change).
        assert_eq!(g.settings.lr_control.scheme, Scheme::Constant, "{name}: {}", g.description);
        let Some(LearningRates::List(list)) = &g.settings.lr_control.learning_rates else { panic!("{name}: {}", g.description) };
        let lrs: Vec<f64> = file.values().map(|d| d.lr()).collect();
        assert!(list.len() <= lrs.len() && list.len() > 1);
        for (n, lr) in list.iter().zip(&lrs) {
            assert_eq!(n.as_f64().to_bits(), lr.to_bits());
        }
        assert!(lrs[list.len()..].iter().all(|lr| lr.to_bits() == list[list.len() - 1].as_f64().to_bits()));
    }
}

#[test]
fn big_files_replay_and_export() {
    for (name, text) in realdata("visualization__lr_file_") {
        if name.contains("ted2") {
            continue;
        }
        let file = parse(&text).expect("parse");
        let picks = error_keys(&file, &PyValue::None);
        let key = default_error_key(&picks).and_then(|p| p.choice).expect("key").key;
        let mut s = Settings::default();
        s.lr_control.scheme = Scheme::Newbob;
        s.lr_control.learning_rate = Number::Float(1e-3);
        let r = replay(&file, &s, Some(&key));
        assert_eq!(r.epochs.len(), 2000, "{name}");
        // PyTorch-era files keep the LR at 1.0 (the real schedule is elsewhere): constant.
        let guesses = guess_settings(&file);
        assert_eq!(guesses.first().map(|g| g.settings.lr_control.scheme), Some(Scheme::Constant), "{name}");
        assert!(replay(&file, &guesses[0].settings, None).matches);
        let csv = export_replay_csv(&r);
        assert!(csv.starts_with(REPLAY_CSV_HEADER));
        assert_eq!(csv.lines().count(), 2001);
        let json = export_replay_json(&r);
        assert_eq!(json["epochs"].as_array().map(Vec::len), Some(2000));
        assert_eq!(json["matches"], Value::Bool(r.matches));
        assert_eq!(json["first_divergence"], serde_json::to_value(r.first_divergence).expect("json"));
    }
}

#[test]
fn key_override_sets_the_measure() {
    // A two-key file: decaying on the train key but not on the dev key.
    let text = "{1: EpochData(learningRate=0.1, error={'dev_score': 1.0, 'train_score': 2.0}),\n\
                2: EpochData(learningRate=0.1, error={'dev_score': 0.5, 'train_score': 2.0}),\n\
                3: EpochData(learningRate=0.1, error={'dev_score': 0.25, 'train_score': 2.0}),\n\
                4: EpochData(learningRate=0.1, error={'dev_score': 0.1, 'train_score': 2.0})}";
    let file = parse(text).expect("parse");
    let mut s = Settings::default();
    s.lr_control.scheme = Scheme::Newbob;
    s.lr_control.learning_rate = Number::Float(0.1);
    assert!(replay(&file, &s, None).matches);
    let t = replay(&file, &s, Some("train_score"));
    assert!(!t.matches);
    assert_eq!(t.first_divergence, Some(3));
    let why = t.explanation(2).unwrap_or_default();
    assert!(why.contains("train_score 2.0 → 2.0"), "{why}");
    let _ = ERROR_MEASURE_KEY;
}

/// A run made with a non-default threshold, decay and hold (the seqtrain scores replayed under
/// them, written and read back as RETURNN would): the guesses reproduce it.
#[test]
fn guess_finds_other_thresholds() {
    let (name, file) = seqtrain().swap_remove(2);
    let mut made = seqtrain_settings();
    made.lr_control.newbob_relative_error_threshold = Some(Number::Float(-0.005));
    made.lr_control.newbob_learning_rate_decay = Some(Factor::Value(Number::Float(0.7)));
    made.lr_control.min_learning_rate = None;
    let r = replay(&file, &made, None);
    let mut run = file.clone();
    for (d, lr) in run.values_mut().zip(&r.replayed_lr) {
        d.learning_rate = PyValue::Float(lr.expect("replayed"));
    }
    let run = parse(&write(&run)).expect("written file reads back");
    assert!(replay(&run, &made, None).matches);
    assert!(!replay(&run, &seqtrain_settings(), None).matches, "{name}: the paper settings do not fit");
    let guesses = guess_settings(&run);
    assert!(!guesses.is_empty(), "{name}");
    for g in &guesses {
        assert!(replay(&run, &g.settings, None).matches, "{}", g.description);
    }
    let c = &guesses[0].settings.lr_control;
    assert_eq!(c.newbob_learning_rate_decay, Some(Factor::Value(Number::Float(0.7))), "{}", guesses[0].description);
    assert!(guesses[0].description.contains("threshold"), "{}", guesses[0].description);
}

/// The reasons for every way RETURNN finds the key (configured, list entry, `_output`
/// fallback, default rules, old format).
#[test]
fn key_reasons() {
    let file = parse(
        "{1: EpochData(learningRate=0.1, error={'dev_score_output': 1.0, 'dev_error_output': 0.5, 'train_score_output': 2.0}),\n\
         2: EpochData(learningRate=0.1, error={'dev_score_output': 0.9, 'dev_error_output': 0.4, 'train_score_output': 1.0})}",
    )
    .expect("parse");
    let pick = |m: PyValue| error_keys(&file, &m).swap_remove(0);
    let p = pick(PyValue::None);
    assert_eq!(p.choice.as_ref().map(|c| (c.key.as_str(), &c.source)), Some(("dev_score_output", &KeySource::Default { rule: 4 })));
    let p = pick(PyValue::Str("dev_error_output".into()));
    assert_eq!(p.choice.as_ref().map(|c| &c.source), Some(&KeySource::Configured { index: 0 }));
    assert_eq!(p.reason, "learning_rate_control_error_measure names dev_error_output");
    let p = pick(PyValue::Str("dev_error".into()));
    assert_eq!(p.choice.as_ref().map(|c| c.key.as_str()), Some("dev_error_output"));
    assert!(p.reason.contains("'dev_error' is not among the scores, but dev_error_output (with _output appended) is"), "{}", p.reason);
    let p = pick(PyValue::List(vec![PyValue::Str("wer".into()), PyValue::Str("train_score_output".into())]));
    assert_eq!(p.choice.as_ref().map(|c| &c.source), Some(&KeySource::Configured { index: 1 }));
    assert!(p.reason.starts_with("entry 1 of learning_rate_control_error_measure"), "{}", p.reason);
    let old = parse("{1: EpochData(learningRate=0.1, error=1.5)}").expect("old format");
    let p = error_keys(&old, &PyValue::None).swap_remove(0);
    assert_eq!(p.choice.map(|c| c.key), Some("old_format_score".into()));
    assert!(p.reason.contains("old format"));
    let train_only = parse("{1: EpochData(learningRate=0.1, error={'train_score': 1.5, 'aaa': 1.0})}").expect("parse");
    let p = error_keys(&train_only, &PyValue::None).swap_remove(0);
    assert_eq!(p.choice.map(|c| (c.key, c.source)), Some(("train_score".into(), KeySource::Default { rule: 8 })));
    let none = parse("{1: EpochData(learningRate=0.1)}").expect("parse");
    let p = error_keys(&none, &PyValue::None).swap_remove(0);
    assert!(p.choice.is_none() && p.reason == "the epoch has no scores");
}
