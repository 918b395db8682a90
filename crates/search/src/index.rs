//! The builder: documents in, a sorted term dictionary with postings out.

use std::collections::HashMap;

use crate::facets::FacetTable;
use crate::normalize::{self, Token};
use crate::synonyms::{Section, TABLE};
use crate::{Field, SearchDoc};

/// A searchable index over a fixed list of documents; immutable once built.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    pub(crate) docs: Vec<SearchDoc>,
    pub(crate) dict: TermDict,
    /// `postings[post_ends[t - 1]..post_ends[t]]` are term `t`'s postings, sorted.
    pub(crate) post_ends: Vec<u32>,
    pub(crate) postings: Vec<u32>,
    pub(crate) facet_table: FacetTable,
    /// The synonym classes the documents use, for highlighting a synonym hit: per class its
    /// compact members and every compact term it expands to. Carried in the index so that the
    /// viewer, which only loads indexes, does not ship the whole synonym table.
    pub(crate) synonyms: SynonymClasses,
}

/// See [`SearchIndex::synonyms`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SynonymClasses {
    /// Per class: (members, expansion).
    pub(crate) classes: Vec<(Vec<String>, Vec<String>)>,
}

impl SynonymClasses {
    /// Whether the compact text `text` names a class that expands to `term`.
    pub(crate) fn names(&self, text: &str, term: &str) -> bool {
        self.classes.iter().any(|(members, expansion)| {
            members.iter().any(|m| m == text) && expansion.iter().any(|t| t == term)
        })
    }
}

