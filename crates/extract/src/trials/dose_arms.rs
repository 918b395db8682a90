//! Arms of a dose-ranging trial: the doses a document lists beside its comparator ("150 mg
//! every four weeks (Q4W) (n=63), 300 mg Q4W (n=62), … or placebo", "one of three doses —
//! 12 mg, 24 mg or 36 mg — or placebo", "at the 4 mg and 8 mg doses"), and figures given to
//! them in the order they were listed ("-8.1%, -11.4% and -13.9% on the three doses, against
//! -1.7% on placebo"; "(16.1%, 10.9% and 7.3%)"; "-4.5, -3.8 and -2.0 points for the 680 mg,
//! 340 mg and placebo groups").
//!
//! The catalogue keys a dose as `arm_mentions` will find it again: the amount with its
//! schedule abbreviation when one is written ("300 mg Q2W"), else the amount alone; a
//! schedule written in words joins the key only where two listed doses share an amount.

use super::*;

/// One listed dose: amount, schedule in words or abbreviation, an abbreviation in brackets,
/// the arm's size.
static DOSE_ITEM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?-u:\b)(?P<amt>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:mg/kg|mg|μg|µg|mcg))(?-u:\b)
        (?P<freq>\s+(?:Q\d{1,2}W|QW|QD|BID|(?i:(?:once\s+)?(?:daily|weekly)|twice\s+daily|every\s+other\s+week|every\s+(?:\d{1,2}|two|three|four|six|eight|twelve)\s+weeks)))?
        (?:\s*\((?P<abbr>Q\d{1,2}W|QW|QD|BID)(?:\s*[;,]\s*[nN]\s*=\s*\d{1,5})?\s*\))?
        (?:\s*\(\s*[nN]\s*=\s*\d{1,5}\s*\))?")
    .expect("valid")
});

/// Between two listed doses: a comma or a conjunction, perhaps the drug's name again.
static ITEM_GAP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,?\s*(?:(?:or|and)\s+)?(?:[A-Za-z][\w-]{2,}\s+)?$").expect("valid")
});

/// After the last listed dose: the comparator, or the word that makes the list arms.
static LIST_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[,—–-]\s*)?(?:(?:,\s*)?(?:or|and|versus|vs\.?)\s+(?:(?:a\s+)?matching\s+)?placebo(?-u:\b)|(?:dose\s+)?(?:doses|groups|arms|cohorts)(?-u:\b))")
        .expect("valid")
});

/// Schedules written in words, as abbreviations.
const SCHEDULES: &[(&str, &str)] = &[
    ("every two weeks", "Q2W"),
    ("every 2 weeks", "Q2W"),
    ("every three weeks", "Q3W"),
    ("every 3 weeks", "Q3W"),
    ("every four weeks", "Q4W"),
    ("every 4 weeks", "Q4W"),
    ("every six weeks", "Q6W"),
    ("every 6 weeks", "Q6W"),
    ("every eight weeks", "Q8W"),
    ("every 8 weeks", "Q8W"),
    ("every twelve weeks", "Q12W"),
    ("every 12 weeks", "Q12W"),
    ("every other week", "Q2W"),
    ("once weekly", "QW"),
    ("once daily", "QD"),
    ("twice daily", "BID"),
    ("weekly", "QW"),
    ("daily", "QD"),
];

struct Item {
    amount: String,
    /// The schedule as written, lower case ("weekly", "every two weeks"), if any.
    said: Option<String>,
    /// The abbreviation as written, if any.
    abbr: Option<String>,
    /// The schedule in words, as an abbreviation.
    words: Option<String>,
}

/// A dose listed as an arm: key, label, and the schedules as written (in words, abbreviated)
/// that no other dose of its list has: what names the arm alone ("the weekly arm", "the Q2W
/// group").
pub(super) struct ListedDose {
    pub(super) key: String,
    pub(super) label: String,
    pub(super) own_schedule: Vec<String>,
}

