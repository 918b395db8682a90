//! The asset page: who owns it, what it hits, where it stands, how its arms did — every value
//! with its source marker.

use atlas_model::{
    evidence_for, highest_phase, Arm, ArmResult, Asset, Dataset, Event, OutcomeMeasure, Trial,
};
use atlas_view::compare::trial_comparison_arms;
use atlas_view::entity::EntityKind;
use atlas_view::labels::is_landmark;
use leptos::either::Either;
use leptos::prelude::*;

use crate::components::endpoint::EndpointName;
use crate::components::nav::CompareTray;
use crate::components::source::{FirstSource, NewBadge, SourceMarker};
use crate::format;
use crate::pages::entity::{entity_href, EventItem};
use crate::pages::not_found::NotFound;
use crate::route::Page;
use crate::state::RouteCtx;

/// `#/asset/<id>`.
#[component]
pub fn AssetPage(asset_id: String) -> impl IntoView {
    let Ok(bundle) = crate::data::current() else {
        return Either::Left(view! { <NotFound what=format!("/asset/{asset_id}") /> });
    };
    let ds = &bundle.dataset;
    let Some(asset) = ds.asset(&asset_id) else {
        return Either::Left(view! { <NotFound what=format!("/asset/{asset_id}") /> });
    };
    Either::Right(view! {
        <article class="asset" data-testid="asset-page">
            <AssetHeader ds=ds asset=asset />
            <AssetFacts ds=ds asset=asset />
            <Timeline ds=ds asset_id=asset.id.clone() />
            <Trials ds=ds asset_id=asset.id.clone() />
            <Documents ds=ds asset_id=asset.id.clone() />
        </article>
    })
}

