//! Arms of a trial randomized to three or more treatments, named once in the design sentence
//! ("randomized 1:1:1 to X 15 mg/kg plus bevacizumab, X monotherapy, or sorafenib") and
//! afterwards only by their place in a list ("median OS was 22.1, 17.6 and 13.9 months,
//! respectively").
//!
//! Each experimental item becomes an arm of its own, named by what sets it apart from the
//! other ("monotherapy", "plus bevacizumab", "the combination"); the comparator item is the
//! document's control arm. The items' order is the document's order of its arms: a later list
//! of as many figures of one endpoint, in a sentence naming no arm, follows it. With two
//! experimental arms a bare "X vs Y" is ambiguous, so neither is the default experimental arm.

use super::*;

/// From "randomized" to the start of its list of treatments.
static RANDOMIZED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)randomi[sz](?:ed|ing)(?-u:\b)[^.;]{0,160}?(?:\d{1,2}(?::\d{1,2}){1,3}\s+)?(?-u:\b)(?:to|into)\s+(?:receive\s+)?(?:(?:one\s+of\s+)?(?:three|four|3|4)\s+(?:arms|groups|regimens)\s*[:,]?\s*)?")
        .expect("valid")
});

/// Between two items of the list.
static ITEM_SPLIT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*,\s*(?:or|and|versus)\s+|\s*,\s*|\s+(?:or|versus|vs\.?)\s+").expect("valid")
});

/// Where the list stops: the sentence's next part ("…, at 187 sites", "for 24 weeks").
static LIST_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),?\s+(?:at|in|across)\s+(?:\d+|more\s+than|over)\s|,\s+(?:stratified|each|all|with|and\s+(?:the|patients|participants))(?-u:\b)|\s+(?:for|over|during)\s+(?:up\s+to\s+)?\d|\s+on\s+top\s+of(?-u:\b)|\s+(?:as|in)\s+(?:first|second|third)[-\s]line(?-u:\b)")
        .expect("valid")
});

/// What sets an experimental item apart, and the cues it gives its arm.
const ALONE_WORDS: &[&str] = &["monotherapy", "alone"];
const WITH_WORDS: &[&str] = &[
    "plus ",
    "+ ",
    "in combination with ",
    "combined with ",
    "with ",
];

/// One treatment of the design sentence.
pub(super) struct RandomizedItem {
    pub(super) label: String,
    /// Whether it gives the document's own drug.
    pub(super) experimental: bool,
}

/// The treatments a trial randomized its patients to, in order: two or more, the drug's own
/// among them and at least one other.
pub(super) fn randomized_items(text: &str, own: &[String]) -> Option<Vec<RandomizedItem>> {
    let m = RANDOMIZED_RE.find(text)?;
    let rest = text.get(m.end()..)?;
    let stop = rest.find(['.', ';', '\n']).unwrap_or(rest.len());
    let mut list = rest.get(..stop)?;
    if let Some(e) = LIST_END_RE.find(list) {
        list = list.get(..e.start())?;
    }
    let items: Vec<RandomizedItem> = ITEM_SPLIT_RE
        .split(list)
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(|i| {
            let lower = i.to_lowercase();
            RandomizedItem {
                label: strip_counts(i.strip_prefix("to ").unwrap_or(i)),
                experimental: own.iter().any(|n| lower.contains(n.as_str())),
            }
        })
        .collect();
    let exp = items.iter().filter(|i| i.experimental).count();
    let sane = items.iter().all(|i| (3..=90).contains(&i.label.len()));
    (items.len() >= 2 && exp >= 1 && exp < items.len() && sane).then_some(items)
}

/// "X (n=214)" → "X".
fn strip_counts(item: &str) -> String {
    static COUNT_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*\(\s*[nN]\s*=\s*\d+\s*\)").expect("valid"));
    COUNT_RE.replace_all(item, "").trim().to_owned()
}

