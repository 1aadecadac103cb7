//! Backups and restores through the service, so both are permitted and checked.

use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Caseline, Error, Result};
use crate::domain::{AuditAction, AuditNote, Clock};
use crate::store::{Kept, Notice, Restore, Store, StoreError, write_backup, write_backup_to};

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
    /// Where the store it replaced is kept (in the data directory), when it replaced one.
    pub kept: Option<PathBuf>,
    /// What an interrupted restore or removal had left, and what was done about it.
    pub notices: Vec<String>,
}

/// Who signs in: a login (or none, when every slot may be tried) and a passphrase or
/// the recovery key.
#[derive(Debug, Clone, Copy)]
pub struct SignIn<'a> {
    pub login: Option<&'a str>,
    pub secret: &'a str,
}

/// A restore: the backup, and who may put it in place.
#[derive(Debug, Clone, Copy)]
pub struct RestoreRequest<'a> {
    pub src: &'a Path,
    /// What the restore's log entries and the kept store's name take the time from.
    pub clock: &'a Clock,
    /// Replace the store that is there.
    pub force: bool,
    /// An administrator of the store being replaced, signed in to it: needed when
    /// there is one. A backup never authorises replacing a store by itself.
    pub live: Option<SignIn<'a>>,
    /// What opens the backup: an administrator of the store it was made from.
    pub backup: SignIn<'a>,
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

    /// Writes the same copy into `out`, for a client that makes the file itself (one
    /// talking to a server that may not write where the client can read).
    ///
    /// Writes wait while the store is copied, so the copy is made into a private file
    /// first (unnamed, its owner's alone, in the data directory, gone once closed) at
    /// the disk's pace, and only then sent on with nothing held: a reader that is slow
    /// or stops (a backup suspended with Ctrl-Z) holds up nobody's saves.
    pub fn backup_to(&self, out: &mut dyn Write) -> Result<BackupSummary> {
        self.require(super::Operation::Backup)?;
        let io = |e| Error::Io {
            what: "copying the backup".into(),
            source: e,
        };
        let mut copy = tempfile::tempfile_in(self.dir()).map_err(io)?;
        let entries = {
            let _guard = self.write_guard();
            let mut file = std::io::BufWriter::new(&mut copy);
            let entries = write_backup_to(self.vault(), &mut file)?;
            file.flush().map_err(io)?;
            entries
        };
        copy.seek(SeekFrom::Start(0)).map_err(io)?;
        let bytes = std::io::copy(&mut copy, out).map_err(io)?;
        out.flush().map_err(io)?;
        self.audit_event(AuditNote::new(AuditAction::Backup).detail(format!("{entries} entries")))?;
        Ok(BackupSummary { entries, bytes })
    }
}

/// Restores the backup `src` into `dir`, with one sign-in for the store being replaced
/// (if any) and for the backup: see [`restore_with`].
pub fn restore(
    dir: &Path,
    src: &Path,
    force: bool,
    who: SignIn<'_>,
    clock: &Clock,
) -> Result<RestoreSummary> {
    restore_with(
        dir,
        RestoreRequest {
            src,
            clock,
            force,
            live: Some(who),
            backup: who,
        },
    )
}

/// Restores a backup into `dir`. The copy must open as an administrator of the store it
/// came from and pass `check` before it replaces anything. A store already in `dir` is
/// only replaced with `force` and by one of its own administrators, signed in to it;
/// it is then kept, as it was, in `dir/replaced-TIME` until an administrator removes it.
pub fn restore_with(dir: &Path, req: RestoreRequest<'_>) -> Result<RestoreSummary> {
    let mut restore = Restore::begin(dir, req.force, req.clock.clone())?;
    let notices: Vec<String> = restore.notices().iter().map(describe).collect();
    let live = match restore.live_store() {
        Ok(None) => None,
        Ok(Some(store)) => Some(sign_in_to_replace(dir, store, req.live)?),
        Err(e) => {
            return Err(Error::Conflict(format!(
                "the store at {} did not open to check that you are its administrator ({e}); \
                 to replace a store that no longer opens, move {} aside and restore into \
                 the directory left empty",
                dir.display(),
                dir.join("db").display()
            )));
        }
    };
    restore.unpack(req.src)?;
    let kept = restore.kept().map(str::to_string);
    let records_checked = check_backup(&restore, req.backup, kept.as_deref())?;
    if let (Some(svc), Some(kept)) = (live, &kept) {
        let note = format!(
            "this store is replaced by a backup ({} entries, {records_checked} records checked) and kept in {kept}",
            restore.entries()
        );
        svc.audit_event(AuditNote::new(AuditAction::Restore).detail(note))?;
        svc.close()?;
    }
    let entries = restore.entries();
    let mut notices = notices;
    let kept = match restore.commit()? {
        Kept::Nothing => None,
        Kept::In(name) => Some(dir.join(name)),
        Kept::OnNextOpen(why) => {
            notices.push(format!(
                "db.replaced: the store it replaced could not be moved to where it is kept \
                 ({why}); it waits in db.replaced and is kept on the next open"
            ));
            None
        }
    };
    Ok(RestoreSummary {
        entries,
        records_checked,
        kept,
        notices,
    })
}

/// Signs in to the store about to be replaced: only one of its administrators may.
fn sign_in_to_replace(dir: &Path, store: Store, who: Option<SignIn<'_>>) -> Result<Caseline> {
    let refused = |why: String| {
        Error::NotPermitted(format!(
            "replacing the store at {} needs one of its administrators, signed in to it: {why}",
            dir.display()
        ))
    };
    let who = who.ok_or_else(|| refused("no sign-in was given".into()))?;
    let (key, user) = loop {
        match store.find_key(who.login, who.secret) {
            Err(StoreError::TryLater(wait)) => store.clock().sleep(wait),
            Err(e @ StoreError::WrongPassphrase) => return Err(refused(e.to_string())),
            found => break found?,
        }
    };
    let svc = Caseline::from_vault(store.unlock_with_key(key)?, user).map_err(|e| match e {
        Error::NotPermitted(m) => refused(m),
        other => other,
    })?;
    svc.require(super::Operation::Restore)
        .map_err(|e| refused(e.to_string()))?;
    Ok(svc)
}

/// Opens the unpacked backup as one of its administrators and checks it; records the
/// restore in its log. Returns the records checked.
fn check_backup(restore: &Restore, who: SignIn<'_>, kept: Option<&str>) -> Result<usize> {
    let store = restore.staged_store()?;
    let (key, user) = store.find_key(who.login, who.secret)?;
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
    let over = match kept {
        Some(kept) => format!("; the store it replaced is kept in {kept}"),
        None => String::new(),
    };
    let note = format!(
        "{} entries, {} records checked{over}",
        restore.entries(),
        report.records
    );
    svc.audit_event(AuditNote::new(AuditAction::Restore).detail(note))?;
    Ok(report.records)
}

/// A notice in words: where, then what.
pub(super) fn describe(n: &Notice) -> String {
    format!("{}: {}", n.place, n.said)
}
