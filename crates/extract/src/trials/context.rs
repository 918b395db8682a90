#![allow(unused_imports)]
use super::*;

/// A sentence about a trial still to come, whose name is not the reporting study's.
pub(super) fn is_future_trial(ut: &str) -> bool {
    let lower = ut.to_lowercase();
    [
        "is planned",
        "are planned",
        "will be initiated",
        "will initiate",
        "plans to",
        "planned to",
        "to be initiated",
        "will begin",
        "will start",
        "will enrol",
        "will enroll",
        "will evaluate",
        "will test",
        "will compare",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Lines under an "About <disease>" heading (not about the document's drug or company).
pub(super) fn background_sections(ctx: &Ctx, assets: &[DocAsset]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut inside = false;
    for (i, line) in ctx.text().split('\n').enumerate() {
        let t = line.trim();
        let heading = t.len() < 120 && !t.ends_with('.') && !t.is_empty();
        if heading && t.starts_with("About ") {
            let lower = t.to_lowercase();
            let own = assets
                .iter()
                .filter(|a| !a.comparator)
                .any(|a| a.names.iter().any(|n| lower.contains(&n.to_lowercase())));
            let company = [
                "inc",
                "ltd",
                "therapeutics",
                "pharma",
                "bio",
                "company",
                "corporation",
                "group",
            ]
            .iter()
            .any(|w| lower.contains(w));
            let study = [
                "study", "trial", "result", "data", "efficacy", "safety", "phase",
            ]
            .iter()
            .any(|w| lower.contains(w));
            inside = !own && !company && !study;
            continue;
        }
        if heading && t.len() < 80 && t.split_whitespace().count() <= 8 {
            inside = false;
        }
        if inside {
            out.push(i);
        }
    }
    out
}

/// A sentence of epidemiology: incidence, prevalence, prognosis, with no drug or arm of its own.
pub(super) fn is_epidemiology(ctx: &Ctx, u: &Unit, assets: &[DocAsset]) -> bool {
    static EPI_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:worldwide|globally|each\s+year|annually|per\s+year|incidence|prevalence|new\s+cases|deaths|diagnosed|is\s+the\s+(?:most\s+common|leading|second|third)|accounts?\s+for|prognosis|five-year|5-year)(?-u:\b)").expect("valid")
    });
    let ut = ctx.unit_text(u);
    if !EPI_RE.is_match(ut) {
        return false;
    }
    let own_here = assets.iter().filter(|a| !a.comparator).any(|a| {
        crate::doc::spans_within(&a.mentions, u.start, u.end)
            .next()
            .is_some()
    });
    let lower = ut.to_lowercase();
    let trial_words = [
        "study",
        "trial",
        "cohort",
        "arm",
        "patients treated",
        "received",
    ]
    .iter()
    .any(|w| lower.contains(w));
    !own_here && !trial_words
}

/// Whether a sentence quotes another trial's figures: it names none of the document's own
/// drugs, and its paragraph signals a comparison ("current immunotherapies", "for context",
/// "historical") or it names a comparator drug.
pub(super) fn is_cited_context(
    ctx: &Ctx,
    u: &Unit,
    assets: &[DocAsset],
    line_cues: &mut LineCues,
) -> bool {
    let own_here = assets.iter().filter(|a| !a.comparator).any(|a| {
        crate::doc::spans_within(&a.mentions, u.start, u.end)
            .next()
            .is_some()
    });
    if own_here {
        return false;
    }
    let comparator_here = assets.iter().filter(|a| a.comparator).any(|a| {
        crate::doc::spans_within(&a.mentions, u.start, u.end)
            .next()
            .is_some()
    });
    comparator_here || line_cues.has_cue(ctx, u) || names_other_regimen(ctx.unit_text(u))
}

