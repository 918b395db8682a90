//! `#/compare?arms=…&sub=…`: arms from any trials side by side — an endpoints × arms table with
//! each figure's n, 95% interval (reported, or derived and labelled so) and source, a subgroup
//! selector, a forest plot per rate endpoint and a CSV export. The selection is the URL.

use atlas_model::shard::trial_of_arm;
use atlas_model::Family;
use atlas_view::compare::{
    compare, ArmColumn, Cell, CiSource, Comparison, Forest, Row, SubgroupFilter,
};
use atlas_view::export::{comparison_csv, derived_note};
use atlas_view::labels::{endpoint_label, is_landmark};
use leptos::prelude::*;

use crate::components::endpoint::EndpointName;
use crate::components::nav::{download, CompareTray};
use crate::components::source::SourceMarker;
use crate::format;
use crate::route::Page;
use crate::state::RouteCtx;

/// The most arms a comparison shows: each may need its own trial shard, and a link naming
/// thousands would fetch and merge them all.
pub const MAX_ARMS: usize = 24;

/// The arms and subgroup filter of the current route.
#[derive(Clone, Debug, PartialEq)]
struct Selection {
    /// At most [`MAX_ARMS`], the first ones the link names.
    arms: Vec<String>,
    /// How many arms the link named.
    n_named: usize,
    subgroup: Option<String>,
}

/// The first [`MAX_ARMS`] of `arms`.
fn capped(arms: &[String]) -> Vec<String> {
    arms.iter().take(MAX_ARMS).cloned().collect()
}

/// `#/compare`.
#[component]
pub fn ComparePage() -> impl IntoView {
    let ctx = RouteCtx::get();
    let tray = CompareTray::get();
    let selection = Memo::new(move |_| {
        ctx.0.with(|r| match &r.page {
            Page::Compare { arms, subgroup } => Selection {
                arms: capped(arms),
                n_named: arms.len(),
                subgroup: subgroup.clone(),
            },
            _ => Selection {
                arms: Vec::new(),
                n_named: 0,
                subgroup: None,
            },
        })
    });
    // The URL is the selection; the tray follows it so asset pages show what is selected.
    // Ids this atlas does not know (a link from another build) stay out of the tray. In a
    // sharded atlas the arms' trials come from their trial shards.
    let arm_keys = move || {
        selection
            .get()
            .arms
            .iter()
            .map(|a| (Family::Trial, trial_of_arm(a).to_owned()))
            .collect()
    };
    let body = crate::data::with_data(arm_keys, move |bundle| {
        let sel = selection.get();
        let known = sel
            .arms
            .iter()
            .filter(|id| bundle.dataset.arm(id).is_some())
            .cloned()
            .collect();
        tray.set(known);
        let filter = SubgroupFilter::from_param(sel.subgroup.as_deref());
        let cmp = compare(&bundle.dataset, &sel.arms, &filter);
        view! { <ComparisonView cmp=cmp filter=filter /> }.into_any()
    });
    view! {
        <article class="compare" data-testid="compare-page">
            <h1>"Compare trial arms"</h1>
            <p class="caveat" role="note" data-testid="compare-caveat">
                <strong>"Not head-to-head. "</strong>
                "Arms from different trials differ in population, line of therapy, follow-up and "
                "response assessment; side by side is not a comparison of efficacy. Cited figures are "
                "quoted by one document from another trial."
            </p>
            {move || {
                let n_named = selection.with(|s| s.n_named);
                (n_named > MAX_ARMS).then(|| view! {
                    <p class="caveat" role="note" data-testid="compare-capped">
                        "This link names "{n_named}" arms; a comparison shows the first "{MAX_ARMS}"."
                    </p>
                })
            }}
            {body}
        </article>
    }
}

