//! What the text says about one drug: modality, targets, mechanism, claims, companies.

use std::sync::LazyLock;

use regex::Regex;

use crate::doc::Ctx;
use crate::text::{Unit, UnitKind};

use super::companies::Companies;
use super::roles::{announcers, tie_companies, UnitView, ANAPHOR_ANY_RE, ANAPHOR_START_RE};
use super::targets::definitional_target_spans;
use super::{push_company, DocAsset};

/// Modality phrases, most specific first, with their vocabulary term.
pub(super) static MODALITY_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?P<bsadc>bispecific\s+(?:antibody[-\s]drug\s+conjugates?|ADCs?))
      | (?P<bsfp>bispecific\s+(?:antibody\s+)?fusion\s+proteins?)
      | (?P<tstce>tri-?specific\s+T[-\s]cell\s+engagers?)
      | (?P<tsab>tri-?specific\s+antibod(?:y|ies)|(?-u:\b)tri-?specifics?(?-u:\b))
      | (?P<bstce>bispecific\s+T[-\s]cell\s+engagers?)
      | (?P<bsab>bi-?specific\s+(?:monoclonal\s+)?antibod(?:y|ies)|(?-u:\b)bsAb(?-u:\b)|(?-u:\b)bi-?specifics?(?-u:\b))
      | (?P<adc>antibody[-\s]drug\s+conjugates?|(?-u:\b)ADCs?(?-u:\b))
      | (?P<mab>monoclonal\s+antibod(?:y|ies)|(?-u:\b)mAbs?(?-u:\b))
      | (?P<fp>fusion\s+proteins?)
      | (?P<smag>small[-\s]molecule\s+(?:[\w-]+\s+){0,3}agonists?(?-u:\b))
      | (?P<sm>small[-\s]molecule|(?-u:\b)(?:kinase|tyrosine\s+kinase)\s+inhibitors?(?-u:\b)|(?-u:\b)oral\s+(?:[\w-]+\s+){0,2}inhibitor(?-u:\b))
      | (?P<cell>CAR[-\s]?T(?-u:\b)|cell\s+therapy)
      | (?P<rlt>radioligand|radiopharmaceutical|radioconjugate)
      | (?P<sirna>(?-u:\b)siRNA(?-u:\b)|RNAi\s+therapeutic)
      | (?P<aso>antisense\s+oligonucleotides?|(?-u:\b)ASOs?(?-u:\b))
      | (?P<gene>gene\s+therap(?:y|ies)|gene\s+editing\s+therap(?:y|ies))
      | (?P<mrna>mRNA\s+(?:therap(?:y|ies|eutics?)|medicines?|vaccines?))
      | (?P<peptide>(?-u:\b)(?:macrocyclic\s+|cyclic\s+)?peptides?(?-u:\b))
      | (?P<vaccine>(?-u:\b)vaccines?(?-u:\b))
      | (?P<degrader>(?-u:\b)degraders?(?-u:\b)|(?-u:\b)PROTAC(?-u:\b))
      | (?P<tce>T[-\s]cell\s+engagers?)
      | (?P<ab>(?-u:\b)antibod(?:y|ies)(?-u:\b))
      | (?P<agonist>(?-u:\b)agonists?(?-u:\b))
      | (?P<inhibitor>(?-u:\b)inhibitors?(?-u:\b))",
    )
    .expect("valid modality regex")
});

/// The modality "<target> inhibitor" implies: a small molecule, unless an INN stem or a
/// stated modality says otherwise (an antibody can be a "PD-1 inhibitor" too), which is why it
/// ranks below every stated modality.
const INHIBITOR: &str = "inhibitor";

