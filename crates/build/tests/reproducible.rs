//! Same inputs, same bytes: an atlas assembled twice — in different folders, once on one
//! thread and once on every core — is byte-identical, file by file.
//!
//! Extraction and assembly both run inside the pool under test (`ThreadPool::install`), so
//! the documents' parallel extraction and the shards' parallel writing are both covered; the
//! corpus is copied into each build's own folder, so an absolute path leaking into the output
//! would differ too. The app's own files (Trunk's output) come from a cache keyed by their
//! inputs and are compared by the end-to-end check in `cargo xtask test`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use atlas_build::{assemble, Assembly, DirOutput, Options, ShardMode};
use atlas_model::Bundle;

/// A fresh, empty folder under cargo's scratch directory for tests.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

/// Every file of `dir` (flat), by name.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.expect("a listed entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect()
}

/// Run `f` on a pool of `threads` threads (0: one per core).
fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

/// Assemble `bundle` into a new folder `name`; returns the assembly (its timing zeroed) and
/// the folder's files.
fn build(name: &str, bundle: Bundle, opts: &Options) -> (Assembly, BTreeMap<String, Vec<u8>>) {
    let dir = scratch(name);
    let mut assembly =
        assemble(bundle, opts, None, &DirOutput::new(&dir)).expect("the build succeeds");
    assembly.index_time = Default::default();
    (assembly, files(&dir))
}

fn assert_same(
    a: &(Assembly, BTreeMap<String, Vec<u8>>),
    b: &(Assembly, BTreeMap<String, Vec<u8>>),
) {
    assert_eq!(
        a.1.keys().collect::<Vec<_>>(),
        b.1.keys().collect::<Vec<_>>(),
        "the same file names"
    );
    for (name, bytes) in &a.1 {
        assert!(bytes == &b.1[name], "{name} differs between the two builds");
    }
    assert_eq!(
        a.0, b.0,
        "the same assembly (hash, names, sizes, single-file bundle)"
    );
}

#[test]
fn seed_corpus_builds_byte_identical_on_one_thread_and_on_all() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let opts = Options {
        shards: ShardMode::Auto,
        single_file: true,
        base_url: None,
    };
    let run = |name: &str, threads: usize| {
        // The corpus in a folder of its own, so its path differs between the two builds.
        let corpus = scratch(&format!("{name}-corpus"));
        for entry in std::fs::read_dir(&seed).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
            }
        }
        on_threads(threads, || {
            let x = atlas_extract::build_corpus(&corpus, true).expect("the seed corpus builds");
            build(name, Bundle::new(x.dataset, x.texts), &opts)
        })
    };
    let one = run("seed-one-thread", 1);
    let all = run("seed-all-threads", 0);
    assert!(one.0.downloads.is_some(), "the seed corpus stays one file");
    assert!(one.0.single_file_bundle.is_some());
    assert_eq!(one.0.dataset_hash.len(), 64);
    assert_same(&one, &all);
}

#[test]
fn synthetic_corpus_of_2000_assets_shards_byte_identical_on_one_thread_and_on_all() {
    let mut sink = atlas_synth::MemorySink::default();
    let config = atlas_synth::Config {
        n_assets: 2_000,
        seed: 11,
        ..atlas_synth::Config::default()
    };
    atlas_synth::write_corpus(&config, &mut sink).expect("memory never fails");
    let corpus = sink.files();
    let manifest = atlas_extract::parse_manifest(
        std::str::from_utf8(&corpus["manifest.toml"]).expect("utf-8"),
        "manifest.toml",
    )
    .expect("the generated manifest parses");
    let docs: Vec<atlas_extract::SourceDoc> = corpus
        .iter()
        .filter_map(|(name, bytes)| {
            Some(atlas_extract::SourceDoc {
                id: name.strip_suffix(".txt")?.to_owned(),
                path: name.clone(),
                text: String::from_utf8(bytes.clone()).expect("utf-8"),
            })
        })
        .collect();
    let opts = Options {
        shards: ShardMode::Always,
        single_file: false,
        base_url: None,
    };
    let run = |name: &str, threads: usize| {
        on_threads(threads, || {
            let x = atlas_extract::extract(&docs, &manifest, None);
            build(name, Bundle::new(x.dataset, x.texts), &opts)
        })
    };
    let one = run("synth-one-thread", 1);
    let all = run("synth-all-threads", 0);
    let shards = one.0.shards.as_ref().expect("--shards always");
    assert!(
        shards.counts.assets >= 2_000 / atlas_build::PER_SHARD,
        "{shards:?}"
    );
    assert_same(&one, &all);
}
