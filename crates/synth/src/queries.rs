//! The query set with its expected answers: a fifth each of exact names, prefixes, single
//! typos, targets (or their synonyms) and multi-word queries. `expect` lists every asset a
//! correct engine returns, computed from the ground truth, never from an engine.

use std::collections::{BTreeMap, BTreeSet};

use atlas_search::SearchDoc;
use serde::Serialize;

use crate::rng::Rng;
use crate::vocab::{key, Vocab};

/// What a query exercises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A code name or INN as written.
    Exact,
    /// The first 3–5 characters of a name.
    Prefix,
    /// A name of 5+ characters with one substitution, insertion, deletion or neighbour swap.
    Typo,
    /// A target's name or one of its synonyms.
    Target,
    /// Two facets: `<target> <indication>` or `<company> <modality word>`.
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

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Exact => "exact",
            Kind::Prefix => "prefix",
            Kind::Typo => "typo",
            Kind::Target => "target",
            Kind::Multi => "multi",
        }
    }
}

/// One benchmark query: `{"query": "…", "kind": "exact", "expect": ["ibi363"]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Query {
    pub query: String,
    pub kind: Kind,
    /// Every asset id a correct engine returns, sorted.
    pub expect: Vec<String>,
    /// For typos: the name the typo was made from (not serialized).
    #[serde(skip)]
    pub source: Option<String>,
}

/// Prefix queries prefer prefixes shared by at most this many assets.
const FEW: usize = 10;

/// Words of modalities a multi-word query may use (`Innovent bispecific`).
const MODALITY_WORDS: [&str; 10] = [
    "bispecific",
    "ADC",
    "monoclonal",
    "CAR-T",
    "siRNA",
    "TKI",
    "fusion",
    "radioligand",
    "engager",
    "small molecule",
];

/// `per_kind` queries of each kind over `docs` (at least one doc), deterministic for `seed`.
pub fn queries(docs: &[SearchDoc], seed: u64, per_kind: usize, vocab: &Vocab) -> Vec<Query> {
    let index = Index::new(docs, vocab);
    let mut rng = Rng::new(seed ^ 0x51_7E_5E_7D);
    let mut out = Vec::with_capacity(per_kind * 5);
    for _ in 0..per_kind {
        out.push(exact(&mut rng, docs, &index));
        out.push(prefix(&mut rng, docs, &index));
        out.push(typo_query(&mut rng, docs, &index));
        out.push(target(&mut rng, docs, vocab, &index));
        out.push(multi(&mut rng, docs, vocab, &index));
    }
    out
}

/// The ground truth looked up by name, prefix and target class.
struct Index {
    /// Name key → assets carrying it.
    names: BTreeMap<String, BTreeSet<usize>>,
    /// Target class index → assets.
    targets: Vec<BTreeSet<usize>>,
}

impl Index {
    fn new(docs: &[SearchDoc], vocab: &Vocab) -> Index {
        let mut names: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        let mut targets = vec![BTreeSet::new(); vocab.targets.len()];
        for (i, doc) in docs.iter().enumerate() {
            for name in &doc.names {
                names.entry(key(name)).or_default().insert(i);
            }
            for t in &doc.targets {
                if let Some(c) = vocab.targets.iter().position(|c| c.name() == t) {
                    targets[c].insert(i);
                }
            }
        }
        Index { names, targets }
    }

    fn with_prefix(&self, prefix: &str) -> BTreeSet<usize> {
        let p = key(prefix);
        self.names
            .range(p.clone()..)
            .take_while(|(k, _)| k.starts_with(&p))
            .flat_map(|(_, ids)| ids.iter().copied())
            .collect()
    }
}

fn ids(docs: &[SearchDoc], set: &BTreeSet<usize>) -> Vec<String> {
    let mut v: Vec<String> = set.iter().map(|&i| docs[i].id.clone()).collect();
    v.sort();
    v
}

fn exact(rng: &mut Rng, docs: &[SearchDoc], index: &Index) -> Query {
    let doc = rng.pick(docs);
    // Code names and INNs, as the issue asks; the first two names are code and INN.
    let name = rng.pick(&doc.names[..doc.names.len().min(2)]).clone();
    Query {
        expect: ids(docs, &index.names[&key(&name)]),
        query: name,
        kind: Kind::Exact,
        source: None,
    }
}

fn prefix(rng: &mut Rng, docs: &[SearchDoc], index: &Index) -> Query {
    let mut best: Option<(String, BTreeSet<usize>)> = None;
    for _ in 0..20 {
        let doc = rng.pick(docs);
        let name = rng.pick(&doc.names);
        let len = rng.range(3, 5);
        let p: String = name.chars().take(len).collect();
        if key(&p).chars().count() < 3 {
            continue;
        }
        let matches = index.with_prefix(&p);
        let better = best.as_ref().is_none_or(|(_, m)| matches.len() < m.len());
        if better {
            best = Some((p, matches));
        }
        if best.as_ref().is_some_and(|(_, m)| m.len() <= FEW) {
            break;
        }
    }
    let (query, matches) = best.unwrap_or_else(|| {
        let name = &docs[0].names[0];
        let p: String = name.chars().take(3).collect();
        let m = index.with_prefix(&p);
        (p, m)
    });
    Query {
        expect: ids(docs, &matches),
        query,
        kind: Kind::Prefix,
        source: None,
    }
}

