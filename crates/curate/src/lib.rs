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
//! of [`document`] are light (serde only) and are what the viewer app links; the engine
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

impl Curation {
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
#[serde(tag = "action", rename_all = "snake_case")]
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
    },
    /// A fact the extractor missed, quoting its document verbatim.
    Add(NewFact),
}

impl Change {
    /// One line for the list of changes.
    pub fn describe(&self) -> String {
        match self {
            Change::Accept { target } => format!("Accepted {target}"),
            Change::Reject { target } => format!("Rejected {target}"),
            Change::Correct {
                target,
                field,
                value,
            } => format!("Set {field} of {target} to {value}"),
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
#[serde(untagged)]
pub enum FieldValue {
    /// A whole number (counts; also a value that happens to be whole).
    Count(u32),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

impl std::fmt::Display for FieldValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldValue::Count(n) => write!(f, "{n}"),
            FieldValue::Number(x) => write!(f, "{x}"),
            FieldValue::Text(s) => write!(f, "{s:?}"),
            FieldValue::List(items) => write!(f, "{}", items.join(", ")),
        }
    }
}

/// A fact to add: the fields of an overlay `[[add]]` entry (see `atlas_extract::AddFact`)
/// that the browser's forms fill. `fact` is `asset`, `event` or `result`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewFact {
    pub fact: String,
    pub doc: String,
    pub quote: String,
    // asset
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    // event
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    // result
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trial: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arm: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subgroup: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ci_high: Option<f64>,
}

/// The overlay selector of an arm result (`result:<arm id>:<endpoint>[ | <subgroup>]`).
pub fn result_selector(arm_id: &str, endpoint: &str, subgroup: Option<&str>) -> String {
    match subgroup {
        Some(s) => format!("result:{arm_id}:{endpoint} | {s}"),
        None => format!("result:{arm_id}:{endpoint}"),
    }
}

/// The first number written in `quote` (`"ORR was 40.5% (n=20)"` → 40.5), for the form that
/// adds a fact from a selection.
pub fn first_number(quote: &str) -> Option<f64> {
    let bytes = quote.as_bytes();
    let start = bytes.iter().position(u8::is_ascii_digit)?;
    let len = quote
        .get(start..)?
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(quote.len() - start);
    let digits = quote.get(start..start + len)?.trim_end_matches('.');
    digits.parse().ok()
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
        Change::Add(NewFact {
            fact: "asset".into(),
            doc: doc.into(),
            quote: "text".into(),
            name: Some("X-1".into()),
            ..NewFact::default()
        })
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
    fn field_values_keep_their_kind_through_json() {
        for (v, json) in [
            (FieldValue::Count(12), "12"),
            (FieldValue::Number(40.5), "40.5"),
            (FieldValue::Text("ORR".into()), "\"ORR\""),
            (FieldValue::List(vec!["PD-1".into()]), "[\"PD-1\"]"),
        ] {
            assert_eq!(serde_json::to_string(&v).unwrap(), json);
            assert_eq!(serde_json::from_str::<FieldValue>(json).unwrap(), v);
        }
    }

    #[test]
    fn first_number_of_a_selection() {
        let check = |q: &str, want: Option<f64>| assert_eq!(first_number(q), want, "{q}");
        check("the ORR was 40.5% (n=20)", Some(40.5));
        check("12 patients.", Some(12.0));
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
