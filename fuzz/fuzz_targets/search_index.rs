//! `SearchIndex::from_bytes` on arbitrary bytes: a valid index answers queries without
//! panicking; anything else is an error.
#![no_main]

use atlas_search::SearchIndex;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(index) = SearchIndex::from_bytes(data) {
        let _ = index.len();
        for q in ["pd-1", "ibi", "keytruda nsclc"] {
            let _ = index.search(q, 10);
        }
    }
});
