//! atlas-search as a small JS-callable WebAssembly module, so any benchmark harness can drive
//! the same engine the app ships.
//!
//! `cargo xtask bench --module` builds it with wasm-bindgen `--target web` into
//! `target/search-module/`; `bench/README.md` documents the JS side:
//!
//! ```js
//! import init, { Engine } from './atlas_search_module.js';
//! await init();
//! const engine = Engine.build(JSON.stringify(assets)); // or Engine.load(bytes)
//! const bytes = engine.serialize();                     // Uint8Array, what a build ships
//! const ids = engine.search('pembrolizumab', 10);       // string[] of asset ids, best first
//! ```
//!
//! The wasm-bindgen layer is deliberately thin: every method calls a plain function of this
//! crate ([`parse_docs`], [`load_index`], [`search_ids`]) that returns a Rust error, and only
//! the conversion to `JsError` happens at the boundary. Those functions are unit-tested
//! natively, where calling into JS is impossible.

use atlas_search::{FormatError, SearchDoc, SearchIndex};
use wasm_bindgen::prelude::*;

/// Why the module refused its input.
#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
    /// `Engine.build` was not given a JSON array of assets; serde names line and column.
    #[error(
        "Engine.build: the assets are not a JSON array of {{\"id\", \"names\", …}} objects: {0}"
    )]
    BadJson(#[from] serde_json::Error),
    /// `Engine.load` was not given an index this build can read.
    #[error("Engine.load: {0}")]
    BadIndex(#[from] FormatError),
}

/// Parses the `Engine.build` input: a JSON array of assets (`id`, `names`, `companies`,
/// `targets`, `modality`, `indications`; any left out is empty, unknown keys are ignored).
pub fn parse_docs(docs_json: &str) -> Result<Vec<SearchDoc>, ModuleError> {
    Ok(serde_json::from_str(docs_json)?)
}

/// Reads an index as `SearchIndex::to_bytes` (and so `Engine.serialize`) wrote it.
pub fn load_index(bytes: &[u8]) -> Result<SearchIndex, ModuleError> {
    Ok(SearchIndex::from_bytes(bytes)?)
}

/// The ids of the best `k` assets for `query`, best first.
pub fn search_ids(index: &SearchIndex, query: &str, k: usize) -> Vec<String> {
    index
        .search(query, k)
        .iter()
        .filter_map(|hit| index.doc(hit.doc_idx))
        .map(|doc| doc.id.clone())
        .collect()
}

/// A search index, built from assets or loaded from bytes. JS: `Engine.build(json)`,
/// `Engine.load(bytes)`, `engine.serialize()`, `engine.search(query, k)`, `engine.len`,
/// and `engine.free()` to release its wasm memory.
#[wasm_bindgen]
pub struct Engine {
    index: SearchIndex,
}

#[wasm_bindgen]
impl Engine {
    /// Builds an index from a JSON array of assets; throws with serde's line and column on
    /// bad JSON.
    pub fn build(docs_json: &str) -> Result<Engine, JsError> {
        let docs = parse_docs(docs_json).map_err(to_js)?;
        Ok(Engine {
            index: SearchIndex::build(docs),
        })
    }

    /// Loads an index from the bytes `serialize` returned; throws on wrong magic, version or
    /// corrupt data.
    pub fn load(bytes: &[u8]) -> Result<Engine, JsError> {
        let index = load_index(bytes).map_err(to_js)?;
        Ok(Engine { index })
    }

    /// The index as it would ship: magic, version, payload.
    pub fn serialize(&self) -> Vec<u8> {
        self.index.to_bytes()
    }

    /// The ids of the best `k` assets for `query`, best first.
    pub fn search(&self, query: &str, k: usize) -> Vec<String> {
        search_ids(&self.index, query, k)
    }

    /// How many assets the index holds.
    #[wasm_bindgen(getter)]
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when the index holds no asset.
    #[wasm_bindgen(getter, js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

fn to_js(err: ModuleError) -> JsError {
    JsError::new(&err.to_string())
}

#[cfg(test)]
mod tests {
    use atlas_search::INDEX_VERSION;

    use super::*;

    const ASSETS: &str = r#"[
        {"id": "ibi-363", "names": ["IBI363", "Opatisumimab"], "companies": ["Innovent"],
         "targets": ["PD-1", "IL-2"], "modality": "bispecific antibody",
         "indications": ["NSCLC", "melanoma"]},
        {"id": "abc-101", "names": ["ABC-101"], "companies": ["Abcor"], "targets": ["HER2"],
         "modality": null, "indications": ["breast cancer"], "extra": 1},
        {"id": "x"}
    ]"#;

    fn index() -> SearchIndex {
        SearchIndex::build(parse_docs(ASSETS).expect("the fixture is valid JSON"))
    }

    #[test]
    fn parses_every_field_and_defaults_the_missing_ones() {
        let docs = parse_docs(ASSETS).expect("the fixture is valid JSON");
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].names, ["IBI363", "Opatisumimab"]);
        assert_eq!(docs[0].modality.as_deref(), Some("bispecific antibody"));
        assert_eq!(docs[1].modality, None);
        assert_eq!(
            docs[2],
            SearchDoc {
                id: "x".into(),
                ..SearchDoc::default()
            }
        );
    }

    #[test]
    fn bad_json_names_the_position() {
        let err = parse_docs("[{\"id\": \"a\",\n  \"names\": [1]}]").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Engine.build: the assets are not a JSON array of {\"id\", \"names\", …} objects: \
             invalid type: integer `1`, expected a string at line 2 column 13"
        );
    }

    #[test]
    fn not_an_array_is_an_error() {
        let msg = parse_docs("{\"id\": \"a\"}").unwrap_err().to_string();
        assert!(msg.contains("expected a sequence"), "{msg}");
    }

    #[test]
    fn search_returns_ids_best_first() {
        let index = index();
        assert_eq!(search_ids(&index, "IBI 363", 10), ["ibi-363"]);
        assert_eq!(search_ids(&index, "opatisumab", 10), ["ibi-363"]);
        assert_eq!(search_ids(&index, "abc101", 10), ["abc-101"]);
        assert!(search_ids(&index, "zzzzzz", 10).is_empty());
        assert!(search_ids(&index, "PD-1", 0).is_empty());
    }

    #[test]
    fn serialized_index_loads_and_answers_the_same() {
        let built = index();
        let loaded = load_index(&built.to_bytes()).expect("a serialized index loads");
        assert_eq!(loaded.len(), 3);
        for query in ["IBI363", "her2", "melanoma", "abcor", "breast"] {
            assert_eq!(
                search_ids(&loaded, query, 10),
                search_ids(&built, query, 10),
                "{query}"
            );
        }
    }

    #[test]
    fn wrong_magic_is_a_clear_error() {
        let msg = load_index(b"{\"not\": \"an index\"}")
            .unwrap_err()
            .to_string();
        assert_eq!(
            msg,
            "Engine.load: not an atlas search index (missing magic bytes)"
        );
    }

    #[test]
    fn wrong_version_is_a_clear_error() {
        let mut bytes = index().to_bytes();
        let next = (INDEX_VERSION + 1).to_le_bytes();
        bytes[4..6].copy_from_slice(&next);
        let msg = load_index(&bytes).unwrap_err().to_string();
        assert!(
            msg.starts_with("Engine.load: search index format version"),
            "{msg}"
        );
    }
}
