//! The old line-based form (RETURNN's `Config.load_file` when the file is neither Python nor JSON).
use super::*;

/// Python's `str.splitlines()` line breaks.
fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The lines of `text` as Python's `splitlines()` gives them, with their 1-based line numbers
/// in the file (`\r\n` is one break).
fn lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let (mut start, mut line) = (0, 1);
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_break(c) {
            out.push((line, &text[start..i]));
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(j, '\n')) = it.peek() {
                    it.next();
                    end = j + 1;
                }
            }
            start = end;
            line += 1;
        }
    }
    if start < text.len() {
        out.push((line, &text[start..]));
    }
    out
}

/// RETURNN's `returnn.util.basic.to_bool` of a string.
fn to_bool(v: &str) -> Option<bool> {
    if let Some(PyValue::Int(i)) = pl::py_int_from_str(v) {
        return Some(i != 0);
    }
    if let Some(PyValue::BigInt(_)) = pl::py_int_from_str(v) {
        return Some(true);
    }
    match v.to_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// What RETURNN's reader for `key` makes of the line's comma-split strings (`Config.dict`
/// holds them; the typed readers take the first for float/int/bool), or why it fails.
fn accessor(name: &str, reader: Reader, parts: &[&str], text: &str) -> Result<String, String> {
    let first = parts.first().copied().unwrap_or("");
    let float = |s: &str| pl::py_float_from_str(s).map(float_repr).ok_or_else(|| format!("ValueError: could not convert string to float: {}", crate::py::value::str_repr(s)));
    let int = |s: &str| match pl::py_int_from_str(s) {
        Some(v) => Ok(v.repr()),
        None => Err(format!("ValueError: invalid literal for int() with base 10: {}", crate::py::value::str_repr(s))),
    };
    match (name, reader) {
        ("learning_rates", _) | (_, Reader::FloatList) => {
            // typed_value sees nothing; float_list converts every comma-separated part.
            parts.iter().map(|p| float(p)).collect::<Result<Vec<_>, _>>().map(|v| format!("config.float_list gives [{}]", v.join(", ")))
        }
        (_, Reader::IntList) => parts.iter().map(|p| int(p)).collect::<Result<Vec<_>, _>>().map(|v| format!("config.int_list gives [{}]", v.join(", "))),
        (_, Reader::Float) => float(first).map(|v| {
            if parts.len() > 1 {
                format!("config.float gives {v} (the first of the comma-separated parts)")
            } else {
                format!("config.float gives {v}")
            }
        }),
        (_, Reader::Int) => int(first).map(|v| format!("config.int gives {v}")),
        (_, Reader::Bool) => match to_bool(first) {
            Some(b) => Ok(format!("config.bool gives {}", if b { "True" } else { "False" })),
            None => Err(format!("ValueError: to_bool cannot handle {}", crate::py::value::str_repr(first))),
        },
        (_, Reader::Value) => Ok(format!("config.value gives {}", crate::py::value::str_repr(text))),
        ("learning_rate_control_error_measure", _) => Ok(format!("config.value gives {}", crate::py::value::str_repr(text))),
        (_, Reader::Factor) => Err(format!(
            "config.opt_typed_value gives the string {}, and RETURNN raises AssertionError when it applies a string as a factor",
            crate::py::value::str_repr(text)
        )),
        (_, Reader::Typed) => Err("config.typed_value does not see values of the line-based form: RETURNN gets None (the default)".to_string()),
    }
}

/// Reads the line-based form as RETURNN does: each line loses everything from its first `#`,
/// is stripped, and an empty line is skipped; the rest splits at the first whitespace into the
/// key and its value (a line with no value is RETURNN's AssertionError: a located error);
/// a value with a comma after its first character is a list of strings; a later line of the
/// same key replaces the earlier. `values` holds each value's text (what `config.value` gives:
/// the parts joined again); a warning per key says what RETURNN's typed reader makes of it.
pub fn import(text: &str) -> Result<ImportReport, Error> {
    let mut b = Builder { src: text, lines: text.lines().collect(), ..Builder::default() };
    b.warnings.push(
        "RETURNN reads this file in its old line-based 'key value' form (it starts neither with '#!' nor with '{', and its name does not end in .py): every value is a string, which RETURNN's typed readers convert".to_string(),
    );
    let mut looks_python = false;
    let mut notes: Vec<(String, String)> = Vec::new();
    for (line, raw) in lines(text) {
        let code = match raw.find('#') {
            Some(i) => &raw[..i],
            None => raw,
        };
        let code = code.trim_matches(py_space);
        if code.is_empty() {
            continue;
        }
        let Some(i) = code.find(py_space) else {
            let column = raw.find(code).map_or(1, |i| raw[..i].chars().count() + 1);
            return Err(Error::parse(
                PyExc::AssertionError,
                line,
                column,
                format!("unable to parse config line: ['{code}'] (the line-based form needs 'key value')"),
            ));
        };
        let key = &code[..i];
        let value = code[i..].trim_start_matches(py_space);
        if value.starts_with('=') || value.starts_with(':') {
            looks_python = true;
        }
        if key == "include" {
            b.skip(line, "include loads other config files, which the explorer does not read");
            b.warnings.push(format!("line {line}: 'include {value}' loads other files; their keys are not imported"));
            continue;
        }
        let parts: Vec<&str> = if value.find(',').is_some_and(|at| at > 0) { value.split(',').collect() } else { vec![value] };
        if let Some(k) = known_key(key) {
            let what = match accessor(key, k.reader, &parts, value) {
                Ok(v) => format!("line {line}: {key} = {} (a string in the line-based form): {v}", crate::py::value::str_repr(value)),
                Err(e) => format!("line {line}: {key} = {} (a string in the line-based form): {e}", crate::py::value::str_repr(value)),
            };
            notes.retain(|(n, _)| n != key);
            notes.push((key.to_string(), what));
            // What `config.value(key)` gives: the text (the comma-separated parts joined again).
            b.set_literal(key, PyValue::Str(value.to_string()), line);
        } else {
            b.set_literal(key, PyValue::Str(value.to_string()), line);
        }
    }
    if looks_python {
        b.warnings.push(
            "this file looks like Python ('key = value'), but RETURNN reads a file as Python only if it starts with '#!' (e.g. #!rnn.py) or its name ends in .py; read as it is, its values begin with '='".to_string(),
        );
    }
    b.warnings.extend(notes.into_iter().map(|(_, w)| w));
    Ok(ImportReport { values: b.values, skipped: b.skipped, warnings: b.warnings, evaluated: Vec::new(), syntax: Some(Syntax::LineBased) })
}
