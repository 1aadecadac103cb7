//! Where the search index lives on disk: an encrypted snapshot, and a journal of the
//! records changed since.
//!
//! The index (`src/search`) is kept in memory. Its snapshot holds every indexed name,
//! phone number, postcode and word in plain form, so it is written only sealed with
//! the data key, in chunks of [`CHUNK`] bytes in the `search_snapshot` tree (keyed by
//! generation ‖ chunk number; the associated data binds tree, key and schema as for
//! records). A small plain pointer in `meta` names the current generation, its chunk
//! count, its length and the journal number it covers; it is written after the chunks,
//! so a crash part way leaves the old snapshot in force, and chunks of other
//! generations are removed by the next write.
//!
//! Every commit that touches an indexed tree (people, incidents, cases, timeline,
//! organisations) also writes, in the same transaction, a `search_journal` entry keyed
//! by a counter: the trees and ids it touched (ids only, nothing personal). At unlock
//! the entries after the snapshot's number are indexed again; entries a durable
//! snapshot covers are pruned.

use zeroize::Zeroizing;

use super::crypto::SecretKey;
use super::error::{StoreError, StoreResult};
use super::kind::{Kind, plain};
use super::kv::{KvStore, KvTree};
use super::vault::Op;

/// The sealed chunks of the snapshot.
pub const SNAPSHOT_TREE: &str = "search_snapshot";
/// Commit number → the indexed records it touched.
pub const JOURNAL_TREE: &str = "search_journal";
/// The pointer to the current snapshot, in `meta`.
const POINTER_KEY: &[u8] = b"search_snapshot";
/// Bytes of snapshot per sealed value.
pub const CHUNK: usize = 1 << 20;
const CHUNK_SCHEMA: u16 = 1;
const POINTER_SCHEMA: u16 = 1;

/// The record kinds the search index holds, by their code in journal entries.
pub const INDEXED: [Kind; 5] = [
    Kind::Person,
    Kind::Incident,
    Kind::Case,
    Kind::Timeline,
    Kind::Organisation,
];

/// One record a commit touched: its kind and id.
pub type Touched = (Kind, [u8; 16]);

/// Where the current snapshot is and what it covers. Nothing personal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Pointer {
    generation: u64,
    chunks: u32,
    len: u64,
    /// The last journal number whose changes the snapshot holds.
    covers: u64,
}

/// The indexed records among a commit's writes, each once.
pub(super) fn touched(ops: &[Op]) -> Vec<Touched> {
    let mut out: Vec<Touched> = Vec::new();
    for (tree, key, _) in ops {
        let Some(kind) = INDEXED.into_iter().find(|k| k.tree() == *tree) else {
            continue;
        };
        let Ok(id) = <[u8; 16]>::try_from(key.as_slice()) else {
            continue;
        };
        if !out.contains(&(kind, id)) {
            out.push((kind, id));
        }
    }
    out
}

/// The journal entry for commit number `n`.
pub(super) fn journal_op(n: u64, touched: &[Touched]) -> Op {
    let mut value = Vec::with_capacity(touched.len() * 17);
    for (kind, id) in touched {
        let code = INDEXED.iter().position(|k| k == kind).unwrap_or(0) as u8;
        value.push(code);
        value.extend_from_slice(id);
    }
    (JOURNAL_TREE, n.to_be_bytes().to_vec(), Some(value))
}

fn decode_entry(value: &[u8]) -> Option<Vec<Touched>> {
    if !value.len().is_multiple_of(17) {
        return None;
    }
    value
        .chunks(17)
        .map(|c| {
            let kind = *INDEXED.get(c[0] as usize)?;
            Some((kind, c[1..].try_into().ok()?))
        })
        .collect()
}

fn aad(key: &[u8], schema: u16) -> Vec<u8> {
    let mut a = Vec::with_capacity(40);
    a.extend_from_slice(b"caseline/1\0");
    a.extend_from_slice(SNAPSHOT_TREE.as_bytes());
    a.push(0);
    a.extend_from_slice(key);
    a.extend_from_slice(&schema.to_le_bytes());
    a
}

fn damaged(what: &str) -> StoreError {
    StoreError::Damaged(format!("the search snapshot {what}"))
}

fn chunk_key(generation: u64, n: u32) -> [u8; 12] {
    let mut k = [0u8; 12];
    k[..8].copy_from_slice(&generation.to_be_bytes());
    k[8..].copy_from_slice(&n.to_be_bytes());
    k
}

