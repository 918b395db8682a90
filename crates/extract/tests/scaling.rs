//! Long lines stay linear, counted rather than timed: a counting allocator measures the peak
//! memory and the bytes allocated while extracting one hostile document, at two sizes ten
//! times apart. Quadratic work shows as a hundredfold growth; linear work as about tenfold.
//!
//! One `#[test]` only, so nothing else allocates in this binary while it measures.

use atlas_alloc_count::{measure, Counting};
use atlas_extract::{extract, Manifest, SourceDoc};

#[global_allocator]
static ALLOC: Counting = Counting;

/// (peak bytes above the start, total bytes allocated) while extracting `text`.
fn extraction_cost(text: String) -> (usize, usize) {
    let doc = SourceDoc {
        id: "long".into(),
        path: "long.txt".into(),
        text,
    };
    let (documents, usage) = measure(|| {
        extract(&[doc], &Manifest::default(), None)
            .dataset
            .documents
            .len()
    });
    assert!(documents == 1);
    (usage.peak, usage.allocated)
}

#[test]
fn long_lines_cost_linear_memory_and_work() {
    // Brackets: one unclosed "(" per byte once made every byte copy the whole open stack.
    let brackets = |k: usize| format!("IBI363 {} ORR 40%.", "(".repeat(k));
    let (small, _) = extraction_cost(brackets(5_000));
    let (large, _) = extraction_cost(brackets(50_000));
    assert!(
        large <= small * 15,
        "peak memory grew {small} -> {large} bytes for ten times the brackets"
    );

    // Sentences naming a trial on one line: each once lowercased the rest of the line.
    let sentences = |k: usize| "In the KEYNOTE-189 study, the ORR was 48%. ".repeat(k);
    let (_, small) = extraction_cost(sentences(2_000));
    let (_, large) = extraction_cost(sentences(20_000));
    assert!(
        large <= small * 15,
        "bytes allocated grew {small} -> {large} for ten times the sentences"
    );
}