pub(super) fn modality_term(c: &regex::Captures) -> Option<&'static str> {
    const NAMES: &[(&str, &str)] = &[
        ("bsadc", "bispecific ADC"),
        ("bsfp", "bispecific fusion protein"),
        ("tstce", "trispecific T-cell engager"),
        ("tsab", "trispecific antibody"),
        ("bstce", "bispecific T-cell engager"),
        ("bsab", "bispecific antibody"),
        ("adc", "ADC"),
        ("mab", "monoclonal antibody"),
        ("fp", "fusion protein"),
        ("smag", "small molecule agonist"),
        ("sm", "small molecule"),
        ("cell", "cell therapy"),
        ("rlt", "radioligand"),
        ("sirna", "siRNA"),
        ("aso", "antisense oligonucleotide"),
        ("gene", "gene therapy"),
        ("mrna", "mRNA therapy"),
        ("peptide", "peptide"),
        ("vaccine", "vaccine"),
        ("degrader", "degrader"),
        ("tce", "T-cell engager"),
        ("ab", "antibody"),
        ("agonist", "agonist"),
        ("inhibitor", INHIBITOR),
    ];
    NAMES
        .iter()
        .find(|(g, _)| c.name(g).is_some())
        .map(|(_, n)| *n)
}

/// Modality from an INN's stem when the text says nothing better.
pub(super) fn modality_from_inn(name: &str) -> Option<&'static str> {
    let n = name.to_lowercase();
    if n.contains(' ') && (n.ends_with("tecan") || n.ends_with("dotin") || n.ends_with("tansine")) {
        Some("ADC")
    } else if n.ends_with("mab") {
        Some("monoclonal antibody")
    } else if n.ends_with("leucel") || (n.contains("gene ") && n.ends_with("cel")) {
        Some("cell therapy")
    } else if [
        "tinib",
        "ciclib",
        "parib",
        "rafenib",
        "nib",
        "rasib",
        "clax",
        "lisib",
        "degib",
        "zomib",
        "menib",
        "gliflozin",
        "gliptin",
        "delpar",
    ]
    .iter()
    .any(|s| n.ends_with(s))
    {
        Some("small molecule")
    } else if [
        "platin", "taxel", "rubicin", "trexed", "citabine", "mustine", "tecan",
    ]
    .iter()
    .any(|s| n.ends_with(s))
    {
        Some("chemotherapy")
    } else if n.ends_with("cept") {
        Some("fusion protein")
    } else if n.ends_with("siran") {
        Some("siRNA")
    } else if n.ends_with("rsen") {
        Some("antisense oligonucleotide")
    } else {
        None
    }
}

pub(super) static CLAIM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(first-in-class|best-in-class|world's\s+first|global\s+first)(?-u:\b)")
        .expect("valid")
});

pub(super) static MECHANISM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(functions?\s+by|works\s+by|acts\s+by|is\s+designed\s+to|by\s+(?:simultaneously\s+)?(?:both\s+)?(?:blocking|binding|targeting|inhibiting|activating|degrading))")
        .expect("valid")
});

pub(super) static TARGETING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        (?-u:\b)(?:simultaneously\s+|dual[-\s])?(?:targets?|targeting|directed\s+(?:against|at|to|toward))(?-u:\b)
      | (?-u:\b)anti-
      | (?-u:\b)(?:called|named)(?-u:\b)
      # what the molecule does to its target: binds it, blocks it, silences it
      | (?-u:\b)(?:binds?|blocks?|hits?|inhibits?|silenc(?:es|ing)|neutrali[sz](?:es|ing)|recogni[sz](?:es|ing)|degrades?|engages?)(?:\s+to)?(?-u:\b)
      # a molecule against, or a class member of, its target
      | (?-u:\b)(?:antibod(?:y|ies)|bispecifics?|ADCs?|conjugates?|engagers?|proteins?|nanobod(?:y|ies)|vaccines?)\s+against(?-u:\b)
      | (?-u:\b)(?:inhibitor|antagonist|agonist|blocker|degrader|modulator|activator)s?\s+of(?-u:\b)",
    )
    .expect("valid")
});

