//! Drug names: sponsor codes, INNs by their stems, brands, and the names a parenthesis or
//! "also known as" gives for the same drug.

use std::sync::LazyLock;

use regex::Regex;

use crate::doc::Ctx;
use crate::vocab::{is_target_word, NOT_DRUG_CODES};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum NameKind {
    Code,
    Inn,
    Brand,
    /// A shortened INN the text defines ("satri-cel").
    Short,
}

#[derive(Clone, Debug)]
pub(super) struct NameMention {
    pub text: String,
    pub kind: NameKind,
    pub start: usize,
    pub end: usize,
}

/// Sponsor codes: 2–6 capitals, an optional hyphen and letter, 2–5 digits, an optional suffix.
pub(super) static CODE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z]{2,6}-?[A-Z]?\d{2,7}[A-Za-z]?(?-u:\b)").expect("valid code regex")
});

/// INNs by their stems: antibodies (-mab and the 2022 stems -tug, -bart, -mig), kinase and
/// other enzyme inhibitors (-nib for -tinib, -rafenib and the like, -ciclib, -parib, -lisib,
/// -degib, -sertib, -zomib, -rasib for RAS, -clax for BCL-2), hormone therapies (-lutamide,
/// -strant), FGF analogues (-fermin), thalidomide analogues (-domide), SGLT and DPP-4 inhibitors (-gliflozin, -gliptin), PPAR-δ agonists
/// (-delpar), oligonucleotides (-siran, -rsen), peptides (-glutide, -patide), fusion proteins
/// (-cept), chemotherapy stems, cell therapies (-leucel, and the two-word CAR-T names
/// "<x>cabtagene <y>leucel"), and two-word conjugates (trastuzumab deruxtecan, loncastuximab
/// tesirine), cardiovascular stems (-sartan, -vastatin, -xaban, -gatran); and established drugs
/// no stem covers (`known_drugs.txt`: "sorafenib", "dexamethasone").
pub(super) static INN_RE: LazyLock<Regex> = LazyLock::new(|| {
    let known: Vec<String> = include_str!("known_drugs.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut c = l.chars();
            let first = c.next().unwrap_or('x');
            format!(
                "[{}{}]{}",
                first,
                first.to_ascii_uppercase(),
                regex::escape(c.as_str())
            )
        })
        .collect();
    Regex::new(&format!(
        r"(?x)(?-u:\b)(?:
            [A-Za-z][a-z]{{3,}}gene\s[a-z]{{2,}}cel
          | (?:nab-)?[A-Za-z][a-z]{{3,}}(?:mab|tug|bart|mig|nib|ciclib|parib|lisib|degib|sertib|zomib|rasib|clax|lutamide|strant|fermin|domide|gliflozin|gliptin|delpar|siran|rsen|tecan|platin|taxel|rubicin|trexed|citabine|mustine|cept|glutide|patide|leucel|dotin|tansine|sartan|vastatin|xaban|gatran)
            (?:\s(?:[a-z]*(?:ecan|dotin|tansine|tesirine|ozogamicin|duocarmazine|sudotox)))?
          | (?:{})
        )(?-u:\b)",
        known.join("|")
    ))
    .expect("valid INN regex")
});

/// A company-prefixed short code: "GSK'227" for GSK5764227.
static SHORT_CODE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z]{2,6}'\d{3,4}$").expect("valid short code regex"));

/// Capitalised words that open a parenthesis but are no brands.
pub(super) const NOT_BRANDS: &[&str] = &[
    "Designation",
    "Administration",
    "Agency",
    "Commission",
    "Study",
    "Trial",
    "Phase",
    "Inc",
    "Ltd",
    "Therapeutics",
    "Pharmaceuticals",
    "Biosciences",
    "Biologics",
    "Oncology",
    "Company",
    "The",
    "About",
    "Drug",
    "Code",
    "Approval",
    "Application",
    "Program",
    "Programme",
    "Candidate",
    "Asset",
    "Product",
];

/// Brands without a mark, followed by a parenthesis of other names: "TELVORA (relatamab".
pub(super) static BRAND_PLAIN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([A-Z][A-Za-z0-9-]{2,})\s?\(").expect("valid brand regex")
});

/// Brands: a capitalised word marked ™ or ®.
pub(super) static BRAND_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([A-Z][A-Za-z0-9-]{2,})\s?[™®]").expect("valid brand regex")
});