/// The doses listed as arms, in the order listed.
pub(super) fn listed_doses(text: &str) -> Vec<ListedDose> {
    let mut out: Vec<ListedDose> = Vec::new();
    let mut run: Vec<Item> = Vec::new();
    let mut last_end: Option<usize> = None;
    for c in DOSE_ITEM_RE.captures_iter(text) {
        let (Some(w), Some(amt)) = (c.get(0), c.name("amt")) else {
            continue;
        };
        let joined = last_end.is_some_and(|e| {
            text.get(e..w.start())
                .is_some_and(|g| g.len() <= 30 && ITEM_GAP_RE.is_match(g))
        });
        if !joined {
            run.clear();
        }
        let freq = c.name("freq").map(|f| f.as_str().trim().to_owned());
        let written = |f: &str| f.starts_with('Q') || f == "BID";
        let words = freq
            .as_deref()
            .filter(|f| !written(f))
            .and_then(|f| SCHEDULES.iter().find(|(w, _)| f.eq_ignore_ascii_case(w)))
            .map(|(_, a)| (*a).to_owned());
        let abbr = c
            .name("abbr")
            .map(|a| a.as_str().to_owned())
            .or(freq.filter(|f| written(f)));
        run.push(Item {
            amount: dose_label(amt.as_str()),
            said: c.name("freq").map(|f| f.as_str().trim().to_lowercase()),
            abbr,
            words,
        });
        last_end = Some(w.end());
        let ends = text.get(w.end()..).is_some_and(|a| LIST_END_RE.is_match(a));
        if ends && run.len() >= 2 {
            for d in keyed(&run) {
                if !out.iter().any(|o| o.key == d.key) {
                    out.push(d);
                }
            }
            run.clear();
            last_end = None;
        }
    }
    out
}

/// Keys and labels of one list's doses.
fn keyed(run: &[Item]) -> Vec<ListedDose> {
    run.iter()
        .map(|it| {
            let own_schedule = it
                .said
                .clone()
                .filter(|w| run.iter().filter(|o| o.said.as_ref() == Some(w)).count() == 1);
            // "(Q2W; n=62)": an abbreviation no other dose of the list has names the arm too.
            let own_abbr = it
                .abbr
                .clone()
                .filter(|a| run.iter().filter(|o| o.abbr.as_ref() == Some(a)).count() == 1);
            let own_schedule: Vec<String> = own_schedule.into_iter().chain(own_abbr).collect();
            let shared = run.iter().filter(|o| o.amount == it.amount).count() > 1;
            let sched = it
                .abbr
                .clone()
                .or_else(|| it.words.clone().filter(|_| shared));
            let label = match sched {
                Some(s) => format!("{} {s}", it.amount),
                None => it.amount.clone(),
            };
            ListedDose {
                key: dose_key(&label),
                label,
                own_schedule,
            }
        })
        .collect()
}

/// The amount alone of a dose key ("300mgq4w" → "300mg").
pub(super) fn amount_key(key: &str) -> &str {
    static SCHEDULE_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:q\d{1,2}w|qw|qd|bid)$").expect("valid"));
    SCHEDULE_RE
        .find(key)
        .and_then(|m| key.get(..m.start()))
        .unwrap_or(key)
}

