//! CSV exports: one comparison, and every result of the dataset, each figure with its interval,
//! whether that interval is derived (and from what), and the sentence it came from.

use std::collections::HashMap;

use atlas_model::{Dataset, Evidence};

use crate::compare::{analysis_n, interval, trial_label_with, Ci, CiSource, Comparison};
use crate::csv::{number, CsvWriter};

/// The columns of [`comparison_csv`].
pub const COMPARISON_HEADER: [&str; 19] = [
    "endpoint",
    "subgroup",
    "timepoint",
    "arm_id",
    "trial",
    "arm",
    "assets",
    "qualifier",
    "value",
    "unit",
    "n",
    "ci_low",
    "ci_high",
    "ci_source",
    "derived_from",
    "cited",
    "derived",
    "document",
    "quote",
];

/// The columns of [`dataset_csv`].
pub const DATASET_HEADER: [&str; 22] = [
    "asset",
    "trial_id",
    "trial",
    "arm_id",
    "arm",
    "endpoint",
    "subgroup",
    "timepoint",
    "qualifier",
    "value",
    "unit",
    "n",
    "ci_low",
    "ci_high",
    "ci_source",
    "derived_from",
    "p_value",
    "cited",
    "derived",
    "flags",
    "document",
    "quote",
];

/// One line per figure shown in the comparison (row by row, arm by arm).
pub fn comparison_csv(cmp: &Comparison<'_>) -> String {
    let mut w = CsvWriter::new();
    w.record(COMPARISON_HEADER);
    for row in &cmp.rows {
        for (column, cells) in cmp.columns.iter().zip(&row.cells) {
            for cell in cells {
                let r = cell.result;
                let (ci_low, ci_high, ci_source, derived_from) = ci_fields(cell.ci);
                let (document, quote) = evidence_fields(&r.evidence);
                w.record([
                    r.endpoint.clone(),
                    opt(&r.subgroup),
                    opt(&r.timepoint),
                    column.arm.id.clone(),
                    column.trial_label.clone(),
                    column.arm.label.clone(),
                    column.asset_names.join("; "),
                    opt(&r.qualifier),
                    r.value.map(number).unwrap_or_default(),
                    opt(&r.unit),
                    cell.n.map(|n| n.to_string()).unwrap_or_default(),
                    ci_low,
                    ci_high,
                    ci_source,
                    derived_from,
                    r.cited.to_string(),
                    r.derived.to_string(),
                    document,
                    quote,
                ]);
            }
        }
    }
    w.finish()
}

/// One line per result of every arm of every trial, in dataset order. The interval is the
/// reported one, else one derived as on the comparison page.
pub fn dataset_csv(ds: &Dataset) -> String {
    let names: HashMap<&str, &str> = ds
        .assets
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    let mut w = CsvWriter::new();
    w.record(DATASET_HEADER);
    for trial in &ds.trials {
        let assets: Vec<&str> = trial
            .assets
            .iter()
            .map(|id| names.get(id.as_str()).copied().unwrap_or(id.as_str()))
            .collect();
        let trial_label = trial_label_with(trial, |id| names.get(id).copied());
        for arm in &trial.arms {
            for r in &arm.results {
                let n = analysis_n(r, arm);
                let (ci_low, ci_high, ci_source, derived_from) = ci_fields(interval(r, n));
                let (document, quote) = evidence_fields(&r.evidence);
                w.record([
                    assets.join("; "),
                    trial.id.clone(),
                    trial_label.clone(),
                    arm.id.clone(),
                    arm.label.clone(),
                    r.endpoint.clone(),
                    opt(&r.subgroup),
                    opt(&r.timepoint),
                    opt(&r.qualifier),
                    r.value.map(number).unwrap_or_default(),
                    opt(&r.unit),
                    n.map(|n| n.to_string()).unwrap_or_default(),
                    ci_low,
                    ci_high,
                    ci_source,
                    derived_from,
                    r.p_value.map(number).unwrap_or_default(),
                    r.cited.to_string(),
                    r.derived.to_string(),
                    r.flags.join("; "),
                    document,
                    quote,
                ]);
            }
        }
    }
    w.finish()
}

/// A result's derivation in words for a label: `from 19/22`.
pub fn derived_note(ci: &Ci) -> Option<String> {
    match ci.source {
        CiSource::Derived(Some(d)) => Some(format!("from {}/{}", d.k, d.n)),
        _ => None,
    }
}

