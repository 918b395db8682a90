use std::collections::BTreeMap;

use atlas_model::{Bundle, Dataset};

use super::*;

/// A small synthetic atlas (`n` assets), extracted in memory.
fn synth_bundle(n_assets: usize) -> Bundle {
    let mut sink = atlas_synth::MemorySink::default();
    let config = atlas_synth::Config {
        n_assets,
        seed: 3,
        ..atlas_synth::Config::default()
    };
    atlas_synth::write_corpus(&config, &mut sink).expect("memory never fails");
    let files = sink.files();
    let manifest = atlas_extract::parse_manifest(
        std::str::from_utf8(&files["manifest.toml"]).expect("utf-8"),
        "manifest.toml",
    )
    .expect("the generated manifest parses");
    let docs: Vec<atlas_extract::SourceDoc> = files
        .iter()
        .filter_map(|(name, bytes)| {
            Some(atlas_extract::SourceDoc {
                id: name.strip_suffix(".txt")?.to_owned(),
                path: name.clone(),
                text: String::from_utf8(bytes.clone()).expect("utf-8"),
            })
        })
        .collect();
    let x = atlas_extract::extract(&docs, &manifest, None);
    Bundle::new(x.dataset, x.texts)
}

fn run(
    bundle: Bundle,
    shards: ShardMode,
    single_file: bool,
) -> (Assembly, BTreeMap<String, Vec<u8>>) {
    let out = MemoryOutput::default();
    let opts = Options {
        shards,
        single_file,
    };
    let assembly = assemble(bundle, &opts, &out).expect("memory never fails");
    (assembly, out.into_files())
}

#[test]
fn decides_by_mode_and_estimate() {
    let check = |mode, bytes, sharded| {
        let d = decide(mode, bytes);
        assert_eq!(
            matches!(d, Decision::Shard { .. }),
            sharded,
            "{mode} at {bytes} bytes: {d:?}"
        );
    };
    check(ShardMode::Auto, 0, false);
    check(ShardMode::Auto, SHARD_ABOVE_BYTES, false);
    check(ShardMode::Auto, SHARD_ABOVE_BYTES + 1, true);
    check(ShardMode::Always, 0, true);
    check(ShardMode::Never, usize::MAX, false);
    assert_eq!(
        decide(ShardMode::Auto, 9 * 1024 * 1024),
        Decision::Shard {
            reason: "estimated data 9 MB is over the 8 MB threshold".to_owned()
        }
    );
}

#[test]
fn shard_modes_round_trip_through_text() {
    for mode in [ShardMode::Auto, ShardMode::Always, ShardMode::Never] {
        assert_eq!(mode.to_string().parse::<ShardMode>(), Ok(mode));
    }
    assert!("sometimes".parse::<ShardMode>().is_err());
    assert!("Always".parse::<ShardMode>().is_err());
}

#[test]
fn short_hash_is_the_sha256_prefix() {
    // sha256("abc") = ba7816bf8f01cfea…
    assert_eq!(short_hash(b"abc"), "ba7816bf8f01cfea");
}

#[test]
fn estimate_counts_text_and_facts() {
    let bundle = synth_bundle(5);
    let ds = &bundle.dataset;
    let text: usize = bundle.texts.iter().map(|t| t.text.len()).sum();
    let facts = ds.n_results() + ds.assets.len() + ds.events.len() + ds.trials.len();
    assert!(facts > 0 && text > 0);
    assert_eq!(estimated_bytes(&bundle), text + 64 * facts);
    assert_eq!(
        estimated_bytes(&Bundle::new(Dataset::empty(), Vec::new())),
        0
    );
}

#[test]
fn unsharded_atlas_is_one_data_file_and_two_downloads() {
    let bundle = synth_bundle(20);
    let dataset = bundle.dataset.clone();
    let (a, files) = run(bundle, ShardMode::Auto, false);
    let downloads = a.downloads.clone().expect("a small atlas has downloads");
    assert_eq!(a.shards, None);
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), {
        let mut names = vec![
            a.data_file.clone(),
            downloads.json.clone(),
            downloads.csv.clone(),
        ];
        names.sort();
        names
    });
    // The printed dataset hash is the sha256 of the JSON download.
    let json = &files[&downloads.json];
    let sha: String = Sha256::digest(json)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(a.dataset_hash, sha);
    assert_eq!(serde_json::from_slice::<Dataset>(json).unwrap(), dataset);
    // The data file is named by its content and holds the dataset with its index.
    let bytes = &files[&a.data_file];
    assert_eq!(a.data_file, format!("atlas-data-{}.bin", short_hash(bytes)));
    assert_eq!(a.data_bytes, bytes.len());
    let decoded = Bundle::decode(bytes).unwrap();
    assert_eq!(decoded.dataset, dataset);
    assert_eq!(decoded.search_index.len(), a.index_bytes);
    assert!(atlas_search::SearchIndex::from_bytes(&decoded.search_index).is_ok());
    assert_eq!(
        a.metas(),
        [
            (
                "pipeline-atlas-downloads",
                format!("./{} ./{}", downloads.json, downloads.csv)
            ),
            ("pipeline-atlas-data", format!("./{}", a.data_file)),
        ]
    );
    assert_eq!(a.single_file_bundle, None);
}

