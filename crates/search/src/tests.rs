//! Behaviour tests of the public API, one line per case, on a small hand-made atlas.

use std::sync::LazyLock;

use crate::{Facet, Field, Filters, MatchKind, SearchDoc, SearchIndex};

mod prefix;

fn doc(
    id: &str,
    names: &[&str],
    companies: &[&str],
    targets: &[&str],
    modality: &str,
) -> SearchDoc {
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    SearchDoc {
        id: id.into(),
        names: strings(names),
        companies: strings(companies),
        targets: strings(targets),
        modality: Some(modality.into()),
        ..SearchDoc::default()
    }
}

fn with(mut d: SearchDoc, indications: &[&str], trials: &[&str], phase: &str) -> SearchDoc {
    d.indications = indications.iter().map(|s| s.to_string()).collect();
    d.trials = trials.iter().map(|s| s.to_string()).collect();
    d.phase = Some(phase.into());
    d
}

static INDEX: LazyLock<SearchIndex> = LazyLock::new(|| SearchIndex::build(docs()));

fn docs() -> Vec<SearchDoc> {
    let mut docs = vec![
        with(
            doc(
                "ibi363",
                &["IBI363", "TAK-928"],
                &["Innovent Biologics", "Takeda"],
                &["PD-1", "IL-2Rα"],
                "bispecific antibody fusion protein",
            ),
            &["NSCLC", "melanoma"],
            &[],
            "Phase 2",
        ),
        with(
            doc(
                "lbl-024",
                &["LBL-024", "Opatisumimab", "Velesin™"],
                &["Leads Biolabs"],
                &["PD-L1", "4-1BB"],
                "bispecific antibody",
            ),
            &["TNBC", "extrapulmonary neuroendocrine carcinoma"],
            &["NCT05844150"],
            "Phase Ib/II",
        ),
        with(
            doc(
                "ivonescimab",
                &["ivonescimab", "AK112", "SMT112"],
                &["Akeso", "Summit Therapeutics"],
                &["PD-1", "VEGF"],
                "bispecific antibody",
            ),
            &["sqNSCLC"],
            &["HARMONi-2", "NCT05499390"],
            "Phase 3",
        ),
        with(
            doc(
                "nezolitinib",
                &["nezolitinib"],
                &["Hansoh Pharma"],
                &["EGFR"],
                "small molecule",
            ),
            &["NSCLC"],
            &[],
            "Phase 2",
        ),
        with(
            doc(
                "js212",
                &["JS212"],
                &["Junshi Biosciences"],
                &["EGFR", "HER3"],
                "bispecific ADC",
            ),
            &["solid tumor"],
            &[],
            "Phase 1",
        ),
        with(
            doc(
                "pembrolizumab",
                &["pembrolizumab", "Keytruda", "MK-3475"],
                &["Merck & Co."],
                &["PD-1"],
                "monoclonal antibody",
            ),
            &["NSCLC", "melanoma"],
            &["KEYNOTE-407", "KEYNOTE-189", "NCT02775435"],
            "Approved",
        ),
        with(
            doc(
                "atezolizumab",
                &["atezolizumab", "Tecentriq"],
                &["Roche"],
                &["PD-L1"],
                "monoclonal antibody",
            ),
            &["NSCLC", "SCLC"],
            &["IMpower133"],
            "Approved",
        ),
        with(
            doc(
                "zolbetuximab",
                &["zolbetuximab", "IMAB362"],
                &["Astellas"],
                &["CLDN18.2"],
                "monoclonal antibody",
            ),
            &["gastric cancer"],
            &["SPOTLIGHT"],
            "Approved",
        ),
        with(
            doc(
                "shr-a1811",
                &["trastuzumab rezetecan", "SHR-A1811", "SHR A1811"],
                &["Jiangsu Hengrui"],
                &["HER2"],
                "ADC",
            ),
            &["breast cancer"],
            &[],
            "Phase 3",
        ),
        with(
            doc(
                "patritumab-deruxtecan",
                &["patritumab deruxtecan", "HER3-DXd"],
                &["Daiichi Sankyo"],
                &["HER3"],
                "ADC",
            ),
            &["NSCLC"],
            &[],
            "Phase 3",
        ),
        doc(
            "akesomab",
            &["Akesomab"],
            &["Other Bio"],
            &[],
            "monoclonal antibody",
        ),
        doc(
            "akeco",
            &["Akeco"],
            &["Third Bio"],
            &[],
            "monoclonal antibody",
        ),
    ];
    docs[0].designations = vec!["NMPA BTD".into(), "FDA FTD".into()];
    docs[1].designations = vec!["FDA FTD".into()];
    docs
}

