//! Rendering an asset's facts into documents in the styles the extractor reads: a company
//! press release (the asset's definition, its regulatory events and deal), a conference-news
//! article (each trial's arms and results, one sentence per arm and endpoint group), and for
//! some assets a trial-registry record. Every fact is stated in a sentence of its own kind, so
//! the evidence quote the extractor cuts is a realistic one.

use std::fmt::Write as _;

use crate::asset::{
    event_date, is_bispecific, Arm, ArmResult, Asset, Endpoint, Event, Month, Trial,
};
use crate::rng::Rng;

/// The comment `manifest.toml` opens with.
pub const MANIFEST_HEADER: &str = "# Synthetic corpus written by `cargo xtask synth` (atlas-synth): what each document is,\n# keyed by file name. Format: crates/extract/README.md.\n";

/// One rendered document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The file stem, which the extractor takes as the document id.
    pub doc_id: String,
    pub title: String,
    pub publisher: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: String,
    /// `press release`, `news` or `registry record`.
    pub kind: &'static str,
    pub text: String,
}

impl Document {
    pub fn file_name(&self) -> String {
        format!("{}.txt", self.doc_id)
    }

    /// This document's table in `manifest.toml`.
    pub fn manifest_entry(&self) -> String {
        let mut s = format!(
            "\n[{}]\ntitle = {}\n",
            toml_string(&self.file_name()),
            toml_string(&self.title)
        );
        if let Some(p) = &self.publisher {
            let _ = writeln!(s, "publisher = {}", toml_string(p));
        }
        let _ = writeln!(s, "published = \"{}\"", self.published);
        let _ = writeln!(s, "kind = \"{}\"", self.kind);
        s
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every document of an asset, in a fixed order.
pub fn render(asset: &Asset) -> Vec<Document> {
    // A stream of its own, so rendering choices never shift the facts.
    let mut rng = Rng::for_item(0x00D0_C5E7 ^ asset.idx as u64, asset.idx as u64);
    let mut docs = vec![press_release(asset, &mut rng)];
    for (i, trial) in asset.trials.iter().enumerate() {
        docs.push(news(asset, i, trial, &mut rng));
    }
    if let Some(trial) = asset.trials.first() {
        if rng.chance(20) {
            docs.push(registry(asset, trial, &mut rng));
        }
    }
    docs
}

fn stem(asset: &Asset) -> String {
    format!("{:06}-{}", asset.idx, asset.id)
}

fn a_or_an(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

fn latest(asset: &Asset) -> Month {
    asset.events.iter().map(event_date).max().unwrap_or(Month {
        year: 2025,
        month: 6,
    })
}

/// "a PD-1/VEGF bispecific antibody", "a small molecule targeting KRAS".
fn definition(asset: &Asset, rng: &mut Rng) -> String {
    let m = asset.modality;
    let phrase = if is_bispecific(m) {
        format!("{}/{} {m}", asset.targets[0], asset.targets[1])
    } else {
        let t = &asset.targets[0];
        match (m, rng.below(3)) {
            ("TKI", 0) => format!("{t} tyrosine kinase inhibitor"),
            ("small molecule", 0) => format!("small-molecule {t} inhibitor"),
            ("TKI" | "small molecule", 2) => format!("oral {t} inhibitor"),
            (_, 0) => format!("{t} {m}"),
            (_, 1) => format!("{m} targeting {t}"),
            _ => format!("{t}-targeting {m}"),
        }
    };
    let qualifier = *rng.pick(&[
        "",
        "",
        "novel ",
        "first-in-class ",
        "potentially best-in-class ",
    ]);
    let phrase = format!("{qualifier}{phrase}");
    format!("{} {phrase}", a_or_an(&phrase))
}

/// The names as a press release introduces them: "Velora™ (zelitamab, VLB-024)".
fn introduction(asset: &Asset) -> String {
    match (&asset.brand, &asset.inn) {
        (Some(b), Some(i)) => format!("{b}™ ({i}, {})", asset.code),
        (Some(b), None) => format!("{b}™ ({})", asset.code),
        (None, Some(i)) => format!("{} ({i})", asset.code),
        (None, None) => asset.code.clone(),
    }
}

/// The names of the opening sentence: a partner's code goes right after the code name, as
/// releases write it ("IBI363 (Takeda R&D code: TAK-928)").
fn opening_names(asset: &Asset) -> String {
    match (&asset.partner_code, asset.companies.get(1)) {
        (Some(code), Some(partner)) => {
            format!("{} ({} R&D code: {code})", asset.code, partner.short)
        }
        _ => introduction(asset),
    }
}

fn agency_long(agency: &str) -> &'static str {
    match agency {
        "FDA" => "the U.S. Food and Drug Administration (FDA)",
        "NMPA" => "China's National Medical Products Administration (NMPA)",
        _ => "the European Medicines Agency (EMA)",
    }
}

fn press_release(asset: &Asset, rng: &mut Rng) -> Document {
    let dev = &asset.companies[0];
    let date = latest(asset).plus(1);
    let day = rng.range(1, 28);
    let mut t = String::with_capacity(2048);
    let title = format!(
        "{} Provides Development Update on {}",
        dev.short, asset.code
    );
    let _ = writeln!(t, "{title}");
    let _ = write!(
        t,
        "{}, {} {day}, {} /PRNewswire/ -- {} (\"{}\") ({}), a clinical-stage biopharmaceutical company, today announced a development update on {}, {}",
        dev.city,
        date.name(),
        date.year,
        dev.name,
        dev.short,
        dev.listing,
        opening_names(asset),
        definition(asset, rng),
    );
    let _ = writeln!(t, ", for the treatment of {}.", list(&asset.indications));
    if asset.partner_code.is_some() && (asset.inn.is_some() || asset.brand.is_some()) {
        // The partner's code took the parenthesis; the other names get a sentence.
        let _ = writeln!(
            t,
            "{} is {} discovered by {}.",
            introduction(asset),
            definition(asset, rng),
            dev.short
        );
    }
    for e in &asset.events {
        t.push_str(&event_sentence(asset, e));
        t.push('\n');
    }
    let ongoing: Vec<String> = asset
        .trials
        .iter()
        .map(|tr| match &tr.name {
            Some(n) => format!("the {} {n} study ({})", tr.phase, tr.nct),
            None => format!("a {} study ({})", tr.phase, tr.nct),
        })
        .collect();
    let _ = writeln!(
        t,
        "{} is currently being evaluated in {}.",
        asset.code,
        list(&ongoing)
    );
    let _ = writeln!(t, "About {}", dev.name);
    let _ = writeln!(
        t,
        "{} is a biotechnology company headquartered in {} developing medicines for cancer and other serious diseases.",
        dev.short,
        title_case(dev.city)
    );
    Document {
        doc_id: format!("{}-pr", stem(asset)),
        title,
        publisher: Some(dev.name.clone()),
        published: format!("{}-{day:02}", date.iso()),
        kind: "press release",
        text: t,
    }
}

fn title_case(city: &str) -> String {
    city.split(' ')
        .map(|w| {
            let lower = w.to_lowercase();
            let mut c = lower.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(" ")
}

fn event_sentence(asset: &Asset, e: &Event) -> String {
    let code = &asset.code;
    match e {
        Event::Designation {
            agency,
            designation,
            abbreviation,
            indication,
            date,
        } => {
            let granted = if designation.contains('(') || *abbreviation == "PRIME" {
                designation.to_string()
            } else {
                format!("{designation} ({abbreviation})")
            };
            format!(
                "In {} {}, {} granted {granted} to {code} for the treatment of {indication}.",
                date.name(),
                date.year,
                agency_long(agency)
            )
        }
        Event::Ind { agency, date } => format!(
            "In {} {}, {} cleared the Investigational New Drug (IND) application for {code}.",
            date.name(),
            date.year,
            agency_long(agency)
        ),
        Event::Approval {
            agency,
            indication,
            date,
        } => {
            let name = asset.brand.as_deref().unwrap_or(code);
            format!(
                "In {} {}, {} approved {name} ({code}) for the treatment of {indication}.",
                date.name(),
                date.year,
                agency_long(agency)
            )
        }
        Event::Deal {
            partner,
            territory,
            upfront_musd,
            total_musd,
            date,
        } => {
            let dev = &asset.companies[0];
            let partner_short = partner.split(' ').next().unwrap_or(partner);
            format!(
                "In {} {}, {} entered into an exclusive license agreement with {partner}, under which {partner_short} obtained rights to develop and commercialize {code} {territory}. {} will receive an upfront payment of US${upfront_musd} million and is eligible for up to US${total_musd} million in development and commercial milestones.",
                date.name(),
                date.year,
                dev.name,
                dev.short
            )
        }
    }
}

const MEETINGS: [&str; 5] = [
    "ASCO Annual Meeting",
    "ESMO Congress",
    "AACR Annual Meeting",
    "ASCO Breakthrough",
    "ESMO Asia Congress",
];

/// One conference-news article per trial: real coverage reports one study at a time, and the
/// extractor ties a document's arms to the trial it names.
fn news(asset: &Asset, trial_idx: usize, trial: &Trial, rng: &mut Rng) -> Document {
    let dev = &asset.companies[0];
    let date = latest(asset).plus(2 + 4 * trial_idx);
    let day = rng.range(1, 28);
    let meeting = *rng.pick(&MEETINGS);
    let mut t = String::with_capacity(2048);
    let title = format!(
        "{}'s {} Shows Activity in {} at {} {}",
        dev.short, asset.code, trial.indication, date.year, meeting
    );
    let _ = writeln!(t, "OncoDaily | Subscribe | Log in");
    let _ = writeln!(t, "{title}");
    let _ = write!(
        t,
        "{}, {} {day}, {} - New data from the {} of {}, {} from {}, were presented at the {} {meeting}.",
        title_case(dev.city),
        date.name(),
        date.year,
        trial_phrase(trial),
        asset.code,
        definition(asset, rng),
        dev.name,
        date.year,
    );
    let _ = writeln!(
        t,
        " The study enrolled patients with {} who received {} in {} (n={}) or {} in {} (n={}).",
        trial.indication,
        trial.arms[0].regimen,
        trial.arms[0].label,
        trial.arms[0].n,
        trial.arms[1].regimen,
        trial.arms[1].label,
        trial.arms[1].n,
    );
    for arm in &trial.arms {
        for sentence in result_sentences(arm) {
            t.push_str(&sentence);
            t.push('\n');
        }
    }
    let _ = writeln!(t, "Related: {meeting} highlights | Sponsored");
    Document {
        doc_id: format!("{}-news{}", stem(asset), trial_idx + 1),
        title,
        publisher: Some("OncoDaily".to_owned()),
        published: format!("{}-{day:02}", date.iso()),
        kind: "news",
        text: t,
    }
}

/// "Phase 2 ZENITH-NSCL-3 trial (NCT05512345)".
fn trial_phrase(trial: &Trial) -> String {
    match &trial.name {
        Some(n) => format!("{} {n} trial ({})", trial.phase, trial.nct),
        None => format!("{} trial ({})", trial.phase, trial.nct),
    }
}

fn get(arm: &Arm, endpoint: Endpoint) -> Option<&ArmResult> {
    arm.results.iter().find(|r| r.endpoint == endpoint)
}

fn ci(r: &ArmResult) -> String {
    match r.ci {
        Some((lo, hi)) => format!(" (95% CI: {lo:.1}-{hi:.1})"),
        None => String::new(),
    }
}

/// The arm's results, a few per sentence, each sentence naming the arm.
fn result_sentences(arm: &Arm) -> Vec<String> {
    let label = &arm.label;
    let mut out = Vec::new();
    let mut response = Vec::new();
    if let Some(r) = get(arm, Endpoint::Orr) {
        response.push(format!("the ORR was {:.1}%", r.value));
    }
    if let Some(r) = get(arm, Endpoint::Dcr) {
        response.push(format!("the DCR was {:.1}%", r.value));
    }
    if let Some(r) = get(arm, Endpoint::Cr) {
        response.push(format!("the complete response rate was {:.1}%", r.value));
    }
    if !response.is_empty() {
        out.push(format!("In {label} (n={}), {}.", arm.n, list(&response)));
    }
    let mut time = Vec::new();
    if let Some(r) = get(arm, Endpoint::Pfs) {
        time.push(format!("median PFS was {:.1} months{}", r.value, ci(r)));
    }
    if let Some(r) = get(arm, Endpoint::Os) {
        time.push(format!("median OS was {:.1} months{}", r.value, ci(r)));
    }
    if let Some(r) = get(arm, Endpoint::Dor) {
        time.push(format!("median DoR was {:.1} months{}", r.value, ci(r)));
    }
    if !time.is_empty() {
        out.push(format!("In {label}, {}.", list(&time)));
    }
    if let Some(r) = get(arm, Endpoint::Trae3) {
        out.push(format!(
            "Grade ≥3 TRAEs occurred in {:.1}% of patients in {label}.",
            r.value
        ));
    }
    out
}

fn registry(asset: &Asset, trial: &Trial, rng: &mut Rng) -> Document {
    let title = format!(
        "A Study of {} in Participants With {}",
        asset.code, trial.indication
    );
    let mut t = String::with_capacity(1024);
    let _ = writeln!(t, "{title}");
    let _ = writeln!(t, "{}", trial.nct);
    let _ = writeln!(
        t,
        "This is a {}, open-label, multicenter study to evaluate the safety, tolerability and preliminary efficacy of {}, {}, in participants with {}.",
        trial.phase,
        asset.code,
        definition(asset, rng),
        trial.indication
    );
    let _ = writeln!(t, "{}", trial.indication);
    let _ = writeln!(t, "DRUG: {}", asset.code);
    let _ = writeln!(
        t,
        "Objective response rate (ORR), ORR as assessed by the investigator per RECIST v1.1, Up to approximately 2 years|Number of participants with adverse events (AEs), Severity graded per CTCAE v5.0, Up to approximately 2 years"
    );
    let enrolled: u32 = trial.arms.iter().map(|a| a.n).sum();
    let _ = writeln!(
        t,
        "Approximately {enrolled} participants will be enrolled across sites in China and the United States."
    );
    let date = latest(asset);
    Document {
        doc_id: format!("{}-{}", stem(asset), trial.nct.to_lowercase()),
        title,
        publisher: None,
        published: format!("{}-01", date.iso()),
        kind: "registry record",
        text: t,
    }
}
