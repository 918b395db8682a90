//! Hash routes: `#/`, `#/?q=pd-1`, `#/asset/<id>`, `#/doc/<id>?hl=12-80`, `#/compare?arms=…`,
//! `#/company/<slug>` (and `target`, `indication`), `#/landscape?by=modality`,
//! `#/timeline?kind=…&agency=…&asset=…`, `#/changes?kind=…`, and the same under `#/embed/…` for the framed view.
//!
//! Hash routing works on any static host, under any sub-path, from `file://` and inside an
//! iframe without server rewrites; `leptos_router` routes on paths only, so this small router
//! is our own. Parsing and formatting are plain functions, unit-tested natively.

use atlas_view::entity::EntityKind;
use atlas_view::landscape::Axis;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Characters escaped in route components: everything but unreserved ones.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Arm ids (`<trial id>/<arm slug>`) keep their slash readable in `arms=`; a comma inside an
/// id is escaped, since commas separate the ids.
const ARM_ID: &AsciiSet = &COMPONENT.remove(b'/');

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
    /// Arms side by side, in the order given; `subgroup` is the raw `sub` parameter
    /// (see [`atlas_view::compare::SubgroupFilter::from_param`]).
    Compare {
        arms: Vec<String>,
        subgroup: Option<String>,
    },
    /// A company, target or indication page.
    Entity {
        kind: EntityKind,
        slug: String,
    },
    /// Assets by target (or modality) × phase.
    Landscape(Axis),
    /// Every event, optionally filtered by kind, agency and asset id.
    Timeline {
        kind: Option<String>,
        agency: Option<String>,
        asset: Option<String>,
    },
    /// What changed since the previous build, optionally one kind only (`regulatory`, `deal`,
    /// `result`, `new-asset`).
    Changes {
        kind: Option<String>,
    },
    /// Curation: add documents, export changes (`#/curate`).
    Curate,
    /// The local changes, with undo (`#/curate/changes`).
    CurateChanges,
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
        let entity_kind = match segments.as_slice() {
            [kind, _] => EntityKind::from_segment(kind),
            _ => None,
        };
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
            [kind] if kind == "compare" => Page::Compare {
                arms: raw_param(query, "arms")
                    .map(|raw| {
                        raw.split(',')
                            .map(decode)
                            .filter(|id| !id.is_empty())
                            .collect()
                    })
                    .unwrap_or_default(),
                subgroup: param(&params, "sub").filter(|s| !s.is_empty()),
            },
            [kind, slug] if entity_kind.is_some() => match entity_kind {
                Some(kind) => Page::Entity {
                    kind,
                    slug: slug.clone(),
                },
                None => Page::NotFound(format!("/{path}")),
            },
            [kind] if kind == "landscape" => {
                Page::Landscape(Axis::from_param(param(&params, "by").as_deref()))
            }
            [kind] if kind == "timeline" => {
                let nonempty = |key: &str| param(&params, key).filter(|v| !v.is_empty());
                Page::Timeline {
                    kind: nonempty("kind"),
                    agency: nonempty("agency"),
                    asset: nonempty("asset"),
                }
            }
            [c] if c == "curate" => Page::Curate,
            [c, changes] if c == "curate" && changes == "changes" => Page::CurateChanges,
            [kind] if kind == "changes" => Page::Changes {
                kind: param(&params, "kind").filter(|v| !v.is_empty()),
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
            Page::Compare { arms, subgroup } => {
                let mut s = "compare".to_owned();
                if !arms.is_empty() {
                    let ids: Vec<String> = arms
                        .iter()
                        .map(|id| utf8_percent_encode(id, ARM_ID).to_string())
                        .collect();
                    s.push_str(&format!("?arms={}", ids.join(",")));
                }
                if let Some(sub) = subgroup {
                    s.push(if arms.is_empty() { '?' } else { '&' });
                    s.push_str(&format!("sub={}", encode(sub)));
                }
                s
            }
            Page::Entity { kind, slug } => format!("{}/{}", kind.as_str(), encode(slug)),
            Page::Landscape(axis) => match axis {
                Axis::Target => "landscape".to_owned(),
                other => format!("landscape?by={}", other.key()),
            },
            Page::Timeline {
                kind,
                agency,
                asset,
            } => {
                let params: Vec<(&str, &str)> =
                    [("kind", kind), ("agency", agency), ("asset", asset)]
                        .into_iter()
                        .filter_map(|(k, v)| v.as_deref().map(|v| (k, v)))
                        .collect();
                format!("timeline{}", query_string(&params))
            }
            Page::Changes { kind } => match kind {
                Some(k) => format!("changes?kind={}", encode(k)),
                None => "changes".to_owned(),
            },
            Page::Curate => "curate".to_owned(),
            Page::CurateChanges => "curate/changes".to_owned(),
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

/// A query parameter's value before percent-decoding (for lists whose separator may also be
/// escaped inside an item).
fn raw_param<'q>(query: &'q str, key: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| decode(k) == key)
        .map(|(_, v)| v)
}

