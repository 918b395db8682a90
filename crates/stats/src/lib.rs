//! Small, exact statistics for reported trial figures: the Clopper–Pearson interval of a
//! binomial proportion, responder counts recovered from a rounded percentage, and checks of a
//! reported percentage or interval against its own n.
//!
//! The regularized incomplete beta function is written out here (Lentz's continued fraction,
//! as in Numerical Recipes §6.4) instead of pulling in `statrs`: that crate brings `rand` and,
//! through it, `getrandom`, which does not build for `wasm32-unknown-unknown` without extra
//! feature flags, and we need exactly one function of it. The inverse is found by bisection,
//! which is slow in theory (60 iterations) but exact to f64 and never diverges.
//!
//! # Example
//! ```
//! use atlas_stats::{clopper_pearson, responders};
//! // "cORR 81.8% (95% CI: 59.7-94.8)" in an arm of 22 patients is 18 responders.
//! assert_eq!(responders(81.8, 22, 1), Some(18));
//! let (lo, hi) = clopper_pearson(18, 22, 0.95).unwrap();
//! assert_eq!((round_to(lo * 100.0, 1), round_to(hi * 100.0, 1)), (59.7, 94.8));
//! # fn round_to(x: f64, d: i32) -> f64 { let f = 10f64.powi(d); (x * f).round() / f }
//! ```

use atlas_model::DerivedFrom;

/// The exact (Clopper–Pearson) two-sided interval for `k` successes out of `n`, as fractions.
///
/// `None` when `n` is zero or `k > n`, or when `confidence` is not strictly between 0 and 1.
pub fn clopper_pearson(k: u32, n: u32, confidence: f64) -> Option<(f64, f64)> {
    if n == 0 || k > n || !(confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    Some(cached(k, n, confidence))
}

/// Each interval takes two bisections of about 40 continued fractions, and an atlas asks for
/// the same k/n pairs again and again (a rate derived, then its reported CI checked): natively
/// they are remembered per thread. The function is pure, so the cache changes no bit; in the
/// browser, where the worker's size counts and an edit re-derives a handful, it is left out.
#[cfg(not(target_arch = "wasm32"))]
fn cached(k: u32, n: u32, confidence: f64) -> (f64, f64) {
    use std::cell::RefCell;
    use std::collections::HashMap;
    /// How many intervals a thread remembers before it starts over.
    const MAX: usize = 1 << 16;
    /// k, n and the confidence's bits → the interval.
    type Intervals = HashMap<(u32, u32, u64), (f64, f64)>;
    thread_local! {
        static CACHE: RefCell<Intervals> = RefCell::new(HashMap::new());
    }
    let key = (k, n, confidence.to_bits());
    if let Some(hit) = CACHE.with(|c| c.borrow().get(&key).copied()) {
        return hit;
    }
    let interval = clopper_pearson_uncached(k, n, confidence);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= MAX {
            c.clear();
        }
        c.insert(key, interval);
    });
    interval
}

#[cfg(target_arch = "wasm32")]
fn cached(k: u32, n: u32, confidence: f64) -> (f64, f64) {
    clopper_pearson_uncached(k, n, confidence)
}

/// [`clopper_pearson`] for valid arguments, worked out.
fn clopper_pearson_uncached(k: u32, n: u32, confidence: f64) -> (f64, f64) {
    let alpha = 1.0 - confidence;
    let (kf, nf) = (f64::from(k), f64::from(n));
    let low = if k == 0 {
        0.0
    } else {
        beta_quantile(alpha / 2.0, kf, nf - kf + 1.0)
    };
    let high = if k == n {
        1.0
    } else {
        beta_quantile(1.0 - alpha / 2.0, kf + 1.0, nf - kf)
    };
    (low, high)
}

/// The 95% Clopper–Pearson interval as percentages rounded to one decimal.
pub fn clopper_pearson_pct(k: u32, n: u32) -> Option<(f64, f64)> {
    clopper_pearson(k, n, 0.95).map(|(lo, hi)| (round_to(lo * 100.0, 1), round_to(hi * 100.0, 1)))
}

/// The whole number of responders `k` out of `n` whose percentage, rounded to `decimals`
/// places, is `pct`; `None` when no whole `k` fits (the figure belongs to another population)
/// or when two do (too coarse to tell).
pub fn responders(pct: f64, n: u32, decimals: u32) -> Option<u32> {
    if n == 0 || !pct.is_finite() || !(0.0..=100.0).contains(&pct) {
        return None;
    }
    let decimals = decimals.min(4) as i32;
    let approx = (pct / 100.0 * f64::from(n)).round();
    let mut found = None;
    // Only the neighbours of the nearest whole count can round to the same percentage.
    for k in [approx - 1.0, approx, approx + 1.0] {
        if k < 0.0 || k > f64::from(n) {
            continue;
        }
        let k = k as u32;
        if round_to(f64::from(k) * 100.0 / f64::from(n), decimals) == round_to(pct, decimals) {
            if found.is_some() {
                return None;
            }
            found = Some(k);
        }
    }
    found
}

/// Responders and the derived 95% interval (percent, one decimal) for a rate of one population.
pub fn derive_rate(pct: f64, n: u32, decimals: u32) -> Option<(DerivedFrom, f64, f64)> {
    let k = responders(pct, n, decimals)?;
    let (lo, hi) = clopper_pearson_pct(k, n)?;
    Some((DerivedFrom { k, n }, lo, hi))
}