/// The experimental items as arms of their own, with the words that name each apart.
pub(super) fn randomized_defs(items: &[RandomizedItem], own: &[String]) -> Vec<ArmDef> {
    items
        .iter()
        .filter(|i| i.experimental)
        .map(|i| {
            let lower = i.label.to_lowercase();
            let mut cues: Vec<String> = Vec::new();
            if ALONE_WORDS.iter().any(|w| lower.contains(w)) {
                for n in own {
                    cues.extend(ALONE_WORDS.iter().map(|w| format!("{n} {w}")));
                }
                cues.extend(
                    ["monotherapy arm", "monotherapy group", "monotherapy"].map(String::from),
                );
            }
            if let Some(partner) = WITH_WORDS.iter().find_map(|w| {
                let at = lower.find(w)?;
                lower[at + w.len()..].split_whitespace().next()
            }) {
                for w in ["plus ", "+ ", "with "] {
                    cues.push(format!("{w}{partner}"));
                }
                cues.push(format!("{partner} combination"));
                cues.extend(
                    ["combination arm", "combination group", "the combination"].map(String::from),
                );
            }
            ArmDef {
                key: slug(&i.label),
                label: i.label.clone(),
                role: Role::Cohort,
                cues,
            }
        })
        .filter(|d| !d.cues.is_empty())
        .collect()
}

/// The comparator item as the control arm, where no other rule found one: its label and its
/// first word (the comparator drug, "sorafenib") name it.
pub(super) fn randomized_control(items: &[RandomizedItem]) -> Option<ArmDef> {
    let others: Vec<&RandomizedItem> = items.iter().filter(|i| !i.experimental).collect();
    let [c] = others.as_slice() else {
        return None;
    };
    static ABBR_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\((?P<a>[A-Z][A-Za-z0-9+-]{1,7})\)").expect("valid"));
    let lower = c.label.to_lowercase();
    let mut cues = vec![lower.clone()];
    if let Some(first) = lower.split_whitespace().next().filter(|w| w.len() >= 5) {
        cues.push(first.to_owned());
    }
    // "bendamustine plus rituximab (BR)": the abbreviation names the arm too.
    if let Some(a) = ABBR_RE.captures(&c.label).and_then(|m| m.name("a")) {
        cues.push(a.as_str().to_lowercase());
        cues.push(ABBR_RE.replace(&lower, "").trim().to_owned());
    }
    Some(ArmDef {
        key: CONTROL_KEY.to_owned(),
        label: c.label.clone(),
        role: Role::Control,
        cues,
    })
}

/// The document's order of its arms, by key, when the design sentence lists three or more.
pub(super) fn randomized_order(items: &[RandomizedItem], defs: &[ArmDef]) -> Option<Vec<String>> {
    let order: Vec<String> = items
        .iter()
        .map(|i| {
            if i.experimental {
                let key = slug(&i.label);
                defs.iter().any(|d| d.key == key).then_some(key)
            } else {
                defs.iter()
                    .find(|d| d.role == Role::Control)
                    .map(|d| d.key.clone())
            }
        })
        .collect::<Option<Vec<String>>>()?;
    (items.len() >= 3 && order.len() == items.len()).then_some(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<(String, bool)> {
        randomized_items(text, &["zelvatamab".to_owned()])
            .unwrap_or_default()
            .into_iter()
            .map(|i| (i.label, i.experimental))
            .collect()
    }

    #[test]
    fn design_lists() {
        assert_eq!(
            labels("HALO-3 randomized 512 patients 1:1:1 to zelvatamab 10 mg/kg plus bevacizumab every three weeks, zelvatamab monotherapy (n=170), or lenvatinib 8 mg daily, at 150 sites in 20 countries."),
            vec![
                ("zelvatamab 10 mg/kg plus bevacizumab every three weeks".to_owned(), true),
                ("zelvatamab monotherapy".to_owned(), true),
                ("lenvatinib 8 mg daily".to_owned(), false),
            ]
        );
        // Two arms: the comparator is the control when no other rule names one.
        assert_eq!(
            labels("Patients were randomized 1:1 to zelvatamab plus rituximab or to bendamustine plus rituximab (BR)."),
            vec![
                ("zelvatamab plus rituximab".to_owned(), true),
                ("bendamustine plus rituximab (BR)".to_owned(), false),
            ]
        );
        // No comparator: not a comparative design.
        assert!(labels(
            "Patients were randomized to zelvatamab 5 mg, zelvatamab 10 mg or zelvatamab 20 mg."
        )
        .is_empty());
    }

    #[test]
    fn cues_set_the_arms_apart() {
        let items = randomized_items(
            "randomized to zelvatamab plus chemotherapy, zelvatamab alone or chemotherapy",
            &["zelvatamab".to_owned()],
        )
        .unwrap_or_default();
        let defs = randomized_defs(&items, &["zelvatamab".to_owned()]);
        assert_eq!(defs.len(), 2);
        assert!(defs[0].cues.contains(&"plus chemotherapy".to_owned()));
        assert!(defs[1].cues.contains(&"zelvatamab alone".to_owned()));
    }
}
