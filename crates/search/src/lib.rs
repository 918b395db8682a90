//! atlas-search: the search box of Pipeline Atlas, as a plain library.
//!
//! It owns finding assets by what an analyst types — a name, a code name in any spelling
//! (`IBI 363`, `ibi-363`, `IBI363`), an alias, a company, a target or one of its synonyms
//! (`CD137` for `4-1BB`), a modality, an indication (`non-small cell lung cancer` for `NSCLC`),
//! a trial name or registry id — with typos, and counting facets over the results. It knows
//! nothing of the DOM and compiles for `wasm32-unknown-unknown` (no files, threads or clocks).
//!
//! # How it works
//! Builder, format, reader (tantivy's triad, in miniature):
//! - [`SearchIndex::build`] tokenizes every field value of every [`SearchDoc`] (`normalize.rs`:
//!   joined tokens such as `PD-1` stay whole), adds the synonyms of `synonyms.txt` to targets,
//!   indications and modalities (`synonyms.rs`), and writes one **sorted term dictionary** (all
//!   terms in one string plus offsets) with a posting list per term. A posting is one `u32`:
//!   document, field, which value of the field, and two flags (synonym, part of a token).
//! - A query is tokenized the same way. Each token — and each run of up to ten adjacent tokens
//!   glued together, so `IBI 363` also asks for `ibi363` — is looked up as an **exact** term
//!   and as a **prefix** (one binary search gives the range of terms that start with it). A
//!   document matches when some split of the query into such runs matches it in every run
//!   (AND); its score is the sum over the runs, each weighted by kind (exact ≫ prefix ≫
//!   prefix of a synonym ≫ typo: a start the reader can see on the row ranks above one only a
//!   synonym has) then field (name > alias > trial > target > company > indication >
//!   modality). A run of one or two characters visits only its shortest completions (up to
//!   4,096 postings), since one letter starts a large share of the dictionary.
//!   Per-document accumulation uses dense arrays indexed by document, so a query costs a few
//!   passes over the postings it touches.
//! - Only when that finds fewer documents than asked for does a second pass also match runs
//!   of 5 characters or more **with typos** (`fuzzy.rs`: optimal string alignment, so a swap
//!   is one edit; one edit from 5 characters, two from 9), by walking the sorted dictionary as
//!   a trie and pruning every prefix that is already too far from the query. The same walk
//!   finds, for the last word, up to 64 terms whose start is within reach (`nezolitn` →
//!   `nezolitinib`: a typo in a word still being typed); they rank below whole-term typos.
//!   Typo matches only fill in below every exact and prefix match (`tests/prefix.rs` checks
//!   it over every start of every value of the test atlases).
//! - Facet values are numbered once per index, so [`SearchIndex::facets`] over 100,000 hits
//!   is array increments; [`SearchIndex::search_page`] gives a results page its hits, total
//!   and facet counts without building a [`Hit`] for every match, and
//!   [`SearchIndex::search_page_top`] only the most frequent values of each facet (what a
//!   page shows: copying every value was most of a broad query at 100,000 assets).
//! - [`SearchIndex::to_bytes`] writes documents (repeated values interned), the dictionary
//!   (front-coded) and postings (document gaps) with postcard behind a magic and a version;
//!   [`SearchIndex::from_bytes`] validates every offset and posting while rebuilding.
//!
//! # Why this design
//! Measured with `crates/search-module/examples/bench.rs` on synthetic assets (figures in
//! `BENCH.md`). About 3.5 terms per asset: a sorted array answers exact and prefix lookups
//! with a binary search, needs no dependency, and serializes as a few flat vectors. For typos, three options were
//! weighed: a scan of length-bucketed terms behind a character mask (built and measured first:
//! about 4 ms per typo query at 100k assets, because drug names share their letters), the
//! trie walk kept here (about 1 ms at 100k, no extra bytes), and an n-gram index (fastest, but
//! several times the dictionary's size in shipped bytes). The `fst` crate was not taken: its
//! Levenshtein automaton counts a swap as two edits, and a sorted array already gives what its
//! compression would (front coding in the format).
//!
//! # Example
//! ```
//! use atlas_search::{Field, MatchKind, SearchDoc, SearchIndex};
//!
//! let index = SearchIndex::build(vec![SearchDoc {
//!     id: "lbl-024".into(),
//!     names: vec!["LBL-024".into(), "Opatisumimab".into(), "Velesin™".into()],
//!     targets: vec!["PD-L1".into(), "4-1BB".into()],
//!     ..SearchDoc::default()
//! }]);
//! let hits = index.search("opatisumab", 10);
//! assert_eq!(index.doc(hits[0].doc_idx).map(|d| d.id.as_str()), Some("lbl-024"));
//! assert_eq!((hits[0].kind, hits[0].field), (MatchKind::Fuzzy, Field::Alias));
//! assert_eq!(hits[0].matched_text, "Opatisumimab");
//! assert_eq!(index.search("CD137", 10).len(), 1);
//! ```

