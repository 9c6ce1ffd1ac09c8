//! Config import: a RETURNN config (a Python file, or the JSON form with `//` comments that RETURNN
//! also accepts) → the values of the settings the explorer understands, a list of what was skipped
//! (with line and reason) and warnings about RETURNN's traps. Nothing is executed.
//!
//! Python: every top-level `name = <literal>` of a key in the engine's key table (`engine::keys::CONFIG_KEYS`) is taken as RETURNN's
//! `Config` would hold it (`typed_value`: ints and floats apart, tuples kept). Assignments of other
//! names, non-literal values (`numpy.linspace(...)`, `learning_rate / 50.`), `def`/`class`/`if`/...
//! blocks, imports and expression statements are listed under `skipped`. A later non-literal
//! assignment (or `+=`, `del`, a `def` of the same name) makes an earlier literal unknown: the key is
//! dropped from `values` and a warning says why.
//!
//! JSON (the text starts with `{`, as RETURNN decides): `//` and `/* */` comments are removed and
//! the object is read as Python's `json.loads` would (`NaN`, `Infinity` allowed, ints kept apart).
use crate::engine::keys::{config_key as known_key, Backend, Reader, CONFIG_KEYS};
use crate::engine::settings::Scheme;
use crate::py::error::{Error, PyExc};
use crate::returnn::python_literal::{self as pl, Binding, EvalError, Expr, ExprKind, StmtKind, Tok, Token, MAX_DEPTH};
use crate::py::json::py_to_json;
use crate::py::value::{float_repr, PyValue};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// A statement (or JSON key) that was not taken into `values`.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    /// 1-based line where it starts.
    pub line: usize,
    /// The (first) source line, trimmed.
    pub text: String,
    pub reason: String,
}

/// What `config import` read.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ImportReport {
    /// Understood keys with literal values, in file order (a reassigned key keeps its place and
    /// takes the last value).
    pub values: Vec<(String, PyValue)>,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<String>,
    /// The understood keys whose value was computed from an expression (not written as a
    /// literal), with the expression and its line: the last assignment of each.
    pub evaluated: Vec<Evaluated>,
    /// The syntax the text was read in.
    pub syntax: Option<Syntax>,
}

/// A key whose value the importer computed from an expression (`learning_rate / 50.`).
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluated {
    /// The key.
    pub key: String,
    /// 1-based line of the assignment.
    pub line: usize,
    /// The expression's source text.
    pub expression: String,
}

impl Evaluated {
    /// "`learning_rates` = 15 values from `list(numpy.linspace(...))`, line 4" (the value from
    /// the report).
    pub fn describe(&self, value: Option<&PyValue>) -> String {
        let what = match value {
            Some(PyValue::List(items) | PyValue::Tuple(items)) => format!("{} values", items.len()),
            Some(v) => {
                let r = v.repr();
                if r.chars().count() > 60 {
                    format!("{}...", r.chars().take(57).collect::<String>())
                } else {
                    r
                }
            }
            None => "(dropped later)".to_string(),
        };
        format!("`{}` = {what} from `{}`, line {}", self.key, self.expression, self.line)
    }
}

impl ImportReport {
    /// The value of `key`, if imported.
    pub fn get(&self, key: &str) -> Option<&PyValue> {
        self.values.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The `config import` output: `{"values": {KEY: VALUE}, "skipped": [{"line", "text",
    /// "reason"}], "warnings": [...]}` (values in the vectors' JSON conventions, tuples as arrays).
    pub fn to_json(&self) -> Value {
        let values: Map<String, Value> = self.values.iter().map(|(k, v)| (k.clone(), py_to_json(v))).collect();
        let skipped: Vec<Value> =
            self.skipped.iter().map(|s| json!({"line": s.line, "text": s.text, "reason": s.reason})).collect();
        let evaluated: Vec<Value> =
            self.evaluated.iter().map(|e| json!({"key": e.key, "line": e.line, "expression": e.expression})).collect();
        let syntax = match self.syntax {
            Some(Syntax::Python) => "python",
            Some(Syntax::Json) => "json",
            Some(Syntax::LineBased) => "line-based",
            None => "unknown",
        };
        json!({"values": values, "skipped": skipped, "warnings": self.warnings, "evaluated": evaluated, "syntax": syntax})
    }
}

/// Reads a RETURNN config text (Python, or JSON when it starts with `{`). A text that is neither
/// (a Python syntax error outside skipped blocks, invalid JSON) is a located error.
pub fn import(text: &str) -> Result<ImportReport, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_matches(py_space).starts_with('{') {
        let mut b = Builder { src: text, lines: text.lines().collect(), ..Builder::default() };
        for (key, value, line) in json::read_object(text)? {
            b.set_literal(&key, value, line);
        }
        return finish(text, b, Syntax::Json);
    }
    import_python(text)
}

/// The most statements [`import_anyway`] leaves out before it gives up.
pub const MAX_IGNORED: usize = 200;

/// For a Python config RETURNN would reject (a SyntaxError, e.g. a Python-2 `print "x"`): reads
/// its assignments anyway, leaving out each line Python cannot read (and, when the error is not
/// on a line of its own, the statement it is in), with a warning first that RETURNN itself would
/// not load the file. A text that [`import`] reads is read exactly as there. Gives up with the
/// first error after [`MAX_IGNORED`] left-out lines.
pub fn import_anyway(text: &str) -> Result<ImportReport, Error> {
    let first = match import(text) {
        Ok(r) => return Ok(r),
        Err(e) => e,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let mut ignored: Vec<(usize, String)> = Vec::new();
    loop {
        let joined = lines.join("\n");
        let err = match import_python(&joined) {
            Ok(mut report) => {
                report.warnings.insert(0, format!("RETURNN itself would reject this file ({first}); these are the assignments read anyway, without the {} line(s) Python cannot read", ignored.len()));
                for (line, why) in ignored.into_iter().rev() {
                    let text = text.split('\n').nth(line - 1).unwrap_or("").trim().to_string();
                    report.skipped.insert(0, Skipped { line, text, reason: format!("left out: {why}") });
                }
                return Ok(report);
            }
            Err(e) => e,
        };
        let Error::Parse { line, ref message, .. } = err else { return Err(first) };
        if ignored.len() >= MAX_IGNORED || line == 0 || line > lines.len() {
            return Err(first);
        }
        // The line itself, or (when it is already blank) the statement it ends: back to the
        // previous line that starts at column 0.
        let mut at = line - 1;
        if lines[at].trim().is_empty() {
            while at > 0 && (lines[at].trim().is_empty() || lines[at].starts_with(|c: char| c.is_whitespace())) {
                at -= 1;
            }
            if lines[at].trim().is_empty() {
                return Err(first);
            }
            for l in at..line {
                if !lines[l].trim().is_empty() {
                    ignored.push((l + 1, message.clone()));
                    lines[l].clear();
                }
            }
            continue;
        }
        ignored.push((line, message.clone()));
        lines[at].clear();
    }
}

/// Reads `text` as a Python config (whatever it starts with).
fn import_python(text: &str) -> Result<ImportReport, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut b = Builder { src: text, lines: text.lines().collect(), ..Builder::default() };
    let stmts = pl::parse_module(text)?;
    b.tokens = pl::tokenize(text)?;
    for stmt in &stmts {
        b.statement(stmt);
    }
    finish(text, b, Syntax::Python)
}

/// The report of a Python or JSON config: the values' warnings and the step-level schedule.
fn finish(text: &str, b: Builder<'_>, syntax: Syntax) -> Result<ImportReport, Error> {
    let mut report = ImportReport { values: b.values, skipped: b.skipped, warnings: b.warnings, evaluated: b.evaluated, syntax: Some(syntax) };
    for w in check_values(&report.values) {
        // Name the line of the assignment the warning is about (warnings start with the key).
        let line = b.literals.iter().filter(|(k, _)| {
            w.strip_prefix(k.as_str()).is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        });
        match line.map(|(_, (_, at))| *at).max() {
            Some(at) => report.warnings.push(format!("line {at}: {w}")),
            None => report.warnings.push(w),
        }
    }
    // dynamic_learning_rate: a known schedule recognised by its text, or code the explorer does not run.
    super::dynamic_lr::apply(text, &mut report);
    Ok(report)
}

/// The three syntaxes RETURNN's `Config.load_file` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// Executed as Python (the text starts with `#!`, or the file name ends in `.py`).
    Python,
    /// JSON with `//` comments (the text starts with `{`).
    Json,
    /// The old line-based `key value` form (anything else): every value is a string.
    LineBased,
}

