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
    // Only words that qualify the endpoint itself may come before it ("12-month OS rate",
    // "Grade ≥3 TRAEs"); "Ocular adverse events" names an event of its own.
    const QUALIFIERS: &[&str] = &[
        "median",
        "grade",
        "any",
        "all",
        "overall",
        "confirmed",
        "month",
        "months",
        "year",
        "years",
        "week",
        "weeks",
        "landmark",
        "or",
        "higher",
        "serious",
    ];
    let prefix = cell.get(..whole.start()).unwrap_or("").to_lowercase();
    let qualifying = prefix
        .split(|ch: char| !ch.is_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| QUALIFIERS.contains(&w));
    if whole.start() > 12 || !qualifying {
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
        // "PFS rate, 12 months | 88.1%": a survival family's percentage is its landmark rate.
        Family::Scale | Family::Outcome(_) | Family::Pfs | Family::Os
            if c.name("pct").is_some() =>
        {
            Some("%".to_owned())
        }
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

/// A table row: its unit and its cells (with their offsets in the row).
type Row<'a> = (&'a Unit, Vec<(usize, String)>);

/// What a table's header row says about its layout.
struct Header<'a> {
    cells: &'a [(usize, String)],
    lower: Vec<String>,
    ev: Evidence,
    grade_columns: bool,
    endpoints: usize,
}

/// A table's header, its body rows and the trial's arm definitions.
struct Table<'a> {
    defs: &'a [ArmDef],
    header: Header<'a>,
    body: &'a [Row<'a>],
}

/// One value read from a table cell: the arm and endpoint it belongs to, and where it is.
struct CellResult<'a> {
    arm_label: &'a str,
    arm_n: Option<u32>,
    endpoint: String,
    v: ValueMention,
    ci: Option<(f64, f64)>,
    row: &'a Unit,
    cell_pos: usize,
    /// The rule that read the cell.
    rule: &'static str,
}

/// How a column of an endpoints-by-arms table reads: family, grade ≥3, arm label and size.
type ColumnRead = (Family, bool, String, Option<u32>);

/// Read a results table (arms by endpoints, or endpoints by arms) into the trial's arms.
pub(super) fn read_table(ctx: &mut Ctx, rows: &[Unit], defs: &[ArmDef], trial: &mut TrialB) {
    let above = rows.first().and_then(|u| header_above(ctx.text(), u));
    let mut parsed: Vec<Row> = Vec::new();
    if let Some((unit, cells)) = &above {
        parsed.push((unit, cells.clone()));
    }
    parsed.extend(
        rows.iter()
            .map(|u| (u, cells(ctx.unit_text(u))))
            .filter(|(_, c)| !is_separator(c) && c.len() >= 2),
    );
    align_header(ctx.text(), &mut parsed);
    let Some((header_unit, header)) = parsed.first() else {
        return;
    };
    // A header of figures is a data row: the table's real header was not found, and its
    // columns cannot be told apart.
    let figure = |c: &String| c.trim_end_matches('%').trim().parse::<f64>().is_ok();
    if header.iter().skip(1).any(|(_, c)| figure(c)) {
        return;
    }
    let table = Table {
        defs,
        header: read_header(ctx, header_unit, header),
        body: &parsed[1..],
    };
    if table.header.endpoints >= 1 && !table.header.grade_columns {
        table.read_arm_rows(ctx, trial);
    } else {
        table.read_endpoint_rows(ctx, trial);
    }
}

