//! Dates a text states ("12 January 2026", "Jan. 2026", "2026-01-12", a day and month whose
//! year is the dateline's), as precise as stated.

use std::sync::LazyLock;

use regex::Regex;

/// A date the text states, as precise as stated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DateMention {
    pub start: usize,
    pub end: usize,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub value: String,
}

fn month_number(name: &str) -> Option<u32> {
    let m = name.get(..3)?.to_ascii_lowercase();
    let idx = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|x| *x == m)?;
    u32::try_from(idx + 1).ok()
}

const MONTH: &str = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// Every date in `text` (normalised), in order; "in the same month" resolves to the month of
/// the date before it.
pub(crate) fn dates(text: &str) -> Vec<DateMention> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?xi)
            (?-u:\b)(?P<m1>{MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)(?-u:\b)
          | (?-u:\b)(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{MONTH})\.?,?\s+(?P<y2>(?:19|20)\d\d)(?-u:\b)
          | (?-u:\b)(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)(?-u:\b)
          | (?-u:\b)(?P<m4>{MONTH})\.?,?\s+(?:of\s+)?(?P<y4>(?:19|20)\d\d)(?-u:\b)
          | (?-u:\b)(?:in|since|during|by|until|from|early|mid|late|end\s+of)[\s-]+(?P<y5>(?:19|20)\d\d)(?-u:\b)
          | (?-u:\b)(?P<same>in\s+the\s+same\s+month)(?-u:\b)
          | (?-u:\b)(?P<m6>{MONTH})\.?[\x20]+(?P<d6>\d{{1,2}})(?:st|nd|rd|th)?(?-u:\b)
          | (?-u:\b)(?P<d7>\d{{1,2}})(?:st|nd|rd|th)?[\x20]+(?P<m7>{MONTH})(?-u:\b)
          | (?-u:\b)(?P<m8>{MONTH})(?-u:\b)"
        ))
        .expect("valid date regex")
    });
    let mut out: Vec<DateMention> = Vec::new();
    for c in RE.captures_iter(text) {
        let Some(whole) = c.get(0) else { continue };
        let value = if let (Some(m), Some(d), Some(y)) = (
            c.name("m1").or(c.name("m2")),
            c.name("d1").or(c.name("d2")),
            c.name("y1").or(c.name("y2")),
        ) {
            let (Some(mm), Ok(dd)) = (month_number(m.as_str()), d.as_str().parse::<u32>()) else {
                continue;
            };
            if !(1..=31).contains(&dd) {
                continue;
            }
            format!("{}-{mm:02}-{dd:02}", y.as_str())
        } else if let (Some(y), Some(m), Some(d)) = (c.name("y3"), c.name("m3"), c.name("d3")) {
            let v = format!("{}-{}-{}", y.as_str(), m.as_str(), d.as_str());
            if !crate::config::is_partial_date(&v) {
                continue;
            }
            v
        } else if let (Some(m), Some(y)) = (c.name("m4"), c.name("y4")) {
            // "May 2025" needs care: "may" is also a verb, so only a capitalised May counts.
            if m.as_str().eq_ignore_ascii_case("may") && m.as_str() != "May" {
                continue;
            }
            let Some(mm) = month_number(m.as_str()) else {
                continue;
            };
            format!("{}-{mm:02}", y.as_str())
        } else if let Some(y) = c.name("y5") {
            y.as_str().to_owned()
        } else if let Some(partial) = yearless(&c, text) {
            // "on November 10", "13 Nov", "in October": the year of the first month the text
            // dates (its dateline or issue date: a round-up dated "Week of 9-13 November 2026"
            // lists "November 10"), or the year before when the month falls well after it;
            // with no such date, the year the text last stated; with none, no date.
            match year_for(&out, &partial) {
                Some(year) => format!("{year}{partial}"),
                None => continue,
            }
        } else if c.name("same").is_some() {
            let Some(prev) = out.last() else { continue };
            let Some(month) = prev.value.get(..7).filter(|v| v.len() == 7) else {
                continue;
            };
            month.to_owned()
        } else {
            continue;
        };
        // The year-only rule needs the year itself as the span so the number is known as a date.
        let (start, end) = match c.name("y5") {
            Some(y) if c.name("m4").is_none() => (y.start(), y.end()),
            _ => (whole.start(), whole.end()),
        };
        out.push(DateMention { start, end, value });
    }
    out
}

/// The year of a date written without one (`partial` is "-MM" or "-MM-DD"), from the dates
/// read before it.
fn year_for(before: &[DateMention], partial: &str) -> Option<String> {
    let anchor = before.iter().find(|d| d.value.len() >= 7);
    if let Some(a) = anchor {
        let year: i32 = a.value.get(..4)?.parse().ok()?;
        let month: i32 = a.value.get(5..7)?.parse().ok()?;
        let m: i32 = partial.get(1..3)?.parse().ok()?;
        // News reports what happened lately: "on December 20" in a text dated January 5.
        let year = if m > month + 2 { year - 1 } else { year };
        return Some(year.to_string());
    }
    before
        .iter()
        .rev()
        .find_map(|d| d.value.get(..4))
        .map(str::to_owned)
}

/// The month and day of a date written without its year ("-11-10", or "-10" for a month
/// alone); `None` for any other match, a capitalised "May" excepted (the verb is lower case),
/// or a day no month has.
fn yearless(c: &regex::Captures, text: &str) -> Option<String> {
    let month = c.name("m6").or(c.name("m7")).or(c.name("m8"))?;
    // Month names are capitalised: "march" and "may" in prose are verbs.
    if !month
        .as_str()
        .starts_with(|ch: char| ch.is_ascii_uppercase())
    {
        return None;
    }
    // A month alone is a date only after a preposition of time ("received in October").
    if c.name("m8").is_some() {
        let before = text.get(..month.start()).unwrap_or("").trim_end();
        let word = before.rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
        if ![
            "in", "on", "since", "during", "by", "until", "from", "early", "mid", "late",
        ]
        .contains(&word.as_str())
        {
            return None;
        }
    }
    let mm = month_number(month.as_str())?;
    // "OB-7 January": the number ends a name.
    if let Some(d) = c.name("d7") {
        if text
            .get(..d.start())
            .is_some_and(|b| b.ends_with(['-', '.', '/']))
        {
            return None;
        }
    }
    match c.name("d6").or(c.name("d7")) {
        Some(d) => {
            let dd: u32 = d.as_str().parse().ok()?;
            (1..=31).contains(&dd).then(|| format!("-{mm:02}-{dd:02}"))
        }
        None => Some(format!("-{mm:02}")),
    }
}
