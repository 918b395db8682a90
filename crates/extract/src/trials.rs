//! Trials, arms and results of one document.

use atlas_model::Trial;

use crate::assets::DocAsset;
use crate::doc::Ctx;

/// Extract trials with their arms and results.
pub(crate) fn extract_trials(_ctx: &mut Ctx, _assets: &[DocAsset]) -> Vec<Trial> {
    Vec::new()
}

/// Whether a value occurs as a number in a quote (`86.4`, `100`, `75.0` for 75).
pub(crate) fn number_in_quote(value: f64, quote: &str) -> bool {
    crate::text::numbers(quote)
        .iter()
        .any(|n| (n.value - value).abs() < 1e-9)
}
