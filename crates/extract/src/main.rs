//! `atlas-extract [--overlay FILE] [--manifest FILE] FILE...`: the dataset JSON on stdout and
//! nothing else; one summary line per document and every warning on stderr.

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use atlas_extract::{extract_files, parse_manifest, parse_overlay, read_config, Manifest};

    const USAGE: &str = "usage: atlas-extract [--overlay FILE] [--manifest FILE] FILE...";

    pub fn main() -> ExitCode {
        let mut overlay_path: Option<PathBuf> = None;
        let mut manifest_path: Option<PathBuf> = None;
        let mut files: Vec<PathBuf> = Vec::new();
        let mut args = std::env::args_os().skip(1);
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("--overlay") | Some("--manifest") => {
                    let Some(value) = args.next() else {
                        eprintln!(
                            "atlas-extract: {} needs a file\n{USAGE}",
                            arg.to_string_lossy()
                        );
                        return ExitCode::from(2);
                    };
                    if arg == "--overlay" {
                        overlay_path = Some(PathBuf::from(value));
                    } else {
                        manifest_path = Some(PathBuf::from(value));
                    }
                }
                Some("-h") | Some("--help") => {
                    println!("{USAGE}");
                    return ExitCode::SUCCESS;
                }
                Some(s) if s.starts_with("--") => {
                    eprintln!("atlas-extract: unknown option {s}\n{USAGE}");
                    return ExitCode::from(2);
                }
                _ => files.push(PathBuf::from(arg)),
            }
        }
        if files.is_empty() {
            eprintln!("atlas-extract: no documents given\n{USAGE}");
            return ExitCode::from(2);
        }
        let manifest_path = manifest_path.or_else(|| {
            let beside = files[0]
                .parent()
                .unwrap_or(Path::new("."))
                .join("manifest.toml");
            beside.is_file().then_some(beside)
        });
        let manifest = match manifest_path {
            Some(p) => match read_config(&p, parse_manifest) {
                Ok(Some(m)) => m,
                Ok(None) => {
                    eprintln!("atlas-extract: {}: no such manifest", p.display());
                    return ExitCode::from(2);
                }
                Err(e) => {
                    eprintln!("atlas-extract: {e}");
                    return ExitCode::from(1);
                }
            },
            None => Manifest::default(),
        };
        let overlay = match overlay_path {
            Some(p) => match read_config(&p, parse_overlay) {
                Ok(Some(o)) => Some(o),
                Ok(None) => {
                    eprintln!("atlas-extract: {}: no such overlay", p.display());
                    return ExitCode::from(2);
                }
                Err(e) => {
                    eprintln!("atlas-extract: {e}");
                    return ExitCode::from(1);
                }
            },
            None => None,
        };
        let extraction = match extract_files(&files, &manifest, overlay.as_ref()) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("atlas-extract: {e}");
                return ExitCode::from(1);
            }
        };
        for line in &extraction.summary {
            eprintln!("{line}");
        }
        for d in &extraction.diagnostics {
            eprintln!("{}: {d}", d.severity);
        }
        eprintln!(
            "facts: {} extracted, {} from the overlay",
            extraction.extracted_facts, extraction.overlay_facts
        );
        match serde_json::to_string_pretty(&extraction.dataset) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("atlas-extract: cannot serialize the dataset: {e}");
                ExitCode::from(1)
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The command line needs files; in the browser the library is called directly.
#[cfg(target_arch = "wasm32")]
fn main() {}
