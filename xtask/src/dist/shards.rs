//! What the build says about its data files: one file, or a start file and shards, and why;
//! and the change list of `--since`.
//!
//! The decision and the writing are `atlas_build::assemble`'s (tested there); this turns its
//! [`Assembly`] into the lines a person reads in the build output, which `bench app` also
//! picks out of the log (the line starting `sharded (` and the one with `search index:`).

use atlas_build::{Assembly, SHARD_ABOVE_BYTES};

/// The build-output lines for `assembly`, without indentation.
pub fn describe(a: &Assembly) -> Vec<String> {
    let mut lines = vec![format!(
        "search index: {} bytes in {:.2} s",
        a.index_bytes,
        a.index_time.as_secs_f64()
    )];
    match &a.shards {
        None => lines.push(format!(
            "one data file: {} bytes (estimated data {} KB, the shard threshold is {} KB)",
            a.data_bytes,
            a.estimated_bytes / 1024,
            SHARD_ABOVE_BYTES / 1024
        )),
        Some(s) => {
            lines.push(format!(
                "no whole-dataset downloads in a sharded atlas (the JSON would be about {} MB); `cargo run --release -p atlas-extract` writes it",
                a.estimated_bytes * 3 / (1024 * 1024)
            ));
            lines.push(format!(
                "sharded ({}): start file {} bytes (search index {} bytes); {} asset, {} document and {} trial shards and a timeline shard",
                s.reason, a.data_bytes, a.index_bytes, s.counts.assets, s.counts.documents, s.counts.trials
            ));
        }
    }
    if let Some(c) = &a.changes {
        lines.push(format!(
            "{} changes since dataset {} ({}), {} assets in {}",
            c.count,
            c.since,
            c.name,
            c.assets,
            atlas_build::FEED_FILE
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use atlas_build::{Downloads, ShardCounts, Sharded};

    use super::*;

    fn assembly(shards: Option<Sharded>) -> Assembly {
        Assembly {
            dataset_hash: "0".repeat(64),
            data_file: "atlas-data-0123.bin".into(),
            data_bytes: 1000,
            downloads: shards.is_none().then(|| Downloads {
                json: "d.json".into(),
                csv: "r.csv".into(),
            }),
            shards,
            estimated_bytes: 10 * 1024 * 1024,
            index_bytes: 300,
            index_time: Duration::from_millis(250),
            single_file_bundle: None,
            changes: None,
        }
    }

    #[test]
    fn describes_one_file() {
        assert_eq!(
            describe(&assembly(None)),
            [
                "search index: 300 bytes in 0.25 s",
                "one data file: 1000 bytes (estimated data 10240 KB, the shard threshold is 8192 KB)"
            ]
        );
    }

    #[test]
    fn describes_the_change_list() {
        let mut a = assembly(None);
        a.changes = Some(atlas_build::ChangesFile {
            name: "changes-01.json".into(),
            view: "changes-02.bin".into(),
            view_bytes: Vec::new(),
            assets: 2,
            count: 3,
            since: "ab".into(),
        });
        assert_eq!(
            describe(&a).last().unwrap(),
            "3 changes since dataset ab (changes-01.json), 2 assets in feed.xml"
        );
    }

    #[test]
    fn describes_shards_and_why() {
        let lines = describe(&assembly(Some(Sharded {
            counts: ShardCounts {
                assets: 3,
                documents: 4,
                trials: 5,
            },
            reason: "--shards always".into(),
        })));
        assert_eq!(lines.len(), 3);
        assert!(lines[1].contains("about 30 MB"), "{}", lines[1]);
        assert_eq!(
            lines[2],
            "sharded (--shards always): start file 1000 bytes (search index 300 bytes); 3 asset, 4 document and 5 trial shards and a timeline shard"
        );
    }
}
