//! Word lists as data: targets with their synonyms, agencies, designations, modalities,
//! well-known companies, meetings. Rules look words up here instead of spelling them inline,
//! so adding a synonym is a one-line change with no code touched.
//!
//! All entries are written in the normalised form of [`crate::text::Norm`]: ASCII hyphens,
//! straight quotes.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// Canonical target name and every spelling that means it.
pub(crate) const TARGETS: &[(&str, &[&str])] = &[
    (
        "PD-1",
        &[
            "PD-1",
            "PD1",
            "CD279",
            "programmed death-1",
            "programmed cell death protein 1",
            "programmed death receptor-1",
        ],
    ),
    (
        "PD-L1",
        &[
            "PD-L1",
            "PDL1",
            "CD274",
            "programmed death-ligand 1",
            "programmed death ligand 1",
            "PD-1/L1",
        ],
    ),
    ("PD-L2", &["PD-L2", "CD273"]),
    (
        "IL-2Rα",
        &[
            "IL-2Rα",
            "IL-2Ra",
            "IL-2α",
            "IL2Rα",
            "CD25",
            "IL-2 receptor alpha",
            "IL-2Rα-bias",
        ],
    ),
    ("IL-2Rβ", &["IL-2Rβ", "CD122"]),
    ("IL-2", &["IL-2", "IL2", "interleukin-2"]),
    ("IL-15", &["IL-15", "interleukin-15"]),
    ("IL-4Rα", &["IL-4Rα", "IL-4R"]),
    ("IL-6", &["IL-6"]),
    ("IL-17A", &["IL-17A"]),
    ("IL-23", &["IL-23"]),
    ("4-1BB", &["4-1BB", "CD137", "TNFRSF9"]),
    ("OX40", &["OX40", "CD134"]),
    ("CD3", &["CD3"]),
    ("CD19", &["CD19"]),
    ("CD20", &["CD20"]),
    ("CD38", &["CD38"]),
    ("CD40", &["CD40"]),
    ("CD47", &["CD47"]),
    ("CD73", &["CD73"]),
    ("CTLA-4", &["CTLA-4", "CTLA4", "CD152"]),
    ("LAG-3", &["LAG-3", "LAG3"]),
    ("TIGIT", &["TIGIT"]),
    ("TIM-3", &["TIM-3", "TIM3"]),
    (
        "VEGF",
        &["VEGF", "VEGF-A", "vascular endothelial growth factor"],
    ),
    ("VEGFR2", &["VEGFR2", "VEGFR-2", "KDR"]),
    (
        "EGFR",
        &[
            "EGFR",
            "HER1",
            "ERBB1",
            "ErbB1",
            "epidermal growth factor receptor",
        ],
    ),
    (
        "HER2",
        &[
            "HER2",
            "HER-2",
            "ERBB2",
            "ErbB2",
            "human epidermal growth factor receptor 2",
        ],
    ),
    (
        "HER3",
        &[
            "HER3",
            "HER-3",
            "ERBB3",
            "ErbB3",
            "human epidermal growth factor receptor 3",
        ],
    ),
    ("TROP2", &["TROP2", "TROP-2", "Trop-2", "Trop2", "TACSTD2"]),
    (
        "Claudin 18.2",
        &["CLDN18.2", "Claudin 18.2", "Claudin18.2", "claudin 18.2"],
    ),
    ("B7-H3", &["B7-H3", "B7H3", "CD276"]),
    ("B7-H4", &["B7-H4", "B7H4"]),
    ("c-Met", &["c-Met", "c-MET", "MET"]),
    ("BCMA", &["BCMA"]),
    ("GPRC5D", &["GPRC5D"]),
    ("DLL3", &["DLL3"]),
    ("Nectin-4", &["Nectin-4", "nectin-4"]),
    ("FRα", &["FRα", "FRalpha", "FOLR1", "folate receptor alpha"]),
    ("GPC3", &["GPC3"]),
    ("CDH17", &["CDH17"]),
    ("CEACAM5", &["CEACAM5"]),
    ("MSLN", &["MSLN", "mesothelin"]),
    ("PSMA", &["PSMA"]),
    ("KRAS G12C", &["KRAS G12C"]),
    ("KRAS G12D", &["KRAS G12D"]),
    ("ALK", &["ALK"]),
    ("ROS1", &["ROS1"]),
    ("FGFR2", &["FGFR2"]),
    ("TGF-β", &["TGF-β", "TGF-beta", "TGFβ"]),
    ("SIRPα", &["SIRPα", "SIRPa"]),
    ("TSLP", &["TSLP"]),
    // The receptor is the drug target (the search synonym table names it so too).
    ("GLP-1R", &["GLP-1R", "GLP-1", "GLP1R", "GLP-1 receptor"]),
    // The rest of the common target classes (the search synonym table's), so a "CD123 x CD3"
    // bispecific is read as two targets rather than a drug code "CD123". Spellings that are
    // ordinary words or initials elsewhere (TF, F3, neu, TRK, IAP, INDO, CS1) are left out.
    ("4-1BBL", &["4-1BBL", "TNFSF9", "CD137L"]),
    ("OX40L", &["OX40L", "TNFSF4", "CD252"]),
    ("GITR", &["GITR", "TNFRSF18", "CD357"]),
    ("CD40L", &["CD40L", "CD40LG", "CD154", "TNFSF5"]),
    ("CD27", &["CD27", "TNFRSF7"]),
    ("CD70", &["CD70", "TNFSF7"]),
    ("ICOS", &["ICOS", "CD278"]),
    ("CD39", &["CD39", "ENTPD1"]),
    ("A2AR", &["A2AR", "ADORA2A"]),
    ("IDO1", &["IDO1"]),
    ("STING", &["STING", "TMEM173"]),
    ("NKG2A", &["NKG2A", "KLRC1", "CD159a"]),
    ("NKG2D", &["NKG2D", "KLRK1", "CD314"]),
    ("CD16a", &["CD16a", "FCGR3A", "FcγRIIIa"]),
    ("CD3ε", &["CD3ε", "CD3 epsilon"]),
    ("CD132", &["CD132", "IL-2Rγ", "IL2RG", "common gamma chain"]),
    ("IL-12", &["IL-12", "interleukin-12"]),
    ("CD126", &["CD126", "IL-6R", "IL6R"]),
    ("IL-13", &["IL-13", "interleukin-13"]),
    ("IL-1β", &["IL-1β", "IL1B", "interleukin-1 beta"]),
    ("IL-36R", &["IL-36R", "IL1RL2"]),
    (
        "TNFα",
        &[
            "TNFα",
            "TNF",
            "tumor necrosis factor alpha",
            "tumour necrosis factor alpha",
        ],
    ),
    ("TL1A", &["TL1A", "TNFSF15"]),
    ("BAFF", &["BAFF", "TNFSF13B", "BLyS"]),
    ("APRIL", &["APRIL", "TNFSF13"]),
    ("CD123", &["CD123", "IL3RA", "IL-3Rα"]),
    ("HER4", &["HER4", "ERBB4"]),
    ("VEGFR1", &["VEGFR1", "FLT1"]),
    ("VEGFR3", &["VEGFR3", "FLT4"]),
    ("ANG2", &["ANG2", "ANGPT2", "angiopoietin-2"]),
    ("TIE2", &["TIE2", "TEK"]),
    ("DLL4", &["DLL4", "delta-like ligand 4"]),
    ("CLDN6", &["CLDN6", "claudin 6", "claudin-6"]),
    ("CDH6", &["CDH6", "cadherin-6", "cadherin 6"]),
    ("LIV-1", &["LIV-1", "SLC39A6", "ZIP6"]),
    ("tissue factor", &["tissue factor", "CD142"]),
    ("MUC16", &["MUC16", "CA125", "CA-125"]),
    ("MUC1", &["MUC1", "CD227"]),
    ("SSTR2", &["SSTR2", "somatostatin receptor 2"]),
    (
        "ROR1",
        &["ROR1", "receptor tyrosine kinase-like orphan receptor 1"],
    ),
    ("c-KIT", &["c-KIT", "KIT", "CD117"]),
    ("FLT3", &["FLT3", "CD135"]),
    ("CSF1R", &["CSF1R", "CD115", "c-FMS"]),
    ("PDGFRα", &["PDGFRα", "PDGFRA"]),
    ("PDGFRβ", &["PDGFRβ", "PDGFRB"]),
    ("RET", &["RET", "RET proto-oncogene"]),
    ("NTRK", &["NTRK"]),
    ("BRAF", &["BRAF", "B-Raf"]),
    ("MEK1", &["MEK1", "MAP2K1"]),
    ("MEK2", &["MEK2", "MAP2K2"]),
    ("FGFR1", &["FGFR1", "CD331"]),
    ("FGFR3", &["FGFR3", "CD333"]),
    ("PI3Kα", &["PI3Kα", "PIK3CA", "p110α"]),
    ("mTOR", &["mTOR", "FRAP1"]),
    ("CDK4/6", &["CDK4/6", "CDK4 and CDK6"]),
    ("PARP1", &["PARP1", "ARTD1"]),
    ("PLK1", &["PLK1", "polo-like kinase 1"]),
    ("AURKA", &["AURKA", "aurora A", "aurora kinase A"]),
    ("SHP2", &["SHP2", "PTPN11"]),
    ("SOS1", &["SOS1", "son of sevenless 1"]),
    ("KRAS", &["KRAS", "K-Ras"]),
    ("NRAS", &["NRAS", "N-Ras"]),
    ("HRAS", &["HRAS", "H-Ras"]),
    ("EZH2", &["EZH2", "KMT6"]),
    ("menin", &["menin", "MEN1"]),
    ("IDH1", &["IDH1", "isocitrate dehydrogenase 1"]),
    ("IDH2", &["IDH2", "isocitrate dehydrogenase 2"]),
    (
        "BTK",
        &["BTK", "Bruton's tyrosine kinase", "Bruton tyrosine kinase"],
    ),
    ("BCL-2", &["BCL-2", "BCL2"]),
    ("MCL-1", &["MCL-1", "MCL1"]),
    ("MDM2", &["MDM2", "HDM2"]),
    ("PRMT5", &["PRMT5", "protein arginine methyltransferase 5"]),
    (
        "POLQ",
        &["POLQ", "Polθ", "pol theta", "DNA polymerase theta"],
    ),
    ("WRN", &["WRN", "Werner helicase"]),
    (
        "ERα",
        &[
            "ERα",
            "ESR1",
            "estrogen receptor alpha",
            "oestrogen receptor alpha",
        ],
    ),
    ("AR", &["AR", "androgen receptor"]),
    ("JAK1", &["JAK1", "Janus kinase 1"]),
    ("JAK2", &["JAK2", "Janus kinase 2"]),
    ("TYK2", &["TYK2", "tyrosine kinase 2"]),
    ("CD22", &["CD22", "SIGLEC2"]),
    ("CD33", &["CD33", "SIGLEC3"]),
    ("CD30", &["CD30", "TNFRSF8"]),
    ("CD52", &["CD52", "CAMPATH-1"]),
    ("SLAMF7", &["SLAMF7", "CD319"]),
    ("CLL1", &["CLL1", "CLEC12A", "CD371"]),
    ("CXCR4", &["CXCR4", "CD184"]),
    ("CCR4", &["CCR4", "CD194"]),
    ("CCR8", &["CCR8", "CDw198"]),
    ("DR5", &["DR5", "TNFRSF10B", "TRAIL-R2"]),
    ("GIPR", &["GIPR", "GIP receptor"]),
    ("GCGR", &["GCGR", "glucagon receptor"]),
    (
        "PCSK9",
        &["PCSK9", "proprotein convertase subtilisin/kexin type 9"],
    ),
    ("ANGPTL3", &["ANGPTL3", "angiopoietin-like 3"]),
    ("Lp(a)", &["Lp(a)", "LPA", "lipoprotein(a)"]),
    ("APOC3", &["APOC3", "apolipoprotein C-III"]),
    ("TTR", &["TTR", "transthyretin"]),
    ("FcRn", &["FcRn", "FCGRT"]),
    ("C5", &["C5", "complement C5"]),
    ("ITGB6", &["ITGB6", "integrin β6", "integrin beta 6"]),
];

