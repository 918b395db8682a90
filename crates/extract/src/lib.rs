//! atlas-extract: biopharma documents in (press releases, conference-abstract news,
//! trial-registry records), a typed `pipeline-atlas/1` dataset out, with a verbatim quote for
//! every fact.
//!
//! The extractor is a set of general rules about how such documents are written, never strings
//! of particular documents: it is measured on documents nobody here has seen. Each document
//! goes through named passes over one normalised copy of its text ([`text`]): companies and
//! drugs ([`assets`]), regulatory events, deals and milestones ([`events`]), trials, arms and
//! results ([`trials`]), then a provenance check that drops any result whose number its quote
//! does not hold, derived figures from [`atlas_stats`], and the numbers no fact used. The
//! per-document facts are then merged across documents ([`merge`]) and a reviewed overlay is
//! applied on top ([`overlay`]).
//!
//! Extraction never fails and never panics on document data: a document that yields nothing
//! yields an empty record and a warning. Only the curated inputs (manifest, overlay) can stop a
//! build, with file, line and reason ([`ConfigError`]). The library compiles for
//! `wasm32-unknown-unknown`; file reading is native only.
//!
//! # Example
//! ```
//! use atlas_extract::{extract, Manifest, SourceDoc};
//! let doc = SourceDoc {
//!     id: "pr".into(),
//!     path: "pr.txt".into(),
//!     text: "Acme Therapeutics announced that the FDA granted Fast Track Designation to \
//!            AC-101, a bispecific antibody targeting PD-1 and VEGF. In the Phase 2 study, \
//!            the ORR was 40.0% (n=20).".into(),
//! };
//! let x = extract(&[doc], &Manifest::default(), None);
//! assert_eq!(x.dataset.assets[0].name, "AC-101");
//! assert_eq!(x.dataset.events[0].designation.as_deref(), Some("FTD"));
//! let orr = &x.dataset.trials[0].arms[0].results[0];
//! assert_eq!((orr.endpoint.as_str(), orr.value), ("ORR", Some(40.0)));
//! // 40.0% of 20 patients is 8 responders: the exact interval is derived and labelled.
//! assert_eq!(orr.ci_source.as_deref(), Some("derived"));
//! ```

use std::fmt;

use atlas_model::{Dataset, DocText, Document};

mod assets;
mod config;
mod doc;
mod events;
mod merge;
mod numbers;
mod overlay;
#[cfg(not(target_arch = "wasm32"))]
mod read;
mod text;
mod trials;
mod vocab;

pub use config::{
    check_overlay, parse_manifest, parse_overlay, parse_selector, AddFact, ConfigError, Correction,
    Located, Manifest, ManifestEntry, Overlay, Selector, Suppression, DOCUMENT_KINDS,
};
pub use overlay::validate as validate_overlay;
#[cfg(not(target_arch = "wasm32"))]
pub use read::{
    build_corpus, extract_files, list_documents, read_config, read_document, DOCUMENT_EXTENSIONS,
};

/// The largest document read, in bytes (20 MB). The build skips a larger file with a warning,
/// and the in-browser curation refuses one, so both see the same corpus.
pub const MAX_DOCUMENT_BYTES: u64 = 20 * 1024 * 1024;

/// One document as read: its id is the file stem, its text has the BOM removed and nothing else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceDoc {
    pub id: String,
    pub path: String,
    pub text: String,
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Something a reviewer should know about one document (or the overlay).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<u32>,
    pub severity: Severity,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// What [`extract`] returns: the dataset, the texts it quotes, and what happened on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Extraction {
    pub dataset: Dataset,
    pub texts: Vec<DocText>,
    pub diagnostics: Vec<Diagnostic>,
    /// One line per document: facts by kind, numbers used / seen, warnings.
    pub summary: Vec<String>,
    /// Facts added or corrected by the overlay.
    pub overlay_facts: usize,
    /// Facts the rules extracted (after merging).
    pub extracted_facts: usize,
}