pub(super) fn is_code(word: &str) -> bool {
    let letters: String = word
        .chars()
        .take_while(|c| c.is_ascii_uppercase())
        .collect();
    let digits: String = word.chars().filter(|c| c.is_ascii_digit()).collect();
    if is_target_word(word) || NOT_DRUG_CODES.iter().any(|p| letters == *p) {
        return false;
    }
    // A year after letters is an event or fiscal period, not a drug (ASCO2025, FY2024).
    if digits.len() == 4
        && (digits.starts_with("19") || digits.starts_with("20"))
        && !word.contains('-')
    {
        return false;
    }
    true
}

pub(super) fn name_mentions(ctx: &Ctx) -> Vec<NameMention> {
    let text = ctx.text();
    let mut out = Vec::new();
    // "CLDN18.2" is a target, whose "CLDN18" must not read as a sponsor code; a target
    // inside a code ("AR" of "AR-W1779") does not unmake the code.
    let targets = ctx.text_targets();
    let in_target = |s: usize, e: usize| {
        let at = targets.partition_point(|t| t.1 < e);
        targets.get(at).is_some_and(|t| t.0 <= s)
    };
    let trials = trial_names(text);
    // "OX41-directed", "KIF18A-positive", "FGF19 expression": a gene's symbol, not a drug,
    // wherever else the text writes it.
    let symbol_after = |end: usize| {
        SYMBOL_AFTER.iter().any(|w| {
            text.get(end..end + w.len())
                .is_some_and(|a| a.eq_ignore_ascii_case(w))
        })
    };
    let codes: Vec<regex::Match> = CODE_RE.find_iter(text).collect();
    let symbols: Vec<&str> = codes
        .iter()
        .filter(|m| symbol_after(m.end()))
        .map(|m| m.as_str())
        .collect();
    for m in codes {
        if trials.iter().any(|t| t == m.as_str()) || symbols.contains(&m.as_str()) {
            continue;
        }
        // "Abstract CT118", "Poster LBA12", "Table 2": numbering, not drugs.
        let head = text
            .get(m.start().saturating_sub(12)..m.start())
            .unwrap_or("")
            .to_lowercase();
        let numbering = [
            "abstract ",
            "abstract #",
            "poster ",
            "poster #",
            "session ",
            "table ",
            "figure ",
        ]
        .iter()
        .any(|w| head.ends_with(w));
        if is_code(m.as_str())
            && !inside_identifier(text, m.start(), m.end())
            && !in_url(text, m.start())
            && !numbering
            && !in_target(m.start(), m.end())
        {
            out.push(NameMention {
                text: m.as_str().to_owned(),
                kind: NameKind::Code,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    for word in one_digit_codes(text, &trials) {
        for (start, end) in super::occurrences(text, &word) {
            if !inside_identifier(text, start, end) && !in_url(text, start) {
                out.push(NameMention {
                    text: word.clone(),
                    kind: NameKind::Code,
                    start,
                    end,
                });
            }
        }
    }
    for m in INN_RE.find_iter(text) {
        if in_url(text, m.start()) {
            continue;
        }
        let word = m.as_str();
        // Generic nouns that happen to end like an INN stem.
        if ["platin", "taxel"].contains(&word.to_ascii_lowercase().as_str()) {
            continue;
        }
        // "Halvorsen Pharma": a company's name, whatever its ending.
        if COMPANY_WORD_AFTER_RE.is_match(text.get(m.end()..).unwrap_or("")) {
            continue;
        }
        out.push(NameMention {
            text: word.to_owned(),
            kind: NameKind::Inn,
            start: m.start(),
            end: m.end(),
        });
    }
    // "our HIF-2α inhibitor casdatifan": an INN whose stem no list holds, named right after a
    // target and its drug class. Later mentions of it are found by name.
    let mut appositive: Vec<String> = Vec::new();
    for c in CLASS_THEN_NAME_RE.captures_iter(text) {
        let (Some(class), Some(name)) = (c.name("class"), c.name("name")) else {
            continue;
        };
        let at = targets.partition_point(|t| t.1 < class.start().saturating_sub(2));
        let target_before = targets
            .get(at)
            .is_some_and(|t| t.1 + 2 >= class.start() && t.1 <= class.start());
        let word = name.as_str();
        if target_before && looks_like_inn(word) && !appositive.iter().any(|w| w == word) {
            appositive.push(word.to_owned());
        }
    }
    for word in super::apposed::apposed_inns(text) {
        if !appositive.contains(&word) {
            appositive.push(word);
        }
    }
    for word in appositive {
        push_occurrences(text, &word, &mut out);
    }
    out.sort_by_key(|m| m.start);
    out
}

/// Every whole-word mention of an INN, as written or capitalised ("Ralnesotib Extends …"),
/// that no other name already covers.
fn push_occurrences(text: &str, word: &str, out: &mut Vec<NameMention>) {
    let capital = super::capitalised(word);
    let variants = if capital == word {
        vec![word]
    } else {
        vec![word, capital.as_str()]
    };
    for variant in variants {
        for (start, end) in super::occurrences(text, variant) {
            if !out.iter().any(|m| m.start <= start && start < m.end) {
                out.push(NameMention {
                    text: variant.to_owned(),
                    kind: NameKind::Inn,
                    start,
                    end,
                });
            }
        }
    }
}

/// One-digit codes ("XYZ-4") read like gene symbols and study names (GLP-1, PD-1, ABC-2): one
/// is a drug only where the text sets it up as one — quoted ('XYZ-4', as Korean releases write
/// their candidates) or as the subject of a description naming a kind of drug ("XYZ-4 is an
/// oral … inhibitor", "XYZ-4, a … radioligand"), never a target word or a study's name.
pub(super) fn one_digit_codes(text: &str, trials: &[String]) -> Vec<String> {
    static ONE_DIGIT_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Z]{2,6}-\d(?-u:\b)").expect("valid"));
    static DRUG_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\s+is|,)\s+(?:an?\s+|the\s+)?(?:[A-Za-z0-9-]+,?\s+){0,6}?[A-Za-z-]*(?:inhibitor|antibody|ligand|conjugate|ADC|degrader|agonist|antagonist|vaccine|candidate|molecule|peptide|drug)s?(?-u:\b)")
            .expect("valid")
    });
    let mut out: Vec<String> = Vec::new();
    for m in ONE_DIGIT_RE.find_iter(text) {
        let word = m.as_str();
        let letters = word.split('-').next().unwrap_or("");
        if out.iter().any(|w| w == word)
            || trials.iter().any(|t| t == word)
            || is_target_word(word)
            || is_target_word(letters)
            || NOT_DRUG_CODES.contains(&letters)
        {
            continue;
        }
        let bytes = text.as_bytes();
        let before = m.start().checked_sub(1).and_then(|i| bytes.get(i));
        let quoted = matches!(before, Some(b'\'' | b'"')) && bytes.get(m.end()) == before;
        let described = DRUG_AFTER_RE
            .find(text.get(m.end()..).unwrap_or(""))
            .is_some_and(|d| {
                let d = d.as_str().to_lowercase();
                !d.contains("trial") && !d.contains("study")
            });
        if quoted || described {
            out.push(word.to_owned());
        }
    }
    out
}

