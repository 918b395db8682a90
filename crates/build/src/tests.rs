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
        base_url: None,
    };
    let assembly = assemble(bundle, &opts, None, &out).expect("memory never fails");
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
            BUILD_FILE.to_owned(),
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
    named.push(BUILD_FILE.to_owned());
    named.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), named);
    // Shards hold the assets, every one exactly once.
    let mut seen = 0;
    for h in &table.assets {
        let name = atlas_model::shard::shard_file(atlas_model::Family::Asset, *h);
        let stored = &files[&name];
        assert!(
            atlas_model::shard::is_gzip(stored),
            "shards are stored gzipped"
        );
        assert!(
            atlas_model::shard::is_intact(&name, stored),
            "named by the stored bytes"
        );
        seen += crate::stored::decode(stored).unwrap().dataset.assets.len();
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
        base_url: None,
    };
    let err = assemble(bundle, &opts, None, &out).unwrap_err();
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
        base_url: None,
    };
    let err = assemble(
        Bundle::new(Dataset::empty(), Vec::new()),
        &opts,
        None,
        &Failing,
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("pipeline-atlas-dataset-") && msg.ends_with(": cannot write: disk full"),
        "{msg}"
    );
}

/// A fresh folder under the system's temporary directory.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("atlas-build-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn sorted<T: Clone>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<T> {
    let mut v = items.to_vec();
    v.sort_by(|a, b| id(a).cmp(id(b)));
    v
}

#[test]
fn every_build_names_its_dataset_in_the_build_file() {
    let bundle = synth_bundle(10);
    let hash = bundle.dataset.sha256();
    let (a, files) = run(bundle, ShardMode::Auto, false);
    let info: BuildInfo = serde_json::from_slice(&files[BUILD_FILE]).unwrap();
    assert_eq!(
        info,
        BuildInfo {
            schema: BUILD_SCHEMA.into(),
            dataset: hash,
            data: a.data_file.clone(),
            changes: None,
        }
    );
}

#[test]
fn a_previous_build_reads_back_unsharded_and_sharded() {
    let bundle = synth_bundle(100);
    let ds = bundle.dataset.clone();
    for mode in [ShardMode::Never, ShardMode::Always] {
        let dir = scratch(&format!("previous-{mode}"));
        let opts = Options {
            shards: mode,
            single_file: false,
            base_url: None,
        };
        assemble(bundle.clone(), &opts, None, &DirOutput::new(&dir)).unwrap();
        let previous = read_previous(&dir).unwrap();
        assert_eq!(previous.hash, ds.sha256(), "{mode}");
        let back = &previous.dataset;
        assert_eq!(
            sorted(&back.assets, |a| &a.id),
            sorted(&ds.assets, |a| &a.id),
            "{mode}"
        );
        assert_eq!(
            sorted(&back.events, |e| &e.id),
            sorted(&ds.events, |e| &e.id),
            "{mode}"
        );
        assert_eq!(
            sorted(&back.trials, |t| &t.id),
            sorted(&ds.trials, |t| &t.id),
            "{mode}"
        );
        let ids = |d: &Dataset| -> Vec<String> {
            let mut v: Vec<String> = d.documents.iter().map(|d| d.id.clone()).collect();
            v.sort();
            v
        };
        assert_eq!(ids(back), ids(&ds), "{mode}");
        if mode == ShardMode::Never {
            assert_eq!(back, &ds, "an unsharded build holds the dataset as built");
        }
        // A build from before the build file: its one start file is enough.
        std::fs::remove_file(dir.join(BUILD_FILE)).unwrap();
        let older = read_previous(&dir).unwrap();
        assert_eq!(older.dataset, previous.dataset, "{mode}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_folder_that_is_no_build_is_refused_by_name() {
    let dir = scratch("no-build");
    let err = read_previous(&dir).unwrap_err();
    assert!(matches!(err, Error::NotABuild { .. }), "{err}");
    assert!(
        err.to_string().contains("not a build of cargo xtask dist"),
        "{err}"
    );
    std::fs::write(dir.join("atlas-data-0.bin"), b"not a bundle").unwrap();
    let err = read_previous(&dir).unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err}");
    assert!(err.to_string().contains("atlas-data-0.bin"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(
        read_previous(&dir).unwrap_err(),
        Error::Read { .. }
    ));
}

#[test]
fn since_a_previous_build_writes_the_change_list() {
    let old = synth_bundle(20);
    let mut new = old.clone();
    let arm = new
        .dataset
        .trials
        .iter_mut()
        .flat_map(|t| t.arms.iter_mut())
        .find(|a| a.results.iter().any(|r| r.value.is_some()))
        .expect("a synthetic arm with a figure");
    let r = arm.results.iter_mut().find(|r| r.value.is_some()).unwrap();
    r.value = r.value.map(|v| v + 1.0);
    let previous = Previous {
        dataset: old.dataset.clone(),
        hash: "f".repeat(64),
    };
    let out = MemoryOutput::default();
    let opts = Options {
        shards: ShardMode::Auto,
        single_file: false,
        base_url: None,
    };
    let a = assemble(new, &opts, Some(&previous), &out).unwrap();
    let files = out.into_files();
    let c = a.changes.clone().expect("a change list");
    assert_eq!((c.count, c.since.as_str()), (1, previous.hash.as_str()));
    let list: atlas_model::changes::Changes = serde_json::from_slice(&files[&c.name]).unwrap();
    assert_eq!(
        c.name,
        format!("changes-{}.json", short_hash(&files[&c.name]))
    );
    assert_eq!(list.old, previous.hash);
    assert_eq!(list.new, a.dataset_hash);
    assert_eq!(list.changes.len(), 1);
    assert_eq!(list.changes[0].fields[0].field, "value");
    // The app reads the grouped view, named by the meta; the feed has one entry per asset.
    assert!(a
        .metas()
        .contains(&("pipeline-atlas-changes", format!("./{}", c.view))));
    let view = atlas_view::changes::ChangeView::decode(&files[&c.view]).unwrap();
    assert_eq!(view.count(None), 1);
    assert_eq!((view.groups.len(), c.assets), (1, 1));
    let feed = std::str::from_utf8(&files[crate::FEED_FILE]).unwrap();
    assert_eq!(feed.matches("<entry>").count(), 1);
    let info: BuildInfo = serde_json::from_slice(&files[BUILD_FILE]).unwrap();
    assert_eq!(info.changes, Some(c.name));
}
