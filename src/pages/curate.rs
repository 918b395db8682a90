//! `#/curate`: bring documents into the atlas (files, drag and drop, or a paste), export the
//! changes; `#/curate/changes`: the local changes with undo. These pages are markup and the
//! status line; what their buttons do is the curation controls' ([`crate::curate::call`]).

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// Files dropped on `#/curate`, until Extract (a drop's files are only readable during
    /// the event, so they are kept here).
    static DROPPED: js_sys::Array = js_sys::Array::new();
}

/// The curation page: static markup (one HTML string per part, no reactive view code to
/// ship) around the status line. Extract and Export changes are the curation controls'
/// (`crate::curate::call`), loaded when first pressed; the page re-renders after each change.
#[component]
pub fn CuratePage() -> impl IntoView {
    DROPPED.with(|d| d.set_length(0));
    let n = crate::curate::count().get_untracked() as usize;
    let shards = if crate::curate::available() {
        ""
    } else {
        "<p class=\"error\" role=\"alert\">This atlas is split into shards; curate its corpus and rebuild it instead.</p>"
    };
    let top = format!(
        concat!(
            "<h1>Add documents</h1><p class=\"intro\">Documents you add are extracted in this browser by the same code that builds the atlas, and stay in this browser until you export your changes. Nothing is sent anywhere.</p>",
            "{}<form class=\"curate-form\">{}<p class=\"meta\" data-testid=\"dropped\"></p>",
            "<div class=\"curate-actions\"><button type=\"submit\" data-act=\"extract\">Extract</button></div></form>"
        ),
        shards, FORM_HTML
    );
    let bottom = format!(
        concat!(
            "<h2>Your changes</h2><p><a href=\"#/curate/changes\" data-testid=\"curate-changes-link\">{}</a></p>",
            "<button type=\"button\" data-testid=\"export-changes\" data-act=\"export\"{}>Export changes</button>",
            "<p class=\"meta\">The file holds your documents verbatim and your changes as overlay entries. ",
            "Import it into the atlas's corpus with <code>cargo xtask import FILE</code> and rebuild: everyone then sees what you see here.</p>"
        ),
        changes_label(n),
        if n == 0 { " disabled" } else { "" }
    );
    let extract = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let files = DROPPED.with(|d| {
            let all = d.slice(0, d.length());
            d.set_length(0);
            all
        });
        crate::curate::call("extract", vec![files.into()]);
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if acted(&ev).as_deref() == Some("export") {
            crate::curate::call("download_changes", Vec::new());
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let Some(list) = ev.data_transfer().and_then(|d| d.files()) else {
            return;
        };
        let names = DROPPED.with(|d| {
            for i in 0..list.length() {
                if let Some(f) = list.get(i) {
                    d.push(&f);
                }
            }
            d.iter()
                .filter_map(|f| f.dyn_into::<web_sys::File>().ok())
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        });
        if let Ok(Some(p)) = leptos::prelude::document().query_selector("[data-testid=dropped]") {
            p.set_text_content(Some(&names));
        }
    };
    view! {
        <section class="curate" data-testid="curate-page" on:submit=extract on:click=on_click
            on:dragover=|ev: leptos::ev::DragEvent| ev.prevent_default() on:drop=on_drop>
            <div inner_html=top></div>
            <StatusLine />
            <div inner_html=bottom></div>
        </section>
    }
}

/// The `data-act` of the button an event came from.
pub fn acted(ev: &web_sys::Event) -> Option<String> {
    ev.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("[data-act]")
        .ok()??
        .get_attribute("data-act")
}

/// The curation form's controls (static: one string, no view code per control).
const FORM_HTML: &str = concat!(
    "<div class=\"curate-fields\"><label for=\"curate-files\">Documents (.txt, .md, .html) — or drop files on this page</label>",
    "<input id=\"curate-files\" type=\"file\" multiple accept=\".txt,.md,.html,.htm\">",
    "<label for=\"curate-paste\">Paste a document</label>",
    "<textarea id=\"curate-paste\" rows=\"10\"></textarea>",
    "<label for=\"curate-title\">Title</label>",
    "<input id=\"curate-title\" type=\"text\">",
    "</div>",
);

/// "3 local changes".
pub fn changes_label(n: usize) -> String {
    match n {
        1 => "1 local change".to_owned(),
        n => format!("{n} local changes"),
    }
}

/// Where the worker's progress, its refusal or its notes show: filled by the curation controls
/// (on every page that has one, including one rendered after the change), and before they are
/// loaded with a problem of the start.
#[component]
pub fn StatusLine() -> impl IntoView {
    view! { <div class="curate-status" inner_html=crate::curate::start_status()></div> }
}

/// `#/curate/changes`: every local change, newest last, each with Undo (one HTML string; the
/// page re-renders after each change).
#[component]
pub fn CurateChangesPage() -> impl IntoView {
    let items = crate::curate::items();
    let n = items.len();
    let head = format!(
        concat!(
            "<h1>{}</h1><p class=\"intro\">Changes are kept in this browser for this atlas. Undo one to drop it; ",
            "<a href=\"#/curate\">export them</a> to hand them to the build.</p>"
        ),
        changes_label(n)
    );
    let mut rows: String = items
        .iter()
        .enumerate()
        .map(|(i, text)| {
            format!(
                "<li data-testid=\"local-change\"><span>{}</span> <button type=\"button\" data-undo=\"{i}\">Undo</button></li>",
                esc(text)
            )
        })
        .collect();
    // What a new build of the atlas already holds: listed once, as merged, without Undo.
    for text in crate::curate::merged() {
        rows.push_str(&format!(
            "<li data-testid=\"merged-change\"><span>{}</span> <span class=\"badge\">merged into the published atlas</span></li>",
            esc(&text)
        ));
    }
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let idx = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.get_attribute("data-undo"))
            .and_then(|i| i.parse::<u32>().ok());
        if let Some(i) = idx {
            crate::curate::call("undo", vec![JsValue::from(i)]);
        }
    };
    view! {
        <section class="curate" data-testid="curate-changes-page">
            <div inner_html=head></div>
            <StatusLine />
            <ol class="local-changes" inner_html=rows on:click=on_click></ol>
        </section>
    }
}

/// `s` with `&`, `<`, `>` and `"` escaped for HTML text and attribute values.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
