//! Unknown routes and unknown ids.

use leptos::prelude::*;

use crate::route::Page;
use crate::state::RouteCtx;

/// "Nothing here" with the path that was asked for and a way home.
#[component]
pub fn NotFound(what: String) -> impl IntoView {
    let ctx = RouteCtx::get();
    let home = ctx.href(Page::Home {
        q: String::new(),
        filters: Vec::new(),
    });
    view! {
        <section class="not-found" data-testid="not-found">
            <h1>"Not found"</h1>
            <p>"This atlas has no page at " <code>{what}</code> "."</p>
            <p><a href=home>"Back to all assets"</a></p>
        </section>
    }
}
