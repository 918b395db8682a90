//! The comparative arms of a document: its control arm (placebo, chemotherapy, physician's
//! choice, a comparator drug given "alone" or set against the drug) and its experimental arm
//! (the drug under study), with the phrases that name each in a sentence.

use super::*;

/// Phrases naming a control arm by its treatment.
pub(super) static CONTROL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)(?-u:\b)(?P<c>
          treatment\s+of\s+(?:the\s+)?(?:physician|investigator)'?s'?\s+choice(?:\s*\(TPC\))?
        | (?:physician|investigator)'?s'?\s+choice(?:\s+of\s+(?:chemotherapy|treatment))?
        | TPC
        | placebo(?:\s+(?:plus|\+)\s+[a-z][\w-]*)?
        | standard\s+of\s+care | best\s+supportive\s+care
        | (?:standard\s+|platinum-based\s+|investigator-chosen\s+|single-agent\s+)?chemotherapy
        | control\s+(?:arm|group|cohort)
        )(?-u:\b)",
    )
    .expect("valid")
});

/// A drug given alone as the comparator: "paclitaxel alone", "the Tecentriq monotherapy arm".
pub(super) static ALONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<drug>[A-Za-z][A-Za-z0-9-]{3,})\s+(?:alone|monotherapy)(?-u:\b)")
        .expect("valid")
});

/// Generic names of the experimental arm.
pub(super) const EXPERIMENTAL_CUES: &[&str] = &[
    "treatment arm",
    "treatment group",
    "experimental arm",
    "experimental group",
    "investigational arm",
    "combination arm",
    "combination group",
    "combo arm",
    "combo group",
    "combo",
    "the combination",
];

/// Words before a control phrase that make it part of something else ("progressed on prior
/// chemotherapy", "X plus chemotherapy").
pub(super) const NOT_CONTROL_BEFORE: &[&str] = &[
    "prior ",
    "previous ",
    "after ",
    "plus ",
    "+ ",
    "and ",
    "on ",
    "following ",
    "of ",
];

