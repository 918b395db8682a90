//! The serialized index: magic, version, then postcard.
//!
//! What is stored is what the builder produced, packed the way an inverted index usually is,
//! because the browser downloads it:
//! - the documents, with every company, target, modality, indication, phase and designation
//!   string stored once in a table and referred to by number (they repeat across assets);
//! - the sorted terms front-coded: how many bytes each shares with the one before, then the
//!   rest (sorted terms share long prefixes: `nct05…`, `…zumab` stems);
//! - each posting list as document gaps plus a one-byte slot (field, value, flags), which
//!   postcard's varints write in one or two bytes each.
//!
//! Loading rebuilds the flat in-memory vectors in one pass. Everything is validated on the
//! way, so corrupt bytes give an error, never a panic or a half-valid index.

use serde::{Deserialize, Serialize};

use crate::derived::{self, ValueTerms};
use crate::facets::FacetTable;
use crate::index::{field_code, value, Posting, SearchIndex, TermDict, MAX_DOCS, MAX_VALUES};
use crate::{Facet, Field, SearchDoc};

/// The bytes every serialized index starts with.
pub const INDEX_MAGIC: &[u8; 4] = b"PASI";
/// Bumped whenever the serialized layout or the meaning of a term changes (the tokenizer or
/// the synonym table), since an old index would answer queries differently.
pub const INDEX_VERSION: u16 = 3;

/// Why bytes are not an index this build can read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The bytes do not start with [`INDEX_MAGIC`].
    #[error("not an atlas search index (missing magic bytes)")]
    NotAnIndex,
    /// The index was written by a build with another format version.
    #[error("search index format version {found}, this build reads version {expected}: rebuild the index")]
    VersionMismatch { found: u16, expected: u16 },
    /// The payload does not decode or breaks an invariant; says which.
    #[error("corrupt search index: {0}")]
    Corrupt(String),
}

#[derive(Serialize, Deserialize)]
struct Stored {
    strings: Vec<String>,
    docs: StoredDocs,
    /// Per term: bytes shared with the previous term, and the length of the rest.
    term_shared: Vec<u32>,
    term_rest_lens: Vec<u32>,
    term_rests: String,
    /// Per term: how many postings it has.
    list_lens: Vec<u32>,
    /// Per posting: the document, as the gap from the previous posting of the list.
    doc_gaps: Vec<u32>,
    /// Per posting: flags | field << 2 | value << 5.
    slots: Vec<u32>,
    /// The synonym classes the documents use: (compact members, compact expansion).
    synonyms: Vec<(Vec<String>, Vec<String>)>,
    /// The terms of each company, target, modality and indication value, whose postings are
    /// not stored but derived on load (`derived`).
    value_terms: ValueTerms,
}

/// The documents, column by column (a column of like numbers compresses far better than
/// documents one after another).
#[derive(Serialize, Deserialize)]
///
/// Only numbers and strings in lists: every other shape would add its own decoder to the wasm.
struct StoredDocs {
    /// Per document, its id, or `""` when that is [`atlas_model::slug`] of its primary name
    /// (the extractor's asset ids are).
    ids: Vec<String>,
    /// The documents whose id really is empty.
    empty_ids: Vec<u32>,
    /// Per document how many names it has; then all names, document after document.
    name_lens: Vec<u32>,
    names: Vec<String>,
    /// The same for trial names and registry ids.
    trial_lens: Vec<u32>,
    trials: Vec<String>,
    /// Per facet ([`Facet::ALL`] order), per document, how many values it has; then all of
    /// their ids into `strings`, facet after facet, document after document.
    facet_lens: Vec<u32>,
    facet_ids: Vec<u32>,
    /// The documents that are comparators.
    comparators: Vec<u32>,
}

impl SearchIndex {
    /// The index as bytes: [`INDEX_MAGIC`], [`INDEX_VERSION`] little-endian, postcard payload.
    pub fn to_bytes(&self) -> Vec<u8> {
        let stored = self.stored();
        let mut out = Vec::with_capacity(6 + self.postings.len() * 3 + self.dict.text.len());
        out.extend_from_slice(INDEX_MAGIC);
        out.extend_from_slice(&INDEX_VERSION.to_le_bytes());
        let payload = postcard::to_allocvec(&stored).expect("plain vectors always serialize");
        out.extend_from_slice(&payload);
        out
    }

