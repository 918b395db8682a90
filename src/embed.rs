//! Living inside a frame: report the content height to the host page.
//!
//! When the app runs in an iframe it posts `{type: "pipeline-atlas:height", height}` to its
//! parent whenever the content root changes size (a ResizeObserver on the root element, not the
//! viewport, so a frame that grows does not make the content grow with it). The host snippet
//! `static/pipeline-atlas-embed.js` resizes the matching iframe.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
    let post = move || {
        let height = observed.get_bounding_client_rect().height().ceil();
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
        // The host may be on any origin (a wiki); the message carries nothing but a number.
        let _ = parent.post_message(&msg, "*");
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