fn ids(hits: &[crate::Hit]) -> Vec<&'static str> {
    hits.iter()
        .filter_map(|h| INDEX.doc(h.doc_idx))
        .map(|d| d.id.as_str())
        .collect()
}

/// The first hits of `query` are exactly `expected`, in order.
fn check(query: &str, expected: &[&str]) {
    let got = ids(&INDEX.search(query, 20));
    assert!(
        got.len() >= expected.len() && got[..expected.len()] == *expected,
        "search({query:?}): expected first {expected:?}, got {got:?}"
    );
}

/// The hits of `query` are exactly the documents `expected`, in any order.
fn check_all(query: &str, expected: &[&str]) {
    let mut got = ids(&INDEX.search(query, 20));
    got.sort_unstable();
    let mut expected = expected.to_vec();
    expected.sort_unstable();
    assert_eq!(got, expected, "search({query:?})");
}

/// How the first hit of `query` matched: kind, field, matched text and highlighted text.
fn check_hit(query: &str, kind: MatchKind, field: Field, matched: &str, highlighted: &[&str]) {
    let hits = INDEX.search(query, 5);
    let Some(hit) = hits.first() else {
        panic!("search({query:?}) found nothing");
    };
    let shown: Vec<&str> = hit
        .highlight
        .iter()
        .filter_map(|&(s, e)| hit.matched_text.get(s..e))
        .collect();
    assert_eq!(
        (
            hit.kind,
            hit.field,
            hit.matched_text.as_str(),
            shown.as_slice()
        ),
        (kind, field, matched, highlighted),
        "first hit of {query:?}"
    );
}

#[test]
fn normalisation() {
    check("IBI363", &["ibi363"]);
    check("ibi-363", &["ibi363"]);
    check("IBI 363", &["ibi363"]);
    check("ｉｂｉ３６３", &["ibi363"]);
    check("  ibi363!! ", &["ibi363"]);
    check("tak928", &["ibi363"]);
    check("TAK 928", &["ibi363"]);
    // Still typing: the trailing number glues to the word before it as a prefix.
    check_hit(
        "IBI 36",
        MatchKind::Prefix,
        Field::Name,
        "IBI363",
        &["IBI36"],
    );
    check("IL-2Ra", &["ibi363"]);
    check("IL-2Rα", &["ibi363"]);
    check("il2ra", &["ibi363"]);
    check("Velesin", &["lbl-024"]);
    check("Velesin®", &["lbl-024"]);
    check("SHRA1811", &["shr-a1811"]);
    check("shr-a1811", &["shr-a1811"]);
    check("MERCK & CO", &["pembrolizumab"]);
}

#[test]
fn registry_ids_and_trial_names() {
    check("NCT05844150", &["lbl-024"]);
    check("nct 05844150", &["lbl-024"]);
    check("KEYNOTE-407", &["pembrolizumab"]);
    check("keynote 189", &["pembrolizumab"]);
    check("keynote", &["pembrolizumab"]);
    check("HARMONi-2", &["ivonescimab"]);
    check_hit(
        "KEYNOTE-4",
        MatchKind::Prefix,
        Field::Trial,
        "KEYNOTE-407",
        &["KEYNOTE-4"],
    );
}

