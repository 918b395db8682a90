//! Reports of the same real-world event: within a document (several sentences reporting one
//! designation) and across documents (`crate::merge`), with stable readable ids.

use atlas_model::{slug, Event, EventKind};

use super::indications::{indication_key, same_indication};

/// Whether two reports describe the same real-world event.
pub(crate) fn same_event(a: &Event, b: &Event, abbrs: &[(String, String)]) -> bool {
    if a.kind != b.kind
        || a.asset != b.asset
        || a.agency.as_deref().map(regulator) != b.agency.as_deref().map(regulator)
        || a.designation != b.designation
    {
        return false;
    }
    if let (Some(x), Some(y)) = (&a.date, &b.date) {
        if !(x.starts_with(y.as_str()) || y.starts_with(x.as_str())) {
            return false;
        }
    }
    match a.kind {
        EventKind::Deal => {
            let key = |p: &str| {
                p.to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            };
            // One report may name a party twice ("Hengrui", "Jiangsu Hengrui Medicine"): the
            // parties of one report all among the other's make one deal.
            let within = |x: &Event, y: &Event| {
                x.parties.iter().all(|p| {
                    y.parties
                        .iter()
                        .any(|q| key(p).starts_with(&key(q)) || key(q).starts_with(&key(p)))
                })
            };
            within(a, b) || within(b, a)
        }
        EventKind::Milestone => a.title == b.title,
        _ => match (&a.indication, &b.indication) {
            (Some(x), Some(y)) => {
                same_indication(&indication_key(x, abbrs), &indication_key(y, abbrs))
            }
            _ => true,
        },
    }
}

/// Agencies that act as one regulator: Japan's ministry (MHLW) grants what its agency (PMDA)
/// reviews, so a Japanese approval reported under either name is one event.
const SAME_REGULATOR: &[(&str, &str)] = &[("MHLW", "PMDA")];

/// The regulator an agency name stands for, for comparing events.
fn regulator(agency: &str) -> &str {
    SAME_REGULATOR
        .iter()
        .find(|(a, _)| *a == agency)
        .map_or(agency, |(_, r)| r)
}

/// Fold one event into another: evidence appended, gaps filled, conflicts kept in the title.
pub(crate) fn absorb(into: &mut Event, from: Event) {
    // An agency the text names wins over one read from a region ("approval in Japan").
    let from_region = |e: &Event| e.rule.as_deref().is_some_and(|r| r.ends_with(".region"));
    if into.agency != from.agency && from_region(into) && !from_region(&from) {
        into.agency.clone_from(&from.agency);
        into.rule.clone_from(&from.rule);
        into.title.clone_from(&from.title);
    }
    // Reports arrive in text order, so a repeat of the same quote is among the last few.
    for e in from.evidence {
        if !into.evidence.iter().rev().take(8).any(|x| *x == e) {
            into.evidence.push(e);
        }
    }
    if into
        .date
        .as_ref()
        .is_none_or(|d| from.date.as_ref().is_some_and(|f| f.len() > d.len()))
        && from.date.is_some()
    {
        into.date = from.date;
    }
    match (&into.indication, from.indication) {
        (None, Some(i)) => into.indication = Some(i),
        (Some(x), Some(y)) if y.len() > x.len() => into.indication = Some(y),
        _ => {}
    }
    for p in from.parties {
        if !into.parties.contains(&p) {
            into.parties.push(p);
        }
    }
    if into.rule.is_none() {
        into.rule = from.rule;
    }
    if into.terms.is_none() {
        into.terms = from.terms;
    } else if let (Some(t), Some(f)) = (into.terms.as_mut(), from.terms) {
        t.upfront = t.upfront.or(f.upfront);
        t.milestones = t.milestones.or(f.milestones);
        t.total = t.total.or(f.total);
        t.currency = t.currency.take().or(f.currency);
        t.territory = t.territory.take().or(f.territory);
    }
}

