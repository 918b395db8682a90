//! Companies a document names: corporate suffixes, stock codes, appositions ("X, a global
//! CDMO"), the announcer, deal counterparties and a table of well-known names.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use regex::Regex;

use crate::doc::Ctx;
use crate::vocab::KNOWN_COMPANIES;

use super::names::CODE_RE;
use super::names::INN_RE;

/// A company named in the document.
#[derive(Clone, Debug)]
pub(crate) struct CompanyMention {
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// Companies of the document, with the short names the text defines for them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Companies {
    pub mentions: Vec<CompanyMention>,
    /// Short or variant spelling → display name.
    pub canonical: BTreeMap<String, String>,
}

impl Companies {
    /// The display name of a spelling.
    pub fn resolve(&self, name: &str) -> String {
        self.canonical
            .get(&company_key(name))
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    }

    /// Mentions inside a normalised span, resolved, in order, without repeats.
    pub fn within(&self, start: usize, end: usize) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = Vec::new();
        let from = self.mentions.partition_point(|m| m.start < start);
        for m in self
            .mentions
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|m| m.start < end)
        {
            if m.end <= end {
                let name = self.resolve(&m.name);
                if !out.iter().any(|(_, n)| *n == name) {
                    out.push((m.start, name));
                }
            }
        }
        out
    }

    /// Every mention inside a normalised span, resolved, in order, repeats kept: (start, end,
    /// display name).
    pub fn mentions_within(&self, start: usize, end: usize) -> Vec<(usize, usize, String)> {
        let from = self.mentions.partition_point(|m| m.start < start);
        self.mentions
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|m| m.start < end)
            .filter(|m| m.end <= end)
            .map(|m| (m.start, m.end, self.resolve(&m.name)))
            .collect()
    }

    /// The company that issues the document: the first one named.
    pub fn announcer(&self) -> Option<String> {
        self.mentions.first().map(|m| self.resolve(&m.name))
    }
}

pub(crate) fn company_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

// ---------------------------------------------------------------------------------------------

pub(super) const SUFFIXES: &str = r"Inc\.?|Ltd\.?|Limited|Co\.,?\s?Ltd\.?|Corporation|Corp\.?|plc|PLC|AG|SA|S\.A\.|GmbH|LLC|Holdings|Biologics|Biosciences|Bioscience|Biotherapeutics|Therapeutics|Therapies|Pharmaceuticals?|Pharma|Biopharma(?:ceuticals?)?|Biotech(?:nology)?|Biolabs|BioLabs|Bio|Oncology|Medicines|Medicine|Cell\s+Therapeutics|Laboratories|Labs|Sciences|Group|Healthcare|Health|Biomedical|Biomedicine|BioMed|Biomed|Biopharmaceutical|Genomics|Genetics|Immunology|Immunotherapeutics|Immunotherapies|Metabolics|Neuroscience|Neurosciences|Vaccines|Biologicals|Bioworks|Respiratory|Pulmonary|Dermatology|Seiyaku|Yakuhin|Rare\s+Diseases";

pub(super) static COMPANY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)(?-u:\b)(?P<name>(?:[A-Z][A-Za-z0-9&'-]*(?:[\ \t]|\n[\ \t]+)){{0,3}}(?i:{SUFFIXES})(?-u:\b)(?:,?\s(?:Inc|Ltd|Co\.,?\s?Ltd|Corp|plc|LLC|S\.p\.A|SpA|N\.V|B\.V|K\.K)\.?)?)(?:-[A-Z](?-u:\b))?"
    ))
    .expect("valid company regex")
});

pub(super) static SHORT_NAME_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s?\(\s?"([A-Z][A-Za-z0-9 &-]{1,30})"\s?\)"#).expect("valid"));

pub(super) static APPOSITIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?-u:\b)(?P<name>[A-Z][A-Za-z0-9&]+(?:\s[A-Z][A-Za-z0-9&]+){0,2})(?:,\s(?:Inc|Ltd|Corp|LLC|plc|AG|SA)\.?)?,\s(?:a|an|the)\s(?:[\w-]+\s){0,5}?
          (?:company|CDMO|CRO|CMO|biotech|biotechnology\scompany|biopharmaceutical\scompany|pharmaceutical\scompany|organization|organisation|manufacturer|developer)(?-u:\b)",
    )
    .expect("valid")
});

