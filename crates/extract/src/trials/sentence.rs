//! The sentence model the prose passes read: one sentence's text, its parentheses as a tree
//! and its clauses.
//!
//! Parentheses are kept as a list of pairs with parents plus, per byte, the innermost pair
//! enclosing it, so "is this endpoint's parenthesis around that value?" is a walk up a short
//! chain and memory stays linear in the sentence (a line of 30,000 `(` costs 30,000 entries,
//! not 30,000 copies of a stack).

/// One pair of brackets (`(` … `)` or `[` … `]`); `close` is the sentence end when unclosed.
#[derive(Clone, Copy, Debug)]
pub(super) struct Paren {
    pub(super) open: usize,
    pub(super) close: usize,
    pub(super) parent: Option<usize>,
}

/// A sentence's brackets: the pairs and the innermost pair at each byte.
pub(super) struct Parens {
    pub(super) pairs: Vec<Paren>,
    innermost: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Parens {
    pub(super) fn new(text: &str) -> Parens {
        let mut pairs: Vec<Paren> = Vec::new();
        let mut innermost = Vec::with_capacity(text.len() + 1);
        let mut open: Option<usize> = None;
        for (i, b) in text.bytes().enumerate() {
            if b == b'(' || b == b'[' {
                pairs.push(Paren {
                    open: i,
                    close: text.len(),
                    parent: open,
                });
                open = Some(pairs.len() - 1);
            }
            innermost.push(open.map_or(NONE, |p| u32::try_from(p).unwrap_or(NONE)));
            if b == b')' || b == b']' {
                if let Some(p) = open {
                    if let Some(pair) = pairs.get_mut(p) {
                        pair.close = i;
                        open = pair.parent;
                    }
                }
            }
        }
        innermost.push(open.map_or(NONE, |p| u32::try_from(p).unwrap_or(NONE)));
        Parens { pairs, innermost }
    }

    /// The innermost pair enclosing byte `pos` (the brackets themselves belong to their pair).
    pub(super) fn at(&self, pos: usize) -> Option<usize> {
        let p = *self.innermost.get(pos)?;
        (p != NONE).then_some(p as usize)
    }

    /// Whether pair `outer` (or the sentence top level, `None`) encloses pair `inner`.
    pub(super) fn encloses(&self, outer: Option<usize>, inner: Option<usize>) -> bool {
        let Some(outer) = outer else { return true };
        let mut cur = inner;
        // Depth is bounded by the number of pairs; the walk never loops.
        while let Some(c) = cur {
            if c == outer {
                return true;
            }
            cur = self.pairs.get(c).and_then(|p| p.parent);
        }
        false
    }

    pub(super) fn get(&self, p: usize) -> Option<&Paren> {
        self.pairs.get(p)
    }
}

/// A sentence with its parentheses and clause boundaries.
pub(super) struct Sentence<'t> {
    pub(super) text: &'t str,
    /// Offset of the sentence in the document's normalised text.
    pub(super) base: usize,
    pub(super) parens: Parens,
    /// Clause starts (byte offsets), ascending, the first being 0, and whether each clause
    /// opens with a contrast (", while …"), which turns to another arm or population.
    clause_starts: Vec<(usize, bool)>,
    pub(super) lower: String,
}

impl<'t> Sentence<'t> {
    pub(super) fn new(text: &'t str, base: usize) -> Sentence<'t> {
        let parens = Parens::new(text);
        let clause_starts = clause_starts(text, &parens);
        Sentence {
            text,
            base,
            parens,
            clause_starts,
            lower: text.to_ascii_lowercase(),
        }
    }

    /// The clause holding byte `pos`.
    pub(super) fn clause(&self, pos: usize) -> usize {
        self.clause_starts
            .partition_point(|(s, _)| *s <= pos)
            .saturating_sub(1)
    }

    /// Whether clause `i` opens with a contrast.
    pub(super) fn is_contrast(&self, i: usize) -> bool {
        self.clause_starts.get(i).is_some_and(|(_, c)| *c)
    }

    pub(super) fn slice(&self, start: usize, end: usize) -> &'t str {
        self.text.get(start..end).unwrap_or("")
    }

    pub(super) fn has(&self, word: &str) -> bool {
        self.lower.contains(word)
    }
}

/// Clause boundaries: a `;` outside brackets, and a contrast (", while", ", whereas",
/// ", although", ", despite") that starts a clause about something else.
fn clause_starts(text: &str, parens: &Parens) -> Vec<(usize, bool)> {
    let mut out = vec![(0, false)];
    let lower = text.to_ascii_lowercase();
    for (i, b) in text.bytes().enumerate() {
        if b == b';' && parens.at(i).is_none() {
            out.push((i + 1, false));
        }
    }
    for cue in [", while ", ", whereas ", ", although ", ", despite "] {
        for (i, _) in lower.match_indices(cue) {
            if parens.at(i).is_none() {
                out.push((i + 1, true));
            }
        }
    }
    out.sort_unstable();
    out.dedup_by_key(|(s, _)| *s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parens_nest_and_enclose() {
        let s = Sentence::new("ORR (cORR [x] 40%) and DCR", 0);
        let outer = s.parens.at(6);
        let inner = s.parens.at(11);
        assert!(outer.is_some() && inner.is_some() && outer != inner);
        assert!(s.parens.encloses(outer, inner));
        assert!(!s.parens.encloses(inner, outer));
        assert!(s.parens.encloses(None, inner));
        assert_eq!(s.parens.at(22), None);
    }

    #[test]
    fn clauses_split_at_semicolons_and_contrasts() {
        let s = Sentence::new("A was 1% (x; y); B was 2%, while C was 3%", 0);
        assert_eq!(s.clause(3), 0);
        assert_eq!(
            s.clause(12),
            0,
            "a semicolon inside brackets splits nothing"
        );
        assert_eq!(s.clause(20), 1);
        assert_eq!(s.clause(40), 2);
    }

    #[test]
    fn brackets_cost_linear_memory() {
        // A line of k open brackets keeps one entry per byte and one pair per bracket.
        let text = "(".repeat(20_000);
        let p = Parens::new(&text);
        assert_eq!(p.pairs.len(), 20_000);
        assert_eq!(p.innermost.len(), 20_001);
        assert!(p.encloses(Some(0), Some(19_999)));
    }
}