    /// What [`SearchIndex::to_bytes`] is made of, component by component (each encoded on its
    /// own), for measuring the start file; not a format anything reads.
    #[doc(hidden)]
    pub fn components(&self) -> Vec<(&'static str, Vec<u8>)> {
        fn enc<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
            postcard::to_allocvec(value).expect("plain vectors always serialize")
        }
        let s = self.stored();
        vec![
            ("facet value strings", enc(&s.strings)),
            ("asset ids (other than slugs of names)", enc(&s.docs.ids)),
            (
                "asset names and aliases",
                enc(&(&s.docs.name_lens, &s.docs.names)),
            ),
            (
                "trial names and registry ids",
                enc(&(&s.docs.trial_lens, &s.docs.trials)),
            ),
            (
                "per-asset facet ids",
                enc(&(&s.docs.facet_lens, &s.docs.facet_ids, &s.docs.comparators)),
            ),
            (
                "dictionary (front-coded terms)",
                enc(&(&s.term_shared, &s.term_rest_lens, &s.term_rests)),
            ),
            ("posting list lengths", enc(&s.list_lens)),
            ("posting document gaps", enc(&s.doc_gaps)),
            ("posting slots", enc(&s.slots)),
            ("synonym classes", enc(&s.synonyms)),
            ("terms of facet values", enc(&s.value_terms)),
        ]
    }

    fn stored(&self) -> Stored {
        let table = &self.facet_table;
        let mut docs = StoredDocs {
            ids: Vec::with_capacity(self.docs.len()),
            empty_ids: Vec::new(),
            name_lens: Vec::with_capacity(self.docs.len()),
            names: Vec::new(),
            trial_lens: Vec::with_capacity(self.docs.len()),
            trials: Vec::new(),
            facet_lens: Vec::with_capacity(self.docs.len() * Facet::ALL.len()),
            facet_ids: Vec::new(),
            comparators: Vec::new(),
        };
        for (i, d) in self.docs.iter().enumerate() {
            let slug = d.names.first().map(|n| atlas_model::slug(n));
            let derived = !d.id.is_empty() && slug.as_ref() == Some(&d.id);
            docs.ids
                .push(if derived { String::new() } else { d.id.clone() });
            if d.id.is_empty() {
                docs.empty_ids.push(i as u32);
            }
            docs.name_lens.push(d.names.len() as u32);
            docs.names.extend(d.names.iter().cloned());
            docs.trial_lens.push(d.trials.len() as u32);
            docs.trials.extend(d.trials.iter().cloned());
            if d.comparator {
                docs.comparators.push(i as u32);
            }
        }
        for facet in Facet::ALL {
            for i in 0..self.docs.len() {
                let ids = table.ids(i, facet);
                docs.facet_lens.push(ids.len() as u32);
                docs.facet_ids.extend_from_slice(ids);
            }
        }
        let n_terms = self.dict.len() as u32;
        let mut stored = Stored {
            strings: table.values.clone(),
            docs,
            term_shared: Vec::with_capacity(n_terms as usize),
            term_rest_lens: Vec::with_capacity(n_terms as usize),
            term_rests: String::new(),
            list_lens: Vec::with_capacity(n_terms as usize),
            doc_gaps: Vec::with_capacity(self.postings.len()),
            slots: Vec::with_capacity(self.postings.len()),
            synonyms: self.synonyms.classes.clone(),
            value_terms: self.value_terms(),
        };
        let mut previous = "";
        for t in 0..n_terms {
            let term = self.dict.term(t);
            let mut shared = term
                .bytes()
                .zip(previous.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            while !term.is_char_boundary(shared) {
                shared -= 1;
            }
            let rest = term.get(shared..).unwrap_or("");
            stored.term_shared.push(shared as u32);
            stored.term_rest_lens.push(rest.len() as u32);
            stored.term_rests.push_str(rest);
            previous = term;
            let list: Vec<Posting> = self
                .postings_of(t)
                .iter()
                .filter_map(|&p| Posting::unpack(p))
                .filter(|p| !derived::is_derived(p.field))
                .collect();
            stored.list_lens.push(list.len() as u32);
            let mut last_doc = 0;
            for p in list {
                stored.doc_gaps.push(p.doc - last_doc);
                last_doc = p.doc;
                stored
                    .slots
                    .push(p.flags | field_code(p.field) << 2 | (p.value_idx as u32) << 5);
            }
        }
        stored
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
        unpack(stored).map_err(FormatError::Corrupt)
    }
}

