//! `cargo xtask dist`: corpus → dataset → bundle → `dist/` (and optionally one offline HTML file).
//!
//! The app (Trunk's output: wasm, JS glue, CSS) and the dataset are built separately. The app
//! is cached under `target/atlas/app-<fingerprint>/`, keyed by everything it is compiled from,
//! so a corpus edit alone re-extracts and re-assembles `dist/` in seconds instead of relinking
//! and re-optimising the wasm (measured: several minutes with LTO and wasm-opt -Oz on 2 cores).
//! The encoded [`atlas_model::Bundle`] goes beside it as `atlas-data-<hash>.bin`, named by a
//! `<meta name="pipeline-atlas-data">` in `index.html`; the app loads it before its first render.
//!
//! Trunk writes an inline `<script type="module">` loader into `index.html`; a strict CSP
//! (`script-src 'self'`) would block it, so we move it into a content-hashed external file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

use crate::tools::{self, Tools};
use crate::{cargo, root, run_cmd, step};

/// What `dist` builds.
pub struct Options {
    pub corpus: PathBuf,
    pub title: Option<String>,
    pub single_file: bool,
    /// Where the static site goes (default `dist/`).
    pub out: PathBuf,
    pub shards: ShardMode,
}

/// Whether the dataset is split into detail shards fetched on demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShardMode {
    /// Shard when the dataset would make a start-up file over [`SHARD_ABOVE_BYTES`].
    Auto,
    Always,
    Never,
}

/// Above this estimated data size, `--shards auto` splits the dataset: a bigger start-up file
/// would cost more to download and decode than a search box should wait (8 MB of bundle is
/// about 2 MB gzipped and 60 ms of decoding in wasm on this project's 2-core reference machine).
pub const SHARD_ABOVE_BYTES: usize = 8 * 1024 * 1024;

/// About how many assets, documents or trials go into one shard file: at about 8 KB per asset
/// (its arm tables and quotes), a shard is a few hundred KB, one fetch and a few milliseconds
/// of decoding, while 100,000 assets still make only a few thousand files.
pub const PER_SHARD: usize = 32;

impl Options {
    /// Parse `--corpus DIR`, `--title TEXT`, `--single-file`; anything else is an error.
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut opts = Options {
            corpus: root().join("corpus"),
            title: None,
            single_file: false,
            out: root().join("dist"),
            shards: ShardMode::Auto,
        };
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--corpus" => {
                    let dir = it.next().context("--corpus needs a directory")?;
                    opts.corpus = PathBuf::from(dir);
                }
                "--title" => opts.title = Some(it.next().context("--title needs a text")?.clone()),
                "--single-file" => opts.single_file = true,
                "--out" => opts.out = PathBuf::from(it.next().context("--out needs a directory")?),
                "--shards" => {
                    opts.shards = match it.next().map(String::as_str) {
                        Some("auto") => ShardMode::Auto,
                        Some("always") => ShardMode::Always,
                        Some("never") => ShardMode::Never,
                        other => bail!("--shards needs auto, always or never, not {other:?}"),
                    }
                }
                other => bail!("dist: unknown argument {other:?} (expected --corpus DIR, --title TEXT, --single-file, --out DIR, --shards auto|always|never)"),
            }
        }
        Ok(opts)
    }
}

/// Build `dist/` (and `dist-single/` with `--single-file`); returns the dist directory.
pub fn dist(opts: &Options) -> Result<PathBuf> {
    let started = std::time::Instant::now();
    let extraction = extract(opts)?;
    let app = app_build()?;
    let dist_dir = opts.out.clone();
    step(&format!("assembling {}", dist_dir.display()));
    if dist_dir.exists() {
        std::fs::remove_dir_all(&dist_dir)
            .with_context(|| format!("{}: cannot remove", dist_dir.display()))?;
    }
    std::fs::create_dir_all(&dist_dir)
        .with_context(|| format!("{}: cannot create", dist_dir.display()))?;
    for entry in
        std::fs::read_dir(&app).with_context(|| format!("{}: cannot list", app.display()))?
    {
        let path = entry?.path();
        if path.is_file() {
            let name = path.file_name().expect("a listed file has a name");
            std::fs::copy(&path, dist_dir.join(name))
                .with_context(|| format!("{}: cannot copy", path.display()))?;
        }
    }
    externalise_loader(&dist_dir)?;
    let single = write_data(&dist_dir, extraction, opts)?;
    report_sizes(&dist_dir)?;
    if let Some(bundle) = single {
        single::write_single_file(&dist_dir, &bundle, &root().join("dist-single"))?;
    }
    eprintln!(
        "  built in {:.1} s{}",
        started.elapsed().as_secs_f64(),
        peak_memory()
            .map(|kb| format!(", peak memory {} MB", kb / 1024))
            .unwrap_or_default()
    );
    Ok(dist_dir)
}

