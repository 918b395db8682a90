//! A small dataset shaped like the seed corpus, shared by the unit tests.

use atlas_model::{
    Arm, ArmResult, Asset, CompanyRole, Dataset, Document, Event, EventKind, Evidence, Trial,
};

fn ev(doc: &str, quote: &str) -> Evidence {
    Evidence {
        doc: doc.into(),
        start: 0,
        end: quote.len() as u32,
        quote: quote.into(),
    }
}

fn company(name: &str, role: &str) -> CompanyRole {
    CompanyRole {
        name: name.into(),
        role: role.into(),
    }
}

fn asset(
    id: &str,
    name: &str,
    companies: Vec<CompanyRole>,
    targets: &[&str],
    modality: &str,
) -> Asset {
    Asset {
        id: id.into(),
        name: name.into(),
        companies,
        targets: targets.iter().map(|t| t.to_string()).collect(),
        modality: Some(modality.into()),
        ..Asset::default()
    }
}

fn event(
    id: &str,
    asset: &str,
    kind: EventKind,
    agency: Option<&str>,
    indication: Option<&str>,
    date: Option<&str>,
) -> Event {
    Event {
        id: id.into(),
        asset: Some(asset.into()),
        kind,
        title: format!("{} {}", agency.unwrap_or(""), kind.as_str())
            .trim()
            .to_owned(),
        agency: agency.map(str::to_owned),
        designation: None,
        indication: indication.map(str::to_owned),
        parties: Vec::new(),
        terms: None,
        date: date.map(str::to_owned),
        evidence: vec![ev("d-btd", "designation sentence")],
        rule: None,
    }
}

/// A `%` result of the whole arm.
pub fn rate(endpoint: &str, value: f64, doc: &str) -> ArmResult {
    ArmResult {
        endpoint: endpoint.into(),
        value: Some(value),
        unit: Some("%".into()),
        evidence: vec![ev(doc, &format!("{endpoint} {value}%"))],
        ..ArmResult::default()
    }
}

fn sub(mut r: ArmResult, subgroup: &str, n: Option<u32>) -> ArmResult {
    r.subgroup = Some(subgroup.into());
    r.n = n;
    r
}

fn cited(mut r: ArmResult) -> ArmResult {
    r.cited = true;
    r
}

fn arm(id: &str, label: &str, n: Option<u32>, results: Vec<ArmResult>) -> Arm {
    Arm {
        id: id.into(),
        label: label.into(),
        n,
        results,
        ..Arm::default()
    }
}

fn trial(id: &str, name: &str, phase: &str, assets: &[&str], doc: &str, arms: Vec<Arm>) -> Trial {
    Trial {
        id: id.into(),
        name: Some(name.into()),
        phase: Some(phase.into()),
        assets: assets.iter().map(|a| a.to_string()).collect(),
        evidence: vec![ev(doc, name)],
        arms,
        ..Trial::default()
    }
}

