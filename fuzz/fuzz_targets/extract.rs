//! The extractor on arbitrary bytes, read as a plain-text document the way the build reads
//! one (lossy UTF-8): it must never panic, and every quote must equal its text slice.
#![no_main]

use atlas_extract::{extract, Manifest, SourceDoc};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let doc = SourceDoc {
        id: "fuzz".into(),
        path: "fuzz.txt".into(),
        text: String::from_utf8_lossy(data).into_owned(),
    };
    let out = extract(std::slice::from_ref(&doc), &Manifest::default(), None);
    for asset in &out.dataset.assets {
        for ev in &asset.evidence {
            let slice = doc.text.get(ev.start as usize..ev.end as usize);
            assert_eq!(slice, Some(ev.quote.as_str()), "evidence of {}", asset.id);
        }
    }
});
