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
        // "1,200 mg" and "1200 mg" are one dose.
        .filter(|c| !c.is_whitespace() && *c != ',')
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

/// Progression "on" a drug: the drug is a prior therapy, not an arm.
const PROGRESSED_ON: &[&str] = &[
    "progressed on ",
    "progression on ",
    "progressing on ",
    "relapsed on ",
];

/// Whether the words before a mention of the control arm in a sentence make it part of
/// something else: as in the catalogue (`NOT_CONTROL_BEFORE`), except that "on" names the arm
/// ("26.3% on pembrolizumab") unless progression comes before it.
fn not_control_mention(before: &str) -> bool {
    NOT_CONTROL_BEFORE
        .iter()
        .filter(|w| **w != "on ")
        .chain(PROGRESSED_ON)
        .any(|w| before.ends_with(w))
}

/// Catalogue the arms: dose cohorts, named groups, and in a comparative document its
/// experimental and control arms.
pub(super) fn arm_catalog(text: &str, assets: &[DocAsset]) -> Vec<ArmDef> {
    let mut defs: Vec<ArmDef> = Vec::new();
    let push = |defs: &mut Vec<ArmDef>, key: String, label: String| {
        if !defs.iter().any(|x| x.key == key) {
            defs.push(cohort(key, label));
        }
    };
    for d in listed_doses(text) {
        push(&mut defs, d.key.clone(), d.label);
        // "ravocalimab 300 mg weekly, 600 mg every two weeks or placebo": the schedule
        // alone names its arm ("in the weekly arm", "the weekly, every-two-weeks and
        // placebo arms").
        let Some(def) = defs.iter_mut().find(|x| x.key == d.key) else {
            continue;
        };
        for w in d.own_schedule {
            let w = w.to_lowercase();
            for form in [w.clone(), w.replace(' ', "-")] {
                for noun in ["arm", "group", "cohort", "dose", "dosing", "regimen"] {
                    def.cues.push(format!("{form} {noun}"));
                }
            }
            // "43.5% of Q2W patients": an abbreviation names the arm's patients too.
            if !w.contains(' ') {
                def.cues.push(format!("{w} patients"));
            }
        }
    }
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
    for (key, label) in doses_after_figures(text) {
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
    for def in numbered_dose_levels(text) {
        if !defs.iter().any(|x| x.key == def.key) {
            defs.push(def);
        }
    }
    for m in LEVEL_ARM_RE.captures_iter(text) {
        let Some(l) = m.name("label") else { continue };
        let label = format!("{} group", capitalise_first(&l.as_str().to_lowercase()));
        push(&mut defs, label.to_lowercase(), label);
    }
    drop_comparator_doses(text, assets, &mut defs);
    // Dose cohorts and lettered arms are the drug's own arms: with them, the drug names no arm
    // of its own. Cohorts named by their patients ("pretreated cohort") do not stand in for it.
    let has_cohorts = !defs.is_empty();
    // "DLBCL" heading a table column and "the DLBCL cohort" in prose are one cohort.
    let base = |k: &str| {
        [" cohort", " expansion", " arm"]
            .iter()
            .fold(k.to_owned(), |k, w| k.trim_end_matches(w).to_owned())
    };
    for def in table_header_populations(text, assets)
        .into_iter()
        .chain(labelled_cohorts(text, assets))
    {
        if !defs
            .iter()
            .any(|x| x.key == def.key || base(&x.key) == base(&def.key))
        {
            defs.push(def);
        }
    }
    fold_plain_doses(&mut defs);
    lettered_control_cues(text, assets, &mut defs);
    let pop_doses = population_dose_cohorts(text, assets);
    if !pop_doses.is_empty() {
        // "PROC 2.4 mg/kg" and "ccRCC 2.4 mg/kg" are two arms: a dose alone is no arm then.
        let taken: Vec<String> = pop_doses
            .iter()
            .filter_map(|d| d.key.split_once(' ').map(|(_, k)| k.to_owned()))
            .collect();
        defs.retain(|d| !taken.iter().any(|k| amount_key(k) == amount_key(&d.key)));
        defs.extend(pop_doses);
    }
    rank_cues(&mut defs);
    // "randomized to X plus Y, X monotherapy or Z": the drug's arms apart, Z the control.
    let own = own_names(exp_asset);
    let items = (!has_cohorts)
        .then(|| randomized_items(text, &own))
        .flatten();
    let drug_arms = items
        .as_ref()
        .map(|items| randomized_defs(items, &own))
        .filter(|r| r.len() >= 2);
    let control = control.or_else(|| items.as_ref().and_then(|i| randomized_control(i)));
    if let Some(control) = control {
        let randomized = drug_arms.is_some();
        defs.extend(drug_arms.unwrap_or_default());
        defs.push(control);
        if let (false, false, Some(a)) = (has_cohorts, randomized, exp_asset) {
            defs.push(experimental_def(a));
        } else if let (Some(a), Some(i)) = (exp_asset, lone_dose(&defs)) {
            // "randomized to X 2.0 mg/kg or investigator's choice": the one dose is the
            // drug's arm, named by the drug as well as by its dose.
            let dose = defs.remove(i);
            let mut def = experimental_def(a);
            def.label = format!("{} {}", a.name(), dose.label);
            def.cues.push(dose.label.to_lowercase());
            defs.push(def);
        }
    }
    defs
}

/// The index of the one arm of a comparative trial that is a dose, when it is the only arm
/// besides the control.
fn lone_dose(defs: &[ArmDef]) -> Option<usize> {
    let others: Vec<usize> = (0..defs.len())
        .filter(|&i| defs[i].role != Role::Control)
        .collect();
    match others.as_slice() {
        [i] if defs[*i].key.starts_with(|c: char| c.is_ascii_digit()) => Some(*i),
        _ => None,
    }
}

/// "on the lower dose", "the highest dose group": with two or more dose arms of one unit, the
/// smallest and the largest are also named by their rank.
fn rank_cues(defs: &mut [ArmDef]) {
    static AMOUNT_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<u>mg/kg|mg|μg|µg|mcg)").expect("valid")
    });
    let doses: Vec<(usize, f64, String)> = defs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.role == Role::Cohort)
        .filter_map(|(i, d)| {
            let c = AMOUNT_RE.captures(&d.label)?;
            let n = c.name("n")?.as_str().parse::<f64>().ok()?;
            Some((i, n, c.name("u")?.as_str().to_owned()))
        })
        .collect();
    let one_unit = doses.windows(2).all(|w| w[0].2 == w[1].2);
    let cmp = |a: &&(usize, f64, String), b: &&(usize, f64, String)| a.1.total_cmp(&b.1);
    let (Some(low), Some(high)) = (doses.iter().min_by(cmp), doses.iter().max_by(cmp)) else {
        return;
    };
    let distinct = doses
        .iter()
        .filter(|d| d.1 == low.1 || d.1 == high.1)
        .count()
        == 2;
    if doses.len() < 2 || !one_unit || !distinct {
        return;
    }
    let (low, high) = (low.0, high.0);
    for (i, words) in [
        (low, ["lower", "low", "lowest"]),
        (high, ["higher", "high", "highest"]),
    ] {
        for w in words {
            for noun in [
                "dose",
                "dose group",
                "dose arm",
                "dose level",
                "-dose group",
                "-dose arm",
            ] {
                let cue = if noun.starts_with('-') {
                    format!("{w}{noun}")
                } else {
                    format!("{w} {noun}")
                };
                defs[i].cues.push(cue);
            }
        }
    }
}

