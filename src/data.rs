//! The dataset bundle: loaded once before the first render, then read everywhere.
//!
//! The bundle sits beside the wasm as a content-hashed file (`atlas-data-<hash>.bin`, named by
//! a `<meta name="pipeline-atlas-data">` that `cargo xtask dist` writes into `index.html`), or
//! inline as base64 in `<script type="application/octet-stream" id="pipeline-atlas-data">` in
//! the single-file build. Keeping it out of the wasm means editing a document rebuilds the
//! atlas without recompiling or re-optimising the app; it is fetched from the page's own
//! origin only, before anything renders.
//!
//! A large atlas is sharded (see `atlas_model::shard`): the start bundle then holds only the
//! search index and a table of shard files, and pages that show details ask [`with_data`] for
//! the shard their ids live in. Shards come from the page's own origin, relative to
//! `index.html` (so any static host and sub-path works). Memory stays bounded however many
//! pages a session opens: the last [`MAX_SHARDS`] decoded bundles (a shard, or the union of
//! the shards a comparison needs) are kept, least recently used out, and a bundle is shared
//! (`Arc`) by the cache and the pages showing it, so one that left the cache is freed when the
//! last page reading it goes. Opening it again fetches it again (the browser's HTTP cache
//! usually answers: shard files are content-hashed).

use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use atlas_model::{Bundle, BundleError, Family};
use atlas_search::SearchIndex;
use atlas_view::entity::EntityIndex;
use atlas_view::lru::Lru;
use atlas_view::results::ResultCache;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the app reads: the bundle, the search index the build prebuilt for it, and what is
/// derived from them once per data (the unfiltered listing, the entity index). Shared (`Rc`)
/// by whoever reads it now: when the curation swaps the data ([`replace`]), the previous one
/// is freed once the last reader lets go of it, and what was derived from it goes with it.
struct Loaded {
    bundle: Arc<Bundle>,
    index: SearchIndex,
    listing: ResultCache,
    entities: OnceCell<EntityIndex>,
}

thread_local! {
    /// What pages read (or why it could not be read), from [`install`] on; replaced when the
    /// in-browser curation merges local documents and changes.
    static LOADED: RefCell<Option<Result<Rc<Loaded>, &'static str>>> = const { RefCell::new(None) };
    /// The published bundle's bytes (unsharded atlases only), which curation starts from: kept
    /// for the session, as every curation is applied to them.
    static PUBLISHED: Cell<Option<&'static [u8]>> = const { Cell::new(None) };
    /// Ids of assets that only the curator's local documents state.
    static LOCAL_ASSETS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// The bytes of the merged bundle [`replace`] swapped in (the curation controls read the
    /// dataset from them), if any.
    static REPLACED: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
    static VERSION: Cell<Option<RwSignal<u32>>> = const { Cell::new(None) };
}

/// Bumped whenever [`replace`] swaps the data: the shell re-renders the page and the search.
pub fn version() -> RwSignal<u32> {
    VERSION.with(|v| match v.get() {
        Some(s) => s,
        None => {
            let s = RwSignal::new(0);
            v.set(Some(s));
            s
        }
    })
}

/// The published bundle's bytes, when the atlas is not sharded.
pub fn published_bytes() -> Option<&'static [u8]> {
    PUBLISHED.with(Cell::get)
}

/// The bytes of the bundle shown now: the merged one [`replace`] swapped in, else the
/// published one.
pub fn current_bytes() -> Option<js_sys::Uint8Array> {
    REPLACED.with(|r| match r.borrow().as_deref() {
        Some(b) => Some(js_sys::Uint8Array::from(b)),
        None => published_bytes().map(js_sys::Uint8Array::from),
    })
}

/// Whether an asset comes from local documents only (not in the published atlas).
pub fn is_local(asset_id: &str) -> bool {
    LOCAL_ASSETS.with(|l| l.borrow().iter().any(|id| id == asset_id))
}

/// Swap in a bundle the curation built (the published atlas with local changes merged) and
/// re-render. The bytes are checked as at start; on error nothing changes.
pub fn replace(bytes: &[u8], local_assets: Vec<String>) -> Result<(), String> {
    let loaded = Rc::new(loaded_from(decode(bytes).map_err(|e| e.to_string())?)?);
    // The previous data is dropped here unless a page still reads it.
    let _previous = LOADED.with(|l| l.replace(Some(Ok(loaded))));
    LOCAL_ASSETS.with(|l| *l.borrow_mut() = local_assets);
    REPLACED.with(|r| *r.borrow_mut() = Some(bytes.to_vec()));
    version().update(|v| *v += 1);
    Ok(())
}

