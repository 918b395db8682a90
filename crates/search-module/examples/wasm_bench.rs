//! The synthetic benchmark as a bare WebAssembly module, so the index can be timed where it
//! will run. No wasm-bindgen: a few exported functions with numbers for arguments, timed by
//! `wasm_bench.mjs` with `performance.now()`. Natively it builds too, and does nothing.

use std::cell::RefCell;

use atlas_search::{Filters, SearchDoc, SearchIndex};

use atlas_synth::{queries, search_docs, Kind, Query, Vocab};

#[derive(Default)]
struct State {
    docs: Vec<SearchDoc>,
    queries: Vec<Query>,
    index: Option<SearchIndex>,
    bytes: Vec<u8>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Generates `n` assets and the query set; returns the number of queries.
#[no_mangle]
pub extern "C" fn setup(n: u32) -> u32 {
    let docs = search_docs(n as usize, 42);
    let queries = queries(&docs, 7, 100, &Vocab::new());
    STATE.with_borrow_mut(|s| {
        *s = State {
            docs,
            queries,
            ..State::default()
        };
        s.queries.len() as u32
    })
}

/// Builds the index from the generated assets.
#[no_mangle]
pub extern "C" fn build() {
    STATE.with_borrow_mut(|s| s.index = Some(SearchIndex::build(s.docs.clone())));
}

/// Serializes the index; returns its length in bytes.
#[no_mangle]
pub extern "C" fn serialize() -> u32 {
    STATE.with_borrow_mut(|s| {
        s.bytes = s
            .index
            .as_ref()
            .map(SearchIndex::to_bytes)
            .unwrap_or_default();
        s.bytes.len() as u32
    })
}

/// Replaces the index with one loaded from the serialized bytes; returns 1 on success.
#[no_mangle]
pub extern "C" fn load() -> u32 {
    STATE.with_borrow_mut(|s| match SearchIndex::from_bytes(&s.bytes) {
        Ok(index) => {
            s.index = Some(index);
            1
        }
        Err(_) => 0,
    })
}

/// The kind of query `i`: 0 exact, 1 prefix, 2 typo, 3 target, 4 multi-word.
#[no_mangle]
pub extern "C" fn query_kind(i: u32) -> u32 {
    STATE.with_borrow(|s| {
        s.queries
            .get(i as usize)
            .and_then(|q| Kind::ALL.iter().position(|k| *k == q.kind))
            .unwrap_or(0) as u32
    })
}

/// Runs query `i` for ten hits; returns 1 if the expected asset is among them (exact and typo
/// queries), else the number of hits.
#[no_mangle]
pub extern "C" fn query(i: u32) -> u32 {
    STATE.with_borrow(|s| {
        let (Some(index), Some(q)) = (s.index.as_ref(), s.queries.get(i as usize)) else {
            return 0;
        };
        let hits = index.search(&q.query, 10);
        match q.kind {
            Kind::Exact | Kind::Typo => u32::from(hits.iter().any(|h| {
                index
                    .doc(h.doc_idx)
                    .is_some_and(|d| q.expect.contains(&d.id))
            })),
            _ => hits.len() as u32,
        }
    })
}

/// What the app does on an empty query: a page of 50 and facet counts over every asset;
/// returns the number of company facet values.
#[no_mangle]
pub extern "C" fn list_and_facets() -> u32 {
    STATE.with_borrow(|s| {
        let Some(index) = s.index.as_ref() else {
            return 0;
        };
        let page = index.search_page("", &Filters::new(), 50);
        page.facets.company.len() as u32
    })
}
