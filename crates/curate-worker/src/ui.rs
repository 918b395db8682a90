//! The curation controls, on the page's main thread: `#/curate` (files, drag and drop, a
//! paste, Extract, Export changes), `#/curate/changes` (the list with Undo), and a source
//! page's review actions (Accept, Reject, the Edit form, Add fact).
//!
//! This is the same wasm as the worker, instantiated a second time on the main thread the
//! first time a curator acts, so a reader's first load carries none of it (the start
//! budget) and it shares the model, curation and label code the worker already links. It draws
//! plain DOM (HTML strings and a few listeners: no UI framework of its own) into host elements
//! the app renders, and talks to the app through one small object, the *host*:
//!
//! - `host.state()` → `{published, current, curation, title}`: the published and the current
//!   bundle bytes, the encoded [`Curation`], the atlas title;
//! - `host.status(busy, error, notes)`: what the app's status line shows (and whether the
//!   review buttons it renders are disabled);
//! - `host.commit(bundle, meta, curation, ok, fail)`: the app swaps the merged atlas in, keeps
//!   the curation, stores both in IndexedDB and re-renders, then calls `ok(null)`, or
//!   `ok(reason)` when the browser would not store it (the quota), or `fail(reason)` when the
//!   bundle could not be read (nothing changed).
//!
//! Applying a curation runs in the worker ([`crate::apply`] behind `curate-worker.js`), so the
//! page never freezes.

use std::cell::RefCell;

use atlas_curate::{
    check_document, new_document_id, Applied, Change, Curation, FieldValue, LocalDocument,
    NewFact,
};
use atlas_model::{Bundle, Dataset};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element};

thread_local! {
    static WORKER: RefCell<Option<web_sys::Worker>> = const { RefCell::new(None) };
    /// Files dropped on `#/curate`, until Extract.
    static DROPPED: RefCell<Vec<web_sys::File>> = const { RefCell::new(Vec::new()) };
    /// The fields of the Edit form open on the page (one at a time).
    static EDITING: RefCell<Vec<EditField>> = const { RefCell::new(Vec::new()) };
    /// The quote "Add fact" opened its form with.
    static ADDING: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("the curation controls run in a page")
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &key.into(), value);
}

fn call(host: &JsValue, method: &str, args: &Array) -> Result<JsValue, String> {
    get(host, method)
        .dyn_into::<Function>()
        .map_err(|_| format!("the page offers no {method}"))?
        .apply(host, args)
        .map_err(|e| {
            e.as_string()
                .unwrap_or_else(|| format!("the page's {method} failed"))
        })
}

/// What the app holds now.
struct State {
    published: Vec<u8>,
    current: Vec<u8>,
    curation: Curation,
    title: String,
}

fn state(host: &JsValue) -> Result<State, String> {
    let s = call(host, "state", &Array::new())?;
    let bytes = |k| {
        let v = get(&s, k);
        (!v.is_undefined() && !v.is_null()).then(|| Uint8Array::new(&v).to_vec())
    };
    let published = bytes("published").ok_or(
        "this atlas is split into shards: add documents to its corpus and rebuild it instead",
    )?;
    let current = bytes("current").unwrap_or_else(|| published.clone());
    let curation = Curation::decode(&bytes("curation").unwrap_or_default()).unwrap_or_default();
    Ok(State {
        published,
        current,
        curation,
        title: get(&s, "title").as_string().unwrap_or_default(),
    })
}

fn dataset(s: &State) -> Dataset {
    Bundle::decode(&s.current)
        .map(|b| b.dataset)
        .unwrap_or_else(|_| Dataset::empty())
}

/// Tell the app what to show, and disable the curation buttons while the worker is busy.
fn status(host: &JsValue, busy: bool, error: Option<&str>, notes: &[String]) {
    // Only what this disabled is enabled again (Export stays disabled with nothing to export).
    let which = if busy {
        "button[data-act]:not([disabled]), button[data-undo]:not([disabled])"
    } else {
        "button[data-busy]"
    };
    if let Ok(list) = document().query_selector_all(which) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = if busy {
                    el.set_attribute("disabled", "")
                        .and_then(|_| el.set_attribute("data-busy", ""))
                } else {
                    el.remove_attribute("disabled")
                        .and_then(|_| el.remove_attribute("data-busy"))
                };
            }
        }
    }
    let list: Array = notes.iter().map(|n| JsValue::from_str(n)).collect();
    let args = Array::of3(
        &busy.into(),
        &error.map(JsValue::from_str).unwrap_or(JsValue::NULL),
        &list,
    );
    let _ = call(host, "status", &args);
}

