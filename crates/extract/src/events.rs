//! Regulatory events, deals and milestones of one document.
//!
//! Passes over each sentence: find designation mentions (a leftmost-longest word list), pair
//! each with the agency nearest it in its clause ("from the U.S. FDA" after it, "the FDA
//! granted" before it), require a granting verb (so "BTD is intended to facilitate…" is no
//! event), read the count ("two FTDs"), the indication(s) ("for A and B, respectively") and
//! the date nearest the mention ("In January 2026 …, and in the same month …"). A sentence that
//! reports the document's own news ("today announced") without a date takes the document's
//! date; otherwise an undated event stays undated. Reports of the same event in one document
//! are merged; evidence accumulates.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use atlas_model::{slug, DealTerms, Event, EventKind};
use regex::Regex;

use crate::assets::{Companies, DocAsset};
use crate::doc::{abbreviations, Ctx};
use crate::text::parse_num;
use crate::vocab::{AGENCIES, DESIGNATIONS, MEETINGS};

static DESIGNATION_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(DESIGNATIONS.iter().map(|(s, _)| *s))
        .expect("designation patterns build")
});

static AGENCY_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(AGENCIES.iter().map(|(s, _)| *s))
        .expect("agency patterns build")
});

fn bounded(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    (start == 0 || !b.get(start - 1).is_some_and(|c| c.is_ascii_alphanumeric()))
        && !b.get(end).is_some_and(|c| c.is_ascii_alphanumeric())
}

/// (start, end, canonical) of each match of a word list, on word boundaries.
fn find_words(
    ac: &AhoCorasick,
    canon: &[(&str, &'static str)],
    text: &str,
) -> Vec<(usize, usize, &'static str)> {
    ac.find_iter(text)
        .filter(|m| bounded(text, m.start(), m.end()))
        .filter_map(|m| {
            canon
                .get(m.pattern().as_usize())
                .map(|(_, c)| (m.start(), m.end(), *c))
        })
        .collect()
}

static GRANT_VERB_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(grant(?:ed|s)?|receiv(?:ed|es|e)|obtain(?:ed|s)?|award(?:ed|s)?|designat(?:ed|es)|secur(?:ed|es)|confer(?:red|s)|has\s+been\s+given|was\s+given|(?:was|were|been)\s+(?:included|placed|admitted)|won|achiev(?:ed|es)|approv(?:ed|es|al)|clear(?:ed|ance)|accept(?:ed|ance)|green\s+light|consent|authori[sz](?:ed|ation))(?-u:\b)")
        .expect("valid")
});

static APPROVAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(approv(?:ed|es|al)|clear(?:ed|ance)|accept(?:ed|ance)|consent|green\s+light|authori[sz](?:ed|ation))(?-u:\b)").expect("valid")
});

static REG_TRIAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:registration(?:al)?|pivotal|phase\s*(?:3|III))\s+(?:clinical\s+)?(?:trial|study)")
        .expect("valid")
});

static MARKETING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:marketing\s+(?:authori[sz]ation|approval)|new\s+drug\s+application|biologics?\s+license\s+application|(?-u:\b)NDA(?-u:\b)|(?-u:\b)BLA(?-u:\b)|conditional(?:ly)?\s+approv\w+|approved\s+(?:for|as)(?-u:\b))")
        .expect("valid")
});

static DRUG_APPROVED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:has\s+|have\s+|had\s+)?(?:approved|granted\s+(?:full|accelerated|conditional)\s+approval|approval\s+(?:of|for))(?-u:\b)").expect("valid")
});

/// Approvals that are not marketing approvals: to start trials, of applications.
static NOT_MARKETING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:IND|CTA|clinical\s+trials?|trial\s+application|to\s+(?:initiate|start|conduct|commence|begin)|study)(?-u:\b)").expect("valid")
});

static PENDING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:accept(?:ed|s|ance)|submit(?:ted|s)?|submission|fil(?:ed|es|ing)|under\s+review|plans?\s+to|expects?\s+to|will)(?-u:\b)").expect("valid")
});

static COUNT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(two|three|four|five|six|2|3|4|5|6|second|third|fourth|multiple)\s+(?:[\w.-]+\s+){0,2}$")
        .expect("valid")
});

