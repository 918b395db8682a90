//! First passes over a sentence's mentions: which endpoint each value reports.
//!
//! `share_units` lets "13.6 vs 8.3 months" give both figures their unit; `listed_endpoints`
//! zips "the PR, SD and PD rates were 5%, 33% and 42%, respectively"; `resolve_endpoints`
//! gives every other value the endpoint that governs it — a named adverse event before its
//! parenthesis, an endpoint right after a value ("16% had partial responses"), else the
//! latest endpoint of the same clause whose parenthesis encloses the value; and
//! `attach_details` joins each figure with its interval, p-value, responders and time point.
//! A value no rule can name is left alone: it stays an unextracted number on the source page.

use super::*;

/// A figure read from a sentence, before it is committed to an arm.
#[derive(Clone, Debug)]
pub(super) struct Reading {
    pub(super) endpoint: String,
    pub(super) value: ValueMention,
    pub(super) ci: Option<CiMention>,
    pub(super) p: Option<(f64, usize, usize)>,
    /// The population the figure is of, with the span that states it.
    pub(super) n: Option<(u32, usize, usize)>,
    pub(super) timepoint: Option<String>,
    pub(super) arm: Option<String>,
    pub(super) subgroup: Option<String>,
    /// The rule that named the endpoint and the rule that chose the arm.
    pub(super) endpoint_rule: &'static str,
    pub(super) arm_rule: &'static str,
}

/// A reported interval and the span it covers.
#[derive(Clone, Copy, Debug)]
pub(super) struct CiMention {
    pub(super) low: Option<f64>,
    pub(super) high: Option<f64>,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Reading {
    fn new(endpoint: String, value: &ValueMention, rule: &'static str) -> Reading {
        Reading {
            endpoint,
            value: value.clone(),
            ci: None,
            p: None,
            n: None,
            timepoint: None,
            arm: None,
            subgroup: None,
            endpoint_rule: rule,
            arm_rule: "",
        }
    }

    /// Hazard and odds ratios compare arms: they go to the trial, not to an arm.
    pub(super) fn is_comparison(&self) -> bool {
        self.endpoint.starts_with("HR") || self.endpoint == "OR"
    }
}

/// Between a unitless figure and the next one that carries the unit: "13.6 vs 8.3 months".
static SHARE_GAP_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:vs\.?|versus|and|or|to|,)\s*$").expect("valid"));

/// "13.6 vs 8.3 months", "45.7 and 44.5 months": the first figure takes the second's unit.
pub(super) fn share_units(s: &Sentence, values: &mut [ValueMention]) {
    for i in (0..values.len().saturating_sub(1)).rev() {
        let (head, tail) = values.split_at_mut(i + 1);
        let (Some(a), Some(b)) = (head.last_mut(), tail.first()) else {
            continue;
        };
        if a.unit.is_none()
            && a.value.is_some()
            && b.unit.is_some()
            && a.paren == b.paren
            && SHARE_GAP_RE.is_match(s.slice(a.end, b.start))
        {
            a.unit = b.unit.clone();
        }
    }
}

