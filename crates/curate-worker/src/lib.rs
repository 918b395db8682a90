//! The curation worker's wasm: [`atlas_curate::engine`] behind three JS-callable functions.
//!
//! Trunk builds it as a `data-type="worker"` module (wasm-bindgen `--target no-modules`); the
//! app's `static/curate-worker.js` loads it inside a Web Worker and passes messages through,
//! so extraction, the overlay and the index build never block the page.

use atlas_curate::engine::{self, CurateError};
use atlas_curate::Curation;
use atlas_model::Bundle;
use wasm_bindgen::prelude::*;

/// Apply a curation (JSON) to a published bundle: the merged bundle's bytes, then a JSON line
/// of local asset ids and notes — `[bundle bytes][JSON][u32 LE length of the bundle]`, so one
/// transferable buffer carries both. A refused change is an error `{"change_idx": i,
/// "reason": "..."}` (or `{"reason": "..."}`), as JSON text.
#[wasm_bindgen]
pub fn apply(published: &[u8], curation: &str) -> Result<Vec<u8>, JsValue> {
    apply_inner(published, curation).map_err(|e| JsValue::from_str(&e))
}

/// The export file's text for a curation (JSON) of the atlas titled `atlas_title`.
#[wasm_bindgen]
pub fn export(curation: &str, atlas_title: &str) -> Result<String, JsValue> {
    let c: Curation =
        serde_json::from_str(curation).map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(engine::export(&c, atlas_title))
}

/// The dataset `atlas-extract FILE` prints for one document (for the equality test).
#[wasm_bindgen]
pub fn extract_json(doc_id: &str, text: &str) -> String {
    engine::extract_json(doc_id, text)
}

fn refusal(change_idx: Option<usize>, reason: &str) -> String {
    serde_json::json!({ "change_idx": change_idx, "reason": reason }).to_string()
}

/// [`apply`] with plain Rust errors, testable natively.
pub fn apply_inner(published: &[u8], curation: &str) -> Result<Vec<u8>, String> {
    let published = Bundle::decode(published).map_err(|e| refusal(None, &e.to_string()))?;
    let c: Curation = serde_json::from_str(curation)
        .map_err(|e| refusal(None, &format!("stored changes: {e}")))?;
    let applied = engine::apply(&published, &c).map_err(|e| match &e {
        CurateError::Change { change_idx, reason } => refusal(Some(*change_idx), reason),
        other => refusal(None, &other.to_string()),
    })?;
    let meta = serde_json::json!({
        "local_assets": applied.local_assets,
        "notes": applied.notes,
    })
    .to_string();
    let mut out = applied.bundle.encode();
    let len = out.len() as u32;
    out.extend_from_slice(meta.as_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    Ok(out)
}
