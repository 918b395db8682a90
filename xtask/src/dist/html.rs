//! `index.html` surgery: Trunk's inline loader moved into a content-hashed `boot-<hash>.js`
//! (a strict CSP, `script-src 'self'`, would block it inline) and `<meta>` tags naming the
//! data files. The edits are pure functions on the text, tested on Trunk-shaped input;
//! [`rewrite_index`] does the file reading and writing.

use std::path::Path;

use anyhow::{bail, Context, Result};

/// The Content-Security-Policy the hosted atlas runs under: the one source of it. `xtask serve`
/// sends it as a header, every `index.html` carries it as a meta tag (so a host that sends no
/// header still runs the atlas protected), and the end-to-end server reads it from there.
/// `frame-ancestors` is left to the host's header: a meta tag cannot carry it.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";

/// Trunk writes `<script type="module">`, or `<script type=module>` once minified.
const MODULE_OPENINGS: [&str; 2] = ["<script type=\"module\">", "<script type=module>"];

/// `index.html` with its loader made external.
#[derive(Debug, PartialEq, Eq)]
pub struct Externalised {
    pub html: String,
    /// `boot-<hash>.js`
    pub script_name: String,
    pub script: String,
}

/// Externalise the loader of `dist_dir/index.html` into `boot-<hash>.js` and add `metas`.
pub fn rewrite_index(dist_dir: &Path, metas: &[(&str, String)]) -> Result<()> {
    let index = dist_dir.join("index.html");
    let html = std::fs::read_to_string(&index)
        .with_context(|| format!("{}: cannot read", index.display()))?;
    let mut ext = externalise_loader(&html).with_context(|| format!("{}", index.display()))?;
    ext.html = add_csp_meta(&ext.html).with_context(|| format!("{}", index.display()))?;
    for (name, content) in metas {
        ext.html =
            add_meta(&ext.html, name, content).with_context(|| format!("{}", index.display()))?;
    }
    let script_path = dist_dir.join(&ext.script_name);
    std::fs::write(&script_path, &ext.script)
        .with_context(|| format!("{}: cannot write", script_path.display()))?;
    std::fs::write(&index, &ext.html).with_context(|| format!("{}: cannot write", index.display()))
}

/// Move the one inline `<script type="module">` of `html` into a script of its own, dropping
/// Trunk's extras (a global of the bindings and a start event), which the app does not use.
pub fn externalise_loader(html: &str) -> Result<Externalised> {
    let Some((start, open)) = MODULE_OPENINGS
        .into_iter()
        .find_map(|open| html.find(open).map(|start| (start, open)))
    else {
        bail!("no inline module loader found; did Trunk's output format change?");
    };
    let body_start = start + open.len();
    let Some(len) = html[body_start..].find("</script>") else {
        bail!("unterminated inline script");
    };
    let script = html[body_start..body_start + len]
        .lines()
        .filter(|l| !l.contains("window.wasmBindings") && !l.contains("TrunkApplicationStarted"))
        .collect::<Vec<_>>()
        .join("\n");
    let script_name = format!("boot-{}.js", atlas_build::short_hash(script.as_bytes()));
    let tag = format!("<script type=\"module\" src=\"./{script_name}\"></script>");
    let new_html = format!(
        "{}{}{}",
        &html[..start],
        tag,
        &html[body_start + len + "</script>".len()..]
    );
    if MODULE_OPENINGS.iter().any(|open| new_html.contains(open)) {
        bail!("more than one inline module script");
    }
    if new_html.contains(" style=\"") {
        bail!("inline style attribute (blocked by a strict CSP)");
    }
    Ok(Externalised {
        html: new_html,
        script_name,
        script: script.trim().to_owned(),
    })
}

/// `html` with [`CSP`] as `<meta http-equiv>` right after the charset (or first in `<head>`):
/// a meta policy governs only what comes after it. Trunk's minified output drops the optional
/// `<head>` tag itself.
pub fn add_csp_meta(html: &str) -> Result<String> {
    let after_charset = html
        .find("<meta charset")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1));
    let after_head = html.find("<head>").map(|i| i + "<head>".len());
    let Some(at) = after_charset.or(after_head) else {
        bail!("no <head> or charset to put the CSP meta tag after");
    };
    Ok(format!(
        "{}\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">{}",
        &html[..at],
        &html[at..]
    ))
}

