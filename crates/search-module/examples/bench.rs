//! Measures atlas-search on deterministic synthetic assets: build time, index bytes, load
//! time, query p50/p99 over a mixed query set, and search quality.
//!
//! `cargo run --release -p atlas-search-module --example bench [-- SIZES...]` (default 1000 10000
//! 100000). Native only: it reads the clock, which the library never does.

use std::time::Instant;

use atlas_search::SearchIndex;

use atlas_synth::{queries, search_docs, Kind, Query, Vocab};

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000, 100_000]
    } else {
        sizes
    };
    println!(
        "| assets | terms | build ms | index bytes | load ms | list+facets ms | p50 µs | p99 µs | p99 exact | p99 prefix | p99 typo | p99 target | p99 multi | exact@1 | typo hit@10 | multi P@10 |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        run(n);
    }
}

fn run(n: usize) {
    let docs = search_docs(n, 42);
    let queries = queries(&docs, 7, 100, &Vocab::new());

    // Best of five for build and load: the machine is shared with other builds, and waiting
    // for a core is not the index's cost.
    let mut build_ms = f64::MAX;
    let mut index = SearchIndex::build(Vec::new());
    for _ in 0..5 {
        let docs = docs.clone();
        let started = Instant::now();
        index = SearchIndex::build(docs);
        build_ms = build_ms.min(ms(started));
    }
    let bytes = index.to_bytes();
    if std::env::var_os("BENCH_BUILD_ONLY").is_some() {
        println!(
            "| {n} | {} | {build_ms:.1} | {} |",
            index.n_terms(),
            bytes.len()
        );
        return;
    }
    let mut load_ms = f64::MAX;
    for _ in 0..5 {
        let started = Instant::now();
        let loaded = SearchIndex::from_bytes(&bytes).expect("an index just written loads");
        load_ms = load_ms.min(ms(started));
        drop(loaded);
    }

    // What the app does on an empty query: a page of 50 and facet counts over everything.
    let started = Instant::now();
    let page = index.search_page("", &atlas_search::Filters::new(), 50);
    let facets_ms = ms(started);
    assert_eq!(page.total, n);

    // Warm up once, then time every query.
    for q in &queries {
        index.search(&q.query, 10);
    }
    let mut all = Vec::new();
    let mut per_kind: Vec<(Kind, Vec<f64>)> = Kind::ALL.iter().map(|k| (*k, Vec::new())).collect();
    let (mut exact_hits, mut exact_total) = (0, 0);
    let (mut typo_hits, mut typo_total) = (0, 0);
    let (mut multi_good, mut multi_shown) = (0, 0);
    let mut misses: Vec<String> = Vec::new();
    for q in &queries {
        // The median of five runs: the machine is shared, and one descheduling is not the
        // query's cost.
        let mut runs = [0.0; 5];
        let mut hits = Vec::new();
        for run in &mut runs {
            let started = Instant::now();
            hits = index.search(&q.query, 10);
            *run = started.elapsed().as_secs_f64() * 1e6;
        }
        runs.sort_by(f64::total_cmp);
        let micros = runs[2];
        all.push(micros);
        if let Some((_, list)) = per_kind.iter_mut().find(|(k, _)| *k == q.kind) {
            list.push(micros);
        }
        let ids: Vec<&str> = hits
            .iter()
            .filter_map(|h| index.doc(h.doc_idx))
            .map(|d| d.id.as_str())
            .collect();
        match q.kind {
            Kind::Exact => {
                exact_total += 1;
                exact_hits += usize::from(ids.first().is_some_and(|id| expected(q, id)));
            }
            Kind::Typo => {
                typo_total += 1;
                let hit = ids.iter().any(|id| expected(q, id));
                typo_hits += usize::from(hit);
                if !hit && verbose() {
                    misses.push(format!("typo {:?} missed {:?}", q.query, q.expect));
                }
            }
            Kind::Multi => {
                for hit in &hits {
                    let Some(doc) = index.doc(hit.doc_idx) else {
                        continue;
                    };
                    multi_shown += 1;
                    let good = expected(q, &doc.id);
                    multi_good += usize::from(good);
                    if !good && verbose() {
                        misses.push(format!(
                            "multi {:?}: {:?} via {:?} {:?} {:?}",
                            q.query, doc.id, hit.field, hit.kind, hit.matched_text
                        ));
                    }
                }
            }
            Kind::Prefix | Kind::Target => {}
        }
    }
    let p99 = |kind: Kind| {
        per_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, v)| percentile(v, 0.99))
            .unwrap_or(0.0)
    };
    println!(
        "| {n} | {} | {build_ms:.1} | {} | {load_ms:.1} | {facets_ms:.1} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.3} | {:.3} | {:.3} |",
        index.n_terms(),
        bytes.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        p99(Kind::Exact),
        p99(Kind::Prefix),
        p99(Kind::Typo),
        p99(Kind::Target),
        p99(Kind::Multi),
        exact_hits as f64 / exact_total.max(1) as f64,
        typo_hits as f64 / typo_total.max(1) as f64,
        multi_good as f64 / multi_shown.max(1) as f64,
    );
    if verbose() {
        let mut timed: Vec<(f64, &Query)> = all.iter().copied().zip(&queries).collect();
        timed.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (micros, q) in timed.iter().take(8) {
            eprintln!("slow {micros:.0} µs {:?} {:?}", q.kind, q.query);
        }
        for miss in misses.iter().take(30) {
            eprintln!("{miss}");
        }
    }
}

/// A correct engine returns `id` for `q` (`expect` is sorted).
fn expected(q: &Query, id: &str) -> bool {
    q.expect.binary_search_by(|e| e.as_str().cmp(id)).is_ok()
}

/// Wall-clock milliseconds since `started`.
fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1e3
}

/// `BENCH_BUILD_ONLY=1` measures only building; `BENCH_VERBOSE=1` prints the slowest queries and the quality misses after each row.
fn verbose() -> bool {
    std::env::var_os("BENCH_VERBOSE").is_some()
}

fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let Some(last) = v.len().checked_sub(1) else {
        return 0.0;
    };
    v[((last as f64) * p).round() as usize]
}
