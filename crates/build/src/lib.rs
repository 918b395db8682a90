//! `atlas-build`: an extracted dataset in, the data files of a static atlas out.
//!
//! [`assemble`] is the part of `cargo xtask dist` that decides what the browser downloads:
//! it builds the search index, decides whether to shard ([`ShardMode`], [`decide`]), and
//! writes either one bundle with the whole-dataset downloads or a start bundle plus shard
//! files, all through an [`Output`]. It returns an [`Assembly`] naming what it wrote, which
//! `xtask` turns into `<meta>` tags of `index.html` and build messages. The app itself (Trunk,
//! `index.html`, the single-file writer) stays in `xtask`: it runs external tools and knows
//! the app's file layout, while this is plain data in, bytes out — testable in a `cargo test`
//! with a [`MemoryOutput`], and the place where "same inputs, same bytes" is proved
//! (`tests/reproducible.rs`, one thread against all).
//!
//! Given a previous build ([`read_previous`], `--since DIR`), it also writes what changed
//! (`changes-<hash>.json`, `atlas_model::changes`), the app's view of it
//! (`changes-<hash>.bin`, `atlas_view::changes`) and [`FEED_FILE`] ([`feed`]); every build
//! writes [`BUILD_FILE`], which names its dataset hash and start file so a later build can
//! compare with it.
//!
//! A crate of its own rather than a module of `atlas-model` or `atlas-search`: it needs the
//! index builder, the CSV export of `atlas-view`, threads and the file system, none of which
//! belongs in the crates the wasm viewer links. It is native-only and never linked by the app.
//! It does not depend on `atlas-extract` (only its tests do), so the extractor's CLI stays
//! free of it.
//!
//! Reproducible by construction: no clocks in the output, no hash-map iteration into bytes
//! (the dataset holds `Vec`s in extraction order; the shard plan normalises its index lists),
//! parallel work collected in index order, file names derived from content.
//!
//! # Example
//! ```
//! use atlas_build::{assemble, MemoryOutput, Options, ShardMode};
//! use atlas_model::{Bundle, Dataset};
//!
//! let out = MemoryOutput::default();
//! let opts = Options { shards: ShardMode::Always, single_file: false, base_url: None };
//! let assembly = assemble(Bundle::new(Dataset::empty(), Vec::new()), &opts, None, &out).unwrap();
//! assert!(assembly.shards.is_some());
//! assert!(out.into_files().contains_key(&assembly.data_file));
//! ```

pub mod feed;
mod output;
mod shards;
mod since;
pub mod stored;

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use std::path::PathBuf;

use atlas_model::{Bundle, Dataset};
use atlas_view::changes::ChangeView;
use sha2::{Digest, Sha256};

pub use feed::FeedOptions;
pub use output::{DirOutput, MemoryOutput, Output};
pub use shards::ShardCounts;
pub use since::{read_previous, BuildInfo, Previous, BUILD_FILE, BUILD_SCHEMA};

/// Above this estimated data size, [`ShardMode::Auto`] splits the dataset: a bigger start-up
/// file would cost more to download and decode than a search box should wait (8 MB of bundle
/// is about 2 MB gzipped and 60 ms of decoding in wasm on this project's 2-core reference
/// machine).
pub const SHARD_ABOVE_BYTES: usize = 8 * 1024 * 1024;

/// The Atom feed of the changes since the previous build (only built with one).
pub const FEED_FILE: &str = "feed.xml";

/// About how many assets, documents or trials go into one shard file: at about 8 KB per asset
/// (its arm tables and quotes), a shard is a few hundred KB, one fetch and a few milliseconds
/// of decoding, while 100,000 assets still make only a few thousand files.
pub const PER_SHARD: usize = 32;

/// Above this, data does not go into one HTML file: a browser must parse all of it before
/// showing anything.
pub const SINGLE_FILE_MAX_BYTES: usize = 20 * 1024 * 1024;

/// What [`assemble`] builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub shards: ShardMode,
    /// Also return the whole bundle encoded, for the single-file atlas.
    pub single_file: bool,
    /// The site's address, for absolute links in `feed.xml` (`--base-url`); without it the
    /// feed's links are relative to the feed.
    pub base_url: Option<String>,
}

/// Whether the dataset is split into detail shards fetched on demand (`--shards`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ShardMode {
    /// Shard when the estimated data is over [`SHARD_ABOVE_BYTES`].
    #[default]
    Auto,
    Always,
    Never,
}

