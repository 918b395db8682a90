//! `cargo xtask pathological --out DIR [--bytes N]`: write a folder of pathological documents
//! (`atlas_synth::write_pathological`: deep brackets, a megabyte on one line, thousands of
//! results in one paragraph, binary junk, deeply nested HTML) plus `outside-link.txt`, a
//! symbolic link to `/etc/passwd`, for `cargo xtask dist --corpus DIR`. The build must exit 0
//! on it, naming what it skipped; `cargo xtask test` runs it small.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use atlas_synth::{write_pathological, DirSink, PATHOLOGICAL_DOCUMENTS};

use crate::step;

/// The link out of the corpus folder.
pub const OUTSIDE_LINK: &str = "outside-link.txt";

/// `cargo xtask pathological` flags.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// The folder to write (created; files of an earlier run are replaced)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// About how many bytes each document has
    #[arg(long, value_name = "N", default_value_t = 1 << 20)]
    pub bytes: usize,
}

pub fn pathological(args: &Args) -> Result<()> {
    let written = write(&args.out, args.bytes)?;
    println!(
        "wrote {} pathological documents ({:.1} MB) and {OUTSIDE_LINK} to {}",
        PATHOLOGICAL_DOCUMENTS.len(),
        written as f64 / 1e6,
        args.out.display()
    );
    Ok(())
}

/// Write the documents and the link into `dir`; returns the bytes written.
pub fn write(dir: &Path, bytes: usize) -> Result<u64> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let written = write_pathological(bytes, &mut DirSink { dir })
        .with_context(|| format!("{}: cannot write the documents", dir.display()))?;
    let link = dir.join(OUTSIDE_LINK);
    if std::fs::symlink_metadata(&link).is_ok() {
        std::fs::remove_file(&link)
            .with_context(|| format!("{}: cannot remove", link.display()))?;
    }
    std::os::unix::fs::symlink("/etc/passwd", &link)
        .with_context(|| format!("{}: cannot create the link", link.display()))?;
    Ok(written)
}

/// `cargo xtask dist --corpus DIR` on a small pathological folder, in a child process so the
/// exit status is what is checked: it must be 0, and the output must name the skipped link.
pub fn check_build(dir: &Path, out: &Path) -> Result<()> {
    step("pathological documents: cargo xtask dist on a generated folder exits 0");
    write(dir, 200_000)?;
    let me = std::env::current_exe().context("cannot find the running xtask binary")?;
    let output = Command::new(me)
        .arg("dist")
        .arg("--corpus")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .output()
        .context("cannot run xtask dist")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!(
            "xtask dist failed on {} with {}:\n{stderr}",
            dir.display(),
            output.status
        );
    }
    let named = |name: &str| {
        stderr
            .lines()
            .any(|l| l.contains("warning:") && l.contains(name))
    };
    for name in [OUTSIDE_LINK, "binary-junk.txt"] {
        if !named(name) {
            bail!(
                "xtask dist on {} named no warning for {name}:\n{stderr}",
                dir.display()
            );
        }
    }
    Ok(())
}
