//! `cargo xtask serve`: build `dist/` and serve it on 127.0.0.1 until interrupted.
//!
//! A plain static server (tiny_http): no rewrites, so what works here works on any static
//! host. It sends the strict Content-Security-Policy the app is built to run under.
//!
//! It answers only requests whose `Host` names the loopback (`localhost`, `127.0.0.1`,
//! `[::1]`, with or without the bound port): a page on another site whose name an attacker
//! re-points at 127.0.0.1 (DNS rebinding) gets 421 Misdirected Request, not the atlas.

use std::path::{Component, Path, PathBuf};

use anyhow::Result;

use crate::dist;

/// The policy the hosted bundle runs under, sent as a header (its one source is
/// `dist::html::CSP`, which every `index.html` also carries as a meta tag).
pub use crate::dist::html::CSP;

/// `cargo xtask serve` flags.
#[derive(clap::Args, Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// The port on 127.0.0.1
    #[arg(long, value_name = "N", default_value_t = 8080)]
    pub port: u16,
    #[command(flatten)]
    pub input: dist::Input,
}

pub fn serve(args: &Args) -> Result<()> {
    let port = args.port;
    let dir = dist::dist(&dist::Options {
        input: args.input.clone(),
        ..dist::Options::default()
    })?;
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    println!("Pipeline Atlas is being served at http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    for request in server.incoming_requests() {
        let host = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str());
        let response = if host_allowed(host, port) {
            respond(&dir, request.url())
        } else {
            tiny_http::Response::from_string(
                "misdirected request: this server answers to 127.0.0.1 and localhost only",
            )
            .with_status_code(421)
        };
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

/// Whether a request with this `Host` header may be answered by the server bound to
/// 127.0.0.1:`port`: the loopback names and addresses only, with no port or that port. A
/// missing header (HTTP/1.0) is refused too: a browser always sends one.
fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else {
        return false;
    };
    let host = host.trim().to_ascii_lowercase();
    // `[::1]:8080` keeps its brackets; a bare name or IPv4 address splits at its last colon.
    let (name, host_port) = match host.rsplit_once(':') {
        Some((name, p)) if !p.contains(']') => (name, Some(p)),
        _ => (host.as_str(), None),
    };
    let port_ok = host_port.is_none_or(|p| p.parse::<u16>() == Ok(port));
    let name_ok = matches!(name, "localhost" | "127.0.0.1" | "[::1]");
    name_ok && port_ok
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::parse;
    use crate::Cmd;

    fn check(line: &str, expected: Args) {
        match parse(line) {
            Ok(Cmd::Serve(args)) => assert_eq!(args, expected, "{line}"),
            other => panic!("{line}: {other:?}"),
        }
    }

    #[test]
    fn every_flag_of_serve_parses() {
        let input = dist::Input::default;
        check(
            "serve",
            Args {
                port: 8080,
                input: input(),
            },
        );
        check(
            "serve --port 9000",
            Args {
                port: 9000,
                input: input(),
            },
        );
        check(
            "serve --corpus c --title T",
            Args {
                port: 8080,
                input: dist::Input {
                    corpus: "c".into(),
                    title: Some("T".into()),
                },
            },
        );
        for bad in [
            "serve --port",
            "serve --port x",
            "serve --port 70000",
            "serve --out d",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    // Regression (issue 12, item 13): the server answered any Host, so a site whose name an
    // attacker re-points at 127.0.0.1 (DNS rebinding) could read the atlas.
    #[test]
    fn only_loopback_hosts_are_answered() {
        let check = |host: Option<&str>, expected: bool| {
            assert_eq!(host_allowed(host, 8080), expected, "{host:?}");
        };
        for ok in [
            "127.0.0.1:8080",
            "127.0.0.1",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "[::1]",
        ] {
            check(Some(ok), true);
        }
        for bad in [
            "evil.example:8080",
            "evil.example",
            "127.0.0.1.evil.example:8080",
            "localhost.evil.example",
            "127.0.0.1:9090",
            "localhost:",
            "localhost:8080:8080",
            "0.0.0.0:8080",
            "[::1]:80",
            "",
        ] {
            check(Some(bad), false);
        }
        check(None, false);
    }

    #[test]
    fn urls_resolve_inside_the_folder_only() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("index.html"), "i").unwrap();
        std::fs::write(dir.join("a.js"), "a").unwrap();
        assert_eq!(resolve(&dir, "/"), Some(dir.join("index.html")));
        assert_eq!(resolve(&dir, "/./a.js"), Some(dir.join("a.js")));
        assert_eq!(resolve(&dir, "/missing"), None);
        assert_eq!(resolve(&dir, "/sub"), None, "a folder without index.html");
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(content_type(Path::new("x.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("x.bin")), "application/octet-stream");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
