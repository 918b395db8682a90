#![allow(unused_imports)]
use super::*;

pub(super) fn cells(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    if line.contains('|') {
        let mut pos = 0;
        for part in line.split('|') {
            let lead = part.len() - part.trim_start().len();
            out.push((pos + lead, part.trim().to_owned()));
            pos += part.len() + 1;
        }
        // Leading and trailing pipes make empty edge cells.
        if out.first().is_some_and(|c| c.1.is_empty()) {
            out.remove(0);
        }
        if out.last().is_some_and(|c| c.1.is_empty()) {
            out.pop();
        }
    } else {
        static GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" {2,}|\t").expect("valid"));
        let mut pos = 0;
        for m in GAP.find_iter(line) {
            let cell = &line[pos..m.start()];
            if !cell.trim().is_empty() {
                out.push((pos, cell.trim().to_owned()));
            }
            pos = m.end();
        }
        if let Some(rest) = line.get(pos..) {
            if !rest.trim().is_empty() {
                out.push((pos, rest.trim().to_owned()));
            }
        }
    }
    out
}

pub(super) fn is_separator(cells: &[(usize, String)]) -> bool {
    cells.iter().all(|(_, c)| {
        c.chars()
            .all(|ch| matches!(ch, '-' | ':' | '=' | ' ' | '+'))
    })
}

/// A cell's endpoint family (whole-cell match of the endpoint vocabulary).
pub(super) fn cell_endpoint(cell: &str) -> Option<(Family, bool)> {
    let c = ENDPOINT_RE.captures(cell)?;
    let whole = c.get(0)?;
    if whole.start() > 12 {
        return None;
    }
    let family = GROUPS
        .iter()
        .find(|(g, _)| c.name(g).is_some())
        .map(|(_, f)| *f)?;
    let g3 = c.name("g3pre").is_some()
        || c.name("g3post").is_some()
        || cell.contains('≥') && cell.contains('3');
    Some((family, g3))
}

/// A cell's value: "86.4% (59.7-94.8)", "19 (86.4)", "7.2 (5.1-NR)", "NR".
pub(super) fn cell_value(cell: &str, family: Family) -> Option<(ValueMention, Option<(f64, f64)>)> {
    static CELL_RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?P<qual>[<>≤≥])?\s*(?P<a>\d+(?:\.\d+)?)\s*(?P<pct>%)?\s*(?:\(\s*(?P<b>\d+(?:\.\d+)?|NR|NE)\s*(?P<bpct>%)?\s*(?:(?:-|to|,)\s*(?P<c>\d+(?:\.\d+)?|NR|NE)\s*%?)?\s*\))?|^(?P<nr>NR|Not reached|not reached)")
            .expect("valid")
    });
    let c = CELL_RE.captures(cell.trim())?;
    let is_rate = matches!(family, Family::Rate(_) | Family::Ae(_));
    let default_unit = match family {
        Family::Rate(_) | Family::Ae(_) => Some("%".to_owned()),
        Family::Median(_) => Some("months".to_owned()),
        _ => None,
    };
    if c.name("nr").is_some() {
        let v = ValueMention {
            start: 0,
            end: 0,
            num_start: 0,
            num_end: 0,
            value: None,
            qualifier: Some("NR".into()),
            unit: default_unit,
            ..ValueMention::default()
        };
        return Some((v, None));
    }
    let a = c.name("a")?;
    let mk = |m: regex::Match, unit: Option<String>| ValueMention {
        start: m.start(),
        end: m.end(),
        num_start: m.start(),
        num_end: m.end(),
        value: parse_num(m.as_str()),
        qualifier: c.name("qual").map(|q| q.as_str().to_owned()),
        unit,
        ..ValueMention::default()
    };
    match (c.name("b"), c.name("c")) {
        // "19 (86.4)" or "19 (86.4%)": responders and their percentage.
        (Some(b), None)
            if is_rate
                && !a.as_str().contains('.')
                && c.name("pct").is_none()
                && parse_num(b.as_str()).is_some() =>
        {
            Some((mk(b, default_unit), None))
        }
        (Some(b), Some(cc)) => {
            let ci = match (parse_num(b.as_str()), parse_num(cc.as_str())) {
                (Some(lo), Some(hi)) => Some((lo, hi)),
                _ => None,
            };
            Some((mk(a, default_unit), ci))
        }
        _ => Some((mk(a, default_unit), None)),
    }
}

pub(super) fn n_in(cell: &str) -> Option<u32> {
    N_RE.captures(cell)
        .and_then(|c| c.name("n"))
        .and_then(|n| n.as_str().parse().ok())
}