fn param(params: &[(String, String)], key: &str) -> Option<String> {
    params
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
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
        assert_eq!(
            Route::parse(&route.to_hash()),
            route,
            "round trip of {hash:?}"
        );
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
        check("#/changes", plain(Page::Changes { kind: None }));
        check("#/curate", plain(Page::Curate));
        check("#/curate/changes", plain(Page::CurateChanges));
        check(
            "#/changes?kind=regulatory",
            plain(Page::Changes {
                kind: Some("regulatory".into()),
            }),
        );
        check(
            "#/embed/changes",
            Route {
                embed: true,
                page: Page::Changes { kind: None },
            },
        );
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

    fn compare(arms: &[&str], subgroup: Option<&str>) -> Page {
        Page::Compare {
            arms: arms.iter().map(|a| a.to_string()).collect(),
            subgroup: subgroup.map(str::to_owned),
        }
    }

    #[test]
    fn parses_viewer_routes() {
        check(
            "#/compare?arms=kn407/pd-l1-1-49,ibi363-poc/3-1-5-mg-kg",
            plain(compare(
                &["kn407/pd-l1-1-49", "ibi363-poc/3-1-5-mg-kg"],
                None,
            )),
        );
        check(
            "#/compare?arms=a/b&sub=PD-L1%20%3C1%25",
            plain(compare(&["a/b"], Some("PD-L1 <1%"))),
        );
        // An escaped comma stays inside its id; empty items are dropped.
        check(
            "#/compare?arms=a%2Cb/c,,d/e",
            plain(compare(&["a,b/c", "d/e"], None)),
        );
        check("#/compare", plain(compare(&[], None)));
        check(
            "#/compare?sub=overall",
            plain(compare(&[], Some("overall"))),
        );
        check(
            "#/embed/compare?arms=t/a",
            Route {
                embed: true,
                page: compare(&["t/a"], None),
            },
        );
        check(
            "#/company/innovent-biologics",
            plain(Page::Entity {
                kind: EntityKind::Company,
                slug: "innovent-biologics".into(),
            }),
        );
        check(
            "#/target/il-2ra",
            plain(Page::Entity {
                kind: EntityKind::Target,
                slug: "il-2ra".into(),
            }),
        );
        check(
            "#/embed/indication/melanoma",
            Route {
                embed: true,
                page: Page::Entity {
                    kind: EntityKind::Indication,
                    slug: "melanoma".into(),
                },
            },
        );
        check("#/landscape", plain(Page::Landscape(Axis::Target)));
        check(
            "#/landscape?by=modality",
            plain(Page::Landscape(Axis::Modality)),
        );
        check(
            "#/landscape?by=colour",
            plain(Page::Landscape(Axis::Target)),
        );
        check(
            "#/timeline?kind=designation&agency=FDA",
            plain(Page::Timeline {
                kind: Some("designation".into()),
                agency: Some("FDA".into()),
                asset: None,
            }),
        );
        check(
            "#/timeline?asset=&kind=deal",
            plain(Page::Timeline {
                kind: Some("deal".into()),
                agency: None,
                asset: None,
            }),
        );
        check("#/company", plain(Page::NotFound("/company".into())));
    }

    #[test]
    fn formats_viewer_routes() {
        assert_eq!(
            plain(compare(&["t/a", "u/b"], Some("PD-L1 <1%"))).to_hash(),
            "#/compare?arms=t/a,u/b&sub=PD-L1%20%3C1%25"
        );
        assert_eq!(
            plain(Page::Landscape(Axis::Modality))
                .with_embed(true)
                .to_hash(),
            "#/embed/landscape?by=modality"
        );
        assert_eq!(
            plain(Page::Timeline {
                kind: None,
                agency: Some("NMPA".into()),
                asset: Some("ibi363".into()),
            })
            .to_hash(),
            "#/timeline?agency=NMPA&asset=ibi363"
        );
    }

    #[test]
    fn formats_with_escaping() {
        let route = plain(home("IL-2Rα & co", &[]));
        assert_eq!(route.to_hash(), "#/?q=IL-2R%CE%B1%20%26%20co");
        assert_eq!(
            plain(Page::Asset("lbl-024".into()))
                .with_embed(true)
                .to_hash(),
            "#/embed/asset/lbl-024"
        );
    }

    /// Every route the app can produce, from generated values: ids, slugs and parameters are
    /// any non-empty text (the app never links an empty one, and `parse` reads an empty
    /// parameter as absent), filter keys anything but `q`.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            // Any characters, weighted towards the ones routes give meaning to.
            prop_oneof![
                "[a-z0-9/?&=#%+,. -]{1,12}",
                any::<String>().prop_filter("non-empty", |s| !s.is_empty()),
            ]
        }

        fn page() -> impl Strategy<Value = Page> {
            let opt = || proptest::option::of(text());
            prop_oneof![
                (
                    prop_oneof![Just(String::new()), text()],
                    proptest::collection::vec(
                        (text().prop_filter("not q", |k| k != "q"), any::<String>()),
                        0..3
                    )
                )
                    .prop_map(|(q, filters)| Page::Home { q, filters }),
                text().prop_map(Page::Asset),
                (text(), proptest::option::of((0u32..1000, 0u32..1000))).prop_map(
                    |(doc_id, hl)| Page::Doc {
                        doc_id,
                        highlight: hl.map(|(a, b)| (a.min(b), a.max(b))),
                    }
                ),
                (proptest::collection::vec(text(), 0..4), opt())
                    .prop_map(|(arms, subgroup)| Page::Compare { arms, subgroup }),
                (0usize..3, text()).prop_map(|(k, slug)| Page::Entity {
                    kind: EntityKind::ALL[k],
                    slug,
                }),
                prop_oneof![Just(Axis::Target), Just(Axis::Modality)].prop_map(Page::Landscape),
                (opt(), opt(), opt()).prop_map(|(kind, agency, asset)| Page::Timeline {
                    kind,
                    agency,
                    asset,
                }),
                opt().prop_map(|kind| Page::Changes { kind }),
            ]
        }

        proptest! {
            #[test]
            fn every_route_round_trips_through_its_hash(embed in any::<bool>(), page in page()) {
                let route = Route { embed, page };
                prop_assert_eq!(Route::parse(&route.to_hash()), route);
            }

            #[test]
            fn whatever_parse_returns_round_trips(hash in prop_oneof![
                "#?/[a-z/?&=%+,.-]{0,30}",
                "#/(embed/)?(asset|doc|compare|company|target|indication|landscape|timeline|changes)[/?][a-z0-9/?&=%+,.-]{0,20}",
                any::<String>(),
            ]) {
                let route = Route::parse(&hash);
                prop_assert_eq!(Route::parse(&route.to_hash()), route, "{:?}", hash);
            }
        }
    }
}
