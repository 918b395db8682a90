//! `cargo xtask`: the project's build tooling, in Rust so it runs wherever cargo does.
//!
//! The README gives two commands, `cargo xtask serve` and `cargo xtask test`; both install
//! whatever pinned tool is missing first (see `tools`), so a fresh clone needs nothing else.
//! Every flag is declared once, with `clap`'s derive, beside the code that uses it: the
//! subcommands below, `dist::Options` (shared by `serve`, `test` and the benches as a value),
//! `bench::Args`, `synth::Args`. The work itself lives in libraries where it can be tested:
//! bundle assembly in `atlas-build`, extraction in `atlas-extract`, corpora in `atlas-synth`.

mod appbench;
mod bench;
mod dist;
mod distributed;
mod formats;
mod fuzz;
mod import;
mod pathological;
mod serve;
mod synth;
mod test;
#[cfg(test)]
mod tidy;
mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use clap::{CommandFactory, Parser, Subcommand};

/// Pipeline Atlas build tooling.
#[derive(Parser, Debug)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Build the atlas and serve it on 127.0.0.1
    Serve(serve::Args),
    /// Build the static site into dist/ (a large corpus is sharded automatically)
    Dist(dist::Options),
    /// Run every test: fmt, clippy, native, wasm, end-to-end in headless Chromium
    Test(test::Args),
    /// Benchmarks: the search engine (`bench [SIZES…]`), `bench app|formats|browser|module`
    Bench(bench::Args),
    /// Import the changes exported from the browser's curation into a corpus folder
    Import(import::Args),
    /// Write a synthetic corpus of N assets (1000, 10k, 100k) with manifest.toml, assets.json
    /// and queries.json
    Synth(synth::Args),
    /// Write a folder of pathological documents (and a link out of it) for `dist --corpus`
    Pathological(pathological::Args),
    /// Fuzz what reads untrusted bytes (nightly + cargo-fuzz, installed when missing; not in `test`)
    Fuzz(fuzz::Args),
}

fn main() {
    let cli = Cli::parse();
    if let Err(err) = run(cli) {
        eprintln!("xtask: error: {err:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    let Some(cmd) = cli.command else {
        Cli::command().print_help()?;
        return Ok(());
    };
    match cmd {
        Cmd::Dist(opts) => dist::dist(&opts).map(|_| ()),
        Cmd::Serve(args) => serve::serve(&args),
        Cmd::Test(args) if args.distributed => distributed::test(args.assets),
        Cmd::Test(_) => test::test(),
        Cmd::Bench(args) => bench::run(args.resolve()?),
        Cmd::Synth(args) => synth::synth(&args),
        Cmd::Import(args) => import::import(&args),
        Cmd::Pathological(args) => pathological::pathological(&args),
        Cmd::Fuzz(args) => fuzz::fuzz(&args),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Parse a command line as `cargo xtask …` would.
    pub fn parse(line: &str) -> Result<Cmd, clap::Error> {
        let args = std::iter::once("xtask").chain(line.split_whitespace());
        Cli::try_parse_from(args).map(|cli| cli.command.expect("a command was given"))
    }

    #[test]
    fn the_cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_parses() {
        for line in [
            "serve",
            "serve --port 9000 --corpus examples/my-atlas --title T",
            "dist",
            "dist --corpus c --out o --title T --single-file --shards always",
            "test",
            "test --distributed",
            "test --distributed --assets 1k",
            "bench",
            "bench 1000 5000",
            "bench --app --sizes 10,20 --reuse",
            "bench app",
            "synth 10k --seed 3 --out d --no-docs",
            "pathological --out d --bytes 1000",
        ] {
            if let Err(e) = parse(line) {
                panic!("{line}: {e}");
            }
        }
        for bad in [
            "frobnicate",
            "test --now",
            "test --assets 1000",
            "serve --port x",
            "dist --shards some",
            "dist --embed-origin *",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    fn check_dist(line: &str, expected: dist::Options) {
        match parse(line) {
            Ok(Cmd::Dist(opts)) => assert_eq!(opts, expected, "{line}"),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn every_flag_of_dist_parses() {
        let d = dist::Options::default;
        check_dist("dist", d());
        check_dist(
            "dist --embed-origin https://a.example --embed-origin http://b.example:8080",
            dist::Options {
                embed_origins: vec!["https://a.example".into(), "http://b.example:8080".into()],
                ..d()
            },
        );
        check_dist(
            "dist --corpus c",
            dist::Options {
                input: dist::Input {
                    corpus: "c".into(),
                    title: None,
                },
                ..d()
            },
        );
        check_dist(
            "dist --title T",
            dist::Options {
                input: dist::Input {
                    title: Some("T".into()),
                    ..dist::Input::default()
                },
                ..d()
            },
        );
        check_dist(
            "dist --single-file",
            dist::Options {
                single_file: true,
                ..d()
            },
        );
        check_dist(
            "dist --out o",
            dist::Options {
                out: "o".into(),
                ..d()
            },
        );
        check_dist(
            "dist --since previous",
            dist::Options {
                since: Some("previous".into()),
                ..d()
            },
        );
        check_dist(
            "dist --base-url https://example.org/atlas/",
            dist::Options {
                base_url: Some("https://example.org/atlas/".into()),
                ..d()
            },
        );
        check_dist(
            "dist --dataset d.json --corpus c",
            dist::Options {
                dataset: Some("d.json".into()),
                input: dist::Input {
                    corpus: "c".into(),
                    title: None,
                },
                ..d()
            },
        );
        check_dist(
            "dist --single-out s",
            dist::Options {
                single_out: "s".into(),
                ..d()
            },
        );
        for mode in [
            atlas_build::ShardMode::Auto,
            atlas_build::ShardMode::Always,
            atlas_build::ShardMode::Never,
        ] {
            check_dist(
                &format!("dist --shards {mode}"),
                dist::Options {
                    shards: mode,
                    ..d()
                },
            );
        }
        for bad in [
            "dist --shards",
            "dist --shards sometimes",
            "dist --corpus",
            "dist --dataset",
            "dist extra",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
