//! The source page: a document's full text, every extracted fact highlighted, the numbers no
//! fact uses marked in their own style, and the requested quote scrolled into view.
//!
//! Document text is always rendered as text nodes, never as HTML, so hostile documents stay inert.

use atlas_model::segments::{evidence_in, facts_in, segments};
use atlas_view::labels::endpoint_label;
use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format;
use crate::pages::curate::StatusLine;
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

    // The text in pieces: the piece holding the highlight (and those before it) render at
    // once, the rest one per task, so a megabyte document never blocks the page for long
    // (Long Tasks under 50 ms). Each piece is a block that ends at a line break, so the
    // browser lays out each one alone and the text reads as one.
    let (pieces, hl_piece) = split_pieces(text, &segs, first_hl);
    let shown = RwSignal::new(hl_piece + 1);
    reveal(shown, pieces.len());

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
                {pieces
                    .into_iter()
                    .enumerate()
                    .map(|(i, piece)| {
                        // A later piece renders once [`reveal`] has reached it.
                        // A memo: a shown piece is not rebuilt when later ones appear.
                        let piece = StoredValue::new(piece);
                        let visible = Memo::new(move |_| shown.get() > i);
                        move || {
                            visible.get().then(|| {
                                view! { <div class="doc-piece">{piece.with_value(|p| piece_view(p, first_hl))}</div> }
                            })
                        }
                    })
                    .collect_view()}
            </div>
            <FactList doc_id=doc_id.clone() />
        </article>
    })
}

/// Facts per piece of a source page's list of facts.
const FACT_PIECE: usize = 100;

/// A piece of text: (segment index, text, fact, number no fact uses, highlighted).
type Piece = Vec<(usize, String, bool, bool, bool)>;

/// Bytes of text after which a piece ends at the next line break of plain text.
const PIECE_BYTES: usize = 12_000;

/// `segs` of `text` in pieces of about [`PIECE_BYTES`], each ending with a line break, and the
/// piece holding segment `first_hl`.
fn split_pieces(
    text: &str,
    segs: &[atlas_model::segments::Segment],
    first_hl: Option<usize>,
) -> (Vec<Piece>, usize) {
    let mut pieces = vec![Vec::new()];
    let mut bytes = 0;
    let mut hl_piece = 0;
    for (i, s) in segs.iter().enumerate() {
        let mut piece = text.get(s.start..s.end).unwrap_or_default();
        if Some(i) == first_hl {
            hl_piece = pieces.len() - 1;
        }
        let plain = !(s.fact || s.unextracted || s.highlighted);
        if plain && bytes + piece.len() >= PIECE_BYTES {
            if let Some(nl) = piece.rfind('\n') {
                let (head, tail) = piece.split_at(nl + 1);
                if let Some(last) = pieces.last_mut() {
                    last.push((i, head.to_owned(), false, false, false));
                }
                pieces.push(Vec::new());
                bytes = 0;
                piece = tail;
                if piece.is_empty() {
                    continue;
                }
            }
        }
        bytes += piece.len();
        if let Some(last) = pieces.last_mut() {
            last.push((i, piece.to_owned(), s.fact, s.unextracted, s.highlighted));
        }
    }
    (pieces, hl_piece)
}

