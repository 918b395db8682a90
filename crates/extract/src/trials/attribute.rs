//! Which arm each reading of a sentence belongs to (subgroups are `subgroups.rs`).
//!
//! The passes run in order of confidence, each filling only readings still without an arm:
//! `respectively` lists ("… and … for the treatment arm and placebo arm, respectively"), an arm
//! named right after a value ("80.4% in the placebo group") or just before it with nothing
//! between ("in the combo arm was 5.4 months"), the two sides of a comparison ("8.3 vs 4.3
//! months": the experimental arm first), the one arm a sentence names, the arm of the
//! sentence before. What is still open after that stays unattributed, and in a comparative
//! trial an unattributed figure is dropped rather than guessed.

use super::*;

/// The arms a sentence's readings can go to, and which of them is which.
pub(super) struct ArmContext<'d> {
    pub(super) defs: &'d [ArmDef],
    pub(super) mentions: Vec<ArmMention>,
}

impl ArmContext<'_> {
    fn role(&self, key: &str) -> Option<Role> {
        self.defs.iter().find(|d| d.key == key).map(|d| d.role)
    }

    fn key_of(&self, role: Role) -> Option<String> {
        self.defs
            .iter()
            .find(|d| d.role == role)
            .map(|d| d.key.clone())
    }

    pub(super) fn comparative(&self) -> bool {
        self.key_of(Role::Control).is_some()
    }

    /// The distinct arms named, in order of first mention.
    pub(super) fn distinct(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in &self.mentions {
            if !out.contains(&m.key) {
                out.push(m.key.clone());
            }
        }
        out
    }
}

/// Between two figures compared: "13.6 vs 8.3", "8.3 months compared to 4.3".
static VERSUS_GAP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&(r"(?i)^\s*".to_owned() + VALUE_UNIT + r"?\s*(?:\([^()]*\))?\s*(?:(?:with|in|for|on|at)\s+[^,;()]{1,60}?(?:\s*\([^()]*\))?)?\s*,?\s*(?:versus|vs\.?|compared\s+(?:with|to)|against|than)\s*$"))
        .expect("valid")
});

/// Pairs of readings compared with each other: (first, second) indices.
pub(super) fn versus_pairs(s: &Sentence, readings: &[Reading]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 1..readings.len() {
        let (a, b) = (&readings[i - 1], &readings[i]);
        if a.endpoint == b.endpoint
            && a.value.paren == b.value.paren
            && VERSUS_GAP_RE.is_match(s.slice(a.value.end, b.value.start))
        {
            out.push((i - 1, i));
        }
    }
    out
}

/// "… 18.2 months and 15.5 months for the treatment arm and placebo arm, respectively": the
/// i-th figure of each endpoint goes to the i-th arm named.
pub(super) fn respectively_arms(s: &Sentence, arms: &ArmContext, readings: &mut [Reading]) {
    listed_arms(s, arms, readings);
    if !s.has("respectively") {
        return;
    }
    let named = arms.distinct();
    let mut order: Vec<String> = Vec::new();
    for r in readings.iter() {
        if !order.contains(&r.endpoint) {
            order.push(r.endpoint.clone());
        }
    }
    for endpoint in order {
        let idx: Vec<usize> = (0..readings.len())
            .filter(|&i| readings[i].endpoint == endpoint && readings[i].arm.is_none())
            .collect();
        // The arms the figures' own clause names: "…, respectively; in the placebo group the
        // change was 0.9%" lists three dose groups, not the placebo named after the semicolon.
        let clause = idx.first().map(|&i| s.clause(readings[i].value.start));
        let mut named_here: Vec<String> = Vec::new();
        for m in arms
            .mentions
            .iter()
            .filter(|m| Some(s.clause(m.start)) == clause)
        {
            if !named_here.contains(&m.key) {
                named_here.push(m.key.clone());
            }
        }
        let keys: Vec<String> = if named.len() >= 2 && named.len() == idx.len() {
            named.clone()
        } else if named_here.len() >= 2
            && named_here.len() == idx.len()
            && idx
                .iter()
                .all(|&i| Some(s.clause(readings[i].value.start)) == clause)
        {
            named_here
        } else if named.is_empty() && idx.len() == 2 && arms.comparative() {
            // "The mPFS was 5.5 and 2.8 months, respectively" after a sentence setting the
            // drug against its control: the document's order, the drug first.
            match (arms.key_of(Role::Experimental), arms.key_of(Role::Control)) {
                (Some(e), Some(c)) => vec![e, c],
                _ => continue,
            }
        } else if named.len() == 1 && idx.len() == 2 && arms.comparative() {
            // "32.3% and 7.9% for chemotherapy, respectively": the named arm is one side.
            match (arms.key_of(Role::Experimental), arms.key_of(Role::Control)) {
                (Some(e), Some(c)) if named.contains(&e) || named.contains(&c) => vec![e, c],
                _ => continue,
            }
        } else {
            continue;
        };
        for (i, k) in idx.into_iter().zip(keys) {
            readings[i].arm = Some(k);
            readings[i].arm_rule = "arms.respectively";
        }
    }
}

