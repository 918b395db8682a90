//! Dates of events: the date the text ties to the event, as precise as stated; else the
//! document's date when the text reports the event as just announced; else none.
//!
//! "Ties to" means the nearest date in the event's own clause ("In February 2019, the FDA
//! granted …, and in October 2016, … received …" gives each clause its own month). A status
//! date ("As of September 2025, nine indications have been granted …") is when the count was
//! taken, not when anything was granted, so it is no event date. News of the day is an event
//! reported "today", or one the headline announces and the lead sentences report without a
//! date of their own; a background event ("has received BTD") in the body stays undated.

use std::sync::LazyLock;

use regex::Regex;

use crate::doc::Ctx;

/// Words before a date that make it a deadline, not when anything happened (a PDUFA date).
const FUTURE_DATE_CUES: &[&str] = &["action date", "pdufa", "goal date", "expected by"];

/// Dates a clause boundary separates from a mention belong to the other clause.
const CLAUSE_BOUNDARIES: &[&str] = &[
    " and was ",
    " and were ",
    " and has ",
    "; ",
    ", and ",
    ", while ",
];

static JUST_DONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)ha(?:s|ve)\s+(?:been\s+)?(?:granted|received|awarded|obtained)(?-u:\b)",
    )
    .expect("valid")
});

static TODAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)today(?-u:\b)|(?-u:\b)(?:announced|reported|announces|reports)\s+(?:that\s+)?")
        .expect("valid")
});

/// The date nearest the mention `span` (relative to `base`) in the sentence `ut`, preferring
/// the clause `clause` (relative span); status dates ("as of …") are skipped. A date after the
/// mention counts from the mention's end ("BTD in August 2025"); a date before it that an
/// "and" separates from it belongs to the item before ("ODD in May 2025 and BTD …").
pub(super) fn nearest_date(
    ctx: &Ctx,
    base: usize,
    ut: &str,
    span: (usize, usize),
    clause: (usize, usize),
) -> Option<String> {
    let abs = base + span.0;
    let abs_end = base + span.1.max(span.0);
    let text = ctx.text();
    let dates = ctx.dates_in(base, base + ut.len());
    dates
        .iter()
        .filter(|d| {
            let head = text
                .get(d.start.saturating_sub(40)..d.start)
                .unwrap_or("")
                .to_lowercase();
            !head.trim_end().ends_with("as of")
                && !FUTURE_DATE_CUES.iter().any(|c| head.contains(c))
        })
        // A date of another clause belongs to that clause's event.
        .filter(|d| d.end > base + clause.0 && d.start < base + clause.1)
        .min_by_key(|d| {
            let (from, to, dist, before) = if d.start >= abs_end {
                (abs_end, d.start, d.start - abs_end, false)
            } else if d.start > abs {
                (abs, d.start, 0, false)
            } else {
                (d.end.min(abs), abs, abs - d.end.min(abs), true)
            };
            let between = text.get(from..to).unwrap_or("");
            let boundary = CLAUSE_BOUNDARIES.iter().any(|b| between.contains(b));
            let other_item = before && between.contains(" and ");
            dist + if boundary { 1000 } else { 0 } + if other_item { 100 } else { 0 }
        })
        .map(|d| d.value.clone())
}

/// What the document says about its own date and headline, read once.
pub(super) struct DocDate {
    /// The document's date: the manifest's or the text's ("On May 22, 2026 X announced"), else
    /// a full date in its first lines (a dateline such as "Dec. 21, 2022 6:11 AM ET").
    pub date: Option<String>,
    /// The headline region: the first lines of the document, lower-cased.
    pub head: String,
    /// Where the headline region ends (normalised offset).
    pub head_end: usize,
    /// Where the lead ends: the lead is the headline and the first few sentences.
    pub lead_end: usize,
}

/// How many lines count as the headline, and sentences as the lead.
const HEAD_LINES: usize = 2;
const LEAD_SENTENCES: usize = 4;
const MAX_HEADLINE: usize = 250;

