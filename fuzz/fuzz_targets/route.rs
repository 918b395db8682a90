//! The app's hash router on arbitrary text: `Route::parse` never panics, and what it returns
//! formats to a hash that parses back to the same route.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The router lives in the app crate (Leptos, wasm); its file is plain Rust over atlas-view
// and percent-encoding, so it is compiled here on its own rather than linking the app.
#[path = "../../src/route.rs"]
#[allow(dead_code)]
mod route;

fuzz_target!(|data: &[u8]| {
    if let Ok(hash) = std::str::from_utf8(data) {
        let parsed = route::Route::parse(hash);
        let again = route::Route::parse(&parsed.to_hash());
        assert_eq!(again, parsed, "{hash:?}");
    }
});
