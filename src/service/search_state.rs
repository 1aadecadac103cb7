//! The search index a [`Caseline`] holds: loaded on first use (or by a warming thread
//! straight after unlock), kept in step by the vault's commit hook, and written back as
//! an encrypted snapshot by a background thread and on close.
//!
//! Loading reads the snapshot (or, when it is missing, of another version or damaged,
//! every record) without holding the index lock, so commits go on meanwhile: they are
//! journaled, and the journal entries after the snapshot's number are indexed again
//! under the lock before the index is put in place. From then on the commit hook
//! re-indexes what each commit touched, in the call that made the change.
//!
//! The index is behind a read-write lock: searches (the search screen, caller matching
//! at the desk) run side by side, and a commit, which changes the index while it holds
//! the store's writer lock, waits for the searches already running and not for a queue
//! of them (the standard library's lock on Linux lets no new reader in while a writer
//! waits).

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread::JoinHandle;

use super::search_docs::{apply_touched, build_from_records};
use super::snapshot_pacing::{Event, Pacing};
use crate::search::SearchIndex;
use crate::store::{CommitHook, SnapshotStore, StoreError, StoreResult, Touched, Vault};

/// The index, when loaded, and what it covers.
#[derive(Default)]
pub(crate) struct Slot {
    pub index: Option<SearchIndex>,
    /// The last journal number whose changes the index holds.
    pub covers: u64,
    /// The journal number of the snapshot on disk (`None`: no usable snapshot).
    pub on_disk: Option<u64>,
}

struct Shared {
    slot: RwLock<Slot>,
    /// Held while loading, so that two callers do not both load.
    loading: Mutex<()>,
    tx: Mutex<Option<Sender<Msg>>>,
}

enum Msg {
    Changed,
    Trim,
    WriteNow,
    Stop,
}

/// The search index of one unlocked store.
pub(crate) struct SearchState {
    shared: Arc<Shared>,
    snapshots: SnapshotStore,
    writer: Mutex<Option<JoinHandle<()>>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn read(slot: &RwLock<Slot>) -> RwLockReadGuard<'_, Slot> {
    slot.read().unwrap_or_else(|p| p.into_inner())
}

fn write(slot: &RwLock<Slot>) -> RwLockWriteGuard<'_, Slot> {
    slot.write().unwrap_or_else(|p| p.into_inner())
}

impl Shared {
    fn notify(&self, msg: Msg) {
        if let Some(tx) = lock(&self.tx).as_ref() {
            let _ = tx.send(msg);
        }
    }
}

impl SearchState {
    /// The state for a vault: nothing loaded yet; the vault's commits are hooked.
    pub fn new(vault: &Vault) -> SearchState {
        let shared = Arc::new(Shared {
            slot: RwLock::new(Slot::default()),
            loading: Mutex::new(()),
            tx: Mutex::new(None),
        });
        let hooked = Arc::clone(&shared);
        let hook: Arc<CommitHook> = Arc::new(move |vault: &Vault, n: u64, touched: &[Touched]| {
            let mut slot = write(&hooked.slot);
            let Some(index) = slot.index.as_mut() else {
                return;
            };
            if apply_touched(vault, index, touched).is_ok() {
                slot.covers = slot.covers.max(n);
                drop(slot);
                hooked.notify(Msg::Changed);
            } else {
                // A record that cannot be read: index again from everything next time.
                slot.index = None;
            }
        });
        vault.set_commit_hook(hook);
        SearchState {
            shared,
            snapshots: vault.snapshots(),
            writer: Mutex::new(None),
        }
    }

    /// The index to search, loaded first if need be; `progress` hears of a rebuild.
    pub fn with<T>(
        &self,
        vault: &Vault,
        progress: &mut dyn FnMut(usize, usize),
        f: impl FnOnce(&SearchIndex) -> T,
    ) -> StoreResult<T> {
        loop {
            {
                let slot = read(&self.shared.slot);
                if let Some(index) = slot.index.as_ref() {
                    return Ok(f(index));
                }
            }
            self.load(vault, progress, false)?;
        }
    }

    /// The index to change, alone, loaded first if need be.
    pub fn with_mut<T>(
        &self,
        vault: &Vault,
        f: impl FnOnce(&mut SearchIndex) -> T,
    ) -> StoreResult<T> {
        loop {
            {
                let mut slot = write(&self.shared.slot);
                if let Some(index) = slot.index.as_mut() {
                    return Ok(f(index));
                }
            }
            self.load(vault, &mut |_, _| {}, false)?;
        }
    }

    /// Loads the index: from the snapshot and the journal since, or (when there is no
    /// usable snapshot, or `rebuild`) from every record.
    pub fn load(
        &self,
        vault: &Vault,
        progress: &mut dyn FnMut(usize, usize),
        rebuild: bool,
    ) -> StoreResult<()> {
        let _loading = lock(&self.shared.loading);
        if !rebuild && read(&self.shared.slot).index.is_some() {
            return Ok(());
        }
        let snapshot = if rebuild {
            None
        } else {
            self.snapshots.read().ok().flatten().and_then(|s| {
                let index = SearchIndex::from_bytes(&s.bytes).ok()?;
                Some((index, s.covers))
            })
        };
        let (mut index, covers, on_disk) = match snapshot {
            Some((index, covers)) => (index, covers, Some(covers)),
            None => {
                let covers = vault.journaled();
                (build_from_records(vault, progress)?, covers, None)
            }
        };
        let mut slot = write(&self.shared.slot);
        let mut replay: Vec<Touched> = Vec::new();
        let mut last = covers;
        for (n, touched) in self.snapshots.journal_after(covers)? {
            last = n;
            for t in touched {
                if !replay.contains(&t) {
                    replay.push(t);
                }
            }
        }
        apply_touched(vault, &mut index, &replay)?;
        slot.index = Some(index);
        slot.covers = last;
        slot.on_disk = on_disk;
        drop(slot);
        if let Some(covered) = on_disk {
            // The snapshot read back is on disk: the entries it covers are not needed.
            let _ = self.snapshots.prune(covered);
        }
        self.start_writer();
        // The snapshot's bytes (or the records read) are freed but kept by the
        // allocator: handed back on the writer's thread, off the unlock's path.
        self.shared.notify(Msg::Trim);
        if on_disk.is_none() || last != covers {
            self.shared.notify(Msg::WriteNow);
        }
        Ok(())
    }

