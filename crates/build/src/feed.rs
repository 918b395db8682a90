//! `feed.xml`: the changes since the previous build as an Atom feed (RFC 4287), one entry per
//! changed asset.
//!
//! Written by hand with one escaping function rather than with an XML writer crate: the feed
//! is a dozen fixed elements, and every piece of text goes through [`escape`], which also drops
//! the characters XML 1.0 cannot carry at all. The tests parse the result with a real XML
//! parser and check the elements RFC 4287 requires.
//!
//! Reproducible like the rest of the build: every `updated` comes from the documents' dates
//! (an entry's newest document, the feed's newest entry), never from the clock, and ids are
//! derived from the atlas title, the asset and the dataset hash.
//!
//! Links point at the asset's deep link (`#/asset/<id>`). With a base URL they are absolute;
//! without one they are relative to the feed (`./#/asset/<id>`), which feed readers that
//! resolve relative links against the feed's own address handle (RFC 4287 allows it,
//! `xml:base` is set to `./`).

use atlas_view::changes::{AssetChanges, ChangeView};
use sha2::{Digest, Sha256};

/// What the feed needs beside the changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedOptions<'a> {
    /// The atlas title.
    pub title: &'a str,
    /// The newer dataset's hash: part of every entry id, so a later build's entry for the same
    /// asset is a new entry.
    pub dataset_hash: &'a str,
    /// The site's address (`https://example.org/atlas/`), or `None` for relative links.
    pub base_url: Option<&'a str>,
}

/// The Atom feed of `view`.
pub fn atom(view: &ChangeView, opts: &FeedOptions) -> String {
    let base = match opts.base_url {
        Some(b) if b.ends_with('/') => b.to_owned(),
        Some(b) => format!("{b}/"),
        None => "./".to_owned(),
    };
    let updated = view
        .groups
        .iter()
        .filter_map(|g| g.date.as_deref())
        .max()
        .map(timestamp)
        .unwrap_or_else(|| timestamp("1970"));
    let feed_id = match opts.base_url {
        Some(_) => format!("{base}feed.xml"),
        None => uuid(&format!("pipeline-atlas feed {}", opts.title)),
    };
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"{}\">\n",
        escape(&base)
    ));
    out.push_str(&format!("  <id>{}</id>\n", escape(&feed_id)));
    out.push_str(&format!(
        "  <title>{}: what changed</title>\n",
        escape(opts.title)
    ));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str("  <author><name>Pipeline Atlas</name></author>\n");
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&format!("{base}#/changes"))
    ));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&format!("{base}feed.xml"))
    ));
    for group in &view.groups {
        entry(&mut out, group, &base, opts, &updated);
    }
    out.push_str("</feed>\n");
    out
}

/// The entry title: `IBI363: NMPA Breakthrough Therapy Designation (sqNSCLC), 2025-06-04`.
pub fn entry_title(group: &AssetChanges) -> String {
    let mut title = group.name.clone();
    if let Some(first) = group.items.first() {
        title.push_str(": ");
        title.push_str(&first.summary);
        match group.items.len() {
            1 => {}
            2 => title.push_str(" and 1 more change"),
            n => title.push_str(&format!(" and {} more changes", n - 1)),
        }
    }
    if let Some(d) = &group.date {
        title.push_str(", ");
        title.push_str(d);
    }
    title
}

fn entry(out: &mut String, group: &AssetChanges, base: &str, opts: &FeedOptions, fallback: &str) {
    let link = format!("{base}#/asset/{}", group.asset);
    let updated = group
        .date
        .as_deref()
        .map(timestamp)
        .unwrap_or_else(|| fallback.to_owned());
    let mut content = String::new();
    for item in &group.items {
        content.push_str("- ");
        content.push_str(&item.summary);
        if let Some(d) = &item.date {
            content.push_str(&format!(" ({d})"));
        }
        content.push('\n');
        for d in &item.details {
            content.push_str(&format!("  {d}\n"));
        }
        if let Some(q) = &item.quote {
            content.push_str(&format!("  “{q}”"));
            if let Some(doc) = &item.doc {
                content.push_str(&format!(" — {base}#/doc/{doc}"));
            }
            content.push('\n');
        }
    }
    out.push_str("  <entry>\n");
    out.push_str(&format!(
        "    <id>{}</id>\n",
        uuid(&format!("{} {}", group.asset, opts.dataset_hash))
    ));
    out.push_str(&format!(
        "    <title>{}</title>\n",
        escape(&entry_title(group))
    ));
    out.push_str(&format!("    <updated>{updated}</updated>\n"));
    out.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&link)
    ));
    out.push_str(&format!(
        "    <content type=\"text\">{}</content>\n",
        escape(&content)
    ));
    out.push_str("  </entry>\n");
}

/// `text` safe in XML character data and attribute values: the five special characters as
/// entities, and the characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An RFC 3339 timestamp for a `YYYY[-MM[-DD]]` date (missing parts are the first).
fn timestamp(date: &str) -> String {
    let mut parts = date.splitn(3, '-');
    let year = parts.next().unwrap_or("1970");
    let month = parts.next().unwrap_or("01");
    let day = parts.next().unwrap_or("01");
    format!("{year}-{month}-{day}T00:00:00Z")
}

