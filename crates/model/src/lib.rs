//! The Pipeline Atlas data model: the `pipeline-atlas/1` dataset and the bundle the viewer ships.
//!
//! Everything the extractor produces and the viewer shows is one of these plain types. They
//! serialize to the dataset JSON documented in `schema/pipeline-atlas-1.schema.json` (the CLI's
//! output and the app's "download data" format) and, through [`Bundle`], to the compact binary
//! form that is compiled into the WebAssembly bundle.
//!
//! The types deliberately avoid serde attributes that only self-describing formats support
//! (`flatten`, `untagged`, `skip_serializing_if`), because the bundle is encoded with postcard,
//! which is not self-describing: every field is always written, `None` becomes JSON `null`.
//!
//! # Example
//! ```
//! use atlas_model::{slug, Bundle, Dataset};
//! assert_eq!(slug("LBL-024"), "lbl-024");
//! let bundle = Bundle::new(Dataset::default(), Vec::new());
//! let bytes = bundle.encode();
//! assert_eq!(Bundle::decode(&bytes).unwrap(), bundle);
//! ```

use serde::{Deserialize, Serialize};

pub mod changes;
mod hash;
pub mod num;
mod query;
pub mod segments;
pub mod shard;

pub use shard::{Family, ShardTable};

pub use query::{evidence_for, highest_phase, phase_rank};

/// The schema tag every dataset JSON carries.
pub const SCHEMA: &str = "pipeline-atlas/1";

/// A whole dataset: what the extractor prints and what the viewer shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    /// Always [`SCHEMA`].
    pub schema: String,
    pub documents: Vec<Document>,
    pub assets: Vec<Asset>,
    pub events: Vec<Event>,
    pub trials: Vec<Trial>,
}

/// Where a fact came from: a verbatim slice of one document.
///
/// `start`/`end` are UTF-8 byte offsets into the document text as read (BOM removed, nothing
/// else normalised), `end` exclusive, and `quote` is exactly `text[start..end]`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    pub doc: String,
    pub start: u32,
    pub end: u32,
    pub quote: String,
}

/// A span of a document, used for numbers that no fact uses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub text: String,
}

/// One source document and what the manifest (or the text) says about it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The file stem: stable across rebuilds.
    pub id: String,
    pub title: Option<String>,
    /// `press release`, `news`, `registry record` or `abstract`.
    pub kind: Option<String>,
    pub publisher: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, as precise as known.
    pub published: Option<String>,
    pub source: Option<String>,
    pub unextracted_numbers: Vec<Span>,
}

/// A company's part in an asset's life.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRole {
    pub name: String,
    /// `developer`, `partner`, `licensee` or `manufacturer`.
    pub role: String,
}

/// A drug asset, merged across every document that names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Asset {
    /// [`slug`] of the first canonical name; never changes once published.
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub companies: Vec<CompanyRole>,
    /// Normalised target names (`PD-1`, `4-1BB`, `IL-2Rα`).
    pub targets: Vec<String>,
    pub modality: Option<String>,
    pub mechanism: Option<String>,
    pub claims: Vec<String>,
    /// True when the drug appears only as a comparator or as background.
    pub comparator: bool,
    pub evidence: Vec<Evidence>,
}

/// What kind of real-world event an [`Event`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Designation,
    Ind,
    Approval,
    Deal,
    Milestone,
}

impl EventKind {
    /// The lower-case name used in the JSON and in the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Designation => "designation",
            EventKind::Ind => "ind",
            EventKind::Approval => "approval",
            EventKind::Deal => "deal",
            EventKind::Milestone => "milestone",
        }
    }
}

/// The terms of a deal, as far as the text states them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DealTerms {
    /// `licence`, `co-development`, `collaboration`, `acquisition`, `option` …
    pub deal_type: Option<String>,
    pub territory: Option<String>,
    pub upfront: Option<f64>,
    pub milestones: Option<f64>,
    pub total: Option<f64>,
    /// ISO 4217 code (`USD`, `CNY`, `EUR`).
    pub currency: Option<String>,
}

