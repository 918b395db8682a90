//! Review controls on a source page: Accept / Reject per fact, and "Add fact" from the text
//! selected in the document. Every action goes through [`crate::curate::submit`], which runs
//! the build's own checks in the worker: a fact the build would refuse is not saved, and the
//! reason is shown. Not rendered in embedded views.

use atlas_curate::{Change, NewFact, Verdict};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Accept and Reject for one fact, with its current verdict.
#[component]
pub fn FactReview(selector: String) -> impl IntoView {
    let curation = crate::curate::curation();
    let status = crate::curate::status();
    let sel = StoredValue::new(selector);
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
    let verdict = move || {
        curation
            .with(|c| c.verdict(&sel.get_value()))
            .map(|v| match v {
                Verdict::Accepted => "accepted",
                Verdict::Rejected => "rejected",
                Verdict::Corrected => "corrected",
            })
    };
    view! {
        <span class="review">
            {move || verdict().map(|v| view! { <span class="badge" data-testid="verdict">{v}</span> })}
            <button type="button" class="small" on:click=move |_| act(false)
                disabled=move || status.with(|s| s.busy)>"Accept"</button>
            <button type="button" class="small" on:click=move |_| act(true)
                disabled=move || status.with(|s| s.busy)>"Reject"</button>
        </span>
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
    let form = move || {
        quote.get().map(|q| {
            let number = atlas_curate::first_number(&q).unwrap_or_default().to_owned();
            let options = trials
                .get_value()
                .into_iter()
                .map(|(id, label)| view! { <option value=id>{label}</option> })
                .collect_view();
            view! {
                <form class="fact-form" on:submit=save data-testid="fact-form">
                    <p class="meta">"Quote: " <q>{q}</q></p>
                    <label for="fact-kind">"Kind of fact"</label>
                    <select id="fact-kind" on:change=move |ev| kind_asset.set(event_target_value(&ev) == "asset")>
                        <option value="result" selected>"Result of a trial arm"</option>
                        <option value="asset">"Drug (asset)"</option>
                    </select>
                    <div class="fact-fields" hidden=move || !kind_asset.get()>
                        <label for="fact-name">"Drug name"</label>
                        <input id="fact-name" type="text" />
                    </div>
                    <div class="fact-fields" hidden=move || kind_asset.get()>
                        <label for="fact-trial">"Trial"</label>
                        <select id="fact-trial">{options}</select>
                        <label for="fact-arm">"Arm"</label>
                        <input id="fact-arm" type="text" />
                        <label for="fact-endpoint">"Endpoint"</label>
                        <input id="fact-endpoint" type="text" />
                        <label for="fact-value">"Value"</label>
                        <input id="fact-value" type="text" value=number />
                        <label for="fact-n">"Patients (n)"</label>
                        <input id="fact-n" type="text" />
                    </div>
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
