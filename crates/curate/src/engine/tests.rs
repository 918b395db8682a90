use super::*;
use crate::{first_number, result_selector, NewFact};

const PUBLISHED: &str = "Acme Therapeutics announced that the FDA granted Fast Track Designation \
to AC-101, a bispecific antibody targeting PD-1 and VEGF. In the Phase 2 study, the ORR was \
40.0% (n=20).";

const LOCAL: &str = "Borealis Bio announced that the FDA granted Orphan Drug Designation to \
BX-202, a small molecule targeting KRAS G12C. In the Phase 1 study, the ORR was 25.0% (n=16) \
and the disease control rate was 75% in 16 patients.";

/// A published atlas of one document, built as `cargo xtask dist` builds one.
fn published() -> Bundle {
    let doc = SourceDoc {
        id: "pr".into(),
        path: "pr.txt".into(),
        text: PUBLISHED.into(),
    };
    let x = extract(&[doc], &Manifest::default(), None);
    Bundle::new(x.dataset, x.texts)
}

fn local_doc() -> LocalDocument {
    LocalDocument {
        id: "local-borealis".into(),
        title: "Borealis update".into(),
        text: LOCAL.into(),
    }
}

fn with_doc(changes: Vec<Change>) -> Curation {
    Curation {
        documents: vec![local_doc()],
        changes,
    }
}

fn orr_of(b: &Bundle, asset: &str) -> Vec<(String, Option<f64>)> {
    b.dataset
        .trials
        .iter()
        .filter(|t| t.assets.iter().any(|a| a == asset))
        .flat_map(|t| &t.arms)
        .flat_map(|a| &a.results)
        .map(|r| (r.endpoint.clone(), r.value))
        .collect()
}

#[test]
fn the_cap_is_the_builds() {
    assert_eq!(
        crate::document::MAX_DOCUMENT_BYTES,
        atlas_extract::MAX_DOCUMENT_BYTES
    );
}

#[test]
fn a_local_document_merges_into_the_published_atlas() {
    let p = published();
    let applied = apply(&p, &with_doc(vec![])).unwrap();
    let ds = &applied.bundle.dataset;
    assert!(ds.assets.iter().any(|a| a.id == "ac-101"), "published kept");
    assert!(ds.assets.iter().any(|a| a.id == "bx-202"), "local added");
    assert_eq!(applied.applied.local_assets, vec!["bx-202".to_owned()]);
    assert!(ds
        .documents
        .iter()
        .any(|d| d.id == "local-borealis" && d.title.as_deref() == Some("Borealis update")));
    assert_eq!(applied.bundle.texts.len(), 2);
    // The index covers the merged assets, so the app finds the new drug by name.
    let index = atlas_search::SearchIndex::from_bytes(&applied.bundle.search_index).unwrap();
    assert_eq!(index.len(), ds.assets.len());
    let page = index.search_page("BX-202", &atlas_search::Filters::new(), 10);
    assert_eq!(page.total, 1);
    assert!(
        applied.applied.notes.is_empty(),
        "{:?}",
        applied.applied.notes
    );
    // Encoded for the app and decoded again, nothing is lost.
    let decoded = Bundle::decode(&applied.bundle.encode()).unwrap();
    assert_eq!(decoded.dataset, applied.bundle.dataset);
}

