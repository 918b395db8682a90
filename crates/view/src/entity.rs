//! Companies, targets and indications as pages of their own: each name (merged by
//! [`atlas_model::slug`], so `Innovent Biologics` and `innovent biologics` are one entity)
//! with the assets and events it concerns.
//!
//! A company's assets are those naming it among their companies; its events are theirs plus
//! any deal it is a party to. A target's are the assets hitting it and their events. An
//! indication's are the events naming it and the assets of those events.

use std::collections::HashMap;

use atlas_model::{slug, Dataset, Event};

/// What an entity page is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Company,
    Target,
    Indication,
}

impl EntityKind {
    pub const ALL: [EntityKind; 3] = [
        EntityKind::Company,
        EntityKind::Target,
        EntityKind::Indication,
    ];

    /// The route segment: `company`, `target`, `indication`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Company => "company",
            EntityKind::Target => "target",
            EntityKind::Indication => "indication",
        }
    }

    /// The kind a route segment names.
    pub fn from_segment(segment: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == segment)
    }

    /// A capitalised label for headings.
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Company => "Company",
            EntityKind::Target => "Target",
            EntityKind::Indication => "Indication",
        }
    }
}

/// An asset of an entity, with the entity's part in it when there is one (a company's role).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityAsset {
    pub asset_id: String,
    pub role: Option<String>,
}

/// One company, target or indication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub kind: EntityKind,
    pub slug: String,
    /// The name as first spelled in the dataset.
    pub name: String,
    /// In dataset order.
    pub assets: Vec<EntityAsset>,
    /// Indices into [`Dataset::events`], in timeline order.
    pub events: Vec<usize>,
}

/// Every entity of a dataset, built once in time linear in the dataset's size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityIndex {
    entities: Vec<Entity>,
    /// (kind, slug) → index into `entities`.
    positions: HashMap<(EntityKind, String), usize>,
}

impl EntityIndex {
    /// Index every company, target and indication of `ds`.
    pub fn build(ds: &Dataset) -> EntityIndex {
        let mut builder = Builder::default();
        for asset in &ds.assets {
            for c in &asset.companies {
                builder.add_asset(EntityKind::Company, &c.name, &asset.id, Some(&c.role));
            }
            for t in &asset.targets {
                builder.add_asset(EntityKind::Target, t, &asset.id, None);
            }
        }
        for e in &ds.events {
            if let Some(indication) = &e.indication {
                match &e.asset {
                    Some(asset_id) => {
                        builder.add_asset(EntityKind::Indication, indication, asset_id, None)
                    }
                    None => {
                        builder.entry(EntityKind::Indication, indication);
                    }
                }
            }
            for party in &e.parties {
                builder.entry(EntityKind::Company, party);
            }
        }
        let mut index = builder.index;

        // Companies and targets own the events of their assets; an indication only the events
        // that name it. Deal parties own their deals.
        let mut by_asset: HashMap<String, Vec<usize>> = HashMap::new();
        for (entity_idx, entity) in index.entities.iter().enumerate() {
            if entity.kind == EntityKind::Indication {
                continue;
            }
            for a in &entity.assets {
                by_asset
                    .entry(a.asset_id.clone())
                    .or_default()
                    .push(entity_idx);
            }
        }
        let mut sorted: Vec<(usize, &Event)> = ds.events.iter().enumerate().collect();
        sorted.sort_by_cached_key(|(_, e)| crate::timeline::event_key(e));
        for (event_idx, e) in sorted {
            let mut owners: Vec<usize> = e
                .asset
                .as_deref()
                .and_then(|id| by_asset.get(id))
                .cloned()
                .unwrap_or_default();
            let named = e
                .parties
                .iter()
                .map(|p| (EntityKind::Company, slug(p)))
                .chain(
                    e.indication
                        .iter()
                        .map(|i| (EntityKind::Indication, slug(i))),
                );
            owners.extend(named.filter_map(|key| index.positions.get(&key).copied()));
            owners.sort_unstable();
            owners.dedup();
            for entity_idx in owners {
                if let Some(entity) = index.entities.get_mut(entity_idx) {
                    entity.events.push(event_idx);
                }
            }
        }
        index
    }

    /// The entity of this kind with this slug.
    pub fn get(&self, kind: EntityKind, slug: &str) -> Option<&Entity> {
        let idx = *self.positions.get(&(kind, slug.to_owned()))?;
        self.entities.get(idx)
    }

