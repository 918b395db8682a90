//! How shard files are stored: gzipped, so a 100,000-asset atlas's shards take about a sixth
//! of their encoded size on disk (and on the wire, whether or not the server compresses).
//!
//! The file's name carries the content hash of the stored (gzipped) bytes, so the app checks
//! a fetched file with `atlas_model::shard::is_intact` before it decompresses anything (with
//! the browser's `DecompressionStream`, which costs the wasm nothing); native readers — a
//! previous build read back with `--since`, benches, tests — use [`decode`] here. Gzip output
//! of the same input at the same level is the same bytes (no timestamp, no file name: flate2
//! writes zeros there), so builds stay reproducible.

use std::borrow::Cow;
use std::io::{Read, Write};

use atlas_model::shard::is_gzip;
use atlas_model::{Bundle, BundleError};
use flate2::Compression;

/// The gzip level shards are stored at: level 6 (gzip's default) gives within a few percent
/// of level 9 on encoded bundles at about half its time; level 1 grows the files by a quarter.
pub const LEVEL: u32 = 6;

/// `bytes` (an encoded bundle) as a shard file stores them.
pub fn compress(bytes: &[u8]) -> Vec<u8> {
    let mut enc =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::new(LEVEL));
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

/// The encoded bundle in a stored file: gunzipped when it is gzip, else the bytes as they are
/// (start files, and the shards of builds from before shards were stored compressed).
pub fn decompress(stored: &[u8]) -> std::io::Result<Cow<'_, [u8]>> {
    if !is_gzip(stored) {
        return Ok(Cow::Borrowed(stored));
    }
    let mut out = Vec::with_capacity(stored.len() * 6);
    flate2::read::GzDecoder::new(stored).read_to_end(&mut out)?;
    Ok(Cow::Owned(out))
}

/// Decode a stored file (a shard, gzipped or not, or a start file) into its bundle.
pub fn decode(stored: &[u8]) -> Result<Bundle, BundleError> {
    match decompress(stored) {
        Ok(bytes) => Bundle::decode(&bytes),
        // Not a gzip stream after all: say what the bundle decoder says of the bytes.
        Err(_) => Bundle::decode(stored),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_model::Dataset;

    #[test]
    fn a_stored_shard_round_trips_and_plain_bytes_pass_through() {
        let bundle = Bundle::new(Dataset::empty(), Vec::new());
        let plain = bundle.encode();
        let stored = compress(&plain);
        assert!(is_gzip(&stored) && !is_gzip(&plain));
        assert_eq!(compress(&plain), stored, "the same bytes every time");
        assert_eq!(decompress(&stored).unwrap().as_ref(), plain.as_slice());
        assert!(matches!(decompress(&plain).unwrap(), Cow::Borrowed(_)));
        assert_eq!(decode(&stored).unwrap(), bundle);
        assert_eq!(decode(&plain).unwrap(), bundle);
    }

    #[test]
    fn a_damaged_stored_shard_is_an_error_not_a_panic() {
        let stored = compress(&Bundle::new(Dataset::empty(), Vec::new()).encode());
        let mut cut = stored.clone();
        cut.truncate(stored.len() / 2);
        assert!(decode(&cut).is_err());
        let mut flipped = stored;
        let mid = flipped.len() / 2;
        flipped[mid] ^= 0xff;
        assert!(decode(&flipped).is_err());
    }
}
