//! The changes since the previous build, loaded once before the first render.
//!
//! `cargo xtask dist --since DIR` writes `changes-<hash>.bin` (an encoded
//! `atlas_view::changes::ChangeView`: grouped, described and dated at build time) and names it
//! in `<meta name="pipeline-atlas-changes">`; the single-file build inlines it as base64 in
//! `<script type="application/octet-stream" id="pipeline-atlas-changes">`, like the data. A
//! build without a previous one has neither, and the app shows no "What's new" link. Like the
//! data file it comes from the page's own origin by a relative URL.

use std::sync::OnceLock;

use atlas_view::changes::ChangeView;

/// The name of the `<meta>` and the id of the inline block.
pub const CHANGES_NAME: &str = "pipeline-atlas-changes";

static CHANGES: OnceLock<Result<ChangeView, String>> = OnceLock::new();

/// The changes, when this build has a previous one; `Err` when its file could not be read.
pub fn changes() -> Option<Result<&'static ChangeView, &'static str>> {
    CHANGES.get().map(|c| c.as_ref().map_err(String::as_str))
}

/// Whether the build names a previous one (the header links to the changes page).
pub fn available() -> bool {
    CHANGES.get().is_some()
}

/// Whether event `event_id` is new since the previous build.
pub fn is_new_event(event_id: &str) -> bool {
    matches!(changes(), Some(Ok(c)) if c.is_new_event(event_id))
}

/// Whether a result of `arm_id` for `endpoint` is new or changed since the previous build.
pub fn is_new_result(arm_id: &str, endpoint: &str) -> bool {
    matches!(changes(), Some(Ok(c)) if c.is_new_result(arm_id, endpoint))
}

/// Load the changes the page names, if any; only the first call counts. A file that cannot
/// be read is kept as an error the changes page shows (and logged), never a failed start.
pub async fn load() {
    let Some(bytes) = bytes().await else {
        return;
    };
    let view = bytes.and_then(|b| ChangeView::decode(&b).map_err(|e| e.to_string()));
    if let Err(e) = &view {
        web_sys::console::warn_1(&format!("pipeline-atlas: changes: {e}").into());
    }
    let _ = CHANGES.set(view);
}

async fn bytes() -> Option<Result<Vec<u8>, String>> {
    let document = web_sys::window()?.document()?;
    if let Some(block) = document.get_element_by_id(CHANGES_NAME) {
        return Some(crate::data::inline_bytes(
            &block.text_content().unwrap_or_default(),
        ));
    }
    let url = document
        .query_selector(&format!("meta[name=\"{CHANGES_NAME}\"]"))
        .ok()
        .flatten()?
        .get_attribute("content")?;
    Some(crate::data::fetch_bytes(&url).await)
}
