//! Trials, arms and results of one document.
//!
//! Passes: (1) name the trials — registry ids (NCT…), trial names (KEYNOTE-407, HARMONi-2),
//! and the document's own unnamed study; (2) catalogue the arms the text defines (dose groups
//! "3→1.5 mg/kg dose group (n=22)", "Arm A", "monotherapy cohort"); (3) read results from
//! prose sentence by sentence and from tables row by row; (4) read the trial's description
//! (phase, design, setting, population, countries, enrollment, cutoff, follow-up) and a registry
//! record's outcome measures; (5) check provenance and derive exact figures.
//!
//! Prose results are read by a small slot-filling scan rather than one regex per phrasing: in
//! a sentence, endpoint mentions ("ORR", "grade ≥3 TRAEs"), values ("86.4%", "5.8 months"),
//! confidence intervals, n's, arm and subgroup mentions are found first; then each value takes
//! the latest endpoint in its parenthesis scope ("ORR was 57.9% (cORR: 42.1%) and 66.7%" gives
//! ORR, cORR, ORR), its arm from "respectively" lists or the nearest arm mention, and
//! numbers that belong to something else (the 95 of "95% CI", "PD-L1 TPS < 1%", doses, dates)
//! are masked so they are never taken for values.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use atlas_model::{slug, Arm, ArmResult, DerivedFrom, Evidence, OutcomeMeasure, Trial};
use regex::{Captures, Regex};

use crate::assets::DocAsset;
use crate::doc::Ctx;
use crate::text::{parse_num, Unit, UnitKind};

/// Whether a value occurs as a number in a quote (`86.4`, `100`, `75.0` for 75).
pub(crate) fn number_in_quote(value: f64, quote: &str) -> bool {
    crate::text::numbers(quote)
        .iter()
        .any(|n| (n.value - value).abs() < 1e-9)
}

// ---------------------------------------------------------------------------------------------
// Patterns.

/// Endpoint mentions. Abbreviations are case-sensitive, long forms are not.
static ENDPOINT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<g3pre>(?i:grade\s*(?:≥|>=|>)\s*3|grade\s*3\s*(?:or|and)\s*(?:higher|above|greater|more|worse)|grade\s*3\s*(?:-|to|/)\s*[45]|≥\s*grade\s*3|grade\s*3\+|G\s*≥\s*3)|≥\s*G3|G3\+?|G3-4)?\s*
        (?:
          (?P<disc>(?i:(?:treatment\s+)?discontinu\w*\s+(?:\w+\s+){0,3}?(?:due\s+to|because\s+of|owing\s+to)\s+(?:treatment[-\s]related\s+adverse\s+events?|adverse\s+events?))|(?i:(?:treatment\s+)?discontinu\w*\s+(?:\w+\s+){0,3}?(?:due\s+to|because\s+of|owing\s+to))\s+(?:TRAEs?|AEs?|TEAEs?))
        | (?P<trae>(?i:treatment[-\s]related\s+adverse\s+(?:events?|reactions?))|TRAEs?)
        | (?P<teae>(?i:treatment[-\s]emergent\s+adverse\s+events?)|TEAEs?)
        | (?P<irae>(?i:immune[-\s](?:related|mediated)\s+adverse\s+events?)|irAEs?|imAEs?)
        | (?P<sae>(?i:serious\s+adverse\s+events?)|SAEs?)
        | (?P<dlt>(?i:dose[-\s]limiting\s+toxicit(?:y|ies))|DLTs?)
        | (?P<ae>(?i:adverse\s+events?)|AEs?)
        | (?P<corr>(?i:confirmed\s+(?:objective\s+|overall\s+)?response\s+rates?|confirmed\s+ORR)|cORR)
        | (?P<orr>(?i:(?:objective|overall)\s+response\s+rates?|objective\s+responses?|response\s+rates?)|ORRs?)
        | (?P<dcr>(?i:disease\s+control\s+rates?)|DCRs?)
        | (?P<cbr>(?i:clinical\s+benefit\s+rates?)|CBRs?)
        | (?P<cr>(?i:complete\s+(?:response|remission)s?(?:\s+rates?)?)|CRs?)
        | (?P<pr>(?i:partial\s+responses?(?:\s+rates?)?)|PRs?)
        | (?P<sd>(?i:stable\s+disease)|SD)
        | (?P<mpfs>(?i:median\s+(?:progression[-\s]free\s+survival|PFS))|mPFS)
        | (?P<mos>(?i:median\s+(?:overall\s+survival|OS))|mOS)
        | (?P<mdor>(?i:median\s+(?:duration\s+of\s+(?:response|remission)|DoR|DOR))|mDoR|mDOR)
        | (?P<pfs>(?i:progression[-\s]free\s+survival)|PFS)
        | (?P<os>(?i:overall\s+survival)|OS)
        | (?P<dor>(?i:duration\s+of\s+(?:response|remission))|DoR|DOR)
        | (?P<hr>(?i:hazard\s+ratio)|HR)
        )
        (?P<g3post>(?:\s+(?i:of\s+)?(?:grade\s*(?:≥|>=)\s*3|G3\+?))|\s*\((?i:grade\s*(?:≥|>=)\s*3|G3\+?|grade\s*3\s*(?:or|and)\s*(?:higher|above))\))?",
    )
    .expect("valid endpoint regex")
});

/// Endpoint families before units decide (PFS with months is mPFS, with % a PFS rate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Rate(&'static str),
    Ae(&'static str),
    Median(&'static str),
    Pfs,
    Os,
    Hr,
}

const GROUPS: &[(&str, Family)] = &[
    ("disc", Family::Rate("TRAE_DISC")),
    ("trae", Family::Ae("TRAE")),
    ("teae", Family::Ae("TEAE")),
    ("irae", Family::Ae("IRAE")),
    ("sae", Family::Rate("SAE")),
    ("dlt", Family::Rate("DLT")),
    ("ae", Family::Ae("TEAE")),
    ("corr", Family::Rate("cORR")),
    ("orr", Family::Rate("ORR")),
    ("dcr", Family::Rate("DCR")),
    ("cbr", Family::Rate("CBR")),
    ("cr", Family::Rate("CR")),
    ("pr", Family::Rate("PR")),
    ("sd", Family::Rate("SD")),
    ("mpfs", Family::Median("mPFS")),
    ("mos", Family::Median("mOS")),
    ("mdor", Family::Median("mDoR")),
    ("pfs", Family::Pfs),
    ("os", Family::Os),
    ("dor", Family::Median("mDoR")),
    ("hr", Family::Hr),
];

#[derive(Clone, Debug)]
struct EndpointMention {
    start: usize,
    end: usize,
    family: Family,
    g3: bool,
    /// The paren ids enclosing the mention.
    scope: Vec<usize>,
}

/// Doses as written, including step-down chains ("3→1.5 mg/kg", "20 mg/kg Q3W").
static DOSE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?-u:\b)(?P<dose>\d+(?:\.\d+)?(?:\s*(?:→|->|to)\s*\d+(?:\.\d+)?)*\s*(?:mg/kg|mg/m2|mg/m²|μg/kg|µg/kg|ug/kg|mg|μg|µg|g)(?-u:\b)(?:\s+(?:Q\dW|QW|BID|QD|TID))?)")
        .expect("valid dose regex")
});

static ARM_SUFFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:dose\s+|dosing\s+|treatment\s+)?(?:group|cohort|arm|level|regimen)s?(?-u:\b)",
    )
    .expect("valid")
});

static N_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<open>\(\s*)?(?-u:\b)[nN]\s*=\s*(?P<n>\d{1,5})(?-u:\b)(?:\s*\))?")
        .expect("valid n regex")
});

static NAMED_ARM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?-u:\b)(?P<label>(?i:arm|cohort|group|part)\s+[A-Z0-9]{1,2}(?-u:\b)|(?i:monotherapy|combination(?:\s+therapy)?|placebo|control|chemotherapy)\s+(?:arm|group|cohort)s?(?-u:\b))")
        .expect("valid")
});

static POOLED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:among|in|across|of)\s+(?:all\s+(?P<n>\d+\s+)?(?:treated\s+|enrolled\s+|evaluable\s+)?(?:patients|subjects|participants)|all\s+(?:dose\s+)?(?:groups|cohorts|arms|dose\s+levels)|the\s+overall\s+(?:population|cohort))|(?-u:\b)overall\s+population(?-u:\b)|(?-u:\b)all\s+patients(?-u:\b)")
        .expect("valid")
});

static CI_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?:95\s?%\s*(?:CI|confidence\s+interval)|(?-u:\b)CI)\s*[:,=]?\s*\[?\s*(?P<lo>\d+(?:\.\d+)?|NR|NE|NA)\s*%?\s*(?:-|to|,)\s*(?P<hi>\d+(?:\.\d+)?|NR|NE|NA)\s*%?")
        .expect("valid CI regex")
});

static P_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)p(?:[-\s]?value)?\s*(?P<op>[<=≤>]|of)\s*(?P<p>0?\.\d+|1(?:\.0+)?)")
        .expect("valid")
});

/// Biomarker or histology expressions that define subgroups; their numbers are no values.
static BIOMARKER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?-u:\b)(?:PD-L1|TPS|CPS|TC|IC|HER2|TMB|MSI)\s*(?:TPS|CPS|TC|IC)?\s*(?:[<>≤≥]=?\s*\d+(?:\.\d+)?\s*%?|\d+(?:\.\d+)?\s*%?\s*-\s*\d+(?:\.\d+)?\s*%?|\d+(?:\.\d+)?\s*%?\s*(?:or\s+(?:higher|more|above))?)")
        .expect("valid")
});

static TIMEPOINT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<t>\d+(?:\.\d+)?)-(?:month|year|week)s?(?-u:\b)|(?-u:\b)at\s+(?P<t2>\d+(?:\.\d+)?)\s+(?P<u>months?|years?|weeks?)(?-u:\b)").expect("valid")
});

static RANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\(?\s*range\s*[:,]?\s*\d+(?:\.\d+)?\s*(?:-|to)\s*\d+(?:\.\d+)?[^)]*\)?|(?-u:\b)IQR(?-u:\b)[^)]*",
    )
    .expect("valid")
});

static VALUE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?P<qual>≤|≥|<|>|(?i:less\s+than|more\s+than|greater\s+than|over|up\s+to)\s)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|(?i:percent(?-u:\b)|months?(?-u:\b)|mos?(?-u:\b)))?|(?-u:\b)(?P<nr>NR|(?i:not\s+(?:yet\s+)?reached))(?-u:\b)")
        .expect("valid value regex")
});

/// An analysis population smaller than the arm: "among 48 efficacy-evaluable patients".
static POPULATION_N_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:among|in|of)\s+(?:the\s+)?(?P<n>\d{1,5})\s+(?:efficacy[-\s]evaluable|response[-\s]evaluable|evaluable|safety[-\s]evaluable|treated|measurable[-\s]disease)\s+(?:patients|subjects|participants)")
        .expect("valid")
});

/// Between a value and the arm it belongs to: "% of those receiving", " months with".
static ARM_LINK_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:%|months?)?\s*(?:of\s+(?:the\s+)?(?:patients|those|subjects|participants)\s+)?(?:receiving|treated\s+with|with|in\s+the|on|for)\s+$")
        .expect("valid")
});

/// A subgroup with its own n: "in the subgroup of patients with high X expression (n=98)".
static SUBGROUP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:in|among)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,2}?(?P<word>subgroup|subset|subpopulation|cohort)\s+of\s+)?(?:\d+\s+)?(?:patients|subjects|participants)\s+with\s+(?P<label>[^,;()]{3,80}?)\s*\(\s*n\s*=\s*(?P<n>\d{1,5})\s*\)")
        .expect("valid")
});

