//! What the curation controls compute, in the worker: the curation controls themselves are
//! `static/curate-ui.js`, plain DOM code on the page's main thread, loaded the first time a
//! curator acts (so a reader's first load carries none of it), and every decision that needs
//! the dataset or the curation's types is one of these functions, called through the worker
//! (`{op: "call", fn, args}` in `curate-worker.js`, through [`crate::run`]): the documents to add, a verdict, the Edit
//! form of a fact and the corrections it asks for, the Add fact form and its fact, Undo, and
//! what a new build of the atlas already holds. Curations travel as postcard
//! ([`Curation::encode`]); a refusal is one sentence of text.

use atlas_curate::{
    check_document, new_document_id, Change, Curation, FieldValue, LocalDocument, NewFact,
};
use atlas_model::{Bundle, Dataset};
fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A curation from its bytes (none yet: an empty one).
pub(crate) fn curation(bytes: &[u8]) -> Result<Curation, String> {
    if bytes.is_empty() {
        return Ok(Curation::default());
    }
    Curation::decode(bytes).map_err(err)
}

fn dataset(bytes: &[u8]) -> Dataset {
    Bundle::decode(bytes)
        .map(|b| b.dataset)
        .unwrap_or_else(|_| Dataset::empty())
}

/// `s` with `&`, `<`, `>` and `"` escaped for HTML text and attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The text of a document file, or why it is refused (binary, empty, too large, another
/// script); `size` is checked first, so a huge file is refused before it is read.
pub fn document_text(name: &str, bytes: &[u8]) -> Result<String, String> {
    check_document(name, bytes).map_err(err)
}

/// `curation` with one more document (its id made from `name`, unique among the published
/// documents and the curation's): `[curation][id, UTF-8][u32 LE length of the id]`.
pub fn add_document(
    published: &[u8],
    curation_bytes: &[u8],
    name: &str,
    title: &str,
    text: &str,
) -> Result<Vec<u8>, String> {
    let mut c = curation(curation_bytes)?;
    let text = check_document(name, text.as_bytes()).map_err(err)?;
    let mut taken: Vec<String> = Bundle::decode(published)
        .map(|b| b.texts.into_iter().map(|t| t.doc).collect())
        .unwrap_or_default();
    taken.extend(c.documents.iter().map(|d| d.id.clone()));
    let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
    let id = new_document_id(name, &refs);
    let tail = id.clone();
    c.documents.push(LocalDocument {
        id,
        title: title.to_owned(),
        text,
    });
    let mut out = c.encode();
    out.extend_from_slice(tail.as_bytes());
    out.extend_from_slice(&(tail.len() as u32).to_le_bytes());
    Ok(out)
}

/// `curation` with `target` accepted (`verdict` "accept") or rejected.
pub fn review(curation_bytes: &[u8], verdict: &str, target: &str) -> Result<Vec<u8>, String> {
    let mut c = curation(curation_bytes)?;
    let target = target.to_owned();
    c.changes.push(if verdict == "reject" {
        Change::Reject { target }
    } else {
        Change::Accept { target }
    });
    Ok(c.encode())
}

/// `curation` without its `idx`-th local change (and, for a document, the changes quoting it).
pub fn undo(curation_bytes: &[u8], idx: usize) -> Result<Vec<u8>, String> {
    let mut c = curation(curation_bytes)?;
    c.undo(idx);
    Ok(c.encode())
}

/// What the app shows of a curation without decoding it: one line per local change, in
/// Undo's order, joined by NUL; then U+0001; then `selector NUL verdict` pairs (`accepted`,
/// `rejected`, `corrected`) joined by NUL.
pub fn summary(curation_bytes: &[u8]) -> Result<String, String> {
    let c = curation(curation_bytes)?;
    let mut verdicts: Vec<String> = Vec::new();
    for change in &c.changes {
        let target = match change {
            Change::Accept { target }
            | Change::Reject { target }
            | Change::Correct { target, .. } => target,
            Change::Add(_) => continue,
        };
        let word = match c.verdict(target) {
            Some(atlas_curate::Verdict::Accepted) => "accepted",
            Some(atlas_curate::Verdict::Rejected) => "rejected",
            Some(atlas_curate::Verdict::Corrected) => "corrected",
            None => continue,
        };
        verdicts.push(format!("{target}\0{word}"));
    }
    Ok(format!(
        "{}\u{1}{}",
        c.items().join("\0"),
        verdicts.join("\0")
    ))
}