/// The subject of an announcement: "-- Zymeworks today announced", "Acme Bio announced that".
pub(super) static ANNOUNCER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|--\s*|\s-\s|\)\s|:\s|\|\s?)(?P<name>[A-Z][A-Za-z0-9&]+(?:[\ \t][A-Z][A-Za-z0-9&]+){0,3}),?\s+(?:\([^()]{0,40}\)\s*)*(?:today\s+)?(?:has\s+|have\s+)?(?:announced|announces|reported|reports|has\s+signed|signed|has\s+entered|entered\s+into|completed|completes|acquired|acquires|to\s+pay|will\s+pay)(?-u:\b)")
        .expect("valid")
});

/// The other side of a deal: "a license agreement with Zymeworx", "acquired by Mercer",
/// "licensed VX-1 from Orca Bio", "sold China rights to VX-1 to Tern Medical".
pub(super) static COUNTERPARTY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:agreement|partnership|collaboration|deal|alliance|licen[cs]e)\s+with\s+(?:[A-Z][A-Za-z.]*-based\s+)?(?P<name>[A-Z][A-Za-z0-9&]+(?:\s[A-Z][A-Za-z0-9&]+){0,3})|(?:licensed\s+to|acquired\s+by|licensed\s+(?:[\w-]+\s+){1,3}?from|(?:licensed|sold|granted|transferred)\s+(?:[\w-]+\s+){0,4}?rights\s+(?:[\w-]+\s+){0,4}?to(?:\s+[A-Z][\w-]*\d[\w-]*\s+to)?)\s+(?:[A-Z][A-Za-z.]*-based\s+)?(?P<name2>[A-Z][A-Za-z0-9&]+(?:\s{1,3}[A-Z][A-Za-z0-9&]+){0,3})")
        .expect("valid")
});

pub(super) static STOCK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?-u:\b)(?P<name>[A-Z][A-Za-z0-9&]+(?:\s[A-Z][A-Za-z0-9&]+){0,3})(?:-[A-Z])?\s?\((?:(?:HKEX|SSE|SZSE|SHE|NASDAQ|Nasdaq|NYSE|SEHK|STAR|TSE|TYO|KOSDAQ|HK|OTCQX)\s?:\s?[A-Z0-9.]{2,8}|[A-Z.]{0,6}\d[A-Z0-9.]{0,7})(?:\.HK)?\)")
        .expect("valid")
});

/// A name in the possessive that defines its short name before a drug: "Nordhavn Orphan
/// Biologica's (Norbi) Velaxa". Two to four capitalised words, no suffix needed.
pub(super) static POSSESSIVE_SHORT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<name>[A-Z][A-Za-z0-9&]+(?:\s[A-Z][A-Za-z0-9&]+){1,3})'s?\s\((?P<short>[A-Z][A-Za-z0-9]{1,11})\)\s[A-Z]")
        .expect("valid")
});

/// Words a company regex can start with that are not part of a name.
pub(super) const NOT_NAME_START: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "For",
    "By",
    "With",
    "And",
    "Of",
    "To",
    "As",
    "About",
    "Its",
    "This",
    "That",
    "These",
    "Both",
    "Dr",
    "Prof",
    "Professor",
    "Global",
    "Chinese",
    "China",
    "Leading",
    "Unlike",
    "Expanding",
    "Strategic",
    "Reference",
    "Related",
    "Subscribe",
    "Stay",
    "Founded",
    "While",
    "Compared",
    "Cancer",
    "Lung",
    "Breast",
    "Dual",
    "Innovation",
    "Senior",
    "Chief",
    "Deputy",
    "Director",
    "Vice",
    "President",
    "CEO",
    "Executive",
    "Officer",
    "Pipeline",
    "Sponsor",
    "Lead",
    "Company",
    "Collaborator",
    // Verbs of a title-case headline: "Halvorsen Bio to Acquire Nevisia Oncology".
    "Acquire",
    "Acquires",
    "Acquiring",
    "Completes",
    "Announces",
    "Signs",
    "Licenses",
    "Partners",
    "Enters",
    "Receives",
    "Obtains",
    "Gains",
    "Wins",
    "Grants",
    "Buys",
    "Sells",
];

