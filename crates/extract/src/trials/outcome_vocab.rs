//! The vocabulary of endpoints outside oncology, as data: clinical scales and measures
//! (`MEASURES`), the unit a bare change figure of each is in (`BARE_UNITS`), and phrases that
//! are endpoints of their own (`PHRASES`). `outcomes.rs` reads sentences with them.

use super::outcomes::Outcome;

/// Scales and measures: the pattern that names one (long forms case-insensitive,
/// abbreviations as written) and its conventional short name.
pub(super) const MEASURES: &[(&str, &str)] = &[
    (r"(?i:eczema\s+area\s+and\s+severity\s+index)|EASI", "EASI"),
    (
        r"(?i:psoriasis\s+area\s+and\s+severity\s+index)|PASI",
        "PASI",
    ),
    (
        r"(?i:static\s+physician'?s?\s+global\s+assessment)|sPGA",
        "sPGA",
    ),
    (
        r"(?i:investigator'?s?\s+global\s+assessment)|v?IGA(?:-AD)?",
        "IGA",
    ),
    (
        r"(?i:peak\s+pruritus\s+(?:numeric(?:al)?\s+rating\s+scale|NRS))|PP-NRS",
        "PP-NRS",
    ),
    (
        r"(?i:pruritus\s+(?:numeric(?:al)?\s+rating\s+scale|NRS))",
        "pruritus NRS",
    ),
    (
        r"(?i:itch\s+(?:numeric(?:al)?\s+rating\s+scale|NRS))",
        "itch NRS",
    ),
    (
        r"(?i:pruritus\s+(?:visual\s+analog(?:ue)?\s+scale|VAS))",
        "pruritus VAS",
    ),
    (
        r"(?i:myasthenia\s+gravis[-\s]activities\s+of\s+daily\s+living)|MG-ADL",
        "MG-ADL",
    ),
    (r"(?i:quantitative\s+myasthenia\s+gravis)|QMG", "QMG"),
    (r"(?i:myasthenia\s+gravis\s+composite)|MGC", "MGC"),
    (
        r"(?i:montgomery[-\s]+[aå]sberg\s+depression\s+rating\s+scale)|MADRS",
        "MADRS",
    ),
    (
        r"(?i:hamilton\s+depression\s+rating\s+scale)|HAM-?D(?:-?17)?",
        "HAM-D",
    ),
    (
        r"(?i:positive\s+and\s+negative\s+syndrome\s+scale)|PANSS",
        "PANSS",
    ),
    (
        r"ADAS-Cog\d{0,2}|CDR-SB|ALSFRS-R|EDSS|SCORAD|DLQI|DAS28(?:-CRP|-ESR)?",
        "",
    ),
    (r"SLEDAI(?:-2K)?|HAQ-DI|CGI-S|MDS-UPDRS", ""),
    (r"(?i:alkaline\s+phosphatase)|ALP", "ALP"),
    (
        r"(?i:glycated\s+ha?emoglobin|ha?emoglobin\s+A1c)|HbA1c|A1C",
        "HbA1c",
    ),
    (r"(?i:ha?emoglobin)", "hemoglobin"),
    (
        r"(?i:low[-\s]density\s+lipoprotein(?:\s+cholesterol)?|LDL\s+cholesterol)|LDL-C",
        "LDL-C",
    ),
    (
        r"(?i:high[-\s]density\s+lipoprotein(?:\s+cholesterol)?)|HDL-C",
        "HDL-C",
    ),
    (r"(?i:triglycerides?)", "triglycerides"),
    (r"(?i:lipoprotein\s*\(a\))|Lp\(a\)", "Lp(a)"),
    // "Weight decreased" and "weight loss" alone are adverse events: the measure is "body weight".
    (r"(?i:body\s+weight)", "body weight"),
    (
        r"(?i:monthly\s+migraine\s+days)|MMDs?",
        "monthly migraine days",
    ),
    (r"(?i:total\s+)?IgG", "IgG"),
    (r"(?i:galactose[-\s]deficient\s+IgA1)|Gd-IgA1", "Gd-IgA1"),
    (r"(?i:transaminases?|aminotransferases?)", "transaminase"),
    (r"(?i:total\s+bilirubin|bilirubin)", "bilirubin"),
    (r"(?i:gamma-glutamyl\s+transferase)|GGT", "GGT"),
    (
        r"(?i:estimated\s+glomerular\s+filtration\s+rate)|eGFR",
        "eGFR",
    ),
    (
        r"(?i:urine\s+albumin[-\s]to[-\s]creatinine\s+ratio)|UACR",
        "UACR",
    ),
    (
        r"(?i:urine\s+protein[-\s]to[-\s]creatinine\s+ratio)|UPCR",
        "UPCR",
    ),
    (r"(?i:proteinuria)", "proteinuria"),
    (r"(?:pre-?bronchodilator\s+)?FEV1", "FEV1"),
    (
        r"(?i:St\.?\s+George'?s\s+Respiratory\s+Questionnaire)|SGRQ",
        "SGRQ",
    ),
    (
        r"(?i:systolic\s+blood\s+pressure)|SBP",
        "systolic blood pressure",
    ),
    (
        r"(?i:fasting\s+(?:plasma\s+)?glucose)|FPG",
        "fasting plasma glucose",
    ),
    (r"(?i:serum\s+uric\s+acid|uric\s+acid)", "uric acid"),
    (r"(?i:liver\s+fat(?:\s+content)?)", "liver fat"),
    (r"(?i:C-reactive\s+protein)|hs-?CRP", "CRP"),
    (r"(?i:waist\s+circumference)", "waist circumference"),
];

