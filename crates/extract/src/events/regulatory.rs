//! Regulatory events: designations (BTD, FTD, ODD, PRIME, priority review …), IND clearances,
//! approvals to start a registrational trial, and marketing approvals, from any agency.
//!
//! Per sentence: find designation mentions (a leftmost-longest word list) and approval
//! phrasings ("granted accelerated approval to", "received marketing approval in China",
//! "conditional marketing authorisation", "has approved X"); keep a mention only when its own
//! clause reports it as granted (a granting verb, "under priority review", "set for priority
//! review") and not as hoped for ("plans to seek", "potential approval", an application under
//! review); pair it with its agency — the one nearest in the sentence, else the region the
//! clause names ("in China" → NMPA), else "the agency" of an earlier sentence, else, for a
//! designation, the only agency the document names; then one event per drug of its clause and
//! per indication of a "respectively" list.

use std::sync::LazyLock;

use atlas_model::{Event, EventKind};
use regex::Regex;

use super::dates::nearest_date;
use super::indications::indications;
use super::sentences::{clause_at, clauses};
use super::words::{
    find_words, AGENCIES, AGENCY_AC, DESIGNATIONS, DESIGNATION_AC, NOT_A_DESIGNATION, REGIONS,
    REGION_AC,
};
use super::{new_event, Env};
use crate::doc::Ctx;

static GRANT_VERB_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(grant(?:ed|s|ing)?|receiv(?:ed|es|e|ing)|obtain(?:ed|s)?|award(?:ed|s)?|designat(?:ed|es)|secur(?:ed|es)|confer(?:red|s)|earn(?:ed|s)?|gain(?:ed|s)?|gets?|got|has\s+been\s+given|was\s+given|(?:was|were|been)\s+(?:included|placed|admitted|listed)|listed|included|admitted\s+to|won|achiev(?:ed|es)|added\s[^.;]{1,100}?\sto\s(?:its|the)|approv(?:ed|es|al)|clear(?:ed|ance)|accept(?:ed|ance)|green\s+light|consent|authori[sz](?:ed|ation)|(?:set|selected)\s+for|under\s+priority\s+review)(?-u:\b)")
        .expect("valid")
});

static APPROVAL_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(approv(?:ed|es|al)|clear(?:ed|ance)|accept(?:ed|ance)|consent|green\s+light|authori[sz](?:ed|ation))(?-u:\b)").expect("valid")
});

static REG_TRIAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:registration(?:al)?|pivotal|phase\s*(?:3|III))\s+(?:clinical\s+)?(?:trial|study)")
        .expect("valid")
});

/// How texts state a marketing approval.
static APPROVAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?xi)(?-u:\b)(?:
        (?:conditional\s+)?marketing\s+(?:authori[sz]ation|approval)
      | new\s+drug\s+application | biologics?\s+license\s+application | NDA | BLA
      | conditional(?:ly)?\s+approv\w+
      | (?:accelerated|full|regular|traditional)\s+approval
      | (?:received|receives|secured|secures|obtained|obtains|gained|gains|won|wins|gets|got|granted|grants)\s+(?:[\w-]+\s+){0,3}?approval
      | approved\s+(?:by|in|for|as)
      | (?:has|have|had)\s+approved
      | (?-i:\)|[A-Z]{2,5})\s+(?:approved|approves)\s
      | (?-i:Commission|Canada|Agency|Administration|Welfare|Swissmedic)\s+(?:has\s+)?(?:approved|approves|authori[sz]ed)\s
      | approval\s+(?:of|for|from|in)
    )(?-u:\b)")
    .expect("valid")
});

/// Approvals that are not marketing approvals: to start trials, of applications.
static NOT_MARKETING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:IND|CTA|clinical\s+trials?|trial\s+application|to\s+(?:initiate|start|conduct|commence|begin)|study)(?-u:\b)").expect("valid")
});

/// An application accepted, filed or under review is not yet an approval.
static PENDING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:accept(?:ed|s|ance)|submit(?:ted|s)?|submission|fil(?:ed|es|ing)|under\s+review|recommend\w*|opinion)(?-u:\b)").expect("valid")
});