/// `s` with `&`, `<`, `>` and `"` escaped for HTML text and attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// ---------------------------------------------------------------------------------------
// The worker

/// The worker script and the files Trunk names after this crate (workers are not hashed).
const LOADER: &str = "./curate-worker.js";
const GLUE: &str = "./atlas-curate-worker.js";
const WASM: &str = "./atlas-curate-worker_bg.wasm";
/// The ids of the single file's inline worker script and wasm.
const INLINE_JS: &str = "pipeline-atlas-curate-js";
const INLINE_WASM: &str = "pipeline-atlas-curate-wasm";

/// The bytes of a base64 block.
fn inline_bytes(b64: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let binary = window
        .atob(b64.trim())
        .map_err(|_| "an inline block is not valid base64".to_owned())?;
    Ok(binary.chars().map(|c| c as u32 as u8).collect())
}

/// The worker and its init message: from the single file's inline blocks, else the files.
fn start() -> Result<(web_sys::Worker, Object), String> {
    let refused = |_| "the browser refused to start the curation worker".to_owned();
    let init = Object::new();
    let document = document();
    let Some(script) = document.get_element_by_id(INLINE_JS) else {
        set(&init, "glue", &GLUE.into());
        set(&init, "wasm", &WASM.into());
        return Ok((web_sys::Worker::new(LOADER).map_err(refused)?, init));
    };
    let wasm = document
        .get_element_by_id(INLINE_WASM)
        .and_then(|b| b.text_content())
        .ok_or("the curation module is missing from this file")?;
    set(&init, "wasm", &Uint8Array::from(inline_bytes(&wasm)?.as_slice()));
    let parts = Array::of1(&script.text_content().unwrap_or_default().into());
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

/// Post `msg` to the worker and wait for its answer (`{bytes}`, `{text}` or `{error}`).
async fn ask(msg: Object) -> Result<JsValue, String> {
    let w = worker()?;
    let promise = Promise::new(&mut |resolve, reject| {
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
    JsFuture::from(promise).await.map_err(|e| {
        e.as_string()
            .unwrap_or_else(|| "the curation worker failed".to_owned())
    })
}

/// `[bundle][Applied][u32 LE bundle length]` → (bundle, Applied bytes).
fn split_output(out: &[u8]) -> Option<(&[u8], &[u8])> {
    let tail = out.len().checked_sub(4)?;
    let len = u32::from_le_bytes(out.get(tail..)?.try_into().ok()?) as usize;
    Some((out.get(..len)?, out.get(len..tail)?))
}

/// Apply `next` (the current curation plus one more action) in the worker and hand the merged
/// atlas to the app. A change the build would refuse is not applied: its reason is the error
/// (also shown by the status line). `Ok` carries the worker's notes; a failed store (the
/// quota) is shown while the change stays applied in the page.
async fn submit(host: &JsValue, published: &[u8], next: &Curation) -> Result<Vec<String>, String> {
    status(host, true, None, &[]);
    let result = apply(host, published, next).await;
    match &result {
        Ok((notes, stored)) => status(host, false, stored.as_ref().err().map(String::as_str), notes),
        Err(e) => status(host, false, Some(e), &[]),
    }
    result.map(|(notes, _)| notes)
}

async fn apply(
    host: &JsValue,
    published: &[u8],
    next: &Curation,
) -> Result<(Vec<String>, Result<(), String>), String> {
    let encoded = next.encode();
    let msg = Object::new();
    set(&msg, "op", &"apply".into());
    set(&msg, "published", &Uint8Array::from(published));
    set(&msg, "curation", &Uint8Array::from(encoded.as_slice()));
    let answer = ask(msg).await?;
    let out = Uint8Array::new(&get(&answer, "bytes")).to_vec();
    let damaged = || "the curation worker sent a damaged answer".to_owned();
    let (bundle, meta) = split_output(&out).ok_or_else(damaged)?;
    let applied = Applied::decode(meta).map_err(|_| damaged())?;
    let (bundle, meta, cur) = (
        Uint8Array::from(bundle),
        Uint8Array::from(meta),
        Uint8Array::from(encoded.as_slice()),
    );
    let mut refused = None;
    let promise = Promise::new(&mut |ok, fail| {
        let args = Array::of5(&bundle, &meta, &cur, &ok, &fail);
        refused = call(host, "commit", &args).err();
    });
    if let Some(e) = refused {
        return Err(e);
    }
    let stored = JsFuture::from(promise).await.map_err(|e| {
        e.as_string()
            .unwrap_or_else(|| "the page could not show the changes".to_owned())
    })?;
    Ok((applied.notes, stored.as_string().map_or(Ok(()), Err)))
}

/// Run `next` through [`submit`], then `then` with the outcome.
fn spawn_submit(
    host: JsValue,
    published: Vec<u8>,
    next: Curation,
    then: impl FnOnce(Result<Vec<String>, String>) + 'static,
) {
    // Busy at once, so the page never shows a stale idle state in between.
    status(&host, true, None, &[]);
    spawn_local(async move {
        let result = submit(&host, &published, &next).await;
        then(result);
    });
}

// ---------------------------------------------------------------------------------------
// #/curate and #/curate/changes (the app renders both pages; these are their actions)

/// Extract (the app's `#/curate` form was submitted): read the files (`dropped` on the page,
/// and the file input's), the paste and the title, apply, open the first new document's
/// source page.
#[wasm_bindgen]
pub fn extract(host: JsValue, dropped: Array) {
    let mut files: Vec<web_sys::File> = dropped.iter().filter_map(|f| f.dyn_into().ok()).collect();
    if let Some(list) = element::<web_sys::HtmlInputElement>("curate-files").and_then(|i| i.files())
    {
        files.extend((0..list.length()).filter_map(|i| list.get(i)));
    }
    let pasted = element::<web_sys::HtmlTextAreaElement>("curate-paste")
        .map(|t| t.value())
        .unwrap_or_default();
    let title = element::<web_sys::HtmlInputElement>("curate-title")
        .map(|t| t.value().trim().to_owned())
        .unwrap_or_default();
    // Busy while the files are read too, so the last message is never a stale one.
    status(&host, true, None, &[]);
    spawn_local(async move {
        let s = match state(&host) {
            Ok(s) => s,
            Err(e) => return status(&host, false, Some(&e), &[]),
        };
        match read_documents(&s, files, &pasted, &title).await {
            Ok(docs) => {
                let first = docs.first().map(|d| d.id.clone());
                let mut next = s.curation.clone();
                next.documents.extend(docs);
                if submit(&host, &s.published, &next).await.is_ok() {
                    if let (Some(id), Some(w)) = (first, web_sys::window()) {
                        let _ = w.location().set_hash(&format!("#/doc/{id}"));
                    }
                }
            }
            Err(e) => status(&host, false, Some(&e), &[]),
        }
    });
}

/// Undo the `idx`-th local change (`#/curate/changes`).
#[wasm_bindgen]
pub fn undo(host: JsValue, idx: usize) {
    let Ok(s) = state(&host) else { return };
    let mut next = s.curation;
    if next.undo(idx) {
        spawn_submit(host, s.published, next, |_| {});
    }
}

/// The element with this id, as `T`.
fn element<T: JsCast>(id: &str) -> Option<T> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

/// Export changes: the worker writes the file, the page downloads it (no dialog).
#[wasm_bindgen]
pub fn export(host: JsValue) {
    spawn_local(async move {
        let s = match state(&host) {
            Ok(s) => s,
            Err(e) => return status(&host, false, Some(&e), &[]),
        };
        let msg = Object::new();
        set(&msg, "op", &"export".into());
        set(
            &msg,
            "curation",
            &Uint8Array::from(s.curation.encode().as_slice()),
        );
        set(&msg, "title", &s.title.as_str().into());
        let text = ask(msg)
            .await
            .and_then(|a| get(&a, "text").as_string().ok_or_else(|| "no answer".to_owned()));
        match text.and_then(|t| {
            download(
                "pipeline-atlas-changes.json",
                "application/json;charset=utf-8",
                &t,
            )
            .map_err(|_| "the browser refused the download".to_owned())
        }) {
            Ok(()) => {}
            Err(e) => status(&host, false, Some(&e), &[]),
        }
    });
}

fn download(filename: &str, mime: &str, content: &str) -> Result<(), JsValue> {
    let parts = Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let doc = document();
    let anchor: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.set_class_name("visually-hidden");
    let body = doc.body().ok_or("no <body>")?;
    body.append_child(&anchor)?;
    anchor.click();
    let _ = body.remove_child(&anchor);
    // Chromium starts the download on click; revoking a little later is safe for all.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            revoke.unchecked_ref(),
            10_000,
        );
    }
    Ok(())
}

/// The documents to add: every file, then the paste; the first refusal is the error.
async fn read_documents(
    s: &State,
    files: Vec<web_sys::File>,
    pasted: &str,
    title: &str,
) -> Result<Vec<LocalDocument>, String> {
    if files.is_empty() && pasted.trim().is_empty() {
        return Err(if pasted.is_empty() {
            "Nothing to extract: paste a document or choose files first".to_owned()
        } else {
            check_document("the pasted text", pasted.as_bytes())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        });
    }
    let mut taken: Vec<String> = Bundle::decode(&s.published)
        .map(|b| b.texts.into_iter().map(|t| t.doc).collect())
        .unwrap_or_default();
    taken.extend(s.curation.documents.iter().map(|d| d.id.clone()));
    let mut out = Vec::new();
    let single_file = files.len() == 1 && pasted.trim().is_empty();
    for file in files {
        let name = file.name();
        let size = file.size() as u64;
        if size > atlas_curate::document::MAX_DOCUMENT_BYTES {
            return Err(atlas_curate::DocumentError::TooLarge { name, bytes: size }.to_string());
        }
        let buffer = JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| format!("{name}: could not be read"))?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        let mut text = check_document(&name, &bytes).map_err(|e| e.to_string())?;
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".html") || lower.ends_with(".htm") {
            text = html_text(&text);
            check_document(&name, text.as_bytes()).map_err(|e| e.to_string())?;
        }
        let doc_title = if single_file && !title.is_empty() {
            title.to_owned()
        } else {
            name.clone()
        };
        let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
        let id = new_document_id(&name, &refs);
        taken.push(id.clone());
        out.push(LocalDocument {
            id,
            title: doc_title,
            text,
        });
    }
    if !pasted.trim().is_empty() {
        let text =
            check_document("the pasted text", pasted.as_bytes()).map_err(|e| e.to_string())?;
        let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
        let id = new_document_id(if title.is_empty() { "pasted" } else { title }, &refs);
        out.push(LocalDocument {
            id,
            title: title.to_owned(),
            text,
        });
    }
    Ok(out)
}

