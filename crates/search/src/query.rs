//! The reader: a query against the index, ranked, with highlights.
//!
//! A query is a list of tokens. A *run* is one token or several adjacent ones glued together
//! (`IBI 363` → `ibi363`), so spacing in the query never has to agree with spacing in the data.
//! A document matches when the tokens can be cut into runs that each match it; among all such
//! cuts it keeps its best score. The cuts are found left to right: `reached[end]` holds every
//! document that matches tokens `0..end`, so each run is looked up once.

use crate::facets::Filters;
use crate::fuzzy::{self, MAX_FUZZY_CHARS};
use crate::index::SynonymClasses;
use crate::index::{Posting, SearchIndex, MAX_DOCS, PART, SYNONYM};
use crate::normalize;
use crate::{Field, Hit, MatchKind, ResultPage};

impl SearchIndex {
    /// The best `limit` documents for `query`, best first. An empty query finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        if query_tokens(query).is_empty() {
            return Vec::new();
        }
        self.search_filtered(query, &Filters::default(), limit)
    }

    /// Like [`SearchIndex::search`], keeping only documents that pass `filters`. An empty query
    /// lists every document that passes, in index order, as [`MatchKind::Listed`] hits.
    pub fn search_filtered(&self, query: &str, filters: &Filters, limit: usize) -> Vec<Hit> {
        if limit == 0 {
            return Vec::new();
        }
        let mut matched = self.matches(query, filters, limit);
        top_k(&mut matched, limit);
        self.hits(query, &matched)
    }

    /// What a results page needs in one call: the best `limit` hits, how many documents match
    /// in all, and the facet counts over all of them, without building a [`Hit`] (and its
    /// highlight) for every match, which is most of the cost of asking
    /// [`SearchIndex::search_filtered`] for everything in order to count it.
    ///
    /// The total and the counts cover what the ranking considered: when the query as typed
    /// finds `limit` documents or more, typo matches are neither shown nor counted.
    pub fn search_page(&self, query: &str, filters: &Filters, limit: usize) -> ResultPage {
        self.search_page_top(query, filters, limit, usize::MAX)
    }

    /// Like [`SearchIndex::search_page`], with only the `per_facet` most frequent values of
    /// each facet (most frequent first, ties alphabetical, as in the full lists): what a
    /// results page shows, without copying and sorting every value of a broad result set.
    pub fn search_page_top(
        &self,
        query: &str,
        filters: &Filters,
        limit: usize,
        per_facet: usize,
    ) -> ResultPage {
        let mut matched = self.matches(query, filters, limit.max(1));
        let total = matched.len();
        let facets = self.top_facets_of(matched.iter().map(|(doc, _)| *doc as usize), per_facet);
        top_k(&mut matched, limit);
        ResultPage {
            hits: self.hits(query, &matched),
            total,
            facets,
        }
    }

    /// Every document that matches, with its score: typo-free first, with typos if that finds
    /// fewer than `limit`. An empty query matches every document that passes the filters.
    fn matches(&self, query: &str, filters: &Filters, limit: usize) -> Vec<(u32, Acc)> {
        let tokens = query_tokens(query);
        if tokens.is_empty() {
            return (0..self.docs.len().min(MAX_DOCS) as u32)
                .filter(|&doc| self.doc(doc as usize).is_some_and(|d| filters.matches(d)))
                .map(|doc| (doc, Acc::LISTED))
                .collect();
        }
        // Typo matching is the expensive part and always ranks below exact and prefix
        // matches, so it only runs when the query as typed finds too few documents (as
        // Typesense's `typo_tokens_threshold` does). A limit above the number of documents can
        // never be met without typos.
        let mut matched = Vec::new();
        if limit <= self.docs.len() {
            matched = self.evaluate_filtered(&tokens, filters, false);
        }
        if matched.len() < limit {
            matched = self.evaluate_filtered(&tokens, filters, true);
        }
        matched
    }

    /// The hits of ranked matches: listed documents for an empty query, else with highlights.
    fn hits(&self, query: &str, matched: &[(u32, Acc)]) -> Vec<Hit> {
        if query_tokens(query).is_empty() {
            return matched
                .iter()
                .filter_map(|&(doc, _)| {
                    let d = self.doc(doc as usize)?;
                    Some(Hit {
                        doc_idx: doc as usize,
                        score: 0.0,
                        kind: MatchKind::Listed,
                        field: Field::Name,
                        matched_text: d.names.first().cloned().unwrap_or_default(),
                        highlight: Vec::new(),
                    })
                })
                .collect();
        }
        matched
            .iter()
            .filter_map(|(doc, acc)| self.hit(*doc, acc))
            .collect()
    }

    fn evaluate_filtered(
        &self,
        tokens: &[String],
        filters: &Filters,
        typos: bool,
    ) -> Vec<(u32, Acc)> {
        let mut matched = self.evaluate(tokens, typos);
        if !filters.is_empty() {
            matched.retain(|(doc, _)| self.doc(*doc as usize).is_some_and(|d| filters.matches(d)));
        }
        matched
    }

    /// Every document that matches all of `tokens`, with its best score.
    fn evaluate(&self, tokens: &[String], typos: bool) -> Vec<(u32, Acc)> {
        let mut slots = Slots::new(self.docs.len());
        let mut reached: Vec<Vec<(u32, Acc)>> = vec![Vec::new(); tokens.len() + 1];
        let glued = self.glued(tokens);
        for end in 1..=tokens.len() {
            if glued.get(end).copied().unwrap_or(false) {
                continue;
            }
            let mut merged: Vec<(u32, Acc)> = Vec::new();
            for start in end.saturating_sub(MAX_RUN_TOKENS)..end {
                let before = reached.get(start).map(Vec::as_slice).unwrap_or(&[]);
                if start > 0 && before.is_empty() {
                    continue;
                }
                let run: String = tokens.get(start..end).unwrap_or(&[]).concat();
                if run.len() > MAX_RUN_BYTES {
                    continue;
                }
                let run_typos = if !typos || end - start > MAX_FUZZY_RUN_TOKENS {
                    Typos::Never
                } else if start == 0 && end == tokens.len() {
                    Typos::Always
                } else {
                    Typos::IfUnknown
                };
                let last = end == tokens.len();
                let hits = self.match_run(&run, run_typos, last, &mut slots);
                let weight = (end - start) as f32;
                if start == 0 {
                    for (doc, hit) in hits {
                        let acc = Acc {
                            score: hit.score * weight,
                            best: hit,
                        };
                        slots
                            .merged
                            .offer(&mut merged, doc, acc, |a, b| a.score > b.score);
                    }
                    continue;
                }
                slots.before.load(before);
                for (doc, hit) in hits {
                    let Some(prev) = slots.before.get(doc).and_then(|i| before.get(i)) else {
                        continue;
                    };
                    let acc = Acc {
                        score: prev.1.score + hit.score * weight,
                        best: if hit.score > prev.1.best.score {
                            hit
                        } else {
                            prev.1.best
                        },
                    };
                    slots
                        .merged
                        .offer(&mut merged, doc, acc, |a, b| a.score > b.score);
                }
                slots.before.unload(before);
            }
            slots.merged.unload(&merged);
            if let Some(slot) = reached.get_mut(end) {
                *slot = merged;
            }
        }
        reached.pop().unwrap_or_default()
    }

    /// `glued[p]`: no run may end at token boundary `p`, because a number or a one- or
    /// two-letter piece there belongs to the token before it (`PD 1`, `IBI 363`, `keynote 189`)
    /// — they form a dictionary term together (or, at the end of the query, start one).
    /// Without this `PD 1` would also match `PD-L1` (`pd…`) and `4-1BB` (`1…`).
    fn glued(&self, tokens: &[String]) -> Vec<bool> {
        let mut glued = vec![false; tokens.len() + 1];
        let mut start = 0;
        while start < tokens.len() {
            let mut run = String::new();
            let mut longest = start + 1;
            for (offset, token) in tokens.iter().enumerate().skip(start).take(MAX_RUN_TOKENS) {
                run.push_str(token);
                let end = offset + 1;
                let fragment = token.len() <= 2 || token.starts_with(|c: char| c.is_ascii_digit());
                if end - start < 2 || !fragment || run.len() > MAX_RUN_BYTES {
                    continue;
                }
                let range = self.dict.prefix_range(&run);
                let exact = !range.is_empty() && self.dict.term(range.start) == run;
                if exact || (end == tokens.len() && !range.is_empty()) {
                    longest = end;
                }
            }
            for slot in glued.iter_mut().take(longest).skip(start + 1) {
                *slot = true;
            }
            start = longest;
        }
        glued
    }

    /// Every document one run matches, exactly, as a prefix or (if allowed) with typos.
    ///
    /// A run before the last one is a finished word, not one being typed: if it is a term of
    /// its own it matches only exactly, so `IL-2 breast cancer` does not match `IL-2Rα`. If it
    /// is not (`innov bisp`), it matches as a prefix like the last one.
    fn match_run(
        &self,
        run: &str,
        typos: Typos,
        last: bool,
        slots: &mut Slots,
    ) -> Vec<(u32, RunHit)> {
        let mut out: Vec<(u32, RunHit)> = Vec::new();
        let range = self.dict.prefix_range(run);
        let exact = !range.is_empty() && self.dict.term(range.start) == run;
        let looked_up: Vec<u32> = if exact && !last {
            vec![range.start]
        } else if run.len() <= MAX_SHORT_RUN_BYTES {
            self.shortest_completions(range.clone())
        } else {
            range.clone().collect()
        };
        let better = |a: &RunHit, b: &RunHit| a.score > b.score;
        for term_id in looked_up {
            let term = self.dict.term(term_id);
            let extra = term.len().saturating_sub(run.len());
            let kind = if extra == 0 {
                MatchKind::Exact
            } else {
                MatchKind::Prefix
            };
            for posting in self.postings_of(term_id).iter().copied() {
                let Some(p) = Posting::unpack(posting) else {
                    continue;
                };
                let hit = RunHit {
                    score: score(kind, p, extra, 0),
                    kind,
                    posting,
                    term: term_id,
                    run_bytes: run.len() as u32,
                };
                slots.run.offer(&mut out, p.doc, hit, better);
            }
        }
        let chars = run.chars().count();
        let max_edits = fuzzy::max_edits(chars);
        let wanted = match typos {
            Typos::Never => false,
            Typos::Always => true,
            Typos::IfUnknown => range.is_empty(),
        };
        if wanted && max_edits > 0 && chars <= MAX_FUZZY_CHARS {
            let mut near: Vec<(u32, u32, bool)> = Vec::new();
            // The last word may still be being typed: also terms that start with a typo of it.
            let prefix_terms = if last { MAX_TYPO_PREFIX_TERMS } else { 0 };
            fuzzy::candidates(&self.dict, run, max_edits, prefix_terms, |t, d, whole| {
                if !range.contains(&t) {
                    near.push((t, d, whole));
                }
            });
            for (term_id, edits, whole) in near {
                for posting in self.postings_of(term_id).iter().copied() {
                    // Typos are matched against what a document says, not its synonyms:
                    // `ERBB3` is one edit from `ERBB2`, a synonym of HER2, a different target.
                    let Some(p) = Posting::unpack(posting).filter(|p| p.flags & SYNONYM == 0)
                    else {
                        continue;
                    };
                    let hit = RunHit {
                        score: score(MatchKind::Fuzzy, p, usize::from(!whole), edits),
                        kind: MatchKind::Fuzzy,
                        posting,
                        term: term_id,
                        run_bytes: run.len() as u32,
                    };
                    slots.run.offer(&mut out, p.doc, hit, better);
                }
            }
        }
        slots.run.unload(&out);
        out
    }

    /// The terms of `range` (those starting with a one- or two-byte run) a search visits:
    /// shortest first, whole lengths at a time, until they hold
    /// [`MAX_SHORT_RUN_POSTINGS`] postings. One letter starts a large share of the
    /// dictionary (`a` half of a 100,000-asset atlas), and walking all of it was the slowest
    /// keystroke there is; the shortest completions are the ones that rank first (an exact
    /// two-letter code above all), so the top of the list is the same.
    fn shortest_completions(&self, range: std::ops::Range<u32>) -> Vec<u32> {
        let length = |t: u32| self.dict.term(t).len().min(MAX_RUN_BYTES + 1);
        let mut per_length = vec![0usize; MAX_RUN_BYTES + 2];
        for t in range.clone() {
            if let Some(n) = per_length.get_mut(length(t)) {
                *n += self.postings_of(t).len();
            }
        }
        // The longest length still taken whole: the budget is reached within it.
        let mut seen = 0;
        let mut longest = per_length.len();
        for (len, n) in per_length.iter().enumerate() {
            seen += n;
            if seen >= MAX_SHORT_RUN_POSTINGS {
                longest = len;
                break;
            }
        }
        range.filter(|&t| length(t) <= longest).collect()
    }

    fn hit(&self, doc: u32, acc: &Acc) -> Option<Hit> {
        let posting = Posting::unpack(acc.best.posting)?;
        let value = self.value_of(posting)?;
        let term = self.dict.term(acc.best.term);
        let whole = acc.best.kind == MatchKind::Fuzzy || posting.flags & SYNONYM != 0;
        let shown = if whole {
            None
        } else {
            Some(acc.best.run_bytes as usize)
        };
        Some(Hit {
            doc_idx: doc as usize,
            score: acc.score,
            kind: acc.best.kind,
            field: posting.field,
            matched_text: value.to_owned(),
            highlight: highlight(
                value,
                term,
                (posting.flags & SYNONYM != 0).then_some(&self.synonyms),
                shown,
            ),
        })
    }
}

