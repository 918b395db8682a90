//! Assets and companies of one document.
//!
//! Passes: (1) find drug names — sponsor codes (`IBI363`, `LBL-024`), INNs by their stems
//! (`-mab`, `-tinib` …), brands marked ™/® when the text ties them to a code or INN;
//! (2) unify names the text says are one drug ("Velesin™ (Opatisumimab, LBL-024)",
//! "(Takeda R&D code: TAK-928)", "also known as"); (3) find companies (corporate suffixes,
//! stock codes, appositions such as "BioDlink, a global CDMO", a table of well-known names);
//! (4) describe each drug from the sentences that name it: modality, targets, mechanism,
//! claims, companies and their roles.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use atlas_model::{Asset, CompanyRole, Evidence};
use regex::Regex;

use crate::doc::Ctx;
use crate::text::UnitKind;
use crate::vocab::{is_target_word, target_mentions, KNOWN_COMPANIES, NOT_DRUG_CODES};

/// A drug of one document while its facts are gathered.
#[derive(Clone, Debug, Default)]
pub(crate) struct DocAsset {
    /// Canonical name first.
    pub names: Vec<String>,
    /// Normalised spans of every mention of any name.
    pub mentions: Vec<(usize, usize)>,
    pub comparator: bool,
    pub companies: Vec<CompanyRole>,
    pub targets: Vec<String>,
    pub modality: Option<String>,
    pub mechanism: Option<String>,
    pub claims: Vec<String>,
    pub evidence: Vec<Evidence>,
}

impl DocAsset {
    pub fn name(&self) -> &str {
        self.names.first().map(String::as_str).unwrap_or("")
    }

    pub fn id(&self) -> String {
        atlas_model::slug(self.name())
    }

    pub fn into_asset(self) -> Asset {
        let id = self.id();
        let mut names = self.names.into_iter();
        let name = names.next().unwrap_or_default();
        Asset {
            id,
            name,
            aliases: names.collect(),
            companies: self.companies,
            targets: self.targets,
            modality: self.modality,
            mechanism: self.mechanism,
            claims: self.claims,
            comparator: self.comparator,
            evidence: self.evidence,
        }
    }
}

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

    /// The company that issues the document: the first one named.
    pub fn announcer(&self) -> Option<String> {
        self.mentions.first().map(|m| self.resolve(&m.name))
    }
}

fn company_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Pass 1: drug names.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum NameKind {
    Code,
    Inn,
    Brand,
}

#[derive(Clone, Debug)]
struct NameMention {
    text: String,
    kind: NameKind,
    start: usize,
    end: usize,
}

/// Sponsor codes: 2–6 capitals, an optional hyphen and letter, 2–5 digits, an optional suffix.
static CODE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z]{2,6}-?[A-Z]?\d{2,5}[A-Za-z]?(?-u:\b)").expect("valid code regex")
});

/// INNs by their stems (with the 2022 antibody stems -tug, -bart, -mig), and two-word ADC
/// names (trastuzumab deruxtecan, ronotug govitecan).
static INN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?-u:\b)(?:nab-)?[A-Za-z][a-z]{3,}(?:mab|tug|bart|mig|tinib|ciclib|parib|rafenib|lisib|degib|sertib|zomib|siran|tecan|platin|taxel|rubicin|trexed|citabine|mustine|cept|glutide|patide|leucel|dotin|tansine)
          (?:\s(?:[a-z]+(?:tecan|dotin|tansine|mafodotin|vedotin|govitecan|deruxtecan)))?(?-u:\b)",
    )
    .expect("valid INN regex")
});

/// Capitalised words that open a parenthesis but are no brands.
const NOT_BRANDS: &[&str] = &[
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
static BRAND_PLAIN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([A-Z][A-Za-z0-9-]{2,})\s?\(").expect("valid brand regex")
});

/// Brands: a capitalised word marked ™ or ®.
static BRAND_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)([A-Z][A-Za-z0-9-]{2,})\s?[™®]").expect("valid brand regex")
});

fn is_code(word: &str) -> bool {
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

fn name_mentions(ctx: &Ctx) -> Vec<NameMention> {
    let text = ctx.text();
    let mut out = Vec::new();
    // "CLDN18.2" is a target, whose "CLDN18" must not read as a sponsor code; a target
    // inside a code ("AR" of "AR-W1779") does not unmake the code.
    let targets = target_mentions(text);
    let in_target = |s: usize, e: usize| {
        let at = targets.partition_point(|t| t.1 < e);
        targets.get(at).is_some_and(|t| t.0 <= s)
    };
    for m in CODE_RE.find_iter(text) {
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
    for m in INN_RE.find_iter(text) {
        if in_url(text, m.start()) {
            continue;
        }
        let word = m.as_str();
        // Generic nouns that happen to end like an INN stem.
        if ["platin", "taxel"].contains(&word.to_ascii_lowercase().as_str()) {
            continue;
        }
        out.push(NameMention {
            text: word.to_owned(),
            kind: NameKind::Inn,
            start: m.start(),
            end: m.end(),
        });
    }
    out.sort_by_key(|m| m.start);
    out
}

fn in_url(text: &str, pos: usize) -> bool {
    let head = text.get(..pos).unwrap_or("");
    let word_start = head.rfind(char::is_whitespace).map(|i| i + 1).unwrap_or(0);
    let word = text.get(word_start..).unwrap_or("");
    let word = word.split(char::is_whitespace).next().unwrap_or("");
    word.contains("://") || word.contains(".html") || word.contains(".htm") || word.contains("www.")
}

/// A parenthesis right after a drug name that gives other names of the same drug.
static PAREN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s?\(([^()]{2,120})\)").expect("valid"));

/// "X R&D code: Y", "code name: Y", "also known as Y", "formerly Y".
static ALIAS_LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^\s*(?:(?P<company>[A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,2})(?:'s)?\s+)?
          (?:R&D\s+code|research\s+code|development\s+code|code\s+name|code|also\s+known\s+as|formerly(?:\s+known\s+as)?|generic\s+name|brand\s+name|trade\s+name|INN)
          \s*[:：]?\s*(?P<name>.+)$",
    )
    .expect("valid")
});

static ALSO_KNOWN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,?\s+(?:also\s+known\s+as|formerly(?:\s+known\s+as)?|a\.k\.a\.?)\s+")
        .expect("valid")
});