/// "The rates of SD, PD and non-CR/non-PD were 44%, 16% and 8%, respectively": the i-th
/// top-level endpoint of a clause names its i-th top-level value. Returns value → endpoint.
pub(super) fn listed_endpoints(
    s: &Sentence,
    eps: &[EndpointMention],
    values: &[ValueMention],
) -> Vec<Option<usize>> {
    let mut out = vec![None; values.len()];
    slashed_pairs(s, eps, values, &mut out);
    let respectively = s.has("respectively");
    let clauses = values.iter().map(|v| v.clause).max().unwrap_or(0);
    for clause in 0..=clauses {
        let vals: Vec<usize> = (0..values.len())
            .filter(|&i| values[i].clause == clause && values[i].paren.is_none())
            .collect();
        let Some(first) = vals.first().map(|&i| values[i].start) else {
            continue;
        };
        let listed: Vec<usize> = (0..eps.len())
            .filter(|&e| eps[e].clause == clause && eps[e].paren.is_none() && eps[e].end <= first)
            .collect();
        // Without "respectively", only a tight list: "the ORR and CR rate were 80.0% and
        // 55.0%" (endpoints joined by "and", then the verb, then values joined by "and").
        let tight = || {
            let (Some(&l0), Some(&ln), Some(&v0), Some(&vn)) =
                (listed.first(), listed.last(), vals.first(), vals.last())
            else {
                return false;
            };
            let joined = |a: usize, b: usize| LIST_GAP_RE.is_match(s.slice(a, b));
            listed.windows(2).all(|w| {
                let gap = s.slice(eps[w[0]].end, eps[w[1]].start);
                ENDPOINT_LIST_GAP_RE.is_match(gap)
            }) && VERB_TO_VALUES_RE.is_match(s.slice(eps[ln].end, values[v0].start))
                && vals
                    .windows(2)
                    .all(|w| joined(values[w[0]].end, values[w[1]].start))
                && eps[l0].start < values[vn].start
        };
        // Only a list of endpoints, after the last value-bearing phrase of the clause.
        if listed.len() >= 2 && listed.len() == vals.len() && (respectively || tight()) {
            for (v, e) in vals.iter().zip(listed) {
                out[*v] = Some(e);
            }
        }
    }
    out
}

/// Between endpoints of a list: ", ", " and ", "rate and ".
static ENDPOINT_LIST_GAP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:rates?\s*)?(?:,|,?\s*and)\s*(?:the\s+)?$").expect("valid")
});

/// From the last endpoint of a list to its values: " rate were ", " were ".
static VERB_TO_VALUES_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:rates?\s+)?(?:were|was|of)\s*$").expect("valid"));

/// "PASI 75 / PASI 90 … (45.2% / 21.0%) in the 25 mg group, (62.3% / 36.1%) …": two
/// endpoints joined by a slash name, in order, each pair of values joined by a slash after
/// them.
fn slashed_pairs(
    s: &Sentence,
    eps: &[EndpointMention],
    values: &[ValueMention],
    out: &mut [Option<usize>],
) {
    let slash = |a: usize, b: usize| s.slice(a, b).trim().trim_start_matches('%').trim() == "/";
    let Some(e) = (1..eps.len()).find(|&e| slash(eps[e - 1].end, eps[e].start)) else {
        return;
    };
    for v in 1..values.len() {
        let (a, b) = (&values[v - 1], &values[v]);
        if a.start >= eps[e].end && out[v - 1].is_none() && slash(a.end, b.start) {
            out[v - 1] = Some(e - 1);
            out[v] = Some(e);
        }
    }
}

/// After a value, words that tie it to an endpoint that follows: "16% had partial responses".
static FOLLOWING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*%?\s*\)?\s*(?:of\s+(?:the\s+|all\s+)?(?:\d+\s+)?(?:[\w./-]*[A-Z0-9][\w./-]*\s+|[\w-]+-treated\s+)?(?:patients|subjects|participants|pts)\s+)?(?:(?:in|at)\s+(?:the\s+)?[\w./-]+(?:\s+[\w./-]+){0,3}?\s+(?:group|arm|cohort|dose\s+level)\s+)?(?:had|have|has|having|experienced|reported|developed|showed|achieved|reached|with|were|remained|met|maintained|attained)?\s*(?:an?\s+|the\s+)?$")
        .expect("valid")
});

/// Between an endpoint and the value it states: "was", "of", ":", "=".
static STATED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:rate\s+)?(?:was|were|is|of|reached|:|=)\s*$").expect("valid")
});

/// From a value to an endpoint that "with" adds to it.
static WITH_NEXT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*%?\s*,?\s*with\s+(?:an?\s+|the\s+)?$").expect("valid"));

static N_PAREN_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\(\s*n\s*=\s*\d+\s*\)").expect("valid"));

