//! `cargo xtask test --distributed [--assets N]`: extraction on Ray, checked against the
//! single-machine build (not part of `cargo xtask test`).
//!
//! It installs the pinned Ray into a project-local virtualenv (`target/atlas/ray-<version>/`,
//! once), writes a synthetic corpus (`synth N --seed 7`, 10,000 assets unless `--assets`
//! says otherwise), runs `xtask/distributed/extract_job.py` on a local Ray cluster (the
//! extractor built with cargo, at least 4 partitions), builds the site from its dataset with
//! `dist --dataset`, builds the same corpus the single-machine way with `dist --corpus`, and
//! fails unless both print the same `dataset <sha256>` and write the same files. Each path's
//! wall time and peak memory (the summed resident memory of its process tree, sampled every
//! 100 ms: Ray's own processes count) are reported. The outputs are removed when it passes.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::dist::target_dir;
use crate::{cargo, root, run_cmd, step, synth};

/// Ray from PyPI: pinned exactly, so every machine runs the job on the same engine.
pub const RAY_VERSION: &str = "2.60.0";
/// The seed of the synthetic corpus (the issue's `cargo xtask synth 10000 --seed 7`).
const SEED: u64 = 7;

/// The Python of a virtualenv holding Ray [`RAY_VERSION`], made and filled unless it is
/// there; returns its interpreter.
pub fn ensure_ray() -> Result<PathBuf> {
    let venv = target_dir()
        .join("atlas")
        .join(format!("ray-{RAY_VERSION}"));
    let python = venv.join("bin/python");
    let installed = Command::new(&python)
        .args(["-c", "import ray; print(ray.__version__)"])
        .stderr(Stdio::null())
        .output()
        .is_ok_and(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == RAY_VERSION
        });
    if installed {
        return Ok(python);
    }
    step(&format!(
        "installing Ray {RAY_VERSION} from PyPI into {} (the distributed engine; about a minute, once)",
        venv.display()
    ));
    if venv.exists() {
        std::fs::remove_dir_all(&venv)
            .with_context(|| format!("{}: cannot remove", venv.display()))?;
    }
    run_cmd(Command::new("python3").args(["-m", "venv"]).arg(&venv)).context(
        "making a virtualenv (needs Python 3.9 to 3.13 with venv; Debian: apt-get install python3-venv)",
    )?;
    run_cmd(Command::new(&python).args([
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--quiet",
        &format!("ray=={RAY_VERSION}"),
    ]))
    .context("installing Ray from PyPI")?;
    Ok(python)
}

/// How one path went.
struct Measured {
    what: &'static str,
    seconds: f64,
    peak_kb: u64,
    /// The last `dataset <sha256>` line the command printed, when it printed one.
    dataset: Option<String>,
}

impl Measured {
    fn line(&self) -> String {
        format!(
            "{:<44} {:>7.1} s {:>7.2} GB",
            self.what,
            self.seconds,
            self.peak_kb as f64 / (1024.0 * 1024.0)
        )
    }
}

