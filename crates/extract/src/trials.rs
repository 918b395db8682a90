//! Trials, arms and results of one document.
//!
//! Passes: (1) name the trials — registry ids (NCT…), trial names (KEYNOTE-407, HARMONi-2),
//! and the document's own unnamed study; (2) catalogue the arms the text defines (dose groups
//! "3→1.5 mg/kg dose group (n=22)", "Arm A", "monotherapy cohort"); (3) read results from
//! prose sentence by sentence and from tables row by row; (4) read the trial's description
//! (phase, design, setting, population, countries, enrollment, cutoff, follow-up) and a registry
//! record's outcome measures; (5) check provenance and derive exact figures.
//!
//! Prose results are read by a small slot-filling scan rather than one regex per phrasing: in
//! a sentence, endpoint mentions ("ORR", "grade ≥3 TRAEs"), values ("86.4%", "5.8 months"),
//! confidence intervals, n's, arm and subgroup mentions are found first; then each value takes
//! the latest endpoint in its parenthesis scope ("ORR was 57.9% (cORR: 42.1%) and 66.7%" gives
//! ORR, cORR, ORR), its arm from "respectively" lists or the nearest arm mention, and
//! numbers that belong to something else (the 95 of "95% CI", "PD-L1 TPS < 1%", doses, dates)
//! are masked so they are never taken for values.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use atlas_model::{slug, Arm, ArmResult, DerivedFrom, Evidence, OutcomeMeasure, Trial};
use regex::{Captures, Regex};

use crate::assets::DocAsset;
use crate::doc::Ctx;
use crate::text::{parse_num, Unit, UnitKind};

/// Whether a value occurs as a number in a quote (`86.4`, `100`, `75.0` for 75; `-58.3` as
/// `58.3` after its printed sign).
pub(crate) fn number_in_quote(value: f64, quote: &str) -> bool {
    crate::text::numbers(quote)
        .iter()
        .any(|n| (n.value - value.abs()).abs() < 1e-9)
}

mod arms;
mod attribute;
mod build;
mod cohorts;
mod context;
mod control;
mod describe;
mod dose_arms;
mod dose_levels;
mod finish;
#[cfg(test)]
mod label_coverage;
mod mentions;
mod open_outcomes;
mod order;
mod outcome_vocab;
mod outcomes;
mod patterns;
mod population;
mod prose;
mod randomized;
mod reading;
mod sentence;
mod subgroups;
mod table;
#[cfg(test)]
mod tests;

use arms::*;
use attribute::*;
use build::*;
use cohorts::*;
use context::*;
use control::*;
use describe::*;
use dose_arms::*;
use dose_levels::*;
use finish::*;
use mentions::*;
use open_outcomes::*;
use order::*;
use outcomes::*;
use patterns::*;
use population::*;
use prose::*;
use randomized::*;
use reading::*;
use sentence::*;
use subgroups::*;
use table::*;

// ---------------------------------------------------------------------------------------------
// Entry point.

/// Extract trials with their arms and results.
pub(crate) fn extract_trials(ctx: &mut Ctx, assets: &[DocAsset]) -> Vec<Trial> {
    let text = ctx.text().to_owned();
    let main_drug = experimental_asset(&text, assets);
    let defs = arm_catalog(&text, assets);
    let doc_order = randomized_items(&text, &own_names(main_drug))
        .and_then(|items| randomized_order(&items, &defs));
    let mut doc = DocTrials {
        main_drug,
        defs,
        doc_order,
        assets,
        own_names: own_trial_names(ctx, assets),
        background_lines: background_sections(ctx, assets),
        line_cues: LineCues::default(),
        other_drug_lines: BTreeMap::new(),
        main: TrialB::default(),
        named: BTreeMap::new(),
        context_arm: None,
        context_order: None,
        turns: None,
        last_endpoint: None,
    };
    let units: Vec<Unit> = ctx.units.clone();
    let mut i = 0;
    while i < units.len() {
        let u = &units[i];
        match u.kind {
            UnitKind::Row => {
                // A table is its consecutive rows (a rule line between them allowed).
                let mut j = i;
                while j + 1 < units.len()
                    && units[j + 1].kind == UnitKind::Row
                    && units[j + 1].line <= units[j].line + 2
                {
                    j += 1;
                }
                read_table(ctx, &units[i..=j], &doc.defs, &mut doc.main);
                i = j + 1;
                continue;
            }
            UnitKind::ListItem => {}
            UnitKind::Sentence => doc.read_prose(ctx, u),
        }
        i += 1;
    }
    doc.finish(ctx)
}

