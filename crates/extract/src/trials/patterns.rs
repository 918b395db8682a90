#![allow(unused_imports)]
use super::*;

/// The unit a figure may carry before the words that link it to an arm or to the next figure:
/// "5.9 days at 225 mg", "19.6 kg versus", "2.1 points with placebo".
pub(super) const VALUE_UNIT: &str = r"(?:%|months?|mo|points?|percentage\s+points|days?|weeks?|wks?|years?|yrs?|hours?|h|kg|lbs?|pounds|mg/dL|mmol/L|mmHg|mL|L|bleeds|attacks|episodes)";

/// Endpoint mentions. Abbreviations are case-sensitive, long forms are not.
pub(super) static ENDPOINT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<g3pre>(?i:grade\s*(?:≥|>=|>)\s*3|grade\s*3\s*(?:or|and)\s*(?:higher|above|greater|more|worse)|grade\s*3\s*(?:-|to|/)\s*[45]|≥\s*grade\s*3|grade\s*3\+|G\s*(?:≥|>=)\s*3|severe(?:,?\s+life-threatening)?(?:,?\s+(?:or\s+)?fatal)?)|≥\s*G3|G3\+?|G3-4)?\s*
        (?:
          (?P<ncnp>non-CR/non-PD)
        | (?P<diff>(?i:placebo[-\s](?:adjusted|corrected|subtracted)(?:\s+(?:mean\s+|LS\s+mean\s+)?(?:differences?|reductions?|changes?|weight\s+loss|effects?))?|(?:treatment|between[-\s]group|mean)\s+differences?|differences?\s+(?:versus|vs\.?|from|over|compared\s+(?:with|to))\s+placebo|rate\s+ratios?|risk\s+ratios?|relative\s+risk))
        | (?P<serious>(?i:serious\s+(?:treatment[-\s](?:emergent|related)\s+)?adverse\s+(?:events?|reactions?))|SAEs?)
        |
          (?P<aedisc>(?i:discontinu\w*\s+(?:\w+\s+){0,3}?(?:due\s+to|because\s+of|owing\s+to|caused\s+by)\s+(?:an?\s+)?adverse\s+events?)|(?i:discontinu\w*\s+(?:\w+\s+){0,3}?(?:due\s+to|because\s+of|owing\s+to|caused\s+by))\s+(?:AEs?|TEAEs?)(?-u:\b)|(?i:adverse\s+events?\s+(?:that\s+)?(?:led|leading|resulting)\s+(?:to|in)\s+(?:\w+\s+){0,2}?discontinu\w*))
        | (?P<disc>(?i:treatment[-\s]related\s+(?:treatment\s+)?discontinuations?)|(?i:(?:treatment\s+)?discontinu\w*\s+(?:\w+\s+){0,3}?(?:due\s+to|because\s+of|owing\s+to|caused\s+by|related\s+to)\s+(?:treatment[-\s]related\s+adverse\s+events?|adverse\s+events?))|(?i:(?:treatment\s+)?discontinu\w*\s+(?:\w+\s+){0,3}?(?:due\s+to|because\s+of|owing\s+to|caused\s+by|related\s+to))\s+(?:TRAEs?|AEs?|TEAEs?)|(?:(?i:treatment[-\s]related\s+adverse\s+(?:events?|reactions?))|TRAEs?)\s+(?i:(?:that\s+)?(?:led|leading|resulting)\s+(?:to|in)\s+(?:\w+\s+){0,2}?discontinu\w*))
        | (?P<trae>(?i:treatment[-\s]related\s+(?P<g3mid>severe(?:,?\s+life-threatening)?(?:,?\s+(?:or\s+)?fatal)?\s+)?adverse\s+(?:events?|reactions?))|TRAEs?)
        | (?P<teae>(?i:treatment[-\s]emergent\s+adverse\s+events?)|TEAEs?)
        | (?P<irae>(?i:immune[-\s](?:related|mediated)\s+(?:adverse\s+)?(?:events?|reactions?))|irAEs?|imAEs?)
        | (?P<dlt>(?i:dose[-\s]limiting\s+toxicit(?:y|ies))|DLTs?)
        | (?P<ae>(?i:adverse\s+events?)|AEs?)
        | (?P<corr>(?i:confirmed\s+(?:objective\s+|overall\s+)?response\s+rates?|confirmed\s+ORR)|cORR)
        | (?P<orr>(?i:(?:objective|overall)\s+response\s+rates?|objective\s+responses?|response\s+rates?)|ORRs?)
        | (?P<dcr>(?i:disease\s+control\s+rates?)|DCRs?)
        | (?P<cbr>(?i:clinical\s+benefit\s+rates?)|CBRs?)
        | (?P<cr>(?i:complete\s+(?:response|remission)s?(?:\s+rates?)?)|CRs?)
        | (?P<pr>(?i:partial\s+responses?(?:\s+rates?)?)|PRs?)
        | (?P<sd>(?i:stable\s+disease)|SD)
        | (?P<pd>(?i:progressive\s+disease|primary\s+progression)|PD)
        | (?P<mpfs>(?i:median\s+(?:progression[-\s]free\s+survival|PFS))|mPFS)
        | (?P<mos>(?i:median\s+(?:overall\s+survival|OS))|mOS)
        | (?P<mdor>(?i:median\s+(?:duration\s+of\s+(?:(?:complete\s+)?(?:response|remission)|CR[a-z]*(?:\s*/\s*CR[a-z]*)?)|DoR|DOR))|mDoR|mDOR)
        | (?P<pfs>(?i:progression[-\s]free\s+survival)|PFS)
        | (?P<os>(?i:overall\s+survival)|OS)
        | (?P<dor>(?i:duration\s+of\s+(?:response|remission))|DoR|DOR)
        | (?P<hr>(?i:hazard\s+ratio)|HR)
        | (?P<odds>(?i:odds\s+ratio))
        | (?P<scale>(?:[A-Z]{2,6}|[A-Z][a-z][A-Z]{2,4})(?:-|\s)?(?:20|50|70|75|90|100)(?-u:\b)|SRI-[4-8])
        )
        (?P<g3post>(?:\s+(?i:of\s+)?(?:grade\s*(?:≥|>=)\s*3|G3\+?))|\s*\((?i:grade\s*(?:≥|>=)\s*3|G3\+?|grade\s*3\s*(?:or|and)\s*(?:higher|above))\))?",
    )
    .expect("valid endpoint regex")
});

