//! The document record (manifest first, then what the text itself says) and the numbers no
//! fact used, so a reviewer sees what extraction left out.
//!
//! Excluded from "numbers": dates, section and page numbering, phone numbers, stock codes,
//! citation markers, and digits that are part of a name (IBI363, PD-1, 4-1BB, KEYNOTE-407).

use std::sync::LazyLock;

use atlas_model::{Document, Span};
use regex::Regex;

use crate::doc::Ctx;
use crate::text::numbers;
use crate::ManifestEntry;

static OPENING_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[A-Z ,.]{0,40}[-:]\s*)?(?:on\s+)?(?P<date>[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4})")
        .expect("valid")
});

static TRAILER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?:Press release|PRESS RELEASE|press release),\s*(?P<publisher>[^,()]{2,80}),\s*(?P<date>[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})")
        .expect("valid")
});

/// The document record from the manifest, filling gaps from the text; sets `ctx.doc_date`.
pub(crate) fn document_record(ctx: &mut Ctx, entry: Option<&ManifestEntry>) -> Document {
    let text = ctx.text().to_owned();
    let mut doc = Document {
        id: ctx.doc_id.to_owned(),
        ..Document::default()
    };
    if let Some(e) = entry {
        doc.title = e.title.clone();
        doc.kind = e.kind.clone();
        doc.publisher = e.publisher.clone();
        doc.published = e.published.clone();
        doc.source = e.source.clone();
    }
    let trailer = TRAILER_RE.captures(&text);
    let opening = OPENING_DATE_RE
        .captures(text.get(..text.len().min(200)).unwrap_or(""))
        .and_then(|c| c.name("date").map(|m| (m.start(), m.end())));
    let date_at = |start: usize, end: usize| {
        ctx.dates
            .iter()
            .find(|d| d.start >= start && d.start < end && d.value.len() == 10)
            .map(|d| d.value.clone())
    };
    let text_date = opening.and_then(|(s, e)| date_at(s, e)).or_else(|| {
        trailer
            .as_ref()
            .and_then(|c| c.name("date"))
            .and_then(|m| date_at(m.start(), m.end()))
    });
    if doc.published.is_none() {
        doc.published = text_date.clone();
    }
    if doc.publisher.is_none() {
        doc.publisher = trailer
            .as_ref()
            .and_then(|c| c.name("publisher"))
            .map(|m| m.as_str().trim().to_owned());
    }
    if doc.kind.is_none() {
        doc.kind = Some(guess_kind(&text, trailer.is_some()).to_owned());
    }
    if doc.title.is_none() {
        // A Markdown heading (HTML reduced to text) is the title; else the first plain line.
        doc.title = text
            .lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix("# ").map(|h| h.trim().to_owned()))
            .or_else(|| {
                text.lines()
                    .map(str::trim)
                    .find(|l| {
                        l.len() >= 20
                            && l.len() <= 200
                            && !l.ends_with(['.', '!'])
                            && !l.contains('[')
                            && !l.contains(" | ")
                    })
                    .map(str::to_owned)
            });
    }
    if doc.title.is_none() {
        doc.title = text
            .lines()
            .map(str::trim)
            .find(|l| l.len() >= 20 && l.len() <= 200 && !l.ends_with('.'))
            .map(str::to_owned);
    }
    ctx.doc_date = doc
        .published
        .clone()
        .filter(|d| d.len() == 10)
        .or(text_date);
    doc
}

fn guess_kind(text: &str, has_trailer: bool) -> &'static str {
    if text.contains("DRUG:")
        || text.contains("BIOLOGICAL:")
        || text.contains("Outcome Measure")
        || (text.matches('|').count() > 5 && text.contains("Phase"))
    {
        "registry record"
    } else if has_trailer || text.contains("today announced") {
        "press release"
    } else {
        "news"
    }
}

static EXCLUDED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \[\d+(?:[,\u{2013}-]\d+)*\]                                   # citation markers
      | (?-u:\b)(?:HKEX|SSE|SZSE|NASDAQ|NYSE|SEHK|STAR|TSE|KOSDAQ)\s?:\s?[A-Z0-9.]+   # stock codes
      | \(\s?\d{4,6}(?:\.HK)?\s?\)                                      # (09887)
      | (?-u:\b)SID\d+ | (?-u:\b)NCT\d{8}(?-u:\b) | https?://\S+ | \S+\.html?(?-u:\b) | (?-u:\b)www\.\S+
      | (?m:^\s*\d{1,2}[.)]\s)                                          # section numbering
      | (?-u:\b)(?:[Pp]age|[Ss]ection|[Ff]igure|[Tt]able|[Ff]ig\.)\s\d+
      | (?:\+\d{1,3}[\s-])?\(?\d{3}\)?[\s-]\d{3}[\s-]\d{4}(?-u:\b)            # phone numbers
      | \+\d{1,3}(?:[\s-]\(?\d{1,5}\)?){2,5}                          # international phone numbers
      | (?-u:\b)[A-Za-z]+[A-Za-z-]*\d+[A-Za-z0-9-]*                           # names with digits
      | (?-u:\b)\d+(?:st|nd|rd|th)[A-Za-z]*                                   # ordinals, 1stOncology
      | (?-u:\b)(?:19|20)\d\d(?-u:\b)                                               # years
        ",
    )
    .expect("valid")
});

/// Fill `unextracted_numbers`; returns the document and (numbers seen, numbers used).
pub(crate) fn finish(ctx: &mut Ctx, mut doc: Document) -> (Document, usize, usize) {
    let text = ctx.text();
    let mut excluded: Vec<(usize, usize)> = ctx.dates.iter().map(|d| (d.start, d.end)).collect();
    excluded.extend(EXCLUDED_RE.find_iter(text).map(|m| (m.start(), m.end())));
    excluded.extend(ctx.text_targets().iter().map(|(s, e, _)| (*s, *e)));
    excluded.sort_unstable();
    let mut used = ctx.used.clone();
    used.sort_unstable();
    let overlaps = |list: &[(usize, usize)], s: usize, e: usize| {
        let i = list.partition_point(|(_, end)| *end <= s);
        list.get(i..)
            .unwrap_or(&[])
            .iter()
            .take_while(|(start, _)| *start < e)
            .any(|(start, end)| *start < e && s < *end)
    };
    let mut seen = 0;
    let mut used_count = 0;
    for n in numbers(text) {
        // Units of one (ECOG 1) and "3+3" style numbers are numbers too; only the exclusions above are not.
        if overlaps(&excluded, n.start, n.end) && !overlaps(&used, n.start, n.end) {
            continue;
        }
        seen += 1;
        if overlaps(&used, n.start, n.end) {
            used_count += 1;
            continue;
        }
        let (os, oe) = (ctx.norm.orig(n.start), ctx.norm.orig(n.end));
        doc.unextracted_numbers.push(Span {
            start: u32::try_from(os).unwrap_or(u32::MAX),
            end: u32::try_from(oe).unwrap_or(u32::MAX),
            text: ctx.orig.get(os..oe).unwrap_or_default().to_owned(),
        });
    }
    (doc, seen, used_count)
}
