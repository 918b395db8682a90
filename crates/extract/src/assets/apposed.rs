//! INNs no stem list holds, recognised by how the text ties them to another name of the drug.
//!
//! The stems of [`super::names::INN_RE`] cover the common classes, but a new INN often ends in
//! a stem the list lacks (or in none: the WHO leaves some classes stemless). The text itself
//! says the word is a drug's name when it sets it beside one: "ralnesotib (MRD-1147)",
//! "MRD-1147 (ralnesotib)", "NORVEXA® (tenaglupride)", "Norvexa (tenaglupride), a once-weekly
//! dual agonist", or labels it ("generic name: davoretant", "INN: davoretant"), or doses it
//! ("10 mg velmorasto"). A lower-case
//! word in such a place that reads as a coined word rather than English is taken as an INN.

use std::sync::LazyLock;

use regex::Regex;

use super::names::{is_code, CODE_RE};

/// "word (CODE" or "CODE (word)": a lower-case word and a sponsor code set side by side; the
/// code may be labelled ("rozanefgart (development code: MZP-4410)").
static WORD_THEN_CODE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?P<word>[A-Za-z][a-z]{5,})\s?\(\s?(?:(?i:(?:development\s+|product\s+)?code(?:\s+name)?|formerly|also\s+known\s+as)\s*:?\s*)?(?P<code>[A-Z][A-Za-z0-9-]{2,14})\s?[),;]",
    )
    .expect("valid")
});

static CODE_THEN_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<code>[A-Z][A-Za-z0-9-]{2,14})\s?\(\s?(?P<word>[a-z]{6,})\s?[),;]")
        .expect("valid")
});

/// "Brand™ (word)", "BRAND (word)" and "Brand (word), a … <drug class>": a brand and the
/// lower-case name in its parenthesis.
static BRAND_THEN_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?P<brand>[A-Z][A-Za-z0-9-]{2,})(?P<mark>\s?[™®])?\s?\(\s?(?P<word>[a-z]{6,})\s?\)(?P<tail>[^.;\n]{0,90})",
    )
    .expect("valid")
});

/// A drug class noun in the apposition after a brand's parenthesis.
static DRUG_CLASS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s(?:a|an)\s[^,;]{0,70}?(?-u:\b)(?:agonists?|antagonists?|inhibitors?|antibod(?:y|ies)|conjugates?|ADCs?|engagers?|degraders?|modulators?|blockers?|vaccines?|therapy|siRNA|peptides?|proteins?)(?-u:\b)")
        .expect("valid")
});

/// A dose before a lower-case word: "confirmed 10 mg velmorasto as the dose".
static DOSE_THEN_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)\d+(?:\.\d+)?\s?(?:mg|mcg|µg|mg/kg|g)\s(?P<word>[a-z]{7,})(?-u:\b)")
        .expect("valid")
});

/// "generic name: davoretant", "INN: davoretant", "nonproprietary name davoretant".
static LABELLED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:generic\s+name|(?-u:\b)INN|international\s+nonproprietary\s+name|nonproprietary\s+name)\s*[:：]?\s*(?P<word>[a-z]{6,})(?-u:\b)")
        .expect("valid")
});

/// Lower-case INNs the text sets beside a code or brand, or labels as one, in order of first
/// appearance, without repeats.
pub(super) fn apposed_inns(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |word: &str| {
        let word = word.to_lowercase();
        if coined(&word) && !out.contains(&word) {
            out.push(word);
        }
    };
    for c in WORD_THEN_CODE_RE.captures_iter(text) {
        if let (Some(w), Some(code)) = (c.name("word"), c.name("code")) {
            if whole_code(code.as_str()) {
                add(w.as_str());
            }
        }
    }
    for c in CODE_THEN_WORD_RE.captures_iter(text) {
        if let (Some(w), Some(code)) = (c.name("word"), c.name("code")) {
            if whole_code(code.as_str()) {
                add(w.as_str());
            }
        }
    }
    for c in BRAND_THEN_WORD_RE.captures_iter(text) {
        let (Some(brand), Some(w)) = (c.name("brand"), c.name("word")) else {
            continue;
        };
        let marked = c.name("mark").is_some();
        let capitals = brand.as_str().len() >= 4
            && brand
                .as_str()
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch == '-');
        let described = c
            .name("tail")
            .is_some_and(|t| DRUG_CLASS_RE.is_match(t.as_str()));
        if marked || capitals || described {
            add(w.as_str());
        }
    }
    for c in DOSE_THEN_WORD_RE.captures_iter(text) {
        if let Some(w) = c.name("word") {
            add(w.as_str());
        }
    }
    for c in LABELLED_RE.captures_iter(text) {
        if let Some(w) = c.name("word") {
            add(w.as_str());
        }
    }
    out
}