/// One event per real-world event of a document, with ids.
pub(super) fn merge_within(drafts: Vec<Event>, abbrs: &[(String, String)]) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for d in drafts {
        match out.iter_mut().find(|e| same_event(e, &d, abbrs)) {
            Some(e) => absorb(e, d),
            None => out.push(d),
        }
    }
    // A deal the headline announces without its drugs is the body's deal of those drugs.
    let mut i = 0;
    while i < out.len() {
        let orphan = out
            .get(i)
            .is_some_and(|e| e.kind == EventKind::Deal && e.asset.is_none());
        let home = orphan
            .then(|| {
                out.iter().position(|o| {
                    o.kind == EventKind::Deal
                        && o.asset.is_some()
                        && out.get(i).is_some_and(|e| {
                            e.parties
                                .iter()
                                .all(|p| o.parties.iter().any(|q| super::deals::same_party(p, q)))
                        })
                })
            })
            .flatten();
        match home {
            Some(h) => {
                let e = out.remove(i);
                let h = if h > i { h - 1 } else { h };
                if let Some(o) = out.get_mut(h) {
                    for ev in e.evidence {
                        if !o.evidence.contains(&ev) {
                            o.evidence.push(ev);
                        }
                    }
                }
            }
            None => i += 1,
        }
    }
    for e in &mut out {
        e.id = event_id(e);
    }
    dedupe_ids(&mut out);
    out
}

/// A readable, stable id: asset, agency, designation or kind, and the date or indication.
pub(crate) fn event_id(e: &Event) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.push(e.asset.clone().unwrap_or_else(|| "event".to_owned()));
    if let Some(a) = &e.agency {
        parts.push(a.clone());
    }
    parts.push(e.designation.clone().unwrap_or_else(|| match e.kind {
        EventKind::Deal => format!("deal {}", e.parties.join(" ")),
        _ => e.title.clone(),
    }));
    if let Some(i) = &e.indication {
        parts.push(i.split_whitespace().take(6).collect::<Vec<_>>().join(" "));
    }
    if let Some(d) = &e.date {
        parts.push(d.clone());
    }
    slug(&parts.join(" "))
}

pub(crate) fn dedupe_ids(events: &mut [Event]) {
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for e in events.iter_mut() {
        let mut id = e.id.clone();
        let mut n = 2;
        while seen.contains(&id) {
            id = format!("{}-{n}", e.id);
            n += 1;
        }
        e.id = id.clone();
        seen.insert(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(
        kind: EventKind,
        asset: Option<&str>,
        indication: Option<&str>,
        parties: &[&str],
    ) -> Event {
        let mut e = super::super::new_event(kind, asset.map(str::to_owned), String::new(), "test");
        e.agency = Some("FDA".to_owned());
        e.designation = Some("ODD".to_owned());
        e.indication = indication.map(str::to_owned);
        e.parties = parties.iter().map(|p| (*p).to_owned()).collect();
        e
    }

    fn check(drafts: Vec<Event>, expected: usize) {
        assert_eq!(merge_within(drafts, &[]).len(), expected);
    }

    #[test]
    fn reports_of_one_event_merge() {
        // "small cell lung cancer" and "SCLC" are one indication.
        let d = EventKind::Designation;
        check(
            vec![
                event(d, Some("a"), Some("small cell lung cancer"), &[]),
                event(d, Some("a"), Some("SCLC"), &[]),
            ],
            1,
        );
        check(
            vec![
                event(d, Some("a"), Some("melanoma"), &[]),
                event(d, Some("a"), Some("SCLC"), &[]),
            ],
            2,
        );
        check(
            vec![
                event(d, Some("a"), None, &[]),
                event(d, Some("b"), None, &[]),
            ],
            2,
        );
        // A headline deal without its drugs folds into the drugs' deals with the same parties.
        let deal = EventKind::Deal;
        check(
            vec![
                event(deal, None, None, &["Vela", "Orca"]),
                event(deal, Some("a"), None, &["Vela Bio", "Orca"]),
                event(deal, Some("b"), None, &["Vela", "Orca"]),
            ],
            2,
        );
        check(
            vec![
                event(deal, None, None, &["Vela", "Tern"]),
                event(deal, Some("a"), None, &["Vela", "Orca"]),
            ],
            2,
        );
        // One deal whose first report names a party under two names.
        check(
            vec![
                event(
                    deal,
                    Some("a"),
                    None,
                    &["Vela Bio", "Orca", "Vela Holdings"],
                ),
                event(deal, Some("a"), None, &["Vela Holdings", "Orca"]),
            ],
            1,
        );
        check(
            vec![
                event(deal, Some("a"), None, &["Vela", "Orca"]),
                event(deal, Some("a"), None, &["Vela", "Tern"]),
            ],
            2,
        );
    }
}
