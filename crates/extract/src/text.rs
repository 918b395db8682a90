//! First pass over a document: a normalised copy of the text that every rule matches against,
//! the map back to byte offsets of the original, and the units (sentences, table rows) that
//! become evidence quotes.
//!
//! Real documents spell the same thing many ways: non-breaking spaces and hyphens (`PD‑L1`),
//! curly quotes, full-width punctuation (`：`, `，`), CRLF line ends, em dashes. Rather than
//! teaching every regex about every variant, the text is normalised once, character by
//! character, and each normalised byte remembers the original byte it came from. Rules then
//! see plain ASCII punctuation, and evidence is still cut from the original text, so a quote is
//! always exactly `text[start..end]` of the document as read.

use std::sync::LazyLock;

use regex::Regex;

mod dates;
pub(crate) use dates::*;

/// The normalised text and, for each of its bytes, the original byte offset it came from.
pub(crate) struct Norm {
    pub text: String,
    map: Vec<u32>,
    orig_len: usize,
}

impl Norm {
    pub fn new(orig: &str) -> Norm {
        let mut text = String::with_capacity(orig.len());
        let mut map: Vec<u32> = Vec::with_capacity(orig.len() + 1);
        let clamp = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        for (i, c) in orig.char_indices() {
            let before = text.len();
            match c {
                '\u{00A0}'
                | '\u{2000}'..='\u{200A}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\r' => text.push(' '),
                // A tab separates table cells: two spaces keep it a column gap.
                '\t' => text.push_str("  "),
                '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FE63}'
                | '\u{FF0D}' => text.push('-'),
                '\u{2014}' | '\u{2015}' => text.push_str(" - "),
                '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => text.push('\''),
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => text.push('"'),
                '\u{2026}' => text.push_str("..."),
                '\u{3001}' | '\u{3002}' => text.push_str(if c == '\u{3002}' { ". " } else { ", " }),
                '\u{FF01}'..='\u{FF5E}' => {
                    let ascii = char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(' ');
                    // Full-width commas and colons are followed by no space in CJK typesetting.
                    if matches!(ascii, ',' | ':' | ';') {
                        text.push(ascii);
                        text.push(' ');
                    } else {
                        text.push(ascii);
                    }
                }
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}' => {}
                // Box drawing (tables rendered from HTML): verticals are cell borders.
                '\u{2502}' | '\u{2503}' | '\u{2551}' | '\u{2506}' | '\u{250A}' => text.push('|'),
                '\u{2500}'..='\u{257F}' => {
                    let horizontal = matches!(
                        c,
                        '\u{2500}' | '\u{2501}' | '\u{2550}' | '\u{2504}' | '\u{2508}'
                    );
                    text.push(if horizontal { '-' } else { '+' });
                }
                '\u{2160}' => text.push('I'),
                '\u{2161}' => text.push_str("II"),
                '\u{2162}' => text.push_str("III"),
                '\u{2163}' => text.push_str("IV"),
                '\u{2264}' => text.push('≤'),
                '\u{2265}' => text.push('≥'),
                c if c.is_control() && c != '\n' => text.push(' '),
                c => text.push(c),
            }
            for _ in before..text.len() {
                map.push(clamp(i));
            }
        }
        map.push(clamp(orig.len()));
        Norm {
            text,
            map,
            orig_len: orig.len(),
        }
    }

    /// The original byte offset of a normalised byte offset (`end` exclusive maps likewise).
    pub fn orig(&self, norm_idx: usize) -> usize {
        self.map
            .get(norm_idx)
            .map(|&o| o as usize)
            .unwrap_or(self.orig_len)
    }

    /// The normalised text of a span, empty when the span is out of range.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }
}

/// What kind of unit a span of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnitKind {
    Sentence,
    /// A table row (pipes or aligned columns).
    Row,
    /// One item of a long pipe-separated list (registry outcome measures).
    ListItem,
}

