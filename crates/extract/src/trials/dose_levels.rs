//! Dose levels as arms: "ORR was 22.2% at 1.6 mg/kg, 34.6% at 2.2 mg/kg and 46.6% at 2.8
//! mg/kg". A document that reports figures "at" two or more distinct doses compares dose
//! cohorts, whether or not it calls them cohorts; and a list of doses that shares one unit
//! ("at 2.2 and 2.8 mg/kg") names each of them.

use super::*;

/// Numbers listed before a dose that share its unit: "1.0, 1.6, 2.2 and 2.8 mg/kg".
static SHARED_UNIT_LIST_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?P<list>(?:\d+(?:\.\d+)?\s*(?:,\s*|\s+and\s+|\s+or\s+|\s*/\s*)){1,6})(?P<last>\d+(?:\.\d+)?)\s*(?P<unit>mg/kg|mg/m2|mg/m²|μg/kg|µg/kg|ug/kg|mg)(?-u:\b)")
        .expect("valid")
});

/// Every dose a text names, with its span, including those whose unit a list shares.
pub(super) fn dose_mentions(text: &str) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = DOSE_RE
        .captures_iter(text)
        .filter_map(|c| c.name("dose"))
        .map(|d| (d.start(), d.end(), d.as_str().to_owned()))
        .collect();
    static NUM_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+(?:\.\d+)?").expect("valid"));
    for c in SHARED_UNIT_LIST_RE.captures_iter(text) {
        let (Some(list), Some(unit)) = (c.name("list"), c.name("unit")) else {
            continue;
        };
        for n in NUM_RE.find_iter(list.as_str()) {
            let (start, end) = (list.start() + n.start(), list.start() + n.end());
            if !out.iter().any(|(s, e, _)| *s < end && start < *e) {
                out.push((start, end, format!("{} {}", n.as_str(), unit.as_str())));
            }
        }
    }
    out.sort();
    out
}

/// Doses the text reports figures at ("… at 2.2 mg/kg", "At 2.8 mg/kg, …"): cohorts when
/// there are two or more of them.
pub(super) fn dose_level_cohorts(text: &str) -> Vec<(String, String)> {
    let mut levels: Vec<(String, String)> = Vec::new();
    for (start, _, dose) in dose_mentions(text) {
        let before = text.get(..start).unwrap_or("");
        let before = before.trim_end_matches(|c: char| c.is_ascii_digit() || ", .and".contains(c));
        let lower = crate::trials::arms::window_before(before, before.len(), 12).to_lowercase();
        let at = lower.ends_with(" at") || lower.ends_with("\nat") || lower.ends_with(" at the");
        let key = dose_key(&dose);
        if at && !levels.iter().any(|(k, _)| *k == key) {
            levels.push((key, dose_label(&dose)));
        }
    }
    if levels.len() >= 2 {
        levels
    } else {
        Vec::new()
    }
}

