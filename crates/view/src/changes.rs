//! "What's new": a change list (`atlas_model::changes`) turned into what the changes page,
//! the asset page's "new" badges and the Atom feed show.
//!
//! [`ChangeView::build`] groups the changes by asset, newest document first, and writes every
//! line of text the page shows (summaries, old → new values, dates) while the build still has
//! both datasets at hand. The app therefore only decodes a [`ChangeView`] (postcard, behind a
//! magic and version, like the data bundle) and lays it out: no JSON parser, no float
//! formatting and no dataset lookups in the wasm, and a sharded atlas needs no shard to show
//! its changes. Filtering by [`Category`] and the badge lookups are plain functions here, so
//! they are tested natively.
//!
//! Document changes are not listed (they concern no asset; the new facts they bring are), nor
//! are added arms (their results are). Removed facts are listed as removed.
//!
//! # Example
//! ```
//! use atlas_model::changes::diff;
//! use atlas_model::{Asset, Dataset};
//! use atlas_view::changes::{Category, ChangeView};
//!
//! let old = Dataset::empty();
//! let mut new = Dataset::empty();
//! new.assets.push(Asset { id: "ibi363".into(), name: "IBI363".into(), ..Asset::default() });
//! let view = ChangeView::build(&diff(&old, &new), &old, &new);
//! assert_eq!(view.groups[0].name, "IBI363");
//! assert_eq!(view.groups[0].items[0].category, Category::NewAsset);
//! assert_eq!(ChangeView::decode(&view.encode()).unwrap(), view);
//! ```

use std::collections::HashMap;

use atlas_model::changes::{Change, ChangeKind, Changes, Subject};
use atlas_model::{Dataset, EventKind};
use serde::{Deserialize, Serialize};

/// Magic of an encoded [`ChangeView`] (`changes-<hash>.bin`).
pub const MAGIC: &[u8; 4] = b"PAC1";
/// Version of the encoded [`ChangeView`]; bumped on any change of its fields.
pub const VERSION: u8 = 1;

/// The changes since the previous build, grouped by asset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeView {
    /// The previous build's dataset hash.
    pub since: String,
    /// Newest first (by the newest document of each group), then by asset name.
    pub groups: Vec<AssetChanges>,
}

/// One asset's changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetChanges {
    pub asset: String,
    pub name: String,
    /// The newest date among the items (`YYYY[-MM[-DD]]`).
    pub date: Option<String>,
    /// Newest document first, then in the change list's order.
    pub items: Vec<ChangeItem>,
}

/// One changed fact, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeItem {
    pub category: Category,
    pub kind: ChangeKind,
    pub subject: Subject,
    /// The fact's stable id (an event id, a result key, …).
    pub id: String,
    /// One line: `NMPA Breakthrough Therapy Designation (sqNSCLC)`, `Confirmed ORR 86.4%
    /// (3 mg/kg)` (a result's endpoint by its label, its code in [`ChangeItem::endpoint`]).
    pub summary: String,
    /// For a changed fact, each field old → new (`value: 80 → 86.4`).
    pub details: Vec<String>,
    /// The date of the document quoted, else the event's own date.
    pub date: Option<String>,
    /// The document quoted, the quote and its byte span in the document.
    pub doc: Option<String>,
    pub quote: Option<String>,
    pub span: Option<(u32, u32)>,
}

/// What the page filters by; within a day, items are listed in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Category {
    NewAsset,
    Regulatory,
    Deal,
    Result,
    /// Asset fields, milestones, trials: shown under "all" only.
    Other,
}

impl Category {
    /// The filters the page offers, in order.
    pub const FILTERS: [Category; 4] = [
        Category::Regulatory,
        Category::Deal,
        Category::Result,
        Category::NewAsset,
    ];

