//! Long lines stay linear, counted rather than timed: a counting allocator measures the peak
//! memory and the bytes allocated while extracting one hostile document, at two sizes ten
//! times apart. Quadratic work shows as a hundredfold growth; linear work as about tenfold.
//!
//! One `#[test]` only, so nothing else allocates in this binary while it measures.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use atlas_extract::{extract, Manifest, SourceDoc};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(now, Relaxed);
        TOTAL.fetch_add(layout.size(), Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// (peak bytes above the start, total bytes allocated) while extracting `text`.
fn measure(text: String) -> (usize, usize) {
    let doc = SourceDoc {
        id: "long".into(),
        path: "long.txt".into(),
        text,
    };
    let base = CURRENT.load(Relaxed);
    PEAK.store(base, Relaxed);
    let total = TOTAL.load(Relaxed);
    let x = extract(&[doc], &Manifest::default(), None);
    assert!(x.dataset.documents.len() == 1);
    drop(x);
    (PEAK.load(Relaxed) - base, TOTAL.load(Relaxed) - total)
}

#[test]
fn long_lines_cost_linear_memory_and_work() {
    // Brackets: one unclosed "(" per byte once made every byte copy the whole open stack.
    let brackets = |k: usize| format!("IBI363 {} ORR 40%.", "(".repeat(k));
    let (small, _) = measure(brackets(5_000));
    let (large, _) = measure(brackets(50_000));
    assert!(
        large <= small * 15,
        "peak memory grew {small} -> {large} bytes for ten times the brackets"
    );

    // Sentences naming a trial on one line: each once lowercased the rest of the line.
    let sentences = |k: usize| "In the KEYNOTE-189 study, the ORR was 48%. ".repeat(k);
    let (_, small) = measure(sentences(2_000));
    let (_, large) = measure(sentences(20_000));
    assert!(
        large <= small * 15,
        "bytes allocated grew {small} -> {large} for ten times the sentences"
    );
}