/// Column headings on the lines right above a table's first row, too sparse to read as rows
/// themselves ("            Drug + chemo   Placebo + chemo" then "            (n = 231)   (n =
/// 229)"): one header unit, the second line's cells appended to the first's.
fn header_above(text: &str, first: &Unit) -> Option<(Unit, Vec<(usize, String)>)> {
    let line_start = text.get(..first.start)?.rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(..line_start.checked_sub(1)?)?;
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut end = before.len();
    // A header over the value columns only, its label cell left empty ("\t400 mg\t600 mg"
    // over "ORR, %\t23.5\t30.6"), may be indented by a single tab.
    let row_cells = text
        .get(line_start..)
        .and_then(|t| t.split('\n').next())
        .map_or(0, |l| cells(l).len());
    let mut label_cell_missing = false;
    for _ in 0..2 {
        let start = before.get(..end)?.rfind('\n').map_or(0, |i| i + 1);
        let line = before.get(start..end)?;
        let indent = line.len() - line.trim_start().len();
        let over_values = indent >= 2 && cells(line).len() + 1 == row_cells && row_cells >= 3;
        label_cell_missing |= over_values && lines.is_empty();
        if line.trim().is_empty() || (indent < 8 && !over_values) || line.trim().ends_with('.') {
            break;
        }
        lines.push((start, line));
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    lines.reverse();
    let (start, head) = *lines.first()?;
    let mut heads = cells(head);
    if let Some((_, sizes)) = lines.get(1) {
        let sizes = cells(sizes);
        if sizes.len() == heads.len() && sizes.iter().all(|(_, c)| N_RE.is_match(c)) {
            for (h, (_, n)) in heads.iter_mut().zip(sizes) {
                h.1 = format!("{} {n}", h.1);
            }
        }
    }
    if heads.is_empty() || heads.iter().any(|(_, c)| c.parse::<f64>().is_ok()) {
        return None;
    }
    let lead = head.len() - head.trim_start().len();
    let unit = Unit {
        start: start + lead,
        end: start + head.trim_end().len(),
        line: first.line.saturating_sub(1),
        kind: UnitKind::Row,
    };
    let mut heads: Vec<(usize, String)> = heads
        .into_iter()
        .map(|(p, c)| (p.saturating_sub(lead), c))
        .collect();
    if label_cell_missing {
        heads.insert(0, (0, String::new()));
    }
    Some((unit, heads))
}

/// A header with no cell over the row labels ("            Placebo   25 mg QD …" above
/// "PASI-75, %   7.9   46.2 …") gets an empty first cell, so its columns line up with the
/// rows' values.
fn align_header(text: &str, parsed: &mut [Row]) {
    // A cell's column on its line (units are trimmed, so offsets within them are not).
    let indent = |u: &Unit| {
        let line_start = text
            .get(..u.start)
            .and_then(|h| h.rfind('\n'))
            .map_or(0, |i| i + 1);
        u.start - line_start
    };
    let Some(((header_unit, header), body)) = parsed.split_first_mut() else {
        return;
    };
    let widths: Vec<usize> = body.iter().map(|(_, c)| c.len()).collect();
    let Some(&common) = widths
        .iter()
        .max_by_key(|w| widths.iter().filter(|x| x == w).count())
    else {
        return;
    };
    // Over the full rows only: an indented row of sizes ("n=42   n=31   n=28") has no label.
    let label_end = body
        .iter()
        .filter(|(_, c)| c.len() == common)
        .filter_map(|(u, c)| c.first().map(|(p, t)| indent(u) + p + t.len()))
        .max()
        .unwrap_or(0);
    let indented = header
        .first()
        .is_some_and(|(p, _)| indent(header_unit) + p >= label_end);
    if header.len() + 1 == common && indented {
        header.insert(0, (0, String::new()));
    }
}

/// The header row's evidence, lower-cased cells, grade columns and endpoint-column count.
fn read_header<'a>(ctx: &Ctx, unit: &Unit, cells: &'a [(usize, String)]) -> Header<'a> {
    let lower: Vec<String> = cells.iter().map(|(_, c)| c.to_lowercase()).collect();
    let grade_columns = lower.iter().skip(1).any(|c| {
        c.contains("any grade")
            || c.contains("all grade")
            || c.contains("grade ≥3")
            || c.contains("grade 3")
            || c.contains("grade >=3")
    });
    let endpoints = cells
        .iter()
        .skip(1)
        .filter(|(_, c)| cell_endpoint(c).is_some())
        .count();
    Header {
        cells,
        lower,
        ev: ctx.unit_evidence(unit),
        grade_columns,
        endpoints,
    }
}

