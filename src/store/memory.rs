//! A storage engine in memory: every tree a `BTreeMap` of byte keys, all of them behind
//! one lock. It keeps nothing past the process, so it is for tests, and it is the
//! smallest engine that meets what `kv.rs` asks of one: a commit takes the lock for
//! writing and applies every write to every tree before letting go (atomic across
//! trees, and nothing lands between a `read_then_commit`'s read and its writes); keys
//! are compared as bytes, so ranges come out in the order the indexes rely on; a flush
//! has nothing to do, for there is no disk.
//!
//! Iterators hold no lock between items: each step looks up the next key after the
//! last one read (as sled's do, they see writes made meanwhile, never a torn commit).

use std::collections::BTreeMap;
use std::ops::{Bound, RangeBounds};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use super::error::StoreResult;
use super::kv::{Batch, KvStore, KvTree, OwnedWrite, Write};

/// Bytes as kept and as read: shared, so a read copies nothing.
pub type Bytes = Arc<[u8]>;

type Trees = BTreeMap<String, BTreeMap<Vec<u8>, Bytes>>;

/// A database in memory. Clones are handles on the same one.
#[derive(Clone, Default)]
pub struct MemoryDb {
    trees: Arc<RwLock<Trees>>,
}

/// One tree of a [`MemoryDb`], by name.
#[derive(Clone)]
pub struct MemoryTree {
    trees: Arc<RwLock<Trees>>,
    name: Arc<str>,
}

impl MemoryDb {
    /// An empty database.
    pub fn new() -> MemoryDb {
        MemoryDb::default()
    }
}

/// The lock for reading. A panic elsewhere while it was held cannot have left a tree
/// half written (writes are applied after every check), so a poisoned lock is used.
fn read(trees: &RwLock<Trees>) -> RwLockReadGuard<'_, Trees> {
    trees.read().unwrap_or_else(|p| p.into_inner())
}

fn write(trees: &RwLock<Trees>) -> RwLockWriteGuard<'_, Trees> {
    trees.write().unwrap_or_else(|p| p.into_inner())
}

/// Applies one write to the tree `name`, making the tree when it is not there.
fn apply(trees: &mut Trees, name: &str, key: &[u8], value: Option<&[u8]>) {
    let tree = trees.entry(name.to_string()).or_default();
    match value {
        Some(v) => {
            tree.insert(key.to_vec(), Arc::from(v));
        }
        None => {
            tree.remove(key);
        }
    }
}

impl KvStore for MemoryDb {
    type Tree = MemoryTree;

    fn tree(&self, name: &str) -> StoreResult<MemoryTree> {
        // Every read names its tree first: the write lock only when it is new.
        if !read(&self.trees).contains_key(name) {
            write(&self.trees).entry(name.to_string()).or_default();
        }
        Ok(MemoryTree {
            trees: self.trees.clone(),
            name: name.into(),
        })
    }

    fn tree_names(&self) -> StoreResult<Vec<Vec<u8>>> {
        Ok(read(&self.trees)
            .keys()
            .map(|n| n.as_bytes().to_vec())
            .collect())
    }

    /// Nothing to make durable: the database lives as long as the process.
    fn flush(&self) -> StoreResult<()> {
        Ok(())
    }

    fn size_on_disk(&self) -> StoreResult<u64> {
        Ok(0)
    }

    fn commit(&self, trees: &[MemoryTree], writes: &[Write<'_>]) -> StoreResult<()> {
        let mut all = write(&self.trees);
        for (i, k, v) in writes {
            apply(&mut all, &trees[*i].name, k, *v);
        }
        Ok(())
    }

    fn read_then_commit(
        &self,
        trees: &[MemoryTree],
        read: (usize, &[u8]),
        make: &dyn Fn(Option<&[u8]>) -> Vec<OwnedWrite>,
    ) -> StoreResult<()> {
        let mut all = write(&self.trees);
        let found = all
            .get(&*trees[read.0].name)
            .and_then(|t| t.get(read.1))
            .cloned();
        for (i, k, v) in make(found.as_deref()) {
            apply(&mut all, &trees[i].name, &k, v.as_deref());
        }
        Ok(())
    }
}

impl MemoryTree {
    /// Runs `f` on this tree's map (empty when the tree is not there).
    fn with<T>(&self, f: impl FnOnce(&BTreeMap<Vec<u8>, Bytes>) -> T) -> T {
        let all = read(&self.trees);
        match all.get(&*self.name) {
            Some(t) => f(t),
            None => f(&BTreeMap::new()),
        }
    }

