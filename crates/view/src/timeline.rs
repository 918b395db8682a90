//! The timeline of every event: dates as precise as the source gave them, sorted so that a
//! coarser date comes before the finer dates it contains (`2025` < `2025-10` < `2025-10-04`),
//! undated events last, and filters by kind, agency and asset.
//!
//! A year-only date is not "1 January": it is placed before the months of that year because
//! it is known to be no later than them in any reading, and a reader scanning down sees the
//! vague statement first and the precise ones after.

use std::cmp::Ordering;

use atlas_model::{Dataset, Event, EventKind};

/// A `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: u16,
    /// 1–12 when known.
    pub month: Option<u8>,
    /// 1–31 when known (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parse a dataset date; `None` for anything else.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let mut parts = text.trim().split('-');
        let year: u16 = parse_digits(parts.next()?, 4)?;
        let month = match parts.next() {
            Some(m) => Some(parse_digits::<u8>(m, 2).filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(parse_digits::<u8>(d, 2).filter(|d| (1..=31).contains(d))?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate { year, month, day })
    }
}

fn parse_digits<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Chronological order of two optional dataset dates: coarse before fine within the same
/// period, unparseable text after every real date (by text), undated last.
pub fn compare_dates(a: Option<&str>, b: Option<&str>) -> Ordering {
    date_key(a).cmp(&date_key(b))
}

/// The sort key behind [`compare_dates`]. `Option` orders `None` first, which is exactly
/// "a year before its months".
fn date_key(d: Option<&str>) -> (u8, Option<PartialDate>, &str) {
    match d {
        Some(text) => match PartialDate::parse(text) {
            Some(p) => (0, Some(p), text),
            None => (1, None, text),
        },
        None => (2, None, ""),
    }
}

/// Which events the timeline shows; `None` fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TimelineFilter {
    pub kind: Option<EventKind>,
    /// Compared case-insensitively (`fda` selects `FDA`).
    pub agency: Option<String>,
    /// An asset id.
    pub asset: Option<String>,
}

impl TimelineFilter {
    /// Whether the event passes every set field.
    pub fn accepts(&self, event: &Event) -> bool {
        let kind_ok = self.kind.is_none_or(|k| event.kind == k);
        let agency_ok = self.agency.as_deref().is_none_or(|want| {
            event
                .agency
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(want))
        });
        let asset_ok = self
            .asset
            .as_deref()
            .is_none_or(|want| event.asset.as_deref() == Some(want));
        kind_ok && agency_ok && asset_ok
    }
}

/// The events `filter` accepts, in [`sort_events`] order, as indices into `ds.events` (the
/// timeline page keeps the list beside a shared dataset, not borrowing from it).
pub fn timeline(ds: &Dataset, filter: &TimelineFilter) -> Vec<usize> {
    let mut order: Vec<usize> = (0..ds.events.len())
        .filter(|&i| filter.accepts(&ds.events[i]))
        .collect();
    order.sort_by_cached_key(|&i| event_key(&ds.events[i]));
    order
}

/// Chronological (see [`compare_dates`]), then by kind and title so the order is stable.
pub fn sort_events(events: &mut [&Event]) {
    // Dates are parsed once per event, not once per comparison.
    events.sort_by_cached_key(|e| event_key(e));
}

/// The key of [`event_order`].
pub(crate) fn event_key(e: &Event) -> (u8, Option<PartialDate>, &str, EventKind, &str) {
    let (rank, date, text) = date_key(e.date.as_deref());
    (rank, date, text, e.kind, e.title.as_str())
}

/// The order of [`sort_events`].
pub fn event_order(a: &Event, b: &Event) -> Ordering {
    event_key(a).cmp(&event_key(b))
}

/// Every event kind present with its count, in [`EventKind`] order.
pub fn kinds(ds: &Dataset) -> Vec<(EventKind, usize)> {
    let mut out: Vec<(EventKind, usize)> = Vec::new();
    for e in &ds.events {
        match out.iter_mut().find(|(k, _)| *k == e.kind) {
            Some((_, n)) => *n += 1,
            None => out.push((e.kind, 1)),
        }
    }
    out.sort_unstable_by_key(|(k, _)| *k);
    out
}