/// The Edit form's fields for the fact `selector` of the bundle `current`, as HTML (empty when
/// the fact cannot be edited here).
pub fn edit_form(current: &[u8], selector: &str) -> String {
    edit_form_html(&edit_fields(&dataset(current), selector))
}

/// `curation` with the corrections the Edit form asks for (`typed`: the form's values in its
/// order, joined by NUL), or why not.
pub fn edit(
    current: &[u8],
    curation_bytes: &[u8],
    selector: &str,
    doc: &str,
    quote: &str,
    typed: &str,
) -> Result<Vec<u8>, String> {
    let mut c = curation(curation_bytes)?;
    let fields = edit_fields(&dataset(current), selector);
    let typed: Vec<String> = typed.split('\0').map(|t| t.trim().to_owned()).collect();
    let changes = corrections(&fields, &typed, doc, quote).map_err(err)?;
    c.changes.extend(changes);
    Ok(c.encode())
}

/// The Add fact form for `quote` (selected in document `doc` of the bundle `current`): the
/// trials citing the document to choose from, the first number of the quote as the value.
pub fn add_form(current: &[u8], doc: &str, quote: &str) -> String {
    let trials: String = dataset(current)
        .trials
        .iter()
        .filter(|t| t.evidence.iter().any(|e| e.doc == doc))
        .map(|t| {
            format!(
                "<option value=\"{}\">{}</option>",
                esc(&t.id),
                esc(t.name.as_deref().unwrap_or(&t.id))
            )
        })
        .collect();
    let number = atlas_curate::first_number(quote).unwrap_or_default();
    format!(
        concat!(
            "<p class=\"meta\">Quote: <q>{quote}</q></p>",
            "<label for=\"fact-kind\">Kind of fact</label>",
            "<select id=\"fact-kind\"><option value=\"result\" selected>Result of a trial arm</option><option value=\"asset\">Drug (asset)</option></select>",
            "<div class=\"fact-fields\" id=\"fact-asset-fields\" hidden>",
            "<label for=\"fact-name\">Drug name</label><input id=\"fact-name\" type=\"text\"></div>",
            "<div class=\"fact-fields\" id=\"fact-result-fields\">",
            "<label for=\"fact-trial\">Trial</label><select id=\"fact-trial\">{options}</select>",
            "<label for=\"fact-arm\">Arm</label><input id=\"fact-arm\" type=\"text\">",
            "<label for=\"fact-endpoint\">Endpoint</label><input id=\"fact-endpoint\" type=\"text\">",
            "<label for=\"fact-value\">Value</label><input id=\"fact-value\" type=\"text\" value=\"{number}\">",
            "<label for=\"fact-n\">Patients (n)</label><input id=\"fact-n\" type=\"text\"></div>",
        ),
        quote = esc(quote),
        options = trials,
        number = esc(number),
    )
}

/// `curation` with the fact the Add fact form describes (`fields`: kind, name, trial, arm,
/// endpoint, value, n, joined by NUL; empty means not given).
pub fn add_fact(
    curation_bytes: &[u8],
    doc: &str,
    quote: &str,
    fields: &str,
) -> Result<Vec<u8>, String> {
    let mut c = curation(curation_bytes)?;
    let f: Vec<Option<String>> = fields
        .split('\0')
        .map(|v| Some(v.trim().to_owned()).filter(|v| !v.is_empty()))
        .collect();
    let get = |i: usize| f.get(i).cloned().flatten();
    let fact = if get(0).as_deref() == Some("asset") {
        NewFact {
            fact: "asset".into(),
            doc: doc.to_owned(),
            quote: quote.to_owned(),
            name: get(1),
            ..NewFact::default()
        }
    } else {
        NewFact {
            fact: "result".into(),
            doc: doc.to_owned(),
            quote: quote.to_owned(),
            trial: get(2),
            arm: get(3),
            endpoint: get(4),
            value: get(5),
            n: get(6).and_then(|v| v.parse().ok()),
            ..NewFact::default()
        }
    };
    c.changes.push(Change::Add(Box::new(fact)));
    Ok(c.encode())
}

/// The curation `old` of an earlier build carried over to `published`: what is still to apply
/// ([`merged`] names the rest).
pub fn carry(old: &[u8], published: &[u8]) -> Result<Vec<u8>, String> {
    let old = curation(old)?;
    let published = Bundle::decode(published).map_err(err)?;
    Ok(split_merged(&old, &published).0.encode())
}

