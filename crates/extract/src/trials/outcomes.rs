//! Endpoints outside oncology: clinical scales and measures (`MEASURES`, data in
//! `outcome_vocab.rs`), the words that make a measure an endpoint (a change, a responder
//! criterion), and phrases that are endpoints of their own (`PHRASES`: "≥10% weight loss",
//! "transfusion avoidance").
//!
//! Labels are the text's own short names, compact and conventional: "EASI change from
//! baseline", "MG-ADL responder", "IGA 0/1 with >=2-point reduction", "body weight
//! reduction", ">=10% weight loss". They are shown as written (`atlas_view::labels` has no row
//! for them). A change keeps the sign the text prints ("-58.3%"); its unit is the text's
//! ("points", "g/dL").

use super::outcome_vocab::*;
use super::*;

/// What kind of figure an outcome mention takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A share of patients meeting a criterion: a percentage.
    Responder,
    /// A change in a score or measure: a percentage, points or a laboratory unit, signed.
    Change,
    /// An annualized event rate ("ABR 1.2"): a bare number.
    Annualized,
}

/// Discontinuation due to adverse events not stated as treatment-related.
pub(super) const AE_DISC: &str = "AE discontinuation";

/// Before a bare figure: the words that make it a time, a count or a part, not a change.
static NOT_CHANGE_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:weeks?|days?|months?|years?|visit|cycles?|part|phase|n\s*=|aged?)\s*$")
        .expect("valid")
});

/// A bare change figure that reads as one: signed or with decimals, not a time or count.
fn bare_change(s: &Sentence, v: &ValueMention) -> bool {
    let num = s.slice(v.num_start, v.num_end);
    let signed =
        v.start < v.num_start || s.slice(v.num_start.saturating_sub(1), v.num_start) == "-";
    let before = s.slice(window_start(s.text, v.num_start, 12), v.num_start);
    (signed || num.contains('.'))
        && v.value.is_some_and(|x| x.abs() < 200.0)
        && !NOT_CHANGE_BEFORE_RE.is_match(before.trim_end_matches(['-', '−', ' ']))
}

/// Every measure pattern as one alternation of named groups `m0`, `m1`, …
static MEASURE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<String> = MEASURES
        .iter()
        .enumerate()
        .map(|(i, (p, _))| format!("(?P<m{i}>{p})"))
        .collect();
    Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alts.join("|"))).expect("valid measures")
});

static PHRASE_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    PHRASES
        .iter()
        .map(|(p, _, _)| Regex::new(&phrase_pattern(p)).expect("valid phrase"))
        .collect()
});

/// The same patterns as one set: which of them match a sentence, in one scan (each pattern
/// starts with a class, so no literal prefilter skips ahead, and a scan per phrase cost more
/// than the rest of the sentence's reading). Native only: in the browser the set's engine
/// would add to the worker's size, and every phrase is simply tried (the same mentions).
#[cfg(not(target_arch = "wasm32"))]
static PHRASE_SET: LazyLock<regex::RegexSet> = LazyLock::new(|| {
    regex::RegexSet::new(PHRASES.iter().map(|(p, _, _)| phrase_pattern(p))).expect("valid phrases")
});

/// Which phrases (by index) may occur in `ut`: natively those that do, in the browser all.
#[cfg(not(target_arch = "wasm32"))]
fn phrases_present(ut: &str) -> impl Fn(usize) -> bool {
    let set = PHRASE_SET.matches(ut);
    move |i| set.matched(i)
}

#[cfg(target_arch = "wasm32")]
fn phrases_present(_ut: &str) -> impl Fn(usize) -> bool {
    |_| true
}

fn phrase_pattern(p: &str) -> String {
    format!(r"(?:^|[^\w])(?P<ph>{p})")
}

/// After a measure: its abbreviation in brackets and "total score" ("(MG-ADL) total score").
static MEASURE_TAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*\([^()]{1,16}\))?(?P<score>\s+(?i:total\s+)?(?i:score|scores|levels?))?")
        .expect("valid")
});

