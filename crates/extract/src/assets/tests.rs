//! Table tests of the asset passes.

use super::describe::definitional_targets;
use super::names::is_code;
use super::*;

/// (name, aliases, companies with roles) of the drugs a paragraph names.
fn check_assets(text: &str, expected: &[(&str, &[&str], &[&str])]) {
    let mut ctx = Ctx::new("d", "d.txt", text);
    let cos = companies(&ctx);
    let got: Vec<(String, Vec<String>, Vec<String>)> = extract_assets(&mut ctx, &cos)
        .into_iter()
        .filter(|a| !a.comparator)
        .map(|a| {
            let cs = a
                .companies
                .iter()
                .map(|c| format!("{}/{}", c.name, c.role))
                .collect();
            let mut names = a.names.clone();
            let name = names.remove(0);
            (name, names, cs)
        })
        .collect();
    let want: Vec<(String, Vec<String>, Vec<String>)> = expected
        .iter()
        .map(|(n, al, cs)| {
            (
                (*n).into(),
                al.iter().map(|s| (*s).into()).collect(),
                cs.iter().map(|s| (*s).into()).collect(),
            )
        })
        .collect();
    assert_eq!(got, want, "{text}");
}

#[test]
fn assets_names_and_companies_by_rule() {
    check_assets(
        "Velesin™ (Opatisumimab, LBL-024), a bispecific antibody from Leads Biolabs, was dosed.",
        &[(
            "LBL-024",
            &["Opatisumimab", "Velesin"],
            &["Leads Biolabs/developer"],
        )],
    );
    check_assets(
        "BOSTON -- Zymeworx today announced data for ZW-881 (Pfizer R&D code: PF-0771).",
        &[(
            "ZW-881",
            &["PF-0771"],
            &["Zymeworx/developer", "Pfizer/partner"],
        )],
    );
    check_assets(
        "The FDA has approved TELVA (relatamab, LUM-101), developed by Lumora Therapeutics, Inc.",
        &[(
            "LUM-101",
            &["relatamab", "TELVA"],
            &["Lumora Therapeutics/developer"],
        )],
    );
    check_assets(
        "Acme Bio entered into an exclusive license agreement with Zymeworx for AB-77, a PD-1 antibody.",
        &[("AB-77", &[], &["Acme Bio/developer", "Zymeworx/partner"])],
    );
    // Regression: "CLDN18.2" is a target, not a drug "CLDN18".
    check_assets(
        "AB-12, a CLDN18.2-targeting ADC from Acme Bio, was dosed.",
        &[("AB-12", &[], &["Acme Bio/developer"])],
    );
    check_assets(
        "AR-W1779, an AR inhibitor from Acme Bio, was dosed.",
        &[("AR-W1779", &[], &["Acme Bio/developer"])],
    );
    // The 2022 antibody stems: an ADC on -tug is one name, not a payload named alone.
    check_assets(
        "YL-4398 (ripolutug mafodotin), an ADC from Acme Bio, was dosed.",
        &[("YL-4398", &["ripolutug mafodotin"], &["Acme Bio/developer"])],
    );
    // Abstract numbers and years are no drug codes.
    check_assets("Abstract CT118 at ASCO2025 reported nothing new.", &[]);
}

fn check_targets(unit: &str, expected: &[&str]) {
    assert_eq!(definitional_targets(unit), expected, "{unit}");
}

#[test]
fn targets_come_from_definitions() {
    check_targets(
        "its first-in-class PD-1/IL-2α-bias bispecific fusion protein",
        &["PD-1", "IL-2Rα"],
    );
    check_targets(
        "a PD-L1/4-1BB bispecific antibody, for TNBC",
        &["PD-L1", "4-1BB"],
    );
    check_targets(
        "an ADC simultaneously targeting EGFR and HER3 in tumors",
        &["EGFR", "HER3"],
    );
    check_targets("a CD137 x ERBB3 bispecific antibody", &["4-1BB", "HER3"]);
    check_targets("blocking the PD-1/PD-L1 pathway", &[]);
    check_targets("patients with PD-L1 TPS < 1%", &[]);
    check_targets("a small-molecule KRAS G12D inhibitor", &["KRAS G12D"]);
    check_targets("an oral EGFR exon 20 insertion inhibitor", &["EGFR"]);
    check_targets("a CD40 selective agonist antibody", &["CD40"]);
    // Regression: a class of prior therapy, or a cue further on, is not the drug's target.
    check_targets(
        "a CDK2 inhibitor in HR+/HER2- breast cancer after CDK4/6 inhibitors",
        &[],
    );
    check_targets("a CD123 x CD3 bispecific antibody", &["CD123", "CD3"]);
}

