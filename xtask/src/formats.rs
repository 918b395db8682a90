//! `cargo xtask bench formats [--corpus DIR]` (or `bench --formats …`): the encodings the shards and the start file
//! could use, measured on a real extraction, so the choice in ARCHITECTURE.md rests on numbers.
//!
//! Shards: postcard (what ships, stored gzipped; quotes restored from the document texts a
//! document shard carries) against JSON, the obvious alternative a browser decodes natively. The start file's
//! search index: the index's own format (front-coded dictionary and gap-coded postings behind
//! postcard) against shipping only the search documents as postcard and building the index in
//! the browser at start. Decoding is timed natively (release build); the wasm figures of the
//! chosen formats are in the app bench.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use atlas_build::PER_SHARD;
use atlas_model::shard::ShardPlan;
use atlas_model::{Bundle, Family};

use crate::dist::gzip_len;

/// One format's totals over a set of encoded items.
#[derive(Default)]
struct Tally {
    raw: usize,
    gzip: usize,
    decode_ms: f64,
}

impl Tally {
    fn row(&self, what: &str, format: &str, n: usize) -> String {
        format!(
            "| {what} | {format} | {n} | {} | {} | {:.1} |",
            self.raw, self.gzip, self.decode_ms
        )
    }
}

/// `cargo xtask bench formats` flags.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The folder of documents to extract and encode
    #[arg(long, value_name = "DIR", default_value_os_t = crate::root().join("corpus"))]
    pub corpus: PathBuf,
}

pub fn formats(opts: &Options) -> Result<()> {
    let corpus = &opts.corpus;
    crate::step(&format!("formats: extracting {}", corpus.display()));
    let extraction = atlas_extract::build_corpus(corpus, true)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("{}: cannot build", corpus.display()))?;
    let bundle = Bundle::new(extraction.dataset, extraction.texts);
    let plan = ShardPlan::new(&bundle.dataset, &bundle.texts, PER_SHARD);
    println!(
        "corpus {}: {} assets, {} documents; shards of about {PER_SHARD}\n",
        corpus.display(),
        bundle.dataset.assets.len(),
        bundle.dataset.documents.len()
    );
    println!(
        "| what | format | items | raw bytes | gzip -9 bytes | decode ms (native, all items) |"
    );
    println!("|---|---|---:|---:|---:|---:|");
    for family in [Family::Asset, Family::Document, Family::Trial] {
        let (mut post, mut stored, mut json) =
            (Tally::default(), Tally::default(), Tally::default());
        let n = plan.len(family);
        for i in 0..n {
            let shard = plan.build(family, i, "");
            let bytes = shard.encode();
            let started = Instant::now();
            let decoded = Bundle::decode(&bytes).context("a shard decodes")?;
            post.decode_ms += started.elapsed().as_secs_f64() * 1e3;
            post.raw += bytes.len();
            post.gzip += gzip_len(&bytes);
            // What ships: the same bytes stored gzipped, decompressed before decoding.
            let file = atlas_build::stored::compress(&bytes);
            let started = Instant::now();
            let unpacked = atlas_build::stored::decode(&file).context("a stored shard decodes")?;
            stored.decode_ms += started.elapsed().as_secs_f64() * 1e3;
            stored.raw += file.len();
            stored.gzip += gzip_len(&file);
            anyhow::ensure!(
                unpacked == decoded,
                "a stored shard decodes to the same shard"
            );
            let text = serde_json::to_vec(&shard)?;
            let started = Instant::now();
            let back: Bundle = serde_json::from_slice(&text)?;
            json.decode_ms += started.elapsed().as_secs_f64() * 1e3;
            json.raw += text.len();
            json.gzip += gzip_len(&text);
            anyhow::ensure!(decoded == back, "both formats decode to the same shard");
        }
        let what = format!("{family:?} shards");
        println!("{}", post.row(&what, "postcard", n));
        println!(
            "{}",
            stored.row(
                &what,
                "postcard stored gzipped (shipped; decode includes inflate)",
                n
            )
        );
        println!("{}", json.row(&what, "JSON", n));
    }
    let docs = atlas_search::docs_from_dataset(&bundle.dataset);
    let index = atlas_search::SearchIndex::build(docs.clone());
    let bytes = index.to_bytes();
    let started = Instant::now();
    let loaded = atlas_search::SearchIndex::from_bytes(&bytes)?;
    let load_ms = started.elapsed().as_secs_f64() * 1e3;
    anyhow::ensure!(loaded.len() == index.len(), "the index round-trips");
    let own = Tally {
        raw: bytes.len(),
        gzip: gzip_len(&bytes),
        decode_ms: load_ms,
    };
    let plain = postcard::to_allocvec(&docs)?;
    let started = Instant::now();
    let back: Vec<atlas_search::SearchDoc> = postcard::from_bytes(&plain)?;
    let rebuilt = atlas_search::SearchIndex::build(back);
    let build_ms = started.elapsed().as_secs_f64() * 1e3;
    anyhow::ensure!(
        rebuilt.len() == index.len(),
        "the rebuilt index has every document"
    );
    let docs_only = Tally {
        raw: plain.len(),
        gzip: gzip_len(&plain),
        decode_ms: build_ms,
    };
    println!(
        "{}",
        own.row("search index", "own format, prebuilt (shipped)", docs.len())
    );
    println!(
        "{}",
        docs_only.row(
            "search index",
            "documents only (postcard), index built at start",
            docs.len()
        )
    );
    Ok(())
}
