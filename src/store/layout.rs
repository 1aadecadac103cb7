//! The data directory around the database: what a restore leaves while it works, the
//! replaced stores it keeps, and finishing or undoing whatever a crash interrupted.
//!
//! ```text
//! DIR/db/                the database
//! DIR/db.new/            a store being made by `init` (renamed to db/ when whole)
//! DIR/db.restore/        a backup being unpacked and checked
//! DIR/db.replaced/       the live database, moved aside for a moment while a restore swaps
//! DIR/replaced-TIME/     a replaced store, kept: its db/ and drafts/, as they were
//! DIR/replaced-TIME.removing/  a kept store being removed
//! ```
//!
//! Every step is a rename, so a crash at any point leaves the old store or the new one
//! in `db/` (or the old one in `db.replaced/`, put back by [`tidy`]), never neither.

use std::path::{Path, PathBuf};

use super::error::{StoreError, StoreResult};
use super::{create_private_dir, sync_dir};

pub(super) const DB: &str = "db";
pub(super) const NEW_DB: &str = "db.new";
pub(super) const RESTORE: &str = "db.restore";
pub(super) const REPLACED: &str = "db.replaced";
pub(super) const DRAFTS: &str = "drafts";
const KEPT_PREFIX: &str = "replaced-";
const REMOVING: &str = ".removing";

/// Something found around the database when the store was opened: housekeeping done
/// (said once), or damage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Where, relative to the data directory (`db.restore`, `db/blobs`, `replaced-…`).
    pub place: String,
    pub said: String,
    /// Damage, which `check` counts as a fault, rather than housekeeping done.
    pub damage: bool,
}

impl Notice {
    fn done(place: &str, said: impl Into<String>) -> Notice {
        Notice {
            place: place.into(),
            said: said.into(),
            damage: false,
        }
    }
}

/// A replaced store kept in the data directory until an administrator removes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptStore {
    /// Its directory's name (`replaced-…`).
    pub name: String,
    /// Bytes it takes on disk (still encrypted, as it was).
    pub bytes: u64,
}

fn io(what: String, path: &Path) -> impl FnOnce(std::io::Error) -> StoreError {
    move |e| StoreError::io(format!("{what} {}", path.display()), e)
}

/// Whether `dir` holds a store. What stands at `db` but is not a directory is damage,
/// never "no store yet": nothing may be made over it.
pub(super) fn found(dir: &Path) -> StoreResult<bool> {
    let db = dir.join(DB);
    match std::fs::symlink_metadata(&db) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A restore stopped between its two renames: the store is in db.replaced,
            // and [`tidy`] puts it back.
            Ok(dir.join(REPLACED).is_dir())
        }
        Err(e) => Err(io("reading".into(), &db)(e)),
        Ok(_) if db.is_dir() => Ok(true),
        Ok(_) => Err(StoreError::Damaged(format!(
            "{} is not a directory, so it is not caseline's database: caseline will not open \
             it or make a new store over it (move it aside to restore a backup here)",
            db.display()
        ))),
    }
}

/// Puts right what an interrupted restore or removal left, before the database is
/// opened (the caller holds the directory's lock); says what it did.
pub(super) fn tidy(dir: &Path) -> StoreResult<Vec<Notice>> {
    let mut notices = Vec::new();
    let db = dir.join(DB);
    let replaced = dir.join(REPLACED);
    if replaced.is_dir() && !db.exists() {
        std::fs::rename(&replaced, &db).map_err(io("putting back".into(), &replaced))?;
        sync_dir(dir)?;
        notices.push(Notice::done(
            REPLACED,
            "a restore stopped before the backup went in: the store it was replacing is \
             back in place",
        ));
    } else if replaced.is_dir() {
        // Found on opening, before any clock is given: the system's names it.
        let kept = keep_replaced(
            dir,
            &unfinished_kept(dir).unwrap_or_else(|| kept_name(dir, chrono::Utc::now())),
        )?;
        notices.push(Notice::done(
            &kept,
            format!(
                "a restore stopped after the backup went in: the store it replaced is \
                 kept in {kept} until an administrator removes it"
            ),
        ));
    }
    let staged = dir.join(RESTORE);
    if staged.exists() {
        std::fs::remove_dir_all(&staged).map_err(io("removing".into(), &staged))?;
        notices.push(Notice::done(
            RESTORE,
            "the unpacked copy of a backup, left by a restore that stopped, was removed \
             (the backup file is untouched)",
        ));
    }
    for name in names(dir) {
        if name.starts_with(KEPT_PREFIX) && name.ends_with(REMOVING) {
            let path = dir.join(&name);
            std::fs::remove_dir_all(&path).map_err(io("removing".into(), &path))?;
            let kept = name.trim_end_matches(REMOVING);
            notices.push(Notice::done(
                kept,
                format!(
                    "the removal of the replaced store {kept}, which had stopped, was finished"
                ),
            ));
        }
    }
    Ok(notices)
}

