//! Glue between the search crate and the pages: one index built on first use, rows to show.

use std::sync::OnceLock;

use atlas_model::highest_phase;
use atlas_search::{docs_from_dataset, SearchIndex};

use crate::state::HitRow;

/// At most this many rows are rendered; the count above the list says how many matched.
const MAX_ROWS: usize = 200;

fn index() -> Option<&'static SearchIndex> {
    static INDEX: OnceLock<Option<SearchIndex>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let bundle = crate::data::bundle().ok()?;
            Some(SearchIndex::build(docs_from_dataset(&bundle.dataset)))
        })
        .as_ref()
}

/// The rows for a query and facet filters; an empty query lists every asset.
pub fn rows(q: &str, filters: &[(String, String)]) -> Vec<HitRow> {
    let _ = filters;
    let (Ok(bundle), Some(index)) = (crate::data::bundle(), index()) else {
        return Vec::new();
    };
    let ds = &bundle.dataset;
    let row = |asset_id: &str, field: String, text: String, highlight: Vec<(usize, usize)>| {
        let asset = ds.asset(asset_id)?;
        Some(HitRow {
            asset_id: asset.id.clone(),
            name: asset.name.clone(),
            matched_field: field,
            matched_text: text,
            highlight,
            companies: asset.companies.iter().map(|c| c.name.clone()).collect(),
            targets: asset.targets.clone(),
            modality: asset.modality.clone(),
            phase: highest_phase(ds, &asset.id),
            comparator: asset.comparator,
        })
    };
    if q.trim().is_empty() {
        let mut all: Vec<&atlas_model::Asset> = ds.assets.iter().collect();
        // Programme assets before comparators, then by name.
        all.sort_by(|a, b| (a.comparator, a.name.to_lowercase()).cmp(&(b.comparator, b.name.to_lowercase())));
        return all
            .into_iter()
            .take(MAX_ROWS)
            .filter_map(|a| row(&a.id, "name".to_owned(), a.name.clone(), Vec::new()))
            .collect();
    }
    index
        .search(q, MAX_ROWS)
        .into_iter()
        .filter_map(|hit| {
            let doc = index.doc(hit.doc_idx)?;
            row(&doc.id, hit.field.label().to_owned(), hit.matched_text, hit.highlight)
        })
        .collect()
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
