//! The command line as the build and the scorer use it: JSON on stdout and nothing else, a
//! summary line per document on stderr, exit status by the rules of the README, and output
//! that validates against `schema/pipeline-atlas-1.schema.json`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn documents() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        repo().join("corpus"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs"),
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("document directory exists")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas-extract"))
        .args(args)
        .output()
        .expect("the CLI runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("atlas-extract-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn output_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schema/pipeline-atlas-1.schema.json"))
            .expect("schema file"),
    )
    .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for doc in documents() {
        let out = run(&[doc.as_os_str()]);
        assert!(
            out.status.success(),
            "{}: {}",
            doc.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", doc.display());
    }
}

#[test]
fn every_quote_is_its_slice_of_the_document() {
    let docs = documents();
    let args: Vec<&std::ffi::OsStr> = docs.iter().map(|p| p.as_os_str()).collect();
    let out = run(&args);
    let ds: atlas_model::Dataset = serde_json::from_slice(&out.stdout).expect("a dataset");
    let text_of = |id: &str| {
        let path = docs
            .iter()
            .find(|p| p.file_stem().is_some_and(|s| s == id))
            .expect("doc of evidence");
        std::fs::read_to_string(path).expect("readable")
    };
    let mut checked = 0;
    let mut check = |ev: &atlas_model::Evidence| {
        let text = text_of(&ev.doc);
        assert_eq!(
            text.get(ev.start as usize..ev.end as usize),
            Some(ev.quote.as_str()),
            "{ev:?}"
        );
        checked += 1;
    };
    ds.assets
        .iter()
        .flat_map(|a| &a.evidence)
        .for_each(&mut check);
    ds.events
        .iter()
        .flat_map(|e| &e.evidence)
        .for_each(&mut check);
    for t in &ds.trials {
        t.evidence.iter().for_each(&mut check);
        for a in &t.arms {
            a.evidence.iter().for_each(&mut check);
            a.results
                .iter()
                .flat_map(|r| &r.evidence)
                .for_each(&mut check);
        }
    }
    assert!(checked > 50, "only {checked} quotes");
}

#[test]
fn stdout_is_json_and_stderr_has_a_line_per_document() {
    let docs = documents();
    let args: Vec<&std::ffi::OsStr> = docs.iter().map(|p| p.as_os_str()).collect();
    let out = run(&args);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(stdout.trim_start().starts_with('{') && stdout.trim_end().ends_with('}'));
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    for d in &docs {
        let stem = d.file_stem().and_then(|s| s.to_str()).expect("stem");
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&format!("{stem}: ")) && l.contains("numbers used")),
            "{stem} in {stderr}"
        );
    }
    assert!(stderr.contains("from the overlay"));
}

