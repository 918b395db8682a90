//! Typo candidates: which dictionary terms are within k edits of a query term.
//!
//! Distance is optimal string alignment (restricted Damerau–Levenshtein): insertion, deletion,
//! substitution and a swap of two neighbours each cost one edit, as a typist makes them.
//!
//! The sorted dictionary is walked as an implicit trie: one row of the edit-distance matrix
//! per character of the current term, rows shared with the previous term for their common
//! prefix, and as soon as a row's minimum exceeds k no term with that prefix can match, so the
//! walk jumps past all of them (a galloping search, since sorted terms with one prefix are
//! contiguous). This is a Levenshtein automaton run over the dictionary without building one,
//! and it needs no index beyond the dictionary itself. Keeping, along the path, the best
//! distance of the query to any prefix so far also finds terms that merely *start* with a
//! typo of the query, for the word being typed.
//!
//! Measured first (see `BENCH.md`): a scan of the length-bucketed terms behind a 64-bit
//! "which characters occur" mask. Drug names share their letters (every antibody ends in
//! `-mab`), so the mask let through a large share of the terms and the scan cost about 4 ms
//! per typo query at 100k assets; the walk prunes by position and is several times faster.
//! An n-gram index would cost several times the dictionary in shipped bytes, and the `fst`
//! crate's Levenshtein automaton does not count a swap as one edit.

use crate::index::TermDict;

/// Query terms longer than this (in chars) are not matched with typos.
pub(crate) const MAX_FUZZY_CHARS: usize = 48;

/// The edits a query term of `chars` characters may have: one from 5, two from 9.
pub(crate) fn max_edits(chars: usize) -> u32 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Calls `found(term_id, distance, true)` for every term of `dict` within `k` edits of
/// `query`, and `found(term_id, distance, false)` for at most `prefix_terms` other terms that
/// start with something within `k` edits of it (`nezolitn` → `nezolitinib`, a typo while
/// still typing), in dictionary order.
pub(crate) fn candidates(
    dict: &TermDict,
    query: &str,
    k: u32,
    prefix_terms: usize,
    found: impl FnMut(u32, u32, bool),
) {
    // Bytes are chars when everything is ASCII, and cheaper to compare.
    if dict.ascii_only && query.is_ascii() {
        walk_ascii(dict, query.as_bytes(), k, prefix_terms, found);
    } else {
        walk::<char>(dict, query, k, prefix_terms, found);
    }
}

/// What the distance counts edits of: bytes for ASCII, chars otherwise.
trait Symbol: Copy + Eq {
    fn decode(text: &str, out: &mut Vec<Self>);
    /// The byte length of `symbols` in UTF-8.
    fn byte_len(symbols: &[Self]) -> usize;
}

impl Symbol for u8 {
    fn decode(text: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(text.as_bytes());
    }

    fn byte_len(symbols: &[u8]) -> usize {
        symbols.len()
    }
}

impl Symbol for char {
    fn decode(text: &str, out: &mut Vec<char>) {
        out.extend(text.chars());
    }

    fn byte_len(symbols: &[char]) -> usize {
        symbols.iter().map(|c| c.len_utf8()).sum()
    }
}

/// The walk over an all-ASCII dictionary: terms are compared in place, and the shared
/// prefix with the previous term and the end of a subtree come from the dictionary's `lcp`
/// bytes, read sequentially, instead of comparing strings.
fn walk_ascii(
    dict: &TermDict,
    q: &[u8],
    k: u32,
    mut prefix_terms: usize,
    mut found: impl FnMut(u32, u32, bool),
) {
    let k = k.min(u32::from(u8::MAX / 2)) as u8;
    let width = q.len() + 1;
    let max_depth = q.len() + usize::from(k);
    let mut rows = first_rows(max_depth, width);
    let mut best_prefix = first_best_prefix(max_depth, q.len());
    let mut valid = 0usize;
    let n = dict.len();
    let mut t = 0usize;
    while t < n {
        let term = dict.term(t as u32).as_bytes();
        let lcp = usize::from(dict.lcp.get(t).copied().unwrap_or(0)).min(valid);
        let deepest = term.len().min(max_depth);
        let mut dead_at = None;
        for d in lcp + 1..=deepest {
            let row_min = fill_row(&mut rows, width, d, term, q);
            track_best_prefix(&mut best_prefix, &rows, width, d, q.len());
            if row_min > k {
                dead_at = Some(d);
                break;
            }
        }
        if dead_at.is_none() && term.len() <= max_depth {
            report(
                &rows,
                &best_prefix,
                width,
                term.len(),
                q.len(),
                k,
                t as u32,
                &mut prefix_terms,
                &mut found,
            );
        }
        match dead_at.or((term.len() > max_depth).then_some(max_depth + 1)) {
            Some(d) => {
                valid = d - 1;
                // The subtree of term[..d] ends where a term shares fewer than d bytes.
                let rest = dict.lcp.get(t + 1..).unwrap_or(&[]);
                let end = t
                    + 1
                    + rest
                        .iter()
                        .position(|&l| usize::from(l) < d)
                        .unwrap_or(rest.len());
                report_subtree(
                    &best_prefix,
                    d,
                    k,
                    t as u32..end as u32,
                    &mut prefix_terms,
                    &mut found,
                );
                t = end;
            }
            None => {
                valid = deepest;
                t += 1;
            }
        }
    }
}

