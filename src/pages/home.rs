//! The home page: search results for the query in the hash, or the whole atlas when it is empty.

use leptos::prelude::*;

use atlas_search::Facet;
use atlas_view::results::FACET_VALUES;

use crate::route::Page;
use crate::search::HitRow;
use crate::state::{RouteCtx, SearchCtx};

/// `#/` and `#/?q=…`.
#[component]
pub fn HomePage() -> impl IntoView {
    let ctx = RouteCtx::get();
    let search = SearchCtx::get();
    let query = Memo::new(move |_| {
        ctx.0.with(|r| match &r.page {
            Page::Home { q, .. } => q.trim().to_owned(),
            _ => String::new(),
        })
    });
    let filtered = move || {
        ctx.0
            .with(|r| matches!(&r.page, Page::Home { filters, .. } if !filters.is_empty()))
    };
    let summary = move || {
        let n = search.results.with(|r| r.total);
        let q = query.get();
        let scope = if filtered() {
            " with these filters"
        } else {
            ""
        };
        match (q.is_empty(), n) {
            (true, _) if !filtered() => format!("{n} assets in this atlas"),
            (true, 1) => format!("1 asset{scope}"),
            (true, n) => format!("{n} assets{scope}"),
            (false, 0) => format!("No asset matches “{q}”{scope}"),
            (false, 1) => format!("1 asset matches “{q}”{scope}"),
            (false, n) => format!("{n} assets match “{q}”{scope}"),
        }
    };
    view! {
        <div class="home">
            <FacetPanel />
            <section class="home-results" aria-labelledby="results-h">
            <h1 id="results-h" class="results-summary" data-testid="results-summary" aria-live="polite">
                {summary}
            </h1>
            <Show when=move || search.hits.with(|h| h.is_empty()) || query.with(|q| q.is_empty())>
                <Suggestions />
            </Show>
            <ol id="results" class="results" data-testid="results">
                <For
                    each=move || search.hits.get().into_iter().enumerate()
                    key=|(i, row)| (*i, row.asset_id.clone(), row.matched_text.clone(), row.highlight.clone())
                    children=move |(i, row)| view! { <ResultItem idx=i row=row /> }
                />
            </ol>
            </section>
        </div>
    }
}