/// The id of the inline data block of the single-file build.
pub const INLINE_ID: &str = "pipeline-atlas-data";
/// The name of the `<meta>` that points at the data file of the hosted build.
pub const META_NAME: &str = "pipeline-atlas-data";

/// The start bundle, or why it could not be read. In a sharded atlas its dataset is empty:
/// pages read [`current`] instead.
pub fn bundle() -> Result<Arc<Bundle>, &'static str> {
    loaded().map(|l| l.bundle.clone())
}

/// Whether details live in shards fetched on demand.
pub fn sharded() -> bool {
    bundle().is_ok_and(|b| b.shards.is_some())
}

/// The data a page's details come from, provided by [`with_data`]; holding it keeps the
/// bundle alive.
#[derive(Clone)]
struct Current(Arc<Bundle>);

/// The bundle the current page reads: the shard [`with_data`] loaded for it, else the start
/// bundle (the whole dataset, in an atlas that is not sharded). Read it while rendering and
/// let it go: a view that keeps it keeps a shard the cache may have let go.
pub fn current() -> Result<Arc<Bundle>, &'static str> {
    match use_context::<Current>() {
        Some(Current(b)) => Ok(b),
        None => loaded().map(|l| l.bundle.clone()),
    }
}

/// The most decoded shard bundles kept at once (a shard is a few hundred KB decoded): enough
/// for going back and forth between a few asset, source and comparison pages without a fetch.
pub const MAX_SHARDS: usize = 8;

thread_local! {
    /// Decoded shards, and unions of shards, by their sorted file list; the least recently
    /// used goes first.
    static SHARDS: RefCell<Lru<Vec<String>, Arc<Bundle>>> =
        const { RefCell::new(Lru::new(MAX_SHARDS)) };
}

/// The shard files holding `keys`, sorted and without repeats.
fn shard_files(keys: &[(Family, String)]) -> Result<Vec<String>, String> {
    let start = bundle()?;
    let table = start.shards.as_ref().ok_or("this atlas is not sharded")?;
    let mut files: Vec<String> = keys
        .iter()
        .filter_map(|(family, id)| table.file_for(*family, id))
        .collect();
    files.sort_unstable();
    files.dedup();
    Ok(files)
}

/// The cached bundle of `files`, now the most recently used.
#[doc(hidden)]
pub fn cached(files: &[String]) -> Option<Arc<Bundle>> {
    SHARDS.with(|s| s.borrow_mut().get(files).cloned())
}

/// Keep `bundle` as the data of `files`, letting the least recently used bundle go when
/// [`MAX_SHARDS`] are kept already (it is freed when no page holds it).
#[doc(hidden)]
pub fn remember(files: Vec<String>, bundle: Arc<Bundle>) {
    // The evicted bundle is dropped after the cache's borrow ends.
    let _evicted = SHARDS.with(|s| s.borrow_mut().insert(files, bundle));
}

/// How many decoded bundles the shard cache holds (at most [`MAX_SHARDS`]).
#[doc(hidden)]
pub fn cached_len() -> usize {
    SHARDS.with(|s| s.borrow().len())
}

/// Why a shard cannot be used when the atlas was rebuilt under an open (or cached) page: its
/// file is gone (404) or holds other bytes than its name's hash promises.
const UPDATED: &str = "This atlas was updated — reload";

/// Fetch and decode the shard `files`, merged into one bundle, and cache it; each is checked
/// against the content hash in its name (over the stored, gzipped bytes) before it is
/// decompressed and decoded.
async fn load_shards(files: Vec<String>) -> Result<Arc<Bundle>, String> {
    if let Some(b) = cached(&files) {
        return Ok(b);
    }
    // Each file is fetched and decoded here (the union owns its copy; a session compares a
    // handful of trials, and cloning a cached shard would link a deep clone of the model).
    let mut merged: Option<Bundle> = None;
    for file in &files {
        let bytes = fetch_bytes(file).await?;
        if !atlas_model::shard::is_intact(file, &bytes) {
            return Err(UPDATED.to_owned());
        }
        let bytes = if atlas_model::shard::is_gzip(&bytes) {
            gunzip(&bytes).await?
        } else {
            bytes
        };
        let one = decode(&bytes).map_err(|e| format!("{file}: {e}"))?;
        match &mut merged {
            Some(m) => m.absorb(one),
            None => merged = Some(one),
        }
    }
    let merged =
        Arc::new(merged.unwrap_or_else(|| Bundle::new(atlas_model::Dataset::empty(), Vec::new())));
    remember(files, merged.clone());
    Ok(merged)
}