/// A sentence or row: the smallest quotable piece of evidence.
#[derive(Clone, Debug)]
pub(crate) struct Unit {
    /// Normalised byte offsets.
    pub start: usize,
    pub end: usize,
    /// Index of the line (paragraph) the unit sits on.
    pub line: usize,
    pub kind: UnitKind,
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "U.S", "U.K", "E.U", "Dr", "Drs", "vs", "e.g", "i.e", "No", "Nos", "Inc", "Ltd", "Co", "Corp",
    "approx", "Fig", "al", "St", "Jr", "Mr", "Ms", "Mrs", "Prof", "Ph.D", "incl", "etc", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "mo", "pts",
];

/// Abbreviated units ("7.4 mo.", "52 pts.") that end a sentence when a capital follows: a
/// capitalised word after a unit is the next sentence ("… 6.9 mo. In the second cohort …"),
/// where "(95% CI …" or a figure after it is not.
const UNIT_ABBREVIATIONS: &[&str] = &["mo", "mos", "pts", "wk", "wks"];

/// Split the normalised text into lines and each line into units.
pub(crate) fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for (line_idx, line) in text.split('\n').enumerate() {
        let base = line_start;
        line_start += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        let pipes = line.matches('|').count();
        if pipes >= 2
            && line.len() > 300
            && line.split('|').filter(|s| s.contains(", ")).count() >= 2
        {
            let mut seg_start = 0;
            for seg in line.split('|') {
                push_trimmed(
                    &mut out,
                    base + seg_start,
                    seg,
                    line_idx,
                    UnitKind::ListItem,
                );
                seg_start += seg.len() + 1;
            }
            continue;
        }
        if is_table_row(line) {
            push_trimmed(&mut out, base, line, line_idx, UnitKind::Row);
            continue;
        }
        // A hard-wrapped paragraph ("… a low rate of primary progression (19%) and promising
        // / objective response rate …") is read as one: its sentences cross line ends.
        if let Some(last) = out.last_mut().filter(|u| u.kind == UnitKind::Sentence) {
            let prev = text.get(last.start..last.end).unwrap_or("");
            let prev_line = prev.rsplit('\n').next().unwrap_or(prev);
            let next_line = text
                .get(last.end..base)
                .is_some_and(|g| g.trim().is_empty() && g.matches('\n').count() == 1);
            // The raw line before: a bullet whose text the next line continues, indented
            // under it ("- In October, Vela licensed … to Orca\n  Pharma for …").
            let raw_prev = text
                .get(..base.saturating_sub(1))
                .and_then(|t| t.rsplit('\n').next())
                .unwrap_or("");
            if next_line && (wraps_into(prev_line, line) || hangs_under(raw_prev, prev_line, line))
            {
                let end = base + line.trim_end().len();
                let joined_start = last.start;
                let joined_line = last.line;
                out.pop();
                let block = text.get(joined_start..end).unwrap_or("");
                for (s, e) in sentence_spans(block) {
                    push_trimmed(
                        &mut out,
                        joined_start + s,
                        &block[s..e],
                        joined_line,
                        UnitKind::Sentence,
                    );
                }
                continue;
            }
        }
        for (s, e) in sentence_spans(line) {
            push_trimmed(
                &mut out,
                base + s,
                &line[s..e],
                line_idx,
                UnitKind::Sentence,
            );
        }
    }
    out
}

/// Words no sentence or heading ends on.
const DANGLING_WORDS: &[&str] = &[
    "of", "the", "a", "an", "to", "and", "or", "with", "for", "by", "in", "at", "from", "on",
    "than", "versus", "vs", "as", "its", "their", "into", "against",
];