/// Measures whose changes are often printed as bare figures ("-5.1 with X, compared with
/// -2.0 with placebo"), with the unit such a figure is in: rating scales count points,
/// migraine diaries days. Laboratory measures are absent: a bare figure of theirs is no change.
pub(super) const BARE_UNITS: &[(&[&str], &str)] = &[
    (
        &[
            "EASI",
            "PASI",
            "sPGA",
            "PP-NRS",
            "pruritus NRS",
            "itch NRS",
            "pruritus VAS",
            "MG-ADL",
            "QMG",
            "MGC",
            "MADRS",
            "HAM-D",
            "PANSS",
            "ADAS-Cog",
            "CDR-SB",
            "ALSFRS-R",
            "EDSS",
            "SCORAD",
            "DLQI",
            "DAS28",
            "SLEDAI",
            "HAQ-DI",
            "CGI-S",
            "MDS-UPDRS",
            "SGRQ",
        ],
        "points",
    ),
    (&["monthly migraine days"], "days"),
];

/// The unit of a bare change figure of the measure a label names, if its figures may be bare.
pub(super) fn bare_unit(label: &str) -> Option<&'static str> {
    BARE_UNITS.iter().find_map(|(names, unit)| {
        names
            .iter()
            .any(|n| {
                label
                    .strip_prefix(n)
                    .is_some_and(|rest| rest.starts_with(|c: char| c == ' ' || c.is_ascii_digit()))
            })
            .then_some(*unit)
    })
}

/// Endpoints named by a phrase of their own: pattern (`n` is a threshold), label (`{n}` the
/// threshold), kind.
pub(super) const PHRASES: &[(&str, &str, Outcome)] = &[
    (
        r"(?i:(?:≥|>=|at\s+least|more\s+than|over)\s*(?P<n>\d+)\s*%\s+(?:(?:body\s+)?weight\s+(?:loss|reduction)|(?:reduction|loss)\s+(?:in|of)\s+(?:(?:their|baseline)\s+)?(?:body\s+)?weight))",
        ">={n}% weight loss",
        Outcome::Responder,
    ),
    (
        r"(?i:(?:lost|losing|lose|achiev\w*)\s+(?:at\s+least|≥|>=|more\s+than)\s*(?P<n>\d+)\s*%\s+(?:or\s+more\s+)?(?:of\s+)?(?:their\s+|baseline\s+)*(?:body\s+)?weight)",
        ">={n}% weight loss",
        Outcome::Responder,
    ),
    (
        r"(?i:(?:≥|>=|at\s+least)\s*(?:an?\s+)?(?P<n>\d+)\s*%\s+(?:responders?|response\s+rates?|reduction\s+in\s+(?:mean\s+)?(?:monthly\s+migraine\s+days|MMDs?)))",
        ">={n}% responder",
        Outcome::Responder,
    ),
    (
        r"(?:HbA1c|A1C)\s*(?:<|≤|(?i:below|under|less\s+than))\s*(?P<n>\d+(?:\.\d+)?)\s*%",
        "HbA1c <{n}%",
        Outcome::Responder,
    ),
    (
        r"(?i:transfusion[-\s](?:avoidance|free)|(?:free|freedom)\s+(?:of|from)\s+(?:red\s+blood\s+cell\s+|RBC\s+)?transfusions?)",
        "transfusion avoidance",
        Outcome::Responder,
    ),
    // "intracranial ORR was 44.4%": a response of brain lesions, not the tumour ORR.
    (
        r"(?i:intracranial|CNS)\s+(?:ORR|(?i:objective\s+response\s+rate|response\s+rate))",
        "intracranial ORR",
        Outcome::Responder,
    ),
    (
        r"(?i:very\s+good\s+partial\s+responses?\s+or\s+better|VGPR\s+or\s+better)|(?:≥|>=)\s*VGPR",
        "VGPR or better",
        Outcome::Responder,
    ),
    // Waldenström's macroglobulinaemia: minor response or better, not the tumour ORR.
    (
        r"(?i:major\s+response\s+rate|major\s+response)",
        "major response rate",
        Outcome::Responder,
    ),
    (
        r"(?i:transfusion\s+independence)",
        "transfusion independence",
        Outcome::Responder,
    ),
    (
        r"(?i:composite\s+(?:response|endpoint))",
        "composite response",
        Outcome::Responder,
    ),
    (r"BICLA(?:\s+(?i:response))?", "BICLA", Outcome::Responder),
    (
        r"(?i:annuali[sz]ed\s+(?:bleeding|bleed)\s+rate)|ABR",
        "ABR",
        Outcome::Annualized,
    ),
    (
        r"(?i:annuali[sz]ed\s+relapse\s+rate)",
        "annualized relapse rate",
        Outcome::Annualized,
    ),
    (
        r"(?i:annuali[sz]ed\s+(?:rate\s+of\s+(?:\w+\s+){0,3}?exacerbations|(?:\w+\s+){0,3}?exacerbation\s+rate))",
        "annualized exacerbation rate",
        Outcome::Annualized,
    ),
];
