//! Trial-arm comparison: any arms, from any trials, side by side as an endpoints × arms table,
//! with each figure's 95% interval either as reported or derived exactly from its counts.
//!
//! A derived interval is only offered when the counts are certain: the result is a percentage
//! of a known n, and exactly one whole responder count `k` reproduces the printed percentage
//! at its printed precision ([`atlas_stats::responders`]). A subgroup figure never borrows the
//! arm's n — only its own. Everything derived says so and says from what (`k/n`), so an
//! analyst can tell our arithmetic from the authors' statistics.

use atlas_model::{Arm, ArmResult, Dataset, DerivedFrom, Trial};

/// Which results of the compared arms to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SubgroupFilter {
    /// Every result; each subgroup is its own row.
    #[default]
    All,
    /// Only whole-population results (no subgroup).
    Overall,
    /// Only the results of this subgroup.
    Only(String),
}

/// The URL value of [`SubgroupFilter::Overall`].
pub const OVERALL_PARAM: &str = "overall";

impl SubgroupFilter {
    /// From the `sub` URL parameter: absent or empty = all, `overall`, else a subgroup name.
    pub fn from_param(param: Option<&str>) -> SubgroupFilter {
        match param.map(str::trim) {
            None | Some("") => SubgroupFilter::All,
            Some(OVERALL_PARAM) => SubgroupFilter::Overall,
            Some(name) => SubgroupFilter::Only(name.to_owned()),
        }
    }

    /// The inverse of [`SubgroupFilter::from_param`].
    pub fn to_param(&self) -> Option<String> {
        match self {
            SubgroupFilter::All => None,
            SubgroupFilter::Overall => Some(OVERALL_PARAM.to_owned()),
            SubgroupFilter::Only(name) => Some(name.clone()),
        }
    }

    /// Whether a result of this subgroup (`None` = whole population) is shown.
    pub fn accepts(&self, subgroup: Option<&str>) -> bool {
        match self {
            SubgroupFilter::All => true,
            SubgroupFilter::Overall => subgroup.is_none(),
            SubgroupFilter::Only(name) => subgroup == Some(name.as_str()),
        }
    }
}

/// One compared arm.
#[derive(Clone, Debug)]
pub struct ArmColumn<'a> {
    pub trial: &'a Trial,
    pub arm: &'a Arm,
    /// See [`trial_label`].
    pub trial_label: String,
    /// Names of the assets the trial studies (ids when an asset is unknown).
    pub asset_names: Vec<String>,
    /// Every result of the arm is a figure a document quotes from another trial.
    pub cited: bool,
}

/// What a table row is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowKey {
    pub endpoint: String,
    /// `None` for the whole population.
    pub subgroup: Option<String>,
    pub timepoint: Option<String>,
}

/// Where a 95% interval comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CiSource {
    /// Printed in the document.
    Reported,
    /// Computed by us (exact Clopper–Pearson), from these counts when known.
    Derived(Option<DerivedFrom>),
}

/// A 95% confidence interval in the result's unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ci {
    pub low: f64,
    pub high: f64,
    pub source: CiSource,
}

/// One figure in the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell<'a> {
    pub result: &'a ArmResult,
    /// The n this figure is a share of: the result's own, else (whole population only) the arm's.
    pub n: Option<u32>,
    pub ci: Option<Ci>,
}

/// One endpoint (in one subgroup, at one timepoint) across the compared arms.
#[derive(Clone, Debug)]
pub struct Row<'a> {
    pub key: RowKey,
    /// One entry per column; several figures when documents disagree, none when not reported.
    pub cells: Vec<Vec<Cell<'a>>>,
}

/// The endpoints × arms table for a list of arm ids.
#[derive(Clone, Debug)]
pub struct Comparison<'a> {
    /// The arms found, in the order asked for, each once.
    pub columns: Vec<ArmColumn<'a>>,
    /// Requested ids that name no arm (a stale link), in order.
    pub unknown: Vec<String>,
    /// Subgroups present among the compared arms' results, in order of appearance.
    pub subgroups: Vec<String>,
    /// Whether any compared result is of the whole population.
    pub has_overall: bool,
    pub rows: Vec<Row<'a>>,
}

