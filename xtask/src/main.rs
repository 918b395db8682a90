//! `cargo xtask`: the project's build tooling, in Rust so it runs wherever cargo does.
//!
//! The README gives two commands, `cargo xtask serve` and `cargo xtask test`; both install
//! whatever pinned tool is missing first (see `tools`), so a fresh clone needs nothing else.
//! Subcommands:
//! - `dist [--corpus DIR] [--title TEXT] [--single-file] [--out DIR] [--shards MODE]`: extract
//!   the corpus, build the bundle (sharded when large)
//! - `serve [--port N] [--corpus DIR]`: `dist`, then serve `dist/` on 127.0.0.1
//! - `test`: fmt, clippy, native tests, wasm tests, end-to-end tests in headless Chromium
//! - `bench [--module | --browser [--sizes N,N…] [--seed S]]`: search benchmarks (`bench.rs`)
//! - `bench --app [--sizes N,N…]`: the atlas at scale in Chromium (`appbench.rs`)
//! - `bench --formats [--corpus DIR]`: shard and index encodings compared (`formats.rs`)
//! - `synth N [--seed S] --out DIR`: write a synthetic corpus (documents, manifest, ground truth, queries)

mod appbench;
mod bench;
mod dist;
mod formats;
mod serve;
mod synth;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const USAGE: &str = "usage: cargo xtask <command>

commands:
  serve [--port N] [--corpus DIR] [--title TEXT]   build the atlas and serve it on 127.0.0.1 (default port 8080)
  dist [--corpus DIR] [--title TEXT] [--single-file] build the static site into dist/
       [--out DIR] [--shards auto|always|never]      (a large corpus is sharded automatically)
  test                                             run every test (fmt, clippy, native, wasm, end-to-end)
  bench [SIZES…]                                   search benchmarks, natively and in wasm (Node)
  bench --module                                   build the JS-callable search module into target/search-module/
  bench --browser [--sizes N,N…] [--seed S]        the module vs MiniSearch in headless Chromium (default sizes
                                                   1000,10000,100000; a full run writes bench/RESULTS.md)
  bench --app [--sizes N,N…]                       the atlas on synthetic corpora in headless Chromium: build,
                                                   start-up, transfer, keystrokes, asset pages, memory (bench/APP.md)
  bench --formats [--corpus DIR]                   shard and index encodings compared on a corpus
  synth N [--seed S] --out DIR [--no-docs]         write a synthetic corpus of N assets (1000, 10k, 100k)
                                                   with manifest.toml, assets.json and queries.json";

fn main() {
    if let Err(err) = run() {
        eprintln!("xtask: error: {err:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(cmd) = args.next() else {
        println!("{USAGE}");
        return Ok(());
    };
    let rest: Vec<String> = args.collect();
    match cmd.as_str() {
        "dist" => {
            let opts = dist::Options::parse(&rest)?;
            dist::dist(&opts).map(|_| ())
        }
        "serve" => serve::serve(&rest),
        "test" => test::test(&rest),
        "bench" if rest.iter().any(|a| a == "--formats") => formats::formats(&rest),
        "bench" if rest.iter().any(|a| a == "--app") => appbench::app_bench(&rest),
        "bench" => bench::bench(&rest),
        "synth" => synth::synth(&rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

/// The workspace root (the parent of xtask/).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// The cargo that runs us, so nested builds use the same toolchain.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

/// Run a command, failing with its command line when it does not succeed.
pub fn run_cmd(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed with {status}");
    }
    Ok(())
}

/// Print a step heading so long runs say what they are doing.
pub fn step(msg: &str) {
    eprintln!("\x1b[1m==> {msg}\x1b[0m");
}