/// This process's peak resident memory in KiB (Linux's `VmHWM`), when the OS tells.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// What [`extract`] hands on: the extraction and the atlas title.
struct Extracted {
    bundle: atlas_model::Bundle,
    /// Bytes of document text plus a per-fact allowance: what an unsharded bundle would weigh.
    estimated_bytes: usize,
}

/// Extract the corpus into a bundle (without its search index yet).
fn extract(opts: &Options) -> Result<Extracted> {
    let corpus = &opts.corpus;
    step(&format!("extracting {}", corpus.display()));
    if !corpus.is_dir() {
        bail!("{}: not a directory", corpus.display());
    }
    let started = std::time::Instant::now();
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
    let n_results = ds.n_results();
    eprintln!(
        "  {} documents, {} assets, {} events, {} trials, {} results ({} facts extracted, {} from the overlay) in {:.2} s",
        ds.documents.len(),
        ds.assets.len(),
        ds.events.len(),
        ds.trials.len(),
        n_results,
        extraction.extracted_facts,
        extraction.overlay_facts,
        started.elapsed().as_secs_f64(),
    );
    let text_bytes: usize = extraction.texts.iter().map(|t| t.text.len()).sum();
    let estimated_bytes =
        text_bytes + 64 * (n_results + ds.assets.len() + ds.events.len() + ds.trials.len());
    let mut bundle = atlas_model::Bundle::new(extraction.dataset, extraction.texts);
    if let Some(title) = &opts.title {
        bundle.title = title.clone();
    }
    Ok(Extracted {
        bundle,
        estimated_bytes,
    })
}

/// Write the data files into `dist_dir` — one bundle, or a start bundle plus shards — and name
/// the start file in `index.html`. Returns the whole bundle for `--single-file`.
fn write_data(dist_dir: &Path, extracted: Extracted, opts: &Options) -> Result<Option<Vec<u8>>> {
    let Extracted {
        mut bundle,
        estimated_bytes,
    } = extracted;
    let started = std::time::Instant::now();
    // Ship the search index prebuilt, so start-up only loads it.
    let index = atlas_search::SearchIndex::build(atlas_search::docs_from_dataset(&bundle.dataset));
    bundle.search_index = index.to_bytes();
    drop(index);
    eprintln!(
        "  search index: {} bytes for {} assets in {:.2} s",
        bundle.search_index.len(),
        bundle.dataset.assets.len(),
        started.elapsed().as_secs_f64()
    );
    let sharded = match opts.shards {
        ShardMode::Always => true,
        ShardMode::Never => false,
        ShardMode::Auto => estimated_bytes > SHARD_ABOVE_BYTES,
    };
    let single = if opts.single_file {
        if estimated_bytes > single::MAX_BYTES {
            bail!(
                "--single-file: this corpus makes about {} MB of data, more than the {} MB one HTML file can sensibly carry (a browser must parse all of it before showing anything); use the hosted build in {} instead, which fetches details on demand",
                estimated_bytes / (1024 * 1024),
                single::MAX_BYTES / (1024 * 1024),
                dist_dir.display()
            );
        }
        Some(bundle.encode())
    } else {
        None
    };
    if !sharded {
        write_downloads(dist_dir, &bundle.dataset)?;
        let bytes = match &single {
            Some(b) => b.clone(),
            None => bundle.encode(),
        };
        eprintln!(
            "  one data file: {} bytes (estimated data {} KB, the shard threshold is {} KB)",
            bytes.len(),
            estimated_bytes / 1024,
            SHARD_ABOVE_BYTES / 1024
        );
        write_data_file(dist_dir, &bytes)?;
        return Ok(single);
    }
    eprintln!(
        "  no whole-dataset downloads in a sharded atlas (the JSON would be about {} MB); `cargo run --release -p atlas-extract` writes it",
        estimated_bytes * 3 / (1024 * 1024)
    );
    let head = shard::write_shards(dist_dir, &bundle)?;
    let why = match opts.shards {
        ShardMode::Always => "--shards always".to_owned(),
        _ => format!(
            "estimated data {} MB is over the {} MB threshold",
            estimated_bytes / (1024 * 1024),
            SHARD_ABOVE_BYTES / (1024 * 1024)
        ),
    };
    eprintln!(
        "  sharded ({why}): start file {} bytes (search index {} bytes); {} asset, {} document and {} trial shards and a timeline shard, in {:.2} s",
        head.len(),
        bundle.search_index.len(),
        shard::count(dist_dir, 'a')?,
        shard::count(dist_dir, 'd')?,
        shard::count(dist_dir, 't')?,
        started.elapsed().as_secs_f64()
    );
    write_data_file(dist_dir, &head)?;
    Ok(single)
}