pub(crate) fn clean_company(raw: &str) -> Option<String> {
    // "BOSTON--Larkspur Immunology": a dateline's city is no part of the name.
    let raw = raw.rsplit("--").next().unwrap_or(raw);
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    while let Some(first) = words.first() {
        // "Oslo-based Larkspur Bio": the seat is no part of the name.
        // "Italy's Castelmonte Pharma": a place in the possessive is no part of the name.
        let possessive_place = first.ends_with("'s") && words.len() >= 3;
        if NOT_NAME_START
            .iter()
            .any(|w| first.trim_end_matches("'s") == *w)
            || first.ends_with("-based")
            || possessive_place
        {
            words.remove(0);
        } else {
            break;
        }
    }
    // "CM310 group", "JS212 Biologics": a drug code before a suffix word is no company.
    if words.first().is_some_and(|w| {
        CODE_RE
            .find(w)
            .is_some_and(|m| m.start() == 0 && m.end() == w.len())
    }) {
        return None;
    }
    // Agencies and institutions are no companies ("Food and Drug Administration (FDA)").
    if words.iter().any(|w| {
        [
            "Administration",
            "Agency",
            "Commission",
            "Committee",
            "Center",
            "Centre",
            "Institute",
            "University",
            "Hospital",
            "FDA",
            "EMA",
            "NMPA",
            "CDE",
            "MHRA",
            "PMDA",
        ]
        .contains(w)
    }) {
        return None;
    }
    let name = words.join(" ");
    let name = CORPORATE_TAIL_RE
        .replace(name.trim_end_matches(',').trim(), "")
        .trim()
        .to_owned();
    let key = company_key(&name);
    let suffix_only = SUFFIX_ONLY_RE.is_match(&name);
    if key.len() < 3 || suffix_only {
        return None;
    }
    // ALL-CAPS names (LEADS BIOLABS) read better in title case.
    let name = if name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase())
        && name.len() > 5
    {
        name.split(' ')
            .map(|w| {
                let mut cs = w.chars();
                match cs.next() {
                    Some(f) => f.to_string() + &cs.as_str().to_lowercase(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        name
    };
    Some(name)
}

/// A capitalised word after a suffix word that makes the name an institution's, or carries it on.
static INSTITUTION_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]+(?:Disease|Distress|Syndrome|Hypertension|Fibrosis|Embolism|Syncytial|Infections?|Tract|Function|Rehabilitation|Medicine|Institutes?|Cent(?:er|re)s?|Universit(?:y|ies)|Hospitals?|Foundation|Society|Organi[sz]ation|Association|Alliance|Council|Network|Consortium|Department|Ministry|School|College|Clinic|Journal|Agency|Authority|Service|Research\s+(?:Institute|Center|Centre))(?-u:\b)")
        .expect("valid")
});

/// Legal-form tails dropped from display names: "Innovent Biologics, Inc." → "Innovent Biologics".
pub(super) static CORPORATE_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:,?\s(?:Inc|Ltd|Co\.,?\s?Ltd|Co|Corp|LLC|plc|PLC|Limited|S\.p\.A|SpA|N\.V|B\.V|K\.K|S\.A)\.?|\sR&D|-[A-Z])+$")
        .expect("valid")
});

pub(super) static SUFFIX_ONLY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?i:{SUFFIXES})$")).expect("valid"));

/// Company mentions while they are collected: no two overlap.
#[derive(Default)]
struct Found {
    mentions: Vec<CompanyMention>,
    canonical: BTreeMap<String, String>,
    /// Occupied spans (start → end), so an overlap check is a lookup, not a scan.
    occupied: BTreeMap<usize, usize>,
}

impl Found {
    fn push(&mut self, name: String, start: usize, end: usize) {
        let before = self
            .occupied
            .range(..end)
            .next_back()
            .is_some_and(|(_, e)| *e > start);
        if before {
            return;
        }
        self.occupied.insert(start, end);
        self.mentions.push(CompanyMention { name, start, end });
    }

    fn name(&mut self, name: &str) {
        self.canonical
            .entry(company_key(name))
            .or_insert_with(|| name.to_owned());
    }
}

/// Find every company the document names.
pub(crate) fn companies(ctx: &Ctx) -> Companies {
    let text = ctx.text();
    let mut found = Found::default();
    suffixed_names(text, &mut found);
    cued_names(text, &mut found);
    licensing_universities(text, &mut found);
    known_names(text, &mut found);
    found.mentions.sort_by_key(|m| m.start);
    Companies {
        mentions: found.mentions,
        canonical: found.canonical,
    }
}