/// Prior or partner therapy named right before a target: "treated with a CDK4/6", "after
/// progression on an", "in combination with a PD-1". The target is another drug's.
const PRIOR_CUE: &str = r"(?i)(?-u:\b)(?:after|following|prior|previous(?:ly)?|treated\s+with|progress(?:ed|ion)\s+(?:on|after)|refractory\s+to|resistant\s+to|intolerant\s+to|failed|failure\s+of|naive\s+to|versus|vs\.?|compared\s+with|combination\s+with|plus)\s+(?:(?:a|an|the|one|two|prior|previous|standard)\s+)?";

pub(super) static PRIOR_THERAPY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("{PRIOR_CUE}$")).expect("valid"));

/// The same before a class word and up to six words of a list: "on a CDK4/6 inhibitor",
/// "after platinum chemotherapy and an anti-PD-1 antibody".
pub(super) static PRIOR_CLASS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"{PRIOR_CUE}(?:[\w/.()-]+\s+){{0,6}}(?:anti-)?$")).expect("valid")
});

/// Between a class and a drug of the list it heads: "candidates: A, B and ".
static CLASS_LIST_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s(?:candidates|assets|programs|programmes|molecules|drugs)?:\s(?:[A-Za-z0-9-]+(?:,\s|,?\sand\s))*$")
        .expect("valid")
});

/// Words that part a definition from a drug named after it.
static PARTING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:versus|vs|compared|than|or|and|with|plus|after|following|beats?|beating|tops|topped|outperform\w*|best(?:s|ed)|surpass\w*|over|against)(?-u:\b)")
        .expect("valid")
});

/// Words that set a drug against the one before it.
static COMPARED_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:versus|vs|compared|than|beats?|beating|tops|topped|outperform\w*|best(?:s|ed)|surpass\w*|over|against)(?-u:\b)")
        .expect("valid")
});

static BISPECIFIC_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)bi-?specific\s+antibod").expect("valid"));

/// Whether a target chain at `span` (unit-relative) belongs to this drug: in a sentence naming
/// several drugs ("our HIF-2α inhibitor A and our anti-TIGIT antibody B") a definition belongs
/// to the nearest drug name. `others` are every other drug's mentions (normalised offsets).
/// A name after the definition takes it only when nothing parts them ("the KRAS G12C inhibitor
/// X"): in "X (CODE), an oral KRAS G12C inhibitor, versus docetaxel" it is X's.
fn nearest_is_own(
    ut: &str,
    span: (usize, usize),
    names_here: &[(usize, usize)],
    unit_start: usize,
    others: &[(usize, usize)],
) -> bool {
    let dist = |(s, e): (usize, usize)| {
        if s >= span.1 {
            let gap = ut.get(span.1..s).unwrap_or(",");
            let parted = gap.contains([',', ';', ':', '(', ')']) || PARTING_RE.is_match(gap);
            s - span.1 + if parted { 1000 } else { 0 }
        } else {
            span.0.saturating_sub(e)
        }
    };
    let Some(own) = names_here.iter().map(|m| dist(*m)).min() else {
        // A sentence continuing the drug's ("The drug targets X") or its About section.
        return true;
    };
    // "Orca's TIGIT/PD-1 bispecific beats nivolumab": a definition set against the only names
    // after it describes another drug the sentence leaves unnamed.
    let set_against = names_here
        .iter()
        .all(|&(s, _)| s >= span.1 && ut.get(span.1..s).is_some_and(|g| COMPARED_RE.is_match(g)));
    if set_against {
        return false;
    }
    let from = unit_start + span.0.saturating_sub(200);
    let to = unit_start + span.1 + 200;
    !others
        .iter()
        .filter(|(s, e)| *s >= from && *e <= to)
        .any(|(s, e)| dist((s - unit_start, e - unit_start)) < own)
}

