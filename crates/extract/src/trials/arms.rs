//! The arms a document defines, catalogued before any result is read, and their mentions in
//! a sentence.
//!
//! Three kinds of arm: dose cohorts and named groups ("3→1.5 mg/kg dose group", "Arm A",
//! "high-dose group"); and, in a document that compares arms, the experimental arm (named by
//! the document's own drug, "the combo arm", "the treatment arm") and the control arm
//! (placebo, chemotherapy, physician's choice, a comparator drug "alone"). Results are later
//! attributed to these by the passes in `attribute.rs`.

use super::*;

/// What an arm is in its trial.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Role {
    /// A dose cohort or a group named by a letter or number.
    Cohort,
    /// The arm given the document's own drug, in a comparative trial.
    Experimental,
    /// The comparator arm of a comparative trial.
    Control,
}

/// An arm the document defines, found before results are read.
#[derive(Clone, Debug)]
pub(super) struct ArmDef {
    pub(super) key: String,
    pub(super) label: String,
    pub(super) role: Role,
    /// Lower-case phrases that name the arm in a sentence (experimental and control arms).
    pub(super) cues: Vec<String>,
}

/// One arm named in a sentence.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct ArmMention {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) key: String,
}

pub(super) const CONTROL_KEY: &str = "control";

pub(super) fn dose_key(dose: &str) -> String {
    dose.replace("->", "→")
        .replace(" to ", "→")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

pub(super) fn dose_label(dose: &str) -> String {
    let d = dose.replace("->", "→");
    static UNIT_GAP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d)(mg|μg|µg|ug|g)(?-u:\b)").expect("valid"));
    let d = UNIT_GAP.replace_all(&d, "$1 $2").into_owned();
    d.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Doses listed for "respectively": "receiving 8.0 mg/kg and 10.0 mg/kg of X, respectively".
static DOSE_LIST_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<a>\d+(?:\.\d+)?\s*(?:mg/kg|mg/m2|mg))\s*(?:,|and|or)\s*(?P<b>\d+(?:\.\d+)?\s*(?:mg/kg|mg/m2|mg))(?-u:\b)")
        .expect("valid")
});

/// A named group by dose level: "the high-dose group".
static LEVEL_ARM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<label>(?:high|low|medium|middle|mid|intermediate)[-\s]dose)\s+(?:group|cohort|arm)s?(?-u:\b)")
        .expect("valid")
});

/// Phrases naming a control arm by its treatment.
static CONTROL_RE: LazyLock<Regex> = LazyLock::new(|| {
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
static ALONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<drug>[A-Za-z][A-Za-z0-9-]{3,})\s+(?:alone|monotherapy)(?-u:\b)")
        .expect("valid")
});

/// Generic names of the experimental arm.
const EXPERIMENTAL_CUES: &[&str] = &[
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
];

