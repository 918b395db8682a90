//! The curation worker's wasm: [`atlas_curate::engine`] behind three JS-callable functions.
//!
//! Trunk builds it as a `data-type="worker"` module (wasm-bindgen `--target no-modules`); the
//! app's `static/curate-worker.js` loads it inside a Web Worker and passes messages through,
//! so extraction, the overlay and the index build never block the page. Curations arrive as
//! postcard (`Curation::encode`), the form the app stores; errors are one sentence of text.

pub mod ui;

use atlas_curate::engine;
use atlas_curate::Curation;
use atlas_model::Bundle;
use wasm_bindgen::prelude::*;

/// Apply a curation to a published bundle: `[merged bundle][Applied, postcard][u32 LE length
/// of the bundle]`, one buffer the worker can transfer. A refused change is the error.
#[wasm_bindgen]
pub fn apply(published: &[u8], curation: &[u8]) -> Result<Vec<u8>, JsValue> {
    apply_inner(published, curation).map_err(|e| JsValue::from_str(&e))
}

/// The export file's text for a curation of the atlas titled `atlas_title` (`export` is a
/// JS keyword, so wasm-bindgen would rename it; the JS name is chosen here instead).
#[wasm_bindgen(js_name = exportChanges)]
pub fn export_changes(curation: &[u8], atlas_title: &str) -> Result<String, JsValue> {
    let c = ui::curation(curation)?;
    Ok(engine::export(&c, atlas_title))
}

/// The dataset `atlas-extract FILE` prints for one document (for the equality test).
#[wasm_bindgen]
pub fn extract_json(doc_id: &str, text: &str) -> String {
    engine::extract_json(doc_id, text)
}

/// [`apply`] with plain Rust errors, testable natively.
pub fn apply_inner(published: &[u8], curation: &[u8]) -> Result<Vec<u8>, String> {
    let published = Bundle::decode(published).map_err(|e| e.to_string())?;
    let c = if curation.is_empty() {
        Curation::default()
    } else {
        Curation::decode(curation).map_err(|e| e.to_string())?
    };
    let merged = engine::apply(&published, &c).map_err(|e| e.to_string())?;
    let mut out = merged.bundle.encode();
    let len = u32::try_from(out.len()).map_err(|_| "the merged atlas is over 4 GB".to_owned())?;
    out.extend_from_slice(&merged.applied.encode());
    out.extend_from_slice(&len.to_le_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_curate::{Applied, LocalDocument};

    #[test]
    fn apply_answers_a_bundle_and_its_notes_or_a_reason() {
        let published = Bundle::new(atlas_model::Dataset::empty(), Vec::new()).encode();
        let c = Curation {
            documents: vec![LocalDocument {
                id: "local-a".into(),
                title: "A".into(),
                text: "The FDA granted Fast Track Designation to AC-101, an antibody.".into(),
            }],
            changes: vec![],
        };
        let out = apply_inner(&published, &c.encode()).unwrap();
        let len = u32::from_le_bytes(out[out.len() - 4..].try_into().unwrap()) as usize;
        let bundle = Bundle::decode(&out[..len]).unwrap();
        assert!(bundle.dataset.assets.iter().any(|a| a.id == "ac-101"));
        let applied = Applied::decode(&out[len..out.len() - 4]).unwrap();
        assert_eq!(applied.local_assets, vec!["ac-101".to_owned()]);
        let err = apply_inner(b"nope", &c.encode()).unwrap_err();
        assert!(err.contains("not a Pipeline Atlas bundle"), "{err}");
    }
}