impl DocDate {
    pub fn new(ctx: &Ctx, sentence_ends: &[usize]) -> DocDate {
        let text = ctx.text();
        // The headline is the first short lines; a long line, or one ending in a full stop, is
        // the lead paragraph.
        let mut head_end = 0;
        let mut lines = 0;
        for line in text.split_inclusive('\n') {
            if lines == HEAD_LINES || line.len() > MAX_HEADLINE || line.trim_end().ends_with('.') {
                break;
            }
            head_end += line.len();
            lines += usize::from(!line.trim().is_empty());
        }
        // A dateline: a full date in the headline lines, or the first full date of the text
        // when a dash or a wire credit follows it ("BASEL; March 3, 2025 - X announced …",
        // "Dec. 15, 2022 (GLOBE NEWSWIRE) --").
        let dateline = ctx
            .dates
            .iter()
            .filter(|d| d.value.len() == 10)
            .find(|d| {
                let after = text.get(d.end..(d.end + 4).min(text.len())).unwrap_or("");
                d.start < head_end || after.trim_start().starts_with(['-', '('])
            })
            .map(|d| d.value.clone());
        DocDate {
            date: ctx.doc_date.clone().or(dateline),
            head: text.get(..head_end).unwrap_or("").to_lowercase(),
            head_end,
            lead_end: sentence_ends
                .get(LEAD_SENTENCES - 1)
                .or(sentence_ends.last())
                .copied()
                .unwrap_or(0),
        }
    }

    /// The date of an undated event reported in sentence `ut` at `base`: the document's date
    /// when the sentence reports it "today", or when the headline announces this kind of event
    /// (`echo`: lower-case words, any of which the headline must contain) and the sentence is
    /// part of the lead.
    pub fn news_date(&self, ctx: &Ctx, base: usize, ut: &str, echo: &[&str]) -> Option<String> {
        let lower = ut.to_lowercase();
        let today = lower.contains("today")
            || (TODAY_RE.is_match(ut)
                && lower.contains("has ")
                && ctx
                    .dates
                    .first()
                    .is_some_and(|d| d.start >= base && d.start < base + ut.len()));
        // The event the headline announces, in the lead or stated as just done ("has granted").
        let headline = (base < self.lead_end || JUST_DONE_RE.is_match(ut))
            && echo.iter().any(|w| self.head.contains(w));
        if today || headline {
            self.date.clone()
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, mention: &str, expected: Option<&str>) {
        let ctx = Ctx::new("d", "d.txt", text);
        let pos = text.find(mention).unwrap_or(0);
        let clauses = super::super::sentences::clauses(text);
        let clause = super::super::sentences::clause_at(&clauses, pos);
        assert_eq!(
            nearest_date(&ctx, 0, text, (pos, pos + mention.len()), clause).as_deref(),
            expected,
            "{text}"
        );
    }

    #[test]
    fn dates_belong_to_their_clause() {
        check(
            "In May 2019, the FDA granted A a BTD, and in June 2018, A received ODD.",
            "ODD",
            Some("2018-06"),
        );
        check(
            "In May 2019, the FDA granted A a BTD, and in June 2018, A received ODD.",
            "BTD",
            Some("2019-05"),
        );
        check(
            "A was approved in China in March 2024 for lymphoma.",
            "approved",
            Some("2024-03"),
        );
        // Items joined by "and" each take the date that follows them.
        check(
            "The FDA granted A Orphan Drug Designation for glioma in May 2021 and Fast Track designation in July 2022.",
            "Fast Track",
            Some("2022-07"),
        );
        check(
            "The FDA granted A Orphan Drug Designation for glioma in May 2021 and Fast Track designation in July 2022.",
            "Orphan",
            Some("2021-05"),
        );
        // A count taken at a date is no grant date.
        check(
            "As of June 2025, six indications of A have been granted BTD.",
            "BTD",
            None,
        );
    }

    #[test]
    fn news_of_the_day_takes_the_dateline() {
        let text = "Orca Bio gets EU approval for OB-7\nJan. 9, 2024 7:02 AM ET\nThe European Commission granted marketing authorisation to OB-7.\nOB-7 also holds orphan drug designation.";
        let ctx = Ctx::new("d", "d.txt", text);
        let ends: Vec<usize> = ctx.units.iter().map(|u| u.end).collect();
        let dd = DocDate::new(&ctx, &ends);
        assert_eq!(dd.date.as_deref(), Some("2024-01-09"));
        let lead = text.find("The European").unwrap_or(0);
        assert_eq!(
            dd.news_date(&ctx, lead, "The European Commission granted", &["approv"])
                .as_deref(),
            Some("2024-01-09")
        );
        // The headline does not announce a designation: background, undated.
        let bg = text.find("OB-7 also").unwrap_or(0);
        assert_eq!(
            dd.news_date(
                &ctx,
                bg,
                "OB-7 also holds orphan drug designation.",
                &["orphan"]
            ),
            None
        );
    }
}