fn check_code(word: &str, expected: bool) {
    assert_eq!(is_code(word), expected, "{word}");
}

#[test]
fn codes_exclude_targets_years_and_trial_words() {
    check_code("IBI363", true);
    check_code("LBL-024", true);
    check_code("SHR-A1811", true);
    check_code("CD137", false);
    check_code("ASCO2025", false);
    check_code("COVID-19", false);
}

#[test]
fn companies_by_how_the_text_ties_them() {
    // Possessives through a legal form and a stock code, plural possessives, lists.
    check_assets(
        "The regulator said Corvane Inc.'s QB-7710 and Hexley Biopharma Co., Ltd. (SZSE: 300871)'s HX-552 won breakthrough status.",
        &[
            ("QB-7710", &[], &["Corvane/developer"]),
            ("HX-552", &[], &["Hexley Biopharma/developer"]),
        ],
    );
    check_assets(
        "Fenwick signed a deal covering two of Larkspur Bio's ADC candidates: corvatamab sevotecan (HER3-SPX) and delitatug sevotecan (D-SPX).",
        &[
            ("corvatamab sevotecan", &["HER3-SPX"], &["Larkspur Bio/developer", "Fenwick/partner"]),
            ("delitatug sevotecan", &["D-SPX"], &["Larkspur Bio/developer", "Fenwick/partner"]),
        ],
    );
    // "The drug …" continues the previous sentence's drug.
    check_assets(
        "QB-7710 is an anti-LAG-3 antibody from Corvane Inc. The drug was licensed to Brightwater Oncology in May.",
        &[("QB-7710", &[], &["Corvane/developer", "Brightwater Oncology/licensee"])],
    );
    // An FDA approval names brand and maker in the INN's parenthesis.
    check_assets(
        "The FDA granted approval to ortaletinib (Zentravo, Pellham Pharmaceuticals, Inc.), a kinase inhibitor.",
        &[("ortaletinib", &["Zentravo"], &["Pellham Pharmaceuticals/developer"])],
    );
    // A registry sponsor field: the label on one line, the name on the next.
    check_assets(
        "A Study of LKB-2041 in Psoriasis\n\nLead Sponsor\nWexford Biosciences Co., Ltd.\n",
        &[("LKB-2041", &[], &["Wexford Biosciences/developer"])],
    );
    // Agencies are no companies.
    check_assets(
        "The US Food and Drug Administration (FDA) has granted fast track designation to ZL-9001.",
        &[("ZL-9001", &[], &[])],
    );
}

#[test]
fn names_the_text_defines() {
    // Shortened INNs in a parenthesis, and their later mentions.
    check_assets(
        "Heronsgate Cell Therapies presented results of lumicabtagene autoleucel (\"lumi-cel\"). Lumi-cel was well tolerated.",
        &[("lumicabtagene autoleucel", &["lumi-cel"], &["Heronsgate Cell Therapies/developer"])],
    );
    // Codes joined by "or", and a company-prefixed short code.
    check_assets(
        "Quenby Pharma announced that QP-3308 (also known as NVX9912044 or NVX'044) entered phase 3.",
        &[("QP-3308", &["NVX9912044", "NVX'044"], &["Quenby Pharma/developer"])],
    );
    // A code written once with a digit added is the same drug, not a second empty one.
    check_assets(
        "Acme Bio announced that LKB-2041 is in phase 2. Patients receive LKB-20141 or placebo, then LKB-2041.",
        &[("LKB-2041", &["LKB-20141"], &["Acme Bio/developer"])],
    );
    // Sibling codes one substitution apart stay two drugs.
    check_assets(
        "Acme Bio announced rights to HXN-1002 and HXN-1003.",
        &[
            ("HXN-1002", &[], &["Acme Bio/developer"]),
            ("HXN-1003", &[], &["Acme Bio/developer"]),
        ],
    );
    // An INN no stem list holds, named after a target and its class.
    check_assets(
        "Corbel Therapeutics announced that our HIF-2α inhibitor telvadifan entered phase 3.",
        &[("telvadifan", &[], &["Corbel Therapeutics/developer"])],
    );
}

