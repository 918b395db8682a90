//! What changed between two datasets, fact by fact, by stable id.
//!
//! [`diff`] matches facts by the ids the dataset already keeps stable across rebuilds —
//! document ids (file stems), asset ids (slugs), event, trial and arm ids — and a result by
//! its arm, endpoint, subgroup, timepoint and whether it is cited (the n-th such figure of an
//! arm when several share all of these). A fact counts as changed only when its content
//! differs; its evidence (which document, which offsets, which quote) and the extraction rule
//! are provenance, not content, so an edit elsewhere in a document that moves a quote is no
//! change. Each change carries the fact's evidence to quote, and the assets it concerns so a
//! page can group by asset.
//!
//! The list is its own format (`pipeline-atlas-changes/1`), beside the dataset rather than in
//! it, so the dataset JSON stays as published. It lives here, in the crate every consumer
//! shares, because the extractor's CLI (`atlas-extract --diff OLD.json NEW.json`) and the
//! build both produce it; it is pure and compiles for wasm like the rest of the model.
//!
//! # Example
//! ```
//! use atlas_model::changes::{diff, ChangeKind, Subject};
//! use atlas_model::{Asset, Dataset};
//!
//! let old = Dataset::empty();
//! let mut new = Dataset::empty();
//! new.assets.push(Asset { id: "ibi363".into(), name: "IBI363".into(), ..Asset::default() });
//! let changes = diff(&old, &new);
//! assert_eq!(changes.changes.len(), 1);
//! assert_eq!(changes.changes[0].subject, Subject::Asset);
//! assert_eq!(changes.changes[0].kind, ChangeKind::Added);
//! ```

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::{Arm, ArmResult, Asset, Dataset, Document, Event, Evidence, Trial};

/// The schema tag every change list carries.
pub const CHANGES_SCHEMA: &str = "pipeline-atlas-changes/1";

/// The changes from one dataset to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// Always [`CHANGES_SCHEMA`].
    pub schema: String,
    /// [`Dataset::sha256`] of the older dataset.
    pub old: String,
    /// [`Dataset::sha256`] of the newer dataset.
    pub new: String,
    /// Documents first, then assets, events, trials, arms and results, each in the newer
    /// dataset's order (removals in the older one's).
    pub changes: Vec<Change>,
}

/// What kind of fact changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Document,
    Asset,
    Event,
    Trial,
    Arm,
    Result,
}

/// How it changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One fact added, removed or changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub subject: Subject,
    pub kind: ChangeKind,
    /// The fact's stable id; for a result, [`result_key`].
    pub id: String,
    /// Asset ids the fact concerns: the asset itself, an event's asset, a trial's assets.
    pub assets: Vec<String>,
    /// For [`ChangeKind::Changed`], every field that differs, old → new; for an added or
    /// removed fact, its fields (old or new only).
    pub fields: Vec<FieldChange>,
    /// Where the (newer, or removed) fact is quoted from.
    pub evidence: Option<Evidence>,
}