/// Words before a mention, in its clause, that make it a hope rather than a fact. Case
/// matters: "May 2025" is a month, "may" a hope.
static HYPOTHETICAL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:may|might|could|would|should|[Pp]otential(?:ly)?|poised|plan(?:s|ned)?\s+to|intend(?:s|ed)?\s+to|expect(?:s|ed)?(?:\s+to)?|anticipat\w*|seek(?:s|ing)?|will|eligible|if\s+approved|upon|toward|aim(?:s|ing)?\s+to|prepar\w+\s+to|pursu\w+|apply(?:ing)?\s+for|[Pp]lans?\s+to|[Ee]xpects?\s+to)(?-u:\b)")
        .expect("valid")
});

/// A designation's definition ("BTD is intended to expedite …") is no event.
const DEFINITION_CUES: &[&str] = &[
    "is intended to",
    "qualifies",
    "is designed to expedite",
    "aims to",
    "designed to accelerate",
];

static COUNT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(two|three|four|five|six|2|3|4|5|6|second|third|fourth|multiple)\s+(?:[\w.-]+\s+){0,2}$")
        .expect("valid")
});

/// "from the agency", "the regulator": an agency named in an earlier sentence.
static AGENCY_ANAPHOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:the\s+(?:agency|regulator|authority)|(?:this|that|the\s+same)\s+(?:application|submission))(?-u:\b)").expect("valid")
});

/// A designation or approval mention in a sentence (relative offsets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mention {
    start: usize,
    end: usize,
    designation: &'static str,
}

/// Regulatory events of sentence `si`.
pub(super) fn regulatory(
    ctx: &mut Ctx,
    env: &Env,
    si: usize,
    drafts: &mut Vec<Event>,
    last_indication: &mut Option<String>,
) {
    let Some(sent) = env.sentences.get(si) else {
        return;
    };
    let base = sent.start;
    // A sentence wrapped across lines reads as one line ("Orphan Drug\nDesignation"); the
    // offsets stay those of the text.
    let ut = ctx
        .text()
        .get(sent.start..sent.end)
        .unwrap_or("")
        .replace('\n', " ");
    let lower = ut.to_lowercase();
    if DEFINITION_CUES.iter().any(|c| lower.contains(c)) {
        return;
    }
    let agencies = find_words(&AGENCY_AC, AGENCIES, &ut);
    let clauses = clauses(&ut);
    let mentions = mentions(&ut, &clauses);
    let respectively = lower.contains("respectively");
    let approval_word = APPROVAL_WORD_RE.is_match(&ut);
    let starts: Vec<usize> = mentions.iter().map(|m| m.start).collect();
    for (mi, m) in mentions.iter().enumerate() {
        let clause = clause_at(&clauses, m.start);
        let clause_text = ut.get(clause.0..clause.1).unwrap_or("");
        let head = ut.get(clause.0..m.start).unwrap_or("");
        if HYPOTHETICAL_RE.is_match(head) || !GRANT_VERB_RE.is_match(clause_text) {
            continue;
        }
        let designation = match m.designation {
            "IND" if !(approval_word || lower.contains("clearance")) => continue,
            "IND" if REG_TRIAL_RE.is_match(&ut) && lower.contains("registration") => "REG_TRIAL",
            d => d,
        };
        let Some((agency, how)) = agency_of(env, &ut, base, *m, clause, &agencies) else {
            continue;
        };
        let stretch_end = starts.get(mi + 1).copied().unwrap_or(clause.1);
        let several = (mentions.len() > 1).then_some(stretch_end);
        let subjects = mention_subjects(ctx, env, (si, base, &ut), *m, clause, several);
        if subjects.is_empty() {
            continue;
        }
        // The indication stated in this mention's own stretch of the sentence, else "this
        // indication" (the one stated last), else one stated later in the sentence.
        let seg_end = starts.get(mi + 1).copied().unwrap_or(ut.len());
        let segment = ut.get(..seg_end).unwrap_or(&ut);
        let seg_lower = segment.get(m.start..).unwrap_or("").to_lowercase();
        // A headline abbreviates; its indication is read from the body.
        let headline = base + ut.len() <= env.doc_date.head_end;
        let mut ind_list = if headline {
            Vec::new()
        } else {
            indications(segment, m.start)
        };
        if ind_list.is_empty()
            && (seg_lower.contains("this indication") || seg_lower.contains("the same indication"))
        {
            ind_list.extend(last_indication.clone());
        }
        if ind_list.is_empty() && !headline {
            ind_list = indications(&ut, m.start);
        }
        if let Some(last) = ind_list.last() {
            *last_indication = Some(last.clone());
        }
        let count = COUNT_RE
            .captures(ut.get(..m.start).unwrap_or(""))
            .and_then(|c| c.get(1))
            .map(|c| count_word(c.as_str()))
            .unwrap_or(1);
        let inds: Vec<Option<String>> = if ind_list.len() > 1
            && (respectively || count as usize == ind_list.len() || lower.contains("indications"))
        {
            ind_list.iter().cloned().map(Some).collect()
        } else {
            vec![ind_list.first().cloned()]
        };
        let prev = mi.checked_sub(1).and_then(|i| mentions.get(i)).copied();
        let date = event_date(ctx, env, (base, &ut), *m, prev, &clauses, designation);
        let (kind, rule) = match designation {
            "IND" => (EventKind::Ind, "events.ind"),
            "REG_TRIAL" => (EventKind::Ind, "events.reg_trial"),
            "APPROVAL" => (EventKind::Approval, "events.approval"),
            "PRIORITY_REVIEW" => (EventKind::Designation, "events.priority_review"),
            _ => (EventKind::Designation, "events.designation"),
        };
        let rule = match how {
            AgencyFrom::Named => rule.to_owned(),
            AgencyFrom::Region => format!("{rule}.region"),
            AgencyFrom::Anaphor => format!("{rule}.agency_anaphor"),
            AgencyFrom::Document => format!("{rule}.document_agency"),
            AgencyFrom::Heading => format!("{rule}.item_heading"),
            AgencyFrom::Designation => format!("{rule}.designation_agency"),
        };
        for asset in &subjects {
            for ind in &inds {
                let title = format!("{agency} {}", designation_title(designation));
                let mut ev = new_event(kind, asset.clone(), title, &rule);
                ev.agency = Some(agency.to_owned());
                ev.designation = Some(designation.to_owned());
                ev.indication = ind.clone();
                ev.date = date.clone();
                ev.evidence.push(ctx.evidence(base, base + ut.len()));
                drafts.push(ev);
            }
        }
    }
}

