//! Applying a reviewed overlay on top of the extracted dataset: additions (each with a
//! verbatim quote of its document), corrections of one field, suppressions.

use atlas_model::{Arm, ArmResult, Asset, Dataset, Event, EventKind, Evidence, Trial};

use crate::config::{parse_selector, ConfigError, Overlay, Selector};
use crate::{Diagnostic, Severity, SourceDoc};

/// Check every overlay quote against its document; the first missing one is the error.
pub fn validate(overlay: &Overlay, docs: &[SourceDoc]) -> Result<(), ConfigError> {
    let err = |line: u32, reason: String| ConfigError {
        file: overlay.file.clone(),
        line,
        reason,
    };
    let quotes = overlay
        .add
        .iter()
        .map(|a| {
            (
                a.line,
                Some(a.value.doc.as_str()),
                Some(a.value.quote.as_str()),
            )
        })
        .chain(
            overlay
                .correct
                .iter()
                .map(|c| (c.line, c.value.doc.as_deref(), c.value.quote.as_deref())),
        );
    for (line, doc, quote) in quotes {
        let Some(quote) = quote else { continue };
        let Some(doc_id) = doc else {
            return Err(err(line, "a quote needs the doc it comes from".into()));
        };
        let Some(d) = docs.iter().find(|d| d.id == doc_id) else {
            return Err(err(line, format!("no document {doc_id:?} in this build")));
        };
        if !d.text.contains(quote) {
            return Err(err(
                line,
                format!("quote not found verbatim in {doc_id}: {quote:?}"),
            ));
        }
    }
    Ok(())
}

fn evidence_of(docs: &[SourceDoc], doc_id: &str, quote: &str) -> Option<Evidence> {
    let d = docs.iter().find(|d| d.id == doc_id)?;
    let start = d.text.find(quote)?;
    Some(Evidence {
        doc: doc_id.to_owned(),
        start: u32::try_from(start).ok()?,
        end: u32::try_from(start + quote.len()).ok()?,
        quote: quote.to_owned(),
    })
}