/// `best_prefix[d]`: the fewest edits between the query and any of the first `d + 1` prefixes
/// of the current term (`[0]`: the empty prefix, the query's length).
fn first_best_prefix(max_depth: usize, query_len: usize) -> Vec<u8> {
    let mut best = vec![u8::MAX; max_depth + 1];
    if let Some(first) = best.first_mut() {
        *first = query_len.min(usize::from(u8::MAX)) as u8;
    }
    best
}

/// Updates `best_prefix[d]` once row `d` is filled.
fn track_best_prefix(
    best_prefix: &mut [u8],
    rows: &[u8],
    width: usize,
    d: usize,
    query_len: usize,
) {
    let here = rows.get(d * width + query_len).copied().unwrap_or(u8::MAX);
    let before = d
        .checked_sub(1)
        .and_then(|b| best_prefix.get(b))
        .copied()
        .unwrap_or(u8::MAX);
    if let Some(slot) = best_prefix.get_mut(d) {
        *slot = before.min(here);
    }
}

/// Reports term `t` of `len` symbols, whose rows are all filled: as a whole match, or else as a
/// prefix match while the budget lasts.
#[allow(clippy::too_many_arguments)]
fn report(
    rows: &[u8],
    best_prefix: &[u8],
    width: usize,
    len: usize,
    query_len: usize,
    k: u8,
    t: u32,
    prefix_terms: &mut usize,
    found: &mut impl FnMut(u32, u32, bool),
) {
    let whole = rows
        .get(len * width + query_len)
        .copied()
        .unwrap_or(u8::MAX);
    let prefix = best_prefix.get(len).copied().unwrap_or(u8::MAX);
    if whole <= k {
        found(t, u32::from(whole), true);
    } else if prefix <= k && *prefix_terms > 0 {
        *prefix_terms -= 1;
        found(t, u32::from(prefix), false);
    }
}

/// Reports the terms `ids`, all starting with the current term's first `d` symbols, where no
/// term can match whole: as prefix matches if a prefix shorter than `d` was within reach.
fn report_subtree(
    best_prefix: &[u8],
    d: usize,
    k: u8,
    ids: std::ops::Range<u32>,
    prefix_terms: &mut usize,
    found: &mut impl FnMut(u32, u32, bool),
) {
    let Some(&prefix) = d.checked_sub(1).and_then(|b| best_prefix.get(b)) else {
        return;
    };
    if prefix > k {
        return;
    }
    for t in ids {
        if *prefix_terms == 0 {
            return;
        }
        *prefix_terms -= 1;
        found(t, u32::from(prefix), false);
    }
}

/// The rows for query width `width` up to `max_depth`, row 0 filled in.
fn first_rows(max_depth: usize, width: usize) -> Vec<u8> {
    let mut rows = vec![0u8; (max_depth + 1) * width];
    for (j, cell) in rows.iter_mut().take(width).enumerate() {
        *cell = j.min(usize::from(u8::MAX)) as u8;
    }
    rows
}

