//! Decoding stays bounded by its input, counted rather than timed: a counting allocator
//! measures the peak memory of `Bundle::decode` on a small crafted bundle whose one-byte quote
//! markers each name a whole document.
//!
//! One `#[test]` only, so nothing else allocates in this binary while it measures.

use atlas_alloc_count::{measure, Counting};

use atlas_model::{Asset, Bundle, BundleError, Dataset, DocText, Document, Evidence, SCHEMA};

#[global_allocator]
static ALLOC: Counting = Counting;

/// A bundle of one `text_len`-byte document and `n_quotes` facts each quoting all of it.
fn expanding_bundle(text_len: usize, n_quotes: usize) -> Vec<u8> {
    let text = "x".repeat(text_len);
    let quote = Evidence {
        doc: "d".into(),
        start: 0,
        end: text_len as u32,
        quote: text.clone(),
    };
    let dataset = Dataset {
        schema: SCHEMA.into(),
        documents: vec![Document {
            id: "d".into(),
            ..Document::default()
        }],
        assets: vec![Asset {
            id: "a".into(),
            evidence: vec![quote; n_quotes],
            ..Asset::default()
        }],
        ..Dataset::default()
    };
    Bundle::new(
        dataset,
        vec![DocText {
            doc: "d".into(),
            text,
        }],
    )
    .encode()
}

#[test]
fn decode_allocates_at_most_64_times_its_input() {
    // Bug: each one-byte marker restored its whole span, so these ~150 KB asked for 80 MB.
    let bytes = expanding_bundle(4_000, 20_000);
    let (decoded, usage) = measure(|| Bundle::decode(&bytes));
    let peak = usage.peak;
    let bound = 64 * bytes.len() + (1 << 20);
    assert!(
        peak <= bound,
        "decoding {} bytes peaked at {peak} bytes (bound {bound})",
        bytes.len()
    );
    assert!(
        matches!(decoded, Err(BundleError::TooLarge { .. })),
        "{decoded:?}"
    );
    drop(decoded);

    // An ordinary bundle (each fact quoting its own sentence once) still decodes.
    let ok = expanding_bundle(200, 50);
    assert!(Bundle::decode(&ok).is_ok());
}