/// Endpoint families before units decide (PFS with months is mPFS, with % a PFS rate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Family {
    Rate(&'static str),
    Ae(&'static str),
    Median(&'static str),
    Pfs,
    Os,
    Hr,
    /// An odds ratio: compares arms, like a hazard ratio.
    Odds,
    /// A response threshold on a clinical scale (`EASI-75`, `PASI-90`): a rate named as written.
    Scale,
    /// A category that is read to keep lists aligned but never reported (`non-CR/non-PD`), or
    /// a figure that compares arms without being a ratio ("placebo-adjusted difference").
    Skip,
    /// An endpoint outside oncology named by the outcome vocabulary (`outcomes.rs`): the
    /// mention carries its label.
    Outcome(Outcome),
    /// Serious adverse events: outside the endpoint vocabulary results are reported in, so
    /// their figures stay unextracted numbers rather than facts under a guessed label.
    Serious,
}

pub(super) const GROUPS: &[(&str, Family)] = &[
    ("ncnp", Family::Skip),
    ("diff", Family::Skip),
    ("serious", Family::Serious),
    ("aedisc", Family::Rate(AE_DISC)),
    ("disc", Family::Rate("TRAE_DISC")),
    ("trae", Family::Ae("TRAE")),
    ("teae", Family::Ae("TEAE")),
    ("irae", Family::Ae("IRAE")),
    ("dlt", Family::Rate("DLT")),
    ("ae", Family::Ae("TEAE")),
    ("corr", Family::Rate("cORR")),
    ("orr", Family::Rate("ORR")),
    ("dcr", Family::Rate("DCR")),
    ("cbr", Family::Rate("CBR")),
    ("cr", Family::Rate("CR")),
    ("pr", Family::Rate("PR")),
    ("sd", Family::Rate("SD")),
    ("pd", Family::Rate("PD")),
    ("mpfs", Family::Median("mPFS")),
    ("mos", Family::Median("mOS")),
    ("mdor", Family::Median("mDoR")),
    ("pfs", Family::Pfs),
    ("os", Family::Os),
    ("dor", Family::Median("mDoR")),
    ("hr", Family::Hr),
    ("odds", Family::Odds),
    ("scale", Family::Scale),
];

#[derive(Clone, Debug)]
pub(super) struct EndpointMention {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) family: Family,
    pub(super) g3: bool,
    /// The innermost bracket pair enclosing the mention.
    pub(super) paren: Option<usize>,
    /// The clause the mention is in.
    pub(super) clause: usize,
    /// The label an outcome mention gives its values ("EASI change from baseline").
    pub(super) named: Option<String>,
}

/// Doses as written, including step-down chains ("3→1.5 mg/kg", "20 mg/kg Q3W").
pub(super) static DOSE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?-u:\b)(?P<dose>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*(?:→|->|to)\s*\d+(?:\.\d+)?)*\s*(?:mg/kg|mg/m2|mg/m²|μg/kg|µg/kg|ug/kg|mg|μg|µg|g)(?-u:\b)(?:\s+(?:Q\dW|QW|BID|QD|TID))?)")
        .expect("valid dose regex")
});

