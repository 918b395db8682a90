//! Writing a sharded atlas: every shard built, encoded, gzipped ([`crate::stored`]), hashed
//! and written as soon as it is ready, on every core, then the start bundle that names them.
//!
//! Shards are built in parallel but named by their content and collected back in index order
//! (rayon's indexed `collect` keeps it), so the shard table — and with it the start file — is
//! the same whatever the number of threads or the order they finish in.

use atlas_model::shard::{content_hash, shard_file, ShardPlan};
use atlas_model::{Bundle, Dataset, Family, ShardTable};
use rayon::prelude::*;

use crate::{stored, Error, Output, PER_SHARD};

/// How many shard files of each family a sharded atlas has (and one timeline shard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardCounts {
    pub assets: usize,
    pub documents: usize,
    pub trials: usize,
}

/// Write every shard of `bundle` to `out`; returns the start bundle that names them and the
/// counts. `bundle.search_index` must already hold the index: the start bundle carries it.
pub fn write_shards(bundle: &Bundle, out: &dyn Output) -> Result<(Bundle, ShardCounts), Error> {
    let plan = ShardPlan::new(&bundle.dataset, &bundle.texts, PER_SHARD);
    let write_family = |family: Family| -> Result<Vec<u64>, Error> {
        (0..plan.len(family))
            .into_par_iter()
            .map(|i| {
                let bytes = stored::compress(&plan.build(family, i, &bundle.title).encode());
                let hash = content_hash(&bytes);
                let name = shard_file(family, hash);
                out.write(&name, &bytes)
                    .map_err(|error| Error::Write { name, error })?;
                Ok(hash)
            })
            .collect()
    };
    let table = ShardTable {
        assets: write_family(Family::Asset)?,
        documents: write_family(Family::Document)?,
        trials: write_family(Family::Trial)?,
        timeline: write_family(Family::Timeline)?[0],
        n_events: bundle.dataset.events.len() as u32,
        n_documents: bundle.dataset.documents.len() as u32,
    };
    let counts = ShardCounts {
        assets: table.assets.len(),
        documents: table.documents.len(),
        trials: table.trials.len(),
    };
    let head = Bundle {
        title: bundle.title.clone(),
        dataset: Dataset::empty(),
        texts: Vec::new(),
        search_index: bundle.search_index.clone(),
        shards: Some(table),
    };
    Ok((head, counts))
}