/// Whether a reported 95% interval (percent) matches the exact interval of `k/n` within the
/// rounding of its own last digit (plus a little slack for authors who used another method).
pub fn ci_agrees(k: u32, n: u32, ci_low: f64, ci_high: f64, decimals: u32) -> bool {
    let Some((lo, hi)) = clopper_pearson(k, n, 0.95) else {
        return false;
    };
    let tol = 0.5 * 10f64.powi(-(decimals.min(4) as i32)) + 0.05;
    (lo * 100.0 - ci_low).abs() <= tol && (hi * 100.0 - ci_high).abs() <= tol
}

/// `x` rounded half away from zero to `decimals` places.
pub fn round_to(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    // The tiny nudge keeps 2.675-style binary artefacts from rounding the wrong way.
    ((x * f) + x.signum() * 1e-9).round() / f
}

/// The `p` quantile of Beta(a, b) by bisection on the regularized incomplete beta function,
/// to 1e-12 (about 40 halvings; intervals are shown to a tenth of a percent). ln B(a, b) is
/// worked out once, not at every step: an atlas derives hundreds of thousands of intervals.
fn beta_quantile(p: f64, a: f64, b: f64) -> f64 {
    let ln_beta = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b);
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while hi - lo > 1e-12 {
        let mid = 0.5 * (lo + hi);
        if reg_inc_beta_with(mid, a, b, ln_beta) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The regularized incomplete beta function I_x(a, b), given `ln_beta` = ln Γ(a + b) − ln Γ(a) − ln Γ(b).
fn reg_inc_beta_with(x: f64, a: f64, b: f64, ln_beta: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_beta + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    // The continued fraction converges fast only on this side of the mean; use symmetry otherwise.
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(x, a, b) / a
    } else {
        1.0 - front * beta_cf(1.0 - x, b, a) / b
    }
}

/// Lentz's evaluation of the continued fraction for the incomplete beta function.
fn beta_cf(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..500 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < TINY {
            d = TINY;
        }
        c = 1.0 + aa / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; accurate to about 1e-15).
fn ln_gamma(x: f64) -> f64 {
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Γ(x) = Γ(x + 1) / x keeps the approximation in its accurate range; the usual
        // reflection formula would need sin(), whose range reduction costs the viewer's wasm
        // about 5 KB for arguments (x > 0) that never need it.
        return ln_gamma(x + 1.0) - x.ln();
    }
    let x = x - 1.0;
    let mut sum = COEF[0];
    for (i, c) in COEF.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_ci(k: u32, n: u32, expected: (f64, f64)) {
        assert_eq!(clopper_pearson_pct(k, n), Some(expected), "CI of {k}/{n}");
    }

    #[test]
    fn clopper_pearson_matches_published_values() {
        // The abstract's own "cORR 81.8% (95% CI: 59.7-94.8)" is exactly 18/22.
        check_ci(18, 22, (59.7, 94.8));
        // Reference values from R's binom.test.
        check_ci(0, 10, (0.0, 30.8));
        check_ci(10, 10, (69.2, 100.0));
        check_ci(5, 10, (18.7, 81.3));
        check_ci(19, 22, (65.1, 97.1));
        check_ci(1, 100, (0.0, 5.4));
    }

    #[test]
    fn clopper_pearson_rejects_impossible_counts() {
        assert_eq!(clopper_pearson(3, 2, 0.95), None);
        assert_eq!(clopper_pearson(0, 0, 0.95), None);
        assert_eq!(clopper_pearson(1, 2, 1.0), None);
    }

    fn check_k(pct: f64, n: u32, decimals: u32, expected: Option<u32>) {
        assert_eq!(responders(pct, n, decimals), expected, "{pct}% of {n}");
    }

    #[test]
    fn responders_from_rounded_percentages() {
        check_k(86.4, 22, 1, Some(19));
        check_k(57.9, 19, 1, Some(11));
        check_k(66.7, 21, 1, Some(14));
        check_k(100.0, 22, 0, Some(22));
        // 65.2% of 22 is 14.3 patients: the figure belongs to another population.
        check_k(65.2, 22, 1, None);
        check_k(93.1, 21, 1, None);
        // Integer percentages of a large n fit several k: too coarse to tell.
        check_k(50.0, 400, 0, None);
        check_k(f64::NAN, 10, 1, None);
        check_k(120.0, 10, 1, None);
    }

    #[test]
    fn reported_intervals_are_checked_against_their_own_n() {
        assert!(ci_agrees(18, 22, 59.7, 94.8, 1));
        assert!(!ci_agrees(18, 22, 62.0, 94.8, 1));
    }

    #[test]
    fn derive_rate_reports_its_counts() {
        let (from, lo, hi) = derive_rate(81.8, 22, 1).expect("18 of 22");
        assert_eq!((from.k, from.n, lo, hi), (18, 22, 59.7, 94.8));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn interval_contains_the_point_estimate(n in 1u32..2000, k_frac in 0.0f64..=1.0) {
                let k = ((f64::from(n)) * k_frac).floor() as u32;
                let (lo, hi) = clopper_pearson(k, n, 0.95).unwrap();
                let p = f64::from(k) / f64::from(n);
                prop_assert!(lo <= p + 1e-12 && p <= hi + 1e-12 && 0.0 <= lo && hi <= 1.0);
            }

            #[test]
            fn responders_round_trip(n in 1u32..500, k_frac in 0.0f64..=1.0) {
                let k = ((f64::from(n)) * k_frac).floor() as u32;
                let pct = round_to(f64::from(k) * 100.0 / f64::from(n), 1);
                if let Some(found) = responders(pct, n, 1) {
                    prop_assert_eq!(round_to(f64::from(found) * 100.0 / f64::from(n), 1), pct);
                }
            }
        }
    }
}
