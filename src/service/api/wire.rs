//! What crosses the socket besides requests and replies: secrets that never print,
//! errors as plain data (turned back into [`Error`] on the other side, so a caller
//! matches the same variants in-process and remotely), the frames themselves, and
//! the notices a server pushes when something changes.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{Reply, Request};
use crate::domain::{CaseId, PersonId, Problems};
use crate::service::Error;
use crate::service::views::QueryProblem;
use crate::store::StoreError;

/// A passphrase or a recovery key: wiped from memory when dropped, never printed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(pub Zeroizing<String>);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(Zeroizing::new(s.into()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<Zeroizing<String>> for Secret {
    fn from(s: Zeroizing<String>) -> Secret {
        Secret(s)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Secret, D::Error> {
        Ok(Secret(Zeroizing::new(String::deserialize(d)?)))
    }
}

/// An [`Error`] as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WireError {
    InUse {
        dir: String,
        pid: String,
        user: String,
        since: String,
    },
    Missing(String),
    Exists(String),
    WrongPassphrase,
    TryLater {
        millis: u64,
    },
    Damaged(String),
    Io(String),
    Invalid {
        what: String,
        problems: Problems,
    },
    NotFound {
        what: String,
        id: String,
    },
    NotPermitted(String),
    Conflict(String),
    Import(String),
    Letter(String),
    Query(QueryProblem),
    Unavailable(String),
}

impl From<&Error> for WireError {
    fn from(e: &Error) -> WireError {
        match e {
            Error::Store(s) => match s {
                StoreError::InUse {
                    dir,
                    pid,
                    user,
                    since,
                } => WireError::InUse {
                    dir: dir.display().to_string(),
                    pid: pid.clone(),
                    user: user.clone(),
                    since: since.clone(),
                },
                StoreError::Missing(d) => WireError::Missing(d.display().to_string()),
                StoreError::Exists(d) => WireError::Exists(d.display().to_string()),
                StoreError::WrongPassphrase => WireError::WrongPassphrase,
                StoreError::TryLater(d) => WireError::TryLater {
                    millis: d.as_millis() as u64,
                },
                StoreError::Damaged(m) => WireError::Damaged(m.clone()),
                other @ StoreError::NotKept(_) => WireError::Conflict(other.to_string()),
                other @ StoreError::Io { .. } => WireError::Io(other.to_string()),
            },
            Error::Invalid { what, problems } => WireError::Invalid {
                what: what.to_string(),
                problems: problems.clone(),
            },
            Error::NotFound { what, id } => WireError::NotFound {
                what: what.to_string(),
                id: id.clone(),
            },
            Error::NotPermitted(m) => WireError::NotPermitted(m.clone()),
            Error::Conflict(m) => WireError::Conflict(m.clone()),
            Error::Import(m) => WireError::Import(m.clone()),
            Error::Letter(m) => WireError::Letter(m.clone()),
            Error::Query(q) => WireError::Query(q.clone()),
            Error::Unavailable(m) => WireError::Unavailable(m.clone()),
            other @ Error::Io { .. } => WireError::Io(other.to_string()),
        }
    }
}

impl From<WireError> for Error {
    fn from(e: WireError) -> Error {
        let store = Error::Store;
        match e {
            WireError::InUse {
                dir,
                pid,
                user,
                since,
            } => store(StoreError::InUse {
                dir: dir.into(),
                pid,
                user,
                since,
            }),
            WireError::Missing(d) => store(StoreError::Missing(d.into())),
            WireError::Exists(d) => store(StoreError::Exists(d.into())),
            WireError::WrongPassphrase => store(StoreError::WrongPassphrase),
            WireError::TryLater { millis } => store(StoreError::TryLater(
                std::time::Duration::from_millis(millis),
            )),
            WireError::Damaged(m) => store(StoreError::Damaged(m)),
            // The words were made on the server; the kind of I/O failure is not needed.
            WireError::Io(m) => Error::Unavailable(m),
            WireError::Invalid { what, problems } => Error::Invalid {
                what: Cow::Owned(what),
                problems,
            },
            WireError::NotFound { what, id } => Error::NotFound {
                what: Cow::Owned(what),
                id,
            },
            WireError::NotPermitted(m) => Error::NotPermitted(m),
            WireError::Conflict(m) => Error::Conflict(m),
            WireError::Import(m) => Error::Import(m),
            WireError::Letter(m) => Error::Letter(m),
            WireError::Query(q) => Error::Query(q),
            WireError::Unavailable(m) => Error::Unavailable(m),
        }
    }
}

/// Something that changed, pushed to every signed-in client so that screens showing
/// it can read it again. Ids and kinds only: nothing a record says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// A new intake (recent intakes, home).
    Intake,
    /// A case changed: its details, timeline, links or follow-ups.
    Case(CaseId),
    /// A person's details changed (their card).
    Person(PersonId),
    /// Follow-ups changed (queues and home counts).
    FollowUps,
    /// The directory of organisations changed.
    Directory,
    /// Users, reference lists or settings changed.
    Setup,
    /// The store was replaced (a restore): every session must sign in again.
    Replaced,
    /// Said by a client to itself: its server went away.
    ServerGone,
}

/// A frame from a client.
#[derive(Debug, Serialize, Deserialize)]
pub enum ClientFrame {
    Call {
        id: u64,
        request: Request,
    },
    /// Part of an upload for call `id`; an empty chunk ends it.
    Chunk {
        id: u64,
        data: Vec<u8>,
    },
}

/// A frame from the server.
#[derive(Debug, Serialize, Deserialize)]
pub enum ServerFrame {
    Answer {
        id: u64,
        answer: Result<Reply, WireError>,
    },
    /// Part of a download for call `id`; an empty chunk ends it.
    Chunk {
        id: u64,
        data: Vec<u8>,
    },
    /// How far a long call has come.
    Progress {
        id: u64,
        done: u64,
        total: u64,
    },
    Notice(Notice),
}

/// bincode 2 in its standard form, with a limit on what a length may claim.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    crate::store::codec::to_bincode(value)
}

/// Reads a frame's value, insisting on every byte being used.
pub fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    crate::store::codec::from_bincode(bytes).map_err(|e| e.to_string())
}