/// "for the treatment of X", "in treating X": the indication that follows.
static INDICATION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:for|in)\s+(?:the\s+)?(?:treatment\s+of|treating)\s+(?:patients\s+with\s+)?(?P<ind>[^;]+)").expect("valid")
});

/// A bare "for X" where X opens with a disease phrase, not a drug name.
static BARE_FOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)for\s+(?:patients\s+with\s+)?(?P<ind>(?:[a-z][a-z-]*\s+){0,6}(?:cancers?|carcinomas?|tumou?rs?|lymphomas?|leuka?emias?|myelomas?|melanomas?|sarcomas?|NSCLC|SCLC|sqNSCLC|TNBC|HCC|CRC|mesothelioma|glioblastoma|disease|syndrome)(?-u:\b)[^;]*)").expect("valid")
});

static INDICATION_LIST_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)indications?\s*(?:-|:|,|including)\s*(?P<ind>[^;.]+)").expect("valid")
});

static DISEASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(cancers?|carcinomas?|tumou?rs?|lymphomas?|leuka?emias?|myelomas?|melanomas?|sarcomas?|NSCLC|SCLC|sqNSCLC|TNBC|HCC|CRC|mesothelioma|glioblastoma|glioma|disease|syndrome|fibrosis|diabetes|obesity|dermatitis|asthma|colitis|arthritis|psoriasis|infection|neoplasms?|malignanc(?:y|ies)|indication)(?-u:\b)")
        .expect("valid")
});

static TODAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)today(?-u:\b)|(?-u:\b)(?:announced|reported|announces|reports)\s+(?:that\s+)?")
        .expect("valid")
});

/// One event before merging, with where its indication came from.
struct Draft {
    event: Event,
    /// The line of the sentence that reported it.
    line: usize,
}

/// Extract regulatory events, deals and milestones.
pub(crate) fn extract_events(
    ctx: &mut Ctx,
    assets: &[DocAsset],
    companies: &Companies,
) -> Vec<Event> {
    let abbrs = abbreviations(ctx.text());
    let main_asset = assets.iter().find(|a| !a.comparator).map(DocAsset::id);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut last_indication: Option<String> = None;
    let units = ctx.units.clone();
    for u in &units {
        let ut = ctx.unit_text(u).to_owned();
        // A sentence that names no drug of its own ("it", "the company") is about the main one.
        let named = asset_of(u.start, u.start + ut.len(), assets);
        let names_drug = named.is_some();
        let asset = named.or_else(|| main_asset.clone());
        regulatory(
            ctx,
            u.start,
            &ut,
            asset.clone(),
            names_drug,
            &mut drafts,
            &mut last_indication,
        );
        let before = drafts.len();
        deal(ctx, u.start, &ut, asset.clone(), companies, &mut drafts);
        // Terms often follow in the next sentence: "Aurora will receive an upfront payment …".
        if drafts.len() == before && MONEY_RE.is_match(&ut) && TERMS_WORD_RE.is_match(&ut) {
            if let Some(last) = drafts
                .last_mut()
                .filter(|d| d.event.kind == EventKind::Deal && u.line <= d.line + 1)
            {
                let mut terms = last.event.terms.take().unwrap_or_default();
                read_terms(ctx, u.start, &ut, &mut terms);
                last.event.terms = Some(terms);
                last.event
                    .evidence
                    .push(ctx.evidence(u.start, u.start + ut.len()));
            }
        }
        if let Some(d) = drafts.get_mut(before..) {
            for d in d {
                d.line = u.line;
            }
        }
        milestone(ctx, u.start, &ut, asset.clone(), &mut drafts);
    }
    merge_within(drafts, &abbrs)
}

/// The asset a sentence is about: the first drug (not a comparator) it names.
fn asset_of(start: usize, end: usize, assets: &[DocAsset]) -> Option<String> {
    assets
        .iter()
        .filter(|a| !a.comparator)
        .filter_map(|a| {
            crate::doc::spans_within(&a.mentions, start, end)
                .next()
                .map(|(s, _)| (*s, a.id()))
        })
        .min()
        .map(|(_, id)| id)
}

