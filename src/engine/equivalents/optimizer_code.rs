//! The optimizer line of the "other frameworks" code: the optimizer of the RETURNN settings
//! (chosen in the form or imported, [`crate::engine::settings::Settings::assigned`]) built in
//! torch, Keras or optax, with its keywords; when none was chosen, a stand-in that says so.
//!
//! torch (PyTorch, SpeechBrain) takes RETURNN's dict as it is (RETURNN builds
//! `torch.optim.<Class>(params, lr=..., **kwargs)`, renaming `epsilon` to `eps`). Keras and optax
//! get the same class under their own names, with the keywords they share translated (`betas` →
//! `beta_1`/`beta_2` or `b1`/`b2`, `eps` → `epsilon`, RMSprop's `alpha` → `rho`/`decay`); a keyword
//! without a counterpart is named in a comment instead of being dropped silently.
use super::py_float;
use crate::engine::optim::resolve_class_name;
use crate::engine::settings::OptimizerSettings;
use crate::py::value::PyValue;

/// Which library's optimizer to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Library {
    /// `torch.optim` (PyTorch and SpeechBrain).
    Torch,
    /// `keras.optimizers`.
    Keras,
    /// `optax`, wrapped in `optax.inject_hyperparams` so the LR can be set per epoch.
    Optax,
}

/// Python source of a keyword value (non-finite floats as `float("inf")`).
fn source(v: &PyValue) -> String {
    let seq = |items: &[PyValue], open: &str, close: &str| {
        let inner: Vec<String> = items.iter().map(source).collect();
        let comma = if open == "(" && items.len() == 1 { "," } else { "" };
        format!("{open}{}{comma}{close}", inner.join(", "))
    };
    match v {
        PyValue::Float(f) => py_float(*f),
        PyValue::Np { value, .. } => py_float(*value),
        PyValue::List(items) => seq(items, "[", "]"),
        PyValue::Tuple(items) => seq(items, "(", ")"),
        other => other.repr(),
    }
}

/// The class name in Keras / optax for torch's class name (`None`: no counterpart).
fn counterpart(lib: Library, torch_name: &str) -> Option<&'static str> {
    const TABLE: [(&str, &str, &str); 10] = [
        ("Adam", "Adam", "adam"),
        ("AdamW", "AdamW", "adamw"),
        ("SGD", "SGD", "sgd"),
        ("RMSprop", "RMSprop", "rmsprop"),
        ("Adagrad", "Adagrad", "adagrad"),
        ("Adadelta", "Adadelta", "adadelta"),
        ("Adamax", "Adamax", "adamax"),
        ("NAdam", "Nadam", "nadam"),
        ("Lion", "Lion", "lion"),
        ("Adafactor", "Adafactor", "adafactor"),
    ];
    let row = TABLE.iter().find(|(t, _, _)| *t == torch_name)?;
    match lib {
        Library::Torch => Some(row.0),
        Library::Keras => Some(row.1),
        Library::Optax => Some(row.2),
    }
}

/// The Keras / optax keywords for one torch keyword and value (`None`: no counterpart).
fn translate(lib: Library, class: &str, key: &str, v: &PyValue) -> Option<Vec<(String, String)>> {
    let one = |k: &str| Some(vec![(k.to_string(), source(v))]);
    match (lib, key) {
        (Library::Torch, _) => one(key),
        (_, "betas") => match v {
            PyValue::Tuple(b) | PyValue::List(b) if b.len() == 2 => {
                let (k1, k2) = if lib == Library::Keras { ("beta_1", "beta_2") } else { ("b1", "b2") };
                Some(vec![(k1.into(), source(&b[0])), (k2.into(), source(&b[1]))])
            }
            _ => None,
        },
        (Library::Keras, "eps") => one("epsilon"),
        (Library::Optax, "eps") => one("eps"),
        (Library::Keras, "alpha") if class == "RMSprop" => one("rho"),
        (Library::Optax, "alpha") if class == "RMSprop" => one("decay"),
        (Library::Keras, "rho") if class == "Adadelta" => one("rho"),
        (Library::Optax, "rho") if class == "Adadelta" => one("rho"),
        (_, "momentum") if matches!(class, "SGD" | "RMSprop") => one("momentum"),
        (_, "nesterov") if class == "SGD" => one("nesterov"),
        (Library::Keras, "weight_decay") => one("weight_decay"),
        (Library::Optax, "weight_decay") if matches!(class, "AdamW" | "Lion" | "Adafactor") => one("weight_decay"),
        (Library::Keras, "amsgrad") => one("amsgrad"),
        _ => None,
    }
}

fn call(function: &str, first: &str, args: &[(String, String)]) -> String {
    let mut parts = vec![first.to_string()];
    parts.extend(args.iter().map(|(k, v)| format!("{k}={v}")));
    format!("{function}({})", parts.join(", "))
}

