//! How numbers, intervals and dates read on screen; plain functions, tested natively.

use atlas_model::ArmResult;

/// A result's value with its qualifier and unit: `86.4%`, `NR`, `< 5.2 months`, `0.62`.
pub fn value(r: &ArmResult) -> String {
    let qualifier = r.qualifier.as_deref().unwrap_or("");
    let Some(v) = r.value else {
        return if qualifier.is_empty() {
            "—".to_owned()
        } else {
            qualifier.to_owned()
        };
    };
    let number = number(v);
    let unit = match r.unit.as_deref() {
        Some("%") => "%".to_owned(),
        Some(u) if !u.is_empty() => format!(" {u}"),
        _ => String::new(),
    };
    let qualifier = match qualifier {
        "" => String::new(),
        q => format!("{q} "),
    };
    format!("{qualifier}{number}{unit}")
}

/// A number as the source would write it: no trailing `.0` noise beyond one decimal.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e12 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// `59.7–94.8`, or `None` when either bound is missing.
pub fn ci(r: &ArmResult) -> Option<String> {
    Some(format!("{}–{}", number(r.ci_low?), number(r.ci_high?)))
}

/// A date to the precision the source gives: `2025-06-04` → `4 Jun 2025`, `2025-10` → `Oct 2025`.
pub fn date(d: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = d.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| MONTHS.get(m.wrapping_sub(1)).copied())
    };
    match parts.as_slice() {
        [y] => (*y).to_owned(),
        [y, m] => match month(m) {
            Some(m) => format!("{m} {y}"),
            None => d.to_owned(),
        },
        [y, m, day] => match (month(m), day.parse::<u32>()) {
            (Some(m), Ok(day)) => format!("{day} {m} {y}"),
            _ => d.to_owned(),
        },
        _ => d.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(value: Option<f64>, unit: Option<&str>, qualifier: Option<&str>) -> ArmResult {
        ArmResult {
            endpoint: "ORR".into(),
            value,
            unit: unit.map(str::to_owned),
            qualifier: qualifier.map(str::to_owned),
            ..ArmResult::default()
        }
    }

    #[test]
    fn values() {
        assert_eq!(value(&result(Some(86.4), Some("%"), None)), "86.4%");
        assert_eq!(value(&result(Some(100.0), Some("%"), None)), "100%");
        assert_eq!(
            value(&result(Some(5.8), Some("months"), None)),
            "5.8 months"
        );
        assert_eq!(value(&result(None, Some("months"), Some("NR"))), "NR");
        assert_eq!(value(&result(Some(0.62), None, Some("<"))), "< 0.62");
        assert_eq!(value(&result(None, None, None)), "—");
    }

    #[test]
    fn intervals() {
        let mut r = result(Some(81.8), Some("%"), None);
        assert_eq!(ci(&r), None);
        r.ci_low = Some(59.7);
        r.ci_high = Some(94.8);
        assert_eq!(ci(&r).as_deref(), Some("59.7–94.8"));
    }

    #[test]
    fn dates() {
        assert_eq!(date("2025-06-04"), "4 Jun 2025");
        assert_eq!(date("2025-10"), "Oct 2025");
        assert_eq!(date("2025"), "2025");
        assert_eq!(date("2025-13"), "2025-13");
    }
}
