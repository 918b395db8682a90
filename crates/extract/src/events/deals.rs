//! Deals: licences, options, collaborations and co-development, acquisitions — one deal event
//! per drug the deal covers, with its parties, type, territory and money terms.
//!
//! A deal sentence names a deal ("licence agreement", "licensed to", "deal with", "acquired
//! by", "completed its acquisition of") and its parties: the companies it names, less places
//! and aliases in parentheses ("Merck (known as MSD …)"). When it names one party only
//! ("The drug was licensed to Orca Bio"), the other is the drug's owner — the company whose
//! possessive names it ("Vela Bio's VX-1"), else its developer. "X has licence agreements with
//! A and B" is one deal per counterparty. The drugs are those the sentence names (not as a
//! combination partner), else the one a pronoun refers to, else those the next sentences
//! name (a deal announced first and described after), else the document's only drug.

use std::sync::LazyLock;

use atlas_model::{Event, EventKind};
use regex::Regex;

use super::dates::nearest_date;
use super::sentences::{clause_at, clauses};
use super::terms::deal_terms;
pub(super) use super::terms::{add_terms, terms_only};
use super::words::{AGENCY_AC, NOT_PARTIES};
use super::{new_event, Env};
use crate::doc::Ctx;

static DEAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(licen[cs]e(?:\s+and\s+\w+)?\s+agreements?|licensing\s+(?:agreement|deal|pact)|exclusive\s+(?:global\s+|worldwide\s+)?licen[cs]e|collaboration\s+(?:and\s+licen[cs]e\s+)?agreement|co-develop\w*|co-commerciali[sz]\w*|acqui(?:re|red|res|sition)(?-u:\b)|merger\s+agreement|option\s+agreement|exclusive\s+option|option\s+to\s+(?:licen[cs]e|acquire)|strategic\s+(?:collaboration|partnership)|(?:collaboration|partnership)\s+with|out-licens\w*|in-licens\w*|licensed\s+(?:to|from)|(?:deal|pact)\s+with|exclusive\s+(?:[A-Za-z-]+\s+){0,3}?rights|(?:licen[cs](?:ed|ing)|sold|granted|transferred)\s+(?:[A-Za-z-]+\s+){0,3}?rights|licen[cs]ed\s+(?:[\w-]+\s+){1,3}?from\s+(?-i:[A-Z])|option\s+fee|(?:pay(?:s|ing)?|paid)\s+(?:(?-i:[A-Z])[\w&.'-]*\s+){0,4}?(?:an?\s+)?(?:US\$|USD\s?|\$|RMB\s?|EUR\s?|€|£)\s?\d+(?:[.,]\d+)?\s?(?:million|billion|bn|mn|m)\s+(?:upfront|up-front))")
        .expect("valid")
});

/// "acquired resistance" is biology, not a deal.
static ACQUIRED_BIOLOGY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^acquired\s+(?:resistance|mutations?|immun\w*|ha?emophilia|disease|thrombotic|tolerance)")
        .expect("valid")
});

/// Words before a deal that make it a plan or a rumour.
static DEAL_HYPOTHETICAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:may|might|could|would|[Pp]lans?\s+to|[Ii]ntends?\s+to|seek\w*|exploring|in\s+talks|considering|[Rr]umou?r\w*)(?-u:\b)")
        .expect("valid")
});

/// Verbs of deal headlines, capitalised like the names around them.
const HEADLINE_VERBS: &[&str] = &[
    "Acquires",
    "Completes",
    "Signs",
    "Inks",
    "Licenses",
    "Licences",
    "Announces",
    "Enters",
    "To",
    "Buys",
    "Closes",
    "With",
];

/// A deal is signed, entered, announced or completed; a bare "acquire" of data is none.
const DEAL_CONFIRM: &[&str] = &[
    "agreement",
    "enter",
    "sign",
    "inks",
    "inked",
    "acqui",
    "deal",
    "pact",
    "licensed",
    "option",
    "rights",
    "upfront",
    "up-front",
];