mod shard {
    //! Writing a sharded atlas: every shard encoded, hashed and written as soon as it is built
    //! (on every core), then the start bundle that names them.

    use std::path::Path;

    use anyhow::{Context, Result};
    use atlas_model::shard::{shard_file, ShardPlan};
    use atlas_model::{Bundle, Dataset, Family, ShardTable};
    use rayon::prelude::*;
    use sha2::{Digest, Sha256};

    /// Write every shard of `bundle` into `dist_dir`; returns the encoded start bundle.
    pub fn write_shards(dist_dir: &Path, bundle: &Bundle) -> Result<Vec<u8>> {
        let plan = ShardPlan::new(&bundle.dataset, &bundle.texts, super::PER_SHARD);
        let write_family = |family: Family| -> Result<Vec<u64>> {
            (0..plan.len(family))
                .into_par_iter()
                .map(|i| {
                    let bytes = plan.build(family, i, &bundle.title).encode();
                    let digest = Sha256::digest(&bytes);
                    let hash =
                        u64::from_be_bytes(digest[..8].try_into().expect("a SHA-256 has 32 bytes"));
                    let path = dist_dir.join(shard_file(family, hash));
                    std::fs::write(&path, &bytes)
                        .with_context(|| format!("{}: cannot write", path.display()))?;
                    Ok(hash)
                })
                .collect()
        };
        let table = ShardTable {
            assets: write_family(Family::Asset)?,
            documents: write_family(Family::Document)?,
            trials: write_family(Family::Trial)?,
            timeline: write_family(Family::Timeline)?[0],
            n_events: bundle.dataset.events.len() as u32,
            n_documents: bundle.dataset.documents.len() as u32,
        };
        let head = Bundle {
            title: bundle.title.clone(),
            dataset: Dataset::empty(),
            texts: Vec::new(),
            search_index: bundle.search_index.clone(),
            shards: Some(table),
        };
        Ok(head.encode())
    }

    /// How many shard files of a family `dist_dir` holds.
    pub fn count(dist_dir: &Path, tag: char) -> Result<usize> {
        let prefix = format!("shard-{tag}-");
        Ok(std::fs::read_dir(dist_dir)?
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
            .count())
    }
}

/// The whole dataset as JSON and every result as CSV, written once here so the app need not
/// carry a JSON serializer (about 15 KB of gzipped wasm) to build them; named by a `<meta>`.
fn write_downloads(dist_dir: &Path, ds: &atlas_model::Dataset) -> Result<()> {
    let json = serde_json::to_vec(ds).context("cannot serialise the dataset")?;
    let csv = atlas_view::export::dataset_csv(ds);
    let json_name = format!("pipeline-atlas-dataset-{}.json", short_hash(&json));
    let csv_name = format!("pipeline-atlas-results-{}.csv", short_hash(csv.as_bytes()));
    for (name, bytes) in [(&json_name, json.as_slice()), (&csv_name, csv.as_bytes())] {
        std::fs::write(dist_dir.join(name), bytes)
            .with_context(|| format!("{}: cannot write {name}", dist_dir.display()))?;
    }
    add_meta(
        dist_dir,
        "pipeline-atlas-downloads",
        &format!("./{json_name} ./{csv_name}"),
    )
}

/// Add `<meta name=… content=…>` to `dist_dir/index.html`.
fn add_meta(dist_dir: &Path, name: &str, content: &str) -> Result<()> {
    let index = dist_dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .with_context(|| format!("{}: cannot read", index.display()))?;
    let meta = format!("<meta name=\"{name}\" content=\"{content}\">\n  </head>");
    let Some(pos) = html.find("</head>") else {
        bail!("{}: no </head>", index.display());
    };
    let html = format!("{}{}{}", &html[..pos], meta, &html[pos + "</head>".len()..]);
    std::fs::write(&index, html).with_context(|| format!("{}: cannot write", index.display()))
}