/// Names ending in a corporate suffix ("Innovent Biologics, Inc."), with the short name a
/// parenthesis defines for them ("Innovent").
fn suffixed_names(text: &str, found: &mut Found) {
    for c in COMPANY_RE.captures_iter(text) {
        let Some(m) = c.name("name") else { continue };
        // "Masovian Oncology Institute", "World Health Organization": an institution's name
        // goes on past the suffix word, and so does a disease's ("Chronic Obstructive Pulmonary
        // Disease").
        if INSTITUTION_AFTER_RE.is_match(text.get(m.end()..).unwrap_or("")) {
            continue;
        }
        // "The Stock Exchange of Hong Kong Limited": an exchange's disclaimer names no issuer.
        let head = text
            .get(m.start().saturating_sub(24)..m.start())
            .unwrap_or("");
        if head.contains("Exchange of ") || head.contains("Exchanges and ") {
            continue;
        }
        // A drug code right before the suffix (JS212 Bio…) or a generic phrase is no company.
        let Some(name) = clean_company(m.as_str()) else {
            continue;
        };
        if name.split_whitespace().count() == 1
            && !name.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        // A lower-case suffix word ("received biologics") is prose, not a name.
        if name
            .split_whitespace()
            .last()
            .is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()))
        {
            continue;
        }
        let offset = m
            .as_str()
            .find(name.split_whitespace().next().unwrap_or(""))
            .unwrap_or(0);
        let start = m.start() + offset;
        let after = text.get(m.end()..).unwrap_or("");
        if let Some(s) = SHORT_NAME_RE.captures(after).and_then(|s| s.get(1)) {
            found
                .canonical
                .insert(company_key(s.as_str()), name.clone());
        }
        found.name(&name);
        found.push(name, start, m.end());
    }
}

/// Names without a suffix that their context marks: a stock code, an apposition ("X, a global
/// CDMO"), an announcement, a deal's counterparty.
fn cued_names(text: &str, found: &mut Found) {
    for re in [
        &*STOCK_RE,
        &*APPOSITIVE_RE,
        &*ANNOUNCER_RE,
        &*COUNTERPARTY_RE,
        &*POSSESSIVE_SHORT_RE,
    ] {
        for c in re.captures_iter(text) {
            let Some(m) = c.name("name").or_else(|| c.name("name2")) else {
                continue;
            };
            // "Download PDF (312KB)": a file's size is no stock code.
            if c.get(0)
                .is_some_and(|w| w.as_str().ends_with("KB)") || w.as_str().ends_with("MB)"))
            {
                continue;
            }
            let Some(name) = clean_company(m.as_str()) else {
                continue;
            };
            // "rights to TRV-118": the letters of a drug code are no company.
            let code_head = text.get(m.end()..).is_some_and(|a| {
                a.starts_with('-') && a[1..].starts_with(|c: char| c.is_ascii_alphanumeric())
            });
            if name.split_whitespace().count() > 4 || is_drugish(&name) || code_head {
                continue;
            }
            let offset = m
                .as_str()
                .find(name.split_whitespace().next().unwrap_or(""))
                .unwrap_or(0);
            if let Some(short) = c.name("short") {
                found
                    .canonical
                    .insert(company_key(short.as_str()), name.clone());
            }
            found.name(&name);
            found.push(name, m.start() + offset, m.end());
        }
    }
}

/// "in-licensed from the University of Lausanne": a university that licenses a drug out is a
/// party to the deal, though no company elsewhere.
fn licensing_universities(text: &str, found: &mut Found) {
    static LICENSOR_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:licen[cs]ed|acquired|obtained)\s+(?:[\w-]+\s+){0,3}?from\s+(?:the\s+)?(?P<name>University\s+of\s+[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?)")
            .expect("valid")
    });
    for m in LICENSOR_RE
        .captures_iter(text)
        .filter_map(|c| c.name("name"))
    {
        found.name(m.as_str());
        found.push(m.as_str().to_owned(), m.start(), m.end());
    }
}

