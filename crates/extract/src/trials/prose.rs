//! Results from prose, one sentence at a time: scan the mentions, run the passes, commit.
//!
//! `read_sentence` is only the order of the passes; each pass lives in `reading.rs` (which
//! endpoint a value reports) or `attribute.rs` (which arm and subgroup it belongs to), and
//! every committed figure records the rules that placed it.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use atlas_model::Comparison;

use super::*;

/// How one sentence is read: the arms it can name and where unattributed figures go.
pub(super) struct SentenceJob<'a> {
    pub(super) defs: &'a [ArmDef],
    /// A cited trial's sentence: every figure goes to this (key, label) arm.
    pub(super) fixed_arm: Option<(&'a str, &'a str)>,
    /// The arm the previous sentence of the paragraph was about.
    pub(super) context_arm: Option<&'a str>,
    /// The arms the paragraph last set side by side, in its order.
    pub(super) context_order: Option<&'a [String]>,
    /// The document's order of its arms, from its design sentence.
    pub(super) doc_order: Option<&'a [String]>,
    /// The one endpoint the previous sentence of the paragraph reported, for a sentence that
    /// goes on about it without naming it ("The 45 mg arm reached 52.6%").
    pub(super) carried: Option<&'a EndpointMention>,
    pub(super) cited: bool,
}

/// What a sentence leaves for the next one of its paragraph.
#[derive(Default)]
pub(super) struct SentenceOutcome {
    /// The one arm the sentence was about.
    pub(super) arm: Option<String>,
    /// The arms it set side by side, in its order.
    pub(super) order: Option<Vec<String>>,
    /// The one endpoint it named.
    pub(super) endpoint: Option<EndpointMention>,
}

/// Read one sentence's results into `trial`; returns what the next sentence inherits.
pub(super) fn read_sentence(
    ctx: &mut Ctx,
    u: &Unit,
    ut: &str,
    job: &SentenceJob,
    trial: &mut TrialB,
) -> SentenceOutcome {
    let arm_only = |arm| SentenceOutcome {
        arm,
        ..SentenceOutcome::default()
    };
    let s = Sentence::new(ut, u.start);
    // Someone's words in quotation marks ("“A response rate above 40% is what we hoped
    // for,” said …") restate or hope; the document's results are stated outside them.
    if ut.trim_start().starts_with(['“', '"']) {
        return SentenceOutcome::default();
    }
    let arms = ArmContext {
        defs: job.defs,
        mentions: if job.fixed_arm.is_some() {
            Vec::new()
        } else {
            arm_mentions(&s, job.defs)
        },
    };
    for m in &arms.mentions {
        ctx.mark_used(s.base + m.start, s.base + m.end);
    }
    record_arm_details(ctx, &s, &arms, trial);
    let single_arm = arms.distinct_single();
    let mut eps = endpoint_mentions(&s);
    // A comparison ("rate ratio 0.62") is no endpoint the next sentence goes on about.
    let reported: Vec<&EndpointMention> = eps.iter().filter(|e| e.family != Family::Skip).collect();
    let named_one = match reported.as_slice() {
        [e] if !matches!(e.family, Family::Ae(_)) => Some((*e).clone()),
        _ => None,
    };
    let carried = eps.is_empty();
    if carried {
        eps = carried_endpoint(&s, job.carried);
    }
    if eps.is_empty() && crate::vocab::ae_term_in(ut).is_none() {
        return arm_only(single_arm);
    }
    let mut subgroups = subgroup_mentions(&s);
    if subgroups.is_empty() {
        subgroups.extend(bullet_subgroup(ctx.text(), u.start, ut));
    }
    let mut spans = masked_spans(ctx, s.base, ut);
    spans.extend(subgroups.iter().map(|g| (g.start, g.end)));
    spans.extend(outcome_spans(&eps));
    let mask = Mask::new(ut.len(), &spans);
    let mut values = value_mentions(&s, &mask);
    if values.is_empty() {
        return arm_only(single_arm);
    }
    share_units(&s, &mut values);
    let arm_words: Vec<String> = job
        .defs
        .iter()
        .flat_map(|d| d.cues.iter().cloned().chain([d.label.to_lowercase()]))
        .collect();
    let mut readings = resolve_endpoints(&s, &eps, &values, &arm_words);
    if carried {
        for r in readings
            .iter_mut()
            .filter(|r| r.endpoint_rule == "endpoints.preceding")
        {
            r.endpoint_rule = "endpoints.carried";
        }
    }
    outcome_values(&s, &eps, &mut readings);
    attach_details(ctx, &s, &mut readings);
    let (comparisons, mut readings): (Vec<Reading>, Vec<Reading>) =
        readings.into_iter().partition(Reading::is_comparison);
    let pairs = versus_pairs(&s, &readings);
    attribute_subgroups(&s, &subgroups, &pairs, &mut readings);
    if arms.distinct().len() < 2 {
        respectively_subgroups(&s, &mut readings);
    }
    legacy_subgroups(ctx, &s, &mut readings);
    paragraph_population(&s, u.line, &subgroups, &mut trial.population, &mut readings);
    if let Some((key, _)) = job.fixed_arm {
        for (i, r) in readings.iter_mut().enumerate() {
            let second = pairs.iter().any(|&(_, b)| b == i);
            r.arm = Some(if second { CONTROL_KEY } else { key }.to_owned());
            r.arm_rule = if job.cited {
                "arms.cited_trial"
            } else {
                "arms.drug_paragraph"
            };
        }
    } else {
        respectively_arms(&s, &arms, &mut readings);
        dose_order_arms(&s, &arms, &mut readings);
        versus_order(&s, &arms, &pairs, &mut readings);
        linked_arms(&s, &arms, &pairs, &mut readings);
        slashed_arms(&s, &mut readings);
        versus_arms(&arms, &pairs, &mut readings);
        respectively_after_versus(&s, &pairs, &mut readings);
        ordered_lists(&s, &arms, job.context_order, job.doc_order, &mut readings);
        clause_arm(&s, &arms, &pairs, &mut readings);
        sentence_arm(&s, &arms, &mut readings);
        context_arm(&s, job.context_arm, &mut readings);
        one_figure_per_arm(&mut readings);
    }
    let order = placed_order(&readings);
    let pooled = fallback_arm(&s, &arms, &mut readings);
    drop_conflicts(&mut readings);
    let committed = commit(ctx, &s, job, readings, trial, pooled);
    commit_comparisons(ctx, &s, comparisons, &subgroups, trial);
    SentenceOutcome {
        arm: committed.or(single_arm),
        order,
        endpoint: named_one,
    }
}

