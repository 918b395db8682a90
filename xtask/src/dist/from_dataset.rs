//! `cargo xtask dist --dataset FILE [--corpus DIR]`: the bundle from a dataset extracted
//! elsewhere (the `pipeline-atlas/1` JSON that `atlas-extract --merge` prints, for example by
//! the distributed job in `xtask/distributed/`) plus the texts of the corpus it came from,
//! instead of extracting here.
//!
//! The result is the bundle a normal build of the same corpus makes, so the site has the same
//! bytes and prints the same `dataset <sha256>`: the texts are read with the same listing
//! rules (`atlas_extract::list_documents`: sorted by name, links leaving the folder skipped)
//! and the same reader, and the corpus's `overlay.toml`, which `--jsonl` and `--merge` never
//! apply, is applied here as at the end of a normal extraction. The dataset must name exactly
//! the documents the corpus holds; anything else is an error naming the file, never a panic.

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use atlas_extract::{
    apply_overlay, list_documents, parse_overlay, read_config, read_document, validate_overlay,
    SourceDoc,
};
use atlas_model::{Bundle, Dataset, DocText, SCHEMA};

use super::Input;
use crate::step;

/// The bundle of the dataset in `file` with the texts (and overlay) of `input.corpus`.
pub fn load(file: &Path, input: &Input) -> Result<Bundle> {
    let started = Instant::now();
    step(&format!("reading the dataset {}", file.display()));
    let mut dataset = read_dataset(file)?;
    let corpus = &input.corpus;
    step(&format!("reading the texts of {}", corpus.display()));
    let docs = read_texts(corpus)?;
    check_documents(&dataset, &docs, file, corpus)?;
    let overlay_path = corpus.join("overlay.toml");
    let overlay = read_config(&overlay_path, parse_overlay).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut overlay_facts = 0;
    if let Some(overlay) = overlay {
        if already_overlaid(&dataset) {
            bail!(
                "{}: already has facts from an overlay (rule \"overlay\"), and {} would apply again; give the dataset of `atlas-extract --merge`, which applies none",
                file.display(),
                overlay_path.display()
            );
        }
        validate_overlay(&overlay, &docs).map_err(|e| anyhow::anyhow!("{e}"))?;
        let before = overlay_rule_count(&dataset);
        for diag in apply_overlay(&mut dataset, &overlay, &docs) {
            eprintln!("  warning: {diag}");
        }
        overlay_facts = overlay_rule_count(&dataset) - before;
    }
    eprintln!(
        "  {} documents, {} assets, {} events, {} trials, {} results ({} facts from the overlay) in {:.2} s",
        dataset.documents.len(),
        dataset.assets.len(),
        dataset.events.len(),
        dataset.trials.len(),
        dataset.n_results(),
        overlay_facts,
        started.elapsed().as_secs_f64(),
    );
    let texts = docs
        .into_iter()
        .map(|d| DocText {
            doc: d.id,
            text: d.text,
        })
        .collect();
    let mut bundle = Bundle::new(dataset, texts);
    if let Some(title) = &input.title {
        bundle.title = title.clone();
    }
    Ok(bundle)
}

/// Parse `file` as a `pipeline-atlas/1` dataset; errors name the file, and the line and
/// column for JSON that does not parse.
fn read_dataset(file: &Path) -> Result<Dataset> {
    let bytes = std::fs::read(file)
        .with_context(|| format!("{}: cannot read the dataset", file.display()))?;
    let dataset: Dataset = serde_json::from_slice(&bytes).map_err(|e| {
        // serde_json ends its message with " at line L column C": say that first instead.
        let message = e.to_string();
        let reason = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(reason, _)| reason);
        anyhow::anyhow!(
            "{}:{}:{}: not a {SCHEMA} dataset: {reason}",
            file.display(),
            e.line(),
            e.column()
        )
    })?;
    if dataset.schema != SCHEMA {
        bail!(
            "{}: a dataset of schema {:?}; this build reads {SCHEMA:?}",
            file.display(),
            dataset.schema
        );
    }
    Ok(dataset)
}

/// Every document of `corpus` as a normal build reads it, in the same order; a document that
/// cannot be read is skipped with a warning, as the build skips it.
fn read_texts(corpus: &Path) -> Result<Vec<SourceDoc>> {
    if !corpus.is_dir() {
        bail!("{}: not a directory", corpus.display());
    }
    let (paths, skipped) = list_documents(corpus).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut warnings: Vec<String> = skipped.iter().map(ToString::to_string).collect();
    let mut docs = Vec::with_capacity(paths.len());
    for path in &paths {
        match read_document(path) {
            Ok(doc) => docs.push(doc),
            Err(diag) => warnings.push(diag.to_string()),
        }
    }
    for warning in warnings.iter().take(200) {
        eprintln!("  warning: {warning}");
    }
    if warnings.len() > 200 {
        eprintln!("  … and {} more warnings", warnings.len() - 200);
    }
    Ok(docs)
}