/// `atlas-data-<hash>.bin` beside the wasm, named by a `<meta>` in `index.html`.
fn write_data_file(dist_dir: &Path, bundle: &[u8]) -> Result<()> {
    let name = format!("atlas-data-{}.bin", short_hash(bundle));
    std::fs::write(dist_dir.join(&name), bundle)
        .with_context(|| format!("{}: cannot write {name}", dist_dir.display()))?;
    add_meta(dist_dir, "pipeline-atlas-data", &format!("./{name}"))
}

/// The app built by Trunk, cached by a fingerprint of everything it is built from, so that
/// a corpus change alone reuses it (the data file is separate) and rebuilds in seconds.
fn app_build() -> Result<PathBuf> {
    let fingerprint = app_fingerprint()?;
    let cache = target_dir().join("atlas");
    let dir = cache.join(format!("app-{fingerprint}"));
    if dir.join("index.html").is_file() {
        step("the app is unchanged since the last build: reusing it");
        return Ok(dir);
    }
    let tools = tools::ensure_build_tools()?;
    let staging = cache.join("app-staging");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)
            .with_context(|| format!("{}: cannot remove", staging.display()))?;
    }
    trunk_build(&tools, &staging)?;
    // Keep only the newest app build.
    if let Ok(entries) = std::fs::read_dir(&cache) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("app-") && name != "app-staging" {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    std::fs::rename(&staging, &dir)
        .with_context(|| format!("{}: cannot rename to {}", staging.display(), dir.display()))?;
    Ok(dir)
}

/// SHA-256 over the paths and contents of every file the app's wasm is built from: the root
/// manifests, `index.html`, `Trunk.toml`, `static/`, `src/`, and every library crate but the
/// extractor (the app does not link it), plus the pinned tool versions.
fn app_fingerprint() -> Result<String> {
    let root = root();
    let mut files: Vec<PathBuf> = ["Cargo.toml", "Cargo.lock", "Trunk.toml", "index.html"]
        .iter()
        .map(|f| root.join(f))
        .collect();
    let mut dirs = vec![root.join("static"), root.join("src")];
    for entry in std::fs::read_dir(root.join("crates")).context("crates/: cannot list")? {
        let path = entry?.path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != "extract") {
            dirs.push(path);
        }
    }
    while let Some(dir) = dirs.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("{}: cannot list", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut hasher = Sha256::new();
    hasher.update(tools::TRUNK_VERSION);
    hasher.update(tools::WASM_BINDGEN_VERSION);
    hasher.update(tools::BINARYEN_VERSION);
    for file in files {
        let bytes =
            std::fs::read(&file).with_context(|| format!("{}: cannot read", file.display()))?;
        hasher.update(
            file.strip_prefix(&root)
                .unwrap_or(&file)
                .to_string_lossy()
                .as_bytes(),
        );
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
    }
    Ok(hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect())
}

fn trunk_build(tools: &Tools, dist_dir: &Path) -> Result<()> {
    // Trunk runs cargo with --offline; fetch the crates first so a fresh clone can build.
    step("fetching crates (cargo fetch)");
    run_cmd(cargo().arg("fetch").current_dir(root()))?;
    step("building the WebAssembly app (trunk build --release; a minute or two, seconds when cached)");
    // Panic locations name their source files; without the registry's absolute prefix they
    // stay just as useful in a report and cost the bundle about 5 KB less.
    let cargo_home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| home_dir().join(".cargo"));
    let mut rustflags = std::env::var("RUSTFLAGS").unwrap_or_default();
    rustflags.push_str(&format!(
        " --remap-path-prefix={}=",
        cargo_home.join("registry/src").display()
    ));
    run_cmd(
        std::process::Command::new(&tools.trunk)
            .args(["build", "--release", "--offline", "--dist"])
            .arg(dist_dir)
            .current_dir(root())
            .env("PATH", tools.path_env())
            .env("RUSTFLAGS", rustflags.trim()),
    )
}

