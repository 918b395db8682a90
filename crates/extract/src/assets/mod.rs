//! Assets and companies of one document.
//!
//! Passes: (1) find drug names ([`names`]) — sponsor codes (`IBI363`, `LBL-024`), INNs by
//! their stems (`-mab`, `-tinib` …), brands marked ™/® when the text ties them to a code or
//! INN; (2) unify names the text says are one drug ("Velesin™ (Opatisumimab, LBL-024)",
//! "(Takeda R&D code: TAK-928)", "also known as") — this module; (3) find companies
//! ([`companies`]: corporate suffixes, stock codes, appositions such as "BioDlink, a global
//! CDMO", a table of well-known names); (4) describe each drug from the sentences that name it
//! ([`describe`]: modality, targets, mechanism, claims, companies and their roles).

mod apposed;
mod companies;
mod describe;
mod names;
mod roles;
mod targets;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use atlas_model::{Asset, CompanyRole, Evidence};

use crate::doc::Ctx;
use crate::vocab::is_target_word;
use companies::CORPORATE_TAIL_RE;
use describe::describe;
use names::{
    is_short_form, name_mentions, paren_names, single_name, NameKind, NameMention, ALIAS_LABEL_RE,
    ALSO_KNOWN_RE, BRAND_PLAIN_RE, BRAND_RE, NOT_BRANDS, PAREN_RE,
};
use roles::deal_counterparties;

pub(crate) use companies::{clean_company, companies, company_key, Companies};

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

/// Name strings unified into drugs while the passes run.
struct Unifier {
    groups: Groups,
    /// Lower-case key → display spelling and kind.
    display: BTreeMap<String, (String, NameKind)>,
    /// A code a partner's label names: (code, company).
    partner_codes: Vec<(String, String)>,
    /// A company a parenthesis names beside the drug: (name, company).
    paren_developers: Vec<(String, String)>,
}

impl Unifier {
    fn add(&mut self, name: &str, kind: NameKind) {
        self.groups.id(name);
        let entry = self
            .display
            .entry(name.to_lowercase())
            .or_insert((name.to_owned(), kind));
        // An INN is shown as the text writes it in running prose, not as a headline does.
        if kind == NameKind::Inn && name.chars().all(|c| !c.is_uppercase()) {
            entry.0 = name.to_owned();
        }
    }

    fn alias(&mut self, of: &str, name: &str, kind: NameKind) {
        self.groups.union(of, name);
        self.display
            .entry(name.to_lowercase())
            .or_insert((name.to_owned(), kind));
    }
}

/// Extract the document's assets.
pub(crate) fn extract_assets(ctx: &mut Ctx, companies: &Companies) -> Vec<DocAsset> {
    let text = ctx.text().to_owned();
    // A word the text names as a company ("Halvorsen will acquire …") is no drug, whatever
    // stem it ends in.
    let mut mentions: Vec<NameMention> = name_mentions(ctx)
        .into_iter()
        .filter(|m| m.kind == NameKind::Code || companies.within(m.start, m.end).is_empty())
        .collect();
    let coined = apposed::apposed_inns(&text);
    let mut u = Unifier {
        groups: Groups {
            parent: Vec::new(),
            keys: Vec::new(),
        },
        display: BTreeMap::new(),
        partner_codes: Vec::new(),
        paren_developers: Vec::new(),
    };
    for m in &mentions {
        u.add(&m.text, m.kind);
    }
    for (name, start, end) in brand_mentions(&text, &coined) {
        u.add(&name, NameKind::Brand);
        mentions.push(NameMention {
            text: name,
            kind: NameKind::Brand,
            start,
            end,
        });
    }
    mentions.sort_by_key(|m| m.start);
    let short_forms = unify_aliases(&text, &mentions, companies, &coined, &mut u);
    // Later mentions of a shortened name the text defined ("Satri-cel showed") are the drug's.
    for short in &short_forms {
        let capital = capitalised(short);
        for variant in [short.as_str(), capital.as_str()] {
            for (start, end) in occurrences(&text, variant) {
                if !mentions.iter().any(|m| m.start == start) {
                    mentions.push(NameMention {
                        text: variant.to_owned(),
                        kind: NameKind::Short,
                        start,
                        end,
                    });
                }
            }
        }
    }
    mentions.sort_by_key(|m| m.start);
    near_duplicates(ctx, &mentions, &mut u);
    let mut assets = collect_assets(&mentions, &mut u);
    mark_subjects(&text, &mut assets, &short_forms);
    assets.sort_by_key(|a| a.mentions.first().map(|m| m.0).unwrap_or(usize::MAX));
    let all: Vec<Vec<(usize, usize)>> = assets.iter().map(|a| a.mentions.clone()).collect();
    for (i, a) in assets.iter_mut().enumerate() {
        let mut others: Vec<(usize, usize)> = all
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, m)| m.iter().copied())
            .collect();
        others.sort_unstable();
        describe(ctx, a, companies, &others);
    }
    deal_counterparties(ctx, companies, &mut assets);
    assets
}