/// Fail unless the dataset names exactly the documents read from the corpus: a text missing
/// or extra means the dataset was extracted from another corpus (or an older one).
fn check_documents(ds: &Dataset, docs: &[SourceDoc], file: &Path, corpus: &Path) -> Result<()> {
    let mut named: Vec<&str> = ds.documents.iter().map(|d| d.id.as_str()).collect();
    let mut read: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    named.sort_unstable();
    read.sort_unstable();
    if named == read {
        return Ok(());
    }
    let missing: Vec<&str> = named
        .iter()
        .filter(|id| read.binary_search(id).is_err())
        .copied()
        .collect();
    let extra: Vec<&str> = read
        .iter()
        .filter(|id| named.binary_search(id).is_err())
        .copied()
        .collect();
    let few = |ids: &[&str]| {
        let shown: Vec<&str> = ids.iter().take(5).copied().collect();
        let more = ids.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{more}", shown.join(", "))
    };
    let mut why = Vec::new();
    if !missing.is_empty() {
        why.push(format!(
            "{} of its documents have no text in {} ({})",
            missing.len(),
            corpus.display(),
            few(&missing)
        ));
    }
    if !extra.is_empty() {
        why.push(format!(
            "{} documents of {} are not in it ({})",
            extra.len(),
            corpus.display(),
            few(&extra)
        ));
    }
    if why.is_empty() {
        why.push("it names a document more or fewer times than the corpus holds it".to_owned());
    }
    bail!(
        "{}: not the dataset of {}: {}; extract that corpus again (or pass the --corpus it came from)",
        file.display(),
        corpus.display(),
        why.join("; ")
    )
}

/// Events and results the overlay added or corrected.
fn overlay_rule_count(ds: &Dataset) -> usize {
    let is_overlay = |rule: &Option<String>| rule.as_deref() == Some("overlay");
    ds.events.iter().filter(|e| is_overlay(&e.rule)).count()
        + ds.trials
            .iter()
            .flat_map(|t| &t.arms)
            .flat_map(|a| &a.results)
            .filter(|r| is_overlay(&r.rule))
            .count()
}