    /// The URL value (`?kind=regulatory`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::NewAsset => "new-asset",
            Category::Regulatory => "regulatory",
            Category::Deal => "deal",
            Category::Result => "result",
            Category::Other => "other",
        }
    }

    /// The button and badge label.
    pub fn label(self) -> &'static str {
        match self {
            Category::NewAsset => "New asset",
            Category::Regulatory => "Regulatory",
            Category::Deal => "Deal",
            Category::Result => "Result",
            Category::Other => "Other",
        }
    }

    /// The inverse of [`Category::as_str`] for the filters.
    pub fn parse(s: &str) -> Option<Category> {
        Category::FILTERS.into_iter().find(|c| c.as_str() == s)
    }
}

/// Why encoded change bytes could not be read.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes do not start with [`MAGIC`] and [`VERSION`].
    #[error("not a change list of this version of the atlas (rebuild it)")]
    Version,
    /// The payload is not a [`ChangeView`].
    #[error("corrupt change list: {0}")]
    Corrupt(String),
}

impl ChangeView {
    /// Group and describe `changes` from `old` to `new`.
    pub fn build(changes: &Changes, old: &Dataset, new: &Dataset) -> ChangeView {
        let mut groups: Vec<AssetChanges> = Vec::new();
        let mut group_of: HashMap<String, usize> = HashMap::new();
        for change in &changes.changes {
            let Some(item) = describe(change, old, new) else {
                continue;
            };
            for asset in &change.assets {
                let idx = *group_of.entry(asset.clone()).or_insert_with(|| {
                    let name = new
                        .asset(asset)
                        .or_else(|| old.asset(asset))
                        .map(|a| a.name.clone())
                        .unwrap_or_else(|| asset.clone());
                    groups.push(AssetChanges {
                        asset: asset.clone(),
                        name,
                        ..AssetChanges::default()
                    });
                    groups.len() - 1
                });
                if let Some(g) = groups.get_mut(idx) {
                    g.items.push(item.clone());
                }
            }
        }
        for g in &mut groups {
            // Stable: equal dates and categories keep the change list's order.
            g.items
                .sort_by(|a, b| b.date.cmp(&a.date).then(a.category.cmp(&b.category)));
            g.date = g.items.iter().filter_map(|i| i.date.clone()).max();
        }
        groups.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.name.cmp(&b.name)));
        ChangeView {
            since: changes.old.clone(),
            groups,
        }
    }

    /// The groups with at least one item of `category` (all with `None`), holding only those
    /// items.
    pub fn filtered(&self, category: Option<Category>) -> Vec<AssetChanges> {
        self.groups
            .iter()
            .filter_map(|g| {
                let items: Vec<ChangeItem> = g
                    .items
                    .iter()
                    .filter(|i| category.is_none_or(|c| i.category == c))
                    .cloned()
                    .collect();
                (!items.is_empty()).then(|| AssetChanges { items, ..g.clone() })
            })
            .collect()
    }

    /// How many items of each filter, for the filter buttons.
    pub fn count(&self, category: Option<Category>) -> usize {
        self.groups
            .iter()
            .flat_map(|g| &g.items)
            .filter(|i| category.is_none_or(|c| i.category == c))
            .count()
    }

    /// Whether event `event_id` was added or changed since the previous build.
    pub fn is_new_event(&self, event_id: &str) -> bool {
        self.items().any(|i| {
            i.subject == Subject::Event && i.kind != ChangeKind::Removed && i.id == event_id
        })
    }

    /// Whether a result of arm `arm_id` for `endpoint` was added or changed.
    pub fn is_new_result(&self, arm_id: &str, endpoint: &str) -> bool {
        self.items().any(|i| {
            i.subject == Subject::Result
                && i.kind != ChangeKind::Removed
                && result_arm_endpoint(&i.id) == Some((arm_id, endpoint))
        })
    }

    fn items(&self) -> impl Iterator<Item = &ChangeItem> {
        self.groups.iter().flat_map(|g| &g.items)
    }

    /// [`MAGIC`], [`VERSION`], then the postcard payload.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.push(VERSION);
        out.extend(postcard::to_allocvec(self).expect("a change view always serializes"));
        out
    }

    /// The inverse of [`ChangeView::encode`].
    pub fn decode(bytes: &[u8]) -> Result<ChangeView, DecodeError> {
        let payload = bytes
            .strip_prefix(MAGIC.as_slice())
            .and_then(|b| b.strip_prefix(&[VERSION]))
            .ok_or(DecodeError::Version)?;
        postcard::from_bytes(payload).map_err(|e| DecodeError::Corrupt(e.to_string()))
    }
}

