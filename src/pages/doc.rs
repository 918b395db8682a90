//! The source page: a document's full text, every extracted fact highlighted, the numbers no
//! fact uses marked in their own style, and the requested quote scrolled into view.
//!
//! Document text is always rendered as text nodes, never as HTML, so hostile documents stay inert.

use atlas_model::segments::{evidence_in, facts_in, segments, Segment};
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
    // Pieces are ranges of the text, which the page's bundle keeps: nothing is copied before
    // it is appended.
    let (pieces, hl_piece) = split_pieces(text, &segs, first_hl);
    let text_ref = NodeRef::<leptos::html::Div>::new();
    let shown = Shown {
        bundle: bundle.clone(),
        doc_id: doc_id.clone(),
        pieces,
        first_hl,
    };
    text_ref.on_load(move |el| {
        let el: web_sys::Element = el.into();
        let shown = std::rc::Rc::new(shown);
        for piece in shown.pieces.iter().take(hl_piece + 1) {
            shown.append(&el, piece);
        }
        reveal_pieces(el, shown, hl_piece + 1);
    });

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
            // Filled by `append_piece`, outside the view: plain DOM, text nodes only.
            <div class="doc-text" data-testid="doc-text" node_ref=text_ref></div>
            <FactList doc_id=doc_id.clone() />
        </article>
    })
}

/// Facts per piece of a source page's list of facts.
const FACT_PIECE: usize = 100;

/// A piece of text: its segments (the last one cut at a line break), each with its index.
type Piece = Vec<(usize, Segment)>;

/// Bytes of text after which a piece ends at the next line break of plain text.
const PIECE_BYTES: usize = 12_000;

/// `segs` of `text` in pieces of about [`PIECE_BYTES`], each ending with a line break, and the
/// piece holding segment `first_hl`.
fn split_pieces(text: &str, segs: &[Segment], first_hl: Option<usize>) -> (Vec<Piece>, usize) {
    let mut pieces = vec![Vec::new()];
    let mut bytes = 0;
    let mut hl_piece = 0;
    for (i, s) in segs.iter().enumerate() {
        let mut s = s.clone();
        if Some(i) == first_hl {
            hl_piece = pieces.len() - 1;
        }
        let plain = !(s.fact || s.unextracted || s.highlighted);
        if plain && bytes + s.end - s.start >= PIECE_BYTES {
            let nl = text.get(s.start..s.end).and_then(|t| t.rfind('\n'));
            if let Some(nl) = nl {
                let cut = s.start + nl + 1;
                if let Some(last) = pieces.last_mut() {
                    last.push((
                        i,
                        Segment {
                            end: cut,
                            ..s.clone()
                        },
                    ));
                }
                pieces.push(Vec::new());
                bytes = 0;
                s.start = cut;
                if s.start == s.end {
                    continue;
                }
            }
        }
        bytes += s.end - s.start;
        if let Some(last) = pieces.last_mut() {
            last.push((i, s));
        }
    }
    (pieces, hl_piece)
}

/// What a source page appends of its text: the document's pieces and the bundle holding its
/// text (kept while the pieces are appended).
struct Shown {
    bundle: std::sync::Arc<atlas_model::Bundle>,
    doc_id: String,
    pieces: Vec<Piece>,
    first_hl: Option<usize>,
}

impl Shown {
    /// Append `piece` to `parent`: a block with each segment a `<span>` (or the followed
    /// quote's `<mark>`), as text nodes. Plain DOM calls rather than a view: the text is never
    /// re-rendered, and a reactive view per piece cost the first load kilobytes of wasm.
    fn append(&self, parent: &web_sys::Element, piece: &Piece) {
        let text = self.bundle.text(&self.doc_id).unwrap_or_default();
        let doc = document();
        let Ok(block) = doc.create_element("div") else {
            return;
        };
        block.set_class_name("doc-piece");
        for (i, s) in piece {
            let Ok(el) = doc.create_element(if s.highlighted { "mark" } else { "span" }) else {
                continue;
            };
            let class = match (s.fact, s.unextracted) {
                (true, true) => "seg-fact seg-missed",
                (true, false) => "seg-fact",
                (false, true) => "seg-missed",
                (false, false) => "",
            };
            if !class.is_empty() {
                el.set_class_name(class);
            }
            if s.highlighted {
                let _ = el.set_attribute("data-testid", "doc-highlight");
                if Some(*i) == self.first_hl {
                    el.set_id("hl");
                }
            }
            el.set_text_content(text.get(s.start..s.end));
            let _ = block.append_child(&el);
        }
        let _ = parent.append_child(&block);
    }
}

