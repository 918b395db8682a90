use super::*;
use crate::{ArmResult, EventKind};

fn ev(doc: &str, start: u32, quote: &str) -> Evidence {
    Evidence {
        doc: doc.into(),
        start,
        end: start + quote.len() as u32,
        quote: quote.into(),
    }
}

fn doc(id: &str) -> Document {
    Document {
        id: id.into(),
        title: Some(format!("{id} title")),
        kind: None,
        publisher: None,
        published: Some("2025-06-04".into()),
        source: None,
        unextracted_numbers: Vec::new(),
    }
}

/// One document, one asset with an event, one trial with one arm and one ORR.
fn dataset() -> Dataset {
    let mut ds = Dataset::empty();
    ds.documents.push(doc("d1"));
    ds.assets.push(Asset {
        id: "ibi363".into(),
        name: "IBI363".into(),
        companies: vec![crate::CompanyRole {
            name: "Innovent".into(),
            role: "developer".into(),
        }],
        targets: vec!["PD-1".into()],
        evidence: vec![ev("d1", 0, "IBI363")],
        ..Asset::default()
    });
    ds.events.push(Event {
        id: "ibi363-nmpa-btd".into(),
        asset: Some("ibi363".into()),
        kind: EventKind::Designation,
        title: "NMPA Breakthrough Therapy Designation".into(),
        agency: Some("NMPA".into()),
        designation: Some("BTD".into()),
        indication: Some("sqNSCLC".into()),
        parties: Vec::new(),
        terms: None,
        date: Some("2025-06-04".into()),
        evidence: vec![ev("d1", 10, "granted BTD")],
        rule: Some("events.designation".into()),
    });
    ds.trials.push(Trial {
        id: "t1".into(),
        assets: vec!["ibi363".into()],
        arms: vec![Arm {
            id: "t1/all".into(),
            label: "all".into(),
            n: Some(40),
            results: vec![ArmResult {
                endpoint: "ORR".into(),
                value: Some(40.0),
                unit: Some("%".into()),
                evidence: vec![ev("d1", 30, "ORR 40%")],
                ..ArmResult::default()
            }],
            ..Arm::default()
        }],
        ..Trial::default()
    });
    ds
}

/// The changes as one line each: `subject kind id field:old→new …`.
fn lines(old: &Dataset, new: &Dataset) -> Vec<String> {
    let changes = diff(old, new);
    assert_eq!(changes.schema, CHANGES_SCHEMA);
    assert_eq!(
        (changes.old.as_str(), changes.new.as_str()),
        (old.sha256().as_str(), new.sha256().as_str())
    );
    changes
        .changes
        .iter()
        .map(|c| {
            let mut line = format!("{:?} {:?} {}", c.subject, c.kind, c.id);
            for f in &c.fields {
                line.push_str(&format!(
                    " {}:{}→{}",
                    f.field,
                    f.old.as_deref().unwrap_or("-"),
                    f.new.as_deref().unwrap_or("-")
                ));
            }
            line
        })
        .collect()
}

fn check(edit: impl FnOnce(&mut Dataset), expected: &[&str]) {
    let old = dataset();
    let mut new = old.clone();
    edit(&mut new);
    assert_eq!(lines(&old, &new), expected);
}

#[test]
fn nothing_changed_is_an_empty_list() {
    check(|_| {}, &[]);
}

#[test]
fn moved_evidence_and_another_rule_are_no_change() {
    check(
        |ds| {
            ds.assets[0].evidence[0].start += 100;
            ds.events[0].evidence = vec![ev("d2", 5, "granted BTD")];
            ds.events[0].rule = Some("overlay".into());
            ds.trials[0].arms[0].results[0].evidence[0].start += 7;
        },
        &[],
    );
}

#[test]
fn an_edited_value_is_listed_old_to_new() {
    check(
        |ds| ds.trials[0].arms[0].results[0].value = Some(45.5),
        &["Result Changed t1/all#ORR value:40→45.5"],
    );
    check(
        |ds| {
            let r = &mut ds.trials[0].arms[0].results[0];
            r.ci_low = Some(25.0);
            r.n = Some(38);
        },
        &["Result Changed t1/all#ORR CI low:-→25 n:-→38"],
    );
    check(
        |ds| ds.trials[0].arms[0].n = Some(41),
        &["Arm Changed t1/all n:40→41"],
    );
}

#[test]
fn asset_fields_changed() {
    check(
        |ds| {
            ds.assets[0].targets.push("VEGF".into());
            ds.assets[0].modality = Some("bispecific antibody".into());
        },
        &["Asset Changed ibi363 targets:PD-1→PD-1; VEGF modality:-→bispecific antibody"],
    );
}

#[test]
fn added_and_removed_facts_list_their_fields() {
    check(
        |ds| {
            ds.documents.push(doc("d2"));
            ds.events.clear();
            ds.assets.push(Asset {
                id: "lbl-024".into(),
                name: "LBL-024".into(),
                ..Asset::default()
            });
        },
        &[
            "Document Added d2 title:-→d2 title published:-→2025-06-04",
            "Asset Added lbl-024 name:-→LBL-024",
            "Event Removed ibi363-nmpa-btd kind:designation→- title:NMPA Breakthrough Therapy Designation→- agency:NMPA→- designation:BTD→- indication:sqNSCLC→- date:2025-06-04→-",
        ],
    );
}

#[test]
fn a_new_result_is_added_with_its_quote_and_assets() {
    let old = dataset();
    let mut new = old.clone();
    new.trials[0].arms[0].results.push(ArmResult {
        endpoint: "mPFS".into(),
        value: Some(7.2),
        unit: Some("months".into()),
        subgroup: Some("PD-L1 ≥ 1%".into()),
        evidence: vec![ev("d1", 50, "mPFS 7.2 months")],
        ..ArmResult::default()
    });
    let changes = diff(&old, &new).changes;
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!((c.subject, c.kind), (Subject::Result, ChangeKind::Added));
    assert_eq!(c.id, "t1/all#mPFS|PD-L1 ≥ 1%");
    assert_eq!(c.assets, ["ibi363"]);
    assert_eq!(
        c.evidence.as_ref().map(|e| e.quote.as_str()),
        Some("mPFS 7.2 months")
    );
}

#[test]
fn figures_sharing_a_key_are_told_apart_by_order() {
    let old = dataset();
    let mut new = old.clone();
    let mut second = new.trials[0].arms[0].results[0].clone();
    second.value = Some(50.0);
    new.trials[0].arms[0].results.push(second);
    assert_eq!(
        lines(&old, &new),
        ["Result Added t1/all#ORR*2 value:-→50 unit:-→%"]
    );
}

#[test]
fn result_keys_name_subgroup_timepoint_and_citation() {
    let arm = Arm {
        id: "t/a".into(),
        ..Arm::default()
    };
    let r = ArmResult {
        endpoint: "OS".into(),
        subgroup: Some("Asian".into()),
        timepoint: Some("12 months".into()),
        cited: true,
        ..ArmResult::default()
    };
    assert_eq!(result_key(&arm, &r, 1), "t/a#OS|Asian@12 months~cited");
    assert_eq!(result_key(&arm, &ArmResult::default(), 3), "t/a#*3");
}

#[test]
fn the_list_round_trips_through_json() {
    let mut new = dataset();
    new.trials[0].arms[0].results[0].value = Some(41.0);
    let changes = diff(&dataset(), &new);
    let json = serde_json::to_string(&changes).unwrap();
    assert!(
        json.contains("\"subject\":\"result\",\"kind\":\"changed\""),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Changes>(&json).unwrap(), changes);
}