/// Rebuilds the in-memory index, checking every invariant the reader relies on.
/// Where document `doc`'s count for field `code` sits in the value-count array, or `None`
/// when that does not fit in 32 bits. Computed in `u32`, the width of `usize` on wasm32, where
/// the index is read: there `doc * fields` could wrap to a small, valid slot.
fn value_slot(doc: u32, code: u32, fields: u32) -> Option<usize> {
    let slot = doc.checked_mul(fields)?.checked_add(code)?;
    usize::try_from(slot).ok()
}

fn unpack(s: Stored) -> Result<SearchIndex, String> {
    let Stored {
        strings: values,
        docs: stored_docs,
        term_shared,
        term_rest_lens,
        term_rests,
        list_lens,
        doc_gaps,
        slots,
        synonyms,
        value_terms,
    } = s;
    let (docs, table) = unpack_docs(stored_docs, values)?;
    if docs.len() > MAX_DOCS {
        return Err(format!(
            "{} documents, at most {MAX_DOCS} are indexed",
            docs.len()
        ));
    }
    let n_terms = term_shared.len();
    if term_rest_lens.len() != n_terms || list_lens.len() != n_terms {
        return Err("term and posting list counts disagree".to_owned());
    }
    if doc_gaps.len() != slots.len() {
        return Err("posting documents and slots disagree".to_owned());
    }
    let dict = unpack_terms(&term_shared, &term_rest_lens, &term_rests)?;
    let value_terms = derived::lookup(&value_terms, table.values.len(), n_terms)?;
    let stored = StoredPostings {
        list_lens: &list_lens,
        doc_gaps: &doc_gaps,
        slots: &slots,
    };
    let (post_ends, postings) = unpack_postings(&docs, &table, &value_terms, stored)?;
    Ok(SearchIndex::from_parts(
        docs,
        dict,
        post_ends,
        postings,
        table,
        crate::index::SynonymClasses { classes: synonyms },
    ))
}

