//! Backup files and restoring from them.
//!
//! A backup is one file: a header, then every tree's raw entries, then a BLAKE3 hash of
//! all that came before. Values are copied as stored, still encrypted, with the key
//! slots, so the copy opens with the same passphrases and holds nothing readable.
//!
//! ```text
//! "CASELINE-BACKUP\n"  version: u32 LE  created: i64 LE (unix seconds)
//! { name_len: u8 (>0)  name  key_len: u32 LE  key  value_len: u32 LE  value }*
//! 0u8  blake3(everything before): [u8; 32]
//! ```
//!
//! Writing a backup reads trees through the storage traits, so it works on any
//! engine. A restore is sled's: it builds a sled database beside the live one and
//! swaps the directories by renames (`Restore`).

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::any::AnyDb;
use super::error::{StoreError, StoreResult};
use super::kind::{Kind, plain};
use super::kv::Batch;
use super::kv::{KvStore, KvTree};
use super::layout::{self, DB, Notice, REPLACED, RESTORE};
use super::lock::DirLock;
use super::{Store, Vault, create_private_dir, sync_dir};
use crate::domain::Clock;

const MAGIC: &[u8; 16] = b"CASELINE-BACKUP\n";
const VERSION: u32 = 1;

/// Every tree a backup carries.
fn trees() -> impl Iterator<Item = &'static str> {
    plain::ALL
        .into_iter()
        .chain(Kind::ALL.iter().map(|k| k.tree()))
}

/// Writes a hashed copy of every tree to `out`.
struct HashWriter<W: Write> {
    inner: W,
    hash: blake3::Hasher,
}

impl<W: Write> HashWriter<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.hash.update(bytes);
        self.inner.write_all(bytes)
    }
}

/// Writes a backup of the open store to `dest`, atomically: a crash leaves either no
/// file or a whole one. Returns the number of entries copied.
pub fn write_backup<K: KvStore>(vault: &Vault<K>, dest: &Path) -> StoreResult<usize> {
    write_file_atomically(dest, |w| write_backup_to(vault, w))
}

/// Writes a backup of the open store into `w` (a file, or a socket to a client that
/// writes the file), ending with its checksum; the caller makes it durable.
pub fn write_backup_to<K: KvStore>(vault: &Vault<K>, w: &mut dyn Write) -> StoreResult<usize> {
    let io = |e| StoreError::io("writing the backup", e);
    let mut w = HashWriter {
        inner: w,
        hash: blake3::Hasher::new(),
    };
    let mut n = 0;
    w.put(MAGIC).map_err(io)?;
    w.put(&VERSION.to_le_bytes()).map_err(io)?;
    w.put(&vault.clock().now().timestamp().to_le_bytes())
        .map_err(io)?;
    // Held back even when the copy waits on a slow reader: the log's head, copied
    // first, must be the head of the log copied last.
    vault.with_writes_held(|| {
        for name in trees() {
            for item in vault.raw(name)? {
                let (k, v) = item?;
                w.put(&[name.len() as u8]).map_err(io)?;
                w.put(name.as_bytes()).map_err(io)?;
                w.put(&(k.len() as u32).to_le_bytes()).map_err(io)?;
                w.put(&k).map_err(io)?;
                w.put(&(v.len() as u32).to_le_bytes()).map_err(io)?;
                w.put(&v).map_err(io)?;
                n += 1;
            }
        }
        Ok::<(), StoreError>(())
    })?;
    w.put(&[0]).map_err(io)?;
    let digest = *w.hash.finalize().as_bytes();
    w.inner.write_all(&digest).map_err(io)?;
    w.inner.flush().map_err(io)?;
    Ok(n)
}

/// Creates `dest` through a partial file beside it (owner-only, under a new random
/// name, so no file of the user's is ever taken for a stale one), filled by `fill`,
/// synced and moved into place without replacing anything: a crash leaves no file or
/// a whole one, and a file that appeared at `dest` meanwhile is kept.
pub fn write_file_atomically<T, E: From<StoreError>>(
    dest: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    let parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(dest.file_name().unwrap_or_default());
    prefix.push(".");
    // Created exclusively with mode 0600 under a name nobody chose.
    let partial = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".partial")
        .tempfile_in(parent)
        .map_err(|e| StoreError::io(format!("creating a file in {}", parent.display()), e))?;
    let io = |e| StoreError::io(format!("writing {}", partial.path().display()), e);
    let mut buffered = BufWriter::new(partial.as_file());
    let value = fill(&mut buffered)?;
    buffered.flush().map_err(io)?;
    drop(buffered);
    partial.as_file().sync_all().map_err(io)?;
    partial.persist_noclobber(dest).map_err(|e| {
        let why = if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "a file of that name appeared while the backup was written; it was kept",
            )
        } else {
            e.error
        };
        StoreError::io(format!("creating {}", dest.display()), why)
    })?;
    sync_dir(parent)?;
    Ok(value)
}

