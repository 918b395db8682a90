//! `cargo xtask dist`: corpus → dataset → data files → `dist/` (and optionally one offline
//! HTML file).
//!
//! The steps, each in its own place: extraction (`atlas-extract`, reported here; or, with
//! `--dataset FILE`, a dataset extracted elsewhere plus the corpus's texts, `from_dataset`),
//! the app (Trunk's output: wasm, JS glue, CSS; built and cached by `app_cache`), the data files
//! (`atlas_build::assemble`: search index, shard decision, start file, shards, downloads;
//! reported by `shards`), `index.html` (the loader moved out for the CSP and the data named
//! by `<meta>` tags, `html`), and the single file (`single_file`). The app is cached under
//! `target/atlas/app-<fingerprint>/`, so a corpus edit alone re-extracts and re-assembles
//! `dist/` in seconds instead of relinking and re-optimising the wasm.
//!
//! Same inputs give the same bytes: nothing here writes a time or an absolute path into
//! `dist/`, and the last line on standard output, `dataset <sha256>`, names the dataset so
//! two builds can be compared at a glance.

mod app_cache;
mod files;
mod from_dataset;
pub mod html;
mod report;
mod shards;
mod single_file;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use atlas_build::{DirOutput, ShardMode};

use crate::{root, step};

pub use files::{copy_files, target_dir};
pub use report::{gzip_len, peak_memory, report_sizes};

/// The corpus and how to present it: what `dist` and `serve` both take.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The folder of documents (with an optional manifest.toml and overlay.toml)
    #[arg(long, value_name = "DIR", default_value_os_t = root().join("corpus"))]
    pub corpus: PathBuf,
    /// The atlas title shown in the header
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

/// What `dist` builds.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct Options {
    #[command(flatten)]
    pub input: Input,
    /// Build from this already-extracted dataset (the JSON of `atlas-extract --merge`, for
    /// example from `xtask/distributed/extract_job.py`) and the texts of --corpus, instead of
    /// extracting
    #[arg(long, value_name = "FILE")]
    pub dataset: Option<PathBuf>,
    /// Also write one self-contained HTML file that opens from file:// (see --single-out)
    #[arg(long)]
    pub single_file: bool,
    /// Where the static site goes (replaced)
    #[arg(long, value_name = "DIR", default_value_os_t = root().join("dist"))]
    pub out: PathBuf,
    /// Where --single-file writes pipeline-atlas.html
    #[arg(long, value_name = "DIR", default_value_os_t = root().join("dist-single"))]
    pub single_out: PathBuf,
    /// Split the data into shards fetched on demand: auto (above 8 MB of data), always, never
    #[arg(long, value_name = "MODE", default_value_t = ShardMode::Auto)]
    pub shards: ShardMode,
    /// A previous output folder of `dist` (it may be --out itself): also write what changed
    /// since it, changes-<hash>.json
    #[arg(long, value_name = "DIR")]
    pub since: Option<PathBuf>,
    /// The site's address, for absolute links in feed.xml (without it they are relative)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// When framed, post the content height only to this host origin (`https://wiki.example`;
    /// repeatable). Without it the height goes to any framing page.
    #[arg(long = "embed-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    pub embed_origins: Vec<String>,
}

/// The `<meta>` naming the origins a framed atlas posts its height to (read by `src/embed.rs`).
pub const EMBED_ORIGINS_META: &str = "pipeline-atlas-embed-origins";

/// An origin as `postMessage` takes it: `http(s)://host[:port]`, nothing after.
fn parse_origin(s: &str) -> Result<String, String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(|| format!("{s:?}: an origin starts with https:// or http://"))?;
    let host_ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !host_ok {
        return Err(format!(
            "{s:?}: an origin is scheme, host and optional port, with no path (https://wiki.example)"
        ));
    }
    Ok(s.to_ascii_lowercase())
}

impl Default for Input {
    fn default() -> Self {
        Input {
            corpus: root().join("corpus"),
            title: None,
        }
    }
}

impl Default for Options {
    /// What `cargo xtask dist` with no flag builds.
    fn default() -> Self {
        Options {
            input: Input::default(),
            dataset: None,
            single_file: false,
            out: root().join("dist"),
            single_out: root().join("dist-single"),
            shards: ShardMode::Auto,
            since: None,
            base_url: None,
            embed_origins: Vec::new(),
        }
    }
}