/// The text of an HTML document, as the browser parses it (a `DOMParser` never runs scripts).
/// The local document then is that text: what is exported, imported as `.txt` and rebuilt is
/// exactly what was extracted here.
fn html_text(html: &str) -> String {
    web_sys::DomParser::new()
        .ok()
        .and_then(|p| {
            p.parse_from_string(html, web_sys::SupportedType::TextHtml)
                .ok()
        })
        .and_then(|d| d.body())
        .and_then(|b| b.text_content())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// A source page's review actions

/// A review button was pressed on a source page (`data-act` of `accept`, `reject`, `edit`,
/// `cancel`, `add`, `cancel-fact`; the forms' Save buttons submit). The fact is the `<li>` around the
/// button (`data-selector`, `data-quote`); the document is the facts section's `data-doc`.
#[wasm_bindgen]
pub fn review(host: JsValue, button: Element) -> Result<(), JsValue> {
    let act = button.get_attribute("data-act").unwrap_or_default();
    let fact = button.closest("li[data-selector]")?;
    let section = button.closest("[data-doc]")?;
    let doc = section
        .as_ref()
        .and_then(|s| s.get_attribute("data-doc"))
        .unwrap_or_default();
    let selector = fact
        .as_ref()
        .and_then(|f| f.get_attribute("data-selector"))
        .unwrap_or_default();
    match act.as_str() {
        "accept" | "reject" => {
            let s = state(&host)?;
            let mut next = s.curation;
            let target = selector;
            next.changes.push(if act == "reject" {
                Change::Reject { target }
            } else {
                Change::Accept { target }
            });
            spawn_submit(host, s.published, next, |_| {});
        }
        "edit" => {
            let Some(fact) = fact else { return Ok(()) };
            let Some(slot) = fact.query_selector(".fact-edit")? else {
                return Ok(());
            };
            let open = button.get_attribute("aria-expanded").as_deref() == Some("true");
            close_edit_forms();
            if open {
                return Ok(());
            }
            let s = state(&host)?;
            let fields = edit_fields(&dataset(&s), &selector);
            let html = if fields.is_empty() {
                problem_html("edit-error", "This fact cannot be edited here")
            } else {
                format!(
                    concat!(
                        "<form class=\"fact-form\" data-testid=\"edit-form\" aria-label=\"Edit fact\">",
                        "<div class=\"fact-fields\">{}</div><div class=\"fact-problem\"></div>",
                        "<button type=\"submit\" data-act=\"save\">Save</button>",
                        "<button type=\"button\" data-act=\"cancel\">Cancel</button></form>"
                    ),
                    edit_form_html(&fields)
                )
            };
            EDITING.with(|e| *e.borrow_mut() = fields);
            slot.set_inner_html(&html);
            button.set_attribute("aria-expanded", "true")?;
            if let Some(form) = slot.query_selector("form")? {
                // Enter in a field submits the form: the same as Save.
                let host = host.clone();
                let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
                    ev.prevent_default();
                    if let Some(save) = ev
                        .target()
                        .and_then(|t| t.dyn_into::<Element>().ok())
                        .and_then(|f| f.query_selector("[data-act=save]").ok().flatten())
                    {
                        let _ = save_edit(&host, &save);
                    }
                });
                form.add_event_listener_with_callback(
                    "submit",
                    on_submit.into_js_value().unchecked_ref(),
                )?;
            }
        }
        // Save and Save fact are submit buttons: their forms' submit listeners act on them.
        "cancel" => close_edit_forms(),
        "add" => open_add_fact(&host, &button, &doc)?,
        "cancel-fact" => {
            ADDING.with(|a| *a.borrow_mut() = None);
            if let Some(slot) = button.closest(".add-fact-slot")? {
                slot.set_inner_html("");
            }
        }
        _ => {}
    }
    Ok(())
}

