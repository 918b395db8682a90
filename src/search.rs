//! Glue between the loaded atlas and the pages: `atlas_view::results` on the shipped index.

pub use atlas_view::results::{HitRow, Results};

/// What the home page shows for a query and the facet filters of the URL.
pub fn results(q: &str, filters: &[(String, String)]) -> Results {
    let Ok(index) = crate::data::index() else {
        return Results::default();
    };
    // Arm ids for "compare its arms" come from the dataset when it is loaded whole.
    let bundle = index.bundle();
    let dataset = bundle.shards.is_none().then_some(&bundle.dataset);
    // The unfiltered listing is computed once per loaded index.
    index.listing().results(&index, dataset, q, filters)
}

/// A few queries that find something in this atlas.
pub fn suggestions() -> Vec<String> {
    crate::data::index()
        .map(|index| atlas_view::results::suggestions(&index))
        .unwrap_or_default()
}