pub fn dataset() -> Dataset {
    let mut deal = event(
        "e-deal",
        "ibi363",
        EventKind::Deal,
        None,
        None,
        Some("2025-10"),
    );
    deal.parties = vec!["Innovent Biologics".into(), "Takeda".into()];
    let corr = ArmResult {
        ci_low: Some(59.7),
        ci_high: Some(94.8),
        ci_source: Some("reported".into()),
        ..rate("cORR", 81.8, "d-innovent")
    };
    let mpfs = ArmResult {
        endpoint: "mPFS".into(),
        qualifier: Some("NR".into()),
        unit: Some("months".into()),
        evidence: vec![ev("d-innovent", "mPFS not reached")],
        ..ArmResult::default()
    };
    Dataset {
        schema: atlas_model::SCHEMA.into(),
        documents: vec![
            Document {
                id: "d-innovent".into(),
                title: Some("Innovent PoC data".into()),
                ..Document::default()
            },
            Document {
                id: "d-btd".into(),
                ..Document::default()
            },
        ],
        assets: vec![
            asset(
                "ibi363",
                "IBI363",
                vec![
                    company("Innovent Biologics", "developer"),
                    company("Takeda", "partner"),
                ],
                &["PD-1", "IL-2Rα"],
                "bispecific fusion protein",
            ),
            asset(
                "lbl-024",
                "LBL-024",
                vec![company("Leads Biolabs", "developer")],
                &["PD-L1", "4-1BB"],
                "bispecific antibody",
            ),
            Asset {
                comparator: true,
                ..asset(
                    "pembrolizumab",
                    "pembrolizumab",
                    Vec::new(),
                    &["PD-1"],
                    "monoclonal antibody",
                )
            },
            asset(
                "js212",
                "JS212",
                vec![company("Junshi Biosciences", "developer")],
                &["EGFR", "HER3"],
                "bispecific ADC",
            ),
        ],
        events: vec![
            event(
                "e-ftd",
                "ibi363",
                EventKind::Designation,
                Some("FDA"),
                Some("squamous non-small cell lung cancer"),
                None,
            ),
            deal,
            event(
                "e-btd",
                "ibi363",
                EventKind::Designation,
                Some("NMPA"),
                Some("squamous non-small cell lung cancer"),
                Some("2025-10-04"),
            ),
            event(
                "e-asco25",
                "ibi363",
                EventKind::Milestone,
                None,
                None,
                Some("2025"),
            ),
            event(
                "e-lbl-odd",
                "lbl-024",
                EventKind::Designation,
                Some("FDA"),
                Some("neuroendocrine carcinoma"),
                Some("2026-01"),
            ),
        ],
        trials: vec![
            trial(
                "t-ibi",
                "IBI363 + PDC PoC",
                "Phase 1",
                &["ibi363"],
                "d-innovent",
                vec![
                    arm(
                        "t-ibi/3-1-5",
                        "3→1.5 mg/kg",
                        Some(22),
                        vec![
                            rate("ORR", 86.4, "d-innovent"),
                            corr,
                            rate("DCR", 100.0, "d-innovent"),
                            sub(rate("ORR", 85.7, "d-innovent"), "squamous", Some(14)),
                            sub(rate("ORR", 87.5, "d-innovent"), "non-squamous", Some(8)),
                            mpfs,
                        ],
                    ),
                    arm(
                        "t-ibi/1-5",
                        "1.5 mg/kg",
                        Some(19),
                        vec![
                            rate("ORR", 57.9, "d-innovent"),
                            rate("cORR", 42.1, "d-innovent"),
                        ],
                    ),
                ],
            ),
            trial(
                "t-kn407",
                "KEYNOTE-407",
                "Phase 3",
                &["pembrolizumab"],
                "d-innovent",
                vec![arm(
                    "t-kn407/pembro-chemo",
                    "pembrolizumab + chemotherapy",
                    None,
                    vec![
                        cited(sub(rate("ORR", 54.5, "d-innovent"), "PD-L1 1–49%", None)),
                        cited(sub(rate("ORR", 67.4, "d-innovent"), "PD-L1 <1%", None)),
                    ],
                )],
            ),
            trial(
                "t-kn189",
                "KEYNOTE-189",
                "Phase 3",
                &["pembrolizumab"],
                "d-other",
                vec![arm(
                    "t-kn189/pembro-chemo",
                    "pembrolizumab + chemotherapy",
                    None,
                    vec![cited(rate("ORR", 48.0, "d-other"))],
                )],
            ),
            trial(
                "t-lbl",
                "LBL-024 in EP-NEC",
                "Phase Ib/II",
                &["lbl-024"],
                "d-lbl",
                vec![arm(
                    "t-lbl/mono",
                    "LBL-024 monotherapy",
                    Some(30),
                    vec![rate("ORR", 40.0, "d-lbl")],
                )],
            ),
        ],
    }
}
