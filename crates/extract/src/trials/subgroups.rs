//! Subgroups: the populations a sentence names ("in patients with high X", "those with IHC
//! 1+ tumours", "in the KRAS-mutant subgroup", "in the mITT population", "among the 12
//! patients pretreated with X") and which figures each applies to, including "respectively"
//! lists of subgroups.

use super::*;

/// "… were 54.5% and 67.4% for the PD-L1 1-49% and PD-L1 <1% subgroups, respectively": the
/// i-th figure of each endpoint belongs to the i-th subgroup listed.
pub(super) fn respectively_subgroups(s: &Sentence, readings: &mut [Reading]) {
    if !s.has("respectively") {
        return;
    }
    let Some(list) = RESPECTIVE_LIST_RE
        .captures(s.text)
        .and_then(|c| c.name("list"))
        .map(|m| m.as_str())
    else {
        return;
    };
    // The list is what follows the last "for"/"in" before the group word.
    let list = [" for the ", " in the ", " for ", " in "]
        .iter()
        .filter_map(|sep| list.rfind(sep).map(|i| i + sep.len()))
        .max()
        .and_then(|i| list.get(i..))
        .unwrap_or(list);
    let groups: Vec<String> = list
        .split(" and ")
        .flat_map(|p| p.split(", "))
        .map(|p| p.trim().trim_start_matches("the ").to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    // Figures, line breaks or doses in the list: not a list of subgroups.
    let not_groups = |g: &String| {
        g.contains('\n') || DOSE_RE.is_match(g) || g.starts_with(|c: char| c.is_ascii_digit())
    };
    if groups.len() < 2 || groups.iter().any(not_groups) {
        return;
    }
    let mut per_endpoint: BTreeMap<String, usize> = BTreeMap::new();
    let mut last: Option<String> = None;
    for r in readings.iter_mut() {
        if r.value.paren.is_none() || last.is_none() {
            let k = per_endpoint.entry(r.endpoint.clone()).or_insert(0);
            last = groups.get(*k).cloned().or(last);
            *k += 1;
        }
        if r.subgroup.is_none() {
            r.subgroup = last.clone();
        }
    }
}

/// A subgroup a sentence names, with the span that names it.
#[derive(Clone, Debug)]
pub(super) struct SubgroupMention {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) label: String,
}

/// "in patients with high levels of PD-L1 (at least 50%)".
static WITH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in|among)\s+(?:the\s+|a\s+)?(?:(?:pre-?specified|exploratory|post[-\s]hoc)\s+)?(?:(?:subgroup|subset|cohort)\s+of\s+)?(?P<count>\d+\s+)?(?:(?:[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*\s+)?\d+(?:\.\d+)?\s*(?:mg/kg|mg)\s+)?(?:patients|subjects|participants|pts)\s+(?:with|whose\s+tumou?rs\s+(?:had|have|express\w*))\s+(?P<label>(?:[^,;()]|\([^()]{1,20}\)){3,80}?)(?:\s*\([^()]*\))?\s*(?:,|;|:|\)|$|\.(?:\s|$)|(?:and|or)\s+\d|(?:versus|vs|compared|was|were|had|median|the)(?-u:\b))")
        .expect("valid")
});

/// "…, and those with IHC 1+ tumours a confirmed ORR of 36%": a subgroup named by "those".
static THOSE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)those\s+(?:with|whose\s+tumou?rs\s+(?:had|have|express\w*))\s+(?P<label>[^,;()]{3,60}?)(?:\s+(?:a|an|had|have|showed|achieved|reached|the)\s|\s*,\s+(?:it|they|the|median|ORR|mPFS|mOS)(?-u:\b))")
        .expect("valid")
});

/// "among the 12 patients pretreated with a reversible FGFR inhibitor": a subgroup named by
/// the treatment its patients had before.
static TREATED_BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in|among)\s+(?:the\s+)?(?:\d+\s+)?(?:patients|pts|participants|subjects)\s+(?:(?:at|on|given|receiving)\s+\d[\d.,]*\s*(?:mg/kg|mg|µg|μg)(?:\s+(?:QD|BID|Q\dW))?\s+)?(?P<label>(?:pretreated|previously\s+treated|who\s+had\s+(?:previously\s+)?received|with\s+prior)\s+[^,;()]{3,60}?)\s*(?:\(\s*n\s*=\s*\d{1,5}\s*\))?\s*,")
        .expect("valid")
});