#[test]
fn synonyms() {
    check_all("CD137", &["lbl-024"]);
    check_all("TNFRSF9", &["lbl-024"]);
    check_all("4-1BB", &["lbl-024"]);
    check_all("ERBB3", &["js212", "patritumab-deruxtecan"]);
    check_all("ERBB2", &["shr-a1811"]);
    check_all("CD274", &["lbl-024", "atezolizumab"]);
    check_all("PDCD1", &["ibi363", "ivonescimab", "pembrolizumab"]);
    check_all("CD25", &["ibi363"]);
    check_all("claudin 18.2", &["zolbetuximab"]);
    check_all("triple-negative breast cancer", &["lbl-024"]);
    check_all("triple negative breast cancer", &["lbl-024"]);
    check_all("stomach cancer", &["zolbetuximab"]);
    check_all(
        "antibody-drug conjugate",
        &["js212", "shr-a1811", "patritumab-deruxtecan"],
    );
    // sqNSCLC is a kind of NSCLC, so NSCLC finds it; small cell lung cancer is not NSCLC.
    check_all(
        "non-small cell lung cancer",
        &[
            "ibi363",
            "ivonescimab",
            "nezolitinib",
            "pembrolizumab",
            "atezolizumab",
            "patritumab-deruxtecan",
        ],
    );
    check_all("small cell lung cancer", &["atezolizumab"]);
    check_all("squamous non-small cell lung cancer", &["ivonescimab"]);
    check_hit(
        "CD137",
        MatchKind::Exact,
        Field::Target,
        "4-1BB",
        &["4-1BB"],
    );
}

#[test]
fn typos() {
    // Two deletions in a 10-character term: two edits are allowed from 9 characters.
    check("opatisumab", &["lbl-024"]);
    check("ivonesimab", &["ivonescimab"]);
    // A swap of neighbours is one edit.
    check("nezolitniib", &["nezolitinib"]);
    check("pembrolziumab", &["pembrolizumab"]);
    check("keytrdua", &["pembrolizumab"]);
    check("Akeos", &["ivonescimab"]);
    check("Inovent", &["ibi363"]);
    check("IBI336", &["ibi363"]);
    // One edit from 5 characters, none below, two only from 9.
    check_all("Aekos", &[]);
    check_all("Akso", &[]);
    check_all("nezolitiinb", &["nezolitinib"]);
    check_all("nezlotiniib", &[]);
    check_all("keytrdaa", &[]);
    check_hit(
        "opatisumab",
        MatchKind::Fuzzy,
        Field::Alias,
        "Opatisumimab",
        &["Opatisumimab"],
    );
}

#[test]
fn tokens_stay_whole() {
    check_all("PD-1", &["ibi363", "ivonescimab", "pembrolizumab"]);
    check_all("PD 1", &["ibi363", "ivonescimab", "pembrolizumab"]);
    check_all("PD-L1", &["lbl-024", "atezolizumab"]);
    check_all("CLDN18.2", &["zolbetuximab"]);
    check_all("CLDN18", &["zolbetuximab"]);
    check_all("4-1BB", &["lbl-024"]);
    check_all("1BB", &["lbl-024"]);
    check_all("HER3", &["js212", "patritumab-deruxtecan"]);
}

#[test]
fn ranking() {
    // Exact (company) > prefix (name) > typo (name).
    check("akeso", &["ivonescimab", "akesomab", "akeco"]);
    check_hit(
        "akeso",
        MatchKind::Exact,
        Field::Company,
        "Akeso",
        &["Akeso"],
    );
    // Among exact matches, a name or alias beats a target.
    check("HER3", &["patritumab-deruxtecan", "js212"]);
    check_hit(
        "HER3",
        MatchKind::Exact,
        Field::Alias,
        "HER3-DXd",
        &["HER3"],
    );
    check_hit(
        "pembro",
        MatchKind::Prefix,
        Field::Name,
        "pembrolizumab",
        &["pembro"],
    );
    check_hit(
        "keytruda",
        MatchKind::Exact,
        Field::Alias,
        "Keytruda",
        &["Keytruda"],
    );
    check_hit(
        "IBI 363",
        MatchKind::Exact,
        Field::Name,
        "IBI363",
        &["IBI363"],
    );
    check_hit("ibi", MatchKind::Prefix, Field::Name, "IBI363", &["IBI"]);
    // Regression: a hyphenated alias typed whole highlighted only its first letters ("TA").
    check_hit(
        "TAK-928",
        MatchKind::Exact,
        Field::Alias,
        "TAK-928",
        &["TAK-928"],
    );
    check_hit(
        "tak 9",
        MatchKind::Prefix,
        Field::Alias,
        "TAK-928",
        &["TAK-9"],
    );
    check_hit(
        "IL-2Ra",
        MatchKind::Exact,
        Field::Target,
        "IL-2Rα",
        &["IL-2Rα"],
    );
    check_hit(
        "non small cell lung cancer",
        MatchKind::Exact,
        Field::Indication,
        "NSCLC",
        &["NSCLC"],
    );
    // A shorter completion ranks first.
    check("AK11", &["ivonescimab"]);
}