/// Whether `next` continues the sentence `prev_line` leaves open at a hard line wrap: the
/// line before stops without punctuation and the next is no bullet, heading or field label.
fn wraps_into(prev_line: &str, next: &str) -> bool {
    let (p, n) = (prev_line.trim_end(), next.trim());
    let Some(last) = p.chars().last() else {
        return false;
    };
    if matches!(last, '.' | '!' | '?' | ':' | '"') || n.is_empty() {
        return false;
    }
    let bullet = |l: &str| ["- ", "* ", "• ", "# "].iter().any(|b| l.starts_with(b));
    if bullet(n) {
        return false;
    }
    // A dateline ("MUNICH, Oct. 21 --") opens a new paragraph, but never after a line that
    // stops on "against" or "of": "an antibody against / TSLP, in adults".
    let ends_dangling = p
        .rsplit(' ')
        .next()
        .is_some_and(|w| DANGLING_WORDS.contains(&w.to_ascii_lowercase().as_str()));
    let first_word = n.split([' ', ',']).next().unwrap_or("");
    if !ends_dangling
        && first_word.len() >= 3
        && first_word.chars().all(|c| c.is_ascii_uppercase())
        && n[first_word.len()..].starts_with(',')
    {
        return false;
    }
    let first = n.chars().next().unwrap_or(' ');
    let lower_start = first.is_lowercase()
        || first.is_ascii_digit()
        || first == '('
        || (first == '-' && n[1..].starts_with(|c: char| c.is_ascii_digit()));
    // A headline in title case ends at its line even without a full stop.
    let words: Vec<&str> = p.split_whitespace().collect();
    let capitalised = words
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        })
        .count();
    let headline = words.len() >= 3 && capitalised * 10 >= words.len() * 6;
    // A bullet is one statement: it runs on only into a line that is plainly its rest.
    let long_run = !headline && !bullet(p.trim_start()) && p.len() >= 55 && n.len() >= 20;
    // No sentence ends on "of" or "the": "… a preclinical degrader of / SMARCA2."
    let dangling = !headline
        && words.len() >= 3
        && words
            .last()
            .is_some_and(|w| DANGLING_WORDS.contains(&w.to_ascii_lowercase().as_str()));
    (lower_start && p.len() >= 3) || long_run || dangling
}

/// Whether `line` is the indented rest of a bullet (or of such a rest) left open at a line end.
fn hangs_under(raw_prev: &str, prev_line: &str, line: &str) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let open = !prev_line.trim_end().ends_with(['.', '!', '?', ':', '"']);
    let bullet = ["- ", "* ", "• "]
        .iter()
        .any(|b| raw_prev.trim_start().starts_with(b));
    let depth = indent(line);
    open && depth >= 2
        && !line.trim_start().starts_with(['-', '*', '•'])
        && (bullet && depth > indent(raw_prev) || !bullet && depth == indent(raw_prev))
}

fn push_trimmed(out: &mut Vec<Unit>, start: usize, s: &str, line: usize, kind: UnitKind) {
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return;
    }
    out.push(Unit {
        start: start + lead,
        end: start + lead + trimmed.len(),
        line,
        kind,
    });
}

/// A line of a pipe table, or of a whitespace-aligned table with at least three columns.
pub(crate) fn is_table_row(line: &str) -> bool {
    let t = line.trim();
    // A rule between rows ("---+---", "|:--|--:|") belongs to the table around it.
    if t.len() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '+' | '=' | ':' | '|' | ' '))
        && t.contains('-')
    {
        return true;
    }
    if t.matches('|').count() >= 2 {
        return true;
    }
    static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\S(?: {2,}|\t)\S").expect("valid"));
    // The length first, and two gaps are enough: no scan of a long line to its end.
    t.len() < 400 && GAP.find_iter(t).take(2).count() >= 2
}

/// Byte spans of the sentences of one line.
fn sentence_spans(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') && ends_sentence(line, i) {
            spans.push((start, i + 1));
            start = i + 1;
        }
        i += 1;
    }
    if start < line.len() {
        spans.push((start, line.len()));
    }
    spans
}

