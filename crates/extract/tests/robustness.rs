//! Bad input never panics, evidence always slices the original text, and time stays linear.

use atlas_extract::{extract, Manifest, SourceDoc};
use proptest::prelude::*;

fn doc(text: &str) -> SourceDoc {
    SourceDoc {
        id: "d".into(),
        path: "d.txt".into(),
        text: text.to_owned(),
    }
}

/// Extract and check that every quote is exactly its slice of the text.
fn check_quotes(text: &str) {
    let x = extract(&[doc(text)], &Manifest::default(), None);
    let ds = &x.dataset;
    let mut evs: Vec<&atlas_model::Evidence> = Vec::new();
    evs.extend(ds.assets.iter().flat_map(|a| &a.evidence));
    evs.extend(ds.events.iter().flat_map(|e| &e.evidence));
    for t in &ds.trials {
        evs.extend(&t.evidence);
        for a in &t.arms {
            evs.extend(&a.evidence);
            evs.extend(a.results.iter().flat_map(|r| &r.evidence));
        }
    }
    for ev in evs {
        assert_eq!(
            text.get(ev.start as usize..ev.end as usize),
            Some(ev.quote.as_str())
        );
    }
    for s in ds.documents.iter().flat_map(|d| &d.unextracted_numbers) {
        assert_eq!(
            text.get(s.start as usize..s.end as usize),
            Some(s.text.as_str())
        );
    }
}

/// Fragments of the kind of text the rules look for, in every awkward spelling.
fn fragment() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "ORR",
        " of ",
        "86.4%",
        " (95% CI: 59.7-94.8)",
        "(n=22)",
        "n\u{ff1d}22",
        "\u{2011}",
        "\u{00a0}",
        "\r\n",
        "\n",
        "\u{ff08}",
        "\u{ff09}",
        "\u{ff1a}",
        "\u{ff0c}",
        "≥",
        "→",
        "3→1.5 mg/kg",
        " dose group",
        "|",
        "  ",
        "PD\u{2011}L1",
        "IBI363",
        "LBL-024",
        "Velesin™ (Opatisumimab, LBL-024)",
        "FDA",
        " granted ",
        "Breakthrough Therapy Designation (BTD)",
        "In October 2024,",
        " in the same month",
        ", respectively",
        ". ",
        "grade ≥3 TRAEs",
        "anemia (78.8%; 18.8%)",
        "KEYNOTE-407",
        "NCT01234567",
        "About X-1\n",
        "“",
        "”",
        "\u{feff}",
        "\u{200b}",
        "\u{0301}",
        "é",
        "中文",
        "(",
        ")",
        "[",
        "]",
        "%",
        "-",
        "mPFS was NR",
        "HR 0.5",
        "US$120 million upfront",
        "license agreement with Takeda",
        "Inc. (\"A\")",
        "| ORR | 40% (18-60) |",
        "Adverse event   Any grade   Grade ≥3",
        "Day1\u{ff0c}2",
        "\u{fffd}",
        "\t",
        "0",
        "9999999999999999999999",
    ])
    .prop_map(str::to_owned)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        check_quotes(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn never_panics_on_arbitrary_strings(s in ".{0,400}") {
        check_quotes(&s);
    }

    #[test]
    fn never_panics_on_document_like_text(parts in prop::collection::vec(fragment(), 0..80)) {
        check_quotes(&parts.concat());
    }
}

#[test]
fn awkward_documents_extract_without_panicking() {
    let cases = [
        String::new(),
        "\u{feff}".to_owned(),
        "\0\0\0\u{1}binary\u{fffd}\u{fffd}".to_owned(),
        "Market wrap: indices rose 3.2% on 14 deals worth $9.8 billion.".to_owned(),
        "(((((((((((((((((((( ORR 40%".to_owned(),
        "))))))))))) ORR 40% (((".to_owned(),
        "|".repeat(5000),
        "ORR ".repeat(3000),
    ];
    for c in &cases {
        check_quotes(c);
    }
}

