//! A file of personal data written for the user (a report, a letter, an export): whole
//! or absent, and readable by its owner only. It is written under a random name beside
//! its place (tempfile creates it exclusively, mode 0600), flushed, renamed into place,
//! and the directory flushed, so a crash leaves the old file or the new one.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path`, replacing what is there; on failure nothing is left behind.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    std::fs::File::open(parent)?.sync_all()
}