/// "28.8% and 39.7% at 2.2 and 2.8 mg/kg(, respectively)": a list of figures of one endpoint
/// followed by as many arms, the i-th figure to the i-th arm.
fn listed_arms(s: &Sentence, arms: &ArmContext, readings: &mut [Reading]) {
    let mut x = 0;
    while x < readings.len() {
        // The run of open figures of one endpoint starting at x, joined as a list.
        let mut run = vec![x];
        while let Some(&last) = run.last() {
            let next = last + 1;
            let joined = readings.get(next).is_some_and(|n| {
                let gap = s.slice(readings[last].value.end, n.value.start);
                n.arm.is_none()
                    && n.endpoint == readings[x].endpoint
                    && (PAIR_GAP_RE.is_match(gap) || gap.trim() == "%,")
            });
            if !joined {
                break;
            }
            run.push(next);
        }
        let open = readings[x].arm.is_none();
        x = run.last().map_or(x, |l| l + 1);
        if run.len() < 2 || !open {
            continue;
        }
        let end = readings[*run.last().unwrap_or(&0)].value.end;
        let names = arms_listed_after(s, arms, end);
        if names.len() == run.len() {
            for (i, key) in run.into_iter().zip(names) {
                readings[i].arm = Some(key);
                readings[i].arm_rule = "arms.listed";
            }
        }
    }
}

/// "The ORR was 38% versus 15%, and the median DOR 8.7 and 6.1 months, respectively": with no
/// arm named, "respectively" follows the order of the compared pair the sentence has placed.
pub(super) fn respectively_after_versus(
    s: &Sentence,
    pairs: &[(usize, usize)],
    readings: &mut [Reading],
) {
    if !s.has("respectively") {
        return;
    }
    let placed = pairs.iter().find_map(|&(a, b)| {
        let (ka, kb) = (readings.get(a)?.arm.clone()?, readings.get(b)?.arm.clone()?);
        (ka != kb).then_some((ka, kb))
    });
    let Some((first, second)) = placed else {
        return;
    };
    let mut endpoints: Vec<String> = readings
        .iter()
        .filter(|r| r.arm.is_none())
        .map(|r| r.endpoint.clone())
        .collect();
    endpoints.dedup();
    for endpoint in endpoints {
        let idx: Vec<usize> = (0..readings.len())
            .filter(|&i| readings[i].arm.is_none() && readings[i].endpoint == endpoint)
            .collect();
        if let [a, b] = idx[..] {
            for (i, k) in [(a, &first), (b, &second)] {
                readings[i].arm = Some(k.clone());
                readings[i].arm_rule = "arms.respectively_after_versus";
            }
        }
    }
}

/// From a value to an arm named right after it: "80.4% in placebo group", "5.3% for those
/// given paclitaxel alone", "14.9% for the combo", "55.0% (95% CI 38.5–70.7) at 10 mg/kg",
/// "5.1 mo (8 mg/kg)".
pub(super) static AFTER_LINK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&(r"(?i)^\s*".to_owned() + VALUE_UNIT + r"?\s*\)?\s*(?:[\(\[][^()\[\]]*[\)\]]\s*)?(?:(?:of\s+(?:the\s+)?(?:patients|those|subjects|participants|pts)\s+)?(?:(?:in|for|with|among)\s+(?:the\s+)?(?:patients|those|subjects|participants|pts)\s+)?(?:in|for|with|on|at|of|receiving|given|treated\s+with|among)\s+(?:the\s+)?|\(\s*)$"))
        .expect("valid")
});

