//! The documents mean what the ground truth says: extract a generated corpus with
//! `atlas_extract` and compare asset by asset — ids, companies, target classes, events, and
//! the trials with their arms and results.

use std::collections::{BTreeMap, BTreeSet};

use atlas_extract::{extract, parse_manifest, SourceDoc};
use atlas_synth::{write_corpus, Asset, Assets, Config, Endpoint, MemorySink, Vocab};

/// Per-check counts of assets that passed, out of all assets.
#[derive(Default, Debug)]
struct Report {
    assets: usize,
    id: usize,
    companies: usize,
    targets: usize,
    events: usize,
    trials: usize,
    arms: usize,
    results: usize,
    /// Assets whose every (arm, endpoint, value) matches.
    values: usize,
    expected_results: usize,
    extracted_results: usize,
    extra_assets: Vec<String>,
    misses: Vec<String>,
}

impl Report {
    fn rate(&self, passed: usize) -> f64 {
        passed as f64 / self.assets.max(1) as f64
    }
}

/// The extractor's endpoint name for a generated result.
fn endpoint_name(e: Endpoint) -> &'static str {
    match e {
        Endpoint::Orr => "ORR",
        Endpoint::Dcr => "DCR",
        Endpoint::Cr => "CR",
        Endpoint::Pfs => "mPFS",
        Endpoint::Os => "mOS",
        Endpoint::Dor => "mDoR",
        Endpoint::Trae3 => "TRAE_G3",
    }
}

fn roundtrip(config: &Config) -> Report {
    let mut sink = MemorySink::default();
    write_corpus(config, &mut sink).expect("memory never fails");
    let files = sink.files();
    let manifest = parse_manifest(
        std::str::from_utf8(&files["manifest.toml"]).expect("utf-8"),
        "manifest.toml",
    )
    .expect("the generated manifest parses");
    let docs: Vec<SourceDoc> = files
        .iter()
        .filter_map(|(name, bytes)| {
            let id = name.strip_suffix(".txt")?;
            Some(SourceDoc {
                id: id.to_owned(),
                path: name.clone(),
                text: String::from_utf8(bytes.clone()).expect("utf-8"),
            })
        })
        .collect();
    let x = extract(&docs, &manifest, None);
    let vocab = Vocab::new();
    let class = |t: &str| {
        vocab
            .target_class(t)
            .map(|c| c.name().to_owned())
            .unwrap_or_else(|| format!("?{t}"))
    };
    // The documents name no comparator drugs: every extracted asset is compared.
    let extracted: BTreeMap<&str, &atlas_model::Asset> = x
        .dataset
        .assets
        .iter()
        .map(|a| (a.id.as_str(), a))
        .collect();
    let expected: Vec<Asset> = Assets::new(config).collect();
    let expected_ids: BTreeSet<&str> = expected.iter().map(|a| a.id.as_str()).collect();
    let mut r = Report {
        assets: expected.len(),
        extra_assets: extracted
            .keys()
            .filter(|id| !expected_ids.contains(*id))
            .map(|id| (*id).to_owned())
            .collect(),
        ..Report::default()
    };
    for want in &expected {
        let Some(got) = extracted.get(want.id.as_str()) else {
            r.misses.push(format!("{}: not extracted", want.id));
            continue;
        };
        r.id += 1;
        let want_cos: BTreeSet<&str> = want.companies.iter().map(|c| c.name.as_str()).collect();
        let got_cos: BTreeSet<&str> = got.companies.iter().map(|c| c.name.as_str()).collect();
        if want_cos == got_cos {
            r.companies += 1;
        } else {
            r.misses.push(format!(
                "{}: companies {got_cos:?} want {want_cos:?}",
                want.id
            ));
        }
        let want_t: BTreeSet<String> = want.targets.iter().map(|t| class(t)).collect();
        let got_t: BTreeSet<String> = got.targets.iter().map(|t| class(t)).collect();
        if want_t == got_t {
            r.targets += 1;
        } else {
            r.misses
                .push(format!("{}: targets {got_t:?} want {want_t:?}", want.id));
        }
        let n_events = x
            .dataset
            .events
            .iter()
            // Regulatory and deal events; a data presentation is a milestone the ground
            // truth does not list.
            .filter(|e| {
                e.asset.as_deref() == Some(want.id.as_str())
                    && e.kind != atlas_model::EventKind::Milestone
            })
            .count();
        if n_events == want.events.len() {
            r.events += 1;
        } else {
            r.misses.push(format!(
                "{}: {n_events} events want {}",
                want.id,
                want.events.len()
            ));
        }
        let trials: Vec<&atlas_model::Trial> = x
            .dataset
            .trials
            .iter()
            .filter(|t| t.assets.contains(&want.id))
            .collect();
        if trials.len() == want.trials.len() {
            r.trials += 1;
        } else {
            r.misses.push(format!(
                "{}: {} trials want {}",
                want.id,
                trials.len(),
                want.trials.len()
            ));
        }
        let arms = |ts: &[&atlas_model::Trial]| -> Vec<(String, usize)> {
            let mut v: Vec<(String, usize)> = ts
                .iter()
                .flat_map(|t| t.arms.iter().map(|a| (a.label.clone(), a.results.len())))
                .collect();
            v.sort();
            v
        };
        let got_arms = arms(&trials);
        let mut want_arms: Vec<(String, usize)> = want
            .trials
            .iter()
            .flat_map(|t| t.arms.iter().map(|a| (a.label.clone(), a.results.len())))
            .collect();
        want_arms.sort();
        let labels = |v: &[(String, usize)]| v.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>();
        if labels(&got_arms) == labels(&want_arms) {
            r.arms += 1;
        } else {
            r.misses
                .push(format!("{}: arms {got_arms:?} want {want_arms:?}", want.id));
        }
        // Every result is linked to its arm with its value: (arm, endpoint, value) triples.
        let mut got_values: Vec<(String, String, String)> = trials
            .iter()
            .flat_map(|t| {
                t.arms.iter().flat_map(|a| {
                    a.results.iter().map(|r| {
                        (
                            a.label.clone(),
                            r.endpoint.clone(),
                            format!("{:?}", r.value),
                        )
                    })
                })
            })
            .collect();
        got_values.sort();
        let mut want_values: Vec<(String, String, String)> = want
            .trials
            .iter()
            .flat_map(|t| {
                t.arms.iter().flat_map(|a| {
                    a.results.iter().map(|r| {
                        (
                            a.label.clone(),
                            endpoint_name(r.endpoint).to_owned(),
                            format!("{:?}", Some(r.value)),
                        )
                    })
                })
            })
            .collect();
        want_values.sort();
        if got_values == want_values {
            r.values += 1;
        } else {
            let missing: Vec<_> = want_values
                .iter()
                .filter(|v| !got_values.contains(v))
                .take(3)
                .collect();
            r.misses
                .push(format!("{}: results differ, missing {missing:?}", want.id));
        }
        let got_n: usize = got_arms.iter().map(|(_, n)| n).sum();
        let want_n: usize = want_arms.iter().map(|(_, n)| n).sum();
        r.expected_results += want_n;
        r.extracted_results += got_n;
        if got_arms == want_arms {
            r.results += 1;
        } else if labels(&got_arms) == labels(&want_arms) {
            r.misses.push(format!(
                "{}: results {got_arms:?} want {want_arms:?}",
                want.id
            ));
        }
    }
    r
}