/// The documents and their facet table, from the columns.
fn unpack_docs(
    stored_docs: StoredDocs,
    values: Vec<String>,
) -> Result<(Vec<SearchDoc>, FacetTable), String> {
    let string = |id: u32| -> Result<String, String> {
        values
            .get(id as usize)
            .cloned()
            .ok_or_else(|| format!("string {id} out of range"))
    };
    let strings = |ids: &[u32]| {
        ids.iter()
            .map(|&id| string(id))
            .collect::<Result<Vec<_>, _>>()
    };
    let StoredDocs {
        ids,
        empty_ids,
        name_lens,
        names,
        trial_lens,
        trials,
        facet_lens,
        facet_ids,
        comparators,
    } = stored_docs;
    let n_docs = ids.len();
    let sum = |lens: &[u32]| lens.iter().map(|&l| l as usize).sum::<usize>();
    if name_lens.len() != n_docs
        || trial_lens.len() != n_docs
        || sum(&name_lens) != names.len()
        || sum(&trial_lens) != trials.len()
        || facet_lens.len() != n_docs * Facet::ALL.len()
        || sum(&facet_lens) != facet_ids.len()
    {
        return Err("document columns disagree in length".to_owned());
    }
    // Per facet, each document's slice of the flat ids.
    let mut columns: Vec<(std::slice::Iter<'_, u32>, &[u32])> = Vec::new();
    let mut flat = facet_ids.as_slice();
    for (f, lens) in facet_lens.chunks(n_docs.max(1)).enumerate() {
        let single = matches!(Facet::ALL.get(f), Some(Facet::Modality | Facet::Phase));
        if single && lens.iter().any(|&l| l > 1) {
            return Err("facet columns are inconsistent".to_owned());
        }
        let (head, tail) = flat.split_at(sum(lens).min(flat.len()));
        flat = tail;
        columns.push((lens.iter(), head));
    }
    let mut docs = Vec::with_capacity(n_docs);
    let mut table = FacetTable::with_values(Vec::new());
    let (mut names, mut trials) = (names.into_iter(), trials.into_iter());
    for (i, (id, (&n_names, &n_trials))) in ids
        .into_iter()
        .zip(name_lens.iter().zip(&trial_lens))
        .enumerate()
    {
        let mut of = [&[][..]; 6];
        for (slot, (lens, flat)) in of.iter_mut().zip(columns.iter_mut()) {
            let n = lens.next().copied().unwrap_or(0) as usize;
            let (head, tail) = flat.split_at(n.min(flat.len()));
            *slot = head;
            *flat = tail;
        }
        let [companies, targets, modality, phase, designations, indications] = of;
        table.push_doc(of);
        let names: Vec<String> = names.by_ref().take(n_names as usize).collect();
        let i = i as u32;
        let id = if id.is_empty() && empty_ids.binary_search(&i).is_err() {
            names
                .first()
                .map(|n| atlas_model::slug(n))
                .unwrap_or_default()
        } else {
            id
        };
        docs.push(SearchDoc {
            id,
            names,
            companies: strings(companies)?,
            targets: strings(targets)?,
            modality: modality.first().map(|&m| string(m)).transpose()?,
            indications: strings(indications)?,
            trials: trials.by_ref().take(n_trials as usize).collect(),
            phase: phase.first().map(|&p| string(p)).transpose()?,
            designations: strings(designations)?,
            comparator: comparators.binary_search(&i).is_ok(),
        });
    }
    drop(columns);
    table.values = values;
    Ok((docs, table))
}

/// The front-coded terms, checked to be non-empty and strictly ascending.
fn unpack_terms(shared: &[u32], rest_lens: &[u32], rests: &str) -> Result<TermDict, String> {
    let mut dict = TermDict::default();
    let mut rest_at = 0usize;
    let mut term = String::new();
    for (t, (&shared, &rest_len)) in shared.iter().zip(rest_lens).enumerate() {
        let (shared, rest_len) = (shared as usize, rest_len as usize);
        let rest = rest_at
            .checked_add(rest_len)
            .and_then(|end| rests.get(rest_at..end))
            .ok_or_else(|| "a term runs past the dictionary".to_owned())?;
        rest_at += rest_len;
        if shared > term.len() || !term.is_char_boundary(shared) {
            return Err("a term shares more than the term before it".to_owned());
        }
        term.truncate(shared);
        term.push_str(rest);
        if term.is_empty() || (t > 0 && dict.term(t as u32 - 1) >= term.as_str()) {
            return Err(format!("term {t} ({term:?}) is empty or out of order"));
        }
        dict.push(&term);
    }
    if rest_at != rests.len() {
        return Err("trailing data after the last term".to_owned());
    }
    Ok(dict)
}

/// The stored (name, alias and trial) postings, per term.
struct StoredPostings<'a> {
    list_lens: &'a [u32],
    doc_gaps: &'a [u32],
    slots: &'a [u32],
}