impl ChangeItem {
    /// The endpoint code of a result item, for the tooltip beside its label.
    pub fn endpoint(&self) -> Option<&str> {
        (self.subject == Subject::Result)
            .then(|| result_arm_endpoint(&self.id).map(|(_, endpoint)| endpoint))
            .flatten()
    }
}

/// The arm id and endpoint of a result key (`<arm>#<endpoint>[|subgroup][@time][~cited][*n]`).
fn result_arm_endpoint(key: &str) -> Option<(&str, &str)> {
    let (arm, rest) = key.split_once('#')?;
    let end = rest.find(['|', '@', '~', '*']).unwrap_or(rest.len());
    Some((arm, rest.get(..end)?))
}

/// The page's item for `change`, or `None` for what the page does not list.
fn describe(change: &Change, old: &Dataset, new: &Dataset) -> Option<ChangeItem> {
    let ds = if change.kind == ChangeKind::Removed {
        old
    } else {
        new
    };
    let field = |name: &str| {
        change
            .fields
            .iter()
            .find(|f| f.field == name)
            .and_then(|f| f.new.clone().or_else(|| f.old.clone()))
    };
    let (category, summary, own_date) = match change.subject {
        Subject::Document => return None,
        Subject::Arm if change.kind == ChangeKind::Added => return None,
        Subject::Asset => {
            let name = ds.asset(&change.id).map(|a| a.name.clone());
            let name = name.unwrap_or_else(|| change.id.clone());
            match change.kind {
                ChangeKind::Added => (Category::NewAsset, format!("New asset: {name}"), None),
                _ => (Category::Other, name, None),
            }
        }
        Subject::Event => {
            let event = ds.events.iter().find(|e| e.id == change.id)?;
            let category = match event.kind {
                EventKind::Designation | EventKind::Ind | EventKind::Approval => {
                    Category::Regulatory
                }
                EventKind::Deal => Category::Deal,
                EventKind::Milestone => Category::Other,
            };
            let summary = match &event.indication {
                Some(ind) => format!("{} ({ind})", event.title),
                None => event.title.clone(),
            };
            (category, summary, event.date.clone())
        }
        Subject::Trial => {
            let trial = ds.trials.iter().find(|t| t.id == change.id)?;
            let name = trial
                .name
                .clone()
                .or_else(|| trial.registry_ids.first().cloned())
                .unwrap_or_else(|| trial.id.clone());
            (Category::Result, format!("Trial {name}"), None)
        }
        Subject::Arm => {
            let label = field("label").unwrap_or_else(|| change.id.clone());
            (Category::Result, format!("Arm {label}"), None)
        }
        Subject::Result => {
            let (arm_id, endpoint) = result_arm_endpoint(&change.id)?;
            let arm = ds
                .trials
                .iter()
                .flat_map(|t| &t.arms)
                .find(|a| a.id == arm_id);
            let result = arm.and_then(|a| a.results.iter().find(|r| r.endpoint == endpoint));
            let timepoint = result.and_then(|r| r.timepoint.as_deref());
            let mut summary = crate::labels::endpoint_label(endpoint, timepoint);
            if let Some(v) = field("qualifier").or_else(|| result.and_then(|r| r.qualifier.clone()))
            {
                summary.push(' ');
                summary.push_str(&v);
            }
            if let Some(v) = field("value") {
                summary.push(' ');
                summary.push_str(&v);
            }
            if let Some(u) = field("unit").or_else(|| result.and_then(|r| r.unit.clone())) {
                if u != "%" {
                    summary.push(' ');
                }
                summary.push_str(&u);
            }
            if let Some(arm) = arm {
                summary.push_str(&format!(" ({})", arm.label));
            }
            (Category::Result, summary, None)
        }
    };
    let summary = match change.kind {
        ChangeKind::Removed => format!("Removed: {summary}"),
        _ => summary,
    };
    let details = if change.kind == ChangeKind::Changed {
        change
            .fields
            .iter()
            .map(|f| {
                let old = f.old.as_deref().unwrap_or("—");
                let new = f.new.as_deref().unwrap_or("—");
                format!("{}: {old} → {new}", f.field)
            })
            .collect()
    } else {
        Vec::new()
    };
    let doc = change.evidence.as_ref().map(|e| e.doc.clone());
    let doc_date = doc.as_ref().and_then(|d| {
        ds.documents
            .iter()
            .find(|x| x.id == *d)
            .and_then(|x| x.published.clone())
    });
    Some(ChangeItem {
        category,
        kind: change.kind,
        subject: change.subject,
        id: change.id.clone(),
        summary,
        details,
        date: doc_date.or(own_date),
        doc,
        quote: change.evidence.as_ref().map(|e| e.quote.clone()),
        span: change.evidence.as_ref().map(|e| (e.start, e.end)),
    })
}

