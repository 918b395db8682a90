//! Merging the facts of all documents: one asset per drug (names unified through shared
//! aliases), one event per real-world event (each report adds evidence), one trial per trial
//! (same name or registry id). Conflicting values are kept side by side: the first document's
//! value stays, the other is recorded as a conflict flag or a second result with its own
//! evidence, never silently overwritten.

use std::collections::HashMap;

use atlas_model::{Asset, Dataset, Event, EventKind, Trial};

use crate::events::{absorb, dedupe_ids, event_id, same_event};
use crate::DocFacts;

/// Merge per-document facts into one dataset, in document order.
///
/// Every "is this the same X" question is answered through a hash map from X's keys to the
/// position of the first X that has them, so merging stays linear in the number of facts
/// (a corpus of 100,000 assets has about 300,000 events and 200,000 trials; scanning the list
/// for each one would take hours). Where several earlier entries match, the first in list
/// order wins, exactly as a front-to-back scan would pick.
pub(crate) fn merge(per_doc: Vec<DocFacts>) -> Dataset {
    merge_parts(per_doc.into_iter().map(|f| Part {
        documents: vec![f.document],
        assets: f.assets,
        events: f.events,
        trials: f.trials,
    }))
}

/// What [`merge_parts`] folds together: one document's facts, or a whole partial dataset.
pub(crate) struct Part {
    pub documents: Vec<atlas_model::Document>,
    pub assets: Vec<Asset>,
    pub events: Vec<Event>,
    pub trials: Vec<Trial>,
}

impl From<Dataset> for Part {
    fn from(ds: Dataset) -> Part {
        Part {
            documents: ds.documents,
            assets: ds.assets,
            events: ds.events,
            trials: ds.trials,
        }
    }
}

/// Merge parts in order. Merging is the same whether a part is one document or a dataset
/// already merged from consecutive documents, which is what lets a corpus be extracted in
/// batches on many machines and merged at the end (`atlas-extract --jsonl` / `--merge`).
pub(crate) fn merge_parts(parts: impl Iterator<Item = Part>) -> Dataset {
    let mut ds = Dataset::empty();
    let mut assets = AssetKeys::default();
    let mut trials = TrialKeys::default();
    // Events can only be the same when kind, asset, agency and designation agree.
    let mut event_buckets: HashMap<EventBucket, Vec<usize>> = HashMap::new();
    let mut renames: HashMap<String, String> = HashMap::new();
    for facts in parts {
        ds.documents.extend(facts.documents);
        for asset in facts.assets {
            merge_asset(&mut ds.assets, &mut assets, asset, &mut renames);
        }
        for mut event in facts.events {
            rename_asset(&mut event.asset, &renames);
            let bucket = event_bucket(&event);
            let candidates = event_buckets.entry(bucket).or_default();
            let found = candidates
                .iter()
                .copied()
                .find(|&i| same_event(&ds.events[i], &event, &[]));
            match found {
                Some(i) => absorb(&mut ds.events[i], event),
                None => {
                    candidates.push(ds.events.len());
                    ds.events.push(event);
                }
            }
        }
        for mut trial in facts.trials {
            for a in &mut trial.assets {
                let mut id = Some(a.clone());
                rename_asset(&mut id, &renames);
                *a = id.unwrap_or_default();
            }
            merge_trial(&mut ds.trials, &mut trials, trial);
        }
    }
    for e in &mut ds.events {
        e.id = event_id(e);
    }
    dedupe_ids(&mut ds.events);
    ds
}

type EventBucket = (EventKind, Option<String>, Option<String>, Option<String>);

fn event_bucket(e: &Event) -> EventBucket {
    (
        e.kind,
        e.asset.clone(),
        e.agency.clone(),
        e.designation.clone(),
    )
}

fn key(name: &str) -> String {
    atlas_model::slug(name).replace('-', "")
}

fn names(a: &Asset) -> Vec<String> {
    std::iter::once(&a.name)
        .chain(&a.aliases)
        .map(|n| key(n))
        .collect()
}

fn rename_asset(id: &mut Option<String>, renames: &HashMap<String, String>) {
    if let Some(cur) = id.as_mut() {
        if let Some(to) = renames.get(cur.as_str()) {
            *cur = to.clone();
        }
    }
}

/// Remember that `key` belongs to the entry at `idx`, keeping the earliest entry per key.
fn note_key(map: &mut HashMap<String, usize>, key: String, idx: usize) {
    map.entry(key)
        .and_modify(|i| *i = (*i).min(idx))
        .or_insert(idx);
}

/// Name keys of the merged assets → the first asset that carries each.
#[derive(Default)]
struct AssetKeys {
    by_name: HashMap<String, usize>,
}