#[allow(clippy::too_many_arguments)]
fn regulatory(
    ctx: &mut Ctx,
    base: usize,
    ut: &str,
    asset: Option<String>,
    names_drug: bool,
    drafts: &mut Vec<Draft>,
    last_indication: &mut Option<String>,
) {
    let mut designations = find_words(&DESIGNATION_AC, DESIGNATIONS, ut);
    let agencies = find_words(&AGENCY_AC, AGENCIES, ut);
    // "Breakthrough Therapy Designation (BTD)": the abbreviation is the same mention.
    let mut keep = vec![true; designations.len()];
    for i in 1..designations.len() {
        let (prev, cur) = (designations[i - 1], designations[i]);
        let gap = ut.get(prev.1..cur.0).unwrap_or("");
        if prev.2 == cur.2 && gap.trim() == "(" {
            keep[i] = false;
        }
    }
    let mut k = keep.iter();
    designations.retain(|_| *k.next().unwrap_or(&true));
    let approval_word = APPROVAL_RE.is_match(ut);
    // Approval to start a registrational trial, and marketing approval, have no designation word.
    if designations.is_empty() && approval_word && !agencies.is_empty() {
        if REG_TRIAL_RE.is_match(ut) {
            if let Some(m) = REG_TRIAL_RE.find(ut) {
                designations.push((m.start(), m.end(), "REG_TRIAL"));
            }
        } else if let Some(m) = MARKETING_RE.find(ut).filter(|_| !PENDING_RE.is_match(ut)) {
            // An application accepted, filed or under review is not yet an approval.
            designations.push((m.start(), m.end(), "APPROVAL"));
        } else if let Some(m) = DRUG_APPROVED_RE
            .find(ut)
            .filter(|_| names_drug && !NOT_MARKETING_RE.is_match(ut))
        {
            // "the FDA has approved TELVORA (relatamab) for adults with …".
            designations.push((m.start(), m.end(), "APPROVAL"));
        }
    }
    if designations.is_empty() || agencies.is_empty() || !GRANT_VERB_RE.is_match(ut) {
        return;
    }
    let lower = ut.to_lowercase();
    // A definition of a designation ("BTD is intended to …", "qualifies a drug") is no event.
    if lower.contains("is intended to")
        || lower.contains("qualifies")
        || lower.contains("is designed to expedite")
    {
        return;
    }
    let respectively = lower.contains("respectively");
    let starts: Vec<usize> = designations.iter().map(|d| d.0).collect();
    for (di, (ds, de, des)) in designations.iter().copied().enumerate() {
        // The indication stated in this designation's own stretch of the sentence, else
        // "this indication" (the one stated last), else one stated later in the sentence.
        let seg_end = starts.get(di + 1).copied().unwrap_or(ut.len());
        let segment = ut.get(..seg_end).unwrap_or(ut);
        let seg_lower = segment.get(ds..).unwrap_or("").to_lowercase();
        let mut ind_list = indications(segment, ds);
        if ind_list.is_empty()
            && (seg_lower.contains("this indication") || seg_lower.contains("the same indication"))
        {
            ind_list.extend(last_indication.clone());
        }
        if ind_list.is_empty() {
            ind_list = indications(ut, ds);
        }
        if let Some(last) = ind_list.last() {
            *last_indication = Some(last.clone());
        }
        let designation = if des == "IND" && !(approval_word || lower.contains("clearance")) {
            continue;
        } else if des == "IND" && REG_TRIAL_RE.is_match(ut) && lower.contains("registration") {
            "REG_TRIAL"
        } else {
            des
        };
        let Some(agency) = pair_agency(ut, ds, de, &agencies) else {
            continue;
        };
        let count = COUNT_RE
            .captures(ut.get(..ds).unwrap_or(""))
            .and_then(|c| c.get(1))
            .map(|m| count_word(m.as_str()))
            .unwrap_or(1);
        let inds: Vec<Option<String>> = if ind_list.len() > 1
            && (respectively || count as usize == ind_list.len() || lower.contains("indications"))
        {
            ind_list.iter().cloned().map(Some).collect()
        } else {
            vec![ind_list.first().cloned()]
        };
        let date = nearest_date(ctx, base, ut, ds);
        for ind in inds {
            let kind = match designation {
                "IND" | "REG_TRIAL" => EventKind::Ind,
                "APPROVAL" => EventKind::Approval,
                _ => EventKind::Designation,
            };
            let title = format!("{agency} {}", designation_title(designation));
            let mut ev = new_event(kind, asset.clone(), title);
            ev.agency = Some(agency.to_owned());
            ev.designation = Some(designation.to_owned());
            ev.indication = ind.clone();
            ev.date = date.clone();
            ev.evidence.push(ctx.evidence(base, base + ut.len()));
            drafts.push(Draft { event: ev, line: 0 });
        }
    }
}

