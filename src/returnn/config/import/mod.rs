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
pub mod line_based;

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

/// The JSON form (RETURNN's `load_json`).
mod json;
mod warnings;
use warnings::check_values;
