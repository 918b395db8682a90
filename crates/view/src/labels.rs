//! Endpoint labels: the words an analyst reads for an endpoint code ("Grade ≥ 3 TRAE" for
//! `TRAE_G3`, "Anaemia, grade ≥ 3" for `AE:anemia:G3`).
//!
//! The codes stay the data: the JSON, the CSV and every id keep them, and the pages show them
//! in a tooltip beside the label. This is the one table of labels; the asset page, the
//! comparison and its forest plots, the source page and "What's new" all ask it.
//!
//! Fixed codes are rows of [`LABELS`]. Composed codes are labelled by rule, from their parts:
//! adverse-event families and their grade ≥ 3 variants (`TEAE`, `TEAE_G3`), adverse-event
//! terms (`AE:<term>`, `AE:<term>:G3`, the term's own spelling fixed by [`AE_TERMS`]), scale
//! thresholds (`EASI-75`) and landmark rates at a time point (`OS_RATE` at `12 months` →
//! "12-month OS rate"). A code no rule knows (an overlay may write any) is shown as written,
//! underscores as spaces: never an empty label, never a panic. [`is_known`] tells the two
//! apart, so a test can hold every code the extractor writes to a real label.
//!
//! # Example
//! ```
//! use atlas_view::labels::endpoint_label;
//! assert_eq!(endpoint_label("TRAE_G3", None), "Grade ≥ 3 TRAE");
//! assert_eq!(endpoint_label("AE:anemia:G3", None), "Anaemia, grade ≥ 3");
//! assert_eq!(endpoint_label("OS_RATE", Some("12 months")), "12-month OS rate");
//! ```

/// Fixed endpoint codes and their labels.
pub const LABELS: &[(&str, &str)] = &[
    ("ORR", "ORR"),
    ("cORR", "Confirmed ORR"),
    ("DCR", "DCR"),
    ("CBR", "Clinical benefit rate"),
    ("CR", "Complete response"),
    ("PR", "Partial response"),
    ("SD", "Stable disease"),
    ("PD", "Progressive disease"),
    ("mPFS", "Median PFS"),
    ("mOS", "Median OS"),
    ("mDoR", "Median DoR"),
    ("PFS_RATE", "PFS rate"),
    ("OS_RATE", "OS rate"),
    ("TRAE_DISC", "Discontinuation due to TRAE"),
    ("DLT", "Dose-limiting toxicity"),
    ("HR_PFS", "PFS hazard ratio"),
    ("HR_OS", "OS hazard ratio"),
    ("HR", "Hazard ratio"),
    ("OR", "Odds ratio"),
];

/// Adverse-event families: `<code>` is the family at any grade, `<code>_G3` at grade ≥ 3.
pub const AE_FAMILIES: &[(&str, &str)] = &[("TRAE", "TRAE"), ("TEAE", "TEAE"), ("IRAE", "irAE")];

/// Adverse-event terms whose label is not just the term with a capital letter: the house
/// spelling (British, as elsewhere in the atlas) and initialisms.
pub const AE_TERMS: &[(&str, &str)] = &[
    ("alanine aminotransferase increased", "ALT increased"),
    ("alt increased", "ALT increased"),
    ("anemia", "Anaemia"),
    ("aspartate aminotransferase increased", "AST increased"),
    ("ast increased", "AST increased"),
    ("covid-19", "COVID-19"),
    ("diarrhea", "Diarrhoea"),
    ("dyspnea", "Dyspnoea"),
    ("edema", "Oedema"),
    (
        "electrocardiogram qt prolonged",
        "Electrocardiogram QT prolonged",
    ),
    ("hemoptysis", "Haemoptysis"),
    ("hemorrhage", "Haemorrhage"),
    ("hyperglycemia", "Hyperglycaemia"),
    ("hypoglycemia", "Hypoglycaemia"),
    ("hypokalemia", "Hypokalaemia"),
    ("hyponatremia", "Hyponatraemia"),
    ("icans", "ICANS"),
    ("peripheral edema", "Peripheral oedema"),
    ("qt prolongation", "QT prolongation"),
];