fn count_word(w: &str) -> u32 {
    match w.to_lowercase().as_str() {
        "two" | "2" | "second" => 2,
        "three" | "3" | "third" => 3,
        "four" | "4" | "fourth" => 4,
        "five" | "5" => 5,
        "six" | "6" => 6,
        _ => 1,
    }
}

fn designation_title(d: &str) -> &'static str {
    match d {
        "BTD" => "Breakthrough Therapy Designation",
        "FTD" => "Fast Track Designation",
        "ODD" => "Orphan Drug Designation",
        "PRIME" => "PRIME designation",
        "PRIORITY_REVIEW" => "Priority Review",
        "IND" => "IND approval",
        "REG_TRIAL" => "approval to start a registrational trial",
        "APPROVAL" => "marketing approval",
        "RPDD" => "Rare Pediatric Disease Designation",
        "RMAT" => "RMAT designation",
        _ => "designation",
    }
}

/// The agency of a designation mention: "from (the) AGENCY" right after it, else the nearest
/// agency before it in the sentence, else the nearest after.
fn pair_agency(
    ut: &str,
    ds: usize,
    de: usize,
    agencies: &[(usize, usize, &'static str)],
) -> Option<&'static str> {
    let after = ut.get(de..).unwrap_or("");
    static FROM_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:\([A-Za-z]+\)\s*)?(?:status\s+)?(?:from|by)\s+(?:the\s+)?(?:[A-Z][\w.']*\s+){0,3}").expect("valid")
    });
    if let Some(m) = FROM_RE.find(after) {
        let limit = de + m.end() + 12;
        if let Some(a) = agencies.iter().find(|(s, _, _)| *s >= de && *s <= limit) {
            return Some(a.2);
        }
    }
    let before = agencies
        .iter()
        .filter(|(_, e, _)| *e <= ds)
        .max_by_key(|(s, _, _)| *s);
    if let Some(a) = before {
        return Some(a.2);
    }
    agencies.iter().find(|(s, _, _)| *s >= de).map(|a| a.2)
}

/// Indications a sentence names after position `from`, split when it lists several.
fn indications(ut: &str, from: usize) -> Vec<String> {
    let after = |m: &regex::Match| m.start() >= from;
    let raw = INDICATION_LIST_RE
        .captures(ut)
        .and_then(|c| c.name("ind"))
        .filter(after)
        .or_else(|| {
            INDICATION_RE
                .captures_iter(ut)
                .filter_map(|c| c.name("ind"))
                .find(|m| after(m) && DISEASE_RE.is_match(m.as_str()))
        })
        .or_else(|| {
            BARE_FOR_RE
                .captures_iter(ut)
                .filter_map(|c| c.name("ind"))
                .find(after)
        });
    let Some(raw) = raw else { return Vec::new() };
    let mut s = raw.as_str();
    for stop in [
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
    ] {
        if let Some(i) = s.find(stop) {
            s = &s[..i];
        }
    }
    let s = s.trim_end_matches(['.', ',', ' ']).trim();
    if s.is_empty() || !DISEASE_RE.is_match(s) {
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

/// The date nearest a mention in its sentence; the document's date for today's news.
fn nearest_date(ctx: &Ctx, base: usize, ut: &str, pos: usize) -> Option<String> {
    let abs = base + pos;
    let dates = ctx.dates_in(base, base + ut.len());
    let text = ctx.text();
    if let Some(d) = dates.iter().min_by_key(|d| {
        let (from, to, dist) = if d.start > abs {
            (abs, d.start, d.start - abs)
        } else {
            (d.end.min(abs), abs, abs - d.end.min(abs))
        };
        // A date across a clause boundary ("… in March 2025 and was included … in April
        // 2026") belongs to the other clause.
        let between = text.get(from..to).unwrap_or("");
        let boundary = [
            " and was ",
            " and were ",
            " and has ",
            "; ",
            ", and ",
            ", while ",
        ]
        .iter()
        .any(|b| between.contains(b));
        dist + if boundary { 1000 } else { 0 }
    }) {
        return Some(d.value.clone());
    }
    let lower = ut.to_lowercase();
    if lower.contains("today")
        || (TODAY_RE.is_match(ut)
            && lower.contains("has ")
            && ctx
                .dates
                .first()
                .is_some_and(|d| d.start >= base && d.start < base + ut.len()))
    {
        return ctx.doc_date.clone();
    }
    None
}

fn new_event(kind: EventKind, asset: Option<String>, title: String) -> Event {
    Event {
        id: String::new(),
        asset,
        kind,
        title,
        agency: None,
        designation: None,
        indication: None,
        parties: Vec::new(),
        terms: None,
        date: None,
        evidence: Vec::new(),
        rule: None,
    }
}

static DEAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(licen[cs]e(?:\s+and\s+\w+)?\s+agreement|licensing\s+(?:agreement|deal)|exclusive\s+(?:global\s+)?licen[cs]e|collaboration\s+(?:and\s+licen[cs]e\s+)?agreement|co-develop\w*|co-commerciali[sz]\w*|acqui(?:re|red|res|sition)(?-u:\b)|merger\s+agreement|option\s+agreement|strategic\s+(?:collaboration|partnership)|out-licens\w*|in-licens\w*)")
        .expect("valid")
});

