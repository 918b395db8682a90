//! Milestones: first patient dosed, a trial started, data presented at a named meeting.

use std::sync::LazyLock;

use atlas_model::{Event, EventKind};
use regex::Regex;

use super::dates::nearest_date;
use super::words::MEETINGS;
use super::{new_event, Env};
use crate::doc::Ctx;

static FIRST_PATIENT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)first\s+(?:patient|subject|participant)s?\s+(?:has\s+been\s+|was\s+|had\s+been\s+)?(?:successfully\s+)?dosed|(?-u:\b)dosed\s+(?:the\s+)?first\s+(?:patient|subject|participant)")
        .expect("valid")
});

static TRIAL_START_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:trial|study)(?-u:\b)[^.;]{0,120}(?-u:\b)(?:has\s+(?:already\s+)?been|was|were)\s+(?:initiated|launched|started|commenced)|(?-u:\b)(?:initiated|launched|started|commenced|initiation\s+of)\s+(?:a|an|the|its)\s+[^.;]{0,80}(?-u:\b)(?:trial|study)(?-u:\b)")
        .expect("valid")
});

static PRESENTED_RE: LazyLock<Regex> = LazyLock::new(|| {
    let meetings = MEETINGS.join("|");
    Regex::new(&format!(r"(?i)(?-u:\b)(?:presented|reported|presentation|unveiled|announced)(?-u:\b)[^;]{{0,400}}?(?-u:\b)at\s+(?:the\s+)?(?P<meeting>(?P<year>(?:19|20)\d\d)\s+(?:{meetings})(?-u:\b)[A-Za-z ]{{0,40}}?(?:Annual\s+Meeting|Congress|Symposium|Conference|Meeting)?|(?:{meetings})(?-u:\b)(?:\s+(?P<year2>(?:19|20)\d\d))?)"))
        .expect("valid")
});

/// What every match of `TRIAL_START_RE` holds: one of its verbs ("initiation" included).
/// Most sentences name a trial or study and none of them, and there the counted gap after
/// "trial" made the lazy DFA build new states byte by byte; this scan rules them out first.
static TRIAL_START_GATE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)initiat|launched|started|commenced").expect("valid"));

/// What every match of `PRESENTED_RE` holds: "at (the) (year) <meeting>" (the same list of
/// meetings). "announced" opens most press releases, and from there `PRESENTED_RE`'s
/// 400-character gap made the lazy DFA build new states byte by byte; this scan rules such
/// sentences out first.
static PRESENTED_GATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    let meetings = MEETINGS.join("|");
    Regex::new(&format!(
        r"(?i)(?-u:\b)at\s+(?:the\s+)?(?:(?:19|20)\d\d\s+)?(?:{meetings})(?-u:\b)"
    ))
    .expect("valid")
});

/// Milestones of sentence `si` (text `ut`), about the drug it names or refers to.
pub(super) fn milestone(ctx: &mut Ctx, env: &Env, si: usize, ut: &str, drafts: &mut Vec<Event>) {
    let Some(base) = env.sentences.get(si).map(|s| s.start) else {
        return;
    };
    let mut found: Vec<(usize, String, Option<String>, &str)> = Vec::new();
    if let Some(m) = FIRST_PATIENT_RE.find(ut) {
        found.push((
            m.start(),
            "First patient dosed".to_owned(),
            None,
            "events.first_patient",
        ));
    } else if let Some(m) = TRIAL_START_GATE_RE
        .is_match(ut)
        .then(|| TRIAL_START_RE.find(ut))
        .flatten()
    {
        found.push((
            m.start(),
            "Trial start".to_owned(),
            None,
            "events.trial_start",
        ));
    }
    let presented = PRESENTED_GATE_RE
        .is_match(ut)
        .then(|| PRESENTED_RE.captures(ut))
        .flatten();
    if let Some(c) = presented {
        if let Some(m) = c.name("meeting") {
            let meeting: String = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
            let year = c
                .name("year")
                .or(c.name("year2"))
                .map(|y| y.as_str().to_owned());
            found.push((
                m.start(),
                format!("Data presented at {meeting}"),
                year,
                "events.presented",
            ));
        }
    }
    if found.is_empty() {
        return;
    }
    let asset = env
        .subjects_of(ctx.text(), si, (base, base + ut.len()), false)
        .into_iter()
        .next()
        .flatten();
    for (pos, title, year, rule) in found {
        let date = nearest_date(ctx, base, ut, (pos, pos), (0, ut.len())).or(year);
        let mut ev = new_event(EventKind::Milestone, asset.clone(), title, rule);
        ev.date = date;
        ev.evidence.push(ctx.evidence(base, base + ut.len()));
        drafts.push(ev);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str, expected: &[&str]) {
        let mut ctx = Ctx::new("d", "d.txt", s);
        let cos = crate::assets::companies(&ctx);
        let assets = crate::assets::extract_assets(&mut ctx, &cos);
        let got: Vec<String> = super::super::extract_events(&mut ctx, &assets, &cos)
            .into_iter()
            .filter(|e| e.kind == EventKind::Milestone)
            .map(|e| e.title)
            .collect();
        assert_eq!(got, expected, "{s}");
    }

    #[test]
    fn milestones_by_rule() {
        check(
            "The first patient has been dosed in the phase 2 study.",
            &["First patient dosed"],
        );
        check("Vela initiated a phase 3 trial of VX-1.", &["Trial start"]);
        check(
            "Data were presented at the 2025 ASCO Annual Meeting.",
            &["Data presented at 2025 ASCO"],
        );
        check("Vela expects data later this year.", &[]);
    }
}