/// A schedule in words right after a dose ("… every four weeks", "the 360 mg every-four-week
/// group"): its abbreviation and the length of text it takes.
pub(super) fn schedule_after(after: &str) -> Option<(&'static str, usize)> {
    let window: String = after
        .chars()
        .take(30)
        .map(|c| {
            if c == '-' {
                ' '
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    let lead = window.len() - window.trim_start().len();
    let rest = window.get(lead..)?;
    SCHEDULES.iter().find_map(|(words, abbr)| {
        let stem = words.trim_end_matches('s');
        rest.starts_with(stem).then(|| {
            let plural = rest.get(stem.len()..).is_some_and(|t| t.starts_with('s'));
            (*abbr, lead + stem.len() + usize::from(plural))
        })
    })
}

/// A dose catalogued both alone and with its one schedule ("75 mg" in prose, "75 mg Q4W" in a
/// table header) is one arm: it keeps the place the plain dose was listed in, under the
/// scheduled key, so the listed order of the arms holds.
pub(super) fn fold_plain_doses(defs: &mut Vec<ArmDef>) {
    let mut i = 0;
    while i < defs.len() {
        let plain = &defs[i];
        let scheduled: Vec<usize> = (0..defs.len())
            .filter(|&j| {
                j != i
                    && defs[j].role == Role::Cohort
                    && defs[j].key != plain.key
                    && amount_key(&defs[j].key) == plain.key
            })
            .collect();
        if let (Role::Cohort, &[j]) = (plain.role, scheduled.as_slice()) {
            let sibling = defs.remove(j);
            if j < i {
                // Everything after the sibling moved up one: `i` is already the next def.
                defs[i - 1] = sibling;
                continue;
            }
            defs[i] = sibling;
        }
        i += 1;
    }
}

/// The arm key of a dose named in a sentence: "300 mg Q4W" names the arm "300 mg" where no
/// arm has the schedule in its key.
pub(super) fn dose_mention_key(defs: &[ArmDef], dose: &str) -> String {
    let key = dose_key(dose);
    if defs.iter().any(|x| x.key == key) {
        return key;
    }
    let amount = amount_key(&key).to_owned();
    // "45 mg" names the one arm "45 mg QD" whose amount it is.
    let by_amount: Vec<&ArmDef> = defs
        .iter()
        .filter(|d| d.role == Role::Cohort && amount_key(&d.key) == amount)
        .collect();
    match by_amount.as_slice() {
        [d] => d.key.clone(),
        _ => amount,
    }
}

/// The dose arms of a dose-ranging trial in their listed order, and its control arm.
fn dose_order(defs: &[ArmDef]) -> Option<(Vec<String>, Option<String>)> {
    let doses: Vec<String> = defs
        .iter()
        .filter(|d| d.role == Role::Cohort && d.key.starts_with(|c: char| c.is_ascii_digit()))
        .map(|d| d.key.clone())
        .collect();
    let control = defs
        .iter()
        .find(|d| d.role == Role::Control)
        .map(|d| d.key.clone());
    (doses.len() >= 2).then_some((doses, control))
}

/// Between two figures of one list: "-8.1%, -11.4% and -13.9%", "-5.9 and -4.7 points".
static RUN_GAP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:%|points?|mL|L|kg|mg/dL|g/dL|mmol/L|mmHg|days?)?\s*(?:,\s*(?:and|or)?|and|or)\s*$").expect("valid")
});

/// Between a list of figures and the comparator's figure: a comparing word, no other figure.
static VERSUS_WORD_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:versus|vs\.?|compared\s+(?:with|to)|against|relative\s+to)(?-u:\b)")
        .expect("valid")
});

/// Between arms of one list: "680 mg, 340 mg and placebo".
static ARM_GAP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:groups?|doses?|arms?)?\s*(?:,\s*(?:and|or)?|and|or)\s*(?:the\s+)?$")
        .expect("valid")
});

/// From a list of figures to the arms it is of: " points for the ", "% at the ".
static LIST_LINK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:%|points?)?\s*(?:of\s+(?:patients|participants|subjects)\s+)?(?:in|for|with|on|at)\s+(?:the\s+)?$")
        .expect("valid")
});

/// Figures of one endpoint listed for the dose arms, in the order the arms were listed.
pub(super) fn dose_order_arms(s: &Sentence, arms: &ArmContext, readings: &mut [Reading]) {
    let Some((doses, control)) = dose_order(arms.defs) else {
        return;
    };
    let mut i = 0;
    while i < readings.len() {
        let run = run_from(s, readings, i);
        let k = run.len();
        if k >= 2 {
            place_run(s, arms, readings, &run, &doses, control.as_deref());
        }
        i += k.max(1);
    }
}