/// Whether the stop at byte `i` ends a sentence: followed by a space and a capital, digit,
/// quote or bracket, and not the dot of an abbreviation, an initial or a decimal number.
fn ends_sentence(line: &str, i: usize) -> bool {
    let bytes = line.as_bytes();
    let Some(&next) = bytes.get(i + 1) else {
        return false;
    };
    if next != b' ' && next != b'\n' {
        return false;
    }
    let rest = line.get(i + 1..).unwrap_or("").trim_start();
    let Some(first) = rest.chars().next() else {
        return false;
    };
    if !(first.is_uppercase()
        || first.is_ascii_digit()
        || matches!(first, '"' | '(' | '[' | '\'' | '•'))
    {
        return false;
    }
    if bytes[i] != b'.' {
        return true;
    }
    let head = line.get(..i).unwrap_or("");
    let word = head
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
        // "… in arm A. Arm B …": a lettered arm or part, not an initial.
        let named = head[..head.len() - word.len()]
            .trim_end()
            .rsplit(' ')
            .next()
            .is_some_and(|w| {
                ["arm", "arms", "cohort", "group", "part"].contains(&w.to_lowercase().as_str())
            });
        return named;
    }
    if first.is_uppercase() && UNIT_ABBREVIATIONS.contains(&word) {
        return true;
    }
    !ABBREVIATIONS.iter().any(|a| word.eq_ignore_ascii_case(a))
}

/// A number as written: its span and value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NumberMention {
    pub start: usize,
    pub end: usize,
    pub value: f64,
}

/// Every number in the text (digits with optional thousands separators and decimals).
pub(crate) fn numbers(text: &str) -> Vec<NumberMention> {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?").expect("valid"));
    RE.find_iter(text)
        .filter_map(|m| {
            let written = m.as_str();
            let value = if written.contains(',') {
                written.replace(',', "").parse::<f64>().ok()?
            } else {
                written.parse::<f64>().ok()?
            };
            Some(NumberMention {
                start: m.start(),
                end: m.end(),
                value,
            })
        })
        .collect()
}

/// Parse a number as written (`86.4`, `1,500`), `None` for anything else.
pub(crate) fn parse_num(s: &str) -> Option<f64> {
    let v: f64 = s.trim().replace(',', "").parse().ok()?;
    v.is_finite().then_some(v)
}

