//! An unlocked store: reads records, and writes sets of changes atomically and durably.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use super::audit::{self, Anchor, Chain};
use super::codec::{self, Record};
use super::crypto::SecretKey;
use super::error::{StoreError, StoreResult};
use super::facts_index::{REPORTED, Staged};
use super::keyslot::{KeySlot, SLOT_SCHEMA};
use super::kind::plain;
use super::kv::{KvStore, KvTree};
use super::search_snapshot::{self, SnapshotStore, Touched};
use super::{AnyDb, Store};
use crate::domain::{AuditNote, Stamp};

/// A store unlocked with its data key, on storage engine `K`.
pub struct Vault<K: KvStore = AnyDb> {
    store: Store<K>,
    key: SecretKey,
    /// The audit log's head; every append holds this lock, so the chain stays a line
    /// however many threads write.
    chain: Mutex<Chain>,
    /// View entries appended since the last flush.
    unflushed: AtomicU32,
    /// The number of the last search journal entry written (`search_snapshot.rs`);
    /// advanced under the chain lock, so entries are numbered in commit order.
    journaled: AtomicU64,
    /// Called after every commit that touched indexed records (see [`CommitHook`]).
    hook: Mutex<Option<Arc<CommitHook<K>>>>,
    /// Writes to each tree since the vault opened, and (under `""`) undone bulk
    /// writes, which may touch any: what the service keeps read whole in memory (the
    /// directory) is good while the counts of its trees stand still.
    written: Mutex<std::collections::HashMap<&'static str, u64>>,
}

/// Told, after a commit that touched indexed records has landed and while no other
/// commit can land, its search journal number and the records it touched: the
/// service keeps its search index in step here, in the same call that made the change.
pub type CommitHook<K = AnyDb> = dyn Fn(&Vault<K>, u64, &[Touched]) + Send + Sync;

/// At most this many view entries wait for a flush together: enough that a flush is
/// rare while someone reads cases, few enough that a crash loses little.
const VIEW_FLUSH_EVERY: u32 = 256;

/// One write: tree, key, and the new value (`None` removes).
pub(super) type Op = (&'static str, Vec<u8>, Option<Vec<u8>>);

/// A set of changes that land together or not at all, with the audit entry that
/// records them.
pub struct Changes<'a> {
    key: &'a SecretKey,
    ops: Vec<Op>,
    audit: Option<AuditNote>,
    /// Who the audit entry names.
    stamp: Stamp,
    /// The report facts of the records written (`facts_index.rs`).
    facts: Vec<Staged>,
}

impl Changes<'_> {
    /// Says what these changes are, for the audit log. Without it the entry is a
    /// generic `change` listing the records written.
    pub fn audit(&mut self, note: AuditNote) -> &mut Self {
        self.audit = Some(note);
        self
    }

    /// Stores a record (new or replacing the one with its key).
    pub fn put<R: Record>(&mut self, record: &R) -> &mut Self {
        let (k, v) = codec::seal(self.key, record);
        if let Some(fact) = record.report_fact() {
            self.facts.push((R::KIND, fact.id(), Some(fact)));
        }
        self.ops.push((R::KIND.tree(), k, Some(v)));
        self
    }

    /// Removes a record.
    pub fn remove<R: Record>(&mut self, key: &[u8]) -> &mut Self {
        if let (true, Ok(id)) = (REPORTED.contains(&R::KIND), key.try_into()) {
            self.facts.push((R::KIND, id, None));
        }
        self.ops.push((R::KIND.tree(), key.to_vec(), None));
        self
    }

    /// Writes a value to a plain tree (nothing personal in key or value).
    pub(super) fn put_plain(
        &mut self,
        tree: &'static str,
        key: Vec<u8>,
        value: Vec<u8>,
    ) -> &mut Self {
        self.ops.push((tree, key, Some(value)));
        self
    }

    /// Removes a value from a plain tree.
    pub(super) fn remove_plain(&mut self, tree: &'static str, key: Vec<u8>) -> &mut Self {
        self.ops.push((tree, key, None));
        self
    }

    /// Adds or replaces a key slot.
    pub fn put_slot(&mut self, slot: &KeySlot) -> &mut Self {
        self.put_plain(
            plain::KEY_SLOTS,
            slot.id.to_bytes().to_vec(),
            codec::plain(SLOT_SCHEMA, slot),
        )
    }

    /// Removes a key slot.
    pub fn remove_slot(&mut self, slot: crate::domain::Id) -> &mut Self {
        self.remove_plain(plain::KEY_SLOTS, slot.to_bytes().to_vec())
    }

    /// Marks the intake draft `draft` as saved, as the intake `incident`: a copy of
    /// it found later (the terminal closed before the draft file was removed) is
    /// discarded, not offered again.
    pub fn mark_draft_saved(&mut self, draft: crate::domain::Id, incident: crate::domain::Id) {
        self.put_plain(
            plain::DRAFTS_DONE,
            draft.to_bytes().to_vec(),
            incident.to_bytes().to_vec(),
        );
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The writes, for a bulk write to apply in its own way.
    pub(super) fn into_ops(self) -> Vec<Op> {
        self.ops
    }

    pub fn len(&self) -> usize {
        self.ops.len()
    }
}