/// A code glued by hyphens into a longer identifier ("QX118-AD-201", a study number) is no
/// drug name of its own.
fn inside_identifier(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let glued_before = start >= 2
        && bytes.get(start - 1) == Some(&b'-')
        && bytes.get(start - 2).is_some_and(u8::is_ascii_alphanumeric);
    let glued_after =
        bytes.get(end) == Some(&b'-') && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric);
    glued_before || glued_after
}

/// What follows a gene's symbol and never a drug's code.
const SYMBOL_AFTER: &[&str] = &[
    "-directed",
    "-targeted",
    "-targeting",
    "-positive",
    "-negative",
    "-expressing",
    "-high",
    "-low",
    "-mutant",
    "-mutated",
    "-selective",
    " expression",
    " inhibitor",
    " mutation",
    " amplification",
    " receptor",
    "-driven",
];

/// Names the text uses as a study's: "the phase 3 HARBOR-12 trial", "the ARC-20 study",
/// "Phase III LUMEN-303 results", "LUMEN-303 randomized 464 patients". A word of at least
/// four capitals with a short number is a trial acronym when the text calls it a trial or
/// study, reports it, or calls it a phase; drug codes carry longer numbers ("ABC-1234 study"
/// and "ABBV-400 study" stay drugs: three digits need five letters).
fn trial_names(text: &str) -> Vec<String> {
    static TRIAL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:(?i:phase)\s+(?:[1-4]|I{1,3}|IV)[ab]?\s+(?:(?i:pivotal|registrational|global|confirmatory|randomi[sz]ed)\s+)?)?(?-u:\b)(?P<name>(?P<letters>[A-Z]{4,}[A-Za-z]*)-(?P<num>\d{1,3}))(?-u:\b)(?P<after>\s+(?:trial|study|studies|results|data|readout|randomi[sz]ed|enrolled|met)(?-u:\b))?",
        )
        .expect("valid")
    });
    // "its Phase 1b DY-K12 study of pelvorasib": a code whose study is of another drug is the
    // study's name, whatever its shape.
    static STUDY_OF_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?P<name>[A-Z][A-Z0-9]*-[A-Z0-9-]*[0-9][A-Z0-9]*)\s+(?:study|trial)\s+(?:of|evaluating|investigating|testing)\s")
            .expect("valid")
    });
    let mut out: Vec<String> = STUDY_OF_RE
        .captures_iter(text)
        .filter_map(|c| c.name("name").map(|n| n.as_str().to_owned()))
        .collect();
    for c in TRIAL_RE.captures_iter(text) {
        let (Some(n), Some(letters), Some(num)) =
            (c.name("name"), c.name("letters"), c.name("num"))
        else {
            continue;
        };
        let phase = c.get(0).is_some_and(|w| w.start() < n.start());
        let called = c.name("after").is_some() || phase;
        let short = num.as_str().len() <= 2 || letters.as_str().len() >= 5;
        if called && short && !out.iter().any(|o| o == n.as_str()) {
            out.push(n.as_str().to_owned());
        }
    }
    out
}