/// Whether the document compares arms at all.
pub(super) fn is_comparative(lower: &str) -> bool {
    [
        "randomized",
        "randomised",
        "versus",
        " vs ",
        " vs.",
        "compared with",
        "compared to",
        "placebo-controlled",
        "head-to-head",
        "placebo plus",
        "placebo arm",
        "placebo group",
        "control arm",
        "control group",
        "comparator arm",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The control arm, when the document compares its drug with one.
pub(super) fn control_def(
    text: &str,
    assets: &[DocAsset],
    exp: Option<&DocAsset>,
) -> Option<ArmDef> {
    let lower = text.to_lowercase();
    if !is_comparative(&lower) {
        return None;
    }
    let own: Vec<String> = exp
        .map(|a| a.names.iter().map(|n| n.to_lowercase()).collect())
        .unwrap_or_default();
    let exp_cues: Vec<String> = own
        .iter()
        .cloned()
        .chain(EXPERIMENTAL_CUES.iter().map(|c| (*c).to_owned()))
        .collect();
    let mut cues: Vec<String> = [
        "placebo",
        "chemotherapy",
        "control arm",
        "control group",
        "control cohort",
        "comparator arm",
        "comparator group",
        "tpc",
        "physician's choice",
        "investigator's choice",
        "standard of care",
        "best supportive care",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let mut label: Option<(usize, String)> = None;
    for m in CONTROL_RE.find_iter(text) {
        if !control_context(&lower, m.start(), m.end())
            || !reports_arms(&lower, m.start(), &exp_cues)
        {
            continue;
        }
        if label.as_ref().is_none_or(|(s, _)| m.start() < *s) {
            label = Some((m.start(), capitalise_first(m.as_str())));
        }
        break;
    }
    for m in ALONE_RE.captures_iter(text) {
        let (Some(whole), Some(d)) = (m.get(0), m.name("drug")) else {
            continue;
        };
        let drug = d.as_str().to_lowercase();
        if own.contains(&drug)
            || STOP_ALONE.contains(&drug.as_str())
            || !reports_arms(&lower, whole.start(), &exp_cues)
        {
            continue;
        }
        cues.push(whole.as_str().to_lowercase());
        cues.push(drug);
        if label.as_ref().is_none_or(|(s, _)| whole.start() < *s) {
            label = Some((whole.start(), whole.as_str().to_owned()));
        }
    }
    let is_exp = |a: &DocAsset| exp.is_some_and(|e| std::ptr::eq(e, a));
    // A comparator drug names the control arm where the text sets it against the drug
    // ("versus docetaxel", "the docetaxel arm"); a name sharing a word with the drug's own
    // ("tirumotecan" beside "sacituzumab tirumotecan") is the drug itself.
    let shares_word = |n: &str| {
        own.iter().any(|o| {
            o.split_whitespace()
                .any(|w| n.split_whitespace().any(|x| x == w))
                || lower.contains(&format!("{o} {n}"))
                || lower.contains(&format!("{n} {o}"))
        })
    };
    for a in assets.iter().filter(|a| a.comparator && !is_exp(a)) {
        let names: Vec<String> = a
            .names
            .iter()
            .map(|n| n.to_lowercase())
            .filter(|n| !shares_word(n))
            .collect();
        let set_against = names.iter().any(|n| {
            lower.match_indices(n.as_str()).any(|(i, _)| {
                drug_against(&lower, i, i + n.len()) && reports_arms(&lower, i, &exp_cues)
            })
        });
        if !set_against {
            continue;
        }
        cues.extend(names);
        if label.is_none() {
            label = Some((0, a.name().to_owned()));
        }
    }
    let (_, label) = label?;
    Some(ArmDef {
        key: CONTROL_KEY.to_owned(),
        label,
        role: Role::Control,
        cues,
    })
}

/// Whether the sentence around `pos` sets arms of the document's trial against each other: it
/// randomises, or it names the document's drug — and it is no trial still to come ("a
/// randomized study … is ongoing").
pub(super) fn reports_arms(lower: &str, pos: usize, exp_cues: &[String]) -> bool {
    // A sentence ends at a full stop followed by a space or at a line end, never at the
    // decimal point of "(95% CI, 11.0-13.9)".
    // A hard-wrapped line ("… randomized to X 150 mg\nevery four weeks (n=198) … or\nplacebo")
    // runs on: only a full stop, a blank line or a bullet ends the sentence.
    const ENDS: [&str; 5] = [". ", ".\n", "\n\n", "\n- ", "\n\u{2022}"];
    let start = lower
        .get(..pos)
        .and_then(|h| ENDS.iter().filter_map(|e| h.rfind(e)).max())
        .map_or(0, |i| i + 1);
    let end = lower
        .get(pos..)
        .and_then(|t| ENDS.iter().filter_map(|e| t.find(e)).min())
        .map_or(lower.len(), |i| pos + i);
    let sentence = lower.get(start..end).unwrap_or("");
    let future = [
        "ongoing",
        "planned",
        " will ",
        "plans to",
        "to be initiated",
    ]
    .iter()
    .any(|w| sentence.contains(w));
    let assigns = ["randomi", "placebo-controlled", "assigned"]
        .iter()
        .any(|w| sentence.contains(w));
    // The comparison is the document's own when its drug (or "the combo", "the treatment
    // arm") is in the same sentence; a pipeline update comparing another programme is not.
    let names_drug = exp_cues.iter().any(|c| sentence.contains(c.as_str()));
    // "9.4% with 60 mg and 12.6% with 120 mg, compared with 1.8% with placebo": the drug's
    // doses against placebo.
    let doses_and_placebo = sentence.contains("placebo") && DOSE_RE.is_match(sentence);
    !future && (assigns || names_drug || doses_and_placebo)
}

/// Words that come before "alone" without naming a drug.
pub(super) const STOP_ALONE: &[&str] = &[
    "treatment",
    "therapy",
    "chemotherapy",
    "placebo",
    "patients",
];

/// A control phrase in an arm context: compared with, randomised to, an arm of its own.
pub(super) fn control_context(lower: &str, start: usize, end: usize) -> bool {
    let before = window_before(lower, start, 40);
    let after = lower.get(end..).unwrap_or("");
    if after.starts_with("-controlled") || after.starts_with("-free") {
        return false;
    }
    // Placebo is never a partner drug, and always a control: "high-dose, low-dose and
    // placebo" lists arms.
    if lower
        .get(start..end)
        .is_some_and(|p| p.starts_with("placebo"))
    {
        return true;
    }
    if NOT_CONTROL_BEFORE.iter().any(|w| before.ends_with(w)) {
        return false;
    }
    [
        "versus", "vs", "compared", "or ", "either", "receive", "than", "to ", "with ",
    ]
    .iter()
    .any(|w| before.contains(w))
        || [" arm", " group", " alone", " (n"]
            .iter()
            .any(|w| after.starts_with(w))
}

/// The drug the document is about: the first one it names that is not given "alone" as the
/// comparator. (Which drugs are comparators is not trusted here: in a document comparing a
/// drug with chemotherapy, the drug itself may read as one.)
pub(super) fn experimental_asset<'a>(text: &str, assets: &'a [DocAsset]) -> Option<&'a DocAsset> {
    let alone: Vec<String> = ALONE_RE
        .captures_iter(text)
        .filter_map(|c| c.name("drug").map(|d| d.as_str().to_lowercase()))
        .collect();
    let first = |a: &&DocAsset| a.mentions.iter().map(|m| m.0).min().unwrap_or(usize::MAX);
    let given_alone = |a: &&DocAsset| a.names.iter().any(|n| alone.contains(&n.to_lowercase()));
    // A drug "alone" is the comparator only beside another drug ("X plus Y versus Y alone");
    // the document's only drug given "alone" is its monotherapy arm.
    // The drug the document keeps naming is the one under study, with a lead for those the
    // entity pass found to be its subject: a headline "X Extends Survival Versus Docetaxel"
    // must not make docetaxel the drug under study, nor a questionnaire code that reads like
    // a drug code ("QLQ-LC13") the drug that beats it.
    let weight = |a: &&DocAsset| a.mentions.len() + if a.comparator { 0 } else { 2 };
    let pick = |pool: Vec<&'a DocAsset>| {
        pool.into_iter()
            .max_by(|a, b| weight(a).cmp(&weight(b)).then(first(b).cmp(&first(a))))
    };
    // A comparator (an established drug, an INN the text does not study) is the drug under
    // study only when the document has no other: "SKY-88 monotherapy or SKY-88 plus
    // fulvestrant" is about SKY-88, though fulvestrant is the drug not given alone.
    pick(
        assets
            .iter()
            .filter(|a| !a.comparator && !given_alone(a))
            .collect(),
    )
    .or_else(|| pick(assets.iter().filter(|a| !a.comparator).collect()))
    .or_else(|| pick(assets.iter().filter(|a| !given_alone(a)).collect()))
    .or_else(|| pick(assets.iter().collect()))
}

