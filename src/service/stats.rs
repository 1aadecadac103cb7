//! `stats`: counts and sizes, with nothing personal in them.

use serde::{Deserialize, Serialize};

use super::{Caseline, Result};
use crate::store::kind::{Kind, plain};

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
        let mut trees = Vec::new();
        let names = Kind::ALL.iter().map(|k| k.tree()).chain(plain::ALL);
        for name in names {
            let mut records = 0;
            let mut bytes = 0u64;
            for item in self.vault().raw(name)? {
                let (k, v) = item?;
                records += 1;
                bytes += (k.len() + v.len()) as u64;
            }
            trees.push(TreeStats {
                tree: name.to_string(),
                records,
                bytes,
            });
        }
        Ok(Stats {
            trees,
            database_bytes: self.vault().size_on_disk()?,
            directory_bytes: crate::store::dir_size(self.dir()),
            replaced: super::replaced::replaced_in(self.dir()),
        })
    }
}