/// A sentence that names no endpoint but goes on about the previous one's: "That figure rose
/// to 44.7% at 45 mg; on placebo it was 15.0%", "The 45 mg arm reached 52.6%", "In patients
/// with X, the rate at 300 mg was 0.71", "Arm B reached 7.9 months". The carried endpoint
/// stands at the start of each clause.
fn carried_endpoint(s: &Sentence, carried: Option<&EndpointMention>) -> Vec<EndpointMention> {
    static CARRY_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:(?:in|among)\s+[^,;]{3,100}?(?:,\s*|\s+))?(?:(?:that|this|the\s+corresponding|the)\s+(?:figure|rate|proportion|value|share)|(?:it|they)\s+(?:was|were|reached|rose|fell)|(?:in|for|at|with)?\s*(?:the\s+)?[\w./ -]{0,40}?(?:arm|group|cohort|dose|placebo)(?:\s+[A-Z0-9]{1,2})?\s*,?\s+(?:reached|rose\s+to|fell\s+to|was|were|had|showed|achieved)\s+\d)")
            .expect("valid")
    });
    let Some(c) = carried.filter(|_| CARRY_RE.is_match(s.text)) else {
        return Vec::new();
    };
    // Clauses are numbered from 0 to the last one's.
    (0..=s.clause(s.text.len()))
        .map(|clause| EndpointMention {
            start: 0,
            end: 0,
            paren: None,
            clause,
            ..c.clone()
        })
        .collect()
}

impl ArmContext<'_> {
    fn distinct_single(&self) -> Option<String> {
        let first = self.mentions.first()?;
        self.mentions
            .iter()
            .all(|m| m.key == first.key)
            .then(|| first.key.clone())
    }
}