/// Queries longer than this many tokens are cut: a search box is not a document.
const MAX_QUERY_TOKENS: usize = 12;
/// At most this many tokens are glued into one run: the longest synonym has ten
/// (`G protein-coupled receptor class C group 5 member D`); a test types every one.
const MAX_RUN_TOKENS: usize = 10;
const MAX_RUN_BYTES: usize = 64;
/// A run this short (one or two letters or digits) matches only its shortest completions:
/// see [`SearchIndex::shortest_completions`].
const MAX_SHORT_RUN_BYTES: usize = 2;
/// How many postings the completions of a short run are taken up to (whole lengths at a
/// time, so the total of a one-letter query may be somewhat above it).
const MAX_SHORT_RUN_POSTINGS: usize = 4096;
/// Runs of more tokens than this are not matched with typos, to bound the work per query.
const MAX_FUZZY_RUN_TOKENS: usize = 2;
/// At most this many terms are matched by a typo in their start (`nezolitn` → `nezolitinib`):
/// a short typo can start a large share of the dictionary (`nct05` → every `nct0…`).
const MAX_TYPO_PREFIX_TERMS: usize = 64;

/// The compact tokens of a query, cut to bounded length and count.
fn query_tokens(query: &str) -> Vec<String> {
    let mut tokens = normalize::token_texts(query);
    tokens.truncate(MAX_QUERY_TOKENS);
    for token in &mut tokens {
        if token.len() > MAX_RUN_BYTES {
            let mut cut = MAX_RUN_BYTES;
            while !token.is_char_boundary(cut) {
                cut -= 1;
            }
            token.truncate(cut);
        }
    }
    tokens
}

