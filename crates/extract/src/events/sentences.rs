//! The sentence model of the events pass: sentences (units joined again across hard line
//! wraps), their clauses, and which drug each clause is about.
//!
//! Real documents wrap lines inside sentences (bullet digests, filings, registry text), and an
//! event sentence cut at a wrap loses its party or its drug, so a unit that does not end a
//! sentence is joined with the next line when that line continues it. A sentence then splits
//! into clauses at contrasts and new subjects ("…, while B has been designated …", "; "), and
//! every event is attributed to the drugs its own clause names — never to a drug named only as
//! a combination partner or comparator ("in combination with X", "versus X") — or, when the
//! clause names none, to the drug a pronoun ("the drug", "this ADC") refers back to.

use std::sync::LazyLock;

use regex::Regex;

use crate::assets::DocAsset;
use crate::doc::Ctx;
use crate::text::UnitKind;
use crate::vocab::is_target_word;

/// A sentence of the events pass (normalised offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Sentence {
    pub start: usize,
    pub end: usize,
    /// The line it starts on; sentences on one line form a paragraph.
    pub para: usize,
    /// The line it ends on (later than `para` when wrapped lines were joined).
    pub last_line: usize,
}

/// A joined sentence is at most this long, so a document of wrapped lines stays linear.
const MAX_SENTENCE: usize = 2_000;

/// Words a wrapped line can end on only mid-sentence.
const CONTINUING_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "with", "for", "in", "on", "at", "by", "from",
    "its", "their", "that", "as", "plus", "versus", "vs", "under", "into",
];

/// Units joined across hard line wraps.
pub(super) fn sentences(ctx: &Ctx) -> Vec<Sentence> {
    let text = ctx.text();
    let mut out: Vec<Sentence> = Vec::new();
    for u in &ctx.units {
        let next = text.get(u.start..u.end).unwrap_or("");
        // A unit the text model already joined across wraps ends lines below its first.
        let last_line = u.line + next.matches('\n').count();
        if let Some(prev) = out.last_mut() {
            if u.kind == UnitKind::Sentence
                && u.line == prev.last_line + 1
                && u.end.saturating_sub(prev.start) <= MAX_SENTENCE
                && continues(
                    text.get(prev.start..prev.end).unwrap_or(""),
                    next,
                    prev.last_line > prev.para,
                )
            {
                prev.end = u.end;
                prev.last_line = last_line;
                continue;
            }
        }
        out.push(Sentence {
            start: u.start,
            end: u.end,
            para: u.line,
            last_line,
        });
    }
    out
}

/// Whether the line `next` continues the sentence `prev` that a wrap cut; `wrapped`: `prev`
/// already runs over more than one line (a paragraph, not a headline).
fn continues(prev: &str, next: &str, wrapped: bool) -> bool {
    let prev = prev.trim_end();
    let next = next.trim_start();
    let Some(first) = next.chars().next() else {
        return false;
    };
    if prev.ends_with(['.', '!', '?', ':', ';']) || "-*|\u{2022}\u{25CF}\u{00B7}".contains(first) {
        return false;
    }
    let last_word = prev
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .to_lowercase();
    // A line that stops mid-sentence was cut by the wrap: a long one on a lower-case word
    // ("In October 2025, Vela granted"), a line of full paragraph width on any word ("…, as
    // well as Orphan Drug"). A short line ending on a capitalised word is a heading.
    let line_len = prev.lines().last().map_or(0, str::len);
    let lower_word = !last_word.is_empty()
        && last_word == prev.rsplit(char::is_whitespace).next().unwrap_or("")
        && last_word.chars().all(|c| c.is_ascii_lowercase());
    let cut_long_line =
        (line_len >= MIN_WRAPPED_LINE && lower_word) || (wrapped && line_len >= FULL_WIDTH_LINE);
    first.is_lowercase()
        || prev.ends_with(',')
        || CONTINUING_WORDS.contains(&last_word.as_str())
        || cut_long_line
}

/// A line at least this long that stops on a lower-case word was wrapped.
const MIN_WRAPPED_LINE: usize = 40;
/// A line at least this long that stops without a full stop was wrapped.
const FULL_WIDTH_LINE: usize = 55;

/// Where a sentence turns to a new subject: "; ", ", while", ", whereas", ", and in …".
static CLAUSE_BREAK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i);\s+|,?\s+(?:while|whereas)\s+|,\s+and\s+(?:in|on|since|its|the|it)\s+|,\s+but\s+",
    )
    .expect("valid clause regex")
});

