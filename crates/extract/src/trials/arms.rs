#![allow(unused_imports)]
use super::*;

/// An arm the document defines, found before results are read.
#[derive(Clone, Debug)]
pub(super) struct ArmDef {
    pub(super) key: String,
    pub(super) label: String,
    /// For an arm named by its drug ("the NVX-310 arm", "receiving chemotherapy"): the name.
    pub(super) drug: Option<String>,
    /// The drug is one of the document's own (the experimental arm), not a comparator.
    pub(super) primary: bool,
}

pub(super) fn dose_key(dose: &str) -> String {
    dose.replace("->", "→")
        .replace(" to ", "→")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

pub(super) fn dose_label(dose: &str) -> String {
    let d = dose.replace("->", "→");
    static UNIT_GAP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d)(mg|μg|µg|ug|g)(?-u:\b)").expect("valid"));
    let d = UNIT_GAP.replace_all(&d, "$1 $2").into_owned();
    d.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Catalogue the arms: doses followed by group/cohort/arm or by "(n=…)", and named arms.
pub(super) fn arm_catalog(text: &str, drugs: &[(String, String, bool)]) -> Vec<ArmDef> {
    let mut defs: Vec<ArmDef> = Vec::new();
    for m in DOSE_RE.captures_iter(text) {
        let Some(d) = m.name("dose") else { continue };
        let after = text.get(d.end()..).unwrap_or("");
        let is_arm = ARM_SUFFIX_RE.is_match(after)
            || after.trim_start().starts_with("(n")
            || after.trim_start().starts_with("(N");
        if !is_arm {
            continue;
        }
        let key = dose_key(d.as_str());
        if !defs.iter().any(|x| x.key == key) {
            defs.push(ArmDef {
                key,
                label: dose_label(d.as_str()),
                drug: None,
                primary: false,
            });
        }
    }
    for m in NAMED_ARM_RE.captures_iter(text) {
        let Some(l) = m.name("label") else { continue };
        let label = normalise_arm_label(l.as_str());
        let key = label.to_lowercase();
        if !defs.iter().any(|x| x.key == key) {
            defs.push(ArmDef {
                key,
                label,
                drug: None,
                primary: false,
            });
        }
    }
    // Arms named by their drug, in documents that compare arms.
    let lower = text.to_lowercase();
    let comparative = [
        "randomized",
        "randomised",
        "versus",
        " vs ",
        " vs. ",
        "compared with",
        "head-to-head",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if comparative {
        for (name, label, primary) in drugs {
            let armish = [
                format!("{name} arm"),
                format!("{name} group"),
                format!("receiving {name}"),
                format!("with {name} versus"),
                format!("to {name} or"),
            ];
            if armish.iter().any(|p| text.contains(p.as_str())) {
                let key = slug(label);
                if !defs.iter().any(|x| x.key == key) {
                    defs.push(ArmDef {
                        key,
                        label: label.clone(),
                        drug: Some(name.clone()),
                        primary: *primary,
                    });
                }
            }
        }
    }
    defs
}

/// Words that name a control arm by its treatment.
pub(super) const CONTROL_WORDS: &[&str] = &[
    "chemotherapy",
    "placebo",
    "standard of care",
    "investigator's choice of chemotherapy",
];

/// Names of drugs (and control treatments) that can name an arm: (as written, label, primary).
pub(super) fn drug_names(assets: &[DocAsset]) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for a in assets {
        for n in &a.names {
            out.push((n.clone(), a.name().to_owned(), !a.comparator));
        }
    }
    for w in CONTROL_WORDS {
        out.push(((*w).to_owned(), capitalise_first(w), false));
    }
    out
}

pub(super) fn capitalise_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub(super) fn normalise_arm_label(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = s.to_lowercase();
    for (word, label) in [
        ("monotherapy", "Monotherapy"),
        ("combination", "Combination"),
        ("placebo", "Placebo"),
        ("control", "Control"),
        ("chemotherapy", "Chemotherapy"),
    ] {
        if lower.starts_with(word) {
            return label.to_owned();
        }
    }
    // "cohort 1" and "Cohort 1" are one arm.
    let mut label = s.trim_end_matches('s').to_owned();
    if let Some(first) = label.get(..1) {
        label = first.to_uppercase() + label.get(1..).unwrap_or("");
    }
    label
}

/// An arm mention inside a sentence: (start, end, key).
pub(super) fn arm_mentions(ut: &str, defs: &[ArmDef]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for m in DOSE_RE.captures_iter(ut) {
        let Some(d) = m.name("dose") else { continue };
        let key = dose_key(d.as_str());
        if defs.iter().any(|x| x.key == key) {
            let after = ut.get(d.end()..).unwrap_or("");
            let suffix = ARM_SUFFIX_RE.find(after).map(|s| s.end()).unwrap_or(0);
            out.push((d.start(), d.end() + suffix, key));
        }
    }
    for m in NAMED_ARM_RE.captures_iter(ut) {
        let Some(l) = m.name("label") else { continue };
        let key = normalise_arm_label(l.as_str()).to_lowercase();
        if defs.iter().any(|x| x.key == key) {
            out.push((l.start(), l.end(), key));
        }
    }
    // "with NVX-310", "receiving chemotherapy", "the NVX-310 arm".
    for d in defs {
        let Some(name) = &d.drug else { continue };
        for (i, _) in ut.match_indices(name.as_str()) {
            let end = i + name.len();
            if ut
                .as_bytes()
                .get(end)
                .is_some_and(|b| b.is_ascii_alphanumeric())
            {
                continue;
            }
            let before = ut.get(..i).unwrap_or("").to_lowercase();
            let after = ut.get(end..).unwrap_or("");
            let suffix = ARM_SUFFIX_RE.find(after).map(|s| s.end()).unwrap_or(0);
            let cue = [
                "with ",
                "receiving ",
                "the ",
                "to ",
                "treated with ",
                "versus ",
                "vs. ",
                "or ",
            ]
            .iter()
            .any(|c| before.ends_with(c));
            if (cue || suffix > 0) && !out.iter().any(|(s, e, _)| *s < end && i < *e) {
                out.push((i, end + suffix, d.key.clone()));
            }
        }
    }
    out.sort();
    out
}