pub fn test(n_assets: usize) -> Result<()> {
    let started = Instant::now();
    let python = ensure_ray()?;
    let base = target_dir().join("distributed");
    let corpus = base.join(format!("synth-{n_assets}"));
    synth::synth(&synth::Args {
        n_assets,
        seed: SEED,
        out: corpus.clone(),
        no_docs: false,
    })?;
    step("building atlas-extract (cargo build -p atlas-extract), the CLI every partition runs");
    run_cmd(
        cargo()
            .args(["build", "-q", "-p", "atlas-extract"])
            .current_dir(root()),
    )?;
    let extractor = target_dir().join("debug/atlas-extract");
    let dataset = base.join(format!("dataset-{n_assets}.json"));
    let work = base.join(format!("parts-{n_assets}"));
    // Ray's sockets live in its session folder, whose path must stay short.
    let ray_temp = std::env::temp_dir().join(format!("atlas-ray-{}", std::process::id()));

    step(&format!(
        "the distributed job: Ray {RAY_VERSION} on a local cluster (xtask/distributed/extract_job.py)"
    ));
    let mut job = Command::new(&python);
    job.arg(root().join("xtask/distributed/extract_job.py"))
        .arg("--corpus")
        .arg(&corpus)
        .arg("--extractor")
        .arg(&extractor)
        .arg("--out")
        .arg(&dataset)
        .arg("--work")
        .arg(&work)
        .arg("--ray-temp")
        .arg(&ray_temp);
    let job = measure("extraction job (Ray, atlas-extract)", &mut job);
    let _ = std::fs::remove_dir_all(&ray_temp);
    let job = job?;

    let me = std::env::current_exe().context("cannot find the running xtask binary")?;
    let dist_distributed = base.join("dist-distributed");
    let dist_single = base.join("dist-single");
    step("the site from the job's dataset (dist --dataset)");
    let from_dataset = measure(
        "site from the dataset (dist --dataset)",
        Command::new(&me)
            .arg("dist")
            .arg("--dataset")
            .arg(&dataset)
            .arg("--corpus")
            .arg(&corpus)
            .arg("--out")
            .arg(&dist_distributed),
    )?;
    step("the same corpus on one machine (dist --corpus)");
    let single = measure(
        "single machine (dist --corpus)",
        Command::new(&me)
            .arg("dist")
            .arg("--corpus")
            .arg(&corpus)
            .arg("--out")
            .arg(&dist_single),
    )?;

    step(&format!(
        "{n_assets} assets: wall time and peak memory (summed RSS of each process tree)"
    ));
    for m in [&job, &from_dataset, &single] {
        eprintln!("  {}", m.line());
    }
    eprintln!(
        "  {:<44} {:>7.1} s {:>7.2} GB (the larger peak)",
        "distributed path, job + site",
        job.seconds + from_dataset.seconds,
        job.peak_kb.max(from_dataset.peak_kb) as f64 / (1024.0 * 1024.0)
    );
    let (Some(a), Some(b)) = (&from_dataset.dataset, &single.dataset) else {
        bail!("a build printed no `dataset <sha256>` line");
    };
    eprintln!("  distributed: dataset {a}\n  single:      dataset {b}");
    if a != b {
        bail!(
            "the distributed build's dataset differs from the single-machine build's; kept {} for a look",
            base.display()
        );
    }
    crate::test::same_files(&dist_distributed, &dist_single)?;
    for dir in [&dist_distributed, &dist_single, &work, &corpus] {
        std::fs::remove_dir_all(dir)
            .with_context(|| format!("{}: cannot remove", dir.display()))?;
    }
    std::fs::remove_file(&dataset)
        .with_context(|| format!("{}: cannot remove", dataset.display()))?;
    step(&format!(
        "distributed: the same dataset and the same files as the single-machine build ({:.0} s in all)",
        started.elapsed().as_secs_f64()
    ));
    Ok(())
}

/// Run `cmd` (standard error shown, standard output shown and kept), sampling the resident
/// memory of its process tree every 100 ms; fails when it does not succeed.
fn measure(what: &'static str, cmd: &mut Command) -> Result<Measured> {
    let shown = format!("{cmd:?}");
    let started = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start {shown}"))?;
    let mut stdout = child.stdout.take().context("the child's standard output")?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let mut peak_kb = 0;
    let status = loop {
        peak_kb = peak_kb.max(tree_rss_kb(child.id()));
        if let Some(status) = child.try_wait().context("waiting for the child")? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let seconds = started.elapsed().as_secs_f64();
    let out = reader.join().unwrap_or_default();
    eprint!("{out}");
    if !status.success() {
        bail!("{shown} failed with {status}");
    }
    let dataset = out
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("dataset "))
        .map(str::to_owned);
    Ok(Measured {
        what,
        seconds,
        peak_kb,
        dataset,
    })
}