/// Render `render` with the data that holds `keys` (recomputed when they change): at once in
/// an atlas that is not sharded, after fetching the shards in one that is (or taking them
/// from the cache of the last [`MAX_SHARDS`]). Everything rendered inside reads that data
/// through [`current`]; the page holds it until it is left, so a bundle the cache lets go of
/// is freed with the last page showing it.
///
/// Not generic over its closures (they are boxed): one copy of this code serves every page.
pub fn with_data(
    keys: impl Fn() -> Vec<(Family, String)> + Send + Sync + 'static,
    render: impl Fn(Arc<Bundle>) -> AnyView + Send + Sync + 'static,
) -> AnyView {
    with_data_boxed(Box::new(keys), Box::new(render))
}

type Keys = Box<dyn Fn() -> Vec<(Family, String)> + Send + Sync>;
type Render = Box<dyn Fn(Arc<Bundle>) -> AnyView + Send + Sync>;

fn with_data_boxed(keys: Keys, render: Render) -> AnyView {
    let initial = match loaded() {
        Err(e) => Some(Err(e.to_owned())),
        Ok(l) if l.bundle.shards.is_none() => Some(Ok(l.bundle.clone())),
        Ok(_) => untrack(|| shard_files(&keys()))
            .ok()
            .and_then(|f| cached(&f))
            .map(Ok),
    };
    let state = RwSignal::new(initial);
    if sharded() {
        // The newest request wins: a slow shard must not overwrite a later page's data.
        let wanted = StoredValue::new(Vec::<String>::new());
        Effect::new(move |_| {
            let files = match shard_files(&keys()) {
                Ok(f) => f,
                Err(e) => return state.set(Some(Err(e))),
            };
            if let Some(b) = cached(&files) {
                return state.set(Some(Ok(b)));
            }
            wanted.set_value(files.clone());
            state.set(None);
            leptos::task::spawn_local(async move {
                let result = load_shards(files.clone()).await;
                if wanted.get_value() == files {
                    state.set(Some(result));
                }
            });
        });
    }
    (move || match state.get() {
        None => view! { <p class="loading" data-testid="shard-loading">"Loading…"</p> }.into_any(),
        Some(Err(e)) if e == UPDATED => view! {
            <p class="error" role="alert" data-testid="atlas-updated">
                {UPDATED}" "
                <button on:click=|_| {
                    let _ = window().location().reload();
                }>"Reload"</button>
            </p>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <p class="error" role="alert" data-testid="shard-error">
                "This part of the atlas could not be loaded: "{e}
            </p>
        }
        .into_any(),
        Some(Ok(b)) => {
            provide_context(Current(b.clone()));
            render(b)
        }
    })
    .into_any()
}

/// The search index shipped in the bundle; holding it keeps the data it indexes alive.
pub fn index() -> Result<Index, &'static str> {
    loaded().map(Index)
}

/// The loaded search index, with the bundle it indexes and its unfiltered listing.
pub struct Index(Rc<Loaded>);

impl Index {
    /// The bundle this index was loaded with (the start bundle in a sharded atlas).
    pub fn bundle(&self) -> &Bundle {
        &self.0.bundle
    }

    /// The unfiltered listing of this index, kept while it is the atlas's.
    pub fn listing(&self) -> &ResultCache {
        &self.0.listing
    }

    /// The companies, targets and indications of [`Index::bundle`], built on first use and
    /// kept while it is the atlas's (so a merged atlas's local assets are on their pages).
    pub fn entities(&self) -> &EntityIndex {
        self.0
            .entities
            .get_or_init(|| EntityIndex::build(&self.0.bundle.dataset))
    }
}

impl std::ops::Deref for Index {
    type Target = SearchIndex;
    fn deref(&self) -> &SearchIndex {
        &self.0.index
    }
}