/// The syntax RETURNN's `Config.load_file` reads `text` in: it strips the text, then `#!` or a
/// name ending in `.py` means Python, `{` means JSON, and anything else the line-based form.
pub fn detect(file_name: &str, text: &str) -> Syntax {
    let content = text.trim_matches(py_space);
    if content.starts_with("#!") || file_name.ends_with(".py") {
        Syntax::Python
    } else if content.starts_with('{') {
        Syntax::Json
    } else {
        Syntax::LineBased
    }
}

/// [`import`] for a config file, in the syntax RETURNN would read it in ([`detect`]). A Python
/// file RETURNN cannot compile (a Python-2 `print "x"`, any SyntaxError), and a line-based line
/// without a value (RETURNN's AssertionError), are located errors.
pub fn import_file(file_name: &str, text: &str) -> Result<ImportReport, Error> {
    match detect(file_name, text) {
        Syntax::LineBased => line_based::import(text),
        Syntax::Python if text.trim_matches(py_space).starts_with('{') => import_python(text),
        _ => import(text),
    }
}

/// Python's `str.isspace` (what `str.strip()` and `str.split()` strip and split at).
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The old line-based form (RETURNN's `Config.load_file` when the file is neither Python nor JSON).
pub mod line_based {
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
}

/// A reason cut to a bounded length (a name's reason may quote the reason of the name it was
/// computed from: without a bound, a chain of such names would grow quadratically).
fn short(why: &str) -> String {
    const MAX: usize = 160;
    if why.chars().count() <= MAX {
        why.to_string()
    } else {
        format!("{}...", why.chars().take(MAX).collect::<String>())
    }
}

#[derive(Default)]
struct Builder<'s> {
    src: &'s str,
    lines: Vec<&'s str>,
    /// The file's tokens (for what a statement's text rebinds).
    tokens: Vec<Token>,
    /// What the names bound so far hold, for evaluating later expressions.
    env: pl::Env,
    /// For each name bound from an expression, the names that expression read (transitively): a
    /// value may share a list or dict with them, so changing one in place changes the other.
    deps: HashMap<String, Vec<String>>,
    evaluated: Vec<Evaluated>,
    values: Vec<(String, PyValue)>,
    /// Every literal assigned to any top-level name (for "refers to ..." hints), with its line.
    literals: HashMap<String, (PyValue, usize)>,
    skipped: Vec<Skipped>,
    warnings: Vec<String>,
}

impl<'s> Builder<'s> {
    fn line_text(&self, line: usize) -> String {
        self.lines.get(line.wrapping_sub(1)).map(|l| l.trim().to_string()).unwrap_or_default()
    }

    fn skip(&mut self, line: usize, reason: impl Into<String>) {
        let text = self.line_text(line);
        self.skipped.push(Skipped { line, text, reason: reason.into() });
    }

