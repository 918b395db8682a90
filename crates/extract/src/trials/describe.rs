#![allow(unused_imports)]
use super::*;

pub(super) static PHASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)phase\s*(?P<a>I{1,3}V?|[1-4])(?P<a2>[ab])?(?:\s*/\s*(?P<b>I{1,3}|[1-4])(?P<b2>[ab])?)?(?-u:\b)").expect("valid")
});

pub(super) fn roman(s: &str) -> String {
    match s.to_uppercase().as_str() {
        "I" => "1".into(),
        "II" => "2".into(),
        "III" => "3".into(),
        "IV" => "4".into(),
        other => other.to_owned(),
    }
}

pub(super) fn phase_of(c: &Captures) -> Option<String> {
    let a = roman(c.name("a")?.as_str());
    let a2 = c
        .name("a2")
        .map(|m| m.as_str().to_lowercase())
        .unwrap_or_default();
    let mut s = format!("Phase {a}{a2}");
    if let Some(b) = c.name("b") {
        let b2 = c
            .name("b2")
            .map(|m| m.as_str().to_lowercase())
            .unwrap_or_default();
        s.push_str(&format!("/{}{b2}", roman(b.as_str())));
    }
    Some(s)
}

pub(super) const DESIGN_WORDS: &[&str] = &[
    "open-label",
    "double-blind",
    "single-blind",
    "randomized",
    "randomised",
    "non-randomized",
    "placebo-controlled",
    "single-arm",
    "multicenter",
    "multicentre",
    "multi-center",
    "dose escalation",
    "dose-escalation",
    "dose expansion",
    "dose-expansion",
    "dose optimization",
    "dose-optimization",
    "accelerated titration",
    "\"3+3\"",
    "3+3",
    "head-to-head",
    "first-in-human",
    "proof-of-concept",
    "PoC",
    "basket",
    "umbrella",
    "adaptive",
    "seamless",
];

pub(super) const COUNTRIES: &[&str] = &[
    "China",
    "United States",
    "U.S.",
    "USA",
    "Australia",
    "Japan",
    "South Korea",
    "Korea",
    "Taiwan",
    "Hong Kong",
    "Singapore",
    "Canada",
    "United Kingdom",
    "UK",
    "Germany",
    "France",
    "Spain",
    "Italy",
    "Europe",
    "Brazil",
    "India",
    "Israel",
    "Poland",
    "Russia",
    "Turkey",
    "Thailand",
    "Vietnam",
    "Malaysia",
];

/// Fill the trial's description (phase, design, setting, population, countries, enrollment,
/// cutoff, follow-up, registry ids and title) from the document.
pub(super) fn describe_trial(ctx: &mut Ctx, t: &mut Trial, _defs: &[ArmDef]) {
    let text = ctx.text().to_owned();
    let units = ctx.units.clone();
    let study = study_units(ctx);
    describe_phase(ctx, &study, t);
    describe_design(ctx, &study, t);
    describe_setting(ctx, &study, t);
    describe_population(ctx, &study, t);
    describe_countries(ctx, &study, t);
    for u in &units {
        if u.kind == UnitKind::ListItem {
            continue;
        }
        let ut = ctx.unit_text(u).to_owned();
        enrollment_rule(ctx, t, u, &ut);
        cutoff_rule(ctx, t, u, &ut);
        follow_up_rule(ctx, t, u, &ut);
        starting_dose_rule(ctx, t, u, &ut);
    }
    describe_registry_ids(&text, t);
    registry_title(ctx, &text, &units, t);
}

/// Whether a unit's (lower-cased) text speaks about the study itself.
fn is_study_unit(u: &Unit, l: &str) -> bool {
    u.kind != UnitKind::ListItem
        && (l.contains("this study")
            || ((l.contains(" study") || l.contains(" trial"))
                && (l.contains("open-label")
                    || l.contains("randomi")
                    || l.contains("multicent")
                    || l.contains("single-arm")
                    || l.contains("conducted")
                    || l.contains("phase")))
            || l.contains("this phase")
            || l.contains("the study")
            || l.contains("enrolled")
            || l.contains("this trial")
            || l.contains("study design")
            || l.contains("is a phase")
            // "an accelerated titration combined with a \"3+3\" design will be adopted"
            || l.contains(" design will")
            || l.contains(" design was")
            || l.contains(" design is")
            || l.contains("data cutoff")
            || l.contains("designed to"))
        && !l.starts_with("about ")
}

