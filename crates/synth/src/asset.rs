//! One synthetic asset and every fact about it: names, companies, targets, modality,
//! indications, regulatory and deal events, trials with arms and per-arm results. The facts
//! are the ground truth the documents are rendered from.

use atlas_search::SearchDoc;

use crate::names::{self, Company, Registry};
use crate::rng::Rng;
use crate::vocab::Vocab;

/// An asset with its facts.
#[derive(Clone, Debug, PartialEq)]
pub struct Asset {
    /// `atlas_model::slug(code)`: the id the extractor gives the asset.
    pub id: String,
    /// Sequence number within the corpus, for file names.
    pub idx: usize,
    /// The developer's code name, the canonical name.
    pub code: String,
    pub inn: Option<String>,
    /// Later-stage assets only.
    pub brand: Option<String>,
    /// A partner's code for the same molecule (`TAK-928` for `IBI363`).
    pub partner_code: Option<String>,
    /// Developer first, then the partner when there is one.
    pub companies: Vec<Company>,
    /// Target classes by their document names (1 or 2).
    pub targets: Vec<String>,
    pub modality: &'static str,
    /// Diseases by their document names (1 to 3).
    pub indications: Vec<String>,
    /// The highest development stage.
    pub phase: &'static str,
    pub events: Vec<Event>,
    pub trials: Vec<Trial>,
}

/// A year and month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub year: u16,
    /// 1..=12.
    pub month: u8,
}

impl Month {
    pub fn name(self) -> &'static str {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        NAMES[usize::from(self.month.clamp(1, 12)) - 1]
    }

    /// `2025-06`.
    pub fn iso(self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }
}

/// A regulatory or business event.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// `FDA` `Breakthrough Therapy Designation` (`BTD`) for an indication.
    Designation {
        agency: &'static str,
        designation: &'static str,
        abbreviation: &'static str,
        indication: String,
        date: Month,
    },
    /// Clearance of an IND application.
    Ind { agency: &'static str, date: Month },
    /// Marketing approval for an indication.
    Approval {
        agency: &'static str,
        indication: String,
        date: Month,
    },
    /// A licence to the partner (`companies[1]`).
    Deal {
        partner: String,
        territory: &'static str,
        upfront_musd: u32,
        total_musd: u32,
        date: Month,
    },
}

/// A trial of the asset.
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    /// `NCT` + 8 digits.
    pub nct: String,
    /// An acronym for some trials.
    pub name: Option<String>,
    pub phase: &'static str,
    pub indication: String,
    pub arms: Vec<Arm>,
}

/// An arm of a trial.
#[derive(Clone, Debug, PartialEq)]
pub struct Arm {
    /// `Cohort A`, `Cohort B`.
    pub label: String,
    /// What the arm receives: `IBI363 3 mg/kg`.
    pub regimen: String,
    pub n: u32,
    pub results: Vec<ArmResult>,
}

/// One result of an arm.
#[derive(Clone, Debug, PartialEq)]
pub struct ArmResult {
    pub endpoint: Endpoint,
    /// One decimal.
    pub value: f64,
    /// 95% confidence interval, sometimes.
    pub ci: Option<(f64, f64)>,
}

/// The endpoints results report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Orr,
    Dcr,
    Cr,
    Pfs,
    Os,
    Dor,
    Trae3,
}

impl Endpoint {
    pub const ALL: [Endpoint; 7] = [
        Endpoint::Orr,
        Endpoint::Dcr,
        Endpoint::Cr,
        Endpoint::Pfs,
        Endpoint::Os,
        Endpoint::Dor,
        Endpoint::Trae3,
    ];

    /// Months (medians) rather than percentages.
    pub fn is_time(self) -> bool {
        matches!(self, Endpoint::Pfs | Endpoint::Os | Endpoint::Dor)
    }
}

const MODALITIES: [&str; 12] = [
    "monoclonal antibody",
    "bispecific antibody",
    "ADC",
    "bispecific ADC",
    "small molecule",
    "TKI",
    "CAR-T",
    "fusion protein",
    "bispecific fusion protein",
    "siRNA",
    "T-cell engager",
    "radioligand therapy",
];
const PHASES: [&str; 6] = [
    "Phase 1",
    "Phase 1/2",
    "Phase 2",
    "Phase 3",
    "Phase 3",
    "Approved",
];
const DESIGNATIONS: [(&str, &str, &str); 6] = [
    ("FDA", "Breakthrough Therapy Designation", "BTD"),
    ("FDA", "Fast Track Designation", "FTD"),
    ("FDA", "Orphan Drug Designation", "ODD"),
    ("NMPA", "Breakthrough Therapy Designation", "BTD"),
    ("EMA", "PRIME designation", "PRIME"),
    ("FDA", "Rare Pediatric Disease Designation", "RPDD"),
];
const TERRITORIES: [&str; 4] = [
    "outside of Greater China",
    "in Greater China",
    "worldwide",
    "in the United States and Europe",
];

