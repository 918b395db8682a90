//! Word lists as data: targets with their synonyms, agencies, designations, modalities,
//! well-known companies, meetings. Rules look words up here instead of spelling them inline,
//! so adding a synonym is a one-line change with no code touched.
//!
//! All entries are written in the normalised form of [`crate::text::Norm`]: ASCII hyphens,
//! straight quotes.

use std::collections::HashSet;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Spellings of the shared table that are ordinary words, initials or biomarkers in running
/// text ("TF", "neu", "CEA levels"): search expands them, extraction does not read them.
const AMBIGUOUS_SPELLINGS: &[&str] = &[
    "TF",
    "F3",
    "neu",
    "HER2/neu",
    "TRK",
    "IAP",
    "INDO",
    "CS1",
    "CEA",
    "LPA",
    "EGP-1",
    "B4 antigen",
];

/// Target classes: the canonical name (the first member of its line in the search crate's
/// `synonyms.txt`, the one vocabulary extract, search and synth share) and every spelling
/// extraction reads for it.
pub(crate) static TARGETS: LazyLock<Vec<(&'static str, Vec<String>)>> =
    LazyLock::new(|| target_table(atlas_search::SYNONYMS));

/// The `[target]` section of a synonym table, with each member's written variants.
fn target_table(table: &'static str) -> Vec<(&'static str, Vec<String>)> {
    let mut out = Vec::new();
    let mut in_targets = false;
    for line in table.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with('[') {
            in_targets = line == "[target]";
            continue;
        }
        if !in_targets || line.contains("=>") {
            continue;
        }
        let mut members = line.split(" = ").map(str::trim);
        let Some(name) = members.next() else { continue };
        let mut spellings: Vec<String> = Vec::new();
        for member in std::iter::once(name).chain(members) {
            if AMBIGUOUS_SPELLINGS.contains(&member) {
                continue;
            }
            for v in spelling_variants(member) {
                if !spellings.contains(&v) {
                    spellings.push(v);
                }
            }
        }
        out.push((name, spellings));
    }
    out
}

/// How a table member is written in documents. Search compares normalised tokens, extraction
/// matches text case-sensitively, so the common variants are spelled out: Greek letters as
/// Latin ("FRα" → "FRa"), without hyphens ("IL-23" → "IL23"), a hyphen before a
/// symbol's number ("TROP2" → "TROP-2"), title case of a symbol with a number ("Trop2") and a
/// capital first letter ("claudin 18.2" → "Claudin 18.2").
pub(crate) fn spelling_variants(member: &str) -> Vec<String> {
    let mut out = vec![member.to_owned()];
    let push = |out: &mut Vec<String>, s: String| {
        if s.len() >= 2 && !out.contains(&s) {
            out.push(s);
        }
    };
    // Spelled-out letters ("alpha") only where the table lists them: search folds a Greek
    // letter to its Latin one, so "FRalpha" is a different word to it.
    for (greek, latin) in [("α", "a"), ("β", "b"), ("δ", "d")] {
        for base in out.clone() {
            if base.contains(greek) {
                push(&mut out, base.replace(greek, latin));
            }
        }
    }
    let symbol = !member.contains(' ') && member.chars().any(|c| c.is_ascii_digit());
    for base in out.clone() {
        if symbol && base.contains('-') {
            push(&mut out, base.replace('-', ""));
        }
        let letters = base.chars().take_while(char::is_ascii_uppercase).count();
        let rest = base.get(letters..).unwrap_or("");
        let digits_only = !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit());
        if symbol && letters >= 2 && digits_only {
            let head = base.get(..letters).unwrap_or("");
            push(&mut out, format!("{head}-{rest}"));
        }
        if symbol
            && letters >= 3
            && base
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            let head = base.get(..letters).unwrap_or("");
            let title = head.get(..1).unwrap_or("").to_owned()
                + &head.get(1..).unwrap_or("").to_lowercase();
            push(&mut out, format!("{title}{rest}"));
            if digits_only {
                push(&mut out, format!("{title}-{rest}"));
            }
        }
    }
    if let Some(first) = member.chars().next().filter(char::is_ascii_lowercase) {
        let capital = first.to_ascii_uppercase().to_string() + member.get(1..).unwrap_or("");
        push(&mut out, capital);
    }
    out
}

