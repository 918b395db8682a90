//! Review controls on a source page: Accept / Reject per fact, and "Add fact" from the text
//! selected in the document. Every action goes through [`crate::curate::submit`], which runs
//! the build's own checks in the worker: a fact the build would refuse is not saved, and the
//! reason is shown. Not rendered in embedded views.

use atlas_curate::{Change, NewFact, Verdict};
use leptos::prelude::*;

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
/// (a result of a trial arm, or an asset) pre-filled with the number the quote holds.
#[component]
pub fn AddFact(doc_id: String, trials: Vec<(String, String)>) -> impl IntoView {
    let quote = RwSignal::new(None::<String>);
    let kind = RwSignal::new("result".to_owned());
    let name = RwSignal::new(String::new());
    let trial = RwSignal::new(trials.first().map(|t| t.0.clone()).unwrap_or_default());
    let arm = RwSignal::new(String::new());
    let endpoint = RwSignal::new(String::new());
    let value = RwSignal::new(String::new());
    let n = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let doc = StoredValue::new(doc_id);
    let open = move |_| match crate::pages::curate::selected_text() {
        Some(text) => {
            value.set(
                atlas_curate::first_number(&text)
                    .unwrap_or_default()
                    .to_owned(),
            );
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
        let text = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|s| !s.is_empty())
        };
        let fact = if kind.get_untracked() == "asset" {
            NewFact {
                fact: "asset".into(),
                doc: doc.get_value(),
                quote: q,
                name: text(name),
                ..NewFact::default()
            }
        } else {
            NewFact {
                fact: "result".into(),
                doc: doc.get_value(),
                quote: q,
                trial: text(trial),
                arm: text(arm),
                endpoint: text(endpoint),
                value: text(value),
                n: text(n).and_then(|v| v.parse().ok()),
                ..NewFact::default()
            }
        };
        let mut next = crate::curate::curation().get_untracked();
        next.changes.push(Change::Add(fact));
        crate::curate::spawn_submit(next, move |r| match r {
            Ok(_) => quote.set(None),
            Err(e) => problem.set(Some(format!("Not saved: {e}"))),
        });
    };
    let field = |label: &'static str, id: &'static str, sig: RwSignal<String>| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="text" prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev)) />
        }
    };
    let trials = StoredValue::new(trials);
    let trial_options = move || {
        trials
            .get_value()
            .into_iter()
            .map(|(id, label)| view! { <option value=id.clone()>{label}</option> })
            .collect_view()
    };
    view! {
        <div class="add-fact">
            <button type="button" on:mousedown=|ev| ev.prevent_default() on:click=open>"Add fact"</button>
            {move || problem.get().map(|p| view! { <p class="error" role="alert" data-testid="add-fact-error">{p}</p> })}
            <Show when=move || quote.with(Option::is_some)>
                <form class="fact-form" on:submit=save data-testid="fact-form">
                    <p class="meta">"Quote: " <q>{move || quote.get().unwrap_or_default()}</q></p>
                    <label for="fact-kind">"Kind of fact"</label>
                    <select id="fact-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        <option value="result" selected>"Result of a trial arm"</option>
                        <option value="asset">"Drug (asset)"</option>
                    </select>
                    <Show when=move || kind.get() == "asset">
                        {field("Drug name", "fact-name", name)}
                    </Show>
                    <Show when=move || kind.get() == "result">
                        <label for="fact-trial">"Trial"</label>
                        <select id="fact-trial" on:change=move |ev| trial.set(event_target_value(&ev))>
                            {trial_options}
                        </select>
                        {field("Arm", "fact-arm", arm)}
                        {field("Endpoint", "fact-endpoint", endpoint)}
                        {field("Value", "fact-value", value)}
                        {field("Patients (n)", "fact-n", n)}
                    </Show>
                    <button type="submit">"Save fact"</button>
                    <button type="button" on:click=move |_| quote.set(None)>"Cancel"</button>
                </form>
            </Show>
        </div>
    }
}
