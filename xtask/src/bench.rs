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

use crate::{appbench, cargo, dist, formats, root, run_cmd, step, tools};

/// The sizes of a full browser run, the one `bench/RESULTS.md` records.
pub const DEFAULT_SIZES: [usize; 3] = [1_000, 10_000, 100_000];
/// The seed of the synthetic data unless `--seed` says otherwise.
pub const DEFAULT_SEED: u64 = 42;

/// `cargo xtask bench`: a subcommand, or today's flags (`--app`, `--formats`, `--browser`,
/// `--module`, with their options) kept as aliases of the subcommands, or sizes for the
/// engine benches.
#[derive(clap::Args, Clone, Debug, Default, PartialEq, Eq)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub kind: Option<Kind>,
    /// Alias of `bench app`
    #[arg(long, hide = true)]
    pub app: bool,
    /// Alias of `bench formats`
    #[arg(long, hide = true)]
    pub formats: bool,
    /// Alias of `bench browser`
    #[arg(long, hide = true)]
    pub browser: bool,
    /// Alias of `bench module`
    #[arg(long, hide = true)]
    pub module: bool,
    /// With --app or --browser: as their --sizes
    #[arg(long, hide = true, value_delimiter = ',', value_parser = positive)]
    pub sizes: Vec<usize>,
    /// With --browser: as its --seed
    #[arg(long, hide = true)]
    pub seed: Option<u64>,
    /// With --app: as its --reuse
    #[arg(long, hide = true)]
    pub reuse: bool,
    /// With --formats: as its --corpus
    #[arg(long, hide = true)]
    pub corpus: Option<PathBuf>,
    /// Sizes for the engine benches, natively and in wasm (default 1000 10000 100000)
    #[arg(value_name = "SIZES")]
    pub engine_sizes: Vec<usize>,
}

/// The benches.
#[derive(clap::Subcommand, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The atlas on synthetic corpora in headless Chromium: build, start-up, transfer,
    /// keystrokes, asset pages, memory (bench/APP.md)
    App(appbench::Options),
    /// Shard and index encodings compared on a corpus
    Formats(formats::Options),
    /// The search module against MiniSearch in headless Chromium (a full run writes
    /// bench/RESULTS.md)
    Browser(BrowserOptions),
    /// Build the JS-callable search module into target/search-module/
    Module,
}

/// A browser bench run.
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct BrowserOptions {
    /// Numbers of synthetic assets, each benched in turn
    #[arg(long, value_name = "N,N…", value_delimiter = ',', value_parser = positive, default_values_t = DEFAULT_SIZES)]
    pub sizes: Vec<usize>,
    /// Seed of `cargo xtask synth`
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED)]
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

/// What `cargo xtask bench` was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The native and wasm benches of atlas-search at these sizes (none: their defaults).
    Engine(Vec<usize>),
    Bench(Kind),
}

impl Args {
    /// The bench asked for, from a subcommand or the alias flags; an error for flags that
    /// do not belong to it.
    pub fn resolve(self) -> Result<Mode> {
        if let Some(kind) = self.kind {
            return Ok(Mode::Bench(kind));
        }
        let kind = match (self.app, self.formats, self.browser, self.module) {
            (false, false, false, false) => None,
            (true, false, false, false) => Some(Kind::App(appbench::Options {
                sizes: non_empty(self.sizes.clone(), &appbench::DEFAULT_SIZES),
                reuse: self.reuse,
            })),
            (false, true, false, false) => Some(Kind::Formats(formats::Options {
                corpus: self.corpus.clone().unwrap_or_else(|| root().join("corpus")),
            })),
            // --browser builds the module anyway: both flags mean the browser run.
            (false, false, true, _) => Some(Kind::Browser(BrowserOptions {
                sizes: non_empty(self.sizes.clone(), &DEFAULT_SIZES),
                seed: self.seed.unwrap_or(DEFAULT_SEED),
            })),
            (false, false, false, true) => Some(Kind::Module),
            _ => bail!("bench: --app, --formats and --browser are three benches, one at a time"),
        };
        let allowed: &[&str] = match &kind {
            None => &[],
            Some(Kind::App(_)) => &["--sizes", "--reuse"],
            Some(Kind::Formats(_)) => &["--corpus"],
            Some(Kind::Browser(_)) => &["--sizes", "--seed"],
            Some(Kind::Module) => &[],
        };
        for (flag, given) in [
            ("--sizes", !self.sizes.is_empty()),
            ("--seed", self.seed.is_some()),
            ("--reuse", self.reuse),
            ("--corpus", self.corpus.is_some()),
            ("SIZES", kind.is_some() && !self.engine_sizes.is_empty()),
        ] {
            if given && !allowed.contains(&flag) {
                bail!(
                    "bench: {flag} does not go with {} (see cargo xtask bench --help)",
                    match &kind {
                        None => "the engine benches (bench [SIZES…])",
                        Some(Kind::App(_)) => "--app, which takes --sizes N,N… and --reuse",
                        Some(Kind::Formats(_)) => "--formats, which takes --corpus DIR",
                        Some(Kind::Browser(_)) =>
                            "--browser, which takes --sizes N,N… and --seed S",
                        Some(Kind::Module) => "--module, which takes nothing",
                    }
                );
            }
        }
        Ok(match kind {
            Some(kind) => Mode::Bench(kind),
            None => Mode::Engine(self.engine_sizes),
        })
    }
}