/// What may separate values of one list that share the endpoint after them.
static LIST_FILLER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\(\s*n\s*=\s*\d+\s*\)|(?-u:\b)(?:and|or)(?-u:\b)|,").expect("valid")
});

/// The endpoint after a value (or after the list of values it starts), in its clause.
fn following_endpoint<'e>(
    s: &Sentence,
    v: usize,
    values: &[ValueMention],
    eps: &'e [EndpointMention],
) -> Option<&'e EndpointMention> {
    let val = &values[v];
    let e = eps
        .iter()
        .find(|e| e.start >= val.end && e.clause == val.clause)?;
    let gap = s.slice(val.end, e.start);
    let later: Vec<&ValueMention> = values
        .iter()
        .filter(|o| o.start >= val.end && o.end <= e.start)
        .collect();
    // A list shares one endpoint only when its values share a unit.
    if later.iter().any(|o| o.unit != val.unit) {
        return None;
    }
    if later.is_empty() {
        // "50.0% (n=22) overall response rate": the value's own n may stand between.
        let gap = N_PAREN_RE.replace_all(gap, " ");
        return FOLLOWING_RE.is_match(&gap).then_some(e);
    }
    // A list of values sharing the endpoint after them ("61% (n=31) and 50% (n=22) objective
    // response rate"): the gap is only the list's other values, sizes and conjunctions.
    // The list's last value leads straight into the endpoint: "5.5 and 2.8 months, and the
    // ORR …" starts a clause of its own.
    let last = later.last().map_or(val.end, |o| o.end);
    let tail = N_PAREN_RE.replace_all(s.slice(last, e.start), " ");
    if !FOLLOWING_RE.is_match(&tail) {
        return None;
    }
    let mut rest = gap.to_owned();
    for o in later {
        rest = rest.replacen(s.slice(o.start, o.end), " ", 1);
    }
    let rest = LIST_FILLER_RE.replace_all(&rest, " ");
    FOLLOWING_RE.is_match(&rest).then_some(e)
}

/// Between two figures of one list: "16.1%, 10.9% and 7.3%".
static LIST_GAP_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*%?\s*(?:,|,?\s*(?:and|or))\s*$").expect("valid"));

/// Words an adverse-event label never contains (it would be a clause, not a term).
const NOT_AE_WORDS: &[&str] = &[
    "between",
    "both",
    "arm",
    "arms",
    "group",
    "patients",
    "was",
    "were",
    "rate",
    "rates",
    "similar",
    "incidence",
    "versus",
    "vs",
    "compared",
    "respectively",
    "total",
    "overall",
    "any",
    "most",
    "common",
    "frequent",
];

/// Whether the text before a parenthesis reads as an adverse-event term ("nausea",
/// "decreased appetite", "ALT increased").
fn is_ae_label(label: &str, arm_words: &[String]) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 || ENDPOINT_RE.is_match(label) {
        return false;
    }
    let lower = label.to_lowercase();
    if ["while ", "whereas ", "and ", "or "]
        .iter()
        .any(|w| lower.starts_with(w))
    {
        return false;
    }
    if words
        .iter()
        .any(|w| NOT_AE_WORDS.contains(&w.to_lowercase().as_str()))
        || arm_words.iter().any(|a| lower.contains(a.as_str()))
    {
        return false;
    }
    label
        .chars()
        .all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'')
}

