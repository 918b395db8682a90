//! The header: the atlas title and the one search box every page has.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::route::{Page, Route};
use crate::state::{RouteCtx, SearchCtx};

/// Full header (title, search, navigation) or, in the embed view, a compact bar with the same
/// search box and a link that opens the full atlas in a new tab.
#[component]
pub fn Header() -> impl IntoView {
    let ctx = RouteCtx::get();
    let title = crate::data::bundle()
        .map(|b| b.title.clone())
        .unwrap_or_else(|_| "Pipeline Atlas".to_owned());
    let home = ctx.href(Page::Home {
        q: String::new(),
        filters: Vec::new(),
    });
    let full_atlas = move || {
        let route = ctx.0.get().with_embed(false);
        full_url(&route)
    };
    view! {
        <header class="site-header" class:compact=move || ctx.embed() role="banner">
            <a class="brand" href=home>
                <span class="brand-mark" aria-hidden="true"></span>
                <span class="brand-name">{title}</span>
            </a>
            <SearchBox />
            <Show when=move || !ctx.embed()>
                <CurateLinks />
            </Show>
            <Show when=move || ctx.embed()>
                <a class="open-full" href=full_atlas target="_blank" rel="noopener" data-testid="open-full">
                    "Open the full atlas ↗"
                </a>
            </Show>
        </header>
    }
}

/// "Add documents" and, once there are some, "N local changes".
#[component]
fn CurateLinks() -> impl IntoView {
    let ctx = RouteCtx::get();
    let n = move || crate::curate::count().get() as usize;
    view! {
        <nav class="curate-links" aria-label="Curation">
            <a href=ctx.href(Page::Curate) data-testid="add-documents">"Add documents"</a>
            {move || (n() > 0).then(|| view! {
                <a href=ctx.href(Page::CurateChanges) data-testid="local-changes">
                    {crate::pages::curate::changes_label(n())}
                </a>
            })}
        </nav>
    }
}

/// The page URL without the embed prefix, for "open the full atlas".
fn full_url(route: &Route) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default().to_owned();
    format!("{base}{}", route.to_hash())
}

/// `<input type="search">` named "Search assets": filters as you type, arrows move through the
/// results, Enter opens the highlighted one, `/` anywhere focuses it.
#[component]
pub fn SearchBox() -> impl IntoView {
    let ctx = RouteCtx::get();
    let search = SearchCtx::get();
    let input_ref = NodeRef::<leptos::html::Input>::new();

    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
            .unwrap_or(false);
        if !typing {
            if let Some(input) = input_ref.get() {
                ev.prevent_default();
                let _ = input.focus();
            }
        }
    });
    on_cleanup(move || handle.remove());

    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        search.active.set(None);
        let on_home = ctx
            .0
            .with_untracked(|r| matches!(r.page, Page::Home { .. }));
        let filters = ctx.0.with_untracked(|r| match &r.page {
            Page::Home { filters, .. } => filters.clone(),
            _ => Vec::new(),
        });
        let page = Page::Home { q, filters };
        if on_home {
            ctx.replace(page);
        } else {
            ctx.navigate(page);
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = search.hits.with_untracked(|h| h.len());
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                search
                    .active
                    .update(|a| *a = Some(a.map_or(0, |i| (i + 1).min(n - 1))));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                search
                    .active
                    .update(|a| *a = a.and_then(|i| i.checked_sub(1)));
            }
            "Enter" => {
                let idx = search.active.get_untracked().unwrap_or(0);
                if let Some(id) = search
                    .hits
                    .with_untracked(|h| h.get(idx).map(|r| r.asset_id.clone()))
                {
                    ev.prevent_default();
                    search.active.set(None);
                    ctx.navigate(Page::Asset(id));
                }
            }
            "Escape" => search.active.set(None),
            _ => {}
        }
    };
    let value = move || {
        ctx.0.with(|r| match &r.page {
            Page::Home { q, .. } => q.clone(),
            _ => String::new(),
        })
    };
    let on_home = move || ctx.0.with(|r| matches!(r.page, Page::Home { .. }));
    view! {
        <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
            <input
                node_ref=input_ref
                type="search"
                aria-label="Search assets"
                placeholder="Search assets, targets, companies, trials…  ( / )"
                autocomplete="off"
                spellcheck="false"
                aria-controls=move || on_home().then_some("results")
                data-testid="search-input"
                prop:value=value
                on:input=on_input
                on:keydown=on_keydown
            />
        </form>
    }
}