static MONEY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?P<cur>US\$|USD|\$|RMB|CNY|EUR|€|£|GBP|HK\$)\s?(?P<num>\d+(?:[.,]\d+)?)\s?(?P<scale>million|billion|bn|mn|m|b)(?-u:\b)")
        .expect("valid")
});

static TERRITORY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)((?:worldwide|globally)\s+(?:other\s+than|outside(?:\s+of)?|excluding|except)\s+(?:[^,;.]|\.[A-Z]|[A-Z]\.)+|outside\s+(?:of\s+)?(?:Greater\s+|mainland\s+)?China|in\s+(?:the\s+)?(?:U\.S\.|United\s+States|Greater\s+China|mainland\s+China|Japan|Europe)|ex-China|globally|worldwide)")
        .expect("valid")
});

fn deal(
    ctx: &mut Ctx,
    base: usize,
    ut: &str,
    asset: Option<String>,
    companies: &Companies,
    drafts: &mut Vec<Draft>,
) {
    let Some(kind_m) = DEAL_RE.find(ut) else {
        return;
    };
    let lower = ut.to_lowercase();
    if !(lower.contains("agreement")
        || lower.contains("entered")
        || lower.contains("signed")
        || lower.contains("acqui")
        || lower.contains("deal"))
    {
        return;
    }
    let mut parties: Vec<String> = companies
        .within(base, base + ut.len())
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    if parties.len() < 2 {
        if let Some(a) = companies.announcer() {
            if !parties.contains(&a)
                && (lower.contains("the company")
                    || lower.contains(" we ")
                    || lower.contains(" its "))
            {
                parties.insert(0, a);
            }
        }
    }
    if parties.len() < 2 {
        return;
    }
    let k = kind_m.as_str().to_lowercase();
    let deal_type = if k.contains("licen") {
        "licence"
    } else if k.contains("co-develop") || k.contains("co-commerc") {
        "co-development"
    } else if k.contains("acqui") || k.contains("merger") {
        "acquisition"
    } else if k.contains("option") {
        "option"
    } else {
        "collaboration"
    };
    let mut terms = DealTerms {
        deal_type: Some(deal_type.to_owned()),
        territory: TERRITORY_RE
            .find_iter(ut)
            .max_by_key(|m| m.as_str().len())
            .map(|m| m.as_str().trim_end_matches('.').to_owned()),
        ..DealTerms::default()
    };
    read_terms(ctx, base, ut, &mut terms);
    let date = nearest_date(ctx, base, ut, kind_m.start());
    let title = format!("{} {}", capitalise(deal_type), parties.join(" – "));
    let mut ev = new_event(EventKind::Deal, asset, title);
    ev.parties = parties;
    ev.terms = Some(terms);
    ev.date = date;
    ev.evidence.push(ctx.evidence(base, base + ut.len()));
    drafts.push(Draft { event: ev, line: 0 });
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Money terms of a deal sentence: upfront, milestones, total and currency, each amount
/// classified by the nearest keyword ("upfront payment of US$120 million", "up to $1.1
/// billion in milestones", "total deal value could reach $610 million").
fn read_terms(ctx: &mut Ctx, base: usize, ut: &str, terms: &mut DealTerms) {
    for c in MONEY_RE.captures_iter(ut) {
        let (Some(whole), Some(num), Some(cur), Some(scale)) =
            (c.get(0), c.name("num"), c.name("cur"), c.name("scale"))
        else {
            continue;
        };
        let Some(v) = parse_num(num.as_str()) else {
            continue;
        };
        let mult = match scale.as_str().to_lowercase().as_str() {
            "billion" | "bn" | "b" => 1e9,
            _ => 1e6,
        };
        let value = v * mult;
        let before = ut
            .get(whole.start().saturating_sub(40)..whole.start())
            .unwrap_or("")
            .to_lowercase();
        let after = ut
            .get(whole.end()..(whole.end() + 60).min(ut.len()))
            .unwrap_or("")
            .to_lowercase();
        let upfront = before.contains("upfront")
            || before.contains("up-front")
            || after.trim_start().starts_with("upfront")
            || after.trim_start().starts_with("up-front")
            || after.trim_start().starts_with("in upfront");
        if upfront && !after.trim_start().starts_with("in milestone") {
            terms.upfront.get_or_insert(value);
        } else if after.contains("milestone") || before.contains("milestone") {
            terms.milestones.get_or_insert(value);
        } else {
            terms.total.get_or_insert(value);
        }
        terms.currency = Some(
            match cur.as_str().to_uppercase().as_str() {
                "RMB" | "CNY" => "CNY",
                "EUR" | "€" => "EUR",
                "£" | "GBP" => "GBP",
                "HK$" => "HKD",
                _ => "USD",
            }
            .to_owned(),
        );
        ctx.mark_used(base + num.start(), base + num.end());
    }
}

static TERMS_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)upfront|up-front|milestone|royalt|deal\s+value|payment").expect("valid")
});

