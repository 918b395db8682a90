//! Folder chores of a build: where cargo builds, replacing the output folder, copying files.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use atlas_build::BUILD_FILE as BUILD_MARKER;

use crate::root;

/// Remove `dir` if it exists and create it empty.
pub fn replace_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .with_context(|| format!("{}: cannot remove", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))
}

/// Refuse an `--out` folder a build must not delete: one that holds something other than a
/// previous build. A missing or empty folder, the project's own `dist/`, and a folder with a
/// build's marker file (or, as builds before the marker left, an `index.html` with an
/// `atlas-data-*.bin` beside it) may be replaced.
pub fn check_output_dir(dir: &Path) -> Result<()> {
    if !dir.exists() || dir == root().join("dist") {
        return Ok(());
    }
    if !dir.is_dir() {
        bail!("{}: --out names a file, not a folder", dir.display());
    }
    let names: Vec<String> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list", dir.display()))?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()
        .with_context(|| format!("{}: cannot list", dir.display()))?;
    let has = |name: &str| names.iter().any(|n| n == name);
    let older_build = has("index.html")
        && names
            .iter()
            .any(|n| n.starts_with("atlas-data-") && n.ends_with(".bin"));
    if names.is_empty() || has(BUILD_MARKER) || older_build {
        return Ok(());
    }
    bail!(
        "{}: not empty and not a previous build (no {BUILD_MARKER}); refusing to replace it: pass an empty or new folder to --out",
        dir.display()
    )
}

/// Copy the files (not folders) of `from` into `to`.
pub fn copy_files(from: &Path, to: &Path) -> Result<()> {
    for entry in
        std::fs::read_dir(from).with_context(|| format!("{}: cannot list", from.display()))?
    {
        let path = entry
            .with_context(|| format!("{}: cannot list", from.display()))?
            .path();
        if path.is_file() {
            let name = path.file_name().expect("a listed file has a name");
            std::fs::copy(&path, to.join(name))
                .with_context(|| format!("{}: cannot copy to {}", path.display(), to.display()))?;
        }
    }
    Ok(())
}

/// cargo's target directory (honours `CARGO_TARGET_DIR`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_files_copies_files_not_folders() {
        let tmp = std::env::temp_dir().join(format!("xtask-copy-{}", std::process::id()));
        let (from, to) = (tmp.join("from"), tmp.join("to"));
        replace_dir(&from).unwrap();
        replace_dir(&to).unwrap();
        std::fs::write(from.join("a.txt"), "a").unwrap();
        std::fs::create_dir(from.join("sub")).unwrap();
        copy_files(&from, &to).unwrap();
        let names: Vec<_> = std::fs::read_dir(&to)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.txt"]);
        // replace_dir empties what was there.
        replace_dir(&to).unwrap();
        assert_eq!(std::fs::read_dir(&to).unwrap().count(), 0);
        let err = copy_files(&tmp.join("missing"), &to).unwrap_err();
        assert!(
            format!("{err:#}").contains("missing: cannot list"),
            "{err:#}"
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    fn check_out(files: &[&str], replaceable: bool) {
        let dir = std::env::temp_dir().join(format!("xtask-out-{}", std::process::id()));
        replace_dir(&dir).unwrap();
        for name in files {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        let result = check_output_dir(&dir);
        assert_eq!(result.is_ok(), replaceable, "{files:?}: {result:?}");
        if let Err(e) = result {
            assert!(format!("{e:#}").contains("not a previous build"), "{e:#}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn out_replaces_only_empty_folders_and_previous_builds() {
        // Bug: `--out ~` deleted the home folder.
        check_out(&[], true);
        check_out(&[BUILD_MARKER, "index.html"], true);
        check_out(&["index.html", "atlas-data-0123456789abcdef.bin"], true);
        check_out(&["notes.txt"], false);
        check_out(&["index.html"], false);
        check_out(&["atlas-data-0123456789abcdef.bin", ".bashrc"], false);
        assert!(check_output_dir(&root().join("dist")).is_ok());
        assert!(check_output_dir(Path::new("/definitely/missing/folder")).is_ok());
    }
}
