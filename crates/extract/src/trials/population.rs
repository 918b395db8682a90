//! A population a paragraph opens with holds for the paragraph: "In the AChR-Ab+ population,
//! the change in MG-ADL … . QMG score improved by … . The proportion of responders was …" —
//! every figure of the three sentences is of that population, until a sentence names another
//! one ("Across the overall population, …") or the paragraph ends. Figures of the overall
//! population carry no subgroup. Only an analysis population carries: "In patients with high
//! X expression, …" is a subgroup of its own sentence.

use super::*;

/// The whole study population named at a sentence's opening: it ends a carried subgroup.
static WHOLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:(?:in|across|among|for)\s+(?:the\s+|all\s+)?(?:overall|total|entire|whole|intention-to-treat|intent-to-treat|ITT|full\s+analysis|all)(?-u:\b)|overall(?-u:\b))")
        .expect("valid")
});

/// Carry the population a paragraph opened with to the figures of its later sentences.
pub(super) fn paragraph_population(
    s: &Sentence,
    line: usize,
    subgroups: &[SubgroupMention],
    carried: &mut Option<(usize, String)>,
    readings: &mut [Reading],
) {
    if carried.as_ref().is_some_and(|(l, _)| *l != line) || WHOLE_RE.is_match(s.text) {
        *carried = None;
    }
    // "In the X population, …" opening the sentence: the figures after it are of X (read by
    // `attribute_subgroups`), and so are those of the paragraph's next sentences.
    let population = |g: &&SubgroupMention| g.label.ends_with(" population");
    if let Some(g) = subgroups
        .iter()
        .find(|g| opens(s.text, g.start))
        .filter(population)
    {
        *carried = Some((line, g.label.clone()));
        return;
    }
    if !subgroups.is_empty() {
        *carried = None;
        return;
    }
    let Some((_, label)) = carried.as_ref() else {
        return;
    };
    for r in readings.iter_mut().filter(|r| r.subgroup.is_none()) {
        r.subgroup = Some(label.clone());
    }
}

/// Whether a mention starts the sentence (after at most a word such as "Moreover,").
fn opens(text: &str, start: usize) -> bool {
    text.get(..start)
        .is_some_and(|head| head.split_whitespace().count() <= 1 && !head.contains(','))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentences: &[&str], expected: &[Option<&str>]) {
        let mut carried = None;
        let mut got = Vec::new();
        for text in sentences {
            let s = Sentence::new(text, 0);
            let subgroups = subgroup_mentions(&s);
            let mut readings = vec![Reading {
                endpoint: "X".into(),
                value: ValueMention::default(),
                ci: None,
                p: None,
                n: None,
                timepoint: None,
                arm: None,
                subgroup: subgroups.first().map(|g| g.label.clone()),
                endpoint_rule: "",
                arm_rule: "",
            }];
            paragraph_population(&s, 1, &subgroups, &mut carried, &mut readings);
            got.push(readings[0].subgroup.clone());
        }
        let expected: Vec<Option<String>> = expected.iter().map(|e| e.map(str::to_owned)).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn a_paragraph_keeps_its_population() {
        check(
            &[
                "In the HLA-B27+ population, the mean change was -3.1 points.",
                "The responder rate was 40%.",
                "Across the overall population, the change was -2.2 points.",
                "The responder rate was 35%.",
            ],
            &[
                Some("HLA-B27+ population"),
                Some("HLA-B27+ population"),
                None,
                None,
            ],
        );
    }
}