/// "in treatment-naive patients (n=38)", "among previously treated patients", "in the
/// TKI-pretreated cohort": a subgroup named by the treatment its patients had, or had not.
static TREATMENT_STATUS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in|among)\s+(?:the\s+)?(?:\d+\s+)?(?P<label>(?:[\w/-]+[-\s])?na[iï]ve|(?:[\w/-]+[-\s])?pre-?treated|previously[-\s](?:un)?treated|(?:treatment|therapy)[-\s]experienced|(?:first|second|third|later)[-\s]line(?:\s+or\s+later)?)\s+(?:patients|pts|subjects|participants|cohorts?|groups?|populations?|subgroups?|setting)(?-u:\b)(?:\s*\(\s*n\s*=\s*\d{1,5}\s*\))?")
        .expect("valid")
});

/// "in B7-H4-high tumours", "among HER2-positive patients": a subgroup named by its marker.
static MARKED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in|among)\s+(?:the\s+|those\s+with\s+)?(?P<label>[\w./+-]+[-\s](?:high|low|positive|negative|mutant|mutated|amplified|expressing)\s+(?:tumou?rs|patients|pts|disease|subjects|participants|(?-i:[A-Z]{2,6}(?-u:\b)))(?:\s*\([^()]{1,30}\))?)")
        .expect("valid")
});

/// "in the gBRCA mutation subgroup", "non-gBRCA mutation subgroup:".
static SUBSET_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in|among)\s+(?:the\s+)?(?P<label>[\w/+≥<>=.-]+(?:\s+[\w/+≥<>=.-]+){0,4}?)\s+(?:subgroup|subset|subpopulation)s?(?-u:\b)")
        .expect("valid")
});

/// "in the modified intention-to-treat (mITT) population".
static POPULATION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in|among)\s+the\s+(?P<label>[\w+-]+(?:\s+[\w+-]+){0,3}?)(?:\s*\((?P<abbr>[\w+-]{2,10})\))?\s+population(?-u:\b)")
        .expect("valid")
});

/// Populations that are the whole arm, not a subgroup of it.
const WHOLE_POPULATIONS: &[&str] = &[
    "intention-to-treat",
    "intent-to-treat",
    "itt",
    "overall",
    "safety",
    "efficacy",
    "total",
    "entire",
    "full analysis",
    "study",
    "all-comers",
    "treated",
    "enrolled",
];

