//! Postings the serialized index does not store: those of company, target, modality and
//! indication values.
//!
//! Those values repeat across assets (a company has hundreds of programmes, an indication
//! thousands) and a value's terms — its tokens, their parts and synonym expansions — are the
//! same wherever it appears, so their postings are five sixths of all and carry nothing the
//! per-asset facet ids do not already say. The file stores, per (field, value), the terms
//! once; loading walks every asset's facet ids and writes the postings back, in two passes
//! (count per term, then fill) so it allocates nothing beyond the postings themselves.

use std::collections::HashMap;

use crate::facets::FacetTable;
use crate::index::{field_code, Posting, SearchIndex, MAX_DOCS, MAX_VALUES};
use crate::{Facet, Field};

/// The fields whose postings are derived from the facet ids, with their facet.
pub(crate) const DERIVED: [(Field, Facet); 4] = [
    (Field::Company, Facet::Company),
    (Field::Target, Facet::Target),
    (Field::Modality, Facet::Modality),
    (Field::Indication, Facet::Indication),
];

/// Whether postings of `field` are derived rather than stored.
pub(crate) fn is_derived(field: Field) -> bool {
    DERIVED.iter().any(|(f, _)| *f == field)
}

/// Per (field code, facet value id), that value's terms as `term << 2 | flags`, ascending;
/// stored as plain number columns (no new shapes for the wasm's decoder to carry).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct ValueTerms {
    /// Field code and value id of each entry, two numbers per entry.
    keys: Vec<u32>,
    /// How many terms each entry has.
    lens: Vec<u32>,
    /// The terms of every entry, one entry after another.
    terms: Vec<u32>,
}

impl SearchIndex {
    /// The terms of every derived value, read off the postings (so it works for an index
    /// built here and for one loaded from bytes alike), sorted by field and value.
    pub(crate) fn value_terms(&self) -> ValueTerms {
        let mut map: HashMap<(u32, u32), Vec<u32>> = HashMap::new();
        for t in 0..self.dict.len() as u32 {
            for p in self
                .postings_of(t)
                .iter()
                .filter_map(|&p| Posting::unpack(p))
            {
                let Some(&(_, facet)) = DERIVED.iter().find(|(f, _)| *f == p.field) else {
                    continue;
                };
                let Some(&id) = self.facet_table.ids(p.doc as usize, facet).get(p.value_idx) else {
                    continue;
                };
                let list = map.entry((field_code(p.field), id)).or_default();
                let entry = t << 2 | p.flags;
                // Terms come in ascending order; every asset with the value repeats them.
                if list.last().is_none_or(|&last| last < entry) {
                    list.push(entry);
                }
            }
        }
        let mut entries: Vec<((u32, u32), Vec<u32>)> = map.into_iter().collect();
        entries.sort_unstable();
        let mut out = ValueTerms::default();
        for ((code, id), terms) in entries {
            out.keys.extend([code, id]);
            out.lens.push(terms.len() as u32);
            out.terms.extend(terms);
        }
        out
    }
}

/// Per derived field ([`DERIVED`] order) and facet value id, that value's terms.
pub(crate) type Lookup<'a> = Vec<Vec<&'a [u32]>>;

/// Checks `value_terms` against the index being loaded and returns them as a dense
/// [`Lookup`] (facet values number in the thousands, not the millions).
pub(crate) fn lookup(
    value_terms: &ValueTerms,
    n_values: usize,
    n_terms: usize,
) -> Result<Lookup<'_>, String> {
    let mut map: Lookup<'_> = vec![vec![&[][..]; n_values]; DERIVED.len()];
    let total: usize = value_terms.lens.iter().map(|&l| l as usize).sum();
    if value_terms.keys.len() != 2 * value_terms.lens.len() || total != value_terms.terms.len() {
        return Err("value terms are inconsistent".to_owned());
    }
    // One message for every way the entries can be wrong: each message is bytes of wasm.
    let bad = || "value terms are inconsistent".to_owned();
    let mut rest = value_terms.terms.as_slice();
    for (key, &len) in value_terms.keys.chunks_exact(2).zip(&value_terms.lens) {
        let (code, id) = (key[0], key[1] as usize);
        let (terms, tail) = rest.split_at((len as usize).min(rest.len()));
        rest = tail;
        let at = DERIVED.iter().position(|(f, _)| field_code(*f) == code);
        let slot = at
            .and_then(|at| map.get_mut(at)?.get_mut(id))
            .ok_or_else(bad)?;
        let sorted = terms.windows(2).all(|w| w[0] < w[1]);
        let known = terms.iter().all(|&e| ((e >> 2) as usize) < n_terms);
        if !sorted || !known || !slot.is_empty() || terms.is_empty() {
            return Err(bad());
        }
        *slot = terms;
    }
    Ok(map)
}

/// Every derived posting, in document order (so each term's come out sorted): `each(term,
/// posting)`.
pub(crate) fn for_each(
    table: &FacetTable,
    n_docs: usize,
    terms: &Lookup<'_>,
    each: &mut dyn FnMut(u32, u32),
) {
    for doc in 0..n_docs.min(MAX_DOCS) {
        for ((field, facet), terms) in DERIVED.into_iter().zip(terms) {
            for (value_idx, &id) in table.ids(doc, facet).iter().enumerate().take(MAX_VALUES) {
                for &entry in terms.get(id as usize).copied().unwrap_or(&[]) {
                    each(
                        entry >> 2,
                        Posting::pack(doc as u32, field, value_idx as u32, entry & 0b11),
                    );
                }
            }
        }
    }
}