fn walk<S: Symbol>(
    dict: &TermDict,
    query: &str,
    k: u32,
    mut prefix_terms: usize,
    mut found: impl FnMut(u32, u32, bool),
) {
    let mut q: Vec<S> = Vec::new();
    S::decode(query, &mut q);
    let k = k.min(u32::from(u8::MAX / 2)) as u8;
    let width = q.len() + 1;
    // Rows beyond this depth are never needed: a longer term is more than k edits away.
    let max_depth = q.len() + usize::from(k);
    let mut rows = first_rows(max_depth, width);
    let mut best_prefix = first_best_prefix(max_depth, q.len());
    let mut cur: Vec<S> = Vec::with_capacity(max_depth + 8);
    let mut next: Vec<S> = Vec::with_capacity(max_depth + 8);
    // rows[..=valid] hold the rows of cur[..valid].
    let mut valid = 0usize;
    let n = dict.len() as u32;
    let mut t = 0u32;
    while t < n {
        let term = dict.term(t);
        next.clear();
        S::decode(term, &mut next);
        let lcp = cur
            .iter()
            .zip(&next)
            .take(valid)
            .take_while(|(a, b)| a == b)
            .count();
        std::mem::swap(&mut cur, &mut next);
        let deepest = cur.len().min(max_depth);
        let mut dead_at = None;
        for d in lcp + 1..=deepest {
            let row_min = fill_row(&mut rows, width, d, &cur, &q);
            track_best_prefix(&mut best_prefix, &rows, width, d, q.len());
            if row_min > k {
                dead_at = Some(d);
                break;
            }
        }
        if dead_at.is_none() && cur.len() <= max_depth {
            report(
                &rows,
                &best_prefix,
                width,
                cur.len(),
                q.len(),
                k,
                t,
                &mut prefix_terms,
                &mut found,
            );
        }
        match dead_at.or((cur.len() > max_depth).then_some(max_depth + 1)) {
            // Every term starting with cur[..d] is out of reach (or too long): jump past them.
            Some(d) => {
                valid = d - 1;
                let prefix_bytes = S::byte_len(cur.get(..d).unwrap_or(&cur));
                let prefix = term.get(..prefix_bytes).unwrap_or(term);
                let end = skip_prefix(dict, t, prefix);
                report_subtree(&best_prefix, d, k, t..end, &mut prefix_terms, &mut found);
                t = end;
            }
            None => {
                valid = deepest;
                t += 1;
            }
        }
    }
}

/// Computes row `d` (the term's first `d` symbols against the query) and returns its minimum.
fn fill_row<S: Symbol>(rows: &mut [u8], width: usize, d: usize, term: &[S], q: &[S]) -> u8 {
    let (done, rest) = rows.split_at_mut(d * width);
    let prev = &done[(d - 1) * width..];
    let prev2 = d
        .checked_sub(2)
        .map(|d2| &done[d2 * width..(d2 + 1) * width]);
    let row = &mut rest[..width];
    let c = term[d - 1];
    let c_before = d.checked_sub(2).map(|i| term[i]);
    row[0] = d.min(usize::from(u8::MAX)) as u8;
    let mut row_min = row[0];
    for j in 1..width {
        let cost = u8::from(q[j - 1] != c);
        let mut v = prev[j]
            .saturating_add(1)
            .min(row[j - 1].saturating_add(1))
            .min(prev[j - 1].saturating_add(cost));
        if let (Some(prev2), Some(cb)) = (prev2, c_before) {
            if j > 1 && c == q[j - 2] && cb == q[j - 1] {
                v = v.min(prev2[j - 2].saturating_add(1));
            }
        }
        row[j] = v;
        row_min = row_min.min(v);
    }
    row_min
}