/// Natively, a vocabulary automaton built once as a DFA: the default for hundreds of patterns
/// is an NFA, which follows failure links byte by byte, and these vocabularies are scanned
/// over every sentence. In the browser the default, smaller one (the same matches).
fn fast_kind(b: &mut AhoCorasickBuilder) -> &mut AhoCorasickBuilder {
    if cfg!(not(target_arch = "wasm32")) {
        b.kind(Some(aho_corasick::AhoCorasickKind::DFA));
    }
    b
}

/// One matcher over every target spelling; pattern index → canonical name.
pub(crate) struct TargetMatcher {
    pub ac: AhoCorasick,
    pub canonical: Vec<&'static str>,
    /// Every spelling in lower case, for [`is_target_word`].
    lower: HashSet<String>,
}

pub(crate) static TARGET_MATCHER: LazyLock<TargetMatcher> = LazyLock::new(|| {
    let mut patterns: Vec<&str> = Vec::new();
    let mut canonical = Vec::new();
    for (name, spellings) in TARGETS.iter() {
        for s in spellings {
            patterns.push(s);
            canonical.push(*name);
        }
    }
    let lower = patterns.iter().map(|p| p.to_lowercase()).collect();
    let ac = fast_kind(AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest))
        .build(&patterns)
        .expect("target patterns build");
    TargetMatcher {
        ac,
        canonical,
        lower,
    }
});