/// Sentences with their hard line wraps undone: a registry field or a wire story wrapped at 70
/// columns splits "volrustomig,\nan investigational PD-1/CTLA-4 bispecific antibody" into
/// units on two lines. A unit is joined to the one before when that one ends mid-sentence on
/// the previous line and this one starts in lower case, or the previous line is long and ends
/// on a word or comma (a wrap, not a heading).
pub(super) fn wrapped_sentences(ctx: &Ctx) -> Vec<Unit> {
    let text = ctx.text();
    let mut out: Vec<Unit> = Vec::with_capacity(ctx.units.len());
    // The line the last joined piece sits on.
    let mut last_line = usize::MAX;
    for u in &ctx.units {
        if let Some(prev) = out.last_mut() {
            let gap = text.get(prev.end..u.start).unwrap_or("x");
            let prev_text = text.get(prev.start..prev.end).unwrap_or("");
            let prev_line = prev_text.rsplit('\n').next().unwrap_or("");
            let cur_text = text.get(u.start..u.end).unwrap_or("");
            let one_wrap = gap.chars().filter(|c| *c == '\n').count() == 1
                && gap.trim().is_empty()
                && u.line == last_line.wrapping_add(1);
            let open_end = prev_text
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '(' | '-' | '/'));
            let lower_start = cur_text
                .chars()
                .next()
                .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
            let long_line = prev_line.len() >= 50;
            let sentences = prev.kind == UnitKind::Sentence && u.kind == UnitKind::Sentence;
            if sentences && one_wrap && open_end && (lower_start || long_line) {
                prev.end = u.end;
                last_line = u.line;
                continue;
            }
        }
        last_line = u.line;
        out.push(u.clone());
    }
    out
}