/// One point of a forest plot: an arm's figure for a rate endpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct ForestPoint {
    pub column_idx: usize,
    /// Percent, 0–100.
    pub value: f64,
    pub ci: Option<Ci>,
    pub n: Option<u32>,
}

/// A forest plot of one rate endpoint row.
#[derive(Clone, Debug, PartialEq)]
pub struct Forest {
    pub key: RowKey,
    pub points: Vec<ForestPoint>,
}

/// Build the comparison of `arm_ids` showing the results `filter` accepts.
pub fn compare<'a>(ds: &'a Dataset, arm_ids: &[String], filter: &SubgroupFilter) -> Comparison<'a> {
    let mut columns: Vec<ArmColumn<'a>> = Vec::new();
    let mut unknown = Vec::new();
    for arm_id in arm_ids {
        if columns.iter().any(|c| &c.arm.id == arm_id) || unknown.contains(arm_id) {
            continue;
        }
        match ds.arm(arm_id) {
            Some((trial, arm)) => columns.push(column(ds, trial, arm)),
            None => unknown.push(arm_id.clone()),
        }
    }

    let mut subgroups: Vec<String> = Vec::new();
    let mut has_overall = false;
    for r in columns.iter().flat_map(|c| &c.arm.results) {
        match &r.subgroup {
            Some(s) if !subgroups.contains(s) => subgroups.push(s.clone()),
            Some(_) => {}
            None => has_overall = true,
        }
    }

    let mut keys: Vec<RowKey> = Vec::new();
    for r in columns.iter().flat_map(|c| &c.arm.results) {
        let key = row_key(r);
        if filter.accepts(key.subgroup.as_deref()) && !keys.contains(&key) {
            keys.push(key);
        }
    }
    // Endpoints in order of first appearance; within one, the whole population first.
    let endpoint_order: Vec<&str> = keys.iter().fold(Vec::new(), |mut acc, k| {
        if !acc.contains(&k.endpoint.as_str()) {
            acc.push(k.endpoint.as_str());
        }
        acc
    });
    let rank = |k: &RowKey| {
        let pos = endpoint_order
            .iter()
            .position(|e| *e == k.endpoint)
            .unwrap_or(usize::MAX);
        (pos, k.subgroup.is_some())
    };
    let mut ordered = keys.clone();
    ordered.sort_by_key(|k| rank(k));

    let rows = ordered
        .into_iter()
        .map(|key| {
            let cells = columns
                .iter()
                .map(|c| {
                    c.arm
                        .results
                        .iter()
                        .filter(|r| row_key(r) == key)
                        .map(|r| cell(r, c.arm))
                        .collect()
                })
                .collect();
            Row { key, cells }
        })
        .collect();

    Comparison {
        columns,
        unknown,
        subgroups,
        has_overall,
        rows,
    }
}

impl Comparison<'_> {
    /// A forest plot for every row that has a percentage in at least one arm.
    pub fn forests(&self) -> Vec<Forest> {
        self.rows
            .iter()
            .filter_map(|row| {
                let points: Vec<ForestPoint> = row
                    .cells
                    .iter()
                    .enumerate()
                    .filter_map(|(column_idx, cells)| {
                        let cell = cells.first()?;
                        let value = rate_value(cell.result)?;
                        Some(ForestPoint {
                            column_idx,
                            value,
                            ci: cell.ci,
                            n: cell.n,
                        })
                    })
                    .collect();
                (!points.is_empty()).then(|| Forest {
                    key: row.key.clone(),
                    points,
                })
            })
            .collect()
    }

    /// The arm ids of the columns, in order (for links that keep or change the selection).
    pub fn arm_ids(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.arm.id.clone()).collect()
    }
}

/// The n a figure is a share of: its own n, or the arm's when it is a whole-population figure
/// that fits it. A percentage no whole count of the arm reproduces (65.2% of 22) belongs to
/// another population, so it gets no n rather than a wrong one.
pub fn analysis_n(result: &ArmResult, arm: &Arm) -> Option<u32> {
    if result.n.is_some() {
        return result.n;
    }
    if result.subgroup.is_some() {
        return None;
    }
    let n = arm.n?;
    match rate_value(result) {
        Some(v) if result.qualifier.is_none() => reproducible(v, n).then_some(n),
        _ => Some(n),
    }
}