/// When a run is also matched with typos.
#[derive(Clone, Copy, Debug)]
enum Typos {
    /// Not in the first pass, nor for runs of many tokens (their tokens are tried one by one).
    Never,
    /// The run is the whole query.
    Always,
    /// One word among others: only if no dictionary term starts with it as typed, so the
    /// correctly spelt words of `PD-1 non-small cell lung cancer` cost no typo search.
    IfUnknown,
}

/// How one run matched one document.
#[derive(Clone, Copy, Debug)]
struct RunHit {
    score: f32,
    kind: MatchKind,
    posting: u32,
    term: u32,
    /// The length of the run: what a prefix match highlights.
    run_bytes: u32,
}

/// A document's score over the runs so far, and its best single run (the one shown).
#[derive(Clone, Copy, Debug)]
struct Acc {
    score: f32,
    best: RunHit,
}

impl Acc {
    /// A document listed for an empty query: all score the same, so index order stands.
    const LISTED: Acc = Acc {
        score: 0.0,
        best: RunHit {
            score: 0.0,
            kind: MatchKind::Listed,
            posting: 0,
            term: 0,
            run_bytes: 0,
        },
    };
}

/// Exact ≫ prefix ≫ prefix of a synonym ≫ typo, then name > alias > trial > target > company >
/// indication > modality;
/// a shorter completion beats a longer one, and fewer edits beat more. For a typo match,
/// `extra_bytes > 0` means the typo was in the start of a longer term, which ranks lower.
fn score(kind: MatchKind, p: Posting, extra_bytes: usize, edits: u32) -> f32 {
    let field = match p.field {
        Field::Name => 60,
        Field::Alias => 50,
        Field::Trial => 40,
        Field::Target => 35,
        Field::Company => 30,
        Field::Indication => 20,
        Field::Modality => 10,
    };
    let mut flags = 0;
    if p.flags & SYNONYM != 0 {
        flags -= 5;
    }
    if p.flags & PART != 0 {
        flags -= 8;
    }
    let base = match kind {
        MatchKind::Exact => 1000,
        // The start of a synonym is not shown on the row (`bl` for BAFF through BLyS): it
        // ranks below every prefix the reader can see, and above every typo.
        MatchKind::Prefix if p.flags & SYNONYM != 0 => 300 - extra_bytes.min(30) as i32,
        MatchKind::Prefix => 500 - extra_bytes.min(30) as i32,
        MatchKind::Fuzzy if extra_bytes > 0 => 120 - 50 * edits as i32,
        MatchKind::Fuzzy => 200 - 50 * edits as i32,
        MatchKind::Listed => 0,
    };
    (base + field + flags) as f32
}