/// The subgroups a sentence names.
pub(super) fn subgroup_mentions(s: &Sentence) -> Vec<SubgroupMention> {
    let mut out = Vec::new();
    for c in WITH_RE.captures_iter(s.text) {
        let (Some(whole), Some(label)) = (c.get(0), c.name("label")) else {
            continue;
        };
        // A subgroup stated with its size ("… (n=98)") is read with that size by
        // `legacy_subgroups`.
        // Sizes per arm ("(n=31 X, n=29 placebo)") are no subgroup size.
        let sized = N_RE.find_iter(whole.as_str()).count() == 1;
        // "in 39 patients with NTRK fusion-positive solid tumours" counts the study's patients;
        // "in 11 patients with brain metastases" a subset of them.
        // A cut-off makes it a subset whatever it names ("112 patients with staining on at
        // least 10% of tumour cells").
        let counted_disease = c.name("count").is_some()
            && names_disease(label.as_str())
            && !CUT_OFF_RE.is_match(label.as_str())
            && !MARKED_TUMOURS_RE.is_match(label.as_str());
        if !sized
            && !counted_disease
            && SUBGROUP_QUALIFIER_RE.is_match(label.as_str())
            && !is_study_population(label.as_str())
        {
            out.push(SubgroupMention {
                start: whole.start(),
                end: label.end(),
                label: label.as_str().trim().to_owned(),
            });
        }
    }
    for c in THOSE_RE.captures_iter(s.text) {
        let (Some(whole), Some(label)) = (c.get(0), c.name("label")) else {
            continue;
        };
        if SUBGROUP_QUALIFIER_RE.is_match(label.as_str()) && !is_study_population(label.as_str()) {
            out.push(SubgroupMention {
                start: whole.start(),
                end: label.end(),
                label: label.as_str().trim().to_owned(),
            });
        }
    }
    // Prior treatment and marker-named subgroups, unless an earlier phrase already covers them;
    // a prior treatment ends at its label, a marker phrase takes its whole match.
    for (re, whole_span) in [(&*TREATED_BEFORE_RE, false), (&*MARKED_RE, true)] {
        for c in re.captures_iter(s.text) {
            let (Some(whole), Some(label)) = (c.get(0), c.name("label")) else {
                continue;
            };
            let end = if whole_span { whole.end() } else { label.end() };
            if !out.iter().any(|g| g.start < end && whole.start() < g.end) {
                out.push(SubgroupMention {
                    start: whole.start(),
                    end,
                    label: label.as_str().trim().to_owned(),
                });
            }
        }
    }
    // A treatment history is a subgroup only set against another in the same sentence ("in
    // treatment-naive patients … and in previously treated patients …"): alone it usually
    // names the whole study ("the ORR in previously treated patients was 40%").
    let statuses: Vec<SubgroupMention> = TREATMENT_STATUS_RE
        .captures_iter(s.text)
        .filter_map(|c| {
            let (whole, label) = (c.get(0)?, c.name("label")?);
            Some(SubgroupMention {
                start: whole.start(),
                end: whole.end(),
                label: label.as_str().trim().to_owned(),
            })
        })
        .filter(|g| !out.iter().any(|o| o.start < g.end && g.start < o.end))
        .collect();
    let distinct = |gs: &[SubgroupMention]| {
        let mut labels: Vec<String> = gs.iter().map(|g| g.label.to_lowercase()).collect();
        labels.sort();
        labels.dedup();
        labels.len()
    };
    if distinct(&statuses) >= 2 {
        out.extend(statuses);
    }
    for c in SUBSET_RE.captures_iter(s.text) {
        let (Some(whole), Some(label)) = (c.get(0), c.name("label")) else {
            continue;
        };
        let l = label.as_str().trim();
        let l = ["the ", "a ", "an "]
            .iter()
            .fold(l, |l, a| l.strip_prefix(a).unwrap_or(l));
        let qualifier_only = [
            "prespecified",
            "pre-specified",
            "exploratory",
            "post hoc",
            "post-hoc",
        ]
        .iter()
        .any(|q| l.eq_ignore_ascii_case(q));
        if !is_whole_population(l) && !qualifier_only {
            out.push(SubgroupMention {
                start: whole.start(),
                end: whole.end(),
                label: l.to_owned(),
            });
        }
    }
    for c in POPULATION_RE.captures_iter(s.text) {
        let (Some(whole), Some(label)) = (c.get(0), c.name("label")) else {
            continue;
        };
        let l = label.as_str().trim();
        let abbr = c.name("abbr").map(|a| a.as_str());
        if is_whole_population(l) || abbr.is_some_and(is_whole_population) {
            continue;
        }
        out.push(SubgroupMention {
            start: whole.start(),
            end: whole.end(),
            label: format!("{} population", abbr.unwrap_or(l)),
        });
    }
    out.sort_by_key(|m| m.start);
    out
}

/// "patients with KRAS G12D-mutant pancreatic cancer" names the disease every patient has:
/// the study population, unless it sets a level ("high PD-L1 expression") or says what the
/// tumours carry ("tumors carrying a PIK3CA H1047R mutation").
fn is_study_population(label: &str) -> bool {
    static LEVEL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:(?-u:\b)(?:high|low|positive|negative|expression|levels?|score|greater|below|above|more|least|TPS|CPS|IHC|PD-L1)(?-u:\b)|[≥≤<>]|\d\s*%)")
            .expect("valid")
    });
    names_disease(label) && !LEVEL_RE.is_match(label) && !MARKED_TUMOURS_RE.is_match(label)
}

/// A threshold in a population's description: "at least 10%", "≥50%", "1% or more".
static CUT_OFF_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)(?:at\s+least|or\s+(?:more|greater|higher|above)|above|below)(?-u:\b)|[≥≤<>])").expect("valid")
});

/// Tumours described by what they carry: "tumors carrying a PIK3CA H1047R mutation".
static MARKED_TUMOURS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:tumou?rs?|cancers?|disease)\s+(?:carrying|harbou?ring|expressing|that\s+(?:carry|harbou?r|express))(?-u:\b)").expect("valid")
});