/// `html` with `<meta name="{name}" content="{content}">` added at the end of `<head>`.
pub fn add_meta(html: &str, name: &str, content: &str) -> Result<String> {
    let Some(pos) = html.find("</head>") else {
        bail!("no </head>");
    };
    let meta = format!("<meta name=\"{name}\" content=\"{content}\">\n  </head>");
    Ok(format!(
        "{}{}{}",
        &html[..pos],
        meta,
        &html[pos + "</head>".len()..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = "<!DOCTYPE html><html><head><title>A</title>\n  </head><body>\
<script type=\"module\">\nimport init, * as bindings from './app-1.js';\nconst wasm = await init({ module_or_path: './app-1_bg.wasm' });\nwindow.wasmBindings = bindings;\ndispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n</script></body></html>";

    #[test]
    fn loader_moves_into_a_hashed_script() {
        let ext = externalise_loader(TRUNK).unwrap();
        assert_eq!(
            ext.script,
            "import init, * as bindings from './app-1.js';\nconst wasm = await init({ module_or_path: './app-1_bg.wasm' });"
        );
        let expected_name = format!(
            "boot-{}.js",
            atlas_build::short_hash(format!("\n{}", ext.script).as_bytes())
        );
        assert_eq!(ext.script_name, expected_name);
        assert!(ext.html.ends_with(&format!(
            "<body><script type=\"module\" src=\"./{expected_name}\"></script></body></html>"
        )));
        // Minified Trunk output (unquoted attribute) works the same.
        let minified = TRUNK.replace("type=\"module\">", "type=module>");
        assert_eq!(externalise_loader(&minified).unwrap(), ext);
    }

    #[test]
    fn loader_surgery_refuses_what_it_cannot_make_safe() {
        let check = |html: &str, msg: &str| {
            let err = externalise_loader(html).unwrap_err().to_string();
            assert!(err.contains(msg), "{err}");
        };
        check("<html><head></head></html>", "no inline module loader");
        check("<script type=module>never closed", "unterminated");
        check(
            "<script type=module>a</script><script type=\"module\">b</script>",
            "more than one",
        );
        check(
            "<p style=\"color:red\"></p><script type=module>a</script>",
            "inline style",
        );
    }

    #[test]
    fn the_csp_meta_comes_first_in_head() {
        // Bug: index.html carried no policy, so a host sending no header ran it unprotected.
        let html = add_csp_meta("<head><title>A</title></head>").unwrap();
        assert!(html.starts_with(
            "<head>\n  <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self';"
        ));
        assert!(
            !CSP.contains("frame-ancestors"),
            "a meta policy cannot carry it"
        );
        assert!(add_csp_meta("<body></body>").is_err());
        let minified = add_csp_meta("<html lang=en><meta charset=utf-8><title>A</title>").unwrap();
        assert!(minified.starts_with(
            "<html lang=en><meta charset=utf-8>\n  <meta http-equiv=\"Content-Security-Policy\""
        ));
    }

    #[test]
    fn metas_go_at_the_end_of_head() {
        let html = add_meta("<head><title>A</title></head><body></body>", "n", "./x").unwrap();
        assert_eq!(
            html,
            "<head><title>A</title><meta name=\"n\" content=\"./x\">\n  </head><body></body>"
        );
        let twice = add_meta(&html, "m", "./y").unwrap();
        assert!(twice.find("name=\"n\"").unwrap() < twice.find("name=\"m\"").unwrap());
        assert!(add_meta("<body></body>", "n", "x").is_err());
    }

    #[test]
    fn rewrite_index_writes_both_files() {
        let dir = std::env::temp_dir().join(format!("xtask-html-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), TRUNK).unwrap();
        rewrite_index(
            &dir,
            &[("pipeline-atlas-data", "./atlas-data-1.bin".into())],
        )
        .unwrap();
        let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
        let ext = externalise_loader(TRUNK).unwrap();
        assert!(html.contains("<meta name=\"pipeline-atlas-data\" content=\"./atlas-data-1.bin\">"));
        assert_eq!(
            std::fs::read_to_string(dir.join(&ext.script_name)).unwrap(),
            ext.script
        );
        std::fs::remove_dir_all(&dir).unwrap();
        let err = rewrite_index(&dir, &[]).unwrap_err();
        assert!(
            format!("{err:#}").contains("index.html: cannot read"),
            "{err:#}"
        );
    }
}