/// The first term id after `t` that does not start with `prefix` (term `t` does).
fn skip_prefix(dict: &TermDict, t: u32, prefix: &str) -> u32 {
    let n = dict.len() as u32;
    let mut bound = 1u32;
    while t + bound < n && dict.term(t + bound).starts_with(prefix) {
        bound = bound.saturating_mul(2);
    }
    let (mut lo, mut hi) = (t + bound / 2 + 1, (t + bound).min(n));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if dict.term(mid).starts_with(prefix) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The full matrix, row by row: the oracle the walk is tested against.
#[cfg(test)]
#[derive(Default)]
struct Rows {
    before: Vec<u32>,
    previous: Vec<u32>,
    current: Vec<u32>,
}

#[cfg(test)]
impl Rows {
    /// The optimal-string-alignment distance of `a` and `b` if it is at most `k`.
    fn osa_within(&mut self, a: &[char], b: &[char], k: u32) -> Option<u32> {
        if a.len().abs_diff(b.len()) > k as usize {
            return None;
        }
        let width = b.len() + 1;
        self.before.clear();
        self.before.resize(width, 0);
        self.previous.clear();
        self.previous.extend(0..width as u32);
        self.current.clear();
        self.current.resize(width, 0);
        for i in 1..=a.len() {
            self.current[0] = i as u32;
            let mut row_min = self.current[0];
            for j in 1..width {
                let cost = u32::from(a[i - 1] != b[j - 1]);
                let mut d = (self.previous[j] + 1)
                    .min(self.current[j - 1] + 1)
                    .min(self.previous[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d = d.min(self.before[j - 2] + 1);
                }
                self.current[j] = d;
                row_min = row_min.min(d);
            }
            if row_min > k {
                return None;
            }
            std::mem::swap(&mut self.before, &mut self.previous);
            std::mem::swap(&mut self.previous, &mut self.current);
        }
        let d = self.previous[b.len()];
        (d <= k).then_some(d)
    }
}

/// The distance of two strings, or `None` above `k`.
#[cfg(test)]
fn distance_within(a: &str, b: &str, k: u32) -> Option<u32> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    Rows::default().osa_within(&a, &b, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(a: &str, b: &str, expected: Option<u32>) {
        assert_eq!(distance_within(a, b, 2), expected, "osa({a:?}, {b:?})");
        assert_eq!(distance_within(b, a, 2), expected, "osa({b:?}, {a:?})");
    }

    #[test]
    fn distances() {
        check("ivonescimab", "ivonescimab", Some(0));
        check("ivonesimab", "ivonescimab", Some(1));
        check("nezolitniib", "nezolitinib", Some(1));
        check("opatisumab", "opatisumimab", Some(2));
        check("ab", "ba", Some(1));
        // Optimal string alignment does not edit a swapped pair again (true Damerau says 2).
        check("abc", "ca", None);
        check("pembrolizumab", "nivolumab", None);
        check("ibi363", "ibi336", Some(1));
        check("αβ", "βα", Some(1));
        check("", "abc", None);
        check("", "ab", Some(2));
    }

    fn dict(terms: &[&str]) -> TermDict {
        let mut sorted: Vec<&str> = terms.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut dict = TermDict::default();
        for t in sorted {
            dict.push(t);
        }
        dict
    }

    type Found = Vec<(String, u32, bool)>;

    fn walk(dict: &TermDict, query: &str, k: u32, prefix_terms: usize) -> Found {
        let mut found = Vec::new();
        candidates(dict, query, k, prefix_terms, |t, d, whole| {
            found.push((dict.term(t).to_owned(), d, whole))
        });
        found
    }

    /// Every term against the query whole, then (with `prefixes`) against each of its prefixes.
    fn brute(dict: &TermDict, query: &str, k: u32, prefixes: bool) -> Found {
        (0..dict.len() as u32)
            .filter_map(|t| {
                let term = dict.term(t);
                if let Some(d) = distance_within(query, term, k) {
                    return Some((term.to_owned(), d, true));
                }
                if !prefixes {
                    return None;
                }
                let chars: Vec<char> = term.chars().collect();
                (0..=chars.len())
                    .filter_map(|n| {
                        let prefix: String = chars[..n].iter().collect();
                        distance_within(query, &prefix, k)
                    })
                    .min()
                    .map(|d| (term.to_owned(), d, false))
            })
            .collect()
    }

    fn owned(found: &[(&str, u32, bool)]) -> Found {
        found
            .iter()
            .map(|&(t, d, w)| (t.to_owned(), d, w))
            .collect()
    }

    #[test]
    fn walk_finds_candidates() {
        let d = dict(&[
            "ivonescimab",
            "ivonescimabx",
            "nivolumab",
            "ivo",
            "ivonesc",
            "zzzzzzzzzz",
        ]);
        assert_eq!(
            walk(&d, "ivonesimab", 2, 0),
            owned(&[("ivonescimab", 1, true), ("ivonescimabx", 2, true)])
        );
        assert_eq!(
            walk(&d, "ivonescimab", 0, 0),
            owned(&[("ivonescimab", 0, true)])
        );
        // Still typing, with a typo: `ivonesc` is one edit from the start of two terms.
        assert_eq!(
            walk(&d, "ivonecs", 1, 10),
            owned(&[
                ("ivonesc", 1, true),
                ("ivonescimab", 1, false),
                ("ivonescimabx", 1, false)
            ])
        );
        assert_eq!(
            walk(&d, "ivonecs", 1, 1),
            owned(&[("ivonesc", 1, true), ("ivonescimab", 1, false)])
        );
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use proptest::prelude::*;

        use super::*;

        proptest! {
            // The pruned walk finds exactly what comparing with every term finds.
            #[test]
            fn walk_equals_brute_force(
                terms in proptest::collection::vec("[abc1α]{1,9}", 1..60),
                query in "[abc1α]{1,9}",
                k in 0u32..3,
            ) {
                let refs: Vec<&str> = terms.iter().map(String::as_str).collect();
                let d = dict(&refs);
                prop_assert_eq!(walk(&d, &query, k, 0), brute(&d, &query, k, false));
                prop_assert_eq!(walk(&d, &query, k, usize::MAX), brute(&d, &query, k, true));
            }

            // The same on ASCII only, which takes the byte path.
            #[test]
            fn ascii_walk_equals_brute_force(
                terms in proptest::collection::vec("[ab1]{1,12}", 1..80),
                query in "[ab1]{1,10}",
                k in 0u32..3,
            ) {
                let refs: Vec<&str> = terms.iter().map(String::as_str).collect();
                let d = dict(&refs);
                prop_assert!(d.ascii_only);
                prop_assert_eq!(walk(&d, &query, k, 0), brute(&d, &query, k, false));
                prop_assert_eq!(walk(&d, &query, k, usize::MAX), brute(&d, &query, k, true));
            }
        }
    }
}