fn problem_html(test_id: &str, text: &str) -> String {
    format!(
        "<p class=\"error\" role=\"alert\" data-testid=\"{test_id}\">{}</p>",
        esc(text)
    )
}

/// Close every Edit form of the page.
fn close_edit_forms() {
    let doc = document();
    if let Ok(list) = doc.query_selector_all(".fact-edit") {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                el.set_inner_html("");
            }
        }
    }
    if let Ok(list) = doc.query_selector_all("[data-act=edit][aria-expanded=true]") {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                let _ = el.set_attribute("aria-expanded", "false");
            }
        }
    }
}

/// Show `text` as the problem of the form around `button`.
fn form_problem(button: &Element, test_id: &str, text: &str) {
    if let Some(slot) = button
        .closest("form")
        .ok()
        .flatten()
        .and_then(|f| f.query_selector(".fact-problem").ok().flatten())
    {
        slot.set_inner_html(&problem_html(test_id, text));
    }
}

fn save_edit(host: &JsValue, button: &Element) -> Result<(), JsValue> {
    let fact = button.closest("li[data-selector]")?;
    let quote = fact
        .as_ref()
        .and_then(|f| f.get_attribute("data-quote"))
        .unwrap_or_default();
    let doc = button
        .closest("[data-doc]")?
        .and_then(|s| s.get_attribute("data-doc"))
        .unwrap_or_default();
    let changes = match EDITING.with(|f| edit_changes(&f.borrow(), &doc, &quote)) {
        Ok(c) => c,
        Err(e) => {
            form_problem(button, "edit-error", &format!("Not saved: {e}"));
            return Ok(());
        }
    };
    let s = state(host)?;
    let mut next = s.curation;
    next.changes.extend(changes);
    let button = button.clone();
    // A saved correction re-renders the page, this form included.
    spawn_submit(host.clone(), s.published, next, move |r| {
        if let Err(e) = r {
            form_problem(&button, "edit-error", &format!("Not saved: {e}"));
        }
    });
    Ok(())
}