#[test]
fn bad_arguments_exit_non_zero_without_json() {
    for args in [vec![], vec!["--overlay"], vec!["--frobnicate", "x.txt"]] {
        let os: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        let out = run(&os);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn unreadable_documents_are_warnings_not_failures() {
    let out = run(&[std::ffi::OsStr::new("/nonexistent/doc.txt")]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/doc.txt"));
}

#[test]
fn a_malformed_manifest_stops_with_file_and_line() {
    let dir = scratch("manifest");
    std::fs::write(dir.join("a.txt"), "AB-123 is a bispecific antibody.").expect("write doc");
    std::fs::write(
        dir.join("manifest.toml"),
        "[\"a.txt\"]\ntitle = \"A\"\nkind = \"blog post\"\n",
    )
    .expect("write manifest");
    let out = run(&[dir.join("a.txt").as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("manifest.toml:1:") && err.contains("kind"),
        "{err}"
    );
}

#[test]
fn the_overlay_adds_and_suppresses_with_verbatim_quotes() {
    let dir = scratch("overlay");
    let doc = dir.join("pr.txt");
    std::fs::write(&doc, "Acme Bio announced that AB-123, a PD-1 antibody, showed an ORR of 40.0% (n=20). Responses were durable in 7 of 8 responders.").expect("write doc");
    let good = dir.join("good.toml");
    std::fs::write(
        &good,
        "[[add]]\nfact = \"result\"\ndoc = \"pr\"\nquote = \"Responses were durable in 7 of 8 responders.\"\ntrial = \"ab-123-pr\"\narm = \"All patients\"\nendpoint = \"DCR\"\nvalue = 7.0\n\n[[suppress]]\ntarget = \"asset:ab-123\"\nreason = \"test\"\n\n[[correct]]\ntarget = \"arm:ab-123-pr/all-patients\"\nfield = \"label\"\nvalue = \"All treated patients\"\n",
    )
    .expect("write overlay");
    let out = run(&[
        std::ffi::OsStr::new("--overlay"),
        good.as_os_str(),
        doc.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ds: atlas_model::Dataset = serde_json::from_slice(&out.stdout).expect("dataset");
    assert!(ds.assets.iter().all(|a| a.id != "ab-123"));
    let added = ds
        .trials
        .iter()
        .flat_map(|t| &t.arms)
        .flat_map(|a| &a.results)
        .find(|r| r.endpoint == "DCR")
        .expect("added result");
    assert_eq!(added.value, Some(7.0));
    assert!(ds
        .trials
        .iter()
        .flat_map(|t| &t.arms)
        .any(|a| a.label == "All treated patients"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 from the overlay"));
    // Without --overlay the same document yields no such fact.
    let plain = run(&[doc.as_os_str()]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("DCR"));
    // A quote that is not in the document stops the build with file and line.
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "\n[[add]]\nfact = \"asset\"\ndoc = \"pr\"\nquote = \"not in the text\"\nname = \"X-1\"\n",
    )
    .expect("write overlay");
    let out = run(&[
        std::ffi::OsStr::new("--overlay"),
        bad.as_os_str(),
        doc.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:2:") && err.contains("quote"),
        "{err}"
    );
}

/// Extraction as a map and a merge: one line per document with `--jsonl`, split into two
/// batches as two machines would, merged with `--merge`, gives the dataset of a single run.
#[test]
fn jsonl_batches_merge_to_the_whole_run() {
    let docs = documents();
    let manifest = repo().join("corpus/manifest.toml");
    let whole = run(&[std::ffi::OsStr::new("--manifest"), manifest.as_os_str()]
        .into_iter()
        .chain(docs.iter().map(|d| d.as_os_str()))
        .collect::<Vec<_>>());
    assert!(whole.status.success());
    let dir = scratch("jsonl");
    let (first, second) = docs.split_at(docs.len() / 2);
    let mut batches = Vec::new();
    for (i, batch) in [first, second].into_iter().enumerate() {
        let args: Vec<&std::ffi::OsStr> = [
            std::ffi::OsStr::new("--jsonl"),
            std::ffi::OsStr::new("--manifest"),
            manifest.as_os_str(),
        ]
        .into_iter()
        .chain(batch.iter().map(|d| d.as_os_str()))
        .collect();
        let out = run(&args);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        assert_eq!(text.lines().count(), batch.len(), "one line per document");
        let path = dir.join(format!("batch-{i}.jsonl"));
        std::fs::write(&path, text).expect("write batch");
        batches.push(path);
    }
    let merged = run(&[
        std::ffi::OsStr::new("--merge"),
        batches[0].as_os_str(),
        batches[1].as_os_str(),
    ]);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let parse =
        |bytes: &[u8]| -> serde_json::Value { serde_json::from_slice(bytes).expect("JSON") };
    assert_eq!(parse(&merged.stdout), parse(&whole.stdout));

    // A line that is not a dataset is named by file and line.
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"schema\": 1}\n").expect("write");
    let out = run(&[std::ffi::OsStr::new("--merge"), bad.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.jsonl: line 1"));
}