impl SearchIndex {
    /// Indexes `docs`; hits refer to them by position.
    ///
    /// Limits, far beyond the product's scale: documents after the first 1,048,576 and field
    /// values after a field's 128th are kept for [`SearchIndex::doc`] but not searchable.
    pub fn build(docs: Vec<SearchDoc>) -> SearchIndex {
        let mut ids: HashMap<String, u32> = HashMap::new();
        // (term id, posting) in document order; grouped by term at the end, which is cheaper
        // than growing one vector per term.
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        // Companies, targets, modalities and indications repeat across documents, and their
        // terms (synonyms especially) cost the most to work out: do it once per value.
        let mut memo: HashMap<(Field, &str), Vec<(u32, u32)>> = HashMap::new();
        let mut terms: Vec<(u32, u32)> = Vec::new();
        let mut used_classes: Vec<u32> = Vec::new();
        for (doc_idx, doc) in docs.iter().enumerate().take(MAX_DOCS) {
            for (field, value_idx, value) in field_values(doc) {
                if value_idx >= MAX_VALUES {
                    continue;
                }
                let base = Posting::pack(doc_idx as u32, field, value_idx as u32, 0);
                let repeats = !matches!(field, Field::Name | Field::Alias | Field::Trial);
                let known = if repeats {
                    memo.get(&(field, value))
                } else {
                    None
                };
                let value_terms = match known {
                    Some(list) => list,
                    None => {
                        terms.clear();
                        index_value(value, field, &mut used_classes, &mut |term, flags| {
                            let next_id = ids.len() as u32;
                            let id = match ids.get(term) {
                                Some(&id) => id,
                                None => {
                                    ids.insert(term.to_owned(), next_id);
                                    next_id
                                }
                            };
                            terms.push((id, flags));
                        });
                        if repeats {
                            memo.entry((field, value)).or_insert_with(|| terms.clone())
                        } else {
                            &terms
                        }
                    }
                };
                pairs.extend(value_terms.iter().map(|&(id, flags)| (id, base | flags)));
            }
        }
        // Sorted terms; comparing the first eight bytes as a number settles most comparisons.
        let mut sorted: Vec<(u64, String, u32)> = ids
            .into_iter()
            .map(|(term, id)| (sort_key(&term), term, id))
            .collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        // Counting sort of the pairs by the term's rank.
        let mut rank = vec![0u32; sorted.len()];
        for (r, (_, _, id)) in sorted.iter().enumerate() {
            if let Some(slot) = rank.get_mut(*id as usize) {
                *slot = r as u32;
            }
        }
        let mut starts = vec![0u32; sorted.len() + 1];
        for &(id, _) in &pairs {
            if let Some(start) = rank
                .get(id as usize)
                .and_then(|&r| starts.get_mut(r as usize + 1))
            {
                *start += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut grouped = vec![0u32; pairs.len()];
        let mut fill = starts.clone();
        for &(id, posting) in &pairs {
            let Some(&r) = rank.get(id as usize) else {
                continue;
            };
            if let Some(at) = fill.get_mut(r as usize) {
                if let Some(slot) = grouped.get_mut(*at as usize) {
                    *slot = posting;
                }
                *at += 1;
            }
        }
        drop(pairs);
        let mut dict = TermDict::default();
        let mut post_ends = Vec::with_capacity(sorted.len());
        let mut postings = Vec::with_capacity(grouped.len());
        for (r, (_, term, _)) in sorted.iter().enumerate() {
            let (start, end) = (starts[r] as usize, starts[r + 1] as usize);
            let list = grouped.get_mut(start..end).unwrap_or(&mut []);
            // Sorted, the same (doc, field, value) sits together with the fewest flags first.
            list.sort_unstable();
            let mut previous = None;
            for &p in list.iter() {
                if previous != Some(p >> FLAG_BITS) {
                    postings.push(p);
                    previous = Some(p >> FLAG_BITS);
                }
            }
            post_ends.push(postings.len() as u32);
            dict.push(term);
        }
        let facet_table = FacetTable::build(&docs);
        used_classes.sort_unstable();
        used_classes.dedup();
        let synonyms = SynonymClasses {
            classes: used_classes
                .into_iter()
                .map(|c| (TABLE.members(c), TABLE.expansion(c).to_vec()))
                .collect(),
        };
        SearchIndex::from_parts(docs, dict, post_ends, postings, facet_table, synonyms)
    }

    /// The `doc_idx`-th document the index was built from.
    pub fn doc(&self, doc_idx: usize) -> Option<&SearchDoc> {
        self.docs.get(doc_idx)
    }

    /// All documents, in the order given to [`SearchIndex::build`].
    pub fn docs(&self) -> &[SearchDoc] {
        &self.docs
    }

    /// How many documents the index holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// True when the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// How many distinct terms the dictionary holds.
    pub fn n_terms(&self) -> usize {
        self.dict.len()
    }

    pub(crate) fn from_parts(
        docs: Vec<SearchDoc>,
        dict: TermDict,
        post_ends: Vec<u32>,
        postings: Vec<u32>,
        facet_table: FacetTable,
        synonyms: SynonymClasses,
    ) -> SearchIndex {
        SearchIndex {
            docs,
            dict,
            post_ends,
            postings,
            facet_table,
            synonyms,
        }
    }

    /// The postings of term `term_id`.
    pub(crate) fn postings_of(&self, term_id: u32) -> &[u32] {
        let t = term_id as usize;
        let start = match t.checked_sub(1) {
            Some(prev) => self.post_ends.get(prev).copied().unwrap_or(0),
            None => 0,
        } as usize;
        let end = self.post_ends.get(t).copied().unwrap_or(0) as usize;
        self.postings.get(start..end).unwrap_or(&[])
    }

    /// The original text of the value a posting points at.
    pub(crate) fn value_of(&self, posting: Posting) -> Option<&str> {
        value(
            self.docs.get(posting.doc as usize)?,
            posting.field,
            posting.value_idx,
        )
    }
}

pub(crate) const MAX_DOCS: usize = 1 << 20;
pub(crate) const MAX_VALUES: usize = 1 << 7;
const FLAG_BITS: u32 = 2;
const VALUE_BITS: u32 = 7;
const FIELD_BITS: u32 = 3;
/// The term was added as a synonym of what the value says.
pub(crate) const SYNONYM: u32 = 1;
/// The term is a piece of a joined token (`her3` of `HER3-DXd`).
pub(crate) const PART: u32 = 2;
/// Terms longer than this (bytes) are not indexed whole: nobody types them.
const MAX_TERM_BYTES: usize = 64;

/// One decoded posting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Posting {
    pub doc: u32,
    pub field: Field,
    pub value_idx: usize,
    pub flags: u32,
}

impl Posting {
    /// Document in the top 20 bits, then field, value index and flags.
    pub(crate) fn pack(doc: u32, field: Field, value_idx: u32, flags: u32) -> u32 {
        (((doc << FIELD_BITS | field_code(field)) << VALUE_BITS | value_idx) << FLAG_BITS) | flags
    }