/// Every term's postings: the stored ones, checked against the documents, then the derived
/// ones, in one array (`post_ends` as in [`SearchIndex`]).
fn unpack_postings(
    docs: &[SearchDoc],
    table: &FacetTable,
    value_terms: &derived::Lookup<'_>,
    stored: StoredPostings<'_>,
) -> Result<(Vec<u32>, Vec<u32>), String> {
    let StoredPostings {
        list_lens,
        doc_gaps,
        slots,
    } = stored;
    let n_terms = list_lens.len();
    // How many values each field of each document has (at most MAX_VALUES are indexed), in
    // one small array: checking every posting against the documents themselves would jump
    // all over memory.
    const FIELDS: usize = Field::ALL.len();
    let mut value_counts: Vec<u8> = Vec::with_capacity(docs.len() * FIELDS);
    for doc in docs {
        for field in Field::ALL {
            let n = (0..MAX_VALUES)
                .take_while(|&v| value(doc, field, v).is_some())
                .count();
            value_counts.push(n as u8);
        }
    }
    // Derived postings first counted per term, so each term's slice of the one postings
    // array is known before anything is written.
    let mut derived_counts = vec![0u32; n_terms];
    derived::for_each(table, docs.len(), value_terms, &mut |t, _| {
        if let Some(c) = derived_counts.get_mut(t as usize) {
            *c += 1;
        }
    });
    let n_derived: usize = derived_counts.iter().map(|&c| c as usize).sum();
    let mut postings = vec![0u32; slots.len() + n_derived];
    let mut post_ends = Vec::with_capacity(n_terms);
    // Where each term's derived postings go: after its stored ones.
    let mut fill = Vec::with_capacity(n_terms);
    let (mut posting_at, mut out_at) = (0usize, 0usize);
    for (t, &list_len) in list_lens.iter().enumerate() {
        let mut doc = 0u32;
        let end = posting_at
            .checked_add(list_len as usize)
            .filter(|&e| e <= slots.len())
            .ok_or_else(|| "a posting list runs past the end".to_owned())?;
        let mut previous: Option<u32> = None;
        for i in posting_at..end {
            doc = doc
                .checked_add(doc_gaps[i])
                .ok_or_else(|| "a posting's document overflows".to_owned())?;
            let slot = slots[i];
            let field = Field::ALL
                .get(((slot >> 2) & 0b111) as usize)
                .copied()
                .filter(|f| !derived::is_derived(*f))
                .ok_or_else(|| "a posting names a field it may not".to_owned())?;
            let value_idx = slot >> 5;
            let Some(&n_values) = value_slot(doc, field_code(field), FIELDS as u32)
                .and_then(|slot| value_counts.get(slot))
            else {
                return Err(format!("posting {i}: no document {doc}"));
            };
            if value_idx >= u32::from(n_values) {
                return Err("a posting names a value its document does not have".to_owned());
            }
            let packed = Posting::pack(doc, field, value_idx, slot & 0b11);
            if previous.is_some_and(|p| p >= packed) {
                return Err("a posting list is out of order".to_owned());
            }
            previous = Some(packed);
            postings[out_at] = packed;
            out_at += 1;
        }
        posting_at = end;
        fill.push(out_at);
        out_at += derived_counts[t] as usize;
        post_ends.push(out_at as u32);
    }
    if posting_at != slots.len() {
        return Err("trailing data after the last posting list".to_owned());
    }
    derived::for_each(table, docs.len(), value_terms, &mut |t, posting| {
        if let Some(at) = fill.get_mut(t as usize) {
            if let Some(slot) = postings.get_mut(*at) {
                *slot = posting;
            }
            *at += 1;
        }
    });
    // A term both stored and derived (a name word that is also a target's) has two sorted
    // runs, of different fields: sort it whole.
    let mut start = 0usize;
    for (t, &end) in post_ends.iter().enumerate() {
        let end = end as usize;
        if derived_counts[t] > 0 && end - start > derived_counts[t] as usize {
            if let Some(list) = postings.get_mut(start..end) {
                list.sort_unstable();
            }
        }
        start = end;
    }
    Ok((post_ends, postings))
}

#[cfg(test)]
mod tests {
    use super::value_slot;

    #[test]
    fn value_slots_never_wrap_at_wasm32_widths() {
        // Bug: `doc as usize * FIELDS + code` wrapped on wasm32, so a crafted index naming
        // document 613,566,757 passed validation as document 0.
        assert_eq!(value_slot(613_566_757, 3, 7), None);
        assert_eq!(value_slot(u32::MAX / 7, 6, 7), None);
        assert_eq!(value_slot(2, 3, 7), Some(17));
        assert_eq!(
            value_slot(u32::MAX / 7 - 1, 6, 7),
            Some(((u32::MAX / 7 - 1) * 7 + 6) as usize)
        );
    }

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
            strings: Vec::new(),
            docs: StoredDocs {
                ids: Vec::new(),
                empty_ids: Vec::new(),
                name_lens: Vec::new(),
                names: Vec::new(),
                trial_lens: Vec::new(),
                trials: Vec::new(),
                facet_lens: Vec::new(),
                facet_ids: Vec::new(),
                comparators: Vec::new(),
            },
            term_shared: vec![0],
            term_rest_lens: vec![2],
            term_rests: "ab".into(),
            list_lens: vec![1],
            doc_gaps: vec![0],
            slots: vec![0],
            synonyms: Vec::new(),
            value_terms: ValueTerms::default(),
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
