//! Where assembled files go: a directory (the build) or memory (tests).
//!
//! Shards are written from every core as soon as each is encoded, so an [`Output`] takes
//! `&self` and must be `Sync`; the memory output sorts by name, so two outputs compare with
//! `==` whatever order the files arrived in.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A flat set of named files being written.
pub trait Output: Sync {
    /// Write `bytes` as the file `name` (a plain file name, no directories).
    fn write(&self, name: &str, bytes: &[u8]) -> io::Result<()>;
}

/// Files written into an existing directory.
#[derive(Debug, Clone)]
pub struct DirOutput {
    dir: PathBuf,
}

impl DirOutput {
    /// Write into `dir`, which must exist.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        DirOutput { dir: dir.into() }
    }

    /// The directory written into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Output for DirOutput {
    fn write(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.dir.join(name), bytes)
    }
}

/// Files kept in memory, by name.
#[derive(Debug, Default)]
pub struct MemoryOutput {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemoryOutput {
    /// The files written so far, by name.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .expect("no writer panicked while holding the lock")
    }
}

impl Output for MemoryOutput {
    fn write(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .expect("no writer panicked while holding the lock")
            .insert(name.to_owned(), bytes.to_vec());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_output_keeps_files_by_name() {
        let out = MemoryOutput::default();
        out.write("b", b"2").unwrap();
        out.write("a", b"1").unwrap();
        out.write("b", b"3").unwrap();
        let files = out.into_files();
        assert_eq!(
            files.into_iter().collect::<Vec<_>>(),
            [
                ("a".to_owned(), b"1".to_vec()),
                ("b".to_owned(), b"3".to_vec())
            ]
        );
    }

    #[test]
    fn dir_output_writes_into_its_directory() {
        let dir =
            std::env::temp_dir().join(format!("atlas-build-{}-dir-output", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = DirOutput::new(&dir);
        out.write("x.bin", b"abc").unwrap();
        assert_eq!(std::fs::read(dir.join("x.bin")).unwrap(), b"abc");
        assert_eq!(out.dir(), dir);
    }
}
