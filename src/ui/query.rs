//! The page's query string (a shared link) and the form saved in localStorage, read as plain Rust
//! so that every byte a link or a stored value can hold is tested natively
//! (tests/url_inputs.rs and the corpus tests/fixtures/bad/url/).
//!
//! Both follow the WHATWG `application/x-www-form-urlencoded` rules the browser's
//! `URLSearchParams` uses: `&`-separated pairs, the first `=` splits name from value, `+` is a
//! space, `%XX` are bytes, and bytes that are not UTF-8 become U+FFFD. Nothing in a query can fail
//! to decode; what the form cannot use is reported by [`start_form`], never dropped silently.
use crate::ui::form::{self, Form};
use crate::ui::teach_model::{recorded_from_text, teach_view_from_pairs, TeachView, B_PREFIX};

/// Query keys the page reads besides the form's fields: the teach panels' and `?bench`.
pub const PAGE_KEYS: &[&str] = &["compare", "fw", "advanced", "sweep_x", "sweep_y", "recorded", "bench", "mode", "scores"];

/// Decodes a query string (with or without the leading `?`) into its pairs, in order.
pub fn decode(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (decode_component(name), decode_component(value))
        })
        .collect()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                // A `%` not followed by two hex digits stays as it is.
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes pairs as a query string (`?a=1&b=2`; empty pairs give ""), byte for byte as
/// `URLSearchParams.toString()` does.
pub fn encode(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        encode_component(k, &mut out);
        out.push('=');
        encode_component(v, &mut out);
    }
    out
}

fn encode_component(s: &str, out: &mut String) {
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            b' ' => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
}

/// Where the page's starting form came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The link's query (it wins over the saved form).
    Link,
    /// The form saved in localStorage by an earlier visit.
    Saved,
    /// Neither held a form: the classic newbob preset.
    Preset,
}

/// The form the page starts with, and what in its source could not be used.
#[derive(Clone, Debug, PartialEq)]
pub struct StartForm {
    pub form: Form,
    pub source: Source,
    /// The panels' state of a shared link (compare, framework, advanced controls, sweep axes).
    pub teach: TeachView,
    /// Keys of the source that are neither form fields for its scheme / class / surface nor
    /// page keys (`B.<key>` for the compared settings), in order, each once; and why a
    /// `recorded` list could not be read.
    pub ignored: Vec<String>,
}

/// The form's keys of `pairs` that it could not use, without the page's own keys.
fn ignored_keys(pairs: &[(String, String)], form_unknown: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let b_pairs: Vec<(&str, &str)> =
        pairs.iter().filter_map(|(k, v)| k.strip_prefix(B_PREFIX).map(|k| (k, v.as_str()))).collect();
    let b_unknown = if b_pairs.is_empty() { vec![] } else { Form::from_pairs(b_pairs).1 };
    let candidates = form_unknown
        .into_iter()
        .filter(|k| !PAGE_KEYS.contains(&k.as_str()) && !k.starts_with(B_PREFIX))
        .chain(b_unknown.into_iter().filter(|k| !PAGE_KEYS.contains(&k.as_str())).map(|k| format!("{B_PREFIX}{k}")));
    for k in candidates {
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// The page's starting form: the link's query if it holds any form value, else the saved form,
/// else the classic newbob preset (what the page did before it read links natively too).
pub fn start_form(link_query: &str, saved: Option<&str>) -> StartForm {
    let link = decode(link_query);
    let teach = teach_view_from_pairs(&link);
    let (form, unknown) = Form::from_pairs(link.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut ignored = ignored_keys(&link, unknown);
    // A `recorded` list that cannot be read is not shown; say why.
    if let Some((_, text)) = link.iter().rev().find(|(k, _)| k == "recorded") {
        if let Err(why) = recorded_from_text(text) {
            ignored.push(why);
        }
    }
    if form != Form::default() {
        return StartForm { form, source: Source::Link, teach, ignored };
    }
    let pairs = decode(saved.unwrap_or_default());
    let (saved_form, unknown) = Form::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    for k in ignored_keys(&pairs, unknown) {
        if !ignored.contains(&k) {
            ignored.push(k);
        }
    }
    if saved_form != Form::default() {
        return StartForm { form: saved_form, source: Source::Saved, teach, ignored };
    }
    StartForm { form: form::preset("classic_newbob").unwrap_or_default(), source: Source::Preset, teach, ignored }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn decoding_follows_urlsearchparams() {
        assert_eq!(decode("?a=1&b=x+y&c=%41%zz%4&&d&=e&f=g=h"), pairs(&[("a", "1"), ("b", "x y"), ("c", "A%zz%4"), ("d", ""), ("", "e"), ("f", "g=h")]));
        assert_eq!(decode("x=%FF%C3%A9"), pairs(&[("x", "\u{FFFD}é")]));
        assert_eq!(decode(""), vec![]);
        assert_eq!(decode("?"), vec![]);
    }

    #[test]
    fn encoding_round_trips_every_character_class() {
        let p = pairs(&[("learning_rate", "[0.1, 1e-3]"), ("k y", "é+&=%\u{0}\u{1F600}*-._~'")]);
        let q = encode(&p);
        assert_eq!(q, "?learning_rate=%5B0.1%2C+1e-3%5D&k+y=%C3%A9%2B%26%3D%25%00%F0%9F%98%80*-._%7E%27");
        assert_eq!(decode(&q), p);
        assert_eq!(encode(&[]), "");
    }

    #[test]
    fn the_link_wins_then_the_saved_form_then_the_preset() {
        let link = start_form("?learning_rate=0.5&bogus=1&fw=torch", Some("learning_rate=0.25"));
        assert_eq!((link.source, link.form.get("learning_rate")), (Source::Link, "0.5"));
        assert_eq!(link.ignored, vec!["bogus".to_string()]);
        let saved = start_form("?fw=torch&nothing=1", Some("learning_rate=0.25&x=2"));
        assert_eq!((saved.source, saved.form.get("learning_rate")), (Source::Saved, "0.25"));
        assert_eq!(saved.ignored, vec!["nothing".to_string(), "x".to_string()]);
        let preset = start_form("", Some("garbage"));
        assert_eq!(preset.source, Source::Preset);
        assert_eq!(preset.form, form::preset("classic_newbob").unwrap_or_default());
        assert_eq!(preset.ignored, vec!["garbage".to_string()]);
    }
}
