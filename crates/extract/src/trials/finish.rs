#![allow(unused_imports)]
use super::*;

pub(super) fn finish_trial(ctx: &mut Ctx, b: TrialB) -> Trial {
    let mut t = b.trial;
    for mut a in b.arms {
        // An arm that nothing was said about (no result, size or regimen) is no arm.
        if a.results.is_empty() && a.n.is_none() && a.regimen.is_none() {
            continue;
        }
        // A pool of all patients is the whole enrolled population unless stated otherwise.
        if a.pooled && a.n.is_none() {
            a.n = t.enrollment;
        }
        let id = format!(
            "{}/{}",
            t.id,
            if a.key == "all" {
                "all-patients".to_owned()
            } else {
                slug(&a.label)
            }
        );
        let mut results = Vec::new();
        for mut r in a.results {
            let Some(ev) = r.evidence.first() else {
                continue;
            };
            let mut ok = r.value.is_none_or(|v| number_in_quote(v, &ev.quote));
            for bound in [r.ci_low, r.ci_high].into_iter().flatten() {
                ok &= number_in_quote(bound, &ev.quote);
            }
            if !ok {
                let pos = ctx.text().find(ev.quote.as_str());
                ctx.warn(
                    pos,
                    format!(
                        "dropped {} {}: its number is not in its quote",
                        r.endpoint,
                        r.value.map_or_else(|| "none".to_owned(), dec)
                    ),
                );
                continue;
            }
            // The result's own n is kept only where it differs from the arm's.
            if r.subgroup.is_none() && r.n.is_some() && r.n == a.n {
                r.n = None;
            }
            if let Some(code) = crate::vocab::own_ae_code(ctx.text(), &r.endpoint) {
                r.endpoint = code;
            }
            derive(&mut r, a.n, b.cited);
            results.push(r);
        }
        t.arms.push(Arm {
            id,
            label: a.label,
            regimen: a.regimen,
            n: a.n,
            evidence: a.evidence,
            results,
        });
    }
    t
}

/// Responders and the exact interval where the rate's own n is known; flags where a reported
/// figure disagrees with its own n.
pub(super) fn derive(r: &mut ArmResult, arm_n: Option<u32>, cited: bool) {
    let (Some(v), Some("%")) = (r.value, r.unit.as_deref()) else {
        return;
    };
    if r.qualifier.is_some() || cited && r.n.is_none() {
        return;
    }
    // Kaplan-Meier rates (PFS/OS at a time point) are estimates, not counts of patients; nor
    // is a mean change of a measure ("-58.3%").
    if r.endpoint.ends_with("_RATE") || is_measure_change(&r.endpoint) || v < 0.0 {
        return;
    }
    let decimals = r
        .evidence
        .first()
        .and_then(|e| {
            crate::text::numbers(&e.quote)
                .into_iter()
                .find(|n| (n.value - v).abs() < 1e-9)
                .and_then(|n| {
                    e.quote
                        .get(n.start..n.end)
                        .map(|s| s.split_once('.').map(|(_, d)| d.len() as u32).unwrap_or(0))
                })
        })
        .unwrap_or(1);
    let (n, own) = match (r.n, arm_n) {
        (Some(n), _) => (n, true),
        (None, Some(n)) if r.subgroup.is_none() => (n, false),
        _ => return,
    };
    match atlas_stats::derive_rate(v, n, decimals) {
        Some((from, lo, hi)) => {
            if let (Some(rl), Some(rh)) = (r.ci_low, r.ci_high) {
                if !atlas_stats::ci_agrees(from.k, from.n, rl, rh, decimals) {
                    r.flags.push(format!(
                        "reported 95% CI {}-{} differs from the exact interval {}-{} of {}/{}",
                        dec(rl),
                        dec(rh),
                        dec(lo),
                        dec(hi),
                        from.k,
                        from.n
                    ));
                }
                r.derived_from = Some(from);
            } else {
                r.ci_low = Some(lo);
                r.ci_high = Some(hi);
                r.ci_source = Some("derived".to_owned());
                r.derived_from = Some(DerivedFrom {
                    k: from.k,
                    n: from.n,
                });
            }
        }
        None if own => r.flags.push(format!(
            "reported {}% is no whole number of its own n={n}",
            dec(v)
        )),
        None => r.flags.push(format!(
            "population unknown: {}% is no whole number of the arm's {n} patients",
            dec(v)
        )),
    }
}

/// A figure as text, without core's float formatting (`atlas_model::num`).
fn dec(v: f64) -> String {
    atlas_model::num::decimal(v, 9)
}
