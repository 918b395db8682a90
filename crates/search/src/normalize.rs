//! Folding text into search terms: the one tokenizer that documents and queries share.
//!
//! A *token* is a run of letters and digits, where a hyphen, dot, apostrophe or underscore
//! *between* two letters or digits joins rather than splits (`PD-1` → `pd1`, `4-1BB` → `41bb`,
//! `CLDN18.2` → `cldn182`, `KEYNOTE-407` → `keynote407`). Everything else that is not a letter
//! or digit (spaces, `/`, `,`, brackets …) ends a token. A token's text is *compact*: lower
//! case, joiners removed, Greek letters spelled as their Latin letter (`α` → `a`, as
//! `atlas_model::slug` does), full-width forms folded to ASCII, common Latin accents removed,
//! and `™`/`®`/`©` dropped. Keeping joined tokens whole is what stops `PD-1` from matching
//! every document that says `PD-L1` and `1`; the pieces between joiners are kept as *parts* so
//! a document's `HER3-DXd` still answers `her3`.
//!
//! The mapping from every byte of a token's text back to the source bytes is recorded on
//! request, so a hit can highlight exactly the original characters that matched.
//!
//! Written by hand rather than with `unicode-normalization`: only these few folds matter for
//! drug, target and disease names, and the full NFKC tables would add weight to the wasm bundle.

/// One token of a source string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// The compact, folded text.
    pub text: String,
    /// Byte ranges in `text` of the pieces between joiners; empty when there was no joiner.
    pub parts: Vec<(usize, usize)>,
    /// For every byte of `text`, the byte range of the source character it came from;
    /// empty unless asked for.
    pub map: Vec<(u32, u32)>,
}

/// What one source character contributes.
enum Class {
    /// Letters or digits, pushed onto the token.
    Text,
    /// A character that joins two tokens when it stands between letters or digits.
    Joiner,
    /// A character that ends a token.
    Separator,
    /// A character that is dropped without ending a token (`™`).
    Ignore,
}

/// Splits `source` into tokens; `with_map` records [`Token::map`].
pub(crate) fn tokenize(source: &str, with_map: bool) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut map = Vec::new();
    let mut part_starts: Vec<usize> = Vec::new();
    let mut pending_joiner = false;
    for (start, c) in source.char_indices() {
        let end = start + c.len_utf8();
        let before = text.len();
        match fold(c, &mut text) {
            Class::Text => {
                if pending_joiner && before > 0 {
                    part_starts.push(before);
                }
                pending_joiner = false;
                if with_map {
                    map.resize(text.len(), (start as u32, end as u32));
                }
            }
            Class::Joiner => pending_joiner = !text.is_empty(),
            Class::Ignore => {}
            Class::Separator => {
                finish(&mut tokens, &mut text, &mut map, &mut part_starts);
                pending_joiner = false;
            }
        }
    }
    finish(&mut tokens, &mut text, &mut map, &mut part_starts);
    tokens
}

/// The compact text of each token of `source`, without maps or parts: what a query is made of.
pub(crate) fn token_texts(source: &str) -> Vec<String> {
    tokenize(source, false)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// All tokens of `source` joined into one compact string (`IBI 363` → `ibi363`).
pub(crate) fn compact(source: &str) -> String {
    token_texts(source).concat()
}

fn finish(
    tokens: &mut Vec<Token>,
    text: &mut String,
    map: &mut Vec<(u32, u32)>,
    part_starts: &mut Vec<usize>,
) {
    if text.is_empty() {
        part_starts.clear();
        map.clear();
        return;
    }
    let mut parts = Vec::new();
    if !part_starts.is_empty() {
        let mut from = 0;
        for &at in part_starts.iter() {
            parts.push((from, at));
            from = at;
        }
        parts.push((from, text.len()));
    }
    part_starts.clear();
    tokens.push(Token {
        text: std::mem::take(text),
        parts,
        map: std::mem::take(map),
    });
}

/// Folds one character onto `out` and says what kind it was.
fn fold(c: char, out: &mut String) -> Class {
    let c = full_width_to_ascii(c);
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase());
        return Class::Text;
    }
    match c {
        '-' | '.' | '\'' | '_' | '’' | '\u{2010}' | '\u{2011}' | '·' => return Class::Joiner,
        '™' | '®' | '©' | '℠' | '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {
            return Class::Ignore
        }
        _ => {}
    }
    if let Some(latin) = greek(c).or_else(|| latin_accent(c)) {
        out.push_str(latin);
        return Class::Text;
    }
    if c.is_alphanumeric() {
        out.extend(c.to_lowercase());
        return Class::Text;
    }
    Class::Separator
}