/// Is the modality one molecule against two targets?
pub fn is_bispecific(modality: &str) -> bool {
    modality.starts_with("bispecific")
}

impl Asset {
    /// The asset's names, canonical first: code, INN, brand, partner code.
    pub fn names(&self) -> Vec<String> {
        let mut names = vec![self.code.clone()];
        names.extend(self.inn.clone());
        names.extend(self.brand.clone());
        names.extend(self.partner_code.clone());
        names
    }

    /// The asset as the search engine takes it.
    pub fn search_doc(&self) -> SearchDoc {
        let designations = self
            .events
            .iter()
            .filter_map(|e| match e {
                Event::Designation {
                    agency,
                    abbreviation,
                    ..
                } => Some(format!("{agency} {abbreviation}")),
                _ => None,
            })
            .collect();
        SearchDoc {
            id: self.id.clone(),
            names: self.names(),
            companies: self.companies.iter().map(|c| c.name.clone()).collect(),
            targets: self.targets.clone(),
            modality: Some(self.modality.to_owned()),
            indications: self.indications.clone(),
            trials: self
                .trials
                .iter()
                .flat_map(|t| t.name.iter().chain([&t.nct]).cloned())
                .collect(),
            phase: Some(self.phase.to_owned()),
            designations,
            comparator: false,
        }
    }

