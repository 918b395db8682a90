//! Assets and companies of one document.
//!
//! Passes: (1) find drug names ([`names`]) — sponsor codes (`IBI363`, `LBL-024`), INNs by
//! their stems (`-mab`, `-tinib` …), brands marked ™/® when the text ties them to a code or
//! INN; (2) unify names the text says are one drug ("Velesin™ (Opatisumimab, LBL-024)",
//! "(Takeda R&D code: TAK-928)", "also known as") — this module; (3) find companies
//! ([`companies`]: corporate suffixes, stock codes, appositions such as "BioDlink, a global
//! CDMO", a table of well-known names); (4) describe each drug from the sentences that name it
//! ([`describe`]: modality, targets, mechanism, claims, companies and their roles).

mod companies;
mod describe;
mod names;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use atlas_model::{Asset, CompanyRole, Evidence};

use crate::doc::Ctx;
use crate::vocab::is_target_word;
use companies::CORPORATE_TAIL_RE;
use describe::describe;
use names::{
    name_mentions, paren_names, single_name, NameKind, NameMention, ALSO_KNOWN_RE, BRAND_PLAIN_RE,
    BRAND_RE, NOT_BRANDS, PAREN_RE,
};

pub(crate) use companies::{companies, company_key, is_drugish, Companies};

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
