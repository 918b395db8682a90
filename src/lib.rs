//! Pipeline Atlas, the viewer: a Leptos client-side app over the dataset compiled into the bundle.
//!
//! This crate only renders. The data model, search and statistics live in `crates/`; the
//! dataset arrives as bytes linked into the wasm (`data`), hash routes pick the page (`route`),
//! and `pages/` and `components/` turn the dataset into DOM.

pub mod app;
pub mod components;
pub mod data;
pub mod embed;
pub mod format;
pub mod pages;
pub mod panic;
pub mod route;
pub mod search;
pub mod state;

/// Install the panic hook and mount [`app::App`] on `<body>`.
pub fn start() {
    panic::install();
    leptos::mount::mount_to_body(app::App);
}