// ---------------------------------------------------------------------------------------------
// Companies.

const SUFFIXES: &str = r"Inc\.?|Ltd\.?|Limited|Co\.,?\s?Ltd\.?|Corporation|Corp\.?|plc|PLC|AG|SA|S\.A\.|GmbH|LLC|Holdings|Biologics|Biosciences|Bioscience|Biotherapeutics|Therapeutics|Pharmaceuticals?|Pharma|Biopharma(?:ceuticals?)?|Biotech(?:nology)?|Biolabs|BioLabs|Bio|Oncology|Medicines|Laboratories|Labs|Sciences|Group|Healthcare|Biomedical|Biopharmaceutical";

static COMPANY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)(?-u:\b)(?P<name>(?:[A-Z][A-Za-z0-9&'-]*\s){{0,3}}(?i:{SUFFIXES})(?-u:\b)(?:,?\s(?:Inc|Ltd|Co\.,?\s?Ltd|Corp|plc|LLC)\.?)?)(?:-[A-Z](?-u:\b))?"
    ))
    .expect("valid company regex")
});

static SHORT_NAME_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s?\(\s?"([A-Z][A-Za-z0-9 &-]{1,30})"\s?\)"#).expect("valid"));

static APPOSITIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)(?-u:\b)(?P<name>[A-Z][A-Za-z0-9&]+(?:\s[A-Z][A-Za-z0-9&]+){0,2}),\s(?:a|an|the)\s(?:[\w-]+\s){0,5}?
          (?:company|CDMO|CRO|CMO|biotech|biotechnology\scompany|biopharmaceutical\scompany|pharmaceutical\scompany|organization|organisation|manufacturer|developer)(?-u:\b)",
    )
    .expect("valid")
});

/// The subject of an announcement: "-- Zymeworks today announced", "Acme Bio announced that".
static ANNOUNCER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|--\s*|\s-\s|\)\s)(?P<name>[A-Z][A-Za-z0-9&]+(?:\s[A-Z][A-Za-z0-9&]+){0,3}),?\s+(?:\([^()]{0,40}\)\s*)*(?:today\s+)?(?:announced|announces|reported|reports)(?-u:\b)")
        .expect("valid")
});

/// The other side of a deal: "a license agreement with Zymeworx", "acquired by Mercer".
static COUNTERPARTY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:agreement|partnership|collaboration|deal|alliance|licen[cs]e)\s+with\s+(?P<name>[A-Z][A-Za-z0-9&]+(?:\s[A-Z][A-Za-z0-9&]+){0,3})|(?:licensed\s+to|acquired\s+by)\s+(?P<name2>[A-Z][A-Za-z0-9&]+(?:\s[A-Z][A-Za-z0-9&]+){0,3})")
        .expect("valid")
});

static STOCK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?-u:\b)(?P<name>[A-Z][A-Za-z0-9&]+(?:\s[A-Z][A-Za-z0-9&]+){0,3})(?:-[A-Z])?\s?\((?:(?:HKEX|SSE|SZSE|NASDAQ|NYSE|SEHK|STAR|TSE|KOSDAQ|HK)\s?:\s?)?[A-Z0-9.]{3,8}(?:\.HK)?\)")
        .expect("valid")
});

/// Words a company regex can start with that are not part of a name.
const NOT_NAME_START: &[&str] = &[
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
];

fn clean_company(raw: &str) -> Option<String> {
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    while let Some(first) = words.first() {
        if NOT_NAME_START
            .iter()
            .any(|w| first.trim_end_matches("'s") == *w)
        {
            words.remove(0);
        } else {
            break;
        }
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

/// Legal-form tails dropped from display names: "Innovent Biologics, Inc." → "Innovent Biologics".
static CORPORATE_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:,?\s(?:Inc|Ltd|Co\.,?\s?Ltd|Co|Corp|LLC|plc|PLC|Limited)\.?|\sR&D|-[A-Z])+$")
        .expect("valid")
});

static SUFFIX_ONLY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?i:{SUFFIXES})$")).expect("valid"));

