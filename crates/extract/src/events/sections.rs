//! Round-up items: a tracker or digest lists its news as items, each under a short heading
//! that names the agency, the kind of decision and the day ("FDA — Fast Track (Jan. 12)"),
//! followed by a paragraph about one drug. The paragraph often leaves the agency or the day to
//! its heading, so an event read in an item takes, when its own sentence states none, the
//! agency and the date of the item's heading.
//!
//! A heading is a short line without a full stop that names exactly one agency and one kind
//! of decision (a designation word, or approval / authorisation / clearance / IND), split by a
//! dash, colon or bar. A day without a year takes the document's year (the year before when
//! the month is later than the document's). An item runs to the next heading or to the end of
//! the first paragraph after its heading.

use std::sync::LazyLock;

use regex::Regex;

use super::words::{find_words, AGENCIES, AGENCY_AC, DESIGNATIONS, DESIGNATION_AC};

/// One item of a round-up: its body span (normalised offsets) and what its heading states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Section {
    pub start: usize,
    pub end: usize,
    pub agency: &'static str,
    pub date: Option<String>,
}

/// A heading is at most this long.
const MAX_HEADING: usize = 90;
const MAX_HEADING_WORDS: usize = 10;

/// The separator between a heading's agency and its decision.
static SEPARATOR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+-\s+|:\s+|\s+\|\s+").expect("valid"));

/// Decision words of a heading that names no designation.
static DECISION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:approv\w*|authori[sz]ation|clearance|cleared|IND|CTA)(?-u:\b)")
        .expect("valid")
});

/// A day in a heading: "(Jan. 12)", "(January 12, 2026)", "- 12 Jan".
static DAY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<d1>\d{1,2})|(?P<d2>\d{1,2})\s+(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)(?:,?\s+(?P<y>(?:19|20)\d\d))?(?-u:\b)")
        .expect("valid")
});

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The items of a round-up document; empty for any other document. `doc_date` gives the
/// year of a heading's day that states none.
pub(super) fn sections(text: &str, doc_date: Option<&str>) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    // The open item: its start and whether its body has begun.
    let mut open: Option<(Section, bool)> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let (start, end) = (pos, pos + line.len());
        pos = end;
        let body = line.trim();
        if let Some(head) = heading(body, doc_date) {
            if let Some((mut s, _)) = open.take() {
                s.end = s.end.min(start);
                out.push(s);
            }
            let (agency, date) = head;
            open = Some((
                Section {
                    start: end,
                    end: text.len(),
                    agency,
                    date,
                },
                false,
            ));
            continue;
        }
        if let Some((s, begun)) = open.as_mut() {
            if body.is_empty() && *begun {
                s.end = start;
                if let Some((s, _)) = open.take() {
                    out.push(s);
                }
            } else if !body.is_empty() {
                *begun = true;
            }
        }
    }
    out.extend(open.map(|(s, _)| s));
    out
}

/// The agency and day a heading line states, when the line is an item heading.
fn heading(line: &str, doc_date: Option<&str>) -> Option<(&'static str, Option<String>)> {
    if line.len() > MAX_HEADING
        || line.split_whitespace().count() > MAX_HEADING_WORDS
        || line.ends_with(['.', ',', ';'])
        || !SEPARATOR_RE.is_match(line)
    {
        return None;
    }
    let agencies = find_words(&AGENCY_AC, AGENCIES, line);
    let agency = agencies.first()?.2;
    if agencies.iter().any(|a| a.2 != agency) {
        return None;
    }
    let decision =
        !find_words(&DESIGNATION_AC, DESIGNATIONS, line).is_empty() || DECISION_RE.is_match(line);
    if !decision {
        return None;
    }
    Some((agency, day(line, doc_date)))
}

/// The day a heading states, as `YYYY-MM-DD`.
fn day(line: &str, doc_date: Option<&str>) -> Option<String> {
    let c = DAY_RE.captures(line)?;
    let month = c.name("m1").or(c.name("m2"))?.as_str().to_lowercase();
    let mm = MONTHS.iter().position(|m| *m == month)? + 1;
    let dd: usize = c.name("d1").or(c.name("d2"))?.as_str().parse().ok()?;
    if !(1..=31).contains(&dd) {
        return None;
    }
    let year = match c.name("y") {
        Some(y) => y.as_str().parse::<usize>().ok()?,
        None => {
            let doc = doc_date?;
            let y: usize = doc.get(..4)?.parse().ok()?;
            let doc_month: usize = doc.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(12);
            if mm > doc_month {
                y - 1
            } else {
                y
            }
        }
    };
    Some(format!("{year}-{mm:02}-{dd:02}"))
}

/// The item holding a position, if any.
pub(super) fn section_at(sections: &[Section], pos: usize) -> Option<&Section> {
    let i = sections.partition_point(|s| s.start <= pos);
    i.checked_sub(1)
        .and_then(|i| sections.get(i))
        .filter(|s| pos < s.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: Option<(&str, Option<&str>)>) {
        let got = heading(line, Some("2026-01-16"));
        let got = got.as_ref().map(|(a, d)| (*a, d.as_deref()));
        assert_eq!(got, expected, "{line}");
    }

    #[test]
    fn headings_by_shape() {
        check(
            "FDA - Fast Track (Jan. 12)",
            Some(("FDA", Some("2026-01-12"))),
        );
        check(
            "China CDE - Breakthrough Therapy (Jan. 14)",
            Some(("NMPA", Some("2026-01-14"))),
        );
        check("MHRA | Approval", Some(("MHRA", None)));
        // A month later than the document's is last year's.
        check(
            "EMA: PRIME designation (Dec 30)",
            Some(("EMA", Some("2025-12-30"))),
        );
        // A sentence, a heading without a decision, two agencies: no item heading.
        check("The FDA granted Fast Track - to AB-1.", None);
        check("FDA - Advisory committee (Jan. 20)", None);
        check("FDA and EMA - approvals (Jan. 20)", None);
    }

    #[test]
    fn items_end_at_their_paragraph() {
        let text = "Intro line.\n\nFDA - Fast Track (Jan. 12)\nVela said AB-1 got it.\n\nOther news here.\n";
        let got = sections(text, Some("2026-01-16"));
        assert_eq!(got.len(), 1);
        let s = &got[0];
        assert_eq!(text.get(s.start..s.end), Some("Vela said AB-1 got it.\n"));
        assert!(section_at(&got, text.find("Vela").unwrap_or(0)).is_some());
        assert!(section_at(&got, text.find("Other").unwrap_or(0)).is_none());
    }
}
