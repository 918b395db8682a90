//! The corpus files: deterministic bytes, the documented JSON shapes, and queries whose
//! expectations hold against the ground truth.

use std::collections::{BTreeMap, BTreeSet};

use atlas_synth::{osa_distance, write_corpus, Config, MemorySink};
use serde_json::Value;

fn corpus(n_assets: usize, seed: u64) -> BTreeMap<String, Vec<u8>> {
    let mut sink = MemorySink::default();
    write_corpus(
        &Config {
            n_assets,
            seed,
            ..Config::default()
        },
        &mut sink,
    )
    .expect("memory never fails");
    sink.files()
}

fn json(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&files[name]).expect("valid JSON");
    v.as_array().expect("an array").clone()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|s| s.as_str().expect("a string").to_owned())
        .collect()
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = corpus(60, 3);
    assert_eq!(a, corpus(60, 3));
    let b = corpus(60, 4);
    assert_ne!(a["assets.json"], b["assets.json"]);
    assert_ne!(a["queries.json"], b["queries.json"]);
    // A larger corpus begins with the same assets: each has its own random stream.
    let c = corpus(80, 3);
    let first = |f: &BTreeMap<String, Vec<u8>>| json(f, "assets.json")[..60].to_vec();
    assert_eq!(first(&a), first(&c));
}

#[test]
fn files_are_documents_manifest_and_the_two_json_files() {
    let files = corpus(40, 1);
    for name in ["manifest.toml", "assets.json", "queries.json"] {
        assert!(files.contains_key(name), "{name}");
    }
    let docs: Vec<&String> = files.keys().filter(|k| k.ends_with(".txt")).collect();
    // A press release and a news article per trial for every asset, some registry records.
    assert!(docs.len() >= 40 * 2, "{}", docs.len());
    let manifest = std::str::from_utf8(&files["manifest.toml"]).expect("utf-8");
    for d in &docs {
        assert!(
            manifest.contains(&format!("[\"{d}\"]")),
            "{d} not in the manifest"
        );
    }
    // Kept small per asset, so that 100k assets stay a few hundred MB.
    let bytes: usize = docs.iter().map(|d| files[*d].len()).sum();
    assert!(bytes / 40 < 4_000, "{} bytes per asset", bytes / 40);
}

#[test]
fn assets_json_has_the_search_input_shape() {
    let files = corpus(50, 2);
    let assets = json(&files, "assets.json");
    assert_eq!(assets.len(), 50);
    let mut ids = BTreeSet::new();
    for a in &assets {
        let keys: Vec<&str> = a
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys.iter().copied().collect::<BTreeSet<_>>(),
            [
                "companies",
                "id",
                "indications",
                "modality",
                "names",
                "targets"
            ]
            .into(),
        );
        let id = a["id"].as_str().expect("id");
        assert!(ids.insert(id.to_owned()), "duplicate id {id}");
        let names = strings(&a["names"]);
        assert_eq!(atlas_model::slug(&names[0]), id);
        assert!((1..=2).contains(&strings(&a["targets"]).len()));
        assert!((1..=3).contains(&strings(&a["indications"]).len()));
        assert!((1..=2).contains(&strings(&a["companies"]).len()));
    }
}

#[test]
fn queries_are_a_fifth_of_each_kind_with_expectations_that_hold() {
    let files = corpus(1000, 5);
    let assets = json(&files, "assets.json");
    let by_id: BTreeMap<String, &Value> = assets
        .iter()
        .map(|a| (a["id"].as_str().expect("id").to_owned(), a))
        .collect();
    let all_names: BTreeSet<String> = assets
        .iter()
        .flat_map(|a| strings(&a["names"]))
        .map(|n| atlas_synth::key(&n))
        .collect();
    let queries = json(&files, "queries.json");
    assert!(queries.len() >= 200, "{}", queries.len());
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for q in &queries {
        let keys: BTreeSet<&str> = q
            .as_object()
            .expect("object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["expect", "kind", "query"].into());
        let text = q["query"].as_str().expect("query");
        let kind = q["kind"].as_str().expect("kind");
        *kinds.entry(kind.to_owned()).or_default() += 1;
        let expect = strings(&q["expect"]);
        assert!(!expect.is_empty(), "{q}");
        for id in &expect {
            assert!(by_id.contains_key(id), "{q}: unknown id {id}");
        }
        let names_of = |id: &str| strings(&by_id[id]["names"]);
        match kind {
            "exact" => {
                assert!(
                    expect
                        .iter()
                        .all(|id| names_of(id).iter().any(|n| n == text)),
                    "{q}"
                );
            }
            "prefix" => {
                assert!((3..=5).contains(&text.chars().count()), "{q}");
                let p = atlas_synth::key(text);
                let matching: Vec<String> = by_id
                    .iter()
                    .filter(|(_, a)| {
                        strings(&a["names"])
                            .iter()
                            .any(|n| atlas_synth::key(n).starts_with(&p))
                    })
                    .map(|(id, _)| id.clone())
                    .collect();
                assert_eq!(matching, expect, "{q}");
            }
            "typo" => {
                assert_eq!(expect.len(), 1, "{q}");
                let sources = names_of(&expect[0]);
                assert!(
                    sources
                        .iter()
                        .any(|n| n.chars().count() >= 5 && osa_distance(n, text) == 1),
                    "{q}: not one edit from a name of its asset"
                );
                assert!(
                    !all_names.contains(&atlas_synth::key(text)),
                    "{q}: the typo is a name"
                );
            }
            "target" => {
                let vocab = atlas_synth::Vocab::new();
                let class = vocab
                    .target_class(text)
                    .expect("a target synonym")
                    .name()
                    .to_owned();
                let matching: Vec<String> = by_id
                    .iter()
                    .filter(|(_, a)| strings(&a["targets"]).contains(&class))
                    .map(|(id, _)| id.clone())
                    .collect();
                assert_eq!(matching, expect, "{q}");
            }
            "multi" => assert!(text.split(' ').count() >= 2, "{q}"),
            other => panic!("unknown kind {other}"),
        }
    }
    let n = queries.len();
    assert!(kinds.values().all(|&k| k * 5 == n), "{kinds:?}");
    assert_eq!(kinds.len(), 5);
}