#[test]
fn reject_correct_and_add_are_applied_as_the_build_applies_them() {
    let p = published();
    let base = apply(&p, &with_doc(vec![])).unwrap().bundle;
    let arm = base
        .dataset
        .trials
        .iter()
        .find(|t| t.assets.iter().any(|a| a == "bx-202"))
        .and_then(|t| t.arms.first())
        .expect("an arm of the local trial")
        .clone();
    let trial_id = arm.id.split('/').next().unwrap().to_owned();
    let orr = result_selector(&arm.id, "ORR", None);
    let quote = "the disease control rate was 75% in 16 patients";
    let c = with_doc(vec![
        Change::Accept {
            target: "asset:ac-101".into(),
        },
        Change::Reject {
            target: orr.clone(),
        },
        Change::Correct {
            target: "event:".to_owned()
                + &base
                    .dataset
                    .events
                    .iter()
                    .find(|e| e.asset.as_deref() == Some("bx-202"))
                    .unwrap()
                    .id,
            field: "date".into(),
            value: FieldValue::Text("2026-03-01".into()),
            doc: None,
            quote: None,
        },
        Change::Add(Box::new(NewFact {
            fact: "result".into(),
            doc: "local-borealis".into(),
            quote: quote.into(),
            trial: Some(trial_id),
            arm: Some(arm.label.clone()),
            endpoint: Some("DCR".into()),
            value: first_number(quote).map(str::to_owned),
            n: Some(16),
            ..NewFact::default()
        })),
    ]);
    let applied = apply(&p, &c).unwrap().bundle;
    let results = orr_of(&applied, "bx-202");
    assert!(!results.iter().any(|(e, _)| e == "ORR"), "{results:?}");
    assert!(
        results.contains(&("DCR".to_owned(), Some(75.0))),
        "{results:?}"
    );
    let event = applied
        .dataset
        .events
        .iter()
        .find(|e| e.asset.as_deref() == Some("bx-202"))
        .unwrap();
    assert_eq!(event.date.as_deref(), Some("2026-03-01"));
    // Every quote still is its document's text.
    for r in applied
        .dataset
        .trials
        .iter()
        .flat_map(|t| &t.arms)
        .flat_map(|a| &a.results)
    {
        for ev in &r.evidence {
            let text = text_of(&applied.texts, &ev.doc).unwrap();
            assert_eq!(&text[ev.start as usize..ev.end as usize], ev.quote);
        }
    }
}

/// A change the build would refuse: its index and the build's reason.
fn refusal(changes: Vec<Change>) -> (usize, String) {
    match apply(&published(), &with_doc(changes)) {
        Err(CurateError::Change { change_idx, reason }) => (change_idx, reason),
        other => panic!("expected a refused change, got {other:?}"),
    }
}

fn added_result(quote: &str, value: &str) -> Change {
    Change::Add(Box::new(NewFact {
        fact: "result".into(),
        doc: "pr".into(),
        quote: quote.into(),
        trial: Some("t".into()),
        arm: Some("all".into()),
        endpoint: Some("ORR".into()),
        value: Some(value.to_owned()),
        ..NewFact::default()
    }))
}

#[test]
fn a_fact_the_build_would_refuse_names_its_change_and_why() {
    let accept = Change::Accept {
        target: "asset:ac-101".into(),
    };
    let (idx, why) = refusal(vec![
        accept.clone(),
        added_result("the ORR was 41.0%", "41.0"),
    ]);
    assert_eq!(idx, 1);
    assert!(why.contains("quote not found verbatim"), "{why}");
    let (idx, why) = refusal(vec![accept, added_result("the ORR was 40.0%", "45.0")]);
    assert_eq!(idx, 1);
    assert!(why.contains("does not occur in its quote"), "{why}");
    let (idx, why) = refusal(vec![added_result("the ORR was 40.0%", "forty")]);
    assert_eq!(idx, 0);
    assert!(why.contains("\"forty\" is not a number"), "{why}");
    let (idx, why) = refusal(vec![Change::Reject {
        target: "asset:no-such".into(),
    }]);
    assert_eq!(idx, 0);
    assert!(why.contains("nothing matches"), "{why}");
}

#[test]
fn a_document_naming_no_drug_is_kept_with_a_note() {
    let c = Curation {
        documents: vec![LocalDocument {
            id: "local-note".into(),
            title: String::new(),
            text: "The company held its annual meeting of shareholders in June.".into(),
        }],
        changes: vec![],
    };
    let applied = apply(&published(), &c).unwrap();
    assert_eq!(applied.applied.notes.len(), 1);
    assert!(
        applied.applied.notes[0].contains("names no drug"),
        "{:?}",
        applied.applied.notes
    );
    assert_eq!(applied.bundle.texts.len(), 2);
}

#[test]
fn a_published_document_id_cannot_be_added_again() {
    let c = Curation {
        documents: vec![LocalDocument {
            id: "pr".into(),
            ..local_doc()
        }],
        changes: vec![],
    };
    assert_eq!(
        apply(&published(), &c).unwrap_err(),
        CurateError::DuplicateDocument("pr".into())
    );
}

