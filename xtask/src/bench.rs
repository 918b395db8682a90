//! `cargo xtask bench`: search benchmarks.
//!
//! - `bench [SIZES…]`: atlas-search natively and as a bare wasm module in Node's V8 (method
//!   and figures in `crates/search/BENCH.md`).
//! - `bench --module`: build `crates/search-module` into `target/search-module/` (wasm-bindgen
//!   `--target web`, then wasm-opt), the JS-callable engine any harness can drive
//!   (`bench/README.md`).
//! - `bench --browser [--sizes 1000,10000,100000] [--seed S]`: build the module, generate the
//!   synthetic assets and queries (`cargo xtask synth`) and run `bench/run.mjs`, which times
//!   the module and MiniSearch side by side in one headless Chromium session and prints the
//!   table. A run at the default sizes also writes it to `bench/RESULTS.md`.
//!
//! The browser bench always checks what does not depend on timing (every query answers, the
//! exact name is first, a loaded index answers like the built one) and fails otherwise, so CI
//! runs it at 1k as a smoke test (`cargo xtask test`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{cargo, dist, root, run_cmd, step, tools};

/// The sizes of a full browser run, the one `bench/RESULTS.md` records.
pub const DEFAULT_SIZES: [usize; 3] = [1_000, 10_000, 100_000];
/// The seed of the synthetic data unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 42;

/// What `cargo xtask bench` was asked to do.
#[derive(Debug, PartialEq, Eq)]
enum Mode {
    /// The native and wasm benches of atlas-search; the arguments go to both.
    Engine(Vec<String>),
    /// Build the JS-callable module only.
    Module,
    /// The module against MiniSearch in Chromium.
    Browser(BrowserOptions),
}

/// A browser bench run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserOptions {
    /// Numbers of synthetic assets, each benched in turn.
    pub sizes: Vec<usize>,
    /// Seed of `cargo xtask synth`.
    pub seed: u64,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions {
            sizes: DEFAULT_SIZES.to_vec(),
            seed: DEFAULT_SEED,
        }
    }
}

pub fn bench(args: &[String]) -> Result<()> {
    match parse(args)? {
        Mode::Engine(rest) => engine_benches(&rest),
        Mode::Module => build_module().map(|_| ()),
        Mode::Browser(opts) => browser(&opts),
    }
}

fn parse(args: &[String]) -> Result<Mode> {
    let module = args.iter().any(|a| a == "--module");
    let browser = args.iter().any(|a| a == "--browser");
    if !module && !browser {
        return Ok(Mode::Engine(args.to_vec()));
    }
    let mut opts = BrowserOptions::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--module" | "--browser" => {}
            "--sizes" if browser => {
                let value = it.next().context("--sizes needs a value, e.g. 1000,10000")?;
                opts.sizes = parse_sizes(value)?;
            }
            "--seed" if browser => {
                let value = it.next().context("--seed needs a number")?;
                opts.seed = value
                    .parse()
                    .with_context(|| format!("--seed {value:?}: not a number"))?;
            }
            other => bail!(
                "bench: unknown argument {other:?} (--module takes none; --browser takes --sizes N,N… and --seed S)"
            ),
        }
    }
    Ok(if browser {
        Mode::Browser(opts)
    } else {
        Mode::Module
    })
}