/// One matcher over every target spelling; pattern index → canonical name.
pub(crate) struct TargetMatcher {
    pub ac: AhoCorasick,
    pub canonical: Vec<&'static str>,
}

pub(crate) static TARGET_MATCHER: LazyLock<TargetMatcher> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut canonical = Vec::new();
    for (name, spellings) in TARGETS {
        for s in *spellings {
            patterns.push(*s);
            canonical.push(*name);
        }
    }
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("target patterns build");
    TargetMatcher { ac, canonical }
});

/// Target mentions in `text` with word boundaries: (start, end, canonical name).
pub(crate) fn target_mentions(text: &str) -> Vec<(usize, usize, &'static str)> {
    let m = &*TARGET_MATCHER;
    let bytes = text.as_bytes();
    m.ac.find_iter(text)
        .filter(|f| {
            // "CD20xCD3" glues two targets with an x.
            let glued_x = |i: usize| bytes.get(i).is_some_and(|b| *b == b'x' || *b == b'X');
            let before_ok = f.start() == 0
                || !bytes
                    .get(f.start() - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric())
                || (glued_x(f.start() - 1)
                    && f.start() >= 2
                    && bytes
                        .get(f.start() - 2)
                        .is_some_and(|b| b.is_ascii_digit() || b.is_ascii_uppercase()));
            let after_ok = !bytes
                .get(f.end())
                .is_some_and(|b| b.is_ascii_alphanumeric())
                || (glued_x(f.end())
                    && bytes
                        .get(f.end() + 1)
                        .is_some_and(|b| b.is_ascii_uppercase()));
            before_ok && after_ok
        })
        .filter_map(|f| {
            m.canonical
                .get(f.pattern().as_usize())
                .map(|c| (f.start(), f.end(), *c))
        })
        .collect()
}