/// "Add fact": the text selected in the document becomes the quote of a small form.
fn open_add_fact(host: &JsValue, button: &Element, doc: &str) -> Result<(), JsValue> {
    let Some(slot) = button
        .closest(".add-fact")?
        .and_then(|d| d.query_selector(".add-fact-slot").ok().flatten())
    else {
        return Ok(());
    };
    let Some(q) = selected_text() else {
        slot.set_inner_html(&problem_html(
            "add-fact-error",
            "Select the sentence in the text first, then choose Add fact",
        ));
        return Ok(());
    };
    let s = state(host)?;
    let trials: String = dataset(&s)
        .trials
        .iter()
        .filter(|t| t.evidence.iter().any(|e| e.doc == doc))
        .map(|t| {
            format!(
                "<option value=\"{}\">{}</option>",
                esc(&t.id),
                esc(t.name.as_deref().unwrap_or(&t.id))
            )
        })
        .collect();
    let number = atlas_curate::first_number(&q).unwrap_or_default();
    let html = format!(
        concat!(
            "<form class=\"fact-form\" data-testid=\"fact-form\" aria-label=\"Add fact\">",
            "<div class=\"fact-fields\"><p class=\"meta\">Quote: <q>{quote}</q></p>",
            "<label for=\"fact-kind\">Kind of fact</label>",
            "<select id=\"fact-kind\"><option value=\"result\" selected>Result of a trial arm</option><option value=\"asset\">Drug (asset)</option></select>",
            "<div class=\"fact-fields\" id=\"fact-asset-fields\" hidden>",
            "<label for=\"fact-name\">Drug name</label><input id=\"fact-name\" type=\"text\"></div>",
            "<div class=\"fact-fields\" id=\"fact-result-fields\">",
            "<label for=\"fact-trial\">Trial</label><select id=\"fact-trial\">{options}</select>",
            "<label for=\"fact-arm\">Arm</label><input id=\"fact-arm\" type=\"text\">",
            "<label for=\"fact-endpoint\">Endpoint</label><input id=\"fact-endpoint\" type=\"text\">",
            "<label for=\"fact-value\">Value</label><input id=\"fact-value\" type=\"text\" value=\"{number}\">",
            "<label for=\"fact-n\">Patients (n)</label><input id=\"fact-n\" type=\"text\"></div></div>",
            "<div class=\"fact-problem\"></div>",
            "<button type=\"submit\" data-act=\"save-fact\">Save fact</button>",
            "<button type=\"button\" data-act=\"cancel-fact\">Cancel</button></form>",
        ),
        quote = esc(&q),
        options = trials,
        number = esc(number),
    );
    slot.set_inner_html(&html);
    ADDING.with(|a| *a.borrow_mut() = Some(q));
    if let Some(form) = slot.query_selector("form")? {
        let on_change = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
            let Some(kind) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .filter(|s| s.id() == "fact-kind")
            else {
                return;
            };
            let asset = kind.value() == "asset";
            for (id, hide) in [("fact-asset-fields", !asset), ("fact-result-fields", asset)] {
                if let Some(el) = document().get_element_by_id(id) {
                    let _ = if hide {
                        el.set_attribute("hidden", "")
                    } else {
                        el.remove_attribute("hidden")
                    };
                }
            }
        });
        form.add_event_listener_with_callback("change", on_change.into_js_value().unchecked_ref())?;
        let host = host.clone();
        let doc = doc.to_owned();
        let on_submit = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            ev.prevent_default();
            if let Some(save) = ev
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|f| f.query_selector("[data-act=save-fact]").ok().flatten())
            {
                let _ = save_fact(&host, &save, &doc);
            }
        });
        form.add_event_listener_with_callback("submit", on_submit.into_js_value().unchecked_ref())?;
    }
    Ok(())
}

