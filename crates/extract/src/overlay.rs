//! Applying a reviewed overlay on top of the extracted dataset: additions (each with a
//! verbatim quote of its document), corrections of one field, suppressions.

use atlas_model::{Arm, ArmResult, Asset, Dataset, Event, EventKind, Evidence, Trial};

use crate::config::{parse_selector, AddFact, ConfigError, Overlay, Selector};
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

/// Where overlay problems go: error diagnostics against the overlay's file.
struct Problems<'a> {
    file: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

impl Problems<'_> {
    /// Record an error at `line` of the overlay file.
    fn push(&mut self, line: u32, message: String) {
        self.diags.push(Diagnostic {
            file: self.file.to_owned(),
            line: Some(line),
            severity: Severity::Error,
            message,
        })
    }
}

/// Apply the overlay; returns how many facts it added or corrected.
pub(crate) fn apply(
    ds: &mut Dataset,
    overlay: &Overlay,
    docs: &[SourceDoc],
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let mut problems = Problems {
        file: &overlay.file,
        diags,
    };
    apply_suppressions(ds, overlay, &mut problems);
    let added = apply_additions(ds, overlay, docs, &mut problems);
    let corrected = apply_corrections(ds, overlay, docs, &mut problems);
    added + corrected
}

/// Remove every suppressed fact; a selector that matches nothing is a problem.
fn apply_suppressions(ds: &mut Dataset, overlay: &Overlay, problems: &mut Problems) {
    for s in &overlay.suppress {
        let Ok(sel) = parse_selector(&s.value.target) else {
            continue;
        };
        if !suppress(ds, &sel) {
            problems.push(s.line, format!("suppress: nothing matches {sel}"));
        }
    }
}

/// Add every overlay fact whose quote is found; returns how many were added.
fn apply_additions(
    ds: &mut Dataset,
    overlay: &Overlay,
    docs: &[SourceDoc],
    problems: &mut Problems,
) -> usize {
    let mut count = 0;
    for add in &overlay.add {
        let a = &add.value;
        let Some(ev) = evidence_of(docs, &a.doc, &a.quote) else {
            problems.push(add.line, format!("quote not found verbatim in {}", a.doc));
            continue;
        };
        match add_fact(ds, a, ev) {
            Ok(true) => count += 1,
            Ok(false) => {}
            Err(reason) => problems.push(add.line, reason),
        }
    }
    count
}

/// Apply every correction; returns how many were applied.
fn apply_corrections(
    ds: &mut Dataset,
    overlay: &Overlay,
    docs: &[SourceDoc],
    problems: &mut Problems,
) -> usize {
    let mut count = 0;
    for c in &overlay.correct {
        let Ok(sel) = parse_selector(&c.value.target) else {
            continue;
        };
        let ev = match (&c.value.doc, &c.value.quote) {
            (Some(d), Some(q)) => evidence_of(docs, d, q),
            _ => None,
        };
        // A number corrected with a quote must be one the quote holds, as an added one must.
        if let (Some(q), Some(v)) = (&c.value.quote, number_of(&c.value.value)) {
            if matches!(c.value.field.as_str(), "value" | "ci_low" | "ci_high")
                && !crate::trials::number_in_quote(v, q)
            {
                problems.push(
                    c.line,
                    format!(
                        "{} {} does not occur in its quote",
                        c.value.field,
                        atlas_model::num::decimal(v, 9)
                    ),
                );
                continue;
            }
        }
        match correct(ds, &sel, &c.value.field, &c.value.value, ev) {
            Ok(()) => count += 1,
            Err(reason) => problems.push(c.line, reason),
        }
    }
    count
}

/// Add one fact by its kind: `Ok(true)` if added, `Ok(false)` if silently skipped.
fn add_fact(ds: &mut Dataset, a: &AddFact, ev: Evidence) -> Result<bool, String> {
    match a.fact.as_str() {
        "asset" => {
            add_asset(ds, a, ev);
            Ok(true)
        }
        "event" => add_event(ds, a, ev).map(|()| true),
        _ => add_result(ds, a, ev),
    }
}

