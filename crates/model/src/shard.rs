//! Detail shards: how a large atlas splits into a small start-up bundle and files fetched on
//! demand.
//!
//! A sharded atlas ships, at start, only the search index (which already carries everything a
//! result row shows) and a [`ShardTable`]. Everything else — asset pages, arm tables, source
//! texts — lives in shard files beside `index.html`, each an ordinary [`Bundle`] holding a
//! self-contained slice of the dataset. Four families answer the four ways a page asks:
//!
//! - [`Family::Asset`]: by asset id — the assets, their events and trials (whole, with every
//!   arm and result) and the metadata of every document their facts cite. An asset page needs
//!   exactly one.
//! - [`Family::Document`]: by document id — the documents with their texts and every asset,
//!   event and trial that has evidence in them, so the source page can highlight every fact.
//! - [`Family::Trial`]: by trial id (the part of an arm id before its last `/`) — the trials
//!   and the assets they study; a comparison needs one per distinct trial.
//! - [`Family::Timeline`]: one file, the newest [`TIMELINE_EVENTS`] events with their assets.
//!
//! Which shard holds an id is [`shard_of`]: FNV-1a of the id modulo the family's shard count,
//! so a page finds its file with no lookup table beyond the shards' content hashes (8 bytes
//! each in the start bundle). Ids are stable across rebuilds, so a deep link keeps working
//! even though the shard files' names change with their content.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::{Bundle, Dataset, DocText, Document, Evidence, Trial};

/// How many events the timeline shard of a sharded atlas holds (the newest ones).
pub const TIMELINE_EVENTS: usize = 1_000;

/// The shard families; see the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Asset,
    Document,
    Trial,
    Timeline,
}

impl Family {
    /// The one-letter tag in shard file names.
    pub fn tag(self) -> char {
        match self {
            Family::Asset => 'a',
            Family::Document => 'd',
            Family::Trial => 't',
            Family::Timeline => 'e',
        }
    }
}

/// Where the shards of a sharded atlas are: per family, the content hash of each shard file,
/// in shard order. The file of shard `i` of a family is [`ShardTable::file`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardTable {
    pub assets: Vec<u64>,
    pub documents: Vec<u64>,
    pub trials: Vec<u64>,
    pub timeline: u64,
    /// Counts over the whole atlas, for pages that show a slice ("the newest 1,000 of …").
    pub n_events: u32,
    pub n_documents: u32,
}

impl ShardTable {
    fn hashes(&self, family: Family) -> &[u64] {
        match family {
            Family::Asset => &self.assets,
            Family::Document => &self.documents,
            Family::Trial => &self.trials,
            Family::Timeline => std::slice::from_ref(&self.timeline),
        }
    }

    /// The file (relative to `index.html`) of the shard that holds `id`; `None` for a family
    /// without shards.
    pub fn file_for(&self, family: Family, id: &str) -> Option<String> {
        let hashes = self.hashes(family);
        let hash = hashes.get(shard_of(id, hashes.len()))?;
        Some(shard_file(family, *hash))
    }
}

/// The file name of a shard: family tag and content hash.
pub fn shard_file(family: Family, hash: u64) -> String {
    format!("shard-{}-{hash:016x}.bin", family.tag())
}

/// The content hash of a shard file: the first 8 bytes of its SHA-256, big-endian. The build
/// names each file by it and the viewer checks what it fetched against it, so a stale or
/// damaged file is noticed instead of decoded.
pub fn content_hash(bytes: &[u8]) -> u64 {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// Whether `bytes` are the shard `file` (a [`shard_file`] name) promises by its hash.
pub fn is_intact(file: &str, bytes: &[u8]) -> bool {
    file.ends_with(&format!("-{:016x}.bin", content_hash(bytes)))
}

/// The first two bytes of every gzip stream: shard files are stored gzipped (the build's
/// `atlas_build::stored`), start files are not.
pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Whether `bytes` are a gzip stream (a stored shard) rather than an encoded bundle.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

/// The shard (of `n`) that holds `id`.
///
/// FNV-1a, written out because the value must never change between Rust releases or
/// platforms (std's hasher makes no such promise) and the function is five lines.
pub fn shard_of(id: &str, n: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    if n == 0 {
        0
    } else {
        (h % n as u64) as usize
    }
}

/// The trial id of an arm id (`<trial id>/<arm slug>`).
pub fn trial_of_arm(arm_id: &str) -> &str {
    arm_id.rsplit_once('/').map_or(arm_id, |(trial, _)| trial)
}

/// Every document an evidence list cites.
fn cited<'a>(evidence: &'a [Evidence], out: &mut HashSet<&'a str>) {
    out.extend(evidence.iter().map(|e| e.doc.as_str()));
}

