//! In-browser curation, the app's side: the curator's [`Curation`] (a signal the header and
//! the review badges read), the status line, its copy in IndexedDB, and the loader of the
//! curation controls.
//!
//! The app links neither the extractor nor the curation controls. The controls
//! (`static/curate-ui.js`: the actions of `#/curate`, Undo, Accept / Reject / Edit, Add fact)
//! are loaded the first time a curator acts ([`call`]) and ask the `atlas-curate-worker`
//! module, in a Web Worker, for everything that needs the dataset or the curation's types;
//! applying a curation — extracting local documents, merging them into the published dataset,
//! applying the changes as overlay entries, building the search index — runs there too. The
//! pages here render the controls as plain markup and forward the events. The merged bundle comes
//! back through the [`host`] object's `commit`: the app swaps it in ([`crate::data::replace`])
//! and stores it with the curation under the atlas's title and a hash of its published data,
//! so a reload shows the merged atlas straight from IndexedDB, without loading any of it.

mod store;

use std::cell::RefCell;

use atlas_curate::Applied;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    /// The count of local changes (what the header shows): the only reactive curation state.
    /// The rest is read when a page renders (every change re-renders the page), and the status
    /// line is the curation controls' (they fill every `.curate-status` of the page).
    static COUNT: std::cell::Cell<Option<RwSignal<u32>>> = const { std::cell::Cell::new(None) };
    /// A problem of the start (the stored changes could not be read), shown by the status line
    /// until the controls take it over.
    static START_PROBLEM: RefCell<Option<String>> = const { RefCell::new(None) };
    /// What the pages show of the curation (`{items, verdicts}`, written by the worker's
    /// `summary`): the app never decodes a curation.
    static SUMMARY: RefCell<JsValue> = const { RefCell::new(JsValue::UNDEFINED) };
    static MERGED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// How many local changes there are (reactive).
pub fn count() -> RwSignal<u32> {
    COUNT.with(|c| match c.get() {
        Some(s) => s,
        None => {
            let s = RwSignal::new(0);
            c.set(Some(s));
            s
        }
    })
}

fn summary_field(name: &str) -> JsValue {
    SUMMARY.with(|s| Reflect::get(&s.borrow(), &name.into()).unwrap_or(JsValue::UNDEFINED))
}

/// One line per local change, in the order Undo counts them.
pub fn items() -> Vec<String> {
    summary_field("items")
        .dyn_into::<Array>()
        .unwrap_or_default()
        .iter()
        .filter_map(|i| i.as_string())
        .collect()
}

/// The curator's verdict on the fact `selector` (`accepted`, `rejected`, `corrected`), if any.
pub fn verdict(selector: &str) -> Option<String> {
    Reflect::get(&summary_field("verdicts"), &selector.into())
        .ok()?
        .as_string()
}

fn set_summary(summary: JsValue) {
    SUMMARY.with(|slot| *slot.borrow_mut() = summary);
    count().set(items().len() as u32);
}

/// What a new build already held of the changes carried over to it (shown as merged).
pub fn merged() -> Vec<String> {
    MERGED.with(|m| m.borrow().clone())
}

fn set_merged(m: Vec<String>) {
    MERGED.with(|slot| *slot.borrow_mut() = m);
}

/// Whether this atlas can be curated here (the start bundle holds the whole dataset).
pub fn available() -> bool {
    crate::data::published_bytes().is_some()
}

/// The IndexedDB key of this atlas: its title and a hash of its published data, so another
/// atlas (or a new build of this one) starts from its own state.
fn store_key() -> Option<String> {
    let bytes = crate::data::published_bytes()?;
    let title = crate::data::bundle().ok()?.title.clone();
    Some(format!(
        "{title} · {:016x}",
        atlas_model::shard::content_hash(bytes)
    ))
}

