//! The service's errors: typed, with a human message that names no personal data.

use std::borrow::Cow;

use super::views::QueryProblem;
use crate::domain::Problems;
use crate::store::StoreError;

/// Everything a service call can refuse or fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The request broke a rule; each problem names its field.
    #[error("the {what} was not saved: {problems}")]
    Invalid {
        what: Cow<'static, str>,
        problems: Problems,
    },
    #[error("no {what} {id}")]
    NotFound { what: Cow<'static, str>, id: String },
    /// The acting user's role does not allow this.
    #[error("not permitted: {0}")]
    NotPermitted(String),
    /// The request clashes with what is stored.
    #[error("{0}")]
    Conflict(String),
    /// An import file is malformed; the message names the record and field.
    #[error("import refused, nothing was changed: {0}")]
    Import(String),
    /// A letter that could not be made: a field missing from the case, the client's
    /// safe-contact rules, or a template that does not render (named, with its line).
    #[error("the letter was not made: {0}")]
    Letter(String),
    /// A search query that cannot be run: what is wrong and at which character.
    #[error("{}", .0.message)]
    Query(QueryProblem),
    /// The server went away, or could not be reached; whether a change in flight was
    /// made is not known.
    #[error("{0}")]
    Unavailable(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// Whether another process holds the store (and is not its server).
    pub fn is_in_use(&self) -> bool {
        matches!(self, Error::Store(StoreError::InUse { .. }))
    }

    /// Whether this is a passphrase (or recovery key) that opened nothing.
    pub fn is_wrong_passphrase(&self) -> bool {
        matches!(self, Error::Store(StoreError::WrongPassphrase))
    }

    /// The wait still to run when a sign-in came too soon after wrong passphrases.
    pub fn try_later(&self) -> Option<std::time::Duration> {
        match self {
            Error::Store(StoreError::TryLater(wait)) => Some(*wait),
            _ => None,
        }
    }

    pub(crate) fn invalid(what: &'static str, problems: Problems) -> Error {
        Error::Invalid {
            what: Cow::Borrowed(what),
            problems,
        }
    }

    pub(crate) fn not_found(what: &'static str, id: impl std::fmt::Display) -> Error {
        Error::NotFound {
            what: Cow::Borrowed(what),
            id: id.to_string(),
        }
    }

    /// The field problems, when the error is a validation failure.
    pub fn problems(&self) -> Option<&Problems> {
        match self {
            Error::Invalid { problems, .. } => Some(problems),
            _ => None,
        }
    }
}

impl From<crate::search::QueryError> for Error {
    fn from(e: crate::search::QueryError) -> Error {
        Error::Query(QueryProblem {
            at: e.at,
            len: e.len,
            message: e.to_string(),
        })
    }
}

/// Result of a service call.
pub type Result<T, E = Error> = std::result::Result<T, E>;