fn already_overlaid(ds: &Dataset) -> bool {
    overlay_rule_count(ds) > 0
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use atlas_build::{assemble, MemoryOutput, Options, ShardMode};
    use atlas_extract::{extract_files, merge_datasets};

    use super::*;
    use crate::root;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-dataset-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    }

    /// What the distributed job writes: `atlas-extract --jsonl` per document (in one batch
    /// here), then `--merge`, as pretty JSON.
    fn map_and_merge(corpus: &Path) -> String {
        let manifest = read_config(&corpus.join("manifest.toml"), atlas_extract::parse_manifest)
            .expect("manifest")
            .unwrap_or_default();
        let (paths, _) = list_documents(corpus).expect("listing");
        let parts = paths
            .iter()
            .map(|p| {
                extract_files(std::slice::from_ref(p), &manifest, None)
                    .expect("extracts")
                    .dataset
            })
            .collect();
        serde_json::to_string_pretty(&merge_datasets(parts)).expect("serializes")
    }

    /// The data files a build writes, and its dataset hash.
    fn assembled(bundle: Bundle, shards: ShardMode) -> (String, Vec<(String, Vec<u8>)>) {
        let out = MemoryOutput::default();
        let opts = Options {
            shards,
            single_file: false,
            base_url: None,
        };
        let assembly = assemble(bundle, &opts, None, &out).expect("assembles");
        (
            assembly.dataset_hash,
            out.into_files().into_iter().collect(),
        )
    }

    #[test]
    fn a_dataset_build_is_the_normal_build() {
        let corpus = root().join("corpus");
        let file = scratch("same").join("dataset.json");
        std::fs::write(&file, map_and_merge(&corpus)).expect("dataset");
        let input = Input {
            corpus: corpus.clone(),
            title: Some("T".to_owned()),
        };
        let from_file = load(&file, &input).expect("loads");
        let normal = super::super::extract(&input).expect("extracts");
        assert_eq!(from_file, normal);
        for shards in [ShardMode::Never, ShardMode::Always] {
            let (hash_a, files_a) = assembled(from_file.clone(), shards);
            let (hash_b, files_b) = assembled(normal.clone(), shards);
            assert_eq!(hash_a, hash_b);
            assert!(files_a == files_b, "{shards}: the data files differ");
        }
        std::fs::remove_dir_all(file.parent().expect("scratch")).expect("clean up");
    }

    fn load_error(dataset: &str, corpus: &Path) -> String {
        let dir = scratch("bad");
        let file = dir.join("dataset.json");
        std::fs::write(&file, dataset).expect("dataset");
        let input = Input {
            corpus: corpus.to_path_buf(),
            title: None,
        };
        let err = format!("{:#}", load(&file, &input).expect_err("refused"));
        std::fs::remove_dir_all(&dir).expect("clean up");
        err.replace(&file.display().to_string(), "FILE")
    }

    #[test]
    fn a_bad_dataset_is_an_error_naming_the_file() {
        let corpus = root().join("corpus");
        let err = load_error(
            "{\"schema\": \"pipeline-atlas/1\",\n  \"documents\": [",
            &corpus,
        );
        assert!(
            err.starts_with("FILE:2:16: not a pipeline-atlas/1 dataset: EOF"),
            "{err}"
        );
        let err = load_error("[1, 2]", &corpus);
        assert!(
            err.starts_with("FILE:1:2: not a pipeline-atlas/1 dataset: invalid type"),
            "{err}"
        );
        let err = load_error("{\"schema\": \"pipeline-atlas/1\"}", &corpus);
        assert!(err.contains("missing field"), "{err}");
        let err = load_error(
            "{\"schema\":\"other/2\",\"documents\":[],\"assets\":[],\"events\":[],\"trials\":[]}",
            &corpus,
        );
        assert!(
            err.starts_with("FILE: a dataset of schema \"other/2\""),
            "{err}"
        );
        let err = load_error("", &corpus);
        assert!(
            err.starts_with("FILE:1:0: not a pipeline-atlas/1 dataset"),
            "{err}"
        );
        let missing = std::env::temp_dir().join("xtask-dataset-no-such-file.json");
        let input = Input::default();
        let err = format!("{:#}", load(&missing, &input).expect_err("refused"));
        assert!(
            err.starts_with(&format!("{}: cannot read", missing.display())),
            "{err}"
        );
    }

    #[test]
    fn a_dataset_of_another_corpus_is_an_error() {
        let corpus = root().join("corpus");
        let small = scratch("small-corpus");
        let first = list_documents(&corpus).expect("listing").0[0].clone();
        let name = first.file_name().expect("a file");
        std::fs::copy(&first, small.join(name)).expect("copy");
        std::fs::write(small.join("extra.txt"), "Acme Bio announced nothing.").expect("extra");
        let err = load_error(&map_and_merge(&corpus), &small);
        assert!(
            err.starts_with("FILE: not the dataset of")
                && err.contains("4 of its documents have no text")
                && err.contains("1 documents of")
                && err.contains("(extra)"),
            "{err}"
        );
        std::fs::remove_dir_all(&small).expect("clean up");
    }

    const OVERLAY: &str = r#"
[[add]]
fact = "event"
doc = "002_7e1baacaedada48a"
quote = "In November 2024, the U.S. Food and Drug Administration (FDA) granted Orphan Drug Designation"
asset = "lbl-024"
kind = "designation"
agency = "FDA"
designation = "ODD"
date = "2024-11"

[[correct]]
target = "asset:ibi363"
field = "modality"
value = "bispecific fusion protein"
"#;

    /// `--jsonl` and `--merge` never apply an overlay: the build applies the corpus's, as a
    /// normal build does at the end of extraction, and refuses a dataset that has one already.
    #[test]
    fn the_corpus_overlay_is_applied_once() {
        let corpus = scratch("overlay-corpus");
        crate::dist::copy_files(&root().join("corpus"), &corpus).expect("copy");
        std::fs::write(corpus.join("overlay.toml"), OVERLAY).expect("overlay");
        let file = scratch("overlay").join("dataset.json");
        std::fs::write(&file, map_and_merge(&corpus)).expect("dataset");
        let input = Input {
            corpus: corpus.clone(),
            title: None,
        };
        let from_file = load(&file, &input).expect("loads");
        assert_eq!(overlay_rule_count(&from_file.dataset), 1);
        assert_eq!(from_file, super::super::extract(&input).expect("extracts"));
        let overlaid = serde_json::to_string(&from_file.dataset).expect("serializes");
        let err = load_error(&overlaid, &corpus);
        assert!(
            err.starts_with("FILE: already has facts from an overlay"),
            "{err}"
        );
        std::fs::remove_dir_all(&corpus).expect("clean up");
        std::fs::remove_dir_all(file.parent().expect("scratch")).expect("clean up");
    }
}
