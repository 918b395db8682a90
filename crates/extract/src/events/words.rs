//! The events pass's word lists, as data: agencies, designations, the regions a marketing
//! approval names instead of its agency, and meetings. Each list feeds one `AhoCorasick`
//! (leftmost-longest, so "Breakthrough Therapy Designation" wins over "Breakthrough Therapy")
//! compiled once; adding a spelling is a one-line change here.
//!
//! Entries are written in the normalised form of [`crate::text::Norm`]: ASCII hyphens,
//! straight quotes.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// The canonical of a spelling that looks like a designation but is none (a voucher).
pub(super) const NOT_A_DESIGNATION: &str = "";

/// Agency spellings → canonical agency.
pub(super) const AGENCIES: &[(&str, &str)] = &[
    ("National Medical Products Administration", "NMPA"),
    ("NMPA", "NMPA"),
    ("Center for Drug Evaluation", "NMPA"),
    ("Centre for Drug Evaluation", "NMPA"),
    ("CDE", "NMPA"),
    ("China Food and Drug Administration", "NMPA"),
    ("CFDA", "NMPA"),
    ("Food and Drug Administration", "FDA"),
    ("FDA", "FDA"),
    ("European Medicines Agency", "EMA"),
    ("EMA", "EMA"),
    ("European Commission", "EC"),
    ("EC", "EC"),
    ("Committee for Medicinal Products for Human Use", "EMA"),
    ("CHMP", "EMA"),
    ("Pharmaceuticals and Medical Devices Agency", "PMDA"),
    ("PMDA", "PMDA"),
    ("Ministry of Health, Labour and Welfare", "MHLW"),
    ("MHLW", "MHLW"),
    (
        "Medicines and Healthcare products Regulatory Agency",
        "MHRA",
    ),
    ("MHRA", "MHRA"),
    ("Health Canada", "Health Canada"),
    ("Therapeutic Goods Administration", "TGA"),
    ("TGA", "TGA"),
    ("Ministry of Food and Drug Safety", "MFDS"),
    ("MFDS", "MFDS"),
    ("Swissmedic", "Swissmedic"),
];

/// Designation spellings → canonical designation. Order matters only for documentation:
/// the matcher is leftmost-longest.
pub(super) const DESIGNATIONS: &[(&str, &str)] = &[
    ("Breakthrough Therapy Designation", "BTD"),
    ("Breakthrough Therapy Designations", "BTD"),
    ("Breakthrough Therapy designation", "BTD"),
    ("breakthrough therapy designation", "BTD"),
    ("Breakthrough Therapy", "BTD"),
    ("breakthrough therapy", "BTD"),
    ("breakthrough therapies", "BTD"),
    ("Breakthrough Therapy designations", "BTD"),
    ("breakthrough therapy designations", "BTD"),
    ("breakthrough therapeutic", "BTD"),
    ("Breakthrough Therapeutic", "BTD"),
    ("Breakthrough Therapies", "BTD"),
    ("breakthrough designation", "BTD"),
    ("breakthrough designations", "BTD"),
    ("Breakthrough Designation", "BTD"),
    ("BTD", "BTD"),
    ("BTDs", "BTD"),
    ("Fast Track Designation", "FTD"),
    ("Fast Track Designations", "FTD"),
    ("Fast Track designation", "FTD"),
    ("fast track designation", "FTD"),
    ("fast track designations", "FTD"),
    ("Fast Track", "FTD"),
    ("Fast Track designations", "FTD"),
    ("fast track", "FTD"),
    ("Fast-Track", "FTD"),
    ("fast-track", "FTD"),
    ("FTD", "FTD"),
    ("FTDs", "FTD"),
    ("Orphan Drug Designation", "ODD"),
    ("Orphan Drug Designations", "ODD"),
    ("Orphan Drug designation", "ODD"),
    ("orphan drug designation", "ODD"),
    ("Orphan Drug status", "ODD"),
    ("Orphan Drug designations", "ODD"),
    ("orphan drug designations", "ODD"),
    ("orphan-drug designation", "ODD"),
    ("Orphan Medicinal Product designation", "ODD"),
    ("orphan medicinal product designation", "ODD"),
    ("orphan designation", "ODD"),
    ("Orphan designation", "ODD"),
    ("Orphan Designation", "ODD"),
    ("orphan drug status", "ODD"),
    // "was designated an orphan drug for gMG by …".
    ("designated an orphan drug", "ODD"),
    ("designated as an orphan drug", "ODD"),
    ("designated as orphan drug", "ODD"),
    ("ODD", "ODD"),
    ("PRIority MEdicines", "PRIME"),
    ("PRIME designation", "PRIME"),
    ("PRIME", "PRIME"),
    ("Priority Review", "PRIORITY_REVIEW"),
    ("priority review", "PRIORITY_REVIEW"),
    ("Priority Review Designation", "PRIORITY_REVIEW"),
    ("priority status", "PRIORITY_REVIEW"),
    // A voucher buys a faster review later; holding one is no designation of this drug.
    ("Priority Review Voucher", NOT_A_DESIGNATION),
    ("priority review voucher", NOT_A_DESIGNATION),
    ("Investigational New Drug", "IND"),
    ("investigational new drug", "IND"),
    ("Investigational new drug", "IND"),
    ("IND", "IND"),
    ("clinical trial application", "IND"),
    ("Clinical Trial Application", "IND"),
    ("Rare Pediatric Disease Designation", "RPDD"),
    ("Regenerative Medicine Advanced Therapy", "RMAT"),
    ("RMAT", "RMAT"),
    ("SAKIGAKE", "SAKIGAKE"),
    ("Sakigake", "SAKIGAKE"),
];

