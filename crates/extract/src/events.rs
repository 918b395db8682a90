//! Regulatory events, deals and milestones of one document.
//!
//! Named passes over the document's sentences ([`sentences`]: units joined again across hard
//! line wraps, split into clauses): [`regulatory`] (designations, IND clearances, approvals,
//! from any agency), [`deals`] (one deal event per drug and per counterparty) and
//! [`milestones`]; [`dates`] gives each event the date its clause states, or the document's
//! date for the news of the day; [`merge`] folds reports of one event into one.
//!
//! Every event is attributed to the drugs its clause names as subject or object — never to a
//! combination partner or comparator — or, when the clause names none, to the drug a pronoun
//! refers back to, or to the document's only drug. A multi-drug document (a round-up, a deal
//! of several assets) gets no event for a clause that names none of its drugs: precision
//! first. Each event carries the rule that produced it (`events.designation`,
//! `events.deal_per_asset`, `events.approval.region` …).

mod dates;
mod deals;
mod indications;
mod merge;
mod milestones;
mod regulatory;
mod sections;
mod sentences;
mod terms;
mod words;

use std::sync::LazyLock;

use atlas_model::{Event, EventKind};
use regex::Regex;

use crate::assets::{Companies, DocAsset};
use crate::doc::{abbreviations, Ctx};
pub(crate) use merge::{absorb, dedupe_ids, event_id, same_event};
use sentences::{has_anaphor, Sentence, Subjects};
use words::{find_words, AGENCIES, AGENCY_AC};

/// A sentence that opens on the deal just announced: "The acquisition brings …", "Under the
/// agreement, …", "The deal gives …", "The assets are …", a bullet's "Acquisition brings …".
static DEAL_ANAPHOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s\-*\u{2022}]*(?:(?:Under|Through|With)\s+)?(?:the|this)\s+(?:(?:terms\s+of\s+the|proposed|definitive|licen[cs]e|collaboration)\s+)?(?:deal|acquisition|agreement|transaction|licen[cs]e|collaboration|partnership|merger)(?-u:\b)|^[\s\-*\u{2022}]*(?:the|these|both)\s+(?:two\s+|three\s+|four\s+)?(?:assets|candidates|drug\s+candidates|programs|programmes|molecules|compounds|antibodies|ADCs)\s+(?:are|include|covered)(?-u:\b)|^[\s\-*\u{2022}]*(?:acquisition|deal|transaction|merger)\s+(?:brings|adds|gives|includes|covers)(?-u:\b)")
        .expect("valid")
});

/// A deal's drug left unnamed: "rights to a PD-1/IL-2 fusion protein", "licensed an
/// antibody".
static UNNAMED_DRUG_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:rights\s+(?:[\w-]+\s+){0,3}?to|licen[cs]ed|sold|acquired|bought)\s+(?:an?|one)\s+(?:[\w/-]+\s+){0,4}?(?:antibody|ADC|conjugate|fusion\s+protein|inhibitor|agonist|antagonist|degrader|bispecific|candidate|program|programme|asset|molecule|compound|therapy|vaccine|drug)(?-u:\b)")
        .expect("valid")
});

/// Rights granted to drugs: "rights outside China to VX-1", "exclusive rights to VX-1".
static RIGHTS_TO_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)rights(?-u:\b)[^.;]{0,60}?(?-u:\b)to(?-u:\b)").expect("valid")
});

/// What every pass of one document reads: its sentences, drugs, companies and agencies.
pub(crate) struct Env<'a> {
    sentences: Vec<Sentence>,
    subjects: Subjects,
    companies: &'a Companies,
    assets: &'a [DocAsset],
    doc_date: dates::DocDate,
    /// The document's companies, each once, by display name.
    company_names: Vec<String>,
    /// Every agency mention of the document (start, canonical), in order.
    agencies: Vec<(usize, &'static str)>,
    /// The agency, when the document names exactly one.
    single_agency: Option<&'static str>,
    /// The items of a round-up, with the agency and day of each item's heading.
    sections: Vec<sections::Section>,
}