/// Whether a population's label names a disease ("… pancreatic cancer", "solid tumours").
fn names_disease(label: &str) -> bool {
    static DISEASE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:cancer|carcinoma|tumou?rs?|lymphoma|leuka?emia|myeloma|melanoma|sarcoma|NSCLC|SCLC|disease|adenocarcinoma)(?-u:\b)").expect("valid")
    });
    DISEASE_RE.is_match(label)
}

fn is_whole_population(label: &str) -> bool {
    let l = label.to_lowercase();
    WHOLE_POPULATIONS.iter().any(|w| l == *w)
}

/// A subgroup applies to a figure right before it ("55.2% in patients with high PD-L1"), to
/// the figures after it in the sentence, and to the other side of that figure's comparison.
pub(super) fn attribute_subgroups(
    s: &Sentence,
    subgroups: &[SubgroupMention],
    pairs: &[(usize, usize)],
    readings: &mut [Reading],
) {
    respectively_in_order(s, subgroups, readings);
    // A subgroup named right after a figure is its own ("51.1% in previously treated
    // patients"); else the nearest one named before it ("among patients with a TPS of 50% or
    // greater, …; in those with a TPS below 1%, it was 9.6 months").
    let linked = |r: &Reading| {
        subgroups.iter().position(|g| {
            let gap = s.slice(r.value.end, g.start).trim();
            r.value.end <= g.start && gap.len() <= 3 && !gap.chars().any(char::is_alphanumeric)
        })
    };
    // A subgroup that closes its own part of the sentence ("nail disorders (39.2%) in the
    // pooled population; grade 3 infections occurred in …") is of that part's figures only.
    let part = |at: usize| s.slice(0, at).matches(';').count();
    let trailing = |g: &SubgroupMention| {
        readings
            .iter()
            .any(|o| o.value.end <= g.start && part(o.value.start) == part(g.start))
    };
    let nearest_before = |r: &Reading| {
        subgroups.iter().rposition(|g| {
            r.value.start >= g.end && (part(g.start) == part(r.value.start) || !trailing(g))
        })
    };
    let mut own: Vec<Option<usize>> = readings
        .iter()
        .map(|r| linked(r).or_else(|| nearest_before(r)))
        .collect();
    // The two sides of a comparison share a subgroup: "30% vs 20% in patients with B".
    for &(a, b) in pairs {
        if let (None, Some(g)) = (linked(&readings[a]), linked(&readings[b])) {
            own[a] = Some(g);
        }
        if own[b].is_none() {
            own[b] = own[a];
        }
        if own[a].is_none() {
            own[a] = own[b];
        }
    }
    for (r, g) in readings.iter_mut().zip(own) {
        if let (None, Some(g)) = (&r.subgroup, g.and_then(|g| subgroups.get(g))) {
            r.subgroup = Some(g.label.clone());
        }
    }
}

/// "in A the ORR was 71% and in B 47%; median PFS was 12.4 and 7.7 months, respectively": the
/// figures of an endpoint listed after every subgroup is named take them in the order named.
fn respectively_in_order(s: &Sentence, subgroups: &[SubgroupMention], readings: &mut [Reading]) {
    let Some(last) = subgroups.last() else { return };
    if !s.has("respectively") {
        return;
    }
    let mut labels: Vec<&str> = Vec::new();
    for g in subgroups {
        if !labels.contains(&g.label.as_str()) {
            labels.push(&g.label);
        }
    }
    if labels.len() < 2 {
        return;
    }
    let open: Vec<usize> = (0..readings.len())
        .filter(|&i| readings[i].value.start >= last.end && readings[i].subgroup.is_none())
        .collect();
    let mut endpoints: Vec<&str> = open
        .iter()
        .map(|&i| readings[i].endpoint.as_str())
        .collect();
    endpoints.dedup();
    let endpoints: Vec<String> = endpoints.into_iter().map(str::to_owned).collect();
    for e in endpoints {
        let idx: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| readings[i].endpoint == e && readings[i].value.paren.is_none())
            .collect();
        if idx.len() == labels.len() {
            for (i, label) in idx.into_iter().zip(&labels) {
                readings[i].subgroup = Some((*label).to_owned());
            }
        }
    }
}