#[component]
fn ComparisonView<'a>(cmp: Comparison<'a>, filter: SubgroupFilter) -> impl IntoView {
    let ctx = RouteCtx::get();
    let unknown = (!cmp.unknown.is_empty()).then(|| {
        view! {
            <p class="notice" role="status" data-testid="compare-unknown">
                "Not in this atlas (the link may be from another build): " {cmp.unknown.join(", ")}
            </p>
        }
    });
    if cmp.columns.is_empty() {
        let home = ctx.href(Page::Home {
            q: String::new(),
            filters: Vec::new(),
        });
        return view! {
            {unknown}
            <p class="empty-state" data-testid="compare-empty">
                "No arms selected. Open an asset, then use “Add to comparison” on its arms or "
                "“Compare the arms of this trial”. "
                <a href=home>"Browse assets"</a>
            </p>
        }
        .into_any();
    }
    let csv = comparison_csv(&cmp);
    let on_clear = move |_| {
        ctx.navigate(Page::Compare {
            arms: Vec::new(),
            subgroup: None,
        })
    };
    let n_arms = cmp.columns.len();
    let forests = cmp.forests();
    let arm_ids = cmp.arm_ids();
    let summary = format!(
        "{n_arms} arm{} from {} trial{}",
        if n_arms == 1 { "" } else { "s" },
        count_trials(&cmp),
        if count_trials(&cmp) == 1 { "" } else { "s" }
    );
    view! {
        {unknown}
        <div class="compare-toolbar">
            <p class="compare-summary" data-testid="compare-summary">{summary}</p>
            <SubgroupSelect
                subgroups=cmp.subgroups.clone()
                has_overall=cmp.has_overall
                filter=filter.clone()
                arm_ids=arm_ids.clone()
            />
            <button type="button" class="button" data-testid="export-csv"
                on:click=move |_| download("pipeline-atlas-comparison.csv", "text/csv;charset=utf-8", &csv)>
                "Export CSV"
            </button>
            <button type="button" class="link-button" data-testid="clear-comparison" on:click=on_clear>
                "Clear all"
            </button>
        </div>
        <div class="table-scroll" tabindex="0" role="region" aria-label="Comparison table">
            <table class="compare-table" data-testid="compare-table">
                <caption class="visually-hidden">"Endpoints by compared arm"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Endpoint"</th>
                        {cmp
                            .columns
                            .iter()
                            .map(|c| view! { <ArmHeader column=c.clone() arm_ids=arm_ids.clone() /> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {cmp.rows.iter().map(|row| view! { <CompareRow row=row.clone() /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {cmp.rows.is_empty().then(|| view! {
            <p class="empty-state">"No results of these arms in this subgroup."</p>
        })}
        {(!forests.is_empty()).then(|| {
            // Within one trial the arm says it all; across trials the trial comes first.
            let one_trial = count_trials(&cmp) == 1;
            let labels: Vec<String> = cmp
                .columns
                .iter()
                .map(|c| if one_trial { c.arm.label.clone() } else { column_label(c) })
                .collect();
            view! {
                <section class="forests" aria-labelledby="forests-h">
                    <h2 id="forests-h">"Rates with 95% intervals"</h2>
                    <p class="legend-note">
                        <span class="legend-swatch reported" aria-hidden="true"></span>"reported interval "
                        <span class="legend-swatch derived" aria-hidden="true"></span>"derived (exact Clopper–Pearson from k/n) "
                        "· a point alone has no interval"
                    </p>
                    <div class="forest-grid">
                        {forests.into_iter().map(|f| view! { <ForestPlot forest=f labels=labels.clone() /> }).collect_view()}
                    </div>
                </section>
            }
        })}
    }
    .into_any()
}

fn count_trials(cmp: &Comparison<'_>) -> usize {
    let mut ids: Vec<&str> = cmp.columns.iter().map(|c| c.trial.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// `KEYNOTE-407 · pembrolizumab + chemotherapy`.
fn column_label(c: &ArmColumn<'_>) -> String {
    format!("{} · {}", c.trial_label, c.arm.label)
}

/// `<select>` of "all results", "overall population" and every subgroup present; choosing
/// one changes the URL.
#[component]
fn SubgroupSelect(
    subgroups: Vec<String>,
    has_overall: bool,
    filter: SubgroupFilter,
    arm_ids: Vec<String>,
) -> impl IntoView {
    let ctx = RouteCtx::get();
    let current = filter.to_param().unwrap_or_default();
    let mut options: Vec<(String, String)> = vec![(String::new(), "All results".to_owned())];
    if has_overall {
        options.push((
            SubgroupFilter::Overall.to_param().unwrap_or_default(),
            "Overall population".to_owned(),
        ));
    }
    options.extend(subgroups.into_iter().map(|s| (s.clone(), s)));
    // A subgroup from a pasted link that these arms do not have still shows as selected.
    if !options.iter().any(|(v, _)| *v == current) {
        options.push((current.clone(), format!("{current} (no results)")));
    }
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        ctx.navigate(Page::Compare {
            arms: arm_ids.clone(),
            subgroup: (!value.is_empty()).then_some(value),
        });
    };
    view! {
        <div class="field">
            <label for="subgroup-select">"Subgroup"</label>
            <select id="subgroup-select" data-testid="subgroup-select" on:change=on_change>
                {options
                    .into_iter()
                    .map(|(value, label)| {
                        let selected = value == current;
                        view! { <option value=value selected=selected>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The column head of one arm: trial, arm, assets, n, and a button that removes it.
#[component]
fn ArmHeader<'a>(column: ArmColumn<'a>, arm_ids: Vec<String>) -> impl IntoView {
    let ctx = RouteCtx::get();
    let arm = column.arm;
    let asset_href = column
        .trial
        .assets
        .first()
        .map(|id| ctx.href(Page::Asset(id.clone())));
    let remaining: Vec<String> = arm_ids.into_iter().filter(|id| *id != arm.id).collect();
    let remove_label = format!("Remove {} from the comparison", column_label(&column));
    let on_remove = move |_| {
        let subgroup = ctx.0.with_untracked(|r| match &r.page {
            Page::Compare { subgroup, .. } => subgroup.clone(),
            _ => None,
        });
        ctx.navigate(Page::Compare {
            arms: remaining.clone(),
            subgroup,
        });
    };
    let assets = column.asset_names.join(" + ");
    view! {
        <th scope="col" class="arm-head" data-testid="compare-arm" data-arm-id=arm.id.clone()>
            <span class="arm-trial">
                {match asset_href {
                    Some(href) => view! { <a href=href>{column.trial_label.clone()}</a> }.into_any(),
                    None => column.trial_label.clone().into_any(),
                }}
            </span>
            <span class="arm-label" data-testid="compare-arm-label">{arm.label.clone()}</span>
            <span class="arm-meta">
                {(!assets.is_empty()).then(|| assets.clone())}
                {arm.n.map(|n| format!(" · n = {n}"))}
                {column.cited.then(|| view! { <span class="badge cited">"cited"</span> })}
            </span>
            <button type="button" class="remove-arm" aria-label=remove_label data-testid="remove-arm" on:click=on_remove>
                "Remove"
            </button>
        </th>
    }
}

#[component]
fn CompareRow<'a>(row: Row<'a>) -> impl IntoView {
    let key = &row.key;
    view! {
        <tr data-testid="compare-row">
            <th scope="row">
                <EndpointName code=key.endpoint.clone() timepoint=key.timepoint.clone() />
                {key.subgroup.clone().map(|s| view! { <span class="subgroup">{s}</span> })}
                {key
                    .timepoint
                    .clone()
                    .filter(|_| !is_landmark(&key.endpoint))
                    .map(|t| view! { <span class="timepoint">{t}</span> })}
            </th>
            {row
                .cells
                .iter()
                .map(|cells| {
                    if cells.is_empty() {
                        view! {
                            <td class="not-reported">
                                <span aria-hidden="true">"—"</span>
                                <span class="visually-hidden">"not reported"</span>
                            </td>
                        }
                        .into_any()
                    } else {
                        view! {
                            <td>
                                {cells.iter().map(|c| view! { <CellView cell=c.clone() /> }).collect_view()}
                            </td>
                        }
                        .into_any()
                    }
                })
                .collect_view()}
        </tr>
    }
}

/// One figure: value, n, interval (labelled derived, with its k/n, when we computed it),
/// flags and source markers.
#[component]
fn CellView<'a>(cell: Cell<'a>) -> impl IntoView {
    let r = cell.result;
    let ci = cell.ci.map(|ci| {
        let derived = matches!(ci.source, CiSource::Derived(_));
        let note = derived_note(&ci);
        view! {
            <span class="ci" data-testid="compare-ci">
                "95% CI "
                <span class="nowrap">{format::number(ci.low)} "–" {format::number(ci.high)}</span>
                {derived.then(|| view! { <span class="badge derived" data-testid="derived-label">"derived"</span> })}
                {note.map(|n| view! { <span class="derived-from" data-testid="derived-from">{n}</span> })}
            </span>
        }
    });
    view! {
        <div class="figure" class:cited=r.cited data-testid="compare-value">
            <span class="value">{format::value(r)}</span>
            {r.derived.then(|| view! { <span class="badge derived">"derived"</span> })}
            {r.cited.then(|| view! { <span class="badge cited">"cited"</span> })}
            {r.evidence.iter().cloned().map(|e| view! { <SourceMarker evidence=e /> }).collect_view()}
            {cell.n.map(|n| view! { <span class="n">"n = " {n}</span> })}
            {ci}
            {r.flags.iter().map(|f| view! { <span class="flag" role="note">{f.clone()}</span> }).collect_view()}
        </div>
    }
}

/// Plot geometry, in SVG user units: a label line above each whisker, a shared 0–100 % axis.
const PLOT_W: f64 = 420.0;
const PAD_X: f64 = 10.0;
const ROW_H: f64 = 40.0;
const AXIS_H: f64 = 26.0;

/// A coordinate of the plot as SVG text. Through [`format::number`], not `{}` on a float:
/// core's float formatting is about 11 KB of wasm (see `atlas_view::num`).
fn at(v: f64) -> String {
    format::number(v)
}

fn x_of(pct: f64) -> f64 {
    PAD_X + pct.clamp(0.0, 100.0) / 100.0 * (PLOT_W - 2.0 * PAD_X)
}

/// How many label characters fit on a plot line beside `value` (12 px text averages about
/// 7 units a character in the system sans-serif fonts).
fn label_room(value: &str) -> usize {
    const CHAR_W: f64 = 7.0;
    let free = PLOT_W - 2.0 * PAD_X - value.chars().count() as f64 * CHAR_W - 12.0;
    (free / CHAR_W).max(6.0) as usize
}

/// Shorten a label to `max` characters with an ellipsis (the table carries it in full).
fn truncate(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A forest plot of one rate endpoint: per arm a point and its 95% whisker on a 0–100 % axis.
#[component]
fn ForestPlot(forest: Forest, labels: Vec<String>) -> impl IntoView {
    let key = &forest.key;
    let title = [
        Some(endpoint_label(&key.endpoint, key.timepoint.as_deref())),
        key.subgroup.clone(),
        key.timepoint
            .clone()
            .filter(|_| !is_landmark(&key.endpoint)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let height = forest.points.len() as f64 * ROW_H + AXIS_H;
    let plot_bottom = forest.points.len() as f64 * ROW_H;
    let bottom = at(plot_bottom);
    let description = forest
        .points
        .iter()
        .map(|p| {
            let label = labels.get(p.column_idx).cloned().unwrap_or_default();
            let ci =
                p.ci.map(|ci| {
                    format!(
                        " (95% CI {}–{})",
                        format::number(ci.low),
                        format::number(ci.high)
                    )
                })
                .unwrap_or_default();
            let n = p.n.map(|n| format!(", n = {n}")).unwrap_or_default();
            format!("{label}: {}%{ci}{n}", format::number(p.value))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let ticks = [0.0, 25.0, 50.0, 75.0, 100.0];
    view! {
        <figure class="forest" data-testid="forest-plot">
            <figcaption title=key.endpoint.clone() data-code=key.endpoint.clone()>{title.clone()}</figcaption>
            <svg
                viewBox=format!("0 0 {} {}", at(PLOT_W), at(height))
                role="img"
                aria-label=format!("{title}: {description}")
                class="forest-svg"
            >
                <desc>{description.clone()}</desc>
                <g class="grid">
                    {ticks
                        .iter()
                        .map(|t| {
                            let x = at(x_of(*t));
                            view! {
                                <line x1=x.clone() x2=x.clone() y1="0" y2=bottom.clone() class="gridline" />
                                <text x=x y=at(plot_bottom + 16.0) text-anchor="middle" class="tick">{format!("{}%", at(*t))}</text>
                            }
                        })
                        .collect_view()}
                    <line x1=at(x_of(0.0)) x2=at(x_of(100.0)) y1=bottom.clone() y2=bottom.clone() class="axis" />
                </g>
                {forest
                    .points
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        let top = i as f64 * ROW_H;
                        let y = at(top + 28.0);
                        let (y_low, y_high) = (at(top + 23.0), at(top + 33.0));
                        let mut value = format!("{}%", format::number(p.value));
                        if let Some(ci) = p.ci {
                            value.push_str(&format!(" ({}–{})", format::number(ci.low), format::number(ci.high)));
                        }
                        if let Some(n) = p.n {
                            value.push_str(&format!(" n={n}"));
                        }
                        let label = truncate(
                            labels.get(p.column_idx).map(String::as_str).unwrap_or(""),
                            label_room(&value),
                        );
                        let whisker = p.ci.map(|ci| {
                            let class = match ci.source {
                                CiSource::Reported => "whisker reported",
                                CiSource::Derived(_) => "whisker derived",
                            };
                            let (x1, x2) = (at(x_of(ci.low)), at(x_of(ci.high)));
                            view! {
                                <line x1=x1.clone() x2=x2.clone() y1=y.clone() y2=y.clone() class=class />
                                <line x1=x1.clone() x2=x1 y1=y_low.clone() y2=y_high.clone() class=class />
                                <line x1=x2.clone() x2=x2 y1=y_low y2=y_high class=class />
                            }
                        });
                        view! {
                            <g class="forest-row" data-testid="forest-point">
                                <text x=at(PAD_X) y=at(top + 13.0) class="forest-label">{label}</text>
                                <text x=at(PLOT_W - PAD_X) y=at(top + 13.0) text-anchor="end" class="forest-value">{value}</text>
                                {whisker}
                                <circle cx=at(x_of(p.value)) cy=y r="4.5" class="point" />
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::{capped, label_room, truncate, x_of, MAX_ARMS, PAD_X, PLOT_W};

    #[test]
    fn a_comparison_shows_at_most_24_arms() {
        // Bug: a link naming thousands of arms fetched a trial shard for each.
        let arms: Vec<String> = (0..1_000).map(|i| format!("t{i}/a")).collect();
        assert_eq!(MAX_ARMS, 24);
        assert_eq!(capped(&arms), arms[..24]);
        assert_eq!(capped(&arms[..3]), arms[..3]);
    }

    #[test]
    fn axis_maps_0_to_100_percent_across_the_plot() {
        assert_eq!(x_of(0.0), PAD_X);
        assert_eq!(x_of(100.0), PLOT_W - PAD_X);
        assert_eq!(x_of(50.0), PLOT_W / 2.0);
        assert_eq!(x_of(140.0), PLOT_W - PAD_X);
        assert_eq!(x_of(-3.0), PAD_X);
    }

    #[test]
    fn labels_leave_room_for_the_value() {
        let value = "86.4% (65.1–97.1) n=22";
        let room = label_room(value);
        let used = (room + value.chars().count()) as f64 * 7.0;
        assert!(
            used <= PLOT_W - 2.0 * PAD_X,
            "{room} label characters overflow"
        );
        assert!(room >= 25, "a typical label keeps {room} characters");
        assert_eq!(label_room(&"9".repeat(200)), 6);
    }

    #[test]
    fn labels_are_shortened_with_an_ellipsis() {
        assert_eq!(truncate("KEYNOTE-407 · pembro", 40), "KEYNOTE-407 · pembro");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("3→1.5 mg/kg", 3), "3→…");
    }
}
