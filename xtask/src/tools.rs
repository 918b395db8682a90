//! Pinned tools, installed once into a per-user cache outside the checkout.
//!
//! Every tool lives under `~/.cache/pipeline-atlas/<tool>-<version>/` (or `$PIPELINE_ATLAS_CACHE`),
//! so a fresh clone on the same machine reuses them and a second run installs nothing. Versions
//! are the ones verified on this machine kind (see README, "Toolchain"): Trunk never downloads
//! anything itself because the exact wasm-bindgen and wasm-opt it asks for are first on PATH.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::{cargo, run_cmd, step};

pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen = "=…"` pin in the root Cargo.toml and `[tools]` in Trunk.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
pub const BINARYEN_VERSION: &str = "132.0.0";
/// cargo-fuzz for `cargo xtask fuzz` (not part of `cargo xtask test`).
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// The toolchain cargo-fuzz builds with: its sanitizer flags need nightly. Installed through
/// rustup when missing; any recent nightly builds the targets.
pub const FUZZ_TOOLCHAIN: &str = "nightly";

/// Paths of the installed tools.
pub struct Tools {
    pub trunk: PathBuf,
    /// Directories to put first on PATH for Trunk and wasm tests.
    pub path_dirs: Vec<PathBuf>,
}

impl Tools {
    /// PATH with our tool directories first.
    pub fn path_env(&self) -> OsString {
        path_with(&self.path_dirs)
    }
}

/// PATH with `first` before the inherited directories.
fn path_with(first: &[PathBuf]) -> OsString {
    let mut dirs = first.to_vec();
    if let Some(old) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&old));
    }
    std::env::join_paths(dirs).expect("tool directories contain no path separator")
}

/// The cache root for installed tools.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PIPELINE_ATLAS_CACHE") {
        return PathBuf::from(dir);
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("pipeline-atlas")
}

/// Make sure the wasm target, Trunk, wasm-bindgen-cli and wasm-opt are installed.
pub fn ensure_build_tools() -> Result<Tools> {
    ensure_wasm_target()?;
    let cache = cache_dir();
    let trunk_root = cache.join(format!("trunk-{TRUNK_VERSION}"));
    let trunk = trunk_root.join("bin/trunk");
    if !version_matches(&trunk, TRUNK_VERSION) {
        step(&format!(
            "installing trunk {TRUNK_VERSION} into {} (builds the WebAssembly bundle; about 8 minutes the first time, once per machine)",
            trunk_root.display()
        ));
        run_cmd(
            cargo()
                .args([
                    "install",
                    "trunk",
                    "--version",
                    TRUNK_VERSION,
                    "--locked",
                    "--root",
                ])
                .arg(&trunk_root),
        )
        .context("installing trunk")?;
    }
    let wasm_bindgen = ensure_wasm_bindgen()?;
    let wasm_opt = ensure_wasm_opt()?;
    let dir_of = |exe: &Path| {
        exe.parent()
            .expect("an installed tool lives in a directory")
            .to_path_buf()
    };
    Ok(Tools {
        trunk,
        path_dirs: vec![dir_of(&wasm_bindgen), dir_of(&wasm_opt)],
    })
}

/// The pinned wasm-bindgen CLI, installed unless it is there; returns its path.
pub fn ensure_wasm_bindgen() -> Result<PathBuf> {
    let wb_root = cache_dir().join(format!("wasm-bindgen-{WASM_BINDGEN_VERSION}"));
    let wb = wb_root.join("bin/wasm-bindgen");
    if !version_matches(&wb, WASM_BINDGEN_VERSION) {
        step(&format!(
            "installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} into {} (generates the JS glue; must match Cargo.lock; about 5 minutes, once)",
            wb_root.display()
        ));
        // Without --locked: the CLI's own lock file pins a yanked crate and fails at once.
        run_cmd(
            cargo()
                .args([
                    "install",
                    "wasm-bindgen-cli",
                    "--version",
                    WASM_BINDGEN_VERSION,
                    "--root",
                ])
                .arg(&wb_root),
        )
        .context("installing wasm-bindgen-cli")?;
    }
    Ok(wb)
}

/// The pinned wasm-opt (npm's binaryen), installed unless it is there; returns its path.
pub fn ensure_wasm_opt() -> Result<PathBuf> {
    let binaryen_dir = cache_dir().join(format!("binaryen-{BINARYEN_VERSION}"));
    let wasm_opt_dir = binaryen_dir.join("node_modules/.bin");
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .unwrap_or(BINARYEN_VERSION);
    if !version_matches(&wasm_opt_dir.join("wasm-opt"), &format!("version {major}")) {
        step(&format!(
            "installing wasm-opt (npm binaryen@{BINARYEN_VERSION}) into {} (shrinks the wasm; Debian's binaryen 108 miscompiles)",
            binaryen_dir.display()
        ));
        std::fs::create_dir_all(&binaryen_dir)
            .with_context(|| format!("{}: cannot create", binaryen_dir.display()))?;
        run_cmd(
            Command::new("npm")
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--save-exact",
                    "--prefix",
                ])
                .arg(&binaryen_dir)
                .arg(format!("binaryen@{BINARYEN_VERSION}")),
        )
        .context("installing binaryen from npm (is Node 20 with npm installed?)")?;
    }
    Ok(wasm_opt_dir.join("wasm-opt"))
}

/// A nightly toolchain and the pinned cargo-fuzz, installed unless they are there; returns
/// PATH with cargo-fuzz's directory first.
pub fn ensure_fuzz_tools() -> Result<OsString> {
    let installed = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .context("running rustup (is rustup installed?)")?;
    let list = String::from_utf8_lossy(&installed.stdout);
    if !list
        .lines()
        .any(|l| l.starts_with(&format!("{FUZZ_TOOLCHAIN}-")))
    {
        step(&format!(
            "installing the {FUZZ_TOOLCHAIN} toolchain (cargo-fuzz's sanitizers need it; the project itself builds on stable)"
        ));
        run_cmd(Command::new("rustup").args([
            "toolchain",
            "install",
            FUZZ_TOOLCHAIN,
            "--profile",
            "minimal",
        ]))?;
    }
    let root = cache_dir().join(format!("cargo-fuzz-{CARGO_FUZZ_VERSION}"));
    let exe = root.join("bin/cargo-fuzz");
    if !version_matches(&exe, CARGO_FUZZ_VERSION) {
        step(&format!(
            "installing cargo-fuzz {CARGO_FUZZ_VERSION} into {} (about 2 minutes, once)",
            root.display()
        ));
        run_cmd(
            cargo()
                .args([
                    "install",
                    "cargo-fuzz",
                    "--locked",
                    "--version",
                    CARGO_FUZZ_VERSION,
                    "--root",
                ])
                .arg(&root),
        )
        .context("installing cargo-fuzz")?;
    }
    Ok(path_with(&[root.join("bin")]))
}

/// `rustup target add wasm32-unknown-unknown` unless it is there.
pub fn ensure_wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("running rustup (is rustup installed?)")?;
    let list = String::from_utf8_lossy(&installed.stdout);
    if !list.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        step("adding the wasm32-unknown-unknown target (the app compiles to WebAssembly)");
        run_cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// `rustup component add rustfmt clippy` unless both are there.
pub fn ensure_lint_components() -> Result<()> {
    let fmt_ok = quiet_ok(cargo().args(["fmt", "--version"]));
    let clippy_ok = quiet_ok(cargo().args(["clippy", "--version"]));
    if !(fmt_ok && clippy_ok) {
        step("adding the rustfmt and clippy components (the tests check formatting and lints)");
        run_cmd(Command::new("rustup").args(["component", "add", "rustfmt", "clippy"]))?;
    }
    Ok(())
}

/// Chromium and ChromeDriver from Debian, for the end-to-end tests.
pub fn ensure_chromium() -> Result<PathBuf> {
    let chromium = PathBuf::from("/usr/bin/chromium");
    let driver = Path::new("/usr/bin/chromedriver");
    if chromium.exists() && driver.exists() {
        return Ok(chromium);
    }
    if !is_root() {
        bail!(
            "the end-to-end tests need Debian's Chromium; install it with:\n    sudo apt-get update && sudo apt-get install -y chromium chromium-driver"
        );
    }
    step("installing chromium and chromium-driver from Debian (headless browser for end-to-end tests; about a minute)");
    run_cmd(Command::new("apt-get").arg("update"))?;
    run_cmd(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    Ok(chromium)
}

/// `npm ci` in e2e/ when its lock file changed since the last install.
pub fn ensure_e2e_packages(e2e: &Path) -> Result<()> {
    ensure_npm_packages(
        e2e,
        "the end-to-end test packages (npm ci in e2e/: playwright-core, axe-core; no browser download)",
    )
}

/// `npm ci` in `dir` when its lock file changed since the last install there; `what` says
/// what is being installed.
pub fn ensure_npm_packages(dir: &Path, what: &str) -> Result<()> {
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.atlas-lock-copy");
    let wanted =
        std::fs::read(&lock).with_context(|| format!("{}: cannot read", lock.display()))?;
    if std::fs::read(&stamp).ok().as_deref() == Some(wanted.as_slice()) {
        return Ok(());
    }
    step(&format!("installing {what}"));
    run_cmd(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir),
    )?;
    std::fs::write(&stamp, &wanted)
        .with_context(|| format!("{}: cannot write", stamp.display()))?;
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn quiet_ok(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// True when `exe --version` runs and mentions `version`.
fn version_matches(exe: &Path, version: &str) -> bool {
    if !exe.exists() {
        return false;
    }
    Command::new(exe)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains(version))
        .unwrap_or(false)
}