fn trial_docs<'a>(t: &'a Trial, out: &mut HashSet<&'a str>) {
    cited(&t.evidence, out);
    for arm in &t.arms {
        cited(&arm.evidence, out);
        for r in &arm.results {
            cited(&r.evidence, out);
        }
    }
}

/// Which shard of each family every fact of a dataset goes to, computed once in linear time;
/// [`ShardPlan::build`] then assembles one shard at a time, so a build never holds more than
/// the dataset and one shard.
pub struct ShardPlan<'a> {
    ds: &'a Dataset,
    /// Document id → its text, so a document shard finds its texts without a scan.
    text_of: HashMap<&'a str, &'a DocText>,
    pub n_assets: usize,
    pub n_documents: usize,
    pub n_trials: usize,
    /// Per family, per shard: indices into the dataset's assets, events, trials, documents.
    asset_shards: Vec<Members>,
    doc_shards: Vec<Members>,
    trial_shards: Vec<Members>,
    timeline: Members,
}

/// The facts of one shard, as indices into the dataset's lists.
#[derive(Clone, Default)]
struct Members {
    assets: Vec<usize>,
    events: Vec<usize>,
    trials: Vec<usize>,
    documents: Vec<usize>,
}

impl Members {
    fn normalise(&mut self) {
        for list in [
            &mut self.assets,
            &mut self.events,
            &mut self.trials,
            &mut self.documents,
        ] {
            list.sort_unstable();
            list.dedup();
        }
    }
}