/// Append the pieces from `next` on to `parent`, one per task, while it is in the page.
fn reveal_pieces(parent: web_sys::Element, shown: std::rc::Rc<Shown>, next: usize) {
    if next >= shown.pieces.len() {
        return;
    }
    set_timeout(
        move || {
            if !parent.is_connected() {
                return;
            }
            if let Some(piece) = shown.pieces.get(next) {
                shown.append(&parent, piece);
            }
            reveal_pieces(parent, shown, next + 1);
        },
        std::time::Duration::ZERO,
    );
}

/// Every fact this document states, in text order: where it goes in the atlas and where it is
/// in the text. Like the text, the list is plain DOM appended in pieces, the first at once and
/// the rest one per task (a megabyte document states hundreds of facts).
#[component]
fn FactList(doc_id: String) -> impl IntoView {
    let ctx = RouteCtx::get();
    // Review controls on every source page, but never in embedded (read-only) views.
    let reviewing = !ctx.embed() && crate::curate::available();
    // The page's data: the list holds it while it fills in over later tasks (its facts borrow
    // from it, so each piece reads them again rather than keeping references).
    let bundle = crate::data::current().ok();
    let count = bundle
        .as_ref()
        .map_or(0, |b| facts_in(&b.dataset, &doc_id).len());
    let heading = format!("Facts from this document ({count})");
    let list_ref = NodeRef::<leptos::html::Ol>::new();
    let item_doc = doc_id.clone();
    list_ref.on_load(move |el| {
        let el: web_sys::Element = el.into();
        let Some(bundle) = bundle else {
            return;
        };
        let doc: std::rc::Rc<str> = item_doc.clone().into();
        let make = std::rc::Rc::new(move |f: &atlas_model::segments::FactRef<'_>| {
            fact_item(ctx, &item_doc, f, reviewing)
        });
        append_facts(el, bundle, doc, 0, make);
    });
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
            <ol data-testid="doc-facts" node_ref=list_ref></ol>
        </section>
    }
}