fn save_fact(host: &JsValue, button: &Element, doc: &str) -> Result<(), JsValue> {
    let Some(q) = ADDING.with(|a| a.borrow().clone()) else {
        return Ok(());
    };
    let asset = element::<web_sys::HtmlSelectElement>("fact-kind").is_some_and(|k| k.value() == "asset");
    let fact = if asset {
        NewFact {
            fact: "asset".into(),
            doc: doc.to_owned(),
            quote: q,
            name: input("fact-name"),
            ..NewFact::default()
        }
    } else {
        NewFact {
            fact: "result".into(),
            doc: doc.to_owned(),
            quote: q,
            trial: input("fact-trial"),
            arm: input("fact-arm"),
            endpoint: input("fact-endpoint"),
            value: input("fact-value"),
            n: input("fact-n").and_then(|v| v.parse().ok()),
            ..NewFact::default()
        }
    };
    let s = state(host)?;
    let mut next = s.curation;
    next.changes.push(Change::Add(Box::new(fact)));
    let button = button.clone();
    // A saved fact re-renders the page, this form included.
    spawn_submit(host.clone(), s.published, next, move |r| match r {
        Ok(_) => ADDING.with(|a| *a.borrow_mut() = None),
        Err(e) => form_problem(&button, "add-fact-error", &format!("Not saved: {e}")),
    });
    Ok(())
}

/// The text currently selected in the page, if any.
fn selected_text() -> Option<String> {
    let selection = web_sys::window()?.get_selection().ok()??;
    let text: String = selection.to_string().into();
    (!text.is_empty()).then_some(text)
}

/// The trimmed value of the form control `id`, if not empty.
fn input(id: &str) -> Option<String> {
    let el = document().get_element_by_id(id)?;
    let value = match el.dyn_ref::<web_sys::HtmlInputElement>() {
        Some(i) => i.value(),
        None => el.dyn_ref::<web_sys::HtmlSelectElement>()?.value(),
    };
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

// ---------------------------------------------------------------------------------------
// The Edit form

/// How an edited field's text becomes an overlay value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldKind {
    Text,
    /// Comma-separated names.
    List,
    /// A number as typed, read by the engine.
    Figure,
    /// A whole number.
    Count,
    /// An endpoint code, chosen from the vocabulary.
    Endpoint,
}

