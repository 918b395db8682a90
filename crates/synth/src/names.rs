//! Names that look like the industry's: companies with their code-name prefixes, sponsor
//! codes (`IBI363`, `LBL-024`, `TAK-928`, `SHR-A1811`), INNs built on real stems that fit the
//! modality, brand names, trial acronyms and registry ids.

use std::collections::HashSet;

use crate::rng::Rng;
use crate::vocab::key;

/// How many companies the pool holds.
pub const N_COMPANIES: usize = 300;

/// A company of the pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Company {
    /// Full name with a corporate word: `Velora Biologics`.
    pub name: String,
    /// Its short name, the first word: `Velora`.
    pub short: String,
    /// The prefix of its code names: `VLB`.
    pub prefix: String,
    /// A stock listing, for press-release openings: `HKEX: 02596`.
    pub listing: String,
    /// Headquarters city, for datelines.
    pub city: &'static str,
}

const SYLLABLES: [&str; 48] = [
    "ba", "be", "ca", "ce", "da", "do", "fa", "fe", "ga", "go", "ka", "ke", "la", "li", "ma", "me",
    "na", "ne", "pa", "pe", "ra", "re", "sa", "se", "ta", "te", "va", "ve", "xa", "zo", "lo", "mo",
    "no", "po", "ro", "so", "to", "vo", "zu", "ri", "qui", "lu", "nu", "ti", "vi", "ni", "ki",
    "mi",
];
const CODAS: [&str; 10] = ["", "", "", "n", "r", "x", "s", "l", "th", "v"];
const COMPANY_WORDS: [&str; 10] = [
    "Biologics",
    "Therapeutics",
    "Pharma",
    "Biosciences",
    "Oncology",
    "Medicines",
    "Biotech",
    "Biolabs",
    "Pharmaceuticals",
    "Biotherapeutics",
];
const CITIES: [&str; 12] = [
    "SHANGHAI",
    "SUZHOU",
    "BEIJING",
    "HANGZHOU",
    "NANJING",
    "BOSTON",
    "CAMBRIDGE, Mass.",
    "SAN DIEGO",
    "SOUTH SAN FRANCISCO",
    "BASEL",
    "TOKYO",
    "SEOUL",
];
/// Letter groups the industry reads as something else: targets (`CD`, `IL`), registries,
/// agencies, meetings, fiscal periods. Code prefixes avoid them.
const RESERVED_PREFIXES: [&str; 30] = [
    "CD", "IL", "HER", "NCT", "CTR", "FDA", "EMA", "NMPA", "CDE", "ASCO", "ESMO", "AACR", "ASH",
    "WCLC", "SABCS", "FY", "Q", "H", "FGFR", "VEGFR", "BCL", "CDK", "IDH", "JAK", "MEK", "PARP",
    "CDH", "MUC", "SSTR", "TNF",
];

fn syllables(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| *rng.pick(&SYLLABLES)).collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The company pool of a seed: distinct short names and distinct code prefixes.
pub fn companies(seed: u64) -> Vec<Company> {
    let mut rng = Rng::new(seed ^ 0xC0_4D_A1_E5);
    let mut shorts = HashSet::new();
    let mut prefixes = HashSet::new();
    let mut out = Vec::with_capacity(N_COMPANIES);
    while out.len() < N_COMPANIES {
        let n = rng.range(2, 3);
        let short = capitalise(&format!("{}{}", syllables(&mut rng, n), rng.pick(&CODAS)));
        let len = rng.range(2, 4);
        let prefix: String = (0..len)
            .map(|_| char::from(b'A' + rng.below(26) as u8))
            .collect();
        let reserved = RESERVED_PREFIXES.iter().any(|r| prefix.starts_with(r));
        if reserved || !shorts.insert(short.clone()) || prefixes.contains(&prefix) {
            continue;
        }
        prefixes.insert(prefix.clone());
        let listing = match rng.below(3) {
            0 => format!("HKEX: {:05}", 1000 + rng.below(8999)),
            1 => format!("SSE: 688{:03}", rng.below(1000)),
            _ => format!("NASDAQ: {}", prefix.clone() + &"X".repeat(4 - len.min(4))),
        };
        out.push(Company {
            name: format!("{short} {}", rng.pick(&COMPANY_WORDS)),
            short,
            prefix,
            listing,
            city: rng.pick_copy(&CITIES),
        });
    }
    out
}

/// Every name handed out so far, by [`key`], so no two assets share a name and no typo
/// query lands on another asset's name by accident of generation.
#[derive(Default)]
pub struct Registry {
    used: HashSet<String>,
}

impl Registry {
    /// Draw names from `make` until one is new; claim it.
    pub fn unique(&mut self, rng: &mut Rng, make: impl Fn(&mut Rng) -> String) -> String {
        loop {
            let name = make(rng);
            if self.used.insert(key(&name)) {
                return name;
            }
        }
    }
}