fn check(n_assets: usize, seed: u64) {
    let r = roundtrip(&Config {
        n_assets,
        seed,
        ..Config::default()
    });
    for m in r.misses.iter().take(20) {
        eprintln!("{m}");
    }
    eprintln!(
        "round trip over {} assets (seed {seed}): id {:.3}, companies {:.3}, targets {:.3}, events {:.3}, trials {:.3}, arms {:.3}, results per arm {:.3}, values {:.3} ({} of {} results); {} extra assets {:?}",
        r.assets,
        r.rate(r.id),
        r.rate(r.companies),
        r.rate(r.targets),
        r.rate(r.events),
        r.rate(r.trials),
        r.rate(r.arms),
        r.rate(r.results),
        r.rate(r.values),
        r.extracted_results,
        r.expected_results,
        r.extra_assets.len(),
        r.extra_assets.iter().take(10).collect::<Vec<_>>(),
    );
    for (what, passed) in [
        ("id", r.id),
        ("companies", r.companies),
        ("targets", r.targets),
        ("events", r.events),
        ("trials", r.trials),
        ("arms", r.arms),
        ("results", r.results),
        ("values", r.values),
    ] {
        assert!(r.rate(passed) >= 0.99, "{what}: {passed} of {}", r.assets);
    }
    assert!(
        r.extra_assets.len() * 100 <= r.assets,
        "{:?}",
        r.extra_assets
    );
}

#[test]
fn extraction_recovers_the_ground_truth() {
    check(150, 1);
}

#[test]
fn extraction_recovers_the_ground_truth_of_another_seed() {
    check(400, 7);
}
