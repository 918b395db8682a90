//! `atlas-extract [--overlay FILE] [--manifest FILE] FILE...`: the dataset JSON on stdout and
//! nothing else; one summary line per document and every warning on stderr.
//!
//! For corpora too large for one machine, extraction is a map over documents and a merge:
//! `atlas-extract --jsonl [--manifest FILE] FILE...` prints one line of dataset JSON per
//! document (run it on any number of machines, each on its own list of files), and
//! `atlas-extract --merge [FILE...]` reads such lines (from the files, or standard input) in
//! order and prints the merged dataset, the same as extracting every document at once.
//!
//! `atlas-extract --diff OLD.json NEW.json` prints what changed between two datasets
//! (`atlas_model::changes`, format `pipeline-atlas-changes/1`).

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use atlas_extract::{parse_manifest, parse_overlay, read_config, Manifest};

    use crate::batch::{extract_reported, merge_lines, per_document, print_dataset};

    const USAGE: &str = "usage: atlas-extract [--overlay FILE] [--manifest FILE] FILE...
       atlas-extract --jsonl [--manifest FILE] FILE...   one dataset JSON line per document
       atlas-extract --merge [FILE...]                   merge such lines (files or stdin)
       atlas-extract --diff OLD.json NEW.json            what changed between two datasets";

    pub fn main() -> ExitCode {
        let mut overlay_path: Option<PathBuf> = None;
        let mut manifest_path: Option<PathBuf> = None;
        let mut files: Vec<PathBuf> = Vec::new();
        let (mut jsonl, mut merge, mut diff) = (false, false, false);
        let mut args = std::env::args_os().skip(1);
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("--jsonl") => jsonl = true,
                Some("--merge") => merge = true,
                Some("--diff") => diff = true,
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
        if (jsonl || merge) && overlay_path.is_some() {
            eprintln!("atlas-extract: an overlay quotes documents, so it applies to a whole corpus, not to --jsonl or --merge\n{USAGE}");
            return ExitCode::from(2);
        }
        if [jsonl, merge, diff].iter().filter(|&&f| f).count() > 1 {
            eprintln!("atlas-extract: --jsonl, --merge and --diff are separate modes, one at a time\n{USAGE}");
            return ExitCode::from(2);
        }
        if merge {
            return merge_lines(&files);
        }
        if diff {
            let [old, new] = files.as_slice() else {
                eprintln!(
                    "atlas-extract: --diff takes two dataset files, OLD.json NEW.json\n{USAGE}"
                );
                return ExitCode::from(2);
            };
            return crate::batch::print_diff(old, new);
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
        if jsonl {
            return per_document(&files, &manifest);
        }
        let Some(extraction) = extract_reported(&files, &manifest, overlay.as_ref()) else {
            return ExitCode::from(1);
        };
        eprintln!(
            "facts: {} extracted, {} from the overlay",
            extraction.extracted_facts, extraction.overlay_facts
        );
        print_dataset(&extraction.dataset)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod batch {
    //! `--jsonl` and `--merge`: extraction as a map over documents and a merge.

    use std::io::{BufRead, Write};
    use std::path::PathBuf;
    use std::process::ExitCode;

    use atlas_extract::{extract_files, merge_datasets, Extraction, Manifest, Overlay};
    use atlas_model::Dataset;

    /// Extract `files`, reporting each document's summary line and every diagnostic on
    /// standard error; `None` (after saying why) when the build cannot proceed.
    pub fn extract_reported(
        files: &[PathBuf],
        manifest: &Manifest,
        overlay: Option<&Overlay>,
    ) -> Option<Extraction> {
        let extraction = match extract_files(files, manifest, overlay) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("atlas-extract: {e}");
                return None;
            }
        };
        // One write for the lot: standard error is unbuffered, and a line per call was a
        // system call per document and per warning.
        let mut err = std::io::BufWriter::new(std::io::stderr().lock());
        for line in &extraction.summary {
            let _ = writeln!(err, "{line}");
        }
        for d in &extraction.diagnostics {
            let _ = writeln!(err, "{}: {d}", d.severity);
        }
        let _ = err.flush();
        Some(extraction)
    }

    /// The dataset as pretty JSON on standard output, and its hash (`dataset <sha256>`, the
    /// SHA-256 of its compact JSON, as `cargo xtask dist` prints it) on standard error.
    pub fn print_dataset(ds: &Dataset) -> ExitCode {
        match serde_json::to_string_pretty(ds) {
            Ok(json) => {
                println!("{json}");
                eprintln!("dataset {}", ds.sha256());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("atlas-extract: cannot serialize the dataset: {e}");
                ExitCode::from(1)
            }
        }
    }

    /// What changed from the dataset in `old` to the one in `new`, as pretty JSON on standard
    /// output; the count of changes on standard error.
    pub fn print_diff(old: &std::path::Path, new: &std::path::Path) -> ExitCode {
        let read = |path: &std::path::Path| -> Result<Dataset, String> {
            let bytes =
                std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            serde_json::from_slice(&bytes)
                .map_err(|e| format!("{}: not a dataset: {e}", path.display()))
        };
        let (old, new) = match (read(old), read(new)) {
            (Ok(old), Ok(new)) => (old, new),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("atlas-extract: {e}");
                return ExitCode::from(1);
            }
        };
        let changes = atlas_model::changes::diff(&old, &new);
        eprintln!(
            "{} changes from dataset {} to {}",
            changes.changes.len(),
            changes.old,
            changes.new
        );
        match serde_json::to_string_pretty(&changes) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("atlas-extract: cannot serialize the changes: {e}");
                ExitCode::from(1)
            }
        }
    }

    /// One line of dataset JSON per document, in the order given.
    pub fn per_document(files: &[PathBuf], manifest: &Manifest) -> ExitCode {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for file in files {
            let Some(extraction) = extract_reported(std::slice::from_ref(file), manifest, None)
            else {
                return ExitCode::from(1);
            };
            let written = serde_json::to_writer(&mut out, &extraction.dataset)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"));
            if let Err(e) = written {
                eprintln!(
                    "atlas-extract: cannot write the line of {}: {e}",
                    file.display()
                );
                return ExitCode::from(1);
            }
        }
        match out.flush() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("atlas-extract: cannot write: {e}");
                ExitCode::from(1)
            }
        }
    }

    /// Merge dataset lines from `files` (or standard input) in order.
    pub fn merge_lines(files: &[PathBuf]) -> ExitCode {
        let mut parts: Vec<Dataset> = Vec::new();
        let mut read = |name: &str, reader: &mut dyn BufRead| -> Result<(), String> {
            for (i, line) in reader.lines().enumerate() {
                let line = line.map_err(|e| format!("{name}: line {}: {e}", i + 1))?;
                if line.trim().is_empty() {
                    continue;
                }
                let ds: Dataset = serde_json::from_str(&line)
                    .map_err(|e| format!("{name}: line {}: not a dataset line: {e}", i + 1))?;
                parts.push(ds);
            }
            Ok(())
        };
        let result = if files.is_empty() {
            read("standard input", &mut std::io::stdin().lock())
        } else {
            files.iter().try_for_each(|f| {
                let file = std::fs::File::open(f)
                    .map_err(|e| format!("{}: cannot open: {e}", f.display()))?;
                read(&f.display().to_string(), &mut std::io::BufReader::new(file))
            })
        };
        if let Err(e) = result {
            eprintln!("atlas-extract: {e}");
            return ExitCode::from(1);
        }
        let n = parts.len();
        let merged = merge_datasets(parts);
        eprintln!(
            "merged {n} parts: {} documents, {} assets, {} events, {} trials",
            merged.documents.len(),
            merged.assets.len(),
            merged.events.len(),
            merged.trials.len()
        );
        print_dataset(&merged)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

/// The command line needs files; in the browser the library is called directly.
#[cfg(target_arch = "wasm32")]
fn main() {}
