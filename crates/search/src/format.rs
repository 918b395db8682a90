//! The serialized index: magic, version, then postcard.
//!
//! What is stored is what the builder produced — documents, the term dictionary as one string
//! plus offsets, posting offsets and postings — as flat vectors, so loading is a handful of
//! allocations rather than one per term. The typo buckets are derived and rebuilt on load.
//! Everything is validated before use, so corrupt bytes give an error, never a panic or a
//! wrong answer from a half-valid index.

use serde::{Deserialize, Serialize};

use crate::index::{value, Posting, SearchIndex, TermDict};
use crate::SearchDoc;

/// The bytes every serialized index starts with.
pub const INDEX_MAGIC: &[u8; 4] = b"PASI";
/// Bumped whenever the serialized layout or the meaning of a term changes (the tokenizer or
/// the synonym table), since an old index would answer queries differently.
pub const INDEX_VERSION: u16 = 1;

/// Why bytes are not an index this build can read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The bytes do not start with [`INDEX_MAGIC`].
    #[error("not an atlas search index (missing magic bytes)")]
    NotAnIndex,
    /// The index was written by a build with another format version.
    #[error("search index format version {found}, this build reads version {expected}: rebuild the index")]
    VersionMismatch { found: u16, expected: u16 },
    /// The payload does not decode.
    #[error("corrupt search index: {0}")]
    Corrupt(String),
}

#[derive(Serialize, Deserialize)]
struct Stored {
    docs: Vec<SearchDoc>,
    terms: String,
    term_ends: Vec<u32>,
    post_ends: Vec<u32>,
    postings: Vec<u32>,
}

impl SearchIndex {
    /// The index as bytes: [`INDEX_MAGIC`], [`INDEX_VERSION`] little-endian, postcard payload.
    pub fn to_bytes(&self) -> Vec<u8> {
        let stored = Stored {
            docs: self.docs.clone(),
            terms: self.dict.text.clone(),
            term_ends: self.dict.ends.clone(),
            post_ends: self.post_ends.clone(),
            postings: self.postings.clone(),
        };
        let mut out = Vec::with_capacity(16 + self.postings.len() * 3 + self.dict.text.len());
        out.extend_from_slice(INDEX_MAGIC);
        out.extend_from_slice(&INDEX_VERSION.to_le_bytes());
        let payload = postcard::to_allocvec(&stored).expect("plain vectors always serialize");
        out.extend_from_slice(&payload);
        out
    }

    /// Reads what [`SearchIndex::to_bytes`] wrote, refusing other versions and corrupt data.
    pub fn from_bytes(bytes: &[u8]) -> Result<SearchIndex, FormatError> {
        if bytes.get(0..4) != Some(INDEX_MAGIC.as_slice()) {
            return Err(FormatError::NotAnIndex);
        }
        let Some(&[lo, hi]) = bytes.get(4..6) else {
            return Err(FormatError::NotAnIndex);
        };
        let found = u16::from_le_bytes([lo, hi]);
        if found != INDEX_VERSION {
            return Err(FormatError::VersionMismatch {
                found,
                expected: INDEX_VERSION,
            });
        }
        let payload = bytes.get(6..).unwrap_or(&[]);
        let stored: Stored =
            postcard::from_bytes(payload).map_err(|e| FormatError::Corrupt(e.to_string()))?;
        validate(&stored).map_err(FormatError::Corrupt)?;
        let dict = TermDict::new(stored.terms, stored.term_ends);
        Ok(SearchIndex::from_parts(
            stored.docs,
            dict,
            stored.post_ends,
            stored.postings,
        ))
    }
}

/// Checks every invariant the reader relies on for correct answers.
fn validate(s: &Stored) -> Result<(), String> {
    if s.term_ends.len() != s.post_ends.len() {
        return Err(format!(
            "{} terms but {} posting lists",
            s.term_ends.len(),
            s.post_ends.len()
        ));
    }
    let mut start = 0usize;
    let mut previous: Option<&str> = None;
    for (t, &end) in s.term_ends.iter().enumerate() {
        let end = end as usize;
        let Some(term) = s.terms.get(start..end) else {
            return Err(format!("term {t} has a bad range {start}..{end}"));
        };
        if term.is_empty() || previous.is_some_and(|p| p >= term) {
            return Err(format!("term {t} ({term:?}) is empty or out of order"));
        }
        previous = Some(term);
        start = end;
    }
    if start != s.terms.len() {
        return Err("trailing bytes after the last term".to_owned());
    }
    let mut start = 0usize;
    for (t, &end) in s.post_ends.iter().enumerate() {
        let end = end as usize;
        if end < start || end > s.postings.len() {
            return Err(format!("posting list {t} has a bad range {start}..{end}"));
        }
        start = end;
    }
    if start != s.postings.len() {
        return Err("postings after the last posting list".to_owned());
    }
    for &p in &s.postings {
        let posting = Posting::unpack(p).ok_or_else(|| format!("posting {p:#x}: bad field"))?;
        let doc = s
            .docs
            .get(posting.doc as usize)
            .ok_or_else(|| format!("posting {p:#x}: no document {}", posting.doc))?;
        if value(doc, posting.field, posting.value_idx).is_none() {
            return Err(format!(
                "posting {p:#x}: no such value in document {}",
                posting.doc
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_foreign_and_other_versions() {
        let mut bytes = SearchIndex::build(vec![SearchDoc {
            id: "a".into(),
            names: vec!["IBI363".into()],
            ..SearchDoc::default()
        }])
        .to_bytes();
        assert!(SearchIndex::from_bytes(&bytes).is_ok());
        assert_eq!(
            SearchIndex::from_bytes(b"PK\x03\x04").err(),
            Some(FormatError::NotAnIndex)
        );
        assert_eq!(
            SearchIndex::from_bytes(b"PASI").err(),
            Some(FormatError::NotAnIndex)
        );
        let truncated = bytes.get(..bytes.len() - 1).unwrap_or(&[]);
        assert!(matches!(
            SearchIndex::from_bytes(truncated),
            Err(FormatError::Corrupt(_))
        ));
        bytes[4] = 9;
        assert_eq!(
            SearchIndex::from_bytes(&bytes).err(),
            Some(FormatError::VersionMismatch {
                found: 9,
                expected: INDEX_VERSION
            })
        );
    }

    #[test]
    fn rejects_postings_that_point_nowhere() {
        let stored = Stored {
            docs: Vec::new(),
            terms: "ab".into(),
            term_ends: vec![2],
            post_ends: vec![1],
            postings: vec![Posting::pack(0, crate::Field::Name, 0, 0)],
        };
        let mut bytes = INDEX_MAGIC.to_vec();
        bytes.extend_from_slice(&INDEX_VERSION.to_le_bytes());
        bytes.extend_from_slice(&postcard::to_allocvec(&stored).unwrap_or_default());
        assert!(matches!(
            SearchIndex::from_bytes(&bytes),
            Err(FormatError::Corrupt(m)) if m.contains("no document 0")
        ));
    }
}