impl Env<'_> {
    /// The drugs an event stated in `clause` (absolute span) of sentence `si` is about: those
    /// the clause names; else the one a pronoun refers back to; else (`look_ahead`, for deals
    /// announced first and described after) those the next two sentences name; else the
    /// document's only drug; else the drug named last in the same paragraph. `[None]` when the
    /// document names no drug at all; empty when the event cannot be attributed.
    fn subjects_of(
        &self,
        text: &str,
        si: usize,
        clause: (usize, usize),
        look_ahead: bool,
    ) -> Vec<Option<String>> {
        let ids = |v: Vec<usize>| -> Vec<Option<String>> {
            v.into_iter().map(|i| self.subjects.id(i)).collect()
        };
        if !self.subjects.any() {
            return vec![None];
        }
        let named = self.subjects.named(clause.0, clause.1);
        if !named.is_empty() {
            return ids(named);
        }
        let Some(sent) = self.sentences.get(si) else {
            return Vec::new();
        };
        let clause_text = text.get(clause.0..clause.1).unwrap_or("");
        // "sold rights to a PD-1/IL-2 fusion protein": the clause's drug is one it leaves
        // unnamed, not a drug named elsewhere.
        if UNNAMED_DRUG_RE.is_match(clause_text) {
            return Vec::new();
        }
        if has_anaphor(clause_text) {
            if let Some(i) = self.subjects.last_before(0, sent.start) {
                return ids(vec![i]);
            }
        }
        if look_ahead {
            let ahead = self.described_next(text, si);
            if !ahead.is_empty() {
                return ids(ahead);
            }
        }
        if let Some(i) = self.subjects.single() {
            return ids(vec![i]);
        }
        // The same paragraph's drug, named in an earlier sentence (not an earlier clause).
        // Sentences are in text order, so the paragraph's first one is found by binary search.
        let first = self.sentences.partition_point(|s| s.para < sent.para);
        let para_start = self
            .sentences
            .get(first)
            .map(|s| s.start)
            .unwrap_or(sent.start);
        if let Some(i) = self.subjects.last_before(para_start, sent.start) {
            return ids(vec![i]);
        }
        match self.heading_subject(text, si) {
            Some(i) => ids(vec![i]),
            None => Vec::new(),
        }
    }

    /// The one drug a heading names over the bullets a sentence is one of: "ARB-315, a PRMT5
    /// inhibitor" above "- Received FDA Fast Track designation in August 2026 for …".
    fn heading_subject(&self, text: &str, si: usize) -> Option<usize> {
        let is_bullet = |s: &Sentence| {
            let t = text.get(s.start..s.end).unwrap_or("").trim_start();
            ["- ", "• ", "* ", "\u{2022}"]
                .iter()
                .any(|b| t.starts_with(b))
        };
        if !is_bullet(self.sentences.get(si)?) {
            return None;
        }
        // Back over the bullets (and the other sentences of each) to the first line that is
        // none: the heading.
        // Sentences are in text order, so a line's first one is found by binary search; a
        // heading more than 40 sentences up is none.
        let heading = self
            .sentences
            .get(si.saturating_sub(40)..si)?
            .iter()
            .rev()
            .find(|s| {
                let first = self.sentences.partition_point(|x| x.para < s.para);
                let first_of_line = self
                    .sentences
                    .get(first)
                    .is_some_and(|x| x.start == s.start);
                first_of_line && !is_bullet(s)
            })?;
        let line = text.get(heading.start..heading.end).unwrap_or("");
        if line.len() > 120 || line.trim_end().ends_with(['.', ':']) {
            return None;
        }
        match self.subjects.named(heading.start, heading.end).as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The drugs named in a normalised span, as event subjects.
    fn subjects_in(&self, start: usize, end: usize) -> Vec<Option<String>> {
        self.subjects
            .named(start, end)
            .into_iter()
            .map(|i| self.subjects.id(i))
            .collect()
    }

    /// The drugs a deal announced in sentence `si` is described by next: when the next
    /// sentence states its terms or rights ("… for the exclusive rights to a pair of
    /// antibodies"), the subject of each clause of it and the sentence after ("VX-1 targets …,
    /// while VX-2 targets …"), not every drug those sentences name.
    fn described_next(&self, text: &str, si: usize) -> Vec<usize> {
        let mut next = self.sentences.iter().skip(si + 1).take(2);
        let Some(first) = next.next() else {
            return Vec::new();
        };
        let first_text = text.get(first.start..first.end).unwrap_or("");
        // "The acquisition brings Vela VX-1 … as well as VX-2", "Vela receives rights to VX-1
        // … and VX-2": a sentence about the deal itself, or the rights it grants, names every
        // drug the deal covers.
        if DEAL_ANAPHOR_RE.is_match(first_text) || RIGHTS_TO_RE.is_match(first_text) {
            let all = self.subjects.named(first.start, first.end);
            if !all.is_empty() {
                return all;
            }
        }
        if !(deals::terms_only(first_text) || first_text.contains("rights")) {
            return Vec::new();
        }
        let mut out: Vec<usize> = Vec::new();
        for s in std::iter::once(first).chain(next) {
            let body = text.get(s.start..s.end).unwrap_or("");
            for (a, b) in sentences::clauses(body) {
                if let Some(i) = self.subjects.named(s.start + a, s.start + b).first() {
                    if !out.contains(i) {
                        out.push(*i);
                    }
                }
            }
        }
        out
    }

    /// The agency named last before `pos`.
    fn agency_before(&self, pos: usize) -> Option<&'static str> {
        let upto = self.agencies.partition_point(|(s, _)| *s < pos);
        upto.checked_sub(1)
            .and_then(|i| self.agencies.get(i))
            .map(|(_, a)| *a)
    }

    /// The round-up item holding a position: the agency and day of its heading.
    fn section_at(&self, pos: usize) -> Option<&sections::Section> {
        sections::section_at(&self.sections, pos)
    }

    /// The agency, when the document names exactly one.
    fn single_agency(&self) -> Option<&'static str> {
        self.single_agency
    }

    /// The company that owns a drug: the one whose possessive names it ("Vela Bio's VX-1",
    /// "Orca Co., Ltd. (SHE: 000001)'s OB-2"), else its developer.
    fn owner(&self, text: &str, asset_id: &str) -> Option<String> {
        let asset = self.assets.iter().find(|a| a.id() == asset_id)?;
        for (start, _) in &asset.mentions {
            let upto = self
                .companies
                .mentions
                .partition_point(|m| m.start < *start);
            let Some(m) = upto
                .checked_sub(1)
                .and_then(|i| self.companies.mentions.get(i))
            else {
                continue;
            };
            let gap = text.get(m.end..*start).unwrap_or("");
            if gap.len() <= 40 && possessive_gap(gap) {
                return Some(self.companies.resolve(&m.name));
            }
        }
        asset
            .companies
            .iter()
            .find(|c| c.role == "developer")
            .map(|c| c.name.clone())
    }
}