/// Every value's endpoint, or no reading for it.
pub(super) fn resolve_endpoints(
    s: &Sentence,
    eps: &[EndpointMention],
    values: &[ValueMention],
    arm_words: &[String],
) -> Vec<Reading> {
    let ut = s.text;
    let listed = listed_endpoints(s, eps, values);
    let ae_context = eps.iter().any(|e| matches!(e.family, Family::Ae(_)))
        || s.has("most common")
        || s.has("most frequent");
    let mut out: Vec<Reading> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        // "a DOR ≥ 6 months": a threshold, whatever rule would name it.
        if eps
            .iter()
            .any(|e| e.end <= v.start && is_threshold(s, e, v))
        {
            continue;
        }
        // "nausea in 57.7% (grade ≥3: 6.4%)": the grade ≥3 share of the event just named.
        if let Some(code) = grade_bracket(s, v, &out) {
            out.push(Reading::new(code, v, "endpoints.grade_bracket"));
            continue;
        }
        if let Some(e) = listed[i].and_then(|e| eps.get(e)) {
            if let Some(code) = resolve(e, v, ut, eps) {
                out.push(Reading::new(code, v, "endpoints.listed"));
            }
            continue;
        }
        let preceding: Vec<&EndpointMention> = eps
            .iter()
            .filter(|e| {
                e.end <= v.start && e.clause == v.clause && s.parens.encloses(e.paren, v.paren)
            })
            .collect();
        let governing = preceding.last().copied();
        // "(placebo-adjusted differences -4.4 and -3.9)": the nearest endpoint is one never
        // reported, and no endpoint named before it takes its figures.
        if governing.is_some_and(|e| e.family == Family::Skip) {
            continue;
        }
        // "nausea (82.4% versus 60.8%)": a term named before the value's own parenthesis.
        if ae_context {
            if let Some(code) = bracketed_ae(s, v, governing, arm_words) {
                out.push(Reading::new(code, v, "endpoints.ae_term"));
                continue;
            }
        }
        // "ORR was 87.5% with CR 70.8%": a value stated as the endpoint before it is not the
        // next one's, which "with" only adds.
        let stated = governing.is_some_and(|g| STATED_RE.is_match(s.slice(g.end, v.start)));
        let following = following_endpoint(s, i, values, eps)
            .filter(|e| !(stated && WITH_NEXT_RE.is_match(s.slice(v.end, e.start))));
        if let Some(e) = following {
            // An endpoint the value is tied to decides alone: "44% having a DOR ≥ 12 months"
            // is no response rate, even with "ORR" earlier in the sentence.
            if let Some(code) = resolve(e, v, ut, eps) {
                out.push(Reading::new(code, v, "endpoints.following"));
            }
            continue;
        }
        if let Some(code) = named_ae(s, v, governing, values) {
            out.push(Reading::new(code, v, "endpoints.ae_vocabulary"));
            continue;
        }
        // "…; in those with a TPS below 1%, it was 9.6 months": the pronoun stands for the
        // endpoint of the clause before.
        if preceding.is_empty() {
            if let Some(code) = pronoun_endpoint(s, v, eps) {
                out.push(Reading::new(code, v, "endpoints.pronoun"));
                continue;
            }
            // "it was 9.6 months vs 5.7 months": the second figure of a pair is of the
            // first's endpoint.
            let paired = out.last().filter(|p| {
                p.value.unit == v.unit
                    && p.endpoint_rule == "endpoints.pronoun"
                    && PAIR_GAP_RE.is_match(s.slice(p.value.end, v.start))
            });
            if let Some(p) = paired {
                let code = p.endpoint.clone();
                out.push(Reading::new(code, v, "endpoints.pronoun"));
                continue;
            }
        }
        // "(16.1%, 10.9% and 7.3%)" after a named event: the list goes on with it.
        if let Some(prev) = out.last().filter(|p| {
            p.endpoint.starts_with("AE:") && LIST_GAP_RE.is_match(s.slice(p.value.end, v.start))
        }) {
            let code = prev.endpoint.clone();
            out.push(Reading::new(code, v, "endpoints.continued_ae"));
            continue;
        }
        let Some(e) = preceding
            .iter()
            .rev()
            .take(2)
            .find(|e| resolve(e, v, ut, eps).is_some())
            .or(preceding.last())
        else {
            if let Some(prev) = continued_ae(s, v, &out) {
                out.push(Reading::new(prev, v, "endpoints.continued_ae"));
            }
            continue;
        };
        if is_threshold(s, e, v) {
            continue;
        }
        let Some(mut code) = resolve(e, v, ut, eps) else {
            continue;
        };
        // "(34% …, 25% confirmed)": the confirmed rate of the same response.
        if code == "ORR"
            && s.slice(v.end, (v.end + 11).min(ut.len()))
                .trim_start()
                .starts_with("confirmed")
        {
            code = "cORR".to_owned();
        }
        out.push(Reading::new(code, v, "endpoints.preceding"));
    }
    out
}