/// Target mentions in `text` with word boundaries: (start, end, canonical name).
pub(crate) fn target_mentions(text: &str) -> Vec<(usize, usize, &'static str)> {
    let m = &*TARGET_MATCHER;
    let bytes = text.as_bytes();
    m.ac.find_iter(text)
        .filter(|f| {
            // "CD20xCD3" glues two targets with an x.
            let glued_x = |i: usize| bytes.get(i).is_some_and(|b| *b == b'x' || *b == b'X');
            let before_ok = f.start() == 0
                || !bytes
                    .get(f.start() - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric())
                || (glued_x(f.start() - 1)
                    && f.start() >= 2
                    && bytes
                        .get(f.start() - 2)
                        .is_some_and(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
            let after_ok = !bytes
                .get(f.end())
                .is_some_and(|b| b.is_ascii_alphanumeric())
                || (glued_x(f.end())
                    && bytes
                        .get(f.end() + 1)
                        .is_some_and(|b| b.is_ascii_uppercase()));
            before_ok && after_ok
        })
        .filter_map(|f| {
            m.canonical
                .get(f.pattern().as_usize())
                .map(|c| (f.start(), f.end(), *c))
        })
        .collect()
}

/// A target as the document writes it: its canonical name when the text uses that name, else
/// the first of its spellings the text uses ("Claudin 18.2" in a text that never writes
/// "CLDN18.2"), so every reported target is a string of its document.
pub(crate) fn target_as_written(text: &str, canonical: &str) -> String {
    if text.contains(canonical) {
        return canonical.to_owned();
    }
    TARGETS
        .iter()
        .find(|(name, _)| *name == canonical)
        .and_then(|(_, spellings)| spellings.iter().find(|s| text.contains(s.as_str())))
        .cloned()
        .unwrap_or_else(|| canonical.to_owned())
}

/// The canonical name of a target spelling, if it is one.
pub(crate) fn target_canonical(spelling: &str) -> Option<&'static str> {
    TARGETS
        .iter()
        .find(|(name, spellings)| *name == spelling || spellings.iter().any(|s| s == spelling))
        .map(|(name, _)| *name)
}

/// Whether a word is a target spelling (so it is not taken for a drug code).
pub(crate) fn is_target_word(word: &str) -> bool {
    TARGET_MATCHER.lower.contains(&word.to_lowercase())
}

/// Companies well known enough to be recognised by name alone (normalised spelling, display name).
pub(crate) const KNOWN_COMPANIES: &[&str] = &[
    "Takeda",
    "Pfizer",
    "Merck",
    "MSD",
    "AstraZeneca",
    "Novartis",
    "Roche",
    "Genentech",
    "Bristol Myers Squibb",
    "Bristol-Myers Squibb",
    "BMS",
    "GSK",
    "GlaxoSmithKline",
    "Sanofi",
    "AbbVie",
    "Amgen",
    "Eli Lilly",
    "Lilly",
    "Bayer",
    "Boehringer Ingelheim",
    "Johnson & Johnson",
    "Janssen",
    "Gilead",
    "Regeneron",
    "Daiichi Sankyo",
    "Astellas",
    "Eisai",
    "BeiGene",
    "BioNTech",
    "Moderna",
    "Biogen",
    "Vertex",
    "Ipsen",
    "Servier",
    "Incyte",
    "Exelixis",
    "Seagen",
    "Summit",
    "Akeso",
    "Hengrui",
    "Hansoh",
    "CSPC",
    "Zai Lab",
    "Hutchmed",
    "Kelun",
    "Innovent",
    "Junshi",
    "Henlius",
    "Ono",
    "Otsuka",
    "Chugai",
    "Kyowa Kirin",
    "Novo Nordisk",
    "Teva",
    "Jazz",
    "Merck KGaA",
    "Sino Biopharm",
    "Hansoh Pharma",
    "Kelun-Biotech",
    "Biotheus",
    "Instil Bio",
    "Avenzo",
    "Duality Biologics",
    "DualityBio",
    "Sichuan Biokin",
    "SystImmune",
    "Bicycle",
];

/// Trial-name prefixes that are never drug codes (KEYNOTE-407, CheckMate 227).
pub(crate) const NOT_DRUG_CODES: &[&str] = &[
    "COVID", "SARS", "HKEX", "SSE", "SZSE", "NASDAQ", "NYSE", "ISO", "GMP", "ECOG", "RECIST",
    "CTCAE", "FY", "ASCO", "KCT", "ISRCTN", "DRKS", "UMIN", "ACTRN", "CTRI", "JRCT", "EUCTR",
    "JPRN", "IRCT", "PACTR", "TCTR", "ESMO", "AACR", "WCLC", "SABCS", "CSCO", "NCT", "CTR", "SID",
    "HR", "ORR", "DCR", "PFS", "OS", "CI", "NCCN", "TPS", "CPS", "ICD", "MedDRA", "GB", "HK",
    // Filing exhibits ("EX-99.1").
    "EX", // Currency codes before an amount ("RMB812.6 million").
    "RMB", "CNY", "USD", "EUR", "HKD", "JPY", "GBP", "KRW", "CHF", "AUD", "CAD", "INR", "SGD",
    // Clinical scales and questionnaires, whose thresholds read like codes (EASI-75, QLQ-C30).
    "EASI", "PASI", "ACR", "PSA", "SALT", "IGA", "SCORAD", "CDAI", "DAS", "BASDAI", "ASAS", "HAQ",
    "MADRS", "PANSS", "HAMD", "QLQ", "EQ", "SF", "NRS", "VAS", "BSA", "UACR", "HbA",
    // Families of human genes and proteins, whose members read like codes (IL-23R, CYP3A4).
    "IL", "CYP", "HLA", "TLR", "CCR", "CXCR", "IFN", "TNFRSF", "SLC", "ABCB", "UGT",
];

/// Adverse-event terms recognised in prose ("Cytokine release syndrome occurred in 44.6%"),
/// kept as data in `ae_terms.txt`, each with the term it is reported as: an abbreviation
/// written "CRS = cytokine release syndrome" is reported by its full term.
static AE_ENTRIES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("ae_terms.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(" = ") {
            Some((written, term)) => (written.trim(), term.trim()),
            None => (l, l),
        })
        .collect()
});

/// An adverse event's code in the document's own words: "AE:cytokine release syndrome"
/// stays so where the text writes the term out, and is "AE:CRS" where it only abbreviates it.
pub(crate) fn own_ae_code(text: &str, code: &str) -> Option<String> {
    let term = code.strip_prefix("AE:")?;
    let (term, g3) = match term.strip_suffix(":G3") {
        Some(t) => (t, ":G3"),
        None => (term, ""),
    };
    let mut abbreviations = AE_ENTRIES
        .iter()
        .filter(|(written, full)| *full == term && written != full)
        .peekable();
    // Most terms have no abbreviation: the text is lower-cased only for those that do.
    abbreviations.peek()?;
    if text.to_lowercase().contains(term) {
        return None;
    }
    abbreviations
        .find(|(written, _)| crate::text::word_matches(text, written).next().is_some())
        .map(|(written, _)| format!("AE:{written}{g3}"))
}