    fn with_mut<T>(&self, f: impl FnOnce(&mut BTreeMap<Vec<u8>, Bytes>) -> T) -> T {
        let mut all = write(&self.trees);
        f(all.entry(self.name.to_string()).or_default())
    }

    fn walk(&self, front: Bound<Vec<u8>>, back: Bound<Vec<u8>>) -> MemoryIter {
        MemoryIter {
            tree: self.clone(),
            front,
            back,
        }
    }
}

fn owned(b: Bound<&impl AsRef<[u8]>>) -> Bound<Vec<u8>> {
    match b {
        Bound::Included(k) => Bound::Included(k.as_ref().to_vec()),
        Bound::Excluded(k) => Bound::Excluded(k.as_ref().to_vec()),
        Bound::Unbounded => Bound::Unbounded,
    }
}

/// The least key greater than every key that starts with `prefix`, if there is one.
fn past_prefix(prefix: &[u8]) -> Bound<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Bound::Excluded(end);
        }
    }
    Bound::Unbounded
}

impl KvTree for MemoryTree {
    type Bytes = Bytes;
    type Iter = MemoryIter;

    fn get(&self, key: impl AsRef<[u8]>) -> StoreResult<Option<Bytes>> {
        Ok(self.with(|t| t.get(key.as_ref()).cloned()))
    }

    fn insert(&self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> StoreResult<()> {
        let value: Bytes = Arc::from(value.as_ref());
        self.with_mut(|t| t.insert(key.as_ref().to_vec(), value));
        Ok(())
    }

    fn remove(&self, key: impl AsRef<[u8]>) -> StoreResult<bool> {
        Ok(self.with_mut(|t| t.remove(key.as_ref()).is_some()))
    }

    fn last(&self) -> StoreResult<Option<(Bytes, Bytes)>> {
        Ok(self.with(|t| {
            t.last_key_value()
                .map(|(k, v)| (Arc::from(k.as_slice()), v.clone()))
        }))
    }

    fn len(&self) -> StoreResult<usize> {
        Ok(self.with(|t| t.len()))
    }

    fn flush(&self) -> StoreResult<()> {
        Ok(())
    }

    fn clear(&self) -> StoreResult<()> {
        self.with_mut(|t| t.clear());
        Ok(())
    }

    fn apply_batch(&self, batch: Batch) -> StoreResult<()> {
        self.with_mut(|t| {
            for (k, v) in batch.ops {
                match v {
                    Some(v) => t.insert(k, Arc::from(v)),
                    None => t.remove(&k),
                };
            }
        });
        Ok(())
    }

    fn iter(&self) -> MemoryIter {
        self.walk(Bound::Unbounded, Bound::Unbounded)
    }

    fn range<K: AsRef<[u8]>, R: RangeBounds<K>>(&self, range: R) -> MemoryIter {
        self.walk(owned(range.start_bound()), owned(range.end_bound()))
    }

    fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> MemoryIter {
        let prefix = prefix.as_ref();
        self.walk(Bound::Included(prefix.to_vec()), past_prefix(prefix))
    }
}

/// A walk over a tree between two bounds that close in as it goes, from either end.
pub struct MemoryIter {
    tree: MemoryTree,
    front: Bound<Vec<u8>>,
    back: Bound<Vec<u8>>,
}

impl MemoryIter {
    /// Whether the bounds leave no key between them (a `BTreeMap` range would panic).
    fn is_spent(&self) -> bool {
        use Bound::{Excluded, Included};
        match (&self.front, &self.back) {
            (Included(a), Included(b)) => a > b,
            (Included(a), Excluded(b)) | (Excluded(a), Included(b)) => a >= b,
            (Excluded(a), Excluded(b)) => a >= b,
            _ => false,
        }
    }

    fn step(&mut self, back: bool) -> Option<StoreResult<(Bytes, Bytes)>> {
        if self.is_spent() {
            return None;
        }
        let bounds = (self.front.clone(), self.back.clone());
        let found = self.tree.with(|t| {
            let mut r = t.range::<Vec<u8>, _>(bounds);
            let item = if back { r.next_back() } else { r.next() };
            item.map(|(k, v)| (k.clone(), v.clone()))
        })?;
        let (k, v) = found;
        let key: Bytes = Arc::from(k.as_slice());
        if back {
            self.back = Bound::Excluded(k);
        } else {
            self.front = Bound::Excluded(k);
        }
        Some(Ok((key, v)))
    }
}

impl Iterator for MemoryIter {
    type Item = StoreResult<(Bytes, Bytes)>;
    fn next(&mut self) -> Option<Self::Item> {
        self.step(false)
    }
}

impl DoubleEndedIterator for MemoryIter {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.step(true)
    }
}
