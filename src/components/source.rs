//! The provenance marker: every shown value links to the verbatim sentence it came from.

use atlas_model::Evidence;
use leptos::prelude::*;

use crate::route::Page;
use crate::state::RouteCtx;

/// A small superscript marker; hover or focus shows the quote and document, click opens the
/// source page scrolled to the highlighted span.
#[component]
pub fn SourceMarker(evidence: Evidence) -> impl IntoView {
    let ctx = RouteCtx::get();
    let href = ctx.href(Page::Doc {
        doc_id: evidence.doc.clone(),
        highlight: Some((evidence.start, evidence.end)),
    });
    let doc_title = crate::data::current()
        .ok()
        .and_then(|b| b.dataset.document(&evidence.doc)?.title.clone())
        .unwrap_or_else(|| evidence.doc.clone());
    let label = format!("Source: {doc_title}");
    view! {
        <span class="src">
            <a class="src-link" href=href aria-label=label data-testid="source-marker">
                "§"
            </a>
            <span class="src-quote" role="tooltip">
                <q>{evidence.quote.clone()}</q>
                <span class="src-doc">{doc_title}</span>
            </span>
        </span>
    }
}

/// The marker for the first piece of evidence, if any.
#[component]
pub fn FirstSource(evidence: Option<Evidence>) -> impl IntoView {
    evidence.map(|e| view! { <SourceMarker evidence=e /> })
}

/// "new": the fact was added or changed since the previous build (`--since`).
#[component]
pub fn NewBadge() -> impl IntoView {
    view! {
        <span class="badge new" title="New since the previous build" data-testid="new-badge">"new"</span>
    }
}