/// Well-known names, and every later mention of a name already found (by its first word).
fn known_names(text: &str, found: &mut Found) {
    let firsts: Vec<(String, String)> = found
        .mentions
        .iter()
        .filter_map(|m| {
            let first = m.name.split_whitespace().next()?;
            (first.len() >= 4).then(|| (first.to_owned(), m.name.clone()))
        })
        .collect();
    let mut own: Vec<String> = Vec::with_capacity(firsts.len());
    for (first, name) in firsts {
        own.push(first.clone());
        found.canonical.entry(company_key(&first)).or_insert(name);
    }
    own.sort_by_key(|k| std::cmp::Reverse(k.len()));
    own.dedup();
    let bytes = text.as_bytes();
    for (start, end) in known_or_own_matches(text, &own) {
        let boundary_before = start == 0
            || !bytes
                .get(start - 1)
                .is_some_and(|b| b.is_ascii_alphanumeric());
        let boundary_after = !bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric());
        if boundary_before && boundary_after {
            // Patterns match case-sensitively, so the matched text is the name itself.
            let Some(k) = text.get(start..end) else {
                continue;
            };
            let name = found
                .canonical
                .get(&company_key(k))
                .cloned()
                .unwrap_or_else(|| k.to_owned());
            found.push(name, start, end);
        }
    }
}

/// The well-known names as one automaton, built once (not per document: building it over
/// ~100 names dominated extraction over many small documents).
static KNOWN_AC: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(KNOWN_COMPANIES)
        .ok()
});

/// The leftmost-longest, non-overlapping matches in `text` of the well-known names and the
/// document's own names together (spans), as one automaton over both lists would give them:
/// at each step the earlier match of the two automata, the longer on a tie. Each automaton's
/// next match is kept until the scan passes its start (leftmost from an earlier point and
/// not yet passed, it is still leftmost from here), so the text is scanned once, not once
/// per match.
fn known_or_own_matches(text: &str, own: &[String]) -> Vec<(usize, usize)> {
    // The document's few names: an NFA builds in a fraction of the time a DFA takes.
    let own_ac = if own.is_empty() {
        None
    } else {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(own)
            .ok()
    };
    let find = |ac: Option<&AhoCorasick>, from: usize| {
        ac.and_then(|ac| ac.find(Input::new(text).span(from..text.len())))
    };
    let known_ac = KNOWN_AC.as_ref();
    let (mut next_known, mut next_own) = (find(known_ac, 0), find(own_ac.as_ref(), 0));
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        if next_known.is_some_and(|m| m.start() < from) {
            next_known = find(known_ac, from);
        }
        if next_own.is_some_and(|m| m.start() < from) {
            next_own = find(own_ac.as_ref(), from);
        }
        let m = match (next_known, next_own) {
            (None, None) => break,
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (Some(a), Some(b)) => {
                if (b.start(), std::cmp::Reverse(b.end())) < (a.start(), std::cmp::Reverse(a.end()))
                {
                    b
                } else {
                    a
                }
            }
        };
        out.push((m.start(), m.end()));
        // No pattern is empty, so every match moves the scan on.
        from = m.end().max(from + 1);
    }
    out
}

/// Whether a string looks like a drug name rather than a company.
pub(crate) fn is_drugish(s: &str) -> bool {
    CODE_RE.is_match(s) && s.split_whitespace().count() == 1 || INN_RE.is_match(s)
}

// ---------------------------------------------------------------------------------------------
// Pass 2 and 4: unify and describe.

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-automaton scan finds what one automaton over both lists found (as the
    /// extractor built it per document before).
    #[test]
    fn known_and_own_names_scan_as_one_list() {
        let own: Vec<String> = ["Eli Lilly and Partners", "Merckle", "Rochester", "Lill"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let mut all: Vec<String> = KNOWN_COMPANIES.iter().map(|s| (*s).to_owned()).collect();
        all.extend(own.iter().cloned());
        let one = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&all)
            .expect("builds");
        for text in [
            "Eli Lilly and Partners met Eli Lilly, Lilly and Merckle; Merck KGaA and MSD too.",
            "Rochester Roche Rochester Genentech GSK GlaxoSmithKline Lill Lilly",
            "",
            "no company here",
        ] {
            let expected: Vec<(usize, usize)> =
                one.find_iter(text).map(|m| (m.start(), m.end())).collect();
            assert_eq!(known_or_own_matches(text, &own), expected, "{text}");
        }
    }
}
