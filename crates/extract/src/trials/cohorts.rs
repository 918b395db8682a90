//! Cohorts named by their patients ("HER2-low cohort (n=62)", "• Previously treated cohort:
//! …"), found again by their label.

use super::*;

/// A cohort named by what its patients have, defined with its size or as a heading:
/// "HER2-low cohort (n=62)", "• Previously treated cohort: …". Its mentions are found by its
/// label ("in the HER2-low cohort").
static LABELLED_COHORT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|[\s(*•;,])(?P<label>[A-Za-z0-9][\w+/.≥<>-]*(?:[ ][\w+/.≥<>-]+){0,2})[ ](?P<word>cohort|arm|(?P<sched>dosing|regimen))[ ]?(?:\(\s*[nN]\s*=\s*\d|:)")
        .expect("valid")
});

/// Every name of every drug the document names, lower-case: a cohort is never named by one.
fn all_drug_names(assets: &[DocAsset]) -> Vec<String> {
    assets
        .iter()
        .flat_map(|a| a.names.iter().map(|n| n.to_lowercase()))
        .collect()
}

/// Words that open a phrase before "cohort" without belonging to its name.
const COHORT_LEAD_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "of",
    "for",
    "with",
    "and",
    "each",
    "both",
    "this",
    "that",
    "from",
    "or",
    "to",
    "at",
    "on",
    "by",
    "received",
    "receiving",
    "given",
    "versus",
    "vs",
];

/// Last words that make "X cohort" a stage or the whole study, not an arm of its own.
const NOT_COHORT_NAMES: &[&str] = &[
    "expansion",
    "escalation",
    "overall",
    "entire",
    "whole",
    "study",
    "safety",
    "efficacy",
    "evaluable",
    "treated",
    "enrolled",
    "total",
    "full",
    "same",
    "first",
    "second",
    "each",
    "this",
    "dose",
    "treatment",
    "control",
    "placebo",
    "combination",
    "monotherapy",
    "experimental",
    "chemotherapy",
];

pub(super) fn labelled_cohorts(text: &str, assets: &[DocAsset]) -> Vec<ArmDef> {
    let mut out: Vec<ArmDef> = Vec::new();
    // "the NVX-310 arm (n=206)" is the experimental arm, named by its drug.
    let drug_names = all_drug_names(assets);
    for c in LABELLED_COHORT_RE.captures_iter(text) {
        let (Some(l), Some(word)) = (c.name("label"), c.name("word")) else {
            continue;
        };
        // A label starts after the sentence before it ("…regimens. With weekly dosing").
        let all: Vec<&str> = l.as_str().split(' ').collect();
        // …and after the last word that cannot be part of it ("ozatecimab with weekly").
        let from = all
            .iter()
            .rposition(|w| {
                w.ends_with(['.', ':']) || COHORT_LEAD_WORDS.contains(&w.to_lowercase().as_str())
            })
            .map_or(0, |i| i + 1);
        let words: Vec<&str> = all[from..].to_vec();
        let Some(last) = words.last() else { continue };
        let lower_last = last.to_lowercase();
        // A dose ("5.4 mg/kg cohort") or a letter or number ("Cohort 2") is read elsewhere.
        let dose_or_code = words
            .iter()
            .any(|w| w.chars().next().is_some_and(|ch| ch.is_ascii_digit()))
            || DOSE_RE.is_match(&words.join(" "));
        let lower_label = words.join(" ").to_lowercase();
        let names_drug = drug_names.iter().any(|n| lower_label.contains(n.as_str()));
        if dose_or_code || names_drug || NOT_COHORT_NAMES.contains(&lower_last.as_str()) {
            continue;
        }
        let name = words.join(" ");
        let label = format!("{name} {}", word.as_str());
        let key = label.to_lowercase();
        if out.iter().any(|d| d.key == key) {
            continue;
        }
        let lower_name = name.to_lowercase();
        let mut cues = vec![key.clone(), format!("{lower_name} {}s", word.as_str())];
        // A schedule's arm ("weekly dosing (n=92)") is also its group, arm or cohort.
        if c.name("sched").is_some() {
            for w in ["group", "arm", "cohort"] {
                cues.push(format!("{lower_name} {w}"));
            }
        }
        out.push(ArmDef {
            cues,
            key,
            label,
            role: Role::Cohort,
        });
    }
    for (key, label) in referred_cohorts(text, &drug_names) {
        if !out.iter().any(|d| d.key == key) {
            // "in PROC": a name of three letters or more names its cohort alone too.
            let name = key.rsplit_once(' ').map_or("", |(n, _)| n);
            let mut cues = vec![key.clone(), format!("{name} patients")];
            if name.len() >= 3 {
                cues.push(name.to_owned());
            }
            out.push(ArmDef {
                cues,
                key,
                label,
                role: Role::Cohort,
            });
        }
    }
    out
}