/// Facet counts over the current matches; each value toggles a filter in the URL, so a
/// filtered view is a link.
#[component]
fn FacetPanel() -> impl IntoView {
    let ctx = RouteCtx::get();
    let search = SearchCtx::get();
    let current = move || {
        ctx.0.with(|r| match &r.page {
            Page::Home { q, filters } => (q.clone(), filters.clone()),
            _ => (String::new(), Vec::new()),
        })
    };
    let clear = move || {
        let (q, _) = current();
        ctx.href(Page::Home {
            q,
            filters: Vec::new(),
        })
    };
    view! {
        <aside class="facets" aria-label="Filters" data-testid="facets">
            <Show when=move || !current().1.is_empty()>
                <a class="clear-filters" href=clear data-testid="clear-filters">"Clear filters"</a>
            </Show>
            {Facet::ALL
                .into_iter()
                .map(|facet| {
                    let counts = move || search.results.with(|r| r.facets.get(facet).to_vec());
                    view! {
                        <Show when=move || !counts().is_empty()>
                            <section class="facet" data-testid=format!("facet-{}", facet.key())>
                                <h2>{facet.label()}</h2>
                                <ul>
                                    {move || {
                                        let (q, filters) = current();
                                        counts()
                                            .into_iter()
                                            .take(FACET_VALUES)
                                            .map(|c| {
                                                let pair = (facet.key().to_owned(), c.value.clone());
                                                let selected = filters.contains(&pair);
                                                let mut next = filters.clone();
                                                if selected {
                                                    next.retain(|f| f != &pair);
                                                } else {
                                                    next.push(pair);
                                                }
                                                let href = ctx.href(Page::Home { q: q.clone(), filters: next });
                                                view! {
                                                    <li>
                                                        <a href=href class="facet-value" class:selected=selected aria-current=selected.then_some("true")>
                                                            <span class="facet-name">{c.value.clone()}</span>
                                                            <span class="facet-count">{c.count}</span>
                                                        </a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </ul>
                            </section>
                        </Show>
                    }
                })
                .collect_view()}
        </aside>
    }
}

/// One result: the name, what matched (highlighted) when it is not the name, and a summary.
#[component]
fn ResultItem(idx: usize, row: HitRow) -> impl IntoView {
    let ctx = RouteCtx::get();
    let search = SearchCtx::get();
    let href = ctx.href(Page::Asset(row.asset_id.clone()));
    let active = move || search.active.get() == Some(idx);
    let detail = [
        (!row.companies.is_empty()).then(|| row.companies.join(", ")),
        (!row.targets.is_empty()).then(|| row.targets.join(" × ")),
        row.modality.clone(),
        row.phase.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let matched = (row.matched_field != "name").then(|| {
        view! {
            <span class="matched">
                <span class="matched-field">{row.matched_field.clone()} ": "</span>
                <Highlighted text=row.matched_text.clone() ranges=row.highlight.clone() />
            </span>
        }
    });
    let name = if row.matched_field == "name" {
        view! { <Highlighted text=row.name.clone() ranges=row.highlight.clone() /> }.into_any()
    } else {
        row.name.clone().into_any()
    };
    view! {
        <li id=format!("result-{idx}") class="result" class:active=active data-testid="result">
            <a href=href class="result-name">{name}</a>
            {row.comparator.then(|| view! { <span class="badge">"comparator"</span> })}
            {matched}
            <span class="result-detail">{detail}</span>
            <CompareArmsLink arm_ids=row.arm_ids.clone() />
        </li>
    }
}

/// "Compare its N arms": a comparison of every arm of the asset's trials, from the results.
#[component]
fn CompareArmsLink(arm_ids: Vec<String>) -> impl IntoView {
    let ctx = RouteCtx::get();
    (!arm_ids.is_empty()).then(|| {
        let label = match arm_ids.len() {
            1 => "Compare its arm".to_owned(),
            n => format!("Compare its {n} arms"),
        };
        let href = ctx.href(Page::Compare {
            arms: arm_ids,
            subgroup: None,
        });
        view! { <a class="result-compare" href=href data-testid="result-compare">{label}</a> }
    })
}

/// Text with byte ranges wrapped in `<mark>`; ranges that do not fit the text are ignored.
#[component]
pub fn Highlighted(text: String, ranges: Vec<(usize, usize)>) -> impl IntoView {
    let mut parts = Vec::new();
    let mut pos = 0;
    let mut ranges = ranges;
    ranges.sort_unstable();
    for (a, b) in ranges {
        if a < pos
            || b <= a
            || b > text.len()
            || !text.is_char_boundary(a)
            || !text.is_char_boundary(b)
        {
            continue;
        }
        parts.push((text[pos..a].to_owned(), false));
        parts.push((text[a..b].to_owned(), true));
        pos = b;
    }
    parts.push((text[pos..].to_owned(), false));
    parts
        .into_iter()
        .filter(|(s, _)| !s.is_empty())
        .map(|(s, marked)| {
            if marked {
                view! { <mark>{s}</mark> }.into_any()
            } else {
                s.into_any()
            }
        })
        .collect_view()
}

/// Example searches built from the dataset itself, so they always find something.
#[component]
fn Suggestions() -> impl IntoView {
    let ctx = RouteCtx::get();
    let suggestions = crate::search::suggestions();
    (!suggestions.is_empty()).then(|| {
        view! {
            <nav class="suggestions" aria-label="Suggested searches" data-testid="suggestions">
                <span>"Try: "</span>
                {suggestions
                    .into_iter()
                    .map(|s| {
                        let href = ctx.href(Page::Home { q: s.clone(), filters: Vec::new() });
                        view! { <a class="chip" href=href>{s}</a> }
                    })
                    .collect_view()}
            </nav>
        }
    })
}