/// The terms adverse events are reported as (the label table is checked against them).
#[cfg(test)]
pub(crate) static AE_TERMS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| AE_ENTRIES.iter().map(|(_, term)| *term).collect());

static AE_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    fast_kind(
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true),
    )
    .build(AE_ENTRIES.iter().map(|(written, _)| written))
    .expect("AE terms build")
});

/// The last adverse-event term in a stretch of text, and whether grade ≥3 is said of it.
pub(crate) fn ae_term_in(text: &str) -> Option<(String, bool)> {
    let bytes = text.as_bytes();
    let m = AE_AC
        .find_iter(text)
        .filter(|m| {
            (m.start() == 0
                || !bytes
                    .get(m.start() - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric()))
                && !bytes
                    .get(m.end())
                    .is_some_and(|b| b.is_ascii_alphanumeric())
        })
        .last()?;
    let reported = AE_ENTRIES.get(m.pattern().as_usize())?.1;
    let term = canonical_ae_order(&reported.to_lowercase());
    let around = text.to_lowercase();
    let g3 = GRADE_3.iter().any(|g| around.contains(g));
    Some((term, g3))
}

/// A laboratory event in the order the terminology writes it: "increased ALT" → "alt
/// increased", "decreased neutrophil count" → "neutrophil count decreased".
pub(crate) fn canonical_ae_order(term: &str) -> String {
    for (lead, tail) in [
        ("increased ", "increased"),
        ("elevated ", "increased"),
        ("decreased ", "decreased"),
    ] {
        // Only a measurement turns around: "decreased appetite" is the term itself.
        const MEASURES: &[&str] = &[
            "alt",
            "ast",
            "bilirubin",
            "creatinine",
            "lipase",
            "amylase",
            "count",
            "enzyme",
            "transaminase",
            "weight",
            "phosphatase",
            "ggt",
            "cpk",
            "creatine",
        ];
        if let Some(rest) = term.strip_prefix(lead) {
            if MEASURES
                .iter()
                .any(|m| rest.split([' ', '-']).any(|w| w.starts_with(m)))
            {
                return format!("{rest} {tail}");
            }
        }
    }
    term.to_owned()
}

/// How texts write "grade 3 or worse".
const GRADE_3: &[&str] = &[
    "grade 3 or 4",
    "grade 3/4",
    "grade 3-4",
    "grade 3 to 4",
    "grade ≥3",
    "grade ≥ 3",
    "grade 3 or higher",
    "grade 3 or above",
    "grade 3 or greater",
    "grade 3 and higher",
    "grade 3 and above",
    "grade >=3",
    "grade >= 3",
    "g3+",
    "grade 3+",
    "high-grade",
];

/// How texts write events of any grade or of low grade.
const ANY_GRADE: &[&str] = &[
    "any grade",
    "any-grade",
    "all grade",
    "all-grade",
    "grade 1",
    "low-grade",
];

/// Whether the events a clause lists right after `head` are of grade 3 or worse: the last
/// grade the clause names before them is ≥ 3, and no figure outside an event's own brackets
/// comes between ("The most frequent grade 3 or higher events were hypertension (14.1%) and
/// diarrhea (" lists at grade ≥ 3; "Grade ≥3 events occurred in 27%, and the most common were
/// nausea (" lists at any grade).
pub(crate) fn listed_under_grade_3(head: &str) -> bool {
    let clause = head.rsplit(';').next().unwrap_or(head);
    let lower = clause.to_lowercase();
    let last = |words: &[&str]| {
        words
            .iter()
            .filter_map(|w| lower.rfind(w).map(|i| (i, i + w.len())))
            .max()
    };
    let Some((g3_start, g3_end)) = last(GRADE_3) else {
        return false;
    };
    if last(ANY_GRADE).is_some_and(|(any, _)| any > g3_start) {
        return false;
    }
    let mut depth = 0usize;
    let mut outside = String::new();
    for c in lower.get(g3_end..).unwrap_or("").chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    !outside.contains('%')
}
#[cfg(test)]
mod tests {
    use atlas_search::{SearchDoc, SearchIndex};

