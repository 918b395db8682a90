//! Living inside a frame: report the content height to the host page.
//!
//! When the app runs in an iframe it posts `{type: "pipeline-atlas:height", height}` to its
//! parent whenever the content root changes size (a ResizeObserver on the root element, not the
//! viewport, so a frame that grows does not make the content grow with it). The host snippet
//! `static/pipeline-atlas-embed.js` resizes the matching iframe.
//!
//! By default the message goes to any parent (`"*"`): auto-height must work for any host page.
//! A build made with `cargo xtask dist --embed-origin ORIGIN` names its hosts in
//! `<meta name="pipeline-atlas-embed-origins">`; the height then goes only to those origins
//! (the browser drops a message whose target origin is not the parent's), so a site that
//! frames a confidential atlas cannot read result counts from heights.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The `<meta>` naming the only origins to post to (written by `cargo xtask dist`).
const ORIGINS_META: &str = "pipeline-atlas-embed-origins";

/// The target origins of height messages: `"*"` unless the build names its hosts; then the
/// parent's origin if it is one of them (Chromium and Safari tell it in
/// `location.ancestorOrigins`: posting to a wrong origin would log an error), else each named
/// origin (the browser delivers only to the one that matches).
fn target_origins() -> Vec<String> {
    let named = named_origins();
    if named.iter().any(|o| o == "*") {
        return named;
    }
    let parent = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.location(), &"ancestorOrigins".into()).ok())
        .and_then(|list| js_sys::Reflect::get(&list, &0.into()).ok())
        .and_then(|origin| origin.as_string());
    match parent {
        Some(parent) => named.into_iter().filter(|o| *o == parent).collect(),
        None => named,
    }
}

/// The origins `cargo xtask dist --embed-origin` named, else `["*"]`.
fn named_origins() -> Vec<String> {
    let named = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("meta[name=\"{ORIGINS_META}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"));
    match named {
        Some(list) => list.split_whitespace().map(str::to_owned).collect(),
        None => vec!["*".to_owned()],
    }
}

/// The message type hosts listen for.
pub const HEIGHT_MESSAGE: &str = "pipeline-atlas:height";

/// True when the page is inside a frame (the parent is another window).
pub fn framed() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.parent() {
        Ok(Some(parent)) => !js_sys::Object::is(&parent, &window),
        _ => false,
    }
}

/// Start posting the height of `root` to the parent window; does nothing outside a frame.
pub fn report_height(root: &web_sys::Element) {
    if !framed() {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let observed = root.clone();
    let origins = target_origins();
    let post = move || {
        let height = observed.get_bounding_client_rect().height().ceil();
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
        // Unless the build names its hosts, the host may be on any origin (a wiki); the
        // message carries nothing but a number.
        for origin in &origins {
            let _ = parent.post_message(&msg, origin);
        }
    };
    post();
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| post());
    match web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        Ok(observer) => {
            observer.observe(root);
            // The observer and its callback live as long as the page.
            callback.forget();
            std::mem::forget(observer);
        }
        Err(err) => web_sys::console::warn_2(&"pipeline-atlas: no ResizeObserver".into(), &err),
    }
}
