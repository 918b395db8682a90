//! The synthetic assets and queries both benchmarks use (`bench.rs` natively, `wasm_bench.rs`
//! in WebAssembly). Each uses part of it.
#![allow(dead_code)]

use std::collections::HashSet;

use atlas_search::SearchDoc;

/// splitmix64: small, deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Real targets and diseases with their synonyms, read from the crate's own table.
pub struct Vocab {
    /// Each target's synonyms, first = the name documents use.
    targets: Vec<Vec<String>>,
    diseases: Vec<Vec<String>>,
    /// `narrow => broad` lines, by canonical names.
    implies: Vec<(String, String)>,
}

impl Vocab {
    pub fn new() -> Vocab {
        let mut vocab = Vocab {
            targets: Vec::new(),
            diseases: Vec::new(),
            implies: Vec::new(),
        };
        let mut section = "";
        for line in include_str!("../../src/synonyms.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some((narrow, broad)) = line.split_once("=>") {
                vocab
                    .implies
                    .push((narrow.trim().to_owned(), broad.trim().to_owned()));
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = if name == "target" {
                    "t"
                } else if name == "disease" {
                    "d"
                } else {
                    ""
                };
                continue;
            }
            let members: Vec<String> = line.split(" = ").map(|m| m.trim().to_owned()).collect();
            match section {
                "t" => vocab.targets.push(members),
                "d" => vocab.diseases.push(members),
                _ => {}
            }
        }
        vocab
    }

    pub fn has_target(&self, doc: &SearchDoc, target: &str) -> bool {
        let class = self.targets.iter().find(|c| c.iter().any(|m| m == target));
        doc.targets
            .iter()
            .any(|t| t == target || class.is_some_and(|c| c.contains(t)))
    }

    /// The document names the disease, a narrower one (`sqNSCLC` for `NSCLC`), or one whose
    /// name contains it as words (`uveal melanoma` for `melanoma`).
    pub fn has_indication(&self, doc: &SearchDoc, indication: &str) -> bool {
        let words = |s: &str| format!(" {} ", s.to_lowercase());
        doc.indications.iter().any(|i| {
            let mut broader = vec![i.as_str()];
            let mut at = 0;
            while let Some(&name) = broader.get(at) {
                for (narrow, broad) in &self.implies {
                    if narrow == name && !broader.contains(&broad.as_str()) {
                        broader.push(broad);
                    }
                }
                at += 1;
            }
            broader
                .iter()
                .any(|b| words(b).contains(&words(indication)))
        })
    }
}

const SYLLABLES: [&str; 40] = [
    "ba", "be", "ca", "ce", "da", "do", "fa", "fe", "ga", "go", "ka", "ke", "la", "li", "ma", "me",
    "na", "ne", "pa", "pe", "ra", "re", "sa", "se", "ta", "te", "va", "ve", "xa", "zo", "lo", "mo",
    "no", "po", "ro", "so", "to", "vo", "zu", "ri",
];
const INN_SUFFIXES: [&str; 14] = [
    "zumab", "ximab", "umab", "tamab", "limab", "tinib", "rafenib", "ciclib", "parib", "cept",
    "degib", "lisib", "tug", "sertib",
];
const COMPANY_SUFFIXES: [&str; 8] = [
    "Biologics",
    "Therapeutics",
    "Pharma",
    "Bio",
    "Biosciences",
    "Oncology",
    "Medicines",
    "Biotech",
];
const MODALITIES: [&str; 12] = [
    "monoclonal antibody",
    "bispecific antibody",
    "ADC",
    "bispecific ADC",
    "small molecule",
    "TKI",
    "CAR-T",
    "fusion protein",
    "siRNA",
    "T-cell engager",
    "radioligand therapy",
    "PROTAC",
];
const PHASES: [&str; 7] = [
    "Phase 1",
    "Phase 1/2",
    "Phase Ib/II",
    "Phase 2",
    "Phase 3",
    "Approved",
    "Preclinical",
];
const TRIAL_WORDS: [&str; 12] = [
    "KEYNOTE",
    "HARMONi",
    "SPOTLIGHT",
    "DESTINY",
    "TROPION",
    "CheckMate",
    "IMpower",
    "EMPOWER",
    "ORIENT",
    "RATIONALE",
    "CAPSTONE",
    "GEMSTONE",
];

