//! `--single-file`: one self-contained HTML file that opens from `file://`.
//!
//! The dataset goes in as base64 in a non-executable `<script type="application/octet-stream">`
//! block that the app reads before its first render. The wasm-bindgen glue is an ES module
//! that imports nothing but does `export`; we turn its exports into plain declarations, append
//! a call that instantiates the inlined wasm bytes, and put the whole thing in one inline
//! module script guarded by a CSP meta tag that allows exactly that script's SHA-256 plus
//! `'wasm-unsafe-eval'`. [`render`] is the pure part; [`write`] gathers the app's files.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use atlas_build::{Downloads, SINGLE_FILE_MAX_BYTES};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::gzip_len;
use crate::step;

/// What goes into the single file.
pub struct Parts<'a> {
    /// The wasm-bindgen glue (an ES module).
    pub glue: &'a str,
    pub wasm: &'a [u8],
    pub css: &'a str,
    pub favicon_svg: &'a [u8],
    /// The whole encoded bundle.
    pub bundle: &'a [u8],
    /// The whole-dataset downloads as `data:` URLs (the app only needs their URLs).
    pub downloads: &'a [String],
    /// The encoded changes since a previous build, inlined like the bundle.
    pub changes: Option<&'a [u8]>,
    /// The curation module: the worker's no-modules glue and loader script, kept as an inert
    /// block the controls turn into a `blob:` worker, and its wasm as another; and the
    /// controls (`curate-ui.js`), part of the page's one script (they only define
    /// `atlasCurate` until a curator acts).
    pub curate: Option<Curate<'a>>,
}

/// The curation files of the single file (see [`Parts::curate`]).
pub struct Curate<'a> {
    pub glue: &'a str,
    pub loader: &'a str,
    pub controls: &'a str,
    pub wasm: &'a [u8],
}

/// Trunk's name for the curation worker's files (workers keep their crate's name).
const WORKER_STEM: &str = "atlas-curate-worker";

/// Write `out_dir/pipeline-atlas.html` from the app in `dist_dir` and the encoded `bundle`.
pub fn write(
    dist_dir: &Path,
    bundle: &[u8],
    downloads: Option<&Downloads>,
    changes: Option<&[u8]>,
    out_dir: &Path,
) -> Result<()> {
    step("writing the single-file atlas");
    let read = |path: &Path| {
        std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))
    };
    let (wasm, css) = app_files(dist_dir)?;
    // Trunk names the glue `<stem>.js` beside `<stem>_bg.wasm`.
    let stem = wasm
        .file_name()
        .map(|n| n.to_string_lossy().trim_end_matches("_bg.wasm").to_owned())
        .unwrap_or_default();
    let glue_path = dist_dir.join(format!("{stem}.js"));
    let mut data_urls = Vec::new();
    if let Some(d) = downloads {
        for (name, mime) in [
            (&d.json, "application/json"),
            (&d.csv, "text/csv;charset=utf-8"),
        ] {
            let bytes = read(&dist_dir.join(name))?;
            data_urls.push(format!(
                "data:{mime};base64,{}",
                base64::engine::general_purpose::STANDARD.encode(bytes)
            ));
        }
    }
    let wasm_bytes = read(&wasm)?;
    let total = wasm_bytes.len() + bundle.len() + data_urls.iter().map(String::len).sum::<usize>();
    if total > SINGLE_FILE_MAX_BYTES {
        bail!(
            "the app and its dataset come to {} MB, more than the {} MB a single HTML file can sensibly carry; use the hosted build (cargo xtask dist) instead",
            total / (1024 * 1024),
            SINGLE_FILE_MAX_BYTES / (1024 * 1024)
        );
    }
    let glue = String::from_utf8(read(&glue_path)?)
        .with_context(|| format!("{}: not UTF-8", glue_path.display()))?;
    let css_text =
        String::from_utf8(read(&css)?).with_context(|| format!("{}: not UTF-8", css.display()))?;
    let favicon = read(&crate::root().join("static/favicon.svg"))?;
    let worker_wasm = read(&dist_dir.join(format!("{WORKER_STEM}_bg.wasm")))?;
    let text = |p: PathBuf| {
        String::from_utf8(read(&p)?).with_context(|| format!("{}: not UTF-8", p.display()))
    };
    let worker_glue = text(dist_dir.join(format!("{WORKER_STEM}.js")))?;
    let worker_loader = text(dist_dir.join("curate-worker.js"))?;
    let controls = text(dist_dir.join("curate-ui.js"))?;
    let html = render(&Parts {
        glue: &glue,
        wasm: &wasm_bytes,
        css: &css_text,
        favicon_svg: &favicon,
        bundle,
        downloads: &data_urls,
        changes,
        curate: Some(Curate {
            glue: &worker_glue,
            loader: &worker_loader,
            controls: &controls,
            wasm: &worker_wasm,
        }),
    })
    .with_context(|| format!("{}: cannot inline", glue_path.display()))?;
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("{}: cannot create", out_dir.display()))?;
    let out = out_dir.join("pipeline-atlas.html");
    std::fs::write(&out, &html).with_context(|| format!("{}: cannot write", out.display()))?;
    eprintln!(
        "  {}: {} bytes, {} gzip -9",
        out.display(),
        html.len(),
        gzip_len(html.as_bytes())
    );
    Ok(())
}

