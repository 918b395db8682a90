//! `cargo xtask bench app [--sizes 10000,100000] [--reuse]` (or `bench --app …`): the atlas
//! itself at scale.
//!
//! For each size: a synthetic corpus (`cargo xtask synth`, kept between runs), a full build of
//! it (`cargo xtask dist` in a child process, so its wall time and peak memory are its own;
//! the app itself is compiled before, and reused), then `bench/app.mjs` in headless Chromium:
//! start-up, transfer before the first search, keystroke → results, asset pages with their
//! shard fetch, memory. The table goes to stdout and `bench/APP.md`. Nothing here asserts a
//! timing: the figures are for reading.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::{dist, root, run_cmd, step, tools};

pub const DEFAULT_SIZES: [usize; 2] = [10_000, 100_000];
const SEED: u64 = 1;

/// One size's figures.
struct Row {
    n: usize,
    build_s: f64,
    build_peak_mb: Option<u64>,
    build_summary: Vec<String>,
    app: Value,
}

/// `cargo xtask bench app` flags.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Numbers of synthetic assets, each built and measured in turn
    #[arg(long, value_name = "N,N…", value_delimiter = ',', value_parser = crate::bench::positive, default_values_t = DEFAULT_SIZES)]
    pub sizes: Vec<usize>,
    /// Measure the browser side again on the builds of the last run (their logs are kept)
    #[arg(long)]
    pub reuse: bool,
}

pub fn app_bench(opts: &Options) -> Result<()> {
    let (sizes, reuse) = (&opts.sizes, opts.reuse);
    let chromium = tools::ensure_chromium()?;
    tools::ensure_e2e_packages(&root().join("e2e"))?;
    // Compile the app once up front, so no size's build time includes compiling it.
    step("bench --app: building the app (cached when unchanged)");
    dist::dist(&dist::Options {
        out: dist::target_dir().join("bench/app-warmup"),
        ..dist::Options::default()
    })?;
    let exe = std::env::current_exe().context("cannot find the running xtask")?;
    let out = dist::target_dir().join("bench");
    let mut rows = Vec::new();
    for &n in sizes {
        let corpus = out.join(format!("app-synth-{n}-s{SEED}"));
        if !corpus.join("manifest.toml").is_file() {
            run_cmd(Command::new(&exe).args([
                "synth",
                &n.to_string(),
                "--seed",
                &SEED.to_string(),
                "--out",
                &corpus.display().to_string(),
            ]))?;
        }
        let dist_dir = out.join(format!("app-dist-{n}"));
        let log_file = out.join(format!("app-dist-{n}.log"));
        let (build_s, log) = if reuse && log_file.is_file() && dist_dir.is_dir() {
            step(&format!(
                "bench --app: reusing the last build of {n} assets"
            ));
            let saved = std::fs::read_to_string(&log_file)?;
            let (first, rest) = saved.split_once('\n').unwrap_or(("0", ""));
            (first.trim().parse().unwrap_or(0.0), rest.to_owned())
        } else {
            step(&format!("bench --app: full build of {n} assets"));
            let started = Instant::now();
            let output = Command::new(&exe)
                .args(["dist", "--corpus"])
                .arg(&corpus)
                .arg("--out")
                .arg(&dist_dir)
                .output()
                .context("cannot run cargo xtask dist")?;
            let build_s = started.elapsed().as_secs_f64();
            let log = String::from_utf8_lossy(&output.stderr).into_owned();
            if !output.status.success() {
                bail!("the build of {n} assets failed:\n{log}");
            }
            std::fs::write(&log_file, format!("{build_s}\n{log}"))
                .with_context(|| format!("{}: cannot write", log_file.display()))?;
            (build_s, log)
        };
        let build_summary: Vec<String> = log
            .lines()
            .filter(|l| {
                l.contains(" documents, ")
                    || l.contains("search index:")
                    || l.contains("sharded")
                    || l.contains("shard files")
                    || l.contains("built in")
            })
            .map(|l| l.trim().to_owned())
            .collect();
        let build_peak_mb = log
            .lines()
            .find_map(|l| l.split("peak memory ").nth(1))
            .and_then(|rest| rest.trim_end_matches(" MB").trim().parse().ok());
        for line in &build_summary {
            eprintln!("  {line}");
        }
        step(&format!("bench --app: {n} assets in headless Chromium"));
        let app = run_app(&chromium, &dist_dir, &corpus.join("queries.json"))?;
        rows.push(Row {
            n,
            build_s,
            build_peak_mb,
            build_summary,
            app,
        });
    }
    let table = render(&rows, &chromium);
    println!("{table}");
    let file = root().join("bench/APP.md");
    std::fs::write(&file, &table).with_context(|| format!("{}: cannot write", file.display()))?;
    eprintln!("wrote {}", file.display());
    Ok(())
}

