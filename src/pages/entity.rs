//! `#/company/<slug>`, `#/target/<slug>`, `#/indication/<slug>`: one company, target or
//! indication with its assets and its events, each linked and sourced.

use atlas_model::{evidence_for, highest_phase, Dataset, Event};
use atlas_search::{Facet, Filters};
use atlas_view::entity::{Entity, EntityKind};
use leptos::either::Either;
use leptos::prelude::*;

use crate::components::source::{FirstSource, NewBadge, SourceMarker};
use crate::format;
use crate::pages::not_found::NotFound;
use crate::route::Page;
use crate::state::RouteCtx;

/// The `href` of an entity page for a name as the dataset spells it.
pub fn entity_href(ctx: RouteCtx, kind: EntityKind, name: &str) -> String {
    ctx.href(Page::Entity {
        kind,
        slug: atlas_model::slug(name),
    })
}

/// One company, target or indication.
#[component]
pub fn EntityPage(kind: EntityKind, slug: String) -> impl IntoView {
    if crate::data::sharded() {
        return sharded_entity(kind, slug).into_any();
    }
    // The data shown now (the curation's merged atlas after a swap, which re-renders this
    // page), held while rendering only: the entity index is built from it and goes with it.
    let Ok(index) = crate::data::index() else {
        return view! { <NotFound what=format!("/{}/{slug}", kind.as_str()) /> }.into_any();
    };
    let Some(entity) = index.entities().get(kind, &slug) else {
        return view! { <NotFound what=format!("/{}/{slug}", kind.as_str()) /> }.into_any();
    };
    let ds = &index.bundle().dataset;
    let n_assets = entity.assets.len();
    let n_events = entity.events.len();
    let summary = format!(
        "{n_assets} asset{} · {n_events} event{}",
        if n_assets == 1 { "" } else { "s" },
        if n_events == 1 { "" } else { "s" }
    );
    (view! {
        <article class="entity" data-testid="entity-page" data-kind=kind.as_str()>
            <header class="entity-header">
                <p class="entity-kind">{kind.label()}</p>
                <h1 data-testid="entity-name">{entity.name.clone()}</h1>
                <p class="meta">{summary}</p>
            </header>
            <EntityAssets ds=ds entity=entity />
            <EntityEvents ds=ds entity=entity />
        </article>
    })
    .into_any()
}

/// In a sharded atlas an entity page is the search filtered to it (the index knows every
/// asset's companies, targets and indications; the events would take every asset's shard).
fn sharded_entity(kind: EntityKind, slug: String) -> impl IntoView {
    let facet = match kind {
        EntityKind::Company => Facet::Company,
        EntityKind::Target => Facet::Target,
        EntityKind::Indication => Facet::Indication,
    };
    let value = crate::data::index().ok().and_then(|index| {
        let all = index.search_page("", &Filters::new(), 0).facets;
        all.get(facet)
            .iter()
            .find(|c| atlas_model::slug(&c.value) == slug)
            .map(|c| c.value.clone())
    });
    let Some(value) = value else {
        return view! { <NotFound what=format!("/{}/{slug}", kind.as_str()) /> }.into_any();
    };
    let ctx = RouteCtx::get();
    // After this render, not during it: the route signal drives the render.
    leptos::task::spawn_local(async move {
        ctx.replace(Page::Home {
            q: String::new(),
            filters: vec![(facet.key().to_owned(), value)],
        });
    });
    view! { <p class="loading">"Loading…"</p> }.into_any()
}