/// Why a build failed. Each message names the file and includes the underlying error, which
/// is therefore not also exposed as a `source` (it would print twice in a chain).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An output file could not be written.
    #[error("{name}: cannot write: {error}")]
    Write { name: String, error: std::io::Error },
    /// A file of a previous build could not be read.
    #[error("{}: cannot read: {error}", .path.display())]
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A data file of a previous build is not a bundle this build reads.
    #[error("{}: {error}", .path.display())]
    Decode {
        path: PathBuf,
        error: atlas_model::BundleError,
    },
    /// The folder given as a previous build is not one.
    #[error("{}: not a build of cargo xtask dist ({reason})", .dir.display())]
    NotABuild { dir: PathBuf, reason: String },
    /// `--single-file` was asked for a corpus too large for one HTML file.
    #[error("--single-file: this corpus makes about {} MB of data, more than the {} MB one HTML file can sensibly carry (a browser must parse all of it before showing anything); use the hosted build instead, which fetches details on demand", .estimated_bytes / (1024 * 1024), SINGLE_FILE_MAX_BYTES / (1024 * 1024))]
    SingleFileTooLarge { estimated_bytes: usize },
}

/// What [`assemble`] wrote, for `index.html` and the build messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assembly {
    /// [`Dataset::sha256`]: the dataset's identity, printed as `dataset <sha256>`.
    pub dataset_hash: String,
    /// The start file (`atlas-data-<hash>.bin`), named by `<meta name="pipeline-atlas-data">`.
    pub data_file: String,
    /// Bytes of the start file.
    pub data_bytes: usize,
    /// The whole-dataset JSON and CSV downloads (unsharded atlases only).
    pub downloads: Option<Downloads>,
    /// Shard files written, with the reason (sharded atlases only).
    pub shards: Option<Sharded>,
    /// Document text plus a per-fact allowance: what an unsharded bundle would weigh.
    pub estimated_bytes: usize,
    /// Bytes of the prebuilt search index and the time it took.
    pub index_bytes: usize,
    pub index_time: Duration,
    /// The whole bundle, encoded, when [`Options::single_file`] asked for it.
    pub single_file_bundle: Option<Vec<u8>>,
    /// The change list, when built with a previous build to compare with.
    pub changes: Option<ChangesFile>,
}

/// `changes-<hash>.json`: what changed since a previous build; beside it the app's view of it
/// (`changes-<hash>.bin`, an encoded `atlas_view::changes::ChangeView`) and [`FEED_FILE`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangesFile {
    pub name: String,
    /// `changes-<hash>.bin`, named by `<meta name="pipeline-atlas-changes">`.
    pub view: String,
    /// The encoded view, for the single-file atlas to inline.
    pub view_bytes: Vec<u8>,
    /// How many assets changed (entries of the feed).
    pub assets: usize,
    /// How many facts changed.
    pub count: usize,
    /// The previous build's dataset hash.
    pub since: String,
}

/// The whole-dataset downloads of an unsharded atlas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Downloads {
    /// `pipeline-atlas-dataset-<hash>.json`: the dataset's canonical JSON.
    pub json: String,
    /// `pipeline-atlas-results-<hash>.csv`: every result.
    pub csv: String,
}

/// How a sharded atlas was split, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sharded {
    pub counts: ShardCounts,
    /// `--shards always`, or the estimate over the threshold.
    pub reason: String,
}

impl Assembly {
    /// The `<meta name content>` pairs `index.html` needs, in the order they are added.
    pub fn metas(&self) -> Vec<(&'static str, String)> {
        let mut metas = Vec::new();
        if let Some(d) = &self.downloads {
            metas.push((
                "pipeline-atlas-downloads",
                format!("./{} ./{}", d.json, d.csv),
            ));
        }
        metas.push(("pipeline-atlas-data", format!("./{}", self.data_file)));
        if let Some(c) = &self.changes {
            metas.push(("pipeline-atlas-changes", format!("./{}", c.view)));
        }
        metas
    }
}