/// "patients treated with docetaxel": the sentence names what another trial's patients
/// received. A dose with no drug ("receiving the recommended Phase 2 dose of 600 mg") is the
/// document's own drug's, not another regimen.
fn names_other_regimen(ut: &str) -> bool {
    const DOSE_WORDS: &[&str] = &[
        "the",
        "a",
        "an",
        "this",
        "its",
        "dose",
        "doses",
        "recommended",
        "higher",
        "lower",
        "once",
        "twice",
        "at",
        "up",
    ];
    TREATED_WITH_RE.captures_iter(ut).any(|c| {
        c.name("reg").is_some_and(|reg| {
            let first = reg.as_str().split_whitespace().next().unwrap_or("");
            !first.starts_with(|ch: char| ch.is_ascii_digit())
                && !DOSE_WORDS.contains(&first.to_lowercase().as_str())
        })
    })
}

/// Whether each line (paragraph) signals a comparison with other trials' figures, worked out
/// once per line: a line of thousands of sentences is scanned once, not once per sentence.
#[derive(Default)]
pub(super) struct LineCues {
    known: std::collections::HashMap<usize, bool>,
}

impl LineCues {
    fn has_cue(&mut self, ctx: &Ctx, u: &Unit) -> bool {
        static CUE_RE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i)(?-u:\b)(?:current|existing|approved|standard(?:\s+of\s+care)?|historical|previous(?:ly\s+reported)?|prior\s+(?:trial|study|studies)|for\s+context|for\s+comparison|benchmark|in\s+comparison|by\s+comparison|compared\s+with\s+(?:the\s+)?(?:results|data)|limited|other\s+(?:agents|therapies|drugs))(?-u:\b)")
                .expect("valid")
        });
        *self.known.entry(u.line).or_insert_with(|| {
            let text = ctx.text();
            let line_start = text
                .get(..u.start)
                .and_then(|h| h.rfind('\n'))
                .map(|i| i + 1)
                .unwrap_or(0);
            let line_end = text
                .get(u.end..)
                .and_then(|t| t.find('\n'))
                .map(|i| u.end + i)
                .unwrap_or(text.len());
            CUE_RE.is_match(text.get(line_start..line_end).unwrap_or(""))
        })
    }
}

/// Trial names the document uses for its own drug's studies (named in a sentence with it).
pub(super) fn own_trial_names(ctx: &Ctx, assets: &[DocAsset]) -> Vec<String> {
    let mut out = Vec::new();
    for u in &ctx.units {
        let ut = ctx.unit_text(u);
        let has_own = assets.iter().filter(|a| !a.comparator).any(|a| {
            crate::doc::spans_within(&a.mentions, u.start, u.end)
                .next()
                .is_some()
        });
        if !has_own {
            continue;
        }
        for c in TRIAL_NAME_RE.captures_iter(ut) {
            if let Some(n) = trial_name(&c, ut) {
                out.push(n);
            }
        }
    }
    out
}

/// A trial name from a match, normalised (Keynote-407 → KEYNOTE-407), or `None`.
pub(super) fn trial_name(c: &Captures, ut: &str) -> Option<String> {
    let name = c.name("name").or(c.name("name2"))?;
    let num = c.name("num").or(c.name("num2"))?;
    let word = name.as_str();
    let head = word.split('-').next().unwrap_or(word);
    if NOT_TRIAL_WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word) || w.eq_ignore_ascii_case(head))
        || crate::vocab::is_target_word(&format!("{word}-{}", num.as_str()))
    {
        return None;
    }
    // "CLAUDIN 18.2-POSITIVE": a number with decimals names no trial.
    let decimal = ut.get(num.end()..).is_some_and(|a| {
        let mut ch = a.chars();
        ch.next() == Some('.') && ch.next().is_some_and(|d| d.is_ascii_digit())
    });
    if decimal {
        return None;
    }
    let upper = word.chars().filter(char::is_ascii_uppercase).count();
    let all_caps = word.chars().all(|c| c.is_ascii_uppercase() || c == '-');
    // Only the words around the name decide (a bounded window: a line naming a trial
    // thousands of times is not lowercased thousands of times).
    let after = ut
        .get(num.end()..)
        .map(|a| crate::trials::arms::window_after(a, 40).to_lowercase())
        .unwrap_or_default();
    let before = crate::trials::arms::window_before(ut, name.start(), 8).to_lowercase();
    let study_word = after.trim_start().starts_with("study")
        || after.trim_start().starts_with("trial")
        || before.ends_with("the ") && (after.contains("study") || after.contains("trial"));
    // A year after a meeting or a month is not a trial number.
    if num.as_str().len() == 4 && (num.as_str().starts_with("19") || num.as_str().starts_with("20"))
    {
        return None;
    }
    let ok = (all_caps && word.len() >= 5) || (upper >= 2 && !all_caps) || study_word;
    if !ok || (all_caps && word.len() < 5 && !study_word) {
        return None;
    }
    let word = if upper == 1
        && word
            .chars()
            .skip(1)
            .all(|c| c.is_ascii_lowercase() || c == '-')
    {
        word.to_uppercase()
    } else {
        word.to_owned()
    };
    // "AURORA-LUNG2" keeps its glued number; "Keynote 407" becomes KEYNOTE-407.
    if c.name("num2").is_some() {
        return Some(format!("{word}{}", num.as_str()));
    }
    Some(format!("{word}-{}", num.as_str()))
}

