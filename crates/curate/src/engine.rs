//! The curation engine: a [`Curation`] applied on top of a published atlas, with the build's
//! own code — the local documents extracted by `atlas-extract`, merged with the published
//! dataset as batches of one corpus are, the changes written as overlay entries, parsed by the
//! build's overlay parser, checked against the documents and applied, and the search index
//! rebuilt. Also the export file and its import into a corpus folder's `overlay.toml`.

use atlas_extract::{
    apply_overlay, check_overlay, extract, merge_datasets, parse_overlay, validate_overlay,
    AddFact, Correction, Located, Manifest, ManifestEntry, Overlay, SourceDoc, Suppression,
};
use atlas_model::{Bundle, DocText};
use serde::{Deserialize, Serialize};

use crate::{Change, Curation, FieldValue, LocalDocument};

/// The name overlay problems are reported under in the browser.
pub const OVERLAY_FILE: &str = "your changes";
/// The `format` of an export file.
pub const EXPORT_FORMAT: &str = "pipeline-atlas-curation/1";

/// Why a curation cannot be applied: one change (by its index in [`Curation::changes`]) or the
/// whole file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CurateError {
    /// The build would refuse this change.
    #[error("{reason}")]
    Change { change_idx: usize, reason: String },
    /// A local document's id is taken by a published one.
    #[error("document {0} is already in the published atlas")]
    DuplicateDocument(String),
    /// The published atlas is sharded: its dataset is not in the start bundle.
    #[error("this atlas is split into shards; add documents to its corpus and rebuild instead")]
    Sharded,
    /// An export file that does not parse.
    #[error("not a Pipeline Atlas changes file: {0}")]
    Export(String),
}

/// A published atlas with a curation applied.
#[derive(Debug)]
pub struct Merged {
    /// The merged dataset, all texts and its search index, ready to encode for the app.
    pub bundle: Bundle,
    /// Local asset ids and notes for the curator.
    pub applied: crate::Applied,
}

/// The reason a rejected fact is suppressed with, in the export and in the merged overlay.
const REJECTED: &str = "rejected in review";

/// The overlay entries of `c`'s changes as `overlay.toml` text, and for each change the line
/// its entry starts on (accepts are comment lines: they change no data). Written by hand, not
/// by a TOML library, so the curation worker links no TOML code; `cargo xtask import` parses
/// the result with the build's parser before writing it.
pub fn overlay_toml(c: &Curation) -> (String, Vec<u32>) {
    let mut out = String::new();
    let mut lines = Vec::with_capacity(c.changes.len());
    for change in &c.changes {
        lines.push(out.lines().count() as u32 + 1);
        out.push_str(&entry_toml(change));
    }
    (out, lines)
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML float (always with a point, as TOML wants), without core's float formatting (the
/// worker's size budget: `atlas_model::num`).
fn toml_float(v: f64) -> String {
    let text = atlas_model::num::decimal(v, 6);
    if text.contains('.') {
        text
    } else if text.is_empty() {
        // Beyond what six decimals can scale (|v| ≥ 9.2e12): no figure of a document.
        format!("{}.0", v.round() as i64)
    } else {
        format!("{text}.0")
    }
}

/// `key = value` lines of one overlay table.
struct Table(String);

impl Table {
    fn new(header: &str) -> Table {
        Table(format!("[[{header}]]\n"))
    }
    fn raw(&mut self, key: &str, value: &str) {
        self.0.push_str(&format!("{key} = {value}\n"));
    }
    fn str(&mut self, key: &str, value: &str) {
        self.raw(key, &toml_str(value));
    }
    fn opt(&mut self, key: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.str(key, v);
        }
    }
    fn list(&mut self, key: &str, items: &[String]) {
        if !items.is_empty() {
            let items: Vec<String> = items.iter().map(|i| toml_str(i)).collect();
            self.raw(key, &format!("[{}]", items.join(", ")));
        }
    }
    fn done(mut self) -> String {
        self.0.push('\n');
        self.0
    }
}