#[test]
fn sharded_atlas_is_a_start_file_naming_every_shard() {
    let bundle = synth_bundle(100);
    let n_assets = bundle.dataset.assets.len();
    let (a, files) = run(bundle, ShardMode::Always, false);
    let sharded = a.shards.clone().expect("--shards always shards");
    assert_eq!(sharded.reason, "--shards always");
    assert_eq!(a.downloads, None);
    assert_eq!(
        a.metas(),
        [("pipeline-atlas-data", format!("./{}", a.data_file))]
    );
    let head = Bundle::decode(&files[&a.data_file]).unwrap();
    assert!(head.dataset.assets.is_empty());
    let table = head.shards.expect("the start file carries the shard table");
    assert_eq!(table.assets.len(), sharded.counts.assets);
    assert_eq!(table.assets.len(), n_assets.div_ceil(PER_SHARD));
    assert_eq!(table.documents.len(), sharded.counts.documents);
    assert_eq!(table.trials.len(), sharded.counts.trials);
    // Every shard named by the table was written, and nothing else.
    let mut named: Vec<String> = [
        (atlas_model::Family::Asset, &table.assets),
        (atlas_model::Family::Document, &table.documents),
        (atlas_model::Family::Trial, &table.trials),
        (atlas_model::Family::Timeline, &vec![table.timeline]),
    ]
    .into_iter()
    .flat_map(|(family, hashes)| {
        hashes
            .iter()
            .map(move |&h| atlas_model::shard::shard_file(family, h))
    })
    .collect();
    named.push(a.data_file.clone());
    named.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), named);
    // Shards hold the assets, every one exactly once.
    let mut seen = 0;
    for h in &table.assets {
        let name = atlas_model::shard::shard_file(atlas_model::Family::Asset, *h);
        seen += Bundle::decode(&files[&name]).unwrap().dataset.assets.len();
    }
    assert_eq!(seen, n_assets);
}

#[test]
fn single_file_gets_the_whole_bundle_even_when_sharded() {
    let bundle = synth_bundle(10);
    let dataset = bundle.dataset.clone();
    for mode in [ShardMode::Never, ShardMode::Always] {
        let (a, _) = run(bundle.clone(), mode, true);
        let whole = Bundle::decode(a.single_file_bundle.as_deref().unwrap()).unwrap();
        assert_eq!(whole.dataset, dataset, "{mode}");
        assert!(whole.shards.is_none());
        assert!(!whole.search_index.is_empty());
    }
}

#[test]
fn single_file_refuses_a_large_corpus() {
    let mut bundle = Bundle::new(Dataset::empty(), Vec::new());
    bundle.texts.push(atlas_model::DocText {
        doc: "big".into(),
        text: "x".repeat(SINGLE_FILE_MAX_BYTES + 1),
    });
    let out = MemoryOutput::default();
    let opts = Options {
        shards: ShardMode::Auto,
        single_file: true,
    };
    let err = assemble(bundle, &opts, &out).unwrap_err();
    assert!(matches!(err, Error::SingleFileTooLarge { .. }), "{err}");
    assert!(err.to_string().contains("more than the 20 MB"), "{err}");
    assert!(
        out.into_files().is_empty(),
        "nothing is written before the refusal"
    );
}

#[test]
fn write_errors_name_the_file() {
    struct Failing;
    impl Output for Failing {
        fn write(&self, _: &str, _: &[u8]) -> std::io::Result<()> {
            Err(std::io::Error::other("disk full"))
        }
    }
    let opts = Options {
        shards: ShardMode::Never,
        single_file: false,
    };
    let err = assemble(Bundle::new(Dataset::empty(), Vec::new()), &opts, &Failing).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("pipeline-atlas-dataset-") && msg.ends_with(": cannot write: disk full"),
        "{msg}"
    );
}