/// What is still open: in a single-arm or cohort study the whole population ("All patients",
/// or the one arm the study has); in a comparative study nothing — the figure is dropped.
/// Returns the pooled population's stated n, if any.
fn fallback_arm(s: &Sentence, arms: &ArmContext, readings: &mut Vec<Reading>) -> Option<u32> {
    let pooled = POOLED_RE.captures(s.text);
    let pooled_n = pooled
        .as_ref()
        .and_then(|c| c.name("n"))
        .and_then(|m| m.as_str().trim().parse().ok());
    // With two or more cohorts, a figure no rule gave a cohort is one of theirs, unsaid which.
    let cohorts = arms.defs.iter().filter(|d| d.role == Role::Cohort).count();
    if (arms.comparative() || cohorts >= 2) && pooled.is_none() {
        readings.retain(|r| r.arm.is_some());
        return None;
    }
    // Two open figures of one endpoint are two arms' figures whose arms the sentence does
    // not say ("observed in 3.6% and 1.6%", "38% versus 15%" where neither arm is known):
    // neither is the whole population's.
    if pooled.is_none() {
        let open = |r: &Reading| (r.endpoint.clone(), r.subgroup.clone(), r.timepoint.clone());
        let keys: Vec<_> = readings
            .iter()
            .filter(|r| r.arm.is_none())
            .map(open)
            .collect();
        readings.retain(|r| r.arm.is_some() || keys.iter().filter(|k| **k == open(r)).count() < 2);
    }
    for r in readings.iter_mut().filter(|r| r.arm.is_none()) {
        r.arm = Some("all".to_owned());
        r.arm_rule = if pooled.is_some() {
            "arms.pooled"
        } else {
            "arms.single"
        };
    }
    pooled_n
}

/// Two different figures of one endpoint for one arm and subgroup in one sentence ("ORR was
/// 57.9% in OC and 37.5% in BC" with the subgroups unread) are two populations the rules did
/// not tell apart: neither is the arm's.
fn drop_conflicts(readings: &mut Vec<Reading>) {
    type Key = (Option<String>, String, Option<String>, Option<String>);
    let key = |r: &Reading| -> Key {
        (
            r.arm.clone(),
            r.endpoint.clone(),
            r.subgroup.clone(),
            r.timepoint.clone(),
        )
    };
    // One pass: the first value of each key, and the keys seen with a second value.
    let mut first: HashMap<Key, Option<u64>> = HashMap::new();
    let mut clashing: HashSet<Key> = HashSet::new();
    for r in readings.iter() {
        let value = r.value.value.map(f64::to_bits);
        match first.entry(key(r)) {
            Entry::Occupied(e) if *e.get() != value => {
                clashing.insert(e.key().clone());
            }
            Entry::Occupied(_) => {}
            Entry::Vacant(e) => {
                e.insert(value);
            }
        }
    }
    readings.retain(|r| !clashing.contains(&key(r)));
}

/// Arm sizes and regimens stated right after an arm's mention: "tarlatamab (n=254)",
/// "dose group (3 mg/kg + PDC …)".
fn record_arm_details(ctx: &mut Ctx, s: &Sentence, arms: &ArmContext, trial: &mut TrialB) {
    let ut = s.text;
    for m in &arms.mentions {
        let Some(def) = arms.defs.iter().find(|d| d.key == m.key) else {
            continue;
        };
        let after = ut.get(m.end..).unwrap_or("");
        let ev = ctx.evidence(s.base, s.base + ut.len());
        if let Some(c) = N_RE
            .captures(after)
            .filter(|c| c.get(0).is_some_and(|w| w.start() <= 3))
        {
            if let Some(n) = c.name("n") {
                let arm = trial.arm(&m.key, &def.label);
                if arm.n.is_none() {
                    arm.n = n.as_str().parse().ok();
                    ctx.mark_used(s.base + m.end + n.start(), s.base + m.end + n.end());
                }
                if arm.evidence.len() < 6 && !arm.evidence.contains(&ev) {
                    arm.evidence.push(ev.clone());
                }
            }
        }
        let Some(p) = after.strip_prefix(" (").or_else(|| after.strip_prefix('(')) else {
            continue;
        };
        let Some(inner) = p.find(')').and_then(|close| p.get(..close)) else {
            continue;
        };
        let regimen_like = ["+", "Q", "plus", "mg"].iter().any(|w| inner.contains(w));
        if regimen_like && !inner.trim_start().starts_with(['n', 'N']) {
            let arm = trial.arm(&m.key, &def.label);
            arm.regimen.get_or_insert_with(|| inner.trim().to_owned());
            if arm.evidence.len() < 6 && !arm.evidence.contains(&ev) {
                arm.evidence.push(ev);
            }
        }
    }
}

