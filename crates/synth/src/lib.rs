//! atlas-synth: a deterministic, realistic synthetic corpus of drug-pipeline assets at any
//! scale, with its ground truth and a benchmark query set.
//!
//! **What.** For `(n_assets, seed)` it generates assets the way the industry names and
//! describes them — sponsor codes in company-prefix style (`IBI363`, `LBL-024`, `SHR-A1811`),
//! INNs on real stems that fit the modality, brands for late-stage assets, partner codes,
//! companies from a pool of 300, 1–2 targets from the ~150 real target classes of the search
//! synonym table, modality, 1–3 indications, about three regulatory and deal events, and
//! about two trials of two arms with about six results each — and renders them into
//! documents the extractor reads: a press release, a conference-news article and sometimes a
//! registry record per asset, plus `manifest.toml`. It also writes `assets.json` (the ground
//! truth in the search engine's input shape) and `queries.json` (exact, prefix, typo, target
//! and multi-word queries, a fifth each, with every expected asset id).
//!
//! **Why.** Scale and quality need data nobody has to hand-label: the benchmark harness runs
//! our engine and others on `assets.json` + `queries.json`, and `cargo xtask dist --corpus`
//! builds the site from the documents. The round-trip test extracts the documents and checks
//! the extractor recovers the ground truth, so the documents are known to mean what
//! `assets.json` says.
//!
//! **How.** splitmix64 ([`Rng`]), one stream per asset (`Rng::for_item(seed, i)`), so the
//! same `(n, seed)` gives the same bytes on every platform; only the name registry is shared,
//! to keep every name unique. Writing streams through a [`Sink`] one file at a time; only the
//! slim search records are held for the queries. No file system, threads or clocks here: the
//! crate compiles for `wasm32-unknown-unknown` (the wasm benchmark uses it), and `cargo xtask
//! synth` provides the directory sink.
//!
//! # Example
//! ```
//! use atlas_synth::{write_corpus, Config, MemorySink};
//! let config = Config { n_assets: 20, seed: 7, ..Config::default() };
//! let mut sink = MemorySink::default();
//! let written = write_corpus(&config, &mut sink).unwrap();
//! assert_eq!(written.assets, 20);
//! let files = sink.files();
//! let queries: serde_json::Value = serde_json::from_slice(&files["queries.json"]).unwrap();
//! assert_eq!(queries.as_array().unwrap().len(), 5 * config.queries_per_kind);
//! assert!(files.keys().any(|f| f.ends_with("-pr.txt")));
//! ```

mod asset;
mod corpus;
pub mod docs;
mod names;
mod pathological;
mod queries;
mod rng;
mod vocab;

pub use asset::{Arm, ArmResult, Asset, Endpoint, Event, Month, Trial};
#[cfg(not(target_arch = "wasm32"))]
pub use corpus::DirSink;
pub use corpus::{write_corpus, Assets, MemoryFile, MemorySink, Sink, Written};
pub use names::{Company, N_COMPANIES};
pub use pathological::{write_pathological, PATHOLOGICAL_DOCUMENTS};
pub use queries::{osa_distance, queries, typo, Kind, Query};
pub use rng::Rng;
pub use vocab::{key, Class, Vocab};

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub n_assets: usize,
    pub seed: u64,
    /// Queries of each of the five kinds.
    pub queries_per_kind: usize,
    /// Write documents and `manifest.toml` entries (false: only the JSON files).
    pub documents: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            n_assets: 1000,
            seed: 1,
            queries_per_kind: 60,
            documents: true,
        }
    }
}

/// The search records of `n` assets of `seed`, for benchmarks that need no documents.
pub fn search_docs(n: usize, seed: u64) -> Vec<atlas_search::SearchDoc> {
    Assets::new(&Config {
        n_assets: n,
        seed,
        ..Config::default()
    })
    .map(|a| a.search_doc())
    .collect()
}