/// Full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space to plain ASCII.
fn full_width_to_ascii(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// Greek letters as the Latin letter biomedical names use for them (`IL-2Rα` = `IL-2Ra`).
fn greek(c: char) -> Option<&'static str> {
    Some(match c {
        'α' | 'Α' => "a",
        'β' | 'Β' | 'ϐ' => "b",
        'γ' | 'Γ' => "g",
        'δ' | 'Δ' => "d",
        'ε' | 'Ε' | 'ϵ' => "e",
        'ζ' | 'Ζ' => "z",
        'η' | 'Η' => "h",
        'θ' | 'Θ' | 'ϑ' => "th",
        'ι' | 'Ι' => "i",
        'κ' | 'Κ' | 'ϰ' => "k",
        'λ' | 'Λ' => "l",
        'μ' | 'Μ' | 'µ' => "m",
        'ν' | 'Ν' => "n",
        'ξ' | 'Ξ' => "x",
        'ο' | 'Ο' => "o",
        'π' | 'Π' => "p",
        'ρ' | 'Ρ' => "r",
        'σ' | 'ς' | 'Σ' => "s",
        'τ' | 'Τ' => "t",
        'υ' | 'Υ' => "u",
        'φ' | 'Φ' | 'ϕ' => "f",
        'χ' | 'Χ' => "ch",
        'ψ' | 'Ψ' => "ps",
        'ω' | 'Ω' => "o",
        _ => return None,
    })
}

/// The Latin-1 and Latin Extended-A letters drug and company names actually use.
fn latin_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
            "a"
        }
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'ń' | 'ň' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
            "o"
        }
        'œ' | 'Œ' => "oe",
        'ß' => "ss",
        'š' | 'ś' | 'Š' | 'Ś' => "s",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ž' | 'ź' | 'ż' | 'Ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(source: &str, expected: &[&str]) {
        assert_eq!(token_texts(source), expected, "tokens of {source:?}");
    }

    #[test]
    fn folds_and_splits() {
        check("IBI363", &["ibi363"]);
        check("IBI 363", &["ibi", "363"]);
        check("ibi-363", &["ibi363"]);
        check("PD-1/IL-2α-bias", &["pd1", "il2abias"]);
        check("IL-2Rα", &["il2ra"]);
        check("IL-2Ra", &["il2ra"]);
        check("4-1BB", &["41bb"]);
        check("CLDN18.2", &["cldn182"]);
        check(
            "Velesin™ (Opatisumimab, LBL-024)",
            &["velesin", "opatisumimab", "lbl024"],
        );
        check("ＩＢＩ３６３", &["ibi363"]);
        check("IBI\u{3000}363", &["ibi", "363"]);
        check(
            "non-small cell lung cancer.",
            &["nonsmall", "cell", "lung", "cancer"],
        );
        check("TGF-β", &["tgfb"]);
        check("Crohn’s disease", &["crohns", "disease"]);
        check("Société Générale", &["societe", "generale"]);
        check("-- . ,", &[]);
        check("", &[]);
    }

    #[test]
    fn records_parts_and_maps() {
        let tokens = tokenize("HER3-DXd x", true);
        let Some(first) = tokens.first() else {
            panic!("no token");
        };
        assert_eq!(first.text, "her3dxd");
        assert_eq!(first.parts, vec![(0, 4), (4, 7)]);
        assert_eq!(first.map.len(), first.text.len());
        assert_eq!(first.map[4], (5, 6));
        let greek = tokenize("Rα", true);
        assert_eq!(greek[0].map, vec![(0, 1), (1, 3)]);
    }
}
