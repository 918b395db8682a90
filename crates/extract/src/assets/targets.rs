//! Targets a unit states as a drug's: vocabulary names and, in a definition's context, gene
//! symbols the vocabulary lacks ("targeting EGFR and HER3", "a KRAS G12D inhibitor").

use std::sync::LazyLock;

use regex::Regex;

use crate::vocab::target_mentions;

use super::describe::{MODALITY_RE, PRIOR_CLASS_RE, PRIOR_THERAPY_RE, TARGETING_RE};

/// "KRAS G12D inhibitor", "EGFR exon 20 insertion selective inhibitor": the drug's own
/// mechanism names the target within the next five words of its phrase. A plural ("after CDK4/6 inhibitors")
/// is a drug class, usually prior therapy, and a cue further on belongs to another phrase.
pub(super) fn inhibitor_follows(after: &str) -> bool {
    // "Smoothened (SMO) inhibitor": the bracket closing on the symbol is no phrase boundary.
    let after = after.strip_prefix(')').unwrap_or(after);
    let phrase = after.split([',', '.', ';', '(', ')']).next().unwrap_or("");
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .any(|w| w.eq_ignore_ascii_case("inhibitor") || w.eq_ignore_ascii_case("agonist"))
}

/// Gene symbols the vocabulary does not hold: capitals and digits with at most one hyphen
/// ("STEAP1", "KIF18A", "IL-23R", "NLRP3", "SMO"). Only a definition's context makes one a
/// target (see [`definitional_target_spans`]); the vocabulary's names are found first.
static SYMBOL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z][A-Z0-9]{1,7}(?:-[0-9]{1,3}[A-Z]?|-[A-Z]{1,3}[0-9]{0,2})?(?-u:\b)")
        .expect("valid")
});

/// Capitalised words shaped like gene symbols that name no target: kinds of molecule, agencies,
/// routes, trial and regulatory terms, roman numerals.
const NOT_SYMBOLS: &[&str] = &[
    "ADC", "ADCS", "TCE", "CAR", "DNA", "RNA", "ASO", "SIRNA", "MAB", "BITE", "FDA", "EMA", "NMPA",
    "PMDA", "CDE", "MHRA", "MHLW", "EC", "CHMP", "IND", "BLA", "NDA", "MAA", "USA", "US", "EU",
    "UK", "II", "III", "IV", "VI", "SC", "PO", "QD", "BID", "ORR", "OS", "PFS", "ITT", "CEO",
    "CMO", "PR", "TKI", "TKIS", "AI", "IO", "ICI", "ICIS", "NK", "CMC", "GMP", "API", "RNAI",
    "MRNA", "PET", "CT", "MRI", "IHC", "NGS", "PCR", "KOL", "LLC", "INC", "CAR-T", "CAR-NK",
    "CAR-M", "TCR-T", "TIL", "TILS", "TCR", "BTD", "FTD", "ODD", "RMAT", "PRIME", "NME", "DLT",
    "RP2D", "MTD", "PK", "PD", "ADA", "AE", "AES", "SAE",
];

/// Vocabulary targets and, where none overlaps, gene symbols, in text order. A symbol over one
/// of the drug `names` (unit-relative spans) is that drug.
fn target_and_symbol_mentions(unit: &str, names: &[(usize, usize)]) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = target_mentions(unit)
        .into_iter()
        .map(|(s, e, n)| (s, e, n.to_owned()))
        .collect();
    let known = out.len();
    for m in SYMBOL_RE.find_iter(unit) {
        let word = m.as_str();
        // "Larkspur's SPX conjugate candidates": a company's own letters name a platform.
        let platform = unit.get(..m.start()).is_some_and(|b| b.ends_with("'s "))
            && unit.get(m.end()..).is_some_and(|a| {
                let clause = a.split(['.', ',', ';']).next().unwrap_or("");
                [
                    "candidates",
                    "platform",
                    "programs",
                    "programmes",
                    "portfolio",
                ]
                .iter()
                .any(|w| clause.contains(w))
            });
        let overlaps = platform
            || out[..known]
                .iter()
                .any(|(s, e, _)| *s < m.end() && m.start() < *e)
            || names.iter().any(|(s, e)| *s < m.end() && m.start() < *e);
        let letters = word.chars().filter(char::is_ascii_uppercase).count();
        let digits = word.chars().filter(char::is_ascii_digit).count();
        // Two capitals alone are a word ("ON", "OR"); a letter, digits and a letter a mutation
        // ("G12C", "C797S").
        let shaped = letters >= 2 && (digits > 0 || (3..=6).contains(&word.len()));
        let mutation = letters == 2
            && word.starts_with(|c: char| c.is_ascii_uppercase())
            && word.ends_with(|c: char| c.is_ascii_uppercase())
            && digits + 2 == word.len();
        // "its AAV9 gene therapy": a vector's serotype, not a target; "(SIX: AURO)" a listing.
        let (before, after) = (
            unit.get(..m.start()).unwrap_or(""),
            unit.get(m.end()..).unwrap_or(""),
        );
        let listing = (before.ends_with('(') && after.starts_with(':'))
            || (before.ends_with(": ") && after.starts_with(')'));
        let vector = word.starts_with("AAV") || listing;
        if overlaps
            || !shaped
            || mutation
            || vector
            || NOT_SYMBOLS.contains(&word.to_ascii_uppercase().as_str())
        {
            continue;
        }
        out.push((m.start(), m.end(), word.to_owned()));
    }
    out.sort_by_key(|m| m.0);
    out
}

