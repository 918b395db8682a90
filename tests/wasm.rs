//! The libraries the app links, exercised in wasm32 (wasm-bindgen-test in Node): the bundle
//! format round-trips, search finds by alias and typo, exact intervals match the native ones.

#![cfg(target_arch = "wasm32")]

use atlas_model::{slug, Asset, Bundle, CompanyRole, Dataset, DocText};
use atlas_search::{docs_from_dataset, SearchIndex};
use pipeline_atlas::route::{Page, Route};
use wasm_bindgen_test::wasm_bindgen_test;

fn dataset() -> Dataset {
    let mut ds = Dataset::empty();
    for (name, aliases, company, target) in [
        ("IBI363", vec!["TAK-928"], "Innovent Biologics", "PD-1"),
        (
            "LBL-024",
            vec!["opatisumimab", "Velesin"],
            "Leads Biolabs",
            "4-1BB",
        ),
    ] {
        ds.assets.push(Asset {
            id: slug(name),
            name: name.to_owned(),
            aliases: aliases.into_iter().map(str::to_owned).collect(),
            companies: vec![CompanyRole {
                name: company.to_owned(),
                role: "developer".to_owned(),
            }],
            targets: vec![target.to_owned()],
            ..Asset::default()
        });
    }
    ds
}

#[wasm_bindgen_test]
fn bundle_round_trips_in_wasm() {
    let bundle = Bundle::new(
        dataset(),
        vec![DocText {
            doc: "d1".to_owned(),
            text: "IBI363 (TAK-928) …".to_owned(),
        }],
    );
    let back = Bundle::decode(&bundle.encode()).expect("decodes");
    assert_eq!(back, bundle);
}

#[wasm_bindgen_test]
fn search_finds_alias_and_typo_in_wasm() {
    let ds = dataset();
    let index = SearchIndex::build(docs_from_dataset(&ds));
    let first = |q: &str| {
        index
            .search(q, 5)
            .first()
            .and_then(|h| index.doc(h.doc_idx))
            .map(|d| d.id.clone())
    };
    assert_eq!(first("tak-928").as_deref(), Some("ibi363"));
    assert_eq!(first("opatisumab").as_deref(), Some("lbl-024"));
    assert_eq!(first("CD137").as_deref(), Some("lbl-024"));
}

#[wasm_bindgen_test]
fn exact_interval_matches_native_in_wasm() {
    // 18 of 22 responders: the reported cORR 81.8% (95% CI 59.7–94.8).
    let (lo, hi) = atlas_stats::clopper_pearson_pct(18, 22).expect("defined for 18/22");
    assert_eq!(
        ((lo * 10.0).round() / 10.0, (hi * 10.0).round() / 10.0),
        (59.7, 94.8)
    );
}

#[wasm_bindgen_test]
fn routes_parse_in_wasm() {
    assert_eq!(
        Route::parse("#/embed/asset/ibi363").page,
        Page::Asset("ibi363".into())
    );
}

#[wasm_bindgen_test]
fn the_shard_cache_keeps_the_last_shards_and_frees_the_rest() {
    // Issue 12, item 8: decoded shards were leaked for the session. Now the cache holds at most
    // MAX_SHARDS, and a bundle it lets go of is freed once no page holds it.
    use pipeline_atlas::data::{cached, cached_len, remember, MAX_SHARDS};
    use std::sync::Arc;
    let files = |i: usize| vec![format!("shard-a-{i:016x}.bin")];
    let shard = || Arc::new(Bundle::new(dataset(), Vec::new()));
    let first = shard();
    let first_gone = Arc::downgrade(&first);
    remember(files(0), first);
    let held = shard();
    let held_alive = Arc::downgrade(&held);
    remember(files(1), held.clone());
    for i in 2..MAX_SHARDS + 6 {
        remember(files(i), shard());
        assert!(cached_len() <= MAX_SHARDS, "{} kept", cached_len());
    }
    assert_eq!(cached_len(), MAX_SHARDS);
    assert!(cached(&files(0)).is_none() && cached(&files(1)).is_none());
    assert!(first_gone.upgrade().is_none(), "an evicted shard is freed");
    // A page still showing an evicted shard keeps it until it goes.
    assert!(held_alive.upgrade().is_some());
    drop(held);
    assert!(held_alive.upgrade().is_none());
    // A union of shards is kept under its file list, apart from its parts.
    let last = files(MAX_SHARDS + 5);
    let union = [files(MAX_SHARDS + 4), last.clone()].concat();
    remember(union.clone(), shard());
    assert!(cached(&union).is_some() && cached(&last).is_some());
    assert_eq!(cached_len(), MAX_SHARDS);
}