/// Where `needle` occurs in `hay` as whole words (not "br" inside "sonabrutinib").
pub(crate) fn word_matches<'h>(hay: &'h str, needle: &'h str) -> impl Iterator<Item = usize> + 'h {
    let bytes = hay.as_bytes();
    hay.match_indices(needle).map(|(i, _)| i).filter(move |&i| {
        let end = i + needle.len();
        (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
            && bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_maps_back_to_original_bytes() {
        let orig = "PD\u{2011}L1 1\u{2013}49%\u{00A0}and\r\n“x”：7";
        let n = Norm::new(orig);
        assert_eq!(n.text, "PD-L1 1-49% and \n\"x\": 7");
        let i = n.text.find("49").unwrap();
        assert_eq!(&orig[n.orig(i)..n.orig(i + 2)], "49");
        let j = n.text.find('7').unwrap();
        assert_eq!(&orig[n.orig(j)..n.orig(j + 1)], "7");
        assert_eq!(n.orig(n.text.len()), orig.len());
    }

    fn check_sentences(line: &str, expected: &[&str]) {
        let got: Vec<&str> = units(line).iter().map(|u| &line[u.start..u.end]).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn sentences_respect_abbreviations_and_decimals() {
        check_sentences(
            "The U.S. FDA granted it. ORR was 86.4% vs. 50.0%. Dr. Li said so.",
            &[
                "The U.S. FDA granted it.",
                "ORR was 86.4% vs. 50.0%.",
                "Dr. Li said so.",
            ],
        );
        check_sentences(
            "Innovent Biologics, Inc. (\"Innovent\") reported. Next",
            &["Innovent Biologics, Inc. (\"Innovent\") reported.", "Next"],
        );
    }

    #[test]
    fn table_rows_are_whole_units() {
        let t = "| Arm | n | ORR |\n| A | 20 | 50% |\nName    20    50%    x";
        let kinds: Vec<UnitKind> = units(t).iter().map(|u| u.kind).collect();
        assert_eq!(kinds, vec![UnitKind::Row, UnitKind::Row, UnitKind::Row]);
    }

    fn check_dates(text: &str, expected: &[&str]) {
        let got: Vec<String> = dates(text).into_iter().map(|d| d.value).collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn dates_are_as_precise_as_stated() {
        check_dates("On May 22, 2026 Innovent reported", &["2026-05-22"]);
        check_dates(
            "(Press release, X, JUN 4, 2025, View Source)",
            &["2025-06-04"],
        );
        check_dates("In October 2024, it obtained BTD", &["2024-10"]);
        check_dates(
            "In January 2026, the FDA granted X, and in the same month, the EC",
            &["2026-01", "2026-01"],
        );
        check_dates(
            "initiated in 2025 for melanoma; 4 March 2024; 2023-11-30",
            &["2025", "2024-03-04", "2023-11-30"],
        );
        check_dates("patients may 2025 not", &[]);
        check_dates("in the same month", &[]);
        check_dates(
            "Week of 9-13 November 2026. The FDA acted on November 10; the EMA on 12 Nov, \
             and a designation came in October.",
            &["2026-11-13", "2026-11-10", "2026-11-12", "2026-10"],
        );
        // The dateline's year, not a background year or a future one stated since.
        check_dates(
            "Week of 23-27 November 2026. Orca licensed it in 2024. The PDUFA date is May 27, \
             2027. The EC acted on November 26.",
            &["2026-11-27", "2024", "2027-05-27", "2026-11-26"],
        );
        check_dates(
            "January 5, 2026 - The FDA granted the designation on December 20.",
            &["2026-01-05", "2025-12-20"],
        );
        check_dates("It was granted on November 10.", &[]);
        check_dates("In 2025 the drug may 5 times", &["2025"]);
    }

    #[test]
    fn hard_wrapped_paragraphs_are_read_as_one() {
        let text = "The trial met its goal; a low rate of early progression (19%) and a high\nresponse rate (34%) were seen in the cohort.\nNext Steps For The Program\nThe company plans more work.";
        let got: Vec<&str> = units(text).iter().map(|u| &text[u.start..u.end]).collect();
        assert_eq!(
            got,
            [
                "The trial met its goal; a low rate of early progression (19%) and a high\nresponse rate (34%) were seen in the cohort.",
                "Next Steps For The Program",
                "The company plans more work.",
            ]
        );
        assert!(wraps_into(
            "At 52 weeks, the mean decreases in ALP were",
            "-47%"
        ));
        assert!(!wraps_into(
            "Novaris Oncology Doubles Survival In Gastric Cancer At ESMO",
            "Berlin, October 19, 2025 - New data from the study"
        ));
        assert!(!wraps_into("Primary outcome:", "objective response rate"));
        assert!(wraps_into(
            "trial in bladder cancer. Its PNH-522 is a preclinical degrader of",
            "SMARCA2."
        ));
        assert!(!wraps_into("News From The Heart Of", "Oslo Bio"));
        assert!(wraps_into(
            "its phase 3 study of CRN-40, an antibody against",
            "TSLP, in adults"
        ));
        assert!(!wraps_into(
            "Media contact: Jane Roe",
            "BOSTON, May 2, 2026 -- Orca Bio"
        ));
        assert!(!wraps_into(
            "a list of items that goes on and on without stopping here",
            "- Second bullet of the list"
        ));
    }

    #[test]
    fn a_bullet_runs_on_into_its_indented_rest() {
        let text = "Highlights\n- In May, Tarn sold its Japan rights to TB-9 to Kiso\n  Medical for $20 million.\n- A second item.\n  Indented but closed.";
        let got: Vec<&str> = units(text).iter().map(|u| &text[u.start..u.end]).collect();
        assert_eq!(
            got,
            [
                "Highlights",
                "- In May, Tarn sold its Japan rights to TB-9 to Kiso\n  Medical for $20 million.",
                "- A second item.",
                "Indented but closed.",
            ]
        );
        // A new bullet, or a line not indented deeper than its bullet, is no rest.
        assert!(!hangs_under(
            "- open item",
            "- open item",
            "  - nested bullet"
        ));
        assert!(!hangs_under("- open item", "- open item", "Flush line"));
    }
}
