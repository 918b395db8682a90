//! Glue between the loaded atlas and the pages: `atlas_view::results` on the shipped index.

use atlas_view::results::ResultCache;

pub use atlas_view::results::{HitRow, Results};

thread_local! {
    /// The atlas is loaded once, so its unfiltered listing is computed once.
    static CACHE: ResultCache = ResultCache::default();
}

/// What the home page shows for a query and the facet filters of the URL.
pub fn results(q: &str, filters: &[(String, String)]) -> Results {
    let (Ok(bundle), Ok(index)) = (crate::data::bundle(), crate::data::index()) else {
        return Results::default();
    };
    // Arm ids for "compare its arms" come from the dataset when it is loaded whole.
    let dataset = bundle.shards.is_none().then_some(&bundle.dataset);
    CACHE.with(|cache| cache.results(index, dataset, q, filters))
}

/// A few queries that find something in this atlas.
pub fn suggestions() -> Vec<String> {
    crate::data::index()
        .map(atlas_view::results::suggestions)
        .unwrap_or_default()
}