/// Keeps the best `limit` of `matched`, sorted best first (ties in index order).
fn top_k(matched: &mut Vec<(u32, Acc)>, limit: usize) {
    if limit == 0 {
        matched.clear();
        return;
    }
    let order =
        |a: &(u32, Acc), b: &(u32, Acc)| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0));
    if matched.len() > limit {
        matched.select_nth_unstable_by(limit - 1, order);
        matched.truncate(limit);
    }
    matched.sort_unstable_by(order);
}

/// The byte ranges of `value` that the dictionary term `term` came from: the first run of
/// tokens (or part of a joined token) whose compact text is `term` — or, for a synonym, whose
/// class expands to it — cut to the first `shown` bytes for a prefix match.
fn highlight(
    value: &str,
    term: &str,
    synonyms: Option<&SynonymClasses>,
    shown: Option<usize>,
) -> Vec<(usize, usize)> {
    let is_unit = |text: &str| match synonyms {
        Some(classes) => classes.names(text, term),
        None => text == term,
    };
    let tokens = normalize::tokenize(value, true);
    let mut found: Option<Vec<(u32, u32)>> = None;
    'runs: for start in 0..tokens.len() {
        let mut text = String::new();
        let mut map = Vec::new();
        for token in tokens.iter().skip(start) {
            text.push_str(&token.text);
            map.extend_from_slice(&token.map);
            if text.len() > 2 * MAX_RUN_BYTES {
                break;
            }
            if is_unit(&text) {
                found = Some(map);
                break 'runs;
            }
        }
    }
    if found.is_none() {
        found = tokens.iter().find_map(|token| {
            token.parts.iter().find_map(|&(s, e)| {
                let text = token.text.get(s..e)?;
                is_unit(text).then(|| token.map.get(s..e).map(<[_]>::to_vec))?
            })
        });
    }
    let Some(map) = found else {
        return Vec::new();
    };
    let map = match shown {
        Some(n) => map.get(..n.min(map.len())).unwrap_or(&[]),
        None => &map[..],
    };
    ranges(map)
}