/// The units that describe the study (not list items, not "About …" boilerplate).
fn study_units(ctx: &Ctx) -> Vec<Unit> {
    ctx.units
        .iter()
        .filter(|u| is_study_unit(u, &ctx.unit_text(u).to_lowercase()))
        .cloned()
        .collect()
}

/// The phase: the first named in a study unit, else the first in the document.
fn describe_phase(ctx: &Ctx, study: &[Unit], t: &mut Trial) {
    for u in study {
        let ut = ctx.unit_text(u);
        if t.phase.is_none() {
            if let Some(p) = PHASE_RE.captures(ut).and_then(|c| phase_of(&c)) {
                t.phase = Some(p);
            }
        }
    }
    if t.phase.is_none() {
        t.phase = PHASE_RE.captures(ctx.text()).and_then(|c| phase_of(&c));
    }
}

/// Whether the (lower-cased) design word occurs in `l` as a whole word.
fn has_design_word(l: &str, wl: &str) -> bool {
    // Whole words only: "non-randomized" is not "randomized".
    l.match_indices(wl).any(|(i, _)| {
        let before = l[..i].chars().next_back();
        let after = l[i + wl.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
            && !after.is_some_and(|c| c.is_alphanumeric())
    })
}

/// The design: the canonical design words of the study units, in order, comma-joined.
fn describe_design(ctx: &Ctx, study: &[Unit], t: &mut Trial) {
    // Each design word as searched for and as reported, worked out once rather than for every
    // unit of every trial (seven strings built per word and unit).
    static WORDS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
        DESIGN_WORDS
            .iter()
            .map(|w| {
                let wl = w.to_lowercase().replace('"', "");
                let canonical = w
                    .replace('"', "")
                    .replace("dose-", "dose ")
                    .replace("randomised", "randomized")
                    .replace("multicentre", "multicenter")
                    .replace("multi-center", "multicenter");
                (wl, canonical)
            })
            .collect()
    });
    let mut design: Vec<String> = Vec::new();
    for u in study {
        let l = ctx.unit_text(u).to_lowercase();
        for (wl, canonical) in WORDS.iter() {
            if has_design_word(&l, wl) && !design.contains(canonical) {
                design.push(canonical.clone());
            }
        }
    }
    if !design.is_empty() {
        t.design = Some(design.join(", "));
    }
}

/// The treatment setting (first-line, adjuvant, …) of the first study unit that names one.
fn describe_setting(ctx: &Ctx, study: &[Unit], t: &mut Trial) {
    let setting = [
        ("first-line", "first-line"),
        ("1l ", "first-line"),
        ("previously untreated", "first-line"),
        ("treatment-naive", "first-line"),
        ("second-line", "second-line"),
        ("later-line", "later-line"),
        ("previously treated", "previously treated"),
        ("immunotherapy-resistant", "immunotherapy-resistant"),
        ("adjuvant", "adjuvant"),
        ("neoadjuvant", "neoadjuvant"),
        ("maintenance", "maintenance"),
    ];
    for u in study {
        let l = ctx.unit_text(u).to_lowercase();
        if let Some((_, s)) = setting.iter().find(|(w, _)| l.contains(w)) {
            t.setting = Some((*s).to_owned());
            break;
        }
    }
}

/// The population: "patients with …" in the first study unit that has it.
fn describe_population(ctx: &Ctx, study: &[Unit], t: &mut Trial) {
    static POP_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)patients\s+with\s+(?P<pop>(?:[^.;]|\.\d){5,160}?)(?:\s+were\s+enrolled|\s+(?:who|were|are|will)(?-u:\b)|[.;](?:\s|$)|,\s+(?:to|and)\s|$)").expect("valid")
    });
    for u in study {
        if let Some(m) = POP_RE
            .captures(ctx.unit_text(u))
            .and_then(|c| c.name("pop"))
        {
            t.population = Some(m.as_str().trim().to_owned());
            break;
        }
    }
}