#[test]
fn multi_word_queries_and_every_term() {
    check_all("PD-1 NSCLC", &["ibi363", "ivonescimab", "pembrolizumab"]);
    check_all("NSCLC PD-1", &["ibi363", "ivonescimab", "pembrolizumab"]);
    check_all("Innovent bispecific", &["ibi363"]);
    check_all("akeso pd-1", &["ivonescimab"]);
    check_all("EGFR HER3", &["js212"]);
    check_all("ADC HER3", &["js212", "patritumab-deruxtecan"]);
    check_all("roche melanoma", &[]);
    check_all("PD-L1 4-1BB TNBC", &["lbl-024"]);
    check_all("pembrolizumab keytruda", &["pembrolizumab"]);
    check_all("innov bisp", &["ibi363"]);
    // A typo in one word of several: the typo pass runs because the words as typed find none.
    check_all("Innovent bispecifc", &["ibi363"]);
    check_all("keytrdua NSCLC", &["pembrolizumab"]);
}

#[test]
fn empty_and_odd_queries() {
    check_all("", &[]);
    check_all("   -/- ", &[]);
    check_all("zzzzzz", &[]);
    assert!(INDEX.search("pd-1", 0).is_empty());
    assert_eq!(INDEX.search("pd-1", 2).len(), 2);
    assert!(SearchIndex::build(Vec::new()).search("pd-1", 10).is_empty());
}

#[test]
fn filters_and_listing() {
    let check_filtered = |query: &str, filters: Filters, expected: &[&str]| {
        let hits = INDEX.search_filtered(query, &filters, 50);
        let mut got = ids(&hits);
        got.sort_unstable();
        let mut expected = expected.to_vec();
        expected.sort_unstable();
        assert_eq!(got, expected, "{query:?} with {filters:?}");
        if query.is_empty() {
            assert!(hits.iter().all(|h| h.kind == MatchKind::Listed));
        }
    };
    check_filtered(
        "",
        Filters::new().with(Facet::Target, "PD-1"),
        &["ibi363", "ivonescimab", "pembrolizumab"],
    );
    check_filtered(
        "NSCLC",
        Filters::new().with(Facet::Company, "Akeso"),
        &["ivonescimab"],
    );
    check_filtered(
        "",
        Filters::new()
            .with(Facet::Phase, "Approved")
            .with(Facet::Target, "PD-L1"),
        &["atezolizumab"],
    );
    check_filtered(
        "",
        Filters::new().with(Facet::Designation, "FDA FTD"),
        &["ibi363", "lbl-024"],
    );
    check_filtered(
        "",
        Filters::new().with(Facet::Modality, "ADC"),
        &["shr-a1811", "patritumab-deruxtecan"],
    );
    check_filtered(
        "",
        Filters::new().with(Facet::Indication, "melanoma"),
        &["ibi363", "pembrolizumab"],
    );
    check_filtered("pd-1", Filters::new().with(Facet::Indication, "TNBC"), &[]);
    assert_eq!(
        INDEX.search_filtered("", &Filters::new(), 100).len(),
        INDEX.len()
    );
}

#[test]
fn facet_counts() {
    let hits = INDEX.search("PD-1", usize::MAX);
    let facets = INDEX.facets(&hits);
    let counts = |facet: Facet| -> Vec<(String, usize)> {
        facets
            .get(facet)
            .iter()
            .map(|c| (c.value.clone(), c.count))
            .collect()
    };
    let pairs = |v: &[(&str, usize)]| -> Vec<(String, usize)> {
        v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    };
    assert_eq!(
        counts(Facet::Target),
        pairs(&[("PD-1", 3), ("IL-2Rα", 1), ("VEGF", 1)])
    );
    assert_eq!(
        counts(Facet::Indication),
        pairs(&[("NSCLC", 2), ("melanoma", 2), ("sqNSCLC", 1)])
    );
    assert_eq!(
        counts(Facet::Phase),
        pairs(&[("Approved", 1), ("Phase 2", 1), ("Phase 3", 1)])
    );
    assert_eq!(
        counts(Facet::Designation),
        pairs(&[("FDA FTD", 1), ("NMPA BTD", 1)])
    );
    assert_eq!(counts(Facet::Modality).len(), 3);
    assert_eq!(counts(Facet::Company).len(), 5);
    // Hits of the same document count once.
    let twice = [hits.clone(), hits].concat();
    assert_eq!(
        INDEX.facets(&twice).get(Facet::Target),
        facets.get(Facet::Target)
    );
}

