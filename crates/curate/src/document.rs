//! What a document brought into the browser must be before it is extracted: text, not empty,
//! within the build's size cap, and in the Latin script the extractor's rules read. Each
//! refusal names the document and says what to do, for the page to show as it is.

/// The largest document, in bytes: the build's own cap (`atlas_extract::MAX_DOCUMENT_BYTES`),
/// repeated here because the viewer app does not link the extractor; a test of the engine
/// checks the two agree.
pub const MAX_DOCUMENT_BYTES: u64 = 20 * 1024 * 1024;

/// Why a document cannot be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    /// More bytes than [`MAX_DOCUMENT_BYTES`].
    #[error("{name}: {bytes} bytes is over the {} MB document limit; split it into smaller documents", MAX_DOCUMENT_BYTES / (1024 * 1024))]
    TooLarge { name: String, bytes: u64 },
    /// Not UTF-8 text, or holds NUL bytes (an image, a PDF, a word-processor file).
    #[error("{name}: not a text document (binary data); save it as .txt, .md or .html first")]
    Binary { name: String },
    /// Nothing but white space.
    #[error("{name}: the document is empty")]
    Empty { name: String },
    /// Most letters are outside the Latin script.
    #[error("{name}: the text is mostly in another script than Latin; the extractor reads English documents")]
    OtherScript { name: String },
}

/// The text of a document, or why it cannot be added. A UTF-8 byte-order mark is removed, as
/// the build does.
pub fn check_document(name: &str, bytes: &[u8]) -> Result<String, DocumentError> {
    let name = name.to_owned();
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge {
            name,
            bytes: bytes.len() as u64,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(DocumentError::Binary { name });
    };
    if text.contains('\0') {
        return Err(DocumentError::Binary { name });
    }
    if text.trim().is_empty() {
        return Err(DocumentError::Empty { name });
    }
    let (mut latin, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        // Latin letters live below U+0250 (Basic Latin to Latin Extended-B) and in Latin
        // Extended Additional; Greek letters as symbols (α, β) are too few to tip the balance.
        if (c as u32) < 0x250 || ('\u{1E00}'..='\u{1EFF}').contains(&c) {
            latin += 1;
        } else {
            other += 1;
        }
    }
    if other > latin {
        return Err(DocumentError::OtherScript { name });
    }
    Ok(text.to_owned())
}

/// A document id (file stem) for a new document: the slug of its title or file stem, prefixed
/// `local-`, made unique against `taken` with `-2`, `-3`, ….
pub fn new_document_id(title_or_file: &str, taken: &[&str]) -> String {
    let stem = title_or_file
        .rsplit_once('.')
        .filter(|(_, ext)| {
            ["txt", "md", "html", "htm"].contains(&ext.to_ascii_lowercase().as_str())
        })
        .map_or(title_or_file, |(stem, _)| stem);
    let mut base = atlas_model::slug(stem);
    base.truncate(60);
    let base = base.trim_end_matches('-');
    let base = if base.is_empty() {
        "local-document".to_owned()
    } else {
        format!("local-{base}")
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id.as_str()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_checked_before_extraction() {
        let check = |bytes: &[u8]| check_document("d.txt", bytes);
        assert_eq!(check(b"\xEF\xBB\xBFAcme").unwrap(), "Acme");
        assert_eq!(
            check(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(DocumentError::Binary {
                name: "d.txt".into()
            })
        );
        assert_eq!(
            check(b"text\0more"),
            Err(DocumentError::Binary {
                name: "d.txt".into()
            })
        );
        assert_eq!(
            check(b" \n\t "),
            Err(DocumentError::Empty {
                name: "d.txt".into()
            })
        );
        assert_eq!(
            check("Компания объявила результаты исследования IBI363".as_bytes()),
            Err(DocumentError::OtherScript {
                name: "d.txt".into()
            })
        );
        assert!(check("PD-1/IL-2α bispecific, ORR 40% — naïve".as_bytes()).is_ok());
        let big = vec![b'a'; MAX_DOCUMENT_BYTES as usize + 1];
        let err = check(&big).unwrap_err();
        assert!(
            err.to_string().contains("over the 20 MB document limit"),
            "{err}"
        );
    }

    #[test]
    fn new_ids_are_unique_slugs() {
        assert_eq!(
            new_document_id("AC-101 Update.txt", &[]),
            "local-ac-101-update"
        );
        assert_eq!(
            new_document_id("AC-101 update", &["local-ac-101-update"]),
            "local-ac-101-update-2"
        );
        assert_eq!(new_document_id("", &[]), "local-document");
        assert_eq!(new_document_id("version 1.2", &[]), "local-version-1-2");
    }
}
