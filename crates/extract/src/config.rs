//! The two hand-written inputs of a build: the manifest (what each document is) and the
//! reviewed overlay (facts a curator adds, corrects or suppresses).
//!
//! Both are TOML so that a reviewer edits them in any editor and a diff reads well. Parsing is
//! strict (`deny_unknown_fields`): a typo in a curated file must stop the build with the file,
//! the line and the reason, never be silently ignored. Overlay quotes can only be checked
//! against the documents, so that check lives in [`crate::overlay`] and runs at build time.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

/// A malformed manifest or overlay: where and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {reason}")]
pub struct ConfigError {
    pub file: String,
    /// 1-based; 0 when the problem has no single line (an unreadable file).
    pub line: u32,
    pub reason: String,
}

/// What the manifest says about one document, keyed by file name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub published: Option<String>,
    /// `press release`, `news`, `registry record` or `abstract`.
    pub kind: Option<String>,
    pub source: Option<String>,
}

/// `corpus/manifest.toml`: one table per document file name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    pub entries: BTreeMap<String, ManifestEntry>,
}

impl Manifest {
    /// The entry for a document, looked up by file name (`000_x.txt`) or by stem (`000_x`).
    pub fn entry(&self, file_name: &str, doc_id: &str) -> Option<&ManifestEntry> {
        self.entries
            .get(file_name)
            .or_else(|| self.entries.get(doc_id))
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|(k, _)| file_stem(k) == doc_id)
                    .map(|(_, v)| v)
            })
    }
}

/// The document kinds the manifest accepts.
pub const DOCUMENT_KINDS: &[&str] = &["press release", "news", "registry record", "abstract"];

/// Parse a manifest; `file` only labels errors.
pub fn parse_manifest(text: &str, file: &str) -> Result<Manifest, ConfigError> {
    let raw: BTreeMap<String, toml::Spanned<ManifestEntry>> =
        toml::from_str(text).map_err(|e| toml_error(text, file, &e))?;
    let mut entries = BTreeMap::new();
    let lines = LineIndex::new(text);
    for (name, spanned) in raw {
        let line = lines.line(spanned.span().start);
        let entry = spanned.into_inner();
        if let Some(date) = &entry.published {
            if !is_partial_date(date) {
                return Err(ConfigError {
                    file: file.to_owned(),
                    line,
                    reason: format!(
                        "[{name}] published {date:?} is not YYYY, YYYY-MM or YYYY-MM-DD"
                    ),
                });
            }
        }
        if let Some(url) = &entry.source {
            if !atlas_model::is_web_url(url) {
                return Err(ConfigError {
                    file: file.to_owned(),
                    line,
                    reason: format!(
                        "[{name}] source {url:?} is not an absolute http: or https: URL"
                    ),
                });
            }
        }
        if let Some(kind) = &entry.kind {
            if !DOCUMENT_KINDS.contains(&kind.as_str()) {
                return Err(ConfigError {
                    file: file.to_owned(),
                    line,
                    reason: format!("[{name}] kind {kind:?} is not one of {DOCUMENT_KINDS:?}"),
                });
            }
        }
        entries.insert(name, entry);
    }
    Ok(Manifest { entries })
}

/// A reviewed overlay: additions, corrections and suppressions, each remembering its line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overlay {
    pub file: String,
    pub add: Vec<Located<AddFact>>,
    pub correct: Vec<Located<Correction>>,
    pub suppress: Vec<Located<Suppression>>,
}

