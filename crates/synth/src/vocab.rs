//! The real vocabulary the corpus draws from: target classes and diseases with their
//! synonyms, read from the search crate's synonym table, so generated documents, queries and
//! the engine that answers them speak the same language.

/// One equivalence class: `members[0]` is the name documents use, the rest are synonyms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    pub members: Vec<String>,
}

impl Class {
    /// The name documents use.
    pub fn name(&self) -> &str {
        &self.members[0]
    }
}

/// Targets and diseases of `atlas_search::SYNONYMS`, with the disease implications.
#[derive(Clone, Debug)]
pub struct Vocab {
    pub targets: Vec<Class>,
    pub diseases: Vec<Class>,
    /// `(narrow, broad)`: a document naming `narrow` is found by `broad` (`sqNSCLC`, `NSCLC`).
    pub implies: Vec<(String, String)>,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab::new()
    }
}

impl Vocab {
    /// Parse the search crate's table. Only its `[target]` and `[disease]` sections are used.
    pub fn new() -> Vocab {
        Vocab::parse(atlas_search::SYNONYMS)
    }

    fn parse(table: &str) -> Vocab {
        let mut vocab = Vocab {
            targets: Vec::new(),
            diseases: Vec::new(),
            implies: Vec::new(),
        };
        let mut section = "";
        for line in table.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = match name {
                    "target" => "target",
                    "disease" => "disease",
                    _ => "",
                };
                continue;
            }
            if let Some((narrow, broad)) = line.split_once("=>") {
                if section == "disease" {
                    vocab
                        .implies
                        .push((narrow.trim().to_owned(), broad.trim().to_owned()));
                }
                continue;
            }
            let members: Vec<String> = line.split(" = ").map(|m| m.trim().to_owned()).collect();
            let class = Class { members };
            match section {
                "target" => vocab.targets.push(class),
                "disease" => vocab.diseases.push(class),
                _ => {}
            }
        }
        vocab
    }

    /// The target class a name belongs to (compared after [`key`]).
    pub fn target_class(&self, name: &str) -> Option<&Class> {
        let k = key(name);
        self.targets
            .iter()
            .find(|c| c.members.iter().any(|m| key(m) == k))
    }

    /// `indication` and every broader disease it implies, transitively.
    pub fn broader(&self, indication: &str) -> Vec<String> {
        let mut out = vec![indication.to_owned()];
        let mut at = 0;
        while let Some(name) = out.get(at).cloned() {
            for (narrow, broad) in &self.implies {
                if *narrow == name && !out.contains(broad) {
                    out.push(broad.clone());
                }
            }
            at += 1;
        }
        out
    }

    /// A correct engine finds an asset indicated for `indication` by `query`: the query names
    /// it, a broader disease, or words contained in one of those (`melanoma` in
    /// `uveal melanoma`).
    pub fn indication_matches(&self, indication: &str, query: &str) -> bool {
        let words = |s: &str| format!(" {} ", s.to_lowercase());
        self.broader(indication)
            .iter()
            .any(|b| words(b).contains(&words(query)))
    }
}

/// The comparison key of a name: lower case, letters and digits only (`PD-1`, `pd 1`, `PD1`
/// are one key). Greek letters are kept as they are.
pub fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_about_200_targets_and_the_diseases() {
        let v = Vocab::new();
        assert!(
            (180..=230).contains(&v.targets.len()),
            "{}",
            v.targets.len()
        );
        assert!(v.diseases.len() > 80);
        assert_eq!(v.target_class("cd137").map(Class::name), Some("4-1BB"));
        assert_eq!(v.target_class("IL2RA").map(Class::name), Some("IL-2Rα"));
    }

    #[test]
    fn broader_diseases_follow_implications() {
        let v = Vocab::new();
        assert_eq!(v.broader("sqNSCLC"), ["sqNSCLC", "NSCLC", "lung cancer"]);
        assert!(v.indication_matches("uveal melanoma", "melanoma"));
        assert!(!v.indication_matches("NSCLC", "SCLC"));
    }
}