/// What makes "patients with X" a subgroup rather than the study population.
static SUBGROUP_QUALIFIER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:high|low|positive|negative|mutant|mutation|mutated|wild-type|squamous|non-squamous|expression|brain|liver|bone|metastas[ie]s|prior|asian|baseline|≥|≤|<|>)")
        .expect("valid")
});

/// The size of a study named in the sentence: "the phase 1 study (n=29)".
static STUDY_N_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:study|trial|cohort|population|part)\s*\(\s*n\s*=\s*(?P<n>\d{1,5})\s*\)",
    )
    .expect("valid")
});

/// Responders over population right after a rate: "(17/56)", "(17 of 56)".
static FRACTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*%?\s*[(\[]\s*(?P<k>\d{1,5})\s*(?:/|of)\s*(?P<n>\d{1,5})\s*[)\],;]")
        .expect("valid")
});

/// Between two figures of one endpoint, the second being the comparator's.
static VERSUS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:months?|%)?\s*(?:(?:with|in|for|on)\s+[^,;()]{1,40}?)?\s*,?\s*(?:versus|vs\.?|compared\s+(?:with|to))\s*$")
        .expect("valid")
});

/// Between a value and an endpoint that follows it: "% of patients experienced".
static FOLLOWING_GAP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:of\s+(?:the\s+)?(?:\d+\s+)?(?:patients|subjects|participants)\s+)?(?:had|have|has|experienced|reported|developed|showed|achieved|with)?\s*$")
        .expect("valid")
});

static RESPECTIVE_LIST_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:for|in)\s+(?:the\s+|patients\s+with\s+)?(?P<list>[^;]+?)\s+(?:subgroups?|populations?|subsets?|patients|cohorts|groups|arms),?\s+respectively")
        .expect("valid")
});

static TRIAL_NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?P<name>[A-Z][A-Za-z]{3,}(?:-[A-Z][A-Za-z]+)?)[-\s](?P<num>\d{1,4}[A-Za-z]?)|(?P<name2>[A-Z][A-Za-z]{3,}-[A-Z][A-Za-z]+)(?P<num2>\d{1,3}[A-Za-z]?))(?-u:\b)")
        .expect("valid")
});

static REGISTRY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:NCT\d{8}|ChiCTR\d{6,12}|CTR\d{8}|jRCT\d{7,10}|ISRCTN\d{8}|EudraCT\s?\d{4}-\d{6}-\d{2}|\d{4}-\d{6}-\d{2}-\d{2})(?-u:\b)").expect("valid")
});

static TREATED_WITH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:treated\s+with|receiving|who\s+received|(?:trial|study)\s+of)\s+(?P<reg>[^,;.]{3,80})")
        .expect("valid")
});

const NOT_TRIAL_WORDS: &[&str] = &[
    "Phase",
    "Day",
    "Days",
    "Cycle",
    "Grade",
    "Stage",
    "Part",
    "Cohort",
    "Arm",
    "Group",
    "Table",
    "Figure",
    "Section",
    "Version",
    "Covid",
    "COVID",
    "Week",
    "Month",
    "Year",
    "Level",
    "Dose",
    "Page",
    "Study",
    "Trial",
    "Patients",
    "Approximately",
    "About",
    "Over",
    "More",
    "Than",
    "Less",
    "Total",
    "With",
    "From",
    "Since",
    "Until",
    "During",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "RECIST",
    "ECOG",
    "Lugano",
    "Schedule",
    "Chapter",
    "Annual",
    "Meeting",
    "Free",
    "Demo",
    "Whitepaper",
    "Members",
    "Pipeline",
    "Oncology",
    "Copyright",
];

// ---------------------------------------------------------------------------------------------
// Builders.

/// What makes two results of one arm the same report: endpoint, subgroup, value, time point.
type ResultKey = (String, Option<String>, Option<u64>, Option<String>);

/// A reported interval: low, high (either may be open), and the span it covers.
type CiMention = (Option<f64>, Option<f64>, usize, usize, usize);

#[derive(Clone, Debug, Default)]
struct ArmB {
    /// (endpoint, subgroup, value bits, timepoint) of results already read, for repeats.
    seen: std::collections::HashSet<ResultKey>,
    key: String,
    label: String,
    regimen: Option<String>,
    n: Option<u32>,
    evidence: Vec<Evidence>,
    results: Vec<ArmResult>,
    pooled: bool,
}

#[derive(Clone, Debug, Default)]
struct TrialB {
    trial: Trial,
    arms: Vec<ArmB>,
    cited: bool,
}

impl TrialB {
    fn arm(&mut self, key: &str, label: &str) -> &mut ArmB {
        let i = match self.arms.iter().position(|a| a.key == key) {
            Some(i) => i,
            None => {
                self.arms.push(ArmB {
                    key: key.to_owned(),
                    label: label.to_owned(),
                    ..ArmB::default()
                });
                self.arms.len() - 1
            }
        };
        &mut self.arms[i]
    }
}

/// An arm the document defines, found before results are read.
#[derive(Clone, Debug)]
struct ArmDef {
    key: String,
    label: String,
    /// For an arm named by its drug ("the NVX-310 arm", "receiving chemotherapy"): the name.
    drug: Option<String>,
    /// The drug is one of the document's own (the experimental arm), not a comparator.
    primary: bool,
}

