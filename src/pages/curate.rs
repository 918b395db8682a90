//! `#/curate`: bring documents into the atlas (files, drag and drop, or a paste), export the
//! changes; `#/curate/changes`: the local changes with undo. The work happens in
//! [`crate::curate`]; these pages only collect input and show the outcome.

use atlas_curate::{check_document, new_document_id, Curation, LocalDocument};
use leptos::prelude::*;

use crate::route::Page;
use crate::state::RouteCtx;

/// The curation page.
#[component]
pub fn CuratePage() -> impl IntoView {
    let ctx = RouteCtx::get();
    // Uncontrolled inputs in static HTML, read by id when Extract is pressed (no typed view or
    // per-keystroke binding per control to ship).
    let dropped: RwSignal<Vec<web_sys::File>, LocalStorage> = RwSignal::new_local(Vec::new());
    let status = crate::curate::status();

    let extract = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut files = dropped.try_get_untracked().unwrap_or_default();
        if let Some(list) =
            element::<web_sys::HtmlInputElement>("curate-files").and_then(|i| i.files())
        {
            files.extend((0..list.length()).filter_map(|i| list.get(i)));
        }
        let pasted = element::<web_sys::HtmlTextAreaElement>("curate-paste")
            .map(|t| t.value())
            .unwrap_or_default();
        let title_text = element::<web_sys::HtmlInputElement>("curate-title")
            .map(|t| t.value().trim().to_owned())
            .unwrap_or_default();
        // Busy while the files are read too, so the last message is never a stale one.
        status.update(|s| {
            s.busy = true;
            s.error = None;
            s.notes.clear();
        });
        leptos::task::spawn_local(async move {
            match read_documents(files, &pasted, &title_text).await {
                Ok(docs) => {
                    let first = docs.first().map(|d| d.id.clone());
                    let mut next = crate::curate::curation().get_untracked();
                    next.documents.extend(docs);
                    // Applying swaps the data and re-renders this page: its own signals and
                    // node refs may be gone by now, hence the try_ forms.
                    if crate::curate::submit(next).await.is_ok() {
                        if let Some(t) = element::<web_sys::HtmlTextAreaElement>("curate-paste") {
                            t.set_value("");
                        }
                        if let Some(t) = element::<web_sys::HtmlInputElement>("curate-title") {
                            t.set_value("");
                        }
                        dropped.try_set(Vec::new());
                        if let Some(doc_id) = first {
                            ctx.navigate(Page::Doc {
                                doc_id,
                                highlight: None,
                            });
                        }
                    }
                }
                Err(e) => status.update(|s| {
                    s.busy = false;
                    s.error = Some(e);
                }),
            }
        });
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(list) = ev.data_transfer().and_then(|d| d.files()) {
            dropped.update(|v| v.extend((0..list.length()).filter_map(|i| list.get(i))));
        }
    };
    let export = move |_| {
        leptos::task::spawn_local(async move {
            match crate::curate::export_text().await {
                Ok(text) => crate::components::nav::download(
                    "pipeline-atlas-changes.json",
                    "application/json;charset=utf-8",
                    &text,
                ),
                Err(e) => status.update(|s| s.error = Some(e)),
            }
        });
    };
    let dropped_names =
        move || dropped.with(|v| v.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "));
    let changes_href = ctx.href(Page::CurateChanges);
    view! {
        <section class="curate" data-testid="curate-page"
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <h1>"Add documents"</h1>
            <p class="intro">
                "Documents you add are extracted in this browser by the same code that builds the atlas, and stay in this browser until you export your changes. Nothing is sent anywhere."
            </p>
            {(!crate::curate::available()).then(|| view! {
                <p class="error" role="alert">"This atlas is split into shards; curate its corpus and rebuild it instead."</p>
            })}
            <form class="curate-form" on:submit=extract>
                <div class="curate-fields" inner_html=FORM_HTML></div>
                <p class="meta" data-testid="dropped">{dropped_names}</p>
                <div class="curate-actions">
                    <button type="submit" disabled=crate::curate::busy()>"Extract"</button>
                </div>
            </form>
            <StatusLine />
            <h2>"Your changes"</h2>
            <p>
                <a href=changes_href data-testid="curate-changes-link">
                    {move || changes_label(crate::curate::curation().with(Curation::len))}
                </a>
            </p>
            <button type="button" on:click=export data-testid="export-changes"
                disabled=move || crate::curate::curation().with(Curation::is_empty)>"Export changes"</button>
            <p class="meta">
                "The file holds your documents verbatim and your changes as overlay entries. "
                "Import it into the atlas's corpus with " <code>"cargo xtask import FILE"</code>
                " and rebuild: everyone then sees what you see here."
            </p>
        </section>
    }
}

/// The curation form's controls (static: one string, no view code per control).
const FORM_HTML: &str = concat!(
    "<label for=\"curate-files\">Documents (.txt, .md, .html) — or drop files on this page</label>",
    "<input id=\"curate-files\" type=\"file\" multiple accept=\".txt,.md,.html,.htm\">",
    "<label for=\"curate-paste\">Paste a document</label>",
    "<textarea id=\"curate-paste\" rows=\"10\"></textarea>",
    "<label for=\"curate-title\">Title</label>",
    "<input id=\"curate-title\" type=\"text\">",
);

/// The element with this id, as `T`.
fn element<T: wasm_bindgen::JsCast>(id: &str) -> Option<T> {
    use wasm_bindgen::JsCast;
    leptos::prelude::document()
        .get_element_by_id(id)?
        .dyn_into()
        .ok()
}

