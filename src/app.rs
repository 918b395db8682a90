//! The root component: route signal, shared search state, header and the routed page.

use leptos::either::Either;
use leptos::prelude::*;

use atlas_model::Family;

use crate::components::header::Header;
use crate::components::nav::{CompareTray, Nav};
use crate::data::with_data;
use crate::pages::{
    asset::AssetPage, changes::ChangesPage, compare::ComparePage, curate::CurateChangesPage,
    curate::CuratePage, doc::DocPage, entity::EntityPage, home::HomePage, landscape::LandscapePage,
    not_found::NotFound, timeline::TimelinePage,
};
use crate::route::Page;
use crate::state::{current_route, RouteCtx, SearchCtx};

/// The whole app. A bundle that cannot be decoded shows its error instead of a blank page.
#[component]
pub fn App() -> impl IntoView {
    match crate::data::bundle() {
        Ok(_) => Either::Left(view! { <Shell /> }),
        Err(reason) => Either::Right(view! {
            <main class="fatal-error" role="alert" data-testid="fatal-error">
                <h1>"This atlas could not load its dataset"</h1>
                <pre>{reason}</pre>
                <a href="">"Reload the atlas"</a>
            </main>
        }),
    }
}

#[component]
fn Shell() -> impl IntoView {
    let route = RwSignal::new(current_route());
    let ctx = RouteCtx(route);
    provide_context(ctx);
    CompareTray::provide();
    let handle = window_event_listener(leptos::ev::hashchange, move |_| route.set(current_route()));
    on_cleanup(move || handle.remove());

    let data_version = crate::data::version();
    let results = Memo::new(move |_| {
        data_version.track();
        route.with(|r| match &r.page {
            Page::Home { q, filters } => crate::search::results(q, filters),
            _ => crate::search::Results::default(),
        })
    });
    let hits = Memo::new(move |_| results.with(|r| r.rows.clone()));
    provide_context(SearchCtx {
        results,
        hits,
        active: RwSignal::new(None),
    });

    // Scroll to the top when the page (not just the query) changes.
    let page_key = Memo::new(move |_| {
        route.with(|r| match &r.page {
            Page::Home { .. } => "home".to_owned(),
            Page::Asset(id) => format!("asset/{id}"),
            Page::Doc { doc_id, highlight } => format!("doc/{doc_id}/{highlight:?}"),
            // The comparison, landscape and timeline read their parameters reactively, so a
            // changed selection or filter keeps the page (and the scroll position).
            Page::Compare { .. } => "compare".to_owned(),
            Page::Entity { kind, slug } => format!("{}/{slug}", kind.as_str()),
            Page::Landscape(_) => "landscape".to_owned(),
            Page::Timeline { .. } => "timeline".to_owned(),
            Page::Changes { .. } => "changes".to_owned(),
            Page::Curate => "curate".to_owned(),
            Page::CurateChanges => "curate/changes".to_owned(),
            Page::NotFound(p) => format!("404{p}"),
        })
    });
    Effect::new(move |prev: Option<String>| {
        let key = page_key.get();
        if prev.is_some_and(|p| p != key) && !key.starts_with("doc/") {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        key
    });

    // Inside a frame, keep the host informed of our height (see embed.rs).
    let root_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        match root_ref.get() {
            Some(root) => {
                crate::embed::report_height(&root);
                true
            }
            None => false,
        }
    });

    let page = move || {
        let _ = page_key.get();
        data_version.track();
        let page = route.with_untracked(|r| r.page.clone());
        match page {
            Page::Home { .. } => HomePage().into_any(),
            Page::Asset(id) => {
                let key = id.clone();
                with_data(
                    move || vec![(Family::Asset, key.clone())],
                    move |_| view! { <AssetPage asset_id=id.clone() /> }.into_any(),
                )
                .into_any()
            }
            Page::Doc { doc_id, highlight } => {
                let key = doc_id.clone();
                with_data(
                    move || vec![(Family::Document, key.clone())],
                    move |_| {
                        view! { <DocPage doc_id=doc_id.clone() highlight=highlight /> }.into_any()
                    },
                )
                .into_any()
            }
            Page::Compare { .. } => ComparePage().into_any(),
            Page::Entity { kind, slug } => view! { <EntityPage kind=kind slug=slug /> }.into_any(),
            Page::Landscape(_) => LandscapePage().into_any(),
            Page::Timeline { .. } => TimelinePage().into_any(),
            Page::Changes { .. } => ChangesPage().into_any(),
            Page::Curate => CuratePage().into_any(),
            Page::CurateChanges => CurateChangesPage().into_any(),
            Page::NotFound(path) => view! { <NotFound what=path /> }.into_any(),
        }
    };
    view! {
        <div class="app" class:embed=move || ctx.embed() data-testid="app-root" node_ref=root_ref>
            <a class="skip-link" href="#main" on:click=|ev| {
                ev.prevent_default();
                if let Some(main) = document().get_element_by_id("main") {
                    main.scroll_into_view();
                }
            }>"Skip to content"</a>
            <Header />
            <Show when=move || !ctx.embed()>
                <Nav />
            </Show>
            <main id="main" class="page" tabindex="-1">{page}</main>
            <Show when=move || !ctx.embed()>
                <footer class="site-footer">
                    "Pipeline Atlas · every figure links to the sentence it came from · runs entirely in your browser"
                </footer>
            </Show>
        </div>
    }
}