/// The source range the mapped characters cover. A unit is a run of adjacent tokens, so one
/// range covers it, separators inside included (`IBI 363`, `non-small cell lung cancer`).
fn ranges(map: &[(u32, u32)]) -> Vec<(usize, usize)> {
    match (map.first(), map.last()) {
        (Some(first), Some(last)) => vec![(first.0 as usize, last.1 as usize)],
        _ => Vec::new(),
    }
}

/// Dense per-document slots (index into a result list, or none), cleared after each use by
/// visiting only what was set, so a query never pays for documents it does not touch.
struct Slots {
    run: DocSlots,
    before: DocSlots,
    merged: DocSlots,
}

impl Slots {
    fn new(n_docs: usize) -> Slots {
        Slots {
            run: DocSlots::new(n_docs),
            before: DocSlots::new(n_docs),
            merged: DocSlots::new(n_docs),
        }
    }
}

/// Allocated on first use: most queries need only one of the three.
struct DocSlots {
    slots: Vec<u32>,
    n_docs: usize,
}

impl DocSlots {
    const EMPTY: u32 = u32::MAX;

    fn new(n_docs: usize) -> DocSlots {
        DocSlots {
            slots: Vec::new(),
            n_docs,
        }
    }

    fn ready(&mut self) -> &mut Vec<u32> {
        if self.slots.is_empty() {
            self.slots = vec![Self::EMPTY; self.n_docs];
        }
        &mut self.slots
    }