fn ci_fields(ci: Option<Ci>) -> (String, String, String, String) {
    let Some(ci) = ci else {
        return Default::default();
    };
    let source = match ci.source {
        CiSource::Reported => "reported",
        CiSource::Derived(_) => "derived",
    };
    let from = match ci.source {
        CiSource::Derived(Some(d)) => format!("{}/{}", d.k, d.n),
        _ => String::new(),
    };
    (number(ci.low), number(ci.high), source.to_owned(), from)
}

/// Documents joined by `; `, quotes by ` | ` (most figures have exactly one).
fn evidence_fields(evidence: &[Evidence]) -> (String, String) {
    let docs: Vec<&str> = evidence.iter().map(|e| e.doc.as_str()).collect();
    let quotes: Vec<&str> = evidence.iter().map(|e| e.quote.as_str()).collect();
    (docs.join("; "), quotes.join(" | "))
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::{compare, SubgroupFilter};
    use crate::fixture;

    /// A tiny RFC 4180 reader, so the tests check what a spreadsheet would read back.
    fn parse(csv: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut chars = csv.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => field.push(c),
            }
        }
        rows
    }

    fn column<'a>(header: &[String], row: &'a [String], name: &str) -> &'a str {
        let idx = header
            .iter()
            .position(|h| h == name)
            .expect("column exists");
        row.get(idx).map(String::as_str).unwrap_or("")
    }

    #[test]
    fn comparison_export_reads_back() {
        let ds = fixture::dataset();
        let ids = vec!["t-ibi/3-1-5".to_owned(), "t-kn407/pembro-chemo".to_owned()];
        let cmp = compare(&ds, &ids, &SubgroupFilter::All);
        let rows = parse(&comparison_csv(&cmp));
        let (header, body) = rows.split_first().expect("a header");
        assert_eq!(header, &COMPARISON_HEADER.map(str::to_owned));
        // ORR, ORR×2 subgroups, ORR×2 cited, cORR, DCR, mPFS: one line per figure.
        assert_eq!(body.len(), 8);
        let check = |i: usize, name: &str, expected: &str| {
            let row = body.get(i).expect("row");
            assert_eq!(column(header, row, name), expected, "row {i} column {name}");
        };
        check(0, "endpoint", "ORR");
        check(0, "value", "86.4");
        check(0, "n", "22");
        check(0, "ci_source", "derived");
        check(0, "derived_from", "19/22");
        check(0, "ci_low", "65.1");
        check(0, "trial", "IBI363 + PDC PoC");
        check(0, "arm", "3→1.5 mg/kg");
        check(3, "subgroup", "PD-L1 1–49%");
        check(3, "cited", "true");
        check(3, "ci_source", "");
        check(5, "endpoint", "cORR");
        check(5, "ci_source", "reported");
        check(5, "ci_high", "94.8");
        check(7, "qualifier", "NR");
        check(7, "value", "");
        check(0, "document", "d-innovent");
        check(0, "quote", "ORR 86.4%");
    }

    #[test]
    fn dataset_export_has_one_line_per_result() {
        let ds = fixture::dataset();
        let rows = parse(&dataset_csv(&ds));
        let (header, body) = rows.split_first().expect("a header");
        assert_eq!(body.len(), ds.n_results());
        assert!(body.iter().all(|r| r.len() == DATASET_HEADER.len()));
        let lbl = body
            .iter()
            .find(|r| column(header, r, "arm_id") == "t-lbl/mono")
            .expect("the LBL-024 arm");
        assert_eq!(column(header, lbl, "asset"), "LBL-024");
        assert_eq!(column(header, lbl, "derived_from"), "12/30");
        assert_eq!(column(header, lbl, "ci_high"), "59.4");
    }

    #[test]
    fn derived_notes() {
        let ds = fixture::dataset();
        let (_, arm) = ds.arm("t-ibi/3-1-5").expect("fixture arm");
        let notes: Vec<Option<String>> = arm
            .results
            .iter()
            .map(|r| interval(r, analysis_n(r, arm)).and_then(|ci| derived_note(&ci)))
            .collect();
        assert_eq!(
            notes,
            vec![
                Some("from 19/22".to_owned()),
                None,
                Some("from 22/22".to_owned()),
                Some("from 12/14".to_owned()),
                Some("from 7/8".to_owned()),
                None
            ]
        );
    }
}
