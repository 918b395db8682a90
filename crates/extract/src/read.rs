//! Reading documents from disk (native only): text, Markdown and HTML files, a BOM removed,
//! non-UTF-8 bytes replaced with a warning, HTML reduced to its text with `html2text`.
//!
//! A corpus folder is untrusted input: a symbolic link in it may point at any file of the
//! machine that builds the atlas (`~/.aws/credentials`, `/proc/self/environ`), and whatever is
//! read is published in the bundle. So a link is followed only when its target stays inside
//! the corpus folder; a link that leaves it is skipped with a warning naming it. A document
//! larger than [`MAX_DOCUMENT_BYTES`] is skipped with a warning too, before it is read whole.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::config::{file_stem, parse_manifest, parse_overlay, ConfigError, Manifest};
use crate::{extract, Diagnostic, Extraction, Severity, SourceDoc, MAX_DOCUMENT_BYTES};

/// File extensions read as documents.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// Read one document. Unreadable files are an error diagnostic; undecodable bytes are read
/// lossily (the corpus entry points report that as a warning).
pub fn read_document(path: &Path) -> Result<SourceDoc, Diagnostic> {
    read_document_with_warnings(path).map(|(doc, _)| doc)
}

fn read_document_with_warnings(path: &Path) -> Result<(SourceDoc, Vec<Diagnostic>), Diagnostic> {
    let file = path.display().to_string();
    let bytes = read_capped(path).map_err(|e| match e {
        ReadError::TooLarge => Diagnostic {
            file: file.clone(),
            line: None,
            severity: Severity::Warning,
            message: format!(
                "document larger than {} MB; skipped",
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
        },
        ReadError::Io(e) => Diagnostic {
            file: file.clone(),
            line: None,
            severity: Severity::Error,
            message: format!("cannot read document: {e}"),
        },
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
        text = html_to_text(&text).map_err(|depth| Diagnostic {
            file: file.clone(),
            line: None,
            severity: Severity::Warning,
            message: format!(
                "HTML nested {depth} elements deep, more than {MAX_HTML_DEPTH}; skipped"
            ),
        })?;
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

enum ReadError {
    TooLarge,
    Io(std::io::Error),
}

/// The bytes of a file of at most [`MAX_DOCUMENT_BYTES`]. The length is checked while reading,
/// not only from the metadata, which special files (`/proc`, pipes) report as 0.
fn read_capped(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let declared = file.metadata().map(|m| m.len()).unwrap_or(0);
    if declared > MAX_DOCUMENT_BYTES {
        return Err(ReadError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    file.take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// The deepest element nesting of an HTML document converted to text; far deeper than any
/// real page. html2text's layout work grows with the square of the nesting of block elements
/// (measured: 20,000 nested `<div>`s took 2.9 s of CPU, 47,000 took 42 s; 20,000 nested
/// `<b>` or `<span>`s, or 20,000 `<div>`s side by side, 0.1-0.2 s), so one hostile page could
/// stall a build for hours below the size cap. Deeper documents are skipped with a warning.
pub const MAX_HTML_DEPTH: usize = 512;

/// HTML reduced to readable text, wide enough that paragraphs stay on one line; `Err(depth)`
/// when its elements nest deeper than [`MAX_HTML_DEPTH`]. Parsing is quadratic in nesting too
/// (html5ever checks the open elements for a `<p>` in scope at each block start tag), so the
/// depth its tags declare is measured first, in one pass; then the parsed tree's, before
/// html2text lays it out.
fn html_to_text(html: &str) -> Result<String, usize> {
    let declared = declared_depth(html);
    if declared > MAX_HTML_DEPTH {
        return Err(declared);
    }
    let config = html2text::config::plain();
    let Ok(dom) = config.parse_html(html.as_bytes()) else {
        return Ok(html.to_owned());
    };
    let depth = dom_depth(&dom.document);
    if depth > MAX_HTML_DEPTH {
        return Err(depth);
    }
    Ok(config
        .dom_to_render_tree(&dom)
        .and_then(|tree| config.render_to_string(tree, 100_000))
        .unwrap_or_else(|_| html.to_owned()))
}

/// Elements that never hold others (no end tag) or whose end tag may be left out: a tag scan
/// does not count them, so loose real-world markup (`<p>` after `<p>`) is not taken for depth.
const UNCOUNTED_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
];

/// The deepest nesting `html`'s tags declare, in one pass without parsing: a start tag opens
/// an element (unless self-closed or in [`UNCOUNTED_ELEMENTS`]), an end tag closes one.
/// Comments and declarations are skipped; script text is scanned like the rest, which can only
/// overcount.
fn declared_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(offset) = bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| b == b'<'))
    {
        i += offset + 1;
        if html.get(i..).is_some_and(|rest| rest.starts_with("!--")) {
            i = html
                .get(i..)
                .and_then(|rest| rest.find("-->"))
                .map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = bytes
            .get(name_start..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html
            .get(name_start..name_start + name_len)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let tag_end = bytes
            .get(name_start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'>'))
            .map_or(bytes.len(), |e| name_start + e);
        i = tag_end;
        if UNCOUNTED_ELEMENTS.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if bytes.get(tag_end.wrapping_sub(1)) != Some(&b'/') {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// The depth of the deepest node below `root` (iterative: the tree may be deep).
fn dom_depth(root: &html2text::Handle) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root.clone(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(
            node.children
                .borrow()
                .iter()
                .map(|c| (c.clone(), depth + 1)),
        );
    }
    deepest
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
    let (paths, mut skipped) = list_documents(dir)?;
    let mut extraction = extract_files(&paths, &manifest, overlay.as_ref())?;
    skipped.append(&mut extraction.diagnostics);
    extraction.diagnostics = skipped;
    Ok(extraction)
}

/// The documents of a corpus folder, sorted by name, and a warning for each link skipped
/// because its target lies outside the folder (or cannot be resolved).
pub fn list_documents(dir: &Path) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), ConfigError> {
    let listing_error = |e: std::io::Error| ConfigError {
        file: dir.display().to_string(),
        line: 0,
        reason: format!("cannot list the corpus directory: {e}"),
    };
    let root = dir.canonicalize().map_err(listing_error)?;
    let mut paths = Vec::new();
    let mut skipped = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(listing_error)? {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        let is_document = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if !is_document {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.file_type().is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&root) && target.is_file() => paths.push(path),
                Ok(target) if target.starts_with(&root) => {}
                Ok(target) => skipped.push(link_warning(
                    &path,
                    format!("points outside the corpus folder, to {}", target.display()),
                )),
                Err(e) => skipped.push(link_warning(&path, format!("cannot be resolved: {e}"))),
            }
        } else if meta.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok((paths, skipped))
}

fn link_warning(path: &Path, why: String) -> Diagnostic {
    Diagnostic {
        file: path.display().to_string(),
        line: None,
        severity: Severity::Warning,
        message: format!("symbolic link {why}; skipped"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh scratch folder per test (std only: the crate has no `tempfile`).
    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("atlas-extract-read-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    }

    const DOC: &str = "Acme Bio announced that the FDA granted Fast Track Designation to AB-101.";

    #[test]
    fn declared_depth_counts_nesting_tags_only() {
        let check =
            |html: &str, expected: usize| assert_eq!(declared_depth(html), expected, "{html}");
        check("", 0);
        check("plain text < 5 and > 3", 0);
        check("<div><div><b>x</b></div></div>", 3);
        check("<div></div><div></div><div></div>", 1);
        check("<p>a<p>b<p>c<li>d<br><img src=x><hr/>", 0);
        check("<div><span/><span/></div>", 1);
        check("<!-- <div><div><div> --><div>x</div>", 1);
        check("</div></div><div>", 1);
        check(&"<div>".repeat(1000), 1000);
    }

    /// Regression: a page of 47,000 nested `<div>`s (under 1 MB) took 42 s of CPU to convert,
    /// since html2text's layout is quadratic in block nesting. Such a page is now skipped with
    /// a warning naming it, and an ordinary page still converts.
    #[test]
    fn html_nested_deeper_than_any_page_is_skipped_with_a_warning() {
        let dir = scratch("deep-html");
        let nested = |depth: usize| {
            format!(
                "<html><body>{}<p>{DOC}</p>{}</body></html>",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            )
        };
        std::fs::write(dir.join("deep.html"), nested(MAX_HTML_DEPTH + 10)).expect("deep");
        std::fs::write(dir.join("fine.html"), nested(100)).expect("fine");
        let x = build_corpus(&dir, false).expect("builds");
        let ids: Vec<&str> = x.texts.iter().map(|t| t.doc.as_str()).collect();
        assert_eq!(ids, ["fine"]);
        assert!(x.texts[0].text.contains("Fast Track Designation"));
        let warning = x
            .diagnostics
            .iter()
            .find(|d| d.file.ends_with("deep.html"))
            .expect("a warning names the deep page");
        assert!(
            warning.message.contains("nested") && warning.message.ends_with("skipped"),
            "{warning}"
        );
        std::fs::remove_dir_all(&dir).expect("clean up");
    }

    /// Regression: a link in the corpus to a file outside it (`~/.aws/credentials`) was read
    /// and published in the bundle. Links inside the folder are still followed.
    #[cfg(unix)]
    #[test]
    fn links_leaving_the_corpus_are_skipped_with_a_warning() {
        let outside = scratch("outside");
        let secret = outside.join("credentials.txt");
        std::fs::write(&secret, "aws_secret_access_key = SECRET").expect("secret");
        let dir = scratch("links");
        std::fs::write(dir.join("a.txt"), DOC).expect("doc");
        std::os::unix::fs::symlink(&secret, dir.join("leak.txt")).expect("link out");
        std::os::unix::fs::symlink(dir.join("a.txt"), dir.join("b.txt")).expect("link in");
        std::os::unix::fs::symlink(dir.join("gone.txt"), dir.join("dangling.txt"))
            .expect("dangling link");
        let x = build_corpus(&dir, false).expect("builds");
        let ids: Vec<&str> = x.dataset.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert!(x.texts.iter().all(|t| !t.text.contains("SECRET")));
        let warned = |name: &str| {
            x.diagnostics.iter().any(|d| {
                d.severity == Severity::Warning
                    && d.file.ends_with(name)
                    && d.message.contains("symbolic link")
            })
        };
        assert!(warned("leak.txt"), "{:?}", x.diagnostics);
        assert!(warned("dangling.txt"), "{:?}", x.diagnostics);
        assert!(!warned("b.txt"), "{:?}", x.diagnostics);
    }

    #[test]
    fn documents_over_the_size_cap_are_skipped_with_a_warning() {
        let dir = scratch("cap");
        std::fs::write(dir.join("a.txt"), DOC).expect("doc");
        // A sparse file: one byte over the cap without writing 20 MB.
        let big = std::fs::File::create(dir.join("big.txt")).expect("big");
        big.set_len(MAX_DOCUMENT_BYTES + 1).expect("grow");
        let x = build_corpus(&dir, false).expect("builds");
        let ids: Vec<&str> = x.dataset.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a"]);
        assert!(
            x.diagnostics.iter().any(|d| d.file.ends_with("big.txt")
                && d.severity == Severity::Warning
                && d.message.contains("larger than 20 MB")),
            "{:?}",
            x.diagnostics
        );
        let one = read_document(&dir.join("big.txt")).expect_err("over the cap");
        assert_eq!(one.severity, Severity::Warning);
        // Exactly at the cap is still read (kept out of `build_corpus`: 20 MB of extraction).
        let at_cap = dir.join("at-cap.bin");
        let f = std::fs::File::create(&at_cap).expect("at cap");
        f.set_len(MAX_DOCUMENT_BYTES).expect("grow");
        assert!(read_capped(&at_cap).is_ok());
    }
}
