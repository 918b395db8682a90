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