/// Responder criteria written after a measure: "0/1", "≥4-point improvement", "responders",
/// "reduction from baseline of 2 points".
static RESPONDER_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)^\s*(?:
        (?P<clear>(?i:(?:score\s+)?(?:of\s+)?)?0\s*(?:/|or)\s*1)(?-u:\b)
      | (?:≥|>=|(?i:at\s+least)\s*)\s*(?P<pts>\d+)[-\s](?i:points?)(?:\s+(?P<word>(?i:improvement|reduction|decrease))|\s*(?:,|$))
      | (?i:reduction\s+(?:from\s+baseline\s+)?of\s+(?:≥\s*|at\s+least\s+)?)(?P<pts2>\d+)\s+(?i:points?)
      | (?P<resp>(?i:responders?|response\s+rates?|response))(?-u:\b)
      | (?P<norm>(?i:normali[sz]ation))
    )")
    .expect("valid")
});

/// After "IGA 0/1": the point reduction that completes the criterion.
static POINTS_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^.;%\d]{0,30}?(?:(?:≥|>=|at\s+least)\s*(?P<a>\d+)[-\s]points?\s+(?:improvement|reduction|decrease)|reduction\s+(?:from\s+baseline\s+)?of\s+(?:≥\s*|at\s+least\s+)?(?P<b>\d+)\s+points?)")
        .expect("valid")
});

/// A change named before its measure: "percent change from baseline in", "decreases in".
static CHANGE_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<cue>changes?|reductions?|decreases?|increases?|improvements?)\s+(?P<bl>from\s+baseline\s+)?(?:in|of)\s+(?:(?:the|total|serum|mean|plasma|fasting)\s+)*$|(?-u:\b)(?P<vcue>reduced|lowered|decreased|increased|improved)\s+(?:(?:the|total|serum|mean|plasma|fasting|urine|urinary|24-hour)\s+)*$|(?-u:\b)(?P<norm>normali[sz]ation)\s+of\s+(?:(?:the|serum)\s+)?$")
        .expect("valid")
});

/// A change named after its measure: "% change from baseline", "reductions", "improved by".
static CHANGE_AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:%\s*|percent(?:age)?\s+)?(?:(?P<cue>changes?|reductions?|decreases?|increases?|improvements?|loss)(?-u:\b)(?P<bl>\s+from\s+baseline)?|(?P<verb>improved|decreased|increased|changed|fell|declined|dropped|rose|(?:was|were)\s+(?:reduced|lowered))(?P<bl2>\s+from\s+baseline)?\s+by(?-u:\b))")
        .expect("valid")
});

/// The measures and phrases of a sentence as endpoint mentions, labelled.
pub(super) fn outcome_mentions(s: &Sentence) -> Vec<EndpointMention> {
    let ut = s.text;
    let mut out: Vec<EndpointMention> = Vec::new();
    let mention = |start: usize, end: usize, kind: Outcome, label: String| EndpointMention {
        start,
        end,
        family: Family::Outcome(kind),
        g3: false,
        paren: s.parens.at(start),
        clause: s.clause(start),
        named: Some(label),
    };
    let present = phrases_present(ut);
    for (i, (re, (_, label, kind))) in PHRASE_RES.iter().zip(PHRASES).enumerate() {
        if !present(i) {
            continue;
        }
        for c in re.captures_iter(ut) {
            let Some(w) = c.name("ph") else { continue };
            let n = c.name("n").map(|n| n.as_str()).unwrap_or("");
            out.push(mention(w.start(), w.end(), *kind, label.replace("{n}", n)));
        }
    }
    for c in MEASURE_RE.captures_iter(ut) {
        let Some(w) = c.get(0) else { continue };
        if out.iter().any(|o| o.start < w.end() && w.start() < o.end) {
            continue;
        }
        let Some(i) = (0..MEASURES.len()).find(|i| c.name(&format!("m{i}")).is_some()) else {
            continue;
        };
        let short = match MEASURES[i].1 {
            "" => w.as_str(),
            name => name,
        };
        if let Some((start, end, kind, label)) = measure_endpoint(s, w.start(), w.end(), short) {
            out.push(mention(start, end, kind, label));
        }
    }
    for (start, end, label) in open_outcomes(ut) {
        if !out.iter().any(|o| o.start < end && start < o.end) {
            out.push(mention(start, end, Outcome::Responder, label));
        }
    }
    out.sort_by_key(|e| e.start);
    out
}