fn loaded() -> Result<Rc<Loaded>, &'static str> {
    LOADED.with(|l| match &*l.borrow() {
        Some(Ok(loaded)) => Ok(loaded.clone()),
        Some(Err(reason)) => Err(*reason),
        None => Err("the dataset has not been loaded"),
    })
}

/// Decode bundle bytes.
pub fn decode(bytes: &[u8]) -> Result<Bundle, BundleError> {
    Bundle::decode(bytes)
}

/// Decode and keep the bundle and its index (or the reason they could not be read); only the
/// first call counts. The index is always prebuilt by `cargo xtask dist`, so the app does not
/// link the index builder at all.
pub fn install(bytes: Result<Vec<u8>, String>) {
    if LOADED.with(|l| l.borrow().is_some()) {
        return;
    }
    let loaded = bytes.and_then(|b| {
        let bundle = decode(&b).map_err(|e| e.to_string())?;
        if bundle.shards.is_none() {
            PUBLISHED.with(|p| p.set(Some(Box::leak(b.into_boxed_slice()))));
        } else {
            // A sharded atlas never reads its start file's bytes again: free them before the
            // index is built, so the peak (wasm memory never shrinks) holds one copy less.
            drop(b);
        }
        Ok(Rc::new(loaded_from(bundle)?))
    });
    // The reason is kept for the session: the atlas shows it instead of its pages.
    let loaded = loaded.map_err(|e| &*Box::leak(e.into_boxed_str()));
    LOADED.with(|l| *l.borrow_mut() = Some(loaded));
}

/// The index of a decoded bundle, which then lets go of the index's bytes: nothing reads them
/// again (curation starts from the published file's own bytes), and at 100,000 assets they
/// are a dozen megabytes.
fn loaded_from(mut bundle: Bundle) -> Result<Loaded, String> {
    let index =
        SearchIndex::from_bytes(&bundle.search_index).map_err(|e| format!("search index: {e}"))?;
    bundle.search_index = Vec::new();
    if bundle.shards.is_none() && index.len() != bundle.dataset.assets.len() {
        return Err(format!(
            "search index covers {} assets, the dataset has {}: rebuild the atlas",
            index.len(),
            bundle.dataset.assets.len()
        ));
    }
    Ok(Loaded {
        bundle: Arc::new(bundle),
        index,
        listing: ResultCache::default(),
        entities: OnceCell::new(),
    })
}

/// The bundle's bytes, from the inline block or the data file the page names.
pub async fn load() -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    if let Some(block) = document.get_element_by_id(INLINE_ID) {
        return inline_bytes(&block.text_content().unwrap_or_default());
    }
    let url = document
        .query_selector(&format!("meta[name=\"{META_NAME}\"]"))
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .ok_or("this page names no dataset (no pipeline-atlas-data meta tag)")?;
    fetch_bytes(&url).await
}

/// The bytes of an inline base64 block of the single-file build.
pub(crate) fn inline_bytes(b64: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let binary = window
        .atob(b64.trim())
        .map_err(|_| "an inline data block is not valid base64".to_owned())?;
    // atob yields one char per byte (U+0000..U+00FF).
    Ok(binary.chars().map(|c| c as u32 as u8).collect())
}

/// The body of a file of the page's own origin, by URL relative to the page.
pub(crate) async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| format!("could not fetch {url}"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{url}: not a response"))?;
    if response.status() == 404 {
        return Err(UPDATED.to_owned());
    }
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

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's `DecompressionStream` (web-sys has it only behind its unstable-API cfg).
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, wasm_bindgen::JsValue>;
}

/// The bytes a gzip stream holds, decompressed by the browser (`DecompressionStream`, in every
/// current browser): shard files are stored gzipped, and this keeps an inflater out of the
/// wasm.
async fn gunzip(gzipped: &[u8]) -> Result<Vec<u8>, String> {
    let unreadable = |_| "a shard file could not be decompressed".to_owned();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(gzipped));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(unreadable)?;
    let inflate = DecompressionStream::new("gzip").map_err(unreadable)?;
    // A DecompressionStream is a transform stream: its readable and writable are the pair.
    let stream = blob.stream().pipe_through(inflate.unchecked_ref());
    let response =
        web_sys::Response::new_with_opt_readable_stream(Some(&stream)).map_err(unreadable)?;
    let buffer = response.array_buffer().map_err(unreadable)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(buffer)
        .await
        .map_err(unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
