//! The synonym table (`synonyms.txt`, compiled in) and phrase lookup over tokens.
//!
//! The table is data so that an analyst can extend it without reading Rust: one equivalence
//! class per line, an optional `A => B` line for "a document naming A is also found by B".
//! Synonyms are applied when the index is built, never to the query: a document whose target
//! is `4-1BB` gets the extra terms `cd137` and `tnfrsf9`, so the query path stays a plain
//! dictionary lookup and prefix and typo matching work on synonyms for free. Each section
//! applies to one field only (`[target]` to targets, `[disease]` to indications, `[modality]`
//! to modalities), so a company called "RA Pharma" does not become "rheumatoid arthritis".

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::normalize;

/// Which field a class of synonyms applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    Target,
    Disease,
    Modality,
}

/// The parsed table.
#[derive(Debug, Default)]
pub(crate) struct Synonyms {
    /// Compact member → class id.
    class_of: HashMap<String, u32>,
    /// Per class: every compact term a document naming it is found by, its own members first,
    /// then those of every class it implies.
    expansions: Vec<Vec<String>>,
    /// Per class: the first member as written, shown as the canonical name.
    canonical: Vec<String>,
    sections: Vec<Section>,
    /// The most tokens any member has, bounding the phrase search.
    max_tokens: usize,
}

/// Why a line of the table is wrong; only tests ever see one, the shipped table is checked.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TableError {
    #[error("line {line}: unknown section {name:?}")]
    UnknownSection { line: usize, name: String },
    #[error("line {line}: entry before any [section]")]
    NoSection { line: usize },
    #[error("line {line}: {member:?} already belongs to another class")]
    Duplicate { line: usize, member: String },
    #[error("line {line}: {member:?} normalises to nothing")]
    Empty { line: usize, member: String },
    #[error("line {line}: {member:?} in an implication names no class")]
    UnknownClass { line: usize, member: String },
}

/// The table shipped with the crate.
pub(crate) static TABLE: LazyLock<Synonyms> = LazyLock::new(|| {
    Synonyms::parse(crate::SYNONYMS).expect("synonyms.txt is valid: a test checks it")
});

/// One phrase of a token sequence that names a class: tokens `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Phrase {
    pub start: usize,
    pub end: usize,
    pub class: u32,
}