impl Overlay {
    /// How many entries the overlay holds.
    pub fn len(&self) -> usize {
        self.add.len() + self.correct.len() + self.suppress.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An overlay entry and the line it starts on.
#[derive(Clone, Debug, PartialEq)]
pub struct Located<T> {
    pub line: u32,
    pub value: T,
}

/// A fact the extractor missed. `quote` must occur verbatim in document `doc`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddFact {
    /// `asset`, `event` or `result`.
    pub fact: String,
    pub doc: String,
    pub quote: String,
    // asset
    pub name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub targets: Vec<String>,
    pub modality: Option<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    // event
    pub asset: Option<String>,
    pub kind: Option<String>,
    pub agency: Option<String>,
    pub designation: Option<String>,
    pub indication: Option<String>,
    pub date: Option<String>,
    #[serde(default)]
    pub parties: Vec<String>,
    // result
    pub trial: Option<String>,
    pub arm: Option<String>,
    pub endpoint: Option<String>,
    pub value: Option<f64>,
    pub qualifier: Option<String>,
    pub unit: Option<String>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub p_value: Option<f64>,
    pub timepoint: Option<String>,
    pub subgroup: Option<String>,
    pub n: Option<u32>,
    #[serde(default)]
    pub cited: bool,
}

/// Set one field of one extracted fact.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// A selector: `asset:<id>`, `event:<id>`, `trial:<id>`, `arm:<arm id>` or
    /// `result:<arm id>:<endpoint>[ | <subgroup>]`.
    pub target: String,
    pub field: String,
    pub value: toml::Value,
    /// Optional: a quote backing the corrected value.
    pub doc: Option<String>,
    pub quote: Option<String>,
}

/// Remove one extracted fact (a selector as in [`Correction::target`]).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    pub target: String,
    pub reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverlay {
    #[serde(default)]
    add: Vec<toml::Spanned<AddFact>>,
    #[serde(default)]
    correct: Vec<toml::Spanned<Correction>>,
    #[serde(default)]
    suppress: Vec<toml::Spanned<Suppression>>,
}

/// Parse an overlay; `file` labels errors and later quote checks.
pub fn parse_overlay(text: &str, file: &str) -> Result<Overlay, ConfigError> {
    let raw: RawOverlay = toml::from_str(text).map_err(|e| toml_error(text, file, &e))?;
    let lines = LineIndex::new(text);
    let located = |start: usize| lines.line(start);
    let add = raw
        .add
        .into_iter()
        .map(|s| Located {
            line: located(s.span().start),
            value: s.into_inner(),
        })
        .collect();
    let correct = raw
        .correct
        .into_iter()
        .map(|s| Located {
            line: located(s.span().start),
            value: s.into_inner(),
        })
        .collect();
    let suppress = raw
        .suppress
        .into_iter()
        .map(|s| Located {
            line: located(s.span().start),
            value: s.into_inner(),
        })
        .collect();
    check_overlay(file, add, correct, suppress)
}

/// The checks [`parse_overlay`] runs on entries once they are read (every added fact has what
/// its kind needs and a quote; every selector parses), for entries made without TOML: the
/// browser's curation worker builds them directly and so never links a TOML parser.
pub fn check_overlay(
    file: &str,
    add: Vec<Located<AddFact>>,
    correct: Vec<Located<Correction>>,
    suppress: Vec<Located<Suppression>>,
) -> Result<Overlay, ConfigError> {
    let err = |line: u32, reason: String| ConfigError {
        file: file.to_owned(),
        line,
        reason,
    };
    let mut overlay = Overlay {
        file: file.to_owned(),
        ..Overlay::default()
    };
    for Located { line, value: fact } in add {
        match fact.fact.as_str() {
            "asset" if fact.name.is_none() => {
                return Err(err(line, "an added asset needs a name".into()))
            }
            "event" if fact.kind.is_none() => {
                return Err(err(line, "an added event needs a kind".into()))
            }
            "result"
                if fact.trial.is_none()
                    || fact.arm.is_none()
                    || fact.endpoint.is_none()
                    || (fact.value.is_none() && fact.qualifier.is_none()) =>
            {
                return Err(err(
                    line,
                    "an added result needs trial, arm, endpoint and a value or qualifier".into(),
                ))
            }
            "asset" | "event" | "result" => {}
            other => {
                return Err(err(
                    line,
                    format!("fact {other:?} is not one of \"asset\", \"event\", \"result\""),
                ))
            }
        }
        if fact.quote.trim().is_empty() {
            return Err(err(line, "an added fact needs a verbatim quote".into()));
        }
        overlay.add.push(Located { line, value: fact });
    }
    for Located { line, value: c } in correct {
        check_selector(&c.target).map_err(|r| err(line, r))?;
        overlay.correct.push(Located { line, value: c });
    }
    for Located { line, value: s } in suppress {
        check_selector(&s.target).map_err(|r| err(line, r))?;
        overlay.suppress.push(Located { line, value: s });
    }
    Ok(overlay)
}