/// One change as overlay text.
fn entry_toml(change: &Change) -> String {
    match change {
        Change::Accept { target } => format!("# accepted in review: {target}\n"),
        Change::Reject { target } => {
            let mut t = Table::new("suppress");
            t.str("target", target);
            t.str("reason", REJECTED);
            t.done()
        }
        Change::Correct {
            target,
            field,
            value,
            doc,
            quote,
        } => {
            let mut t = Table::new("correct");
            t.str("target", target);
            t.str("field", field);
            match value {
                FieldValue::Count(n) => t.raw("value", &n.to_string()),
                FieldValue::Number(x) => t.raw("value", &toml_float(*x)),
                FieldValue::Figure(x) => match number(x) {
                    Some(v) => t.raw("value", &toml_float(v)),
                    None => t.str("value", x),
                },
                FieldValue::Text(s) => t.str("value", s),
                FieldValue::List(items) => {
                    let items: Vec<String> = items.iter().map(|i| toml_str(i)).collect();
                    t.raw("value", &format!("[{}]", items.join(", ")));
                }
            }
            t.opt("doc", doc);
            t.opt("quote", quote);
            t.done()
        }
        Change::Add(f) => {
            let mut t = Table::new("add");
            t.str("fact", &f.fact);
            t.str("doc", &f.doc);
            t.str("quote", &f.quote);
            t.opt("name", &f.name);
            t.list("aliases", &f.aliases);
            t.list("targets", &f.targets);
            t.opt("modality", &f.modality);
            t.opt("company", &f.company);
            t.opt("asset", &f.asset);
            t.opt("kind", &f.kind);
            t.opt("agency", &f.agency);
            t.opt("designation", &f.designation);
            t.opt("date", &f.date);
            t.opt("trial", &f.trial);
            t.opt("arm", &f.arm);
            t.opt("endpoint", &f.endpoint);
            if let Some(v) = f.value.as_deref().and_then(number) {
                t.raw("value", &toml_float(v));
            }
            t.opt("subgroup", &f.subgroup);
            if let Some(n) = f.n {
                t.raw("n", &n.to_string());
            }
            if let Some(v) = f.ci_low {
                t.raw("ci_low", &toml_float(v));
            }
            if let Some(v) = f.ci_high {
                t.raw("ci_high", &toml_float(v));
            }
            t.done()
        }
    }
}

/// An added fact as the overlay entry the build reads.
fn add_fact(f: &crate::NewFact) -> AddFact {
    AddFact {
        fact: f.fact.clone(),
        doc: f.doc.clone(),
        quote: f.quote.clone(),
        name: f.name.clone(),
        aliases: f.aliases.clone(),
        targets: f.targets.clone(),
        modality: f.modality.clone(),
        company: f.company.clone(),
        asset: f.asset.clone(),
        kind: f.kind.clone(),
        agency: f.agency.clone(),
        designation: f.designation.clone(),
        date: f.date.clone(),
        trial: f.trial.clone(),
        arm: f.arm.clone(),
        endpoint: f.endpoint.clone(),
        value: f.value.as_deref().and_then(number),
        subgroup: f.subgroup.clone(),
        n: f.n,
        ci_low: f.ci_low,
        ci_high: f.ci_high,
        ..AddFact::default()
    }
}

/// A corrected value as the overlay's TOML value (built, not parsed).
fn toml_value(v: &FieldValue) -> toml::Value {
    match v {
        FieldValue::Count(n) => toml::Value::Integer(i64::from(*n)),
        FieldValue::Number(x) => toml::Value::Float(*x),
        FieldValue::Figure(x) => match number(x) {
            Some(v) => toml::Value::Float(v),
            None => toml::Value::String(x.clone()),
        },
        FieldValue::Text(s) => toml::Value::String(s.clone()),
        FieldValue::List(items) => {
            toml::Value::Array(items.iter().cloned().map(toml::Value::String).collect())
        }
    }
}

/// A value typed or selected in the browser, as a number (`40.5`, `1,024`).
fn number(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', "")
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
}

/// Refuse an added fact or a corrected figure whose value is not a number.
fn check_values(c: &Curation) -> Result<(), CurateError> {
    for (change_idx, change) in c.changes.iter().enumerate() {
        let written = match change {
            Change::Add(f) => f.value.as_deref(),
            Change::Correct {
                value: FieldValue::Figure(x),
                ..
            } => Some(x.as_str()),
            _ => None,
        };
        if let Some(v) = written.filter(|v| number(v).is_none()) {
            return Err(CurateError::Change {
                change_idx,
                reason: format!("value {v:?} is not a number"),
            });
        }
    }
    Ok(())
}