/// The positions (in `Curation::items` order) of what `published` already holds of `old`
/// (the app words them from `old`).
pub fn merged(old: &[u8], published: &[u8]) -> Result<Vec<u32>, String> {
    let old = curation(old)?;
    let published = Bundle::decode(published).map_err(err)?;
    Ok(split_merged(&old, &published).1)
}

/// The notes of an applied curation (`apply`'s output: `[bundle][Applied][u32 LE length]`),
/// joined by NUL.
pub fn notes(out: &[u8]) -> String {
    let notes = out
        .len()
        .checked_sub(4)
        .and_then(|tail| {
            let len = u32::from_le_bytes(out.get(tail..)?.try_into().ok()?) as usize;
            atlas_curate::Applied::decode(out.get(len..tail)?).ok()
        })
        .map(|a| a.notes)
        .unwrap_or_default();
    notes.join("\0")
}

/// `c` split into what `published` does not hold yet (to apply again) and the positions (in
/// [`Curation::items`] order) of what it already holds: a document with the same id and text;
/// an added fact whose quote the build cites in that document; a corrected field that reads
/// the new value; a rejected fact that is gone, and an accepted one that is there, once every
/// local document is in.
pub fn split_merged(c: &Curation, published: &Bundle) -> (Curation, Vec<u32>) {
    let ds = &published.dataset;
    let mut pending = Curation::default();
    let mut merged = Vec::new();
    let mut at = 0u32;
    for d in &c.documents {
        if published
            .texts
            .iter()
            .any(|t| t.doc == d.id && t.text == d.text)
        {
            merged.push(at);
        } else {
            pending.documents.push(d.clone());
        }
        at += 1;
    }
    let all_in = pending.documents.is_empty();
    let exists = |target: &str| !edit_fields(ds, target).is_empty();
    for change in &c.changes {
        let held = match change {
            Change::Add(f) => cites(ds, &f.doc, &f.quote),
            Change::Reject { target } => all_in && !exists(target),
            Change::Accept { target } => all_in && exists(target),
            Change::Correct {
                target,
                field,
                value,
                ..
            } => {
                let wanted = match value {
                    FieldValue::Count(n) => n.to_string(),
                    FieldValue::Text(t) | FieldValue::Figure(t) => t.clone(),
                    FieldValue::List(l) => l.join(", "),
                    FieldValue::Number(v) => atlas_view::num::decimal(*v, 3),
                };
                edit_fields(ds, target)
                    .iter()
                    .any(|f| f.field == field && f.current == wanted)
            }
        };
        if held {
            merged.push(at);
        } else {
            pending.changes.push(change.clone());
        }
        at += 1;
    }
    (pending, merged)
}

/// Whether any fact of `ds` quotes `quote` from document `doc`.
fn cites(ds: &Dataset, doc: &str, quote: &str) -> bool {
    let hit = |ev: &[atlas_model::Evidence]| ev.iter().any(|e| e.doc == doc && e.quote == quote);
    ds.assets.iter().any(|a| hit(&a.evidence))
        || ds.events.iter().any(|e| hit(&e.evidence))
        || ds.trials.iter().any(|t| {
            hit(&t.evidence)
                || t.comparisons.iter().any(|c| hit(&c.evidence))
                || t.arms
                    .iter()
                    .any(|a| hit(&a.evidence) || a.results.iter().any(|r| hit(&r.evidence)))
        })
}

// ---------------------------------------------------------------------------------------
// The Edit form

/// How an edited field's text becomes an overlay value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldKind {
    Text,
    /// Comma-separated names.
    List,
    /// A number as typed, read by the engine.
    Figure,
    /// A whole number.
    Count,
    /// An endpoint code, chosen from the vocabulary.
    Endpoint,
}

/// One field of the Edit form: which fact and field it corrects, and its current text.
#[derive(Clone, Debug, PartialEq)]
pub struct EditField {
    /// The overlay selector corrected (a result's arm label corrects `arm:<id>`).
    pub target: String,
    /// The overlay field name (`value`, `agency`, …).
    pub field: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub current: String,
}