/// Brands marked ™/® (or written before a parenthesis of INN and code, "TELVORA (relatamab,
/// LUM-101)") that the parenthesis ties to a code or INN, and every later mention of them.
fn brand_mentions(text: &str, coined: &[String]) -> Vec<(String, usize, usize)> {
    let mut found: Vec<(String, usize, usize)> = Vec::new();
    for c in BRAND_RE
        .captures_iter(text)
        .chain(BRAND_PLAIN_RE.captures_iter(text))
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
        let after = skip_product_tail(after);
        let Some(p) = PAREN_RE.captures(after).and_then(|p| p.get(1)) else {
            continue;
        };
        let names = paren_names(p.as_str());
        let word = b.as_str();
        let plain = !whole.as_str().contains(['™', '®']);
        let first_is_drug = names.first().is_some_and(|(n, _)| {
            matches!(kind_of(n, coined), Some(NameKind::Code | NameKind::Inn))
        });
        let generic = NOT_BRANDS.iter().any(|w| w.eq_ignore_ascii_case(word))
            || single_name(word).is_some_and(|k| k != NameKind::Brand)
            || is_target_word(word);
        if first_is_drug && !generic && !(plain && found.iter().any(|(n, _, _)| n == word)) {
            found.push((word.to_owned(), b.start(), b.end()));
        }
    }
    let mut names: Vec<String> = found.iter().map(|(n, _, _)| n.clone()).collect();
    names.sort();
    names.dedup();
    let mut seen: std::collections::HashSet<usize> = found.iter().map(|(_, s, _)| *s).collect();
    for name in &names {
        for (start, end) in occurrences(text, name) {
            if seen.insert(start) {
                found.push((name.clone(), start, end));
            }
        }
    }
    found
}

/// A name's kind, counting the INNs the text sets beside another name as INNs.
fn kind_of(name: &str, coined: &[String]) -> Option<NameKind> {
    if coined.iter().any(|c| c.eq_ignore_ascii_case(name.trim())) {
        return Some(NameKind::Inn);
    }
    single_name(name)
}

/// A product's dosage form and strength after its brand: "Capsules 200 mg ", "for Injection ".
static PRODUCT_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s(?:(?:for\s+)?(?:Capsules?|Tablets?|Injection|Infusion|Oral\s+Solution|Oral\s+Suspension|Granules|Powder|Cream|Ointment|Gel|Film-coated\s+Tablets?)\s?)?(?:\d+(?:\.\d+)?\s?(?:mg|mcg|µg|g|mL|IU|mg/mL)\s?)?")
        .expect("valid")
});

/// "ELUNZO® Capsules 200 mg (generic name: …; development code: …)": a product's form and
/// strength may stand between a brand and its labelled names; the text from that parenthesis.
fn skip_product_tail(after: &str) -> &str {
    match PRODUCT_TAIL_RE.find(after) {
        Some(t) => {
            let rest = after.get(t.end()..).unwrap_or("");
            if t.end() > 0 && labelled(rest) {
                rest
            } else {
                after
            }
        }
        None => after,
    }
}