/// Add an asset with its (optional) company.
fn add_asset(ds: &mut Dataset, a: &AddFact, ev: Evidence) {
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

/// Add an event of a known kind, with a fresh unique id.
fn add_event(ds: &mut Dataset, a: &AddFact, ev: Evidence) -> Result<(), String> {
    let kind = match a.kind.as_deref() {
        Some("designation") => EventKind::Designation,
        Some("ind") => EventKind::Ind,
        Some("approval") => EventKind::Approval,
        Some("deal") => EventKind::Deal,
        Some("milestone") => EventKind::Milestone,
        other => {
            return Err(format!(
                "event kind {other:?} is not designation, ind, approval, deal or milestone"
            ));
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
    Ok(())
}

/// Add an arm result (creating its trial and arm if needed); skipped without trial, arm or endpoint.
fn add_result(ds: &mut Dataset, a: &AddFact, ev: Evidence) -> Result<bool, String> {
    let (Some(trial_id), Some(arm_label), Some(endpoint)) = (&a.trial, &a.arm, &a.endpoint) else {
        return Ok(false);
    };
    if let Some(v) = a.value {
        if !crate::trials::number_in_quote(v, &a.quote) {
            return Err(format!(
                "value {} does not occur in its quote",
                atlas_model::num::decimal(v, 9)
            ));
        }
    }
    let trial = trial_or_new(ds, trial_id, &ev);
    let arm = arm_or_new(trial, arm_label, &ev);
    arm.results.push(overlay_result(a, endpoint, ev));
    Ok(true)
}

/// The trial with this id, pushed new (citing `ev`) if there is none.
fn trial_or_new<'a>(ds: &'a mut Dataset, trial_id: &str, ev: &Evidence) -> &'a mut Trial {
    match ds.trials.iter_mut().position(|t| t.id == *trial_id) {
        Some(i) => &mut ds.trials[i],
        None => {
            ds.trials.push(Trial {
                id: trial_id.to_owned(),
                evidence: vec![ev.clone()],
                ..Trial::default()
            });
            let last = ds.trials.len() - 1;
            &mut ds.trials[last]
        }
    }
}

/// The trial's arm with this label (or its slug id), pushed new (citing `ev`) if there is none.
fn arm_or_new<'a>(trial: &'a mut Trial, arm_label: &str, ev: &Evidence) -> &'a mut Arm {
    let arm_id = format!("{}/{}", trial.id, atlas_model::slug(arm_label));
    match trial
        .arms
        .iter()
        .position(|x| x.id == arm_id || x.label == *arm_label)
    {
        Some(i) => &mut trial.arms[i],
        None => {
            trial.arms.push(Arm {
                id: arm_id,
                label: arm_label.to_owned(),
                evidence: vec![ev.clone()],
                ..Arm::default()
            });
            let last = trial.arms.len() - 1;
            &mut trial.arms[last]
        }
    }
}

/// The arm result an overlay addition states, flagged as added by the overlay.
fn overlay_result(a: &AddFact, endpoint: &str, ev: Evidence) -> ArmResult {
    ArmResult {
        endpoint: endpoint.to_owned(),
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
    }
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

/// A TOML number as a float.
fn number_of(v: &toml::Value) -> Option<f64> {
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

/// A value as an error message shows it ("12.5", "\"ORR\"", "[\"a\", \"b\"]"), written here
/// rather than through `toml::Value`'s `Display`, which would link TOML's encoder and core's
/// float formatting into the curation worker (its size budget).
fn shown(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("{s:?}"),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => atlas_model::num::decimal(*f, 9),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(shown).collect();
            format!("[{}]", items.join(", "))
        }
        toml::Value::Datetime(_) => "a date".to_owned(),
        toml::Value::Table(_) => "a table".to_owned(),
    }
}

fn as_string(v: &toml::Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

/// One requested correction: set `field` of the fact `sel` names to `value`.
struct FieldEdit<'a> {
    sel: &'a Selector,
    field: &'a str,
    value: &'a toml::Value,
}

