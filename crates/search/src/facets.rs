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
    pub(crate) fn top_facets_of(
        &self,
        doc_idxs: impl Iterator<Item = usize>,
        per_facet: usize,
    ) -> Facets {
        let table = &self.facet_table;
        let n_values = table.values.len();
        let counts = self.count_facets(doc_idxs);
        let mut facets = Facets::default();
        for (f, facet) in Facet::ALL.into_iter().enumerate() {
            let counted = counts
                .get(f * n_values..(f + 1) * n_values)
                .unwrap_or(&[])
                .iter()
                .zip(&table.values)
                .filter(|(count, _)| **count > 0)
                .map(|(count, value)| (*count, value.as_str()));
            // Most frequent first, ties alphabetical.
            let before = |a: &(u32, &str), b: &(u32, &str)| a.0 > b.0 || (a.0 == b.0 && a.1 < b.1);
            let mut list: Vec<(u32, &str)> = Vec::new();
            if per_facet == usize::MAX {
                list = counted.collect();
                list.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            } else {
                // The best few by insertion into a short sorted list: no sort or selection
                // of every value, and little code in the wasm.
                for item in counted {
                    if list.len() == per_facet
                        && list.last().is_none_or(|last| !before(&item, last))
                    {
                        continue;
                    }
                    let at = list.partition_point(|x| before(x, &item));
                    list.insert(at, item);
                    list.truncate(per_facet);
                }
            }
            *facets.get_mut(facet) = list
                .into_iter()
                .map(|(count, value)| FacetCount {
                    value: value.to_owned(),
                    count: count as usize,
                })
                .collect();
        }
        facets
    }

    /// Per facet and value id, how many of the documents carry it (each document once).
    fn count_facets(&self, doc_idxs: impl Iterator<Item = usize>) -> Vec<u32> {
        let table = &self.facet_table;
        let n_values = table.values.len();
        let mut counts = vec![0u32; Facet::ALL.len() * n_values];
        let mut seen = vec![false; self.docs.len()];
        for doc_idx in doc_idxs {
            let Some(first) = seen.get_mut(doc_idx) else {
                continue;
            };
            if std::mem::replace(first, true) {
                continue;
            }
            for (f, facet) in Facet::ALL.into_iter().enumerate() {
                let ids = table.ids(doc_idx, facet);
                for (i, &id) in ids.iter().enumerate() {
                    // A document lists a value once even if its data repeats it.
                    if ids.get(..i).is_some_and(|before| before.contains(&id)) {
                        continue;
                    }
                    if let Some(count) = counts.get_mut(f * n_values + id as usize) {
                        *count += 1;
                    }
                }
            }
        }
        counts
    }
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