fn dose_key(dose: &str) -> String {
    dose.replace("->", "→")
        .replace(" to ", "→")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

fn dose_label(dose: &str) -> String {
    let d = dose.replace("->", "→");
    static UNIT_GAP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d)(mg|μg|µg|ug|g)(?-u:\b)").expect("valid"));
    let d = UNIT_GAP.replace_all(&d, "$1 $2").into_owned();
    d.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Catalogue the arms: doses followed by group/cohort/arm or by "(n=…)", and named arms.
fn arm_catalog(text: &str, drugs: &[(String, String, bool)]) -> Vec<ArmDef> {
    let mut defs: Vec<ArmDef> = Vec::new();
    for m in DOSE_RE.captures_iter(text) {
        let Some(d) = m.name("dose") else { continue };
        let after = text.get(d.end()..).unwrap_or("");
        let is_arm = ARM_SUFFIX_RE.is_match(after)
            || after.trim_start().starts_with("(n")
            || after.trim_start().starts_with("(N");
        if !is_arm {
            continue;
        }
        let key = dose_key(d.as_str());
        if !defs.iter().any(|x| x.key == key) {
            defs.push(ArmDef {
                key,
                label: dose_label(d.as_str()),
                drug: None,
                primary: false,
            });
        }
    }
    for m in NAMED_ARM_RE.captures_iter(text) {
        let Some(l) = m.name("label") else { continue };
        let label = normalise_arm_label(l.as_str());
        let key = label.to_lowercase();
        if !defs.iter().any(|x| x.key == key) {
            defs.push(ArmDef {
                key,
                label,
                drug: None,
                primary: false,
            });
        }
    }
    // Arms named by their drug, in documents that compare arms.
    let lower = text.to_lowercase();
    let comparative = [
        "randomized",
        "randomised",
        "versus",
        " vs ",
        " vs. ",
        "compared with",
        "head-to-head",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if comparative {
        for (name, label, primary) in drugs {
            let armish = [
                format!("{name} arm"),
                format!("{name} group"),
                format!("receiving {name}"),
                format!("with {name} versus"),
                format!("to {name} or"),
            ];
            if armish.iter().any(|p| text.contains(p.as_str())) {
                let key = slug(label);
                if !defs.iter().any(|x| x.key == key) {
                    defs.push(ArmDef {
                        key,
                        label: label.clone(),
                        drug: Some(name.clone()),
                        primary: *primary,
                    });
                }
            }
        }
    }
    defs
}

/// Words that name a control arm by its treatment.
const CONTROL_WORDS: &[&str] = &[
    "chemotherapy",
    "placebo",
    "standard of care",
    "investigator's choice of chemotherapy",
];

/// Names of drugs (and control treatments) that can name an arm: (as written, label, primary).
fn drug_names(assets: &[DocAsset]) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    for a in assets {
        for n in &a.names {
            out.push((n.clone(), a.name().to_owned(), !a.comparator));
        }
    }
    for w in CONTROL_WORDS {
        out.push(((*w).to_owned(), capitalise_first(w), false));
    }
    out
}

fn capitalise_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn normalise_arm_label(s: &str) -> String {
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

/// An arm mention inside a sentence: (start, end, key).
fn arm_mentions(ut: &str, defs: &[ArmDef]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for m in DOSE_RE.captures_iter(ut) {
        let Some(d) = m.name("dose") else { continue };
        let key = dose_key(d.as_str());
        if defs.iter().any(|x| x.key == key) {
            let after = ut.get(d.end()..).unwrap_or("");
            let suffix = ARM_SUFFIX_RE.find(after).map(|s| s.end()).unwrap_or(0);
            out.push((d.start(), d.end() + suffix, key));
        }
    }
    for m in NAMED_ARM_RE.captures_iter(ut) {
        let Some(l) = m.name("label") else { continue };
        let key = normalise_arm_label(l.as_str()).to_lowercase();
        if defs.iter().any(|x| x.key == key) {
            out.push((l.start(), l.end(), key));
        }
    }
    // "with NVX-310", "receiving chemotherapy", "the NVX-310 arm".
    for d in defs {
        let Some(name) = &d.drug else { continue };
        for (i, _) in ut.match_indices(name.as_str()) {
            let end = i + name.len();
            if ut
                .as_bytes()
                .get(end)
                .is_some_and(|b| b.is_ascii_alphanumeric())
            {
                continue;
            }
            let before = ut.get(..i).unwrap_or("").to_lowercase();
            let after = ut.get(end..).unwrap_or("");
            let suffix = ARM_SUFFIX_RE.find(after).map(|s| s.end()).unwrap_or(0);
            let cue = [
                "with ",
                "receiving ",
                "the ",
                "to ",
                "treated with ",
                "versus ",
                "vs. ",
                "or ",
            ]
            .iter()
            .any(|c| before.ends_with(c));
            if (cue || suffix > 0) && !out.iter().any(|(s, e, _)| *s < end && i < *e) {
                out.push((i, end + suffix, d.key.clone()));
            }
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// Entry point.

/// Extract trials with their arms and results.
pub(crate) fn extract_trials(ctx: &mut Ctx, assets: &[DocAsset]) -> Vec<Trial> {
    let text = ctx.text().to_owned();
    let defs = arm_catalog(&text, &drug_names(assets));
    let main_asset = assets.iter().find(|a| !a.comparator);
    let mut main = TrialB::default();
    let mut named: BTreeMap<String, TrialB> = BTreeMap::new();
    let own_names = own_trial_names(ctx, assets);
    let background_lines = background_sections(ctx, assets);
    let units: Vec<Unit> = ctx.units.clone();
    let mut context_arm: Option<(usize, String)> = None;
    let mut i = 0;
    while i < units.len() {
        let u = &units[i];
        match u.kind {
            UnitKind::Row => {
                let mut j = i;
                while j + 1 < units.len()
                    && units[j + 1].kind == UnitKind::Row
                    && units[j + 1].line <= units[j].line + 2
                {
                    j += 1;
                }
                read_table(ctx, &units[i..=j], &defs, &mut main);
                i = j + 1;
                continue;
            }
            UnitKind::ListItem => {
                i += 1;
                continue;
            }
            UnitKind::Sentence => {}
        }
        let ut = ctx.unit_text(u).to_owned();
        // Disease background ("About gastric cancer", "is the most common cancer worldwide")
        // states epidemiology, not results of any arm.
        if background_lines.contains(&u.line) || is_epidemiology(ctx, u, assets) {
            i += 1;
            continue;
        }
        // A named trial in the sentence that is not the document's own study: cited figures.
        let names_all: Vec<String> = TRIAL_NAME_RE
            .captures_iter(&ut)
            .filter_map(|c| trial_name(&c, &ut))
            .collect();
        let cited_name = names_all
            .iter()
            .find(|n| !own_names.contains(n))
            .filter(|_| is_cited_context(ctx, u, assets))
            .cloned();
        // A named study that is not cited from elsewhere is the document's own, including
        // one named beside the document's own drug ("the Phase 2 LUMEN-1 study of LUM-101"),
        // unless the sentence plans it ("a Phase 3 trial (SKYLINE-3) is planned").
        if cited_name.is_none() && !is_future_trial(&ut) {
            if let Some(n) = names_all.first() {
                main.trial.name.get_or_insert_with(|| n.clone());
            }
        }
        if context_arm
            .as_ref()
            .is_some_and(|(line, _)| *line != u.line)
        {
            context_arm = None;
        }
        if let Some(name) = cited_name {
            let t = named.entry(name.clone()).or_insert_with(|| TrialB {
                trial: Trial {
                    id: slug(&name),
                    name: Some(name.clone()),
                    ..Trial::default()
                },
                cited: true,
                ..TrialB::default()
            });
            // The arm is what the cited patients received, else the drug the sentence names.
            let named_drug = assets
                .iter()
                .filter(|a| {
                    crate::doc::spans_within(&a.mentions, u.start, u.end)
                        .next()
                        .is_some()
                })
                .map(|a| a.name().to_owned())
                .next();
            let label = TREATED_WITH_RE
                .captures(&ut)
                .and_then(|c| c.name("reg"))
                .map(|m| m.as_str().trim().to_owned())
                .or(named_drug)
                .unwrap_or_else(|| "Reported arm".to_owned());
            let key = slug(&label);
            read_sentence(ctx, u, &ut, &[], Some((&key, &label)), t, None, true);
        } else {
            let found = read_sentence(
                ctx,
                u,
                &ut,
                &defs,
                None,
                &mut main,
                context_arm.as_ref().map(|(_, k)| k.as_str()),
                false,
            );
            if let Some(k) = found {
                context_arm = Some((u.line, k));
            }
        }
        i += 1;
    }
    describe_trial(ctx, &mut main.trial, &defs);
    outcome_measures(ctx, &mut main.trial);
    if let Some(a) = main_asset {
        main.trial.assets.push(a.id());
    }
    for a in assets.iter().filter(|a| !a.comparator).skip(1) {
        if main.arms.iter().any(|arm| arm.label.contains(a.name())) {
            main.trial.assets.push(a.id());
        }
    }
    let is_registry =
        !main.trial.outcome_measures.is_empty() || !main.trial.registry_ids.is_empty();
    let mut out = Vec::new();
    if !main.arms.iter().all(|a| a.results.is_empty()) || is_registry || !main.arms.is_empty() {
        let phase = main.trial.phase.clone().unwrap_or_default();
        let asset = main
            .trial
            .assets
            .first()
            .cloned()
            .unwrap_or_else(|| "study".to_owned());
        main.trial.id = main
            .trial
            .registry_ids
            .first()
            .map(|r| slug(r))
            .or_else(|| {
                main.trial
                    .name
                    .as_ref()
                    .filter(|n| n.len() <= 30)
                    .map(|n| slug(n))
            })
            .unwrap_or_else(|| slug(&format!("{asset} {phase} {}", ctx.doc_id)));
        if let Some(u) = ctx.units.iter().find(|u| {
            u.kind == UnitKind::Sentence
                && main
                    .trial
                    .phase
                    .as_ref()
                    .is_some_and(|p| ctx.unit_text(u).contains(p.as_str()))
        }) {
            let ev = ctx.unit_evidence(u);
            main.trial.evidence.push(ev);
        }
        out.push(finish_trial(ctx, main));
    }
    for (_, t) in named {
        if t.arms.iter().any(|a| !a.results.is_empty()) {
            out.push(finish_trial(ctx, t));
        }
    }
    out
}

/// A sentence about a trial still to come, whose name is not the reporting study's.
fn is_future_trial(ut: &str) -> bool {
    let lower = ut.to_lowercase();
    [
        "is planned",
        "are planned",
        "will be initiated",
        "will initiate",
        "plans to",
        "planned to",
        "to be initiated",
        "will begin",
        "will start",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Lines under an "About <disease>" heading (not about the document's drug or company).
fn background_sections(ctx: &Ctx, assets: &[DocAsset]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut inside = false;
    for (i, line) in ctx.text().split('\n').enumerate() {
        let t = line.trim();
        let heading = t.len() < 120 && !t.ends_with('.') && !t.is_empty();
        if heading && t.starts_with("About ") {
            let lower = t.to_lowercase();
            let own = assets
                .iter()
                .filter(|a| !a.comparator)
                .any(|a| a.names.iter().any(|n| lower.contains(&n.to_lowercase())));
            let company = [
                "inc",
                "ltd",
                "therapeutics",
                "pharma",
                "bio",
                "company",
                "corporation",
                "group",
            ]
            .iter()
            .any(|w| lower.contains(w));
            let study = [
                "study", "trial", "result", "data", "efficacy", "safety", "phase",
            ]
            .iter()
            .any(|w| lower.contains(w));
            inside = !own && !company && !study;
            continue;
        }
        if heading && t.len() < 80 && t.split_whitespace().count() <= 8 {
            inside = false;
        }
        if inside {
            out.push(i);
        }
    }
    out
}

/// A sentence of epidemiology: incidence, prevalence, prognosis, with no drug or arm of its own.
fn is_epidemiology(ctx: &Ctx, u: &Unit, assets: &[DocAsset]) -> bool {
    static EPI_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:worldwide|globally|each\s+year|annually|per\s+year|incidence|prevalence|new\s+cases|deaths|diagnosed|is\s+the\s+(?:most\s+common|leading|second|third)|accounts?\s+for|prognosis|five-year|5-year)(?-u:\b)").expect("valid")
    });
    let ut = ctx.unit_text(u);
    if !EPI_RE.is_match(ut) {
        return false;
    }
    let own_here = assets.iter().filter(|a| !a.comparator).any(|a| {
        crate::doc::spans_within(&a.mentions, u.start, u.end)
            .next()
            .is_some()
    });
    let lower = ut.to_lowercase();
    let trial_words = [
        "study",
        "trial",
        "cohort",
        "arm",
        "patients treated",
        "received",
    ]
    .iter()
    .any(|w| lower.contains(w));
    !own_here && !trial_words
}

/// Whether a sentence quotes another trial's figures: it names none of the document's own
/// drugs, and its paragraph signals a comparison ("current immunotherapies", "for context",
/// "historical") or it names a comparator drug.
fn is_cited_context(ctx: &Ctx, u: &Unit, assets: &[DocAsset]) -> bool {
    let own_here = assets.iter().filter(|a| !a.comparator).any(|a| {
        crate::doc::spans_within(&a.mentions, u.start, u.end)
            .next()
            .is_some()
    });
    if own_here {
        return false;
    }
    let comparator_here = assets.iter().filter(|a| a.comparator).any(|a| {
        crate::doc::spans_within(&a.mentions, u.start, u.end)
            .next()
            .is_some()
    });
    let text = ctx.text();
    let line_start = text
        .get(..u.start)
        .and_then(|h| h.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let line_end = text
        .get(u.end..)
        .and_then(|t| t.find('\n'))
        .map(|i| u.end + i)
        .unwrap_or(text.len());
    let line = text.get(line_start..line_end).unwrap_or("").to_lowercase();
    static CUE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:current|existing|approved|standard(?:\s+of\s+care)?|historical|previous(?:ly\s+reported)?|prior\s+(?:trial|study|studies)|for\s+context|for\s+comparison|benchmark|in\s+comparison|by\s+comparison|compared\s+with\s+(?:the\s+)?(?:results|data)|limited|other\s+(?:agents|therapies|drugs))(?-u:\b)")
            .expect("valid")
    });
    comparator_here || CUE_RE.is_match(&line) || TREATED_WITH_RE.is_match(ctx.unit_text(u))
}

/// Trial names the document uses for its own drug's studies (named in a sentence with it).
fn own_trial_names(ctx: &Ctx, assets: &[DocAsset]) -> Vec<String> {
    let mut out = Vec::new();
    for u in &ctx.units {
        let ut = ctx.unit_text(u);
        let has_own = assets.iter().filter(|a| !a.comparator).any(|a| {
            crate::doc::spans_within(&a.mentions, u.start, u.end)
                .next()
                .is_some()
        });
        if !has_own {
            continue;
        }
        for c in TRIAL_NAME_RE.captures_iter(ut) {
            if let Some(n) = trial_name(&c, ut) {
                out.push(n);
            }
        }
    }
    out
}

/// A trial name from a match, normalised (Keynote-407 → KEYNOTE-407), or `None`.
fn trial_name(c: &Captures, ut: &str) -> Option<String> {
    let name = c.name("name").or(c.name("name2"))?;
    let num = c.name("num").or(c.name("num2"))?;
    let word = name.as_str();
    if NOT_TRIAL_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
        || crate::vocab::is_target_word(&format!("{word}-{}", num.as_str()))
    {
        return None;
    }
    let upper = word.chars().filter(char::is_ascii_uppercase).count();
    let all_caps = word.chars().all(|c| c.is_ascii_uppercase() || c == '-');
    let after = ut.get(num.end()..).unwrap_or("").to_lowercase();
    let before = ut.get(..name.start()).unwrap_or("").to_lowercase();
    let study_word = after.trim_start().starts_with("study")
        || after.trim_start().starts_with("trial")
        || before.ends_with("the ") && (after.contains("study") || after.contains("trial"));
    // A year after a meeting or a month is not a trial number.
    if num.as_str().len() == 4 && (num.as_str().starts_with("19") || num.as_str().starts_with("20"))
    {
        return None;
    }
    let ok = (all_caps && word.len() >= 5) || (upper >= 2 && !all_caps) || study_word;
    if !ok || (all_caps && word.len() < 5 && !study_word) {
        return None;
    }
    let word = if upper == 1
        && word
            .chars()
            .skip(1)
            .all(|c| c.is_ascii_lowercase() || c == '-')
    {
        word.to_uppercase()
    } else {
        word.to_owned()
    };
    // "AURORA-LUNG2" keeps its glued number; "Keynote 407" becomes KEYNOTE-407.
    if c.name("num2").is_some() {
        return Some(format!("{word}{}", num.as_str()));
    }
    Some(format!("{word}-{}", num.as_str()))
}

// ---------------------------------------------------------------------------------------------
// Prose.

/// Paren ids enclosing each byte of a sentence (ids are the open paren's position).
fn paren_scopes(ut: &str) -> Vec<Vec<usize>> {
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

fn scope_at(scopes: &[Vec<usize>], pos: usize) -> Vec<usize> {
    scopes.get(pos).cloned().unwrap_or_default()
}

fn endpoint_mentions(ut: &str, scopes: &[Vec<usize>]) -> Vec<EndpointMention> {
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
struct ValueMention {
    start: usize,
    end: usize,
    num_start: usize,
    num_end: usize,
    value: Option<f64>,
    qualifier: Option<String>,
    unit: Option<String>,
}

/// Spans whose numbers are not result values.
fn masked_spans(ctx: &Ctx, base: usize, ut: &str) -> Vec<(usize, usize)> {
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

fn overlaps(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    spans.iter().any(|(a, b)| *a < e && s < *b)
}

fn value_mentions(ut: &str, masked: &[(usize, usize)]) -> Vec<ValueMention> {
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
fn resolve(
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
fn label_before(ut: &str, paren: usize) -> Option<String> {
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
struct Pending {
    endpoint: String,
    value: ValueMention,
    arm: Option<String>,
    subgroup: Option<String>,
    n: Option<u32>,
    ci: Option<(Option<f64>, Option<f64>, usize, usize)>,
    p: Option<(f64, usize, usize)>,
    timepoint: Option<String>,
    /// A top-level value (outside parentheses), used to zip "respectively" lists.
    top: bool,
    paren: Option<usize>,
    /// The comparator side of "11.1 months versus 8.4 months".
    control: bool,
}

/// Read one sentence's results into `trial`; returns the arm key the sentence was about.
#[allow(clippy::too_many_arguments)]
fn read_sentence(
    ctx: &mut Ctx,
    u: &Unit,
    ut: &str,
    defs: &[ArmDef],
    fixed_arm: Option<(&str, &str)>,
    trial: &mut TrialB,
    context_arm: Option<&str>,
    cited: bool,
) -> Option<String> {
    let base = u.start;
    let scopes = paren_scopes(ut);
    let eps = endpoint_mentions(ut, &scopes);
    let experimental = defs.iter().find(|d| d.drug.is_some() && d.primary);
    let control_def = defs.iter().find(|d| {
        (d.drug.is_some() && !d.primary)
            || matches!(d.key.as_str(), "control" | "placebo" | "chemotherapy")
    });
    let arms = if fixed_arm.is_some() {
        Vec::new()
    } else {
        arm_mentions(ut, defs)
    };
    for (s, e, _) in &arms {
        ctx.mark_used(base + s, base + e);
    }
    // Arm sizes stated right after an arm mention.
    for (_, e, key) in &arms {
        let after = ut.get(*e..).unwrap_or("");
        if let Some(c) = N_RE.captures(after) {
            let Some(whole) = c.get(0) else { continue };
            if whole.start() <= 3 {
                if let (Some(n), Some(def)) = (
                    c.name("n").and_then(|n| n.as_str().parse().ok()),
                    defs.iter().find(|d| d.key == *key),
                ) {
                    let label = def.label.clone();
                    let arm = trial.arm(key, &label);
                    if arm.n.is_none() {
                        arm.n = Some(n);
                        let nm = c.name("n").map(|m| (m.start(), m.end())).unwrap_or((0, 0));
                        ctx.mark_used(base + e + nm.0, base + e + nm.1);
                    }
                    let ev = ctx.evidence(base, base + ut.len());
                    let arm = trial.arm(key, &label);
                    if arm.evidence.len() < 6 && !arm.evidence.contains(&ev) {
                        arm.evidence.push(ev);
                    }
                }
            }
        }
        // A regimen in parentheses after the arm's definition: "dose group (3 mg/kg + PDC …)".
        if let Some(p) = after.strip_prefix(" (").or_else(|| after.strip_prefix('(')) {
            if let Some(close) = p.find(')') {
                let inner = &p[..close];
                if !inner.trim_start().starts_with(['n', 'N'])
                    && (inner.contains('+')
                        || inner.contains("Q")
                        || inner.contains("plus")
                        || inner.contains("mg"))
                {
                    if let Some(def) = defs.iter().find(|d| d.key == *key) {
                        let label = def.label.clone();
                        let ev = ctx.evidence(base, base + ut.len());
                        let arm = trial.arm(key, &label);
                        arm.regimen.get_or_insert_with(|| inner.trim().to_owned());
                        if arm.evidence.len() < 6 && !arm.evidence.contains(&ev) {
                            arm.evidence.push(ev);
                        }
                    }
                }
            }
        }
    }
    if eps.is_empty() && crate::vocab::ae_term_in(ut).is_none() {
        return arms
            .first()
            .map(|a| a.2.clone())
            .filter(|_| arms.iter().all(|a| a.2 == arms[0].2));
    }
    let masked = masked_spans(ctx, base, ut);
    let values = value_mentions(ut, &masked);
    if values.is_empty() {
        return arms
            .first()
            .map(|a| a.2.clone())
            .filter(|_| arms.iter().all(|a| a.2 == arms[0].2));
    }
    // An open bound ("5.4-NR") is kept as a missing number.
    let cis: Vec<CiMention> = CI_RE
        .captures_iter(ut)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let lo = c.name("lo")?;
            let hi = c.name("hi")?;
            let (lo_v, hi_v) = (parse_num(lo.as_str()), parse_num(hi.as_str()));
            if lo_v.is_none() && hi_v.is_none() {
                return None;
            }
            Some((lo_v, hi_v, whole.start(), whole.start(), hi.end()))
        })
        .collect();
    let ps: Vec<(f64, usize, usize)> = P_RE
        .captures_iter(ut)
        .filter_map(|c| {
            let p = c.name("p")?;
            Some((parse_num(p.as_str())?, p.start(), p.end()))
        })
        .collect();
    let ns: Vec<(u32, usize, usize)> = N_RE
        .captures_iter(ut)
        .filter_map(|c| {
            let n = c.name("n")?;
            Some((n.as_str().parse().ok()?, n.start(), n.end()))
        })
        .collect();
    let lower = ut.to_lowercase();
    // "Among 48 efficacy-evaluable patients": the analysis population of this sentence.
    let population_n: Option<(u32, usize, usize)> = POPULATION_N_RE
        .captures(ut)
        .and_then(|c| c.name("n"))
        .and_then(|m| Some((m.as_str().parse().ok()?, m.start(), m.end())));
    let ae_context =
        eps.iter().any(|e| matches!(e.family, Family::Ae(_))) || lower.contains("most common");
    let mut pending: Vec<Pending> = Vec::new();
    for v in &values {
        let vscope = scope_at(&scopes, v.num_start);
        // The latest endpoint whose parenthesis scope encloses this value.
        // Try the two latest such endpoints: "the HR for PFS was 0.62" names HR first.
        let in_scope: Vec<&EndpointMention> = eps
            .iter()
            .filter(|e| e.end <= v.start && vscope.starts_with(&e.scope))
            .collect();
        // "4.0% of patients discontinued treatment due to TRAEs": the endpoint follows.
        let following = eps.iter().find(|e| {
            e.start >= v.end
                && e.scope == vscope
                && FOLLOWING_GAP_RE.is_match(ut.get(v.end..e.start).unwrap_or("x"))
        });
        let ep = following
            .or_else(|| {
                in_scope
                    .iter()
                    .rev()
                    .take(2)
                    .find(|e| resolve(e.family, e.g3, v, ut, &eps).is_some())
                    .or(in_scope.last())
                    .copied()
            })
            .or_else(|| {
                // "25% of patients experienced grade ≥3 TRAEs": the endpoint follows.
                eps.iter()
                    .find(|e| e.start >= v.end && e.start - v.end < 60 && e.scope == vscope)
            });
        let innermost = vscope.last().copied();
        let mut endpoint: Option<String> = None;
        let mut subgroup: Option<String> = None;
        let mut n: Option<u32> = None;
        let ep_in_same_paren = ep.is_some_and(|e| innermost.is_some_and(|p| e.scope.contains(&p)));
        if let Some(p) = innermost {
            if !ep_in_same_paren {
                // "anemia (any grade: 78.8%; grade ≥3: 18.8%)": a named adverse event.
                if let Some(label) = label_before(ut, p) {
                    let is_endpoint = ENDPOINT_RE.is_match(&label);
                    let is_arm = arms.iter().any(|(s, e, _)| *s < p && *e + 3 >= p);
                    if ae_context
                        && !is_endpoint
                        && !is_arm
                        && v.unit.as_deref() == Some("%")
                        && !label.contains("patients")
                        && !label.contains("group")
                    {
                        let inner_before = ut.get(p..v.start).unwrap_or("");
                        let g3 = inner_before.contains(';')
                            || inner_before.contains("grade ≥")
                            || inner_before.contains("grade 3")
                            || inner_before.contains("G3")
                            || ep.is_some_and(|e| e.g3)
                                && !inner_before.to_lowercase().contains("any grade");
                        let term = label.to_lowercase();
                        endpoint = Some(if g3 {
                            format!("AE:{term}:G3")
                        } else {
                            format!("AE:{term}")
                        });
                    }
                }
            } else if let Some(label) = label_before(ut, p) {
                // "squamous (ORR 85.7%, n=14)": a subgroup with its own n.
                let inner_end = ut
                    .get(p..)
                    .and_then(|s| s.find(')'))
                    .map(|i| p + i)
                    .unwrap_or(ut.len());
                let paren_n = ns.iter().find(|(_, s, _)| *s > p && *s < inner_end);
                let is_arm = arms.iter().any(|(s, e, _)| *s < p && *e + 3 >= p);
                if let Some((pn, ns_, ne_)) = paren_n {
                    if !is_arm && !ENDPOINT_RE.is_match(&label) {
                        subgroup = Some(format!("{label} (n={pn})"));
                        n = Some(*pn);
                        ctx.mark_used(base + ns_, base + ne_);
                    }
                }
            }
        }
        // A named adverse event between the endpoint (if any) and the value:
        // "Cytokine release syndrome occurred in 44.6% of patients".
        let named_ae = if endpoint.is_none() && v.unit.as_deref() == Some("%") {
            let from = ep
                .filter(|e| e.end <= v.start)
                .map(|e| e.end)
                .unwrap_or(0)
                .max(v.start.saturating_sub(80));
            let window = ut.get(from..v.start).unwrap_or("");
            let has_value_between = values.iter().any(|o| o.start >= from && o.end <= v.start);
            crate::vocab::ae_term_in(window)
                .filter(|_| !has_value_between)
                .map(|(term, g3)| {
                    if g3 || ep.is_some_and(|e| e.g3) {
                        format!("AE:{term}:G3")
                    } else {
                        format!("AE:{term}")
                    }
                })
        } else {
            None
        };
        // "… in 61.3% of patients in the X arm and 1.2% in the placebo arm": the same event.
        let continued_ae = if endpoint.is_none() && named_ae.is_none() && ep.is_none() {
            pending
                .last()
                .filter(|p| p.endpoint.starts_with("AE:"))
                .and_then(|p| {
                    let gap = ut.get(p.value.end..v.start).unwrap_or("");
                    let gap = format!("{gap} ");
                    (gap.len() < 70
                        && (gap.contains(" and ")
                            || gap.contains(" versus ")
                            || gap.contains(" vs")))
                    .then(|| p.endpoint.clone())
                })
        } else {
            None
        };
        let endpoint = match endpoint.or(named_ae).or(continued_ae) {
            Some(e) => e,
            None => {
                let Some(ep) = ep else { continue };
                let Some(code) = resolve(ep.family, ep.g3, v, ut, &eps) else {
                    continue;
                };
                code
            }
        };
        // "40.0% (8/20)": the responders and the population the rate is of.
        if let Some(c) = ut.get(v.end..).and_then(|rest| FRACTION_RE.captures(rest)) {
            if let (Some(k), Some(d)) = (c.name("k"), c.name("n")) {
                if let (Ok(kv), Ok(dv)) = (k.as_str().parse::<u32>(), d.as_str().parse::<u32>()) {
                    if kv <= dv && dv > 0 && n.is_none() {
                        n = Some(dv);
                        ctx.mark_used(base + v.end + k.start(), base + v.end + d.end());
                    }
                }
            }
        }
        let ci = cis
            .iter()
            .find(|(_, _, s, _, _)| *s >= v.end && *s <= v.end + 8)
            .map(|(lo, hi, _, ls, he)| (*lo, *hi, *ls, *he));
        let p = ps
            .iter()
            .find(|(_, s, _)| *s >= v.end && *s <= v.end + 60)
            .copied();
        let timepoint = if endpoint.ends_with("_RATE") {
            TIMEPOINT_RE
                .captures_iter(ut)
                .filter_map(|c| {
                    let t = c.name("t").or(c.name("t2"))?;
                    let unit = c
                        .name("u")
                        .map(|u| u.as_str().trim_end_matches('s').to_lowercase())
                        .unwrap_or_else(|| {
                            c.get(0)
                                .map(|w| {
                                    if w.as_str().contains("year") {
                                        "year"
                                    } else if w.as_str().contains("week") {
                                        "week"
                                    } else {
                                        "month"
                                    }
                                    .to_owned()
                                })
                                .unwrap_or_default()
                        });
                    Some((
                        t.start().abs_diff(v.start),
                        format!("{} {unit}s", t.as_str()),
                    ))
                })
                .min()
                .map(|(_, t)| t)
        } else {
            None
        };
        pending.push(Pending {
            endpoint,
            value: v.clone(),
            arm: None,
            subgroup,
            n,
            ci,
            p,
            timepoint,
            top: innermost.is_none(),
            paren: innermost,
            control: false,
        });
    }
    if pending.is_empty() {
        return None;
    }
    // "mOS of 11.1 months versus 8.4 months": the second figure is the comparator arm's.
    for i in 1..pending.len() {
        let (prev_end, prev_ep) = (pending[i - 1].value.end, pending[i - 1].endpoint.clone());
        let gap = ut.get(prev_end..pending[i].value.start).unwrap_or("");
        if prev_ep == pending[i].endpoint && VERSUS_RE.is_match(gap) {
            pending[i].control = true;
        }
    }
    // Arms and subgroups.
    let respectively = lower.contains("respectively");
    let subgroup_list: Vec<String> = if respectively {
        RESPECTIVE_LIST_RE
            .captures(ut)
            .and_then(|c| c.name("list"))
            .map(|m| {
                // The list is what follows the last "for"/"in" before the group word.
                let list = m.as_str();
                let list = [" for the ", " in the ", " for ", " in "]
                    .iter()
                    .filter_map(|sep| list.rfind(sep).map(|i| i + sep.len()))
                    .max()
                    .and_then(|i| list.get(i..))
                    .unwrap_or(list);
                list.split(" and ")
                    .flat_map(|p| p.split(", "))
                    .map(|p| p.trim().trim_start_matches("the ").to_owned())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut distinct_arms: Vec<String> = Vec::new();
    for (_, _, k) in &arms {
        if !distinct_arms.contains(k) {
            distinct_arms.push(k.clone());
        }
    }
    // Respectively across endpoints: "ORR and DCR were 40% and 80%, respectively".
    let top_eps: Vec<&EndpointMention> = eps.iter().filter(|e| e.scope.is_empty()).collect();
    let top_idx: Vec<usize> = pending
        .iter()
        .enumerate()
        .filter(|(_, p)| p.top)
        .map(|(i, _)| i)
        .collect();
    if respectively
        && top_eps.len() >= 2
        && top_eps.len() == top_idx.len()
        && distinct_arms.len() <= 1
        && subgroup_list.len() <= 1
    {
        let first_value = pending.get(top_idx[0]).map(|p| p.value.start).unwrap_or(0);
        if top_eps.iter().all(|e| e.end <= first_value) {
            for (k, i) in top_idx.iter().enumerate() {
                if let (Some(e), Some(p)) = (top_eps.get(k), pending.get_mut(*i)) {
                    if let Some(code) = resolve(e.family, e.g3, &p.value, ut, &eps) {
                        p.endpoint = code;
                    }
                }
            }
        }
    }
    let zip_groups: Vec<(Option<String>, Option<String>)> =
        if respectively && distinct_arms.len() >= 2 {
            distinct_arms
                .iter()
                .map(|a| (Some(a.clone()), None))
                .collect()
        } else if respectively && subgroup_list.len() >= 2 {
            subgroup_list
                .iter()
                .map(|s| (None, Some(s.clone())))
                .collect()
        } else {
            Vec::new()
        };
    if !zip_groups.is_empty() {
        // Zip top-level values per endpoint with the groups; parenthesised values follow theirs.
        let mut per_endpoint: BTreeMap<String, usize> = BTreeMap::new();
        let mut last_group: Option<(Option<String>, Option<String>)> = None;
        for p in pending.iter_mut() {
            if p.top || last_group.is_none() {
                let k = per_endpoint.entry(p.endpoint.clone()).or_insert(0);
                if let Some(g) = zip_groups.get(*k) {
                    last_group = Some(g.clone());
                }
                *k += 1;
            }
            if let Some((a, s)) = &last_group {
                p.arm = a.clone();
                if p.subgroup.is_none() {
                    p.subgroup = s.clone();
                }
            }
        }
    } else {
        for p in pending.iter_mut() {
            // An arm named right after the value ("in 52.4% of those receiving chemotherapy",
            // "14.2 months with NVX-310") wins; otherwise the nearest arm mention.
            let following = arms.iter().find(|(s, _, _)| {
                *s >= p.value.end && ARM_LINK_RE.is_match(ut.get(p.value.end..*s).unwrap_or("x"))
            });
            if let Some((_, _, k)) = following {
                p.arm = Some(k.clone());
                continue;
            }
            let nearest = arms
                .iter()
                .map(|(s, e, k)| {
                    let d = if *s >= p.value.end {
                        s - p.value.end
                    } else {
                        p.value.start.saturating_sub(*e)
                    };
                    (d, k)
                })
                .min();
            if let Some((_, k)) = nearest {
                p.arm = Some(k.clone());
            }
        }
        // "In the prespecified subgroup of patients with high X expression (n=98), ORR was …".
        if let Some(c) = SUBGROUP_RE.captures(ut) {
            if let (Some(label), Some(n)) = (c.name("label"), c.name("n")) {
                let explicit =
                    c.name("word").is_some() || SUBGROUP_QUALIFIER_RE.is_match(label.as_str());
                if let (true, Ok(nv)) = (explicit, n.as_str().parse::<u32>()) {
                    for p in pending
                        .iter_mut()
                        .filter(|p| p.value.start > n.end() && p.subgroup.is_none())
                    {
                        p.subgroup = Some(format!("{} (n={nv})", label.as_str().trim()));
                        p.n = Some(nv);
                    }
                    ctx.mark_used(base + n.start(), base + n.end());
                }
            }
        }
        // A biomarker subgroup before the value: "in PD-L1 TPS ≥50% patients, ORR was 60%".
        for p in pending.iter_mut() {
            if p.subgroup.is_some() || p.endpoint.starts_with("AE:") {
                continue;
            }
            let before = ut.get(..p.value.start).unwrap_or("");
            if let Some(m) = BIOMARKER_RE.find_iter(before).last() {
                let between = ut.get(m.end()..p.value.start).unwrap_or("");
                let near = between.len() < 80 && !between.contains(';');
                let defining = ut.get(..m.start()).unwrap_or("").to_lowercase();
                let enrolment = defining.contains("enrolled")
                    || defining.contains("eligible")
                    || defining.contains("expressing");
                if near && !enrolment && m.as_str().chars().any(|c| c.is_ascii_digit()) {
                    p.subgroup = Some(m.as_str().trim().to_owned());
                }
            }
        }
    }
    // Arms for values with none yet: pooled population, the paragraph's arm, or the default.
    let pooled = POOLED_RE.captures(ut);
    let pooled_n: Option<(u32, usize, usize)> = pooled
        .as_ref()
        .and_then(|c| c.name("n"))
        .and_then(|m| Some((m.as_str().trim().parse().ok()?, m.start(), m.end())));
    let mut touched: Option<String> = None;
    for p in pending {
        let label_of = |k: &str| {
            defs.iter()
                .find(|d| d.key == k)
                .map(|d| d.label.clone())
                .unwrap_or_else(|| k.to_owned())
        };
        let explicit_control = p.arm.as_deref().is_some_and(|k| {
            defs.iter()
                .any(|d| d.key == k && !d.primary && d.drug.is_some())
        });
        let (key, label) = if p.control && !explicit_control && fixed_arm.is_none() {
            match control_def {
                Some(d) => (d.key.clone(), d.label.clone()),
                None => ("control".to_owned(), "Control".to_owned()),
            }
        } else if p.control && fixed_arm.is_some() {
            ("control".to_owned(), "Control".to_owned())
        } else if let (true, Some(d), None) =
            (p.endpoint.starts_with("HR"), experimental, fixed_arm)
        {
            // A hazard ratio compares the arms; it is shown with the experimental arm.
            (d.key.clone(), d.label.clone())
        } else if let Some((k, l)) = fixed_arm {
            (k.to_owned(), l.to_owned())
        } else if let Some(k) = p.arm.clone() {
            let label = defs
                .iter()
                .find(|d| d.key == k)
                .map(|d| d.label.clone())
                .unwrap_or_else(|| k.clone());
            (k, label)
        } else if pooled.is_some() {
            ("all".to_owned(), "All patients".to_owned())
        } else if let Some(k) = context_arm {
            (k.to_owned(), label_of(k))
        } else if let Some(d) = experimental {
            // In a comparative trial, unattributed figures are the experimental arm's.
            (d.key.clone(), d.label.clone())
        } else {
            ("all".to_owned(), "All patients".to_owned())
        };
        // A value's own paren n ("ORR 40% (n=20)") outside a subgroup: the analysis population.
        let mut n = p.n.or_else(|| {
            population_n
                .filter(|_| p.subgroup.is_none())
                .map(|(pn, _, _)| pn)
        });
        if n.is_none() && p.subgroup.is_none() && (key == "all" || p.arm.is_none()) {
            if let Some((pn, s, e)) = ns
                .iter()
                .find(|(_, s, _)| *s > p.value.end && *s < p.value.end + 12)
            {
                let arm = trial.arm(&key, &label);
                if arm.n.is_none() {
                    arm.n = Some(*pn);
                    ctx.mark_used(base + s, base + e);
                } else if arm.n != Some(*pn) {
                    n = Some(*pn);
                    ctx.mark_used(base + s, base + e);
                }
            } else if let Some(c) = STUDY_N_RE.captures(ut) {
                // "In the ongoing phase 1 study (n=29), the ORR was 31%": the study's size.
                if let (Some(m), true) = (c.name("n"), arms.is_empty()) {
                    let arm = trial.arm(&key, &label);
                    if arm.n.is_none() {
                        arm.n = m.as_str().parse().ok();
                        ctx.mark_used(base + m.start(), base + m.end());
                    }
                }
            }
        }
        let ev = ctx.evidence(base, base + ut.len());
        let mut r = ArmResult {
            endpoint: p.endpoint.clone(),
            value: p.value.value,
            qualifier: p.value.qualifier.clone(),
            unit: p
                .value
                .unit
                .clone()
                .or_else(|| (!p.endpoint.starts_with("HR")).then(|| "%".to_owned())),
            subgroup: p.subgroup.clone(),
            n,
            cited,
            timepoint: p.timepoint.clone(),
            evidence: vec![ev.clone()],
            ..ArmResult::default()
        };
        if r.endpoint.starts_with("HR") {
            r.unit = None;
        }
        ctx.mark_used(base + p.value.num_start, base + p.value.num_end);
        if let Some((lo, hi, s, e)) = p.ci {
            r.ci_low = lo;
            r.ci_high = hi;
            r.ci_source = Some("reported".to_owned());
            ctx.mark_used(base + s, base + e);
        }
        if let Some((pv, s, e)) = p.p {
            r.p_value = Some(pv);
            ctx.mark_used(base + s, base + e);
        }
        let _ = p.paren;
        let arm = trial.arm(&key, &label);
        if key == "all" {
            arm.pooled = true;
            if let Some((pn, _, _)) = pooled_n {
                arm.n.get_or_insert(pn);
            }
        }
        if !arm.evidence.contains(&ev) && arm.evidence.len() < 3 {
            arm.evidence.push(ev);
        }
        let seen_key = (
            r.endpoint.clone(),
            r.subgroup.clone(),
            r.value.map(f64::to_bits),
            r.timepoint.clone(),
        );
        if arm.seen.insert(seen_key) {
            arm.results.push(r);
        }
        if key != "all" {
            touched = Some(key);
        }
    }
    for (_, s, e) in pooled_n.into_iter().chain(population_n) {
        ctx.mark_used(base + s, base + e);
    }
    touched
}

// ---------------------------------------------------------------------------------------------
// Tables.

fn cells(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    if line.contains('|') {
        let mut pos = 0;
        for part in line.split('|') {
            let lead = part.len() - part.trim_start().len();
            out.push((pos + lead, part.trim().to_owned()));
            pos += part.len() + 1;
        }
        // Leading and trailing pipes make empty edge cells.
        if out.first().is_some_and(|c| c.1.is_empty()) {
            out.remove(0);
        }
        if out.last().is_some_and(|c| c.1.is_empty()) {
            out.pop();
        }
    } else {
        static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" {2,}|\t").expect("valid"));
        let mut pos = 0;
        for m in GAP.find_iter(line) {
            let cell = &line[pos..m.start()];
            if !cell.trim().is_empty() {
                out.push((pos, cell.trim().to_owned()));
            }
            pos = m.end();
        }
        if let Some(rest) = line.get(pos..) {
            if !rest.trim().is_empty() {
                out.push((pos, rest.trim().to_owned()));
            }
        }
    }
    out
}

fn is_separator(cells: &[(usize, String)]) -> bool {
    cells.iter().all(|(_, c)| {
        c.chars()
            .all(|ch| matches!(ch, '-' | ':' | '=' | ' ' | '+'))
    })
}

/// A cell's endpoint family (whole-cell match of the endpoint vocabulary).
fn cell_endpoint(cell: &str) -> Option<(Family, bool)> {
    let c = ENDPOINT_RE.captures(cell)?;
    let whole = c.get(0)?;
    if whole.start() > 12 {
        return None;
    }
    let family = GROUPS
        .iter()
        .find(|(g, _)| c.name(g).is_some())
        .map(|(_, f)| *f)?;
    let g3 = c.name("g3pre").is_some()
        || c.name("g3post").is_some()
        || cell.contains('≥') && cell.contains('3');
    Some((family, g3))
}

/// A cell's value: "86.4% (59.7-94.8)", "19 (86.4)", "7.2 (5.1-NR)", "NR".
fn cell_value(cell: &str, family: Family) -> Option<(ValueMention, Option<(f64, f64)>)> {
    static CELL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?P<qual>[<>≤≥])?\s*(?P<a>\d+(?:\.\d+)?)\s*(?P<pct>%)?\s*(?:\(\s*(?P<b>\d+(?:\.\d+)?|NR|NE)\s*(?P<bpct>%)?\s*(?:(?:-|to|,)\s*(?P<c>\d+(?:\.\d+)?|NR|NE)\s*%?)?\s*\))?|^(?P<nr>NR|Not reached|not reached)")
            .expect("valid")
    });
    let c = CELL_RE.captures(cell.trim())?;
    let is_rate = matches!(family, Family::Rate(_) | Family::Ae(_));
    let default_unit = match family {
        Family::Rate(_) | Family::Ae(_) => Some("%".to_owned()),
        Family::Median(_) => Some("months".to_owned()),
        _ => None,
    };
    if c.name("nr").is_some() {
        let v = ValueMention {
            start: 0,
            end: 0,
            num_start: 0,
            num_end: 0,
            value: None,
            qualifier: Some("NR".into()),
            unit: default_unit,
        };
        return Some((v, None));
    }
    let a = c.name("a")?;
    let mk = |m: regex::Match, unit: Option<String>| ValueMention {
        start: m.start(),
        end: m.end(),
        num_start: m.start(),
        num_end: m.end(),
        value: parse_num(m.as_str()),
        qualifier: c.name("qual").map(|q| q.as_str().to_owned()),
        unit,
    };
    match (c.name("b"), c.name("c")) {
        // "19 (86.4)" or "19 (86.4%)": responders and their percentage.
        (Some(b), None)
            if is_rate
                && !a.as_str().contains('.')
                && c.name("pct").is_none()
                && parse_num(b.as_str()).is_some() =>
        {
            Some((mk(b, default_unit), None))
        }
        (Some(b), Some(cc)) => {
            let ci = match (parse_num(b.as_str()), parse_num(cc.as_str())) {
                (Some(lo), Some(hi)) => Some((lo, hi)),
                _ => None,
            };
            Some((mk(a, default_unit), ci))
        }
        _ => Some((mk(a, default_unit), None)),
    }
}

fn n_in(cell: &str) -> Option<u32> {
    N_RE.captures(cell)
        .and_then(|c| c.name("n"))
        .and_then(|n| n.as_str().parse().ok())
}

fn read_table(ctx: &mut Ctx, rows: &[Unit], defs: &[ArmDef], trial: &mut TrialB) {
    let parsed: Vec<(&Unit, Vec<(usize, String)>)> = rows
        .iter()
        .map(|u| (u, cells(ctx.unit_text(u))))
        .filter(|(_, c)| !is_separator(c) && c.len() >= 2)
        .collect();
    let Some((header_unit, header)) = parsed.first() else {
        return;
    };
    let header_ev = ctx.unit_evidence(header_unit);
    let header_lower: Vec<String> = header.iter().map(|(_, c)| c.to_lowercase()).collect();
    let grade_columns = header_lower.iter().skip(1).any(|c| {
        c.contains("any grade")
            || c.contains("all grade")
            || c.contains("grade ≥3")
            || c.contains("grade 3")
            || c.contains("grade >=3")
    });
    let header_eps = header
        .iter()
        .skip(1)
        .filter(|(_, c)| cell_endpoint(c).is_some())
        .count();
    let body = &parsed[1..];
    let put = |ctx: &mut Ctx,
               trial: &mut TrialB,
               arm_label: &str,
               arm_n: Option<u32>,
               endpoint: String,
               v: ValueMention,
               ci: Option<(f64, f64)>,
               row: &Unit,
               cell_pos: usize| {
        let key = defs
            .iter()
            .find(|d| {
                dose_key(arm_label).contains(&d.key) || arm_label.to_lowercase().contains(&d.key)
            })
            .map(|d| (d.key.clone(), d.label.clone()))
            .unwrap_or_else(|| {
                let clean = N_RE
                    .replace_all(arm_label, "")
                    .trim()
                    .trim_end_matches(['(', ','])
                    .trim()
                    .to_owned();
                let clean = if clean.is_empty() {
                    "All patients".to_owned()
                } else {
                    clean
                };
                (
                    if clean == "All patients" {
                        "all".to_owned()
                    } else {
                        slug(&clean)
                    },
                    clean,
                )
            });
        let ev = ctx.unit_evidence(row);
        let arm = trial.arm(&key.0, &key.1);
        if arm.n.is_none() {
            arm.n = arm_n;
        }
        if arm.evidence.len() < 6 && !arm.evidence.contains(&header_ev) {
            arm.evidence.push(header_ev.clone());
        }
        let mut r = ArmResult {
            endpoint,
            value: v.value,
            qualifier: v.qualifier.clone(),
            unit: v.unit.clone(),
            evidence: vec![ev],
            ..ArmResult::default()
        };
        if let Some((lo, hi)) = ci {
            r.ci_low = Some(lo);
            r.ci_high = Some(hi);
            r.ci_source = Some("reported".to_owned());
        }
        let abs = row.start + cell_pos;
        ctx.mark_used(abs + v.num_start, abs + v.num_end.max(v.num_start));
        if ci.is_some() {
            ctx.mark_used(abs, abs + v.num_end + 24);
        }
        arm.results.push(r);
    };
    if header_eps >= 1 && !grade_columns {
        // Rows are arms, columns endpoints.
        let n_col = header_lower.iter().position(|c| {
            c == "n" || c == "n (patients)" || c == "patients" || c == "no. of patients"
        });
        for (row, cs) in body {
            let Some((_, label)) = cs.first() else {
                continue;
            };
            let n = n_col
                .and_then(|i| cs.get(i))
                .and_then(|(_, c)| c.parse().ok())
                .or_else(|| n_in(label));
            // The arm's label and size cells are used by the arm.
            for (pos, cell) in cs.iter().take(1).chain(n_col.and_then(|i| cs.get(i))) {
                ctx.mark_used(row.start + pos, row.start + pos + cell.len());
            }
            for (ci_, (_, h)) in header.iter().enumerate().skip(1) {
                let Some((family, g3)) = cell_endpoint(h) else {
                    continue;
                };
                let Some((pos, cell)) = cs.get(ci_) else {
                    continue;
                };
                let Some((v, ci)) = cell_value(cell, family) else {
                    continue;
                };
                let Some(code) = resolve(family, g3, &v, cell, &[]) else {
                    continue;
                };
                put(ctx, trial, label, n, code, v, ci, row, *pos);
            }
        }
    } else {
        // Rows are endpoints (or adverse-event terms), columns arms (or grades of one arm).
        let arm_cols: Vec<(String, Option<u32>)> = header
            .iter()
            .skip(1)
            .map(|(_, h)| (h.clone(), n_in(h)))
            .collect();
        let n_row = body.iter().find(|(_, cs)| {
            cs.first().is_some_and(|(_, c)| {
                let l = c.to_lowercase();
                l == "n"
                    || l.starts_with("patients, n")
                    || l == "no. of patients"
                    || l == "number of patients"
            })
        });
        let row_ns: Vec<Option<u32>> = match n_row {
            Some((_, cs)) => cs
                .iter()
                .skip(1)
                .map(|(_, c)| c.trim().parse().ok())
                .collect(),
            None => Vec::new(),
        };
        let ae_table = grade_columns
            || header_lower.first().is_some_and(|h| {
                h.contains("adverse")
                    || h.contains("event")
                    || h.contains("ae")
                    || h.contains("toxicit")
            });
        for (row, cs) in body {
            let Some((_, first)) = cs.first() else {
                continue;
            };
            let ep = cell_endpoint(first);
            for (k, (pos, cell)) in cs.iter().enumerate().skip(1) {
                let Some((h, hn)) = arm_cols.get(k - 1) else {
                    continue;
                };
                let (family, g3, label, n) = if grade_columns {
                    let g3 = h.contains('3');
                    match ep {
                        Some((f, eg3)) => (f, g3 || eg3, "All patients".to_owned(), None),
                        None => (Family::Ae("AE"), g3, "All patients".to_owned(), None),
                    }
                } else {
                    match ep {
                        Some((f, g3)) => (
                            f,
                            g3,
                            h.clone(),
                            hn.or(row_ns.get(k - 1).copied().flatten()),
                        ),
                        None if ae_table => (
                            Family::Ae("AE"),
                            false,
                            h.clone(),
                            hn.or(row_ns.get(k - 1).copied().flatten()),
                        ),
                        None => continue,
                    }
                };
                let Some((v, ci)) = cell_value(cell, family) else {
                    continue;
                };
                let code = if ep.is_none() {
                    let term = first.to_lowercase();
                    if g3 {
                        format!("AE:{term}:G3")
                    } else {
                        format!("AE:{term}")
                    }
                } else {
                    let Some(code) = resolve(family, g3, &v, cell, &[]) else {
                        continue;
                    };
                    code
                };
                put(ctx, trial, &label, n, code, v, ci, row, *pos);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Trial description and registry outcome measures.

static PHASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)phase\s*(?P<a>I{1,3}V?|[1-4])(?P<a2>[ab])?(?:\s*/\s*(?P<b>I{1,3}|[1-4])(?P<b2>[ab])?)?(?-u:\b)").expect("valid")
});

fn roman(s: &str) -> String {
    match s.to_uppercase().as_str() {
        "I" => "1".into(),
        "II" => "2".into(),
        "III" => "3".into(),
        "IV" => "4".into(),
        other => other.to_owned(),
    }
}

fn phase_of(c: &Captures) -> Option<String> {
    let a = roman(c.name("a")?.as_str());
    let a2 = c
        .name("a2")
        .map(|m| m.as_str().to_lowercase())
        .unwrap_or_default();
    let mut s = format!("Phase {a}{a2}");
    if let Some(b) = c.name("b") {
        let b2 = c
            .name("b2")
            .map(|m| m.as_str().to_lowercase())
            .unwrap_or_default();
        s.push_str(&format!("/{}{b2}", roman(b.as_str())));
    }
    Some(s)
}

const DESIGN_WORDS: &[&str] = &[
    "open-label",
    "double-blind",
    "single-blind",
    "randomized",
    "randomised",
    "non-randomized",
    "placebo-controlled",
    "single-arm",
    "multicenter",
    "multicentre",
    "multi-center",
    "dose escalation",
    "dose-escalation",
    "dose expansion",
    "dose-expansion",
    "dose optimization",
    "dose-optimization",
    "accelerated titration",
    "\"3+3\"",
    "3+3",
    "head-to-head",
    "first-in-human",
    "proof-of-concept",
    "PoC",
    "basket",
    "umbrella",
    "adaptive",
    "seamless",
];

const COUNTRIES: &[&str] = &[
    "China",
    "United States",
    "U.S.",
    "USA",
    "Australia",
    "Japan",
    "South Korea",
    "Korea",
    "Taiwan",
    "Hong Kong",
    "Singapore",
    "Canada",
    "United Kingdom",
    "UK",
    "Germany",
    "France",
    "Spain",
    "Italy",
    "Europe",
    "Brazil",
    "India",
    "Israel",
    "Poland",
    "Russia",
    "Turkey",
    "Thailand",
    "Vietnam",
    "Malaysia",
];

fn describe_trial(ctx: &mut Ctx, t: &mut Trial, _defs: &[ArmDef]) {
    let text = ctx.text().to_owned();
    let units = ctx.units.clone();
    let study_units: Vec<&Unit> = units
        .iter()
        .filter(|u| {
            let l = ctx.unit_text(u).to_lowercase();
            u.kind != UnitKind::ListItem
                && (l.contains("this study")
                    || ((l.contains(" study") || l.contains(" trial"))
                        && (l.contains("open-label")
                            || l.contains("randomi")
                            || l.contains("multicent")
                            || l.contains("single-arm")
                            || l.contains("conducted")
                            || l.contains("phase")))
                    || l.contains("this phase")
                    || l.contains("the study")
                    || l.contains("enrolled")
                    || l.contains("this trial")
                    || l.contains("study design")
                    || l.contains("is a phase")
                    || l.contains("data cutoff")
                    || l.contains("designed to"))
                && !l.starts_with("about ")
        })
        .collect();
    for u in &study_units {
        let ut = ctx.unit_text(u);
        if t.phase.is_none() {
            if let Some(p) = PHASE_RE.captures(ut).and_then(|c| phase_of(&c)) {
                t.phase = Some(p);
            }
        }
    }
    if t.phase.is_none() {
        t.phase = PHASE_RE.captures(&text).and_then(|c| phase_of(&c));
    }
    let lower_all = text.to_lowercase();
    let mut design: Vec<String> = Vec::new();
    for u in &study_units {
        let l = ctx.unit_text(u).to_lowercase();
        for w in DESIGN_WORDS {
            let wl = w.to_lowercase().replace('"', "");
            let canonical = w
                .replace('"', "")
                .replace("dose-", "dose ")
                .replace("randomised", "randomized")
                .replace("multicentre", "multicenter")
                .replace("multi-center", "multicenter");
            // Whole words only: "non-randomized" is not "randomized".
            let found = l.match_indices(&wl).any(|(i, _)| {
                let before = l[..i].chars().next_back();
                let after = l[i + wl.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
                    && !after.is_some_and(|c| c.is_alphanumeric())
            });
            if found && !design.contains(&canonical) {
                design.push(canonical);
            }
        }
    }
    if !design.is_empty() {
        t.design = Some(design.join(", "));
    }
    let setting = [
        ("first-line", "first-line"),
        ("1l ", "first-line"),
        ("previously untreated", "first-line"),
        ("treatment-naive", "first-line"),
        ("second-line", "second-line"),
        ("later-line", "later-line"),
        ("previously treated", "previously treated"),
        ("immunotherapy-resistant", "immunotherapy-resistant"),
        ("adjuvant", "adjuvant"),
        ("neoadjuvant", "neoadjuvant"),
        ("maintenance", "maintenance"),
    ];
    for u in &study_units {
        let l = ctx.unit_text(u).to_lowercase();
        if let Some((_, s)) = setting.iter().find(|(w, _)| l.contains(w)) {
            t.setting = Some((*s).to_owned());
            break;
        }
    }
    static POP_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)patients\s+with\s+(?P<pop>(?:[^.;]|\.\d){5,160}?)(?:\s+were\s+enrolled|\s+(?:who|were|are|will)(?-u:\b)|[.;](?:\s|$)|,\s+(?:to|and)\s|$)").expect("valid")
    });
    for u in &study_units {
        if let Some(m) = POP_RE
            .captures(ctx.unit_text(u))
            .and_then(|c| c.name("pop"))
        {
            t.population = Some(m.as_str().trim().to_owned());
            break;
        }
    }
    for u in &study_units {
        let ut = ctx.unit_text(u);
        let l = ut.to_lowercase();
        if !(l.contains("conducted")
            || l.contains("sites")
            || l.contains("centers")
            || l.contains("centres")
            || l.contains("enrolled"))
        {
            continue;
        }
        for c in COUNTRIES {
            if ut.contains(&format!("in {c}"))
                || ut.contains(&format!("the {c}"))
                || ut.contains(&format!(", {c}"))
                || ut.contains(&format!("and {c}"))
            {
                let name = match *c {
                    "U.S." | "USA" => "United States",
                    "UK" => "United Kingdom",
                    other => other,
                };
                if !t.countries.iter().any(|x| x == name) {
                    t.countries.push(name.to_owned());
                }
            }
        }
    }
    static ENROLL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:a\s+total\s+of\s+(?P<a>\d{1,5})\s+(?:patients|subjects|participants)|(?P<b>\d{1,5})\s+(?:patients|subjects|participants)\s+(?:had\s+been|have\s+been|were|was)\s+(?:enrolled|treated|dosed|randomi[sz]ed)|enrolled\s+(?P<c>\d{1,5})\s+(?:patients|subjects|participants)|enrollment\s*[:=]?\s*(?P<d>\d{1,5})(?-u:\b))").expect("valid")
    });
    static CUTOFF_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:data\s+cut-?off|cut-?off\s+date|as\s+of)(?-u:\b)")
            .expect("valid")
    });
    static FOLLOW_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)median\s+(?:duration\s+of\s+)?follow-?up(?:\s+(?:time|duration|period))?\s*(?:was|of|:|,|=)?\s*(?P<v>\d+(?:\.\d+)?)\s*(?P<u>months?|weeks?|years?)").expect("valid")
    });
    for u in &units {
        if u.kind == UnitKind::ListItem {
            continue;
        }
        let ut = ctx.unit_text(u).to_owned();
        if t.enrollment.is_none() {
            if let Some(c) = ENROLL_RE.captures(&ut) {
                if let Some(m) = c.name("a").or(c.name("b")).or(c.name("c")).or(c.name("d")) {
                    t.enrollment = m.as_str().parse().ok();
                    ctx.mark_used(u.start + m.start(), u.start + m.end());
                    let ev = ctx.unit_evidence(u);
                    if !t.evidence.contains(&ev) {
                        t.evidence.push(ev);
                    }
                }
            }
        }
        if t.data_cutoff.is_none() && CUTOFF_RE.is_match(&ut) {
            if let Some(m) = CUTOFF_RE.find(&ut) {
                let d = ctx
                    .dates
                    .iter()
                    .find(|d| d.start >= u.start + m.start() && d.start <= u.start + m.end() + 30)
                    .map(|d| d.value.clone());
                t.data_cutoff = d;
            }
        }
        if t.median_follow_up.is_none() {
            if let Some(c) = FOLLOW_RE.captures(&ut) {
                if let (Some(v), Some(un)) = (c.name("v"), c.name("u")) {
                    let unit = if un.as_str().ends_with('s') {
                        un.as_str().to_owned()
                    } else {
                        format!("{}s", un.as_str())
                    };
                    t.median_follow_up = Some(format!("{} {unit}", v.as_str()));
                    ctx.mark_used(u.start + v.start(), u.start + v.end());
                }
            }
        }
    }
    for m in REGISTRY_RE.find_iter(&text) {
        // "(SKYLINE-3, NCT06677889)": an id right after another trial's name is that trial's.
        let head = text
            .get(m.start().saturating_sub(30)..m.start())
            .unwrap_or("");
        let other = TRIAL_NAME_RE
            .captures_iter(head)
            .filter_map(|c| trial_name(&c, head))
            .last()
            .is_some_and(|n| t.name.as_deref() != Some(n.as_str()));
        let id = m.as_str().to_owned();
        if !other && !t.registry_ids.contains(&id) {
            t.registry_ids.push(id);
        }
    }
    // Registry records: the first line is the trial's title.
    let registry = !lower_all.is_empty()
        && (text.contains("DRUG:")
            || text.contains("BIOLOGICAL:")
            || units.iter().any(|u| u.kind == UnitKind::ListItem));
    if registry && t.name.is_none() {
        t.name = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| {
                ["Official Title:", "Brief Title:", "Study Title:", "Title:"]
                    .iter()
                    .find_map(|p| l.strip_prefix(p))
                    .unwrap_or(l)
                    .trim()
            })
            .map(|l| l.chars().take(200).collect());
        if let Some(u) = units.first() {
            let ev = ctx.unit_evidence(u);
            t.evidence.push(ev);
        }
    }
}

