//! Writing a corpus through a [`Sink`], one file at a time: documents as each asset is
//! generated, `manifest.toml` and `assets.json` appended as it goes, `queries.json` at the
//! end. Only the slim search records stay in memory (the queries need all of them).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::rc::Rc;

use atlas_search::SearchDoc;

use crate::asset::Asset;
use crate::names::{self, Registry};
use crate::queries::queries;
use crate::rng::Rng;
use crate::vocab::Vocab;
use crate::{docs, Config};

/// Where a corpus goes: a directory natively, memory in tests or in the browser.
pub trait Sink {
    type File: Write;
    /// Create (or truncate) the file `name` (a plain file name, no directories).
    fn create(&mut self, name: &str) -> io::Result<Self::File>;
}

/// Files go straight into a directory, buffered; errors name the file.
#[cfg(not(target_arch = "wasm32"))]
pub struct DirSink<'a> {
    pub dir: &'a std::path::Path,
}

#[cfg(not(target_arch = "wasm32"))]
impl Sink for DirSink<'_> {
    type File = io::BufWriter<std::fs::File>;

    fn create(&mut self, name: &str) -> io::Result<Self::File> {
        let path = self.dir.join(name);
        std::fs::File::create(&path)
            .map(io::BufWriter::new)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }
}

/// What [`write_corpus`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub assets: usize,
    pub documents: usize,
    pub queries: usize,
    /// Bytes of every file written, documents and the four index files.
    pub bytes: u64,
}

/// The assets of a corpus, generated one after the other.
pub struct Assets {
    seed: u64,
    next: usize,
    n: usize,
    companies: Vec<names::Company>,
    vocab: Vocab,
    registry: Registry,
}

impl Assets {
    pub fn new(config: &Config) -> Assets {
        Assets {
            seed: config.seed,
            next: 0,
            n: config.n_assets,
            companies: names::companies(config.seed),
            vocab: Vocab::new(),
            registry: Registry::default(),
        }
    }
}

impl Iterator for Assets {
    type Item = Asset;

    fn next(&mut self) -> Option<Asset> {
        if self.next >= self.n {
            return None;
        }
        let idx = self.next;
        self.next += 1;
        // Each asset has its own stream, so its facts do not shift when another asset's
        // generation draws more numbers; only the name registry is shared.
        let mut rng = Rng::for_item(self.seed, idx as u64);
        Some(Asset::generate(
            idx,
            &mut rng,
            &self.companies,
            &self.vocab,
            &mut self.registry,
        ))
    }
}

/// Counts the bytes going through to the inner writer.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Write the whole corpus of `config` into `sink`: `<doc>.txt` files, `manifest.toml`,
/// `assets.json`, `queries.json`.
pub fn write_corpus<S: Sink>(config: &Config, sink: &mut S) -> io::Result<Written> {
    let mut written = Written::default();
    let mut manifest = Counted {
        inner: sink.create("manifest.toml")?,
        bytes: 0,
    };
    manifest.write_all(docs::MANIFEST_HEADER.as_bytes())?;
    let mut assets_json = Counted {
        inner: sink.create("assets.json")?,
        bytes: 0,
    };
    assets_json.write_all(b"[")?;
    let mut search_docs: Vec<SearchDoc> = Vec::with_capacity(config.n_assets);
    for asset in Assets::new(config) {
        if config.documents {
            for doc in docs::render(&asset) {
                let mut file = sink.create(&doc.file_name())?;
                file.write_all(doc.text.as_bytes())?;
                file.flush()?;
                written.bytes += doc.text.len() as u64;
                written.documents += 1;
                manifest.write_all(doc.manifest_entry().as_bytes())?;
            }
        }
        let record = asset.search_doc();
        assets_json.write_all(if search_docs.is_empty() {
            b"\n"
        } else {
            b",\n"
        })?;
        serde_json::to_writer(&mut assets_json, &AssetRecord::from(&record))?;
        search_docs.push(record);
        written.assets += 1;
    }
    assets_json.write_all(b"\n]\n")?;
    assets_json.flush()?;
    manifest.flush()?;
    written.bytes += manifest.bytes + assets_json.bytes;

    let mut queries_json = Counted {
        inner: sink.create("queries.json")?,
        bytes: 0,
    };
    if !search_docs.is_empty() {
        let qs = queries(
            &search_docs,
            config.seed,
            config.queries_per_kind,
            &Vocab::new(),
        );
        written.queries = qs.len();
        queries_json.write_all(b"[")?;
        for (i, q) in qs.iter().enumerate() {
            queries_json.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut queries_json, q)?;
        }
        queries_json.write_all(b"\n]\n")?;
    } else {
        queries_json.write_all(b"[]\n")?;
    }
    queries_json.flush()?;
    written.bytes += queries_json.bytes;
    Ok(written)
}

/// An `assets.json` record: the search engine's input shape, exactly these fields.
#[derive(serde::Serialize)]
struct AssetRecord<'a> {
    id: &'a str,
    names: &'a [String],
    companies: &'a [String],
    targets: &'a [String],
    modality: Option<&'a str>,
    indications: &'a [String],
}

impl<'a> From<&'a SearchDoc> for AssetRecord<'a> {
    fn from(d: &'a SearchDoc) -> Self {
        AssetRecord {
            id: &d.id,
            names: &d.names,
            companies: &d.companies,
            targets: &d.targets,
            modality: d.modality.as_deref(),
            indications: &d.indications,
        }
    }
}

/// A sink that keeps every file in memory, by name.
#[derive(Clone, Default)]
pub struct MemorySink {
    files: Rc<RefCell<BTreeMap<String, Vec<u8>>>>,
}

impl MemorySink {
    /// Every file written, by name.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        self.files.borrow().clone()
    }
}

/// A file of a [`MemorySink`].
pub struct MemoryFile {
    name: String,
    files: Rc<RefCell<BTreeMap<String, Vec<u8>>>>,
}

impl Write for MemoryFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.files
            .borrow_mut()
            .entry(self.name.clone())
            .or_default()
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Sink for MemorySink {
    type File = MemoryFile;

    fn create(&mut self, name: &str) -> io::Result<MemoryFile> {
        self.files.borrow_mut().insert(name.to_owned(), Vec::new());
        Ok(MemoryFile {
            name: name.to_owned(),
            files: Rc::clone(&self.files),
        })
    }
}