/// `dataset()` as the bytes of a loadable bundle (with its search index), titled `title`.
fn bundle_bytes(title: &str) -> Vec<u8> {
    bundle_bytes_of(title, dataset())
}

/// `ds` as the bytes of a loadable bundle (with its search index), titled `title`.
fn bundle_bytes_of(title: &str, ds: Dataset) -> Vec<u8> {
    let mut bundle = Bundle::new(ds.clone(), Vec::new());
    bundle.title = title.to_owned();
    bundle.search_index = SearchIndex::build(docs_from_dataset(&ds)).to_bytes();
    bundle.encode()
}

#[wasm_bindgen_test]
fn data_the_curation_swaps_out_is_freed() {
    // Issue 13: `data::bundle` and `data::index` handed out references for the session, so
    // the published bundle and every merged one the curation swapped in after it stayed in
    // memory (with its search index) until the page closed.
    use pipeline_atlas::data::{bundle, current, index, install, replace};
    use std::sync::Arc;
    install(Ok(bundle_bytes("published")));
    let published = Arc::downgrade(&current().expect("installed"));
    replace(&bundle_bytes("first merge"), Vec::new()).expect("replaces");
    // The data held the bundle: the bundle freed means its index went too.
    assert!(
        published.upgrade().is_none(),
        "the published bundle is freed"
    );
    // A page still showing the first merge keeps its bundle until it goes.
    let shown = current().expect("replaced");
    let first = Arc::downgrade(&shown);
    replace(&bundle_bytes("second merge"), Vec::new()).expect("replaces");
    assert!(first.upgrade().is_some(), "kept while a page shows it");
    drop(shown);
    assert!(first.upgrade().is_none(), "the first merge is freed");
    assert_eq!(bundle().expect("replaced").title, "second merge");
    assert_eq!(index().expect("replaced").len(), 2);
}

#[wasm_bindgen_test]
fn entity_pages_read_the_data_swapped_in() {
    // Issue 13: the entity index was built once, from the first data an entity page saw, so
    // after a curation merge a local document's new company had no page and its target's page
    // did not list the local asset.
    use atlas_view::entity::EntityKind;
    use pipeline_atlas::data::{index, replace};
    let n_assets = |kind: EntityKind, slug: &str| {
        let index = index().expect("loaded");
        index.entities().get(kind, slug).map(|e| e.assets.len())
    };
    replace(&bundle_bytes("published"), Vec::new()).expect("replaces");
    assert_eq!(n_assets(EntityKind::Target, "pd-1"), Some(1));
    assert_eq!(
        n_assets(EntityKind::Company, "zephyr-vale-therapeutics"),
        None
    );
    let mut merged = dataset();
    merged.assets.push(Asset {
        id: "zv-417".to_owned(),
        name: "ZV-417".to_owned(),
        companies: vec![CompanyRole {
            name: "Zephyr Vale Therapeutics".to_owned(),
            role: "developer".to_owned(),
        }],
        targets: vec!["PD-1".to_owned()],
        ..Asset::default()
    });
    replace(
        &bundle_bytes_of("merged", merged),
        vec!["zv-417".to_owned()],
    )
    .expect("replaces");
    assert_eq!(n_assets(EntityKind::Target, "pd-1"), Some(2));
    assert_eq!(
        n_assets(EntityKind::Company, "zephyr-vale-therapeutics"),
        Some(1)
    );
}