/// Outcome measures listed under "Primary Outcome Measures:" / "Secondary Outcome Measures:"
/// labels, one per line, with an optional "[Time Frame: …]".
fn labelled_outcome_measures(ctx: &mut Ctx, t: &mut Trial) {
    static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?P<kind>primary|secondary)\s+(?:outcome|end\s*point)(?:\s+measures?)?s?\s*:?\s*(?P<rest>.*)$").expect("valid")
    });
    static ITEM_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:\d{1,2}[.)]\s*|[-*•]\s*)?(?P<title>[^\[]+?)\s*(?:\[\s*Time\s*Frame\s*:\s*(?P<tf>[^\]]+)\])?\s*$").expect("valid")
    });
    let text = ctx.text().to_owned();
    let mut kind: Option<String> = None;
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        if let Some(c) = LABEL_RE.captures(line) {
            kind = c.name("kind").map(|k| k.as_str().to_lowercase());
            let rest = c.name("rest").map(|r| r.as_str().trim()).unwrap_or("");
            if rest.is_empty() || rest.contains('|') {
                continue;
            }
        }
        let Some(k) = kind.clone() else { continue };
        let trimmed = line.trim();
        // A blank line or another "Label:" ends the list.
        if trimmed.is_empty()
            || (trimmed.ends_with(':') && !LABEL_RE.is_match(line))
            || (trimmed.contains(": ")
                && !trimmed.contains("[")
                && trimmed.len() < 40
                && !LABEL_RE.is_match(line))
        {
            kind = None;
            continue;
        }
        let body = LABEL_RE
            .captures(line)
            .and_then(|c| c.name("rest"))
            .map(|r| r.as_str())
            .unwrap_or(line);
        let Some(c) = ITEM_RE.captures(body) else {
            continue;
        };
        let Some(title) = c.name("title") else {
            continue;
        };
        let measure = OutcomeMeasure {
            kind: k,
            title: title.as_str().trim().to_owned(),
            description: None,
            time_frame: c.name("tf").map(|m| m.as_str().trim().to_owned()),
        };
        if !t.outcome_measures.contains(&measure) {
            t.outcome_measures.push(measure);
            ctx.mark_used(start, start + line.len());
            if t.evidence.len() < 4 {
                let ev = ctx.evidence(
                    start + (line.len() - line.trim_start().len()),
                    start + line.trim_end().len(),
                );
                t.evidence.push(ev);
            }
        }
    }
}