/// Gather modality, targets, mechanism, claims, companies and evidence from the units that
/// name the asset, or that follow an "About <asset>" heading.
pub(super) fn describe(
    ctx: &Ctx,
    a: &mut DocAsset,
    companies: &Companies,
    others: &[(usize, usize)],
) {
    let text = ctx.text();
    let lower_names: Vec<String> = a.names.iter().map(|n| n.to_lowercase()).collect();
    let mut about_line: Option<usize> = None;
    let mut best_modality: Option<(usize, &'static str)> = None;
    // "GLP-1 receptor agonist X … the small molecule": a class beside the molecule's kind.
    let mut agonist_near = false;
    let mut evidence_units: Vec<usize> = Vec::new();
    let mut mechanism_rank: Option<u8> = None;
    let mut prev_named = false;
    let units = wrapped_sentences(ctx);
    for (ui, u) in units.iter().enumerate() {
        let ut = ctx.unit_text(u);
        let names_here: Vec<(usize, usize)> = crate::doc::spans_within(&a.mentions, u.start, u.end)
            .map(|(s, e)| (s - u.start, e - u.start))
            .collect();
        let is_heading = ut.starts_with("About ")
            && lower_names
                .iter()
                .any(|n| ut.to_lowercase().contains(n.as_str()));
        if is_heading {
            about_line = Some(u.line);
        }
        let in_about = about_line.is_some_and(|l| u.line == l + 1 || (u.line == l && !is_heading));
        if evidence_units.len() < 2 && !names_here.is_empty() {
            evidence_units.push(ui);
        }
        // "The drug was licensed to X" continues the previous sentence's drug, and so does
        // "Kellion in-licensed the ADC from Y" when no other drug is named in between.
        let no_other = crate::doc::spans_within(others, u.start, u.end)
            .next()
            .is_none();
        let refers = prev_named
            && (ANAPHOR_START_RE.is_match(ut)
                || (names_here.is_empty() && no_other && ANAPHOR_ANY_RE.is_match(ut)));
        prev_named = !names_here.is_empty() || refers;
        if names_here.is_empty() && !in_about && !is_heading && !refers {
            continue;
        }
        // Companies tied to this drug.
        let view = UnitView {
            text: ut,
            start: u.start,
            names_here: &names_here,
        };
        tie_companies(&view, refers, a.comparator, companies, &mut a.companies);
        // Registry outcome lists describe measurements ("anti-drug antibodies"), not the drug.
        if u.kind == UnitKind::ListItem {
            continue;
        }
        // Modality: the phrase nearest a name; a definitional sentence wins by coming first.
        for (dist, term) in modality_mentions(ut, &names_here, u.start, others) {
            agonist_near |= term == "agonist" && dist <= 40;
            let better = match best_modality {
                None => true,
                Some((d, t)) => {
                    specificity(term) > specificity(t) && dist < 120 && d >= dist.saturating_sub(60)
                }
            };
            if better {
                best_modality = Some((dist, term));
            }
        }
        // Targets: a list right before a modality word, or after "targeting".
        let all_names: Vec<(usize, usize)> = names_here
            .iter()
            .copied()
            .chain(
                crate::doc::spans_within(others, u.start, u.end)
                    .map(|(s, e)| (s - u.start, e - u.start)),
            )
            .collect();
        for (t, span) in definitional_target_spans(ut, &all_names) {
            let own = nearest_is_own(ut, span, &names_here, u.start, others);
            if own && !a.targets.contains(&t) {
                a.targets.push(t);
            }
        }
        push_claims(ut, &names_here, is_heading || in_about, &mut a.claims);
        // Mechanism: the About section's description wins over a quote in a press statement.
        if MECHANISM_RE.is_match(ut)
            && ut.len() < 400
            && !ut.contains(" stated")
            && !ut.contains(" said")
        {
            let rank = if in_about || is_heading { 0 } else { 1 };
            if mechanism_rank.is_none_or(|r| rank < r) {
                a.mechanism = Some(ctx.unit_evidence(u).quote.trim().to_owned());
                mechanism_rank = Some(rank);
            }
        }
    }
    let stated = match best_modality.map(|(_, t)| t) {
        Some("small molecule") if agonist_near => Some("small molecule agonist"),
        other => other,
    };
    settle_modality(a, stated, text);
    for t in &mut a.targets {
        *t = crate::vocab::target_as_written(text, t);
    }
    // The announcing company develops the document's own drugs unless the text says otherwise.
    if !a.comparator && !a.companies.iter().any(|c| c.role == "developer") {
        let first = a.mentions.first().map_or(0, |m| m.0);
        for name in announcers(text, companies, first) {
            push_company(&mut a.companies, &name, "developer");
        }
    }
    a.companies.sort_by_key(|c| c.role != "developer");
    for ui in evidence_units {
        if let Some(u) = units.get(ui) {
            let ev = ctx.unit_evidence(u);
            if !a.evidence.contains(&ev) {
                a.evidence.push(ev);
            }
        }
    }
}

/// "first-in-class", "best-in-class": claims near a name, or anywhere in the drug's About
/// section (`about`).
fn push_claims(ut: &str, names_here: &[(usize, usize)], about: bool, claims: &mut Vec<String>) {
    for c in CLAIM_RE.captures_iter(ut) {
        let Some(m) = c.get(1) else { continue };
        let near = about || names_here.iter().any(|(s, _)| s.abs_diff(m.start()) < 150);
        let claim = m
            .as_str()
            .to_lowercase()
            .replace("global first", "first-in-class");
        if near && !claims.contains(&claim) {
            claims.push(claim);
        }
    }
}

/// Modality phrases of a unit that may describe this drug: (distance to its nearest name,
/// term). A phrase nearer another drug's name, far from this one's, or a plural generic
/// ("Unlike conventional ADCs") is left out.
fn modality_mentions(
    ut: &str,
    names_here: &[(usize, usize)],
    unit_start: usize,
    others: &[(usize, usize)],
) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    for c in MODALITY_RE.captures_iter(ut) {
        let (Some(m), Some(term)) = (c.get(0), modality_term(&c)) else {
            continue;
        };
        let dist = names_here
            .iter()
            .map(|(s, e)| {
                if m.start() >= *e {
                    m.start() - e
                } else {
                    s.saturating_sub(m.end())
                }
            })
            .min()
            .unwrap_or(200);
        let span = (m.start(), m.end());
        let before = ut.get(..m.start()).unwrap_or("").to_lowercase();
        // "… putting the small molecule in the same class": the sentence's only drug, taken
        // up again by its kind, however far from its name.
        let anaphor = before.ends_with("the ") && !names_here.is_empty() && {
            let (from, to) = (unit_start, unit_start + ut.len());
            !others.iter().any(|(s, e)| *s >= from && *e <= to)
        };
        let dist = if anaphor { dist.min(60) } else { dist };
        // "three ADC candidates: A, B and C": the class names every drug of the list.
        let listed = names_here.iter().any(|(s, _)| {
            *s >= m.end()
                && ut
                    .get(m.end()..*s)
                    .is_some_and(|g| CLASS_LIST_RE.is_match(g))
        });
        if !listed && (dist > 120 || !nearest_is_own(ut, span, names_here, unit_start, others)) {
            continue;
        }
        let generic = ["conventional ", "traditional ", "other ", "anti-drug "]
            .iter()
            .any(|w| before.ends_with(w))
            || PRIOR_CLASS_RE.is_match(&before);
        if !generic {
            out.push((dist, term));
        }
    }
    out
}

