//! The dataset bundle linked into the wasm, decoded once on first use.

use std::sync::OnceLock;

use atlas_model::{Bundle, BundleError};

/// The encoded bundle `cargo xtask dist` produced (see `build.rs`).
static BUNDLE_BYTES: &[u8] = include_bytes!(env!("ATLAS_BUNDLE_PATH"));

static BUNDLE: OnceLock<Result<Bundle, String>> = OnceLock::new();

/// The decoded bundle, or why it could not be read.
pub fn bundle() -> Result<&'static Bundle, &'static str> {
    BUNDLE
        .get_or_init(|| decode(BUNDLE_BYTES).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| e.as_str())
}

/// Decode bundle bytes (separate so tests can feed their own).
pub fn decode(bytes: &[u8]) -> Result<Bundle, BundleError> {
    Bundle::decode(bytes)
}