/// Targets a unit states as a drug's: "PD-1/IL-2α-bias bispecific", "targeting EGFR and HER3".
#[cfg(test)]
pub(crate) fn definitional_targets(unit: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (t, _) in definitional_target_spans(unit, &[]) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The last `n` characters of `s` (fewer when it is shorter).
fn tail_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    s.get(start..).unwrap_or(s)
}

/// [`definitional_targets`] with the unit-relative span of the chain each target belongs to.
pub(super) fn definitional_target_spans(
    unit: &str,
    names: &[(usize, usize)],
) -> Vec<(String, (usize, usize))> {
    let mentions = target_and_symbol_mentions(unit, names);
    let mut out: Vec<(String, (usize, usize))> = Vec::new();
    // Chains of targets joined by "/", " x ", "and", ",", "-".
    let mut i = 0;
    while i < mentions.len() {
        let mut j = i;
        while j + 1 < mentions.len() {
            let gap = unit.get(mentions[j].1..mentions[j + 1].0).unwrap_or("x");
            let g = gap.trim();
            if matches!(
                g,
                "/" | "x"
                    | "×"
                    | "and"
                    | ","
                    | "-"
                    | "+"
                    | "&"
                    | "and human"
                    | ") and"
                    | ") and human"
            ) || gap.is_empty()
            {
                j += 1;
            } else {
                break;
            }
        }
        let chain = &mentions[i..=j];
        let after = unit.get(mentions[j].1..).unwrap_or("");
        let before = unit.get(..mentions[i].0).unwrap_or("");
        let after_window: String = after.chars().take(40).collect();
        let before_window: String = before
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        // A class word alone ("inhibitor", "agonist") counts in its singular only
        // ([`inhibitor_follows`]): "after CDK4/6 inhibitors" names prior therapy.
        let molecule_after = MODALITY_RE.captures(&after_window).is_some_and(|c| {
            let class_only = c.name("agonist").is_some() || c.name("inhibitor").is_some();
            c.get(0).is_some_and(|m| {
                !class_only
                    && after_window.get(..m.start()).is_some_and(|g| {
                        !g.contains(['.', ';']) && g.split_whitespace().count() <= 3
                    })
            })
        });
        let modality_after = molecule_after
            || after_window.trim_start().starts_with("-bias")
            || after_window
                .trim_start()
                .to_lowercase()
                .starts_with("-targeting")
            || inhibitor_follows(after);
        let targeting_before = TARGETING_RE
            .find_iter(&before_window)
            .last()
            .is_some_and(|m| {
                // "neutralises both IL-17A and IL-17F".
                let gap = before_window.get(m.end()..).unwrap_or("").trim();
                gap.len() <= 3 || gap == "both" || gap == "either"
            });
        let prior_window = tail_chars(before, 90);
        let prior =
            PRIOR_THERAPY_RE.is_match(&before_window) || PRIOR_CLASS_RE.is_match(prior_window);
        if (modality_after || targeting_before) && !prior {
            let span = (mentions[i].0, mentions[j].1);
            for (_, _, name) in chain {
                out.push((name.clone(), span));
            }
        }
        i = j + 1;
    }
    out
}