    fn set_literal(&mut self, name: &str, value: PyValue, line: usize) {
        self.evaluated.retain(|e| e.key != name);
        self.literals.insert(name.to_string(), (value.clone(), line));
        if known_key(name).is_none() {
            let reason = match name {
                "relative_error_div_by_old" => {
                    "relative_error_div_by_old is ignored by RETURNN (the docs' name); the key it reads is newbob_relative_error_div_by_old".to_string()
                }
                "grad_clip" => "grad_clip is a typo RETURNN's PyTorch backend rejects (ValueError); the key is gradient_clip".to_string(),
                _ => format!("{name} is not a setting the explorer reads"),
            };
            if matches!(name, "relative_error_div_by_old" | "grad_clip") {
                self.warnings.push(format!("line {line}: {reason}"));
            }
            self.skip(line, reason);
            return;
        }
        match self.values.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name.to_string(), value)),
        }
    }

    /// `name` gets a value the explorer cannot know (at `line`, because of `why`).
    fn set_unknown(&mut self, name: &str, line: usize, why: &str) {
        self.evaluated.retain(|e| e.key != name);
        self.env.unknown(name, format!("line {line}: {}", short(why)));
        self.deps.remove(name);
        self.literals.remove(name);
        if known_key(name).is_none() {
            self.skip(line, format!("{name} is not a setting the explorer reads ({why})"));
            return;
        }
        if let Some(i) = self.values.iter().position(|(k, _)| k == name) {
            self.values.remove(i);
            self.warnings.push(format!(
                "line {line}: {name} is changed by something the explorer does not evaluate ({why}); its earlier literal value is dropped"
            ));
        }
        self.skip(line, format!("{name}: {why}; the value is unknown"));
    }

    /// The tokens of the source range `span`.
    fn tokens_in(&self, span: pl::Span) -> &[Token] {
        let from = self.tokens.partition_point(|t| t.span.start.offset < span.start.offset);
        let to = self.tokens.partition_point(|t| t.span.start.offset < span.end.offset);
        &self.tokens[from..to.max(from)]
    }

    /// What a statement's tokens do to the namespace beyond what the statement itself says: a
    /// call of `globals()`, `exec(...)`, ... may rebind any name; `name := ...` binds `name`.
    fn side_bindings(&mut self, span: pl::Span, line: usize) {
        let toks: Vec<Tok> = self.tokens_in(span).iter().map(|t| t.tok.clone()).collect();
        for (i, t) in toks.iter().enumerate() {
            let Tok::Name(n) = t else { continue };
            let next = toks.get(i + 1);
            let call = matches!(next, Some(Tok::Op("(")));
            let clobbers = (call && matches!(n.as_str(), "globals" | "locals" | "vars" | "exec" | "eval" | "setattr" | "delattr" | "__import__" | "execfile"))
                || matches!(n.as_str(), "__dict__" | "__builtins__" | "modules");
            if clobbers {
                self.env.clobber(format!("line {line} uses '{n}', which may rebind any name"));
            } else if matches!(next, Some(Tok::Op(":="))) {
                self.env.unknown(n, format!("line {line} assigns it with ':='"));
            }
        }
    }

    /// A block (`if`, `for`, `with`, `try`, ...) that is not executed: every name it may bind or
    /// change becomes unknown (conservatively: names before `=`, `.`, `[`, `,`, `:=` or an
    /// augmented assignment, and after `for`, `as`, `import`, `global`, `del`).
    fn block_bindings(&mut self, span: pl::Span, line: usize, keyword: &str) {
        let toks: Vec<Tok> = self.tokens_in(span).iter().map(|t| t.tok.clone()).collect();
        for (i, t) in toks.iter().enumerate() {
            let Tok::Name(n) = t else { continue };
            if pl::is_keyword(n) {
                continue;
            }
            let next = toks.get(i + 1);
            let prev = i.checked_sub(1).and_then(|j| toks.get(j));
            let binds = matches!(next, Some(Tok::Op(op)) if matches!(*op, "=" | "." | "[" | "," | ":=") || (op.len() >= 2 && op.ends_with('=') && !matches!(*op, "==" | "<=" | ">=" | "!=")))
                || matches!(prev, Some(Tok::Name(k)) if matches!(k.as_str(), "for" | "as" | "import" | "global" | "nonlocal" | "del" | "def" | "class"));
            if binds {
                self.env.unknown(n, format!("the '{keyword}' block at line {line} may change it"));
            }
        }
    }

    /// The value of an assigned expression: a literal, or what evaluating it gives (`true`).
    fn value_of(&self, value: &Expr) -> Result<(PyValue, bool), EvalError> {
        // A literal (`float('nan')` only while `float` is Python's own).
        match pl::config_literal_value(value) {
            Ok(v) if self.env.builtin("float") => Ok((v, false)),
            Ok(_) => pl::evaluate(value, &self.env).map(|v| (v, pl::literal_value(value).is_err())),
            Err(_) => pl::evaluate(value, &self.env).map(|v| (v, true)),
        }
    }

    /// The names `value` reads, and transitively the names those were computed from.
    fn refs_of(&self, value: &Expr) -> Vec<String> {
        let mut direct = Vec::new();
        pl::names_read(value, &mut direct);
        let mut out = direct.clone();
        for n in &direct {
            if let Some(d) = self.deps.get(n) {
                out.extend(d.iter().cloned());
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// A call on the `config` object RETURNN puts into the namespace (`config.set(key, value)`,
    /// `config.typed_dict.update(...)`): the key it names, or any key, may change.
    fn config_call(&mut self, e: &Expr, line: usize) {
        if let ExprKind::Call { func, args } = &e.kind {
            if let (ExprKind::Attribute(base, attr), Some(pl::Arg::Positional(first))) = (&func.kind, args.first()) {
                if let (ExprKind::Name(_), "set", ExprKind::Str(key)) = (&base.kind, attr.as_str(), &first.kind) {
                    let key = key.clone();
                    self.mutate(&key, line, "config.set(...) sets it");
                    if known_key(&key).is_some() {
                        self.warnings.push(format!("line {line}: {key}: config.set(...) sets it; the explorer does not run it, so the value is unknown"));
                    }
                    return;
                }
            }
        }
        self.warnings.push(format!("line {line}: {} may change any config key; the values read before it may not be what RETURNN ends up with", e.describe()));
        self.env.clobber(format!("line {line} calls a method of config, which may set any name"));
    }

    /// `name` (or a value that may share objects with it) changes in place at `line`.
    fn mutate(&mut self, root: &str, line: usize, why: &str) {
        let mut hit: Vec<String> =
            self.deps.iter().filter(|(_, d)| d.iter().any(|x| x == root)).map(|(k, _)| k.clone()).collect();
        hit.sort_unstable();
        for k in hit {
            let why = format!("{why}, and its value may share that object");
            if known_key(&k).is_some() && self.values.iter().any(|(n, _)| *n == k) {
                self.set_unknown(&k, line, &why);
            } else {
                self.env.unknown(&k, format!("line {line}: {why}"));
                self.deps.remove(&k);
            }
        }
        if known_key(root).is_some() && self.values.iter().any(|(n, _)| n == root) {
            self.set_unknown(root, line, why);
        } else {
            self.env.unknown(root, format!("line {line}: {why}"));
            self.deps.remove(root);
        }
    }

    /// `locals().update(d)`, `globals().update(**d)`, `vars().update(k=v)` at the top level (how
    /// some generated configs set their keys from a dict): the items it sets, when every one is
    /// known (string keys, evaluated values).
    fn namespace_update(&self, stmt: &pl::Statement) -> Option<Vec<(String, PyValue)>> {
        let StmtKind::Expr(e) = &stmt.kind else { return None };
        let ExprKind::Call { func, args } = &e.kind else { return None };
        let ExprKind::Attribute(ns, attr) = &func.kind else { return None };
        let ExprKind::Call { func: ns_func, args: ns_args } = &ns.kind else { return None };
        let ExprKind::Name(ns_name) = &ns_func.kind else { return None };
        if attr != "update" || !ns_args.is_empty() || !matches!(ns_name.as_str(), "locals" | "globals" | "vars") || !self.env.builtin(ns_name) {
            return None;
        }
        let mut items = Vec::new();
        for a in args {
            match a {
                pl::Arg::Positional(x) | pl::Arg::DoubleStar(x) => {
                    let PyValue::Dict(pairs) = self.value_of(x).ok()?.0 else { return None };
                    for (k, v) in pairs {
                        let PyValue::Str(k) = k else { return None };
                        items.push((k, v));
                    }
                }
                pl::Arg::Keyword { name, value, .. } => items.push((name.clone(), self.value_of(value).ok()?.0)),
                pl::Arg::Star(_) => return None,
            }
        }
        (args.len() == 1 || args.iter().all(|a| matches!(a, pl::Arg::Keyword { .. } | pl::Arg::DoubleStar(_)))).then_some(items)
    }

    fn statement(&mut self, stmt: &pl::Statement) {
        let line = stmt.span.start.line;
        if let Some(items) = self.namespace_update(stmt) {
            let expression = stmt.span.text(self.src).to_string();
            for (k, v) in items {
                self.env.bind(&k, v.clone());
                self.deps.remove(&k);
                self.set_literal(&k, v, line);
                if known_key(&k).is_some() {
                    self.evaluated.push(Evaluated { key: k, line, expression: expression.clone() });
                }
            }
            return;
        }
        if !matches!(stmt.kind, StmtKind::Block { .. }) {
            self.side_bindings(stmt.span, line);
            // A call the evaluator does not know may change any list or dict it can reach.
            let exprs: Vec<&Expr> = match &stmt.kind {
                StmtKind::Assign { targets, value } => targets.iter().chain(std::iter::once(value)).collect(),
                StmtKind::AnnAssign { target, value } => std::iter::once(target).chain(value.iter()).collect(),
                StmtKind::AugAssign { target, value, .. } => vec![target, value],
                StmtKind::Expr(e) => vec![e],
                StmtKind::Del(ts) => ts.iter().collect(),
                _ => Vec::new(),
            };
            if exprs.iter().any(|e| pl::calls_unknown(e, &self.env)) {
                self.env.forget_mutable(&format!("line {line} calls something that may change it in place"));
            }
        }
        match &stmt.kind {
            StmtKind::Assign { targets, value } => {
                let result = self.value_of(value);
                let mut refs = self.refs_of(value);
                for t in targets {
                    if let ExprKind::Name(n) = &t.kind {
                        refs.push(n.clone());
                    }
                }
                for t in targets {
                    self.bind(t, Some(value), result.clone(), &refs, line);
                }
            }
            StmtKind::AnnAssign { target, value: Some(value) } => {
                let result = self.value_of(value);
                let refs = self.refs_of(value);
                self.bind(target, Some(value), result, &refs, line);
            }
            StmtKind::AnnAssign { value: None, .. } => self.skip(line, "an annotation without a value assigns nothing"),
            StmtKind::AugAssign { target, op, value } => match &target.kind {
                ExprKind::Name(n) => self.aug_assign(n, target, op, value, stmt, line),
                _ => {
                    self.mutated_base(target, line);
                }
            },
            StmtKind::Del(targets) => {
                for t in targets {
                    match &t.kind {
                        ExprKind::Name(n) => {
                            self.literals.remove(n);
                            self.env.remove(n);
                            self.deps.remove(n);
                            self.evaluated.retain(|e| &e.key != n);
                            if let Some(i) = self.values.iter().position(|(k, _)| k == n) {
                                self.values.remove(i);
                            }
                        }
                        _ => self.mutated_base(t, line),
                    }
                }
                self.skip(line, "'del' removes names; the deleted keys are left out of the values");
            }
            StmtKind::Expr(e) => {
                let reason = match &e.kind {
                    ExprKind::Str(_) => "a string statement (docstring) sets nothing".to_string(),
                    _ => format!("{} is an expression statement; nothing is executed", e.describe()),
                };
                self.skip(line, reason);
                // `x.append(...)`: x changes in place; names passed to a call may change too.
                if let ExprKind::Call { func, .. } = &e.kind {
                    let mut root = func.as_ref();
                    while let ExprKind::Attribute(b, _) | ExprKind::Subscript(b, _) | ExprKind::Call { func: b, .. } = &root.kind {
                        root = b;
                    }
                    if let (ExprKind::Name(n), false) = (&root.kind, std::ptr::eq(root, func.as_ref())) {
                        if n == "config" && self.env.builtin("config") {
                            self.config_call(e, line);
                        } else {
                            self.mutate(n, line, &format!("{} may change it in place", e.describe()));
                        }
                    }
                    let mut read = Vec::new();
                    pl::names_read(e, &mut read);
                    for n in read {
                        if matches!(self.env.get(&n), Some(Binding::Value(PyValue::List(_) | PyValue::Dict(_)))) {
                            self.env.unknown(&n, format!("line {line}: passed to a call that may change it"));
                        }
                    }
                }
            }
            StmtKind::Simple { keyword } => {
                let reason = match keyword.as_str() {
                    "import" | "from" => "imports are not executed".to_string(),
                    other => format!("a '{other}' statement is not executed"),
                };
                if keyword == "import" || keyword == "from" {
                    for imported in pl::imports(stmt.span.text(self.src)) {
                        match imported {
                            pl::Imported::Star { module } => {
                                self.warnings.push(format!("line {line}: 'import *' may define config keys the explorer cannot see"));
                                self.env.clobber(format!("'from {module} import *' at line {line} may rebind any name"));
                            }
                            pl::Imported::Module { path, bound } => {
                                if path == "numpy" {
                                    self.env.bind_numpy(&bound);
                                } else {
                                    self.env.unknown(&bound, format!("line {line}: bound by an import"));
                                }
                                self.deps.remove(&bound);
                            }
                            pl::Imported::Name { bound, .. } => {
                                self.env.unknown(&bound, format!("line {line}: bound by an import"));
                                self.deps.remove(&bound);
                            }
                        }
                    }
                }
                if keyword == "global" || keyword == "nonlocal" {
                    // Harmless at the top level; nothing is bound.
                }
                self.skip(line, reason);
            }
            StmtKind::Block { keyword, defines, assigned } => {
                let end = stmt.span.end.line;
                let what = match keyword.as_str() {
                    "@" => "a decorated definition".to_string(),
                    "if" | "async" => format!("an '{keyword}' block"),
                    _ => format!("a '{keyword}' block"),
                };
                let lines = if end > line { format!(" (lines {line}-{end})") } else { String::new() };
                self.skip(line, format!("{what}{lines} is not executed"));
                if let Some(name) = defines {
                    if known_key(name).is_some() || self.values.iter().any(|(k, _)| k == name) {
                        self.set_unknown(name, line, &format!("'{keyword}' defines {name} as a function or class"));
                    } else {
                        self.literals.remove(name);
                    }
                    self.env.unknown(name, format!("defined by the '{keyword}' at line {line}"));
                    self.deps.remove(name);
                } else {
                    self.block_bindings(stmt.span, line, keyword);
                }
                // A block that uses globals() or exec(...) may rebind anything.
                let toks: Vec<Tok> = self.tokens_in(stmt.span).iter().map(|t| t.tok.clone()).collect();
                if toks.iter().any(|t| matches!(t, Tok::Name(n) if matches!(n.as_str(), "globals" | "exec" | "setattr" | "__dict__" | "__builtins__" | "modules"))) {
                    self.env.clobber(format!("the '{keyword}' block at line {line} may rebind any name"));
                }
                // Inside def/class bodies plain assignments are local; elsewhere they set globals.
                let local_scope = defines.is_some();
                for (name, at) in assigned {
                    let global = self.line_text(*at).starts_with("global");
                    if local_scope && !global {
                        continue;
                    }
                    if global {
                        self.env.unknown(name, format!("declared global in the '{keyword}' at line {line}, which may assign it"));
                        self.deps.remove(name);
                    }
                    if known_key(name).is_none() {
                        continue;
                    }
                    let how = if global { "declares it global" } else { "assigns it" };
                    self.warnings.push(format!(
                        "line {at}: {name}: the '{keyword}' block starting at line {line} {how}; the explorer does not execute blocks, so the value RETURNN ends up with may differ"
                    ));
                }
            }
        }
    }

    /// Binds `target` to the value of an assignment (`value`: the expression, when this target
    /// gets it whole or as the matching item of a display).
    fn bind(&mut self, target: &Expr, value: Option<&Expr>, result: Result<(PyValue, bool), EvalError>, refs: &[String], line: usize) {
        match &target.kind {
            ExprKind::Name(n) => match result {
                Ok((v, evaluated)) => {
                    self.env.bind(n, v.clone());
                    let own: Vec<String> = refs.iter().filter(|r| *r != n).cloned().collect();
                    if own.is_empty() {
                        self.deps.remove(n);
                    } else {
                        self.deps.insert(n.clone(), own);
                    }
                    self.set_literal(n, v, line);
                    if evaluated && known_key(n).is_some() {
                        let expression = value.map(|e| e.span.text(self.src).to_string()).unwrap_or_else(|| self.line_text(line));
                        self.evaluated.push(Evaluated { key: n.clone(), line, expression });
                    }
                }
                Err(err) => {
                    let mut why = self.why_not(value, &err);
                    if let EvalError::Raises { exc, message, .. } = &err {
                        self.warnings.push(format!(
                            "line {line}: {n}: evaluating it raises {exc}: {message}; RETURNN's Config would fail to load this file"
                        ));
                        why = format!("RETURNN cannot load the file here: {why}");
                    }
                    self.set_unknown(n, line, &why);
                }
            },
            ExprKind::Tuple(targets) | ExprKind::List(targets) => {
                if targets.iter().any(|t| matches!(t.kind, ExprKind::Starred(_))) {
                    self.unknown_targets(targets, line, "unpacked with '*', which is not evaluated");
                    return;
                }
                // Item by item from a display of the same length (all items evaluated first, as
                // Python does), else from the whole value.
                if let Some(ExprKind::Tuple(vs) | ExprKind::List(vs)) = value.map(|v| &v.kind) {
                    if vs.len() == targets.len() && !vs.iter().any(|v| matches!(v.kind, ExprKind::Starred(_))) {
                        let results: Vec<_> = vs.iter().map(|v| (self.value_of(v), self.refs_of(v))).collect();
                        for ((t, v), (r, refs)) in targets.iter().zip(vs).zip(results) {
                            self.bind(t, Some(v), r, &refs, line);
                        }
                        return;
                    }
                }
                match result {
                    Ok((PyValue::Tuple(items) | PyValue::List(items), evaluated)) if items.len() == targets.len() => {
                        for (t, v) in targets.iter().zip(items) {
                            self.bind(t, None, Ok((v, evaluated)), refs, line);
                        }
                    }
                    Ok((v, _)) => self.unknown_targets(targets, line, &format!("unpacked from {} that does not match the targets", v.type_name())),
                    Err(err) => {
                        let why = self.why_not(value, &err);
                        self.unknown_targets(targets, line, &format!("unpacked from a value that is not known: {why}"));
                    }
                }
            }
            ExprKind::Starred(inner) => self.bind(inner, value, result, refs, line),
            _ => self.mutated_base(target, line),
        }
    }

    fn unknown_targets(&mut self, targets: &[Expr], line: usize, why: &str) {
        for t in targets {
            match &t.kind {
                ExprKind::Name(n) => self.set_unknown(n, line, why),
                ExprKind::Starred(inner) => self.unknown_targets(std::slice::from_ref(inner), line, why),
                ExprKind::Tuple(ts) | ExprKind::List(ts) => self.unknown_targets(ts, line, why),
                _ => self.mutated_base(t, line),
            }
        }
    }

    /// The reason an assigned expression has no value (where in it, if not the whole).
    fn why_not(&self, value: Option<&Expr>, err: &EvalError) -> String {
        let reason = err.reason();
        let mut why = match value {
            Some(v) if err.span() != v.span => {
                let at = err.span().start;
                format!("{} is not evaluated: {reason} (line {}, column {})", v.describe(), at.line, at.column)
            }
            _ => reason,
        };
        if let Some(ExprKind::Name(r)) = value.map(|v| &v.kind) {
            if let Some((v, at)) = self.literals.get(r) {
                why = format!("{why}: '{r}' holds {} (line {at})", v.repr());
            }
        }
        why
    }

    /// `x op= value`: evaluated as `x = x op value` for a known number, string or tuple, and for a
    /// list with `+=` of a list or `*=` of an int (in place: values sharing the list are dropped).
    fn aug_assign(&mut self, n: &str, target: &Expr, op: &str, value: &Expr, stmt: &pl::Statement, line: usize) {
        let sym = op.trim_end_matches('=');
        let bop: Option<&'static str> = match sym {
            "+" => Some("+"),
            "-" => Some("-"),
            "*" => Some("*"),
            "/" => Some("/"),
            "//" => Some("//"),
            "%" => Some("%"),
            "**" => Some("**"),
            _ => None,
        };
        let old = match self.env.get(n) {
            Some(Binding::Value(v)) => Some(v.clone()),
            _ => None,
        };
        let in_place = matches!(old, Some(PyValue::List(_) | PyValue::Dict(_)));
        let rhs = pl::evaluate(value, &self.env).ok();
        let fits = match (&old, &rhs, sym) {
            (Some(PyValue::List(_)), Some(PyValue::List(_)), "+") => true,
            (Some(PyValue::List(_)), Some(PyValue::Int(_) | PyValue::Bool(_)), "*") => true,
            (Some(PyValue::List(_) | PyValue::Dict(_)), _, _) => false,
            (Some(_), Some(_), _) => true,
            _ => false,
        };
        match (bop, fits) {
            (Some(b), true) => {
                let synth = Expr { kind: ExprKind::Binary(b, Box::new(target.clone()), Box::new(value.clone())), span: stmt.span };
                let result = pl::evaluate(&synth, &self.env).map(|v| (v, true));
                if in_place {
                    // Everything sharing the list changes too.
                    let sharing: Vec<String> =
                        self.deps.iter().filter(|(_, d)| d.iter().any(|x| x == n)).map(|(k, _)| k.clone()).collect();
                    for k in sharing {
                        self.mutate(&k, line, &format!("'{op}' changes {n} in place"));
                    }
                }
                let mut refs = self.refs_of(value);
                refs.extend(self.deps.get(n).cloned().unwrap_or_default());
                let mut result = result;
                if let Ok((_, ev)) = &mut result {
                    *ev = true;
                }
                // The whole statement is the expression the value comes from.
                let whole = Expr { kind: ExprKind::Name(n.to_string()), span: stmt.span };
                self.bind(&whole, Some(&whole), result, &refs, line);
            }
            _ => {
                if in_place {
                    self.mutate(n, line, &format!("'{op}' updates it in place"));
                    self.skip(line, format!("{n}: '{op}' updates it in place; the value is unknown"));
                } else {
                    self.set_unknown(n, line, &format!("'{op}' updates it in place"));
                }
            }
        }
    }

    /// An assignment to `x[...]` or `x.attr`: `x` (a key: its value) changes in place.
    fn mutated_base(&mut self, target: &Expr, line: usize) {
        let mut base = target;
        while let ExprKind::Subscript(b, _) | ExprKind::Attribute(b, _) = &base.kind {
            base = b;
        }
        if let (ExprKind::Name(n), false) = (&base.kind, std::ptr::eq(base, target)) {
            self.mutate(n, line, &format!("{} is assigned to", target.describe()));
        }
        if !self.skipped.iter().any(|s| s.line == line) {
            self.skip(line, format!("an assignment to {} is not read", target.describe()));
        }
    }
}

/// The scheme names RETURNN accepts for `learning_rate_control`.

/// Warnings for values RETURNN would reject or that do not do what they seem to.
fn check_values(values: &[(String, PyValue)]) -> Vec<String> {
    let get = |k: &str| values.iter().find(|(n, _)| n == k).map(|(_, v)| v);
    let mut w = Vec::new();
    for (name, v) in values {
        let Some(k) = known_key(name) else { continue };
        match (k.reader, v) {
            (_, PyValue::None) => {}
            (Reader::Float, PyValue::Int(_) | PyValue::BigInt(_) | PyValue::Bool(_)) => match name.as_str() {
                "learning_rate" => w.push(format!(
                    "learning_rate = {} is an int: RETURNN keeps it as an int and raises TypeError when it becomes an epoch's learning rate; write {}",
                    v.repr(),
                    float_literal(v)
                )),
                "min_learning_rate" => w.push(format!(
                    "min_learning_rate = {} is an int: if a decay ever falls below it, the clamped LR is that int and RETURNN raises TypeError; write {}",
                    v.repr(),
                    float_literal(v)
                )),
                "pretrain_learning_rate" => w.push(format!(
                    "pretrain_learning_rate = {} is an int: the pretrain epochs' LR would be an int (TypeError when stored); write {}",
                    v.repr(),
                    float_literal(v)
                )),
                _ => {}
            },
            (Reader::Float, PyValue::Str(s)) if pl::py_float_from_str(s).is_none() => {
                w.push(format!("{name} = {}: RETURNN's float() cannot convert this string (ValueError)", v.repr()))
            }
            (Reader::Float, PyValue::Str(_)) => {}
            (Reader::Float, PyValue::Float(_)) | (Reader::Float, PyValue::Np { .. }) => {}
            (Reader::Float, _) => w.push(format!("{name} = {}: RETURNN's float reader fails an assertion on a {}", v.repr(), v.type_name())),
            (Reader::Int, PyValue::Int(_) | PyValue::Bool(_) | PyValue::BigInt(_)) => {}
            (Reader::Int, _) if name == "accum_grad_multiple_step" => {
                w.push(format!("accum_grad_multiple_step = {}: must be an int (or a function); RETURNN fails on a {}", v.repr(), v.type_name()))
            }
            (Reader::Int, _) => w.push(format!(
                "{name} = {}: RETURNN's int reader needs an int; a {} raises AssertionError when the LR control is built",
                v.repr(),
                v.type_name()
            )),
            (Reader::Bool, PyValue::Int(_) | PyValue::Bool(_)) => {}
            (Reader::Bool, _) => w.push(format!("{name} = {}: RETURNN's bool reader accepts only bools and ints (AssertionError)", v.repr())),
            _ => {}
        }
        // A TF-only option that is off does nothing in either backend (optimizer_epsilon always
        // matters: it is the TF default of 1e-16 the user may be counting on).
        let off = matches!(v, PyValue::Bool(false) | PyValue::None | PyValue::Int(0)) || v.as_py_float() == Some(0.0);
        if k.backend == Backend::TfOnly && (!off || name == "optimizer_epsilon") {
            w.push(tf_only_warning(name, v));
        }
    }
    for (name, v) in values {
        if crate::engine::keys::is_not_simulated(name) {
            w.push(format!("{name} = {}: read by RETURNN's PyTorch engine; the explorer understands it but does not simulate it", v.repr()));
        }
    }
    for decay in CONFIG_KEYS.iter().filter(|k| k.reader == Reader::Factor).map(|k| k.name) {
        match get(decay) {
            Some(v @ (PyValue::Int(_) | PyValue::BigInt(_) | PyValue::Bool(_))) => w.push(format!(
                "{decay} = {} is an int: RETURNN needs a float (or None, or a function) and raises AssertionError the first time it applies it; write {}",
                v.repr(),
                float_literal(v)
            )),
            Some(PyValue::Float(_) | PyValue::None | PyValue::Np { .. }) | None => {}
            Some(v) => w.push(format!("{decay} = {}: RETURNN raises AssertionError when it applies a {}", v.repr(), v.type_name())),
        }
    }
    for (long, short) in [("learning_rate_decay", "newbob_learning_rate_decay"), ("learning_rate_growth", "newbob_learning_rate_growth")] {
        if get(long).is_some() && get(short).is_some() {
            w.push(format!("both {long} and {short} are set: RETURNN uses {long}"));
        }
    }
    let scheme = match get("learning_rate_control") {
        None | Some(PyValue::None) => Some("constant".to_string()),
        Some(PyValue::Str(s)) => Some(s.clone()),
        Some(other) => {
            w.push(format!("learning_rate_control = {}: RETURNN reads it as a string and finds no such scheme (AssertionError)", other.repr()));
            None
        }
    };
    if let Some(s) = &scheme {
        if Scheme::from_name(s).is_none() {
            w.push(format!(
                "learning_rate_control = '{s}' is not a scheme RETURNN knows (AssertionError); the names are exact: {}",
                Scheme::ALL.map(Scheme::name).join(", ")
            ));
        }
        let relative = matches!(s.as_str(), "newbob" | "newbob_rel" | "newbob_relative" | "newbob_multi_epoch");
        if relative && get("newbob_error_threshold").is_some() {
            w.push(format!("newbob_error_threshold is only read by newbob_abs; '{s}' uses newbob_relative_error_threshold"));
        }
        if s == "newbob_abs" && get("newbob_relative_error_threshold").is_some() {
            w.push("newbob_relative_error_threshold is not read by newbob_abs; it uses newbob_error_threshold".to_string());
        }
        if s != "newbob_multi_epoch" {
            for k in ["newbob_multi_num_epochs", "newbob_multi_update_interval", "newbob_relative_error_grow_threshold"] {
                if get(k).is_some() {
                    w.push(format!("{k} is only read by newbob_multi_epoch, not by '{s}'"));
                }
            }
        }
    }
    for k in ["newbob_multi_num_epochs", "newbob_multi_update_interval"] {
        if let Some(PyValue::Int(n)) = get(k) {
            if *n < 1 {
                w.push(format!("{k} = {n}: RETURNN asserts it is >= 1 (AssertionError)"));
            }
        }
    }
    match get("learning_rates") {
        Some(PyValue::List(items)) => {
            if let Some((i, v)) = items.iter().enumerate().find(|(_, v)| matches!(v, PyValue::Int(_) | PyValue::BigInt(_))) {
                w.push(format!(
                    "learning_rates[{i}] = {} is an int: RETURNN raises TypeError when it builds the LR control; write {}",
                    v.repr(),
                    float_literal(v)
                ));
            }
        }
        Some(PyValue::Dict(items)) => {
            if let Some((e, v)) = items.iter().find(|(_, v)| matches!(v, PyValue::Int(_) | PyValue::BigInt(_))) {
                w.push(format!("learning_rates[{}] = {} is an int: RETURNN raises TypeError when it builds the LR control", e.repr(), v.repr()));
            }
        }
        Some(PyValue::Tuple(_)) => w.push("learning_rates is a tuple: RETURNN asserts a list or a dict (AssertionError)".to_string()),
        Some(PyValue::Str(_)) => w.push("learning_rates is a string: RETURNN evaluates it with Python eval and needs a dict".to_string()),
        _ => {}
    }
    if let Some(PyValue::Dict(_) | PyValue::Tuple(_) | PyValue::Float(_) | PyValue::Int(_)) = get("learning_rate_control_error_measure") {
        w.push(
            "learning_rate_control_error_measure must be a string or a list of strings: RETURNN raises AssertionError the first time it looks for the error key".to_string(),
        );
    }
    match get("optimizer") {
        Some(PyValue::Str(s)) => w.push(format!(
            "optimizer = '{s}': RETURNN's PyTorch backend needs a dict such as {{'class': '{s}'}} and raises ValueError for a plain string (the TF backend accepts it)"
        )),
        Some(PyValue::Dict(items)) => {
            let has = |k: &str| items.iter().any(|(key, _)| matches!(key, PyValue::Str(s) if s == k));
            if !has("class") {
                w.push("optimizer has no 'class': RETURNN raises ValueError".to_string());
            }
            for k in ["lr", "learning_rate"] {
                if has(k) {
                    w.push(format!("optimizer contains '{k}': RETURNN's PyTorch backend raises ValueError (the LR always comes from the LR control)"));
                }
            }
            let class = items.iter().find_map(|(k, v)| match (k, v) {
                (PyValue::Str(k), PyValue::Str(c)) if k == "class" => Some(c.to_ascii_lowercase()),
                _ => None,
            });
            if has("epsilon") && class.as_deref().is_some_and(|c| matches!(c, "sgd" | "rprop" | "asgd" | "lbfgs")) {
                w.push("optimizer: 'epsilon' is passed on unchanged to a torch class without 'eps' (TypeError)".to_string());
            }
        }
        Some(PyValue::None) | None => {}
        Some(other) => w.push(format!("optimizer = {}: RETURNN needs a dict with 'class' (ValueError)", other.repr())),
    }
    w
}

fn tf_only_warning(name: &str, v: &PyValue) -> String {
    match name {
        "optimizer_epsilon" => format!(
            "optimizer_epsilon = {}: the PyTorch backend ignores it (torch's own eps applies, e.g. 1e-08 for Adam); the TF backend would use eps=1e-16 by default",
            v.repr()
        ),
        "gradient_clip_norm" => format!(
            "gradient_clip_norm = {}: TF backend only (per-tensor clip_by_norm); the PyTorch backend raises NotImplementedError for a non-zero value",
            v.repr()
        ),
        "pretrain_learning_rate" | "use_learning_rate_control_always" => {
            format!("{name} = {}: read only by the TF backend's pretraining; the PyTorch backend ignores it", v.repr())
        }
        "momentum" => format!("momentum = {}: TF backend only; in the PyTorch backend put it into the optimizer dict", v.repr()),
        _ => format!(
            "{name} = {}: a legacy TF-backend optimizer flag; the PyTorch backend ignores it and needs optimizer = {{'class': ...}}",
            v.repr()
        ),
    }
}

/// An int written as the float literal RETURNN wants (`1` → `1.0`).
fn float_literal(v: &PyValue) -> String {
    match v {
        PyValue::Int(i) => float_repr(*i as f64),
        PyValue::Bool(b) => float_repr(f64::from(u8::from(*b))),
        other => format!("{}.0", other.repr()),
    }
}

/// The JSON form (RETURNN's `load_json`: comments removed, then Python's `json.loads`).
mod json {
    use super::*;

    /// Replaces `//...` and `/* ... */` comments outside strings with spaces (line breaks kept).
    fn remove_comments(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        let (mut in_str, mut escaped) = (false, false);
        while let Some(c) = chars.next() {
            if in_str {
                out.push(c);
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_str = false;
                }
                continue;
            }
            match (c, chars.peek()) {
                ('"', _) => {
                    in_str = true;
                    out.push(c);
                }
                ('/', Some('/')) => {
                    while let Some(&d) = chars.peek() {
                        if d == '\n' || d == '\r' {
                            break;
                        }
                        out.push(' ');
                        chars.next();
                    }
                    out.push(' ');
                }
                ('/', Some('*')) => {
                    out.push(' ');
                    let mut prev = ' ';
                    for d in chars.by_ref() {
                        out.push(if d == '\n' || d == '\r' { d } else { ' ' });
                        if prev == '*' && d == '/' {
                            break;
                        }
                        prev = d;
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    struct P<'s> {
        chars: std::iter::Peekable<std::str::Chars<'s>>,
        line: usize,
        col: usize,
    }

    impl<'s> P<'s> {
        fn err(&self, msg: impl Into<String>) -> Error {
            Error::parse(PyExc::ValueError, self.line, self.col, format!("invalid JSON config: {}", msg.into()))
        }

        fn bump(&mut self) -> Option<char> {
            let c = self.chars.next()?;
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
            Some(c)
        }

        fn ws(&mut self) {
            while matches!(self.chars.peek(), Some(' ' | '\t' | '\n' | '\r')) {
                self.bump();
            }
        }

        fn found(&mut self) -> String {
            match self.chars.peek() {
                Some(c) => format!("'{}'", c.escape_debug()),
                None => "the end of the input".into(),
            }
        }

        fn expect(&mut self, c: char, what: &str) -> Result<(), Error> {
            self.ws();
            if self.chars.peek() == Some(&c) {
                self.bump();
                Ok(())
            } else {
                let f = self.found();
                Err(self.err(format!("expected {what} but found {f}")))
            }
        }

        fn word(&mut self, w: &str) -> Result<(), Error> {
            for expected in w.chars() {
                if self.chars.peek() != Some(&expected) {
                    let f = self.found();
                    return Err(self.err(format!("expected '{w}' but found {f}")));
                }
                self.bump();
            }
            Ok(())
        }

        fn value(&mut self, depth: usize) -> Result<PyValue, Error> {
            if depth > MAX_DEPTH {
                return Err(self.err(format!("nested deeper than {MAX_DEPTH} levels")));
            }
            self.ws();
            match self.chars.peek().copied() {
                Some('{') => {
                    let items = self.object(depth)?;
                    Ok(pl::dict_from_items(items.into_iter().map(|(k, v, _)| (PyValue::Str(k), v)).collect()))
                }
                Some('[') => {
                    self.bump();
                    let mut items = Vec::new();
                    self.ws();
                    if self.chars.peek() == Some(&']') {
                        self.bump();
                        return Ok(PyValue::List(items));
                    }
                    loop {
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        match self.bump() {
                            Some(',') => continue,
                            Some(']') => return Ok(PyValue::List(items)),
                            _ => return Err(self.err("expected ',' or ']'")),
                        }
                    }
                }
                Some('"') => self.string().map(PyValue::Str),
                Some('t') => self.word("true").map(|_| PyValue::Bool(true)),
                Some('f') => self.word("false").map(|_| PyValue::Bool(false)),
                Some('n') => self.word("null").map(|_| PyValue::None),
                Some('N') => self.word("NaN").map(|_| PyValue::Float(f64::NAN)),
                Some('I') => self.word("Infinity").map(|_| PyValue::Float(f64::INFINITY)),
                Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
                _ => {
                    let f = self.found();
                    Err(self.err(format!("expected a value but found {f}")))
                }
            }
        }

        fn number(&mut self) -> Result<PyValue, Error> {
            let mut s = String::new();
            if self.chars.peek() == Some(&'-') {
                s.push('-');
                self.bump();
                if self.chars.peek() == Some(&'I') {
                    self.word("Infinity")?;
                    return Ok(PyValue::Float(f64::NEG_INFINITY));
                }
            }
            let digits = |p: &mut Self, s: &mut String| {
                let mut n = 0;
                while let Some(&c) = p.chars.peek() {
                    if !c.is_ascii_digit() {
                        break;
                    }
                    s.push(c);
                    p.bump();
                    n += 1;
                }
                n
            };
            let int_start = s.len();
            if digits(self, &mut s) == 0 {
                return Err(self.err("expected digits"));
            }
            if s[int_start..].len() > 1 && s[int_start..].starts_with('0') {
                return Err(self.err("leading zeros are not allowed"));
            }
            let mut float = false;
            if self.chars.peek() == Some(&'.') {
                float = true;
                s.push('.');
                self.bump();
                if digits(self, &mut s) == 0 {
                    return Err(self.err("expected digits after '.'"));
                }
            }
            if matches!(self.chars.peek(), Some('e' | 'E')) {
                float = true;
                s.push('e');
                self.bump();
                if let Some(&c @ ('+' | '-')) = self.chars.peek() {
                    s.push(c);
                    self.bump();
                }
                if digits(self, &mut s) == 0 {
                    return Err(self.err("expected exponent digits"));
                }
            }
            if float {
                s.parse::<f64>().map(PyValue::Float).map_err(|_| self.err("bad number"))
            } else {
                pl::py_int_from_str(&s).ok_or_else(|| self.err("bad number"))
            }
        }

        fn hex4(&mut self) -> Result<u32, Error> {
            let mut v = 0;
            for _ in 0..4 {
                match self.bump().and_then(|c| c.to_digit(16)) {
                    Some(d) => v = v * 16 + d,
                    None => return Err(self.err("invalid \\uXXXX escape")),
                }
            }
            Ok(v)
        }

        fn string(&mut self) -> Result<String, Error> {
            self.bump();
            let mut out = String::new();
            loop {
                match self.bump() {
                    None => return Err(self.err("unterminated string")),
                    Some('"') => return Ok(out),
                    Some('\\') => match self.bump() {
                        Some('"') => out.push('"'),
                        Some('\\') => out.push('\\'),
                        Some('/') => out.push('/'),
                        Some('b') => out.push('\x08'),
                        Some('f') => out.push('\x0c'),
                        Some('n') => out.push('\n'),
                        Some('r') => out.push('\r'),
                        Some('t') => out.push('\t'),
                        Some('u') => {
                            let hi = self.hex4()?;
                            let mut cp = hi;
                            if (0xd800..0xdc00).contains(&hi) {
                                let mut look = self.chars.clone();
                                if look.next() == Some('\\') && look.next() == Some('u') {
                                    self.bump();
                                    self.bump();
                                    let lo = self.hex4()?;
                                    if (0xdc00..0xe000).contains(&lo) {
                                        cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                                    } else {
                                        out.push('\u{fffd}');
                                        cp = lo;
                                    }
                                }
                            }
                            out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                        }
                        _ => return Err(self.err("invalid escape")),
                    },
                    Some(c) if (c as u32) < 0x20 => return Err(self.err("control character in a string")),
                    Some(c) => out.push(c),
                }
            }
        }

        /// An object's items with the line of each key (duplicates kept; the caller dedups).
        fn object(&mut self, depth: usize) -> Result<Vec<(String, PyValue, usize)>, Error> {
            self.expect('{', "'{'")?;
            let mut items = Vec::new();
            self.ws();
            if self.chars.peek() == Some(&'}') {
                self.bump();
                return Ok(items);
            }
            loop {
                self.ws();
                if self.chars.peek() != Some(&'"') {
                    let f = self.found();
                    return Err(self.err(format!("expected a string key but found {f}")));
                }
                let line = self.line;
                let k = self.string()?;
                self.expect(':', "':'")?;
                let v = self.value(depth + 1)?;
                items.push((k, v, line));
                self.ws();
                match self.chars.peek() {
                    Some(',') => {
                        self.bump();
                    }
                    Some('}') => {
                        self.bump();
                        return Ok(items);
                    }
                    _ => {
                        let f = self.found();
                        return Err(self.err(format!("expected ',' or '}}' but found {f}")));
                    }
                }
            }
        }
    }

    /// The top-level object's items (key, value, line of the key), in file order.
    pub(super) fn read_object(text: &str) -> Result<Vec<(String, PyValue, usize)>, Error> {
        if text.len() > pl::MAX_INPUT_BYTES {
            return Err(Error::Limit { what: "input size in bytes".into(), limit: pl::MAX_INPUT_BYTES });
        }
        let clean = remove_comments(text);
        let mut p = P { chars: clean.chars().peekable(), line: 1, col: 1 };
        let items = p.object(0)?;
        p.ws();
        if p.chars.peek().is_some() {
            let f = p.found();
            return Err(p.err(format!("expected the end of the input but found {f}")));
        }
        Ok(items)
    }
}
