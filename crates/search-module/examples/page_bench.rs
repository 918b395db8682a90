//! What one keystroke asks of the index in the app: `search_page_top` (50 rows, the 12 most
//! frequent values of each facet, the total) for broad queries — one- and two-letter
//! prefixes — and the synthetic query set, at one size.
//!
//! `cargo run --release -p atlas-search-module --example page_bench [-- N]` (default 100000).
//! Prints p50 / p99 / max per query group, natively (wasm is a few times slower).

use std::time::Instant;

use atlas_search::{Filters, SearchIndex};
use atlas_synth::{queries, search_docs, Vocab};

#[path = "shared/size.rs"]
mod size;

fn main() {
    let n = size::assets_arg();
    let docs = search_docs(n, 42);
    let set: Vec<String> = queries(&docs, 7, 100, &Vocab::new())
        .into_iter()
        .map(|q| q.query)
        .collect();
    let index = SearchIndex::build(docs);
    let letters: Vec<String> = ('a'..='z').map(String::from).collect();
    let pairs: Vec<String> = ["ib", "pd", "ad", "ca", "ph", "in", "lu", "mk", "ke", "ro"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    // Every prefix of every query, as typed a character at a time.
    let typed: Vec<String> = set
        .iter()
        .flat_map(|q| (1..=q.len()).filter_map(|i| q.get(..i).map(str::to_owned)))
        .collect();
    let filters = Filters::new();
    for (what, group) in [
        ("one letter", &letters),
        ("two letters", &pairs),
        ("query set", &set),
        ("typed prefixes", &typed),
    ] {
        // The best of three per query: on a shared machine, waiting for a core is not the
        // query's cost.
        let mut times: Vec<f64> = vec![f64::MAX; group.len()];
        for _round in 0..3 {
            for (q, time) in group.iter().zip(&mut times) {
                let started = Instant::now();
                let page = index.search_page_top(q, &filters, 50, 12);
                *time = time.min(started.elapsed().as_secs_f64() * 1e3);
                std::hint::black_box(page);
            }
        }
        if std::env::var_os("SLOWEST").is_some() {
            let mut each: Vec<(f64, &String)> = times.iter().copied().zip(group.iter()).collect();
            each.sort_by(|a, b| b.0.total_cmp(&a.0));
            for (t, q) in each.iter().take(12) {
                let started = Instant::now();
                let hits = index.search_filtered(q, &filters, 50);
                let alone = started.elapsed().as_secs_f64() * 1e3;
                let total = index.search_page_top(q, &filters, 50, 12).total;
                println!(
                    "    {t:.2} ms {q:?} (search alone {alone:.2} ms, {} shown, total {total})",
                    hits.len()
                );
            }
        }
        times.sort_by(f64::total_cmp);
        let at = |p: f64| times[((times.len() - 1) as f64 * p) as usize];
        println!(
            "{what:>15}: n {:>5}  p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
            times.len(),
            at(0.5),
            at(0.99),
            at(1.0)
        );
    }
}