/// One field of the Edit form: which fact and field it corrects, and its current text.
#[derive(Clone, Debug, PartialEq)]
pub struct EditField {
    /// The overlay selector corrected (a result's arm label corrects `arm:<id>`).
    pub target: String,
    /// The overlay field name (`value`, `agency`, …).
    pub field: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub current: String,
}

/// The fields the Edit form offers for one fact of `ds` (by its overlay selector): endpoint,
/// value, arm, subgroup, n and CI for a result; agency, designation and date for an event;
/// names, companies, targets and modality for an asset; name and phase of a trial; an arm's
/// label and n.
pub fn edit_fields(ds: &Dataset, selector: &str) -> Vec<EditField> {
    use FieldKind::*;
    let Some((kind, id)) = selector.split_once(':') else {
        return Vec::new();
    };
    let f = |target: &str, field, label, kind, current: String| EditField {
        target: target.to_owned(),
        field,
        label,
        kind,
        current,
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<f64>| {
        v.map(|v| atlas_view::num::decimal(v, 3))
            .unwrap_or_default()
    };
    match kind {
        "asset" => ds.assets.iter().find(|a| a.id == id).map(|a| {
            let companies: Vec<&str> = a.companies.iter().map(|c| c.name.as_str()).collect();
            vec![
                f(selector, "name", "Name", Text, a.name.clone()),
                f(
                    selector,
                    "aliases",
                    "Other names (comma-separated)",
                    List,
                    a.aliases.join(", "),
                ),
                f(
                    selector,
                    "companies",
                    "Companies (comma-separated)",
                    List,
                    companies.join(", "),
                ),
                f(
                    selector,
                    "targets",
                    "Targets (comma-separated)",
                    List,
                    a.targets.join(", "),
                ),
                f(selector, "modality", "Modality", Text, opt(&a.modality)),
            ]
        }),
        "event" => ds.events.iter().find(|e| e.id == id).map(|e| {
            vec![
                f(selector, "agency", "Agency", Text, opt(&e.agency)),
                f(
                    selector,
                    "designation",
                    "Designation",
                    Text,
                    opt(&e.designation),
                ),
                f(selector, "date", "Date (YYYY-MM-DD)", Text, opt(&e.date)),
            ]
        }),
        "trial" => ds.trials.iter().find(|t| t.id == id).map(|t| {
            vec![
                f(selector, "name", "Trial name", Text, opt(&t.name)),
                f(selector, "phase", "Phase", Text, opt(&t.phase)),
            ]
        }),
        "arm" => ds
            .trials
            .iter()
            .flat_map(|t| &t.arms)
            .find(|a| a.id == id)
            .map(|a| {
                vec![
                    f(selector, "label", "Arm", Text, a.label.clone()),
                    f(
                        selector,
                        "n",
                        "Patients (n)",
                        Count,
                        a.n.map(|n| n.to_string()).unwrap_or_default(),
                    ),
                ]
            }),
        "result" => {
            let (arm_id, rest) = id.split_once(':').unwrap_or((id, ""));
            let (endpoint, subgroup) = match rest.split_once(" | ") {
                Some((e, g)) => (e, Some(g)),
                None => (rest, None),
            };
            let arm = ds
                .trials
                .iter()
                .flat_map(|t| &t.arms)
                .find(|a| a.id == arm_id);
            arm.and_then(|arm| {
                let r = arm
                    .results
                    .iter()
                    .find(|r| r.endpoint == endpoint && r.subgroup.as_deref() == subgroup)?;
                let arm_sel = format!("arm:{arm_id}");
                // Endpoint and subgroup rename the result: they are corrected last.
                Some(vec![
                    f(selector, "value", "Value", Figure, num(r.value)),
                    f(&arm_sel, "label", "Arm", Text, arm.label.clone()),
                    f(
                        selector,
                        "n",
                        "Patients (n)",
                        Count,
                        r.n.map(|n| n.to_string()).unwrap_or_default(),
                    ),
                    f(selector, "ci_low", "CI, low", Figure, num(r.ci_low)),
                    f(selector, "ci_high", "CI, high", Figure, num(r.ci_high)),
                    f(selector, "subgroup", "Subgroup", Text, opt(&r.subgroup)),
                    f(
                        selector,
                        "endpoint",
                        "Endpoint",
                        Endpoint,
                        r.endpoint.clone(),
                    ),
                ])
            })
        }
        _ => None,
    }
    .unwrap_or_default()
}

/// The Edit form's inputs as HTML. Every control has a label; the endpoint is a choice from
/// the vocabulary (`atlas_view::labels`).
fn edit_form_html(fields: &[EditField]) -> String {
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        let id = format!("edit-{i}");
        out.push_str(&format!("<label for=\"{id}\">{}</label>", esc(f.label)));
        if f.kind == FieldKind::Endpoint {
            out.push_str(&format!("<select id=\"{id}\">"));
            let known = atlas_view::labels::LABELS
                .iter()
                .any(|(c, _)| *c == f.current);
            let current = (!known).then_some((f.current.as_str(), f.current.as_str()));
            for (code, label) in current
                .into_iter()
                .chain(atlas_view::labels::LABELS.iter().copied())
            {
                let selected = if code == f.current { " selected" } else { "" };
                out.push_str(&format!(
                    "<option value=\"{}\"{selected}>{} ({})</option>",
                    esc(code),
                    esc(label),
                    esc(code)
                ));
            }
            out.push_str("</select>");
        } else {
            out.push_str(&format!(
                "<input id=\"{id}\" type=\"text\" value=\"{}\">",
                esc(&f.current)
            ));
        }
    }
    out
}