/// Run the bench `mode` names.
pub fn run(mode: Mode) -> Result<()> {
    match mode {
        Mode::Engine(sizes) => engine_benches(&sizes),
        Mode::Bench(Kind::App(opts)) => appbench::app_bench(&opts),
        Mode::Bench(Kind::Formats(opts)) => formats::formats(&opts),
        Mode::Bench(Kind::Browser(opts)) => browser(&opts),
        Mode::Bench(Kind::Module) => build_module().map(|_| ()),
    }
}

fn non_empty(sizes: Vec<usize>, default: &[usize]) -> Vec<usize> {
    if sizes.is_empty() {
        default.to_vec()
    } else {
        sizes
    }
}

/// A `--sizes` item: a whole number above zero.
pub fn positive(s: &str) -> Result<usize, String> {
    s.trim()
        .parse::<usize>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?} is not a positive number"))
}

/// Search benchmarks at 1k/10k/100k synthetic assets, natively and in wasm (Node's V8);
/// method and last figures in `crates/search/BENCH.md`. Extra arguments (sizes) go to both.
fn engine_benches(sizes: &[usize]) -> Result<()> {
    let args: Vec<String> = sizes.iter().map(usize::to_string).collect();
    step("search benchmarks (native, release)");
    run_cmd(
        cargo()
            .args([
                "run",
                "--release",
                "-p",
                "atlas-search-module",
                "--example",
                "bench",
                "--",
            ])
            .args(&args)
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
                "atlas-search-module",
                "--example",
                "wasm_bench",
            ])
            .args(["--target", "wasm32-unknown-unknown"])
            .current_dir(root()),
    )?;
    run_cmd(
        Command::new("node")
            .arg(root().join("crates/search-module/examples/wasm_bench.mjs"))
            .arg(dist::target_dir())
            .args(&args)
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
        "the browser bench packages (npm ci in bench/: minisearch)",
    )?;
    // The server and the browser launcher are the end-to-end suite's (e2e/lib/).
    tools::ensure_e2e_packages(&root.join("e2e"))?;
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
    use crate::tests::parse;
    use crate::Cmd;

    fn parse_bench(line: &str) -> Result<Mode> {
        match parse(&format!("bench {line}")) {
            Ok(Cmd::Bench(args)) => args.resolve(),
            Ok(other) => panic!("{line}: {other:?}"),
            Err(e) => Err(e.into()),
        }
    }

    fn check(line: &str, expected: Mode) {
        let mode = parse_bench(line).unwrap_or_else(|err| panic!("{line}: {err:#}"));
        assert_eq!(mode, expected, "{line}");
    }

    fn browser(sizes: &[usize], seed: u64) -> Mode {
        Mode::Bench(Kind::Browser(BrowserOptions {
            sizes: sizes.to_vec(),
            seed,
        }))
    }

    fn app(sizes: &[usize], reuse: bool) -> Mode {
        Mode::Bench(Kind::App(appbench::Options {
            sizes: sizes.to_vec(),
            reuse,
        }))
    }

    fn formats(corpus: PathBuf) -> Mode {
        Mode::Bench(Kind::Formats(formats::Options { corpus }))
    }

    #[test]
    fn parses_each_mode_as_a_subcommand_and_as_a_flag() {
        check("", Mode::Engine(vec![]));
        check("1000 5000", Mode::Engine(vec![1000, 5000]));
        check("module", Mode::Bench(Kind::Module));
        check("--module", Mode::Bench(Kind::Module));
        check("browser", browser(&DEFAULT_SIZES, DEFAULT_SEED));
        check("--browser", browser(&DEFAULT_SIZES, DEFAULT_SEED));
        check("browser --sizes 1000", browser(&[1000], DEFAULT_SEED));
        check("--browser --sizes 1000", browser(&[1000], DEFAULT_SEED));
        check("--sizes 10,20 --browser --seed 7", browser(&[10, 20], 7));
        check("browser --sizes 10,20 --seed 7", browser(&[10, 20], 7));
        // --browser builds the module anyway: both flags mean the browser run.
        check("--module --browser", browser(&DEFAULT_SIZES, DEFAULT_SEED));
        check("app", app(&appbench::DEFAULT_SIZES, false));
        check("--app", app(&appbench::DEFAULT_SIZES, false));
        check("--app --sizes 10000 --reuse", app(&[10_000], true));
        check("app --sizes 10,20 --reuse", app(&[10, 20], true));
        check("formats", formats(root().join("corpus")));
        check("--formats", formats(root().join("corpus")));
        check("--formats --corpus c", formats("c".into()));
        check("formats --corpus c", formats("c".into()));
    }

    #[test]
    fn rejects_bad_arguments() {
        for line in [
            "--module --sizes 1000",
            "--browser --sizes",
            "--browser --sizes 0",
            "--browser --sizes 1k",
            "--browser --seed x",
            "--browser 1000",
            "--browser --reuse",
            "--app --seed 3",
            "--app --formats",
            "--formats --sizes 10",
            "--sizes 10",
            "1k",
            "app 1000",
            "module --sizes 10",
            "app --corpus c",
        ] {
            assert!(parse_bench(line).is_err(), "{line}");
        }
    }
}
