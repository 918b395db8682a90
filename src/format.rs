//! How numbers, intervals and dates read on screen; plain functions, tested natively.

use atlas_model::{ArmResult, Trial};

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
    atlas_view::num::decimal(v, 3)
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

/// A trial's heading: its name, else its registry id, else a description built from its phase,
/// setting and population ("Phase 1 study · first-line · metastatic NSCLC"), never a raw id.
pub fn trial_title(trial: &Trial) -> String {
    if let Some(name) = trial.name.as_ref().or(trial.registry_ids.first()) {
        return name.clone();
    }
    let study = match &trial.phase {
        Some(phase) => format!("{phase} study"),
        None => "Study".to_owned(),
    };
    [Some(study), trial.setting.clone(), trial.population.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trial_titles() {
        let mut t = Trial {
            id: "ibi363-phase-1-000".into(),
            phase: Some("Phase 1".into()),
            setting: Some("first-line".into()),
            population: Some("metastatic NSCLC".into()),
            ..Trial::default()
        };
        assert_eq!(
            trial_title(&t),
            "Phase 1 study · first-line · metastatic NSCLC"
        );
        t.registry_ids = vec!["NCT05844150".into()];
        assert_eq!(trial_title(&t), "NCT05844150");
        t.name = Some("HARMONi-2".into());
        assert_eq!(trial_title(&t), "HARMONi-2");
        assert_eq!(trial_title(&Trial::default()), "Study");
    }

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