/// Rights a party keeps are no deal: "Orca retains rights in China".
static RETAINS_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)retain(?:s|ed|ing)?(?-u:\b)").expect("valid"));

/// "acquired (exclusive) rights to" is a licence, not a takeover.
static RIGHTS_AFTER_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\w*\s+(?:[\w-]+\s+){0,3}?rights(?-u:\b)").expect("valid"));

/// What a headline says when it announces a deal.
const DEAL_HEADLINE: &[&str] = &[
    "licens",
    "deal",
    "acqui",
    "agreement",
    "collaborat",
    "partner",
    "pact",
    "upfront",
];

/// Deal events of sentence `si`; returns the indices of the drafts it added.
pub(super) fn deal(ctx: &mut Ctx, env: &Env, si: usize, drafts: &mut Vec<Event>) -> Vec<usize> {
    let Some(sent) = env.sentences.get(si) else {
        return Vec::new();
    };
    let base = sent.start;
    let ut = ctx
        .text()
        .get(sent.start..sent.end)
        .unwrap_or("")
        .to_owned();
    let Some(kind_m) = DEAL_RE
        .find_iter(&ut)
        .find(|m| !ACQUIRED_BIOLOGY_RE.is_match(ut.get(m.start()..).unwrap_or("")))
    else {
        return Vec::new();
    };
    let lower = ut.to_lowercase();
    if !DEAL_CONFIRM.iter().any(|w| lower.contains(w))
        || DEAL_HYPOTHETICAL_RE.is_match(ut.get(..kind_m.start()).unwrap_or(""))
        || RETAINS_RE.is_match(
            ut.get(kind_m.start().saturating_sub(30)..kind_m.start())
                .unwrap_or(""),
        )
    {
        return Vec::new();
    }
    let mut parties = parties(ctx, env, base, &ut);
    for p in phrase_parties(env, base, &ut) {
        if !parties.iter().any(|(_, n)| same_party(n, &p.1)) {
            parties.push(p);
        }
    }
    parties.sort();
    // "Vela has $1.2 billion in cash; Orca out-licensed OB-1 to Tern": the deal is the
    // semicolon part its trigger stands in, when that part names a party.
    let part = semicolon_part(&ut, kind_m.start());
    if parties
        .iter()
        .any(|(p, _)| (base + part.0..base + part.1).contains(p))
    {
        parties.retain(|(p, _)| (base + part.0..base + part.1).contains(p));
    }
    let mut subjects = env.subjects_of(ctx.text(), si, (base + part.0, base + part.1), true);
    if subjects.is_empty() {
        // The parties are the deal's facts; a drug the rules cannot name stays unknown rather
        // than guessed.
        subjects.push(None);
    }
    let k = kind_m.as_str().to_lowercase();
    let rights_after = k.starts_with("acquire")
        && RIGHTS_AFTER_RE.is_match(ut.get(kind_m.start()..).unwrap_or(""));
    let deal_type = if k.contains("licen") || k.contains("rights") || rights_after {
        "licence"
    } else if k.contains("co-develop") || k.contains("co-commerc") {
        "co-development"
    } else if k.contains("acqui") || k.contains("merger") {
        "acquisition"
    } else if k.contains("option") {
        "option"
    } else if k.contains("upfront") || k.contains("up-front") {
        upfront_deal_type(env, ctx.text(), si)
    } else {
        "collaboration"
    };
    if deal_type == "acquisition" {
        subjects.retain(Option::is_some);
        add_acquired_pipeline(ctx.text(), &ut, env, &parties, &mut subjects);
        if subjects.is_empty() {
            subjects.push(None);
        }
    }
    let terms = deal_terms(ctx, base, &ut, deal_type);
    let clause = clause_at(&clauses(&ut), kind_m.start());
    let date = nearest_date(ctx, base, &ut, (kind_m.start(), kind_m.end()), clause)
        .or_else(|| env.doc_date.news_date(ctx, base, &ut, DEAL_HEADLINE));
    let groups = party_groups(&ut, base, kind_m.start(), &parties);
    let rule = deal_rule(deal_type, &k, groups.len(), subjects.len());
    let mut added = Vec::new();
    for asset in &subjects {
        for group in &groups {
            let mut names: Vec<String> = group.clone();
            if names.len() < 2 {
                let owner = asset.as_deref().and_then(|id| env.owner(ctx.text(), id));
                let announcer = env.companies.announcer().filter(|_| {
                    lower.contains("the company")
                        || lower.contains(" we ")
                        || lower.contains(" its ")
                });
                for extra in [owner, announcer].into_iter().flatten() {
                    if names.len() < 2 && !names.contains(&extra) {
                        names.insert(0, extra);
                    }
                }
            }
            let mut rule = rule.clone();
            if names.len() < 2 {
                let Some(earlier) = earlier_parties(drafts, &names, &lower) else {
                    continue;
                };
                names = earlier;
                rule.push_str(".earlier_parties");
            }
            let title = format!("{} {}", capitalise(deal_type), names.join(" – "));
            let mut ev = new_event(EventKind::Deal, asset.clone(), title, &rule);
            ev.parties = names;
            ev.terms = Some(terms.clone());
            ev.date = date.clone();
            ev.evidence.push(ctx.evidence(base, base + ut.len()));
            added.push(drafts.len());
            drafts.push(ev);
        }
    }
    added
}

