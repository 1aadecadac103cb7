//! Replaced stores that restores keep, and what opening the store found around its
//! database (see `src/store/layout.rs`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::backup::describe;
use super::{Caseline, Error, Operation, Result};
use crate::domain::{AuditAction, AuditNote};
use crate::store::kept_stores;

/// A replaced store kept in the data directory: its name and size, nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplacedStore {
    /// Its directory in the data directory (`replaced-…`).
    pub name: String,
    /// Bytes on disk: the database as it was, still encrypted, and its drafts.
    pub bytes: u64,
}

/// The replaced stores kept in `dir`, oldest first.
pub(super) fn replaced_in(dir: &Path) -> Vec<ReplacedStore> {
    kept_stores(dir)
        .into_iter()
        .map(|k| ReplacedStore {
            name: k.name,
            bytes: k.bytes,
        })
        .collect()
}

impl Caseline {
    /// The replaced stores kept in the data directory, oldest first.
    pub fn replaced_stores(&self) -> Result<Vec<ReplacedStore>> {
        self.require(Operation::Reports)?;
        Ok(replaced_in(self.dir()))
    }

    /// Deletes a replaced store that a restore kept (administrators), for good; the
    /// removal is recorded in the audit log. `name` is its directory's name, or its
    /// path. Returns where it was.
    pub fn remove_replaced(&self, name: &str) -> Result<PathBuf> {
        self.require(Operation::RemoveReplaced)?;
        let name = name_in(self.dir(), name)?;
        let _guard = self.write_guard();
        let path = self.vault().remove_kept(&name)?;
        self.audit_event(AuditNote::new(AuditAction::Restore).detail(format!(
            "the replaced store {name}, kept by a restore, was removed"
        )))?;
        Ok(path)
    }

    /// What opening the store found around its database and did about it, in words,
    /// for the caller to say once.
    pub fn notices(&self) -> Vec<String> {
        self.vault().notices().iter().map(describe).collect()
    }

    /// Whether any of [`Caseline::notices`] is damage (rather than housekeeping done).
    pub fn notices_damage(&self) -> bool {
        self.vault().notices().iter().any(|n| n.damage)
    }
}

/// The name, in the data directory `dir`, of a kept store given by name or by path.
fn name_in(dir: &Path, given: &str) -> Result<String> {
    let path = Path::new(given);
    let outside = || {
        Error::Conflict(format!(
            "a replaced store is named by its directory in {} (`caseline replaced list` lists them)",
            dir.display()
        ))
    };
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Err(outside());
    };
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(parent) = parent {
        let same = match (parent.canonicalize(), dir.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if !same {
            return Err(outside());
        }
    }
    Ok(name.to_string())
}