/// The open figures of one endpoint listed from `i` on.
fn run_from(s: &Sentence, readings: &[Reading], i: usize) -> Vec<usize> {
    let mut run = vec![i];
    if readings[i].arm.is_some() {
        return run;
    }
    let mut j = i + 1;
    while j < readings.len() {
        let (a, b) = (&readings[j - 1], &readings[j]);
        let same = b.arm.is_none() && b.endpoint == a.endpoint && b.subgroup == a.subgroup;
        if !same || !RUN_GAP_RE.is_match(s.slice(a.value.end, b.value.start)) {
            break;
        }
        run.push(j);
        j += 1;
    }
    run
}

/// Give one list of figures its arms: a list of arms right after it, else the listed order.
fn place_run(
    s: &Sentence,
    arms: &ArmContext,
    readings: &mut [Reading],
    run: &[usize],
    doses: &[String],
    control: Option<&str>,
) {
    let k = run.len();
    let last_end = readings[run[k - 1]].value.end;
    let listed = arms_listed_after(s, arms, last_end);
    let comparator = |readings: &mut [Reading], listed: &[String]| {
        let control = control.filter(|c| !listed.iter().any(|l| l == c))?;
        let c = comparator_figure(s, arms, readings, run[k - 1], control)?;
        readings[c].arm = Some(control.to_owned());
        readings[c].arm_rule = "arms.dose_order";
        Some(())
    };
    if listed.len() == k {
        comparator(readings, &listed);
        for (&i, key) in run.iter().zip(listed) {
            readings[i].arm = Some(key);
            readings[i].arm_rule = "arms.dose_list";
        }
        return;
    }
    // A sentence naming its dose arms otherwise is read by the other passes.
    let named_dose = arms.mentions.iter().any(|m| doses.contains(&m.key));
    if named_dose || !listed.is_empty() {
        return;
    }
    let last_end = readings[run[k - 1]].value.end;
    let all_doses = k == doses.len() && counts_dose_arms(s.slice(last_end, s.text.len()), k);
    let Some(control) = control else {
        // No comparator: "13.3%, 25.0% and 47.4% of patients at the three dose levels,
        // respectively" is every dose in its listed order.
        if k == doses.len() && arms.mentions.is_empty() && (s.has("respectively") || all_doses) {
            for (&i, key) in run.iter().zip(doses) {
                readings[i].arm = Some(key.clone());
                readings[i].arm_rule = "arms.dose_order";
            }
        }
        return;
    };
    let mut keys: Vec<String> = doses.to_vec();
    if k == doses.len() + 1 {
        if arms.mentions.is_empty() {
            keys.push(control.to_owned());
        } else {
            return;
        }
    } else if k == doses.len() {
        // "… in 1.7%, 3.3% and 6.7% of participants in the three dose groups": the doses alone.
        if comparator(readings, &[]).is_none() && !all_doses {
            return;
        }
    } else {
        return;
    }
    for (&i, key) in run.iter().zip(keys) {
        readings[i].arm = Some(key);
        readings[i].arm_rule = "arms.dose_order";
    }
}

/// A word before the first arm of a list, as a drug's name stands there.
static DRUG_WORD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z][\w-]{3,}\s+$").expect("valid"));

/// The arms listed right after a list of figures ("for the 680 mg, 340 mg and placebo groups",
/// "(95% CI …) at 2.2 and 2.8 mg/kg"), each once.
pub(super) fn arms_listed_after(s: &Sentence, arms: &ArmContext, from: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut at = from;
    for m in arms.mentions.iter().filter(|m| m.start >= from) {
        let gap = s.slice(at, m.start);
        let fits = if out.is_empty() {
            // "… of the brivekimab Q2W and Q4W groups": the drug's name may come first.
            let links = |g: &str| LIST_LINK_RE.is_match(g) || AFTER_LINK_RE.is_match(g);
            links(gap)
                || DRUG_WORD_RE
                    .find(gap)
                    .is_some_and(|w| links(&gap[..w.start()]))
        } else {
            ARM_GAP_RE.is_match(gap)
        };
        if !fits || out.contains(&m.key) {
            break;
        }
        out.push(m.key.clone());
        at = m.end;
    }
    out
}

