//! The encrypted, crash-safe store. Nothing outside this module touches the storage
//! engine.
//!
//! A data directory holds `caseline.lock` (who has it open) and `db/` (the sled
//! database). [`Store`] is an opened, locked directory; [`Vault`] is a store unlocked
//! with a passphrase, which can read and write records.
//!
//! Both are generic over the storage engine (`kv.rs` says what one must guarantee),
//! with [`AnyDb`] the default: the engine chosen when the store is opened (`any.rs`),
//! so the service names plain `Store` and `Vault` and runs on any engine. Opening and
//! creating from a directory make a store on sled ([`SledDb`]), as restores do
//! (`backup.rs`); [`Store::in_memory`] makes one on the in-memory engine
//! ([`MemoryDb`]). The store's own tests run on sled and on the in-memory engine, the
//! latter both directly and through [`AnyDb`].

mod any;
pub mod audit;
mod audit_verify;
pub mod backoff;
mod backup;
mod bulk;
pub mod case_index;
pub mod codec;
pub mod crypto;
mod draft;
mod engine;
#[cfg(test)]
mod engine_tests;
mod error;
mod fact_days;
pub mod facts_index;
mod incident_v2;
pub mod indexes;
pub mod keyslot;
pub mod kind;
pub mod kv;
mod layout;
mod lock;
pub mod memory;
pub(crate) mod organisation_v1;
mod records;
mod records_v1;
pub mod referral_index;
mod referral_v2;
pub mod report_facts;
pub mod search_snapshot;
pub mod settings;
mod upgrade;
mod vault;
mod verify;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use any::{AnyBytes, AnyDb, AnyIter, AnyTree};
pub use audit::{Anchor, process_stamp};
pub use audit_verify::{AuditSummary, Broken};
pub use backoff::Failures;
pub use backup::{Kept, Restore, write_backup, write_backup_to, write_file_atomically};
pub use bulk::Bulk;
pub use codec::{CodecError, Record};
pub use crypto::{KdfParams, SecretKey};
pub use draft::{DraftFault, DraftFiles, draft_faults, draft_slots};
pub use engine::{SledDb, SledTree};
pub use error::{StoreError, StoreResult, describe_key};
pub use keyslot::{KeySlot, new_recovery_key};
pub use kind::Kind;
pub use layout::{KeptStore, Notice, dir_size, kept_stores};
pub use lock::os_user;
pub use memory::MemoryDb;
pub(crate) use records::ReferralV1;
pub use records::list_key;
pub use search_snapshot::{Snapshot, SnapshotStore, Touched};
pub use settings::{ChaseDays, LetterSettings, Settings};
pub use vault::{Changes, CommitHook, Entries, Vault};
pub use verify::{ExpectedIndexes, IndexProblem, Opened, RecordFacts};

use crate::domain::{Clock, UserId};
use kv::{KvStore, KvTree};
use lock::DirLock;

/// Version of the directory layout and value framing.
pub const STORE_FORMAT: u8 = 1;
use layout::{DB as DB_DIR, NEW_DB as NEW_DB_DIR};

/// An opened and locked data directory, not yet unlocked, on storage engine `K`.
pub struct Store<K: KvStore = AnyDb> {
    /// The data directory: the database's place for sled, and where drafts and
    /// replaced stores are kept beside it.
    dir: PathBuf,
    db: K,
    /// The process lock on `dir`; an in-memory store has no directory to lock.
    _lock: Option<Arc<DirLock>>,
    /// Stamps audit entries and times the pause after wrong passphrases.
    clock: Clock,
    /// What opening found around the database and did about it (see `layout.rs`).
    notices: Vec<Notice>,
}

impl Store<AnyDb> {
    /// Whether `dir` holds a store, or something in its place that is damage (which
    /// opening reports): either way, nothing new may be made there.
    pub fn exists(dir: &Path) -> bool {
        !matches!(layout::found(dir), Ok(false))
    }