/// At start: put back the merged atlas a previous visit stored, before the first render.
pub async fn restore() {
    let Some(key) = store_key() else { return };
    match store::get(&key).await {
        Ok(Some(saved)) => {
            let Ok(meta) = Applied::decode(&saved.meta) else {
                return report("the stored changes could not be read".to_owned());
            };
            match crate::data::replace(&saved.bundle, meta.local_assets) {
                Ok(()) => {
                    ENCODED.with(|e| *e.borrow_mut() = saved.curation);
                    set_merged(saved.merged);
                    set_summary(saved.summary)
                }
                Err(e) => report(format!("the stored atlas could not be read: {e}")),
            }
        }
        // None for this build: the changes made on an earlier build of this atlas (same
        // title, other data) are carried over once the page is up ([`carry_over`]).
        Ok(None) => {
            let prefix = key.split(" · ").next().unwrap_or_default().to_owned() + " · ";
            if let Ok(Some(old)) = store::other_key(&prefix, &key).await {
                if let Ok(Some(saved)) = store::get(&old).await {
                    CARRY.with(|c| *c.borrow_mut() = Some(saved.curation));
                }
            }
        }
        Err(e) => report(e),
    }
}

/// After start: hand the curation of an earlier build to the controls, which list what this
/// build already holds as merged and apply the rest to it.
pub fn carry_over() {
    if let Some(old) = CARRY.with(|c| c.borrow_mut().take()) {
        call("carry_over", vec![Uint8Array::from(old.as_slice()).into()]);
    }
}

/// Show `e` in every status line of the page (before the controls are loaded, or when they
/// cannot be).
fn report(e: String) {
    let html = format!(
        "<p class=\"error\" role=\"alert\" data-testid=\"curate-error\">{}</p>",
        crate::pages::curate::esc(&e)
    );
    status_html(&html);
    START_PROBLEM.with(|p| *p.borrow_mut() = Some(html));
}

/// Set the content of every status line of the page.
fn status_html(html: &str) {
    if let Ok(list) = leptos::prelude::document().query_selector_all(".curate-status") {
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                el.set_inner_html(html);
            }
        }
    }
}

/// What a new status line shows before the controls are loaded: a problem of the start.
pub fn start_status() -> String {
    START_PROBLEM.with(|p| p.borrow().clone().unwrap_or_default())
}

thread_local! {
    /// The curation of an earlier build of this atlas, to carry over.
    static CARRY: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
    /// The current curation as the controls read it ([`Curation::encode`]d by them).
    static ENCODED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The host object handed to the controls, made once.
    static HOST: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// The controls' module, once loaded (its init function, which carries its exports).
    static UI: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// Calls made while it loads.
    static PENDING: RefCell<Vec<(&'static str, Vec<JsValue>)>> = const { RefCell::new(Vec::new()) };
}

/// The object the curation controls talk to the app through: `state()` and `commit(bundle,
/// meta, curation, merged, summary)` (see ARCHITECTURE.md, "In-browser
/// curation").
fn host() -> JsValue {
    if let Some(h) = HOST.with(|h| h.borrow().clone()) {
        return h;
    }
    let h = Object::new();
    let state = Closure::<dyn Fn() -> JsValue>::new(|| {
        let s = Object::new();
        let put = |k: &str, v: JsValue| {
            let _ = Reflect::set(&s, &k.into(), &v);
        };
        if let Some(p) = crate::data::published_bytes() {
            put("published", Uint8Array::from(p).into());
        }
        if let Some(c) = crate::data::current_bytes() {
            put("current", c.into());
        }
        put(
            "curation",
            ENCODED
                .with(|e| Uint8Array::from(e.borrow().as_slice()))
                .into(),
        );
        let title = crate::data::bundle()
            .map(|b| b.title.clone())
            .unwrap_or_default();
        put("title", title.into());
        if let Some(key) = store_key() {
            put("key", key.into());
        }
        s.into()
    });
    type Commit =
        dyn Fn(Uint8Array, Uint8Array, Uint8Array, JsValue, JsValue) -> Result<Array, JsValue>;
    let commit = Closure::<Commit>::new(
        |bundle: Uint8Array,
         meta: Uint8Array,
         cur: Uint8Array,
         carried: JsValue,
         summary: JsValue| {
            // What the new build already holds of a carried-over curation.
            if !carried.is_undefined() {
                set_merged(
                    carried
                        .dyn_into::<Array>()
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|m| m.as_string())
                        .collect(),
                );
            }
            commit(&bundle.to_vec(), &meta.to_vec(), &cur.to_vec(), summary)
                .map_err(JsValue::from)?;
            Ok(merged().iter().map(|m| JsValue::from_str(m)).collect())
        },
    );
    for (k, f) in [
        ("state", state.into_js_value()),
        ("commit", commit.into_js_value()),
    ] {
        let _ = Reflect::set(&h, &k.into(), &f);
    }
    let h: JsValue = h.into();
    HOST.with(|slot| *slot.borrow_mut() = Some(h.clone()));
    h
}

