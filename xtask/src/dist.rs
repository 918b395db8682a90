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
}

impl Options {
    /// Parse `--corpus DIR`, `--title TEXT`, `--single-file`; anything else is an error.
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut opts = Options {
            corpus: root().join("corpus"),
            title: None,
            single_file: false,
            out: root().join("dist"),
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
                other => bail!("dist: unknown argument {other:?} (expected --corpus DIR, --title TEXT, --single-file, --out DIR)"),
            }
        }
        Ok(opts)
    }
}

/// Build `dist/` (and `dist-single/` with `--single-file`); returns the dist directory.
pub fn dist(opts: &Options) -> Result<PathBuf> {
    let bundle = make_bundle(opts)?;
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
    write_data_file(&dist_dir, &bundle)?;
    report_sizes(&dist_dir)?;
    if opts.single_file {
        single::write_single_file(&dist_dir, &bundle, &root().join("dist-single"))?;
    }
    Ok(dist_dir)
}

/// Extract the corpus and encode the bundle.
fn make_bundle(opts: &Options) -> Result<Vec<u8>> {
    let corpus = &opts.corpus;
    step(&format!("extracting {}", corpus.display()));
    if !corpus.is_dir() {
        bail!("{}: not a directory", corpus.display());
    }
    let started = std::time::Instant::now();
    let extraction = atlas_extract::build_corpus(corpus, true)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("{}: cannot build the atlas", corpus.display()))?;
    for line in &extraction.summary {
        eprintln!("  {line}");
    }
    for diag in &extraction.diagnostics {
        eprintln!("  warning: {diag}");
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
    let mut bundle = atlas_model::Bundle::new(extraction.dataset, extraction.texts);
    if let Some(title) = &opts.title {
        bundle.title = title.clone();
    }
    // Ship the search index prebuilt, so start-up only loads it.
    let index = atlas_search::SearchIndex::build(atlas_search::docs_from_dataset(&bundle.dataset));
    bundle.search_index = index.to_bytes();
    let bytes = bundle.encode();
    eprintln!(
        "  bundle: {} bytes (search index {} bytes)",
        bytes.len(),
        bundle.search_index.len()
    );
    Ok(bytes)
}

/// `atlas-data-<hash>.bin` beside the wasm, named by a `<meta>` in `index.html`.
fn write_data_file(dist_dir: &Path, bundle: &[u8]) -> Result<()> {
    let name = format!("atlas-data-{}.bin", short_hash(bundle));
    std::fs::write(dist_dir.join(&name), bundle)
        .with_context(|| format!("{}: cannot write {name}", dist_dir.display()))?;
    let index = dist_dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .with_context(|| format!("{}: cannot read", index.display()))?;
    let meta = format!("<meta name=\"pipeline-atlas-data\" content=\"./{name}\">\n  </head>");
    let Some(pos) = html.find("</head>") else {
        bail!("{}: no </head>", index.display());
    };
    let html = format!("{}{}{}", &html[..pos], meta, &html[pos + "</head>".len()..]);
    std::fs::write(&index, html).with_context(|| format!("{}: cannot write", index.display()))
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
    run_cmd(
        std::process::Command::new(&tools.trunk)
            .args(["build", "--release", "--offline", "--dist"])
            .arg(dist_dir)
            .current_dir(root())
            .env("PATH", tools.path_env()),
    )
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
    const MAX_BYTES: usize = 20 * 1024 * 1024;

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
        let total = wasm_bytes.len() + bundle.len();
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
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>Pipeline Atlas</title>\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"data:image/svg+xml;base64,{}\">\n<style>\n{css}\n</style>\n</head>\n<body>\n<p id=\"loading\" class=\"loading\">Loading the atlas…</p>\n<script type=\"application/octet-stream\" id=\"pipeline-atlas-data\">{}</script>\n<script type=\"module\">{script}</script>\n</body>\n</html>\n",
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