    use super::*;

    #[test]
    fn adverse_event_terms_and_grades() {
        let term = ae_term_in;
        assert_eq!(
            term("grade ≥3 increased ALT ("),
            Some(("alt increased".into(), true))
        );
        assert_eq!(
            term("decreased platelet count ("),
            Some(("platelet count decreased".into(), false))
        );
        assert_eq!(
            term("hand-foot skin reaction ("),
            Some(("hand-foot skin reaction".into(), false))
        );
        assert_eq!(
            term("decreased appetite ("),
            Some(("decreased appetite".into(), false))
        );
        assert!(listed_under_grade_3(
            "The most frequent grade 3 or higher events were hypertension (14.1%) and "
        ));
        assert!(!listed_under_grade_3(
            "Grade ≥3 events occurred in 27%, and the most common events were "
        ));
        assert!(!listed_under_grade_3(
            "Grade ≥3 events were rare; the most common were "
        ));
        assert!(!listed_under_grade_3(
            "Grade 3 or higher events were rare, and any-grade events included "
        ));
    }

    fn check_variants(member: &str, expected: &[&str]) {
        assert_eq!(spelling_variants(member), expected, "{member}");
    }

    #[test]
    fn table_members_are_read_in_their_written_variants() {
        check_variants("TROP2", &["TROP2", "TROP-2", "Trop2", "Trop-2"]);
        check_variants("IL-23", &["IL-23", "IL23"]);
        check_variants("FRα", &["FRα", "FRa"]);
        check_variants("claudin 18.2", &["claudin 18.2", "Claudin 18.2"]);
        assert_eq!(
            target_as_written("an anti-Claudin 18.2 ADC", "CLDN18.2"),
            "Claudin 18.2"
        );
        assert_eq!(
            target_as_written("Claudin 18.2 (CLDN18.2)", "CLDN18.2"),
            "CLDN18.2"
        );
        assert_eq!(target_canonical("Claudin 18.2"), Some("CLDN18.2"));
        check_variants("TIGIT", &["TIGIT"]);
        check_variants("α4β7", &["α4β7", "a4β7", "α4b7", "a4b7"]);
    }

    fn check_mentions(text: &str, expected: &[&str]) {
        let got: Vec<&str> = target_mentions(text).into_iter().map(|m| m.2).collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn targets_are_found_under_the_shared_canonical_names() {
        check_mentions(
            "a Claudin 18.2 (CLDN18.2)-targeted antibody",
            &["CLDN18.2", "CLDN18.2"],
        );
        check_mentions("an IL23 and TL1A bispecific", &["IL-23", "TL1A"]);
        check_mentions("an HIF-2α inhibitor", &["HIF-2α"]);
        check_mentions("CD25 (IL-2Rα)", &["IL-2Rα", "IL-2Rα"]);
        // Ordinary words and biomarkers that the search table also lists are not read as targets.
        check_mentions("TF and CEA levels", &[]);
    }

    /// Regression: extract and search kept two target tables, so a target extraction reported
    /// could be one that search did not expand. Every spelling extraction reads must find,
    /// through search's synonyms, an asset whose target is its canonical name.
    #[test]
    fn search_expands_every_target_extract_knows() {
        let docs: Vec<SearchDoc> = TARGETS
            .iter()
            .enumerate()
            .map(|(i, (name, _))| SearchDoc {
                id: format!("t{i}"),
                names: vec![format!("ZQ-{i}")],
                targets: vec![(*name).to_owned()],
                ..SearchDoc::default()
            })
            .collect();
        let index = SearchIndex::build(docs);
        let mut missing = Vec::new();
        for (i, (_, spellings)) in TARGETS.iter().enumerate() {
            let id = format!("t{i}");
            for s in spellings {
                let found = index.search(s, 50).iter().any(|h| {
                    index
                        .doc(h.doc_idx)
                        .is_some_and(|d| d.id == id && h.field == atlas_search::Field::Target)
                });
                if !found {
                    missing.push(s.clone());
                }
            }
        }
        assert!(missing.is_empty(), "search does not expand {missing:?}");
    }
}