/// Whether some whole count k of n prints as `pct` at its printed precision.
fn reproducible(pct: f64, n: u32) -> bool {
    let places = decimals(pct);
    let target = atlas_stats::round_to(pct, places as i32);
    let approx = (pct / 100.0 * f64::from(n)).round();
    [approx - 1.0, approx, approx + 1.0]
        .into_iter()
        .filter(|k| (0.0..=f64::from(n)).contains(k))
        .any(|k| atlas_stats::round_to(k * 100.0 / f64::from(n), places as i32) == target)
}

/// The reported interval, else one derived exactly from the counts when they are certain.
pub fn interval(result: &ArmResult, n: Option<u32>) -> Option<Ci> {
    if let (Some(low), Some(high)) = (result.ci_low, result.ci_high) {
        let source = if result.ci_source.as_deref() == Some("derived") {
            CiSource::Derived(result.derived_from)
        } else {
            CiSource::Reported
        };
        return Some(Ci { low, high, source });
    }
    let value = rate_value(result)?;
    if result.qualifier.is_some() {
        return None;
    }
    let n = n?;
    let k = atlas_stats::responders(value, n, decimals(value))?;
    let (low, high) = atlas_stats::clopper_pearson_pct(k, n)?;
    Some(Ci {
        low,
        high,
        source: CiSource::Derived(Some(DerivedFrom { k, n })),
    })
}

/// The value of a percentage result, when it has one within 0–100.
pub fn rate_value(result: &ArmResult) -> Option<f64> {
    let v = result.value?;
    (result.unit.as_deref() == Some("%") && (0.0..=100.0).contains(&v)).then_some(v)
}

/// The arms "compare the arms of this trial" offers: the trial's own arms, then the arms of
/// other trials with a figure that a document of this trial cites (for example the
/// KEYNOTE-407 rates a press release quotes next to its own).
pub fn trial_comparison_arms(ds: &Dataset, trial_id: &str) -> Vec<String> {
    let Some(trial) = ds.trials.iter().find(|t| t.id == trial_id) else {
        return Vec::new();
    };
    let docs = trial_documents(trial);
    let mut out: Vec<String> = trial.arms.iter().map(|a| a.id.clone()).collect();
    for other in ds.trials.iter().filter(|t| t.id != trial_id) {
        for arm in &other.arms {
            let quoted_here = arm
                .results
                .iter()
                .any(|r| r.cited && r.evidence.iter().any(|e| docs.contains(&e.doc.as_str())));
            let shares_doc = trial_documents(other).iter().any(|d| docs.contains(d));
            if (quoted_here || (shares_doc && arm.results.iter().any(|r| r.cited)))
                && !out.contains(&arm.id)
            {
                out.push(arm.id.clone());
            }
        }
    }
    out
}

/// Ids of every document a trial, its arms or their results cite.
fn trial_documents(trial: &Trial) -> Vec<&str> {
    let mut docs: Vec<&str> = Vec::new();
    let evidence = trial
        .evidence
        .iter()
        .chain(trial.arms.iter().flat_map(|a| &a.evidence))
        .chain(
            trial
                .arms
                .iter()
                .flat_map(|a| a.results.iter().flat_map(|r| &r.evidence)),
        );
    for e in evidence {
        if !docs.contains(&e.doc.as_str()) {
            docs.push(e.doc.as_str());
        }
    }
    docs
}

/// How a trial is named on screen: its name, else its first registry id, else its assets and
/// phase (`IBI363 Phase 1`), else its id.
pub fn trial_label(ds: &Dataset, trial: &Trial) -> String {
    trial_label_with(trial, |id| ds.asset(id).map(|a| a.name.as_str()))
}

/// [`trial_label`] with asset names from a lookup (for exports that name many trials).
pub(crate) fn trial_label_with<'a>(
    trial: &Trial,
    asset_name: impl Fn(&str) -> Option<&'a str>,
) -> String {
    if let Some(name) = trial
        .name
        .clone()
        .or_else(|| trial.registry_ids.first().cloned())
    {
        return name;
    }
    let assets: Vec<&str> = trial
        .assets
        .iter()
        .filter_map(|id| asset_name(id))
        .collect();
    if assets.is_empty() {
        return trial.id.clone();
    }
    let assets = assets.join(" + ");
    match &trial.phase {
        Some(phase) => format!("{assets} {phase}"),
        None => assets,
    }
}