/// Whether a parenthesis opening `s` labels a name ("generic name: …", "code: …").
fn labelled(s: &str) -> bool {
    PAREN_RE
        .captures(s)
        .and_then(|p| p.get(1))
        .is_some_and(|p| {
            p.as_str()
                .split([',', ';'])
                .any(|part| ALIAS_LABEL_RE.is_match(part.trim()))
        })
}

/// Whole-word occurrences of `name` in `text`.
fn occurrences(text: &str, name: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    text.match_indices(name)
        .map(|(i, _)| (i, i + name.len()))
        .filter(|&(i, end)| {
            (i == 0 || !bytes.get(i - 1).is_some_and(|b| b.is_ascii_alphanumeric()))
                && !bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric())
        })
        .collect()
}

fn capitalised(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().collect::<String>() + cs.as_str(),
        None => String::new(),
    }
}

/// Aliases in the parenthesis after a name, or after "also known as"; returns the shortened
/// INNs defined, whose later mentions the caller collects.
fn unify_aliases(
    text: &str,
    mentions: &[NameMention],
    companies: &Companies,
    coined: &[String],
    u: &mut Unifier,
) -> Vec<String> {
    let mut short_forms = Vec::new();
    for m in mentions {
        // Skip a ™/® right after the name.
        let rest = text.get(m.end..).unwrap_or("");
        let after_pos = m.end + rest.len() - rest.trim_start_matches(['™', '®']).len();
        let after = text.get(after_pos..).unwrap_or("");
        let skipped = skip_product_tail(after);
        let (after_pos, after) = (after_pos + after.len() - skipped.len(), skipped);
        if let Some(p) = PAREN_RE.captures(after).and_then(|p| p.get(1)) {
            let inner = p.as_str();
            let start = after_pos + p.start();
            // "zongertinib (Hernexeos, Acme Pharmaceuticals, Inc.)": brand and maker.
            let makers = companies.within(start, start + inner.len());
            for (name, company) in paren_names(inner) {
                if m.kind == NameKind::Inn && is_short_form(&name, &m.text) {
                    u.alias(&m.text, &name, NameKind::Short);
                    short_forms.push(name);
                    continue;
                }
                let Some(kind) = kind_of(&name, coined) else {
                    continue;
                };
                let is_maker = makers.iter().any(|(_, c)| name.starts_with(c.as_str()))
                    || companies.resolve(&name) != name;
                let brand_cue = inner.contains(['™', '®'])
                    || inner.to_lowercase().contains("brand")
                    || (!makers.is_empty() && !is_maker)
                    || (m.kind == NameKind::Inn && apposed::coined_brand(inner.trim()));
                if kind == NameKind::Brand && (!brand_cue || is_maker) {
                    continue;
                }
                u.alias(&m.text, &name, kind);
                if let (Some(co), NameKind::Code) = (company, kind) {
                    let co = CORPORATE_TAIL_RE.replace(&co, "").trim().to_owned();
                    u.partner_codes.push((name.clone(), companies.resolve(&co)));
                }
                if kind == NameKind::Brand {
                    for (_, co) in &makers {
                        u.paren_developers.push((m.text.clone(), co.clone()));
                    }
                }
            }
        }
        if let Some(brand) = apposed::marketed_as(text, m.end, mentions) {
            u.alias(&m.text, &brand, NameKind::Brand);
        }
        if let Some(k) = ALSO_KNOWN_RE.find(after) {
            let tail = after.get(k.end()..).unwrap_or("");
            let word: String = tail
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-')
                .collect();
            if let Some(kind) = single_name(&word) {
                u.alias(&m.text, &word, kind);
            }
        }
    }
    short_forms
}