/// Find every company the document names.
pub(crate) fn companies(ctx: &Ctx) -> Companies {
    let text = ctx.text();
    let mut found: Vec<CompanyMention> = Vec::new();
    let mut canonical: BTreeMap<String, String> = BTreeMap::new();
    // Occupied spans (start → end), so an overlap check is a lookup, not a scan.
    let mut occupied: BTreeMap<usize, usize> = BTreeMap::new();
    let mut push = |found: &mut Vec<CompanyMention>, name: String, start: usize, end: usize| {
        let before = occupied
            .range(..end)
            .next_back()
            .is_some_and(|(_, e)| *e > start);
        if before {
            return;
        }
        occupied.insert(start, end);
        found.push(CompanyMention { name, start, end });
    };
    for c in COMPANY_RE.captures_iter(text) {
        let Some(m) = c.name("name") else { continue };
        // A drug code right before the suffix (JS212 Bio…) or a generic phrase is no company.
        let Some(name) = clean_company(m.as_str()) else {
            continue;
        };
        if name.split_whitespace().count() == 1
            && !name.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        let offset = m
            .as_str()
            .find(name.split_whitespace().next().unwrap_or(""))
            .unwrap_or(0);
        let start = m.start() + offset;
        // Its own short name: Innovent Biologics, Inc. ("Innovent").
        let after = text.get(m.end()..).unwrap_or("");
        if let Some(s) = SHORT_NAME_RE.captures(after).and_then(|s| s.get(1)) {
            canonical.insert(company_key(s.as_str()), name.clone());
        }
        canonical
            .entry(company_key(&name))
            .or_insert_with(|| name.clone());
        push(&mut found, name, start, m.end());
    }
    for re in [
        &*STOCK_RE,
        &*APPOSITIVE_RE,
        &*ANNOUNCER_RE,
        &*COUNTERPARTY_RE,
    ] {
        for c in re.captures_iter(text) {
            let Some(m) = c.name("name").or_else(|| c.name("name2")) else {
                continue;
            };
            let Some(name) = clean_company(m.as_str()) else {
                continue;
            };
            if name.split_whitespace().count() > 4 || crate::assets::is_drugish(&name) {
                continue;
            }
            let offset = m
                .as_str()
                .find(name.split_whitespace().next().unwrap_or(""))
                .unwrap_or(0);
            canonical
                .entry(company_key(&name))
                .or_insert_with(|| name.clone());
            push(&mut found, name, m.start() + offset, m.end());
        }
    }
    // Well-known names, and every later mention of a name already found (by its first word).
    let mut known: Vec<String> = KNOWN_COMPANIES.iter().map(|s| (*s).to_owned()).collect();
    for m in &found {
        if let Some(first) = m.name.split_whitespace().next() {
            if first.len() >= 4 {
                known.push(first.to_owned());
                canonical
                    .entry(company_key(first))
                    .or_insert_with(|| m.name.clone());
            }
        }
    }
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    known.dedup();
    // Built for each document over a handful of names: an NFA builds in a fraction of the time
    // a DFA takes, which dominated extraction over many small documents.
    let Ok(known_ac) = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .build(&known)
    else {
        found.sort_by_key(|m| m.start);
        return Companies {
            mentions: found,
            canonical,
        };
    };
    let bytes = text.as_bytes();
    for m in known_ac.find_iter(text) {
        let (start, end) = (m.start(), m.end());
        let boundary_before = start == 0
            || !bytes
                .get(start - 1)
                .is_some_and(|b| b.is_ascii_alphanumeric());
        let boundary_after = !bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric());
        if boundary_before && boundary_after {
            let Some(k) = known.get(m.pattern().as_usize()) else {
                continue;
            };
            let name = canonical
                .get(&company_key(k))
                .cloned()
                .unwrap_or_else(|| k.clone());
            push(&mut found, name, start, end);
        }
    }
    found.sort_by_key(|m| m.start);
    Companies {
        mentions: found,
        canonical,
    }
}

/// Whether a string looks like a drug name rather than a company.
pub(crate) fn is_drugish(s: &str) -> bool {
    CODE_RE.is_match(s) && s.split_whitespace().count() == 1 || INN_RE.is_match(s)
}

// ---------------------------------------------------------------------------------------------
// Pass 2 and 4: unify and describe.

/// Union-find over name strings (by lower-case key).
struct Groups {
    parent: Vec<usize>,
    keys: Vec<String>,
}

impl Groups {
    fn id(&mut self, name: &str) -> usize {
        let key = name.to_lowercase();
        if let Some(i) = self.keys.iter().position(|k| *k == key) {
            return i;
        }
        self.keys.push(key);
        self.parent.push(self.parent.len());
        self.parent.len() - 1
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    fn union(&mut self, a: &str, b: &str) {
        let (a, b) = (self.id(a), self.id(b));
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[rb] = ra;
        }
    }
}

/// Split a parenthesis into candidate names: "Opatisumimab, LBL-024" → both.
fn paren_names(inner: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for part in inner.split([',', ';']) {
        let part = part.trim();
        if let Some(c) = ALIAS_LABEL_RE.captures(part) {
            let company = c.name("company").map(|m| m.as_str().to_owned());
            if let Some(n) = c.name("name") {
                out.push((strip_marks(n.as_str()), company));
            }
        } else {
            out.push((strip_marks(part), None));
        }
    }
    out
}

fn strip_marks(s: &str) -> String {
    s.trim()
        .trim_end_matches(['™', '®', '©'])
        .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
        .to_owned()
}