#[test]
fn result_pages_agree_with_search_and_facets() {
    let filters = [
        Filters::new(),
        Filters::new().with(Facet::Target, "PD-1"),
        Filters::new().with(Facet::Indication, "NSCLC"),
    ];
    for query in [
        "",
        "pd-1",
        "NSCLC",
        "akeso",
        "opatisumab",
        "bispecific",
        "zzz",
    ] {
        for f in &filters {
            let everything = INDEX.search_filtered(query, f, usize::MAX);
            let page = INDEX.search_page(query, f, 100);
            assert_eq!(page.total, everything.len(), "{query:?} {f:?}");
            assert_eq!(page.facets, INDEX.facets(&everything), "{query:?} {f:?}");
            assert_eq!(page.hits, everything, "{query:?} {f:?}");
            for per_facet in [0, 1, 2, 5] {
                let top = INDEX.search_page_top(query, f, 100, per_facet);
                assert_eq!((top.total, &top.hits), (page.total, &page.hits));
                for facet in Facet::ALL {
                    let full = page.facets.get(facet);
                    let head = full.get(..per_facet.min(full.len())).unwrap_or(&[]);
                    assert_eq!(top.facets.get(facet), head, "{query:?} {f:?} {facet:?}");
                }
            }
            for limit in [0, 1, 2] {
                let page = INDEX.search_page(query, f, limit);
                assert_eq!(
                    page.hits,
                    INDEX.search_filtered(query, f, limit),
                    "{query:?} {limit}"
                );
                assert!(page.total >= page.hits.len());
            }
        }
    }
}

