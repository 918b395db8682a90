//! `#/landscape?by=target|modality`: programme assets counted by target (or modality) × highest
//! phase; each count links to the search filtered to exactly those assets.

use atlas_view::entity::EntityKind;
use atlas_view::landscape::{
    landscape, landscape_of, Axis, Landscape, LandscapeAsset, LandscapeRow, COLUMNS,
};
use leptos::prelude::*;

use crate::pages::entity::entity_href;
use crate::route::Page;
use crate::state::RouteCtx;

#[component]
pub fn LandscapePage() -> impl IntoView {
    let ctx = RouteCtx::get();
    let axis = Memo::new(move |_| {
        ctx.0.with(|r| match r.page {
            Page::Landscape(axis) => axis,
            _ => Axis::Target,
        })
    });
    let toggle = move |a: Axis| {
        let href = ctx.href(Page::Landscape(a));
        let label = format!("By {}", a.label().to_lowercase());
        view! {
            <a href=href class="segment" aria-current=move || (axis.get() == a).then_some("page")>
                {label}
            </a>
        }
    };
    let matrix = move || {
        let l = if crate::data::sharded() {
            // A sharded atlas counts from its search index, which has what a cell needs.
            let Ok(index) = crate::data::index() else {
                return ().into_any();
            };
            landscape_of(
                (0..index.len())
                    .filter_map(|i| index.doc(i))
                    .map(|d| LandscapeAsset {
                        id: &d.id,
                        targets: &d.targets,
                        modality: d.modality.as_deref(),
                        phase: d.phase.as_deref(),
                        comparator: d.comparator,
                    })
                    .collect(),
                axis.get(),
            )
        } else {
            let Ok(bundle) = crate::data::bundle() else {
                return ().into_any();
            };
            landscape(&bundle.dataset, axis.get())
        };
        view! { <Matrix landscape=l /> }.into_any()
    };
    view! {
        <article class="landscape" data-testid="landscape-page">
            <h1>"Landscape"</h1>
            <nav class="segmented" aria-label="Rows of the landscape">{toggle(Axis::Target)} {toggle(Axis::Modality)}</nav>
            {matrix}
        </article>
    }
}

#[component]
fn Matrix(landscape: Landscape) -> impl IntoView {
    let axis = landscape.axis;
    // Columns no asset reaches are left out, so the matrix stays dense.
    let shown: Vec<usize> = (0..COLUMNS.len())
        .filter(|&i| {
            landscape
                .rows
                .iter()
                .any(|r| r.cells.get(i).is_some_and(|c| !c.asset_ids.is_empty()))
        })
        .collect();
    let note = (landscape.n_comparators_left_out > 0).then(|| {
        format!(
            "Assets counted by their highest phase; an asset with two {}s counts in both rows. {} comparator drug{} left out.",
            axis.label().to_lowercase(),
            landscape.n_comparators_left_out,
            if landscape.n_comparators_left_out == 1 { "" } else { "s" }
        )
    });
    let rows = landscape.rows.clone();
    view! {
        <p class="meta">{note}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Landscape matrix">
            <table class="landscape-table" data-testid="landscape-table">
                <thead>
                    <tr>
                        <th scope="col">{axis.label()}</th>
                        {shown.iter().filter_map(|&i| COLUMNS.get(i)).map(|c| view! { <th scope="col">{c.label}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| view! { <MatrixRow axis=axis row=row shown=shown.clone() /> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn MatrixRow(axis: Axis, row: LandscapeRow, shown: Vec<usize>) -> impl IntoView {
    let ctx = RouteCtx::get();
    let bundle = crate::data::bundle().ok();
    let ds = bundle.as_ref().map(|b| &b.dataset);
    let head = match (&row.value, axis) {
        (Some(v), Axis::Target) => {
            let href = entity_href(ctx, EntityKind::Target, v);
            view! { <a href=href>{v.clone()}</a> }.into_any()
        }
        (Some(v), Axis::Modality) => v.clone().into_any(),
        (None, _) => view! { <span class="meta">"None stated"</span> }.into_any(),
    };
    let cells = shown
        .into_iter()
        .map(|column_idx| {
            let Some(cell) = row.cells.get(column_idx) else {
                return view! { <td></td> }.into_any();
            };
            if cell.asset_ids.is_empty() {
                return view! { <td class="empty"></td> }.into_any();
            }
            let n = cell.asset_ids.len();
            let column = COLUMNS.get(column_idx).map(|c| c.label).unwrap_or("");
            let count = match row.cell_filters(axis, column_idx) {
                Some(filters) => {
                    let href = ctx.href(Page::Home {
                        q: String::new(),
                        filters,
                    });
                    let label = format!(
                        "{n} asset{} {} {}: show in search",
                        if n == 1 { "" } else { "s" },
                        row.value.as_deref().unwrap_or(""),
                        column
                    );
                    view! { <a class="count" href=href aria-label=label data-testid="landscape-cell">{n}</a> }.into_any()
                }
                None => view! { <span class="count">{n}</span> }.into_any(),
            };
            let names = cell
                .asset_ids
                .iter()
                .filter_map(|id| ds.and_then(|ds| ds.asset(id)))
                .map(|a| {
                    let href = ctx.href(Page::Asset(a.id.clone()));
                    view! { <li><a href=href>{a.name.clone()}</a></li> }
                })
                .collect_view();
            view! {
                <td class="filled">
                    {count}
                    <ul class="cell-assets">{names}</ul>
                </td>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <tr>
            <th scope="row">{head}</th>
            {cells}
        </tr>
    }
}