/// Cohorts defined only by being referred to: two or more different "in the X cohort"
/// phrases, X a short marker or disease ("In the KMT2A cohort, … . In the NPM1 cohort, …").
fn referred_cohorts(text: &str, drug_names: &[String]) -> Vec<(String, String)> {
    static REF_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i:in|for|among|of)\s+the\s+(?P<name>[A-Z][A-Za-z0-9+/-]{1,14})\s+(?P<word>cohort|arm|expansion)(?-u:\b)|(?i:in|among)\s+(?:the\s+)?\d{1,4}\s+(?i:(?:efficacy[-\s])?evaluable\s+|treated\s+)?(?P<abbr>[A-Z][A-Z0-9]{1,6})\s+patients(?-u:\b)")
            .expect("valid")
    });
    let mut out: Vec<(String, String)> = Vec::new();
    for c in REF_RE.captures_iter(text) {
        // "Among 46 evaluable PDAC patients": a disease's abbreviation names its cohort.
        let (Some(name), word) = (
            c.name("name").or(c.name("abbr")),
            c.name("word").map_or("cohort", |w| w.as_str()),
        ) else {
            continue;
        };
        let lower = name.as_str().to_lowercase();
        let bad = NOT_COHORT_NAMES.contains(&lower.as_str())
            || COHORT_LEAD_WORDS.contains(&lower.as_str())
            || drug_names.contains(&lower)
            || DOSE_RE.is_match(name.as_str());
        let label = format!("{} {}", name.as_str(), word.to_lowercase());
        let key = label.to_lowercase();
        if !bad && !out.iter().any(|(k, _)| *k == key) {
            out.push((key, label));
        }
    }
    if out.len() >= 2 {
        out
    } else {
        Vec::new()
    }
}

/// Cohorts that head a table's columns by their patients' disease or marker, written short:
/// "| Response | DLBCL (n=64) | FL (n=41) |". Each is found again in prose by its label ("in
/// DLBCL", "of the DLBCL and FL cohorts"). Two or more such columns make them cohorts; a
/// column naming a drug, a dose or a role (placebo, chemotherapy) is read elsewhere.
pub(super) fn table_header_populations(text: &str, assets: &[DocAsset]) -> Vec<ArmDef> {
    static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?P<label>[A-Z][A-Za-z0-9+/-]{1,11})(?:\s+cohort)?\s*(?:\(\s*[nN]\s*=\s*\d+\s*\))?$",
        )
        .expect("valid")
    });
    let drug_names = all_drug_names(assets);
    let mut out: Vec<ArmDef> = Vec::new();
    for line in text.lines().filter(|l| crate::text::is_table_row(l)) {
        let cells = super::table::cells(line);
        let labels: Vec<&str> = cells
            .iter()
            .skip(1)
            .filter_map(|(_, c)| LABEL_RE.captures(c)?.name("label").map(|m| m.as_str()))
            .collect();
        // Every arm column is a short population label, in capitals ("DLBCL", "HER2+").
        let all = labels.len() + 1 == cells.len();
        let short = |l: &&str| {
            l.chars().filter(char::is_ascii_uppercase).count() * 2 >= l.len()
                && !drug_names.contains(&l.to_lowercase())
                && !NOT_POPULATION_COLUMNS.contains(&l.to_lowercase().as_str())
        };
        if !all || labels.len() < 2 || !labels.iter().all(short) {
            continue;
        }
        for l in labels {
            let key = l.to_lowercase();
            if !out.iter().any(|d| d.key == key) {
                out.push(ArmDef {
                    cues: vec![
                        format!("{key} cohort"),
                        format!("{key} patients"),
                        key.clone(),
                    ],
                    key,
                    label: l.to_owned(),
                    role: Role::Cohort,
                });
            }
        }
    }
    out
}

/// Column heads in capitals that name no population of patients.
const NOT_POPULATION_COLUMNS: &[&str] = &[
    "all", "total", "overall", "n", "orr", "dcr", "cr", "pr", "sd", "pd", "os", "pfs", "dor", "ci",
    "hr", "p", "pbo", "soc", "tpc", "bsc", "itt", "mitt", "pp",
];

