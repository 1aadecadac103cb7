//! Store errors. Messages name files, trees and record ids, never record contents.

use std::path::PathBuf;

use super::codec::CodecError;

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("caseline data at {dir} is in use by process {pid} ({user}, since {since})")]
    InUse {
        dir: PathBuf,
        pid: String,
        user: String,
        since: String,
    },
    #[error(
        "no caseline data at {0}: run `caseline init` (or start `caseline` for the setup screen)"
    )]
    Missing(PathBuf),
    #[error("caseline data already exists at {0}")]
    Exists(PathBuf),
    #[error("the passphrase is not right for this store")]
    WrongPassphrase,
    /// Too many wrong passphrases in a row: the next try is answered after this wait.
    #[error("too many wrong passphrases: try again in {}", in_seconds(*.0))]
    TryLater(std::time::Duration),
    #[error("damaged store: {0}")]
    Damaged(String),
    /// A name given for a kept replaced store that is not one.
    #[error("no replaced store of that name is kept in {0} (`caseline replaced list` lists them)")]
    NotKept(PathBuf),
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    pub(crate) fn io(what: impl Into<String>, source: std::io::Error) -> StoreError {
        StoreError::Io {
            what: what.into(),
            source,
        }
    }

    /// A record that would not open or decode.
    pub(crate) fn record(tree: &str, key: &[u8], e: CodecError) -> StoreError {
        StoreError::Damaged(format!("record {tree}/{}: {e}", describe_key(key)))
    }
}

/// A wait in whole seconds, rounded up, in words.
fn in_seconds(d: std::time::Duration) -> String {
    match d.as_millis().div_ceil(1000).max(1) {
        1 => "1 second".into(),
        n => format!("{n} seconds"),
    }
}

/// A readable form of a store key: a record id when it is one, else hex.
pub fn describe_key(key: &[u8]) -> String {
    if let Some(id) = crate::domain::Id::from_bytes(key) {
        return id.to_string();
    }
    if key.iter().all(|b| b.is_ascii_graphic()) {
        return String::from_utf8_lossy(key).into_owned();
    }
    key.iter().map(|b| format!("{b:02x}")).collect()
}

/// Turns a sled error into ours, naming the database's directory and, when known,
/// the tree or record being read.
pub(crate) fn from_sled(dir: &std::path::Path, place: Option<&str>, e: sled::Error) -> StoreError {
    let at = |m: String| match place {
        Some(p) => format!("{p}: {m}"),
        None => m,
    };
    match e {
        // Past opening, the only files sled opens by name are those of values too
        // large for its log.
        sled::Error::Io(source) if source.kind() == std::io::ErrorKind::NotFound => {
            StoreError::Damaged(at(format!(
                "a file of the database in {} is missing (values too large for its log are kept in {}): {source}",
                dir.display(),
                dir.join("blobs").display()
            )))
        }
        sled::Error::Io(source) => StoreError::Io {
            what: at(format!("reading or writing {}", dir.display())),
            source,
        },
        sled::Error::Corruption { at: offset, .. } => StoreError::Damaged(at(match offset {
            Some(o) => format!(
                "the database files in {} are corrupted at offset {o}",
                dir.display()
            ),
            None => format!("the database files in {} are corrupted", dir.display()),
        })),
        sled::Error::Unsupported(m) => StoreError::Damaged(at(format!("{}: {m}", dir.display()))),
        sled::Error::ReportableBug(m) => StoreError::Damaged(at(format!(
            "{}: internal database error: {m}",
            dir.display()
        ))),
        sled::Error::CollectionNotFound(_) => {
            StoreError::Damaged(at(format!("{}: a tree is missing", dir.display())))
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