/// Doses named right after a figure ("9.4% with 60 mg and 12.6% with 120 mg"): two or more
/// different ones are the arms the figures are of.
fn doses_after_figures(text: &str) -> Vec<(String, String)> {
    static AFTER_FIGURE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\d(?:%|\s+(?:days?|points?|months?))?\s+(?:with|at|on|for|in)\s+(?:the\s+)?(?P<dose>\d+(?:\.\d+)?\s*(?:mg/kg|mg|μg|µg))(?-u:\b)")
            .expect("valid")
    });
    let mut out: Vec<(String, String)> = Vec::new();
    for c in AFTER_FIGURE_RE.captures_iter(text) {
        let Some(d) = c.name("dose") else { continue };
        let key = dose_key(d.as_str());
        if !out.iter().any(|(k, _)| *k == key) {
            out.push((key, dose_label(d.as_str())));
        }
    }
    if out.len() >= 2 {
        out
    } else {
        Vec::new()
    }
}

/// The lower-case names of the document's own drug.
pub(super) fn own_names(exp: Option<&DocAsset>) -> Vec<String> {
    exp.map(|a| a.names.iter().map(|n| n.to_lowercase()).collect())
        .unwrap_or_default()
}

/// "… or pembrolizumab 200 mg (n=71)": a dose written only after a comparator's name is that
/// comparator's regimen, not a cohort of the drug under study.
fn drop_comparator_doses(text: &str, assets: &[DocAsset], defs: &mut Vec<ArmDef>) {
    let comparator_names: Vec<String> = assets
        .iter()
        .filter(|a| a.comparator)
        .flat_map(|a| a.names.iter().map(|n| n.to_lowercase()))
        .collect();
    if comparator_names.is_empty() {
        return;
    }
    let mut seen: Vec<(String, bool)> = Vec::new();
    for m in DOSE_RE.captures_iter(text) {
        let Some(d) = m.name("dose") else { continue };
        let before = window_before(text, d.start(), 40).trim_end().to_lowercase();
        let after_comparator = comparator_names
            .iter()
            .any(|n| before.ends_with(n.as_str()));
        let key = dose_key(d.as_str());
        match seen.iter_mut().find(|(k, _)| *k == key) {
            Some((_, only)) => *only &= after_comparator,
            None => seen.push((key, after_comparator)),
        }
    }
    defs.retain(|d| {
        d.role != Role::Cohort
            || !seen
                .iter()
                .any(|(k, only)| *only && (*k == d.key || amount_key(&d.key) == k.as_str()))
    });
}