impl FieldEdit<'_> {
    /// The reason a field cannot take this value.
    fn bad(&self) -> String {
        format!(
            "cannot set {} of {} to {}",
            self.field,
            self.sel,
            shown(self.value)
        )
    }

    /// The reason the selected fact cannot be found.
    fn missing(&self) -> String {
        format!("no {}", self.sel)
    }

    /// The value as a whole number that fits a count.
    fn count(&self) -> Option<u32> {
        self.value.as_integer().and_then(|i| u32::try_from(i).ok())
    }

    /// Set one field of an asset.
    fn set_asset(&self, a: &mut Asset) -> Result<(), String> {
        let value = self.value;
        match self.field {
            "name" => a.name = as_string(value).ok_or_else(|| self.bad())?,
            "modality" => a.modality = as_string(value),
            "mechanism" => a.mechanism = as_string(value),
            "comparator" => a.comparator = value.as_bool().ok_or_else(|| self.bad())?,
            // Companies replace the list, each as the asset's developer.
            "companies" => {
                let names = value.as_array().ok_or_else(|| self.bad())?;
                a.companies = names
                    .iter()
                    .filter_map(as_string)
                    .map(|name| atlas_model::CompanyRole {
                        name,
                        role: "developer".to_owned(),
                    })
                    .collect();
            }
            "aliases" | "targets" | "claims" => {
                let list: Vec<String> = value
                    .as_array()
                    .ok_or_else(|| self.bad())?
                    .iter()
                    .filter_map(as_string)
                    .collect();
                match self.field {
                    "aliases" => a.aliases = list,
                    "targets" => a.targets = list,
                    _ => a.claims = list,
                }
            }
            _ => return Err(self.bad()),
        }
        Ok(())
    }

    /// Set one field of an event.
    fn set_event(&self, e: &mut Event) -> Result<(), String> {
        let value = self.value;
        match self.field {
            "date" => e.date = as_string(value),
            "indication" => e.indication = as_string(value),
            "agency" => e.agency = as_string(value),
            "designation" => e.designation = as_string(value),
            "asset" => e.asset = as_string(value),
            "title" => e.title = as_string(value).ok_or_else(|| self.bad())?,
            _ => return Err(self.bad()),
        }
        Ok(())
    }

    /// Set one field of a trial.
    fn set_trial(&self, t: &mut Trial) -> Result<(), String> {
        let value = self.value;
        match self.field {
            "name" => t.name = as_string(value),
            "phase" => t.phase = as_string(value),
            "design" => t.design = as_string(value),
            "starting_dose" => t.starting_dose = as_string(value),
            "setting" => t.setting = as_string(value),
            "population" => t.population = as_string(value),
            "enrollment" => t.enrollment = self.count(),
            _ => return Err(self.bad()),
        }
        Ok(())
    }

    /// Set one field of an arm.
    fn set_arm(&self, a: &mut Arm) -> Result<(), String> {
        match self.field {
            "label" => a.label = as_string(self.value).ok_or_else(|| self.bad())?,
            "regimen" => a.regimen = as_string(self.value),
            "n" => a.n = self.count(),
            _ => return Err(self.bad()),
        }
        Ok(())
    }

    /// Set one field of an arm result and flag it as corrected.
    fn set_result(&self, r: &mut ArmResult) -> Result<(), String> {
        let value = self.value;
        let num = || {
            value
                .as_float()
                .or_else(|| value.as_integer().map(|i| i as f64))
        };
        match self.field {
            "endpoint" => r.endpoint = as_string(value).ok_or_else(|| self.bad())?,
            "value" => r.value = num(),
            "subgroup" => r.subgroup = as_string(value),
            "n" => r.n = self.count(),
            "timepoint" => r.timepoint = as_string(value),
            "unit" => r.unit = as_string(value),
            "ci_low" => r.ci_low = num(),
            "ci_high" => r.ci_high = num(),
            _ => return Err(self.bad()),
        }
        r.flags
            .push(format!("{} corrected by the reviewed overlay", self.field));
        Ok(())
    }
}

/// Set one field of the selected fact, citing `ev` if given.
fn correct(
    ds: &mut Dataset,
    sel: &Selector,
    field: &str,
    value: &toml::Value,
    ev: Option<Evidence>,
) -> Result<(), String> {
    let edit = FieldEdit { sel, field, value };
    match sel {
        Selector::Asset(id) => {
            let a = ds.assets.iter_mut().find(|a| a.id == *id);
            let a = a.ok_or_else(|| edit.missing())?;
            edit.set_asset(a)?;
            a.evidence.extend(ev);
        }
        Selector::Event(id) => {
            let e = ds.events.iter_mut().find(|e| e.id == *id);
            let e = e.ok_or_else(|| edit.missing())?;
            edit.set_event(e)?;
            e.evidence.extend(ev);
        }
        Selector::Trial(id) => {
            let t = ds.trials.iter_mut().find(|t| t.id == *id);
            let t = t.ok_or_else(|| edit.missing())?;
            edit.set_trial(t)?;
            t.evidence.extend(ev);
        }
        Selector::Arm(id) => {
            let mut arms = ds.trials.iter_mut().flat_map(|t| t.arms.iter_mut());
            let a = arms.find(|a| a.id == *id).ok_or_else(|| edit.missing())?;
            edit.set_arm(a)?;
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
                .ok_or_else(|| edit.missing())?;
            edit.set_result(r)?;
            r.evidence.extend(ev);
        }
    }
    Ok(())
}
