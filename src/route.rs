//! Hash routes: `#/`, `#/?q=pd-1`, `#/asset/<id>`, `#/doc/<id>?hl=12-80`, `#/compare?arms=…`,
//! and the same under `#/embed/…` for the framed view.
//!
//! Hash routing works on any static host, under any sub-path, from `file://` and inside an
//! iframe without server rewrites; `leptos_router` routes on paths only, so this small router
//! is our own. Parsing and formatting are plain functions, unit-tested natively.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters escaped in route components: everything but unreserved ones.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// One screen of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// Search results; `filters` are facet selections such as `("target", "PD-1")`.
    Home {
        q: String,
        filters: Vec<(String, String)>,
    },
    Asset(String),
    /// A source document, optionally with a byte span to highlight and scroll to.
    Doc {
        doc_id: String,
        highlight: Option<(u32, u32)>,
    },
    NotFound(String),
}

/// A parsed hash: the page and whether it is shown in the chrome-less embed view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub embed: bool,
    pub page: Page,
}

impl Route {
    /// The home page with an empty query.
    pub fn home() -> Route {
        Route {
            embed: false,
            page: Page::Home {
                q: String::new(),
                filters: Vec::new(),
            },
        }
    }

    /// Parse `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = match hash.split_once('?') {
            Some((p, q)) => (p, q),
            None => (hash, ""),
        };
        let path = path.trim_start_matches('/');
        let (embed, path) = match path.strip_prefix("embed") {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => {
                (true, rest.trim_start_matches('/'))
            }
            _ => (false, path),
        };
        let params = parse_query(query);
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect();
        let page = match segments.as_slice() {
            [] => Page::Home {
                q: param(&params, "q").unwrap_or_default(),
                filters: params.into_iter().filter(|(k, _)| k != "q").collect(),
            },
            [kind, id] if kind == "asset" => Page::Asset(id.clone()),
            [kind, id] if kind == "doc" => Page::Doc {
                doc_id: id.clone(),
                highlight: param(&params, "hl").and_then(|s| parse_span(&s)),
            },
            _ => Page::NotFound(format!("/{path}")),
        };
        Route { embed, page }
    }

    /// The hash for this route, `#/…` (the inverse of [`Route::parse`]).
    pub fn to_hash(&self) -> String {
        let prefix = if self.embed { "#/embed/" } else { "#/" };
        let rest = match &self.page {
            Page::Home { q, filters } => {
                let mut params: Vec<(&str, &str)> = Vec::new();
                if !q.is_empty() {
                    params.push(("q", q));
                }
                params.extend(filters.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                query_string(&params)
            }
            Page::Asset(id) => format!("asset/{}", encode(id)),
            Page::Doc { doc_id, highlight } => {
                let mut s = format!("doc/{}", encode(doc_id));
                if let Some((a, b)) = highlight {
                    s.push_str(&format!("?hl={a}-{b}"));
                }
                s
            }
            Page::NotFound(path) => path.trim_start_matches('/').to_owned(),
        };
        format!("{prefix}{rest}")
    }

    /// The same page, in or out of the embed view.
    pub fn with_embed(mut self, embed: bool) -> Route {
        self.embed = embed;
        self
    }
}

/// Percent-encode one route component.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

fn decode(s: &str) -> String {
    // `+` is a space in query strings typed by people; a literal plus arrives as %2B.
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(kv), String::new()),
        })
        .collect()
}

fn param(params: &[(String, String)], key: &str) -> Option<String> {
    params.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

fn query_string(params: &[(&str, &str)]) -> String {
    if params.is_empty() {
        return String::new();
    }
    let joined: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    format!("?{}", joined.join("&"))
}

fn parse_span(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.split_once('-')?;
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    (a <= b).then_some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(hash: &str, expected: Route) {
        let route = Route::parse(hash);
        assert_eq!(route, expected, "parse({hash:?})");
        assert_eq!(Route::parse(&route.to_hash()), route, "round trip of {hash:?}");
    }

    fn home(q: &str, filters: &[(&str, &str)]) -> Page {
        Page::Home {
            q: q.to_owned(),
            filters: filters
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    fn plain(page: Page) -> Route {
        Route { embed: false, page }
    }

    #[test]
    fn parses_routes() {
        check("", plain(home("", &[])));
        check("#", plain(home("", &[])));
        check("#/", plain(home("", &[])));
        check("#/?q=pd-1", plain(home("pd-1", &[])));
        check("#/?q=PD-1%20NSCLC", plain(home("PD-1 NSCLC", &[])));
        check("#/?q=a+b", plain(home("a b", &[])));
        check(
            "#/?q=x&target=PD-L1",
            plain(home("x", &[("target", "PD-L1")])),
        );
        check("#/asset/ibi363", plain(Page::Asset("ibi363".into())));
        check(
            "#/doc/000_abc?hl=10-42",
            plain(Page::Doc {
                doc_id: "000_abc".into(),
                highlight: Some((10, 42)),
            }),
        );
        check(
            "#/doc/000_abc?hl=42-10",
            plain(Page::Doc {
                doc_id: "000_abc".into(),
                highlight: None,
            }),
        );
        check("#/nope/x/y", plain(Page::NotFound("/nope/x/y".into())));
        check(
            "#/embed/asset/lbl-024",
            Route {
                embed: true,
                page: Page::Asset("lbl-024".into()),
            },
        );
        check(
            "#/embed/?q=pd-1",
            Route {
                embed: true,
                page: home("pd-1", &[]),
            },
        );
        // "embedded" is not the embed prefix.
        check("#/embedded", plain(Page::NotFound("/embedded".into())));
    }

    #[test]
    fn formats_with_escaping() {
        let route = plain(home("IL-2Rα & co", &[]));
        assert_eq!(route.to_hash(), "#/?q=IL-2R%CE%B1%20%26%20co");
        assert_eq!(
            plain(Page::Asset("lbl-024".into())).with_embed(true).to_hash(),
            "#/embed/asset/lbl-024"
        );
    }
}
