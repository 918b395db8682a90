//! The viewer's second row: links to the landscape and the timeline, the comparison tray, and
//! "download data" (the whole dataset as JSON or CSV: files `cargo xtask dist` writes beside
//! the app, or `data:` URLs in the single-file build, named by a `<meta>`; a sharded atlas has
//! none, as its dataset would be hundreds of MB).
//!
//! The tray is the arms an analyst has picked on asset pages. The comparison itself lives in
//! the URL (`#/compare?arms=…`); the tray only remembers the last selection so that arms can be
//! collected across pages, and it persists in `localStorage` so a reload keeps it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::route::Page;
use crate::state::RouteCtx;

const TRAY_KEY: &str = "pipeline-atlas.compare";

/// The arm ids collected for a comparison, in the order they were added.
#[derive(Clone, Copy)]
pub struct CompareTray(pub RwSignal<Vec<String>>);

impl CompareTray {
    /// The tray, restored from `localStorage`; called once by the app root.
    pub fn provide() -> CompareTray {
        let stored = storage()
            .and_then(|s| s.get_item(TRAY_KEY).ok().flatten())
            .map(|text| split_ids(&text))
            .unwrap_or_default();
        let tray = CompareTray(RwSignal::new(stored));
        provide_context(tray);
        tray
    }

    pub fn get() -> CompareTray {
        use_context::<CompareTray>().expect("CompareTray is provided by App at the root")
    }

    pub fn contains(self, arm_id: &str) -> bool {
        self.0.with(|ids| ids.iter().any(|id| id == arm_id))
    }

    /// Add the arm, or take it out when it is already there.
    pub fn toggle(self, arm_id: &str) {
        let mut ids = self.0.get_untracked();
        match ids.iter().position(|id| id == arm_id) {
            Some(idx) => {
                ids.remove(idx);
            }
            None => ids.push(arm_id.to_owned()),
        }
        self.set(ids);
    }

    /// Replace the selection (the comparison page does this with the arms of its URL).
    pub fn set(self, ids: Vec<String>) {
        if self.0.with_untracked(|current| *current == ids) {
            return;
        }
        // An error here only means the tray is not remembered across reloads.
        if let Some(s) = storage() {
            let _ = s.set_item(TRAY_KEY, &ids.join("\n"));
        }
        self.0.set(ids);
    }
}

fn split_ids(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Landscape, timeline, the comparison tray and the dataset downloads; hidden in the embed view.
#[component]
pub fn Nav() -> impl IntoView {
    let ctx = RouteCtx::get();
    let tray = CompareTray::get();
    let landscape = ctx.href(Page::Landscape(atlas_view::landscape::Axis::Target));
    let timeline = ctx.href(Page::Timeline {
        kind: None,
        agency: None,
        asset: None,
    });
    let compare_href = move || {
        ctx.href(Page::Compare {
            arms: tray.0.get(),
            subgroup: None,
        })
    };
    let n_arms = move || tray.0.with(Vec::len);
    let current = move |name: &'static str| {
        move || {
            let on = ctx.0.with(|r| {
                matches!(
                    (&r.page, name),
                    (Page::Landscape(_), "landscape")
                        | (Page::Timeline { .. }, "timeline")
                        | (Page::Compare { .. }, "compare")
                        | (Page::Changes { .. }, "changes")
                )
            });
            on.then_some("page")
        }
    };
    let downloads = downloads();
    // Only a build made with --since has a previous one to compare with.
    let changes = crate::changes::available().then(|| {
        let href = ctx.href(Page::Changes { kind: None });
        view! {
            <li><a href=href aria-current=current("changes") data-testid="changes-link">"What’s new"</a></li>
        }
    });
    view! {
        <nav class="site-nav" aria-label="Atlas" data-testid="site-nav">
            <ul class="nav-links">
                <li><a href=landscape aria-current=current("landscape")>"Landscape"</a></li>
                <li><a href=timeline aria-current=current("timeline")>"Timeline"</a></li>
                {changes}
                <li>
                    <a href=compare_href class="tray" class:empty=move || n_arms() == 0
                        aria-current=current("compare") data-testid="compare-tray">
                        "Comparison "
                        <span class="tray-count" data-testid="compare-tray-count">{n_arms}</span>
                        <span class="visually-hidden">" arms selected"</span>
                    </a>
                </li>
            </ul>
            {downloads}
        </nav>
    }
}

/// The name of the `<meta>` whose content is the JSON and the CSV download's URLs.
const DOWNLOADS_META: &str = "pipeline-atlas-downloads";

/// The whole-dataset downloads the build wrote, if any.
fn downloads() -> Option<impl IntoView> {
    let urls = document()
        .query_selector(&format!("meta[name=\"{DOWNLOADS_META}\"]"))
        .ok()
        .flatten()?
        .get_attribute("content")?;
    let mut urls = urls.split_whitespace().map(str::to_owned);
    let (json, csv) = (urls.next()?, urls.next()?);
    Some(view! {
        <div class="downloads" role="group" aria-label="Download data">
            <span class="downloads-label" aria-hidden="true">"Download data:"</span>
            <a href=json download="pipeline-atlas-dataset.json" class="link-button"
                data-testid="download-json" aria-label="Download the whole dataset as JSON">"JSON"</a>
            <a href=csv download="pipeline-atlas-results.csv" class="link-button"
                data-testid="download-csv" aria-label="Download every result as CSV">"CSV"</a>
        </div>
    })
}

/// Save `content` as a file: a Blob, an object URL and a temporary `<a download>` clicked once.
pub fn download(filename: &str, mime: &str, content: &str) {
    if let Err(e) = try_download(filename, mime, content) {
        leptos::logging::error!("download of {filename} failed: {e:?}");
    }
}

fn try_download(filename: &str, mime: &str, content: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
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
    // Chromium starts the download synchronously on click; revoking later is still the safe
    // order for other engines.
    let revoke = url.clone();
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&revoke);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::split_ids;

    #[test]
    fn stored_ids() {
        assert_eq!(
            split_ids("a/b\n\n c/d \n"),
            vec!["a/b".to_owned(), "c/d".to_owned()]
        );
        assert!(split_ids("").is_empty());
    }
}