pub(super) static ARM_SUFFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:dose\s+|dosing\s+|treatment\s+)?(?:group|cohort|arm|level|regimen)s?(?-u:\b)",
    )
    .expect("valid")
});

pub(super) static N_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<open>\(\s*)?(?-u:\b)[nN]\s*=\s*(?P<n>\d{1,5})(?-u:\b)(?:\s*\))?")
        .expect("valid n regex")
});

pub(super) static NAMED_ARM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?-u:\b)(?P<label>(?:[Aa]rm|[Cc]ohort|[Gg]roup|[Pp]art|ARM|COHORT)\s+[A-Z0-9]{1,2}(?-u:\b)|(?i:monotherapy|combination(?:\s+therapy)?|placebo|control|chemotherapy)\s+(?:arm|group|cohort)s?(?-u:\b))")
        .expect("valid")
});

pub(super) static POOLED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:among|in|across|of)\s+(?:all\s+(?P<n>\d+\s+)?(?:treated\s+|enrolled\s+|evaluable\s+)?(?:patients|subjects|participants)|all\s+(?:dose\s+)?(?:groups|cohorts|arms|dose\s+levels)|the\s+overall\s+(?:population|cohort))|(?-u:\b)overall\s+population(?-u:\b)|(?-u:\b)all\s+patients(?-u:\b)")
        .expect("valid")
});

pub(super) static CI_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?:9[05]\s?%\s*(?:CI|(?i:confidence\s+interval))(?:\s*[\[(]CI[\])])?|(?-u:\b)CI)\s*[:,=]?\s*[\[(]?\s*(?P<lo>\d+(?:\.\d+)?|NR|NE|NA)\s*%?\s*(?:-|to|,)\s*(?P<hi>\d+(?:\.\d+)?|NR|NE|NA|not\s+estimable|not\s+reached|not\s+evaluable)\s*%?")
        .expect("valid CI regex")
});

pub(super) static P_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)p(?:[-\s]?values?)?\s*(?P<op>[<=≤>]|of)\s*(?P<p>0?\.\d+|1(?:\.0+)?)")
        .expect("valid")
});

/// Biomarker or histology expressions that define subgroups; their numbers are no values.
pub(super) static BIOMARKER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?-u:\b)(?:PD-L1|TPS|CPS|TC|IC|HER2|TMB|MSI)\s*(?:TPS|CPS|TC|IC)?\s*(?:[<>≤≥]=?\s*\d+(?:\.\d+)?\s*%?|\d+(?:\.\d+)?\s*%?\s*-\s*\d+(?:\.\d+)?\s*%?|\d+(?:\.\d+)?\s*%?\s*(?:or\s+(?:higher|more|above))?)")
        .expect("valid")
});

pub(super) static TIMEPOINT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?P<t>\d+(?:\.\d+)?)-(?:month|year|week)s?(?-u:\b)|(?-u:\b)at\s+(?P<t2>\d+(?:\.\d+)?)\s+(?P<u>months?|years?|weeks?)(?-u:\b)").expect("valid")
});

pub(super) static RANGE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\(?\s*range\s*[:,]?\s*\d+(?:\.\d+)?\s*(?:-|to)\s*\d+(?:\.\d+)?[^)]*\)?|(?-u:\b)IQR(?-u:\b)[^)]*",
    )
    .expect("valid")
});

