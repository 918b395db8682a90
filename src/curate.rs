//! In-browser curation, the app's side: the curator's [`Curation`] (a signal the header and
//! the review badges read), the status line, its copy in IndexedDB, and the loader of the
//! curation controls.
//!
//! The app links neither the extractor nor the curation controls. Both are the
//! `atlas-curate-worker` wasm: the controls (`atlas_curate_worker::ui`: the actions of
//! `#/curate`, Undo, Accept / Reject / Edit, Add fact) run on the main thread from the same
//! module the worker runs, instantiated the first time a curator acts ([`call`]); applying a
//! curation — extracting local documents, merging them into the published dataset, applying
//! the changes as overlay entries, building the search index — runs in the worker. The pages
//! here render the controls as plain markup and forward the events. The merged bundle comes
//! back through the [`host`] object's `commit`: the app swaps it in ([`crate::data::replace`])
//! and stores it with the curation under the atlas's title and a hash of its published data,
//! so a reload shows the merged atlas straight from IndexedDB, without loading any of it.

mod store;

use std::cell::RefCell;

use atlas_curate::{Applied, Curation};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where the curation stands: what the pages show while the worker runs and after.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    pub busy: bool,
    /// A refusal or failure, shown as an alert.
    pub error: Option<String>,
    /// Notes about the last applied curation (a document naming no drug, …).
    pub notes: Vec<String>,
}

thread_local! {
    static STATE: std::cell::Cell<Option<(RwSignal<Curation>, RwSignal<Status>)>> =
        const { std::cell::Cell::new(None) };
}

fn signals() -> (RwSignal<Curation>, RwSignal<Status>) {
    STATE.with(|s| match s.get() {
        Some(pair) => pair,
        None => {
            let pair = (
                RwSignal::new(Curation::default()),
                RwSignal::new(Status::default()),
            );
            s.set(Some(pair));
            pair
        }
    })
}

/// The curator's documents and changes (empty until they act, or restored at start).
pub fn curation() -> RwSignal<Curation> {
    signals().0
}

/// The worker's state and the last message for the curator.
pub fn status() -> RwSignal<Status> {
    signals().1
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
            let (Ok(c), Ok(meta)) = (
                Curation::decode(&saved.curation),
                Applied::decode(&saved.meta),
            ) else {
                return report(Err("the stored changes could not be read".to_owned()));
            };
            match crate::data::replace(&saved.bundle, meta.local_assets) {
                Ok(()) => {
                    ENCODED.with(|e| *e.borrow_mut() = saved.curation);
                    curation().set(c)
                }
                Err(e) => report(Err(format!("the stored atlas could not be read: {e}"))),
            }
        }
        Ok(None) => {}
        Err(e) => report(Err(e)),
    }
}

fn report(result: Result<Vec<String>, String>) {
    status().update(|s| {
        s.busy = false;
        match result {
            Ok(notes) => {
                s.error = None;
                s.notes = notes;
            }
            Err(e) => s.error = Some(e),
        }
    });
}


thread_local! {
    /// The current curation as the controls read it ([`Curation::encode`]d by them).
    static ENCODED: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The host object handed to the controls, made once.
    static HOST: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// The controls' module, once loaded (its init function, which carries its exports).
    static UI: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// Calls made while it loads.
    static PENDING: RefCell<Vec<(&'static str, Vec<JsValue>)>> = const { RefCell::new(Vec::new()) };
}

/// The object the curation controls talk to the app through: `state()`, `status(busy, error,
/// notes)` and `commit(bundle, meta, curation, ok, fail)` (see `atlas_curate_worker::ui`).
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
            ENCODED.with(|e| Uint8Array::from(e.borrow().as_slice())).into(),
        );
        let title = crate::data::bundle()
            .map(|b| b.title.clone())
            .unwrap_or_default();
        put("title", title.into());
        s.into()
    });
    let status_fn = Closure::<dyn Fn(bool, JsValue, Array)>::new(
        |busy: bool, error: JsValue, notes: Array| {
            status().set(Status {
                busy,
                error: error.as_string(),
                notes: notes.iter().filter_map(|n| n.as_string()).collect(),
            });
        },
    );
    let commit = Closure::<dyn Fn(Uint8Array, Uint8Array, Uint8Array, Function, Function)>::new(
        |bundle: Uint8Array, meta: Uint8Array, cur: Uint8Array, ok: Function, fail: Function| {
            leptos::task::spawn_local(async move {
                let (bundle, meta, cur) = (bundle.to_vec(), meta.to_vec(), cur.to_vec());
                let _ = match commit(&bundle, &meta, &cur).await {
                    Ok(stored) => ok.call1(
                        &JsValue::NULL,
                        &stored.err().map_or(JsValue::NULL, JsValue::from),
                    ),
                    Err(e) => fail.call1(&JsValue::NULL, &e.into()),
                };
            })
        },
    );
    for (k, f) in [
        ("state", state.into_js_value()),
        ("status", status_fn.into_js_value()),
        ("commit", commit.into_js_value()),
    ] {
        let _ = Reflect::set(&h, &k.into(), &f);
    }
    let h: JsValue = h.into();
    HOST.with(|slot| *slot.borrow_mut() = Some(h.clone()));
    h
}

