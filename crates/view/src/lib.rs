//! Pipeline Atlas view models: what the viewer's comparison, entity, landscape and timeline
//! pages show, computed from the dataset as plain data.
//!
//! The app's components stay thin: they ask this crate for a [`compare::Comparison`], an
//! [`entity::EntityIndex`], a [`landscape::Landscape`], a [`timeline::timeline`] or the
//! search box's [`results::results`], and only lay the answer out (the app also keeps its
//! decoded shards in an [`lru::Lru`]). Keeping the logic here means it is tested natively and
//! table-driven, and it compiles for `wasm32-unknown-unknown` with no Leptos or web-sys in sight.
//!
//! # Example
//! ```
//! use atlas_model::{Arm, ArmResult, Dataset, Trial};
//! use atlas_view::compare::{compare, CiSource, SubgroupFilter};
//!
//! let orr = ArmResult { endpoint: "ORR".into(), value: Some(86.4), unit: Some("%".into()), ..ArmResult::default() };
//! let arm = Arm { id: "t/a".into(), label: "3→1.5 mg/kg".into(), n: Some(22), results: vec![orr], ..Arm::default() };
//! let ds = Dataset { trials: vec![Trial { id: "t".into(), arms: vec![arm], ..Trial::default() }], ..Dataset::empty() };
//!
//! let cmp = compare(&ds, &["t/a".to_owned()], &SubgroupFilter::All);
//! let cell = &cmp.rows[0].cells[0][0];
//! // 86.4% of 22 is 19 responders: the exact 95% interval is derived from 19/22.
//! let ci = cell.ci.unwrap();
//! assert_eq!((ci.low, ci.high), (65.1, 97.1));
//! assert!(matches!(ci.source, CiSource::Derived(Some(d)) if (d.k, d.n) == (19, 22)));
//! ```

pub mod changes;
pub mod compare;
pub mod csv;
pub mod entity;
pub mod export;
pub mod labels;
pub mod landscape;
pub mod lru;
/// Decimal text for numbers (`atlas_model::num`), under its old name.
pub use atlas_model::num;
pub mod results;
pub mod timeline;

#[cfg(test)]
mod fixture;
