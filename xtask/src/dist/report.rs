//! What a build prints about itself: file sizes raw and gzipped, and peak memory.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// gzip -9 size of `bytes`.
pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len()
}

/// This process's peak resident memory in KiB (Linux's `VmHWM`), when the OS tells.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    vm_hwm(&status)
}

fn vm_hwm(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Print every file of `dist/` raw and gzipped, and the total; returns the gzip -9 total.
/// Shards are fetched one at a time on demand: counted, not each listed (nor gzipped: a large
/// atlas has thousands).
pub fn report_sizes(dist_dir: &Path) -> Result<usize> {
    let mut entries: Vec<_> = std::fs::read_dir(dist_dir)
        .with_context(|| format!("{}: cannot list", dist_dir.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    let is_shard = |e: &std::fs::DirEntry| e.file_name().to_string_lossy().starts_with("shard-");
    let (shards, entries): (Vec<_>, Vec<_>) = entries.into_iter().partition(is_shard);
    if !shards.is_empty() {
        let mut bytes = 0;
        for e in &shards {
            bytes += e
                .metadata()
                .with_context(|| format!("{}: cannot stat", e.path().display()))?
                .len();
        }
        eprintln!(
            "  {} shard files, {} bytes in all, fetched on demand (not counted below)",
            shards.len(),
            bytes
        );
    }
    let (mut raw_total, mut gz_total) = (0, 0);
    eprintln!("  {:<44} {:>10} {:>10}", "dist/", "bytes", "gzip -9");
    for e in entries {
        let bytes = std::fs::read(e.path())
            .with_context(|| format!("{}: cannot read", e.path().display()))?;
        let gz = gzip_len(&bytes);
        raw_total += bytes.len();
        gz_total += gz;
        eprintln!(
            "  {:<44} {:>10} {:>10}",
            e.file_name().to_string_lossy(),
            bytes.len(),
            gz
        );
    }
    eprintln!("  {:<44} {:>10} {:>10}", "total", raw_total, gz_total);
    Ok(gz_total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_len_is_the_length_of_a_gzip_stream() {
        let text = "atlas ".repeat(1000);
        let gz = gzip_len(text.as_bytes());
        assert!(gz < 100, "{gz}");
        let mut back = String::new();
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(text.as_bytes()).unwrap();
        let bytes = enc.finish().unwrap();
        assert_eq!(bytes.len(), gz);
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut back)
            .unwrap();
        assert_eq!(back, text);
    }

    #[test]
    fn peak_memory_reads_vm_hwm() {
        assert_eq!(
            vm_hwm("Name:\txtask\nVmHWM:\t  123456 kB\nVmRSS: 1 kB\n"),
            Some(123_456)
        );
        assert_eq!(vm_hwm("Name:\txtask\n"), None);
        assert_eq!(vm_hwm("VmHWM: lots kB\n"), None);
    }

    #[test]
    fn sizes_sum_files_and_leave_out_shards() {
        let dir = std::env::temp_dir().join(format!("xtask-sizes-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("folder")).unwrap();
        std::fs::write(dir.join("a.txt"), "aaaa").unwrap();
        std::fs::write(dir.join("b.txt"), "b").unwrap();
        std::fs::write(dir.join("shard-a-0.bin"), "shard").unwrap();
        let total = report_sizes(&dir).unwrap();
        assert_eq!(total, gzip_len(b"aaaa") + gzip_len(b"b"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