impl<K: KvStore> Vault<K> {
    pub(super) fn new(store: Store<K>, key: SecretKey) -> StoreResult<Vault<K>> {
        let meta = store.db.tree(plain::META)?;
        let head = audit::read_head(&meta)?;
        // A store made before the audit log, or whose public key was lost, gets the
        // key now: failed sign-ins can be sealed to it from the next start on.
        let public = codec::public_key(&audit::private_key(&key));
        if meta.get(audit::PUBLIC_KEY)?.is_none() {
            meta.insert(audit::PUBLIC_KEY, public)?;
        }
        let snapshots = SnapshotStore {
            db: store.db.clone(),
            key: key.clone(),
        };
        let journaled = snapshots.last_journaled()?.max(snapshots.covered()?);
        Ok(Vault {
            store,
            key,
            chain: Mutex::new(Chain { head }),
            unflushed: AtomicU32::new(0),
            journaled: AtomicU64::new(journaled),
            hook: Mutex::new(None),
            written: Mutex::new(std::collections::HashMap::new()),
        })
    }

    fn chain(&self) -> MutexGuard<'_, Chain> {
        self.chain.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `read` with every write of this vault held back (each appends to the
    /// audit log under its lock, views and sign-ins too): for a copy of the whole
    /// store, which reads the trees one after another and must find them as they stood
    /// between two writes.
    pub(super) fn with_writes_held<T>(&self, read: impl FnOnce() -> T) -> T {
        let _chain = self.chain();
        read()
    }

    /// The audit log's head: its last entry's sequence number and hash.
    pub fn audit_head(&self) -> Anchor {
        self.chain().head
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.store.dir
    }

    /// The clock this store records times by.
    pub fn clock(&self) -> &crate::domain::Clock {
        &self.store.clock
    }

    /// What opening the store found around the database, and did about it.
    pub fn notices(&self) -> &[super::Notice] {
        self.store.notices()
    }

    /// Removes the replaced store kept as `name` in the data directory, for good;
    /// returns where it was.
    pub fn remove_kept(&self, name: &str) -> StoreResult<std::path::PathBuf> {
        super::layout::remove_kept(&self.store.dir, name)
    }

    /// A tree by name, through the guard in `engine.rs`. The service reads and writes
    /// through the typed calls here instead; this is for the store's own modules, and
    /// for tests that damage a store on purpose.
    pub fn tree(&self, name: &str) -> StoreResult<K::Tree> {
        self.store.db.tree(name)
    }

    /// Starts a set of changes whose audit entry names `stamp`: each session passes
    /// its own, so a store shared by several people records who did what.
    pub fn changes(&self, stamp: &Stamp) -> Changes<'_> {
        Changes {
            key: &self.key,
            ops: Vec::new(),
            audit: None,
            stamp: stamp.clone(),
            facts: Vec::new(),
        }
    }

    /// The search snapshot and journal, as a handle a background thread can keep.
    pub fn snapshots(&self) -> SnapshotStore<K> {
        SnapshotStore {
            db: self.store.db.clone(),
            key: self.key.clone(),
        }
    }

    /// The number of the last search journal entry written.
    pub fn journaled(&self) -> u64 {
        self.journaled.load(Ordering::SeqCst)
    }

    /// Sets the function told of every commit that touches indexed records.
    pub fn set_commit_hook(&self, hook: Arc<CommitHook<K>>) {
        *self.hook.lock().unwrap_or_else(|p| p.into_inner()) = Some(hook);
    }

    /// The data key, for wrapping it in a new key slot.
    pub fn data_key(&self) -> &SecretKey {
        &self.key
    }

    /// Reads one record.
    pub fn get<R: Record>(&self, key: &[u8]) -> StoreResult<Option<R>> {
        let tree = self.tree(R::KIND.tree())?;
        match tree.get(key)? {
            None => Ok(None),
            Some(v) => codec::open(&self.key, key, &v)
                .map(Some)
                .map_err(|e| StoreError::record(R::KIND.tree(), key, e)),
        }
    }