/// The clauses of a sentence, as spans relative to it.
pub(super) fn clauses(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    for m in CLAUSE_BREAK_RE.find_iter(s) {
        out.push((from, m.start()));
        from = m.end();
    }
    out.push((from, s.len()));
    out
}

/// The clause (relative span) holding a position.
pub(super) fn clause_at(clauses: &[(usize, usize)], pos: usize) -> (usize, usize) {
    clauses
        .iter()
        .copied()
        .find(|(_, e)| pos < *e)
        .or_else(|| clauses.last().copied())
        .unwrap_or((0, 0))
}

/// Words right before a drug name that make it a partner or comparator, not the subject.
const PARTNER_CUES: &[&str] = &[
    "in combination with",
    "combination with",
    "combined with",
    "plus",
    "+",
    "versus",
    "vs.",
    "vs",
    "compared with",
    "compared to",
    "with or without",
    "and/or",
    "biosimilar to",
    "biosimilar of",
    "similar to",
    "over",
];

/// A pronoun or description standing for the drug of an earlier sentence.
static ANAPHOR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:it|(?:the|this|that)\s+(?:drug|ADC|antibody|therapy|compound|candidate|asset|product|molecule|medicine|inhibitor|agent|program(?:me)?|bispecific|conjugate))(?-u:\b)")
        .expect("valid anaphor regex")
});

/// The drugs of a document as event subjects: every mention that names a drug as the
/// subject or object of a sentence, in text order.
pub(super) struct Subjects {
    ids: Vec<String>,
    /// (start, end, asset index, possessive), sorted by start.
    mentions: Vec<(usize, usize, usize, bool)>,
    /// Assets that can carry an event (not a target word taken for a code).
    eligible: Vec<bool>,
    investigational: Vec<bool>,
}

impl Subjects {
    pub fn new(text: &str, assets: &[DocAsset]) -> Subjects {
        let eligible: Vec<bool> = assets
            .iter()
            .map(|a| !a.names.iter().any(|n| is_target_word(n)))
            .collect();
        let mut mentions: Vec<(usize, usize, usize, bool)> = assets
            .iter()
            .enumerate()
            .filter(|(i, _)| eligible.get(*i).copied().unwrap_or(false))
            .flat_map(|(i, a)| a.mentions.iter().map(move |(s, e)| (*s, *e, i)))
            .filter(|(s, e, _)| !is_partner(text, *s) && !names_a_trial(text, *e))
            .map(|(s, e, i)| (s, e, i, text.get(e..).is_some_and(|t| t.starts_with("'s "))))
            .collect();
        mentions.sort_unstable();
        Subjects {
            ids: assets.iter().map(DocAsset::id).collect(),
            mentions,
            eligible,
            investigational: assets.iter().map(|a| !a.comparator).collect(),
        }
    }

    pub fn id(&self, idx: usize) -> Option<String> {
        self.ids.get(idx).cloned()
    }

    /// Whether the document names any drug at all.
    pub fn any(&self) -> bool {
        !self.ids.is_empty()
    }

    /// The drugs named as subjects inside `start..end`, in order, without repeats. A drug
    /// named in the possessive ("ZK-5, zalretinib's successor") is described, not the subject,
    /// when another drug is named too.
    pub fn named(&self, start: usize, end: usize) -> Vec<usize> {
        let from = self.mentions.partition_point(|m| m.0 < start);
        let mut out: Vec<(usize, bool)> = Vec::new();
        for m in self.mentions.get(from..).unwrap_or(&[]) {
            if m.0 >= end {
                break;
            }
            if m.1 <= end && !out.iter().any(|(i, _)| *i == m.2) {
                out.push((m.2, m.3));
            }
        }
        if out.iter().any(|(_, possessive)| !possessive) {
            out.retain(|(_, possessive)| !possessive);
        }
        out.into_iter().map(|(i, _)| i).collect()
    }

    /// The drug named last before `pos` and at or after `floor`.
    pub fn last_before(&self, floor: usize, pos: usize) -> Option<usize> {
        let upto = self.mentions.partition_point(|m| m.0 < pos);
        self.mentions
            .get(..upto)
            .and_then(|m| m.last())
            .filter(|m| m.0 >= floor)
            .map(|m| m.2)
    }

    /// The one drug a document is about, when it names exactly one investigational drug (or,
    /// naming none as investigational, exactly one drug).
    pub fn single(&self) -> Option<usize> {
        let pick = |want_investigational: bool| {
            let mut it = (0..self.ids.len()).filter(|&i| {
                self.eligible.get(i).copied().unwrap_or(false)
                    && (!want_investigational || self.investigational.get(i).copied() == Some(true))
            });
            match (it.next(), it.next()) {
                (Some(i), None) => Some(Some(i)),
                (None, _) => None,
                _ => Some(None),
            }
        };
        pick(true).or_else(|| pick(false)).flatten()
    }
}

