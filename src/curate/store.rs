//! The curation's copy in IndexedDB, read at start: one record per atlas key, holding the
//! curation (postcard), the merged bundle the worker built, its notes and what a new build
//! merged. The curation controls (`static/curate-ui.js`) write it, and show a write the
//! browser refuses (the storage quota); nothing already stored is touched by a failed write.

use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const DB: &str = "pipeline-atlas-curation";
const STORE: &str = "atlases";

/// One stored atlas.
pub struct Saved {
    /// `Curation::encode`.
    pub curation: Vec<u8>,
    pub bundle: Vec<u8>,
    /// `Applied::encode`.
    pub meta: Vec<u8>,
    /// What a new build of the atlas already held when the changes were carried over to it.
    pub merged: Vec<String>,
    /// What the pages show of the curation (`{items, verdicts}`).
    pub summary: JsValue,
}

/// A request's result as a future: `onsuccess` resolves, `onerror` rejects with the error's
/// name and message.
async fn settle(req: &web_sys::IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok = req.clone();
        let bad = req.clone();
        let on_success = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &describe(bad.error().ok().flatten()).into());
        });
        req.set_onsuccess(Some(on_success.unchecked_ref()));
        req.set_onerror(Some(on_error.unchecked_ref()));
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| "storage error".to_owned()))
}

/// A storage error in words.
fn describe(e: Option<web_sys::DomException>) -> String {
    match e {
        Some(e) => format!(
            "the browser could not read your changes: {}: {}",
            e.name(),
            e.message()
        ),
        None => "the browser could not read your changes".to_owned(),
    }
}

async fn open() -> Result<web_sys::IdbDatabase, String> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or("this browser offers no IndexedDB, so changes cannot be kept")?;
    let req = factory
        .open_with_u32(DB, 1)
        .map_err(|_| "IndexedDB refused to open".to_owned())?;
    let upgrade = req.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(db) = upgrade.result() {
            let db: web_sys::IdbDatabase = db.unchecked_into();
            let _ = db.create_object_store(STORE);
        }
    });
    req.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    Ok(settle(&req).await?.unchecked_into())
}

fn store(
    db: &web_sys::IdbDatabase,
    mode: web_sys::IdbTransactionMode,
) -> Result<(web_sys::IdbTransaction, web_sys::IdbObjectStore), String> {
    let tx = db
        .transaction_with_str_and_mode(STORE, mode)
        .map_err(|_| "IndexedDB refused a transaction".to_owned())?;
    let store = tx
        .object_store(STORE)
        .map_err(|_| "IndexedDB has no store".to_owned())?;
    Ok((tx, store))
}

/// The atlas stored under `key`, if any.
pub async fn get(key: &str) -> Result<Option<Saved>, String> {
    let db = open().await?;
    let (_tx, store) = store(&db, web_sys::IdbTransactionMode::Readonly)?;
    let req = store
        .get(&key.into())
        .map_err(|_| "IndexedDB refused a read".to_owned())?;
    let value = settle(&req).await?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let field = |name: &str| Reflect::get(&value, &name.into()).unwrap_or(JsValue::UNDEFINED);
    Ok(Some(Saved {
        curation: Uint8Array::new(&field("curation")).to_vec(),
        bundle: Uint8Array::new(&field("bundle")).to_vec(),
        meta: Uint8Array::new(&field("meta")).to_vec(),
        summary: field("summary"),
        merged: field("merged")
            .dyn_into::<js_sys::Array>()
            .unwrap_or_default()
            .iter()
            .filter_map(|m| m.as_string())
            .collect(),
    }))
}

/// A key other than `key` that starts with `prefix` (another build of the same atlas), if any.
pub async fn other_key(prefix: &str, key: &str) -> Result<Option<String>, String> {
    let db = open().await?;
    let (_tx, store) = store(&db, web_sys::IdbTransactionMode::Readonly)?;
    let req = store
        .get_all_keys()
        .map_err(|_| "IndexedDB refused a read".to_owned())?;
    let keys = js_sys::Array::from(&settle(&req).await?);
    Ok(keys
        .iter()
        .filter_map(|k| k.as_string())
        .rfind(|k| k.starts_with(prefix) && k != key))
}