fn run_app(chromium: &Path, dist_dir: &Path, queries: &Path) -> Result<Value> {
    let output = Command::new("node")
        .arg(root().join("bench/app.mjs"))
        .arg("--dist")
        .arg(dist_dir)
        .arg("--queries")
        .arg(queries)
        .env("CHROMIUM", chromium)
        .output()
        .context("running node (is Node 20 installed?)")?;
    if !output.status.success() {
        bail!(
            "bench/app.mjs failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    serde_json::from_slice(&output.stdout).context("bench/app.mjs printed no JSON")
}

fn num(v: &Value, path: &[&str]) -> String {
    let mut v = v;
    for p in path {
        v = &v[*p];
    }
    match v {
        Value::Number(n) => n.to_string(),
        Value::Null => "–".to_owned(),
        other => other.to_string(),
    }
}

fn machine(chromium: &PathBuf) -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let version = Command::new(chromium)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    // Other work on the machine slows every figure here: say how busy it was.
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .map(|l| format!("; load average at the end {l}"))
        .unwrap_or_default();
    format!("{date}; {cpus} cores, {model}; {version}{load}")
}

fn render(rows: &[Row], chromium: &PathBuf) -> String {
    let mut s = String::new();
    s.push_str("# The atlas at scale (`cargo xtask bench --app`)\n\n");
    s.push_str(&format!("{}\n\n", machine(chromium)));
    s.push_str("Synthetic corpora from `cargo xtask synth N --seed 1`; `dist/` served from 127.0.0.1 without compression; headless Chromium. Start: navigation → search box mounted (5 cold loads). Keystroke → DOM: `input` event → the last DOM change it caused (120 queries typed a character at a time); → next task: until the task after it, which includes any rendering update the browser fits in between. Whole query → DOM: the box cleared, 50 ms of quiet, the whole query set in one `input` event, then the time to the last DOM change (children, text or attributes) within 400 ms (unchanged: no change at all; stale: the summary does not name the query after 400 ms). Asset page: hash change → asset name shown, shard fetch included (25 assets, from the home page). Memory: JS heap after a GC + wasm memory (which only grows: the peak so far).\n\n");
    s.push_str("| assets | full build s | build peak MB | start p50 / max ms | transfer before first search (files, raw B, gzip -9 B) | keystroke → DOM p50 / p95 / p99 / max ms (n, stale) | keystroke → next task p50 / p99 ms | whole query → DOM p50 / p99 / max ms (n, unchanged, stale) | rows shown | asset page p50 / p95 / max ms | memory after search MB (JS heap + wasm) | after 25 asset pages MB (JS heap + wasm) |\n");
    s.push_str("|---:|---:|---:|---|---|---|---|---|---:|---|---|---|\n");
    for r in rows {
        let a = &r.app;
        s.push_str(&format!(
            "| {} | {:.1} | {} | {} / {} | {}, {}, {} | {} / {} / {} / {} ({}, {}) | {} / {} | {} / {} / {} ({}, {}, {}) | {} | {} / {} / {} | {} + {} | {} + {} |\n",
            r.n,
            r.build_s,
            r.build_peak_mb.map_or("–".to_owned(), |m| m.to_string()),
            num(a, &["start_ms", "p50"]),
            num(a, &["start_ms", "max"]),
            num(a, &["transfer", "files"]),
            num(a, &["transfer", "raw_bytes"]),
            num(a, &["transfer", "gzip_bytes"]),
            num(a, &["keystrokes", "p50_ms"]),
            num(a, &["keystrokes", "p95_ms"]),
            num(a, &["keystrokes", "p99_ms"]),
            num(a, &["keystrokes", "max_ms"]),
            num(a, &["keystrokes", "n"]),
            num(a, &["keystrokes", "stale"]),
            num(a, &["keystrokes_to_next_task", "p50_ms"]),
            num(a, &["keystrokes_to_next_task", "p99_ms"]),
            num(a, &["whole_query", "p50_ms"]),
            num(a, &["whole_query", "p99_ms"]),
            num(a, &["whole_query", "max_ms"]),
            num(a, &["whole_query", "n"]),
            num(a, &["whole_query", "unchanged"]),
            num(a, &["whole_query", "stale"]),
            num(a, &["rows_shown_max"]),
            num(a, &["asset_pages", "p50_ms"]),
            num(a, &["asset_pages", "p95_ms"]),
            num(a, &["asset_pages", "max_ms"]),
            num(a, &["memory_after_search", "js_heap_mb"]),
            num(a, &["memory_after_search", "wasm_mb"]),
            num(a, &["memory_after_assets", "js_heap_mb"]),
            num(a, &["memory_after_assets", "wasm_mb"]),
        ));
    }
    s.push_str("\nBuild output per size:\n\n");
    for r in rows {
        s.push_str(&format!("- {} assets:\n", r.n));
        for line in &r.build_summary {
            s.push_str(&format!("  - `{line}`\n"));
        }
    }
    s
}
