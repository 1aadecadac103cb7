//! `stats`: counts and sizes, with nothing personal in them.

use serde::{Deserialize, Serialize};

use super::{Caseline, Result};

/// One tree's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeStats {
    pub tree: String,
    pub records: usize,
    /// Bytes of keys and values (encrypted), before the database's own overhead.
    pub bytes: u64,
}

/// Figures for the whole store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub trees: Vec<TreeStats>,
    /// What the database reports it occupies.
    pub database_bytes: u64,
    /// Every file in the data directory, the replaced stores kept there included.
    pub directory_bytes: u64,
    /// Replaced stores kept by restores, until an administrator removes them.
    #[serde(default)]
    pub replaced: Vec<super::ReplacedStore>,
}

impl Caseline {
    /// Counts per record kind and sizes on disk.
    pub fn stats(&self) -> Result<Stats> {
        self.require(super::Operation::Reports)?;
        let trees = (self.vault().tree_sizes()?.into_iter())
            .map(|(tree, records, bytes)| TreeStats {
                tree: tree.to_string(),
                records,
                bytes,
            })
            .collect();
        Ok(Stats {
            trees,
            database_bytes: self.vault().size_on_disk()?,
            directory_bytes: crate::store::dir_size(self.dir()),
            replaced: super::replaced::replaced_in(self.dir()),
        })
    }
}
