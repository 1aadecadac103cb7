//! An unlocked store: reads records, and writes sets of changes atomically and durably.

use std::collections::BTreeMap;
use std::path::Path;

use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use super::Store;
use super::codec::{self, Record};
use super::crypto::SecretKey;
use super::error::{StoreError, StoreResult, from_sled};
use super::keyslot::{KeySlot, SLOT_SCHEMA};
use super::kind::plain;

/// A store unlocked with its data key.
pub struct Vault {
    store: Store,
    key: SecretKey,
}

/// One write: tree, key, and the new value (`None` removes).
type Op = (&'static str, Vec<u8>, Option<Vec<u8>>);

/// A set of changes that land together or not at all.
pub struct Changes<'a> {
    key: &'a SecretKey,
    ops: Vec<Op>,
}

impl Changes<'_> {
    /// Stores a record (new or replacing the one with its key).
    pub fn put<R: Record>(&mut self, record: &R) -> &mut Self {
        let (k, v) = codec::seal(self.key, record);
        self.ops.push((R::KIND.tree(), k, Some(v)));
        self
    }

    /// Removes a record.
    pub fn remove<R: Record>(&mut self, key: &[u8]) -> &mut Self {
        self.ops.push((R::KIND.tree(), key.to_vec(), None));
        self
    }

    /// Writes a value to a plain tree (nothing personal in key or value).
    pub fn put_plain(&mut self, tree: &'static str, key: Vec<u8>, value: Vec<u8>) -> &mut Self {
        self.ops.push((tree, key, Some(value)));
        self
    }

    /// Removes a value from a plain tree.
    pub fn remove_plain(&mut self, tree: &'static str, key: Vec<u8>) -> &mut Self {
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

impl Vault {
    pub(super) fn new(store: Store, key: SecretKey) -> StoreResult<Vault> {
        Ok(Vault { store, key })
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.store.dir
    }

    fn err(&self, e: sled::Error) -> StoreError {
        from_sled(&self.store.dir, e)
    }

    /// A tree by name.
    pub fn tree(&self, name: &str) -> StoreResult<sled::Tree> {
        self.store.db.open_tree(name).map_err(|e| self.err(e))
    }

    /// Starts a set of changes.
    pub fn changes(&self) -> Changes<'_> {
        Changes {
            key: &self.key,
            ops: Vec::new(),
        }
    }

    /// The data key, for wrapping it in a new key slot.
    pub fn data_key(&self) -> &SecretKey {
        &self.key
    }

    /// Reads one record.
    pub fn get<R: Record>(&self, key: &[u8]) -> StoreResult<Option<R>> {
        let tree = self.tree(R::KIND.tree())?;
        match tree.get(key).map_err(|e| self.err(e))? {
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
                let (k, v) = item.map_err(|e| self.err(e))?;
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
                let (k, v) = item.map_err(|e| self.err(e))?;
                codec::open(&self.key, &k, &v)
                    .map_err(|e| StoreError::record(R::KIND.tree(), &k, e))
            })
            .collect()
    }

    /// Keys in a plain tree that start with `prefix`.
    pub fn keys_with_prefix(&self, tree: &str, prefix: &[u8]) -> StoreResult<Vec<Vec<u8>>> {
        let t = self.tree(tree)?;
        t.scan_prefix(prefix)
            .keys()
            .map(|k| k.map(|k| k.to_vec()).map_err(|e| self.err(e)))
            .collect()
    }

    /// A value from a plain tree.
    pub fn get_plain(&self, tree: &str, key: &[u8]) -> StoreResult<Option<Vec<u8>>> {
        Ok(self
            .tree(tree)?
            .get(key)
            .map_err(|e| self.err(e))?
            .map(|v| v.to_vec()))
    }

    /// Every raw `(key, value)` of a tree, for checks and backups.
    pub fn raw(
        &self,
        tree: &str,
    ) -> StoreResult<impl Iterator<Item = StoreResult<(Vec<u8>, Vec<u8>)>> + '_> {
        let t = self.tree(tree)?;
        Ok(t.iter().map(move |item| {
            item.map(|(k, v)| (k.to_vec(), v.to_vec()))
                .map_err(|e| self.err(e))
        }))
    }

    /// Names of every tree in the database.
    pub fn tree_names(&self) -> Vec<Vec<u8>> {
        self.store
            .db
            .tree_names()
            .into_iter()
            .map(|n| n.to_vec())
            .collect()
    }

    /// Number of entries in a tree.
    pub fn count(&self, tree: &str) -> StoreResult<usize> {
        Ok(self.tree(tree)?.len())
    }

    /// Every key slot.
    pub fn key_slots(&self) -> StoreResult<Vec<super::KeySlot>> {
        self.store.key_slots()
    }

    /// Bytes the database occupies on disk.
    pub fn size_on_disk(&self) -> StoreResult<u64> {
        self.store.db.size_on_disk().map_err(|e| self.err(e))
    }

    /// Applies `changes` in one transaction and flushes them to disk before returning:
    /// when this returns `Ok`, the changes survive a crash or power cut.
    pub fn commit(&self, changes: Changes<'_>) -> StoreResult<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let mut index: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (tree, _, _) in &changes.ops {
            let n = index.len();
            index.entry(tree).or_insert(n);
        }
        let mut trees: Vec<(usize, sled::Tree)> = Vec::with_capacity(index.len());
        for (name, i) in &index {
            trees.push((*i, self.tree(name)?));
        }
        trees.sort_by_key(|(i, _)| *i);
        let trees: Vec<sled::Tree> = trees.into_iter().map(|(_, t)| t).collect();
        type Indexed<'o> = (usize, &'o [u8], Option<&'o [u8]>);
        let ops: Vec<Indexed> = changes
            .ops
            .iter()
            .map(|(t, k, v)| (index[t], k.as_slice(), v.as_deref()))
            .collect();
        let result: Result<(), TransactionError<()>> = trees.as_slice().transaction(|txs| {
            for (i, k, v) in &ops {
                match v {
                    Some(v) => {
                        txs[*i].insert(*k, *v)?;
                    }
                    None => {
                        txs[*i].remove(*k)?;
                    }
                }
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        match result {
            Ok(()) => {}
            Err(TransactionError::Storage(e)) => return Err(self.err(e)),
            Err(TransactionError::Abort(())) => unreachable!("the transaction never aborts"),
        }
        self.flush()
    }

    /// Undoes an unfinished bulk write, if there is one.
    pub(super) fn roll_back_bulk(&self) -> StoreResult<bool> {
        super::bulk::roll_back_db(&self.store.db, &self.store.dir)
    }

    /// Makes every write so far durable.
    pub fn flush(&self) -> StoreResult<()> {
        self.store.db.flush().map(|_| ()).map_err(|e| self.err(e))
    }
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vault({})", self.store.dir.display())
    }
}