/// The countries named where study units speak of sites, conduct or enrollment.
fn describe_countries(ctx: &Ctx, study: &[Unit], t: &mut Trial) {
    for u in study {
        let ut = ctx.unit_text(u);
        let l = ut.to_lowercase();
        if !(l.contains("conducted")
            || l.contains("sites")
            || l.contains("centers")
            || l.contains("centres")
            || l.contains("enrolled"))
        {
            continue;
        }
        for c in COUNTRIES {
            if ut.contains(&format!("in {c}"))
                || ut.contains(&format!("the {c}"))
                || ut.contains(&format!(", {c}"))
                || ut.contains(&format!("and {c}"))
            {
                let name = match *c {
                    "U.S." | "USA" => "United States",
                    "UK" => "United Kingdom",
                    other => other,
                };
                if !t.countries.iter().any(|x| x == name) {
                    t.countries.push(name.to_owned());
                }
            }
        }
    }
}

/// Enrollment: the first "a total of N patients", "N patients were enrolled", … found.
fn enrollment_rule(ctx: &mut Ctx, t: &mut Trial, u: &Unit, ut: &str) {
    static ENROLL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:a\s+total\s+of\s+(?P<a>\d{1,5})\s+(?:patients|subjects|participants)|(?P<b>\d{1,5})\s+(?:patients|subjects|participants)\s+(?:had\s+been|have\s+been|were|was)\s+(?:enrolled|treated|dosed|randomi[sz]ed)|enrolled\s+(?P<c>\d{1,5})\s+(?:patients|subjects|participants)|enrollment\s*[:=]?\s*(?P<d>\d{1,5})(?-u:\b))").expect("valid")
    });
    if t.enrollment.is_some() {
        return;
    }
    let Some(c) = ENROLL_RE.captures(ut) else {
        return;
    };
    if let Some(m) = c.name("a").or(c.name("b")).or(c.name("c")).or(c.name("d")) {
        t.enrollment = m.as_str().parse().ok();
        ctx.mark_used(u.start + m.start(), u.start + m.end());
        let ev = ctx.unit_evidence(u);
        if !t.evidence.contains(&ev) {
            t.evidence.push(ev);
        }
    }
}

/// Data cutoff: the date just after the first "data cutoff" / "as of" found.
fn cutoff_rule(ctx: &Ctx, t: &mut Trial, u: &Unit, ut: &str) {
    static CUTOFF_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:data\s+cut-?off|cut-?off\s+date|as\s+of)(?-u:\b)")
            .expect("valid")
    });
    if t.data_cutoff.is_some() || !CUTOFF_RE.is_match(ut) {
        return;
    }
    if let Some(m) = CUTOFF_RE.find(ut) {
        let d = ctx
            .dates
            .iter()
            .find(|d| d.start >= u.start + m.start() && d.start <= u.start + m.end() + 30)
            .map(|d| d.value.clone());
        t.data_cutoff = d;
    }
}

/// Starting dose: the dose as written after the first "starting dose of" ("From the starting
/// dose of 0.01 mg/kg, …"); its number is then used, and the unit is evidence of the trial.
fn starting_dose_rule(ctx: &mut Ctx, t: &mut Trial, u: &Unit, ut: &str) {
    static START_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:starting|initial|start)\s+dose(?:\s+level)?\s*(?:of|was|is|will\s+be|:|=)?\s*$")
            .expect("valid")
    });
    if t.starting_dose.is_some() {
        return;
    }
    for d in DOSE_RE.captures_iter(ut) {
        let Some(dose) = d.name("dose") else { continue };
        // Only the 40 bytes before the dose are read, so a line of many doses stays linear.
        let mut from = dose.start().saturating_sub(40);
        while !ut.is_char_boundary(from) {
            from -= 1;
        }
        if !START_RE.is_match(ut.get(from..dose.start()).unwrap_or("")) {
            continue;
        }
        t.starting_dose = Some(dose.as_str().trim().to_owned());
        ctx.mark_used(u.start + dose.start(), u.start + dose.end());
        let ev = ctx.unit_evidence(u);
        if !t.evidence.contains(&ev) {
            t.evidence.push(ev);
        }
        return;
    }
}

