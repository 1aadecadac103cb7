//! The audit log's entries: who did what to which records, when, and from where.
//!
//! An entry names records by tree and id, never by anything they contain, and its
//! `detail` is a short phrase chosen by the code (counts, a status), never typed text.
//! The one exception is a failed sign-in's `login_typed`: what someone typed may be a
//! passphrase typed in the wrong field, so it exists only inside the sealed entry, and
//! the service shows it only when it is the login of a user on file.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ids::{CaseId, UserId};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    SignInFailed,
    Lock,
    Unlock,
    ViewCase,
    ViewPerson,
    Change,
    Export,
    Import,
    Backup,
    Restore,
    UserChange,
    Reindex,
    Check,
    /// A report's working figures (exact counts) shown on screen.
    Report,
}

impl AuditAction {
    /// Every action, in declaration order.
    pub const ALL: [AuditAction; 15] = [
        AuditAction::SignIn,
        AuditAction::SignInFailed,
        AuditAction::Lock,
        AuditAction::Unlock,
        AuditAction::ViewCase,
        AuditAction::ViewPerson,
        AuditAction::Change,
        AuditAction::Export,
        AuditAction::Import,
        AuditAction::Backup,
        AuditAction::Restore,
        AuditAction::UserChange,
        AuditAction::Reindex,
        AuditAction::Check,
        AuditAction::Report,
    ];

    /// The name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::Lock => "lock",
            AuditAction::Unlock => "unlock",
            AuditAction::ViewCase => "view_case",
            AuditAction::ViewPerson => "view_person",
            AuditAction::Change => "change",
            AuditAction::Export => "export",
            AuditAction::Import => "import",
            AuditAction::Backup => "backup",
            AuditAction::Restore => "restore",
            AuditAction::UserChange => "user_change",
            AuditAction::Reindex => "reindex",
            AuditAction::Check => "check",
            AuditAction::Report => "report",
        }
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A record an entry is about: its tree and its id (a ULID, or a list's name).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordRef {
    pub tree: String,
    pub id: String,
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.tree, self.id)
    }
}

/// What the service says about one event; the store adds when, who, where from and
/// the chain link when it appends it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuditNote {
    pub action: Option<AuditAction>,
    pub records: Vec<RecordRef>,
    pub case: Option<CaseId>,
    pub detail: String,
    /// Only for a failed sign-in: the login typed (kept sealed, never printed).
    pub login_typed: Option<String>,
}

impl AuditNote {
    /// A note of `action` with nothing else said yet.
    pub fn new(action: AuditAction) -> AuditNote {
        AuditNote {
            action: Some(action),
            ..AuditNote::default()
        }
    }

    /// Adds a short phrase (no personal data: counts, states, codes).
    pub fn detail(mut self, detail: impl Into<String>) -> AuditNote {
        self.detail = detail.into();
        self
    }

    /// Names the case the event concerns.
    pub fn case(mut self, case: CaseId) -> AuditNote {
        self.case = Some(case);
        self
    }

    /// Names a record the event concerns.
    pub fn record(mut self, tree: &str, id: impl fmt::Display) -> AuditNote {
        self.records.push(RecordRef {
            tree: tree.to_string(),
            id: id.to_string(),
        });
        self
    }
}

/// One entry of the audit log, as stored (sealed) in the `audit` tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the chain, from 1; also the entry's key.
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The user acting; `None` for a failed sign-in.
    pub who: Option<UserId>,
    pub action: AuditAction,
    pub records: Vec<RecordRef>,
    pub case: Option<CaseId>,
    /// `SSH_CONNECTION`'s client address, else the terminal's name, else "local".
    pub origin: String,
    pub detail: String,
    pub login_typed: Option<String>,
    /// Hash of the previous entry's stored bytes (all zeros for the first entry).
    pub prev: [u8; 32],
    /// The OS account of the process that asked (from the kernel, for a server's
    /// clients); `None` in entries written before it was recorded.
    pub os_user: Option<String>,
}

/// Who an audit entry is written as: the caseline user (none for a failed sign-in),
/// where the request came from, and the OS account that made it. Each session has
/// its own, so entries from several people on one store name each of them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stamp {
    pub who: Option<UserId>,
    pub origin: String,
    pub os_user: Option<String>,
}
