//! The landscape: assets counted by target (or modality) × highest phase, each cell a link to
//! the search filtered to exactly those assets.
//!
//! Phases are bucketed by [`atlas_model::phase_rank`] (so `Phase Ib/II` and `Phase 1b/2`
//! share a column), but the search facet compares phase texts exactly; a cell therefore keeps
//! every phase text it holds and its filter repeats `phase=` once per text (values of one
//! facet are alternatives). Comparator drugs are left out: the landscape is of programmes.

use std::collections::HashMap;

use atlas_model::{phase_rank, Dataset, EventKind};

/// What the rows are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Axis {
    #[default]
    Target,
    Modality,
}

impl Axis {
    /// The URL value and search facet key: `target` or `modality`.
    pub fn key(self) -> &'static str {
        match self {
            Axis::Target => "target",
            Axis::Modality => "modality",
        }
    }

    /// From the `by` URL parameter; anything unknown is the default (target).
    pub fn from_param(param: Option<&str>) -> Axis {
        match param {
            Some("modality") => Axis::Modality,
            _ => Axis::Target,
        }
    }

    /// A capitalised label for headings.
    pub fn label(self) -> &'static str {
        match self {
            Axis::Target => "Target",
            Axis::Modality => "Modality",
        }
    }
}

/// A phase column: ranks (see [`phase_rank`]) from `min_rank` to `max_rank`, or no phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhaseColumn {
    pub label: &'static str,
    /// `None` for assets with no stated phase.
    pub ranks: Option<(u8, u8)>,
}

/// The columns, earliest phase first, then approved, then no phase stated.
pub const COLUMNS: [PhaseColumn; 8] = [
    PhaseColumn {
        label: "Phase 1",
        ranks: Some((0, 2)),
    },
    PhaseColumn {
        label: "Phase 1/2",
        ranks: Some((3, 3)),
    },
    PhaseColumn {
        label: "Phase 2",
        ranks: Some((4, 4)),
    },
    PhaseColumn {
        label: "Phase 2/3",
        ranks: Some((5, 5)),
    },
    PhaseColumn {
        label: "Phase 3",
        ranks: Some((6, 6)),
    },
    PhaseColumn {
        label: "Phase 4",
        ranks: Some((7, 9)),
    },
    PhaseColumn {
        label: "Approved",
        ranks: Some((10, 10)),
    },
    PhaseColumn {
        label: "No phase stated",
        ranks: None,
    },
];

/// The assets of one row in one phase column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LandscapeCell {
    /// In dataset order.
    pub asset_ids: Vec<String>,
    /// The exact highest-phase texts of those assets (empty in the no-phase column).
    pub phases: Vec<String>,
}

/// One target or modality.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LandscapeRow {
    /// The target or modality; `None` for assets that state none.
    pub value: Option<String>,
    /// One per [`COLUMNS`] entry.
    pub cells: Vec<LandscapeCell>,
    pub total: usize,
}

/// The matrix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Landscape {
    pub axis: Axis,
    /// Most assets first, then by name; the "none stated" row last.
    pub rows: Vec<LandscapeRow>,
    /// Comparator drugs not counted.
    pub n_comparators_left_out: usize,
}

impl LandscapeRow {
    /// The search filters that select exactly this cell's assets, or `None` when the search
    /// cannot express it (no value stated, or no phase stated).
    pub fn cell_filters(&self, axis: Axis, column_idx: usize) -> Option<Vec<(String, String)>> {
        let value = self.value.as_ref()?;
        let cell = self.cells.get(column_idx)?;
        if cell.phases.is_empty() {
            return None;
        }
        let mut filters = vec![(axis.key().to_owned(), value.clone())];
        filters.extend(cell.phases.iter().map(|p| ("phase".to_owned(), p.clone())));
        Some(filters)
    }
}

/// Count the dataset's programme assets by `axis` × phase.
pub fn landscape(ds: &Dataset, axis: Axis) -> Landscape {
    let phases = phases_by_asset(ds);
    landscape_of(
        ds.assets
            .iter()
            .map(|a| LandscapeAsset {
                id: &a.id,
                targets: &a.targets,
                modality: a.modality.as_deref(),
                phase: phases.get(a.id.as_str()).map(String::as_str),
                comparator: a.comparator,
            })
            .collect(),
        axis,
    )
}

/// What the landscape needs of one asset; a sharded atlas has it in its search index.
pub struct LandscapeAsset<'a> {
    pub id: &'a str,
    pub targets: &'a [String],
    pub modality: Option<&'a str>,
    /// The highest phase.
    pub phase: Option<&'a str>,
    pub comparator: bool,
}

