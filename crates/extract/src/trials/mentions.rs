#![allow(unused_imports)]
use super::*;

/// Paren ids enclosing each byte of a sentence (ids are the open paren's position).
pub(super) fn paren_scopes(ut: &str) -> Vec<Vec<usize>> {
    let mut out = Vec::with_capacity(ut.len() + 1);
    let mut stack: Vec<usize> = Vec::new();
    for (i, b) in ut.bytes().enumerate() {
        if b == b'(' || b == b'[' {
            stack.push(i);
        }
        out.push(stack.clone());
        if (b == b')' || b == b']') && !stack.is_empty() {
            stack.pop();
        }
    }
    out.push(stack);
    out
}

pub(super) fn scope_at(scopes: &[Vec<usize>], pos: usize) -> Vec<usize> {
    scopes.get(pos).cloned().unwrap_or_default()
}

pub(super) fn endpoint_mentions(ut: &str, scopes: &[Vec<usize>]) -> Vec<EndpointMention> {
    let bytes = ut.as_bytes();
    let mut out: Vec<EndpointMention> = Vec::new();
    for c in ENDPOINT_RE.captures_iter(ut) {
        let Some(whole) = c.get(0) else { continue };
        let Some(family) = GROUPS
            .iter()
            .find(|(g, _)| c.name(g).is_some())
            .map(|(_, f)| *f)
        else {
            continue;
        };
        let core_start = GROUPS
            .iter()
            .find_map(|(g, _)| c.name(g))
            .map(|m| m.start())
            .unwrap_or(whole.start());
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
        // "PD-1"'s "PD" or "OS" inside a word are not endpoints; "HR+" is hormone receptor.
        if ut.get(end..).is_some_and(|a| {
            a.starts_with('+') || a.starts_with("-positive") || a.starts_with("-negative")
        }) {
            continue;
        }
        let g3 = c.name("g3pre").is_some() || c.name("g3post").is_some();
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
            scope: scope_at(scopes, start),
        });
    }
    out
}

#[derive(Clone, Debug)]
pub(super) struct ValueMention {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) num_start: usize,
    pub(super) num_end: usize,
    pub(super) value: Option<f64>,
    pub(super) qualifier: Option<String>,
    pub(super) unit: Option<String>,
}

/// Spans whose numbers are not result values.
pub(super) fn masked_spans(ctx: &Ctx, base: usize, ut: &str) -> Vec<(usize, usize)> {
    let mut m: Vec<(usize, usize)> = Vec::new();
    for re in [
        &*CI_RE,
        &*N_RE,
        &*BIOMARKER_RE,
        &*DOSE_RE,
        &*RANGE_RE,
        &*P_RE,
        &*REGISTRY_RE,
    ] {
        m.extend(re.find_iter(ut).map(|x| (x.start(), x.end())));
    }
    for c in TIMEPOINT_RE.captures_iter(ut) {
        if let Some(x) = c.get(0) {
            m.push((x.start(), x.end()));
        }
    }
    static OTHER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:grade\s*(?:≥|>=|>|<|≤)?\s*\d(?:\s*(?:-|to|/|or|and)\s*\d)?|G\d\+?|phase\s*\d[ab]?(?:/\d[ab]?)?|cycle\s*\d+|day\s*\d+|RECIST\s*(?:v|version\s*)?1\.1|ECOG\s*(?:PS\s*)?(?:score\s*of\s*)?\d(?:\s*(?:-|or|to)\s*\d)?|[A-Z][A-Za-z]*-\d+[A-Za-z]*|\d+\+\d+|Q\dW|\[\d+\]|follow-?up(?:\s+[a-z]+){0,3}\s*(?:of|was|:|=)?\s*\d+(?:\.\d+)?|(?:median\s+)?age[ds]?\s+(?:was\s+|of\s+)?\d+(?:\.\d+)?|duration\s+of\s+(?:treatment|exposure)\s+(?:was\s+|of\s+)?\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*%\s*(?:improvement|increase|reduction|decrease|power|relative|absolute|lower|higher|risk\s+reduction)|(?:by|of)\s+\d+(?:\.\d+)?\s*%\s+(?:compared|versus|vs)|time\s*frame\s*:?[^\]\n]*|up\s+to\s+(?:approximately\s+|about\s+)?\d+\s*(?:months?|weeks?|years?|days?|cycles?))")
            .expect("valid")
    });
    m.extend(OTHER.find_iter(ut).map(|x| (x.start(), x.end())));
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

pub(super) fn overlaps(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    spans.iter().any(|(a, b)| *a < e && s < *b)
}

pub(super) fn value_mentions(ut: &str, masked: &[(usize, usize)]) -> Vec<ValueMention> {
    let mut out = Vec::new();
    for c in VALUE_RE.captures_iter(ut) {
        let Some(whole) = c.get(0) else { continue };
        if let Some(nr) = c.name("nr") {
            if overlaps(masked, nr.start(), nr.end()) {
                continue;
            }
            out.push(ValueMention {
                start: nr.start(),
                end: nr.end(),
                num_start: nr.start(),
                num_end: nr.end(),
                value: None,
                qualifier: Some("NR".to_owned()),
                unit: Some("months".to_owned()),
            });
            continue;
        }
        let Some(num) = c.name("num") else { continue };
        if overlaps(masked, num.start(), num.end()) {
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
        });
    }
    out
}

/// The endpoint code for a family given the value's unit; `None` when they do not fit.
pub(super) fn resolve(
    family: Family,
    g3: bool,
    v: &ValueMention,
    ut: &str,
    eps: &[EndpointMention],
) -> Option<String> {
    let unit = v.unit.as_deref();
    match family {
        Family::Rate(code) => (unit == Some("%")).then(|| code.to_owned()),
        Family::Ae(base) => (unit == Some("%")).then(|| {
            if g3 {
                format!("{base}_G3")
            } else {
                base.to_owned()
            }
        }),
        Family::Median(code) => (unit == Some("months") || v.qualifier.as_deref() == Some("NR"))
            .then(|| code.to_owned()),
        Family::Pfs | Family::Os => {
            let name = if family == Family::Pfs { "PFS" } else { "OS" };
            match unit {
                Some("months") => Some(format!("m{name}")),
                Some("%") => Some(format!("{name}_RATE")),
                _ if v.qualifier.as_deref() == Some("NR") => Some(format!("m{name}")),
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

#[derive(Clone, Debug)]
pub(super) struct Pending {
    pub(super) endpoint: String,
    pub(super) value: ValueMention,
    pub(super) arm: Option<String>,
    pub(super) subgroup: Option<String>,
    pub(super) n: Option<u32>,
    pub(super) ci: Option<(Option<f64>, Option<f64>, usize, usize)>,
    pub(super) p: Option<(f64, usize, usize)>,
    pub(super) timepoint: Option<String>,
    /// A top-level value (outside parentheses), used to zip "respectively" lists.
    pub(super) top: bool,
    pub(super) paren: Option<usize>,
    /// The comparator side of "11.1 months versus 8.4 months".
    pub(super) control: bool,
}
