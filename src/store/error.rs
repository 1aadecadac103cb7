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

pub type StoreResult<T> = Result<T, StoreError>;