/// A comparator drug set against the document's drug: "versus X", "compared with X", "X
/// alone", "the X arm" ("in combination with X" is a partner, not a comparator).
pub(super) fn drug_against(lower: &str, start: usize, end: usize) -> bool {
    let before = window_before(lower, start, 24);
    let after = lower.get(end..).unwrap_or("");
    [
        "versus ",
        "vs ",
        "vs. ",
        "compared with ",
        "compared to ",
        "than ",
    ]
    .iter()
    .any(|w| before.ends_with(w))
        || [" alone", " monotherapy", " arm", " group"]
            .iter()
            .any(|w| after.starts_with(w))
        || FIGURE_THEN_DRUG_RE.is_match(before)
}

/// "… versus 69.2% with ibrutinib": the comparator named right after its own figure.
static FIGURE_THEN_DRUG_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:versus|vs\.?|compared\s+with)\s+\d+(?:\.\d+)?\s*(?:%|months?)?\s+(?:with|for|on)\s+$",
    )
    .expect("valid")
});

/// The experimental arm: the document's own drug.
pub(super) fn experimental_def(main: &DocAsset) -> ArmDef {
    let mut cues: Vec<String> = main.names.iter().map(|n| n.to_lowercase()).collect();
    cues.extend(EXPERIMENTAL_CUES.iter().map(|s| (*s).to_owned()));
    ArmDef {
        key: slug(main.name()),
        label: main.name().to_owned(),
        role: Role::Experimental,
        cues,
    }
}

/// "… or atezolizumab plus bevacizumab (arm C, n=80)": the one lettered arm defined by a
/// comparator's treatment is also "the control arm". Its cues are added where no arm of the
/// document has the control's role.
pub(super) fn lettered_control_cues(text: &str, assets: &[DocAsset], defs: &mut [ArmDef]) {
    static LETTERED_DEF_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\((?P<word>[Aa]rm|[Gg]roup|[Cc]ohort)\s+(?P<id>[A-Z0-9]{1,2})\s*[,;)]")
            .expect("valid")
    });
    if defs.iter().any(|d| d.role == Role::Control) {
        return;
    }
    let comparators: Vec<String> = assets
        .iter()
        .filter(|a| a.comparator)
        .flat_map(|a| a.names.iter().map(|n| n.to_lowercase()))
        .collect();
    let own = own_names(experimental_asset(text, assets));
    let mut controls: Vec<String> = Vec::new();
    for c in LETTERED_DEF_RE.captures_iter(text) {
        let (Some(whole), Some(word), Some(id)) = (c.get(0), c.name("word"), c.name("id")) else {
            continue;
        };
        // The treatment the bracket closes: back to the list's separator before it.
        let before = window_before(text, whole.start(), 60);
        let item = before
            .rsplit([',', ';', ':'])
            .next()
            .unwrap_or(before)
            .to_lowercase();
        // "… or atezolizumab plus bevacizumab (arm C": the last item, without the drug.
        let without_drug = !own.is_empty() && !own.iter().any(|n| item.contains(n.as_str()));
        let comparator = without_drug
            && (comparators.iter().any(|n| item.contains(n.as_str()))
                || CONTROL_RE.is_match(&item)
                || item.trim_start().starts_with("or "));
        let key = format!(
            "{} {}",
            word.as_str().to_lowercase(),
            id.as_str().to_lowercase()
        );
        if comparator && !controls.contains(&key) {
            controls.push(key);
        }
    }
    let [key] = controls.as_slice() else { return };
    if let Some(def) = defs.iter_mut().find(|d| d.key == *key) {
        for cue in [
            "control arm",
            "control group",
            "comparator arm",
            "control cohort",
        ] {
            def.cues.push(cue.to_owned());
        }
    }
}
