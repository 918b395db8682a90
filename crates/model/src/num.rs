//! Decimal text for numbers, without core's float formatting.
//!
//! `format!("{v}")`, `format!("{v:?}")` and `format!("{v:.3}")` link core's float-to-decimal
//! machinery (Grisu and Dragon, about 20 KB of wasm) into the viewer and the curation worker,
//! both of which have a size budget; everything they share formats figures through here. The
//! figures shown here come from documents and carry a few decimals at most, so scaling to an
//! integer and printing that is exact enough and costs a few hundred bytes.

/// `v` with at most `max_frac` decimals (rounded half away from zero), trailing zeros and a
/// trailing point dropped: `86.4`, `100`, `0.05`, `-1.5`. Not finite, or too large to scale
/// (|v| × 10^max_frac ≥ 2^63): empty.
pub fn decimal(v: f64, max_frac: u32) -> String {
    let scale = 10u64.pow(max_frac.min(18));
    let scaled = (v * scale as f64).round();
    if !scaled.is_finite() || scaled.abs() >= 9.2e18 {
        return String::new();
    }
    let scaled = scaled as i64;
    let magnitude = scaled.unsigned_abs();
    let (int, mut frac) = (magnitude / scale, magnitude % scale);
    let mut digits = max_frac.min(18) as usize;
    while digits > 0 && frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    let sign = if scaled < 0 { "-" } else { "" };
    if digits == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac:0digits$}")
    }
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimals_read_as_written() {
        assert_eq!(decimal(86.4, 3), "86.4");
        assert_eq!(decimal(100.0, 3), "100");
        assert_eq!(decimal(0.05, 3), "0.05");
        assert_eq!(decimal(59.7, 1), "59.7");
        assert_eq!(decimal(-0.62, 9), "-0.62");
        assert_eq!(decimal(0.0001, 9), "0.0001");
        assert_eq!(decimal(1.0 / 3.0, 3), "0.333");
        assert_eq!(decimal(2.0 / 3.0, 3), "0.667");
        assert_eq!(decimal(0.0, 3), "0");
        assert_eq!(decimal(-0.0004, 3), "0", "no negative zero");
        assert_eq!(decimal(1_234_567.0, 1), "1234567");
        assert_eq!(decimal(f64::NAN, 3), "");
        assert_eq!(decimal(f64::INFINITY, 3), "");
        assert_eq!(decimal(1e300, 3), "");
        assert_eq!(decimal(5.8, 0), "6");
    }

    #[test]
    fn agrees_with_core_formatting_on_document_figures() {
        // Every value with up to two decimals in 0–1000, as documents write them.
        for hundredths in 0..100_000u32 {
            let v = f64::from(hundredths) / 100.0;
            assert_eq!(decimal(v, 3), format!("{v}"), "{v}");
        }
    }
}
