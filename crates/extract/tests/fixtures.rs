//! Hand-annotated fixture documents (invented drugs and companies, written the way press
//! releases, abstracts, news and registry records are): every annotated fact must be found,
//! and every reported result must be annotated (fixtures are fully annotated, so this is
//! precision). The extracted structure of each fixture is also kept as an insta snapshot.

use std::path::{Path, PathBuf};

use atlas_extract::{extract, read_document, Manifest};
use atlas_model::Dataset;
use serde_json::{json, Value};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn extract_one(path: &Path) -> Dataset {
    let doc = read_document(path).expect("fixture readable");
    extract(&[doc], &Manifest::default(), None).dataset
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= 0.051,
        (None, None) => true,
        _ => false,
    }
}

fn norm(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Check one fixture against its gold annotations; returns the misses.
fn misses(ds: &Dataset, gold: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let empty = Vec::new();
    for g in gold["assets"].as_array().unwrap_or(&empty) {
        let name = norm(g["name"].as_str().unwrap_or_default());
        let found = ds
            .assets
            .iter()
            .find(|a| norm(&a.name) == name || a.aliases.iter().any(|x| norm(x) == name));
        match found {
            None => out.push(format!("asset {name}")),
            Some(a) => {
                for t in g["targets"].as_array().unwrap_or(&empty) {
                    let t = norm(t.as_str().unwrap_or_default());
                    if !a.targets.iter().any(|x| norm(x).starts_with(&t)) {
                        out.push(format!("target {t} of {name}"));
                    }
                }
                for c in g["companies"].as_array().unwrap_or(&empty) {
                    let c = norm(c.as_str().unwrap_or_default());
                    if !a
                        .companies
                        .iter()
                        .any(|x| norm(&x.name).starts_with(&c) || c.starts_with(&norm(&x.name)))
                    {
                        out.push(format!("company {c} of {name}"));
                    }
                }
            }
        }
    }
    // Events match one to one, and on the asset the gold names (by name or alias), so a deal
    // of three drugs needs three events and an event on the wrong drug is a miss.
    let asset_id = |g: &Value| -> Option<String> {
        let name = norm(g["asset"].as_str()?);
        ds.assets
            .iter()
            .find(|a| norm(&a.name) == name || a.aliases.iter().any(|x| norm(x) == name))
            .map(|a| a.id.clone())
    };
    let mut used_events = vec![false; ds.events.len()];
    for g in gold["regulatory"].as_array().unwrap_or(&empty) {
        let (agency, kind) = (
            g["agency"].as_str().unwrap_or_default(),
            g["type"].as_str().unwrap_or_default(),
        );
        let date = g["date"].as_str();
        let asset = asset_id(g);
        let hit = ds.events.iter().enumerate().position(|(i, e)| {
            !used_events[i]
                && e.agency.as_deref() == Some(agency)
                && e.designation.as_deref() == Some(kind)
                && (asset.is_none() || e.asset == asset)
                && date.is_none_or(|d| {
                    e.date
                        .as_deref()
                        .is_some_and(|x| x.starts_with(&d[..7.min(d.len())]))
                })
        });
        match hit {
            Some(i) => used_events[i] = true,
            None => out.push(format!("regulatory {agency} {kind} {date:?} of {asset:?}")),
        }
    }
    for g in gold["deals"].as_array().unwrap_or(&empty) {
        let parties: Vec<String> = g["parties"]
            .as_array()
            .unwrap_or(&empty)
            .iter()
            .map(|p| norm(p.as_str().unwrap_or_default()))
            .collect();
        let asset = asset_id(g);
        let hit = ds.events.iter().enumerate().position(|(i, e)| {
            !used_events[i]
                && e.kind == atlas_model::EventKind::Deal
                && (asset.is_none() || e.asset == asset)
                && parties.iter().all(|p| {
                    e.parties
                        .iter()
                        .any(|x| norm(x).starts_with(p.as_str()) || p.starts_with(&norm(x)))
                })
        });
        match hit {
            Some(i) => used_events[i] = true,
            None => out.push(format!("deal {parties:?} of {asset:?}")),
        }
    }
    let reported: Vec<(&str, &atlas_model::ArmResult)> = ds
        .trials
        .iter()
        .flat_map(|t| {
            t.arms
                .iter()
                .flat_map(|a| a.results.iter().map(move |r| (a.id.as_str(), r)))
        })
        .filter(|(_, r)| !r.derived && r.value.is_some())
        .collect();
    let mut used = vec![false; reported.len()];
    for arm in gold["arms"].as_array().unwrap_or(&empty) {
        let mut home: Option<&str> = None;
        for g in arm["results"].as_array().unwrap_or(&empty) {
            let hit = reported.iter().enumerate().position(|(i, (arm_id, r))| {
                !used[i]
                    && (r.endpoint == g["endpoint"].as_str().unwrap_or_default()
                        || g["endpoint_alt"].as_array().is_some_and(|alts| {
                            alts.iter().any(|a| a.as_str() == Some(r.endpoint.as_str()))
                        }))
                    && close(r.value, g["value"].as_f64())
                    && r.subgroup.is_some() != g["subgroup"].is_null()
                    && (g["ci_low"].is_null() || close(r.ci_low, g["ci_low"].as_f64()))
                    && (g["ci_high"].is_null() || close(r.ci_high, g["ci_high"].as_f64()))
                    && home.is_none_or(|h| h == *arm_id)
            });
            match hit {
                Some(i) => {
                    used[i] = true;
                    home = Some(reported[i].0);
                }
                None => out.push(format!(
                    "result {} {} of {}",
                    g["endpoint"], g["value"], arm["arm"]
                )),
            }
        }
    }
    // Hazard and odds ratios compare arms: they are the trial's comparisons.
    for g in gold["comparisons"].as_array().unwrap_or(&empty) {
        let ok = ds.trials.iter().flat_map(|t| &t.comparisons).any(|c| {
            c.measure == g["measure"].as_str().unwrap_or_default()
                && close(c.value, g["value"].as_f64())
                && (g["ci_low"].is_null() || close(c.ci_low, g["ci_low"].as_f64()))
                && (g["ci_high"].is_null() || close(c.ci_high, g["ci_high"].as_f64()))
                && c.subgroup.is_some() != g["subgroup"].is_null()
        });
        if !ok {
            out.push(format!("comparison {} {}", g["measure"], g["value"]));
        }
    }
    for (i, (arm, r)) in reported.iter().enumerate() {
        if !used[i] {
            out.push(format!("not annotated: {arm} {} {:?}", r.endpoint, r.value));
        }
    }
    out
}

#[test]
fn fixtures_match_their_annotations() {
    let mut all = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(fixture_dir().join("docs")).expect("fixtures") {
        let path = entry.expect("entry").path();
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("stem")
            .to_owned();
        let gold: Value = serde_json::from_str(
            &std::fs::read_to_string(fixture_dir().join(format!("gold/{stem}.json")))
                .expect("gold file"),
        )
        .expect("gold JSON");
        for m in misses(&extract_one(&path), &gold) {
            all.push(format!("{stem}: {m}"));
        }
        count += 1;
    }
    assert!(count >= 5);
    assert!(all.is_empty(), "{all:#?}");
}

/// The parts of a dataset a reviewer reads, without offsets (which the quote tests cover).
fn projection(ds: &Dataset) -> Value {
    json!({
        "assets": ds.assets.iter().map(|a| json!({
            "id": a.id, "aliases": a.aliases, "companies": a.companies.iter().map(|c| format!("{} ({})", c.name, c.role)).collect::<Vec<_>>(),
            "targets": a.targets, "modality": a.modality, "claims": a.claims, "comparator": a.comparator,
        })).collect::<Vec<_>>(),
        "events": ds.events.iter().map(|e| json!({
            "id": e.id, "asset": e.asset, "rule": e.rule, "kind": e.kind.as_str(), "agency": e.agency, "designation": e.designation,
            "indication": e.indication, "date": e.date, "parties": e.parties, "terms": e.terms,
        })).collect::<Vec<_>>(),
        "trials": ds.trials.iter().map(|t| json!({
            "id": t.id, "name": t.name, "registry_ids": t.registry_ids, "phase": t.phase, "design": t.design,
            "setting": t.setting, "population": t.population, "countries": t.countries, "enrollment": t.enrollment,
            "data_cutoff": t.data_cutoff, "median_follow_up": t.median_follow_up,
            "outcome_measures": t.outcome_measures.iter().map(|o| format!("{}: {} [{}]", o.kind, o.title, o.time_frame.clone().unwrap_or_default())).collect::<Vec<_>>(),
            "arms": t.arms.iter().map(|a| json!({
                "id": a.id, "label": a.label, "regimen": a.regimen, "n": a.n,
                "results": a.results.iter().map(|r| format!(
                    "{} = {:?}{} ci {:?}-{:?} ({}) sub {:?} n {:?}{}{}{}",
                    r.endpoint, r.value, r.qualifier.as_deref().map(|q| format!(" {q}")).unwrap_or_default(),
                    r.ci_low, r.ci_high, r.ci_source.as_deref().unwrap_or("-"), r.subgroup, r.n,
                    if r.cited { " cited" } else { "" },
                    r.derived_from.map(|d| format!(" from {}/{}", d.k, d.n)).unwrap_or_default(),
                    if r.flags.is_empty() { String::new() } else { format!(" flags {:?}", r.flags) },
                )).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "comparisons": t.comparisons.iter().map(|c| format!(
                "{} = {:?} ci {:?}-{:?} sub {:?}", c.measure, c.value, c.ci_low, c.ci_high, c.subgroup,
            )).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "unextracted_numbers": ds.documents.iter().flat_map(|d| d.unextracted_numbers.iter().map(|s| s.text.clone())).collect::<Vec<_>>(),
    })
}

#[test]
fn fixture_snapshots() {
    insta::glob!("fixtures/docs/*.txt", |path| {
        insta::assert_json_snapshot!(projection(&extract_one(path)));
    });
}