/// The fields the Edit form offers for one fact of `ds` (by its overlay selector): endpoint,
/// value, arm, subgroup, n and CI for a result; agency, designation and date for an event;
/// names, companies, targets and modality for an asset; name and phase of a trial; an arm's
/// label and n.
pub fn edit_fields(ds: &Dataset, selector: &str) -> Vec<EditField> {
    use FieldKind::*;
    let Some((kind, id)) = selector.split_once(':') else {
        return Vec::new();
    };
    let f = |target: &str, field, label, kind, current: String| EditField {
        target: target.to_owned(),
        field,
        label,
        kind,
        current,
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<f64>| {
        v.map(|v| atlas_view::num::decimal(v, 3))
            .unwrap_or_default()
    };
    match kind {
        "asset" => ds.assets.iter().find(|a| a.id == id).map(|a| {
            let companies: Vec<&str> = a.companies.iter().map(|c| c.name.as_str()).collect();
            vec![
                f(selector, "name", "Name", Text, a.name.clone()),
                f(
                    selector,
                    "aliases",
                    "Other names (comma-separated)",
                    List,
                    a.aliases.join(", "),
                ),
                f(
                    selector,
                    "companies",
                    "Companies (comma-separated)",
                    List,
                    companies.join(", "),
                ),
                f(
                    selector,
                    "targets",
                    "Targets (comma-separated)",
                    List,
                    a.targets.join(", "),
                ),
                f(selector, "modality", "Modality", Text, opt(&a.modality)),
            ]
        }),
        "event" => ds.events.iter().find(|e| e.id == id).map(|e| {
            vec![
                f(selector, "agency", "Agency", Text, opt(&e.agency)),
                f(
                    selector,
                    "designation",
                    "Designation",
                    Text,
                    opt(&e.designation),
                ),
                f(selector, "date", "Date (YYYY-MM-DD)", Text, opt(&e.date)),
            ]
        }),
        "trial" => ds.trials.iter().find(|t| t.id == id).map(|t| {
            vec![
                f(selector, "name", "Trial name", Text, opt(&t.name)),
                f(selector, "phase", "Phase", Text, opt(&t.phase)),
            ]
        }),
        "arm" => ds
            .trials
            .iter()
            .flat_map(|t| &t.arms)
            .find(|a| a.id == id)
            .map(|a| {
                vec![
                    f(selector, "label", "Arm", Text, a.label.clone()),
                    f(
                        selector,
                        "n",
                        "Patients (n)",
                        Count,
                        a.n.map(|n| n.to_string()).unwrap_or_default(),
                    ),
                ]
            }),
        "result" => {
            let (arm_id, rest) = id.split_once(':').unwrap_or((id, ""));
            let (endpoint, subgroup) = match rest.split_once(" | ") {
                Some((e, g)) => (e, Some(g)),
                None => (rest, None),
            };
            let arm = ds
                .trials
                .iter()
                .flat_map(|t| &t.arms)
                .find(|a| a.id == arm_id);
            arm.and_then(|arm| {
                let r = arm
                    .results
                    .iter()
                    .find(|r| r.endpoint == endpoint && r.subgroup.as_deref() == subgroup)?;
                let arm_sel = format!("arm:{arm_id}");
                // Endpoint and subgroup rename the result: they are corrected last.
                Some(vec![
                    f(selector, "value", "Value", Figure, num(r.value)),
                    f(&arm_sel, "label", "Arm", Text, arm.label.clone()),
                    f(
                        selector,
                        "n",
                        "Patients (n)",
                        Count,
                        r.n.map(|n| n.to_string()).unwrap_or_default(),
                    ),
                    f(selector, "ci_low", "CI, low", Figure, num(r.ci_low)),
                    f(selector, "ci_high", "CI, high", Figure, num(r.ci_high)),
                    f(selector, "subgroup", "Subgroup", Text, opt(&r.subgroup)),
                    f(
                        selector,
                        "endpoint",
                        "Endpoint",
                        Endpoint,
                        r.endpoint.clone(),
                    ),
                ])
            })
        }
        _ => None,
    }
    .unwrap_or_default()
}

/// The Edit form's inputs as HTML. Every control has a label; the endpoint is a choice from
/// the vocabulary (`atlas_view::labels`).
fn edit_form_html(fields: &[EditField]) -> String {
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        let id = format!("edit-{i}");
        out.push_str(&format!("<label for=\"{id}\">{}</label>", esc(f.label)));
        if f.kind == FieldKind::Endpoint {
            out.push_str(&format!("<select id=\"{id}\">"));
            let known = atlas_view::labels::LABELS
                .iter()
                .any(|(c, _)| *c == f.current);
            let current = (!known).then_some((f.current.as_str(), f.current.as_str()));
            for (code, label) in current
                .into_iter()
                .chain(atlas_view::labels::LABELS.iter().copied())
            {
                let selected = if code == f.current { " selected" } else { "" };
                out.push_str(&format!(
                    "<option value=\"{}\"{selected}>{} ({})</option>",
                    esc(code),
                    esc(label),
                    esc(code)
                ));
            }
            out.push_str("</select>");
        } else {
            out.push_str(&format!(
                "<input id=\"{id}\" type=\"text\" value=\"{}\">",
                esc(&f.current)
            ));
        }
    }
    out
}

