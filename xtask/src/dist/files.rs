//! Folder chores of a build: where cargo builds, replacing the output folder, copying files.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::root;

/// Remove `dir` if it exists and create it empty.
pub fn replace_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)
            .with_context(|| format!("{}: cannot remove", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))
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
}
