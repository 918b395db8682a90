//! Table tests of the asset passes.

use super::names::is_code;
use super::targets::definitional_targets;
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
    // Gene symbols outside the vocabulary, in a definition's context only.
    check_targets("a TROP7-directed T-cell engager", &["TROP7"]);
    check_targets("an antisense oligonucleotide targeting NOXR2", &["NOXR2"]);
    check_targets("an oral inhibitor of KLF9B and VPS5", &["KLF9B", "VPS5"]);
    check_targets("an anti-IL-41R monoclonal antibody", &["IL-41R"]);
    check_targets("the FDA granted BTD in NSCLC", &[]);
    check_targets("a pan-RAS(ON) inhibitor", &[]);
    check_targets("Quellix's QRX antibody-drug conjugate candidates", &[]);
    check_targets(
        "patients with a G12C mutation treated with ADC therapy",
        &[],
    );
    // Regression: a class of prior therapy, or a cue further on, is not the drug's target.
    check_targets(
        "a CDK2 inhibitor in HR+/HER2- breast cancer after CDK4/6 inhibitors",
        &["CDK2"],
    );
    check_targets(
        "in patients previously treated with a CDK4/6 inhibitor",
        &[],
    );
    check_targets("after progression on an EGFR inhibitor", &[]);
    check_targets(
        "who progressed after platinum chemotherapy and an anti-PD-1 antibody",
        &[],
    );
    // What the molecule does to its target, or a class member of it.
    check_targets(
        "an antibody that binds thymic stromal lymphopoietin",
        &["TSLP"],
    );
    check_targets("a subcutaneous siRNA that silences APOC3", &["APOC3"]);
    check_targets(
        "a bispecific that hits IL-4Rα and IL-31",
        &["IL-4Rα", "IL-31"],
    );
    check_targets(
        "a fully human monoclonal antibody against IL-4Rα",
        &["IL-4Rα"],
    );
    check_targets(
        "a small molecule inhibitor of complement factor B",
        &["complement factor B"],
    );
    check_targets("a TSLP x IL-13 bispecific in asthma", &["TSLP", "IL-13"]);
    check_targets(
        "a once-weekly GLP-1/glucagon dual agonist",
        &["GLP-1R", "glucagon receptor"],
    );
    check_targets("a CDK4-selective inhibitor", &["CDK4"]);
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
    // A joint possessive, and a name without suffix that defines its short name.
    check_assets(
        "The EC approved Vela Bio (NASDAQ: VLB) and Nordhavn Orphan Biologica's (Norbi) Velaxa (tarvotamab) for lymphoma.",
        &[("tarvotamab", &["Velaxa"], &["Vela Bio/developer", "Nordhavn Orphan Biologica/developer"])],
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
    check_short_form("NMZ", "nemitatug zovotecan", true);
    check_short_form("EV", "enfortumab vedotin", true);
    check_short_form("ADC", "delitatug sevotecan", false);
    check_short_form("DZS", "delitatug sevotecan", false);
    check_short_form("DS", "delitatug", false);
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

#[test]
fn inns_the_text_sets_beside_another_name() {
    // An INN with no known stem, tied to a code either way round, and its capitalised mention.
    check_assets(
        "Tarrow Bio announced results of velmorasto (TB-4410), an oral KRAS G12C inhibitor. Velmorasto was well tolerated.",
        &[("TB-4410", &["velmorasto"], &["Tarrow Bio/developer"])],
    );
    check_assets(
        "Tarrow Bio announced that TB-4410 (velmorasto) entered phase 3.",
        &[("TB-4410", &["velmorasto"], &["Tarrow Bio/developer"])],
    );
    // A brand marked, in capitals, or described as a drug, with its INN in the parenthesis; a
    // company's possessive makes it the company's own drug.
    check_assets(
        "The agency approved Quellan Health's Sorvexo (pindaglupride), a once-weekly dual agonist.",
        &[("pindaglupride", &["Sorvexo"], &["Quellan Health/developer"])],
    );
    // Brand, form and strength, then labelled names.
    check_assets(
        "Marren Pharma announced approval of OSTRIVA® Capsules 100 mg (generic name: belvaretant; development code: MRN-2207).",
        &[("MRN-2207", &["belvaretant", "OSTRIVA"], &["Marren Pharma/developer"])],
    );
    // A place and a word of prose in a parenthesis are no INNs.
    check_assets(
        "Fenwick Bio (Copenhagen) and Taiwan (mainland) announced nothing.",
        &[],
    );
    // A company's name is no drug, whatever stem it ends in.
    check_assets(
        "Halverson Bio announced that Halverson will acquire NV-651.",
        &[("NV-651", &[], &["Halverson Bio/developer"])],
    );
    // A study number glued to a code, and an amount in a currency, are no drugs.
    check_assets(
        "Tarrow Bio announced that TB-4410 met the endpoint of study TB4410-AD-201. Revenue was RMB812.6 million.",
        &[("TB-4410", &[], &["Tarrow Bio/developer"])],
    );
}

#[test]
fn companies_named_as_maker_or_licensor() {
    // "<drug> from <company>", with the company's seat.
    check_assets(
        "The agency listed KX-101 from Hangzhou-based Ostrel Biomedicine as a breakthrough therapy.",
        &[("KX-101", &[], &["Ostrel Biomedicine/developer"])],
    );
    // A licensor named in the next sentence that takes the drug up by its kind.
    check_assets(
        "Fenwick Therapeutics said the FDA accepted its filing for KX-101, an ADC. Fenwick in-licensed the ADC from Ostrel Pharma in 2023.",
        &[("KX-101", &[], &["Fenwick Therapeutics/developer", "Ostrel Pharma/partner"])],
    );
    // Licence rights "to develop, manufacture and commercialize" name a partner, not a CMO.
    check_assets(
        "Fenwick Bio announced a license agreement with Ostrel Therapeutics, granting Ostrel rights to develop, manufacture and commercialize KX-101.",
        &[("KX-101", &[], &["Fenwick Bio/developer", "Ostrel Therapeutics/partner"])],
    );
    // An institute is no company.
    check_assets(
        "Fenwick Bio announced KX-101 data, said an investigator of the Lindqvist Oncology Institute.",
        &[("KX-101", &[], &["Fenwick Bio/developer"])],
    );
}

fn check_modality(text: &str, expected: &[(&str, Option<&str>)]) {
    let mut ctx = Ctx::new("d", "d.txt", text);
    let cos = companies(&ctx);
    let got: Vec<(String, Option<String>)> = extract_assets(&mut ctx, &cos)
        .into_iter()
        .filter(|a| !a.comparator)
        .map(|a| (a.name().to_owned(), a.modality.clone()))
        .collect();
    let want: Vec<(String, Option<String>)> = expected
        .iter()
        .map(|(n, m)| ((*n).to_owned(), m.map(str::to_owned)))
        .collect();
    assert_eq!(got, want, "{text}");
}

#[test]
fn modality_as_the_text_states_it() {
    check_modality(
        "KX-101, a TSLP x IL-13 bispecific, entered phase 1.",
        &[("KX-101", Some("bispecific antibody"))],
    );
    check_modality(
        "KX-101 is a trispecific T-cell engager.",
        &[("KX-101", Some("trispecific T-cell engager"))],
    );
    // A class word alone: "<target> inhibitor" is a small molecule unless a stem says more.
    check_modality(
        "KX-101, a KAT6A inhibitor, entered phase 1.",
        &[("KX-101", Some("small molecule"))],
    );
    check_modality(
        "KX-101, a dual GLP-1/GIP receptor agonist, entered phase 1.",
        &[("KX-101", Some("agonist"))],
    );
    // The molecule's kind taken up later in the sentence joins its class.
    check_modality(
        "The oral GLP-1 receptor agonist KX-101 cut weight by 12%, putting the small molecule among the leaders.",
        &[("KX-101", Some("small molecule agonist"))],
    );
    // Prior therapy is not the drug's class.
    check_modality(
        "KX-101, an ADC, was given after progression on a CDK4/6 inhibitor.",
        &[("KX-101", Some("ADC"))],
    );
}

/// The one-digit codes a paragraph sets up as drugs.
fn check_one_digit(text: &str, expected: &[&str]) {
    let got = super::names::one_digit_codes(text, &[]);
    assert_eq!(got, expected, "{text}");
}

#[test]
fn one_digit_codes_only_where_the_text_makes_them_drugs() {
    check_one_digit(
        "Marlow Bio said its candidate 'KTX-3' cut the rash.",
        &["KTX-3"],
    );
    check_one_digit("KTX-3 is an oral, selective MET inhibitor.", &["KTX-3"]);
    check_one_digit("RVL-9, a CD38-directed radioligand, was dosed.", &["RVL-9"]);
    check_one_digit(
        "GLP-1 is a gut hormone; PD-1 and IL-6 inhibitors, BCL-2 and HER-2 agonists.",
        &[],
    );
    check_one_digit(
        "The GLP-1 agonist and the PD-1 antibody; 'PD-1' blockade.",
        &[],
    );
    check_one_digit(
        "CASTOR-2, a phase 3 trial of an antibody, met its endpoint.",
        &[],
    );
    check_one_digit("SRI-4 response was 51%; the ABC-2 study enrolled 40.", &[]);
}

#[test]
fn brands_given_after_the_inn() {
    check_assets(
        "The agency cleared velmorinib (Quentara) for gout; velmorinib is oral.",
        &[("velmorinib", &["Quentara"], &[])],
    );
    check_assets(
        "Velmorinib is an oral URAT1 inhibitor and will be marketed as Quentara.",
        &[("Velmorinib", &["Quentara"], &[])],
    );
    // A place or an acronym in the parenthesis is no brand.
    check_assets(
        "Sales of velmorinib (China) grew; velmorinib (ORR) too.",
        &[("velmorinib", &[], &[])],
    );
}

#[test]
fn targets_after_both_a_bracketed_symbol_and_not_a_listing() {
    check_targets(
        "an antibody that neutralises both IL-17A and IL-17F",
        &["IL-17A", "IL-17F"],
    );
    check_targets(
        "an oral Smoothened (SMO) inhibitor for medulloblastoma",
        &["SMO"],
    );
    check_targets("the drug, an anti-C5aR1 monoclonal antibody", &["C5aR1"]);
    check_targets(
        "an oral EGFR exon 20 insertion selective inhibitor",
        &["EGFR"],
    );
    check_targets(
        "Orca Oncology AG (SIX: ORCX), a radiopharmaceutical company",
        &[],
    );
}