/// A company word right after a name: "Halvorsen Pharma", "Orsen Therapeutics, Inc.".
static COMPANY_WORD_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s(?:Pharma\w*|Therapeutics|Bio\w*|Biotech\w*|Biologics|Biosciences|Medicine|Medical|Laborator\w+|Holdings|Group|Inc\.?|Ltd\.?|Limited|Corp\w*|Co\.|AG|SA|plc|GmbH|LLC|Oncology|Sciences|Health\w*)(?-u:\b)")
        .expect("valid")
});

/// A drug class noun followed by a lower-case word: "inhibitor casdatifan".
static CLASS_THEN_NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<class>inhibitor|antagonist|agonist|antibody|degrader|ADC|bispecific)\s+(?P<name>[a-z]{7,})(?-u:\b)")
        .expect("valid")
});

/// Whether a lower-case word can be a drug's INN rather than an English word: no common
/// English ending and not one of the words that follow a drug class in prose.
pub(super) fn looks_like_inn(word: &str) -> bool {
    const ENGLISH_ENDINGS: &[&str] = &[
        "ing", "ed", "tion", "sion", "ment", "ness", "ity", "ous", "ive", "al", "ly", "ic", "ics",
        "ary", "ory", "able", "ible", "ent", "ant", "ance", "ence", "er", "ers", "es", "ts", "ism",
        "ist", "ure", "age", "ship", "hood", "ward", "wise", "son",
    ];
    !looks_like_prose(word)
        && !ENGLISH_ENDINGS.iter().any(|e| word.ends_with(e))
        && word.chars().filter(|c| "aeiou".contains(*c)).count() >= 3
}

/// Words that follow a drug class in prose or open a parenthesis ("inhibitor therapy").
pub(super) fn looks_like_prose(word: &str) -> bool {
    const PROSE: &[&str] = &[
        "therapy",
        "therapies",
        "monotherapy",
        "combination",
        "program",
        "programme",
        "currently",
        "approved",
        "candidate",
        "candidates",
        "resistance",
        "resistant",
        "naive",
        "class",
        "alone",
        "regimen",
        "regimens",
        "platform",
        "portfolio",
        "approach",
        "antibody",
        "antibodies",
        "conjugate",
        "conjugates",
        "inhibitor",
        "inhibitors",
        "agonist",
        "agonists",
        "fusion",
        "protein",
        "proteins",
        "molecule",
        "molecules",
        "engager",
        "engagers",
    ];
    PROSE.contains(&word)
}

pub(super) fn in_url(text: &str, pos: usize) -> bool {
    let head = text.get(..pos).unwrap_or("");
    let word_start = head.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
    let word = text.get(word_start..).unwrap_or("");
    let word = word.split(char::is_whitespace).next().unwrap_or("");
    word.contains("://") || word.contains(".html") || word.contains(".htm") || word.contains("www.")
}

/// A parenthesis right after a drug name that gives other names of the same drug.
pub(super) static PAREN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s?\(([^()]{2,120})\)").expect("valid"));

