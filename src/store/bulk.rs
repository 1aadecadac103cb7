//! Bulk writes that land whole or not at all, without holding them all in memory.
//!
//! One sled transaction over a hundred thousand cases needs gigabytes. A bulk write
//! instead goes in batches, each preceded by a journal of the keys it adds, and a marker
//! says a bulk write is under way. Finishing removes the marker in the same transaction
//! as the last changes. If the process stops first, the next open finds the marker and
//! deletes every journaled key, so the store is as it was before. Bulk writes only add
//! records whose keys were not in the store, so deleting them restores it exactly.

use super::error::{StoreError, StoreResult};
use super::kind::plain;
use super::kv::Batch;
use super::kv::{KvStore, KvTree};
use super::vault::{Changes, Vault};

const MARKER: &[u8] = b"bulk_write_in_progress";

/// A bulk write under way.
pub struct Bulk<'a, K: KvStore = super::AnyDb> {
    vault: &'a Vault<K>,
    finished: bool,
}

impl<K: KvStore> Vault<K> {
    /// Starts a bulk write: the marker is on disk before anything else is written.
    pub fn begin_bulk(&self) -> StoreResult<Bulk<'_, K>> {
        // A journal left by an earlier bulk write that finished but could not be
        // cleared lists keys that are now the store's own: never roll those back.
        self.tree(plain::BULK_JOURNAL)?.clear()?;
        // Bulk writes are not journaled for search: the snapshot goes, and the index
        // is rebuilt from the records.
        self.snapshots().invalidate()?;
        // Nor are report facts: the index is rebuilt from the records afterwards.
        self.report_facts_stale()?;
        self.tree(plain::META)?.insert(MARKER, [1])?;
        self.flush()?;
        Ok(Bulk {
            vault: self,
            finished: false,
        })
    }
}

impl<K: KvStore> Bulk<'_, K> {
    /// Writes a batch of new records (puts only): first their keys to the journal, then
    /// the records. Not yet durable; [`Bulk::finish`] flushes.
    pub fn write(&mut self, changes: Changes<'_>) -> StoreResult<()> {
        let mut journal = Batch::default();
        let mut batches: std::collections::BTreeMap<&'static str, Batch> = Default::default();
        for (tree, key, value) in changes.into_ops() {
            let Some(value) = value else {
                return Err(StoreError::Damaged(
                    "a bulk write may only add records".into(),
                ));
            };
            journal.insert(journal_key(tree, &key), []);
            batches.entry(tree).or_default().insert(key, value);
        }
        self.vault.tree(plain::BULK_JOURNAL)?.apply_batch(journal)?;
        // The journal must reach the disk before the records it lists.
        self.vault.flush()?;
        self.vault.note_written(batches.keys());
        for (tree, batch) in batches {
            self.vault.tree(tree)?.apply_batch(batch)?;
        }
        Ok(())
    }

    /// Commits the last changes together with the end of the bulk write, durably.
    pub fn finish(mut self, mut last: Changes<'_>) -> StoreResult<()> {
        self.vault.flush()?;
        last.remove_plain(plain::META, MARKER.to_vec());
        self.vault.commit(last)?;
        self.finished = true;
        // The write has landed. Clearing the journal is housekeeping: if it fails, the
        // next bulk write clears it before starting.
        if let Ok(journal) = self.vault.tree(plain::BULK_JOURNAL) {
            let _ = journal.clear();
            let _ = self.vault.flush();
        }
        Ok(())
    }
}

impl<K: KvStore> Drop for Bulk<'_, K> {
    /// A bulk write dropped unfinished (an error part way) is undone at once.
    fn drop(&mut self) {
        if !self.finished {
            let _ = roll_back(self.vault);
            self.vault.note_written(&[""]);
        }
    }
}

fn journal_key(tree: &str, key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(tree.len() + 1 + key.len());
    k.extend_from_slice(tree.as_bytes());
    k.push(0);
    k.extend_from_slice(key);
    k
}

/// Undoes an unfinished bulk write, if the marker says there is one. Needs no key:
/// it only deletes the keys the journal lists.
pub(super) fn roll_back_db(db: &impl KvStore) -> StoreResult<bool> {
    let meta = db.tree(plain::META)?;
    if meta.get(MARKER)?.is_none() {
        return Ok(false);
    }
    let journal = db.tree(plain::BULK_JOURNAL)?;
    let mut batches: std::collections::BTreeMap<Vec<u8>, Batch> = Default::default();
    for item in super::kv::keys(journal.iter()) {
        let k = item?;
        let Some(split) = k.iter().position(|b| *b == 0) else {
            continue;
        };
        batches
            .entry(k[..split].to_vec())
            .or_default()
            .remove(&k[split + 1..]);
    }
    for (tree, batch) in batches {
        let name = std::str::from_utf8(&tree)
            .map_err(|_| StoreError::Damaged("the bulk write journal names no tree".into()))?;
        db.tree(name)?.apply_batch(batch)?;
    }
    db.flush()?;
    journal.clear()?;
    meta.remove(MARKER)?;
    db.flush()?;
    Ok(true)
}

fn roll_back<K: KvStore>(vault: &Vault<K>) -> StoreResult<bool> {
    vault.roll_back_bulk()
}