    /// Fails, naming it, when what stands where the database goes is not one.
    pub fn check_place(dir: &Path) -> StoreResult<()> {
        layout::found(dir).map(drop)
    }

    /// Opens the store in `dir`, taking the process lock. What an interrupted restore
    /// left is put right first ([`Store::notices`] says what was done).
    pub fn open(dir: &Path) -> StoreResult<Store> {
        if !layout::found(dir)? {
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        let lock = Arc::new(DirLock::acquire(dir)?);
        let mut notices = layout::tidy(dir)?;
        notices.extend(layout::blobs_missing(dir));
        let db = AnyDb::open_sled(&dir.join(DB_DIR), false)?;
        let store = Store {
            dir: dir.to_path_buf(),
            db,
            _lock: Some(lock),
            clock: Clock::system(),
            notices,
        };
        store.check_format()?;
        // An import that stopped part way is undone before anyone reads the store.
        bulk::roll_back_db(&store.db)?;
        Ok(store)
    }

    /// Creates a store in `dir` with its first key slots, atomically: the database is
    /// built beside its final place and renamed into it, so a crash leaves no half store.
    pub fn create(
        dir: &Path,
        build: impl FnOnce(&Builder) -> StoreResult<()>,
    ) -> StoreResult<Store> {
        create_private_dir(dir)?;
        let lock = Arc::new(DirLock::acquire(dir)?);
        if layout::found(dir)? {
            return Err(StoreError::Exists(dir.to_path_buf()));
        }
        // Left by an init or a restore into this empty directory that stopped.
        for stale in [NEW_DB_DIR, layout::RESTORE] {
            let stale = dir.join(stale);
            if stale.exists() {
                std::fs::remove_dir_all(&stale)
                    .map_err(|e| StoreError::io(format!("removing {}", stale.display()), e))?;
            }
        }
        let tmp = dir.join(NEW_DB_DIR);
        {
            let db = AnyDb::open_sled(&tmp, true)?;
            first_records(&db, build)?;
            db.flush()?;
        }
        std::fs::rename(&tmp, dir.join(DB_DIR))
            .map_err(|e| StoreError::io(format!("creating {}", dir.display()), e))?;
        sync_dir(dir)?;
        let db = AnyDb::open_sled(&dir.join(DB_DIR), false)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            db,
            _lock: Some(lock),
            clock: Clock::system(),
            notices: Vec::new(),
        })
    }

    /// A new store whose database is in memory, gone when the last handle drops: for
    /// tests. `dir` is only where files beside the database would go (drafts, kept
    /// stores); nothing is locked there, and the database writes nothing there.
    pub fn in_memory(
        dir: &Path,
        build: impl FnOnce(&Builder<'_>) -> StoreResult<()>,
    ) -> StoreResult<Store> {
        Store::new_on(AnyDb::memory(), dir, build)
    }
}

impl<K: KvStore> Store<K> {
    /// A new store on `db`, an empty database of an engine that keeps no directory of
    /// its own (so there is nothing to lock). `dir` is where files beside it go.
    pub(crate) fn new_on(
        db: K,
        dir: &Path,
        build: impl FnOnce(&Builder<'_, K>) -> StoreResult<()>,
    ) -> StoreResult<Store<K>> {
        first_records(&db, build)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            db,
            _lock: None,
            clock: Clock::system(),
            notices: Vec::new(),
        })
    }
}