/// A code written twice in one document, once with a character dropped or added ("ABC1234"
/// beside "ABC12345"), is one drug: the rarer spelling becomes an alias, with a warning.
/// Codes one substitution apart (HXN-1002, HXN-1003) are sibling drugs and stay apart.
fn near_duplicates(ctx: &mut Ctx, mentions: &[NameMention], u: &mut Unifier) {
    let mut codes: Vec<(String, usize, usize)> = Vec::new();
    for m in mentions.iter().filter(|m| m.kind == NameKind::Code) {
        match codes.iter_mut().find(|(t, _, _)| *t == m.text) {
            Some(c) => c.1 += 1,
            None => codes.push((m.text.clone(), 1, m.start)),
        }
    }
    for (i, (a, na, _)) in codes.iter().enumerate() {
        for (b, nb, b_pos) in codes.iter().skip(i + 1) {
            if !one_char_apart(a, b) {
                continue;
            }
            let (keep, variant, pos) = if nb > na { (b, a, 0) } else { (a, b, *b_pos) };
            u.groups.union(keep, variant);
            ctx.warn(
                Some(pos),
                format!("{variant:?} taken as a variant spelling of {keep:?}"),
            );
        }
    }
}

/// Whether one code is the other with one character inserted, on a shared letter prefix and
/// at least three digits.
pub(super) fn one_char_apart(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 || short.chars().filter(char::is_ascii_digit).count() < 3 {
        return false;
    }
    let prefix = |s: &str| {
        s.chars()
            .take_while(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    if prefix(short) != prefix(long) {
        return false;
    }
    (0..long.len()).any(|i| {
        long.is_char_boundary(i)
            && long
                .get(..i)
                .zip(long.get(i + 1..))
                .is_some_and(|(h, t)| short.get(..i) == Some(h) && short.get(i..) == Some(t))
    })
}

/// One [`DocAsset`] per group of names, canonical name first.
fn collect_assets(mentions: &[NameMention], u: &mut Unifier) -> Vec<DocAsset> {
    let mut by_root: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let keys = u.groups.keys.clone();
    for (i, key) in keys.iter().enumerate() {
        let root = u.groups.find(i);
        by_root.entry(root).or_default().push(key.clone());
    }
    let mut assets: Vec<DocAsset> = Vec::new();
    for (_, members) in by_root {
        let mut names: Vec<(String, NameKind, usize)> = members
            .iter()
            .filter_map(|k| {
                let (name, kind) = u.display.get(k)?.clone();
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
            .filter(|(n, _, _)| u.partner_codes.iter().any(|(c, _)| c == n))
            .map(|(n, _, _)| n.clone())
            .collect();
        // Canonical: the sponsor's code (not a partner's), then INN, then brand; first mention
        // first. A code mentioned more often wins over a variant spelling of it.
        let count = |n: &str| mentions.iter().filter(|m| m.text == n).count();
        names.sort_by_key(|(n, kind, first)| {
            (
                partner.contains(n),
                *kind,
                std::cmp::Reverse(count(n)),
                *first,
            )
        });
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
        asset.comparator = !names.iter().any(|(_, k, _)| *k == NameKind::Code);
        for (code, company) in &u.partner_codes {
            if lower.contains(&code.to_lowercase()) {
                push_company(&mut asset.companies, company, "partner");
            }
        }
        for (name, company) in &u.paren_developers {
            if lower.contains(&name.to_lowercase()) {
                push_company(&mut asset.companies, company, "developer");
            }
        }
        if !asset.mentions.is_empty() {
            assets.push(asset);
        }
    }
    assets
}

/// An INN or brand the text presents as the drug under study ("a trial of X", "investigational
/// X", a short form it defines) is no comparator. Without any such drug or code, the one the
/// document introduces ("About X", "X is a …"), or else its most-named drug that is not
/// chemotherapy, is the subject.
fn mark_subjects(text: &str, assets: &mut [DocAsset], short_forms: &[String]) {
    for a in assets.iter_mut() {
        let defines_short = a.names.iter().any(|n| short_forms.contains(n));
        if a.comparator && (defines_short || studied(text, a)) {
            a.comparator = false;
        }
    }
    if assets.iter().any(|a| !a.comparator) {
        return;
    }
    let not_chemo = |a: &DocAsset| {
        a.names
            .iter()
            .all(|n| describe::modality_from_inn(n) != Some("chemotherapy"))
    };
    let subject = assets
        .iter()
        .enumerate()
        .filter(|(_, a)| is_subject(text, a))
        .max_by_key(|(_, a)| a.mentions.len())
        .or_else(|| {
            assets
                .iter()
                .enumerate()
                .filter(|(_, a)| not_chemo(a))
                .max_by_key(|(_, a)| a.mentions.len())
        })
        .map(|(i, _)| i);
    if let Some(a) = subject.and_then(|i| assets.get_mut(i)) {
        a.comparator = false;
    }
}

/// A company's possessive right before the name: "Castellane Health's Norvexa".
static OWNER_BEFORE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Z][A-Za-z0-9&.-]*'s\s$").expect("valid"));

/// A company's possessive over a description of the drug right before its name: "Tianmu
/// Pharma's KRAS G12C inhibitor quelvorasib", "Castelmont Bio's irreversible HER2 tyrosine
/// kinase inhibitor nirvetinib".
static OWNER_CLASS_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z][A-Za-z0-9&.-]*'s\s(?:[\w/+().-]+\s){0,7}?(?:inhibitor|antibody|ADC|conjugate|agonist|antagonist|engager|bispecific|degrader|vaccine|candidate|siRNA|oligonucleotide|molecule|therapy|drug|analogue|analog|peptide|protein)\s$")
        .expect("valid")
});

