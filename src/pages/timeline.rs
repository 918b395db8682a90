//! `#/timeline?kind=…&agency=…&asset=…`: every designation, IND, approval, deal and milestone,
//! in date order to the precision each source gives, filtered by selects whose state is the URL.

use std::sync::Arc;

use atlas_model::{Bundle, Family};
use atlas_view::timeline::{agencies, kind_from_str, kinds, timeline, TimelineFilter};
use leptos::prelude::*;

use crate::pages::entity::EventItem;
use crate::route::Page;
use crate::state::RouteCtx;

/// At most this many events are rendered at once; the count says how many there are.
const MAX_SHOWN: usize = 500;

/// The filter fields of the current route.
#[derive(Clone, Debug, Default, PartialEq)]
struct Params {
    kind: Option<String>,
    agency: Option<String>,
    asset: Option<String>,
}

/// The timeline. In a sharded atlas it reads the timeline shard (the newest events), or the
/// shard of the asset it is filtered to.
#[component]
pub fn TimelinePage() -> impl IntoView {
    let ctx = RouteCtx::get();
    let asset = Memo::new(move |_| {
        ctx.0.with(|r| match &r.page {
            Page::Timeline { asset, .. } => asset.clone(),
            _ => None,
        })
    });
    crate::data::with_data(
        move || match asset.get() {
            Some(id) => vec![(Family::Asset, id)],
            None => vec![(Family::Timeline, String::new())],
        },
        |bundle| view! { <TimelineBody bundle=bundle /> }.into_any(),
    )
}

/// The page over `bundle`, which its event list keeps alive while it is shown.
#[component]
fn TimelineBody(bundle: Arc<Bundle>) -> impl IntoView {
    let ctx = RouteCtx::get();
    let ds = &bundle.dataset;
    let n_slice = ds.events.len();
    // In a sharded atlas without an asset filter, the events are the newest slice: say so.
    let n_all = crate::data::bundle()
        .ok()
        .and_then(|head| head.shards.as_ref().map(|t| t.n_events));
    let params = Memo::new(move |_| {
        ctx.0.with(|r| match &r.page {
            Page::Timeline {
                kind,
                agency,
                asset,
            } => Params {
                kind: kind.clone(),
                agency: agency.clone(),
                asset: asset.clone(),
            },
            _ => Params::default(),
        })
    });
    let set = move |update: &dyn Fn(&mut Params)| {
        let mut p = params.get_untracked();
        update(&mut p);
        ctx.navigate(Page::Timeline {
            kind: p.kind,
            agency: p.agency,
            asset: p.asset,
        });
    };
    let nonempty = |v: String| (!v.is_empty()).then_some(v);

    let kind_options: Vec<(String, String)> = kinds(ds)
        .into_iter()
        .map(|(k, n)| (k.as_str().to_owned(), format!("{} ({n})", k.as_str())))
        .collect();
    let agency_options: Vec<(String, String)> = agencies(ds)
        .into_iter()
        .map(|(a, n)| (a.clone(), format!("{a} ({n})")))
        .collect();
    let mut asset_options: Vec<(String, String)> = ds
        .assets
        .iter()
        .filter(|a| {
            ds.events
                .iter()
                .any(|e| e.asset.as_deref() == Some(a.id.as_str()))
        })
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    asset_options.sort_by_key(|(_, name)| name.to_lowercase());

    // A memo: the list and the count both read it, and sorting a large atlas is not free.
    // It holds indices into the dataset's events.
    let data = bundle.clone();
    let events = Memo::new(move |_| {
        let p = params.get();
        let filter = TimelineFilter {
            kind: p.kind.as_deref().and_then(kind_from_str),
            agency: p.agency.clone(),
            asset: p.asset.clone(),
        };
        timeline(&data.dataset, &filter)
    });
    let count = move || {
        let n = events.with(Vec::len);
        let shown = if n > MAX_SHOWN {
            format!(" (the first {MAX_SHOWN} shown; filter to narrow)")
        } else {
            String::new()
        };
        format!("{n} event{}{shown}", if n == 1 { "" } else { "s" })
    };
    let filtered = move || params.with(|p| *p != Params::default());
    let clear = ctx.href(Page::Timeline {
        kind: None,
        agency: None,
        asset: None,
    });
    view! {
        <article class="timeline-page" data-testid="timeline-page">
            <h1>"Timeline"</h1>
            <form class="filters" aria-label="Filter events" on:submit=|ev| ev.prevent_default()>
                <FilterSelect
                    id="timeline-kind"
                    label="Kind"
                    all="All kinds"
                    options=kind_options
                    value=Signal::derive(move || params.with(|p| p.kind.clone().unwrap_or_default()))
                    on_pick=Callback::new(move |v: String| set(&|p| p.kind = nonempty(v.clone())))
                />
                <FilterSelect
                    id="timeline-agency"
                    label="Agency"
                    all="All agencies"
                    options=agency_options
                    value=Signal::derive(move || params.with(|p| p.agency.clone().unwrap_or_default()))
                    on_pick=Callback::new(move |v: String| set(&|p| p.agency = nonempty(v.clone())))
                />
                <FilterSelect
                    id="timeline-asset"
                    label="Asset"
                    all="All assets"
                    options=asset_options
                    value=Signal::derive(move || params.with(|p| p.asset.clone().unwrap_or_default()))
                    on_pick=Callback::new(move |v: String| set(&|p| p.asset = nonempty(v.clone())))
                />
                <Show when=filtered>
                    <a href=clear.clone() class="clear-filters">"Clear filters"</a>
                </Show>
            </form>
            <p class="meta" aria-live="polite" data-testid="timeline-count">{count}</p>
            {move || {
                let n_all = n_all.filter(|_| params.with(|p| p.asset.is_none()))?;
                let text = format!(
                    "These are the newest {n_slice} of {n_all} events; every event of one asset is on its page and under the Asset filter."
                );
                Some(view! { <p class="meta" data-testid="timeline-slice">{text}</p> })
            }}
            <section class="timeline" aria-label="Events">
                <ol data-testid="timeline-events">
                    {move || {
                        let ds = &bundle.dataset;
                        events
                            .get()
                            .into_iter()
                            .take(MAX_SHOWN)
                            .map(|i| view! { <EventItem ds=ds event=&ds.events[i] /> })
                            .collect_view()
                    }}
                </ol>
            </section>
        </article>
    }
}

/// A labelled `<select>` with an "all" option; picking a value calls `on_pick` ("" for all).
#[component]
fn FilterSelect(
    id: &'static str,
    label: &'static str,
    all: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] value: Signal<String>,
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                data-testid=id
                prop:value=move || value.get()
                on:change=move |ev| on_pick.run(event_target_value(&ev))
            >
                <option value="">{all}</option>
                {options
                    .into_iter()
                    .map(|(v, text)| {
                        let selected = {
                            let v = v.clone();
                            move || value.get() == v
                        };
                        view! { <option value=v selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
