//! atlas-curate: what a curator does to an atlas in the browser — documents added, facts
//! accepted, rejected, corrected or added — and how that becomes the build's own input.
//!
//! A [`Curation`] is plain data (persisted by the app as JSON, exported as one file). Its
//! changes are written as entries of the reviewed overlay the build already reads
//! (`overlay.toml`, parsed by `atlas_extract::parse_overlay`), so the browser and
//! `cargo xtask dist` apply the same corrections with the same code and the same checks: a
//! fact whose quote is not verbatim, or whose value its quote does not hold, is refused in the
//! browser for the reason the build would give.
//!
//! The module split follows what links where: [`Curation`], [`Change`] and the document checks
//! of [`document`] are light and are what the viewer app links; the app stores and sends them
//! as postcard ([`Curation::encode`]), which it already links for the bundle, so it carries
//! no JSON code and no float parsing or formatting (both measured in kilobytes of wasm). The engine
//! ([`engine`], feature `engine`, on by default) extracts, applies the overlay and builds the
//! search index, and is linked only by the curation worker and by `cargo xtask import`.
//!
//! # Example
//! ```
//! use atlas_curate::{Change, Curation, LocalDocument};
//! let mut c = Curation::default();
//! c.documents.push(LocalDocument {
//!     id: "local-ac-101".into(),
//!     title: "AC-101 update".into(),
//!     text: "Acme Therapeutics announced that the FDA granted Fast Track Designation to AC-101.".into(),
//! });
//! c.changes.push(Change::Reject { target: "asset:ac-102".into() });
//! assert_eq!(c.len(), 2);
//! let back: Curation = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
//! assert_eq!(back, c);
//! ```

use serde::{Deserialize, Serialize};

pub mod document;
#[cfg(feature = "engine")]
pub mod engine;

pub use document::{check_document, new_document_id, DocumentError};

/// Everything a curator did to one atlas: the documents they brought and their changes, in the
/// order they were made.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Curation {
    pub documents: Vec<LocalDocument>,
    pub changes: Vec<Change>,
}

/// Why stored curation bytes cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("stored changes cannot be read: {0}")]
pub struct DecodeError(String);

impl Curation {
    /// The compact binary form the app stores and hands to the worker (postcard).
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a Curation always serializes to postcard")
    }

    /// The inverse of [`Curation::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Curation, DecodeError> {
        postcard::from_bytes(bytes).map_err(|e| DecodeError(e.to_string()))
    }

    /// How many local changes there are (each document counts as one).
    pub fn len(&self) -> usize {
        self.documents.len() + self.changes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Undo the `idx`-th item of [`Curation::items`]; undoing a document also drops the
    /// changes that quote it. Returns whether anything was removed.
    pub fn undo(&mut self, idx: usize) -> bool {
        if let Some(doc) = self.documents.get(idx) {
            let doc_id = doc.id.clone();
            self.documents.remove(idx);
            self.changes.retain(|c| c.doc() != Some(doc_id.as_str()));
            return true;
        }
        let Some(change_idx) = idx.checked_sub(self.documents.len()) else {
            return false;
        };
        if change_idx < self.changes.len() {
            self.changes.remove(change_idx);
            return true;
        }
        false
    }

    /// One line per local change, documents first, in the order [`Curation::undo`] counts.
    pub fn items(&self) -> Vec<String> {
        let docs = self.documents.iter().map(|d| {
            let title = if d.title.is_empty() { &d.id } else { &d.title };
            format!("Added document {title} ({} bytes)", d.text.len())
        });
        docs.chain(self.changes.iter().map(Change::describe))
            .collect()
    }

    /// The state of a fact: the last accept or reject of `target`, if any.
    pub fn verdict(&self, target: &str) -> Option<Verdict> {
        self.changes.iter().rev().find_map(|c| match c {
            Change::Accept { target: t } if t == target => Some(Verdict::Accepted),
            Change::Reject { target: t } if t == target => Some(Verdict::Rejected),
            Change::Correct { target: t, .. } if t == target => Some(Verdict::Corrected),
            _ => None,
        })
    }
}