/// The app's `_bg.wasm` and `.css` in `dist_dir` (Trunk writes one of each).
fn app_files(dist_dir: &Path) -> Result<(PathBuf, PathBuf)> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dist_dir)
        .with_context(|| format!("{}: cannot list", dist_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    // Sorted, so which file is taken never depends on the file system's order.
    names.sort();
    let find = |suffix: &str| {
        names
            .iter()
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(WORKER_STEM))
            })
            .find(|p| p.to_string_lossy().ends_with(suffix))
            .cloned()
    };
    let (Some(wasm), Some(css)) = (find("_bg.wasm"), find(".css")) else {
        bail!(
            "{}: expected a _bg.wasm and a .css from Trunk",
            dist_dir.display()
        );
    };
    Ok((wasm, css))
}

/// The single HTML file.
pub fn render(p: &Parts) -> Result<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut script = String::with_capacity(p.glue.len() + p.wasm.len() * 4 / 3 + 512);
    // The hash covers exactly the text between the tags, leading newline included.
    script.push('\n');
    for line in p.glue.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("export {") || trimmed.starts_with("export default") {
            continue;
        }
        let line = line
            .replacen("export function ", "function ", 1)
            .replacen("export class ", "class ", 1)
            .replacen("export const ", "const ", 1)
            .replacen("export async function ", "async function ", 1);
        script.push_str(&line);
        script.push('\n');
    }
    if let Some(c) = &p.curate {
        script.push_str(c.controls.trim_end());
        script.push('\n');
    }
    script.push_str("const atlasWasm = Uint8Array.from(atob(\"");
    script.push_str(&b64.encode(p.wasm));
    script.push_str("\"), (c) => c.charCodeAt(0));\n");
    script.push_str("__wbg_init({ module_or_path: atlasWasm });\n");
    if script.contains("</script") {
        bail!("the glue script contains </script and cannot be inlined");
    }
    let hash = b64.encode(Sha256::digest(script.as_bytes()));
    let changes = p
        .changes
        .map(|c| {
            format!(
                "<script type=\"application/octet-stream\" id=\"pipeline-atlas-changes\">{}</script>\n",
                b64.encode(c)
            )
        })
        .unwrap_or_default();
    // The curation worker runs from a blob: URL made of an inert block: exactly
    // `worker-src blob:` is added to the policy for it.
    let (curate, worker_src) = match &p.curate {
        Some(Curate {
            glue, loader, wasm, ..
        }) => {
            let js = format!("{glue}\n{loader}");
            if js.contains("</script") {
                bail!("the curation worker script contains </script and cannot be inlined");
            }
            (
                format!(
                    "<script type=\"text/plain\" id=\"pipeline-atlas-curate-js\">{js}</script>\n<script type=\"application/octet-stream\" id=\"pipeline-atlas-curate-wasm\">{}</script>\n",
                    b64.encode(wasm)
                ),
                "; worker-src blob:",
            )
        }
        None => (String::new(), ""),
    };
    let csp = format!(
        "default-src 'none'; script-src 'sha256-{hash}' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'{worker_src}"
    );
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"color-scheme\" content=\"light dark\">\n<title>Pipeline Atlas</title>\n<meta name=\"pipeline-atlas-downloads\" content=\"{}\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"data:image/svg+xml;base64,{}\">\n<style>\n{}\n</style>\n</head>\n<body>\n<p id=\"loading\" class=\"loading\">Loading the atlas…</p>\n<script type=\"application/octet-stream\" id=\"pipeline-atlas-data\">{}</script>\n{changes}{curate}<script type=\"module\">{script}</script>\n</body>\n</html>\n",
        p.downloads.join(" "),
        b64.encode(p.favicon_svg),
        p.css,
        b64.encode(p.bundle),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "let wasm;\nexport function greet() {}\nexport class Engine {}\nasync function __wbg_init(m) {}\nexport { initSync };\nexport default __wbg_init;\n";

    fn parts<'a>(glue: &'a str, downloads: &'a [String]) -> Parts<'a> {
        Parts {
            glue,
            wasm: b"\0asm",
            css: "body{}",
            favicon_svg: b"<svg/>",
            bundle: b"PAT1",
            downloads,
            changes: None,
            curate: None,
        }
    }

    /// The text of the one inline module script.
    fn module_script(html: &str) -> &str {
        let start =
            html.find("<script type=\"module\">").unwrap() + "<script type=\"module\">".len();
        &html[start..start + html[start..].find("</script>").unwrap()]
    }

    #[test]
    fn glue_exports_become_declarations_and_the_wasm_is_inlined() {
        let html = render(&parts(GLUE, &[])).unwrap();
        let script = module_script(&html);
        assert!(!script.contains("export"), "{script}");
        assert!(script.contains("\nfunction greet() {}\nclass Engine {}\n"));
        assert!(script.contains("atob(\"AGFzbQ==\")"));
        assert!(script.ends_with("__wbg_init({ module_or_path: atlasWasm });\n"));
        assert!(html.contains("id=\"pipeline-atlas-data\">UEFUMQ==</script>"));
        assert!(!html.contains("pipeline-atlas-changes"));
        let with_changes = render(&Parts {
            changes: Some(b"PAC1"),
            ..parts(GLUE, &[])
        })
        .unwrap();
        assert!(with_changes.contains("id=\"pipeline-atlas-changes\">UEFDMQ==</script>"));
    }

    #[test]
    fn the_curation_worker_is_inert_and_allowed_as_blob_only() {
        let plain = render(&parts(GLUE, &[])).unwrap();
        assert!(!plain.contains("worker-src"));
        let html = render(&Parts {
            curate: Some(Curate {
                glue: "let wasm_bindgen = 1;",
                loader: "self.onmessage = () => {};",
                controls: "self.atlasCurate = {};",
                wasm: b"\0asm",
            }),
            ..parts(GLUE, &[])
        })
        .unwrap();
        assert!(html.contains(
            "<script type=\"text/plain\" id=\"pipeline-atlas-curate-js\">let wasm_bindgen = 1;\nself.onmessage = () => {};</script>"
        ));
        // The controls are in the one script; the worker's code is not.
        let script = module_script(&html);
        assert!(script.contains("\nself.atlasCurate = {};\n"));
        assert!(!script.contains("wasm_bindgen"));
        assert!(html.contains("id=\"pipeline-atlas-curate-wasm\">AGFzbQ==</script>"));
        assert!(html.contains("form-action 'none'; worker-src blob:\">"));
        let bad = render(&Parts {
            curate: Some(Curate {
                glue: "",
                loader: "'</script>'",
                controls: "",
                wasm: b"",
            }),
            ..parts(GLUE, &[])
        });
        assert!(bad.is_err());
    }

    #[test]
    fn the_csp_allows_exactly_the_inline_script() {
        let downloads = ["data:application/json;base64,e30=".to_owned()];
        let html = render(&parts(GLUE, &downloads)).unwrap();
        let hash = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(module_script(&html).as_bytes()));
        assert!(html.contains(&format!("script-src 'sha256-{hash}' 'wasm-unsafe-eval'")));
        assert!(html.contains("content=\"data:application/json;base64,e30=\""));
        // Same parts, same bytes.
        assert_eq!(render(&parts(GLUE, &downloads)).unwrap(), html);
    }

    #[test]
    fn a_glue_that_closes_its_script_is_refused() {
        let err = render(&parts("const s = '</script>';", &[])).unwrap_err();
        assert!(err.to_string().contains("</script"), "{err}");
    }
}
