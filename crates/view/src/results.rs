//! The result list of the search box: a query, facet filters and the shipped index in, the
//! rows the home page shows out.
//!
//! A row is the index's own record of the asset (all a sharded atlas ships at start), so the
//! list needs no dataset; only "compare its arms" wants the arm ids, which an unsharded atlas
//! has at hand and passes as `dataset`.

use std::cell::RefCell;

use atlas_model::Dataset;
use atlas_search::{Facet, Facets, Filters, SearchIndex};

/// At most this many rows are listed; the count above the list says how many matched.
pub const MAX_ROWS: usize = 50;

/// At most this many values of each facet are offered, the most frequent first.
pub const FACET_VALUES: usize = 12;

/// What the home page shows for a query and facet filters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// The first [`MAX_ROWS`] results, best first.
    pub rows: Vec<HitRow>,
    /// How many assets matched in all.
    pub total: usize,
    /// Counts over every match of the [`FACET_VALUES`] most frequent values of each facet.
    pub facets: Facets,
}

/// One search result as the header and the home page show it.
#[derive(Clone, Debug, PartialEq)]
pub struct HitRow {
    pub asset_id: String,
    pub name: String,
    /// What matched when it is not the primary name: the field and the original text, with
    /// the byte ranges to highlight.
    pub matched_field: String,
    pub matched_text: String,
    pub highlight: Vec<(usize, usize)>,
    pub companies: Vec<String>,
    pub targets: Vec<String>,
    pub modality: Option<String>,
    pub phase: Option<String>,
    pub comparator: bool,
    /// Every arm of the asset's trials, for "compare its arms" straight from the results.
    pub arm_ids: Vec<String>,
}

/// Searches `index` (or lists it, for an empty query) with the facet `filters` of the URL
/// (`(key, value)` pairs; unknown keys are ignored). `dataset` supplies arm ids when the
/// whole dataset is loaded.
pub fn results(
    index: &SearchIndex,
    dataset: Option<&Dataset>,
    query: &str,
    filters: &[(String, String)],
) -> Results {
    let mut selected = Filters::new();
    for (key, value) in filters {
        if let Some(facet) = Facet::from_key(key) {
            selected = selected.with(facet, value.clone());
        }
    }
    let page = index.search_page_top(query, &selected, MAX_ROWS, FACET_VALUES);
    let listed = query.trim().is_empty();
    let rows = page
        .hits
        .into_iter()
        .filter_map(|hit| {
            let doc = index.doc(hit.doc_idx)?;
            let field = if listed { "name" } else { hit.field.label() };
            Some(HitRow {
                asset_id: doc.id.clone(),
                name: doc.names.first()?.clone(),
                matched_field: field.to_owned(),
                matched_text: hit.matched_text,
                highlight: hit.highlight,
                companies: doc.companies.clone(),
                targets: doc.targets.clone(),
                modality: doc.modality.clone(),
                phase: doc.phase.clone(),
                comparator: doc.comparator,
                arm_ids: dataset
                    .map(|ds| ds.trials_of(&doc.id))
                    .unwrap_or_default()
                    .into_iter()
                    .flat_map(|t| t.arms.iter().map(|a| a.id.clone()))
                    .collect(),
            })
        })
        .collect();
    Results {
        rows,
        total: page.total,
        facets: page.facets,
    }
}

/// [`results`] that remembers the unfiltered listing (an empty box, no filter) of the last
/// index it was asked about. That listing counts every facet value of every asset, the
/// slowest thing the box asks for in a large atlas, and the box comes back to it every time
/// it is cleared; any other query is computed afresh.
#[derive(Debug, Default)]
pub struct ResultCache {
    /// Which index and dataset (by address and size) the listing is of, and the listing.
    listing: RefCell<Option<(ListingKey, Results)>>,
}

type ListingKey = (usize, usize, Option<usize>);

impl ResultCache {
    /// The same as [`results`] for these arguments.
    pub fn results(
        &self,
        index: &SearchIndex,
        dataset: Option<&Dataset>,
        query: &str,
        filters: &[(String, String)],
    ) -> Results {
        if !query.trim().is_empty() || !filters.is_empty() {
            return results(index, dataset, query, filters);
        }
        let key = (
            index as *const SearchIndex as usize,
            index.len(),
            dataset.map(|ds| ds as *const Dataset as usize),
        );
        if let Some((cached_key, listing)) = &*self.listing.borrow() {
            if *cached_key == key {
                return listing.clone();
            }
        }
        let listing = results(index, dataset, query, filters);
        *self.listing.borrow_mut() = Some((key, listing.clone()));
        listing
    }
}