#[cfg(test)]
mod tests {
    use atlas_model::changes::diff;
    use atlas_model::{Arm, ArmResult, Asset, Document, Event, EventKind, Evidence, Trial};

    use super::*;

    fn ev(doc: &str) -> Vec<Evidence> {
        vec![Evidence {
            doc: doc.into(),
            start: 0,
            end: 5,
            quote: format!("quote {doc}"),
        }]
    }

    fn doc(id: &str, date: &str) -> Document {
        Document {
            id: id.into(),
            title: None,
            kind: None,
            publisher: None,
            published: Some(date.into()),
            source: None,
            unextracted_numbers: Vec::new(),
        }
    }

    fn asset(id: &str, name: &str) -> Asset {
        Asset {
            id: id.into(),
            name: name.into(),
            evidence: ev("d1"),
            ..Asset::default()
        }
    }

    fn event(id: &str, asset: &str, kind: EventKind, title: &str, doc: &str) -> Event {
        Event {
            id: id.into(),
            asset: Some(asset.into()),
            kind,
            title: title.into(),
            agency: None,
            designation: None,
            indication: Some("sqNSCLC".into()),
            parties: Vec::new(),
            terms: None,
            date: None,
            evidence: ev(doc),
            rule: None,
        }
    }

    fn trial(value: f64) -> Trial {
        let r = ArmResult {
            endpoint: "cORR".into(),
            value: Some(value),
            unit: Some("%".into()),
            evidence: ev("d2"),
            ..ArmResult::default()
        };
        Trial {
            id: "t".into(),
            assets: vec!["b".into()],
            arms: vec![Arm {
                id: "t/a".into(),
                label: "3 mg/kg".into(),
                results: vec![r],
                ..Arm::default()
            }],
            ..Trial::default()
        }
    }

    fn old() -> Dataset {
        Dataset {
            documents: vec![doc("d1", "2025-01-02"), doc("d2", "2025-03-04")],
            assets: vec![asset("b", "Beta")],
            trials: vec![trial(80.0)],
            ..Dataset::empty()
        }
    }

    fn new() -> Dataset {
        let mut ds = old();
        ds.documents.push(doc("d3", "2025-06-04"));
        ds.assets.push(asset("a", "Alpha"));
        ds.events.push(event(
            "e1",
            "a",
            EventKind::Designation,
            "NMPA Breakthrough Therapy Designation",
            "d3",
        ));
        ds.events
            .push(event("e2", "b", EventKind::Deal, "Licence", "d1"));
        ds.trials = vec![trial(86.4)];
        ds
    }