    /// Every entity of one kind, most assets first, then by name.
    pub fn of_kind(&self, kind: EntityKind) -> Vec<&Entity> {
        let mut out: Vec<&Entity> = self.entities.iter().filter(|e| e.kind == kind).collect();
        out.sort_by(|a, b| {
            b.assets
                .len()
                .cmp(&a.assets.len())
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
        out
    }
}

/// The index under construction, with the lookup that keeps adding an asset constant-time.
#[derive(Default)]
struct Builder {
    index: EntityIndex,
    /// (entity index, asset id) → index into that entity's `assets`.
    asset_positions: HashMap<(usize, String), usize>,
}

impl Builder {
    /// The entity's index, created on first sight; `None` for a name with no letters or digits.
    fn entry(&mut self, kind: EntityKind, name: &str) -> Option<usize> {
        let key = slug(name);
        if key.is_empty() {
            return None;
        }
        let entities = &mut self.index.entities;
        let idx = *self
            .index
            .positions
            .entry((kind, key.clone()))
            .or_insert_with(|| {
                entities.push(Entity {
                    kind,
                    slug: key,
                    name: name.trim().to_owned(),
                    assets: Vec::new(),
                    events: Vec::new(),
                });
                entities.len() - 1
            });
        Some(idx)
    }

    fn add_asset(&mut self, kind: EntityKind, name: &str, asset_id: &str, role: Option<&str>) {
        let Some(entity_idx) = self.entry(kind, name) else {
            return;
        };
        let Some(entity) = self.index.entities.get_mut(entity_idx) else {
            return;
        };
        match self.asset_positions.get(&(entity_idx, asset_id.to_owned())) {
            Some(&pos) => {
                let (Some(existing), Some(role)) = (entity.assets.get_mut(pos), role) else {
                    return;
                };
                let roles = existing.role.get_or_insert_with(String::new);
                if !roles.split(", ").any(|r| r == role) {
                    if !roles.is_empty() {
                        roles.push_str(", ");
                    }
                    roles.push_str(role);
                }
            }
            None => {
                self.asset_positions
                    .insert((entity_idx, asset_id.to_owned()), entity.assets.len());
                entity.assets.push(EntityAsset {
                    asset_id: asset_id.to_owned(),
                    role: role.map(str::to_owned),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    /// (name, [(asset, role)], [event ids]) of one entity.
    type Expected<'a> = (&'a str, &'a [(&'a str, Option<&'a str>)], &'a [&'a str]);

    /// An entity as expected, or `None` when absent.
    fn check(kind: EntityKind, slug: &str, expected: Option<Expected<'_>>) {
        let ds = fixture::dataset();
        let index = EntityIndex::build(&ds);
        let got = index.get(kind, slug).map(|e| {
            (
                e.name.clone(),
                e.assets
                    .iter()
                    .map(|a| (a.asset_id.clone(), a.role.clone()))
                    .collect::<Vec<_>>(),
                e.events
                    .iter()
                    .filter_map(|&i| ds.events.get(i).map(|ev| ev.id.clone()))
                    .collect::<Vec<_>>(),
            )
        });
        let expected = expected.map(|(name, assets, events)| {
            (
                name.to_owned(),
                assets
                    .iter()
                    .map(|(a, r)| (a.to_string(), r.map(str::to_owned)))
                    .collect::<Vec<_>>(),
                events.iter().map(|e| e.to_string()).collect::<Vec<_>>(),
            )
        });
        assert_eq!(got, expected, "{kind:?} {slug}");
    }

    #[test]
    fn entities() {
        let ibi_events: &[&str] = &["e-asco25", "e-deal", "e-btd", "e-ftd"];
        check(
            EntityKind::Company,
            "innovent-biologics",
            Some((
                "Innovent Biologics",
                &[("ibi363", Some("developer"))],
                ibi_events,
            )),
        );
        check(
            EntityKind::Company,
            "takeda",
            Some(("Takeda", &[("ibi363", Some("partner"))], ibi_events)),
        );
        check(
            EntityKind::Company,
            "leads-biolabs",
            Some((
                "Leads Biolabs",
                &[("lbl-024", Some("developer"))],
                &["e-lbl-odd"],
            )),
        );
        check(
            EntityKind::Target,
            "pd-1",
            Some((
                "PD-1",
                &[("ibi363", None), ("pembrolizumab", None)],
                ibi_events,
            )),
        );
        check(
            EntityKind::Target,
            "il-2ra",
            Some(("IL-2Rα", &[("ibi363", None)], ibi_events)),
        );
        check(
            EntityKind::Target,
            "her3",
            Some(("HER3", &[("js212", None)], &[])),
        );
        check(
            EntityKind::Indication,
            "squamous-non-small-cell-lung-cancer",
            Some((
                "squamous non-small cell lung cancer",
                &[("ibi363", None)],
                &["e-btd", "e-ftd"],
            )),
        );
        check(EntityKind::Indication, "takeda", None);
        check(EntityKind::Company, "nobody", None);
    }

    #[test]
    fn lists_of_one_kind() {
        let index = EntityIndex::build(&fixture::dataset());
        let targets: Vec<&str> = index
            .of_kind(EntityKind::Target)
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(
            targets,
            ["PD-1", "4-1BB", "EGFR", "HER3", "IL-2Rα", "PD-L1"]
        );
        for kind in EntityKind::ALL {
            assert_eq!(EntityKind::from_segment(kind.as_str()), Some(kind));
        }
        assert_eq!(EntityKind::from_segment("asset"), None);
    }
}