/// Whether an arm mention is named right after a value ending at `end`: the gap reads as an
/// `AFTER_LINK_RE` link, where a dose may follow its drug's name ("-4.8 with zelunimab 200 mg").
pub(super) fn linked_after(s: &Sentence, end: usize, m: &ArmMention) -> bool {
    if m.start < end {
        return false;
    }
    let gap = s.slice(end, m.start);
    if AFTER_LINK_RE.is_match(gap) {
        return true;
    }
    let dose = s
        .slice(m.start, m.end)
        .starts_with(|c: char| c.is_ascii_digit());
    let word = gap
        .trim_end()
        .rsplit_once(char::is_whitespace)
        .filter(|(_, w)| w.len() >= 4 && w.chars().all(|c| c.is_alphanumeric() || c == '-'));
    dose && word.is_some_and(|(head, _)| AFTER_LINK_RE.is_match(&format!("{head} ")))
}

/// "grade ≥3 TRAEs with X compared with chemotherapy (27% vs 62%)": both arms named, in
/// order, before a compared pair that names none after it.
pub(super) fn versus_order(
    s: &Sentence,
    arms: &ArmContext,
    pairs: &[(usize, usize)],
    readings: &mut [Reading],
) {
    // A later pair of the same sentence with no arm named since takes the same order
    // ("less frequent with X than with Y (31% vs 48%), with fewer discontinuations (4% vs 9%)").
    let mut last: Option<(String, String, usize)> = None;
    for &(a, b) in pairs {
        let (va, vb) = (&readings[a].value, &readings[b].value);
        if let Some((k1, k2, end)) = last.clone() {
            let named_since = arms
                .mentions
                .iter()
                .any(|m| m.start >= end && m.end <= va.start);
            if !named_since && readings[a].arm.is_none() && readings[b].arm.is_none() {
                for (i, k) in [(a, k1), (b, k2)] {
                    readings[i].arm = Some(k);
                    readings[i].arm_rule = "arms.versus_order";
                }
                last = Some((
                    readings[a].arm.clone().unwrap_or_default(),
                    readings[b].arm.clone().unwrap_or_default(),
                    readings[b].value.end,
                ));
                continue;
            }
        }
        let linked_after =
            |v: &ValueMention| arms.mentions.iter().any(|m| linked_after(s, v.end, m));
        if readings[a].arm.is_some()
            || readings[b].arm.is_some()
            || linked_after(va)
            || linked_after(vb)
        {
            continue;
        }
        let before: Vec<&ArmMention> = arms
            .mentions
            .iter()
            .filter(|m| m.end <= va.start && s.clause(m.start) == va.clause)
            .collect();
        let [.., m1, m2] = before.as_slice() else {
            continue;
        };
        // The two arms are set against each other in one phrase: "with X compared with Y".
        let joined = JOIN_RE.is_match(s.slice(m1.end, m2.start));
        if m1.key != m2.key && joined && !gap_has_figure(s.slice(m2.end, va.start)) {
            for (i, k) in [(a, &m1.key), (b, &m2.key)] {
                readings[i].arm = Some(k.clone());
                readings[i].arm_rule = "arms.versus_order";
            }
            last = Some((m1.key.clone(), m2.key.clone(), vb.end));
        }
    }
}

/// Between two arms set against each other.
static JOIN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:(?:plus|\+|in\s+combination\s+with)\s+[\w-]+(?:\s+[\w-]+)?\s+)?(?:\([^()]*\)\s*)?,?\s*(?:compared\s+(?:with|to)|versus|vs\.?|or|and|than|relative\s+to)\s+(?:(?:the|those|patients)\s+)*(?:(?:given|receiving|treated\s+with|with|on)\s+)?$")
        .expect("valid")
});

/// Whether text between an arm and a value states a figure of its own (a sentence's other
/// result); sizes in brackets ("(n=22)") do not count.
fn gap_has_figure(gap: &str) -> bool {
    static BRACKETED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\([^()]*\)|\[[^\[\]]*\]").expect("valid"));
    BRACKETED
        .replace_all(gap, " ")
        .chars()
        .any(|c| c.is_ascii_digit())
}