/// The corrections an Edit form asks for, from the typed texts: one per changed field, in the
/// form's order.
pub fn corrections(
    fields: &[EditField],
    typed: &[String],
    doc: &str,
    quote: &str,
) -> Result<Vec<Change>, String> {
    let mut out = Vec::new();
    // A corrected subgroup renames the result: later fields name it by its new selector.
    let mut renamed: Option<(String, String)> = None;
    for (f, typed) in fields.iter().zip(typed) {
        if *typed == f.current {
            continue;
        }
        let typed = typed.clone();
        let target = match &renamed {
            Some((from, to)) if *from == f.target => to.clone(),
            _ => f.target.clone(),
        };
        if f.field == "subgroup" {
            if let Some(rest) = f.target.strip_prefix("result:") {
                let base = rest.split(" | ").next().unwrap_or(rest);
                let to = if typed.is_empty() {
                    format!("result:{base}")
                } else {
                    format!("result:{base} | {typed}")
                };
                renamed = Some((f.target.clone(), to));
            }
        }
        let (value, backed) = match f.kind {
            FieldKind::Text | FieldKind::Endpoint => (FieldValue::Text(typed), false),
            FieldKind::List => (
                FieldValue::List(
                    typed
                        .split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect(),
                ),
                false,
            ),
            FieldKind::Figure => (FieldValue::Figure(typed), true),
            FieldKind::Count => match typed.parse::<u32>() {
                Ok(n) => (FieldValue::Count(n), false),
                Err(_) => return Err(format!("{} {typed:?} is not a whole number", f.label)),
            },
        };
        // A corrected figure cites the fact's quote, so the build checks the quote holds it.
        out.push(Change::Correct {
            target,
            field: f.field.to_owned(),
            value,
            doc: backed.then(|| doc.to_owned()),
            quote: backed.then(|| quote.to_owned()),
        });
    }
    if out.is_empty() {
        return Err("Nothing changed".to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_that_holds_a_change_lists_it_as_merged() {
        let text = "The FDA granted Fast Track Designation to AC-101.";
        let mut published = Bundle::new(Dataset::empty(), Vec::new());
        published.texts.push(atlas_model::DocText {
            doc: "local-a".into(),
            text: text.into(),
        });
        let c = Curation {
            documents: vec![
                LocalDocument {
                    id: "local-a".into(),
                    title: "A".into(),
                    text: text.into(),
                },
                LocalDocument {
                    id: "local-b".into(),
                    title: "B".into(),
                    text: "Another text.".into(),
                },
            ],
            changes: vec![Change::Reject {
                target: "asset:ac-102".into(),
            }],
        };
        let (pending, merged) = split_merged(&c, &published);
        assert_eq!(merged, vec![0]);
        // B is not in the build, so the reject (maybe of one of B's facts) stays pending.
        assert_eq!(pending.documents.len(), 1);
        assert_eq!(pending.changes.len(), 1);
    }

    #[test]
    fn a_changed_subgroup_renames_the_fields_after_it() {
        let field = |target: &str, field, kind, current: &str| EditField {
            target: target.into(),
            field,
            label: field,
            kind,
            current: current.into(),
        };
        let sel = "result:a1:ORR";
        let fields = vec![
            field(sel, "value", FieldKind::Figure, "45"),
            field(sel, "subgroup", FieldKind::Text, ""),
            field(sel, "endpoint", FieldKind::Endpoint, "ORR"),
        ];
        let typed = vec!["45".to_owned(), "all".to_owned(), "cORR".to_owned()];
        let out = corrections(&fields, &typed, "d", "q").unwrap();
        assert_eq!(out.len(), 2);
        assert!(
            matches!(&out[1], Change::Correct { target, .. } if target == "result:a1:ORR | all")
        );
        let unchanged = vec!["45".to_owned(), String::new(), "ORR".to_owned()];
        assert_eq!(
            corrections(&fields, &unchanged, "d", "q").unwrap_err(),
            "Nothing changed"
        );
        let counted = vec![field(sel, "n", FieldKind::Count, "")];
        assert!(corrections(&counted, &["x".to_owned()], "d", "q")
            .unwrap_err()
            .contains("not a whole number"));
    }
}
