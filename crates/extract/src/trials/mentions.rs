#![allow(unused_imports)]
use super::*;

/// `GROUPS` as capture-group indices of `ENDPOINT_RE`, in order (a name the pattern lacks
/// never matches, so it is left out).
static GROUP_SLOTS: LazyLock<Vec<(usize, Family)>> = LazyLock::new(|| {
    GROUPS
        .iter()
        .filter_map(|(g, f)| {
            ENDPOINT_RE
                .capture_names()
                .position(|n| n == Some(*g))
                .map(|i| (i, *f))
        })
        .collect()
});

pub(super) fn endpoint_mentions(s: &Sentence) -> Vec<EndpointMention> {
    let ut = s.text;
    let bytes = ut.as_bytes();
    let mut out: Vec<EndpointMention> = Vec::new();
    for c in ENDPOINT_RE.captures_iter(ut) {
        let Some(whole) = c.get(0) else { continue };
        // The first family of `GROUPS` whose group took part, by group index (not by name:
        // a name is a hash lookup, and this ran for every group of every mention).
        let Some((core, family)) = GROUP_SLOTS
            .iter()
            .find_map(|(i, f)| c.get(*i).map(|m| (m, *f)))
        else {
            continue;
        };
        let core_start = core.start();
        let start = c.name("g3pre").map(|m| m.start()).unwrap_or(core_start);
        let end = whole.end();
        if bytes
            .get(start.wrapping_sub(1))
            .is_some_and(|b| b.is_ascii_alphanumeric())
            && start > 0
        {
            continue;
        }
        if bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        // "Injection-site reactions, the most common adverse event, occurred in 6.8%": the
        // words describe the event named before them; they are no endpoint of their own.
        if matches!(family, Family::Ae(_)) && c.name("g3pre").is_none() {
            let before = ut.get(..start).unwrap_or("").to_lowercase();
            let before = before.trim_end().trim_end_matches("the").trim_end();
            if [
                "most common",
                "most frequent",
                "most frequently reported",
                "most commonly reported",
            ]
            .iter()
            .any(|w| before.ends_with(w))
                && ut.get(..start).is_some_and(|b| b.contains(", "))
            {
                continue;
            }
        }
        // "mean baseline PASI 20.4" is a score, not the PASI-20 threshold.
        if family == Family::Scale
            && ut.get(end..).is_some_and(|a| {
                a.starts_with('.') && a[1..].starts_with(|c: char| c.is_ascii_digit())
            })
        {
            continue;
        }
        // "PD-1"'s "PD" or "OS" inside a word are not endpoints; "HR+" is hormone receptor.
        if ut.get(end..).is_some_and(|a| {
            a.starts_with('+') || a.starts_with("-positive") || a.starts_with("-negative")
        }) {
            continue;
        }
        // "PD-1", "CR-845": an abbreviation glued to a hyphenated code is a name.
        if ut.get(end..).is_some_and(|a| {
            a.starts_with('-') && a[1..].starts_with(|c: char| c.is_ascii_alphanumeric())
        }) {
            continue;
        }
        // "follow-up for OS": the time observed, not the endpoint's value.
        let before = crate::trials::arms::window_before(&s.lower, start, 24).trim_end();
        if [
            "follow-up for",
            "follow-up time for",
            "follow-up of",
            "follow-up time of",
        ]
        .iter()
        .any(|w| before.ends_with(w))
        {
            continue;
        }
        let g3 =
            c.name("g3pre").is_some() || c.name("g3post").is_some() || c.name("g3mid").is_some();
        // An abbreviation in parentheses right after its long form is the same mention.
        if let Some(prev) = out.last() {
            let gap = ut.get(prev.end..core_start.min(start)).unwrap_or("x");
            if gap.trim() == "(" || ut.get(prev.end..start).is_some_and(|g| g.trim() == "(") {
                continue;
            }
        }
        out.push(EndpointMention {
            start,
            end,
            family,
            g3,
            paren: s.parens.at(start),
            clause: s.clause(start),
            named: None,
        });
    }
    merge_outcomes(&mut out, outcome_mentions(s));
    absorb_named_rates(ut, &mut out);
    out
}