    /// Every record of a kind, oldest first.
    pub fn scan<R: Record + 'static>(&self) -> impl Iterator<Item = StoreResult<R>> + '_ {
        let tree = self.tree(R::KIND.tree());
        let (tree, early) = match tree {
            Ok(t) => (Some(t), None),
            Err(e) => (None, Some(Err(e))),
        };
        early
            .into_iter()
            .chain(tree.into_iter().flat_map(|t| t.iter()).map(move |item| {
                let (k, v) = item?;
                codec::open(&self.key, &k, &v)
                    .map_err(|e| StoreError::record(R::KIND.tree(), &k, e))
            }))
    }

    /// The newest `limit` records of a kind, newest first.
    pub fn newest<R: Record>(&self, limit: usize) -> StoreResult<Vec<R>> {
        let tree = self.tree(R::KIND.tree())?;
        tree.iter()
            .rev()
            .take(limit)
            .map(|item| {
                let (k, v) = item?;
                codec::open(&self.key, &k, &v)
                    .map_err(|e| StoreError::record(R::KIND.tree(), &k, e))
            })
            .collect()
    }

    /// Keys in a plain tree that start with `prefix`.
    pub(super) fn keys_with_prefix(&self, tree: &str, prefix: &[u8]) -> StoreResult<Vec<Vec<u8>>> {
        super::kv::keys(self.tree(tree)?.scan_prefix(prefix))
            .map(|k| k.map(|k| k.to_vec()))
            .collect()
    }

    /// The entries of a plain tree whose keys start with `prefix`, in key order.
    pub(super) fn prefix_plain(&self, tree: &str, prefix: &[u8]) -> StoreResult<Entries<K>> {
        Ok(Entries(self.tree(tree)?.scan_prefix(prefix)))
    }

    /// The entries of a plain tree with keys from `from` up to (not including) `to`,
    /// or to the end when `to` is `None`.
    pub(super) fn range_plain(
        &self,
        tree: &str,
        from: &[u8],
        to: Option<&[u8]>,
    ) -> StoreResult<Entries<K>> {
        let t = self.tree(tree)?;
        Ok(Entries(match to {
            Some(to) => t.range(from..to),
            None => t.range(from..),
        }))
    }

    /// Whether a record of `kind` with id `id` is stored (without opening it).
    pub fn has_record(&self, kind: super::Kind, id: crate::domain::Id) -> StoreResult<bool> {
        Ok(self.tree(kind.tree())?.get(id.to_bytes())?.is_some())
    }

    /// Whether the intake draft `draft` was saved ([`Changes::mark_draft_saved`]).
    pub fn draft_saved(&self, draft: crate::domain::Id) -> StoreResult<bool> {
        Ok(self
            .tree(plain::DRAFTS_DONE)?
            .get(draft.to_bytes())?
            .is_some())
    }

    /// A value from a plain tree.
    pub(super) fn get_plain(&self, tree: &str, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        Ok(self.tree(tree)?.get(key)?.map(|v| v.to_vec()))
    }

    /// Every raw `(key, value)` of a tree, for checks and backups.
    pub fn raw(&self, tree: &str) -> StoreResult<Entries<K>> {
        Ok(Entries(self.tree(tree)?.iter()))
    }

    /// Names of every tree in the database.
    pub fn tree_names(&self) -> StoreResult<Vec<Vec<u8>>> {
        self.store.db.tree_names()
    }

    /// Every tree of records and every plain tree: its name, its entries, and the
    /// bytes of their keys and values as stored (encrypted), for `stats`.
    pub fn tree_sizes(&self) -> StoreResult<Vec<(&'static str, usize, u64)>> {
        let names = super::Kind::ALL.iter().map(|k| k.tree()).chain(plain::ALL);
        let mut out = Vec::new();
        for name in names {
            let (mut records, mut bytes) = (0, 0u64);
            for item in self.tree(name)?.iter() {
                let (k, v) = item?;
                records += 1;
                bytes += (k.len() + v.len()) as u64;
            }
            out.push((name, records, bytes));
        }
        Ok(out)
    }

    /// Number of entries in a tree.
    pub fn count(&self, tree: &str) -> StoreResult<usize> {
        self.tree(tree)?.len()
    }

    /// Every key slot.
    pub fn key_slots(&self) -> StoreResult<Vec<super::KeySlot>> {
        self.store.key_slots()
    }

    /// Bytes the database occupies on disk.
    pub fn size_on_disk(&self) -> StoreResult<u64> {
        self.store.db.size_on_disk()
    }

    /// Applies `changes` and their audit entry in one transaction and flushes them to
    /// disk before returning: when this returns `Ok`, the changes survive a crash or
    /// power cut. Changes with nothing in them and no audit note write nothing.
    pub fn commit(&self, changes: Changes<'_>) -> StoreResult<()> {
        if changes.is_empty() && changes.audit.is_none() {
            return Ok(());
        }
        self.apply(changes)?;
        self.flush()
    }

