//! `cargo xtask synth N [--seed S] --out DIR [--no-docs]`: write a synthetic corpus of N assets
//! (documents, `manifest.toml`, `assets.json`, `queries.json`) for `cargo xtask dist --corpus
//! DIR` and the benchmarks. The generation is `atlas-synth`; this is its directory sink.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use atlas_synth::{write_corpus, Config, Sink};

/// Parsed `synth` arguments.
#[derive(Debug, PartialEq, Eq)]
struct Options {
    config: Config,
    out: PathBuf,
}

const SYNTH_USAGE: &str =
    "usage: cargo xtask synth N [--seed S] --out DIR [--no-docs]  (N: 1000, 10k, 100k, 1m)";

pub fn synth(args: &[String]) -> Result<()> {
    let opts = parse(args)?;
    let started = Instant::now();
    prepare_dir(&opts.out)?;
    let mut sink = DirSink { dir: &opts.out };
    let written = write_corpus(&opts.config, &mut sink)
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

/// Files go straight into the output directory, buffered.
struct DirSink<'a> {
    dir: &'a Path,
}

impl Sink for DirSink<'_> {
    type File = BufWriter<File>;

    fn create(&mut self, name: &str) -> io::Result<BufWriter<File>> {
        let path = self.dir.join(name);
        File::create(&path)
            .map(BufWriter::new)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }
}

fn parse(args: &[String]) -> Result<Options> {
    let mut n = None;
    let mut seed = 1;
    let mut out = None;
    let mut documents = true;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seed" => {
                let s = it
                    .next()
                    .context(format!("--seed needs a number\n{SYNTH_USAGE}"))?;
                seed = s.parse().map_err(|_| {
                    anyhow::anyhow!("synth: --seed {s:?} is not a whole number\n{SYNTH_USAGE}")
                })?;
            }
            "--out" => {
                let dir = it
                    .next()
                    .context(format!("--out needs a directory\n{SYNTH_USAGE}"))?;
                out = Some(PathBuf::from(dir));
            }
            "--no-docs" => documents = false,
            other if other.starts_with('-') => {
                bail!("synth: unknown option {other:?}\n{SYNTH_USAGE}")
            }
            count => {
                if n.is_some() {
                    bail!("synth: more than one asset count ({count:?})\n{SYNTH_USAGE}");
                }
                n = Some(parse_count(count)?);
            }
        }
    }
    let Some(n_assets) = n else {
        bail!("synth: how many assets? give N\n{SYNTH_USAGE}");
    };
    let Some(out) = out else {
        bail!("synth: --out DIR is required\n{SYNTH_USAGE}");
    };
    Ok(Options {
        config: Config {
            n_assets,
            seed,
            documents,
            ..Config::default()
        },
        out,
    })
}

/// `100000`, `100k`, `10K`, `1m`, `1_000`.
fn parse_count(s: &str) -> Result<usize> {
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
        .with_context(|| format!("synth: {s:?} is not an asset count (try 1000, 10k, 100k)"))?;
    if n == 0 {
        bail!("synth: the asset count must be at least 1");
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

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
        let o = parse(&args("10k --seed 3 --out /tmp/x")).unwrap();
        assert_eq!(
            (o.config.n_assets, o.config.seed, o.out),
            (10_000, 3, PathBuf::from("/tmp/x"))
        );
        assert_eq!(parse(&args("5 --out d")).unwrap().config.seed, 1);
        assert!(parse(&args("--out d")).is_err());
        assert!(parse(&args("10")).is_err());
        assert!(parse(&args("10 --out d --seed x")).is_err());
        assert!(parse(&args("10 --out d --frobnicate")).is_err());
    }
}