/// Whether a word is a target spelling (so it is not taken for a drug code).
pub(crate) fn is_target_word(word: &str) -> bool {
    TARGETS
        .iter()
        .any(|(_, spellings)| spellings.iter().any(|s| s.eq_ignore_ascii_case(word)))
}

/// Companies well known enough to be recognised by name alone (normalised spelling, display name).
pub(crate) const KNOWN_COMPANIES: &[&str] = &[
    "Takeda",
    "Pfizer",
    "Merck",
    "MSD",
    "AstraZeneca",
    "Novartis",
    "Roche",
    "Genentech",
    "Bristol Myers Squibb",
    "Bristol-Myers Squibb",
    "BMS",
    "GSK",
    "GlaxoSmithKline",
    "Sanofi",
    "AbbVie",
    "Amgen",
    "Eli Lilly",
    "Lilly",
    "Bayer",
    "Boehringer Ingelheim",
    "Johnson & Johnson",
    "Janssen",
    "Gilead",
    "Regeneron",
    "Daiichi Sankyo",
    "Astellas",
    "Eisai",
    "BeiGene",
    "BioNTech",
    "Moderna",
    "Biogen",
    "Vertex",
    "Ipsen",
    "Servier",
    "Incyte",
    "Exelixis",
    "Seagen",
    "Summit",
    "Akeso",
    "Hengrui",
    "Hansoh",
    "CSPC",
    "Zai Lab",
    "Hutchmed",
    "Kelun",
    "Innovent",
    "Junshi",
    "Henlius",
    "Ono",
    "Otsuka",
    "Chugai",
    "Kyowa Kirin",
    "Novo Nordisk",
    "Teva",
    "Jazz",
    "Merck KGaA",
    "Sino Biopharm",
    "Hansoh Pharma",
    "Kelun-Biotech",
    "Biotheus",
    "Instil Bio",
    "Avenzo",
    "Duality Biologics",
    "DualityBio",
    "Sichuan Biokin",
    "SystImmune",
    "Bicycle",
];

