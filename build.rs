//! Points `include_bytes!` at the dataset bundle the app ships.
//!
//! `cargo xtask dist` extracts the corpus, writes the encoded bundle and passes its path in
//! `ATLAS_BUNDLE`. Plain `cargo build`/`clippy`/`test` without it get an empty bundle (with a
//! warning), so the crate always compiles; the shipped build always goes through xtask.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=ATLAS_BUNDLE");
    let path = match std::env::var_os("ATLAS_BUNDLE") {
        Some(path) => PathBuf::from(path),
        None => {
            let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
            let path = out.join("empty-bundle.bin");
            let bundle = atlas_model::Bundle::new(atlas_model::Dataset::empty(), Vec::new());
            std::fs::write(&path, bundle.encode()).expect("OUT_DIR is writable");
            path
        }
    };
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rustc-env=ATLAS_BUNDLE_PATH={}", path.display());
}
