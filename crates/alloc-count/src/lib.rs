//! A global allocator that forwards to the system allocator and counts, for the tests that
//! bound memory and work by counting rather than timing (decode bounds, linear extraction,
//! pathological documents). One counter set per test binary: a binary that measures keeps
//! to one `#[test]` (or runs its measured cases one at a time) so nothing else allocates
//! meanwhile.
//!
//! # Example
//! ```
//! use atlas_alloc_count::{measure, Counting};
//!
//! #[global_allocator]
//! static ALLOC: Counting = Counting;
//!
//! let (v, usage) = measure(|| vec![0u8; 1 << 16]);
//! assert_eq!(v.len(), 1 << 16);
//! assert!(usage.peak >= 1 << 16 && usage.allocated >= 1 << 16);
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);

/// The counting allocator; install it with `#[global_allocator]` in the test binary.
pub struct Counting;

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

/// What one measured call allocated.
#[derive(Clone, Copy, Debug)]
pub struct Usage {
    /// Peak bytes live above what was live when the call started.
    pub peak: usize,
    /// Bytes allocated in all, freed or not (the work).
    pub allocated: usize,
}

/// Run `f` and count its allocations. Meaningful only with [`Counting`] installed.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    let base = CURRENT.load(Relaxed);
    PEAK.store(base, Relaxed);
    let total = TOTAL.load(Relaxed);
    let out = f();
    let usage = Usage {
        peak: PEAK.load(Relaxed).saturating_sub(base),
        allocated: TOTAL.load(Relaxed).saturating_sub(total),
    };
    (out, usage)
}