fn check_short_form(short: &str, inn: &str, expected: bool) {
    assert_eq!(
        super::names::is_short_form(short, inn),
        expected,
        "{short} / {inn}"
    );
}

#[test]
fn short_forms_open_and_close_their_inn() {
    check_short_form("satri-cel", "satricabtagene autoleucel", true);
    check_short_form("Varna-S", "varnatabart sesutecan", true);
    check_short_form("D-SPX", "delitatug sevotecan", true);
    check_short_form("HER3-SPX", "corvatamab sevotecan", true);
    check_short_form("ORR-2", "delitatug sevotecan", false);
    check_short_form("ADC", "delitatug sevotecan", false);
    check_short_form("n-104", "lumicabtagene autoleucel", false);
}

fn check_apart(a: &str, b: &str, expected: bool) {
    assert_eq!(super::one_char_apart(a, b), expected, "{a} / {b}");
}

#[test]
fn near_duplicate_codes_differ_by_one_inserted_character() {
    check_apart("ABC1234", "ABC12345", true);
    check_apart("LKB-2041", "LKB-20141", true);
    check_apart("HXN-1002", "HXN-1003", false);
    check_apart("AB12", "AB123", false);
    check_apart("ABC1234", "XBC12345", false);
}

fn check_inn_like(word: &str, expected: bool) {
    assert_eq!(super::names::looks_like_inn(word), expected, "{word}");
}

#[test]
fn inn_like_words_are_not_english() {
    check_inn_like("telvadifan", true);
    check_inn_like("casparinol", true);
    check_inn_like("therapy", false);
    check_inn_like("treatment", false);
    check_inn_like("currently", false);
    check_inn_like("antibody", false);
}

fn check_wrapped(text: &str, expected: &[&str]) {
    let ctx = Ctx::new("d", "d.txt", text);
    let got: Vec<&str> = super::describe::wrapped_sentences(&ctx)
        .iter()
        .map(|u| ctx.unit_text(u))
        .collect();
    assert_eq!(got, expected, "{text:?}");
}

#[test]
fn hard_wrapped_sentences_are_joined() {
    check_wrapped(
        "- Corbel will test telvadifan with brevimotamig,\nan investigational PD-1/LAG-3 bispecific antibody",
        &["- Corbel will test telvadifan with brevimotamig,\nan investigational PD-1/LAG-3 bispecific antibody"],
    );
    // A short heading is no wrap.
    check_wrapped(
        "Pipeline Update\nThe company reported results.",
        &["Pipeline Update", "The company reported results."],
    );
    // A blank line is a paragraph break.
    check_wrapped(
        "First part of it\n\nsecond part.",
        &["First part of it", "second part."],
    );
}

#[test]
fn deal_counterparties_named_apart_from_the_drugs() {
    // The deal sentence names the companies, the next one the drugs.
    check_assets(
        "Sanofi signed a deal with Earendil Labs for two antibodies. HXN-1002 targets TL1A and HXN-1003 targets IL-23.",
        &[
            ("HXN-1002", &[], &["Sanofi/developer", "Earendil Labs/partner"]),
            ("HXN-1003", &[], &["Sanofi/developer", "Earendil Labs/partner"]),
        ],
    );
    // A "The drug …" sentence is the previous drug's deal, not the document's.
    check_assets(
        "Acme Bio announced that AB-101 won BTD. The drug was licensed to Zymeworx in May. AB-202 won priority review.",
        &[
            ("AB-101", &[], &["Acme Bio/developer", "Zymeworx/licensee"]),
            ("AB-202", &[], &["Acme Bio/developer"]),
        ],
    );
}