/// Trial-name prefixes that are never drug codes (KEYNOTE-407, CheckMate 227).
pub(crate) const NOT_DRUG_CODES: &[&str] = &[
    "COVID", "SARS", "HKEX", "SSE", "SZSE", "NASDAQ", "NYSE", "ISO", "GMP", "ECOG", "RECIST",
    "CTCAE", "FY", "ASCO", "ESMO", "AACR", "WCLC", "SABCS", "CSCO", "NCT", "CTR", "SID", "HR",
    "ORR", "DCR", "PFS", "OS", "CI", "NCCN", "TPS", "CPS", "ICD", "MedDRA", "GB", "HK",
];

/// Adverse-event terms recognised in prose ("Cytokine release syndrome occurred in 44.6%").
pub(crate) const AE_TERMS: &[&str] = &[
    "cytokine release syndrome",
    "immune effector cell-associated neurotoxicity syndrome",
    "ICANS",
    "febrile neutropenia",
    "neutropenia",
    "anemia",
    "anaemia",
    "thrombocytopenia",
    "leukopenia",
    "lymphopenia",
    "nausea",
    "vomiting",
    "diarrhea",
    "diarrhoea",
    "fatigue",
    "rash",
    "pruritus",
    "stomatitis",
    "alopecia",
    "interstitial lung disease",
    "pneumonitis",
    "infusion-related reactions",
    "infusion-related reaction",
    "hypertension",
    "proteinuria",
    "hepatotoxicity",
    "hyperglycemia",
    "hypothyroidism",
    "decreased appetite",
    "peripheral neuropathy",
    "neutrophil count decreased",
    "white blood cell count decreased",
    "platelet count decreased",
    "colitis",
    "hepatitis",
    "pyrexia",
    "arthralgia",
    "constipation",
    "asthenia",
    "dysgeusia",
    "keratopathy",
    "infections",
    "sepsis",
];

static AE_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(AE_TERMS)
        .expect("AE terms build")
});

/// The last adverse-event term in a stretch of text, and whether grade ≥3 is said of it.
pub(crate) fn ae_term_in(text: &str) -> Option<(String, bool)> {
    let bytes = text.as_bytes();
    let m = AE_AC
        .find_iter(text)
        .filter(|m| {
            (m.start() == 0
                || !bytes
                    .get(m.start() - 1)
                    .is_some_and(|b| b.is_ascii_alphanumeric()))
                && !bytes
                    .get(m.end())
                    .is_some_and(|b| b.is_ascii_alphanumeric())
        })
        .last()?;
    let term = text.get(m.start()..m.end())?.to_lowercase();
    let around = text.to_lowercase();
    let g3 = around.contains("grade 3 or 4")
        || around.contains("grade 3/4")
        || around.contains("grade 3-4")
        || around.contains("grade 3 to 4")
        || around.contains("grade ≥3")
        || around.contains("grade ≥ 3")
        || around.contains("grade 3 or higher")
        || around.contains("grade 3 or above")
        || around.contains("grade >=3")
        || around.contains("g3+");
    Some((term, g3))
}
