//! The order in which a text lists its arms, carried from figures it has placed to figures it
//! has not.
//!
//! "Confirmed ORR was 47.6% at 8 mg/kg and 55.0% at 10 mg/kg, with DCRs of 85.7% and 90.0%.
//! Grade ≥3 TRAEs occurred in 35.7% vs 52.5%." Once a paragraph has set two arms side by side,
//! a later pair of figures of one endpoint ("X and Y", "X vs Y", "…, respectively") that names
//! no arm keeps that order. A pair joined any other way, or a sentence that names an arm near
//! the pair, is left to the other passes.

use super::*;

/// Between the two figures of an unnamed pair: "85.7% and 90.0%", "35.7% vs 52.5%",
/// "5.6 mo [95% CI 4.2–6.9] and 6.3 mo".
pub(super) static PAIR_GAP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &(r"(?i)^\s*".to_owned()
            + VALUE_UNIT
            + r"?\s*(?:\([^()]*\)|\[[^\[\]]*\])?\s*,?\s*(?:and|vs\.?|versus)\s*$"),
    )
    .expect("valid")
});

/// Two arms in the order the sentence placed them: the first endpoint (and subgroup) whose
/// figures went to two different named arms.
pub(super) fn placed_order(readings: &[Reading]) -> Option<(String, String)> {
    let named = |r: &&Reading| r.arm.as_deref().is_some_and(|k| k != "all");
    let placed: Vec<&Reading> = readings.iter().filter(named).collect();
    placed.iter().enumerate().find_map(|(i, a)| {
        placed[i + 1..]
            .iter()
            .find(|b| b.endpoint == a.endpoint && b.subgroup == a.subgroup && b.arm != a.arm)
            .and_then(|b| Some((a.arm.clone()?, b.arm.clone()?)))
    })
}

/// Unnamed pairs of one endpoint take the order placed earlier in the sentence, else the one
/// the paragraph placed before.
pub(super) fn ordered_pairs(
    s: &Sentence,
    arms: &ArmContext,
    context: Option<(&str, &str)>,
    readings: &mut [Reading],
) {
    let Some((first, second)) =
        placed_order(readings).or_else(|| context.map(|(a, b)| (a.to_owned(), b.to_owned())))
    else {
        return;
    };
    let open: Vec<usize> = (0..readings.len())
        .filter(|&i| readings[i].arm.is_none())
        .collect();
    for (x, &a) in open.iter().enumerate() {
        let Some(&b) = open.get(x + 1) else { break };
        let (ra, rb) = (&readings[a], &readings[b]);
        let same = ra.endpoint == rb.endpoint && ra.subgroup == rb.subgroup;
        // A third open figure of the endpoint makes it a list, not a pair.
        let third = open
            .iter()
            .filter(|&&i| {
                readings[i].endpoint == ra.endpoint && readings[i].subgroup == ra.subgroup
            })
            .count()
            != 2;
        let joined = PAIR_GAP_RE.is_match(s.slice(ra.value.end, rb.value.start));
        // An arm named right after the second figure belongs to another pass's reading.
        let named_after = arms
            .mentions
            .iter()
            .any(|m| m.start >= rb.value.end && m.start <= rb.value.end + 24);
        if !same || third || !joined || named_after {
            continue;
        }
        for (i, k) in [(a, &first), (b, &second)] {
            readings[i].arm = Some(k.clone());
            readings[i].arm_rule = "arms.pair_order";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_gaps() {
        for gap in ["% and ", "% vs ", " mo [95% CI 4.2–6.9] and ", "%, and "] {
            assert!(PAIR_GAP_RE.is_match(gap), "{gap}");
        }
        for gap in ["% in the first and ", "%; the DCR was ", "% or "] {
            assert!(!PAIR_GAP_RE.is_match(gap), "{gap}");
        }
    }
}
