//! Writing a file a worker asked for (a referral's summary): whole or not at all,
//! readable by its owner only, and never over a file already there unless they said
//! to replace it. Shared by the command line and the terminal interface, which say
//! the refusal each in their own words.

use std::io::Write;
use std::path::Path;

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// Something is there already, and replacing it was not asked for.
    Exists,
    /// The disk or the directory said no.
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists => f.write_str("a file of that name is there already"),
            WriteError::Io(e) => e.fmt(f),
        }
    }
}

/// Writes `bytes` to `path` through a new file beside it (created exclusively, mode
/// 0600), forced to disk and then renamed into place: a reader never sees half of it,
/// and a failure leaves nothing behind. With `replace` false an existing file is
/// refused, even one that appears while writing.
pub fn write_private(path: &Path, bytes: &[u8], replace: bool) -> Result<(), WriteError> {
    if !replace && std::fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists);
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(parent).map_err(WriteError::Io)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(WriteError::Io)?;
    let placed = if replace {
        tmp.persist(path).map(drop)
    } else {
        tmp.persist_noclobber(path).map(drop)
    };
    match placed {
        Ok(()) => {}
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(WriteError::Exists);
        }
        Err(e) => return Err(WriteError::Io(e.error)),
    }
    std::fs::File::open(parent)
        .and_then(|d| d.sync_all())
        .map_err(WriteError::Io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_file_is_written_private_and_an_existing_one_is_kept_unless_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("summary.txt");
        write_private(&path, b"first", false).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(matches!(
            write_private(&path, b"second", false),
            Err(WriteError::Exists)
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write_private(&path, b"second", true).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers = std::fs::read_dir(tmp.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        let nowhere = tmp.path().join("no such dir").join("summary.txt");
        assert!(matches!(
            write_private(&nowhere, b"x", false),
            Err(WriteError::Io(_))
        ));
    }
}