/// "Prespecified subgroup analyses were consistent:\n- Hepatitis B-related HCC: median OS 23.1
/// vs 15.2 months": under a line that announces subgroups, a bullet's label before its colon
/// names the subgroup its figures are of. `text` is the document, `start` where the sentence
/// `ut` begins in it.
pub(super) fn bullet_subgroup(text: &str, start: usize, ut: &str) -> Option<SubgroupMention> {
    static BULLET_LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*[-•*–]\s+(?P<label>[A-Za-z][^:;.\d]{2,60}?)\s*:\s").expect("valid")
    });
    let c = BULLET_LABEL_RE.captures(ut)?;
    let label = c.name("label")?;
    // The nearest line above that is no bullet announces subgroups.
    let above = text.get(..start)?;
    let heading = above
        .lines()
        .rev()
        .take(12)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .find(|l| !l.starts_with(['-', '•', '*', '–']))?;
    let lower = heading.to_lowercase();
    (lower.contains("subgroup") || lower.contains("subset"))
        .then(|| SubgroupMention {
            start: label.start(),
            end: label.end(),
            label: label.as_str().trim().to_owned(),
        })
        .filter(|g| !is_whole_population(&g.label))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_subgroups(text: &str, expected: &[&str]) {
        let s = Sentence::new(text, 0);
        let got: Vec<String> = subgroup_mentions(&s).into_iter().map(|m| m.label).collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn subgroups_by_phrase() {
        check_subgroups(
            "ORR was 50% in patients with high FGFR2 expression, versus 20%.",
            &["high FGFR2 expression"],
        );
        check_subgroups(
            "mOS in the KRAS-mutant subgroup: 11.0 months",
            &["KRAS-mutant"],
        );
        check_subgroups(
            "In the per-protocol (PP) population, median PFS was 6.1 months",
            &["PP population"],
        );
        check_subgroups(
            "In the intention-to-treat (ITT) population, median PFS was 6.1 months",
            &[],
        );
        check_subgroups(
            "In the prespecified subgroup of patients whose tumors had a PD-L1 score (TPS) of ≥50%, ORR reached 45.0%",
            &["a PD-L1 score (TPS) of ≥50%"],
        );
        check_subgroups("In the overall population, ORR was 30%", &[]);
        check_subgroups(
            "In Cohort A, among the 12 patients pretreated with a reversible FGFR inhibitor, the ORR was 33.3%.",
            &["pretreated with a reversible FGFR inhibitor"],
        );
        check_subgroups(
            "In patients at 600 mg who had received only one prior line (n=19), the ORR was 36.8%.",
            &["who had received only one prior line"],
        );
        check_subgroups(
            "in B7-H4-high tumours (H-score >=100) it was 51.3%",
            &["B7-H4-high tumours (H-score >=100)"],
        );
        // "the" inside "chemotherapy" does not end the label.
        check_subgroups(
            "In pts with a chemotherapy-free interval <90 days, cORR was 40.9% and 50.0%",
            &["a chemotherapy-free interval <90 days"],
        );
        check_subgroups(
            "Among patients with a tumor proportion score (TPS) of 50% or greater, median PFS was 13.9 months with X compared with 8.1 months with Y; in those with a TPS below 1%, it was 9.6 months vs 5.7 months.",
            &["a tumor proportion score (TPS) of 50% or greater", "a TPS below 1%"],
        );
        // Treatment histories set against each other are subgroups; one alone is the study.
        check_subgroups(
            "The ORR was 66.7% in treatment-naive patients and 51.1% in previously treated patients (n=55).",
            &["treatment-naive", "previously treated"],
        );
        check_subgroups("The ORR in previously treated patients was 40%.", &[]);
        // A label ends before the next figure.
        check_subgroups(
            "ORR was 66.7% in patients with high HER2 expression and 51.1% in patients with low HER2 expression.",
            &["high HER2 expression", "low HER2 expression"],
        );
        // The study population is not a subgroup without a qualifier.
        check_subgroups("in patients with gastric cancer, ORR was 30%", &[]);
        check_subgroups(
            "In a prespecified subgroup of patients with baseline MG-ADL score ≥10 (n=31 X, n=29 placebo), the change was -6.7 versus -2.8 points.",
            &["baseline MG-ADL score ≥10"],
        );
    }
}