/// The corrections an Edit form asks for: one per changed field, in the form's order.
fn edit_changes(fields: &[EditField], doc: &str, quote: &str) -> Result<Vec<Change>, String> {
    let typed: Vec<String> = (0..fields.len())
        .map(|i| input(&format!("edit-{i}")).unwrap_or_default())
        .collect();
    corrections(fields, &typed, doc, quote)
}

/// [`edit_changes`] on the typed texts (testable natively).
pub fn corrections(
    fields: &[EditField],
    typed: &[String],
    doc: &str,
    quote: &str,
) -> Result<Vec<Change>, String> {
    let mut out = Vec::new();
    // A corrected subgroup renames the result: later fields name it by its new selector.
    let mut renamed: Option<(String, String)> = None;
    for (f, typed) in fields.iter().zip(typed) {
        if *typed == f.current {
            continue;
        }
        let typed = typed.clone();
        let target = match &renamed {
            Some((from, to)) if *from == f.target => to.clone(),
            _ => f.target.clone(),
        };
        if f.field == "subgroup" {
            if let Some(rest) = f.target.strip_prefix("result:") {
                let base = rest.split(" | ").next().unwrap_or(rest);
                let to = if typed.is_empty() {
                    format!("result:{base}")
                } else {
                    format!("result:{base} | {typed}")
                };
                renamed = Some((f.target.clone(), to));
            }
        }
        let (value, backed) = match f.kind {
            FieldKind::Text | FieldKind::Endpoint => (FieldValue::Text(typed), false),
            FieldKind::List => (
                FieldValue::List(
                    typed
                        .split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect(),
                ),
                false,
            ),
            FieldKind::Figure => (FieldValue::Figure(typed), true),
            FieldKind::Count => match typed.parse::<u32>() {
                Ok(n) => (FieldValue::Count(n), false),
                Err(_) => return Err(format!("{} {typed:?} is not a whole number", f.label)),
            },
        };
        // A corrected figure cites the fact's quote, so the build checks the quote holds it.
        out.push(Change::Correct {
            target,
            field: f.field.to_owned(),
            value,
            doc: backed.then(|| doc.to_owned()),
            quote: backed.then(|| quote.to_owned()),
        });
    }
    if out.is_empty() {
        return Err("Nothing changed".to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_subgroup_renames_the_fields_after_it() {
        let field = |target: &str, field, kind, current: &str| EditField {
            target: target.into(),
            field,
            label: field,
            kind,
            current: current.into(),
        };
        let sel = "result:a1:ORR";
        let fields = vec![
            field(sel, "value", FieldKind::Figure, "45"),
            field(sel, "subgroup", FieldKind::Text, ""),
            field(sel, "endpoint", FieldKind::Endpoint, "ORR"),
        ];
        let typed = vec!["45".to_owned(), "all".to_owned(), "cORR".to_owned()];
        let out = corrections(&fields, &typed, "d", "q").unwrap();
        assert_eq!(out.len(), 2);
        assert!(
            matches!(&out[1], Change::Correct { target, .. } if target == "result:a1:ORR | all")
        );
        let unchanged = vec!["45".to_owned(), String::new(), "ORR".to_owned()];
        assert_eq!(
            corrections(&fields, &unchanged, "d", "q").unwrap_err(),
            "Nothing changed"
        );
        let counted = vec![field(sel, "n", FieldKind::Count, "")];
        assert!(corrections(&counted, &["x".to_owned()], "d", "q")
            .unwrap_err()
            .contains("not a whole number"));
    }
}