fn cohort(key: String, label: String) -> ArmDef {
    ArmDef {
        key,
        label,
        role: Role::Cohort,
        cues: Vec::new(),
    }
}

pub(super) use crate::text::word_matches;

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
            for i in word_matches(&s.lower, cue) {
                let end = i + cue.len();
                let before = window_before(&s.lower, i, 24);
                let after = ut.get(end..).unwrap_or("");
                let suffix = ARM_SUFFIX_RE.find(after).map(|x| x.end()).unwrap_or(0);
                // "the X and Y arms" names the control as an arm, whatever comes before it.
                if d.role == Role::Control
                    && (cue != "placebo" && suffix == 0 && not_control_mention(before)
                        || ["-controlled", "-adjusted", "-corrected", "-subtracted"]
                            .iter()
                            .any(|w| s.lower[end..].starts_with(w)))
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
    found.extend(shared_noun_mentions(s, defs));
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

/// Arms listed before one plural noun: "the weekly, every-two-weeks and placebo arms".
static SHARED_NOUN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<items>[\w-]+(?:\s*,\s*[\w-]+)*\s*,?\s+(?:and|or)\s+[\w-]+)\s+(?P<noun>arm|group|cohort)s(?-u:\b)")
        .expect("valid")
});

/// The arms of `SHARED_NOUN_RE` lists: each item whose singular ("weekly arm") is a cue of an
/// arm, or which is a cue itself ("placebo").
fn shared_noun_mentions(s: &Sentence, defs: &[ArmDef]) -> Vec<ArmMention> {
    static ITEM_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\w-]+").expect("valid"));
    let mut out = Vec::new();
    for c in SHARED_NOUN_RE.captures_iter(s.text) {
        let (Some(items), Some(noun)) = (c.name("items"), c.name("noun")) else {
            continue;
        };
        let noun = noun.as_str().to_lowercase();
        for w in ITEM_RE.find_iter(items.as_str()) {
            let item = w.as_str().to_lowercase();
            if matches!(item.as_str(), "and" | "or" | "the") {
                continue;
            }
            let single = format!("{item} {noun}");
            let spaced = single.replace('-', " ");
            let def = defs
                .iter()
                .find(|d| d.cues.iter().any(|cue| *cue == single || *cue == spaced));
            if let Some(d) = def {
                out.push(ArmMention {
                    start: items.start() + w.start(),
                    end: items.start() + w.end(),
                    key: d.key.clone(),
                });
            }
        }
    }
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
    fn a_comparators_dose_is_its_regimen_and_thousands_are_one_dose() {
        let doc = "Patients were randomized to Zoravek 600 mg (n=72), Zoravek 1,200 mg (n=70) or \
                   pembrolizumab 200 mg (n=71). Zoravek was compared with pembrolizumab in this \
                   randomized study.";
        let defs = arm_catalog(
            doc,
            &[asset("Zoravek", false), asset("pembrolizumab", true)],
        );
        let keys: Vec<&str> = defs.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["600mg", "1200mg", "control"]);
        let s = Sentence::new(
            "The ORR was 45.0% at 600 mg and 47.4% at 1,200 mg, compared with 26.3% on pembrolizumab.",
            0,
        );
        let got: Vec<String> = arm_mentions(&s, &defs).into_iter().map(|m| m.key).collect();
        assert_eq!(got, ["600mg", "1200mg", "control"]);
        // Progression "on" a drug names no arm.
        let s = Sentence::new("All had progressed on pembrolizumab.", 0);
        assert!(arm_mentions(&s, &defs).is_empty());
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