/// A few queries that find something in this atlas: the first programmes' names, then
/// targets, then companies; at most 8, no two equal but for case.
pub fn suggestions(index: &SearchIndex) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) && out.len() < 8 {
            out.push(s.to_owned());
        }
    };
    let programmes = || {
        (0..index.len())
            .filter_map(|i| index.doc(i))
            .filter(|d| !d.comparator)
    };
    for d in programmes().take(3) {
        push(d.names.first().map_or("", String::as_str));
    }
    // Enough to fill the list; a large atlas must not be walked whole on every empty query.
    for d in programmes().take(200) {
        push(d.targets.first().map_or("", String::as_str));
    }
    for d in programmes().take(200) {
        push(d.companies.first().map_or("", String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use atlas_search::{docs_from_dataset, FacetCount};

    use super::*;
    use crate::fixture;

    static DATASET: LazyLock<Dataset> = LazyLock::new(fixture::dataset);
    static INDEX: LazyLock<SearchIndex> =
        LazyLock::new(|| SearchIndex::build(docs_from_dataset(&DATASET)));

    /// The rows of `query` with `filters`, as `id (field: matched text)`, and the total.
    fn check(query: &str, filters: &[(&str, &str)], expected: &[&str], total: usize) {
        let filters: Vec<(String, String)> = filters
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let got = results(&INDEX, Some(&DATASET), query, &filters);
        let rows: Vec<String> = got
            .rows
            .iter()
            .map(|r| format!("{} ({}: {})", r.asset_id, r.matched_field, r.matched_text))
            .collect();
        assert_eq!(
            (rows, got.total),
            (expected.iter().map(|s| s.to_string()).collect(), total),
            "results({query:?}, {filters:?})"
        );
    }

    #[test]
    fn rows_of_queries_and_filters() {
        check(
            "",
            &[],
            &[
                "ibi363 (name: IBI363)",
                "lbl-024 (name: LBL-024)",
                "pembrolizumab (name: pembrolizumab)",
                "js212 (name: JS212)",
            ],
            4,
        );
        check(
            "   ",
            &[("target", "PD-1")],
            &[
                "ibi363 (name: IBI363)",
                "pembrolizumab (name: pembrolizumab)",
            ],
            2,
        );
        check("lbl", &[], &["lbl-024 (name: LBL-024)"], 1);
        check("Takeda", &[], &["ibi363 (company: Takeda)"], 1);
        check(
            "PD-1",
            &[("company", "Innovent Biologics")],
            &["ibi363 (target: PD-1)"],
            1,
        );
        // An unknown filter key is ignored rather than matching nothing.
        check("JS212", &[("colour", "blue")], &["js212 (name: JS212)"], 1);
        check("nothing-like-this", &[], &[], 0);
    }

    #[test]
    fn rows_carry_arms_only_with_the_dataset() {
        let with = results(&INDEX, Some(&DATASET), "IBI363", &[]);
        assert_eq!(with.rows[0].arm_ids, ["t-ibi/3-1-5", "t-ibi/1-5"]);
        let without = results(&INDEX, None, "IBI363", &[]);
        assert!(without.rows[0].arm_ids.is_empty());
        assert_eq!(without.rows[0].highlight, [(0, 6)]);
    }

    #[test]
    fn facets_count_every_match() {
        let got = results(&INDEX, None, "PD", &[]);
        let targets = got.facets.get(Facet::Target);
        assert!(
            targets.contains(&FacetCount {
                value: "PD-1".into(),
                count: 2
            }),
            "{targets:?}"
        );
    }

    #[test]
    fn the_cache_answers_like_the_function() {
        let cache = ResultCache::default();
        let other = SearchIndex::build(docs_from_dataset(&Dataset::empty()));
        let cases: [(&SearchIndex, Option<&Dataset>, &str); 6] = [
            (&INDEX, Some(&DATASET), ""),
            (&INDEX, Some(&DATASET), "lbl"),
            (&INDEX, Some(&DATASET), " "),
            (&INDEX, None, ""),
            (&other, None, ""),
            (&INDEX, Some(&DATASET), ""),
        ];
        for (index, dataset, query) in cases {
            assert_eq!(
                cache.results(index, dataset, query, &[]),
                results(index, dataset, query, &[]),
                "{query:?}"
            );
        }
        let filtered = [("phase".to_owned(), "Phase 1".to_owned())];
        assert_eq!(
            cache.results(&INDEX, None, "", &filtered),
            results(&INDEX, None, "", &filtered)
        );
        assert_eq!(cache.results(&INDEX, None, "", &filtered).total, 1);
    }

    #[test]
    fn facets_keep_the_most_frequent_values() {
        let got = results(&INDEX, None, "", &[]);
        for facet in Facet::ALL {
            assert!(got.facets.get(facet).len() <= FACET_VALUES, "{facet:?}");
        }
        assert_eq!(
            got.facets.get(Facet::Target)[0],
            FacetCount {
                value: "PD-1".into(),
                count: 2
            }
        );
    }

    #[test]
    fn suggestions_skip_comparators_and_repeats() {
        // Names of the first three programmes, then their first targets, then companies,
        // until eight: pembrolizumab (a comparator) gives nothing.
        assert_eq!(
            suggestions(&INDEX),
            [
                "IBI363",
                "LBL-024",
                "JS212",
                "PD-1",
                "PD-L1",
                "EGFR",
                "Innovent Biologics",
                "Leads Biolabs"
            ]
        );
    }
}
