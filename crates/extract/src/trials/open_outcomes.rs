//! Outcomes no vocabulary holds, named by the text itself: "41.0% of patients achieved MASH
//! resolution without worsening of fibrosis", "Fibrosis improvement of at least one stage was
//! seen in 36.1% of the 30 mg group". The label is the outcome's head ("MASH resolution",
//! "fibrosis improvement of at least one stage"): what follows "without" or "by" qualifies it.
//! Only shares of patients are read this way; an outcome that names a response, survival, an
//! event or a trial milestone is read by the other passes or is no result.

use super::*;

/// "…% of (the) patients (in the 30 mg arm) achieved <outcome>": a share leads into it.
static ACHIEVED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)%\s*(?:\([^()]*\)\s*)?of\s+(?:the\s+|all\s+)?(?:[\w./-]+\s+){0,6}?(?:patients|participants|subjects)(?-u:\b)[^.;%()]{0,60}?\s(?:achieved|attained|reached|met)\s+(?:an?\s+|the\s+)?(?P<ph>[A-Za-z][^.;,()%]{3,90})")
        .expect("valid")
});

/// "<Outcome> was seen in …%": the outcome opens the clause and a share follows.
static SEEN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?P<ph>[A-Z][^.;,()%]{3,90}?)\s+(?:was|were)\s+(?:seen|observed|achieved|attained|reached)\s+(?:in|by)\s+(?:\d+(?:\.\d+)?\s*%|those|patients)")
        .expect("valid")
});

/// What every match of `SEEN_RE` holds after the outcome's name. Most sentences have none,
/// and there `SEEN_RE`'s counted name made the lazy DFA build new states byte by byte; this
/// scan rules them out first.
static SEEN_GATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?:was|were)\s+(?:seen|observed|achieved|attained|reached)\s+(?:in|by)\s")
        .expect("valid")
});

/// Words after which the outcome's name has ended.
const STOPS: &[&str] = &[
    "at", "by", "in", "on", "versus", "vs", "vs.", "compared", "than", "with", "without", "after",
    "from", "and", "or", "was", "were", "among", "across", "for", "per",
];

/// Words that make a phrase something other passes read, or no outcome of patients.
const NOT_OUTCOMES: &[&str] = &[
    "response",
    "respond",
    "complete remission",
    "partial remission",
    "survival",
    "progression",
    "control",
    "adverse",
    "event",
    "events",
    "toxicit",
    "grade",
    "endpoint",
    "significance",
    "dose",
    "target",
    "goal",
    "milestone",
    "enrol",
    "criteria",
    "criterion",
    "discontinu",
    "death",
    "died",
    "week",
    "month",
    "year",
    "patients",
    "placebo",
    "reduction",
    "change",
    "weight",
    "score",
];

/// The outcome mentions of a sentence (span of the name, label).
pub(super) fn open_outcomes(ut: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let found = ACHIEVED_RE
        .captures_iter(ut)
        .filter_map(|c| c.name("ph"))
        .chain(
            SEEN_GATE_RE
                .is_match(ut)
                .then(|| SEEN_RE.captures(ut))
                .flatten()
                .and_then(|c| c.name("ph")),
        );
    for ph in found {
        let Some((len, label)) = head_of(ph.as_str()) else {
            continue;
        };
        out.push((ph.start(), ph.start() + len, label));
    }
    out
}

/// The head of an outcome phrase, up to its first stop word: its length and its label.
fn head_of(phrase: &str) -> Option<(usize, String)> {
    let mut end = 0;
    let mut words = 0;
    let mut prev = String::new();
    for w in phrase.split(' ') {
        let lower = w.to_lowercase();
        // "of at least one stage" is part of the name.
        let at_least = lower == "at"
            && phrase
                .get(end..)
                .is_some_and(|r| r.trim_start().starts_with("at least"));
        if (STOPS.contains(&lower.as_str()) && !at_least && prev != "at") || words >= 9 {
            break;
        }
        prev = lower;
        end += w.len() + usize::from(end > 0);
        words += 1;
    }
    let head = phrase.get(..end)?.trim_end();
    let lower = head.to_lowercase();
    let named = head.split(' ').any(|w| w.len() >= 4);
    // An adverse event named this way ("Herpes zoster was seen in 3.8%") is read as one.
    let event = crate::vocab::ae_term_in(head).is_some();
    if words == 0 || !named || event || NOT_OUTCOMES.iter().any(|n| lower.contains(n)) {
        return None;
    }
    // The text's own words, lower-cased except abbreviations ("MASH resolution").
    let label = head
        .split(' ')
        .map(|w| {
            if w.chars().filter(char::is_ascii_uppercase).count() >= 2 {
                w.to_owned()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some((head.len(), label))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(ut: &str, expected: &[&str]) {
        let got: Vec<String> = open_outcomes(ut).into_iter().map(|o| o.2).collect();
        assert_eq!(got, expected, "{ut}");
    }

    #[test]
    fn outcomes_named_by_the_text() {
        check(
            "In the 40 mg arm, 38.5% of patients achieved NASH resolution without worsening of fibrosis.",
            &["NASH resolution"],
        );
        check(
            "Fibrosis regression of at least one stage was seen in 29.4% of the 40 mg group.",
            &["fibrosis regression of at least one stage"],
        );
        check(
            "Sustained virologic suppression was observed in 91% of participants.",
            &["sustained virologic suppression"],
        );
        // What other passes read, and what is no outcome of patients.
        check("62% of patients achieved an objective response.", &[]);
        check("The study met its primary endpoint in 2025.", &[]);
        check("45% of patients reached the target dose by week 8.", &[]);
        check("Grade 3 events were seen in 12% of patients.", &[]);
    }
}