static FIRST_PATIENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)first\s+(?:patient|subject|participant)s?\s+(?:has\s+been\s+|was\s+|had\s+been\s+)?(?:successfully\s+)?dosed|(?-u:\b)dosed\s+(?:the\s+)?first\s+(?:patient|subject|participant)")
        .expect("valid")
});

static TRIAL_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:trial|study)(?-u:\b)[^.;]{0,120}(?-u:\b)(?:has\s+(?:already\s+)?been|was|were)\s+(?:initiated|launched|started|commenced)|(?-u:\b)(?:initiated|launched|started|commenced|initiation\s+of)\s+(?:a|an|the|its)\s+[^.;]{0,80}(?-u:\b)(?:trial|study)(?-u:\b)")
        .expect("valid")
});

static PRESENTED_RE: LazyLock<Regex> = LazyLock::new(|| {
    let meetings = MEETINGS.join("|");
    Regex::new(&format!(r"(?i)(?-u:\b)(?:presented|reported|presentation|unveiled|announced)(?-u:\b)[^;]{{0,400}}?(?-u:\b)at\s+(?:the\s+)?(?P<meeting>(?P<year>(?:19|20)\d\d)\s+(?:{meetings})(?-u:\b)[A-Za-z ]{{0,40}}?(?:Annual\s+Meeting|Congress|Symposium|Conference|Meeting)?|(?:{meetings})(?-u:\b)(?:\s+(?P<year2>(?:19|20)\d\d))?)"))
        .expect("valid")
});