/// Meetings at which data are presented.
pub(super) const MEETINGS: &[&str] = &[
    "American Society of Clinical Oncology",
    "European Society for Medical Oncology",
    "American Association for Cancer Research",
    "American Society of Hematology",
    "World Conference on Lung Cancer",
    "San Antonio Breast Cancer Symposium",
    "Society for Immunotherapy of Cancer",
    "European Hematology Association",
    "ASCO",
    "ESMO",
    "AACR",
    "ASH",
    "WCLC",
    "SABCS",
    "SITC",
    "ESMO Asia",
    "ASCO GI",
    "ASCO GU",
    "EHA",
    "ELCC",
    "CSCO",
    "JSMO",
    "ADA",
    "EASD",
    "EASL",
    "AASLD",
    "ERS",
    "ATS",
    "ACR",
    "EULAR",
];

/// Where a sentence says an approval or designation was granted instead of naming the agency
/// ("received marketing approval in China", "BTD status in Greater China") → the agency.
pub(super) const REGIONS: &[(&str, &str)] = &[
    ("in China", "NMPA"),
    ("in mainland China", "NMPA"),
    ("in Greater China", "NMPA"),
    ("in Japan", "PMDA"),
    ("in the EU", "EC"),
    ("in EU", "EC"),
    ("in the European Union", "EC"),
    ("in Europe", "EC"),
    ("in the U.S.", "FDA"),
    ("in the US", "FDA"),
    ("in the United States", "FDA"),
    ("in the UK", "MHRA"),
    ("in the U.K.", "MHRA"),
    ("in the United Kingdom", "MHRA"),
];

/// Places and regulators that company patterns sometimes pick up ("Japan-based Daiichi
/// Sankyo", "Food and Drug Administration"): never a party to a deal.
pub(super) const NOT_PARTIES: &[&str] = &[
    "Japan",
    "China",
    "Greater China",
    "Mainland China",
    "United States",
    "U.S.",
    "US",
    "USA",
    "Canada",
    "Europe",
    "EU",
    "European Union",
    "Korea",
    "South Korea",
    "Taiwan",
    "Hong Kong",
    "Macau",
    "India",
    "Russia",
    "Australia",
    "United Kingdom",
    "UK",
    "Switzerland",
    "Germany",
    "France",
    "Denmark",
    "Sweden",
    "Drug Administration",
    "Food and Drug Administration",
];

pub(super) static DESIGNATION_AC: LazyLock<AhoCorasick> =
    LazyLock::new(|| leftmost_longest(DESIGNATIONS.iter().map(|(s, _)| *s), false));

pub(super) static AGENCY_AC: LazyLock<AhoCorasick> =
    LazyLock::new(|| leftmost_longest(AGENCIES.iter().map(|(s, _)| *s), false));

pub(super) static REGION_AC: LazyLock<AhoCorasick> =
    LazyLock::new(|| leftmost_longest(REGIONS.iter().map(|(s, _)| *s), true));

fn leftmost_longest<'a>(words: impl Iterator<Item = &'a str>, any_case: bool) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(any_case)
        .build(words)
        .expect("word list builds")
}

/// (start, end, canonical) of each match of a word list, on word boundaries.
pub(super) fn find_words(
    ac: &AhoCorasick,
    canon: &[(&str, &'static str)],
    text: &str,
) -> Vec<(usize, usize, &'static str)> {
    ac.find_iter(text)
        .filter(|m| bounded(text, m.start(), m.end()))
        .filter_map(|m| {
            canon
                .get(m.pattern().as_usize())
                .map(|(_, c)| (m.start(), m.end(), *c))
        })
        .collect()
}

/// Whether `start..end` sits on word boundaries (a match ending in "." counts as bounded).
pub(super) fn bounded(text: &str, start: usize, end: usize) -> bool {
    let b = text.as_bytes();
    (start == 0 || !b.get(start - 1).is_some_and(|c| c.is_ascii_alphanumeric()))
        && (b.get(end.wrapping_sub(1)) == Some(&b'.')
            || !b.get(end).is_some_and(|c| c.is_ascii_alphanumeric()))
}