/// A bracket that opens with a grade ≥ 3 marker and holds the value: "(grade ≥3: 6.4%)",
/// "(grade 3 or higher, 4.2%)", "(G3+: 2.0%)".
static GRADE_BRACKET_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\(\s*(?:grade\s*(?:≥|>=)\s*3|grade\s*3\s*(?:or|and)\s*(?:higher|above|more|greater)|G3\+|≥\s*G3)\s*[:,=]?\s*$")
        .expect("valid")
});

/// Grade 3 or worse in a bracket's words before its figure: "grade ≥3", "G>=3: ", "gr. 3+".
static GRADE_3_WORDS_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:^|[^a-z])(?:grade|gr\.?|g)\s*(?:≥|>=|3)").expect("valid"));

/// The grade ≥ 3 figure of the adverse event read just before, when the value opens its own
/// grade bracket right after it.
fn grade_bracket(s: &Sentence, v: &ValueMention, out: &[Reading]) -> Option<String> {
    let p = v.paren.and_then(|p| s.parens.get(p))?;
    let prev = out.last()?;
    let any_grade = prev.endpoint.starts_with("AE:") && !prev.endpoint.ends_with(":G3");
    let next_to = prev.value.end <= p.open && s.slice(prev.value.end, p.open).len() <= 40;
    (v.unit.as_deref() == Some("%")
        && any_grade
        && next_to
        && GRADE_BRACKET_RE.is_match(s.slice(p.open, v.start)))
    .then(|| format!("{}:G3", prev.endpoint))
}

/// An adverse-event term named before the value's own bracket ("nausea (82.4% versus
/// 60.8%)"); grade ≥3 after the any-grade figure ("rash (20.0%; 2.5%)") or where the governing
/// endpoint is.
fn bracketed_ae(
    s: &Sentence,
    v: &ValueMention,
    governing: Option<&EndpointMention>,
    arm_words: &[String],
) -> Option<String> {
    let p = v.paren.and_then(|p| s.parens.get(p))?;
    let endpoint_inside = governing.is_some_and(|e| e.start > p.open);
    if endpoint_inside || v.unit.as_deref() != Some("%") {
        return None;
    }
    let label = label_before(s.text, p.open).filter(|l| is_ae_label(l, arm_words))?;
    let inner = s.slice(p.open, v.start).to_lowercase();
    let g3 = inner.contains(';')
        || GRADE_3_WORDS_RE.is_match(&inner)
        || governing.is_some_and(|e| e.g3) && !inner.contains("any grade")
        || crate::vocab::listed_under_grade_3(s.slice(0, p.open));
    let term = crate::vocab::canonical_ae_order(&label.to_lowercase());
    Some(if g3 {
        format!("AE:{term}:G3")
    } else {
        format!("AE:{term}")
    })
}

/// The endpoint a pronoun right before the value stands for: the latest one named earlier in
/// the sentence, outside brackets, that fits the value.
fn pronoun_endpoint(s: &Sentence, v: &ValueMention, eps: &[EndpointMention]) -> Option<String> {
    static PRONOUN_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:it|this|they|these|the\s+(?:change|reduction|decrease|increase|figure|rate|proportion|value)|that\s+figure|the\s+corresponding\s+(?:figure|rate|value))\s+(?:was|were|is|are|reached|came\s+to|stood\s+at)\s*$")
            .expect("valid")
    });
    if v.paren.is_some() || !PRONOUN_RE.is_match(s.slice(v.start.saturating_sub(40), v.start)) {
        return None;
    }
    let e = eps
        .iter()
        .rfind(|e| e.end <= v.start && e.paren.is_none())?;
    resolve(e, v, s.text, eps)
}

