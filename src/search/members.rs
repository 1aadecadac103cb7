//! Which documents belong to each case: the reverse of the links in the table.
//!
//! A case is found when every typed word matches one of its documents. Mapping every
//! document a short word matches to its case costs a pass over hundreds of thousands
//! of documents for each word; with this list, a word is checked only against the
//! documents of the few cases the other words left (and the reporting of which
//! document matched is a look at a dozen documents). About 4 bytes a link.
//!
//! It is derived from the table, never stored: it is built after a build, a
//! compaction or a snapshot load (a pass over the links), and links saved since are
//! added to a small map. Entries can go stale when a document is saved again with
//! other links, so users check [`super::table::Table::links`] before trusting one.

use std::collections::HashMap;

use super::doc::DocKind;
use super::table::Table;

#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Members {
    /// The first case number of the ordered part; case `c` has `offsets[c - start]`.
    start: u32,
    offsets: Vec<u32>,
    docs: Vec<u32>,
    /// Links made since, by case.
    added: HashMap<u32, Vec<u32>>,
}

impl Members {
    /// The members of every case, from the table's links.
    pub fn from_table(table: &Table) -> Members {
        let range = table.kind_range(DocKind::Case);
        let (start, count) = (range.start, (range.end - range.start) as usize);
        let mut m = Members {
            start,
            offsets: vec![0; count + 1],
            ..Members::default()
        };
        let rank = |c: u32| {
            c.checked_sub(start)
                .map(|r| r as usize)
                .filter(|r| *r < count)
        };
        for d in 0..table.len() {
            for c in table.links(d) {
                match rank(c) {
                    Some(r) => m.offsets[r + 1] += 1,
                    None => m.added.entry(c).or_default().push(d),
                }
            }
        }
        for r in 0..count {
            m.offsets[r + 1] += m.offsets[r];
        }
        m.docs = vec![0; m.offsets[count] as usize];
        let mut next = m.offsets.clone();
        for d in 0..table.len() {
            for c in table.links(d) {
                if let Some(r) = rank(c) {
                    m.docs[next[r] as usize] = d;
                    next[r] += 1;
                }
            }
        }
        m
    }

    /// Records that `doc` now belongs to `cases` (and no longer to `old`).
    pub fn relink(&mut self, doc: u32, old: &[u32], cases: &[u32]) {
        for c in old {
            if let Some(v) = self.added.get_mut(c) {
                v.retain(|d| *d != doc);
            }
        }
        for &c in cases {
            if !self.frozen(c).contains(&doc) {
                self.added.entry(c).or_default().push(doc);
            }
        }
    }

    fn frozen(&self, case: u32) -> &[u32] {
        let Some(r) = case.checked_sub(self.start).map(|r| r as usize) else {
            return &[];
        };
        match (self.offsets.get(r), self.offsets.get(r + 1)) {
            (Some(&a), Some(&b)) => self.docs.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The documents that were linked to `case` (check each against the table).
    pub fn of(&self, case: u32) -> impl Iterator<Item = u32> + '_ {
        let added = self.added.get(&case).map(Vec::as_slice).unwrap_or(&[]);
        self.frozen(case).iter().chain(added).copied()
    }

    /// The average number of documents a case has, for choosing how to match.
    pub fn per_case(&self) -> usize {
        self.docs.len() / self.offsets.len().max(1) + 1
    }

    pub fn heap_bytes(&self) -> usize {
        let added: usize = self.added.values().map(|v| v.capacity() * 4 + 48).sum();
        self.offsets.capacity() * 4 + self.docs.capacity() * 4 + added
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::doc::DocRef;

    #[test]
    fn members_of_cases() {
        let mut t = Table::default();
        let c1 = t.slot(DocRef::new(DocKind::Case, [1; 16]));
        let c2 = t.slot(DocRef::new(DocKind::Case, [2; 16]));
        let e = t.slot(DocRef::new(DocKind::TimelineEntry, [3; 16]));
        let p = t.slot(DocRef::new(DocKind::Person, [4; 16]));
        t.set_links(e, &[c1]);
        t.set_links(p, &[c1, c2]);
        let mut m = Members::from_table(&t);
        assert_eq!(m.of(c1).collect::<Vec<_>>(), [e, p]);
        assert_eq!(m.of(c2).collect::<Vec<_>>(), [p]);
        m.relink(e, &[c1], &[c2]);
        assert_eq!(m.of(c2).collect::<Vec<_>>(), [p, e]);
        assert!(m.per_case() >= 1);
    }
}