fn typo_query(rng: &mut Rng, docs: &[SearchDoc], index: &Index) -> Query {
    loop {
        let doc = rng.pick(docs);
        let name = rng.pick(&doc.names);
        if name.chars().count() < 5 {
            continue;
        }
        let t = typo(rng, name);
        let k = key(&t);
        // The typo must be a new string, not another name (or this one after normalising).
        if t == *name || k == key(name) || index.names.contains_key(&k) {
            continue;
        }
        let id = doc.id.clone();
        return Query {
            query: t,
            kind: Kind::Typo,
            expect: vec![id],
            source: Some(name.clone()),
        };
    }
}

/// One substitution, insertion, deletion or neighbour swap at a uniformly random position.
/// Inserted and substituted characters follow the case of the character they replace.
pub fn typo(rng: &mut Rng, name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let len = chars.len();
    let fill = |rng: &mut Rng, like: char| -> char {
        if like.is_ascii_digit() {
            char::from(b'0' + rng.below(10) as u8)
        } else if like.is_uppercase() {
            char::from(b'A' + rng.below(26) as u8)
        } else {
            char::from(b'a' + rng.below(26) as u8)
        }
    };
    match rng.below(4) {
        0 => {
            let at = rng.below(len);
            let old = chars[at];
            let mut new = fill(rng, old);
            while new == old {
                new = fill(rng, old);
            }
            chars[at] = new;
        }
        1 => {
            let at = rng.below(len + 1);
            let like = chars[at.min(len - 1)];
            chars.insert(at, fill(rng, like));
        }
        2 => {
            chars.remove(rng.below(len));
        }
        _ => {
            // Swap positions at and at+1, choosing among pairs of different characters.
            let pairs: Vec<usize> = (0..len - 1).filter(|&i| chars[i] != chars[i + 1]).collect();
            if let Some(&at) = pairs.get(rng.below(pairs.len())) {
                chars.swap(at, at + 1);
            } else {
                chars.remove(rng.below(len));
            }
        }
    }
    chars.into_iter().collect()
}

/// The position of the target class a generated asset's target names.
fn target_class(vocab: &Vocab, target: &str) -> usize {
    vocab
        .targets
        .iter()
        .position(|c| c.name() == target)
        .unwrap_or(0)
}

fn target(rng: &mut Rng, docs: &[SearchDoc], vocab: &Vocab, index: &Index) -> Query {
    let doc = rng.pick(docs);
    let class_idx = target_class(vocab, rng.pick::<String>(&doc.targets));
    let class = &vocab.targets[class_idx];
    let query = rng.pick(&class.members).clone();
    Query {
        expect: ids(docs, &index.targets[class_idx]),
        query,
        kind: Kind::Target,
        source: None,
    }
}

fn multi(rng: &mut Rng, docs: &[SearchDoc], vocab: &Vocab, index: &Index) -> Query {
    let doc = rng.pick(docs);
    let (query, matches) = if rng.chance(60) {
        // "<target> <indication>": every asset of that target class with the indication
        // or a narrower one.
        let class_idx = target_class(vocab, rng.pick::<String>(&doc.targets));
        let target_word = rng.pick(&vocab.targets[class_idx].members).clone();
        let own = rng.pick(&doc.indications).clone();
        let indication = rng.pick(&vocab.broader(&own)).clone();
        let matches: BTreeSet<usize> = index.targets[class_idx]
            .iter()
            .copied()
            .filter(|&i| {
                docs[i]
                    .indications
                    .iter()
                    .any(|d| vocab.indication_matches(d, &indication))
            })
            .collect();
        (format!("{target_word} {indication}"), matches)
    } else {
        // "<company> <modality word>": a company's short name and a word of the modality.
        let company = rng.pick(&doc.companies);
        let short = company.split(' ').next().unwrap_or(company).to_owned();
        let modality = doc.modality.clone().unwrap_or_default();
        let candidates: Vec<&str> = MODALITY_WORDS
            .iter()
            .copied()
            .filter(|w| has_words(&modality, w))
            .collect();
        let word = if candidates.is_empty() {
            modality.split(' ').next().unwrap_or("").to_owned()
        } else {
            rng.pick(&candidates).to_string()
        };
        let matches = docs
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.companies
                    .iter()
                    .any(|c| c.split(' ').next() == Some(short.as_str()))
                    && d.modality.as_deref().is_some_and(|m| has_words(m, &word))
            })
            .map(|(i, _)| i)
            .collect();
        (format!("{short} {word}"), matches)
    };
    Query {
        expect: ids(docs, &matches),
        query,
        kind: Kind::Multi,
        source: None,
    }
}

/// `phrase` occurs in `text` as whole words.
fn has_words(text: &str, phrase: &str) -> bool {
    format!(" {} ", text.to_lowercase()).contains(&format!(" {} ", phrase.to_lowercase()))
}

/// Optimal string alignment distance (edits: substitution, insertion, deletion, swap of
/// neighbours), over characters.
pub fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_osa(a: &str, b: &str, expected: usize) {
        assert_eq!(osa_distance(a, b), expected, "{a} {b}");
    }

    #[test]
    fn osa_counts_one_edit_of_each_kind() {
        check_osa("IBI363", "IBI363", 0);
        check_osa("IBI363", "IBI364", 1);
        check_osa("IBI363", "IBI3363", 1);
        check_osa("IBI363", "IB363", 1);
        check_osa("IBI363", "IBI336", 1);
        check_osa("IBI363", "BII336", 2);
    }

    #[test]
    fn typos_are_one_edit_away() {
        let mut rng = Rng::new(11);
        for name in ["opatisumimab", "LBL-024", "SHR-A1811", "Velesin", "aaaaa"] {
            for _ in 0..200 {
                let t = typo(&mut rng, name);
                assert_eq!(osa_distance(name, &t), 1, "{name} → {t}");
            }
        }
    }
}