/// What a measure mention reports, from the words around it: (span, kind, label).
fn measure_endpoint(
    s: &Sentence,
    start: usize,
    end: usize,
    short: &str,
) -> Option<(usize, usize, Outcome, String)> {
    let ut = s.text;
    let tail = MEASURE_TAIL_RE.captures(ut.get(end..)?)?;
    let tail_end = end + tail.get(0).map_or(0, |m| m.end());
    // "SGRQ total score changed by": the score as the text names it.
    let score = tail.name("score").and_then(|m| {
        let t = m.as_str().to_lowercase();
        let total = t.contains("total");
        t.contains("score")
            .then_some(if total { "total score" } else { "score" })
    });
    let after = ut.get(tail_end..)?;
    if let Some(r) = RESPONDER_AFTER_RE.captures(after) {
        let r_end = tail_end + r.get(0).map_or(0, |m| m.end());
        if r.name("clear").is_some() {
            let rest = ut.get(r_end..).unwrap_or("");
            if let Some(p) = POINTS_AFTER_RE.captures(rest) {
                let pts = p.name("a").or(p.name("b")).map_or("", |m| m.as_str());
                let e = r_end + p.get(0).map_or(0, |m| m.end());
                return Some((
                    start,
                    e,
                    Outcome::Responder,
                    format!("{short} 0/1 with >={pts}-point reduction"),
                ));
            }
            return Some((start, r_end, Outcome::Responder, format!("{short} 0/1")));
        }
        if let Some(p) = r.name("pts").or(r.name("pts2")) {
            // A table row's bare threshold ("Itch NRS >=4-point, %") is an improvement.
            let bare = r.name("pts").is_some() && r.name("word").is_none();
            let word = r
                .name("word")
                .map_or(if bare { "improvement" } else { "reduction" }, |w| {
                    w.as_str()
                });
            let label = format!("{short} >={}-point {}", p.as_str(), word.to_lowercase());
            return Some((start, r_end, Outcome::Responder, label));
        }
        if let Some(w) = r.name("resp") {
            let word = if w.as_str().to_lowercase().starts_with("responder") {
                "responder"
            } else {
                "response"
            };
            return Some((start, r_end, Outcome::Responder, format!("{short} {word}")));
        }
        if r.name("norm").is_some() {
            let label = format!("{short} normalization");
            return Some((start, r_end, Outcome::Responder, label));
        }
    }
    let before_from = window_start(ut, start, 60);
    let before = ut.get(before_from..start)?;
    if let Some(b) = CHANGE_BEFORE_RE.captures(before) {
        let cue_start = before_from + b.get(0).map_or(0, |m| m.start());
        if b.name("norm").is_some() {
            let label = format!("{short} normalization");
            return Some((cue_start, tail_end, Outcome::Responder, label));
        }
        let cue = b
            .name("cue")
            .or(b.name("vcue"))
            .map_or("change", |m| m.as_str());
        let baseline = b.name("bl").is_some() || baseline_near(ut, tail_end);
        let label = change_label(short, None, cue, baseline);
        return Some((cue_start, tail_end, Outcome::Change, label));
    }
    let a = CHANGE_AFTER_RE.captures(after)?;
    let a_end = tail_end + a.get(0).map_or(0, |m| m.end());
    let cue = a
        .name("cue")
        .or(a.name("verb"))
        .map_or("change", |m| m.as_str());
    let baseline = a.name("bl").is_some() || a.name("bl2").is_some() || baseline_near(ut, a_end);
    let label = change_label(short, score, cue, baseline);
    Some((start, a_end, Outcome::Change, label))
}

/// Whether a code is the change of a measure ("EASI change from baseline", "body weight
/// reduction"), whose percentages are means, not shares of patients.
pub(super) fn is_measure_change(code: &str) -> bool {
    !code.starts_with(">=")
        && [
            "change",
            "change from baseline",
            "reduction",
            "decrease",
            "increase",
        ]
        .iter()
        .any(|w| code.ends_with(&format!(" {w}")))
}

/// Whether "from baseline" follows closely ("increased by 3.4 g/dL from baseline").
fn baseline_near(ut: &str, at: usize) -> bool {
    let end = window_end(ut, at, 30);
    ut.get(at..end)
        .is_some_and(|w| w.to_lowercase().contains("from baseline"))
}