/// Subgroups stated with their own n ("in the subgroup of patients with high X expression
/// (n=98)", "squamous (ORR 85.7%, n=14)") and biomarker cut-offs before a value.
fn legacy_subgroups(ctx: &mut Ctx, s: &Sentence, readings: &mut [Reading]) {
    let ut = s.text;
    if let Some(c) = SUBGROUP_RE.captures(ut) {
        if let (Some(label), Some(n)) = (c.name("label"), c.name("n")) {
            let explicit =
                c.name("word").is_some() || SUBGROUP_QUALIFIER_RE.is_match(label.as_str());
            if let (true, Ok(nv)) = (explicit, n.as_str().parse::<u32>()) {
                for r in readings
                    .iter_mut()
                    .filter(|r| r.value.start > n.end() && r.subgroup.is_none())
                {
                    r.subgroup = Some(format!("{} (n={nv})", label.as_str().trim()));
                    r.n = Some((nv, n.start(), n.end()));
                }
                ctx.mark_used(s.base + n.start(), s.base + n.end());
            }
        }
    }
    for r in readings.iter_mut() {
        if r.subgroup.is_some() || r.endpoint.starts_with("AE:") {
            continue;
        }
        // "squamous (ORR 85.7%, n=14)": a subgroup named before the value's parenthesis.
        if let Some(p) = r.value.paren.and_then(|p| s.parens.get(p)) {
            let inner = s.slice(p.open, p.close);
            let paren_n = N_RE
                .captures(inner)
                .and_then(|c| c.name("n").map(|m| (m, p.open)));
            let endpoint_inside = ENDPOINT_RE.is_match(inner);
            if let (Some((m, open)), true) = (paren_n, endpoint_inside) {
                if let Some(label) = label_before(ut, open).filter(|l| !ENDPOINT_RE.is_match(l)) {
                    if let Ok(nv) = m.as_str().parse::<u32>() {
                        r.subgroup = Some(format!("{label} (n={nv})"));
                        r.n = Some((nv, open + m.start(), open + m.end()));
                        continue;
                    }
                }
            }
        }
        // "in PD-L1 TPS ≥50% patients, ORR was 60%": a cut-off close before the value.
        let before = ut.get(..r.value.start).unwrap_or("");
        if let Some(m) = BIOMARKER_RE.find_iter(before).last() {
            let between = ut.get(m.end()..r.value.start).unwrap_or("");
            let defining = crate::trials::arms::window_before(ut, m.start(), 60).to_lowercase();
            let enrolment = ["enrolled", "eligible", "expressing"]
                .iter()
                .any(|w| defining.contains(w));
            if between.len() < 80
                && !between.contains(';')
                && !enrolment
                && m.as_str().chars().any(|c| c.is_ascii_digit())
            {
                r.subgroup = Some(m.as_str().trim().to_owned());
            }
        }
    }
}