/// The drugs a mention `m` of sentence `si` (at `base`, text `ut`) is about: one in brackets
/// right after it ("one orphan designation (VTB-015), one priority review (ORV-92)"), else,
/// of several mentions, the drugs named between it and the next (`stretch_end`: "SAKIGAKE
/// designation for A and RMAT designation for B"), else the subjects of its clause.
fn mention_subjects(
    ctx: &Ctx,
    env: &Env,
    (si, base, ut): (usize, usize, &str),
    m: Mention,
    clause: (usize, usize),
    stretch_end: Option<usize>,
) -> Vec<Option<String>> {
    let bracketed = ut.get(m.end..).and_then(|after| {
        let open = after.len() - after.trim_start().len();
        let close = after.find(')')?;
        (after.get(open..)?.starts_with('(') && close < 40)
            .then(|| (base + m.end + open, base + m.end + close))
    });
    if let Some(named) = bracketed.map(|(a, b)| env.subjects_in(a, b)) {
        if !named.is_empty() {
            return named;
        }
    }
    if let Some(end) = stretch_end {
        let named = env.subjects_in(base + m.end, base + end.min(clause.1).max(m.end));
        if !named.is_empty() {
            return named;
        }
    }
    env.subjects_of(ctx.text(), si, (base + clause.0, base + clause.1), false)
}

/// The date of an event mention `m` of the sentence `(base, ut)`: the date its clause ties to
/// it, else its round-up item's day, else the document's date for the news of the day. A date
/// between the mention before (`prev`) and this one is the earlier mention's ("FTD in August
/// 2025, as well as ODD"): this one then takes only a date that follows it.
fn event_date(
    ctx: &Ctx,
    env: &Env,
    (base, ut): (usize, &str),
    m: Mention,
    prev: Option<Mention>,
    clauses: &[(usize, usize)],
    designation: &str,
) -> Option<String> {
    let clause = clause_at(clauses, m.start);
    let prev_end = prev
        .filter(|p| clause_at(clauses, p.start) == clause)
        .map(|p| p.end);
    let date_span = match prev_end {
        Some(pe) if !ctx.dates_in(base + pe, base + m.start).is_empty() => (m.start, clause.1),
        _ => clause,
    };
    nearest_date(ctx, base, ut, (m.start, m.end), date_span)
        .or_else(|| env.section_at(base).and_then(|s| s.date.clone()))
        .or_else(|| {
            env.doc_date
                .news_date(ctx, base, ut, headline_words(designation))
        })
}