/// Apply the overlay; returns how many facts it added or corrected.
pub(crate) fn apply(
    ds: &mut Dataset,
    overlay: &Overlay,
    docs: &[SourceDoc],
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let mut count = 0;
    let mut problem = |line: u32, message: String| {
        diags.push(Diagnostic {
            file: overlay.file.clone(),
            line: Some(line),
            severity: Severity::Error,
            message,
        })
    };
    for s in &overlay.suppress {
        let Ok(sel) = parse_selector(&s.value.target) else {
            continue;
        };
        if !suppress(ds, &sel) {
            problem(s.line, format!("suppress: nothing matches {sel}"));
        }
    }
    for add in &overlay.add {
        let a = &add.value;
        let Some(ev) = evidence_of(docs, &a.doc, &a.quote) else {
            problem(add.line, format!("quote not found verbatim in {}", a.doc));
            continue;
        };
        match a.fact.as_str() {
            "asset" => {
                let name = a.name.clone().unwrap_or_default();
                let id = atlas_model::slug(&name);
                let mut companies = Vec::new();
                if let Some(c) = &a.company {
                    companies.push(atlas_model::CompanyRole {
                        name: c.clone(),
                        role: a.role.clone().unwrap_or_else(|| "developer".into()),
                    });
                }
                ds.assets.push(Asset {
                    id,
                    name,
                    aliases: a.aliases.clone(),
                    companies,
                    targets: a.targets.clone(),
                    modality: a.modality.clone(),
                    evidence: vec![ev],
                    ..Asset::default()
                });
            }
            "event" => {
                let kind = match a.kind.as_deref() {
                    Some("designation") => EventKind::Designation,
                    Some("ind") => EventKind::Ind,
                    Some("approval") => EventKind::Approval,
                    Some("deal") => EventKind::Deal,
                    Some("milestone") => EventKind::Milestone,
                    other => {
                        problem(add.line, format!("event kind {other:?} is not designation, ind, approval, deal or milestone"));
                        continue;
                    }
                };
                let mut e = Event {
                    id: String::new(),
                    asset: a.asset.clone(),
                    kind,
                    title: a
                        .designation
                        .clone()
                        .unwrap_or_else(|| kind.as_str().to_owned()),
                    agency: a.agency.clone(),
                    designation: a.designation.clone(),
                    indication: a.indication.clone(),
                    parties: a.parties.clone(),
                    terms: None,
                    date: a.date.clone(),
                    evidence: vec![ev],
                    rule: Some("overlay".to_owned()),
                };
                e.id = crate::events::event_id(&e);
                ds.events.push(e);
                crate::events::dedupe_ids(&mut ds.events);
            }
            _ => {
                let (Some(trial_id), Some(arm_label), Some(endpoint)) =
                    (&a.trial, &a.arm, &a.endpoint)
                else {
                    continue;
                };
                if let Some(v) = a.value {
                    if !crate::trials::number_in_quote(v, &a.quote) {
                        problem(add.line, format!("value {v} does not occur in its quote"));
                        continue;
                    }
                }
                let trial = match ds.trials.iter_mut().position(|t| t.id == *trial_id) {
                    Some(i) => &mut ds.trials[i],
                    None => {
                        ds.trials.push(Trial {
                            id: trial_id.clone(),
                            evidence: vec![ev.clone()],
                            ..Trial::default()
                        });
                        let last = ds.trials.len() - 1;
                        &mut ds.trials[last]
                    }
                };
                let arm_id = format!("{}/{}", trial.id, atlas_model::slug(arm_label));
                let arm = match trial
                    .arms
                    .iter()
                    .position(|x| x.id == arm_id || x.label == *arm_label)
                {
                    Some(i) => &mut trial.arms[i],
                    None => {
                        trial.arms.push(Arm {
                            id: arm_id,
                            label: arm_label.clone(),
                            evidence: vec![ev.clone()],
                            ..Arm::default()
                        });
                        let last = trial.arms.len() - 1;
                        &mut trial.arms[last]
                    }
                };
                arm.results.push(ArmResult {
                    endpoint: endpoint.clone(),
                    value: a.value,
                    qualifier: a.qualifier.clone(),
                    unit: a.unit.clone(),
                    ci_low: a.ci_low,
                    ci_high: a.ci_high,
                    ci_source: a.ci_low.map(|_| "reported".to_owned()),
                    p_value: a.p_value,
                    timepoint: a.timepoint.clone(),
                    subgroup: a.subgroup.clone(),
                    n: a.n,
                    cited: a.cited,
                    flags: vec!["added by the reviewed overlay".to_owned()],
                    evidence: vec![ev],
                    rule: Some("overlay".to_owned()),
                    ..ArmResult::default()
                });
            }
        }
        count += 1;
    }
    for c in &overlay.correct {
        let Ok(sel) = parse_selector(&c.value.target) else {
            continue;
        };
        let ev = match (&c.value.doc, &c.value.quote) {
            (Some(d), Some(q)) => evidence_of(docs, d, q),
            _ => None,
        };
        match correct(ds, &sel, &c.value.field, &c.value.value, ev) {
            Ok(()) => count += 1,
            Err(reason) => problem(c.line, reason),
        }
    }
    count
}

fn suppress(ds: &mut Dataset, sel: &Selector) -> bool {
    match sel {
        Selector::Asset(id) => remove_where(&mut ds.assets, |a| a.id == *id),
        Selector::Event(id) => remove_where(&mut ds.events, |e| e.id == *id),
        Selector::Trial(id) => remove_where(&mut ds.trials, |t| t.id == *id),
        Selector::Arm(id) => ds
            .trials
            .iter_mut()
            .any(|t| remove_where(&mut t.arms, |a| a.id == *id)),
        Selector::Result {
            arm,
            endpoint,
            subgroup,
        } => ds
            .trials
            .iter_mut()
            .flat_map(|t| t.arms.iter_mut())
            .filter(|a| a.id == *arm)
            .any(|a| {
                remove_where(&mut a.results, |r| {
                    r.endpoint == *endpoint && r.subgroup == *subgroup
                })
            }),
    }
}

fn remove_where<T>(list: &mut Vec<T>, pred: impl Fn(&T) -> bool) -> bool {
    let before = list.len();
    list.retain(|x| !pred(x));
    list.len() != before
}