    /// `None` for a field code no build writes (only possible in corrupt bytes).
    pub(crate) fn unpack(p: u32) -> Option<Posting> {
        let flags = p & ((1 << FLAG_BITS) - 1);
        let value_idx = (p >> FLAG_BITS) & ((1 << VALUE_BITS) - 1);
        let field = field_from_code((p >> (FLAG_BITS + VALUE_BITS)) & ((1 << FIELD_BITS) - 1))?;
        Some(Posting {
            doc: p >> (FLAG_BITS + VALUE_BITS + FIELD_BITS),
            field,
            value_idx: value_idx as usize,
            flags,
        })
    }
}

/// A field's number in postings and in the serialized index: its position in [`Field::ALL`],
/// which therefore only ever grows at the end.
pub(crate) fn field_code(field: Field) -> u32 {
    Field::ALL.iter().position(|f| *f == field).unwrap_or(0) as u32
}

fn field_from_code(code: u32) -> Option<Field> {
    Field::ALL.get(code as usize).copied()
}

/// Every searchable value of a document with its field and index within the field.
pub(crate) fn field_values(doc: &SearchDoc) -> impl Iterator<Item = (Field, usize, &str)> {
    let names = doc.names.iter().enumerate().map(|(i, v)| match i {
        0 => (Field::Name, 0, v.as_str()),
        _ => (Field::Alias, i - 1, v.as_str()),
    });
    fn each(field: Field, values: &[String]) -> impl Iterator<Item = (Field, usize, &str)> {
        values
            .iter()
            .enumerate()
            .map(move |(i, v)| (field, i, v.as_str()))
    }
    names
        .chain(each(Field::Company, &doc.companies))
        .chain(each(Field::Target, &doc.targets))
        .chain(
            doc.modality
                .iter()
                .map(|m| (Field::Modality, 0, m.as_str())),
        )
        .chain(each(Field::Indication, &doc.indications))
        .chain(each(Field::Trial, &doc.trials))
}

/// The value at (`field`, `value_idx`) of a document.
pub(crate) fn value(doc: &SearchDoc, field: Field, value_idx: usize) -> Option<&str> {
    let v = match field {
        Field::Name if value_idx == 0 => doc.names.first(),
        Field::Name => None,
        Field::Alias => doc.names.get(value_idx + 1),
        Field::Company => doc.companies.get(value_idx),
        Field::Target => doc.targets.get(value_idx),
        Field::Modality if value_idx == 0 => doc.modality.as_ref(),
        Field::Modality => None,
        Field::Indication => doc.indications.get(value_idx),
        Field::Trial => doc.trials.get(value_idx),
    };
    v.map(String::as_str)
}

/// The synonym section that applies to a field.
pub(crate) fn section_of(field: Field) -> Option<Section> {
    match field {
        Field::Target => Some(Section::Target),
        Field::Indication => Some(Section::Disease),
        Field::Modality => Some(Section::Modality),
        _ => None,
    }
}

/// The terms of one value: its tokens, the parts of joined tokens (3 characters or more), the
/// whole value glued together (`IBI 363` → `ibi363`), and the synonyms of the phrases in it.
fn index_value(
    value: &str,
    field: Field,
    used_classes: &mut Vec<u32>,
    add_term: &mut impl FnMut(&str, u32),
) {
    let mut add = |term: &str, flags: u32| {
        if !term.is_empty() && term.len() <= MAX_TERM_BYTES {
            add_term(term, flags);
        }
    };
    let tokens: Vec<Token> = normalize::tokenize(value, false);
    for token in &tokens {
        add(&token.text, 0);
        for &(start, end) in &token.parts {
            if let Some(part) = token.text.get(start..end) {
                if part.chars().count() >= 3 {
                    add(part, PART);
                }
            }
        }
    }
    if tokens.len() > 1 {
        let whole: String = tokens.iter().map(|t| t.text.as_str()).collect();
        add(&whole, 0);
    }
    let Some(section) = section_of(field) else {
        return;
    };
    let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    for phrase in TABLE.phrases(&texts, section) {
        used_classes.push(phrase.class);
        let said: String = texts.get(phrase.start..phrase.end).unwrap_or(&[]).concat();
        add(&said, 0);
        for synonym in TABLE.expansion(phrase.class) {
            if *synonym != said {
                add(synonym, SYNONYM);
            }
        }
    }
    // A target written as one joined token (`EGFR-HER3`) is found by ERBB3 too.
    for token in tokens.iter().filter(|t| t.parts.len() > 1) {
        let parts: Vec<&str> = token
            .parts
            .iter()
            .filter_map(|&(s, e)| token.text.get(s..e))
            .collect();
        for phrase in TABLE.phrases(&parts, section) {
            used_classes.push(phrase.class);
            for synonym in TABLE.expansion(phrase.class) {
                add(synonym, SYNONYM | PART);
            }
        }
    }
}

/// Sorted terms in one string: term `t` is `text[ends[t - 1]..ends[t]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TermDict {
    pub(crate) text: String,
    pub(crate) ends: Vec<u32>,
    /// Every term is ASCII, so typo search may compare bytes instead of chars.
    pub(crate) ascii_only: bool,
    /// `lcp[t]`: the bytes term `t` shares with term `t - 1` (at most 255); derived.
    pub(crate) lcp: Vec<u8>,
}