/// The rule that stated a deal: its kind, the phrase when it is no deal word (rights granted,
/// an upfront payment), and whether it was split per party or per drug.
fn deal_rule(deal_type: &str, k: &str, groups: usize, subjects: usize) -> String {
    let rule_base = if deal_type == "acquisition" {
        "events.acquisition"
    } else {
        "events.deal"
    };
    let how = if k.contains("rights") {
        ".rights"
    } else if k.contains("upfront") || k.contains("up-front") {
        ".upfront"
    } else {
        ""
    };
    if groups > 1 {
        format!("{rule_base}_per_party{how}")
    } else if subjects > 1 {
        format!("{rule_base}_per_asset{how}")
    } else {
        format!("{rule_base}{how}")
    }
}

/// "X is also paying an option fee for Y": a deal that names one side only (`names`) is
/// between the parties of the document's latest deal holding that side.
fn earlier_parties(drafts: &[Event], names: &[String], lower: &str) -> Option<Vec<String>> {
    drafts
        .iter()
        .rev()
        .find(|e| {
            e.kind == EventKind::Deal
                && e.parties.len() == 2
                && names
                    .iter()
                    .all(|n| e.parties.iter().any(|p| same_party(n, p)))
                && (!names.is_empty() || lower.contains(" also "))
        })
        .map(|e| e.parties.clone())
}

/// The span of the semicolon-separated part of a sentence holding `at`.
fn semicolon_part(ut: &str, at: usize) -> (usize, usize) {
    let start = ut.get(..at).and_then(|h| h.rfind(';')).map_or(0, |i| i + 1);
    let end = ut
        .get(at..)
        .and_then(|t| t.find(';'))
        .map_or(ut.len(), |i| at + i);
    (start, end)
}

/// A company bought outright brings every drug it owns: "Valcourt to acquire Pellion" covers
/// the drug the sentence is about and each other drug the document gives Pellion ("Pellion
/// also brings PLN-355"). The bought company is the one the phrase names ("A to acquire B"),
/// else the party that owns a drug already covered, so the buyer's own drugs are never added.
fn add_acquired_pipeline(
    text: &str,
    ut: &str,
    env: &Env,
    parties: &[(usize, String)],
    subjects: &mut Vec<Option<String>>,
) {
    let is_party = |o: &String| parties.iter().any(|(_, p)| same_party(p, o));
    // "Halden to Acquire Tarn Biosciences": the phrase names the bought company, and the
    // buyer's own drugs are none of it; else the owners of the drugs the sentence names.
    let named = ACQUISITION_PHRASE_RE
        .captures(ut)
        .and_then(|c| c.name("b"))
        .and_then(|b| {
            let b = b.as_str().trim_end_matches(['.', ',']).trim();
            parties
                .iter()
                .find(|(_, p)| same_party(p, b))
                .map(|(_, p)| p.clone())
        });
    let bought: Vec<String> = match named {
        Some(b) => vec![b],
        None => subjects
            .iter()
            .flatten()
            .filter_map(|id| env.owner(text, id))
            .filter(is_party)
            .collect(),
    };
    if bought.is_empty() {
        return;
    }
    for asset in env.assets {
        let id = asset.id();
        if subjects.iter().flatten().any(|s| *s == id) {
            continue;
        }
        if env
            .owner(text, &id)
            .is_some_and(|o| bought.iter().any(|b| same_party(b, &o)))
        {
            subjects.push(Some(id));
        }
    }
}