/// Arms named right after or right before a value. The second figure of a compared pair
/// takes only an arm named after it: the arm before it is the first figure's.
pub(super) fn linked_arms(
    s: &Sentence,
    arms: &ArmContext,
    pairs: &[(usize, usize)],
    readings: &mut [Reading],
) {
    let claimed: Vec<usize> = readings
        .iter()
        .filter_map(|r| {
            arms.mentions
                .iter()
                .find(|m| linked_after(s, r.value.end, m))
        })
        .map(|m| m.start)
        .collect();
    for (i, r) in readings.iter_mut().enumerate() {
        if r.arm.is_some() {
            continue;
        }
        let v = &r.value;
        let after = arms.mentions.iter().find(|m| linked_after(s, v.end, m));
        if let Some(m) = after {
            r.arm = Some(m.key.clone());
            r.arm_rule = "arms.after_value";
            continue;
        }
        // The nearest arm before the value, in its clause, with no other figure between —
        // unless that arm is named after an earlier figure as its own ("47.6% at the 8 mg/kg
        // dose level and 55.0% at 10 mg/kg": 55.0 is not the 8 mg/kg cohort's).
        let before = arms
            .mentions
            .iter()
            .rfind(|m| m.end <= v.start && s.clause(m.start) == v.clause)
            .filter(|m| !claimed.contains(&m.start));
        let second = pairs.iter().any(|&(_, b)| b == i);
        // "97 got X and 90 got placebo, X came out ahead on ORR (41.2% vs 18.9%)": the first
        // figure of a pair is not the control's for being named last; the pair's sides follow
        // the document's order (`versus_arms`).
        let first = pairs.iter().any(|&(a, _)| a == i);
        let control_after_drug = before.is_some_and(|m| {
            arms.role(&m.key) == Some(Role::Control)
                && arms
                    .mentions
                    .iter()
                    .any(|o| o.end <= m.start && arms.role(&o.key) == Some(Role::Experimental))
        });
        let before = before.filter(|_| !(first && control_after_drug));
        if let (Some(m), false) = (before, second) {
            // An arm inside a bracket that closes before the value is that bracket's:
            // "diarrhoea (18.0% and 23.7% in the 30 mg and 45 mg arms) and nausea (14.8%".
            let gap = s.slice(m.end, v.start);
            let closed = gap
                .chars()
                .try_fold(0i32, |depth, c| match c {
                    '(' | '[' => Some(depth + 1),
                    ')' | ']' if depth == 0 => None,
                    ')' | ']' => Some(depth - 1),
                    _ => Some(depth),
                })
                .is_none();
            if !closed && !gap_has_figure(gap) {
                r.arm = Some(m.key.clone());
                r.arm_rule = "arms.before_value";
            }
        }
    }
}

/// "(45.2% / 21.0%) in the 25 mg group": two figures joined by a slash, of two endpoints,
/// share the arm named after the second.
pub(super) fn slashed_arms(s: &Sentence, readings: &mut [Reading]) {
    for i in 1..readings.len() {
        let (a, b) = (&readings[i - 1], &readings[i]);
        let joined = s
            .slice(a.value.end, b.value.start)
            .trim()
            .trim_start_matches('%')
            .trim()
            == "/";
        if joined && a.arm.is_none() && a.endpoint != b.endpoint && b.arm_rule == "arms.after_value"
        {
            let arm = b.arm.clone();
            readings[i - 1].arm = arm;
            readings[i - 1].arm_rule = "arms.slash_partner";
        }
    }
}

/// The two sides of a comparison: one side's arm gives the other the opposite role; with
/// neither named, the experimental arm comes first, as documents write it.
pub(super) fn versus_arms(arms: &ArmContext, pairs: &[(usize, usize)], readings: &mut [Reading]) {
    let (Some(exp), Some(ctrl)) = (arms.key_of(Role::Experimental), arms.key_of(Role::Control))
    else {
        return;
    };
    let other = |k: &str| -> Option<String> {
        match arms.role(k) {
            Some(Role::Experimental) => Some(ctrl.clone()),
            Some(Role::Control) => Some(exp.clone()),
            _ => None,
        }
    };
    for &(a, b) in pairs {
        let (ka, kb) = (readings[a].arm.clone(), readings[b].arm.clone());
        let (na, nb) = match (ka, kb) {
            (Some(_), Some(_)) => continue,
            (Some(k), None) => (None, other(&k)),
            (None, Some(k)) => (other(&k), None),
            (None, None) => (Some(exp.clone()), Some(ctrl.clone())),
        };
        for (i, k) in [(a, na), (b, nb)] {
            if let Some(k) = k {
                readings[i].arm = Some(k);
                readings[i].arm_rule = "arms.versus";
            }
        }
    }
}