fn home_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// Move every inline `<script type="module">` of `index.html` into `boot-<hash>.js`.
fn externalise_loader(dist_dir: &Path) -> Result<()> {
    let index = dist_dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .with_context(|| format!("{}: cannot read", index.display()))?;
    // Trunk writes `<script type="module">`, or `<script type=module>` once minified.
    let Some((start, open)) = ["<script type=\"module\">", "<script type=module>"]
        .into_iter()
        .find_map(|open| html.find(open).map(|start| (start, open)))
    else {
        bail!(
            "{}: no inline module loader found; did Trunk's output format change?",
            index.display()
        );
    };
    let body_start = start + open.len();
    let Some(len) = html[body_start..].find("</script>") else {
        bail!("{}: unterminated inline script", index.display());
    };
    // Keep only the loader itself: Trunk's extras (a global of the bindings and a start event)
    // are unused here.
    let script: String = html[body_start..body_start + len]
        .lines()
        .filter(|l| !l.contains("window.wasmBindings") && !l.contains("TrunkApplicationStarted"))
        .collect::<Vec<_>>()
        .join("\n");
    let script = script.as_str();
    let hash = short_hash(script.as_bytes());
    let name = format!("boot-{hash}.js");
    std::fs::write(dist_dir.join(&name), script.trim())
        .with_context(|| format!("{}: cannot write {name}", dist_dir.display()))?;
    let tag = format!("<script type=\"module\" src=\"./{name}\"></script>");
    let new_html = format!(
        "{}{}{}",
        &html[..start],
        tag,
        &html[body_start + len + "</script>".len()..]
    );
    if new_html.contains("<script type=module>") || new_html.contains("<script type=\"module\">") {
        bail!("{}: more than one inline module script", index.display());
    }
    if new_html.contains(" style=\"") {
        bail!(
            "{}: inline style attribute (blocked by a strict CSP)",
            index.display()
        );
    }
    std::fs::write(&index, new_html)
        .with_context(|| format!("{}: cannot write", index.display()))?;
    Ok(())
}

/// cargo's target directory (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// The first 16 hex digits of the SHA-256 of `bytes`.
pub fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// gzip -9 size of `bytes`.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len()
}

