//! The overlay parser on arbitrary text: `Ok` or an error naming the file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = atlas_extract::parse_overlay(text, "overlay.toml");
    }
});
