//! Companies, targets and indications as pages of their own: each name (merged by
//! [`atlas_model::slug`], so `Innovent Biologics` and `innovent biologics` are one entity)
//! with the assets and events it concerns.
//!
//! A company's assets are those naming it among their companies; its events are theirs plus
//! any deal it is a party to. A target's are the assets hitting it and their events. An
//! indication's are the events naming it and the assets of those events.

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
    /// Event ids, in timeline order.
    pub event_ids: Vec<String>,
}

/// Every entity of a dataset, built once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityIndex {
    entities: Vec<Entity>,
}

impl EntityIndex {
    /// Index every company, target and indication of `ds`.
    pub fn build(ds: &Dataset) -> EntityIndex {
        let mut index = EntityIndex::default();
        for asset in &ds.assets {
            for c in &asset.companies {
                index.add_asset(EntityKind::Company, &c.name, &asset.id, Some(&c.role));
            }
            for t in &asset.targets {
                index.add_asset(EntityKind::Target, t, &asset.id, None);
            }
        }
        for e in &ds.events {
            if let (Some(indication), Some(asset_id)) = (&e.indication, &e.asset) {
                index.add_asset(EntityKind::Indication, indication, asset_id, None);
            } else if let Some(indication) = &e.indication {
                index.entry(EntityKind::Indication, indication);
            }
            for party in &e.parties {
                index.entry(EntityKind::Company, party);
            }
        }
        let mut sorted: Vec<&Event> = ds.events.iter().collect();
        crate::timeline::sort_events(&mut sorted);
        for entity in &mut index.entities {
            entity.event_ids = sorted
                .iter()
                .filter(|e| concerns(entity, e))
                .map(|e| e.id.clone())
                .collect();
        }
        index
    }

    /// The entity of this kind with this slug.
    pub fn get(&self, kind: EntityKind, slug: &str) -> Option<&Entity> {
        self.entities
            .iter()
            .find(|e| e.kind == kind && e.slug == slug)
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

    fn entry(&mut self, kind: EntityKind, name: &str) -> Option<&mut Entity> {
        let key = slug(name);
        if key.is_empty() {
            return None;
        }
        let idx = match self
            .entities
            .iter()
            .position(|e| e.kind == kind && e.slug == key)
        {
            Some(idx) => idx,
            None => {
                self.entities.push(Entity {
                    kind,
                    slug: key,
                    name: name.trim().to_owned(),
                    assets: Vec::new(),
                    event_ids: Vec::new(),
                });
                self.entities.len() - 1
            }
        };
        self.entities.get_mut(idx)
    }

    fn add_asset(&mut self, kind: EntityKind, name: &str, asset_id: &str, role: Option<&str>) {
        let Some(entity) = self.entry(kind, name) else {
            return;
        };
        match entity.assets.iter_mut().find(|a| a.asset_id == asset_id) {
            Some(existing) => {
                if let Some(role) = role {
                    let roles = existing.role.get_or_insert_with(String::new);
                    if !roles.split(", ").any(|r| r == role) {
                        if !roles.is_empty() {
                            roles.push_str(", ");
                        }
                        roles.push_str(role);
                    }
                }
            }
            None => entity.assets.push(EntityAsset {
                asset_id: asset_id.to_owned(),
                role: role.map(str::to_owned),
            }),
        }
    }
}

fn concerns(entity: &Entity, event: &Event) -> bool {
    let of_asset = event
        .asset
        .as_deref()
        .is_some_and(|id| entity.assets.iter().any(|a| a.asset_id == id));
    match entity.kind {
        EntityKind::Company => of_asset || event.parties.iter().any(|p| slug(p) == entity.slug),
        EntityKind::Target => of_asset,
        EntityKind::Indication => event
            .indication
            .as_deref()
            .is_some_and(|i| slug(i) == entity.slug),
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
        let index = EntityIndex::build(&fixture::dataset());
        let got = index.get(kind, slug).map(|e| {
            (
                e.name.clone(),
                e.assets
                    .iter()
                    .map(|a| (a.asset_id.clone(), a.role.clone()))
                    .collect::<Vec<_>>(),
                e.event_ids.clone(),
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
