//! The curation worker: started on first use, one request at a time.
//!
//! The hosted atlas starts `curate-worker.js` (a same-origin file, allowed by the published
//! policy's `script-src 'self'`), which loads the wasm-bindgen glue and wasm Trunk built from
//! `crates/curate-worker`. The single file carries the same script and wasm as inert blocks:
//! the script becomes a `blob:` worker (its policy adds exactly `worker-src blob:`) and the
//! wasm is handed over as bytes, so nothing is fetched from `file://`.

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The worker script and the files Trunk names after the worker crate (workers are not hashed).
const LOADER: &str = "./curate-worker.js";
const GLUE: &str = "./atlas-curate-worker.js";
const WASM: &str = "./atlas-curate-worker_bg.wasm";

thread_local! {
    static WORKER: RefCell<Option<web_sys::Worker>> = const { RefCell::new(None) };
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

/// The ids of the single file's inline worker script and wasm.
const INLINE_JS: &str = "pipeline-atlas-curate-js";
const INLINE_WASM: &str = "pipeline-atlas-curate-wasm";

/// The worker and its init message: from the single file's inline blocks, else the files.
fn start() -> Result<(web_sys::Worker, Object), String> {
    let refused = |_| "the browser refused to start the curation worker".to_owned();
    let init = Object::new();
    let document = leptos::prelude::document();
    let Some(script) = document.get_element_by_id(INLINE_JS) else {
        set(&init, "glue", &GLUE.into());
        set(&init, "wasm", &WASM.into());
        return Ok((web_sys::Worker::new(LOADER).map_err(refused)?, init));
    };
    let wasm = document
        .get_element_by_id(INLINE_WASM)
        .and_then(|b| b.text_content())
        .ok_or("the curation module is missing from this file")?;
    set(
        &init,
        "wasm",
        &Uint8Array::from(crate::data::inline_bytes(&wasm)?.as_slice()),
    );
    let parts = js_sys::Array::of1(&script.text_content().unwrap_or_default().into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(refused)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(refused)?;
    Ok((web_sys::Worker::new(&url).map_err(refused)?, init))
}

/// The running worker, started (and told where its module is) on first use.
fn worker() -> Result<web_sys::Worker, String> {
    if let Some(w) = WORKER.with(|w| w.borrow().clone()) {
        return Ok(w);
    }
    let (w, init) = start()?;
    let msg = Object::new();
    set(&msg, "init", &init);
    w.post_message(&msg)
        .map_err(|_| "could not start the curation worker".to_owned())?;
    WORKER.with(|slot| *slot.borrow_mut() = Some(w.clone()));
    Ok(w)
}

/// Post `msg` and wait for the answer (`{bytes}`, `{text}` or `{error}`).
async fn call(msg: Object) -> Result<JsValue, String> {
    let w = worker()?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let reject2 = reject.clone();
        let on_message = Closure::once_into_js(move |ev: web_sys::MessageEvent| {
            let data = ev.data();
            match Reflect::get(&data, &"error".into()) {
                Ok(e) if !e.is_undefined() => {
                    let _ = reject.call1(&JsValue::NULL, &e);
                }
                _ => {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
            }
        });
        let on_error = Closure::once_into_js(move |ev: web_sys::Event| {
            ev.prevent_default();
            let _ = reject2.call1(
                &JsValue::NULL,
                &"the curation worker could not be loaded".into(),
            );
        });
        w.set_onmessage(Some(on_message.unchecked_ref()));
        w.set_onerror(Some(on_error.unchecked_ref()));
    });
    w.post_message(&msg)
        .map_err(|_| "could not send to the curation worker".to_owned())?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| {
            e.as_string()
                .unwrap_or_else(|| "the curation worker failed".to_owned())
        })
}

/// Apply a curation to the published bundle: `[bundle][meta][len]` bytes.
pub async fn apply(published: &[u8], curation: &[u8]) -> Result<Vec<u8>, String> {
    let msg = Object::new();
    set(&msg, "op", &"apply".into());
    set(&msg, "published", &Uint8Array::from(published));
    set(&msg, "curation", &Uint8Array::from(curation));
    let answer = call(msg).await?;
    let bytes = Reflect::get(&answer, &"bytes".into()).map_err(|_| "no answer".to_owned())?;
    Ok(Uint8Array::new(&bytes).to_vec())
}

async fn text_call(msg: Object) -> Result<String, String> {
    let answer = call(msg).await?;
    Reflect::get(&answer, &"text".into())
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| "no answer".to_owned())
}

/// The export file for a curation.
pub async fn export(curation: &[u8], title: &str) -> Result<String, String> {
    let msg = Object::new();
    set(&msg, "op", &"export".into());
    set(&msg, "curation", &Uint8Array::from(curation));
    set(&msg, "title", &title.into());
    text_call(msg).await
}

/// The dataset JSON the CLI prints for one document.
pub async fn extract_json(doc_id: &str, text: &str) -> Result<String, String> {
    let msg = Object::new();
    set(&msg, "op", &"extract_json".into());
    set(&msg, "doc", &doc_id.into());
    set(&msg, "text", &text.into());
    text_call(msg).await
}