/// Build the search index of `bundle`, decide whether to shard, and write the data files to
/// `out`: one `atlas-data-<hash>.bin` with the JSON and CSV downloads, or a start file plus
/// `shard-*.bin`; with a `since` build, `changes-<hash>.json` (`atlas_model::changes`); and
/// always [`BUILD_FILE`]. `bundle` is the extraction (title, dataset, texts); its index is
/// built here.
pub fn assemble(
    mut bundle: Bundle,
    opts: &Options,
    since: Option<&Previous>,
    out: &dyn Output,
) -> Result<Assembly, Error> {
    let estimated_bytes = estimated_bytes(&bundle);
    let started = Instant::now();
    let index = atlas_search::SearchIndex::build(atlas_search::docs_from_dataset(&bundle.dataset));
    bundle.search_index = index.to_bytes();
    drop(index);
    let index_time = started.elapsed();
    let single_file_bundle = if opts.single_file {
        if estimated_bytes > SINGLE_FILE_MAX_BYTES {
            return Err(Error::SingleFileTooLarge { estimated_bytes });
        }
        Some(bundle.encode())
    } else {
        None
    };
    let mut assembly = Assembly {
        dataset_hash: bundle.dataset.sha256(),
        data_file: String::new(),
        data_bytes: 0,
        downloads: None,
        shards: None,
        estimated_bytes,
        index_bytes: bundle.search_index.len(),
        index_time,
        single_file_bundle,
        changes: None,
    };
    if let Some(previous) = since {
        let mut changes = atlas_model::changes::diff(&previous.dataset, &bundle.dataset);
        // A sharded build is read back from its shards, in shard order: name it by the hash
        // that build printed, not by the hash of the reassembled list.
        changes.old = previous.hash.clone();
        let json = serde_json::to_vec(&changes).expect("a change list has only string map keys");
        let name = format!("changes-{}.json", short_hash(&json));
        write(out, &name, &json)?;
        let view = ChangeView::build(&changes, &previous.dataset, &bundle.dataset);
        let view_bytes = view.encode();
        let view_name = format!("changes-{}.bin", short_hash(&view_bytes));
        write(out, &view_name, &view_bytes)?;
        let feed = feed::atom(
            &view,
            &FeedOptions {
                title: &bundle.title,
                dataset_hash: &assembly.dataset_hash,
                base_url: opts.base_url.as_deref(),
            },
        );
        write(out, FEED_FILE, feed.as_bytes())?;
        assembly.changes = Some(ChangesFile {
            name,
            view: view_name,
            view_bytes,
            assets: view.groups.len(),
            count: changes.changes.len(),
            since: previous.hash.clone(),
        });
    }
    let start = match decide(opts.shards, estimated_bytes) {
        Decision::One => {
            assembly.downloads = Some(write_downloads(&bundle.dataset, out)?);
            match &assembly.single_file_bundle {
                Some(bytes) => bytes.clone(),
                None => bundle.encode(),
            }
        }
        Decision::Shard { reason } => {
            let (head, counts) = shards::write_shards(&bundle, out)?;
            assembly.shards = Some(Sharded { counts, reason });
            head.encode()
        }
    };
    assembly.data_file = format!("atlas-data-{}.bin", short_hash(&start));
    assembly.data_bytes = start.len();
    write(out, &assembly.data_file, &start)?;
    let info = BuildInfo {
        schema: BUILD_SCHEMA.to_owned(),
        dataset: assembly.dataset_hash.clone(),
        data: assembly.data_file.clone(),
        changes: assembly.changes.as_ref().map(|c| c.name.clone()),
    };
    let info = serde_json::to_vec_pretty(&info).expect("build info has only string keys");
    write(out, BUILD_FILE, &info)?;
    Ok(assembly)
}

/// Whether to shard, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// One data file.
    One,
    /// A start file and shards.
    Shard { reason: String },
}

/// Shard when forced, or in [`ShardMode::Auto`] when the estimate is over
/// [`SHARD_ABOVE_BYTES`].
pub fn decide(mode: ShardMode, estimated_bytes: usize) -> Decision {
    match mode {
        ShardMode::Never => Decision::One,
        ShardMode::Auto if estimated_bytes <= SHARD_ABOVE_BYTES => Decision::One,
        ShardMode::Always => Decision::Shard {
            reason: "--shards always".to_owned(),
        },
        ShardMode::Auto => Decision::Shard {
            reason: format!(
                "estimated data {} MB is over the {} MB threshold",
                estimated_bytes / (1024 * 1024),
                SHARD_ABOVE_BYTES / (1024 * 1024)
            ),
        },
    }
}

/// Bytes of document text plus 64 bytes per asset, event, trial and result: about what an
/// unsharded bundle weighs, known before encoding one.
pub fn estimated_bytes(bundle: &Bundle) -> usize {
    let ds = &bundle.dataset;
    let text_bytes: usize = bundle.texts.iter().map(|t| t.text.len()).sum();
    text_bytes + 64 * (ds.n_results() + ds.assets.len() + ds.events.len() + ds.trials.len())
}

/// The first 16 hex digits of the SHA-256 of `bytes`: the content hash in file names.
pub fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The whole dataset as JSON and every result as CSV, written once at build time so the app
/// need not carry a JSON serializer (about 15 KB of gzipped wasm) to build them.
fn write_downloads(ds: &Dataset, out: &dyn Output) -> Result<Downloads, Error> {
    let json = serde_json::to_vec(ds).expect("a dataset has only string map keys");
    let csv = atlas_view::export::dataset_csv(ds);
    let downloads = Downloads {
        json: format!("pipeline-atlas-dataset-{}.json", short_hash(&json)),
        csv: format!("pipeline-atlas-results-{}.csv", short_hash(csv.as_bytes())),
    };
    write(out, &downloads.json, &json)?;
    write(out, &downloads.csv, csv.as_bytes())?;
    Ok(downloads)
}

fn write(out: &dyn Output, name: &str, bytes: &[u8]) -> Result<(), Error> {
    out.write(name, bytes).map_err(|error| Error::Write {
        name: name.to_owned(),
        error,
    })
}

impl FromStr for ShardMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(ShardMode::Auto),
            "always" => Ok(ShardMode::Always),
            "never" => Ok(ShardMode::Never),
            other => Err(format!("expected auto, always or never, not {other:?}")),
        }
    }
}

impl fmt::Display for ShardMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ShardMode::Auto => "auto",
            ShardMode::Always => "always",
            ShardMode::Never => "never",
        })
    }
}

#[cfg(test)]
mod tests;