/// "a DOR ≥ 6 months": a threshold after a time-to-event endpoint, not its value.
fn is_threshold(s: &Sentence, e: &EndpointMention, v: &ValueMention) -> bool {
    let time_to_event = matches!(e.family, Family::Median(_) | Family::Pfs | Family::Os);
    time_to_event
        && v.qualifier.is_some()
        && s.slice(e.end, v.start)
            .trim()
            .trim_start_matches(['≥', '>', '<', '≤', '='])
            .trim()
            .is_empty()
}

/// "Cytokine release syndrome occurred in 44.6% of patients": a vocabulary term between the
/// governing endpoint (if any) and the value, with no other value between.
fn named_ae(
    s: &Sentence,
    v: &ValueMention,
    governing: Option<&EndpointMention>,
    values: &[ValueMention],
) -> Option<String> {
    if v.unit.as_deref() != Some("%") {
        return None;
    }
    // The term is in the value's own clause: "the response rate was 19.4%; grade 3 or higher
    // CRS was reported in 3.2%" names CRS after the semicolon.
    let clause_start = s.slice(0, v.start).rfind(';').map_or(0, |i| i + 1);
    let from = governing
        .map(|e| e.end)
        .unwrap_or(0)
        .max(v.start.saturating_sub(80))
        .max(clause_start);
    let from = (from..v.start)
        .find(|&i| s.text.is_char_boundary(i))
        .unwrap_or(v.start);
    // A count of patients before the value's own share ("in 1 pt (2.4%)") is the same figure.
    let count = |o: &ValueMention| {
        o.unit.is_none()
            && ["pt", "pts", "patient", "patients", "subject", "subjects"].contains(
                &s.slice(o.end, v.start)
                    .split_whitespace()
                    .next()
                    .unwrap_or(""),
            )
    };
    // "…, and vomiting 10%": a term joined by "and" after the last figure before the value.
    let from = match values
        .iter()
        .filter(|o| o.start >= from && o.end <= v.start && !count(o))
        .map(|o| o.end)
        .max()
    {
        Some(last) if s.slice(last, v.start).contains(" and ") => last,
        Some(_) => return None,
        None => from,
    };
    // "improvement in cough (16% vs 9%) … on the QLQ-LC13": a symptom score, not an event.
    const SYMPTOM_SCORE: &[&str] = &[
        "improvement in",
        "improved",
        "worsening",
        "deterioration",
        "score",
        "qlq",
        "patient-reported",
        "quality of life",
        "symptom",
    ];
    if SYMPTOM_SCORE.iter().any(|w| s.has(w)) {
        return None;
    }
    let (term, g3) = match crate::vocab::ae_term_in(s.slice(from, v.start)) {
        Some(found) => found,
        None => most_common_term(s, governing?)?,
    };
    // The grade a clause states before its list of events holds for every event listed.
    let listed_g3 = crate::vocab::listed_under_grade_3(s.slice(0, from));
    Some(if g3 || listed_g3 || governing.is_some_and(|e| e.g3) {
        format!("AE:{term}:G3")
    } else {
        format!("AE:{term}")
    })
}

/// "Headache was the most frequent adverse event (16.1%, …)": the term the sentence names as
/// the most common event, before the event family that governs the value.
fn most_common_term(s: &Sentence, governing: &EndpointMention) -> Option<(String, bool)> {
    static MOST_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?P<term>[a-z][a-z -]{2,40}?)\s+(?:was|were)\s+the\s+most\s+(?:common|frequent|frequently\s+reported)\s*$")
            .expect("valid")
    });
    if !matches!(governing.family, Family::Ae(_)) {
        return None;
    }
    let term = MOST_RE
        .captures(s.slice(0, governing.start))?
        .name("term")?;
    crate::vocab::ae_term_in(term.as_str())
}