fn single_name(s: &str) -> Option<NameKind> {
    let s = s.trim();
    if CODE_RE
        .find(s)
        .is_some_and(|m| m.start() == 0 && m.end() == s.len())
        && is_code(s)
    {
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

/// Extract the document's assets.
pub(crate) fn extract_assets(ctx: &mut Ctx, companies: &Companies) -> Vec<DocAsset> {
    let mut mentions = name_mentions(ctx);
    let text = ctx.text().to_owned();
    let mut groups = Groups {
        parent: Vec::new(),
        keys: Vec::new(),
    };
    let mut display: BTreeMap<String, (String, NameKind)> = BTreeMap::new();
    let mut partner_codes: Vec<(String, String)> = Vec::new();
    for m in &mentions {
        groups.id(&m.text);
        display
            .entry(m.text.to_lowercase())
            .or_insert((m.text.clone(), m.kind));
    }
    // Brands marked ™/® (or written before a parenthesis of INN and code, "TELVORA
    // (relatamab, LUM-101)") that the parenthesis ties to a code or INN.
    let mut brand_mentions = Vec::new();
    for c in BRAND_RE
        .captures_iter(&text)
        .chain(BRAND_PLAIN_RE.captures_iter(&text))
    {
        let Some(b) = c.get(1) else { continue };
        let Some(whole) = c.get(0) else { continue };
        // The parenthesis follows the mark, or the name itself for an unmarked brand.
        let after = text.get(whole.end()..).unwrap_or("");
        let after = if after.is_empty() || whole.as_str().ends_with('(') {
            text.get(b.end()..).unwrap_or("")
        } else {
            after
        };
        if let Some(p) = PAREN_RE.captures(after).and_then(|p| p.get(1)) {
            let names = paren_names(p.as_str());
            let word = b.as_str();
            let plain = !whole.as_str().contains(['™', '®']);
            let first_is_drug = names.first().is_some_and(|(n, _)| {
                matches!(single_name(n), Some(NameKind::Code | NameKind::Inn))
            });
            let generic = NOT_BRANDS.iter().any(|w| w.eq_ignore_ascii_case(word))
                || single_name(word).is_some_and(|k| k != NameKind::Brand)
                || is_target_word(word);
            if first_is_drug
                && !generic
                && !(plain
                    && brand_mentions
                        .iter()
                        .any(|(n, _, _): &(String, usize, usize)| n == word))
            {
                brand_mentions.push((word.to_owned(), b.start(), b.end()));
            }
        }
    }
    // Later mentions of a brand are mentions of its drug too.
    let mut brand_names: Vec<String> = brand_mentions.iter().map(|(n, _, _)| n.clone()).collect();
    brand_names.sort();
    brand_names.dedup();
    let mut seen_starts: std::collections::HashSet<usize> =
        brand_mentions.iter().map(|(_, s, _)| *s).collect();
    for name in &brand_names {
        for (i, _) in text.match_indices(name.as_str()) {
            let end = i + name.len();
            let bytes = text.as_bytes();
            let bounded = (i == 0 || !bytes.get(i - 1).is_some_and(|b| b.is_ascii_alphanumeric()))
                && !bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric());
            if bounded && seen_starts.insert(i) {
                brand_mentions.push((name.clone(), i, end));
            }
        }
    }
    for (name, start, end) in &brand_mentions {
        groups.id(name);
        display
            .entry(name.to_lowercase())
            .or_insert((name.clone(), NameKind::Brand));
        mentions.push(NameMention {
            text: name.clone(),
            kind: NameKind::Brand,
            start: *start,
            end: *end,
        });
    }
    mentions.sort_by_key(|m| m.start);
    // Aliases in the parenthesis after a name, or after "also known as".
    for m in &mentions {
        let mut after_pos = m.end;
        // Skip a ™/® right after the name.
        let rest = text.get(after_pos..).unwrap_or("");
        let skip = rest.len() - rest.trim_start_matches(['™', '®']).len();
        after_pos += skip;
        let after = text.get(after_pos..).unwrap_or("");
        if let Some(p) = PAREN_RE.captures(after).and_then(|p| p.get(1)) {
            for (name, company) in paren_names(p.as_str()) {
                let Some(kind) = single_name(&name) else {
                    continue;
                };
                if kind == NameKind::Brand
                    && !p.as_str().contains(['™', '®'])
                    && !p.as_str().to_lowercase().contains("brand")
                {
                    continue;
                }
                groups.union(&m.text, &name);
                display
                    .entry(name.to_lowercase())
                    .or_insert((name.clone(), kind));
                if let Some(co) = company {
                    if kind == NameKind::Code {
                        let co = CORPORATE_TAIL_RE.replace(&co, "").trim().to_owned();
                        partner_codes.push((name.clone(), companies.resolve(&co)));
                    }
                }
            }
        }
        if let Some(k) = ALSO_KNOWN_RE.find(after) {
            let tail = after.get(k.end()..).unwrap_or("");
            let word: String = tail
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-')
                .collect();
            if let Some(kind) = single_name(&word) {
                groups.union(&m.text, &word);
                display
                    .entry(word.to_lowercase())
                    .or_insert((word.clone(), kind));
            }
        }
    }
    // Collect groups.
    let mut by_root: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let keys = groups.keys.clone();
    for (i, key) in keys.iter().enumerate() {
        let root = groups.find(i);
        by_root.entry(root).or_default().push(key.clone());
    }
    let mut assets: Vec<DocAsset> = Vec::new();
    for (_, members) in by_root {
        let mut names: Vec<(String, NameKind, usize)> = members
            .iter()
            .filter_map(|k| {
                let (name, kind) = display.get(k)?.clone();
                let first = mentions
                    .iter()
                    .find(|m| m.text.to_lowercase() == *k)
                    .map(|m| m.start)
                    .unwrap_or(usize::MAX);
                Some((name, kind, first))
            })
            .collect();
        let partner: Vec<String> = names
            .iter()
            .filter(|(n, _, _)| partner_codes.iter().any(|(c, _)| c == n))
            .map(|(n, _, _)| n.clone())
            .collect();
        // Canonical: the sponsor's code (not a partner's), then INN, then brand; first mention first.
        names.sort_by_key(|(n, kind, first)| (partner.contains(n), *kind, *first));
        let mut asset = DocAsset {
            names: names.iter().map(|(n, _, _)| n.clone()).collect(),
            ..DocAsset::default()
        };
        let lower: Vec<String> = asset.names.iter().map(|n| n.to_lowercase()).collect();
        asset.mentions = mentions
            .iter()
            .filter(|m| lower.contains(&m.text.to_lowercase()))
            .map(|m| (m.start, m.end))
            .collect();
        let has_code = names.iter().any(|(_, k, _)| *k == NameKind::Code);
        asset.comparator = !has_code;
        for (code, company) in &partner_codes {
            if lower.contains(&code.to_lowercase()) {
                push_company(&mut asset.companies, company, "partner");
            }
        }
        if !asset.mentions.is_empty() {
            assets.push(asset);
        }
    }
    // Without any code, the INN or brand the document is about is the subject, not a comparator.
    if !assets.iter().any(|a| !a.comparator) {
        let subject = assets
            .iter()
            .enumerate()
            .filter(|(_, a)| is_subject(&text, a))
            .max_by_key(|(_, a)| a.mentions.len())
            .map(|(i, _)| i);
        if let Some(i) = subject {
            if let Some(a) = assets.get_mut(i) {
                a.comparator = false;
            }
        }
    }
    assets.sort_by_key(|a| a.mentions.first().map(|m| m.0).unwrap_or(usize::MAX));
    for a in &mut assets {
        describe(ctx, a, companies);
    }
    assets
}

/// An INN or brand that the document introduces itself ("About X", "X is a …").
fn is_subject(text: &str, a: &DocAsset) -> bool {
    a.names.iter().any(|n| {
        text.contains(&format!("About {n}"))
            || text.contains(&format!("{n} is a"))
            || text.contains(&format!("{n} is an"))
            || text.contains(&format!("{n}, a "))
    })
}

fn push_company(list: &mut Vec<CompanyRole>, name: &str, role: &str) {
    const RANK: &[&str] = &["developer", "licensee", "manufacturer", "partner"];
    let rank = |r: &str| RANK.iter().position(|x| *x == r).unwrap_or(RANK.len());
    let key = company_key(name);
    if let Some(existing) = list.iter_mut().find(|c| company_key(&c.name) == key) {
        if rank(role) < rank(&existing.role) {
            existing.role = role.to_owned();
        }
        return;
    }
    list.push(CompanyRole {
        name: name.to_owned(),
        role: role.to_owned(),
    });
}

/// Modality phrases, most specific first, with their vocabulary term.
static MODALITY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?P<bsadc>bispecific\s+(?:antibody[-\s]drug\s+conjugates?|ADCs?))
      | (?P<bsfp>bispecific\s+(?:antibody\s+)?fusion\s+proteins?)
      | (?P<tsab>tri-?specific\s+(?:antibod(?:y|ies)|T[-\s]cell\s+engagers?))
      | (?P<bstce>bispecific\s+T[-\s]cell\s+engagers?)
      | (?P<bsab>bi-?specific\s+(?:monoclonal\s+)?antibod(?:y|ies)|(?-u:\b)bsAb(?-u:\b))
      | (?P<adc>antibody[-\s]drug\s+conjugates?|(?-u:\b)ADCs?(?-u:\b))
      | (?P<mab>monoclonal\s+antibod(?:y|ies)|(?-u:\b)mAbs?(?-u:\b))
      | (?P<fp>fusion\s+proteins?)
      | (?P<sm>small[-\s]molecule|(?-u:\b)(?:kinase|tyrosine\s+kinase)\s+inhibitors?(?-u:\b))
      | (?P<cell>CAR[-\s]?T(?-u:\b)|cell\s+therapy)
      | (?P<rlt>radioligand|radiopharmaceutical|radioconjugate)
      | (?P<sirna>(?-u:\b)siRNA(?-u:\b)|RNAi\s+therapeutic)
      | (?P<vaccine>(?-u:\b)vaccines?(?-u:\b))
      | (?P<degrader>(?-u:\b)degraders?(?-u:\b)|(?-u:\b)PROTAC(?-u:\b))
      | (?P<tce>T[-\s]cell\s+engagers?)
      | (?P<ab>(?-u:\b)antibod(?:y|ies)(?-u:\b))",
    )
    .expect("valid modality regex")
});

