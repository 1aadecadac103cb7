//! The documents by number: what each is, when, and which cases it belongs to.
//!
//! Numbers are what posting lists hold. After a build or a compaction they follow the
//! order of `(kind, id)`, so a document's number is found by binary search and no
//! map from ids is kept (that map would cost more than the ids themselves); documents
//! added since are numbered on from the end and found through a small hash map.

use std::collections::HashMap;

use super::bits::Bits;
use super::doc::{DocKind, DocRef};

/// No case: the value in `owner` of a document that belongs to none.
pub(crate) const NONE: u32 = u32::MAX;

#[derive(Default, Clone, PartialEq)]
pub(crate) struct Table {
    pub kinds: Vec<u8>,
    pub ids: Vec<[u8; 16]>,
    /// The first case each document belongs to, or [`NONE`].
    pub owner: Vec<u32>,
    /// Further cases, for the few documents in more than one.
    pub more: HashMap<u32, Vec<u32>>,
    /// The documents that have an entry in `more`, so that the map is asked only
    /// for them (a hash per document would dominate mapping hits to cases).
    pub has_more: Bits,
    /// Day numbers (see [`super::doc::day_number`]).
    pub date: Vec<u16>,
    pub recency: Vec<u16>,
    /// Documents saved and not removed (a case only linked to is not live).
    pub live: Bits,
    /// Numbers below this are in `(kind, id)` order.
    pub sorted: u32,
    /// Numbers of documents added since, by reference.
    pub added: HashMap<DocRef, u32>,
}

impl Table {
    pub fn len(&self) -> u32 {
        self.ids.len() as u32
    }

    pub fn doc_ref(&self, doc: u32) -> Option<DocRef> {
        let kind = DocKind::from_code(*self.kinds.get(doc as usize)?)?;
        Some(DocRef::new(kind, *self.ids.get(doc as usize)?))
    }

    pub fn kind(&self, doc: u32) -> Option<DocKind> {
        DocKind::from_code(*self.kinds.get(doc as usize)?)
    }

    /// The number of a document, if it has one.
    pub fn find(&self, r: &DocRef) -> Option<u32> {
        let sorted = self.sorted as usize;
        let key = (r.kind.code(), r.id);
        let (mut lo, mut hi) = (0usize, sorted.min(self.ids.len()));
        while lo < hi {
            let mid = (lo + hi) / 2;
            match (self.kinds[mid], self.ids[mid]).cmp(&key) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        self.added.get(r).copied()
    }

    /// The number of a document, numbering it now if it has none.
    pub fn slot(&mut self, r: DocRef) -> u32 {
        if let Some(d) = self.find(&r) {
            return d;
        }
        let d = self.len();
        self.kinds.push(r.kind.code());
        self.ids.push(r.id);
        self.owner.push(NONE);
        self.date.push(0);
        self.recency.push(0);
        self.live.grow(d as usize + 1);
        self.has_more.grow(d as usize + 1);
        self.added.insert(r, d);
        d
    }

    /// Records the cases `doc` belongs to.
    pub fn set_links(&mut self, doc: u32, cases: &[u32]) {
        self.more.remove(&doc);
        self.has_more.unset(doc);
        let i = doc as usize;
        if i < self.owner.len() {
            self.owner[i] = cases.first().copied().unwrap_or(NONE);
        }
        if cases.len() > 1 {
            self.more.insert(doc, cases[1..].to_vec());
            self.has_more.grow(i + 1);
            self.has_more.set(doc);
        }
    }

    /// The cases `doc` belongs to.
    #[inline]
    pub fn links(&self, doc: u32) -> impl Iterator<Item = u32> + '_ {
        let first = self.owner.get(doc as usize).copied().filter(|o| *o != NONE);
        let more = if self.has_more.get(doc) {
            self.more.get(&doc).map(Vec::as_slice).unwrap_or(&[])
        } else {
            &[]
        };
        first.into_iter().chain(more.iter().copied())
    }

    /// The documents of one kind in the ordered part, as a range of numbers
    /// (documents added since are after `sorted`, in any order).
    pub fn kind_range(&self, kind: DocKind) -> std::ops::Range<u32> {
        let sorted = &self.kinds[..(self.sorted as usize).min(self.kinds.len())];
        let code = kind.code();
        let start = sorted.partition_point(|k| *k < code);
        let end = sorted.partition_point(|k| *k <= code);
        start as u32..end as u32
    }

    pub fn recency(&self, doc: u32) -> u16 {
        self.recency.get(doc as usize).copied().unwrap_or(0)
    }

    pub fn date(&self, doc: u32) -> u16 {
        self.date.get(doc as usize).copied().unwrap_or(0)
    }

    pub fn heap_bytes(&self) -> usize {
        let more: usize = self.more.values().map(|v| v.capacity() * 4 + 40).sum();
        self.kinds.capacity()
            + self.ids.capacity() * 16
            + self.owner.capacity() * 4
            + self.date.capacity() * 2
            + self.recency.capacity() * 2
            + self.live.capacity() / 4
            + self.added.capacity() * 28
            + more
    }

    /// Checks that the parts agree in length and every link is a document, so that
    /// no lookup can go out of bounds on a damaged snapshot.
    pub fn validate(&self) -> Result<(), &'static str> {
        let n = self.ids.len();
        if self.kinds.len() != n
            || self.owner.len() != n
            || self.date.len() != n
            || self.recency.len() != n
            || self.live.capacity() < n
            || self.sorted as usize > n
        {
            return Err("document table lengths");
        }
        if self.kinds.iter().any(|k| DocKind::from_code(*k).is_none()) {
            return Err("document kind");
        }
        let sorted = self.sorted as usize;
        if (1..sorted).any(|i| (self.kinds[i - 1], self.ids[i - 1]) >= (self.kinds[i], self.ids[i]))
        {
            return Err("document order");
        }
        let bad = |c: &u32| *c as usize >= n;
        if self.owner.iter().any(|o| *o != NONE && bad(o))
            || self.more.iter().any(|(d, v)| bad(d) || v.iter().any(bad))
        {
            return Err("document links");
        }
        for (r, d) in &self.added {
            if (*d as usize) < sorted || self.doc_ref(*d) != Some(*r) {
                return Err("added documents");
            }
        }
        if self.added.len() != n - sorted {
            return Err("added documents");
        }
        if self.more.keys().any(|d| !self.has_more.get(*d))
            || self.has_more.count() != self.more.len()
        {
            return Err("document links");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_and_links() {
        let mut t = Table::default();
        let a = t.slot(DocRef::new(DocKind::Person, [1; 16]));
        let c = t.slot(DocRef::new(DocKind::Case, [2; 16]));
        let c2 = t.slot(DocRef::new(DocKind::Case, [3; 16]));
        assert_eq!(t.slot(DocRef::new(DocKind::Person, [1; 16])), a);
        t.set_links(a, &[c, c2]);
        assert_eq!(t.links(a).collect::<Vec<_>>(), [c, c2]);
        t.set_links(a, &[]);
        assert_eq!(t.links(a).count(), 0);
        assert_eq!(t.kind_range(DocKind::Case), 0..0);
        assert_eq!(t.doc_ref(c).map(|r| r.kind), Some(DocKind::Case));
        assert!(t.validate().is_ok());
        assert_eq!(t.doc_ref(99), None);
    }
}
