//! An endpoint as words, its code in the tooltip: "Grade ≥ 3 TRAE" over `TRAE_G3`.

use leptos::prelude::*;

/// The label of endpoint `code` (`atlas_view::labels`), with the code as its `title` and in
/// `data-code`. A landmark rate's `timepoint` is part of the label ("12-month OS rate").
#[component]
pub fn EndpointName(code: String, timepoint: Option<String>) -> impl IntoView {
    let label = atlas_view::labels::endpoint_label(&code, timepoint.as_deref());
    view! {
        <span class="endpoint" title=code.clone() data-code=code data-testid="endpoint">
            {label}
        </span>
    }
}
