//! Which companies a drug belongs to, and in what role, from how the text ties them: "developed
//! by X", "X's <drug>" (also "X Therapeutics' drug", "X Co., Ltd. (SHE: 002422)'s drug" and
//! "X's <descriptor> candidates: A, B and C"), "announced by X", deal sentences naming the drug
//! (licence, collaboration, acquisition), the company that announces the news, and a registry
//! record's sponsor field. A sentence opening "The drug …" continues the previous one's drug.

use std::sync::LazyLock;

use atlas_model::CompanyRole;
use regex::Regex;

use super::companies::Companies;
use super::{push_company, DocAsset};
use crate::doc::Ctx;

/// "developed by", "announced by", "sponsored by", "an antibody from": the company follows.
static DEVELOPED_BY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?:independently\s+|initially\s+|originally\s+)?(?:developed|discovered|invented|originated)\s+by|sponsor(?:ed\s+by)?\s*:?)\s+$",
    )
    .expect("valid")
});

/// "an antibody from", "two bispecifics from Shanghai-based": the maker follows, unless the
/// sentence is about a licence or purchase ("in-licensed the ADC from X": X is its licensor).
static CLASS_FROM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:antibod(?:y|ies)|conjugates?|inhibitors?|proteins?|engagers?|therap(?:y|ies)|candidates?|drugs?|ADCs?|molecules?|bispecifics?|assets?|CAR-Ts?|CAR-NKs?|vaccines?|degraders?)\s+from\s+(?:[A-Z][\w.]*-based\s+)?$")
        .expect("valid")
});

/// "announced by X": the company announcing the drug's news; a comparator named beside it is
/// not its drug.
static ANNOUNCED_BY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:announced|reported|disclosed|presented)\s+by\s+$").expect("valid")
});

/// Right after a company: an optional parenthesis (stock code, short name) and a possessive.
/// A joint possessive reaches the first name too: "Vela Bio (NYSE: VB) and Orca's VX-1".
static POSSESSIVE_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\.?(?:\s?\([^()]{1,40}\))?(?:\s+and\s+(?:[A-Z][\w&-]*\s){0,3}[A-Z][\w&-]*(?:\s?\([^()]{1,40}\))?)?'s?\s")
        .expect("valid")
});

/// Words that end a possessive's reach: another clause, drug or party comes in.
static POSSESSIVE_STOP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:with|plus|versus|vs|against|over|combination|to|for|by|from|our|its|their|than|after|in|beats?|tops|outperforms?|bests|surpasses)(?-u:\b)|'s?\s|[.;]")
        .expect("valid")
});

/// Deal words: a company named beside the drug in such a sentence is a party to it.
static DEAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)licen[cs]|co-develop|collaborat|partner|acqui|rights\s+to|agreement|(?-u:\b)deals?(?-u:\b)|(?-u:\b)upfront(?-u:\b)|(?-u:\b)milestones?(?-u:\b)|(?-u:\b)option\s+fee").expect("valid")
});

/// A sentence that continues the previous sentence's drug.
pub(super) static ANAPHOR_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:The|This)\s+(?:drug|asset|candidate|compound|molecule|antibody|ADC|therapy|program|programme)(?-u:\b)")
        .expect("valid")
});

/// The drug taken up by its kind anywhere in a sentence: "in-licensed the ADC from X".
pub(super) static ANAPHOR_ANY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:the|this)\s+(?:drug|asset|candidate|compound|molecule|antibody|ADC|bispecific|conjugate|therapy|program|programme)(?-u:\b)")
        .expect("valid")
});

/// An announcement verb within the announcing company's sentence.
static ANNOUNCES_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\.?[^.\n]{0,160}?(?-u:\b)(?:announced|announces|presented|presents|will\s+present|is\s+pleased\s+to\s+announce|reported|reports|said|unveiled|shared|received|obtained|entered|signed|completed|initiated|dosed|launched)(?-u:\b)").expect("valid")
});

/// The company presenting the drug's news in the same sentence ("X presented results of Y").
static PRESENTS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\.?[^.\n]{0,80}?(?-u:\b)(?:announced|announces|presented|presents|reported|reports|will\s+present|said|says|is\s+developing)(?-u:\b)")
        .expect("valid")
});

