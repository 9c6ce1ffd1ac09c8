//! The importer's warnings: values RETURNN would reject or that do not do what they seem to.
use super::*;

/// Warnings for values RETURNN would reject or that do not do what they seem to.
pub(super) fn check_values(values: &[(String, PyValue)]) -> Vec<String> {
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