#[test]
fn crlf_nbsp_and_fullwidth_spellings_read_like_plain_ones() {
    let plain = "The 2 mg/kg dose group (n=20) showed an ORR of 45.0% and a DCR of 85.0% in PD-L1 positive patients.\n";
    let awkward = "The 2\u{00a0}mg/kg dose group \u{ff08}n\u{ff1d}20\u{ff09} showed an ORR of 45.0% and a DCR of 85.0% in PD\u{2011}L1 positive patients.\r\n";
    let results = |t: &str| {
        let x = extract(&[doc(t)], &Manifest::default(), None);
        x.dataset
            .trials
            .iter()
            .flat_map(|t| {
                t.arms.iter().flat_map(|a| {
                    a.results
                        .iter()
                        .map(move |r| (a.label.clone(), a.n, r.endpoint.clone(), r.value))
                })
            })
            .collect::<Vec<_>>()
    };
    let a = results(plain);
    assert_eq!(a.len(), 2, "{a:?}");
    assert_eq!(a, results(awkward));
}

#[test]
fn a_document_naming_no_drug_gets_a_warning() {
    let x = extract(
        &[doc("Biotech indices rose 3.2% last week.")],
        &Manifest::default(),
        None,
    );
    assert!(x.dataset.assets.is_empty());
    assert!(x
        .diagnostics
        .iter()
        .any(|d| d.file == "d.txt" && d.message.contains("no investigational drug")));
}