/// Designation mentions, and approval phrasings when the sentence names no designation.
fn mentions(ut: &str, clauses: &[(usize, usize)]) -> Vec<Mention> {
    let mut found: Vec<Mention> = Vec::new();
    for (start, end, designation) in find_words(&DESIGNATION_AC, DESIGNATIONS, ut) {
        // "Breakthrough Therapy Designation (BTD)": the abbreviation is the same mention.
        if let Some(prev) = found.last() {
            let gap = ut.get(prev.end..start).unwrap_or("");
            if prev.designation == designation && gap.trim() == "(" {
                continue;
            }
        }
        found.push(Mention {
            start,
            end,
            designation,
        });
    }
    found.retain(|m| m.designation != NOT_A_DESIGNATION);
    if !found.is_empty() || !APPROVAL_WORD_RE.is_match(ut) {
        return found;
    }
    // Approval to start a registrational trial, and marketing approval, have no designation word.
    if let Some(m) = REG_TRIAL_RE.find(ut) {
        return vec![Mention {
            start: m.start(),
            end: m.end(),
            designation: "REG_TRIAL",
        }];
    }
    for m in APPROVAL_RE.find_iter(ut) {
        let clause = clause_at(clauses, m.start());
        let clause_text = ut.get(clause.0..clause.1).unwrap_or("");
        // What the approval is of: the words around it, not a later "… and has ongoing
        // clinical trials".
        let around = ut
            .get(m.start().saturating_sub(25).max(clause.0)..(m.end() + 45).min(clause.1))
            .or_else(|| ut.get(m.start()..m.end()))
            .unwrap_or("");
        if PENDING_RE.is_match(clause_text) || NOT_MARKETING_RE.is_match(around) {
            continue;
        }
        // One approval per clause: "granted conditional marketing authorisation … approval".
        if found
            .last()
            .is_some_and(|f| clause_at(clauses, f.start) == clause)
        {
            continue;
        }
        found.push(Mention {
            start: m.start(),
            end: m.end(),
            designation: "APPROVAL",
        });
    }
    found
}

/// Where an event's agency came from; named in the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AgencyFrom {
    Named,
    Region,
    Anaphor,
    Document,
    Heading,
    Designation,
}

