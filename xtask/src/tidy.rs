//! Tidy checks (tests only): facts the project states in more than one file must agree.
//!
//! - The pinned tool versions: wasm-bindgen in `tools.rs`, `Trunk.toml`'s `[tools]`, the
//!   root `Cargo.toml`'s `=` pin and the version `Cargo.lock` resolved (Trunk downloads a
//!   wasm-bindgen from GitHub when the one on PATH differs from the lock file's); Trunk's own
//!   version against `trunk-version`; binaryen's major against `wasm_opt`.
//! - The Content-Security-Policy has one source, `CSP` in `dist/html.rs`: no other file of the
//!   repository spells the policy out.
//! - The pinned Ray of the distributed job: `RAY_VERSION` in `distributed.rs` and the versions
//!   README.md and ARCHITECTURE.md name.

use std::path::{Path, PathBuf};

use crate::dist::html::CSP;
use crate::distributed::RAY_VERSION;
use crate::root;
use crate::tools::{BINARYEN_VERSION, TRUNK_VERSION, WASM_BINDGEN_VERSION};

fn read_toml(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{}: not TOML: {e}", path.display()))
}

fn string_at<'t>(table: &'t toml::Table, keys: &[&str]) -> &'t str {
    let mut value = table
        .get(keys[0])
        .unwrap_or_else(|| panic!("no {}", keys[0]));
    for key in &keys[1..] {
        value = value
            .get(key)
            .unwrap_or_else(|| panic!("no {}", keys.join(".")));
    }
    value
        .as_str()
        .unwrap_or_else(|| panic!("{} is not a string", keys.join(".")))
}

/// The versions of `name` that `Cargo.lock` resolved.
fn locked_versions(name: &str) -> Vec<String> {
    let lock = read_toml(&root().join("Cargo.lock"));
    lock["package"]
        .as_array()
        .expect("Cargo.lock lists packages")
        .iter()
        .filter(|p| p.get("name").and_then(|n| n.as_str()) == Some(name))
        .filter_map(|p| p.get("version").and_then(|v| v.as_str()).map(str::to_owned))
        .collect()
}

#[test]
fn pinned_tool_versions_agree() {
    let trunk = read_toml(&root().join("Trunk.toml"));
    let cargo = read_toml(&root().join("Cargo.toml"));
    assert_eq!(
        string_at(&trunk, &["tools", "wasm_bindgen"]),
        WASM_BINDGEN_VERSION,
        "Trunk.toml [tools] wasm_bindgen against xtask/src/tools.rs"
    );
    assert_eq!(
        string_at(&cargo, &["dependencies", "wasm-bindgen"]),
        format!("={WASM_BINDGEN_VERSION}"),
        "the root Cargo.toml's wasm-bindgen pin against xtask/src/tools.rs"
    );
    assert_eq!(
        locked_versions("wasm-bindgen"),
        [WASM_BINDGEN_VERSION],
        "Cargo.lock's wasm-bindgen against xtask/src/tools.rs"
    );
    let major = BINARYEN_VERSION.split('.').next().expect("a version");
    assert_eq!(
        string_at(&trunk, &["tools", "wasm_opt"]),
        format!("version_{major}"),
        "Trunk.toml [tools] wasm_opt against binaryen in xtask/src/tools.rs"
    );
    let minor = TRUNK_VERSION.rsplit_once('.').expect("major.minor.patch").0;
    assert_eq!(
        string_at(&trunk, &["trunk-version"]),
        format!("^{minor}"),
        "Trunk.toml trunk-version against xtask/src/tools.rs"
    );
}

/// Every file of the repository worth reading: not build output, installed packages or git.
fn repository_files(dir: &Path, out: &mut Vec<PathBuf>) {
    const SKIPPED: &[&str] = &[
        ".git",
        "target",
        "node_modules",
        "screenshots",
        "test-results",
    ];
    // The site builds, at the top only (`xtask/src/dist/` is source).
    const SKIPPED_AT_ROOT: &[&str] = &["dist", "dist-single"];
    let at_root = dir == root();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            let name = name.to_string_lossy();
            let skipped = SKIPPED.contains(&name.as_ref())
                || name.starts_with("target-")
                || (at_root && SKIPPED_AT_ROOT.contains(&name.as_ref()));
            if !skipped {
                repository_files(&path, out);
            }
        } else if kind.is_file() {
            out.push(path);
        }
    }
}

#[test]
fn the_csp_has_one_source() {
    let root = root();
    let source = root.join("xtask/src/dist/html.rs");
    let mut files = Vec::new();
    repository_files(&root, &mut files);
    assert!(
        files.contains(&source),
        "the walk reaches {}",
        source.display()
    );
    // The policy's directives, in order, without the spaces between them: a copy reflowed or
    // re-quoted is still a copy.
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let policy = squeeze(CSP);
    let copies: Vec<String> = files
        .iter()
        .filter(|f| **f != source)
        .filter(|f| {
            std::fs::read(f)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .is_some_and(|text| squeeze(&text).contains(&policy))
        })
        .map(|f| f.strip_prefix(&root).unwrap_or(f).display().to_string())
        .collect();
    assert!(
        copies.is_empty(),
        "the CSP is spelled out outside xtask/src/dist/html.rs: {copies:?}"
    );
}

#[test]
fn the_docs_name_the_pinned_ray() {
    for (file, wanted) in [
        ("README.md", format!("ray=={RAY_VERSION}")),
        ("ARCHITECTURE.md", format!("Ray {RAY_VERSION}")),
    ] {
        let text = std::fs::read_to_string(root().join(file)).expect("readable");
        assert!(text.contains(&wanted), "{file} names no {wanted}");
        for (at, _) in text.match_indices("ray==") {
            let named = &text[at..].split_whitespace().next().unwrap_or_default();
            assert!(
                named.trim_end_matches(|c: char| !c.is_ascii_digit())
                    == format!("ray=={RAY_VERSION}"),
                "{file} names {named}, not ray=={RAY_VERSION}"
            );
        }
    }
}