/// "… in 61.3% of patients in the X arm and 1.2% in the placebo arm": the same event.
fn continued_ae(s: &Sentence, v: &ValueMention, out: &[Reading]) -> Option<String> {
    // "… in 27.4% (grade 3 or higher: 3.8%) and in 6.1% of patients receiving placebo": the
    // list goes on with the event at any grade, not with its bracketed grade ≥ 3 share.
    let prev = out
        .iter()
        .rev()
        .find(|p| p.endpoint_rule != "endpoints.grade_bracket")
        .filter(|p| p.endpoint.starts_with("AE:"))?;
    let gap = format!("{} ", s.slice(prev.value.end, v.start));
    let listed = gap.trim() == "," || gap.trim() == "%,";
    // "… in the A, B and C groups, respectively, versus 5.7% with placebo".
    let versus_last = ["versus", "vs", "vs.", "compared with"]
        .iter()
        .any(|w| gap.trim_end().ends_with(w));
    (gap.len() < if versus_last { 130 } else { 70 }
        && (listed || gap.contains(" and ") || gap.contains(" versus ") || gap.contains(" vs")))
    .then(|| prev.endpoint.clone())
}

/// Interval, p-value, responders and time point of each reading.
pub(super) fn attach_details(ctx: &Ctx, s: &Sentence, readings: &mut [Reading]) {
    let ut = s.text;
    let cis: Vec<CiMention> = CI_RE
        .captures_iter(ut)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let (lo, hi) = (c.name("lo")?, c.name("hi")?);
            let (low, high) = (parse_num(lo.as_str()), parse_num(hi.as_str()));
            (low.is_some() || high.is_some()).then_some(CiMention {
                low,
                high,
                start: whole.start(),
                end: hi.end(),
            })
        })
        .collect();
    let ps: Vec<(f64, usize, usize)> = P_RE
        .captures_iter(ut)
        .filter_map(|c| {
            let p = c.name("p")?;
            Some((parse_num(p.as_str())?, p.start(), p.end()))
        })
        .collect();
    for r in readings.iter_mut() {
        let v = &r.value;
        r.ci = cis
            .iter()
            .find(|c| c.start >= v.end && c.start <= v.end + 10)
            .copied();
        r.p = ps
            .iter()
            .find(|(_, st, _)| *st >= v.end && *st <= v.end + 60)
            .copied();
        if let Some(c) = ut.get(v.end..).and_then(|rest| FRACTION_RE.captures(rest)) {
            if let (Some(k), Some(d)) = (c.name("k"), c.name("n")) {
                if let (Ok(kv), Ok(dv)) = (k.as_str().parse::<u32>(), d.as_str().parse::<u32>()) {
                    if kv <= dv && dv > 0 {
                        r.n = Some((dv, v.end + k.start(), v.end + d.end()));
                    }
                }
            }
        }
        if r.endpoint.ends_with("_RATE") {
            r.timepoint = timepoint_near(ut, v.start);
        }
    }
    let _ = ctx;
}

/// The landmark of a survival rate: the time point nearest the value ("12-month PFS rate").
fn timepoint_near(ut: &str, at: usize) -> Option<String> {
    TIMEPOINT_RE
        .captures_iter(ut)
        .filter_map(|c| {
            let t = c.name("t").or(c.name("t2"))?;
            let whole = c.get(0)?.as_str();
            let unit = c
                .name("u")
                .map(|u| u.as_str().trim_end_matches('s').to_lowercase())
                .unwrap_or_else(|| {
                    if whole.contains("year") {
                        "year"
                    } else if whole.contains("week") {
                        "week"
                    } else {
                        "month"
                    }
                    .to_owned()
                });
            Some((t.start().abs_diff(at), format!("{} {unit}s", t.as_str())))
        })
        .min()
        .map(|(_, t)| t)
}