impl Default for TermDict {
    fn default() -> Self {
        TermDict::new(String::new(), Vec::new())
    }
}

impl TermDict {
    pub(crate) fn new(text: String, ends: Vec<u32>) -> TermDict {
        let ascii_only = text.is_ascii();
        let mut dict = TermDict {
            text,
            ends,
            ascii_only,
            lcp: Vec::new(),
        };
        dict.lcp = (0..dict.len() as u32)
            .map(|t| match t.checked_sub(1) {
                Some(prev) => common_prefix(dict.term(prev), dict.term(t)),
                None => 0,
            })
            .collect();
        dict
    }

    pub(crate) fn push(&mut self, term: &str) {
        let lcp = match self.len().checked_sub(1) {
            Some(prev) => common_prefix(self.term(prev as u32), term),
            None => 0,
        };
        self.lcp.push(lcp);
        self.text.push_str(term);
        self.ends.push(self.text.len() as u32);
        self.ascii_only &= term.is_ascii();
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Term `t`, or "" for an id out of range.
    pub(crate) fn term(&self, t: u32) -> &str {
        let t = t as usize;
        let start = match t.checked_sub(1) {
            Some(prev) => self.ends.get(prev).copied().unwrap_or(0),
            None => 0,
        } as usize;
        let end = self.ends.get(t).copied().unwrap_or(0) as usize;
        self.text.get(start..end).unwrap_or("")
    }

    /// The ids of the terms that start with `prefix` (the exact term, if present, first).
    pub(crate) fn prefix_range(&self, prefix: &str) -> std::ops::Range<u32> {
        let n = self.len() as u32;
        let lo = partition_point(n, |t| self.term(t) < prefix);
        let hi = lo + partition_point(n - lo, |i| self.term(lo + i).starts_with(prefix));
        lo..hi
    }
}

/// The first eight bytes, big-endian: ordering by it agrees with ordering the strings.
fn sort_key(term: &str) -> u64 {
    let mut key = [0u8; 8];
    for (k, b) in key.iter_mut().zip(term.bytes()) {
        *k = b;
    }
    u64::from_be_bytes(key)
}

fn common_prefix(a: &str, b: &str) -> u8 {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    n.min(usize::from(u8::MAX)) as u8
}

/// The first `i` in `0..n` for which `pred` is false, `pred` being true then false.
fn partition_point(n: u32, pred: impl Fn(u32) -> bool) -> u32 {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip() {
        for field in [Field::Name, Field::Trial, Field::Indication] {
            let p = Posting::pack(1_000_000, field, 127, SYNONYM | PART);
            assert_eq!(
                Posting::unpack(p),
                Some(Posting {
                    doc: 1_000_000,
                    field,
                    value_idx: 127,
                    flags: 3
                })
            );
        }
    }

    #[test]
    fn dictionary_ranges() {
        let mut dict = TermDict::default();
        for t in ["abc", "abd", "abde", "b", "ba"] {
            dict.push(t);
        }
        assert_eq!(dict.prefix_range("ab"), 0..3);
        assert_eq!(dict.prefix_range("abd"), 1..3);
        assert_eq!(dict.prefix_range("b"), 3..5);
        assert_eq!(dict.prefix_range("c"), 5..5);
        assert_eq!(dict.prefix_range(""), 0..5);
        assert_eq!(dict.term(9), "");
    }

    #[test]
    fn indexes_tokens_parts_wholes_and_synonyms() {
        let index = SearchIndex::build(vec![SearchDoc {
            id: "x".into(),
            names: vec!["IBI 363".into(), "HER3-DXd".into()],
            targets: vec!["4-1BB".into()],
            indications: vec!["advanced non-small cell lung cancer".into()],
            ..SearchDoc::default()
        }]);
        let terms: Vec<&str> = (0..index.n_terms() as u32)
            .map(|t| index.dict.term(t))
            .collect();
        for expected in [
            "ibi",
            "363",
            "ibi363",
            "her3dxd",
            "her3",
            "dxd",
            "41bb",
            "cd137",
            "tnfrsf9",
            "nsclc",
            "nonsmallcelllungcancer",
            "lungcancer",
        ] {
            assert!(
                terms.contains(&expected),
                "{expected} missing from {terms:?}"
            );
        }
        // Names get no synonym expansion; HER3 is a part of a name, not a target here.
        assert!(!terms.contains(&"erbb3"));
    }
}