fn milestone(ctx: &mut Ctx, base: usize, ut: &str, asset: Option<String>, drafts: &mut Vec<Draft>) {
    let mut found: Vec<(usize, String, Option<String>)> = Vec::new();
    if let Some(m) = FIRST_PATIENT_RE.find(ut) {
        found.push((m.start(), "First patient dosed".to_owned(), None));
    } else if let Some(m) = TRIAL_START_RE.find(ut) {
        found.push((m.start(), "Trial start".to_owned(), None));
    }
    if let Some(c) = PRESENTED_RE.captures(ut) {
        if let Some(m) = c.name("meeting") {
            let meeting: String = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
            let year = c
                .name("year")
                .or(c.name("year2"))
                .map(|y| y.as_str().to_owned());
            found.push((m.start(), format!("Data presented at {meeting}"), year));
        }
    }
    for (pos, title, year) in found {
        let date = nearest_date(ctx, base, ut, pos).or(year);
        let mut ev = new_event(EventKind::Milestone, asset.clone(), title);
        ev.date = date;
        ev.evidence.push(ctx.evidence(base, base + ut.len()));
        drafts.push(Draft { event: ev, line: 0 });
    }
}

/// Normalise an indication for comparison, expanding the document's abbreviations.
fn indication_key(s: &str, abbrs: &[(String, String)]) -> String {
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
        .filter(|c| c.is_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two reports describe the same real-world event.
pub(crate) fn same_event(a: &Event, b: &Event, abbrs: &[(String, String)]) -> bool {
    if a.kind != b.kind
        || a.asset != b.asset
        || a.agency != b.agency
        || a.designation != b.designation
    {
        return false;
    }
    if let (Some(x), Some(y)) = (&a.date, &b.date) {
        if !(x.starts_with(y.as_str()) || y.starts_with(x.as_str())) {
            return false;
        }
    }
    match a.kind {
        EventKind::Deal => {
            let key = |p: &str| {
                p.to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            };
            a.parties.iter().all(|p| {
                b.parties
                    .iter()
                    .any(|q| key(p).starts_with(&key(q)) || key(q).starts_with(&key(p)))
            })
        }
        EventKind::Milestone => a.title == b.title,
        _ => match (&a.indication, &b.indication) {
            (Some(x), Some(y)) => {
                let (x, y) = (indication_key(x, abbrs), indication_key(y, abbrs));
                x == y || x.contains(&y) || y.contains(&x)
            }
            _ => true,
        },
    }
}

/// Fold one event into another: evidence appended, gaps filled, conflicts kept in the title.
pub(crate) fn absorb(into: &mut Event, from: Event) {
    // Reports arrive in text order, so a repeat of the same quote is among the last few.
    for e in from.evidence {
        if !into.evidence.iter().rev().take(8).any(|x| *x == e) {
            into.evidence.push(e);
        }
    }
    if into
        .date
        .as_ref()
        .is_none_or(|d| from.date.as_ref().is_some_and(|f| f.len() > d.len()))
        && from.date.is_some()
    {
        into.date = from.date;
    }
    match (&into.indication, from.indication) {
        (None, Some(i)) => into.indication = Some(i),
        (Some(x), Some(y)) if y.len() > x.len() => into.indication = Some(y),
        _ => {}
    }
    for p in from.parties {
        if !into.parties.contains(&p) {
            into.parties.push(p);
        }
    }
    if into.terms.is_none() {
        into.terms = from.terms;
    } else if let (Some(t), Some(f)) = (into.terms.as_mut(), from.terms) {
        t.upfront = t.upfront.or(f.upfront);
        t.milestones = t.milestones.or(f.milestones);
        t.total = t.total.or(f.total);
        t.currency = t.currency.take().or(f.currency);
        t.territory = t.territory.take().or(f.territory);
    }
}

fn merge_within(drafts: Vec<Draft>, abbrs: &[(String, String)]) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for d in drafts {
        match out.iter_mut().find(|e| same_event(e, &d.event, abbrs)) {
            Some(e) => absorb(e, d.event),
            None => out.push(d.event),
        }
    }
    for e in &mut out {
        e.id = event_id(e);
    }
    dedupe_ids(&mut out);
    out
}

/// A readable, stable id: asset, agency, designation or kind, and the date or indication.
pub(crate) fn event_id(e: &Event) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.push(e.asset.clone().unwrap_or_else(|| "event".to_owned()));
    if let Some(a) = &e.agency {
        parts.push(a.clone());
    }
    parts.push(e.designation.clone().unwrap_or_else(|| match e.kind {
        EventKind::Deal => format!("deal {}", e.parties.join(" ")),
        _ => e.title.clone(),
    }));
    if let Some(i) = &e.indication {
        parts.push(i.split_whitespace().take(6).collect::<Vec<_>>().join(" "));
    }
    if let Some(d) = &e.date {
        parts.push(d.clone());
    }
    slug(&parts.join(" "))
}

