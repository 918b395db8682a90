//! Facets: counting the values of hits, and filtering by selected values.
//!
//! Facet values are the documents' own strings, compared exactly, so a value read from a URL
//! (`#/?target=PD-1`) selects exactly what the facet list showed. Within one facet the
//! selected values are alternatives (OR); across facets all must hold (AND).

use std::collections::HashMap;

use crate::{Hit, SearchDoc, SearchIndex};

/// A dimension results can be counted and filtered by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    Company,
    Target,
    Modality,
    /// The highest phase.
    Phase,
    /// Agency and designation (`FDA BTD`).
    Designation,
    Indication,
}

impl Facet {
    /// Every facet, in display order.
    pub const ALL: [Facet; 6] = [
        Facet::Company,
        Facet::Target,
        Facet::Modality,
        Facet::Phase,
        Facet::Designation,
        Facet::Indication,
    ];

    /// The key used in URLs (`company`, `target`, `modality`, `phase`, `designation`,
    /// `indication`).
    pub fn key(self) -> &'static str {
        match self {
            Facet::Company => "company",
            Facet::Target => "target",
            Facet::Modality => "modality",
            Facet::Phase => "phase",
            Facet::Designation => "designation",
            Facet::Indication => "indication",
        }
    }

    /// The facet a URL key names.
    pub fn from_key(key: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.key() == key)
    }

    /// A heading for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Facet::Company => "Company",
            Facet::Target => "Target",
            Facet::Modality => "Modality",
            Facet::Phase => "Highest phase",
            Facet::Designation => "Agency / designation",
            Facet::Indication => "Indication",
        }
    }

    /// This facet's values in one document.
    pub fn values(self, doc: &SearchDoc) -> &[String] {
        match self {
            Facet::Company => &doc.companies,
            Facet::Target => &doc.targets,
            Facet::Modality => doc.modality.as_slice(),
            Facet::Phase => doc.phase.as_slice(),
            Facet::Designation => &doc.designations,
            Facet::Indication => &doc.indications,
        }
    }
}

/// Selected facet values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// (facet, value) pairs, in the order they were selected.
    pub selected: Vec<(Facet, String)>,
}

impl Filters {
    /// No filter: everything passes.
    pub fn new() -> Filters {
        Filters::default()
    }

    /// These filters plus one more selected value.
    pub fn with(mut self, facet: Facet, value: impl Into<String>) -> Filters {
        self.selected.push((facet, value.into()));
        self
    }

    pub fn is_empty(&self) -> bool {
        self.selected.is_empty()
    }

    /// Whether `value` of `facet` is selected.
    pub fn is_selected(&self, facet: Facet, value: &str) -> bool {
        self.selected.iter().any(|(f, v)| *f == facet && v == value)
    }

    /// True when, for every facet with a selected value, the document has one of them.
    pub fn matches(&self, doc: &SearchDoc) -> bool {
        Facet::ALL.into_iter().all(|facet| {
            let mut wanted = self.selected.iter().filter(|(f, _)| *f == facet).peekable();
            if wanted.peek().is_none() {
                return true;
            }
            let values = facet.values(doc);
            wanted.any(|(_, v)| values.contains(v))
        })
    }
}

/// How many documents carry one facet value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
}

/// Counts per facet value, each list most frequent first (ties alphabetical).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    pub company: Vec<FacetCount>,
    pub target: Vec<FacetCount>,
    pub modality: Vec<FacetCount>,
    pub phase: Vec<FacetCount>,
    pub designation: Vec<FacetCount>,
    pub indication: Vec<FacetCount>,
}

impl Facets {
    /// The counts of one facet.
    pub fn get(&self, facet: Facet) -> &[FacetCount] {
        match facet {
            Facet::Company => &self.company,
            Facet::Target => &self.target,
            Facet::Modality => &self.modality,
            Facet::Phase => &self.phase,
            Facet::Designation => &self.designation,
            Facet::Indication => &self.indication,
        }
    }