/// One document's trials while its units are read.
struct DocTrials<'a> {
    /// The drug the document studies.
    main_drug: Option<&'a DocAsset>,
    defs: Vec<ArmDef>,
    /// The order of the arms the design sentence lists (three or more).
    doc_order: Option<Vec<String>>,
    assets: &'a [DocAsset],
    own_names: Vec<String>,
    background_lines: Vec<usize>,
    line_cues: LineCues,
    /// Per paragraph: whether it is about another drug of the document (worked out once per
    /// line, so a line of thousands of sentences is scanned once).
    other_drug_lines: BTreeMap<usize, Option<Option<usize>>>,
    /// The document's own study.
    main: TrialB,
    /// Trials the document cites, by name.
    named: BTreeMap<String, TrialB>,
    /// The arm the last sentence was about, with its line.
    context_arm: Option<(usize, String)>,
    /// The arms the paragraph last set side by side, in its order, with its line.
    context_order: Option<(usize, Vec<String>)>,
    /// The arms the paragraph's sentences were about one at a time, in turn, with its line.
    turns: Option<(usize, Vec<String>)>,
    /// The one endpoint the last sentence named, with its line.
    last_endpoint: Option<(usize, EndpointMention)>,
}

impl DocTrials<'_> {
    /// One sentence: the study it names, then its results into the own or a cited trial.
    fn read_prose(&mut self, ctx: &mut Ctx, u: &Unit) {
        let ut = ctx.unit_text(u).to_owned();
        // Disease background ("About gastric cancer", "is the most common cancer worldwide")
        // states epidemiology, not results of any arm.
        if self.background_lines.contains(&u.line) || is_epidemiology(ctx, u, self.assets) {
            return;
        }
        // A paragraph about another drug of the document (a round-up's next item, a
        // partner's programme) reports that drug's figures, not the study's.
        let (assets, main) = (self.assets, self.main_drug);
        let other = *self
            .other_drug_lines
            .entry(u.line)
            .or_insert_with(|| other_drugs_paragraph(ctx, u, assets, main));
        if let Some(drug) = other {
            // A paragraph about one other programme of the document reports that drug's own
            // figures (a round-up's next item); one naming several reports none.
            if let Some(a) = drug.and_then(|i| self.assets.get(i)) {
                self.read_other_drug(ctx, u, &ut, a);
            }
            return;
        }
        // A named trial in the sentence that is not the document's own study: cited figures.
        let names_all: Vec<String> = TRIAL_NAME_RE
            .captures_iter(&ut)
            .filter_map(|c| trial_name(&c, &ut))
            .collect();
        let cited_name = names_all
            .iter()
            .find(|n| !self.own_names.contains(n))
            .filter(|_| is_cited_context(ctx, u, self.assets, &mut self.line_cues))
            .cloned();
        // A named study that is not cited from elsewhere is the document's own, including
        // one named beside the document's own drug ("the Phase 2 LUMEN-1 study of LUM-101"),
        // unless the sentence plans it ("a Phase 3 trial (SKYLINE-3) is planned").
        if cited_name.is_none() && !is_future_trial(&ut) {
            if let Some(n) = names_all.first() {
                self.main.trial.name.get_or_insert_with(|| n.clone());
            }
        }
        self.expire_context_arm(u);
        match cited_name {
            Some(name) => self.read_cited(ctx, u, &ut, name),
            None => {
                let job = SentenceJob {
                    defs: &self.defs,
                    fixed_arm: None,
                    context_arm: self.context_arm.as_ref().map(|(_, k)| k.as_str()),
                    context_order: self
                        .context_order
                        .as_ref()
                        .filter(|(line, _)| *line == u.line)
                        .map(|(_, order)| order.as_slice()),
                    doc_order: self.doc_order.as_deref(),
                    carried: self
                        .last_endpoint
                        .as_ref()
                        .filter(|(line, _)| *line == u.line)
                        .map(|(_, e)| e),
                    cited: false,
                };
                let outcome = read_sentence(ctx, u, &ut, &job, &mut self.main);
                self.last_endpoint = outcome.endpoint.map(|e| (u.line, e));
                if let Some(order) = outcome.order {
                    self.context_order = Some((u.line, order));
                    self.turns = None;
                } else if let Some(k) = &outcome.arm {
                    self.take_turn(u.line, k);
                }
                if let Some(k) = outcome.arm {
                    self.context_arm = Some((u.line, k));
                }
            }
        }
    }

    /// A sentence about one arm after one about another, on one line: the arms in turn are
    /// the paragraph's order ("In the 160 mg cohort, … . In the 240 mg cohort, … .").
    fn take_turn(&mut self, line: usize, arm: &str) {
        let prev = self
            .turns
            .as_ref()
            .filter(|(l, _)| *l == line)
            .map(|(_, t)| t.as_slice());
        match turn_order(prev, arm) {
            Some(order) => {
                self.context_order = Some((line, order.clone()));
                self.turns = Some((line, order));
            }
            None => self.turns = Some((line, vec![arm.to_owned()])),
        }
    }

    /// A sentence continues the arm of the one before on its line; in a comparative trial the
    /// experimental arm also carries to the next line ("In the X arm, …" then "In the
    /// prespecified subgroup …, the ORR was …"), where the figure would otherwise be dropped.
    fn expire_context_arm(&mut self, u: &Unit) {
        let experimental = |k: &str| {
            self.defs
                .iter()
                .any(|d| d.key == k && d.role == Role::Experimental)
        };
        if self
            .context_arm
            .as_ref()
            .is_some_and(|(line, k)| *line != u.line && !(*line + 1 == u.line && experimental(k)))
        {
            self.context_arm = None;
        }
    }

    /// A cited trial's sentence: every figure goes to what its patients received, else to the
    /// drug the sentence names.
    fn read_cited(&mut self, ctx: &mut Ctx, u: &Unit, ut: &str, name: String) {
        let t = self.named.entry(name.clone()).or_insert_with(|| TrialB {
            trial: Trial {
                id: slug(&name),
                name: Some(name.clone()),
                ..Trial::default()
            },
            cited: true,
            ..TrialB::default()
        });
        let named_drug = self
            .assets
            .iter()
            .find(|a| {
                crate::doc::spans_within(&a.mentions, u.start, u.end)
                    .next()
                    .is_some()
            })
            .map(|a| a.name().to_owned());
        let label = TREATED_WITH_RE
            .captures(ut)
            .and_then(|c| c.name("reg"))
            .map(|m| m.as_str().trim().to_owned())
            .or(named_drug)
            .unwrap_or_else(|| "Reported arm".to_owned());
        read_into_arm(ctx, u, ut, &label, true, t);
    }

    /// A sentence of a paragraph about another drug of the document: its figures go to that
    /// drug's own arm, in a trial of its own.
    fn read_other_drug(&mut self, ctx: &mut Ctx, u: &Unit, ut: &str, a: &DocAsset) {
        let t = self
            .named
            .entry(format!("drug:{}", a.id()))
            .or_insert_with(|| TrialB {
                trial: Trial {
                    id: slug(&format!("{} {}", a.name(), ctx.doc_id)),
                    assets: vec![a.id()],
                    ..Trial::default()
                },
                ..TrialB::default()
            });
        read_into_arm(ctx, u, ut, a.name(), false, t);
    }

    /// The document's own trial (described, named, with its assets) and the cited trials
    /// that report figures.
    fn finish(mut self, ctx: &mut Ctx) -> Vec<Trial> {
        let main = &mut self.main;
        describe_trial(ctx, &mut main.trial, &self.defs);
        outcome_measures(ctx, &mut main.trial);
        if let Some(a) = self.assets.iter().find(|a| !a.comparator) {
            main.trial.assets.push(a.id());
        }
        for a in self.assets.iter().filter(|a| !a.comparator).skip(1) {
            if main.arms.iter().any(|arm| arm.label.contains(a.name())) {
                main.trial.assets.push(a.id());
            }
        }
        let is_registry =
            !main.trial.outcome_measures.is_empty() || !main.trial.registry_ids.is_empty();
        let mut out = Vec::new();
        if is_registry || !main.arms.is_empty() || !main.trial.comparisons.is_empty() {
            main.trial.id = own_trial_id(ctx, &main.trial);
            let phase_sentence = ctx.units.iter().find(|u| {
                u.kind == UnitKind::Sentence
                    && main
                        .trial
                        .phase
                        .as_ref()
                        .is_some_and(|p| ctx.unit_text(u).contains(p.as_str()))
            });
            if let Some(u) = phase_sentence {
                let ev = ctx.unit_evidence(u);
                main.trial.evidence.push(ev);
            }
            out.push(finish_trial(ctx, self.main));
        }
        for (_, t) in self.named {
            if t.arms.iter().any(|a| !a.results.is_empty()) {
                out.push(finish_trial(ctx, t));
            }
        }
        out
    }
}

/// Read a sentence whose every figure goes to one arm, `label` (a cited trial's regimen, a
/// round-up's other drug); the other side of a compared pair goes to that trial's control.
fn read_into_arm(ctx: &mut Ctx, u: &Unit, ut: &str, label: &str, cited: bool, t: &mut TrialB) {
    let key = slug(label);
    let job = SentenceJob {
        defs: &[],
        fixed_arm: Some((&key, label)),
        context_arm: None,
        context_order: None,
        doc_order: None,
        carried: None,
        cited,
    };
    read_sentence(ctx, u, ut, &job, t);
}

/// The own trial's id: its registry id, else its name, else drug, phase and document.
fn own_trial_id(ctx: &Ctx, t: &Trial) -> String {
    let phase = t.phase.clone().unwrap_or_default();
    let asset = t
        .assets
        .first()
        .cloned()
        .unwrap_or_else(|| "study".to_owned());
    t.registry_ids
        .first()
        .map(|r| slug(r))
        .or_else(|| t.name.as_ref().filter(|n| n.len() <= 30).map(|n| slug(n)))
        .unwrap_or_else(|| slug(&format!("{asset} {phase} {}", ctx.doc_id)))
}
