//! The order in which a text lists its arms, carried from figures it has placed to figures it
//! has not.
//!
//! "Confirmed ORR was 47.6% at 8 mg/kg and 55.0% at 10 mg/kg, with DCRs of 85.7% and 90.0%.
//! Grade ≥3 TRAEs occurred in 35.7% vs 52.5%." Once a paragraph has set arms side by side —
//! two or more figures of one endpoint in named arms, or one sentence about each arm in turn
//! ("In the 160 mg cohort, … . In the 240 mg cohort, … . DCR was 87.5% and 92.0%.") — a later
//! list of as many figures of one endpoint ("X and Y", "X vs Y", "X / Y", "X, Y and Z, …,
//! respectively") that names no arm keeps that order. A list joined any other way, or a
//! sentence that names an arm near the list, is left to the other passes.

use super::*;

/// Between two figures of an unnamed list: "85.7% and 90.0%", "35.7% vs 52.5%", "62.5% /
/// 76.0%", "-6.3, -5.8 and -1.9", "5.6 mo [95% CI 4.2–6.9] and 6.3 mo".
pub(super) static PAIR_GAP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &(r"(?i)^\s*".to_owned()
            + VALUE_UNIT
            + r"?\s*(?:\([^()]*\)|\[[^\[\]]*\])?\s*(?:,?\s*(?:and|vs\.?|versus)|,|/)\s*$"),
    )
    .expect("valid")
});

/// The arms in the order the sentence placed them: those of the first endpoint (and
/// subgroup) whose figures went to two or more different named arms.
pub(super) fn placed_order(readings: &[Reading]) -> Option<Vec<String>> {
    let named = |r: &&Reading| r.arm.as_deref().is_some_and(|k| k != "all");
    let placed: Vec<&Reading> = readings.iter().filter(named).collect();
    placed.iter().find_map(|a| {
        let mut order: Vec<String> = Vec::new();
        for r in placed
            .iter()
            .filter(|b| b.endpoint == a.endpoint && b.subgroup == a.subgroup)
        {
            let k = r.arm.clone()?;
            if !order.contains(&k) {
                order.push(k);
            }
        }
        (order.len() >= 2).then_some(order)
    })
}

/// The order a paragraph's sentences about one arm each set: the arms in turn, when the
/// sentence about `arm` follows one about another arm.
pub(super) fn turn_order(previous: Option<&[String]>, arm: &str) -> Option<Vec<String>> {
    let prev = previous?;
    if prev.iter().any(|k| k == arm) {
        return None;
    }
    let mut order = prev.to_vec();
    order.push(arm.to_owned());
    Some(order)
}

/// Unnamed lists of one endpoint take the order placed earlier in the sentence, else the one
/// the paragraph placed before; the list has as many figures as the order has arms.
pub(super) fn ordered_lists(
    s: &Sentence,
    arms: &ArmContext,
    context: Option<&[String]>,
    doc_order: Option<&[String]>,
    readings: &mut [Reading],
) {
    // The design sentence's order holds only where the sentence names no arm of its own; the
    // order of numbered arms ("Cohort 1", "Cohort 2") only for a list said "respectively".
    let numbered = s
        .has("respectively")
        .then(|| numbered_order(arms.defs))
        .flatten();
    let open_clauses: Vec<usize> = readings
        .iter()
        .filter(|r| r.arm.is_none())
        .map(|r| r.value.clause)
        .collect();
    let names_here = arms
        .mentions
        .iter()
        .any(|m| open_clauses.contains(&s.clause(m.start)));
    let doc_order = doc_order
        .map(|d| (d, "arms.design_order"))
        .or(numbered.as_deref().map(|n| (n, "arms.numbered_order")))
        .filter(|_| !names_here);
    let (order, rule) = match (placed_order(readings), context, doc_order) {
        (Some(o), _, _) => (o, "arms.list_order"),
        (None, Some(c), _) => (c.to_vec(), "arms.list_order"),
        (None, None, Some((d, rule))) => (d.to_vec(), rule),
        (None, None, None) => return,
    };
    let open: Vec<usize> = (0..readings.len())
        .filter(|&i| readings[i].arm.is_none())
        .collect();
    let n = order.len();
    let mut x = 0;
    while x + n <= open.len() {
        let run = &open[x..x + n];
        let first = &readings[run[0]];
        let same = run.iter().all(|&i| {
            readings[i].endpoint == first.endpoint && readings[i].subgroup == first.subgroup
        });
        // Another open figure of the endpoint makes the list longer than the arms.
        let longer = open
            .iter()
            .filter(|&&i| {
                readings[i].endpoint == first.endpoint && readings[i].subgroup == first.subgroup
            })
            .count()
            != n;
        let joined = run.windows(2).all(|w| {
            PAIR_GAP_RE.is_match(s.slice(readings[w[0]].value.end, readings[w[1]].value.start))
        });
        // An arm named right after the last figure belongs to another pass's reading.
        let last_end = readings[run[n - 1]].value.end;
        let named_after = arms
            .mentions
            .iter()
            .any(|m| m.start >= last_end && m.start <= last_end + 24);
        if !same || longer || !joined || named_after {
            x += 1;
            continue;
        }
        for (&i, k) in run.iter().zip(&order) {
            readings[i].arm = Some(k.clone());
            readings[i].arm_rule = rule;
        }
        x += n;
    }
}

/// Arms named by number or letter ("Cohort 1", "Cohort 2"; "Arm A", "Arm B"), in that order,
/// when they are all the trial's arms.
fn numbered_order(defs: &[ArmDef]) -> Option<Vec<String>> {
    let mut keyed: Vec<(String, String)> = Vec::new();
    for d in defs {
        let (word, tag) = d.label.rsplit_once(' ')?;
        let numbered = matches!(
            word.to_lowercase().as_str(),
            "cohort" | "arm" | "group" | "part"
        ) && (1..=2).contains(&tag.len())
            && tag
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if !numbered {
            return None;
        }
        keyed.push((format!("{:>2}", tag), d.key.clone()));
    }
    keyed.sort();
    (keyed.len() >= 2).then(|| keyed.into_iter().map(|(_, k)| k).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_gaps() {
        for gap in [
            "% and ",
            "% vs ",
            " mo [95% CI 4.2–6.9] and ",
            "%, and ",
            "% / ",
            ", ",
        ] {
            assert!(PAIR_GAP_RE.is_match(gap), "{gap}");
        }
        for gap in ["% in the first and ", "%; the DCR was ", "% or "] {
            assert!(!PAIR_GAP_RE.is_match(gap), "{gap}");
        }
    }

    #[test]
    fn turns() {
        let prev = vec!["160mg".to_owned()];
        assert_eq!(
            turn_order(Some(&prev), "240mg"),
            Some(vec!["160mg".to_owned(), "240mg".to_owned()])
        );
        assert_eq!(turn_order(Some(&prev), "160mg"), None);
        assert_eq!(turn_order(None, "160mg"), None);
    }
}