/// Cohorts named by their patients and their dose together: "In the PROC 2.4 mg/kg cohort
/// (n=55)", "the ccRCC 2.4 mg/kg cohort". They are the arms when two or more populations are
/// named so; a dose then names an arm alone only where one population has it.
pub(super) fn population_dose_cohorts(text: &str, assets: &[DocAsset]) -> Vec<ArmDef> {
    static POP_DOSE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?P<pop>[A-Za-z][A-Za-z0-9+/-]{1,11})\s+(?P<dose>\d+(?:\.\d+)?\s*(?:mg/kg|mg/m2|μg/kg|µg/kg|mg|μg|µg)(?:\s+(?:Q\dW|QW|QD|BID))?)\s+(?:dose\s+)?(?:cohort|arm|group|expansion)s?(?-u:\b)")
            .expect("valid")
    });
    let drug_names = all_drug_names(assets);
    // (population as written, dose as written, key)
    let mut found: Vec<(String, String, String)> = Vec::new();
    for c in POP_DOSE_RE.captures_iter(text) {
        let (Some(pop), Some(dose)) = (c.name("pop"), c.name("dose")) else {
            continue;
        };
        let pop = pop.as_str();
        let lower = pop.to_lowercase();
        // An abbreviation of a disease or marker: two capitals at least ("PROC", "ccRCC").
        let abbreviation = pop.chars().filter(char::is_ascii_uppercase).count() >= 2;
        if !abbreviation
            || drug_names.contains(&lower)
            || NOT_POPULATION_COLUMNS.contains(&lower.as_str())
            || ROUTES.contains(&lower.as_str())
        {
            continue;
        }
        let key = format!("{lower} {}", dose_key(dose.as_str()));
        if !found.iter().any(|(_, _, k)| *k == key) {
            found.push((pop.to_owned(), dose.as_str().to_owned(), key));
        }
    }
    let mut pops: Vec<String> = found.iter().map(|(p, _, _)| p.to_lowercase()).collect();
    pops.sort();
    pops.dedup();
    if pops.len() < 2 {
        return Vec::new();
    }
    let dose_keys: Vec<String> = found.iter().map(|(_, d, _)| dose_key(d)).collect();
    found
        .iter()
        .map(|(pop, dose, key)| {
            let label = dose_label(dose);
            let mut cues = vec![
                format!("{} {}", pop.to_lowercase(), dose.to_lowercase()),
                format!("{} {}", pop.to_lowercase(), label.to_lowercase()),
            ];
            let own_dose = dose_keys.iter().filter(|k| **k == dose_key(dose)).count() == 1;
            if own_dose {
                cues.push(dose.to_lowercase());
                cues.push(label.to_lowercase());
            }
            cues.dedup();
            ArmDef {
                cues,
                key: key.clone(),
                label: format!("{pop} {label} cohort"),
                role: Role::Cohort,
            }
        })
        .collect()
}

/// Routes of administration written before a dose ("IV 2 mg/kg"), not populations.
const ROUTES: &[&str] = &["iv", "sc", "po", "im", "it"];

/// Dose levels named by number: "dose level 1 (DL1, 1 x 10^8 CAR+ cells)", "In DL2, …",
/// "2.5% (DL1) and 4.2% (DL2)". Two or more of them are the arms.
pub(super) fn numbered_dose_levels(text: &str) -> Vec<ArmDef> {
    static LEVEL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:DL-?(?P<a>\d{1,2})|(?i:dose\s+level)\s+(?P<b>\d{1,2}))(?-u:\b)")
            .expect("valid")
    });
    let mut levels: Vec<(u32, bool)> = Vec::new();
    for c in LEVEL_RE.captures_iter(text) {
        let Some(n) = c
            .name("a")
            .or(c.name("b"))
            .and_then(|n| n.as_str().parse::<u32>().ok())
        else {
            continue;
        };
        let short = c.name("a").is_some();
        match levels.iter_mut().find(|(m, _)| *m == n) {
            Some((_, s)) => *s |= short,
            None => levels.push((n, short)),
        }
    }
    if levels.len() < 2 {
        return Vec::new();
    }
    levels.sort_unstable();
    levels
        .into_iter()
        .map(|(n, short)| ArmDef {
            cues: vec![
                format!("dl{n}"),
                format!("dl-{n}"),
                format!("dose level {n}"),
                format!("dl{n} patients"),
            ],
            key: format!("dose level {n}"),
            label: if short {
                format!("DL{n}")
            } else {
                format!("Dose level {n}")
            },
            role: Role::Cohort,
        })
        .collect()
}
