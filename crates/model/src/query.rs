//! Small derived views of the dataset that every consumer agrees on.

use crate::Dataset;

/// Orders free-text trial phases: `Phase 1` < `Phase 1b/2` < `Phase 2` < `Phase 3` < approved.
///
/// Returns twice the phase number (so `1/2` and `1b/2` rank between 1 and 2), or `None`
/// when the text names no phase. Roman numerals (`Phase III`, `Phase Ⅱa`) are read too.
pub fn phase_rank(phase: &str) -> Option<u8> {
    let lower = phase.to_lowercase();
    if lower.contains("approv") || lower.contains("market") {
        return Some(10);
    }
    let digits: Vec<u8> = lower
        .split(|c: char| c == '/' || c == '-' || c.is_whitespace() || c == ',')
        .filter_map(phase_number)
        .collect();
    match digits.as_slice() {
        [] => None,
        [one] => Some(one * 2),
        [.., last] => Some(last * 2 - 1),
    }
}

/// The highest phase among an asset's trials and approval events, as its text.
pub fn highest_phase(ds: &Dataset, asset_id: &str) -> Option<String> {
    if ds
        .events_of(asset_id)
        .into_iter()
        .any(|e| e.kind == crate::EventKind::Approval)
    {
        return Some("Approved".to_owned());
    }
    ds.trials_of(asset_id)
        .into_iter()
        .filter_map(|t| t.phase.as_deref())
        .filter_map(|p| phase_rank(p).map(|r| (r, p)))
        .max_by_key(|(r, _)| *r)
        .map(|(_, p)| p.to_owned())
}

fn phase_number(token: &str) -> Option<u8> {
    let t = token
        .trim_start_matches("phase")
        .trim_end_matches(['a', 'b', 'ａ']);
    match t {
        "1" | "i" | "Ⅰ" | "ⅰ" => Some(1),
        "2" | "ii" | "Ⅱ" | "ⅱ" => Some(2),
        "3" | "iii" | "Ⅲ" | "ⅲ" => Some(3),
        "4" | "iv" | "Ⅳ" | "ⅳ" => Some(4),
        _ => None,
    }
}

/// The first evidence quote that mentions `needle` (case-insensitively), else the first quote.
///
/// Asset evidence is a list of sentences; the viewer uses this to attach to each shown value
/// (a company, a target) the sentence that states it.
pub fn evidence_for<'a>(
    evidence: &'a [crate::Evidence],
    needle: &str,
) -> Option<&'a crate::Evidence> {
    let needle = needle.to_lowercase();
    evidence
        .iter()
        .find(|e| e.quote.to_lowercase().contains(&needle))
        .or_else(|| evidence.first())
}

#[cfg(test)]
mod tests {
    use super::phase_rank;

    fn check(phase: &str, expected: Option<u8>) {
        assert_eq!(phase_rank(phase), expected, "phase_rank({phase:?})");
    }

    #[test]
    fn ranks() {
        check("Phase 1", Some(2));
        check("Phase 1/2", Some(3));
        check("Phase Ib/II", Some(3));
        check("Phase II", Some(4));
        check("Phase Ⅱa", Some(4));
        check("Phase 3", Some(6));
        check("approved", Some(10));
        check("preclinical", None);
    }
}