fn word(rng: &mut Rng, syllables: usize) -> String {
    (0..syllables)
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub struct Company {
    name: String,
    code: String,
}

/// 300 companies, each with its own code-name prefix (`IBI`, `AK`, `SHR` style).
pub fn companies(rng: &mut Rng) -> Vec<Company> {
    let mut names = HashSet::new();
    let mut codes = HashSet::new();
    let mut out = Vec::new();
    while out.len() < 300 {
        let syllables = 2 + rng.below(2);
        let stem = capitalise(&word(rng, syllables));
        let code: String = (0..2 + rng.below(3))
            .map(|_| char::from(b'A' + rng.below(26) as u8))
            .collect();
        if names.contains(&stem) || codes.contains(&code) {
            continue;
        }
        names.insert(stem.clone());
        codes.insert(code.clone());
        out.push(Company {
            name: format!("{stem} {}", rng.pick(&COMPANY_SUFFIXES)),
            code,
        });
    }
    out
}

/// `n` assets, each with a code name, mostly an INN, sometimes a brand and a partner code.
pub fn synth(n: usize, seed: u64, vocab: &Vocab) -> Vec<SearchDoc> {
    let mut rng = Rng(seed);
    let companies = companies(&mut rng);
    let mut used = HashSet::new();
    let mut unique = |rng: &mut Rng, make: &dyn Fn(&mut Rng) -> String| loop {
        let name = make(rng);
        if used.insert(name.to_lowercase().replace('-', "")) {
            return name;
        }
    };
    (0..n)
        .map(|i| {
            let developer = rng.pick(&companies);
            let code = unique(&mut rng, &|r: &mut Rng| {
                let number = 100 + r.below(9900);
                if r.chance(40) {
                    format!("{}-{number}", developer.code)
                } else {
                    format!("{}{number}", developer.code)
                }
            });
            let mut names = vec![code];
            if rng.chance(70) {
                let inn = unique(&mut rng, &|r: &mut Rng| {
                    let syllables = 2 + r.below(2);
                    let stem = word(r, syllables);
                    format!("{stem}{}", r.pick(&INN_SUFFIXES))
                });
                names.insert(0, inn);
            }
            if rng.chance(25) {
                let brand = unique(&mut rng, &|r: &mut Rng| capitalise(&word(r, 3)));
                names.push(if rng.chance(50) {
                    format!("{brand}™")
                } else {
                    brand
                });
            }
            let mut company_names = vec![developer.name.clone()];
            if rng.chance(30) {
                let partner = rng.pick(&companies);
                let code = unique(&mut rng, &|r: &mut Rng| {
                    format!("{}-{}", partner.code, 100 + r.below(900))
                });
                names.push(code);
                company_names.push(partner.name.clone());
            }
            let targets: Vec<String> = (0..1 + rng.below(2))
                .map(|_| rng.pick(&vocab.targets)[0].clone())
                .collect();
            let indications: Vec<String> = (0..1 + rng.below(3))
                .map(|_| rng.pick(&vocab.diseases)[0].clone())
                .collect();
            let trials: Vec<String> = (0..rng.below(3))
                .flat_map(|_| {
                    let name = format!("{}-{}", rng.pick(&TRIAL_WORDS), 1 + rng.below(999));
                    let nct = format!("NCT0{}", 1_000_000 + rng.below(8_999_999));
                    [name, nct]
                })
                .collect();
            SearchDoc {
                id: format!("asset-{i}"),
                names,
                companies: company_names,
                targets,
                modality: Some(rng.pick(&MODALITIES).to_string()),
                indications,
                trials,
                phase: Some(rng.pick(&PHASES).to_string()),
                designations: if rng.chance(10) {
                    vec!["FDA BTD".into()]
                } else {
                    Vec::new()
                },
                comparator: false,
            }
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Exact,
    Prefix,
    Typo,
    Target,
    Multi,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Exact,
        Kind::Prefix,
        Kind::Typo,
        Kind::Target,
        Kind::Multi,
    ];
}

pub struct Query {
    pub text: String,
    pub kind: Kind,
    /// The asset id expected, or `target|indication` for a multi-word query.
    pub expect: String,
}

/// 100 queries of each kind, as issue 7's generator describes them.
pub fn queries(docs: &[SearchDoc], seed: u64, vocab: &Vocab) -> Vec<Query> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    for _ in 0..100 {
        let doc = rng.pick(docs);
        let name = rng.pick(&doc.names).trim_end_matches('™').to_owned();
        out.push(Query {
            text: name.clone(),
            kind: Kind::Exact,
            expect: doc.id.clone(),
        });
        let chars: Vec<char> = name.chars().collect();
        let prefix: String = chars.iter().take(3 + rng.below(3)).collect();
        out.push(Query {
            text: prefix,
            kind: Kind::Prefix,
            expect: doc.id.clone(),
        });

        let typo_source = loop {
            let doc = rng.pick(docs);
            let name = rng.pick(&doc.names).trim_end_matches('™').to_owned();
            if name.chars().count() >= 5 {
                break (doc.id.clone(), name);
            }
        };
        out.push(Query {
            text: typo(&mut rng, &typo_source.1),
            kind: Kind::Typo,
            expect: typo_source.0,
        });

        let class = rng.pick(&vocab.targets);
        out.push(Query {
            text: rng.pick(class).clone(),
            kind: Kind::Target,
            expect: String::new(),
        });

        let doc = rng.pick(docs);
        let target = rng.pick(&doc.targets).clone();
        let indication = rng.pick(&doc.indications).clone();
        out.push(Query {
            text: format!("{target} {indication}"),
            kind: Kind::Multi,
            expect: format!("{target}|{indication}"),
        });
    }
    out
}

/// One substitution, insertion, deletion or neighbour swap at a uniformly random position.
pub fn typo(rng: &mut Rng, name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyz0123456789".chars().collect();
    let at = rng.below(chars.len());
    match rng.below(4) {
        0 => chars[at] = *rng.pick(&letters),
        1 => chars.insert(at, *rng.pick(&letters)),
        2 => {
            chars.remove(at);
        }
        _ => {
            let at = at.min(chars.len() - 2);
            chars.swap(at, at + 1);
        }
    }
    chars.into_iter().collect()
}
