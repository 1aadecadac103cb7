//! The storage engine as a choice made when a store is opened, not when the program is
//! compiled: [`AnyDb`] is one of the engines, and implements the storage traits by
//! handing each call to the one it holds.
//!
//! Why an enum and not a type parameter all the way up: `Store<K>` and `Vault<K>` are
//! generic, but the service (the engine, the sessions and some sixty files of
//! operations) names plain `Store` and `Vault`, whose engine is this one. So the
//! service is written once, runs on whichever engine a store was made with, and its
//! tests run on each. A PostgreSQL engine becomes one more variant here, and nothing
//! above the store changes. The cost is one branch per call, measured in
//! `docs/benchmarks.md` ("Storage engine as a choice"); reads hand back the engine's
//! own bytes, wrapped, never copied.
//!
//! A commit names trees of one database; a tree of another engine in it is a mistake
//! in the store, reported as an error rather than a panic.

use std::ops::{Deref, RangeBounds};
use std::path::Path;

use super::engine::{self, SledDb, SledIter, SledTree};
use super::error::{StoreError, StoreResult};
use super::kv::{Batch, KvStore, KvTree, OwnedWrite, Write};
use super::memory::{self, MemoryDb, MemoryIter, MemoryTree};

/// An open database on one of the engines. Clones are handles on the same one.
#[derive(Clone)]
pub enum AnyDb {
    /// sled's files in a directory: every store kept on disk.
    Sled(SledDb),
    /// Memory only, gone with the process: for tests.
    Memory(MemoryDb),
}

/// One tree of an [`AnyDb`], of the same engine.
#[derive(Clone)]
pub enum AnyTree {
    Sled(SledTree),
    Memory(MemoryTree),
}

/// Bytes read from an [`AnyTree`]: the engine's own, shared, so a read copies nothing.
#[derive(Clone)]
pub enum AnyBytes {
    Sled(engine::Bytes),
    Memory(memory::Bytes),
}

/// A walk over an [`AnyTree`]. sled's iterator is the larger by far, and kept in
/// place: boxing it would cost an allocation on every walk of the engine stores are
/// on, to save stack space for a walk that lives only as long as its loop.
#[allow(clippy::large_enum_variant)]
pub enum AnyIter {
    Sled(SledIter),
    Memory(MemoryIter),
}

impl AnyDb {
    /// Opens (with `create`, creates) the sled database at `path`.
    pub(super) fn open_sled(path: &Path, create: bool) -> StoreResult<AnyDb> {
        engine::open(path, create).map(AnyDb::Sled)
    }

    /// A new, empty database in memory.
    pub fn memory() -> AnyDb {
        AnyDb::Memory(MemoryDb::new())
    }
}

impl From<SledDb> for AnyDb {
    fn from(db: SledDb) -> AnyDb {
        AnyDb::Sled(db)
    }
}

impl From<MemoryDb> for AnyDb {
    fn from(db: MemoryDb) -> AnyDb {
        AnyDb::Memory(db)
    }
}

/// The error for a tree of another engine in a commit.
fn mixed(engine: &str) -> StoreError {
    StoreError::Damaged(format!(
        "a commit to the {engine} database named a tree of another engine"
    ))
}

/// The sled trees of a commit, or an error when one is of another engine.
fn sled_trees(trees: &[AnyTree]) -> StoreResult<Vec<SledTree>> {
    trees
        .iter()
        .map(|t| match t {
            AnyTree::Sled(t) => Ok(t.clone()),
            AnyTree::Memory(_) => Err(mixed("sled")),
        })
        .collect()
}

fn memory_trees(trees: &[AnyTree]) -> StoreResult<Vec<MemoryTree>> {
    trees
        .iter()
        .map(|t| match t {
            AnyTree::Memory(t) => Ok(t.clone()),
            AnyTree::Sled(_) => Err(mixed("memory")),
        })
        .collect()
}

impl KvStore for AnyDb {
    type Tree = AnyTree;

    fn tree(&self, name: &str) -> StoreResult<AnyTree> {
        Ok(match self {
            AnyDb::Sled(db) => AnyTree::Sled(db.tree(name)?),
            AnyDb::Memory(db) => AnyTree::Memory(db.tree(name)?),
        })
    }

    fn tree_names(&self) -> StoreResult<Vec<Vec<u8>>> {
        match self {
            AnyDb::Sled(db) => db.tree_names(),
            AnyDb::Memory(db) => db.tree_names(),
        }
    }

    /// Asked without a database to hand, so any engine's own trees count: their
    /// names (sled's start `__sled__`) are none of the store's.
    fn is_engine_tree(name: &[u8]) -> bool {
        SledDb::is_engine_tree(name) || MemoryDb::is_engine_tree(name)
    }

    fn flush(&self) -> StoreResult<()> {
        match self {
            AnyDb::Sled(db) => db.flush(),
            AnyDb::Memory(db) => db.flush(),
        }
    }

    fn size_on_disk(&self) -> StoreResult<u64> {
        match self {
            AnyDb::Sled(db) => db.size_on_disk(),
            AnyDb::Memory(db) => db.size_on_disk(),
        }
    }

