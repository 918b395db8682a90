//! Cutting a document's text into styled segments for the source page.
//!
//! Fact evidence (whole sentences or table rows), unextracted numbers and the one requested
//! highlight overlap freely; a sweep over their boundaries yields non-overlapping segments,
//! each knowing which of the three covers it.

use crate::{Dataset, Evidence};

/// A run of text with uniform styling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    /// Covered by the evidence of at least one fact.
    pub fact: bool,
    /// Part of a number no fact uses.
    pub unextracted: bool,
    /// Inside the span the reader asked for.
    pub highlighted: bool,
}

/// Every evidence span in the dataset that points into `doc_id`.
pub fn evidence_in<'a>(ds: &'a Dataset, doc_id: &'a str) -> Vec<&'a Evidence> {
    let mut out: Vec<&Evidence> = Vec::new();
    let mut take = |ev: &'a [Evidence]| out.extend(ev.iter().filter(|e| e.doc == doc_id));
    for a in &ds.assets {
        take(&a.evidence);
    }
    for e in &ds.events {
        take(&e.evidence);
    }
    for t in &ds.trials {
        take(&t.evidence);
        for arm in &t.arms {
            take(&arm.evidence);
            for r in &arm.results {
                take(&r.evidence);
            }
        }
    }
    out
}

/// Split `text` (length `len`) at every span boundary. Spans out of range or not on a char
/// boundary are ignored, so a stale highlight link cannot break the page.
pub fn segments(
    text: &str,
    facts: &[(usize, usize)],
    unextracted: &[(usize, usize)],
    highlight: Option<(usize, usize)>,
) -> Vec<Segment> {
    let valid = |&(a, b): &(usize, usize)| {
        a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
    };
    let facts: Vec<_> = facts.iter().copied().filter(valid).collect();
    let unextracted: Vec<_> = unextracted.iter().copied().filter(valid).collect();
    let highlight = highlight.filter(valid);
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for &(a, b) in facts.iter().chain(&unextracted).chain(highlight.iter()) {
        cuts.push(a);
        cuts.push(b);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let covers =
        |spans: &[(usize, usize)], a: usize, b: usize| spans.iter().any(|&(s, e)| s <= a && b <= e);
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| Segment {
            start: w[0],
            end: w[1],
            fact: covers(&facts, w[0], w[1]),
            unextracted: covers(&unextracted, w[0], w[1]),
            highlighted: highlight.is_some_and(|h| covers(&[h], w[0], w[1])),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_every_boundary() {
        let text = "ORR was 86.4% in 22 patients.";
        let segs = segments(text, &[(0, 13)], &[(17, 19)], Some((8, 13)));
        let parts: Vec<(&str, bool, bool, bool)> = segs
            .iter()
            .map(|s| (&text[s.start..s.end], s.fact, s.unextracted, s.highlighted))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("ORR was ", true, false, false),
                ("86.4%", true, false, true),
                (" in ", false, false, false),
                ("22", false, true, false),
                (" patients.", false, false, false),
            ]
        );
    }

    #[test]
    fn ignores_spans_that_do_not_fit() {
        let text = "α β";
        // 1 is inside the two-byte α; 99 is past the end.
        let segs = segments(text, &[(1, 3), (0, 99)], &[], Some((3, 1)));
        assert_eq!(segs.len(), 1);
        assert!(!segs[0].fact && !segs[0].highlighted);
        assert!(segments("", &[], &[], None).is_empty());
    }
}