/// The arm definition a table's arm label names, else a key and label made from the label.
fn table_arm(defs: &[ArmDef], arm_label: &str) -> Option<(String, String)> {
    if let Some(dose) = dose_column(defs, arm_label) {
        return dose;
    }
    let lower = arm_label.to_lowercase();
    if let Some(d) = defs
        .iter()
        .find(|d| dose_key(arm_label).contains(&d.key) || lower.contains(&d.key))
    {
        return Some((d.key.clone(), d.label.clone()));
    }
    // A column headed by what the arm is called in prose ("Chemotherapy" for the
    // investigator's-choice arm, the drug's name for its own arm).
    let named = |d: &&ArmDef| {
        d.role != Role::Cohort
            && d.cues
                .iter()
                .any(|c| word_matches(&lower, c).next().is_some())
    };
    let roles: Vec<&ArmDef> = defs.iter().filter(named).collect();
    if let [d] = roles.as_slice() {
        return Some((d.key.clone(), d.label.clone()));
    }
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
    Some((
        if clean == "All patients" {
            "all".to_owned()
        } else {
            slug(&clean)
        },
        clean,
    ))
}

/// Whether a row's first cell labels the arm sizes ("N", "Patients, n").
fn is_size_row(cs: &[(usize, String)]) -> bool {
    cs.first().is_some_and(|(_, c)| {
        let l = c.to_lowercase();
        l == "n"
            || l.starts_with("patients, n")
            || l == "no. of patients"
            || l == "number of patients"
    })
}

/// The unit a row label states for its cells: "PASI-75, %", "ORR (%)", "Median DOR, weeks".
fn row_unit(label: &str) -> Option<&'static str> {
    let l = label.trim().to_lowercase();
    let tail = l
        .rsplit([',', '('])
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches(')');
    match tail {
        "%" => Some("%"),
        "months" | "mo" => Some("months"),
        "weeks" | "wk" | "wks" => Some("weeks"),
        _ => None,
    }
}

/// A row label without the unit it states.
fn strip_row_unit(label: &str) -> String {
    match row_unit(label) {
        Some(_) => label
            .trim()
            .rsplit_once([',', '('])
            .map_or(label, |(head, _)| head)
            .trim()
            .to_owned(),
        None => label.to_owned(),
    }
}

/// The adverse-event code of a row term: "AE:term", or "AE:term:G3" for grade ≥3.
fn ae_code(term: &str, g3: bool) -> String {
    let term = term.to_lowercase();
    if g3 {
        format!("AE:{term}:G3")
    } else {
        format!("AE:{term}")
    }
}