    fn get(&self, doc: u32) -> Option<usize> {
        self.slots
            .get(doc as usize)
            .filter(|&&i| i != Self::EMPTY)
            .map(|&i| i as usize)
    }

    /// Adds `item` for `doc` to `list`, or replaces the one there if `better`.
    fn offer<T>(
        &mut self,
        list: &mut Vec<(u32, T)>,
        doc: u32,
        item: T,
        better: impl Fn(&T, &T) -> bool,
    ) {
        let Some(slot) = self.ready().get_mut(doc as usize) else {
            return;
        };
        match list.get_mut(*slot as usize) {
            Some(entry) if *slot != Self::EMPTY => {
                if better(&item, &entry.1) {
                    entry.1 = item;
                }
            }
            _ => {
                *slot = list.len() as u32;
                list.push((doc, item));
            }
        }
    }

    fn load<T>(&mut self, list: &[(u32, T)]) {
        let slots = self.ready();
        for (i, (doc, _)) in list.iter().enumerate() {
            if let Some(slot) = slots.get_mut(*doc as usize) {
                *slot = i as u32;
            }
        }
    }

    fn unload<T>(&mut self, list: &[(u32, T)]) {
        for (doc, _) in list {
            if let Some(slot) = self.slots.get_mut(*doc as usize) {
                *slot = Self::EMPTY;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(value: &str, term: &str, synonym: bool, shown: Option<usize>, expected: &[&str]) {
        // The classes an index of these values would carry: every class of the table.
        let table = &crate::synonyms::TABLE;
        let all = SynonymClasses {
            classes: (0..400)
                .map(|c| (table.members(c), table.expansion(c).to_vec()))
                .filter(|(m, _)| !m.is_empty())
                .collect(),
        };
        let got: Vec<&str> = highlight(value, term, synonym.then_some(&all), shown)
            .into_iter()
            .map(|(s, e)| &value[s..e])
            .collect();
        assert_eq!(got, expected, "highlight({value:?}, {term:?})");
    }

    #[test]
    fn highlights_what_matched() {
        check(
            "Opatisumimab",
            "opatisumimab",
            false,
            None,
            &["Opatisumimab"],
        );
        check("Opatisumimab", "opatisumimab", false, Some(4), &["Opat"]);
        check("IBI 363", "ibi363", false, None, &["IBI 363"]);
        check("KEYNOTE-407", "keynote407", false, Some(9), &["KEYNOTE-40"]);
        check("KEYNOTE-407", "keynote", false, None, &["KEYNOTE"]);
        check("4-1BB", "cd137", true, None, &["4-1BB"]);
        check("IL-2Rα", "il2ra", false, Some(5), &["IL-2Rα"]);
        check(
            "advanced non-small cell lung cancer",
            "nsclc",
            true,
            None,
            &["non-small cell lung cancer"],
        );
        check("Velesin™", "velesin", false, None, &["Velesin"]);
        check("PD-L1", "pd1", false, None, &[]);
    }
}
