//! `cargo xtask synth N [--seed S] --out DIR [--no-docs]`: write a synthetic corpus of N assets
//! (documents, `manifest.toml`, `assets.json`, `queries.json`) for `cargo xtask dist --corpus
//! DIR` and the benchmarks. The generation is `atlas-synth`; this is its directory sink.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use atlas_synth::{write_corpus, Config, DirSink};

/// `cargo xtask synth` flags.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// How many assets: 1000, 10k, 100k, 1m
    #[arg(value_name = "N", value_parser = parse_count)]
    pub n_assets: usize,
    /// Seed of the generator: the same seed writes the same corpus
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// The folder to write (created; a corpus an earlier `synth` wrote there is replaced)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write only assets.json and queries.json, no documents
    #[arg(long)]
    pub no_docs: bool,
}

impl Args {
    fn config(&self) -> Config {
        Config {
            n_assets: self.n_assets,
            seed: self.seed,
            documents: !self.no_docs,
            ..Config::default()
        }
    }
}

pub fn synth(opts: &Args) -> Result<()> {
    let started = Instant::now();
    prepare_dir(&opts.out)?;
    let mut sink = DirSink { dir: &opts.out };
    let written = write_corpus(&opts.config(), &mut sink)
        .with_context(|| format!("{}: cannot write the corpus", opts.out.display()))?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "wrote {} assets, {} documents + manifest.toml, assets.json, {} queries in queries.json to {}: {} files, {:.1} MB in {secs:.1} s",
        written.assets,
        written.documents,
        written.queries,
        opts.out.display(),
        written.documents + 3,
        written.bytes as f64 / 1e6,
    );
    Ok(())
}

/// Create `dir`, or empty a corpus an earlier `synth` wrote there (so no documents of a larger
/// run linger); refuse a non-empty directory that is not one.
fn prepare_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()
        .with_context(|| format!("{}: cannot list", dir.display()))?;
    if entries.is_empty() {
        return Ok(());
    }
    let manifest = std::fs::read_to_string(dir.join("manifest.toml")).unwrap_or_default();
    if !manifest.starts_with(atlas_synth::docs::MANIFEST_HEADER) {
        bail!(
            "{}: not empty and not a corpus written by `cargo xtask synth`; choose another --out",
            dir.display()
        );
    }
    for path in entries {
        let ours = path.extension().is_some_and(|e| e == "txt")
            || ["manifest.toml", "assets.json", "queries.json"]
                .iter()
                .any(|f| path.file_name().is_some_and(|n| n == *f));
        if ours && path.is_file() {
            std::fs::remove_file(&path)
                .with_context(|| format!("{}: cannot remove", path.display()))?;
        }
    }
    Ok(())
}

/// `100000`, `100k`, `10K`, `1m`, `1_000`.
pub fn parse_count(s: &str) -> Result<usize, String> {
    let lower = s.to_ascii_lowercase().replace('_', "");
    let (digits, factor) = if let Some(d) = lower.strip_suffix('k') {
        (d, 1_000)
    } else if let Some(d) = lower.strip_suffix('m') {
        (d, 1_000_000)
    } else {
        (lower.as_str(), 1)
    };
    let n: usize = digits
        .parse()
        .ok()
        .and_then(|n: usize| n.checked_mul(factor))
        .ok_or_else(|| format!("{s:?} is not an asset count (try 1000, 10k, 100k)"))?;
    if n == 0 {
        return Err("the asset count must be at least 1".to_owned());
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_suffixes() {
        for (s, n) in [
            ("100000", 100_000),
            ("100k", 100_000),
            ("10K", 10_000),
            ("1m", 1_000_000),
            ("1_000", 1000),
        ] {
            assert_eq!(parse_count(s).unwrap(), n, "{s}");
        }
        for bad in ["", "k", "ten", "0", "-5", "1.5k"] {
            assert!(parse_count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn options_need_n_and_out() {
        let check = |line: &str| match crate::tests::parse(line) {
            Ok(crate::Cmd::Synth(args)) => Ok(args),
            Ok(other) => panic!("{line}: {other:?}"),
            Err(e) => Err(e),
        };
        let o = check("synth 10k --seed 3 --out /tmp/x").unwrap();
        assert_eq!(
            (
                o.config().n_assets,
                o.config().seed,
                o.config().documents,
                o.out
            ),
            (10_000, 3, true, PathBuf::from("/tmp/x"))
        );
        let o = check("synth 5 --out d --no-docs").unwrap();
        assert_eq!((o.seed, o.config().documents), (1, false));
        for bad in [
            "synth --out d",
            "synth 10",
            "synth 10 --out d --seed x",
            "synth 10 --out d --frobnicate",
            "synth 10 20 --out d",
            "synth 0 --out d",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }
}
