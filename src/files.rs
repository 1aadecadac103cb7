//! Writing a file a worker asked for (a referral's summary, a letter, an export, a
//! report): whole or not at all, readable by its owner only, and never over a file
//! already there unless they said to replace it. Shared by the command line and the
//! terminal interface, which say the refusal each in their own words. Files with no
//! personal data that everyone must read (manual pages) are written public.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    stage_private(path, bytes, replace)?.place()
}

/// A file written whole and forced to disk beside where it goes, not yet in place:
/// what can fail on the disk has been tried before the work it stands for is kept.
/// Dropped without [`Staged::place`], it leaves nothing behind.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
    replace: bool,
}

/// Writes `bytes` into a new private file beside `path` (see [`write_private`]).
pub fn stage_private(path: &Path, bytes: &[u8], replace: bool) -> Result<Staged, WriteError> {
    if !replace && std::fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists);
    }
    let mut tmp = tempfile::NamedTempFile::new_in(parent(path)).map_err(WriteError::Io)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(WriteError::Io)?;
    Ok(Staged {
        tmp,
        path: path.to_path_buf(),
        replace,
    })
}

impl Staged {
    /// Renames the file into place (never over another unless replacing was asked).
    pub fn place(self) -> Result<(), WriteError> {
        let placed = if self.replace {
            self.tmp.persist(&self.path).map(drop)
        } else {
            self.tmp.persist_noclobber(&self.path).map(drop)
        };
        match placed {
            Ok(()) => {}
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(WriteError::Exists);
            }
            Err(e) => return Err(WriteError::Io(e.error)),
        }
        std::fs::File::open(parent(&self.path))
            .and_then(|d| d.sync_all())
            .map_err(WriteError::Io)
    }
}

/// Writes `bytes` to `path` for everyone to read (mode 0644, whatever the umask):
/// files with no personal data that other users need, such as manual pages installed
/// by root. Whole or not at all, replacing what is there.
pub fn write_public(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = tempfile::NamedTempFile::new_in(parent(path))?;
    tmp.write_all(bytes)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    std::fs::File::open(parent(path)).and_then(|d| d.sync_all())
}

/// The directory `path` is in ("." for a bare name).
fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
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

    #[test]
    fn a_public_file_is_readable_by_all_whatever_the_umask() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("caseline.1");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_public(&path, b"page").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"page");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