/// "X R&D code: Y", "code name: Y", "also known as Y", "formerly Y".
pub(super) static ALIAS_LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\s*(?:(?P<company>(?-i:[A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,2}))(?:'s)?\s+)?
          (?:R&D\s+code|research\s+code|development\s+code|code\s+name|code|also\s+known\s+as|formerly(?:\s+known\s+as)?|generic\s+name|brand\s+name|trade\s+name|INN)
          \s*[:：]?\s*(?P<name>.+)$",
    )
    .expect("valid")
});

pub(super) static ALSO_KNOWN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?\s+(?:also\s+known\s+as|formerly(?:\s+known\s+as)?|a\.k\.a\.?)\s+")
        .expect("valid")
});

// ---------------------------------------------------------------------------------------------
// Companies.
/// Split a parenthesis into candidate names: "Opatisumimab, LBL-024" → both.
pub(super) fn paren_names(inner: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for part in inner.split([',', ';']) {
        let part = part.trim();
        let (names, company) = match ALIAS_LABEL_RE.captures(part) {
            Some(c) => (
                c.name("name").map_or("", |n| n.as_str()),
                c.name("company").map(|m| m.as_str().to_owned()),
            ),
            None => (part, None),
        };
        // "also known as GSK5764227 or GSK'227": one label, several names.
        for name in names.split(" or ") {
            out.push((strip_marks(name), company.clone()));
        }
    }
    out
}

/// A shortened form of a one- or two-word INN that a parenthesis defines: "satri-cel" for
/// "satricabtagene autoleucel", "Rina-S" for "rinatabart sesutecan", "I-DXd" for "ifinatamab
/// deruxtecan", "HER3-DXd" (target and payload). The part before the hyphen opens the first
/// word or names a target; the part after ends the last word or, for a two-word name, opens it.
pub(super) fn is_short_form(short: &str, inn: &str) -> bool {
    let Some((head, tail)) = short.split_once('-') else {
        return is_initialism(short, inn);
    };
    if head.is_empty()
        || tail.is_empty()
        || short.len() > 16
        || !short.chars().all(|c| c.is_alphanumeric() || c == '-')
    {
        return false;
    }
    let words: Vec<String> = inn.split_whitespace().map(str::to_lowercase).collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let (head, tail) = (head.to_lowercase(), tail.to_lowercase());
    let head_ok = (first.starts_with(&head) && head.len() < first.len()) || is_target_word(&head);
    let tail_ok = (last.ends_with(&tail) && tail.len() < last.len())
        || (words.len() > 1 && tail.get(..1).is_some_and(|t| last.starts_with(t)));
    head_ok && tail_ok
}

/// "nemitatug zovotecan (NMZ)", "enfortumab vedotin (EV)": two to five capitals that start
/// with the INN's first letter, end with its last word's, and take the others in order from
/// the name.
fn is_initialism(short: &str, inn: &str) -> bool {
    let words: Vec<String> = inn.split_whitespace().map(str::to_lowercase).collect();
    let letters: Vec<char> = short.chars().map(|c| c.to_ascii_lowercase()).collect();
    let capitals = short.chars().all(|c| c.is_ascii_uppercase());
    let (Some(first), Some(last), [a, .., z]) = (words.first(), words.last(), letters.as_slice())
    else {
        return false;
    };
    if !capitals || letters.len() > 5 || words.len() < 2 {
        return false;
    }
    let starts = first.starts_with(*a) && last.starts_with(*z);
    let joined = words.join("");
    let mut rest = joined.chars();
    starts && letters.iter().all(|l| rest.any(|c| c == *l))
}

pub(super) fn strip_marks(s: &str) -> String {
    s.trim()
        .trim_end_matches(['™', '®', '©'])
        .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
        .to_owned()
}

pub(super) fn single_name(s: &str) -> Option<NameKind> {
    let s = s.trim();
    let whole_code = CODE_RE
        .find(s)
        .is_some_and(|m| m.start() == 0 && m.end() == s.len())
        && is_code(s);
    if whole_code || SHORT_CODE_RE.is_match(s) {
        Some(NameKind::Code)
    } else if INN_RE
        .find(s)
        .is_some_and(|m| m.start() == 0 && m.end() == s.len())
    {
        Some(NameKind::Inn)
    } else if s.len() >= 3
        && s.len() <= 20
        && s.chars().next().is_some_and(char::is_uppercase)
        && s.chars().all(|c| c.is_alphanumeric() || c == '-')
        && !is_target_word(s)
    {
        Some(NameKind::Brand)
    } else {
        None
    }
}