fn modality_term(c: &regex::Captures) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("bsadc", "bispecific ADC"),
        ("bsfp", "bispecific fusion protein"),
        ("tsab", "trispecific antibody"),
        ("bstce", "bispecific T-cell engager"),
        ("bsab", "bispecific antibody"),
        ("adc", "ADC"),
        ("mab", "monoclonal antibody"),
        ("fp", "fusion protein"),
        ("sm", "small molecule"),
        ("cell", "cell therapy"),
        ("rlt", "radioligand"),
        ("sirna", "siRNA"),
        ("vaccine", "vaccine"),
        ("degrader", "degrader"),
        ("tce", "T-cell engager"),
        ("ab", "antibody"),
    ];
    NAMES
        .iter()
        .find(|(g, _)| c.name(g).is_some())
        .map(|(_, n)| *n)
}

/// Modality from an INN's stem when the text says nothing better.
fn modality_from_inn(name: &str) -> Option<&'static str> {
    let n = name.to_lowercase();
    if n.contains(' ') && (n.ends_with("tecan") || n.ends_with("dotin") || n.ends_with("tansine")) {
        Some("ADC")
    } else if n.ends_with("mab") {
        Some("monoclonal antibody")
    } else if [
        "tinib", "ciclib", "parib", "rafenib", "lisib", "degib", "zomib",
    ]
    .iter()
    .any(|s| n.ends_with(s))
    {
        Some("small molecule")
    } else if [
        "platin", "taxel", "rubicin", "trexed", "citabine", "mustine", "tecan",
    ]
    .iter()
    .any(|s| n.ends_with(s))
    {
        Some("chemotherapy")
    } else if n.ends_with("cept") {
        Some("fusion protein")
    } else {
        None
    }
}