pub(super) fn read_table(ctx: &mut Ctx, rows: &[Unit], defs: &[ArmDef], trial: &mut TrialB) {
    let parsed: Vec<(&Unit, Vec<(usize, String)>)> = rows
        .iter()
        .map(|u| (u, cells(ctx.unit_text(u))))
        .filter(|(_, c)| !is_separator(c) && c.len() >= 2)
        .collect();
    let Some((header_unit, header)) = parsed.first() else {
        return;
    };
    let header_ev = ctx.unit_evidence(header_unit);
    let header_lower: Vec<String> = header.iter().map(|(_, c)| c.to_lowercase()).collect();
    let grade_columns = header_lower.iter().skip(1).any(|c| {
        c.contains("any grade")
            || c.contains("all grade")
            || c.contains("grade ≥3")
            || c.contains("grade 3")
            || c.contains("grade >=3")
    });
    let header_eps = header
        .iter()
        .skip(1)
        .filter(|(_, c)| cell_endpoint(c).is_some())
        .count();
    let body = &parsed[1..];
    let put = |ctx: &mut Ctx,
               trial: &mut TrialB,
               arm_label: &str,
               arm_n: Option<u32>,
               endpoint: String,
               v: ValueMention,
               ci: Option<(f64, f64)>,
               row: &Unit,
               cell_pos: usize| {
        let key = defs
            .iter()
            .find(|d| {
                dose_key(arm_label).contains(&d.key) || arm_label.to_lowercase().contains(&d.key)
            })
            .map(|d| (d.key.clone(), d.label.clone()))
            .unwrap_or_else(|| {
                let clean = N_RE
                    .replace_all(arm_label, "")
                    .trim()
                    .trim_end_matches(['(', ','])
                    .trim()
                    .to_owned();
                let clean = if clean.is_empty() {
                    "All patients".to_owned()
                } else {
                    clean
                };
                (
                    if clean == "All patients" {
                        "all".to_owned()
                    } else {
                        slug(&clean)
                    },
                    clean,
                )
            });
        let ev = ctx.unit_evidence(row);
        let arm = trial.arm(&key.0, &key.1);
        if arm.n.is_none() {
            arm.n = arm_n;
        }
        if arm.evidence.len() < 6 && !arm.evidence.contains(&header_ev) {
            arm.evidence.push(header_ev.clone());
        }
        let mut r = ArmResult {
            endpoint,
            value: v.value,
            qualifier: v.qualifier.clone(),
            unit: v.unit.clone(),
            evidence: vec![ev],
            ..ArmResult::default()
        };
        if let Some((lo, hi)) = ci {
            r.ci_low = Some(lo);
            r.ci_high = Some(hi);
            r.ci_source = Some("reported".to_owned());
        }
        let abs = row.start + cell_pos;
        ctx.mark_used(abs + v.num_start, abs + v.num_end.max(v.num_start));
        if ci.is_some() {
            ctx.mark_used(abs, abs + v.num_end + 24);
        }
        arm.results.push(r);
    };
    if header_eps >= 1 && !grade_columns {
        // Rows are arms, columns endpoints.
        let n_col = header_lower.iter().position(|c| {
            c == "n" || c == "n (patients)" || c == "patients" || c == "no. of patients"
        });
        for (row, cs) in body {
            let Some((_, label)) = cs.first() else {
                continue;
            };
            let n = n_col
                .and_then(|i| cs.get(i))
                .and_then(|(_, c)| c.parse().ok())
                .or_else(|| n_in(label));
            // The arm's label and size cells are used by the arm.
            for (pos, cell) in cs.iter().take(1).chain(n_col.and_then(|i| cs.get(i))) {
                ctx.mark_used(row.start + pos, row.start + pos + cell.len());
            }
            for (ci_, (_, h)) in header.iter().enumerate().skip(1) {
                let Some((family, g3)) = cell_endpoint(h) else {
                    continue;
                };
                let Some((pos, cell)) = cs.get(ci_) else {
                    continue;
                };
                let Some((v, ci)) = cell_value(cell, family) else {
                    continue;
                };
                let Some(code) = resolve_family(family, g3, &v, cell, &[]) else {
                    continue;
                };
                put(ctx, trial, label, n, code, v, ci, row, *pos);
            }
        }
    } else {
        // Rows are endpoints (or adverse-event terms), columns arms (or grades of one arm).
        let arm_cols: Vec<(String, Option<u32>)> = header
            .iter()
            .skip(1)
            .map(|(_, h)| (h.clone(), n_in(h)))
            .collect();
        let n_row = body.iter().find(|(_, cs)| {
            cs.first().is_some_and(|(_, c)| {
                let l = c.to_lowercase();
                l == "n"
                    || l.starts_with("patients, n")
                    || l == "no. of patients"
                    || l == "number of patients"
            })
        });
        let row_ns: Vec<Option<u32>> = match n_row {
            Some((_, cs)) => cs
                .iter()
                .skip(1)
                .map(|(_, c)| c.trim().parse().ok())
                .collect(),
            None => Vec::new(),
        };
        let ae_table = grade_columns
            || header_lower.first().is_some_and(|h| {
                h.contains("adverse")
                    || h.contains("event")
                    || h.contains("ae")
                    || h.contains("toxicit")
            });
        for (row, cs) in body {
            let Some((_, first)) = cs.first() else {
                continue;
            };
            let ep = cell_endpoint(first);
            for (k, (pos, cell)) in cs.iter().enumerate().skip(1) {
                let Some((h, hn)) = arm_cols.get(k - 1) else {
                    continue;
                };
                let (family, g3, label, n) = if grade_columns {
                    let g3 = h.contains('3');
                    match ep {
                        Some((f, eg3)) => (f, g3 || eg3, "All patients".to_owned(), None),
                        None => (Family::Ae("AE"), g3, "All patients".to_owned(), None),
                    }
                } else {
                    match ep {
                        Some((f, g3)) => (
                            f,
                            g3,
                            h.clone(),
                            hn.or(row_ns.get(k - 1).copied().flatten()),
                        ),
                        None if ae_table => (
                            Family::Ae("AE"),
                            false,
                            h.clone(),
                            hn.or(row_ns.get(k - 1).copied().flatten()),
                        ),
                        None => continue,
                    }
                };
                let Some((v, ci)) = cell_value(cell, family) else {
                    continue;
                };
                let code = if ep.is_none() {
                    let term = first.to_lowercase();
                    if g3 {
                        format!("AE:{term}:G3")
                    } else {
                        format!("AE:{term}")
                    }
                } else {
                    let Some(code) = resolve_family(family, g3, &v, cell, &[]) else {
                        continue;
                    };
                    code
                };
                put(ctx, trial, &label, n, code, v, ci, row, *pos);
            }
        }
    }
}
