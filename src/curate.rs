//! In-browser curation, the app's side: the curator's [`Curation`] (a signal every page reads),
//! the worker that applies it, and its copy in IndexedDB.
//!
//! The app never links the extractor. Applying a curation — extracting local documents,
//! merging them into the published dataset, applying the changes as overlay entries, building
//! the search index — runs in a Web Worker (`static/curate-worker.js` with the
//! `atlas-curate-worker` wasm), started the first time the curator acts. The worker answers
//! with an encoded bundle; the app swaps it in ([`crate::data::replace`]) and stores it with
//! the curation under the atlas's title and a hash of its published data, so a reload shows
//! the merged atlas straight from IndexedDB, without the worker.

mod store;
mod worker;

use atlas_curate::{Applied, Curation};
use leptos::prelude::*;

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

/// Whether the worker is busy, as one signal type every button's `disabled` shares (one
/// instantiation of the view code instead of one per closure).
pub fn busy() -> Signal<bool> {
    Signal::derive(|| status().with(|s| s.busy))
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
                Ok(()) => curation().set(c),
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

/// Apply `next` (the current curation plus one more action): run it through the worker, swap
/// the merged atlas in and store it. A change the build would refuse is not applied; the
/// reason is returned (and shown by the status alert). `Ok` carries the worker's notes; a
/// failed store (the quota) is shown as an alert while the change stays applied in the page.
pub async fn submit(next: Curation) -> Result<Vec<String>, String> {
    status().update(|s| {
        s.busy = true;
        s.error = None;
    });
    match apply(next).await {
        Ok((notes, stored)) => {
            report(Ok(notes.clone()));
            // Applied but not kept (the storage quota, or no IndexedDB): say so, keep going.
            if let Err(e) = stored {
                status().update(|s| s.error = Some(e));
            }
            Ok(notes)
        }
        Err(e) => {
            report(Err(e.clone()));
            Err(e)
        }
    }
}

/// The worker's notes, and whether the result could be stored.
async fn apply(next: Curation) -> Result<(Vec<String>, Result<(), String>), String> {
    let (Some(published), Some(key)) = (crate::data::published_bytes(), store_key()) else {
        return Err(
            "this atlas is split into shards: add documents to its corpus and rebuild it instead"
                .to_owned(),
        );
    };
    let encoded = next.encode();
    let out = worker::apply(published, &encoded).await?;
    let damaged = || "the curation worker sent a damaged answer".to_owned();
    let (bundle, meta) = split_output(&out).ok_or_else(damaged)?;
    let applied = Applied::decode(meta).map_err(|_| damaged())?;
    crate::data::replace(bundle, applied.local_assets)?;
    curation().set(next);
    let stored = store::put(&key, &encoded, bundle, meta).await;
    Ok((applied.notes, stored))
}

/// `[bundle][Applied][u32 LE bundle length]` → (bundle, Applied bytes).
fn split_output(out: &[u8]) -> Option<(&[u8], &[u8])> {
    let tail = out.len().checked_sub(4)?;
    let len = u32::from_le_bytes(out.get(tail..)?.try_into().ok()?) as usize;
    Some((out.get(..len)?, out.get(len..tail)?))
}

/// The export file of the current curation, from the worker.
pub async fn export_text() -> Result<String, String> {
    let encoded = curation().with_untracked(Curation::encode);
    let title = crate::data::bundle()
        .map(|b| b.title.clone())
        .unwrap_or_default();
    worker::export(&encoded, &title).await
}

/// The worker's dataset JSON for one document (what `atlas-extract FILE` prints), exposed to
/// the end-to-end test that compares the two.
pub async fn extract_json(doc_id: &str, text: &str) -> Result<String, String> {
    worker::extract_json(doc_id, text).await
}

/// Run `next` through [`submit`] from an event handler.
pub fn spawn_submit(next: Curation, then: impl FnOnce(Result<Vec<String>, String>) + 'static) {
    leptos::task::spawn_local(async move {
        let result = submit(next).await;
        then(result);
    });
}