fn whole_code(s: &str) -> bool {
    CODE_RE
        .find(s)
        .is_some_and(|m| m.start() == 0 && m.end() == s.len())
        && is_code(s)
}

/// Whether a lower-case word reads as a coined drug name: long enough, vowels enough, no
/// inflection of an English word, not one of the words a parenthesis commonly holds.
pub(super) fn coined(word: &str) -> bool {
    const ENGLISH_ENDINGS: &[&str] = &[
        "ing", "ed", "tion", "sion", "ment", "ness", "ity", "ous", "ive", "ly", "ers", "ies",
        "ism", "ist", "ship", "hood", "ward", "wise", "able", "ible", "land", "ance", "ence",
        "ent",
    ];
    const COMMON: &[&str] = &[
        "placebo",
        "patients",
        "monotherapy",
        "combination",
        "chemotherapy",
        "immunotherapy",
        "hemoglobin",
        "haemoglobin",
        "formerly",
        "respectively",
        "including",
        "excluding",
        "approximately",
        "subcutaneous",
        "intravenous",
        "capsules",
        "tablets",
        "injection",
        "solution",
        "headquarters",
        "standard",
        "investigator",
        "physician",
        "regimen",
        "regimens",
        "maintenance",
        "orally",
        "cohorts",
        "followed",
        "loading",
        "administered",
    ];
    let vowels = word.chars().filter(|c| "aeiouy".contains(*c)).count();
    (7..=24).contains(&word.len())
        && word.chars().all(|c| c.is_ascii_lowercase())
        && vowels >= 3
        && !COMMON.contains(&word)
        && !ENGLISH_ENDINGS.iter().any(|e| word.ends_with(e))
        && !super::names::looks_like_prose(word)
}

/// "inn (Brand)": one capitalised coined word alone in the parenthesis after an INN is the
/// drug's brand ("lerzotinib (Fervessa)"); an acronym, a target, a place or an English word
/// ("(Phase)", "(Cohort)", "(China)") is not.
pub(super) fn coined_brand(inner: &str) -> bool {
    const NOT: &[&str] = &[
        "China", "Japan", "Korea", "Europe", "Taiwan", "Canada", "Cohort",
    ];
    let tail = inner.get(1..).unwrap_or("");
    inner.len() >= 5
        && inner.len() <= 16
        && inner.starts_with(|c: char| c.is_ascii_uppercase())
        && tail.chars().all(|c| c.is_ascii_lowercase())
        && !NOT.contains(&inner)
        && !super::names::NOT_BRANDS.contains(&inner)
        && !crate::vocab::is_target_word(inner)
        && super::names::looks_like_inn(&inner.to_lowercase())
}

/// "X …, and will be marketed as Brand", "It will be sold as Brand": the brand a sentence
/// gives the drug named last before it (`from`, the end of that name), when no other drug name
/// comes between and the phrase follows within two sentences' reach.
pub(super) fn marketed_as(
    text: &str,
    from: usize,
    mentions: &[super::names::NameMention],
) -> Option<String> {
    static MARKETED_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:be\s+)?(?:marketed|sold|commerciali[sz]ed)\s+(?:as|under\s+the\s+(?:brand|trade)\s+names?)\s+(?P<brand>[A-Z][A-Za-z]{3,15})(?-u:\b)")
            .expect("valid")
    });
    let mut end = (from + 240).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let window = text.get(from..end)?;
    let c = MARKETED_RE.captures(window)?;
    let at = from + c.get(0)?.start();
    let between = mentions.iter().any(|m| m.start >= from && m.start < at);
    let brand = c.name("brand")?.as_str();
    (!between && !window.get(..at - from)?.contains("\n\n") && !crate::vocab::is_target_word(brand))
        .then(|| brand.to_owned())
}