/// The drug of the document's own (not a comparator) that the paragraph around a sentence is
/// about when that is not the drug under study: the index in `assets` of the one other drug
/// it names, `Some(None)` when it names several, `None` when the paragraph is the study's.
/// Its figures are that programme's, never the study's.
pub(super) fn other_drugs_paragraph(
    ctx: &Ctx,
    u: &Unit,
    assets: &[DocAsset],
    main: Option<&DocAsset>,
) -> Option<Option<usize>> {
    let main = main?;
    let text = ctx.text();
    let start = text
        .get(..u.start)
        .and_then(|h| h.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(u.end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| u.end + i);
    // A nested bullet ("  • ABR: 1.9 vs 22.4") belongs to the bullet above it that names
    // the drug ("• serpasiran, hemophilia A/B, phase 3").
    let start = parent_bullet(text, start).unwrap_or(start);
    let named = |a: &DocAsset| {
        crate::doc::spans_within(&a.mentions, start, end)
            .next()
            .is_some()
    };
    if named(main) {
        return None;
    }
    let others: Vec<usize> = assets
        .iter()
        .enumerate()
        .filter(|(_, a)| !a.comparator && !std::ptr::eq(*a, main) && named(a))
        .map(|(i, _)| i)
        .collect();
    match others.as_slice() {
        [] => None,
        [one] => Some(Some(*one)),
        _ => Some(None),
    }
}

/// The start of the less indented bullet line a nested bullet line sits under.
fn parent_bullet(text: &str, line_start: usize) -> Option<usize> {
    const BULLETS: &[char] = &['•', '◦', '▪', '-', '*', '·'];
    let line = text.get(line_start..)?.lines().next()?;
    let indent = line.len() - line.trim_start().len();
    if indent == 0 || !line.trim_start().starts_with(BULLETS) {
        return None;
    }
    let mut end = line_start.checked_sub(1)?;
    for _ in 0..12 {
        let start = text.get(..end)?.rfind('\n').map_or(0, |i| i + 1);
        let prev = text.get(start..end)?;
        let prev_indent = prev.len() - prev.trim_start().len();
        if prev.trim().is_empty() {
            return None;
        }
        if prev_indent < indent && prev.trim_start().starts_with(BULLETS) {
            return Some(start);
        }
        end = start.checked_sub(1)?;
    }
    None
}

#[cfg(test)]
mod bullet_tests {
    use super::*;

    #[test]
    fn a_nested_bullet_belongs_to_the_bullet_above() {
        let text = "Digest\n• drug-a, lupus\n  • SRI-4: 58% vs 35%\n• drug-b, hemophilia\n  • ABR: 1.9 vs 22.4\n";
        let line = text.find("  • ABR").expect("line");
        let parent = parent_bullet(text, line).expect("parent");
        assert!(text[parent..].starts_with("• drug-b"));
        // A top-level line has no parent.
        assert_eq!(parent_bullet(text, text.find("• drug-a").expect("a")), None);
    }
}