    /// Forgets the index in memory and on disk for a bulk write, which is not
    /// journaled, and keeps it forgotten until `bulk` is done: a search by another
    /// session meanwhile waits, then rebuilds it from every record, the written ones
    /// included (loaded half way through, it would miss the rest for good).
    pub fn forget_while<T, E: From<StoreError>>(
        &self,
        bulk: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        let _loading = lock(&self.shared.loading);
        // Under the loading lock, so no load starts another writer whose snapshot of
        // the old index could land after the invalidation.
        self.stop_writer();
        *write(&self.shared.slot) = Slot::default();
        self.snapshots.invalidate()?;
        bulk()
    }

    /// Whether the index is in memory.
    #[cfg(test)]
    pub fn is_loaded(&self) -> bool {
        read(&self.shared.slot).index.is_some()
    }

    /// Lets go of buffers kept between searches.
    pub fn release_scratch(&self) {
        if let Some(index) = read(&self.shared.slot).index.as_ref() {
            index.release_scratch();
        }
    }

    fn start_writer(&self) {
        let mut writer = lock(&self.writer);
        if writer.is_some() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        *lock(&self.shared.tx) = Some(tx);
        let shared = Arc::clone(&self.shared);
        let snapshots = self.snapshots.clone();
        *writer = Some(std::thread::spawn(move || {
            let mut pacing = Pacing::default();
            loop {
                let write = match rx.recv_timeout(pacing.wait()) {
                    Ok(Msg::Changed) => pacing.write_after(Event::Changed),
                    Ok(Msg::WriteNow) => {
                        pacing.written();
                        true
                    }
                    Ok(Msg::Trim) => {
                        give_back_freed_memory();
                        false
                    }
                    Err(RecvTimeoutError::Timeout) => pacing.write_after(Event::Quiet),
                    Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => break,
                };
                if write {
                    // A failure leaves the old snapshot and journal; close tries again.
                    let _ = write_snapshot(&shared.slot, &snapshots);
                }
            }
        }));
    }

    /// Stops the background writer and writes a last snapshot if the index holds
    /// changes the one on disk does not. The caller flushes.
    pub fn close(&self) -> StoreResult<()> {
        self.stop_writer();
        // The snapshot is a copy of what the records say: one that cannot be written
        // (its tree damaged; `check` names it) leaves the last one and the journal,
        // or none, and the index is built again from the records. It must not make
        // the close, and so the command that ran, fail.
        let _ = write_snapshot(&self.shared.slot, &self.snapshots);
        Ok(())
    }

    /// After the close's flush: the journal entries the snapshot covers can go.
    pub fn prune(&self) -> StoreResult<()> {
        if let Some(covered) = read(&self.shared.slot).on_disk {
            self.snapshots.prune(covered)?;
        }
        Ok(())
    }

    fn stop_writer(&self) {
        self.shared.notify(Msg::Stop);
        *lock(&self.shared.tx) = None;
        if let Some(handle) = lock(&self.writer).take() {
            let _ = handle.join();
        }
    }

    /// Writes a snapshot now, whatever changed (for `reindex`).
    pub fn write_now(&self) -> StoreResult<()> {
        write(&self.shared.slot).on_disk = None;
        write_snapshot(&self.shared.slot, &self.snapshots)
    }
}

impl Drop for SearchState {
    /// The writer holds the database open: it must be gone before the store is.
    fn drop(&mut self) {
        self.stop_writer();
    }
}

/// Returns memory freed to the system: loading leaves the snapshot's bytes (as big as
/// the index) freed but kept by the allocator, which on a shared machine would count
/// against this process for as long as it runs.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory held by the allocator.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Writes a snapshot of the index if it holds changes the one on disk does not. The
/// index is changed (compacted, when due) under the write lock and copied out as bytes
/// under the read lock, so searches go on during the copy; sealing and writing happen
/// after.
fn write_snapshot(slot: &RwLock<Slot>, snapshots: &SnapshotStore) -> StoreResult<()> {
    let compaction_due = {
        let slot = read(slot);
        if slot.on_disk == Some(slot.covers) {
            return Ok(());
        }
        slot.index
            .as_ref()
            .is_some_and(SearchIndex::needs_compaction)
    };
    if compaction_due && let Some(index) = write(slot).index.as_mut() {
        index.compact();
    }
    let (bytes, covers) = {
        let slot = read(slot);
        let Some(index) = slot.index.as_ref() else {
            return Ok(());
        };
        (index.to_bytes(), slot.covers)
    };
    snapshots.write(&bytes, covers)?;
    drop(bytes);
    give_back_freed_memory();
    let mut slot = write(slot);
    if slot.index.is_some() {
        slot.on_disk = Some(covers);
    }
    Ok(())
}