impl Registry {
    /// Like [`Registry::unique`], giving up after `attempts` draws (for small name spaces).
    pub fn try_unique(
        &mut self,
        rng: &mut Rng,
        attempts: usize,
        make: impl Fn(&mut Rng) -> String,
    ) -> Option<String> {
        (0..attempts).find_map(|_| {
            let name = make(rng);
            self.used.insert(key(&name)).then_some(name)
        })
    }
}

/// A sponsor code in one of the industry's shapes.
pub fn code(rng: &mut Rng, prefix: &str) -> String {
    match rng.below(6) {
        // IBI363
        0 | 1 => format!("{prefix}{}", rng.range(101, 999)),
        // LBL-024, TAK-928
        2 | 3 => format!("{prefix}-{:03}", rng.range(1, 999)),
        // SHR-A1811
        4 => format!(
            "{prefix}-{}{}",
            char::from(b'A' + rng.below(26) as u8),
            rng.range(1001, 1999)
        ),
        // AK1120: four digits, never a year
        _ => format!("{prefix}{}", rng.range(3001, 9999)),
    }
}

/// INN stems by modality (real USAN/INN stems; ADCs carry a payload word).
pub fn inn(rng: &mut Rng, modality: &str) -> Option<String> {
    let stems: &[&str] = match modality {
        "monoclonal antibody" => &["zumab", "ximab", "umab", "limab", "tug"],
        "bispecific antibody" | "T-cell engager" => &["tamab", "bart", "mig"],
        "ADC" | "bispecific ADC" => &["tamab", "zumab", "tug"],
        "small molecule" | "TKI" => &[
            "tinib", "rafenib", "ciclib", "parib", "lisib", "degib", "sertib",
        ],
        "fusion protein" | "bispecific fusion protein" => &["cept"],
        "CAR-T" => &["autoleucel"],
        "siRNA" => &["siran"],
        _ => return None,
    };
    let n = rng.range(2, 3);
    let mut stem = syllables(rng, n);
    let suffix = *rng.pick(stems);
    // "zela" + "umab" is "zelumab": no vowel pile-up at the join.
    let vowel = |c: Option<char>| c.is_some_and(|c| "aeiou".contains(c));
    if vowel(stem.chars().last()) && vowel(suffix.chars().next()) {
        stem.pop();
    }
    let mut name = format!("{stem}{suffix}");
    if modality.contains("ADC") {
        let payload = rng.pick(&["vedotin", "deruxtecan", "govitecan", "mafodotin"]);
        name = format!("{name} {payload}");
    }
    Some(name)
}

/// A brand: a capitalised invented word.
pub fn brand(rng: &mut Rng) -> String {
    let n = rng.range(2, 3);
    capitalise(&format!("{}{}", syllables(rng, n), rng.pick(&CODAS)))
}

/// Trial acronyms of seven letters or more, so that `WORD-12` never reads as a sponsor code.
const TRIAL_WORDS: [&str; 16] = [
    "HORIZON", "SUMMITT", "BEACONS", "ZENITHAL", "MERIDIAN", "COMPASS", "VANGUARD", "APEXIUM",
    "HARBOUR", "PINNACLE", "CASCADE", "AURORAL", "ECLIPSE", "SENTINEL", "TRIDENT", "ODYSSEY",
];

/// A trial acronym: `MERIDIAN-Lung3` style when `area` is a short word of the indication,
/// else `MERIDIAN-3`.
pub fn trial_name(rng: &mut Rng, area: &str) -> String {
    let word = rng.pick(&TRIAL_WORDS);
    let n = rng.range(1, 999);
    if area.is_empty() || rng.chance(50) {
        format!("{word}-{n}")
    } else {
        format!("{word}-{area}{n}")
    }
}

/// A ClinicalTrials.gov id: `NCT` and eight digits.
pub fn nct(rng: &mut Rng) -> String {
    format!("NCT0{}", rng.range(4_000_000, 7_999_999))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_pool_is_distinct() {
        let pool = companies(1);
        assert_eq!(pool.len(), N_COMPANIES);
        let shorts: HashSet<_> = pool.iter().map(|c| &c.short).collect();
        let prefixes: HashSet<_> = pool.iter().map(|c| &c.prefix).collect();
        assert_eq!((shorts.len(), prefixes.len()), (N_COMPANIES, N_COMPANIES));
    }

    #[test]
    fn codes_have_the_industry_shapes() {
        let mut rng = Rng::new(5);
        for _ in 0..200 {
            let c = code(&mut rng, "IBI");
            let digits = c.chars().filter(char::is_ascii_digit).count();
            assert!(c.starts_with("IBI") && (3..=4).contains(&digits), "{c}");
        }
    }
}