    fn get_mut(&mut self, facet: Facet) -> &mut Vec<FacetCount> {
        match facet {
            Facet::Company => &mut self.company,
            Facet::Target => &mut self.target,
            Facet::Modality => &mut self.modality,
            Facet::Phase => &mut self.phase,
            Facet::Designation => &mut self.designation,
            Facet::Indication => &mut self.indication,
        }
    }
}

impl SearchIndex {
    /// Facet counts over the documents of `hits` (each document counted once per value).
    /// To count a whole result set rather than a page, pass hits from a search with a large
    /// limit (`usize::MAX`).
    pub fn facets(&self, hits: &[Hit]) -> Facets {
        self.facets_of(hits.iter().map(|h| h.doc_idx))
    }

    /// Facet counts over documents given by index, each counted once.
    pub(crate) fn facets_of(&self, doc_idxs: impl Iterator<Item = usize>) -> Facets {
        self.top_facets_of(doc_idxs, usize::MAX)
    }

    /// Like [`SearchIndex::facets_of`], keeping the `per_facet` most frequent values of each
    /// facet. Only those are turned into strings: over a broad query of a large atlas most
    /// values have a count, and copying and sorting all of them was most of a keystroke.
    ///
    /// The work is proportional to the documents counted and the values they carry, never to
    /// the atlas: counts live in one array of the table's size (zeroed once per call, which is
    /// a `calloc`) and only the values touched are visited, then the array is reused for the
    /// next facet by clearing exactly those.
    pub(crate) fn top_facets_of(
        &self,
        doc_idxs: impl Iterator<Item = usize>,
        per_facet: usize,
    ) -> Facets {
        self.top_facets_of_docs(&self.distinct_docs(doc_idxs), per_facet)
    }

    /// [`SearchIndex::top_facets_of`] over distinct documents: one copy of this code in the
    /// wasm, whatever iterator the caller has.
    fn top_facets_of_docs(&self, docs: &[u32], per_facet: usize) -> Facets {
        let table = &self.facet_table;
        let mut counts = vec![0u32; table.values.len()];
        let mut touched: Vec<u32> = Vec::new();
        let mut facets = Facets::default();
        for facet in Facet::ALL {
            for &doc_idx in docs {
                let ids = table.ids(doc_idx as usize, facet);
                for (i, &id) in ids.iter().enumerate() {
                    // A document lists a value once even if its data repeats it.
                    if ids.get(..i).is_some_and(|before| before.contains(&id)) {
                        continue;
                    }
                    if let Some(count) = counts.get_mut(id as usize) {
                        if *count == 0 {
                            touched.push(id);
                        }
                        *count += 1;
                    }
                }
            }
            let counted = touched.iter().filter_map(|&id| {
                let count = *counts.get(id as usize)?;
                Some((count, table.values.get(id as usize)?.as_str()))
            });
            let list = best(counted, per_facet);
            *facets.get_mut(facet) = list
                .into_iter()
                .map(|(count, value)| FacetCount {
                    value: value.to_owned(),
                    count: count as usize,
                })
                .collect();
            for id in touched.drain(..) {
                if let Some(count) = counts.get_mut(id as usize) {
                    *count = 0;
                }
            }
        }
        facets
    }

    /// `doc_idxs` without repeats or documents outside the index, in order of first mention.
    fn distinct_docs(&self, doc_idxs: impl Iterator<Item = usize>) -> Vec<u32> {
        let mut seen = vec![0u64; self.docs.len().div_ceil(64)];
        doc_idxs
            .filter(|&d| {
                let (word, bit) = (d / 64, 1u64 << (d % 64));
                match seen.get_mut(word) {
                    Some(w) if d < self.docs.len() && *w & bit == 0 => {
                        *w |= bit;
                        true
                    }
                    _ => false,
                }
            })
            .map(|d| d as u32)
            .collect()
    }
}