    fn commit(&self, trees: &[AnyTree], writes: &[Write<'_>]) -> StoreResult<()> {
        match self {
            AnyDb::Sled(db) => db.commit(&sled_trees(trees)?, writes),
            AnyDb::Memory(db) => db.commit(&memory_trees(trees)?, writes),
        }
    }

    fn read_then_commit(
        &self,
        trees: &[AnyTree],
        read: (usize, &[u8]),
        make: &dyn Fn(Option<&[u8]>) -> Vec<OwnedWrite>,
    ) -> StoreResult<()> {
        match self {
            AnyDb::Sled(db) => db.read_then_commit(&sled_trees(trees)?, read, make),
            AnyDb::Memory(db) => db.read_then_commit(&memory_trees(trees)?, read, make),
        }
    }
}

/// An entry of either engine, its bytes wrapped.
fn entry<B>(
    wrap: fn(B) -> AnyBytes,
) -> impl Fn(StoreResult<(B, B)>) -> StoreResult<(AnyBytes, AnyBytes)> {
    move |item| item.map(|(k, v)| (wrap(k), wrap(v)))
}

impl KvTree for AnyTree {
    type Bytes = AnyBytes;
    type Iter = AnyIter;

    fn get(&self, key: impl AsRef<[u8]>) -> StoreResult<Option<AnyBytes>> {
        Ok(match self {
            AnyTree::Sled(t) => t.get(key)?.map(AnyBytes::Sled),
            AnyTree::Memory(t) => t.get(key)?.map(AnyBytes::Memory),
        })
    }

    fn insert(&self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> StoreResult<()> {
        match self {
            AnyTree::Sled(t) => t.insert(key, value),
            AnyTree::Memory(t) => t.insert(key, value),
        }
    }

    fn remove(&self, key: impl AsRef<[u8]>) -> StoreResult<bool> {
        match self {
            AnyTree::Sled(t) => t.remove(key),
            AnyTree::Memory(t) => t.remove(key),
        }
    }

    fn last(&self) -> StoreResult<Option<(AnyBytes, AnyBytes)>> {
        Ok(match self {
            AnyTree::Sled(t) => t
                .last()?
                .map(|(k, v)| (AnyBytes::Sled(k), AnyBytes::Sled(v))),
            AnyTree::Memory(t) => t
                .last()?
                .map(|(k, v)| (AnyBytes::Memory(k), AnyBytes::Memory(v))),
        })
    }

    fn len(&self) -> StoreResult<usize> {
        match self {
            AnyTree::Sled(t) => t.len(),
            AnyTree::Memory(t) => t.len(),
        }
    }

    fn is_empty(&self) -> StoreResult<bool> {
        match self {
            AnyTree::Sled(t) => t.is_empty(),
            AnyTree::Memory(t) => t.is_empty(),
        }
    }

    fn flush(&self) -> StoreResult<()> {
        match self {
            AnyTree::Sled(t) => t.flush(),
            AnyTree::Memory(t) => t.flush(),
        }
    }

    fn clear(&self) -> StoreResult<()> {
        match self {
            AnyTree::Sled(t) => t.clear(),
            AnyTree::Memory(t) => t.clear(),
        }
    }

    fn apply_batch(&self, batch: Batch) -> StoreResult<()> {
        match self {
            AnyTree::Sled(t) => t.apply_batch(batch),
            AnyTree::Memory(t) => t.apply_batch(batch),
        }
    }

    fn iter(&self) -> AnyIter {
        match self {
            AnyTree::Sled(t) => AnyIter::Sled(t.iter()),
            AnyTree::Memory(t) => AnyIter::Memory(t.iter()),
        }
    }

    fn range<K: AsRef<[u8]>, R: RangeBounds<K>>(&self, range: R) -> AnyIter {
        match self {
            AnyTree::Sled(t) => AnyIter::Sled(t.range(range)),
            AnyTree::Memory(t) => AnyIter::Memory(t.range(range)),
        }
    }

    fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> AnyIter {
        match self {
            AnyTree::Sled(t) => AnyIter::Sled(t.scan_prefix(prefix)),
            AnyTree::Memory(t) => AnyIter::Memory(t.scan_prefix(prefix)),
        }
    }
}

impl Iterator for AnyIter {
    type Item = StoreResult<(AnyBytes, AnyBytes)>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            AnyIter::Sled(i) => i.next().map(entry(AnyBytes::Sled)),
            AnyIter::Memory(i) => i.next().map(entry(AnyBytes::Memory)),
        }
    }
}

impl DoubleEndedIterator for AnyIter {
    fn next_back(&mut self) -> Option<Self::Item> {
        match self {
            AnyIter::Sled(i) => i.next_back().map(entry(AnyBytes::Sled)),
            AnyIter::Memory(i) => i.next_back().map(entry(AnyBytes::Memory)),
        }
    }
}

impl Deref for AnyBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            AnyBytes::Sled(b) => b,
            AnyBytes::Memory(b) => b,
        }
    }
}

impl AsRef<[u8]> for AnyBytes {
    fn as_ref(&self) -> &[u8] {
        self
    }
}