impl Table<'_> {
    /// Put one cell's value as a result of its arm, and mark its numbers used.
    fn put(&self, ctx: &mut Ctx, trial: &mut TrialB, cell: CellResult) {
        let Some(key) = table_arm(self.defs, cell.arm_label) else {
            return;
        };
        let ev = ctx.unit_evidence(cell.row);
        let arm = trial.arm(&key.0, &key.1);
        if arm.n.is_none() {
            arm.n = cell.arm_n;
        }
        let header_ev = &self.header.ev;
        if arm.evidence.len() < 6 && !arm.evidence.contains(header_ev) {
            arm.evidence.push(header_ev.clone());
        }
        let v = cell.v;
        let mut r = ArmResult {
            endpoint: cell.endpoint,
            value: v.value,
            qualifier: v.qualifier.clone(),
            unit: v.unit.clone(),
            evidence: vec![ev],
            rule: Some(cell.rule.to_owned()),
            ..ArmResult::default()
        };
        if let Some((lo, hi)) = cell.ci {
            r.ci_low = Some(lo);
            r.ci_high = Some(hi);
            r.ci_source = Some("reported".to_owned());
        }
        // A figure the prose already gave this arm ("Median PFS was 8.9 months" above the
        // table's "Median PFS  8.9") is one result.
        let dup = arm
            .results
            .iter()
            .any(|o| o.endpoint == r.endpoint && o.subgroup == r.subgroup && o.value == r.value);
        let abs = cell.row.start + cell.cell_pos;
        ctx.mark_used(abs + v.num_start, abs + v.num_end.max(v.num_start));
        if cell.ci.is_some() {
            ctx.mark_used(abs, abs + v.num_end + 24);
        }
        if !dup {
            arm.results.push(r);
        }
    }

    /// Rows are arms, columns endpoints.
    fn read_arm_rows(&self, ctx: &mut Ctx, trial: &mut TrialB) {
        let n_col = self.header.lower.iter().position(|c| {
            c == "n" || c == "n (patients)" || c == "patients" || c == "no. of patients"
        });
        for (row, cs) in self.body {
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
            for (ci_, (_, h)) in self.header.cells.iter().enumerate().skip(1) {
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
                let put = CellResult {
                    arm_label: label,
                    arm_n: n,
                    endpoint: code,
                    v,
                    ci,
                    row,
                    cell_pos: *pos,
                    rule: "table.arm_rows",
                };
                self.put(ctx, trial, put);
            }
        }
    }

    /// Whether the table lists adverse events (by its grade columns or its first header cell).
    fn is_ae_table(&self) -> bool {
        self.header.grade_columns
            || self.header.lower.first().is_some_and(|h| {
                h.contains("adverse")
                    || h.contains("event")
                    || h.contains("ae")
                    || h.contains("toxicit")
            })
    }

    /// The arm sizes of the "N" row, by column after the first (empty without such a row).
    fn row_sizes(&self) -> Vec<Option<u32>> {
        match self.body.iter().find(|(_, cs)| is_size_row(cs)) {
            Some((_, cs)) => cs
                .iter()
                .skip(1)
                .map(|(_, c)| c.trim().parse().ok())
                .collect(),
            None => Vec::new(),
        }
    }

    /// Rows are endpoints (or adverse-event terms), columns arms (or grades of one arm).
    fn read_endpoint_rows(&self, ctx: &mut Ctx, trial: &mut TrialB) {
        let arm_cols: Vec<(String, Option<u32>)> = self
            .header
            .cells
            .iter()
            .skip(1)
            .map(|(_, h)| (h.clone(), n_in(h)))
            .collect();
        let row_ns = self.row_sizes();
        let ae_table = self.is_ae_table();
        for (row, cs) in self.body {
            let Some((_, first)) = cs.first() else {
                continue;
            };
            let ep = cell_endpoint(first).or_else(|| outcome_row(first));
            // The unit a row label states ("PASI-75, %") and the label without it, once per row.
            let unit = row_unit(first);
            let first = &strip_row_unit(first);
            for (k, (pos, cell)) in cs.iter().enumerate().skip(1) {
                let Some((h, hn)) = arm_cols.get(k - 1) else {
                    continue;
                };
                let row_n = row_ns.get(k - 1).copied().flatten();
                let Some((family, g3, label, n)) = self.column_read(ep, ae_table, h, hn.or(row_n))
                else {
                    continue;
                };
                let Some((mut v, ci)) = cell_value(cell, family) else {
                    continue;
                };
                if let Some(unit) = unit {
                    v.unit = Some(unit.to_owned());
                }
                let code = if ep.is_none() {
                    ae_code(first, g3)
                } else if matches!(family, Family::Scale | Family::Outcome(_)) {
                    let Some(code) = table_outcome_code(first, family, &v) else {
                        continue;
                    };
                    code
                } else {
                    let Some(code) = resolve_family(family, g3, &v, cell, &[]) else {
                        continue;
                    };
                    code
                };
                let put = CellResult {
                    arm_label: &label,
                    arm_n: n,
                    endpoint: code,
                    v,
                    ci,
                    row,
                    cell_pos: *pos,
                    rule: "table.endpoint_rows",
                };
                self.put(ctx, trial, put);
            }
        }
    }

    /// How a column reads for a row with endpoint `ep` under column header `h` (None: skip it).
    fn column_read(
        &self,
        ep: Option<(Family, bool)>,
        ae_table: bool,
        h: &str,
        n: Option<u32>,
    ) -> Option<ColumnRead> {
        if self.header.grade_columns {
            let g3 = h.contains('3');
            return Some(match ep {
                Some((f, eg3)) => (f, g3 || eg3, "All patients".to_owned(), None),
                None => (Family::Ae("AE"), g3, "All patients".to_owned(), None),
            });
        }
        match ep {
            Some((f, g3)) => Some((f, g3, h.to_owned(), n)),
            None if ae_table => Some((Family::Ae("AE"), false, h.to_owned(), n)),
            None => None,
        }
    }
}
