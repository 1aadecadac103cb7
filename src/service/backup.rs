//! Backups and restores through the service, so both are permitted and checked.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::{AuditAction, AuditNote};
use crate::store::{Restore, write_backup};

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSummary {
    pub entries: usize,
    pub bytes: u64,
}

/// What a restore put back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreSummary {
    pub entries: usize,
    pub records_checked: usize,
}

impl Caseline {
    /// Writes a consistent, still-encrypted copy of the store to `dest` (administrators only).
    pub fn backup(&self, dest: &Path) -> Result<BackupSummary> {
        self.require(super::Operation::Backup)?;
        let _guard = self.write_guard();
        let entries = write_backup(self.vault(), dest)?;
        let bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
        self.audit_event(AuditNote::new(AuditAction::Backup).detail(format!("{entries} entries")))?;
        Ok(BackupSummary { entries, bytes })
    }
}

/// Restores the backup `src` into `dir`. The copy must open with the given passphrase
/// as an administrator and pass `check` before it replaces anything; an existing store
/// is only replaced with `force`.
pub fn restore(
    dir: &Path,
    src: &Path,
    force: bool,
    login: Option<&str>,
    secret: &str,
) -> Result<RestoreSummary> {
    let staged = Restore::stage(dir, src, force)?;
    let records_checked = {
        let store = staged.staged_store()?;
        let (key, user) = store.find_key(login, secret)?;
        let svc = Caseline::from_vault(store.unlock_with_key(key)?, user)?;
        svc.require(super::Operation::Restore)?;
        let report = svc.check()?;
        if !report.is_clean() {
            let first = &report.faults[0];
            return Err(Error::Conflict(format!(
                "the backup fails its check ({} fault(s), first: {}: {}); nothing was changed",
                report.faults.len(),
                first.place,
                first.problem
            )));
        }
        let note = format!(
            "{} entries, {} records checked",
            staged.entries(),
            report.records
        );
        svc.audit_event(AuditNote::new(AuditAction::Restore).detail(note))?;
        report.records
    };
    let entries = staged.entries();
    staged.commit()?;
    Ok(RestoreSummary {
        entries,
        records_checked,
    })
}