/// A parsed overlay selector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    Asset(String),
    Event(String),
    Trial(String),
    Arm(String),
    Result {
        arm: String,
        endpoint: String,
        subgroup: Option<String>,
    },
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Asset(id) => write!(f, "asset:{id}"),
            Selector::Event(id) => write!(f, "event:{id}"),
            Selector::Trial(id) => write!(f, "trial:{id}"),
            Selector::Arm(id) => write!(f, "arm:{id}"),
            Selector::Result {
                arm,
                endpoint,
                subgroup,
            } => match subgroup {
                Some(s) => write!(f, "result:{arm}:{endpoint} | {s}"),
                None => write!(f, "result:{arm}:{endpoint}"),
            },
        }
    }
}

/// Parse `asset:<id>`, `event:<id>`, `trial:<id>`, `arm:<id>` or `result:<arm>:<endpoint>[ | <subgroup>]`.
pub fn parse_selector(s: &str) -> Result<Selector, String> {
    let Some((kind, rest)) = s.split_once(':') else {
        return Err(format!(
            "selector {s:?} has no kind (asset:, event:, trial:, arm:, result:)"
        ));
    };
    if rest.is_empty() {
        return Err(format!("selector {s:?} names nothing"));
    }
    Ok(match kind {
        "asset" => Selector::Asset(rest.to_owned()),
        "event" => Selector::Event(rest.to_owned()),
        "trial" => Selector::Trial(rest.to_owned()),
        "arm" => Selector::Arm(rest.to_owned()),
        "result" => {
            // Endpoints such as AE:anemia:G3 contain colons, so split on the arm id first.
            let mut parts = rest.splitn(2, ':');
            let arm = parts.next().unwrap_or_default().to_owned();
            let tail = parts.next().unwrap_or_default();
            if arm.is_empty() || tail.is_empty() {
                return Err(format!("selector {s:?} needs result:<arm id>:<endpoint>"));
            }
            let (endpoint, subgroup) = match tail.split_once(" | ") {
                Some((e, g)) => (e.to_owned(), Some(g.to_owned())),
                None => (tail.to_owned(), None),
            };
            Selector::Result {
                arm,
                endpoint,
                subgroup,
            }
        }
        other => {
            return Err(format!(
                "selector kind {other:?} is not asset, event, trial, arm or result"
            ))
        }
    })
}

fn check_selector(s: &str) -> Result<(), String> {
    parse_selector(s).map(|_| ())
}

fn toml_error(text: &str, file: &str, e: &toml::de::Error) -> ConfigError {
    let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
    ConfigError {
        file: file.to_owned(),
        line,
        reason: e.message().trim().to_owned(),
    }
}