/// The `per_facet` best of `counted` (`usize::MAX`: all), most frequent first, ties
/// alphabetical.
fn best<'a>(
    counted: impl Iterator<Item = (u32, &'a str)>,
    per_facet: usize,
) -> Vec<(u32, &'a str)> {
    let before = |a: &(u32, &str), b: &(u32, &str)| a.0 > b.0 || (a.0 == b.0 && a.1 < b.1);
    let mut list: Vec<(u32, &str)> = Vec::new();
    if per_facet == usize::MAX {
        list = counted.collect();
        list.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        return list;
    }
    // The best few by insertion into a short sorted list: no sort or selection of every
    // value, and little code in the wasm.
    for item in counted {
        if list.len() == per_facet && list.last().is_none_or(|last| !before(&item, last)) {
            continue;
        }
        let at = list.partition_point(|x| before(x, &item));
        list.insert(at, item);
        list.truncate(per_facet);
    }
    list
}

/// Every document's facet values as numbers into one table of distinct strings, so counting
/// facets over 100,000 hits is array increments rather than string hashing. The serialized
/// index stores exactly these numbers, so loading builds the table without hashing either.
#[derive(Clone, Debug, Default)]
pub(crate) struct FacetTable {
    pub(crate) values: Vec<String>,
    /// The ids of document `d`, facet `f` are `ids[starts[d * 6 + f]..starts[d * 6 + f + 1]]`.
    ids: Vec<u32>,
    starts: Vec<u32>,
}

impl FacetTable {
    /// Interns the facet values of `docs`, in order of first use.
    pub(crate) fn build(docs: &[SearchDoc]) -> FacetTable {
        let mut table = FacetTable::with_values(Vec::new());
        let mut known: HashMap<&str, u32> = HashMap::new();
        let mut values: Vec<String> = Vec::new();
        for doc in docs {
            for facet in Facet::ALL {
                for value in facet.values(doc) {
                    let id = *known.entry(value.as_str()).or_insert_with(|| {
                        values.push(value.clone());
                        values.len() as u32 - 1
                    });
                    table.ids.push(id);
                }
                table.starts.push(table.ids.len() as u32);
            }
        }
        table.values = values;
        table
    }

    /// A table over `values`, to be filled with [`FacetTable::push_doc`].
    pub(crate) fn with_values(values: Vec<String>) -> FacetTable {
        FacetTable {
            values,
            ids: Vec::new(),
            starts: vec![0],
        }
    }

    /// Appends the next document's ids, given in [`Facet::ALL`] order.
    pub(crate) fn push_doc(&mut self, ids: [&[u32]; 6]) {
        for list in ids {
            self.ids.extend_from_slice(list);
            self.starts.push(self.ids.len() as u32);
        }
    }

    /// The value ids of one facet of one document.
    pub(crate) fn ids(&self, doc_idx: usize, facet: Facet) -> &[u32] {
        let f = Facet::ALL.iter().position(|x| *x == facet).unwrap_or(0);
        let at = doc_idx * Facet::ALL.len() + f;
        match (self.starts.get(at), self.starts.get(at + 1)) {
            (Some(&start), Some(&end)) => self.ids.get(start as usize..end as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for facet in Facet::ALL {
            assert_eq!(Facet::from_key(facet.key()), Some(facet));
        }
        assert_eq!(Facet::from_key("q"), None);
    }

    #[test]
    fn filters_are_or_within_and_across() {
        let doc = SearchDoc {
            companies: vec!["Innovent".into()],
            targets: vec!["PD-1".into(), "IL-2Rα".into()],
            phase: Some("Phase 2".into()),
            ..SearchDoc::default()
        };
        let check = |filters: Filters, expected: bool| {
            assert_eq!(filters.matches(&doc), expected, "{filters:?}");
        };
        check(Filters::new(), true);
        check(Filters::new().with(Facet::Target, "PD-1"), true);
        check(Filters::new().with(Facet::Target, "PD-L1"), false);
        check(
            Filters::new()
                .with(Facet::Target, "PD-L1")
                .with(Facet::Target, "IL-2Rα"),
            true,
        );
        check(
            Filters::new()
                .with(Facet::Target, "PD-1")
                .with(Facet::Company, "Akeso"),
            false,
        );
        check(Filters::new().with(Facet::Phase, "Phase 2"), true);
        check(Filters::new().with(Facet::Modality, "ADC"), false);
    }
}
