//! Glue between the search crate and the pages: the shipped index queried into rows to show.

use atlas_model::highest_phase;
use atlas_search::{Facet, Facets, Filters};

use crate::state::HitRow;

/// At most this many rows are rendered; the count above the list says how many matched.
const MAX_ROWS: usize = 200;

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
    let ds = &bundle.dataset;
    let mut selected = Filters::new();
    for (key, value) in filters {
        if let Some(facet) = Facet::from_key(key) {
            selected = selected.with(facet, value.clone());
        }
    }
    let page = index.search_page(q, &selected, MAX_ROWS);
    let (facets, total) = (page.facets, page.total);
    let rows = page
        .hits
        .into_iter()
        .filter_map(|hit| {
            let doc = index.doc(hit.doc_idx)?;
            let asset = ds.asset(&doc.id)?;
            let field = if q.trim().is_empty() {
                "name"
            } else {
                hit.field.label()
            };
            Some(HitRow {
                asset_id: asset.id.clone(),
                name: asset.name.clone(),
                matched_field: field.to_owned(),
                matched_text: hit.matched_text,
                highlight: hit.highlight,
                companies: asset.companies.iter().map(|c| c.name.clone()).collect(),
                targets: asset.targets.clone(),
                modality: asset.modality.clone(),
                phase: highest_phase(ds, &asset.id),
                comparator: asset.comparator,
                arm_ids: ds
                    .trials_of(&asset.id)
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
    let Ok(bundle) = crate::data::bundle() else {
        return Vec::new();
    };
    let ds = &bundle.dataset;
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        if !s.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(s)) && out.len() < 8 {
            out.push(s.to_owned());
        }
    };
    let programmes = ds.assets.iter().filter(|a| !a.comparator);
    for a in programmes.clone().take(3) {
        push(&a.name);
    }
    for a in programmes.clone() {
        if let Some(t) = a.targets.first() {
            push(t);
        }
    }
    for a in programmes {
        if let Some(c) = a.companies.first() {
            push(&c.name);
        }
    }
    out
}