/// The summed resident memory (kB) of process `pid` and all its descendants now (Linux; 0
/// where `/proc` cannot be read).
fn tree_rss_kb(pid: u32) -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in entries.flatten() {
        let Some(p) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some(parent) = std::fs::read_to_string(entry.path().join("stat"))
            .ok()
            .and_then(|stat| parent_pid(&stat))
        {
            children.entry(parent).or_default().push(p);
        }
    }
    let mut total = 0;
    let mut stack = vec![pid];
    while let Some(p) = stack.pop() {
        total += rss_kb(&Path::new("/proc").join(p.to_string()).join("status")).unwrap_or(0);
        stack.extend(children.get(&p).into_iter().flatten());
    }
    total
}

/// The parent's pid in a `/proc/PID/stat` line: the field after the state, after the
/// command name's closing parenthesis (the name itself may hold spaces and parentheses).
fn parent_pid(stat: &str) -> Option<u32> {
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(1)?.parse().ok()
}

fn rss_kb(status: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(status).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_pids_read_past_odd_command_names() {
        assert_eq!(parent_pid("42 (cat) S 7 42 42 0"), Some(7));
        assert_eq!(parent_pid("42 (a b) c) R 9 1 1"), Some(9));
        assert_eq!(parent_pid("garbage"), None);
    }

    /// The job must list a corpus exactly as the build reads it (`dist --dataset` refuses a
    /// dataset naming other documents) and cut it into consecutive runs. Checked with the
    /// machine's `python3`, without Ray.
    #[cfg(unix)]
    #[test]
    fn the_job_lists_a_corpus_as_the_build_does() {
        let Ok(python) = Command::new("python3").arg("--version").output() else {
            eprintln!("skipped: no python3");
            return;
        };
        assert!(python.status.success());
        let tmp = std::env::temp_dir().join(format!("xtask-job-list-{}", std::process::id()));
        let (dir, outside) = (tmp.join("corpus"), tmp.join("outside"));
        for d in [&dir, &outside] {
            std::fs::create_dir_all(d).unwrap();
        }
        for name in [
            "b.txt",
            "a.md",
            "C.HTML",
            "page.htm",
            ".txt",
            "notes.pdf",
            "Z.txt",
            "\u{e9}.txt",
            "a b.txt",
            "a-b.txt",
            "manifest.toml",
        ] {
            std::fs::write(dir.join(name), "Acme Bio.").unwrap();
        }
        std::fs::create_dir_all(dir.join("folder.txt")).unwrap();
        std::fs::write(outside.join("secret.txt"), "SECRET").unwrap();
        std::os::unix::fs::symlink(dir.join("a.md"), dir.join("link-in.txt")).unwrap();
        std::os::unix::fs::symlink(outside.join("secret.txt"), dir.join("link-out.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("gone.txt"), dir.join("dangling.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("folder.txt"), dir.join("link-dir.txt")).unwrap();
        let rust: Vec<String> = atlas_extract::list_documents(&dir)
            .unwrap()
            .0
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let script = "import json, sys; sys.path.insert(0, sys.argv[1]); import extract_job as j; \
                      names = j.list_documents(sys.argv[2]); \
                      print(json.dumps({'names': names, 'parts': j.partition(names, 4)}))";
        let out = Command::new("python3")
            .args(["-B", "-c", script])
            .arg(root().join("xtask/distributed"))
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let names: Vec<String> = serde_json::from_value(json["names"].clone()).unwrap();
        assert_eq!(names, rust);
        assert_eq!(rust.len(), 9, "{rust:?}");
        let parts: Vec<Vec<String>> = serde_json::from_value(json["parts"].clone()).unwrap();
        assert_eq!(parts.len(), 4);
        assert!(
            parts.iter().all(|p| p.len() == 2 || p.len() == 3),
            "{parts:?}"
        );
        assert_eq!(parts.concat(), names);
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn this_process_tree_has_memory() {
        assert!(tree_rss_kb(std::process::id()) > 0);
        assert!(rss_kb(Path::new("/proc/self/status")).is_some_and(|kb| kb > 0));
    }
}