/// The change an overlay line belongs to.
fn change_at(lines: &[u32], line: u32) -> usize {
    lines.iter().rposition(|&start| start <= line).unwrap_or(0)
}

/// The local documents as the extractor reads them (`<id>.txt`).
fn source_docs(docs: &[LocalDocument]) -> Vec<SourceDoc> {
    docs.iter()
        .map(|d| SourceDoc {
            id: d.id.clone(),
            path: format!("{}.txt", d.id),
            text: d.text.clone(),
        })
        .collect()
}

/// The manifest entries of the local documents: their titles.
fn manifest_of(docs: &[LocalDocument]) -> Manifest {
    let mut manifest = Manifest::default();
    for d in docs.iter().filter(|d| !d.title.trim().is_empty()) {
        manifest.entries.insert(
            format!("{}.txt", d.id),
            ManifestEntry {
                title: Some(d.title.trim().to_owned()),
                ..ManifestEntry::default()
            },
        );
    }
    manifest
}

/// The curation's overlay entries, checked as the build checks a parsed overlay (the
/// entries are made directly, one "line" per change, so an error names its change).
fn parsed_overlay(c: &Curation) -> Result<(Overlay, Vec<u32>), CurateError> {
    check_values(c)?;
    let mut add = Vec::new();
    let mut correct = Vec::new();
    let mut suppress = Vec::new();
    let lines: Vec<u32> = (1..=c.changes.len() as u32).collect();
    for (change, &line) in c.changes.iter().zip(&lines) {
        match change {
            Change::Accept { .. } => {}
            Change::Reject { target } => suppress.push(Located {
                line,
                value: Suppression {
                    target: target.clone(),
                    reason: REJECTED.to_owned(),
                },
            }),
            Change::Correct {
                target,
                field,
                value,
                doc,
                quote,
            } => correct.push(Located {
                line,
                value: Correction {
                    target: target.clone(),
                    field: field.clone(),
                    value: toml_value(value),
                    doc: doc.clone(),
                    quote: quote.clone(),
                },
            }),
            Change::Add(f) => add.push(Located {
                line,
                value: add_fact(f),
            }),
        }
    }
    let overlay =
        check_overlay(OVERLAY_FILE, add, correct, suppress).map_err(|e| CurateError::Change {
            change_idx: change_at(&lines, e.line),
            reason: e.reason,
        })?;
    Ok((overlay, lines))
}

/// Apply `c` on top of `published` (an unsharded bundle): extract the local documents, merge,
/// apply the changes as overlay entries, rebuild the index. The first change the build would
/// refuse is the error, so a caller can refuse to save it.
pub fn apply(published: &Bundle, c: &Curation) -> Result<Merged, CurateError> {
    if published.shards.is_some() {
        return Err(CurateError::Sharded);
    }
    if let Some(d) = c
        .documents
        .iter()
        .find(|d| published.texts.iter().any(|t| t.doc == d.id))
    {
        return Err(CurateError::DuplicateDocument(d.id.clone()));
    }
    let local_docs = source_docs(&c.documents);
    let mut notes = Vec::new();
    let mut dataset = published.dataset.clone();
    let mut texts = published.texts.clone();
    if !local_docs.is_empty() {
        let local = extract(&local_docs, &manifest_of(&c.documents), None);
        for d in &c.documents {
            let names_a_drug = local
                .dataset
                .assets
                .iter()
                .any(|a| !a.comparator && a.evidence.iter().any(|e| e.doc == d.id));
            if !names_a_drug {
                notes.push(format!(
                    "{}: names no drug the extractor recognises; select its name in the text and choose “Add fact” to add it",
                    d.id
                ));
            }
        }
        dataset = merge_datasets(vec![dataset, local.dataset]);
        texts.extend(local.texts);
    }
    let all_docs: Vec<SourceDoc> = texts
        .iter()
        .map(|t| SourceDoc {
            id: t.doc.clone(),
            path: t.doc.clone(),
            text: t.text.clone(),
        })
        .collect();
    let (overlay, lines) = parsed_overlay(c)?;
    validate_overlay(&overlay, &all_docs).map_err(|e| CurateError::Change {
        change_idx: change_at(&lines, e.line),
        reason: e.reason,
    })?;
    if let Some(problem) = apply_overlay(&mut dataset, &overlay, &all_docs)
        .into_iter()
        .find(|d| d.severity == atlas_extract::Severity::Error)
    {
        return Err(CurateError::Change {
            change_idx: change_at(&lines, problem.line.unwrap_or(0)),
            reason: problem.message,
        });
    }
    let local_assets = dataset
        .assets
        .iter()
        .filter(|a| !published.dataset.assets.iter().any(|p| p.id == a.id))
        .map(|a| a.id.clone())
        .collect();
    let index = atlas_search::SearchIndex::build(atlas_search::docs_from_dataset(&dataset));
    let bundle = Bundle {
        title: published.title.clone(),
        dataset,
        texts,
        search_index: index.to_bytes(),
        shards: None,
    };
    Ok(Merged {
        bundle,
        applied: crate::Applied {
            local_assets,
            notes,
        },
    })
}

