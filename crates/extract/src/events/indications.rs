//! The indication an event sentence names: "for the treatment of X", "in treating X", a bare
//! "for X" when X is a disease phrase, "indications: A, B"; lists split when every part names
//! a disease ("for A and B, respectively").

use std::sync::LazyLock;

use regex::Regex;

/// "for the treatment of X", "in treating X": the indication that follows.
static INDICATION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:for|in|to)\s+(?:the\s+)?(?:treatment\s+of|treating|treat)\s+(?:(?:adult\s+and\s+pediatric|adults?|pediatric|paediatric)\s+)?(?:(?:patients\s+)?with\s+)?(?P<ind>[^;]+)").expect("valid")
});

/// A bare "for X" where X opens with a disease phrase, not a drug name. The words before the
/// disease word never hold another "for" or "with" ("the need for expanded options for
/// patients with X" names no indication of the event).
static BARE_FOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)for\s+(?:(?:adult\s+and\s+pediatric|adults?|pediatric)\s+)?(?:(?:patients\s+)?with\s+)?(?P<ind>(?:(?:[a-z][a-z-]*|\(?[A-Z0-9][A-Za-z0-9/-]*\)?)\s+){0,6}?(?:cancers?|carcinomas?|tumou?rs?|lymphomas?|leuka?emias?|myelomas?|melanomas?|sarcomas?|NSCLC|SCLC|sqNSCLC|TNBC|HCC|CRC|PBC|mesothelioma|glioblastoma|disease|syndrome|GVHD|adenocarcinoma)(?-u:\b)[^;]*)").expect("valid")
});

static INDICATION_LIST_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)indications?\s*(?:-|:|,|including)\s*(?P<ind>[^;.]+)").expect("valid")
});

static DISEASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(cancers?|carcinomas?|tumou?rs?|lymphomas?|leuka?emias?|myelomas?|melanomas?|sarcomas?|NSCLC|SCLC|sqNSCLC|TNBC|HCC|CRC|PBC|GVHD|mesothelioma|glioblastoma|glioma|disease|syndrome|fibrosis|diabetes|obesity|dermatitis|asthma|colitis|arthritis|psoriasis|infection|neoplasms?|malignanc(?:y|ies)|indication|cholangitis)(?-u:\b)")
        .expect("valid")
});

const MAX_BARE_CANDIDATES: usize = 4;

/// Where an indication phrase ends.
const STOPS: &[&str] = &[
    " (Press release",
    ". ",
    ", and in ",
    " that has ",
    " who have ",
    " after failure",
    ", and the ",
    " and in the same",
    ", respectively",
    " respectively",
    ", which",
    ", marking",
    ", making",
    ", based on",
    " based on",
    " and represents",
    " and has ",
    " and was ",
    " and is ",
    " highlights",
    ", while",
    " while ",
];

/// Words that are not an indication even when a disease word follows.
const NOT_INDICATION_STARTS: &[&str] =
    &["expanded", "new", "unmet", "treatment options", "options"];

/// Indications a sentence names after position `from`, split when it lists several.
pub(super) fn indications(ut: &str, from: usize) -> Vec<String> {
    // Searched from `from`, so an earlier clause's indication cannot swallow this one's.
    let stated = INDICATION_LIST_RE
        .captures_at(ut, from)
        .and_then(|c| c.name("ind"))
        .or_else(|| {
            INDICATION_RE
                .captures_at(ut, from)
                .and_then(|c| c.name("ind"))
                .filter(|m| DISEASE_RE.is_match(m.as_str()))
        });
    if let Some(raw) = stated {
        return split_indications(raw.as_str());
    }
    // A bare "for X": the first one that reads as a disease ("the need for expanded options for
    // patients with X" is skipped to its second "for").
    let mut at = from;
    // A few candidates at most, so a long sentence of "for"s stays linear.
    for _ in 0..MAX_BARE_CANDIDATES {
        let Some(m) = BARE_FOR_RE.captures_at(ut, at).and_then(|c| c.name("ind")) else {
            break;
        };
        let found = split_indications(m.as_str());
        if !found.is_empty() {
            return found;
        }
        at = m.start() + 1;
    }
    Vec::new()
}

/// An indication phrase cut at its end and split when it lists several diseases.
fn split_indications(raw: &str) -> Vec<String> {
    let mut s = raw;
    for stop in STOPS {
        if let Some(i) = s.find(stop) {
            s = s.get(..i).unwrap_or(s);
        }
    }
    let s = s.trim_end_matches(['.', ',', ' ']).trim();
    let lower = s.to_lowercase();
    if s.is_empty()
        || !DISEASE_RE.is_match(s)
        || NOT_INDICATION_STARTS.iter().any(|w| lower.starts_with(w))
        || lower.contains(" for ")
    {
        return Vec::new();
    }
    // "A and B" or "A, B and C": several indications when each part names a disease.
    let parts: Vec<String> = s
        .split(" and ")
        .flat_map(|p| p.split(", "))
        .map(|p| p.trim().trim_start_matches("the ").to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 1 && parts.iter().all(|p| DISEASE_RE.is_match(p)) {
        return parts.into_iter().map(|p| strip_parens(&p)).collect();
    }
    vec![strip_parens(s)]
}

fn strip_parens(s: &str) -> String {
    static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\([^()]*\)").expect("valid"));
    RE.replace_all(s, "").trim().to_owned()
}

/// Normalise an indication for comparison, expanding the document's abbreviations.
pub(super) fn indication_key(s: &str, abbrs: &[(String, String)]) -> String {
    let mut out = String::new();
    for word in s.split_whitespace() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        match abbrs.iter().find(|(a, _)| a == bare) {
            Some((_, long)) => out.push_str(long),
            None => out.push_str(word),
        }
        out.push(' ');
    }
    out.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two indication keys name the same disease: equal, one inside the other, or one an
/// acronym of the other's words ("sclc" and "small cell lung cancer").
pub(super) fn same_indication(x: &str, y: &str) -> bool {
    let acronym = |short: &str, long: &str| {
        let initials: String = long
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .collect();
        !short.contains(' ') && short.len() >= 2 && initials.ends_with(short)
    };
    x == y || x.contains(y) || y.contains(x) || acronym(x, y) || acronym(y, x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str, expected: &[&str]) {
        assert_eq!(indications(s, 0), expected, "{s}");
    }

    #[test]
    fn indications_by_rule() {
        check(
            "It has received two FTDs from the FDA, for the treatment of squamous NSCLC and melanoma, respectively.",
            &["squamous NSCLC", "melanoma"],
        );
        check(
            "the FDA granted ODD for the treatment of neuroendocrine carcinoma.",
            &["neuroendocrine carcinoma"],
        );
        check("It obtained BTD for patients.", &[]);
        check(
            "The decision highlights the need for expanded treatment options for patients with SCLC and represents a step.",
            &["SCLC"],
        );
        check(
            "The agency granted approval to OB-7 for adults with relapsed follicular lymphoma (FL).",
            &["relapsed follicular lymphoma"],
        );
    }

    #[test]
    fn acronyms_name_the_same_indication() {
        assert!(same_indication("sclc", "small cell lung cancer"));
        assert!(same_indication(
            "extensive stage small cell lung cancer",
            "small cell lung cancer"
        ));
        assert!(!same_indication("melanoma", "small cell lung cancer"));
    }
}
