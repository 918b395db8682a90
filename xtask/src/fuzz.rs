//! `cargo xtask fuzz [--time SECS] [TARGET…]`: run the cargo-fuzz targets of `fuzz/` (what
//! reads untrusted bytes: documents, bundles and shards, the search index, the manifest and
//! overlay, the router), each for `--time` seconds. Not part of `cargo xtask test`: it needs a
//! nightly toolchain, which it installs through rustup when missing, as it installs the pinned
//! cargo-fuzz into the tool cache (see `tools`). CI runs the proptest properties instead.
//!
//! Each target starts from its committed corpus (`fuzz/corpus/<target>/`, minimised) plus
//! seeds written fresh from the project's own files (`target/fuzz-seeds/<target>/`): the
//! documents of `corpus/` and `e2e/fixtures/hostile/`, the built data files of `dist/`, their
//! search indexes, the manifests, and a list of routes. New inputs libFuzzer finds go into
//! the committed corpus; a crash is written under `fuzz/artifacts/` and stops the run.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{root, run_cmd, step, tools};

/// The fuzz targets, as `fuzz/Cargo.toml` declares them.
pub const TARGETS: &[&str] = &[
    "extract",
    "bundle_decode",
    "search_index",
    "manifest",
    "overlay",
    "route",
];

/// `cargo xtask fuzz` flags.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// Seconds per target
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub time: u64,
    /// Targets to run (all when none is named)
    #[arg(value_name = "TARGET", value_parser = clap::builder::PossibleValuesParser::new(TARGETS))]
    pub targets: Vec<String>,
}

pub fn fuzz(args: &Args) -> Result<()> {
    let root = root();
    // cargo-fuzz from the tool cache, first on PATH, so `cargo fuzz` finds it.
    let path = tools::ensure_fuzz_tools()?;
    let targets: Vec<&str> = if args.targets.is_empty() {
        TARGETS.to_vec()
    } else {
        args.targets.iter().map(String::as_str).collect()
    };
    for target in targets {
        let seeds = write_seeds(&root, target)?;
        let corpus = root.join("fuzz/corpus").join(target);
        std::fs::create_dir_all(&corpus)
            .with_context(|| format!("{}: cannot create", corpus.display()))?;
        step(&format!(
            "fuzzing {target} for {} s (cargo fuzz run, nightly)",
            args.time
        ));
        run_cmd(
            Command::new("rustup")
                .args(["run", tools::FUZZ_TOOLCHAIN, "cargo", "fuzz", "run", target])
                .arg(&corpus)
                .arg(&seeds)
                .arg("--")
                .arg(format!("-max_total_time={}", args.time))
                // A slow input is a finding too: 10 s for one input is a hang.
                .arg("-timeout=10")
                .arg("-rss_limit_mb=2048")
                .arg("-print_final_stats=1")
                .env("PATH", &path)
                .current_dir(&root),
        )
        .with_context(|| {
            format!("fuzz target {target} found a problem (see fuzz/artifacts/{target}/)")
        })?;
    }
    Ok(())
}

/// Write the seeds of `target` from the project's files into a fresh folder; returns it.
fn write_seeds(root: &Path, target: &str) -> Result<PathBuf> {
    let dir = root.join("target/fuzz-seeds").join(target);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .with_context(|| format!("{}: cannot remove", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let mut seeds: Vec<(String, Vec<u8>)> = Vec::new();
    match target {
        "extract" => {
            for folder in ["corpus", "e2e/fixtures/hostile"] {
                seeds.extend(files_of(&root.join(folder), &["txt", "md", "html"])?);
            }
        }
        "bundle_decode" => seeds.extend(data_files(root)?),
        "search_index" => {
            for (name, bytes) in data_files(root)? {
                if let Ok(bundle) = atlas_model::Bundle::decode(&bytes) {
                    if !bundle.search_index.is_empty() {
                        seeds.push((format!("{name}.index"), bundle.search_index));
                    }
                }
            }
        }
        "manifest" => {
            seeds.extend(files_of(&root.join("corpus"), &["toml"])?);
            seeds.extend(files_of(&root.join("examples/my-atlas"), &["toml"])?);
        }
        "overlay" => {
            seeds.extend(files_of(&root.join("corpus"), &["toml"])?);
            seeds.extend(files_of(&root.join("examples/my-atlas"), &["toml"])?);
        }
        _ => {
            for (i, hash) in ROUTES.iter().enumerate() {
                seeds.push((format!("route-{i}"), hash.as_bytes().to_vec()));
            }
        }
    }
    for (name, bytes) in seeds {
        let path = dir.join(name);
        std::fs::write(&path, bytes)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    Ok(dir)
}

/// Routes of every page kind, as the app writes them.
const ROUTES: &[&str] = &[
    "#/",
    "#/?q=pd-1&target=PD-1",
    "#/asset/ibi363",
    "#/doc/001_e4cdf7b7d6e73eb6?hl=12-80",
    "#/compare?arms=NCT05460767/ibi363,NCT0/a%2Cb&sub=pd-l1",
    "#/company/innovent",
    "#/target/pd-1",
    "#/indication/nsclc",
    "#/landscape?by=modality",
    "#/timeline?kind=designation&agency=NMPA&asset=ibi363",
    "#/changes?kind=result",
    "#/embed/?q=ibi",
    "#/embed/asset/lbl-024",
];

/// The data files (`*.bin`) of the built sites under `dist/` and `target/e2e/`.
fn data_files(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for folder in ["dist", "target/e2e/dist-sharded", "target/e2e/dist-changes"] {
        out.extend(files_of(&root.join(folder), &["bin"])?);
    }
    if out.is_empty() {
        bail!("no data files to seed from: run `cargo xtask dist` first");
    }
    Ok(out)
}

/// The files of `dir` (not recursive) with one of `extensions`; nothing when `dir` is missing.
fn files_of(dir: &Path, extensions: &[&str]) -> Result<Vec<(String, Vec<u8>)>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e));
        if wanted && path.is_file() {
            let bytes =
                std::fs::read(&path).with_context(|| format!("{}: cannot read", path.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            out.push((name, bytes));
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_match_the_fuzz_crate() {
        let manifest = std::fs::read_to_string(root().join("fuzz/Cargo.toml")).unwrap();
        let declared: Vec<&str> = manifest
            .lines()
            .filter_map(|l| l.strip_prefix("name = \""))
            .filter_map(|l| l.strip_suffix('"'))
            .filter(|n| *n != "pipeline-atlas-fuzz")
            .collect();
        assert_eq!(declared, TARGETS);
    }

    #[test]
    fn fuzz_flags_parse() {
        let check = |line: &str| match crate::tests::parse(line) {
            Ok(crate::Cmd::Fuzz(args)) => Ok(args),
            Ok(other) => panic!("{line}: {other:?}"),
            Err(e) => Err(e),
        };
        let all = check("fuzz").unwrap();
        assert_eq!((all.time, all.targets.len()), (300, 0));
        let some = check("fuzz --time 60 route extract").unwrap();
        assert_eq!(
            (some.time, some.targets),
            (60, vec!["route".into(), "extract".into()])
        );
        for bad in ["fuzz --time x", "fuzz frobnicate"] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_fuzz_crate_stays_out_of_the_workspace() {
        let workspace = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
        let members = workspace
            .split("members = [")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .unwrap();
        assert!(!members.contains("fuzz"), "{members}");
        let fuzz = std::fs::read_to_string(root().join("fuzz/Cargo.toml")).unwrap();
        assert!(
            fuzz.lines().any(|l| l == "[workspace]"),
            "fuzz/ has its own workspace"
        );
    }
}
