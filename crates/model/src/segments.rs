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

/// One fact a document states, for the source page's list of facts.
#[derive(Clone, Debug, PartialEq)]
pub struct FactRef<'a> {
    /// `asset`, `event`, `trial`, `arm` or `result`.
    pub kind: &'static str,
    /// A short description (`IBI363 · 3→1.5 mg/kg · ORR 86.4 %`).
    pub label: String,
    /// The asset page the fact belongs on, when there is one.
    pub asset_id: Option<&'a str>,
    /// For a result, the figure itself (the viewer formats its value).
    pub result: Option<&'a crate::ArmResult>,
    pub evidence: &'a Evidence,
}

/// Every fact with evidence in `doc_id`, in the order of the text.
pub fn facts_in<'a>(ds: &'a Dataset, doc_id: &str) -> Vec<FactRef<'a>> {
    let mut out = Vec::new();
    let mut push = |kind,
                    label: String,
                    asset_id: Option<&'a str>,
                    result: Option<&'a crate::ArmResult>,
                    ev: &'a [Evidence]| {
        for evidence in ev.iter().filter(|e| e.doc == doc_id) {
            out.push(FactRef {
                kind,
                label: label.clone(),
                asset_id,
                result,
                evidence,
            });
        }
    };
    for a in &ds.assets {
        push(
            "asset",
            a.name.clone(),
            Some(a.id.as_str()),
            None,
            &a.evidence,
        );
    }
    for e in &ds.events {
        let label = match &e.indication {
            Some(ind) => format!("{} ({ind})", e.title),
            None => e.title.clone(),
        };
        push("event", label, e.asset.as_deref(), None, &e.evidence);
    }
    for t in &ds.trials {
        let asset_id = t.assets.first().map(String::as_str);
        let trial = t
            .name
            .clone()
            .or_else(|| t.registry_ids.first().cloned())
            .or_else(|| t.phase.as_ref().map(|p| format!("{p} trial")))
            .unwrap_or_else(|| "Trial".to_owned());
        push("trial", trial.clone(), asset_id, None, &t.evidence);
        for arm in &t.arms {
            let arm_label = format!("{trial} · {}", arm.label);
            push("arm", arm_label, asset_id, None, &arm.evidence);
            for r in &arm.results {
                let label = match &r.subgroup {
                    Some(sub) => format!("{} · {} [{sub}]", arm.label, r.endpoint),
                    None => format!("{} · {}", arm.label, r.endpoint),
                };
                push("result", label, asset_id, Some(r), &r.evidence);
            }
        }
    }
    out.sort_by_key(|f| (f.evidence.start, f.evidence.end));
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
    fn lists_facts_of_one_document_in_text_order() {
        use crate::{Arm, ArmResult, Asset, Trial};
        let ev = |doc: &str, start: u32| Evidence {
            doc: doc.into(),
            start,
            end: start + 5,
            quote: "quote".into(),
        };
        let mut ds = Dataset::empty();
        ds.assets.push(Asset {
            id: "x1".into(),
            name: "X1".into(),
            evidence: vec![ev("d", 50), ev("other", 0)],
            ..Asset::default()
        });
        ds.trials.push(Trial {
            id: "t".into(),
            assets: vec!["x1".into()],
            arms: vec![Arm {
                id: "t/a".into(),
                label: "2 mg/kg".into(),
                results: vec![ArmResult {
                    endpoint: "ORR".into(),
                    value: Some(40.0),
                    unit: Some("%".into()),
                    evidence: vec![ev("d", 10)],
                    ..ArmResult::default()
                }],
                ..Arm::default()
            }],
            ..Trial::default()
        });
        let facts: Vec<(&str, String, Option<&str>, Option<f64>)> = facts_in(&ds, "d")
            .into_iter()
            .map(|f| (f.kind, f.label, f.asset_id, f.result.and_then(|r| r.value)))
            .collect();
        assert_eq!(
            facts,
            vec![
                ("result", "2 mg/kg · ORR".to_owned(), Some("x1"), Some(40.0)),
                ("asset", "X1".to_owned(), Some("x1"), None),
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