/// The comparator's figure after a list of the dose arms' figures: the next figure of the
/// endpoint, set against the list by a comparing word or followed by the comparator's name.
fn comparator_figure(
    s: &Sentence,
    arms: &ArmContext,
    readings: &[Reading],
    last: usize,
    control: &str,
) -> Option<usize> {
    let lr = &readings[last];
    let c = (last + 1..readings.len()).find(|&j| readings[j].endpoint == lr.endpoint)?;
    let r = &readings[c];
    if r.arm.as_deref().is_some_and(|a| a != control) || r.subgroup != lr.subgroup {
        return None;
    }
    let gap = s.slice(lr.value.end, r.value.start);
    if c != last + 1 || gap.contains('%') {
        return None;
    }
    let named_after = arms
        .mentions
        .iter()
        .find(|m| m.start >= r.value.end)
        .is_some_and(|m| m.key == control && m.start <= r.value.end + 16);
    // "…, respectively (placebo: 6.7%)", "; placebo, 1.7%": the comparator named just before.
    let named_before = arms.mentions.iter().any(|m| {
        m.key == control
            && m.start >= lr.value.end
            && m.end <= r.value.start
            && LABEL_LEAD_RE.is_match(s.slice(m.end, r.value.start))
    });
    let compared = !gap.contains(';') && (VERSUS_WORD_RE.is_match(gap) || named_after);
    (compared || named_before).then_some(c)
}

/// After a list of figures: "in the three dose groups", "across all 3 doses".
static DOSE_COUNT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^.;%\d]{0,40}?(?-u:\b)(?:in|across|of|for|at|on)\s+(?:the\s+|all\s+)?(?P<n>two|three|four|five|[2-5])\s+(?:active\s+|treatment\s+|\w+\s+)?(?:dose\s+)?(?:groups|arms|doses|dose\s+levels|cohorts)(?-u:\b)")
        .expect("valid")
});

/// Whether the text after a list of `k` figures says they are of all `k` dose arms.
fn counts_dose_arms(after: &str, k: usize) -> bool {
    const WORDS: &[&str] = &["", "", "two", "three", "four", "five"];
    DOSE_COUNT_RE
        .captures(after)
        .and_then(|c| c.name("n"))
        .is_some_and(|n| {
            let n = n.as_str().to_lowercase();
            n.parse::<usize>().ok() == Some(k) || WORDS.get(k) == Some(&n.as_str())
        })
}

/// Between an arm named as a label and its figure: "placebo: ", "placebo, ", "placebo = ".
static LABEL_LEAD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:arm|group)?\s*[:=,]\s*$").expect("valid"));

/// The arm a table column headed by a dose or the comparator is of, in a trial with dose
/// arms: `Some(None)` when the header names a dose no listed arm matches with confidence (the
/// column is not read); `None` when the header is no dose column.
pub(super) fn dose_column(defs: &[ArmDef], header: &str) -> Option<Option<(String, String)>> {
    let (doses, control) = dose_order(defs)?;
    let found = |key: &str| defs.iter().find(|d| d.key == key);
    let lower = header.to_lowercase();
    if let Some(c) = control
        .as_deref()
        .and_then(found)
        .filter(|c| c.cues.iter().any(|cue| lower.contains(cue)))
    {
        return Some(Some((c.key.clone(), c.label.clone())));
    }
    let items: Vec<Vec<ListedDose>> = DOSE_ITEM_RE
        .captures_iter(header)
        .map(|c| {
            let item = Item {
                amount: c
                    .name("amt")
                    .map_or(String::new(), |a| dose_label(a.as_str())),
                abbr: c
                    .name("freq")
                    .map(|f| f.as_str().trim().to_owned())
                    .filter(|f| f.starts_with('Q') || f == "BID")
                    .or(c.name("abbr").map(|a| a.as_str().to_owned())),
                words: None,
                said: None,
            };
            keyed(std::slice::from_ref(&item))
        })
        .collect();
    let [item] = items.as_slice() else {
        return (!items.is_empty()).then_some(None);
    };
    let key = item.first().map(|d| d.key.clone())?;
    let matches: Vec<&String> = doses
        .iter()
        .filter(|d| **d == key || (amount_key(&key) == d.as_str()))
        .collect();
    Some(match matches.as_slice() {
        [one] => found(one).map(|d| (d.key.clone(), d.label.clone())),
        _ => None,
    })
}