static CLAIM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(first-in-class|best-in-class|world's\s+first|global\s+first)(?-u:\b)")
        .expect("valid")
});

static MECHANISM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(functions?\s+by|works\s+by|acts\s+by|is\s+designed\s+to|by\s+(?:simultaneously\s+)?(?:both\s+)?(?:blocking|binding|targeting|inhibiting|activating|degrading))")
        .expect("valid")
});

static TARGETING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:simultaneously\s+|dual[-\s])?(?:targets?|targeting|directed\s+against)(?-u:\b)|(?-u:\b)anti-")
        .expect("valid")
});

/// "Novaris Oncology's NVX-310": the company right before a drug name, possessive.
static POSSESSIVE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][\w&.-]*(?:\s[A-Z][\w&.-]*){0,3}'s\s+([A-Za-z0-9-]+)").expect("valid")
});

static DEVELOPED_BY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:(?-u:\b)(?:independently\s+)?(?:developed|discovered|invented|originated)\s+by|sponsor(?:ed\s+by)?\s*:?|(?:antibody|conjugate|inhibitor|protein|engager|therapy|candidate|drug|ADC|molecule)\s+from)\s+$",
    )
    .expect("valid")
});

/// Gather modality, targets, mechanism, claims, companies and evidence from the units that
/// name the asset, or that follow an "About <asset>" heading.
fn describe(ctx: &Ctx, a: &mut DocAsset, companies: &Companies) {
    let text = ctx.text();
    let lower_names: Vec<String> = a.names.iter().map(|n| n.to_lowercase()).collect();
    let mut about_line: Option<usize> = None;
    let mut best_modality: Option<(usize, &'static str)> = None;
    let mut evidence_units: Vec<usize> = Vec::new();
    let mut mechanism_rank: Option<u8> = None;
    for (ui, u) in ctx.units.iter().enumerate() {
        let ut = ctx.unit_text(u);
        let names_here: Vec<(usize, usize)> = crate::doc::spans_within(&a.mentions, u.start, u.end)
            .map(|(s, e)| (s - u.start, e - u.start))
            .collect();
        let is_heading = ut.starts_with("About ")
            && lower_names
                .iter()
                .any(|n| ut.to_lowercase().contains(n.as_str()));
        if is_heading {
            about_line = Some(u.line);
        }
        let in_about = about_line.is_some_and(|l| u.line == l + 1 || (u.line == l && !is_heading));
        if evidence_units.len() < 2 && !names_here.is_empty() {
            evidence_units.push(ui);
        }
        // Registry outcome lists describe measurements ("anti-drug antibodies"), not the drug.
        if (names_here.is_empty() && !in_about && !is_heading) || u.kind == UnitKind::ListItem {
            continue;
        }
        // Modality: the phrase nearest a name; a definitional sentence wins by coming first.
        for c in MODALITY_RE.captures_iter(ut) {
            let Some(m) = c.get(0) else { continue };
            let Some(term) = modality_term(&c) else {
                continue;
            };
            let dist = names_here
                .iter()
                .map(|(s, e)| {
                    if m.start() >= *e {
                        m.start() - e
                    } else {
                        s.saturating_sub(m.end())
                    }
                })
                .min()
                .unwrap_or(200);
            if dist > 120 {
                continue;
            }
            // A plural generic ("Unlike conventional ADCs") describes the class, not this drug.
            let before = ut.get(..m.start()).unwrap_or("").to_lowercase();
            if before.ends_with("conventional ")
                || before.ends_with("traditional ")
                || before.ends_with("other ")
                || before.ends_with("anti-drug ")
            {
                continue;
            }
            let better = match best_modality {
                None => true,
                Some((d, t)) => {
                    specificity(term) > specificity(t) && dist < 120 && d >= dist.saturating_sub(60)
                }
            };
            if better {
                best_modality = Some((dist, term));
            }
        }
        // Targets: a list right before a modality word, or after "targeting".
        for t in definitional_targets(ut) {
            if !a.targets.contains(&t) {
                a.targets.push(t);
            }
        }
        for c in CLAIM_RE.captures_iter(ut) {
            let Some(m) = c.get(1) else { continue };
            let near = names_here.iter().any(|(s, _)| s.abs_diff(m.start()) < 150)
                || is_heading
                || in_about;
            let claim = m
                .as_str()
                .to_lowercase()
                .replace("global first", "first-in-class");
            if near && !a.claims.contains(&claim) {
                a.claims.push(claim);
            }
        }
        // Mechanism: the About section's description wins over a quote in a press statement.
        if MECHANISM_RE.is_match(ut)
            && ut.len() < 400
            && !ut.contains(" stated")
            && !ut.contains(" said")
        {
            let rank = if in_about || is_heading { 0 } else { 1 };
            if mechanism_rank.is_none_or(|r| rank < r) {
                a.mechanism = Some(ctx.unit_evidence(u).quote.trim().to_owned());
                mechanism_rank = Some(rank);
            }
        }
        // Companies tied to this drug.
        for (pos, name) in companies.within(u.start, u.end) {
            let rel = pos - u.start;
            let before = ut.get(..rel).unwrap_or("");
            let window = ut.to_lowercase();
            let after = ut.get(rel..).unwrap_or("");
            let possessive = POSSESSIVE_RE
                .captures(after)
                .and_then(|c| c.get(1))
                .is_some_and(|m| {
                    lower_names
                        .iter()
                        .any(|n| m.as_str().to_lowercase().starts_with(n.as_str()))
                });
            if DEVELOPED_BY_RE.is_match(before) || possessive {
                push_company(&mut a.companies, &name, "developer");
            } else if window.contains("cdmo")
                || window.contains("manufactur")
                || window.contains(" cmo")
            {
                if window.contains("development and manufacturing")
                    || window.contains("cdmo")
                    || window.contains("manufacturing support")
                {
                    push_company(&mut a.companies, &name, "manufacturer");
                }
            } else if (window.contains("licens")
                || window.contains("co-develop")
                || window.contains("collaborat")
                || window.contains("partner"))
                && !a.comparator
            {
                push_company(&mut a.companies, &name, "partner");
            }
        }
    }
    if let Some((_, term)) = best_modality {
        a.modality = Some(term.to_owned());
    } else {
        a.modality = a
            .names
            .iter()
            .find_map(|n| modality_from_inn(n))
            .map(str::to_owned);
    }
    // The announcing company develops the document's own drugs unless the text says otherwise.
    if !a.comparator && !a.companies.iter().any(|c| c.role == "developer") {
        if let Some(announcer) = companies.announcer() {
            static ANNOUNCES_RE: LazyLock<Regex> = LazyLock::new(|| {
                Regex::new(r"(?i)^[^.]{0,160}?(?-u:\b)(?:announced|announces|presented|presents|reported|reports|said|unveiled|shared|received|obtained|entered|signed|completed|initiated|dosed|launched)(?-u:\b)").expect("valid")
            });
            let announces = companies
                .mentions
                .first()
                .is_some_and(|m| ANNOUNCES_RE.is_match(text.get(m.end..).unwrap_or("")));
            let owns = announces
                || text.contains("Sponsor:")
                || text.contains("sponsored by")
                || text.contains("its ")
                || text.contains("the company")
                || text.contains("The company")
                || text.contains("'s ");
            if owns {
                push_company(&mut a.companies, &announcer, "developer");
            }
        }
    }
    a.companies.sort_by_key(|c| c.role != "developer");
    for ui in evidence_units {
        if let Some(u) = ctx.units.get(ui) {
            let ev = ctx.unit_evidence(u);
            if !a.evidence.contains(&ev) {
                a.evidence.push(ev);
            }
        }
    }
}

fn specificity(term: &str) -> u8 {
    match term {
        "bispecific ADC"
        | "bispecific fusion protein"
        | "trispecific antibody"
        | "bispecific T-cell engager" => 3,
        "bispecific antibody"
        | "ADC"
        | "monoclonal antibody"
        | "fusion protein"
        | "small molecule" => 2,
        "antibody" => 0,
        _ => 1,
    }
}

/// "KRAS G12D inhibitor", "EGFR exon 20 insertion inhibitor": the drug's own mechanism names
/// the target within the next four words of its phrase. A plural ("after CDK4/6 inhibitors")
/// is a drug class, usually prior therapy, and a cue further on belongs to another phrase.
fn inhibitor_follows(after: &str) -> bool {
    let phrase = after.split([',', '.', ';', '(', ')']).next().unwrap_or("");
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .any(|w| w.eq_ignore_ascii_case("inhibitor") || w.eq_ignore_ascii_case("agonist"))
}

/// Targets a unit states as a drug's: "PD-1/IL-2α-bias bispecific", "targeting EGFR and HER3".
pub(crate) fn definitional_targets(unit: &str) -> Vec<String> {
    let mentions = target_mentions(unit);
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: &str| {
        if !out.iter().any(|x| x == t) {
            out.push(t.to_owned());
        }
    };
    // Chains of targets joined by "/", " x ", "and", ",", "-".
    let mut i = 0;
    while i < mentions.len() {
        let mut j = i;
        while j + 1 < mentions.len() {
            let gap = unit.get(mentions[j].1..mentions[j + 1].0).unwrap_or("x");
            let g = gap.trim();
            if matches!(
                g,
                "/" | "x"
                    | "×"
                    | "and"
                    | ","
                    | "-"
                    | "+"
                    | "&"
                    | "and human"
                    | ") and"
                    | ") and human"
            ) || gap.is_empty()
            {
                j += 1;
            } else {
                break;
            }
        }
        let chain = &mentions[i..=j];
        let after = unit.get(mentions[j].1..).unwrap_or("");
        let before = unit.get(..mentions[i].0).unwrap_or("");
        let after_window: String = after.chars().take(40).collect();
        let before_window: String = before
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let modality_after = MODALITY_RE.find(&after_window).is_some_and(|m| {
            after_window
                .get(..m.start())
                .is_some_and(|g| !g.contains(['.', ';']) && g.split_whitespace().count() <= 3)
        }) || after_window.trim_start().starts_with("-bias")
            || after_window
                .trim_start()
                .to_lowercase()
                .starts_with("-targeting")
            || inhibitor_follows(after);
        let targeting_before = TARGETING_RE
            .find_iter(&before_window)
            .last()
            .is_some_and(|m| before_window.len() - m.end() <= 4);
        if modality_after || targeting_before {
            for (_, _, name) in chain {
                push(name);
            }
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (name, aliases, companies with roles) of the drugs a paragraph names.
    fn check_assets(text: &str, expected: &[(&str, &[&str], &[&str])]) {
        let mut ctx = Ctx::new("d", "d.txt", text);
        let cos = companies(&ctx);
        let got: Vec<(String, Vec<String>, Vec<String>)> = extract_assets(&mut ctx, &cos)
            .into_iter()
            .filter(|a| !a.comparator)
            .map(|a| {
                let cs = a
                    .companies
                    .iter()
                    .map(|c| format!("{}/{}", c.name, c.role))
                    .collect();
                let mut names = a.names.clone();
                let name = names.remove(0);
                (name, names, cs)
            })
            .collect();
        let want: Vec<(String, Vec<String>, Vec<String>)> = expected
            .iter()
            .map(|(n, al, cs)| {
                (
                    (*n).into(),
                    al.iter().map(|s| (*s).into()).collect(),
                    cs.iter().map(|s| (*s).into()).collect(),
                )
            })
            .collect();
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn assets_names_and_companies_by_rule() {
        check_assets(
            "Velesin™ (Opatisumimab, LBL-024), a bispecific antibody from Leads Biolabs, was dosed.",
            &[("LBL-024", &["Opatisumimab", "Velesin"], &["Leads Biolabs/developer"])],
        );
        check_assets(
            "BOSTON -- Zymeworx today announced data for ZW-881 (Pfizer R&D code: PF-0771).",
            &[(
                "ZW-881",
                &["PF-0771"],
                &["Zymeworx/developer", "Pfizer/partner"],
            )],
        );
        check_assets(
            "The FDA has approved TELVA (relatamab, LUM-101), developed by Lumora Therapeutics, Inc.",
            &[("LUM-101", &["relatamab", "TELVA"], &["Lumora Therapeutics/developer"])],
        );
        check_assets(
            "Acme Bio entered into an exclusive license agreement with Zymeworx for AB-77, a PD-1 antibody.",
            &[("AB-77", &[], &["Acme Bio/developer", "Zymeworx/partner"])],
        );
        // Regression: "CLDN18.2" is a target, not a drug "CLDN18".
        check_assets(
            "AB-12, a CLDN18.2-targeting ADC from Acme Bio, was dosed.",
            &[("AB-12", &[], &["Acme Bio/developer"])],
        );
        check_assets(
            "AR-W1779, an AR inhibitor from Acme Bio, was dosed.",
            &[("AR-W1779", &[], &["Acme Bio/developer"])],
        );
        // The 2022 antibody stems: an ADC on -tug is one name, not a payload named alone.
        check_assets(
            "YL-4398 (ripolutug mafodotin), an ADC from Acme Bio, was dosed.",
            &[("YL-4398", &["ripolutug mafodotin"], &["Acme Bio/developer"])],
        );
        // Abstract numbers and years are no drug codes.
        check_assets("Abstract CT118 at ASCO2025 reported nothing new.", &[]);
    }

    fn check_targets(unit: &str, expected: &[&str]) {
        assert_eq!(definitional_targets(unit), expected, "{unit}");
    }

    #[test]
    fn targets_come_from_definitions() {
        check_targets(
            "its first-in-class PD-1/IL-2α-bias bispecific fusion protein",
            &["PD-1", "IL-2Rα"],
        );
        check_targets(
            "a PD-L1/4-1BB bispecific antibody, for TNBC",
            &["PD-L1", "4-1BB"],
        );
        check_targets(
            "an ADC simultaneously targeting EGFR and HER3 in tumors",
            &["EGFR", "HER3"],
        );
        check_targets("a CD137 x ERBB3 bispecific antibody", &["4-1BB", "HER3"]);
        check_targets("blocking the PD-1/PD-L1 pathway", &[]);
        check_targets("patients with PD-L1 TPS < 1%", &[]);
        check_targets("a small-molecule KRAS G12D inhibitor", &["KRAS G12D"]);
        check_targets("an oral EGFR exon 20 insertion inhibitor", &["EGFR"]);
        check_targets("a CD40 selective agonist antibody", &["CD40"]);
        // Regression: a class of prior therapy, or a cue further on, is not the drug's target.
        check_targets(
            "a CDK2 inhibitor in HR+/HER2- breast cancer after CDK4/6 inhibitors",
            &[],
        );
        check_targets("a CD123 x CD3 bispecific antibody", &["CD123", "CD3"]);
    }

    fn check_code(word: &str, expected: bool) {
        assert_eq!(is_code(word), expected, "{word}");
    }

    #[test]
    fn codes_exclude_targets_years_and_trial_words() {
        check_code("IBI363", true);
        check_code("LBL-024", true);
        check_code("SHR-A1811", true);
        check_code("CD137", false);
        check_code("ASCO2025", false);
        check_code("COVID-19", false);
    }
}