/// The 1-based line of a byte offset.
/// Line numbers of byte offsets, found by binary search over the line starts: a manifest has
/// an entry per document, and counting newlines from the top for each was quadratic (a
/// 32,000-document manifest took a minute).
struct LineIndex {
    /// Byte offset of every `\n`.
    newlines: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        LineIndex {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The 1-based line of `offset`, as [`line_of`] counts it.
    fn line(&self, offset: usize) -> u32 {
        let before = self.newlines.partition_point(|&n| n < offset);
        u32::try_from(before + 1).unwrap_or(u32::MAX)
    }
}

fn line_of(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    let head = text.get(..end).unwrap_or(text);
    u32::try_from(head.bytes().filter(|&b| b == b'\n').count() + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[test]
fn line_index_agrees_with_counting() {
    let text = "a\nbb\n\nccc\n";
    let lines = LineIndex::new(text);
    for offset in 0..=text.len() + 2 {
        assert_eq!(lines.line(offset), line_of(text, offset), "offset {offset}");
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with plausible month and day.
pub(crate) fn is_partial_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)),
        [y, m, d] => {
            digits(y, 4)
                && digits(m, 2)
                && digits(d, 2)
                && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
                && (1..=31).contains(&d.parse::<u32>().unwrap_or(0))
        }
        _ => false,
    }
}

/// The part of a file name before its last dot.
pub(crate) fn file_stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rfind('.') {
        Some(i) if i > 0 => &base[..i],
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_parses_and_looks_up_by_stem() {
        let m = parse_manifest(
            "[\"a.txt\"]\ntitle = \"T\"\npublished = \"2025-06\"\nkind = \"news\"\n",
            "manifest.toml",
        )
        .unwrap();
        assert_eq!(
            m.entry("x", "a").and_then(|e| e.title.as_deref()),
            Some("T")
        );
    }

    fn check_manifest_error(text: &str, line: u32, reason_part: &str) {
        let e = parse_manifest(text, "m.toml").unwrap_err();
        assert_eq!(e.line, line, "{e}");
        assert!(e.reason.contains(reason_part), "{e}");
        assert!(e.to_string().starts_with(&format!("m.toml:{line}: ")));
    }

    #[test]
    fn malformed_manifests_name_line_and_reason() {
        check_manifest_error(
            "[\"a.txt\"]\ntitle = \"T\"\ntitel = 1\n",
            3,
            "unknown field",
        );
        check_manifest_error("[\"a.txt\"]\npublished = \"May 2025\"\n", 1, "published");
        check_manifest_error("\n\n[\"a.txt\"]\nkind = \"blog\"\n", 3, "kind");
        check_manifest_error("[\"a.txt\"\n", 1, "");
        // Bug: any source became an href, `javascript:` included.
        check_manifest_error(
            "[\"a.txt\"]\ntitle = \"T\"\n\n[\"b.txt\"]\nsource = \"javascript:alert(1)\"\n",
            4,
            "source",
        );
        check_manifest_error("[\"a.txt\"]\nsource = \"data:text/html,x\"\n", 1, "http");
    }

    #[test]
    fn overlay_entries_remember_their_lines() {
        let o = parse_overlay(
            "[[suppress]]\ntarget = \"asset:x\"\nreason = \"r\"\n\n[[add]]\nfact = \"asset\"\ndoc = \"d\"\nquote = \"q\"\nname = \"X1\"\n",
            "o.toml",
        )
        .unwrap();
        assert_eq!(o.suppress[0].line, 1);
        assert_eq!(o.add[0].line, 5);
    }

    #[test]
    fn malformed_overlays_are_rejected() {
        let bad = [
            "[[add]]\nfact = \"result\"\ndoc = \"d\"\nquote = \"q\"\n",
            "[[add]]\nfact = \"gossip\"\ndoc = \"d\"\nquote = \"q\"\n",
            "[[suppress]]\ntarget = \"nothing\"\nreason = \"r\"\n",
            "[[add]]\nfact = \"asset\"\ndoc = \"d\"\nquote = \" \"\nname = \"A\"\n",
        ];
        for text in bad {
            let e = parse_overlay(text, "o.toml").unwrap_err();
            assert_eq!(e.line, 1, "{text}: {e}");
        }
    }

    #[test]
    fn selectors_keep_colons_of_endpoints() {
        assert_eq!(
            parse_selector("result:t/a:AE:anemia:G3").unwrap(),
            Selector::Result {
                arm: "t/a".into(),
                endpoint: "AE:anemia:G3".into(),
                subgroup: None
            }
        );
        assert_eq!(
            parse_selector("result:t/a:ORR | squamous")
                .unwrap()
                .to_string(),
            "result:t/a:ORR | squamous"
        );
    }
}
