//! The dataset's identity: the SHA-256 of its canonical JSON.
//!
//! Canonical means `serde_json`'s compact form of [`Dataset`] — exactly the bytes of the
//! `pipeline-atlas-dataset-<hash>.json` download a build writes — so `sha256sum` of that file
//! equals the hash `cargo xtask dist` and `atlas-extract` print. Every collection in the
//! dataset is a `Vec` in extraction order (no hash map), so the same documents always give the
//! same bytes. The JSON is streamed into the hasher, never held: at 100,000 assets it would
//! be over a gigabyte.

use sha2::{Digest, Sha256};

use crate::Dataset;

impl Dataset {
    /// The SHA-256 of the dataset's compact JSON, as 64 lowercase hex digits.
    pub fn sha256(&self) -> String {
        let mut hasher = HashWriter(Sha256::new());
        serde_json::to_writer(&mut hasher, self)
            .expect("a dataset has only string map keys, and hashing cannot fail");
        hasher
            .0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// An `io::Write` that feeds a hasher.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_the_sha256_of_the_compact_json() {
        let ds = Dataset::empty();
        let json = serde_json::to_vec(&ds).unwrap();
        let expected: String = Sha256::digest(&json)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(ds.sha256(), expected);
        assert_eq!(ds.sha256().len(), 64);
    }

    #[test]
    fn hash_changes_with_content() {
        let mut ds = Dataset::empty();
        let before = ds.sha256();
        ds.documents.push(crate::Document {
            id: "a".into(),
            title: None,
            kind: None,
            publisher: None,
            published: None,
            source: None,
            unextracted_numbers: Vec::new(),
        });
        assert_ne!(ds.sha256(), before);
    }
}