/// Words before a control phrase that make it part of something else ("progressed on prior
/// chemotherapy", "X plus chemotherapy").
const NOT_CONTROL_BEFORE: &[&str] = &[
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

/// Catalogue the arms: dose cohorts, named groups, and in a comparative document its
/// experimental and control arms.
pub(super) fn arm_catalog(text: &str, assets: &[DocAsset]) -> Vec<ArmDef> {
    let mut defs: Vec<ArmDef> = Vec::new();
    let push = |defs: &mut Vec<ArmDef>, key: String, label: String| {
        if !defs.iter().any(|x| x.key == key) {
            defs.push(cohort(key, label));
        }
    };
    listed_doses(text)
        .into_iter()
        .for_each(|(k, l)| push(&mut defs, k, l));
    for m in DOSE_RE.captures_iter(text) {
        let Some(d) = m.name("dose") else { continue };
        let after = text.get(d.end()..).unwrap_or("");
        let is_arm = ARM_SUFFIX_RE.is_match(after)
            || after.trim_start().starts_with("(n")
            || after.trim_start().starts_with("(N");
        if is_arm {
            push(&mut defs, dose_key(d.as_str()), dose_label(d.as_str()));
        }
    }
    for (key, label) in dose_level_cohorts(text)
        .into_iter()
        .chain(table_header_doses(text))
    {
        push(&mut defs, key, label);
    }
    for line in text.split('\n').filter(|l| l.contains("respectively")) {
        for m in DOSE_LIST_RE.captures_iter(line) {
            for g in ["a", "b"] {
                if let Some(d) = m.name(g) {
                    push(&mut defs, dose_key(d.as_str()), dose_label(d.as_str()));
                }
            }
        }
    }
    let exp_asset = experimental_asset(text, assets);
    let control = control_def(text, assets, exp_asset);
    for m in NAMED_ARM_RE.captures_iter(text) {
        let Some(l) = m.name("label") else { continue };
        let label = normalise_arm_label(l.as_str());
        // Control and combination arms of a comparative trial are its two roles, not cohorts.
        let role_word = matches!(label.as_str(), "Placebo" | "Control" | "Chemotherapy")
            || control.is_some() && matches!(label.as_str(), "Monotherapy" | "Combination");
        // "Group 1: Clinical trial overview" is a heading of a digest, not an arm.
        let heading = text
            .get(l.end()..)
            .is_some_and(|a| a.trim_start().starts_with(':'));
        if !role_word && !heading {
            push(&mut defs, label.to_lowercase(), label);
        }
    }
    for m in LEVEL_ARM_RE.captures_iter(text) {
        let Some(l) = m.name("label") else { continue };
        let label = format!("{} group", capitalise_first(&l.as_str().to_lowercase()));
        push(&mut defs, label.to_lowercase(), label);
    }
    fold_plain_doses(&mut defs);
    // Dose cohorts and lettered arms are the drug's own arms: with them, the drug names no arm
    // of its own. Cohorts named by their patients ("pretreated cohort") do not stand in for it.
    let has_cohorts = !defs.is_empty();
    for def in labelled_cohorts(text, assets)
        .into_iter()
        .chain(table_header_populations(text, assets))
    {
        if !defs.iter().any(|x| x.key == def.key) {
            defs.push(def);
        }
    }
    if let Some(control) = control {
        defs.push(control);
        if let (false, Some(a)) = (has_cohorts, exp_asset) {
            defs.push(experimental_def(a));
        }
    }
    defs
}

fn cohort(key: String, label: String) -> ArmDef {
    ArmDef {
        key,
        label,
        role: Role::Cohort,
        cues: Vec::new(),
    }
}

/// Whether the document compares arms at all.
fn is_comparative(lower: &str) -> bool {
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
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The control arm, when the document compares its drug with one.
fn control_def(text: &str, assets: &[DocAsset], exp: Option<&DocAsset>) -> Option<ArmDef> {
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
fn reports_arms(lower: &str, pos: usize, exp_cues: &[String]) -> bool {
    // A sentence ends at a full stop followed by a space or at a line end, never at the
    // decimal point of "(95% CI, 11.0-13.9)".
    let start = lower
        .get(..pos)
        .and_then(|h| h.rfind(". ").max(h.rfind('\n')))
        .map_or(0, |i| i + 1);
    let end = lower
        .get(pos..)
        .and_then(|t| match (t.find(". "), t.find('\n')) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        })
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
    !future && (assigns || names_drug)
}

/// Words that come before "alone" without naming a drug.
const STOP_ALONE: &[&str] = &[
    "treatment",
    "therapy",
    "chemotherapy",
    "placebo",
    "patients",
];

/// A control phrase in an arm context: compared with, randomised to, an arm of its own.
fn control_context(lower: &str, start: usize, end: usize) -> bool {
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
fn drug_against(lower: &str, start: usize, end: usize) -> bool {
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
}

/// The experimental arm: the document's own drug.
fn experimental_def(main: &DocAsset) -> ArmDef {
    let mut cues: Vec<String> = main.names.iter().map(|n| n.to_lowercase()).collect();
    cues.extend(EXPERIMENTAL_CUES.iter().map(|s| (*s).to_owned()));
    ArmDef {
        key: slug(main.name()),
        label: main.name().to_owned(),
        role: Role::Experimental,
        cues,
    }
}

/// At most `max` bytes before `pos`, cut at a character boundary.
pub(super) fn window_before(s: &str, pos: usize, max: usize) -> &str {
    let mut from = pos.saturating_sub(max);
    while from < pos && !s.is_char_boundary(from) {
        from += 1;
    }
    s.get(from..pos).unwrap_or("")
}

/// At most `max` bytes from the start of `s`, cut at a character boundary.
pub(super) fn window_after(s: &str, max: usize) -> &str {
    let mut to = max.min(s.len());
    while to > 0 && !s.is_char_boundary(to) {
        to -= 1;
    }
    s.get(..to).unwrap_or("")
}

pub(super) fn capitalise_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub(super) fn normalise_arm_label(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = s.to_lowercase();
    for (word, label) in [
        ("monotherapy", "Monotherapy"),
        ("combination", "Combination"),
        ("placebo", "Placebo"),
        ("control", "Control"),
        ("chemotherapy", "Chemotherapy"),
    ] {
        if lower.starts_with(word) {
            return label.to_owned();
        }
    }
    // "cohort 1" and "Cohort 1" are one arm.
    let mut label = s.trim_end_matches('s').to_owned();
    if let Some(first) = label.get(..1) {
        label = first.to_uppercase() + label.get(1..).unwrap_or("");
    }
    label
}

/// The arms named in a sentence, in order, without overlaps (the longer mention wins).
pub(super) fn arm_mentions(s: &Sentence, defs: &[ArmDef]) -> Vec<ArmMention> {
    let ut = s.text;
    let mut found: Vec<ArmMention> = Vec::new();
    for (start, end, dose) in dose_mentions(ut) {
        let mut key = dose_mention_key(defs, &dose);
        let mut end = end;
        // "the 360 mg every-four-week group" where two arms share 360 mg: the schedule says which.
        if !defs.iter().any(|x| x.key == key) {
            if let Some((abbr, len)) = schedule_after(ut.get(end..).unwrap_or("")) {
                key = dose_mention_key(defs, &format!("{dose} {abbr}"));
                end += len;
            }
        }
        if defs.iter().any(|x| x.key == key) {
            let after = ut.get(end..).unwrap_or("");
            let suffix = ARM_SUFFIX_RE.find(after).map(|s| s.end()).unwrap_or(0);
            found.push(ArmMention {
                start,
                end: end + suffix,
                key,
            });
        }
    }
    found.extend(lettered_list_mentions(ut, defs));
    for m in NAMED_ARM_RE.captures_iter(ut) {
        let Some(l) = m.name("label") else { continue };
        let key = normalise_arm_label(l.as_str()).to_lowercase();
        if defs.iter().any(|x| x.key == key) {
            found.push(ArmMention {
                start: l.start(),
                end: l.end(),
                key,
            });
        }
    }
    for m in LEVEL_ARM_RE.captures_iter(ut) {
        let (Some(whole), Some(l)) = (m.get(0), m.name("label")) else {
            continue;
        };
        let key = format!("{} group", l.as_str().to_lowercase());
        if defs.iter().any(|x| x.key == key) {
            found.push(ArmMention {
                start: whole.start(),
                end: whole.end(),
                key,
            });
        }
    }
    for d in defs.iter().filter(|d| !d.cues.is_empty()) {
        for cue in &d.cues {
            for (i, _) in s.lower.match_indices(cue.as_str()) {
                let end = i + cue.len();
                let bytes = s.lower.as_bytes();
                let bounded = (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
                    && bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
                if !bounded {
                    continue;
                }
                let before = window_before(&s.lower, i, 16);
                let after = ut.get(end..).unwrap_or("");
                let suffix = ARM_SUFFIX_RE.find(after).map(|x| x.end()).unwrap_or(0);
                // "the X and Y arms" names the control as an arm, whatever comes before it.
                if d.role == Role::Control
                    && (cue != "placebo"
                        && suffix == 0
                        && NOT_CONTROL_BEFORE.iter().any(|w| before.ends_with(w))
                        || s.lower[end..].starts_with("-controlled"))
                {
                    continue;
                }
                found.push(ArmMention {
                    start: i,
                    end: end + suffix,
                    key: d.key.clone(),
                });
            }
        }
    }
    // Longest first, then drop mentions overlapping a kept one.
    found.sort_by_key(|m| (std::cmp::Reverse(m.end - m.start), m.start));
    let mut out: Vec<ArmMention> = Vec::new();
    for m in found {
        if !out.iter().any(|o| o.start < m.end && m.start < o.end) {
            out.push(m);
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asset(name: &str, comparator: bool) -> DocAsset {
        DocAsset {
            names: vec![name.to_owned()],
            comparator,
            ..DocAsset::default()
        }
    }

    fn check(text: &str, sentence: &str, expected: &[&str]) {
        let defs = arm_catalog(text, &[asset("Zoravek", false)]);
        let s = Sentence::new(sentence, 0);
        let got: Vec<String> = arm_mentions(&s, &defs).into_iter().map(|m| m.key).collect();
        assert_eq!(got, expected, "{sentence}");
    }

    #[test]
    fn arms_of_a_comparative_trial() {
        let doc = "Patients were randomized to Zoravek or placebo. Median PFS was 9.1 months with \
                   Zoravek versus 5.0 months with placebo.";
        check(
            doc,
            "Median PFS was 9.1 months with Zoravek versus 5.0 months with placebo.",
            &["zoravek", "control"],
        );
        check(
            doc,
            "ORR was 40% in the treatment arm and 12% in the placebo arm.",
            &["zoravek", "control"],
        );
        check(
            doc,
            "The combo arm did better than placebo plus docetaxel.",
            &["zoravek", "control"],
        );
        // A prior line of chemotherapy names no arm.
        check(doc, "All had progressed on prior chemotherapy.", &[]);
    }

    #[test]
    fn a_comparator_drug_arm_after_a_confidence_interval_is_the_control_arm() {
        // The decimal points of "(95% CI, 6.2-8.3)" do not end the sentence that names both
        // drugs' arms.
        let doc = "Median PFS was 11.2 months (95% CI, 9.7-13.1) in the Zoravek arm (n = 198) vs \
                   7.0 months (95% CI, 6.2-8.3) in the nivolumab arm (n = 199).";
        let defs = arm_catalog(doc, &[asset("Zoravek", false), asset("nivolumab", true)]);
        let keys: Vec<&str> = defs.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["control", "zoravek"]);
    }

    #[test]
    fn a_line_ending_on_a_full_stop_ends_its_sentence() {
        // The randomisation bullet ends at its line; a plan two lines on ("will enroll") is
        // another sentence and does not make the trial one still to come.
        let doc =
            "- Patients were randomized to Zoravek plus docetaxel or docetaxel alone (n=80).\n\
                   - A phase 2 study will enroll 60 patients. Sites are open.";
        let defs = arm_catalog(doc, &[asset("Zoravek", false), asset("docetaxel", true)]);
        assert!(defs.iter().any(|d| d.key == CONTROL_KEY), "{defs:?}");
    }

    #[test]
    fn a_comparator_given_alone_is_the_control_arm() {
        let doc = "Zoravek plus docetaxel was compared with docetaxel alone in a randomised study.";
        check(
            doc,
            "ORR was 30% versus 11% for those given docetaxel alone.",
            &["control"],
        );
    }

    #[test]
    fn dose_cohorts_are_arms_and_leave_no_experimental_arm() {
        let doc = "Patients received 4 mg/kg and 6 mg/kg of Zoravek, respectively. The ORR was \
                   30% and 45% respectively, compared with placebo.";
        check(
            doc,
            "in patients receiving 4 mg/kg and 6 mg/kg of Zoravek, respectively",
            &["4mg/kg", "6mg/kg"],
        );
        let doc = "Patients were randomized to Zoravek or placebo. EASI-75 was 70% in the \
                   high-dose group versus 20% in the placebo group.";
        check(
            doc,
            "EASI-75 was 70% in the high-dose group versus 20% in the placebo group.",
            &["high-dose group", "control"],
        );
        // A comparison that is not the document's own (another programme) makes no control.
        let doc = "Zoravek showed an ORR of 40%. Separately, VX-9 plus docetaxel improved OS \
                   compared to docetaxel alone.";
        assert!(arm_catalog(doc, &[asset("Zoravek", false)]).is_empty());
    }

    #[test]
    fn single_arm_documents_have_no_control() {
        let doc = "In the single-arm study, Zoravek showed an ORR of 40% after prior chemotherapy.";
        assert!(arm_catalog(doc, &[asset("Zoravek", false)]).is_empty());
    }
}