/// "PASI 75 / PASI 90 response rates": a response rate named right after a scale's threshold
/// is that threshold's, not the tumour response rate.
fn absorb_named_rates(ut: &str, out: &mut Vec<EndpointMention>) {
    let named = |e: &EndpointMention| matches!(e.family, Family::Scale | Family::Outcome(_));
    let mut keep = vec![true; out.len()];
    for i in 1..out.len() {
        let (prev, e) = (&out[i - 1], &out[i]);
        let gap = ut.get(prev.end..e.start).unwrap_or("x");
        if named(prev) && matches!(e.family, Family::Rate(_)) && gap.trim().is_empty() {
            keep[i] = false;
        }
    }
    let mut k = keep.into_iter();
    out.retain(|_| k.next().unwrap_or(true));
}

#[derive(Clone, Debug, Default)]
pub(super) struct ValueMention {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) num_start: usize,
    pub(super) num_end: usize,
    pub(super) value: Option<f64>,
    pub(super) qualifier: Option<String>,
    pub(super) unit: Option<String>,
    /// The innermost bracket pair around the number, and its clause.
    pub(super) paren: Option<usize>,
    pub(super) clause: usize,
}

/// Byte ranges of a sentence whose numbers are not result values, answerable in O(1) per
/// query (a prefix count), so long lines stay linear.
pub(super) struct Mask {
    prefix: Vec<u32>,
}

impl Mask {
    pub(super) fn new(len: usize, spans: &[(usize, usize)]) -> Mask {
        let mut delta = vec![0i64; len + 2];
        for &(s, e) in spans {
            let (s, e) = (s.min(len), e.min(len));
            if s < e {
                delta[s] += 1;
                delta[e] -= 1;
            }
        }
        let mut prefix = Vec::with_capacity(len + 1);
        prefix.push(0u32);
        let (mut depth, mut count) = (0i64, 0u32);
        for d in delta.iter().take(len) {
            depth += d;
            count += u32::from(depth > 0);
            prefix.push(count);
        }
        Mask { prefix }
    }

    /// Whether any byte of `start..end` is masked.
    pub(super) fn overlaps(&self, start: usize, end: usize) -> bool {
        let last = self.prefix.len() - 1;
        let (s, e) = (start.min(last), end.min(last));
        s < e && self.prefix[e] > self.prefix[s]
    }
}

/// Spans whose numbers are not result values.
pub(super) fn masked_spans(ctx: &Ctx, base: usize, ut: &str) -> Vec<(usize, usize)> {
    static NOT_VALUE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(NOT_VALUE_PATTERN).expect("valid"));
    let mut m: Vec<(usize, usize)> = Vec::new();
    for re in [
        &*CI_RE,
        &*N_RE,
        &*BIOMARKER_RE,
        &*RANGE_RE,
        &*P_RE,
        &*REGISTRY_RE,
    ] {
        m.extend(re.find_iter(ut).map(|x| (x.start(), x.end())));
    }
    // "3.4 g/dL" is a laboratory value, not a dose.
    m.extend(
        DOSE_RE
            .find_iter(ut)
            .filter(|x| !ut[x.end()..].starts_with("/dL") && !ut[x.end()..].starts_with("/L"))
            .map(|x| (x.start(), x.end())),
    );
    for c in TIMEPOINT_RE.captures_iter(ut) {
        if let Some(x) = c.get(0) {
            m.push((x.start(), x.end()));
        }
    }
    static OTHER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:grade\s*(?:≥|>=|>|<|≤)?\s*\d(?:\s*(?:-|to|/|or|and)\s*\d)?|G\d\+?|phase\s*\d[ab]?(?:/\d[ab]?)?|cycle\s*\d+|day\s*\d+|RECIST\s*(?:v|version\s*)?1\.1|ECOG\s*(?:PS\s*)?(?:score\s*of\s*)?\d(?:\s*(?:-|or|to)\s*\d)?|[A-Z][A-Za-z]*-\d+[A-Za-z]*|\d+\+\d+|Q\dW|\[\d+\]|follow-?up(?:\s+[a-z]+){0,3}\s*(?:of|was|:|=)?\s*\d+(?:\.\d+)?|(?:median\s+)?age[ds]?\s+(?:was\s+|of\s+)?\d+(?:\.\d+)?|duration\s+of\s+(?:treatment|exposure)\s+(?:was\s+|of\s+)?\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*%\s*(?:improvement|increase|reduction|decrease|power|relative|absolute|lower|higher|risk\s+reduction)|by\s+\d+(?:\.\d+)?\s*%\s+(?:compared|versus|vs)|time\s*frame\s*:?[^\]\n]*|up\s+to\s+(?:approximately\s+|about\s+)?\d+\s*(?:months?|weeks?|years?|days?|cycles?))")
            .expect("valid")
    });
    m.extend(OTHER.find_iter(ut).map(|x| (x.start(), x.end())));
    m.extend(NOT_VALUE.find_iter(ut).map(|x| (x.start(), x.end())));
    for d in ctx.dates_in(base, base + ut.len()) {
        m.push((d.start - base, d.end - base));
    }
    let from = ctx.dates.partition_point(|d| d.start < base);
    for d in ctx
        .dates
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(|d| d.start < base + ut.len())
    {
        if d.end <= base + ut.len() {
            m.push((d.start - base, d.end - base));
        }
    }
    m.extend(
        crate::vocab::target_mentions(ut)
            .into_iter()
            .map(|(s, e, _)| (s, e)),
    );
    m.sort_unstable();
    m
}