/// One field's value before and after, as text (`None`: absent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The changes from `old` to `new`.
pub fn diff(old: &Dataset, new: &Dataset) -> Changes {
    let mut changes = Vec::new();
    compare(
        &mut changes,
        Subject::Document,
        facts(&old.documents, |d| d.id.clone()),
        facts(&new.documents, |d| d.id.clone()),
        |_| Vec::new(),
        |x| document_fields(x),
        |_| None,
    );
    compare(
        &mut changes,
        Subject::Asset,
        facts(&old.assets, |a| a.id.clone()),
        facts(&new.assets, |a| a.id.clone()),
        |a| vec![a.id.clone()],
        |x| asset_fields(x),
        |a| a.evidence.first(),
    );
    compare(
        &mut changes,
        Subject::Event,
        facts(&old.events, |e| e.id.clone()),
        facts(&new.events, |e| e.id.clone()),
        |e| e.asset.iter().cloned().collect(),
        |x| event_fields(x),
        |e| e.evidence.first(),
    );
    compare(
        &mut changes,
        Subject::Trial,
        facts(&old.trials, |t| t.id.clone()),
        facts(&new.trials, |t| t.id.clone()),
        |t| t.assets.clone(),
        |x| trial_fields(x),
        |t| t.evidence.first(),
    );
    compare(
        &mut changes,
        Subject::Arm,
        arms(old),
        arms(new),
        |(t, _)| t.assets.clone(),
        |(_, a)| arm_fields(a),
        |(_, a)| a.evidence.first(),
    );
    compare(
        &mut changes,
        Subject::Result,
        results(old),
        results(new),
        |(t, _)| t.assets.clone(),
        |(_, r)| result_fields(r),
        |(_, r)| r.evidence.first(),
    );
    Changes {
        schema: CHANGES_SCHEMA.to_owned(),
        old: old.sha256(),
        new: new.sha256(),
        changes,
    }
}

/// A result's id within a dataset: `<arm id>#<endpoint>`, then `|<subgroup>`, `@<timepoint>`,
/// `~cited` when present, and `*<n>` for the n-th (from 2) figure sharing all of these.
pub fn result_key(arm: &Arm, r: &ArmResult, nth: usize) -> String {
    let mut key = format!("{}#{}", arm.id, r.endpoint);
    if let Some(s) = &r.subgroup {
        key.push('|');
        key.push_str(s);
    }
    if let Some(t) = &r.timepoint {
        key.push('@');
        key.push_str(t);
    }
    if r.cited {
        key.push_str("~cited");
    }
    if nth > 1 {
        key.push_str(&format!("*{nth}"));
    }
    key
}

/// Facts in dataset order with their ids.
fn facts<T>(items: &[T], id: impl Fn(&T) -> String) -> Vec<(String, &T)> {
    items.iter().map(|x| (id(x), x)).collect()
}

fn arms(ds: &Dataset) -> Vec<(String, (&Trial, &Arm))> {
    ds.trials
        .iter()
        .flat_map(|t| t.arms.iter().map(move |a| (a.id.clone(), (t, a))))
        .collect()
}

fn results(ds: &Dataset) -> Vec<(String, (&Trial, &ArmResult))> {
    let mut out = Vec::new();
    for t in &ds.trials {
        for a in &t.arms {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for r in &a.results {
                let nth = seen.entry(result_key(a, r, 1)).or_insert(0);
                *nth += 1;
                out.push((result_key(a, r, *nth), (t, r)));
            }
        }
    }
    out
}