/// Swap in the merged atlas the worker built and keep the curation; on error (the bundle
/// cannot be read) nothing changes. The controls then store the record in IndexedDB.
fn commit(bundle: &[u8], meta: &[u8], cur: &[u8], summary: JsValue) -> Result<(), String> {
    let applied = Applied::decode(meta)
        .map_err(|_| "the curation worker sent a damaged answer".to_owned())?;
    // The curation first: the re-render that `replace` starts reads it (verdict badges).
    ENCODED.with(|e| *e.borrow_mut() = cur.to_vec());
    set_summary(summary);
    crate::data::replace(bundle, applied.local_assets)
}

/// Append `<script src=url>` and wait for it to run.
async fn script(url: &str) -> Result<(), String> {
    let document = leptos::prelude::document();
    let el = document
        .create_element("script")
        .map_err(|_| "could not add a script".to_owned())?;
    let _ = el.set_attribute("src", url);
    let done = Promise::new(&mut |resolve, reject| {
        let _ = el.add_event_listener_with_callback("load", &resolve);
        let _ = el.add_event_listener_with_callback("error", &reject);
    });
    document
        .head()
        .ok_or("the page has no head")?
        .append_child(&el)
        .map_err(|_| "could not add a script".to_owned())?;
    wasm_bindgen_futures::JsFuture::from(done)
        .await
        .map(|_| ())
        .map_err(|_| "the curation controls could not be loaded".to_owned())
}

/// The curation controls (`static/curate-ui.js`, which names itself `atlasCurate`): in the
/// hosted atlas a same-origin script added now; in the single file already part of the page's
/// one script. They start the worker themselves when they first need it.
async fn load() -> Result<JsValue, String> {
    let global: JsValue = js_sys::global().into();
    let find = || Reflect::get(&global, &"atlasCurate".into()).unwrap_or(JsValue::UNDEFINED);
    if find().is_undefined() {
        script("./curate-ui.js").await?;
    }
    let module = find();
    if module.is_undefined() {
        return Err("the curation controls did not load".to_owned());
    }
    Ok(module)
}

/// Call the controls' function `name` with the host first and `args` after, loading the
/// module first if need be (calls made meanwhile wait in order). A failure is shown in the
/// status line.
pub fn call(name: &'static str, args: Vec<JsValue>) {
    if let Some(module) = UI.with(|ui| ui.borrow().clone()) {
        return invoke(&module, name, args);
    }
    let first = PENDING.with(|p| {
        let mut p = p.borrow_mut();
        p.push((name, args));
        p.len() == 1
    });
    if !first {
        return;
    }
    // Busy while the module loads: what the curator pressed is under way.
    status_html("<p role=\"status\" data-testid=\"curate-busy\">Working…</p>");
    leptos::task::spawn_local(async {
        let loaded = load().await;
        let pending = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
        match loaded {
            Ok(module) => {
                UI.with(|ui| *ui.borrow_mut() = Some(module.clone()));
                START_PROBLEM.with(|p| *p.borrow_mut() = None);
                status_html("");
                for (name, args) in pending {
                    invoke(&module, name, args);
                }
            }
            // Nothing kept: the next action tries again.
            Err(e) => report(e),
        }
    });
}

fn invoke(module: &JsValue, name: &str, args: Vec<JsValue>) {
    let result = Reflect::get(module, &name.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| format!("the curation controls have no {name}"))
        .and_then(|f| {
            let all: Array = std::iter::once(host()).chain(args).collect();
            f.apply(&JsValue::NULL, &all)
                .map(|_| ())
                .map_err(|e| e.as_string().unwrap_or_else(|| format!("{name} failed")))
        });
    if let Err(e) = result {
        report(e);
    }
}