/// Ids, registry ids and names of the merged trials → the first trial that carries each.
#[derive(Default)]
struct TrialKeys {
    by_id: HashMap<String, usize>,
    by_registry: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

/// Fold an asset into the list: same drug when any name or alias matches.
fn merge_asset(
    list: &mut Vec<Asset>,
    keys: &mut AssetKeys,
    asset: Asset,
    renames: &mut HashMap<String, String>,
) {
    let incoming = names(&asset);
    let Some(idx) = incoming
        .iter()
        .filter_map(|n| keys.by_name.get(n).copied())
        .min()
    else {
        let idx = list.len();
        for n in incoming {
            note_key(&mut keys.by_name, n, idx);
        }
        list.push(asset);
        return;
    };
    for n in incoming {
        note_key(&mut keys.by_name, n, idx);
    }
    let existing = &mut list[idx];
    // The first id stays: later names become aliases.
    if existing.id != asset.id {
        renames
            .entry(asset.id.clone())
            .or_insert_with(|| existing.id.clone());
    }
    for n in std::iter::once(asset.name).chain(asset.aliases) {
        if key(&n) != key(&existing.name) && !existing.aliases.iter().any(|a| key(a) == key(&n)) {
            existing.aliases.push(n);
        }
    }
    for c in asset.companies {
        if !existing
            .companies
            .iter()
            .any(|e| key(&e.name) == key(&c.name))
        {
            existing.companies.push(c);
        }
    }
    for t in asset.targets {
        // One target written two ways ("CLDN18.2", "Claudin 18.2") is listed once.
        let target_key = |x: &str| crate::vocab::target_canonical(x).unwrap_or(x).to_owned();
        if !existing
            .targets
            .iter()
            .any(|e| target_key(e) == target_key(&t))
        {
            existing.targets.push(t);
        }
    }
    if existing.modality.is_none() {
        existing.modality = asset.modality;
    }
    if existing.mechanism.is_none() {
        existing.mechanism = asset.mechanism;
    }
    for c in asset.claims {
        if !existing.claims.contains(&c) {
            existing.claims.push(c);
        }
    }
    // A drug that any document studies is no mere comparator.
    existing.comparator &= asset.comparator;
    for e in asset.evidence {
        if !existing.evidence.contains(&e) {
            existing.evidence.push(e);
        }
    }
}

/// Same trial: same id, or a shared registry id, or the same name.
fn merge_trial(list: &mut Vec<Trial>, keys: &mut TrialKeys, trial: Trial) {
    let found = std::iter::once(keys.by_id.get(&trial.id))
        .chain(trial.registry_ids.iter().map(|r| keys.by_registry.get(r)))
        .chain(trial.name.iter().map(|n| keys.by_name.get(n)))
        .flatten()
        .copied()
        .min();
    let idx = found.unwrap_or(list.len());
    // An existing trial keeps its id and name; the incoming registry ids join it.
    if found.is_none() {
        note_key(&mut keys.by_id, trial.id.clone(), idx);
        if let Some(name) = &trial.name {
            note_key(&mut keys.by_name, name.clone(), idx);
        }
    }
    for r in &trial.registry_ids {
        note_key(&mut keys.by_registry, r.clone(), idx);
    }
    let Some(existing) = found.map(|i| &mut list[i]) else {
        list.push(trial);
        return;
    };
    for r in trial.registry_ids {
        if !existing.registry_ids.contains(&r) {
            existing.registry_ids.push(r);
        }
    }
    for a in trial.assets {
        if !existing.assets.contains(&a) {
            existing.assets.push(a);
        }
    }
    existing.phase = existing.phase.take().or(trial.phase);
    existing.design = existing.design.take().or(trial.design);
    existing.setting = existing.setting.take().or(trial.setting);
    existing.population = existing.population.take().or(trial.population);
    existing.enrollment = existing.enrollment.or(trial.enrollment);
    existing.data_cutoff = existing.data_cutoff.take().or(trial.data_cutoff);
    existing.median_follow_up = existing.median_follow_up.take().or(trial.median_follow_up);
    existing.starting_dose = existing.starting_dose.take().or(trial.starting_dose);
    for c in trial.countries {
        if !existing.countries.contains(&c) {
            existing.countries.push(c);
        }
    }
    for o in trial.outcome_measures {
        if !existing.outcome_measures.contains(&o) {
            existing.outcome_measures.push(o);
        }
    }
    for e in trial.evidence {
        if !existing.evidence.contains(&e) {
            existing.evidence.push(e);
        }
    }
    for arm in trial.arms {
        match existing.arms.iter_mut().find(|a| a.id == arm.id) {
            Some(a) => {
                a.n = a.n.or(arm.n);
                a.regimen = a.regimen.take().or(arm.regimen);
                for e in arm.evidence {
                    if !a.evidence.contains(&e) {
                        a.evidence.push(e);
                    }
                }
                for r in arm.results {
                    let dup = a.results.iter_mut().find(|x| {
                        x.endpoint == r.endpoint
                            && x.subgroup == r.subgroup
                            && x.timepoint == r.timepoint
                    });
                    match dup {
                        Some(x) if x.value == r.value => {
                            for e in r.evidence {
                                if !x.evidence.contains(&e) {
                                    x.evidence.push(e);
                                }
                            }
                        }
                        Some(x) => {
                            // Conflicting reports stay side by side, each flagged.
                            let note = format!(
                                "conflicts with another report: {} vs {}",
                                shown(x.value),
                                shown(r.value)
                            );
                            x.flags.push(note.clone());
                            let mut r = r;
                            r.flags.push(note);
                            a.results.push(r);
                        }
                        None => a.results.push(r),
                    }
                }
            }
            None => existing.arms.push(arm),
        }
    }
}

/// A result's value as text ("12.5", "none"), without core's float formatting (the curation
/// worker's size budget: `atlas_model::num`).
fn shown(v: Option<f64>) -> String {
    v.map_or_else(|| "none".to_owned(), |v| atlas_model::num::decimal(v, 9))
}