impl<'a> ShardPlan<'a> {
    /// Plan shards of about `per_shard` assets, documents or trials each.
    pub fn new(ds: &'a Dataset, texts: &'a [DocText], per_shard: usize) -> Self {
        let per_shard = per_shard.max(1);
        let count = |items: usize| items.div_ceil(per_shard).max(1);
        let (n_assets, n_documents, n_trials) = (
            count(ds.assets.len()),
            count(ds.documents.len()),
            count(ds.trials.len()),
        );
        let mut plan = ShardPlan {
            ds,
            text_of: texts.iter().map(|t| (t.doc.as_str(), t)).collect(),
            n_assets,
            n_documents,
            n_trials,
            asset_shards: vec![Members::default(); n_assets],
            doc_shards: vec![Members::default(); n_documents],
            trial_shards: vec![Members::default(); n_trials],
            timeline: Members::default(),
        };
        let asset_idx: HashMap<&str, usize> = ds
            .assets
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let doc_idx: HashMap<&str, usize> = ds
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.as_str(), i))
            .collect();
        let docs_of = |docs: &HashSet<&str>| -> Vec<usize> {
            docs.iter()
                .filter_map(|d| doc_idx.get(d).copied())
                .collect()
        };
        let doc_shard = |d: &str| shard_of(d, n_documents);
        for (i, a) in ds.assets.iter().enumerate() {
            let s = &mut plan.asset_shards[shard_of(&a.id, n_assets)];
            s.assets.push(i);
            let mut docs = HashSet::new();
            cited(&a.evidence, &mut docs);
            s.documents.extend(docs_of(&docs));
            for d in docs {
                plan.doc_shards[doc_shard(d)].assets.push(i);
            }
        }
        for (i, e) in ds.events.iter().enumerate() {
            let mut docs = HashSet::new();
            cited(&e.evidence, &mut docs);
            if let Some(a) = e.asset.as_deref() {
                let s = &mut plan.asset_shards[shard_of(a, n_assets)];
                s.events.push(i);
                s.documents.extend(docs_of(&docs));
            }
            for d in docs {
                plan.doc_shards[doc_shard(d)].events.push(i);
            }
        }
        for (i, t) in ds.trials.iter().enumerate() {
            let mut docs = HashSet::new();
            trial_docs(t, &mut docs);
            let doc_list = docs_of(&docs);
            let studied: Vec<usize> = t
                .assets
                .iter()
                .filter_map(|a| asset_idx.get(a.as_str()).copied())
                .collect();
            for a in &t.assets {
                let s = &mut plan.asset_shards[shard_of(a, n_assets)];
                s.trials.push(i);
                s.documents.extend(&doc_list);
                // The asset page names the other assets of its trials.
                s.assets.extend(&studied);
            }
            let s = &mut plan.trial_shards[shard_of(&t.id, n_trials)];
            s.trials.push(i);
            s.assets.extend(&studied);
            s.documents.extend(&doc_list);
            for d in docs {
                let s = &mut plan.doc_shards[doc_shard(d)];
                s.trials.push(i);
                s.assets.extend(&studied);
            }
        }
        for (i, d) in ds.documents.iter().enumerate() {
            plan.doc_shards[doc_shard(&d.id)].documents.push(i);
        }
        // The newest events: dates compare as text (ISO, as precise as known), undated last.
        let mut by_date: Vec<usize> = (0..ds.events.len()).collect();
        by_date.sort_by(|&a, &b| ds.events[b].date.cmp(&ds.events[a].date));
        by_date.truncate(TIMELINE_EVENTS);
        for &i in &by_date {
            let e = &ds.events[i];
            plan.timeline.events.push(i);
            if let Some(a) = e.asset.as_deref().and_then(|a| asset_idx.get(a)) {
                plan.timeline.assets.push(*a);
            }
            let mut docs = HashSet::new();
            cited(&e.evidence, &mut docs);
            plan.timeline.documents.extend(docs_of(&docs));
        }
        for s in plan
            .asset_shards
            .iter_mut()
            .chain(&mut plan.doc_shards)
            .chain(&mut plan.trial_shards)
            .chain(std::iter::once(&mut plan.timeline))
        {
            s.normalise();
        }
        plan
    }

    /// How many shards `family` has.
    pub fn len(&self, family: Family) -> usize {
        match family {
            Family::Asset => self.n_assets,
            Family::Document => self.n_documents,
            Family::Trial => self.n_trials,
            Family::Timeline => 1,
        }
    }

    /// Whether the plan has no shards at all (never: every family has at least one).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Shard `i` of `family` as a bundle titled `title`. Document texts travel only in
    /// document shards; facts in other shards keep their quotes in full.
    pub fn build(&self, family: Family, i: usize, title: &str) -> Bundle {
        let m = match family {
            Family::Asset => &self.asset_shards[i],
            Family::Document => &self.doc_shards[i],
            Family::Trial => &self.trial_shards[i],
            Family::Timeline => &self.timeline,
        };
        let ds = self.ds;
        let documents: Vec<Document> = m
            .documents
            .iter()
            .map(|&d| {
                let mut doc = ds.documents[d].clone();
                // Numbers no fact uses matter only on the document's own page.
                if family != Family::Document {
                    doc.unextracted_numbers.clear();
                }
                doc
            })
            .collect();
        let texts = if family == Family::Document {
            documents
                .iter()
                .filter_map(|d| self.text_of.get(d.id.as_str()))
                .map(|t| (*t).clone())
                .collect()
        } else {
            Vec::new()
        };
        let mut dataset = Dataset {
            schema: ds.schema.clone(),
            documents,
            assets: m.assets.iter().map(|&a| ds.assets[a].clone()).collect(),
            events: m.events.iter().map(|&e| ds.events[e].clone()).collect(),
            trials: m.trials.iter().map(|&t| ds.trials[t].clone()).collect(),
        };
        if family == Family::Document {
            // The source page shows the facts of its own documents: everything else a fact
            // carries (other arms, other reports) is left out, or each document shard would
            // repeat whole trials.
            let own: HashSet<String> = dataset.documents.iter().map(|d| d.id.clone()).collect();
            prune_to(&mut dataset, &own);
        }
        let mut bundle = Bundle::new(dataset, texts);
        title.clone_into(&mut bundle.title);
        bundle
    }
}

/// Keep only the evidence from `docs`, and the arms and results that have some.
fn prune_to(ds: &mut Dataset, docs: &HashSet<String>) {
    let keep = |ev: &mut Vec<Evidence>| ev.retain(|e| docs.contains(&e.doc));
    for a in &mut ds.assets {
        keep(&mut a.evidence);
    }
    for e in &mut ds.events {
        keep(&mut e.evidence);
    }
    for t in &mut ds.trials {
        keep(&mut t.evidence);
        for arm in &mut t.arms {
            keep(&mut arm.evidence);
            for r in &mut arm.results {
                keep(&mut r.evidence);
            }
            arm.results.retain(|r| !r.evidence.is_empty());
        }
        t.arms
            .retain(|arm| !arm.evidence.is_empty() || !arm.results.is_empty());
    }
}

