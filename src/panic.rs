//! A panic never leaves a silent white page.
//!
//! The wasm is built with `panic = "abort"`, so nothing unwinds back into the app: the hook
//! logs the panic to the console with its stack (`console_error_panic_hook`) and then writes a visible error
//! with a reload link straight into the DOM, because Leptos cannot render after an abort.

use wasm_bindgen::JsCast;

/// Install the hook; call once, before mounting.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        // The console gets the message with its JS stack trace, then the page the banner.
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Write the error banner; best effort, every step may fail silently because we are already
/// handling a failure and the console has the details.
fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let Ok(banner) = document.create_element("div") else {
        return;
    };
    banner.set_class_name("fatal-error");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "fatal-error");
    if let Ok(heading) = document.create_element("h1") {
        heading.set_text_content(Some("Pipeline Atlas stopped with an internal error"));
        let _ = banner.append_child(&heading);
    }
    if let Ok(detail) = document.create_element("pre") {
        detail.set_text_content(Some(message));
        let _ = banner.append_child(&detail);
    }
    if let Ok(link) = document.create_element("a") {
        if let Ok(anchor) = link.dyn_into::<web_sys::HtmlAnchorElement>() {
            anchor.set_href("");
            anchor.set_text_content(Some("Reload the atlas"));
            let _ = banner.append_child(&anchor);
        }
    }
    let _ = body.prepend_with_node_1(&banner);
}
