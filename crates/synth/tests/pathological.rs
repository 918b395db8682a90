//! A folder of pathological documents (`atlas_synth::write_pathological`) plus a symbolic link
//! out of the folder never fails a build: reading and extracting it returns a dataset, every
//! bad document is either extracted or named by a warning, the link's target is never read,
//! and peak memory stays within a fixed multiple of the folder's size (counted with a counting
//! allocator, not timed). `cargo xtask test` runs the whole `cargo xtask dist` on the same
//! shapes; ARCHITECTURE.md records a full-size run.
//!
//! One `#[test]` only, so nothing else allocates in this binary while it measures.

use atlas_alloc_count::{measure, Counting};
use std::path::PathBuf;

use atlas_synth::{write_pathological, DirSink, PATHOLOGICAL_DOCUMENTS};

#[global_allocator]
static ALLOC: Counting = Counting;

/// A fresh folder holding the corpus (`corpus/`) and a secret beside it (`secret.txt`).
fn folder() -> (PathBuf, PathBuf) {
    let tmp = std::env::temp_dir().join(format!("atlas-pathological-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let corpus = tmp.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let secret = tmp.join("secret.txt");
    std::fs::write(&secret, "SECRET-TOKEN-4711 ORR 99%").unwrap();
    (tmp, corpus)
}

#[test]
fn pathological_documents_extract_within_bounds_or_are_named_and_skipped() {
    let (tmp, corpus) = folder();
    let written = write_pathological(100_000, &mut DirSink { dir: &corpus }).unwrap();
    std::os::unix::fs::symlink(tmp.join("secret.txt"), corpus.join("outside-link.txt")).unwrap();

    let (extraction, usage) = measure(|| atlas_extract::build_corpus(&corpus, false));
    let extraction = extraction.expect("the folder builds");
    let peak = usage.peak;

    // Bounded: memory is a fixed multiple of the input, not a power of it (the bracket stack
    // copied per byte once asked for gigabytes on a line like deep-brackets.txt).
    let bound = 200 * written as usize + (16 << 20);
    assert!(
        peak <= bound,
        "extracting {written} bytes peaked at {peak} bytes (bound {bound})"
    );
    let warned = |name: &str| {
        extraction
            .diagnostics
            .iter()
            .any(|d| d.file.ends_with(name) && d.message.contains("skipped"))
    };
    let extracted = |name: &str| {
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        extraction.texts.iter().any(|t| t.doc == stem)
    };
    for name in PATHOLOGICAL_DOCUMENTS {
        assert!(
            extracted(name) || warned(name),
            "{name} was neither extracted nor named by a warning"
        );
    }
    assert!(
        extraction
            .diagnostics
            .iter()
            .any(|d| d.file.ends_with("binary-junk.txt") && d.message.contains("UTF-8")),
        "the junk file is read lossily with a warning naming it"
    );
    assert!(
        warned("outside-link.txt"),
        "the link out of the folder is skipped with a warning naming it: {:?}",
        extraction.diagnostics
    );
    assert!(
        extraction
            .texts
            .iter()
            .all(|t| !t.text.contains("SECRET-TOKEN")),
        "the link's target was read"
    );
    // The documents mean something: results survive the shapes around them.
    assert!(!extraction.dataset.assets.is_empty(), "IBI363 is found");
    std::fs::remove_dir_all(&tmp).unwrap();
}