type Fields = Vec<(&'static str, Option<String>)>;

/// Append to `out` the facts of `new` missing from `old` (added), those whose fields differ
/// (changed), then those of `old` missing from `new` (removed).
fn compare<T>(
    out: &mut Vec<Change>,
    subject: Subject,
    old: Vec<(String, T)>,
    new: Vec<(String, T)>,
    assets: impl Fn(&T) -> Vec<String>,
    fields: impl Fn(&T) -> Fields,
    evidence: impl Fn(&T) -> Option<&Evidence>,
) {
    let old_by_id: HashMap<&str, &T> = old.iter().map(|(id, x)| (id.as_str(), x)).collect();
    let new_ids: std::collections::HashSet<&str> = new.iter().map(|(id, _)| id.as_str()).collect();
    let change = |kind, id: &str, x: &T, fields: Vec<FieldChange>| Change {
        subject,
        kind,
        id: id.to_owned(),
        assets: assets(x),
        fields,
        evidence: evidence(x).cloned(),
    };
    for (id, x) in &new {
        match old_by_id.get(id.as_str()) {
            None => {
                let f = fields(x)
                    .into_iter()
                    .filter(|(_, v)| v.is_some())
                    .map(|(field, v)| FieldChange {
                        field: field.to_owned(),
                        old: None,
                        new: v,
                    })
                    .collect();
                out.push(change(ChangeKind::Added, id, x, f));
            }
            Some(before) => {
                let f: Vec<FieldChange> = fields(before)
                    .into_iter()
                    .zip(fields(x))
                    .filter(|((_, a), (_, b))| a != b)
                    .map(|((field, a), (_, b))| FieldChange {
                        field: field.to_owned(),
                        old: a,
                        new: b,
                    })
                    .collect();
                if !f.is_empty() {
                    out.push(change(ChangeKind::Changed, id, x, f));
                }
            }
        }
    }
    for (id, x) in &old {
        if !new_ids.contains(id.as_str()) {
            let f = fields(x)
                .into_iter()
                .filter(|(_, v)| v.is_some())
                .map(|(field, v)| FieldChange {
                    field: field.to_owned(),
                    old: v,
                    new: None,
                })
                .collect();
            out.push(change(ChangeKind::Removed, id, x, f));
        }
    }
}

fn text(v: &Option<String>) -> Option<String> {
    v.clone()
}

fn list(v: &[String]) -> Option<String> {
    (!v.is_empty()).then(|| v.join("; "))
}

fn number<N: ToString>(v: Option<N>) -> Option<String> {
    v.map(|n| n.to_string())
}

fn document_fields(d: &Document) -> Fields {
    vec![
        ("title", text(&d.title)),
        ("kind", text(&d.kind)),
        ("publisher", text(&d.publisher)),
        ("published", text(&d.published)),
        ("source", text(&d.source)),
    ]
}

fn asset_fields(a: &Asset) -> Fields {
    let companies: Vec<String> = a
        .companies
        .iter()
        .map(|c| format!("{} ({})", c.name, c.role))
        .collect();
    vec![
        ("name", Some(a.name.clone())),
        ("aliases", list(&a.aliases)),
        ("companies", list(&companies)),
        ("targets", list(&a.targets)),
        ("modality", text(&a.modality)),
        ("mechanism", text(&a.mechanism)),
    ]
}

fn event_fields(e: &Event) -> Fields {
    let terms = e.terms.clone().unwrap_or_default();
    vec![
        ("kind", Some(e.kind.as_str().to_owned())),
        ("title", Some(e.title.clone())),
        ("agency", text(&e.agency)),
        ("designation", text(&e.designation)),
        ("indication", text(&e.indication)),
        ("parties", list(&e.parties)),
        ("deal type", terms.deal_type),
        ("territory", terms.territory),
        ("upfront", number(terms.upfront)),
        ("milestones", number(terms.milestones)),
        ("total", number(terms.total)),
        ("currency", terms.currency),
        ("date", text(&e.date)),
    ]
}

fn trial_fields(t: &Trial) -> Fields {
    vec![
        ("name", text(&t.name)),
        ("registry ids", list(&t.registry_ids)),
        ("assets", list(&t.assets)),
        ("phase", text(&t.phase)),
        ("design", text(&t.design)),
        ("setting", text(&t.setting)),
        ("population", text(&t.population)),
        ("countries", list(&t.countries)),
        ("enrollment", number(t.enrollment)),
        ("data cutoff", text(&t.data_cutoff)),
        ("median follow-up", text(&t.median_follow_up)),
        ("starting dose", text(&t.starting_dose)),
    ]
}

fn arm_fields(a: &Arm) -> Fields {
    vec![
        ("label", Some(a.label.clone())),
        ("regimen", text(&a.regimen)),
        ("n", number(a.n)),
    ]
}

fn result_fields(r: &ArmResult) -> Fields {
    vec![
        ("value", number(r.value)),
        ("qualifier", text(&r.qualifier)),
        ("unit", text(&r.unit)),
        ("CI low", number(r.ci_low)),
        ("CI high", number(r.ci_high)),
        ("p", number(r.p_value)),
        ("n", number(r.n)),
    ]
}

#[cfg(test)]
mod tests;