/// What a curator decided about a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Accepted,
    Rejected,
    Corrected,
}

/// A document brought into the atlas in the browser. `id` is its file stem in the corpus
/// (`<id>.txt` after import); `text` is exactly what was pasted or read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalDocument {
    pub id: String,
    pub title: String,
    pub text: String,
}

/// One change to the facts. Targets are overlay selectors (`asset:<id>`, `event:<id>`,
/// `result:<arm id>:<endpoint>[ | <subgroup>]`; see [`result_selector`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Reviewed and right: recorded, changes no data.
    Accept { target: String },
    /// Wrong: the build suppresses it.
    Reject { target: String },
    /// Set one field of a fact.
    Correct {
        target: String,
        field: String,
        value: FieldValue,
        /// The document and verbatim quote backing the new value (a corrected figure must be
        /// one its quote holds, as the build checks).
        #[serde(default)]
        doc: Option<String>,
        #[serde(default)]
        quote: Option<String>,
    },
    /// A fact the extractor missed, quoting its document verbatim (boxed: it is much larger
    /// than the other changes).
    Add(Box<NewFact>),
}

impl Change {
    /// One line for the list of changes.
    pub fn describe(&self) -> String {
        match self {
            Change::Accept { target } => format!("Accepted {target}"),
            Change::Reject { target } => format!("Rejected {target}"),
            // The value is left out: formatting a float would link float printing into the app.
            Change::Correct { target, field, .. } => format!("Corrected {field} of {target}"),
            Change::Add(f) => format!("Added {} from {}: “{}”", f.fact, f.doc, f.quote),
        }
    }

    /// The document an added fact quotes.
    pub fn doc(&self) -> Option<&str> {
        match self {
            Change::Add(f) => Some(f.doc.as_str()),
            _ => None,
        }
    }
}

/// A corrected field's new value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldValue {
    /// A whole number (counts; also a value that happens to be whole).
    Count(u32),
    Number(f64),
    /// A number as the curator typed it (`40.5`): the engine reads it, so the app links no
    /// float parsing, and refuses text that is not a number.
    Figure(String),
    Text(String),
    List(Vec<String>),
}

/// A fact to add: the fields of an overlay `[[add]]` entry (see `atlas_extract::AddFact`)
/// that the browser's forms fill. `fact` is `asset`, `event` or `result`. Every field is
/// always serialised (postcard is not self-describing, so none may be skipped).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewFact {
    pub fact: String,
    pub doc: String,
    pub quote: String,
    // asset
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub targets: Vec<String>,
    #[serde(default)]
    pub modality: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    // event
    #[serde(default)]
    pub asset: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(default)]
    pub designation: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    // result
    #[serde(default)]
    pub trial: Option<String>,
    #[serde(default)]
    pub arm: Option<String>,
    #[serde(default)]
    pub endpoint: Option<String>,
    /// The value as written in the quote (`"40.5"`); the engine reads it as a number (so the
    /// app needs no float parsing) and refuses text that is not one.
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub subgroup: Option<String>,
    #[serde(default)]
    pub n: Option<u32>,
    #[serde(default)]
    pub ci_low: Option<f64>,
    #[serde(default)]
    pub ci_high: Option<f64>,
}

/// What the worker reports with an applied curation, besides the bundle.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Applied {
    /// Ids of assets that are not in the published atlas.
    pub local_assets: Vec<String>,
    /// What the curator should know (a document naming no drug, …), one sentence each.
    pub notes: Vec<String>,
}

impl Applied {
    pub fn encode(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("Applied always serializes to postcard")
    }

    pub fn decode(bytes: &[u8]) -> Result<Applied, DecodeError> {
        postcard::from_bytes(bytes).map_err(|e| DecodeError(e.to_string()))
    }
}