/// "3 local changes".
pub fn changes_label(n: usize) -> String {
    match n {
        1 => "1 local change".to_owned(),
        n => format!("{n} local changes"),
    }
}

/// The worker's progress, its refusal or its notes (one HTML string: less wasm than a view
/// per message).
#[component]
pub fn StatusLine() -> impl IntoView {
    let status = crate::curate::status();
    let html = move || {
        status.with(|s| {
            let mut out = String::new();
            if s.busy {
                out.push_str("<p role=\"status\" data-testid=\"curate-busy\">Working…</p>");
            }
            if let Some(e) = &s.error {
                out.push_str(&format!(
                    "<p class=\"error\" role=\"alert\" data-testid=\"curate-error\">{}</p>",
                    crate::components::review::esc(e)
                ));
            }
            for n in &s.notes {
                out.push_str(&format!(
                    "<p class=\"note\" role=\"status\" data-testid=\"curate-note\">{}</p>",
                    crate::components::review::esc(n)
                ));
            }
            out
        })
    };
    view! { <div class="curate-status" inner_html=html></div> }
}

/// The documents to add: every file, then the paste; the first refusal is the error.
async fn read_documents(
    files: Vec<web_sys::File>,
    pasted: &str,
    title: &str,
) -> Result<Vec<LocalDocument>, String> {
    if files.is_empty() && pasted.trim().is_empty() {
        return Err(if pasted.is_empty() {
            "Nothing to extract: paste a document or choose files first".to_owned()
        } else {
            check_document("the pasted text", pasted.as_bytes())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        });
    }
    let current = crate::curate::curation().get_untracked();
    let published: Vec<String> = crate::data::bundle()
        .map(|b| b.texts.iter().map(|t| t.doc.clone()).collect())
        .unwrap_or_default();
    let mut taken: Vec<String> = published;
    taken.extend(current.documents.iter().map(|d| d.id.clone()));
    let mut out = Vec::new();
    let single_file = files.len() == 1 && pasted.trim().is_empty();
    for file in files {
        let name = file.name();
        let size = file.size() as u64;
        if size > atlas_curate::document::MAX_DOCUMENT_BYTES {
            return Err(atlas_curate::DocumentError::TooLarge { name, bytes: size }.to_string());
        }
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
            .await
            .map_err(|_| format!("{name}: could not be read"))?;
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        let mut text = check_document(&name, &bytes).map_err(|e| e.to_string())?;
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".html") || lower.ends_with(".htm") {
            text = html_text(&text);
            check_document(&name, text.as_bytes()).map_err(|e| e.to_string())?;
        }
        let doc_title = if single_file && !title.is_empty() {
            title.to_owned()
        } else {
            name.clone()
        };
        let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
        let id = new_document_id(&name, &refs);
        taken.push(id.clone());
        out.push(LocalDocument {
            id,
            title: doc_title,
            text,
        });
    }
    if !pasted.trim().is_empty() {
        let text =
            check_document("the pasted text", pasted.as_bytes()).map_err(|e| e.to_string())?;
        let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
        let id = new_document_id(if title.is_empty() { "pasted" } else { title }, &refs);
        out.push(LocalDocument {
            id,
            title: title.to_owned(),
            text,
        });
    }
    Ok(out)
}

/// The text of an HTML document, as the browser parses it (scripts are never run by a
/// `DOMParser`). The local document then is that text: what is exported, imported as `.txt`
/// and rebuilt is exactly what was extracted here.
fn html_text(html: &str) -> String {
    web_sys::DomParser::new()
        .ok()
        .and_then(|p| {
            p.parse_from_string(html, web_sys::SupportedType::TextHtml)
                .ok()
        })
        .and_then(|d| d.body())
        .and_then(|b| b.text_content())
        .unwrap_or_default()
}

/// `#/curate/changes`: every local change, newest last, each with Undo.
#[component]
pub fn CurateChangesPage() -> impl IntoView {
    let curation = crate::curate::curation();
    let status = crate::curate::status();
    let undo = move |idx: usize| {
        let mut next = curation.get_untracked();
        if next.undo(idx) {
            crate::curate::spawn_submit(next, |_| {});
        }
    };
    // One HTML string and one click listener for the list (each button carries its index).
    let rows = move || {
        let busy = if status.with(|s| s.busy) {
            " disabled"
        } else {
            ""
        };
        curation
            .with(Curation::items)
            .iter()
            .enumerate()
            .map(|(i, text)| {
                format!(
                    "<li data-testid=\"local-change\"><span>{}</span> <button type=\"button\" data-undo=\"{i}\"{busy}>Undo</button></li>",
                    crate::components::review::esc(text)
                )
            })
            .collect::<String>()
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        use wasm_bindgen::JsCast;
        let idx = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.get_attribute("data-undo"))
            .and_then(|i| i.parse().ok());
        if let Some(i) = idx {
            undo(i);
        }
    };
    let ctx = RouteCtx::get();
    view! {
        <section class="curate" data-testid="curate-changes-page">
            <h1>{move || changes_label(curation.with(Curation::len))}</h1>
            <p class="intro">
                "Changes are kept in this browser for this atlas. Undo one to drop it; "
                <a href=ctx.href(Page::Curate)>"export them"</a>
                " to hand them to the build."
            </p>
            <StatusLine />
            <ol class="local-changes" inner_html=rows on:click=on_click></ol>
        </section>
    }
}

/// The text currently selected in the page, if any.
pub fn selected_text() -> Option<String> {
    let selection = web_sys::window()?.get_selection().ok()??;
    let text: String = selection.to_string().into();
    (!text.is_empty()).then_some(text)
}