impl Bundle {
    /// Fold another shard into this one: facts it already has (by id) are not repeated.
    /// A comparison across trials reads the union of their shards this way.
    pub fn absorb(&mut self, other: Bundle) {
        fn add<T>(into: &mut Vec<T>, from: Vec<T>, id: impl Fn(&T) -> &str) {
            let have: HashSet<String> = into.iter().map(|x| id(x).to_owned()).collect();
            into.extend(from.into_iter().filter(|x| !have.contains(id(x))));
        }
        let ds = other.dataset;
        add(&mut self.dataset.documents, ds.documents, |d| &d.id);
        add(&mut self.dataset.assets, ds.assets, |a| &a.id);
        add(&mut self.dataset.events, ds.events, |e| &e.id);
        add(&mut self.dataset.trials, ds.trials, |t| &t.id);
        add(&mut self.texts, other.texts, |t| &t.doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Arm, ArmResult, Asset, Event, EventKind};

    fn ev(doc: &str) -> Vec<Evidence> {
        vec![Evidence {
            doc: doc.into(),
            start: 0,
            end: 3,
            quote: "abc".into(),
        }]
    }

    /// Three assets over four documents; one trial studies two assets against each other.
    fn dataset() -> (Dataset, Vec<DocText>) {
        let doc = |id: &str, date: &str| Document {
            id: id.into(),
            published: Some(date.into()),
            ..Document::default()
        };
        let asset = |id: &str, doc: &str| Asset {
            id: id.into(),
            name: id.to_uppercase(),
            evidence: ev(doc),
            ..Asset::default()
        };
        let event = |id: &str, asset: &str, doc: &str, date: &str| Event {
            id: id.into(),
            asset: Some(asset.into()),
            kind: EventKind::Designation,
            title: "FDA BTD".into(),
            agency: None,
            designation: None,
            indication: None,
            parties: Vec::new(),
            terms: None,
            date: Some(date.into()),
            evidence: ev(doc),
            rule: None,
        };
        let ds = Dataset {
            schema: crate::SCHEMA.into(),
            documents: vec![
                doc("pr-1", "2024-01"),
                doc("pr-2", "2024-02"),
                doc("news-1", "2024-03"),
                doc("reg-1", "2024"),
            ],
            assets: vec![
                asset("x-1", "pr-1"),
                asset("y-2", "pr-2"),
                asset("z-3", "pr-2"),
            ],
            events: vec![
                event("e1", "x-1", "pr-1", "2024-01-05"),
                event("e2", "y-2", "pr-2", "2024-02-01"),
            ],
            trials: vec![Trial {
                id: "t1".into(),
                assets: vec!["x-1".into(), "z-3".into()],
                evidence: ev("reg-1"),
                arms: vec![Arm {
                    id: "t1/a".into(),
                    results: vec![ArmResult {
                        endpoint: "ORR".into(),
                        evidence: ev("news-1"),
                        ..ArmResult::default()
                    }],
                    ..Arm::default()
                }],
                ..Trial::default()
            }],
        };
        let texts = ["pr-1", "pr-2", "news-1", "reg-1"]
            .iter()
            .map(|d| DocText {
                doc: (*d).into(),
                text: format!("abc {d}"),
            })
            .collect();
        (ds, texts)
    }

    /// The shard of `family` that holds `id`, built and round-tripped through the format.
    fn shard(plan: &ShardPlan, family: Family, id: &str) -> Bundle {
        let i = shard_of(id, plan.len(family));
        let b = plan.build(family, i, "T");
        Bundle::decode(&b.encode()).expect("a shard round-trips")
    }

    #[test]
    fn every_page_finds_what_it_needs_in_one_shard_per_key() {
        let (ds, texts) = dataset();
        for per_shard in [1, 2, 100] {
            let plan = ShardPlan::new(&ds, &texts, per_shard);
            for a in &ds.assets {
                let s = shard(&plan, Family::Asset, &a.id);
                assert!(
                    s.dataset.asset(&a.id).is_some(),
                    "{} (per {per_shard})",
                    a.id
                );
                assert_eq!(s.dataset.events_of(&a.id), ds.events_of(&a.id));
                assert_eq!(s.dataset.trials_of(&a.id), ds.trials_of(&a.id));
                for d in ds.documents_of(&a.id) {
                    assert!(s.dataset.document(&d).is_some(), "{d} for {}", a.id);
                }
                assert!(s.texts.is_empty(), "texts only travel in document shards");
            }
            for d in &ds.documents {
                let s = shard(&plan, Family::Document, &d.id);
                assert_eq!(s.text(&d.id), Some(format!("abc {}", d.id).as_str()));
                let facts = crate::segments::facts_in(&ds, &d.id);
                assert_eq!(crate::segments::facts_in(&s.dataset, &d.id), facts);
            }
            let s = shard(&plan, Family::Trial, trial_of_arm("t1/a"));
            assert!(s.dataset.arm("t1/a").is_some());
            assert!(
                s.dataset.asset("z-3").is_some(),
                "the trial's assets come along"
            );
        }
    }

    #[test]
    fn the_timeline_shard_holds_the_newest_events_with_their_assets() {
        let (mut ds, texts) = dataset();
        // More events than the shard holds, all older than e2 (2024-02-01).
        let old = ds.events[0].clone();
        for i in 0..TIMELINE_EVENTS {
            let mut e = old.clone();
            e.id = format!("old-{i}");
            e.date = Some(format!("2023-{:02}", 1 + i % 12));
            ds.events.push(e);
        }
        let plan = ShardPlan::new(&ds, &texts, 1);
        let t = plan.build(Family::Timeline, 0, "T");
        assert_eq!(t.dataset.events.len(), TIMELINE_EVENTS);
        assert!(t.dataset.events.iter().any(|e| e.id == "e2"));
        assert!(t.dataset.events.iter().any(|e| e.id == "e1"));
        assert!(t.dataset.asset("y-2").is_some());
        assert!(t.dataset.document("pr-2").is_some());
    }

    #[test]
    fn shard_of_is_stable_and_in_range() {
        // Fixed values: a change would break every deployed atlas's shard lookup.
        assert_eq!(shard_of("ibi363", 1_000), shard_of("ibi363", 1_000));
        assert_eq!(shard_of("", 7), (0xcbf2_9ce4_8422_2325u64 % 7) as usize);
        for id in ["a", "lbl-024", "nct01234567", "ΑΒΓ"] {
            assert!(shard_of(id, 13) < 13);
        }
        assert_eq!(shard_of("x", 0), 0);
        assert_eq!(trial_of_arm("nct1/arm-a"), "nct1");
        assert_eq!(trial_of_arm("t"), "t");
    }

    #[test]
    fn absorb_keeps_one_copy_of_each_fact() {
        let (ds, texts) = dataset();
        let plan = ShardPlan::new(&ds, &texts, 1);
        let mut all = plan.build(Family::Asset, 0, "T");
        for i in 0..plan.len(Family::Asset) {
            all.absorb(plan.build(Family::Asset, i, "T"));
        }
        let mut ids: Vec<&str> = all.dataset.assets.iter().map(|a| a.id.as_str()).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["x-1", "y-2", "z-3"]);
        assert_eq!(all.dataset.trials.len(), 1);
    }

    #[test]
    fn the_table_names_content_hashed_files() {
        let table = ShardTable {
            assets: vec![1, 2],
            timeline: 0xab,
            ..ShardTable::default()
        };
        let file = table.file_for(Family::Asset, "x-1").unwrap();
        assert!(file.starts_with("shard-a-000000000000000"), "{file}");
        assert_eq!(table.file_for(Family::Document, "d"), None);
        assert_eq!(
            table.file_for(Family::Timeline, "").as_deref(),
            Some("shard-e-00000000000000ab.bin")
        );
    }

    #[test]
    fn a_shard_is_intact_only_with_the_bytes_its_name_promises() {
        // Bug: the viewer decoded whatever came back, a stale or damaged file included.
        let bytes = b"PAT1 shard bytes";
        // The SHA-256 of `bytes` starts with these 8 bytes (sha256sum).
        assert_eq!(content_hash(bytes), 0x64b9_ec8b_ef5a_a94d_u64);
        let file = shard_file(Family::Trial, content_hash(bytes));
        assert!(is_intact(&file, bytes));
        assert!(!is_intact(&file, b"PAT1 shard bytez"));
        assert!(!is_intact(&shard_file(Family::Trial, 1), bytes));
    }
}