/// Writes what every new store starts with (its format, an empty set of report
/// facts) and what `build` adds.
fn first_records<K: KvStore>(
    db: &K,
    build: impl FnOnce(&Builder<'_, K>) -> StoreResult<()>,
) -> StoreResult<()> {
    db.tree(kind::plain::META)?
        .insert(b"format", [STORE_FORMAT])?;
    Vault::<K>::mark_new(&db.tree(facts_index::FACTS_TREE)?)?;
    build(&Builder { db })
}

impl<K: KvStore> Store<K> {
    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Uses `clock` for every time this store records (tests set one).
    pub fn with_clock(mut self, clock: Clock) -> Store<K> {
        self.clock = clock;
        self
    }

    /// The clock this store records times by.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Whether more than one person has a passphrase, so a sign-in screen asks for the
    /// login first (without it each of their slots costs a key derivation to try).
    pub fn login_first(&self) -> StoreResult<bool> {
        Ok(self.key_slots()?.iter().filter(|s| !s.recovery).count() > 1)
    }

    /// A second handle on the same opened store, sharing its lock: the engine keeps
    /// one while a vault made from the other holds the data key.
    pub fn handle(&self) -> Store<K> {
        Store {
            dir: self.dir.clone(),
            db: self.db.clone(),
            _lock: self._lock.clone(),
            clock: self.clock.clone(),
            notices: self.notices.clone(),
        }
    }

    /// What opening found around the database: housekeeping done, and damage.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    fn check_format(&self) -> StoreResult<()> {
        match self.db.tree(kind::plain::META)?.get(b"format")? {
            Some(v) if v.as_ref() == [STORE_FORMAT] => Ok(()),
            Some(v) => Err(StoreError::Damaged(format!(
                "{} has store format {:?}, this caseline reads format {STORE_FORMAT} (a newer caseline wrote it?)",
                self.dir.display(),
                v.as_ref()
            ))),
            None => Err(StoreError::Damaged(format!(
                "{} has no store format marker",
                self.dir.display()
            ))),
        }
    }

    /// Every key slot.
    pub fn key_slots(&self) -> StoreResult<Vec<KeySlot>> {
        let mut slots = Vec::new();
        for item in self.db.tree(kind::plain::KEY_SLOTS)?.iter() {
            let (k, v) = item?;
            let slot: KeySlot = codec::from_plain(keyslot::SLOT_SCHEMA, &v)
                .map_err(|e| StoreError::record(kind::plain::KEY_SLOTS, &k, e))?;
            slots.push(slot);
        }
        Ok(slots)
    }

    /// Finds the data key with a passphrase or the recovery key. With a login, only that
    /// user's slots are tried; without, every slot (passphrases first, recovery key last).
    /// The store stays usable after a wrong passphrase, so a prompt can ask again. A
    /// wrong passphrase is recorded in the audit log (sealed: see `audit_verify.rs`) and
    /// counted: after a few in a row, tries are refused until a wait has passed
    /// (`backoff.rs`).
    pub fn find_key(&self, login: Option<&str>, secret: &str) -> StoreResult<(SecretKey, UserId)> {
        self.find_key_at(login, secret, self.clock.now())
    }

    /// Unlocks with a data key found by [`Store::find_key`].
    pub fn unlock_with_key(self, key: SecretKey) -> StoreResult<Vault<K>> {
        Vault::new(self, key)
    }
}

/// Writes the first records of a new store, before it is renamed into place.
pub struct Builder<'a, K: KvStore = AnyDb> {
    db: &'a K,
}

impl<K: KvStore> Builder<'_, K> {
    /// Adds a key slot.
    pub fn add_slot(&self, slot: &KeySlot) -> StoreResult<()> {
        self.db
            .tree(kind::plain::KEY_SLOTS)?
            .insert(slot.id.to_bytes(), codec::plain(keyslot::SLOT_SCHEMA, slot))
    }

    /// Adds a record sealed with `key`.
    pub fn put<R: Record>(&self, key: &SecretKey, record: &R) -> StoreResult<()> {
        let (k, v) = codec::seal(key, record);
        self.db.tree(R::KIND.tree())?.insert(k, v)
    }
}

/// Creates `dir` readable by its owner only.
pub fn create_private_dir(dir: &Path) -> StoreResult<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
        .map_err(|e| StoreError::io(format!("creating {}", dir.display()), e))
}

/// Makes a rename in `dir` durable.
pub fn sync_dir(dir: &Path) -> StoreResult<()> {
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::io(format!("syncing {}", dir.display()), e))
}