/// The overlay selector of an arm result (`result:<arm id>:<endpoint>[ | <subgroup>]`).
pub fn result_selector(arm_id: &str, endpoint: &str, subgroup: Option<&str>) -> String {
    match subgroup {
        Some(s) => format!("result:{arm_id}:{endpoint} | {s}"),
        None => format!("result:{arm_id}:{endpoint}"),
    }
}

/// The first number written in `quote` (`"ORR was 40.5% (n=20)"` → `"40.5"`), for the form
/// that adds a fact from a selection.
pub fn first_number(quote: &str) -> Option<&str> {
    let start = quote.find(|c: char| c.is_ascii_digit())?;
    let rest = quote.get(start..)?;
    let len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    rest.get(..len).map(|d| d.trim_end_matches('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str) -> LocalDocument {
        LocalDocument {
            id: id.into(),
            title: format!("title of {id}"),
            text: "text".into(),
        }
    }

    fn add(doc: &str) -> Change {
        Change::Add(Box::new(NewFact {
            fact: "asset".into(),
            doc: doc.into(),
            quote: "text".into(),
            name: Some("X-1".into()),
            ..NewFact::default()
        }))
    }

    #[test]
    fn undo_counts_documents_then_changes() {
        let mut c = Curation {
            documents: vec![doc("a"), doc("b")],
            changes: vec![
                add("a"),
                Change::Reject {
                    target: "asset:x".into(),
                },
            ],
        };
        assert_eq!(c.items().len(), 4);
        assert!(c.undo(3), "the reject");
        assert_eq!(c.changes, vec![add("a")]);
        assert!(!c.undo(9));
        // Undoing document a drops the fact quoting it.
        assert!(c.undo(0));
        assert_eq!(c.documents, vec![doc("b")]);
        assert!(c.changes.is_empty());
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn the_last_verdict_counts() {
        let t = "asset:x".to_owned();
        let mut c = Curation::default();
        assert_eq!(c.verdict(&t), None);
        c.changes.push(Change::Accept { target: t.clone() });
        assert_eq!(c.verdict(&t), Some(Verdict::Accepted));
        c.changes.push(Change::Reject { target: t.clone() });
        assert_eq!(c.verdict(&t), Some(Verdict::Rejected));
        assert_eq!(c.verdict("asset:y"), None);
    }

    #[test]
    fn curations_round_trip_through_postcard_and_json() {
        let c = Curation {
            documents: vec![doc("a")],
            changes: vec![
                add("a"),
                Change::Correct {
                    target: "result:t/a:ORR".into(),
                    field: "value".into(),
                    value: FieldValue::Figure("40.5".into()),
                    doc: Some("a".into()),
                    quote: Some("ORR was 40.5%".into()),
                },
                Change::Correct {
                    target: "asset:x".into(),
                    field: "targets".into(),
                    value: FieldValue::List(vec!["PD-1".into()]),
                    doc: None,
                    quote: None,
                },
                Change::Accept {
                    target: "asset:x".into(),
                },
            ],
        };
        assert_eq!(Curation::decode(&c.encode()).unwrap(), c);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Curation>(&json).unwrap(), c);
        assert!(Curation::decode(&[0xff, 0xff, 0xff]).is_err());
        let applied = Applied {
            local_assets: vec!["x".into()],
            notes: vec![],
        };
        assert_eq!(Applied::decode(&applied.encode()).unwrap(), applied);
    }

    #[test]
    fn first_number_of_a_selection() {
        let check = |q: &str, want: Option<&str>| assert_eq!(first_number(q), want, "{q}");
        check("the ORR was 40.5% (n=20)", Some("40.5"));
        check("12 patients.", Some("12"));
        check("no number here", None);
        check("", None);
    }

    #[test]
    fn result_selectors_match_the_overlay_syntax() {
        assert_eq!(result_selector("t/a", "ORR", None), "result:t/a:ORR");
        assert_eq!(
            result_selector("t/a", "AE:anemia:G3", Some("PD-L1 ≥ 50%")),
            "result:t/a:AE:anemia:G3 | PD-L1 ≥ 50%"
        );
    }
}
