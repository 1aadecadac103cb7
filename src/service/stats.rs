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
    /// Every file in the data directory.
    pub directory_bytes: u64,
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
            directory_bytes: dir_size(self.dir()),
        })
    }
}

/// Total size of the files under `dir`.
pub fn dir_size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}