/// The suffix of a grade ≥ 3 code.
const G3: &str = "_G3";
/// The suffix of a landmark rate (a Kaplan–Meier estimate at a time point).
const RATE: &str = "_RATE";

/// The label of endpoint `code`; a landmark rate's `timepoint` (`12 months`) becomes part of
/// it ("12-month OS rate"), see [`is_landmark`].
pub fn endpoint_label(code: &str, timepoint: Option<&str>) -> String {
    let base = base_label(code);
    match timepoint.filter(|_| is_landmark(code)) {
        Some(t) => match landmark(t) {
            Some(adjective) => format!("{adjective} {base}"),
            None => format!("{base} at {t}"),
        },
        None => base,
    }
}

/// Whether [`endpoint_label`] includes the time point, so a page need not show it again.
pub fn is_landmark(code: &str) -> bool {
    code.ends_with(RATE)
}

/// Whether `code` has a label from the table or a rule rather than the as-written fallback.
pub fn is_known(code: &str) -> bool {
    fixed(code).is_some()
        || family(code).is_some()
        || ae_term(code).is_some()
        || scale(code).is_some()
}

fn base_label(code: &str) -> String {
    if let Some(label) = fixed(code) {
        return label.to_owned();
    }
    if let Some((name, g3)) = family(code) {
        return grade(name, g3);
    }
    if let Some((term, g3)) = ae_term(code) {
        return if g3 {
            format!("{term}, grade ≥ 3")
        } else {
            term
        };
    }
    if let Some(scale) = scale(code) {
        return format!("{scale} response");
    }
    if let Some(base) = code.strip_suffix(G3).filter(|b| !b.is_empty()) {
        return grade(&base_label(base), true);
    }
    if let Some(base) = code.strip_suffix(RATE).filter(|b| !b.is_empty()) {
        return format!("{} rate", base_label(base));
    }
    let spaced = code.replace('_', " ");
    match spaced.trim() {
        "" => "Unnamed endpoint".to_owned(),
        words => words.to_owned(),
    }
}

fn grade(name: &str, g3: bool) -> String {
    if g3 {
        format!("Grade ≥ 3 {name}")
    } else {
        name.to_owned()
    }
}

fn fixed(code: &str) -> Option<&'static str> {
    LABELS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// An adverse-event family code: its short name and whether it is the grade ≥ 3 variant.
fn family(code: &str) -> Option<(&'static str, bool)> {
    let (base, g3) = match code.strip_suffix(G3) {
        Some(base) => (base, true),
        None => (code, false),
    };
    AE_FAMILIES
        .iter()
        .find(|(c, _)| *c == base)
        .map(|(_, name)| (*name, g3))
}

/// `AE:<term>` or `AE:<term>:G3`: the term's label and whether grade ≥ 3.
fn ae_term(code: &str) -> Option<(String, bool)> {
    let rest = code.strip_prefix("AE:")?;
    let (term, g3) = match rest.strip_suffix(":G3") {
        Some(term) => (term, true),
        None => (rest, false),
    };
    let term = term.trim();
    if term.is_empty() {
        return None;
    }
    let label = match AE_TERMS.iter().find(|(t, _)| t.eq_ignore_ascii_case(term)) {
        Some((_, label)) => (*label).to_owned(),
        None => capitalised(term),
    };
    Some((label, g3))
}

/// A response threshold on a clinical scale as the extractor names it: two to six capitals,
/// an optional hyphen and one of the thresholds its endpoint pattern reads — 20, 50, 70, 75,
/// 90 or 100 (`EASI-75`, `PASI90`, `ACR20`).
fn scale(code: &str) -> Option<&str> {
    let letters = code.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = code.get(letters..)?;
    let threshold = rest.strip_prefix('-').unwrap_or(rest);
    ((2..=6).contains(&letters) && ["20", "50", "70", "75", "90", "100"].contains(&threshold))
        .then_some(code)
}