/// A handle on the snapshot and journal that can move to a background thread: sled
/// trees are shared handles, and the key is a copy wiped when the handle drops.
#[derive(Clone)]
pub struct SnapshotStore<K: KvStore = super::AnyDb> {
    pub(super) db: K,
    pub(super) key: SecretKey,
}

/// A snapshot as read back: the plain bytes (personal data: wiped on drop) and the
/// journal number it covers.
pub struct Snapshot {
    pub bytes: Zeroizing<Vec<u8>>,
    pub covers: u64,
}

impl<K: KvStore> SnapshotStore<K> {
    fn tree(&self, name: &str) -> StoreResult<K::Tree> {
        self.db.tree(name)
    }

    fn pointer(&self) -> StoreResult<Option<Pointer>> {
        let meta = self.tree(plain::META)?;
        let Some(v) = meta.get(POINTER_KEY)? else {
            return Ok(None);
        };
        // A pointer that does not decode is treated as no snapshot: it is rebuilt.
        Ok(super::codec::from_plain(POINTER_SCHEMA, &v).ok())
    }

    /// The journal number the current snapshot covers (0 when there is none).
    pub fn covered(&self) -> StoreResult<u64> {
        Ok(self.pointer()?.map_or(0, |p| p.covers))
    }

    /// The last journal number written (0 when the journal is empty).
    pub fn last_journaled(&self) -> StoreResult<u64> {
        let journal = self.tree(JOURNAL_TREE)?;
        let last = journal.last()?;
        Ok(last
            .and_then(|(k, _)| <[u8; 8]>::try_from(k.as_ref()).ok())
            .map_or(0, u64::from_be_bytes))
    }

    /// Seals and writes a snapshot covering journal number `covers`. Not flushed: the
    /// next commit or close makes it durable (a crash before leaves the old one).
    pub fn write(&self, bytes: &[u8], covers: u64) -> StoreResult<()> {
        self.write_generation(bytes, covers)
    }

    fn write_generation(&self, bytes: &[u8], covers: u64) -> StoreResult<()> {
        let tree = self.tree(SNAPSHOT_TREE)?;
        let generation = self.pointer()?.map_or(1, |p| p.generation + 1);
        let mut chunks = 0u32;
        for (n, part) in bytes.chunks(CHUNK).enumerate() {
            let k = chunk_key(generation, n as u32);
            let mut v = vec![super::codec::FORMAT_SEALED];
            v.extend_from_slice(&CHUNK_SCHEMA.to_le_bytes());
            v.extend_from_slice(&self.key.seal(&aad(&k, CHUNK_SCHEMA), part));
            tree.insert(k, v)?;
            chunks += 1;
        }
        let pointer = Pointer {
            generation,
            chunks,
            len: bytes.len() as u64,
            covers,
        };
        self.tree(plain::META)?
            .insert(POINTER_KEY, super::codec::plain(POINTER_SCHEMA, &pointer))?;
        self.remove_other_generations(generation)
    }

    fn remove_other_generations(&self, keep: u64) -> StoreResult<()> {
        let tree = self.tree(SNAPSHOT_TREE)?;
        let prefix = keep.to_be_bytes();
        for k in super::kv::keys(tree.iter()) {
            let k = k?;
            if !k.starts_with(&prefix) {
                tree.remove(k)?;
            }
        }
        Ok(())
    }

    /// The current snapshot, if there is one and every chunk opens. A chunk that is
    /// missing or does not open is an error, for the caller to rebuild from records.
    /// The chunks are read and decrypted on two threads, each into its own part of
    /// the buffer (this is most of the time an unlock spends on the index).
    pub fn read(&self) -> StoreResult<Option<Snapshot>> {
        let Some(p) = self.pointer()? else {
            return Ok(None);
        };
        let tree = self.tree(SNAPSHOT_TREE)?;
        let expected = (p.chunks as u64).saturating_sub(1) * CHUNK as u64;
        if p.chunks == 0 || p.len <= expected || p.len > expected + CHUNK as u64 {
            return Err(damaged("is not the length recorded"));
        }
        let mut bytes = Zeroizing::new(vec![0u8; p.len as usize]);
        let half = p.chunks.div_ceil(2);
        let (first, second) = bytes.split_at_mut((half as usize * CHUNK).min(p.len as usize));
        let (a, b) = std::thread::scope(|s| {
            let other = s.spawn(|| self.read_chunks(&tree, p.generation, half, second));
            let mine = self.read_chunks(&tree, p.generation, 0, first);
            (
                mine,
                other
                    .join()
                    .unwrap_or_else(|_| Err(damaged("could not be read"))),
            )
        });
        a?;
        b?;
        Ok(Some(Snapshot {
            bytes,
            covers: p.covers,
        }))
    }