/// Percentages that are not any arm's result: the level of an interval, a reduction of risk
/// (which compares arms), a share of responders, a relative improvement.
const NOT_VALUE_PATTERN: &str = r"(?xi)
    (?-u:\b)\d{2}(?:\.\d+)?\s?%\s*(?:CI|confidence|credible)
  | (?:reduc\w*|lower\w*|decreas\w*|cut\w*)\s+(?:the\s+)?(?:risk|hazard|likelihood|odds)\s+of\s+[^%;()]{0,80}?\s+by\s+(?:approximately\s+|about\s+|nearly\s+|over\s+)?\d+(?:\.\d+)?\s*%
  | (?-u:\b)\d+(?:\.\d+)?\s*%\s+(?:lower|less|reduced|reduction\s+in|relative\s+reduction|decrease\s+in|higher|greater)\s+(?:the\s+)?(?:risk|hazard|mortality|likelihood|odds)
  | (?:improvement|increase|reduction|difference|benefit)\s+of\s+(?:approximately\s+|about\s+)?\d+(?:\.\d+)?\s*%
  | (?-u:\b)\d+(?:\.\d+)?\s*%\s+of\s+(?:the\s+|these\s+)?responders
  | (?:at\s+least|≥|more\s+than)\s+\d+(?:\.\d+)?\s*%\s*\)
";

pub(super) fn value_mentions(s: &Sentence, masked: &Mask) -> Vec<ValueMention> {
    let ut = s.text;
    let mut out = Vec::new();
    for c in VALUE_RE.captures_iter(ut) {
        let Some(whole) = c.get(0) else { continue };
        if let Some(nr) = c.name("nr") {
            if masked.overlaps(nr.start(), nr.end()) {
                continue;
            }
            // "NE" (not estimable) is a value only where it is compared: "NE vs 22.8 mo".
            let not_estimable = nr.as_str() == "NE";
            if not_estimable
                && !ut.get(nr.end()..).is_some_and(|a| {
                    a.trim_start().starts_with("vs") || a.trim_start().starts_with("versus")
                })
            {
                continue;
            }
            out.push(ValueMention {
                start: nr.start(),
                end: nr.end(),
                num_start: nr.start(),
                num_end: nr.end(),
                value: None,
                qualifier: Some(if not_estimable { "NE" } else { "NR" }.to_owned()),
                unit: Some("months".to_owned()),
                paren: s.parens.at(nr.start()),
                clause: s.clause(nr.start()),
            });
            continue;
        }
        let Some(num) = c.name("num") else { continue };
        if masked.overlaps(num.start(), num.end()) {
            continue;
        }
        let bytes = ut.as_bytes();
        // Digits glued to letters or to a slash are names or fractions, not values.
        if num.start() > 0
            && bytes
                .get(num.start() - 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'.')
        {
            continue;
        }
        if bytes
            .get(num.end())
            .is_some_and(|b| *b == b'/' || b.is_ascii_alphabetic() && c.name("unit").is_none())
        {
            continue;
        }
        let unit = c.name("unit").map(|u| {
            let u = u.as_str().to_lowercase();
            if u == "%" || u.starts_with("percent") {
                "%".to_owned()
            } else if u.starts_with('w') {
                "weeks".to_owned()
            } else {
                "months".to_owned()
            }
        });
        let qualifier = c
            .name("qual")
            .map(|q| match q.as_str().trim().to_lowercase().as_str() {
                "less than" => "<".to_owned(),
                "more than" | "greater than" | "over" => ">".to_owned(),
                "up to" => "≤".to_owned(),
                other => other.to_owned(),
            });
        out.push(ValueMention {
            start: whole.start(),
            end: whole.end(),
            num_start: num.start(),
            num_end: num.end(),
            value: parse_num(num.as_str()),
            qualifier,
            unit,
            paren: s.parens.at(num.start()),
            clause: s.clause(num.start()),
        });
    }
    out
}

