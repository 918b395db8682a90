//! RFC 4180 CSV writing: comma-separated fields, CRLF line ends, a field quoted (with inner
//! quotes doubled) when it holds a comma, a quote, CR or LF, or starts or ends with a space.
//!
//! Twenty lines of our own instead of the `csv` crate: we only ever write, every field is
//! already a string, and the output must be byte-for-byte predictable for the tests.

use std::borrow::Cow;

/// Builds a CSV document record by record.
#[derive(Debug, Default)]
pub struct CsvWriter {
    out: String,
}

impl CsvWriter {
    /// An empty document.
    pub fn new() -> CsvWriter {
        CsvWriter::default()
    }

    /// Append one record (a line) of fields.
    pub fn record<I, S>(&mut self, fields: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for (field_idx, f) in fields.into_iter().enumerate() {
            if field_idx > 0 {
                self.out.push(',');
            }
            self.out.push_str(&quote(f.as_ref()));
        }
        self.out.push_str("\r\n");
    }

    /// The document written so far.
    pub fn finish(self) -> String {
        self.out
    }
}

/// One field as it appears in the file.
///
/// A text field that a spreadsheet would read as a formula gets a leading `'`, the OWASP advice
/// against CSV injection: document quotes are untrusted text and analysts open these files in
/// Excel. A formula is a field that is not a plain number and starts with a tab, CR or LF, or
/// with `=`, `+`, `-`, `@` or their full-width forms `＝＋－＠` after any leading whitespace
/// (spreadsheets skip it, and convert the full-width forms).
pub fn quote(field: &str) -> Cow<'_, str> {
    let formula = (field.starts_with(['\t', '\r', '\n'])
        || field
            .trim_start()
            .starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']))
        && !is_plain_number(field);
    let field: Cow<'_, str> = if formula {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    };
    let needs_quotes =
        field.contains([',', '"', '\r', '\n']) || field.starts_with(' ') || field.ends_with(' ');
    if needs_quotes {
        Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        field
    }
}

/// `[+-]digits[.digits]`: checked by hand rather than with `str::parse::<f64>`, whose float
/// parser would add about 15 KB (gzip) to the wasm for this one test.
fn is_plain_number(field: &str) -> bool {
    let digits = field.strip_prefix(['+', '-']).unwrap_or(field);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// A number as written in the file: up to nine decimals, trailing zeros dropped, no exponent.
pub fn number(v: f64) -> String {
    crate::num::decimal(v, 9)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(fields: &[&str], expected: &str) {
        let mut w = CsvWriter::new();
        w.record(fields);
        assert_eq!(w.finish(), expected, "record {fields:?}");
    }

    #[test]
    fn quoting() {
        check(&["a", "b"], "a,b\r\n");
        check(&["", ""], ",\r\n");
        check(&["a,b"], "\"a,b\"\r\n");
        check(&["say \"hi\""], "\"say \"\"hi\"\"\"\r\n");
        check(&["two\nlines"], "\"two\nlines\"\r\n");
        check(&["cr\rhere"], "\"cr\rhere\"\r\n");
        check(&[" padded"], "\" padded\"\r\n");
        check(&["IL-2Rα", "3→1.5 mg/kg"], "IL-2Rα,3→1.5 mg/kg\r\n");
    }

    #[test]
    fn formulas_are_defused_but_numbers_are_not() {
        check(&["=HYPERLINK(\"x\")"], "\"'=HYPERLINK(\"\"x\"\")\"\r\n");
        check(&["@SUM(A1)", "+1+2"], "'@SUM(A1),'+1+2\r\n");
        check(&["-0.62", "+3", "-", "−5"], "-0.62,+3,'-,−5\r\n");
        // Bug: a leading line feed, leading spaces and full-width signs slipped through.
        check(&["\n=1+1"], "\"'\n=1+1\"\r\n");
        check(&["  =1+1"], "'  =1+1\r\n");
        check(&[" @SUM(A1)"], "' @SUM(A1)\r\n");
        check(
            &["＝1+1", "＋1", "－1", "＠A1"],
            "'＝1+1,'＋1,'－1,'＠A1\r\n",
        );
        check(&["a =1"], "a =1\r\n");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(86.4), "86.4");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(0.05), "0.05");
        assert_eq!(number(f64::NAN), "");
    }
}
