//! The layers import one way (DESIGN.md): `py` ← `engine` ← {`returnn`, `chart`} ← {`ui`, `cli`,
//! `bench`}. This test reads every source file of a layer and fails when its code names a layer
//! above it (or, below the UI, the web crates). Comments are not code: a doc line may mention
//! `returnn::lr_file` as the place a caller goes to.
use std::path::{Path, PathBuf};

/// The crate paths and external crates a layer must not name.
fn forbidden(layer: &str) -> &'static [&'static str] {
    const WEB: [&str; 4] = ["leptos", "web_sys", "js_sys", "wasm_bindgen"];
    match layer {
        "py" => &["engine", "returnn", "chart", "ui", "cli", "bench", WEB[0], WEB[1], WEB[2], WEB[3]],
        "engine" => &["returnn", "chart", "ui", "cli", "bench", WEB[0], WEB[1], WEB[2], WEB[3]],
        "returnn" | "chart" => &["ui", "cli", "bench"],
        _ => &[],
    }
}

/// The code of a line without its `//` comment (strings holding `//` are rare enough here and
/// only make the check stricter).
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

/// Every `(line number, name)` where `text` names one of `names`: as a path of this crate
/// (`crate::x`, `$crate::x`, `schedule_explorer::x`, `super::...::x` out of the layer) or, for an
/// external crate, as the first segment of a path (`leptos::`, `use web_sys`).
fn violations(text: &str, names: &[&str]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let c = code(line);
        for name in names {
            let internal = ["crate::", "$crate::", "schedule_explorer::"].iter().any(|p| c.contains(&format!("{p}{name}::")) || c.contains(&format!("{p}{name};")) || c.contains(&format!("{p}{{{name}")));
            let external = c.split(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == ':')).any(|tok| tok.starts_with(&format!("{name}::")) || tok == *name && c.trim_start().starts_with("use "));
            let escaped = c.contains(&format!("super::super::{name}"));
            if internal || external || escaped {
                out.push((i + 1, format!("{name}: {}", line.trim())));
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_layer_names_a_layer_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut bad = Vec::new();
    let mut checked = 0;
    for layer in ["py", "engine", "returnn", "chart"] {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "src/{layer} has sources");
        for f in files {
            let text = std::fs::read_to_string(&f).expect("source file");
            checked += 1;
            for (line, what) in violations(&text, forbidden(layer)) {
                bad.push(format!("{}:{line}: names {what}", f.strip_prefix(&src).unwrap_or(&f).display()));
            }
        }
    }
    assert!(checked > 50, "the layers' files were read ({checked})");
    assert!(bad.is_empty(), "a layer names one above it:\n{}", bad.join("\n"));
}

#[test]
fn the_scanner_finds_what_it_must_and_ignores_comments() {
    let engine = forbidden("engine");
    let text = "use crate::py::value::PyValue;\n\
                use crate::returnn::lr_file::write;\n\
                /// written by `crate::returnn::lr_file::write`\n\
                let x = 1; // crate::ui::x\n\
                let t = $crate::chart::Chart::new();\n\
                use leptos::prelude::*;\n\
                use web_sys;\n\
                fn f() -> schedule_explorer::cli::Args { todo() }\n\
                use crate::{returnn::json, py};\n";
    let lines: Vec<usize> = violations(text, engine).into_iter().map(|(l, _)| l).collect();
    assert_eq!(lines, vec![2, 5, 6, 7, 8, 9]);
    assert!(violations("use crate::engine::lr_control::LrControl;", forbidden("returnn")).is_empty());
    assert_eq!(violations("use crate::engine::settings::Settings;", forbidden("py")).len(), 1);
}
