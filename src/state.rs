//! Context shared by the pages: the current route and how to change it.

use leptos::prelude::*;

use atlas_view::results::{HitRow, Results};

use crate::route::{Page, Route};

/// The current route; pages read it, navigation writes it.
#[derive(Clone, Copy)]
pub struct RouteCtx(pub RwSignal<Route>);

impl RouteCtx {
    pub fn get() -> RouteCtx {
        use_context::<RouteCtx>().expect("RouteCtx is provided by App at the root")
    }

    /// Whether the app is in the chrome-less embed view.
    pub fn embed(self) -> bool {
        self.0.with(|r| r.embed)
    }

    /// The `href` of a page, staying in the embed view when we are in it.
    pub fn href(self, page: Page) -> String {
        Route {
            embed: self.0.with_untracked(|r| r.embed),
            page,
        }
        .to_hash()
    }

    /// Go to a page, adding a history entry (the hashchange listener updates the signal).
    pub fn navigate(self, page: Page) {
        let hash = self.href(page);
        if let Some(window) = web_sys::window() {
            let _ = window.location().set_hash(&hash);
        }
    }

    /// Replace the current history entry (used while typing, so Back skips keystrokes).
    pub fn replace(self, page: Page) {
        let route = Route {
            embed: self.0.with_untracked(|r| r.embed),
            page,
        };
        let hash = route.to_hash();
        if let Some(window) = web_sys::window() {
            if let Ok(history) = window.history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
            }
        }
        self.0.set(route);
    }
}

/// The route the browser is showing now.
pub fn current_route() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Route::parse(&hash)
}

/// The results of the current query and the keyboard-highlighted row.
#[derive(Clone, Copy)]
pub struct SearchCtx {
    /// Everything the home page shows for the current route.
    pub results: Memo<Results>,
    /// The rows of `results`, for keyboard navigation.
    pub hits: Memo<Vec<HitRow>>,
    pub active: RwSignal<Option<usize>>,
}

impl SearchCtx {
    pub fn get() -> SearchCtx {
        use_context::<SearchCtx>().expect("SearchCtx is provided by App at the root")
    }
}