#[component]
fn AssetHeader<'a>(ds: &'a Dataset, asset: &'a Asset) -> impl IntoView {
    let phase = highest_phase(ds, &asset.id);
    view! {
        <header class="asset-header">
            <h1>
                <span data-testid="asset-name">{asset.name.clone()}</span>
                <FirstSource evidence=evidence_for(&asset.evidence, &asset.name).cloned() />
            </h1>
            <ul class="aliases" aria-label="Also known as" data-testid="aliases">
                {asset
                    .aliases
                    .iter()
                    .map(|alias| {
                        view! {
                            <li class="chip">
                                {alias.clone()}
                                <FirstSource evidence=evidence_for(&asset.evidence, alias).cloned() />
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="badges">
                {asset.comparator.then(|| view! { <span class="badge">"comparator"</span> })}
                {crate::data::is_local(&asset.id).then(|| view! {
                    <span class="badge local" data-testid="local-badge">"local — not in the published atlas"</span>
                })}
                {phase.map(|p| view! { <span class="badge phase">{p}</span> })}
            </p>
        </header>
    }
}

#[component]
fn AssetFacts<'a>(ds: &'a Dataset, asset: &'a Asset) -> impl IntoView {
    let _ = ds;
    let ctx = RouteCtx::get();
    let ev = &asset.evidence;
    let row = |label: &'static str, values: Vec<String>| {
        (!values.is_empty()).then(|| {
            view! {
                <dt>{label}</dt>
                <dd>
                    <ul class="values">
                        {values
                            .into_iter()
                            .map(|v| {
                                let e = evidence_for(ev, &v).cloned();
                                view! { <li>{v}<FirstSource evidence=e /></li> }
                            })
                            .collect_view()}
                    </ul>
                </dd>
            }
        })
    };
    let companies: Vec<(String, String)> = asset
        .companies
        .iter()
        .map(|c| (c.name.clone(), c.role.clone()))
        .collect();
    let company_evidence: Vec<_> = asset
        .companies
        .iter()
        .map(|c| evidence_for(ev, &c.name).cloned())
        .collect();
    view! {
        <dl class="facts" data-testid="asset-facts">
            {(!companies.is_empty())
                .then(|| {
                    view! {
                        <dt>"Companies"</dt>
                        <dd>
                            <ul class="values">
                                {companies
                                    .into_iter()
                                    .zip(company_evidence)
                                    .map(|((name, role), e)| {
                                        let href = entity_href(ctx, EntityKind::Company, &name);
                                        view! {
                                            <li>
                                                <a href=href data-testid="company-link">{name}</a>
                                                " (" {role} ")"
                                                <FirstSource evidence=e />
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </dd>
                    }
                })}
            {(!asset.targets.is_empty())
                .then(|| {
                    view! {
                        <dt>"Targets"</dt>
                        <dd>
                            <ul class="values">
                                {asset
                                    .targets
                                    .iter()
                                    .map(|t| {
                                        let e = evidence_for(ev, t).cloned();
                                        let href = entity_href(ctx, EntityKind::Target, t);
                                        view! {
                                            <li>
                                                <a href=href data-testid="target-link">{t.clone()}</a>
                                                <FirstSource evidence=e />
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </dd>
                    }
                })}
            {row("Modality", asset.modality.iter().cloned().collect())}
            {row("Mechanism", asset.mechanism.iter().cloned().collect())}
            {row("Claims", asset.claims.clone())}
        </dl>
    }
}

/// Designations, INDs, deals and milestones, oldest first, undated last.
#[component]
fn Timeline<'a>(ds: &'a Dataset, asset_id: String) -> impl IntoView {
    let mut events: Vec<&Event> = ds.events_of(&asset_id);
    if events.is_empty() {
        return None;
    }
    // Precision-aware: `2025` before `2025-10` before `2025-10-04`, undated last.
    atlas_view::timeline::sort_events(&mut events);
    Some(view! {
        <section class="timeline" aria-labelledby="timeline-h">
            <h2 id="timeline-h">"Timeline"</h2>
            <ol data-testid="timeline">
                {events
                    .into_iter()
                    .map(|e| view! { <EventItem ds=ds event=e show_asset=false /> })
                    .collect_view()}
            </ol>
        </section>
    })
}

#[component]
fn Trials<'a>(ds: &'a Dataset, asset_id: String) -> impl IntoView {
    let trials: Vec<&Trial> = ds.trials_of(&asset_id);
    if trials.is_empty() {
        return None;
    }
    Some(view! {
        <section class="trials" aria-labelledby="trials-h">
            <h2 id="trials-h">"Trials"</h2>
            {trials.into_iter().map(|t| view! { <TrialCard trial=t /> }).collect_view()}
        </section>
    })
}

#[component]
fn TrialCard<'a>(trial: &'a Trial) -> impl IntoView {
    let title = format::trial_title(trial);
    let facts: Vec<(&'static str, String, Option<&'static str>)> = [
        ("Phase", trial.phase.clone()),
        ("Design", trial.design.clone()),
        ("Setting", trial.setting.clone()),
        ("Population", trial.population.clone()),
        ("Enrollment", trial.enrollment.map(|n| n.to_string())),
        (
            "Data cutoff",
            trial.data_cutoff.as_deref().map(format::date),
        ),
        ("Median follow-up", trial.median_follow_up.clone()),
        (
            "Countries",
            (!trial.countries.is_empty()).then(|| trial.countries.join(", ")),
        ),
        ("Starting dose", trial.starting_dose.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    // The starting dose carries its own source marker and test id (one row type for all, so
    // the view stays one type: the wasm has a size budget).
    .map(|(k, v)| (k, v, (k == "Starting dose").then_some("starting-dose")))
    .collect();
    view! {
        <article class="trial" data-testid="trial">
            <h3>
                {title}
                <FirstSource evidence=trial.evidence.first().cloned() />
            </h3>
            {(!trial.registry_ids.is_empty()).then(|| view! {
                <p class="registry">
                    {trial.registry_ids.iter().map(|id| {
                        let url = registry_url(id);
                        view! { <a href=url rel="noopener" target="_blank">{id.clone()}</a> " " }
                    }).collect_view()}
                </p>
            })}
            <dl class="facts">
                {facts.into_iter().map(|(k, v, test_id)| {
                    let e = test_id.and_then(|_| evidence_for(&trial.evidence, &v)).cloned();
                    view! { <dt>{k}</dt><dd><span data-testid=test_id>{v}</span><FirstSource evidence=e /></dd> }
                }).collect_view()}
            </dl>
            {(!trial.outcome_measures.is_empty()).then(|| view! { <OutcomeMeasures trial=trial /> })}
            <CompareTrialLink trial=trial />
            {trial.arms.iter().map(|arm| view! { <ArmTable arm=arm /> }).collect_view()}
            {(!trial.comparisons.is_empty()).then(|| view! { <Comparisons trial=trial /> })}
        </article>
    }
}

/// A registry record's outcome measures, primary then secondary, each with its time frame;
/// collapsed, since a record lists dozens.
#[component]
fn OutcomeMeasures<'a>(trial: &'a Trial) -> impl IntoView {
    let measures = &trial.outcome_measures;
    // Primary, secondary, then any other kind a record states, each in the record's order.
    let mut kinds: Vec<&str> = vec!["primary", "secondary"];
    for m in measures {
        if !kinds.contains(&m.kind.as_str()) {
            kinds.push(&m.kind);
        }
    }
    let count = |kind: &str| measures.iter().filter(|m| m.kind == kind).count();
    let summary = format!(
        "Outcome measures ({} primary, {} secondary{})",
        count("primary"),
        count("secondary"),
        match measures.len() - count("primary") - count("secondary") {
            0 => String::new(),
            n => format!(", {n} other"),
        }
    );
    view! {
        <details class="outcomes" data-testid="outcome-measures">
            <summary>{summary}</summary>
            {kinds
                .into_iter()
                .filter_map(|kind| {
                    let items: Vec<&OutcomeMeasure> =
                        measures.iter().filter(|m| m.kind == kind).collect();
                    (!items.is_empty()).then(|| view! { <OutcomeList kind=kind items=items /> })
                })
                .collect_view()}
        </details>
    }
}

#[component]
fn OutcomeList<'a>(kind: &'a str, items: Vec<&'a OutcomeMeasure>) -> impl IntoView {
    let heading = match kind {
        "primary" => "Primary".to_owned(),
        "secondary" => "Secondary".to_owned(),
        other => other.to_owned(),
    };
    let kind = kind.to_owned();
    // Absent parts render empty and are hidden by CSS (`:empty`), which keeps one view type
    // per row instead of an optional one per part.
    view! {
        <h4>{heading}</h4>
        <ol class="outcome-list">
            {items.into_iter().map(|m| view! {
                <li data-testid="outcome-measure" data-kind=kind.clone()>
                    <span class="outcome-title">{m.title.clone()}</span>
                    <span class="outcome-description">{m.description.clone().unwrap_or_default()}</span>
                    <span class="outcome-time" data-testid="outcome-time">
                        {m.time_frame.as_deref().map(|t| format!("Time frame: {t}")).unwrap_or_default()}
                    </span>
                </li>
            }).collect_view()}
        </ol>
    }
}

/// Hazard and odds ratios between the trial's arms, each with its source.
#[component]
fn Comparisons<'a>(trial: &'a Trial) -> impl IntoView {
    view! {
        <section class="arm" data-testid="comparisons">
            <h4>"Between arms"</h4>
            <ul class="comparisons">
                {trial.comparisons.iter().map(|c| {
                    let value = c.value.map(format::number).unwrap_or_else(|| "—".to_owned());
                    let ci = c.ci_low.zip(c.ci_high).map(|(lo, hi)| {
                        format!(" (95% CI {}–{})", format::number(lo), format::number(hi))
                    });
                    let subgroup = c.subgroup.clone().map(|g| format!(", {g}"));
                    view! {
                        <li data-testid="comparison">
                            <EndpointName code=c.measure.clone() timepoint=None /> " " {value} {ci} {subgroup}
                            {c.evidence.iter().cloned().map(|e| view! { <SourceMarker evidence=e /> }).collect_view()}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// "Compare the arms of this trial": its own arms plus the comparator arms its documents cite.
#[component]
fn CompareTrialLink<'a>(trial: &'a Trial) -> impl IntoView {
    let ctx = RouteCtx::get();
    let bundle = crate::data::current().ok()?;
    let arms = trial_comparison_arms(&bundle.dataset, &trial.id);
    let n_own = trial.arms.len();
    let n_cited = arms.len().saturating_sub(n_own);
    // One arm and nothing cited beside it is not a comparison.
    if arms.len() < 2 {
        return None;
    }
    let note = match n_cited {
        0 => format!("{n_own} arms"),
        1 => format!(
            "{n_own} arm{} + 1 cited comparator arm",
            if n_own == 1 { "" } else { "s" }
        ),
        n => format!(
            "{n_own} arm{} + {n} cited comparator arms",
            if n_own == 1 { "" } else { "s" }
        ),
    };
    let href = ctx.href(Page::Compare {
        arms,
        subgroup: None,
    });
    Some(view! {
        <p class="compare-trial">
            <a href=href class="button" data-testid="compare-trial">"Compare the arms of this trial"</a>
            " "
            <span class="meta">{note}</span>
        </p>
    })
}

/// A plain link to the public registry record (the page itself stays offline).
fn registry_url(id: &str) -> String {
    if id.starts_with("NCT") {
        format!("https://clinicaltrials.gov/study/{id}")
    } else {
        format!("https://trialsearch.who.int/Trial2.aspx?TrialID={id}")
    }
}

#[component]
fn ArmTable<'a>(arm: &'a Arm) -> impl IntoView {
    let n = arm.n.map(|n| format!("n = {n}")).unwrap_or_default();
    view! {
        <section class="arm" data-testid="arm">
            <div class="arm-title">
                <h4>
                    {arm.label.clone()}
                    " "
                    <span class="arm-n">{n}</span>
                    <FirstSource evidence=arm.evidence.first().cloned() />
                </h4>
                <AddToComparison arm=arm />
            </div>
            {arm.regimen.clone().map(|r| view! { <p class="regimen">{r}</p> })}
            {(!arm.results.is_empty()).then(|| view! {
                <table class="results">
                    <thead>
                        <tr>
                            <th scope="col">"Endpoint"</th>
                            <th scope="col">"Value"</th>
                            <th scope="col">"95% CI"</th>
                            <th scope="col">"n"</th>
                            <th scope="col">"Subgroup"</th>
                            <th scope="col">"Source"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {arm.results.iter().map(|r| view! { <ResultRow arm_id=&arm.id result=r /> }).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}

/// A toggle that puts the arm into (or takes it out of) the comparison tray.
#[component]
fn AddToComparison<'a>(arm: &'a Arm) -> impl IntoView {
    let tray = CompareTray::get();
    let arm_id = arm.id.clone();
    let selected = {
        let arm_id = arm_id.clone();
        move || tray.contains(&arm_id)
    };
    view! {
        <button
            type="button"
            class="toggle"
            class:on=selected.clone()
            aria-pressed=move || selected().to_string()
            data-testid="add-to-compare"
            on:click=move |_| tray.toggle(&arm_id)
        >
            "Add "
            <span class="visually-hidden">{arm.label.clone()} " "</span>
            "to comparison"
        </button>
    }
}

#[component]
fn ResultRow<'a>(arm_id: &'a str, result: &'a ArmResult) -> impl IntoView {
    let new = crate::changes::is_new_result(arm_id, &result.endpoint);
    let ci = format::ci(result);
    let derived_ci = result.ci_source.as_deref() == Some("derived");
    let derived_note = result
        .derived_from
        .map(|d| format!("derived from {}/{}", d.k, d.n));
    view! {
        <tr class:cited=result.cited class:derived=result.derived data-testid="result-row">
            <th scope="row">
                <EndpointName code=result.endpoint.clone() timepoint=result.timepoint.clone() />
                {result
                    .timepoint
                    .clone()
                    .filter(|_| !is_landmark(&result.endpoint))
                    .map(|t| view! { <span class="timepoint">" @ " {t}</span> })}
                {result.cited.then(|| view! { <span class="badge">"cited"</span> })}
                {new.then(|| view! { <NewBadge /> })}
            </th>
            <td class="num">
                {format::value(result)}
                {result.derived.then(|| view! { <span class="badge derived">"derived"</span> })}
            </td>
            <td class="num">
                {ci}
                {derived_ci.then(|| view! { <span class="badge derived" title=derived_note.clone()>"derived"</span> })}
                {derived_note.clone().filter(|_| derived_ci).map(|t| view! { <span class="derived-from">{t}</span> })}
            </td>
            <td class="num">{result.n.map(|n| n.to_string())}</td>
            <td>{result.subgroup.clone()}</td>
            <td>{result.evidence.iter().cloned().map(|e| view! { <SourceMarker evidence=e /> }).collect_view()}</td>
        </tr>
    }
}

#[component]
fn Documents<'a>(ds: &'a Dataset, asset_id: String) -> impl IntoView {
    let ctx = RouteCtx::get();
    let mut docs = ds.documents_of(&asset_id);
    // Newest first; undated documents last, in the order the facts cite them.
    docs.sort_by(|a, b| {
        let date = |id: &str| ds.document(id).and_then(|d| d.published.clone());
        match (date(a), date(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
    view! {
        <section class="documents" aria-labelledby="docs-h">
            <h2 id="docs-h">"Sources" <span class="meta">" (newest first)"</span></h2>
            <ul data-testid="asset-documents">
                {docs
                    .into_iter()
                    .map(|doc_id| {
                        let doc = ds.document(&doc_id);
                        let title = doc.and_then(|d| d.title.clone()).unwrap_or_else(|| doc_id.clone());
                        let meta = doc
                            .map(|d| {
                                [d.publisher.clone(), d.published.as_deref().map(format::date), d.kind.clone()]
                                    .into_iter()
                                    .flatten()
                                    .collect::<Vec<_>>()
                                    .join(" · ")
                            })
                            .unwrap_or_default();
                        let href = ctx.href(Page::Doc { doc_id, highlight: None });
                        view! {
                            <li>
                                <a href=href>{title}</a>
                                " "
                                <span class="meta">{meta}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
