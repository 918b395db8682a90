#![allow(unused_imports)]
use super::*;

/// Read one sentence's results into `trial`; returns the arm key the sentence was about.
#[allow(clippy::too_many_arguments)]
pub(super) fn read_sentence(
    ctx: &mut Ctx,
    u: &Unit,
    ut: &str,
    defs: &[ArmDef],
    fixed_arm: Option<(&str, &str)>,
    trial: &mut TrialB,
    context_arm: Option<&str>,
    cited: bool,
) -> Option<String> {
    let base = u.start;
    let scopes = paren_scopes(ut);
    let eps = endpoint_mentions(ut, &scopes);
    let experimental = defs.iter().find(|d| d.drug.is_some() && d.primary);
    let control_def = defs.iter().find(|d| {
        (d.drug.is_some() && !d.primary)
            || matches!(d.key.as_str(), "control" | "placebo" | "chemotherapy")
    });
    let arms = if fixed_arm.is_some() {
        Vec::new()
    } else {
        arm_mentions(ut, defs)
    };
    for (s, e, _) in &arms {
        ctx.mark_used(base + s, base + e);
    }
    // Arm sizes stated right after an arm mention.
    for (_, e, key) in &arms {
        let after = ut.get(*e..).unwrap_or("");
        if let Some(c) = N_RE.captures(after) {
            let Some(whole) = c.get(0) else { continue };
            if whole.start() <= 3 {
                if let (Some(n), Some(def)) = (
                    c.name("n").and_then(|n| n.as_str().parse().ok()),
                    defs.iter().find(|d| d.key == *key),
                ) {
                    let label = def.label.clone();
                    let arm = trial.arm(key, &label);
                    if arm.n.is_none() {
                        arm.n = Some(n);
                        let nm = c.name("n").map(|m| (m.start(), m.end())).unwrap_or((0, 0));
                        ctx.mark_used(base + e + nm.0, base + e + nm.1);
                    }
                    let ev = ctx.evidence(base, base + ut.len());
                    let arm = trial.arm(key, &label);
                    if arm.evidence.len() < 6 && !arm.evidence.contains(&ev) {
                        arm.evidence.push(ev);
                    }
                }
            }
        }
        // A regimen in parentheses after the arm's definition: "dose group (3 mg/kg + PDC …)".
        if let Some(p) = after.strip_prefix(" (").or_else(|| after.strip_prefix('(')) {
            if let Some(close) = p.find(')') {
                let inner = &p[..close];
                if !inner.trim_start().starts_with(['n', 'N'])
                    && (inner.contains('+')
                        || inner.contains("Q")
                        || inner.contains("plus")
                        || inner.contains("mg"))
                {
                    if let Some(def) = defs.iter().find(|d| d.key == *key) {
                        let label = def.label.clone();
                        let ev = ctx.evidence(base, base + ut.len());
                        let arm = trial.arm(key, &label);
                        arm.regimen.get_or_insert_with(|| inner.trim().to_owned());
                        if arm.evidence.len() < 6 && !arm.evidence.contains(&ev) {
                            arm.evidence.push(ev);
                        }
                    }
                }
            }
        }
    }
    if eps.is_empty() && crate::vocab::ae_term_in(ut).is_none() {
        return arms
            .first()
            .map(|a| a.2.clone())
            .filter(|_| arms.iter().all(|a| a.2 == arms[0].2));
    }
    let masked = masked_spans(ctx, base, ut);
    let values = value_mentions(ut, &masked);
    if values.is_empty() {
        return arms
            .first()
            .map(|a| a.2.clone())
            .filter(|_| arms.iter().all(|a| a.2 == arms[0].2));
    }
    // An open bound ("5.4-NR") is kept as a missing number.
    let cis: Vec<CiMention> = CI_RE
        .captures_iter(ut)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let lo = c.name("lo")?;
            let hi = c.name("hi")?;
            let (lo_v, hi_v) = (parse_num(lo.as_str()), parse_num(hi.as_str()));
            if lo_v.is_none() && hi_v.is_none() {
                return None;
            }
            Some((lo_v, hi_v, whole.start(), whole.start(), hi.end()))
        })
        .collect();
    let ps: Vec<(f64, usize, usize)> = P_RE
        .captures_iter(ut)
        .filter_map(|c| {
            let p = c.name("p")?;
            Some((parse_num(p.as_str())?, p.start(), p.end()))
        })
        .collect();
    let ns: Vec<(u32, usize, usize)> = N_RE
        .captures_iter(ut)
        .filter_map(|c| {
            let n = c.name("n")?;
            Some((n.as_str().parse().ok()?, n.start(), n.end()))
        })
        .collect();
    let lower = ut.to_lowercase();
    // "Among 48 efficacy-evaluable patients": the analysis population of this sentence.
    let population_n: Option<(u32, usize, usize)> = POPULATION_N_RE
        .captures(ut)
        .and_then(|c| c.name("n"))
        .and_then(|m| Some((m.as_str().parse().ok()?, m.start(), m.end())));
    let ae_context =
        eps.iter().any(|e| matches!(e.family, Family::Ae(_))) || lower.contains("most common");
    let mut pending: Vec<Pending> = Vec::new();
    for v in &values {
        let vscope = scope_at(&scopes, v.num_start);
        // The latest endpoint whose parenthesis scope encloses this value.
        // Try the two latest such endpoints: "the HR for PFS was 0.62" names HR first.
        let in_scope: Vec<&EndpointMention> = eps
            .iter()
            .filter(|e| e.end <= v.start && vscope.starts_with(&e.scope))
            .collect();
        // "4.0% of patients discontinued treatment due to TRAEs": the endpoint follows.
        let following = eps.iter().find(|e| {
            e.start >= v.end
                && e.scope == vscope
                && FOLLOWING_GAP_RE.is_match(ut.get(v.end..e.start).unwrap_or("x"))
        });
        let ep = following
            .or_else(|| {
                in_scope
                    .iter()
                    .rev()
                    .take(2)
                    .find(|e| resolve(e.family, e.g3, v, ut, &eps).is_some())
                    .or(in_scope.last())
                    .copied()
            })
            .or_else(|| {
                // "25% of patients experienced grade ≥3 TRAEs": the endpoint follows.
                eps.iter()
                    .find(|e| e.start >= v.end && e.start - v.end < 60 && e.scope == vscope)
            });
        let innermost = vscope.last().copied();
        let mut endpoint: Option<String> = None;
        let mut subgroup: Option<String> = None;
        let mut n: Option<u32> = None;
        let ep_in_same_paren = ep.is_some_and(|e| innermost.is_some_and(|p| e.scope.contains(&p)));
        if let Some(p) = innermost {
            if !ep_in_same_paren {
                // "anemia (any grade: 78.8%; grade ≥3: 18.8%)": a named adverse event.
                if let Some(label) = label_before(ut, p) {
                    let is_endpoint = ENDPOINT_RE.is_match(&label);
                    let is_arm = arms.iter().any(|(s, e, _)| *s < p && *e + 3 >= p);
                    if ae_context
                        && !is_endpoint
                        && !is_arm
                        && v.unit.as_deref() == Some("%")
                        && !label.contains("patients")
                        && !label.contains("group")
                    {
                        let inner_before = ut.get(p..v.start).unwrap_or("");
                        let g3 = inner_before.contains(';')
                            || inner_before.contains("grade ≥")
                            || inner_before.contains("grade 3")
                            || inner_before.contains("G3")
                            || ep.is_some_and(|e| e.g3)
                                && !inner_before.to_lowercase().contains("any grade");
                        let term = label.to_lowercase();
                        endpoint = Some(if g3 {
                            format!("AE:{term}:G3")
                        } else {
                            format!("AE:{term}")
                        });
                    }
                }
            } else if let Some(label) = label_before(ut, p) {
                // "squamous (ORR 85.7%, n=14)": a subgroup with its own n.
                let inner_end = ut
                    .get(p..)
                    .and_then(|s| s.find(')'))
                    .map(|i| p + i)
                    .unwrap_or(ut.len());
                let paren_n = ns.iter().find(|(_, s, _)| *s > p && *s < inner_end);
                let is_arm = arms.iter().any(|(s, e, _)| *s < p && *e + 3 >= p);
                if let Some((pn, ns_, ne_)) = paren_n {
                    if !is_arm && !ENDPOINT_RE.is_match(&label) {
                        subgroup = Some(format!("{label} (n={pn})"));
                        n = Some(*pn);
                        ctx.mark_used(base + ns_, base + ne_);
                    }
                }
            }
        }
        // A named adverse event between the endpoint (if any) and the value:
        // "Cytokine release syndrome occurred in 44.6% of patients".
        let named_ae = if endpoint.is_none() && v.unit.as_deref() == Some("%") {
            let from = ep
                .filter(|e| e.end <= v.start)
                .map(|e| e.end)
                .unwrap_or(0)
                .max(v.start.saturating_sub(80));
            let window = ut.get(from..v.start).unwrap_or("");
            let has_value_between = values.iter().any(|o| o.start >= from && o.end <= v.start);
            crate::vocab::ae_term_in(window)
                .filter(|_| !has_value_between)
                .map(|(term, g3)| {
                    if g3 || ep.is_some_and(|e| e.g3) {
                        format!("AE:{term}:G3")
                    } else {
                        format!("AE:{term}")
                    }
                })
        } else {
            None
        };
        // "… in 61.3% of patients in the X arm and 1.2% in the placebo arm": the same event.
        let continued_ae = if endpoint.is_none() && named_ae.is_none() && ep.is_none() {
            pending
                .last()
                .filter(|p| p.endpoint.starts_with("AE:"))
                .and_then(|p| {
                    let gap = ut.get(p.value.end..v.start).unwrap_or("");
                    let gap = format!("{gap} ");
                    (gap.len() < 70
                        && (gap.contains(" and ")
                            || gap.contains(" versus ")
                            || gap.contains(" vs")))
                    .then(|| p.endpoint.clone())
                })
        } else {
            None
        };
        let endpoint = match endpoint.or(named_ae).or(continued_ae) {
            Some(e) => e,
            None => {
                let Some(ep) = ep else { continue };
                let Some(code) = resolve(ep.family, ep.g3, v, ut, &eps) else {
                    continue;
                };
                code
            }
        };
        // "40.0% (8/20)": the responders and the population the rate is of.
        if let Some(c) = ut.get(v.end..).and_then(|rest| FRACTION_RE.captures(rest)) {
            if let (Some(k), Some(d)) = (c.name("k"), c.name("n")) {
                if let (Ok(kv), Ok(dv)) = (k.as_str().parse::<u32>(), d.as_str().parse::<u32>()) {
                    if kv <= dv && dv > 0 && n.is_none() {
                        n = Some(dv);
                        ctx.mark_used(base + v.end + k.start(), base + v.end + d.end());
                    }
                }
            }
        }
        let ci = cis
            .iter()
            .find(|(_, _, s, _, _)| *s >= v.end && *s <= v.end + 8)
            .map(|(lo, hi, _, ls, he)| (*lo, *hi, *ls, *he));
        let p = ps
            .iter()
            .find(|(_, s, _)| *s >= v.end && *s <= v.end + 60)
            .copied();
        let timepoint = if endpoint.ends_with("_RATE") {
            TIMEPOINT_RE
                .captures_iter(ut)
                .filter_map(|c| {
                    let t = c.name("t").or(c.name("t2"))?;
                    let unit = c
                        .name("u")
                        .map(|u| u.as_str().trim_end_matches('s').to_lowercase())
                        .unwrap_or_else(|| {
                            c.get(0)
                                .map(|w| {
                                    if w.as_str().contains("year") {
                                        "year"
                                    } else if w.as_str().contains("week") {
                                        "week"
                                    } else {
                                        "month"
                                    }
                                    .to_owned()
                                })
                                .unwrap_or_default()
                        });
                    Some((
                        t.start().abs_diff(v.start),
                        format!("{} {unit}s", t.as_str()),
                    ))
                })
                .min()
                .map(|(_, t)| t)
        } else {
            None
        };
        pending.push(Pending {
            endpoint,
            value: v.clone(),
            arm: None,
            subgroup,
            n,
            ci,
            p,
            timepoint,
            top: innermost.is_none(),
            paren: innermost,
            control: false,
        });
    }
    if pending.is_empty() {
        return None;
    }
    // "mOS of 11.1 months versus 8.4 months": the second figure is the comparator arm's.
    for i in 1..pending.len() {
        let (prev_end, prev_ep) = (pending[i - 1].value.end, pending[i - 1].endpoint.clone());
        let gap = ut.get(prev_end..pending[i].value.start).unwrap_or("");
        if prev_ep == pending[i].endpoint && VERSUS_RE.is_match(gap) {
            pending[i].control = true;
        }
    }
    // Arms and subgroups.
    let respectively = lower.contains("respectively");
    let subgroup_list: Vec<String> = if respectively {
        RESPECTIVE_LIST_RE
            .captures(ut)
            .and_then(|c| c.name("list"))
            .map(|m| {
                // The list is what follows the last "for"/"in" before the group word.
                let list = m.as_str();
                let list = [" for the ", " in the ", " for ", " in "]
                    .iter()
                    .filter_map(|sep| list.rfind(sep).map(|i| i + sep.len()))
                    .max()
                    .and_then(|i| list.get(i..))
                    .unwrap_or(list);
                list.split(" and ")
                    .flat_map(|p| p.split(", "))
                    .map(|p| p.trim().trim_start_matches("the ").to_owned())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut distinct_arms: Vec<String> = Vec::new();
    for (_, _, k) in &arms {
        if !distinct_arms.contains(k) {
            distinct_arms.push(k.clone());
        }
    }
    // Respectively across endpoints: "ORR and DCR were 40% and 80%, respectively".
    let top_eps: Vec<&EndpointMention> = eps.iter().filter(|e| e.scope.is_empty()).collect();
    let top_idx: Vec<usize> = pending
        .iter()
        .enumerate()
        .filter(|(_, p)| p.top)
        .map(|(i, _)| i)
        .collect();
    if respectively
        && top_eps.len() >= 2
        && top_eps.len() == top_idx.len()
        && distinct_arms.len() <= 1
        && subgroup_list.len() <= 1
    {
        let first_value = pending.get(top_idx[0]).map(|p| p.value.start).unwrap_or(0);
        if top_eps.iter().all(|e| e.end <= first_value) {
            for (k, i) in top_idx.iter().enumerate() {
                if let (Some(e), Some(p)) = (top_eps.get(k), pending.get_mut(*i)) {
                    if let Some(code) = resolve(e.family, e.g3, &p.value, ut, &eps) {
                        p.endpoint = code;
                    }
                }
            }
        }
    }
    let zip_groups: Vec<(Option<String>, Option<String>)> =
        if respectively && distinct_arms.len() >= 2 {
            distinct_arms
                .iter()
                .map(|a| (Some(a.clone()), None))
                .collect()
        } else if respectively && subgroup_list.len() >= 2 {
            subgroup_list
                .iter()
                .map(|s| (None, Some(s.clone())))
                .collect()
        } else {
            Vec::new()
        };
    if !zip_groups.is_empty() {
        // Zip top-level values per endpoint with the groups; parenthesised values follow theirs.
        let mut per_endpoint: BTreeMap<String, usize> = BTreeMap::new();
        let mut last_group: Option<(Option<String>, Option<String>)> = None;
        for p in pending.iter_mut() {
            if p.top || last_group.is_none() {
                let k = per_endpoint.entry(p.endpoint.clone()).or_insert(0);
                if let Some(g) = zip_groups.get(*k) {
                    last_group = Some(g.clone());
                }
                *k += 1;
            }
            if let Some((a, s)) = &last_group {
                p.arm = a.clone();
                if p.subgroup.is_none() {
                    p.subgroup = s.clone();
                }
            }
        }
    } else {
        for p in pending.iter_mut() {
            // An arm named right after the value ("in 52.4% of those receiving chemotherapy",
            // "14.2 months with NVX-310") wins; otherwise the nearest arm mention.
            let following = arms.iter().find(|(s, _, _)| {
                *s >= p.value.end && ARM_LINK_RE.is_match(ut.get(p.value.end..*s).unwrap_or("x"))
            });
            if let Some((_, _, k)) = following {
                p.arm = Some(k.clone());
                continue;
            }
            let nearest = arms
                .iter()
                .map(|(s, e, k)| {
                    let d = if *s >= p.value.end {
                        s - p.value.end
                    } else {
                        p.value.start.saturating_sub(*e)
                    };
                    (d, k)
                })
                .min();
            if let Some((_, k)) = nearest {
                p.arm = Some(k.clone());
            }
        }
        // "In the prespecified subgroup of patients with high X expression (n=98), ORR was …".
        if let Some(c) = SUBGROUP_RE.captures(ut) {
            if let (Some(label), Some(n)) = (c.name("label"), c.name("n")) {
                let explicit =
                    c.name("word").is_some() || SUBGROUP_QUALIFIER_RE.is_match(label.as_str());
                if let (true, Ok(nv)) = (explicit, n.as_str().parse::<u32>()) {
                    for p in pending
                        .iter_mut()
                        .filter(|p| p.value.start > n.end() && p.subgroup.is_none())
                    {
                        p.subgroup = Some(format!("{} (n={nv})", label.as_str().trim()));
                        p.n = Some(nv);
                    }
                    ctx.mark_used(base + n.start(), base + n.end());
                }
            }
        }
        // A biomarker subgroup before the value: "in PD-L1 TPS ≥50% patients, ORR was 60%".
        for p in pending.iter_mut() {
            if p.subgroup.is_some() || p.endpoint.starts_with("AE:") {
                continue;
            }
            let before = ut.get(..p.value.start).unwrap_or("");
            if let Some(m) = BIOMARKER_RE.find_iter(before).last() {
                let between = ut.get(m.end()..p.value.start).unwrap_or("");
                let near = between.len() < 80 && !between.contains(';');
                let defining = ut.get(..m.start()).unwrap_or("").to_lowercase();
                let enrolment = defining.contains("enrolled")
                    || defining.contains("eligible")
                    || defining.contains("expressing");
                if near && !enrolment && m.as_str().chars().any(|c| c.is_ascii_digit()) {
                    p.subgroup = Some(m.as_str().trim().to_owned());
                }
            }
        }
    }
    // Arms for values with none yet: pooled population, the paragraph's arm, or the default.
    let pooled = POOLED_RE.captures(ut);
    let pooled_n: Option<(u32, usize, usize)> = pooled
        .as_ref()
        .and_then(|c| c.name("n"))
        .and_then(|m| Some((m.as_str().trim().parse().ok()?, m.start(), m.end())));
    let mut touched: Option<String> = None;
    for p in pending {
        let label_of = |k: &str| {
            defs.iter()
                .find(|d| d.key == k)
                .map(|d| d.label.clone())
                .unwrap_or_else(|| k.to_owned())
        };
        let explicit_control = p.arm.as_deref().is_some_and(|k| {
            defs.iter()
                .any(|d| d.key == k && !d.primary && d.drug.is_some())
        });
        let (key, label) = if p.control && !explicit_control && fixed_arm.is_none() {
            match control_def {
                Some(d) => (d.key.clone(), d.label.clone()),
                None => ("control".to_owned(), "Control".to_owned()),
            }
        } else if p.control && fixed_arm.is_some() {
            ("control".to_owned(), "Control".to_owned())
        } else if let (true, Some(d), None) =
            (p.endpoint.starts_with("HR"), experimental, fixed_arm)
        {
            // A hazard ratio compares the arms; it is shown with the experimental arm.
            (d.key.clone(), d.label.clone())
        } else if let Some((k, l)) = fixed_arm {
            (k.to_owned(), l.to_owned())
        } else if let Some(k) = p.arm.clone() {
            let label = defs
                .iter()
                .find(|d| d.key == k)
                .map(|d| d.label.clone())
                .unwrap_or_else(|| k.clone());
            (k, label)
        } else if pooled.is_some() {
            ("all".to_owned(), "All patients".to_owned())
        } else if let Some(k) = context_arm {
            (k.to_owned(), label_of(k))
        } else if let Some(d) = experimental {
            // In a comparative trial, unattributed figures are the experimental arm's.
            (d.key.clone(), d.label.clone())
        } else {
            ("all".to_owned(), "All patients".to_owned())
        };
        // A value's own paren n ("ORR 40% (n=20)") outside a subgroup: the analysis population.
        let mut n = p.n.or_else(|| {
            population_n
                .filter(|_| p.subgroup.is_none())
                .map(|(pn, _, _)| pn)
        });
        if n.is_none() && p.subgroup.is_none() && (key == "all" || p.arm.is_none()) {
            if let Some((pn, s, e)) = ns
                .iter()
                .find(|(_, s, _)| *s > p.value.end && *s < p.value.end + 12)
            {
                let arm = trial.arm(&key, &label);
                if arm.n.is_none() {
                    arm.n = Some(*pn);
                    ctx.mark_used(base + s, base + e);
                } else if arm.n != Some(*pn) {
                    n = Some(*pn);
                    ctx.mark_used(base + s, base + e);
                }
            } else if let Some(c) = STUDY_N_RE.captures(ut) {
                // "In the ongoing phase 1 study (n=29), the ORR was 31%": the study's size.
                if let (Some(m), true) = (c.name("n"), arms.is_empty()) {
                    let arm = trial.arm(&key, &label);
                    if arm.n.is_none() {
                        arm.n = m.as_str().parse().ok();
                        ctx.mark_used(base + m.start(), base + m.end());
                    }
                }
            }
        }
        let ev = ctx.evidence(base, base + ut.len());
        let mut r = ArmResult {
            endpoint: p.endpoint.clone(),
            value: p.value.value,
            qualifier: p.value.qualifier.clone(),
            unit: p
                .value
                .unit
                .clone()
                .or_else(|| (!p.endpoint.starts_with("HR")).then(|| "%".to_owned())),
            subgroup: p.subgroup.clone(),
            n,
            cited,
            timepoint: p.timepoint.clone(),
            evidence: vec![ev.clone()],
            ..ArmResult::default()
        };
        if r.endpoint.starts_with("HR") {
            r.unit = None;
        }
        ctx.mark_used(base + p.value.num_start, base + p.value.num_end);
        if let Some((lo, hi, s, e)) = p.ci {
            r.ci_low = lo;
            r.ci_high = hi;
            r.ci_source = Some("reported".to_owned());
            ctx.mark_used(base + s, base + e);
        }
        if let Some((pv, s, e)) = p.p {
            r.p_value = Some(pv);
            ctx.mark_used(base + s, base + e);
        }
        let _ = p.paren;
        let arm = trial.arm(&key, &label);
        if key == "all" {
            arm.pooled = true;
            if let Some((pn, _, _)) = pooled_n {
                arm.n.get_or_insert(pn);
            }
        }
        if !arm.evidence.contains(&ev) && arm.evidence.len() < 3 {
            arm.evidence.push(ev);
        }
        let seen_key = (
            r.endpoint.clone(),
            r.subgroup.clone(),
            r.value.map(f64::to_bits),
            r.timepoint.clone(),
        );
        if arm.seen.insert(seen_key) {
            arm.results.push(r);
        }
        if key != "all" {
            touched = Some(key);
        }
    }
    for (_, s, e) in pooled_n.into_iter().chain(population_n) {
        ctx.mark_used(base + s, base + e);
    }
    touched
}
