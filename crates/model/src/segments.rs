//! Cutting a document's text into styled segments for the source page.
//!
//! Fact evidence (whole sentences or table rows), unextracted numbers and the one requested
//! highlight overlap freely; one sweep over their sorted boundaries, counting the open spans
//! of each kind, yields non-overlapping segments, each knowing which of the three covers it
//! (O(n log n) in the spans: a document with 20,000 facts stays instant).

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
    /// For a result, the figure itself (the viewer formats its value and labels its endpoint).
    pub result: Option<&'a crate::ArmResult>,
    /// For a result, the label of its arm.
    pub arm_label: Option<&'a str>,
    pub evidence: &'a Evidence,
    /// The fact's overlay selector (`asset:<id>`, `event:<id>`, `trial:<id>`, `arm:<id>`,
    /// `result:<arm id>:<endpoint>[ | <subgroup>]`): how a reviewer's change names it.
    pub selector: String,
}

/// Every fact with evidence in `doc_id`, in the order of the text. Labels and selectors are
/// written only for facts the document states (a source page asks again for each piece of a
/// long list, and a curated atlas holds tens of thousands of facts).
pub fn facts_in<'a>(ds: &'a Dataset, doc_id: &str) -> Vec<FactRef<'a>> {
    let cites = |ev: &[Evidence]| ev.iter().any(|e| e.doc == doc_id);
    let mut out = Vec::new();
    let mut push = |kind,
                    label: String,
                    asset_id: Option<&'a str>,
                    result: Option<(&'a crate::ArmResult, &'a str)>,
                    ev: &'a [Evidence],
                    selector: String| {
        for evidence in ev.iter().filter(|e| e.doc == doc_id) {
            out.push(FactRef {
                kind,
                label: label.clone(),
                asset_id,
                result: result.map(|(r, _)| r),
                arm_label: result.map(|(_, arm)| arm),
                evidence,
                selector: selector.clone(),
            });
        }
    };
    for a in ds.assets.iter().filter(|a| cites(&a.evidence)) {
        push(
            "asset",
            a.name.clone(),
            Some(a.id.as_str()),
            None,
            &a.evidence,
            format!("asset:{}", a.id),
        );
    }
    for e in ds.events.iter().filter(|e| cites(&e.evidence)) {
        let label = match &e.indication {
            Some(ind) => format!("{} ({ind})", e.title),
            None => e.title.clone(),
        };
        push(
            "event",
            label,
            e.asset.as_deref(),
            None,
            &e.evidence,
            format!("event:{}", e.id),
        );
    }
    for t in &ds.trials {
        let asset_id = t.assets.first().map(String::as_str);
        let trial = t
            .name
            .clone()
            .or_else(|| t.registry_ids.first().cloned())
            .or_else(|| t.phase.as_ref().map(|p| format!("{p} trial")))
            .unwrap_or_else(|| "Trial".to_owned());
        if cites(&t.evidence) {
            push(
                "trial",
                trial.clone(),
                asset_id,
                None,
                &t.evidence,
                format!("trial:{}", t.id),
            );
        }
        for arm in &t.arms {
            if cites(&arm.evidence) {
                push(
                    "arm",
                    format!("{trial} · {}", arm.label),
                    asset_id,
                    None,
                    &arm.evidence,
                    format!("arm:{}", arm.id),
                );
            }
            for r in arm.results.iter().filter(|r| cites(&r.evidence)) {
                let label = match &r.subgroup {
                    Some(sub) => format!("{} · {} [{sub}]", arm.label, r.endpoint),
                    None => format!("{} · {}", arm.label, r.endpoint),
                };
                let selector = match &r.subgroup {
                    Some(sub) => format!("result:{}:{} | {sub}", arm.id, r.endpoint),
                    None => format!("result:{}:{}", arm.id, r.endpoint),
                };
                push(
                    "result",
                    label,
                    asset_id,
                    Some((r, arm.label.as_str())),
                    &r.evidence,
                    selector,
                );
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
    // One sweep: each span opens (+1) at its start and closes (-1) at its end for its kind
    // (0 fact, 1 unextracted, 2 highlight); between two boundaries a kind covers the text
    // when its count is positive. Sorting the boundaries is the only super-linear step.
    let mut bounds: Vec<(usize, usize, i32)> = vec![(0, 0, 0), (text.len(), 0, 0)];
    let kinds = [&facts[..], &unextracted[..], highlight.as_slice()];
    for (kind, spans) in kinds.iter().enumerate() {
        for &(a, b) in spans.iter() {
            bounds.push((a, kind, 1));
            bounds.push((b, kind, -1));
        }
    }
    bounds.sort_unstable();
    let mut depth = [0i32; 3];
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(&(pos, _, _)) = bounds.get(at) {
        while let Some(&(_, kind, delta)) = bounds.get(at).filter(|b| b.0 == pos) {
            count_work(1);
            if let Some(d) = depth.get_mut(kind) {
                *d += delta;
            }
            at += 1;
        }
        if let Some(&(next, _, _)) = bounds.get(at) {
            out.push(Segment {
                start: pos,
                end: next,
                fact: depth[0] > 0,
                unextracted: depth[1] > 0,
                highlighted: depth[2] > 0,
            });
        }
    }
    out
}

#[cfg(test)]
thread_local! {
    /// Steps `segments` took, counted so a test can tell linear from quadratic without a clock.
    static WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[inline]
fn count_work(_n: usize) {
    #[cfg(test)]
    WORK.with(|w| w.set(w.get() + _n));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The steps `segments` takes for `n` adjacent facts over a text of `n` sentences.
    fn work_for(n: usize) -> usize {
        let sentence = "ORR was 40% (n=22). ";
        let text = sentence.repeat(n);
        let facts: Vec<(usize, usize)> = (0..n)
            .map(|i| (i * sentence.len(), (i + 1) * sentence.len() - 1))
            .collect();
        let numbers: Vec<(usize, usize)> = (0..n)
            .map(|i| (i * sentence.len() + 15, i * sentence.len() + 17))
            .collect();
        WORK.with(|w| w.set(0));
        let segs = segments(&text, &facts, &numbers, Some((0, 3)));
        assert!(segs.len() >= 3 * n);
        WORK.with(|w| w.get())
    }

    #[test]
    fn segments_take_linear_work_in_the_number_of_facts() {
        // Bug: every boundary scanned every span, so 20,000 facts froze the source page.
        let (small, large) = (work_for(2_000), work_for(20_000));
        assert!(
            large <= small * 15,
            "work grew {small} -> {large} steps for ten times the facts"
        );
    }

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