/// A registry record's sponsor field: "Sponsor: X", or the label alone on its line and the
/// name on the next.
static SPONSOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:(?:Lead\s+)?Sponsor|Legal\s+entity\s+responsible\s+for\s+the\s+study|Funding)[ \t]*:?[ \t]*(?:\r?\n[ \t]*)?(?P<name>[^\n]+)")
        .expect("valid")
});

/// One unit as the role rules see it.
pub(super) struct UnitView<'a> {
    pub text: &'a str,
    pub start: usize,
    /// Spans of the drug's names, relative to the unit.
    pub names_here: &'a [(usize, usize)],
}

/// Companies a unit ties to the drug. `refers` says the unit continues the drug's previous
/// sentence ("The drug was licensed to X").
pub(super) fn tie_companies(
    u: &UnitView,
    refers: bool,
    comparator: bool,
    companies: &Companies,
    list: &mut Vec<CompanyRole>,
) {
    let lower = u.text.to_lowercase();
    let named = !u.names_here.is_empty() || refers;
    for (pos, end, name) in companies.mentions_within(u.start, u.start + u.text.len()) {
        let rel = pos - u.start;
        let end = end - u.start;
        let before = u.text.get(..rel).unwrap_or("");
        let announced_by = !comparator && ANNOUNCED_BY_RE.is_match(before);
        // "Heronsgate Cell Therapies presented results of <drug>": the presenter's drug.
        let presents = !comparator
            && !u.names_here.is_empty()
            && u.names_here.iter().all(|(s, _)| *s > end)
            && PRESENTS_RE.is_match(u.text.get(end..).unwrap_or(""));
        let before_lower = before.to_lowercase();
        let from_maker = (CLASS_FROM_RE.is_match(before) || named_from(u, rel))
            && !before_lower.contains("licens")
            && !before_lower.contains("acqui");
        if DEVELOPED_BY_RE.is_match(before)
            || announced_by
            || presents
            || possessive(u, rel, end)
            || from_maker
        {
            push_company(list, &name, "developer");
        } else if lower.contains("cdmo")
            || lower.contains(" cmo")
            // "rights to develop, manufacture and commercialize" is a licence, not a CMO.
            || (lower.contains("manufactur") && !DEAL_RE.is_match(&lower))
        {
            if lower.contains("development and manufacturing")
                || lower.contains("cdmo")
                || lower.contains("manufacturing support")
            {
                push_company(list, &name, "manufacturer");
            }
        } else if DEAL_RE.is_match(&lower) && (!comparator || named) {
            let role = if before.trim_end().to_lowercase().ends_with("licensed to") {
                "licensee"
            } else {
                "partner"
            };
            push_company(list, &name, role);
        }
    }
}

/// "HY-0925 from Hengyuan Biopharma": the drug's name, "from", then the company at `rel`.
fn named_from(u: &UnitView, rel: usize) -> bool {
    let before = u.text.get(..rel).unwrap_or("");
    let Some(head) = FROM_SEAT_RE
        .find(before)
        .map(|m| before.get(..m.start()).unwrap_or(""))
    else {
        return false;
    };
    u.names_here.iter().any(|(_, e)| *e == head.len())
}

/// " from " and an optional seat ("Shanghai-based ") right before a company.
static FROM_SEAT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+from\s+(?:[A-Z][\w.]*-based\s+)?$").expect("valid"));

/// Whether the company ending at `end` (unit-relative) owns, by a possessive, a drug name that
/// follows it in the same phrase, or heads a list of such names.
fn possessive(u: &UnitView, rel: usize, end: usize) -> bool {
    let after = u.text.get(end..).unwrap_or("");
    let Some(tail) = POSSESSIVE_TAIL_RE.find(after) else {
        return false;
    };
    // "HBR-62, Halbrook Bio's gene therapy": the possessive in the drug's apposition.
    let apposed = u.text.get(..rel).is_some_and(|b| b.ends_with(", "))
        && u.names_here.iter().any(|(_, e)| *e + 2 == rel);
    if apposed {
        return true;
    }
    let from = end + tail.end();
    let Some(&(first, _)) = u.names_here.iter().find(|(s, _)| *s >= from) else {
        return false;
    };
    let gap = u.text.get(from..first).unwrap_or("");
    // "Orvane Therapeutics' BLA for ORV-92": a filing for the drug is the company's own.
    let gap = FILING_FOR_RE
        .find(gap)
        .map_or(gap, |m| gap.get(m.end()..).unwrap_or(""));
    gap.len() <= 160 && !POSSESSIVE_STOP_RE.is_match(gap)
}

