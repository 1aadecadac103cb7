//! Every call into sled, in one place, so that nothing else in the store names it.
//!
//! sled 0.34 can panic instead of returning an error when it reads damaged bytes that
//! passed its checksum (in tree.rs, node.rs, serialization.rs, the page cache). Stored
//! bytes must never crash the program, and `check` above all exists for damaged stores,
//! so every call here runs under [`guarded`]: a panic is caught (its report silenced,
//! see `quiet_panics.rs`) and becomes a [`StoreError`] naming the tree, the record or
//! the directory. [`SledDb`] and [`SledTree`] implement the storage traits in `kv.rs`, which
//! are the whole surface the rest of the store uses.

use std::ops::RangeBounds;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sled::Transactional;
use sled::transaction::{
    ConflictableTransactionError, TransactionError, TransactionalTree, UnabortableTransactionError,
};

use super::error::{StoreError, StoreResult, describe_key};
use super::kv::{Batch, KvStore, KvTree, OwnedWrite, Write};

/// Page cache for sled: small, because the target machines are old and shared.
pub const CACHE_BYTES: u64 = 16 * 1024 * 1024;

/// Bytes read from the database (shared, cheap to clone).
pub type Bytes = sled::IVec;

/// What a transaction's body returns; `?` works on [`TxTree`]'s calls inside it.
type TxResult<T> = Result<T, ConflictableTransactionError<()>>;

/// Runs `f`, one call into sled, turning its error or its panic into a [`StoreError`]
/// that says where: `place` names the tree or record, `dir` the database.
fn guarded<T>(
    dir: &Path,
    place: impl FnOnce() -> String,
    f: impl FnOnce() -> sled::Result<T>,
) -> StoreResult<T> {
    match crate::quiet_panics::run(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(from_sled(dir, Some(&place()), e)),
        Err(_) => Err(failed(dir, &place())),
    }
}

/// The error for a panic inside sled.
fn failed(dir: &Path, place: &str) -> StoreError {
    StoreError::Damaged(format!(
        "{place}: the database files in {} could not be read (the database library failed on them)",
        dir.display()
    ))
}

/// Turns a sled error into ours, naming the database's directory and, when known,
/// the tree or record being read.
fn from_sled(dir: &std::path::Path, place: Option<&str>, e: sled::Error) -> StoreError {
    let at = |m: String| match place {
        Some(p) => format!("{p}: {m}"),
        None => m,
    };
    match e {
        // Past opening, the only files sled opens by name are those of values too
        // large for its log.
        sled::Error::Io(source) if source.kind() == std::io::ErrorKind::NotFound => {
            StoreError::Damaged(at(format!(
                "a file of the database in {} is missing (values too large for its log are kept in {}): {source}",
                dir.display(),
                dir.join("blobs").display()
            )))
        }
        sled::Error::Io(source) => StoreError::Io {
            what: at(format!("reading or writing {}", dir.display())),
            source,
        },
        sled::Error::Corruption { at: offset, .. } => StoreError::Damaged(at(match offset {
            Some(o) => format!(
                "the database files in {} are corrupted at offset {o}",
                dir.display()
            ),
            None => format!("the database files in {} are corrupted", dir.display()),
        })),
        sled::Error::Unsupported(m) => StoreError::Damaged(at(format!("{}: {m}", dir.display()))),
        sled::Error::ReportableBug(m) => StoreError::Damaged(at(format!(
            "{}: internal database error: {m}",
            dir.display()
        ))),
        sled::Error::CollectionNotFound(_) => {
            StoreError::Damaged(at(format!("{}: a tree is missing", dir.display())))
        }
    }
}

/// An open sled database.
#[derive(Clone)]
pub struct SledDb {
    /// Always there; taken only when dropped (see the `Drop` impl).
    db: Option<sled::Db>,
    dir: Arc<PathBuf>,
}

/// One tree of a [`SledDb`].
#[derive(Clone)]
pub struct SledTree {
    tree: sled::Tree,
    name: Arc<str>,
    dir: Arc<PathBuf>,
}

/// Opens (or with `create`, creates) the sled database at `path`.
///
/// sled's background flusher is off: every commit flushes before it returns, and an
/// idle program must not wake up twice a second for nothing.
pub(super) fn open(path: &Path, create: bool) -> StoreResult<SledDb> {
    let config = sled::Config::new()
        .path(path)
        .cache_capacity(CACHE_BYTES)
        .create_new(create)
        .use_compression(false)
        .flush_every_ms(None);
    let place = || "the database".to_string();
    let db = guarded(path, place, || open_waiting(&config))?;
    Ok(SledDb {
        db: Some(db),
        dir: Arc::new(path.to_path_buf()),
    })
}

/// sled lets go of its own file lock a moment after its handle is dropped (its worker
/// threads hold it briefly), so opening again straight after closing can find it still
/// held. The caller holds caseline's lock, so the holder can only be such a lingering
/// handle of this process: wait for it, briefly, rather than fail.
fn open_waiting(config: &sled::Config) -> sled::Result<sled::Db> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        match config.open() {
            Err(sled::Error::Io(e)) if is_lock_busy(&e) && std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            opened => return opened,
        }
    }
}

