//! Pipeline Atlas, the viewer: a Leptos client-side app over the dataset compiled into the bundle.
//!
//! This crate only renders. The data model, search and statistics live in `crates/`; the
//! dataset arrives as a bundle file loaded before the first render (`data`), hash routes pick the page (`route`),
//! and `pages/` and `components/` turn the dataset into DOM.

pub mod app;
pub mod changes;
pub mod components;
pub mod curate;
pub mod data;
pub mod embed;
pub mod format;
pub mod pages;
pub mod panic;
pub mod route;
pub mod search;
pub mod state;

/// Install the panic hook, load the dataset, then mount [`app::App`] on `<body>`.
pub fn start() {
    panic::install();
    wasm_bindgen_futures::spawn_local(async {
        data::install(data::load().await);
        // Signals shared across pages are created here, outside any component, so that no
        // page's disposal takes them along (the curation swaps data under a live page).
        let _ = (data::version(), curate::count());
        // Embedded views are read-only and may sit in a sandboxed frame without storage.
        if !state::current_route().embed {
            curate::restore().await;
        }
        changes::load().await;
        if let Some(loading) = leptos::prelude::document().get_element_by_id("loading") {
            loading.remove();
        }
        leptos::mount::mount_to_body(app::App);
        curate::carry_over();
    });
}