/// A filing the possessive names before the drug it is for.
static FILING_FOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:s?BLA|s?NDA|MAA|IND|(?:marketing\s+)?application|filing|submission)\s+for\s+")
        .expect("valid")
});

/// The company that announces the news develops the document's own drugs unless the text says
/// otherwise: every company named before the verb of the announcing sentence nearest before
/// the drug's first mention, or else the first one ("Roche unit Genentech announces"), else the first company named when the document is its own
/// ("its", "the company", a sponsor field, the only company it names).
pub(super) fn announcers(text: &str, companies: &Companies, first_mention: usize) -> Vec<String> {
    // In a round-up each item has its own announcer: the one nearest before the drug.
    let announcing: Vec<_> = companies
        .mentions
        .iter()
        .filter(|m| ANNOUNCES_RE.is_match(text.get(m.end..).unwrap_or("")))
        .collect();
    let announcing = announcing
        .iter()
        .rev()
        .find(|m| m.start < first_mention)
        .or(announcing.first())
        .copied();
    if let Some(m) = announcing {
        let line_start = text
            .get(..m.start)
            .and_then(|h| h.rfind(['.', '\n']))
            .map_or(0, |i| i + 1);
        let mut out: Vec<String> = Vec::new();
        for (_, name) in companies.within(line_start, m.end) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        return out;
    }
    for sponsor in SPONSOR_RE
        .captures_iter(text)
        .filter_map(|c| c.name("name"))
    {
        let named = companies.within(sponsor.start(), sponsor.end());
        if let Some((_, name)) = named.into_iter().next() {
            return vec![name];
        }
    }
    let owns = text.contains("sponsored by")
        || text.contains("its ")
        || text.contains("the company")
        || text.contains("The company")
        || text.contains("'s ");
    // A document naming one company only (a registry page's sponsor line) is about its drugs.
    let mut distinct: Vec<String> = companies
        .mentions
        .iter()
        .map(|m| companies.resolve(&m.name))
        .collect();
    distinct.sort();
    distinct.dedup();
    match companies.announcer() {
        Some(first) if owns || distinct.len() == 1 => vec![first],
        _ => Vec::new(),
    }
}

/// "Sanofi pens a deal with Earendil Labs … The rights cover X and Y": a deal sentence that
/// names companies but no drug makes its companies partners of the document's own drugs,
/// when it has few (a pipeline update's many drugs are not all in one deal).
pub(super) fn deal_counterparties(ctx: &Ctx, companies: &Companies, assets: &mut [DocAsset]) {
    let own = assets.iter().filter(|a| !a.comparator).count();
    if own == 0 || own > 3 {
        return;
    }
    let mut mentions: Vec<(usize, usize)> = assets
        .iter()
        .flat_map(|a| a.mentions.iter().copied())
        .collect();
    mentions.sort_unstable();
    let mut parties: Vec<String> = Vec::new();
    // A deal sentence right after one naming a drug continues that drug's deal ("… rights to
    // YH-217. Yunhe received an upfront payment …"): it is no deal of every drug.
    let mut after_named = false;
    for u in &ctx.units {
        let named_drug = crate::doc::spans_within(&mentions, u.start, u.end)
            .next()
            .is_some();
        let continues = std::mem::replace(&mut after_named, named_drug);
        let ut = ctx.unit_text(u);
        if named_drug || continues || ANAPHOR_START_RE.is_match(ut) || !DEAL_RE.is_match(ut) {
            continue;
        }
        for (_, name) in companies.within(u.start, u.end) {
            if !parties.contains(&name) {
                parties.push(name);
            }
        }
    }
    if parties.len() < 2 {
        return;
    }
    for a in assets.iter_mut().filter(|a| !a.comparator) {
        for p in &parties {
            push_company(&mut a.companies, p, "partner");
        }
    }
}