/// The one cohort a clause names before its figures takes them, in a sentence that names
/// several: "in the low-dose cohort the ORR was 31% and the DCR 80%; in the high-dose cohort
/// …". The second figure of a compared pair is left alone: it is the other side's.
pub(super) fn clause_arm(
    s: &Sentence,
    arms: &ArmContext,
    pairs: &[(usize, usize)],
    readings: &mut [Reading],
) {
    for (i, r) in readings.iter_mut().enumerate() {
        if r.arm.is_some() || pairs.iter().any(|&(_, b)| b == i) {
            continue;
        }
        let clause = r.value.clause;
        // Only a cohort named before the figure: a comparative arm named after it may be the
        // other side of a pair whose first arm the text names in words no rule knows.
        let mut keys = arms
            .mentions
            .iter()
            .filter(|m| {
                s.clause(m.start) == clause
                    && m.end <= r.value.start
                    && arms.role(&m.key) == Some(Role::Cohort)
            })
            .map(|m| &m.key);
        let Some(first) = keys.next() else { continue };
        if keys.all(|k| k == first) {
            r.arm = Some(first.clone());
            r.arm_rule = "arms.clause";
        }
    }
}

/// The one arm a sentence names takes its unattributed figures; returns that arm.
pub(super) fn sentence_arm(
    s: &Sentence,
    arms: &ArmContext,
    readings: &mut [Reading],
) -> Option<String> {
    let named = arms.distinct();
    let [only] = named.as_slice() else {
        return None;
    };
    // A contrast clause (", while anemia (28%) …") turns away from the arm named before it.
    let named_in = |c: usize| arms.mentions.iter().any(|m| s.clause(m.start) == c);
    for r in readings
        .iter_mut()
        .filter(|r| r.arm.is_none() && (named_in(r.value.clause) || !s.is_contrast(r.value.clause)))
    {
        r.arm = Some(only.clone());
        r.arm_rule = "arms.sentence";
    }
    Some(only.clone())
}

/// The arm of the sentence before (same paragraph) takes what is still open.
pub(super) fn context_arm(s: &Sentence, context: Option<&str>, readings: &mut [Reading]) {
    let Some(k) = context else { return };
    // Two open figures of one endpoint (and subgroup) are two arms', not both the previous
    // sentence's.
    let open: Vec<(String, Option<String>)> = readings
        .iter()
        .filter(|r| r.arm.is_none())
        .map(|r| (r.endpoint.clone(), r.subgroup.clone()))
        .collect();
    let once = |r: &Reading| {
        open.iter()
            .filter(|(e, g)| *e == r.endpoint && *g == r.subgroup)
            .count()
            == 1
    };
    for r in readings
        .iter_mut()
        .filter(|r| r.arm.is_none() && !s.is_contrast(r.value.clause))
        .filter(|r| once(r))
    {
        r.arm = Some(k.to_owned());
        r.arm_rule = "arms.context";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versus_gaps() {
        for gap in [
            " vs ",
            " months versus ",
            " months compared to ",
            " months with Zoravek, compared with ",
            "% (95% CI, 1-2) vs ",
            " days at 450 mg, against ",
        ] {
            assert!(VERSUS_GAP_RE.is_match(gap), "{gap}");
        }
        for gap in [" and ", "; the PR rate was ", " months. Median OS was "] {
            assert!(!VERSUS_GAP_RE.is_match(gap), "{gap}");
        }
    }

    #[test]
    fn after_links() {
        for gap in [
            " in the ",
            "% of pts in ",
            " for those given ",
            " months for patients receiving ",
            " for the ",
            " with ",
            "% (95% CI 32.0–63.6) at the ",
            " mo (",
            "%) in the ",
            " points with ",
            "% at ",
            "% of ",
            " days at ",
            " kg on ",
        ] {
            assert!(AFTER_LINK_RE.is_match(gap), "{gap}");
        }
        for gap in [" and 20% in the ", " of the study in the x "] {
            assert!(!AFTER_LINK_RE.is_match(gap), "{gap}");
        }
    }
}
