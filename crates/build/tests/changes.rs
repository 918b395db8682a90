//! The change list on real documents: edit one result's value in a seed-corpus document,
//! extract both versions, and the diff lists exactly that figure as changed, old → new.

use std::path::Path;

use atlas_extract::{extract, parse_manifest, SourceDoc};
use atlas_model::changes::{diff, ChangeKind, Subject};

fn seed_docs() -> (Vec<SourceDoc>, atlas_extract::Manifest) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let manifest_path = dir.join("manifest.toml");
    let manifest = parse_manifest(
        &std::fs::read_to_string(&manifest_path).expect("the seed corpus has a manifest"),
        "manifest.toml",
    )
    .expect("the seed manifest parses");
    let mut docs: Vec<SourceDoc> = std::fs::read_dir(&dir)
        .expect("the seed corpus")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| SourceDoc {
            id: p.file_stem().unwrap().to_string_lossy().into_owned(),
            path: p.display().to_string(),
            text: std::fs::read_to_string(&p).expect("utf-8"),
        })
        .collect();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    (docs, manifest)
}

#[test]
fn editing_one_result_value_lists_it_as_changed_old_to_new() {
    let (docs, manifest) = seed_docs();
    let old = extract(&docs, &manifest, None).dataset;
    // A reported whole-number percentage quoted as `<n>%` exactly once in its sentence.
    let (key, value, evidence) = old
        .trials
        .iter()
        .flat_map(|t| &t.arms)
        .flat_map(|a| a.results.iter().map(move |r| (a, r)))
        .find_map(|(arm, r)| {
            let v = r
                .value
                .filter(|v| v.fract() == 0.0 && !r.derived && !r.cited)?;
            let e = r.evidence.first()?;
            let needle = format!(" {v}%");
            (e.quote.matches(&needle).count() == 1 && r.unit.as_deref() == Some("%"))
                .then(|| (atlas_model::changes::result_key(arm, r, 1), v, e.clone()))
        })
        .expect("the seed corpus has a reported percentage");
    let mut edited = docs.clone();
    let doc = edited
        .iter_mut()
        .find(|d| d.id == evidence.doc)
        .expect("the quoted document");
    let (start, end) = (evidence.start as usize, evidence.end as usize);
    let quote = evidence
        .quote
        .replacen(&format!(" {value}%"), &format!(" {}%", value + 1.0), 1);
    doc.text = format!("{}{}{}", &doc.text[..start], quote, &doc.text[end..]);
    let new = extract(&edited, &manifest, None).dataset;

    let changes = diff(&old, &new).changes;
    let ours = changes
        .iter()
        .find(|c| c.id == key)
        .unwrap_or_else(|| panic!("{key} is listed: {changes:#?}"));
    assert_eq!(
        (ours.subject, ours.kind),
        (Subject::Result, ChangeKind::Changed)
    );
    let field = ours
        .fields
        .iter()
        .find(|f| f.field == "value")
        .expect("the value changed");
    assert_eq!(
        (field.old.clone(), field.new.clone()),
        (Some(value.to_string()), Some((value + 1.0).to_string()))
    );
    assert_eq!(
        ours.evidence.as_ref().map(|e| e.quote.as_str()),
        Some(quote.as_str()),
        "the change quotes the new sentence"
    );
    // Nothing was added or removed: the edit kept every id.
    assert!(
        changes.iter().all(|c| c.kind == ChangeKind::Changed),
        "{changes:#?}"
    );
}

#[test]
fn the_change_list_follows_its_schema() {
    let (docs, manifest) = seed_docs();
    let old = extract(&docs[1..], &manifest, None).dataset;
    let mut edited = docs.clone();
    edited.truncate(docs.len() - 1);
    let new = extract(&edited, &manifest, None).dataset;
    let changes = diff(&old, &new);
    assert!(
        changes.changes.iter().any(|c| c.kind == ChangeKind::Added)
            && changes
                .changes
                .iter()
                .any(|c| c.kind == ChangeKind::Removed),
        "the first document is added, the last removed"
    );
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../schema/pipeline-atlas-changes-1.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let json = serde_json::to_value(&changes).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