fn outcome_measures(ctx: &mut Ctx, t: &mut Trial) {
    labelled_outcome_measures(ctx, t);
    let units: Vec<Unit> = ctx
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::ListItem)
        .cloned()
        .collect();
    let mut lines: Vec<usize> = units.iter().map(|u| u.line).collect();
    lines.dedup();
    for u in &units {
        let kind = if Some(&u.line) == lines.first() {
            "primary"
        } else {
            "secondary"
        };
        let item = ctx.unit_text(u).to_owned();
        let parts: Vec<&str> = item.split(", ").collect();
        let Some(title) = parts.first() else { continue };
        let time_words = [
            "day", "week", "month", "year", "baseline", "cycle", "up to", "visit", "through",
            "after", "hour", "until",
        ];
        let (time_frame, desc_parts) = match parts.split_last() {
            Some((last, rest))
                if !rest.is_empty()
                    && time_words.iter().any(|w| last.to_lowercase().contains(w)) =>
            {
                // The time frame may itself hold commas ("Day1, 2, 3 … of each cycle"): take
                // every trailing part from the first that starts like a time frame.
                let start = parts.iter().enumerate().skip(1).find(|(_, p)| {
                    let l = p.to_lowercase();
                    time_words.iter().any(|w| l.starts_with(w)) || l.starts_with("day")
                });
                match start {
                    Some((i, _)) => (Some(parts[i..].join(", ")), parts[1..i].to_vec()),
                    None => (Some((*last).to_owned()), rest[1..].to_vec()),
                }
            }
            _ => (None, parts.get(1..).map(|p| p.to_vec()).unwrap_or_default()),
        };
        let description = if desc_parts.is_empty() {
            None
        } else {
            Some(desc_parts.join(", "))
        };
        t.outcome_measures.push(OutcomeMeasure {
            kind: kind.to_owned(),
            title: title.trim().to_owned(),
            description,
            time_frame,
        });
        // The numbers of an outcome measure are used by it.
        ctx.mark_used(u.start, u.end);
        if t.evidence.len() < 4 {
            let ev = ctx.unit_evidence(u);
            t.evidence.push(ev);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Provenance and derived figures.

fn finish_trial(ctx: &mut Ctx, b: TrialB) -> Trial {
    let mut t = b.trial;
    for mut a in b.arms {
        // An arm that nothing was said about (no result, size or regimen) is no arm.
        if a.results.is_empty() && a.n.is_none() && a.regimen.is_none() {
            continue;
        }
        // A pool of all patients is the whole enrolled population unless stated otherwise.
        if a.pooled && a.n.is_none() {
            a.n = t.enrollment;
        }
        let id = format!(
            "{}/{}",
            t.id,
            if a.key == "all" {
                "all-patients".to_owned()
            } else {
                slug(&a.label)
            }
        );
        let mut results = Vec::new();
        for mut r in a.results {
            let Some(ev) = r.evidence.first() else {
                continue;
            };
            let mut ok = r.value.is_none_or(|v| number_in_quote(v, &ev.quote));
            for bound in [r.ci_low, r.ci_high].into_iter().flatten() {
                ok &= number_in_quote(bound, &ev.quote);
            }
            if !ok {
                let pos = ctx.text().find(ev.quote.as_str());
                ctx.warn(
                    pos,
                    format!(
                        "dropped {} {:?}: its number is not in its quote",
                        r.endpoint, r.value
                    ),
                );
                continue;
            }
            // The result's own n is kept only where it differs from the arm's.
            if r.subgroup.is_none() && r.n.is_some() && r.n == a.n {
                r.n = None;
            }
            derive(&mut r, a.n, b.cited);
            results.push(r);
        }
        t.arms.push(Arm {
            id,
            label: a.label,
            regimen: a.regimen,
            n: a.n,
            evidence: a.evidence,
            results,
        });
    }
    t
}

/// Responders and the exact interval where the rate's own n is known; flags where a reported
/// figure disagrees with its own n.
fn derive(r: &mut ArmResult, arm_n: Option<u32>, cited: bool) {
    let (Some(v), Some("%")) = (r.value, r.unit.as_deref()) else {
        return;
    };
    if r.qualifier.is_some() || cited && r.n.is_none() {
        return;
    }
    // Kaplan-Meier rates (PFS/OS at a time point) are estimates, not counts of patients.
    if r.endpoint.ends_with("_RATE") {
        return;
    }
    let decimals = r
        .evidence
        .first()
        .and_then(|e| {
            crate::text::numbers(&e.quote)
                .into_iter()
                .find(|n| (n.value - v).abs() < 1e-9)
                .and_then(|n| {
                    e.quote
                        .get(n.start..n.end)
                        .map(|s| s.split_once('.').map(|(_, d)| d.len() as u32).unwrap_or(0))
                })
        })
        .unwrap_or(1);
    let (n, own) = match (r.n, arm_n) {
        (Some(n), _) => (n, true),
        (None, Some(n)) if r.subgroup.is_none() => (n, false),
        _ => return,
    };
    match atlas_stats::derive_rate(v, n, decimals) {
        Some((from, lo, hi)) => {
            if let (Some(rl), Some(rh)) = (r.ci_low, r.ci_high) {
                if !atlas_stats::ci_agrees(from.k, from.n, rl, rh, decimals) {
                    r.flags.push(format!("reported 95% CI {rl}-{rh} differs from the exact interval {lo}-{hi} of {}/{}", from.k, from.n));
                }
                r.derived_from = Some(from);
            } else {
                r.ci_low = Some(lo);
                r.ci_high = Some(hi);
                r.ci_source = Some("derived".to_owned());
                r.derived_from = Some(DerivedFrom {
                    k: from.k,
                    n: from.n,
                });
            }
        }
        None if own => r
            .flags
            .push(format!("reported {v}% is no whole number of its own n={n}")),
        None => r.flags.push(format!(
            "population unknown: {v}% is no whole number of the arm's {n} patients"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results_of(text: &str) -> Vec<(String, String, Option<f64>, Option<String>)> {
        let mut ctx = Ctx::new("d", "d.txt", text);
        let trials = extract_trials(&mut ctx, &[]);
        trials
            .iter()
            .flat_map(|t| {
                t.arms.iter().flat_map(move |a| {
                    a.results.iter().map(move |r| {
                        (
                            a.label.clone(),
                            r.endpoint.clone(),
                            r.value,
                            r.subgroup.clone(),
                        )
                    })
                })
            })
            .collect()
    }

    fn check(text: &str, expected: &[(&str, &str, f64, Option<&str>)]) {
        let got = results_of(text);
        let want: Vec<(String, String, Option<f64>, Option<String>)> = expected
            .iter()
            .map(|(a, e, v, s)| {
                (
                    (*a).to_owned(),
                    (*e).to_owned(),
                    Some(*v),
                    s.map(str::to_owned),
                )
            })
            .collect();
        assert_eq!(got, want, "{text}");
    }

    #[test]
    fn prose_results_take_endpoint_arm_and_subgroup() {
        check(
            "The 2 mg/kg dose group (n=20) showed an ORR of 45.0% and a DCR of 85.0%.",
            &[
                ("2 mg/kg", "ORR", 45.0, None),
                ("2 mg/kg", "DCR", 85.0, None),
            ],
        );
        check(
            "For the 1 mg/kg (N = 10) and 2 mg/kg cohorts (N = 12), ORR was 40.0% (cORR: 30.0%) and 50.0% (cORR: 41.7%), respectively.",
            &[("1 mg/kg", "ORR", 40.0, None), ("1 mg/kg", "cORR", 30.0, None), ("2 mg/kg", "ORR", 50.0, None), ("2 mg/kg", "cORR", 41.7, None)],
        );
        check(
            "Grade ≥3 TRAEs occurred in 12.5% of patients.",
            &[("All patients", "TRAE_G3", 12.5, None)],
        );
        check("The most common TEAEs were nausea (any grade: 30.0%; grade ≥3: 5.0%) and rash (20.0%; 2.5%).", &[
            ("All patients", "AE:nausea", 30.0, None),
            ("All patients", "AE:nausea:G3", 5.0, None),
            ("All patients", "AE:rash", 20.0, None),
            ("All patients", "AE:rash:G3", 2.5, None),
        ]);
        check(
            "Median PFS was 7.4 months (95% CI: 5.5-9.2) and the HR for PFS was 0.62.",
            &[
                ("All patients", "mPFS", 7.4, None),
                ("All patients", "HR_PFS", 0.62, None),
            ],
        );
        check(
            "ORR and DCR were 36.4% and 81.8%, respectively.",
            &[
                ("All patients", "ORR", 36.4, None),
                ("All patients", "DCR", 81.8, None),
            ],
        );
    }

    #[test]
    fn disease_background_is_no_result() {
        // Epidemiology in an "About <disease>" section or a prevalence sentence names no arm.
        check(
            "About Gastric Cancer\nThe 5-year overall survival rate is 30.0% in advanced disease.",
            &[],
        );
        check("Gastric cancer is the fifth most common cancer worldwide, with an overall survival rate of 30.0%.", &[]);
        check(
            "About the study\nIn the study, the ORR was 30.0%.",
            &[("All patients", "ORR", 30.0, None)],
        );
    }

    #[test]
    fn masked_numbers_are_never_values() {
        // The 95 of "95% CI", biomarker cut-offs and doses are not results.
        check(
            "In patients with PD-L1 TPS ≥50%, the ORR was 60.0% (95% CI: 40.6-77.3).",
            &[("All patients", "ORR", 60.0, Some("PD-L1 TPS ≥50%"))],
        );
        check(
            "Baseline: 88.8% were male and 66.3% had squamous histology.",
            &[],
        );
    }

    #[test]
    fn cited_trials_keep_their_own_arm() {
        let got = results_of("In the Keynote-407 study, in patients treated with pembrolizumab plus chemotherapy, the ORRs were 54.5% and 67.4% for the PD-L1 1-49% and PD-L1 <1% subgroups, respectively.");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].3.as_deref(), Some("PD-L1 1-49%"));
        assert_eq!(got[1].3.as_deref(), Some("PD-L1 <1%"));
    }

    #[test]
    fn corr_interval_is_exactly_18_of_22() {
        let mut ctx = Ctx::new("d", "d.txt", "The 3 mg/kg dose group (n=22) showed ORR of 86.4% and confirmed ORR (cORR) of 81.8% (95% CI: 59.7-94.8).");
        let t = extract_trials(&mut ctx, &[]);
        let r = &t[0].arms[0].results;
        assert_eq!(r[1].endpoint, "cORR");
        assert_eq!(r[1].derived_from, Some(DerivedFrom { k: 18, n: 22 }));
        assert!(r[1].flags.is_empty(), "{:?}", r[1].flags);
        assert_eq!(
            (r[1].ci_low, r[1].ci_high, r[1].ci_source.as_deref()),
            (Some(59.7), Some(94.8), Some("reported"))
        );
        // ORR 86.4% of 22 is 19 responders: a derived interval, labelled as such.
        assert_eq!(r[0].derived_from, Some(DerivedFrom { k: 19, n: 22 }));
        assert_eq!(r[0].ci_source.as_deref(), Some("derived"));
    }

    #[test]
    fn tables_read_rows_and_columns() {
        let text = "| Endpoint | Arm A (n=20) | Arm B (n=25) |\n|---|---|---|\n| ORR | 40.0% | 52.0% (31.3-72.2) |\n| mPFS, months | 5.6 | NR |\n";
        let got = results_of(text);
        assert_eq!(got[0], ("Arm A".into(), "ORR".into(), Some(40.0), None));
        assert_eq!(got[1], ("Arm A".into(), "mPFS".into(), Some(5.6), None));
        assert_eq!(got[2], ("Arm B".into(), "ORR".into(), Some(52.0), None));
    }
}