/// The endpoint code an endpoint mention gives a value; `None` when they do not fit.
pub(super) fn resolve(
    e: &EndpointMention,
    v: &ValueMention,
    ut: &str,
    eps: &[EndpointMention],
) -> Option<String> {
    if let Family::Outcome(kind) = e.family {
        return resolve_outcome(kind, e.named.as_deref(), v);
    }
    if e.family == Family::Scale {
        // A scale threshold is named as the text writes it ("EASI-75").
        return (v.unit.as_deref() == Some("%"))
            .then(|| ut.get(e.start..e.end).unwrap_or("").trim().to_owned());
    }
    resolve_family(e.family, e.g3, v, ut, eps)
}

/// The endpoint code for a family given the value's unit; `None` when they do not fit.
pub(super) fn resolve_family(
    family: Family,
    g3: bool,
    v: &ValueMention,
    ut: &str,
    eps: &[EndpointMention],
) -> Option<String> {
    let unit = v.unit.as_deref();
    match family {
        Family::Skip | Family::Serious | Family::Scale | Family::Outcome(_) => None,
        Family::Odds => {
            (unit.is_none() && v.value.is_some_and(|x| x < 50.0)).then(|| "OR".to_owned())
        }
        Family::Rate(code) => (unit == Some("%")).then(|| code.to_owned()),
        Family::Ae(base) => (unit == Some("%")).then(|| {
            if g3 {
                format!("{base}_G3")
            } else {
                base.to_owned()
            }
        }),
        Family::Median(code) => {
            (unit == Some("months") || unit == Some("weeks") || v.value.is_none())
                .then(|| code.to_owned())
        }
        Family::Pfs | Family::Os => {
            let name = if family == Family::Pfs { "PFS" } else { "OS" };
            match unit {
                Some("months") => Some(format!("m{name}")),
                Some("%") => Some(format!("{name}_RATE")),
                _ if v.value.is_none() => Some(format!("m{name}")),
                _ => None,
            }
        }
        Family::Hr => {
            if unit.is_some() || v.value.is_none_or(|x| x > 10.0) {
                return None;
            }
            let near = eps
                .iter()
                .filter(|e| {
                    matches!(
                        e.family,
                        Family::Pfs | Family::Os | Family::Median("mPFS") | Family::Median("mOS")
                    )
                })
                .min_by_key(|e| e.start.abs_diff(v.start))
                .map(|e| e.family);
            // "reduced the risk of disease progression or death": progression-free survival.
            let lower = ut.to_lowercase();
            Some(match near {
                Some(Family::Pfs) | Some(Family::Median("mPFS")) => "HR_PFS".to_owned(),
                Some(Family::Os) | Some(Family::Median("mOS")) => "HR_OS".to_owned(),
                _ if lower.contains("progression") => "HR_PFS".to_owned(),
                _ if lower.contains("death") || lower.contains("mortality") => "HR_OS".to_owned(),
                _ => "HR".to_owned(),
            })
        }
    }
}

/// Text before a parenthesis that names what the parenthesis is about ("… , anemia (").
pub(super) fn label_before(ut: &str, paren: usize) -> Option<String> {
    let head = ut.get(..paren)?.trim_end();
    let mut cut = 0;
    for sep in [
        ",",
        ";",
        ":",
        " were ",
        " was ",
        " included ",
        " including ",
        " and ",
        " such as ",
        " mainly ",
        " mostly ",
        " primarily ",
        " predominantly ",
        " notably ",
        " chiefly ",
        " in the ",
        " in ",
        " of ",
        " with ",
    ] {
        if let Some(i) = head.rfind(sep) {
            cut = cut.max(i + sep.len());
        }
    }
    let label = head.get(cut..)?.trim();
    let label = label
        .trim_start_matches("the ")
        .trim_start_matches("and ")
        .trim();
    if label.len() < 3
        || label.len() > 60
        || !label.chars().next().is_some_and(|c| c.is_alphabetic())
    {
        return None;
    }
    Some(label.to_owned())
}
