//! `cargo xtask import FILE [--corpus DIR]`: the changes a curator exported from the browser
//! ("Export changes" on `#/curate`) into a corpus folder — each new document written as
//! `<id>.txt` (refusing to overwrite a different file of that name), its title added to
//! `manifest.toml`, and the changes merged into `overlay.toml` (entries already there are not
//! added twice). The next `cargo xtask dist` then builds what the browser showed.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use atlas_curate::engine::{manifest_entry, merge_overlay, parse_export};

use crate::{root, step};

/// Flags of `cargo xtask import`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The file "Export changes" downloaded (pipeline-atlas-changes.json)
    pub file: PathBuf,
    /// The corpus folder to import into
    #[arg(long, default_value = "corpus")]
    pub corpus: PathBuf,
}

pub fn import(args: &Args) -> Result<()> {
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("{}: cannot read", args.file.display()))?;
    let export = parse_export(&text).with_context(|| format!("{}", args.file.display()))?;
    let corpus = if args.corpus.is_absolute() {
        args.corpus.clone()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| root())
            .join(&args.corpus)
    };
    if !corpus.is_dir() {
        bail!("{}: not a corpus folder", corpus.display());
    }
    let c = &export.curation;
    // Check every document before writing any, so a refusal leaves the corpus as it was.
    let mut to_write = Vec::new();
    for d in &c.documents {
        if d.id.is_empty() || d.id.contains(['/', '\\']) || d.id.starts_with('.') {
            bail!(
                "{}: document id {:?} is not a file name",
                args.file.display(),
                d.id
            );
        }
        let path = corpus.join(format!("{}.txt", d.id));
        match std::fs::read(&path) {
            Ok(existing) if existing == d.text.as_bytes() => {}
            Ok(_) => bail!(
                "{}: a different file of that name is already in the corpus; rename or remove it first",
                path.display()
            ),
            Err(_) => to_write.push((path, d)),
        }
    }
    let overlay_path = corpus.join("overlay.toml");
    let existing = read_or_empty(&overlay_path)?;
    let merged = merge_overlay(&existing, c)
        .map_err(|e| anyhow::anyhow!("{}: {e}", overlay_path.display()))?;
    let manifest_path = corpus.join("manifest.toml");
    let mut manifest = read_or_empty(&manifest_path)?;
    let mut manifest_changed = false;
    for d in &c.documents {
        let key = format!("[\"{}.txt\"]", d.id);
        if let (false, Some(entry)) = (manifest.contains(&key), manifest_entry(d)) {
            if !manifest.is_empty() && !manifest.ends_with('\n') {
                manifest.push('\n');
            }
            manifest.push('\n');
            manifest.push_str(&entry);
            manifest_changed = true;
        }
    }
    for (path, d) in &to_write {
        std::fs::write(path, &d.text)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        step(&format!("wrote {}", path.display()));
    }
    if manifest_changed {
        write(&manifest_path, &manifest)?;
    }
    if merged != existing {
        write(&overlay_path, &merged)?;
    }
    step(&format!(
        "imported {} documents and {} changes from {} into {}; run cargo xtask dist to rebuild",
        c.documents.len(),
        c.changes.len(),
        args.file.display(),
        corpus.display()
    ));
    Ok(())
}

fn read_or_empty(path: &Path) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(e).with_context(|| format!("{}: cannot read", path.display())),
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("{}: cannot write", path.display()))?;
    step(&format!("updated {}", path.display()));
    Ok(())
}
