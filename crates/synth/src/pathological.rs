//! Pathological documents: the shapes that once took a build down, or could, generated at any
//! size so a test can run them small and a measurement large without committing megabytes.
//!
//! Each file stresses one thing a hostile or broken document does: brackets opened and never
//! closed (the extractor's bracket stack), a megabyte of sentences on one line (per-line
//! work), thousands of results in one paragraph (per-paragraph work and the source page's
//! segments), bytes that are not text at all (lossy decoding), and HTML nested far deeper than
//! any page (the HTML-to-text conversion). A symbolic link out of the corpus is a folder
//! operation, so the directory sink of the caller adds it.
//!
//! Deterministic: the same `bytes` writes the same files.

use std::io::{self, Write};

use crate::{Rng, Sink};

/// The documents [`write_pathological`] writes, by file name.
pub const PATHOLOGICAL_DOCUMENTS: &[&str] = &[
    "deep-brackets.txt",
    "long-line.md",
    "many-results.txt",
    "binary-junk.txt",
    "deep-html.html",
];

/// Write each of [`PATHOLOGICAL_DOCUMENTS`] at about `bytes` bytes into `sink`; returns the
/// total written.
pub fn write_pathological<S: Sink>(bytes: usize, sink: &mut S) -> io::Result<u64> {
    let mut total = 0;
    for name in PATHOLOGICAL_DOCUMENTS {
        let body = document(name, bytes);
        sink.create(name)?.write_all(&body)?;
        total += body.len() as u64;
    }
    Ok(total)
}

/// The body of pathological document `name` at about `bytes` bytes.
fn document(name: &str, bytes: usize) -> Vec<u8> {
    match name {
        "deep-brackets.txt" => deep_brackets(bytes),
        "long-line.md" => long_line(bytes),
        "many-results.txt" => many_results(bytes),
        "binary-junk.txt" => binary_junk(bytes),
        _ => deep_html(bytes),
    }
}

/// A sentence naming an asset and a result, then brackets of every kind opened and never
/// closed, then the same result again: every byte sits inside all the brackets before it.
fn deep_brackets(bytes: usize) -> Vec<u8> {
    let third = bytes / 3;
    let mut s = String::with_capacity(bytes + 64);
    s.push_str("IBI363 is a PD-1/IL-2 fusion protein. IBI363 ");
    s.push_str(&"(".repeat(third));
    s.push_str(" ORR 40%. ");
    s.push_str(&"[{(".repeat(third / 3));
    s.push_str(" In the phase 2 trial, ORR was 41.2% (n=88). ");
    s.push_str(&")".repeat(third / 2));
    s.push('\n');
    s.into_bytes()
}

/// Real-looking sentences, with trial names, results and citations, on one line.
fn long_line(bytes: usize) -> Vec<u8> {
    const SENTENCES: &[&str] = &[
        "In KEYNOTE-189, pembrolizumab plus chemotherapy gave an ORR of 47.6% (95% CI 42.6-52.5).",
        "IBI363 reached an ORR of 43.5% in 23 patients with squamous NSCLC.",
        "Median PFS was 9.3 months (HR 0.52; 95% CI 0.41-0.66) versus 4.9 months.",
        "The DCR was 76.2% and grade 3 or higher TRAEs occurred in 28% of patients.",
        "As reported previously (Smith et al., 2023), the ORR was 31%.",
    ];
    let mut s = String::with_capacity(bytes + 128);
    s.push_str("# A megabyte on one line\n\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(SENTENCES[i % SENTENCES.len()]);
        s.push(' ');
        i += 1;
    }
    s.push('\n');
    s.into_bytes()
}

/// One paragraph (hard-wrapped, no blank line) of thousands of arm results.
fn many_results(bytes: usize) -> Vec<u8> {
    let mut rng = Rng::new(7);
    let mut s = String::with_capacity(bytes + 256);
    s.push_str("IBI363 phase 2 results by cohort.\n\n");
    let mut i = 0;
    while s.len() < bytes {
        let orr = rng.tenths(5.0, 80.0);
        let n = rng.range(10, 400);
        s.push_str(&format!(
            "In cohort {i} of the phase 2 trial of IBI363, the ORR was {orr:.1}% (95% CI {:.1}-{:.1}; n={n}) and median PFS was {:.1} months.\n",
            orr / 2.0,
            (orr + 10.0).min(99.0),
            rng.tenths(1.0, 20.0),
        ));
        i += 1;
    }
    s.into_bytes()
}

/// Bytes of every value, most of them invalid UTF-8, with NULs and stray newlines.
fn binary_junk(bytes: usize) -> Vec<u8> {
    let mut rng = Rng::new(11);
    (0..bytes).map(|_| rng.next_u64() as u8).collect()
}

/// A page whose elements nest `bytes / 10` deep, with a result in the middle.
fn deep_html(bytes: usize) -> Vec<u8> {
    let depth = bytes / 10;
    let mut s = String::with_capacity(bytes + 256);
    s.push_str("<!DOCTYPE html><html><body>");
    for i in 0..depth {
        s.push_str(if i % 2 == 0 { "<div>" } else { "<b>" });
    }
    s.push_str("IBI363 reached an ORR of 43.5% (n=23).");
    for i in (0..depth).rev() {
        s.push_str(if i % 2 == 0 { "</div>" } else { "</b>" });
    }
    s.push_str("</body></html>\n");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemorySink;

    #[test]
    fn every_document_is_written_near_its_size_and_deterministically() {
        let write = || {
            let mut sink = MemorySink::default();
            write_pathological(20_000, &mut sink).unwrap();
            sink.files()
        };
        let files = write();
        assert_eq!(files.len(), PATHOLOGICAL_DOCUMENTS.len());
        for (name, body) in &files {
            assert!(
                (15_000..=30_000).contains(&body.len()),
                "{name}: {} bytes",
                body.len()
            );
        }
        assert!(std::str::from_utf8(&files["binary-junk.txt"]).is_err());
        assert_eq!(files, write());
    }
}
