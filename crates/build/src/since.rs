//! A previous build read back, for `--since DIR`: its dataset and that dataset's hash.
//!
//! Every build writes [`BUILD_FILE`], a few deterministic lines naming its dataset hash and
//! start file, so the previous dataset needs nothing else from the build: an unsharded build's
//! start file holds the whole dataset; a sharded build's shards together hold every document,
//! asset, event and trial (they overlap; each id is kept once, from the shard that carries it
//! whole). Builds older than [`BUILD_FILE`] are read from their one `atlas-data-*.bin`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use atlas_model::shard::shard_file;
use atlas_model::{Bundle, Dataset, Family};
use serde::{Deserialize, Serialize};

use crate::Error;

/// The file every build writes beside `index.html`: [`BuildInfo`] as JSON.
pub const BUILD_FILE: &str = "pipeline-atlas-build.json";

/// The schema tag of [`BUILD_FILE`].
pub const BUILD_SCHEMA: &str = "pipeline-atlas-build/1";

/// What a build says about itself in [`BUILD_FILE`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildInfo {
    /// Always [`BUILD_SCHEMA`].
    pub schema: String,
    /// [`Dataset::sha256`] of the dataset built.
    pub dataset: String,
    /// The start file, `atlas-data-<hash>.bin`.
    pub data: String,
    /// The change list, when built with `--since`.
    pub changes: Option<String>,
}

/// A previous build's dataset and its hash (as that build printed it).
#[derive(Clone, Debug, PartialEq)]
pub struct Previous {
    pub dataset: Dataset,
    pub hash: String,
}

/// Read the build in `dir` back.
pub fn read_previous(dir: &Path) -> Result<Previous, Error> {
    let info_path = dir.join(BUILD_FILE);
    let (data_file, hash) = if info_path.is_file() {
        let bytes = read(&info_path)?;
        let info: BuildInfo = serde_json::from_slice(&bytes).map_err(|e| Error::NotABuild {
            dir: dir.to_owned(),
            reason: format!("{BUILD_FILE}: {e}"),
        })?;
        (info.data, Some(info.dataset))
    } else {
        (only_data_file(dir)?, None)
    };
    let start = decode(&dir.join(&data_file))?;
    let dataset = match &start.shards {
        None => start.dataset,
        Some(table) => {
            // Asset, trial and timeline shards carry facts whole; document shards carry the
            // documents whole but only their own evidence of each fact, so they come last
            // and add only facts no other shard has (an event naming no asset, older than
            // the timeline's newest, keeps the evidence of its first document shard).
            let mut merged = Merged::default();
            let families = [
                (Family::Asset, &table.assets),
                (Family::Trial, &table.trials),
                (Family::Timeline, &vec![table.timeline]),
                (Family::Document, &table.documents),
            ];
            for (family, hashes) in families {
                for &h in hashes {
                    let part = decode(&dir.join(shard_file(family, h)))?.dataset;
                    merged.absorb(part, family == Family::Document);
                }
            }
            merged.dataset
        }
    };
    let hash = hash.unwrap_or_else(|| dataset.sha256());
    Ok(Previous { dataset, hash })
}

/// The one `atlas-data-*.bin` of a build without [`BUILD_FILE`].
fn only_data_file(dir: &Path) -> Result<String, Error> {
    let entries = std::fs::read_dir(dir).map_err(|error| Error::Read {
        path: dir.to_owned(),
        error,
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("atlas-data-") && n.ends_with(".bin"))
        .collect();
    names.sort();
    match names.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::NotABuild {
            dir: dir.to_owned(),
            reason: format!("no {BUILD_FILE} and no atlas-data-*.bin"),
        }),
        _ => Err(Error::NotABuild {
            dir: dir.to_owned(),
            reason: format!("no {BUILD_FILE} and more than one atlas-data-*.bin"),
        }),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|error| Error::Read {
        path: path.to_owned(),
        error,
    })
}

/// A start file or a shard (stored gzipped, or plain from a build before that).
fn decode(path: &Path) -> Result<Bundle, Error> {
    crate::stored::decode(&read(path)?).map_err(|error| Error::Decode {
        path: PathBuf::from(path),
        error,
    })
}

/// Shards folded into one dataset in linear time (one set of ids per family).
#[derive(Default)]
struct Merged {
    dataset: Dataset,
    seen: [HashSet<String>; 4],
}

impl Merged {
    /// Add the facts of `part` not seen yet, and its documents when `documents` (only
    /// document shards carry them whole).
    fn absorb(&mut self, part: Dataset, documents: bool) {
        fn add<T>(into: &mut Vec<T>, seen: &mut HashSet<String>, from: Vec<T>, id: fn(&T) -> &str) {
            for x in from {
                if seen.insert(id(&x).to_owned()) {
                    into.push(x);
                }
            }
        }
        let [docs, assets, events, trials] = &mut self.seen;
        let ds = &mut self.dataset;
        ds.schema = part.schema;
        if documents {
            add(&mut ds.documents, docs, part.documents, |d| &d.id);
        }
        add(&mut ds.assets, assets, part.assets, |a| &a.id);
        add(&mut ds.events, events, part.events, |e| &e.id);
        add(&mut ds.trials, trials, part.trials, |t| &t.id);
    }
}