/// Median follow-up: the first "median follow-up of N months" found, in plural units.
fn follow_up_rule(ctx: &mut Ctx, t: &mut Trial, u: &Unit, ut: &str) {
    static FOLLOW_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)median\s+(?:duration\s+of\s+)?follow-?up(?:\s+(?:time|duration|period))?\s*(?:was|of|:|,|=)?\s*(?P<v>\d+(?:\.\d+)?)\s*(?P<u>months?|weeks?|years?)").expect("valid")
    });
    if t.median_follow_up.is_some() {
        return;
    }
    let Some(c) = FOLLOW_RE.captures(ut) else {
        return;
    };
    if let (Some(v), Some(un)) = (c.name("v"), c.name("u")) {
        let unit = if un.as_str().ends_with('s') {
            un.as_str().to_owned()
        } else {
            format!("{}s", un.as_str())
        };
        t.median_follow_up = Some(format!("{} {unit}", v.as_str()));
        ctx.mark_used(u.start + v.start(), u.start + v.end());
    }
}

/// Registry ids in the document, except those right after another trial's name.
fn describe_registry_ids(text: &str, t: &mut Trial) {
    for m in REGISTRY_RE.find_iter(text) {
        // "(SKYLINE-3, NCT06677889)": an id right after another trial's name is that trial's.
        let head = text
            .get(m.start().saturating_sub(30)..m.start())
            .unwrap_or("");
        let other = TRIAL_NAME_RE
            .captures_iter(head)
            .filter_map(|c| trial_name(&c, head))
            .last()
            .is_some_and(|n| t.name.as_deref() != Some(n.as_str()));
        let id = m.as_str().to_owned();
        if !other && !t.registry_ids.contains(&id) {
            t.registry_ids.push(id);
        }
    }
}

/// Registry records: the first line is the trial's title (a nameless trial takes it).
fn registry_title(ctx: &Ctx, text: &str, units: &[Unit], t: &mut Trial) {
    let registry = !text.is_empty()
        && (text.contains("DRUG:")
            || text.contains("BIOLOGICAL:")
            || units.iter().any(|u| u.kind == UnitKind::ListItem));
    if !registry || t.name.is_some() {
        return;
    }
    t.name = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| {
            ["Official Title:", "Brief Title:", "Study Title:", "Title:"]
                .iter()
                .find_map(|p| l.strip_prefix(p))
                .unwrap_or(l)
                .trim()
        })
        .map(|l| l.chars().take(200).collect());
    if let Some(u) = units.first() {
        let ev = ctx.unit_evidence(u);
        t.evidence.push(ev);
    }
}

/// Outcome measures listed under "Primary Outcome Measures:" / "Secondary Outcome Measures:"
/// labels, one per line, with an optional "[Time Frame: …]".
pub(super) fn labelled_outcome_measures(ctx: &mut Ctx, t: &mut Trial) {
    static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?P<kind>primary|secondary)\s+(?:outcome|end\s*point)(?:\s+measures?)?s?\s*:?\s*(?P<rest>.*)$").expect("valid")
    });
    static ITEM_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:\d{1,2}[.)]\s*|[-*•]\s*)?(?P<title>[^\[]+?)\s*(?:\[\s*Time\s*Frame\s*:\s*(?P<tf>[^\]]+)\])?\s*$").expect("valid")
    });
    let text = ctx.text().to_owned();
    let mut kind: Option<String> = None;
    let mut offset = 0;
    for line in text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        if let Some(c) = LABEL_RE.captures(line) {
            kind = c.name("kind").map(|k| k.as_str().to_lowercase());
            let rest = c.name("rest").map(|r| r.as_str().trim()).unwrap_or("");
            if rest.is_empty() || rest.contains('|') {
                continue;
            }
        }
        let Some(k) = kind.clone() else { continue };
        let trimmed = line.trim();
        // A blank line or another "Label:" ends the list.
        if trimmed.is_empty()
            || (trimmed.ends_with(':') && !LABEL_RE.is_match(line))
            || (trimmed.contains(": ")
                && !trimmed.contains("[")
                && trimmed.len() < 40
                && !LABEL_RE.is_match(line))
        {
            kind = None;
            continue;
        }
        let body = LABEL_RE
            .captures(line)
            .and_then(|c| c.name("rest"))
            .map(|r| r.as_str())
            .unwrap_or(line);
        let Some(c) = ITEM_RE.captures(body) else {
            continue;
        };
        let Some(title) = c.name("title") else {
            continue;
        };
        let measure = OutcomeMeasure {
            kind: k,
            title: title.as_str().trim().to_owned(),
            description: None,
            time_frame: c.name("tf").map(|m| m.as_str().trim().to_owned()),
        };
        if !t.outcome_measures.contains(&measure) {
            t.outcome_measures.push(measure);
            ctx.mark_used(start, start + line.len());
            if t.evidence.len() < 4 {
                let ev = ctx.evidence(
                    start + (line.len() - line.trim_start().len()),
                    start + line.trim_end().len(),
                );
                t.evidence.push(ev);
            }
        }
    }
}