impl Synonyms {
    pub(crate) fn parse(text: &str) -> Result<Synonyms, TableError> {
        let mut table = Synonyms::default();
        let mut section = None;
        let mut implications: Vec<(usize, String, String)> = Vec::new();
        for (line_idx, raw) in text.lines().enumerate() {
            let line_no = line_idx + 1;
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = Some(match name {
                    "target" => Section::Target,
                    "disease" => Section::Disease,
                    "modality" => Section::Modality,
                    _ => {
                        return Err(TableError::UnknownSection {
                            line: line_no,
                            name: name.to_owned(),
                        })
                    }
                });
                continue;
            }
            let Some(section) = section else {
                return Err(TableError::NoSection { line: line_no });
            };
            if let Some((narrow, broad)) = line.split_once("=>") {
                implications.push((line_no, narrow.trim().to_owned(), broad.trim().to_owned()));
                continue;
            }
            let class = table.canonical.len() as u32;
            let mut members = Vec::new();
            for member in line.split(" = ").map(str::trim) {
                let tokens = normalize::token_texts(member);
                let compact = tokens.concat();
                if compact.is_empty() {
                    return Err(TableError::Empty {
                        line: line_no,
                        member: member.to_owned(),
                    });
                }
                if members.contains(&compact) {
                    continue;
                }
                if table.class_of.insert(compact.clone(), class).is_some() {
                    return Err(TableError::Duplicate {
                        line: line_no,
                        member: member.to_owned(),
                    });
                }
                table.max_tokens = table.max_tokens.max(tokens.len());
                members.push(compact);
            }
            table
                .canonical
                .push(line.split(" = ").next().unwrap_or(line).trim().to_owned());
            table.sections.push(section);
            table.expansions.push(members);
        }
        // Close the implications transitively, so `mCRPC => CRPC => prostate cancer` works.
        let mut implied: Vec<Vec<u32>> = vec![Vec::new(); table.expansions.len()];
        for (line, narrow, broad) in &implications {
            let class = |member: &str| {
                table
                    .class_of
                    .get(&normalize::compact(member))
                    .copied()
                    .ok_or_else(|| TableError::UnknownClass {
                        line: *line,
                        member: member.to_owned(),
                    })
            };
            let (from, to) = (class(narrow)?, class(broad)?);
            if let Some(list) = implied.get_mut(from as usize) {
                list.push(to);
            }
        }
        let own = table.expansions.clone();
        for (class, expansion) in table.expansions.iter_mut().enumerate() {
            let mut stack = implied.get(class).cloned().unwrap_or_default();
            let mut seen = vec![class as u32];
            while let Some(next) = stack.pop() {
                if seen.contains(&next) {
                    continue;
                }
                seen.push(next);
                for member in own.get(next as usize).into_iter().flatten() {
                    if !expansion.contains(member) {
                        expansion.push(member.clone());
                    }
                }
                stack.extend(implied.get(next as usize).into_iter().flatten());
            }
        }
        Ok(table)
    }

    /// The class a compact term belongs to.
    pub(crate) fn class_of(&self, compact: &str) -> Option<u32> {
        self.class_of.get(compact).copied()
    }

    /// The compact members of `class`, sorted.
    pub(crate) fn members(&self, class: u32) -> Vec<String> {
        let mut out: Vec<String> = self
            .class_of
            .iter()
            .filter(|(_, &c)| c == class)
            .map(|(m, _)| m.clone())
            .collect();
        out.sort_unstable();
        out
    }

    /// Every compact term a document naming `class` is found by.
    pub(crate) fn expansion(&self, class: u32) -> &[String] {
        self.expansions
            .get(class as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The class's first member, as written in the table.
    pub(crate) fn canonical(&self, class: u32) -> &str {
        self.canonical
            .get(class as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    pub(crate) fn section(&self, class: u32) -> Option<Section> {
        self.sections.get(class as usize).copied()
    }

    /// The phrases of `tokens` that name a class of `section`, leftmost-longest and not
    /// overlapping: `non small cell lung cancer` is NSCLC and not also SCLC.
    pub(crate) fn phrases<S: AsRef<str>>(&self, tokens: &[S], section: Section) -> Vec<Phrase> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < tokens.len() {
            let mut joined = String::new();
            let mut best = None;
            for (offset, token) in tokens[start..].iter().take(self.max_tokens).enumerate() {
                joined.push_str(token.as_ref());
                if let Some(class) = self.class_of(&joined) {
                    if self.section(class) == Some(section) {
                        best = Some(Phrase {
                            start,
                            end: start + offset + 1,
                            class,
                        });
                    }
                }
            }
            match best {
                Some(phrase) => {
                    found.push(phrase);
                    start = phrase.end;
                }
                None => start += 1,
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_table_parses() {
        if let Err(e) = Synonyms::parse(include_str!("synonyms.txt")) {
            panic!("synonyms.txt: {e}");
        }
        assert!(TABLE.max_tokens >= 5);
    }

    fn check_expands(member: &str, expected: &[&str]) {
        let class = TABLE
            .class_of(&normalize::compact(member))
            .unwrap_or_else(|| panic!("{member:?} is in no class"));
        let expansion = TABLE.expansion(class);
        for e in expected {
            assert!(
                expansion.iter().any(|x| x == e),
                "{member:?} should expand to {e:?}, got {expansion:?}"
            );
        }
    }

    #[test]
    fn expansions() {
        check_expands("4-1BB", &["cd137", "tnfrsf9", "41bb"]);
        check_expands("HER3", &["erbb3"]);
        check_expands("IL-2Rα", &["cd25", "il2ra"]);
        check_expands("non small cell lung cancer", &["nsclc"]);
        check_expands(
            "sqNSCLC",
            &["nsclc", "nonsmallcelllungcancer", "lungcancer"],
        );
        check_expands("mCRPC", &["crpc", "prostatecancer"]);
    }

    #[test]
    fn phrases_are_leftmost_longest() {
        let tokens = normalize::token_texts("advanced non small cell lung cancer or SCLC");
        let phrases = TABLE.phrases(&tokens, Section::Disease);
        let names: Vec<&str> = phrases.iter().map(|p| TABLE.canonical(p.class)).collect();
        assert_eq!(names, ["NSCLC", "SCLC"]);
        assert!(TABLE.phrases(&tokens, Section::Target).is_empty());
    }

    #[test]
    fn rejects_bad_tables() {
        let check = |text: &str, expected: TableError| {
            assert_eq!(Synonyms::parse(text).map(|_| ()), Err(expected), "{text:?}");
        };
        check("A = B", TableError::NoSection { line: 1 });
        check(
            "[x]",
            TableError::UnknownSection {
                line: 1,
                name: "x".into(),
            },
        );
        check(
            "[target]\nA = B\nb = C",
            TableError::Duplicate {
                line: 3,
                member: "b".into(),
            },
        );
        check(
            "[target]\nA = --",
            TableError::Empty {
                line: 2,
                member: "--".into(),
            },
        );
        check(
            "[target]\nA = B\nA => Z",
            TableError::UnknownClass {
                line: 3,
                member: "Z".into(),
            },
        );
    }
}
