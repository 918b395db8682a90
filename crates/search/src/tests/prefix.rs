//! Prefix precision: what a document says ranks above what it matches only through a
//! synonym or a typo. Someone typing the start of a word wants the documents showing that
//! start first; synonym and typo matches only fill in below them.

use std::sync::LazyLock;

use super::{doc, docs, with, INDEX};
use crate::{normalize, SearchDoc, SearchIndex};

/// A small atlas where one start of a word is also the start of a synonym and one edit
/// from other names.
static SMALL: LazyLock<SearchIndex> = LazyLock::new(|| SearchIndex::build(small_docs()));

fn small_docs() -> Vec<SearchDoc> {
    vec![
        // BAFF's synonym BLyS starts with `bl`; nothing shown on its row does.
        doc(
            "baff-mab",
            &["QX-101"],
            &["Kanto Bio"],
            &["BAFF"],
            "monoclonal antibody",
        ),
        with(
            doc(
                "bladder-adc",
                &["RT-550"],
                &["Omet Pharma"],
                &["Nectin-4"],
                "ADC",
            ),
            &["bladder cancer"],
            &[],
            "Phase 2",
        ),
        doc("blx-101", &["BLX-101"], &["Sorin Bio"], &["CD19"], "CAR-T"),
        // ESR1, a synonym of ERα, starts with `es`; the indication ES-SCLC shows it.
        doc(
            "er-degrader",
            &["VR-77"],
            &["Tanto Bio"],
            &["ERα"],
            "small molecule",
        ),
        with(
            doc(
                "dll3-bite",
                &["KL-330"],
                &["Pemo Bio"],
                &["DLL3"],
                "T-cell engager",
            ),
            &["ES-SCLC"],
            &[],
            "Phase 1",
        ),
        // `serel` starts one name and is one edit from two others.
        doc(
            "serelacept",
            &["UM-12", "serelacept"],
            &["Rova Bio"],
            &["CD80"],
            "fusion protein",
        ),
        doc(
            "seral",
            &["TF-44", "Seral"],
            &["Vela Bio"],
            &["CD86"],
            "fusion protein",
        ),
        doc(
            "sebel",
            &["MO-9", "Sebel"],
            &["Quin Bio"],
            &["CD28"],
            "fusion protein",
        ),
    ]
}

/// The hits of `query` in `index` start with exactly `expected`, in order.
fn check_first(index: &SearchIndex, query: &str, expected: &[&str]) {
    let got: Vec<&str> = index
        .search(query, 20)
        .iter()
        .filter_map(|h| index.doc(h.doc_idx))
        .map(|d| d.id.as_str())
        .collect();
    assert!(
        got.len() >= expected.len() && got[..expected.len()] == *expected,
        "search({query:?}): expected first {expected:?}, got {got:?}"
    );
}

#[test]
fn a_shown_prefix_ranks_above_a_synonym_prefix() {
    // Regression: BAFF (through BLyS, a target) ranked above the indication "bladder
    // cancer", whose prefix the reader can see.
    check_first(&SMALL, "bl", &["blx-101", "bladder-adc", "baff-mab"]);
    check_first(&SMALL, "bla", &["bladder-adc"]);
    check_first(&SMALL, "es", &["dll3-bite", "er-degrader"]);
    // A whole synonym is still an exact match and ranks above every prefix.
    check_first(&SMALL, "BLyS", &["baff-mab"]);
    check_first(&SMALL, "ESR1", &["er-degrader"]);
    check_first(&SMALL, "estrogen receptor", &["er-degrader"]);
}

#[test]
fn typos_fill_in_below_prefixes() {
    check_first(&SMALL, "serel", &["serelacept", "seral", "sebel"]);
    check_first(&SMALL, "seral", &["seral", "serelacept"]);
}

/// Whether some word of `value`, read from its start to the end of the value, starts with
/// the compact form of `query`: what the reader sees matched.
fn shows(value: &str, query: &str) -> bool {
    let wanted = normalize::compact(query);
    let words: Vec<&str> = value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (0..words.len()).any(|i| normalize::compact(&words[i..].concat()).starts_with(&wanted))
}

fn shown_in(doc: &SearchDoc, query: &str) -> bool {
    doc.names
        .iter()
        .chain(&doc.companies)
        .chain(&doc.targets)
        .chain(&doc.modality)
        .chain(&doc.indications)
        .chain(&doc.trials)
        .any(|value| shows(value, query))
}

/// Over every start (2 to 8 characters) of every value of both test atlases: once a hit
/// that does not show what was typed appears, no hit that shows it follows.
#[test]
fn every_shown_prefix_match_ranks_above_every_other_match() {
    for (index, docs) in [(&*INDEX, docs()), (&*SMALL, small_docs())] {
        for d in &docs {
            let values = d
                .names
                .iter()
                .chain(&d.companies)
                .chain(&d.targets)
                .chain(&d.indications);
            for value in values {
                let chars: Vec<char> = value.chars().collect();
                for len in 2..=chars.len().min(8) {
                    let query: String = chars[..len].iter().collect();
                    if normalize::compact(&query).chars().count() < 2 {
                        continue;
                    }
                    let shown: Vec<bool> = index
                        .search(&query, 50)
                        .iter()
                        .filter_map(|h| index.doc(h.doc_idx))
                        .map(|d| shown_in(d, &query))
                        .collect();
                    let first_other = shown.iter().position(|s| !s).unwrap_or(shown.len());
                    assert!(
                        !shown[first_other..].contains(&true),
                        "search({query:?}): a match not showing it ranks above one that does: {shown:?}"
                    );
                }
            }
        }
    }
}

/// An atlas where one letter starts thousands of terms.
static CROWDED: LazyLock<SearchIndex> = LazyLock::new(|| {
    let mut docs = vec![doc("ab", &["AB"], &["Lone Bio"], &[], "fusion protein")];
    docs.extend((0..20_000).map(|i| {
        doc(
            &format!("abx{i}"),
            &[&format!("ABX{i}")],
            &["Many Bio"],
            &[],
            "fusion protein",
        )
    }));
    SearchIndex::build(docs)
});

/// The first hit and the total of a result page of `query` in [`CROWDED`].
fn check_crowded(query: &str, first: &str, total: std::ops::RangeInclusive<usize>) {
    let page = CROWDED.search_page(query, &crate::Filters::new(), 10);
    let got = page
        .hits
        .first()
        .and_then(|h| CROWDED.doc(h.doc_idx))
        .map(|d| d.id.as_str());
    assert!(
        got == Some(first) && total.contains(&page.total),
        "search_page({query:?}): first {got:?}, total {} (expected {first:?}, {total:?})",
        page.total
    );
}

#[test]
fn one_and_two_letter_words_visit_only_their_shortest_completions() {
    // Regression: `a` walked every term starting with it (the slowest keystroke of a large
    // atlas). Now the shortest completions, whole lengths at a time, until 4,096 postings:
    // AB, then ABX0–9 (4 letters), …, ABX1000–9999 (7 letters: 10,001 in all).
    check_crowded("a", "ab", 10_001..=10_001);
    // The exact two-letter code still comes first.
    check_crowded("AB", "ab", 10_001..=10_001);
    // From three letters on, every completion: ABX0–19999, and ABX1, ABX10–19, ….
    check_crowded("abx", "abx0", 20_000..=20_000);
    check_crowded("abx1", "abx1", 11_111..=11_111);
}