/// The kind of a deal stated only by its upfront payment ("X is paying $90 million upfront
/// to get Y's antibodies"): what the sentence and the next two call it.
fn upfront_deal_type(env: &Env, text: &str, si: usize) -> &'static str {
    let said: String = env
        .sentences
        .iter()
        .skip(si)
        .take(3)
        .map(|s| text.get(s.start..s.end).unwrap_or("").to_lowercase())
        .collect();
    if said.contains("licen") || said.contains("rights") {
        "licence"
    } else if said.contains("acqui") {
        "acquisition"
    } else {
        "collaboration"
    }
}

/// The companies a deal sentence names, in order: places, regulators and aliases in
/// parentheses right after another party ("Merck (known as MSD …)", "(Sobi)") left out, and a
/// name the company patterns cut at its "&" ("Merck, Sharp & Dohme") joined again.
fn parties(ctx: &Ctx, env: &Env, base: usize, ut: &str) -> Vec<(usize, String)> {
    let text = ctx.text();
    let end = base + ut.len();
    let all = &env.companies.mentions;
    let from = all.partition_point(|m| m.start < base);
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for m in all
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(|m| m.start < end)
    {
        if m.end > end {
            continue;
        }
        if let Some(last) = spans.last_mut() {
            let gap = text.get(last.1..m.start).unwrap_or("");
            if gap.contains('&') && gap.len() <= 12 && !gap.contains(" and ") {
                last.1 = m.end;
                last.2 = text.get(last.0..m.end).unwrap_or("").to_owned();
                continue;
            }
        }
        let name = env.companies.resolve(&m.name);
        // "Oslo-based Tern Bio": the place is no part of the name; nor is a headline verb the
        // company patterns ran over ("Acquires Skyline Bio").
        let name = match name.split_once("-based ") {
            Some((place, rest)) if !place.contains(' ') && !rest.is_empty() => rest.to_owned(),
            _ => name,
        };
        let name = match name.split_once(' ') {
            Some((verb, rest)) if HEADLINE_VERBS.contains(&verb) && !rest.is_empty() => {
                rest.to_owned()
            }
            _ => name,
        };
        spans.push((m.start, m.end, name));
    }
    let mut out: Vec<(usize, String)> = Vec::new();
    for (start, _, name) in spans {
        // A place, a regulator, or a span the company patterns ran over a drug name
        // ("KT-5501 With Orca Pharmaceuticals") is no party.
        let is_place = NOT_PARTIES.iter().any(|p| p.eq_ignore_ascii_case(&name))
            || AGENCY_AC.find(&name).is_some()
            || env
                .assets
                .iter()
                .any(|a| a.names.iter().any(|n| name.contains(n.as_str())));
        let head = text
            .get(start.saturating_sub(20)..start)
            .unwrap_or("")
            .to_lowercase();
        let head = head.trim_end();
        let alias = !out.is_empty()
            && (head.ends_with('(') || head.ends_with("known as") || head.ends_with("(or"));
        if !is_place && !alias && !out.iter().any(|(_, n)| same_party(n, &name)) {
            out.push((start, name));
        }
    }
    out
}