    fn view() -> ChangeView {
        let (o, n) = (old(), new());
        ChangeView::build(&diff(&o, &n), &o, &n)
    }

    fn check(category: Option<Category>, expected: &[(&str, &[&str])]) {
        let got: Vec<(String, Vec<String>)> = view()
            .filtered(category)
            .into_iter()
            .map(|g| (g.name, g.items.into_iter().map(|i| i.summary).collect()))
            .collect();
        let expected: Vec<(String, Vec<String>)> = expected
            .iter()
            .map(|(n, s)| (n.to_string(), s.iter().map(|x| x.to_string()).collect()))
            .collect();
        assert_eq!(got, expected, "{category:?}");
    }

    #[test]
    fn groups_by_asset_newest_document_first_and_filters() {
        check(
            None,
            &[
                (
                    "Alpha",
                    &[
                        "NMPA Breakthrough Therapy Designation (sqNSCLC)",
                        "New asset: Alpha",
                    ],
                ),
                (
                    "Beta",
                    &["Confirmed ORR 86.4% (3 mg/kg)", "Licence (sqNSCLC)"],
                ),
            ],
        );
        check(
            Some(Category::Regulatory),
            &[(
                "Alpha",
                &["NMPA Breakthrough Therapy Designation (sqNSCLC)"],
            )],
        );
        check(Some(Category::Deal), &[("Beta", &["Licence (sqNSCLC)"])]);
        check(
            Some(Category::Result),
            &[("Beta", &["Confirmed ORR 86.4% (3 mg/kg)"])],
        );
        check(
            Some(Category::NewAsset),
            &[("Alpha", &["New asset: Alpha"])],
        );
    }

    #[test]
    fn a_changed_result_says_old_and_new_with_its_quote_and_date() {
        let v = view();
        let item = &v.filtered(Some(Category::Result))[0].items[0];
        assert_eq!(item.details, vec!["value: 80 → 86.4".to_owned()]);
        // The summary shows the endpoint's label; the code stays for the tooltip.
        assert_eq!(item.endpoint(), Some("cORR"));
        assert_eq!(item.quote.as_deref(), Some("quote d2"));
        assert_eq!(item.doc.as_deref(), Some("d2"));
        assert_eq!(item.date.as_deref(), Some("2025-03-04"));
        assert_eq!(v.groups[0].date.as_deref(), Some("2025-06-04"));
        assert_eq!(v.count(None), 4);
        assert_eq!(v.count(Some(Category::Deal)), 1);
        let deal = &v.filtered(Some(Category::Deal))[0].items[0];
        assert_eq!(deal.endpoint(), None);
    }

    #[test]
    fn badges_find_new_events_and_results() {
        let v = view();
        assert!(v.is_new_event("e1"));
        assert!(!v.is_new_event("e9"));
        assert!(v.is_new_result("t/a", "cORR"));
        assert!(!v.is_new_result("t/a", "DCR"));
    }

    #[test]
    fn result_keys_split_into_arm_and_endpoint() {
        for (key, expected) in [
            ("t/a#ORR", Some(("t/a", "ORR"))),
            ("t/a#ORR|PD-L1+@12 wk~cited*2", Some(("t/a", "ORR"))),
            ("no-hash", None),
        ] {
            assert_eq!(result_arm_endpoint(key), expected, "{key}");
        }
    }

    #[test]
    fn encoding_round_trips_and_refuses_other_versions() {
        let v = view();
        assert_eq!(ChangeView::decode(&v.encode()), Ok(v));
        assert_eq!(ChangeView::decode(b"PAT1\x01"), Err(DecodeError::Version));
        assert!(matches!(
            ChangeView::decode(b"PAC1\x01\xff"),
            Err(DecodeError::Corrupt(_))
        ));
    }

    #[test]
    fn categories_parse_back() {
        for c in Category::FILTERS {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        assert_eq!(Category::parse("other"), None);
    }
}