/// Write the attributed readings into the trial's arms.
fn commit(
    ctx: &mut Ctx,
    s: &Sentence,
    job: &SentenceJob,
    readings: Vec<Reading>,
    trial: &mut TrialB,
    pooled_n: Option<u32>,
) -> Option<String> {
    let ut = s.text;
    let population_n: Option<(u32, usize, usize)> = POPULATION_N_RE
        .captures(ut)
        .and_then(|c| c.name("n"))
        .and_then(|m| Some((m.as_str().parse().ok()?, m.start(), m.end())));
    let ns: Vec<(u32, usize, usize)> = N_RE
        .captures_iter(ut)
        .filter_map(|c| {
            let n = c.name("n")?;
            Some((n.as_str().parse().ok()?, n.start(), n.end()))
        })
        .collect();
    let ev = ctx.evidence(s.base, s.base + ut.len());
    // The one named arm the sentence's figures went to, if they went to one only: a sentence
    // about two cohorts gives the next sentence no arm to inherit.
    let mut touched: Option<Option<String>> = None;
    for r in readings {
        let Some(key) = r.arm.clone() else { continue };
        let label = arm_label(job, &key);
        let mut n = r.n.map(|(n, st, en)| {
            ctx.mark_used(s.base + st, s.base + en);
            n
        });
        if n.is_none() && r.subgroup.is_none() {
            n = population_n.map(|(pn, _, _)| pn);
        }
        // A value's own "(n=20)" in a single-population sentence sizes the arm.
        if n.is_none() && r.subgroup.is_none() && key == "all" {
            if let Some(&(pn, st, en)) = ns
                .iter()
                .find(|(_, st, _)| *st > r.value.end && *st < r.value.end + 12)
            {
                let arm = trial.arm(&key, &label);
                if arm.n.is_none() {
                    arm.n = Some(pn);
                } else if arm.n != Some(pn) {
                    n = Some(pn);
                }
                ctx.mark_used(s.base + st, s.base + en);
            } else if let Some(m) = STUDY_N_RE.captures(ut).and_then(|c| c.name("n")) {
                // "In the ongoing phase 1 study (n=29), the ORR was 31%": the study's size.
                let arm = trial.arm(&key, &label);
                if arm.n.is_none() {
                    arm.n = m.as_str().parse().ok();
                    ctx.mark_used(s.base + m.start(), s.base + m.end());
                }
            }
        }
        let mut out = ArmResult {
            endpoint: r.endpoint.clone(),
            value: r.value.value,
            qualifier: r.value.qualifier.clone(),
            unit: r.value.unit.clone().or_else(|| Some("%".to_owned())),
            // A label wrapped across lines reads as one line.
            subgroup: r
                .subgroup
                .as_deref()
                .map(|g| g.split_whitespace().collect::<Vec<_>>().join(" ")),
            n,
            cited: job.cited,
            timepoint: r.timepoint.clone(),
            evidence: vec![ev.clone()],
            rule: Some(format!("{}, {}", r.endpoint_rule, r.arm_rule)),
            ..ArmResult::default()
        };
        ctx.mark_used(s.base + r.value.num_start, s.base + r.value.num_end);
        if let Some(ci) = r.ci {
            out.ci_low = ci.low;
            out.ci_high = ci.high;
            out.ci_source = Some("reported".to_owned());
            ctx.mark_used(s.base + ci.start, s.base + ci.end);
        }
        if let Some((pv, st, en)) = r.p {
            out.p_value = Some(pv);
            ctx.mark_used(s.base + st, s.base + en);
        }
        let arm = trial.arm(&key, &label);
        if key == "all" {
            arm.pooled = true;
            if let Some(pn) = pooled_n {
                arm.n.get_or_insert(pn);
            }
        }
        if !arm.evidence.contains(&ev) && arm.evidence.len() < 3 {
            arm.evidence.push(ev.clone());
        }
        let seen = (
            out.endpoint.clone(),
            out.subgroup.clone(),
            out.value.map(f64::to_bits),
            out.timepoint.clone(),
        );
        if arm.seen.insert(seen) {
            arm.results.push(out);
        }
        // A sentence about the pooled population ("in all 96 patients") is one the next
        // sentence may go on about; the whole population by default is not.
        if key != "all" || r.arm_rule == "arms.pooled" {
            touched = match touched {
                None => Some(Some(key)),
                Some(Some(k)) if k == key => Some(Some(k)),
                Some(_) => Some(None),
            };
        }
    }
    if let Some((_, st, en)) = population_n {
        ctx.mark_used(s.base + st, s.base + en);
    }
    touched.flatten()
}

fn arm_label(job: &SentenceJob, key: &str) -> String {
    if let Some((k, l)) = job.fixed_arm {
        if k == key {
            return l.to_owned();
        }
    }
    match key {
        "all" => "All patients".to_owned(),
        CONTROL_KEY if !job.defs.iter().any(|d| d.key == key) => "Control".to_owned(),
        _ => job
            .defs
            .iter()
            .find(|d| d.key == key)
            .map(|d| d.label.clone())
            .unwrap_or_else(|| key.to_owned()),
    }
}

/// Hazard and odds ratios go to the trial's comparisons, with the subgroup they are of.
fn commit_comparisons(
    ctx: &mut Ctx,
    s: &Sentence,
    comparisons: Vec<Reading>,
    subgroups: &[SubgroupMention],
    trial: &mut TrialB,
) {
    let ev = ctx.evidence(s.base, s.base + s.text.len());
    for r in comparisons {
        let subgroup = subgroups
            .iter()
            .rfind(|g| g.end <= r.value.start)
            .map(|g| g.label.clone());
        let c = Comparison {
            measure: r.endpoint.clone(),
            value: r.value.value,
            ci_low: r.ci.and_then(|c| c.low),
            ci_high: r.ci.and_then(|c| c.high),
            p_value: r.p.map(|p| p.0),
            subgroup,
            evidence: vec![ev.clone()],
            rule: Some(format!(
                "comparisons.{}",
                if r.endpoint == "OR" {
                    "odds_ratio"
                } else {
                    "hazard_ratio"
                }
            )),
        };
        ctx.mark_used(s.base + r.value.num_start, s.base + r.value.num_end);
        if let Some(ci) = r.ci {
            ctx.mark_used(s.base + ci.start, s.base + ci.end);
        }
        let dup = trial
            .trial
            .comparisons
            .iter()
            .any(|o| o.measure == c.measure && o.value == c.value && o.subgroup == c.subgroup);
        if !dup {
            trial.trial.comparisons.push(c);
        }
    }
}