#[test]
fn non_utf8_files_are_read_lossily_with_a_warning() {
    let dir = std::env::temp_dir().join(format!("atlas-extract-bytes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch");
    let path = dir.join("latin1.txt");
    std::fs::write(
        &path,
        b"AB-123 showed an ORR of 40\xb7 0% \xff\xfe in caf\xe9 patients",
    )
    .expect("write");
    let x = atlas_extract::extract_files(std::slice::from_ref(&path), &Manifest::default(), None)
        .expect("no config error");
    assert!(
        x.diagnostics
            .iter()
            .any(|d| d.message.contains("not valid UTF-8")),
        "{:?}",
        x.diagnostics
    );
    assert!(x.summary[0].ends_with("; 1 warnings"), "{:?}", x.summary);
    assert_eq!(x.dataset.documents.len(), 1);
}

#[test]
fn html_is_reduced_to_text_and_its_tables_are_read() {
    let dir = std::env::temp_dir().join(format!("atlas-extract-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch");
    let path = dir.join("pr.html");
    std::fs::write(
        &path,
        "<html><body><nav><a href=\"/\">Home</a> | <a href=\"/news\">News</a></nav>\
         <h1>Vireo Bio Reports Phase 1b Data for VR-330</h1>\
         <p>Vireo Bio announced that the <b>FDA</b> granted Fast Track Designation to VR-330.</p>\
         <table><tr><th>Endpoint</th><th>4.8 mg/kg (n=30)</th><th>6.4 mg/kg (n=28)</th></tr>\
         <tr><td>ORR</td><td>50.0%</td><td>60.7%</td></tr></table></body></html>",
    )
    .expect("write");
    let d = atlas_extract::read_document(&path).expect("readable");
    assert!(!d.text.contains("<p>"));
    let x = extract(&[d], &Manifest::default(), None);
    assert_eq!(
        x.dataset.documents[0].title.as_deref(),
        Some("Vireo Bio Reports Phase 1b Data for VR-330")
    );
    assert_eq!(
        x.dataset
            .events
            .first()
            .and_then(|e| e.designation.as_deref()),
        Some("FTD")
    );
    // html2text draws table borders with box-drawing characters; the rows are still rows.
    let arm = x
        .dataset
        .trials
        .iter()
        .flat_map(|t| &t.arms)
        .find(|a| a.label == "6.4 mg/kg")
        .expect("arm from the header");
    assert_eq!(arm.n, Some(28));
    assert_eq!(
        arm.results.first().map(|r| (r.endpoint.as_str(), r.value)),
        Some(("ORR", Some(60.7)))
    );
}

/// Extraction time grows linearly: eight times the text takes well under sixty-four times as
/// long (a quadratic pass would), measured on repeated corpus-like text.
#[test]
fn long_documents_stay_linear() {
    let unit = "On May 22, 2026 Acme Bio (HKEX: 01234) reported that the 3 mg/kg dose group (n=22) showed ORR of 86.4% and DCR of 100%. \
                Grade ≥3 TRAEs occurred in 20.0% of patients. The FDA granted Fast Track Designation to AB-123 for the treatment of melanoma. \
                Velora™ (abcitamab, AB-123) is a PD-1 antibody; about Velora: TELVA (relatamab, LUM-101) was compared.\n";
    let time = |copies: usize| {
        let text = unit.repeat(copies);
        let start = std::time::Instant::now();
        let x = extract(&[doc(&text)], &Manifest::default(), None);
        assert!(!x.dataset.trials.is_empty());
        start.elapsed().as_secs_f64()
    };
    time(50);
    let small = time(400).max(1e-3);
    let large = time(3200);
    assert!(
        large / small < 24.0,
        "400 copies {small:.3}s, 3200 copies {large:.3}s"
    );
}

/// `build_corpus` merges documents: one asset per drug across its names, one event per
/// real-world event with each report's evidence, conflicting figures kept side by side.
#[test]
fn corpus_builds_merge_across_documents() {
    let dir = std::env::temp_dir().join(format!("atlas-extract-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch");
    std::fs::write(
        dir.join("a.txt"),
        "Acme Bio announced that IBX-101 (Partner R&D code: PQ-220) received Fast Track Designation from the FDA for melanoma in May 2025. \
         In the ALPHA-1 study, the ORR was 40.0% (n=20).",
    )
    .expect("write a");
    std::fs::write(
        dir.join("b.md"),
        "PQ-220, a PD-1 antibody, holds FDA Fast Track Designation, granted for melanoma. In the ALPHA-1 study, the ORR was 45.0% (n=20).",
    )
    .expect("write b");
    std::fs::write(
        dir.join("manifest.toml"),
        "[\"a.txt\"]\nkind = \"press release\"\npublished = \"2025-05-02\"\n",
    )
    .expect("manifest");
    let x = atlas_extract::build_corpus(&dir, false).expect("builds");
    let ds = &x.dataset;
    assert_eq!(ds.documents.len(), 2);
    assert_eq!(x.summary.len(), 2);
    let asset = ds
        .assets
        .iter()
        .find(|a| a.id == "ibx-101")
        .expect("one asset");
    assert!(
        asset.aliases.iter().any(|a| a == "PQ-220"),
        "{:?}",
        asset.aliases
    );
    assert!(ds.assets.iter().all(|a| a.id != "pq-220"));
    let ftd: Vec<_> = ds
        .events
        .iter()
        .filter(|e| e.designation.as_deref() == Some("FTD"))
        .collect();
    assert_eq!(ftd.len(), 1, "{ftd:#?}");
    assert_eq!(ftd[0].date.as_deref(), Some("2025-05"));
    let docs: std::collections::BTreeSet<&str> =
        ftd[0].evidence.iter().map(|e| e.doc.as_str()).collect();
    assert_eq!(docs.len(), 2);
    let orr: Vec<_> = ds
        .trials
        .iter()
        .filter(|t| t.name.as_deref() == Some("ALPHA-1"))
        .flat_map(|t| &t.arms)
        .flat_map(|a| &a.results)
        .filter(|r| r.endpoint == "ORR")
        .collect();
    assert_eq!(orr.len(), 2, "both reports kept: {orr:#?}");
    assert!(orr
        .iter()
        .all(|r| r.flags.iter().any(|f| f.contains("conflicts"))));

    std::fs::write(
        dir.join("overlay.toml"),
        "[[add]]\nfact = \"asset\"\ndoc = \"a\"\nquote = \"missing words\"\nname = \"Z-9\"\n",
    )
    .expect("overlay");
    let err = atlas_extract::build_corpus(&dir, true)
        .expect_err("a quote not in its document stops the build");
    assert_eq!(err.line, 1);
    assert!(
        atlas_extract::build_corpus(&dir, false).is_ok(),
        "the overlay is read only when asked"
    );
    std::fs::write(dir.join("manifest.toml"), "[\"a.txt\"\n").expect("manifest");
    assert!(atlas_extract::build_corpus(&dir, false).is_err());
}
