//! `Bundle::decode` of any bytes (a start file or a shard: one format) returns `Ok` or `Err`
//! within bounded allocation: peak memory at most 64 × the input + 1 MiB, counted with a
//! counting allocator. Inputs are arbitrary payloads behind a valid header (so postcard, not
//! the magic check, reads them) and real bundles with bytes flipped, inserted or cut.
//!
//! One `#[test]` only, so nothing else allocates in this binary while it measures.

use atlas_alloc_count::{measure, Counting};

use atlas_model::{
    Arm, ArmResult, Asset, Bundle, Dataset, DocText, Document, Evidence, ShardTable, Trial,
};
use proptest::prelude::*;

#[global_allocator]
static ALLOC: Counting = Counting;

/// A shard-like bundle: one document, an asset and a trial quoting it (quotes stored as
/// markers), and a start-file-like one with a shard table.
fn real_bundles() -> Vec<Vec<u8>> {
    let text = "IBI363 reached an ORR of 43.5% (n=23) in squamous NSCLC.".to_owned();
    let quote = |start: u32, end: u32| Evidence {
        doc: "d".into(),
        start,
        end,
        quote: text[start as usize..end as usize].to_owned(),
    };
    let mut ds = Dataset::empty();
    ds.documents.push(Document {
        id: "d".into(),
        ..Document::default()
    });
    ds.assets.push(Asset {
        id: "ibi363".into(),
        name: "IBI363".into(),
        evidence: vec![quote(0, 6)],
        ..Asset::default()
    });
    ds.trials.push(Trial {
        id: "t".into(),
        arms: vec![Arm {
            id: "t/a".into(),
            label: "a".into(),
            results: vec![ArmResult {
                endpoint: "ORR".into(),
                value: Some(43.5),
                n: Some(23),
                evidence: vec![quote(18, 37)],
                ..ArmResult::default()
            }],
            ..Arm::default()
        }],
        ..Trial::default()
    });
    let shard = Bundle::new(
        ds,
        vec![DocText {
            doc: "d".into(),
            text,
        }],
    );
    let mut start = Bundle::new(Dataset::empty(), Vec::new());
    start.search_index = vec![7; 40];
    start.shards = Some(ShardTable {
        assets: vec![1, 2, 3],
        documents: vec![4, 5],
        trials: vec![6],
        timeline: 8,
        n_events: 3,
        n_documents: 2,
    });
    vec![shard.encode(), start.encode()]
}

/// Bytes to decode: a header then anything, or a real bundle edited.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let header = real_bundles()[0][..6].to_vec();
    let edited = (
        0usize..2,
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        any::<prop::sample::Index>(),
        any::<bool>(),
    )
        .prop_map(|(which, edits, cut, truncate)| {
            let mut bytes = real_bundles()[which].clone();
            for (at, byte) in edits {
                let i = at.index(bytes.len());
                if byte % 3 == 0 {
                    bytes.insert(i, byte);
                } else {
                    bytes[i] = byte;
                }
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len()).max(6));
            }
            bytes
        });
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512).prop_map(move |tail| {
            let mut bytes = header.clone();
            bytes.extend(tail);
            bytes
        }),
        edited,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn decode_of_any_bytes_is_ok_or_err_within_bounded_allocation(bytes in input()) {
        let (decoded, usage) = measure(|| Bundle::decode(&bytes));
        let peak = usage.peak;
        drop(decoded);
        let bound = 64 * bytes.len() + (1 << 20);
        prop_assert!(peak <= bound, "{} bytes peaked at {peak} (bound {bound})", bytes.len());
    }
}