/// The lines that build the optimizer as `optimizer = ...` (optax: the `optimizer` of
/// `optax.inject_hyperparams`), preceded by one comment line saying whose optimizer it is.
/// `lr` is the Python expression of the initial learning rate.
pub fn optimizer_lines(lib: Library, optimizer: Option<&OptimizerSettings>, lr: &str) -> String {
    let lr_arg = match lib {
        Library::Torch => ("lr".to_string(), lr.to_string()),
        Library::Keras | Library::Optax => ("learning_rate".to_string(), lr.to_string()),
    };
    let build = |name: &str, args: &[(String, String)]| -> String {
        match lib {
            Library::Torch => format!("optimizer = {}", call(name, "model.parameters()", args)),
            Library::Keras => format!("optimizer = {}", call(&format!("keras.optimizers.{name}"), &format!("{}={}", args[0].0, args[0].1), &args[1..])),
            Library::Optax => format!(
                "optimizer = {}",
                call(&format!("optax.inject_hyperparams(optax.{name})"), &format!("{}={}", args[0].0, args[0].1), &args[1..])
            ),
        }
    };
    let Some(o) = optimizer else {
        let name = match lib {
            Library::Torch => "torch.optim.SGD",
            Library::Keras => "SGD",
            Library::Optax => "sgd",
        };
        return format!(
            "# no optimizer was chosen or imported: plain SGD stands in (RETURNN's classic default); put yours here\n{}",
            build(name, &[lr_arg])
        );
    };
    let settings_repr = source(&o.to_py());
    let Ok(info) = resolve_class_name(o.class.trim()) else {
        return format!(
            "# the optimizer of the settings, {settings_repr}, is not a class the explorer knows: build it yourself\n{}",
            build(if lib == Library::Torch { o.class.as_str() } else { "sgd" }, &[lr_arg])
        );
    };
    let takes_eps = info.init_kwargs.contains(&"eps");
    let mut args = vec![lr_arg];
    let mut missing = Vec::new();
    // RETURNN renames `epsilon` to `eps` for classes that take `eps` (epsilon wins).
    let has_epsilon = o.kwarg("epsilon").is_some() && takes_eps;
    for (k, v) in &o.kwargs {
        let key = if k == "epsilon" && takes_eps { "eps" } else { k.as_str() };
        if k == "eps" && has_epsilon {
            continue;
        }
        match translate(lib, info.name, key, v) {
            Some(kw) => args.extend(kw),
            None => missing.push(format!("{key}={}", source(v))),
        }
    }
    let Some(name) = (match lib {
        Library::Torch => Some(info.path()),
        _ => counterpart(lib, info.name).map(str::to_string),
    }) else {
        let lib_name = if lib == Library::Keras { "Keras" } else { "optax" };
        return format!(
            "# the optimizer of the settings, {settings_repr}, has no {lib_name} counterpart: plain SGD stands in; put yours here\n{}",
            build(if lib == Library::Keras { "SGD" } else { "sgd" }, &args[..1])
        );
    };
    let mut out = format!("# the optimizer of the RETURNN settings: {settings_repr}\n");
    if !missing.is_empty() {
        out.push_str(&format!("# not carried over (no counterpart here): {}\n", missing.join(", ")));
    }
    out.push_str(&build(&name, &args));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adam() -> OptimizerSettings {
        OptimizerSettings {
            class: "adam".into(),
            kwargs: vec![
                ("betas".into(), PyValue::Tuple(vec![PyValue::Float(0.9), PyValue::Float(0.98)])),
                ("epsilon".into(), PyValue::Float(1e-08)),
                ("weight_decay".into(), PyValue::Float(0.01)),
            ],
        }
    }

    #[test]
    fn the_chosen_optimizer_is_built_in_each_library() {
        let t = optimizer_lines(Library::Torch, Some(&adam()), "0.001");
        assert!(t.ends_with("\noptimizer = torch.optim.Adam(model.parameters(), lr=0.001, betas=(0.9, 0.98), eps=1e-08, weight_decay=0.01)"), "{t}");
        let k = optimizer_lines(Library::Keras, Some(&adam()), "0.001");
        assert!(k.ends_with("\noptimizer = keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.98, epsilon=1e-08, weight_decay=0.01)"), "{k}");
        let o = optimizer_lines(Library::Optax, Some(&adam()), "learning_rate");
        assert!(o.contains("# not carried over (no counterpart here): weight_decay=0.01\n"), "{o}");
        assert!(o.ends_with("\noptimizer = optax.inject_hyperparams(optax.adam)(learning_rate=learning_rate, b1=0.9, b2=0.98, eps=1e-08)"), "{o}");
        let sgd = OptimizerSettings { class: "SGD".into(), kwargs: vec![("momentum".into(), PyValue::Float(0.9)), ("nesterov".into(), PyValue::Bool(true))] };
        assert!(optimizer_lines(Library::Torch, Some(&sgd), "0.1").ends_with("torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)"));
        assert!(optimizer_lines(Library::Optax, Some(&sgd), "x").ends_with("optax.inject_hyperparams(optax.sgd)(learning_rate=x, momentum=0.9, nesterov=True)"));
    }

    #[test]
    fn no_optimizer_chosen_is_said() {
        for lib in [Library::Torch, Library::Keras, Library::Optax] {
            let text = optimizer_lines(lib, None, "0.1");
            assert!(text.starts_with("# no optimizer was chosen or imported"), "{text}");
            assert!(!text.contains("AdamW") && !text.contains("adamw"), "{text}");
        }
        let odd = OptimizerSettings { class: "my.Optim".into(), kwargs: vec![] };
        assert!(optimizer_lines(Library::Keras, Some(&odd), "0.1").contains("is not a class the explorer knows"));
        let asgd = OptimizerSettings { class: "asgd".into(), kwargs: vec![] };
        assert!(optimizer_lines(Library::Keras, Some(&asgd), "0.1").contains("has no Keras counterpart"));
        assert!(optimizer_lines(Library::Torch, Some(&asgd), "0.1").ends_with("optimizer = torch.optim.ASGD(model.parameters(), lr=0.1)"));
    }
}