/// A regulatory event, a deal or a milestone; one per real-world event, each report adds evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    /// The asset id, when the event concerns one asset.
    pub asset: Option<String>,
    pub kind: EventKind,
    /// One-line human summary (`FDA Fast Track Designation`, `First patient dosed`).
    pub title: String,
    /// `NMPA`, `FDA`, `EMA`, `EC`, `PMDA`, `MHRA` …
    pub agency: Option<String>,
    /// `BTD`, `FTD`, `ODD`, `PRIME`, `PRIORITY_REVIEW`, `IND`, `REG_TRIAL`, `APPROVAL`.
    pub designation: Option<String>,
    pub indication: Option<String>,
    pub parties: Vec<String>,
    pub terms: Option<DealTerms>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`: as precise as the source, never guessed.
    pub date: Option<String>,
    pub evidence: Vec<Evidence>,
    /// The extraction pass and rule that produced the event (`events.designation`, `overlay`).
    #[serde(default)]
    pub rule: Option<String>,
}

/// An outcome measure of a registry record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeMeasure {
    /// `primary` or `secondary`.
    pub kind: String,
    pub title: String,
    pub description: Option<String>,
    pub time_frame: Option<String>,
}

/// A clinical trial, named or described.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Trial {
    pub id: String,
    pub name: Option<String>,
    pub registry_ids: Vec<String>,
    /// Asset ids.
    pub assets: Vec<String>,
    pub phase: Option<String>,
    pub design: Option<String>,
    pub setting: Option<String>,
    pub population: Option<String>,
    pub countries: Vec<String>,
    pub enrollment: Option<u32>,
    pub data_cutoff: Option<String>,
    pub median_follow_up: Option<String>,
    pub outcome_measures: Vec<OutcomeMeasure>,
    pub evidence: Vec<Evidence>,
    pub arms: Vec<Arm>,
    /// Figures that compare arms (hazard and odds ratios): they belong to the trial, never to
    /// one arm.
    #[serde(default)]
    pub comparisons: Vec<Comparison>,
    /// The dose a dose-escalation study starts from, as written (`0.01 mg/kg`).
    #[serde(default)]
    pub starting_dose: Option<String>,
}

/// A figure comparing two arms of a trial, such as a hazard ratio for progression-free survival.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// `HR_PFS`, `HR_OS`, `HR` (unspecified), `OR`.
    pub measure: String,
    pub value: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: Option<f64>,
    pub subgroup: Option<String>,
    pub evidence: Vec<Evidence>,
    /// The extraction pass and rule that produced it (`comparisons.hazard_ratio`).
    pub rule: Option<String>,
}

/// One arm of a trial (or a pool of arms, labelled as such).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Arm {
    /// `<trial id>/<arm slug>`: stable, used in comparison links.
    pub id: String,
    pub label: String,
    pub regimen: Option<String>,
    pub n: Option<u32>,
    pub evidence: Vec<Evidence>,
    pub results: Vec<ArmResult>,
}

/// The counts a derived figure was computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DerivedFrom {
    pub k: u32,
    pub n: u32,
}

/// One reported (or derived) figure of one arm.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArmResult {
    /// From the endpoint vocabulary: `ORR`, `cORR`, `DCR`, `mPFS`, `TRAE_G3`, `AE:<term>` …
    pub endpoint: String,
    /// Percentages on a 0–100 scale; `None` with a qualifier for "not reached".
    pub value: Option<f64>,
    /// `NR`, `<`, `≤`, `>`, `≥`.
    pub qualifier: Option<String>,
    /// `%`, `months`, … (`None` for ratios).
    pub unit: Option<String>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// `reported` or `derived`.
    pub ci_source: Option<String>,
    pub p_value: Option<f64>,
    pub timepoint: Option<String>,
    pub subgroup: Option<String>,
    /// The analysis population's n where it differs from the arm's, or the subgroup's n.
    pub n: Option<u32>,
    /// A comparator figure the document quotes from another trial.
    pub cited: bool,
    /// The value itself is derived (for example responders k from % and n).
    pub derived: bool,
    pub derived_from: Option<DerivedFrom>,
    /// Disagreements between a reported figure and its own n, in words.
    pub flags: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// The extraction pass and rule that produced the figure (`arms.respectively`,
    /// `tables.column`, `overlay`), so a reviewer can see why it was read this way.
    #[serde(default)]
    pub rule: Option<String>,
}

/// An asset id: the canonical name lower-cased, every run of other characters turned into `-`.
///
/// Greek letters are spelled out so that ids stay ASCII (`IL-2Rα` → `il-2ra`).
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.chars() {
        let mapped: Option<&str> = match c {
            'α' | 'Α' => Some("a"),
            'β' | 'Β' => Some("b"),
            'γ' | 'Γ' => Some("g"),
            'δ' | 'Δ' => Some("d"),
            'κ' | 'Κ' => Some("k"),
            'λ' | 'Λ' => Some("l"),
            _ => None,
        };
        if let Some(m) = mapped {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push_str(m);
        } else if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Whether `url` may become a link: an absolute `http:` or `https:` URL (any case) with a host
/// and no whitespace or control character, which browsers strip or ignore and so could turn
/// `java\tscript:` into a scheme. Everything else (`javascript:`, `data:`, relative paths) is
/// refused, so a manifest cannot plant a script link on a source page.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    !rest.is_empty()
        && !rest.starts_with('/')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The full text of one document, shipped for the source pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocText {
    pub doc: String,
    pub text: String,
}

/// Document id → text, for restoring quotes (a map: a document shard has many documents).
fn text_lookup(texts: &[DocText]) -> std::collections::HashMap<&str, &str> {
    texts
        .iter()
        .map(|t| (t.doc.as_str(), t.text.as_str()))
        .collect()
}

/// What the viewer ships: the dataset plus every document's text, in a versioned binary form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// The atlas title shown in the header.
    pub title: String,
    pub dataset: Dataset,
    pub texts: Vec<DocText>,
    /// The search index over `dataset`, prebuilt at build time in `atlas-search`'s own
    /// versioned format (empty: the viewer builds it at start).
    pub search_index: Vec<u8>,
    /// Set in the start bundle of a sharded atlas, whose `dataset` and `texts` are then empty:
    /// details live in shard files (see [`shard`]). Shards themselves have none.
    pub shards: Option<ShardTable>,
}

/// The magic bytes and format version that open every encoded [`Bundle`].
pub const BUNDLE_MAGIC: &[u8; 4] = b"PAT1";
/// Bumped whenever the encoded layout of [`Bundle`] changes.
pub const BUNDLE_VERSION: u16 = 5;

/// Stands in an encoded bundle for a quote that is its document's `text[start..end]`.
pub const QUOTE_FROM_TEXT: &str = "\u{0}";

/// The bytes [`Bundle::decode`] may restore from [`QUOTE_FROM_TEXT`] markers, per byte of
/// input. Each marker is a byte or two that can name any span of its document, so without a
/// bound a small crafted bundle would expand to gigabytes. Real bundles restore far less (the
/// seed corpus about 1× its input): quotes are sentences and each fact costs bytes of its own.
pub const MAX_QUOTE_EXPANSION: usize = 32;

/// Why a byte string is not a bundle this build can read.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The bytes do not start with [`BUNDLE_MAGIC`].
    #[error("not a Pipeline Atlas bundle (missing magic bytes)")]
    NotABundle,
    /// The bundle was written by a build with another format version.
    #[error(
        "bundle format version {found}, this build reads version {expected}: rebuild the atlas"
    )]
    VersionMismatch { found: u16, expected: u16 },
    /// The payload does not decode.
    #[error("corrupt bundle: {0}")]
    Corrupt(String),
    /// Its quote markers would restore more than [`MAX_QUOTE_EXPANSION`] × its size.
    #[error("corrupt bundle: its quotes restore to more than {limit} bytes")]
    TooLarge { limit: usize },
}

impl Bundle {
    /// A bundle titled "Pipeline Atlas".
    pub fn new(dataset: Dataset, texts: Vec<DocText>) -> Self {
        Bundle {
            title: "Pipeline Atlas".to_owned(),
            dataset,
            texts,
            search_index: Vec::new(),
            shards: None,
        }
    }

    /// Magic, little-endian version, then the postcard payload.
    ///
    /// Quotes that are exactly their document's `text[start..end]` (all of them, for an
    /// extractor that keeps its invariant) are written as the one-byte marker
    /// [`QUOTE_FROM_TEXT`] and restored by [`Bundle::decode`]: the texts ship anyway, so each
    /// quote would otherwise be shipped twice.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 * 1024);
        out.extend_from_slice(BUNDLE_MAGIC);
        out.extend_from_slice(&BUNDLE_VERSION.to_le_bytes());
        let mut compact = self.clone();
        let texts = compact.texts.clone();
        let map = text_lookup(&texts);
        let text_of = |doc: &str| map.get(doc).copied();
        compact.for_each_quote_mut(|doc, start, end, quote| {
            if text_of(doc).and_then(|t| t.get(start..end)) == Some(quote.as_str()) {
                QUOTE_FROM_TEXT.clone_into(quote);
            } else if quote.starts_with(QUOTE_FROM_TEXT) {
                // Escape a literal quote that begins like the marker.
                quote.insert_str(0, QUOTE_FROM_TEXT);
            }
        });
        let payload =
            postcard::to_allocvec(&compact).expect("a Bundle always serializes to postcard");
        out.extend_from_slice(&payload);
        out
    }

    /// The inverse of [`Bundle::encode`], refusing other versions with a clear error.
    ///
    /// Restored quotes total at most [`MAX_QUOTE_EXPANSION`] × `bytes.len()`; a bundle asking
    /// for more is refused ([`BundleError::TooLarge`]) before the excess is allocated.
    pub fn decode(bytes: &[u8]) -> Result<Self, BundleError> {
        let Some(magic) = bytes.get(0..4) else {
            return Err(BundleError::NotABundle);
        };
        if magic != BUNDLE_MAGIC {
            return Err(BundleError::NotABundle);
        }
        let Some(&[lo, hi]) = bytes.get(4..6) else {
            return Err(BundleError::NotABundle);
        };
        let found = u16::from_le_bytes([lo, hi]);
        if found != BUNDLE_VERSION {
            return Err(BundleError::VersionMismatch {
                found,
                expected: BUNDLE_VERSION,
            });
        }
        let mut bundle: Bundle =
            postcard::from_bytes(&bytes[6..]).map_err(|e| BundleError::Corrupt(e.to_string()))?;
        let texts = std::mem::take(&mut bundle.texts);
        let map = text_lookup(&texts);
        let text_of = |doc: &str| map.get(doc).copied();
        let limit = bytes.len().saturating_mul(MAX_QUOTE_EXPANSION);
        let mut budget = limit;
        let mut over_budget = false;
        bundle.for_each_quote_mut(|doc, start, end, quote| {
            if quote == QUOTE_FROM_TEXT {
                match text_of(doc).and_then(|t| t.get(start..end)) {
                    Some(slice) if slice.len() <= budget => {
                        budget -= slice.len();
                        slice.clone_into(quote);
                    }
                    Some(_) => {
                        over_budget = true;
                        quote.clear();
                    }
                    None => quote.clear(),
                }
            } else if quote.starts_with(QUOTE_FROM_TEXT) {
                quote.drain(..QUOTE_FROM_TEXT.len());
            }
        });
        drop(map);
        if over_budget {
            return Err(BundleError::TooLarge { limit });
        }
        bundle.texts = texts;
        Ok(bundle)
    }

    /// Visit every evidence quote and unextracted-number text with its document and span.
    fn for_each_quote_mut(&mut self, mut f: impl FnMut(&str, usize, usize, &mut String)) {
        let ds = &mut self.dataset;
        let mut visit = |ev: &mut [Evidence]| {
            for e in ev {
                f(&e.doc, e.start as usize, e.end as usize, &mut e.quote);
            }
        };
        for a in &mut ds.assets {
            visit(&mut a.evidence);
        }
        for e in &mut ds.events {
            visit(&mut e.evidence);
        }
        for t in &mut ds.trials {
            visit(&mut t.evidence);
            for arm in &mut t.arms {
                visit(&mut arm.evidence);
                for r in &mut arm.results {
                    visit(&mut r.evidence);
                }
            }
        }
        for d in &mut ds.documents {
            for span in &mut d.unextracted_numbers {
                f(
                    &d.id,
                    span.start as usize,
                    span.end as usize,
                    &mut span.text,
                );
            }
        }
    }

    /// The text of a document, if shipped.
    pub fn text(&self, doc_id: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|t| t.doc == doc_id)
            .map(|t| t.text.as_str())
    }
}

impl Dataset {
    /// An empty dataset carrying the schema tag.
    pub fn empty() -> Self {
        Dataset {
            schema: SCHEMA.to_owned(),
            ..Dataset::default()
        }
    }

    /// How many arm results the dataset holds.
    pub fn n_results(&self) -> usize {
        self.trials
            .iter()
            .flat_map(|t| &t.arms)
            .map(|a| a.results.len())
            .sum()
    }

    pub fn asset(&self, asset_id: &str) -> Option<&Asset> {
        self.assets.iter().find(|a| a.id == asset_id)
    }

    pub fn document(&self, doc_id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == doc_id)
    }

    /// Events about one asset, in dataset order.
    pub fn events_of(&self, asset_id: &str) -> Vec<&Event> {
        self.events
            .iter()
            .filter(|e| e.asset.as_deref() == Some(asset_id))
            .collect()
    }

    /// Trials that study one asset.
    pub fn trials_of(&self, asset_id: &str) -> Vec<&Trial> {
        self.trials
            .iter()
            .filter(|t| t.assets.iter().any(|a| a == asset_id))
            .collect()
    }

    /// Find an arm by its stable id, with its trial.
    pub fn arm(&self, arm_id: &str) -> Option<(&Trial, &Arm)> {
        self.trials
            .iter()
            .find_map(|t| t.arms.iter().find(|a| a.id == arm_id).map(|a| (t, a)))
    }

    /// Ids of the documents any fact about this asset cites, asset evidence first.
    pub fn documents_of(&self, asset_id: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |ev: &[Evidence]| {
            for e in ev {
                if !out.contains(&e.doc) {
                    out.push(e.doc.clone());
                }
            }
        };
        if let Some(a) = self.asset(asset_id) {
            push(&a.evidence);
        }
        for e in self.events_of(asset_id) {
            push(&e.evidence);
        }
        for t in self.trials_of(asset_id) {
            push(&t.evidence);
            for arm in &t.arms {
                push(&arm.evidence);
                for r in &arm.results {
                    push(&r.evidence);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_slug(name: &str, expected: &str) {
        assert_eq!(slug(name), expected, "slug({name:?})");
    }

    #[test]
    fn slugs() {
        check_slug("IBI363", "ibi363");
        check_slug("LBL-024", "lbl-024");
        check_slug("  TAK 928 ", "tak-928");
        check_slug("IL-2Rα", "il-2ra");
        check_slug("Velesin™", "velesin");
        check_slug("", "");
    }

    fn check_web_url(url: &str, expected: bool) {
        assert_eq!(is_web_url(url), expected, "{url:?}");
    }

    #[test]
    fn only_http_and_https_urls_become_links() {
        check_web_url("https://example.com/pr", true);
        check_web_url("HTTP://example.com", true);
        check_web_url("javascript:alert(1)", false);
        check_web_url("JavaScript:alert(1)", false);
        check_web_url("java\tscript:alert(1)", false);
        check_web_url(" https://example.com", false);
        check_web_url("https://exa mple.com", false);
        check_web_url("data:text/html,x", false);
        check_web_url("//evil.example", false);
        check_web_url("https:///path", false);
        check_web_url("https://", false);
        check_web_url("ftp://example.com", false);
        check_web_url("", false);
        check_web_url("é", false);
    }

    #[test]
    fn decode_rejects_other_versions() {
        let mut bytes = Bundle::new(Dataset::empty(), Vec::new()).encode();
        bytes[4] = 9;
        assert!(matches!(
            Bundle::decode(&bytes),
            Err(BundleError::VersionMismatch { found: 9, .. })
        ));
        assert!(matches!(
            Bundle::decode(b"PK"),
            Err(BundleError::NotABundle)
        ));
        let mut corrupt = BUNDLE_MAGIC.to_vec();
        corrupt.extend_from_slice(&BUNDLE_VERSION.to_le_bytes());
        corrupt.extend_from_slice(b"\xff\xff\xff");
        assert!(matches!(
            Bundle::decode(&corrupt),
            Err(BundleError::Corrupt(_))
        ));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn evidence() -> impl Strategy<Value = Evidence> {
            ("[a-z0-9_]{1,8}", 0u32..1000, 0u32..1000, ".{0,40}").prop_map(
                |(doc, start, end, quote)| Evidence {
                    doc,
                    start,
                    end,
                    quote,
                },
            )
        }

        fn result() -> impl Strategy<Value = ArmResult> {
            (
                "[A-Za-z_:]{1,12}",
                proptest::option::of(-1e6f64..1e6),
                proptest::option::of(0.0f64..100.0),
                proptest::option::of(".{0,10}"),
                proptest::option::of(0u32..5000),
                any::<bool>(),
                proptest::collection::vec(evidence(), 0..3),
            )
                .prop_map(|(endpoint, value, ci_low, subgroup, n, cited, evidence)| {
                    ArmResult {
                        endpoint,
                        value,
                        ci_low,
                        subgroup,
                        n,
                        cited,
                        evidence,
                        ..ArmResult::default()
                    }
                })
        }

        proptest! {
            #[test]
            fn bundle_round_trips(
                names in proptest::collection::vec(".{0,16}", 0..6),
                results in proptest::collection::vec(result(), 0..8),
                text in ".{0,200}",
            ) {
                let mut ds = Dataset::empty();
                for name in &names {
                    ds.assets.push(Asset { id: slug(name), name: name.clone(), ..Asset::default() });
                }
                ds.trials.push(Trial {
                    id: "t".into(),
                    arms: vec![Arm { id: "t/a".into(), label: "a".into(), results, ..Arm::default() }],
                    ..Trial::default()
                });
                let bundle = Bundle::new(ds, vec![DocText { doc: "d".into(), text }]);
                let back = Bundle::decode(&bundle.encode()).unwrap();
                prop_assert_eq!(back, bundle);
            }

            /// The start file of a sharded atlas: any table of shard hashes survives.
            #[test]
            fn sharded_start_bundle_round_trips(
                assets in proptest::collection::vec(any::<u64>(), 0..40),
                documents in proptest::collection::vec(any::<u64>(), 0..40),
                trials in proptest::collection::vec(any::<u64>(), 0..40),
                timeline in any::<u64>(),
                index in proptest::collection::vec(any::<u8>(), 0..64),
            ) {
                let mut bundle = Bundle::new(Dataset::empty(), Vec::new());
                bundle.search_index = index;
                bundle.shards = Some(ShardTable {
                    n_events: assets.len() as u32,
                    n_documents: documents.len() as u32,
                    assets,
                    documents,
                    trials,
                    timeline,
                });
                let back = Bundle::decode(&bundle.encode()).unwrap();
                prop_assert_eq!(back, bundle);
            }

            #[test]
            fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
                let _ = Bundle::decode(&bytes);
            }
        }
    }
}