fn column<'a>(ds: &'a Dataset, trial: &'a Trial, arm: &'a Arm) -> ArmColumn<'a> {
    let trial_label = trial_label(ds, trial);
    let asset_names = trial
        .assets
        .iter()
        .map(|id| ds.asset(id).map_or_else(|| id.clone(), |a| a.name.clone()))
        .collect();
    let cited = !arm.results.is_empty() && arm.results.iter().all(|r| r.cited);
    ArmColumn {
        trial,
        arm,
        trial_label,
        asset_names,
        cited,
    }
}

fn row_key(r: &ArmResult) -> RowKey {
    RowKey {
        endpoint: r.endpoint.clone(),
        subgroup: r.subgroup.clone(),
        timepoint: r.timepoint.clone(),
    }
}

fn cell<'a>(result: &'a ArmResult, arm: &Arm) -> Cell<'a> {
    let n = analysis_n(result, arm);
    Cell {
        result,
        n,
        ci: interval(result, n),
    }
}

/// Decimal places of a value as printed (`86.4` → 1, `100` → 0), at most 4. Printed by
/// [`crate::num::decimal`] rather than `{}`, which would link core's float formatting into
/// the viewer: a value read from a document with more than 4 decimals rounds to 4 first.
fn decimals(v: f64) -> u32 {
    let text = crate::num::decimal(v, 4);
    text.split_once('.')
        .map_or(0, |(_, frac)| frac.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    /// An expected row: endpoint, subgroup, first value per column.
    type ExpectedRow<'a> = (&'a str, Option<&'a str>, &'a [Option<f64>]);
    type TableRow = (String, Option<String>, Vec<Option<f64>>);
    type ForestSummary = (String, Vec<(usize, f64, Option<u32>)>);

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// (endpoint, subgroup) rows and, per column, the first value shown.
    fn check_table(arms: &[&str], filter: SubgroupFilter, expected: &[ExpectedRow<'_>]) {
        let ds = fixture::dataset();
        let cmp = compare(&ds, &ids(arms), &filter);
        let got: Vec<TableRow> = cmp
            .rows
            .iter()
            .map(|r| {
                let values = r
                    .cells
                    .iter()
                    .map(|c| c.first().and_then(|c| c.result.value))
                    .collect();
                (r.key.endpoint.clone(), r.key.subgroup.clone(), values)
            })
            .collect();
        let expected: Vec<TableRow> = expected
            .iter()
            .map(|(e, s, v)| (e.to_string(), s.map(str::to_owned), v.to_vec()))
            .collect();
        assert_eq!(got, expected, "compare({arms:?}, {filter:?})");
    }

    #[test]
    fn endpoints_by_arms() {
        let both = ["t-ibi/3-1-5", "t-kn407/pembro-chemo"];
        check_table(
            &both,
            SubgroupFilter::All,
            &[
                ("ORR", None, &[Some(86.4), None]),
                ("ORR", Some("squamous"), &[Some(85.7), None]),
                ("ORR", Some("non-squamous"), &[Some(87.5), None]),
                ("ORR", Some("PD-L1 1–49%"), &[None, Some(54.5)]),
                ("ORR", Some("PD-L1 <1%"), &[None, Some(67.4)]),
                ("cORR", None, &[Some(81.8), None]),
                ("DCR", None, &[Some(100.0), None]),
                ("mPFS", None, &[None, None]),
            ],
        );
        check_table(
            &both,
            SubgroupFilter::Overall,
            &[
                ("ORR", None, &[Some(86.4), None]),
                ("cORR", None, &[Some(81.8), None]),
                ("DCR", None, &[Some(100.0), None]),
                ("mPFS", None, &[None, None]),
            ],
        );
        check_table(
            &both,
            SubgroupFilter::Only("PD-L1 <1%".into()),
            &[("ORR", Some("PD-L1 <1%"), &[None, Some(67.4)])],
        );
        check_table(&both, SubgroupFilter::Only("nobody".into()), &[]);
        check_table(&[], SubgroupFilter::All, &[]);
        check_table(
            &["t-ibi/1-5", "t-lbl/mono"],
            SubgroupFilter::All,
            &[
                ("ORR", None, &[Some(57.9), Some(40.0)]),
                ("cORR", None, &[Some(42.1), None]),
            ],
        );
    }

    #[test]
    fn columns_keep_order_drop_duplicates_and_report_unknown_ids() {
        let ds = fixture::dataset();
        let cmp = compare(
            &ds,
            &ids(&[
                "t-lbl/mono",
                "gone/arm",
                "t-ibi/1-5",
                "t-lbl/mono",
                "gone/arm",
            ]),
            &SubgroupFilter::All,
        );
        assert_eq!(cmp.arm_ids(), ids(&["t-lbl/mono", "t-ibi/1-5"]));
        assert_eq!(cmp.unknown, ids(&["gone/arm"]));
        assert_eq!(cmp.columns[0].trial_label, "LBL-024 in EP-NEC");
        assert_eq!(cmp.columns[0].asset_names, ids(&["LBL-024"]));
        assert!(!cmp.columns[0].cited);
        let cited = compare(&ds, &ids(&["t-kn407/pembro-chemo"]), &SubgroupFilter::All);
        assert!(cited.columns[0].cited);
        assert_eq!(cited.subgroups, ids(&["PD-L1 1–49%", "PD-L1 <1%"]));
        assert!(!cited.has_overall);
    }

    fn check_interval(
        arm_id: &str,
        endpoint: &str,
        subgroup: Option<&str>,
        expected: Option<(f64, f64, CiSource)>,
    ) {
        let ds = fixture::dataset();
        let (_, arm) = ds.arm(arm_id).expect("fixture arm");
        let r = arm
            .results
            .iter()
            .find(|r| r.endpoint == endpoint && r.subgroup.as_deref() == subgroup)
            .expect("fixture result");
        let got = interval(r, analysis_n(r, arm)).map(|ci| (ci.low, ci.high, ci.source));
        assert_eq!(
            got, expected,
            "interval of {arm_id} {endpoint} {subgroup:?}"
        );
    }

    fn derived(k: u32, n: u32) -> CiSource {
        CiSource::Derived(Some(DerivedFrom { k, n }))
    }

    #[test]
    fn reported_or_derived_intervals() {
        // Printed in the document: kept as is.
        check_interval(
            "t-ibi/3-1-5",
            "cORR",
            None,
            Some((59.7, 94.8, CiSource::Reported)),
        );
        // 86.4% of 22 is 19 responders; exact interval.
        check_interval(
            "t-ibi/3-1-5",
            "ORR",
            None,
            Some((65.1, 97.1, derived(19, 22))),
        );
        // 100% of 22: the upper bound is 100.
        check_interval(
            "t-ibi/3-1-5",
            "DCR",
            None,
            Some((84.6, 100.0, derived(22, 22))),
        );
        // A subgroup with its own n.
        check_interval(
            "t-ibi/3-1-5",
            "ORR",
            Some("squamous"),
            Some((57.2, 98.2, derived(12, 14))),
        );
        // A subgroup without its own n never borrows the arm's.
        check_interval("t-kn407/pembro-chemo", "ORR", Some("PD-L1 <1%"), None);
        // Not a rate, or not reached.
        check_interval("t-ibi/3-1-5", "mPFS", None, None);
        check_interval(
            "t-lbl/mono",
            "ORR",
            None,
            Some((22.7, 59.4, derived(12, 30))),
        );
    }

    fn check_n(value: f64, unit: &str, arm_n: Option<u32>, expected: Option<u32>) {
        let r = ArmResult {
            unit: Some(unit.into()),
            ..fixture::rate("TRAE_G3", value, "d")
        };
        let arm = Arm {
            n: arm_n,
            ..Arm::default()
        };
        assert_eq!(
            analysis_n(&r, &arm),
            expected,
            "n of {value}{unit} in an arm of {arm_n:?}"
        );
    }

    #[test]
    fn a_rate_takes_the_arm_n_only_when_it_fits() {
        check_n(86.4, "%", Some(22), Some(22));
        // 65.2% is no whole number of 22 patients: another population.
        check_n(65.2, "%", Some(22), None);
        check_n(50.0, "%", Some(200), Some(200));
        check_n(5.8, "months", Some(22), Some(22));
        check_n(86.4, "%", None, None);
    }

    #[test]
    fn no_derived_interval_when_no_count_reproduces_the_value() {
        let r = fixture::rate("ORR", 50.0, "d");
        // 50% of 7 is 3.5: no whole count prints as 50%.
        assert_eq!(interval(&r, Some(7)), None);
        assert_eq!(interval(&r, None), None);
        let q = ArmResult {
            qualifier: Some("<".into()),
            ..fixture::rate("ORR", 5.0, "d")
        };
        assert_eq!(interval(&q, Some(20)), None);
        let stated = ArmResult {
            ci_low: Some(1.0),
            ci_high: Some(2.0),
            ci_source: Some("derived".into()),
            derived_from: Some(DerivedFrom { k: 3, n: 9 }),
            ..fixture::rate("ORR", 33.3, "d")
        };
        assert_eq!(
            interval(&stated, Some(9)).map(|c| c.source),
            Some(derived(3, 9))
        );
    }

    #[test]
    fn forests_for_rate_rows() {
        let ds = fixture::dataset();
        let cmp = compare(
            &ds,
            &ids(&["t-ibi/3-1-5", "t-ibi/1-5"]),
            &SubgroupFilter::Overall,
        );
        let forests = cmp.forests();
        let summary: Vec<ForestSummary> = forests
            .iter()
            .map(|f| {
                (
                    f.key.endpoint.clone(),
                    f.points
                        .iter()
                        .map(|p| (p.column_idx, p.value, p.n))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "ORR".to_owned(),
                    vec![(0, 86.4, Some(22)), (1, 57.9, Some(19))]
                ),
                (
                    "cORR".to_owned(),
                    vec![(0, 81.8, Some(22)), (1, 42.1, Some(19))]
                ),
                ("DCR".to_owned(), vec![(0, 100.0, Some(22))]),
            ]
        );
    }

    #[test]
    fn subgroup_filter_params_round_trip() {
        for filter in [
            SubgroupFilter::All,
            SubgroupFilter::Overall,
            SubgroupFilter::Only("PD-L1 <1%".into()),
        ] {
            assert_eq!(
                SubgroupFilter::from_param(filter.to_param().as_deref()),
                filter
            );
        }
        assert_eq!(SubgroupFilter::from_param(Some("")), SubgroupFilter::All);
    }

    #[test]
    fn trials_without_a_name_are_named_by_asset_and_phase() {
        let mut ds = fixture::dataset();
        let check = |ds: &Dataset, expected: &str| {
            let trial = ds.trials.first().expect("fixture trial");
            assert_eq!(trial_label(ds, trial), expected);
        };
        check(&ds, "IBI363 + PDC PoC");
        ds.trials[0].name = None;
        ds.trials[0].registry_ids = vec!["NCT05460767".into()];
        check(&ds, "NCT05460767");
        ds.trials[0].registry_ids.clear();
        check(&ds, "IBI363 Phase 1");
        ds.trials[0].phase = None;
        check(&ds, "IBI363");
        ds.trials[0].assets.clear();
        check(&ds, "t-ibi");
    }

    fn check_trial_arms(trial_id: &str, expected: &[&str]) {
        let ds = fixture::dataset();
        assert_eq!(
            trial_comparison_arms(&ds, trial_id),
            ids(expected),
            "trial {trial_id}"
        );
    }

    #[test]
    fn compare_the_arms_of_a_trial_includes_cited_comparators() {
        // KEYNOTE-407 is quoted by the IBI363 press release; KEYNOTE-189 by another document.
        check_trial_arms(
            "t-ibi",
            &["t-ibi/3-1-5", "t-ibi/1-5", "t-kn407/pembro-chemo"],
        );
        check_trial_arms("t-lbl", &["t-lbl/mono"]);
        check_trial_arms("no-such-trial", &[]);
    }
}