    /// Reads chunks `from`, `from + 1` ... of a generation into `out`, which they
    /// must fill exactly.
    fn read_chunks(
        &self,
        tree: &K::Tree,
        generation: u64,
        from: u32,
        out: &mut [u8],
    ) -> StoreResult<()> {
        for (i, part) in out.chunks_mut(CHUNK).enumerate() {
            let k = chunk_key(generation, from + i as u32);
            let v = tree.get(k)?.ok_or_else(|| damaged("is missing a part"))?;
            if v.len() < 3 || v[0] != super::codec::FORMAT_SEALED {
                return Err(damaged("has a part in an unknown format"));
            }
            let schema = u16::from_le_bytes([v[1], v[2]]);
            let plain = self
                .key
                .open(&aad(&k, schema), &v[3..])
                .map_err(|_| damaged("has a part that does not decrypt"))?;
            if plain.len() != part.len() {
                return Err(damaged("is not the length recorded"));
            }
            part.copy_from_slice(&plain);
        }
        Ok(())
    }

    /// Forgets the snapshot, so that the next unlock rebuilds the index from records:
    /// before a bulk write, whose records are not journaled.
    pub fn invalidate(&self) -> StoreResult<()> {
        self.tree(plain::META)?.remove(POINTER_KEY)?;
        self.tree(SNAPSHOT_TREE)?.clear()
    }

    /// Journal entries after number `after`, in order. An entry that does not decode
    /// is an error (the caller rebuilds).
    pub fn journal_after(&self, after: u64) -> StoreResult<Vec<(u64, Vec<Touched>)>> {
        let journal = self.tree(JOURNAL_TREE)?;
        let mut out = Vec::new();
        let start = after.saturating_add(1).to_be_bytes();
        for item in journal.range(start..) {
            let (k, v) = item?;
            let n = <[u8; 8]>::try_from(k.as_ref())
                .map(u64::from_be_bytes)
                .map_err(|_| StoreError::Damaged("a search journal key is malformed".into()))?;
            let touched = decode_entry(&v).ok_or_else(|| {
                StoreError::Damaged(format!("search journal entry {n} is malformed"))
            })?;
            out.push((n, touched));
        }
        Ok(out)
    }

    /// Removes the journal entries up to and including `upto`: call only once a
    /// snapshot covering them is on disk.
    pub fn prune(&self, upto: u64) -> StoreResult<usize> {
        let journal = self.tree(JOURNAL_TREE)?;
        let mut n = 0;
        for k in super::kv::keys(journal.range(..=upto.to_be_bytes())) {
            journal.remove(k?)?;
            n += 1;
        }
        Ok(n)
    }

    /// Makes every write so far durable.
    pub fn flush(&self) -> StoreResult<()> {
        self.db.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_entries_round_trip() {
        let t = vec![(Kind::Person, [1u8; 16]), (Kind::Timeline, [2u8; 16])];
        let (tree, key, value) = journal_op(7, &t);
        assert_eq!(tree, JOURNAL_TREE);
        assert_eq!(key, 7u64.to_be_bytes());
        assert_eq!(decode_entry(&value.unwrap()).unwrap(), t);
        assert!(decode_entry(&[9; 17]).is_none());
        assert!(decode_entry(&[0; 5]).is_none());
    }

    #[test]
    fn only_indexed_trees_are_touched() {
        let ops: Vec<Op> = vec![
            ("people", vec![3; 16], Some(vec![])),
            ("people", vec![3; 16], None),
            ("follow_ups", vec![4; 16], Some(vec![])),
            ("idx_case_summary", vec![5; 16], Some(vec![])),
            ("cases", vec![6; 16], None),
        ];
        assert_eq!(
            touched(&ops),
            [(Kind::Person, [3; 16]), (Kind::Case, [6; 16])]
        );
    }
}