pub(crate) fn parse_sizes(value: &str) -> Result<Vec<usize>> {
    let sizes = value
        .split(',')
        .map(|s| {
            s.trim()
                .parse::<usize>()
                .ok()
                .filter(|&n| n > 0)
                .with_context(|| format!("--sizes {value:?}: {s:?} is not a positive number"))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(sizes)
}

/// Search benchmarks at 1k/10k/100k synthetic assets, natively and in wasm (Node's V8);
/// method and last figures in `crates/search/BENCH.md`. Extra arguments (sizes) go to both.
fn engine_benches(args: &[String]) -> Result<()> {
    step("search benchmarks (native, release)");
    run_cmd(
        cargo()
            .args([
                "run",
                "--release",
                "-p",
                "atlas-search",
                "--example",
                "bench",
                "--",
            ])
            .args(args)
            .current_dir(root()),
    )?;
    tools::ensure_wasm_target()?;
    step("search benchmarks (wasm32, release, timed in Node)");
    run_cmd(
        cargo()
            .args([
                "build",
                "--release",
                "-p",
                "atlas-search",
                "--example",
                "wasm_bench",
            ])
            .args(["--target", "wasm32-unknown-unknown"])
            .current_dir(root()),
    )?;
    run_cmd(
        Command::new("node")
            .arg(root().join("crates/search/examples/wasm_bench.mjs"))
            .arg(dist::target_dir())
            .args(args)
            .current_dir(root()),
    )
}

/// Builds `atlas-search-module` for the browser into `target/search-module/`
/// (`atlas_search_module.js` and `atlas_search_module_bg.wasm`); returns that directory.
pub fn build_module() -> Result<PathBuf> {
    tools::ensure_wasm_target()?;
    let wasm_bindgen = tools::ensure_wasm_bindgen()?;
    let wasm_opt = tools::ensure_wasm_opt()?;
    step("the search module (cargo build --release --target wasm32-unknown-unknown -p atlas-search-module)");
    run_cmd(
        cargo()
            .args(["build", "--release", "--target", "wasm32-unknown-unknown"])
            .args(["-p", "atlas-search-module"])
            .current_dir(root()),
    )?;
    let target = dist::target_dir();
    let raw = target.join("wasm32-unknown-unknown/release/atlas_search_module.wasm");
    let out_dir = target.join("search-module");
    step("wasm-bindgen --target web, then wasm-opt -O3");
    run_cmd(
        Command::new(&wasm_bindgen)
            .arg(&raw)
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(&out_dir),
    )?;
    // -O3, not the app's -Oz: the module is what gets timed. A few seconds at this size.
    let wasm = out_dir.join("atlas_search_module_bg.wasm");
    run_cmd(
        Command::new(&wasm_opt)
            .arg("-O3")
            .args(["--strip-producers", "--strip-target-features", "-o"])
            .arg(&wasm)
            .arg(&wasm),
    )?;
    let bytes = std::fs::read(&wasm).with_context(|| format!("{}: cannot read", wasm.display()))?;
    eprintln!(
        "  {}: {} bytes, {} after gzip -9",
        wasm.display(),
        bytes.len(),
        dist::gzip_len(&bytes)
    );
    Ok(out_dir)
}

/// The module against MiniSearch in one headless Chromium session: see `bench/README.md`.
pub fn browser(opts: &BrowserOptions) -> Result<()> {
    let root = root();
    let module_dir = build_module()?;
    let chromium = tools::ensure_chromium()?;
    let bench_dir = root.join("bench");
    tools::ensure_npm_packages(
        &bench_dir,
        "the browser bench packages (npm ci in bench/: minisearch, playwright-core; no browser download)",
    )?;
    step("the bench's own measures (node --test bench/test/)");
    run_cmd(
        Command::new("node")
            .args(["--test", "test/"])
            .current_dir(&bench_dir),
    )?;
    let out_dir = dist::target_dir().join("bench");
    let mut data_args = Vec::new();
    for &n in &opts.sizes {
        let dir = synth_data(&out_dir, n, opts.seed)?;
        data_args.push(format!("{n}={}", dir.display()));
    }
    let table = out_dir.join("RESULTS.md");
    step(&format!(
        "browser bench: atlas-search-module vs MiniSearch in headless Chromium at {}",
        opts.sizes
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let mut node = Command::new("node");
    node.arg(bench_dir.join("run.mjs"))
        .arg("--module")
        .arg(&module_dir)
        .arg("--data")
        .arg(data_args.join(","))
        .arg("--seed")
        .arg(opts.seed.to_string())
        .arg("--out")
        .arg(&table)
        .arg("--json")
        .arg(out_dir.join("results.json"))
        .current_dir(&bench_dir)
        .env("CHROMIUM", &chromium);
    run_cmd(&mut node).context("the browser bench failed (see its output above)")?;
    if opts.sizes == DEFAULT_SIZES {
        let committed = bench_dir.join("RESULTS.md");
        std::fs::copy(&table, &committed)
            .with_context(|| format!("{}: cannot write", committed.display()))?;
        eprintln!("wrote {}", committed.display());
    } else {
        eprintln!(
            "wrote {} (bench/RESULTS.md records only full runs at the default sizes)",
            table.display()
        );
    }
    Ok(())
}

/// `target/bench/synth-<n>-s<seed>/` with `assets.json` and `queries.json`, generated by
/// `cargo xtask synth` unless both are already there.
fn synth_data(out_dir: &Path, n: usize, seed: u64) -> Result<PathBuf> {
    let dir = out_dir.join(format!("synth-{n}-s{seed}"));
    if dir.join("assets.json").is_file() && dir.join("queries.json").is_file() {
        return Ok(dir);
    }
    step(&format!(
        "synthetic data: cargo xtask synth {n} --seed {seed} --out {} --no-docs",
        dir.display()
    ));
    // This very binary, so no second cargo build: `synth` is one of our subcommands.
    let me = std::env::current_exe().context("cannot find the running xtask binary")?;
    run_cmd(
        Command::new(me)
            .arg("synth")
            .arg(n.to_string())
            .arg("--seed")
            .arg(seed.to_string())
            .arg("--out")
            .arg(&dir)
            .arg("--no-docs")
            .current_dir(root()),
    )?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(args: &str, expected: Mode) {
        let args: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
        let mode = parse(&args).unwrap_or_else(|err| panic!("{}: {err:#}", args.join(" ")));
        assert_eq!(mode, expected);
    }

    fn browser(sizes: &[usize], seed: u64) -> Mode {
        Mode::Browser(BrowserOptions {
            sizes: sizes.to_vec(),
            seed,
        })
    }

    #[test]
    fn parses_each_mode() {
        check("", Mode::Engine(vec![]));
        check(
            "1000 5000",
            Mode::Engine(vec!["1000".into(), "5000".into()]),
        );
        check("--module", Mode::Module);
        check("--browser", browser(&DEFAULT_SIZES, DEFAULT_SEED));
        check("--browser --sizes 1000", browser(&[1000], DEFAULT_SEED));
        check("--sizes 10,20 --browser --seed 7", browser(&[10, 20], 7));
        // --browser builds the module anyway: both flags mean the browser run.
        check("--module --browser", browser(&DEFAULT_SIZES, DEFAULT_SEED));
    }

    #[test]
    fn rejects_bad_arguments() {
        for args in [
            "--module --sizes 1000",
            "--browser --sizes",
            "--browser --sizes 0",
            "--browser --sizes 1k",
            "--browser --seed x",
            "--browser 1000",
        ] {
            let args: Vec<String> = args.split_whitespace().map(str::to_owned).collect();
            assert!(parse(&args).is_err(), "{}", args.join(" "));
        }
    }
}