/// Swap in the merged atlas the worker built, keep the curation, store both. `Err`: the
/// bundle could not be read (nothing changed); `Ok(Err)`: shown but not stored (the quota).
async fn commit(bundle: &[u8], meta: &[u8], cur: &[u8]) -> Result<Result<(), String>, String> {
    let damaged = || "the curation worker sent a damaged answer".to_owned();
    let applied = Applied::decode(meta).map_err(|_| damaged())?;
    let next = Curation::decode(cur).map_err(|_| damaged())?;
    let key = store_key().ok_or_else(damaged)?;
    // The curation first: the re-render that `replace` starts reads it (verdict badges).
    ENCODED.with(|e| *e.borrow_mut() = cur.to_vec());
    curation().set(next);
    crate::data::replace(bundle, applied.local_assets)?;
    Ok(store::put(&key, cur, bundle, meta).await)
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

/// Load and instantiate the controls' module: in the hosted atlas its glue
/// (`atlas-curate-worker.js`, same origin) and `curate-ui.js`, which names it
/// `atlasCurate`, then its wasm by URL; in the single file the glue is already part of the
/// page's one script and the wasm comes from the inert block the worker is made from.
async fn load() -> Result<JsValue, String> {
    let global: JsValue = js_sys::global().into();
    let find = || Reflect::get(&global, &"atlasCurate".into()).unwrap_or(JsValue::UNDEFINED);
    let source: JsValue = if find().is_undefined() {
        script("./atlas-curate-worker.js").await?;
        script("./curate-ui.js").await?;
        "./atlas-curate-worker_bg.wasm".into()
    } else {
        let b64 = leptos::prelude::document()
            .get_element_by_id("pipeline-atlas-curate-wasm")
            .and_then(|b| b.text_content())
            .ok_or("the curation module is missing from this file")?;
        Uint8Array::from(crate::data::inline_bytes(&b64)?.as_slice()).into()
    };
    let init: Function = find()
        .dyn_into()
        .map_err(|_| "the curation controls did not load".to_owned())?;
    let arg = Object::new();
    let _ = Reflect::set(&arg, &"module_or_path".into(), &source);
    let started: Promise = init
        .call1(&JsValue::NULL, &arg)
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or("the curation controls could not start")?;
    wasm_bindgen_futures::JsFuture::from(started)
        .await
        .map_err(|_| "the curation controls could not start".to_owned())?;
    Ok(init.into())
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
    status().update(|s| {
        s.busy = true;
        s.error = None;
    });
    leptos::task::spawn_local(async {
        let loaded = load().await;
        let pending = PENDING.with(|p| std::mem::take(&mut *p.borrow_mut()));
        match loaded {
            Ok(module) => {
                UI.with(|ui| *ui.borrow_mut() = Some(module.clone()));
                status().update(|s| s.busy = false);
                for (name, args) in pending {
                    invoke(&module, name, args);
                }
            }
            // Nothing kept: the next action tries again.
            Err(e) => report(Err(e)),
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
        report(Err(e));
    }
}
