//! Small browser helpers: downloads, clipboard, URL query and localStorage. Failures are
//! reported as `Err(String)`, never thrown.
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn js_err(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// Offers `text` as a file download named `filename`.
pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(js_err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_err)?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(js_err)?.dyn_into().map_err(|_| "not an anchor")?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies `text` to the clipboard; a refusal (no permission) is reported through `on_done`.
pub fn copy(text: &str, on_done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else { return on_done(false) };
    let promise = window.navigator().clipboard().write_text(text);
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(on_done)));
    let d1 = done.clone();
    let ok = Closure::once(move |_: JsValue| {
        if let Some(f) = d1.borrow_mut().take() {
            f(true)
        }
    });
    let fail = Closure::once(move |_: JsValue| {
        if let Some(f) = done.borrow_mut().take() {
            f(false)
        }
    });
    let _ = promise.then2(&ok, &fail);
    ok.forget();
    fail.forget();
}

/// The page's query string (`?a=1&b=2`, or "").
pub fn query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The page's query parameters as pairs ([`crate::ui::query::decode`]).
pub fn query_pairs() -> Vec<(String, String)> {
    crate::ui::query::decode(&query())
}

/// Replaces the URL's query without reloading (so a link reproduces the view).
pub fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{query}")));
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Reads a picked or dropped file as text (errors are reported as text).
pub fn read_file(file: web_sys::File, on_text: impl FnOnce(Result<String, String>) + 'static) {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    let Ok(reader) = web_sys::FileReader::new() else { return on_text(Err("this browser cannot read files".into())) };
    let r2 = reader.clone();
    let onload = Closure::once(move |_: web_sys::Event| {
        on_text(r2.result().ok().and_then(|v| v.as_string()).ok_or_else(|| "the file is not text".to_string()))
    });
    reader.set_onload(Some(onload.as_ref().unchecked_ref()));
    onload.forget();
    let _ = reader.read_as_text(&file);
}

/// Scrolls the element with this id into view (nothing when there is none).
pub fn scroll_to(id: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        el.scroll_into_view();
    }
}

/// Whether a drag carries files (its `dataTransfer.types` has "Files").
pub fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|d| d.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
}

/// The first file of a drop, if the drop carries files.
pub fn dropped_file(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0))
}

/// The first file picked in the `<input type="file">` an event came from.
pub fn picked_file(ev: &web_sys::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).and_then(|i| i.files()).and_then(|f| f.get(0))
}

/// `document.querySelectorAll(selector)` as elements (without web-sys' NodeList feature).
pub fn select_all(selector: &str) -> Vec<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return vec![] };
    let Ok(f) = js_sys::Reflect::get(&doc, &"querySelectorAll".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else {
        return vec![];
    };
    let Ok(list) = f.call1(&doc, &selector.into()) else { return vec![] };
    js_sys::Array::from(&list).iter().filter_map(|n| n.dyn_into::<web_sys::Element>().ok()).collect()
}

/// Sets (or with `None` removes) an attribute of `<html>` (the theme's `data-theme`).
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let _ = match value {
        Some(v) => root.set_attribute(name, v),
        None => root.remove_attribute(name),
    };
}
