//! Glue between the search crate and the pages: the shipped index queried into rows to show.

use atlas_search::{Facet, Facets, Filters};

use crate::state::HitRow;

/// At most this many rows are rendered; the count above the list says how many matched.
const MAX_ROWS: usize = 50;

/// What the home page shows for a query and facet filters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// The first [`MAX_ROWS`] results, best first.
    pub rows: Vec<HitRow>,
    /// How many assets matched in all.
    pub total: usize,
    /// Counts per facet value over every match.
    pub facets: Facets,
}

/// Search (or list, for an empty query) with facet filters from the URL; unknown keys are ignored.
pub fn results(q: &str, filters: &[(String, String)]) -> Results {
    let (Ok(bundle), Ok(index)) = (crate::data::bundle(), crate::data::index()) else {
        return Results::default();
    };
    let mut selected = Filters::new();
    for (key, value) in filters {
        if let Some(facet) = Facet::from_key(key) {
            selected = selected.with(facet, value.clone());
        }
    }
    let page = index.search_page(q, &selected, MAX_ROWS);
    let (facets, total) = (page.facets, page.total);
    // A row is the index's own record of the asset (what a sharded atlas ships at start);
    // only "compare its arms" needs the arm ids, which an unsharded atlas has at hand.
    let ds = (bundle.shards.is_none()).then_some(&bundle.dataset);
    let rows = page
        .hits
        .into_iter()
        .filter_map(|hit| {
            let doc = index.doc(hit.doc_idx)?;
            let field = if q.trim().is_empty() {
                "name"
            } else {
                hit.field.label()
            };
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
                arm_ids: ds
                    .map(|ds| ds.trials_of(&doc.id))
                    .unwrap_or_default()
                    .into_iter()
                    .flat_map(|t| t.arms.iter().map(|a| a.id.clone()))
                    .collect(),
            })
        })
        .collect::<Vec<_>>();
    Results {
        total,
        rows,
        facets,
    }
}

/// A few queries that find something in this atlas: names, a target, a company.
pub fn suggestions() -> Vec<String> {
    let Ok(index) = crate::data::index() else {
        return Vec::new();
    };
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