/// Count programme assets by `axis` × phase. (A `Vec`, not an iterator: one compiled copy for
/// both callers keeps the wasm smaller.)
pub fn landscape_of(assets: Vec<LandscapeAsset<'_>>, axis: Axis) -> Landscape {
    let mut rows: Vec<LandscapeRow> = Vec::new();
    let mut row_positions: HashMap<Option<String>, usize> = HashMap::new();
    let mut n_comparators_left_out = 0;
    for asset in assets {
        if asset.comparator {
            n_comparators_left_out += 1;
            continue;
        }
        let phase = asset.phase.map(str::to_owned);
        let column_idx = column_of(phase.as_deref());
        let values: Vec<Option<String>> = match axis {
            Axis::Target if !asset.targets.is_empty() => {
                asset.targets.iter().cloned().map(Some).collect()
            }
            Axis::Modality if asset.modality.is_some() => {
                vec![asset.modality.map(str::to_owned)]
            }
            _ => vec![None],
        };
        // An asset listing a target twice counts once.
        let mut values = values;
        values.sort_unstable();
        values.dedup();
        for value in values {
            let row_idx = *row_positions.entry(value.clone()).or_insert_with(|| {
                rows.push(LandscapeRow {
                    value,
                    cells: vec![LandscapeCell::default(); COLUMNS.len()],
                    total: 0,
                });
                rows.len() - 1
            });
            let Some(row) = rows.get_mut(row_idx) else {
                continue;
            };
            let Some(cell) = row.cells.get_mut(column_idx) else {
                continue;
            };
            cell.asset_ids.push(asset.id.to_owned());
            if let Some(p) = &phase {
                if !cell.phases.contains(p) {
                    cell.phases.push(p.clone());
                }
            }
            row.total += 1;
        }
    }
    rows.sort_unstable_by(|a, b| {
        a.value
            .is_none()
            .cmp(&b.value.is_none())
            .then(b.total.cmp(&a.total))
            .then_with(|| {
                let name = |r: &LandscapeRow| r.value.as_deref().unwrap_or("").to_lowercase();
                name(a).cmp(&name(b))
            })
    });
    Landscape {
        axis,
        rows,
        n_comparators_left_out,
    }
}

/// [`atlas_model::highest_phase`] of every asset that has one, in one pass over events and
/// trials (calling it per asset would scan the whole dataset once per asset).
pub fn phases_by_asset(ds: &Dataset) -> HashMap<&str, String> {
    let mut best: HashMap<&str, (u8, &str)> = HashMap::new();
    for t in &ds.trials {
        let Some((rank, text)) = t
            .phase
            .as_deref()
            .and_then(|p| phase_rank(p).map(|r| (r, p)))
        else {
            continue;
        };
        for asset_id in &t.assets {
            let slot = best.entry(asset_id.as_str()).or_insert((rank, text));
            if rank > slot.0 {
                *slot = (rank, text);
            }
        }
    }
    let mut out: HashMap<&str, String> = best
        .into_iter()
        .map(|(id, (_, text))| (id, text.to_owned()))
        .collect();
    for e in ds.events.iter().filter(|e| e.kind == EventKind::Approval) {
        if let Some(asset_id) = e.asset.as_deref() {
            out.insert(asset_id, "Approved".to_owned());
        }
    }
    out
}