/// "EASI change from baseline", "QMG score change", "body weight reduction".
fn change_label(short: &str, score: Option<&str>, cue: &str, baseline: bool) -> String {
    let cue = cue.to_lowercase();
    // "decreased from baseline by 1.6%" is the conventional "change from baseline"; the
    // text's own verb names a change it does not measure from baseline.
    let fell = cue.starts_with("decreas") || ["fell", "declined", "dropped"].contains(&&*cue);
    let word = if cue.starts_with("reduc")
        || cue.contains("reduced")
        || cue.contains("lowered")
        || cue == "loss"
    {
        "reduction"
    } else if baseline && (fell || cue.starts_with("increas") || cue == "rose") {
        "change from baseline"
    } else if cue.starts_with("decrease") && !cue.ends_with('d') {
        // The text's own noun: "decreases in ALP".
        "decrease"
    } else if fell {
        "reduction"
    } else if cue.starts_with("increas") || cue == "rose" {
        "increase"
    } else if baseline {
        "change from baseline"
    } else {
        "change"
    };
    if let (Some(score), false) = (score, baseline) {
        format!("{short} {score} {word}")
    } else {
        format!("{short} {word}")
    }
}

/// The byte `max` before `at` (or less), on a character boundary.
fn window_start(ut: &str, at: usize, max: usize) -> usize {
    let mut from = at.saturating_sub(max);
    while !ut.is_char_boundary(from) {
        from += 1;
    }
    from
}

/// The byte `max` after `at` (or less), on a character boundary.
fn window_end(ut: &str, at: usize, max: usize) -> usize {
    let mut to = (at + max).min(ut.len());
    while !ut.is_char_boundary(to) {
        to -= 1;
    }
    to
}

/// Add outcome mentions to the oncology mentions: an outcome mention replaces the mentions
/// inside it ("MG-ADL response rate" is no ORR) and gives way to one it only overlaps.
pub(super) fn merge_outcomes(out: &mut Vec<EndpointMention>, extra: Vec<EndpointMention>) {
    if extra.is_empty() {
        return;
    }
    for e in extra {
        out.retain(|o| !(o.start >= e.start && o.end <= e.end));
        if !out.iter().any(|o| o.start < e.end && e.start < o.end) {
            out.push(e);
        }
    }
    out.sort_by_key(|e| e.start);
}

/// The label an outcome mention gives a value, when the value's unit fits the kind.
pub(super) fn resolve_outcome(
    kind: Outcome,
    named: Option<&str>,
    v: &ValueMention,
) -> Option<String> {
    let unit = v.unit.as_deref();
    let fits = match kind {
        Outcome::Responder => unit == Some("%") && v.qualifier.is_none(),
        Outcome::Change => v.value.is_some() && !matches!(unit, Some("months" | "weeks")),
        Outcome::Annualized => v.value.is_some() && unit.is_none(),
    };
    fits.then(|| named.map(str::to_owned)).flatten()
}

/// Units a change is stated in.
static CHANGE_UNIT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*(?:,|and|or|to|vs\.?|versus|-?\d+(?:\.\d+)?))*\s*(?P<u>points?|g/dL|g/L|mg/dL|mmol/L|µmol/L|U/L|kg|lbs?|mmHg|mL|cm|days)(?-u:\b)")
        .expect("valid")
});

/// Outcome readings as printed: a change keeps its minus sign ("-58.3%") and takes the unit
/// written after it or after its list ("-5.9 and -4.7 points"); an annualized rate is per year.
pub(super) fn outcome_values(s: &Sentence, eps: &[EndpointMention], readings: &mut Vec<Reading>) {
    let kind_of = |code: &str| {
        eps.iter().find_map(|e| match e.family {
            Family::Outcome(k) if e.named.as_deref() == Some(code) => Some(k),
            _ => None,
        })
    };
    let bytes = s.text.as_bytes();
    for r in readings.iter_mut() {
        let Some(kind) = kind_of(&r.endpoint) else {
            continue;
        };
        let v = &mut r.value;
        if kind == Outcome::Annualized {
            v.unit = Some("per year".to_owned());
            continue;
        }
        if kind != Outcome::Change {
            continue;
        }
        let signed = v.qualifier.is_none()
            && v.num_start > 0
            && bytes[v.num_start - 1] == b'-'
            && (v.num_start < 2 || !bytes[v.num_start - 2].is_ascii_alphanumeric());
        if signed {
            v.value = v.value.map(|x| -x);
            v.start = v.start.min(v.num_start - 1);
        }
        if v.unit.is_none() {
            let after = s.text.get(v.num_end..).unwrap_or("");
            v.unit = CHANGE_UNIT_RE
                .captures(after)
                .and_then(|c| c.name("u"))
                .map(|u| u.as_str().to_owned());
        }
        if v.unit.is_none() && bare_change(s, v) {
            v.unit = bare_unit(&r.endpoint).map(str::to_owned);
        }
    }
    // A change stated in no unit is no change ("at Week 16").
    readings.retain(|r| kind_of(&r.endpoint) != Some(Outcome::Change) || r.value.unit.is_some());
}

