//! The curation worker's wasm: [`atlas_curate::engine`] and the controls' computations
//! ([`ui`]) behind one JS-callable function, [`run`].
//!
//! Trunk builds it as a `data-type="worker"` module (wasm-bindgen `--target no-modules`); the
//! app's `static/curate-worker.js` loads it inside a Web Worker and passes messages through,
//! so extraction, the overlay and the index build never block the page. Curations arrive as
//! postcard (`Curation::encode`), the form the app stores; errors are one sentence of text.

pub mod ui;

use atlas_curate::engine;
use atlas_curate::Curation;
use atlas_model::Bundle;
use wasm_bindgen::prelude::*;

/// Apply a curation to a published bundle: `[merged bundle][Applied, postcard][u32 LE length
/// of the bundle]`, one buffer the worker can transfer. A refused change is the error.
pub fn apply_inner(published: &[u8], curation: &[u8]) -> Result<Vec<u8>, String> {
    let published = Bundle::decode(published).map_err(|e| e.to_string())?;
    let c = if curation.is_empty() {
        Curation::default()
    } else {
        Curation::decode(curation).map_err(|e| e.to_string())?
    };
    let merged = engine::apply(&published, &c).map_err(|e| e.to_string())?;
    let mut out = merged.bundle.encode();
    let len = u32::try_from(out.len()).map_err(|_| "the merged atlas is over 4 GB".to_owned())?;
    out.extend_from_slice(&merged.applied.encode());
    out.extend_from_slice(&len.to_le_bytes());
    Ok(out)
}

/// The one JS-callable function: `msg` is the operation's number (its place in `OPS` of
/// `static/curate-worker.js`), then each argument as a u32 LE length and its bytes (text as
/// UTF-8). Text answers come back as UTF-8, `merged`'s positions as u32 LE. One entry point
/// instead of one per operation keeps the wasm-bindgen glue (and the module) small.
#[wasm_bindgen]
pub fn run(msg: &[u8]) -> Result<Vec<u8>, JsValue> {
    dispatch(msg).map_err(|e| JsValue::from_str(&e))
}

/// The arguments of a message after its operation byte.
fn fields(mut rest: &[u8]) -> Result<Vec<&[u8]>, String> {
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (len, tail) = rest
            .split_first_chunk::<4>()
            .ok_or("a truncated message to the curation worker")?;
        let len = u32::from_le_bytes(*len) as usize;
        let (field, tail) = tail
            .split_at_checked(len)
            .ok_or("a truncated message to the curation worker")?;
        out.push(field);
        rest = tail;
    }
    Ok(out)
}

/// [`run`] with plain Rust errors, testable natively.
pub fn dispatch(msg: &[u8]) -> Result<Vec<u8>, String> {
    let (&op, rest) = msg
        .split_first()
        .ok_or("an empty message to the curation worker")?;
    let args = fields(rest)?;
    let bytes = |i: usize| args.get(i).copied().unwrap_or_default();
    let text = |i: usize| {
        std::str::from_utf8(bytes(i)).map_err(|_| "an argument is not UTF-8 text".to_owned())
    };
    Ok(match op {
        0 => apply_inner(bytes(0), bytes(1))?,
        1 => engine::export(&ui::curation(bytes(0))?, text(1)?).into_bytes(),
        2 => engine::extract_json(text(0)?, text(1)?).into_bytes(),
        3 => ui::notes(bytes(0)).into_bytes(),
        4 => ui::document_text(text(0)?, bytes(1))?.into_bytes(),
        5 => ui::add_document(bytes(0), bytes(1), text(2)?, text(3)?, text(4)?)?,
        6 => ui::review(bytes(0), text(1)?, text(2)?)?,
        7 => ui::undo(bytes(0), text(1)?.parse().map_err(|_| "no change to undo")?)?,
        8 => ui::summary(bytes(0))?.into_bytes(),
        9 => ui::edit_form(bytes(0), text(1)?).into_bytes(),
        10 => ui::edit(bytes(0), bytes(1), text(2)?, text(3)?, text(4)?, text(5)?)?,
        11 => ui::add_form(bytes(0), text(1)?, text(2)?).into_bytes(),
        12 => ui::add_fact(bytes(0), text(1)?, text(2)?, text(3)?)?,
        13 => ui::carry(bytes(0), bytes(1))?,
        14 => ui::merged(bytes(0), bytes(1))?
            .iter()
            .flat_map(|i| i.to_le_bytes())
            .collect(),
        _ => return Err(format!("unknown request {op}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use atlas_curate::{Applied, LocalDocument};

    #[test]
    fn apply_answers_a_bundle_and_its_notes_or_a_reason() {
        let published = Bundle::new(atlas_model::Dataset::empty(), Vec::new()).encode();
        let c = Curation {
            documents: vec![LocalDocument {
                id: "local-a".into(),
                title: "A".into(),
                text: "The FDA granted Fast Track Designation to AC-101, an antibody.".into(),
            }],
            changes: vec![],
        };
        let out = apply_inner(&published, &c.encode()).unwrap();
        let len = u32::from_le_bytes(out[out.len() - 4..].try_into().unwrap()) as usize;
        let bundle = Bundle::decode(&out[..len]).unwrap();
        assert!(bundle.dataset.assets.iter().any(|a| a.id == "ac-101"));
        let applied = Applied::decode(&out[len..out.len() - 4]).unwrap();
        assert_eq!(applied.local_assets, vec!["ac-101".to_owned()]);
        let err = apply_inner(b"nope", &c.encode()).unwrap_err();
        assert!(err.contains("not a Pipeline Atlas bundle"), "{err}");
    }

    /// A message as `static/curate-worker.js` encodes it.
    fn msg(op: u8, args: &[&[u8]]) -> Vec<u8> {
        let mut out = vec![op];
        for a in args {
            out.extend_from_slice(&(a.len() as u32).to_le_bytes());
            out.extend_from_slice(a);
        }
        out
    }

    #[test]
    fn one_entry_point_runs_every_operation_by_number() {
        let reviewed = dispatch(&msg(6, &[b"", b"reject", b"asset:x"])).unwrap();
        let c = Curation::decode(&reviewed).unwrap();
        assert_eq!(c.changes.len(), 1);
        let summary = dispatch(&msg(8, &[&reviewed])).unwrap();
        assert!(String::from_utf8(summary)
            .unwrap()
            .contains("asset:x\0rejected"));
        let undone = dispatch(&msg(7, &[&reviewed, b"0"])).unwrap();
        assert!(Curation::decode(&undone).unwrap().changes.is_empty());
        let err = dispatch(&msg(4, &[b"a.txt", b""])).unwrap_err();
        assert!(!err.is_empty());
        assert!(dispatch(&msg(99, &[]))
            .unwrap_err()
            .contains("unknown request"));
        assert!(dispatch(&[6, 9, 0]).unwrap_err().contains("truncated"));
        assert!(dispatch(&[]).is_err());
    }
}