    /// Appends an audit entry without waiting for the disk: for views, which must stay
    /// cheap. The next commit, closing the store, or the 256th view after the last
    /// flush writes it out; a crash before then loses it (and only view entries: every
    /// other append is a flushed commit). No timer flushes instead: sled's own flusher
    /// is off (`engine.rs`), a flush from a timer on this thread would cost the view
    /// that trips it milliseconds, and with a flushing thread beside this one the
    /// million-entry benchmark hung inside sled (compare sled issue 1412).
    pub fn record(&self, stamp: &Stamp, note: AuditNote) -> StoreResult<()> {
        let mut changes = self.changes(stamp);
        changes.audit(note);
        self.apply(changes)?;
        if self.unflushed.fetch_add(1, Ordering::Relaxed) + 1 >= VIEW_FLUSH_EVERY {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes `changes` with their audit entry in one transaction, under the chain lock.
    fn apply(&self, mut changes: Changes<'_>) -> StoreResult<()> {
        let note = changes
            .audit
            .take()
            .unwrap_or_else(|| audit::describe(&changes.ops));
        let mut chain = self.chain();
        let facts = self.fact_ops(&changes.facts)?;
        changes.ops.extend(facts);
        let touched = search_snapshot::touched(&changes.ops);
        let number = self.journaled.load(Ordering::SeqCst) + 1;
        if !touched.is_empty() {
            changes
                .ops
                .push(search_snapshot::journal_op(number, &touched));
        }
        let (ops, head) = audit::link(
            &self.key,
            &chain,
            &changes.stamp,
            note,
            self.store.clock.now(),
        );
        changes.ops.extend(ops);
        self.transact(&changes.ops)?;
        chain.head = head;
        if !touched.is_empty() {
            self.journaled.store(number, Ordering::SeqCst);
            let hook = self.hook.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if let Some(hook) = hook {
                hook(self, number, &touched);
            }
        }
        Ok(())
    }

    /// How many writes have reached `tree` since the vault opened (any undone bulk
    /// write counted too): equal counts mean nothing in it changed between them.
    pub fn writes_to(&self, tree: &str) -> u64 {
        let written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        written.get(tree).copied().unwrap_or(0) + written.get("").copied().unwrap_or(0)
    }

    /// Counts a write to each of `trees` (`""` for one that may touch any).
    pub(super) fn note_written<'t>(&self, trees: impl IntoIterator<Item = &'t &'static str>) {
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        for tree in trees {
            *written.entry(*tree).or_default() += 1;
        }
    }

    /// Applies writes in one transaction (not flushed).
    fn transact(&self, all: &[Op]) -> StoreResult<()> {
        let mut index: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (tree, _, _) in all {
            let n = index.len();
            index.entry(tree).or_insert(n);
        }
        let mut trees: Vec<(usize, K::Tree)> = Vec::with_capacity(index.len());
        for (name, i) in &index {
            trees.push((*i, self.tree(name)?));
        }
        trees.sort_by_key(|(i, _)| *i);
        let trees: Vec<K::Tree> = trees.into_iter().map(|(_, t)| t).collect();
        let ops: Vec<super::kv::Write<'_>> = all
            .iter()
            .map(|(t, k, v)| (index[t], k.as_slice(), v.as_deref()))
            .collect();
        let done = self.store.db.commit(&trees, &ops);
        // Counted whatever the outcome: a cache thrown away for nothing costs a read.
        self.note_written(index.keys());
        done
    }

    /// Undoes an unfinished bulk write, if there is one.
    pub(super) fn roll_back_bulk(&self) -> StoreResult<bool> {
        super::bulk::roll_back_db(&self.store.db)
    }

    /// Makes every write so far durable.
    pub fn flush(&self) -> StoreResult<()> {
        self.unflushed.store(0, Ordering::Relaxed);
        self.store.db.flush()
    }
}

impl<K: KvStore> std::fmt::Debug for Vault<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vault({})", self.store.dir.display())
    }
}

/// Raw entries of a tree, `(key, value)`, each an error naming the tree when it cannot
/// be read.
pub struct Entries<K: KvStore = AnyDb>(<K::Tree as KvTree>::Iter);

impl<K: KvStore> Iterator for Entries<K> {
    type Item = StoreResult<(Vec<u8>, Vec<u8>)>;
    fn next(&mut self) -> Option<Self::Item> {
        self.0
            .next()
            .map(|item| item.map(|(k, v)| (k.to_vec(), v.to_vec())))
    }
}