/// The spans of outcome mentions: their thresholds ("≥4-point", "at least 10%") are no values.
pub(super) fn outcome_spans(eps: &[EndpointMention]) -> Vec<(usize, usize)> {
    eps.iter()
        .filter(|e| matches!(e.family, Family::Outcome(_)))
        .map(|e| (e.start, e.end))
        .collect()
}

/// A table row's outcome label ("EASI-75", "IGA 0/1 and ≥2-point reduction"), for a value.
pub(super) fn row_outcome(first: &str, v: &ValueMention) -> Option<String> {
    let s = Sentence::new(first, 0);
    let e = outcome_mentions(&s).into_iter().find(|e| e.start < 12)?;
    match e.family {
        Family::Outcome(kind) => resolve_outcome(kind, e.named.as_deref(), v),
        _ => None,
    }
}

/// A table row named by an outcome ("IGA 0/1 and ≥2-point reduction"): its family.
pub(super) fn outcome_row(first: &str) -> Option<(Family, bool)> {
    let s = Sentence::new(first, 0);
    outcome_mentions(&s)
        .iter()
        .any(|e| e.start < 12)
        .then_some((Family::Outcome(Outcome::Responder), false))
}

/// The code of a table cell in a row named by a scale threshold or an outcome.
pub(super) fn table_outcome_code(first: &str, family: Family, v: &ValueMention) -> Option<String> {
    match family {
        Family::Scale => {
            let m = ENDPOINT_RE.captures(first)?.name("scale")?;
            (m.start() < 12 && v.unit.as_deref() == Some("%")).then(|| m.as_str().trim().to_owned())
        }
        Family::Outcome(_) => row_outcome(first, v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentence: &str, expected: &[&str]) {
        let s = Sentence::new(sentence, 0);
        let got: Vec<String> = outcome_mentions(&s)
            .into_iter()
            .filter_map(|e| e.named)
            .collect();
        assert_eq!(got, expected, "{sentence}");
    }

    #[test]
    fn measures_with_their_change() {
        check(
            "The mean percent change from baseline in the Psoriasis Area and Severity Index (PASI) was -61.2%.",
            &["PASI change from baseline"],
        );
        check("HbA1c decreased by 1.4%.", &["HbA1c reduction"]);
        check(
            "X reduced 24-hour urine protein-to-creatinine ratio (UPCR) by 46.1% from baseline.",
            &["UPCR reduction"],
        );
        check(
            "HbA1c decreased from baseline by 1.62% at week 24.",
            &["HbA1c change from baseline"],
        );
        check("HbA1c <7.0% was reached by 58.5%.", &["HbA1c <7.0%"]);
        check(
            "Mean body weight reductions of 9.1% were seen.",
            &["body weight reduction"],
        );
        check(
            "The QMG score improved by -3.1 points.",
            &["QMG score change"],
        );
        check(
            "Haemoglobin increased by 2.1 g/dL from baseline.",
            &["hemoglobin change from baseline"],
        );
        check("Median decreases in ALP of -40%.", &["ALP decrease"]);
        check("Weight-based dosing of 10 mg/kg.", &[]);
        // "Hemoglobin decreased" without "by" is an adverse event, not a change.
        check("Hemoglobin decreased occurred in 12%.", &[]);
    }

    #[test]
    fn responder_criteria() {
        check(
            "IGA 0/1 and a reduction from baseline of 2 points in 30%.",
            &["IGA 0/1 with >=2-point reduction"],
        );
        check("sPGA 0/1 in 41%.", &["sPGA 0/1"]);
        check(
            "PP-NRS ≥4-point improvement in 33%",
            &["PP-NRS >=4-point improvement"],
        );
        check("MG-ADL responders were 60%.", &["MG-ADL responder"]);
        check(
            "45% lost at least 15% of their body weight.",
            &[">=15% weight loss"],
        );
        check(
            "a ≥50% reduction in monthly migraine days in 52%",
            &[">=50% responder"],
        );
        check(
            "80% remained free of transfusions",
            &["transfusion avoidance"],
        );
        check("the annualized bleeding rate was 1.3", &["ABR"]);
        check("normalization of ALP in 20%", &["ALP normalization"]);
    }
}