use serde::{Deserialize, Serialize};

mod dataset;
mod derived;
mod facets;
mod format;
mod fuzzy;
mod index;
mod normalize;
mod query;
mod synonyms;
#[cfg(test)]
mod tests;

pub use dataset::docs_from_dataset;
pub use facets::{Facet, FacetCount, Facets, Filters};
pub use format::{FormatError, INDEX_MAGIC, INDEX_VERSION};
pub use index::SearchIndex;

/// The synonym table the index is built with (`synonyms.txt`: `[target]`, `[disease]` and
/// `[modality]` sections of ` = `-separated classes, `narrow => broad` lines), for tools that
/// generate data in the same vocabulary.
pub static SYNONYMS: &str = include_str!("synonyms.txt");

/// One searchable record: an asset of the dataset, or a synthetic one in a benchmark.
///
/// Deserializes with any field left out (`{"id": "x", "names": ["X-1"]}`), which is what a
/// benchmark harness hands over.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchDoc {
    /// The asset id the app links to.
    pub id: String,
    /// Primary name first, then aliases: code names, INN, brand.
    pub names: Vec<String>,
    pub companies: Vec<String>,
    pub targets: Vec<String>,
    pub modality: Option<String>,
    pub indications: Vec<String>,
    /// Trial names and registry ids.
    pub trials: Vec<String>,
    /// The highest phase, as text.
    pub phase: Option<String>,
    /// `AGENCY DESIGNATION`, for example `FDA FTD` or `NMPA BTD`; a facet, not searched.
    pub designations: Vec<String>,
    /// The drug appears only as a comparator or as background (shown as such, left out of
    /// the landscape).
    pub comparator: bool,
}

/// Which field of a [`SearchDoc`] a hit matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    /// `names[0]`.
    Name,
    /// `names[1..]`.
    Alias,
    Company,
    Target,
    Modality,
    Indication,
    Trial,
}

impl Field {
    /// Every field, in declaration order (the serialized index numbers them so).
    pub const ALL: [Field; 7] = [
        Field::Name,
        Field::Alias,
        Field::Company,
        Field::Target,
        Field::Modality,
        Field::Indication,
        Field::Trial,
    ];

    /// A lower-case label for the UI ("matched on alias").
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Alias => "alias",
            Field::Company => "company",
            Field::Target => "target",
            Field::Modality => "modality",
            Field::Indication => "indication",
            Field::Trial => "trial",
        }
    }
}

/// How a hit matched, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MatchKind {
    /// The whole term, or a synonym of it.
    Exact,
    /// The query is the start of the term.
    Prefix,
    /// Within the allowed edits of the term.
    Fuzzy,
    /// There was no query: the document is listed because it passes the filters.
    Listed,
}

/// A page of results: see [`SearchIndex::search_page`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResultPage {
    /// The best hits, best first.
    pub hits: Vec<Hit>,
    /// How many documents match in all.
    pub total: usize,
    /// Facet counts over every matching document.
    pub facets: Facets,
}

/// One result: which document, how well, and what to highlight.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// Index into the documents the index was built from; see [`SearchIndex::doc`].
    pub doc_idx: usize,
    /// Higher is better; only comparable within one query.
    pub score: f32,
    /// How the best-scoring part of the query matched.
    pub kind: MatchKind,
    /// Which field that part matched.
    pub field: Field,
    /// The original, un-normalised field value that matched.
    pub matched_text: String,
    /// Byte ranges of `matched_text` to highlight, in order, never overlapping.
    pub highlight: Vec<(usize, usize)>,
}