/// Whether the words before a mention make it a partner or comparator.
fn is_partner(text: &str, start: usize) -> bool {
    let head = text.get(start.saturating_sub(24)..start).unwrap_or("");
    let head = head.trim_end().to_lowercase();
    PARTNER_CUES.iter().any(|cue| {
        head.ends_with(cue)
            && (cue.len() == head.len()
                || !head
                    .as_bytes()
                    .get(head.len() - cue.len() - 1)
                    .is_some_and(u8::is_ascii_alphanumeric)
                || *cue == "+")
    })
}

/// Whether a mention is a study's name ("the ARC-20 study"), which the drug list may hold.
fn names_a_trial(text: &str, end: usize) -> bool {
    let tail = text.get(end..(end + 8).min(text.len())).unwrap_or("");
    let tail = tail.trim_start().to_lowercase();
    tail.starts_with("study") || tail.starts_with("trial")
}

/// Whether a clause refers back to a drug named before ("The drug received …").
pub(super) fn has_anaphor(clause: &str) -> bool {
    ANAPHOR_RE.is_match(clause)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_clauses(s: &str, expected: &[&str]) {
        let got: Vec<&str> = clauses(s)
            .into_iter()
            .map(|(a, b)| s.get(a..b).unwrap_or(""))
            .collect();
        assert_eq!(got, expected, "{s}");
    }

    #[test]
    fn clauses_split_at_new_subjects() {
        check_clauses(
            "A and B are set for priority review, while C has been designated a BTD.",
            &[
                "A and B are set for priority review",
                "C has been designated a BTD.",
            ],
        );
        check_clauses(
            "In May 2019, the FDA granted A BTD, and in June 2019, A received ODD.",
            &[
                "In May 2019, the FDA granted A BTD",
                "June 2019, A received ODD.",
            ],
        );
        check_clauses("A got FTD; B got ODD", &["A got FTD", "B got ODD"]);
        check_clauses(
            "A, which received BTD, is in phase 3.",
            &["A, which received BTD, is in phase 3."],
        );
    }

    fn check_wrap(prev: &str, next: &str, expected: bool) {
        let wrapped = prev.contains('\n');
        assert_eq!(continues(prev, next, wrapped), expected, "{prev} / {next}");
    }

    #[test]
    fn wrapped_lines_continue_their_sentence() {
        check_wrap(
            "- Vela announced a licence agreement with",
            "Orca Bio to develop",
            true,
        );
        check_wrap(
            "to evaluate VX-1 in combination with VX-2,",
            "an antibody",
            true,
        );
        check_wrap(
            "an investigational antibody, in patients",
            "with melanoma",
            true,
        );
        check_wrap(
            "Vela Reports Third Quarter Results",
            "Vela announced today",
            false,
        );
        check_wrap("the trial met its endpoint.", "the next one", false);
        check_wrap(
            "PLT-9, a kinase inhibitor: In May 2025, Vela granted",
            "Orca Bio exclusive rights",
            true,
        );
        check_wrap("Pipeline Highlights and Outlook", "Orca Bio", false);
        check_wrap(
            "VX-1 received Fast Track designation from the FDA for\nrecurrent high-grade glioma in May 2025, as well as Orphan Drug",
            "Designation for glioma.",
            true,
        );
        // A headline of full width ends at its line.
        check_wrap(
            "CDE Grants Priority Review to AB-101; Two Others Earn BTD Designation",
            "CD-202 is a bispecific antibody.",
            false,
        );
        check_wrap("a licence agreement with", "- Orca", false);
    }

    #[test]
    fn partners_and_comparators_are_not_subjects() {
        let t = "VX-1 in combination with VX-2 versus VX-3 plus VX-4";
        assert!(!is_partner(t, 0));
        assert!(is_partner(t, t.find("VX-2").unwrap_or(0)));
        assert!(is_partner(t, t.find("VX-3").unwrap_or(0)));
        assert!(is_partner(t, t.find("VX-4").unwrap_or(0)));
        assert!(!is_partner("the takeover of VX-9", 16));
    }

    #[test]
    fn anaphors_point_back() {
        assert!(has_anaphor("The drug received BTD status in 2022"));
        assert!(has_anaphor("This ADC has secured orphan drug designation"));
        assert!(!has_anaphor("Italy granted approval"));
    }
}