/// Print every file of `dist/` raw and gzipped, and the total; returns the gzip -9 total.
pub fn report_sizes(dist_dir: &Path) -> Result<usize> {
    let mut entries: Vec<_> = std::fs::read_dir(dist_dir)
        .with_context(|| format!("{}: cannot list", dist_dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    // Shards are fetched one at a time on demand: counted, not each listed (nor gzipped: a
    // large atlas has thousands).
    let is_shard = |e: &std::fs::DirEntry| e.file_name().to_string_lossy().starts_with("shard-");
    let (shards, entries): (Vec<_>, Vec<_>) = entries.into_iter().partition(is_shard);
    if !shards.is_empty() {
        let mut bytes = 0;
        for e in &shards {
            bytes += e.metadata()?.len();
        }
        eprintln!(
            "  {} shard files, {} bytes in all, fetched on demand (not counted below)",
            shards.len(),
            bytes
        );
    }
    let (mut raw_total, mut gz_total) = (0, 0);
    eprintln!("  {:<44} {:>10} {:>10}", "dist/", "bytes", "gzip -9");
    for e in entries {
        let bytes = std::fs::read(e.path())?;
        let gz = gzip_len(&bytes);
        raw_total += bytes.len();
        gz_total += gz;
        eprintln!(
            "  {:<44} {:>10} {:>10}",
            e.file_name().to_string_lossy(),
            bytes.len(),
            gz
        );
    }
    eprintln!("  {:<44} {:>10} {:>10}", "total", raw_total, gz_total);
    Ok(gz_total)
}

pub mod single {
    //! `--single-file`: one self-contained HTML file that opens from `file://`.
    //!
    //! The dataset goes in as base64 in a non-executable `<script type="application/octet-stream">`
    //! block that the app reads before its first render. The wasm-bindgen glue is an ES module that would `import` nothing but does `export`; we
    //! turn its exports into plain declarations, append a call that instantiates the inlined wasm
    //! bytes, and put the whole thing in one inline module script guarded by a CSP meta tag that
    //! allows exactly that script's SHA-256 plus `'wasm-unsafe-eval'`.

    use std::path::Path;

    use anyhow::{bail, Context, Result};
    use base64::Engine as _;
    use sha2::{Digest, Sha256};

    use super::gzip_len;
    use crate::step;

    /// Files bigger than this do not go into one HTML file.
    pub const MAX_BYTES: usize = 20 * 1024 * 1024;

    pub fn write_single_file(dist_dir: &Path, bundle: &[u8], out_dir: &Path) -> Result<()> {
        step("writing the single-file atlas");
        // Trunk names the glue `<stem>.js` beside `<stem>_bg.wasm`.
        let mut wasm = None;
        let mut css = None;
        for entry in std::fs::read_dir(dist_dir)
            .with_context(|| format!("{}: cannot list", dist_dir.display()))?
        {
            let path = entry?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name.ends_with("_bg.wasm") {
                wasm = Some(path);
            } else if name.ends_with(".css") {
                css = Some(path);
            }
        }
        // The whole-dataset downloads travel as data: URLs (the app only needs their URLs).
        let mut downloads = Vec::new();
        for (prefix, mime) in [
            ("pipeline-atlas-dataset-", "application/json"),
            ("pipeline-atlas-results-", "text/csv;charset=utf-8"),
        ] {
            for entry in std::fs::read_dir(dist_dir)? {
                let path = entry?.path();
                if path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
                {
                    let bytes = std::fs::read(&path)?;
                    downloads.push(format!(
                        "data:{mime};base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(bytes)
                    ));
                }
            }
        }
        let (Some(wasm), Some(css)) = (wasm, css) else {
            bail!(
                "{}: expected a _bg.wasm and a .css from Trunk",
                dist_dir.display()
            );
        };
        let stem = wasm
            .file_name()
            .map(|n| n.to_string_lossy().trim_end_matches("_bg.wasm").to_owned())
            .unwrap_or_default();
        let js = dist_dir.join(format!("{stem}.js"));
        let wasm_bytes = std::fs::read(&wasm)?;
        let total =
            wasm_bytes.len() + bundle.len() + downloads.iter().map(String::len).sum::<usize>();
        if total > MAX_BYTES {
            bail!(
                "the app and its dataset come to {} MB, more than the {} MB a single HTML file can sensibly carry; use the hosted build (cargo xtask dist) instead",
                total / (1024 * 1024),
                MAX_BYTES / (1024 * 1024)
            );
        }
        let glue = std::fs::read_to_string(&js)?;
        let css = std::fs::read_to_string(&css)?;
        let favicon = std::fs::read(crate::root().join("static/favicon.svg"))?;
        let b64 = base64::engine::general_purpose::STANDARD;

        let mut script = String::with_capacity(glue.len() + wasm_bytes.len() * 4 / 3 + 512);
        for line in glue.lines() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("export {") || trimmed.starts_with("export default") {
                continue;
            }
            let line = line
                .replacen("export function ", "function ", 1)
                .replacen("export class ", "class ", 1)
                .replacen("export const ", "const ", 1)
                .replacen("export async function ", "async function ", 1);
            script.push_str(&line);
            script.push('\n');
        }
        script.push_str("const atlasWasm = Uint8Array.from(atob(\"");
        script.push_str(&b64.encode(&wasm_bytes));
        script.push_str("\"), (c) => c.charCodeAt(0));\n");
        script.push_str("__wbg_init({ module_or_path: atlasWasm });\n");
        // The hash covers exactly the text between the tags, leading newline included.
        script.insert(0, '\n');
        if script.contains("</script") {
            bail!("the glue script contains </script and cannot be inlined");
        }
        let hash = b64.encode(Sha256::digest(script.as_bytes()));
        let csp = format!(
            "default-src 'none'; script-src 'sha256-{hash}' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
        );
        let html = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>Pipeline Atlas</title>\n<meta name=\"pipeline-atlas-downloads\" content=\"{}\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"data:image/svg+xml;base64,{}\">\n<style>\n{css}\n</style>\n</head>\n<body>\n<p id=\"loading\" class=\"loading\">Loading the atlas…</p>\n<script type=\"application/octet-stream\" id=\"pipeline-atlas-data\">{}</script>\n<script type=\"module\">{script}</script>\n</body>\n</html>\n",
            downloads.join(" "),
            b64.encode(&favicon),
            b64.encode(bundle),
        );
        std::fs::create_dir_all(out_dir)
            .with_context(|| format!("{}: cannot create", out_dir.display()))?;
        let out = out_dir.join("pipeline-atlas.html");
        std::fs::write(&out, &html).with_context(|| format!("{}: cannot write", out.display()))?;
        eprintln!(
            "  {}: {} bytes, {} gzip -9",
            out.display(),
            html.len(),
            gzip_len(html.as_bytes())
        );
        Ok(())
    }
}