/// `12 months` → `12-month`; `1 years` → `1-year`. `None` for any other shape.
fn landmark(timepoint: &str) -> Option<String> {
    let (number, unit) = timepoint.trim().split_once(' ')?;
    let unit = unit.trim().trim_end_matches('s');
    let numeric = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit() || c == '.');
    (numeric && ["day", "week", "month", "year"].contains(&unit))
        .then(|| format!("{number}-{unit}"))
}

/// The term with an ASCII capital first letter. `char::to_uppercase` would link core's Unicode
/// case tables (about 10 KB) into the size-budgeted wasm for this one letter; the extractor's
/// terms are lower-case ASCII words, and any other first letter is kept as written.
fn capitalised(term: &str) -> String {
    let mut out = term.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(code: &str, timepoint: Option<&str>, expected: &str) {
        assert_eq!(
            endpoint_label(code, timepoint),
            expected,
            "{code} {timepoint:?}"
        );
    }

    #[test]
    fn fixed_codes_read_as_words() {
        check("TRAE_G3", None, "Grade ≥ 3 TRAE");
        check("cORR", None, "Confirmed ORR");
        check("mPFS", None, "Median PFS");
        check("HR_OS", None, "OS hazard ratio");
        check("TRAE_DISC", None, "Discontinuation due to TRAE");
        check("IRAE", None, "irAE");
        check("TEAE_G3", None, "Grade ≥ 3 TEAE");
    }

    #[test]
    fn adverse_event_terms_are_composed() {
        check("AE:anemia:G3", None, "Anaemia, grade ≥ 3");
        check("AE:anemia", None, "Anaemia");
        check(
            "AE:neutrophil count decrease",
            None,
            "Neutrophil count decrease",
        );
        check("AE:ICANS:G3", None, "ICANS, grade ≥ 3");
        check(
            "AE:cytokine release syndrome",
            None,
            "Cytokine release syndrome",
        );
        // An empty term is no term: shown as written.
        check("AE:", None, "AE:");
        check("AE::G3", None, "AE::G3");
    }

    #[test]
    fn scale_thresholds_name_a_response() {
        check("EASI-75", None, "EASI-75 response");
        check("PASI90", None, "PASI90 response");
        check("ACR20", None, "ACR20 response");
        check("EASI-80", None, "EASI-80");
    }

    #[test]
    fn landmark_rates_take_their_time_point() {
        check("OS_RATE", Some("12 months"), "12-month OS rate");
        check("PFS_RATE", Some("1 years"), "1-year PFS rate");
        check("PFS_RATE", Some("6.5 months"), "6.5-month PFS rate");
        check("OS_RATE", None, "OS rate");
        check("OS_RATE", Some("week 24"), "OS rate at week 24");
        // A time point on a figure that is no landmark rate is the page's to show.
        check("ORR", Some("12 months"), "ORR");
        assert!(is_landmark("OS_RATE") && !is_landmark("ORR"));
    }

    #[test]
    fn unknown_codes_are_shown_as_written() {
        check("QOL_SCORE", None, "QOL SCORE");
        check("ZZ_G3", None, "Grade ≥ 3 ZZ");
        check("EFS_RATE", Some("24 months"), "24-month EFS rate");
        check("", None, "Unnamed endpoint");
        check("_", None, "Unnamed endpoint");
        check("_G3", None, "G3");
        check("AE:ánémia:G3", None, "ánémia, grade ≥ 3");
        assert!(!is_known("QOL_SCORE") && !is_known("ZZ_G3") && !is_known(""));
    }

    #[test]
    fn every_table_row_is_known_once() {
        for (code, label) in LABELS.iter().chain(AE_FAMILIES) {
            assert!(is_known(code), "{code}");
            assert!(!label.is_empty(), "{code}");
        }
        let mut codes: Vec<&str> = LABELS.iter().chain(AE_FAMILIES).map(|(c, _)| *c).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(
            codes.len(),
            LABELS.len() + AE_FAMILIES.len(),
            "a code listed twice"
        );
    }
}