/// Whether two spellings name one company: equal once case, punctuation and a legal suffix
/// are set aside, or one the leading words of the other ("Amberly Health", "Amberly Health
/// Ltd.").
pub(super) fn same_party(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.split_whitespace()
            .filter(|w| {
                let w = w
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                ![
                    "inc", "ltd", "co", "corp", "llc", "plc", "ag", "sa", "gmbh", "limited",
                ]
                .contains(&w.as_str())
            })
            .flat_map(|w| {
                w.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
            })
            .collect()
    };
    let (a, b) = (key(a), key(b));
    !a.is_empty() && !b.is_empty() && (a.starts_with(&b) || b.starts_with(&a))
}

/// Legal forms that stand alone once a comma splits a name.
const LEGAL_FORMS: &[&str] = &[
    "ltd", "inc", "co", "llc", "plc", "ag", "sa", "s.p.a", "spa", "n.v", "b.v", "gmbh", "corp",
    "limited", "k.k",
];

/// A company name as deal phrases write it: capitalised words.
const NAME: &str = r"[A-Z][A-Za-z0-9&.'-]*(?:\s+[A-Z][A-Za-z0-9&.'-]*){0,3}";

/// "<Acquirer> (has) completed (its) acquisition of <Target>", "<A> to acquire <B>", "<A>
/// acquires <B>".
static ACQUISITION_PHRASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?P<a>{NAME})\s+(?i:has\s+|have\s+)?(?:(?i:complete[ds]?|announce[ds]?|agreed\s+to|agrees\s+to|to)\s+(?i:its\s+|the\s+)?(?i:acquisition\s+of|acquire)|(?i:acquires|acquired))\s+(?P<b>{NAME})"))
        .expect("valid")
});

/// "<A> has licence agreements (for X) with <B> and <C>": the subject and the listed names.
static WITH_LIST_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^[\s\-*|\u{{2022}}]*(?P<a>{NAME})\s+(?i:has|have|signed|entered|announced|holds?)\s[^;]{{0,80}}?(?i:agreements?|deals?|pacts?|collaborations?|partnerships?)\s+(?:(?i:for)\s+[^,;]{{1,60}}?\s+)?(?i:with)\s+(?P<list>{NAME}(?:\s*,\s*{NAME})*(?:,?\s+and\s+{NAME})?)"))
        .expect("valid")
});

