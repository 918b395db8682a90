//! From the dataset to search documents: one [`SearchDoc`] per asset.

use std::collections::HashMap;

use atlas_model::{phase_rank, Dataset, Event, EventKind, Trial};

use crate::normalize;
use crate::synonyms::{Section, TABLE};
use crate::SearchDoc;

/// One search document per asset of `ds`, in the dataset's order.
///
/// Names are the asset name then its aliases; indications are the diseases that its events'
/// `indication` and its trials' `population` and `setting` name, by their canonical name in
/// the synonym table (`advanced non-small cell lung cancer` → `NSCLC`) or, for a disease the
/// table does not know, the text as written; phase is [`atlas_model::highest_phase`];
/// designations are `AGENCY DESIGNATION` of its designation events (`FDA BTD`).
pub fn docs_from_dataset(ds: &Dataset) -> Vec<SearchDoc> {
    // Grouped once, so the conversion stays linear (the model's per-asset lookups scan all).
    let mut events: HashMap<&str, Vec<&Event>> = HashMap::new();
    for event in &ds.events {
        if let Some(asset) = event.asset.as_deref() {
            events.entry(asset).or_default().push(event);
        }
    }
    let mut trials: HashMap<&str, Vec<&Trial>> = HashMap::new();
    for trial in &ds.trials {
        for asset in &trial.assets {
            trials.entry(asset.as_str()).or_default().push(trial);
        }
    }
    ds.assets
        .iter()
        .map(|asset| {
            let events = events
                .get(asset.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let trials = trials
                .get(asset.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let mut doc = SearchDoc {
                id: asset.id.clone(),
                modality: asset.modality.clone(),
                phase: highest_phase(events, trials),
                comparator: asset.comparator,
                ..SearchDoc::default()
            };
            push_all(
                &mut doc.names,
                std::iter::once(&asset.name).chain(&asset.aliases),
            );
            push_all(&mut doc.companies, asset.companies.iter().map(|c| &c.name));
            push_all(&mut doc.targets, &asset.targets);
            for event in events {
                if let Some(indication) = &event.indication {
                    push_all(&mut doc.indications, &indications_in(indication, true));
                }
                if let Some(designation) = designation(event) {
                    push_all(&mut doc.designations, std::iter::once(&designation));
                }
            }
            for trial in trials {
                for text in [&trial.population, &trial.setting].into_iter().flatten() {
                    push_all(&mut doc.indications, &indications_in(text, false));
                }
                push_all(
                    &mut doc.trials,
                    trial.name.iter().chain(&trial.registry_ids),
                );
            }
            doc
        })
        .collect()
}

/// The diseases a text names: canonical names of the table's diseases it mentions; else the
/// phrase that names some other disease (`relapsed Ewing sarcoma` → `Ewing sarcoma`); else,
/// if the text is `declared` to be an indication, the text itself.
fn indications_in(text: &str, declared: bool) -> Vec<String> {
    let tokens = normalize::token_texts(text);
    let phrases = TABLE.phrases(&tokens, Section::Disease);
    if !phrases.is_empty() {
        let mut names: Vec<String> = Vec::new();
        for phrase in phrases {
            let name = TABLE.canonical(phrase.class);
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        return names;
    }
    if let Some(phrase) = disease_phrase(text) {
        return vec![phrase.to_owned()];
    }
    let text = text.trim();
    if declared && !text.is_empty() {
        return vec![text.to_owned()];
    }
    Vec::new()
}

/// The words before a disease noun that name it, up to the first qualifier or connective:
/// `advanced extra-pulmonary neuroendocrine carcinoma after prior therapies` →
/// `extra-pulmonary neuroendocrine carcinoma`.
fn disease_phrase(text: &str) -> Option<&str> {
    /// Stems of nouns only diseases use (`adenocarcinoma` and `tumours` contain one).
    const NOUNS: [&str; 14] = [
        "cancer",
        "carcinom",
        "tumor",
        "tumour",
        "neoplas",
        "lymphoma",
        "leukemia",
        "leukaemia",
        "myeloma",
        "sarcoma",
        "melanoma",
        "glioma",
        "blastoma",
        "mesothelioma",
    ];
    /// Words about stage, line or the patients rather than the disease, and connectives.
    const STOPS: [&str; 36] = [
        "a",
        "advanced",
        "after",
        "an",
        "and",
        "at",
        "by",
        "earlystage",
        "firstline",
        "for",
        "following",
        "from",
        "had",
        "have",
        "in",
        "laterline",
        "latestage",
        "line",
        "locally",
        "metastatic",
        "of",
        "on",
        "or",
        "patients",
        "previously",
        "prior",
        "recurrent",
        "refractory",
        "relapsed",
        "secondline",
        "stage",
        "the",
        "thirdline",
        "treated",
        "unresectable",
        "untreated",
    ];
    let tokens = normalize::tokenize(text, true);
    let noun = tokens
        .iter()
        .position(|t| NOUNS.iter().any(|n| t.text.contains(n)))?;
    let first = tokens
        .get(..noun)?
        .iter()
        .rposition(|t| {
            STOPS.contains(&t.text.as_str()) || t.text.bytes().all(|b| b.is_ascii_digit())
        })
        .map_or(0, |stop| stop + 1);
    let start = tokens.get(first)?.map.first()?.0 as usize;
    let end = tokens.get(noun)?.map.last()?.1 as usize;
    text.get(start..end)
}

/// `AGENCY DESIGNATION` for a designation event.
fn designation(event: &Event) -> Option<String> {
    let code = event.designation.as_deref()?;
    let is_designation = event.kind == EventKind::Designation
        || matches!(code, "BTD" | "FTD" | "ODD" | "PRIME" | "PRIORITY_REVIEW");
    if !is_designation {
        return None;
    }
    Some(match event.agency.as_deref() {
        Some(agency) => format!("{agency} {code}"),
        None => code.to_owned(),
    })
}

/// [`atlas_model::highest_phase`] over pre-grouped events and trials (same rule: any approval
/// event, else the trial phase with the highest [`phase_rank`]).
fn highest_phase(events: &[&Event], trials: &[&Trial]) -> Option<String> {
    if events.iter().any(|e| e.kind == EventKind::Approval) {
        return Some("Approved".to_owned());
    }
    trials
        .iter()
        .filter_map(|t| t.phase.as_deref())
        .filter_map(|p| phase_rank(p).map(|r| (r, p)))
        .max_by_key(|(r, _)| *r)
        .map(|(_, p)| p.to_owned())
}

fn push_all<'a>(list: &mut Vec<String>, values: impl IntoIterator<Item = &'a String>) {
    for value in values {
        let value = value.trim();
        if !value.is_empty() && !list.iter().any(|v| v == value) {
            list.push(value.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use atlas_model::{Asset, CompanyRole};

    use super::*;

    fn event(
        asset: &str,
        kind: EventKind,
        agency: &str,
        designation: &str,
        indication: &str,
    ) -> Event {
        Event {
            id: format!("{asset}-{designation}"),
            asset: Some(asset.into()),
            kind,
            title: designation.into(),
            agency: Some(agency.into()),
            designation: Some(designation.into()),
            indication: (!indication.is_empty()).then(|| indication.into()),
            parties: Vec::new(),
            terms: None,
            date: None,
            evidence: Vec::new(),
            rule: None,
        }
    }

    fn dataset() -> Dataset {
        let mut ds = Dataset::empty();
        ds.assets.push(Asset {
            id: "ibi363".into(),
            name: "IBI363".into(),
            aliases: vec!["TAK-928".into(), "IBI363".into()],
            companies: vec![
                CompanyRole {
                    name: "Innovent Biologics".into(),
                    role: "developer".into(),
                },
                CompanyRole {
                    name: "Takeda".into(),
                    role: "partner".into(),
                },
            ],
            targets: vec!["PD-1".into(), "IL-2Rα".into()],
            modality: Some("bispecific antibody fusion protein".into()),
            ..Asset::default()
        });
        ds.assets.push(Asset {
            id: "pembrolizumab".into(),
            name: "pembrolizumab".into(),
            comparator: true,
            ..Asset::default()
        });
        ds.events.push(event(
            "ibi363",
            EventKind::Designation,
            "NMPA",
            "BTD",
            "unresectable, locally advanced or metastatic squamous NSCLC",
        ));
        ds.events
            .push(event("ibi363", EventKind::Ind, "FDA", "IND", "melanoma"));
        ds.trials.push(Trial {
            id: "t1".into(),
            name: Some("KEYNOTE-407".into()),
            registry_ids: vec!["NCT02775435".into()],
            assets: vec!["ibi363".into(), "pembrolizumab".into()],
            phase: Some("Phase 3".into()),
            population: Some("previously untreated patients with metastatic squamous NSCLC".into()),
            setting: Some("first-line".into()),
            ..Trial::default()
        });
        ds.trials.push(Trial {
            id: "t2".into(),
            assets: vec!["ibi363".into()],
            phase: Some("Phase 1/2".into()),
            population: Some("advanced malignant tumors".into()),
            ..Trial::default()
        });
        ds
    }

    #[test]
    fn converts_assets() {
        let ds = dataset();
        let docs = docs_from_dataset(&ds);
        let [ibi, pembro] = docs.as_slice() else {
            panic!("two docs expected, got {docs:?}");
        };
        assert_eq!(ibi.names, ["IBI363", "TAK-928"]);
        assert_eq!(ibi.companies, ["Innovent Biologics", "Takeda"]);
        assert_eq!(ibi.indications, ["sqNSCLC", "melanoma", "malignant tumors"]);
        assert_eq!(ibi.trials, ["KEYNOTE-407", "NCT02775435"]);
        assert_eq!(ibi.designations, ["NMPA BTD"]);
        assert_eq!(ibi.phase.as_deref(), Some("Phase 3"));
        assert_eq!(pembro.trials, ["KEYNOTE-407", "NCT02775435"]);
        for doc in &docs {
            assert_eq!(
                doc.phase,
                atlas_model::highest_phase(&ds, &doc.id),
                "{}",
                doc.id
            );
        }
    }

    #[test]
    fn indications_name_diseases() {
        let check = |text: &str, declared: bool, expected: &[&str]| {
            assert_eq!(indications_in(text, declared), expected, "{text:?}");
        };
        check(
            "advanced non-small cell lung cancer (NSCLC)",
            false,
            &["NSCLC"],
        );
        check(
            "recurrent or metastatic triple-negative breast cancer",
            false,
            &["TNBC"],
        );
        check("first-line", false, &[]);
        check("first-line", true, &["first-line"]);
        check("advanced solid tumors", false, &["solid tumor"]);
        check("relapsed Ewing sarcoma", false, &["Ewing sarcoma"]);
        check("Advanced Malignant Tumors", false, &["Malignant Tumors"]);
        check(
            "unresectable hepatoblastoma in children",
            false,
            &["hepatoblastoma"],
        );
        check(
            "advanced extra-pulmonary neuroendocrine carcinoma after prior therapies",
            false,
            &["EP-NEC"],
        );
        check("metastatic disease", false, &[]);
        check("metastatic disease", true, &["metastatic disease"]);
    }
}
