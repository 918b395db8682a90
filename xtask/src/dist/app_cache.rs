//! The app (Trunk's output: wasm, JS glue, CSS, `index.html`), built once per set of inputs.
//!
//! It lives in `target/atlas/app-<fingerprint>/`, keyed by a hash of everything the wasm is
//! compiled from, so a corpus edit alone reuses it: relinking with LTO and re-running
//! `wasm-opt -Oz` took minutes on 2 cores, and the dataset is kept out of the wasm for that
//! reason. Crates the app does not link (the build library, the synthetic corpus) are left out
//! of the fingerprint, so editing them never rebuilds the app. The extractor is in: the
//! curation worker Trunk builds beside the app links it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::tools::{self, Tools};
use crate::{cargo, root, run_cmd, step};

/// Folders of `crates/` whose code never reaches the wasm app.
const NOT_IN_APP: [&str; 2] = ["build", "synth"];

/// `js` without the lines that hold only a `//` comment, blank lines and indentation (no
/// string in these scripts spans lines).
fn strip_comment_lines(js: &str) -> String {
    js.lines()
        .filter(|l| {
            let t = l.trim_start();
            !t.is_empty() && !t.starts_with("//")
        })
        .map(|l| format!("{}\n", l.trim()))
        .collect()
}

/// The app built by Trunk, from the cache when its inputs are unchanged; returns its folder.
pub fn app_build() -> Result<PathBuf> {
    let fingerprint = fingerprint(&root(), &tool_versions())?;
    let cache = super::target_dir().join("atlas");
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
    // Trunk copies these scripts as they are: drop their comment lines (the curation budget
    // counts every byte the curator's browser fetches).
    for name in ["curate-ui.js", "curate-worker.js"] {
        let path = staging.join(name);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        std::fs::write(&path, strip_comment_lines(&text))
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
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

fn tool_versions() -> [&'static str; 3] {
    [
        tools::TRUNK_VERSION,
        tools::WASM_BINDGEN_VERSION,
        tools::BINARYEN_VERSION,
    ]
}

/// SHA-256 (16 hex digits) over `versions` and the paths (relative to `root`) and contents of
/// every file the app's wasm is built from: the root manifests, `index.html`, `Trunk.toml`,
/// `static/`, `src/`, and every crate of `crates/` but [`NOT_IN_APP`]. Files are taken in
/// sorted order, so the fingerprint does not depend on the order the file system lists them.
pub fn fingerprint(root: &Path, versions: &[&str]) -> Result<String> {
    let mut files: Vec<PathBuf> = ["Cargo.toml", "Cargo.lock", "Trunk.toml", "index.html"]
        .iter()
        .map(|f| root.join(f))
        .collect();
    let mut dirs = vec![root.join("static"), root.join("src")];
    let crates = root.join("crates");
    for entry in
        std::fs::read_dir(&crates).with_context(|| format!("{}: cannot list", crates.display()))?
    {
        let path = entry
            .with_context(|| format!("{}: cannot list", crates.display()))?
            .path();
        let linked = path
            .file_name()
            .is_some_and(|n| !NOT_IN_APP.iter().any(|x| n == *x));
        if path.is_dir() && linked {
            dirs.push(path);
        }
    }
    while let Some(dir) = dirs.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("{}: cannot list", dir.display()))?
        {
            let path = entry
                .with_context(|| format!("{}: cannot list", dir.display()))?
                .path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut hasher = Sha256::new();
    for version in versions {
        hasher.update(version);
    }
    for file in files {
        let bytes =
            std::fs::read(&file).with_context(|| format!("{}: cannot read", file.display()))?;
        hasher.update(
            file.strip_prefix(root)
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
    // stay just as useful in a report, cost the bundle about 5 KB less, and the wasm does not
    // depend on where cargo keeps its registry.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_lines_are_dropped_and_code_kept() {
        let js = "// a comment\n\"use strict\";\n  // indented\nconst a = \"//x\"; // tail\n\n";
        assert_eq!(
            strip_comment_lines(js),
            "\"use strict\";\nconst a = \"//x\"; // tail\n"
        );
    }

    /// A workspace-shaped folder with one file in each place the fingerprint looks.
    fn tree(name: &str) -> PathBuf {
        let root = std::env::temp_dir().join(format!("xtask-fp-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (file, text) in [
            ("Cargo.toml", "[workspace]"),
            ("Cargo.lock", "lock"),
            ("Trunk.toml", "trunk"),
            ("index.html", "<html>"),
            ("static/style.css", "body {}"),
            ("src/lib.rs", "// app"),
            ("crates/model/src/lib.rs", "// model"),
            ("crates/synth/src/lib.rs", "// synth"),
            ("crates/build/src/lib.rs", "// build"),
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        root
    }

    #[test]
    fn fingerprint_follows_what_the_app_is_built_from() {
        let root = tree("follows");
        let fp = || fingerprint(&root, &["1", "2"]).unwrap();
        let first = fp();
        assert_eq!(first.len(), 16);
        assert_eq!(fp(), first, "stable");
        // Crates the app does not link change nothing.
        std::fs::write(root.join("crates/synth/src/lib.rs"), "// edited").unwrap();
        std::fs::write(root.join("crates/build/src/new.rs"), "// new").unwrap();
        assert_eq!(fp(), first);
        // Anything the app is built from does, and so do the tool versions.
        assert_ne!(fingerprint(&root, &["1", "3"]).unwrap(), first);
        std::fs::write(root.join("crates/model/src/lib.rs"), "// edited").unwrap();
        let edited = fp();
        assert_ne!(edited, first);
        std::fs::rename(root.join("src/lib.rs"), root.join("src/app.rs")).unwrap();
        assert_ne!(fp(), edited, "a renamed file changes it too");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn fingerprint_names_a_missing_file() {
        let root = tree("missing");
        std::fs::remove_file(root.join("Trunk.toml")).unwrap();
        let err = fingerprint(&root, &[]).unwrap_err();
        assert!(
            format!("{err:#}").contains("Trunk.toml: cannot read"),
            "{err:#}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