#[test]
fn serialized_index_answers_the_same() {
    let bytes = INDEX.to_bytes();
    let loaded = match SearchIndex::from_bytes(&bytes) {
        Ok(index) => index,
        Err(e) => panic!("round trip failed: {e}"),
    };
    for query in ["ibi363", "opatisumab", "PD-1 NSCLC", "cd137", "keyn", ""] {
        assert_eq!(
            loaded.search(query, 10),
            INDEX.search(query, 10),
            "{query:?}"
        );
    }
    assert_eq!(loaded.to_bytes(), bytes);
    // Company, target, modality and indication postings are derived on load, not stored:
    // they come back exactly.
    assert_eq!(loaded.postings, INDEX.postings);
    assert_eq!(loaded.post_ends, INDEX.post_ends);
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn docs_read_from_partial_json() {
    // The shape issue 7's benchmark harness passes in: no trials, phase or designations.
    let json = r#"[{"id": "a1", "names": ["IBI363", "TAK-928"], "companies": ["Innovent"],
        "targets": ["PD-1"], "modality": "bispecific", "indications": ["NSCLC"]}]"#;
    let docs: Vec<SearchDoc> = match serde_json::from_str(json) {
        Ok(docs) => docs,
        Err(e) => panic!("{e}"),
    };
    let index = SearchIndex::build(docs);
    assert_eq!(index.search("tak 928", 5).len(), 1);
    assert_eq!(index.search("non-small cell lung cancer", 5).len(), 1);
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use proptest::prelude::*;

    use super::*;

    fn search_doc() -> impl Strategy<Value = SearchDoc> {
        // Mostly name-like text, sometimes anything at all.
        let word = || prop_oneof![4 => "[A-Za-z0-9α-ω \\-./]{0,12}", 1 => "(?s).{0,12}"];
        let words = move || proptest::collection::vec(word(), 0..4);
        (
            "[a-z0-9]{1,6}",
            words(),
            words(),
            words(),
            proptest::option::of("[a-z ]{0,12}"),
            words(),
            words(),
        )
            .prop_map(
                |(id, names, companies, targets, modality, indications, trials)| SearchDoc {
                    // Both values of the flag, so round trips cover it.
                    comparator: id.len() % 2 == 0,
                    id,
                    names,
                    companies,
                    targets,
                    modality,
                    indications,
                    trials,
                    phase: None,
                    designations: Vec::new(),
                },
            )
    }

    proptest! {
        #[test]
        fn search_never_panics(query in "(?s).{0,40}", limit in 0usize..30) {
            let hits = INDEX.search(&query, limit);
            prop_assert!(hits.len() <= limit);
            for hit in hits {
                prop_assert!(INDEX.doc(hit.doc_idx).is_some());
                for (s, e) in hit.highlight {
                    prop_assert!(hit.matched_text.get(s..e).is_some());
                }
            }
        }

        #[test]
        fn every_name_finds_its_document(docs in proptest::collection::vec(search_doc(), 1..8)) {
            let index = SearchIndex::build(docs.clone());
            for (doc_idx, doc) in docs.iter().enumerate() {
                for name in &doc.names {
                    if crate::normalize::compact(name).is_empty() {
                        continue;
                    }
                    let hits = index.search(name, usize::MAX);
                    prop_assert!(hits.iter().any(|h| h.doc_idx == doc_idx), "{:?} lost doc {}", name, doc_idx);
                }
            }
        }

        #[test]
        fn index_round_trips(docs in proptest::collection::vec(search_doc(), 0..8), query in "[a-z0-9 ]{0,10}") {
            let index = SearchIndex::build(docs);
            let bytes = index.to_bytes();
            let loaded = SearchIndex::from_bytes(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(loaded.docs(), index.docs());
            prop_assert_eq!(loaded.to_bytes(), bytes);
            prop_assert_eq!(&loaded.postings, &index.postings);
            prop_assert_eq!(&loaded.post_ends, &index.post_ends);
            prop_assert_eq!(loaded.search(&query, 10), index.search(&query, 10));
        }

        // Corrupting any byte of a real index gives an error or an index that still answers
        // without panicking: the validation on load covers what the reader relies on.
        #[test]
        fn corrupted_indexes_never_panic(at in any::<prop::sample::Index>(), byte in any::<u8>(), query in "[a-z0-9 -]{0,12}") {
            let mut bytes = INDEX.to_bytes();
            let i = at.index(bytes.len());
            bytes[i] = byte;
            if let Ok(index) = SearchIndex::from_bytes(&bytes) {
                let hits = index.search(&query, 10);
                let _ = index.facets(&hits);
                let _ = index.search_page("", &Filters::new(), 5);
            }
        }

        #[test]
        fn from_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = SearchIndex::from_bytes(&bytes);
            let mut framed = crate::INDEX_MAGIC.to_vec();
            framed.extend_from_slice(&crate::INDEX_VERSION.to_le_bytes());
            framed.extend_from_slice(&bytes);
            let _ = SearchIndex::from_bytes(&framed);
        }
    }
}

/// Every member of every target class of the synonym table, typed as the table writes it,
/// finds an asset whose target is the class's canonical name — the long forms included
/// (`G protein-coupled receptor class C group 5 member D` is ten tokens).
#[test]
fn every_target_synonym_as_written_finds_its_class() {
    use crate::synonyms::{Section, TABLE};
    let classes: Vec<u32> = (0..1000u32)
        .filter(|&c| TABLE.section(c) == Some(Section::Target))
        .collect();
    assert!(classes.len() > 100, "the table has its target classes");
    let docs: Vec<SearchDoc> = classes
        .iter()
        .map(|&c| {
            doc(
                &format!("asset-{c}"),
                &[&format!("XY-{c}")],
                &[],
                &[TABLE.canonical(c)],
                "antibody",
            )
        })
        .collect();
    let index = SearchIndex::build(docs);
    let text = include_str!("synonyms.txt");
    let mut in_targets = false;
    let mut checked = 0;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_targets = line == "[target]";
            continue;
        }
        if !in_targets || line.is_empty() || line.starts_with('#') || line.contains("=>") {
            continue;
        }
        let members: Vec<&str> = line.split(" = ").map(str::trim).collect();
        let canonical = members[0];
        for member in &members {
            let ids: Vec<&str> = index
                .search(member, 50)
                .iter()
                .filter_map(|h| index.doc(h.doc_idx))
                .filter(|d| d.targets.iter().any(|t| t == canonical))
                .map(|d| d.id.as_str())
                .collect();
            assert!(
                !ids.is_empty(),
                "{member:?} finds no asset targeting {canonical}"
            );
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked} members checked");
}
