//! Merging the facts of all documents: one asset per drug (names unified through shared
//! aliases), one event per real-world event (each report adds evidence), one trial per trial
//! (same name or registry id). Conflicting values are kept side by side: the first document's
//! value stays, the other is recorded as a conflict flag or a second result with its own
//! evidence, never silently overwritten.

use atlas_model::{Asset, Dataset, Trial};

use crate::events::{absorb, dedupe_ids, event_id, same_event};
use crate::DocFacts;

/// Merge per-document facts into one dataset, in document order.
pub(crate) fn merge(per_doc: Vec<DocFacts>) -> Dataset {
    let mut ds = Dataset::empty();
    let mut renames: Vec<(String, String)> = Vec::new();
    for facts in per_doc {
        ds.documents.push(facts.document);
        for asset in facts.assets {
            merge_asset(&mut ds.assets, asset, &mut renames);
        }
        for mut event in facts.events {
            rename_asset(&mut event.asset, &renames);
            match ds.events.iter_mut().find(|e| same_event(e, &event, &[])) {
                Some(e) => absorb(e, event),
                None => ds.events.push(event),
            }
        }
        for mut trial in facts.trials {
            for a in &mut trial.assets {
                let mut id = Some(a.clone());
                rename_asset(&mut id, &renames);
                *a = id.unwrap_or_default();
            }
            merge_trial(&mut ds.trials, trial);
        }
    }
    for e in &mut ds.events {
        e.id = event_id(e);
    }
    dedupe_ids(&mut ds.events);
    ds
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

fn rename_asset(id: &mut Option<String>, renames: &[(String, String)]) {
    if let Some(cur) = id.as_mut() {
        if let Some((_, to)) = renames.iter().find(|(from, _)| from == cur) {
            *cur = to.clone();
        }
    }
}

/// Fold an asset into the list: same drug when any name or alias matches.
fn merge_asset(list: &mut Vec<Asset>, asset: Asset, renames: &mut Vec<(String, String)>) {
    let incoming = names(&asset);
    let Some(existing) = list
        .iter_mut()
        .find(|a| names(a).iter().any(|n| incoming.contains(n)))
    else {
        list.push(asset);
        return;
    };
    // The first id stays: later names become aliases.
    if existing.id != asset.id {
        renames.push((asset.id.clone(), existing.id.clone()));
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
        if !existing.targets.contains(&t) {
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
fn merge_trial(list: &mut Vec<Trial>, trial: Trial) {
    let same = |t: &Trial| {
        t.id == trial.id
            || t.registry_ids
                .iter()
                .any(|r| trial.registry_ids.contains(r))
            || (t.name.is_some() && t.name == trial.name)
    };
    let Some(existing) = list.iter_mut().find(|t| same(t)) else {
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
                                "conflicts with another report: {:?} vs {:?}",
                                x.value, r.value
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