/// The dataset `atlas-extract FILE` prints for one document, as pretty JSON: what the worker's
/// extraction is compared with, byte for byte.
pub fn extract_json(doc_id: &str, text: &str) -> String {
    let doc = SourceDoc {
        id: doc_id.to_owned(),
        path: format!("{doc_id}.txt"),
        text: text.to_owned(),
    };
    let x = extract(&[doc], &Manifest::default(), None);
    serde_json::to_string_pretty(&x.dataset).unwrap_or_default()
}

/// The export file: the new documents verbatim and the overlay entries, as UTF-8 JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    /// The atlas the changes were made to.
    pub atlas: String,
    /// The curation itself (documents verbatim, changes): what `cargo xtask import` reads.
    pub curation: Curation,
    /// The same changes as `overlay.toml` entries, for a reader of the file.
    pub overlay: String,
}

/// The export file's text.
pub fn export(c: &Curation, atlas_title: &str) -> String {
    let file = Export {
        format: EXPORT_FORMAT.to_owned(),
        atlas: atlas_title.to_owned(),
        curation: c.clone(),
        overlay: overlay_toml(c).0,
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Read an export file.
pub fn parse_export(text: &str) -> Result<Export, CurateError> {
    let file: Export =
        serde_json::from_str(text).map_err(|e| CurateError::Export(e.to_string()))?;
    if file.format != EXPORT_FORMAT {
        return Err(CurateError::Export(format!(
            "format {:?}, expected {EXPORT_FORMAT:?}",
            file.format
        )));
    }
    Ok(file)
}

/// `existing` overlay text with the entries of `c` appended, leaving out each entry the file
/// already holds (so importing twice adds nothing). `existing` must parse as an overlay.
pub fn merge_overlay(existing: &str, c: &Curation) -> Result<String, String> {
    let old = parse_overlay(existing, "overlay.toml").map_err(|e| e.to_string())?;
    let mut out = existing.to_owned();
    for change in &c.changes {
        let entry = entry_toml(change);
        let one = parse_overlay(&entry, "overlay.toml").map_err(|e| e.to_string())?;
        let present = one
            .add
            .iter()
            .all(|a| old.add.iter().any(|o| o.value == a.value))
            && one
                .correct
                .iter()
                .all(|a| old.correct.iter().any(|o| o.value == a.value))
            && one.suppress.iter().all(|a| {
                old.suppress
                    .iter()
                    .any(|o| o.value.target == a.value.target)
            })
            && (!matches!(change, Change::Accept { .. }) || existing.contains(entry.trim_end()));
        if present {
            continue;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&entry);
    }
    parse_overlay(&out, "overlay.toml").map_err(|e| e.to_string())?;
    Ok(out)
}

/// The manifest table for a local document (`["<id>.txt"]` with its title), if it has a title.
pub fn manifest_entry(d: &LocalDocument) -> Option<String> {
    let title = d.title.trim();
    if title.is_empty() {
        return None;
    }
    let mut table = toml::Table::new();
    table.insert("title".into(), toml::Value::String(title.to_owned()));
    let mut outer = toml::Table::new();
    outer.insert(format!("{}.txt", d.id), toml::Value::Table(table));
    toml::to_string(&outer).ok()
}

/// The text of a document as a published bundle stores it.
pub fn text_of<'a>(texts: &'a [DocText], doc_id: &str) -> Option<&'a str> {
    texts
        .iter()
        .find(|t| t.doc == doc_id)
        .map(|t| t.text.as_str())
}

#[cfg(test)]
mod tests;
