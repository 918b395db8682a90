//! The dataset bundle: loaded once before the first render, then read everywhere.
//!
//! The bundle sits beside the wasm as a content-hashed file (`atlas-data-<hash>.bin`, named by
//! a `<meta name="pipeline-atlas-data">` that `cargo xtask dist` writes into `index.html`), or
//! inline as base64 in `<script type="application/octet-stream" id="pipeline-atlas-data">` in
//! the single-file build. Keeping it out of the wasm means editing a document rebuilds the
//! atlas without recompiling or re-optimising the app; it is fetched from the page's own
//! origin only, before anything renders, so the app still "fetches nothing" once it runs.

use std::sync::OnceLock;

use atlas_model::{Bundle, BundleError};
use atlas_search::SearchIndex;
use wasm_bindgen::JsCast;

/// What the app reads: the bundle and the search index the build prebuilt for it.
struct Loaded {
    bundle: Bundle,
    index: SearchIndex,
}

static LOADED: OnceLock<Result<Loaded, String>> = OnceLock::new();

/// The id of the inline data block of the single-file build.
pub const INLINE_ID: &str = "pipeline-atlas-data";
/// The name of the `<meta>` that points at the data file of the hosted build.
pub const META_NAME: &str = "pipeline-atlas-data";

/// The decoded bundle, or why it could not be read.
pub fn bundle() -> Result<&'static Bundle, &'static str> {
    loaded().map(|l| &l.bundle)
}

/// The search index shipped in the bundle.
pub fn index() -> Result<&'static SearchIndex, &'static str> {
    loaded().map(|l| &l.index)
}

fn loaded() -> Result<&'static Loaded, &'static str> {
    match LOADED.get() {
        Some(Ok(loaded)) => Ok(loaded),
        Some(Err(reason)) => Err(reason.as_str()),
        None => Err("the dataset has not been loaded"),
    }
}

/// Decode bundle bytes.
pub fn decode(bytes: &[u8]) -> Result<Bundle, BundleError> {
    Bundle::decode(bytes)
}

/// Decode and keep the bundle and its index (or the reason they could not be read); only the
/// first call counts. The index is always prebuilt by `cargo xtask dist`, so the app does not
/// link the index builder at all.
pub fn install(bytes: Result<Vec<u8>, String>) {
    let loaded = bytes
        .and_then(|b| decode(&b).map_err(|e| e.to_string()))
        .and_then(|bundle| {
            let index = SearchIndex::from_bytes(&bundle.search_index)
                .map_err(|e| format!("search index: {e}"))?;
            if index.len() != bundle.dataset.assets.len() {
                return Err(format!(
                    "search index covers {} assets, the dataset has {}: rebuild the atlas",
                    index.len(),
                    bundle.dataset.assets.len()
                ));
            }
            Ok(Loaded { bundle, index })
        });
    let _ = LOADED.set(loaded);
}

/// The bundle's bytes, from the inline block or the data file the page names.
pub async fn load() -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    if let Some(block) = document.get_element_by_id(INLINE_ID) {
        let b64 = block.text_content().unwrap_or_default();
        let binary = window
            .atob(b64.trim())
            .map_err(|_| "the inline dataset is not valid base64".to_owned())?;
        // atob yields one char per byte (U+0000..U+00FF).
        return Ok(binary.chars().map(|c| c as u32 as u8).collect());
    }
    let url = document
        .query_selector(&format!("meta[name=\"{META_NAME}\"]"))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .ok_or("this page names no dataset (no pipeline-atlas-data meta tag)")?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|_| format!("could not fetch the dataset {url}"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{url}: not a response"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let buffer = response
        .array_buffer()
        .map_err(|_| format!("{url}: unreadable body"))?;
    let buffer = wasm_bindgen_futures::JsFuture::from(buffer)
        .await
        .map_err(|_| format!("{url}: unreadable body"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