/// Show one more piece per task until `total` are shown.
fn reveal(shown: RwSignal<usize>, total: usize) {
    if shown.get_untracked() >= total {
        return;
    }
    set_timeout(
        move || {
            if shown.try_update(|n| *n += 1).is_some() {
                reveal(shown, total);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// One piece of the text: each segment a `<span>` (or the followed quote's `<mark>`), as text.
fn piece_view(
    piece: &[(usize, String, bool, bool, bool)],
    first_hl: Option<usize>,
) -> impl IntoView {
    piece
        .iter()
        .map(|(i, piece, fact, missed, highlighted)| {
            let class = [fact.then_some("seg-fact"), missed.then_some("seg-missed")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let piece = piece.clone();
            if *highlighted {
                let id = (Some(*i) == first_hl).then_some("hl");
                Either::Left(
                    view! { <mark id=id class=class data-testid="doc-highlight">{piece}</mark> },
                )
            } else {
                Either::Right(view! { <span class=class>{piece}</span> })
            }
        })
        .collect_view()
}

/// Every fact this document states, in text order: where it goes in the atlas and where it is
/// in the text.
#[component]
fn FactList(doc_id: String) -> impl IntoView {
    let ctx = RouteCtx::get();
    // Review controls on every source page, but never in embedded (read-only) views.
    let reviewing = !ctx.embed() && crate::curate::available();
    let facts = crate::data::current()
        .map(|b| facts_in(&b.dataset, &doc_id))
        .unwrap_or_default();
    let heading = format!("Facts from this document ({})", facts.len());
    // Like the text, the list renders in pieces, one per task after the first.
    let pieces: Vec<Vec<_>> = facts.chunks(FACT_PIECE).map(<[_]>::to_vec).collect();
    let shown = RwSignal::new(1);
    reveal(shown, pieces.len());
    let item_doc = doc_id.clone();
    let item = move |f: atlas_model::segments::FactRef<'static>| {
        let doc_id = item_doc.clone();
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
                r.subgroup
                    .as_deref()
                    .map(|s| format!(" [{s}]"))
                    .unwrap_or_default(),
            ),
            _ => (f.label, String::new(), None, String::new()),
        };
        let test_id = code.as_ref().map(|_| "endpoint");
        let quote = reviewing.then(|| f.evidence.quote.clone());
        view! {
            <li data-testid="fact" data-selector=f.selector.clone() data-quote=quote>
                <span class="fact-kind">{f.kind}</span>
                <a href=target>
                    {head}
                    <span class="endpoint" title=code.clone() data-code=code data-testid=test_id>{endpoint}</span>
                    {tail}
                </a>
                {f.result.map(|r| format!(" {}", format::value(r)))}
                " "
                <a class="fact-in-text" href=in_text>"in the text"</a>
                {reviewing.then(|| review_controls(&f.selector))}
            </li>
        }
    };
    let items = pieces
        .into_iter()
        .enumerate()
        .map(|(i, piece)| {
            let piece = StoredValue::new(piece);
            let visible = Memo::new(move |_| shown.get() > i);
            let item = item.clone();
            move || {
                visible.get().then(|| {
                    piece.with_value(|p| p.iter().cloned().map(item.clone()).collect_view())
                })
            }
        })
        .collect_view();
    // Every review button is handled here, by the curation controls (loaded on first use).
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("button[data-act]").ok().flatten());
        if let Some(button) = button {
            crate::curate::call("review", vec![button.into()]);
        }
    };
    let doc_attr = reviewing.then(|| doc_id.clone());
    view! {
        <section class="doc-facts" aria-labelledby="facts-h" data-doc=doc_attr on:click=on_click>
            <h2 id="facts-h">{heading}</h2>
            {reviewing.then(|| view! {
                <StatusLine />
                <div class="add-fact">
                    // Pressing the button must not clear the selection it reads.
                    <button type="button" data-act="add" on:mousedown=|ev| ev.prevent_default()>"Add fact"</button>
                    <div class="add-fact-slot"></div>
                </div>
            })}
            <ol data-testid="doc-facts">{items}</ol>
        </section>
    }
}

/// Accept, Reject and Edit for one fact (what they do is the curation controls'), its verdict
/// so far, and the slot its Edit form opens in: one HTML string (the page re-renders after
/// every change, so nothing here is reactive).
fn review_controls(selector: &str) -> impl IntoView {
    let verdict = crate::curate::curation()
        .with_untracked(|c| c.verdict(selector))
        .map(|v| match v {
            atlas_curate::Verdict::Accepted => "accepted",
            atlas_curate::Verdict::Rejected => "rejected",
            atlas_curate::Verdict::Corrected => "corrected",
        });
    let badge = verdict
        .map(|v| format!("<span class=\"badge\" data-testid=\"verdict\">{v}</span>"))
        .unwrap_or_default();
    let html = format!(
        concat!(
            "<span class=\"review\">{}",
            "<button type=\"button\" class=\"small\" data-act=\"accept\">Accept</button>",
            "<button type=\"button\" class=\"small\" data-act=\"reject\">Reject</button>",
            "<button type=\"button\" class=\"small\" data-act=\"edit\" aria-expanded=\"false\">Edit</button>",
            "</span><span class=\"fact-edit\"></span>"
        ),
        badge
    );
    view! { <span class="review-host" inner_html=html></span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hold_the_whole_text_and_end_at_line_breaks() {
        let line = "Patients 12 of 40 responded, ORR 30%.\n";
        let text = line.repeat(2_000);
        let numbers: Vec<(usize, usize)> = text
            .match_indices("12")
            .map(|(i, m)| (i, i + m.len()))
            .collect();
        let hl = Some((text.len() / 2, text.len() / 2 + 5));
        let segs = segments(&text, &[], &numbers, hl);
        let first_hl = segs.iter().position(|s| s.highlighted);
        let (pieces, hl_piece) = split_pieces(&text, &segs, first_hl);
        assert!(pieces.len() > 5, "{}", pieces.len());
        let joined: String = pieces.iter().flatten().map(|p| p.1.as_str()).collect();
        assert_eq!(joined, text);
        for p in &pieces[..pieces.len() - 1] {
            assert!(p.last().unwrap().1.ends_with('\n'));
            assert!(p.iter().map(|s| s.1.len()).sum::<usize>() < PIECE_BYTES + line.len());
        }
        assert!(pieces[hl_piece].iter().any(|s| s.4));
    }
}