/// sled reports a held lock as an `Other` error wrapping `WouldBlock`, in words.
fn is_lock_busy(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::WouldBlock || e.to_string().contains("could not acquire lock")
}

impl SledDb {
    fn db(&self) -> &sled::Db {
        self.db
            .as_ref()
            .expect("a database handle is only taken when it is dropped")
    }

    /// Runs `body` as one transaction over `trees` (all of this database): its writes
    /// land together or not at all. sled may run the body more than once.
    fn transaction<T>(
        &self,
        trees: &[SledTree],
        body: impl Fn(&[TxTree<'_>]) -> TxResult<T>,
    ) -> StoreResult<T> {
        let names: Vec<&str> = trees.iter().map(|t| &*t.name).collect();
        let place = || format!("a transaction over {}", names.join(", "));
        let raw: Vec<sled::Tree> = trees.iter().map(|t| t.tree.clone()).collect();
        let run = || match raw
            .as_slice()
            .transaction(|views: &Vec<TransactionalTree>| {
                let txs: Vec<TxTree<'_>> = views.iter().map(|t| TxTree { tree: t }).collect();
                body(&txs)
            }) {
            Ok(v) => Ok(v),
            Err(TransactionError::Storage(e)) => Err(e),
            Err(TransactionError::Abort(())) => Err(sled::Error::ReportableBug(
                "a transaction was aborted that never aborts".into(),
            )),
        };
        guarded(&self.dir, place, run)
    }
}

impl KvStore for SledDb {
    type Tree = SledTree;

    fn tree(&self, name: &str) -> StoreResult<SledTree> {
        let tree = guarded(
            &self.dir,
            || format!("tree {name}"),
            || self.db().open_tree(name),
        )?;
        Ok(SledTree {
            tree,
            name: name.into(),
            dir: self.dir.clone(),
        })
    }

    fn flush(&self) -> StoreResult<()> {
        guarded(&self.dir, || "the database".into(), || self.db().flush()).map(|_| ())
    }

    fn size_on_disk(&self) -> StoreResult<u64> {
        guarded(
            &self.dir,
            || "the database".into(),
            || self.db().size_on_disk(),
        )
    }

    /// sled's own: its default tree.
    fn is_engine_tree(name: &[u8]) -> bool {
        name.starts_with(b"__sled__")
    }

    fn tree_names(&self) -> StoreResult<Vec<Vec<u8>>> {
        let names = || Ok(self.db().tree_names());
        let names = guarded(&self.dir, || "the list of trees".into(), names)?;
        Ok(names.into_iter().map(|n| n.to_vec()).collect())
    }

    fn commit(&self, trees: &[SledTree], writes: &[Write<'_>]) -> StoreResult<()> {
        self.transaction(trees, |txs| {
            for (i, k, v) in writes {
                match v {
                    Some(v) => txs[*i].insert(k, v)?,
                    None => txs[*i].remove(k)?,
                }
            }
            Ok(())
        })
    }

    fn read_then_commit(
        &self,
        trees: &[SledTree],
        read: (usize, &[u8]),
        make: &dyn Fn(Option<&[u8]>) -> Vec<OwnedWrite>,
    ) -> StoreResult<()> {
        self.transaction(trees, |txs| {
            let found = txs[read.0].get(read.1)?;
            for (i, k, v) in make(found.as_deref()) {
                match v {
                    Some(v) => txs[i].insert(k, v)?,
                    None => txs[i].remove(k)?,
                }
            }
            Ok(())
        })
    }
}

impl Drop for SledDb {
    /// The last handle's drop flushes inside sled: a panic there is kept in too.
    fn drop(&mut self) {
        let db = self.db.take();
        let _ = crate::quiet_panics::run(|| catch_unwind(AssertUnwindSafe(move || drop(db))));
    }
}

impl SledTree {
    fn key_place(&self, key: &[u8]) -> String {
        format!("record {}/{}", self.name, describe_key(key))
    }

    fn tree_place(&self) -> String {
        format!("tree {}", self.name)
    }

    fn guard<T>(&self, key: Option<&[u8]>, f: impl FnOnce() -> sled::Result<T>) -> StoreResult<T> {
        let place = || match key {
            Some(k) => self.key_place(k),
            None => self.tree_place(),
        };
        guarded(&self.dir, place, f)
    }

    fn wrap(&self, make: impl FnOnce() -> sled::Iter) -> SledIter {
        let made = crate::quiet_panics::run(|| catch_unwind(AssertUnwindSafe(make)));
        let (inner, failed) = match made {
            Ok(i) => (Some(i), false),
            Err(_) => (None, true),
        };
        SledIter {
            inner,
            failed,
            tree: self.clone(),
            last: None,
        }
    }
}

impl KvTree for SledTree {
    type Bytes = Bytes;
    type Iter = SledIter;

    fn get(&self, key: impl AsRef<[u8]>) -> StoreResult<Option<Bytes>> {
        let key = key.as_ref();
        self.guard(Some(key), || self.tree.get(key))
    }

    /// Stores `value` under `key`.
    fn insert(&self, key: impl AsRef<[u8]>, value: impl AsRef<[u8]>) -> StoreResult<()> {
        let key = key.as_ref();
        self.guard(Some(key), || {
            self.tree.insert(key, value.as_ref()).map(|_| ())
        })
    }

    /// Removes `key`; whether there was a value.
    fn remove(&self, key: impl AsRef<[u8]>) -> StoreResult<bool> {
        let key = key.as_ref();
        self.guard(Some(key), || self.tree.remove(key).map(|old| old.is_some()))
    }

    /// The entry with the greatest key.
    fn last(&self) -> StoreResult<Option<(Bytes, Bytes)>> {
        self.guard(None, || self.tree.last())
    }

    /// The number of entries (a walk over all of them).
    fn len(&self) -> StoreResult<usize> {
        self.guard(None, || Ok(self.tree.len()))
    }

    /// Makes every write so far durable (to the whole database).
    fn flush(&self) -> StoreResult<()> {
        self.guard(None, || self.tree.flush().map(|_| ()))
    }

    /// Removes every entry.
    fn clear(&self) -> StoreResult<()> {
        self.guard(None, || self.tree.clear())
    }

    /// Applies a batch of writes atomically.
    fn apply_batch(&self, batch: Batch) -> StoreResult<()> {
        let mut writes = sled::Batch::default();
        for (k, v) in batch.ops {
            match v {
                Some(v) => writes.insert(k, v),
                None => writes.remove(k),
            }
        }
        self.guard(None, || self.tree.apply_batch(writes))
    }

    /// Every entry, in key order.
    fn iter(&self) -> SledIter {
        self.wrap(|| self.tree.iter())
    }

    /// The entries whose keys fall in `range`.
    fn range<K: AsRef<[u8]>, R: RangeBounds<K>>(&self, range: R) -> SledIter {
        self.wrap(|| self.tree.range(range))
    }

    /// The entries whose keys start with `prefix`.
    fn scan_prefix(&self, prefix: impl AsRef<[u8]>) -> SledIter {
        self.wrap(|| self.tree.scan_prefix(prefix))
    }
}

/// The entries of a tree, each read under [`guarded`]. After an error it ends: sled's
/// own iterator may be in no state to go on.
pub struct SledIter {
    inner: Option<sled::Iter>,
    /// Making the iterator failed: the first item says so.
    failed: bool,
    tree: SledTree,
    /// The last key read, to say where an error came.
    last: Option<Bytes>,
}

impl SledIter {
    fn step(&mut self, back: bool) -> Option<StoreResult<(Bytes, Bytes)>> {
        if std::mem::take(&mut self.failed) {
            return Some(Err(failed(&self.tree.dir, &self.tree.tree_place())));
        }
        let inner = self.inner.as_mut()?;
        let read = crate::quiet_panics::run(|| {
            catch_unwind(AssertUnwindSafe(|| {
                if back {
                    inner.next_back()
                } else {
                    inner.next()
                }
            }))
        });
        let place = |last: &Option<Bytes>, tree: &SledTree| match last {
            Some(k) => format!("{} (after record {})", tree.tree_place(), describe_key(k)),
            None => tree.tree_place(),
        };
        match read {
            Ok(None) => None,
            Ok(Some(Ok((k, v)))) => {
                self.last = Some(k.clone());
                Some(Ok((k, v)))
            }
            Ok(Some(Err(e))) => {
                self.inner = None;
                let at = place(&self.last, &self.tree);
                Some(Err(from_sled(&self.tree.dir, Some(&at), e)))
            }
            Err(_) => {
                self.inner = None;
                Some(Err(failed(&self.tree.dir, &place(&self.last, &self.tree))))
            }
        }
    }
}

impl Iterator for SledIter {
    type Item = StoreResult<(Bytes, Bytes)>;
    fn next(&mut self) -> Option<Self::Item> {
        self.step(false)
    }
}

impl DoubleEndedIterator for SledIter {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.step(true)
    }
}

/// One tree inside a transaction.
struct TxTree<'a> {
    tree: &'a TransactionalTree,
}

impl TxTree<'_> {
    fn get(&self, key: impl AsRef<[u8]>) -> Result<Option<Bytes>, UnabortableTransactionError> {
        self.tree.get(key.as_ref())
    }

    fn insert(
        &self,
        key: impl AsRef<[u8]>,
        value: impl AsRef<[u8]>,
    ) -> Result<(), UnabortableTransactionError> {
        self.tree.insert(key.as_ref(), value.as_ref()).map(|_| ())
    }

    fn remove(&self, key: impl AsRef<[u8]>) -> Result<(), UnabortableTransactionError> {
        self.tree.remove(key.as_ref()).map(|_| ())
    }
}