pub(super) static VALUE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?P<qual>≤|≥|<|>|(?i:less\s+than|more\s+than|greater\s+than|over|up\s+to)\s)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>%|(?i:percent(?-u:\b)|months?(?-u:\b)|mos?(?-u:\b)|weeks?(?-u:\b)|wks?(?-u:\b)))?|(?-u:\b)(?P<nr>NR|NE|(?i:not\s+(?:yet\s+)?reached))(?-u:\b)")
        .expect("valid value regex")
});

/// An analysis population smaller than the arm: "among 48 efficacy-evaluable patients".
pub(super) static POPULATION_N_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:among|in|of)\s+(?:the\s+)?(?P<n>\d{1,5})\s+(?:efficacy[-\s]evaluable|response[-\s]evaluable|evaluable|safety[-\s]evaluable|treated|measurable[-\s]disease)\s+(?:patients|subjects|participants)")
        .expect("valid")
});

/// A subgroup with its own n: "in the subgroup of patients with high X expression (n=98)".
pub(super) static SUBGROUP_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:in|among)\s+(?:the\s+)?(?:(?:[\w-]+\s+){0,2}?(?P<word>subgroup|subset|subpopulation|cohort)\s+of\s+)?)?(?:\d+\s+)?(?:(?:[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*\s+)?\d+(?:\.\d+)?\s*(?:mg/kg|mg)\s+)?(?:patients|subjects|participants|pts)\s+with\s+(?P<label>[^,;()]{3,80}?)\s*\(\s*n\s*=\s*(?P<n>\d{1,5})\s*\)")
        .expect("valid")
});

/// What makes "patients with X" a subgroup rather than the study population.
pub(super) static SUBGROUP_QUALIFIER_RE: LazyLock<Regex> = LazyLock::new(|| {
    // The comparison signs stand outside the word boundary: an ASCII `\b` never falls
    // between a space and "≥".
    Regex::new(r"(?i)(?:(?-u:\b)(?:high|low|positive|negative|mutant|mutation|mutated|wild-type|squamous|non-squamous|expression|brain|liver|bone|metastas[ie]s|prior|asian|baseline|PD-L1|TPS|CPS|IHC|naive|naïve|pretreated|previously|refractory|or\s+(?:more|greater|higher|above)|at\s+least|above|below)|[≥≤<>])")
        .expect("valid")
});

/// The size of a study named in the sentence: "the phase 1 study (n=29)".
pub(super) static STUDY_N_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:study|trial|cohort|population|part)\s*\(\s*n\s*=\s*(?P<n>\d{1,5})\s*\)",
    )
    .expect("valid")
});

/// Responders over population right after a rate: "(17/56)", "(17 of 56)".
pub(super) static FRACTION_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*%?\s*[(\[]\s*(?P<k>\d{1,5})\s*(?:/|of)\s*(?P<n>\d{1,5})\s*[)\],;]")
        .expect("valid")
});

pub(super) static RESPECTIVE_LIST_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:for|in)\s+(?:the\s+|patients\s+with\s+)?(?P<list>[^;]+?)\s+(?:subgroups?|populations?|subsets?|patients|cohorts|groups|arms),?\s+respectively")
        .expect("valid")
});

pub(super) static TRIAL_NAME_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?P<name>[A-Z][A-Za-z]{3,}(?:-[A-Z][A-Za-z]+)?)[-\s](?P<num>\d{1,4}[A-Za-z]?)|(?P<name2>[A-Z][A-Za-z]{3,}-[A-Z][A-Za-z]+)(?P<num2>\d{1,3}[A-Za-z]?))(?-u:\b)")
        .expect("valid")
});

pub(super) static REGISTRY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:NCT\d{8}|ChiCTR\d{6,12}|CTR\d{8}|jRCT\d{7,10}|ISRCTN\d{8}|EudraCT\s?\d{4}-\d{6}-\d{2}|\d{4}-\d{6}-\d{2}-\d{2})(?-u:\b)").expect("valid")
});

pub(super) static TREATED_WITH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:treated\s+with|receiving|who\s+received|(?:trial|study)\s+of)\s+(?P<reg>[^,;.]{3,80})")
        .expect("valid")
});

pub(super) const NOT_TRIAL_WORDS: &[&str] = &[
    // "Anti-OX40L", "Anti-PD-1": what an antibody binds.
    "Anti",
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