/// The column index of a highest-phase text.
pub fn column_of(phase: Option<&str>) -> usize {
    let rank = phase.and_then(phase_rank);
    COLUMNS
        .iter()
        .position(|c| match (c.ranks, rank) {
            (Some((lo, hi)), Some(r)) => (lo..=hi).contains(&r),
            (None, None) => true,
            _ => false,
        })
        .unwrap_or(COLUMNS.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    fn check_column(phase: Option<&str>, expected: &str) {
        let got = COLUMNS.get(column_of(phase)).map(|c| c.label);
        assert_eq!(got, Some(expected), "column_of({phase:?})");
    }

    #[test]
    fn phase_columns() {
        check_column(Some("Phase 1"), "Phase 1");
        check_column(Some("Phase Ib/II"), "Phase 1/2");
        check_column(Some("Phase 1b/2"), "Phase 1/2");
        check_column(Some("Phase II"), "Phase 2");
        check_column(Some("Phase 2/3"), "Phase 2/3");
        check_column(Some("Phase III"), "Phase 3");
        check_column(Some("Phase 4"), "Phase 4");
        check_column(Some("Approved"), "Approved");
        check_column(Some("preclinical"), "No phase stated");
        check_column(None, "No phase stated");
    }

    type ExpectedRow<'a> = (Option<&'a str>, &'a [(&'a str, &'a [&'a str])]);
    type Row = (Option<String>, Vec<(String, Vec<String>)>);

    /// (row value, [(column label, asset ids)]) for the non-empty cells.
    fn check(axis: Axis, expected: &[ExpectedRow<'_>]) {
        let l = landscape(&fixture::dataset(), axis);
        let got: Vec<Row> = l
            .rows
            .iter()
            .map(|r| {
                let cells = r
                    .cells
                    .iter()
                    .zip(COLUMNS)
                    .filter(|(c, _)| !c.asset_ids.is_empty())
                    .map(|(c, col)| (col.label.to_owned(), c.asset_ids.clone()))
                    .collect();
                (r.value.clone(), cells)
            })
            .collect();
        let expected: Vec<Row> = expected
            .iter()
            .map(|(v, cells)| {
                (
                    v.map(str::to_owned),
                    cells
                        .iter()
                        .map(|(c, ids)| {
                            (c.to_string(), ids.iter().map(|i| i.to_string()).collect())
                        })
                        .collect(),
                )
            })
            .collect();
        assert_eq!(got, expected, "landscape({axis:?})");
    }

    #[test]
    fn matrices() {
        check(
            Axis::Target,
            &[
                (Some("4-1BB"), &[("Phase 1/2", &["lbl-024"])]),
                (Some("EGFR"), &[("No phase stated", &["js212"])]),
                (Some("HER3"), &[("No phase stated", &["js212"])]),
                (Some("IL-2Rα"), &[("Phase 1", &["ibi363"])]),
                (Some("PD-1"), &[("Phase 1", &["ibi363"])]),
                (Some("PD-L1"), &[("Phase 1/2", &["lbl-024"])]),
            ],
        );
        check(
            Axis::Modality,
            &[
                (Some("bispecific ADC"), &[("No phase stated", &["js212"])]),
                (Some("bispecific antibody"), &[("Phase 1/2", &["lbl-024"])]),
                (
                    Some("bispecific fusion protein"),
                    &[("Phase 1", &["ibi363"])],
                ),
            ],
        );
        assert_eq!(
            landscape(&fixture::dataset(), Axis::Target).n_comparators_left_out,
            1
        );
    }

    #[test]
    fn phases_agree_with_the_model() {
        let mut ds = fixture::dataset();
        ds.events.push(atlas_model::Event {
            kind: EventKind::Approval,
            asset: Some("js212".into()),
            ..ds.events[0].clone()
        });
        ds.trials.push(atlas_model::Trial {
            id: "t-ibi-3".into(),
            phase: Some("Phase III".into()),
            assets: vec!["ibi363".into()],
            ..atlas_model::Trial::default()
        });
        let phases = phases_by_asset(&ds);
        for asset in &ds.assets {
            assert_eq!(
                phases.get(asset.id.as_str()).cloned(),
                atlas_model::highest_phase(&ds, &asset.id),
                "phase of {}",
                asset.id
            );
        }
        assert_eq!(phases.get("ibi363").map(String::as_str), Some("Phase III"));
        assert_eq!(phases.get("js212").map(String::as_str), Some("Approved"));
    }

    #[test]
    fn cells_map_to_search_filters() {
        let l = landscape(&fixture::dataset(), Axis::Target);
        let pd1 = l
            .rows
            .iter()
            .find(|r| r.value.as_deref() == Some("PD-1"))
            .expect("PD-1 row");
        assert_eq!(
            pd1.cell_filters(Axis::Target, column_of(Some("Phase 1"))),
            Some(vec![
                ("target".to_owned(), "PD-1".to_owned()),
                ("phase".to_owned(), "Phase 1".to_owned())
            ])
        );
        // An empty cell and the no-phase column have no filter.
        assert_eq!(
            pd1.cell_filters(Axis::Target, column_of(Some("Phase 3"))),
            None
        );
        let egfr = l
            .rows
            .iter()
            .find(|r| r.value.as_deref() == Some("EGFR"))
            .expect("EGFR row");
        assert_eq!(egfr.cell_filters(Axis::Target, column_of(None)), None);
        assert_eq!(Axis::from_param(Some("modality")), Axis::Modality);
        assert_eq!(Axis::from_param(Some("nonsense")), Axis::Target);
    }
}