fn as_string(v: &toml::Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn correct(
    ds: &mut Dataset,
    sel: &Selector,
    field: &str,
    value: &toml::Value,
    ev: Option<Evidence>,
) -> Result<(), String> {
    let bad = || format!("cannot set {field} of {sel} to {value}");
    match sel {
        Selector::Asset(id) => {
            let a = ds
                .assets
                .iter_mut()
                .find(|a| a.id == *id)
                .ok_or_else(|| format!("no {sel}"))?;
            match field {
                "name" => a.name = as_string(value).ok_or_else(bad)?,
                "modality" => a.modality = as_string(value),
                "mechanism" => a.mechanism = as_string(value),
                "comparator" => a.comparator = value.as_bool().ok_or_else(bad)?,
                "aliases" | "targets" | "claims" => {
                    let list: Vec<String> = value
                        .as_array()
                        .ok_or_else(bad)?
                        .iter()
                        .filter_map(as_string)
                        .collect();
                    match field {
                        "aliases" => a.aliases = list,
                        "targets" => a.targets = list,
                        _ => a.claims = list,
                    }
                }
                _ => return Err(bad()),
            }
            a.evidence.extend(ev);
        }
        Selector::Event(id) => {
            let e = ds
                .events
                .iter_mut()
                .find(|e| e.id == *id)
                .ok_or_else(|| format!("no {sel}"))?;
            match field {
                "date" => e.date = as_string(value),
                "indication" => e.indication = as_string(value),
                "agency" => e.agency = as_string(value),
                "designation" => e.designation = as_string(value),
                "asset" => e.asset = as_string(value),
                "title" => e.title = as_string(value).ok_or_else(bad)?,
                _ => return Err(bad()),
            }
            e.evidence.extend(ev);
        }
        Selector::Trial(id) => {
            let t = ds
                .trials
                .iter_mut()
                .find(|t| t.id == *id)
                .ok_or_else(|| format!("no {sel}"))?;
            match field {
                "name" => t.name = as_string(value),
                "phase" => t.phase = as_string(value),
                "design" => t.design = as_string(value),
                "setting" => t.setting = as_string(value),
                "population" => t.population = as_string(value),
                "enrollment" => {
                    t.enrollment = value.as_integer().and_then(|i| u32::try_from(i).ok())
                }
                _ => return Err(bad()),
            }
            t.evidence.extend(ev);
        }
        Selector::Arm(id) => {
            let a = ds
                .trials
                .iter_mut()
                .flat_map(|t| t.arms.iter_mut())
                .find(|a| a.id == *id)
                .ok_or_else(|| format!("no {sel}"))?;
            match field {
                "label" => a.label = as_string(value).ok_or_else(bad)?,
                "regimen" => a.regimen = as_string(value),
                "n" => a.n = value.as_integer().and_then(|i| u32::try_from(i).ok()),
                _ => return Err(bad()),
            }
            a.evidence.extend(ev);
        }
        Selector::Result {
            arm,
            endpoint,
            subgroup,
        } => {
            let r = ds
                .trials
                .iter_mut()
                .flat_map(|t| t.arms.iter_mut())
                .filter(|a| a.id == *arm)
                .flat_map(|a| a.results.iter_mut())
                .find(|r| r.endpoint == *endpoint && r.subgroup == *subgroup)
                .ok_or_else(|| format!("no {sel}"))?;
            let num = || {
                value
                    .as_float()
                    .or_else(|| value.as_integer().map(|i| i as f64))
            };
            match field {
                "endpoint" => r.endpoint = as_string(value).ok_or_else(bad)?,
                "value" => r.value = num(),
                "subgroup" => r.subgroup = as_string(value),
                "n" => r.n = value.as_integer().and_then(|i| u32::try_from(i).ok()),
                "timepoint" => r.timepoint = as_string(value),
                "unit" => r.unit = as_string(value),
                _ => return Err(bad()),
            }
            r.flags
                .push(format!("{field} corrected by the reviewed overlay"));
            r.evidence.extend(ev);
        }
    }
    Ok(())
}