/// The agency of a mention: named in its sentence, else the heading of its round-up item,
/// else the region of its clause, else "the agency" of an earlier sentence, else (designations
/// only) the one agency the document names.
fn agency_of(
    env: &Env,
    ut: &str,
    base: usize,
    m: Mention,
    clause: (usize, usize),
    agencies: &[(usize, usize, &'static str)],
) -> Option<(&'static str, AgencyFrom)> {
    // PRIME is the EMA's, SAKIGAKE Japan's and RMAT the FDA's, whatever else the sentence names.
    let own = match m.designation {
        "RMAT" | "RPDD" => Some("FDA"),
        "PRIME" => Some("EMA"),
        "SAKIGAKE" => Some("MHLW"),
        _ => None,
    };
    if let Some(a) = own {
        let named = agencies.iter().any(|g| g.2 == a);
        let how = if named {
            AgencyFrom::Named
        } else {
            AgencyFrom::Designation
        };
        return Some((a, how));
    }
    if let Some(a) = pair_agency(ut, m.end, agencies) {
        return Some((a, AgencyFrom::Named));
    }
    if let Some(s) = env.section_at(base) {
        return Some((s.agency, AgencyFrom::Heading));
    }
    let clause_text = ut.get(clause.0..clause.1).unwrap_or("");
    if let Some((_, _, a)) = find_words(&REGION_AC, REGIONS, clause_text).first() {
        return Some((a, AgencyFrom::Region));
    }
    // "Orca's BLA for OB-1 was accepted with priority review": a BLA, an NDA and a PDUFA date
    // are the FDA's.
    if US_FILING_RE.is_match(ut) && matches!(m.designation, "PRIORITY_REVIEW" | "APPROVAL") {
        return Some(("FDA", AgencyFrom::Region));
    }
    if AGENCY_ANAPHOR_RE.is_match(clause_text) {
        if let Some(a) = env.agency_before(base) {
            return Some((a, AgencyFrom::Anaphor));
        }
    }
    // Fast Track is the FDA's when no agency is named.
    if m.designation == "FTD" {
        return Some(("FDA", AgencyFrom::Designation));
    }
    if !matches!(m.designation, "APPROVAL" | "IND" | "REG_TRIAL") {
        if let Some(a) = env.single_agency() {
            return Some((a, AgencyFrom::Document));
        }
    }
    None
}

/// Filings only the FDA receives.
static US_FILING_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:s?BLA|s?NDA|PDUFA)(?-u:\b)").expect("valid"));

/// The agency of a designation mention: "from (the) AGENCY" right after it, else the nearest
/// agency before it in the sentence (or inside it: "FDA approved"), else the nearest after.
pub(super) fn pair_agency(
    ut: &str,
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
    // An agency inside the mention ("FDA approved") counts as before it.
    let before = agencies
        .iter()
        .filter(|(s, _, _)| *s < de)
        .max_by_key(|(s, _, _)| *s);
    if let Some(a) = before {
        return Some(a.2);
    }
    agencies.iter().find(|(s, _, _)| *s >= de).map(|a| a.2)
}

/// Words a headline uses for this kind of event (see `DocDate::news_date`).
fn headline_words(designation: &str) -> &'static [&'static str] {
    match designation {
        "BTD" => &["breakthrough", "btd"],
        "FTD" => &["fast track", "ftd"],
        "ODD" => &["orphan"],
        "PRIME" => &["prime"],
        "RMAT" => &["rmat"],
        "SAKIGAKE" => &["sakigake"],
        "PRIORITY_REVIEW" => &["priority review"],
        "APPROVAL" => &["approv", "authori"],
        "IND" | "REG_TRIAL" => &["ind ", "clearance", "clinical trial"],
        _ => &[],
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
        "SAKIGAKE" => "SAKIGAKE designation",
        _ => "designation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_mentions(s: &str, expected: &[&str]) {
        let got: Vec<&str> = mentions(s, &clauses(s))
            .iter()
            .map(|m| m.designation)
            .collect();
        assert_eq!(got, expected, "{s}");
    }

    #[test]
    fn mentions_by_rule() {
        check_mentions(
            "received Breakthrough Therapy Designation (BTD) and Fast Track",
            &["BTD", "FTD"],
        );
        check_mentions("were designated as breakthrough therapies (BTDs)", &["BTD"]);
        check_mentions(
            "is part of the National Priority Review Voucher program",
            &[],
        );
        check_mentions(
            "received marketing approval in China in May 2025",
            &["APPROVAL"],
        );
        check_mentions(
            "granted conditional marketing authorization to OB-7",
            &["APPROVAL"],
        );
        check_mentions("granted accelerated approval to OB-7", &["APPROVAL"]);
        check_mentions("has already secured FDA approval for GVHD", &["APPROVAL"]);
        check_mentions("OB-7 was approved in Japan for lymphoma", &["APPROVAL"]);
        check_mentions(
            "the U.S. Food and Drug Administration (FDA) approved Vetra (OB-7)",
            &["APPROVAL"],
        );
        check_mentions("FDA Approves Vetra for Lymphoma", &["APPROVAL"]);
        check_mentions(
            "The European Commission approved OB-7 for lymphoma",
            &["APPROVAL"],
        );
        check_mentions("Health Canada has approved OB-7", &["APPROVAL"]);
        // An approved therapy is no approval event.
        check_mentions("the only FDA-approved therapy for lymphoma", &[]);
        // Applications under review, and approvals to start trials, are no marketing approval.
        check_mentions(
            "The NMPA accepted the New Drug Application for AB-101.",
            &[],
        );
        check_mentions(
            "The FDA approved the protocol to initiate a study of AB-101.",
            &[],
        );
        check_mentions("approval to start a pivotal trial", &["REG_TRIAL"]);
    }

    #[test]
    fn agencies_pair_with_the_nearest_designation() {
        let s = "received BTDs from China's NMPA CDE and Fast Track Designations (FTDs) from the U.S. FDA";
        let ags = find_words(&AGENCY_AC, AGENCIES, s);
        let des = find_words(&DESIGNATION_AC, DESIGNATIONS, s);
        let got: Vec<_> = des
            .iter()
            .map(|(_, e, d)| (*d, pair_agency(s, *e, &ags)))
            .collect();
        assert_eq!(got[0], ("BTD", Some("NMPA")));
        assert_eq!(got[1], ("FTD", Some("FDA")));
    }
}