/// Parties read from the deal phrase itself, for companies the company patterns do not know
/// ("Genmab Completes Acquisition of ProfoundBio", "ADC has licence agreements with Sobi and
/// Tern Pharma"); a short name stands for the document's company it begins ("ADC" → "ADC
/// Therapeutics").
fn phrase_parties(env: &Env, base: usize, ut: &str) -> Vec<(usize, String)> {
    let mut names: Vec<(usize, &str)> = Vec::new();
    if let Some(c) = ACQUISITION_PHRASE_RE.captures(ut) {
        names.extend(
            [c.name("a"), c.name("b")]
                .into_iter()
                .flatten()
                .map(|m| (m.start(), m.as_str())),
        );
    } else if let Some(c) = WITH_LIST_RE.captures(ut) {
        if let Some(a) = c.name("a") {
            names.push((a.start(), a.as_str()));
        }
        if let Some(list) = c.name("list") {
            let mut at = list.start();
            for part in list.as_str().split(',').flat_map(|p| p.split(" and ")) {
                let name = part.trim();
                if let Some(off) = ut.get(at..).and_then(|t| t.find(name)) {
                    names.push((at + off, name));
                    at += off + name.len();
                }
            }
        }
    }
    names
        .into_iter()
        .map(|(start, name)| {
            // "Italy's Castelmonte Pharma S.p.A": cleaned as the company patterns clean a name.
            let clean = crate::assets::clean_company(name).unwrap_or_else(|| name.to_owned());
            let skip = name.find(clean.as_str()).unwrap_or(0);
            (start + skip, clean)
        })
        .map(|(start, name)| (start, name.trim_end_matches(['.', ',']).trim().to_owned()))
        .filter(|(_, name)| {
            !name.is_empty()
                && !NOT_PARTIES.iter().any(|p| p.eq_ignore_ascii_case(name))
                && AGENCY_AC.find(name).is_none()
                && !["The", "It", "This", "Company", "We"].contains(&name.as_str())
                // The legal form of a name a comma cut ("Yunqi Biotherapeutics Co., Ltd.").
                && !LEGAL_FORMS.contains(&name.trim_end_matches('.').to_ascii_lowercase().as_str())
                && !env
                    .assets
                    .iter()
                    .any(|a| a.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
        })
        .map(|(start, name)| {
            let full = env.company_names.iter().find(|full| {
                full.len() > name.len()
                    && full.starts_with(name.as_str())
                    && full.as_bytes().get(name.len()) == Some(&b' ')
            });
            (
                base + start,
                full.cloned().unwrap_or_else(|| name.to_owned()),
            )
        })
        .collect()
}

/// The parties of each deal a sentence states: all of them, or — "X has licence agreements
/// with A and B" — one group per counterparty listed after "with".
fn party_groups(
    ut: &str,
    base: usize,
    trigger: usize,
    parties: &[(usize, String)],
) -> Vec<Vec<String>> {
    let all = vec![parties.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>()];
    let Some(with) = ut
        .get(trigger..)
        .and_then(|t| t.find(" with "))
        .map(|w| base + trigger + w)
    else {
        return all;
    };
    let (before, after): (Vec<_>, Vec<_>) = parties.iter().partition(|(s, _)| *s < with);
    let Some(principal) = before.first() else {
        return all;
    };
    let listed = after.windows(2).all(|w| {
        let (Some(a), Some(b)) = (w.first(), w.get(1)) else {
            return false;
        };
        let gap = ut
            .get(a.0 - base + a.1.len().min(b.0 - a.0)..b.0 - base)
            .unwrap_or("x");
        let gap = gap.trim();
        gap.is_empty() || gap == "," || gap == "and" || gap == ", and" || gap == "as well as"
    });
    if after.len() < 2 || !listed {
        return all;
    }
    after
        .iter()
        .map(|(_, n)| vec![principal.1.clone(), n.clone()])
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_groups(ut: &str, names: &[&str], expected: &[&[&str]]) {
        let parties: Vec<(usize, String)> = names
            .iter()
            .map(|n| (ut.find(n).unwrap_or(0), (*n).to_owned()))
            .collect();
        let trigger = DEAL_RE.find(ut).map(|m| m.start()).unwrap_or(0);
        let got = party_groups(ut, 0, trigger, &parties);
        let want: Vec<Vec<String>> = expected
            .iter()
            .map(|g| g.iter().map(|s| (*s).to_owned()).collect())
            .collect();
        assert_eq!(got, want, "{ut}");
    }

    #[test]
    fn counterparties_listed_after_with_are_one_deal_each() {
        check_groups(
            "Vela has licence agreements for VX-1 with Orca and Tern Pharma for certain regions.",
            &["Vela", "Orca", "Tern Pharma"],
            &[&["Vela", "Orca"], &["Vela", "Tern Pharma"]],
        );
        check_groups(
            "Vela signed a licence agreement with Orca.",
            &["Vela", "Orca"],
            &[&["Vela", "Orca"]],
        );
    }

    #[test]
    fn deal_triggers() {
        let found = |s: &str| {
            DEAL_RE
                .find_iter(s)
                .find(|m| !ACQUIRED_BIOLOGY_RE.is_match(s.get(m.start()..).unwrap_or("")))
                .map(|m| m.as_str().to_owned())
        };
        assert_eq!(
            found("The drug was licensed to Orca for global development").as_deref(),
            Some("licensed to")
        );
        assert_eq!(
            found("penning a new deal with Orca").as_deref(),
            Some("deal with")
        );
        assert_eq!(
            found("Vela completed its acquisition of Orca").as_deref(),
            Some("acquisition")
        );
        assert_eq!(
            found("patients with acquired resistance to EGFR inhibitors"),
            None
        );
    }
}