pub(super) fn outcome_measures(ctx: &mut Ctx, t: &mut Trial) {
    labelled_outcome_measures(ctx, t);
    let units: Vec<Unit> = ctx
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::ListItem)
        .cloned()
        .collect();
    let mut lines: Vec<usize> = units.iter().map(|u| u.line).collect();
    lines.dedup();
    for u in &units {
        let kind = if Some(&u.line) == lines.first() {
            "primary"
        } else {
            "secondary"
        };
        let item = ctx.unit_text(u).to_owned();
        let parts: Vec<&str> = item.split(", ").collect();
        let Some(title) = parts.first() else { continue };
        let time_words = [
            "day", "week", "month", "year", "baseline", "cycle", "up to", "visit", "through",
            "after", "hour", "until",
        ];
        let (time_frame, desc_parts) = match parts.split_last() {
            Some((last, rest))
                if !rest.is_empty()
                    && time_words.iter().any(|w| last.to_lowercase().contains(w)) =>
            {
                // The time frame may itself hold commas ("Day1, 2, 3 … of each cycle"): take
                // every trailing part from the first that starts like a time frame.
                let start = parts.iter().enumerate().skip(1).find(|(_, p)| {
                    let l = p.to_lowercase();
                    time_words.iter().any(|w| l.starts_with(w)) || l.starts_with("day")
                });
                match start {
                    Some((i, _)) => (Some(parts[i..].join(", ")), parts[1..i].to_vec()),
                    None => (Some((*last).to_owned()), rest[1..].to_vec()),
                }
            }
            _ => (None, parts.get(1..).map(|p| p.to_vec()).unwrap_or_default()),
        };
        let description = if desc_parts.is_empty() {
            None
        } else {
            Some(desc_parts.join(", "))
        };
        t.outcome_measures.push(OutcomeMeasure {
            kind: kind.to_owned(),
            title: title.trim().to_owned(),
            description,
            time_frame,
        });
        // The numbers of an outcome measure are used by it.
        ctx.mark_used(u.start, u.end);
        if t.evidence.len() < 4 {
            let ev = ctx.unit_evidence(u);
            t.evidence.push(ev);
        }
    }
}

#[cfg(test)]
mod starting_dose_tests {
    use super::*;

    /// The starting dose of the trial a registry record (`NCT…`) describes in `text`.
    fn check(text: &str, expected: Option<&str>) {
        let text = format!("NCT01234567. {text}");
        let mut ctx = Ctx::new("d", "d.txt", &text);
        let trials = extract_trials(&mut ctx, &[]);
        let got = trials.iter().find_map(|t| t.starting_dose.clone());
        assert_eq!(got.as_deref(), expected, "{text}");
        if let Some(dose) = expected {
            let ev = trials
                .iter()
                .flat_map(|t| &t.evidence)
                .any(|e| e.quote.contains(dose));
            assert!(ev, "no trial evidence quotes {dose}");
        }
    }

    #[test]
    fn the_stated_starting_dose_is_read_as_written() {
        check(
            "This phase 1 study is an open-label, dose-escalation study. From the starting dose of \
             0.01 mg/kg, an accelerated titration will be adopted.",
            Some("0.01 mg/kg"),
        );
        check(
            "This phase 1 trial is a dose escalation study. The initial dose level was 20 mg QD.",
            Some("20 mg QD"),
        );
        // A dose that is not said to be the first one is no starting dose.
        check(
            "This phase 1 study is a dose-escalation study. Patients received 3 mg/kg Q3W.",
            None,
        );
    }
}