#[test]
fn export_round_trips_and_import_merges_once() {
    let c = with_doc(vec![
        Change::Reject {
            target: "asset:ac-101".into(),
        },
        added_result("the ORR was 40.0%", "40.0"),
        Change::Accept {
            target: "asset:bx-202".into(),
        },
    ]);
    let text = export(&c, "Pipeline Atlas");
    let back = parse_export(&text).unwrap();
    assert_eq!(back.curation, c);
    assert_eq!(back.curation.documents[0].text, LOCAL, "verbatim");
    assert!(back.overlay.contains("[[suppress]]"), "{}", back.overlay);
    assert!(parse_export("{}").is_err());
    assert!(parse_export(&text.replace(EXPORT_FORMAT, "other/1")).is_err());

    let existing = "[[suppress]]\ntarget = \"asset:ac-101\"\nreason = \"an older reason\"\n";
    let merged = merge_overlay(existing, &c).unwrap();
    let o = parse_overlay(&merged, "overlay.toml").unwrap();
    assert_eq!((o.suppress.len(), o.add.len()), (1, 1), "{merged}");
    assert!(merged.starts_with(existing));
    assert_eq!(merge_overlay(&merged, &c).unwrap(), merged, "idempotent");
    assert!(merge_overlay("not toml [", &c).is_err());
}

#[test]
fn manifest_entries_carry_titles() {
    let entry = manifest_entry(&local_doc()).unwrap();
    let m = atlas_extract::parse_manifest(&entry, "manifest.toml").unwrap();
    assert_eq!(
        m.entry("local-borealis.txt", "local-borealis")
            .and_then(|e| e.title.as_deref()),
        Some("Borealis update")
    );
    assert_eq!(
        manifest_entry(&LocalDocument {
            title: " ".into(),
            ..local_doc()
        }),
        None
    );
}

#[test]
fn extract_json_is_the_clis_output() {
    let json = extract_json("pr", PUBLISHED);
    let ds: atlas_model::Dataset = serde_json::from_str(&json).unwrap();
    assert_eq!(ds, published().dataset);
}

#[test]
fn the_written_overlay_parses_to_the_entries_the_worker_builds() {
    let c = with_doc(vec![
        Change::Accept {
            target: "asset:ac-101".into(),
        },
        Change::Reject {
            target: "result:t/a:ORR | PD-L1 \"high\"".into(),
        },
        Change::Correct {
            target: "result:t/a:ORR".into(),
            field: "value".into(),
            value: FieldValue::Figure("40.5".into()),
            doc: Some("local-borealis".into()),
            quote: Some("a \\ backslash\tand a tab".into()),
        },
        Change::Correct {
            target: "asset:ac-101".into(),
            field: "targets".into(),
            value: FieldValue::List(vec!["PD-1".into(), "CTLA-4".into()]),
            doc: None,
            quote: None,
        },
        Change::Correct {
            target: "arm:t/a".into(),
            field: "n".into(),
            value: FieldValue::Count(3),
            doc: None,
            quote: None,
        },
        added_result("ORR was 3%\nof 20", "3"),
    ]);
    let (text, _) = overlay_toml(&c);
    let parsed = parse_overlay(&text, OVERLAY_FILE).unwrap();
    let (built, _) = parsed_overlay(&c).unwrap();
    let values = |o: &Overlay| {
        (
            o.add.iter().map(|l| l.value.clone()).collect::<Vec<_>>(),
            o.correct
                .iter()
                .map(|l| l.value.clone())
                .collect::<Vec<_>>(),
            o.suppress
                .iter()
                .map(|l| l.value.clone())
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(values(&parsed), values(&built), "{text}");
    // A figure that is not a number is refused before anything is applied.
    let bad = with_doc(vec![Change::Correct {
        target: "result:t/a:ORR".into(),
        field: "value".into(),
        value: FieldValue::Figure("forty".into()),
        doc: None,
        quote: None,
    }]);
    assert!(parsed_overlay(&bad).is_err());
}