/// A name-based id (`urn:uuid:`, from SHA-256 of `name`): stable across builds.
fn uuid(name: &str) -> String {
    let h = Sha256::digest(name.as_bytes());
    let hex: String = h.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use atlas_model::changes::{ChangeKind, Subject};
    use atlas_view::changes::{Category, ChangeItem};

    use super::*;

    fn view() -> ChangeView {
        let item = |summary: &str, date: &str, quote: &str| ChangeItem {
            category: Category::Regulatory,
            kind: ChangeKind::Added,
            subject: Subject::Event,
            id: "e".into(),
            summary: summary.into(),
            details: vec!["value: 1 → 2".into()],
            date: Some(date.into()),
            doc: Some("d<1>".into()),
            quote: Some(quote.into()),
            span: None,
        };
        ChangeView {
            since: "old".into(),
            groups: vec![
                AssetChanges {
                    asset: "ibi363".into(),
                    name: "IBI363".into(),
                    date: Some("2025-06-04".into()),
                    items: vec![item(
                        "NMPA Breakthrough Therapy Designation (sqNSCLC)",
                        "2025-06-04",
                        "granted <BTD> & \"more\" \u{1}",
                    )],
                },
                AssetChanges {
                    asset: "r&d".into(),
                    name: "R&D <1>".into(),
                    date: Some("2024-05".into()),
                    items: vec![item("a", "2024-05", "q"), item("b", "2024", "q2")],
                },
            ],
        }
    }

    fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
        n.children()
            .find(|c| c.tag_name().name() == name)
            .unwrap_or_else(|| panic!("<{name}> missing"))
    }

    fn parse_and_check(xml: &str) -> Vec<(String, String, String, String)> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
        let feed = doc.root_element();
        assert_eq!(feed.tag_name().name(), "feed");
        assert_eq!(
            feed.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        for name in ["id", "title", "updated"] {
            assert!(!child(feed, name).text().unwrap_or("").is_empty(), "{name}");
        }
        feed.children()
            .filter(|c| c.tag_name().name() == "entry")
            .map(|e| {
                let text = |name| child(e, name).text().unwrap_or("").to_owned();
                let href = child(e, "link").attribute("href").unwrap_or("").to_owned();
                assert!(!text("id").is_empty());
                (text("title"), text("updated"), href, text("content"))
            })
            .collect()
    }

    #[test]
    fn the_feed_is_well_formed_atom_with_relative_links() {
        let opts = FeedOptions {
            title: "Atlas & co",
            dataset_hash: "abc",
            base_url: None,
        };
        let xml = atom(&view(), &opts);
        let entries = parse_and_check(&xml);
        assert_eq!(entries.len(), 2);
        let (title, updated, href, content) = &entries[0];
        assert_eq!(
            title,
            "IBI363: NMPA Breakthrough Therapy Designation (sqNSCLC), 2025-06-04"
        );
        assert_eq!(updated, "2025-06-04T00:00:00Z");
        assert_eq!(href, "./#/asset/ibi363");
        // Text survives escaping; the control character is dropped.
        assert!(content.contains("“granted <BTD> & \"more\" ”"), "{content}");
        assert!(content.contains("value: 1 → 2"));
        assert!(content.contains("./#/doc/d<1>"));
        assert_eq!(entries[1].0, "R&D <1>: a and 1 more change, 2024-05");
        assert_eq!(entries[1].1, "2024-05-01T00:00:00Z");
        assert!(xml.contains("<updated>2025-06-04T00:00:00Z</updated>\n  <author>"));
    }

    #[test]
    fn a_base_url_makes_links_absolute() {
        for base in ["https://example.org/atlas", "https://example.org/atlas/"] {
            let opts = FeedOptions {
                title: "A",
                dataset_hash: "abc",
                base_url: Some(base),
            };
            let xml = atom(&view(), &opts);
            let entries = parse_and_check(&xml);
            assert_eq!(entries[0].2, "https://example.org/atlas/#/asset/ibi363");
            assert!(xml.contains("<id>https://example.org/atlas/feed.xml</id>"));
        }
    }

    #[test]
    fn the_feed_does_not_depend_on_the_clock_and_ids_are_stable() {
        let opts = FeedOptions {
            title: "A",
            dataset_hash: "abc",
            base_url: None,
        };
        assert_eq!(atom(&view(), &opts), atom(&view(), &opts));
        let empty = atom(&ChangeView::default(), &opts);
        assert!(parse_and_check(&empty).is_empty());
        assert!(empty.contains("<updated>1970-01-01T00:00:00Z</updated>"));
    }

    #[test]
    fn escaping() {
        for (input, expected) in [
            ("a&b", "a&amp;b"),
            ("<x y='1'>", "&lt;x y=&apos;1&apos;&gt;"),
            ("\"q\"", "&quot;q&quot;"),
            ("tab\there\nnl", "tab\there\nnl"),
            ("bell\u{7}\u{FFFF}", "bell"),
            ("IBI363 → ≥", "IBI363 → ≥"),
        ] {
            assert_eq!(escape(input), expected, "{input:?}");
        }
    }
}