    /// A fresh asset `idx`; names are claimed in `registry` so they stay unique.
    pub(crate) fn generate(
        idx: usize,
        rng: &mut Rng,
        companies: &[Company],
        vocab: &Vocab,
        registry: &mut Registry,
    ) -> Asset {
        let developer = rng.pick(companies).clone();
        let code = registry.unique(rng, |r| names::code(r, &developer.prefix));
        let modality = *rng.pick(&MODALITIES);
        let phase = *rng.pick(&PHASES);
        let late = matches!(phase, "Phase 3" | "Approved");
        let inn = if late || rng.chance(50) {
            names::inn(rng, modality)
                .map(|_| registry.unique(rng, |r| names::inn(r, modality).unwrap_or_default()))
        } else {
            None
        };
        let brand = (late && rng.chance(70)).then(|| registry.unique(rng, names::brand));
        let mut all_companies = vec![developer];
        let mut partner_code = None;
        if rng.chance(35) {
            let partner = loop {
                let p = rng.pick(companies);
                if p.name != all_companies[0].name {
                    break p.clone();
                }
            };
            if rng.chance(50) {
                partner_code = Some(registry.unique(rng, |r| names::code(r, &partner.prefix)));
            }
            all_companies.push(partner);
        }
        let n_targets = if is_bispecific(modality) { 2 } else { 1 };
        let mut targets: Vec<String> = Vec::new();
        while targets.len() < n_targets {
            let t = rng.pick(&vocab.targets).name().to_owned();
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        let mut indications: Vec<String> = Vec::new();
        let n_ind = rng.range(1, 3);
        while indications.len() < n_ind {
            let d = rng.pick(&vocab.diseases).name().to_owned();
            if !indications.contains(&d) {
                indications.push(d);
            }
        }
        let events = events(rng, phase, &indications, &all_companies);
        let n_trials = if rng.chance(80) {
            2
        } else {
            1 + 2 * rng.below(2)
        };
        let trials = (0..n_trials)
            .map(|t| trial(rng, registry, t, &code, phase, &indications))
            .collect();
        Asset {
            id: atlas_model::slug(&code),
            idx,
            code,
            inn,
            brand,
            partner_code,
            companies: all_companies,
            targets,
            modality,
            indications,
            phase,
            events,
            trials,
        }
    }
}

impl Month {
    /// `months` later.
    pub fn plus(self, months: usize) -> Month {
        let total = usize::from(self.year) * 12 + usize::from(self.month) - 1 + months;
        Month {
            year: (total / 12) as u16,
            month: (total % 12 + 1) as u8,
        }
    }
}

/// About three events in a plausible order: the IND clearance first, designations after it,
/// an approval (approved assets) last, and a licence to the partner when there is one.
fn events(rng: &mut Rng, phase: &str, indications: &[String], companies: &[Company]) -> Vec<Event> {
    let start = Month {
        year: rng.range(2019, 2022) as u16,
        month: rng.range(1, 12) as u8,
    };
    let mut out = vec![Event::Ind {
        agency: rng.pick_copy(&["FDA", "NMPA"]),
        date: start,
    }];
    let mut at = start;
    let n_designations = if companies.len() > 1 {
        1
    } else {
        rng.range(1, 2)
    };
    let mut seen = Vec::new();
    for _ in 0..n_designations {
        let (agency, designation, abbreviation) = *rng.pick(&DESIGNATIONS);
        if seen.contains(&(agency, abbreviation)) {
            continue;
        }
        seen.push((agency, abbreviation));
        at = at.plus(rng.range(3, 15));
        out.push(Event::Designation {
            agency,
            designation,
            abbreviation,
            indication: rng.pick(indications).clone(),
            date: at,
        });
    }
    if let Some(partner) = companies.get(1) {
        let upfront = 5 * rng.range(2, 60) as u32;
        out.push(Event::Deal {
            partner: partner.name.clone(),
            territory: rng.pick_copy(&TERRITORIES),
            upfront_musd: upfront,
            total_musd: upfront + 50 * rng.range(4, 40) as u32,
            date: start.plus(rng.range(2, 30)),
        });
    }
    if phase == "Approved" {
        at = at.plus(rng.range(6, 24));
        out.push(Event::Approval {
            agency: rng.pick_copy(&["FDA", "NMPA", "EMA"]),
            indication: indications[0].clone(),
            date: at,
        });
    }
    out.sort_by_key(event_date);
    out
}

/// When an event happened.
pub fn event_date(e: &Event) -> Month {
    match e {
        Event::Designation { date, .. }
        | Event::Ind { date, .. }
        | Event::Approval { date, .. }
        | Event::Deal { date, .. } => *date,
    }
}

fn trial(
    rng: &mut Rng,
    registry: &mut Registry,
    t: usize,
    code: &str,
    phase: &'static str,
    indications: &[String],
) -> Trial {
    let trial_phase = match (phase, t) {
        ("Phase 3" | "Approved", 0) => "Phase 3",
        ("Phase 1", _) => "Phase 1",
        ("Phase 1/2", _) | (_, 1) => "Phase 1/2",
        _ => "Phase 2",
    };
    let indication = indications[t % indications.len()].clone();
    let name = if trial_phase == "Phase 3" || rng.chance(30) {
        // "Breast" for "breast cancer"; abbreviations (NSCLC) would read as sponsor codes.
        let first = indication.split(' ').next().unwrap_or("");
        let area = if first.len() > 3 && first.chars().all(|c| c.is_ascii_lowercase()) {
            let mut c = first.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        } else {
            String::new()
        };
        // Trials are merged by name across documents: a name must be this trial's alone.
        registry.try_unique(rng, 20, |r| names::trial_name(r, &area))
    } else {
        None
    };
    // Arm labels are unique within the asset: the extractor keys arms by label.
    let letters = ["A", "B", "C", "D", "E", "F", "G", "H"];
    let base = t;
    let dose = rng.range(1, 20);
    let arms = (0..2)
        .map(|a| {
            let label = format!("Cohort {}", letters[base * 2 + a]);
            let regimen = if a == 0 {
                format!("{code} {dose} mg/kg")
            } else {
                format!("{code} {} mg/kg", dose * 2)
            };
            arm(rng, label, regimen)
        })
        .collect();
    Trial {
        nct: registry.unique(rng, names::nct),
        name,
        phase: trial_phase,
        indication,
        arms,
    }
}

fn arm(rng: &mut Rng, label: String, regimen: String) -> Arm {
    let n = rng.range(18, 240) as u32;
    // About six of the seven endpoints: leave one out at random, sometimes two.
    let mut endpoints: Vec<Endpoint> = Endpoint::ALL.to_vec();
    endpoints.remove(rng.below(endpoints.len()));
    if rng.chance(25) {
        endpoints.remove(rng.below(endpoints.len()));
    }
    // Rates are whole patients of the arm, as real ones are: k of n, to one decimal.
    let rate = |k: usize| (1000.0 * k as f64 / f64::from(n)).round() / 10.0;
    let n_us = n as usize;
    let responders = rng.range(n_us / 8, n_us * 7 / 10).max(1);
    let results = endpoints
        .into_iter()
        .map(|endpoint| {
            let value = match endpoint {
                Endpoint::Orr => rate(responders),
                Endpoint::Dcr => rate((responders + rng.range(n_us / 10, n_us / 4)).min(n_us)),
                Endpoint::Cr => rate(rng.range(1, responders / 3 + 1)),
                Endpoint::Pfs => rng.tenths(2.5, 16.0),
                Endpoint::Os => rng.tenths(8.0, 34.0),
                Endpoint::Dor => rng.tenths(4.0, 20.0),
                Endpoint::Trae3 => rate(rng.range(n_us / 16 + 1, n_us / 2)),
            };
            let ci = (endpoint.is_time() && rng.chance(50)).then(|| {
                let lo = ((value * rng.tenths(0.55, 0.9)) * 10.0).round() / 10.0;
                let hi = ((value * rng.tenths(1.1, 1.6)) * 10.0).round() / 10.0;
                (lo, hi)
            });
            ArmResult {
                endpoint,
                value,
                ci,
            }
        })
        .collect();
    Arm {
        label,
        regimen,
        n,
        results,
    }
}