/// Build `dist/` (and `dist-single/` with `--single-file`); returns the dist directory.
pub fn dist(opts: &Options) -> Result<PathBuf> {
    let started = Instant::now();
    files::check_output_dir(&opts.out)?;
    // Read before anything is replaced: the previous build may be the one in --out.
    let previous = match &opts.since {
        Some(dir) => {
            step(&format!("reading the previous build in {}", dir.display()));
            Some(atlas_build::read_previous(dir).context("--since")?)
        }
        None => None,
    };
    let bundle = match &opts.dataset {
        Some(file) => from_dataset::load(file, &opts.input)?,
        None => extract(&opts.input)?,
    };
    let app = app_cache::app_build()?;
    let dist_dir = opts.out.clone();
    step(&format!("assembling {}", dist_dir.display()));
    files::replace_dir(&dist_dir)?;
    copy_files(&app, &dist_dir)?;
    let build_opts = atlas_build::Options {
        shards: opts.shards,
        single_file: opts.single_file,
        base_url: opts.base_url.clone(),
    };
    let output = DirOutput::new(&dist_dir);
    let assembly = atlas_build::assemble(bundle, &build_opts, previous.as_ref(), &output)
        .with_context(|| format!("{}: cannot assemble the atlas", dist_dir.display()))?;
    for line in shards::describe(&assembly) {
        eprintln!("  {line}");
    }
    let mut metas = assembly.metas();
    if !opts.embed_origins.is_empty() {
        metas.push((EMBED_ORIGINS_META, opts.embed_origins.join(" ")));
    }
    html::rewrite_index(&dist_dir, &metas)?;
    report_sizes(&dist_dir)?;
    if let Some(bundle) = &assembly.single_file_bundle {
        single_file::write(
            &dist_dir,
            bundle,
            assembly.downloads.as_ref(),
            assembly.changes.as_ref().map(|c| c.view_bytes.as_slice()),
            &opts.single_out,
        )?;
    }
    eprintln!(
        "  built in {:.1} s{}",
        started.elapsed().as_secs_f64(),
        peak_memory()
            .map(|kb| format!(", peak memory {} MB", kb / 1024))
            .unwrap_or_default()
    );
    println!("dataset {}", assembly.dataset_hash);
    Ok(dist_dir)
}

/// Extract the corpus into a bundle (without its search index yet), reporting as it goes.
fn extract(input: &Input) -> Result<atlas_model::Bundle> {
    let corpus = &input.corpus;
    step(&format!("extracting {}", corpus.display()));
    if !corpus.is_dir() {
        bail!("{}: not a directory", corpus.display());
    }
    let started = Instant::now();
    let extraction = atlas_extract::build_corpus(corpus, true)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("{}: cannot build the atlas", corpus.display()))?;
    // A summary line per document is useful for a handful; for thousands, the totals are.
    if extraction.summary.len() <= 50 {
        for line in &extraction.summary {
            eprintln!("  {line}");
        }
    }
    for diag in extraction.diagnostics.iter().take(200) {
        eprintln!("  warning: {diag}");
    }
    if extraction.diagnostics.len() > 200 {
        eprintln!(
            "  … and {} more warnings",
            extraction.diagnostics.len() - 200
        );
    }
    let ds = &extraction.dataset;
    eprintln!(
        "  {} documents, {} assets, {} events, {} trials, {} results ({} facts extracted, {} from the overlay) in {:.2} s",
        ds.documents.len(),
        ds.assets.len(),
        ds.events.len(),
        ds.trials.len(),
        ds.n_results(),
        extraction.extracted_facts,
        extraction.overlay_facts,
        started.elapsed().as_secs_f64(),
    );
    let mut bundle = atlas_model::Bundle::new(extraction.dataset, extraction.texts);
    if let Some(title) = &input.title {
        bundle.title = title.clone();
    }
    Ok(bundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_origin(input: &str, expected: Option<&str>) {
        assert_eq!(parse_origin(input).ok().as_deref(), expected, "{input:?}");
    }

    #[test]
    fn embed_origins_are_bare_http_origins() {
        check_origin("https://wiki.example", Some("https://wiki.example"));
        check_origin("http://127.0.0.1:8080", Some("http://127.0.0.1:8080"));
        check_origin("HTTPS://Wiki.Example", None);
        check_origin("https://Wiki.Example", Some("https://wiki.example"));
        check_origin("https://wiki.example/", None);
        check_origin("https://wiki.example/page", None);
        check_origin("*", None);
        check_origin("wiki.example", None);
        check_origin("https://", None);
        check_origin("javascript:alert(1)", None);
    }
}