pub(crate) fn dedupe_ids(events: &mut [Event]) {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for e in events.iter_mut() {
        let mut id = e.id.clone();
        let mut n = 2;
        while seen.contains(&id) {
            id = format!("{}-{n}", e.id);
            n += 1;
        }
        e.id = id.clone();
        seen.insert(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::{companies, extract_assets};

    /// (agency, designation, date) of every regulatory event of a one-paragraph document.
    fn check_events(text: &str, expected: &[(&str, &str, Option<&str>)]) {
        let mut ctx = Ctx::new("d", "d.txt", text);
        let cos = companies(&ctx);
        let assets = extract_assets(&mut ctx, &cos);
        let got: Vec<(String, String, Option<String>)> = extract_events(&mut ctx, &assets, &cos)
            .into_iter()
            .filter(|e| e.kind != EventKind::Milestone && e.kind != EventKind::Deal)
            .map(|e| {
                (
                    e.agency.unwrap_or_default(),
                    e.designation.unwrap_or_default(),
                    e.date,
                )
            })
            .collect();
        let want: Vec<(String, String, Option<String>)> = expected
            .iter()
            .map(|(a, d, t)| ((*a).into(), (*d).into(), t.map(str::to_owned)))
            .collect();
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn regulatory_events_by_rule() {
        check_events("In October 2024, it obtained Breakthrough Therapy Designation (BTD) from the NMPA for AB-101 in treating melanoma.", &[("NMPA", "BTD", Some("2024-10"))]);
        check_events("In January 2026, the FDA granted Fast Track Designation to AB-101 for melanoma, and in the same month, the European Commission granted Orphan Drug Designation for this indication.", &[("FDA", "FTD", Some("2026-01")), ("EC", "ODD", Some("2026-01"))]);
        check_events("AB-101 was granted Breakthrough Therapy Designation by the CDE in March 2025 and was included in the priority review by the NMPA in April 2026.", &[("NMPA", "BTD", Some("2025-03")), ("NMPA", "PRIORITY_REVIEW", Some("2026-04"))]);
        check_events("The U.S. FDA has approved TELVA (relatamab, LUM-101) for adults with follicular lymphoma.", &[("FDA", "APPROVAL", None)]);
        // An application accepted for review, or a designation's definition, is no event.
        check_events(
            "The NMPA accepted the New Drug Application for AB-101.",
            &[],
        );
        check_events(
            "Breakthrough Therapy Designation is intended to expedite review by the FDA of AB-101.",
            &[],
        );
        check_events(
            "China's NMPA has approved the IND application for AB-101.",
            &[("NMPA", "IND", None)],
        );
    }

    fn check_indications(s: &str, expected: &[&str]) {
        assert_eq!(indications(s, 0), expected, "{s}");
    }

    #[test]
    fn indications_split_lists() {
        check_indications(
            "IBI363 has received two FTDs from the FDA, for the treatment of squamous NSCLC and melanoma, respectively.",
            &["squamous NSCLC", "melanoma"],
        );
        check_indications(
            "the FDA granted ODD for the treatment of neuroendocrine carcinoma.",
            &["neuroendocrine carcinoma"],
        );
        check_indications("It obtained BTD for patients.", &[]);
    }

    #[test]
    fn agencies_pair_with_the_nearest_designation() {
        let s = "received BTDs from China's NMPA CDE and Fast Track Designations (FTDs) from the U.S. FDA";
        let ags = find_words(&AGENCY_AC, AGENCIES, s);
        let des = find_words(&DESIGNATION_AC, DESIGNATIONS, s);
        let got: Vec<_> = des
            .iter()
            .map(|(st, e, d)| (*d, pair_agency(s, *st, *e, &ags)))
            .collect();
        assert_eq!(got[0], ("BTD", Some("NMPA")));
        assert_eq!(got[1], ("FTD", Some("FDA")));
    }
}
