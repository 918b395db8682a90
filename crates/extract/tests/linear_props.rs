//! Extraction work is linear in input size, counted rather than timed, for random
//! concatenations of real-looking sentences: a document made of a random sequence of them,
//! and the same sequence ten times over, must differ about tenfold in bytes allocated (the
//! work) and in peak memory, never a hundredfold. A counting allocator does the counting.
//!
//! One `#[test]` only, so nothing else allocates in this binary while it measures.

use atlas_alloc_count::{measure, Counting};

use atlas_extract::{extract, Manifest, SourceDoc};
use proptest::prelude::*;

#[global_allocator]
static ALLOC: Counting = Counting;

/// Sentences of the kinds the corpus holds: results with intervals and n, hazard ratios,
/// trial names, designations, deals, citations, and prose with numbers no rule should take.
const SENTENCES: &[&str] = &[
    "Northwind Bio announced that the FDA granted Breakthrough Therapy Designation to NW-417 for previously treated squamous NSCLC.",
    "In the phase 2 ASTER-2 trial, NW-417 at 3 mg/kg reached an objective response rate of 38.6% (95% CI 27.2-51.0; n=57).",
    "Median progression-free survival was 7.4 months versus 4.1 months with docetaxel (HR 0.58; 95% CI 0.42-0.79).",
    "The disease control rate was 81% and the median duration of response was not reached.",
    "Grade 3 or higher treatment-related adverse events occurred in 17 of 96 patients (17.7%).",
    "Meridian Therapeutics will pay $45 million upfront and up to $1.2 billion in milestones for rights outside Greater China.",
    "As previously reported in KEYNOTE-042 (Mok et al.), pembrolizumab gave an ORR of 27% in PD-L1 TPS >= 1% tumours.",
    "The NMPA accepted the IND for NW-417 in combination with chemotherapy in first-line NSCLC (NCT06612345).",
    "Among 22 patients in the PD-L1 high subgroup, 14 responded (63.6%).",
    "The company had 412 employees and three sites at the end of 2025, with revenue of $18.3 million.",
    "(The cohort enrolled [in part] under protocol amendment 4; see Table 2.)",
    "Overall survival at 12 months was 71.3% in the 2 mg/kg arm and 64.0% in the 1 mg/kg arm.",
];

/// (peak bytes above the start, total bytes allocated) while extracting `text`.
fn extraction_cost(text: String) -> (usize, usize) {
    let doc = SourceDoc {
        id: "mix".into(),
        path: "mix.txt".into(),
        text,
    };
    let ((), usage) = measure(|| drop(extract(&[doc], &Manifest::default(), None)));
    (usage.peak, usage.allocated)
}

/// A sentence index and what follows it: a space, a line break or a paragraph break.
fn pieces() -> impl Strategy<Value = Vec<(usize, u8)>> {
    proptest::collection::vec((0..SENTENCES.len(), 0u8..3), 8..30)
}

/// The sentences `times` over; on one line when `one_line` (per-line work shows there).
fn render(pieces: &[(usize, u8)], times: usize, one_line: bool) -> String {
    let mut out = String::new();
    for _ in 0..times {
        for &(i, sep) in pieces {
            out.push_str(SENTENCES[i]);
            out.push_str(match sep {
                _ if one_line => " ",
                0 => " ",
                1 => "\n",
                _ => "\n\n",
            });
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn extraction_work_and_memory_grow_linearly_with_the_input(
        pieces in pieces(),
        one_line in any::<bool>(),
    ) {
        let (peak_1, work_1) = extraction_cost(render(&pieces, 1, one_line));
        let (peak_10, work_10) = extraction_cost(render(&pieces, 10, one_line));
        // Tenfold input: linear is about 10x; allow 15x plus a constant for fixed costs.
        let slack = 64 * 1024;
        prop_assert!(
            work_10 <= 15 * work_1 + slack,
            "bytes allocated grew {work_1} -> {work_10} for ten times the text"
        );
        prop_assert!(
            peak_10 <= 15 * peak_1 + slack,
            "peak memory grew {peak_1} -> {peak_10} for ten times the text"
        );
    }
}