/// Reads a backup, handing each entry to `each`; fails if the file is not whole.
fn read_backup(
    src: &Path,
    mut each: impl FnMut(&'static str, Vec<u8>, Vec<u8>) -> StoreResult<()>,
) -> StoreResult<usize> {
    let damaged = |why: &str| StoreError::Damaged(format!("backup {} {why}", src.display()));
    let file =
        File::open(src).map_err(|e| StoreError::io(format!("opening {}", src.display()), e))?;
    let mut r = BufReader::new(file);
    let mut hash = blake3::Hasher::new();
    let mut read = |len: usize, hash: &mut blake3::Hasher| -> StoreResult<Vec<u8>> {
        let mut buf = vec![0u8; len];
        r.read_exact(&mut buf)
            .map_err(|_| damaged("ends early (is it incomplete?)"))?;
        hash.update(&buf);
        Ok(buf)
    };
    if read(16, &mut hash)? != MAGIC {
        return Err(damaged("is not a caseline backup"));
    }
    let version = u32::from_le_bytes(read(4, &mut hash)?.try_into().expect("4 bytes"));
    if version != VERSION {
        return Err(damaged(&format!(
            "has version {version}; this caseline reads version {VERSION}"
        )));
    }
    read(8, &mut hash)?;
    let known: Vec<&'static str> = trees().collect();
    let mut n = 0;
    loop {
        let name_len = read(1, &mut hash)?[0] as usize;
        if name_len == 0 {
            break;
        }
        let name = read(name_len, &mut hash)?;
        let tree: &'static str = known
            .iter()
            .copied()
            .find(|t| t.as_bytes() == name.as_slice())
            .ok_or_else(|| damaged("names a tree this caseline does not know"))?;
        let klen = u32::from_le_bytes(read(4, &mut hash)?.try_into().expect("4 bytes")) as usize;
        let k = read(klen.min(1 << 16), &mut hash)?;
        let vlen = u32::from_le_bytes(read(4, &mut hash)?.try_into().expect("4 bytes")) as usize;
        if klen > 1 << 16 || vlen > 1 << 24 {
            return Err(damaged("holds an entry too large to be real"));
        }
        let v = read(vlen, &mut hash)?;
        each(tree, k, v)?;
        n += 1;
    }
    let expected = *hash.finalize().as_bytes();
    let mut digest = [0u8; 32];
    r.read_exact(&mut digest)
        .map_err(|_| damaged("ends early (is it incomplete?)"))?;
    if digest != expected {
        return Err(damaged("is damaged (its checksum does not match)"));
    }
    if r.read(&mut [0u8; 1])
        .map_err(|_| damaged("could not be read to its end"))?
        != 0
    {
        return Err(damaged("has bytes after its end (two files joined?)"));
    }
    Ok(n)
}

/// A restore in progress: the data directory locked, the backup unpacked beside the
/// live database, not yet in its place.
pub struct Restore {
    dir: PathBuf,
    lock: Arc<DirLock>,
    staged: PathBuf,
    entries: usize,
    done: bool,
    notices: Vec<Notice>,
    /// Where the store being replaced will be kept, when there is one.
    kept: Option<String>,
    /// The time the stores opened here record by, and the kept store is named by.
    clock: Clock,
}

impl Restore {
    /// Takes the data directory `dir` for a restore, putting right what an interrupted
    /// one left. Refuses when `dir` already has a store, unless `force`.
    pub fn begin(dir: &Path, force: bool, clock: Clock) -> StoreResult<Restore> {
        create_private_dir(dir)?;
        let lock = Arc::new(DirLock::acquire(dir)?);
        let notices = layout::tidy(dir)?;
        let replacing = layout::found(dir)?;
        if replacing && !force {
            return Err(StoreError::Exists(dir.to_path_buf()));
        }
        Ok(Restore {
            dir: dir.to_path_buf(),
            lock,
            staged: dir.join(RESTORE),
            entries: 0,
            done: false,
            notices,
            kept: replacing.then(|| layout::kept_name(dir, clock.now())),
            clock,
        })
    }

    /// The store being replaced, opened under the restore's lock so that its
    /// administrator can sign in to it; `None` when the directory has none.
    pub fn live_store(&self) -> StoreResult<Option<Store>> {
        if self.kept.is_none() {
            return Ok(None);
        }
        let db = AnyDb::open_sled(&self.dir.join(DB), false)?;
        let store = Store {
            dir: self.dir.clone(),
            db,
            _lock: Some(self.lock.clone()),
            clock: self.clock.clone(),
            notices: Vec::new(),
        };
        store.check_format()?;
        Ok(Some(store))
    }

    /// Where the replaced store will be kept (a name in the data directory), when a
    /// store is being replaced.
    pub fn kept(&self) -> Option<&str> {
        self.kept.as_deref()
    }

    /// What putting the directory right found and did.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Unpacks the backup `src` beside the live database; returns the entries.
    pub fn unpack(&mut self, src: &Path) -> StoreResult<usize> {
        let db = AnyDb::open_sled(&self.staged, true)?;
        let mut pending: Vec<(&'static str, Vec<u8>, Vec<u8>)> = Vec::new();
        let apply = |pending: &mut Vec<(&'static str, Vec<u8>, Vec<u8>)>| -> StoreResult<()> {
            let mut batches: std::collections::BTreeMap<&'static str, Batch> = Default::default();
            for (tree, k, v) in pending.drain(..) {
                batches.entry(tree).or_default().insert(k, v);
            }
            for (tree, batch) in batches {
                db.tree(tree)?.apply_batch(batch)?;
            }
            Ok(())
        };
        self.entries = read_backup(src, |tree, k, v| {
            pending.push((tree, k, v));
            if pending.len() >= 10_000 {
                apply(&mut pending)?;
            }
            Ok(())
        })?;
        apply(&mut pending)?;
        db.flush()?;
        Ok(self.entries)
    }

    /// The unpacked copy, opened as a store for checking before it goes live.
    pub fn staged_store(&self) -> StoreResult<Store> {
        let db = AnyDb::open_sled(&self.staged, false)?;
        let store = Store {
            dir: self.staged.clone(),
            db,
            _lock: Some(self.lock.clone()),
            clock: self.clock.clone(),
            notices: Vec::new(),
        };
        store.check_format()?;
        Ok(store)
    }

    /// Entries unpacked.
    pub fn entries(&self) -> usize {
        self.entries
    }

    /// Moves the restored database into place, and the replaced one (with its drafts)
    /// into its kept directory. Every store opened from this restore must be closed
    /// first. Each step is a rename: a crash leaves the old store in place, or aside in
    /// `db.replaced` (put back on the next open), or the new one in place with the old
    /// one still to be kept (kept on the next open). Once the new one is in place the
    /// restore has happened, so failing to keep the old one is said, not an error.
    pub fn commit(mut self) -> StoreResult<Kept> {
        let live = self.dir.join(DB);
        let replaced = self.dir.join(REPLACED);
        let io = |what: &str, e| StoreError::io(format!("{what} in {}", self.dir.display()), e);
        if self.kept.is_some() {
            std::fs::rename(&live, &replaced).map_err(|e| io("moving the old store aside", e))?;
        }
        std::fs::rename(&self.staged, &live).map_err(|e| io("moving the restored store in", e))?;
        sync_dir(&self.dir)?;
        self.done = true;
        Ok(match &self.kept {
            None => Kept::Nothing,
            Some(name) => match layout::keep_replaced(&self.dir, name) {
                Ok(name) => Kept::In(name),
                Err(e) => Kept::OnNextOpen(e.to_string()),
            },
        })
    }
}

/// What became of the store a restore replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// There was none.
    Nothing,
    /// Kept in this directory of the data directory.
    In(String),
    /// Left in `db.replaced`, to be kept on the next open: keeping it failed, so.
    OnNextOpen(String),
}

impl Drop for Restore {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staged);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dest: &Path, then: impl FnOnce()) -> StoreResult<()> {
        write_file_atomically(dest, |w| {
            then();
            w.write_all(b"backup")
                .map_err(|e| StoreError::io("test", e))
        })
    }

    #[test]
    fn a_file_of_the_users_is_never_removed_or_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("nightly.clb");
        // A file that happens to have the partial file's old name is not ours to delete.
        let theirs = tmp.path().join("nightly.clb.partial");
        std::fs::write(&theirs, b"mine").unwrap();
        write(&dest, || {}).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"backup");
        assert_eq!(std::fs::read(&theirs).unwrap(), b"mine");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // One that appears at the destination while the backup is written is kept.
        let later = tmp.path().join("later.clb");
        let err = write(&later, || std::fs::write(&later, b"appeared").unwrap()).unwrap_err();
        assert!(err.to_string().contains("it was kept"), "{err}");
        assert_eq!(std::fs::read(&later).unwrap(), b"appeared");
        let names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 3, "no partial file left behind: {names:?}");
    }
}