/// The modality the text states, else the INN stem's; an antibody against two targets in a
/// document that speaks of bispecific antibodies ("a pair of bispecific antibodies. X targets
/// A and B") is one.
fn settle_modality(a: &mut DocAsset, stated: Option<&'static str>, text: &str) {
    let from_inn = a.names.iter().find_map(|n| modality_from_inn(n));
    a.modality = match stated {
        // "<target> inhibitor" says small molecule only when no stem says otherwise.
        Some(INHIBITOR) => from_inn.or(Some("small molecule")),
        Some(term) => Some(term),
        None => from_inn,
    }
    .map(str::to_owned);
    let plain_antibody = matches!(a.modality.as_deref(), None | Some("antibody"));
    if plain_antibody && a.targets.len() == 2 && BISPECIFIC_RE.is_match(text) {
        a.modality = Some("bispecific antibody".to_owned());
    }
    // A CD3 bispecific the text calls by its other target's engager ("the DLL3 engager") is a
    // bispecific T-cell engager; a degrader the text names by its target ("BTK degrader") too.
    let cd3 = a.targets.iter().any(|t| t.eq_ignore_ascii_case("CD3"));
    let engager = cd3
        && a.targets.iter().any(|t| {
            !t.eq_ignore_ascii_case("CD3")
                && (text.contains(&format!("{t} engager"))
                    || text.contains(&format!("{t} T-cell engager")))
        });
    match a.modality.as_deref() {
        Some("bispecific antibody") if engager => {
            a.modality = Some("bispecific T-cell engager".to_owned());
        }
        Some("degrader") if a.targets.len() == 1 && names_degrader(text, &a.targets[0]) => {
            a.modality = Some(format!("{} degrader", a.targets[0]));
        }
        _ => {}
    }
}

/// "BTK degrader", "(BTK) degrader": the text names the degrader by its target.
fn names_degrader(text: &str, target: &str) -> bool {
    let lower = text.to_lowercase();
    let t = target.to_lowercase();
    lower.contains(&format!("{t} degrader")) || lower.contains(&format!("({t}) degrader"))
}

pub(super) fn specificity(term: &str) -> u8 {
    match term {
        "bispecific ADC"
        | "bispecific fusion protein"
        | "trispecific antibody"
        | "bispecific T-cell engager"
        | "trispecific T-cell engager"
        | "small molecule agonist" => 4,
        "bispecific antibody"
        | "ADC"
        | "monoclonal antibody"
        | "fusion protein"
        | "small molecule" => 3,
        // "a small-molecule PSMA ligand" that carries a radionuclide is a radioligand.
        "radioligand" => 4,
        "antibody" | "peptide" => 1,
        // A pharmacological class, not a kind of molecule: any molecule named beside it wins.
        "agonist" | INHIBITOR => 0,
        _ => 2,
    }
}