/// Names of the entries of `dir`, sorted (none when it cannot be read).
fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A new name for a kept store: `replaced-` and the time `now` in UTC, unique in `dir`.
pub(super) fn kept_name(dir: &Path, now: chrono::DateTime<chrono::Utc>) -> String {
    let base = format!("{KEPT_PREFIX}{}", now.format("%Y-%m-%dT%H-%M-%SZ"));
    let mut name = base.clone();
    let mut n = 1;
    while dir.join(&name).exists() || dir.join(format!("{name}{REMOVING}")).exists() {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}

/// A kept store's directory that a crash left without its database: the one an
/// interrupted restore was filling.
fn unfinished_kept(dir: &Path) -> Option<String> {
    names(dir).into_iter().find(|n| {
        n.starts_with(KEPT_PREFIX) && !n.ends_with(REMOVING) && !dir.join(n).join(DB).exists()
    })
}

/// Moves `db.replaced` (and the drafts beside it, which belong to it) into the kept
/// store `name`. Drafts go first: a crash between the two moves leaves the kept
/// directory without its database, which [`tidy`] fills on the next open.
pub(super) fn keep_replaced(dir: &Path, name: &str) -> StoreResult<String> {
    let kept = dir.join(name);
    create_private_dir(&kept)?;
    sync_dir(dir)?;
    let drafts = dir.join(DRAFTS);
    if drafts.exists() {
        std::fs::rename(&drafts, kept.join(DRAFTS)).map_err(io("keeping".into(), &drafts))?;
    }
    let replaced = dir.join(REPLACED);
    std::fs::rename(&replaced, kept.join(DB)).map_err(io("keeping".into(), &replaced))?;
    sync_dir(&kept)?;
    sync_dir(dir)?;
    Ok(name.to_string())
}

/// The replaced stores kept in `dir`, oldest first.
pub fn kept_stores(dir: &Path) -> Vec<KeptStore> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with(KEPT_PREFIX) && !n.ends_with(REMOVING))
        .filter(|n| dir.join(n).join(DB).is_dir())
        .map(|name| KeptStore {
            bytes: dir_size(&dir.join(&name)),
            name,
        })
        .collect()
}

/// Removes the kept store `name` from `dir` (the caller holds the directory's lock).
/// It is renamed first, so a removal that stops part way is finished by [`tidy`]
/// rather than leaving half a store that looks whole.
pub(super) fn remove_kept(dir: &Path, name: &str) -> StoreResult<PathBuf> {
    if !kept_stores(dir).iter().any(|k| k.name == name) {
        return Err(StoreError::NotKept(dir.to_path_buf()));
    }
    let path = dir.join(name);
    let removing = dir.join(format!("{name}{REMOVING}"));
    std::fs::rename(&path, &removing).map_err(io("removing".into(), &path))?;
    sync_dir(dir)?;
    std::fs::remove_dir_all(&removing).map_err(io("removing".into(), &removing))?;
    sync_dir(dir)?;
    Ok(path)
}

/// Whether the database's directory for values too large for its log is missing:
/// sled makes it again, empty, on opening, so this is looked at first. It is not damage
/// by itself (a copy that leaves out empty directories drops it too); the values it
/// held, if any, are, and `check` names the trees that needed them.
pub(super) fn blobs_missing(dir: &Path) -> Option<Notice> {
    let db = dir.join(DB);
    (db.is_dir() && !db.join("blobs").exists()).then(|| Notice {
        place: format!("{DB}/blobs"),
        said: "was missing, and is made again, empty: if the database kept values there (those \
               too large for its log) they are lost, and `check` names every tree that needed \
               them; restore a backup if records are among them"
            .into(),
        damage: false,
    })
}

/// Total size of the files under `path`.
pub fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}
