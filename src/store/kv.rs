//! What the store needs of a storage engine, and all it uses: named trees of ordered
//! byte keys; reads, range and prefix scans; writes that land across several trees at
//! once or not at all; and durability on demand. sled is the first engine
//! (`engine.rs`, the only file that calls it), an in-memory one (`memory.rs`) the
//! second; an engine on PostgreSQL or any ordered key-value store implements the same
//! two traits, and every part of the store above them (`Store<K>`, `Vault<K>`, the
//! indexes, the audit chain, the search journal) works on it unchanged. Which engine a
//! store is on is chosen when it is opened (`any.rs`), so the service above names none.
//!
//! What an engine must guarantee, because the store builds on it:
//! - **Atomicity across trees.** [`KvStore::commit`] and [`KvStore::read_then_commit`]
//!   land every write in every tree or none: a record, its index entries, its audit
//!   entry and its search journal entry are one commit, and a reader or a crash never
//!   sees part of it. [`KvTree::apply_batch`] is the same for one tree.
//! - **No write between read and write.** In [`KvStore::read_then_commit`] nothing else
//!   commits between the read and the writes (the audit chain's head is read there).
//! - **Order.** Keys compare as unsigned bytes, lexicographically; iteration, ranges and
//!   prefix scans give entries in that order and backwards with `next_back`. The
//!   indexes are laid out so that a queue or a timeline is one range scan.
//! - **Durability on flush.** Once [`KvStore::flush`] (or [`KvTree::flush`]) returns,
//!   every write made before it survives a crash or power cut. Writes not yet flushed
//!   may be lost, but only whole commits, never part of one. (The in-memory engine
//!   keeps nothing past the process: it is for tests and as a reference.)
//! - **Reads see every landed write** of any handle on the same database, at once.
//! - **Clones are handles** on the same database or tree, cheap, usable from any thread.
//!
//! Every call returns a [`StoreResult`]: an engine's own errors, and its panics on
//! damaged bytes, become errors that name the tree or record.

use std::ops::RangeBounds;

use super::error::StoreResult;

/// One write of an atomic commit: which of the commit's trees (by index), the key,
/// and the new value (`None` removes it).
pub type Write<'a> = (usize, &'a [u8], Option<&'a [u8]>);

/// A write made from what a commit read first (see [`KvStore::read_then_commit`]).
pub type OwnedWrite = (usize, Vec<u8>, Option<Vec<u8>>);

/// An opened database of named trees.
pub trait KvStore: Clone + Send + Sync + 'static {
    type Tree: KvTree;

    /// A tree by name (made empty when it is not there yet).
    fn tree(&self, name: &str) -> StoreResult<Self::Tree>;

    /// The names of every tree, the engine's own among them.
    fn tree_names(&self) -> StoreResult<Vec<Vec<u8>>>;

    /// Whether a tree is one the engine keeps for itself, not one of the store's.
    fn is_engine_tree(_name: &[u8]) -> bool {
        false
    }

    /// Makes every write so far durable.
    fn flush(&self) -> StoreResult<()>;

    /// Bytes the database occupies on disk (0 for one that keeps nothing on disk).
    fn size_on_disk(&self) -> StoreResult<u64>;

    /// Applies `writes` to `trees` as one transaction: all land or none do.
    fn commit(&self, trees: &[Self::Tree], writes: &[Write<'_>]) -> StoreResult<()>;

    /// Reads `key` of `trees[tree]` and applies the writes `make` derives from what it
    /// holds, as one transaction: nothing else writes between the read and the writes
    /// (an append to a chain whose head is that key). `make` may run more than once,
    /// and must not call the engine: it may run while the engine holds its own lock.
    fn read_then_commit(
        &self,
        trees: &[Self::Tree],
        read: (usize, &[u8]),
        make: &dyn Fn(Option<&[u8]>) -> Vec<OwnedWrite>,
    ) -> StoreResult<()>;
}

/// One tree: byte keys in order, each with a byte value.
pub trait KvTree: Clone + Send + Sync {
    /// What reads return: bytes, cheap to clone.
    type Bytes: AsRef<[u8]> + std::ops::Deref<Target = [u8]> + Clone + Send;
    /// Entries in key order, either way; an item that cannot be read is an error and
    /// ends the walk.
    type Iter: DoubleEndedIterator<Item = StoreResult<(Self::Bytes, Self::Bytes)>>;

    fn get(&self, key: impl AsRef<[u8]>) -> StoreResult<Option<Self::Bytes>>;
    fn insert(&self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> StoreResult<()>;
    /// Removes `key`; whether there was a value.
    fn remove(&self, key: impl AsRef<[u8]>) -> StoreResult<bool>;
    /// The entry with the greatest key.
    fn last(&self) -> StoreResult<Option<(Self::Bytes, Self::Bytes)>>;
    /// The number of entries (a walk over all of them).
    fn len(&self) -> StoreResult<usize>;
    /// Whether there are no entries (one step, not a walk).
    fn is_empty(&self) -> StoreResult<bool> {
        self.iter().next().transpose().map(|first| first.is_none())
    }
    /// Makes every write so far durable (to the whole database).
    fn flush(&self) -> StoreResult<()>;
    /// Removes every entry.
    fn clear(&self) -> StoreResult<()>;
    /// Applies a batch of writes to this tree atomically.
    fn apply_batch(&self, batch: Batch) -> StoreResult<()>;
    fn iter(&self) -> Self::Iter;
    fn range<K: AsRef<[u8]>, R: RangeBounds<K>>(&self, range: R) -> Self::Iter;
    fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> Self::Iter;
}

/// Writes to one tree, applied together by [`KvTree::apply_batch`].
#[derive(Debug, Default, Clone)]
pub struct Batch {
    pub(super) ops: Vec<(Vec<u8>, Option<Vec<u8>>)>,
}

impl Batch {
    pub fn insert(&mut self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) {
        self.ops
            .push((key.as_ref().to_vec(), Some(value.as_ref().to_vec())));
    }

    pub fn remove(&mut self, key: impl AsRef<[u8]>) {
        self.ops.push((key.as_ref().to_vec(), None));
    }
}

/// Only the keys of a walk.
pub fn keys<B, I>(iter: I) -> impl DoubleEndedIterator<Item = StoreResult<B>>
where
    I: DoubleEndedIterator<Item = StoreResult<(B, B)>>,
{
    iter.map(|item| item.map(|(k, _)| k))
}
