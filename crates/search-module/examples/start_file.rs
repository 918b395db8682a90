//! What the search index — nearly all of a sharded atlas's start file — is made of, component
//! by component, raw and gzip -9, on synthetic assets.
//!
//! `cargo run --release -p atlas-search-module --example start_file [-- N]` (default 100000).

use std::io::Write;

use atlas_search::SearchIndex;
use atlas_synth::search_docs;

#[path = "shared/size.rs"]
mod size;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len()
}

fn main() {
    let n = size::assets_arg();
    let docs = search_docs(n, 42);
    let index = SearchIndex::build(docs);
    let whole = index.to_bytes();
    println!("| component ({n} assets) | raw bytes | gzip -9 bytes |");
    println!("|---|---:|---:|");
    for (what, bytes) in index.components() {
        println!("| {what} | {} | {} |", bytes.len(), gzip_len(&bytes));
    }
    println!(
        "| **whole index** | {} | {} |",
        whole.len(),
        gzip_len(&whole)
    );
}