type MakeFact =
    std::rc::Rc<dyn Fn(&atlas_model::segments::FactRef<'_>) -> Option<web_sys::Element>>;

/// Append [`FACT_PIECE`] facts from `from` on to `list`, then the next piece in a later task,
/// while the list is in the page.
fn append_facts(
    list: web_sys::Element,
    bundle: std::sync::Arc<atlas_model::Bundle>,
    doc_id: std::rc::Rc<str>,
    from: usize,
    make: MakeFact,
) {
    let total = {
        let facts = facts_in(&bundle.dataset, &doc_id);
        for f in facts.iter().skip(from).take(FACT_PIECE) {
            if let Some(li) = make(f) {
                let _ = list.append_child(&li);
            }
        }
        facts.len()
    };
    let next = from + FACT_PIECE;
    if next < total {
        set_timeout(
            move || {
                if list.is_connected() {
                    append_facts(list, bundle, doc_id, next, make);
                }
            },
            std::time::Duration::ZERO,
        );
    }
}

/// One fact of the list: a result reads "arm · endpoint label [subgroup]" with the endpoint's
/// code in its tooltip, linking to its asset (or its place in the text), then its value, "in
/// the text", and the review controls. Text nodes only.
fn fact_item(
    ctx: RouteCtx,
    doc_id: &str,
    f: &atlas_model::segments::FactRef<'_>,
    reviewing: bool,
) -> Option<web_sys::Element> {
    let doc = document();
    let el = |tag: &str, class: &str, text: &str| {
        let e = doc.create_element(tag).ok()?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        Some(e)
    };
    let in_text = ctx.href(Page::Doc {
        doc_id: doc_id.to_owned(),
        highlight: Some((f.evidence.start, f.evidence.end)),
    });
    // A fact with no asset links to its place in the text only.
    let target = match f.asset_id {
        Some(id) => ctx.href(Page::Asset(id.to_owned())),
        None => in_text.clone(),
    };
    let li = el("li", "", "")?;
    let _ = li.set_attribute("data-testid", "fact");
    let _ = li.set_attribute("data-selector", &f.selector);
    if reviewing {
        let _ = li.set_attribute("data-quote", &f.evidence.quote);
    }
    let kind = el("span", "fact-kind", f.kind)?;
    let _ = li.append_with_node_1(&kind);
    let link = el("a", "", "")?;
    let _ = link.set_attribute("href", &target);
    match (f.result, f.arm_label) {
        (Some(r), Some(arm)) => {
            let _ = link.append_with_str_1(&format!("{arm} · "));
            let code = el(
                "span",
                "endpoint",
                &endpoint_label(&r.endpoint, r.timepoint.as_deref()),
            )?;
            let _ = code.set_attribute("title", &r.endpoint);
            let _ = code.set_attribute("data-code", &r.endpoint);
            let _ = code.set_attribute("data-testid", "endpoint");
            let _ = link.append_with_node_1(&code);
            if let Some(s) = &r.subgroup {
                let _ = link.append_with_str_1(&format!(" [{s}]"));
            }
        }
        _ => {
            let _ = link.append_with_str_1(&f.label);
        }
    }
    let _ = li.append_with_node_1(&link);
    if let Some(r) = f.result {
        let _ = li.append_with_str_1(&format!(" {}", format::value(r)));
    }
    let _ = li.append_with_str_1(" ");
    let in_text_link = el("a", "fact-in-text", "in the text")?;
    let _ = in_text_link.set_attribute("href", &in_text);
    let _ = li.append_with_node_1(&in_text_link);
    if reviewing {
        let host = el("span", "review-host", "")?;
        host.set_inner_html(&review_controls(&f.selector));
        let _ = li.append_with_node_1(&host);
    }
    Some(li)
}

/// Accept, Reject and Edit for one fact (what they do is the curation controls'), its verdict
/// so far, and the slot its Edit form opens in: one HTML string of fixed words (the page
/// re-renders after every change, so nothing here is reactive).
fn review_controls(selector: &str) -> String {
    // One of three fixed words, never other text in this HTML.
    let verdict = crate::curate::verdict(selector)
        .filter(|v| ["accepted", "rejected", "corrected"].contains(&v.as_str()));
    let badge = verdict
        .map(|v| format!("<span class=\"badge\" data-testid=\"verdict\">{v}</span>"))
        .unwrap_or_default();
    format!(
        concat!(
            "<span class=\"review\">{}",
            "<button type=\"button\" class=\"small\" data-act=\"accept\">Accept</button>",
            "<button type=\"button\" class=\"small\" data-act=\"reject\">Reject</button>",
            "<button type=\"button\" class=\"small\" data-act=\"edit\" aria-expanded=\"false\">Edit</button>",
            "</span><span class=\"fact-edit\"></span>"
        ),
        badge
    )
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
        let part = |s: &Segment| &text[s.start..s.end];
        let joined: String = pieces.iter().flatten().map(|(_, s)| part(s)).collect();
        assert_eq!(joined, text);
        for p in &pieces[..pieces.len() - 1] {
            assert!(part(&p.last().unwrap().1).ends_with('\n'));
            assert!(
                p.iter().map(|(_, s)| s.end - s.start).sum::<usize>() < PIECE_BYTES + line.len()
            );
        }
        assert!(pieces[hl_piece].iter().any(|(_, s)| s.highlighted));
    }
}
