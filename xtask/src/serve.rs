//! `cargo xtask serve`: build `dist/` and serve it on 127.0.0.1 until interrupted.
//!
//! A plain static server (tiny_http): no rewrites, so what works here works on any static
//! host. It sends the strict Content-Security-Policy the app is built to run under.

use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::dist;

/// The policy the hosted bundle runs under (also what the end-to-end tests send).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";

pub fn serve(args: &[String]) -> Result<()> {
    let mut port: u16 = 8080;
    let mut dist_args = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--port" => {
                let value = it.next().context("--port needs a number")?;
                port = value
                    .parse()
                    .with_context(|| format!("--port {value:?}: not a port number"))?;
            }
            "--corpus" | "--title" => {
                dist_args.push(arg.clone());
                dist_args.push(
                    it.next()
                        .with_context(|| format!("{arg} needs a value"))?
                        .clone(),
                );
            }
            other => bail!(
                "serve: unknown argument {other:?} (expected --port N, --corpus DIR, --title TEXT)"
            ),
        }
    }
    let opts = dist::Options::parse(&dist_args)?;
    let dir = dist::dist(&opts)?;
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    println!("Pipeline Atlas is being served at http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    for request in server.incoming_requests() {
        let response = respond(&dir, request.url());
        if let Err(e) = request.respond(response) {
            eprintln!("serve: {e}");
        }
    }
    Ok(())
}

fn respond(dir: &Path, url: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let Some(file) = resolve(dir, path) else {
        return tiny_http::Response::from_string("not found").with_status_code(404);
    };
    match std::fs::read(&file) {
        Ok(bytes) => {
            let mut response = tiny_http::Response::from_data(bytes);
            for (name, value) in [
                ("Content-Type", content_type(&file)),
                ("Content-Security-Policy", CSP),
                ("X-Content-Type-Options", "nosniff"),
            ] {
                let header = tiny_http::Header::from_bytes(name, value)
                    .expect("static header names and values are valid");
                response.add_header(header);
            }
            response
        }
        Err(_) => tiny_http::Response::from_string("not found").with_status_code(404),
    }
}

/// Map a URL path to a file inside `dir`, refusing `..` and absolute components.
fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let mut out = dir.to_path_buf();
    for comp in Path::new(url_path.trim_start_matches('/')).components() {
        match comp {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}
