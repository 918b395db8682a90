//! Reading documents from disk (native only): text, Markdown and HTML files, a BOM removed,
//! non-UTF-8 bytes replaced with a warning, HTML reduced to its text with `html2text`.

use std::path::Path;

use crate::config::{file_stem, parse_manifest, parse_overlay, ConfigError, Manifest};
use crate::{extract, Diagnostic, Extraction, Severity, SourceDoc};

/// File extensions read as documents.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// Read one document. Unreadable files are an error diagnostic; undecodable bytes are read
/// lossily (the corpus entry points report that as a warning).
pub fn read_document(path: &Path) -> Result<SourceDoc, Diagnostic> {
    read_document_with_warnings(path).map(|(doc, _)| doc)
}

fn read_document_with_warnings(path: &Path) -> Result<(SourceDoc, Vec<Diagnostic>), Diagnostic> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Diagnostic {
        file: file.clone(),
        line: None,
        severity: Severity::Error,
        message: format!("cannot read document: {e}"),
    })?;
    let mut warnings = Vec::new();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(e) => {
            warnings.push(Diagnostic {
                file: file.clone(),
                line: None,
                severity: Severity::Warning,
                message: format!(
                    "not valid UTF-8 (first bad byte at offset {}); read with replacement characters",
                    e.valid_up_to()
                ),
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext == "html" || ext == "htm" {
        text = html_to_text(&text);
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned();
    Ok((
        SourceDoc {
            id: file_stem(&name).to_owned(),
            path: file,
            text,
        },
        warnings,
    ))
}

/// HTML reduced to readable text, wide enough that paragraphs stay on one line.
fn html_to_text(html: &str) -> String {
    html2text::config::plain()
        .string_from_read(html.as_bytes(), 100_000)
        .unwrap_or_else(|_| html.to_owned())
}

/// Read `dir/*.{txt,md,html}` sorted by name, `dir/manifest.toml` and, when asked,
/// `dir/overlay.toml`, and extract. Unreadable documents become diagnostics; a malformed
/// manifest or overlay (including an overlay quote that is not in its document) is the error.
pub fn build_corpus(dir: &Path, use_overlay: bool) -> Result<Extraction, ConfigError> {
    let manifest_path = dir.join("manifest.toml");
    let manifest = read_config(&manifest_path, parse_manifest)?.unwrap_or_default();
    let overlay = if use_overlay {
        read_config(&dir.join("overlay.toml"), parse_overlay)?
    } else {
        None
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| ConfigError {
            file: dir.display().to_string(),
            line: 0,
            reason: format!("cannot list the corpus directory: {e}"),
        })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    paths.sort();
    extract_files(&paths, &manifest, overlay.as_ref())
}

/// Read the given files and extract; the CLI and [`build_corpus`] share this.
pub fn extract_files(
    paths: &[std::path::PathBuf],
    manifest: &Manifest,
    overlay: Option<&crate::Overlay>,
) -> Result<Extraction, ConfigError> {
    let mut docs = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        match read_document_with_warnings(path) {
            Ok((doc, warnings)) => {
                docs.push(doc);
                diagnostics.extend(warnings);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if let Some(overlay) = overlay {
        crate::overlay::validate(overlay, &docs)?;
    }
    let mut extraction = extract(&docs, manifest, overlay);
    // Reading warnings (lossy decoding) count in their document's summary line too.
    for d in &diagnostics {
        let stem = file_stem(&d.file);
        if let Some(line) = extraction
            .summary
            .iter_mut()
            .find(|l| l.starts_with(&format!("{stem}: ")))
        {
            if let Some((head, tail)) = line.rsplit_once("; ") {
                let count = tail
                    .split_whitespace()
                    .next()
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(0);
                *line = format!("{head}; {} warnings", count + 1);
            }
        }
    }
    diagnostics.append(&mut extraction.diagnostics);
    extraction.diagnostics = diagnostics;
    Ok(extraction)
}

/// Read and parse a config file; a missing file is `Ok(None)`.
pub fn read_config<T>(
    path: &Path,
    parse: fn(&str, &str) -> Result<T, ConfigError>,
) -> Result<Option<T>, ConfigError> {
    let file = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|e| ConfigError {
                file: file.clone(),
                line: 0,
                reason: format!("not valid UTF-8: {e}"),
            })?;
            let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
            parse(text, &file).map(Some)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError {
            file,
            line: 0,
            reason: format!("cannot read: {e}"),
        }),
    }
}
