//! Every endpoint code the extractor can write has a label in `atlas_view::labels`, so no page
//! shows an analyst a bare code. The codes are produced here by the extractor's own resolver
//! (`resolve` over every family of `GROUPS`, with every unit a value can carry) and its
//! adverse-event vocabulary, not listed by hand: a new family or code fails this test until
//! the label table knows it.

use atlas_view::labels::{endpoint_label, is_known};

use super::mentions::{resolve, ValueMention};
use super::patterns::{EndpointMention, Family, GROUPS};

/// Every code `resolve` gives a mention of `family` for some value, unit, grade and sentence.
fn codes_of(family: Family) -> Vec<String> {
    let value = |value: Option<f64>, unit: Option<&str>| ValueMention {
        start: 0,
        end: 0,
        num_start: 0,
        num_end: 0,
        value,
        qualifier: None,
        unit: unit.map(str::to_owned),
        paren: None,
        clause: 0,
    };
    let values = [
        value(Some(40.0), Some("%")),
        value(Some(5.5), Some("months")),
        value(Some(0.6), None),
        value(None, None),
    ];
    // A scale mention is its own text (the pattern's `scale` group); a hazard ratio is placed
    // by the words around it.
    let sentences: &[&str] = match family {
        Family::Scale => &["EASI-75", "PASI90"],
        _ => &["disease progression or death", "death", "no cue"],
    };
    let mut out = Vec::new();
    for g3 in [false, true] {
        for &ut in sentences {
            let mention = EndpointMention {
                start: 0,
                end: ut.len(),
                family,
                g3,
                paren: None,
                clause: 0,
                named: None,
            };
            for v in &values {
                if let Some(code) = resolve(&mention, v, ut, &[]) {
                    if !out.contains(&code) {
                        out.push(code);
                    }
                }
            }
        }
    }
    out
}

/// Codes of the outcome vocabulary, from sentences naming each kind of outcome.
fn outcome_codes() -> Vec<String> {
    let sentences = [
        "The percent change from baseline in EASI was -60%.",
        "MG-ADL responders were 60%; IGA 0/1 in 30%; PP-NRS ≥4-point improvement in 20%.",
        "Mean body weight reductions of 9% and HbA1c decreased by 1.2%.",
        "Hemoglobin increased by 2 g/dL; the QMG score improved by -3 points.",
        "In all, 40% lost at least 10% of their weight and 70% remained free of transfusions.",
        "The annualized bleeding rate was 1.2 and normalization of ALP occurred in 20%.",
    ];
    let mut out = vec![super::outcomes::AE_DISC.to_owned()];
    for text in sentences {
        let s = super::Sentence::new(text, 0);
        out.extend(
            super::outcomes::outcome_mentions(&s)
                .into_iter()
                .filter_map(|e| e.named),
        );
    }
    assert!(out.len() >= 12, "{out:?}");
    out
}

#[test]
fn every_code_the_extractor_writes_has_a_label() {
    let mut codes: Vec<String> = GROUPS.iter().flat_map(|(_, f)| codes_of(*f)).collect();
    for term in crate::vocab::AE_TERMS.iter() {
        let term = term.to_lowercase();
        codes.push(format!("AE:{term}"));
        codes.push(format!("AE:{term}:G3"));
    }
    // The resolver is exercised for real: the families the pages show most are among its codes.
    for expected in [
        "ORR", "cORR", "TRAE_G3", "mPFS", "OS_RATE", "HR_PFS", "OR", "EASI-75",
    ] {
        assert!(
            codes.iter().any(|c| c == expected),
            "{expected} not produced"
        );
    }
    // Endpoints outside oncology are the text's own short names: shown as written.
    let own_names = outcome_codes();
    for code in &own_names {
        assert_eq!(endpoint_label(code, None), *code, "{code}");
    }
    let unlabelled: Vec<&String> = codes
        .iter()
        .filter(|c| !is_known(c) && !own_names.contains(c))
        .collect();
    assert!(
        unlabelled.is_empty(),
        "codes without a label: {unlabelled:?}"
    );
    for code in &codes {
        assert!(
            !endpoint_label(code, Some("12 months")).is_empty(),
            "{code}"
        );
    }
}