/// Two figures of one endpoint given to one arm by the sentence-wide passes ("-47% and -46%
/// in the 5/10 and 10 mg groups" where one group is no known arm) belong to two arms the
/// sentence does not name: neither is placed.
pub(super) fn one_figure_per_arm(readings: &mut [Reading]) {
    const WIDE: &[&str] = &["arms.sentence", "arms.context", "arms.clause"];
    let key = |r: &Reading| {
        (
            r.arm.clone(),
            r.endpoint.clone(),
            r.subgroup.clone(),
            r.timepoint.clone(),
        )
    };
    let mut counts: BTreeMap<_, usize> = BTreeMap::new();
    for r in readings.iter().filter(|r| WIDE.contains(&r.arm_rule)) {
        *counts.entry(key(r)).or_insert(0) += 1;
    }
    let shared: Vec<bool> = readings
        .iter()
        .map(|r| WIDE.contains(&r.arm_rule) && counts.get(&key(r)).is_some_and(|&n| n > 1))
        .collect();
    for (r, drop) in readings.iter_mut().zip(shared) {
        if drop {
            r.arm = None;
            r.arm_rule = "";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: &[&str]) {
        let got: Vec<String> = listed_doses(text).into_iter().map(|d| d.label).collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn dose_lists() {
        check(
            "patients received 75 mg every two weeks (Q2W) (n=40), 150 mg Q2W (n=41), 150 mg every four weeks (Q4W) (n=40) or placebo (n=39).",
            &["75 mg Q2W", "150 mg Q2W", "150 mg Q4W"],
        );
        check(
            "randomized to 5 mg, 10 mg or 20 mg — or placebo, once daily",
            &["5 mg", "10 mg", "20 mg"],
        );
        check(
            "randomized to zanotumab 200 mg (n=30), zanotumab 400 mg (n=31) or placebo (n=30)",
            &["200 mg", "400 mg"],
        );
        check("at the 2 mg and 6 mg doses at Week 20", &["2 mg", "6 mg"]);
        check("a 10 mg tablet and a 20 mg capsule", &[]);
    }

    #[test]
    fn amounts_of_keys() {
        assert_eq!(amount_key("300mgq4w"), "300mg");
        assert_eq!(schedule_after(" every-four-week group"), Some(("Q4W", 16)));
        assert_eq!(schedule_after(" every 12 weeks (n=4)"), Some(("Q12W", 15)));
        assert_eq!(schedule_after(" in the study"), None);
        let mut defs: Vec<ArmDef> = [
            ("75mg", "75 mg"),
            ("250mgq4w", "250 mg Q4W"),
            ("75mgq4w", "75 mg Q4W"),
            ("250mg", "250 mg"),
        ]
        .into_iter()
        .map(|(k, l)| ArmDef {
            key: k.to_owned(),
            label: l.to_owned(),
            role: Role::Cohort,
            cues: Vec::new(),
        })
        .collect();
        fold_plain_doses(&mut defs);
        let keys: Vec<&str> = defs.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["75mgq4w", "250mgq4w"]);
        assert_eq!(amount_key("3mg/kg"), "3mg/kg");
    }
}