/// Extract a dataset from documents. Pure: no I/O, never panics, same input → same output.
///
/// The overlay is applied as given; [`validate_overlay`] (called by the file-reading entry
/// points) checks its quotes first, and an entry whose quote is missing is skipped here with an
/// error diagnostic.
pub fn extract(docs: &[SourceDoc], manifest: &Manifest, overlay: Option<&Overlay>) -> Extraction {
    let mut per_doc = Vec::with_capacity(docs.len());
    let mut diagnostics = Vec::new();
    let mut summary = Vec::new();
    let mut texts = Vec::with_capacity(docs.len());
    let extract_one = |doc: &SourceDoc| {
        let file_name = doc
            .path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(doc.path.as_str());
        extract_document(doc, manifest.entry(file_name, &doc.id))
    };
    // Documents are independent until the merge, so natively they are extracted on every core
    // (the merge stays sequential and in document order, so output does not depend on it).
    #[cfg(not(target_arch = "wasm32"))]
    let all_facts: Vec<DocFacts> = {
        use rayon::prelude::*;
        docs.par_iter().map(extract_one).collect()
    };
    #[cfg(target_arch = "wasm32")]
    let all_facts: Vec<DocFacts> = docs.iter().map(extract_one).collect();
    for (doc, facts) in docs.iter().zip(all_facts) {
        summary.push(facts.summary_line());
        diagnostics.extend(facts.diagnostics.iter().cloned());
        texts.push(DocText {
            doc: doc.id.clone(),
            text: doc.text.clone(),
        });
        per_doc.push(facts);
    }
    let mut dataset = merge::merge(per_doc);
    let extracted_facts = count_facts(&dataset);
    let overlay_facts = match overlay {
        Some(o) => overlay::apply(&mut dataset, o, docs, &mut diagnostics),
        None => 0,
    };
    Extraction {
        dataset,
        texts,
        diagnostics,
        summary,
        overlay_facts,
        extracted_facts,
    }
}

/// Apply a reviewed overlay to a dataset already extracted (and merged) from `docs`, as
/// [`extract`] does at the end of a build; returns the diagnostics of entries that could not be
/// applied (empty when every entry applied). The in-browser curation uses it to apply a
/// curator's changes on top of a published dataset.
pub fn apply_overlay(ds: &mut Dataset, overlay: &Overlay, docs: &[SourceDoc]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    overlay::apply(ds, overlay, docs, &mut diagnostics);
    diagnostics
}

/// Merge datasets extracted from consecutive batches of a corpus into one, as if the whole
/// corpus had been extracted at once (event ids are worked out again; assets named alike
/// across batches become one). The overlay, which needs the documents' texts, is applied to
/// the final build, not here.
pub fn merge_datasets(parts: Vec<Dataset>) -> Dataset {
    merge::merge_parts(parts.into_iter().map(merge::Part::from))
}

/// Assets, events, trials, arms and results in a dataset.
fn count_facts(ds: &Dataset) -> usize {
    ds.assets.len()
        + ds.events.len()
        + ds.trials.len()
        + ds.trials
            .iter()
            .map(|t| t.arms.len() + t.arms.iter().map(|a| a.results.len()).sum::<usize>())
            .sum::<usize>()
}

/// The facts of one document before merging.
pub(crate) struct DocFacts {
    pub document: Document,
    pub assets: Vec<atlas_model::Asset>,
    pub events: Vec<atlas_model::Event>,
    pub trials: Vec<atlas_model::Trial>,
    pub diagnostics: Vec<Diagnostic>,
    pub numbers_seen: usize,
    pub numbers_used: usize,
}

impl DocFacts {
    fn summary_line(&self) -> String {
        let arms: usize = self.trials.iter().map(|t| t.arms.len()).sum();
        let results: usize = self
            .trials
            .iter()
            .flat_map(|t| &t.arms)
            .map(|a| a.results.len())
            .sum();
        let warnings = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        format!(
            "{}: {} assets, {} events, {} trials, {} arms, {} results; numbers used {}/{}; {} warnings",
            self.document.id,
            self.assets.len(),
            self.events.len(),
            self.trials.len(),
            arms,
            results,
            self.numbers_used,
            self.numbers_seen,
            warnings
        )
    }
}

/// Run every pass over one document.
fn extract_document(doc: &SourceDoc, entry: Option<&ManifestEntry>) -> DocFacts {
    let mut ctx = doc::Ctx::new(&doc.id, &doc.path, &doc.text);
    let document = numbers::document_record(&mut ctx, entry);
    if doc.text.trim().is_empty() {
        ctx.warn(None, "empty document".to_owned());
    }
    let companies = assets::companies(&ctx);
    let doc_assets = assets::extract_assets(&mut ctx, &companies);
    if doc_assets.iter().all(|a| a.comparator) && !doc.text.trim().is_empty() {
        ctx.warn(None, "no investigational drug named".to_owned());
    }
    let events = events::extract_events(&mut ctx, &doc_assets, &companies);
    let trials = trials::extract_trials(&mut ctx, &doc_assets);
    let assets: Vec<_> = doc_assets
        .into_iter()
        .map(assets::DocAsset::into_asset)
        .collect();
    let (document, seen, used) = numbers::finish(&mut ctx, document);
    DocFacts {
        document,
        assets,
        events,
        trials,
        diagnostics: std::mem::take(&mut ctx.diagnostics),
        numbers_seen: seen,
        numbers_used: used,
    }
}
