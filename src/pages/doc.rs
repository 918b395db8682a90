//! The source page: a document's full text, every extracted fact highlighted, the numbers no
//! fact uses marked in their own style, and the requested quote scrolled into view.
//!
//! Document text is always rendered as text nodes, never as HTML, so hostile documents stay inert.

use atlas_model::segments::{evidence_in, facts_in, segments};
use atlas_view::labels::endpoint_label;
use leptos::either::Either;
use leptos::prelude::*;

use crate::format;
use crate::pages::not_found::NotFound;
use crate::route::Page;
use crate::state::RouteCtx;

/// `#/doc/<id>?hl=<start>-<end>`.
#[component]
pub fn DocPage(doc_id: String, highlight: Option<(u32, u32)>) -> impl IntoView {
    let Ok(bundle) = crate::data::current() else {
        return Either::Left(view! { <NotFound what=format!("/doc/{doc_id}") /> });
    };
    let (Some(doc), Some(text)) = (bundle.dataset.document(&doc_id), bundle.text(&doc_id)) else {
        return Either::Left(view! { <NotFound what=format!("/doc/{doc_id}") /> });
    };
    let facts: Vec<(usize, usize)> = evidence_in(&bundle.dataset, &doc_id)
        .iter()
        .map(|e| (e.start as usize, e.end as usize))
        .collect();
    let missed: Vec<(usize, usize)> = doc
        .unextracted_numbers
        .iter()
        .map(|s| (s.start as usize, s.end as usize))
        .collect();
    let hl = highlight.map(|(a, b)| (a as usize, b as usize));
    let segs = segments(text, &facts, &missed, hl);
    let first_hl = segs.iter().position(|s| s.highlighted);
    let title = doc.title.clone().unwrap_or_else(|| doc.id.clone());
    let meta = [
        doc.publisher.clone(),
        doc.published.as_deref().map(format::date),
        doc.kind.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");

    if first_hl.is_some() {
        // Scroll once the text is in the DOM.
        request_animation_frame(|| {
            if let Some(el) = document().get_element_by_id("hl") {
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Center);
                el.scroll_into_view_with_scroll_into_view_options(&opts);
            }
        });
    }

    Either::Right(view! {
        <article class="doc" data-testid="doc-page">
            <header>
                <h1>{title}</h1>
                <p class="meta">{meta}</p>
                {doc.source.clone().filter(|url| atlas_model::is_web_url(url)).map(|url| view! {
                    <p class="meta">"Original: " <a href=url.clone() rel="noopener noreferrer" target="_blank">{url.clone()}</a></p>
                })}
                <p class="legend">
                    <span class="seg-fact">"extracted fact"</span>
                    " "
                    <span class="seg-missed">"number no fact uses"</span>
                    " "
                    <mark>"the quote you followed"</mark>
                </p>
            </header>
            <div class="doc-text" data-testid="doc-text">
                {segs
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let piece = text.get(s.start..s.end).unwrap_or_default().to_owned();
                        let class = [
                            s.fact.then_some("seg-fact"),
                            s.unextracted.then_some("seg-missed"),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                        if s.highlighted {
                            let id = (Some(i) == first_hl).then_some("hl");
                            Either::Left(view! { <mark id=id class=class data-testid="doc-highlight">{piece}</mark> })
                        } else {
                            Either::Right(view! { <span class=class>{piece}</span> })
                        }
                    })
                    .collect_view()}
            </div>
            <FactList doc_id=doc_id.clone() />
        </article>
    })
}

/// Every fact this document states, in text order: where it goes in the atlas and where it is
/// in the text.
#[component]
fn FactList(doc_id: String) -> impl IntoView {
    let ctx = RouteCtx::get();
    let bundle = crate::data::current();
    let facts = bundle
        .as_ref()
        .map(|b| facts_in(&b.dataset, &doc_id))
        .unwrap_or_default();
    let heading = format!("Facts from this document ({})", facts.len());
    let items = facts
        .into_iter()
        .map(|f| {
            let in_text = ctx.href(Page::Doc {
                doc_id: doc_id.clone(),
                highlight: Some((f.evidence.start, f.evidence.end)),
            });
            // A fact with no asset links to its place in the text only.
            let target = match f.asset_id {
                Some(id) => ctx.href(Page::Asset(id.to_owned())),
                None => in_text.clone(),
            };
            // A result reads "arm · endpoint label [subgroup]", the endpoint's code in its
            // tooltip; other facts keep their label and an empty endpoint part (one view type).
            let (head, endpoint, code, tail) = match (f.result, f.arm_label) {
                (Some(r), Some(arm)) => (
                    format!("{arm} · "),
                    endpoint_label(&r.endpoint, r.timepoint.as_deref()),
                    Some(r.endpoint.clone()),
                    r.subgroup.as_deref().map(|s| format!(" [{s}]")).unwrap_or_default(),
                ),
                _ => (f.label, String::new(), None, String::new()),
            };
            let test_id = code.as_ref().map(|_| "endpoint");
            view! {
                <li>
                    <span class="fact-kind">{f.kind}</span>
                    <a href=target>
                        {head}
                        <span class="endpoint" title=code.clone() data-code=code data-testid=test_id>{endpoint}</span>
                        {tail}
                    </a>
                    {f.result.map(|r| format!(" {}", format::value(r)))}
                    " "
                    <a class="fact-in-text" href=in_text>"in the text"</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="doc-facts" aria-labelledby="facts-h">
            <h2 id="facts-h">{heading}</h2>
            <ol data-testid="doc-facts">{items}</ol>
        </section>
    }
}