#[component]
fn EntityAssets<'a>(ds: &'a Dataset, entity: &'a Entity) -> impl IntoView {
    let ctx = RouteCtx::get();
    let role_column = entity.kind == EntityKind::Company;
    view! {
        <section aria-labelledby="entity-assets-h">
            <h2 id="entity-assets-h">"Assets"</h2>
            <div class="table-scroll">
                <table class="results entity-assets" data-testid="entity-assets">
                    <thead>
                        <tr>
                            <th scope="col">"Asset"</th>
                            {role_column.then(|| view! { <th scope="col">"Role"</th> })}
                            <th scope="col">"Companies"</th>
                            <th scope="col">"Targets"</th>
                            <th scope="col">"Modality"</th>
                            <th scope="col">"Highest phase"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {entity
                            .assets
                            .iter()
                            .filter_map(|ea| ds.asset(&ea.asset_id).map(|a| (ea, a)))
                            .map(|(ea, asset)| {
                                let href = ctx.href(Page::Asset(asset.id.clone()));
                                let role = ea.role.clone().unwrap_or_default();
                                let role_evidence = evidence_for(&asset.evidence, &entity.name).cloned();
                                view! {
                                    <tr data-testid="entity-asset">
                                        <th scope="row">
                                            <a href=href>{asset.name.clone()}</a>
                                            {asset.comparator.then(|| view! { <span class="badge">"comparator"</span> })}
                                            {crate::data::is_local(&asset.id).then(|| view! {
                                                <span class="badge local" data-testid="local-badge" title="not in the published atlas">"local"</span>
                                            })}
                                        </th>
                                        {role_column.then(|| view! { <td>{role}<FirstSource evidence=role_evidence /></td> })}
                                        <td>
                                            <EntityLinks kind=EntityKind::Company names=asset.companies.iter().map(|c| c.name.clone()).collect() />
                                        </td>
                                        <td><EntityLinks kind=EntityKind::Target names=asset.targets.clone() /></td>
                                        <td>{asset.modality.clone()}</td>
                                        <td>{highest_phase(ds, &asset.id)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// Names as links to their entity pages, comma-separated.
#[component]
pub fn EntityLinks(kind: EntityKind, names: Vec<String>) -> impl IntoView {
    let ctx = RouteCtx::get();
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let href = entity_href(ctx, kind, &name);
            view! {
                {(i > 0).then_some(", ")}
                <a href=href>{name}</a>
            }
        })
        .collect_view()
}

#[component]
fn EntityEvents<'a>(ds: &'a Dataset, entity: &'a Entity) -> impl IntoView {
    let events: Vec<&'a Event> = entity
        .events
        .iter()
        .filter_map(|&event_idx| ds.events.get(event_idx))
        .collect();
    view! {
        <section class="timeline" aria-labelledby="entity-events-h">
            <h2 id="entity-events-h">"Events"</h2>
            {if events.is_empty() {
                Either::Left(view! { <p class="meta">"No dated designations, deals or milestones in this atlas."</p> })
            } else {
                Either::Right(view! {
                    <ol data-testid="entity-events">
                        {events.into_iter().map(|e| view! { <EventItem ds=ds event=e /> }).collect_view()}
                    </ol>
                })
            }}
        </section>
    }
}

/// One event line: date (to the source's precision), kind, title, asset, agency, indication,
/// parties, and a source marker per report. Shared with the timeline and asset pages (the
/// asset page leaves the asset out: `show_asset=false`).
#[component]
pub fn EventItem<'a>(
    ds: &'a Dataset,
    event: &'a Event,
    #[prop(default = true)] show_asset: bool,
) -> impl IntoView {
    let ctx = RouteCtx::get();
    let e = event;
    let date = e
        .date
        .as_deref()
        .map(format::date)
        .unwrap_or_else(|| "undated".to_owned());
    let asset = e
        .asset
        .as_deref()
        .filter(|_| show_asset)
        .and_then(|id| ds.asset(id))
        .map(|a| {
            let href = ctx.href(Page::Asset(a.id.clone()));
            view! { <a class="event-asset" href=href>{a.name.clone()}</a> }
        });
    let indication = e.indication.clone().map(|i| {
        let href = entity_href(ctx, EntityKind::Indication, &i);
        view! { <a class="event-detail" href=href>{i}</a> }
    });
    let parties = (!e.parties.is_empty()).then(|| {
        view! {
            <span class="event-detail">
                <EntityLinks kind=EntityKind::Company names=e.parties.clone() />
            </span>
        }
    });
    view! {
        <li class=format!("event {}", e.kind.as_str()) data-testid="event">
            <time datetime=e.date.clone()>{date}</time>
            <span class="event-kind">{e.kind.as_str()}</span>
            {asset}
            <span class="event-title">{e.title.clone()}</span>
            {crate::changes::is_new_event(&e.id).then(|| view! { <NewBadge /> })}
            {indication}
            {parties}
            {e.evidence.iter().cloned().map(|ev| view! { <SourceMarker evidence=ev /> }).collect_view()}
        </li>
    }
}
