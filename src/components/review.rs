//! Review controls on a source page: Accept / Reject per fact, and "Add fact" from the text
//! selected in the document. Every action goes through [`crate::curate::submit`], which runs
//! the build's own checks in the worker: a fact the build would refuse is not saved, and the
//! reason is shown. Not rendered in embedded views.

use atlas_curate::{Change, FieldValue, NewFact, Verdict};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// How an edited field's text becomes an overlay value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldKind {
    Text,
    /// Comma-separated names.
    List,
    /// A number as typed, read by the worker (the app parses no floats).
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
    /// The overlay field name (`value`, `agency`, …); also the input's name.
    pub field: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub current: String,
}

/// The fields the Edit form offers for one fact of `ds` (by its overlay selector): endpoint,
/// value, arm, subgroup, n and CI for a result; agency, designation and date for an event;
/// names, companies, targets and modality for an asset; name and phase of a trial; an arm's
/// label and n.
pub fn edit_fields(ds: &atlas_model::Dataset, selector: &str) -> Vec<EditField> {
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
    let num = |v: Option<f64>| v.map(crate::format::number).unwrap_or_default();
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

/// `s` with `&`, `<`, `>` and `"` escaped for HTML text and attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The Edit form's inputs as HTML (one string: much less wasm than a typed view per field).
/// Every control has a label; the endpoint is a choice from the vocabulary.
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

/// The corrections an Edit form asks for: one per changed field, in the form's order.
fn edit_changes(fields: &[EditField], doc: &str, quote: &str) -> Result<Vec<Change>, String> {
    let mut out = Vec::new();
    // A corrected subgroup renames the result: later fields name it by its new selector.
    let mut renamed: Option<(String, String)> = None;
    for (i, f) in fields.iter().enumerate() {
        let typed = input(&format!("edit-{i}")).unwrap_or_default();
        if typed == f.current {
            continue;
        }
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

/// Accept, Reject and Edit for one fact, with its current verdict. Edit opens a small form of
/// the fact's fields; a correction the build would refuse is not saved and the form says why.
#[component]
pub fn FactReview(selector: String, doc: String, quote: String) -> impl IntoView {
    let curation = crate::curate::curation();
    let sel = StoredValue::new(selector);
    let editing = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    // The form's fields, looked up when Edit is pressed (not for every fact of the page).
    let fields = StoredValue::new(Vec::<EditField>::new());
    let cite = StoredValue::new((doc, quote));
    let act = move |reject: bool| {
        let target = sel.get_value();
        let mut next = curation.get_untracked();
        next.changes.push(if reject {
            Change::Reject { target }
        } else {
            Change::Accept { target }
        });
        crate::curate::spawn_submit(next, |_| {});
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (doc, quote) = cite.get_value();
        let changes = match fields.with_value(|f| edit_changes(f, &doc, &quote)) {
            Ok(c) => c,
            Err(e) => {
                problem.set(Some(format!("Not saved: {e}")));
                return;
            }
        };
        let mut next = curation.get_untracked();
        next.changes.extend(changes);
        // A saved correction re-renders the page (this form included), hence try_set.
        crate::curate::spawn_submit(next, move |r| match r {
            Ok(_) => {
                editing.try_set(false);
            }
            Err(e) => {
                problem.try_set(Some(format!("Not saved: {e}")));
            }
        });
    };
    let verdict = move || {
        curation
            .with(|c| c.verdict(&sel.get_value()))
            .map(|v| match v {
                Verdict::Accepted => "accepted",
                Verdict::Rejected => "rejected",
                Verdict::Corrected => "corrected",
            })
    };
    let form = move || {
        editing.get().then(|| {
            let html = fields.with_value(|f| edit_form_html(f));
            view! {
                <form class="fact-form" data-testid="edit-form" aria-label="Edit fact" on:submit=save>
                    <div class="fact-fields" inner_html=html></div>
                    {move || problem.get().map(|p| view! { <p class="error" role="alert" data-testid="edit-error">{p}</p> })}
                    <button type="submit">"Save"</button>
                    <button type="button" on:click=move |_| editing.set(false)>"Cancel"</button>
                </form>
            }
        })
    };
    view! {
        <span class="review">
            {move || verdict().map(|v| view! { <span class="badge" data-testid="verdict">{v}</span> })}
            <button type="button" class="small" on:click=move |_| act(false)
                disabled=crate::curate::busy()>"Accept"</button>
            <button type="button" class="small" on:click=move |_| act(true)
                disabled=crate::curate::busy()>"Reject"</button>
            <button type="button" class="small" aria-expanded=move || editing.get().to_string()
                on:click=move |_| {
                    problem.set(None);
                    let found = crate::data::bundle()
                        .map(|b| edit_fields(&b.dataset, &sel.get_value()))
                        .unwrap_or_default();
                    if found.is_empty() {
                        problem.set(Some("This fact cannot be edited here".to_owned()));
                    }
                    fields.set_value(found);
                    editing.update(|e| *e = !*e);
                }>"Edit"</button>
        </span>
        {form}
    }
}

/// "Add fact": takes the text selected in the document as the quote and opens a small form
/// (a result of a trial arm, or a drug) pre-filled with the number the quote holds. The
/// form's inputs are read when it is saved (no per-keystroke bindings to ship).
#[component]
pub fn AddFact(doc_id: String, trials: Vec<(String, String)>) -> impl IntoView {
    let quote = RwSignal::new(None::<String>);
    let kind_asset = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let doc = StoredValue::new(doc_id);
    let trials = StoredValue::new(trials);
    let open = move |_| match crate::pages::curate::selected_text() {
        Some(text) => {
            quote.set(Some(text));
            problem.set(None);
        }
        None => problem.set(Some(
            "Select the sentence in the text first, then choose Add fact".to_owned(),
        )),
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(q) = quote.get_untracked() else {
            return;
        };
        let fact = if kind_asset.get_untracked() {
            NewFact {
                fact: "asset".into(),
                doc: doc.get_value(),
                quote: q,
                name: input("fact-name"),
                ..NewFact::default()
            }
        } else {
            NewFact {
                fact: "result".into(),
                doc: doc.get_value(),
                quote: q,
                trial: input("fact-trial"),
                arm: input("fact-arm"),
                endpoint: input("fact-endpoint"),
                value: input("fact-value"),
                n: input("fact-n").and_then(|v| v.parse().ok()),
                ..NewFact::default()
            }
        };
        let mut next = crate::curate::curation().get_untracked();
        next.changes.push(Change::Add(Box::new(fact)));
        // A saved fact re-renders the page (this form included), hence try_set.
        crate::curate::spawn_submit(next, move |r| {
            let _ = match r {
                Ok(_) => quote.try_set(None),
                Err(e) => problem.try_set(Some(format!("Not saved: {e}"))),
            };
        });
    };
    // The form's controls as one HTML string (no typed view per control); the kind switch
    // shows one group of fields, handled by one change listener on the form.
    let on_change = move |ev: leptos::ev::Event| {
        let Some(kind) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .filter(|s| s.id() == "fact-kind")
        else {
            return;
        };
        let asset = kind.value() == "asset";
        kind_asset.set(asset);
        let document = leptos::prelude::document();
        for (id, hide) in [("fact-asset-fields", !asset), ("fact-result-fields", asset)] {
            if let Some(el) = document.get_element_by_id(id) {
                let _ = if hide {
                    el.set_attribute("hidden", "")
                } else {
                    el.remove_attribute("hidden")
                };
            }
        }
    };
    let form = move || {
        quote.get().map(|q| {
            let number = atlas_curate::first_number(&q).unwrap_or_default().to_owned();
            let options: String = trials.with_value(|t| {
                t.iter()
                    .map(|(id, label)| format!("<option value=\"{}\">{}</option>", esc(id), esc(label)))
                    .collect()
            });
            let html = format!(
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
                quote = esc(&q),
                options = options,
                number = esc(&number),
            );
            kind_asset.set(false);
            view! {
                <form class="fact-form" on:submit=save on:change=on_change data-testid="fact-form">
                    <div class="fact-fields" inner_html=html></div>
                    <button type="submit">"Save fact"</button>
                    <button type="button" on:click=move |_| quote.set(None)>"Cancel"</button>
                </form>
            }
        })
    };
    view! {
        <div class="add-fact">
            <button type="button" on:mousedown=|ev| ev.prevent_default() on:click=open>"Add fact"</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert" data-testid="add-fact-error">{p}</p> })}
            {form}
        </div>
    }
}

/// The trimmed value of the form control `id`, if not empty.
fn input(id: &str) -> Option<String> {
    let el = leptos::prelude::document().get_element_by_id(id)?;
    let value = match el.dyn_ref::<web_sys::HtmlInputElement>() {
        Some(i) => i.value(),
        None => el.dyn_ref::<web_sys::HtmlSelectElement>()?.value(),
    };
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}
