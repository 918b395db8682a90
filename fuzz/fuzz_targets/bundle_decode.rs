//! `Bundle::decode` (start file and shards share the format) and the app's changes view on
//! arbitrary bytes: `Ok` or `Err`, never a panic, never an allocation past libFuzzer's limit.
#![no_main]

use atlas_model::Bundle;
use atlas_view::changes::ChangeView;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(bundle) = Bundle::decode(data) {
        // What decodes must encode again and round-trip (compared as bytes: a float field may
        // hold NaN, which is not equal to itself).
        let bytes = bundle.encode();
        let again = Bundle::decode(&bytes).expect("a re-encoded bundle decodes");
        assert!(again.encode() == bytes, "the bundle does not round-trip");
    }
    let _ = ChangeView::decode(data);
});