/// Every agency present (as first spelled) with its count, most frequent first.
pub fn agencies(ds: &Dataset) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for agency in ds.events.iter().filter_map(|e| e.agency.as_deref()) {
        match out.iter_mut().find(|(a, _)| a.eq_ignore_ascii_case(agency)) {
            Some((_, n)) => *n += 1,
            None => out.push((agency.to_owned(), 1)),
        }
    }
    out.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The kind an event-kind name (`designation`, `ind`, …) names.
pub fn kind_from_str(name: &str) -> Option<EventKind> {
    const ALL: [EventKind; 5] = [
        EventKind::Designation,
        EventKind::Ind,
        EventKind::Approval,
        EventKind::Deal,
        EventKind::Milestone,
    ];
    ALL.into_iter()
        .find(|k| k.as_str().eq_ignore_ascii_case(name.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    fn check_order(a: Option<&str>, b: Option<&str>, expected: Ordering) {
        assert_eq!(compare_dates(a, b), expected, "compare_dates({a:?}, {b:?})");
    }

    #[test]
    fn precision_aware_order() {
        check_order(Some("2025"), Some("2025-10"), Ordering::Less);
        check_order(Some("2025-10"), Some("2025-10-04"), Ordering::Less);
        check_order(Some("2025-10-04"), Some("2025-11"), Ordering::Less);
        check_order(Some("2025-12-31"), Some("2026"), Ordering::Less);
        check_order(Some("2024-04"), Some("2024-10"), Ordering::Less);
        check_order(Some("2025-06-04"), Some("2025-06-04"), Ordering::Equal);
        check_order(Some("2026"), Some("soon"), Ordering::Less);
        check_order(Some("soon"), None, Ordering::Less);
        check_order(None, Some("1999"), Ordering::Greater);
        check_order(None, None, Ordering::Equal);
    }

    fn check_parse(text: &str, expected: Option<(u16, Option<u8>, Option<u8>)>) {
        let got = PartialDate::parse(text).map(|d| (d.year, d.month, d.day));
        assert_eq!(got, expected, "parse({text:?})");
    }

    #[test]
    fn parses_dates() {
        check_parse("2025", Some((2025, None, None)));
        check_parse("2025-10", Some((2025, Some(10), None)));
        check_parse("2025-10-04", Some((2025, Some(10), Some(4))));
        check_parse("2025-13", None);
        check_parse("2025-1", None);
        check_parse("2025-10-04-1", None);
        check_parse("Q3 2025", None);
        check_parse("", None);
    }

    fn check_filter(filter: TimelineFilter, expected_ids: &[&str]) {
        let ds = fixture::dataset();
        let got: Vec<&str> = timeline(&ds, &filter)
            .into_iter()
            .map(|i| ds.events[i].id.as_str())
            .collect();
        assert_eq!(got, expected_ids, "timeline({filter:?})");
    }

    #[test]
    fn filters_and_sorts() {
        check_filter(
            TimelineFilter::default(),
            &["e-asco25", "e-deal", "e-btd", "e-lbl-odd", "e-ftd"],
        );
        check_filter(
            TimelineFilter {
                kind: Some(EventKind::Designation),
                ..TimelineFilter::default()
            },
            &["e-btd", "e-lbl-odd", "e-ftd"],
        );
        check_filter(
            TimelineFilter {
                agency: Some("fda".into()),
                ..TimelineFilter::default()
            },
            &["e-lbl-odd", "e-ftd"],
        );
        check_filter(
            TimelineFilter {
                agency: Some("FDA".into()),
                asset: Some("lbl-024".into()),
                ..TimelineFilter::default()
            },
            &["e-lbl-odd"],
        );
        check_filter(
            TimelineFilter {
                kind: Some(EventKind::Approval),
                ..TimelineFilter::default()
            },
            &[],
        );
    }

    #[test]
    fn facets_of_the_timeline() {
        let ds = fixture::dataset();
        assert_eq!(
            kinds(&ds),
            vec![
                (EventKind::Designation, 3),
                (EventKind::Deal, 1),
                (EventKind::Milestone, 1),
            ]
        );
        assert_eq!(
            agencies(&ds),
            vec![("FDA".to_owned(), 2), ("NMPA".to_owned(), 1)]
        );
        assert_eq!(kind_from_str("IND"), Some(EventKind::Ind));
        assert_eq!(kind_from_str("designation"), Some(EventKind::Designation));
        assert_eq!(kind_from_str("party"), None);
    }
}
