use super::*;

fn results_of(text: &str) -> Vec<(String, String, Option<f64>, Option<String>)> {
    let mut ctx = Ctx::new("d", "d.txt", text);
    let trials = extract_trials(&mut ctx, &[]);
    trials
        .iter()
        .flat_map(|t| {
            t.arms.iter().flat_map(move |a| {
                a.results.iter().map(move |r| {
                    (
                        a.label.clone(),
                        r.endpoint.clone(),
                        r.value,
                        r.subgroup.clone(),
                    )
                })
            })
        })
        .collect()
}

fn check(text: &str, expected: &[(&str, &str, f64, Option<&str>)]) {
    let got = results_of(text);
    let want: Vec<(String, String, Option<f64>, Option<String>)> = expected
        .iter()
        .map(|(a, e, v, s)| {
            (
                (*a).to_owned(),
                (*e).to_owned(),
                Some(*v),
                s.map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(got, want, "{text}");
}

#[test]
fn prose_results_take_endpoint_arm_and_subgroup() {
    check(
        "The 2 mg/kg dose group (n=20) showed an ORR of 45.0% and a DCR of 85.0%.",
        &[
            ("2 mg/kg", "ORR", 45.0, None),
            ("2 mg/kg", "DCR", 85.0, None),
        ],
    );
    check(
        "For the 1 mg/kg (N = 10) and 2 mg/kg cohorts (N = 12), ORR was 40.0% (cORR: 30.0%) and 50.0% (cORR: 41.7%), respectively.",
        &[("1 mg/kg", "ORR", 40.0, None), ("1 mg/kg", "cORR", 30.0, None), ("2 mg/kg", "ORR", 50.0, None), ("2 mg/kg", "cORR", 41.7, None)],
    );
    check(
        "Grade ≥3 TRAEs occurred in 12.5% of patients.",
        &[("All patients", "TRAE_G3", 12.5, None)],
    );
    check("The most common TEAEs were nausea (any grade: 30.0%; grade ≥3: 5.0%) and rash (20.0%; 2.5%).", &[
        ("All patients", "AE:nausea", 30.0, None),
        ("All patients", "AE:nausea:G3", 5.0, None),
        ("All patients", "AE:rash", 20.0, None),
        ("All patients", "AE:rash:G3", 2.5, None),
    ]);
    check(
        "Median PFS was 7.4 months (95% CI: 5.5-9.2) and the HR for PFS was 0.62.",
        // The hazard ratio compares arms: a trial comparison, never an arm's result.
        &[("All patients", "mPFS", 7.4, None)],
    );
    check(
        "ORR and DCR were 36.4% and 81.8%, respectively.",
        &[
            ("All patients", "ORR", 36.4, None),
            ("All patients", "DCR", 81.8, None),
        ],
    );
}

#[test]
fn disease_background_is_no_result() {
    // Epidemiology in an "About <disease>" section or a prevalence sentence names no arm.
    check(
        "About Gastric Cancer\nThe 5-year overall survival rate is 30.0% in advanced disease.",
        &[],
    );
    check("Gastric cancer is the fifth most common cancer worldwide, with an overall survival rate of 30.0%.", &[]);
    check(
        "About the study\nIn the study, the ORR was 30.0%.",
        &[("All patients", "ORR", 30.0, None)],
    );
}

#[test]
fn masked_numbers_are_never_values() {
    // The 95 of "95% CI", biomarker cut-offs and doses are not results.
    check(
        "In patients with PD-L1 TPS ≥50%, the ORR was 60.0% (95% CI: 40.6-77.3).",
        &[("All patients", "ORR", 60.0, Some("PD-L1 TPS ≥50%"))],
    );
    check(
        "Baseline: 88.8% were male and 66.3% had squamous histology.",
        &[],
    );
}

#[test]
fn cited_trials_keep_their_own_arm() {
    let got = results_of("In the Keynote-407 study, in patients treated with pembrolizumab plus chemotherapy, the ORRs were 54.5% and 67.4% for the PD-L1 1-49% and PD-L1 <1% subgroups, respectively.");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].3.as_deref(), Some("PD-L1 1-49%"));
    assert_eq!(got[1].3.as_deref(), Some("PD-L1 <1%"));
}

#[test]
fn corr_interval_is_exactly_18_of_22() {
    let mut ctx = Ctx::new("d", "d.txt", "The 3 mg/kg dose group (n=22) showed ORR of 86.4% and confirmed ORR (cORR) of 81.8% (95% CI: 59.7-94.8).");
    let t = extract_trials(&mut ctx, &[]);
    let r = &t[0].arms[0].results;
    assert_eq!(r[1].endpoint, "cORR");
    assert_eq!(r[1].derived_from, Some(DerivedFrom { k: 18, n: 22 }));
    assert!(r[1].flags.is_empty(), "{:?}", r[1].flags);
    assert_eq!(
        (r[1].ci_low, r[1].ci_high, r[1].ci_source.as_deref()),
        (Some(59.7), Some(94.8), Some("reported"))
    );
    // ORR 86.4% of 22 is 19 responders: a derived interval, labelled as such.
    assert_eq!(r[0].derived_from, Some(DerivedFrom { k: 19, n: 22 }));
    assert_eq!(r[0].ci_source.as_deref(), Some("derived"));
}

#[test]
fn tables_read_rows_and_columns() {
    let text = "| Endpoint | Arm A (n=20) | Arm B (n=25) |\n|---|---|---|\n| ORR | 40.0% | 52.0% (31.3-72.2) |\n| mPFS, months | 5.6 | NR |\n";
    let got = results_of(text);
    assert_eq!(got[0], ("Arm A".into(), "ORR".into(), Some(40.0), None));
    assert_eq!(got[1], ("Arm A".into(), "mPFS".into(), Some(5.6), None));
    assert_eq!(got[2], ("Arm B".into(), "ORR".into(), Some(52.0), None));
}

/// (measure, value, ci_low, ci_high, subgroup) of a comparison.
type ComparisonRow = (
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    Option<String>,
);

fn comparisons_of(text: &str) -> Vec<ComparisonRow> {
    let mut ctx = Ctx::new("d", "d.txt", text);
    extract_trials(&mut ctx, &[])
        .iter()
        .flat_map(|t| t.comparisons.iter())
        .map(|c| {
            (
                c.measure.clone(),
                c.value,
                c.ci_low,
                c.ci_high,
                c.subgroup.clone(),
            )
        })
        .collect()
}

#[test]
fn hazard_ratios_are_trial_comparisons() {
    let got = comparisons_of(
        "Median PFS was 7.4 months versus 4.1 months (HR 0.62; 95% CI: 0.48-0.80; P<0.001).",
    );
    assert_eq!(
        got,
        [(
            "HR_PFS".to_owned(),
            Some(0.62),
            Some(0.48),
            Some(0.80),
            None
        )]
    );
    let got = comparisons_of("In the KRAS-mutant subgroup, the hazard ratio for death was 0.71.");
    assert_eq!(
        got,
        [(
            "HR_OS".to_owned(),
            Some(0.71),
            None,
            None,
            Some("KRAS-mutant".to_owned())
        )]
    );
}

/// Two cohorts named in one sentence, one per clause: each clause's figures are its cohort's.
/// Before `clause_arm`, the second figure of each clause (after another figure) went to a
/// pooled "All patients" arm.
#[test]
fn each_clause_keeps_the_cohort_it_names() {
    check(
        "In the 3 mg/kg cohort (n=30), the ORR was 20.0% and the DCR was 70.0%; in the 6 mg/kg cohort (n=28), the ORR was 35.7% and the DCR was 82.1%.",
        &[
            ("3 mg/kg", "ORR", 20.0, None),
            ("3 mg/kg", "DCR", 70.0, None),
            ("6 mg/kg", "ORR", 35.7, None),
            ("6 mg/kg", "DCR", 82.1, None),
        ],
    );
}

/// A sentence about two cohorts leaves the next sentence no arm to inherit, and in a study of
/// two cohorts a figure of neither stays unextracted (it used to inherit the last cohort the
/// sentence named, then went to an invented pooled arm); one said of all patients is pooled.
#[test]
fn a_sentence_about_two_cohorts_passes_on_no_arm() {
    check(
        "In the 3 mg/kg cohort, the ORR was 20.0%; in the 6 mg/kg cohort, the ORR was 35.7%. The median DOR was 7.1 months.",
        &[("3 mg/kg", "ORR", 20.0, None), ("6 mg/kg", "ORR", 35.7, None)],
    );
    check(
        "In the 3 mg/kg cohort, the ORR was 20.0%; in the 6 mg/kg cohort, the ORR was 35.7%. Across all patients, the median DOR was 7.1 months.",
        &[
            ("3 mg/kg", "ORR", 20.0, None),
            ("6 mg/kg", "ORR", 35.7, None),
            ("All patients", "mDoR", 7.1, None),
        ],
    );
}

#[test]
fn arms_named_by_schedule_or_by_a_table_column_and_carried_endpoints() {
    check(
        "Patients received the drug with daily dosing (n=40) or twice-weekly dosing (n=38). \
         With daily dosing, the ORR was 41%; with twice-weekly dosing, it was 36%.",
        &[
            ("daily dosing", "ORR", 41.0, None),
            ("twice-weekly dosing", "ORR", 36.0, None),
        ],
    );
    check(
        "| Response | MCL (n=40) | MZL (n=30) |\n|---|---|---|\n| ORR | 20 (50.0%) | 21 (70.0%) |\n\nThe 12-month PFS rate was 45.0% in MCL and 66.7% in MZL.",
        &[
            ("MCL", "ORR", 50.0, None),
            ("MCL", "PFS_RATE", 45.0, None),
            ("MZL", "ORR", 70.0, None),
            ("MZL", "PFS_RATE", 66.7, None),
        ],
    );
    check(
        "In the 20 mg arm, 44.0% of patients achieved bile acid normalisation. The 10 mg arm reached 31.0%.",
        &[
            ("20 mg", "bile acid normalisation", 44.0, None),
            ("10 mg", "bile acid normalisation", 31.0, None),
        ],
    );
}

#[test]
fn a_list_for_every_dose_of_an_escalation_follows_the_listed_order() {
    check(
        "Patients received 1.2 mg/kg (n=15), 1.8 mg/kg (n=16) or 2.4 mg/kg (n=19) of the drug. \
         Grade 3 or higher treatment-related adverse events occurred in 13.3%, 25.0% and 47.4% \
         of patients at the three dose levels, respectively.",
        &[
            ("1.2 mg/kg", "TRAE_G3", 13.3, None),
            ("1.8 mg/kg", "TRAE_G3", 25.0, None),
            ("2.4 mg/kg", "TRAE_G3", 47.4, None),
        ],
    );
}

#[test]
fn treatment_related_discontinuations_are_trae_discontinuations() {
    check(
        "In the single-arm study, treatment-related discontinuations were 6.3%.",
        &[("All patients", "TRAE_DISC", 6.3, None)],
    );
}

#[test]
fn a_median_in_weeks_keeps_its_unit() {
    check(
        "Patients received 2.2 mg/kg or 2.8 mg/kg. Median PFS was 5.5 mo at 2.2 mg/kg and 7.1 mo \
         at 2.8 mg/kg; median DOR at 2.8 mg/kg was 31.4 weeks.",
        &[
            ("2.2 mg/kg", "mPFS", 5.5, None),
            ("2.8 mg/kg", "mPFS", 7.1, None),
            ("2.8 mg/kg", "mDoR", 31.4, None),
        ],
    );
}