/// Doses that head the columns of a table ("            Placebo    25 mg QD    50 mg QD"): each
/// column is a cohort when two or more do.
pub(super) fn table_header_doses(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines().filter(|l| crate::text::is_table_row(l)) {
        let cells = cells(line);
        // A header names arms, not figures: no cell of it is a bare number or percentage.
        let header = cells
            .iter()
            .skip(1)
            .all(|(_, c)| c.trim_end_matches('%').trim().parse::<f64>().is_err());
        let doses: Vec<(String, String)> = cells
            .iter()
            .filter_map(|(_, c)| {
                let d = DOSE_RE.captures(c)?.name("dose")?;
                // The whole cell is the dose (and its schedule).
                (c.trim().len() <= d.as_str().len() + 4)
                    .then(|| (dose_key(d.as_str()), dose_label(d.as_str())))
            })
            .collect();
        if header && doses.len() >= 2 {
            for d in doses {
                if !out.iter().any(|o| o.0 == d.0) {
                    out.push(d);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_units_and_levels() {
        let doses: Vec<String> = dose_mentions("at 1.0, 1.6, 2.2 and 2.8 mg/kg")
            .into_iter()
            .map(|d| d.2)
            .collect();
        assert_eq!(doses, ["1.0 mg/kg", "1.6 mg/kg", "2.2 mg/kg", "2.8 mg/kg"]);
        let levels = dose_level_cohorts(
            "ORR was 22.2% at 1.6 mg/kg and 34.6% at 2.2 mg/kg. DCR was 80% and 86% at 1.6 and 2.2 mg/kg.",
        );
        let keys: Vec<&str> = levels.iter().map(|l| l.0.as_str()).collect();
        assert_eq!(keys, ["1.6mg/kg", "2.2mg/kg"]);
        // One dose reported "at" is the study's dose, not a cohort.
        assert!(
            dose_level_cohorts("ORR was 40% at the RP2D of 600 mg and 45% at 600 mg.").is_empty()
        );
    }
}

/// "in the A and B arms", "Cohorts 1 and 2", "in arms A, B and C", "35.8% (A), 48.8% (B)":
/// lettered arms named together or by their letter alone in a bracket after a figure, one
/// mention each (the arms themselves are defined where the text names them singly, "Arm A").
pub(super) fn lettered_list_mentions(ut: &str, defs: &[ArmDef]) -> Vec<ArmMention> {
    static AFTER_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?P<items>[A-Z0-9]{1,2}(?:\s*,\s*[A-Z0-9]{1,2})*\s*,?\s*(?:,|and|&)\s*[A-Z0-9]{1,2})\s+(?P<word>[Aa]rm|[Cc]ohort|[Gg]roup)s(?-u:\b)")
            .expect("valid")
    });
    static BEFORE_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?P<word>[Aa]rm|[Cc]ohort|[Gg]roup)s\s+(?P<items>[A-Z0-9]{1,2}(?:\s*,\s*[A-Z0-9]{1,2})*\s*,?\s*(?:,|and|&)\s*[A-Z0-9]{1,2})(?-u:\b)")
            .expect("valid")
    });
    static ITEM_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Z0-9]{1,2}(?-u:\b)").expect("valid"));
    // "35.8% (A)": a capital alone in a bracket right after a figure.
    static BRACKET_RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\d%?\s*\((?P<items>[A-Z])\)").expect("valid"));
    let mut out = Vec::new();
    let lists = AFTER_RE
        .captures_iter(ut)
        .chain(BEFORE_RE.captures_iter(ut))
        .filter_map(|c| Some((c.name("items")?, c.name("word").map(|w| w.as_str()))));
    let bracketed = BRACKET_RE
        .captures_iter(ut)
        .filter_map(|c| Some((c.name("items")?, None)));
    for (items, word) in lists.chain(bracketed) {
        // A bracketed letter names no noun: it is whichever lettered arm the document has.
        let nouns: Vec<String> = word.map_or_else(
            || vec!["arm".into(), "cohort".into(), "group".into()],
            |w| vec![w.to_lowercase()],
        );
        for m in ITEM_RE.find_iter(items.as_str()) {
            let Some(key) = nouns
                .iter()
                .map(|w| format!("{w} {}", m.as_str().to_lowercase()))
                .find(|k| defs.iter().any(|d| d.key == *k))
            else {
                continue;
            };
            let start = items.start() + m.start();
            out.push(ArmMention {
                start,
                end: start + m.len(),
                key,
            });
        }
    }
    out
}

#[cfg(test)]
mod lettered_tests {
    use super::*;

    #[test]
    fn lettered_arms_named_together() {
        let defs: Vec<ArmDef> = ["arm a", "arm b"]
            .iter()
            .map(|k| ArmDef {
                key: (*k).to_owned(),
                label: (*k).to_owned(),
                role: Role::Cohort,
                cues: Vec::new(),
            })
            .collect();
        let keys = |t: &str| -> Vec<String> {
            lettered_list_mentions(t, &defs)
                .into_iter()
                .map(|m| m.key)
                .collect()
        };
        assert_eq!(
            keys("61.7% and 54.2% in the A and B arms"),
            ["arm a", "arm b"]
        );
        assert_eq!(keys("in Arms A and B, respectively"), ["arm a", "arm b"]);
        // Letters of arms the document does not define name nothing.
        assert!(keys("in the C and D arms").is_empty());
    }
}
