//! One document's pass context: the normalised text, its units and dates, and the bookkeeping
//! every rule shares (evidence cutting, numbers used, diagnostics).

use atlas_model::Evidence;

use crate::text::{dates, units, DateMention, Norm, Unit};
use crate::{Diagnostic, Severity};

/// Everything the rules of one document read and write.
pub(crate) struct Ctx<'a> {
    pub doc_id: &'a str,
    pub file: &'a str,
    pub orig: &'a str,
    pub norm: Norm,
    pub units: Vec<Unit>,
    pub dates: Vec<DateMention>,
    /// The document's own date (manifest, or "On May 22, 2026 X announced" / press-release trailer).
    pub doc_date: Option<String>,
    /// Normalised spans of numbers some fact uses.
    pub used: Vec<(usize, usize)>,
    pub diagnostics: Vec<Diagnostic>,
    /// The target mentions of the whole text, worked out on first use (two passes ask).
    whole_text_targets: std::cell::OnceCell<Vec<(usize, usize, &'static str)>>,
}

impl<'a> Ctx<'a> {
    pub fn new(doc_id: &'a str, file: &'a str, orig: &'a str) -> Ctx<'a> {
        let norm = Norm::new(orig);
        let units = units(&norm.text);
        let dates = dates(&norm.text);
        Ctx {
            doc_id,
            file,
            orig,
            norm,
            units,
            dates,
            doc_date: None,
            used: Vec::new(),
            diagnostics: Vec::new(),
            whole_text_targets: std::cell::OnceCell::new(),
        }
    }

    /// [`crate::vocab::target_mentions`] of the whole text, scanned once per document.
    pub fn text_targets(&self) -> &[(usize, usize, &'static str)] {
        self.whole_text_targets
            .get_or_init(|| crate::vocab::target_mentions(self.text()))
    }

    pub fn text(&self) -> &str {
        &self.norm.text
    }

    pub fn unit_text(&self, u: &Unit) -> &str {
        self.norm.slice(u.start, u.end)
    }

    /// Evidence for a normalised span: the original bytes it came from.
    pub fn evidence(&self, start: usize, end: usize) -> Evidence {
        let (os, oe) = (self.norm.orig(start), self.norm.orig(end));
        let quote = self.orig.get(os..oe).unwrap_or_default().to_owned();
        Evidence {
            doc: self.doc_id.to_owned(),
            start: u32::try_from(os).unwrap_or(u32::MAX),
            end: u32::try_from(oe).unwrap_or(u32::MAX),
            quote,
        }
    }

    pub fn unit_evidence(&self, u: &Unit) -> Evidence {
        self.evidence(u.start, u.end)
    }

    pub fn mark_used(&mut self, start: usize, end: usize) {
        self.used.push((start, end));
    }

    /// 1-based line of a normalised offset.
    pub fn line_of(&self, pos: usize) -> u32 {
        let head = self.text().get(..pos.min(self.text().len())).unwrap_or("");
        u32::try_from(head.bytes().filter(|&b| b == b'\n').count() + 1).unwrap_or(u32::MAX)
    }

    pub fn warn(&mut self, pos: Option<usize>, message: String) {
        let line = pos.map(|p| self.line_of(p));
        self.diagnostics.push(Diagnostic {
            file: self.file.to_owned(),
            line,
            severity: Severity::Warning,
            message,
        });
    }

    /// Dates inside a normalised span, skipping the "(Press release, X, DATE, View Source…)"
    /// trailer that dates the document rather than the events of its sentence.
    pub fn dates_in(&self, start: usize, end: usize) -> Vec<&DateMention> {
        let text = self.text();
        let from = self.dates.partition_point(|d| d.start < start);
        self.dates
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(|d| d.start < end)
            .filter(|d| d.end <= end)
            .filter(|d| {
                let head = text.get(start..d.start).unwrap_or("");
                match head.rfind("(Press release") {
                    Some(p) => head.get(p..).is_some_and(|s| s.contains(')')),
                    None => true,
                }
            })
            .collect()
    }
}

/// The spans of a start-sorted list that lie inside `start..end`, found by binary search so
/// that per-sentence lookups stay linear over long documents.
pub(crate) fn spans_within(
    spans: &[(usize, usize)],
    start: usize,
    end: usize,
) -> impl Iterator<Item = &(usize, usize)> {
    let from = spans.partition_point(|(s, _)| *s < start);
    spans
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(move |(s, _)| *s < end)
        .filter(move |(_, e)| *e <= end)
}

/// Abbreviations the document defines: "squamous non-small cell lung cancer (sqNSCLC)".
pub(crate) fn abbreviations(text: &str) -> Vec<(String, String)> {
    use std::sync::LazyLock;
    static RE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"\(([A-Za-z][A-Za-z0-9-]{1,11})\)").expect("valid abbreviation regex")
    });
    let mut out: Vec<(String, String)> = Vec::new();
    for c in RE.captures_iter(text) {
        let (Some(whole), Some(abbr)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let abbr = abbr.as_str();
        let upper = abbr.chars().filter(char::is_ascii_uppercase).count();
        if upper < 2 {
            continue;
        }
        let head = text.get(..whole.start()).unwrap_or("");
        let words: Vec<&str> = head.split_whitespace().rev().take(10).collect();
        let first = abbr.chars().next().map(|c| c.to_ascii_lowercase());
        let mut candidates: Vec<usize> = (upper.saturating_sub(2).max(1)..=upper + 2).collect();
        candidates.sort_by_key(|k| k.abs_diff(upper));
        for k in candidates {
            let Some(start_word) = words.get(k - 1) else {
                continue;
            };
            if start_word.chars().next().map(|c| c.to_ascii_lowercase()) == first {
                let long: Vec<&str> = words.iter().take(k).rev().copied().collect();
                let long = long.join(" ");
                if !long.contains(['.', ';', ')']) {
                    // The first definition wins; later repeats add nothing.
                    if !out.iter().any(|(a, _)| a == abbr) {
                        out.push((abbr.to_owned(), long));
                    }
                }
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_find_their_long_forms() {
        let a = abbreviations("metastatic squamous non-small cell lung cancer (sqNSCLC) and Non-small cell lung cancer (NSCLC) with (n)");
        assert_eq!(
            a,
            vec![
                (
                    "sqNSCLC".to_owned(),
                    "squamous non-small cell lung cancer".to_owned()
                ),
                ("NSCLC".to_owned(), "Non-small cell lung cancer".to_owned())
            ]
        );
    }
}