/// Whether the text between a company and a drug makes the company its owner: "'s", "'",
/// after the rest of a legal name and a stock code ("Co., Ltd. (SHE: 000001)'s").
fn possessive_gap(gap: &str) -> bool {
    let gap = gap.trim_end();
    let Some(head) = gap.strip_suffix("'s").or_else(|| gap.strip_suffix('\'')) else {
        return false;
    };
    let head = match (head.find('('), head.ends_with(')')) {
        (Some(i), true) => head.get(..i).unwrap_or(""),
        _ => head,
    };
    head.chars()
        .all(|c| c.is_alphanumeric() || " .,&".contains(c))
        && head.split_whitespace().count() <= 3
}

fn new_event(kind: EventKind, asset: Option<String>, title: String, rule: &str) -> Event {
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
        rule: Some(rule.to_owned()),
    }
}

/// Extract regulatory events, deals and milestones.
pub(crate) fn extract_events(
    ctx: &mut Ctx,
    assets: &[DocAsset],
    companies: &Companies,
) -> Vec<Event> {
    let abbrs = abbreviations(ctx.text());
    let sentences = sentences::sentences(ctx);
    let ends: Vec<usize> = sentences.iter().map(|s| s.end).collect();
    let agencies: Vec<(usize, &'static str)> = find_words(&AGENCY_AC, AGENCIES, ctx.text())
        .into_iter()
        .map(|(s, _, a)| (s, a))
        .collect();
    let single_agency = agencies
        .first()
        .map(|f| f.1)
        .filter(|first| agencies.iter().all(|(_, a)| a == first));
    let mut company_names: Vec<String> = companies
        .mentions
        .iter()
        .map(|m| companies.resolve(&m.name))
        .collect();
    company_names.sort();
    company_names.dedup();
    let doc_date = dates::DocDate::new(ctx, &ends);
    let sections = sections::sections(ctx.text(), doc_date.date.as_deref());
    let env = Env {
        company_names,
        sections,
        subjects: Subjects::new(ctx.text(), assets),
        companies,
        assets,
        doc_date,
        agencies,
        single_agency,
        sentences,
    };
    let mut drafts: Vec<Event> = Vec::new();
    let mut last_indication: Option<String> = None;
    // The drafts of the last deal sentence, which money terms in the next sentence complete.
    let mut last_deal: (usize, Vec<usize>) = (usize::MAX, Vec::new());
    // The approvals of the last sentence that stated one, which "The decision, dated …" dates.
    let mut last_approvals: (usize, Vec<usize>) = (usize::MAX, Vec::new());
    for (si, sent) in env.sentences.iter().enumerate() {
        let before = drafts.len();
        regulatory::regulatory(ctx, &env, si, &mut drafts, &mut last_indication);
        let approvals: Vec<usize> = (before..drafts.len())
            .filter(|i| drafts[*i].kind == EventKind::Approval)
            .collect();
        if !approvals.is_empty() {
            last_approvals = (si, approvals);
        } else if si == last_approvals.0.wrapping_add(1) {
            date_decision(ctx, sent, &last_approvals.1, &mut drafts);
        }
        let added = deals::deal(ctx, &env, si, &mut drafts);
        let ut = ctx
            .text()
            .get(sent.start..sent.end)
            .unwrap_or("")
            .to_owned();
        if !added.is_empty() {
            last_deal = (si, added);
        } else if si == last_deal.0.wrapping_add(1) && deals::terms_only(&ut) {
            // Terms often follow in the next sentence: "Orca will receive an upfront payment …".
            deals::add_terms(ctx, sent.start, &ut, &mut drafts, &last_deal.1);
        }
        milestones::milestone(ctx, &env, si, &ut, &mut drafts);
    }
    merge::merge_within(drafts, &abbrs)
}

/// "The decision, dated 30 October 2026, follows …": a sentence right after an approval that
/// dates the decision itself gives the approval that date.
fn date_decision(ctx: &Ctx, sent: &Sentence, approvals: &[usize], drafts: &mut [Event]) {
    static DECISION_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:The|This|Its)\s+(?:decision|approval|authori[sz]ation)(?:\s+was)?,?\s+(?:dated|issued|taken|adopted|made)\s+(?:on\s+)?$")
            .expect("valid")
    });
    let Some(d) = ctx.dates_in(sent.start, sent.end).into_iter().next() else {
        return;
    };
    let head = ctx.text().get(sent.start..d.start).unwrap_or("");
    if d.value.len() != 10 || !DECISION_RE.is_match(head) {
        return;
    }
    // The same approval stated before (a headline) takes the date too.
    let keys: Vec<(Option<String>, Option<String>, Option<String>)> = approvals
        .iter()
        .filter_map(|i| drafts.get(*i))
        .map(|e| (e.asset.clone(), e.agency.clone(), e.date.clone()))
        .collect();
    for e in drafts.iter_mut() {
        let key = (e.asset.clone(), e.agency.clone(), e.date.clone());
        if e.kind == EventKind::Approval && keys.contains(&key) {
            e.date = Some(d.value.clone());
            if let Some(r) = e.rule.as_mut() {
                r.push_str(".decision_dated");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::{companies, extract_assets};

    /// (asset, agency, designation, date) of every regulatory event of a short document.
    fn check(text: &str, expected: &[(&str, &str, &str, Option<&str>)]) {
        let mut ctx = Ctx::new("d", "d.txt", text);
        let cos = companies(&ctx);
        let assets = extract_assets(&mut ctx, &cos);
        let got: Vec<(String, String, String, Option<String>)> =
            extract_events(&mut ctx, &assets, &cos)
                .into_iter()
                .filter(|e| e.kind != EventKind::Milestone && e.kind != EventKind::Deal)
                .map(|e| {
                    (
                        e.asset.unwrap_or_default(),
                        e.agency.unwrap_or_default(),
                        e.designation.unwrap_or_default(),
                        e.date,
                    )
                })
                .collect();
        let want: Vec<(String, String, String, Option<String>)> = expected
            .iter()
            .map(|(a, g, d, t)| ((*a).into(), (*g).into(), (*d).into(), t.map(str::to_owned)))
            .collect();
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn regulatory_events_by_rule() {
        check("In October 2024, it obtained Breakthrough Therapy Designation (BTD) from the NMPA for AB-101 in treating melanoma.", &[("ab-101", "NMPA", "BTD", Some("2024-10"))]);
        check("In January 2026, the FDA granted Fast Track Designation to AB-101 for melanoma, and in the same month, the European Commission granted Orphan Drug Designation for this indication.", &[("ab-101", "FDA", "FTD", Some("2026-01")), ("ab-101", "EC", "ODD", Some("2026-01"))]);
        check("AB-101 was granted Breakthrough Therapy Designation by the CDE in March 2025 and was included in the priority review by the NMPA in April 2026.", &[("ab-101", "NMPA", "BTD", Some("2025-03")), ("ab-101", "NMPA", "PRIORITY_REVIEW", Some("2026-04"))]);
        check("The U.S. FDA has approved TELVA (relatamab, LUM-101) for adults with follicular lymphoma.", &[("lum-101", "FDA", "APPROVAL", None)]);
        check(
            "China's NMPA has approved the IND application for AB-101.",
            &[("ab-101", "NMPA", "IND", None)],
        );
    }

    #[test]
    fn designations_of_one_agency_and_designations_side_by_side() {
        check(
            "Orca Bio said its AB-101 received Fast Track designation in May 2026.",
            &[("ab-101", "FDA", "FTD", Some("2026-05"))],
        );
        check(
            "The FDA has granted SAKIGAKE designation in March 2026 to AB-101 and RMAT designation in April 2026 to CD-202.",
            &[("ab-101", "MHLW", "SAKIGAKE", Some("2026-03")), ("cd-202", "FDA", "RMAT", Some("2026-04"))],
        );
        check(
            "The agency added AB-101, an anti-CD7 antibody, to its PRIME scheme in June 2026.",
            &[("ab-101", "EMA", "PRIME", Some("2026-06"))],
        );
        // "The decision, dated …" dates the approval of the sentence before.
        check(
            "The European Commission has approved AB-101 for adults with myeloma. The decision, dated 2 March 2026, follows a positive CHMP opinion.",
            &[("ab-101", "EC", "APPROVAL", Some("2026-03-02"))],
        );
        // A speaker "added" something; no designation was granted.
        check(
            "The company added that the orphan designation of AB-101 lapsed.",
            &[],
        );
        // The priority review and designation of "this application" are the FDA's, named before.
        check(
            "The FDA approved AB-101 for gout in May 2026. This application was granted priority review and breakthrough designation.",
            &[("ab-101", "FDA", "APPROVAL", Some("2026-05")), ("ab-101", "FDA", "PRIORITY_REVIEW", None), ("ab-101", "FDA", "BTD", None)],
        );
    }

    #[test]
    fn round_up_items_take_agency_and_day_from_their_heading() {
        check(
            "Regulatory Digest\nWeek ending March 20, 2026\n\nFDA: IND clearance (Mar. 18)\nOrca Bio received clearance of its investigational new drug application for AB-101 in lupus.\n\nEMA: PRIME (Mar. 19)\nCD-202 was admitted to the PRIME scheme for glioma.\n",
            &[("ab-101", "FDA", "IND", Some("2026-03-18")), ("cd-202", "EMA", "PRIME", Some("2026-03-19"))],
        );
    }

    #[test]
    fn an_agency_named_as_subject_approves() {
        check(
            "The European Commission approved AB-101 for adults with melanoma in March 2026. The CDE has included CD-202 in its breakthrough therapy list.",
            &[("ab-101", "EC", "APPROVAL", Some("2026-03")), ("cd-202", "NMPA", "BTD", None)],
        );
    }

    #[test]
    fn a_japanese_approval_under_ministry_and_agency_is_one_event() {
        check(
            "Orca Obtains Approval in Japan for AB-101\n\nOrca announced today that it has obtained marketing approval from Japan's Ministry of Health, Labour and Welfare (MHLW) for AB-101.",
            &[("ab-101", "MHLW", "APPROVAL", None)],
        );
    }

    #[test]
    fn an_application_accepted_with_priority_review_is_a_priority_review() {
        check(
            "The FDA has accepted the BLA for AB-101 and granted Priority Review, with a PDUFA target action date of May 2, 2026.",
            &[("ab-101", "FDA", "PRIORITY_REVIEW", None)],
        );
    }

    #[test]
    fn designations_listed_together_are_one_event_each() {
        check(
            "The FDA granted Fast Track and Orphan Drug designations to AB-101 for the treatment of glioma.",
            &[("ab-101", "FDA", "FTD", None), ("ab-101", "FDA", "ODD", None)],
        );
    }

    #[test]
    fn no_event_without_a_grant() {
        check(
            "The NMPA accepted the New Drug Application for AB-101.",
            &[],
        );
        check(
            "Breakthrough Therapy Designation is intended to expedite review by the FDA of AB-101.",
            &[],
        );
        check(
            "Vela plans to seek Breakthrough Therapy Designation from the FDA for AB-101.",
            &[],
        );
        check(
            "Vela is poised for potential FDA approval of AB-101 next year.",
            &[],
        );
        check(
            "AB-101 is part of the FDA's Priority Review Voucher program.",
            &[],
        );
    }

    #[test]
    fn each_drug_gets_the_events_of_its_own_clause() {
        check(
            "The CDE announced that AB-101 and CD-202 are set for priority review, while EF-303 has been designated a breakthrough therapy.",
            &[("ab-101", "NMPA", "PRIORITY_REVIEW", None), ("cd-202", "NMPA", "PRIORITY_REVIEW", None), ("ef-303", "NMPA", "BTD", None)],
        );
        // A combination partner gets nothing; a pronoun points back to the drug before.
        check(
            "AB-101 is studied in combination with CD-202. The drug received orphan drug designation from the FDA in May 2023.",
            &[("ab-101", "FDA", "ODD", Some("2023-05"))],
        );
        // "The agency" is the one named before; "in China" names the NMPA.
        check(
            "The FDA granted Fast Track designation to AB-101. AB-101 has also secured orphan drug designation from the agency. AB-101 received marketing approval in China in May 2025.",
            &[("ab-101", "FDA", "FTD", None), ("ab-101", "FDA", "ODD", None), ("ab-101", "NMPA", "APPROVAL", Some("2025-05"))],
        );
    }

    /// (asset, parties) of every deal of a short document.
    fn check_deals(text: &str, expected: &[(&str, &[&str])]) {
        let mut ctx = Ctx::new("d", "d.txt", text);
        let cos = companies(&ctx);
        let assets = extract_assets(&mut ctx, &cos);
        let got: Vec<(String, Vec<String>)> = extract_events(&mut ctx, &assets, &cos)
            .into_iter()
            .filter(|e| e.kind == EventKind::Deal)
            .map(|e| (e.asset.unwrap_or_default(), e.parties))
            .collect();
        let want: Vec<(String, Vec<String>)> = expected
            .iter()
            .map(|(a, p)| ((*a).to_owned(), p.iter().map(|s| (*s).to_owned()).collect()))
            .collect();
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn deals_by_rule() {
        // One deal per drug the deal covers.
        check_deals(
            "Halden Pharma has signed a co-development agreement with Tarn Biosciences for TB-110, TB-120 and TB-130.",
            &[("tb-110", &["Halden Pharma", "Tarn Biosciences"]), ("tb-120", &["Halden Pharma", "Tarn Biosciences"]), ("tb-130", &["Halden Pharma", "Tarn Biosciences"])],
        );
        // One deal per counterparty listed after "with".
        check_deals(
            "Orca Bio has licence agreements for OB-701 with Tessel and Nordhavn Pharma for certain regions.",
            &[("ob-701", &["Orca Bio", "Tessel"]), ("ob-701", &["Orca Bio", "Nordhavn Pharma"])],
        );
        // The licensee named in passing; the owner from the possessive.
        check_deals(
            "Fenglin Pharma Inc.'s FL-770 is a bispecific antibody. The drug was licensed to Meridian Oncology last year.",
            &[("fl-770", &["Fenglin Pharma", "Meridian Oncology"])],
        );
        // The acquisition of the company that owns the drug, parties read from the phrase.
        check_deals(
            "Brightwater Completes Acquisition of Skyline Bio\nSK-401 is a radioligand in a Phase 2 study.",
            &[("sk-401", &["Brightwater", "Skyline Bio"])],
        );
        // A combination partner is not covered by the deal; a wrapped line still reads.
        check_deals(
            "Vela announced a clinical trial collaboration agreement with\nCorvid Pharmaceuticals to evaluate VX-410 in combination with CV-880.",
            &[("vx-410", &["Vela", "Corvid Pharmaceuticals"])],
        );
        check_deals(
            "Halden Pharma Acquires Skyline Bio for $1 billion\nSK-401 is a radioligand.",
            &[("sk-401", &["Halden Pharma", "Skyline Bio"])],
        );
        // Rights granted, licensed, or bought by an upfront payment are licences.
        check_deals(
            "Vela Bio is paying $50 million upfront for two antibodies from Orca Pharma. The deal gives Vela exclusive rights to OB-101, an anti-TSLP antibody, and OB-202, an anti-IL-33 antibody.",
            &[("ob-101", &["Vela Bio", "Orca Pharma"]), ("ob-202", &["Vela Bio", "Orca Pharma"])],
        );
        check_deals(
            "Tarn Biosciences, which discovered TB-110, licensed rights outside China to Halden Pharma in 2023.",
            &[("tb-110", &["Tarn Biosciences", "Halden Pharma"])],
        );
        check_deals("Patients with acquired resistance to VX-410 were enrolled by Vela Therapeutics and Corvid Pharmaceuticals.", &[]);
        // A drug licensed in from its maker; the deal's drugs named by the next sentence.
        check_deals(
            "Halden Pharma's HP-44 is in a phase 2 trial. Halden licensed HP-44 from Osaka-based Kiso Biopharma in 2021 for $10 million upfront.",
            &[("hp-44", &["Halden Pharma", "Kiso Biopharma"])],
        );
        check_deals(
            "Vela Bio is licensing global rights to two candidates from Orca Therapeutics.\n\nThe assets are OB-11, an anti-CD3 bispecific, and OB-12, an ADC.",
            &[("ob-11", &["Vela Bio", "Orca Therapeutics"]), ("ob-12", &["Vela Bio", "Orca Therapeutics"])],
        );
        // Buying a company covers every drug the document gives it, not the buyer's own.
        check_deals(
            "Halden Pharma to Acquire Tarn Biosciences\nTarn Biosciences' lead drug TB-51 is in phase 3, and Tarn Biosciences' TB-77 is a preclinical degrader. Halden Pharma's HP-22 is approved.",
            &[("tb-51", &["Halden Pharma", "Tarn Biosciences"]), ("tb-77", &["Halden Pharma", "Tarn Biosciences"])],
        );
        // The deal is the semicolon part its trigger stands in; a drug the deal leaves unnamed
        // is no drug of the document.
        check_deals(
            "Quill Oncology's QO-8 is approved. Quill Oncology has $2 billion in cash; Marsh Bio out-licensed MB-38 China rights to Kiso Medical in 2024.",
            &[("mb-38", &["Marsh Bio", "Kiso Medical"])],
        );
        // A place in the possessive and a legal form are no part of a party's name.
        check_deals(
            "Norway's Fjell Pharma AS has struck a licensing deal with Suzhou Hemu Biologics Co., Ltd. for HM-210, an anti-TL1A antibody.",
            &[("hm-210", &["Fjell Pharma", "Suzhou Hemu Biologics"])],
        );
        check_deals(
            "Orca Therapeutics reported OB-11 data.\n\nEarlier, Orca sold ex-China rights to an IL-2 fusion protein to Tern Bio for $40 million upfront.",
            &[("", &["Orca Therapeutics", "Tern Bio"])],
        );
    }

    #[test]
    fn a_drug_in_brackets_after_a_designation_is_its_drug() {
        check(
            "Radar, week of 23-27 November 2026\n\n- FDA: one accelerated approval (XY-303), one orphan designation (AB-101), one priority review (CD-202)\n\nXY-303 is an ADC. AB-101 is a gene therapy. CD-202 is an enzyme.",
            &[("ab-101", "FDA", "ODD", Some("2026-11-27")), ("cd-202", "FDA", "PRIORITY_REVIEW", Some("2026-11-27"))],
        );
        // A BLA is the FDA's.
        check(
            "Week of 23-27 November 2026\n\nOrca Bio's BLA for OB-11 was accepted with priority review on November 27.",
            &[("ob-11", "FDA", "PRIORITY_REVIEW", Some("2026-11-27"))],
        );
    }

    #[test]
    fn a_bullet_under_a_heading_naming_one_drug_is_that_drugs() {
        check(
            "Pipeline\n\nAB-101, a KRAS inhibitor\n- Received FDA Fast Track designation in August 2026 for pancreatic cancer.\n\nCD-202, an ADC\n- The FDA cleared the IND application in September 2026.",
            &[("ab-101", "FDA", "FTD", Some("2026-08")), ("cd-202", "FDA", "IND", Some("2026-09"))],
        );
    }

    #[test]
    fn round_ups_give_no_event_to_an_unnamed_drug() {
        check(
            "CDE Grants Priority Review to AB-101; Two Others Earn Breakthrough Therapy Designation\nCD-202 is a bispecific antibody.",
            &[("ab-101", "NMPA", "PRIORITY_REVIEW", None)],
        );
    }
}