/// The issuer's own drug named after it: "Yunlitai® (ferolimab), the Company's anti-PD-1".
static OWNER_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[™®]?\s?(?:\([^()]{1,60}\))?,\s(?:the\s[Cc]ompany's|its|our)\s").expect("valid")
});

/// "trial of X", "study of X", "investigational X", "evaluating X", "X, an investigational",
/// "our <class> X" (the issuer's own drug).
fn studied(text: &str, a: &DocAsset) -> bool {
    let ours = a.mentions.iter().any(|(start, end)| {
        let head = text.get(start.saturating_sub(60)..*start).unwrap_or("");
        let clause = head.rsplit(['.', ';', ',']).next().unwrap_or("");
        let long_head = text.get(start.saturating_sub(120)..*start).unwrap_or("");
        let described = long_head
            .rsplit(['.', ';', ',', '\n'])
            .next()
            .is_some_and(|c| OWNER_CLASS_BEFORE_RE.is_match(c));
        let tail = text.get(*end..).unwrap_or("");
        clause.starts_with("our ")
            || clause.contains(" our ")
            || OWNER_BEFORE_RE.is_match(head)
            || described
            || OWNER_AFTER_RE.is_match(tail)
    });
    if ours {
        return true;
    }
    a.names.iter().any(|n| {
        [
            "trial of ",
            "study of ",
            "investigational ",
            "evaluating ",
            "evaluating the combination of ",
        ]
        .iter()
        .any(|cue| text.contains(&format!("{cue}{n}")))
            || text.contains(&format!("{n}, an investigational"))
            // Agencies designate and approve the drug under development, never a comparator.
            || [
                "designation to ",
                "designation for ",
                "approved ",
                "approval of ",
                "approval for ",
                "granted ",
            ]
            .iter()
            .any(|cue| text.contains(&format!("{cue}{n}")))
            || [" received ", " was granted ", " has been granted ", " was approved "]
                .iter()
                .any(|cue| text.contains(&format!("{n}{cue}")))
    })
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
    // "Novaris Oncology" and "Novaris Oncology AG" are one company.
    let same = |other: &str| {
        let other = company_key(other);
        let (short, long) = if other.len() < key.len() {
            (other.as_str(), key.as_str())
        } else {
            (key.as_str(), other.as_str())
        };
        short == long || (short.len() >= 6 && long.starts_with(short))
    };
    if let Some(existing) = list.iter_mut().find(|c| same(&c.name)) {
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
