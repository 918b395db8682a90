//! `#/changes?kind=…`: what changed since the previous build, grouped by asset, newest
//! document first, each change with its quote and a link to its source page.
//!
//! Everything shown was grouped, sorted and worded at build time (`atlas_view::changes`);
//! this page filters by kind (the URL holds the filter) and lays the groups out.

use atlas_view::changes::{AssetChanges, Category, ChangeItem, ChangeView};
use leptos::prelude::*;

use crate::format;
use crate::route::Page;
use crate::state::RouteCtx;

/// The changes page.
#[component]
pub fn ChangesPage() -> impl IntoView {
    let body = match crate::changes::changes() {
        None => view! {
            <p data-testid="changes-none">
                "This build has no previous build to compare with. Build it with "
                <code>"cargo xtask dist --since DIR"</code>
                ", where DIR is an earlier build."
            </p>
        }
        .into_any(),
        Some(Err(e)) => view! {
            <p class="error" role="alert" data-testid="changes-error">
                "The list of changes could not be loaded: "{e}
            </p>
        }
        .into_any(),
        Some(Ok(changes)) => view! { <ChangesBody changes=changes /> }.into_any(),
    };
    view! {
        <section class="changes-page" aria-labelledby="changes-h">
            <h1 id="changes-h">"What’s new"</h1>
            {body}
        </section>
    }
}

#[component]
fn ChangesBody(changes: &'static ChangeView) -> impl IntoView {
    let ctx = RouteCtx::get();
    let kind = Memo::new(move |_| {
        ctx.0.with(|r| match &r.page {
            Page::Changes { kind } => kind.as_deref().and_then(Category::parse),
            _ => None,
        })
    });
    let since: String = changes.since.chars().take(12).collect();
    let summary = format!(
        "{} changes in {} assets since the previous build (dataset {since}…).",
        changes.count(None),
        changes.groups.len()
    );
    let filter = move |category: Option<Category>| {
        let href = ctx.href(Page::Changes {
            kind: category.map(|c| c.as_str().to_owned()),
        });
        let label = category.map_or("All", Category::label);
        let n = changes.count(category);
        let test_id = format!(
            "changes-filter-{}",
            category.map_or("all", Category::as_str)
        );
        view! {
            <a href=href class="segment" data-testid=test_id
                aria-current=move || (kind.get() == category).then_some("page")>
                {label}" "<span class="count">{n}</span>
            </a>
        }
    };
    let groups = move || {
        let groups = changes.filtered(kind.get());
        if groups.is_empty() {
            return view! { <p data-testid="changes-empty">"No changes of this kind."</p> }
                .into_any();
        }
        groups
            .into_iter()
            .map(|g| view! { <Group group=g /> })
            .collect_view()
            .into_any()
    };
    view! {
        <p class="changes-summary" data-testid="changes-summary">{summary}</p>
        <nav class="segmented" aria-label="Kinds of change">
            {filter(None)}
            {Category::FILTERS.into_iter().map(|c| filter(Some(c))).collect_view()}
        </nav>
        <div data-testid="changes">{groups}</div>
    }
}

/// One asset's changes.
#[component]
fn Group(group: AssetChanges) -> impl IntoView {
    let ctx = RouteCtx::get();
    let href = ctx.href(Page::Asset(group.asset.clone()));
    let date = group.date.as_deref().map(format::date);
    view! {
        <section class="change-group" data-testid="change-group" data-asset=group.asset.clone()>
            <h2>
                <a href=href>{group.name}</a>
                {date.map(|d| view! { <span class="change-date">{d}</span> })}
            </h2>
            <ul class="change-list">
                {group.items.into_iter().map(|i| view! { <Item item=i /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Item(item: ChangeItem) -> impl IntoView {
    let ctx = RouteCtx::get();
    // A result's summary names its endpoint by label; the code is the tooltip.
    let code = item.endpoint().map(str::to_owned);
    let source = item.doc.clone().map(|doc| {
        let href = ctx.href(Page::Doc {
            doc_id: doc.clone(),
            highlight: item.span,
        });
        let title = crate::data::current()
            .ok()
            .and_then(|b| b.dataset.document(&doc)?.title.clone())
            .unwrap_or(doc);
        view! { <a class="change-source" href=href data-testid="change-source">{title}</a> }
    });
    view! {
        <li class="change" data-testid="change" data-kind=item.category.as_str()>
            <p class="change-line">
                <span class="badge">{item.category.label()}</span>
                <span class="change-summary" title=code.clone() data-code=code>{item.summary}</span>
                {item.date.as_deref().map(|d| view! { <span class="change-date">{format::date(d)}</span> })}
            </p>
            {(!item.details.is_empty()).then(|| view! {
                <ul class="change-details">
                    {item.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                </ul>
            })}
            {item.quote.map(|q| view! {
                <blockquote class="change-quote" data-testid="change-quote">
                    <q>{q}</q>
                    " "{source}
                </blockquote>
            })}
        </li>
    }
}
